/* SPDX-License-Identifier: MIT */
/*
 * The fund documents (P8, include/aq/fund.h): the fund report and the
 * spending request of the HTTP API, as JSON. The ledger itself (credits
 * from the settled months, spending checked against the balance) is
 * src/lib/engine/fund.c.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "aq/decimal.h"
#include "aq/fund.h"
#include "lib/engine/fund_internal.h"
#include "lib/engine/ranking_internal.h"
#include "lib/publish/api_internal.h"

static json_t *money(int64_t micro)
{
    return json_real((double)aq_round_scaled(micro, 1, 2) / 100.0);
}

struct fund_walk {
    json_t *spending;
    json_t *units; /* name -> unit object */
    json_t *refusals;
    int32_t as_of;
};

static aq_status on_fund(const aq_fund_record *rec, void *payload)
{
    struct fund_walk *w = payload;
    json_t *u = json_object_get(w->units, rec->unit), *spent, *bal, *cat;
    int32_t day;

    /* the report as of a day shows what was spent by then */
    if (aq_day_parse(rec->date, &day) == AQ_OK && day > w->as_of)
        return AQ_OK;

    json_array_append_new(
        w->spending,
        json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:s}", "id", (json_int_t)rec->id,
                  "unit", rec->unit, "date", rec->date, "category",
                  rec->category, "amount", money(rec->amount), "description",
                  rec->description, "recorded_at", rec->recorded_at));
    if (!u)
        return AQ_OK;
    /* integer micro-units until the end: no floating-point sums */
    spent = json_object_get(u, "spent_micro");
    bal = json_object_get(u, "balance_micro");
    json_integer_set(bal, json_integer_value(bal) - rec->amount);
    cat = json_object_get(spent, rec->category);
    json_object_set_new(spent, rec->category,
                        json_integer((cat ? json_integer_value(cat) : 0) +
                                     rec->amount));
    return AQ_OK;
}

static aq_status on_refusal(const aq_fund_record *rec, void *payload)
{
    struct fund_walk *w = payload;

    json_array_append_new(
        w->refusals,
        json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:s}", "unit", rec->unit,
                  "date", rec->date, "category", rec->category, "amount",
                  money(rec->amount), "description", rec->description,
                  "reason", rec->reason ? rec->reason : "", "refused_at",
                  rec->recorded_at));
    return AQ_OK;
}

aq_status aq_api_funds(aq_ranking *r, aq_store *s, const char *as_of,
                       char **out, aq_error *err)
{
    const aq_policy *pol = aq_ranking_policy(r);
    aq_engine *e = aq_ranking__engine(r);
    struct fund_walk w;
    json_t *units_arr, *doc;
    aq_status rc;
    size_t i, c;
    int y, m, d;
    char day[16];

    aq_api__init();
    *out = NULL;
    if (!as_of)
        w.as_of = aq_fund__today();
    else if (aq_day_parse(as_of, &w.as_of) < 0)
        return aq_error_set(err, AQ_EINVALID,
                            "as_of must be a day YYYY-MM-DD, got \"%s\"",
                            as_of);
    aq_civil_from_day(w.as_of, &y, &m, &d);
    snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
    w.refusals = json_array();
    w.spending = json_array();
    w.units = json_object();
    units_arr = json_array();
    for (i = 0; i < aq_engine_unit_count(e); i++) {
        const aq_unit_info *ui = aq_engine_unit(e, i);
        int64_t credited, deducted;
        json_t *u, *spent = json_object();
        aq_fund_totals(r, ui->name, w.as_of, &credited, &deducted);
        for (c = 0; c < pol->fund_category_count; c++)
            json_object_set_new(spent, pol->fund_categories[c], money(0));
        u = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:I}", "unit",
                      ui->name, "unit_en", ui->name_en, "credited",
                      money(credited), "deducted", money(deducted), "spent",
                      spent, "spent_micro", json_object(), "balance_micro",
                      (json_int_t)credited);
        json_object_set(w.units, ui->name, u);
        json_array_append_new(units_arr, u);
    }
    rc = aq_store_each_fund(s, on_fund, &w, err);
    if (rc == AQ_OK)
        rc = aq_store_each_fund_refusal(s, on_refusal, &w, err);
    for (i = 0; rc == AQ_OK && i < json_array_size(units_arr); i++) {
        json_t *u = json_array_get(units_arr, i), *v;
        const char *k;
        json_object_foreach(json_object_get(u, "spent_micro"), k, v)
            json_object_set_new(json_object_get(u, "spent"), k,
                                money(json_integer_value(v)));
        json_object_set_new(
            u, "balance",
            money(json_integer_value(json_object_get(u, "balance_micro"))));
        json_object_del(u, "balance_micro");
        json_object_del(u, "spent_micro");
    }
    json_decref(w.units);
    if (rc < 0) {
        json_decref(units_arr);
        json_decref(w.spending);
        json_decref(w.refusals);
        return rc;
    }
    doc = json_pack("{s:s, s:s, s:o, s:o, s:I, s:o}", "currency_unit",
                    pol->currency_unit, "as_of", day, "units", units_arr,
                    "spending", w.spending, "refused",
                    (json_int_t)json_array_size(w.refusals), "refusals",
                    w.refusals);
    *out = doc ? json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(15))
               : NULL;
    json_decref(doc);
    return *out ? AQ_OK : aq_error_set(err, AQ_ENOMEM, "out of memory");
}

aq_status aq_fund_spend_json(const aq_ranking *r, aq_store *rw,
                             const char *body, size_t len, char **out,
                             aq_error *err)
{
    json_error_t jerr;
    json_t *doc, *amount, *rec;
    const char *unit = NULL, *category = NULL, *date = NULL,
               *description = NULL;
    char amount_text[64];
    const char *stored = NULL;
    aq_status rc;
    long id = 0;

    aq_api__init();
    *out = NULL;
    doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        return aq_error_set_at(err, AQ_EPARSE, "request body", jerr.line,
                               jerr.column, "%s", jerr.text);
    if (json_unpack_ex(doc, &jerr, JSON_STRICT, "{s:s, s:s, s:o, s:s, s:s}",
                       "unit", &unit, "category", &category, "amount",
                       &amount, "date", &date, "description",
                       &description) < 0) {
        rc = aq_error_set(err, AQ_EPARSE, "request body: %s", jerr.text);
        goto done;
    }
    /* P8 audit: an amount is a JSON number, never a string to be read */
    if (json_is_integer(amount))
        snprintf(amount_text, sizeof amount_text, "%lld",
                 (long long)json_integer_value(amount));
    else if (json_is_real(amount))
        /* a JSON number is read as the shortest decimal that gives it */
        snprintf(amount_text, sizeof amount_text, "%.15g",
                 json_real_value(amount));
    else {
        rc = aq_error_set(err, AQ_EPARSE,
                          "request body: amount must be a JSON number");
        goto done;
    }
    if ((rc = aq_fund_spend(r, rw, unit, date, category, amount_text,
                            description, &id, &stored, err)) < 0)
        goto done;
    {
        aq_engine *e = aq_ranking__engine(r);
        int u = aq_engine_find_unit(e, stored);
        int64_t micro = 0;
        aq_decimal_parse(amount_text, strlen(amount_text), &micro);
        rec = json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:s}", "id",
                        (json_int_t)id, "unit", stored, "unit_en",
                        u >= 0 ? aq_engine_unit(e, (size_t)u)->name_en : "",
                        "category", category, "amount", money(micro), "date",
                        date, "description", description);
    }
    *out = rec ? json_dumps(rec, JSON_COMPACT) : NULL;
    json_decref(rec);
    rc = *out ? AQ_OK : aq_error_set(err, AQ_ENOMEM, "out of memory");
done:
    json_decref(doc);
    return rc;
}
