/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/: every day, not only at month end
 * (docs/spec-daily.md). The rankings of spans of days with their
 * year-on-year comparison (span.c, D1-D5), how far each unit is from its
 * year's targets (track.c, D6-D7), and what the rest of a month must be
 * for each rank (planner.c, D8). The publish layer writes them as
 * documents (api_span.c, api_track.c, api_plan.c, api_brief.c).
 */
#ifndef AQ_DAILY_INTERNAL_H
#define AQ_DAILY_INTERNAL_H

#include "aq/plan.h"
#include "aq/targets.h"
#include "lib/engine/ranking_internal.h"

/* One unit over a span. */
typedef struct aq_span_unit {
    aq_unit_period now;  /* the span's statistics and composite index */
    aq_unit_period cmp;  /* the days compared with the previous year (D3):
                            the span without 29 February; = now otherwise */
    aq_unit_period prev; /* the same calendar days a year earlier */
    int comparable;      /* cmp and prev both sufficient (D3) */
} aq_span_unit;

/* A span's ranking (D1-D5). */
typedef struct aq_span_result {
    aq_span span;
    aq_span prev;          /* the previous year's days (D3); prev.first >
                              prev.last when there are none */
    int leap_left_out;     /* D3: 29 February left out of the comparison
                              on the span's side (1) or the previous
                              year's (2); 0 when neither has one */
    aq_rank_by by;
    size_t nunits;         /* the engine's units */
    aq_span_unit *units;   /* [unit] */
    size_t n;              /* the units of the evaluation (N5.3.1) */
    size_t *unit_of;       /* [n]: row -> engine unit */
    aq_unit_result *rows;  /* [n] */
    aq_rank_entry *entries; /* [n], in rank order; entries[i].index is the
                               row */
    size_t n_ranked;       /* N */
} aq_span_result;

/* The ranking of span s by `by` (D1-D5): every unit's statistics, the
 * comparison with the same days of the previous year, the ranking of the
 * units of the evaluation (P3 ties and insufficient_data).
 * AQ_OK; AQ_EINVALID (a span longer than AQ_SPAN_MAX_DAYS);
 * AQ_ENOTFOUND (a span ending after the last day with data); AQ_ESTORE;
 * AQ_ENOMEM. */
aq_status aq_span__compute(aq_ranking *r, aq_span s, aq_rank_by by,
                           aq_span_result **out, aq_error *err);
void aq_span__free(aq_span_result *sr);

/* The rank entry of engine unit u, or NULL when it is not a unit of the
 * evaluation. */
const aq_rank_entry *aq_span__entry(const aq_span_result *sr, size_t u);

/* The last day with data in the store of r. */
aq_status aq_span__last_day(aq_ranking *r, int32_t *day, aq_error *err);

/* How far a unit is from its targets (D7). Targets are -1 when none. */
typedef struct aq_track_unit {
    size_t unit;              /* engine unit */
    const aq_target_row *target; /* NULL: no row for the year */
    int64_t pm25;             /* to date, μg/m³, or AQ_MISSING */
    int pm25_days;
    int allowance_status;     /* AQ_OK, AQ_EINSUFFICIENT (unreachable),
                                 AQ_ENOTFOUND (no target or no days
                                 left) */
    int64_t allowance;
    int pm25_reachable;       /* 1, 0, or -1: no target */
    int good_days, valid_days;
    int64_t good_ratio;       /* tenths, or -1 */
    int needed_status;        /* AQ_OK, AQ_EINSUFFICIENT, AQ_ENOTFOUND */
    int needed;
    int heavy_days;
} aq_track_unit;

typedef struct aq_track_result {
    int32_t date;
    int year;
    int remaining;            /* calendar days after date to 31 December */
    aq_span_result *ytd;      /* 1 January .. date, by the policy's rank_by */
    size_t n;
    aq_track_unit *units;     /* in the year-to-date ranking's order */
} aq_track_result;

/* Targets of the year of `date` against 1 January .. date (D7). Rows of
 * the targets file whose unit is not in the jurisdiction are an error
 * naming the file, line and column (AQ_EINVALID). */
aq_status aq_track__compute(aq_ranking *r, const aq_targets *t, int32_t date,
                            aq_track_result **out, aq_error *err);
void aq_track__free(aq_track_result *tr);

/* The goals of D8, each a place by the positions of P3 or a rank. */
enum { AQ_GOAL_REWARD, AQ_GOAL_NO_DEDUCTION, AQ_GOAL_LEAVE_BOTTOM,
       AQ_GOAL_NOT_LAST, AQ_GOAL_COUNT };

/* What it takes, and the days to come (D8). */
typedef struct aq_plan_step {
    int k;                  /* the rank (or last position) */
    aq_plan_limit limit;
    int daily_status;       /* AQ_OK; AQ_EINSUFFICIENT; AQ_ENOTFOUND (no
                               days left, unreachable or unlimited) */
    int64_t daily_max;
} aq_plan_step;

typedef struct aq_plan_unit_result {
    size_t unit;            /* engine unit */
    int has_value;          /* the planner applies (its value exists) */
    aq_plan_step *thresholds; /* [n_thresholds]: k = 1 .. N */
    int goal_valid[AQ_GOAL_COUNT]; /* the policy has the goal */
    aq_plan_step goals[AQ_GOAL_COUNT];
    int goal_met[AQ_GOAL_COUNT];   /* its month-to-date value does it */
    const aq_unit_month *projected; /* its month in the projection */
} aq_plan_unit_result;

typedef struct aq_plan_result {
    aq_period month;
    int32_t date;
    aq_span span;            /* the month's first day .. date */
    int remaining;           /* days of the month after date */
    aq_span_result *mtd;     /* by the policy's rank_by */
    size_t n_thresholds;     /* N */
    size_t n;
    aq_plan_unit_result *units; /* in the month-to-date ranking's order */
    aq_settlement *projection;
    const aq_month *projected; /* the month in the projection */
} aq_plan_result;

/* The planner for month m through `date` (inside m), for every unit of
 * the evaluation or only `unit` (engine index, or (size_t)-1) (D8). */
aq_status aq_plan__compute(aq_ranking *r, aq_period m, int32_t date,
                           size_t unit, aq_plan_result **out, aq_error *err);
void aq_plan__free(aq_plan_result *pr);

#endif /* AQ_DAILY_INTERNAL_H */
