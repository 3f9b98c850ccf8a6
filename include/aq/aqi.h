/* SPDX-License-Identifier: MIT */
/**
 * @file aq/aqi.h
 * @brief The Air Quality Index of HJ 633 (N4): IAQI, AQI, levels and
 *        categories, primary and exceeding pollutants, for the daily report
 *        and the real-time (hourly) report.
 *
 * Concentrations are micro-units (aq/decimal.h); each is rounded to its
 * reporting precision before it is indexed (N4.4.2) and the IAQI is rounded
 * up (N4.4.1), with integer arithmetic only (N4.4.3).
 */
#ifndef AQ_AQI_H
#define AQ_AQI_H

#include "aq/common.h"
#include "aq/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Flags of one IAQI (N8.3). */
enum {
    AQ_IAQI_ABOVE_SCALE = 1u << 0, /**< above the 500 breakpoint: 500 (N4.5) */
    AQ_IAQI_NOT_COMPUTED = 1u << 1, /**< SO2 1h / O3 8h over 800, R2012 */
    AQ_IAQI_UNDEFINED = 1u << 2,   /**< no breakpoints for this pair */
    AQ_IAQI_MISSING = 1u << 3      /**< no concentration */
};

/** An IAQI: value is -1 when there is none, with a flag saying why. */
typedef struct aq_iaqi {
    int value;
    unsigned flags;
} aq_iaqi;

/**
 * IAQI of one concentration (N4.3-N4.5).
 *
 * @param rs    the rule set (see aq_ruleset_get()).
 * @param conc  concentration in micro-units, or AQ_MISSING.
 * @param[out] out the IAQI; value -1 when the standard defines none.
 * @return AQ_OK; AQ_EINVALID for a negative concentration (N3.2) or a bad
 *         pollutant/averaging.
 */
AQ_API aq_status aq_iaqi_compute(const aq_ruleset *rs, aq_pollutant p,
                                 aq_averaging a, int64_t conc, aq_iaqi *out);

/** The indicators that carry an IAQI in a report (N4.6.4). */
typedef enum aq_indicator {
    AQ_IND_SO2 = 0,
    AQ_IND_NO2,
    AQ_IND_PM10,
    AQ_IND_PM25,
    AQ_IND_CO,
    AQ_IND_O3_8H,
    AQ_IND_O3_1H,
    AQ_IND_COUNT
} aq_indicator;

/** "so2", "no2", "pm10", "pm25", "co", "o3_8h", "o3_1h". */
AQ_API const char *aq_indicator_code(aq_indicator ind);

/** Flags of an AQI result. */
enum {
    AQ_AQI_NA = 1u << 0,     /**< no AQI: a pollutant is missing and the
                                  others give <= 100 (N4.9.1) */
    AQ_AQI_PARTIAL = 1u << 1 /**< published from incomplete pollutants */
};

/** An AQI report for one hour or one day. */
typedef struct aq_aqi {
    aq_iaqi iaqi[AQ_IND_COUNT]; /**< per indicator; -1 where none */
    int aqi;                    /**< -1 when NA */
    int level;                  /**< 1..6; 0 when NA */
    unsigned primary;   /**< bit (1u << indicator) per primary pollutant */
    unsigned exceeding; /**< bit per indicator with IAQI > 100 (N4.6.3) */
    unsigned flags;     /**< AQ_AQI_* */
} aq_aqi;

/**
 * Daily AQI (N4.7) from the day's values, indexed by aq_indicator:
 * 24-hour means of SO2, NO2, PM10, PM2.5, CO, the O3 MDA8 (AQ_IND_O3_8H) and
 * the O3 daily maximum 1-hour mean (AQ_IND_O3_1H; used under R2012 only,
 * and optional: a missing O3 1-hour value does not make the AQI NA).
 * AQ_MISSING marks a missing value (N4.9).
 *
 * @return AQ_OK, or AQ_EINVALID for a negative value.
 */
AQ_API aq_status aq_aqi_daily(const aq_ruleset *rs,
                              const int64_t conc[AQ_IND_COUNT], aq_aqi *out);

/** Inputs of the real-time report at one hour (N4.8). */
typedef enum aq_hourly_input {
    AQ_HR_SO2_1H = 0,
    AQ_HR_NO2_1H,
    AQ_HR_PM10_1H,
    AQ_HR_PM25_1H,
    AQ_HR_CO_1H,
    AQ_HR_O3_1H,
    AQ_HR_O3_8H,    /**< 8-hour moving mean ending at this hour */
    AQ_HR_PM10_24H, /**< 24-hour moving means ending at this hour */
    AQ_HR_PM25_24H,
    AQ_HR_SO2_24H,
    AQ_HR_COUNT
} aq_hourly_input;

/** How PM enters the real-time report (N4.8.4). */
typedef enum aq_realtime_pm {
    AQ_REALTIME_PM_DEFAULT = 0, /**< moving24 under R2012, hourly under R2026 */
    AQ_REALTIME_PM_MOVING24,    /**< 24-hour moving means (HJ 633-2012) */
    AQ_REALTIME_PM_HOURLY       /**< 1-hour values, daily breakpoints */
} aq_realtime_pm;

/**
 * Real-time AQI (N4.8) at one hour. Under R2012: SO2/NO2/CO/O3 1-hour, the
 * O3 8-hour moving mean and the PM 24-hour moving means; SO2 1h above 800
 * falls back to the SO2 24-hour moving mean (N4.1.1). Under R2026 the six
 * 1-hour values (N4.8.1). pm selects the PM inputs (N4.8.4); under R2026 it
 * is always hourly.
 *
 * @return AQ_OK, or AQ_EINVALID for a negative value.
 */
AQ_API aq_status aq_aqi_hourly(const aq_ruleset *rs,
                               const int64_t conc[AQ_HR_COUNT],
                               aq_realtime_pm pm, aq_aqi *out);

/** A level of the AQI scale (N4.10). */
typedef struct aq_level_info {
    int level;           /**< 1..6 */
    int aqi_lo, aqi_hi;  /**< inclusive; the last is 301..500 */
    const char *name_zh; /**< 优, 良, 轻度污染, ... */
    const char *name_en; /**< Excellent, Good, Lightly polluted, ... */
    const char *level_zh; /**< 一级 ... 六级 */
    const char *color_zh; /**< 绿色 ... */
    const char *hex;     /**< "#00E400" ... */
    unsigned char rgb[3];
} aq_level_info;

/** The level (1..6) of an AQI value >= 0 (N4.10, TV-14); 0 for < 0. */
AQ_API int aq_aqi_level(int aqi);

/** Information on level 1..6. @return borrowed static data, or NULL. */
AQ_API const aq_level_info *aq_level_get(int level);

#ifdef __cplusplus
}
#endif
#endif /* AQ_AQI_H */
