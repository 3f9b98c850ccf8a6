/* SPDX-License-Identifier: MIT */
/*
 * The documents as Excel workbooks (aq_render_xlsx, issue 21), written with
 * libxlsxwriter: one sheet per section of a document, one cell per value
 * of its JSON (P7: the JSON is the contract, this is one more rendering of
 * it). What a document's sheets hold is data, the tables below: a sheet
 * names the array its rows come from, each column the member its cells
 * are read from, how a cell is kept (text, or a number rounded to the
 * decimals the rules give it, RENDER.md) and its heading in both
 * languages. A new document adds a table to `documents`, not code.
 *
 * Numbers are stored as numbers: the JSON value rounded to the column's
 * decimals on its decimal text (aq_render__scaled, GB/T 8170), then
 * divided by a power of ten, which gives the double nearest to that
 * decimal; the cell's number format shows exactly those decimals.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "aq/decimal.h"
#include "lib/publish/api_internal.h"
#include "lib/publish/render_internal.h"
#include "util/alloc.h"
#include "util/dl.h"

/* ---- The sheet descriptions ---- */

typedef enum xkind {
    X_TEXT,   /* a string member; path_en in English when it is set */
    X_NUM,    /* a number, rounded to `digits` decimals */
    X_BOOL,   /* true / false as 是 / 否, yes / no */
    X_LABEL,  /* a code said by `labels` (unknown codes as they are) */
    X_LIST,   /* an array of codes said by `labels`, joined */
    X_SPAN,   /* [first, last] positions: a number, or "4–5" when tied */
    X_UNIT,   /* a unit's name (Chinese in the document) in the language */
    X_PERIOD, /* "2024-05" as 2024年5月 / May 2024 */
    X_REASON, /* why a unit is not ranked, as every bulletin says it */
    X_KEYS    /* one X_NUM column per member of an object (first row's) */
} xkind;

typedef struct xlabel {
    const char *key, *zh, *en;
} xlabel;

typedef struct xcol {
    const char *zh, *en; /* heading; "{currency}" = the document's
                            currency_unit */
    xkind kind;
    const char *path;    /* member of the row, "a.b" into objects */
    const char *path_en; /* X_TEXT in English: this member when not "" */
    int digits;          /* X_NUM, X_KEYS: the decimals of the rule */
    const char *numfmt;  /* X_NUM, X_KEYS: Excel format; NULL = by digits */
    const xlabel *labels;
    int up; /* read from the row's up-th enclosing object */
    const char *if_path, *if_value; /* blank unless row[if_path] ==
                                       if_value */
    int optional;                   /* left out when no row has the member */
} xcol;

typedef struct xsheet {
    const char *zh, *en; /* sheet names (at most 31 characters) */
    const char *rows;    /* "units", "quarter.units", or nested arrays
                            "sanctions/evidence/evidence" (a row per item
                            of the innermost) */
    const char *if_path, *if_value; /* only when root[if_path] == value */
    int freeze_cols;                /* columns kept in view, besides the
                                       heading row */
    const xcol *cols;               /* ended by a zero heading */
} xsheet;

typedef struct xdoc {
    const char *name;
    const char *needs; /* a member the document must have */
    const xsheet *sheets;
} xdoc;

/* a column: heading zh, en, kind, member, then the other fields by name */
#define COL(zh_, en_, kind_, path_, ...)                                       \
    {                                                                          \
        .zh = zh_, .en = en_, .kind = kind_, .path = path_, __VA_ARGS__        \
    }

#define PCT "+0.0%;-0.0%;0.0%"
#define SIGNED "+0;-0;0"
#define MONEY "+0.00;-0.00;0.00"

static const xlabel pollutant_labels[] = {
    {"so2", "SO2", "SO2"},    {"no2", "NO2", "NO2"},
    {"pm10", "PM10", "PM10"}, {"pm25", "PM2.5", "PM2.5"},
    {"co", "CO", "CO"},       {"o3", "O3", "O3"},
    {"o3_8h", "O3", "O3"},    {0, 0, 0}};
static const xlabel evidence_labels[] = {
    {"rank", "排名", "rank"},
    {"rise", "同比上升", "year-on-year rise"},
    {"interview", "约谈", "interview"},
    {"composite", "综合指数", "composite index"},
    {"pm25", "PM2.5", "PM2.5"},
    {0, 0, 0}};
static const xlabel fund_labels[] = {
    {"air_pollution_control_project", "支出：大气污染治理项目",
     "Spent: air pollution control projects"},
    {"supervision_capacity", "支出：监管能力建设",
     "Spent: supervision capacity"},
    {0, 0, 0}};

/* P7 and RENDER.md: the ranking table of the bulletin, with the six
 * statistics besides PM2.5 and the primary pollutant */
static const xcol ranking_cols[] = {
    COL("排名", "Rank", X_NUM, "rank"),
    COL("单位", "Unit", X_TEXT, "unit", .path_en = "unit_en"),
    COL("综合指数", "Composite index", X_NUM, "composite_index", .digits = 2),
    COL("I(SO2)", "I(SO2)", X_NUM, "single_index.so2", .digits = 2),
    COL("I(NO2)", "I(NO2)", X_NUM, "single_index.no2", .digits = 2),
    COL("I(PM10)", "I(PM10)", X_NUM, "single_index.pm10", .digits = 2),
    COL("I(PM2.5)", "I(PM2.5)", X_NUM, "single_index.pm25", .digits = 2),
    COL("I(CO)", "I(CO)", X_NUM, "single_index.co", .digits = 2),
    COL("I(O3)", "I(O3)", X_NUM, "single_index.o3", .digits = 2),
    COL("SO2(μg/m³)", "SO2 (μg/m³)", X_NUM, "stats.so2"),
    COL("NO2(μg/m³)", "NO2 (μg/m³)", X_NUM, "stats.no2"),
    COL("PM10(μg/m³)", "PM10 (μg/m³)", X_NUM, "stats.pm10"),
    COL("PM2.5(μg/m³)", "PM2.5 (μg/m³)", X_NUM, "stats.pm25"),
    COL("CO-95per(mg/m³)", "CO-95per (mg/m³)", X_NUM, "stats.co", .digits = 1),
    COL("O3-8h-90per(μg/m³)", "O3-8h-90per (μg/m³)", X_NUM, "stats.o3"),
    COL("优良天数比例(%)", "Good days (%)", X_NUM, "good_days_ratio",
        .digits = 1),
    COL("综合指数同比", "YoY composite", X_NUM, "yoy.composite_index",
        .digits = 3, .numfmt = PCT, .optional = 1),
    COL("PM2.5同比", "YoY PM2.5", X_NUM, "yoy.pm25", .digits = 3, .numfmt = PCT,
        .optional = 1),
    COL("排名变化", "Rank change", X_NUM, "rank_change", .numfmt = SIGNED,
        .optional = 1),
    COL("首要污染物", "Primary pollutant", X_LIST, "primary_pollutant",
        .labels = pollutant_labels),
    COL("数据是否充足", "Sufficient data", X_BOOL, "sufficient"),
    {0}};

/* P4: the amounts, with the positions a tie shares */
static const xcol amount_cols[] = {
    COL("排名", "Rank", X_NUM, "rank"),
    COL("单位", "Unit", X_TEXT, "unit", .path_en = "unit_en"),
    COL("综合指数", "Composite index", X_NUM, "composite_index", .digits = 2),
    COL("占用名次", "Positions", X_SPAN, "positions"),
    {"奖惩({currency})", "Reward/penalty ({currency})", X_NUM, "amount", 0, 2,
     MONEY, 0, 0, 0, 0, 0},
    {0}};

/* P6: each sanction and its cause in words */
static const xcol sanction_cols[] = {
    COL("单位", "Unit", X_UNIT, "unit"),
    COL("期间", "Period", X_PERIOD, "period"),
    COL("编号", "Id", X_TEXT, "id"),
    COL("措施", "Measure", X_TEXT, "name_zh", .path_en = "name_en"),
    COL("原因", "Cause", X_TEXT, "cause_zh", .path_en = "cause_en"),
    {0}};

/* P6: every fact behind a sanction, one row each (sanction / cause /
 * evidence item) */
static const xcol evidence_cols[] = {
    COL("单位", "Unit", X_UNIT, "unit", .up = 2),
    COL("编号", "Id", X_TEXT, "id", .up = 2),
    COL("次数", "Count", X_NUM, "count", .up = 1),
    COL("阈值", "Threshold", X_NUM, "threshold", .up = 1),
    COL("依据期间", "Period", X_PERIOD, "period"),
    COL("依据", "Evidence", X_LABEL, "kind", .labels = evidence_labels),
    COL("排名指标", "Ranked by", X_LABEL, "metric", .labels = evidence_labels),
    COL("排名", "Rank", X_NUM, "rank"),
    COL("占用名次", "Positions", X_SPAN, "positions"),
    COL("参与排名单位数", "Units ranked", X_NUM, "ranked_units"),
    COL("排名所用综合指数", "Ranked composite index", X_NUM, "value",
        .digits = 2, .if_path = "metric", .if_value = "composite"),
    COL("排名所用PM2.5(μg/m³)", "Ranked PM2.5 (μg/m³)", X_NUM, "value",
        .if_path = "metric", .if_value = "pm25"),
    COL("综合指数", "Composite index", X_NUM, "composite_index", .digits = 2),
    COL("上年同期综合指数", "Previous year's composite index", X_NUM,
        "previous_composite_index", .digits = 2),
    COL("PM2.5(μg/m³)", "PM2.5 (μg/m³)", X_NUM, "pm25"),
    COL("上年同期PM2.5(μg/m³)", "Previous year's PM2.5 (μg/m³)", X_NUM,
        "previous_pm25"),
    COL("此前措施", "Earlier measures", X_LIST, "sanctions"),
    {0}};

static const xcol unranked_cols[] = {
    COL("单位", "Unit", X_UNIT, "unit"),
    COL("原因", "Reason", X_REASON, "reason"),
    COL("污染物", "Pollutant", X_LABEL, "pollutant",
        .labels = pollutant_labels),
    COL("有效天数", "Valid days", X_NUM, "valid_days"),
    COL("最少天数", "Minimum days", X_NUM, "minimum_days"),
    COL("列为末位", "Placed last", X_BOOL, "placed_last", .optional = 1),
    {0}};

static const xcol station_cols[] = {
    COL("站点", "Station", X_TEXT, "station"),
    COL("单位", "Unit", X_UNIT, "unit"),
    COL("污染物", "Pollutant", X_LABEL, "pollutant",
        .labels = pollutant_labels),
    COL("有效天数", "Valid days", X_NUM, "valid_days"),
    COL("最少天数", "Minimum days", X_NUM, "minimum_days"),
    {0}};

static const xcol quarter_cols[] = {
    COL("排名", "Rank", X_NUM, "rank"),
    COL("单位", "Unit", X_TEXT, "unit", .path_en = "unit_en"),
    COL("综合指数", "Composite index", X_NUM, "composite_index", .digits = 2),
    COL("PM2.5(μg/m³)", "PM2.5 (μg/m³)", X_NUM, "pm25"),
    COL("优良天数比例(%)", "Good days (%)", X_NUM, "good_days_ratio",
        .digits = 1),
    COL("数据是否充足", "Sufficient data", X_BOOL, "sufficient"),
    {0}};

static const xcol quarter_unranked_cols[] = {
    COL("单位", "Unit", X_UNIT, "unit"),
    COL("原因", "Reason", X_REASON, "reason"),
    COL("污染物", "Pollutant", X_LABEL, "pollutant",
        .labels = pollutant_labels),
    COL("有效天数", "Valid days", X_NUM, "valid_days"),
    {0}};

/* the kinds of flag as headings (the document says them in its texts) */
static const xlabel audit_kind_labels[] = {
    {"flatline", "长时间恒值", "Constant value"},
    {"pm25_gt_pm10", "PM2.5 大于 PM10", "PM2.5 above PM10"},
    {"neighbour_divergence", "明显低于周边", "Far below neighbours"},
    {"selective_gaps", "缺测集中于污染时段", "Gaps in polluted hours"},
    {"step_change", "相对周边突变", "Step against neighbours"},
    {0, 0, 0}};
static const xlabel basis_labels[] = {
    {"unit", "本单位其他站点", "the unit's other stations"},
    {"distance", "距离范围内的站点", "stations within the distance"},
    {"none", "无", "none"},
    {0, 0, 0}};

/* issue 17: per unit, the composite index without the flagged hours: the
 * audit's units, and a bulletin's data-quality notes (with their
 * sentence) */
static const xcol audit_unit_cols[] = {
    COL("单位", "Unit", X_TEXT, "unit", .path_en = "unit_en"),
    COL("标记小时", "Flagged hours", X_NUM, "flagged_hours"),
    COL("综合指数", "Composite index", X_NUM, "composite_index", .digits = 2),
    COL("剔除标记小时后的综合指数", "Composite index without flagged hours",
        X_NUM, "composite_index_without_flags", .digits = 2),
    COL("变化", "Change", X_NUM, "change", .digits = 2, .numfmt = MONEY),
    COL("数据是否充足", "Sufficient data", X_BOOL, "sufficient"),
    COL("剔除后数据是否充足", "Sufficient without flagged hours", X_BOOL,
        "sufficient_without_flags"),
    COL("说明", "Notes", X_TEXT, "text_zh", .path_en = "text_en",
        .optional = 1),
    {0}};

/* aq_api_rank(): a month, quarter or year (P3-P7); the bulletin's adds
 * its data-quality notes */
static const xsheet rank_sheets[] = {
    {"排名", "Ranking", "units", 0, 0, 2, ranking_cols},
    {"奖惩", "Rewards and penalties", "units", "kind", "month", 2, amount_cols},
    {"问责", "Sanctions", "sanctions", 0, 0, 1, sanction_cols},
    {"问责依据", "Sanction evidence", "sanctions/evidence/evidence", 0, 0, 2,
     evidence_cols},
    {"未参与排名的单位", "Units not ranked", "unranked", 0, 0, 1,
     unranked_cols},
    {"数据不足的站点", "Stations with insufficient data",
     "insufficient_stations", 0, 0, 1, station_cols},
    {"季度排名", "Quarterly ranking", "quarter.units", 0, 0, 2, quarter_cols},
    {"季度未参与排名的单位", "Quarter, units not ranked", "quarter.unranked", 0,
     0, 1, quarter_unranked_cols},
    {"季度问责", "Quarterly sanctions", "quarter.sanctions", 0, 0, 1,
     sanction_cols},
    {"数据质量提示", "Data quality notes", "data_quality.units", 0, 0, 1,
     audit_unit_cols},
    {0}};

/* aq_api_audit() (issue 17): the flags, a review team's worklist */
static const xcol audit_flag_cols[] = {
    COL("站点", "Station", X_TEXT, "station_name", .path_en = "station"),
    COL("站点编码", "Station code", X_TEXT, "station"),
    COL("单位", "Unit", X_TEXT, "unit", .path_en = "unit_en"),
    COL("污染物", "Pollutant", X_LABEL, "pollutant",
        .labels = pollutant_labels),
    COL("类型", "Kind", X_TEXT, "kind_zh", .path_en = "kind_en"),
    COL("起(小时结束时刻)", "From (hour ending)", X_TEXT, "from"),
    COL("止(小时结束时刻)", "To (hour ending)", X_TEXT, "to"),
    COL("小时数", "Hours", X_NUM, "hours"),
    COL("依据", "Evidence", X_TEXT, "text_zh", .path_en = "text_en"),
    {0}};

static const xcol audit_station_cols[] = {
    COL("站点", "Station", X_TEXT, "name", .path_en = "station"),
    COL("站点编码", "Station code", X_TEXT, "station"),
    COL("单位", "Unit", X_TEXT, "unit", .path_en = "unit_en"),
    COL("对照点", "Reference site", X_BOOL, "reference"),
    COL("计入单位数值", "Counts in its unit", X_BOOL, "assessment"),
    COL("邻站", "Neighbours", X_LABEL, "neighbour_basis",
        .labels = basis_labels),
    COL("邻站数", "Neighbour count", X_NUM, "neighbours"),
    COL("小时数", "Hours", X_NUM, "hours"),
    COL("有效小时", "Valid hours", X_NUM, "valid_hours"),
    COL("标记小时", "Flagged hours", X_NUM, "flagged_hours"),
    COL("标记占比", "Flagged share", X_NUM, "flagged_share", .digits = 3,
        .numfmt = "0.0%"),
    COL("", "", X_KEYS, "flags", .labels = audit_kind_labels),
    {0}};

static const xsheet audit_sheets[] = {
    {"标记", "Flags", "flags", 0, 0, 2, audit_flag_cols},
    {"站点", "Stations", "stations", 0, 0, 2, audit_station_cols},
    {"单位", "Units", "units", 0, 0, 1, audit_unit_cols},
    {0}};

static const xcol fund_cols[] = {
    {"单位", "Unit", X_TEXT, "unit", "unit_en", 0, 0, 0, 0, 0, 0, 0},
    {"奖励资金({currency})", "Credited ({currency})", X_NUM, "credited", 0, 2,
     "0.00", 0, 0, 0, 0, 0},
    {"扣缴({currency})", "Deducted ({currency})", X_NUM, "deducted", 0, 2,
     "0.00", 0, 0, 0, 0, 0},
    {"支出", "Spent", X_KEYS, "spent", 0, 2, "0.00", fund_labels, 0, 0, 0, 0},
    {"余额({currency})", "Balance ({currency})", X_NUM, "balance", 0, 2, "0.00",
     0, 0, 0, 0, 0},
    {0}};

/* aq_api_funds(): the earmarked funds (P8) */
static const xsheet fund_sheets[] = {
    {"奖励资金", "Reward funds", "units", 0, 0, 1, fund_cols}, {0}};

/* aq_api_roads(): the road-cleanliness ranking of a month (issue 20) */
static const xcol roads_cols[] = {
    COL("排名", "Rank", X_NUM, "rank"),
    COL("单位", "Unit", X_TEXT, "unit", .path_en = "unit_en"),
    COL("检测次数", "Inspections", X_NUM, "inspections"),
    COL("保洁时段外", "Outside the cleaning hours", X_NUM, "outside_window"),
    COL("积尘样本", "Dust samples", X_NUM, "dust_samples"),
    COL("平均积尘(g/m²)", "Mean dust (g/m²)", X_NUM, "dust_mean",
        .digits = 2),
    COL("积尘达标率(%)", "Dust compliance (%)", X_NUM, "dust_compliance",
        .digits = 1),
    COL("垃圾样本", "Litter samples", X_NUM, "litter_samples"),
    COL("垃圾停留达标率(%)", "Litter compliance (%)", X_NUM,
        "litter_compliance", .digits = 1),
    COL("PM10(μg/m³)", "PM10 (μg/m³)", X_NUM, "pm10"),
    {"奖惩({currency})", "Reward/penalty ({currency})", X_NUM, "amount", 0, 2,
     MONEY, 0, 0, 0, 0, 1},
    {0}};

/* issue 20: the roads that failed most, one row per unit and road */
static const xcol roads_failed_cols[] = {
    COL("单位", "Unit", X_UNIT, "unit", .up = 1),
    COL("道路", "Road", X_TEXT, "road"),
    COL("未达标次数", "Failures", X_NUM, "failures"),
    COL("积尘超标", "Dust above the limit", X_NUM, "dust_failures"),
    COL("垃圾停留超时", "Litter over the limit", X_NUM, "litter_failures"),
    {0}};

static const xcol roads_unranked_cols[] = {
    COL("单位", "Unit", X_UNIT, "unit"),
    COL("原因", "Reason", X_TEXT, "reason_zh", .path_en = "reason_en"),
    COL("积尘样本", "Dust samples", X_NUM, "dust_samples"),
    COL("最少样本", "Minimum samples", X_NUM, "minimum"),
    {0}};

static const xsheet roads_sheets[] = {
    {"道路保洁排名", "Road cleanliness ranking", "units", 0, 0, 2, roads_cols},
    {"未达标最多的道路", "Roads failed most", "units/failed_roads", 0, 0, 1,
     roads_failed_cols},
    {"未参与排名的单位", "Units not ranked", "unranked", 0, 0, 1,
     roads_unranked_cols},
    {0}};

/* aq_api_track(): the year's targets (D6, D7), a row per unit */
static const xcol track_cols[] = {
    COL("累计排名", "Rank to date", X_NUM, "rank_to_date"),
    COL("单位", "Unit", X_TEXT, "unit", .path_en = "unit_en"),
    COL("累计综合指数", "Composite index to date", X_NUM, "composite_to_date",
        .digits = 2),
    COL("PM2.5累计(μg/m³)", "PM2.5 to date (μg/m³)", X_NUM, "pm25_to_date"),
    COL("PM2.5有效天数", "PM2.5 valid days", X_NUM, "pm25_days"),
    COL("PM2.5目标(μg/m³)", "PM2.5 target (μg/m³)", X_NUM, "pm25_target"),
    COL("全年剩余天数", "Days left in the year", X_NUM, "remaining_days"),
    COL("剩余日控制值(μg/m³)", "Daily limit, rest of year (μg/m³)", X_NUM,
        "pm25_allowance"),
    COL("PM2.5目标可达", "PM2.5 target reachable", X_BOOL, "pm25_reachable"),
    COL("优良天数", "Good days", X_NUM, "good_days"),
    COL("AQI有效天数", "AQI valid days", X_NUM, "valid_aqi_days"),
    COL("优良天数比例(%)", "Good days (%)", X_NUM, "good_days_ratio",
        .digits = 1),
    COL("优良天数比例目标(%)", "Good days target (%)", X_NUM,
        "good_days_ratio_target", .digits = 1),
    COL("还需优良天数", "Good days needed", X_NUM, "good_days_needed"),
    COL("优良天数目标可达", "Good days target reachable", X_BOOL,
        "good_days_reachable"),
    COL("重污染天数", "Heavy days", X_NUM, "heavy_days"),
    COL("重污染天数上限", "Heavy days allowed", X_NUM, "heavy_days_target"),
    COL("重污染天数余量", "Heavy days left", X_NUM, "heavy_days_left",
        .numfmt = SIGNED),
    COL("累计数据是否充足", "Sufficient data to date", X_BOOL,
        "sufficient_to_date"),
    {0}};

static const xsheet track_sheets[] = {
    {"目标进度", "Targets", "units", 0, 0, 2, track_cols}, {0}};

static const xlabel goal_labels[] = {
    {"reward", "奖励", "reward"},
    {"no_deduction", "不被扣缴", "no deduction"},
    {"leave_bottom", "不在末位组", "out of the bottom group"},
    {"not_last", "不在末位", "not last"},
    {0, 0, 0}};
static const xlabel place_labels[] = {
    {"rank", "名次", "rank"}, {"position", "位次", "position"}, {0, 0, 0}};

/* aq_api_plan(): the month to date and as it would be settled (D8) */
static const xcol plan_cols[] = {
    COL("排名", "Rank", X_NUM, "rank"),
    COL("单位", "Unit", X_TEXT, "unit", .path_en = "unit_en"),
    COL("综合指数", "Composite index", X_NUM, "composite_index", .digits = 2),
    COL("PM2.5(μg/m³)", "PM2.5 (μg/m³)", X_NUM, "pm25"),
    COL("PM2.5有效天数", "PM2.5 valid days", X_NUM, "pm25_days"),
    COL("本月剩余天数", "Days left in the month", X_NUM, "remaining_days"),
    COL("数据是否充足", "Sufficient data", X_BOOL, "sufficient"),
    COL("若月末如此：排名", "If the month ended now: rank", X_NUM,
        "projected.rank"),
    COL("若月末如此：占用名次", "If the month ended now: positions", X_SPAN,
        "projected.positions"),
    COL("若月末如此：奖惩({currency})",
        "If the month ended now: reward/penalty ({currency})", X_NUM,
        "projected.amount", .digits = 2, .numfmt = MONEY),
    {0}};

static const xcol plan_sanction_cols[] = {
    COL("单位", "Unit", X_TEXT, "unit", .path_en = "unit_en", .up = 1),
    COL("编号", "Id", X_TEXT, "id"),
    COL("措施", "Measure", X_TEXT, "name_zh", .path_en = "name_en"),
    COL("原因", "Cause", X_TEXT, "cause_zh", .path_en = "cause_en"),
    {0}};

static const xcol goal_cols[] = {
    COL("单位", "Unit", X_TEXT, "unit", .path_en = "unit_en", .up = 1),
    COL("目标", "Goal", X_LABEL, "goal", .labels = goal_labels),
    COL("名次", "Place", X_NUM, "place"),
    COL("按", "By", X_LABEL, "by", .labels = place_labels),
    COL("已做到", "Met", X_BOOL, "met"),
    COL("本月PM2.5上限(μg/m³)", "Monthly PM2.5 at most (μg/m³)", X_NUM,
        "pm25_max"),
    COL("剩余日均上限(μg/m³)", "Remaining days at most (μg/m³)", X_NUM,
        "daily_pm25_max"),
    COL("说明", "In words", X_TEXT, "text_zh", .path_en = "text_en"),
    {0}};

static const xcol threshold_cols[] = {
    COL("单位", "Unit", X_TEXT, "unit", .path_en = "unit_en", .up = 1),
    COL("名次", "Rank", X_NUM, "rank"),
    COL("本月PM2.5上限(μg/m³)", "Monthly PM2.5 at most (μg/m³)", X_NUM,
        "pm25_max"),
    COL("剩余日均上限(μg/m³)", "Remaining days at most (μg/m³)", X_NUM,
        "daily_pm25_max"),
    COL("不限", "Any PM2.5", X_BOOL, "unlimited", .optional = 1),
    {0}};

static const xsheet plan_sheets[] = {
    {"排名测算", "Month to date", "units", 0, 0, 2, plan_cols},
    {"若月末如此：问责", "Sanctions if it ended now",
     "units/projected.sanctions", 0, 0, 1, plan_sanction_cols},
    {"目标", "Goals", "units/goals", 0, 0, 2, goal_cols},
    {"各名次所需PM2.5", "PM2.5 each rank takes", "units/thresholds", 0, 0, 2,
     threshold_cols},
    {0}};

static const xdoc documents[] = {
    {"rank", "period", rank_sheets},
    {"funds", "units", fund_sheets},
    {"audit", "flags", audit_sheets},
    {"roads", "standard", roads_sheets},
    {"track", "targets", track_sheets},
    {"plan", "month", plan_sheets},
};

/* ---- The library ---- */

/*
 * libxlsxwriter, loaded when the first workbook is written instead of by
 * every aqrank command when it starts: linked, it brings libcrypto and
 * libminizip, whose loading added about 1 ms to every run of every
 * command (`aqrank --version` 2.3 -> 3.2 ms, bench/ab.py), the slowest
 * part of a run that writes no workbook. Loaded as `serve` loads
 * libmicrohttpd (src/util/dl.h): the prototypes are the header's, so the
 * compiler checks every call as before.
 */
#define XL_FUNCTIONS(F)                                                        \
    F(workbook_new_opt)                                                        \
    F(workbook_add_format)                                                     \
    F(workbook_add_worksheet)                                                  \
    F(workbook_set_properties)                                                 \
    F(workbook_close)                                                          \
    F(format_set_bold)                                                         \
    F(format_set_bottom)                                                       \
    F(format_set_text_wrap)                                                    \
    F(format_set_align)                                                        \
    F(format_set_num_format)                                                   \
    F(worksheet_write_number)                                                  \
    F(worksheet_write_string)                                                  \
    F(worksheet_set_column)                                                    \
    F(worksheet_freeze_panes)                                                  \
    F(worksheet_autofilter)                                                    \
    F(lxw_strerror)

typedef struct xl_functions {
#define XL_FIELD(name) __typeof__(name) *name;
    XL_FUNCTIONS(XL_FIELD)
#undef XL_FIELD
} xl_functions;

static xl_functions xl;

static char xl_failure[400]; /* why the library did not load, or "" */

static void xl_load(void)
{
    /* the SONAME of Debian 12's libxlsxwriter4, then the -dev link */
    static const char *const names[] = {"libxlsxwriter.so.4",
                                        "libxlsxwriter.so"};
    static const aqx_dl_symbol syms[] = {
#define XL_SYMBOL(name) {#name, offsetof(xl_functions, name)},
        XL_FUNCTIONS(XL_SYMBOL)
#undef XL_SYMBOL
    };
    char why[200];

    if (aqx_dl_load(names, sizeof names / sizeof names[0], syms,
                    sizeof syms / sizeof syms[0], &xl, why, sizeof why) < 0)
        snprintf(xl_failure, sizeof xl_failure,
                 "writing a workbook needs libxlsxwriter (%s), which "
                 "cannot be loaded: install the Debian package "
                 "'libxlsxwriter4' (%s)",
                 names[0], why);
}

/* The library's functions in xl, loaded once for every thread. */
static aq_status xl_ready(aq_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;

    pthread_once(&once, xl_load);
    /* not found, as printing to PDF without Chromium is (exit 4) */
    return xl_failure[0] ? aq_error_set(err, AQ_ENOTFOUND, "%s", xl_failure)
                         : AQ_OK;
}

/* ---- Reading the document ---- */

/* o's member at a dotted path ("yoy.pm25"), NULL when absent */
static const json_t *member(const json_t *o, const char *path)
{
    char key[64];
    const char *dot;
    size_t n;

    while (o && (dot = strchr(path, '.')) != NULL) {
        n = (size_t)(dot - path);
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        o = json_object_get(o, key);
        path = dot + 1;
    }
    return o ? json_object_get(o, path) : NULL;
}

static const char *say(const xlabel *labels, const char *key, int zh)
{
    for (; labels && labels->key; labels++)
        if (!strcmp(labels->key, key))
            return zh ? labels->zh : labels->en;
    return key;
}

#define MAX_DEPTH 4
#define MAX_COLS 64
#define MAX_FORMATS 16
#define WIDTH_MIN 6
#define WIDTH_MAX 60

/* one row: the item and the objects that enclose it, innermost first */
typedef struct xrow {
    const json_t *chain[MAX_DEPTH];
} xrow;

/* a column of the sheet being written (X_KEYS expanded) */
typedef struct xlay {
    const xcol *c;
    const char *key; /* X_KEYS: the member */
    size_t width;    /* display width, CJK counting 2 */
} xlay;

typedef struct xctx {
    lxw_workbook *wb;
    aq_render_doc d;
    lxw_format *head, *text, *wrap;
    struct {
        const char *numfmt;
        lxw_format *f;
    } formats[MAX_FORMATS];
    size_t n_formats;
    xrow *rows;
    size_t n_rows, cap_rows;
    int oom;
} xctx;

static void add_row(xctx *x, const json_t *const *chain, int depth)
{
    xrow *r;
    int i;

    if (x->n_rows == x->cap_rows) {
        size_t cap = x->cap_rows ? 2 * x->cap_rows : 32;
        xrow *p = aqx_realloc(x->rows, cap * sizeof *p);
        if (!p) {
            x->oom = 1;
            return;
        }
        x->rows = p;
        x->cap_rows = cap;
    }
    r = &x->rows[x->n_rows++];
    memset(r, 0, sizeof *r);
    for (i = 0; i <= depth; i++) /* innermost first */
        r->chain[i] = chain[depth - i];
}

/* The rows of spec ("a.b/c/d") under o: each item of the innermost array,
 * with the items that enclose it. */
static void collect(xctx *x, const char *spec, const json_t *o,
                    const json_t **chain, int depth)
{
    const char *slash = strchr(spec, '/');
    char seg[64];
    size_t n = slash ? (size_t)(slash - spec) : strlen(spec), i;
    const json_t *it;

    if (n >= sizeof seg || depth >= MAX_DEPTH)
        return;
    memcpy(seg, spec, n);
    seg[n] = '\0';
    json_array_foreach(member(o, seg), i, it)
    {
        chain[depth] = it;
        if (slash)
            collect(x, slash + 1, it, chain, depth + 1);
        else
            add_row(x, chain, depth);
    }
}

static lxw_format *num_format(xctx *x, const char *numfmt)
{
    size_t i;
    lxw_format *f;

    for (i = 0; i < x->n_formats; i++)
        if (!strcmp(x->formats[i].numfmt, numfmt))
            return x->formats[i].f;
    f = xl.workbook_add_format(x->wb);
    if (!f || x->n_formats == MAX_FORMATS)
        return f;
    xl.format_set_num_format(f, numfmt);
    x->formats[x->n_formats].numfmt = numfmt;
    x->formats[x->n_formats++].f = f;
    return f;
}

static const char *const by_digits[] = {"0", "0.0", "0.00", "0.000"};

/* the object a column reads in row r, NULL when the row has none */
static const json_t *source(const xrow *r, const xcol *c)
{
    const json_t *o = c->up < MAX_DEPTH ? r->chain[c->up] : NULL;
    const json_t *cond;

    if (o && c->if_path) {
        cond = member(o, c->if_path);
        if (!json_is_string(cond) ||
            strcmp(json_string_value(cond), c->if_value))
            return NULL;
    }
    return o;
}

/* Write one cell (text or number); returns its display width. */
static size_t write_number(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                           lxw_col_t col, const json_t *v, int digits,
                           const char *numfmt)
{
    char text[48];
    int64_t scaled, p = 1;
    int i;

    if (aq_render__scaled(v, digits, &scaled) < 0)
        return 0;
    for (i = 0; i < digits; i++)
        p *= 10;
    /* the quotient of two exact doubles is the double nearest to the
     * decimal scaled x 10^-digits */
    xl.worksheet_write_number(
        ws, row, col, (double)scaled / (double)p,
        num_format(x, numfmt ? numfmt : by_digits[digits < 4 ? digits : 3]));
    aq_scaled_format(text, sizeof text, scaled, digits);
    return strlen(text) + (numfmt && strchr(numfmt, '%') ? 2 : 1);
}

static size_t write_text(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                         lxw_col_t col, const char *s)
{
    size_t w = aq_render__width(s);

    if (!*s)
        return 0;
    xl.worksheet_write_string(ws, row, col, s, w > WIDTH_MAX ? x->wrap : x->text);
    return w;
}

static size_t write_cell(xctx *x, lxw_worksheet *ws, lxw_row_t row,
                         lxw_col_t col, const xrow *r, const xlay *l)
{
    const xcol *c = l->c;
    const json_t *o = source(r, c), *v, *e;
    aq_rbuf b = {0};
    size_t w = 0, i;
    int zh = x->d.zh;

    if (!o)
        return 0;
    v = member(o, c->path);
    switch (c->kind) {
    case X_TEXT: {
        const char *s = json_string_value(v);
        const char *en =
            c->path_en ? json_string_value(member(o, c->path_en)) : NULL;
        return write_text(x, ws, row, col, !zh && en && *en ? en : s ? s : "");
    }
    case X_NUM:
        return write_number(x, ws, row, col, v, c->digits, c->numfmt);
    case X_KEYS:
        return write_number(x, ws, row, col, json_object_get(v, l->key),
                            c->digits, c->numfmt);
    case X_BOOL:
        if (!json_is_boolean(v))
            return 0;
        return write_text(x, ws, row, col,
                          json_is_true(v) ? (zh ? "是" : "yes")
                                          : (zh ? "否" : "no"));
    case X_LABEL:
        if (!json_is_string(v))
            return 0;
        return write_text(x, ws, row, col,
                          say(c->labels, json_string_value(v), zh));
    case X_UNIT:
        if (!json_is_string(v))
            return 0;
        return write_text(x, ws, row, col,
                          aq_render__find_name(&x->d, json_string_value(v)));
    case X_SPAN:
        if (json_array_size(v) != 2)
            return 0;
        if (json_equal(json_array_get(v, 0), json_array_get(v, 1)))
            return write_number(x, ws, row, col, json_array_get(v, 0), 0, NULL);
        aq_render__printf(&b, "%lld–%lld",
                          (long long)json_integer_value(json_array_get(v, 0)),
                          (long long)json_integer_value(json_array_get(v, 1)));
        break;
    case X_LIST:
        json_array_foreach(v, i, e)
        {
            if (i)
                aq_render__put(&b, zh ? "、" : ", ");
            aq_render__put(
                &b, say(c->labels,
                        json_is_string(e) ? json_string_value(e) : "", zh));
        }
        break;
    case X_PERIOD:
        if (!json_is_string(v))
            return 0;
        aq_render__period_text(&b, json_string_value(v), zh);
        break;
    case X_REASON:
        aq_render__reason(&b, &x->d, o);
        break;
    }
    aq_render__putn(&b, "", 1);
    if (b.oom)
        x->oom = 1;
    else
        w = write_text(x, ws, row, col, b.p);
    aq_render__dispose(&b);
    return w;
}

/* the heading of a column, with the document's currency unit */
static void heading(const xctx *x, const xlay *l, char *dst, size_t cap)
{
    const char *h = x->d.zh ? l->c->zh : l->c->en, *at;
    const char *cur = aq_render__str(x->d.root, "currency_unit");

    if (l->key) {
        snprintf(dst, cap, "%s", say(l->c->labels, l->key, x->d.zh));
        return;
    }
    at = strstr(h, "{currency}");
    if (!at)
        snprintf(dst, cap, "%s", h);
    else
        snprintf(dst, cap, "%.*s%s%s", (int)(at - h), h, cur,
                 at + sizeof "{currency}" - 1);
}

/* The columns of sheet s for the rows collected: optional columns only
 * when a row has them, X_KEYS once per member. */
static size_t layout(const xctx *x, const xsheet *s, xlay *lay)
{
    const xcol *c;
    size_t n = 0, i;

    for (c = s->cols; c->zh && n < MAX_COLS; c++) {
        if (c->kind == X_KEYS) {
            const json_t *first =
                x->n_rows ? member(source(&x->rows[0], c), c->path) : NULL;
            const char *key;
            const json_t *v;
            json_object_foreach((json_t *)first, key, v)
            {
                if (n == MAX_COLS)
                    break;
                lay[n].c = c;
                lay[n++].key = key;
            }
            continue;
        }
        if (c->optional) {
            for (i = 0; i < x->n_rows; i++) {
                const json_t *o = source(&x->rows[i], c);
                if (o && member(o, c->path))
                    break;
            }
            if (i == x->n_rows)
                continue;
        }
        lay[n].c = c;
        lay[n++].key = NULL;
    }
    return n;
}

static aq_status write_sheet(xctx *x, const xsheet *s, aq_error *err)
{
    const json_t *chain[MAX_DEPTH];
    const char *slash;
    char first[64], head[256];
    xlay lay[MAX_COLS];
    size_t n, i, k;
    lxw_worksheet *ws;

    /* a sheet whose array the document does not have is left out; an
     * empty array gives the headings alone */
    slash = strchr(s->rows, '/');
    k = slash ? (size_t)(slash - s->rows) : strlen(s->rows);
    snprintf(first, sizeof first, "%.*s", (int)k, s->rows);
    if (!json_is_array(member(x->d.root, first)))
        return AQ_OK;
    if (s->if_path) {
        const json_t *v = member(x->d.root, s->if_path);
        if (!json_is_string(v) || strcmp(json_string_value(v), s->if_value))
            return AQ_OK;
    }
    x->n_rows = 0;
    collect(x, s->rows, x->d.root, chain, 0);
    if (x->oom)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    ws = xl.workbook_add_worksheet(x->wb, x->d.zh ? s->zh : s->en);
    if (!ws)
        return aq_error_set(err, AQ_ERROR, "cannot add the sheet '%s'",
                            x->d.zh ? s->zh : s->en);
    n = layout(x, s, lay);
    for (k = 0; k < n; k++) {
        heading(x, &lay[k], head, sizeof head);
        xl.worksheet_write_string(ws, 0, (lxw_col_t)k, head, x->head);
        lay[k].width = aq_render__width(head);
    }
    for (i = 0; i < x->n_rows; i++)
        for (k = 0; k < n; k++) {
            size_t w = write_cell(x, ws, (lxw_row_t)(i + 1), (lxw_col_t)k,
                                  &x->rows[i], &lay[k]);
            if (w > lay[k].width)
                lay[k].width = w;
        }
    for (k = 0; k < n; k++) {
        size_t w = lay[k].width + 2;
        w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
        xl.worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, (double)w, NULL);
    }
    xl.worksheet_freeze_panes(ws, 1, (lxw_col_t)s->freeze_cols);
    if (n)
        xl.worksheet_autofilter(ws, 0, 0, (lxw_row_t)x->n_rows,
                             (lxw_col_t)(n - 1));
    return x->oom ? aq_error_set(err, AQ_ENOMEM, "out of memory") : AQ_OK;
}

/* ---- The workbook ---- */

static aq_status write_book(xctx *x, const xdoc *doc, const char *tmp,
                            aq_error *err)
{
    lxw_workbook_options wopts = {LXW_FALSE, NULL, LXW_FALSE};
    lxw_doc_properties props;
    const xsheet *s;
    lxw_error le;
    aq_status rc = AQ_OK;
    char comment[64];

    x->wb = xl.workbook_new_opt(tmp, &wopts);
    if (!x->wb)
        return aq_error_set(err, AQ_EIO, "cannot create the workbook '%s'",
                            tmp);
    x->head = xl.workbook_add_format(x->wb);
    x->text = xl.workbook_add_format(x->wb);
    x->wrap = xl.workbook_add_format(x->wb);
    if (!x->head || !x->text || !x->wrap) {
        xl.workbook_close(x->wb);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    xl.format_set_bold(x->head);
    xl.format_set_bottom(x->head, LXW_BORDER_THIN);
    xl.format_set_text_wrap(x->wrap);
    xl.format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
    memset(&props, 0, sizeof props);
    snprintf(comment, sizeof comment, "aqrank %s", aq_version());
    props.comments = comment;
    xl.workbook_set_properties(x->wb, &props);
    for (s = doc->sheets; s->zh && rc == AQ_OK; s++)
        rc = write_sheet(x, s, err);
    le = xl.workbook_close(x->wb);
    x->wb = NULL;
    if (rc == AQ_OK && le != LXW_NO_ERROR)
        rc = aq_error_set(
            err, le == LXW_ERROR_MEMORY_MALLOC_FAILED ? AQ_ENOMEM : AQ_EIO,
            "cannot write the workbook: %s", xl.lxw_strerror(le));
    return rc;
}

aq_status aq_render_xlsx(const char *document, const char *json,
                         const aq_render_options *opts, const char *path,
                         aq_error *err)
{
    static const aq_render_options defaults = AQ_RENDER_OPTIONS_INIT;
    const xdoc *doc = NULL;
    json_error_t jerr;
    xctx x;
    char *tmp = NULL;
    const char *lang;
    size_t i, n;
    int fd;
    aq_status rc;

    aq_api__init();
    memset(&x, 0, sizeof x);
    if ((rc = xl_ready(err)) != AQ_OK)
        return rc;
    for (i = 0; i < sizeof documents / sizeof documents[0]; i++)
        if (document && !strcmp(documents[i].name, document))
            doc = &documents[i];
    if (!doc)
        return aq_error_set(err, AQ_EINVALID,
                            "no workbook for the document '%s' (rank, "
                            "funds, audit, roads, track, plan)",
                            document ? document : "(null)");
    if (!opts)
        opts = &defaults;
    lang = opts->lang ? opts->lang : "zh";
    if (opts->version != AQ_RENDER_OPTIONS_VERSION ||
        (strcmp(lang, "zh") && strcmp(lang, "en")))
        return aq_error_set(err, AQ_EINVALID,
                            "render options: version %u, language '%s' "
                            "(zh or en)",
                            opts->version, lang);
    if (!path || !*path)
        return aq_error_set(err, AQ_EINVALID,
                            "no file to write the "
                            "workbook to");
    x.d.root = json ? json_loads(json, 0, &jerr) : NULL;
    if (!json_is_object(x.d.root) || !member(x.d.root, doc->needs)) {
        if (x.d.root)
            rc = aq_error_set(err, AQ_EPARSE, "not a %s document: no \"%s\"",
                              doc->name, doc->needs);
        else if (!json)
            rc = aq_error_set(err, AQ_EPARSE, "no document");
        else if (json_error_code(&jerr) == json_error_out_of_memory ||
                 !jerr.text[0]) /* jansson says nothing when out of memory */
            rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        else
            rc = aq_error_set_at(
                err, AQ_EPARSE, "document",
                (unsigned long)(jerr.line > 0 ? jerr.line : 0),
                (unsigned long)(jerr.column > 0 ? jerr.column : 0), "%s",
                jerr.text);
        json_decref(x.d.root);
        return rc;
    }
    x.d.zh = strcmp(lang, "en") != 0;
    x.d.opts = opts;
    x.d.jurisdiction = "";
    /* written beside the target and renamed over it when complete, so
     * that a failure never leaves half a workbook under the name */
    n = strlen(path) + 32;
    tmp = aqx_malloc(n);
    if (!tmp) {
        json_decref(x.d.root);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    snprintf(tmp, n, "%s.%ld.part", path, (long)getpid());
    /* created here with the umask's mode (the target's, not mkstemp's
     * 0600), then filled by libxlsxwriter */
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0) {
        rc = aq_error_set(err, AQ_EIO, "cannot write '%s': %s", path,
                          strerror(errno));
    } else {
        close(fd);
        rc = write_book(&x, doc, tmp, err);
        if (rc == AQ_OK && rename(tmp, path) != 0)
            rc = aq_error_set(err, AQ_EIO, "cannot write '%s': %s", path,
                              strerror(errno));
        if (rc != AQ_OK)
            unlink(tmp);
    }
    aqx_free(tmp);
    aqx_free(x.rows);
    json_decref(x.d.root);
    return rc;
}
