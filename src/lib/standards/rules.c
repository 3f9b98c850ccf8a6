/* SPDX-License-Identifier: MIT */
/*
 * The rule-set tables (N0, N2, N4, N6). These are the only place in the
 * library where a breakpoint, a limit or a composite divisor is written.
 */
#include <string.h>
#include <strings.h>

#include "aq/date.h"
#include "aq/decimal.h"
#include "aq/rules.h"

#define M(x) ((int64_t)(x) * AQ_MICRO)
#define BP8(a, b, c, d, e, f, g, h)                                            \
    {M(a), M(b), M(c), M(d), M(e), M(f), M(g), M(h)}

static const int breakpoint_iaqi[AQ_BREAKPOINTS] = {0,   50,  100, 150,
                                                    200, 300, 400, 500};

/* HJ 633 Table 1 rows shared by both rule sets (N4.1, N4.2: only the
 * PM10/PM2.5 daily rows and two special cases differ), written once */
#define BP_SO2_1H BP8(0, 150, 500, 650, 800, 0, 0, 0)
#define BP_SO2_24H BP8(0, 50, 150, 475, 800, 1600, 2100, 2620)
#define BP_NO2_1H BP8(0, 100, 200, 700, 1200, 2340, 3090, 3840)
#define BP_NO2_24H BP8(0, 40, 80, 180, 280, 565, 750, 940)
#define BP_CO_1H BP8(0, 5, 10, 35, 60, 90, 120, 150)
#define BP_CO_24H BP8(0, 2, 4, 14, 24, 36, 48, 60)
#define BP_O3_1H BP8(0, 160, 200, 300, 400, 800, 1000, 1200)
#define BP_O3_8H BP8(0, 100, 160, 215, 265, 800, 0, 0)
#define BP_COUNTS                                                              \
    {                                                                          \
        [AQ_SO2] = {[AQ_AVG_1H] = 5, [AQ_AVG_24H] = 8},                        \
        [AQ_NO2] = {[AQ_AVG_1H] = 8, [AQ_AVG_24H] = 8},                        \
        [AQ_PM10] = {[AQ_AVG_24H] = 8}, [AQ_PM25] = {[AQ_AVG_24H] = 8},        \
        [AQ_CO] = {[AQ_AVG_1H] = 8, [AQ_AVG_24H] = 8},                         \
        [AQ_O3] = {[AQ_AVG_1H] = 8, [AQ_AVG_8H] = 6},                          \
    }
#define BP_TABLE(pm10_24h, pm25_24h)                                           \
    {                                                                          \
        [AQ_SO2] = {[AQ_AVG_1H] = BP_SO2_1H, [AQ_AVG_24H] = BP_SO2_24H},       \
        [AQ_NO2] = {[AQ_AVG_1H] = BP_NO2_1H, [AQ_AVG_24H] = BP_NO2_24H},       \
        [AQ_PM10] = {[AQ_AVG_24H] = pm10_24h},                                 \
        [AQ_PM25] = {[AQ_AVG_24H] = pm25_24h},                                 \
        [AQ_CO] = {[AQ_AVG_1H] = BP_CO_1H, [AQ_AVG_24H] = BP_CO_24H},          \
        [AQ_O3] = {[AQ_AVG_1H] = BP_O3_1H, [AQ_AVG_8H] = BP_O3_8H},            \
    }

/* HJ 633-2012 Table 1 (N4.1). Rows: IAQI 0, 50, 100, 150, 200, 300, 400,
 * 500. CO in mg/m³. SO2 1h stops at 800 (IAQI 200), O3 8h at 800 (300). */
static const aq_ruleset r2012 = {
    .id = AQ_R2012,
    .name = "r2012",
    .title = "GB 3095-2012 / HJ 633-2012 / HJ 663-2013",
    .bp_count = BP_COUNTS,
    .bp = BP_TABLE(BP8(0, 50, 150, 250, 350, 420, 500, 600),
                   BP8(0, 35, 75, 115, 150, 250, 350, 500)),
    .so2_1h_over_top = -1,
    .o3_8h_over_top = -1,
    .pm_1h_uses_daily = 0,
    .daily_o3_1h = 1,
    /* GB 3095-2012 Table 1, Grade II (N2.1) */
    .limit_annual = {M(60), M(40), M(70), M(35), 0, 0},
    .limit_daily = {M(150), M(80), M(150), M(75), M(4), M(160)},
    .limit_annual_final = {M(60), M(40), M(70), M(35), 0, 0},
    .limit_daily_final = {M(150), M(80), M(150), M(75), M(4), M(160)},
    /* N6.2.1: annual Grade II for SO2/NO2/PM10/PM2.5, daily for CO, 8h O3 */
    .composite_limit = {M(60), M(40), M(70), M(35), M(4), M(160)},
    .composite_weight = {1, 1, 1, 1, 1, 1},
};

/* HJ 633-2026 Table 3 (N4.2): the R2012 table with new PM10/PM2.5 daily
 * rows and values for the two cases R2012 left without one. */
static const aq_ruleset r2026 = {
    .id = AQ_R2026,
    .name = "r2026",
    .title = "GB 3095-2026 / HJ 633-2026 / HJ 663-2026",
    .bp_count = BP_COUNTS,
    .bp = BP_TABLE(BP8(0, 50, 120, 250, 350, 420, 500, 600),
                   BP8(0, 35, 60, 115, 150, 250, 350, 500)),
    .so2_1h_over_top = 200, /* N4.2.1 */
    .o3_8h_over_top = 300,  /* N4.2.2 */
    .pm_1h_uses_daily = 1,  /* N4.2.3 */
    .daily_o3_1h = 0,       /* N4.7.2 */
    /* GB 3095-2026 Table 1, Grade II, transition limits (N2.2) */
    .limit_annual = {M(60), M(40), M(60), M(30), 0, 0},
    .limit_daily = {M(150), M(80), M(120), M(60), M(4), M(160)},
    /* final limits from 2031-01-01 */
    .limit_annual_final = {M(20), M(30), M(50), M(25), 0, 0},
    .limit_daily_final = {M(50), M(50), M(100), M(50), M(4), M(160)},
    /* N6.4: S_i = Grade II annual limits in force (transition); weights
     * stay 1 unless the policy file sets composite_weights (U10). */
    .composite_limit = {M(60), M(40), M(60), M(30), M(4), M(160)},
    .composite_weight = {1, 1, 1, 1, 1, 1},
};

int aq_breakpoint_iaqi(int row)
{
    return row >= 0 && row < AQ_BREAKPOINTS ? breakpoint_iaqi[row] : -1;
}

const aq_ruleset *aq_ruleset_get(aq_ruleset_id id)
{
    switch (id) {
    case AQ_R2012: return &r2012;
    case AQ_R2026: return &r2026;
    case AQ_RULESET_AUTO: break;
    }
    return NULL;
}

const aq_ruleset *aq_ruleset_for_date(int year, int month, int day)
{
    (void)day;
    /* N0: R2026 in force from 2026-03-01 */
    if (year > 2026 || (year == 2026 && month >= 3))
        return &r2026;
    return &r2012;
}

const aq_ruleset *aq_ruleset_resolve(aq_ruleset_id id, int year, int month,
                                     int day)
{
    if (id == AQ_RULESET_AUTO)
        return aq_ruleset_for_date(year, month, day);
    return aq_ruleset_get(id);
}

const aq_ruleset *aq_ruleset_for_period(aq_ruleset_id id, aq_period p)
{
    int32_t last;
    int y, m, d;

    aq_period_days(p, NULL, &last);
    aq_civil_from_day(last, &y, &m, &d);
    return aq_ruleset_resolve(id, y, m, d);
}

aq_status aq_ruleset_parse(const char *text, aq_ruleset_id *out)
{
    if (!text || !out)
        return AQ_EINVALID;
    if (!strcmp(text, "auto"))
        *out = AQ_RULESET_AUTO;
    else if (!strcmp(text, "r2012"))
        *out = AQ_R2012;
    else if (!strcmp(text, "r2026"))
        *out = AQ_R2026;
    else
        return AQ_EINVALID;
    return AQ_OK;
}

/* The one table of the six pollutants (N1.1): the code of files and
 * documents, and the name a person reads in either language */
static const struct {
    const char *code, *label;
} pollutants[AQ_POLLUTANT_COUNT] = {
    {"so2", "SO2"},    {"no2", "NO2"}, {"pm10", "PM10"},
    {"pm25", "PM2.5"}, {"co", "CO"},   {"o3", "O3"},
};

const char *aq_pollutant_code(aq_pollutant p)
{
    return (unsigned)p < AQ_POLLUTANT_COUNT ? pollutants[p].code : "?";
}

const char *aq_pollutant_label(aq_pollutant p)
{
    return (unsigned)p < AQ_POLLUTANT_COUNT ? pollutants[p].label : "?";
}

aq_status aq_pollutant_parse(const char *text, aq_pollutant *out)
{
    int i;

    if (!text || !out)
        return AQ_EINVALID;
    if (!strcasecmp(text, "pm2.5") || !strcasecmp(text, "pm2_5")) {
        *out = AQ_PM25;
        return AQ_OK;
    }
    for (i = 0; i < AQ_POLLUTANT_COUNT; i++) {
        if (!strcasecmp(text, pollutants[i].code)) {
            *out = (aq_pollutant)i;
            return AQ_OK;
        }
    }
    return AQ_EINVALID;
}

int aq_pollutant_digits(aq_pollutant p)
{
    return p == AQ_CO ? 1 : 0; /* N1.1 */
}

static const char *const averaging_codes[AQ_AVG_COUNT] = {"1h", "8h", "24h"};

aq_status aq_averaging_parse(const char *text, aq_averaging *out)
{
    int i;

    if (!text || !out)
        return AQ_EINVALID;
    for (i = 0; i < AQ_AVG_COUNT; i++) {
        if (!strcasecmp(text, averaging_codes[i])) {
            *out = (aq_averaging)i;
            return AQ_OK;
        }
    }
    return AQ_EINVALID;
}

int64_t aq_ruleset_daily_limit(const aq_ruleset *rs, aq_pollutant p, int year)
{
    if ((unsigned)p >= AQ_POLLUTANT_COUNT)
        return 0;
    return year >= 2031 ? rs->limit_daily_final[p] : rs->limit_daily[p];
}

