# SPDX-License-Identifier: MIT
"""Check that ranking outputs agree exactly on every unit-month.

Usage: python3 compare_results.py A.csv B.csv [C.csv ...]

Each file is CSV `unit,period,composite_index,rank`, as written by the
peers (duckdb_rank.mjs, pandas_rank.py), optionally with a fifth column
`sufficient` (reference_rank.py and `aqrank rank --all --format csv`
write it). Every file is compared with the first: the same (unit, period)
pairs, and the same composite index and rank as text (both are exact: the
index has 2 decimals, N6.2.4; an empty field means no index or not
ranked), and the same `sufficient` where both files have it. The first
file must also be sorted by period, then unit. Exit status 0 when all
agree, 1 otherwise.
"""
import csv
import sys

HEADER = ["unit", "period", "composite_index", "rank"]


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] not in (HEADER, HEADER + ["sufficient"]):
        sys.exit(f"{path}: header is {rows[0] if rows else None}, expected {','.join(HEADER)}[,sufficient]")
    width = len(rows[0])
    table, order = {}, []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            sys.exit(f"{path}:{line}: expected {width} fields, got {len(row)}")
        key = (row[0], row[1])
        if key in table:
            sys.exit(f"{path}:{line}: duplicate unit-month {key}")
        table[key] = (row[2], row[3]) + ((row[4],) if width == 5 else ())
        order.append((row[1], row[0]))
    return table, order


def compare(a_path, a, b_path, b):
    problems = []
    for key in sorted(a.keys() - b.keys()):
        problems.append(f"only in {a_path}: {key}")
    for key in sorted(b.keys() - a.keys()):
        problems.append(f"only in {b_path}: {key}")
    for key in sorted(a.keys() & b.keys()):
        n = min(len(a[key]), len(b[key]))  # sufficient only where both have it
        if a[key][:n] != b[key][:n]:
            problems.append(f"{key}: {a_path} has {a[key]}, {b_path} has {b[key]}")
    return problems


def main():
    paths = sys.argv[1:]
    if len(paths) < 2:
        sys.exit("usage: compare_results.py A.csv B.csv [C.csv ...]")
    first, order = load(paths[0])
    failed = False
    if order != sorted(order):
        print(f"{paths[0]}: rows are not sorted by period, unit")
        failed = True
    ranked = sum(1 for v in first.values() if v[1])
    no_index = sum(1 for v in first.values() if not v[0])
    for path in paths[1:]:
        other, _ = load(path)
        problems = compare(paths[0], first, path, other)
        for p in problems[:20]:
            print(p)
        if problems:
            failed = True
            print(f"DIFFER: {paths[0]} vs {path}: {len(problems)} problems")
        else:
            print(f"AGREE: {paths[0]} and {path}: {len(first)} unit-months "
                  f"({ranked} ranked, {len(first) - ranked - no_index} with an index but "
                  f"unranked, {no_index} without an index)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
