/* SPDX-License-Identifier: MIT */
/**
 * @file aq/reader.h
 * @brief Readers of hourly station data (P1, N1.3.3, N3): the CNEMC daily
 *        files, the UCI Beijing Multi-Site files and aqrank's own long CSV,
 *        all producing the same normalized observation.
 *
 * Every reader converts its hour convention to the canonical one: the
 * natural day and its hour-ending label 1..24 in UTC+8 (N1.3.3; TV-21).
 * Values are micro-units in the units of N1.1 (CO in mg/m³: UCI's μg/m³
 * are divided by 1000). A row that cannot be used is counted and described
 * in aq_read_stats, never silently dropped.
 */
#ifndef AQ_READER_H
#define AQ_READER_H

#include "aq/common.h"
#include "aq/inspection.h"
#include "aq/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Input formats. */
typedef enum aq_format {
    AQ_FORMAT_AUTO = 0, /**< recognized from the header */
    AQ_FORMAT_CNEMC,    /**< china_sites_YYYYMMDD.csv: date,hour,type,<codes> */
    AQ_FORMAT_UCI,      /**< PRSA_Data_<Station>_....csv */
    AQ_FORMAT_LONG,     /**< station,time,so2,no2,pm10,pm25,co,o3 */
    AQ_FORMAT_ROADS     /**< road inspections (issue 20):
                             time,unit,road,dust_g_m2,litter_minutes
                             [,inspector,note] */
} aq_format;

/** Parse "auto", "cnemc", "uci", "long" or "roads".
 * @return AQ_OK or AQ_EINVALID. */
AQ_API aq_status aq_format_parse(const char *text, aq_format *out);
AQ_API const char *aq_format_name(aq_format f);

/** One station-hour, normalized. */
typedef struct aq_obs {
    const char *station; /**< station code; borrowed for the callback only */
    int32_t day;         /**< natural day (days since 1970-01-01, UTC+8) */
    int hour;            /**< hour-ending label 1..24 (N1.3.3) */
    int64_t value[AQ_POLLUTANT_COUNT]; /**< micro-units or AQ_MISSING */
} aq_obs;

/**
 * Called once per observation. Return AQ_OK to go on; any other status
 * stops the reading and is returned by aq_read_file().
 */
typedef aq_status (*aq_obs_cb)(const aq_obs *obs, void *payload);

/**
 * Called once per accepted road inspection (AQ_FORMAT_ROADS) with the
 * payload of aq_read_file(); as aq_obs_cb, anything but AQ_OK stops the
 * reading.
 */
typedef aq_status (*aq_inspection_cb)(const aq_inspection *rec,
                                      void *payload);

/** Counts of what a read accepted and rejected. */
typedef struct aq_read_stats {
    unsigned long rows;            /**< data rows seen */
    unsigned long observations;    /**< station-hours passed to the callback */
    unsigned long values;          /**< non-missing values passed */
    unsigned long rejected_rows;   /**< rows not used at all */
    unsigned long rejected_values; /**< single values refused (negative,
                                        implausible, not a number) */
    unsigned long truncated;       /**< 1 if the file ended mid-row */
    /** the first few problems, "file:line:column: message", one per line */
    char first_problems[1024];
    /** station-hours whose six values were all missing (empty or
     * rejected); they are not passed to the callback */
    unsigned long empty_observations;
    /** all problems noted (first_problems holds the first few) */
    unsigned long problems;
    /** the format the file was read as (AQ_FORMAT_AUTO until known); for
     * road inspections (AQ_FORMAT_ROADS) observations and values count
     * the inspections passed on and their measured values */
    aq_format format;
} aq_read_stats;

/** Reading options. Start from AQ_READ_OPTIONS_INIT. */
typedef struct aq_read_options {
    unsigned version;
    aq_format format;        /**< default AQ_FORMAT_AUTO */
    /** for UCI: the station code to report (the file's station name is
     * used when NULL) */
    const char *station_override;
    /** reject a value above this many micro-units as implausible (N3.2);
     * 0 = the built-in limits */
    int64_t max_value[AQ_POLLUTANT_COUNT];
    /** strict: the first bad value or row is an error (AQ_EPARSE) instead
     * of being counted and skipped */
    int strict;
    /** if not NULL, called for every problem (rejected row or value) with
     * its location and reason: the full reject report */
    void (*problem_cb)(const char *source, unsigned long line,
                       unsigned long column, const char *message,
                       void *payload);
    void *problem_payload;
    /** road inspection files: called for every accepted record, with
     * aq_read_file()'s payload; NULL = such a file is refused (AQ_EPARSE:
     * it holds no hourly data) */
    aq_inspection_cb inspection_cb;
    /** if not NULL, whether the unit an inspection names exists (1) or
     * not (0), with aq_read_file()'s payload; a row naming a unit that does
     * not is rejected at its unit field */
    int (*unit_known)(const char *unit, void *payload);
} aq_read_options;

#define AQ_READ_OPTIONS_VERSION 1
#define AQ_READ_OPTIONS_INIT                                                   \
    {AQ_READ_OPTIONS_VERSION, AQ_FORMAT_AUTO, NULL, {0, 0, 0, 0, 0, 0}, 0,      \
     NULL, NULL, NULL, NULL}

/**
 * Read every observation of one file (plain or .gz; "-" = standard input)
 * and pass each to cb; of a road inspection file, every record to
 * opts->inspection_cb (cb is then not called).
 *
 * @param stats  if not NULL, receives the counts (also on failure).
 * @return AQ_OK; AQ_EIO (unreadable); AQ_EPARSE (unknown format, bad header,
 *         or in strict mode a bad row) with err naming file, line and
 *         column; or the status cb returned.
 */
AQ_API aq_status aq_read_file(const char *path, const aq_read_options *opts,
                              aq_obs_cb cb, void *payload,
                              aq_read_stats *stats, aq_error *err);

#ifdef __cplusplus
}
#endif
#endif /* AQ_READER_H */
