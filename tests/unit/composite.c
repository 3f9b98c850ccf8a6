/* SPDX-License-Identifier: MIT */
/*
 * The composite index (N6.2, N6.4), good-days ratio (N5.7) and change rate
 * (N6.5.1): vectors TV-26 to TV-29, TV-32 and TV-33 of test-vectors.md.
 * TV-26 runs the whole chain from station days through unit days (with
 * their daily AQI) and the month's statistics to the composite index.
 */
#include "aq/composite.h"
#include "aq/decimal.h"
#include "aq/stats.h"
#include "harness.h"

#define U(x) ((int64_t)(x)*AQ_MICRO)

static int64_t dec(const char *s)
{
    int64_t v = AQ_MISSING;

    if (aq_decimal_parse(s, strlen(s), &v) != AQ_OK)
        v = AQ_MISSING;
    return v;
}

static aq_composite from_values(const char *so2, const char *no2,
                                const char *pm10, const char *pm25,
                                const char *co, const char *o3,
                                const aq_stats_options *o)
{
    const char *text[AQ_POLLUTANT_COUNT] = {so2, no2, pm10, pm25, co, o3};
    aq_period_stats ps;
    aq_composite c;
    int p;

    /* published statistics, e.g. a bulletin's, as a valid R2012 period of
     * the library's own type */
    memset(&ps, 0, sizeof ps);
    ps.ruleset = AQ_R2012;
    ps.sufficient = 1;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        ps.stat[p].value = dec(text[p]);
        if (ps.stat[p].value == AQ_MISSING)
            continue;
        ps.stat[p].count = 1;
        ps.stat[p].flags = AQ_STAT_VALID;
    }
    memset(&c, 0, sizeof c);
    c.composite = -2;
    if (aq_composite_compute(&ps, o, &c))
        c.composite = -3;
    return c;
}

static void expect_indices(const aq_composite *c, const int64_t want[6])
{
    int i;

    for (i = 0; i < AQ_POLLUTANT_COUNT; i++) {
        if (c->index[i] != want[i])
            aqt_fail(__FILE__, __LINE__, "index %s: want %lld, got %lld",
                     aq_pollutant_code((aq_pollutant)i), (long long)want[i],
                     (long long)c->index[i]);
    }
}

/* ---- TV-26: February 2018 from its daily table ---- */

struct tv26_day {
    int day;
    const char *so2, *no2, *pm10, *pm25, *co, *o3;
    int aqi;
    unsigned primary;
};

#define P25 (1u << AQ_IND_PM25)
#define P10 (1u << AQ_IND_PM10)

static const struct tv26_day tv26[] = {
    {1, "20", "47", "174", "138", "0.9", "85", 183, P25},
    {2, "33", "26", "142", "96", "2.6", "109", 127, P25},
    {3, "11", "68", "183", "144", "2.9", "94", 192, P25},
    {4, "35", "28", "173", "103", "2.8", "67", 135, P25},
    {5, "25", "35", "160", "79", "1.5", "100", 105, P10 | P25},
    {7, "15", "68", "140", "52", "2.8", "92", 95, P10},
    {8, "17", "31", "167", "140", "2.3", "109", 186, P25},
    {9, "10", "60", "177", "147", "1.6", "83", 196, P25},
    {10, "36", "30", "221", "137", "3.0", "55", 182, P25},
    {11, "16", "27", "197", "152", "2.5", "81", 202, P25},
    {12, "21", "42", "70", "49", "2.0", "96", 68, P25},
    {14, "29", "50", "144", "90", "0.8", "53", 119, P25},
    {15, "18", "37", "203", "124", "1.1", "42", 163, P25},
    {16, "32", "63", "125", "96", "1.8", "110", 127, P25},
    {17, "30", "52", "230", "144", "2.2", "47", 192, P25},
    {18, "32", "52", "217", "151", "2.1", "67", 201, P25},
    {19, "24", "33", "103", "83", "1.3", "49", 110, P25},
    {20, "16", "26", "143", "121", "2.8", "82", 159, P25},
    {21, "31", "35", "96", "58", "2.3", "80", 79, P25},
    {22, "33", "29", "123", "40", "2.9", "86", 87, P10},
    {23, "17", "49", "171", "123", "2.7", "80", 162, P25},
    {24, "17", "38", "184", "150", "1.4", "41", 200, P25},
    {25, "10", "40", "190", "136", "1.4", "101", 180, P25},
    {26, "29", "59", "216", "142", "2.3", "64", 189, P25},
    {28, "38", "62", "156", "127", "2.6", "78", 168, P25},
};

static void station_stat(aq_stat *s, int64_t v)
{
    s->value = v;
    s->exact.whole = v;
    s->exact.num = 0;
    s->exact.den = 1;
    s->count = v == AQ_MISSING ? 0 : 24;
    s->flags = v == AQ_MISSING ? 0 : AQ_STAT_VALID;
}

/* One station whose day has exactly the table's values; days 6, 13, 27
 * are absent (invalid for every pollutant). */
static void tv26_station_day(const struct tv26_day *t, aq_station_day *sd)
{
    memset(sd, 0, sizeof *sd);
    station_stat(&sd->mean[AQ_SO2], t ? dec(t->so2) : AQ_MISSING);
    station_stat(&sd->mean[AQ_NO2], t ? dec(t->no2) : AQ_MISSING);
    station_stat(&sd->mean[AQ_PM10], t ? dec(t->pm10) : AQ_MISSING);
    station_stat(&sd->mean[AQ_PM25], t ? dec(t->pm25) : AQ_MISSING);
    station_stat(&sd->mean[AQ_CO], t ? dec(t->co) : AQ_MISSING);
    station_stat(&sd->mean[AQ_O3], AQ_MISSING);
    station_stat(&sd->mda8, t ? dec(t->o3) : AQ_MISSING);
    /* "R2012 daily report without an O3 1-hour value" */
    station_stat(&sd->o3_max1h, AQ_MISSING);
}

static aq_unit_day tv26_days[28];

static void tv26_month(aq_period_stats *ps, const aq_stats_options *o)
{
    aq_period feb = {AQ_PERIOD_MONTH, 2018, 2};
    size_t k = 0;
    int d;

    for (d = 1; d <= 28; d++) {
        const struct tv26_day *t = NULL;
        aq_station_day sd;
        size_t i;

        for (i = 0; i < sizeof tv26 / sizeof tv26[0]; i++)
            if (tv26[i].day == d)
                t = &tv26[i];
        tv26_station_day(t, &sd);
        if (aq_stats_unit_day(aq_day_from_civil(2018, 2, d), &sd, 1, o,
                              &tv26_days[d - 1]) != AQ_OK)
            aqt_fail(__FILE__, __LINE__, "day %d: unit day failed", d);
        if (t && (tv26_days[d - 1].aqi.aqi != t->aqi ||
                  tv26_days[d - 1].aqi.primary != t->primary))
            aqt_fail(__FILE__, __LINE__,
                     "day %d: AQI want %d primary %#x, got %d %#x", d, t->aqi,
                     t->primary, tv26_days[d - 1].aqi.aqi,
                     tv26_days[d - 1].aqi.primary);
        if (!t && tv26_days[d - 1].aqi.aqi != -1)
            aqt_fail(__FILE__, __LINE__, "day %d: want no AQI", d);
        k++;
    }
    memset(ps, 0, sizeof *ps);
    if (aq_stats_period(feb, tv26_days, k, o, ps, NULL) != AQ_OK)
        aqt_fail(__FILE__, __LINE__, "period failed");
}

void test_composite__tv26_february_month_N6_2(void)
{
    /* Hand computation (TV-26), n = 25 valid days:
     * SO2 595/25 = 23.8 -> 24; NO2 1087/25 = 43.48 -> 43;
     * PM10 4105/25 = 164.2 -> 164; PM2.5 2822/25 = 112.88 -> 113;
     * CO 95th: k = 1 + 24*0.95 = 23.8, X(23) = X(24) = 2.9 -> 2.9;
     * O3 90th: k = 1 + 24*0.9 = 22.6, X(22) = 101, X(23) = 109:
     * 101 + 0.6*8 = 105.8 -> 106.
     * Indices: 24/60 = 0.40; 43/40 = 1.075 -> 1.08; 164/70 = 2.342857 ->
     * 2.34; 113/35 = 3.228571 -> 3.23; 2.9/4 = 0.725 -> 0.72 (kept 2
     * even); 106/160 = 0.6625 -> 0.66. Sum 8.43. */
    static const int64_t want_idx[6] = {40, 108, 234, 323, 72, 66};
    aq_stats_options o = AQ_STATS_OPTIONS_INIT;
    aq_period_stats ps;
    aq_composite c;

    tv26_month(&ps, &o);
    EXPECT_EQ_INT(U(24), ps.stat[AQ_SO2].value);
    EXPECT_EQ_INT(U(43), ps.stat[AQ_NO2].value);
    EXPECT_EQ_INT(U(164), ps.stat[AQ_PM10].value);
    EXPECT_EQ_INT(U(113), ps.stat[AQ_PM25].value);
    EXPECT_EQ_INT(2900000, ps.stat[AQ_CO].value);
    EXPECT_EQ_INT(U(106), ps.stat[AQ_O3].value);
    EXPECT(ps.stat[AQ_SO2].exact.whole == 23800000);
    EXPECT(ps.stat[AQ_O3].exact.whole == 105800000);
    EXPECT_EQ_INT(25, ps.stat[AQ_PM25].count);
    /* 25 valid days is the February minimum: valid, sufficient */
    EXPECT_EQ_INT(1, ps.sufficient);
    EXPECT_EQ_INT(AQ_R2012, ps.ruleset);
    /* N5.7: good days 07, 12, 21, 22 of 25 valid; levels by hand from the
     * AQI column: level 2 {95, 68, 79, 87} = 4; level 3 {127, 135, 105,
     * 119, 127, 110} = 6; level 4 {183, 192, 186, 196, 182, 163, 192, 159,
     * 162, 200, 180, 189, 168} = 13; level 5 {202, 201} = 2 */
    EXPECT_EQ_INT(28, ps.days);
    EXPECT_EQ_INT(25, ps.valid_days);
    EXPECT_EQ_INT(4, ps.good_days);
    EXPECT_EQ_INT(0, ps.level_days[1]);
    EXPECT_EQ_INT(4, ps.level_days[2]);
    EXPECT_EQ_INT(6, ps.level_days[3]);
    EXPECT_EQ_INT(13, ps.level_days[4]);
    EXPECT_EQ_INT(2, ps.level_days[5]);
    EXPECT_EQ_INT(21, ps.exceed_days);
    EXPECT_EQ_INT(2, ps.heavy_days);

    CHECK_OK(aq_composite_compute(&ps, &o, &c));
    expect_indices(&c, want_idx);
    EXPECT_EQ_INT(843, c.composite);
    EXPECT_EQ_INT(0, c.flags);
    EXPECT_EQ_INT(160, c.good_ratio);        /* 4/25 = 16.0 % */
    EXPECT_EQ_INT(1u << AQ_PM25, c.primary); /* N6.2.5: 3.23 is largest */
    /* final chain (N1.5): the statistics keep full precision (L3) and the
     * indices come from them: 23.8/60 = 0.396667 -> 0.40; 43.48/40 =
     * 1.087 -> 1.09; 164.2/70 = 2.345714 -> 2.35; 112.88/35 = 3.225143 ->
     * 3.23; 2.9/4 = 0.725 -> 0.72; 105.8/160 = 0.66125 -> 0.66; sum 8.45.
     * The reported statistics are the same rounded values as above. */
    o.rounding_chain = AQ_ROUNDING_FINAL;
    tv26_month(&ps, &o);
    EXPECT_EQ_INT(U(43), ps.stat[AQ_NO2].value);
    EXPECT_EQ_INT(U(106), ps.stat[AQ_O3].value);
    CHECK_OK(aq_composite_compute(&ps, &o, &c));
    EXPECT_EQ_INT(109, c.index[AQ_NO2]);
    EXPECT_EQ_INT(235, c.index[AQ_PM10]);
    EXPECT_EQ_INT(845, c.composite);
}

void test_composite__tv26_invalid_month_is_flagged_N6_2_6(void)
{
    aq_period_stats ps;
    aq_composite c;

    tv26_month(&ps, NULL);
    /* drop one valid PM2.5 day: 24 < 25, still computed but flagged */
    ps.stat[AQ_PM25].flags = 0;
    ps.sufficient = 0;
    CHECK_OK(aq_composite_compute(&ps, NULL, &c));
    EXPECT_EQ_INT(843, c.composite);
    EXPECT(c.flags & AQ_COMPOSITE_INSUFFICIENT);
    EXPECT(!(c.flags & AQ_COMPOSITE_NOT_COMPUTED));
    /* a missing statistic: no composite at all */
    ps.stat[AQ_CO].count = 0;
    ps.stat[AQ_CO].value = AQ_MISSING;
    CHECK_OK(aq_composite_compute(&ps, NULL, &c));
    EXPECT_EQ_INT(-1, c.composite);
    EXPECT_EQ_INT(-1, c.index[AQ_CO]);
    EXPECT(c.flags & AQ_COMPOSITE_NOT_COMPUTED);
}

/* ---- Bulletins reproduced (TV-27 to TV-29) ---- */

void test_composite__tv27_heyuan_2022_02_N6_2_3(void)
{
    /* 3/60 = 0.05; 13/40 = 0.325 -> 0.32; 16/70 = 0.228571 -> 0.23;
     * 13/35 = 0.371429 -> 0.37; 0.9/4 = 0.225 -> 0.22; 87/160 = 0.54375 ->
     * 0.54; sum 1.73 = published. Summing exact indices (1.74375 -> 1.74)
     * or rounding half-up (1.75) would not reproduce the bulletin. */
    static const int64_t want[6] = {5, 32, 23, 37, 22, 54};
    aq_composite c = from_values("3", "13", "16", "13", "0.9", "87", NULL);

    expect_indices(&c, want);
    EXPECT_EQ_INT(173, c.composite);
    EXPECT_EQ_INT(-1, c.good_ratio);
    EXPECT_EQ_INT(1u << AQ_O3, c.primary);
}

void test_composite__tv28_naiman_and_wuyuan_N6_2(void)
{
    static const int64_t naiman[6] = {15, 35, 110, 66, 28, 60};
    static const int64_t wuyuan[6] = {18, 40, 57, 46, 15, 87};
    aq_composite c;
    int64_t rate = 0;

    /* Naiman Q1: 9/60 = 0.15, 14/40 = 0.35, 77/70 = 1.10, 23/35 =
     * 0.657 -> 0.66, 1.1/4 = 0.275 -> 0.28 (kept 7 odd), 96/160 = 0.60;
     * 3.14 as published (the exact sum 3.132143 would give 3.13) */
    c = from_values("9", "14", "77", "23", "1.1", "96", NULL);
    expect_indices(&c, naiman);
    EXPECT_EQ_INT(314, c.composite);
    /* Wuyuan 2023-09: 11/60 = 0.183 -> 0.18, 16/40 = 0.40, 40/70 = 0.571
     * -> 0.57, 16/35 = 0.457 -> 0.46, 0.6/4 = 0.15, 139/160 = 0.86875 ->
     * 0.87; 2.63 as published */
    c = from_values("11", "16", "40", "16", "0.6", "139", NULL);
    expect_indices(&c, wuyuan);
    EXPECT_EQ_INT(263, c.composite);
    /* N6.5.1: (2.63 - 2.89)/2.89 = -8.996540 % -> -9.0 % (published) */
    CHECK_OK(aq_composite_change_rate(263, 289, &rate));
    EXPECT_EQ_INT(-90, rate);
}

void test_composite__tv29_rounded_indices_not_exact_sum_U7(void)
{
    /* The explainer's 3.06 is the exact sum 3.057143 rounded; N6.2.3-N6.2.4
     * round each index first: 0.15 + 0.38 (0.375, kept 7 odd) + 0.56 +
     * 0.60 + 0.18 (0.175, kept 7 odd) + 1.20 = 3.07, so aqrank says 3.07 */
    static const int64_t want[6] = {15, 38, 56, 60, 18, 120};
    aq_composite c = from_values("9", "15", "39", "21", "0.7", "192", NULL);

    expect_indices(&c, want);
    EXPECT_EQ_INT(307, c.composite);
}

void test_composite__tv32_good_days_ratio_N5_7_1(void)
{
    /* 27/29 = 93.103448 % -> 93.1; 4/25 = 16.0 % */
    EXPECT_EQ_INT(931, aq_composite_good_ratio(27, 29));
    EXPECT_EQ_INT(160, aq_composite_good_ratio(4, 25));
    /* 1/8 = 12.5 % exactly; 1/16 = 6.25 % -> 6.2 (kept 2 even) */
    EXPECT_EQ_INT(125, aq_composite_good_ratio(1, 8));
    EXPECT_EQ_INT(62, aq_composite_good_ratio(1, 16));
    EXPECT_EQ_INT(-1, aq_composite_good_ratio(0, 0));
    EXPECT_EQ_INT(-1, aq_composite_good_ratio(5, 4));
}

void test_composite__tv31_change_rate_and_not_comparable_N6_5(void)
{
    int64_t r = 1;

    /* (5.58 - 6.20)/6.20 = -10.0 %; (5.10 - 5.00)/5.00 = +2.0 %;
     * (4.62 - 4.40)/4.40 = +5.0 % */
    CHECK_OK(aq_composite_change_rate(558, 620, &r));
    EXPECT_EQ_INT(-100, r);
    CHECK_OK(aq_composite_change_rate(510, 500, &r));
    EXPECT_EQ_INT(20, r);
    CHECK_OK(aq_composite_change_rate(462, 440, &r));
    EXPECT_EQ_INT(50, r);
    /* integer PM2.5 means: (41 - 48)/48 = -14.583 % -> -14.6 */
    CHECK_OK(aq_composite_change_rate(41, 48, &r));
    EXPECT_EQ_INT(-146, r);
    /* N6.5.4: no previous value, not comparable */
    EXPECT_EQ_INT(AQ_EINSUFFICIENT, aq_composite_change_rate(400, -1, &r));
    EXPECT_EQ_INT(AQ_EINSUFFICIENT, aq_composite_change_rate(400, 0, &r));
}

void test_composite__tv33_weights_and_limits_override_N6_4(void)
{
    /* Informational only (N6.4 is unverified): the R2026 weighting is not
     * tested as a national rule, only as what the options override does.
     * Heyuan's statistics with PM10 60, PM2.5 30, w(PM2.5) = 3, w(NO2) =
     * w(O3) = 2: indices 0.05, 0.32, 16/60 = 0.266667 -> 0.27, 13/30 =
     * 0.433333 -> 0.43, 0.22, 0.54; unweighted 1.83, weighted 0.05 + 0.64
     * + 0.27 + 1.29 + 0.22 + 1.08 = 3.55. */
    static const int64_t want[6] = {5, 32, 27, 43, 22, 54};
    aq_stats_options o = AQ_STATS_OPTIONS_INIT;
    aq_composite c;

    o.composite_limit[AQ_PM10] = U(60);
    o.composite_limit[AQ_PM25] = U(30);
    c = from_values("3", "13", "16", "13", "0.9", "87", &o);
    expect_indices(&c, want);
    EXPECT_EQ_INT(183, c.composite);
    o.composite_weight[AQ_PM25] = 3;
    o.composite_weight[AQ_NO2] = 2;
    o.composite_weight[AQ_O3] = 2;
    c = from_values("3", "13", "16", "13", "0.9", "87", &o);
    EXPECT_EQ_INT(355, c.composite);
    EXPECT_EQ_INT(1u << AQ_O3, c.primary); /* largest unweighted: 0.54 */
}

void test_composite__single_index_half_even_N6_2_3(void)
{
    /* 0.525 -> 0.52 (the Suncere unit test's case): 2.1/4 = 0.525 */
    EXPECT_EQ_INT(52, aq_composite_single_index(2100000, U(4)));
    /* 1.075 -> 1.08 (kept 7 odd) */
    EXPECT_EQ_INT(108, aq_composite_single_index(U(43), U(40)));
    EXPECT_EQ_INT(-1, aq_composite_single_index(AQ_MISSING, U(40)));
    EXPECT_EQ_INT(-1, aq_composite_single_index(U(1), 0));
}
