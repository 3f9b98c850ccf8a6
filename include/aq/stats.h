/* SPDX-License-Identifier: MIT */
/**
 * @file aq/stats.h
 * @brief Assessment statistics of the national rules (N5): station-day
 *        values from hourly data, unit-day values from stations, and
 *        period statistics (month, quarter, year) from a unit's days.
 *
 * The data flow is station-hour -> station-day (N5.1) -> unit-day (N5.3,
 * with its daily AQI through aq_aqi_daily()) -> period statistic (N5.1.6,
 * N5.2, N5.4); aq/composite.h takes it on to the composite index (N6).
 * Every value is kept twice: exactly (aq_exact, a rational number of
 * micro-units) and rounded to its reporting precision (N1.1). The setting
 * rounding_chain (N1.5) says which of the two the next level consumes.
 * Nothing here uses floating point. Functions are pure: no allocation
 * that outlives a call, safe from any thread.
 */
#ifndef AQ_STATS_H
#define AQ_STATS_H

#include "aq/aqi.h"    /* aq_aqi: the daily AQI of a unit-day */
#include "aq/common.h" /* AQ_API, aq_status, aq_error */
#include "aq/date.h"   /* aq_period */
#include "aq/rules.h"  /* aq_pollutant, aq_ruleset_id */

#ifdef __cplusplus
extern "C" {
#endif

/** Which values are rounded before they are reused (N1.5). */
typedef enum aq_rounding_chain {
    AQ_ROUNDING_PUBLISHED = 0, /**< round L1, L2, L3 (default) */
    AQ_ROUNDING_FINAL = 1      /**< keep L1-L3 exact, round reported values */
} aq_rounding_chain;

/** How a unit's daily O3 is formed (N5.3.2, U5). */
typedef enum aq_unit_o3 {
    AQ_UNIT_O3_STATION_MDA8 = 0, /**< mean of the stations' MDA8 (default) */
    AQ_UNIT_O3_UNIT_HOURLY = 1   /**< MDA8 of the unit's hourly mean series */
} aq_unit_o3;

/** Options of the statistics and the composite index. Start from
 * AQ_STATS_OPTIONS_INIT; set only what differs. */
typedef struct aq_stats_options {
    unsigned int version;             /**< AQ_STATS_OPTIONS_VERSION */
    aq_ruleset_id ruleset;            /**< default AQ_RULESET_AUTO (N0.1) */
    aq_rounding_chain rounding_chain; /**< default published (N1.5) */
    aq_unit_o3 unit_o3;               /**< default station_mda8 (N5.3.2) */
    int mda8_windows;                 /**< 17 (default) or 24 (U6) */
    /** Percentage (0..100) of a unit's stations that must be valid for a
     * unit value; 0 = at least one station (N5.3.3). */
    int min_station_share;
    /** Include the O3 daily maximum 1-hour mean in the daily AQI where the
     * rule set has it (R2012, N4.7.1); default 1 (U17). */
    int daily_o3_1h;
    /** Composite divisors S_i in micro-units; 0 = the rule set's (N6.4). */
    int64_t composite_limit[AQ_POLLUTANT_COUNT];
    /** Composite weights w_i; 0 = the rule set's (N6.4). */
    int composite_weight[AQ_POLLUTANT_COUNT];
    /** A partial span (not whole months) is valid for a pollutant with at
     * least ceil(n * num / den) valid days of its n calendar days
     * (docs/spec-daily.md D2); default 27/31. */
    int partial_span_num;
    int partial_span_den;
} aq_stats_options;

#define AQ_STATS_OPTIONS_VERSION 2
#define AQ_STATS_OPTIONS_INIT                                                  \
    {                                                                          \
        AQ_STATS_OPTIONS_VERSION, AQ_RULESET_AUTO, AQ_ROUNDING_PUBLISHED,      \
            AQ_UNIT_O3_STATION_MDA8, 17, 0, 1, {0, 0, 0, 0, 0, 0},             \
            {0, 0, 0, 0, 0, 0}, 27, 31                                         \
    }

/** Hours of a natural day (N1.3.2); index h holds hour-ending label h+1. */
#define AQ_STATS_HOURS 24
/** Minimum valid hours of a daily or 24-hour mean (N2.3, N5.1.5). */
#define AQ_STATS_MIN_DAY_HOURS 20
/** Minimum valid hours of an 8-hour mean (N2.3, N5.1.2). */
#define AQ_STATS_MIN_8H_HOURS 6
/** Minimum valid daily values of a year (N5.2). */
#define AQ_STATS_MIN_YEAR_DAYS 324
/** Minimum valid 8-hour windows of an MDA8 (N5.1.4). */
#define AQ_STATS_MIN_MDA8_WINDOWS 14

/**
 * An exact non-negative or negative rational number of micro-units:
 * whole + num/den, with 0 <= num < den and num/den in lowest terms.
 */
typedef struct aq_exact {
    int64_t whole;
    int64_t num;
    int64_t den;
} aq_exact;

/** Flags of a statistic. */
enum {
    AQ_STAT_VALID = 1u << 0,        /**< meets its validity minimum */
    AQ_STAT_BY_EXCEEDANCE = 1u << 1 /**< MDA8 valid with < 14 windows
                                         because it exceeds 160 (N5.1.4) */
};

/**
 * One statistic: a mean, an MDA8, a percentile. It is computed whenever it
 * has at least one input, also when it is invalid (so it can be shown and
 * explained, N8.4); only valid ones are used by the next level.
 */
typedef struct aq_stat {
    int64_t value;  /**< rounded to its precision (N1.1), micro-units;
                         AQ_MISSING when count is 0 */
    aq_exact exact; /**< the unrounded value (0 when count is 0) */
    int count;      /**< inputs used: hours, windows, stations or days */
    unsigned flags; /**< AQ_STAT_* */
} aq_stat;

/** Whether a statistic is valid. */
#define AQ_STAT_IS_VALID(s) (((s).flags & AQ_STAT_VALID) != 0)

/** A station's values for one natural day (N5.1). */
typedef struct aq_station_day {
    /** Daily mean per pollutant; count = valid hours, valid with >= 20
     * (N5.1.5). The O3 entry is informational (O3 uses the MDA8). */
    aq_stat mean[AQ_POLLUTANT_COUNT];
    /** O3 8-hour means by the label of their last hour (index label-1),
     * valid with >= 6 hours (N5.1.2); count = valid hours. Labels outside
     * the MDA8 windows have count 0. */
    aq_stat o3_8h[AQ_STATS_HOURS];
    /** Daily maximum 8-hour O3 (N5.1.3-N5.1.4); count = valid windows. */
    aq_stat mda8;
    int mda8_label; /**< label of the window that gave the MDA8, or 0 */
    /** O3 daily maximum 1-hour value; count = valid hours; valid with at
     * least one hour [default: it can only raise the AQI]. */
    aq_stat o3_max1h;
} aq_station_day;

/**
 * A station's day from its hourly values (N5.1).
 *
 * @param day     the natural day (days since 1970-01-01); selects the
 *                rule set (N0.1) and so the 160 limit of N5.1.4.
 * @param hourly  micro-unit values per pollutant, index h = label h+1;
 *                AQ_MISSING marks a missing or invalid hour (N3.1).
 * @param prev_o3 the previous day's 24 hourly O3 values, used only with
 *                mda8_windows = 24 (windows ending at labels 1..7); NULL
 *                counts those hours as missing.
 * @param opts    options, or NULL for the defaults.
 * @param[out] out the day.
 * @return AQ_OK; AQ_EINVALID for a negative or out-of-range value (above
 *         INT64_MAX / 64 micro-units, 1.4e11 units) or bad
 *         options.
 */
AQ_API aq_status aq_stats_station_day(
    int32_t day, const int64_t hourly[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS],
    const int64_t *prev_o3, const aq_stats_options *opts, aq_station_day *out);

/**
 * Moving means of an hourly series for the real-time report (N4.8.3):
 * out[i] is the mean over the `width` hours ending at hour i (hours
 * before the series count as missing), valid with >= 6 hours (width 8)
 * or >= 20 hours (width 24); rounded to p's precision.
 *
 * @param hourly micro-unit values, AQ_MISSING for missing hours.
 * @param n      length of hourly and out.
 * @param width  8 or 24.
 * @return AQ_OK; AQ_EINVALID for another width or a negative value.
 */
AQ_API aq_status aq_stats_moving_mean(aq_pollutant p, const int64_t *hourly,
                                      size_t n, int width, aq_stat *out);

/** A unit's values for one day (N5.3) and its daily AQI (N4.7). */
typedef struct aq_unit_day {
    int32_t day;           /**< days since 1970-01-01 */
    aq_ruleset_id ruleset; /**< in force that day (N0.1) */
    int stations;          /**< stations given */
    /** Daily value per pollutant (O3 = MDA8); count = stations used. */
    aq_stat value[AQ_POLLUTANT_COUNT];
    aq_stat o3_max1h; /**< O3 daily maximum 1-hour value */
    aq_aqi aqi;       /**< the daily AQI from the rounded values */
    int good;         /**< 1: AQI <= 100; 0: > 100; -1: AQI NA */
} aq_unit_day;

/**
 * A unit's day from its stations' days (N5.3): per pollutant the mean of
 * the valid station values (published chain: of the rounded values, then
 * rounded; final chain: exact), valid when enough stations are valid
 * (N5.3.3); then the daily AQI under the rule set in force that day.
 *
 * @param stations n station days; n may be 0 (everything missing).
 * @return AQ_OK; AQ_EINVALID for bad options, or when unit_o3 is
 *         unit_hourly (that needs aq_stats_unit_day_hourly()).
 */
AQ_API aq_status aq_stats_unit_day(int32_t day, const aq_station_day *stations,
                                   size_t n, const aq_stats_options *opts,
                                   aq_unit_day *out);

/**
 * A unit's day from its stations' hourly values: the station days are
 * formed first (aq_stats_station_day()). With unit_o3 = unit_hourly the O3
 * MDA8 and daily maximum 1-hour value come from the unit's hourly series
 * (at each hour the mean of the valid station values, L2), otherwise this
 * is aq_stats_unit_day() of the station days.
 *
 * @param hourly n arrays of [pollutant][hour] micro-unit values.
 * @return as aq_stats_unit_day(), and AQ_EINVALID for a negative value.
 */
AQ_API aq_status aq_stats_unit_day_hourly(
    int32_t day, const int64_t (*hourly)[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS],
    size_t n, const aq_stats_options *opts, aq_unit_day *out);

/** The percentile of each pollutant's period statistic (N5.5, N6.2.1):
 * 0 = mean, else the percentile (CO 95, O3 90). */
AQ_API int aq_stats_period_percentile(aq_pollutant p);

/** A unit's statistics over a month, quarter or year (N5.1.6, N5.2). */
typedef struct aq_period_stats {
    aq_period period;
    aq_ruleset_id ruleset; /**< in force on the period's last day (N0.1) */
    /** SO2, NO2, PM10, PM2.5 means; CO 95th and O3 90th percentiles
     * (N5.4); count = valid days; valid by N5.2. */
    aq_stat stat[AQ_POLLUTANT_COUNT];
    /** Per pollutant, bit m-1 set when month m of the period has too few
     * valid days (N5.2: < 27, February < 25). */
    unsigned month_invalid[AQ_POLLUTANT_COUNT];
    /** Per pollutant, the valid days of month m (index m-1) within the
     * period; 0 for months outside it. */
    unsigned char month_days[AQ_POLLUTANT_COUNT][12];
    int sufficient; /**< all six statistics valid (N5.2.2) */
    /* Day counts (N5.7). A valid day is one with a defined AQI. */
    int days;          /**< calendar days in the period */
    int valid_days;    /**< days with an AQI */
    int good_days;     /**< AQI <= 100 (N5.7.1) */
    int level_days[7]; /**< days per AQI level 1..6 (index 0 unused) */
    int exceed_days;   /**< AQI > 100 (N5.7.2) */
    int heavy_days;    /**< AQI > 200 (N5.7.2) */
    /** The days covered: the period's, or the span's (aq_stats_span()). */
    aq_span span;
    /** A partial span (D2): the valid days each pollutant needs; 0 for a
     * period or a span of whole months, judged month by month (N5.2). */
    int span_min_days;
} aq_period_stats;

/**
 * Period statistics of a unit from its daily series (N5.1.6): every value
 * comes from the daily values of the whole period, never from shorter
 * periods' means. Days outside the period are ignored, so a longer series
 * may be passed.
 *
 * @param days  the unit's days, in any order.
 * @param err   if not NULL, receives the reason of a failure.
 * @return AQ_OK; AQ_EINVALID for a bad period, bad options or a day given
 *         twice; AQ_ERROR if an exact value outgrows 64-bit terms.
 */
AQ_API aq_status aq_stats_period(aq_period period, const aq_unit_day *days,
                                 size_t n, const aq_stats_options *opts,
                                 aq_period_stats *out, aq_error *err);

/** What a period falls short of (N5.2, D2). */
typedef enum aq_shortfall_kind {
    AQ_SHORT_MONTH = 1, /**< a month of the period has too few valid days */
    AQ_SHORT_YEAR = 2,  /**< a year has fewer than 324 valid days */
    AQ_SHORT_SPAN = 3   /**< a partial span has too few valid days (D2) */
} aq_shortfall_kind;

/** One failed condition of N5.2 (or D2): a pollutant, where, and its
 * numbers. */
typedef struct aq_shortfall {
    aq_shortfall_kind kind;
    aq_pollutant pollutant;
    aq_period where;  /**< the month (AQ_SHORT_MONTH) or the year; for
                           AQ_SHORT_SPAN the month of the span's last day
                           (the span is the statistics' `span`) */
    int valid_days;   /**< valid daily values there */
    int minimum_days; /**< what N5.2 asks for */
} aq_shortfall;

/** The most shortfalls a period can have: 12 months and the year, for
 * each pollutant. */
#define AQ_SHORTFALL_MAX (13 * AQ_POLLUTANT_COUNT)

/**
 * Why a period is insufficient (N5.2, N5.2.2): every month of it short of
 * valid days for a pollutant, in month order and pollutant order within a
 * month, then for a year each pollutant under 324 days in all; for a
 * partial span (D2) each pollutant short of the span's minimum.
 * @param out  room for AQ_SHORTFALL_MAX entries.
 * @return the number written; 0 when the period is sufficient.
 */
AQ_API size_t aq_stats_shortfalls(const aq_period_stats *ps,
                                  aq_shortfall out[AQ_SHORTFALL_MAX]);

/** Flags of aq_stats_span(). */
enum {
    /** Leave 29 February out of the span: its value and its calendar day
     * (D3: the year compared with has no such day). */
    AQ_SPAN_SKIP_LEAP_DAY = 1u << 0
};

/**
 * Statistics of a unit over a span of whole days (docs/spec-daily.md D1,
 * D2): as aq_stats_period() computes a period's (N5.1.6, N5.4, N5.7), from
 * the valid daily values of the span's days. Validity: a span of whole
 * calendar months is judged by N5.2 month by month (27 valid days, 25 in
 * February; a whole calendar year also 324 in all); any other span needs
 * ceil(n * partial_span_num / partial_span_den) valid days of its n
 * calendar days per pollutant. The rule set is the one in force on the
 * span's last day (N0.1). `period` is the calendar period the span is
 * (aq_span_period()), else the month of its last day.
 *
 * @param span  first <= last, at most AQ_SPAN_MAX_DAYS days.
 * @param flags AQ_SPAN_*.
 * @param days  the unit's days, in any order; days outside are ignored.
 * @return AQ_OK; AQ_EINVALID (bad span, options, a day given twice);
 *         AQ_ERROR if an exact value outgrows 64-bit terms.
 */
AQ_API aq_status aq_stats_span(aq_span span, unsigned flags,
                               const aq_unit_day *days, size_t n,
                               const aq_stats_options *opts,
                               aq_period_stats *out, aq_error *err);

/**
 * The valid days a partial span of n calendar days needs per pollutant
 * (D2): ceil(n * partial_span_num / partial_span_den); 27 of 31, 14 of 15.
 */
AQ_API int aq_stats_span_min_days(int n, const aq_stats_options *opts);

/**
 * The minimum number of valid days of a calendar month (N2.3, N5.2):
 * 25 for February (leap years too), 27 otherwise.
 */
AQ_API int aq_stats_month_min_days(int month);

/**
 * Check an options struct.
 * @return AQ_OK or AQ_EINVALID (with a message in err).
 */
AQ_API aq_status aq_stats_options_check(const aq_stats_options *opts,
                                        aq_error *err);

#ifdef __cplusplus
}
#endif
#endif /* AQ_STATS_H */
