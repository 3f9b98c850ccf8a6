/* SPDX-License-Identifier: MIT */
/**
 * @file aq/audit.h
 * @brief Data integrity (issue 17, 防数据造假): every station-hour of a
 *        month examined for the signatures of a stuck instrument, typed-in
 *        values, a blocked or sprayed inlet, selective outages and moved
 *        or recalibrated instruments.
 *
 * An audit reads the stored hourly values of one month and raises flags. A
 * flag never changes a value, a statistic or a rank: it points a person at
 * hours to look at, with its evidence (deciding is the data review's job).
 * The kinds and their thresholds (the policy's `audit_*` settings,
 * aq_policy_audit) are described in docs/internals/AUDIT.md.
 *
 * Hours are hour-ending labels (N1.3.3): hour index h of the month is label
 * h % 24 + 1 of day first + h / 24.
 */
#ifndef AQ_AUDIT_H
#define AQ_AUDIT_H

#include "aq/common.h"
#include "aq/date.h"
#include "aq/policy.h"
#include "aq/rules.h"
#include "aq/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a flag says. */
typedef enum aq_audit_kind {
    AQ_AUDIT_FLATLINE = 0,         /**< the same non-zero value for many
                                        consecutive valid hours */
    AQ_AUDIT_PM25_GT_PM10,         /**< PM2.5 above PM10 beyond tolerance,
                                        repeatedly */
    AQ_AUDIT_NEIGHBOUR_DIVERGENCE, /**< far below the neighbours for hours
                                        while they are high */
    AQ_AUDIT_SELECTIVE_GAPS,       /**< missing hours concentrated in the
                                        neighbours' most polluted hours */
    AQ_AUDIT_STEP_CHANGE,          /**< a lasting shift of the level
                                        against the neighbours */
    AQ_AUDIT_KIND_COUNT
} aq_audit_kind;

/** The kind's name in documents: "flatline", "pm25_gt_pm10", ... */
AQ_API const char *aq_audit_kind_code(aq_audit_kind k);

/** How a station's neighbours were chosen. */
typedef enum aq_audit_basis {
    AQ_AUDIT_BASIS_NONE = 0, /**< none (a reference site, or nobody near) */
    AQ_AUDIT_BASIS_UNIT,     /**< the other assessment stations of its unit
                                  (the unit has three or more) */
    AQ_AUDIT_BASIS_DISTANCE  /**< assessment stations within
                                  audit_neighbour_km */
} aq_audit_basis;

/** "none", "unit" or "distance". */
AQ_API const char *aq_audit_basis_code(aq_audit_basis b);

/** A value a flag's evidence gives: value in units of 10^-digits, or
 * with digits = AQ_AUDIT_FACT_DAY a day (days since 1970-01-01). */
typedef struct aq_audit_fact {
    const char *name; /**< its name in the evidence (static text) */
    int64_t value;
    int digits;
} aq_audit_fact;

#define AQ_AUDIT_FACT_DAY (-1)
#define AQ_AUDIT_FACTS_MAX 8

/** One flag. */
typedef struct aq_audit_flag {
    size_t station; /**< index for aq_audit_station_get() */
    aq_pollutant pollutant;
    aq_audit_kind kind;
    size_t from, to; /**< first and last hour index it points at */
    int hours;       /**< hours it points at (between from and to) */
    size_t n_facts;
    aq_audit_fact facts[AQ_AUDIT_FACTS_MAX];
} aq_audit_flag;

/** One station of the jurisdiction, as audited. Strings are borrowed
 * from the audit. */
typedef struct aq_audit_station {
    const char *code, *name, *unit, *unit_en; /**< name, unit_en: "" when
                                                   unknown */
    int reference;  /**< a reference site (对照点) */
    int assessment; /**< counts in its unit's values (N5.3.1) */
    aq_audit_basis basis;
    int neighbours;    /**< stations compared with */
    int hours;         /**< station-hours examined (from `since`) */
    int valid_hours;   /**< of which with at least one valid value */
    int flagged_hours; /**< of which with a flag of any pollutant */
    int flags[AQ_AUDIT_KIND_COUNT]; /**< flags listed, by kind */
} aq_audit_station;

typedef struct aq_audit aq_audit;

/**
 * Audit a month of a store.
 *
 * @param s      the store, borrowed: it must outlive the audit.
 * @param pol    the policy (its `audit_*` thresholds and the statistics
 *               settings of aq_audit_effects()), or NULL for the one
 *               stored with the data.
 * @param since  the first day listed (flags ending before it are left
 *               out; station counts start there), or AQ_AUDIT_ALL_MONTH.
 *               The whole month is examined either way.
 * @param[out] out  the audit; free with aq_audit_free().
 * @return AQ_OK; AQ_EINVALID (not a month, since outside it);
 *         AQ_ENOTFOUND (no data in the month); AQ_EPARSE (the stored
 *         policy); AQ_ESTORE; AQ_ENOMEM.
 */
AQ_API aq_status aq_audit_run(aq_audit **out, aq_store *s, const aq_policy *pol,
                              aq_period month, int32_t since, aq_error *err);

#define AQ_AUDIT_ALL_MONTH INT32_MIN

/** Release a. a may be NULL. */
AQ_API void aq_audit_free(aq_audit *a);

/** The policy in use. Borrowed. */
AQ_API const aq_policy *aq_audit_policy(const aq_audit *a);

/** The month, its first day and the first hour index listed (since). */
AQ_API aq_period aq_audit_month(const aq_audit *a);
AQ_API int32_t aq_audit_first_day(const aq_audit *a);
AQ_API size_t aq_audit_first_listed(const aq_audit *a);

/** The concentration at which neighbours count as high for
 * neighbour_divergence, micro-units (the setting, or the rule set's
 * Grade II daily limit). */
AQ_API int64_t aq_audit_high(const aq_audit *a, aq_pollutant p);

/** Stations in the store's order (unit, then code). */
AQ_API size_t aq_audit_station_count(const aq_audit *a);
AQ_API const aq_audit_station *aq_audit_station_get(const aq_audit *a,
                                                    size_t i);

/** Flags listed, by station, first hour, pollutant and kind. */
AQ_API size_t aq_audit_flag_count(const aq_audit *a);
AQ_API const aq_audit_flag *aq_audit_flag_get(const aq_audit *a, size_t i);

/** What a unit's month would be without its flagged hours (information
 * only: the ranking is never changed by an audit). */
typedef struct aq_audit_effect {
    const char *unit, *unit_en; /**< borrowed from the audit */
    int flagged_hours;          /**< flagged station-hours of the stations that
                                     count in the unit's values */
    int64_t composite;          /**< composite index in hundredths; -1 when not
                                     computed (N6.2.6) */
    int64_t composite_without;  /**< the same with the flagged hours of
                                     each flagged pollutant left out */
    int sufficient, sufficient_without; /**< N5.2.2 */
} aq_audit_effect;

/**
 * Per unit, the month's composite index with and without the flagged
 * hours (every flag of the month, `since` notwithstanding; a
 * pm25_gt_pm10 flag leaves out both PM2.5 and PM10 of its hours), by
 * the same statistics (the engine, aq_engine_period_stats_edited()).
 *
 * @param[out] out  n effects in unit order, borrowed from a.
 * @return AQ_OK; AQ_ESTORE; AQ_ENOMEM; AQ_EINVALID (policy settings).
 */
AQ_API aq_status aq_audit_effects(aq_audit *a, const aq_audit_effect **out,
                                  size_t *n, aq_error *err);

#ifdef __cplusplus
}
#endif
#endif /* AQ_AUDIT_H */
