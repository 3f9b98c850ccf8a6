/* SPDX-License-Identifier: MIT */
/*
 * The sentences people read about data and rules, in Chinese or English
 * (issue 15: one language per output): why a unit is insufficient (N5.2),
 * a station short of valid days, a unit that is not evaluated (N5.3.1),
 * why a month pays no amounts (P4), the notice over a provisional ranking
 * (P3 flagged), a rule set by its standards. The documents carry them as
 * text_zh / text_en (for the dashboard) and the renderers print them;
 * nothing else words these facts. Pollutants are written as people write
 * them (PM2.5, SO2), never by their codes.
 */
#include <stdio.h>
#include <string.h>

#include "aq/decimal.h"
#include "aq/rules.h"
#include "lib/publish/render_internal.h"
#include "lib/publish/words_internal.h"

/* "2019年8月" / "2019-08" */
static void month_words(aq_rbuf *b, aq_period p, int zh)
{
    if (zh)
        aq_render__printf(b, "%d年%d月", p.year, p.index);
    else
        aq_render__printf(b, "%04d-%02d", p.year, p.index);
}

/* The shortfalls of one place (a month, or the year's total), k of them
 * from s: "PM2.5有效天数25天、SO2有效天数26天，少于27天" / "PM2.5 25,
 * SO2 26 valid days < 27"; six equal ones are said once. */
static void place_words(aq_rbuf *b, const aq_shortfall *s, size_t k, int zh)
{
    size_t i;
    int same = k == AQ_POLLUTANT_COUNT;

    for (i = 1; same && i < k; i++)
        same = s[i].valid_days == s[0].valid_days;
    if (same) {
        aq_render__printf(b,
                          zh ? "各项污染物有效天数均为%d天，少于%d天"
                             : "every pollutant %d valid days < %d",
                          s[0].valid_days, s[0].minimum_days);
        return;
    }
    for (i = 0; i < k; i++) {
        const char *label = aq_pollutant_label(s[i].pollutant);
        if (zh)
            aq_render__printf(b, "%s%s有效天数%d天", i ? "、" : "", label,
                              s[i].valid_days);
        else
            aq_render__printf(b, "%s%s %d", i ? ", " : "", label,
                              s[i].valid_days);
    }
    aq_render__printf(b, zh ? "，少于%d天" : " valid days < %d",
                      s[0].minimum_days);
}

void aq_words__shortfalls(aq_rbuf *b, const aq_period_stats *ps,
                          const aq_shortfall *s, size_t n, int zh)
{
    size_t i, j;
    int y0, m0, y1, m1;

    /* the month is named when the statistics cover more than one */
    aq_civil_from_day(ps->span.first, &y0, &m0, NULL);
    aq_civil_from_day(ps->span.last, &y1, &m1, NULL);
    for (i = 0; i < n; i = j) {
        /* the shortfalls of one place are consecutive (aq/stats.h) */
        for (j = i + 1; j < n && s[j].kind == s[i].kind &&
                        s[j].where.year == s[i].where.year &&
                        s[j].where.index == s[i].where.index &&
                        s[j].minimum_days == s[i].minimum_days;
             j++)
            ;
        if (i)
            aq_render__put(b, zh ? "；" : "; ");
        if (s[i].kind == AQ_SHORT_YEAR) {
            aq_render__printf(b, zh ? "%d年全年" : "%d in all: ",
                              s[i].where.year);
        } else if (s[i].kind == AQ_SHORT_MONTH &&
                   (y0 != y1 || m0 != m1)) {
            month_words(b, s[i].where, zh);
            aq_render__put(b, zh ? "" : ": ");
        }
        place_words(b, s + i, j - i, zh);
    }
}

void aq_words__station(aq_rbuf *b, const char *code, const char *name,
                       int zh)
{
    /* a person knows a station by its name; the code tells it apart, and
     * in English it is the part that can be read */
    if (zh && name && *name && strcmp(name, code))
        aq_render__printf(b, "%s（%s）", name, code);
    else
        aq_render__printf(b, zh ? "站点%s" : "station %s", code);
}

void aq_words__unit_reason(aq_rbuf *b, const aq_period_stats *ps,
                           const aq_shortfall *s, size_t n,
                           const char *const *codes,
                           const char *const *names, size_t n_stations,
                           int zh)
{
    size_t i;

    aq_render__put(b, zh ? "数据不足：" : "insufficient data: ");
    if (n)
        aq_words__shortfalls(b, ps, s, n, zh);
    if (n_stations) {
        aq_render__put(b, n ? (zh ? "；无有效数据的站点：" : "; no valid data from ")
                            : (zh ? "无有效数据的站点：" : "no valid data from "));
        for (i = 0; i < n_stations; i++) {
            if (i)
                aq_render__put(b, zh ? "、" : ", ");
            aq_words__station(b, codes[i], names[i], zh);
        }
    }
    if (!n && !n_stations)
        aq_render__put(b, zh ? "统计值不全" : "statistics incomplete");
    /* a partial span is judged by D2, anything else by N5.2 */
    aq_render__put(b, ps->span_min_days > 0 ? (zh ? "（D2）" : " (D2)")
                                            : (zh ? "（N5.2）" : " (N5.2)"));
}

void aq_words__station_short(aq_rbuf *b, const char *code, const char *name,
                             const char *unit, aq_pollutant p, int valid,
                             int minimum, int zh)
{
    /* the unit first in Chinese (保定 游泳馆（1051A）), after the station in
     * English; not when the station is the unit (one station each) */
    if (zh && strcmp(unit, name))
        aq_render__printf(b, "%s ", unit);
    aq_words__station(b, code, name, zh);
    if (!zh && strcmp(unit, code))
        aq_render__printf(b, " (%s)", unit);
    aq_render__printf(b,
                      zh ? "：%s有效天数%d天，少于%d天（N5.2）"
                         : ": %s %d valid days < %d (N5.2)",
                      aq_pollutant_label(p), valid, minimum);
}

void aq_words__not_evaluated(aq_rbuf *b, int stations, int reference,
                             int zh)
{
    if (stations == 0)
        aq_render__put(b, zh ? "未列出任何监测站点，不参与评价（N5.3.1）"
                             : "no station listed: not a unit of the "
                               "evaluation (N5.3.1)");
    else
        aq_render__printf(b,
                          zh ? "仅有%d个对照点，无评价点位，不参与评价（N5.3.1）"
                             : "only %d reference site%s, no assessment "
                               "station: not a unit of the evaluation "
                               "(N5.3.1)",
                          reference, !zh && reference != 1 ? "s" : "");
}

void aq_words__amounts_withheld(aq_rbuf *b, size_t ranked, size_t needed,
                                size_t evaluated, int zh)
{
    if (evaluated >= needed)
        /* the jurisdiction has enough units: the data fell short */
        aq_render__printf(
            b,
            zh ? "本月数据充足、参与排名的单位只有%zu个，奖惩阶梯至少需要%zu个"
                 "单位才不重叠（P4），因此本月不计算奖惩金额。"
               : "Only %zu units had sufficient data to be ranked this "
                 "month; the reward and penalty ladders need at least %zu "
                 "so that they do not overlap (P4), so no amounts are "
                 "computed this month.",
            ranked, needed);
    else
        aq_render__printf(
            b,
            zh ? "本辖区参与评价的单位只有%zu个，而政策的奖惩阶梯至少需要%zu个"
                 "单位（P4）：请调整政策文件。本月不计算奖惩金额。"
               : "The jurisdiction has only %zu units of the evaluation, but "
                 "the policy's reward and penalty ladders need at least %zu "
                 "(P4): the policy file needs changing. No amounts are "
                 "computed this month.",
            evaluated, needed);
}

void aq_words__provisional(aq_rbuf *b, size_t flagged, size_t ranked,
                           int zh)
{
    aq_render__printf(
        b,
        zh ? "临时排名：%zu个单位中有%zu个数据不足（标“*”），按其综合指数一并排名，"
             "仅供参考；这些单位不计奖惩金额，也不据此问责（P3 flagged）。"
           : "Provisional ranking: %2$zu of the %1$zu units ranked have "
             "insufficient data (marked *); they are ranked by their "
             "composite index for information only, earn or lose no amount "
             "and are not sanctioned on it (P3 flagged).",
        ranked, flagged);
}

void aq_words__no_composite(aq_rbuf *b, int zh)
{
    aq_render__put(b, zh ? "缺少统计值，不计算综合指数（N6.2.6）"
                         : "no composite index: a statistic is missing "
                           "(N6.2.6)");
}

const char *aq_words__ruleset(const aq_ruleset *rs)
{
    return rs ? rs->title : "";
}

const char *aq_words__currency(const char *unit, int zh)
{
    /* the policy writes its unit in Chinese; English readers get it in
     * English (only the units the policy files use are known) */
    if (zh || !unit)
        return unit ? unit : "";
    if (!strcmp(unit, "万元"))
        return "10,000 yuan";
    if (!strcmp(unit, "元"))
        return "yuan";
    return unit;
}

/* ---- Road cleanliness (issue 20) ---- */

/* a micro-unit value with its decimals, at least `least` of them: 5.0,
 * 15, 4.25 */
static void micro_words(aq_rbuf *b, int64_t v, int least)
{
    char text[48];
    int digits = 6;

    while (digits > least && v % 10 == 0) {
        v /= 10;
        digits--;
    }
    aq_scaled_format(text, sizeof text, v, digits);
    aq_render__put(b, text);
}

void aq_words__roads_standard(aq_rbuf *b, const aq_policy_roads *std, int zh)
{
    aq_render__put(b, zh ? "积尘负荷不高于" : "A dust load of at most ");
    micro_words(b, std->dust_limit, 1);
    aq_render__put(b, zh ? "克/平方米、地面垃圾停留不超过"
                         : " g/m² and litter on the ground for at most ");
    micro_words(b, std->litter_limit, 0);
    aq_render__printf(
        b,
        zh ? "分钟为达标；%02d:%02d至%02d:%02d保洁时段内的检测计为样本；每月"
             "至少%d个积尘样本方参与排名。排名先按积尘达标率由高到低，再按"
             "平均积尘负荷由低到高，两者均相同的并列。"
           : " minutes comply; the inspections from %02d:%02d to %02d:%02d, "
             "the cleaning hours, are the samples; a unit needs %d dust "
             "samples in the month to be ranked. Units are ranked by dust "
             "compliance, highest first, then by mean dust load, lowest "
             "first; units equal in both share a rank.",
        std->window_start / 60, std->window_start % 60, std->window_end / 60,
        std->window_end % 60, std->min_samples);
}

void aq_words__roads_few_samples(aq_rbuf *b, int samples, int minimum, int zh)
{
    if (samples == 0)
        aq_render__printf(b,
                          zh ? "本月无积尘检测样本（参与排名至少需要%d个）"
                             : "no dust samples this month (a ranked unit "
                               "needs %d)",
                          minimum);
    else if (zh)
        aq_render__printf(b, "积尘检测样本%d个，少于参与排名所需的%d个",
                          samples, minimum);
    else
        aq_render__printf(b,
                          "%d dust sample%s, fewer than the %d a ranked unit "
                          "needs",
                          samples, samples == 1 ? "" : "s", minimum);
}

void aq_words__roads_outside(aq_rbuf *b, size_t n,
                             const aq_policy_roads *std, int zh)
{
    aq_render__printf(
        b,
        zh ? "%zu次检测在%02d:%02d至%02d:%02d保洁时段之外：计入检测次数，不计为"
             "样本。"
           : "%zu inspections were outside the cleaning hours, %02d:%02d to "
             "%02d:%02d: they count as inspections, not as samples.",
        n, std->window_start / 60, std->window_start % 60,
        std->window_end / 60, std->window_end % 60);
}

void aq_words__span(aq_rbuf *b, aq_span s, int zh)
{
    static const char *const months[] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    int y0, m0, d0, y1, m1, d1;

    aq_civil_from_day(s.first, &y0, &m0, &d0);
    aq_civil_from_day(s.last, &y1, &m1, &d1);
    if (zh) {
        aq_render__printf(b, "%d年%d月%d日", y0, m0, d0);
        if (s.first == s.last)
            return;
        if (y0 != y1)
            aq_render__printf(b, "至%d年%d月%d日", y1, m1, d1);
        else if (m0 != m1)
            aq_render__printf(b, "至%d月%d日", m1, d1);
        else
            aq_render__printf(b, "至%d日", d1);
        return;
    }
    if (s.first == s.last)
        aq_render__printf(b, "%d %s %d", d0, months[m0 - 1], y0);
    else if (y0 != y1)
        aq_render__printf(b, "%d %s %d - %d %s %d", d0, months[m0 - 1], y0,
                          d1, months[m1 - 1], y1);
    else if (m0 != m1)
        aq_render__printf(b, "%d %s - %d %s %d", d0, months[m0 - 1], d1,
                          months[m1 - 1], y1);
    else
        aq_render__printf(b, "%d-%d %s %d", d0, d1, months[m1 - 1], y1);
}

void aq_words__span_notice(aq_rbuf *b, aq_span s, int days, int min_days,
                           int zh)
{
    aq_rbuf t = {NULL, 0, 0, 0};

    aq_words__span(&t, s, zh);
    aq_render__printf(b,
                      zh ? "%s累计（%d天）：不是完整的月、季度或年，排名为临时排名，"
                           "不计奖惩，也不据此问责（D4）。"
                         : "%s (%d days) is not a whole month, quarter or "
                           "year: the ranking is provisional, with no "
                           "amounts and no sanctions (D4).",
                      t.p && !t.oom ? t.p : "", days);
    aq_render__dispose(&t);
    if (min_days > 0)
        aq_render__printf(b,
                          zh ? "各项污染物有效天数须不少于%d天（共%d天，D2）。"
                             : " Each pollutant needs at least %d valid days "
                               "of the %d (D2).",
                          min_days, days);
    else
        aq_render__put(b, zh ? "按月评价：每月有效天数不少于27天（2月25天，"
                               "N5.2）。"
                             : " Each month is judged on its own: 27 valid "
                               "days (25 in February, N5.2).");
}

/* "the bottom two" / "后两名": a count of places in words */
static void places(aq_rbuf *b, int n, int zh)
{
    if (zh)
        aq_render__printf(b, n == 2 ? "两" : "%d", n);
    else if (n == 2)
        aq_render__put(b, "two");
    else
        aq_render__printf(b, "%d", n);
}

void aq_words__goal(aq_rbuf *b, const aq_words_goal *g, int zh)
{
    /* the goal, kept or reached */
    if (zh)
        aq_render__put(b, "要");
    else
        aq_render__put(b, "To ");
    switch (g->goal) {
    case 0: /* reward: rank <= R */
        if (g->count == 1 && !zh)
            aq_render__put(b, g->met ? "keep a reward (first place)"
                                     : "reach a reward (first place)");
        else
            aq_render__printf(b,
                              zh ? (g->met ? "保持奖励（前%d名）"
                                           : "进入奖励（前%d名）")
                                 : (g->met ? "keep a reward (rank %d or "
                                             "better)"
                                           : "reach a reward (rank %d or "
                                             "better)"),
                              g->count);
        break;
    case 1: /* no deduction: out of the last P places */
        if (zh) {
            aq_render__put(b, g->met ? "保持不被扣缴（后" : "摆脱扣缴（后");
            places(b, g->count, 1);
            aq_render__put(b, "名）");
        } else {
            aq_render__put(b, g->met ? "stay clear of the deduction (the "
                                     : "escape the deduction (the ");
            if (g->count == 1) {
                aq_render__put(b, "last place)");
            } else {
                aq_render__put(b, "last ");
                places(b, g->count, 0);
                aq_render__put(b, " places)");
            }
        }
        break;
    case 2: /* out of the bottom group */
        if (zh) {
            aq_render__put(b, g->met ? "保持不在后" : "退出后");
            places(b, g->count, 1);
            aq_render__put(b, "名");
        } else if (g->count == 1) {
            aq_render__put(b, g->met ? "stay out of the last place"
                                     : "leave the last place");
        } else {
            aq_render__put(b, g->met ? "stay out of the bottom "
                                     : "leave the bottom ");
            places(b, g->count, 0);
        }
        break;
    default: /* not last */
        aq_render__put(b, zh ? (g->met ? "保持不在末位" : "摆脱末位")
                             : (g->met ? "stay off the last place"
                                       : "leave the last place"));
        break;
    }
    aq_render__put(b, zh ? "，" : ", ");
    if (!g->reachable) {
        aq_render__printf(b,
                          zh ? "%s本月在其他污染物不变的情况下已无法做到。"
                             : "%s cannot get there this month with its "
                               "other pollutants where they are.",
                          g->unit);
    } else if (g->unlimited) {
        aq_render__printf(b,
                          zh ? "%s无论PM2.5浓度如何均可做到。"
                             : "%s gets there whatever its PM2.5.",
                          g->unit);
    } else {
        aq_render__printf(b,
                          zh ? "%s本月PM2.5平均浓度须不高于%lld微克/立方米"
                             : "%s needs a monthly PM2.5 of at most %lld",
                          g->unit, (long long)g->pm25_max);
        if (g->remaining <= 0)
            aq_render__put(b, zh ? "（本月已无剩余天数）。"
                                 : " (no days of the month remain).");
        else if (g->daily_max >= 0)
            aq_render__printf(b,
                              zh ? "：剩余%d天日均值不得高于%lld。"
                                 : ": the remaining %d days may average at "
                                   "most %lld.",
                              g->remaining, (long long)g->daily_max);
        else
            aq_render__printf(b,
                              zh ? "，剩余%d天已无法做到。"
                                 : ", which the remaining %d days can no "
                                   "longer reach.",
                              g->remaining);
    }
}
