/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/: the station day of aq_stats_station_day() for the
 * callers that only read its daily means, MDA8 and 1-hour maximum (the
 * streaming reducer, the unit day of hourly O3).
 */
#ifndef AQ_STATS_INTERNAL_H
#define AQ_STATS_INTERNAL_H

#include "aq/stats.h"

/* aq_stats_station_day(); with fill_windows = 0 the 24 o3_8h entries may
 * be left unset (the MDA8 and its label are the same either way), which
 * saves the exact value and the rounding of every window but the best. */
aq_status aq_stats__station_day(
    int32_t day, const int64_t hourly[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS],
    const int64_t *prev_o3, const aq_stats_options *opts, int fill_windows,
    aq_station_day *out);

#endif /* AQ_STATS_INTERNAL_H */
