/* SPDX-License-Identifier: MIT */
/*
 * The sentences of the data-integrity audit (issue 17), in Chinese or
 * English: each kind of flag by name, a flag's evidence, an hour, and the
 * bulletin's data-quality notes (数据质量提示): the month's flags by kind
 * and, per unit whose values rest on flagged hours, its composite index
 * without them and the flags of its stations. The audit and bulletin
 * documents carry them as kind_zh / kind_en and text_zh / text_en; the
 * renderings and the dashboard print those. Everything is read from the
 * audit document's members (docs/http-api.md).
 */
#include <stdio.h>
#include <string.h>

#include "aq/decimal.h"
#include "lib/publish/render_internal.h"
#include "lib/publish/words_internal.h"

/* Each kind in words, and its evidence in a sentence: %1$s.. are the
 * values of `keys` in order (the formats of both languages pick them by
 * position); "hours" is the flag's own member, the others its evidence's. */
static const struct kind_text {
    const char *code, *zh, *en;
    const char *zh_says, *en_says;
    const char *keys[5];
} kinds[] = {
    {"flatline",
     "长时间恒值",
     "constant value",
     "数值 %1$s 连续 %2$s 小时不变",
     "value %1$s unchanged for %2$s hours",
     {"value", "hours", NULL, NULL, NULL}},
    {"pm25_gt_pm10",
     "PM2.5 大于 PM10",
     "PM2.5 above PM10",
     "%1$s 天内 %2$s 小时 PM2.5 超出 PM10 及容差（均值 PM2.5 %3$s，PM10 "
     "%4$s）",
     "%2$s hours with PM2.5 beyond PM10 and its tolerance, on %1$s day(s) "
     "(means: PM2.5 %3$s, PM10 %4$s)",
     {"days", "hours", "pm25_mean", "pm10_mean", NULL}},
    {"neighbour_divergence",
     "明显低于周边",
     "far below neighbours",
     "本站均值 %1$s，周边 %2$s 站中位数的均值 %3$s（比值 %4$s）",
     "station mean %1$s against the median of %2$s neighbours, mean %3$s "
     "(ratio %4$s)",
     {"station_mean", "neighbours", "neighbour_median_mean", "ratio", NULL}},
    {"selective_gaps",
     "缺测集中于污染时段",
     "gaps in polluted hours",
     "缺测 %1$s 小时中 %2$s 小时在周边污染最重的时段（随机预期 %3$s，偶然出现"
     "的概率 %4$s）",
     "%2$s of %1$s missing hours fall in the neighbours' most polluted hours "
     "(%3$s expected by chance; probability %4$s)",
     {"missing_hours", "polluted_missing_hours", "expected", "p_value", NULL}},
    {"step_change",
     "相对周边突变",
     "step against neighbours",
     "自 %1$s 起与周边的比值由 %2$s 变为 %3$s（前 %4$s 天，后 %5$s 天）",
     "from %1$s the ratio to the neighbours went from %2$s to %3$s (%4$s "
     "days before, %5$s after)",
     {"day", "ratio_before", "ratio_after", "days_before", "days_after"}},
};

#define N_KINDS (sizeof kinds / sizeof kinds[0])

static const struct kind_text *kind_of(const char *code)
{
    size_t i;

    for (i = 0; i < N_KINDS; i++)
        if (!strcmp(kinds[i].code, code))
            return &kinds[i];
    return NULL;
}

const char *aq_words__audit_kind(const char *code, int zh)
{
    const struct kind_text *k = kind_of(code);

    return !k ? code : zh ? k->zh : k->en;
}

const char *aq_words__audit_value(char *dst, size_t cap, const json_t *v)
{
    if (json_is_integer(v))
        snprintf(dst, cap, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(dst, cap, "%.15g", json_real_value(v));
    else if (json_is_string(v))
        snprintf(dst, cap, "%s", json_string_value(v));
    else
        snprintf(dst, cap, "—");
    return dst;
}

void aq_words__audit_evidence(aq_rbuf *b, const json_t *flag, int zh)
{
    const struct kind_text *k = kind_of(aq_render__str(flag, "kind"));
    const json_t *e = json_object_get(flag, "evidence");
    char x[5][48];
    int i;

    if (!k)
        return;
    for (i = 0; i < 5; i++)
        if (!k->keys[i])
            x[i][0] = '\0';
        else
            aq_words__audit_value(
                x[i], sizeof x[i],
                json_object_get(strcmp(k->keys[i], "hours") ? e : flag,
                                k->keys[i]));
    aq_render__printf(b, zh ? k->zh_says : k->en_says, x[0], x[1], x[2], x[3],
                      x[4]);
}

void aq_words__audit_hour(char *dst, size_t cap, const char *label, int zh)
{
    if (strlen(label) != 13) {
        snprintf(dst, cap, "%s", label);
        return;
    }
    snprintf(dst, cap, zh ? "%.5s %.2s时" : "%.5s %.2s:00", label + 5,
             label + 11);
}

void aq_words__quality_intro(aq_rbuf *b, const json_t *by_kind,
                             long long flags, int zh)
{
    size_t i;
    int said = 0;

    if (zh)
        aq_render__printf(b, "本月共有数据质量标记 %lld 条（", flags);
    else
        aq_render__printf(b, "%lld data-quality flag%s this month (", flags,
                          flags == 1 ? "" : "s");
    for (i = 0; i < N_KINDS; i++) {
        long long n =
            (long long)json_integer_value(json_object_get(by_kind, kinds[i].code));
        if (!n)
            continue;
        aq_render__printf(b, zh ? "%s%s %lld 条" : "%s%s: %lld",
                          said++ ? (zh ? "、" : ", ") : "",
                          zh ? kinds[i].zh : kinds[i].en, n);
    }
    aq_render__put(
        b, zh ? "）。标记只提示需要复核的小时，不改变任何数值、统计或排名。"
                "下列单位的排名所依据的数据中有被标记的小时；剔除这些小时后的"
                "综合指数仅供参考。"
              : "). A flag only points at hours to review: it changes no "
                "value, statistic or rank. The units below are ranked on data "
                "with flagged hours; their composite index without those "
                "hours is given for information only.");
}

/* One flag of a station: "明显低于周边（PM2.5，12-28 21时至12-29 07时，
 * 11小时）" / "far below neighbours (PM2.5, 12-28 21:00 to 12-29 07:00,
 * 11 hours)" */
static void flag_words(aq_rbuf *b, const json_t *f, int zh)
{
    char from[32], to[32];
    long long h = (long long)json_integer_value(json_object_get(f, "hours"));

    aq_words__audit_hour(from, sizeof from, aq_render__str(f, "from"), zh);
    aq_words__audit_hour(to, sizeof to, aq_render__str(f, "to"), zh);
    aq_render__printf(b, zh ? "%s（%s，%s至%s，%lld 小时）"
                            : "%s (%s, %s to %s, %lld hour%s)",
                      aq_words__audit_kind(aq_render__str(f, "kind"), zh),
                      aq_render__pollutant(aq_render__str(f, "pollutant")),
                      from, to, h, zh || h == 1 ? "" : "s");
}

void aq_words__quality_unit(aq_rbuf *b, const json_t *u, int zh)
{
    const json_t *flags = json_object_get(u, "flags"), *f;
    const char *station = NULL;
    long long h =
        (long long)json_integer_value(json_object_get(u, "flagged_hours"));
    char t[32], w[32];
    int64_t x;
    size_t i;

    aq_render__printf(b, zh ? "%s：" : "%s: ", aq_render__unit_name(u, zh));
    if (aq_render__scaled(json_object_get(u, "composite_index"), 2, &x) == 0)
        aq_render__printf(b, zh ? "综合指数 %s；" : "composite index %s; ",
                          aq_scaled_format(t, sizeof t, x, 2));
    else
        aq_render__put(b, zh ? "无综合指数；" : "no composite index; ");
    if (aq_render__scaled(json_object_get(u, "composite_index_without_flags"),
                          2, &x) == 0) {
        aq_scaled_format(w, sizeof w, x, 2);
        aq_render__printf(b,
                          zh ? "剔除 %lld 个被标记的站点小时后为 %s"
                             : "%2$s without its %1$lld flagged "
                               "station-hour%3$s",
                          h, w, zh || h == 1 ? "" : "s");
        if (aq_render__scaled(json_object_get(u, "change"), 2, &x) == 0)
            aq_render__printf(b, zh ? "（变化 %s%s）" : " (change %s%s)",
                              x > 0 ? "+" : "",
                              aq_scaled_format(t, sizeof t, x, 2));
    } else {
        aq_render__printf(b,
                          zh ? "剔除 %lld 个被标记的站点小时后无法计算"
                             : "not computed without its %lld flagged "
                               "station-hour%s",
                          h, zh || h == 1 ? "" : "s");
    }
    if (json_is_true(json_object_get(u, "sufficient")) &&
        json_is_false(json_object_get(u, "sufficient_without_flags")))
        aq_render__put(b, zh ? "，数据不足（N5.2）"
                             : ", with insufficient data (N5.2)");
    /* the flags grouped by station (the audit lists them by station) */
    json_array_foreach(flags, i, f)
    {
        const char *code = aq_render__str(f, "station");
        if (!station || strcmp(station, code)) {
            aq_render__put(b, zh ? "；" : "; ");
            aq_words__station(b, code, aq_render__str(f, "station_name"), zh);
            aq_render__put(b, zh ? "：" : ": ");
            station = code;
        } else {
            aq_render__put(b, zh ? "、" : ", ");
        }
        flag_words(b, f, zh);
    }
    aq_render__put(b, zh ? "。" : ".");
}
