/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/: the funds ledger's dates (P8), shared by the ledger
 * (engine/fund.c) and its documents (publish/api_fund.c).
 */
#ifndef AQ_FUND_INTERNAL_H
#define AQ_FUND_INTERNAL_H

#include <stdint.h>

#include "aq/common.h"
#include "aq/ranking.h"

/* The day of the unit's first credit (the first day after its first month
 * with a reward), or INT32_MAX when it has none. */
int32_t aq_fund__first_credit(const aq_ranking *r, const char *unit);
/* Today in China Standard Time (UTC+8), as a day number (aq/date.h). */
int32_t aq_fund__today(void);

#endif /* AQ_FUND_INTERNAL_H */
