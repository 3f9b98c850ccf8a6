/* SPDX-License-Identifier: MIT */
/**
 * @file aq/fund.h
 * @brief Earmarked reward funds (P8): rewards credited from the monthly
 *        settlements, penalties recorded as deductions, spending recorded
 *        by category with the policy's allowed categories and the balance
 *        enforced, every refusal kept in the audit log.
 *
 * The balance of a unit's fund is what was credited (its rewards) minus
 * what was spent from it. Deductions (扣缴) are reported beside it: they
 * are withheld by the city's finances and never enter the earmarked fund.
 */
#ifndef AQ_FUND_H
#define AQ_FUND_H

#include "aq/common.h"
#include "aq/ranking.h"
#include "aq/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Rewards credited and penalties deducted for a unit over every settled
 * month of r, in micro-units of the currency unit (deducted >= 0). */
AQ_API aq_status aq_fund_totals(const aq_ranking *r, const char *unit,
                                int64_t *credited, int64_t *deducted);

/**
 * Record spending (P8): the category must be one the policy allows and the
 * amount (decimal text, e.g. "12.5", in the currency unit) must not exceed
 * the balance; otherwise AQ_EPOLICY and the refusal is kept in the audit
 * log. date is YYYY-MM-DD.
 *
 * @param rw  the store opened for writing.
 * @return AQ_OK; AQ_EINVALID (bad amount or date); AQ_ENOTFOUND (unit);
 *         AQ_EPOLICY (category not allowed, over the balance); AQ_ESTORE.
 */
AQ_API aq_status aq_fund_spend(const aq_ranking *r, aq_store *rw,
                               const char *unit, const char *date,
                               const char *category, const char *amount,
                               const char *description, long *id,
                               aq_error *err);

/**
 * The fund report: {"currency_unit","units":[{"unit","unit_en","credited",
 * "deducted","spent":{category: amount},"balance"}],"spending":[...],
 * "refused":N}.
 */
AQ_API aq_status aq_api_funds(aq_ranking *r, aq_store *s, char **out,
                              aq_error *err);

/**
 * aq_fund_spend() from a JSON request body {"unit","category","amount",
 * "date","description"} (amount a number or a decimal string), answering
 * the stored record as JSON (the HTTP API's POST /api/v1/funds).
 * @return as aq_fund_spend(), and AQ_EPARSE for a malformed body.
 */
AQ_API aq_status aq_fund_spend_json(const aq_ranking *r, aq_store *rw,
                                    const char *body, size_t len, char **out,
                                    aq_error *err);

#ifdef __cplusplus
}
#endif
#endif /* AQ_FUND_H */
