/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/: the station day of aq_stats_station_day() for the
 * callers that only read its daily means, MDA8 and 1-hour maximum (the
 * streaming reducer, the unit day of hourly O3).
 */
#ifndef AQ_STATS_INTERNAL_H
#define AQ_STATS_INTERNAL_H

#include "aq/stats.h"

enum {
    /* fill the 24 o3_8h entries; without it they may be left unset (the
     * MDA8 and its label are the same either way), which saves the exact
     * value and the rounding of every window but the best */
    AQ_STATS__WINDOWS = 1u << 0,
    /* every hourly value is AQ_MISSING or within 0 and a limit of N3.2
     * (a reader has checked them): they are not checked again */
    AQ_STATS__CHECKED = 1u << 1,
    /* only the rounded values are read next (the published chain, N1.5):
     * `exact` of the station day's means, MDA8 and 1-hour maximum, and of
     * a unit day's values, is then the rounded value, not the exact mean */
    AQ_STATS__VALUES_ONLY = 1u << 3,
    /* a unit day without its daily AQI (aqi.aqi = -1, good = -1), for
     * callers that rank by the period statistics alone */
    AQ_STATS__NO_AQI = 1u << 4
};

/* What a station day needs of its day and options, resolved once per day
 * (a reducer computes every station of a day with one). */
typedef struct {
    int32_t day;
    const aq_stats_options *opts; /* checked; never NULL */
    int64_t o3_limit; /* the Grade II O3 daily limit in force (N5.1.4) */
    const aq_ruleset *rs; /* the rule set of the day (N0.1) */
} aq_stats__day;

/* Check opts (NULL: the defaults) and resolve the ruleset of `day`;
 * AQ_EINVALID for bad options. */
aq_status aq_stats__day_init(aq_stats__day *d, int32_t day,
                             const aq_stats_options *opts);

/* aq_stats_station_day() for the day of d, with AQ_STATS__* flags. */
aq_status aq_stats__station_day(
    const aq_stats__day *d,
    const int64_t hourly[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS],
    const int64_t *prev_o3, unsigned flags, aq_station_day *out);

/* The O3 8-hour means and the MDA8 (N5.1.2-N5.1.4) in aq_exact
 * arithmetic over a span of 48 hours (v, have: index 0..23 the previous
 * day, 24..47 the day), with `windows` windows (17 or 24, N5.1.3, U6) and
 * the O3 limit of N5.1.4: the unit day of hourly O3 (N5.3.2 unit_hourly)
 * and the tests' check of the station day's integer path. 0, or -1 when
 * an exact value outgrows 64-bit terms. */
int aq_stats__o3_windows(const aq_exact *v, const unsigned char *have,
                         int windows, int64_t limit,
                         aq_stat w[AQ_STATS_HOURS], aq_stat *mda8,
                         int *label);

/* aq_stats_unit_day() for the day of d (station_mda8, not unit_hourly),
 * with AQ_STATS__VALUES_ONLY and AQ_STATS__NO_AQI. */
aq_status aq_stats__unit_day(const aq_stats__day *d,
                             const aq_station_day *stations, size_t n,
                             unsigned flags, aq_unit_day *out);

#endif /* AQ_STATS_INTERNAL_H */
