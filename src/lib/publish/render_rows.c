/* SPDX-License-Identifier: MIT */
/*
 * The rows document (aq_api_rank_all(), aq_api_stream_rows()) rendered:
 * CSV `unit,period,composite_index,rank,sufficient` (the first four
 * columns are the form the benchmark's peers write too), an aligned table
 * in Chinese or English, or the document itself.
 */
#include <stdio.h>
#include <string.h>

#include "aq/decimal.h"
#include "lib/publish/api_internal.h"
#include "lib/publish/render_internal.h"
#include "util/alloc.h"

static void csv_rows(aq_rbuf *b, const aq_rows__row *rows, size_t n)
{
    size_t i;
    char v[48];

    aq_render__put(b, "unit,period,composite_index,rank,sufficient\n");
    for (i = 0; i < n; i++) {
        const aq_rows__row *w = &rows[i];
        aq_render__csv_field(b, w->unit);
        aq_render__put(b, ",");
        aq_render__put(b, w->period);
        aq_render__put(b, ",");
        if (w->composite != AQ_MISSING)
            aq_render__put(b, aq_scaled_format(v, sizeof v, w->composite, 2));
        aq_render__put(b, ",");
        if (w->has_rank)
            aq_render__printf(b, "%lld", w->rank);
        aq_render__put(b, w->sufficient ? ",true\n" : ",false\n");
    }
}

/* The rows of a document's array, as the members say (strings the
 * document keeps); NULL when out of memory. */
static aq_rows__row *rows_of(const json_t *rows, size_t *n)
{
    aq_rows__row *list = aqx_calloc(json_array_size(rows) + 1, sizeof *list);
    const json_t *w, *rank;
    size_t i;

    *n = 0;
    if (!list)
        return NULL;
    json_array_foreach(rows, i, w) {
        aq_rows__row *r = &list[i];
        r->unit = aq_render__str(w, "unit");
        r->unit_en = aq_render__str(w, "unit_en");
        r->period = aq_render__str(w, "period");
        if (aq_render__scaled(json_object_get(w, "composite_index"), 2,
                              &r->composite) < 0)
            r->composite = AQ_MISSING;
        r->status = aq_render__str(w, "status");
        rank = json_object_get(w, "rank");
        r->has_rank = json_is_integer(rank);
        r->rank = r->has_rank ? (long long)json_integer_value(rank) : 0;
        r->sufficient = json_is_true(json_object_get(w, "sufficient"));
    }
    *n = i;
    return list;
}

#define RCOLS 5

/* The rows as a table for a terminal: period, rank (a flagged one marked,
 * P3), unit, composite index, whether the data were sufficient. */
static aq_status table_rows(aq_rbuf *b, const json_t *rows, int zh,
                            aq_error *err)
{
    static const char *const heads[2][RCOLS] = {
        {"Period", "Rank", "Unit", "Composite index", "Sufficient data"},
        {"时段", "排名", "单位", "综合指数", "数据充足"}};
    size_t n = json_array_size(rows), i, r, width[RCOLS] = {0};
    char (*cells)[RCOLS][96] = aqx_calloc(n + 1, sizeof *cells);
    const json_t *w;
    int c;

    if (!cells)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (c = 0; c < RCOLS; c++)
        snprintf(cells[0][c], 96, "%s", heads[zh][c]);
    json_array_foreach(rows, i, w) {
        char(*row)[96] = cells[i + 1];
        aq_rbuf t = {NULL, 0, 0, 0};
        aq_render__period_text(&t, aq_render__str(w, "period"), zh);
        snprintf(row[0], 96, "%s", t.p && !t.oom ? t.p : "");
        aq_render__dispose(&t);
        aq_render__rank_text(row[1], 96, w);
        snprintf(row[2], 96, "%s", aq_render__unit_name(w, zh));
        aq_render__num(row[3], 96, json_object_get(w, "composite_index"), 2,
                       "—");
        snprintf(row[4], 96, "%s",
                 json_is_true(json_object_get(w, "sufficient"))
                     ? (zh ? "是" : "yes")
                     : (zh ? "否" : "no"));
    }
    for (c = 0; c < RCOLS; c++)
        for (r = 0; r <= n; r++)
            if (aq_render__width(cells[r][c]) > width[c])
                width[c] = aq_render__width(cells[r][c]);
    for (r = 0; r <= n; r++) {
        for (c = 0; c < RCOLS; c++) {
            size_t pad = width[c] - aq_render__width(cells[r][c]);
            if (c)
                aq_render__put(b, "  ");
            if (c == 2 || c == 0) { /* text left, numbers right */
                aq_render__put(b, cells[r][c]);
                while (c < RCOLS - 1 && pad--)
                    aq_render__put(b, " ");
            } else {
                while (pad--)
                    aq_render__put(b, " ");
                aq_render__put(b, cells[r][c]);
            }
        }
        aq_render__put(b, "\n");
    }
    aqx_free(cells);
    return AQ_OK;
}

/* The format (csv when NULL) and the language (zh when none) asked for,
 * checked alike from text and from memory; *zh for the table. */
static aq_status check_args(const char **format,
                            const aq_render_options *opts, int *zh,
                            aq_error *err)
{
    const char *lang = opts && opts->lang ? opts->lang : "zh";

    if (!*format)
        *format = "csv";
    if (strcmp(lang, "zh") && strcmp(lang, "en"))
        return aq_error_set(err, AQ_EINVALID,
                            "language must be zh or en, got '%s'", lang);
    if (strcmp(*format, "json") && strcmp(*format, "csv") &&
        strcmp(*format, "table"))
        return aq_error_set(err, AQ_EINVALID,
                            "unknown format '%s' (table, csv, json)",
                            *format);
    *zh = strcmp(lang, "en") != 0;
    return AQ_OK;
}

/* The document doc (released) in a format check_args() passed. */
static aq_status render_doc(json_t *doc, const char *format, int zh,
                            char **out, aq_error *err)
{
    aq_rbuf b = {NULL, 0, 0, 0};
    json_t *rows = json_object_get(doc, "rows");
    aq_status rc = AQ_OK;

    if (!json_is_array(rows)) {
        json_decref(doc);
        return aq_error_set(err, AQ_EPARSE,
                            "not a rows document: expected an object with "
                            "an array \"rows\"");
    }
    if (!strcmp(format, "json")) {
        /* as aq_render_json() writes a document's text */
        char *text = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        if (text) {
            aq_render__put(&b, text);
            aq_render__put(&b, "\n");
            aqx_free(text);
        } else {
            b.oom = 1;
        }
    } else if (!strcmp(format, "csv")) {
        size_t n;
        aq_rows__row *list = rows_of(rows, &n);
        if (list)
            csv_rows(&b, list, n);
        else
            b.oom = 1;
        aqx_free(list);
    } else {
        rc = table_rows(&b, rows, zh, err);
    }
    json_decref(doc);
    if (rc < 0) {
        aq_render__dispose(&b);
        return rc;
    }
    return aq_render__finish(&b, out, err);
}

aq_status aq_render__rows_list(const aq_rows__row *rows, size_t n,
                               const char *format,
                               const aq_render_options *opts, char **out,
                               aq_error *err)
{
    aq_rbuf b = {NULL, 0, 0, 0};
    aq_status rc;
    json_t *doc;
    int zh;

    *out = NULL;
    if ((rc = check_args(&format, opts, &zh, err)) != AQ_OK)
        return rc;
    if (!strcmp(format, "csv")) {
        csv_rows(&b, rows, n);
        return aq_render__finish(&b, out, err);
    }
    if (!(doc = aq_api__rows_doc(rows, n)))
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    return render_doc(doc, format, zh, out, err);
}

aq_status aq_render_rows(const char *rows_json, const char *format,
                         const aq_render_options *opts, char **out,
                         aq_error *err)
{
    json_error_t jerr;
    aq_status rc;
    int zh;

    aq_api__init();
    *out = NULL;
    if ((rc = check_args(&format, opts, &zh, err)) != AQ_OK)
        return rc;
    if (!strcmp(format, "json"))
        return aq_render_json(rows_json, out, err);
    return render_doc(rows_json ? json_loads(rows_json, 0, &jerr) : NULL,
                      format, zh, out, err);
}
