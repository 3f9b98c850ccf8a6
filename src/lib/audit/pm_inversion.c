/* SPDX-License-Identifier: MIT */
/*
 * pm25_gt_pm10 (issue 17): PM2.5 is part of PM10, so a PM2.5 value above
 * the same hour's PM10 ("倒挂") is a measurement error of one of the two.
 * Single inverted hours are common at sound sites (a 2024 study of four
 * national sites in Luzhou found hourly inversion rates up to 9.3 % at a
 * normal site; the bundled UCI Beijing data invert in 10 % of hours), so
 * an hour counts only when PM2.5 > audit_pm25_pm10_ratio * PM10 +
 * audit_pm25_pm10_margin, beyond what the two analysers' tolerances
 * allow together, and a natural day only with audit_pm25_pm10_hours such
 * hours. Consecutive such days make one flag. Either value may be the
 * wrong one, so the flag marks the hours of both pollutants.
 */
#include "aq/decimal.h"
#include "lib/audit/audit_internal.h"

static int inverted(const aq_policy_audit *c, int64_t pm25, int64_t pm10)
{
    /* micro-units times a micro ratio: at most 1e10 * 1e7, far below
     * int64's range */
    return pm25 != AQ_MISSING && pm10 != AQ_MISSING &&
           pm25 * AQ_MICRO > pm10 * c->pm_ratio + c->pm_margin * AQ_MICRO;
}

static int day_flagged(const aq_audit *a, const aq_audit__st *st, size_t d)
{
    int n = 0;
    size_t h;

    for (h = d * 24; h < d * 24 + 24; h++)
        n += inverted(&a->pol.audit, aq_audit__value(a, st, AQ_PM25, h),
                      aq_audit__value(a, st, AQ_PM10, h));
    return n >= a->pol.audit.pm_hours;
}

aq_status aq_audit__pm_inversion(aq_audit *a, size_t s)
{
    const aq_audit__st *st = &a->st[s];
    size_t d, e, h, from, to;

    if (!st->v)
        return AQ_OK;
    for (d = 0; d < a->ndays; d = e) {
        int64_t sum25 = 0, sum10 = 0;
        int n = 0;
        aq_audit_flag *f;
        e = d + 1;
        if (!day_flagged(a, st, d))
            continue;
        while (e < a->ndays && day_flagged(a, st, e))
            e++;
        from = to = 0;
        for (h = d * 24; h < e * 24; h++) {
            int64_t x = aq_audit__value(a, st, AQ_PM25, h),
                    y = aq_audit__value(a, st, AQ_PM10, h);
            if (!inverted(&a->pol.audit, x, y))
                continue;
            if (!n++)
                from = h;
            to = h;
            sum25 += x;
            sum10 += y;
            if (aq_audit__mark(a, s, AQ_PM25, AQ_AUDIT_PM25_GT_PM10, h) < 0 ||
                aq_audit__mark(a, s, AQ_PM10, AQ_AUDIT_PM25_GT_PM10, h) < 0)
                return AQ_ENOMEM;
        }
        f = aq_audit__flag(a, s, AQ_PM25, AQ_AUDIT_PM25_GT_PM10, from, to, n);
        if (!f)
            return AQ_ENOMEM;
        aq_audit__fact(f, "days", (int64_t)(e - d), 0);
        aq_audit__fact_conc(f, "pm25_mean", aq_round_micro(sum25, n, 0),
                            AQ_PM25);
        aq_audit__fact_conc(f, "pm10_mean", aq_round_micro(sum10, n, 0),
                            AQ_PM10);
    }
    return AQ_OK;
}
