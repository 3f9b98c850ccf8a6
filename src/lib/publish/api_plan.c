/* SPDX-License-Identifier: MIT */
/*
 * The planner's document (docs/spec-daily.md D8, include/aq/api.h
 * aq_api_plan): for each unit, in the order of the month-to-date ranking,
 * its month-to-date rank, composite index and PM2.5, the thresholds per
 * rank, the goals the policy pays or sanctions on, each said in both
 * languages, and the month as it would be settled if it ended now. The
 * numbers come from src/lib/engine/planner.c.
 */
#include <jansson.h>
#include <string.h>

#include "aq/api.h"
#include "aq/decimal.h"
#include "lib/publish/api_internal.h"
#include "lib/publish/words_internal.h"

static const char *const goal_names[AQ_GOAL_COUNT] = {
    "reward", "no_deduction", "leave_bottom", "not_last"};

static json_t *opt_int(int have, int64_t v)
{
    return have ? json_integer(v) : json_null();
}

/* a threshold or goal: pm25_max, daily_pm25_max (null when unreachable or
 * unlimited) */
static void step_json(json_t *o, const aq_plan_step *st)
{
    int bounded = st->limit.reachable && !st->limit.unlimited;

    json_object_set_new(o, "pm25_max", opt_int(bounded, st->limit.pm25_max));
    json_object_set_new(o, "daily_pm25_max",
                        opt_int(st->daily_status == AQ_OK, st->daily_max));
}

static json_t *goal_json(const aq_plan_result *pr,
                         const aq_plan_unit_result *pu, int k,
                         const aq_unit_info *ui, const aq_policy *pol)
{
    const aq_plan_step *st = &pu->goals[k];
    static const int by_position[AQ_GOAL_COUNT] = {0, 1, 1, 1};
    json_t *o = json_pack("{s:s, s:i, s:s, s:b}", "goal", goal_names[k],
                          "place", st->k, "by",
                          by_position[k] ? "position" : "rank", "met",
                          pu->goal_met[k]);
    aq_words_goal g;
    aq_rbuf zh = {NULL, 0, 0, 0}, en = {NULL, 0, 0, 0};
    int counts[AQ_GOAL_COUNT] = {(int)pol->reward_count,
                                 (int)pol->penalty_count, pol->bottom_group,
                                 1};

    step_json(o, st);
    json_object_set_new(o, "reachable", json_boolean(st->limit.reachable));
    json_object_set_new(o, "unlimited", json_boolean(st->limit.unlimited));
    memset(&g, 0, sizeof g);
    g.goal = k;
    g.count = counts[k];
    g.met = pu->goal_met[k];
    g.reachable = st->limit.reachable;
    g.unlimited = st->limit.unlimited;
    g.pm25_max = st->limit.pm25_max;
    g.remaining = pr->remaining;
    g.daily_max = st->daily_status == AQ_OK ? st->daily_max : -1;
    g.unit = ui->name;
    aq_words__goal(&zh, &g, 1);
    g.unit = *ui->name_en ? ui->name_en : ui->name;
    aq_words__goal(&en, &g, 0);
    json_object_set_new(o, "text_zh", json_string(zh.p && !zh.oom ? zh.p
                                                                   : ""));
    json_object_set_new(o, "text_en", json_string(en.p && !en.oom ? en.p
                                                                   : ""));
    aq_render__dispose(&zh);
    aq_render__dispose(&en);
    return o;
}

static json_t *projected_json(const aq_plan_result *pr,
                              const aq_plan_unit_result *pu)
{
    const aq_unit_month *um = pu->projected;
    const aq_month *m = pr->projected;
    json_t *o, *sanctions = json_array();
    size_t i;

    if (!um || !m)
        return json_null();
    o = json_pack("{s:o, s:o}", "rank",
                  opt_int(um->r.rank > 0, um->r.rank), "positions",
                  um->r.rank > 0
                      ? json_pack("[i, i]", um->r.pos_first, um->r.pos_last)
                      : json_null());
    json_object_set_new(o, "amount",
                        m->status == AQ_OK
                            ? aq_api__scaled(
                                  aq_round_scaled(um->r.amount, 1, 2), 2)
                            : json_null());
    for (i = 0; i < m->n_sanctions; i++)
        if (!strcmp(m->sanctions[i].unit, um->r.unit))
            json_array_append_new(sanctions,
                                  aq_api__sanction_json(&m->sanctions[i]));
    json_object_set_new(o, "sanctions", sanctions);
    json_object_set_new(o, "rise_count", json_integer(um->rise_count));
    json_object_set_new(o, "bottom2_streak", json_integer(um->bottom_streak));
    return o;
}

json_t *aq_api__plan_json(aq_ranking *r, const aq_plan_result *pr)
{
    const aq_policy *pol = aq_ranking_policy(r);
    aq_engine *e = aq_ranking__engine(r);
    const aq_period_stats *ps0 =
        pr->mtd->nunits ? &pr->mtd->units[0].now.stats : NULL;
    json_t *doc, *units = json_array();
    char month[16], a[16], b[16];
    size_t i, k;

    doc = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:i}", "month",
                    aq_period_format(month, sizeof month, pr->month), "date",
                    aq_day_format(a, sizeof a, pr->date), "from",
                    aq_day_format(b, sizeof b, pr->span.first), "to", a,
                    "days", (int)(pr->span.last - pr->span.first + 1),
                    "remaining_days", pr->remaining, "rank_by",
                    aq_rank_by_name(pol->rank_by), "currency_unit",
                    pol->currency_unit, "ranked_units",
                    (int)pr->mtd->n_ranked);
    json_object_set_new(doc, "minimum_days",
                        ps0 && ps0->span_min_days > 0
                            ? json_integer(ps0->span_min_days)
                            : json_null());
    json_object_set_new(doc, "amounts_withheld",
                        json_boolean(pr->projected &&
                                     pr->projected->status != AQ_OK));
    for (i = 0; i < pr->n; i++) {
        const aq_plan_unit_result *pu = &pr->units[i];
        const aq_unit_info *ui = aq_engine_unit(e, pu->unit);
        const aq_span_unit *su = &pr->mtd->units[pu->unit];
        const aq_rank_entry *en = aq_span__entry(pr->mtd, pu->unit);
        const aq_stat *pm = &su->now.stats.stat[AQ_PM25];
        json_t *o = json_pack("{s:s, s:s}", "unit", ui->name, "unit_en",
                              ui->name_en), *th = json_array(),
               *goals = json_array();

        json_object_set_new(o, "rank",
                            opt_int(en && en->rank > 0, en ? en->rank : 0));
        json_object_set_new(o, "sufficient",
                            json_boolean(su->now.stats.sufficient));
        json_object_set_new(o, "composite_index",
                            su->now.composite.composite < 0
                                ? json_null()
                                : aq_api__scaled(su->now.composite.composite,
                                                 2));
        json_object_set_new(o, "pm25", opt_int(pm->count > 0,
                                               pm->count ? pm->value /
                                                               AQ_MICRO
                                                         : 0));
        json_object_set_new(o, "pm25_days", json_integer(pm->count));
        json_object_set_new(o, "remaining_days", json_integer(pr->remaining));
        for (k = 0; pu->has_value && k < pr->n_thresholds; k++) {
            json_t *t = json_pack("{s:i}", "rank", pu->thresholds[k].k);
            /* 375 of these per unit: unreachable is a null pm25_max, only
             * unlimited is said */
            step_json(t, &pu->thresholds[k]);
            if (pu->thresholds[k].limit.unlimited)
                json_object_set_new(t, "unlimited", json_true());
            json_array_append_new(th, t);
        }
        json_object_set_new(o, "thresholds", th);
        for (k = 0; k < AQ_GOAL_COUNT; k++)
            if (pu->goal_valid[k])
                json_array_append_new(goals,
                                      goal_json(pr, pu, (int)k, ui, pol));
        json_object_set_new(o, "goals", goals);
        json_object_set_new(o, "projected", projected_json(pr, pu));
        json_array_append_new(units, o);
    }
    json_object_set_new(doc, "units", units);
    return doc;
}

aq_status aq_api_plan(aq_ranking *r, aq_period month, int32_t date,
                      const char *unit, char **out, aq_error *err)
{
    aq_engine *e = aq_ranking__engine(r);
    aq_plan_result *pr;
    size_t u = (size_t)-1;
    aq_status rc;

    aq_api__init();
    *out = NULL;
    if (unit) {
        int x = aq_engine_find_unit(e, unit);
        if (x < 0 || !aq_engine_unit_evaluated(e, (size_t)x))
            return aq_error_set(err, AQ_ENOTFOUND,
                                "no unit of the evaluation named '%s'",
                                unit);
        u = (size_t)x;
    }
    if (date == AQ_DATE_LATEST) {
        /* the last day with data, or the month's last day */
        int32_t last;
        aq_span ms = aq_span_of_period(month);
        if ((rc = aq_span__last_day(r, &last, err)) < 0)
            return rc;
        date = last < ms.last ? last : ms.last;
    }
    if ((rc = aq_plan__compute(r, month, date, u, &pr, err)) < 0)
        return rc;
    rc = aq_api__dump(aq_api__plan_json(r, pr), out, err);
    aq_plan__free(pr);
    return rc;
}
