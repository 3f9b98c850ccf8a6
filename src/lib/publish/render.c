/* SPDX-License-Identifier: MIT */
/*
 * The renderings of the ranking document (aq/render.h, P7): the shared
 * machinery of render_internal.h (output buffer, exact number formatting,
 * escaping, display width, labels, causes of sanctions), and the renderers
 * that need no page layout: the terminal table, CSV and pretty JSON.
 *
 * Numbers: the JSON carries each rounded value as its published decimal
 * (5.07, -0.09); jansson hands it over as a double, which "%.15g" turns
 * back into the same short decimal text (15 significant digits survive a
 * round trip through a double). That text is rounded to the rule's
 * decimals by digit arithmetic (GB/T 8170 half-even, as N1.4), so no
 * binary floating-point error can reach a printed digit.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/date.h"
#include "aq/decimal.h"
#include "aq/rules.h"
#include "lib/publish/api_internal.h"
#include "lib/publish/render_internal.h"
#include "lib/publish/words_internal.h"
#include "util/alloc.h"

/* ---- Output buffer ---- */

void aq_render__putn(aq_rbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        char *p;
        while (cap < b->n + n + 1)
            cap *= 2;
        p = aqx_realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void aq_render__put(aq_rbuf *b, const char *s)
{
    aq_render__putn(b, s, strlen(s));
}

void aq_render__printf(aq_rbuf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    int w;

    va_start(ap, fmt);
    w = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (w < 0)
        return;
    if ((size_t)w < sizeof small) {
        aq_render__putn(b, small, (size_t)w);
        return;
    }
    {
        char *big = aqx_malloc((size_t)w + 1);
        if (!big) {
            b->oom = 1;
            return;
        }
        va_start(ap, fmt);
        vsnprintf(big, (size_t)w + 1, fmt, ap);
        va_end(ap);
        aq_render__putn(b, big, (size_t)w);
        aqx_free(big);
    }
}

void aq_render__html(aq_rbuf *b, const char *s)
{
    const char *run = s;

    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        }
        if (rep) {
            aq_render__putn(b, run, (size_t)(s - run));
            aq_render__put(b, rep);
            run = s + 1;
        }
    }
    aq_render__putn(b, run, (size_t)(s - run));
}

/* Markdown: backslash-escape the punctuation that could start markup, a
 * table cell border or raw HTML (CommonMark allows a backslash before any
 * ASCII punctuation); line breaks become spaces so a cell stays a cell. */
void aq_render__md(aq_rbuf *b, const char *s)
{
    for (; *s; s++) {
        if (strchr("\\`*_{}[]<>#|!~", *s) && *s) {
            char e[2] = {'\\', *s};
            aq_render__putn(b, e, 2);
        } else if (*s == '\n' || *s == '\r') {
            aq_render__put(b, " ");
        } else {
            aq_render__putn(b, s, 1);
        }
    }
}

aq_status aq_render__finish(aq_rbuf *b, char **out, aq_error *err)
{
    if (!b->oom && !b->p)
        aq_render__put(b, "");
    if (b->oom) {
        aq_render__dispose(b);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    *out = b->p;
    b->p = NULL;
    b->n = b->cap = 0;
    return AQ_OK;
}

void aq_render__dispose(aq_rbuf *b)
{
    aqx_free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

/* ---- Numbers ---- */

/*
 * Round the decimal text t ("5.07", "-0.09", "1e-05") to `digits`
 * decimals, half to even on the exact digits (GB/T 8170, N1.4.1), as a
 * count of 10^-digits. -1 when t is not a number or too large.
 */
static int round_text(const char *t, int digits, int64_t *out)
{
    char d[64];
    size_t nd = 0, i;
    long point = 0, exp10 = 0, k;
    int neg = 0, seen_point = 0, any = 0, up = 0;
    int64_t v = 0;

    if (*t == '-' || *t == '+')
        neg = *t++ == '-';
    for (; *t; t++) {
        if (*t >= '0' && *t <= '9') {
            any = 1;
            if (nd == 0 && *t == '0') { /* leading zeros add nothing */
                if (seen_point)
                    point--;
                continue;
            }
            if (nd + 1 >= sizeof d)
                return -1;
            d[nd++] = *t;
            if (!seen_point)
                point++;
        } else if (*t == '.' && !seen_point) {
            seen_point = 1;
        } else if (*t == 'e' || *t == 'E') {
            char *end;
            exp10 = strtol(t + 1, &end, 10);
            if (end == t + 1 || *end || exp10 > 30 || exp10 < -300)
                return -1;
            break;
        } else {
            return -1;
        }
    }
    if (!any)
        return -1;
    /* value = 0.d[0]d[1]... x 10^(point + exp10); the scaled integer has
     * the first point + exp10 + digits of those digits */
    k = point + exp10 + digits;
    if (k > 18)
        return -1;
    for (i = 0; (long)i < k; i++)
        v = v * 10 + (i < nd ? d[i] - '0' : 0);
    if (k >= 0 && (size_t)k < nd) {
        int first = d[k] - '0', rest = 0;
        for (i = (size_t)k + 1; i < nd; i++)
            rest |= d[i] != '0';
        up = first > 5 || (first == 5 && (rest || (v & 1)));
    }
    /* k < 0: the value is below half a unit of the last place, 0 */
    v += up;
    *out = neg ? -v : v;
    return 0;
}

int aq_render__scaled(const json_t *v, int digits, int64_t *out)
{
    char text[64];
    int64_t p = 1;
    int i;

    if (json_is_integer(v)) {
        for (i = 0; i < digits; i++)
            p *= 10;
        *out = (int64_t)json_integer_value(v) * p;
        return 0;
    }
    if (!json_is_real(v))
        return -1;
    snprintf(text, sizeof text, "%.15g", json_real_value(v));
    return round_text(text, digits, out);
}

const char *aq_render__num(char *dst, size_t cap, const json_t *v,
                           int digits, const char *missing)
{
    int64_t s;

    if (aq_render__scaled(v, digits, &s) < 0) {
        snprintf(dst, cap, "%s", missing);
        return dst;
    }
    return aq_scaled_format(dst, cap, s, digits);
}

const char *aq_render__pct(char *dst, size_t cap, const json_t *fraction,
                           int percent, const char *missing)
{
    char num[48];
    int64_t tenths;

    /* a fraction with 3 decimals is a percentage with 1: -0.090 = -9.0 % */
    if (aq_render__scaled(fraction, 3, &tenths) < 0) {
        snprintf(dst, cap, "%s", missing);
        return dst;
    }
    aq_scaled_format(num, sizeof num, tenths, 1);
    snprintf(dst, cap, "%s%s%s", tenths > 0 ? "+" : "", num,
             percent ? "%" : "");
    return dst;
}

const char *aq_render__amount(char *dst, size_t cap, const json_t *v,
                              int sign, const char *missing)
{
    char num[48];
    int64_t h;
    size_t n;

    if (aq_render__scaled(v, 2, &h) < 0) {
        snprintf(dst, cap, "%s", missing);
        return dst;
    }
    aq_scaled_format(num, sizeof num, h, 2);
    /* only the decimals it needs: 20.00 -> 20, 12.50 -> 12.5 */
    n = strlen(num);
    while (n > 0 && num[n - 1] == '0')
        num[--n] = '\0';
    if (n > 0 && num[n - 1] == '.')
        num[--n] = '\0';
    snprintf(dst, cap, "%s%s", sign && h > 0 ? "+" : "", num);
    return dst;
}

const char *aq_render__change(char *dst, size_t cap, const json_t *v,
                              const char *missing)
{
    if (!json_is_integer(v))
        snprintf(dst, cap, "%s", missing);
    else
        snprintf(dst, cap, "%s%lld", json_integer_value(v) > 0 ? "+" : "",
                 (long long)json_integer_value(v));
    return dst;
}

/* ---- Display width ---- */

/* Decode one UTF-8 sequence; invalid bytes decode as themselves (width 1). */
static unsigned long next_cp(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned long c = p[0];
    int n = 0, i;

    if (c >= 0xF0 && c < 0xF8)
        n = 3, c &= 0x07;
    else if (c >= 0xE0)
        n = 2, c &= 0x0F;
    else if (c >= 0xC0)
        n = 1, c &= 0x1F;
    for (i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *s = p + 1;
            return p[0];
        }
        c = (c << 6) | (p[i] & 0x3F);
    }
    *s = p + n + 1;
    return c;
}

static int cp_width(unsigned long c)
{
    if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
        (c >= 0xFE00 && c <= 0xFE0F))
        return 0; /* combining marks, zero-width characters */
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
        (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
        (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
        return 2; /* CJK, Hangul, fullwidth forms (East Asian Width W/F) */
    return 1;
}

size_t aq_render__width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w = 0;

    while (*p)
        w += (size_t)cp_width(next_cp(&p));
    return w;
}

/* ---- Documents, labels ---- */

const char *aq_render__str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

const char *aq_render__unit_name(const json_t *u, int zh)
{
    const char *en = aq_render__str(u, "unit_en");
    return zh || !*en ? aq_render__str(u, "unit") : en;
}

const char *aq_render__find_name(const aq_render_doc *d, const char *unit)
{
    const json_t *units = json_object_get(d->root, "units"), *u;
    size_t i;

    json_array_foreach(units, i, u)
        if (!strcmp(aq_render__str(u, "unit"), unit))
            return aq_render__unit_name(u, d->zh);
    return unit;
}

static const struct label {
    const char *key, *zh, *en;
} labels[] = {
    {"rank", "排名", "Rank"},
    {"unit", "单位", "Unit"},
    {"composite", "综合指数", "Composite index"},
    {"pm25_mean", "PM2.5浓度(μg/m³)", "PM2.5 (μg/m³)"},
    {"yoy_composite", "综合指数同比", "YoY composite"},
    {"yoy_pm25", "PM2.5同比", "YoY PM2.5"},
    {"good_days", "优良天数比例(%)", "Good days (%)"},
    {"rank_change", "排名变化", "Rank change"},
    {"amount", "奖惩", "Reward/penalty"},
    {"ranking", "月度排名", "Monthly ranking"},
    {"sanctions", "问责与处理", "Sanctions"},
    {"no_sanctions", "本月无问责事项。", "No sanctions this month."},
    {"unranked", "未参与排名的单位", "Units not ranked"},
    {"all_ranked", "所有单位均参与排名。", "Every unit is ranked."},
    {"stations_insufficient", "数据不足的站点", "Stations with insufficient data"},
    {"stations_all_sufficient", "所有站点数据充足。",
     "Every station has sufficient data."},
    {"quarter", "季度排名", "Quarterly ranking"},
    {"s6", "季度问责(S6)", "Accountability (S6)"},
    {"no_s6", "本季度无问责(S6)。", "No accountability (S6) this quarter."},
    {"attention", "请注意", "Please note"},
    {"flagged_units", "数据不足、仅作临时排名的单位",
     "Units ranked provisionally (insufficient data)"},
    {"not_evaluated", "不参与评价的单位", "Units not evaluated"},
    {"charts", "图表", "Charts"},
    {"bars_title", "各单位综合指数", "Composite index by unit"},
    {"trend_title", "综合指数近12个月变化", "Composite index, last 12 months"},
    {"no_trend", "未提供历史数据，略去趋势图。",
     "No history was given: the trend chart is omitted."},
    {"reward", "奖励", "reward"},
    {"penalty", "扣缴", "penalty"},
    {"neutral", "无奖惩", "neither"},
    {"notes", "说明", "Notes"},
    {"single_index", "单项指数", "single index"},
    {"ranked_units", "参与排名单位", "Units ranked"},
    {"legend_ci",
     "综合指数越小空气质量越好，排名按综合指数由小到大(P3)，并列同名次。"
     "I(x)为单项指数 C/S(N6.2)。同比为与上年同月相比的变化率，"
     "排名变化为正表示名次上升。",
     "The lower the composite index, the cleaner the air; units are ranked "
     "by it in ascending order (P3), ties share a rank. I(x) is the single "
     "index C/S (N6.2). YoY is the change from the same month of the "
     "previous year; a positive rank change means the unit moved up."},
    {"data_quality", "数据质量提示", "Data quality notes"},
    {"quality_no_unit", "被标记的小时均不计入任何单位的数值。",
     "No flagged hour counts in any unit's values."},
    {"ruleset", "评价规则", "Rules"},
    {"generated", "由 aqrank 根据排名 JSON 文档生成。",
     "Generated by aqrank from the ranking JSON document."},
    /* road cleanliness (issue 20), render_roads.c */
    {"roads_ranking", "道路保洁排名", "Road cleanliness ranking"},
    {"roads_section", "道路保洁", "Road cleanliness"},
    {"roads_inspections", "检测次数", "Inspections"},
    {"roads_dust_samples", "积尘样本", "Dust samples"},
    {"roads_dust_mean", "平均积尘(g/m²)", "Mean dust (g/m²)"},
    {"roads_dust_compliance", "积尘达标率(%)", "Dust compliance (%)"},
    {"roads_litter_samples", "垃圾样本", "Litter samples"},
    {"roads_litter_compliance", "垃圾停留达标率(%)", "Litter compliance (%)"},
    {"roads_pm10", "PM10(μg/m³)", "PM10 (μg/m³)"},
    {"roads_failed", "未达标最多的道路", "Roads failed most"},
    {"roads_unranked", "未参与道路保洁排名的单位",
     "Units not in the road ranking"},
    {"roads_all_ranked", "所有单位均参与道路保洁排名。",
     "Every unit is in the road ranking."},
    {"roads_chart", "各单位积尘达标率与当月PM10浓度",
     "Dust compliance and the month's PM10 by unit"},
    {"roads_no_inspections", "本月无道路检测记录。",
     "No road inspections this month."},
    {"roads_legend",
     "PM10为同月空气质量统计的PM10月均浓度(N5)，数据不足时不列出，"
     "供对照道路积尘与PM10之用。",
     "PM10 is the month's PM10 mean of the air-quality statistics (N5), "
     "left out where the data are insufficient, to set road dust beside "
     "PM10."},
    {"period", "月份", "Month"},
};

const char *aq_render__ruleset(const aq_render_doc *d)
{
    /* the standards, never the setting's internal value */
    return aq_render__str(d->root, "ruleset_title");
}

const char *aq_render__rank_text(char *dst, size_t cap, const json_t *u)
{
    const json_t *r = json_object_get(u, "rank");

    if (!json_is_integer(r))
        snprintf(dst, cap, "—");
    else /* P3 flagged: a provisional place is marked */
        snprintf(dst, cap, "%lld%s", (long long)json_integer_value(r),
                 strcmp(aq_render__str(u, "status"), "flagged") ? "" : "*");
    return dst;
}

/* "unit: its reason", for a unit ranked provisionally (P3 flagged) or
 * not evaluated (N5.3.1): both carry reason_zh / reason_en */
static void named_reason_line(aq_rbuf *b, const aq_render_doc *d,
                              const json_t *u)
{
    aq_render__printf(b, d->zh ? "%s：" : "%s: ",
                      aq_render__unit_name(u, d->zh));
    aq_render__put(b, aq_render__str(u, d->zh ? "reason_zh" : "reason_en"));
}

/* one line of a list, built by fn into plain text (NULL on OOM) */
static char *line_of(const aq_render_doc *d, const json_t *x,
                     void (*fn)(aq_rbuf *, const aq_render_doc *,
                                const json_t *))
{
    aq_rbuf t = {NULL, 0, 0, 0};

    fn(&t, d, x);
    if (t.oom || !t.p) {
        aq_render__dispose(&t);
        return NULL;
    }
    return t.p;
}

static void unranked_line(aq_rbuf *b, const aq_render_doc *d,
                          const json_t *s)
{
    aq_render__printf(b, d->zh ? "%s：" : "%s: ",
                      aq_render__find_name(d, aq_render__str(s, "unit")));
    aq_render__reason(b, d, s);
}

/* a line the document words itself (text_zh / text_en) */
static void own_text_line(aq_rbuf *b, const aq_render_doc *d, const json_t *x)
{
    aq_render__put(b, aq_render__str(x, d->zh ? "text_zh" : "text_en"));
}

void aq_render__lists(const aq_render_doc *d,
                      aq_render_list out[AQ_RENDER_LISTS])
{
    /* parent: the object holding the list and its note (text_zh/_en), NULL
     * for the document itself */
    static const struct {
        const char *id, *title, *empty, *parent, *member;
        void (*line)(aq_rbuf *, const aq_render_doc *, const json_t *);
    } spec[AQ_RENDER_LISTS] = {
        {"flagged", "flagged_units", NULL, NULL, "units", named_reason_line},
        {"not-evaluated", "not_evaluated", NULL, NULL, "not_evaluated",
         named_reason_line},
        {"stations", "stations_insufficient", "stations_all_sufficient", NULL,
         "insufficient_stations", aq_render__station_line},
        {"unranked", "unranked", "all_ranked", NULL, "unranked",
         unranked_line},
        {"data-quality", "data_quality", "quality_no_unit", "data_quality",
         "units", own_text_line},
    };
    size_t k, i;
    const json_t *x;

    for (k = 0; k < AQ_RENDER_LISTS; k++) {
        const json_t *parent = spec[k].parent
                                   ? json_object_get(d->root, spec[k].parent)
                                   : d->root;
        const json_t *arr = json_object_get(parent, spec[k].member);
        out[k].id = spec[k].id;
        out[k].title = aq_render__label(d, spec[k].title);
        out[k].note = NULL;
        out[k].empty = spec[k].empty ? aq_render__label(d, spec[k].empty)
                                     : NULL;
        if (spec[k].parent) { /* said only when the document has it */
            const char *note =
                aq_render__str(parent, d->zh ? "text_zh" : "text_en");
            out[k].note = *note ? note : NULL;
            if (!out[k].note)
                out[k].empty = NULL;
        }
        out[k].n = 0;
        out[k].lines = aqx_calloc(json_array_size(arr) + 1,
                                  sizeof *out[k].lines);
        json_array_foreach(arr, i, x) {
            char *l;
            /* the provisionally ranked: the flagged among the units */
            if (k == 0 && strcmp(aq_render__str(x, "status"), "flagged"))
                continue;
            if (out[k].lines && (l = line_of(d, x, spec[k].line)) != NULL)
                out[k].lines[out[k].n++] = l;
        }
    }
}

void aq_render__lists_free(aq_render_list l[AQ_RENDER_LISTS])
{
    size_t k, i;

    for (k = 0; k < AQ_RENDER_LISTS; k++) {
        for (i = 0; i < l[k].n; i++)
            aqx_free(l[k].lines[i]);
        aqx_free(l[k].lines);
        l[k].lines = NULL;
        l[k].n = 0;
    }
}

const char *aq_render__label(const aq_render_doc *d, const char *key)
{
    size_t i;

    for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (!strcmp(labels[i].key, key))
            return d->zh ? labels[i].zh : labels[i].en;
    return key;
}

void aq_render__period_text(aq_rbuf *b, const char *period, int zh)
{
    static const char *const months[] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    aq_period p;

    if (aq_period_parse(period, &p) < 0) {
        aq_render__put(b, period);
        return;
    }
    if (p.kind == AQ_PERIOD_MONTH && zh)
        aq_render__printf(b, "%d年%d月", p.year, p.index);
    else if (p.kind == AQ_PERIOD_MONTH)
        aq_render__printf(b, "%s %d", months[p.index - 1], p.year);
    else if (p.kind == AQ_PERIOD_QUARTER && zh)
        aq_render__printf(b, "%d年第%d季度", p.year, p.index);
    else if (p.kind == AQ_PERIOD_QUARTER)
        aq_render__printf(b, "Q%d %d", p.index, p.year);
    else
        aq_render__printf(b, zh ? "%d年" : "%d", p.year);
}

aq_status aq_render__open(aq_render_doc *d, const char *json,
                          const aq_render_options *opts, aq_error *err)
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
    if (!json)
        return aq_error_set(err, AQ_EPARSE, "no ranking document");
    d->root = json_loads(json, 0, &jerr);
    if (!d->root)
        return aq_error_set_at(err, AQ_EPARSE, "ranking document",
                               (unsigned long)(jerr.line > 0 ? jerr.line : 0),
                               (unsigned long)(jerr.column > 0 ? jerr.column
                                                               : 0),
                               "%s", jerr.text);
    d->zh = strcmp(lang, "en") != 0;
    d->opts = opts;
    d->jurisdiction = opts->jurisdiction && *opts->jurisdiction
                          ? opts->jurisdiction
                          : aq_render__str(d->root, "jurisdiction");
    return AQ_OK;
}

aq_status aq_render__load(aq_render_doc *d, const char *json,
                          const aq_render_options *opts, aq_error *err)
{
    aq_status rc = aq_render__open(d, json, opts, err);

    if (rc < 0)
        return rc;
    if (!json_is_object(d->root) ||
        !json_is_string(json_object_get(d->root, "period")) ||
        !json_is_array(json_object_get(d->root, "units"))) {
        aq_render__unload(d);
        return aq_error_set(err, AQ_EPARSE,
                            "not a ranking document: expected an object "
                            "with \"period\" and \"units\"");
    }
    return AQ_OK;
}

void aq_render__unload(aq_render_doc *d)
{
    json_decref(d->root);
    d->root = NULL;
}

/* "2019年1-6月" / "January-June 2019": a year to date (N5.2) */
static int ytd_text(aq_rbuf *b, const aq_render_doc *d)
{
    static const char *const months[] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    aq_period p;

    if (aq_period_parse(aq_render__str(d->root, "year_to_date"), &p) < 0 ||
        p.kind != AQ_PERIOD_MONTH)
        return 0;
    if (d->zh)
        aq_render__printf(b, "%d年1-%d月", p.year, p.index);
    else
        aq_render__printf(b, "January-%s %d", months[p.index - 1], p.year);
    return 1;
}

/* "2019年3月1日至15日" / "1-15 March 2019": a span of days (D1) */
static int span_text(aq_rbuf *b, const aq_render_doc *d)
{
    aq_span s;

    if (aq_day_parse(aq_render__str(d->root, "from"), &s.first) < 0 ||
        aq_day_parse(aq_render__str(d->root, "to"), &s.last) < 0)
        return 0;
    aq_words__span(b, s, d->zh);
    return 1;
}

void aq_render__title(aq_rbuf *b, const aq_render_doc *d)
{
    aq_rbuf t = {NULL, 0, 0, 0};

    /* the period in words: a span of days, a year to date, or the
     * document's period */
    if (!span_text(&t, d) && !ytd_text(&t, d))
        aq_render__period_text(&t, aq_render__str(d->root, "period"), d->zh);
    if (d->zh) {
        aq_render__put(b, d->jurisdiction);
        aq_render__put(b, t.p && !t.oom ? t.p : "");
        aq_render__put(b, "空气质量通报");
    } else {
        if (*d->jurisdiction)
            aq_render__printf(b, "%s air-quality bulletin, ",
                              d->jurisdiction);
        else
            aq_render__put(b, "Air-quality bulletin, ");
        aq_render__put(b, t.p && !t.oom ? t.p : "");
    }
    b->oom |= t.oom;
    aq_render__dispose(&t);
}

/* ---- Causes of sanctions (P6, P7) ---- */

/* one evidence item of a cause, in words */
static void evidence_text(aq_rbuf *b, const aq_render_doc *d,
                          const json_t *e)
{
    const char *kind = aq_render__str(e, "kind");
    char v1[48], v2[48];

    /* in Chinese the period reads as words: 2024年5月, 2024年第1季度 */
    if (d->zh)
        aq_render__period_text(b, aq_render__str(e, "period"), 1);
    else
        aq_render__put(b, aq_render__str(e, "period"));
    if (!strcmp(kind, "rank")) {
        int pm = !strcmp(aq_render__str(e, "metric"), "pm25");
        const json_t *pos = json_object_get(e, "positions");
        json_int_t p0 = json_integer_value(json_array_get(pos, 0)),
                   p1 = json_integer_value(json_array_get(pos, 1));
        aq_render__num(v1, sizeof v1, json_object_get(e, "value"), pm ? 0 : 2,
                       "—");
        if (d->zh)
            aq_render__printf(b, "%s%s，排名第%lld位(共%lld个单位",
                              pm ? "PM2.5浓度" : "综合指数", v1,
                              (long long)json_integer_value(
                                  json_object_get(e, "rank")),
                              (long long)json_integer_value(
                                  json_object_get(e, "ranked_units")));
        else
            aq_render__printf(b, " %s %s, rank %lld of %lld",
                              pm ? "PM2.5" : "composite index", v1,
                              (long long)json_integer_value(
                                  json_object_get(e, "rank")),
                              (long long)json_integer_value(
                                  json_object_get(e, "ranked_units")));
        if (p1 > p0)
            aq_render__printf(b, d->zh ? "，并列占第%lld–%lld位"
                                       : " (tied, positions %lld-%lld)",
                              (long long)p0, (long long)p1);
        if (d->zh)
            aq_render__put(b, ")");
    } else if (!strcmp(kind, "rise")) {
        int rc = json_is_true(json_object_get(e, "rise_composite")),
            rp = json_is_true(json_object_get(e, "rise_pm25"));
        if (rc) {
            aq_render__num(v1, sizeof v1,
                           json_object_get(e, "composite_index"), 2, "—");
            aq_render__num(v2, sizeof v2,
                           json_object_get(e, "previous_composite_index"), 2,
                           "—");
            aq_render__printf(b, d->zh ? "综合指数%s高于上年同期%s"
                                       : " composite index %s > %s",
                              v1, v2);
        }
        if (rp) {
            aq_render__num(v1, sizeof v1, json_object_get(e, "pm25"), 0,
                           "—");
            aq_render__num(v2, sizeof v2, json_object_get(e, "previous_pm25"),
                           0, "—");
            aq_render__printf(b, d->zh ? "%sPM2.5浓度%s高于上年同期%s"
                                       : "%s PM2.5 %s > %s",
                              rc ? (d->zh ? "、" : ",") : "", v1, v2);
        }
    } else if (!strcmp(kind, "interview")) {
        const json_t *ids = json_object_get(e, "sanctions"), *id;
        size_t i;
        aq_render__put(b, d->zh ? "" : " ");
        json_array_foreach(ids, i, id)
            aq_render__printf(b, "%s%s", i ? "+" : "",
                              json_string_value(id) ? json_string_value(id)
                                                    : "?");
    }
}

/* the sentence of one cause, by its trigger (the rule that fired) */
static void cause_text(aq_rbuf *b, const aq_render_doc *d, const json_t *c)
{
    const char *t = aq_render__str(c, "trigger");
    long long count = json_integer_value(json_object_get(c, "count")),
              thr = json_integer_value(json_object_get(c, "threshold"));
    const json_t *ev = json_object_get(c, "evidence"), *e;
    size_t i;
    int zh = d->zh;

    if (!strcmp(t, "P6.S1.last"))
        aq_render__put(b, zh ? "本月排名末位：" : "last in the ranking: ");
    else if (strstr(t, "rise_count"))
        aq_render__printf(b, zh ? "同比不降反升累计%lld次(阈值%lld次)："
                                : "%lld year-on-year rises (threshold "
                                  "%lld): ",
                          count, thr);
    else if (strstr(t, "streak"))
        aq_render__printf(b, zh ? "连续%lld个月排名后两位(阈值%lld)："
                                : "in the worst two for %lld consecutive "
                                  "months (threshold %lld): ",
                          count, thr);
    else if (strstr(t, "interview"))
        aq_render__printf(b, zh ? "连续%lld次被公开约谈(阈值%lld)："
                                : "publicly interviewed %lld times in a row "
                                  "(threshold %lld): ",
                          count, thr);
    else if (!strcmp(t, "P6.S6.quarter_pm25"))
        aq_render__printf(b, zh ? "连续%lld个季度PM2.5浓度排名后两位："
                                : "in the worst two by quarterly PM2.5 in "
                                  "%lld consecutive quarters: ",
                          count);
    else if (strstr(t, "quarter"))
        aq_render__printf(b, zh ? "连续%lld个季度综合指数排名后两位："
                                : "in the worst two by quarterly composite "
                                  "index in %lld consecutive quarters: ",
                          count);
    else {
        /* a trigger this renderer does not know: the engine's words */
        aq_render__printf(b, "%s: %s", t, aq_render__str(c, "description"));
        return;
    }
    json_array_foreach(ev, i, e) {
        if (i)
            aq_render__put(b, zh ? "；" : "; ");
        evidence_text(b, d, e);
    }
}

void aq_render__cause(aq_rbuf *b, const aq_render_doc *d,
                      const json_t *s)
{
    const char *own = aq_render__str(s, d->zh ? "cause_zh" : "cause_en");
    const json_t *ev = json_object_get(s, "evidence"), *c;
    size_t i;

    aq_render__printf(b, d->zh ? "%s：%s(%s)。" : "%s: %s (%s), because ",
                      aq_render__find_name(d, aq_render__str(s, "unit")),
                      aq_render__str(s, d->zh ? "name_zh" : "name_en"),
                      aq_render__str(s, "id"));
    if (*own) {
        /* the document words the cause itself */
        aq_render__put(b, own);
    } else if (json_is_array(ev) && json_array_size(ev) > 0) {
        json_array_foreach(ev, i, c) {
            if (i)
                aq_render__put(b, d->zh ? "；另，" : "; and ");
            cause_text(b, d, c);
        }
    } else {
        aq_render__printf(b, d->zh ? "触发规则 %s" : "rule %s fired",
                          aq_render__str(s, "trigger"));
    }
    aq_render__put(b, d->zh ? "。" : ".");
}

char *aq_render__causes_text(const json_t *sanction, int zh)
{
    aq_render_doc d;
    aq_rbuf b = {NULL, 0, 0, 0};
    const json_t *ev = json_object_get(sanction, "evidence"), *c;
    json_t *empty = json_object();
    size_t i;

    memset(&d, 0, sizeof d);
    d.root = empty;
    d.zh = zh;
    d.jurisdiction = "";
    json_array_foreach(ev, i, c) {
        if (i)
            aq_render__put(&b, zh ? "；另，" : "; and ");
        cause_text(&b, &d, c);
    }
    json_decref(empty);
    if (b.oom || !b.p) {
        aq_render__dispose(&b);
        return NULL;
    }
    return b.p;
}

size_t aq_render__heads(const aq_render_doc *d, const char *texts[8])
{
    const char *key = d->zh ? "text_zh" : "text_en";
    const json_t *w = json_object_get(d->root, "amounts_withheld"), *x;
    size_t n = 0, i;

    /* P4: a month that pays nothing says why, first */
    if (json_is_object(w) && *aq_render__str(w, key))
        texts[n++] = aq_render__str(w, key);
    /* P3 flagged: the provisional ranking */
    json_array_foreach(json_object_get(d->root, "notices"), i, x)
        if (n < 8 && *aq_render__str(x, key))
            texts[n++] = aq_render__str(x, key);
    return n;
}

/* The label of a pollutant code ("pm25" -> "PM2.5"), or the code itself
 * when it is not one */
const char *aq_render__pollutant(const char *code)
{
    aq_pollutant p;

    return aq_pollutant_parse(code, &p) == AQ_OK ? aq_pollutant_label(p)
                                                 : code;
}

/* Parse the engine's "insufficient data: o3 has 20 valid days ..." into
 * the pollutant's display name and the day count. 0 on success. */
static int parse_insufficiency(const char *r, char code[16], long *days)
{
    static const char prefix[] = "insufficient data: ";
    const char *p, *sp;
    char *end;

    if (strncmp(r, prefix, sizeof prefix - 1))
        return -1;
    p = r + sizeof prefix - 1;
    sp = strchr(p, ' ');
    if (!sp || (size_t)(sp - p) >= 16 || strncmp(sp, " has ", 5))
        return -1;
    *days = strtol(sp + 5, &end, 10);
    if (end == sp + 5 || strncmp(end, " valid days", 11))
        return -1;
    memcpy(code, p, (size_t)(sp - p));
    code[sp - p] = '\0';
    snprintf(code, 16, "%s", aq_render__pollutant(code));
    return 0;
}

void aq_render__reason(aq_rbuf *b, const aq_render_doc *d, const json_t *u)
{
    const char *r = aq_render__str(u, "reason"),
               *own = aq_render__str(u, d->zh ? "reason_zh" : "reason_en");
    char code[16];
    long days;

    if (*own) {
        /* the document says it in both languages (words.c) */
        aq_render__put(b, own);
        if (json_is_true(json_object_get(u, "placed_last")))
            aq_render__put(b, d->zh ? "(按政策列为末位)"
                                    : " (placed last by the policy)");
        return;
    }

    /* the document's fields when it has them, else the engine's sentence
     * "insufficient data: o3 has 20 valid days (N5.2 minimum not met)",
     * said in Chinese when asked */
    const char *pol = aq_render__str(u, "pollutant");
    if (d->zh && *pol && json_is_integer(json_object_get(u, "valid_days"))) {
        aq_render__printf(b, "数据不足：%s有效天数%lld天，未达到N5.2的最低要求",
                          aq_render__pollutant(pol),
                          (long long)json_integer_value(
                              json_object_get(u, "valid_days")));
    } else if (d->zh && parse_insufficiency(r, code, &days) == 0) {
        aq_render__printf(b, "数据不足：%s有效天数%ld天，未达到N5.2的最低要求",
                          code, days);
    } else if (d->zh && !strncmp(r, "insufficient data", 17)) {
        aq_render__put(b, "数据不足");
    } else {
        aq_render__put(b, *r ? r : (d->zh ? "未说明原因" : "no reason given"));
    }
    if (json_is_true(json_object_get(u, "placed_last")))
        aq_render__put(b, d->zh ? "(按政策列为末位)"
                                : " (placed last by the policy)");
}

/* ---- CSV ---- */

void aq_render__csv_field(aq_rbuf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        aq_render__put(b, s);
        return;
    }
    aq_render__put(b, "\"");
    for (; *s; s++)
        aq_render__put(b, *s == '"' ? "\"\"" : (char[2]){*s, '\0'});
    aq_render__put(b, "\"");
}

aq_status aq_render_csv(const char *rank_json, char **out, aq_error *err)
{
    aq_render_doc d;
    aq_rbuf b = {NULL, 0, 0, 0};
    const json_t *u;
    aq_status rc;
    size_t i;
    int p;

    *out = NULL;
    if ((rc = aq_render__load(&d, rank_json, NULL, err)) < 0)
        return rc;
    aq_render__put(&b, "rank,unit,unit_en,composite_index,pm25,so2,no2,pm10,"
                       "co,o3,so2_index,no2_index,pm10_index,pm25_index,"
                       "co_index,o3_index,good_days_ratio,amount,"
                       "yoy_composite_index,yoy_pm25,rank_change,"
                       "sufficient\n");
    json_array_foreach(json_object_get(d.root, "units"), i, u) {
        const json_t *st = json_object_get(u, "stats"),
                     *si = json_object_get(u, "single_index"),
                     *yoy = json_object_get(u, "yoy");
        char v[64];
        static const int stat_digits[6] = {0, 0, 0, 0, 1, 0}; /* N5.4 */

        if (json_is_integer(json_object_get(u, "rank")))
            aq_render__printf(&b, "%lld", (long long)json_integer_value(
                                              json_object_get(u, "rank")));
        aq_render__put(&b, ",");
        aq_render__csv_field(&b, aq_render__str(u, "unit"));
        aq_render__put(&b, ",");
        aq_render__csv_field(&b, aq_render__str(u, "unit_en"));
        aq_render__printf(
            &b, ",%s",
            aq_render__num(v, sizeof v, json_object_get(u, "composite_index"),
                           2, ""));
        aq_render__printf(&b, ",%s",
                          aq_render__num(v, sizeof v,
                                         json_object_get(u, "pm25"), 0, ""));
        for (p = 0; p < 6; p++)
            if (p != 3) /* PM2.5 is the pm25 column */
                aq_render__printf(
                    &b, ",%s",
                    aq_render__num(v, sizeof v,
                                   json_object_get(st, aq_pollutant_code((aq_pollutant)p)),
                                   stat_digits[p], ""));
        for (p = 0; p < 6; p++)
            aq_render__printf(
                &b, ",%s",
                aq_render__num(v, sizeof v,
                               json_object_get(si, aq_pollutant_code((aq_pollutant)p)),
                               2, ""));
        aq_render__printf(
            &b, ",%s",
            aq_render__num(v, sizeof v, json_object_get(u, "good_days_ratio"),
                           1, ""));
        aq_render__printf(&b, ",%s",
                          aq_render__amount(v, sizeof v,
                                            json_object_get(u, "amount"), 0,
                                            ""));
        /* YoY as the document's fractions, 3 decimals (-0.090) */
        aq_render__printf(
            &b, ",%s",
            aq_render__num(v, sizeof v, json_object_get(yoy, "composite_index"),
                           3, ""));
        aq_render__printf(&b, ",%s",
                          aq_render__num(v, sizeof v,
                                         json_object_get(yoy, "pm25"), 3,
                                         ""));
        if (json_is_integer(json_object_get(u, "rank_change")))
            aq_render__printf(&b, ",%lld",
                              (long long)json_integer_value(
                                  json_object_get(u, "rank_change")));
        else
            aq_render__put(&b, ",");
        aq_render__printf(&b, ",%s\n",
                          json_is_true(json_object_get(u, "sufficient"))
                              ? "true"
                              : "false");
    }
    aq_render__unload(&d);
    return aq_render__finish(&b, out, err);
}

/* ---- Terminal table ---- */

#define TCOLS 9

static void pad(aq_rbuf *b, size_t n)
{
    while (n--)
        aq_render__put(b, " ");
}

void aq_render__columns(aq_rbuf *b, const char *cells, size_t rows,
                        size_t cols, size_t cell_size, unsigned left)
{
    size_t width[32], r, c;

    for (c = 0; c < cols && c < 32; c++) {
        width[c] = 0;
        for (r = 0; r < rows; r++) {
            size_t w = aq_render__width(cells + (r * cols + c) * cell_size);
            if (w > width[c])
                width[c] = w;
        }
    }
    for (r = 0; r < rows; r++) {
        for (c = 0; c < cols && c < 32; c++) {
            const char *t = cells + (r * cols + c) * cell_size;
            size_t w = aq_render__width(t);
            if (c)
                aq_render__put(b, "  ");
            if (left & (1u << c)) {
                aq_render__put(b, t);
                if (c < cols - 1)
                    pad(b, width[c] - w);
            } else {
                pad(b, width[c] - w);
                aq_render__put(b, t);
            }
        }
        aq_render__put(b, "\n");
    }
}

aq_status aq_render_table(const char *rank_json,
                          const aq_render_options *opts, char **out,
                          aq_error *err)
{
    static const char *const heads[TCOLS] = {
        "rank", "unit", "composite", "pm25_mean", "good_days",
        "yoy_composite", "yoy_pm25", "rank_change", "amount"};
    aq_render_doc d;
    aq_rbuf b = {NULL, 0, 0, 0};
    const json_t *units, *u, *s;
    char (*cells)[TCOLS][96] = NULL;
    size_t n, i;
    aq_status rc;
    int c;

    *out = NULL;
    if ((rc = aq_render__load(&d, rank_json, opts, err)) < 0)
        return rc;
    units = json_object_get(d.root, "units");
    n = json_array_size(units);
    cells = aqx_calloc(n + 1, sizeof *cells);
    if (!cells) {
        aq_render__unload(&d);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    for (c = 0; c < TCOLS; c++) {
        const char *h = aq_render__label(&d, heads[c]);
        if (c == 3)
            h = "PM2.5";
        if (c == 8 && *aq_render__str(d.root, "currency_unit"))
            snprintf(cells[0][c], sizeof cells[0][c], "%s(%s)", h,
                     aq_words__currency(
                         aq_render__str(d.root, "currency_unit"), d.zh));
        else
            snprintf(cells[0][c], sizeof cells[0][c], "%s", h);
    }
    json_array_foreach(units, i, u) {
        char(*row)[96] = cells[i + 1];
        const json_t *yoy = json_object_get(u, "yoy");
        aq_render__rank_text(row[0], 96, u);
        snprintf(row[1], 96, "%s", aq_render__unit_name(u, d.zh));
        aq_render__num(row[2], 96, json_object_get(u, "composite_index"), 2,
                       "—");
        aq_render__num(row[3], 96, json_object_get(u, "pm25"), 0, "—");
        aq_render__num(row[4], 96, json_object_get(u, "good_days_ratio"), 1,
                       "—");
        aq_render__pct(row[5], 96, json_object_get(yoy, "composite_index"), 1,
                       "—");
        aq_render__pct(row[6], 96, json_object_get(yoy, "pm25"), 1, "—");
        aq_render__change(row[7], 96, json_object_get(u, "rank_change"), "—");
        aq_render__amount(row[8], 96, json_object_get(u, "amount"), 1, "—");
    }
    aq_render__title(&b, &d);
    aq_render__printf(&b, "\n%s: %lld", aq_render__label(&d, "ranked_units"),
                      (long long)json_integer_value(
                          json_object_get(d.root, "ranked_units")));
    if (*aq_render__str(d.root, "currency_unit"))
        aq_render__printf(&b, d.zh ? "；金额单位：%s" : "; amounts in %s",
                          aq_words__currency(
                              aq_render__str(d.root, "currency_unit"), d.zh));
    aq_render__put(&b, "\n");
    {
        const char *msg[8];
        size_t h, nh = aq_render__heads(&d, msg);
        for (h = 0; h < nh; h++)
            aq_render__printf(&b, d.zh ? "%s：%s\n" : "%s: %s\n",
                              aq_render__label(&d, "attention"), msg[h]);
    }
    aq_render__put(&b, "\n");
    /* names left-aligned, numbers right-aligned */
    aq_render__columns(&b, &cells[0][0][0], n + 1, TCOLS, sizeof cells[0][0],
                       1u << 1);
    aqx_free(cells);
    if (json_array_size(json_object_get(d.root, "sanctions")) > 0) {
        aq_render__printf(&b, "\n%s:\n", aq_render__label(&d, "sanctions"));
        json_array_foreach(json_object_get(d.root, "sanctions"), i, s) {
            aq_render__put(&b, "  ");
            aq_render__cause(&b, &d, s);
            aq_render__put(&b, "\n");
        }
    }
    {
        aq_render_list lists[AQ_RENDER_LISTS];
        size_t k;
        aq_render__lists(&d, lists);
        for (k = 0; k < AQ_RENDER_LISTS; k++) {
            if (!lists[k].n && !lists[k].note)
                continue;
            aq_render__printf(&b, "\n%s:\n", lists[k].title);
            if (lists[k].note)
                aq_render__printf(&b, "  %s\n", lists[k].note);
            if (!lists[k].n && lists[k].empty)
                aq_render__printf(&b, "  %s\n", lists[k].empty);
            for (i = 0; i < lists[k].n; i++)
                aq_render__printf(&b, "  %s\n", lists[k].lines[i]);
        }
        aq_render__lists_free(lists);
    }
    aq_render__unload(&d);
    return aq_render__finish(&b, out, err);
}

/* ---- JSON, dispatch, bulletins ---- */

aq_status aq_render_json(const char *json, char **out, aq_error *err)
{
    json_error_t jerr;
    json_t *doc;
    aq_rbuf b = {NULL, 0, 0, 0};
    char *text;

    aq_api__init();
    *out = NULL;
    if (!json)
        return aq_error_set(err, AQ_EPARSE, "no JSON document");
    doc = json_loads(json, 0, &jerr);
    if (!doc)
        return aq_error_set_at(err, AQ_EPARSE, "JSON document",
                               (unsigned long)(jerr.line > 0 ? jerr.line : 0),
                               (unsigned long)(jerr.column > 0 ? jerr.column
                                                               : 0),
                               "%s", jerr.text);
    /* 15 significant digits give back the published decimal (see top) */
    text = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    json_decref(doc);
    if (!text)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    aq_render__put(&b, text);
    aq_render__put(&b, "\n");
    aqx_free(text);
    return aq_render__finish(&b, out, err);
}

/* Load the document, render it with fn, and hand over the text. */
static aq_status render_with(const char *rank_json,
                             const aq_render_options *opts,
                             void (*fn)(aq_rbuf *, const aq_render_doc *),
                             char **out, aq_error *err)
{
    aq_render_doc d;
    aq_rbuf b = {NULL, 0, 0, 0};
    aq_status rc;

    *out = NULL;
    if ((rc = aq_render__load(&d, rank_json, opts, err)) < 0)
        return rc;
    fn(&b, &d);
    aq_render__unload(&d);
    return aq_render__finish(&b, out, err);
}

aq_status aq_render_markdown(const char *rank_json,
                             const aq_render_options *opts, char **out,
                             aq_error *err)
{
    return render_with(rank_json, opts, aq_render__markdown, out, err);
}

aq_status aq_render_html(const char *rank_json, const aq_render_options *opts,
                         char **out, aq_error *err)
{
    aq_render_doc d;
    aq_rbuf b = {NULL, 0, 0, 0};
    json_t **hist = NULL;
    size_t n = 0;
    aq_status rc;

    *out = NULL;
    if ((rc = aq_render__load(&d, rank_json, opts, err)) < 0)
        return rc;
    if ((rc = aq_render__load_history(&d, &hist, &n, err)) < 0) {
        aq_render__unload(&d);
        return rc;
    }
    aq_render__html_page(&b, &d, hist, n);
    aq_render__free_history(hist, n);
    aq_render__unload(&d);
    return aq_render__finish(&b, out, err);
}

aq_status aq_render_chart_bars(const char *rank_json,
                               const aq_render_options *opts, char **out,
                               aq_error *err)
{
    return render_with(rank_json, opts, aq_render__svg_bars, out, err);
}

aq_status aq_render_chart_trend(const char *rank_json,
                                const aq_render_options *opts, char **out,
                                aq_error *err)
{
    aq_render_doc d;
    aq_rbuf b = {NULL, 0, 0, 0};
    json_t **hist = NULL;
    size_t n = 0;
    aq_status rc;

    *out = NULL;
    if ((rc = aq_render__load(&d, rank_json, opts, err)) < 0)
        return rc;
    if ((rc = aq_render__load_history(&d, &hist, &n, err)) < 0) {
        aq_render__unload(&d);
        return rc;
    }
    if (n == 0) {
        aq_render__unload(&d);
        return aq_error_set(err, AQ_EINVALID,
                            "the trend chart needs at least one history");
    }
    aq_render__svg_trend(&b, &d, hist, n);
    aq_render__free_history(hist, n);
    aq_render__unload(&d);
    return aq_render__finish(&b, out, err);
}

aq_status aq_render(const char *format, const char *rank_json,
                    const aq_render_options *opts, char **out, aq_error *err)
{
    *out = NULL;
    if (!format)
        format = "text";
    if (!strcmp(format, "md") || !strcmp(format, "markdown"))
        return aq_render_markdown(rank_json, opts, out, err);
    if (!strcmp(format, "html"))
        return aq_render_html(rank_json, opts, out, err);
    if (!strcmp(format, "json"))
        return aq_render_json(rank_json, out, err);
    if (!strcmp(format, "csv"))
        return aq_render_csv(rank_json, out, err);
    if (!strcmp(format, "text"))
        return aq_render_table(rank_json, opts, out, err);
    return aq_error_set(err, AQ_EINVALID,
                        "unknown format '%s' (md, html, json, csv, text)",
                        format);
}

void aq_render__station_line(aq_rbuf *b, const aq_render_doc *d,
                             const json_t *s)
{
    const char *own = aq_render__str(s, d->zh ? "text_zh" : "text_en");

    if (*own) {
        aq_render__put(b, own);
        return;
    }
    /* P7: "Tiantan (天坛): SO2 16 valid days, fewer than 27 (N5.2)" */
    aq_render__printf(
        b, d->zh ? "%s（%s）：%s有效天数%lld天，少于%lld天(N5.2)"
                 : "%s (%s): %s has %lld valid days, fewer than %lld (N5.2)",
        aq_render__str(s, "station"),
        aq_render__find_name(d, aq_render__str(s, "unit")),
        aq_render__pollutant(aq_render__str(s, "pollutant")),
        (long long)json_integer_value(json_object_get(s, "valid_days")),
        (long long)json_integer_value(json_object_get(s, "minimum_days")));
}
