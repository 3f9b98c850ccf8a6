/* SPDX-License-Identifier: MIT */
/**
 * @file aq/engine.h
 * @brief From stored hourly values to each unit's period results (P1, P2):
 *        station-days, unit-days with their AQI, and month, quarter or
 *        year statistics, computed by the national rules (aq/stats.h).
 *
 * An engine reads a store once per range of days it is asked about and
 * keeps the unit-day series in memory, so that every period (a month, its
 * quarter, the same month a year earlier) is computed from the same daily
 * values, and never from shorter periods' results (N5.1.6).
 */
#ifndef AQ_ENGINE_H
#define AQ_ENGINE_H

#include "aq/common.h"
#include "aq/date.h"
#include "aq/stats.h"
#include "aq/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct aq_engine aq_engine;

/** Engine settings. Start from AQ_ENGINE_OPTIONS_INIT. */
typedef struct aq_engine_options {
    unsigned version;
    aq_stats_options stats;
    /** Count reference sites (对照点) in a unit's values; default 0, as
     * national practice (N5.3.1). */
    int include_reference_sites;
} aq_engine_options;

#define AQ_ENGINE_OPTIONS_VERSION 1
#define AQ_ENGINE_OPTIONS_INIT                                                 \
    {AQ_ENGINE_OPTIONS_VERSION, AQ_STATS_OPTIONS_INIT, 0}

/**
 * Create an engine over an open store (borrowed: it must outlive the
 * engine).
 * @return AQ_OK; AQ_EINVALID (bad options); AQ_ESTORE; AQ_ENOMEM.
 */
AQ_API aq_status aq_engine_new(aq_engine **out, aq_store *s,
                               const aq_engine_options *opts, aq_error *err);

/** Release e. e may be NULL. */
AQ_API void aq_engine_free(aq_engine *e);

/** Number of units of the jurisdiction. */
AQ_API size_t aq_engine_unit_count(const aq_engine *e);

/** A unit of the jurisdiction, index 0..count-1 (name order). Borrowed. */
AQ_API const aq_unit_info *aq_engine_unit(const aq_engine *e, size_t i);

/**
 * Whether unit i is a unit of the evaluation (N5.3.1): its value is the
 * mean of its assessment stations, so it needs at least one; reference
 * sites (对照点) count only when the options include them.
 */
AQ_API int aq_engine_unit_evaluated(const aq_engine *e, size_t i);

/** Index of the unit named name (Chinese or English name, the English
 * one without regard to ASCII case), or -1. */
AQ_API int aq_engine_find_unit(const aq_engine *e, const char *name);

/**
 * Compute the unit-days of [first, last] at once (periods inside the range
 * are then computed without reading the store again).
 */
AQ_API aq_status aq_engine_load(aq_engine *e, int32_t first, int32_t last,
                                aq_error *err);

/**
 * Statistics of every unit for a period (indexed like the units).
 *
 * @param[out] out  n = aq_engine_unit_count() results, borrowed from e and
 *                  valid until the next call on e.
 * @return AQ_OK; AQ_ESTORE; AQ_ENOMEM; AQ_EINVALID.
 */
AQ_API aq_status aq_engine_period_stats(aq_engine *e, aq_period p,
                                        const aq_period_stats **out,
                                        aq_error *err);

/**
 * An edit of one station's stored day before it enters its unit's values:
 * it may set hours to AQ_MISSING (a what-if, e.g. the audit's "without
 * the flagged hours", issue 17). Called only for the stations that count
 * in their unit's values (N5.3.1).
 */
typedef void (*aq_engine_edit_cb)(const aq_station_info *st, int32_t day,
                                  aq_day_hours *hours, void *payload);

/**
 * Statistics of every unit for a period as aq_engine_period_stats() gives
 * them, by the same rules and options, but from the stored hours as edit
 * changes them. The engine's own days are left as they are.
 *
 * @param[out] out  aq_engine_unit_count() results (caller's array).
 * @return AQ_OK; AQ_ESTORE; AQ_ENOMEM; AQ_EINVALID (an edited value is
 *         negative).
 */
AQ_API aq_status aq_engine_period_stats_edited(aq_engine *e, aq_period p,
                                               aq_engine_edit_cb edit,
                                               void *payload,
                                               aq_period_stats *out,
                                               aq_error *err);

/**
 * Statistics of every unit over a span of whole days (aq_stats_span(),
 * docs/spec-daily.md D1, D2), indexed like the units.
 *
 * @param flags AQ_SPAN_* of aq/stats.h.
 * @param[out] out  n = aq_engine_unit_count() results, borrowed from e and
 *                  valid until the next call on e.
 * @return AQ_OK; AQ_EINVALID (a span longer than AQ_SPAN_MAX_DAYS);
 *         AQ_ESTORE; AQ_ENOMEM.
 */
AQ_API aq_status aq_engine_span_stats(aq_engine *e, aq_span s, unsigned flags,
                                      const aq_period_stats **out,
                                      aq_error *err);

/**
 * The daily series of one unit over a period: n days from the period's
 * first day, borrowed until the next call on e.
 */
AQ_API aq_status aq_engine_unit_days(aq_engine *e, size_t unit, aq_period p,
                                     const aq_unit_day **out, size_t *n,
                                     aq_error *err);

/** Calendar months that have stored data, oldest first. */
AQ_API aq_status aq_engine_data_months(aq_engine *e, aq_period *first,
                                       aq_period *last, aq_error *err);

/** Callback of aq_engine_each_station_day(): one station's day with the
 * statistics derived from it (for explanations, P9). */
typedef aq_status (*aq_station_day_cb)(const aq_station_info *st,
                                       int32_t day, const aq_day_hours *hours,
                                       const aq_station_day *sd,
                                       void *payload);

/** Every stored station-day of one unit within a period; unit (size_t)-1
 * walks every unit's stations. */
AQ_API aq_status aq_engine_each_station_day(aq_engine *e, size_t unit,
                                            aq_period p,
                                            aq_station_day_cb cb,
                                            void *payload, aq_error *err);

/** Callback of aq_engine_each_station_period(): one station's statistics
 * over a period, judged by the rules that judge a unit's (N5.1.6, N5.2):
 * its valid days per pollutant, the months short of them, its
 * sufficiency. The station's strings live until the callback returns. */
typedef aq_status (*aq_station_period_cb)(const aq_station_info *st,
                                          const aq_period_stats *ps,
                                          void *payload);

/**
 * The period statistics of every station with stored data in period p,
 * each as if it were a unit of its own (N5.3 with one station), in the
 * order the stations first appear in the period. Reference sites are
 * included only when `assessment_only` is 0.
 * @return AQ_OK; AQ_ESTORE; AQ_ENOMEM; or what cb returns.
 */
AQ_API aq_status aq_engine_each_station_period(aq_engine *e, aq_period p,
                                               int assessment_only,
                                               aq_station_period_cb cb,
                                               void *payload, aq_error *err);

#ifdef __cplusplus
}
#endif
#endif /* AQ_ENGINE_H */
