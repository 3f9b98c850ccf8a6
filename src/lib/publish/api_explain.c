/* SPDX-License-Identifier: MIT */
/*
 * The explanation of a unit's month (P9), as JSON and as text. Every step
 * names the rule that decided it, so that a reader can check the number
 * against the standard: stations (P1, N5.3.1), station-days (N5.1.5,
 * N5.1.3-N5.1.4), unit-days (N5.3.2, N4.7), monthly statistics (N5.1.6,
 * N5.2, N5.4), single indices and composite (N6.2), rank (P3), amount (P4),
 * events and sanctions (P5, P6).
 */
#include <jansson.h>
#include <stdarg.h>
#include <string.h>

#include "aq/api.h"
#include "aq/decimal.h"
#include "lib/engine/ranking_internal.h"
#include "lib/publish/api_internal.h"
#include "lib/publish/render_internal.h"
#include "lib/publish/words_internal.h"
#include "util/alloc.h"

static json_t *jmicro(int64_t v, int digits)
{
    char buf[48];

    if (v == AQ_MISSING)
        return json_null();
    /* a string keeps the published decimals exactly ("1.0", "160") */
    aq_decimal_format(buf, sizeof buf, aq_round_micro(v, 1, digits), digits);
    return json_string(buf);
}

static json_t *jexact(const aq_stat *s)
{
    char buf[64];

    if (!s->count || !s->exact.den)
        return json_null();
    /* the unrounded value to 6 decimals, for the reader (N1.4.2: the
     * published value is rounded once from the exact one) */
    aq_decimal_format(buf, sizeof buf,
                      s->exact.whole + aq_round_micro(s->exact.num,
                                                      s->exact.den, 6),
                      6);
    return json_string(buf);
}

/* One step of the chain, said in both languages (one language per
 * output: the text renderer picks one); "text" is the English one, as
 * documents before issue 15 had it. */
static json_t *step(const char *name, const char *rule, const char *zh,
                    const char *en)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "step", name, "rule", rule,
                     "text", en, "text_zh", zh, "text_en", en);
}

struct station_walk {
    json_t *stations; /* unit's stations, by code */
    json_t *rows;     /* station-days */
};

static aq_status on_station_day(const aq_station_info *st, int32_t day,
                                const aq_day_hours *hours,
                                const aq_station_day *sd, void *payload)
{
    struct station_walk *w = payload;
    json_t *row, *means = json_object();
    char date[16];
    int y, m, d, p;

    (void)hours;
    if (!json_object_get(w->stations, st->code))
        json_object_set_new(w->stations, st->code,
                            json_pack("{s:s, s:b}", "name", st->name,
                                      "reference", st->reference));
    aq_civil_from_day(day, &y, &m, &d);
    snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        const aq_stat *s = p == AQ_O3 ? &sd->mda8 : &sd->mean[p];
        json_object_set_new(
            means, aq_pollutant_code((aq_pollutant)p),
            json_pack("{s:o, s:o, s:i, s:b}", "value",
                      jmicro(s->value, aq_pollutant_digits((aq_pollutant)p)),
                      "exact", jexact(s), "count", s->count, "valid",
                      AQ_STAT_IS_VALID(*s)));
    }
    json_object_set_new(json_object_get(means, "o3"), "by_exceedance",
                        json_boolean(sd->mda8.flags & AQ_STAT_BY_EXCEEDANCE));
    row = json_pack("{s:s, s:s, s:b, s:o}", "station", st->code, "date", date,
                    "reference", st->reference, "values", means);
    json_array_append_new(w->rows, row);
    return AQ_OK;
}

aq_status aq_api_explain(aq_ranking *r, const char *unit, aq_period p,
                         char **out, aq_error *err)
{
    aq_engine *e = aq_ranking__engine(r);
    const aq_policy *pol = aq_ranking_policy(r);
    const aq_settlement *st = aq_ranking__settlement(r);
    const aq_month *m;
    const aq_unit_month *um = NULL;
    const aq_unit_period *ups;
    const aq_unit_day *days;
    struct station_walk w;
    json_t *doc, *steps, *jdays, *stats, *comp;
    char period[16], buf[64], zh[768], en[768];
    size_t ndays, i;
    int u, pol_i;
    aq_status rc;

    aq_api__init();
    *out = NULL;
    if (p.kind != AQ_PERIOD_MONTH)
        return aq_error_set(err, AQ_EINVALID, "explain takes a month");
    u = aq_engine_find_unit(e, unit);
    if (u < 0)
        return aq_error_set(err, AQ_ENOTFOUND, "no unit named '%s'", unit);
    if ((rc = aq_ranking__unit_periods(r, p, &ups, err)) < 0)
        return rc;
    m = aq_settlement_find(st, p);
    for (i = 0; m && i < m->n_units; i++)
        if (!strcmp(m->units[i].r.unit, aq_engine_unit(e, (size_t)u)->name))
            um = &m->units[i];
    aq_period_format(period, sizeof period, p);
    doc = json_pack("{s:s, s:s, s:s}", "unit",
                    aq_engine_unit(e, (size_t)u)->name, "unit_en",
                    aq_engine_unit(e, (size_t)u)->name_en, "period", period);
    steps = json_array();

    /* 1. stations and their days */
    w.stations = json_object();
    w.rows = json_array();
    if ((rc = aq_engine_each_station_day(e, (size_t)u, p, on_station_day, &w,
                                         err)) < 0)
        goto fail;
    {
        const aq_unit_info *ui = aq_engine_unit(e, (size_t)u);
        int inc = pol->include_reference_sites,
            eval = aq_engine_unit_evaluated(e, (size_t)u);
        snprintf(zh, sizeof zh,
                 "该单位列有%d个站点，其中对照点%d个；单位值是其评价点位的"
                 "平均值，对照点%s（N5.3.1）%s",
                 ui->stations, ui->reference, inc ? "计入" : "不计入",
                 eval ? "" : "；该单位没有评价点位，不参与评价");
        snprintf(en, sizeof en,
                 "the unit lists %d stations, %d of them reference sites; "
                 "its value is the mean of its assessment stations, "
                 "reference sites %s (N5.3.1)%s",
                 ui->stations, ui->reference, inc ? "included" : "excluded",
                 eval ? "" : "; it has no assessment station, so it is not "
                             "a unit of the evaluation");
        json_array_append_new(steps, step("stations", "P1, N5.3.1", zh, en));
    }
    {
        /* the numbers of the rules in force: N5.1.3 windows (U6), the
         * N5.1.4 minimum and the O3 limit of the month's rule set */
        const aq_ruleset *rs = aq_ruleset_for_period(pol->ruleset, p);
        char limit[32];
        aq_decimal_format(limit, sizeof limit,
                          aq_ruleset_daily_limit(rs, AQ_O3, p.year), 0);
        snprintf(zh, sizeof zh,
                 "各站点日均值至少需要%d个有效小时；O3日最大8小时平均"
                 "（MDA8）取结束于%d至24时的%d个8小时平均值中的最大值，"
                 "至少%d个有效窗口，或超过%s时亦有效；各值均修约（N1.5）",
                 AQ_STATS_MIN_DAY_HOURS, 25 - pol->mda8_windows,
                 pol->mda8_windows, AQ_STATS_MIN_MDA8_WINDOWS, limit);
        snprintf(en, sizeof en,
                 "each station's daily mean is valid with at least %d "
                 "valid hours; the O3 MDA8 is the largest of the %d "
                 "8-hour means ending at hours %d..24, valid with at "
                 "least %d valid windows or when it exceeds %s; each "
                 "is rounded (N1.5)",
                 AQ_STATS_MIN_DAY_HOURS, pol->mda8_windows,
                 25 - pol->mda8_windows, AQ_STATS_MIN_MDA8_WINDOWS, limit);
        json_array_append_new(
            steps, step("station_days", "N5.1.5, N5.1.3, N5.1.4", zh, en));
    }
    json_object_set_new(doc, "stations", w.stations);
    json_object_set_new(doc, "station_days", w.rows);

    /* 2. unit days */
    if ((rc = aq_engine_unit_days(e, (size_t)u, p, &days, &ndays, err)) < 0)
        goto fail;
    jdays = json_array();
    for (i = 0; i < ndays; i++) {
        const aq_unit_day *d = &days[i];
        json_t *vals = json_object(), *prim = json_array();
        int y, mo, dd, k;
        aq_civil_from_day(d->day, &y, &mo, &dd);
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, dd);
        for (pol_i = 0; pol_i < AQ_POLLUTANT_COUNT; pol_i++)
            json_object_set_new(
                vals, aq_pollutant_code((aq_pollutant)pol_i),
                json_pack("{s:o, s:i, s:b}", "value",
                          jmicro(d->value[pol_i].value,
                                 aq_pollutant_digits((aq_pollutant)pol_i)),
                          "stations", d->value[pol_i].count, "valid",
                          AQ_STAT_IS_VALID(d->value[pol_i])));
        for (k = 0; k < AQ_IND_COUNT; k++)
            if (d->aqi.primary & (1u << k))
                json_array_append_new(
                    prim, json_string(aq_indicator_code((aq_indicator)k)));
        json_array_append_new(
            jdays,
            json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "date", buf,
                      "ruleset", aq_ruleset_get(d->ruleset)
                                     ? aq_ruleset_get(d->ruleset)->name
                                     : "",
                      "values", vals, "aqi",
                      d->aqi.aqi < 0 ? json_null() : json_integer(d->aqi.aqi),
                      "primary", prim, "good",
                      d->good < 0 ? json_null() : json_boolean(d->good)));
    }
    json_array_append_new(
        steps, step("unit_days", "N5.3.2, N4.7, N4.9, N5.7.1",
                    "单位各污染物的日值为其有效站点日值的平均值并修约；日AQI由这些"
                    "日值算出；AQI不超过100为优良天，没有AQI的日子不计",
                    "the unit's daily value of each pollutant is the mean of "
                    "its valid stations' daily values, rounded; the daily "
                    "AQI comes from those values; a day is good when its "
                    "AQI is at most 100, and a day without an AQI is not "
                    "counted"));
    json_object_set_new(doc, "days", jdays);

    /* 3. monthly statistics */
    stats = json_object();
    for (pol_i = 0; pol_i < AQ_POLLUTANT_COUNT; pol_i++) {
        const aq_stat *s = &ups[u].stats.stat[pol_i];
        int pct = aq_stats_period_percentile((aq_pollutant)pol_i);
        json_object_set_new(
            stats, aq_pollutant_code((aq_pollutant)pol_i),
            json_pack("{s:s, s:s, s:s, s:o, s:o, s:i, s:i, s:b}", "label",
                      aq_pollutant_label((aq_pollutant)pol_i), "statistic",
                      pct == 95   ? "95th percentile of daily means"
                      : pct == 90 ? "90th percentile of daily MDA8"
                                  : "mean of daily means",
                      "statistic_zh",
                      pct == 95   ? "日均值第95百分位数"
                      : pct == 90 ? "日最大8小时平均第90百分位数"
                                  : "日均值的平均值",
                      "value",
                      jmicro(s->value,
                             aq_pollutant_digits((aq_pollutant)pol_i)),
                      "exact", jexact(s), "valid_days", s->count,
                      "minimum_days", aq_stats_month_min_days(p.index),
                      "valid", AQ_STAT_IS_VALID(*s)));
    }
    snprintf(zh, sizeof zh,
             "SO2、NO2、PM10、PM2.5取月均值，CO取日均值第95百分位数，O3取"
             "MDA8第90百分位数（k = 1 + (n-1)p/100），基于当月%d天；每项"
             "至少需要%d个有效天；本月数据%s",
             ups[u].stats.days, aq_stats_month_min_days(p.index),
             ups[u].stats.sufficient ? "充足" : "不足");
    snprintf(en, sizeof en,
             "monthly means of SO2, NO2, PM10, PM2.5, the 95th "
             "percentile of CO and the 90th of the O3 MDA8 "
             "(k = 1 + (n-1)p/100), from the %d days of the month; "
             "each needs %d valid days; the month is %s",
             ups[u].stats.days, aq_stats_month_min_days(p.index),
             ups[u].stats.sufficient ? "sufficient" : "insufficient");
    json_array_append_new(
        steps, step("statistics", "N5.1.6, N5.2, N5.4, N1.4", zh, en));
    json_object_set_new(doc, "statistics", stats);

    /* 4. composite */
    comp = json_object();
    for (pol_i = 0; pol_i < AQ_POLLUTANT_COUNT; pol_i++) {
        char s_i[32], i_i[32];
        aq_decimal_format(s_i, sizeof s_i, ups[u].composite.limit[pol_i],
                          pol_i == AQ_CO ? 1 : 0);
        if (ups[u].composite.index[pol_i] < 0)
            snprintf(i_i, sizeof i_i, "-");
        else
            aq_scaled_format(i_i, sizeof i_i, ups[u].composite.index[pol_i],
                             2);
        json_object_set_new(comp, aq_pollutant_code((aq_pollutant)pol_i),
                            json_pack("{s:s, s:s, s:i}", "limit", s_i,
                                      "index", i_i, "weight",
                                      ups[u].composite.weight[pol_i]));
    }
    if (ups[u].composite.composite >= 0)
        aq_scaled_format(buf, sizeof buf, ups[u].composite.composite, 2);
    else
        snprintf(buf, sizeof buf, "-");
    json_object_set_new(comp, "composite_index", json_string(buf));
    snprintf(zh, sizeof zh,
             "单项指数 I = C / S，修约到2位小数（四舍六入五成双）；综合指数"
             "为各单项指数加权之和 = %s",
             buf);
    snprintf(en, sizeof en,
             "single index I = C / S rounded to 2 decimals (half to "
             "even), composite index = sum of the weighted single "
             "indices = %s",
             buf);
    json_array_append_new(steps, step("composite", "N6.2.1-N6.2.4", zh, en));
    json_object_set_new(doc, "composite", comp);

    /* 5. rank, amount, events, sanctions */
    if (um) {
        json_t *rank = json_object(), *sanc = json_array();
        json_object_set_new(rank, "rank", um->r.rank > 0
                                              ? json_integer(um->r.rank)
                                              : json_null());
        json_object_set_new(rank, "positions",
                            json_pack("[i, i]", um->r.pos_first,
                                      um->r.pos_last));
        json_object_set_new(rank, "ranked_units",
                            json_integer((json_int_t)m->n_ranked));
        aq_decimal_format(buf, sizeof buf, um->r.amount, 2);
        json_object_set_new(rank, "amount", json_string(buf));
        json_object_set_new(rank, "rise_event", json_boolean(um->yoy.rise));
        json_object_set_new(rank, "rise_count", json_integer(um->rise_count));
        json_object_set_new(rank, "bottom2_streak",
                            json_integer(um->bottom_streak));
        json_object_set_new(doc, "rank", rank);
        {
            int pm = pol->rank_by == AQ_RANK_BY_PM25;
            if (um->r.rank <= 0) {
                snprintf(zh, sizeof zh, "数据不足，未参与排名（P3）");
                snprintf(en, sizeof en,
                         "not ranked: insufficient data (P3)");
            } else {
                snprintf(zh, sizeof zh,
                         "按%s由小到大排名第%d位（共%zu个单位，并列取最好名次，"
                         "占第%d至%d位）%s",
                         pm ? "PM2.5浓度" : "综合指数", um->r.rank,
                         m->n_ranked, um->r.pos_first, um->r.pos_last,
                         um->r.status == AQ_RANK_FLAGGED
                             ? "；数据不足，仅为临时排名"
                             : um->r.status == AQ_RANK_PLACED
                                   ? "；数据不足，按政策列于末位"
                                   : "");
                snprintf(en, sizeof en,
                         "ranked %d of %zu by %s, ascending, ties sharing "
                         "the best rank (positions %d-%d)%s",
                         um->r.rank, m->n_ranked,
                         pm ? "PM2.5" : "composite index", um->r.pos_first,
                         um->r.pos_last,
                         um->r.status == AQ_RANK_FLAGGED
                             ? "; provisional: insufficient data"
                             : um->r.status == AQ_RANK_PLACED
                                   ? "; placed last by the policy: "
                                     "insufficient data"
                                   : "");
            }
            json_array_append_new(steps, step("rank", "P3, N6.3", zh, en));
        }
        snprintf(zh, sizeof zh,
                 "按奖惩阶梯，本单位所占名次对应%s%s，并列时平均分配", buf,
                 aq_words__currency(pol->currency_unit, 1));
        snprintf(en, sizeof en,
                 "the ladders give %s %s for the positions occupied, "
                 "shared equally within a tie",
                 buf, aq_words__currency(pol->currency_unit, 0));
        json_array_append_new(steps, step("amount", "P4", zh, en));
        snprintf(zh, sizeof zh,
                 "本月同比上升：%s；窗口内累计上升%d次；连续处于后%d名%d个月",
                 um->yoy.comparable ? (um->yoy.rise ? "是" : "否")
                                    : "不可比（上年同月数据不足）",
                 um->rise_count, pol->bottom_group, um->bottom_streak);
        snprintf(en, sizeof en,
                 "year-on-year rise this month: %s; rises counted in the "
                 "window: %d; months in a row in the worst %d: %d",
                 um->yoy.comparable ? (um->yoy.rise ? "yes" : "no")
                                    : "not comparable (no sufficient "
                                      "previous-year month)",
                 um->rise_count, pol->bottom_group, um->bottom_streak);
        json_array_append_new(steps, step("events", "P5", zh, en));
        for (i = 0; i < m->n_sanctions; i++) {
            const aq_sanction *s = &m->sanctions[i];
            char text[512];
            if (strcmp(s->unit, aq_engine_unit(e, (size_t)u)->name))
                continue;
            aq_cause_describe(&s->causes[0], text, sizeof text);
            json_array_append_new(
                sanc, json_pack("{s:s, s:s, s:s, s:s}", "id",
                                aq_sanction_code(s->id), "name_zh",
                                aq_sanction_name(s->id, 1), "trigger",
                                s->causes[0].trigger, "evidence", text));
            {
                json_t *sj = aq_api__sanction_json(s);
                snprintf(zh, sizeof zh, "%s（%s）：%s",
                         aq_sanction_name(s->id, 1), aq_sanction_code(s->id),
                         aq_render__str(sj, "cause_zh"));
                snprintf(en, sizeof en, "%s (%s): %s",
                         aq_sanction_name(s->id, 0), aq_sanction_code(s->id),
                         aq_render__str(sj, "cause_en"));
                json_decref(sj);
                json_array_append_new(steps, step("sanction", "P6", zh, en));
            }
        }
        json_object_set_new(doc, "sanctions", sanc);
    }
    json_object_set_new(doc, "steps", steps);
    *out = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(doc);
    return *out ? AQ_OK : aq_error_set(err, AQ_ENOMEM, "out of memory");
fail:
    json_decref(steps);
    json_decref(doc);
    return rc;
}

/* ---- Text ---- */

struct text {
    char *buf;
    size_t len, cap;
    int failed;
};

static void put(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (t->failed)
        return;
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->failed = 1;
            return;
        }
        if ((size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        {
            size_t cap = (t->cap + (size_t)n) * 2;
            char *nb = aqx_realloc(t->buf, cap);
            if (!nb) {
                t->failed = 1;
                return;
            }
            t->buf = nb;
            t->cap = cap;
        }
    }
}

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    return json_is_string(v) ? json_string_value(v) : "-";
}

aq_status aq_explain_text(const char *json, const char *lang, char **out,
                          aq_error *err)
{
    json_error_t jerr;
    json_t *doc, *v;
    struct text t = {NULL, 0, 0, 0};
    size_t i;
    const char *k;
    int zh = !lang || strcmp(lang, "en") != 0;

    aq_api__init();
    *out = NULL;
    doc = json_loads(json, 0, &jerr);
    if (!doc)
        return aq_error_set_at(err, AQ_EPARSE, "explanation", jerr.line,
                               jerr.column, "%s", jerr.text);
    t.cap = 4096;
    t.buf = aqx_malloc(t.cap);
    if (!t.buf) {
        json_decref(doc);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    t.buf[0] = '\0';
    {
        aq_rbuf per = {NULL, 0, 0, 0};
        const char *name = str(doc, zh ? "unit" : "unit_en");
        if (!zh && !strcmp(name, "-"))
            name = str(doc, "unit");
        aq_render__period_text(&per, str(doc, "period"), zh);
        put(&t, zh ? "%s%s的计算过程\n\n" : "How %s's %s was computed\n\n",
            name, per.p && !per.oom ? per.p : str(doc, "period"));
        aq_render__dispose(&per);
    }
    json_array_foreach(json_object_get(doc, "steps"), i, v) {
        const char *text = str(v, zh ? "text_zh" : "text_en");
        if (!strcmp(text, "-"))
            text = str(v, "text");
        put(&t, "%zu. [%s] %s\n", i + 1, str(v, "rule"), text);
    }
    put(&t, zh ? "\n月统计（N5.1.6, N5.4）：\n"
               : "\nMonthly statistics (N5.1.6, N5.4):\n");
    json_object_foreach(json_object_get(doc, "statistics"), k, v) {
        int valid = json_is_true(json_object_get(v, "valid"));
        long long vd = json_integer_value(json_object_get(v, "valid_days")),
                  md = json_integer_value(json_object_get(v, "minimum_days"));
        if (zh)
            put(&t, "  %-6s %s %s（精确值 %s），有效天数 %lld/%lld，%s\n",
                str(v, "label"), str(v, "statistic_zh"), str(v, "value"),
                str(v, "exact"), vd, md, valid ? "有效" : "无效");
        else
            put(&t, "  %-6s %-34s %8s  exact %-12s valid days %lld/%lld %s\n",
                str(v, "label"), str(v, "statistic"), str(v, "value"),
                str(v, "exact"), vd, md, valid ? "valid" : "INVALID");
    }
    put(&t, zh ? "\n单项指数（N6.2）：\n" : "\nSingle indices (N6.2):\n");
    json_object_foreach(json_object_get(doc, "composite"), k, v) {
        if (!json_is_object(v))
            continue;
        put(&t, zh ? "  %-6s C / %-5s = %s（权重 %lld）\n"
                   : "  %-6s C / %-5s = %s (weight %lld)\n",
            aq_render__pollutant(k), str(v, "limit"), str(v, "index"),
            (long long)json_integer_value(json_object_get(v, "weight")));
    }
    put(&t, "  %s %s\n", zh ? "综合指数" : "composite index",
        str(json_object_get(doc, "composite"), "composite_index"));
    json_decref(doc);
    if (t.failed) {
        aqx_free(t.buf);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    *out = t.buf;
    return AQ_OK;
}
