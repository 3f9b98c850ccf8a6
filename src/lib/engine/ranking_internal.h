/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/: what a ranking (include/aq/ranking.h) keeps, for
 * the library's own documents (src/lib/publish) and the funds ledger. The
 * programs never see the engine or the settlement behind a ranking: they
 * ask for documents.
 */
#ifndef AQ_RANKING_INTERNAL_H
#define AQ_RANKING_INTERNAL_H

#include "aq/composite.h"
#include "aq/engine.h"
#include "aq/ranking.h"
#include "aq/sanction.h"

/* One unit's results for a period. */
typedef struct aq_unit_period {
    aq_period_stats stats;
    aq_composite composite;
} aq_unit_period;

/* The policy's statistics settings as engine options (N0.1, N1.5, N5.3):
 * what the ranking and the audit's what-if statistics both run with. */
aq_status aq_ranking__engine_options(const aq_policy *pol,
                                     aq_engine_options *out, aq_error *err);

/* The engine (units, daily series). Borrowed. */
aq_engine *aq_ranking__engine(const aq_ranking *r);

/* First and last month covered. */
void aq_ranking__months(const aq_ranking *r, aq_period *first,
                        aq_period *last);

/* The store the ranking reads. Borrowed. */
aq_store *aq_ranking__store(const aq_ranking *r);

/* The settlement (ranks, amounts, sanctions) of every covered month. */
const aq_settlement *aq_ranking__settlement(const aq_ranking *r);

/*
 * The unit results (indexed like aq_engine_unit()) of a month or quarter
 * within the covered range, or of any year (computed on demand).
 * out is borrowed until the next call on r.
 * AQ_OK; AQ_ENOTFOUND (a month or quarter outside the range).
 */
aq_status aq_ranking__unit_periods(aq_ranking *r, aq_period p,
                                   const aq_unit_period **out, aq_error *err);

/* The engine options the ranking computes with (the policy's). */
const aq_engine_options *aq_ranking__options(const aq_ranking *r);

/* Unit u's result row for period p from its statistics (what the
 * settlement ranks: sufficiency, composite index, PM2.5; and the
 * good-days ratio). */
void aq_ranking__result_of(const aq_ranking *r, size_t u, aq_period p,
                           const aq_unit_period *up, aq_unit_result *out);

/*
 * The settlement of every month up to `month` as if that month's results
 * were month_rows (and, at a quarter end, the quarter's quarter_rows;
 * NULL keeps the quarter's own), both indexed like the units (P3-P6 on a
 * projection, D8). The caller frees *out (aq_settlement_free()).
 * AQ_OK; AQ_ENOTFOUND (month outside the ranking); AQ_ENOMEM.
 */
aq_status aq_ranking__settle_projected(aq_ranking *r, aq_period month,
                                       const aq_unit_result *month_rows,
                                       const aq_unit_result *quarter_rows,
                                       aq_settlement **out, aq_error *err);

#endif /* AQ_RANKING_INTERNAL_H */
