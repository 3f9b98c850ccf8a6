/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/publish: the sentences of words.c, in Chinese
 * (zh = 1) or English, appended to an output buffer as plain text.
 */
#ifndef AQ_WORDS_INTERNAL_H
#define AQ_WORDS_INTERNAL_H

#include "aq/policy.h"
#include "aq/stats.h"
#include "lib/publish/render_internal.h"

/* The failed conditions of N5.2 or D2 (aq_stats_shortfalls()) of the
 * statistics ps: "2019-08: PM2.5 25 valid days < 27; 2019-09: ..." */
void aq_words__shortfalls(aq_rbuf *b, const aq_period_stats *ps,
                          const aq_shortfall *s, size_t n, int zh);
/* A station: "天坛（Tiantan）" / "station Tiantan" */
void aq_words__station(aq_rbuf *b, const char *code, const char *name,
                       int zh);
/* Why a unit's period is insufficient: its shortfalls and its assessment
 * stations without any valid data */
void aq_words__unit_reason(aq_rbuf *b, const aq_period_stats *ps,
                           const aq_shortfall *s, size_t n,
                           const char *const *codes,
                           const char *const *names, size_t n_stations,
                           int zh);
/* A station of `unit` short of valid days for pollutant p (N5.2) */
void aq_words__station_short(aq_rbuf *b, const char *code, const char *name,
                             const char *unit, aq_pollutant p, int valid,
                             int minimum, int zh);
/* Why a unit is not a unit of the evaluation (N5.3.1) */
void aq_words__not_evaluated(aq_rbuf *b, int stations, int reference,
                             int zh);
/* Why a month pays no amounts (P4): too few units ranked for the
 * ladders, because data were short or because the jurisdiction is small */
void aq_words__amounts_withheld(aq_rbuf *b, size_t ranked, size_t needed,
                                size_t evaluated, int zh);
/* The notice over a ranking with flagged units (P3 flagged) */
void aq_words__provisional(aq_rbuf *b, size_t flagged, size_t ranked,
                           int zh);
/* Why a sufficient unit has no composite index (N6.2.6) */
void aq_words__no_composite(aq_rbuf *b, int zh);
/* A rule set by its standards, "GB 3095-2012 / HJ 633-2012 / HJ 663-2013" */
const char *aq_words__ruleset(const aq_ruleset *rs);
/* The policy's currency unit in the reader's language */
const char *aq_words__currency(const char *unit, int zh);

/* ---- The audit (words_audit.c, issue 17), from its document ---- */

/* A kind of flag by name ("flatline" -> 长时间恒值 / constant value); an
 * unknown code as it is */
const char *aq_words__audit_kind(const char *code, int zh);
/* A value of the document as its text (the decimals it has), "—" when
 * null or absent */
const char *aq_words__audit_value(char *dst, size_t cap, const json_t *v);
/* A flag's evidence in one sentence */
void aq_words__audit_evidence(aq_rbuf *b, const json_t *flag, int zh);
/* An hour-ending label "2019-01-05T03" as "01-05 03时" / "01-05 03:00" */
void aq_words__audit_hour(char *dst, size_t cap, const char *label, int zh);
/* The bulletin's data-quality notes: the month's flags by kind (an
 * object kind -> count) and that they change nothing */
void aq_words__quality_intro(aq_rbuf *b, const json_t *by_kind,
                             long long flags, int zh);
/* One unit of the notes (an item of the bulletin's data_quality.units):
 * its composite index with and without the flagged hours, and the flags
 * of its stations by station */
void aq_words__quality_unit(aq_rbuf *b, const json_t *u, int zh);

/* Road cleanliness (issue 20): the standard and how units are ranked; why
 * a unit is not ranked (fewer dust samples than the minimum); the
 * inspections outside the cleaning hours */
void aq_words__roads_standard(aq_rbuf *b, const aq_policy_roads *std, int zh);
void aq_words__roads_few_samples(aq_rbuf *b, int samples, int minimum,
                                 int zh);
void aq_words__roads_outside(aq_rbuf *b, size_t n, const aq_policy_roads *std,
                             int zh);

/* A span of days: "2019年3月1日至15日" / "1-15 March 2019" (D1) */
void aq_words__span(aq_rbuf *b, aq_span s, int zh);
/* The notice over a provisional span ranking (D2, D4) */
void aq_words__span_notice(aq_rbuf *b, aq_span s, int days, int min_days,
                           int zh);

/* A goal of the planner (D8) in one sentence: "To leave the bottom two,
 * 桃城区 needs a monthly PM2.5 of at most 58: the remaining 9 days may
 * average at most 41." */
typedef struct aq_words_goal {
    int goal;           /* 0 reward, 1 no deduction, 2 bottom group, 3 not
                           last */
    int count;          /* the places: R, P or g */
    int met;            /* the month-to-date value does it */
    const char *unit;   /* the unit's name in the reader's language */
    int reachable, unlimited;
    long long pm25_max;
    int remaining;      /* days of the month left */
    long long daily_max; /* -1: the days left cannot */
} aq_words_goal;
void aq_words__goal(aq_rbuf *b, const aq_words_goal *g, int zh);

#endif /* AQ_WORDS_INTERNAL_H */
