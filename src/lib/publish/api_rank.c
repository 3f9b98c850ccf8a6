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
#include "lib/publish/words_internal.h"
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

/* ---- What people read about the data (issue 15), from words.c ---- */

/* text in both languages, for the dashboard and every rendering; the
 * buffers are emptied */
static void set_texts(json_t *o, const char *key_zh, const char *key_en,
                      aq_rbuf *zh, aq_rbuf *en)
{
    json_object_set_new(o, key_zh, json_string(zh->p && !zh->oom ? zh->p : ""));
    json_object_set_new(o, key_en, json_string(en->p && !en->oom ? en->p : ""));
    aq_render__dispose(zh);
    aq_render__dispose(en);
}

/* the unit's name in English, or its own name when it has none */
static const char *unit_en_or(aq_ranking *r, const char *unit)
{
    aq_engine *e = aq_ranking__engine(r);
    int u = aq_engine_find_unit(e, unit);
    const char *en = u < 0 ? "" : aq_engine_unit(e, (size_t)u)->name_en;

    return *en ? en : unit;
}

/* The facts about the stations of a period (P7, N5.2, N5.3.1): the
 * assessment stations short of valid days, and per unit those without
 * any valid data. */
struct station_facts {
    json_t *short_list; /* [{station, station_name, unit, pollutant, ...}] */
    json_t *valid;      /* code -> true for stations with a valid value */
    json_t *no_data;    /* unit -> [{station, station_name}] */
    aq_ranking *r;
};

static aq_status station_fact(const aq_station_info *st,
                              const aq_period_stats *ps, void *payload)
{
    struct station_facts *f = payload;
    int k, any = 0;

    for (k = 0; k < AQ_POLLUTANT_COUNT; k++)
        any |= ps->stat[k].count > 0;
    if (any && json_object_set_new(f->valid, st->code, json_true()) < 0)
        return AQ_ENOMEM;
    /* P7: the first pollutant that fails N5.2 at this station */
    for (k = 0; k < AQ_POLLUTANT_COUNT; k++) {
        aq_shortfall sf[AQ_SHORTFALL_MAX];
        size_t n;
        json_t *o;
        aq_rbuf zh = {NULL, 0, 0, 0}, en = {NULL, 0, 0, 0};
        int min;
        if (AQ_STAT_IS_VALID(ps->stat[k]))
            continue;
        n = aq_stats_shortfalls(ps, sf);
        min = n ? sf[0].minimum_days
                : aq_stats_month_min_days(ps->period.index);
        o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "station", st->code,
                      "station_name", st->name, "unit", st->unit,
                      "pollutant", aq_pollutant_code((aq_pollutant)k),
                      "valid_days", ps->stat[k].count, "minimum_days", min);
        aq_words__station_short(&zh, st->code, st->name, st->unit,
                                (aq_pollutant)k, ps->stat[k].count, min, 1);
        aq_words__station_short(&en, st->code, st->name,
                                unit_en_or(f->r, st->unit), (aq_pollutant)k,
                                ps->stat[k].count, min, 0);
        set_texts(o, "text_zh", "text_en", &zh, &en);
        return json_array_append_new(f->short_list, o) < 0 ? AQ_ENOMEM
                                                           : AQ_OK;
    }
    return AQ_OK;
}

static aq_status station_no_data(const aq_station_info *st, void *payload)
{
    struct station_facts *f = payload;
    aq_engine *e = aq_ranking__engine(f->r);
    json_t *list;
    int u = aq_engine_find_unit(e, st->unit);

    /* N5.3.1: only the unit's assessment stations make its value */
    if (u < 0 || (st->reference && !aq_ranking_policy(f->r)
                                        ->include_reference_sites) ||
        json_object_get(f->valid, st->code))
        return AQ_OK;
    list = json_object_get(f->no_data, st->unit);
    if (!list) {
        list = json_array();
        if (json_object_set_new(f->no_data, st->unit, list) < 0)
            return AQ_ENOMEM;
    }
    return json_array_append_new(list,
                                 json_pack("{s:s, s:s}", "station", st->code,
                                           "station_name", st->name)) < 0
               ? AQ_ENOMEM
               : AQ_OK;
}

static void station_facts_free(struct station_facts *f)
{
    json_decref(f->short_list);
    json_decref(f->valid);
    json_decref(f->no_data);
}

static aq_status station_facts(aq_ranking *r, aq_period p,
                               struct station_facts *f, aq_error *err)
{
    aq_status rc;

    f->r = r;
    f->short_list = json_array();
    f->valid = json_object();
    f->no_data = json_object();
    rc = aq_engine_each_station_period(aq_ranking__engine(r), p, 1,
                                       station_fact, f, err);
    if (rc == AQ_OK)
        rc = aq_store_each_station(aq_ranking__store(r), station_no_data, f,
                                   err);
    if (rc < 0) {
        station_facts_free(f);
        return rc == AQ_ENOMEM ? aq_error_set(err, rc, "out of memory") : rc;
    }
    return AQ_OK;
}

/* A unit's reasons (N5.2): the shortfalls of its period and its
 * assessment stations without valid data, as fields and as sentences;
 * added to o. Also the first shortfall's fields, as documents before
 * issue 15 had them. */
static void unit_reasons(json_t *o, const aq_unit_period *up,
                         const struct station_facts *f, const char *unit)
{
    aq_shortfall sf[AQ_SHORTFALL_MAX];
    size_t n = aq_stats_shortfalls(&up->stats, sf), i, ns;
    json_t *list = json_array(),
           *st = f ? json_object_get(f->no_data, unit) : NULL, *x;
    const char *codes[64], *names[64];
    aq_rbuf zh = {NULL, 0, 0, 0}, en = {NULL, 0, 0, 0};

    for (i = 0; i < n; i++) {
        char where[32];
        int span = sf[i].kind == AQ_SHORT_SPAN;
        if (span) /* D2: the whole span, "from/to" */
            aq_api__span_text(where, sizeof where, up->stats.span);
        else
            aq_period_format(where, sizeof where, sf[i].where);
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "kind",
                            span                         ? "span_days"
                            : sf[i].kind == AQ_SHORT_YEAR ? "year_days"
                                                          : "month_days",
                            "rule", span ? "D2" : "N5.2", "pollutant",
                            aq_pollutant_code(sf[i].pollutant), "period",
                            where, "valid_days", sf[i].valid_days,
                            "minimum_days", sf[i].minimum_days));
    }
    json_array_foreach(st, i, x)
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:O, s:O}", "kind",
                            "station_no_data", "rule", "N5.3.1", "station",
                            json_object_get(x, "station"), "station_name",
                            json_object_get(x, "station_name")));
    ns = json_array_size(st) < 64 ? json_array_size(st) : 64;
    for (i = 0; i < ns; i++) {
        codes[i] = aq_render__str(json_array_get(st, i), "station");
        names[i] = aq_render__str(json_array_get(st, i), "station_name");
    }
    aq_words__unit_reason(&zh, &up->stats, sf, n, codes, names, ns, 1);
    aq_words__unit_reason(&en, &up->stats, sf, n, codes, names, ns, 0);
    json_object_set_new(o, "reasons", list);
    json_object_set_new(o, "reason", json_string(en.p && !en.oom ? en.p : ""));
    set_texts(o, "reason_zh", "reason_en", &zh, &en);
}

static const char *status_name(aq_rank_status st)
{
    switch (st) {
    case AQ_RANK_RANKED: return "ranked";
    case AQ_RANK_FLAGGED: return "flagged";
    case AQ_RANK_PLACED: return "placed";
    default: return "unranked";
    }
}

/* A unit's object in a ranking of its own period or span: its names, rank,
 * positions (P3) and how it took part */
static json_t *entry_object(const char *unit, const char *unit_en,
                            const aq_rank_entry *en)
{
    json_t *o = json_pack("{s:s, s:s}", "unit", unit, "unit_en", unit_en);

    json_object_set_new(o, "rank", en->rank > 0 ? json_integer(en->rank)
                                                : json_null());
    json_object_set_new(o, "positions",
                        en->rank > 0 ? json_pack("[i, i]", en->pos_first,
                                                 en->pos_last)
                                     : json_null());
    json_object_set_new(o, "status", json_string(status_name(en->status)));
    return o;
}

/* The units that are not units of the evaluation (N5.3.1) */
static json_t *not_evaluated(aq_ranking *r)
{
    aq_engine *e = aq_ranking__engine(r);
    json_t *list = json_array();
    size_t u;

    for (u = 0; u < aq_engine_unit_count(e); u++) {
        const aq_unit_info *ui = aq_engine_unit(e, u);
        json_t *o;
        aq_rbuf zh = {NULL, 0, 0, 0}, en = {NULL, 0, 0, 0};
        if (aq_engine_unit_evaluated(e, u))
            continue;
        o = json_pack("{s:s, s:s, s:i, s:i}", "unit", ui->name, "unit_en",
                      ui->name_en, "stations", ui->stations,
                      "reference_stations", ui->reference);
        aq_words__not_evaluated(&zh, ui->stations, ui->reference, 1);
        aq_words__not_evaluated(&en, ui->stations, ui->reference, 0);
        set_texts(o, "reason_zh", "reason_en", &zh, &en);
        json_array_append_new(list, o);
    }
    return list;
}

/* An entry of the list of units not ranked (or placed last): the unit
 * and its reasons, taken from its object o; also the first shortfall's
 * pollutant and days, as the list had them before issue 15 */
static json_t *unranked_entry(const json_t *o, aq_rank_status st)
{
    json_t *why = json_pack("{s:O}", "unit", json_object_get(o, "unit")),
           *first = json_array_get(json_object_get(o, "reasons"), 0);
    static const char *const keys[] = {"reasons", "reason_zh", "reason_en",
                                       "reason"};
    static const char *const compat[] = {"pollutant", "valid_days",
                                         "minimum_days"};
    size_t k;

    for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (json_object_get(o, keys[k]))
            json_object_set(why, keys[k], json_object_get(o, keys[k]));
    for (k = 0; first && json_object_get(first, "pollutant") &&
                k < sizeof compat / sizeof compat[0];
         k++)
        json_object_set(why, compat[k], json_object_get(first, compat[k]));
    if (!json_object_get(why, "reason")) {
        /* sufficient, but a statistic is missing (N6.2.6) */
        aq_rbuf zh = {NULL, 0, 0, 0}, en = {NULL, 0, 0, 0};
        aq_words__no_composite(&zh, 1);
        aq_words__no_composite(&en, 0);
        json_object_set_new(why, "reason",
                            json_string(en.p && !en.oom ? en.p : ""));
        set_texts(why, "reason_zh", "reason_en", &zh, &en);
    }
    json_object_set_new(why, "placed_last",
                        json_boolean(st == AQ_RANK_PLACED));
    return why;
}

/* P3 flagged: the notice over a ranking with flagged units */
static void provisional_notice(json_t *doc, size_t flagged, size_t ranked)
{
    json_t *o;
    aq_rbuf zh = {NULL, 0, 0, 0}, en = {NULL, 0, 0, 0};

    if (!flagged)
        return;
    o = json_pack("{s:s, s:i, s:i}", "code", "provisional", "flagged_units",
                  (int)flagged, "ranked_units", (int)ranked);
    aq_words__provisional(&zh, flagged, ranked, 1);
    aq_words__provisional(&en, flagged, ranked, 0);
    set_texts(o, "text_zh", "text_en", &zh, &en);
    json_array_append_new(json_object_get(doc, "notices"), o);
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

json_t *aq_api__sanction_json(const aq_sanction *s)
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

static aq_status month_document(aq_ranking *r, aq_period p, json_t *doc,
                                aq_error *err)
{
    const aq_settlement *st = aq_ranking__settlement(r);
    const aq_month *m = aq_settlement_find(st, p), *prev_m;
    const aq_unit_period *ups;
    aq_engine *e = aq_ranking__engine(r);
    const aq_policy *pol = aq_ranking_policy(r);
    json_t *units = json_array(), *sanctions = json_array(),
           *unranked = json_array();
    struct station_facts facts;
    aq_status rc;
    size_t i, n_flagged = 0;

    if (!m)
        return aq_error_set(err, AQ_ENOTFOUND, "the month is not settled");
    if ((rc = aq_ranking__unit_periods(r, p, &ups, err)) < 0)
        return rc;
    prev_m = aq_settlement_find(st, aq_period_prev(p));
    json_object_set_new(doc, "ranked_units", json_integer((json_int_t)m->n_ranked));
    if ((rc = station_facts(r, p, &facts, err)) < 0) {
        json_decref(units);
        json_decref(sanctions);
        json_decref(unranked);
        return rc;
    }
    if (m->status != AQ_OK) {
        /* P4: why this month pays nothing, said for people; the
         * engine's own message stays for programs */
        size_t needed = pol->reward_count + pol->penalty_count;
        json_t *w = json_pack("{s:i, s:i, s:i, s:s}", "ranked_units",
                              (int)m->n_ranked, "needed", (int)needed,
                              "evaluated_units", (int)m->n_units, "message",
                              m->message);
        aq_rbuf zh = {NULL, 0, 0, 0}, en = {NULL, 0, 0, 0};
        aq_words__amounts_withheld(&zh, m->n_ranked, needed, m->n_units, 1);
        aq_words__amounts_withheld(&en, m->n_ranked, needed, m->n_units, 0);
        set_texts(w, "text_zh", "text_en", &zh, &en);
        json_object_set_new(doc, "amounts_withheld", w);
        /* the members the dashboard reads: the engine's message, and the
         * sentences in both languages */
        json_object_set_new(doc, "policy_error", json_string(m->message));
        json_object_set(doc, "policy_error_zh", json_object_get(w, "text_zh"));
        json_object_set(doc, "policy_error_en", json_object_get(w, "text_en"));
    }
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
        json_object_set_new(o, "status",
                            json_string(status_name(um->r.status)));
        if (um->r.status == AQ_RANK_FLAGGED)
            n_flagged++;
        unit_statistics(&ups[u], o);
        if (!ups[u].stats.sufficient)
            unit_reasons(o, &ups[u], &facts, um->r.unit);
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
            um->r.status == AQ_RANK_PLACED)
            json_array_append_new(unranked, unranked_entry(o, um->r.status));
    }
    for (i = 0; i < m->n_sanctions; i++)
        json_array_append_new(sanctions, aq_api__sanction_json(&m->sanctions[i]));
    json_object_set_new(doc, "units", units);
    json_object_set_new(doc, "sanctions", sanctions);
    json_object_set_new(doc, "unranked", unranked);
    provisional_notice(doc, n_flagged, m->n_ranked);
    json_object_set_new(doc, "insufficient_stations",
                        json_incref(facts.short_list));
    station_facts_free(&facts);
    return AQ_OK;
}

/* A quarter or a year: the ranking of that period's own statistics, of
 * the units of the evaluation (N5.3.1). */
static aq_status period_document(aq_ranking *r, aq_period p, json_t *doc,
                                 json_t *notices_of, aq_error *err)
{
    const aq_policy *pol = aq_ranking_policy(r);
    aq_engine *e = aq_ranking__engine(r);
    size_t n = aq_engine_unit_count(e), i, n_ranked = 0, m = 0,
           n_flagged = 0;
    const aq_unit_period *ups;
    aq_unit_result *rows;
    aq_rank_entry *entries;
    json_t *units = json_array(), *unranked = json_array();
    struct station_facts facts, *f = NULL;
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
        if (!aq_engine_unit_evaluated(e, i))
            continue;
        rows[m].unit = aq_engine_unit(e, i)->name;
        rows[m].period = p;
        rows[m].sufficient = ups[i].stats.sufficient;
        rows[m].composite = ups[i].composite.composite < 0
                                ? AQ_MISSING
                                : ups[i].composite.composite;
        rows[m].pm25 = ups[i].stats.stat[AQ_PM25].value == AQ_MISSING
                           ? AQ_MISSING
                           : ups[i].stats.stat[AQ_PM25].value / AQ_MICRO;
        if (!rows[m].sufficient && !f) {
            /* the stations behind an insufficient unit's reasons */
            if ((rc = station_facts(r, p, &facts, err)) < 0)
                goto done;
            f = &facts;
        }
        m++;
    }
    rc = aq_rank_compute(pol, pol->rank_by, rows, m, entries, &n_ranked, err);
    for (i = 0; rc == AQ_OK && i < m; i++) {
        const aq_rank_entry *en = &entries[i];
        int u = aq_engine_find_unit(e, en->unit);
        json_t *o = entry_object(en->unit, unit_en(r, en->unit), en);
        if (en->status == AQ_RANK_FLAGGED)
            n_flagged++;
        unit_statistics(&ups[u], o);
        if (!ups[u].stats.sufficient)
            unit_reasons(o, &ups[u], f, en->unit);
        json_array_append_new(units, o);
        if (en->status == AQ_RANK_UNRANKED || en->status == AQ_RANK_PLACED)
            json_array_append_new(unranked, unranked_entry(o, en->status));
    }
    json_object_set_new(doc, "ranked_units", json_integer((json_int_t)n_ranked));
    json_object_set_new(doc, "units", units);
    json_object_set_new(doc, "unranked", unranked);
    if (!json_object_get(doc, "notices"))
        json_object_set_new(doc, "notices", json_array());
    provisional_notice(notices_of ? notices_of : doc, n_flagged, n_ranked);
    units = unranked = NULL;
done:
    json_decref(units);
    json_decref(unranked);
    if (f)
        station_facts_free(f);
    aqx_free(rows);
    aqx_free(entries);
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
    doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "period",
                    aq_period_format(period, sizeof period, p), "kind",
                    p.kind == AQ_PERIOD_MONTH     ? "month"
                    : p.kind == AQ_PERIOD_QUARTER ? "quarter"
                                                  : "year",
                    "ruleset", rs->name, "ruleset_title",
                    aq_words__ruleset(rs), "rank_by",
                    aq_rank_by_name(pol->rank_by), "insufficient_data",
                    aq_insufficient_mode_name(pol->insufficient_data),
                    "currency_unit", pol->currency_unit);
    if (!doc)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    json_object_set_new(doc, "notices", json_array());
    json_object_set_new(doc, "not_evaluated", not_evaluated(r));
    if (p.kind == AQ_PERIOD_YEAR && aq_engine_unit_count(aq_ranking__engine(r)) &&
        ups[0].stats.period.index >= 1 && ups[0].stats.period.index < 12) {
        /* N5.2: the year so far, January to the last month with data */
        aq_period m = {AQ_PERIOD_MONTH, p.year, ups[0].stats.period.index};
        json_object_set_new(doc, "year_to_date",
                            json_string(aq_period_format(period, sizeof period,
                                                         m)));
        aq_period_format(period, sizeof period, p);
    }
    if (p.kind == AQ_PERIOD_MONTH) {
        rc = month_document(r, p, doc, err);
        /* P7: at quarter ends, the quarterly ranking too */
        if (rc == AQ_OK && p.index % 3 == 0) {
            aq_period q = {AQ_PERIOD_QUARTER, p.year, p.index / 3};
            json_t *qdoc = json_pack("{s:s}", "period",
                                     aq_period_format(period, sizeof period,
                                                      q));
            rc = period_document(r, q, qdoc, NULL, err);
            json_object_set_new(doc, "quarter", qdoc);
        }
    } else {
        rc = period_document(r, p, doc, NULL, err);
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
    if (unit) {
        /* the unit's own name, whichever name (and case) was asked */
        aq_engine *e = aq_ranking__engine(r);
        int u = aq_engine_find_unit(e, unit);
        if (u < 0)
            return aq_error_set(err, AQ_ENOTFOUND, "no unit named '%s'",
                                unit);
        unit = aq_engine_unit(e, (size_t)u)->name;
    }
    arr = json_array();
    for (i = 0; i < aq_settlement_count(st); i++) {
        const aq_month *m = aq_settlement_month(st, i);
        if (!period_contains(period, m->period))
            continue;
        for (k = 0; k < m->n_sanctions; k++) {
            const aq_sanction *s = &m->sanctions[k];
            if (unit && strcmp(unit, s->unit))
                continue;
            if (id && (int)s->id != id)
                continue;
            json_array_append_new(arr, aq_api__sanction_json(s));
        }
    }
    return dump_doc(json_pack("{s:o}", "sanctions", arr), out, err);
}

/* ---- Spans of days (docs/spec-daily.md D1-D5) ---- */

char *aq_api__span_text(char *dst, size_t cap, aq_span s)
{
    char a[16], b[16];

    snprintf(dst, cap, "%s/%s", aq_day_format(a, sizeof a, s.first),
             aq_day_format(b, sizeof b, s.last));
    return dst;
}

/* a result's composite index and PM2.5 as "<prefix>composite_index" and
 * "<prefix>pm25" (null when missing) */
static void set_values(json_t *o, const char *prefix, const aq_unit_result *v)
{
    char key[48];

    snprintf(key, sizeof key, "%scomposite_index", prefix);
    json_object_set_new(o, key,
                        v->composite == AQ_MISSING
                            ? json_null()
                            : json_scaled(v->composite, 2));
    snprintf(key, sizeof key, "%spm25", prefix);
    json_object_set_new(o, key, v->pm25 == AQ_MISSING
                                    ? json_null()
                                    : json_integer(v->pm25));
}

/* D3: the span's (compared) values against the previous year's */
static json_t *span_yoy(aq_ranking *r, size_t u, const aq_span_unit *su,
                        int have_prev)
{
    aq_unit_result a, b;
    json_t *yoy = json_object();

    aq_ranking__result_of(r, u, su->cmp.stats.period, &su->cmp, &a);
    aq_ranking__result_of(r, u, su->prev.stats.period, &su->prev, &b);
    if (!have_prev) /* a span of 29 February alone has no such days */
        b.composite = b.pm25 = AQ_MISSING;
    json_object_set_new(yoy, "comparable", json_boolean(su->comparable));
    json_object_set_new(yoy, "composite_index",
                        su->comparable ? change_fraction(a.composite,
                                                         b.composite)
                                       : json_null());
    json_object_set_new(yoy, "pm25", su->comparable
                                         ? change_fraction(a.pm25, b.pm25)
                                         : json_null());
    set_values(yoy, "previous_", &b);
    /* the values compared: the span's, without 29 February when it has
     * one (D3) */
    set_values(yoy, "compared_", &a);
    return yoy;
}

json_t *aq_api__span_json(aq_ranking *r, const aq_span_result *sr)
{
    const aq_policy *pol = aq_ranking_policy(r);
    aq_engine *e = aq_ranking__engine(r);
    const aq_period_stats *ps0 = sr->nunits ? &sr->units[0].now.stats : NULL;
    const aq_ruleset *rs;
    json_t *doc, *units = json_array(), *unranked = json_array(), *prev;
    aq_period whole;
    char text[32], a[16], b[16];
    size_t i, n_flagged = 0;
    int y, m, d, provisional = !aq_span_period(sr->span, &whole);
    int days = (int)(sr->span.last - sr->span.first + 1);

    aq_civil_from_day(sr->span.last, &y, &m, &d);
    rs = aq_ruleset_resolve(pol->ruleset, y, m, d);
    doc = json_pack("{s:s, s:s, s:s, s:s, s:i, s:b}", "period",
                    aq_api__span_text(text, sizeof text, sr->span), "kind",
                    "span", "from", aq_day_format(a, sizeof a, sr->span.first),
                    "to", aq_day_format(b, sizeof b, sr->span.last), "days",
                    days, "provisional", provisional);
    json_object_set_new(doc, "validity",
                        json_string(ps0 && ps0->span_min_days > 0 ? "partial"
                                                                  : "months"));
    json_object_set_new(doc, "minimum_days",
                        ps0 && ps0->span_min_days > 0
                            ? json_integer(ps0->span_min_days)
                            : json_null());
    json_object_set_new(doc, "ruleset", json_string(rs->name));
    json_object_set_new(doc, "ruleset_title",
                        json_string(aq_words__ruleset(rs)));
    json_object_set_new(doc, "rank_by", json_string(aq_rank_by_name(sr->by)));
    json_object_set_new(
        doc, "insufficient_data",
        json_string(aq_insufficient_mode_name(pol->insufficient_data)));
    json_object_set_new(doc, "currency_unit", json_string(pol->currency_unit));
    if (sr->prev.first <= sr->prev.last) {
        prev = json_pack("{s:s, s:s}", "from",
                         aq_day_format(a, sizeof a, sr->prev.first), "to",
                         aq_day_format(b, sizeof b, sr->prev.last));
        /* D3: where 29 February was left out of the comparison */
        json_object_set_new(prev, "leap_day_left_out",
                            sr->leap_left_out == 1   ? json_string("span")
                            : sr->leap_left_out == 2 ? json_string("previous")
                                                     : json_null());
    } else {
        prev = json_null();
    }
    json_object_set_new(doc, "previous_year", prev);
    json_object_set_new(doc, "notices", json_array());
    if (provisional) {
        aq_rbuf zh = {NULL, 0, 0, 0}, en = {NULL, 0, 0, 0};
        json_t *o = json_pack("{s:s}", "code", "span");
        int min = ps0 ? ps0->span_min_days : 0;
        aq_words__span_notice(&zh, sr->span, days, min, 1);
        aq_words__span_notice(&en, sr->span, days, min, 0);
        set_texts(o, "text_zh", "text_en", &zh, &en);
        json_array_append_new(json_object_get(doc, "notices"), o);
    }
    json_object_set_new(doc, "not_evaluated", not_evaluated(r));
    json_object_set_new(doc, "ranked_units",
                        json_integer((json_int_t)sr->n_ranked));
    for (i = 0; i < sr->n; i++) {
        const aq_rank_entry *en = &sr->entries[i];
        size_t u = sr->unit_of[en->index];
        const aq_span_unit *su = &sr->units[u];
        json_t *o = entry_object(en->unit, aq_engine_unit(e, u)->name_en, en);
        if (en->status == AQ_RANK_FLAGGED)
            n_flagged++;
        unit_statistics(&su->now, o);
        if (!su->now.stats.sufficient)
            unit_reasons(o, &su->now, NULL, en->unit);
        json_object_set_new(o, "valid_days_needed",
                            su->now.stats.span_min_days > 0
                                ? json_integer(su->now.stats.span_min_days)
                                : json_null());
        json_object_set_new(o, "heavy_days",
                            json_integer(su->now.stats.heavy_days));
        json_object_set_new(o, "amount", json_null());
        json_object_set_new(o, "yoy", span_yoy(r, u, su,
                                               sr->prev.first <=
                                                   sr->prev.last));
        json_object_set_new(o, "rank_change", json_null());
        json_array_append_new(units, o);
        if (en->status == AQ_RANK_UNRANKED || en->status == AQ_RANK_PLACED)
            json_array_append_new(unranked, unranked_entry(o, en->status));
    }
    json_object_set_new(doc, "units", units);
    json_object_set_new(doc, "unranked", unranked);
    json_object_set_new(doc, "sanctions", json_array());
    json_object_set_new(doc, "insufficient_stations", json_array());
    provisional_notice(doc, n_flagged, sr->n_ranked);
    return doc;
}

aq_status aq_api_rank_span(aq_ranking *r, aq_span s, aq_rank_by by,
                           char **out, aq_error *err)
{
    aq_span_result *sr;
    aq_status rc;

    aq_api__init();
    *out = NULL;
    if ((rc = aq_span__compute(r, s, by, &sr, err)) < 0)
        return rc;
    rc = dump_doc(aq_api__span_json(r, sr), out, err);
    aq_span__free(sr);
    return rc;
}
