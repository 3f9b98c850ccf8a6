/* SPDX-License-Identifier: MIT */
/**
 * @file aq/roads.h
 * @brief The road-cleanliness standard applied to a month of inspection
 *        records (issue 20): per unit its samples, mean dust load and
 *        compliance with the standard, the roads that failed most, and the
 *        ranking by the same P3 rules and P4 ladders as the air ranking.
 *
 * The standard's numbers are the policy's `roads` settings (aq/policy.h;
 * defaults from the Hengshui article: 5 g/m2, 15 minutes, 05:00-20:00, 4
 * samples). A record outside the cleaning window counts among the unit's
 * inspections but is no sample. Everything is integer arithmetic on
 * micro-units; each published value is rounded once, half to even
 * (aq_round_scaled(), GB/T 8170): the mean load to 0.01 g/m2, the
 * compliance shares to 0.1 %. Units are ranked on those published values:
 * the dust compliance, higher first, then the mean load, lower first; equal
 * in both, tied, sharing the best rank (P3). Nothing here reads files or
 * the store.
 */
#ifndef AQ_ROADS_H
#define AQ_ROADS_H

#include "aq/common.h"
#include "aq/date.h"
#include "aq/inspection.h"
#include "aq/policy.h"
#include "aq/rank.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Roads listed per unit as "the roads that failed most". */
#define AQ_ROADS_FAILED_MAX 3

/** A road of a unit with samples that did not comply. */
typedef struct aq_road_failures {
    const char *road;    /**< borrowed from the records */
    int failures;        /**< dust_failures + litter_failures */
    int dust_failures;   /**< dust samples above the limit */
    int litter_failures; /**< litter samples above the limit */
} aq_road_failures;

/** One unit's month. */
typedef struct aq_roads_unit {
    const char *unit;      /**< borrowed from the caller's names */
    int inspections;       /**< records of the unit in the month */
    int outside_window;    /**< of them, outside the cleaning window */
    int dust_samples;      /**< in the window, with a dust load */
    int dust_compliant;    /**< of them, at or below the limit */
    int litter_samples;    /**< in the window, with a litter time */
    int litter_compliant;  /**< of them, at or below the limit */
    int64_t dust_sum;      /**< the samples' loads, micro-units of g/m2 */
    int64_t dust_mean;     /**< hundredths of g/m2, or AQ_MISSING */
    int64_t dust_compliance;   /**< tenths of a percent, or AQ_MISSING */
    int64_t litter_compliance; /**< tenths of a percent, or AQ_MISSING */
    size_t n_failed;           /**< roads in failed[] */
    aq_road_failures failed[AQ_ROADS_FAILED_MAX]; /**< most failures
                                    first, then by road name (bytes) */
} aq_roads_unit;

/** A month of road results. */
typedef struct aq_roads {
    aq_period month;
    size_t n_units;
    aq_roads_unit *units;   /**< in the order of the caller's names */
    /** the ranking (aq_rank_compute(): rank order, unranked last);
     * entry.index is the unit's index in units[] */
    aq_rank_entry *ranking;
    size_t n_ranked;        /**< units with enough dust samples */
    size_t inspections;     /**< records of the month, every unit */
    size_t outside_window;  /**< of them, outside the cleaning window */
    int has_ladders;        /**< the policy gives the road ranking ladders */
    /** AQ_OK, or AQ_EPOLICY when the ladders need more ranked units than
     * there are (P4; amounts then zero) */
    aq_status amounts_status;
    char amounts_message[256];
} aq_roads;

/**
 * Judge the records of one month (those of other months and of units not
 * named are left out) for the units `names` (every unit listed, with or
 * without records), rank them and, when the policy gives the road
 * ranking ladders, compute their amounts (P4).
 *
 * @param names   n_units unit names; a record's unit must equal one of
 *                them byte for byte.
 * @param[out] out  the results; free with aq_roads_free(). Strings are
 *                  borrowed from names and records, which must outlive it.
 * @return AQ_OK; AQ_EINVALID (NULL argument, a month that is not a month);
 *         AQ_ENOMEM.
 */
AQ_API aq_status aq_roads_compute(const aq_policy *pol, aq_period month,
                                  const char *const *names, size_t n_units,
                                  const aq_inspection *records, size_t n,
                                  aq_roads **out, aq_error *err);

/** Release r. r may be NULL. */
AQ_API void aq_roads_free(aq_roads *r);

/** Whether a record at `minute` of its day is inside the policy's
 * cleaning window (both ends included). */
AQ_API int aq_roads_in_window(const aq_policy *pol, int minute);

#ifdef __cplusplus
}
#endif
#endif /* AQ_ROADS_H */
