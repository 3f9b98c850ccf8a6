/* SPDX-License-Identifier: MIT */
/*
 * The policy file (include/aq/policy.h): built-in Hengshui defaults and a
 * parser for flat `key = value` lines. The parser is table-driven: each
 * key names a setter that validates its value and writes one field, so an
 * error can always point at the line and column of the offending text.
 * It parses into a copy and commits only when the whole text is valid.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "aq/decimal.h"
#include "aq/policy.h"
#include "lib/base/text_internal.h"
#include "util/alloc.h"

/* ---- Defaults (policy.md, standards.md) ---- */

/* The audit's thresholds (issue 17): each is explained, with the
 * measurement that chose it, in docs/internals/AUDIT.md. */
static void audit_defaults(aq_policy_audit *a)
{
    static const int64_t min_level[AQ_POLICY_POLLUTANTS] = {
        20 * AQ_MICRO, 20 * AQ_MICRO, 20 * AQ_MICRO,
        20 * AQ_MICRO, 2 * AQ_MICRO,  20 * AQ_MICRO};

    memcpy(a->min_level, min_level, sizeof min_level);
    a->flatline_hours = 8;
    a->pm_ratio = 1350000;
    a->pm_margin = 24 * AQ_MICRO;
    a->pm_hours = 6;
    a->neighbour_km = 50 * AQ_MICRO;
    a->min_neighbours = 2;
    a->reference_neighbours = 3;
    a->divergence_ratio = 500000;
    a->divergence_high_count = 0; /* the rule set's daily limits */
    a->divergence_hours = 8;
    a->gaps_min_hours = 6;
    a->gaps_polluted_share = 250000;
    a->gaps_min_share = 500000;
    a->gaps_max_p = 2000;
    a->step_days = 7;
    a->step_change = 300000;
    a->step_consistency = 900000;
}

/* The road standard (issue 20), from the Hengshui article
 * 《市区主干道路加大巡检保洁力度》: 每平方米浮尘不得高于5克, 地面垃圾停留时间
 * 不超过15分钟, 5时至20时实行两扫全保; at least 4 dust samples a month for
 * a ranked unit (the number); no ladders of its own. */
static void roads_defaults(aq_policy_roads *r)
{
    r->dust_limit = 5 * AQ_MICRO;
    r->litter_limit = 15 * AQ_MICRO;
    r->min_samples = 4;
    r->window_start = 5 * 60;
    r->window_end = 20 * 60;
}

void aq_policy_init(aq_policy *p)
{
    static const int64_t ladder[4] = {100 * AQ_MICRO, 80 * AQ_MICRO,
                                      60 * AQ_MICRO, 40 * AQ_MICRO};

    memset(p, 0, sizeof *p);
    p->rank_by = AQ_RANK_BY_COMPOSITE;               /* P3 */
    p->insufficient_data = AQ_INSUFFICIENT_UNRANKED; /* P3 */
    p->reward_count = 4;                             /* P4 */
    memcpy(p->reward_ladder, ladder, sizeof ladder);
    p->penalty_count = 4;
    memcpy(p->penalty_ladder, ladder, sizeof ladder);
    snprintf(p->currency_unit, sizeof p->currency_unit, "%s", "万元");
    p->rise_count_window = AQ_RISE_WINDOW_CALENDAR_YEAR; /* P5 */
    p->bottom_group = 2;                                 /* P5, P6 */
    p->s2_rise_count = 2;                                /* P6 */
    p->s3_rise_count = 3;
    p->s3_bottom_streak = 2;
    p->s4_bottom_streak = 3;
    p->s5_interviews = 3;
    p->interview_run = AQ_INTERVIEW_RUN_MONTHS;
    p->s6_quarters = 2;
    p->fund_category_count = 2; /* P8 */
    snprintf(p->fund_categories[0], AQ_POLICY_NAME_MAX, "%s",
             "air_pollution_control_project");
    snprintf(p->fund_categories[1], AQ_POLICY_NAME_MAX, "%s",
             "supervision_capacity");
    p->ruleset = AQ_RULESET_AUTO;              /* N0.1 */
    p->rounding_chain = AQ_ROUNDING_PUBLISHED; /* N1.5 */
    p->unit_o3 = AQ_UNIT_O3_STATION_MDA8;      /* N5.3.2 */
    p->mda8_windows = 17;                      /* N9 U6 */
    p->include_reference_sites = 0;            /* N5.3.1 */
    p->min_station_share = 0;                  /* N5.3.3 */
    p->daily_o3_1h = 1;                        /* N4.7.1, U17 */
    p->partial_span_num = 27;                  /* D2: 27 of 31 days */
    p->partial_span_den = 31;
    /* composite_weights/limits empty = the rule set's (N6.2, N6.4);
     * dust_days "" = none (N5.8) */
    audit_defaults(&p->audit);
    roads_defaults(&p->roads);
}

int aq_policy_fund_allowed(const aq_policy *p, const char *category)
{
    size_t i;

    for (i = 0; category && i < p->fund_category_count; i++)
        if (!strcmp(p->fund_categories[i], category))
            return 1;
    return 0;
}

const char *aq_rank_by_name(aq_rank_by v)
{
    return v == AQ_RANK_BY_PM25        ? "pm25"
           : v == AQ_RANK_BY_GOOD_DAYS ? "good_days"
                                       : "composite";
}

aq_status aq_rank_by_parse(const char *text, aq_rank_by *out)
{
    static const aq_rank_by all[] = {AQ_RANK_BY_COMPOSITE, AQ_RANK_BY_PM25,
                                     AQ_RANK_BY_GOOD_DAYS};
    size_t i;

    for (i = 0; text && i < sizeof all / sizeof all[0]; i++)
        if (!strcmp(text, aq_rank_by_name(all[i]))) {
            *out = all[i];
            return AQ_OK;
        }
    return AQ_EINVALID;
}

const char *aq_insufficient_mode_name(aq_insufficient_mode v)
{
    return v == AQ_INSUFFICIENT_LAST      ? "last"
           : v == AQ_INSUFFICIENT_FLAGGED ? "flagged"
                                          : "unranked";
}

const char *aq_rise_window_name(aq_rise_window v)
{
    switch (v) {
    case AQ_RISE_WINDOW_ROLLING_12: return "rolling_12";
    case AQ_RISE_WINDOW_SINCE_START: return "since_start";
    default: return "calendar_year";
    }
}

const char *aq_interview_run_name(aq_interview_run v)
{
    return v == AQ_INTERVIEW_RUN_INTERVIEWS ? "consecutive_interviews"
                                            : "consecutive_months";
}

/* ---- Parsing ---- */

/* One value being parsed: the text [s, e) and where it starts, so that a
 * setter can report the column of the exact element it rejects. */
typedef struct pval {
    const char *s, *e;
    const char *line; /* start of the line, for columns */
    const char *source;
    unsigned long lineno;
    aq_error *err;
} pval;

/* Columns count UTF-8 characters: every byte that is not a continuation
 * byte (10xxxxxx) starts one. */
static unsigned long column_of(const char *line, const char *at)
{
    unsigned long col = 1;

    for (; line < at; line++)
        if (((unsigned char)*line & 0xC0) != 0x80)
            col++;
    return col;
}

static aq_status fail_at(const pval *v, const char *at, const char *fmt,
                         const char *a1, const char *a2)
{
    char msg[200];

    snprintf(msg, sizeof msg, fmt, a1 ? a1 : "", a2 ? a2 : "");
    return aq_error_set_at(v->err, AQ_EPARSE, v->source, v->lineno,
                           column_of(v->line, at), "%s", msg);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

static void trim(const char **s, const char **e)
{
    while (*s < *e && is_space(**s))
        (*s)++;
    while (*e > *s && is_space((*e)[-1]))
        (*e)--;
}

/* The value text as a NUL-terminated copy in buf (truncated at cap). */
static const char *value_text(const char *s, const char *e, char *buf,
                              size_t cap)
{
    size_t n = (size_t)(e - s);

    if (n >= cap)
        n = cap - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

static int value_is(const pval *v, const char *word)
{
    size_t n = strlen(word);

    return (size_t)(v->e - v->s) == n && !memcmp(v->s, word, n);
}

/* Match the value against names[]; store the index. */
static aq_status set_enum(const pval *v, const char *const *names, int *out,
                          const char *expect)
{
    char buf[64];
    int i;

    for (i = 0; names[i]; i++)
        if (value_is(v, names[i])) {
            *out = i;
            return AQ_OK;
        }
    return fail_at(v, v->s, "expected %s, got \"%s\"", expect,
                   value_text(v->s, v->e, buf, sizeof buf));
}

static aq_status set_bool(const pval *v, int *out)
{
    static const char *const t[] = {"yes", "on", "true", "1", NULL};
    static const char *const f[] = {"no", "off", "false", "0", NULL};
    int i;

    for (i = 0; t[i]; i++)
        if (value_is(v, t[i])) {
            *out = 1;
            return AQ_OK;
        }
    for (i = 0; f[i]; i++)
        if (value_is(v, f[i])) {
            *out = 0;
            return AQ_OK;
        }
    {
        char buf[64];
        return fail_at(v, v->s, "expected yes or no (on/off), got \"%s\"%s",
                       value_text(v->s, v->e, buf, sizeof buf), NULL);
    }
}

/* A decimal number in [s, e) as micro-units, within [lo, hi]. */
static aq_status parse_number(const pval *v, const char *s, const char *e,
                              int64_t lo, int64_t hi, const char *what,
                              int64_t *out)
{
    char buf[64];

    if (s == e)
        return fail_at(v, s, "expected %s, got nothing%s", what, NULL);
    if (aq_decimal_parse(s, (size_t)(e - s), out) < 0)
        return fail_at(v, s, "expected %s, got \"%s\"", what,
                       value_text(s, e, buf, sizeof buf));
    if (*out < lo || *out > hi)
        return fail_at(v, s, "%s is out of range for %s",
                       value_text(s, e, buf, sizeof buf), what);
    return AQ_OK;
}

/* A whole number in [lo, hi] (a count or threshold). */
static aq_status set_int(const pval *v, int lo, int hi, int *out)
{
    char what[64];
    int64_t x;
    aq_status rc;

    snprintf(what, sizeof what, "a whole number from %d to %d", lo, hi);
    if ((rc = parse_number(v, v->s, v->e, (int64_t)lo * AQ_MICRO,
                           (int64_t)hi * AQ_MICRO, what, &x)) < 0)
        return rc;
    if (x % AQ_MICRO)
        return fail_at(v, v->s, "expected %s, got a fraction%s", what, NULL);
    *out = (int)(x / AQ_MICRO);
    return AQ_OK;
}

/* A fraction "num/den" of whole numbers, 1 <= num <= den <= 1000 (D2). */
static aq_status set_fraction(const pval *v, int *num, int *den)
{
    const char *slash = memchr(v->s, '/', (size_t)(v->e - v->s));
    pval part = *v;
    int a, b;
    aq_status rc;

    if (!slash)
        return fail_at(v, v->s,
                       "expected a fraction of whole numbers such as "
                       "27/31%s%s",
                       NULL, NULL);
    part.e = slash;
    trim(&part.s, &part.e);
    if ((rc = set_int(&part, 1, 1000, &a)) < 0)
        return rc;
    part.s = slash + 1;
    part.e = v->e;
    trim(&part.s, &part.e);
    if ((rc = set_int(&part, 1, 1000, &b)) < 0)
        return rc;
    if (a > b)
        return fail_at(v, v->s,
                       "the fraction must be at most 1 (num <= den)%s%s",
                       NULL, NULL);
    *num = a;
    *den = b;
    return AQ_OK;
}

/* A comma list of numbers, optionally in [ ]; empty allowed when
 * `allow_empty`; exactly `exact` elements when exact > 0. */
static aq_status set_list(const pval *v, int64_t *dst, size_t *count,
                          size_t max, size_t exact, int64_t lo, int64_t hi,
                          const char *what)
{
    int64_t tmp[AQ_POLICY_LADDER_MAX];
    const char *s = v->s, *e = v->e, *p;
    size_t n = 0;
    aq_status rc;

    if (s < e && *s == '[') {
        if (e[-1] != ']')
            return fail_at(v, e, "missing ']' at the end of the list%s%s",
                           NULL, NULL);
        s++;
        e--;
        trim(&s, &e);
    }
    if (s == e) { /* empty: no ladder, or the rule set's own values */
        memset(dst, 0, max * sizeof *dst);
        *count = 0;
        return AQ_OK;
    }
    for (p = s;;) {
        const char *q = p, *a, *b;
        while (q < e && *q != ',')
            q++;
        a = p;
        b = q;
        trim(&a, &b);
        if (n == max) {
            char lim[32];
            snprintf(lim, sizeof lim, "%zu", max);
            return fail_at(v, a, "too many values: at most %s%s", lim,
                           NULL);
        }
        if ((rc = parse_number(v, a, b, lo, hi, what, &tmp[n])) < 0)
            return rc;
        n++;
        if (q == e)
            break;
        p = q + 1;
    }
    if (exact && n != exact) {
        char want[32];
        snprintf(want, sizeof want, "%zu", exact);
        return fail_at(v, v->s, "expected exactly %s values (so2, no2, "
                       "pm10, pm25, co, o3) or none%s", want, NULL);
    }
    memset(dst, 0, max * sizeof *dst);
    memcpy(dst, tmp, n * sizeof *tmp);
    *count = n;
    return AQ_OK;
}

/* A string: the value, or the text inside double quotes. */
static aq_status set_string(const pval *v, char *dst, size_t cap,
                            int allow_empty)
{
    const char *s = v->s, *e = v->e;

    if (s < e && *s == '"') {
        if (e - s < 2 || e[-1] != '"')
            return fail_at(v, e, "missing closing '\"'%s%s", NULL, NULL);
        s++;
        e--;
        if (memchr(s, '"', (size_t)(e - s)))
            return fail_at(v, memchr(s, '"', (size_t)(e - s)),
                           "unexpected '\"' inside a string%s%s", NULL, NULL);
    }
    if (s == e && !allow_empty)
        return fail_at(v, v->s, "expected a non-empty value%s%s", NULL, NULL);
    if ((size_t)(e - s) >= cap)
        return fail_at(v, v->s, "value too long%s%s", NULL, NULL);
    memcpy(dst, s, (size_t)(e - s));
    dst[e - s] = '\0';
    return AQ_OK;
}

static int is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static aq_status set_categories(const pval *v, aq_policy *p)
{
    char names[AQ_POLICY_FUND_MAX][AQ_POLICY_NAME_MAX];
    const char *s = v->s, *e = v->e, *at;
    size_t n = 0;

    if (s < e && *s == '[' && e[-1] == ']') {
        s++;
        e--;
        trim(&s, &e);
    }
    memset(names, 0, sizeof names);
    for (at = s; s < e;) {
        const char *q = at, *a, *b, *c;
        while (q < e && *q != ',')
            q++;
        a = at;
        b = q;
        trim(&a, &b);
        if (a == b)
            return fail_at(v, a, "expected a category name%s%s", NULL, NULL);
        for (c = a; c < b; c++)
            if (!is_ident_char(*c))
                return fail_at(v, c, "a category name has only a-z, 0-9 "
                               "and _%s%s", NULL, NULL);
        if (n == AQ_POLICY_FUND_MAX || b - a >= AQ_POLICY_NAME_MAX)
            return fail_at(v, a, "too many or too long categories%s%s",
                           NULL, NULL);
        memcpy(names[n++], a, (size_t)(b - a));
        if (q == e)
            break;
        at = q + 1;
    }
    memcpy(p->fund_categories, names, sizeof names);
    p->fund_category_count = n;
    return AQ_OK;
}

enum key_id {
    K_RANK_BY, K_INSUFFICIENT, K_REWARD, K_PENALTY, K_CURRENCY, K_RISE_WINDOW,
    K_BOTTOM_GROUP, K_S2_RISE, K_S3_RISE, K_S3_STREAK, K_S4_STREAK,
    K_S5_INTERVIEWS, K_INTERVIEW_RUN, K_S6_QUARTERS, K_FUND, K_RULESET,
    K_ROUNDING, K_UNIT_O3, K_MDA8, K_REFERENCE, K_MIN_SHARE, K_O3_1H,
    K_WEIGHTS, K_LIMITS, K_DUST, K_PARTIAL_SPAN, K_A_MIN_LEVEL,
    K_A_FLAT_HOURS, K_A_PM_RATIO, K_A_PM_MARGIN, K_A_PM_HOURS, K_A_NB_KM,
    K_A_NB_MIN, K_A_NB_REF, K_A_DIV_RATIO, K_A_DIV_HIGH, K_A_DIV_HOURS,
    K_A_GAPS_HOURS,
    K_A_GAPS_POLLUTED, K_A_GAPS_SHARE, K_A_GAPS_P, K_A_STEP_DAYS,
    K_A_STEP_CHANGE, K_A_STEP_CONSISTENCY, K_R_DUST, K_R_LITTER,
    K_R_SAMPLES, K_R_WINDOW, K_R_REWARD, K_R_PENALTY, K_COUNT
};

static const char *const key_names[K_COUNT] = {
    "rank_by", "insufficient_data", "reward_ladder", "penalty_ladder",
    "currency_unit", "rise_count_window", "bottom_group", "s2_rise_count",
    "s3_rise_count", "s3_bottom_streak", "s4_bottom_streak", "s5_interviews",
    "interview_run", "s6_quarters", "fund_categories", "ruleset",
    "rounding_chain", "unit_o3", "mda8_windows", "include_reference_sites",
    "min_station_share", "daily_o3_1h", "composite_weights",
    "composite_limits", "dust_days", "partial_span_min", "audit_min_level",
    "audit_flatline_hours", "audit_pm25_pm10_ratio", "audit_pm25_pm10_margin",
    "audit_pm25_pm10_hours", "audit_neighbour_km", "audit_min_neighbours",
    "audit_reference_neighbours", "audit_divergence_ratio",
    "audit_divergence_high", "audit_divergence_hours", "audit_gaps_min_hours",
    "audit_gaps_polluted_share", "audit_gaps_min_share", "audit_gaps_max_p",
    "audit_step_days", "audit_step_change", "audit_step_consistency",
    "roads_dust_limit", "roads_litter_minutes", "roads_min_samples",
    "roads_window", "roads_reward_ladder", "roads_penalty_ladder",
};

static aq_status apply_audit(aq_policy_audit *a, enum key_id k, const pval *v);
static aq_status apply_roads(aq_policy_roads *r, enum key_id k, const pval *v);

/* 10^9 units: far above any real ladder, far below int64 overflow when a
 * tie adds a few amounts together. */
#define AMOUNT_MAX (INT64_C(1000000000) * AQ_MICRO)

/* A ladder of P4 (the air ranking's, or the road ranking's) */
static aq_status set_ladder(const pval *v, int64_t *dst, size_t *count,
                            int penalty)
{
    return set_list(v, dst, count, AQ_POLICY_LADDER_MAX, 0, 0, AMOUNT_MAX,
                    penalty ? "an amount >= 0 (a deduction, written positive)"
                            : "an amount >= 0");
}

static aq_status apply(aq_policy *p, enum key_id k, const pval *v)
{
    static const char *const rank_by[] = {"composite", "pm25", NULL};
    static const char *const insuff[] = {"unranked", "last", "flagged", NULL};
    static const char *const window[] = {"calendar_year", "rolling_12",
                                         "since_start", NULL};
    static const char *const run[] = {"consecutive_months",
                                      "consecutive_interviews", NULL};
    static const char *const rules[] = {"auto", "r2012", "r2026", NULL};
    static const char *const chain[] = {"published", "final", NULL};
    static const char *const o3[] = {"station_mda8", "unit_hourly", NULL};
    int x = 0;
    aq_status rc = AQ_OK;

    switch (k) {
    case K_RANK_BY:
        if ((rc = set_enum(v, rank_by, &x, "composite or pm25")) == AQ_OK)
            p->rank_by = (aq_rank_by)x;
        return rc;
    case K_INSUFFICIENT:
        if ((rc = set_enum(v, insuff, &x, "unranked, last or flagged")) == AQ_OK)
            p->insufficient_data = (aq_insufficient_mode)x;
        return rc;
    case K_REWARD:
        return set_ladder(v, p->reward_ladder, &p->reward_count, 0);
    case K_PENALTY:
        return set_ladder(v, p->penalty_ladder, &p->penalty_count, 1);
    case K_CURRENCY:
        return set_string(v, p->currency_unit, sizeof p->currency_unit, 0);
    case K_RISE_WINDOW:
        if ((rc = set_enum(v, window, &x,
                           "calendar_year, rolling_12 or since_start")) ==
            AQ_OK)
            p->rise_count_window = (aq_rise_window)x;
        return rc;
    case K_BOTTOM_GROUP: return set_int(v, 1, 1000, &p->bottom_group);
    case K_S2_RISE: return set_int(v, 1, 1000, &p->s2_rise_count);
    case K_S3_RISE: return set_int(v, 1, 1000, &p->s3_rise_count);
    case K_S3_STREAK: return set_int(v, 1, 1000, &p->s3_bottom_streak);
    case K_S4_STREAK: return set_int(v, 1, 1000, &p->s4_bottom_streak);
    case K_S5_INTERVIEWS: return set_int(v, 1, 1000, &p->s5_interviews);
    case K_INTERVIEW_RUN:
        if ((rc = set_enum(v, run, &x,
                           "consecutive_months or consecutive_interviews")) ==
            AQ_OK)
            p->interview_run = (aq_interview_run)x;
        return rc;
    case K_S6_QUARTERS: return set_int(v, 1, 1000, &p->s6_quarters);
    case K_FUND: return set_categories(v, p);
    case K_RULESET:
        if ((rc = set_enum(v, rules, &x, "auto, r2012 or r2026")) == AQ_OK)
            p->ruleset = (aq_ruleset_id)x; /* AUTO=0, R2012=1, R2026=2 */
        return rc;
    case K_ROUNDING:
        if ((rc = set_enum(v, chain, &x, "published or final")) == AQ_OK)
            p->rounding_chain = (aq_rounding_chain)x;
        return rc;
    case K_UNIT_O3:
        if ((rc = set_enum(v, o3, &x, "station_mda8 or unit_hourly")) ==
            AQ_OK)
            p->unit_o3 = (aq_unit_o3)x;
        return rc;
    case K_MDA8:
        if (value_is(v, "17") || value_is(v, "24")) {
            p->mda8_windows = v->s[0] == '1' ? 17 : 24;
            return AQ_OK;
        }
        {
            char buf[64];
            return fail_at(v, v->s, "expected 17 or 24, got \"%s\"%s",
                           value_text(v->s, v->e, buf, sizeof buf), NULL);
        }
    case K_REFERENCE: return set_bool(v, &p->include_reference_sites);
    case K_MIN_SHARE:
        return parse_number(v, v->s, v->e, 0, AQ_MICRO,
                            "a share from 0 to 1", &p->min_station_share);
    case K_O3_1H: return set_bool(v, &p->daily_o3_1h);
    case K_WEIGHTS:
        return set_list(v, p->composite_weights, &p->composite_weight_count,
                        AQ_POLICY_POLLUTANTS, AQ_POLICY_POLLUTANTS, 0,
                        1000 * AQ_MICRO, "a weight from 0 to 1000");
    case K_LIMITS:
        return set_list(v, p->composite_limits, &p->composite_limit_count,
                        AQ_POLICY_POLLUTANTS, AQ_POLICY_POLLUTANTS, 1,
                        100000 * AQ_MICRO, "a limit > 0");
    case K_DUST:
        if (value_is(v, "none")) {
            p->dust_days[0] = '\0';
            return AQ_OK;
        }
        return set_string(v, p->dust_days, sizeof p->dust_days, 0);
    case K_R_DUST:
    case K_R_LITTER:
    case K_R_SAMPLES:
    case K_R_WINDOW:
    case K_R_REWARD:
    case K_R_PENALTY: return apply_roads(&p->roads, k, v);
    case K_PARTIAL_SPAN:
        return set_fraction(v, &p->partial_span_num, &p->partial_span_den);
    default: return apply_audit(&p->audit, k, v);
    }
}

/* "HH:MM" at s (5 bytes) as minutes after midnight, or -1 */
static int clock_minutes(const char *s, const char *e)
{
    int h, m;

    if (e - s != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' ||
        s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '5' || s[4] < '0' ||
        s[4] > '9')
        return -1;
    h = (s[0] - '0') * 10 + (s[1] - '0');
    m = (s[3] - '0') * 10 + (s[4] - '0');
    return h < 24 ? h * 60 + m : -1;
}

/* The road standard's keys (issue 20). */
static aq_status apply_roads(aq_policy_roads *r, enum key_id k,
                             const pval *v)
{
    const char *dash;
    int a, b;

    switch (k) {
    case K_R_DUST:
        return parse_number(v, v->s, v->e, 0, 1000 * AQ_MICRO,
                            "a load from 0 to 1000 g/m2", &r->dust_limit);
    case K_R_LITTER:
        return parse_number(v, v->s, v->e, 0, 1440 * AQ_MICRO,
                            "a time from 0 to 1440 minutes",
                            &r->litter_limit);
    case K_R_SAMPLES: return set_int(v, 1, 1000, &r->min_samples);
    case K_R_WINDOW:
        dash = memchr(v->s, '-', (size_t)(v->e - v->s));
        a = dash ? clock_minutes(v->s, dash) : -1;
        b = dash ? clock_minutes(dash + 1, v->e) : -1;
        if (a < 0 || b < 0 || a > b) {
            char buf[64];
            return fail_at(v, v->s,
                           "expected a window HH:MM-HH:MM within the day, "
                           "its start not after its end, got \"%s\"%s",
                           value_text(v->s, v->e, buf, sizeof buf), NULL);
        }
        r->window_start = a;
        r->window_end = b;
        return AQ_OK;
    case K_R_REWARD:
        return set_ladder(v, r->reward_ladder, &r->reward_count, 0);
    case K_R_PENALTY:
        return set_ladder(v, r->penalty_ladder, &r->penalty_count, 1);
    default: break;
    }
    return AQ_ERROR;
}

/* The audit's keys (issue 17). A list of six values is in the order so2,
 * no2, pm10, pm25, co, o3. */
static aq_status apply_audit(aq_policy_audit *a, enum key_id k,
                             const pval *v)
{
    size_t n = 0;
    aq_status rc;

    switch (k) {
    case K_A_FLAT_HOURS: return set_int(v, 2, 744, &a->flatline_hours);
    case K_A_MIN_LEVEL:
        if ((rc = set_list(v, a->min_level, &n, AQ_POLICY_POLLUTANTS,
                           AQ_POLICY_POLLUTANTS, 0, 100000 * AQ_MICRO,
                           "a concentration >= 0")) == AQ_OK &&
            n == 0)
            return fail_at(v, v->s, "expected 6 values (so2, no2, pm10, "
                           "pm25, co, o3)%s%s", NULL, NULL);
        return rc;
    case K_A_PM_RATIO:
        return parse_number(v, v->s, v->e, AQ_MICRO, 10 * AQ_MICRO,
                            "a ratio from 1 to 10", &a->pm_ratio);
    case K_A_PM_MARGIN:
        return parse_number(v, v->s, v->e, 0, 1000 * AQ_MICRO,
                            "a concentration from 0 to 1000", &a->pm_margin);
    case K_A_PM_HOURS: return set_int(v, 1, 24, &a->pm_hours);
    case K_A_NB_KM:
        return parse_number(v, v->s, v->e, 0, 2000 * AQ_MICRO,
                            "a distance from 0 to 2000 km", &a->neighbour_km);
    case K_A_NB_MIN: return set_int(v, 1, 100, &a->min_neighbours);
    case K_A_NB_REF: return set_int(v, 1, 100, &a->reference_neighbours);
    case K_A_DIV_RATIO:
        return parse_number(v, v->s, v->e, 0, AQ_MICRO,
                            "a ratio from 0 to 1", &a->divergence_ratio);
    case K_A_DIV_HIGH:
        return set_list(v, a->divergence_high, &a->divergence_high_count,
                        AQ_POLICY_POLLUTANTS, AQ_POLICY_POLLUTANTS, 0,
                        100000 * AQ_MICRO, "a concentration >= 0");
    case K_A_DIV_HOURS: return set_int(v, 1, 744, &a->divergence_hours);
    case K_A_GAPS_HOURS: return set_int(v, 1, 744, &a->gaps_min_hours);
    case K_A_GAPS_POLLUTED:
        return parse_number(v, v->s, v->e, 1, AQ_MICRO - 1,
                            "a share between 0 and 1",
                            &a->gaps_polluted_share);
    case K_A_GAPS_SHARE:
        return parse_number(v, v->s, v->e, 0, AQ_MICRO,
                            "a share from 0 to 1", &a->gaps_min_share);
    case K_A_GAPS_P:
        return parse_number(v, v->s, v->e, 0, AQ_MICRO,
                            "a probability from 0 to 1", &a->gaps_max_p);
    case K_A_STEP_DAYS: return set_int(v, 2, 15, &a->step_days);
    case K_A_STEP_CHANGE:
        return parse_number(v, v->s, v->e, 1, 100 * AQ_MICRO,
                            "a relative change above 0", &a->step_change);
    case K_A_STEP_CONSISTENCY:
        return parse_number(v, v->s, v->e, AQ_MICRO / 2, AQ_MICRO,
                            "a share from 0.5 to 1", &a->step_consistency);
    default: break;
    }
    return AQ_ERROR;
}

/* The end of the value: before a `#` that follows white space and is not
 * inside double quotes. */
static const char *value_end(const char *s, const char *e)
{
    const char *p;
    int quoted = 0;

    for (p = s; p < e; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == '#' && !quoted && (p == s || is_space(p[-1])))
            return p;
    }
    return e;
}

aq_status aq_policy_parse(aq_policy *p, const char *text, size_t len,
                          const char *source, aq_error *err)
{
    unsigned long seen[K_COUNT];
    aq_policy work;
    const char *cur = text, *end = text + len;
    unsigned long lineno = 0;
    size_t bad;
    aq_status rc;

    if (!p || (!text && len))
        return aq_error_set(err, AQ_EINVALID, "aq_policy_parse: NULL");
    if (!source)
        source = "<string>";
    memset(seen, 0, sizeof seen);
    work = *p;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        cur += 3; /* a UTF-8 byte-order mark */
    while (cur < end) {
        const char *nl = memchr(cur, '\n', (size_t)(end - cur));
        const char *line = cur, *le = nl ? nl : end, *s, *e, *k;
        pval v;
        int id;

        lineno++;
        cur = nl ? nl + 1 : end;
        if (le > line && le[-1] == '\r')
            le--;
        bad = aq_text__utf8_prefix(line, (size_t)(le - line));
        if (bad < (size_t)(le - line))
            return aq_error_set_at(err, AQ_EPARSE, source, lineno,
                                   column_of(line, line + bad),
                                   "invalid UTF-8");
        s = line;
        e = le;
        trim(&s, &e);
        if (s == e || *s == '#')
            continue;
        v.line = line;
        v.source = source;
        v.lineno = lineno;
        v.err = err;
        for (k = s; k < e && is_ident_char(*k); k++)
            ;
        if (k == s)
            return aq_error_set_at(err, AQ_EPARSE, source, lineno,
                                   column_of(line, s),
                                   "expected a key (a-z, 0-9, _)");
        for (id = 0; id < K_COUNT; id++)
            if (strlen(key_names[id]) == (size_t)(k - s) &&
                !memcmp(key_names[id], s, (size_t)(k - s)))
                break;
        if (id == K_COUNT) {
            char buf[64];
            return aq_error_set_at(err, AQ_EPARSE, source, lineno,
                                   column_of(line, s), "unknown key '%s'",
                                   value_text(s, k, buf, sizeof buf));
        }
        if (seen[id])
            return aq_error_set_at(err, AQ_EPARSE, source, lineno,
                                   column_of(line, s),
                                   "duplicate key '%s' (first set on line "
                                   "%lu)",
                                   key_names[id], seen[id]);
        seen[id] = lineno;
        while (k < e && is_space(*k))
            k++;
        if (k == e || *k != '=')
            return aq_error_set_at(err, AQ_EPARSE, source, lineno,
                                   column_of(line, k),
                                   "expected '=' after '%s'", key_names[id]);
        v.s = k + 1;
        v.e = value_end(v.s, e);
        trim(&v.s, &v.e);
        if ((rc = apply(&work, (enum key_id)id, &v)) < 0)
            return rc;
    }
    *p = work;
    return AQ_OK;
}

aq_status aq_policy_read(const char *path, char **text, size_t *len,
                         aq_error *err)
{
    FILE *f;
    char *buf = NULL;
    size_t n = 0, cap = 0;

    *text = NULL;
    *len = 0;
    if (!path)
        return aq_error_set(err, AQ_EINVALID, "aq_policy_read: NULL");
    f = fopen(path, "rb");
    if (!f)
        return aq_error_set_at(err, errno == ENOENT ? AQ_ENOTFOUND : AQ_EIO,
                               path, 0, 0, "cannot open the policy file: %s",
                               strerror(errno));
    for (;;) {
        size_t got;
        if (cap - n < 2) {
            char *nb;
            if (cap >= (1u << 20)) { /* a policy is a few kB */
                aqx_free(buf);
                fclose(f);
                return aq_error_set_at(err, AQ_EPARSE, path, 0, 0,
                                       "policy file larger than 1 MiB");
            }
            nb = aqx_realloc(buf, cap ? cap * 2 : 4096);
            if (!nb) {
                aqx_free(buf);
                fclose(f);
                return aq_error_set(err, AQ_ENOMEM, "out of memory");
            }
            buf = nb;
            cap = cap ? cap * 2 : 4096;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        aqx_free(buf);
        fclose(f);
        return aq_error_set_at(err, AQ_EIO, path, 0, 0,
                               "cannot read the policy file");
    }
    fclose(f);
    buf[n] = '\0';
    if (aq_text__utf8_prefix(buf, n) < n) {
        /* like a stations file, a policy saved in GB18030 (GBK) is read
         * as such; text that is neither is left for the parser to refuse
         * with the place of its first bad byte */
        char *utf8 = NULL;
        size_t un = 0;
        aq_status rc = aq_text__from_gb18030(buf, n, &utf8, &un);
        if (rc == AQ_ENOMEM) {
            aqx_free(buf);
            return aq_error_set(err, rc, "out of memory");
        }
        if (rc == AQ_OK) {
            aqx_free(buf);
            buf = utf8;
            n = un;
        }
    }
    *text = buf;
    *len = n;
    return AQ_OK;
}

aq_status aq_policy_load(aq_policy *p, const char *path, aq_error *err)
{
    char *text;
    size_t len;
    aq_status rc;

    if (!p || !path)
        return aq_error_set(err, AQ_EINVALID, "aq_policy_load: NULL");
    if ((rc = aq_policy_read(path, &text, &len, err)) < 0)
        return rc;
    aq_policy_init(p);
    rc = aq_policy_parse(p, text, len, path, err);
    aqx_free(text);
    return rc;
}

aq_status aq_policy_stats_options(const aq_policy *p, aq_stats_options *out,
                                  aq_error *err)
{
    aq_stats_options o = AQ_STATS_OPTIONS_INIT;
    int i;

    o.ruleset = p->ruleset;
    o.rounding_chain = p->rounding_chain;
    o.unit_o3 = p->unit_o3;
    o.mda8_windows = p->mda8_windows;
    o.daily_o3_1h = p->daily_o3_1h;
    o.partial_span_num = p->partial_span_num;
    o.partial_span_den = p->partial_span_den;
    /* policy: a fraction in micro-units; statistics: a percentage */
    if (p->min_station_share % 10000 != 0)
        return aq_error_set(err, AQ_EINVALID,
                            "min_station_share must be a whole percentage");
    o.min_station_share = (int)(p->min_station_share / 10000);
    for (i = 0; i < AQ_POLLUTANT_COUNT; i++) {
        if (p->composite_weight_count) {
            if (p->composite_weights[i] % AQ_MICRO != 0)
                return aq_error_set(err, AQ_EINVALID,
                                    "composite_weights must be integers");
            o.composite_weight[i] = (int)(p->composite_weights[i] / AQ_MICRO);
        }
        if (p->composite_limit_count)
            o.composite_limit[i] = p->composite_limits[i];
    }
    if (aq_stats_options_check(&o, err) != AQ_OK)
        return AQ_EINVALID;
    *out = o;
    return AQ_OK;
}
