/* SPDX-License-Identifier: MIT */
/**
 * @file aq/date.h
 * @brief Civil dates and calendar periods in China Standard Time (N1.3,
 *        P1). No time zone database, no DST: UTC+8 always.
 *
 * A day is an int32 count of days since 1970-01-01. An hour of a day is
 * its hour-ending label 1..24 (N1.3.3): label h covers (h-1:00, h:00].
 */
#ifndef AQ_DATE_H
#define AQ_DATE_H

#include "aq/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
AQ_API int32_t aq_day_from_civil(int year, int month, int day);

/** The civil date of a day number. Any out pointer may be NULL. */
AQ_API void aq_civil_from_day(int32_t dn, int *year, int *month, int *day);

/** Days in a month (28..31). */
AQ_API int aq_month_days(int year, int month);

/** Whether y-m-d is a real date. */
AQ_API int aq_date_valid(int year, int month, int day);

/** Parse a civil date "YYYY-MM-DD" (any real date) into a day number.
 * @return AQ_OK or AQ_EINVALID. */
AQ_API aq_status aq_day_parse(const char *text, int32_t *day);

/** Kinds of calendar period (N5.1.6). */
typedef enum aq_period_kind {
    AQ_PERIOD_MONTH = 0,
    AQ_PERIOD_QUARTER,
    AQ_PERIOD_YEAR
} aq_period_kind;

/** A calendar month, quarter or year. */
typedef struct aq_period {
    aq_period_kind kind;
    int year;
    int index; /**< month 1..12, quarter 1..4; for a year 0 (the whole
                    year) or 1..12: the year to date, January to that
                    month (累计, N5.2) */
} aq_period;

/** Parse "YYYY-MM", "YYYY-Qn" or "YYYY". @return AQ_OK or AQ_EINVALID. */
AQ_API aq_status aq_period_parse(const char *text, aq_period *out);

/** Format as "YYYY-MM", "YYYY-Qn" or "YYYY" into dst (>= 8 bytes). */
AQ_API char *aq_period_format(char *dst, size_t cap, aq_period p);

/** First and last day (inclusive) of a period. */
AQ_API void aq_period_days(aq_period p, int32_t *first, int32_t *last);

/** The period of the same kind one before (previous month/quarter/year). */
AQ_API aq_period aq_period_prev(aq_period p);

/** The same period one year earlier (for year-on-year comparison, P5). */
AQ_API aq_period aq_period_prev_year(aq_period p);

/** Month number 1..12 of the period's last day. */
AQ_API int aq_period_last_month(aq_period p);

/** Format a day as "YYYY-MM-DD" into dst (>= 11 bytes). Returns dst. */
AQ_API char *aq_day_format(char *dst, size_t cap, int32_t day);

/**
 * A span of whole days, first to last inclusive (days since 1970-01-01),
 * for the rankings of any run of days: month to date, year to date, a
 * heating season (docs/spec-daily.md, D1).
 */
typedef struct aq_span {
    int32_t first;
    int32_t last;
} aq_span;

/** The longest span, in days (a leap year). */
#define AQ_SPAN_MAX_DAYS 366

/** The span of a calendar period's days. */
AQ_API aq_span aq_span_of_period(aq_period p);

/**
 * Whether s is exactly one calendar month, quarter or whole year; if so
 * and out is not NULL, *out is that period.
 */
AQ_API int aq_span_period(aq_span s, aq_period *out);

/** Whether s starts on the first day of a month and ends on the last day
 * of a month (a span of whole calendar months, D2). */
AQ_API int aq_span_whole_months(aq_span s);

/**
 * The same calendar day one year earlier (D3): y-m-d -> (y-1)-m-d.
 * @return 1 and *out, or 0 when that day does not exist (29 February
 *         of a leap year, whose previous year has none).
 */
AQ_API int aq_day_prev_year(int32_t day, int32_t *out);

/**
 * Parse an ISO 8601 local time "YYYY-MM-DD[T ]HH:MM[:SS][offset]" where the
 * offset is "Z", "+HH:MM", "+HHMM" or "+HH"; without an offset the time is
 * UTC+8 (P1). Returns the time as minutes since 1970-01-01 00:00 in UTC+8.
 * @return AQ_OK or AQ_EPARSE.
 */
AQ_API aq_status aq_time_parse(const char *s, size_t len, int64_t *minutes);

#ifdef __cplusplus
}
#endif
#endif /* AQ_DATE_H */
