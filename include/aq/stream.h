/* SPDX-License-Identifier: MIT */
/**
 * @file aq/stream.h
 * @brief Unit rankings straight from hourly files, no database (issue 6):
 *        one pass over files in any format the readers know (aqrank's
 *        long CSV in any column layout, UCI, CNEMC: aq/reader.h), memory
 *        bounded by stations x open days.
 *
 * Every rule is the library's: station-days and unit-days come from
 * aq_stats_station_day()/aq_stats_unit_day() (or aq_stats_unit_day_hourly()
 * with unit_o3 = unit_hourly), periods from aq_stats_period(), indices
 * from aq_composite_compute(), ranks from aq_rank_compute(). This module
 * only reads, groups and schedules.
 *
 * Input that is time-major (all stations of an hour, then the next hour,
 * as national data arrive) is reduced day by day: a day is closed when
 * data `window_days` days later arrive. Rows that arrive for a day already
 * closed make the run start again with every day kept open until the end
 * (correct for any order, memory then stations x days). A large plain
 * file is read in parts on all cores; the parts are put together exactly
 * (the results are those of one reader), or, when the parts share more
 * than the days at their borders, the file is read again by one reader.
 * See docs/internals/STREAM.md.
 */
#ifndef AQ_STREAM_H
#define AQ_STREAM_H

#include "aq/common.h"
#include "aq/date.h"
#include "aq/policy.h"
#include "aq/rank.h"
#include "aq/stations.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct aq_stream aq_stream;

/** Options. Start from AQ_STREAM_OPTIONS_INIT. */
typedef struct aq_stream_options {
    unsigned version;
    /** 1: every month that has rows; 0: only `period` */
    int all;
    /** the one period (month, quarter or year) when all = 0 */
    aq_period period;
    /** days kept open behind the newest day (>= 2); 0 = default 3 */
    int window_days;
    /** 1: use more than one thread (default); 0: one thread */
    int threads;
    /** with threads = 1, one plain file (not gzip, not standard input) is
     * read by several readers in parallel, each taking the next of 4
     * parts per reader when it is done: 0 = one reader per core (at most
     * 8); n = up to n readers (at most 8). Parts are at least
     * min_part_bytes. Anything else, or 1, is read by one reader while a
     * second thread reduces the closed days. */
    int readers;
    /** the smallest part of a file; 0 = 8 MiB */
    long min_part_bytes;
    /** a reader that finds no part left splits the part being read
     * that has the most left, at a day's first row, when at least this
     * is left: 0 = 4 MiB; negative = never */
    long min_split_bytes;
} aq_stream_options;

#define AQ_STREAM_OPTIONS_VERSION 3
#define AQ_STREAM_OPTIONS_INIT                                                 \
    {AQ_STREAM_OPTIONS_VERSION, 1, {AQ_PERIOD_MONTH, 0, 0}, 0, 1, 0, 0, 0}

/**
 * One unit's result for one period. A run has one for every unit of the
 * evaluation (a unit with a station that counts: N5.3.1) in every period
 * it reports, with rows in that period or not, as the store's ranking
 * has: with `all`, every month from the first to the last month with
 * data (a row with a value of a station of the list); else the asked
 * period, when it has data.
 */
typedef struct aq_stream_result {
    const char *unit;  /**< unit name (owned by the station list) */
    aq_period period;
    int sufficient;    /**< all six statistics valid (N5.2.2) */
    int64_t composite; /**< hundredths, or AQ_MISSING (N6.2.6) */
    int64_t pm25;      /**< PM2.5 statistic in micro-units, or AQ_MISSING */
    aq_rank_status status;
    int rank;          /**< competition rank (N6.3), also of a placed or
                            flagged unit (P3); 0 when not ranked */
} aq_stream_result;

/** What a run read. */
typedef struct aq_stream_stats {
    unsigned long rows;            /**< data rows */
    unsigned long unknown_rows;    /**< rows of stations not in the list */
    unsigned long reference_rows;  /**< rows of excluded reference sites */
    unsigned long outside_rows;    /**< rows outside the asked period */
    unsigned long rejected_rows;   /**< bad time, empty station, short row */
    unsigned long rejected_values; /**< not a number, negative, too large */
    unsigned long restarts;        /**< 1 when the input was not in time
                                        order and everything was read again */
    unsigned long station_days;    /**< station-days reduced */
    unsigned long parts;           /**< parts of the file that gave the
                                        results (1: not split) */
    unsigned long splits;          /**< of those, parts split off others
                                        while they were read */
    unsigned long split_abandoned; /**< 1 when the parts could not be put
                                        together and one reader read again */
    char first_unknown[64];        /**< the first unknown station code */
    char first_problem[256];       /**< "file:line:column: message" of the
                                        first, as the readers word it */
    unsigned long general_rows;    /**< of `rows`, those read by the
                                        readers' general path (files in
                                        another format, spellings the hot
                                        loop leaves to it) */
} aq_stream_stats;

/**
 * Create a run over a station list (borrowed; it must outlive the run)
 * with the policy's statistics choices (rounding chain, unit_o3,
 * mda8_windows, min_station_share, include_reference_sites, composite
 * weights and limits, rank_by, insufficient_data).
 * @return AQ_OK; AQ_EINVALID (bad options or policy); AQ_ENOMEM.
 */
AQ_API aq_status aq_stream_new(aq_stream **out, const aq_stations *stations,
                               const aq_policy *policy,
                               const aq_stream_options *opts, aq_error *err);

/** Release a run. s may be NULL. */
AQ_API void aq_stream_free(aq_stream *s);

/**
 * Read the files (plain or gzip; "-" = standard input, which cannot be
 * read twice: out-of-order rows there are an error) and compute every
 * result. Call once.
 * @return AQ_OK; AQ_EIO; AQ_EPARSE (a header of no known format, a bad
 *         header, standard input in a format other than the long CSV: err
 *         names file and line); AQ_ENOMEM; AQ_ERROR.
 */
AQ_API aq_status aq_stream_run(aq_stream *s, const char *const *paths,
                               size_t n, aq_error *err);

/** Results, sorted by period, then unit name (bytes). */
AQ_API size_t aq_stream_result_count(const aq_stream *s);
AQ_API const aq_stream_result *aq_stream_result_get(const aq_stream *s,
                                                    size_t i);

/** The counts of the run. */
AQ_API const aq_stream_stats *aq_stream_get_stats(const aq_stream *s);

#ifdef __cplusplus
}
#endif
#endif /* AQ_STREAM_H */
