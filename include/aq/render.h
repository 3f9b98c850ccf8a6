/* SPDX-License-Identifier: MIT */
/**
 * @file aq/render.h
 * @brief Renderings of the ranking document (P7): a table for the
 *        terminal, CSV, the monthly bulletin (通报) in Markdown and HTML
 *        with inline SVG charts, and the pretty-printed JSON.
 *
 * "The JSON is the contract for every other output" (P7): every function
 * here takes the JSON text of aq_api_rank() (and, for the trend chart,
 * texts of aq_api_history()) and nothing else, so the CLI, the HTTP
 * server and any other client render the same numbers. Numbers are
 * written from the JSON values with the fixed decimals of the rules
 * (composite index and single indices 2, CO 1, percentages 1), by exact
 * decimal rounding of the value's text, never by printf("%f").
 * The column definitions are in docs/internals/RENDER.md.
 *
 * Every function returns a NUL-terminated string that the caller owns and
 * releases with aq_free(); nothing is printed. A document that is not
 * JSON, or not a ranking document (no "period" or "units"), gives
 * AQ_EPARSE with the line and column of the fault when there is one.
 */
#ifndef AQ_RENDER_H
#define AQ_RENDER_H

#include <stddef.h>

#include "aq/common.h" /* AQ_API, aq_status, aq_error */

#ifdef __cplusplus
extern "C" {
#endif

/** Rendering options. Start from AQ_RENDER_OPTIONS_INIT. */
typedef struct aq_render_options {
    unsigned int version;     /**< AQ_RENDER_OPTIONS_VERSION */
    const char *lang;         /**< "zh" (default, also for NULL) or "en" */
    const char *jurisdiction; /**< for the title, e.g. "衡水市"; NULL or ""
                                   = the document's "jurisdiction" member,
                                   else none */
    const char *const *history; /**< aq_api_history() texts for the
                                     12-month trend chart, or NULL */
    size_t n_history;
    const char *const *trend_units; /**< units (Chinese or English name)
                                         drawn in the trend, or NULL for
                                         every history given */
    size_t n_trend_units;
} aq_render_options;

#define AQ_RENDER_OPTIONS_VERSION 1
#define AQ_RENDER_OPTIONS_INIT {AQ_RENDER_OPTIONS_VERSION, "zh", NULL, NULL, 0, NULL, 0}

/**
 * The ranking as an aligned text table for a terminal (display width:
 * CJK characters count 2), followed by the sanctions and the units not
 * ranked.
 * @param opts  NULL for the defaults.
 * @param[out] out  the text; free with aq_free().
 * @return AQ_OK; AQ_EPARSE (malformed document); AQ_EINVALID (options
 *         version or lang); AQ_ENOMEM.
 */
AQ_API aq_status aq_render_table(const char *rank_json,
                                 const aq_render_options *opts, char **out,
                                 aq_error *err);

/**
 * CSV (RFC 4180, "\r\n" line ends): the header of RENDER.md and one row
 * per unit in the document's order. Language-independent.
 * @return as aq_render_table().
 */
AQ_API aq_status aq_render_csv(const char *rank_json, char **out,
                               aq_error *err);

/**
 * The monthly bulletin in Markdown (lang zh or en): title, policy error,
 * ranking table, sanctions with their causes, units not ranked, and at a
 * quarter end the quarterly ranking and any S6.
 * @return as aq_render_table().
 */
AQ_API aq_status aq_render_markdown(const char *rank_json,
                                    const aq_render_options *opts,
                                    char **out, aq_error *err);

/**
 * The bulletin as one self-contained, printable HTML page: the content of
 * the Markdown bulletin plus the charts of aq_render_chart_bars() and
 * aq_render_chart_trend() (the trend is replaced by a note when no
 * history is given). Inline CSS only; no scripts, no external resources;
 * every text from the document is escaped.
 * @return as aq_render_table(); AQ_EPARSE also for a malformed history.
 */
AQ_API aq_status aq_render_html(const char *rank_json,
                                const aq_render_options *opts, char **out,
                                aq_error *err);

/**
 * The composite index by unit as an SVG bar chart (ranked units in rank
 * order, one <rect class="bar"> each, height proportional to the index,
 * coloured by reward, penalty or neither, value labels).
 * @return as aq_render_table().
 */
AQ_API aq_status aq_render_chart_bars(const char *rank_json,
                                      const aq_render_options *opts,
                                      char **out, aq_error *err);

/**
 * The composite index over the 12 months ending at the document's period
 * as an SVG line chart, one <path class="trend"> per unit with a history
 * in opts (filtered by opts->trend_units).
 * @return as aq_render_html(); AQ_EINVALID when no history is given.
 */
AQ_API aq_status aq_render_chart_trend(const char *rank_json,
                                       const aq_render_options *opts,
                                       char **out, aq_error *err);

/**
 * The document pretty-printed (2-space indent, members in their order,
 * UTF-8 kept), ending with a newline. Any JSON is accepted.
 * @return AQ_OK; AQ_EPARSE; AQ_ENOMEM.
 */
AQ_API aq_status aq_render_json(const char *json, char **out, aq_error *err);

/**
 * Render by format name: "md" (or "markdown"), "html", "json", "csv",
 * "text" (the terminal table).
 * @return as the function it calls; AQ_EINVALID for another name.
 */
AQ_API aq_status aq_render(const char *format, const char *rank_json,
                           const aq_render_options *opts, char **out,
                           aq_error *err);

/**
 * A document as an Excel workbook (.xlsx), one sheet per section, written
 * to the file `path` (issue 21). The sheets and their columns are
 * docs/internals/RENDER.md's; names and headings are in opts->lang; numbers
 * are stored as numbers with the decimals the rules give them (indices 2,
 * concentrations whole μg/m³, CO 0.1 mg/m³, ratios 0.1 %), texts as the
 * document says them; the heading row is frozen and columns are as wide as
 * their longest text (a Chinese character counting 2).
 * The workbook is written beside `path` and renamed over it when
 * complete, so a failure leaves no partial file.
 * @param document  which document json is: "rank" (aq_api_rank(): a month,
 *        quarter or year; aq_api_rank_span(): a span of days; or the
 *        bulletin's, with its data-quality notes), "funds" (aq_api_funds()),
 *        "audit" (aq_api_audit()), "roads" (aq_api_roads(): a month of the
 *        road ranking, issue 20), "track" (aq_api_track()) or "plan"
 *        (aq_api_plan()).
 * @param opts  NULL for the defaults (lang, version); the other members are
 *        not used.
 * @return AQ_OK; AQ_EPARSE (not JSON, or not that document); AQ_EINVALID
 *         (unknown document, options, no path); AQ_EIO (the file cannot be
 *         written); AQ_ENOMEM.
 */
AQ_API aq_status aq_render_xlsx(const char *document, const char *json,
                                const aq_render_options *opts,
                                const char *path, aq_error *err);

/**
 * The rows document of aq_api_rank_all() / aq_api_stream_rows() as "csv"
 * (`unit,period,composite_index,rank`, LF line ends) or "json" (the
 * document pretty-printed).
 * @return AQ_OK; AQ_EPARSE (not a rows document); AQ_EINVALID (format);
 *         AQ_ENOMEM.
 */
AQ_API aq_status aq_render_rows(const char *rows_json, const char *format,
                                const aq_render_options *opts, char **out,
                                aq_error *err);

/**
 * A road-cleanliness document (issue 20): the month's ranking
 * (aq_api_roads()) or the rows of every month (aq_api_roads_all()), as
 * "table" (for a person, in opts->lang), "csv" (language-independent) or
 * "json" (pretty-printed). Month CSV: rank,unit,unit_en,inspections,
 * outside_window,dust_samples,dust_mean,dust_compliance,litter_samples,
 * litter_compliance,pm10,failed_roads,amount; rows CSV: unit,period,
 * dust_compliance,dust_mean,litter_compliance,rank,pm10,dust_samples,
 * inspections.
 * @return AQ_OK; AQ_EPARSE (not such a document); AQ_EINVALID (format,
 *         options); AQ_ENOMEM.
 */
AQ_API aq_status aq_render_roads(const char *format, const char *json,
                                 const aq_render_options *opts, char **out,
                                 aq_error *err);

/**
 * The audit document (aq_api_audit(), issue 17) as a table for a person
 * in Chinese ("zh", also for NULL) or English ("en"): each flag with its
 * evidence in a sentence, the stations with flagged hours, and the units'
 * composite index without them.
 * @return AQ_OK; AQ_EPARSE (not an audit document); AQ_EINVALID (lang);
 *         AQ_ENOMEM.
 */
AQ_API aq_status aq_render_audit_table(const char *audit_json, const char *lang,
                                       char **out, aq_error *err);

/**
 * The audit's flags as CSV (RFC 4180, "\r\n"), a data-review team's
 * worklist: station,station_name,unit,pollutant,kind,from,to,hours,
 * evidence (the evidence as "key=value; ..."). Language-independent.
 * @return as aq_render_audit_table().
 */
AQ_API aq_status aq_render_audit_csv(const char *audit_json, char **out,
                                     aq_error *err);

/**
 * The targets document (aq_api_track(), docs/spec-daily.md D7) as "text"
 * (a table for the terminal with its notes, in opts->lang) or "csv" (the
 * document's members, one row per unit, LF line ends).
 * @return AQ_OK; AQ_EPARSE (not that document); AQ_EINVALID (format,
 *         options); AQ_ENOMEM.
 */
AQ_API aq_status aq_render_track(const char *track_json, const char *format,
                                 const aq_render_options *opts, char **out,
                                 aq_error *err);

/**
 * The planner's document (aq_api_plan(), docs/spec-daily.md D8) as text in
 * opts->lang: the month-to-date ranking with each unit's projected rank,
 * amount and sanctions, then in words what each unit has yet to do ("to
 * leave the bottom two, 桃城区 needs a monthly PM2.5 of at most 58: the
 * remaining 9 days may average at most 41"); for a document of one unit,
 * every goal and the PM2.5 each rank takes.
 * @return AQ_OK; AQ_EPARSE (not that document); AQ_EINVALID (options);
 *         AQ_ENOMEM.
 */
AQ_API aq_status aq_render_plan(const char *plan_json,
                                const aq_render_options *opts, char **out,
                                aq_error *err);

/**
 * The daily brief (日报, aq_api_brief(), docs/spec-daily.md D9) as "md" or
 * "html" (one self-contained page) in opts->lang: the month-to-date and
 * year-to-date rankings with their changes since the previous day, the
 * targets when the brief has them, and the units at risk of a deduction
 * or a sanction with what it takes to avoid it.
 * @return AQ_OK; AQ_EPARSE (not a brief); AQ_EINVALID (format, options);
 *         AQ_ENOMEM.
 */
AQ_API aq_status aq_render_brief(const char *brief_json, const char *format,
                                 const aq_render_options *opts, char **out,
                                 aq_error *err);

#ifdef __cplusplus
}
#endif
#endif /* AQ_RENDER_H */
