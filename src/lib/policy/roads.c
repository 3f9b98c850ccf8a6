/* SPDX-License-Identifier: MIT */
/*
 * The road-cleanliness standard (include/aq/roads.h, issue 20): a month
 * of inspection records judged per unit by the policy's `roads` settings,
 * the units ranked by the P3 ranking (aq_rank_compute) and paid by the P4
 * ladders (aq_rank_amounts) of the road ranking. Integer arithmetic on
 * micro-units; each published value rounded once (GB/T 8170).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/decimal.h"
#include "aq/roads.h"
#include "util/alloc.h"

int aq_roads_in_window(const aq_policy *pol, int minute)
{
    /* issue 20: 5时至20时, both ends included */
    return minute >= pol->roads.window_start &&
           minute <= pol->roads.window_end;
}

/* ---- Units by name ---- */

typedef struct named {
    const char *name;
    size_t index;
} named;

static int named_cmp(const void *a, const void *b)
{
    return strcmp(((const named *)a)->name, ((const named *)b)->name);
}

/* the index of unit in the sorted table, or -1 */
static long find_unit(const named *t, size_t n, const char *unit)
{
    named key = {unit, 0};
    const named *hit = n ? bsearch(&key, t, n, sizeof *t, named_cmp) : NULL;

    return hit ? (long)hit->index : -1;
}

/* ---- The roads that failed ---- */

typedef struct failure {
    size_t unit;
    const char *road;
    int dust, litter;
} failure;

static int failure_cmp(const void *pa, const void *pb)
{
    const failure *a = pa, *b = pb;

    if (a->unit != b->unit)
        return a->unit < b->unit ? -1 : 1;
    return strcmp(a->road, b->road);
}

/* Keep f in u's list of the roads that failed most: most failures
 * first, then by road name. */
static void keep_failed(aq_roads_unit *u, const aq_road_failures *f)
{
    size_t i = u->n_failed;

    if (i == AQ_ROADS_FAILED_MAX) {
        const aq_road_failures *w = &u->failed[i - 1];
        if (f->failures < w->failures ||
            (f->failures == w->failures && strcmp(f->road, w->road) > 0))
            return;
        i--;
    } else {
        u->n_failed++;
    }
    while (i > 0 && (u->failed[i - 1].failures < f->failures ||
                     (u->failed[i - 1].failures == f->failures &&
                      strcmp(u->failed[i - 1].road, f->road) > 0))) {
        u->failed[i] = u->failed[i - 1];
        i--;
    }
    u->failed[i] = *f;
}

static void collect_failed(aq_roads *r, failure *fl, size_t nf)
{
    size_t i, j;

    qsort(fl, nf, sizeof *fl, failure_cmp);
    for (i = 0; i < nf; i = j) {
        aq_road_failures f = {fl[i].road, 0, 0, 0};
        for (j = i; j < nf && fl[j].unit == fl[i].unit &&
                    !strcmp(fl[j].road, fl[i].road);
             j++) {
            f.dust_failures += fl[j].dust;
            f.litter_failures += fl[j].litter;
        }
        f.failures = f.dust_failures + f.litter_failures;
        keep_failed(&r->units[fl[i].unit], &f);
    }
}

/* ---- The month ---- */

/* One record into its unit's counts; a sample that fails is noted in
 * fl (room for one per record). */
static void judge(const aq_policy *pol, aq_roads_unit *u, size_t ui,
                  const aq_inspection *rec, failure *fl, size_t *nf)
{
    const aq_policy_roads *std = &pol->roads;
    failure f = {ui, rec->road, 0, 0};

    u->inspections++;
    if (!aq_roads_in_window(pol, rec->minute)) {
        u->outside_window++;
        return;
    }
    if (rec->dust != AQ_MISSING) {
        u->dust_samples++;
        u->dust_sum += rec->dust;
        /* 每平方米浮尘不得高于5克: 5.0 complies, 5.01 does not */
        if (rec->dust <= std->dust_limit)
            u->dust_compliant++;
        else
            f.dust = 1;
    }
    if (rec->litter != AQ_MISSING) {
        u->litter_samples++;
        /* 地面垃圾停留时间不超过15分钟: 15 complies, 16 does not */
        if (rec->litter <= std->litter_limit)
            u->litter_compliant++;
        else
            f.litter = 1;
    }
    if (f.dust || f.litter)
        fl[(*nf)++] = f;
}

/* the share num/den as tenths of a percent, rounded half to even */
static int64_t share(int num, int den)
{
    return den ? aq_round_scaled((int64_t)num * 100 * AQ_MICRO, den, 1)
               : AQ_MISSING;
}

/* P3 on two keys: the ranking orders by one value, ascending, and ties
 * what is equal; the published compliance (tenths, higher first) and the
 * published mean (hundredths, lower first) are put in one so that equal
 * in both is equal in it. A mean is below 10^12 hundredths (the loads
 * are at most 10^12 g/m2, aq_decimal_parse()). */
static int64_t rank_key(const aq_roads_unit *u)
{
    if (u->dust_samples == 0)
        return AQ_MISSING;
    return (1000 - u->dust_compliance) * INT64_C(1000000000000) +
           u->dust_mean;
}

static aq_status rank_units(const aq_policy *pol, aq_roads *r,
                            aq_error *err)
{
    aq_unit_result *rows = aqx_calloc(r->n_units + 1, sizeof *rows);
    aq_policy p = *pol;
    aq_status rc;
    size_t i;

    if (!rows)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (i = 0; i < r->n_units; i++) {
        const aq_roads_unit *u = &r->units[i];
        rows[i].unit = u->unit;
        rows[i].period = r->month;
        rows[i].sufficient = u->dust_samples >= pol->roads.min_samples;
        rows[i].composite = rank_key(u);
        rows[i].pm25 = AQ_MISSING;
    }
    /* issue 20: a unit short of samples is not ranked (rank null, with
     * the reason), whatever the air ranking's insufficient_data says */
    p.insufficient_data = AQ_INSUFFICIENT_UNRANKED;
    rc = aq_rank_compute(&p, AQ_RANK_BY_COMPOSITE, rows, r->n_units,
                         r->ranking, &r->n_ranked, err);
    aqx_free(rows);
    if (rc != AQ_OK || !r->has_ladders)
        return rc;
    /* P4 with the road ranking's own ladders: the same rule, other
     * amounts */
    p.reward_count = pol->roads.reward_count;
    memcpy(p.reward_ladder, pol->roads.reward_ladder, sizeof p.reward_ladder);
    p.penalty_count = pol->roads.penalty_count;
    memcpy(p.penalty_ladder, pol->roads.penalty_ladder,
           sizeof p.penalty_ladder);
    {
        aq_error aerr = AQ_ERROR_INIT;
        r->amounts_status = aq_rank_amounts(&p, r->ranking, r->n_units,
                                            r->n_ranked, &aerr);
        snprintf(r->amounts_message, sizeof r->amounts_message, "%s",
                 aerr.message);
        if (r->amounts_status != AQ_OK && r->amounts_status != AQ_EPOLICY)
            return aq_error_set(err, r->amounts_status, "%s",
                                r->amounts_message);
    }
    return AQ_OK;
}

aq_status aq_roads_compute(const aq_policy *pol, aq_period month,
                           const char *const *names, size_t n_units,
                           const aq_inspection *records, size_t n,
                           aq_roads **out, aq_error *err)
{
    aq_roads *r;
    named *byname;
    failure *fl = NULL;
    size_t i, nf = 0;
    int32_t first, last;
    aq_status rc;

    *out = NULL;
    if (!pol || (n_units && !names) || (n && !records) ||
        month.kind != AQ_PERIOD_MONTH)
        return aq_error_set(err, AQ_EINVALID,
                            "aq_roads_compute: NULL or not a month");
    for (i = 0; i < n_units; i++)
        if (!names[i])
            return aq_error_set(err, AQ_EINVALID, "unit %zu has no name", i);
    r = aqx_calloc(1, sizeof *r);
    byname = aqx_calloc(n_units + 1, sizeof *byname);
    fl = aqx_calloc(n + 1, sizeof *fl);
    if (r) {
        r->units = aqx_calloc(n_units + 1, sizeof *r->units);
        r->ranking = aqx_calloc(n_units + 1, sizeof *r->ranking);
    }
    if (!r || !byname || !fl || !r->units || !r->ranking) {
        aqx_free(byname);
        aqx_free(fl);
        aq_roads_free(r);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    r->month = month;
    r->n_units = n_units;
    r->has_ladders =
        pol->roads.reward_count + pol->roads.penalty_count > 0;
    for (i = 0; i < n_units; i++) {
        byname[i].name = names[i];
        byname[i].index = i;
        r->units[i].unit = names[i];
    }
    if (n_units)
        qsort(byname, n_units, sizeof *byname, named_cmp);
    aq_period_days(month, &first, &last);
    for (i = 0; i < n; i++) {
        long u;
        if (records[i].day < first || records[i].day > last ||
            !records[i].unit || !records[i].road ||
            (u = find_unit(byname, n_units, records[i].unit)) < 0)
            continue;
        r->inspections++;
        judge(pol, &r->units[u], (size_t)u, &records[i], fl, &nf);
        r->outside_window += !aq_roads_in_window(pol, records[i].minute);
    }
    for (i = 0; i < n_units; i++) {
        aq_roads_unit *u = &r->units[i];
        /* each published value rounded once, half to even (N1.4) */
        u->dust_mean = u->dust_samples
                           ? aq_round_scaled(u->dust_sum, u->dust_samples, 2)
                           : AQ_MISSING;
        u->dust_compliance = share(u->dust_compliant, u->dust_samples);
        u->litter_compliance = share(u->litter_compliant, u->litter_samples);
    }
    collect_failed(r, fl, nf);
    aqx_free(fl);
    aqx_free(byname);
    if ((rc = rank_units(pol, r, err)) != AQ_OK) {
        aq_roads_free(r);
        return rc;
    }
    *out = r;
    return AQ_OK;
}

void aq_roads_free(aq_roads *r)
{
    if (!r)
        return;
    aqx_free(r->units);
    aqx_free(r->ranking);
    aqx_free(r);
}
