/* SPDX-License-Identifier: MIT */
/**
 * @file aq/rules.h
 * @brief The two generations of national rules as data tables (N0, N2, N4,
 *        N6): pollutants, averaging periods, IAQI breakpoints, limits, the
 *        composite index's divisors and weights.
 *
 * A rule set is constant data owned by the library. Nothing outside this
 * module's table knows a breakpoint or a limit (N8.2: no rule coded twice).
 */
#ifndef AQ_RULES_H
#define AQ_RULES_H

#include "aq/common.h"
#include "aq/date.h" /* aq_period */

#ifdef __cplusplus
extern "C" {
#endif

/** The six basic pollutants (N1.1). CO is in mg/m³, the rest in μg/m³. */
typedef enum aq_pollutant {
    AQ_SO2 = 0,
    AQ_NO2,
    AQ_PM10,
    AQ_PM25,
    AQ_CO,
    AQ_O3,
    AQ_POLLUTANT_COUNT
} aq_pollutant;

/** Averaging period of a concentration. */
typedef enum aq_averaging {
    AQ_AVG_1H = 0, /**< 1-hour mean */
    AQ_AVG_8H,     /**< 8-hour (moving) mean; the MDA8 for a day */
    AQ_AVG_24H,    /**< 24-hour (daily) mean */
    AQ_AVG_COUNT
} aq_averaging;

/** Which generation of the national rules applies (N0). */
typedef enum aq_ruleset_id {
    AQ_RULESET_AUTO = 0, /**< by date: R2012 to 2026-02-28, then R2026 */
    AQ_R2012 = 1,        /**< GB 3095-2012 (+2018), HJ 633-2012, HJ 663-2013 */
    AQ_R2026 = 2         /**< GB 3095-2026, HJ 633-2026, HJ 663-2026 */
} aq_ruleset_id;

/** Number of IAQI rows in the breakpoint tables (0, 50, ... 500). */
#define AQ_BREAKPOINTS 8

/**
 * One rule set. Constant data; obtain it with aq_ruleset_get().
 * Concentrations are in micro-units (see aq/decimal.h).
 */
typedef struct aq_ruleset {
    aq_ruleset_id id;
    const char *name; /**< "r2012" or "r2026": the setting's value */
    /** The standards it stands for, as people cite them, e.g.
     * "GB 3095-2012 / HJ 633-2012 / HJ 663-2013". */
    const char *title;
    /** IAQI breakpoints per pollutant and averaging (N4.1, N4.2); count 0
     * means the standard defines no IAQI for that pair. */
    int bp_count[AQ_POLLUTANT_COUNT][AQ_AVG_COUNT];
    int64_t bp[AQ_POLLUTANT_COUNT][AQ_AVG_COUNT][AQ_BREAKPOINTS];
    /** IAQI given to SO2 1h above its top breakpoint; -1 = none (N4.1.1,
     * N4.2.1). */
    int so2_1h_over_top;
    /** IAQI given to O3 8h above its top breakpoint; -1 = none (N4.1.2,
     * N4.2.2). */
    int o3_8h_over_top;
    /** PM10/PM2.5 1-hour values use the daily breakpoints (N4.2.3). */
    int pm_1h_uses_daily;
    /** The daily report includes the O3 daily maximum 1-hour mean
     * (N4.7.1: R2012 yes; N4.7.2: R2026 no). */
    int daily_o3_1h;
    /** Grade II limits (N2): annual mean and daily (O3: MDA8) value. For
     * R2026 these are the transition limits (to 2030-12-31). */
    int64_t limit_annual[AQ_POLLUTANT_COUNT];
    int64_t limit_daily[AQ_POLLUTANT_COUNT];
    /** R2026 final limits, from 2031-01-01 (N2.2); equal to the above for
     * R2012. */
    int64_t limit_annual_final[AQ_POLLUTANT_COUNT];
    int64_t limit_daily_final[AQ_POLLUTANT_COUNT];
    /** Composite index divisors S_i (N6.2.1, N6.4) and weights w_i. */
    int64_t composite_limit[AQ_POLLUTANT_COUNT];
    int composite_weight[AQ_POLLUTANT_COUNT];
} aq_ruleset;

/** The IAQI value of breakpoint row i (0, 50, 100, 150, 200, 300, 400,
 * 500). */
AQ_API int aq_breakpoint_iaqi(int row);

/**
 * The constant rule set for id (AQ_R2012 or AQ_R2026).
 * @return borrowed, static; NULL for AQ_RULESET_AUTO or an unknown id.
 */
AQ_API const aq_ruleset *aq_ruleset_get(aq_ruleset_id id);

/**
 * The rule set in force on a civil date (N0.1): R2012 until 2026-02-28,
 * R2026 from 2026-03-01. Never NULL.
 */
AQ_API const aq_ruleset *aq_ruleset_for_date(int year, int month, int day);

/**
 * Resolve a setting: id itself, or for AQ_RULESET_AUTO the rule set in
 * force on the given date. Never NULL for a valid id.
 */
AQ_API const aq_ruleset *aq_ruleset_resolve(aq_ruleset_id id, int year,
                                            int month, int day);

/**
 * The rule set that judges a period (a month, quarter or year): the one
 * in force on its last day (N0.1). Never NULL for a valid id.
 */
AQ_API const aq_ruleset *aq_ruleset_for_period(aq_ruleset_id id,
                                               aq_period p);

/** Parse "auto", "r2012" or "r2026". @return AQ_OK or AQ_EINVALID. */
AQ_API aq_status aq_ruleset_parse(const char *text, aq_ruleset_id *out);

/** Short code of a pollutant: "so2", "no2", "pm10", "pm25", "co", "o3". */
AQ_API const char *aq_pollutant_code(aq_pollutant p);

/** The pollutant as people write it, in Chinese and English alike:
 * "SO2", "NO2", "PM10", "PM2.5", "CO", "O3". */
AQ_API const char *aq_pollutant_label(aq_pollutant p);

/** Parse a pollutant code, case-insensitive; "pm2.5" is accepted for
 * pm25. @return AQ_OK or AQ_EINVALID. */
AQ_API aq_status aq_pollutant_parse(const char *text, aq_pollutant *out);

/** Reporting precision in decimals (N1.1): 1 for CO, 0 otherwise. */
AQ_API int aq_pollutant_digits(aq_pollutant p);

/** Parse "1h", "8h" or "24h". @return AQ_OK or AQ_EINVALID. */
AQ_API aq_status aq_averaging_parse(const char *text, aq_averaging *out);

/**
 * The Grade II daily limit (O3: 8-hour) of pollutant p in force on a date
 * under rule set rs (N2, N5.6.1), in micro-units.
 */
AQ_API int64_t aq_ruleset_daily_limit(const aq_ruleset *rs, aq_pollutant p,
                                      int year);

#ifdef __cplusplus
}
#endif
#endif /* AQ_RULES_H */
