/* SPDX-License-Identifier: MIT */
/*
 * The funds ledger (P8) held to an audit: credits as of a date, spending
 * dates within the fund's history, balances checked as of the spending
 * date (and for every later spending), amounts as JSON numbers, replies in
 * the stored names, every refusal kept and listed. Two units ranked the
 * same way in January and February 2018: 甲县 first (reward 100 each
 * month), 乙县 last (deduction 50 each month); a month's amounts are
 * credited on the first day of the next month, so 甲县 has 100 from
 * 2018-02-01 and 200 from 2018-03-01. Every balance below is worked out by
 * hand from those two credits.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "aq/date.h"
#include "aq/decimal.h"
#include "aq/fund.h"
#include "aq/ranking.h"
#include "fixture.h"
#include "harness.h"

static const aq_station_row stations[] = {
    {"A1", "甲县", "A County", NULL, NAN, NAN, 0},
    {"B1", "乙县", "B County", NULL, NAN, NAN, 0},
};

static const char policy[] = "reward_ladder = 100\n"
                             "penalty_ladder = 50\n";

static aq_store *make_store(void)
{
    aq_ingest *ing;
    aq_store *s = aqt_store_begin("fund.db", stations, 2, policy, &ing);
    aq_error err = AQ_ERROR_INIT;
    int32_t d0 = aq_day_from_civil(2018, 1, 1);
    int day, h, p;

    if (!s)
        return NULL;
    /* 59 days (January and February): B's values twice A's, so A ranks
     * first and B last in both months */
    for (day = 0; day < 59; day++)
        for (h = 1; h <= 24; h++) {
            int64_t a[AQ_POLLUTANT_COUNT], b[AQ_POLLUTANT_COUNT];
            for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
                a[p] = (p == AQ_CO ? 1 : 20) * AQ_MICRO;
                b[p] = 2 * a[p];
            }
            aq_ingest_add(ing, "A1", d0 + day, h, a, &err);
            aq_ingest_add(ing, "B1", d0 + day, h, b, &err);
        }
    return aqt_store_commit(s, ing);
}

static int spend(aq_ranking *r, aq_store *s, const char *unit,
                 const char *date, const char *category, const char *amount,
                 aq_error *err)
{
    long id = 0;

    return aq_fund_spend(r, s, unit, date, category, amount, "test", &id,
                         NULL, err);
}

static json_t *unit_of(json_t *doc, const char *name)
{
    json_t *u;
    size_t i;

    json_array_foreach(json_object_get(doc, "units"), i, u) if (!strcmp(
        json_string_value(json_object_get(u, "unit")), name)) return u;
    return json_null();
}

static double num(json_t *o, const char *k)
{
    return json_number_value(json_object_get(o, k));
}

void test_fund__credits_as_of_a_date_P8(void)
{
    aq_store *s = make_store();
    aq_ranking *r = NULL;
    aq_error err = AQ_ERROR_INIT;
    aq_period feb = {AQ_PERIOD_MONTH, 2018, 2};
    int64_t c, d;

    CHECK(s);
    TRY(aq_ranking_build(&r, s, NULL, feb, &err));
    aq_fund_totals(r, "甲县", aq_day_from_civil(2018, 1, 31), &c, &d);
    EXPECT_EQ_INT(0, c); /* January is credited on 1 February */
    aq_fund_totals(r, "甲县", aq_day_from_civil(2018, 2, 1), &c, &d);
    EXPECT_EQ_INT(100 * AQ_MICRO, c);
    aq_fund_totals(r, "甲县", aq_day_from_civil(2018, 3, 1), &c, &d);
    EXPECT_EQ_INT(200 * AQ_MICRO, c);
    aq_fund_totals(r, "乙县", aq_day_from_civil(2018, 2, 15), &c, &d);
    EXPECT_EQ_INT(0, c);
    EXPECT_EQ_INT(50 * AQ_MICRO, d);
    aq_fund_totals(r, "乙县", INT32_MAX, &c, &d);
    EXPECT_EQ_INT(100 * AQ_MICRO, d);
done:
    aq_ranking_free(r);
    aq_store_close(s);
}

void test_fund__spending_checked_as_of_its_date_P8(void)
{
    aq_store *s = make_store();
    aq_ranking *r = NULL;
    aq_error err = AQ_ERROR_INIT;
    aq_period feb = {AQ_PERIOD_MONTH, 2018, 2};
    const char *cat = "air_pollution_control_project";
    const char *stored = NULL;
    char *text = NULL;
    json_t *doc = NULL, *u;
    long id = 0;

    CHECK(s);
    TRY(aq_ranking_build(&r, s, NULL, feb, &err));
    /* before the first credit (2018-02-01), after today */
    EXPECT_EQ_INT(AQ_EPOLICY, spend(r, s, "甲县", "2018-01-15", cat, "1", &err));
    EXPECT(strstr(err.message, "first credit") != NULL);
    EXPECT_EQ_INT(AQ_EPOLICY, spend(r, s, "甲县", "2099-01-01", cat, "1", &err));
    EXPECT(strstr(err.message, "after today") != NULL);
    /* 80 of the 100 credited by 2018-02-10 */
    TRY(spend(r, s, "甲县", "2018-02-10", cat, "80", &err));
    /* 30 on 2018-02-20: 100 - 80 = 20 left then, although 200 - 80 = 120
     * are credited in all (the February reward comes on 2018-03-01) */
    EXPECT_EQ_INT(AQ_EPOLICY, spend(r, s, "甲县", "2018-02-20", cat, "30", &err));
    EXPECT(strstr(err.message, "as of that date") != NULL);
    /* 30 on 2018-03-05: 200 - 80 = 120 */
    TRY(spend(r, s, "甲县", "2018-03-05", cat, "30", &err));
    /* backdated 15 on 2018-02-05: 100 then; on 2018-02-10 100 - 95 = 5;
     * on 2018-03-05 200 - 125 = 75: accepted */
    TRY(spend(r, s, "甲县", "2018-02-05", cat, "15", &err));
    /* backdated 10 on 2018-02-06: 100 - 25 = 75 then, but on 2018-02-10
     * 100 - 105 = -5: the spending of 2018-02-10 would be uncovered */
    EXPECT_EQ_INT(AQ_EPOLICY, spend(r, s, "甲县", "2018-02-06", cat, "10", &err));
    EXPECT(strstr(err.message, "2018-02-10") != NULL);
    /* P8 categories; a unit with no reward; malformed date; unknown unit */
    EXPECT_EQ_INT(AQ_EPOLICY,
                  spend(r, s, "甲县", "2018-03-06", "office_cars", "1", &err));
    EXPECT_EQ_INT(AQ_EPOLICY, spend(r, s, "乙县", "2018-03-06", cat, "1", &err));
    EXPECT_EQ_INT(AQ_EINVALID, spend(r, s, "甲县", "2018-02-30", cat, "1", &err));
    EXPECT_EQ_INT(AQ_EINVALID, spend(r, s, "甲县", "18-2-3", cat, "1", &err));
    EXPECT_EQ_INT(AQ_ENOTFOUND, spend(r, s, "丁县", "2018-03-06", cat, "1", &err));
    /* the English name finds the unit; the stored name comes back */
    TRY(aq_fund_spend(r, s, "A County", "2018-03-06", cat, "5", "x", &id,
                      &stored, &err));
    EXPECT_EQ_STR("甲县", stored);
    /* six refusals kept (the malformed and unknown ones are errors, not
     * decisions of the ledger) */
    EXPECT_EQ_INT(6, aq_store_fund_refusals(s));
    /* the report as of 2018-02-15: credited 100, spent 80 + 15 */
    TRY(aq_api_funds(r, s, "2018-02-15", &text, &err));
    doc = json_loads(text, 0, NULL);
    CHECK(doc);
    EXPECT_EQ_STR("2018-02-15",
                  json_string_value(json_object_get(doc, "as_of")));
    u = unit_of(doc, "甲县");
    EXPECT(fabs(num(u, "credited") - 100) < 1e-9);
    EXPECT(fabs(num(u, "balance") - 5) < 1e-9);
    EXPECT_EQ_INT(2, json_array_size(json_object_get(doc, "spending")));
    EXPECT_EQ_INT(6, json_integer_value(json_object_get(doc, "refused")));
    EXPECT_EQ_INT(6, json_array_size(json_object_get(doc, "refusals")));
    EXPECT_EQ_STR("2018-01-15",
                  json_string_value(json_object_get(
                      json_array_get(json_object_get(doc, "refusals"), 0),
                      "date")));
    EXPECT(strlen(json_string_value(json_object_get(
               json_array_get(json_object_get(doc, "refusals"), 0),
               "reason"))) > 10);
    json_decref(doc);
    doc = NULL;
    aq_free(text);
    text = NULL;
    /* all of it (today): credited 200, spent 80 + 30 + 15 + 5 = 130 */
    TRY(aq_api_funds(r, s, NULL, &text, &err));
    doc = json_loads(text, 0, NULL);
    CHECK(doc);
    u = unit_of(doc, "甲县");
    EXPECT(fabs(num(u, "balance") - 70) < 1e-9);
    aq_free(text);
    text = NULL;
    EXPECT_EQ_INT(AQ_EINVALID, aq_api_funds(r, s, "2018-13-01", &text, &err));
done:
    json_decref(doc);
    aq_free(text);
    aq_ranking_free(r);
    aq_store_close(s);
}

void test_fund__json_amounts_are_numbers_and_names_stored_P8(void)
{
    aq_store *s = make_store();
    aq_ranking *r = NULL;
    aq_error err = AQ_ERROR_INIT;
    aq_period feb = {AQ_PERIOD_MONTH, 2018, 2};
    char *text = NULL;
    json_t *doc = NULL;
    static const char as_string[] =
        "{\"unit\":\"甲县\",\"category\":\"supervision_capacity\","
        "\"amount\":\"20\",\"date\":\"2018-02-10\",\"description\":\"x\"}";
    static const char by_english[] =
        "{\"unit\":\"A County\",\"category\":\"supervision_capacity\","
        "\"amount\":12.5,\"date\":\"2018-02-10\",\"description\":\"x\"}";

    CHECK(s);
    TRY(aq_ranking_build(&r, s, NULL, feb, &err));
    EXPECT_EQ_INT(AQ_EPARSE, aq_fund_spend_json(r, s, as_string,
                                                strlen(as_string), &text,
                                                &err));
    EXPECT(strstr(err.message, "JSON number") != NULL);
    TRY(aq_fund_spend_json(r, s, by_english, strlen(by_english), &text,
                           &err));
    doc = json_loads(text, 0, NULL);
    CHECK(doc);
    EXPECT_EQ_STR("甲县", json_string_value(json_object_get(doc, "unit")));
    EXPECT_EQ_STR("A County",
                  json_string_value(json_object_get(doc, "unit_en")));
    EXPECT(json_is_number(json_object_get(doc, "amount")));
    EXPECT(fabs(num(doc, "amount") - 12.5) < 1e-9);
done:
    json_decref(doc);
    aq_free(text);
    aq_ranking_free(r);
    aq_store_close(s);
}
