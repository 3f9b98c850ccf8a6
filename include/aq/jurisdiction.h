/* SPDX-License-Identifier: MIT */
/**
 * @file aq/jurisdiction.h
 * @brief A loaded stations file (aq/stations.h) made the jurisdiction of a
 *        store (aq/store.h): units, stations, coordinates and reference
 *        sites (P1), with the policy text.
 */
#ifndef AQ_JURISDICTION_H
#define AQ_JURISDICTION_H

#include "aq/common.h"
#include "aq/stations.h"
#include "aq/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Replace the store's jurisdiction with the stations of st, and its policy
 * text (aq_store_set_jurisdiction()), in one transaction.
 *
 * @param policy_text  stored verbatim; NULL keeps the current one.
 * @return AQ_OK; AQ_EINVALID; AQ_ESTORE; AQ_ENOMEM.
 */
AQ_API aq_status aq_jurisdiction_set(aq_store *s, const aq_stations *st,
                                     const char *policy_text, aq_error *err);

#ifdef __cplusplus
}
#endif
#endif /* AQ_JURISDICTION_H */
