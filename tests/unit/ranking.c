/* SPDX-License-Identifier: MIT */
/*
 * The whole chain on a small store (P1-P8): hourly values -> unit-days ->
 * monthly statistics -> composite -> rank -> amounts -> sanctions -> JSON.
 * The data are constant per unit, so every expected number can be worked
 * out by hand below.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "aq/api.h"
#include "aq/decimal.h"
#include "aq/ranking.h"
#include "fixture.h"
#include "harness.h"
#include "lib/engine/ranking_internal.h"

/* A: 1 station. B: B1 plus a reference site B2 (excluded, N5.3.1) whose
 * values would make B far worse. C: data on 20 days only (insufficient). */
static const aq_station_row stations[] = {
    {"A1", "甲县", "A County", NULL, NAN, NAN, 0},
    {"B1", "乙县", "B County", NULL, NAN, NAN, 0},
    {"B2", "乙县", "B County", NULL, NAN, NAN, 1},
    {"C1", "丙县", "C County", NULL, NAN, NAN, 0},
};

static const char policy[] = "reward_ladder = 100\n"
                             "penalty_ladder = 50\n";

static void day_values(int64_t v[AQ_POLLUTANT_COUNT], int k)
{
    /* so2, no2, pm10, pm25, co (mg/m3), o3; k = 1 for A, 2 for B */
    v[AQ_SO2] = 10 * k * AQ_MICRO;
    v[AQ_NO2] = 20 * k * AQ_MICRO;
    v[AQ_PM10] = 50 * k * AQ_MICRO;
    v[AQ_PM25] = 30 * k * AQ_MICRO;
    v[AQ_CO] = 800000 * k; /* 0.8 mg/m3 */
    v[AQ_O3] = 80 * k * AQ_MICRO;
}

static aq_store *make_store(void)
{
    aq_ingest *ing;
    aq_store *s = aqt_store_begin("ranking.db", stations, 4, policy, &ing);
    aq_error err = AQ_ERROR_INIT;
    int32_t d0 = aq_day_from_civil(2018, 1, 1);
    int day, h;

    if (!s)
        return NULL;
    for (day = 0; day < 31; day++)
        for (h = 1; h <= 24; h++) {
            int64_t a[AQ_POLLUTANT_COUNT], b[AQ_POLLUTANT_COUNT],
                ref[AQ_POLLUTANT_COUNT];
            day_values(a, 1);
            day_values(b, 2);
            day_values(ref, 9);
            aq_ingest_add(ing, "A1", d0 + day, h, a, &err);
            aq_ingest_add(ing, "B1", d0 + day, h, b, &err);
            aq_ingest_add(ing, "B2", d0 + day, h, ref, &err);
            if (day < 20)
                aq_ingest_add(ing, "C1", d0 + day, h, a, &err);
        }
    return aqt_store_commit(s, ing);
}

static json_t *unit_by_name(json_t *units, const char *name)
{
    size_t i;
    json_t *u;

    json_array_foreach(units, i, u) if (
        !strcmp(json_string_value(json_object_get(u, "unit")), name)) return u;
    return NULL;
}

static double num(json_t *o, const char *key)
{
    return json_number_value(json_object_get(o, key));
}

void test_ranking__month_end_to_end_P2_P3_P4_P6(void)
{
    aq_store *s = make_store();
    aq_ranking *r = NULL;
    aq_error err = AQ_ERROR_INIT;
    aq_period jan = {AQ_PERIOD_MONTH, 2018, 1};
    char *text = NULL;
    json_t *doc = NULL, *units, *a, *b, *c, *sanctions;
    json_error_t jerr;

    CHECK(s);
    TRY(aq_ranking_build(&r, s, NULL, jan, &err));
    TRY(aq_api_rank(r, jan, &text, &err));
    doc = json_loads(text, 0, &jerr);
    TRY(!doc);
    units = json_object_get(doc, "units");
    EXPECT_EQ_INT(3, json_array_size(units));
    EXPECT_EQ_INT(2, json_integer_value(json_object_get(doc, "ranked_units")));
    a = unit_by_name(units, "甲县");
    b = unit_by_name(units, "乙县");
    c = unit_by_name(units, "丙县");
    TRY(!(a && b && c));
    /* A: 10/60 = 0.1667 -> 0.17; 20/40 = 0.50; 50/70 = 0.714 -> 0.71;
     * 30/35 = 0.857 -> 0.86; 0.8/4 = 0.20; 80/160 = 0.50: sum 2.94 */
    EXPECT(fabs(num(a, "composite_index") - 2.94) < 1e-9);
    EXPECT_EQ_INT(1, json_integer_value(json_object_get(a, "rank")));
    EXPECT(fabs(num(a, "amount") - 100) < 1e-9);
    /* B (reference site excluded): 20/60 = 0.33; 40/40 = 1.00;
     * 100/70 = 1.43; 60/35 = 1.714 -> 1.71; 1.6/4 = 0.40; 160/160 = 1.00:
     * sum 5.87; last of 2 -> penalty 50 */
    EXPECT(fabs(num(b, "composite_index") - 5.87) < 1e-9);
    EXPECT_EQ_INT(2, json_integer_value(json_object_get(b, "rank")));
    EXPECT(fabs(num(b, "amount") + 50) < 1e-9);
    EXPECT_EQ_INT(60, json_integer_value(json_object_get(b, "pm25")));
    /* C: 20 valid days < 27: insufficient and unranked (P3 default) */
    EXPECT(json_is_null(json_object_get(c, "rank")));
    EXPECT(json_is_false(json_object_get(c, "sufficient")));
    EXPECT_EQ_INT(1, json_array_size(json_object_get(doc, "unranked")));
    /* every day of A and B: AQI <= 100 -> good-days ratio 100.0 */
    EXPECT(fabs(num(a, "good_days_ratio") - 100.0) < 1e-9);
    /* S1: B is last (P6) */
    sanctions = json_object_get(doc, "sanctions");
    TRY(json_array_size(sanctions) < 1);
    EXPECT_EQ_STR("S1", json_string_value(json_object_get(
                            json_array_get(sanctions, 0), "id")));
    EXPECT_EQ_STR("乙县", json_string_value(json_object_get(
                              json_array_get(sanctions, 0), "unit")));
done:
    json_decref(doc);
    aq_free(text);
    aq_ranking_free(r);
    aq_store_close(s);
}

void test_ranking__cached_periods_follow_new_data_issue6(void)
{
    aq_store *s = make_store();
    aq_ranking *r = NULL;
    aq_error err = AQ_ERROR_INIT;
    aq_period jan = {AQ_PERIOD_MONTH, 2018, 1};
    const aq_unit_period *ups;
    aq_ingest *ing = NULL;
    aq_ingest_report rep;
    int64_t v[AQ_POLLUTANT_COUNT];
    int h, d;

    CHECK(s);
    TRY(aq_ranking_build(&r, s, NULL, jan, &err));
    TRY(aq_ranking__unit_periods(r, jan, &ups, &err));
    /* units in name order: 丙县 (E4 B8 99), 乙县 (E4 B9 99), 甲县 (E7 94 B2) */
    EXPECT_EQ_INT(294, ups[2].composite.composite);
    aq_ranking_free(r);
    r = NULL;
    /* a second build reads the cache and must give the same */
    TRY(aq_ranking_build(&r, s, NULL, jan, &err));
    TRY(aq_ranking__unit_periods(r, jan, &ups, &err));
    EXPECT_EQ_INT(294, ups[2].composite.composite);
    aq_ranking_free(r);
    r = NULL;
    /* new data for A: PM2.5 40 on every day instead of 30 -> 40/35 = 1.14
     * instead of 0.86: composite 2.94 + 0.28 = 3.22 */
    TRY(aq_ingest_begin(s, &ing, "fix", "fix-1", "long", &err));
    for (d = 0; d < 31; d++)
        for (h = 1; h <= 24; h++) {
            day_values(v, 1);
            v[AQ_PM25] = 40 * AQ_MICRO;
            TRY(aq_ingest_add(ing, "A1", aq_day_from_civil(2018, 1, 1) +
                                                  d,
                                   h, v, &err));
        }
    COMMIT(ing, &rep, &err);
    TRY(aq_ranking_build(&r, s, NULL, jan, &err));
    TRY(aq_ranking__unit_periods(r, jan, &ups, &err));
    EXPECT_EQ_INT(322, ups[2].composite.composite);
done:
    aq_ingest_abort(ing);
    aq_ranking_free(r);
    aq_store_close(s);
}

void test_ranking__yoy_across_rule_sets_recomputes_base_N0_1(void)
{
    /* the same constant values in March 2025 (R2012) and March 2026
     * (R2026): 10/60 = 0.17, 20/40 = 0.50, PM10 60/70 = 0.86 under R2012
     * but 60/60 = 1.00 under R2026, PM2.5 30/35 = 0.86 but 30/30 = 1.00,
     * 0.8/4 = 0.20, 80/160 = 0.50: 3.09 in 2025, 3.37 in 2026. Compared as
     * published the month would "rise"; N0.1 recomputes March 2025 under
     * R2026 (3.37): equal, no rise (P5). */
    static const aq_station_row st2[] = {
        {"A1", "甲县", "A", NULL, NAN, NAN, 0},
        {"B1", "乙县", "B", NULL, NAN, NAN, 0},
    };
    aq_store *s = NULL;
    aq_ingest *ing = NULL;
    aq_ranking *r = NULL;
    aq_error err = AQ_ERROR_INIT;
    aq_ingest_report rep;
    aq_period mar26 = {AQ_PERIOD_MONTH, 2026, 3},
              mar25 = {AQ_PERIOD_MONTH, 2025, 3};
    const aq_unit_period *ups;
    char *text = NULL;
    json_t *doc = NULL, *a;
    int y, d, h;

    s = aqt_store_begin("rulesets.db", st2, 2, policy, &ing);
    TRY(!s);
    for (y = 2025; y <= 2026; y++)
        for (d = 1; d <= 31; d++)
            for (h = 1; h <= 24; h++) {
                int64_t v[AQ_POLLUTANT_COUNT] = {
                    10 * AQ_MICRO, 20 * AQ_MICRO, 60 * AQ_MICRO,
                    30 * AQ_MICRO, 800000,        80 * AQ_MICRO};
                TRY(aq_ingest_add(ing, "A1", aq_day_from_civil(y, 3, d), h,
                                  v, &err));
                v[AQ_PM25] = 50 * AQ_MICRO;
                TRY(aq_ingest_add(ing, "B1", aq_day_from_civil(y, 3, d), h,
                                  v, &err));
            }
    COMMIT(ing, &rep, &err);
    TRY(aq_ranking_build(&r, s, NULL, mar26, &err));
    TRY(aq_ranking__unit_periods(r, mar25, &ups, &err));
    /* units by name: 乙县 (E4 B9 99) before 甲县 (E7 94 B2) */
    EXPECT_EQ_INT(309, ups[1].composite.composite); /* March 2025, R2012 */
    TRY(aq_ranking__unit_periods(r, mar26, &ups, &err));
    EXPECT_EQ_INT(337, ups[1].composite.composite); /* March 2026, R2026 */
    TRY(aq_api_rank(r, mar26, &text, &err));
    doc = json_loads(text, 0, NULL);
    TRY(!doc);
    a = unit_by_name(json_object_get(doc, "units"), "甲县");
    TRY(!a);
    EXPECT(fabs(num(json_object_get(a, "yoy"), "previous_composite_index") -
                3.37) < 1e-9);
    EXPECT(json_is_false(json_object_get(a, "rise_event")));
    EXPECT(json_is_true(
        json_object_get(json_object_get(a, "yoy"), "comparable")));
done:
    json_decref(doc);
    aq_free(text);
    aq_ranking_free(r);
    aq_ingest_abort(ing);
    aq_store_close(s);
}
