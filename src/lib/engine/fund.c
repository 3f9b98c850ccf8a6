/* SPDX-License-Identifier: MIT */
/*
 * Earmarked funds (P8, include/aq/fund.h). Credits and deductions are not
 * stored: they are the settled amounts of every month, so a correction of
 * old data corrects the fund too. A month's amounts are credited on the
 * first day of the next month ([default]: a month is settled only once it
 * is over). Spending is stored, each request checked inside the store's
 * write transaction against the ledger as of its date:
 *   - its date is a real day, not before the unit's first credit and not
 *     after today (China Standard Time, UTC+8: the policy's clock);
 *   - the balance as of that date (credited by then, minus what was spent
 *     up to and including that date) covers it;
 *   - and it leaves no later spending uncovered: at every later date that
 *     has spending, the balance then still covers what was spent then.
 * Every refusal is kept in the audit log with its reason. The JSON
 * documents are src/lib/publish/api_fund.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "aq/date.h"
#include "aq/decimal.h"
#include "aq/fund.h"
#include "lib/engine/fund_internal.h"
#include "lib/engine/ranking_internal.h"

/* The day a settled month's amounts are credited: the next month's first */
static int32_t credit_day(aq_period month)
{
    return month.index == 12 ? aq_day_from_civil(month.year + 1, 1, 1)
                             : aq_day_from_civil(month.year, month.index + 1, 1);
}

aq_status aq_fund_totals(const aq_ranking *r, const char *unit,
                         int32_t as_of, int64_t *credited, int64_t *deducted)
{
    const aq_settlement *st = aq_ranking__settlement(r);
    size_t i, k;

    *credited = *deducted = 0;
    for (i = 0; i < aq_settlement_count(st); i++) {
        const aq_month *m = aq_settlement_month(st, i);
        if (m->status != AQ_OK || credit_day(m->period) > as_of)
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

int32_t aq_fund__first_credit(const aq_ranking *r, const char *unit)
{
    const aq_settlement *st = aq_ranking__settlement(r);
    size_t i, k;

    for (i = 0; i < aq_settlement_count(st); i++) {
        const aq_month *m = aq_settlement_month(st, i);
        if (m->status != AQ_OK)
            continue;
        for (k = 0; k < m->n_units; k++)
            if (!strcmp(m->units[k].r.unit, unit) && m->units[k].r.amount > 0)
                return credit_day(m->period);
    }
    return INT32_MAX;
}

int32_t aq_fund__today(void)
{
    time_t now = time(NULL) + 8 * 3600; /* UTC+8, no daylight saving */
    struct tm tm;

    gmtime_r(&now, &tm);
    return aq_day_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static char *format_day(char *dst, size_t cap, int32_t day)
{
    int y, m, d;

    aq_civil_from_day(day, &y, &m, &d);
    snprintf(dst, cap, "%04d-%02d-%02d", y, m, d);
    return dst;
}

struct request {
    const aq_ranking *r;
    const char *unit;
    int32_t day;
    int64_t amount;
};

/* The balance of the unit as of day, with the new request counted when
 * its date is not after day. */
static int64_t balance_at(const struct request *q, const aq_fund_record *spent,
                          size_t n, int32_t day)
{
    int64_t credited, deducted, out = 0;
    int32_t d;
    size_t i;

    aq_fund_totals(q->r, q->unit, day, &credited, &deducted);
    for (i = 0; i < n; i++)
        if (aq_day_parse(spent[i].date, &d) == AQ_OK && d <= day)
            out += spent[i].amount;
    return credited - out - (q->day <= day ? q->amount : 0);
}

/* aq_fund_check_cb: the ledger's rules for one request (P8) */
static aq_status check_balance(const aq_fund_record *spent, size_t n,
                               void *payload, aq_error *err)
{
    const struct request *q = payload;
    char a[32], b[32], when[16];
    int32_t d;
    size_t i;
    int64_t bal = balance_at(q, spent, n, q->day);

    if (bal < 0) {
        aq_decimal_format(a, sizeof a, q->amount, 2);
        aq_decimal_format(b, sizeof b, bal + q->amount, 2);
        return aq_error_set(err, AQ_EPOLICY,
                            "P8: spending %s on %s exceeds the balance %s "
                            "of %s as of that date",
                            a, format_day(when, sizeof when, q->day), b,
                            q->unit);
    }
    for (i = 0; i < n; i++) {
        if (aq_day_parse(spent[i].date, &d) != AQ_OK || d <= q->day ||
            balance_at(q, spent, n, d) >= 0)
            continue;
        aq_decimal_format(a, sizeof a, q->amount, 2);
        return aq_error_set(err, AQ_EPOLICY,
                            "P8: spending %s on %s would leave the spending "
                            "of %s uncovered by the balance of %s",
                            a, format_day(when, sizeof when, q->day),
                            spent[i].date, q->unit);
    }
    return AQ_OK;
}

/* Refuses with the reason, keeping it in the audit log (P8). */
static aq_status refuse(aq_store *rw, const char *unit, const char *date,
                        const char *category, int64_t micro,
                        const char *description, aq_error *err,
                        const char *fmt, const char *a, const char *b)
{
    char reason[300];

    snprintf(reason, sizeof reason, fmt, a, b);
    aq_store_fund_refuse(rw, unit, date, category, micro, description,
                         reason, NULL);
    return aq_error_set(err, AQ_EPOLICY, "%s", reason);
}

aq_status aq_fund_spend(const aq_ranking *r, aq_store *rw, const char *unit,
                        const char *date, const char *category,
                        const char *amount, const char *description, long *id,
                        const char **unit_out, aq_error *err)
{
    const aq_policy *pol = aq_ranking_policy(r);
    aq_engine *e = aq_ranking__engine(r);
    struct request q;
    int32_t first, today;
    char f[16], t[16];
    int u;

    if (unit_out)
        *unit_out = NULL;
    if (!unit || !date || !category || !amount || !description)
        return aq_error_set(err, AQ_EINVALID,
                            "unit, date, category, amount and description "
                            "are required");
    if (aq_decimal_parse(amount, strlen(amount), &q.amount) < 0 ||
        q.amount <= 0)
        return aq_error_set(err, AQ_EINVALID,
                            "amount must be a positive decimal number, got "
                            "\"%s\"",
                            amount);
    if (aq_day_parse(date, &q.day) < 0)
        return aq_error_set(err, AQ_EINVALID,
                            "date must be a day YYYY-MM-DD, got \"%s\"", date);
    u = aq_engine_find_unit(e, unit);
    if (u < 0)
        return aq_error_set(err, AQ_ENOTFOUND, "no unit named '%s'", unit);
    q.unit = unit = aq_engine_unit(e, (size_t)u)->name; /* the stored name */
    q.r = r;
    if (unit_out)
        *unit_out = unit;
    if (!aq_policy_fund_allowed(pol, category))
        return refuse(rw, unit, date, category, q.amount, description, err,
                      "P8: category '%s' is not allowed (earmarked funds "
                      "may not be diverted)%s",
                      category, "");
    first = aq_fund__first_credit(r, unit);
    if (first == INT32_MAX)
        return refuse(rw, unit, date, category, q.amount, description, err,
                      "P8: %s has received no reward yet: its fund is "
                      "empty%s",
                      unit, "");
    if (q.day < first)
        return refuse(rw, unit, date, category, q.amount, description, err,
                      "P8: %s is before the first credit to the fund (%s)",
                      date, format_day(f, sizeof f, first));
    today = aq_fund__today();
    if (q.day > today)
        return refuse(rw, unit, date, category, q.amount, description, err,
                      "P8: %s is after today (%s): spending is recorded "
                      "once made",
                      date, format_day(t, sizeof t, today));
    return aq_store_fund_spend(rw, unit, date, category, q.amount,
                               description, check_balance, &q, id, err);
}
