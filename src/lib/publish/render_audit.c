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
#include "lib/publish/words_internal.h"
#include "util/alloc.h"

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

static const char *num(char *dst, size_t cap, const json_t *o, const char *key)
{
    return aq_words__audit_value(dst, cap, json_object_get(o, key));
}

/* a station in the table's language: "东四（Dongsi）" / "station Dongsi" */
static void station_text(char *dst, size_t cap, const json_t *o,
                         const char *name_key, int zh)
{
    aq_rbuf t = {NULL, 0, 0, 0};

    aq_words__station(&t, aq_render__str(o, "station"),
                      aq_render__str(o, name_key), zh);
    snprintf(dst, cap, "%s", t.p && !t.oom ? t.p : "");
    aq_render__dispose(&t);
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
        station_text(buf, sizeof buf, f, "station_name", zh);
        set(t, i + 1, 0, buf);
        set(t, i + 1, 1, aq_render__unit_name(f, zh));
        set(t, i + 1, 2, aq_render__pollutant(aq_render__str(f, "pollutant")));
        set(t, i + 1, 3, aq_render__str(f, zh ? "kind_zh" : "kind_en"));
        aq_words__audit_hour(buf, sizeof buf, aq_render__str(f, "from"), zh);
        set(t, i + 1, 4, buf);
        aq_words__audit_hour(buf, sizeof buf, aq_render__str(f, "to"), zh);
        set(t, i + 1, 5, buf);
        set(t, i + 1, 6, num(buf, sizeof buf, f, "hours"));
        set(t, i + 1, 7, aq_render__str(f, zh ? "text_zh" : "text_en"));
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
        station_text(buf, sizeof buf, s, "name", zh);
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
                              aq_words__audit_value(x, sizeof x, v));
        aq_render__csv_field(&b, ev.p ? ev.p : "");
        aq_render__put(&b, "\r\n");
        b.oom |= ev.oom;
        aq_render__dispose(&ev);
    }
    json_decref(doc);
    return aq_render__finish(&b, out, err);
}
