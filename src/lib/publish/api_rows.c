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

/* One row as both paths know it. */
struct row {
    const char *unit, *unit_en;
    aq_period period;
    int sufficient;    /* N5.2.2 */
    int64_t composite; /* hundredths, or AQ_MISSING */
    aq_rank_status status;
    int rank; /* 0 when not ranked (P3: placed and flagged units have one) */
};

static const char *status_text(aq_rank_status st)
{
    switch (st) {
    case AQ_RANK_RANKED: return "ranked";
    case AQ_RANK_FLAGGED: return "flagged";
    case AQ_RANK_PLACED: return "placed";
    default: return "unranked";
    }
}

static json_t *row_json(const struct row *w)
{
    char period[16];
    json_t *o = json_pack("{s:s, s:s, s:s}", "unit", w->unit, "unit_en",
                          w->unit_en, "period",
                          aq_period_format(period, sizeof period, w->period));

    json_object_set_new(o, "composite_index",
                        w->composite == AQ_MISSING
                            ? json_null()
                            : json_real((double)w->composite / 100.0));
    json_object_set_new(o, "rank",
                        w->rank > 0 && w->status != AQ_RANK_UNRANKED
                            ? json_integer(w->rank)
                            : json_null());
    json_object_set_new(o, "status", json_string(status_text(w->status)));
    json_object_set_new(o, "sufficient", json_boolean(w->sufficient));
    return o;
}

/* {"rows": rows} (rows released); NULL when out of memory */
static json_t *rows_doc(json_t *rows)
{
    return json_pack("{s:o}", "rows", rows);
}

static aq_status dump_rows(json_t *doc, char **out, aq_error *err)
{
    *out = doc ? json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(15))
               : NULL;
    json_decref(doc);
    return *out ? AQ_OK : aq_error_set(err, AQ_ENOMEM, "out of memory");
}

/* the document rendered in format, or AQ_ENOMEM when it could not be made */
static aq_status render_rows(json_t *doc, const char *format,
                             const aq_render_options *opts, char **out,
                             aq_error *err)
{
    *out = NULL;
    if (!doc)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    return aq_render__rows_doc(doc, format, opts, out, err);
}

static int by_unit_name(const void *a, const void *b)
{
    const aq_unit_month *const *x = a, *const *y = b;

    return strcmp((*x)->r.unit, (*y)->r.unit);
}

static aq_status rank_all_doc(aq_ranking *r, json_t **doc, aq_error *err)
{
    const aq_settlement *st = aq_ranking__settlement(r);
    aq_engine *e = aq_ranking__engine(r);
    size_t i, k, n = aq_engine_unit_count(e);
    const aq_unit_month **order;
    json_t *rows;
    aq_status rc = AQ_OK;

    aq_api__init();
    *doc = NULL;
    order = aqx_calloc(n + 1, sizeof *order);
    rows = json_array();
    if (!order || !rows) {
        aqx_free(order);
        json_decref(rows);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    /* every unit of the evaluation in every month, by period, then unit
     * (byte order), as the streaming path lists them */
    for (i = 0; i < aq_settlement_count(st) && rc == AQ_OK; i++) {
        const aq_month *m = aq_settlement_month(st, i);
        size_t cnt = 0;
        for (k = 0; k < m->n_units && cnt < n; k++)
            order[cnt++] = &m->units[k];
        qsort(order, cnt, sizeof *order, by_unit_name);
        for (k = 0; k < cnt; k++) {
            const aq_unit_month *um = order[k];
            int u = aq_engine_find_unit(e, um->r.unit);
            struct row w;
            if (u < 0)
                continue;
            w.unit = um->r.unit;
            w.unit_en = aq_engine_unit(e, (size_t)u)->name_en;
            w.period = m->period;
            w.sufficient = um->sufficient;
            w.composite = um->composite;
            w.status = um->r.status;
            w.rank = um->r.rank;
            if (json_array_append_new(rows, row_json(&w)) < 0)
                rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        }
    }
    aqx_free(order);
    if (rc < 0) {
        json_decref(rows);
        return rc;
    }
    *doc = rows_doc(rows);
    return AQ_OK;
}

aq_status aq_api_rank_all(aq_ranking *r, char **out, aq_error *err)
{
    json_t *doc;
    aq_status rc = rank_all_doc(r, &doc, err);

    *out = NULL;
    return rc < 0 ? rc : dump_rows(doc, out, err);
}

aq_status aq_api_rank_all_as(aq_ranking *r, const char *format,
                             const aq_render_options *opts, char **out,
                             aq_error *err)
{
    json_t *doc;
    aq_status rc = rank_all_doc(r, &doc, err);

    *out = NULL;
    return rc < 0 ? rc : render_rows(doc, format, opts, out, err);
}

static aq_status stream_doc(const aq_stream *s, const aq_stations *st,
                            json_t **doc, aq_error *err)
{
    size_t i, n = aq_stream_result_count(s);
    json_t *rows;

    aq_api__init();
    *doc = NULL;
    rows = json_array();
    if (!rows)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        const aq_stream_result *res = aq_stream_result_get(s, i);
        int u = aq_stations_unit_find(st, res->unit);
        const char *en =
            u < 0 ? NULL : aq_stations_unit_name_en(st, (size_t)u);
        struct row w;
        w.unit = res->unit;
        w.unit_en = en ? en : "";
        w.period = res->period;
        w.sufficient = res->sufficient;
        w.composite = res->composite;
        w.status = res->status;
        w.rank = res->rank;
        if (json_array_append_new(rows, row_json(&w)) < 0) {
            json_decref(rows);
            return aq_error_set(err, AQ_ENOMEM, "out of memory");
        }
    }
    *doc = rows_doc(rows);
    return AQ_OK;
}

aq_status aq_api_stream_rows(const aq_stream *s, const aq_stations *st,
                             char **out, aq_error *err)
{
    json_t *doc;
    aq_status rc = stream_doc(s, st, &doc, err);

    *out = NULL;
    return rc < 0 ? rc : dump_rows(doc, out, err);
}

aq_status aq_api_stream_rows_as(const aq_stream *s, const aq_stations *st,
                                const char *format,
                                const aq_render_options *opts, char **out,
                                aq_error *err)
{
    json_t *doc;
    aq_status rc = stream_doc(s, st, &doc, err);

    *out = NULL;
    return rc < 0 ? rc : render_rows(doc, format, opts, out, err);
}
