# SPDX-License-Identifier: MIT
"""Peer implementation of the monthly unit ranking job in pandas + NumPy.

Usage: python3 pandas_rank.py --stations STATIONS.csv INPUT.csv OUTPUT.csv
       [--chunk-rows N]
Output: unit,period,composite_index,rank (CSV with header, sorted by period,
unit; rank empty for a unit that is not ranked)

The job is defined in README.md ("The job"); ranking.sql (DuckDB) and
reference_rank.py compute the same thing. Written the way a careful pandas
user would for tens of millions of rows: typed columns, categorical
station and time (each distinct time parsed once, with an explicit format,
chunk by chunk), station-days
numbered by a counting pass instead of a sort, the 8-hour O3 windows computed
with cumulative sums on a station-day x 24 matrix, and percentiles taken from
order statistics of one sorted array.

Every rounded value is computed in integers: hourly values are read as
float64 but hold integers (CO converted to tenths of mg/m3 with *10 and
rint), so their sums are exact (far below 2^53); a mean num/den is then rounded half to even with integer
division (GB/T 8170 on the exact value, N1.4.3). float round() would misjudge
the exact ties that 24-hour and 8-hour means of integers often produce.
"""
import argparse
import sys

import numpy as np
import pandas as pd

POLLUTANTS = ["so2", "no2", "pm10", "pm25", "co", "o3"]
DAILY_MEAN = ["so2", "no2", "pm10", "pm25", "co"]
# N6.2.1 limits in the units the arrays hold (CO in tenths of mg/m3)
LIMIT = {"so2": 60, "no2": 40, "pm10": 70, "pm25": 35, "co": 40, "o3": 160}
PERCENTILE = {"co": 95, "o3": 90}     # N5.5; the others use the mean
MIN_HOURS_PER_DAY = 20                # N2.3, N5.1.5
MIN_HOURS_PER_WINDOW = 6              # N5.1.2
MIN_WINDOWS_PER_DAY = 14              # N5.1.4
O3_8H_LIMIT = 160                     # N5.1.4, compared with the rounded max
N_WINDOWS = 17                        # labels 8..24 (N5.1.3)


def round_half_even(num, den):
    """GB/T 8170 of num/den for non-negative int64 arrays, den > 0."""
    q, r = np.divmod(num, den)
    up = (2 * r > den) | ((2 * r == den) & (q % 2 == 1))
    return q + up


def read_hourly(path, chunk_rows, unit_of):
    dtypes = {p: "float64" for p in POLLUTANTS}
    # time as a category: a chunk holds a few thousand distinct hours, so
    # only those are parsed (the rows share them through the codes)
    dtypes.update(station="category", time="category")
    parts = []
    for chunk in pd.read_csv(path, dtype=dtypes, chunksize=chunk_rows, engine="c"):
        codes = chunk["time"].cat.codes.to_numpy()
        if (codes < 0).any():
            sys.exit(f"{path}: a row without a time")
        t = pd.to_datetime(chunk["time"].cat.categories, format="%Y-%m-%dT%H:%M")
        chunk = chunk.drop(columns="time")
        chunk["co"] = np.rint(chunk["co"] * 10)      # tenths of mg/m3, integers
        # T starts the hour (T, T+1h]: label hour(T)+1 of T's day (N1.3.3),
        # so the day is T's date and slot hour(T) holds label hour(T)+1.
        chunk["day"] = t.normalize().to_numpy()[codes]
        chunk["slot"] = t.hour.to_numpy().astype(np.int8)[codes]
        parts.append(chunk)
    cats = pd.api.types.union_categoricals([p["station"] for p in parts]).categories
    for p in parts:
        p["station"] = p["station"].cat.set_categories(cats)
    df = pd.concat(parts, ignore_index=True)
    del parts
    # stations outside the jurisdiction are not assessment stations
    known = df["station"].isin(unit_of.index)
    if not known.all():
        print(f"{path}: {int((~known).sum())} rows of unknown stations ignored", file=sys.stderr)
        df = df[known]
    return df


def station_days(df, unit_of):
    """L1 (N1.5): per station-day rounded daily means and MDA8, -1 = invalid."""
    station = df["station"].cat.codes.to_numpy().astype(np.int64)
    day = df["day"].to_numpy().astype("datetime64[D]").astype(np.int64)
    first_day = day.min()
    n_days = day.max() - first_day + 1
    n_stations = len(df["station"].cat.categories)
    key = station * n_days + (day - first_day)
    seen = np.zeros(n_stations * n_days, dtype=bool)
    seen[key] = True
    keys = np.flatnonzero(seen)
    sd = (np.cumsum(seen) - 1)[key]   # dense station-day number, no sort

    out = {}
    grouped = df[DAILY_MEAN].groupby(sd)
    counts = grouped.count().to_numpy()
    sums = grouped.sum().to_numpy().astype(np.int64)  # exact: sums of integers
    for i, p in enumerate(DAILY_MEAN):
        valid = counts[:, i] >= MIN_HOURS_PER_DAY
        out[p] = np.where(valid, round_half_even(sums[:, i], np.maximum(counts[:, i], 1)), -1)

    # O3: one row per station-day, one column per slot (label - 1)
    o3 = df["o3"].to_numpy()
    present = ~np.isnan(o3)
    # int32 is ample (24 x a few hundred) and halves the matrices' memory
    val = np.zeros((len(keys), 24), dtype=np.int32)
    has = np.zeros((len(keys), 24), dtype=np.int32)
    slot = df["slot"].to_numpy()
    val[sd[present], slot[present]] = o3[present].astype(np.int32)
    has[sd[present], slot[present]] = 1
    zero = np.zeros((len(keys), 1), dtype=np.int32)
    csum = np.concatenate([zero, np.cumsum(val, axis=1, dtype=np.int32)], axis=1)
    ccnt = np.concatenate([zero, np.cumsum(has, axis=1, dtype=np.int32)], axis=1)
    del val, has
    start = np.arange(N_WINDOWS)      # slots s..s+7 = labels s+1..s+8
    win_sum = (csum[:, start + 8] - csum[:, start]).astype(np.int64)
    win_cnt = (ccnt[:, start + 8] - ccnt[:, start]).astype(np.int64)
    del csum, ccnt
    win_ok = win_cnt >= MIN_HOURS_PER_WINDOW
    win = np.where(win_ok, round_half_even(win_sum, np.maximum(win_cnt, 1)), -1)
    mda8 = win.max(axis=1)
    n_ok = win_ok.sum(axis=1)
    ok = (n_ok >= MIN_WINDOWS_PER_DAY) | ((n_ok > 0) & (mda8 > O3_8H_LIMIT))
    out["o3"] = np.where(ok, mda8, -1)

    station_unit = unit_of.reindex(df["station"].cat.categories).to_numpy()
    daily = pd.DataFrame(out)
    daily["unit"] = station_unit[keys // n_days]
    daily["day"] = (keys % n_days + first_day).astype("datetime64[D]")
    return daily


def unit_days(daily):
    """L2: unit-day value = rounded mean of the valid station values (N5.3.2)."""
    valid = daily[POLLUTANTS] >= 0
    parts = pd.concat([daily[POLLUTANTS].where(valid, 0), valid.astype(np.int64).add_suffix("_n"),
                       daily[["unit", "day"]]], axis=1)
    g = parts.groupby(["unit", "day"], sort=False).sum()
    ud = pd.DataFrame(index=g.index)
    for p in POLLUTANTS:
        n = g[p + "_n"].to_numpy()
        ud[p] = np.where(n > 0, round_half_even(g[p].to_numpy(), np.maximum(n, 1)), -1)
    ud = ud.reset_index()
    ud["period"] = ud["day"].dt.strftime("%Y-%m")
    ud["february"] = ud["day"].dt.month == 2
    return ud


def percentile_by_group(group_codes, n_groups, values, p):
    """N5.4 for every group: k = 1 + (n-1)p/100 in exact integers, then the
    rounded interpolation (X(s)*100 + (X(s+1)-X(s))*f)/100, -1 if n = 0."""
    ok = values >= 0
    g, v = group_codes[ok], values[ok]
    order = np.lexsort((v, g))
    g, v = g[order], v[order]
    n = np.bincount(g, minlength=n_groups)
    first = np.concatenate([[0], np.cumsum(n)[:-1]])
    res = np.full(n_groups, -1, dtype=np.int64)
    has = n > 0
    num = (n[has] - 1) * p
    s = num // 100 + 1                 # 1-based order statistic
    f = num % 100
    lo = v[first[has] + s - 1]
    hi = v[first[has] + np.minimum(s, n[has]) - 1 + (s < n[has])]
    res[has] = round_half_even(lo * 100 + (hi - lo) * f, 100)
    return res, n


def rank_units(ud):
    um = ud.groupby(["unit", "period"], sort=True)
    groups = um.ngroup().to_numpy()
    index = um.size().index
    n_groups = len(index)
    february = um["february"].first().to_numpy()
    minimum = np.where(february, 25, 27)          # N5.2
    total = np.zeros(n_groups, dtype=np.int64)
    sufficient = np.ones(n_groups, dtype=bool)
    complete = np.ones(n_groups, dtype=bool)
    for p in POLLUTANTS:
        v = ud[p].to_numpy()
        if p in PERCENTILE:
            stat, n = percentile_by_group(groups, n_groups, v, PERCENTILE[p])
        else:
            ok = v >= 0
            n = np.bincount(groups[ok], minlength=n_groups)
            s = np.bincount(groups[ok], weights=v[ok], minlength=n_groups)
            s = np.rint(s).astype(np.int64)        # exact: integer sums
            stat = np.where(n > 0, round_half_even(s, np.maximum(n, 1)), -1)
        complete &= n > 0
        sufficient &= n >= minimum
        # L4 single index in hundredths: C*100/S, rounded half to even (N6.2.3)
        total += round_half_even(np.maximum(stat, 0) * 100, LIMIT[p])
    res = index.to_frame(index=False)
    res["composite"] = np.where(complete, total, -1)
    ranked = complete & sufficient
    # competition ranking (1, 2, 2, 4) per period, N6.3.2; NaN = unranked
    res["rank"] = (res["composite"].where(ranked).groupby(res["period"])
                   .rank(method="min").astype("Int64"))
    text = (res["composite"] // 100).astype(str) + "." + (res["composite"] % 100).astype(str).str.zfill(2)
    res["composite_index"] = text.where(complete, "")
    res = res.sort_values(["period", "unit"])
    return res[["unit", "period", "composite_index", "rank"]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stations", required=True)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--chunk-rows", type=int, default=5_000_000)
    args = ap.parse_args()
    unit_of = pd.read_csv(args.stations, dtype=str).set_index("station")["unit"]
    df = read_hourly(args.input, args.chunk_rows, unit_of)
    daily = station_days(df, unit_of)
    del df
    rank_units(unit_days(daily)).to_csv(args.output, index=False)


if __name__ == "__main__":
    main()
