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

/* Parse a daily document that must have `member`, with the options; when
 * `formats` is not NULL, `format` must be one of its two. */
static aq_status load(aq_render_doc *d, const char *json, const char *format,
                      const char *const *formats, const char *member,
                      const char *what, const aq_render_options *opts,
                      aq_error *err)
{
    aq_status rc;

    if (formats && (!format || (strcmp(format, formats[0]) &&
                                strcmp(format, formats[1]))))
        return aq_error_set(err, AQ_EINVALID, "the %s is written as %s or %s",
                            what, formats[0], formats[1]);
    if ((rc = aq_render__open(d, json, opts, err)) < 0)
        return rc;
    if (!json_is_object(d->root) || !json_object_get(d->root, member)) {
        aq_render__unload(d);
        return aq_error_set(err, AQ_EPARSE, "not a %s: no \"%s\"", what,
                            member);
    }
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
    static const char *const formats[] = {"text", "csv"};
    aq_render_doc d;
    aq_rbuf b = {NULL, 0, 0, 0};
    aq_status rc;

    *out = NULL;
    if ((rc = load(&d, track_json, format, formats, "remaining_days",
                   "targets document", opts, err)) < 0)
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
                else if (!json_is_integer(json_object_get(t, "pm25_max")))
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
    if ((rc = load(&d, plan_json, NULL, NULL, "month", "planner document",
                   opts, err)) < 0)
        return rc;
    /* one unit: every goal and its thresholds; all units: what each has
     * to do */
    plan_text(&b, &d, json_array_size(json_object_get(d.root, "units")) == 1);
    aq_render__unload(&d);
    return aq_render__finish(&b, out, err);
}

/* ---- The daily brief (D9) ---- */

/* The brief is written once, for Markdown or HTML: headings, paragraphs,
 * lists and tables of plain-text cells. */
typedef struct writer {
    aq_rbuf *b;
    int html;
} writer;

static void w_text(const writer *w, const char *s)
{
    if (w->html)
        aq_render__html(w->b, s);
    else
        aq_render__md(w->b, s);
}

static void w_heading(const writer *w, int level, const char *s)
{
    if (w->html) {
        aq_render__printf(w->b, "<h%d>", level);
        w_text(w, s);
        aq_render__printf(w->b, "</h%d>\n", level);
    } else {
        aq_render__printf(w->b, "%.*s ", level, "######");
        w_text(w, s);
        aq_render__put(w->b, "\n\n");
    }
}

static void w_para(const writer *w, const char *s)
{
    aq_render__put(w->b, w->html ? "<p>" : "");
    w_text(w, s);
    aq_render__put(w->b, w->html ? "</p>\n" : "\n\n");
}

static void w_list(const writer *w, char **items, size_t n)
{
    size_t i;

    if (!n)
        return;
    aq_render__put(w->b, w->html ? "<ul>\n" : "");
    for (i = 0; i < n; i++) {
        aq_render__put(w->b, w->html ? "<li>" : "- ");
        w_text(w, items[i]);
        aq_render__put(w->b, w->html ? "</li>\n" : "\n");
    }
    aq_render__put(w->b, w->html ? "</ul>\n" : "\n");
}

/* rows x cols cells (row 0 the heading); column 1 holds names */
static void w_table(const writer *w, const char *cells, size_t rows,
                    size_t cols, size_t cell_size)
{
    size_t r, c;

    aq_render__put(w->b, w->html ? "<div class=\"scroll\"><table>\n" : "");
    for (r = 0; r < rows; r++) {
        aq_render__put(w->b, w->html ? "<tr>" : "|");
        for (c = 0; c < cols; c++) {
            const char *t = cells + (r * cols + c) * cell_size;
            if (w->html) {
                aq_render__printf(w->b, "<%s%s>", r ? "td" : "th",
                                  r && c != 1 ? " class=\"num\"" : "");
                w_text(w, t);
                aq_render__printf(w->b, "</%s>", r ? "td" : "th");
            } else {
                aq_render__put(w->b, " ");
                w_text(w, t);
                aq_render__put(w->b, " |");
            }
        }
        aq_render__put(w->b, w->html ? "</tr>\n" : "\n");
        if (!w->html && r == 0) {
            aq_render__put(w->b, "|");
            for (c = 0; c < cols; c++)
                aq_render__put(w->b, c == 1 ? "---|" : "---:|");
            aq_render__put(w->b, "\n");
        }
    }
    aq_render__put(w->b, w->html ? "</table></div>\n" : "\n");
}

#define BCOLS 10

/* a ranking to date: the notice, the table with the changes since the
 * previous day, and the units not ranked with why */
static void brief_ranking(const writer *w, const aq_render_doc *d,
                          const json_t *doc, const char *title)
{
    static const char *const zh[BCOLS] = {
        "排名", "单位", "较前日", "综合指数", "较前日", "PM2.5", "较前日",
        "优良天数比例(%)", "综合指数同比", "PM2.5同比"};
    static const char *const en[BCOLS] = {
        "Rank", "Unit", "Since yesterday", "Composite index",
        "Since yesterday", "PM2.5", "Since yesterday", "Good days (%)",
        "YoY composite", "YoY PM2.5"};
    const json_t *units = json_object_get(doc, "units"), *u, *nt;
    size_t n = json_array_size(units), i, nr = 0;
    char (*cells)[BCOLS][KCELL] = aqx_calloc(n + 1, sizeof *cells);
    char **reasons = aqx_calloc(n + 1, sizeof *reasons);
    aq_rbuf t = {NULL, 0, 0, 0};
    int k;

    if (!cells || !reasons) {
        w->b->oom = 1;
        aqx_free(cells);
        aqx_free(reasons);
        return;
    }
    aq_render__printf(&t, "%s%s", title, d->zh ? "（" : " (");
    span_words(&t, doc, d->zh);
    aq_render__put(&t, d->zh ? "）" : ")");
    w_heading(w, 2, t.p ? t.p : "");
    aq_render__dispose(&t);
    json_array_foreach(json_object_get(doc, "notices"), i, nt)
        w_para(w, aq_render__str(nt, d->zh ? "text_zh" : "text_en"));
    for (k = 0; k < BCOLS; k++)
        snprintf(cells[0][k], KCELL, "%s", d->zh ? zh[k] : en[k]);
    json_array_foreach(units, i, u) {
        char(*c)[KCELL] = cells[i + 1];
        const json_t *yoy = json_object_get(u, "yoy");
        char tmp[32];
        aq_render__rank_text(c[0], KCELL, u);
        snprintf(c[1], KCELL, "%s", aq_render__unit_name(u, d->zh));
        aq_render__change(c[2], KCELL, json_object_get(u, "rank_change"),
                          "—");
        aq_render__num(c[3], KCELL, json_object_get(u, "composite_index"), 2,
                       "—");
        aq_render__num(tmp, sizeof tmp,
                       json_object_get(u, "composite_change"), 2, "—");
        snprintf(c[4], KCELL, "%s%s",
                 json_is_number(json_object_get(u, "composite_change")) &&
                         json_number_value(
                             json_object_get(u, "composite_change")) > 0
                     ? "+"
                     : "",
                 tmp);
        aq_render__num(c[5], KCELL, json_object_get(u, "pm25"), 0, "—");
        aq_render__change(c[6], KCELL, json_object_get(u, "pm25_change"),
                          "—");
        aq_render__num(c[7], KCELL, json_object_get(u, "good_days_ratio"), 1,
                       "—");
        aq_render__pct(c[8], KCELL, json_object_get(yoy, "composite_index"),
                       1, "—");
        aq_render__pct(c[9], KCELL, json_object_get(yoy, "pm25"), 1, "—");
        if (*aq_render__str(u, d->zh ? "reason_zh" : "reason_en")) {
            aq_rbuf r = {NULL, 0, 0, 0};
            aq_render__printf(&r, d->zh ? "%s：%s" : "%s: %s",
                              aq_render__unit_name(u, d->zh),
                              aq_render__str(u, d->zh ? "reason_zh"
                                                      : "reason_en"));
            if (r.p && !r.oom)
                reasons[nr++] = r.p;
            else
                aq_render__dispose(&r);
        }
    }
    w_table(w, &cells[0][0][0], n + 1, BCOLS, KCELL);
    if (nr)
        w_para(w, d->zh ? "数据不足的单位：" : "Units with insufficient data:");
    w_list(w, reasons, nr);
    for (i = 0; i < nr; i++)
        aqx_free(reasons[i]);
    aqx_free(reasons);
    aqx_free(cells);
}

static void brief_targets(const writer *w, const aq_render_doc *d,
                          const json_t *doc)
{
    const json_t *units = json_object_get(doc, "units"), *u;
    size_t n = json_array_size(units), i;
    char (*cells)[KCOLS][KCELL] = aqx_calloc(n + 1, sizeof *cells);
    aq_rbuf t = {NULL, 0, 0, 0};
    aq_render_doc td = *d;

    if (!cells) {
        w->b->oom = 1;
        return;
    }
    td.root = (json_t *)doc;
    td.jurisdiction = "";
    track_title(&t, &td);
    w_heading(w, 2, t.p ? t.p : "");
    aq_render__dispose(&t);
    track_heads(d->zh, cells[0]);
    json_array_foreach(units, i, u)
        track_cells(d, u, cells[i + 1]);
    w_table(w, &cells[0][0][0], n + 1, KCOLS, KCELL);
    w_para(w, label(d->zh, "track_notes"));
    aqx_free(cells);
}

/* the units at risk: the month as it would end now, then what it takes */
static void brief_risk(const writer *w, const aq_render_doc *d,
                       const json_t *risk, const char *currency)
{
    const json_t *u, *g;
    size_t i, k, n = 0, cap = 0;
    char **items = NULL;

    w_heading(w, 2, d->zh ? "面临扣缴或问责的单位" : "Units at risk of a "
                                                   "deduction or sanction");
    if (!json_array_size(risk)) {
        w_para(w, d->zh ? "若本月以目前的数据结束，没有单位会被扣缴或问责。"
                        : "If the month ended now, no unit would lose an "
                          "amount or be sanctioned.");
        return;
    }
    json_array_foreach(risk, i, u) {
        const json_t *p = json_object_get(u, "projected");
        aq_rbuf t = {NULL, 0, 0, 0};
        char num[64], names[256];
        int held = 0;
        aq_render__amount(num, sizeof num, json_object_get(p, "amount"), 0,
                          "");
        sanction_names(names, sizeof names, p, d->zh);
        if (d->zh)
            aq_render__printf(&t, "%s：若本月以目前的数据结束，排名第%lld，奖惩%s%s",
                              aq_render__unit_name(u, 1),
                              (long long)json_integer_value(
                                  json_object_get(p, "rank")),
                              num, aq_words__currency(currency, 1));
        else
            aq_render__printf(&t, "%s: if the month ended now, rank %lld, "
                                  "amount %s (%s)",
                              aq_render__unit_name(u, 0),
                              (long long)json_integer_value(
                                  json_object_get(p, "rank")),
                              num, aq_words__currency(currency, 0));
        if (json_array_size(json_object_get(p, "sanctions")))
            aq_render__printf(&t, d->zh ? "，并将受到：%s" : "; sanctions: %s",
                              names);
        aq_render__put(&t, d->zh ? "。" : ".");
        json_array_foreach(json_object_get(u, "goals"), k, g) {
            if (json_is_true(json_object_get(g, "met")) && held++)
                continue;
            aq_render__printf(&t, " %s",
                              aq_render__str(g, d->zh ? "text_zh"
                                                      : "text_en"));
        }
        if (n == cap) {
            char **ni = aqx_realloc(items, (cap = cap * 2 + 8) * sizeof *ni);
            if (!ni) {
                aq_render__dispose(&t);
                w->b->oom = 1;
                break;
            }
            items = ni;
        }
        if (t.p && !t.oom)
            items[n++] = t.p;
        else
            aq_render__dispose(&t);
    }
    w_list(w, items, n);
    for (i = 0; i < n; i++)
        aqx_free(items[i]);
    aqx_free(items);
}

static void brief_title(aq_rbuf *b, const aq_render_doc *d)
{
    aq_span s;

    if (aq_day_parse(aq_render__str(d->root, "date"), &s.first) < 0)
        return;
    s.last = s.first;
    if (d->zh) {
        aq_render__printf(b, "%s空气质量日报（", d->jurisdiction);
        aq_words__span(b, s, 1);
        aq_render__put(b, "）");
    } else {
        aq_render__printf(b, "%s%sDaily air-quality brief, ",
                          d->jurisdiction, *d->jurisdiction ? " " : "");
        aq_words__span(b, s, 0);
    }
}

static void brief_body(const writer *w, const aq_render_doc *d)
{
    const json_t *mtd = json_object_get(d->root, "month_to_date"),
                 *targets = json_object_get(d->root, "targets");
    aq_rbuf t = {NULL, 0, 0, 0};

    brief_title(&t, d);
    w_heading(w, 1, t.p ? t.p : "");
    aq_render__dispose(&t);
    brief_ranking(w, d, mtd, d->zh ? "本月累计" : "Month to date");
    brief_ranking(w, d, json_object_get(d->root, "year_to_date"),
                  d->zh ? "今年累计" : "Year to date");
    if (json_is_object(targets))
        brief_targets(w, d, targets);
    brief_risk(w, d, json_object_get(d->root, "at_risk"),
               aq_render__str(mtd, "currency_unit"));
    w_para(w, d->zh ? "由 aqrank 根据日报 JSON 文档生成。"
                    : "Generated by aqrank from the brief's JSON document.");
}

aq_status aq_render_brief(const char *brief_json, const char *format,
                          const aq_render_options *opts, char **out,
                          aq_error *err)
{
    static const char *const formats[] = {"md", "html"};
    aq_render_doc d;
    aq_rbuf b = {NULL, 0, 0, 0};
    writer w;
    aq_status rc;

    *out = NULL;
    if ((rc = load(&d, brief_json, format, formats, "month_to_date",
                   "daily brief", opts, err)) < 0)
        return rc;
    w.b = &b;
    w.html = !strcmp(format, "html");
    if (w.html) {
        aq_rbuf t = {NULL, 0, 0, 0};
        brief_title(&t, &d);
        aq_render__printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>"
                              "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                              "content=\"width=device-width, initial-scale=1\">\n"
                              "<title>",
                          d.zh ? "zh-CN" : "en");
        aq_render__html(&b, t.p ? t.p : "");
        aq_render__dispose(&t);
        aq_render__put(&b,
                       "</title>\n<style>\nbody{font-family:sans-serif;"
                       "max-width:72em;margin:1em auto;padding:0 1em;"
                       "line-height:1.5}\ntable{border-collapse:collapse;"
                       "margin:.5em 0}\nth,td{border:1px solid #bbb;"
                       "padding:.2em .5em}\ntd.num{text-align:right;"
                       "white-space:nowrap}\nth{background:#eef}\n"
                       ".scroll{overflow-x:auto}\n</style>\n</head>\n"
                       "<body>\n");
    }
    brief_body(&w, &d);
    if (w.html)
        aq_render__put(&b, "</body>\n</html>\n");
    aq_render__unload(&d);
    return aq_render__finish(&b, out, err);
}
