/* SPDX-License-Identifier: MIT */
/* Internal to src/lib/: the JSON module's set-up, shared by every file that
 * builds JSON with jansson. */
#ifndef AQ_API_INTERNAL_H
#define AQ_API_INTERNAL_H

/* Route jansson's allocations through src/util/alloc.h (once). Call before
 * creating any json_t. */
void aq_api__init(void);

#include <jansson.h>
#include <stdint.h>

#include "aq/render.h"
#include "aq/sanction.h"
#include "lib/engine/daily_internal.h"

/* doc as compact JSON text into *out (doc released); AQ_ENOMEM when doc is
 * NULL or cannot be written. */
aq_status aq_api__dump(json_t *doc, char **out, aq_error *err);
/* One row of the rows document (aq_api_rank_all(), aq_api_stream_rows()):
 * what its members say, as api_rows.c fills it from a ranking or a stream
 * and render_rows.c reads it back from a document's text. */
typedef struct aq_rows__row {
    const char *unit, *unit_en;
    const char *period; /* "2024-01", "2024-Q1", "2024" */
    char period_text[16]; /* room for it when the row is filled */
    int64_t composite; /* hundredths, or AQ_MISSING (null) */
    const char *status; /* "ranked", "flagged", "placed", "unranked" */
    int has_rank;       /* rank is a number, not null */
    long long rank;
    int sufficient; /* N5.2.2 */
} aq_rows__row;

/* The rows document of n rows; NULL when out of memory. */
json_t *aq_api__rows_doc(const aq_rows__row *rows, size_t n);

/* The rows document (api_rows.c) rendered from memory, as aq_render_rows()
 * renders its text (render_rows.c): the CLI's `rank --all` asks for the
 * text it prints, and writing the document out only to read it back cost
 * more than the rows (a national year: 2,720 unit-months, 17 ms); CSV,
 * the common case, is written from the rows themselves (JSON objects for
 * them cost 2 us a row in allocations). */
aq_status aq_render__rows_list(const aq_rows__row *rows, size_t n,
                               const char *format,
                               const aq_render_options *opts, char **out,
                               aq_error *err);

/* A count of 10^-digits (as aq_round_scaled() gives) as a JSON number: an
 * integer when digits is 0; null for AQ_MISSING. */
json_t *aq_api__scaled(int64_t v, int digits);

/* A sanction as the documents write it (P6, P7): id, names, trigger,
 * the evidence of each cause and the causes said in Chinese and English
 * (cause_zh, cause_en). */
json_t *aq_api__sanction_json(const aq_sanction *s);

/* "YYYY-MM-DD/YYYY-MM-DD" (ISO 8601 interval) of a span of days. */
char *aq_api__span_text(char *dst, size_t cap, aq_span s);

/* The ranking document of a span (D1-D5), shaped as the ranking document
 * of a period (docs/http-api.md) with from, to, days, provisional,
 * validity, minimum_days and previous_year; NULL when out of memory. */
json_t *aq_api__span_json(aq_ranking *r, const aq_span_result *sr);

/* The targets document (D7) of a computed track; source names the
 * targets file. NULL when out of memory. */
json_t *aq_api__track_json(aq_ranking *r, const aq_track_result *tr,
                           const char *source);

/* The planner's document (D8) of a computed plan; NULL when out of
 * memory. */
json_t *aq_api__plan_json(aq_ranking *r, const aq_plan_result *pr);

#endif
