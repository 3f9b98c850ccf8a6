/* SPDX-License-Identifier: MIT */
/*
 * The ranking of any span of whole days (docs/spec-daily.md D1-D5): month
 * to date, year to date, a heating season. Every unit's statistics over
 * the span's days by the rules of any period (N5.1.6, N5.4, N6.2; validity
 * by D2), the year-on-year comparison with the same calendar days of the
 * previous year (D3, with N0.1's one rule set), and the ranking (P3) by
 * the composite index, PM2.5 or the good-days ratio (D5, N6.3.3). A span
 * has no amounts and no sanctions: those belong to the settled months
 * (P4-P6).
 */
#include <stddef.h>
#include <string.h>

#include "aq/decimal.h"
#include "lib/engine/daily_internal.h"
#include "util/alloc.h"

void aq_span__free(aq_span_result *sr)
{
    if (!sr)
        return;
    aqx_free(sr->units);
    aqx_free(sr->unit_of);
    aqx_free(sr->rows);
    aqx_free(sr->entries);
    aqx_free(sr);
}

aq_status aq_span__last_day(aq_ranking *r, int32_t *day, aq_error *err)
{
    int32_t first;

    return aq_store_day_range(aq_ranking__store(r), &first, day, err);
}

/* Each unit's statistics and composite index over s (flags AQ_SPAN_*),
 * from engine e with options o, into dst[u] + offset. */
static aq_status span_periods(aq_engine *e, const aq_engine_options *o,
                              aq_span s, unsigned flags, aq_span_unit *units,
                              size_t offset, size_t nunits, aq_error *err)
{
    const aq_period_stats *ps;
    aq_status rc;
    size_t u;

    if ((rc = aq_engine_span_stats(e, s, flags, &ps, err)) < 0)
        return rc;
    for (u = 0; u < nunits; u++) {
        aq_unit_period *up = (aq_unit_period *)((char *)&units[u] + offset);
        up->stats = ps[u];
        if ((rc = aq_composite_compute(&ps[u], &o->stats, &up->composite)) <
            0)
            return aq_error_set(err, rc, "cannot compute a composite index");
    }
    return AQ_OK;
}

/* D3: the same calendar days of the previous year: the first day's and
 * the last day's counterparts, 29 February (which has none) moving to
 * 1 March or 28 February */
static aq_span prev_span(aq_span s)
{
    aq_span p;
    int y, m, d;

    if (!aq_day_prev_year(s.first, &p.first)) {
        aq_civil_from_day(s.first, &y, &m, &d);
        p.first = aq_day_from_civil(y - 1, 3, 1);
    }
    if (!aq_day_prev_year(s.last, &p.last)) {
        aq_civil_from_day(s.last, &y, &m, &d);
        p.last = aq_day_from_civil(y - 1, 2, 28);
    }
    return p;
}

static int has_leap_day(aq_span s)
{
    int32_t d;
    int m, dd;

    for (d = s.first; d <= s.last; d++) {
        aq_civil_from_day(d, NULL, &m, &dd);
        if (m == 2 && dd == 29)
            return 1;
    }
    return 0;
}

/* D3: the span's days against the same days of the previous year, both
 * without 29 February (only one of two consecutive years has it), under
 * the span's rule set (N0.1: the previous year's days recomputed when
 * theirs differs). */
static aq_status compare(aq_ranking *r, aq_span_result *sr, aq_error *err)
{
    aq_engine *e = aq_ranking__engine(r);
    const aq_engine_options *o = aq_ranking__options(r);
    aq_engine *other = NULL;
    aq_engine_options oo = *o;
    aq_status rc = AQ_OK;
    size_t u;

    sr->prev = prev_span(sr->span);
    if (has_leap_day(sr->span))
        sr->leap_left_out = 1;
    else if (sr->prev.first <= sr->prev.last && has_leap_day(sr->prev))
        sr->leap_left_out = 2;
    for (u = 0; u < sr->nunits; u++) {
        sr->units[u].cmp = sr->units[u].now;
        sr->units[u].comparable = 0;
    }
    if (sr->prev.first > sr->prev.last || !sr->nunits)
        return AQ_OK; /* a span of 29 February alone */
    {
        /* nothing to compare with before the data begin (not even the
         * days to read) */
        int32_t first, last;
        if ((rc = aq_store_day_range(aq_ranking__store(r), &first, &last,
                                     err)) < 0)
            return rc;
        if (sr->prev.last < first)
            return AQ_OK;
    }
    if (sr->leap_left_out == 1 &&
        (rc = span_periods(e, o, sr->span, AQ_SPAN_SKIP_LEAP_DAY, sr->units,
                           offsetof(aq_span_unit, cmp), sr->nunits, err)) <
            0)
        return rc;
    {
        int y, m, d;
        aq_ruleset_id now_rs = sr->units[0].now.stats.ruleset, prev_rs;
        aq_civil_from_day(sr->prev.last, &y, &m, &d);
        prev_rs = aq_ruleset_resolve(o->stats.ruleset, y, m, d)->id;
        if (prev_rs != now_rs) {
            oo.stats.ruleset = now_rs;
            if ((rc = aq_engine_new(&other, aq_ranking__store(r), &oo,
                                    err)) < 0)
                return rc;
        }
    }
    rc = span_periods(other ? other : e, other ? &oo : o, sr->prev,
                      AQ_SPAN_SKIP_LEAP_DAY, sr->units,
                      offsetof(aq_span_unit, prev), sr->nunits, err);
    aq_engine_free(other);
    if (rc < 0)
        return rc;
    for (u = 0; u < sr->nunits; u++) {
        aq_span_unit *su = &sr->units[u];
        aq_unit_result a, b;
        aq_ranking__result_of(r, u, su->cmp.stats.period, &su->cmp, &a);
        aq_ranking__result_of(r, u, su->prev.stats.period, &su->prev, &b);
        su->comparable = a.sufficient && b.sufficient;
    }
    return AQ_OK;
}

aq_status aq_span__compute(aq_ranking *r, aq_span s, aq_rank_by by,
                           aq_span_result **out, aq_error *err)
{
    aq_engine *e = aq_ranking__engine(r);
    const aq_policy *pol = aq_ranking_policy(r);
    aq_span_result *sr;
    int32_t last_day;
    aq_status rc;
    size_t u;

    *out = NULL;
    if ((rc = aq_span__last_day(r, &last_day, err)) < 0)
        return rc;
    if (s.last > last_day) {
        char a[16], b[16];
        return aq_error_set(err, AQ_ENOTFOUND,
                            "no data for %s: the data end on %s",
                            aq_day_format(a, sizeof a, s.last),
                            aq_day_format(b, sizeof b, last_day));
    }
    sr = aqx_calloc(1, sizeof *sr);
    if (!sr)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    sr->span = s;
    sr->by = by;
    sr->nunits = aq_engine_unit_count(e);
    sr->units = aqx_calloc(sr->nunits + 1, sizeof *sr->units);
    sr->unit_of = aqx_calloc(sr->nunits + 1, sizeof *sr->unit_of);
    sr->rows = aqx_calloc(sr->nunits + 1, sizeof *sr->rows);
    sr->entries = aqx_calloc(sr->nunits + 1, sizeof *sr->entries);
    if (!sr->units || !sr->unit_of || !sr->rows || !sr->entries) {
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = span_periods(e, aq_ranking__options(r), s, 0, sr->units,
                           offsetof(aq_span_unit, now), sr->nunits, err)) <
            0 ||
        (rc = compare(r, sr, err)) < 0)
        goto fail;
    /* N5.3.1: the units of the evaluation, ranked by P3 (ties, the
     * policy's insufficient_data) on the value asked for (D5) */
    for (u = 0; u < sr->nunits; u++) {
        if (!aq_engine_unit_evaluated(e, u))
            continue;
        sr->unit_of[sr->n] = u;
        aq_ranking__result_of(r, u, sr->units[u].now.stats.period,
                              &sr->units[u].now, &sr->rows[sr->n]);
        sr->n++;
    }
    if ((rc = aq_rank_compute(pol, by, sr->rows, sr->n, sr->entries,
                              &sr->n_ranked, err)) < 0)
        goto fail;
    *out = sr;
    return AQ_OK;
fail:
    aq_span__free(sr);
    return rc;
}

const aq_rank_entry *aq_span__entry(const aq_span_result *sr, size_t u)
{
    size_t i;

    for (i = 0; i < sr->n; i++)
        if (sr->unit_of[sr->entries[i].index] == u)
            return &sr->entries[i];
    return NULL;
}
