/* SPDX-License-Identifier: MIT */
/*
 * Earmarked funds (P8, include/aq/fund.h). Credits and deductions are not
 * stored: they are the settled amounts of every month, so a correction of
 * old data corrects the fund too. Spending is stored, checked against the
 * balance inside the store's write transaction. Their JSON documents are
 * src/lib/publish/api_fund.c.
 */
#include <stdio.h>
#include <string.h>

#include "aq/date.h"
#include "aq/decimal.h"
#include "aq/fund.h"

aq_status aq_fund_totals(const aq_ranking *r, const char *unit,
                         int64_t *credited, int64_t *deducted)
{
    const aq_settlement *st = aq_ranking_settlement(r);
    size_t i, k;

    *credited = *deducted = 0;
    for (i = 0; i < aq_settlement_count(st); i++) {
        const aq_month *m = aq_settlement_month(st, i);
        if (m->status != AQ_OK)
            continue; /* P4: a refused month pays nothing */
        for (k = 0; k < m->n_units; k++) {
            if (strcmp(m->units[k].r.unit, unit))
                continue;
            if (m->units[k].r.amount > 0)
                *credited += m->units[k].r.amount;
            else
                *deducted -= m->units[k].r.amount;
        }
    }
    return AQ_OK;
}

static int valid_date(const char *d)
{
    int64_t minutes;
    char buf[32];

    if (!d || strlen(d) != 10)
        return 0;
    snprintf(buf, sizeof buf, "%sT00:00", d);
    return aq_time_parse(buf, strlen(buf), &minutes) == AQ_OK;
}

aq_status aq_fund_spend(const aq_ranking *r, aq_store *rw, const char *unit,
                        const char *date, const char *category,
                        const char *amount, const char *description, long *id,
                        aq_error *err)
{
    const aq_policy *pol = aq_ranking_policy(r);
    aq_engine *e = aq_ranking_engine((aq_ranking *)r);
    int64_t micro, credited, deducted;
    int u;

    if (!unit || !date || !category || !amount || !description)
        return aq_error_set(err, AQ_EINVALID,
                            "unit, date, category, amount and description "
                            "are required");
    if (aq_decimal_parse(amount, strlen(amount), &micro) < 0 || micro <= 0)
        return aq_error_set(err, AQ_EINVALID,
                            "amount must be a positive decimal number, got "
                            "\"%s\"",
                            amount);
    if (!valid_date(date))
        return aq_error_set(err, AQ_EINVALID,
                            "date must be YYYY-MM-DD, got \"%s\"", date);
    u = aq_engine_find_unit(e, unit);
    if (u < 0)
        return aq_error_set(err, AQ_ENOTFOUND, "no unit named '%s'", unit);
    unit = aq_engine_unit(e, (size_t)u)->name;
    if (!aq_policy_fund_allowed(pol, category)) {
        char reason[256];
        snprintf(reason, sizeof reason,
                 "P8: category '%s' is not allowed (earmarked funds may "
                 "not be diverted)",
                 category);
        aq_store_fund_refuse(rw, unit, date, category, micro, description,
                             reason, NULL);
        return aq_error_set(err, AQ_EPOLICY, "%s", reason);
    }
    aq_fund_totals(r, unit, &credited, &deducted);
    return aq_store_fund_spend(rw, unit, date, category, micro, description,
                               credited, id, err);
}

