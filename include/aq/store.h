/* SPDX-License-Identifier: MIT */
/**
 * @file aq/store.h
 * @brief The embedded SQLite store: the jurisdiction (units and stations),
 *        the policy text, every hourly value losslessly, the ingest log and
 *        the earmarked-fund records (P8).
 *
 * Hourly values are kept as station-day records (24 hours x 6 pollutants of
 * raw micro-unit values), so any statistic can be recomputed and explained
 * from the raw data (P9). Derived results (daily values, rankings,
 * sanctions) are computed from these records on demand, so re-running a
 * month always gives the same answer and changing one month's data changes
 * every later month (P6).
 *
 * Writes are atomic: a file's accepted observations are committed in one
 * transaction or not at all. The database uses WAL, so readers (aqrank
 * serve) see either the state before or after an ingest, never half of it.
 * One aq_store may be used by one thread at a time; open one per thread.
 */
#ifndef AQ_STORE_H
#define AQ_STORE_H

#include "aq/common.h"
#include "aq/inspection.h"
#include "aq/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct aq_store aq_store;

/** Open flags. */
enum {
    AQ_STORE_READONLY = 1u << 0, /**< no writes (serve) */
    AQ_STORE_CREATE = 1u << 1    /**< create the file if missing */
};

/** The schema version this library writes (PRAGMA user_version). */
#define AQ_STORE_SCHEMA_VERSION 5

/**
 * Open (and with AQ_STORE_CREATE create) a store, migrating an older schema
 * to AQ_STORE_SCHEMA_VERSION in one transaction.
 *
 * @param[out] out  the store; close it with aq_store_close().
 * @return AQ_OK; AQ_ENOTFOUND (no such file, without AQ_STORE_CREATE);
 *         AQ_ESTORE (not a database, newer schema, locked); AQ_EIO;
 *         AQ_ENOMEM.
 */
AQ_API aq_status aq_store_open(aq_store **out, const char *path,
                               unsigned flags, aq_error *err);

/** Close the store. s may be NULL. */
AQ_API void aq_store_close(aq_store *s);

/** One station of the jurisdiction. */
typedef struct aq_station_row {
    const char *code;    /**< station code as used in data files */
    const char *unit;    /**< the unit (county, city) it belongs to, P1 */
    const char *unit_en; /**< English unit name, or NULL */
    const char *name;    /**< station name, or NULL */
    double lon, lat;     /**< coordinates (display only); NaN if unknown */
    int reference;       /**< 1 for a reference site (对照点) */
} aq_station_row;

/**
 * Replace the jurisdiction and the policy text in one transaction. Hourly
 * data already stored for stations that remain is kept; data of stations
 * that are no longer listed is kept too but no longer used.
 *
 * @param policy_text  the policy file's text (stored verbatim), or NULL to
 *                     keep the current one.
 * @return AQ_OK; AQ_EINVALID (duplicate station, empty unit); AQ_ESTORE.
 */
AQ_API aq_status aq_store_set_jurisdiction(aq_store *s,
                                           const aq_station_row *rows,
                                           size_t n, const char *policy_text,
                                           aq_error *err);

/** Whether the store has a jurisdiction (init has run). */
AQ_API int aq_store_initialized(aq_store *s);

/**
 * The stored policy text. @param[out] out  a copy the caller frees with
 * aq_free(); "" when none is stored.
 */
AQ_API aq_status aq_store_policy_text(aq_store *s, char **out, aq_error *err);

/** Free memory returned by the library (aq_store_policy_text, ...). */
AQ_API void aq_free(void *p);

/** Units in name order. */
typedef struct aq_unit_info {
    int id;
    const char *name;
    const char *name_en; /**< "" when unknown */
    int stations;        /**< stations listed */
    int reference;       /**< of which reference sites */
} aq_unit_info;

/**
 * Call cb for each unit, in name order (UTF-8 byte order). Strings are
 * borrowed for the call only.
 */
AQ_API aq_status aq_store_each_unit(aq_store *s,
                                    aq_status (*cb)(const aq_unit_info *u,
                                                    void *payload),
                                    void *payload, aq_error *err);

/** A station as stored. */
typedef struct aq_station_info {
    int id;
    int unit_id;
    const char *code, *unit, *name;
    double lon, lat;
    int reference;
} aq_station_info;

/** Call cb for each station, by unit then code. */
AQ_API aq_status aq_store_each_station(aq_store *s,
                                       aq_status (*cb)(const aq_station_info *st,
                                                       void *payload),
                                       void *payload, aq_error *err);

/* ---- Ingest (P1, issue 3): atomic per file, idempotent ---- */

/**
 * What an ingest did. For a source already ingested (already_ingested),
 * what the log holds of its earlier ingest: its id, time, source name and
 * counts (rows, observations, values, rejects, unknown stations,
 * conflicts, problems); the rest is zero.
 */
typedef struct aq_ingest_report {
    int already_ingested;          /**< same content was ingested before */
    long ingest_id;                /**< id in the ingest log */
    char at[24];                   /**< when, UTC: 2026-12-06T16:19:21Z */
    char source[256];              /**< the source's name in the log */
    unsigned long rows;            /**< data rows read (aq_ingest_note) */
    unsigned long rejected_rows;   /**< rows refused by the reader */
    unsigned long rejected_values; /**< values refused by the reader */
    char problems[1024];           /**< the reader's first problems */
    unsigned long observations;    /**< station-hours offered */
    unsigned long values_new;      /**< hourly values added */
    unsigned long values_same;     /**< already stored with the same value */
    unsigned long values_replaced; /**< stored with another value: replaced */
    unsigned long unknown_station_obs; /**< observations of stations not in
                                            the jurisdiction (not stored) */
    unsigned long station_days;    /**< station-day records written */
    int32_t first_day, last_day;   /**< range of days touched */
    unsigned long conflicts;       /**< values given twice in the source
                                        with different values (the first
                                        is kept) */
    char first_conflict[160];      /**< the first of them, described */
    /** stations met that the jurisdiction does not list, with their
     * station-hours: "1777A (24), 1946A (24)" (truncated) */
    char unknown_stations[512];
    unsigned long added_stations;  /**< added to the jurisdiction */
    unsigned long stations_seen;   /**< jurisdiction stations in the source */
    /* road inspections (issue 20); conflicts counts an inspection given
     * twice in the source with different values (the first is kept) */
    unsigned long inspections;          /**< records offered */
    unsigned long inspections_new;      /**< stored for the first time */
    unsigned long inspections_same;     /**< stored already, unchanged */
    unsigned long inspections_replaced; /**< stored with other values:
                                             replaced, the old ones kept
                                             in road_inspection_change */
} aq_ingest_report;

/** An ingest in progress: one transaction. */
typedef struct aq_ingest aq_ingest;

/**
 * Begin an ingest of one source (a file). The source's identity (a content
 * hash, or any string that changes when the content changes) makes the
 * ingest idempotent: a source already ingested is reported as such.
 *
 * @param[out] out  the ingest; finish it with aq_ingest_commit() or
 *                  aq_ingest_abort().
 */
AQ_API aq_status aq_ingest_begin(aq_store *s, aq_ingest **out,
                                 const char *source_name,
                                 const char *content_hash, const char *format,
                                 aq_error *err);

/** Add stations the jurisdiction does not list, each as a unit of its own
 * named after its code (`aqrank ingest --add-stations`); by default their
 * observations are counted, listed and not stored. */
AQ_API void aq_ingest_add_unknown_stations(aq_ingest *ing, int on);

/**
 * How many station-days are buffered before they are written into the
 * store (0: the default, 57,824, about 64 MiB). A source larger than one
 * batch is still stored all or nothing: the write transaction stays open
 * from the first batch to aq_ingest_commit(), and holds the store's write
 * lock meanwhile. Call before the first aq_ingest_add().
 */
AQ_API void aq_ingest_set_batch(aq_ingest *ing, size_t station_days);

/** Whether the source of this ingest was already ingested. */
AQ_API int aq_ingest_is_duplicate(const aq_ingest *ing);

/**
 * Add one station-hour (hour-ending label 1..24 of day; values in
 * micro-units or AQ_MISSING). Buffered in memory per station-day; a full
 * batch is written into the store (inside the ingest's transaction), so
 * this may fail as aq_ingest_commit() does. After a failure, abort.
 */
AQ_API aq_status aq_ingest_add(aq_ingest *ing, const char *station,
                               int32_t day, int hour,
                               const int64_t value[AQ_POLLUTANT_COUNT],
                               aq_error *err);

/**
 * Record the reader's counts and problems with the ingest log entry.
 */
AQ_API void aq_ingest_note(aq_ingest *ing, unsigned long rows,
                           unsigned long rejected_rows,
                           unsigned long rejected_values,
                           const char *problems);

/**
 * Merge the buffered station-days into the store and commit, all or
 * nothing (with every batch written before). Frees ing.
 */
AQ_API aq_status aq_ingest_commit(aq_ingest *ing, aq_ingest_report *rep,
                                  aq_error *err);

/** Roll back (nothing of the source is stored) and free ing. ing may be
 * NULL. */
AQ_API void aq_ingest_abort(aq_ingest *ing);

/* ---- Road inspections (issue 20) ---- */

/**
 * Whether `unit` is a unit of the jurisdiction, by its Chinese name or its
 * English one (ASCII case ignored): the unit_known() of an inspection
 * file's rows (aq/reader.h). Lookup failures count as unknown.
 */
AQ_API int aq_ingest_knows_unit(aq_ingest *ing, const char *unit);

/**
 * Add one road inspection to the ingest. Inspections are held in memory
 * (a month of a city is thousands) and written by aq_ingest_commit() in
 * the ingest's transaction: the source is stored all or nothing, and once
 * (its content hash). An inspection is identified by its day, unit, road
 * and minute: one stored before with other values is replaced (the old
 * values kept in road_inspection_change), a value the source does not give
 * never erases a stored one; the same inspection twice in the source with
 * other values keeps the first (a conflict, counted).
 * @return AQ_OK; AQ_EINVALID (a unit not in the jurisdiction, an empty
 *         road, a minute outside the day, a negative value); AQ_ESTORE;
 *         AQ_ENOMEM.
 */
AQ_API aq_status aq_ingest_add_inspection(aq_ingest *ing,
                                          const aq_inspection *rec,
                                          aq_error *err);

/**
 * Call cb for every stored inspection with first <= day <= last, by day,
 * minute, unit name, road; rec->unit is the unit's stored (Chinese) name
 * and rec->line the line of the file it came from. Strings are borrowed
 * for the call.
 */
AQ_API aq_status aq_store_each_inspection(
    aq_store *s, int32_t first, int32_t last,
    aq_status (*cb)(const aq_inspection *rec, void *payload), void *payload,
    aq_error *err);

/** First and last day with a stored inspection; AQ_ENOTFOUND when none. */
AQ_API aq_status aq_store_inspection_days(aq_store *s, int32_t *first,
                                          int32_t *last, aq_error *err);

/* ---- Reading hourly data back ---- */

/** Hourly values of one station-day: [pollutant][label-1]. */
typedef int64_t aq_day_hours[AQ_POLLUTANT_COUNT][24];

/**
 * Call cb for every stored station-day with first <= day <= last of the
 * stations in the jurisdiction, ordered by day, then unit, then station.
 * The hours array is borrowed for the call only.
 */
AQ_API aq_status aq_store_each_station_day(
    aq_store *s, int32_t first, int32_t last,
    aq_status (*cb)(const aq_station_info *st, int32_t day,
                    const aq_day_hours *hours, void *payload),
    void *payload, aq_error *err);

/**
 * A number that changes whenever another connection commits a change to
 * the database (PRAGMA data_version), so that a reader can keep derived
 * results until the data change. -1 on error.
 */
AQ_API long aq_store_data_version(aq_store *s);

/** Station-day records and ingested sources, read in one snapshot. */
AQ_API aq_status aq_store_counts(aq_store *s, long *station_days,
                                 long *ingests, aq_error *err);

/** First and last day with any stored data; AQ_ENOTFOUND when empty. */
AQ_API aq_status aq_store_day_range(aq_store *s, int32_t *first,
                                    int32_t *last, aq_error *err);

/**
 * Check the database: SQLite's integrity check, the foreign keys, and that
 * every station-day record has the right size and comes from a logged
 * ingest. On a problem, AQ_ESTORE with the first problem in err.
 */
AQ_API aq_status aq_store_check(aq_store *s, aq_error *err);

/* ---- Cache of period results (issue 6: incremental updates) ---- */

/**
 * A text that changes whenever the data of any month touching [first,
 * last] or the jurisdiction change (written into dst, capacity cap).
 */
AQ_API aq_status aq_store_data_key(aq_store *s, int32_t first, int32_t last,
                                   char *dst, size_t cap, aq_error *err);

/** Read a cached result of exactly `size` bytes stored for (period, key).
 * @return AQ_OK, or AQ_ENOTFOUND (none, stale key, other size). */
AQ_API aq_status aq_store_cache_get(aq_store *s, const char *period,
                                    const char *key, void *dst, size_t size);

/** Store a result for (period, key); a read-only store ignores it. */
AQ_API aq_status aq_store_cache_put(aq_store *s, const char *period,
                                    const char *key, const void *data,
                                    size_t size);

/* ---- Earmarked funds (P8) ---- */

/** A spending record, or a refused request of the audit log (then
 * `reason` says why; NULL for spending). Strings borrowed for a callback
 * only. */
typedef struct aq_fund_record {
    long id;
    const char *unit, *date, *category, *description, *recorded_at;
    const char *reason;
    int64_t amount; /**< micro-units of the policy's currency unit */
} aq_fund_record;

/**
 * The ledger's check of a spending request, made inside the store's write
 * transaction: `spent` is the unit's spending so far in date order (date
 * and amount set, n of them). Returns AQ_OK to record it, or an error
 * (set in err, AQ_EPOLICY for a refusal under P8) to refuse it.
 */
typedef aq_status (*aq_fund_check_cb)(const aq_fund_record *spent, size_t n,
                                      void *payload, aq_error *err);

/**
 * Record spending from a unit's earmarked fund, in one transaction that
 * first asks check (the ledger's rules, src/lib/engine/fund.c) whether the
 * unit's recorded spending leaves room for it. A refusal is kept in the
 * audit log with its reason.
 *
 * @param unit     the unit's stored name.
 * @param[out] id_out  the new record's id (may be NULL).
 * @return AQ_OK; AQ_ENOTFOUND (no such unit); AQ_EINVALID (amount <= 0);
 *         what check returned; AQ_ESTORE.
 */
AQ_API aq_status aq_store_fund_spend(aq_store *s, const char *unit,
                                     const char *date, const char *category,
                                     int64_t amount, const char *description,
                                     aq_fund_check_cb check, void *payload,
                                     long *id_out, aq_error *err);

/** Keep a refused request in the audit log (P8). */
AQ_API aq_status aq_store_fund_refuse(aq_store *s, const char *unit,
                                      const char *date, const char *category,
                                      int64_t amount, const char *description,
                                      const char *reason, aq_error *err);

/** Call cb for every spending record, in id order. */
AQ_API aq_status aq_store_each_fund(aq_store *s,
                                    aq_status (*cb)(const aq_fund_record *rec,
                                                    void *payload),
                                    void *payload, aq_error *err);

/** Call cb for every refused request of the audit log, oldest first
 * (recorded_at = when it was refused, reason set). */
AQ_API aq_status aq_store_each_fund_refusal(
    aq_store *s, aq_status (*cb)(const aq_fund_record *rec, void *payload),
    void *payload, aq_error *err);

/** Number of refused requests in the audit log. */
AQ_API long aq_store_fund_refusals(aq_store *s);

#ifdef __cplusplus
}
#endif
#endif /* AQ_STORE_H */
