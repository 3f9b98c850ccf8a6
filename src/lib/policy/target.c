/* SPDX-License-Identifier: MIT */
/*
 * Targets (include/aq/target.h, docs/spec-daily.md D7): the remaining-days
 * control value and the good days still needed. Both answers are decided
 * on the published, rounded result (N1.4, N5.7.1), computed exactly: a
 * first guess from the algebra, then the rounded result itself checked at
 * the answer and one past it, so that a tie at the rounding edge (x whose
 * mean is exactly the limit + 0.5) is judged by GB/T 8170 and nothing
 * else.
 */
#include "aq/composite.h" /* aq_composite_good_ratio(), N5.7.1 */
#include "aq/decimal.h"
#include "aq/target.h"
#include "lib/standards/frac_internal.h"

/* The mean (sum + r * x) / (d + r) rounded by N1.4 to a whole μg/m³, in
 * whole μg/m³; -1 on overflow. */
static int64_t rounded_mean(const aq_exact *sum, int d, int r, int64_t x)
{
    aq_exact m = *sum, add = aq_frac__int(x * AQ_MICRO);

    if (aq_frac__mul_int(&add, r) || aq_frac__add(&m, &add) ||
        aq_frac__div_int(&m, (int64_t)d + r))
        return -1;
    return aq_frac__round_scaled(&m, 0);
}

int aq_target_mean_meets(const aq_exact *sum, int days, int64_t limit)
{
    int64_t m;

    if (!sum || days <= 0)
        return 0;
    m = rounded_mean(sum, days, 0, 0);
    return m >= 0 && m <= limit;
}

aq_status aq_target_allowance(const aq_exact *sum, int days, int remaining,
                              int64_t limit, int64_t *x)
{
    __int128 top;
    int64_t guess, m;

    if (!sum || !x || days < 0 || remaining <= 0 || limit < 0 ||
        limit > 100000 || sum->whole < 0 || days > 100000 ||
        remaining > 100000)
        return AQ_EINVALID;
    /* N1.4: the mean rounds to at most L while it is below L + 1/2, so
     * x <= ((L + 1/2)(d + r) - sum) / r, and the rounding of the edge
     * itself is checked below */
    top = ((__int128)(2 * limit + 1) * AQ_MICRO * (days + remaining)) / 2 -
          sum->whole;
    guess = (int64_t)(top / ((__int128)remaining * AQ_MICRO));
    if (top < 0)
        guess = -1;
    if (guess < 0)
        guess = 0;
    /* the rounded mean is monotone in x: step to the last x that meets
     * the limit (at most a step or two from the guess) */
    while ((m = rounded_mean(sum, days, remaining, guess)) > limit &&
           guess > 0)
        guess--;
    if (m < 0)
        return AQ_EINVALID;
    if (m > limit)
        return AQ_EINSUFFICIENT; /* not even x = 0 */
    while ((m = rounded_mean(sum, days, remaining, guess + 1)) >= 0 &&
           m <= limit)
        guess++;
    *x = guess;
    return AQ_OK;
}

aq_status aq_target_good_days_needed(int good, int valid, int remaining,
                                     int64_t target, int *k)
{
    int i;

    if (!k || good < 0 || valid < good || remaining < 0 || target < 0 ||
        target > 1000)
        return AQ_EINVALID;
    /* N5.7.1: the ratio of (good + i) of (valid + remaining) days, rounded
     * to 0.1 %, grows with i: the first i that reaches the target */
    for (i = 0; i <= remaining; i++) {
        int64_t ratio = aq_composite_good_ratio(good + i, valid + remaining);
        if (ratio >= 0 && ratio >= target) {
            *k = i;
            return AQ_OK;
        }
    }
    return AQ_EINSUFFICIENT;
}
