/* SPDX-License-Identifier: MIT */
/*
 * The rows document of include/aq/api.h: every unit-period of a ranking,
 * one row each (every unit of the evaluation, N5.3.1, with or without
 * data), as `aqrank rank --all` lists them, from a store's ranking
 * or from a streaming run (aq/stream.h). Both paths fill the same row and
 * write it with the same code, so their renderings (aq_render_rows())
 * cannot differ in anything but the numbers.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "aq/api.h"
#include "aq/decimal.h"
#include "lib/engine/ranking_internal.h"
#include "lib/publish/api_internal.h"
#include "util/alloc.h"

static const char *status_text(aq_rank_status st)
{
    switch (st) {
    case AQ_RANK_RANKED: return "ranked";
    case AQ_RANK_FLAGGED: return "flagged";
    case AQ_RANK_PLACED: return "placed";
    default: return "unranked";
    }
}

/* One row as both paths know it. */
static void fill(aq_rows__row *w, const char *unit, const char *unit_en,
                 aq_period period, int sufficient, int64_t composite,
                 aq_rank_status status, int rank)
{
    w->unit = unit;
    w->unit_en = unit_en;
    w->period = aq_period_format(w->period_text, sizeof w->period_text, period);
    w->sufficient = sufficient;
    w->composite = composite;
    w->status = status_text(status);
    /* P3: placed and flagged units have a rank, unranked ones none */
    w->has_rank = rank > 0 && status != AQ_RANK_UNRANKED;
    w->rank = rank;
}

static json_t *row_json(const aq_rows__row *w)
{
    json_t *o = json_pack("{s:s, s:s, s:s}", "unit", w->unit, "unit_en",
                          w->unit_en, "period", w->period);

    json_object_set_new(o, "composite_index",
                        w->composite == AQ_MISSING
                            ? json_null()
                            : json_real((double)w->composite / 100.0));
    json_object_set_new(o, "rank",
                        w->has_rank ? json_integer(w->rank) : json_null());
    json_object_set_new(o, "status", json_string(w->status));
    json_object_set_new(o, "sufficient", json_boolean(w->sufficient));
    return o;
}

json_t *aq_api__rows_doc(const aq_rows__row *rows, size_t n)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; a && i < n; i++)
        if (json_array_append_new(a, row_json(&rows[i])) < 0) {
            json_decref(a);
            return NULL;
        }
    return a ? json_pack("{s:o}", "rows", a) : NULL;
}

/* The rows (released) as the document's compact text (format NULL), or
 * rendered in format; rc: how making them went. */
static aq_status rows_out(aq_status rc, aq_rows__row *rows, size_t n,
                          const char *format, const aq_render_options *opts,
                          char **out, aq_error *err)
{
    json_t *doc;

    *out = NULL;
    if (rc == AQ_OK && format) {
        rc = aq_render__rows_list(rows, n, format, opts, out, err);
    } else if (rc == AQ_OK) {
        doc = aq_api__rows_doc(rows, n);
        *out = doc ? json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(15))
                   : NULL;
        json_decref(doc);
        if (!*out)
            rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    aqx_free(rows);
    return rc;
}

static int by_unit_name(const void *a, const void *b)
{
    const aq_unit_month *const *x = a, *const *y = b;

    return strcmp((*x)->r.unit, (*y)->r.unit);
}

static aq_status rank_all_rows(aq_ranking *r, aq_rows__row **rows,
                               size_t *count, aq_error *err)
{
    const aq_settlement *st = aq_ranking__settlement(r);
    aq_engine *e = aq_ranking__engine(r);
    size_t i, k, n = aq_engine_unit_count(e), total = 0;
    const aq_unit_month **order;

    aq_api__init();
    *count = 0;
    for (i = 0; i < aq_settlement_count(st); i++)
        total += aq_settlement_month(st, i)->n_units;
    order = aqx_calloc(n + 1, sizeof *order);
    *rows = aqx_calloc(total + 1, sizeof **rows);
    if (!order || !*rows) {
        aqx_free(order);
        aqx_free(*rows);
        *rows = NULL;
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    /* every unit of the evaluation in every month, by period, then unit
     * (byte order), as the streaming path lists them */
    for (i = 0; i < aq_settlement_count(st); i++) {
        const aq_month *m = aq_settlement_month(st, i);
        size_t cnt = 0;
        for (k = 0; k < m->n_units && cnt < n; k++)
            order[cnt++] = &m->units[k];
        qsort(order, cnt, sizeof *order, by_unit_name);
        for (k = 0; k < cnt; k++) {
            const aq_unit_month *um = order[k];
            int u = aq_engine_find_unit(e, um->r.unit);
            if (u >= 0)
                fill(&(*rows)[(*count)++], um->r.unit,
                     aq_engine_unit(e, (size_t)u)->name_en, m->period,
                     um->sufficient, um->composite, um->r.status,
                     um->r.rank);
        }
    }
    aqx_free(order);
    return AQ_OK;
}

aq_status aq_api_rank_all(aq_ranking *r, char **out, aq_error *err)
{
    aq_rows__row *rows;
    size_t n;
    aq_status rc = rank_all_rows(r, &rows, &n, err);

    return rows_out(rc, rows, n, NULL, NULL, out, err);
}

aq_status aq_api_rank_all_as(aq_ranking *r, const char *format,
                             const aq_render_options *opts, char **out,
                             aq_error *err)
{
    aq_rows__row *rows;
    size_t n;
    aq_status rc = rank_all_rows(r, &rows, &n, err);

    /* csv when NULL, as aq_render_rows() */
    return rows_out(rc, rows, n, format ? format : "csv", opts, out, err);
}

static aq_status stream_rows(const aq_stream *s, const aq_stations *st,
                             aq_rows__row **rows, size_t *count,
                             aq_error *err)
{
    size_t i, n = aq_stream_result_count(s);

    aq_api__init();
    *count = n;
    if (!(*rows = aqx_calloc(n + 1, sizeof **rows)))
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        const aq_stream_result *res = aq_stream_result_get(s, i);
        int u = aq_stations_unit_find(st, res->unit);
        const char *en =
            u < 0 ? NULL : aq_stations_unit_name_en(st, (size_t)u);
        fill(&(*rows)[i], res->unit, en ? en : "", res->period,
             res->sufficient, res->composite, res->status, res->rank);
    }
    return AQ_OK;
}

aq_status aq_api_stream_rows(const aq_stream *s, const aq_stations *st,
                             char **out, aq_error *err)
{
    aq_rows__row *rows;
    size_t n;
    aq_status rc = stream_rows(s, st, &rows, &n, err);

    return rows_out(rc, rows, n, NULL, NULL, out, err);
}

aq_status aq_api_stream_rows_as(const aq_stream *s, const aq_stations *st,
                                const char *format,
                                const aq_render_options *opts, char **out,
                                aq_error *err)
{
    aq_rows__row *rows;
    size_t n;
    aq_status rc = stream_rows(s, st, &rows, &n, err);

    /* csv when NULL, as aq_render_rows() */
    return rows_out(rc, rows, n, format ? format : "csv", opts, out, err);
}
