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

/** Rewards credited and penalties deducted for a unit over the settled
 * months of r whose amounts are credited by day as_of (a day number of
 * aq/date.h; a month's amounts are credited on the first day of the next
 * month; INT32_MAX for all), in micro-units of the currency unit
 * (deducted >= 0). */
AQ_API aq_status aq_fund_totals(const aq_ranking *r, const char *unit,
                                int32_t as_of, int64_t *credited,
                                int64_t *deducted);

/**
 * Record spending (P8). Refused with AQ_EPOLICY, and kept in the audit log
 * with the reason, when the category is not one the policy allows, the
 * date is before the unit's first credit or after today (China Standard
 * Time), the balance as of the date does not cover the amount, or the
 * amount would leave spending recorded at a later date uncovered.
 * amount is decimal text ("12.5") in the currency unit; date YYYY-MM-DD.
 *
 * @param rw        the store opened for writing.
 * @param unit      the unit's name or English name.
 * @param[out] id   the record's id (may be NULL).
 * @param[out] unit_out  the unit's stored name, borrowed from r (may be
 *                  NULL).
 * @return AQ_OK; AQ_EINVALID (bad amount or date); AQ_ENOTFOUND (unit);
 *         AQ_EPOLICY (refused, see above); AQ_ESTORE.
 */
AQ_API aq_status aq_fund_spend(const aq_ranking *r, aq_store *rw,
                               const char *unit, const char *date,
                               const char *category, const char *amount,
                               const char *description, long *id,
                               const char **unit_out, aq_error *err);

/**
 * The fund report as of a day (YYYY-MM-DD; NULL = today, China Standard
 * Time): {"currency_unit","as_of","units":[{"unit","unit_en","credited",
 * "deducted","spent":{category: amount},"balance"}],"spending":[...],
 * "refused":N,"refusals":[{"unit","date","category","amount",
 * "description","reason","refused_at"}]}. Credited and deducted count the
 * months credited by as_of, spent and spending the records dated up to it;
 * refusals are every refused request of the audit log.
 * @return AQ_OK; AQ_EINVALID (as_of not a day); AQ_ESTORE; AQ_ENOMEM.
 */
AQ_API aq_status aq_api_funds(aq_ranking *r, aq_store *s, const char *as_of,
                              char **out, aq_error *err);

/**
 * aq_fund_spend() from a JSON request body {"unit","category","amount",
 * "date","description"}, amount a JSON number, answering the stored
 * record as JSON with the unit's stored names ({"id","unit","unit_en",
 * "category","amount","date","description"}; the HTTP API's POST
 * /api/v1/funds).
 * @return as aq_fund_spend(), and AQ_EPARSE for a malformed body or an
 *         amount that is not a JSON number.
 */
AQ_API aq_status aq_fund_spend_json(const aq_ranking *r, aq_store *rw,
                                    const char *body, size_t len, char **out,
                                    aq_error *err);

#ifdef __cplusplus
}
#endif
#endif /* AQ_FUND_H */
