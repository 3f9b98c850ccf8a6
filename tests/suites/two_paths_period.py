#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The store's ranking document of one period (`aqrank rank --db DB --period
P --format json`, on standard input) as the streaming ranking prints the
same period (`rank --stations ... --period P`): the header
unit,period,composite_index,rank, then every unit with data in the period
(a valid day of a pollutant, as `rank --all` lists unit-months), sorted by
unit name (bytes), the composite index with 2 decimals (empty when it is
not computed) and the rank when the unit is ranked on its value (not when
it is left out or placed last). Used by tests/suites/two_paths.sh."""
import decimal
import json
import sys


def main():
    period = sys.argv[1]
    doc = json.load(sys.stdin, parse_float=decimal.Decimal)
    placed = {u["unit"] for u in doc.get("unranked", []) if u.get("placed_last")}
    rows = []
    for u in doc["units"]:
        if not any(v for v in u["valid_days"].values()):
            continue
        ci = u["composite_index"]
        ci = "" if ci is None else str(decimal.Decimal(ci).quantize(decimal.Decimal("0.01")))
        rank = u["rank"]
        rank = "" if rank is None or u["unit"] in placed else str(rank)
        rows.append((u["unit"].encode(), f'{u["unit"]},{period},{ci},{rank}'))
    print("unit,period,composite_index,rank")
    for _, line in sorted(rows):
        print(line)


main()
