/* SPDX-License-Identifier: MIT */
/*
 * The ranking documents of include/aq/api.h (P3-P7): rank, history and
 * sanctions. Every number that the rules round is written from its exact
 * integer (hundredths, tenths, micro-units) through json_scaled(), so the
 * JSON carries the published decimal and nothing else.
 */
#include <jansson.h>
#include <string.h>

#include "aq/api.h"
#include "aq/decimal.h"
#include "lib/engine/ranking_internal.h"
#include "lib/publish/api_internal.h"
#include "lib/publish/render_internal.h"
#include "util/alloc.h"

static const int64_t pow10s[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

/* v in units of 10^-digits as a JSON number (an integer when digits = 0) */
static json_t *json_scaled(int64_t v, int digits)
{
    if (digits == 0)
        return json_integer(v);
    return json_real((double)v / (double)pow10s[digits]);
}

static json_t *json_micro(int64_t v, int digits)
{
    if (v == AQ_MISSING)
        return json_null();
    return json_scaled(aq_round_scaled(v, 1, digits), digits);
}

static aq_status dump_doc(json_t *doc, char **out, aq_error *err)
{
    *out = doc ? json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(15))
               : NULL;
    json_decref(doc);
    return *out ? AQ_OK : aq_error_set(err, AQ_ENOMEM, "out of memory");
}

static json_t *pollutant_object(const int64_t v[AQ_POLLUTANT_COUNT],
                                int scale_hundredths)
{
    json_t *o = json_object();
    int p;

    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        json_t *val;
        if (scale_hundredths)
            val = v[p] < 0 ? json_null() : json_scaled(v[p], 2);
        else
            val = json_micro(v[p], aq_pollutant_digits((aq_pollutant)p));
        json_object_set_new(o, aq_pollutant_code((aq_pollutant)p), val);
    }
    return o;
}

static json_t *unit_statistics(const aq_unit_period *up, json_t *o)
{
    int64_t stat[AQ_POLLUTANT_COUNT];
    json_t *valid = json_object(), *prim = json_array();
    int p;

    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        stat[p] = up->stats.stat[p].value;
        json_object_set_new(valid, aq_pollutant_code((aq_pollutant)p),
                            json_integer(up->stats.stat[p].count));
        if (up->composite.primary & (1u << p))
            json_array_append_new(
                prim, json_string(aq_pollutant_code((aq_pollutant)p)));
    }
    json_object_set_new(o, "sufficient", json_boolean(up->stats.sufficient));
    json_object_set_new(o, "composite_index",
                        up->composite.composite < 0
                            ? json_null()
                            : json_scaled(up->composite.composite, 2));
    json_object_set_new(o, "pm25", json_micro(stat[AQ_PM25], 0));
    json_object_set_new(o, "stats", pollutant_object(stat, 0));
    json_object_set_new(o, "single_index",
                        pollutant_object(up->composite.index, 1));
    json_object_set_new(o, "valid_days", valid);
    json_object_set_new(o, "good_days_ratio",
                        up->composite.good_ratio < 0
                            ? json_null()
                            : json_scaled(up->composite.good_ratio, 1));
    json_object_set_new(o, "good_days", json_integer(up->stats.good_days));
    json_object_set_new(o, "valid_aqi_days",
                        json_integer(up->stats.valid_days));
    json_object_set_new(o, "primary_pollutant", prim);
    return o;
}

/* Why a unit is not ranked (P7): the first invalid statistic, as a
 * sentence and as fields ("pollutant", "valid_days", "minimum_days") that
 * renderers can say in any language. */
static json_t *insufficiency(const aq_unit_period *up, aq_period p)
{
    char text[160];
    int k;

    for (k = 0; k < AQ_POLLUTANT_COUNT; k++) {
        const aq_stat *s = &up->stats.stat[k];
        if (!AQ_STAT_IS_VALID(*s)) {
            snprintf(text, sizeof text,
                     "insufficient data: %s has %d valid days (N5.2 "
                     "minimum not met)",
                     aq_pollutant_code((aq_pollutant)k), s->count);
            return json_pack("{s:s, s:s, s:i, s:i}", "reason", text,
                             "pollutant", aq_pollutant_code((aq_pollutant)k),
                             "valid_days", s->count, "minimum_days",
                             p.kind == AQ_PERIOD_MONTH
                                 ? aq_stats_month_min_days(p.index)
                                 : 0);
        }
    }
    return json_pack("{s:s}", "reason", "insufficient data");
}

/* the fraction (now - prev) / prev from the tenths-of-a-percent rate */
static json_t *change_fraction(int64_t now, int64_t prev)
{
    int64_t tenths;

    if (now == AQ_MISSING || prev == AQ_MISSING || prev <= 0 ||
        aq_composite_change_rate(now, prev, &tenths) < 0)
        return json_null();
    return json_scaled(tenths, 3);
}

static json_t *sanction_json(const aq_sanction *s)
{
    json_t *o, *causes = json_array();
    char period[16], text[512], trig[128] = "";
    size_t c, k;

    for (c = 0; c < s->n_causes; c++) {
        const aq_cause *cause = &s->causes[c];
        json_t *ev = json_array();
        for (k = 0; k < cause->n_evidence; k++) {
            const aq_evidence *e = &cause->evidence[k];
            char ep[16];
            json_t *item = json_pack(
                "{s:s, s:s}", "period",
                aq_period_format(ep, sizeof ep, e->period), "kind",
                e->kind == AQ_EVIDENCE_RANK
                    ? "rank"
                    : e->kind == AQ_EVIDENCE_RISE ? "rise" : "interview");
            if (e->kind == AQ_EVIDENCE_RANK) {
                json_object_set_new(item, "metric",
                                    json_string(aq_rank_by_name(e->metric)));
                json_object_set_new(item, "rank", json_integer(e->rank));
                json_object_set_new(item, "positions",
                                    json_pack("[i, i]", e->pos_first,
                                              e->pos_last));
                json_object_set_new(item, "ranked_units", json_integer(e->n));
                json_object_set_new(
                    item, "value",
                    e->value == AQ_MISSING
                        ? json_null()
                        : json_scaled(e->value,
                                      e->metric == AQ_RANK_BY_COMPOSITE ? 2
                                                                        : 0));
            } else if (e->kind == AQ_EVIDENCE_RISE) {
                json_object_set_new(
                    item, "composite_index",
                    e->composite == AQ_MISSING ? json_null()
                                               : json_scaled(e->composite, 2));
                json_object_set_new(item, "previous_composite_index",
                                    e->prev_composite == AQ_MISSING
                                        ? json_null()
                                        : json_scaled(e->prev_composite, 2));
                json_object_set_new(item, "pm25",
                                    e->pm25 == AQ_MISSING
                                        ? json_null()
                                        : json_integer(e->pm25));
                json_object_set_new(item, "previous_pm25",
                                    e->prev_pm25 == AQ_MISSING
                                        ? json_null()
                                        : json_integer(e->prev_pm25));
                json_object_set_new(item, "rise_composite",
                                    json_boolean(e->rise_composite));
                json_object_set_new(item, "rise_pm25",
                                    json_boolean(e->rise_pm25));
            } else {
                json_t *ids = json_array();
                int id;
                for (id = 1; id <= 6; id++)
                    if (e->sanctions & (1u << id))
                        json_array_append_new(
                            ids, json_string(
                                     aq_sanction_code((aq_sanction_id)id)));
                json_object_set_new(item, "sanctions", ids);
            }
            json_array_append_new(ev, item);
        }
        aq_cause_describe(cause, text, sizeof text);
        json_array_append_new(
            causes, json_pack("{s:s, s:i, s:i, s:s, s:o}", "trigger",
                              cause->trigger, "count", cause->count,
                              "threshold", cause->threshold, "description",
                              text, "evidence", ev));
        if (c)
            strncat(trig, " + ", sizeof trig - strlen(trig) - 1);
        strncat(trig, cause->trigger, sizeof trig - strlen(trig) - 1);
    }
    o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "unit", s->unit, "period",
                  aq_period_format(period, sizeof period, s->period), "id",
                  aq_sanction_code(s->id), "name_zh",
                  aq_sanction_name(s->id, 1), "name_en",
                  aq_sanction_name(s->id, 0), "trigger", trig);
    json_object_set_new(o, "evidence", causes);
    {
        /* the causes said in both languages, for every rendering (P7) */
        char *zh = aq_render__causes_text(o, 1), *en = aq_render__causes_text(o, 0);
        if (zh)
            json_object_set_new(o, "cause_zh", json_string(zh));
        if (en)
            json_object_set_new(o, "cause_en", json_string(en));
        aqx_free(zh);
        aqx_free(en);
    }
    return o;
}

static const char *unit_en(aq_ranking *r, const char *unit)
{
    aq_engine *e = aq_ranking__engine(r);
    int u = aq_engine_find_unit(e, unit);

    return u < 0 ? "" : aq_engine_unit(e, (size_t)u)->name_en;
}

/* P7: a station whose period fails N5.2 for some pollutant, with the
 * first such pollutant (the engine judges the station like a unit) */
static aq_status station_insufficient(const aq_station_info *st,
                                      const aq_period_stats *ps,
                                      void *payload)
{
    json_t *list = payload;
    int k;

    for (k = 0; k < AQ_POLLUTANT_COUNT; k++) {
        if (AQ_STAT_IS_VALID(ps->stat[k]))
            continue;
        return json_array_append_new(
                   list,
                   json_pack("{s:s, s:s, s:s, s:i, s:i}", "station", st->code,
                             "unit", st->unit, "pollutant",
                             aq_pollutant_code((aq_pollutant)k), "valid_days",
                             ps->stat[k].count, "minimum_days",
                             aq_stats_month_min_days(ps->period.index))) < 0
                   ? AQ_ENOMEM
                   : AQ_OK;
    }
    return AQ_OK;
}

static aq_status insufficient_stations(aq_ranking *r, aq_period p,
                                       json_t **out, aq_error *err)
{
    json_t *list = json_array();
    aq_status rc;

    rc = aq_engine_each_station_period(aq_ranking__engine(r), p, 0,
                                       station_insufficient, list, err);
    if (rc < 0) {
        json_decref(list);
        return rc == AQ_ENOMEM ? aq_error_set(err, rc, "out of memory") : rc;
    }
    *out = list;
    return AQ_OK;
}

static aq_status month_document(aq_ranking *r, aq_period p, json_t *doc,
                                aq_error *err)
{
    const aq_settlement *st = aq_ranking__settlement(r);
    const aq_month *m = aq_settlement_find(st, p), *prev_m;
    const aq_unit_period *ups;
    aq_engine *e = aq_ranking__engine(r);
    json_t *units = json_array(), *sanctions = json_array(),
           *unranked = json_array();
    aq_status rc;
    size_t i;

    if (!m)
        return aq_error_set(err, AQ_ENOTFOUND, "the month is not settled");
    if ((rc = aq_ranking__unit_periods(r, p, &ups, err)) < 0)
        return rc;
    prev_m = aq_settlement_find(st, aq_period_prev(p));
    json_object_set_new(doc, "ranked_units", json_integer((json_int_t)m->n_ranked));
    if (m->status != AQ_OK)
        json_object_set_new(doc, "policy_error", json_string(m->message));
    for (i = 0; i < m->n_units; i++) {
        const aq_unit_month *um = &m->units[i];
        int u = aq_engine_find_unit(e, um->r.unit);
        json_t *o, *yoy;
        int prev_rank = 0;
        size_t k;

        if (u < 0)
            continue;
        o = json_pack("{s:s, s:s}", "unit", um->r.unit, "unit_en",
                      aq_engine_unit(e, (size_t)u)->name_en);
        json_object_set_new(o, "rank",
                            um->r.rank > 0 ? json_integer(um->r.rank)
                                           : json_null());
        json_object_set_new(o, "positions",
                            um->r.rank > 0 ? json_pack("[i, i]",
                                                       um->r.pos_first,
                                                       um->r.pos_last)
                                           : json_null());
        unit_statistics(&ups[u], o);
        json_object_set_new(o, "amount",
                            m->status == AQ_OK ? json_micro(um->r.amount, 2)
                                               : json_null());
        yoy = json_object();
        json_object_set_new(yoy, "comparable",
                            json_boolean(um->yoy.comparable));
        json_object_set_new(
            yoy, "composite_index",
            um->yoy.comparable
                ? change_fraction(um->composite, um->yoy.prev_composite)
                : json_null());
        json_object_set_new(yoy, "pm25",
                            um->yoy.comparable
                                ? change_fraction(um->pm25, um->yoy.prev_pm25)
                                : json_null());
        json_object_set_new(yoy, "previous_composite_index",
                            um->yoy.prev_composite == AQ_MISSING
                                ? json_null()
                                : json_scaled(um->yoy.prev_composite, 2));
        json_object_set_new(yoy, "previous_pm25",
                            um->yoy.prev_pm25 == AQ_MISSING
                                ? json_null()
                                : json_integer(um->yoy.prev_pm25));
        json_object_set_new(o, "yoy", yoy);
        for (k = 0; prev_m && k < prev_m->n_units; k++)
            if (!strcmp(prev_m->units[k].r.unit, um->r.unit))
                prev_rank = prev_m->units[k].r.rank;
        /* P7: change of rank from last month, positive = moved up */
        json_object_set_new(o, "rank_change",
                            prev_rank > 0 && um->r.rank > 0
                                ? json_integer(prev_rank - um->r.rank)
                                : json_null());
        json_object_set_new(o, "rise_event", json_boolean(um->yoy.rise));
        json_object_set_new(o, "rise_count", json_integer(um->rise_count));
        json_object_set_new(o, "bottom2_streak",
                            json_integer(um->bottom_streak));
        json_array_append_new(units, o);
        if (um->r.status == AQ_RANK_UNRANKED ||
            um->r.status == AQ_RANK_PLACED) {
            json_t *why = insufficiency(&ups[u], p);
            json_object_set_new(why, "unit", json_string(um->r.unit));
            json_object_set_new(why, "placed_last",
                                json_boolean(um->r.status == AQ_RANK_PLACED));
            json_array_append_new(unranked, why);
        }
    }
    for (i = 0; i < m->n_sanctions; i++)
        json_array_append_new(sanctions, sanction_json(&m->sanctions[i]));
    json_object_set_new(doc, "units", units);
    json_object_set_new(doc, "sanctions", sanctions);
    json_object_set_new(doc, "unranked", unranked);
    {
        json_t *stations = NULL;
        if ((rc = insufficient_stations(r, p, &stations, err)) < 0)
            return rc;
        json_object_set_new(doc, "insufficient_stations", stations);
    }
    return AQ_OK;
}

/* A quarter or a year: the ranking of that period's own statistics. */
static aq_status period_document(aq_ranking *r, aq_period p, json_t *doc,
                                 aq_error *err)
{
    const aq_policy *pol = aq_ranking_policy(r);
    aq_engine *e = aq_ranking__engine(r);
    size_t n = aq_engine_unit_count(e), i, n_ranked = 0;
    const aq_unit_period *ups;
    aq_unit_result *rows;
    aq_rank_entry *entries;
    json_t *units = json_array(), *unranked = json_array();
    aq_status rc;

    if ((rc = aq_ranking__unit_periods(r, p, &ups, err)) < 0)
        return rc;
    rows = aqx_calloc(n + 1, sizeof *rows);
    entries = aqx_calloc(n + 1, sizeof *entries);
    if (!rows || !entries) {
        aqx_free(rows);
        aqx_free(entries);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    for (i = 0; i < n; i++) {
        rows[i].unit = aq_engine_unit(e, i)->name;
        rows[i].period = p;
        rows[i].sufficient = ups[i].stats.sufficient;
        rows[i].composite = ups[i].composite.composite < 0
                                ? AQ_MISSING
                                : ups[i].composite.composite;
        rows[i].pm25 = ups[i].stats.stat[AQ_PM25].value == AQ_MISSING
                           ? AQ_MISSING
                           : ups[i].stats.stat[AQ_PM25].value / AQ_MICRO;
    }
    rc = aq_rank_compute(pol, pol->rank_by, rows, n, entries, &n_ranked, err);
    for (i = 0; rc == AQ_OK && i < n; i++) {
        const aq_rank_entry *en = &entries[i];
        json_t *o = json_pack("{s:s, s:s}", "unit", en->unit, "unit_en",
                              unit_en(r, en->unit));
        json_object_set_new(o, "rank", en->rank > 0 ? json_integer(en->rank)
                                                    : json_null());
        json_object_set_new(o, "positions",
                            en->rank > 0 ? json_pack("[i, i]", en->pos_first,
                                                     en->pos_last)
                                         : json_null());
        unit_statistics(&ups[en->index], o);
        json_array_append_new(units, o);
        if (en->status != AQ_RANK_RANKED) {
            json_t *why = insufficiency(&ups[en->index], p);
            json_object_set_new(why, "unit", json_string(en->unit));
            json_array_append_new(unranked, why);
        }
    }
    aqx_free(rows);
    aqx_free(entries);
    json_object_set_new(doc, "ranked_units", json_integer((json_int_t)n_ranked));
    json_object_set_new(doc, "units", units);
    json_object_set_new(doc, "unranked", unranked);
    return rc;
}

aq_status aq_api_rank(aq_ranking *r, aq_period p, char **out, aq_error *err)
{
    const aq_policy *pol = aq_ranking_policy(r);
    json_t *doc;
    char period[16];
    aq_status rc;
    const aq_unit_period *ups;
    const aq_ruleset *rs;

    aq_api__init();
    *out = NULL;
    rs = aq_ruleset_for_period(pol->ruleset, p);
    if ((rc = aq_ranking__unit_periods(r, p, &ups, err)) < 0)
        return rc;
    doc = json_pack("{s:s, s:s, s:s, s:s, s:s}", "period",
                    aq_period_format(period, sizeof period, p), "kind",
                    p.kind == AQ_PERIOD_MONTH     ? "month"
                    : p.kind == AQ_PERIOD_QUARTER ? "quarter"
                                                  : "year",
                    "ruleset", rs->name, "rank_by",
                    aq_rank_by_name(pol->rank_by), "currency_unit",
                    pol->currency_unit);
    if (!doc)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    if (p.kind == AQ_PERIOD_MONTH) {
        rc = month_document(r, p, doc, err);
        /* P7: at quarter ends, the quarterly ranking too */
        if (rc == AQ_OK && p.index % 3 == 0) {
            aq_period q = {AQ_PERIOD_QUARTER, p.year, p.index / 3};
            json_t *qdoc = json_pack("{s:s}", "period",
                                     aq_period_format(period, sizeof period,
                                                      q));
            rc = period_document(r, q, qdoc, err);
            json_object_set_new(doc, "quarter", qdoc);
        }
    } else {
        rc = period_document(r, p, doc, err);
        if (rc == AQ_OK) {
            json_t *s = json_array();
            json_object_set_new(doc, "sanctions", s);
        }
    }
    if (rc < 0) {
        json_decref(doc);
        return rc;
    }
    return dump_doc(doc, out, err);
}

aq_status aq_api_history(aq_ranking *r, const char *unit, char **out,
                         aq_error *err)
{
    const aq_settlement *st = aq_ranking__settlement(r);
    aq_engine *e = aq_ranking__engine(r);
    int u = aq_engine_find_unit(e, unit);
    json_t *months;
    size_t i, k;

    aq_api__init();
    *out = NULL;
    if (u < 0)
        return aq_error_set(err, AQ_ENOTFOUND, "no unit named '%s'", unit);
    months = json_array();
    for (i = 0; i < aq_settlement_count(st); i++) {
        const aq_month *m = aq_settlement_month(st, i);
        char period[16];
        for (k = 0; k < m->n_units; k++) {
            const aq_unit_month *um = &m->units[k];
            json_t *o;
            if (strcmp(um->r.unit, aq_engine_unit(e, (size_t)u)->name))
                continue;
            o = json_pack("{s:s}", "period",
                          aq_period_format(period, sizeof period, m->period));
            json_object_set_new(o, "composite_index",
                                um->composite == AQ_MISSING
                                    ? json_null()
                                    : json_scaled(um->composite, 2));
            json_object_set_new(o, "pm25", um->pm25 == AQ_MISSING
                                               ? json_null()
                                               : json_integer(um->pm25));
            json_object_set_new(o, "sufficient",
                                json_boolean(um->sufficient));
            json_object_set_new(o, "rank", um->r.rank > 0
                                               ? json_integer(um->r.rank)
                                               : json_null());
            json_object_set_new(o, "amount", m->status == AQ_OK
                                                 ? json_micro(um->r.amount, 2)
                                                 : json_null());
            json_object_set_new(
                o, "previous_year",
                json_pack("{s:o, s:o}", "composite_index",
                          um->yoy.prev_composite == AQ_MISSING
                              ? json_null()
                              : json_scaled(um->yoy.prev_composite, 2),
                          "pm25",
                          um->yoy.prev_pm25 == AQ_MISSING
                              ? json_null()
                              : json_integer(um->yoy.prev_pm25)));
            json_object_set_new(o, "sanctions", json_integer(um->sanctions));
            json_array_append_new(months, o);
        }
    }
    return dump_doc(json_pack("{s:s, s:s, s:o}", "unit",
                              aq_engine_unit(e, (size_t)u)->name, "unit_en",
                              aq_engine_unit(e, (size_t)u)->name_en, "months",
                              months),
                    out, err);
}

static int period_contains(const aq_period *outer, aq_period month)
{
    if (!outer)
        return 1;
    if (outer->year != month.year)
        return 0;
    if (outer->kind == AQ_PERIOD_YEAR)
        return 1;
    if (outer->kind == AQ_PERIOD_QUARTER)
        return (month.index + 2) / 3 == outer->index;
    return outer->index == month.index;
}

aq_status aq_api_sanctions(aq_ranking *r, const char *unit,
                           const aq_period *period, int id, char **out,
                           aq_error *err)
{
    const aq_settlement *st = aq_ranking__settlement(r);
    json_t *arr;
    size_t i, k;

    aq_api__init();
    *out = NULL;
    if (unit && aq_engine_find_unit(aq_ranking__engine(r), unit) < 0)
        return aq_error_set(err, AQ_ENOTFOUND, "no unit named '%s'", unit);
    arr = json_array();
    for (i = 0; i < aq_settlement_count(st); i++) {
        const aq_month *m = aq_settlement_month(st, i);
        if (!period_contains(period, m->period))
            continue;
        for (k = 0; k < m->n_sanctions; k++) {
            const aq_sanction *s = &m->sanctions[k];
            if (unit && strcmp(unit, s->unit) &&
                strcmp(unit, unit_en(r, s->unit)))
                continue;
            if (id && (int)s->id != id)
                continue;
            json_array_append_new(arr, sanction_json(s));
        }
    }
    return dump_doc(json_pack("{s:o}", "sanctions", arr), out, err);
}
