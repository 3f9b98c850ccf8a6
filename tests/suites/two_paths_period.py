#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The store's ranking document of one period (`aqrank rank --db DB --period
P --format json`, on standard input) as the streaming ranking writes the
same period (`rank --stations ... --period P --format csv`, which writes as
`rank --all` does), in the columns of its header line (argument 2: unit,
period, composite_index, rank, sufficient): every unit of the document,
sorted by name (bytes), the composite index with 2 decimals (empty when it
is not computed), the rank as the document gives it. Used by
tests/suites/two_paths.sh."""
import decimal
import json
import sys


def main():
    period, header = sys.argv[1], sys.argv[2].split(",")
    doc = json.load(sys.stdin, parse_float=decimal.Decimal)
    rows = []
    for u in doc["units"]:
        ci = u["composite_index"]
        ci = "" if ci is None else str(decimal.Decimal(ci).quantize(decimal.Decimal("0.01")))
        field = {"unit": u["unit"], "period": period, "composite_index": ci,
                 "rank": "" if u["rank"] is None else str(u["rank"]),
                 "sufficient": "true" if u["sufficient"] else "false"}
        rows.append((u["unit"].encode(), ",".join(field[c] for c in header)))
    print(",".join(header))
    for _, line in sorted(rows):
        print(line)


main()
