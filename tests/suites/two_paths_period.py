#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The store's ranking document of one period (`aqrank rank --db DB --period
P --format json`, on standard input) as the streaming ranking writes the
same period (`rank --stations ... --period P --format csv`), in the columns
of its header line (argument 2): unit,period,composite_index,rank and, when
the header has it, sufficient. Units sorted by name (bytes); the composite
index with 2 decimals (empty when not computed); the rank as the document
gives it. Which units: with the `sufficient` column (rank --all listing
every unit of the evaluation) every unit of the document; with the four
columns of before, the units with data in the period (a valid day of a
pollutant or a day with an AQI, as that rank --all listed unit-months),
the rank only for a unit ranked on its value. Used by tests/suites/two_paths.sh."""
import decimal
import json
import sys


def main():
    period, header = sys.argv[1], sys.argv[2].split(",")
    every_unit = "sufficient" in header
    doc = json.load(sys.stdin, parse_float=decimal.Decimal)
    placed = {u["unit"] for u in doc.get("unranked", []) if u.get("placed_last")}
    rows = []
    for u in doc["units"]:
        if not every_unit and not any(u["valid_days"].values()) and \
                not u.get("valid_aqi_days"):
            continue
        ci = u["composite_index"]
        ci = "" if ci is None else str(decimal.Decimal(ci).quantize(decimal.Decimal("0.01")))
        rank = u["rank"]
        if rank is None or (not every_unit and u["unit"] in placed):
            rank = ""
        field = {"unit": u["unit"], "period": period, "composite_index": ci,
                 "rank": str(rank), "sufficient": "true" if u["sufficient"] else "false"}
        rows.append((u["unit"].encode(), ",".join(field[c] for c in header)))
    print(",".join(header))
    for _, line in sorted(rows):
        print(line)


main()
