/* SPDX-License-Identifier: MIT */
/**
 * @file aq/policy.h
 * @brief The policy file: every setting of policy.md (P1-P9) and the
 *        statistics choices of standards.md that a jurisdiction makes.
 *
 * A policy file is UTF-8 text of flat `key = value` lines. `#` starts a
 * comment (at the start of a line, or after white space); a list is
 * comma-separated and may be wrapped in [ ]; a string may be wrapped in
 * double quotes. Every key may appear at most once; a key that is not set
 * keeps its built-in default, and the built-in defaults are Hengshui's
 * (policy.md; etc/hengshui.policy is the commented manual of every key).
 * Errors name the file, line and column (columns count characters, not
 * bytes) and say why.
 *
 * Money is exact: ladder amounts are int64 micro-units of currency_unit
 * (with the default 万元, one micro-unit is 0.01 CNY, one fen), parsed
 * from their decimal text by aq_decimal_parse(); no floating point.
 *
 * The struct is transparent and plain data: copy it freely; two policies
 * compare equal with memcmp() (aq_policy_init() sets every byte and the
 * parser zeroes unused list slots).
 */
#ifndef AQ_POLICY_H
#define AQ_POLICY_H

#include "aq/common.h"
#include "aq/rules.h" /* aq_ruleset_id */
#include "aq/stats.h" /* aq_rounding_chain, aq_unit_o3 */

#ifdef __cplusplus
extern "C" {
#endif

/** What a ranking orders by (P3 `rank_by` for the monthly ranking; the
 * rankings of spans also by the good-days ratio, N6.3.3, D5). */
typedef enum aq_rank_by {
    AQ_RANK_BY_COMPOSITE = 0, /**< composite index, 2 decimals (default) */
    AQ_RANK_BY_PM25 = 1,      /**< PM2.5 period mean, integer μg/m³ */
    AQ_RANK_BY_GOOD_DAYS = 2  /**< good-days ratio, 0.1 %, descending
                                   (never the policy's rank_by) */
} aq_rank_by;

/** What happens to a unit without sufficient data (P3 `insufficient_data`). */
typedef enum aq_insufficient_mode {
    AQ_INSUFFICIENT_UNRANKED = 0, /**< left out; N shrinks (default) */
    AQ_INSUFFICIENT_LAST = 1,     /**< placed after every ranked unit, by
                                       its value */
    AQ_INSUFFICIENT_FLAGGED = 2   /**< ranked by its value among the others
                                       and marked; no amount, no sanction */
} aq_insufficient_mode;

/** Which rises count toward S2/S3 (P5 `rise_count_window`). */
typedef enum aq_rise_window {
    AQ_RISE_WINDOW_CALENDAR_YEAR = 0, /**< resets each January (default) */
    AQ_RISE_WINDOW_ROLLING_12 = 1,    /**< the 12 months ending at m */
    AQ_RISE_WINDOW_SINCE_START = 2    /**< the whole history given */
} aq_rise_window;

/** How S5 counts "interviewed 3 consecutive times" (P6 `interview_run`). */
typedef enum aq_interview_run {
    AQ_INTERVIEW_RUN_MONTHS = 0,    /**< consecutive_months (default) */
    AQ_INTERVIEW_RUN_INTERVIEWS = 1 /**< consecutive_interviews */
} aq_interview_run;

/* aq_rounding_chain and aq_unit_o3 are the statistics module's
 * (aq/stats.h): the policy file only selects them. */


/** Longest ladder (P4) and most fund categories (P8) a policy may list. */
#define AQ_POLICY_LADDER_MAX 16
#define AQ_POLICY_FUND_MAX 8
#define AQ_POLICY_NAME_MAX 64
#define AQ_POLICY_PATH_MAX 256

/** Order of composite_weights / composite_limits: so2 no2 pm10 pm25 co o3. */
#define AQ_POLICY_POLLUTANTS 6

/**
 * Thresholds of the data-integrity audit (issue 17, `aqrank audit`;
 * docs/internals/AUDIT.md gives each default and its reason). A flag never
 * changes a value, a statistic or a rank. Concentrations are micro-units
 * (CO mg/m3, the others ug/m3), ratios and shares micro-units of 1 (0.5 is
 * 500000), the distance micro-units of a kilometre.
 */
typedef struct aq_policy_audit {
    /** Below it the reporting resolution dominates: a flatline's value and
     * a step's neighbour level must reach it (so2 .. o3; 20 ug/m3, CO 2) */
    int64_t min_level[AQ_POLICY_POLLUTANTS];
    /** PM2.5 > pm_ratio * PM10 + pm_margin is beyond the two analysers'
     * tolerance (1.35, 24 ug/m3) */
    int64_t pm_ratio, pm_margin;
    /** Neighbours within this distance where a unit has fewer than three
     * assessment stations (50 km) */
    int64_t neighbour_km;
    /** Far below: at most this share of the station's usual level against
     * its neighbours (0.5) */
    int64_t divergence_ratio;
    /** The neighbours are high from here; used when divergence_high_count
     * is 6 (default 0: the rule set's Grade II daily limits) */
    int64_t divergence_high[AQ_POLICY_POLLUTANTS];
    /** The neighbours' most polluted share of each clock hour's hours
     * (0.25), the share of missing hours that must fall in them (0.5),
     * and the largest chance of as many (0.002) */
    int64_t gaps_polluted_share, gaps_min_share, gaps_max_p;
    /** Relative change of the level against the neighbours (0.3), and
     * the share of days that must agree with it (0.9) */
    int64_t step_change, step_consistency;
    size_t divergence_high_count;
    int flatline_hours;       /**< consecutive valid hours (8) */
    int pm_hours;             /**< inverted hours in one day (6) */
    int min_neighbours;       /**< neighbour values needed at an hour (2) */
    int reference_neighbours; /**< nearest neighbours with a value whose
                                   median is the reference level (3) */
    int divergence_hours;     /**< consecutive hours far below (8) */
    int gaps_min_hours;       /**< missing hours needed for a test (6) */
    int step_days;            /**< days on each side of a change (7) */
} aq_policy_audit;

/**
 * The road-cleanliness standard and its ranking (issue 20; the Hengshui
 * article 《市区主干道路加大巡检保洁力度》: no more than 5 g of dust per
 * square metre, litter on the ground no more than 15 minutes, sweeping and
 * cleaning from 5:00 to 20:00). Loads are micro-units of g/m2, litter times
 * micro-units of a minute.
 */
typedef struct aq_policy_roads {
    int64_t dust_limit;   /**< a load at or below it complies (5.0) */
    int64_t litter_limit; /**< a time at or below it complies (15) */
    int min_samples;      /**< dust samples a unit needs to be ranked (4) */
    int window_start;     /**< the cleaning window, minutes after local */
    int window_end;       /**< midnight, both ends included (300, 1200) */
    /** P4 ladders of the road ranking, as reward_ladder/penalty_ladder;
     * empty (the default): no amounts */
    size_t reward_count;
    int64_t reward_ladder[AQ_POLICY_LADDER_MAX];
    size_t penalty_count;
    int64_t penalty_ladder[AQ_POLICY_LADDER_MAX];
} aq_policy_roads;

/** Every setting. Fill with aq_policy_init(), then parse over it. */
typedef struct aq_policy {
    /* P3 */
    aq_rank_by rank_by;
    aq_insufficient_mode insufficient_data;
    /* P4: amounts in micro-units of currency_unit, as magnitudes (a
     * penalty of 100 is stored as +100000000 and paid as a deduction).
     * reward[0] is for position 1; penalty[0] for the last position. */
    size_t reward_count;
    int64_t reward_ladder[AQ_POLICY_LADDER_MAX];
    size_t penalty_count;
    int64_t penalty_ladder[AQ_POLICY_LADDER_MAX];
    char currency_unit[AQ_POLICY_NAME_MAX];
    /* P5 */
    aq_rise_window rise_count_window;
    int bottom_group; /**< size of the "worst two" group (2) */
    /* P6 thresholds */
    int s2_rise_count;    /**< S2 when the count reaches this (2) */
    int s3_rise_count;    /**< S3 when the count is >= this (3) */
    int s3_bottom_streak; /**< S3 when the streak is exactly this (2) */
    int s4_bottom_streak; /**< S4 when the streak is >= this (3) */
    int s5_interviews;    /**< S5 after this many interviews (3) */
    aq_interview_run interview_run;
    int s6_quarters; /**< S6 after this many quarters in the group (2) */
    /* P8 */
    size_t fund_category_count;
    char fund_categories[AQ_POLICY_FUND_MAX][AQ_POLICY_NAME_MAX];
    /* Statistics choices of standards.md */
    aq_ruleset_id ruleset;             /**< N0.1 (auto) */
    aq_rounding_chain rounding_chain;  /**< N1.5 (published) */
    aq_unit_o3 unit_o3;                /**< N5.3.2 (station_mda8) */
    int mda8_windows;                  /**< N9 U6: 17 or 24 (17) */
    int include_reference_sites;       /**< N5.3.1: 0/1 (0) */
    int64_t min_station_share;         /**< N5.3.3: micro fraction 0..1e6 */
    int daily_o3_1h;                   /**< N4.7.1, U17: 0/1 (1) */
    size_t composite_weight_count;     /**< 0 = rule set default, or 6 */
    int64_t composite_weights[AQ_POLICY_POLLUTANTS]; /**< micro-units */
    size_t composite_limit_count;      /**< 0 = rule set default, or 6 */
    int64_t composite_limits[AQ_POLICY_POLLUTANTS];  /**< micro-units */
    char dust_days[AQ_POLICY_PATH_MAX]; /**< N5.8: "" = none, or a file */
    aq_policy_audit audit;              /**< the audit's thresholds */
    aq_policy_roads roads;              /**< the road standard (issue 20) */
    /** D2 (docs/spec-daily.md): a partial span needs ceil(n * num / den)
     * valid days of its n calendar days (27/31) */
    int partial_span_num;
    int partial_span_den;
} aq_policy;

/**
 * Fill p with the built-in defaults: Hengshui's rules (policy.md) and the
 * standards' defaults. Every byte of p is set, so two initialised
 * policies compare equal with memcmp as well.
 */
AQ_API void aq_policy_init(aq_policy *p);

/**
 * Apply the settings of a policy text on top of p (call aq_policy_init()
 * first for a policy that starts from the defaults).
 *
 * @param p       the policy to change; on failure it is left unchanged.
 * @param text    the file's bytes (need not be NUL-terminated).
 * @param len     their count.
 * @param source  the name used in errors (a path, or e.g. "<string>").
 * @param err     if not NULL, receives source, line, column and reason.
 * @return AQ_OK; AQ_EPARSE (syntax, unknown key, bad value, duplicate key,
 *         invalid UTF-8).
 */
AQ_API aq_status aq_policy_parse(aq_policy *p, const char *text, size_t len,
                                 const char *source, aq_error *err);

/**
 * The text of a policy file in UTF-8: a file saved in GB18030 (GBK) is
 * converted, like a stations file (a BOM is left for the parser to skip).
 * @param[out] text  NUL-terminated, owned by the caller (aq_free()).
 * @return AQ_OK; AQ_ENOTFOUND (no such file); AQ_EIO; AQ_EPARSE (larger
 *         than 1 MiB); AQ_ENOMEM.
 */
AQ_API aq_status aq_policy_read(const char *path, char **text, size_t *len,
                                aq_error *err);

/**
 * Read the file at path (aq_policy_read()) and apply it with
 * aq_policy_parse() on top of the defaults: p = defaults + file.
 *
 * @return AQ_OK; AQ_ENOTFOUND; AQ_EIO (cannot read); AQ_EPARSE;
 *         AQ_ENOMEM.
 */
AQ_API aq_status aq_policy_load(aq_policy *p, const char *path,
                                aq_error *err);

/**
 * The policy's statistics choices (N0.1 rule set, N1.5 rounding chain,
 * N5.3.2 unit_o3, N5.1.4 MDA8 windows, N5.3.3 min_station_share, N6.4
 * composite weights and limits) as options of aq/stats.h: the one mapping
 * that the store's ranking and the streaming ranking both use.
 * @return AQ_OK, or AQ_EINVALID with err naming the setting (a station
 *         share that is not a whole percentage, a composite weight that is
 *         not an integer, options that aq_stats_options_check() refuses).
 */
AQ_API aq_status aq_policy_stats_options(const aq_policy *p,
                                         aq_stats_options *out,
                                         aq_error *err);

/** Whether category is one the policy allows for earmarked funds (P8). */
AQ_API int aq_policy_fund_allowed(const aq_policy *p, const char *category);

/** Names of the enumerated settings, as written in a policy file
 * ("good_days" for AQ_RANK_BY_GOOD_DAYS). */
AQ_API const char *aq_rank_by_name(aq_rank_by v);

/** Parse "composite", "pm25" or "good_days". @return AQ_OK or
 * AQ_EINVALID. */
AQ_API aq_status aq_rank_by_parse(const char *text, aq_rank_by *out);
AQ_API const char *aq_insufficient_mode_name(aq_insufficient_mode v);
AQ_API const char *aq_rise_window_name(aq_rise_window v);
AQ_API const char *aq_interview_run_name(aq_interview_run v);

#ifdef __cplusplus
}
#endif
#endif /* AQ_POLICY_H */
