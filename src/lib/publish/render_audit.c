/* SPDX-License-Identifier: MIT */
/*
 * Renderings of the audit document (aq_api_audit(), issue 17): a table
 * for a person in Chinese or English (the flags with their evidence in a
 * sentence, the stations with flagged hours, the units' composite index
 * without them), and CSV for a data-review team's worklist (one row per
 * flag). Both read only the JSON document.
 */
#include <jansson.h>
#include <string.h>

#include "aq/render.h"
#include "lib/publish/api_internal.h"
#include "lib/publish/render_internal.h"
#include "util/alloc.h"

/* Each kind in words, and its evidence in a sentence: %1$s.. are the
 * values of `keys` in order (the formats of both languages pick them by
 * position); "hours" is the flag's own member, the others its evidence's. */
static const struct kind_text {
    const char *code, *zh, *en;
    const char *zh_says, *en_says;
    const char *keys[5];
} kinds[] = {
    {"flatline",
     "长时间恒值",
     "constant value",
     "数值 %1$s 连续 %2$s 小时不变",
     "value %1$s unchanged for %2$s hours",
     {"value", "hours", NULL, NULL, NULL}},
    {"pm25_gt_pm10",
     "PM2.5 大于 PM10",
     "PM2.5 above PM10",
     "%1$s 天内 %2$s 小时 PM2.5 超出 PM10 及容差（均值 PM2.5 %3$s，PM10 "
     "%4$s）",
     "%2$s hours with PM2.5 beyond PM10 and its tolerance, on %1$s day(s) "
     "(means: PM2.5 %3$s, PM10 %4$s)",
     {"days", "hours", "pm25_mean", "pm10_mean", NULL}},
    {"neighbour_divergence",
     "明显低于周边",
     "far below neighbours",
     "本站均值 %1$s，周边 %2$s 站中位数的均值 %3$s（比值 %4$s）",
     "station mean %1$s against the median of %2$s neighbours, mean %3$s "
     "(ratio %4$s)",
     {"station_mean", "neighbours", "neighbour_median_mean", "ratio", NULL}},
    {"selective_gaps",
     "缺测集中于污染时段",
     "gaps in polluted hours",
     "缺测 %1$s 小时中 %2$s 小时在周边污染最重的时段（随机预期 %3$s，偶然出现"
     "的概率 %4$s）",
     "%2$s of %1$s missing hours fall in the neighbours' most polluted hours "
     "(%3$s expected by chance; probability %4$s)",
     {"missing_hours", "polluted_missing_hours", "expected", "p_value", NULL}},
    {"step_change",
     "相对周边突变",
     "step against neighbours",
     "自 %1$s 起与周边的比值由 %2$s 变为 %3$s（前 %4$s 天，后 %5$s 天）",
     "from %1$s the ratio to the neighbours went from %2$s to %3$s (%4$s "
     "days before, %5$s after)",
     {"day", "ratio_before", "ratio_after", "days_before", "days_after"}},
};

static const struct kind_text *kind_of(const char *code)
{
    size_t i;

    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kinds[i].code, code))
            return &kinds[i];
    return NULL;
}

static const char *kind_text(const char *code, int zh)
{
    const struct kind_text *k = kind_of(code);

    return !k ? code : zh ? k->zh : k->en;
}

/* The pollutant as written in bulletins of both languages. */
static const char *pollutant_text(const char *code)
{
    static const char *const names[][2] = {{"so2", "SO2"},   {"no2", "NO2"},
                                           {"pm10", "PM10"}, {"pm25", "PM2.5"},
                                           {"co", "CO"},     {"o3", "O3"}};
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(names[i][0], code))
            return names[i][1];
    return code;
}

static json_t *load(const char *json, aq_error *err)
{
    json_error_t jerr;
    json_t *doc;

    aq_api__init();
    if (!json) {
        aq_error_set(err, AQ_EPARSE, "no audit document");
        return NULL;
    }
    doc = json_loads(json, 0, &jerr);
    if (!doc) {
        aq_error_set_at(err, AQ_EPARSE, "audit document",
                        (unsigned long)(jerr.line > 0 ? jerr.line : 0),
                        (unsigned long)(jerr.column > 0 ? jerr.column : 0),
                        "%s", jerr.text);
        return NULL;
    }
    if (!json_is_object(doc) ||
        !json_is_string(json_object_get(doc, "month")) ||
        !json_is_array(json_object_get(doc, "flags")) ||
        !json_is_array(json_object_get(doc, "stations"))) {
        json_decref(doc);
        aq_error_set(err, AQ_EPARSE,
                     "not an audit document: expected an object with "
                     "\"month\", \"flags\" and \"stations\"");
        return NULL;
    }
    return doc;
}

/* A JSON value as text, with the decimals the document gives it. */
static const char *text_of(char *dst, size_t cap, const json_t *v)
{
    if (json_is_integer(v))
        snprintf(dst, cap, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(dst, cap, "%.15g", json_real_value(v));
    else if (json_is_string(v))
        snprintf(dst, cap, "%s", json_string_value(v));
    else
        snprintf(dst, cap, "—");
    return dst;
}

static const char *num(char *dst, size_t cap, const json_t *o, const char *key)
{
    return text_of(dst, cap, json_object_get(o, key));
}

/* The evidence of a flag in one sentence. */
static void evidence(aq_rbuf *b, const json_t *flag, int zh)
{
    const struct kind_text *k = kind_of(aq_render__str(flag, "kind"));
    const json_t *e = json_object_get(flag, "evidence");
    char x[5][48];
    int i;

    if (!k)
        return;
    for (i = 0; i < 5; i++)
        if (!k->keys[i])
            x[i][0] = '\0';
        else
            num(x[i], sizeof x[i], strcmp(k->keys[i], "hours") ? e : flag,
                k->keys[i]);
    aq_render__printf(b, zh ? k->zh_says : k->en_says, x[0], x[1], x[2], x[3],
                      x[4]);
}

/* "2019-01-05T03" as "01-05 03时" / "01-05 03:00" */
static void hour_text(char *dst, size_t cap, const char *label, int zh)
{
    if (strlen(label) != 13) {
        snprintf(dst, cap, "%s", label);
        return;
    }
    snprintf(dst, cap, zh ? "%.5s %.2s时" : "%.5s %.2s:00", label + 5,
             label + 11);
}

static void station_text(char *dst, size_t cap, const json_t *o,
                         const char *name_key)
{
    const char *name = aq_render__str(o, name_key);

    if (*name)
        snprintf(dst, cap, "%s (%s)", name, aq_render__str(o, "station"));
    else
        snprintf(dst, cap, "%s", aq_render__str(o, "station"));
}

/* ---- An aligned table ---- */

#define CELL 256

typedef struct table {
    char (*cell)[CELL];
    size_t cols, rows, cap;
    int oom;
} table;

static char *add_cell(table *t, size_t row, size_t col)
{
    if (row >= t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char(*nc)[CELL] = aqx_realloc(t->cell, cap * t->cols * sizeof *nc);
        if (!nc) {
            t->oom = 1;
            return NULL;
        }
        t->cell = nc;
        t->cap = cap;
    }
    if (row >= t->rows) {
        memset(t->cell[t->rows * t->cols], 0,
               (row + 1 - t->rows) * t->cols * CELL);
        t->rows = row + 1;
    }
    return t->cell[row * t->cols + col];
}

static void set(table *t, size_t row, size_t col, const char *text)
{
    char *c = add_cell(t, row, col);

    if (c)
        snprintf(c, CELL, "%s", text);
}

/* Columns padded to their widest cell (display width); the columns in
 * `left` are left-aligned, the others right-aligned; the last is never
 * padded on the right. */
static void put_table(aq_rbuf *b, const table *t, unsigned left)
{
    size_t width[16] = {0}, r, c, k;

    for (r = 0; r < t->rows; r++)
        for (c = 0; c < t->cols && c < 16; c++) {
            size_t w = aq_render__width(t->cell[r * t->cols + c]);
            if (w > width[c])
                width[c] = w;
        }
    for (r = 0; r < t->rows; r++) {
        for (c = 0; c < t->cols && c < 16; c++) {
            const char *s = t->cell[r * t->cols + c];
            size_t pad = width[c] - aq_render__width(s);
            int is_left = (left >> c) & 1u;
            if (c)
                aq_render__put(b, "  ");
            for (k = 0; !is_left && k < pad; k++)
                aq_render__put(b, " ");
            aq_render__put(b, s);
            for (k = 0; is_left && c + 1 < t->cols && k < pad; k++)
                aq_render__put(b, " ");
        }
        aq_render__put(b, "\n");
    }
}

/* ---- The table for a person ---- */

static void flags_table(const json_t *doc, int zh, table *t)
{
    static const char *const head[2][8] = {
        {"station", "unit", "pollutant", "flag", "from", "to", "hours",
         "evidence"},
        {"站点", "单位", "污染物", "类型", "起", "止", "小时数", "依据"}};
    const json_t *f;
    size_t i, c;
    char buf[CELL];

    for (c = 0; c < 8; c++)
        set(t, 0, c, head[zh][c]);
    json_array_foreach(json_object_get(doc, "flags"), i, f)
    {
        aq_rbuf ev = {NULL, 0, 0, 0};
        station_text(buf, sizeof buf, f, "station_name");
        set(t, i + 1, 0, buf);
        set(t, i + 1, 1, aq_render__unit_name(f, zh));
        set(t, i + 1, 2, pollutant_text(aq_render__str(f, "pollutant")));
        set(t, i + 1, 3, kind_text(aq_render__str(f, "kind"), zh));
        hour_text(buf, sizeof buf, aq_render__str(f, "from"), zh);
        set(t, i + 1, 4, buf);
        hour_text(buf, sizeof buf, aq_render__str(f, "to"), zh);
        set(t, i + 1, 5, buf);
        set(t, i + 1, 6, num(buf, sizeof buf, f, "hours"));
        evidence(&ev, f, zh);
        set(t, i + 1, 7, ev.p ? ev.p : "");
        t->oom |= ev.oom;
        aq_render__dispose(&ev);
    }
}

static size_t stations_table(const json_t *doc, int zh, table *t)
{
    static const char *const head[2][6] = {
        {"station", "unit", "hours", "valid hours", "flagged hours", "share"},
        {"站点", "单位", "小时数", "有效小时", "标记小时", "占比"}};
    const json_t *s;
    size_t i, c, row = 0;
    char buf[CELL];

    for (c = 0; c < 6; c++)
        set(t, 0, c, head[zh][c]);
    json_array_foreach(json_object_get(doc, "stations"), i, s)
    {
        int64_t share;
        if (json_integer_value(json_object_get(s, "flagged_hours")) == 0)
            continue;
        row++;
        station_text(buf, sizeof buf, s, "name");
        set(t, row, 0, buf);
        set(t, row, 1, aq_render__unit_name(s, zh));
        set(t, row, 2, num(buf, sizeof buf, s, "hours"));
        set(t, row, 3, num(buf, sizeof buf, s, "valid_hours"));
        set(t, row, 4, num(buf, sizeof buf, s, "flagged_hours"));
        /* the share in thousandths, shown as a percentage */
        if (aq_render__scaled(json_object_get(s, "flagged_share"), 3, &share) ==
            0)
            snprintf(buf, sizeof buf, "%lld.%lld%%", (long long)(share / 10),
                     (long long)(share % 10));
        else
            snprintf(buf, sizeof buf, "—");
        set(t, row, 5, buf);
    }
    return row;
}

static size_t units_table(const json_t *doc, int zh, table *t)
{
    static const char *const head[2][5] = {
        {"unit", "flagged hours", "composite index", "without flagged hours",
         "change"},
        {"单位", "标记小时", "综合指数", "剔除标记小时后", "变化"}};
    const json_t *u;
    size_t i, c, row = 0;
    char buf[CELL];

    for (c = 0; c < 5; c++)
        set(t, 0, c, head[zh][c]);
    json_array_foreach(json_object_get(doc, "units"), i, u)
    {
        if (json_integer_value(json_object_get(u, "flagged_hours")) == 0)
            continue;
        row++;
        set(t, row, 0, aq_render__unit_name(u, zh));
        set(t, row, 1, num(buf, sizeof buf, u, "flagged_hours"));
        set(t, row, 2,
            aq_render__num(buf, sizeof buf,
                           json_object_get(u, "composite_index"), 2, "—"));
        set(t, row, 3,
            aq_render__num(buf, sizeof buf,
                           json_object_get(u, "composite_index_without_flags"),
                           2, "—"));
        set(t, row, 4,
            aq_render__num(buf, sizeof buf, json_object_get(u, "change"), 2,
                           "—"));
    }
    return row;
}

aq_status aq_render_audit_table(const char *audit_json, const char *lang,
                                char **out, aq_error *err)
{
    aq_rbuf b = {NULL, 0, 0, 0};
    table t = {NULL, 8, 0, 0, 0};
    json_t *doc;
    size_t n_flags, n_st, n_units;
    int zh;

    *out = NULL;
    if (lang && strcmp(lang, "zh") && strcmp(lang, "en"))
        return aq_error_set(err, AQ_EINVALID,
                            "language must be zh or en, got '%s'", lang);
    zh = !lang || !strcmp(lang, "zh");
    if (!(doc = load(audit_json, err)))
        return err ? err->code : AQ_EPARSE;
    n_flags = json_array_size(json_object_get(doc, "flags"));
    aq_render__period_text(&b, aq_render__str(doc, "month"), zh);
    aq_render__put(&b, zh ? " 监测数据审核" : ": monitoring data audit");
    if (json_is_string(json_object_get(doc, "unit")))
        aq_render__printf(&b, zh ? "（%s）" : " (%s)",
                          aq_render__str(doc, "unit"));
    aq_render__put(&b, "\n");
    if (json_is_string(json_object_get(doc, "since")))
        aq_render__printf(
            &b, zh ? "列出 %s 起的标记。\n" : "Flags ending on or after %s.\n",
            aq_render__str(doc, "since"));
    aq_render__put(&b, zh ? "标记只提示需要复核的小时，不改变任何数值、统计"
                            "或排名；时刻为小时结束时刻。\n\n"
                          : "A flag only points at hours to review: it "
                            "changes no value, statistic or rank. Hours are "
                            "hour-ending.\n\n");
    if (n_flags) {
        aq_render__printf(&b, zh ? "标记（%zu）：\n" : "Flags (%zu):\n",
                          n_flags);
        flags_table(doc, zh, &t);
        put_table(&b, &t, 0xBFu); /* the hours right-aligned */
    } else {
        aq_render__put(&b, zh ? "无标记。\n" : "No flags.\n");
    }
    t.rows = 0;
    t.cols = 6;
    n_st = stations_table(doc, zh, &t);
    if (n_st) {
        aq_render__put(&b, zh ? "\n有标记的站点：\n"
                              : "\nStations with flagged hours:\n");
        put_table(&b, &t, 0x3u);
    }
    t.rows = 0;
    t.cols = 5;
    n_units = units_table(doc, zh, &t);
    if (n_units) {
        aq_render__put(&b, zh ? "\n剔除标记小时后的月综合指数（仅供参考）：\n"
                              : "\nThe month's composite index without the "
                                "flagged hours (for information only):\n");
        put_table(&b, &t, 0x1u);
    }
    b.oom |= t.oom;
    aqx_free(t.cell);
    json_decref(doc);
    return aq_render__finish(&b, out, err);
}

/* ---- CSV: the review team's worklist ---- */

aq_status aq_render_audit_csv(const char *audit_json, char **out, aq_error *err)
{
    aq_rbuf b = {NULL, 0, 0, 0};
    const json_t *f;
    json_t *doc;
    size_t i;

    *out = NULL;
    if (!(doc = load(audit_json, err)))
        return err ? err->code : AQ_EPARSE;
    aq_render__put(&b, "station,station_name,unit,pollutant,kind,from,to,"
                       "hours,evidence\r\n");
    json_array_foreach(json_object_get(doc, "flags"), i, f)
    {
        const char *key;
        const json_t *v;
        aq_rbuf ev = {NULL, 0, 0, 0};
        char x[48];
        static const char *const cols[] = {"station",   "station_name", "unit",
                                           "pollutant", "kind",         "from",
                                           "to"};
        size_t c;
        for (c = 0; c < sizeof cols / sizeof cols[0]; c++) {
            aq_render__csv_field(&b, aq_render__str(f, cols[c]));
            aq_render__put(&b, ",");
        }
        aq_render__printf(&b, "%s,", num(x, sizeof x, f, "hours"));
        /* the evidence as key=value pairs, in the document's order */
        json_object_foreach((json_t *)json_object_get(f, "evidence"), key, v)
            aq_render__printf(&ev, "%s%s=%s", ev.n ? "; " : "", key,
                              text_of(x, sizeof x, v));
        aq_render__csv_field(&b, ev.p ? ev.p : "");
        aq_render__put(&b, "\r\n");
        b.oom |= ev.oom;
        aq_render__dispose(&ev);
    }
    json_decref(doc);
    return aq_render__finish(&b, out, err);
}
