# SPDX-License-Identifier: MIT
"""Write bench/RESULTS.md from what one run of bench/run.sh measured.

Usage: python3 report.py --out RESULTS.md SIZE...    (run from bench/)

Reads, for each size, data/size_SIZE.txt (rows, bytes, generator), the
hyperfine exports data/*_SIZE.json, the timed.sh logs data/runs_*_SIZE.txt
(peak RSS per run), data/compare_SIZE.txt, plus data/machine.txt and
data/verify.txt. Only numbers of this run are reported; ratios are between
commands of the same run on the same file. Standard library only.
"""
import argparse
import glob
import json
import os
import re

# issue 6's targets for aqrank's streaming rank on 10M rows
TARGET_VS_DUCKDB = 10.0
TARGET_PER_BYTE = 1.25  # issue 19: every layout within this of the canonical one
TARGET_VS_PANDAS = 20.0
TARGET_VS_WC = 3.0
TARGET_RSS_SHARE = 0.1
# issue 19 item 3's targets for `aqrank ingest`, on every size
TARGET_INGEST_ROWS_S = 1.4e6
TARGET_INGEST_RSS_KB = 256 * 1024

BESIDE = "wc -l (beside aqrank rank)"
ORDER = ["cat", "wc -l", "parse_floor", BESIDE, "aqrank rank", "aqrank ingest",
         "aqrank rank (store)", "duckdb", "pandas"]
LABEL = {
    "cat": "`cat` to /dev/null (page cache)",
    "wc -l": "`wc -l`",
    BESIDE: "`wc -l`, again, timed just before aqrank rank",
    "parse_floor": "`parse_floor` (split + parse numbers, C, 1 thread; informative)",
    "aqrank rank": "**aqrank rank** (streaming, from the file)",
    "aqrank ingest": "**aqrank ingest** (into a fresh store)",
    "aqrank rank (store)": "**aqrank rank** (from the store)",
    "duckdb": "**DuckDB** (`duckdb_rank.mjs`, all cores)",
    "pandas": "**pandas** (`pandas_rank.py`, 1 core)",
}
LOG_SLUG = {"aqrank rank": "aqrank-rank", "aqrank ingest": "aqrank-ingest",
            "aqrank rank (store)": "aqrank-store", "duckdb": "duckdb", "pandas": "pandas"}


def read_kv(path):
    out = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                k, sep, v = line.rstrip("\n").partition("=" if "=" in line.split(":")[0] else ":")
                if sep:
                    out[k.strip()] = v.strip()
    return out


def read_runs(path):
    runs = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                runs.append({k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", line)})
    return runs


def human_bytes(kb):
    if kb >= 1024 * 1024:
        return f"{kb / 1024 / 1024:.2f} GiB"
    return f"{kb / 1024:.0f} MiB"


def human_rate(x):
    if x >= 1e6:
        return f"{x / 1e6:.2f} M"
    return f"{x / 1e3:.0f} k"


def seconds(x):
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def add_checks(lines, title, checks):
    """A list of targets, each met or not."""
    lines += [title, ""]
    for what, ok, got in checks:
        lines.append(f"- {what}: {got}: **{'met' if ok else 'NOT met'}**")
    lines.append("")


def add_file(lines, path, title):
    """A text file of the run as a block, under a title, when it exists."""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            lines += [title, "", "```"] + [x.rstrip("\n") for x in f] + ["```", ""]


def measure(size):
    results = {}
    for path in sorted(glob.glob(f"data/*_{size}.json")):
        with open(path, encoding="utf-8") as f:
            for r in json.load(f)["results"]:
                name = r["command"]
                runs = read_runs(f"data/runs_{LOG_SLUG[name]}_{size}.txt") if name in LOG_SLUG else []
                results[name] = {
                    "mean": r["mean"], "stddev": r.get("stddev") or 0.0,
                    "cpu": r["user"] + r["system"], "n": len(r["times"]),
                    "rss_kb": max((x["peak_rss_kb"] for x in runs), default=None),
                    "other_cpu": max((x["other_cpu_s"] for x in runs), default=None),
                    "runs": runs,
                }
    return results


def ingest_section(size, res, rows, lines):
    """Issue 19 item 3: the ingest's rate and peak memory on this file, and
    the digest of what it stored (run.sh writes data/ingest-md5_SIZE.txt),
    to compare with other builds and runs."""
    ing = res.get("aqrank ingest")
    if not ing:
        return
    rate = rows / ing["mean"]
    checks = [(f"≥ {TARGET_INGEST_ROWS_S / 1e6:.1f} M station-hours/s", rate >= TARGET_INGEST_ROWS_S,
               f"{rate / 1e6:.2f} M/s")]
    if ing["rss_kb"]:
        checks.append((f"peak RSS under {human_bytes(TARGET_INGEST_RSS_KB)}",
                       ing["rss_kb"] < TARGET_INGEST_RSS_KB, human_bytes(ing["rss_kb"])))
    lines += ["Issue 19's targets for `aqrank ingest` (with `aqrank init`, into a fresh "
              "store) on this file:", ""]
    for what, ok, got in checks:
        lines.append(f"- {what}: {got}: **{'met' if ok else 'NOT met'}**")
    digest = read_kv(f"data/ingest-md5_{size}.txt").get("station_day")
    if digest:
        lines.append(f"- the stored `station_day`, sorted (`day, station_id, hex(hours), "
                     f"ingest_id`): md5 `{digest}`")
    lines.append("")


def size_section(size, lines):
    info = read_kv(f"data/size_{size}.txt")
    rows, nbytes = int(info["rows"]), int(info["bytes"])
    res = measure(size)
    aq = res.get("aqrank rank")
    lines += [f"## {size}: {rows:,} rows, {nbytes / 1e6:,.0f} MB", ""]
    lines += [f"`{info.get('generator', '?')}`: {info.get('stations', '?')} stations in "
              f"{info.get('units', '?')} units.", ""]
    lines += ["| Command | Wall (mean ± sd) | Rows/s | MB/s | Peak RSS | CPU | Other CPU | "
              "vs aqrank rank |", "|---|---|---|---|---|---|---|---|"]
    for name in ORDER + sorted(set(res) - set(ORDER)):
        if name not in res:
            continue
        r = res[name]
        ratio = "—"
        if aq and name != "aqrank rank":
            if name in ("cat", "wc -l", "parse_floor", BESIDE):
                ratio = f"aqrank's time = {aq['mean'] / r['mean']:.2f}× this"
            else:
                ratio = f"time {r['mean'] / aq['mean']:.1f}× aqrank's"
                if r["rss_kb"] and aq["rss_kb"]:
                    ratio += f", memory {r['rss_kb'] / aq['rss_kb']:.1f}×"
        lines.append(
            f"| {LABEL.get(name, name)} | {seconds(r['mean'])} ± {r['stddev']:.3f} | "
            f"{human_rate(rows / r['mean'])} | {nbytes / 1e6 / r['mean']:,.0f} | "
            f"{human_bytes(r['rss_kb']) if r['rss_kb'] else '—'} | {r['cpu']:.2f} s | "
            f"{'%.1f s' % r['other_cpu'] if r['other_cpu'] is not None else '—'} | {ratio} |")
    if not aq:
        lines.append("| **aqrank rank** | not available: the binary has no `rank` command yet "
                     "| | | | | | |")
    if "aqrank ingest" not in res:
        lines.append("| **aqrank ingest** | not available: no ingest command is wired into "
                     "run.sh yet | | | | | | |")
    lines.append("")
    lines.append(f"Runs per command (hyperfine, after one warm-up run, every command bare as "
                 f"the floor is, at least 3 s of runs): {min(r['n'] for r in res.values())} to "
                 f"{max(r['n'] for r in res.values())}; rows/s and "
                 "MB/s are input rows and bytes over the mean wall time; CPU is user + system "
                 "seconds per timed run. Peak RSS is the largest of as many further runs under "
                 "`/usr/bin/time` (`timed.sh`, whose own processes stay out of the timed runs; "
                 "not measured for the floor); other CPU is the most CPU time that other "
                 "processes took during one of those (should be ~0).")
    lines.append("")
    if "duckdb" in res and "pandas" in res:
        lines.append(f"pandas took {res['pandas']['mean'] / res['duckdb']['mean']:.2f}× "
                     "DuckDB's wall time.")
        lines.append("")
    if aq and size == "10m":
        checks = []
        if "duckdb" in res:
            checks.append((f"≥ {TARGET_VS_DUCKDB:.0f}× faster than DuckDB",
                           res["duckdb"]["mean"] / aq["mean"] >= TARGET_VS_DUCKDB,
                           f"{res['duckdb']['mean'] / aq['mean']:.1f}×"))
        if "pandas" in res:
            checks.append((f"≥ {TARGET_VS_PANDAS:.0f}× faster than pandas",
                           res["pandas"]["mean"] / aq["mean"] >= TARGET_VS_PANDAS,
                           f"{res['pandas']['mean'] / aq['mean']:.1f}×"))
        peers_rss = [res[p]["rss_kb"] for p in ("duckdb", "pandas") if p in res and res[p]["rss_kb"]]
        if peers_rss and aq["rss_kb"]:
            checks.append(("peak memory under a tenth of each peer's",
                           aq["rss_kb"] < TARGET_RSS_SHARE * min(peers_rss),
                           f"{aq['rss_kb'] / min(peers_rss):.3f} of the smaller"))
        wc = res.get(BESIDE) or res.get("wc -l")
        if wc:
            got = f"{aq['mean'] / wc['mean']:.2f}×"
            if BESIDE in res and "wc -l" in res:
                got += (f" (`wc -l` timed just before; {aq['mean'] / res['wc -l']['mean']:.2f}× "
                        "the floor's `wc -l`, timed minutes earlier)")
            checks.append((f"within {TARGET_VS_WC:.0f}× of `wc -l`",
                           aq["mean"] <= TARGET_VS_WC * wc["mean"], got))
        add_checks(lines, "Issue 6's targets on this file:", checks)
    ingest_section(size, res, rows, lines)
    add_file(lines, f"data/compare_{size}.txt",
             "Output check (`compare_results.py`, exact text of every unit-month):")
    lines += ["Per-run lines (`timed.sh`):", "", "```"]
    for name in ORDER:
        for run in res.get(name, {}).get("runs", []):
            lines.append(f"{size} {name:<20} peak_rss_kb={run['peak_rss_kb']:.0f} "
                         f"wall_s={run['wall_s']:.2f} user_s={run['user_s']:.2f} "
                         f"sys_s={run['sys_s']:.2f} other_cpu_s={run['other_cpu_s']:.1f}")
    lines += ["```", ""]


def layouts_section(size, lines):
    """The layout matrix (run.sh step 4): data/layouts-SIZE.json from ab.py,
    data/layouts-SIZE.txt (bytes of each file), data/compare-layouts_SIZE.txt."""
    path = f"data/layouts-{size}.json"
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    res = {r["name"]: r for r in doc["results"]}
    sizes = {}
    with open(f"data/layouts-{size}.txt", encoding="utf-8") as f:
        for line in f:
            name, rest = line.split(" ", 1)
            sizes[name] = int(re.search(r"bytes=(\d+)", rest).group(1))
    layouts = [n for n in sizes if f"aqrank:{n}" in res]
    base = res.get("aqrank:canonical")
    lines += [f"## {size}: the same data in every layout (issue 19)", "",
              "`gen_hourly --layout` writes the same values in six layouts of the long CSV "
              "(README.md, \"The data\"). aqrank rank and DuckDB (`duckdb_rank.mjs --layout`, "
              "the query a DuckDB user would write for that file) on each, timed by `ab.py` in "
              f"{doc['rounds']} interleaved rounds (each round runs every command once, so "
              "that the machine's drift slows them alike): the median and the fastest wall "
              "time, the median CPU time; peak RSS is the largest of the rounds. Time per byte "
              "is compared with the canonical layout's three ways: on a machine that other "
              "processes load, the median wall time measures their load as much as aqrank, "
              "the fastest round and the CPU time measure aqrank; the target is judged on "
              "those two.", "",
              "| Layout | MB | aqrank wall (fastest) | MB/s | CPU | Peak RSS | "
              "per byte vs canonical: median, fastest, CPU | "
              "DuckDB wall | DuckDB peak RSS | DuckDB / aqrank |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    checks = []
    for n in layouts:
        a, d, mb = res[f"aqrank:{n}"], res.get(f"duckdb:{n}"), sizes[n] / 1e6

        def per_byte(key):
            return (a[key] / sizes[n]) / (base[key] / sizes["canonical"])
        vs = d["wall_ms"] / a["wall_ms"] if d else None
        lines.append(
            f"| {n} | {mb:,.0f} | {seconds(a['wall_ms'] / 1000)} ({seconds(a['fastest_ms'] / 1000)}) | "
            f"{mb / (a['wall_ms'] / 1000):,.0f} | "
            f"{a['cpu_ms'] / 1000:.2f} s | {human_bytes(a['maxrss_kb'])} | "
            f"{per_byte('wall_ms'):.2f}×, {per_byte('fastest_ms'):.2f}×, {per_byte('cpu_ms'):.2f}× | "
            f"{seconds(d['wall_ms'] / 1000) if d else '—'} | "
            f"{human_bytes(d['maxrss_kb']) if d else '—'} | {f'{vs:.1f}×' if vs else '—'} |")
        if n != "canonical":
            worst = max(per_byte("fastest_ms"), per_byte("cpu_ms"))
            checks.append((f"{n}: within {TARGET_PER_BYTE}× the canonical layout's time per byte "
                           "(fastest round, CPU)", worst <= TARGET_PER_BYTE,
                           f"{per_byte('fastest_ms'):.2f}×, {per_byte('cpu_ms'):.2f}× "
                           f"(median {per_byte('wall_ms'):.2f}×)"))
        if d:
            checks.append((f"{n}: ≥ {TARGET_VS_DUCKDB:.0f}× faster than DuckDB",
                           vs >= TARGET_VS_DUCKDB, f"{vs:.1f}×"))
            checks.append((f"{n}: peak memory under a tenth of DuckDB's",
                           a["maxrss_kb"] < TARGET_RSS_SHARE * d["maxrss_kb"],
                           f"{a['maxrss_kb'] / d['maxrss_kb']:.3f}"))
    lines.append("")
    if size == "10m":
        add_checks(lines, "Issue 19's targets on these files:", checks)
    add_file(lines, f"data/compare-layouts_{size}.txt",
             "Output check (every layout's aqrank output against the canonical one's, "
             "byte for byte; DuckDB's against aqrank's, `compare_results.py`):")


def national_section(lines):
    """A national month of CNEMC daily files (run.sh step 5)."""
    if not os.path.exists("data/national.json"):
        return
    info = read_kv("data/national.txt")
    with open("data/national.json", encoding="utf-8") as f:
        doc = json.load(f)
    res = {r["name"]: r for r in doc["results"]}
    z = res.get("zcat")
    lines += ["## A national month of CNEMC daily files (issue 19)", "",
              f"`{info.get('folder', '?')}`: {info.get('files', '?')} files, "
              f"{int(info.get('bytes', 0)) / 1e6:.1f} MB of gzip, "
              f"{int(info.get('unpacked', 0)) / 1e6:.0f} MB unpacked; stations list "
              "`etc/national.stations.csv`. Timed by `ab.py` in "
              f"{doc['rounds']} interleaved rounds (medians; peak RSS the largest).", "",
              "| Command | Wall | CPU | Peak RSS | vs zcat |", "|---|---|---|---|---|"]
    label = {"zcat": "`zcat` of the files",
             "stream": "**aqrank rank --stations** (straight from the files)",
             "stream-one-reader": "aqrank rank --stations --readers 1 (one core reads)",
             "ingest": "aqrank init + ingest (into a fresh store)",
             "rank-db": "aqrank rank --db (from that store)"}
    for r in doc["results"]:
        vs = f"{r['wall_ms'] / z['wall_ms']:.2f}×" if z else "—"
        lines.append(f"| {label.get(r['name'], r['name'])} | {seconds(r['wall_ms'] / 1000)} | "
                     f"{r['cpu_ms'] / 1000:.2f} s | {human_bytes(r['maxrss_kb'])} | {vs} |")
    lines.append("")
    add_file(lines, "data/compare-national.txt",
             "Output check (`rank --stations` against `ingest` + `rank --db`):")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("sizes", nargs="+")
    args = ap.parse_args()
    machine = read_kv("data/machine.txt")
    lines = ["# Benchmark results", "",
             "Written by `make bench` (`bench/run.sh`, then `bench/report.py`) from the numbers "
             "of one run; do not edit by hand. The job (README.md, \"The job\"): per station-day "
             "24-hour means and MDA8 with their validity rules, unit-day means, unit-month "
             "statistics with the monthly minimums, single and composite indices with GB/T 8170 "
             "rounding at every level of N1.5, and the competition rank of every month. "
             "All commands read the same file from the page cache.", "",
             "## Machine", "", "| | |", "|---|---|"]
    for k in ("date", "nproc", "cpu", "mem", "kernel", "node", "duckdb", "pandas",
              "hyperfine", "aqrank"):
        if k in machine:
            lines.append(f"| {k} | {machine[k]} |")
    lines.append("")
    for size in args.sizes:
        size_section(size, lines)
        layouts_section(size, lines)
    national_section(lines)
    if os.path.exists("data/verify.txt"):
        with open("data/verify.txt", encoding="utf-8") as f:
            summary = [x.rstrip("\n") for x in f if re.match(r"^(==|AGREE|DIFFER|verify)", x)]
        lines += ["## Correctness on small sets (`verify.sh`)", "",
                  "The slow literal reference (`reference_rank.py`, exact fractions) against the "
                  "peers (and aqrank when present), on sets made to hit every validity and "
                  "rounding branch (its branch counts are in `data/tally_*.txt`):", "", "```"]
        lines += summary + ["```", ""]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
