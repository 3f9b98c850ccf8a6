/* SPDX-License-Identifier: MIT */
/**
 * @file aq/rank.h
 * @brief Ranking of units (P3, N6.3), their positions, and the reward and
 *        penalty ladders (P4).
 *
 * Input is one result per unit for one period (month or quarter), as the
 * statistics module publishes it: the 2-decimal composite index as an
 * integer count of hundredths and the integer PM2.5 mean. Nothing here
 * reads station data. Ranking is competition ranking (1, 2, 2, 4) on the
 * published values, ascending; positions, "last" and "the worst two"
 * follow P3; amounts follow P4 and are exact micro-units of the policy's
 * currency_unit.
 */
#ifndef AQ_RANK_H
#define AQ_RANK_H

#include "aq/common.h"
#include "aq/date.h"
#include "aq/policy.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One unit's published result for one period (P2). */
typedef struct aq_unit_result {
    const char *unit;   /**< unit name, UTF-8; borrowed */
    aq_period period;   /**< a month or quarter (ignored by aq_rank_compute) */
    int sufficient;     /**< meets the validity minimums (P2) */
    int64_t composite;  /**< composite index in hundredths (5.41 -> 541),
                             or AQ_MISSING (aq/decimal.h) */
    int64_t pm25;       /**< PM2.5 mean, integer μg/m³, or AQ_MISSING */
    /** N0.1: when base_given, the same month of the previous year
     * recomputed under this month's rule set, the base of the
     * year-on-year comparison (P5) instead of that month's own row.
     * Zero (not given) for rows that need none. */
    int base_given;
    int base_sufficient;
    int64_t base_composite; /**< hundredths, or AQ_MISSING */
    int64_t base_pm25;      /**< μg/m³, or AQ_MISSING */
    /** Good-days ratio in tenths of a percent, or AQ_MISSING; read only
     * when ranking by AQ_RANK_BY_GOOD_DAYS (N6.3.3) */
    int64_t good_ratio;
} aq_unit_result;

/** How a unit took part in a ranking. */
typedef enum aq_rank_status {
    AQ_RANK_UNRANKED = 0, /**< left out (P3 insufficient_data = unranked) */
    AQ_RANK_RANKED = 1,   /**< ranked on its value */
    AQ_RANK_PLACED = 2,   /**< insufficient: placed after the ranked units,
                               by its value (insufficient_data = last) */
    AQ_RANK_FLAGGED = 3   /**< insufficient but with a value: ranked among
                               the others by it and marked (flagged); its
                               amount is withheld and it is sanctioned for
                               nothing */
} aq_rank_status;

/** One unit's place in a ranking. */
typedef struct aq_rank_entry {
    size_t index;          /**< position of the unit in the input array */
    const char *unit;      /**< the input's name pointer (borrowed) */
    aq_rank_status status;
    int rank;              /**< 1-based competition rank; 0 when unranked */
    int pos_first;         /**< first position the tie group occupies */
    int pos_last;          /**< last position; pos_last - pos_first + 1 tied */
    int is_last;           /**< an occupied position equals N (S1) */
    int in_bottom;         /**< an occupied position is >= N - g + 1, g =
                                policy bottom_group ("worst two", P5) */
    int64_t value;         /**< the unit's value (hundredths or μg/m³), or
                                AQ_MISSING; also for a placed or unranked
                                unit, which is listed by it */
    int64_t amount;        /**< P4 amount in micro-units of currency_unit,
                                negative for a deduction; the exact share
                                rounded to a micro-unit (GB/T 8170) */
    int64_t amount_num;    /**< exact share = amount_num / amount_den */
    int64_t amount_den;    /**< (reduced; 1 when the share is exact) */
} aq_rank_entry;

/**
 * Rank n units (P3, N6.3). A unit is ranked on its value when it is
 * sufficient and has the value `by` asks for. The others, by the policy's
 * insufficient_data: `unranked`, left out; `last`, placed after the
 * ranked units in the order of their values (those without a value last,
 * tied with each other); `flagged`, a unit with a value ranked among the
 * sufficient ones by it (AQ_RANK_FLAGGED), one without left out.
 * Competition ranking: equal values share the best rank and the next rank
 * skips. Composite index and PM2.5 rank ascending, the good-days ratio
 * descending (N6.3.3). out[] comes back in rank order, the unranked last by their
 * values; within a tie, by unit name (bytewise UTF-8, i.e. code point
 * order).
 *
 * @param pol     the policy (insufficient_data, bottom_group).
 * @param by      the value to rank by (the policy's rank_by, or another
 *                metric, e.g. the quarterly PM2.5 for S6).
 * @param in      n results.
 * @param[out] out       n entries, filled in rank order; amounts zero.
 * @param[out] n_ranked  N: the number of ranked (and placed) units.
 * @return AQ_OK; AQ_EINVALID (NULL argument, NULL unit name, n too large).
 */
AQ_API aq_status aq_rank_compute(const aq_policy *pol, aq_rank_by by,
                                 const aq_unit_result *in, size_t n,
                                 aq_rank_entry *out, size_t *n_ranked,
                                 aq_error *err);

/**
 * The P4 amounts of a ranking from aq_rank_compute(): position p (1..N)
 * earns reward_ladder[p-1] or loses penalty_ladder[N-p]; a tie group
 * shares the amounts of the positions it occupies equally.
 *
 * A flagged unit (AQ_RANK_FLAGGED) takes its positions but its amount is
 * withheld (0).
 * @return AQ_OK; AQ_EPOLICY when N < len(reward) + len(penalty) (the
 *         ladders would overlap; amounts are left zero).
 */
AQ_API aq_status aq_rank_amounts(const aq_policy *pol, aq_rank_entry *e,
                                 size_t n, size_t n_ranked, aq_error *err);



#ifdef __cplusplus
}
#endif
#endif /* AQ_RANK_H */
