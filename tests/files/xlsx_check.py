# SPDX-License-Identifier: MIT
"""Read an aqrank workbook with openpyxl (an independent reader) and check
it cell by cell against the JSON document it was written from (issue 21).

    xlsx_check.py rank|funds|audit|roads|track|plan BOOK.xlsx DOC.json zh|en
                  [BULLETIN.md]

(rank: a month, quarter or year, or a span of days; track and plan: the
documents of `aqrank track` and `aqrank plan`, docs/spec-daily.md D7, D8)

What each sheet must hold is written out here a second time, from the
columns of docs/internals/RENDER.md, not read from the C tables: headings
in the language, every number equal to the JSON value rounded half to even
to the decimals the rules give it (Decimal arithmetic) and shown with
exactly those decimals, texts as the document says them, blanks where the
document has null, the heading row frozen, and every column at least as
wide as its longest text (a Chinese character counting 2). Reasons for
units not ranked must read as the Markdown bulletin says them.

Prints "xlsx-check: N cells checked" and exits 0, or prints every
difference and exits 1.
"""
import json
import sys
import unicodedata
from decimal import ROUND_HALF_EVEN, Decimal

import openpyxl

PCT = "+0.0%;-0.0%;0.0%"
SIGNED = "+0;-0;0"
MONEY = "+0.00;-0.00;0.00"
POLLUTANT = {"so2": "SO2", "no2": "NO2", "pm10": "PM10", "pm25": "PM2.5",
             "co": "CO", "o3": "O3", "o3_8h": "O3"}
EVIDENCE = {"rank": ("排名", "rank"), "rise": ("同比上升", "year-on-year rise"),
            "interview": ("约谈", "interview"),
            "composite": ("综合指数", "composite index"),
            "pm25": ("PM2.5", "PM2.5")}
FUND = {"air_pollution_control_project": ("支出：大气污染治理项目",
                                          "Spent: air pollution control "
                                          "projects"),
        "supervision_capacity": ("支出：监管能力建设",
                                 "Spent: supervision capacity")}
KIND = {"flatline": ("长时间恒值", "Constant value"),
        "pm25_gt_pm10": ("PM2.5 大于 PM10", "PM2.5 above PM10"),
        "neighbour_divergence": ("明显低于周边", "Far below neighbours"),
        "selective_gaps": ("缺测集中于污染时段", "Gaps in polluted hours"),
        "step_change": ("相对周边突变", "Step against neighbours")}
BASIS = {"unit": ("本单位其他站点", "the unit's other stations"),
         "distance": ("距离范围内的站点", "stations within the distance"),
         "none": ("无", "none")}
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]

errors = []
checked = 0


def get(o, path):
    for k in path.split("."):
        if not isinstance(o, dict):
            return None
        o = o.get(k)
    return o


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)


def period_text(p, zh):
    if len(p) == 7 and p[4:6] == "-Q":
        return f"{p[:4]}年第{p[6]}季度" if zh else f"Q{p[6]} {p[:4]}"
    if len(p) == 7 and p[4] == "-":
        y, m = int(p[:4]), int(p[5:])
        return f"{y}年{m}月" if zh else f"{MONTHS[m - 1]} {y}"
    return f"{p}年" if zh else p


class Num:
    """A number cell: the JSON value rounded to `digits` decimals."""

    def __init__(self, value, digits, fmt=None):
        self.value = None if value is None else Decimal(value).quantize(
            Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
        self.fmt = fmt or ("0" if digits == 0 else "0." + "0" * digits)


def num(path, digits=0, fmt=None, cond=None):
    def f(row, ctx):
        if cond and get(row[0], cond[0]) != cond[1]:
            return None
        v = get(row[0], path)
        return Num(v, digits, fmt) if isinstance(v, (int, Decimal)) and \
            not isinstance(v, bool) else None
    return f


def up(level, f):
    return lambda row, ctx: f(row[level:], ctx)


def text(path, path_en=None):
    def f(row, ctx):
        v = get(row[0], path_en) if path_en and not ctx["zh"] else None
        return v or get(row[0], path) or None
    return f


def boolean(path):
    def f(row, ctx):
        v = get(row[0], path)
        if not isinstance(v, bool):
            return None
        return ("是" if v else "否") if ctx["zh"] else ("yes" if v else "no")
    return f


def label(path, table):
    def f(row, ctx):
        v = get(row[0], path)
        if v is None:
            return None
        if table is POLLUTANT:
            return POLLUTANT.get(v, v)
        return table[v][0 if ctx["zh"] else 1] if v in table else v
    return f


def listed(path, table=None):
    def f(row, ctx):
        items = get(row[0], path) or []
        said = [POLLUTANT.get(i, i) if table is POLLUTANT else i
                for i in items]
        return ("、" if ctx["zh"] else ", ").join(said) or None
    return f


def span(path):
    def f(row, ctx):
        v = get(row[0], path)
        if not isinstance(v, list) or len(v) != 2:
            return None
        return Num(v[0], 0) if v[0] == v[1] else f"{v[0]}–{v[1]}"
    return f


def unit(path):
    def f(row, ctx):
        v = get(row[0], path)
        return None if v is None else ctx["names"].get(v, v)
    return f


def period(path):
    def f(row, ctx):
        v = get(row[0], path)
        return None if v is None else period_text(v, ctx["zh"])
    return f


def reason(row, ctx):
    return ("REASON", row[0])


def rows_of(doc, spec):
    """Each item of the innermost array of spec, innermost first."""
    def walk(o, segs, chain):
        arr = get(o, segs[0])
        for it in arr or []:
            if len(segs) == 1:
                yield [it] + chain
            else:
                yield from walk(it, segs[1:], [it] + chain)
    return list(walk(doc, spec.split("/"), []))


RANKING = [
    ("排名", "Rank", num("rank")),
    ("单位", "Unit", text("unit", "unit_en")),
    ("综合指数", "Composite index", num("composite_index", 2)),
] + [(f"I({POLLUTANT[p]})", f"I({POLLUTANT[p]})",
      num(f"single_index.{p}", 2))
     for p in ("so2", "no2", "pm10", "pm25", "co", "o3")] + [
    ("SO2(μg/m³)", "SO2 (μg/m³)", num("stats.so2")),
    ("NO2(μg/m³)", "NO2 (μg/m³)", num("stats.no2")),
    ("PM10(μg/m³)", "PM10 (μg/m³)", num("stats.pm10")),
    ("PM2.5(μg/m³)", "PM2.5 (μg/m³)", num("stats.pm25")),
    ("CO-95per(mg/m³)", "CO-95per (mg/m³)", num("stats.co", 1)),
    ("O3-8h-90per(μg/m³)", "O3-8h-90per (μg/m³)", num("stats.o3")),
    ("优良天数比例(%)", "Good days (%)", num("good_days_ratio", 1)),
    ("综合指数同比", "YoY composite", num("yoy.composite_index", 3, PCT),
     "optional"),
    ("PM2.5同比", "YoY PM2.5", num("yoy.pm25", 3, PCT), "optional"),
    ("排名变化", "Rank change", num("rank_change", 0, SIGNED), "optional"),
    ("首要污染物", "Primary pollutant", listed("primary_pollutant",
                                             POLLUTANT)),
    ("数据是否充足", "Sufficient data", boolean("sufficient")),
]
AMOUNTS = [
    ("排名", "Rank", num("rank")),
    ("单位", "Unit", text("unit", "unit_en")),
    ("综合指数", "Composite index", num("composite_index", 2)),
    ("占用名次", "Positions", span("positions")),
    ("奖惩({c})", "Reward/penalty ({c})", num("amount", 2, MONEY)),
]
SANCTIONS = [
    ("单位", "Unit", unit("unit")),
    ("期间", "Period", period("period")),
    ("编号", "Id", text("id")),
    ("措施", "Measure", text("name_zh", "name_en")),
    ("原因", "Cause", text("cause_zh", "cause_en")),
]
EVIDENCE_COLS = [
    ("单位", "Unit", up(2, unit("unit"))),
    ("编号", "Id", up(2, text("id"))),
    ("次数", "Count", up(1, num("count"))),
    ("阈值", "Threshold", up(1, num("threshold"))),
    ("依据期间", "Period", period("period")),
    ("依据", "Evidence", label("kind", EVIDENCE)),
    ("排名指标", "Ranked by", label("metric", EVIDENCE)),
    ("排名", "Rank", num("rank")),
    ("占用名次", "Positions", span("positions")),
    ("参与排名单位数", "Units ranked", num("ranked_units")),
    ("排名所用综合指数", "Ranked composite index",
     num("value", 2, cond=("metric", "composite"))),
    ("排名所用PM2.5(μg/m³)", "Ranked PM2.5 (μg/m³)",
     num("value", 0, cond=("metric", "pm25"))),
    ("综合指数", "Composite index", num("composite_index", 2)),
    ("上年同期综合指数", "Previous year's composite index",
     num("previous_composite_index", 2)),
    ("PM2.5(μg/m³)", "PM2.5 (μg/m³)", num("pm25")),
    ("上年同期PM2.5(μg/m³)", "Previous year's PM2.5 (μg/m³)",
     num("previous_pm25")),
    ("此前措施", "Earlier measures", listed("sanctions")),
]
UNRANKED = [
    ("单位", "Unit", unit("unit")),
    ("原因", "Reason", reason),
    ("污染物", "Pollutant", label("pollutant", POLLUTANT)),
    ("有效天数", "Valid days", num("valid_days")),
    ("最少天数", "Minimum days", num("minimum_days")),
    ("列为末位", "Placed last", boolean("placed_last"), "optional"),
]
STATIONS = [
    ("站点", "Station", text("station")),
    ("单位", "Unit", unit("unit")),
    ("污染物", "Pollutant", label("pollutant", POLLUTANT)),
    ("有效天数", "Valid days", num("valid_days")),
    ("最少天数", "Minimum days", num("minimum_days")),
]
QUARTER = [
    ("排名", "Rank", num("rank")),
    ("单位", "Unit", text("unit", "unit_en")),
    ("综合指数", "Composite index", num("composite_index", 2)),
    ("PM2.5(μg/m³)", "PM2.5 (μg/m³)", num("pm25")),
    ("优良天数比例(%)", "Good days (%)", num("good_days_ratio", 1)),
    ("数据是否充足", "Sufficient data", boolean("sufficient")),
]
QUARTER_UNRANKED = UNRANKED[:4]
# issue 17: per unit, the composite index without the flagged hours (the
# audit's units; the bulletin's data-quality notes add their sentence)
AUDIT_UNITS = [
    ("单位", "Unit", text("unit", "unit_en")),
    ("标记小时", "Flagged hours", num("flagged_hours")),
    ("综合指数", "Composite index", num("composite_index", 2)),
    ("剔除标记小时后的综合指数", "Composite index without flagged hours",
     num("composite_index_without_flags", 2)),
    ("变化", "Change", num("change", 2, MONEY)),
    ("数据是否充足", "Sufficient data", boolean("sufficient")),
    ("剔除后数据是否充足", "Sufficient without flagged hours",
     boolean("sufficient_without_flags")),
    ("说明", "Notes", text("text_zh", "text_en"), "optional"),
]

RANK_SHEETS = [
    ("排名", "Ranking", "units", None, RANKING),
    ("奖惩", "Rewards and penalties", "units", ("kind", "month"), AMOUNTS),
    ("问责", "Sanctions", "sanctions", None, SANCTIONS),
    ("问责依据", "Sanction evidence", "sanctions/evidence/evidence", None,
     EVIDENCE_COLS),
    ("未参与排名的单位", "Units not ranked", "unranked", None, UNRANKED),
    ("数据不足的站点", "Stations with insufficient data",
     "insufficient_stations", None, STATIONS),
    ("季度排名", "Quarterly ranking", "quarter.units", None, QUARTER),
    ("季度未参与排名的单位", "Quarter, units not ranked", "quarter.unranked",
     None, QUARTER_UNRANKED),
    ("季度问责", "Quarterly sanctions", "quarter.sanctions", None,
     SANCTIONS),
    ("数据质量提示", "Data quality notes", "data_quality.units", None,
     AUDIT_UNITS),
]


def audit_sheets(doc):
    """aqrank audit (issue 17): flags, stations (a column per kind of
    flag, in the document's order), units (no sentences: no notes
    column)."""
    first = (doc.get("stations") or [{}])[0].get("flags") or {}
    flags = [
        ("站点", "Station", text("station_name", "station")),
        ("站点编码", "Station code", text("station")),
        ("单位", "Unit", text("unit", "unit_en")),
        ("污染物", "Pollutant", label("pollutant", POLLUTANT)),
        ("类型", "Kind", text("kind_zh", "kind_en")),
        ("起(小时结束时刻)", "From (hour ending)", text("from")),
        ("止(小时结束时刻)", "To (hour ending)", text("to")),
        ("小时数", "Hours", num("hours")),
        ("依据", "Evidence", text("text_zh", "text_en")),
    ]
    stations = [
        ("站点", "Station", text("name", "station")),
        ("站点编码", "Station code", text("station")),
        ("单位", "Unit", text("unit", "unit_en")),
        ("对照点", "Reference site", boolean("reference")),
        ("计入单位数值", "Counts in its unit", boolean("assessment")),
        ("邻站", "Neighbours", label("neighbour_basis", BASIS)),
        ("邻站数", "Neighbour count", num("neighbours")),
        ("小时数", "Hours", num("hours")),
        ("有效小时", "Valid hours", num("valid_hours")),
        ("标记小时", "Flagged hours", num("flagged_hours")),
        ("标记占比", "Flagged share", num("flagged_share", 3, "0.0%")),
    ] + [(KIND[k][0], KIND[k][1], num(f"flags.{k}")) for k in first]
    return [("标记", "Flags", "flags", None, flags),
            ("站点", "Stations", "stations", None, stations),
            ("单位", "Units", "units", None, AUDIT_UNITS)]


# issue 20: the road-cleanliness ranking of a month (RENDER.md)
ROADS = [
    ("排名", "Rank", num("rank")),
    ("单位", "Unit", text("unit", "unit_en")),
    ("检测次数", "Inspections", num("inspections")),
    ("保洁时段外", "Outside the cleaning hours", num("outside_window")),
    ("积尘样本", "Dust samples", num("dust_samples")),
    ("平均积尘(g/m²)", "Mean dust (g/m²)", num("dust_mean", 2)),
    ("积尘达标率(%)", "Dust compliance (%)", num("dust_compliance", 1)),
    ("垃圾样本", "Litter samples", num("litter_samples")),
    ("垃圾停留达标率(%)", "Litter compliance (%)",
     num("litter_compliance", 1)),
    ("PM10(μg/m³)", "PM10 (μg/m³)", num("pm10")),
    ("奖惩({c})", "Reward/penalty ({c})", num("amount", 2, MONEY),
     "optional"),
]
ROADS_FAILED = [
    ("单位", "Unit", up(1, unit("unit"))),
    ("道路", "Road", text("road")),
    ("未达标次数", "Failures", num("failures")),
    ("积尘超标", "Dust above the limit", num("dust_failures")),
    ("垃圾停留超时", "Litter over the limit", num("litter_failures")),
]
ROADS_UNRANKED = [
    ("单位", "Unit", unit("unit")),
    ("原因", "Reason", text("reason_zh", "reason_en")),
    ("积尘样本", "Dust samples", num("dust_samples")),
    ("最少样本", "Minimum samples", num("minimum")),
]
ROADS_SHEETS = [
    ("道路保洁排名", "Road cleanliness ranking", "units", None, ROADS),
    ("未达标最多的道路", "Roads failed most", "units/failed_roads", None,
     ROADS_FAILED),
    ("未参与排名的单位", "Units not ranked", "unranked", None,
     ROADS_UNRANKED),
]


TRACK = [
    ("累计排名", "Rank to date", num("rank_to_date")),
    ("单位", "Unit", text("unit", "unit_en")),
    ("累计综合指数", "Composite index to date", num("composite_to_date", 2)),
    ("PM2.5累计(μg/m³)", "PM2.5 to date (μg/m³)", num("pm25_to_date")),
    ("PM2.5有效天数", "PM2.5 valid days", num("pm25_days")),
    ("PM2.5目标(μg/m³)", "PM2.5 target (μg/m³)", num("pm25_target")),
    ("全年剩余天数", "Days left in the year", num("remaining_days")),
    ("剩余日控制值(μg/m³)", "Daily limit, rest of year (μg/m³)",
     num("pm25_allowance")),
    ("PM2.5目标可达", "PM2.5 target reachable", boolean("pm25_reachable")),
    ("优良天数", "Good days", num("good_days")),
    ("AQI有效天数", "AQI valid days", num("valid_aqi_days")),
    ("优良天数比例(%)", "Good days (%)", num("good_days_ratio", 1)),
    ("优良天数比例目标(%)", "Good days target (%)",
     num("good_days_ratio_target", 1)),
    ("还需优良天数", "Good days needed", num("good_days_needed")),
    ("优良天数目标可达", "Good days target reachable",
     boolean("good_days_reachable")),
    ("重污染天数", "Heavy days", num("heavy_days")),
    ("重污染天数上限", "Heavy days allowed", num("heavy_days_target")),
    ("重污染天数余量", "Heavy days left", num("heavy_days_left", 0, SIGNED)),
    ("累计数据是否充足", "Sufficient data to date",
     boolean("sufficient_to_date")),
]
TRACK_SHEETS = [("目标进度", "Targets", "units", None, TRACK)]

GOAL = {"reward": ("奖励", "reward"), "no_deduction": ("不被扣缴", "no deduction"),
        "leave_bottom": ("不在末位组", "out of the bottom group"),
        "not_last": ("不在末位", "not last")}
PLACE = {"rank": ("名次", "rank"), "position": ("位次", "position")}
PLAN_UNIT = ("单位", "Unit", up(1, text("unit", "unit_en")))
PLAN = [
    ("排名", "Rank", num("rank")),
    ("单位", "Unit", text("unit", "unit_en")),
    ("综合指数", "Composite index", num("composite_index", 2)),
    ("PM2.5(μg/m³)", "PM2.5 (μg/m³)", num("pm25")),
    ("PM2.5有效天数", "PM2.5 valid days", num("pm25_days")),
    ("本月剩余天数", "Days left in the month", num("remaining_days")),
    ("数据是否充足", "Sufficient data", boolean("sufficient")),
    ("若月末如此：排名", "If the month ended now: rank",
     num("projected.rank")),
    ("若月末如此：占用名次", "If the month ended now: positions",
     span("projected.positions")),
    ("若月末如此：奖惩({c})",
     "If the month ended now: reward/penalty ({c})",
     num("projected.amount", 2, MONEY)),
]
PLAN_SANCTIONS = [PLAN_UNIT] + SANCTIONS[2:]
GOALS = [
    PLAN_UNIT,
    ("目标", "Goal", label("goal", GOAL)),
    ("名次", "Place", num("place")),
    ("按", "By", label("by", PLACE)),
    ("已做到", "Met", boolean("met")),
    ("本月PM2.5上限(μg/m³)", "Monthly PM2.5 at most (μg/m³)",
     num("pm25_max")),
    ("剩余日均上限(μg/m³)", "Remaining days at most (μg/m³)",
     num("daily_pm25_max")),
    ("说明", "In words", text("text_zh", "text_en")),
]
THRESHOLDS = [
    PLAN_UNIT,
    ("名次", "Rank", num("rank")),
] + GOALS[5:7] + [("不限", "Any PM2.5", boolean("unlimited"), "optional")]
PLAN_SHEETS = [
    ("排名测算", "Month to date", "units", None, PLAN),
    ("若月末如此：问责", "Sanctions if it ended now",
     "units/projected.sanctions", None, PLAN_SANCTIONS),
    ("目标", "Goals", "units/goals", None, GOALS),
    ("各名次所需PM2.5", "PM2.5 each rank takes", "units/thresholds", None,
     THRESHOLDS),
]


def fund_sheets(doc):
    first = (doc.get("units") or [{}])[0].get("spent") or {}
    spent = [(FUND.get(k, (k, k))[0], FUND.get(k, (k, k))[1],
              num(f"spent.{k}", 2, "0.00")) for k in first]
    cols = [("单位", "Unit", text("unit", "unit_en")),
            ("奖励资金({c})", "Credited ({c})", num("credited", 2, "0.00")),
            ("扣缴({c})", "Deducted ({c})", num("deducted", 2, "0.00"))] + \
        spent + [("余额({c})", "Balance ({c})", num("balance", 2, "0.00"))]
    return [("奖励资金", "Reward funds", "units", None, cols)]


def bad(where, msg):
    errors.append(f"{where}: {msg}")


def check_cell(ws, r, c, want, ctx, widths):
    global checked
    cell = ws.cell(row=r, column=c)
    where = f"{ws.title}!{cell.coordinate}"
    checked += 1
    if isinstance(want, tuple) and want[0] == "REASON":
        item = want[1]
        v = cell.value
        if not isinstance(v, str) or v not in ctx["md"]:
            bad(where, f"reason {v!r} is not the bulletin's")
        elif str(item.get("valid_days", "")) not in v:
            bad(where, f"reason {v!r} lacks the valid days "
                       f"{item.get('valid_days')}")
        if isinstance(v, str):
            widths[c] = max(widths.get(c, 0), width(v))
        return
    if isinstance(want, Num):
        want_v = want.value
        if want_v is None:
            want = None
        else:
            v = cell.value
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                bad(where, f"expected the number {want_v}, got {v!r}")
            elif abs(Decimal(repr(float(v))) - want_v) > Decimal("1e-12"):
                bad(where, f"expected {want_v}, got {v!r}")
            elif cell.number_format != want.fmt:
                bad(where, f"number format {cell.number_format!r}, "
                           f"expected {want.fmt!r}")
            return
    if want is None:
        if cell.value not in (None, ""):
            bad(where, f"expected a blank, got {cell.value!r}")
        return
    if cell.value != want:
        bad(where, f"expected {want!r}, got {cell.value!r}")
    widths[c] = max(widths.get(c, 0), width(want))


def check(kind, book, doc, zh, md):
    wb = openpyxl.load_workbook(book)
    names = {u.get("unit"): (u.get("unit") if zh else
                             u.get("unit_en") or u.get("unit"))
             for u in doc.get("units", [])}
    ctx = {"zh": zh, "names": names, "md": md.replace("\\", "")}
    cur = doc.get("currency_unit", "")
    sheets = {"rank": RANK_SHEETS, "roads": ROADS_SHEETS,
              "track": TRACK_SHEETS, "plan": PLAN_SHEETS}.get(kind) or \
        (fund_sheets(doc) if kind == "funds" else audit_sheets(doc))
    want_titles = []
    for sz, se, spec, cond, cols in sheets:
        first = spec.split("/")[0]
        if not isinstance(get(doc, first), list):
            continue
        if cond and doc.get(cond[0]) != cond[1]:
            continue
        title = sz if zh else se
        want_titles.append(title)
        if title not in wb.sheetnames:
            bad(title, "sheet missing")
            continue
        ws = wb[title]
        rows = rows_of(doc, spec)
        # optional columns appear only when some row has the member
        keep = []
        for col in cols:
            if len(col) > 3 and col[3] == "optional" and \
                    not any(has_member(row[0], col) for row in rows):
                continue
            keep.append(col)
        for c, col in enumerate(keep, 1):
            head = (col[0] if zh else col[1]).replace("{c}", cur)
            if ws.cell(row=1, column=c).value != head:
                bad(f"{title}!{ws.cell(row=1, column=c).coordinate}",
                    f"heading {ws.cell(row=1, column=c).value!r}, expected "
                    f"{head!r}")
        if ws.max_column != len(keep) and rows:
            bad(title, f"{ws.max_column} columns, expected {len(keep)}")
        if ws.max_row != len(rows) + 1:
            bad(title, f"{ws.max_row - 1} rows, expected {len(rows)}")
        widths = {c: width((col[0] if zh else col[1]).replace("{c}", cur))
                  for c, col in enumerate(keep, 1)}
        for r, row in enumerate(rows, 2):
            for c, col in enumerate(keep, 1):
                check_cell(ws, r, c, col[2](row, ctx), ctx, widths)
        if not (ws.freeze_panes or "").endswith("2"):
            bad(title, f"heading row not frozen ({ws.freeze_panes})")
        for c, w in widths.items():
            letter = openpyxl.utils.get_column_letter(c)
            got = ws.column_dimensions[letter].width
            if min(w, 58) > got:
                bad(title, f"column {letter} is {got} wide, its text {w}")
    if wb.sheetnames != want_titles:
        bad(book, f"sheets {wb.sheetnames}, expected {want_titles}")


# an optional column is present when some row has the member at all (even
# null), which the getter cannot tell: look at the member path itself
OPTIONAL_PATHS = {"综合指数同比": "yoy.composite_index",
                  "PM2.5同比": "yoy.pm25", "排名变化": "rank_change",
                  "列为末位": "placed_last", "说明": "text_zh",
                  "奖惩({c})": "amount", "不限": "unlimited"}


def has_member(o, col):
    path = OPTIONAL_PATHS[col[0]].split(".")
    for k in path:
        if not isinstance(o, dict) or k not in o:
            return False
        o = o[k]
    return True


def main():
    if len(sys.argv) not in (5, 6) or sys.argv[1] not in (
            "rank", "funds", "audit", "roads", "track", "plan"):
        sys.exit(__doc__)
    kind, book, doc_path, lang = sys.argv[1:5]
    md = open(sys.argv[5], encoding="utf-8").read() if len(sys.argv) > 5 \
        else ""
    with open(doc_path, encoding="utf-8") as f:
        doc = json.load(f, parse_float=Decimal)
    check(kind, book, doc, lang == "zh", md)
    for e in errors:
        print("xlsx-check:", e)
    print(f"xlsx-check: {checked} cells checked, {len(errors)} differences")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
