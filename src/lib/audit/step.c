/* SPDX-License-Identifier: MIT */
/*
 * step_change (issue 17): a lasting shift of a station's level against its
 * neighbours, as a recalibration or a moved inlet leaves it, with the day
 * it happened. Each day with at least 20 hours (a valid daily mean,
 * N5.1.5) of both the station and its neighbours' median gives the ratio
 * of their sums. For every split of those days with audit_step_days or
 * more on each side, the ratios of the two sides' sums are compared: the
 * split is a candidate when they differ by at least audit_step_change
 * (up or down), and it is consistent when at least
 * audit_step_consistency of the days lie on their own side's half of the
 * way between the two levels. The most consistent candidate (then the
 * largest change) is flagged from its first day to the end of the month.
 * Below audit_min_level (the neighbours' mean over those hours) the
 * reporting resolution makes ratios coarse, and no step is looked for.
 * The ratios use floating point: they only compare with a threshold, no
 * rule rounds them.
 */
#include <math.h>

#include "aq/decimal.h"
#include "aq/stats.h"
#include "lib/audit/audit_internal.h"

struct day_ratio {
    size_t day;        /* index in the month */
    int64_t sum, sum2; /* station values, twice the neighbour medians */
    double ratio;
};

/* Days before j agreeing with level r1, from j on with r2 (n days). */
static size_t agreeing(const struct day_ratio *d, size_t n, size_t j, double r1,
                       double r2)
{
    double mid = (r1 + r2) / 2;
    size_t i, k = 0;

    for (i = 0; i < n; i++) {
        int low = d[i].ratio < mid;
        k += (i < j) == (r1 < r2 ? low : !low);
    }
    return k;
}

aq_status aq_audit__step(aq_audit *a, size_t s, aq_pollutant p,
                         const int64_t *ref2)
{
    const aq_policy_audit *c = &a->pol.audit;
    const aq_audit__st *st = &a->st[s];
    const double grow = 1.0 + (double)c->step_change / AQ_MICRO;
    struct day_ratio d[32];
    int64_t pre[33], pre2[33];
    size_t n = 0, i, j, h, best = 0, best_agree = 0;
    int64_t pairs_used = 0;
    double best_change = 0;
    int hours = 0;
    aq_audit_flag *f;

    if (!st->v)
        return AQ_OK;
    for (i = 0; i < a->ndays && i < 32; i++) {
        int64_t sum = 0, sum2 = 0;
        int pairs = 0;
        for (h = i * 24; h < i * 24 + 24; h++) {
            int64_t v = aq_audit__value(a, st, p, h);
            if (v == AQ_MISSING || ref2[h] == AQ_MISSING)
                continue;
            sum += v;
            sum2 += ref2[h];
            pairs++;
        }
        if (pairs < AQ_STATS_MIN_DAY_HOURS || sum2 <= 0)
            continue;
        d[n].day = i;
        d[n].sum = sum;
        d[n].sum2 = sum2;
        d[n].ratio = 2.0 * (double)sum / (double)sum2;
        n++;
        pairs_used += pairs;
    }
    /* the neighbours' mean over the hours used: sum2 / (2 * pairs) */
    if (n == 0)
        return AQ_OK;
    pre[0] = pre2[0] = 0;
    for (i = 0; i < n; i++) {
        pre[i + 1] = pre[i] + d[i].sum;
        pre2[i + 1] = pre2[i] + d[i].sum2;
    }
    if (pre2[n] < 2 * pairs_used * c->min_level[p])
        return AQ_OK;
    for (j = (size_t)c->step_days; j + (size_t)c->step_days <= n; j++) {
        double r1 = 2.0 * (double)pre[j] / (double)pre2[j],
               r2 = 2.0 * (double)(pre[n] - pre[j]) /
                    (double)(pre2[n] - pre2[j]),
               change;
        size_t k;
        if (r1 <= 0 && r2 <= 0)
            continue;
        change = r1 <= 0 || r2 <= 0 ? INFINITY : (r2 > r1 ? r2 / r1 : r1 / r2);
        if (change < grow)
            continue;
        k = agreeing(d, n, j, r1, r2);
        if (k > best_agree || (k == best_agree && change > best_change)) {
            best = j;
            best_agree = k;
            best_change = change;
        }
    }
    if (!best_agree ||
        (int64_t)best_agree * AQ_MICRO < c->step_consistency * (int64_t)n)
        return AQ_OK;
    for (h = d[best].day * 24; h < a->nh; h++)
        if (aq_audit__value(a, st, p, h) != AQ_MISSING) {
            hours++;
            if (aq_audit__mark(a, s, p, AQ_AUDIT_STEP_CHANGE, h) < 0)
                return AQ_ENOMEM;
        }
    f = aq_audit__flag(a, s, p, AQ_AUDIT_STEP_CHANGE, d[best].day * 24,
                       a->nh - 1, hours);
    if (!f)
        return AQ_ENOMEM;
    aq_audit__fact(f, "day", a->first + (int64_t)d[best].day,
                   AQ_AUDIT_FACT_DAY);
    aq_audit__fact_ratio(f, "ratio_before", 2 * pre[best], pre2[best], 2);
    aq_audit__fact_ratio(f, "ratio_after", 2 * (pre[n] - pre[best]),
                         pre2[n] - pre2[best], 2);
    aq_audit__fact(f, "days_before", (int64_t)best, 0);
    aq_audit__fact(f, "days_after", (int64_t)(n - best), 0);
    aq_audit__fact_ratio(f, "consistency", (int64_t)best_agree, (int64_t)n, 2);
    return AQ_OK;
}
