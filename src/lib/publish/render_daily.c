/* SPDX-License-Identifier: MIT */
/*
 * Renderings of the daily documents (docs/spec-daily.md): the targets
 * document as a table for the terminal or CSV (D7), the planner as
 * sentences and a table (D8), the daily brief (日报) in Markdown and HTML
 * (D9). Like every rendering they read the JSON document and nothing else
 * (P7), write numbers with the rules' decimals from the JSON's text, and
 * say everything in one language.
 */
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "aq/decimal.h"
#include "lib/publish/api_internal.h"
#include "lib/publish/render_internal.h"
#include "lib/publish/words_internal.h"
#include "util/alloc.h"

static const struct {
    const char *key, *zh, *en;
} labels[] = {
    {"rank", "排名", "Rank"},
    {"unit", "单位", "Unit"},
    {"composite", "综合指数", "Composite index"},
    {"pm25", "PM2.5", "PM2.5"},
    {"target", "目标", "Target"},
    {"allowance", "剩余日控制值", "Daily limit, rest of year"},
    {"good_ratio", "优良天数比例(%)", "Good days (%)"},
    {"needed", "还需优良天数", "Good days needed"},
    {"heavy", "重污染天数", "Heavy days"},
    {"heavy_target", "上限", "Allowed"},
    {"heavy_left", "余量", "Left"},
    {"out_of_reach", "无法达标", "out of reach"},
    {"met", "已达标", "met"},
    {"missed", "未达标", "missed"},
    {"track_notes",
     "剩余日控制值：今年余下各天PM2.5日均值均不超过此值时，全年均值（按N1.4修约）"
     "不超过目标；“无法达标”表示余下各天即使为0也不能达标。还需优良天数：余下各天中"
     "至少还需的优良天数，使全年优良天数比例（修约到0.1%）不低于目标（D7）。"
     "重污染天数为日AQI大于200的天数，余量为负表示已超出。",
     "Daily limit, rest of year: if no remaining day's PM2.5 exceeds it, the "
     "year's mean (rounded by N1.4) meets the target; \"out of reach\": not "
     "even days at 0 would. Good days needed: how many of the remaining "
     "days must be good for the year's good-days ratio (rounded to 0.1 %) "
     "to meet its target (D7). Heavy days: days with a daily AQI above 200; "
     "a negative number left means the limit is already exceeded."},
};

static const char *label(int zh, const char *key)
{
    size_t i;

    for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (!strcmp(labels[i].key, key))
            return zh ? labels[i].zh : labels[i].en;
    return key;
}

/* Parse a daily document that must have `member`, with the options. */
static aq_status load(aq_render_doc *d, const char *json, const char *member,
                      const char *what, const aq_render_options *opts,
                      aq_error *err)
{
    static const aq_render_options defaults = AQ_RENDER_OPTIONS_INIT;
    json_error_t jerr;
    const char *lang;

    aq_api__init();
    memset(d, 0, sizeof *d);
    if (!opts)
        opts = &defaults;
    if (opts->version != AQ_RENDER_OPTIONS_VERSION)
        return aq_error_set(err, AQ_EINVALID,
                            "render options version %u not supported",
                            opts->version);
    lang = opts->lang ? opts->lang : "zh";
    if (strcmp(lang, "zh") && strcmp(lang, "en"))
        return aq_error_set(err, AQ_EINVALID,
                            "language must be zh or en, got '%s'", lang);
    d->root = json ? json_loads(json, 0, &jerr) : NULL;
    if (!d->root)
        return aq_error_set(err, AQ_EPARSE, "%s: not JSON", what);
    if (!json_is_object(d->root) || !json_object_get(d->root, member)) {
        aq_render__unload(d);
        return aq_error_set(err, AQ_EPARSE, "not a %s: no \"%s\"", what,
                            member);
    }
    d->zh = strcmp(lang, "en") != 0;
    d->opts = opts;
    d->jurisdiction = opts->jurisdiction ? opts->jurisdiction : "";
    return AQ_OK;
}

/* "2019年3月1日至15日" / "1-15 March 2019" from members from and to */
static void span_words(aq_rbuf *b, const json_t *o, int zh)
{
    aq_span s;

    if (aq_day_parse(aq_render__str(o, "from"), &s.first) < 0 ||
        aq_day_parse(aq_render__str(o, "to"), &s.last) < 0)
        return;
    aq_words__span(b, s, zh);
}

/* ---- Targets (D7) ---- */

#define KCOLS 12
#define KCELL 64

static void track_cells(const aq_render_doc *d, const json_t *u,
                        char c[KCOLS][KCELL])
{
    const char *none = "—", *oor = label(d->zh, "out_of_reach");
    const json_t *t;

    if (json_is_integer(json_object_get(u, "rank_to_date")))
        snprintf(c[0], KCELL, "%lld",
                 (long long)json_integer_value(
                     json_object_get(u, "rank_to_date")));
    else
        snprintf(c[0], KCELL, "%s", none);
    snprintf(c[1], KCELL, "%s", aq_render__unit_name(u, d->zh));
    aq_render__num(c[2], KCELL, json_object_get(u, "composite_to_date"), 2,
                   none);
    aq_render__num(c[3], KCELL, json_object_get(u, "pm25_to_date"), 0, none);
    aq_render__num(c[4], KCELL, json_object_get(u, "pm25_target"), 0, none);
    t = json_object_get(u, "pm25_allowance");
    if (json_is_integer(t))
        aq_render__num(c[5], KCELL, t, 0, none);
    else if (json_is_false(json_object_get(u, "pm25_reachable")))
        snprintf(c[5], KCELL, "%s",
                 json_integer_value(json_object_get(u, "remaining_days"))
                     ? oor
                     : label(d->zh, "missed"));
    else if (json_is_true(json_object_get(u, "pm25_reachable")))
        snprintf(c[5], KCELL, "%s", label(d->zh, "met"));
    else
        snprintf(c[5], KCELL, "%s", none);
    aq_render__num(c[6], KCELL, json_object_get(u, "good_days_ratio"), 1,
                   none);
    aq_render__num(c[7], KCELL, json_object_get(u, "good_days_ratio_target"),
                   1, none);
    t = json_object_get(u, "good_days_needed");
    if (json_is_integer(t))
        aq_render__num(c[8], KCELL, t, 0, none);
    else if (json_is_false(json_object_get(u, "good_days_reachable")))
        snprintf(c[8], KCELL, "%s", oor);
    else
        snprintf(c[8], KCELL, "%s", none);
    aq_render__num(c[9], KCELL, json_object_get(u, "heavy_days"), 0, none);
    aq_render__num(c[10], KCELL, json_object_get(u, "heavy_days_target"), 0,
                   none);
    aq_render__num(c[11], KCELL, json_object_get(u, "heavy_days_left"), 0,
                   none);
}

static void track_heads(int zh, char c[KCOLS][KCELL])
{
    static const char *const keys[KCOLS] = {
        "rank",       "unit",   "composite", "pm25",
        "target",     "allowance", "good_ratio", "target",
        "needed",     "heavy",  "heavy_target", "heavy_left"};
    int k;

    for (k = 0; k < KCOLS; k++)
        snprintf(c[k], KCELL, "%s", label(zh, keys[k]));
}

static void track_title(aq_rbuf *b, const aq_render_doc *d)
{
    aq_rbuf t = {NULL, 0, 0, 0};
    long long year = json_integer_value(json_object_get(d->root, "year")),
              left = json_integer_value(
                  json_object_get(d->root, "remaining_days"));

    span_words(&t, d->root, d->zh);
    if (d->zh)
        aq_render__printf(b, "%s%lld年目标进度：%s累计，全年剩余%lld天",
                          d->jurisdiction, year, t.p ? t.p : "", left);
    else
        aq_render__printf(b, "%s%sProgress to the %lld targets: %s, %lld "
                             "days left in the year",
                          d->jurisdiction, *d->jurisdiction ? " " : "", year,
                          t.p ? t.p : "", left);
    b->oom |= t.oom;
    aq_render__dispose(&t);
}

static void track_text(aq_rbuf *b, const aq_render_doc *d)
{
    const json_t *units = json_object_get(d->root, "units"), *u;
    size_t n = json_array_size(units), i;
    char (*cells)[KCOLS][KCELL] = aqx_calloc(n + 1, sizeof *cells);

    if (!cells) {
        b->oom = 1;
        return;
    }
    track_title(b, d);
    aq_render__put(b, "\n\n");
    track_heads(d->zh, cells[0]);
    json_array_foreach(units, i, u)
        track_cells(d, u, cells[i + 1]);
    aq_render__columns(b, &cells[0][0][0], n + 1, KCOLS, KCELL, 1u << 1);
    aqx_free(cells);
    aq_render__printf(b, "\n%s%s%s\n", d->zh ? "说明：" : "Notes: ",
                      label(d->zh, "track_notes"), "");
}

static void track_csv(aq_rbuf *b, const aq_render_doc *d)
{
    static const char *const cols[] = {
        "unit", "unit_en", "rank_to_date", "composite_to_date",
        "pm25_to_date", "pm25_days", "pm25_target", "remaining_days",
        "pm25_allowance", "pm25_reachable", "good_days", "valid_aqi_days",
        "good_days_ratio", "good_days_ratio_target", "good_days_needed",
        "good_days_reachable", "heavy_days", "heavy_days_target",
        "heavy_days_left"};
    static const int digits[] = {-1, -1, 0, 2, 0, 0, 0, 0, 0, -2, 0,
                                 0,  1,  1, 0, -2, 0, 0, 0};
    const json_t *u;
    size_t i, k, nc = sizeof cols / sizeof cols[0];

    for (k = 0; k < nc; k++)
        aq_render__printf(b, "%s%s", k ? "," : "", cols[k]);
    aq_render__put(b, "\n");
    json_array_foreach(json_object_get(d->root, "units"), i, u) {
        for (k = 0; k < nc; k++) {
            const json_t *v = json_object_get(u, cols[k]);
            char num[64];
            if (k)
                aq_render__put(b, ",");
            if (digits[k] == -1)
                aq_render__csv_field(b, aq_render__str(u, cols[k]));
            else if (digits[k] == -2)
                aq_render__put(b, json_is_true(v)    ? "true"
                                  : json_is_false(v) ? "false"
                                                     : "");
            else
                aq_render__put(b, aq_render__num(num, sizeof num, v,
                                                 digits[k], ""));
        }
        aq_render__put(b, "\n");
    }
}

aq_status aq_render_track(const char *track_json, const char *format,
                          const aq_render_options *opts, char **out,
                          aq_error *err)
{
    aq_render_doc d;
    aq_rbuf b = {NULL, 0, 0, 0};
    aq_status rc;

    *out = NULL;
    if (!format || (strcmp(format, "text") && strcmp(format, "csv")))
        return aq_error_set(err, AQ_EINVALID,
                            "the targets document is written as text or "
                            "csv");
    if ((rc = load(&d, track_json, "remaining_days", "targets document",
                   opts, err)) < 0)
        return rc;
    if (!strcmp(format, "csv"))
        track_csv(&b, &d);
    else
        track_text(&b, &d);
    aq_render__unload(&d);
    return aq_render__finish(&b, out, err);
}

/* ---- The planner (D8) ---- */

#define PCOLS 7

static void plan_title(aq_rbuf *b, const aq_render_doc *d)
{
    aq_rbuf t = {NULL, 0, 0, 0};
    aq_period m;
    long long left = json_integer_value(
        json_object_get(d->root, "remaining_days"));

    if (aq_period_parse(aq_render__str(d->root, "month"), &m) < 0)
        m.year = m.index = 0;
    span_words(&t, d->root, d->zh);
    if (d->zh)
        aq_render__printf(b, "%s%d年%d月排名测算：%s累计，本月剩余%lld天",
                          d->jurisdiction, m.year, m.index, t.p ? t.p : "",
                          left);
    else {
        aq_rbuf p = {NULL, 0, 0, 0};
        aq_render__period_text(&p, aq_render__str(d->root, "month"), 0);
        aq_render__printf(b, "%s%sWhat it takes, %s: %s so far, %lld days "
                             "left",
                          d->jurisdiction, *d->jurisdiction ? " " : "",
                          p.p ? p.p : "", t.p ? t.p : "", left);
        b->oom |= p.oom;
        aq_render__dispose(&p);
    }
    b->oom |= t.oom;
    aq_render__dispose(&t);
}

/* the names of the projected sanctions, "—" when none */
static void sanction_names(char *dst, size_t cap, const json_t *proj, int zh)
{
    const json_t *s;
    size_t i, n = 0;

    dst[0] = '\0';
    json_array_foreach(json_object_get(proj, "sanctions"), i, s)
        n += (size_t)snprintf(dst + n, n < cap ? cap - n : 0, "%s%s",
                              i ? (zh ? "、" : ", ") : "",
                              aq_render__str(s, zh ? "name_zh" : "name_en"));
    if (!dst[0])
        snprintf(dst, cap, "—");
}

static void plan_text(aq_rbuf *b, const aq_render_doc *d, int all_goals)
{
    static const char *const heads_zh[PCOLS] = {
        "排名", "单位", "综合指数", "PM2.5", "若月末如此：排名", "奖惩",
        "问责"};
    static const char *const heads_en[PCOLS] = {
        "Rank", "Unit", "Composite index", "PM2.5",
        "If the month ended now: rank", "Reward/penalty", "Sanctions"};
    const json_t *units = json_object_get(d->root, "units"), *u, *g;
    size_t n = json_array_size(units), i, k;
    char (*cells)[PCOLS][KCELL] = aqx_calloc(n + 1, sizeof *cells);

    if (!cells) {
        b->oom = 1;
        return;
    }
    plan_title(b, d);
    aq_render__printf(b, d->zh ? "\n%s: %lld；金额单位：%s\n"
                               : "\n%s: %lld; amounts in %s\n",
                      d->zh ? "参与排名单位" : "Units ranked",
                      (long long)json_integer_value(
                          json_object_get(d->root, "ranked_units")),
                      aq_words__currency(
                          aq_render__str(d->root, "currency_unit"), d->zh));
    if (json_is_true(json_object_get(d->root, "amounts_withheld")))
        aq_render__put(b, d->zh ? "参与排名的单位不足以适用奖惩阶梯，本月不计奖惩金额（P4）。\n"
                                : "Too few units are ranked for the reward "
                                  "and penalty ladders: no amounts (P4).\n");
    aq_render__put(b, "\n");
    for (k = 0; k < PCOLS; k++)
        snprintf(cells[0][k], KCELL, "%s", d->zh ? heads_zh[k] : heads_en[k]);
    json_array_foreach(units, i, u) {
        const json_t *proj = json_object_get(u, "projected");
        char(*c)[KCELL] = cells[i + 1];
        aq_render__num(c[0], KCELL, json_object_get(u, "rank"), 0, "—");
        snprintf(c[1], KCELL, "%s", aq_render__unit_name(u, d->zh));
        aq_render__num(c[2], KCELL, json_object_get(u, "composite_index"), 2,
                       "—");
        aq_render__num(c[3], KCELL, json_object_get(u, "pm25"), 0, "—");
        aq_render__num(c[4], KCELL, json_object_get(proj, "rank"), 0, "—");
        aq_render__amount(c[5], KCELL, json_object_get(proj, "amount"), 1,
                          "—");
        sanction_names(c[6], KCELL, proj, d->zh);
    }
    aq_render__columns(b, &cells[0][0][0], n + 1, PCOLS, KCELL,
                       (1u << 1) | (1u << 6));
    aqx_free(cells);
    aq_render__put(b, "\n");
    /* in words: what each unit has yet to do, and the nearest line it has
     * to hold (every goal with --unit) */
    json_array_foreach(units, i, u) {
        int held = 0;
        json_array_foreach(json_object_get(u, "goals"), k, g) {
            int met = json_is_true(json_object_get(g, "met"));
            if (!all_goals && met && held++)
                continue;
            aq_render__printf(b, "%s\n",
                              aq_render__str(g, d->zh ? "text_zh"
                                                      : "text_en"));
        }
    }
    if (all_goals) {
        json_array_foreach(units, i, u) {
            const json_t *th = json_object_get(u, "thresholds"), *t;
            size_t nt = json_array_size(th), j;
            char (*tc)[3][KCELL] = aqx_calloc(nt + 1, sizeof *tc);
            if (!tc || !nt) {
                aqx_free(tc);
                continue;
            }
            aq_render__printf(b, d->zh ? "\n%s：各名次所需PM2.5\n"
                                       : "\n%s: the PM2.5 each rank takes\n",
                              aq_render__unit_name(u, d->zh));
            snprintf(tc[0][0], KCELL, "%s", d->zh ? "名次" : "Rank");
            snprintf(tc[0][1], KCELL, "%s",
                     d->zh ? "本月PM2.5上限" : "Monthly PM2.5 at most");
            snprintf(tc[0][2], KCELL, "%s",
                     d->zh ? "剩余日均上限" : "Remaining days at most");
            json_array_foreach(th, j, t) {
                const char *any = d->zh ? "不限" : "any",
                           *none = d->zh ? "无法做到" : "out of reach";
                aq_render__num(tc[j + 1][0], KCELL,
                               json_object_get(t, "rank"), 0, "—");
                if (json_is_true(json_object_get(t, "unlimited")))
                    snprintf(tc[j + 1][1], KCELL, "%s", any);
                else if (!json_is_true(json_object_get(t, "reachable")))
                    snprintf(tc[j + 1][1], KCELL, "%s", none);
                else
                    aq_render__num(tc[j + 1][1], KCELL,
                                   json_object_get(t, "pm25_max"), 0, "—");
                aq_render__num(tc[j + 1][2], KCELL,
                               json_object_get(t, "daily_pm25_max"), 0, "—");
            }
            aq_render__columns(b, &tc[0][0][0], nt + 1, 3, KCELL, 0);
            aqx_free(tc);
        }
    }
}

aq_status aq_render_plan(const char *plan_json, const aq_render_options *opts,
                         char **out, aq_error *err)
{
    aq_render_doc d;
    aq_rbuf b = {NULL, 0, 0, 0};
    aq_status rc;

    *out = NULL;
    if ((rc = load(&d, plan_json, "month", "planner document", opts,
                   err)) < 0)
        return rc;
    /* one unit: every goal and its thresholds; all units: what each has
     * to do */
    plan_text(&b, &d, json_array_size(json_object_get(d.root, "units")) == 1);
    aq_render__unload(&d);
    return aq_render__finish(&b, out, err);
}
