/* SPDX-License-Identifier: MIT */
/**
 * @file aq/target.h
 * @brief How far a unit is from its year's targets (docs/spec-daily.md
 *        D7): the highest daily PM2.5 the rest of a period may average
 *        and still meet a limit (年剩余日控制值), and the good days still
 *        needed for a good-days ratio.
 *
 * Pure arithmetic on exact integers, the rounding of the published value
 * included (N1.4 for a mean, N5.7.1 for a ratio): an answer is the value
 * whose published result meets the target, and one more does not.
 */
#ifndef AQ_TARGET_H
#define AQ_TARGET_H

#include "aq/common.h"
#include "aq/stats.h" /* aq_exact */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The largest whole x >= 0 such that, if each of `remaining` further days
 * had a valid daily value of exactly x μg/m³, the mean
 * (sum + remaining * x) / (days + remaining), rounded by N1.4 to a whole
 * μg/m³, would not exceed `limit` (D7 pm25_allowance, D8
 * daily_pm25_max).
 *
 * @param sum        the exact sum of the `days` valid daily values so far,
 *                   micro-units (rounded daily values under the published
 *                   chain, N1.5).
 * @param days       valid days so far (>= 0).
 * @param remaining  days to come (> 0).
 * @param limit      the limit, whole μg/m³ (>= 0).
 * @param[out] x     the allowance, whole μg/m³.
 * @return AQ_OK; AQ_EINSUFFICIENT when not even x = 0 meets the limit;
 *         AQ_EINVALID for bad arguments (remaining <= 0 among them).
 */
AQ_API aq_status aq_target_allowance(const aq_exact *sum, int days,
                                     int remaining, int64_t limit,
                                     int64_t *x);

/**
 * Whether a mean of `days` valid daily values summing to `sum`, rounded by
 * N1.4 to a whole μg/m³, is at most `limit` (a period that is over: D7
 * pm25_reachable without days to come). 0 without days.
 */
AQ_API int aq_target_mean_meets(const aq_exact *sum, int days, int64_t limit);

/**
 * The smallest k in 0..remaining such that the good-days ratio
 * (good + k) / (valid + remaining), in percent rounded to 0.1 by N5.7.1,
 * is at least `target` (tenths of a percent) (D7 good_days_needed).
 *
 * @return AQ_OK with *k; AQ_EINSUFFICIENT when not even k = remaining
 *         reaches it (or there are no days at all); AQ_EINVALID for bad
 *         arguments.
 */
AQ_API aq_status aq_target_good_days_needed(int good, int valid,
                                            int remaining, int64_t target,
                                            int *k);

#ifdef __cplusplus
}
#endif
#endif /* AQ_TARGET_H */
