/* SPDX-License-Identifier: MIT */
/**
 * @file aq/sanction.h
 * @brief Settling a history of unit results: monthly ranks and amounts,
 *        year-on-year rise events, bottom-group streaks and the sanctions
 *        S1-S6 (P3-P6).
 *
 * aq_settlement_new() takes every unit's published results, monthly
 * (YYYY-MM) and quarterly (YYYY-Qn, for S6 only), and derives everything
 * from them in time order: nothing is stored between runs, so settling
 * the same history twice gives the same result, and changing one month
 * changes every later month that depends on it. The settlement is
 * read-only once built; every pointer it returns is borrowed from it and
 * lives until aq_settlement_free().
 */
#ifndef AQ_SANCTION_H
#define AQ_SANCTION_H

#include "aq/common.h"
#include "aq/date.h"
#include "aq/policy.h"
#include "aq/rank.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The sanctions of P6, in their evaluation order. */
typedef enum aq_sanction_id {
    AQ_S1 = 1, /**< 预警提示 warning: last */
    AQ_S2 = 2, /**< 通报批评 public criticism: rise count reaches 2 */
    AQ_S3 = 3, /**< 约谈政府主要负责同志: rise count >= 3, or streak 2 */
    AQ_S4 = 4, /**< 约谈县(市、区)委书记: streak >= 3 */
    AQ_S5 = 5, /**< 专项督察 special inspection: interviewed 3 times */
    AQ_S6 = 6  /**< 问责 accountability: worst two in 2 quarters */
} aq_sanction_id;

/** What one evidence item records. */
typedef enum aq_evidence_kind {
    AQ_EVIDENCE_RANK = 0,     /**< a unit's place in a month or quarter */
    AQ_EVIDENCE_RISE = 1,     /**< a year-on-year rise (P5) */
    AQ_EVIDENCE_INTERVIEW = 2 /**< a month with S3 and/or S4 (for S5) */
} aq_evidence_kind;

/** One fact behind a sanction. Fields unused by the kind are zero. */
typedef struct aq_evidence {
    aq_evidence_kind kind;
    aq_period period;
    /* RANK */
    aq_rank_by metric;   /**< which value was ranked */
    int rank, pos_first, pos_last, n;
    int64_t value;       /**< the ranked value, or AQ_MISSING if placed */
    /* RISE: this month's and the same month of the previous year */
    int64_t composite, prev_composite; /**< hundredths, or AQ_MISSING */
    int64_t pm25, prev_pm25;           /**< μg/m³, or AQ_MISSING */
    int rise_composite, rise_pm25;
    /* INTERVIEW */
    unsigned sanctions; /**< bit (1u << id) for S3, S4 issued that month */
} aq_evidence;

/** One cause of a sanction: the rule that fired and why. */
typedef struct aq_cause {
    const char *trigger;  /**< e.g. "P6.S3.streak"; static */
    int count;            /**< the number compared: rise count, streak,
                               interview run, quarters, or S1's position */
    int threshold;        /**< the setting it was compared with (S1: N) */
    size_t n_evidence;
    const aq_evidence *evidence;
} aq_cause;

/** A sanction issued to a unit in a month (once per unit, month, id). */
typedef struct aq_sanction {
    const char *unit;
    aq_period period;
    aq_sanction_id id;
    size_t n_causes; /**< 1, or 2 when both causes of S3 or S6 hold */
    aq_cause causes[2];
} aq_sanction;

/** Year-on-year comparison of a unit's month (P5). */
typedef struct aq_yoy {
    int comparable;     /**< both months sufficient */
    int64_t prev_composite, prev_pm25; /**< previous year, or AQ_MISSING */
    int rise_composite, rise_pm25;     /**< strictly greater this year */
    int rise;           /**< either: one rise event */
} aq_yoy;

/** One unit in one settled month. */
typedef struct aq_unit_month {
    aq_rank_entry r;     /**< rank, positions, amount (r.index: unit id) */
    int has_row;         /**< the history had a row for it this month */
    int sufficient;
    int64_t composite, pm25; /**< as given, or AQ_MISSING */
    aq_yoy yoy;
    int rise_count;      /**< rises in the window ending at this month */
    int bottom_streak;   /**< consecutive months in the worst group */
    int interview_run;   /**< the run S5 compares (per interview_run) */
    unsigned sanctions;  /**< bit (1u << id) of each sanction issued */
} aq_unit_month;

/** One settled month. */
typedef struct aq_month {
    aq_period period;
    size_t n_units;
    const aq_unit_month *units; /**< in rank order, unranked last */
    size_t n_ranked;            /**< N */
    aq_status status;           /**< AQ_OK, or AQ_EPOLICY (ladders overlap:
                                     no amounts this month) */
    const char *message;        /**< why, when status is not AQ_OK; else "" */
    size_t n_sanctions;
    const aq_sanction *sanctions; /**< by id, then by the unit's rank order */
} aq_month;

/** A settled history. Opaque. */
typedef struct aq_settlement aq_settlement;

/**
 * Settle a history. Rows may come in any order; each (unit, period) at
 * most once. The units are every unit named in any row; a unit without a
 * row in a month is treated as insufficient that month. The months
 * settled are those with at least one monthly row; a calendar month with
 * no rows breaks streaks and runs.
 *
 * @param[out] out  the settlement; free it with aq_settlement_free().
 * @return AQ_OK; AQ_EINVALID (NULL, a year period, a duplicate
 *         (unit, period), a negative value); AQ_ENOMEM. A month whose
 *         ladders overlap is not an error here: see aq_month.status.
 */
AQ_API aq_status aq_settlement_new(aq_settlement **out, const aq_policy *pol,
                                   const aq_unit_result *rows, size_t n,
                                   aq_error *err);

/** Number of settled months. */
AQ_API size_t aq_settlement_count(const aq_settlement *s);

/** The i-th settled month in time order (borrowed), or NULL. */
AQ_API const aq_month *aq_settlement_month(const aq_settlement *s, size_t i);

/** The settled month m (borrowed), or NULL if it is not in the history. */
AQ_API const aq_month *aq_settlement_find(const aq_settlement *s,
                                          aq_period m);

/** Release s. s may be NULL. */
AQ_API void aq_settlement_free(aq_settlement *s);

/** "S1".."S6". */
AQ_API const char *aq_sanction_code(aq_sanction_id id);

/** The sanction's name in Chinese (zh = 1) or English. */
AQ_API const char *aq_sanction_name(aq_sanction_id id, int zh);

/**
 * One line of evidence for a cause, e.g. "rank 12 of 13 (positions
 * 12-13)" or "2 rises: 2018-02 composite 5.60 > 5.41; 2018-03 PM2.5
 * 60 > 58", into dst (capacity cap; truncated). Returns dst.
 */
AQ_API char *aq_cause_describe(const aq_cause *c, char *dst, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* AQ_SANCTION_H */
