/* SPDX-License-Identifier: MIT */
/*
 * Assessment statistics (N5): station days, unit days, periods and their
 * validity minimums, vectors TV-16 to TV-24 of test-vectors.md and
 * boundary cases worked out by hand in the comments.
 */
#include "aq/stats.h"
#include "aq/decimal.h"
#include "harness.h"
#include "lib/standards/frac_internal.h"
#include "lib/standards/stats_internal.h"

#define U(x) ((int64_t)(x)*AQ_MICRO)

/* Parse "30 28 - 25 ..." (- = missing) into at most max micro-unit
 * values; returns the number of tokens. */
static int parse_list(const char *s, int64_t *out, int max)
{
    int k = 0;

    while (*s && k < max) {
        const char *e;

        while (*s == ' ')
            s++;
        for (e = s; *e && *e != ' '; e++)
            ;
        if (e == s)
            break;
        if (aq_decimal_parse(s, (size_t)(e - s), &out[k]) != AQ_OK)
            out[k] = AQ_MISSING; /* "-" */
        k++;
        s = e;
    }
    return k;
}

/* 24 hourly values from such a list; returns the number present. */
static int hours(const char *s, int64_t out[AQ_STATS_HOURS])
{
    int h, n = 0, k = parse_list(s, out, AQ_STATS_HOURS);

    for (h = k; h < AQ_STATS_HOURS; h++)
        out[h] = AQ_MISSING;
    for (h = 0; h < AQ_STATS_HOURS; h++)
        n += out[h] != AQ_MISSING;
    return n;
}

static void all_missing(int64_t hourly[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS])
{
    int p, h;

    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        for (h = 0; h < AQ_STATS_HOURS; h++)
            hourly[p][h] = AQ_MISSING;
}

static int32_t D(int y, int m, int d)
{
    return aq_day_from_civil(y, m, d);
}

/* exact value a + n/d micro-units */
static int exact_is(const aq_exact *e, int64_t whole, int64_t num, int64_t den)
{
    return e->whole == whole && e->num == num && e->den == den;
}

/* The station day of 2018-07-01 from hr: no previous day, the default
 * options (N5.1). */
static aq_status july_1st(const int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS],
                          aq_station_day *sd)
{
    return aq_stats_station_day(D(2018, 7, 1), hr, NULL, NULL, sd);
}

/* ---- Station day: MDA8 (N5.1.2-N5.1.4) ---- */

static const char tv19_o3[] = "30 28 25 22 20 21 30 45 70 95 120 150 - - 190 "
                              "183 170 150 120 - 75 60 50 42";

void test_stats__tv19_mda8_missing_hours_N5_1_4(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd;
    int L;

    all_missing(hr);
    EXPECT_EQ_INT(21, hours(tv19_o3, hr[AQ_O3]));
    CHECK_OK(july_1st(hr, &sd));
    /* Window table of TV-19. Window 13 = hours 06-13, 7 values:
     * 21+30+45+70+95+120+150 = 531, 531/7 = 75.857143 -> 76. */
    EXPECT_EQ_INT(7, sd.o3_8h[12].count);
    EXPECT(exact_is(&sd.o3_8h[12].exact, 75857142, 6, 7));
    EXPECT_EQ_INT(U(76), sd.o3_8h[12].value);
    /* window 14 = hours 07-14 with 13, 14 missing: 6 values, valid,
     * (30+45+70+95+120+150)/6 = 510/6 = 85 */
    EXPECT_EQ_INT(6, sd.o3_8h[13].count);
    EXPECT(AQ_STAT_IS_VALID(sd.o3_8h[13]));
    EXPECT_EQ_INT(U(85), sd.o3_8h[13].value);
    /* window 20 = hours 13-20 with 13, 14, 20 missing: 5 values, invalid */
    EXPECT_EQ_INT(5, sd.o3_8h[19].count);
    EXPECT(!AQ_STAT_IS_VALID(sd.o3_8h[19]));
    /* window 18 = hours 11-18: 120+150+190+183+170+150 = 963, /6 = 160.5 */
    EXPECT(exact_is(&sd.o3_8h[17].exact, 160500000, 0, 1));
    /* no window ends before label 08 with 17 windows (N5.1.3) */
    for (L = 1; L < 8; L++)
        EXPECT_EQ_INT(0, sd.o3_8h[L - 1].count);
    /* 16 valid windows >= 14: valid; max 160.5 -> 160 (kept 0 even) */
    EXPECT_EQ_INT(16, sd.mda8.count);
    EXPECT(AQ_STAT_IS_VALID(sd.mda8));
    EXPECT(!(sd.mda8.flags & AQ_STAT_BY_EXCEEDANCE));
    EXPECT_EQ_INT(U(160), sd.mda8.value);
    EXPECT_EQ_INT(18, sd.mda8_label); /* 18 and 19 tie; the first wins */
    /* daily max 1-hour: 190 over 21 hours */
    EXPECT_EQ_INT(U(190), sd.o3_max1h.value);
    EXPECT_EQ_INT(21, sd.o3_max1h.count);
}

void test_stats__tv19_control_165_N5_1_3(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd;

    all_missing(hr);
    hours(tv19_o3, hr[AQ_O3]);
    hr[AQ_O3][12] = U(172);
    hr[AQ_O3][13] = U(185);
    hr[AQ_O3][19] = U(95);
    CHECK_OK(july_1st(hr, &sd));
    /* window 19: (150+172+185+190+183+170+150+120)/8 = 1320/8 = 165;
     * window 18 (hours 11-18): 120+150+172+185+190+183+170+150 = 1320 too,
     * so the first of the tied windows, 18, is named */
    EXPECT_EQ_INT(17, sd.mda8.count);
    EXPECT_EQ_INT(U(165), sd.mda8.value);
    EXPECT(exact_is(&sd.o3_8h[18].exact, 165000000, 0, 1));
    EXPECT_EQ_INT(18, sd.mda8_label);
}

void test_stats__tv20a_mda8_invalid_7_windows_N5_1_4(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd;

    all_missing(hr);
    hours("30 28 25 22 20 21 30 45 70 95 120 150 - - - - - - - - "
          "75 60 50 42",
          hr[AQ_O3]);
    CHECK_OK(july_1st(hr, &sd));
    /* valid windows 08..14 (window 14 = hours 07-14: 6 values); the max is
     * window 14, (30+45+70+95+120+150)/6 = 85; 7 < 14 and 85 <= 160 */
    EXPECT_EQ_INT(7, sd.mda8.count);
    EXPECT_EQ_INT(U(85), sd.mda8.value);
    EXPECT(!AQ_STAT_IS_VALID(sd.mda8));
}

void test_stats__tv20b_mda8_valid_by_exceedance_N5_1_4(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd;

    all_missing(hr);
    hours("30 28 25 22 20 21 30 45 150 170 190 200 210 215 205 190", hr[AQ_O3]);
    CHECK_OK(july_1st(hr, &sd));
    /* windows 08..18 valid (11); window 18 = hours 11-18 with 6 values:
     * (190+200+210+215+205+190)/6 = 1210/6 = 201.666667 -> 202 > 160 */
    EXPECT_EQ_INT(11, sd.mda8.count);
    EXPECT_EQ_INT(U(202), sd.mda8.value);
    EXPECT_EQ_INT(18, sd.mda8_label);
    EXPECT(AQ_STAT_IS_VALID(sd.mda8));
    EXPECT(sd.mda8.flags & AQ_STAT_BY_EXCEEDANCE);
}

/* O3 hours 1..k present with value v (hour 1 = first), the rest missing.
 * Window L (8..24) holds labels L-7..L: 8 values for L <= k, k-L+8 for
 * L > k, so it is valid for L <= k+2: k-5 valid windows. */
static aq_station_day mda8_first_hours(int k, int64_t v, int64_t hour1)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd;
    int h;

    all_missing(hr);
    for (h = 0; h < k; h++)
        hr[AQ_O3][h] = v;
    hr[AQ_O3][0] = hour1;
    memset(&sd, 0, sizeof sd);
    if (july_1st(hr, &sd) != AQ_OK)
        sd.mda8.count = -1;
    return sd;
}

void test_stats__mda8_13_vs_14_windows_N5_1_4(void)
{
    aq_station_day sd;

    /* k = 19: 14 valid windows, MDA8 100 valid */
    sd = mda8_first_hours(19, U(100), U(100));
    EXPECT_EQ_INT(14, sd.mda8.count);
    EXPECT_EQ_INT(U(100), sd.mda8.value);
    EXPECT(AQ_STAT_IS_VALID(sd.mda8));
    /* k = 18: 13 valid windows, 100 <= 160: invalid */
    sd = mda8_first_hours(18, U(100), U(100));
    EXPECT_EQ_INT(13, sd.mda8.count);
    EXPECT(!AQ_STAT_IS_VALID(sd.mda8));
}

void test_stats__mda8_exceedance_escape_160_vs_161_N5_1_4(void)
{
    aq_station_day sd;

    /* 13 windows of constant 160: 160 is not > 160 (N1.4.4): invalid */
    sd = mda8_first_hours(18, U(160), U(160));
    EXPECT_EQ_INT(13, sd.mda8.count);
    EXPECT_EQ_INT(U(160), sd.mda8.value);
    EXPECT(!AQ_STAT_IS_VALID(sd.mda8));
    /* hour 1 = 164 lies only in window 08: (164 + 7*160)/8 = 160.5, which
     * rounds to 160 (kept 0 even): still invalid, the rounded value
     * decides */
    sd = mda8_first_hours(18, U(160), U(164));
    EXPECT(exact_is(&sd.mda8.exact, 160500000, 0, 1));
    EXPECT_EQ_INT(U(160), sd.mda8.value);
    EXPECT(!AQ_STAT_IS_VALID(sd.mda8));
    /* hour 1 = 165: (165 + 1120)/8 = 160.625 -> 161 > 160: valid */
    sd = mda8_first_hours(18, U(160), U(165));
    EXPECT_EQ_INT(U(161), sd.mda8.value);
    EXPECT(AQ_STAT_IS_VALID(sd.mda8));
    EXPECT(sd.mda8.flags & AQ_STAT_BY_EXCEEDANCE);
}

void test_stats__mda8_24_windows_use_previous_day_U6(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS], prev[AQ_STATS_HOURS];
    aq_stats_options o = AQ_STATS_OPTIONS_INIT;
    aq_station_day sd;
    int h;

    all_missing(hr);
    for (h = 0; h < AQ_STATS_HOURS; h++) {
        hr[AQ_O3][h] = U(100);
        prev[h] = U(300);
    }
    /* 17 windows (default): only the day's hours, MDA8 100 */
    CHECK_OK(aq_stats_station_day(D(2018, 7, 1), hr, prev, &o, &sd));
    EXPECT_EQ_INT(17, sd.mda8.count);
    EXPECT_EQ_INT(U(100), sd.mda8.value);
    /* 24 windows: window 01 = prev labels 18-24 + label 01 =
     * (7*300 + 100)/8 = 2200/8 = 275 */
    o.mda8_windows = 24;
    CHECK_OK(aq_stats_station_day(D(2018, 7, 1), hr, prev, &o, &sd));
    EXPECT_EQ_INT(24, sd.mda8.count);
    EXPECT_EQ_INT(U(275), sd.mda8.value);
    EXPECT_EQ_INT(1, sd.mda8_label);
    /* without the previous day, windows 01..05 have < 6 hours: 19 valid */
    CHECK_OK(aq_stats_station_day(D(2018, 7, 1), hr, NULL, &o, &sd));
    EXPECT_EQ_INT(19, sd.mda8.count);
    EXPECT_EQ_INT(U(100), sd.mda8.value);
}

void test_stats__window_5_vs_6_hours_N5_1_2(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd;
    int h;

    /* O3 at labels 01-06 only: window 08 (labels 01-08) has 6 hours, valid,
     * (10+20+30+40+50+60)/6 = 35; window 09 (02-09) has 5: invalid */
    all_missing(hr);
    for (h = 0; h < 6; h++)
        hr[AQ_O3][h] = U(10 * (h + 1));
    CHECK_OK(july_1st(hr, &sd));
    EXPECT_EQ_INT(6, sd.o3_8h[7].count);
    EXPECT(AQ_STAT_IS_VALID(sd.o3_8h[7]));
    EXPECT_EQ_INT(U(35), sd.o3_8h[7].value);
    EXPECT_EQ_INT(5, sd.o3_8h[8].count);
    EXPECT(!AQ_STAT_IS_VALID(sd.o3_8h[8]));
    EXPECT_EQ_INT(1, sd.mda8.count); /* 1 < 14, 35 <= 160: invalid */
    EXPECT(!AQ_STAT_IS_VALID(sd.mda8));
}

/* ---- Station day: daily mean (N5.1.5) ---- */

void test_stats__daily_mean_19_vs_20_hours_N5_1_5(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd;
    int h;

    all_missing(hr);
    /* SO2 10 at hours 1..20, NO2 10 at hours 1..19 */
    for (h = 0; h < 20; h++)
        hr[AQ_SO2][h] = U(10);
    for (h = 0; h < 19; h++)
        hr[AQ_NO2][h] = U(10);
    CHECK_OK(july_1st(hr, &sd));
    EXPECT_EQ_INT(20, sd.mean[AQ_SO2].count);
    EXPECT(AQ_STAT_IS_VALID(sd.mean[AQ_SO2]));
    EXPECT_EQ_INT(19, sd.mean[AQ_NO2].count);
    EXPECT(!AQ_STAT_IS_VALID(sd.mean[AQ_NO2]));
    EXPECT_EQ_INT(U(10), sd.mean[AQ_NO2].value); /* computed, not used */
    EXPECT_EQ_INT(AQ_MISSING, sd.mean[AQ_PM10].value);
    EXPECT_EQ_INT(0, sd.mean[AQ_PM10].count);
}

void test_stats__negative_hour_rejected_N3_2(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd;

    all_missing(hr);
    hr[AQ_CO][3] = -1;
    EXPECT_EQ_INT(AQ_EINVALID, july_1st(hr, &sd));
}

static const char tv22_a[] =
    "30 32 35 38 40 41 43 45 47 44 42 40 38 37 36 38 40 42 44 46 45 43 41 39";
static const char tv22_b[] =
    "50 - 48 46 - 44 43 42 41 - 40 40 39 38 - 37 36 36 35 35 34 33 33 32";
static const char tv22_c[] =
    "60 59 - 58 57 - 55 54 53 - 52 51 - 50 49 48 47 - 46 45 44 43 42 41";

void test_stats__tv22_station_validity_and_unit_mean_N5_3(void)
{
    int64_t hr[3][AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd[3];
    aq_stats_options o = AQ_STATS_OPTIONS_INIT;
    aq_unit_day ud;
    int i;

    for (i = 0; i < 3; i++)
        all_missing(hr[i]);
    EXPECT_EQ_INT(24, hours(tv22_a, hr[0][AQ_PM25]));
    EXPECT_EQ_INT(20, hours(tv22_b, hr[1][AQ_PM25]));
    EXPECT_EQ_INT(19, hours(tv22_c, hr[2][AQ_PM25]));
    for (i = 0; i < 3; i++)
        CHECK_OK(
            aq_stats_station_day(D(2018, 7, 1), hr[i], NULL, NULL, &sd[i]));
    /* A: 966/24 = 40.25 -> 40, valid */
    EXPECT(exact_is(&sd[0].mean[AQ_PM25].exact, 40250000, 0, 1));
    EXPECT_EQ_INT(U(40), sd[0].mean[AQ_PM25].value);
    EXPECT(AQ_STAT_IS_VALID(sd[0].mean[AQ_PM25]));
    /* B: 782/20 = 39.1 -> 39, valid with exactly 20 hours */
    EXPECT(exact_is(&sd[1].mean[AQ_PM25].exact, 39100000, 0, 1));
    EXPECT_EQ_INT(U(39), sd[1].mean[AQ_PM25].value);
    EXPECT(AQ_STAT_IS_VALID(sd[1].mean[AQ_PM25]));
    /* C: 19 hours, 954/19 = 50.21 -> 50 but invalid */
    EXPECT_EQ_INT(U(50), sd[2].mean[AQ_PM25].value);
    EXPECT(!AQ_STAT_IS_VALID(sd[2].mean[AQ_PM25]));

    /* published: (40 + 39)/2 = 39.5 -> 40 (kept 9 odd, up) */
    CHECK_OK(aq_stats_unit_day(D(2018, 7, 1), sd, 3, &o, &ud));
    EXPECT_EQ_INT(2, ud.value[AQ_PM25].count);
    EXPECT(AQ_STAT_IS_VALID(ud.value[AQ_PM25]));
    EXPECT(exact_is(&ud.value[AQ_PM25].exact, 39500000, 0, 1));
    EXPECT_EQ_INT(U(40), ud.value[AQ_PM25].value);
    EXPECT_EQ_INT(3, ud.stations);
    /* final: (40.25 + 39.1)/2 = 39.675 -> 40 */
    o.rounding_chain = AQ_ROUNDING_FINAL;
    CHECK_OK(aq_stats_unit_day(D(2018, 7, 1), sd, 3, &o, &ud));
    EXPECT(exact_is(&ud.value[AQ_PM25].exact, 39675000, 0, 1));
    EXPECT_EQ_INT(U(40), ud.value[AQ_PM25].value);
    /* the other pollutants are missing and PM2.5 40 gives IAQI
     * 50 + 50*5/40 = 56.25 -> 57 <= 100:
     * AQI NA (N4.9.1), not a valid day for the good-days ratio */
    EXPECT_EQ_INT(-1, ud.aqi.aqi);
    EXPECT_EQ_INT(-1, ud.good);
}

void test_stats__tv24_rounding_chain_N1_5(void)
{
    int64_t hr[2][AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd[2];
    aq_stats_options o = AQ_STATS_OPTIONS_INIT;
    aq_unit_day ud;
    int h, i;

    /* 23*41 + 53 = 996, 996/24 = 41.5; 23*43 + 55 = 1044, 1044/24 = 43.5 */
    for (i = 0; i < 2; i++)
        all_missing(hr[i]);
    for (h = 0; h < 23; h++) {
        hr[0][AQ_PM25][h] = U(41);
        hr[1][AQ_PM25][h] = U(43);
    }
    hr[0][AQ_PM25][23] = U(53);
    hr[1][AQ_PM25][23] = U(55);
    for (i = 0; i < 2; i++)
        CHECK_OK(
            aq_stats_station_day(D(2018, 7, 1), hr[i], NULL, NULL, &sd[i]));
    EXPECT_EQ_INT(U(42), sd[0].mean[AQ_PM25].value); /* 41.5 -> 42 */
    EXPECT_EQ_INT(U(44), sd[1].mean[AQ_PM25].value); /* 43.5 -> 44 */
    /* published: (42 + 44)/2 = 43 */
    CHECK_OK(aq_stats_unit_day(D(2018, 7, 1), sd, 2, &o, &ud));
    EXPECT_EQ_INT(U(43), ud.value[AQ_PM25].value);
    /* final: (41.5 + 43.5)/2 = 42.5 -> 42 (kept 2 even) */
    o.rounding_chain = AQ_ROUNDING_FINAL;
    CHECK_OK(aq_stats_unit_day(D(2018, 7, 1), sd, 2, &o, &ud));
    EXPECT_EQ_INT(U(42), ud.value[AQ_PM25].value);
}

void test_stats__min_station_share_N5_3_3(void)
{
    int64_t hr[3][AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd[3];
    aq_stats_options o = AQ_STATS_OPTIONS_INIT;
    aq_unit_day ud;
    int h, i;

    for (i = 0; i < 3; i++)
        all_missing(hr[i]);
    for (h = 0; h < 24; h++)
        hr[0][AQ_NO2][h] = U(30);
    for (i = 0; i < 3; i++)
        CHECK_OK(
            aq_stats_station_day(D(2018, 7, 1), hr[i], NULL, NULL, &sd[i]));
    /* default 0: one valid station of three is enough */
    CHECK_OK(aq_stats_unit_day(D(2018, 7, 1), sd, 3, &o, &ud));
    EXPECT(AQ_STAT_IS_VALID(ud.value[AQ_NO2]));
    EXPECT_EQ_INT(U(30), ud.value[AQ_NO2].value);
    /* 50 %: ceil(1.5) = 2 stations needed, 1 valid: invalid */
    o.min_station_share = 50;
    CHECK_OK(aq_stats_unit_day(D(2018, 7, 1), sd, 3, &o, &ud));
    EXPECT(!AQ_STAT_IS_VALID(ud.value[AQ_NO2]));
    /* 33 %: ceil(0.99) = 1: valid */
    o.min_station_share = 33;
    CHECK_OK(aq_stats_unit_day(D(2018, 7, 1), sd, 3, &o, &ud));
    EXPECT(AQ_STAT_IS_VALID(ud.value[AQ_NO2]));
}

void test_stats__unit_o3_hourly_vs_station_mda8_N5_3_2(void)
{
    int64_t hr[2][AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_stats_options o = AQ_STATS_OPTIONS_INIT;
    aq_unit_day ud;
    int h;

    /* A: 200 at hours 1-8, 100 after; B: 100 at hours 1-16, 200 after.
     * Station MDA8: A window 08 = 200, B window 24 = 200; their mean 200.
     * Unit hourly series: 150 (1-8), 100 (9-16), 150 (17-24); its MDA8 is
     * window 08 or 24 = 150. */
    all_missing(hr[0]);
    all_missing(hr[1]);
    for (h = 0; h < 24; h++) {
        hr[0][AQ_O3][h] = U(h < 8 ? 200 : 100);
        hr[1][AQ_O3][h] = U(h < 16 ? 100 : 200);
    }
    CHECK_OK(aq_stats_unit_day_hourly(D(2018, 7, 1), hr, 2, &o, &ud));
    EXPECT_EQ_INT(U(200), ud.value[AQ_O3].value);
    EXPECT_EQ_INT(2, ud.value[AQ_O3].count);
    EXPECT_EQ_INT(U(200), ud.o3_max1h.value); /* (200 + 200)/2 */
    o.unit_o3 = AQ_UNIT_O3_UNIT_HOURLY;
    CHECK_OK(aq_stats_unit_day_hourly(D(2018, 7, 1), hr, 2, &o, &ud));
    EXPECT_EQ_INT(U(150), ud.value[AQ_O3].value);
    EXPECT(AQ_STAT_IS_VALID(ud.value[AQ_O3]));
    EXPECT_EQ_INT(U(150), ud.o3_max1h.value); /* max of the unit series */
    /* station days cannot give the unit's hourly series */
    EXPECT_EQ_INT(AQ_EINVALID,
                  aq_stats_unit_day(D(2018, 7, 1), NULL, 0, &o, &ud));
}

void test_stats__moving_means_N4_8_3(void)
{
    int64_t v[30];
    aq_stat out[30];
    int i;

    /* hour i has value i+1 (1..30); hours 10 and 11 (index) missing */
    for (i = 0; i < 30; i++)
        v[i] = U(i + 1);
    v[10] = v[11] = AQ_MISSING;
    CHECK_OK(aq_stats_moving_mean(AQ_PM25, v, 30, 8, out));
    /* index 4: 5 hours before it exist (values 1..5): 5 < 6, invalid */
    EXPECT_EQ_INT(5, out[4].count);
    EXPECT(!AQ_STAT_IS_VALID(out[4]));
    /* index 5: 1..6, 6 hours: mean 21/6 = 3.5 -> 4 (kept 3 odd), valid */
    EXPECT_EQ_INT(6, out[5].count);
    EXPECT(AQ_STAT_IS_VALID(out[5]));
    EXPECT_EQ_INT(U(4), out[5].value);
    /* index 12: hours 5..12 minus 10, 11: values 6,7,8,9,10,13 = 53/6 =
     * 8.833 -> 9, valid with 6 */
    EXPECT_EQ_INT(6, out[12].count);
    EXPECT_EQ_INT(U(9), out[12].value);
    CHECK_OK(aq_stats_moving_mean(AQ_PM25, v, 30, 24, out));
    /* index 20: 21 hours minus 2 missing = 19: invalid; index 21: 20 */
    EXPECT_EQ_INT(19, out[20].count);
    EXPECT(!AQ_STAT_IS_VALID(out[20]));
    EXPECT_EQ_INT(20, out[21].count);
    EXPECT(AQ_STAT_IS_VALID(out[21]));
    /* index 29: values 7..30 minus 11, 12: (sum 7..30 = 444) - 23 = 421,
     * /22 = 19.136 -> 19 */
    EXPECT_EQ_INT(22, out[29].count);
    EXPECT_EQ_INT(U(19), out[29].value);
    EXPECT_EQ_INT(AQ_EINVALID, aq_stats_moving_mean(AQ_PM25, v, 30, 12, out));
}

/* ---- Periods (N5.1.6, N5.2, N5.4) ---- */

static aq_unit_day g_days[400];

static void day_value(aq_unit_day *u, int p, int64_t v)
{
    u->value[p].value = v;
    u->value[p].exact = aq_frac__int(v);
    u->value[p].count = 1;
    u->value[p].flags = AQ_STAT_VALID;
}

/* A unit day with every pollutant at v (micro-units) and no AQI. */
static void make_day(aq_unit_day *u, int32_t day, int64_t v)
{
    int p;

    memset(u, 0, sizeof *u);
    u->day = day;
    u->ruleset = AQ_R2012;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        day_value(u, p, v);
    u->aqi.aqi = -1;
    u->good = -1;
}

/* Fill g_days with the first count[m-1] days of each month m of `year`
 * valid (value 10), for months m0..m1; returns the number of days. */
static size_t fill_months(int year, int m0, int m1, const int *count)
{
    size_t n = 0;
    int m, d;

    for (m = m0; m <= m1; m++)
        for (d = 1; d <= count[m - m0]; d++)
            make_day(&g_days[n++], D(year, m, d), U(10));
    return n;
}

static aq_period period_of(aq_period_kind k, int year, int index)
{
    aq_period p;

    p.kind = k;
    p.year = year;
    p.index = index;
    return p;
}

/* The statistics of the first n days of g_days over a period (N5.2). */
static aq_status stats_of(aq_period_kind k, int year, int index, size_t n,
                          aq_period_stats *ps)
{
    return aq_stats_period(period_of(k, year, index), g_days, n, NULL, ps,
                           NULL);
}

static int period_valid(aq_period p, size_t n)
{
    aq_period_stats ps;

    if (aq_stats_period(p, g_days, n, NULL, &ps, NULL) != AQ_OK)
        return -1;
    return AQ_STAT_IS_VALID(ps.stat[AQ_PM25]) && ps.sufficient;
}

void test_stats__tv23_month_validity_N5_2(void)
{
    /* a month with `days` days of PM2.5 is valid or not */
    static const struct {
        int year, month, days, valid;
    } cases[] = {
        /* 2018-01: 27 yes, 26 no */
        {2018, 1, 27, 1},
        {2018, 1, 26, 0},
        /* 2018-04 (30 days): 27 yes */
        {2018, 4, 27, 1},
        /* 2018-02: 25 yes, 24 no */
        {2018, 2, 25, 1},
        {2018, 2, 24, 0},
        /* 2020-02 (29 days, leap): 25 yes, 24 no */
        {2020, 2, 25, 1},
        {2020, 2, 24, 0},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int c = cases[i].days;
        int got = period_valid(
            period_of(AQ_PERIOD_MONTH, cases[i].year, cases[i].month),
            fill_months(cases[i].year, cases[i].month, cases[i].month, &c));
        if (got != cases[i].valid)
            aqt_fail(__FILE__, __LINE__,
                     "%d-%02d with %d days: want %d, got %d", cases[i].year,
                     cases[i].month, c, cases[i].valid, got);
    }
    EXPECT_EQ_INT(25, aq_stats_month_min_days(2));
    EXPECT_EQ_INT(27, aq_stats_month_min_days(3));
}

void test_stats__tv23_quarter_one_invalid_month_N5_2(void)
{
    static const int q_bad[3] = {28, 25, 26}, q_ok[3] = {28, 25, 27};
    aq_period_stats ps;
    size_t n;

    /* 2018-Q1: Jan 28, Feb 25, Mar 26: March invalid, so the quarter */
    n = fill_months(2018, 1, 3, q_bad);
    CHECK_OK(stats_of(AQ_PERIOD_QUARTER, 2018, 1, n, &ps));
    EXPECT_EQ_INT(79, ps.stat[AQ_SO2].count);
    EXPECT(!AQ_STAT_IS_VALID(ps.stat[AQ_SO2]));
    EXPECT_EQ_INT(1u << 2, ps.month_invalid[AQ_SO2]);
    EXPECT_EQ_INT(0, ps.sufficient);
    EXPECT_EQ_INT(U(10), ps.stat[AQ_SO2].value); /* still computed */
    /* March 27: valid */
    n = fill_months(2018, 1, 3, q_ok);
    CHECK_OK(stats_of(AQ_PERIOD_QUARTER, 2018, 1, n, &ps));
    EXPECT(AQ_STAT_IS_VALID(ps.stat[AQ_SO2]));
    EXPECT_EQ_INT(0, ps.month_invalid[AQ_SO2]);
    EXPECT_EQ_INT(1, ps.sufficient);
}

void test_stats__tv23_year_323_vs_324_N5_2(void)
{
    /* every month at its minimum: 11*27 + 25 = 322 (TV-23 "322: no") */
    int c[12] = {27, 25, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27};
    aq_period y = period_of(AQ_PERIOD_YEAR, 2018, 0);

    EXPECT_EQ_INT(0, period_valid(y, fill_months(2018, 1, 12, c)));
    c[0] = 28; /* 323 */
    EXPECT_EQ_INT(0, period_valid(y, fill_months(2018, 1, 12, c)));
    c[2] = 28; /* 324 */
    EXPECT_EQ_INT(1, period_valid(y, fill_months(2018, 1, 12, c)));
    /* TV-23: 330 in total, every month valid: yes */
    c[3] = c[4] = c[5] = c[6] = c[7] = c[8] = 28;
    EXPECT_EQ_INT(1, period_valid(y, fill_months(2018, 1, 12, c)));
    /* 330 in total but January at 26: no */
    c[0] = 26;
    c[9] = 30;
    EXPECT_EQ_INT(0, period_valid(y, fill_months(2018, 1, 12, c)));
}

void test_stats__quarter_mean_not_mean_of_months_N5_1_6(void)
{
    aq_period_stats ps;
    size_t n = 0;
    int m, d;

    /* PM2.5: January 31 days of 100, February 28 and March 31 days of 10.
     * Quarter: (3100 + 280 + 310)/90 = 3690/90 = 41. The mean of the
     * monthly means (100 + 10 + 10)/3 = 40 would be wrong. */
    for (m = 1; m <= 3; m++)
        for (d = 1; d <= aq_month_days(2018, m); d++)
            make_day(&g_days[n++], D(2018, m, d), U(m == 1 ? 100 : 10));
    CHECK_OK(stats_of(AQ_PERIOD_QUARTER, 2018, 1, n, &ps));
    EXPECT_EQ_INT(90, ps.stat[AQ_PM25].count);
    EXPECT(exact_is(&ps.stat[AQ_PM25].exact, 41000000, 0, 1));
    EXPECT_EQ_INT(U(41), ps.stat[AQ_PM25].value);
    CHECK_OK(stats_of(AQ_PERIOD_MONTH, 2018, 1, n, &ps));
    EXPECT_EQ_INT(U(100), ps.stat[AQ_PM25].value);
    EXPECT_EQ_INT(31, ps.stat[AQ_PM25].count); /* other months ignored */
}

void test_stats__period_day_given_twice_rejected(void)
{
    aq_period_stats ps;
    aq_error err = AQ_ERROR_INIT;

    make_day(&g_days[0], D(2018, 3, 5), U(10));
    make_day(&g_days[1], D(2018, 3, 5), U(20));
    EXPECT_EQ_INT(AQ_EINVALID,
                  aq_stats_period(period_of(AQ_PERIOD_MONTH, 2018, 3), g_days,
                                  2, NULL, &ps, &err));
    EXPECT(strstr(err.message, "2018-03-05") != NULL);
}

/* One month of a pollutant's daily values (day 1, 2, ...), the other
 * pollutants missing. */
static size_t month_series(int year, int month, int p, const char *vals)
{
    int64_t v[31];
    int k, n = parse_list(vals, v, aq_month_days(year, month));

    for (k = 0; k < n; k++) {
        make_day(&g_days[k], D(year, month, k + 1), 0);
        memset(g_days[k].value, 0, sizeof g_days[k].value);
        day_value(&g_days[k], p, v[k]);
        g_days[k].value[p].flags = v[k] == AQ_MISSING ? 0 : AQ_STAT_VALID;
    }
    return (size_t)n;
}

static const char tv16[] =
    "88 95 102 110 121 135 140 152 160 171 168 150 143 139 126 118 110 99 97 "
    "130 145 158 166 175 182 169 150 141 120 111 105";

void test_stats__tv16_o3_p90_integer_k_N5_4(void)
{
    aq_period_stats ps;
    size_t n = month_series(2018, 7, AQ_O3, tv16);

    CHECK(n == 31);
    CHECK_OK(stats_of(AQ_PERIOD_MONTH, 2018, 7, n, &ps));
    /* k = 1 + 30*0.9 = 28, X(28) = 169 */
    EXPECT_EQ_INT(31, ps.stat[AQ_O3].count);
    EXPECT(exact_is(&ps.stat[AQ_O3].exact, 169000000, 0, 1));
    EXPECT_EQ_INT(U(169), ps.stat[AQ_O3].value);
    EXPECT(AQ_STAT_IS_VALID(ps.stat[AQ_O3]));
}

void test_stats__tv17_co_p95_interpolated_N5_4(void)
{
    static const char co[] = "0.6 0.7 0.8 0.9 0.7 1.1 1.4 1.2 0.9 0.8 0.7 0.6 "
                             "0.9 1.0 1.3 1.6 1.8 1.5 1.1 0.9 0.8 0.7 0.9 1.0 "
                             "1.2 2.1 1.7 1.0 0.8 0.7";
    aq_period_stats ps;
    size_t n = month_series(2018, 4, AQ_CO, co);

    CHECK(n == 30);
    CHECK_OK(stats_of(AQ_PERIOD_MONTH, 2018, 4, n, &ps));
    /* k = 1 + 29*0.95 = 28.55: 1.7 + 0.55*(1.8 - 1.7) = 1.755 -> 1.8 */
    EXPECT(exact_is(&ps.stat[AQ_CO].exact, 1755000, 0, 1));
    EXPECT_EQ_INT(1800000, ps.stat[AQ_CO].value);
}

void test_stats__tv18_o3_p90_february_N5_4(void)
{
    aq_period_stats ps;
    size_t n = month_series(2018, 2, AQ_O3, tv16);

    CHECK(n == 28); /* the first 28 values of TV-16 */
    CHECK_OK(stats_of(AQ_PERIOD_MONTH, 2018, 2, n, &ps));
    /* k = 1 + 27*0.9 = 25.3: 169 + 0.3*(171 - 169) = 169.6 -> 170 */
    EXPECT(exact_is(&ps.stat[AQ_O3].exact, 169600000, 0, 1));
    EXPECT_EQ_INT(U(170), ps.stat[AQ_O3].value);
}

void test_stats__percentile_one_value_and_none_N5_4(void)
{
    aq_period_stats ps;
    size_t n = month_series(2018, 2, AQ_O3, "77");

    CHECK(n == 1);
    CHECK_OK(stats_of(AQ_PERIOD_MONTH, 2018, 2, n, &ps));
    EXPECT_EQ_INT(U(77), ps.stat[AQ_O3].value);      /* n = 1 gives X(1) */
    EXPECT(!AQ_STAT_IS_VALID(ps.stat[AQ_O3]));       /* 1 < 25 days */
    EXPECT_EQ_INT(AQ_MISSING, ps.stat[AQ_CO].value); /* n = 0: none */
    EXPECT_EQ_INT(0, ps.stat[AQ_CO].count);
}

void test_stats__period_ruleset_of_last_day_N0_1(void)
{
    aq_period_stats ps;

    /* 2026-Q1 ends on 2026-03-31, under R2026; 2026-02 under R2012 */
    CHECK_OK(stats_of(AQ_PERIOD_QUARTER, 2026, 1, 0, &ps));
    EXPECT_EQ_INT(AQ_R2026, ps.ruleset);
    CHECK_OK(stats_of(AQ_PERIOD_MONTH, 2026, 2, 0, &ps));
    EXPECT_EQ_INT(AQ_R2012, ps.ruleset);
    EXPECT_EQ_INT(28, ps.days);
    EXPECT_EQ_INT(0, ps.sufficient);
}

/* ---- Exact arithmetic (N1.4.3) ---- */

void test_stats__frac_rounding_matches_gbt8170_N1_4(void)
{
    aq_exact a = {42500000, 0, 1}, b = {43500000, 0, 1};
    /* den 300000000001 is odd and the numerators are coprime to it, so
     * whole*den exceeds 64 bits and the 128-bit path decides */
    aq_exact below = {42499999, 300000000000, 300000000001};
    aq_exact above = {42500000, 1, 300000000001};
    aq_exact c;

    EXPECT_EQ_INT(42, aq_frac__round_scaled(&a, 0)); /* 42.5 -> 42 */
    EXPECT_EQ_INT(44, aq_frac__round_scaled(&b, 0)); /* 43.5 -> 44 */
    EXPECT_EQ_INT(42, aq_frac__round_scaled(&below, 0));
    EXPECT_EQ_INT(43, aq_frac__round_scaled(&above, 0));
    /* 1/3 + 1/6 = 1/2 reduced */
    CHECK_OK(aq_frac__ratio(1, 3, &c));
    {
        aq_exact s;

        CHECK_OK(aq_frac__ratio(1, 6, &s));
        CHECK_OK(aq_frac__add(&c, &s));
    }
    EXPECT(exact_is(&c, 0, 1, 2));
    EXPECT_EQ_INT(0, aq_frac__round_scaled(&c, 6)); /* 0.5 micro -> 0 */
}

/* ---- Station day: the integer path at its tricky points (hand values) ---- */

/* O3 100 at every label, then the listed changes (label, value). */
static void o3_day(int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS])
{
    int h;

    all_missing(hr);
    for (h = 0; h < AQ_STATS_HOURS; h++)
        hr[AQ_O3][h] = U(100);
}

void test_stats__window_mean_half_even_N5_1_3_N1_4(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd;

    /* label 24 = 104: window 24 (labels 17..24) = (7*100 + 104)/8 = 100.5
     * exactly, kept 0 even -> 100; it is still the MDA8, because 100.5 >
     * 100 exactly (the 16 other windows are 100) */
    o3_day(hr);
    hr[AQ_O3][23] = U(104);
    CHECK_OK(july_1st(hr, &sd));
    EXPECT(exact_is(&sd.o3_8h[23].exact, 100500000, 0, 1));
    EXPECT_EQ_INT(U(100), sd.o3_8h[23].value);
    EXPECT_EQ_INT(U(100), sd.o3_8h[22].value);
    EXPECT(exact_is(&sd.o3_8h[22].exact, 100000000, 0, 1));
    EXPECT_EQ_INT(24, sd.mda8_label);
    EXPECT_EQ_INT(U(100), sd.mda8.value);
    EXPECT(exact_is(&sd.mda8.exact, 100500000, 0, 1));
    EXPECT_EQ_INT(17, sd.mda8.count);
    /* label 24 = 112: (700 + 112)/8 = 101.5 -> 102 (1 is odd: up) */
    hr[AQ_O3][23] = U(112);
    CHECK_OK(july_1st(hr, &sd));
    EXPECT(exact_is(&sd.mda8.exact, 101500000, 0, 1));
    EXPECT_EQ_INT(U(102), sd.mda8.value);
}

void test_stats__window_mean_exact_fraction_N5_1_2_N1_4(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd;

    /* labels 17 and 18 missing, label 24 = 101: window 24 holds labels
     * 19..24, (5*100 + 101)/6 = 601/6 units = 100166666 + 4/6 micro-units,
     * reduced 2/3; rounds to 100 like windows 18..23 (exactly 100), and it
     * is the MDA8 by its exact value. Window 17 (10..17) has 7 hours. */
    o3_day(hr);
    hr[AQ_O3][16] = AQ_MISSING;
    hr[AQ_O3][17] = AQ_MISSING;
    hr[AQ_O3][23] = U(101);
    CHECK_OK(july_1st(hr, &sd));
    EXPECT_EQ_INT(6, sd.o3_8h[23].count);
    EXPECT(exact_is(&sd.o3_8h[23].exact, 100166666, 2, 3));
    EXPECT_EQ_INT(U(100), sd.o3_8h[23].value);
    EXPECT_EQ_INT(7, sd.o3_8h[16].count);
    EXPECT_EQ_INT(6, sd.o3_8h[17].count);
    EXPECT_EQ_INT(24, sd.mda8_label);
    EXPECT(exact_is(&sd.mda8.exact, 100166666, 2, 3));
    EXPECT_EQ_INT(U(100), sd.mda8.value);
    EXPECT_EQ_INT(17, sd.mda8.count);
    /* the 1-hour maximum is the largest hour, 101 (22 hours) */
    EXPECT_EQ_INT(U(101), sd.o3_max1h.value);
    EXPECT_EQ_INT(22, sd.o3_max1h.count);
    /* labels outside the 17 windows (1..7) are not computed */
    EXPECT_EQ_INT(0, sd.o3_8h[6].count);
    EXPECT_EQ_INT(AQ_MISSING, sd.o3_8h[6].value);
}

void test_stats__mda8_tie_first_window_wins_N5_1_3(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd;

    /* a flat day: all 17 windows are exactly 100, the first (label 8) is
     * the MDA8 */
    o3_day(hr);
    CHECK_OK(july_1st(hr, &sd));
    EXPECT_EQ_INT(8, sd.mda8_label);
    EXPECT_EQ_INT(U(100), sd.mda8.value);
    /* labels 10 and 20 = 108: windows 10..17 hold label 10, (700+108)/8 =
     * 101; windows 20..24 hold label 20, also 101: the first equal maximum,
     * window 10, wins; window 18 and 19 hold neither (100) */
    hr[AQ_O3][9] = U(108);
    hr[AQ_O3][19] = U(108);
    CHECK_OK(july_1st(hr, &sd));
    EXPECT_EQ_INT(U(100), sd.o3_8h[17].value);
    EXPECT_EQ_INT(U(101), sd.o3_8h[23].value);
    EXPECT_EQ_INT(10, sd.mda8_label);
    EXPECT_EQ_INT(U(101), sd.mda8.value);
    /* window 24 made larger only in exact terms: label 24 = 108.000001
     * (window 24 = (6*100 + 108 + 108.000001)/8 = 102.000000125): it wins
     * although labels 20..23 tie at 101 */
    hr[AQ_O3][23] = U(108) + 1;
    CHECK_OK(july_1st(hr, &sd));
    EXPECT_EQ_INT(24, sd.mda8_label);
    EXPECT(exact_is(&sd.mda8.exact, 102000000, 1, 8));
    EXPECT_EQ_INT(U(102), sd.mda8.value);
}

void test_stats__daily_mean_exact_and_half_even_N5_1_5_N1_4(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd;
    int h;

    all_missing(hr);
    /* SO2: 20 hours of 10 and one of 15 = 215/21 units = 10238095 + 5/21
     * micro-units (21 * 10238095 = 214999995) -> 10 */
    for (h = 0; h < 20; h++)
        hr[AQ_SO2][h] = U(10);
    hr[AQ_SO2][20] = U(15);
    /* CO (1 decimal): 19 hours of 1.0 and one of 2.0 = 21.0/20 = 1.05
     * exactly -> 1.0 (0 is even); 20 hours: valid */
    for (h = 0; h < 19; h++)
        hr[AQ_CO][h] = 1000000;
    hr[AQ_CO][19] = 2000000;
    /* PM2.5: 23 hours of 1.1 and one of 2.3 = 27.6/24 = 1.15 -> integer 1
     * (0 decimals); NO2: 19 hours of 2.5 = 2.5 exactly -> 2 (even),
     * computed but invalid (19 < 20) */
    for (h = 0; h < 23; h++)
        hr[AQ_PM25][h] = 1100000;
    hr[AQ_PM25][23] = 2300000;
    for (h = 0; h < 19; h++)
        hr[AQ_NO2][h] = 2500000;
    CHECK_OK(july_1st(hr, &sd));
    EXPECT_EQ_INT(21, sd.mean[AQ_SO2].count);
    EXPECT(exact_is(&sd.mean[AQ_SO2].exact, 10238095, 5, 21));
    EXPECT_EQ_INT(U(10), sd.mean[AQ_SO2].value);
    EXPECT(AQ_STAT_IS_VALID(sd.mean[AQ_SO2]));
    EXPECT(exact_is(&sd.mean[AQ_CO].exact, 1050000, 0, 1));
    EXPECT_EQ_INT(1000000, sd.mean[AQ_CO].value);
    EXPECT(AQ_STAT_IS_VALID(sd.mean[AQ_CO]));
    EXPECT(exact_is(&sd.mean[AQ_PM25].exact, 1150000, 0, 1));
    EXPECT_EQ_INT(U(1), sd.mean[AQ_PM25].value);
    EXPECT(exact_is(&sd.mean[AQ_NO2].exact, 2500000, 0, 1));
    EXPECT_EQ_INT(U(2), sd.mean[AQ_NO2].value);
    EXPECT(!AQ_STAT_IS_VALID(sd.mean[AQ_NO2]));
    /* CO 1.15 -> 1.2 (1 is odd: up): 23 hours of 1.1 and one of 2.3 */
    for (h = 0; h < 23; h++)
        hr[AQ_CO][h] = 1100000;
    hr[AQ_CO][23] = 2300000;
    CHECK_OK(july_1st(hr, &sd));
    EXPECT_EQ_INT(1200000, sd.mean[AQ_CO].value);
    EXPECT_EQ_INT(24, sd.mean[AQ_CO].count);
}

static int exact_station_day(const int64_t hr[AQ_POLLUTANT_COUNT][24],
                             const int64_t *prev, int windows, int64_t limit,
                             aq_station_day *out);

/* N3.2: a value beyond the integer path's bound (1.4e11 units, far above
 * any plausibility limit) is out of range for the station day; exact
 * arithmetic would give (3e17 + 19 * 1e6)/20 micro-units =
 * 15000000000950000 = 15000000000.95 units -> 15000000001, which the
 * tests' own exact station day shows */
void test_stats__hours_beyond_the_range_refused_N3_2(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sd;
    int h;

    all_missing(hr);
    for (h = 0; h < 19; h++)
        hr[AQ_SO2][h] = U(1);
    hr[AQ_SO2][19] = INT64_C(300000000000000000);
    EXPECT_EQ_INT(AQ_EINVALID, july_1st(hr, &sd));
    CHECK(exact_station_day(hr, NULL, 17, U(160), &sd) == 0);
    EXPECT(exact_is(&sd.mean[AQ_SO2].exact, INT64_C(15000000000950000), 0, 1));
    EXPECT_EQ_INT(INT64_C(15000000001000000), sd.mean[AQ_SO2].value);
    EXPECT(AQ_STAT_IS_VALID(sd.mean[AQ_SO2]));
    /* the largest value the integer path takes is still exact */
    hr[AQ_SO2][19] = INT64_MAX / 64;
    CHECK_OK(july_1st(hr, &sd));
    EXPECT(AQ_STAT_IS_VALID(sd.mean[AQ_SO2]));
}

static int stat_same(const aq_stat *a, const aq_stat *b)
{
    return a->value == b->value && a->count == b->count &&
           a->flags == b->flags && a->exact.whole == b->exact.whole &&
           a->exact.num == b->exact.num && a->exact.den == b->exact.den;
}

/* The station day without its 24 window statistics (the streaming
 * reducer's) gives every value the full one gives: 2,000 pseudo-random
 * days with gaps, ties and values around the 160 exceedance escape. */
void test_stats__lean_station_day_same_as_full_N5_1_3_N5_1_5(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day full, lean;
    aq_stats__day day;
    uint32_t x = 12345u;
    int n, p, h, k;

    for (n = 0; n < 2000; n++) {
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
            for (h = 0; h < AQ_STATS_HOURS; h++) {
                x = x * 1103515245u + 12345u;
                /* about 1 hour in 8 missing (more on some days) */
                if ((x >> 28) < 2 + (unsigned)(n % 5))
                    hr[p][h] = AQ_MISSING;
                else if (n % 3 == 0) /* few distinct values: ties */
                    hr[p][h] = U(150 + (x >> 8) % 4 * 5);
                else
                    hr[p][h] = (int64_t)((x >> 4) % 250000000u);
            }
        CHECK_OK(july_1st(hr, &full));
        CHECK_OK(aq_stats__day_init(&day, D(2018, 7, 1), NULL));
        for (k = 0; k < 2; k++) {
            /* lean, then lean without the value checks (a reader's) */
            CHECK_OK(aq_stats__station_day(&day, hr, NULL,
                                           k ? AQ_STATS__CHECKED : 0, &lean));
            for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
                EXPECT(stat_same(&full.mean[p], &lean.mean[p]));
            EXPECT(stat_same(&full.mda8, &lean.mda8));
            EXPECT(stat_same(&full.o3_max1h, &lean.o3_max1h));
            EXPECT_EQ_INT(full.mda8_label, lean.mda8_label);
        }
    }
}

/* The station day in aq_exact arithmetic, the tests' independent check of
 * the library's integer path (N5.1.2-N5.1.5): each daily mean is the sum
 * of the valid hours as an exact fraction divided by their count, rounded
 * once (N1.4.2), valid with 20 hours; the O3 1-hour maximum; the 8-hour
 * windows and the MDA8 over the 48 hours of the previous day and the day
 * (aq_stats__o3_windows, the exact windows the unit day of hourly O3 also
 * uses). */
static void exact_stat_clear(aq_stat *s)
{
    s->value = AQ_MISSING;
    s->exact = aq_frac__int(0);
    s->count = 0;
    s->flags = 0;
}

static int exact_station_day(const int64_t hr[AQ_POLLUTANT_COUNT][24],
                             const int64_t *prev, int windows, int64_t limit,
                             aq_station_day *out)
{
    aq_exact span[48];
    unsigned char have[48];
    int p, h;

    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        aq_stat *s = &out->mean[p];
        exact_stat_clear(s);
        for (h = 0; h < 24; h++) {
            aq_exact v;
            if (hr[p][h] == AQ_MISSING)
                continue;
            v = aq_frac__int(hr[p][h]);
            if (aq_frac__add(&s->exact, &v))
                return -1;
            s->count++;
        }
        if (s->count) {
            if (aq_frac__div_int(&s->exact, s->count))
                return -1;
            s->value = aq_frac__round_micro(
                &s->exact, aq_pollutant_digits((aq_pollutant)p));
        }
        if (s->count >= AQ_STATS_MIN_DAY_HOURS)
            s->flags |= AQ_STAT_VALID;
    }
    exact_stat_clear(&out->o3_max1h);
    for (h = 0; h < 24; h++) {
        if (hr[AQ_O3][h] == AQ_MISSING)
            continue;
        if (!out->o3_max1h.count || hr[AQ_O3][h] > out->o3_max1h.value)
            out->o3_max1h.value = hr[AQ_O3][h];
        out->o3_max1h.count++;
    }
    if (out->o3_max1h.count) {
        out->o3_max1h.exact = aq_frac__int(out->o3_max1h.value);
        out->o3_max1h.value = aq_frac__round_micro(&out->o3_max1h.exact, 0);
        out->o3_max1h.flags |= AQ_STAT_VALID;
    }
    for (h = 0; h < 48; h++) {
        int64_t v = h < 24 ? (prev ? prev[h] : AQ_MISSING) : hr[AQ_O3][h - 24];
        have[h] = v != AQ_MISSING;
        span[h] = aq_frac__int(have[h] ? v : 0);
    }
    return aq_stats__o3_windows(span, have, windows, limit, out->o3_8h,
                                &out->mda8, &out->mda8_label);
}

/* The integer path of the station day (sign-bit masks, prefix sums from
 * the first window read, cross-multiplied comparisons) against the aq_exact
 * arithmetic of exact_station_day(), every field: 3,000 pseudo-random days, with and without
 * the previous day's O3, 17 and 24 windows (N5.1.3, U6), days with no O3
 * or only a few hours, ties and values around the exceedance escape. */
void test_stats__integer_station_day_same_as_exact_N5_1_2_to_N5_1_5(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS], prev[AQ_STATS_HOURS];
    aq_stats_options opts = AQ_STATS_OPTIONS_INIT;
    aq_station_day fast, exact;
    aq_stats__day day;
    uint32_t x = 777u;
    int n, p, h, w;

    for (n = 0; n < 3000; n++) {
        int gaps = n % 7 == 0 ? 13 : n % 11 == 0 ? 16 : 2 + n % 4;
        for (h = 0; h < AQ_STATS_HOURS; h++)
            prev[h] = hr[AQ_O3][h];
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
            for (h = 0; h < AQ_STATS_HOURS; h++) {
                x = x * 1103515245u + 12345u;
                if ((x >> 28) < (unsigned)gaps || (p == AQ_O3 && n % 13 == 0))
                    hr[p][h] = AQ_MISSING;
                else if (n % 3 == 0) /* few distinct values: ties */
                    hr[p][h] = U(155 + (x >> 8) % 4 * 5);
                else
                    hr[p][h] = (int64_t)((x >> 4) % 250000000u);
            }
        if (n == 0)
            continue; /* prev is not set yet */
        for (w = 0; w < 2; w++) {
            const int64_t *po3 = n % 2 ? prev : NULL;
            opts.mda8_windows = w ? 24 : 17;
            CHECK_OK(aq_stats__day_init(&day, D(2018, 7, 1), &opts));
            CHECK_OK(aq_stats__station_day(&day, hr, po3, AQ_STATS__WINDOWS,
                                           &fast));
            CHECK(exact_station_day(hr, po3, opts.mda8_windows,
                                    day.o3_limit, &exact) == 0);
            for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
                EXPECT(stat_same(&exact.mean[p], &fast.mean[p]));
            for (h = 0; h < AQ_STATS_HOURS; h++)
                EXPECT(stat_same(&exact.o3_8h[h], &fast.o3_8h[h]));
            EXPECT(stat_same(&exact.mda8, &fast.mda8));
            EXPECT(stat_same(&exact.o3_max1h, &fast.o3_max1h));
            EXPECT_EQ_INT(exact.mda8_label, fast.mda8_label);
        }
    }
}

static int value_same(const aq_stat *a, const aq_stat *b)
{
    return a->value == b->value && a->count == b->count &&
           a->flags == b->flags;
}

/* N1.5: the published chain reads only rounded values, so the streaming
 * reducer's station and unit days without exact means (VALUES_ONLY) and
 * without the daily AQI (NO_AQI) have every value, count and flag of the
 * full ones: 300 pseudo-random days of 4 stations. */
void test_stats__values_only_days_keep_every_value_N1_5(void)
{
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day full[4], lean[4];
    aq_unit_day ufull, ulean;
    aq_stats__day day;
    uint32_t x = 4242u;
    int n, k, p, h;

    for (n = 0; n < 300; n++) {
        CHECK_OK(aq_stats__day_init(&day, D(2018, 7, 1) + n, NULL));
        for (k = 0; k < 4; k++) {
            for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
                for (h = 0; h < AQ_STATS_HOURS; h++) {
                    x = x * 1103515245u + 12345u;
                    hr[p][h] = (x >> 28) < 3 ? AQ_MISSING
                                             : (int64_t)((x >> 4) % 300000000u);
                }
            CHECK_OK(aq_stats_station_day(D(2018, 7, 1) + n, hr, NULL, NULL,
                                          &full[k]));
            CHECK_OK(aq_stats__station_day(&day, hr, NULL,
                                           AQ_STATS__VALUES_ONLY, &lean[k]));
            for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
                EXPECT(value_same(&full[k].mean[p], &lean[k].mean[p]));
            EXPECT(value_same(&full[k].mda8, &lean[k].mda8));
            EXPECT(value_same(&full[k].o3_max1h, &lean[k].o3_max1h));
        }
        CHECK_OK(aq_stats_unit_day(D(2018, 7, 1) + n, full, 4, NULL, &ufull));
        CHECK_OK(aq_stats__unit_day(&day, lean, 4,
                                    AQ_STATS__VALUES_ONLY | AQ_STATS__NO_AQI,
                                    &ulean));
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
            EXPECT(value_same(&ufull.value[p], &ulean.value[p]));
        EXPECT(value_same(&ufull.o3_max1h, &ulean.o3_max1h));
        EXPECT_EQ_INT(-1, ulean.aqi.aqi);
        EXPECT_EQ_INT(-1, ulean.good);
    }
}
