/* SPDX-License-Identifier: MIT */
/*
 * The road-cleanliness documents of include/aq/api.h (issue 20): the
 * ranking of a month (aq_api_roads) and every unit's month beside its
 * PM10 (aq_api_roads_all). The numbers come from the road rules
 * (aq/roads.h) as exact integers and are written with the decimals they
 * were rounded to: mean load 0.01 g/m2, compliance 0.1 %, PM10 whole
 * ug/m3, amounts as the air ranking's. The sentences come from words.c.
 */
#include <jansson.h>
#include <string.h>

#include "aq/api.h"
#include "aq/decimal.h"
#include "lib/engine/roads_internal.h"
#include "lib/publish/api_internal.h"
#include "lib/publish/words_internal.h"
#include "util/alloc.h"

/* text in both languages from a words.c sentence; the buffers emptied */
static void put_texts(json_t *o, const char *key_zh, const char *key_en,
                      aq_rbuf *zh, aq_rbuf *en)
{
    json_object_set_new(o, key_zh, json_string(zh->p && !zh->oom ? zh->p : ""));
    json_object_set_new(o, key_en, json_string(en->p && !en->oom ? en->p : ""));
    aq_render__dispose(zh);
    aq_render__dispose(en);
}

static json_t *standard(const aq_policy *pol)
{
    const aq_policy_roads *std = &pol->roads;
    char window[48];
    json_t *o;
    aq_rbuf zh = {NULL, 0, 0, 0}, en = {NULL, 0, 0, 0};

    snprintf(window, sizeof window, "%02d:%02d-%02d:%02d",
             std->window_start / 60, std->window_start % 60,
             std->window_end / 60, std->window_end % 60);
    o = json_pack("{s:o, s:o, s:i, s:s}", "dust_limit",
                  aq_api__scaled(std->dust_limit, 6), "litter_minutes",
                  aq_api__scaled(std->litter_limit, 6), "min_dust_samples",
                  std->min_samples, "window", window);
    aq_words__roads_standard(&zh, std, 1);
    aq_words__roads_standard(&en, std, 0);
    put_texts(o, "text_zh", "text_en", &zh, &en);
    return o;
}

static json_t *failed_roads(const aq_roads_unit *u)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < u->n_failed; i++)
        json_array_append_new(
            list, json_pack("{s:s, s:i, s:i, s:i}", "road", u->failed[i].road,
                            "failures", u->failed[i].failures,
                            "dust_failures", u->failed[i].dust_failures,
                            "litter_failures",
                            u->failed[i].litter_failures));
    return list;
}

/* One unit's object of the month document. */
static json_t *unit_json(const aq_roads *r, const aq_rank_entry *e,
                         const aq_unit_info *ui, int64_t pm10)
{
    const aq_roads_unit *u = &r->units[e->index];
    json_t *o = json_pack("{s:s, s:s}", "unit", ui->name, "unit_en",
                          ui->name_en);

    json_object_set_new(o, "rank",
                        e->rank > 0 ? json_integer(e->rank) : json_null());
    json_object_set_new(o, "positions",
                        e->rank > 0 ? json_pack("[i, i]", e->pos_first,
                                                e->pos_last)
                                    : json_null());
    json_object_set_new(o, "inspections", json_integer(u->inspections));
    json_object_set_new(o, "outside_window", json_integer(u->outside_window));
    json_object_set_new(o, "dust_samples", json_integer(u->dust_samples));
    json_object_set_new(o, "dust_mean", aq_api__scaled(u->dust_mean, 2));
    json_object_set_new(o, "dust_compliance",
                        aq_api__scaled(u->dust_compliance, 1));
    json_object_set_new(o, "litter_samples", json_integer(u->litter_samples));
    json_object_set_new(o, "litter_compliance",
                        aq_api__scaled(u->litter_compliance, 1));
    json_object_set_new(o, "failed_roads", failed_roads(u));
    json_object_set_new(o, "pm10", aq_api__scaled(pm10, 0));
    if (r->has_ladders)
        json_object_set_new(o, "amount",
                            r->amounts_status == AQ_OK
                                ? aq_api__scaled(aq_round_scaled(e->amount, 1,
                                                                 2),
                                                 2)
                                : json_null());
    return o;
}

/* Why a unit is not ranked: too few dust samples (the only reason). */
static void unit_reason(json_t *o, const aq_roads_unit *u, int minimum)
{
    aq_rbuf zh = {NULL, 0, 0, 0}, en = {NULL, 0, 0, 0};

    json_object_set_new(o, "reasons",
                        json_pack("[{s:s, s:i, s:i}]", "kind", "dust_samples",
                                  "dust_samples", u->dust_samples,
                                  "minimum", minimum));
    aq_words__roads_few_samples(&zh, u->dust_samples, minimum, 1);
    aq_words__roads_few_samples(&en, u->dust_samples, minimum, 0);
    json_object_set_new(o, "reason", json_string(en.p && !en.oom ? en.p : ""));
    put_texts(o, "reason_zh", "reason_en", &zh, &en);
}

static json_t *month_json(aq_roads__source *src, aq_period m,
                          const aq_roads *r, const int64_t *pm10)
{
    const aq_policy *pol = aq_roads__policy(src);
    aq_engine *e = aq_roads__engine(src);
    json_t *doc, *units = json_array(), *unranked = json_array();
    char period[16];
    size_t i;

    doc = json_pack("{s:s, s:s, s:s}", "period",
                    aq_period_format(period, sizeof period, m), "kind",
                    "month", "indicator", "roads");
    json_object_set_new(doc, "standard", standard(pol));
    json_object_set_new(doc, "inspections",
                        json_integer((json_int_t)r->inspections));
    json_object_set_new(doc, "outside_window",
                        json_integer((json_int_t)r->outside_window));
    if (r->outside_window) {
        aq_rbuf zh = {NULL, 0, 0, 0}, en = {NULL, 0, 0, 0};
        aq_words__roads_outside(&zh, r->outside_window, &pol->roads, 1);
        aq_words__roads_outside(&en, r->outside_window, &pol->roads, 0);
        put_texts(doc, "outside_window_zh", "outside_window_en", &zh, &en);
    }
    json_object_set_new(doc, "ranked_units",
                        json_integer((json_int_t)r->n_ranked));
    if (r->has_ladders) {
        json_object_set_new(doc, "currency_unit",
                            json_string(pol->currency_unit));
        if (r->amounts_status != AQ_OK) {
            /* P4: the road ladders need more ranked units than there are */
            size_t needed =
                pol->roads.reward_count + pol->roads.penalty_count;
            json_t *w = json_pack("{s:i, s:i, s:i, s:s}", "ranked_units",
                                  (int)r->n_ranked, "needed", (int)needed,
                                  "evaluated_units", (int)r->n_units,
                                  "message", r->amounts_message);
            aq_rbuf zh = {NULL, 0, 0, 0}, en = {NULL, 0, 0, 0};
            aq_words__amounts_withheld(&zh, r->n_ranked, needed, r->n_units,
                                       1);
            aq_words__amounts_withheld(&en, r->n_ranked, needed, r->n_units,
                                       0);
            put_texts(w, "text_zh", "text_en", &zh, &en);
            json_object_set_new(doc, "amounts_withheld", w);
        }
    }
    for (i = 0; i < r->n_units; i++) {
        const aq_rank_entry *en = &r->ranking[i];
        json_t *o = unit_json(r, en, aq_engine_unit(e, en->index),
                              pm10[en->index]);
        if (en->status == AQ_RANK_UNRANKED) {
            unit_reason(o, &r->units[en->index], pol->roads.min_samples);
            json_array_append_new(
                unranked,
                json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:i}", "unit",
                          json_object_get(o, "unit"), "reasons",
                          json_object_get(o, "reasons"), "reason",
                          json_object_get(o, "reason"), "reason_zh",
                          json_object_get(o, "reason_zh"), "reason_en",
                          json_object_get(o, "reason_en"), "dust_samples",
                          json_object_get(o, "dust_samples"), "minimum",
                          pol->roads.min_samples));
        }
        json_array_append_new(units, o);
    }
    json_object_set_new(doc, "units", units);
    json_object_set_new(doc, "unranked", unranked);
    return doc;
}

aq_status aq_api_roads(aq_store *s, const aq_policy *pol, aq_period month,
                       char **out, aq_error *err)
{
    aq_roads__source *src = NULL;
    const aq_roads *r;
    const int64_t *pm10;
    aq_status rc;

    aq_api__init();
    *out = NULL;
    if ((rc = aq_roads__open(&src, s, pol, err)) < 0)
        return rc;
    rc = aq_roads__month(src, month, &r, &pm10, err);
    if (rc == AQ_OK)
        rc = aq_api__dump(month_json(src, month, r, pm10), out, err);
    aq_roads__close(src);
    return rc;
}

/* The rows of one month, appended to rows (by unit name: the engine's
 * order). */
static void month_rows(aq_roads__source *src, aq_period m, const aq_roads *r,
                       const int64_t *pm10, json_t *rows)
{
    aq_engine *e = aq_roads__engine(src);
    char period[16];
    size_t u, k;

    aq_period_format(period, sizeof period, m);
    for (u = 0; u < r->n_units; u++) {
        const aq_roads_unit *ru = &r->units[u];
        const aq_unit_info *ui = aq_engine_unit(e, u);
        int rank = 0;
        json_t *o;
        for (k = 0; k < r->n_units; k++)
            if (r->ranking[k].index == u)
                rank = r->ranking[k].rank;
        o = json_pack("{s:s, s:s, s:s, s:i, s:i}", "unit", ui->name,
                      "unit_en", ui->name_en, "period", period, "inspections",
                      ru->inspections, "dust_samples", ru->dust_samples);
        json_object_set_new(o, "dust_compliance",
                            aq_api__scaled(ru->dust_compliance, 1));
        json_object_set_new(o, "dust_mean", aq_api__scaled(ru->dust_mean, 2));
        json_object_set_new(o, "litter_compliance",
                            aq_api__scaled(ru->litter_compliance, 1));
        json_object_set_new(o, "rank",
                            rank > 0 ? json_integer(rank) : json_null());
        json_object_set_new(o, "pm10", aq_api__scaled(pm10[u], 0));
        json_array_append_new(rows, o);
    }
}

static aq_period next_month(aq_period m)
{
    if (++m.index > 12) {
        m.index = 1;
        m.year++;
    }
    return m;
}

aq_status aq_api_roads_all(aq_store *s, const aq_policy *pol, char **out,
                           aq_error *err)
{
    aq_roads__source *src = NULL;
    aq_period m, last;
    json_t *rows;
    aq_status rc;

    aq_api__init();
    *out = NULL;
    if ((rc = aq_roads__open(&src, s, pol, err)) < 0)
        return rc;
    rows = json_array();
    rc = aq_roads__months(src, &m, &last, err);
    if (rc == AQ_ENOTFOUND) /* no inspections: no rows, no error */
        rc = AQ_OK;
    else
        for (; rc == AQ_OK && (m.year < last.year ||
                               (m.year == last.year && m.index <= last.index));
             m = next_month(m)) {
            const aq_roads *r;
            const int64_t *pm10;
            if ((rc = aq_roads__month(src, m, &r, &pm10, err)) == AQ_OK &&
                r->inspections)
                month_rows(src, m, r, pm10, rows);
        }
    aq_roads__close(src);
    if (rc < 0) {
        json_decref(rows);
        return rc;
    }
    return aq_api__dump(json_pack("{s:s, s:o}", "indicator", "roads", "rows",
                                  rows),
                        out, err);
}
