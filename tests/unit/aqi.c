/* SPDX-License-Identifier: MIT */
/* IAQI and AQI (N4), vectors TV-01 to TV-15 of test-vectors.md. */
#include "aq/aqi.h"
#include "aq/decimal.h"
#include "harness.h"

struct iaqi_vector {
    const char *pollutant, *averaging, *conc;
    int want; /* -1 = no IAQI */
};

static int64_t dec(const char *s)
{
    int64_t v = AQ_MISSING;

    if (s && aq_decimal_parse(s, strlen(s), &v) != AQ_OK)
        v = AQ_MISSING;
    return v;
}

static aq_iaqi iaqi_of(aq_ruleset_id id, const char *p, const char *a,
                       const char *c)
{
    aq_pollutant pol = AQ_SO2;
    aq_averaging avg = AQ_AVG_1H;
    aq_iaqi out = {-2, 0};

    if (aq_pollutant_parse(p, &pol) || aq_averaging_parse(a, &avg))
        return out;
    if (aq_iaqi_compute(aq_ruleset_get(id), pol, avg, dec(c), &out))
        out.value = -3;
    return out;
}

static void expect_vectors(aq_ruleset_id id, const struct iaqi_vector *v,
                           size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        aq_iaqi got = iaqi_of(id, v[i].pollutant, v[i].averaging, v[i].conc);
        if (got.value != v[i].want)
            aqt_fail(__FILE__, __LINE__, "%s %s %s: want %d, got %d",
                     v[i].pollutant, v[i].averaging, v[i].conc, v[i].want,
                     got.value);
    }
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

void test_aqi__tv01_at_breakpoints_N4_3(void)
{
    static const struct iaqi_vector v[] = {
        {"pm25", "24h", "0", 0},     {"pm25", "24h", "35", 50},
        {"pm25", "24h", "75", 100},  {"pm10", "24h", "150", 100},
        {"so2", "24h", "475", 150},  {"no2", "24h", "40", 50},
        {"co", "1h", "10.0", 100},   {"o3", "8h", "160", 100},
        {"so2", "1h", "800", 200},   {"o3", "8h", "800", 300},
        {"pm10", "24h", "600", 500}, {"pm25", "24h", "500", 500},
    };
    expect_vectors(AQ_R2012, v, N(v));
}

void test_aqi__tv02_just_above_breakpoint_ceiling_N4_4_1(void)
{
    static const struct iaqi_vector v[] = {
        {"pm25", "24h", "36", 52},  {"pm25", "24h", "76", 102},
        {"pm10", "24h", "151", 101}, {"so2", "24h", "476", 151},
        {"no2", "24h", "41", 52},   {"no2", "1h", "201", 101},
        {"co", "24h", "4.1", 101},  {"o3", "8h", "161", 101},
        {"o3", "1h", "201", 101},
    };
    expect_vectors(AQ_R2012, v, N(v));
}

void test_aqi__tv03_just_below_breakpoint_N4_3(void)
{
    static const struct iaqi_vector v[] = {
        {"pm25", "24h", "34", 49},  {"pm25", "24h", "74", 99},
        {"pm10", "24h", "149", 100}, {"so2", "24h", "149", 100},
        {"no2", "24h", "79", 99},   {"co", "24h", "3.9", 98},
        {"o3", "8h", "159", 100},
    };
    expect_vectors(AQ_R2012, v, N(v));
}

void test_aqi__tv04_concentration_rounded_first_N4_4_2(void)
{
    /* the IAQI of the rounded concentration; the "wrong" column of TV-04
     * (indexing the raw value) would give 51, 51, 50, 52, 54, 101 */
    static const struct iaqi_vector v[] = {
        {"pm25", "24h", "35.4", 50}, {"pm25", "24h", "35.5", 52},
        {"pm25", "24h", "34.5", 49}, {"co", "24h", "2.05", 50},
        {"co", "24h", "2.15", 55},   {"co", "24h", "4.05", 100},
        {"co", "24h", "4.15", 101},
    };
    expect_vectors(AQ_R2012, v, N(v));
}

void test_aqi__tv05_so2_1h_above_800_N4_1_1_N4_2_1(void)
{
    aq_iaqi r = iaqi_of(AQ_R2012, "so2", "1h", "801");
    int64_t conc[AQ_HR_COUNT];
    aq_aqi out;
    int i;

    EXPECT_EQ_INT(-1, r.value);
    EXPECT(r.flags & AQ_IAQI_NOT_COMPUTED);
    EXPECT_EQ_INT(200, iaqi_of(AQ_R2026, "so2", "1h", "801").value);
    EXPECT_EQ_INT(200, iaqi_of(AQ_R2012, "so2", "1h", "800").value);
    EXPECT_EQ_INT(200, iaqi_of(AQ_R2026, "so2", "1h", "800").value);

    /* real-time report at hour h: SO2 1h 900, 24h moving mean 300 -> 124 */
    for (i = 0; i < AQ_HR_COUNT; i++)
        conc[i] = 0;
    conc[AQ_HR_SO2_1H] = 900 * AQ_MICRO;
    conc[AQ_HR_SO2_24H] = 300 * AQ_MICRO;
    CHECK_OK(aq_aqi_hourly(aq_ruleset_get(AQ_R2012), conc,
                           AQ_REALTIME_PM_DEFAULT, &out));
    EXPECT_EQ_INT(124, out.iaqi[AQ_IND_SO2].value);
    EXPECT_EQ_INT(124, out.aqi);
    EXPECT_EQ_INT(1u << AQ_IND_SO2, out.primary);
}

static void day(int64_t conc[AQ_IND_COUNT], const char *so2, const char *no2,
                const char *pm10, const char *pm25, const char *co,
                const char *o3_1h, const char *o3_8h)
{
    conc[AQ_IND_SO2] = dec(so2);
    conc[AQ_IND_NO2] = dec(no2);
    conc[AQ_IND_PM10] = dec(pm10);
    conc[AQ_IND_PM25] = dec(pm25);
    conc[AQ_IND_CO] = dec(co);
    conc[AQ_IND_O3_1H] = dec(o3_1h);
    conc[AQ_IND_O3_8H] = dec(o3_8h);
}

void test_aqi__tv06_o3_8h_above_800_N4_1_2_N4_2_2(void)
{
    int64_t c[AQ_IND_COUNT];
    aq_aqi out;

    day(c, "10", "20", "30", "20", "0.5", "1050", "850");
    CHECK_OK(aq_aqi_daily(aq_ruleset_get(AQ_R2012), c, &out));
    EXPECT_EQ_INT(-1, out.iaqi[AQ_IND_O3_8H].value);
    EXPECT_EQ_INT(425, out.iaqi[AQ_IND_O3_1H].value);
    EXPECT_EQ_INT(425, out.aqi);
    EXPECT_EQ_INT(6, out.level);
    EXPECT_EQ_INT(1u << AQ_IND_O3_1H, out.primary);
    EXPECT_EQ_INT(0, out.flags);

    CHECK_OK(aq_aqi_daily(aq_ruleset_get(AQ_R2026), c, &out));
    EXPECT_EQ_INT(300, out.iaqi[AQ_IND_O3_8H].value);
    EXPECT_EQ_INT(-1, out.iaqi[AQ_IND_O3_1H].value);
    EXPECT_EQ_INT(300, out.aqi);
    EXPECT_EQ_INT(5, out.level);
    EXPECT_EQ_INT(1u << AQ_IND_O3_8H, out.primary);
}

void test_aqi__tv07_above_scale_and_undefined_N4_5(void)
{
    aq_iaqi r;
    aq_pollutant p;

    r = iaqi_of(AQ_R2012, "pm25", "24h", "501");
    EXPECT_EQ_INT(500, r.value);
    EXPECT(r.flags & AQ_IAQI_ABOVE_SCALE);
    EXPECT_EQ_INT(500, iaqi_of(AQ_R2026, "pm25", "24h", "600").value);
    EXPECT_EQ_INT(500, iaqi_of(AQ_R2012, "so2", "24h", "2700").value);
    r = iaqi_of(AQ_R2012, "pm25", "1h", "61");
    EXPECT_EQ_INT(-1, r.value);
    EXPECT(r.flags & AQ_IAQI_UNDEFINED);
    EXPECT_EQ_INT(101, iaqi_of(AQ_R2026, "pm25", "1h", "61").value);
    EXPECT_EQ_INT(-1, iaqi_of(AQ_R2012, "o3", "24h", "100").value);
    EXPECT_EQ_INT(-1, iaqi_of(AQ_R2026, "co", "8h", "1.0").value);
    EXPECT_EQ_INT(-3, iaqi_of(AQ_R2012, "pm25", "24h", "-3").value);
    EXPECT_EQ_INT(AQ_EINVALID, aq_iaqi_compute(aq_ruleset_get(AQ_R2012),
                                               AQ_PM25, AQ_AVG_24H,
                                               -3 * AQ_MICRO, &r));
    EXPECT_EQ_INT(AQ_OK, aq_pollutant_parse("PM2.5", &p));
    EXPECT_EQ_INT(AQ_PM25, p);
}

void test_aqi__tv08_r2026_particulate_breakpoints_N4_2(void)
{
    static const struct iaqi_vector r12[] = {
        {"pm25", "24h", "60", 82},  {"pm25", "24h", "61", 83},
        {"pm10", "24h", "120", 85}, {"pm10", "24h", "121", 86},
        {"pm25", "24h", "35", 50},  {"pm25", "24h", "98", 129},
    };
    static const struct iaqi_vector r26[] = {
        {"pm25", "24h", "60", 100},  {"pm25", "24h", "61", 101},
        {"pm10", "24h", "120", 100}, {"pm10", "24h", "121", 101},
        {"pm25", "24h", "35", 50},   {"pm25", "24h", "98", 135},
    };
    expect_vectors(AQ_R2012, r12, N(r12));
    expect_vectors(AQ_R2026, r26, N(r26));
}

void test_aqi__tv09_long_segment_interior_N4_3(void)
{
    EXPECT_EQ_INT(244, iaqi_of(AQ_R2012, "o3", "8h", "500").value);
}

void test_aqi__tv10_daily_one_primary_N4_7_1(void)
{
    int64_t c[AQ_IND_COUNT];
    aq_aqi out;
    static const int want[AQ_IND_COUNT] = {8, 57, 96, 129, 33, 48, 38};
    int i;

    day(c, "8", "45", "142", "98", "1.3", "120", "96");
    CHECK_OK(aq_aqi_daily(aq_ruleset_get(AQ_R2012), c, &out));
    for (i = 0; i < AQ_IND_COUNT; i++)
        EXPECT_EQ_INT(want[i], out.iaqi[i].value);
    EXPECT_EQ_INT(129, out.aqi);
    EXPECT_EQ_INT(3, out.level);
    EXPECT_EQ_STR("轻度污染", aq_level_get(out.level)->name_zh);
    EXPECT_EQ_STR("Lightly polluted", aq_level_get(out.level)->name_en);
    EXPECT_EQ_INT(255, aq_level_get(out.level)->rgb[0]);
    EXPECT_EQ_INT(126, aq_level_get(out.level)->rgb[1]);
    EXPECT_EQ_INT(1u << AQ_IND_PM25, out.primary);
    EXPECT_EQ_INT(1u << AQ_IND_PM25, out.exceeding);

    /* R2026: six indicators; PM10 109, PM2.5 135 */
    CHECK_OK(aq_aqi_daily(aq_ruleset_get(AQ_R2026), c, &out));
    EXPECT_EQ_INT(109, out.iaqi[AQ_IND_PM10].value);
    EXPECT_EQ_INT(135, out.aqi);
    EXPECT_EQ_INT(1u << AQ_IND_PM25, out.primary);
    EXPECT_EQ_INT((1u << AQ_IND_PM10) | (1u << AQ_IND_PM25), out.exceeding);
}

void test_aqi__tv11_two_primary_pollutants_N4_6_2(void)
{
    int64_t c[AQ_IND_COUNT];
    aq_aqi out;

    day(c, "10", "30", "150", "75", "0.8", "100", "90");
    CHECK_OK(aq_aqi_daily(aq_ruleset_get(AQ_R2012), c, &out));
    EXPECT_EQ_INT(100, out.aqi);
    EXPECT_EQ_INT(2, out.level);
    EXPECT_EQ_INT((1u << AQ_IND_PM10) | (1u << AQ_IND_PM25), out.primary);
    EXPECT_EQ_INT(0, out.exceeding); /* 100 is not > 100 */
}

void test_aqi__tv12_no_primary_at_or_below_50_N4_6_2(void)
{
    int64_t c[AQ_IND_COUNT];
    aq_aqi out;

    day(c, "5", "20", "40", "30", "0.5", "80", "70");
    CHECK_OK(aq_aqi_daily(aq_ruleset_get(AQ_R2012), c, &out));
    EXPECT_EQ_INT(43, out.aqi);
    EXPECT_EQ_INT(1, out.level);
    EXPECT_EQ_INT(0, out.primary);
}

void test_aqi__tv13_o3_1h_decides_daily_r2012_only_N4_7_1(void)
{
    int64_t c[AQ_IND_COUNT];
    aq_aqi out;

    day(c, "12", "38", "88", "40", "0.7", "230", "150");
    CHECK_OK(aq_aqi_daily(aq_ruleset_get(AQ_R2012), c, &out));
    EXPECT_EQ_INT(115, out.iaqi[AQ_IND_O3_1H].value);
    EXPECT_EQ_INT(92, out.iaqi[AQ_IND_O3_8H].value);
    EXPECT_EQ_INT(115, out.aqi);
    EXPECT_EQ_INT(3, out.level);
    EXPECT_EQ_INT(1u << AQ_IND_O3_1H, out.primary);
    EXPECT_EQ_INT(1u << AQ_IND_O3_1H, out.exceeding);
    CHECK_OK(aq_aqi_daily(aq_ruleset_get(AQ_R2026), c, &out));
    EXPECT_EQ_INT(92, out.aqi);
    EXPECT_EQ_INT(2, out.level);
    EXPECT_EQ_INT(1u << AQ_IND_O3_8H, out.primary);
}

void test_aqi__tv14_category_boundaries_N4_10(void)
{
    static const int aqi[] = {0, 50, 51, 100, 101, 150,
                              151, 200, 201, 300, 301, 500};
    static const int level[] = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6};
    static const char *const hex[] = {
        "#00E400", "#00E400", "#FFFF00", "#FFFF00", "#FF7E00", "#FF7E00",
        "#FF0000", "#FF0000", "#99004C", "#99004C", "#7E0023", "#7E0023"};
    size_t i;

    for (i = 0; i < N(aqi); i++) {
        EXPECT_EQ_INT(level[i], aq_aqi_level(aqi[i]));
        EXPECT_EQ_STR(hex[i], aq_level_get(aq_aqi_level(aqi[i]))->hex);
    }
    EXPECT(aq_level_get(0) == NULL);
    EXPECT(aq_level_get(7) == NULL);
}

void test_aqi__tv15_missing_pollutant_N4_9_1(void)
{
    int64_t c[AQ_IND_COUNT];
    aq_aqi out;

    /* (a) PM2.5 missing, the others give 130 > 100: published */
    day(c, "20", "50", "210", NULL, "1.2", "90", "80");
    CHECK_OK(aq_aqi_daily(aq_ruleset_get(AQ_R2012), c, &out));
    EXPECT_EQ_INT(63, out.iaqi[AQ_IND_NO2].value);
    EXPECT_EQ_INT(29, out.iaqi[AQ_IND_O3_1H].value);
    EXPECT_EQ_INT(130, out.aqi);
    EXPECT_EQ_INT(3, out.level);
    EXPECT_EQ_INT(1u << AQ_IND_PM10, out.primary);
    EXPECT(out.flags & AQ_AQI_PARTIAL);
    EXPECT(!(out.flags & AQ_AQI_NA));
    /* (b) PM10 110: the others give 80 <= 100: AQI NA */
    day(c, "20", "50", "110", NULL, "1.2", "90", "80");
    CHECK_OK(aq_aqi_daily(aq_ruleset_get(AQ_R2012), c, &out));
    EXPECT_EQ_INT(80, out.iaqi[AQ_IND_PM10].value);
    EXPECT_EQ_INT(-1, out.aqi);
    EXPECT_EQ_INT(0, out.level);
    EXPECT_EQ_INT(0, out.primary);
    EXPECT(out.flags & AQ_AQI_NA);
}

void test_aqi__daily_without_o3_1h_is_complete_N4_7_1(void)
{
    /* TV-26 day 07: the R2012 daily report without an O3 1-hour value is
     * still complete (AQI 95, primary PM10) */
    int64_t c[AQ_IND_COUNT];
    aq_aqi out;

    day(c, "15", "68", "140", "52", "2.8", NULL, "92");
    CHECK_OK(aq_aqi_daily(aq_ruleset_get(AQ_R2012), c, &out));
    EXPECT_EQ_INT(95, out.aqi);
    EXPECT_EQ_INT(1u << AQ_IND_PM10, out.primary);
    EXPECT_EQ_INT(0, out.flags);
}

void test_aqi__hourly_r2026_indexes_1h_pm_N4_8_1(void)
{
    int64_t c[AQ_HR_COUNT];
    aq_aqi out;
    int i;

    for (i = 0; i < AQ_HR_COUNT; i++)
        c[i] = 10 * AQ_MICRO;
    c[AQ_HR_PM25_1H] = 61 * AQ_MICRO;  /* 101 on the daily breakpoints */
    c[AQ_HR_PM25_24H] = 20 * AQ_MICRO; /* ignored under R2026 */
    CHECK_OK(aq_aqi_hourly(aq_ruleset_get(AQ_R2026), c,
                           AQ_REALTIME_PM_DEFAULT, &out));
    EXPECT_EQ_INT(101, out.aqi);
    EXPECT_EQ_INT(-1, out.iaqi[AQ_IND_O3_8H].value);
    /* R2012 default: the 24-hour moving mean (20 -> 29) */
    CHECK_OK(aq_aqi_hourly(aq_ruleset_get(AQ_R2012), c,
                           AQ_REALTIME_PM_DEFAULT, &out));
    EXPECT_EQ_INT(29, out.iaqi[AQ_IND_PM25].value);
    /* R2012 with realtime_pm = hourly (the CNEMC practice, U4) */
    CHECK_OK(aq_aqi_hourly(aq_ruleset_get(AQ_R2012), c,
                           AQ_REALTIME_PM_HOURLY, &out));
    EXPECT_EQ_INT(83, out.iaqi[AQ_IND_PM25].value);
}

void test_aqi__ruleset_by_date_N0_1(void)
{
    EXPECT_EQ_INT(AQ_R2012, aq_ruleset_for_date(2018, 7, 1)->id);
    EXPECT_EQ_INT(AQ_R2012, aq_ruleset_for_date(2026, 2, 28)->id);
    EXPECT_EQ_INT(AQ_R2026, aq_ruleset_for_date(2026, 3, 1)->id);
    EXPECT_EQ_INT(AQ_R2026, aq_ruleset_for_date(2031, 1, 1)->id);
    EXPECT_EQ_INT(AQ_R2012, aq_ruleset_resolve(AQ_R2012, 2027, 1, 1)->id);
    EXPECT_EQ_INT(60 * AQ_MICRO, aq_ruleset_daily_limit(
                                     aq_ruleset_get(AQ_R2026), AQ_PM25, 2030));
    EXPECT_EQ_INT(50 * AQ_MICRO, aq_ruleset_daily_limit(
                                     aq_ruleset_get(AQ_R2026), AQ_PM25, 2031));
}

void test_aqi__o3_8h_over_800_without_1h_is_missing_N4_1_2_N4_9_1(void)
{
    /* R2012: an MDA8 over 800 has no IAQI and the O3 1-hour maximum takes
     * its place; without that value O3 is missing, and the others (57)
     * are <= 100, so no AQI is published */
    int64_t c[AQ_IND_COUNT];
    aq_aqi out;

    day(c, "10", "20", "30", "40", "1.0", NULL, "900");
    CHECK_OK(aq_aqi_daily(aq_ruleset_get(AQ_R2012), c, &out));
    EXPECT_EQ_INT(-1, out.aqi);
    EXPECT(out.flags & AQ_AQI_NA);
    /* with the 1-hour value it is published */
    day(c, "10", "20", "30", "40", "1.0", "250", "900");
    CHECK_OK(aq_aqi_daily(aq_ruleset_get(AQ_R2012), c, &out));
    EXPECT_EQ_INT(125, out.aqi); /* O3 1h 250: 100 + 50*50/100 */
}
