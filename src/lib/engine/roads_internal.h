/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/: a month of road results of a store (issue 20),
 * joined for the documents (src/lib/publish/api_roads.c): the stored
 * inspections judged by the policy's road rules (aq/roads.h) for every
 * unit of the jurisdiction, beside each unit's PM10 of the month from the
 * air statistics (aq/engine.h). The programs ask for documents, never for
 * this.
 */
#ifndef AQ_ROADS_INTERNAL_H
#define AQ_ROADS_INTERNAL_H

#include "aq/engine.h"
#include "aq/roads.h"
#include "aq/store.h"

/* A store's months of road results, read with one engine: build once,
 * then ask for months. pol NULL = the policy stored with the data. */
typedef struct aq_roads__source aq_roads__source;

aq_status aq_roads__open(aq_roads__source **out, aq_store *s,
                         const aq_policy *pol, aq_error *err);
void aq_roads__close(aq_roads__source *src);

/* The policy in use and the engine whose units (name order) the months
 * are indexed by. Borrowed. */
const aq_policy *aq_roads__policy(const aq_roads__source *src);
aq_engine *aq_roads__engine(const aq_roads__source *src);

/* The first and last month with stored inspections; AQ_ENOTFOUND when
 * there are none. */
aq_status aq_roads__months(aq_roads__source *src, aq_period *first,
                           aq_period *last, aq_error *err);

/* The month m: its results (units in the engine's order) and each unit's
 * PM10 monthly mean, whole ug/m3, AQ_MISSING where the statistic is not
 * valid (N5.2) or has no data. Borrowed until the next call on src. */
aq_status aq_roads__month(aq_roads__source *src, aq_period m,
                          const aq_roads **out, const int64_t **pm10,
                          aq_error *err);

#endif /* AQ_ROADS_INTERNAL_H */
