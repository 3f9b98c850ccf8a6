/* SPDX-License-Identifier: MIT */
/*
 * IAQI and AQI (N4). Integer arithmetic throughout (N4.4.3): the
 * concentration is first rounded to its reporting precision by GB/T 8170
 * (N4.4.2), then interpolated as an exact fraction and rounded up
 * (N4.4.1).
 */
#include <string.h>

#include "aq/aqi.h"
#include "aq/decimal.h"

typedef __int128 i128;

static int ceil_div(i128 num, i128 den)
{
    i128 q = num / den;

    if (num % den != 0 && num > 0)
        q++;
    return (int)q;
}

aq_status aq_iaqi_compute(const aq_ruleset *rs, aq_pollutant p,
                          aq_averaging a, int64_t conc, aq_iaqi *out)
{
    const int64_t *bp;
    int64_t c;
    int count, i;

    out->value = -1;
    out->flags = 0;
    if (!rs || (unsigned)p >= AQ_POLLUTANT_COUNT ||
        (unsigned)a >= AQ_AVG_COUNT)
        return AQ_EINVALID;
    if (conc == AQ_MISSING) {
        out->flags = AQ_IAQI_MISSING;
        return AQ_OK;
    }
    if (conc < 0)
        return AQ_EINVALID; /* N3.2: rejected as input, never indexed */
    /* N4.2.3: under R2026 a PM 1-hour value uses the daily breakpoints */
    if ((p == AQ_PM10 || p == AQ_PM25) && a == AQ_AVG_1H &&
        rs->pm_1h_uses_daily)
        a = AQ_AVG_24H;
    count = rs->bp_count[p][a];
    if (count == 0) {
        out->flags = AQ_IAQI_UNDEFINED; /* N4.5: no such column */
        return AQ_OK;
    }
    bp = rs->bp[p][a];
    c = aq_round_micro(conc, 1, aq_pollutant_digits(p)); /* N4.4.2 */
    for (i = 1; i < count; i++) {
        if (c <= bp[i]) {
            int lo = aq_breakpoint_iaqi(i - 1), hi = aq_breakpoint_iaqi(i);
            /* N4.3 eq. (1), exact, then N4.4.1 ceil */
            out->value = lo + ceil_div((i128)(hi - lo) * (c - bp[i - 1]),
                                       (i128)(bp[i] - bp[i - 1]));
            return AQ_OK;
        }
    }
    /* above the top breakpoint */
    if (p == AQ_SO2 && a == AQ_AVG_1H) {
        /* N4.1.1 (R2012: none, fall back to 24h) / N4.2.1 (R2026: 200) */
        if (rs->so2_1h_over_top < 0)
            out->flags = AQ_IAQI_NOT_COMPUTED;
        else
            out->value = rs->so2_1h_over_top;
    } else if (p == AQ_O3 && a == AQ_AVG_8H) {
        /* N4.1.2 (R2012: none, O3 1h decides) / N4.2.2 (R2026: 300) */
        if (rs->o3_8h_over_top < 0)
            out->flags = AQ_IAQI_NOT_COMPUTED;
        else
            out->value = rs->o3_8h_over_top;
    } else {
        out->value = 500; /* N4.5, U14: 500, flagged */
        out->flags = AQ_IAQI_ABOVE_SCALE;
    }
    return AQ_OK;
}

static const char *const indicator_codes[AQ_IND_COUNT] = {
    "so2", "no2", "pm10", "pm25", "co", "o3_8h", "o3_1h"};
static const aq_pollutant indicator_pollutants[AQ_IND_COUNT] = {
    AQ_SO2, AQ_NO2, AQ_PM10, AQ_PM25, AQ_CO, AQ_O3, AQ_O3};

const char *aq_indicator_code(aq_indicator ind)
{
    return (unsigned)ind < AQ_IND_COUNT ? indicator_codes[ind] : "?";
}

/*
 * N4.6 and N4.9: AQI = max of the IAQIs present; primary pollutants when
 * AQI > 50; exceeding when IAQI > 100. `required` has a bit per indicator
 * whose absence makes the report incomplete: then an AQI <= 100 is NA.
 */
static void finish_report(aq_aqi *out, unsigned required)
{
    unsigned missing = 0;
    int i, aqi = -1;

    for (i = 0; i < AQ_IND_COUNT; i++) {
        if (out->iaqi[i].value < 0) {
            if (required & (1u << i))
                missing |= 1u << i;
            continue;
        }
        if (out->iaqi[i].value > aqi)
            aqi = out->iaqi[i].value;
        if (out->iaqi[i].value > 100)
            out->exceeding |= 1u << i; /* N4.6.3 */
    }
    if (missing)
        out->flags |= AQ_AQI_PARTIAL;
    if (aqi < 0 || (missing && aqi <= 100)) {
        out->flags |= AQ_AQI_NA; /* N4.9.1 */
        out->aqi = -1;
        out->level = 0;
        return;
    }
    out->aqi = aqi;
    out->level = aq_aqi_level(aqi);
    if (aqi > 50) /* N4.6.2 */
        for (i = 0; i < AQ_IND_COUNT; i++)
            if (out->iaqi[i].value == aqi)
                out->primary |= 1u << i;
}

static void clear_report(aq_aqi *out)
{
    int i;

    memset(out, 0, sizeof *out);
    for (i = 0; i < AQ_IND_COUNT; i++) {
        out->iaqi[i].value = -1;
        out->iaqi[i].flags = AQ_IAQI_UNDEFINED;
    }
    out->aqi = -1;
}

#define BIT(i) (1u << (i))

aq_status aq_aqi_daily(const aq_ruleset *rs, const int64_t conc[AQ_IND_COUNT],
                       aq_aqi *out)
{
    static const aq_averaging avg[AQ_IND_COUNT] = {
        AQ_AVG_24H, AQ_AVG_24H, AQ_AVG_24H, AQ_AVG_24H,
        AQ_AVG_24H, AQ_AVG_8H,  AQ_AVG_1H};
    unsigned required = BIT(AQ_IND_SO2) | BIT(AQ_IND_NO2) | BIT(AQ_IND_PM10) |
                        BIT(AQ_IND_PM25) | BIT(AQ_IND_CO) | BIT(AQ_IND_O3_8H);
    aq_status rc;
    int i;

    clear_report(out);
    if (!rs)
        return AQ_EINVALID;
    for (i = 0; i < AQ_IND_COUNT; i++) {
        if (i == AQ_IND_O3_1H && !rs->daily_o3_1h)
            continue; /* N4.7.2: six indicators under R2026 */
        rc = aq_iaqi_compute(rs, indicator_pollutants[i], avg[i], conc[i],
                             &out->iaqi[i]);
        if (rc < 0)
            return rc;
    }
    /* N4.1.2: an MDA8 over 800 under R2012 has no IAQI of its own; O3 is
     * then judged by its 1-hour maximum, which becomes the O3 value that
     * must be present (without it O3 is missing, N4.9.1) */
    if (out->iaqi[AQ_IND_O3_8H].flags & AQ_IAQI_NOT_COMPUTED)
        required = (required & ~BIT(AQ_IND_O3_8H)) | BIT(AQ_IND_O3_1H);
    finish_report(out, required);
    return AQ_OK;
}

aq_status aq_aqi_hourly(const aq_ruleset *rs, const int64_t conc[AQ_HR_COUNT],
                        aq_realtime_pm pm, aq_aqi *out)
{
    unsigned required = BIT(AQ_IND_SO2) | BIT(AQ_IND_NO2) | BIT(AQ_IND_PM10) |
                        BIT(AQ_IND_PM25) | BIT(AQ_IND_CO) | BIT(AQ_IND_O3_1H);
    int moving;
    aq_status rc;

    clear_report(out);
    if (!rs)
        return AQ_EINVALID;
    /* N4.8.4: R2026 always indexes the 1-hour PM values */
    moving = rs->id == AQ_R2012 && pm != AQ_REALTIME_PM_HOURLY;
#define IAQI(ind, p, a, in)                                                    \
    if ((rc = aq_iaqi_compute(rs, p, a, conc[in], &out->iaqi[ind])) < 0)       \
        return rc;
    IAQI(AQ_IND_SO2, AQ_SO2, AQ_AVG_1H, AQ_HR_SO2_1H)
    IAQI(AQ_IND_NO2, AQ_NO2, AQ_AVG_1H, AQ_HR_NO2_1H)
    IAQI(AQ_IND_CO, AQ_CO, AQ_AVG_1H, AQ_HR_CO_1H)
    IAQI(AQ_IND_O3_1H, AQ_O3, AQ_AVG_1H, AQ_HR_O3_1H)
    if (moving) {
        IAQI(AQ_IND_PM10, AQ_PM10, AQ_AVG_24H, AQ_HR_PM10_24H)
        IAQI(AQ_IND_PM25, AQ_PM25, AQ_AVG_24H, AQ_HR_PM25_24H)
    } else {
        /* 1-hour PM values on the daily breakpoints (N4.2.3, U4) */
        IAQI(AQ_IND_PM10, AQ_PM10, AQ_AVG_24H, AQ_HR_PM10_1H)
        IAQI(AQ_IND_PM25, AQ_PM25, AQ_AVG_24H, AQ_HR_PM25_1H)
    }
    if (rs->id == AQ_R2012) {
        /* N4.8.2: the O3 8-hour moving mean carries an IAQI under R2012 */
        IAQI(AQ_IND_O3_8H, AQ_O3, AQ_AVG_8H, AQ_HR_O3_8H)
        /* N4.1.1: SO2 1h over 800 -> the SO2 24-hour (moving) mean */
        if (out->iaqi[AQ_IND_SO2].flags & AQ_IAQI_NOT_COMPUTED) {
            IAQI(AQ_IND_SO2, AQ_SO2, AQ_AVG_24H, AQ_HR_SO2_24H)
        }
    }
#undef IAQI
    finish_report(out, required);
    return AQ_OK;
}

static const aq_level_info levels[6] = {
    {1, 0, 50, "优", "Excellent", "一级", "绿色", "#00E400", {0, 228, 0}},
    {2, 51, 100, "良", "Good", "二级", "黄色", "#FFFF00", {255, 255, 0}},
    {3, 101, 150, "轻度污染", "Lightly polluted", "三级", "橙色", "#FF7E00",
     {255, 126, 0}},
    {4, 151, 200, "中度污染", "Moderately polluted", "四级", "红色",
     "#FF0000", {255, 0, 0}},
    {5, 201, 300, "重度污染", "Heavily polluted", "五级", "紫色", "#99004C",
     {153, 0, 76}},
    {6, 301, 500, "严重污染", "Severely polluted", "六级", "褐红色",
     "#7E0023", {126, 0, 35}},
};

int aq_aqi_level(int aqi)
{
    /* N4.10: inclusive ranges 0-50, 51-100, ... (U18) */
    if (aqi < 0)
        return 0;
    if (aqi <= 50)
        return 1;
    if (aqi <= 100)
        return 2;
    if (aqi <= 150)
        return 3;
    if (aqi <= 200)
        return 4;
    if (aqi <= 300)
        return 5;
    return 6;
}

const aq_level_info *aq_level_get(int level)
{
    return level >= 1 && level <= 6 ? &levels[level - 1] : NULL;
}
