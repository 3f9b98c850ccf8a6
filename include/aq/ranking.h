/* SPDX-License-Identifier: MIT */
/**
 * @file aq/ranking.h
 * @brief The whole job for a store: every month's (and quarter's) unit
 *        statistics and composite index (P2), ranks and amounts (P3, P4),
 *        events and sanctions (P5, P6), from the stored hourly data and the
 *        stored (or a given) policy.
 *
 * A ranking covers every month from the first month with data to a given
 * month, because sanctions depend on the history (streaks, rise counts,
 * interview runs): the result of a month never depends on when it is
 * computed, and changing one month's data changes every later month.
 */
#ifndef AQ_RANKING_H
#define AQ_RANKING_H

#include "aq/common.h"
#include "aq/date.h"
#include "aq/policy.h"
#include "aq/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct aq_ranking aq_ranking;

/**
 * The policy stored with the data (by init): the built-in defaults with
 * the stored text applied (the defaults alone when none is stored).
 * @return AQ_OK; AQ_EPARSE (the stored text does not parse); AQ_ESTORE;
 *         AQ_ENOMEM.
 */
AQ_API aq_status aq_ranking_stored_policy(aq_store *s, aq_policy *out,
                                          aq_error *err);

/** As `upto` of aq_ranking_build(): the last month with data. */
#define AQ_RANKING_LATEST ((aq_period){AQ_PERIOD_MONTH, 0, 0})

/**
 * Compute everything up to and including `upto`: a month; a quarter or a
 * year (up to its last month, or the last month with data when the period
 * is not over); or AQ_RANKING_LATEST.
 *
 * @param pol   the policy, or NULL for the one stored with the data.
 * @param[out] out  the ranking; free with aq_ranking_free().
 * @return AQ_OK; AQ_ENOTFOUND (no data, or upto before or, for a month,
 *         after the data);
 *         AQ_EPARSE (the stored policy does not parse); AQ_ESTORE;
 *         AQ_ENOMEM.
 */
AQ_API aq_status aq_ranking_build(aq_ranking **out, aq_store *s,
                                  const aq_policy *pol, aq_period upto,
                                  aq_error *err);

/** Release r. r may be NULL. */
AQ_API void aq_ranking_free(aq_ranking *r);

/** The policy in use. Borrowed. */
AQ_API const aq_policy *aq_ranking_policy(const aq_ranking *r);

#ifdef __cplusplus
}
#endif
#endif /* AQ_RANKING_H */
