/* SPDX-License-Identifier: MIT */
/*
 * flatline (issue 17): the same non-zero value for audit_flatline_hours or
 * more consecutive valid hours, at or above the pollutant's
 * audit_min_level. An analyser reports a changing air: a value that
 * does not move is a stuck instrument, a frozen data logger or values
 * typed in (the data review of HJ 817-2018 and HJ 818-2018 treats constant
 * values over consecutive hours as suspect). Low values repeat naturally
 * at the reporting resolution (SO2 at 5 ug/m3, CO at 0.8 mg/m3), hence
 * the floor. A missing hour ends a run.
 */
#include "lib/audit/audit_internal.h"

aq_status aq_audit__flatline(aq_audit *a, size_t s)
{
    const aq_policy_audit *c = &a->pol.audit;
    const aq_audit__st *st = &a->st[s];
    size_t h, e, k;
    int p;

    if (!st->v)
        return AQ_OK;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        for (h = 0; h < a->nh; h = e) {
            int64_t v = aq_audit__value(a, st, p, h);
            aq_audit_flag *f;
            e = h + 1;
            if (v == AQ_MISSING || v <= 0 || v < c->min_level[p])
                continue;
            while (e < a->nh && aq_audit__value(a, st, p, e) == v)
                e++;
            if (e - h < (size_t)c->flatline_hours)
                continue;
            f = aq_audit__flag(a, s, (aq_pollutant)p, AQ_AUDIT_FLATLINE, h,
                               e - 1, (int)(e - h));
            if (!f)
                return AQ_ENOMEM;
            aq_audit__fact_conc(f, "value", v, (aq_pollutant)p);
            for (k = h; k < e; k++)
                if (aq_audit__mark(a, s, (aq_pollutant)p, AQ_AUDIT_FLATLINE,
                                   k) < 0)
                    return AQ_ENOMEM;
        }
    }
    return AQ_OK;
}
