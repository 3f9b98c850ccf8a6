/* SPDX-License-Identifier: MIT */
/*
 * Every day, not only at month end (docs/spec-daily.md): spans of days
 * (D1-D3), the targets' arithmetic (D7) and the planner's (D8). Every
 * expected number is worked out by hand in the comment above it.
 */
#include "aq/date.h"
#include "aq/decimal.h"
#include "aq/plan.h"
#include "aq/stats.h"
#include "aq/target.h"
#include "aq/targets.h"
#include "fixture.h"
#include "harness.h"

#define U(x) ((int64_t)(x)*AQ_MICRO)
#define D(y, m, d) aq_day_from_civil(y, m, d)

static aq_span span(int32_t a, int32_t b)
{
    aq_span s;

    s.first = a;
    s.last = b;
    return s;
}

void test_daily__day_parse_format(void)
{
    int32_t d;
    char buf[16];

    CHECK_OK(aq_day_parse("2019-03-15", &d));
    EXPECT_EQ_INT(D(2019, 3, 15), d);
    EXPECT_EQ_STR("2019-03-15", aq_day_format(buf, sizeof buf, d));
    EXPECT_EQ_INT(AQ_EINVALID, aq_day_parse("2019-02-29", &d));
    EXPECT_EQ_INT(AQ_OK, aq_day_parse("2020-02-29", &d));
    EXPECT_EQ_INT(AQ_EINVALID, aq_day_parse("2019-3-15", &d));
    EXPECT_EQ_INT(AQ_EINVALID, aq_day_parse("2019-03-15T00", &d));
    EXPECT_EQ_INT(AQ_EINVALID, aq_day_parse(NULL, &d));
}

void test_daily__span_kinds_D2_D4(void)
{
    aq_period p;

    /* a calendar month, quarter, year; whole months that are none of
     * these; a partial span */
    EXPECT(aq_span_period(span(D(2019, 3, 1), D(2019, 3, 31)), &p));
    EXPECT_EQ_INT(AQ_PERIOD_MONTH, p.kind);
    EXPECT_EQ_INT(3, p.index);
    EXPECT(aq_span_period(span(D(2019, 4, 1), D(2019, 6, 30)), &p));
    EXPECT_EQ_INT(AQ_PERIOD_QUARTER, p.kind);
    EXPECT_EQ_INT(2, p.index);
    EXPECT(aq_span_period(span(D(2019, 1, 1), D(2019, 12, 31)), &p));
    EXPECT_EQ_INT(AQ_PERIOD_YEAR, p.kind);
    EXPECT(!aq_span_period(span(D(2019, 2, 1), D(2019, 4, 30)), &p));
    EXPECT(aq_span_whole_months(span(D(2019, 2, 1), D(2019, 4, 30))));
    EXPECT(aq_span_whole_months(span(D(2018, 11, 1), D(2019, 2, 28))));
    EXPECT(!aq_span_whole_months(span(D(2019, 3, 1), D(2019, 3, 15))));
    EXPECT(!aq_span_whole_months(span(D(2020, 2, 1), D(2020, 2, 28))));
    EXPECT(aq_span_whole_months(span(D(2020, 2, 1), D(2020, 2, 29))));
}

void test_daily__prev_year_leap_day_D3(void)
{
    int32_t d = 0;

    EXPECT_EQ_INT(1, aq_day_prev_year(D(2019, 3, 1), &d));
    EXPECT_EQ_INT(D(2018, 3, 1), d);
    /* 2020-02-29 has no counterpart in 2019 */
    EXPECT_EQ_INT(0, aq_day_prev_year(D(2020, 2, 29), &d));
    EXPECT_EQ_INT(1, aq_day_prev_year(D(2021, 2, 28), &d));
    EXPECT_EQ_INT(D(2020, 2, 28), d);
    /* across a year end: 2019-01-05 -> 2018-01-05 */
    EXPECT_EQ_INT(1, aq_day_prev_year(D(2019, 1, 5), &d));
    EXPECT_EQ_INT(D(2018, 1, 5), d);
}

void test_daily__partial_minimum_ceiling_D2(void)
{
    aq_stats_options o = AQ_STATS_OPTIONS_INIT;

    /* ceil(n * 27 / 31): 31 -> 27; 15 -> 405/31 = 13.06 -> 14;
     * 1 -> 0.87 -> 1; 74 -> 1998/31 = 64.45 -> 65; 62 -> 54 exactly */
    EXPECT_EQ_INT(27, aq_stats_span_min_days(31, NULL));
    EXPECT_EQ_INT(14, aq_stats_span_min_days(15, NULL));
    EXPECT_EQ_INT(1, aq_stats_span_min_days(1, NULL));
    EXPECT_EQ_INT(65, aq_stats_span_min_days(74, NULL));
    EXPECT_EQ_INT(54, aq_stats_span_min_days(62, &o));
    /* another ratio, 2/3: 10 -> 6.67 -> 7 */
    o.partial_span_num = 2;
    o.partial_span_den = 3;
    EXPECT_EQ_INT(7, aq_stats_span_min_days(10, &o));
    o.partial_span_num = 4;
    EXPECT_EQ_INT(AQ_EINVALID, aq_stats_options_check(&o, NULL));
}

static aq_unit_day g_days[400];

/* aq_stats_span() of first..last over the first n of g_days */
static aq_status stats_of(int32_t first, int32_t last, unsigned flags,
                          size_t n, aq_period_stats *ps)
{
    return aq_stats_span(span(first, last), flags, g_days, n, NULL, ps,
                         NULL);
}

/* a unit day with every pollutant at v μg/m³ and the given AQI */
static void make_day(aq_unit_day *u, int32_t day, int v, int aqi)
{
    int p;

    memset(u, 0, sizeof *u);
    u->day = day;
    u->ruleset = AQ_R2012;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        u->value[p].value = U(v);
        u->value[p].exact.whole = U(v);
        u->value[p].exact.den = 1;
        u->value[p].count = 1;
        u->value[p].flags = AQ_STAT_VALID;
    }
    u->aqi.aqi = aqi;
    u->aqi.level = aqi <= 50 ? 1 : aqi <= 100 ? 2 : aqi <= 150 ? 3
                   : aqi <= 200 ? 4 : aqi <= 300 ? 5 : 6;
    u->good = aqi <= 100;
}

void test_daily__span_inside_a_month_D1_D2(void)
{
    aq_period_stats ps;
    aq_shortfall sf[AQ_SHORTFALL_MAX];
    size_t n = 0;
    int d;

    /* 2019-03-01..15, 15 calendar days, minimum 14 (D2). Days 1..14 with
     * values 10, 20, 30, ... 140 (day d: 10 d); day 15 missing.
     * Mean = 10 * (1 + ... + 14) / 14 = 10 * 105 / 14 = 75 (N5.1.6).
     * AQI: days 1..10 at 80 (good), 11..13 at 150, day 14 at 250 (heavy):
     * 10 good of 14 valid, 4 exceeding, 1 heavy. */
    for (d = 1; d <= 14; d++)
        make_day(&g_days[n++], D(2019, 3, d), 10 * d,
                 d <= 10 ? 80 : d <= 13 ? 150 : 250);
    /* a day outside the span is ignored */
    make_day(&g_days[n++], D(2019, 3, 16), 1000, 500);
    CHECK_OK(stats_of(D(2019, 3, 1), D(2019, 3, 15), 0, n, &ps));
    EXPECT_EQ_INT(15, ps.days);
    EXPECT_EQ_INT(14, ps.span_min_days);
    EXPECT_EQ_INT(14, ps.stat[AQ_PM25].count);
    EXPECT_EQ_INT(U(75), ps.stat[AQ_PM25].value);
    EXPECT(AQ_STAT_IS_VALID(ps.stat[AQ_PM25]));
    EXPECT_EQ_INT(1, ps.sufficient);
    EXPECT_EQ_INT(14, ps.valid_days);
    EXPECT_EQ_INT(10, ps.good_days);
    EXPECT_EQ_INT(4, ps.exceed_days);
    EXPECT_EQ_INT(1, ps.heavy_days);
    EXPECT_EQ_INT(AQ_PERIOD_MONTH, ps.period.kind);
    EXPECT_EQ_INT(3, ps.period.index);
    EXPECT_EQ_INT(0, (int)aq_stats_shortfalls(&ps, sf));
    /* 2019-03-01..16 (16 days): minimum ceil(432/31) = ceil(13.94) = 14,
     * day 16 counts: 15 valid */
    CHECK_OK(stats_of(D(2019, 3, 1), D(2019, 3, 16), 0, n, &ps));
    EXPECT_EQ_INT(14, ps.span_min_days);
    EXPECT_EQ_INT(15, ps.stat[AQ_SO2].count);
    /* 2019-03-01..17: 17 days, ceil(459/31) = ceil(14.81) = 15: 15 ok */
    CHECK_OK(stats_of(D(2019, 3, 1), D(2019, 3, 17), 0, n, &ps));
    EXPECT_EQ_INT(15, ps.span_min_days);
    EXPECT_EQ_INT(1, ps.sufficient);
    /* ... 2019-03-01..18: 18 days, ceil(486/31) = ceil(15.68) = 16 > 15 */
    CHECK_OK(stats_of(D(2019, 3, 1), D(2019, 3, 18), 0, n, &ps));
    EXPECT_EQ_INT(16, ps.span_min_days);
    EXPECT_EQ_INT(0, ps.sufficient);
    EXPECT_EQ_INT(6, (int)aq_stats_shortfalls(&ps, sf));
    EXPECT_EQ_INT(AQ_SHORT_SPAN, sf[0].kind);
    EXPECT_EQ_INT(15, sf[0].valid_days);
    EXPECT_EQ_INT(16, sf[0].minimum_days);
}

void test_daily__whole_months_across_a_year_end_N5_2(void)
{
    aq_period_stats ps;
    aq_shortfall sf[AQ_SHORTFALL_MAX];
    size_t n = 0;
    int d;

    /* 2018-12-01..2019-01-31: whole months, judged by N5.2: December
     * 27 valid days (ok), January 26 (< 27): invalid, and the shortfall
     * names 2019-01 (not 2018-01) */
    for (d = 1; d <= 27; d++)
        make_day(&g_days[n++], D(2018, 12, d), 30, 50);
    for (d = 1; d <= 26; d++)
        make_day(&g_days[n++], D(2019, 1, d), 60, 80);
    CHECK_OK(stats_of(D(2018, 12, 1), D(2019, 1, 31), 0, n, &ps));
    EXPECT_EQ_INT(0, ps.span_min_days);
    EXPECT_EQ_INT(62, ps.days);
    EXPECT_EQ_INT(53, ps.stat[AQ_PM25].count);
    /* (27 * 30 + 26 * 60) / 53 = 2370 / 53 = 44.72 -> 45 */
    EXPECT_EQ_INT(U(45), ps.stat[AQ_PM25].value);
    EXPECT_EQ_INT(0, ps.sufficient);
    EXPECT_EQ_INT(6, (int)aq_stats_shortfalls(&ps, sf));
    EXPECT_EQ_INT(AQ_SHORT_MONTH, sf[0].kind);
    EXPECT_EQ_INT(2019, sf[0].where.year);
    EXPECT_EQ_INT(1, sf[0].where.index);
    EXPECT_EQ_INT(26, sf[0].valid_days);
    EXPECT_EQ_INT(27, sf[0].minimum_days);
    /* one more January day: both months valid */
    make_day(&g_days[n++], D(2019, 1, 27), 60, 80);
    CHECK_OK(stats_of(D(2018, 12, 1), D(2019, 1, 31), 0, n, &ps));
    EXPECT_EQ_INT(1, ps.sufficient);
}

void test_daily__leap_day_left_out_D3(void)
{
    aq_period_stats ps;
    size_t n = 0;

    /* 2020-02-28..03-01 with 29 February left out: 2 calendar days
     * (minimum ceil(54/31) = 2), the 29th's value (100) not used: mean of
     * 10 and 20 = 15, its AQI 250 (heavy) not counted; without the flag
     * (3 days, minimum ceil(81/31) = 3):
     * (10 + 100 + 20) / 3 = 43.33 -> 43 */
    make_day(&g_days[n++], D(2020, 2, 28), 10, 20);
    make_day(&g_days[n++], D(2020, 2, 29), 100, 250);
    make_day(&g_days[n++], D(2020, 3, 1), 20, 30);
    CHECK_OK(stats_of(D(2020, 2, 28), D(2020, 3, 1), AQ_SPAN_SKIP_LEAP_DAY, n,
                      &ps));
    EXPECT_EQ_INT(2, ps.days);
    EXPECT_EQ_INT(2, ps.span_min_days);
    EXPECT_EQ_INT(U(15), ps.stat[AQ_NO2].value);
    EXPECT_EQ_INT(2, ps.valid_days);
    EXPECT_EQ_INT(0, ps.heavy_days);
    EXPECT_EQ_INT(1, ps.sufficient);
    CHECK_OK(stats_of(D(2020, 2, 28), D(2020, 3, 1), 0, n, &ps));
    EXPECT_EQ_INT(3, ps.days);
    EXPECT_EQ_INT(U(43), ps.stat[AQ_NO2].value);
    EXPECT_EQ_INT(1, ps.heavy_days);
}

void test_daily__span_is_a_period_keeps_N5_2(void)
{
    aq_period_stats a, b;
    size_t n = 0;
    int d;

    /* a span that is the month 2019-02 gives what the month gives */
    for (d = 1; d <= 25; d++)
        make_day(&g_days[n++], D(2019, 2, d), d, 40);
    CHECK_OK(stats_of(D(2019, 2, 1), D(2019, 2, 28), 0, n, &a));
    {
        aq_period p = {AQ_PERIOD_MONTH, 2019, 2};
        CHECK_OK(aq_stats_period(p, g_days, n, NULL, &b, NULL));
    }
    EXPECT_EQ_INT(0, a.span_min_days);
    EXPECT_EQ_INT(1, a.sufficient); /* February: 25 */
    EXPECT_EQ_INT(b.stat[AQ_PM25].value, a.stat[AQ_PM25].value);
    EXPECT_EQ_INT(b.sufficient, a.sufficient);
    EXPECT_EQ_INT(AQ_PERIOD_MONTH, a.period.kind);
    EXPECT_EQ_INT(AQ_EINVALID,
                  stats_of(D(2019, 1, 1), D(2020, 1, 2), 0, n, &a));
    EXPECT_EQ_INT(AQ_EINVALID,
                  stats_of(D(2019, 1, 2), D(2019, 1, 1), 0, n, &a));
}

void test_daily__allowance_rounding_edge_D7_N1_4(void)
{
    aq_exact sum = {U(350), 0, 1};
    int64_t x = -1;

    /* 10 days summing 350 (mean 35), 5 days to come, target 35:
     * (350 + 5x) / 15 <= 35.5  <=>  x <= 36.5. x = 36: 530 / 15 = 35.33
     * -> 35, meets; x = 37: 535 / 15 = 35.67 -> 36, does not. */
    CHECK_OK(aq_target_allowance(&sum, 10, 5, 35, &x));
    EXPECT_EQ_INT(36, x);
    /* the exact tie: 1 day of 70 and 1 to come, target 70: x = 71 gives
     * 70.5, which GB/T 8170 rounds to 70 (even): meets; x = 72 gives 71 */
    sum.whole = U(70);
    CHECK_OK(aq_target_allowance(&sum, 1, 1, 70, &x));
    EXPECT_EQ_INT(71, x);
    /* target 71 with 71 so far: x = 72 gives 71.5 -> 72 (71 is odd):
     * does not meet; x = 71 gives 71 */
    sum.whole = U(71);
    CHECK_OK(aq_target_allowance(&sum, 1, 1, 71, &x));
    EXPECT_EQ_INT(71, x);
    /* no day so far: the days to come are the mean: x = target */
    sum.whole = 0;
    CHECK_OK(aq_target_allowance(&sum, 0, 200, 35, &x));
    EXPECT_EQ_INT(35, x);
}

void test_daily__allowance_unreachable_D7(void)
{
    aq_exact sum = {U(2400), 0, 1};
    int64_t x = -1;

    /* 30 days at 80 (2400), 1 to come, target 35: even x = 0 gives
     * 2400 / 31 = 77.4 -> 77 > 35 */
    EXPECT_EQ_INT(AQ_EINSUFFICIENT, aq_target_allowance(&sum, 30, 1, 35, &x));
    /* ... and 76 is not met either (77 > 76), 77 is met by x = 0:
     * 2400/31 = 77.42 -> 77; x = 1: 2401/31 = 77.45 -> 77; x = 16:
     * 2416/31 = 77.94 -> 78; x = 15: 2415/31 = 77.903 -> 78;
     * x = 14: 2414/31 = 77.871 -> 78; x = 13: 2413/31 = 77.839 -> 78;
     * x = 12: 2412/31 = 77.806 -> 78; x = 11: 2411/31 = 77.774 -> 78;
     * x = 10: 2410/31 = 77.742 -> 78; x = 9: 77.71 -> 78;
     * x = 8: 77.677 -> 78; x = 7: 77.645 -> 78; x = 6: 77.613 -> 78;
     * x = 5: 77.58 -> 78; x = 4: 77.548 -> 78; x = 3: 2403/31 = 77.516
     * -> 78; x = 2: 2402/31 = 77.484 -> 77. So 2. */
    EXPECT_EQ_INT(AQ_EINSUFFICIENT, aq_target_allowance(&sum, 30, 1, 76, &x));
    CHECK_OK(aq_target_allowance(&sum, 30, 1, 77, &x));
    EXPECT_EQ_INT(2, x);
    EXPECT_EQ_INT(AQ_EINVALID, aq_target_allowance(&sum, 30, 0, 77, &x));
    /* a period that is over: 2400 / 30 = 80 */
    EXPECT_EQ_INT(1, aq_target_mean_meets(&sum, 30, 80));
    EXPECT_EQ_INT(0, aq_target_mean_meets(&sum, 30, 79));
}

void test_daily__good_days_needed_edge_D7_N5_7_1(void)
{
    int k = -1;

    /* 290 good of 380 valid, 20 days to come (400 in all): the ratio is
     * (290 + k) / 400 = (290 + k) / 4 %. Target 75.2 %: k = 11 gives
     * 301/400 = 75.25 %, which GB/T 8170 rounds to 75.2 (2 is even):
     * reached; k = 10 gives 75.0. */
    CHECK_OK(aq_target_good_days_needed(290, 380, 20, 752, &k));
    EXPECT_EQ_INT(11, k);
    /* target 75.3: 301 -> 75.2 no; 302/400 = 75.5: k = 12 */
    CHECK_OK(aq_target_good_days_needed(290, 380, 20, 753, &k));
    EXPECT_EQ_INT(12, k);
    /* target 75.8: 303/400 = 75.75 -> 75.8 (7 is odd: up): k = 13 */
    CHECK_OK(aq_target_good_days_needed(290, 380, 20, 758, &k));
    EXPECT_EQ_INT(13, k);
    /* already there: k = 0 (290/400 = 72.5 % >= 70 %) */
    CHECK_OK(aq_target_good_days_needed(290, 380, 20, 700, &k));
    EXPECT_EQ_INT(0, k);
    /* unreachable: even 20 more, 310/400 = 77.5 < 80 */
    EXPECT_EQ_INT(AQ_EINSUFFICIENT,
                  aq_target_good_days_needed(290, 380, 20, 800, &k));
    EXPECT_EQ_INT(AQ_EINVALID,
                  aq_target_good_days_needed(391, 390, 10, 700, &k));
}

void test_daily__planner_composite_thresholds_D8(void)
{
    /* the other five indices sum to 4.00, PM2.5 S = 35, w = 1:
     * value(C) = 400 + round2(C / 35) in hundredths. The others: 4.50,
     * 4.80, 4.80, 5.20 (two tied at the boundary ranks 2 and 3). */
    static const int64_t others[4] = {450, 480, 480, 520};
    aq_plan_unit u = {AQ_RANK_BY_COMPOSITE, 400, U(35), 1};
    aq_plan_limit l;

    EXPECT_EQ_INT(400, aq_plan_value(&u, 0));
    EXPECT_EQ_INT(449, aq_plan_value(&u, 17)); /* 17/35 = 0.4857 -> 0.49 */
    /* rank 1: value <= 4.50: round2(C/35) <= 0.50; C = 17 gives 0.49,
     * C = 18: 0.5143 -> 0.51 */
    aq_plan_limit_for(&u, others, 4, 1, 0, &l);
    EXPECT_EQ_INT(1, l.reachable);
    EXPECT_EQ_INT(0, l.unlimited);
    EXPECT_EQ_INT(17, l.pm25_max);
    /* rank 2: value <= 4.80, index <= 0.80: C = 28 (0.80), 29: 0.8286 ->
     * 0.83. Rank 3: the same bound (4.80 tied): a unit at 4.80 shares
     * rank 2 */
    aq_plan_limit_for(&u, others, 4, 2, 0, &l);
    EXPECT_EQ_INT(28, l.pm25_max);
    aq_plan_limit_for(&u, others, 4, 3, 0, &l);
    EXPECT_EQ_INT(28, l.pm25_max);
    /* last position <= 2 (P3 positions): value < 4.80, index <= 0.79:
     * C = 27 (0.7714 -> 0.77), 28 gives 0.80 */
    aq_plan_limit_for(&u, others, 4, 2, 1, &l);
    EXPECT_EQ_INT(27, l.pm25_max);
    /* rank 4: value <= 5.20, index <= 1.20: 42/35 = 1.20, 43/35 = 1.2286
     * -> 1.23: 42 */
    aq_plan_limit_for(&u, others, 4, 4, 0, &l);
    EXPECT_EQ_INT(42, l.pm25_max);
    /* rank 5 of 5: any C */
    aq_plan_limit_for(&u, others, 4, 5, 0, &l);
    EXPECT_EQ_INT(1, l.unlimited);
    EXPECT_EQ_INT(-1, l.pm25_max);
    /* the other five already at 4.60: not even C = 0 reaches rank 1 */
    u.others_index = 460;
    aq_plan_limit_for(&u, others, 4, 1, 0, &l);
    EXPECT_EQ_INT(0, l.reachable);
    EXPECT_EQ_INT(-1, l.pm25_max);
    aq_plan_limit_for(&u, others, 4, 0, 0, &l);
    EXPECT_EQ_INT(0, l.reachable);
}

void test_daily__planner_pm25_thresholds_D8(void)
{
    static const int64_t others[4] = {30, 35, 35, 40};
    aq_plan_unit u = {AQ_RANK_BY_PM25, 0, U(35), 1};
    aq_plan_limit l;

    /* ranked by PM2.5: rank <= 2 with C <= 35 (a tie shares rank 2);
     * last position <= 2 only with C < 35 */
    aq_plan_limit_for(&u, others, 4, 2, 0, &l);
    EXPECT_EQ_INT(35, l.pm25_max);
    aq_plan_limit_for(&u, others, 4, 2, 1, &l);
    EXPECT_EQ_INT(34, l.pm25_max);
    aq_plan_limit_for(&u, others, 4, 1, 0, &l);
    EXPECT_EQ_INT(30, l.pm25_max);
}

/* ---- The targets file (D6) ---- */

void test_daily__targets_file_values_D6(void)
{
    aq_targets *t = NULL;
    aq_error err = AQ_ERROR_INIT;
    const aq_target_row *r;
    const char *path = aqt_write_file(
        NULL, 0, "targets_ok.csv",
        "# the bureau's targets\nheavy_days, unit ,YEAR,pm25,good_days_ratio\n"
        "5,东四,2014,70,60\n,Tiantan,2014,,55.5\n12,\"农展馆\",2015,35,\n");

    CHECK(path);
    CHECK_OK(aq_targets_load(&t, path, &err));
    EXPECT_EQ_INT(3, aq_targets_count(t));
    EXPECT_EQ_INT(2, aq_targets_unit_column(t));
    r = aq_targets_get(t, 0);
    EXPECT_EQ_STR("东四", r->unit);
    EXPECT_EQ_INT(2014, r->year);
    EXPECT_EQ_INT(70, r->pm25);
    EXPECT_EQ_INT(600, r->good_ratio); /* tenths of a percent */
    EXPECT_EQ_INT(5, r->heavy_days);
    EXPECT_EQ_INT(3, r->line);
    r = aq_targets_get(t, 1);
    EXPECT_EQ_INT(-1, r->pm25); /* empty: no target */
    EXPECT_EQ_INT(555, r->good_ratio);
    EXPECT_EQ_INT(-1, r->heavy_days);
    r = aq_targets_get(t, 2);
    EXPECT_EQ_INT(2015, r->year);
    EXPECT_EQ_INT(-1, r->good_ratio);
    EXPECT(aq_targets_get(t, 3) == NULL);
    aq_targets_free(t);
}

/* each bad file: the status, and the line:column: field of the message */
static void bad_targets(const char *text, const char *want)
{
    aq_targets *t = NULL;
    aq_error err = AQ_ERROR_INIT;
    char msg[512];
    const char *path = aqt_write_file(NULL, 0, "targets_bad.csv", text);

    if (!path || aq_targets_load(&t, path, &err) != AQ_EPARSE) {
        aqt_fail(__FILE__, __LINE__, "accepted: %s", text);
        aq_targets_free(t);
        return;
    }
    aq_error_format(&err, msg, sizeof msg);
    if (!strstr(msg, want))
        aqt_fail(__FILE__, __LINE__, "message \"%s\" lacks \"%s\"", msg,
                 want);
}

void test_daily__targets_file_errors_name_line_field_D6(void)
{
    static const char head[] = "unit,year,pm25,good_days_ratio,heavy_days\n";
    char text[256];

#define BAD(rows, want)                                                        \
    do {                                                                       \
        snprintf(text, sizeof text, "%s%s", head, rows);                       \
        bad_targets(text, want);                                               \
    } while (0)
    BAD("东四,2014,70.5,60,5\n", ":2:3: pm25: expected a whole number");
    BAD("东四,2014,70,60.25,5\n", ":2:4: good_days_ratio: expected a "
                                  "percentage");
    BAD("东四,2014,70,100.1,5\n", ":2:4: good_days_ratio");
    BAD("东四,2014,70,60,-1\n", ":2:5: heavy_days");
    BAD("东四,14,70,60,5\n", ":2:2: year");
    BAD("东四,,70,60,5\n", ":2:2: year: missing");
    BAD(",2014,70,60,5\n", ":2:1: unit: missing");
    BAD("东四,2014,70,60,5\n东四,2014,,,\n",
        ":3:1: unit: 东四 has targets for 2014 on line 2 already");
#undef BAD
    bad_targets("unit,year,pm25,good_days_ratio\n", ":1:1: bad header: no "
                                                    "column heavy_days");
    bad_targets("unit,year,pm25,good_days,heavy_days\n",
                ":1:4: bad header: unknown column \"good_days\"");
    bad_targets("unit,year,pm25,pm25,good_days_ratio,heavy_days\n",
                ":1:4: bad header: column \"pm25\" repeats column 3");
    bad_targets("", "empty file");
}

void test_daily__planner_against_brute_force_D8(void)
{
    /* the guess-and-check of aq_plan_limit_for against every C from 0 to
     * 600, for random others, bases, limits (35 and 30, N6.4) and weights
     * (1 and 3): the highest C whose rank (or last position) is within k */
    uint64_t seed = 20261116;
    int round, k, pos;

    for (round = 0; round < 300; round++) {
        int64_t others[12], c, best;
        aq_plan_unit u;
        aq_plan_limit l;
        size_t n, i, j;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        n = 1 + (size_t)(seed >> 60) % 12;
        u.by = (seed >> 20) & 1 ? AQ_RANK_BY_COMPOSITE : AQ_RANK_BY_PM25;
        u.others_index = 100 + (int64_t)((seed >> 30) % 400);
        u.pm25_limit = (seed >> 40) & 1 ? U(35) : U(30);
        u.pm25_weight = (seed >> 41) & 1 ? 1 : 3;
        for (i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            others[i] = u.by == AQ_RANK_BY_PM25
                            ? (int64_t)((seed >> 33) % 120)
                            : u.others_index - 50 +
                                  (int64_t)((seed >> 33) % 700);
        }
        for (i = 1; i < n; i++) /* ascending */
            for (j = i; j > 0 && others[j - 1] > others[j]; j--) {
                int64_t t = others[j];
                others[j] = others[j - 1];
                others[j - 1] = t;
            }
        for (k = 1; k <= (int)n + 1; k++)
            for (pos = 0; pos <= 1; pos++) {
                best = -1;
                for (c = 0; c <= 600; c++) {
                    int64_t v = aq_plan_value(&u, c);
                    size_t below = 0;
                    for (i = 0; i < n; i++)
                        below += pos ? others[i] <= v : others[i] < v;
                    if ((int)below + 1 <= k)
                        best = c;
                }
                aq_plan_limit_for(&u, others, n, k, pos, &l);
                if (best == 600) { /* every C here: no maximum */
                    EXPECT(l.unlimited);
                } else if ((l.pm25_max != best) || (l.reachable != (best >= 0))) {
                    aqt_fail(__FILE__, __LINE__,
                             "round %d k %d pos %d: want %lld, got %lld",
                             round, k, pos, (long long)best,
                             (long long)l.pm25_max);
                    return;
                }
            }
    }
}
