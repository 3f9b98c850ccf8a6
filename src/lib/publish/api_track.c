/* SPDX-License-Identifier: MIT */
/*
 * The targets document (docs/spec-daily.md D7, include/aq/api.h
 * aq_api_track): for each unit of the evaluation, in the order of the
 * year-to-date ranking, its PM2.5 so far against its target with the
 * remaining-days control value, its good days against the good-days
 * ratio target, its heavy-pollution days, its composite index and rank to
 * date. The members are those of issue 16 and nothing is computed here:
 * the numbers come from src/lib/engine/track.c.
 */
#include <jansson.h>

#include "aq/api.h"
#include "aq/decimal.h"
#include "lib/publish/api_internal.h"

/* null, or the value */
static json_t *opt_int(int have, int64_t v)
{
    return have ? json_integer(v) : json_null();
}

static json_t *opt_bool(int v)
{
    return v < 0 ? json_null() : json_boolean(v);
}

static json_t *track_unit(aq_ranking *r, const aq_track_result *tr,
                          const aq_track_unit *tu, size_t i)
{
    aq_engine *e = aq_ranking__engine(r);
    const aq_unit_info *ui = aq_engine_unit(e, tu->unit);
    const aq_target_row *t = tu->target;
    const aq_span_unit *su = &tr->ytd->units[tu->unit];
    const aq_rank_entry *en = &tr->ytd->entries[i];
    json_t *o = json_pack("{s:s, s:s}", "unit", ui->name, "unit_en",
                          ui->name_en);
    int pm_target = t && t->pm25 >= 0, good_target = t && t->good_ratio >= 0,
        heavy_target = t && t->heavy_days >= 0;

    json_object_set_new(o, "sufficient_to_date",
                        json_boolean(su->now.stats.sufficient));
    json_object_set_new(o, "pm25_to_date",
                        opt_int(tu->pm25 != AQ_MISSING, tu->pm25));
    json_object_set_new(o, "pm25_days", json_integer(tu->pm25_days));
    json_object_set_new(o, "pm25_target", opt_int(pm_target, pm_target
                                                                 ? t->pm25
                                                                 : 0));
    json_object_set_new(o, "remaining_days", json_integer(tr->remaining));
    json_object_set_new(o, "pm25_allowance",
                        opt_int(tu->allowance_status == AQ_OK,
                                tu->allowance));
    json_object_set_new(o, "pm25_reachable", opt_bool(tu->pm25_reachable));
    json_object_set_new(o, "good_days", json_integer(tu->good_days));
    json_object_set_new(o, "valid_aqi_days", json_integer(tu->valid_days));
    json_object_set_new(o, "good_days_ratio",
                        tu->good_ratio < 0
                            ? json_null()
                            : aq_api__scaled(tu->good_ratio, 1));
    json_object_set_new(o, "good_days_ratio_target",
                        good_target ? aq_api__scaled(t->good_ratio, 1)
                                    : json_null());
    json_object_set_new(o, "good_days_needed",
                        opt_int(tu->needed_status == AQ_OK, tu->needed));
    json_object_set_new(o, "good_days_reachable",
                        good_target
                            ? json_boolean(tu->needed_status == AQ_OK)
                            : json_null());
    json_object_set_new(o, "heavy_days", json_integer(tu->heavy_days));
    json_object_set_new(o, "heavy_days_target",
                        opt_int(heavy_target, heavy_target ? t->heavy_days
                                                           : 0));
    /* D7: what is left of the allowed heavy days; negative once exceeded */
    json_object_set_new(o, "heavy_days_left",
                        opt_int(heavy_target,
                                heavy_target ? t->heavy_days - tu->heavy_days
                                             : 0));
    json_object_set_new(o, "composite_to_date",
                        su->now.composite.composite < 0
                            ? json_null()
                            : aq_api__scaled(su->now.composite.composite, 2));
    json_object_set_new(o, "rank_to_date", opt_int(en->rank > 0, en->rank));
    return o;
}

json_t *aq_api__track_json(aq_ranking *r, const aq_track_result *tr,
                           const char *source)
{
    json_t *doc, *units = json_array();
    char a[16], b[16];
    size_t i;

    doc = json_pack("{s:s, s:i, s:s, s:s, s:i, s:s, s:s, s:i}", "date",
                    aq_day_format(a, sizeof a, tr->date), "year", tr->year,
                    "from", aq_day_format(b, sizeof b, tr->ytd->span.first),
                    "to", a, "remaining_days", tr->remaining, "targets",
                    source ? source : "", "rank_by",
                    aq_rank_by_name(tr->ytd->by), "ranked_units",
                    (int)tr->ytd->n_ranked);
    for (i = 0; i < tr->n; i++)
        json_array_append_new(units, track_unit(r, tr, &tr->units[i], i));
    json_object_set_new(doc, "units", units);
    return doc;
}

aq_status aq_api_track(aq_ranking *r, const aq_targets *t, int32_t date,
                       char **out, aq_error *err)
{
    aq_track_result *tr;
    aq_status rc;

    aq_api__init();
    *out = NULL;
    if (date == AQ_DATE_LATEST &&
        (rc = aq_span__last_day(r, &date, err)) < 0)
        return rc;
    if ((rc = aq_track__compute(r, t, date, &tr, err)) < 0)
        return rc;
    rc = aq_api__dump(aq_api__track_json(r, tr, aq_targets_source(t)), out,
                      err);
    aq_track__free(tr);
    return rc;
}
