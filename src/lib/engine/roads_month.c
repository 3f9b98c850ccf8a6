/* SPDX-License-Identifier: MIT */
/*
 * A store's road results by month (roads_internal.h, issue 20): the
 * month's stored inspections, judged by the road rules of the policy
 * (aq_roads_compute, src/lib/policy/roads.c) for every unit of the
 * jurisdiction, and beside them each unit's PM10 of the month as the air
 * ranking computes it (the engine's period statistics, N5), so that a
 * bureau can see whether cleaner roads go with lower PM10.
 */
#include <string.h>

#include "aq/decimal.h"
#include "lib/engine/ranking_internal.h"
#include "lib/engine/roads_internal.h"
#include "util/alloc.h"

struct aq_roads__source {
    aq_store *store;
    aq_policy policy;
    aq_engine *engine;
    const char **names; /* the engine's unit names, its order */
    size_t n_units;
    /* the month asked last */
    aq_inspection *recs;
    size_t n, cap;
    aq_roads *roads;
    int64_t *pm10;
};

aq_status aq_roads__open(aq_roads__source **out, aq_store *s,
                         const aq_policy *pol, aq_error *err)
{
    aq_roads__source *src;
    aq_engine_options o;
    aq_status rc;
    size_t u;

    *out = NULL;
    if (!(src = aqx_calloc(1, sizeof *src)))
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    src->store = s;
    if (pol)
        src->policy = *pol;
    else if ((rc = aq_ranking_stored_policy(s, &src->policy, err)) < 0)
        goto fail;
    /* the air statistics as the ranking computes them (N0.1-N5.3) */
    if ((rc = aq_ranking__engine_options(&src->policy, &o, err)) < 0 ||
        (rc = aq_engine_new(&src->engine, s, &o, err)) < 0)
        goto fail;
    src->n_units = aq_engine_unit_count(src->engine);
    src->names = aqx_calloc(src->n_units + 1, sizeof *src->names);
    src->pm10 = aqx_calloc(src->n_units + 1, sizeof *src->pm10);
    if (!src->names || !src->pm10) {
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        goto fail;
    }
    for (u = 0; u < src->n_units; u++)
        src->names[u] = aq_engine_unit(src->engine, u)->name;
    *out = src;
    return AQ_OK;
fail:
    aq_roads__close(src);
    return rc;
}

static void forget_month(aq_roads__source *src)
{
    size_t i;

    for (i = 0; i < src->n; i++) {
        aqx_free((char *)src->recs[i].unit);
        aqx_free((char *)src->recs[i].road);
    }
    src->n = 0;
    aq_roads_free(src->roads);
    src->roads = NULL;
}

void aq_roads__close(aq_roads__source *src)
{
    if (!src)
        return;
    forget_month(src);
    aqx_free(src->recs);
    aqx_free(src->names);
    aqx_free(src->pm10);
    aq_engine_free(src->engine);
    aqx_free(src);
}

const aq_policy *aq_roads__policy(const aq_roads__source *src)
{
    return &src->policy;
}

aq_engine *aq_roads__engine(const aq_roads__source *src)
{
    return src->engine;
}

aq_status aq_roads__months(aq_roads__source *src, aq_period *first,
                           aq_period *last, aq_error *err)
{
    int32_t d0, d1;
    int y, m;
    aq_status rc = aq_store_inspection_days(src->store, &d0, &d1, err);

    if (rc < 0)
        return rc;
    aq_civil_from_day(d0, &y, &m, NULL);
    *first = (aq_period){AQ_PERIOD_MONTH, y, m};
    aq_civil_from_day(d1, &y, &m, NULL);
    *last = (aq_period){AQ_PERIOD_MONTH, y, m};
    return AQ_OK;
}

/* One stored inspection kept for the month (the texts the rules read). */
static aq_status keep(const aq_inspection *rec, void *payload)
{
    aq_roads__source *src = payload;
    aq_inspection *r;

    if (src->n == src->cap) {
        size_t cap = src->cap ? 2 * src->cap : 256;
        aq_inspection *nr = aqx_realloc(src->recs, cap * sizeof *nr);
        if (!nr)
            return AQ_ENOMEM;
        src->recs = nr;
        src->cap = cap;
    }
    r = &src->recs[src->n];
    *r = *rec;
    r->inspector = r->note = "";
    r->unit = aqx_strdup(rec->unit);
    r->road = aqx_strdup(rec->road);
    src->n++;
    return r->unit && r->road ? AQ_OK : AQ_ENOMEM;
}

aq_status aq_roads__month(aq_roads__source *src, aq_period m,
                          const aq_roads **out, const int64_t **pm10,
                          aq_error *err)
{
    const aq_period_stats *ps;
    int32_t first, last;
    aq_status rc;
    size_t u;

    *out = NULL;
    *pm10 = NULL;
    if (m.kind != AQ_PERIOD_MONTH)
        return aq_error_set(err, AQ_EINVALID,
                            "the road ranking is monthly: a month YYYY-MM");
    forget_month(src);
    aq_period_days(m, &first, &last);
    rc = aq_store_each_inspection(src->store, first, last, keep, src, err);
    if (rc == AQ_ENOMEM)
        return aq_error_set(err, rc, "out of memory");
    if (rc < 0 ||
        (rc = aq_roads_compute(&src->policy, m, src->names, src->n_units,
                               src->recs, src->n, &src->roads, err)) < 0 ||
        (rc = aq_engine_period_stats(src->engine, m, &ps, err)) < 0)
        return rc;
    for (u = 0; u < src->n_units; u++) {
        /* the published monthly PM10 (N5.4, whole ug/m3), when valid
         * (N5.2) */
        const aq_stat *st = &ps[u].stat[AQ_PM10];
        src->pm10[u] = AQ_STAT_IS_VALID(*st) && st->value != AQ_MISSING
                           ? st->value / AQ_MICRO
                           : AQ_MISSING;
    }
    *out = src->roads;
    *pm10 = src->pm10;
    return AQ_OK;
}
