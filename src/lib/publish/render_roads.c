/* SPDX-License-Identifier: MIT */
/*
 * The road-cleanliness documents rendered (issue 20): the cells of the
 * ranking table that the terminal table, the Markdown and the HTML
 * bulletin share; the terminal table and CSV of aq_render_roads() for the
 * month document and for the rows of every month (PM10 beside); the
 * bulletin's road section is render_md.c's and render_html.c's, its chart
 * render_svg.c's. Everything
 * comes from the documents of api_roads.c; numbers are printed with the
 * decimals they were rounded to (0.01 g/m2, 0.1 %, whole ug/m3).
 */
#include <stdio.h>
#include <string.h>

#include "lib/publish/render_internal.h"
#include "lib/publish/words_internal.h"
#include "util/alloc.h"

/* ---- The table's cells ---- */

const json_t *aq_render__roads_of(const aq_render_doc *d)
{
    const json_t *roads = json_object_get(d->root, "roads");

    return json_integer_value(json_object_get(roads, "inspections")) > 0
               ? roads
               : NULL;
}

int aq_render__roads_cols(const json_t *roads)
{
    /* the amount only when the policy gives the road ranking ladders */
    return json_is_string(json_object_get(roads, "currency_unit"))
               ? AQ_RENDER_RCOLS
               : AQ_RENDER_RCOLS - 1;
}

void aq_render__roads_head(const aq_render_doc *d, const json_t *roads, int c,
                           char cell[AQ_RENDER_RCELL])
{
    static const char *const keys[AQ_RENDER_RCOLS] = {
        "rank",
        "unit",
        "roads_inspections",
        "roads_dust_samples",
        "roads_dust_mean",
        "roads_dust_compliance",
        "roads_litter_samples",
        "roads_litter_compliance",
        "roads_pm10",
        "roads_failed",
        "amount"};
    const char *cur = aq_words__currency(
        aq_render__str(roads, "currency_unit"), d->zh);

    if (c == AQ_RENDER_RCOLS - 1 && *cur)
        snprintf(cell, AQ_RENDER_RCELL, "%s(%s)", aq_render__label(d, keys[c]),
                 cur);
    else
        snprintf(cell, AQ_RENDER_RCELL, "%s", aq_render__label(d, keys[c]));
}

static const char *count_text(char *dst, size_t cap, const json_t *v)
{
    return aq_render__num(dst, cap, v, 0, "—");
}

void aq_render__roads_row(const aq_render_doc *d, const json_t *u,
                          char cells[AQ_RENDER_RCOLS][AQ_RENDER_RCELL])
{
    const json_t *f;
    size_t i, n = 0;

    aq_render__rank_text(cells[0], AQ_RENDER_RCELL, u);
    snprintf(cells[1], AQ_RENDER_RCELL, "%s", aq_render__unit_name(u, d->zh));
    count_text(cells[2], AQ_RENDER_RCELL, json_object_get(u, "inspections"));
    count_text(cells[3], AQ_RENDER_RCELL, json_object_get(u, "dust_samples"));
    aq_render__num(cells[4], AQ_RENDER_RCELL, json_object_get(u, "dust_mean"),
                   2, "—");
    aq_render__num(cells[5], AQ_RENDER_RCELL,
                   json_object_get(u, "dust_compliance"), 1, "—");
    count_text(cells[6], AQ_RENDER_RCELL,
               json_object_get(u, "litter_samples"));
    aq_render__num(cells[7], AQ_RENDER_RCELL,
                   json_object_get(u, "litter_compliance"), 1, "—");
    aq_render__num(cells[8], AQ_RENDER_RCELL, json_object_get(u, "pm10"), 0,
                   "—");
    /* the roads that failed most: "人民路(2)、胜利路(1)" */
    cells[9][0] = '\0';
    json_array_foreach(json_object_get(u, "failed_roads"), i, f) {
        size_t left = AQ_RENDER_RCELL - n;
        int w = snprintf(cells[9] + n, left,
                         d->zh ? "%s%s(%lld)" : "%s%s (%lld)",
                         i ? (d->zh ? "、" : ", ") : "",
                         aq_render__str(f, "road"),
                         (long long)json_integer_value(
                             json_object_get(f, "failures")));
        if (w < 0 || (size_t)w >= left)
            break;
        n += (size_t)w;
    }
    if (!n)
        snprintf(cells[9], AQ_RENDER_RCELL, "—");
    aq_render__amount(cells[10], AQ_RENDER_RCELL, json_object_get(u, "amount"),
                      1, "—");
}

void aq_render__roads_title(aq_rbuf *b, const aq_render_doc *d,
                            const json_t *roads)
{
    if (d->zh) {
        aq_render__put(b, d->jurisdiction);
        aq_render__period_text(b, aq_render__str(roads, "period"), 1);
        aq_render__put(b, aq_render__label(d, "roads_ranking"));
    } else {
        if (*d->jurisdiction)
            aq_render__printf(b, "%s ", d->jurisdiction);
        aq_render__printf(b, "%s, ", aq_render__label(d, "roads_ranking"));
        aq_render__period_text(b, aq_render__str(roads, "period"), 0);
    }
}

void aq_render__roads_notes(const aq_render_doc *d, const json_t *roads,
                            const char *notes[4])
{
    const json_t *w = json_object_get(roads, "amounts_withheld");
    const char *lang = d->zh ? "zh" : "en";
    char key[32];

    snprintf(key, sizeof key, "text_%s", lang);
    notes[0] = aq_render__str(json_object_get(roads, "standard"), key);
    snprintf(key, sizeof key, "outside_window_%s", lang);
    notes[1] = aq_render__str(roads, key);
    notes[2] = w ? aq_render__str(w, d->zh ? "text_zh" : "text_en") : "";
    notes[3] = aq_render__label(d, "roads_legend");
}

void aq_render__roads_reason(aq_rbuf *b, const aq_render_doc *d,
                             const json_t *unranked)
{
    aq_render__printf(b, d->zh ? "%s：%s" : "%s: %s",
                      aq_render__find_name(d, aq_render__str(unranked,
                                                             "unit")),
                      aq_render__str(unranked,
                                     d->zh ? "reason_zh" : "reason_en"));
}

/* ---- aq_render_roads: the terminal table and CSV ---- */

static void pad(aq_rbuf *b, size_t n)
{
    while (n--)
        aq_render__put(b, " ");
}

/* cells[rows][cols] of AQ_RENDER_RCELL bytes, aligned in columns: the
 * columns whose bit is set in `left` left-aligned (texts), the others
 * right-aligned (numbers); wide characters count 2 */
static void grid(aq_rbuf *b, char (*cells)[AQ_RENDER_RCOLS][AQ_RENDER_RCELL],
                 size_t rows, int cols, unsigned left)
{
    size_t width[AQ_RENDER_RCOLS], r;
    int c;

    for (c = 0; c < cols; c++) {
        width[c] = 0;
        for (r = 0; r < rows; r++)
            if (aq_render__width(cells[r][c]) > width[c])
                width[c] = aq_render__width(cells[r][c]);
    }
    for (r = 0; r < rows; r++) {
        for (c = 0; c < cols; c++) {
            size_t w = aq_render__width(cells[r][c]);
            if (c)
                aq_render__put(b, "  ");
            if (left & (1u << c)) {
                aq_render__put(b, cells[r][c]);
                if (c < cols - 1)
                    pad(b, width[c] - w);
            } else {
                pad(b, width[c] - w);
                aq_render__put(b, cells[r][c]);
            }
        }
        aq_render__put(b, "\n");
    }
}

static aq_status month_table(const aq_render_doc *d, aq_rbuf *b,
                             aq_error *err)
{
    const json_t *units = json_object_get(d->root, "units"), *x;
    char(*cells)[AQ_RENDER_RCOLS][AQ_RENDER_RCELL];
    const char *notes[4];
    size_t n = json_array_size(units), i;
    int c, cols = aq_render__roads_cols(d->root);

    aq_render__roads_title(b, d, d->root);
    aq_render__printf(b, "\n%s: %lld; %s: %lld\n",
                      aq_render__label(d, "roads_inspections"),
                      (long long)json_integer_value(
                          json_object_get(d->root, "inspections")),
                      aq_render__label(d, "ranked_units"),
                      (long long)json_integer_value(
                          json_object_get(d->root, "ranked_units")));
    aq_render__roads_notes(d, d->root, notes);
    for (i = 0; i < 3; i++)
        if (*notes[i])
            aq_render__printf(b, "%s\n", notes[i]);
    aq_render__put(b, "\n");
    if (!json_integer_value(json_object_get(d->root, "inspections"))) {
        aq_render__printf(b, "%s\n", aq_render__label(d, "roads_no_inspections"));
        return AQ_OK;
    }
    if (!(cells = aqx_calloc(n + 1, sizeof *cells)))
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (c = 0; c < cols; c++)
        aq_render__roads_head(d, d->root, c, cells[0][c]);
    json_array_foreach(units, i, x)
        aq_render__roads_row(d, x, cells[i + 1]);
    /* the unit and the roads left-aligned */
    grid(b, cells, n + 1, cols, 1u << 1 | 1u << 9);
    aqx_free(cells);
    if (json_array_size(json_object_get(d->root, "unranked"))) {
        aq_render__printf(b, "\n%s:\n", aq_render__label(d, "roads_unranked"));
        json_array_foreach(json_object_get(d->root, "unranked"), i, x) {
            aq_render__put(b, "  ");
            aq_render__roads_reason(b, d, x);
            aq_render__put(b, "\n");
        }
    }
    aq_render__printf(b, "\n%s\n", notes[3]);
    return AQ_OK;
}

/* The numbers of a CSV row: a member and its decimals. */
typedef struct csv_col {
    const char *key;
    int digits;
} csv_col;

static void csv_nums(aq_rbuf *b, const json_t *o, const csv_col *cols)
{
    char text[48];

    for (; cols->key; cols++) {
        aq_render__put(b, ",");
        aq_render__put(b, aq_render__num(text, sizeof text,
                                         json_object_get(o, cols->key),
                                         cols->digits, ""));
    }
}

/* CSV of the month: one row per unit, the failed roads as
 * "road:failures" separated by "; ". */
static void month_csv(const aq_render_doc *d, aq_rbuf *b)
{
    static const csv_col nums[] = {
        {"inspections", 0},     {"outside_window", 0},
        {"dust_samples", 0},    {"dust_mean", 2},
        {"dust_compliance", 1}, {"litter_samples", 0},
        {"litter_compliance", 1}, {"pm10", 0},
        {NULL, 0}};
    const json_t *u, *f;
    size_t i, k;

    aq_render__put(b, "rank,unit,unit_en,inspections,outside_window,"
                      "dust_samples,dust_mean,dust_compliance,"
                      "litter_samples,litter_compliance,pm10,failed_roads,"
                      "amount\n");
    json_array_foreach(json_object_get(d->root, "units"), i, u) {
        aq_rbuf roads = {NULL, 0, 0, 0};
        char amount[48];
        aq_render__put(b, aq_render__num(amount, sizeof amount,
                                         json_object_get(u, "rank"), 0, ""));
        aq_render__put(b, ",");
        aq_render__csv_field(b, aq_render__str(u, "unit"));
        aq_render__put(b, ",");
        aq_render__csv_field(b, aq_render__str(u, "unit_en"));
        csv_nums(b, u, nums);
        json_array_foreach(json_object_get(u, "failed_roads"), k, f)
            aq_render__printf(&roads, "%s%s:%lld", k ? "; " : "",
                              aq_render__str(f, "road"),
                              (long long)json_integer_value(
                                  json_object_get(f, "failures")));
        if (roads.oom)
            b->oom = 1;
        aq_render__put(b, ",");
        aq_render__csv_field(b, roads.p ? roads.p : "");
        aq_render__dispose(&roads);
        aq_render__put(b, ",");
        aq_render__put(b, aq_render__amount(amount, sizeof amount,
                                            json_object_get(u, "amount"), 0,
                                            ""));
        aq_render__put(b, "\n");
    }
}

/* The rows of every month as CSV. */
static void rows_csv(const json_t *root, aq_rbuf *b)
{
    static const csv_col nums[] = {
        {"dust_compliance", 1}, {"dust_mean", 2}, {"litter_compliance", 1},
        {"rank", 0},            {"pm10", 0},      {"dust_samples", 0},
        {"inspections", 0},     {NULL, 0}};
    const json_t *r;
    size_t i;

    aq_render__put(b, "unit,period,dust_compliance,dust_mean,"
                      "litter_compliance,rank,pm10,dust_samples,"
                      "inspections\n");
    json_array_foreach(json_object_get(root, "rows"), i, r) {
        aq_render__csv_field(b, aq_render__str(r, "unit"));
        aq_render__put(b, ",");
        aq_render__put(b, aq_render__str(r, "period"));
        csv_nums(b, r, nums);
        aq_render__put(b, "\n");
    }
}

/* The rows of every month as a table for people: month, unit, dust
 * compliance, mean dust, rank, PM10. */
static aq_status rows_table(const json_t *root, int zh, aq_rbuf *b,
                            aq_error *err)
{
    static const char *const heads[6] = {"period",
                                         "unit",
                                         "roads_dust_compliance",
                                         "roads_dust_mean",
                                         "rank",
                                         "roads_pm10"};
    const json_t *rows = json_object_get(root, "rows"), *r;
    char(*cells)[AQ_RENDER_RCOLS][AQ_RENDER_RCELL];
    aq_render_doc d;
    size_t i;
    int c;

    memset(&d, 0, sizeof d);
    d.zh = zh;
    if (!(cells = aqx_calloc(json_array_size(rows) + 1, sizeof *cells)))
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (c = 0; c < 6; c++)
        snprintf(cells[0][c], AQ_RENDER_RCELL, "%s",
                 aq_render__label(&d, heads[c]));
    json_array_foreach(rows, i, r) {
        char(*row)[AQ_RENDER_RCELL] = cells[i + 1];
        snprintf(row[0], AQ_RENDER_RCELL, "%s", aq_render__str(r, "period"));
        snprintf(row[1], AQ_RENDER_RCELL, "%s", aq_render__unit_name(r, zh));
        aq_render__num(row[2], AQ_RENDER_RCELL,
                       json_object_get(r, "dust_compliance"), 1, "—");
        aq_render__num(row[3], AQ_RENDER_RCELL, json_object_get(r, "dust_mean"),
                       2, "—");
        aq_render__num(row[4], AQ_RENDER_RCELL, json_object_get(r, "rank"), 0,
                       "—");
        aq_render__num(row[5], AQ_RENDER_RCELL, json_object_get(r, "pm10"), 0,
                       "—");
    }
    grid(b, cells, json_array_size(rows) + 1, 6, 1u << 1);
    aqx_free(cells);
    return AQ_OK;
}

aq_status aq_render_roads(const char *format, const char *json,
                          const aq_render_options *opts, char **out,
                          aq_error *err)
{
    aq_render_doc d;
    aq_rbuf b = {NULL, 0, 0, 0};
    json_t *root;
    aq_status rc = AQ_OK;
    int csv, zh;

    *out = NULL;
    if (!format || (strcmp(format, "table") && strcmp(format, "csv") &&
                    strcmp(format, "json")))
        return aq_error_set(err, AQ_EINVALID,
                            "format must be table, csv or json");
    if (!strcmp(format, "json"))
        return aq_render_json(json, out, err);
    csv = !strcmp(format, "csv");
    zh = !opts || !opts->lang || strcmp(opts->lang, "en");
    root = json ? json_loads(json, 0, NULL) : NULL;
    if (json_is_array(json_object_get(root, "rows"))) {
        /* every month (aq_api_roads_all) */
        if (csv)
            rows_csv(root, &b);
        else
            rc = rows_table(root, zh, &b, err);
        json_decref(root);
        if (rc < 0) {
            aq_render__dispose(&b);
            return rc;
        }
        return aq_render__finish(&b, out, err);
    }
    json_decref(root);
    if ((rc = aq_render__load(&d, json, opts, err)) < 0)
        return rc;
    if (csv)
        month_csv(&d, &b);
    else
        rc = month_table(&d, &b, err);
    aq_render__unload(&d);
    if (rc < 0) {
        aq_render__dispose(&b);
        return rc;
    }
    return aq_render__finish(&b, out, err);
}
