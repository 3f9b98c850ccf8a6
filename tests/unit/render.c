/* SPDX-License-Identifier: MIT */
/*
 * The renderings of the ranking document (aq/render.h, P7) on hand-written
 * fixtures in tests/data/render/:
 *  - month.json: the 13 Hengshui units of TV-30 for 2024-05 with 饶阳县
 *    made insufficient (O3 on 20 days), so N = 12 and the ranks are
 *    1, 2, 3, 4, 4, 6, 7, 8, 9, 10, 11, 11. P4 with ladders 100/80/60/40:
 *    positions 4-5 share 40 + 0 -> 20 each; positions 11-12 share
 *    -80 - 100 -> -90 each; position 9 is fourth to last (-40), 10 third
 *    to last (-60). S1 for both units tied last (P3 positions), S2 for
 *    故城县 (2 rises). 阜城县's YoY: 5.07 vs 5.57 -> -0.09 (-9.0 %).
 *  - quarter.json: the same month as 2024-06 with the Q2 ranking and an S6.
 *  - hostile.json: a unit named <script>alert(1)</script>.
 *  - policy_error.json: 6 ranked units, ladders overlap (P4).
 *  - history_*.json: 12-month series of two units for the trend chart.
 */
#include <stdio.h>
#include <string.h>

#include "aq/render.h"
#include "aq/store.h"
#include "harness.h"
#include "util/alloc.h"

/* A fixture's text, read once and kept for the whole run (reachable, so a
 * test that stops at a failed CHECK leaks nothing). */
static const char *fixture(const char *name)
{
    static struct {
        char name[64];
        char *text;
    } cache[16];
    char path[512];
    size_t i;
    FILE *f;
    long n;
    char *buf;

    for (i = 0; i < 16 && cache[i].text; i++)
        if (!strcmp(cache[i].name, name))
            return cache[i].text;
    if (i == 16)
        return NULL;
    snprintf(path, sizeof path, "%s/render/%s", aqt_data_dir(), name);
    f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = aqx_malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        aqx_free(buf);
        buf = NULL;
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    snprintf(cache[i].name, sizeof cache[i].name, "%s", name);
    cache[i].text = buf;
    return buf;
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    const char *p = hay;

    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p += strlen(needle);
    }
    return n;
}

/* The test's own display width: CJK ideographs count 2 (independent of
 * the library's table of wide ranges). */
static size_t display_width(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s,
                        *end = (const unsigned char *)s + len;
    size_t w = 0;

    while (p < end) {
        unsigned long c = *p;
        int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0, i;
        c &= n == 3 ? 0x07 : n == 2 ? 0x0F : n == 1 ? 0x1F : 0x7F;
        for (i = 1; i <= n; i++)
            c = (c << 6) | (p[i] & 0x3F);
        p += n + 1;
        w += c >= 0x4E00 && c <= 0x9FFF ? 2 : 1;
    }
    return w;
}

static char *render(const char *format, const char *fixture_name,
                    const char *lang)
{
    aq_render_options o = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    const char *doc = fixture(fixture_name);
    char *out = NULL;

    o.lang = lang;
    if (!doc)
        return NULL;
    if (aq_render(format, doc, &o, &out, &err) != AQ_OK)
        out = NULL;
    return out;
}

/* P7: CSV header and one row per unit, in rank order, unranked last; the
 * numbers are TV-30's statistics and indices with the rules' decimals
 * (indices 2, CO 1, good days 1), the P4 amounts worked out above, YoY as
 * fractions with 3 decimals. Good days: 20/31 = 64.516 -> 64.5, 19/31 =
 * 61.290 -> 61.3, 18/31 -> 58.1, 17/31 -> 54.8, 16/31 -> 51.6, 15/31 ->
 * 48.4, 14/31 -> 45.2, 13/31 -> 41.9, 12/31 -> 38.7 (TV-32 style). */
void test_render__csv_exact_tv30_P7(void)
{
    static const char want[] =
        "rank,unit,unit_en,composite_index,pm25,so2,no2,pm10,co,o3,"
        "so2_index,no2_index,pm10_index,pm25_index,co_index,o3_index,"
        "good_days_ratio,amount,yoy_composite_index,yoy_pm25,rank_change,"
        "sufficient\n"
        "1,阜城县,Fucheng,5.07,57,14,33,100,1.4,97,0.23,0.82,1.43,1.63,0.35,"
        "0.61,64.5,100,-0.090,-0.081,2,true\n"
        "2,景县,Jingxian,5.15,58,13,34,102,1.4,98,0.22,0.85,1.46,1.66,0.35,"
        "0.61,61.3,80,0.012,0.000,-1,true\n"
        "3,枣强县,Zaoqiang,5.32,60,14,35,105,1.5,100,0.23,0.88,1.50,1.71,"
        "0.38,0.62,61.3,60,-0.025,-0.016,0,true\n"
        "4,滨湖新区,Binhu,5.41,61,15,36,106,1.5,101,0.25,0.90,1.51,1.74,"
        "0.38,0.63,58.1,20,-0.043,-0.047,-2,true\n"
        "4,武邑县,Wuyi,5.41,62,15,36,105,1.4,102,0.25,0.90,1.50,1.77,0.35,"
        "0.64,58.1,20,0.000,0.033,1,true\n"
        "6,冀州区,Jizhou,5.70,64,16,38,112,1.6,104,0.27,0.95,1.60,1.83,0.40,"
        "0.65,54.8,0,0.018,0.016,0,true\n"
        "7,武强县,Wuqiang,5.89,66,17,40,115,1.7,106,0.28,1.00,1.64,1.89,"
        "0.42,0.66,51.6,0,-0.011,0.000,3,true\n"
        "8,桃城区,Taocheng,6.21,68,18,45,120,1.8,110,0.30,1.12,1.71,1.94,"
        "0.45,0.69,48.4,0,0.050,0.046,-1,true\n"
        "9,安平县,Anping,6.22,70,19,42,118,1.9,108,0.32,1.05,1.69,2.00,0.48,"
        "0.68,48.4,-40,-0.003,0.014,0,true\n"
        "10,故城县,Gucheng,6.48,72,20,44,125,2.0,112,0.33,1.10,1.79,2.06,"
        "0.50,0.70,45.2,-60,0.021,0.029,-2,true\n"
        "11,高新区,Gaoxin,6.70,74,21,47,128,2.1,114,0.35,1.18,1.83,2.11,0.52,"
        "0.71,41.9,-90,0.036,0.042,1,true\n"
        "11,深州市,Shenzhou,6.70,75,22,48,123,2.1,113,0.37,1.20,1.76,2.14,"
        "0.52,0.71,38.7,-90,,,,true\n"
        ",饶阳县,Raoyang,5.60,63,16,37,110,1.6,103,0.27,0.92,1.57,1.80,0.40,"
        "0.64,54.8,0,,,,false\n";
    const char *doc = fixture("month.json");
    char *out = NULL;
    aq_error err = AQ_ERROR_INIT;

    CHECK(doc != NULL);
    CHECK_OK(aq_render_csv(doc, &out, &err));
    EXPECT_EQ_STR(want, out);
    aq_free(out);
}

/* CSV quoting (RFC 4180) of names with a comma or a quote. */
void test_render__csv_quotes_names(void)
{
    static const char doc[] =
        "{\"period\":\"2024-05\",\"units\":[{\"unit\":\"a,b\",\"unit_en\":"
        "\"say \\\"hi\\\"\",\"rank\":1,\"composite_index\":4.5,"
        "\"sufficient\":true}]}";
    char *out = NULL;
    aq_error err = AQ_ERROR_INIT;

    CHECK_OK(aq_render_csv(doc, &out, &err));
    EXPECT(strstr(out, "\n1,\"a,b\",\"say \"\"hi\"\"\",4.50,,") != NULL);
    aq_free(out);
}

/* The rows document (`rank --all`) as CSV from its text: a name with a
 * comma quoted; a composite index rounded to 2 decimals on its decimal
 * text (GB/T 8170: 3.455 -> 3.46, 3.445 -> 3.44; an integer 3 -> 3.00);
 * null composite and rank left empty; sufficient as true/false. */
void test_render__rows_csv_from_text_P7(void)
{
    static const char doc[] =
        "{\"rows\":["
        "{\"unit\":\"a,b\",\"unit_en\":\"\",\"period\":\"2024-05\","
        "\"composite_index\":3.455,\"rank\":2,\"status\":\"ranked\","
        "\"sufficient\":true},"
        "{\"unit\":\"c\",\"unit_en\":\"C\",\"period\":\"2024-Q2\","
        "\"composite_index\":3.445,\"rank\":null,\"status\":\"unranked\","
        "\"sufficient\":false},"
        "{\"unit\":\"d\",\"unit_en\":\"D\",\"period\":\"2024\","
        "\"composite_index\":3,\"rank\":1,\"status\":\"ranked\","
        "\"sufficient\":true},"
        "{\"unit\":\"e\",\"unit_en\":\"E\",\"period\":\"2024-05\","
        "\"composite_index\":null,\"rank\":null,\"status\":\"unranked\","
        "\"sufficient\":false}]}";
    char *out = NULL;
    aq_error err = AQ_ERROR_INIT;

    CHECK_OK(aq_render_rows(doc, "csv", NULL, &out, &err));
    EXPECT_EQ_STR("unit,period,composite_index,rank,sufficient\n"
                  "\"a,b\",2024-05,3.46,2,true\n"
                  "c,2024-Q2,3.44,,false\n"
                  "d,2024,3.00,1,true\n"
                  "e,2024-05,,,false\n",
                  out);
    aq_free(out);
}

/* P7 bulletin table: rank, unit, composite, six single indices, PM2.5,
 * YoY composite and PM2.5 in percent with 1 decimal, good days, rank
 * change, amount. The ladder-edge tie gets 20 each and the tie for last
 * -90 each (P4, worked out at the top). */
void test_render__markdown_table_rows_tv30_P7(void)
{
    char *md = render("md", "month.json", "zh");

    CHECK(md != NULL);
    EXPECT(strstr(md, "\n| 1 | 阜城县 | 5.07 | 0.23 | 0.82 | 1.43 | 1.63 | "
                      "0.35 | 0.61 | 57 | -9.0% | -8.1% | 64.5 | +2 | +100 "
                      "|\n") != NULL);
    EXPECT(strstr(md, "\n| 4 | 滨湖新区 | 5.41 | 0.25 | 0.90 | 1.51 | 1.74 | "
                      "0.38 | 0.63 | 61 | -4.3% | -4.7% | 58.1 | -2 | +20 "
                      "|\n") != NULL);
    EXPECT(strstr(md, "\n| 4 | 武邑县 | 5.41 | 0.25 | 0.90 | 1.50 | 1.77 | "
                      "0.35 | 0.64 | 62 | 0.0% | +3.3% | 58.1 | +1 | +20 "
                      "|\n") != NULL);
    EXPECT(strstr(md, "\n| 9 | 安平县 | 6.22 | 0.32 | 1.05 | 1.69 | 2.00 | "
                      "0.48 | 0.68 | 70 | -0.3% | +1.4% | 48.4 | 0 | -40 "
                      "|\n") != NULL);
    EXPECT(strstr(md, "\n| 11 | 高新区 | 6.70 | 0.35 | 1.18 | 1.83 | 2.11 | "
                      "0.52 | 0.71 | 74 | +3.6% | +4.2% | 41.9 | +1 | -90 "
                      "|\n") != NULL);
    /* previous year not comparable: no YoY, no rank change */
    EXPECT(strstr(md, "\n| 11 | 深州市 | 6.70 | 0.37 | 1.20 | 1.76 | 2.14 | "
                      "0.52 | 0.71 | 75 | — | — | 38.7 | — | -90 |\n") !=
           NULL);
    EXPECT(strstr(md, "\n| — | 饶阳县 | 5.60 |") != NULL);
    EXPECT(strstr(md, "| 奖惩(万元) |") != NULL);
    /* 13 units: 13 data rows after the header and the rule */
    EXPECT_EQ_INT(15, count(md, "\n| ") + count(md, "\n|---"));
    aq_free(md);
}

/* P6/P7: each sanction with its cause in one sentence; S1 for both units
 * tied last (positions 11-12 of 12, P3); the unranked unit and why. */
void test_render__markdown_sanctions_and_unranked_P6_P7(void)
{
    char *zh = render("md", "month.json", "zh"),
         *en = render("md", "month.json", "en");

    CHECK(zh != NULL && en != NULL);
    EXPECT(strstr(zh, "- 高新区：预警提示(S1)。本月排名末位：2024年5月综合指数"
                      "6.70，排名第11位(共12个单位，并列占第11–12位)。\n") !=
           NULL);
    EXPECT(strstr(zh, "- 深州市：预警提示(S1)。") != NULL);
    EXPECT(strstr(zh, "- 故城县：通报批评(S2)。同比不降反升累计2次") != NULL);
    EXPECT(strstr(zh, "2024年5月综合指数6.48高于上年同期6.35、PM2.5浓度72"
                      "高于上年同期70") != NULL);
    EXPECT(strstr(zh, "- 饶阳县：数据不足：O3有效天数20天") != NULL);
    EXPECT(strstr(en, "- Gaoxin: warning (S1), because last in the ranking: "
                      "2024-05 composite index 6.70, rank 11 of 12 (tied, "
                      "positions 11-12).\n") != NULL);
    EXPECT(strstr(en, "- Shenzhou: warning (S1), because") != NULL);
    EXPECT(strstr(en, "- Raoyang: insufficient data: o3 has 20 valid days") !=
           NULL);
    EXPECT_EQ_INT(2, count(zh, "(S1)"));
    aq_free(zh);
    aq_free(en);
}

/* P7: zh is the default language; en switches every heading. */
void test_render__lang_headings_switch_P7(void)
{
    char *zh = render("md", "month.json", NULL),
         *en = render("md", "month.json", "en");

    CHECK(zh != NULL && en != NULL);
    EXPECT(starts(zh, "# 2024年5月空气质量通报\n"));
    EXPECT(strstr(zh, "\n## 月度排名\n") != NULL);
    EXPECT(strstr(zh, "\n## 问责与处理\n") != NULL);
    EXPECT(strstr(zh, "\n## 未参与排名的单位\n") != NULL);
    EXPECT(strstr(zh, "Monthly ranking") == NULL);
    EXPECT(starts(en, "# Air-quality bulletin, May 2024\n"));
    EXPECT(strstr(en, "\n## Monthly ranking\n") != NULL);
    EXPECT(strstr(en, "\n## Sanctions\n") != NULL);
    EXPECT(strstr(en, "\n## Units not ranked\n") != NULL);
    EXPECT(strstr(en, "| Rank | Unit | Composite index |") != NULL);
    EXPECT(strstr(en, "月度排名") == NULL);
    aq_free(zh);
    aq_free(en);
}

/* The jurisdiction goes into the title when given. */
void test_render__title_with_jurisdiction_P7(void)
{
    aq_render_options o = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    const char *doc = fixture("month.json");
    char *out = NULL;

    CHECK(doc != NULL);
    o.jurisdiction = "衡水市";
    CHECK_OK(aq_render_markdown(doc, &o, &out, &err));
    EXPECT(starts(out, "# 衡水市2024年5月空气质量通报\n"));
    aq_free(out);
}

/* YoY is a fraction in the JSON; the bulletin shows percent with 1
 * decimal: -0.09 -> -9.0 %. Rounding is GB/T 8170 half to even on the
 * decimal text (N1.4.1): -0.0925 -> -9.2 % (a double holds
 * -0.09250000000000000472, which naive rounding would turn into -9.3 %),
 * 0.0015 -> +0.2 %, 0.0005 -> 0.0 %. */
void test_render__yoy_percent_one_decimal_N1_4(void)
{
    static const char fmt[] =
        "{\"period\":\"2024-05\",\"units\":[{\"unit\":\"甲\",\"rank\":1,"
        "\"composite_index\":5,\"yoy\":{\"composite_index\":%s,"
        "\"pm25\":%s}}]}";
    static const struct {
        const char *ci, *pm, *want;
    } cases[] = {
        {"-0.09", "-0.081", "| -9.0% | -8.1% |"},
        {"-0.0925", "0.0015", "| -9.2% | +0.2% |"},
        {"0.0005", "0.1235", "| 0.0% | +12.4% |"},
        {"0", "null", "| 0.0% | — |"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char doc[512], *out = NULL;
        aq_error err = AQ_ERROR_INIT;
        snprintf(doc, sizeof doc, fmt, cases[i].ci, cases[i].pm);
        CHECK_OK(aq_render_markdown(doc, NULL, &out, &err));
        if (!strstr(out, cases[i].want))
            aqt_fail(__FILE__, __LINE__, "case %zu: no \"%s\" in the table",
                     i, cases[i].want);
        /* the composite index 5 (an integer in the JSON) has 2 decimals */
        EXPECT(strstr(out, "| 1 | 甲 | 5.00 |") != NULL);
        aq_free(out);
    }
}

/* Unit names come from users' files: HTML escapes them everywhere (table,
 * SVG attributes and text); the page has no script and loads nothing. */
void test_render__html_escapes_hostile_name(void)
{
    char *html = render("html", "hostile.json", "zh"),
         *md = render("md", "hostile.json", "zh");

    if (html == NULL || md == NULL) {
        aq_free(html);
        aq_free(md);
        CHECK(html != NULL && md != NULL);
    }
    EXPECT(strstr(html, "<script") == NULL);
    EXPECT(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
    EXPECT(count(html, "&lt;script&gt;") >= 3); /* table, bar, label */
    EXPECT(strstr(html, "data-unit=\"&lt;script&gt;alert(1)&lt;/script&gt;\"")
           != NULL);
    EXPECT(strstr(html, "a|b&lt;b&gt;") != NULL); /* unranked list */
    /* self-contained: no scripts, links, imports or external URLs */
    EXPECT(strstr(html, "src=") == NULL);
    EXPECT(strstr(html, "href=") == NULL);
    EXPECT(strstr(html, "@import") == NULL);
    EXPECT(strstr(html, "url(") == NULL);
    EXPECT_EQ_INT(count(html, "http"),
                  count(html, "http://www.w3.org/2000/svg"));
    EXPECT(strstr(html, "@media print") != NULL);
    /* Markdown: the name cannot open raw HTML or a table cell */
    EXPECT(strstr(md, "\\<script\\>alert(1)\\</script\\>") != NULL);
    EXPECT(strstr(md, "a\\|b\\<b\\>") != NULL);
    aq_free(html);
    aq_free(md);
}

/* The bar chart: one bar per ranked unit (12; 饶阳县 is not ranked), the
 * height proportional to the composite index: the axis ends at 7 (the
 * next whole index above 6.70) over 240 px, so 5.07 -> 5.07 / 7 x 240 =
 * 173.828... -> 173.83 px and 6.70 -> 229.714... -> 229.71 px. Colours
 * by P4: 5 rewards (ranks 1-4 with the tie), 4 penalties, 3 neither. */
void test_render__svg_bars_one_per_ranked_unit_P7(void)
{
    const char *doc = fixture("month.json");
    char *svg = NULL;
    aq_error err = AQ_ERROR_INIT;
    const char *p;

    CHECK(doc != NULL);
    CHECK_OK(aq_render_chart_bars(doc, NULL, &svg, &err));
    EXPECT_EQ_INT(12, count(svg, "<rect class=\"bar "));
    EXPECT_EQ_INT(5, count(svg, "<rect class=\"bar reward\""));
    EXPECT_EQ_INT(4, count(svg, "<rect class=\"bar penalty\""));
    EXPECT_EQ_INT(3, count(svg, "<rect class=\"bar neutral\""));
    EXPECT(strstr(svg, "data-unit=\"饶阳县\"") == NULL);
    EXPECT(strstr(svg, "data-axis-max=\"7.00\"") != NULL);
    p = strstr(svg, "data-value=\"5.07\" data-unit=\"阜城县\"");
    CHECK(p != NULL);
    while (p > svg && strncmp(p, "<rect", 5))
        p--;
    EXPECT(strncmp(strstr(p, "height="), "height=\"173.83\"", 15) == 0);
    p = strstr(svg, "data-value=\"6.70\" data-unit=\"深州市\"");
    CHECK(p != NULL);
    while (p > svg && strncmp(p, "<rect", 5))
        p--;
    EXPECT(strncmp(strstr(p, "height="), "height=\"229.71\"", 15) == 0);
    /* value labels with 2 decimals */
    EXPECT(strstr(svg, ">6.70</text>") != NULL);
    aq_free(svg);
}

/* The trend: the 12 months 2023-06..2024-05 (2023-05's 9.99 is outside
 * and must not stretch the axis); values 4.0..7.5 give an axis of 4..8;
 * each unit has its panel; 阜城县's (the first: plot from y = 54 to 128)
 * 5.07 in 2024-05 is at y = 128 - (5.07 - 4) / 4 x 74 = 108.205, drawn as
 * 108.20 (the offset 19.795 rounded half up to 19.80);
 * 深州市 has no value for 2023-08, so its line breaks (a second "M"). */
void test_render__svg_trend_12_months_P7(void)
{
    aq_render_options o = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    const char *doc = fixture("month.json"),
               *h1 = fixture("history_fucheng.json"),
               *h2 = fixture("history_shenzhou.json");
    char *svg = NULL, *html = NULL;
    const char *hist[2];
    const char *only[1] = {"Shenzhou"};
    const char *p;

    CHECK(doc && h1 && h2);
    hist[0] = h1;
    hist[1] = h2;
    o.history = hist;
    o.n_history = 2;
    CHECK_OK(aq_render_chart_trend(doc, &o, &svg, &err));
    EXPECT_EQ_INT(2, count(svg, "<path class=\"trend\""));
    EXPECT(strstr(svg, "data-axis-min=\"4.00\" data-axis-max=\"8.00\"") !=
           NULL);
    p = strstr(svg, "data-unit=\"阜城县\" d=\"");
    CHECK(p != NULL);
    EXPECT(strstr(p, " 108.20\"/>") != NULL &&
           strstr(p, " 108.20\"/>") < strstr(p, "</text>"));
    p = strstr(svg, "data-unit=\"深州市\" d=\"M");
    CHECK(p != NULL);
    EXPECT(strstr(p + 25, " M") != NULL &&
           strstr(p + 25, " M") < strstr(p, "/>"));
    EXPECT(strstr(svg, ">2023-06</text>") != NULL);
    EXPECT(strstr(svg, ">2024-05</text>") != NULL);
    EXPECT(strstr(svg, ">2023-05</text>") == NULL);
    aq_free(svg);
    svg = NULL;
    /* a selected set of units */
    o.trend_units = only;
    o.n_trend_units = 1;
    CHECK_OK(aq_render_chart_trend(doc, &o, &svg, &err));
    EXPECT_EQ_INT(1, count(svg, "<path class=\"trend\""));
    EXPECT(strstr(svg, "data-unit=\"深州市\"") != NULL);
    aq_free(svg);
    /* HTML: with histories the trend is drawn; without, a note */
    o.trend_units = NULL;
    o.n_trend_units = 0;
    CHECK_OK(aq_render_html(doc, &o, &html, &err));
    EXPECT_EQ_INT(1, count(html, "<svg class=\"chart bars\""));
    EXPECT_EQ_INT(1, count(html, "<svg class=\"chart trend\""));
    aq_free(html);
    html = NULL;
    CHECK_OK(aq_render_html(doc, NULL, &html, &err));
    EXPECT_EQ_INT(0, count(html, "<svg class=\"chart trend\""));
    EXPECT(strstr(html, "未提供历史数据，略去趋势图。") != NULL);
    aq_free(html);
}

/* P7: at a quarter end (a "quarter" member) the quarterly ranking and the
 * S6; a month that is not a quarter end has neither section. */
void test_render__quarter_end_ranking_and_s6_P7(void)
{
    char *q = render("md", "quarter.json", "zh"),
         *m = render("md", "month.json", "zh"),
         *qh = render("html", "quarter.json", "en");

    CHECK(q != NULL && m != NULL && qh != NULL);
    EXPECT(strstr(q, "\n## 季度排名 (2024年第2季度)\n") != NULL);
    EXPECT(strstr(q, "\n| 1 | 阜城县 | 5.12 | 57 | 64.5 |\n") != NULL);
    EXPECT(strstr(q, "\n| 13 | 深州市 | 6.78 | 75 | 38.7 |\n") != NULL);
    EXPECT(strstr(q, "\n### 季度问责(S6)\n\n- 深州市：问责(S6)。连续2个季度"
                     "综合指数排名后两位：2024年第1季度综合指数6.81，排名第"
                     "13位(共13个单位)；2024年第2季度综合指数6.78") != NULL);
    EXPECT(strstr(m, "季度排名") == NULL);
    EXPECT(strstr(qh, "Quarterly ranking (Q2 2024)</h2>") != NULL);
    EXPECT(strstr(qh, "<li class=\"sanction\" data-id=\"S6\">Shenzhou: "
                      "accountability (S6), because in the worst two by "
                      "quarterly composite index in 2 consecutive "
                      "quarters: 2024-Q1 composite index 6.81, rank 13 of "
                      "13; 2024-Q2") != NULL);
    aq_free(q);
    aq_free(m);
    aq_free(qh);
}

/* P4: a month whose ladders overlap is stated first, in the reader's
 * language (the document's text_zh / text_en), and no amounts are shown
 * (the document has null amounts). */
void test_render__policy_error_stated_P4(void)
{
    char *md = render("md", "policy_error.json", "en"),
         *html = render("html", "policy_error.json", "zh");
    const char *err_at, *table_at;

    CHECK(md != NULL && html != NULL);
    err_at = strstr(md, "> **Please note:** The jurisdiction has only 6 units "
                        "of the evaluation");
    table_at = strstr(md, "## Monthly ranking");
    CHECK(err_at != NULL && table_at != NULL);
    EXPECT(err_at < table_at);
    EXPECT(strstr(md, "| +2 | — |\n") != NULL); /* 阜城县: no amount */
    EXPECT(strstr(html, "<div class=\"policy-error\" role=\"alert\">请注意："
                        "本辖区参与评价的单位只有6个") != NULL);
    EXPECT(strstr(html, "<div class=\"policy-error\"") <
           strstr(html, "<section id=\"ranking\">"));
    aq_free(md);
    aq_free(html);
}

/* The terminal table: columns line up on the screen, with CJK characters
 * two columns wide, so every line of the table has the same width. */
void test_render__table_aligns_cjk_width(void)
{
    char *t = render("text", "month.json", "zh");
    const char *line, *nl;
    size_t w0 = 0, rows = 0;
    int in_table = 0;

    CHECK(t != NULL);
    for (line = t; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
        size_t w = display_width(line, (size_t)(nl - line));
        if (!in_table && !strncmp(line, "排名", strlen("排名"))) {
            in_table = 1;
            w0 = w;
        }
        if (in_table && nl == line)
            break;
        if (in_table) {
            rows++;
            if (w != w0)
                aqt_fail(__FILE__, __LINE__, "line %zu is %zu wide, not %zu",
                         rows, w, w0);
        }
    }
    EXPECT_EQ_INT(14, rows); /* header + 13 units */
    EXPECT(strstr(t, "\n   1  阜城县        5.07     57") != NULL);
    EXPECT(strstr(t, "高新区：预警提示(S1)") != NULL);
    aq_free(t);
}

/* --format json: the document pretty-printed, numbers as published. */
void test_render__json_pretty_keeps_numbers(void)
{
    char *out = render("json", "month.json", "zh");

    CHECK(out != NULL);
    EXPECT(starts(out, "{\n  \"period\": \"2024-05\",\n"));
    EXPECT(strstr(out, "\"composite_index\": 5.07,") != NULL);
    EXPECT(strstr(out, "\"composite_index\": -0.09,") != NULL);
    EXPECT(strstr(out, "\"unit\": \"阜城县\"") != NULL);
    EXPECT(out[strlen(out) - 1] == '\n');
    aq_free(out);
}

/* Malformed input is AQ_EPARSE with no output, never a crash; bad options
 * are AQ_EINVALID. */
void test_render__malformed_json_is_eparse(void)
{
    static const char *const bad[] = {
        "{\"period\": \"2024-05\", \"units\": [", /* truncated */
        "",
        "[]",                                    /* not an object */
        "{\"units\": []}",                       /* no period */
        "{\"period\": \"2024-05\", \"units\": 3}", /* units not an array */
        "\xff\xfe{}",
    };
    static const char *const formats[] = {"md", "html", "csv", "text"};
    aq_render_options o = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    char *out = (char *)"x";
    const char *hist[1] = {"{\"unit\": \"x\""};
    const char *doc = fixture("month.json");
    size_t i, f;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        for (f = 0; f < sizeof formats / sizeof formats[0]; f++) {
            out = (char *)"x";
            EXPECT_EQ_INT(AQ_EPARSE,
                          aq_render(formats[f], bad[i], NULL, &out, &err));
            EXPECT(out == NULL);
        }
    EXPECT_EQ_INT(AQ_EPARSE, aq_render_json("{\"a\":", &out, &err));
    EXPECT(err.line == 1);
    EXPECT_EQ_INT(AQ_EPARSE, aq_render_markdown(NULL, NULL, &out, &err));
    /* the fields may be of the wrong type: rendered as missing, no crash */
    EXPECT_EQ_INT(AQ_OK,
                  aq_render_markdown("{\"period\":\"x\",\"units\":[3,{\"rank"
                                     "\":\"1\",\"yoy\":5,\"stats\":[]}],"
                                     "\"sanctions\":[{\"evidence\":7}],"
                                     "\"quarter\":{\"units\":9}}",
                                     NULL, &out, &err));
    aq_free(out);
    CHECK(doc != NULL);
    /* a malformed history */
    o.history = hist;
    o.n_history = 1;
    EXPECT_EQ_INT(AQ_EPARSE, aq_render_html(doc, &o, &out, &err));
    /* options */
    o.history = NULL;
    o.n_history = 0;
    o.lang = "fr";
    EXPECT_EQ_INT(AQ_EINVALID, aq_render_markdown(doc, &o, &out, &err));
    o.lang = "en";
    o.version = 99;
    EXPECT_EQ_INT(AQ_EINVALID, aq_render_markdown(doc, &o, &out, &err));
    EXPECT_EQ_INT(AQ_EINVALID, aq_render("pdf", doc, NULL, &out, &err));
}
