/* SPDX-License-Identifier: MIT */
/*
 * The planner's arithmetic (include/aq/plan.h, docs/spec-daily.md D8).
 * A unit's value grows with its PM2.5 mean C (the single index of PM2.5
 * rounds up or stays, N6.2.3), so the C that keep it within a bound are
 * 0..C_max: C_max is guessed from the algebra and then decided by the
 * published value itself at the guess and one past it, so the rounding is
 * never inverted.
 */
#include "aq/composite.h" /* aq_composite_single_index(), N6.2.3 */
#include "aq/decimal.h"
#include "aq/plan.h"

/* far above any monthly mean (the AQI scale ends at 500 μg/m³) and far
 * below an overflow of C * 10^6 */
#define C_CEILING (INT64_C(1) << 40)

int64_t aq_plan_value(const aq_plan_unit *u, int64_t c)
{
    if (u->by == AQ_RANK_BY_PM25)
        return c;
    /* N6.2.4, N6.4: the other five indices plus w * I(PM2.5) */
    return u->others_index + (int64_t)u->pm25_weight *
                                 aq_composite_single_index(c * AQ_MICRO,
                                                           u->pm25_limit);
}

static int within(const aq_plan_unit *u, int64_t c, int64_t bound,
                  int strict)
{
    int64_t v = aq_plan_value(u, c);

    return strict ? v < bound : v <= bound;
}

void aq_plan_limit_for(const aq_plan_unit *u, const int64_t *others,
                       size_t n, int k, int by_position, aq_plan_limit *out)
{
    int64_t bound, lo, hi;

    out->reachable = 0;
    out->unlimited = 0;
    out->pm25_max = -1;
    if (k < 1)
        return;
    if ((size_t)k > n) {
        /* fewer than k others: no value can push it past k */
        out->reachable = out->unlimited = 1;
        return;
    }
    /* P3: rank = 1 + #(others < v) <= k  <=>  v <= others[k-1]; last
     * position = #(others <= v) + 1 <= k  <=>  v < others[k-1] */
    bound = others[k - 1];
    if (!within(u, 0, bound, by_position))
        return;
    out->reachable = 1;
    if (u->by != AQ_RANK_BY_PM25 && u->pm25_weight <= 0) {
        out->unlimited = 1; /* a value that never grows */
        return;
    }
    /* a first guess from the algebra: by PM2.5 the bound itself; by the
     * composite index the C where C / S reaches the index the bound leaves
     * plus half a hundredth (N6.2.3); then the published value itself
     * decides, a step or two each way */
    if (u->by == AQ_RANK_BY_PM25) {
        lo = by_position ? bound - 1 : bound;
    } else {
        int64_t t = (bound - u->others_index) / u->pm25_weight;
        lo = (int64_t)(((__int128)(2 * t + 1) * u->pm25_limit) /
                       ((__int128)200 * AQ_MICRO));
    }
    if (lo < 0)
        lo = 0;
    if (lo > C_CEILING)
        lo = C_CEILING;
    while (lo > 0 && !within(u, lo, bound, by_position))
        lo--;
    hi = lo + 1;
    while (hi < C_CEILING && within(u, hi, bound, by_position)) {
        lo = hi;
        hi++;
    }
    out->pm25_max = lo;
}
