/* SPDX-License-Identifier: MIT */
/**
 * @file aq/api.h
 * @brief The JSON contract: every document that aqrank publishes (the CLI's
 *        --format json, the HTTP API under /api/v1/, and the data behind the
 *        Markdown, HTML and CSV renderings) is produced here, once.
 *
 * Each function reads the store and returns a JSON text that the caller
 * owns and releases with aq_free(). Numbers that the rules round (indices,
 * concentrations, ratios) are written from exact integers, never from
 * binary floating point.
 */
#ifndef AQ_API_H
#define AQ_API_H

#include "aq/audit.h"
#include "aq/common.h"
#include "aq/date.h"
#include "aq/policy.h"
#include "aq/rank.h"
#include "aq/ranking.h"
#include "aq/render.h"
#include "aq/stations.h"
#include "aq/store.h"
#include "aq/stream.h"
#include "aq/targets.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * {"units":[{"unit","unit_en","stations","reference_stations"}]}
 * @param[out] out  JSON text, owned by the caller (aq_free()).
 */
AQ_API aq_status aq_api_units(aq_store *s, char **out, aq_error *err);

/** {"stations":[{"station","unit","name","lon","lat","reference"}]} */
AQ_API aq_status aq_api_stations(aq_store *s, char **out, aq_error *err);

/** {"first_day","last_day","months":["YYYY-MM",...]} (months with data) */
AQ_API aq_status aq_api_months(aq_store *s, char **out, aq_error *err);

/**
 * Data coverage per station and month (issue 3, `aqrank db check`):
 * {"coverage":[{"station","unit","month","days","hours":{"so2":N,...},
 * "possible_hours":N}]}, months with any stored value only.
 */
AQ_API aq_status aq_api_coverage(aq_store *s, char **out, aq_error *err);

/** {"status":"ok","version","schema_version","units","stations",
 * "station_days","ingests"}: the store's size, for monitoring */
AQ_API aq_status aq_api_health(aq_store *s, char **out, aq_error *err);

/**
 * The ranking of a month, quarter or year (P3-P7): units in rank order
 * with statistics, indices, amounts, year-on-year changes; the sanctions
 * issued in the period; the units not ranked and why. The shape is
 * documented in docs/http-api.md. r must cover the period (a quarter or
 * year: up to its last month, or the last month with data).
 * @return AQ_OK; AQ_ENOTFOUND (period outside the data); AQ_ENOMEM.
 */
AQ_API aq_status aq_api_rank(aq_ranking *r, aq_period p, char **out,
                             aq_error *err);

/**
 * The ranking of any span of whole days (docs/spec-daily.md D1-D5): the
 * ranking document of a period, with `from`, `to`, `days`, `provisional`
 * (true unless the span is one calendar month, quarter or year),
 * `validity` ("months": N5.2 month by month; "partial": D2),
 * `minimum_days`, `previous_year` (the days compared, D3) and each unit's
 * `yoy` against the same calendar days of the previous year. No amounts
 * and no sanctions (P4-P6 settle months). The units are ranked by `by`
 * (composite index, PM2.5, or the good-days ratio descending, N6.3.3).
 * r may be any ranking of the store.
 * @return AQ_OK; AQ_EINVALID (a span of more than AQ_SPAN_MAX_DAYS days,
 *         or from > to); AQ_ENOTFOUND (a span ending after the last day
 *         with data); AQ_ENOMEM.
 */
AQ_API aq_status aq_api_rank_span(aq_ranking *r, aq_span s, aq_rank_by by,
                                  char **out, aq_error *err);

/** As a date of the daily documents: the last day with data. */
#define AQ_DATE_LATEST INT32_MIN

/**
 * How far each unit of the evaluation is from its targets of the year of
 * `date` (docs/spec-daily.md D6, D7): {"date","year","from","to",
 * "remaining_days","targets","rank_by","ranked_units","units":[{"unit",
 * "unit_en","sufficient_to_date","pm25_to_date","pm25_days","pm25_target",
 * "remaining_days","pm25_allowance","pm25_reachable","good_days",
 * "valid_aqi_days","good_days_ratio","good_days_ratio_target",
 * "good_days_needed","good_days_reachable","heavy_days",
 * "heavy_days_target","heavy_days_left","composite_to_date",
 * "rank_to_date"}]}, the units in the order of the year-to-date ranking.
 * @param date  a day, or AQ_DATE_LATEST for the last day with data.
 * @return AQ_OK; AQ_EINVALID naming the targets file, line and column
 *         (a unit not in the jurisdiction, or given twice for a year);
 *         AQ_ENOTFOUND (a date after the data); AQ_ENOMEM.
 */
AQ_API aq_status aq_api_track(aq_ranking *r, const aq_targets *t,
                              int32_t date, char **out, aq_error *err);

/**
 * The planner (docs/spec-daily.md D8): every unit's month taken as its
 * month-to-date values through `date`; for each unit (or only `unit`),
 * in the order of the month-to-date ranking: {"unit","unit_en","rank",
 * "sufficient","composite_index","pm25","pm25_days","remaining_days",
 * "thresholds":[{"rank","pm25_max","daily_pm25_max"}] (pm25_max null when
 * out of reach; "unlimited":true added when any PM2.5 does),
 * "goals":[{"goal","place","by","met","pm25_max","daily_pm25_max",
 * "reachable","unlimited","text_zh","text_en"}],
 * "projected":{"rank","positions","amount","sanctions",...}}, with the
 * month's "month","date","from","to","days","remaining_days","rank_by",
 * "ranked_units","minimum_days","amounts_withheld","currency_unit".
 * r must cover the month (aq_ranking_build() up to it).
 * @param date  a day of the month, or AQ_DATE_LATEST: the last day with
 *              data (the month's last day when the data go beyond it).
 * @param unit  a unit's Chinese or English name, or NULL for every unit.
 * @return AQ_OK; AQ_EINVALID (a date outside the month); AQ_ENOTFOUND (no
 *         such unit, a month or date outside the data); AQ_ENOMEM.
 */
AQ_API aq_status aq_api_plan(aq_ranking *r, aq_period month, int32_t date,
                             const char *unit, char **out, aq_error *err);

/**
 * The daily brief (日报, docs/spec-daily.md D9) of `date`:
 * {"kind":"brief","date","month","year","remaining_days",
 * "month_to_date": the span document of the month's first day to date,
 * "year_to_date": that of 1 January to date (each unit with
 * "previous_rank", "rank_change", "composite_change", "pm25_change":
 * since the same span ending the day before), "targets": the targets
 * document (aq_api_track()) or null without t, "at_risk": the units of
 * the planner's document (aq_api_plan()) that would lose an amount or be
 * sanctioned if the month ended now}. Render with aq_render_brief().
 * r must cover the month of date.
 * @param t     the targets, or NULL.
 * @param date  a day, or AQ_DATE_LATEST.
 * @return as aq_api_track() and aq_api_plan().
 */
AQ_API aq_status aq_api_brief(aq_ranking *r, const aq_targets *t,
                              int32_t date, char **out, aq_error *err);

/**
 * Every unit-month of r, one row each, by month, then unit name (bytes),
 * as `aqrank rank --all` lists them: {"rows":[{"unit","unit_en","period",
 * "composite_index","rank"}]}. Render with aq_render_rows().
 * @return AQ_OK; AQ_ENOMEM.
 */
AQ_API aq_status aq_api_rank_all(aq_ranking *r, char **out, aq_error *err);

/**
 * The rows document of aq_api_rank_all() from a streaming run (after
 * aq_stream_run()) over the station list st: the same rows, written by
 * the same code.
 */
AQ_API aq_status aq_api_stream_rows(const aq_stream *s, const aq_stations *st,
                                    char **out, aq_error *err);

/**
 * The rows document of aq_api_rank_all() / aq_api_stream_rows() rendered
 * in format ("csv", "table", "json"), as aq_render_rows() renders its
 * text, without writing the document out and reading it back in between
 * (`aqrank rank --all` prints what these return).
 * @return as aq_render_rows(); AQ_ENOMEM.
 */
AQ_API aq_status aq_api_rank_all_as(aq_ranking *r, const char *format,
                                    const aq_render_options *opts, char **out,
                                    aq_error *err);
AQ_API aq_status aq_api_stream_rows_as(const aq_stream *s,
                                       const aq_stations *st,
                                       const char *format,
                                       const aq_render_options *opts,
                                       char **out, aq_error *err);

/**
 * The monthly bulletin (P7) of month p in a format of aq_render() ("md",
 * "html", "json", "csv", "text"): the ranking document with, when the
 * month has flags of the data-integrity audit (aq_api_audit(), issue 17),
 * its data-quality notes ("data_quality": the flags by kind and the units
 * whose values rest on flagged hours, with their composite index without
 * them; docs/http-api.md), rendered; for HTML with every unit's history
 * for the 12-month trend. The one call of `aqrank report` and of the
 * server's /api/v1/bulletin.
 * @param opts  lang and jurisdiction (its history members are ignored).
 * @return AQ_OK; AQ_ENOTFOUND (month outside the data); AQ_EINVALID
 *         (format, options, audit settings); AQ_ESTORE; AQ_ENOMEM.
 */
AQ_API aq_status aq_api_bulletin(aq_ranking *r, aq_period p,
                                 const char *format,
                                 const aq_render_options *opts, char **out,
                                 aq_error *err);

/** A unit's monthly series with the previous year's same months:
 * {"unit","unit_en","months":[...]} */
AQ_API aq_status aq_api_history(aq_ranking *r, const char *unit, char **out,
                                aq_error *err);

/**
 * Every sanction issued, filtered by unit (NULL = all), period (NULL = all;
 * a quarter or year matches its months) and id (0 = all):
 * {"sanctions":[...]}.
 */
AQ_API aq_status aq_api_sanctions(aq_ranking *r, const char *unit,
                                  const aq_period *period, int id,
                                  char **out, aq_error *err);

/**
 * The explanation of one unit's month (P9): the chain from its stations'
 * hourly values to daily values, the monthly statistics, the indices, the
 * rank, the amount and each sanction, citing the rule at every step:
 * {"unit","period","steps":[{"step","rule","text",...}],"stations":[...],
 *  "days":[...],"statistics":{...},"composite":{...},"rank":{...},
 *  "sanctions":[...]}.
 * @return AQ_OK; AQ_ENOTFOUND (unit or month); AQ_ENOMEM.
 */
AQ_API aq_status aq_api_explain(aq_ranking *r, const char *unit, aq_period p,
                                char **out, aq_error *err);

/**
 * The latest day of each unit, for the dashboard's map: the last day of
 * the last month with data on which the unit has a daily AQI:
 * {"units":[{"unit","unit_en","date","aqi","level","level_zh","level_en",
 * "color"}]} (date, aqi and level null when that month has none).
 */
AQ_API aq_status aq_api_latest(aq_ranking *r, char **out, aq_error *err);

/** Render an explanation document as readable text (lang "zh" or "en"). */
AQ_API aq_status aq_explain_text(const char *json, const char *lang,
                                 char **out, aq_error *err);

/**
 * Settle unit results you already have (aq_settlement_new(), P3-P6) and
 * write one month (month) or every month (month NULL) as "text", "csv"
 * or "json" (the shapes of docs/internals/POLICY.md, `aqrank settle`).
 * @param source  the results' file name, for the message when the month
 *                is not in them.
 * @return AQ_OK; AQ_EINVALID (bad rows or format); AQ_ENOTFOUND (month);
 *         AQ_EPOLICY (a month whose ladders overlap, P4: nothing is
 *         written); AQ_ENOMEM.
 */
AQ_API aq_status aq_api_settle(const aq_policy *pol,
                               const aq_unit_result *rows, size_t n,
                               const aq_period *month, const char *source,
                               const char *format, char **out,
                               aq_error *err);

/**
 * The data-integrity audit of a month (issue 17, aq/audit.h):
 * {"month","since","unit","settings":{...},"flags":[{"station",
 * "station_name","unit","unit_en","pollutant","kind","from","to","hours",
 * "evidence":{...},"kind_zh","kind_en","text_zh","text_en"}],
 * "stations":[{"station","name","unit","unit_en",
 * "reference","assessment","neighbour_basis","neighbours","hours",
 * "valid_hours","flagged_hours","flagged_share","flags":{...}}],
 * "units":[{"unit","unit_en","flagged_hours","composite_index",
 * "composite_index_without_flags","change","sufficient",
 * "sufficient_without_flags"}]}, documented in docs/http-api.md.
 *
 * @param pol    the policy, or NULL for the one stored with the data.
 * @param unit   only this unit's stations (Chinese or English name), or
 *               NULL for all.
 * @param since  the first day listed, or AQ_AUDIT_ALL_MONTH.
 * @return AQ_OK; AQ_EINVALID (since outside the month); AQ_ENOTFOUND (no
 *         data in the month, no such unit); AQ_ESTORE; AQ_ENOMEM.
 */
AQ_API aq_status aq_api_audit(aq_store *s, const aq_policy *pol,
                              aq_period month, const char *unit, int32_t since,
                              char **out, aq_error *err);

/**
 * The road-cleanliness ranking of a month (issue 20): every unit of the
 * jurisdiction with its inspections, dust samples, mean dust load
 * (g/m2, 0.01), dust compliance (percent of samples at or below the
 * standard, 0.1), litter samples and compliance, the roads that failed
 * most and its PM10 of the month (the air statistics, when valid), ranked
 * by dust compliance then mean load (P3 ties), a unit with fewer dust
 * samples than the policy's minimum not ranked, with the reason; amounts
 * when the policy gives the road ranking ladders (P4). A month without
 * inspections is a document with no samples, not an error. The shape is
 * documented in docs/http-api.md.
 * @param pol  the policy, or NULL for the one stored with the data.
 * @return AQ_OK; AQ_EINVALID (not a month); AQ_EPARSE (the stored policy);
 *         AQ_ESTORE; AQ_ENOMEM.
 */
AQ_API aq_status aq_api_roads(aq_store *s, const aq_policy *pol,
                              aq_period month, char **out, aq_error *err);

/**
 * Every unit in every month with road inspections, beside its PM10 of the
 * month (issue 20, whether cleaner roads go with lower PM10):
 * {"indicator":"roads","rows":[{"unit","unit_en","period","inspections",
 * "dust_samples","dust_compliance","dust_mean","litter_compliance","rank",
 * "pm10"}]}, by month, then unit name. Render with aq_render_roads().
 * @return as aq_api_roads().
 */
AQ_API aq_status aq_api_roads_all(aq_store *s, const aq_policy *pol,
                                  char **out, aq_error *err);

#ifdef __cplusplus
}
#endif
#endif /* AQ_API_H */
