/* SPDX-License-Identifier: MIT */
/*
 * The whole job (include/aq/ranking.h): engine -> period statistics ->
 * composite index -> settlement. Every month and every quarter from the
 * first month with data up to the asked month is computed from its own
 * daily values (N5.1.6), then handed to the settlement, which derives
 * ranks, amounts, rise events, streaks and sanctions from that history
 * (P3-P6). Nothing is stored, so a re-run gives the same answer.
 */
#include <stdio.h>
#include <string.h>

#include "aq/decimal.h"
#include "lib/engine/engine_internal.h"
#include "lib/engine/ranking_internal.h"
#include "util/alloc.h"

struct aq_ranking {
    aq_store *store;
    aq_policy policy;
    aq_engine_options opts; /* the policy's statistics settings */
    aq_engine *engine;
    size_t nunits;
    aq_period first, last; /* months */
    size_t nmonths, nquarters;
    aq_period first_q;
    aq_unit_period *months;   /* [month][unit] */
    aq_unit_period *quarters; /* [quarter][unit] */
    aq_unit_period *scratch;  /* [unit], for other periods */
    aq_unit_period *base;     /* [month][unit]: N0.1 year-on-year bases */
    unsigned char *has_base;  /* [month] */
    aq_settlement *settlement;
};

static int period_cmp(aq_period a, aq_period b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    return (a.index > b.index) - (a.index < b.index);
}

static size_t months_between(aq_period a, aq_period b)
{
    return (size_t)((b.year - a.year) * 12 + (b.index - a.index));
}

static aq_period month_add(aq_period m, size_t k)
{
    int idx = m.year * 12 + (m.index - 1) + (int)k;

    m.year = idx / 12;
    m.index = idx % 12 + 1;
    return m;
}

aq_status aq_ranking__engine_options(const aq_policy *pol,
                                     aq_engine_options *out, aq_error *err)
{
    aq_engine_options o = AQ_ENGINE_OPTIONS_INIT;
    aq_status rc;

    if ((rc = aq_policy_stats_options(pol, &o.stats, err)) != AQ_OK)
        return rc;
    o.include_reference_sites = pol->include_reference_sites;
    *out = o;
    return AQ_OK;
}

aq_status aq_ranking_stored_policy(aq_store *s, aq_policy *out, aq_error *err)
{
    char *text = NULL;
    aq_status rc;

    aq_policy_init(out);
    if ((rc = aq_store_policy_text(s, &text, err)) == AQ_OK && *text)
        rc = aq_policy_parse(out, text, strlen(text), "stored policy", err);
    aq_free(text);
    return rc;
}

/* The unit results of period p from engine e, computed with options o. */
static aq_status compute_with(aq_ranking *r, aq_engine *e,
                              const aq_engine_options *o, aq_period p,
                              aq_unit_period *dst, aq_error *err)
{
    const aq_period_stats *ps;
    aq_status rc;
    size_t u;

    if ((rc = aq_engine_period_stats(e, p, &ps, err)) < 0)
        return rc;
    for (u = 0; u < r->nunits; u++) {
        dst[u].stats = ps[u];
        if ((rc = aq_composite_compute(&ps[u], &o->stats,
                                       &dst[u].composite)) < 0)
            return aq_error_set(err, rc, "cannot compute a composite index");
    }
    return AQ_OK;
}

static aq_status compute_periods(aq_ranking *r, aq_period p,
                                 aq_unit_period *dst, aq_error *err)
{
    return compute_with(r, r->engine, &r->opts, p, dst, err);
}

static const aq_ruleset *ruleset_of(const aq_ranking *r, aq_period p)
{
    return aq_ruleset_for_period(r->policy.ruleset, p);
}

/*
 * N0.1: a year-on-year comparison (P5) compares values computed under the
 * same rule set: where month m and the same month a year earlier fall
 * under different rule sets (ruleset = auto across 2026-03-01), the
 * earlier month is recomputed under m's rule set, days included, and
 * becomes m's comparison base. has[m] marks the months that have one.
 */
static aq_status yoy_bases(aq_ranking *r, aq_unit_period *base,
                           unsigned char *has, aq_error *err)
{
    aq_engine *e = NULL;
    aq_engine_options o;
    aq_ruleset_id eid = AQ_RULESET_AUTO;
    aq_status rc = AQ_OK;
    size_t m;

    for (m = 12; m < r->nmonths; m++) {
        aq_period p = month_add(r->first, m), q = month_add(r->first, m - 12);
        const aq_ruleset *rp = ruleset_of(r, p);
        if (rp->id == ruleset_of(r, q)->id)
            continue;
        if (!e || eid != rp->id) {
            aq_engine_free(e);
            e = NULL;
            o = r->opts;
            o.stats.ruleset = rp->id;
            if ((rc = aq_engine_new(&e, r->store, &o, err)) < 0)
                break;
            eid = rp->id;
        }
        if ((rc = compute_with(r, e, &o, q, &base[m * r->nunits], err)) < 0)
            break;
        has[m] = 1;
    }
    aq_engine_free(e);
    return rc;
}

static aq_period quarter_at(const aq_ranking *r, size_t q)
{
    aq_period p = r->first_q;
    int idx = p.year * 4 + (p.index - 1) + (int)q;

    p.year = idx / 4;
    p.index = idx % 4 + 1;
    return p;
}

/* The cache key of a period's results: everything they depend on, the
 * engine options (N0.1, N1.5, N5.3, N6.4), the data of its months and the
 * jurisdiction (aq_store_data_key), and the layout of the results. */
static aq_status period_key(aq_ranking *r, aq_period p, char *dst,
                            size_t cap, aq_error *err)
{
    char data[1024];
    int32_t first, last;
    size_t n;
    aq_status rc;

    aq_period_days(p, &first, &last);
    if ((rc = aq_store_data_key(r->store, first, last, data, sizeof data,
                                err)) < 0)
        return rc;
    if (aq_engine__options_key(&r->opts, sizeof(aq_unit_period), dst, cap) <
        0)
        return aq_error_set(err, AQ_ERROR, "key too long");
    n = strlen(dst);
    if (n < cap)
        n += (size_t)snprintf(dst + n, cap - n, " %s", data);
    return n < cap ? AQ_OK : aq_error_set(err, AQ_ERROR, "key too long");
}

/* Period i of the ranking: the months first, then the quarters; returns
 * where its unit results go. */
static aq_unit_period *period_slot(aq_ranking *r, size_t i, aq_period *p)
{
    if (i < r->nmonths) {
        *p = month_add(r->first, i);
        return &r->months[i * r->nunits];
    }
    *p = quarter_at(r, i - r->nmonths);
    return &r->quarters[(i - r->nmonths) * r->nunits];
}

/*
 * Every month and quarter of the ranking: from the store's cache when the
 * data, the jurisdiction and the options are those it was computed with,
 * otherwise computed (and cached when the store is writable). Re-ranking
 * after a one-day ingest thus recomputes one month and one quarter.
 */
static aq_status fill_periods(aq_ranking *r, aq_period upto, aq_error *err)
{
    size_t nper = r->nmonths + r->nquarters, i, missing = 0;
    size_t size = r->nunits * sizeof(aq_unit_period);
    unsigned char *need = aqx_calloc(nper + 1, 1);
    char (*keys)[1536] = aqx_calloc(nper + 1, sizeof *keys);
    aq_status rc = AQ_OK;

    if (!need || !keys) {
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < nper; i++) {
        aq_period p;
        aq_unit_period *dst = period_slot(r, i, &p);
        char name[16];
        if ((rc = period_key(r, p, keys[i], sizeof keys[i], err)) < 0)
            goto done;
        aq_period_format(name, sizeof name, p);
        if (!r->nunits ||
            aq_store_cache_get(r->store, name, keys[i], dst, size) != AQ_OK) {
            need[i] = 1;
            missing++;
        }
    }
    if (missing > 2) {
        /* much to compute: one read of the store for the whole range */
        aq_period q0 = r->first_q;
        aq_period ql = {AQ_PERIOD_QUARTER, upto.year, (upto.index + 2) / 3};
        int32_t d0, d1;
        aq_period_days(q0, &d0, NULL);
        aq_period_days(ql, NULL, &d1);
        if ((rc = aq_engine_load(r->engine, d0, d1, err)) < 0)
            goto done;
    }
    for (i = 0; i < nper; i++) {
        aq_period p;
        aq_unit_period *dst = period_slot(r, i, &p);
        char name[16];
        if (!need[i])
            continue;
        if ((rc = compute_periods(r, p, dst, err)) < 0)
            goto done;
        aq_period_format(name, sizeof name, p);
        aq_store_cache_put(r->store, name, keys[i], dst, size);
    }
done:
    aqx_free(need);
    aqx_free(keys);
    return rc;
}

static void fill_row(aq_unit_result *row, const aq_unit_info *u, aq_period p,
                     const aq_unit_period *up)
{
    row->unit = u->name;
    row->period = p;
    row->sufficient = up->stats.sufficient;
    /* P3, N6.2.6: no composite when a statistic is missing */
    row->composite = up->composite.composite >= 0 &&
                             !(up->composite.flags &
                               AQ_COMPOSITE_NOT_COMPUTED)
                         ? up->composite.composite
                         : AQ_MISSING;
    row->pm25 = up->stats.stat[AQ_PM25].value == AQ_MISSING
                    ? AQ_MISSING
                    : up->stats.stat[AQ_PM25].value / AQ_MICRO;
}

/*
 * The settlement of the first `nmonths` months and of the quarters over by
 * then: the rows of the units of the evaluation (N5.3.1: a unit without an
 * assessment station has no row, so it is neither ranked nor settled),
 * each month with its N0.1 base. `month_rows` and `quarter_rows`, when
 * given (indexed like the units), replace the last month's rows and, if it
 * ends a quarter, that quarter's (the planner's projection, D8).
 */
/* The rows of period p (its results up[], or `given` instead when not
 * NULL) of the units of the evaluation, appended at rows + *n. */
static void add_rows(aq_ranking *r, aq_period p, const aq_unit_period *up,
                     const aq_unit_result *given, aq_unit_result *rows,
                     size_t *n)
{
    size_t u;

    for (u = 0; u < r->nunits; u++) {
        aq_unit_result *row;
        if (!aq_engine_unit_evaluated(r->engine, u))
            continue;
        row = &rows[(*n)++];
        if (given)
            *row = given[u];
        else
            fill_row(row, aq_engine_unit(r->engine, u), p, &up[u]);
        row->period = p;
    }
}

static aq_status settle(aq_ranking *r, size_t nmonths,
                        const aq_unit_result *month_rows,
                        const aq_unit_result *quarter_rows,
                        aq_settlement **out, aq_error *err)
{
    aq_period upto = month_add(r->first, nmonths - 1);
    aq_unit_result *rows;
    size_t m, q, u, k, nrows = 0;
    aq_status rc;

    rows = aqx_calloc((nmonths + r->nquarters) * r->nunits + 1,
                      sizeof *rows);
    if (!rows)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (m = 0; m < nmonths; m++) {
        aq_period p = month_add(r->first, m);
        size_t start = nrows;
        add_rows(r, p, &r->months[m * r->nunits],
                 m == nmonths - 1 ? month_rows : NULL, rows, &nrows);
        for (u = 0, k = start; r->has_base[m] && u < r->nunits; u++) {
            aq_unit_result b;
            if (!aq_engine_unit_evaluated(r->engine, u))
                continue;
            fill_row(&b, aq_engine_unit(r->engine, u), p,
                     &r->base[m * r->nunits + u]);
            rows[k].base_given = 1;
            rows[k].base_sufficient = b.sufficient;
            rows[k].base_composite = b.composite;
            rows[k].base_pm25 = b.pm25;
            k++;
        }
    }
    /* quarters from their own daily values (P6 S6, N5.1.6); a quarter not
     * over yet at `upto` is not ranked for S6 */
    for (q = 0; q < r->nquarters; q++) {
        aq_period p = quarter_at(r, q);
        int last_one = p.year == upto.year && 3 * p.index == upto.index;
        if (p.year > upto.year ||
            (p.year == upto.year && 3 * p.index > upto.index))
            continue;
        add_rows(r, p, &r->quarters[q * r->nunits],
                 last_one ? quarter_rows : NULL, rows, &nrows);
    }
    rc = aq_settlement_new(out, &r->policy, rows, nrows, err);
    aqx_free(rows);
    return rc;
}

aq_status aq_ranking_build(aq_ranking **out, aq_store *s, const aq_policy *pol,
                           aq_period upto, aq_error *err)
{
    aq_ranking *r;
    aq_status rc;

    *out = NULL;
    r = aqx_calloc(1, sizeof *r);
    if (!r)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    r->store = s;
    if (pol)
        r->policy = *pol;
    else if ((rc = aq_ranking_stored_policy(s, &r->policy, err)) < 0)
        goto fail;
    if ((rc = aq_ranking__engine_options(&r->policy, &r->opts, err)) < 0 ||
        (rc = aq_engine_new(&r->engine, s, &r->opts, err)) < 0)
        goto fail;
    r->nunits = aq_engine_unit_count(r->engine);
    if ((rc = aq_engine_data_months(r->engine, &r->first, &r->last, err)) <
        0)
        goto fail;
    if (upto.year == 0) {
        upto = r->last; /* AQ_RANKING_LATEST */
    } else if (upto.kind != AQ_PERIOD_MONTH) {
        /* a quarter or a year: up to its last month, or the last month
         * with data if the period is not over */
        aq_period end = {AQ_PERIOD_MONTH, upto.year,
                         aq_period_last_month(upto)};
        upto = period_cmp(end, r->last) < 0 ? end : r->last;
    }
    if (period_cmp(upto, r->first) < 0) {
        char a[16], b[16];
        rc = aq_error_set(err, AQ_ENOTFOUND,
                          "no data for %s: the data start in %s",
                          aq_period_format(a, sizeof a, upto),
                          aq_period_format(b, sizeof b, r->first));
        goto fail;
    }
    if (period_cmp(upto, r->last) > 0) {
        char a[16], b[16];
        rc = aq_error_set(err, AQ_ENOTFOUND,
                          "no data for %s: the data end in %s",
                          aq_period_format(a, sizeof a, upto),
                          aq_period_format(b, sizeof b, r->last));
        goto fail;
    }
    r->last = upto;
    r->nmonths = months_between(r->first, r->last) + 1;
    r->first_q.kind = AQ_PERIOD_QUARTER;
    r->first_q.year = r->first.year;
    r->first_q.index = (r->first.index + 2) / 3;
    r->nquarters = (size_t)((r->last.year - r->first.year) * 4 +
                            (r->last.index + 2) / 3 - r->first_q.index + 1);
    r->months = aqx_calloc(r->nmonths * r->nunits + 1, sizeof *r->months);
    r->quarters =
        aqx_calloc(r->nquarters * r->nunits + 1, sizeof *r->quarters);
    r->scratch = aqx_calloc(r->nunits + 1, sizeof *r->scratch);
    if (!r->months || !r->quarters || !r->scratch) {
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = fill_periods(r, upto, err)) < 0)
        goto fail;
    r->base = aqx_calloc(r->nmonths * r->nunits + 1, sizeof *r->base);
    r->has_base = aqx_calloc(r->nmonths + 1, 1);
    if (!r->base || !r->has_base) {
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = yoy_bases(r, r->base, r->has_base, err)) < 0 ||
        (rc = settle(r, r->nmonths, NULL, NULL, &r->settlement, err)) < 0)
        goto fail;
    *out = r;
    return AQ_OK;
fail:
    aq_ranking_free(r);
    return rc;
}

void aq_ranking_free(aq_ranking *r)
{
    if (!r)
        return;
    aq_settlement_free(r->settlement);
    aq_engine_free(r->engine);
    aqx_free(r->months);
    aqx_free(r->quarters);
    aqx_free(r->scratch);
    aqx_free(r->base);
    aqx_free(r->has_base);
    aqx_free(r);
}

const aq_policy *aq_ranking_policy(const aq_ranking *r)
{
    return &r->policy;
}

aq_engine *aq_ranking__engine(const aq_ranking *r)
{
    return r->engine;
}

void aq_ranking__months(const aq_ranking *r, aq_period *first,
                        aq_period *last)
{
    if (first)
        *first = r->first;
    if (last)
        *last = r->last;
}

aq_store *aq_ranking__store(const aq_ranking *r)
{
    return r->store;
}

aq_status aq_ranking__unit_periods(aq_ranking *r, aq_period p,
                                  const aq_unit_period **out, aq_error *err)
{
    aq_status rc;

    *out = NULL;
    if (p.kind == AQ_PERIOD_MONTH) {
        if (period_cmp(p, r->first) < 0 || period_cmp(p, r->last) > 0)
            return aq_error_set(err, AQ_ENOTFOUND, "month outside the data");
        *out = &r->months[months_between(r->first, p) * r->nunits];
        return AQ_OK;
    }
    if (p.kind == AQ_PERIOD_QUARTER) {
        int q = (p.year - r->first_q.year) * 4 + p.index - r->first_q.index;
        if (q < 0 || (size_t)q >= r->nquarters)
            return aq_error_set(err, AQ_ENOTFOUND,
                                "quarter outside the data");
        *out = &r->quarters[(size_t)q * r->nunits];
        return AQ_OK;
    }
    /* N5.2: a year whose data end before December is a year to date,
     * January to the last month covered */
    if (p.kind == AQ_PERIOD_YEAR && p.index == 0 && p.year == r->last.year &&
        r->last.index < 12)
        p.index = r->last.index;
    if ((rc = compute_periods(r, p, r->scratch, err)) < 0)
        return rc;
    *out = r->scratch;
    return AQ_OK;
}

const aq_settlement *aq_ranking__settlement(const aq_ranking *r)
{
    return r->settlement;
}

const aq_engine_options *aq_ranking__options(const aq_ranking *r)
{
    return &r->opts;
}

void aq_ranking__result_of(const aq_ranking *r, size_t u, aq_period p,
                           const aq_unit_period *up, aq_unit_result *out)
{
    memset(out, 0, sizeof *out);
    fill_row(out, aq_engine_unit(r->engine, u), p, up);
    out->good_ratio =
        up->composite.good_ratio < 0 ? AQ_MISSING : up->composite.good_ratio;
}

aq_status aq_ranking__settle_projected(aq_ranking *r, aq_period month,
                                       const aq_unit_result *month_rows,
                                       const aq_unit_result *quarter_rows,
                                       aq_settlement **out, aq_error *err)
{
    *out = NULL;
    if (month.kind != AQ_PERIOD_MONTH || period_cmp(month, r->first) < 0 ||
        period_cmp(month, r->last) > 0)
        return aq_error_set(err, AQ_ENOTFOUND, "month outside the data");
    return settle(r, months_between(r->first, month) + 1, month_rows,
                  quarter_rows, out, err);
}
