/* SPDX-License-Identifier: MIT */
/*
 * What each unit's month would be without its flagged hours (issue 17),
 * for information only: the month is computed twice by the engine, once
 * from the stored hours and once with every flagged hour of the flagged
 * pollutant left out (aq_engine_period_stats_edited()), and each composite
 * index by aq_composite_compute(), with the policy's statistics settings.
 * No rule is written here; the ranking itself is never touched.
 */
#include <string.h>

#include "aq/composite.h"
#include "aq/engine.h"
#include "aq/ranking.h"
#include "lib/engine/ranking_internal.h"
#include "lib/audit/audit_internal.h"
#include "util/alloc.h"

struct editing {
    aq_audit *a;
    int *flagged; /* per unit index */
};

static size_t unit_index(const aq_audit *a, int unit_id)
{
    size_t u;

    for (u = 0; u < a->n_units; u++)
        if (a->unit_ids[u] == unit_id)
            return u;
    return (size_t)-1;
}

/* Leave out the flagged hours of a station that counts in its unit (the
 * engine calls this only for those, N5.3.1), and count them. */
static void leave_out(const aq_station_info *si, int32_t day,
                      aq_day_hours *hours, void *payload)
{
    struct editing *E = payload;
    const aq_audit *a = E->a;
    size_t i = aq_audit__find(a, si->id), u, h, base;
    const aq_audit__st *st;
    int p;

    if (i == (size_t)-1 || !a->st[i].mask || day < a->first ||
        day >= a->first + (int32_t)a->ndays)
        return;
    st = &a->st[i];
    u = unit_index(a, si->unit_id);
    base = (size_t)(day - a->first) * 24;
    for (h = 0; h < 24; h++) {
        int any = 0;
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
            if (st->mask[(size_t)p * a->nh + base + h]) {
                (*hours)[p][h] = AQ_MISSING;
                any = 1;
            }
        if (any && u != (size_t)-1)
            E->flagged[u]++;
    }
}

static aq_status composites(const aq_period_stats *ps, size_t n,
                            const aq_stats_options *o, int64_t *comp,
                            int *sufficient)
{
    aq_composite c;
    aq_status rc;
    size_t u;

    for (u = 0; u < n; u++) {
        if ((rc = aq_composite_compute(&ps[u], o, &c)) < 0)
            return rc;
        comp[u] = c.composite;
        sufficient[u] = ps[u].sufficient;
    }
    return AQ_OK;
}

aq_status aq_audit_effects(aq_audit *a, const aq_audit_effect **out, size_t *n,
                           aq_error *err)
{
    aq_engine_options eo;
    aq_engine *e = NULL;
    const aq_period_stats *ps;
    aq_period_stats *without = NULL;
    struct editing E = {a, NULL};
    int64_t *comp = NULL;
    int *suff = NULL;
    size_t u, nu = 0;
    aq_status rc;

    *out = NULL;
    *n = 0;
    if (a->effects_done) {
        *out = a->effects;
        *n = a->n_units;
        return AQ_OK;
    }
    if ((rc = aq_ranking__engine_options(&a->pol, &eo, err)) < 0 ||
        (rc = aq_engine_new(&e, a->store, &eo, err)) < 0)
        return rc;
    nu = aq_engine_unit_count(e);
    a->effects = aqx_calloc(a->n_units ? a->n_units : 1, sizeof *a->effects);
    without = aqx_calloc(nu ? nu : 1, sizeof *without);
    comp = aqx_calloc(nu ? 2 * nu : 1, sizeof *comp);
    suff = aqx_calloc(nu ? 2 * nu : 1, sizeof *suff);
    E.flagged = aqx_calloc(a->n_units ? a->n_units : 1, sizeof *E.flagged);
    if (!a->effects || !without || !comp || !suff || !E.flagged) {
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = aq_engine_period_stats(e, a->month, &ps, err)) < 0 ||
        (rc = composites(ps, nu, &eo.stats, comp, suff)) < 0 ||
        (rc = aq_engine_period_stats_edited(e, a->month, leave_out, &E, without,
                                            err)) < 0 ||
        (rc = composites(without, nu, &eo.stats, comp + nu, suff + nu)) < 0)
        goto done;
    for (u = 0; u < a->n_units; u++) {
        a->effects[u].unit = a->unit_names[2 * u];
        a->effects[u].unit_en = a->unit_names[2 * u + 1];
        a->effects[u].composite = a->effects[u].composite_without = -1;
    }
    for (u = 0; u < nu; u++) {
        size_t k = unit_index(a, aq_engine_unit(e, u)->id);
        if (k == (size_t)-1)
            continue;
        a->effects[k].flagged_hours = E.flagged[k];
        a->effects[k].composite = comp[u];
        a->effects[k].composite_without = comp[nu + u];
        a->effects[k].sufficient = suff[u];
        a->effects[k].sufficient_without = suff[nu + u];
    }
    a->effects_done = 1;
    *out = a->effects;
    *n = a->n_units;
done:
    if (rc < 0 && rc != AQ_ENOMEM && err && !err->message[0])
        aq_error_set(err, rc, "cannot compute the effect of the flags");
    aq_engine_free(e);
    aqx_free(without);
    aqx_free(comp);
    aqx_free(suff);
    aqx_free(E.flagged);
    return rc;
}
