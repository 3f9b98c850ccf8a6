/* SPDX-License-Identifier: MIT */
/**
 * @file aq/composite.h
 * @brief The composite index of the ranking rules (N6.2, N6.4), the
 *        good-days ratio (N5.7.1) and the change rate (N6.5.1).
 *
 * Indices are integer hundredths, percentages integer tenths of a percent,
 * so a composite index of 8.43 is 843 and a ratio of 93.1 % is 931; format
 * them with aq_scaled_format(). Ranking itself (N6.3) is not here.
 */
#ifndef AQ_COMPOSITE_H
#define AQ_COMPOSITE_H

#include "aq/common.h" /* AQ_API, aq_status */
#include "aq/rules.h"  /* aq_pollutant, aq_ruleset */
#include "aq/stats.h"  /* aq_period_stats, aq_stats_options */

#ifdef __cplusplus
extern "C" {
#endif

/** Flags of a composite index. */
enum {
    AQ_COMPOSITE_NOT_COMPUTED = 1u << 0, /**< a statistic is missing (N6.2.6) */
    AQ_COMPOSITE_INSUFFICIENT = 1u << 1  /**< computed, but a statistic is
                                              invalid (N5.2.2, N6.2.6) */
};

/** A period's composite index and its parts. */
typedef struct aq_composite {
    /** Single index I_i = C_i / S_i in hundredths, rounded half-even
     * (N6.2.3); -1 when C_i is missing. */
    int64_t index[AQ_POLLUTANT_COUNT];
    int64_t limit[AQ_POLLUTANT_COUNT]; /**< S_i used, micro-units */
    int weight[AQ_POLLUTANT_COUNT];    /**< w_i used (1 under R2012) */
    /** Sum of w_i * I_i in hundredths (N6.2.4, N6.4); -1 when not
     * computed. */
    int64_t composite;
    /** Bit (1u << pollutant) per pollutant with the largest single index,
     * ties all set (N6.2.5); 0 when none. */
    unsigned primary;
    /** Good-days ratio in tenths of a percent (N5.7.1); -1 without valid
     * days. */
    int64_t good_ratio;
    unsigned flags; /**< AQ_COMPOSITE_* */
} aq_composite;

/**
 * Single index I = C / S rounded to 2 decimals by GB/T 8170 (N6.2.3).
 *
 * @param conc   the statistic C, micro-units (rounded per N6.2.2).
 * @param limit  the divisor S, micro-units, > 0.
 * @return hundredths; -1 when conc is AQ_MISSING or negative, or limit
 *         is not positive.
 */
AQ_API int64_t aq_composite_single_index(int64_t conc, int64_t limit);

/**
 * The composite index of a unit's period (N6.2): the statistics of ps
 * (rounded ones under the published chain; exact ones under `final`,
 * N1.5), the divisors and weights of the period's rule set (N0.1) unless
 * opts overrides them (N6.4), and the good-days ratio of ps.
 *
 * @param opts  options, or NULL for the defaults.
 * @return AQ_OK (also when flagged not computed); AQ_EINVALID for bad
 *         arguments or options.
 */
AQ_API aq_status aq_composite_compute(const aq_period_stats *ps,
                                      const aq_stats_options *opts,
                                      aq_composite *out);

/**
 * Good-days ratio good / valid * 100 % in tenths of a percent, rounded
 * half-even (N5.7.1): (27, 29) -> 931.
 * @return tenths; -1 when valid <= 0 or good is out of 0..valid.
 */
AQ_API int64_t aq_composite_good_ratio(int good, int valid);

/**
 * Change rate (now - prev) / prev * 100 % (N6.5.1), rounded to tenths of a
 * percent half-even, from the published values in the same scale (two
 * composite indices in hundredths, or two integer PM2.5 means).
 *
 * @param now, prev  the two values; a negative value means missing.
 * @param[out] tenths the rate, e.g. -90 for -9.0 %.
 * @return AQ_OK; AQ_EINSUFFICIENT when not comparable (a value missing or
 *         prev = 0, N6.5.4); AQ_EINVALID when tenths is NULL.
 */
AQ_API aq_status aq_composite_change_rate(int64_t now, int64_t prev,
                                          int64_t *tenths);

#ifdef __cplusplus
}
#endif
#endif /* AQ_COMPOSITE_H */
