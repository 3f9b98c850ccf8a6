/* SPDX-License-Identifier: MIT */
/*
 * The planner (docs/spec-daily.md D8): with every unit's month taken as
 * its month-to-date values, for each unit and each rank k the highest
 * monthly PM2.5 mean with which it would be ranked no worse than k (its
 * other five pollutants held at their month-to-date statistics), the
 * daily PM2.5 the rest of the month may average to get there, the same
 * for the places the policy pays or sanctions (P3 positions: a reward,
 * no deduction, out of the bottom group, not last), and the month as it
 * would be settled if it ended with its month-to-date values: rank,
 * amount (P4) and sanctions (P6). The arithmetic is aq/plan.h's and
 * aq/target.h's; the settlement is the ranking's own (ranking.c).
 */
#include <string.h>

#include "aq/decimal.h"
#include "aq/target.h"
#include "lib/engine/daily_internal.h"
#include "lib/standards/frac_internal.h"
#include "util/alloc.h"

void aq_plan__free(aq_plan_result *pr)
{
    size_t i;

    if (!pr)
        return;
    for (i = 0; i < pr->n; i++)
        aqx_free(pr->units[i].thresholds);
    aqx_free(pr->units);
    aq_span__free(pr->mtd);
    aq_settlement_free(pr->projection);
    aqx_free(pr);
}

/* The days to come of a limit: the highest daily PM2.5 of the rest of the
 * month that keeps the month's mean within it (D8, as D7's allowance). */
static void step_days(aq_plan_step *st, const aq_exact *sum, int days,
                      int remaining)
{
    st->daily_status = AQ_ENOTFOUND;
    st->daily_max = -1;
    if (!st->limit.reachable || st->limit.unlimited || remaining <= 0 ||
        sum->whole < 0)
        return;
    st->daily_status = aq_target_allowance(sum, days, remaining,
                                           st->limit.pm25_max, &st->daily_max);
}

/* The month-to-date projection (P3-P6): month m's rows (and at a quarter's
 * end that quarter's, to date) from the spans' statistics. */
static aq_status project(aq_ranking *r, aq_plan_result *pr, aq_error *err)
{
    aq_span_result *q = NULL;
    aq_unit_result *rows, *qrows = NULL;
    size_t u, n = pr->mtd->nunits;
    aq_status rc = AQ_OK;

    rows = aqx_calloc(n + 1, sizeof *rows);
    if (!rows)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (u = 0; u < n; u++)
        aq_ranking__result_of(r, u, pr->month, &pr->mtd->units[u].now,
                              &rows[u]);
    if (pr->month.index % 3 == 0) {
        aq_period qp = {AQ_PERIOD_QUARTER, pr->month.year,
                        pr->month.index / 3};
        aq_span qs;
        qs.first = aq_span_of_period(qp).first;
        qs.last = pr->date;
        qrows = aqx_calloc(n + 1, sizeof *qrows);
        if (!qrows)
            rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        else
            rc = aq_span__compute(r, qs, aq_ranking_policy(r)->rank_by, &q,
                                  err);
        for (u = 0; rc == AQ_OK && u < n; u++)
            aq_ranking__result_of(r, u, qp, &q->units[u].now, &qrows[u]);
    }
    if (rc == AQ_OK)
        rc = aq_ranking__settle_projected(r, pr->month, rows, qrows,
                                          &pr->projection, err);
    if (rc == AQ_OK)
        pr->projected = aq_settlement_find(pr->projection, pr->month);
    aq_span__free(q);
    aqx_free(rows);
    aqx_free(qrows);
    return rc;
}

/* D8 for unit u (its entry e of the month-to-date ranking) */
static aq_status plan_unit(aq_ranking *r, aq_plan_result *pr,
                           aq_plan_unit_result *pu, const aq_rank_entry *e,
                           const int64_t *values, aq_error *err)
{
    const aq_policy *pol = aq_ranking_policy(r);
    const aq_span_unit *su = &pr->mtd->units[pu->unit];
    const aq_composite *c = &su->now.composite;
    const aq_stat *pm = &su->now.stats.stat[AQ_PM25];
    aq_plan_unit plan = {pol->rank_by, 0, c->limit[AQ_PM25],
                         c->weight[AQ_PM25]};
    int64_t *others;
    aq_exact sum = pm->exact;
    size_t i, n_others = 0;
    int p, k, n_u, goal_k[AQ_GOAL_COUNT];

    /* the others ranked on their values (units placed after them never
     * come before this one) */
    others = aqx_calloc(pr->mtd->n + 1, sizeof *others);
    pu->thresholds = aqx_calloc(pr->n_thresholds + 1,
                                sizeof *pu->thresholds);
    if (!others || !pu->thresholds) {
        aqx_free(others);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    for (i = 0; i < pr->mtd->n; i++) {
        const aq_rank_entry *o = &pr->mtd->entries[i];
        if (o != e && (o->status == AQ_RANK_RANKED ||
                       o->status == AQ_RANK_FLAGGED))
            others[n_others++] = values[i];
    }
    /* N6.2.4: the other five indices, weighted; the planner needs them */
    pu->has_value = 1;
    for (p = 0; p < AQ_POLLUTANT_COUNT && pol->rank_by != AQ_RANK_BY_PM25;
         p++) {
        if (p == AQ_PM25)
            continue;
        if (c->index[p] < 0)
            pu->has_value = 0;
        else
            plan.others_index += (int64_t)c->weight[p] * c->index[p];
    }
    if (aq_frac__mul_int(&sum, pm->count))
        sum.whole = -1;
    for (k = 1; pu->has_value && (size_t)k <= pr->n_thresholds; k++) {
        aq_plan_step *st = &pu->thresholds[k - 1];
        st->k = k;
        aq_plan_limit_for(&plan, others, n_others, k, 0, &st->limit);
        step_days(st, &sum, pm->count, pr->remaining);
    }
    /* the places that pay or sanction (P3 positions, P4-P6), in a ranking
     * of N units counting this one */
    n_u = (int)pr->mtd->n_ranked + (e->status == AQ_RANK_UNRANKED);
    goal_k[AQ_GOAL_REWARD] = (int)pol->reward_count;
    goal_k[AQ_GOAL_NO_DEDUCTION] = n_u - (int)pol->penalty_count;
    goal_k[AQ_GOAL_LEAVE_BOTTOM] = n_u - pol->bottom_group;
    goal_k[AQ_GOAL_NOT_LAST] = n_u - 1;
    pu->goal_valid[AQ_GOAL_REWARD] = pol->reward_count > 0;
    pu->goal_valid[AQ_GOAL_NO_DEDUCTION] = pol->penalty_count > 0;
    pu->goal_valid[AQ_GOAL_LEAVE_BOTTOM] = pol->bottom_group > 0;
    pu->goal_valid[AQ_GOAL_NOT_LAST] = 1;
    for (k = 0; k < AQ_GOAL_COUNT; k++) {
        aq_plan_step *st = &pu->goals[k];
        st->k = goal_k[k];
        if (!pu->has_value || !pu->goal_valid[k]) {
            pu->goal_valid[k] = 0;
            continue;
        }
        /* a reward goes by rank (the best position of the tie group),
         * the others by the last position a tie occupies */
        aq_plan_limit_for(&plan, others, n_others, goal_k[k],
                          k != AQ_GOAL_REWARD, &st->limit);
        step_days(st, &sum, pm->count, pr->remaining);
        pu->goal_met[k] =
            pm->count > 0 && st->limit.reachable &&
            (st->limit.unlimited ||
             pm->value / AQ_MICRO <= st->limit.pm25_max);
    }
    aqx_free(others);
    return AQ_OK;
}

aq_status aq_plan__compute(aq_ranking *r, aq_period m, int32_t date,
                           size_t unit, aq_plan_result **out, aq_error *err)
{
    aq_plan_result *pr;
    aq_span month = aq_span_of_period(m);
    int64_t *values = NULL;
    aq_status rc;
    size_t i, k;

    *out = NULL;
    if (m.kind != AQ_PERIOD_MONTH || date < month.first ||
        date > month.last)
        return aq_error_set(err, AQ_EINVALID,
                            "the date must be a day of the month planned");
    pr = aqx_calloc(1, sizeof *pr);
    if (!pr)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    pr->month = m;
    pr->date = date;
    pr->span.first = month.first;
    pr->span.last = date;
    pr->remaining = (int)(month.last - date);
    if ((rc = aq_span__compute(r, pr->span, aq_ranking_policy(r)->rank_by,
                               &pr->mtd, err)) < 0)
        goto fail;
    pr->n_thresholds = pr->mtd->n_ranked;
    pr->units = aqx_calloc(pr->mtd->n + 1, sizeof *pr->units);
    values = aqx_calloc(pr->mtd->n + 1, sizeof *values);
    if (!pr->units || !values) {
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        goto fail;
    }
    for (i = 0; i < pr->mtd->n; i++)
        values[i] = pr->mtd->entries[i].value;
    if ((rc = project(r, pr, err)) < 0)
        goto fail;
    for (i = 0; i < pr->mtd->n; i++) {
        const aq_rank_entry *e = &pr->mtd->entries[i];
        aq_plan_unit_result *pu;
        size_t u = pr->mtd->unit_of[e->index];
        if (unit != (size_t)-1 && u != unit)
            continue;
        pu = &pr->units[pr->n++];
        pu->unit = u;
        if ((rc = plan_unit(r, pr, pu, e, values, err)) < 0)
            goto fail;
        for (k = 0; pr->projected && k < pr->projected->n_units; k++)
            if (!strcmp(pr->projected->units[k].r.unit, e->unit))
                pu->projected = &pr->projected->units[k];
    }
    aqx_free(values);
    *out = pr;
    return AQ_OK;
fail:
    aqx_free(values);
    aq_plan__free(pr);
    return rc;
}
