/* SPDX-License-Identifier: MIT */
/**
 * @file aq/plan.h
 * @brief The planner (docs/spec-daily.md D8): the highest monthly PM2.5
 *        mean with which a unit reaches a rank, or a place by the
 *        positions of P3, against the other units' month-to-date values,
 *        its other five pollutants held where they are.
 *
 * Pure arithmetic on published integers (hundredths of the composite
 * index, whole μg/m³ of PM2.5); the composite's single index of PM2.5 is
 * the one of N6.2 (aq_composite_single_index()), rounded as published.
 */
#ifndef AQ_PLAN_H
#define AQ_PLAN_H

#include "aq/common.h"
#include "aq/policy.h" /* aq_rank_by */

#ifdef __cplusplus
extern "C" {
#endif

/** How a unit's ranked value depends on its monthly PM2.5 mean C. */
typedef struct aq_plan_unit {
    aq_rank_by by;      /**< AQ_RANK_BY_COMPOSITE or AQ_RANK_BY_PM25 */
    /** composite: the weighted sum of the other five single indices, in
     * hundredths (N6.2.4, N6.4) */
    int64_t others_index;
    int64_t pm25_limit; /**< S of PM2.5, micro-units (N6.2.1, N6.4) */
    int pm25_weight;    /**< w of PM2.5 (1 under R2012, N6.4) */
} aq_plan_unit;

/** The value a unit is ranked by if its monthly PM2.5 mean were c (whole
 * μg/m³, >= 0): c itself, or its composite index in hundredths. */
AQ_API int64_t aq_plan_value(const aq_plan_unit *u, int64_t c);

/** What it takes (D8). */
typedef struct aq_plan_limit {
    int reachable;    /**< c = 0 reaches it */
    int unlimited;    /**< every c >= 0 does (no maximum) */
    int64_t pm25_max; /**< the largest whole c that does, when reachable
                           and not unlimited; else -1 */
} aq_plan_limit;

/**
 * The highest monthly PM2.5 with which the unit is ranked no worse than k
 * against the other units' values `others` (n of them, ascending; units
 * placed after the ranked ones are not among them).
 *
 * by_position = 0: its rank (P3: ties share the best rank) is at most k,
 * i.e. value(c) <= others[k-1]. by_position = 1: the last position its tie
 * group occupies is at most k (P3 positions: who is "last", in "the worst
 * two", in the penalty ladder), i.e. value(c) < others[k-1]. For k > n
 * every c does; for k < 1 none.
 */
AQ_API void aq_plan_limit_for(const aq_plan_unit *u, const int64_t *others,
                              size_t n, int k, int by_position,
                              aq_plan_limit *out);

#ifdef __cplusplus
}
#endif
#endif /* AQ_PLAN_H */
