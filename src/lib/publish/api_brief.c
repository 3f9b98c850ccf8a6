/* SPDX-License-Identifier: MIT */
/*
 * The daily brief (日报, docs/spec-daily.md D9, include/aq/api.h
 * aq_api_brief): the month-to-date and year-to-date rankings with their
 * changes since the previous day, the targets and allowances when a
 * targets file is given, and for the units at risk of a deduction or a
 * sanction the planner's goals. One document made of the daily documents
 * (api_rank.c's span document, api_track.c, api_plan.c); nothing is
 * computed twice.
 */
#include <jansson.h>
#include <string.h>

#include "aq/api.h"
#include "aq/decimal.h"
#include "lib/publish/api_internal.h"

/* D9: each unit's change since the span that ends the day before: rank
 * (positive = moved up), composite index and PM2.5 */
static aq_status add_changes(aq_ranking *r, json_t *doc,
                             const aq_span_result *now, aq_error *err)
{
    aq_span_result *before = NULL;
    aq_span b = now->span;
    json_t *u;
    size_t i;
    aq_status rc;

    b.last = now->span.last - 1;
    if (b.last >= b.first &&
        (rc = aq_span__compute(r, b, aq_ranking_policy(r)->rank_by, &before,
                               err)) < 0)
        return rc;
    json_array_foreach(json_object_get(doc, "units"), i, u) {
        const aq_rank_entry *e = NULL;
        int x = aq_engine_find_unit(aq_ranking__engine(r),
                                    json_string_value(
                                        json_object_get(u, "unit")));
        const aq_span_unit *su = NULL, *sn = x >= 0 ? &now->units[x] : NULL;
        int64_t now_c, now_p;
        if (before && x >= 0) {
            e = aq_span__entry(before, (size_t)x);
            su = &before->units[x];
        }
        json_object_set_new(u, "previous_rank",
                            e && e->rank > 0 ? json_integer(e->rank)
                                             : json_null());
        json_object_set_new(
            u, "rank_change",
            e && e->rank > 0 && json_is_integer(json_object_get(u, "rank"))
                ? json_integer(e->rank - json_integer_value(
                                             json_object_get(u, "rank")))
                : json_null());
        /* the published values' differences, from their exact integers */
        now_c = sn ? sn->now.composite.composite : -1;
        now_p = sn && sn->now.stats.stat[AQ_PM25].count
                    ? sn->now.stats.stat[AQ_PM25].value / AQ_MICRO
                    : -1;
        json_object_set_new(
            u, "composite_change",
            su && now_c >= 0 && su->now.composite.composite >= 0
                ? aq_api__scaled(now_c - su->now.composite.composite, 2)
                : json_null());
        json_object_set_new(
            u, "pm25_change",
            su && now_p >= 0 && su->now.stats.stat[AQ_PM25].count
                ? json_integer(now_p - su->now.stats.stat[AQ_PM25].value /
                                           AQ_MICRO)
                : json_null());
    }
    aq_span__free(before);
    return AQ_OK;
}

static aq_status span_doc(aq_ranking *r, aq_span s, json_t **out,
                          aq_error *err)
{
    aq_span_result *sr;
    aq_status rc;

    *out = NULL;
    if ((rc = aq_span__compute(r, s, aq_ranking_policy(r)->rank_by, &sr,
                               err)) < 0)
        return rc;
    *out = aq_api__span_json(r, sr);
    rc = *out ? add_changes(r, *out, sr, err)
              : aq_error_set(err, AQ_ENOMEM, "out of memory");
    aq_span__free(sr);
    return rc;
}

/* D9: the units at risk (a deduction or a sanction if the month ended
 * now) with their projection and the planner's goals */
static json_t *at_risk(const json_t *plan)
{
    json_t *list = json_array(), *u;
    size_t i;

    json_array_foreach(json_object_get(plan, "units"), i, u) {
        const json_t *p = json_object_get(u, "projected"),
                     *amount = json_object_get(p, "amount");
        int deduction = json_is_number(amount) &&
                        json_number_value(amount) < 0,
            sanctioned = json_array_size(json_object_get(p, "sanctions")) > 0;
        if (deduction || sanctioned)
            json_array_append(list, u);
    }
    return list;
}

aq_status aq_api_brief(aq_ranking *r, const aq_targets *t, int32_t date,
                       char **out, aq_error *err)
{
    aq_plan_result *pr = NULL;
    aq_track_result *tr = NULL;
    json_t *doc = NULL, *mtd = NULL, *ytd = NULL, *plan = NULL;
    aq_period m;
    aq_span s;
    char a[16], mt[16];
    int y, mo;
    aq_status rc;

    aq_api__init();
    *out = NULL;
    if (date == AQ_DATE_LATEST &&
        (rc = aq_span__last_day(r, &date, err)) < 0)
        return rc;
    aq_civil_from_day(date, &y, &mo, NULL);
    m.kind = AQ_PERIOD_MONTH;
    m.year = y;
    m.index = mo;
    s.first = aq_day_from_civil(y, mo, 1);
    s.last = date;
    if ((rc = span_doc(r, s, &mtd, err)) < 0)
        goto done;
    s.first = aq_day_from_civil(y, 1, 1);
    if ((rc = span_doc(r, s, &ytd, err)) < 0 ||
        (rc = aq_plan__compute(r, m, date, (size_t)-1, &pr, err)) < 0 ||
        (t && (rc = aq_track__compute(r, t, date, &tr, err)) < 0))
        goto done;
    plan = aq_api__plan_json(r, pr);
    doc = json_pack("{s:s, s:s, s:s, s:i, s:i}", "kind", "brief", "date",
                    aq_day_format(a, sizeof a, date), "month",
                    aq_period_format(mt, sizeof mt, m), "year", y,
                    "remaining_days", pr->remaining);
    if (!doc || !plan) {
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        goto done;
    }
    json_object_set_new(doc, "month_to_date", mtd);
    json_object_set_new(doc, "year_to_date", ytd);
    mtd = ytd = NULL;
    json_object_set_new(doc, "targets",
                        tr ? aq_api__track_json(r, tr, aq_targets_source(t))
                           : json_null());
    json_object_set_new(doc, "at_risk", at_risk(plan));
    rc = aq_api__dump(doc, out, err);
    doc = NULL;
done:
    json_decref(doc);
    json_decref(mtd);
    json_decref(ytd);
    json_decref(plan);
    aq_plan__free(pr);
    aq_track__free(tr);
    return rc;
}
