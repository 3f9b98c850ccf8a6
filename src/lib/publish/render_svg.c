/* SPDX-License-Identifier: MIT */
/*
 * The bulletin's charts (P7) as inline SVG, drawn from the ranking and
 * history JSON documents: the composite index by unit (bars) and the
 * composite index over the last 12 months (lines); and the road section's
 * dust compliance by unit with each unit's PM10 (issue 20). Coordinates are
 * computed in integer hundredths of a pixel from the published values in
 * hundredths, so a bar's height is exactly index / axis-maximum x plot
 * height, rounded to 0.01 px. No scripts, no external resources; every
 * text is escaped.
 */
#include <stdio.h>
#include <string.h>

#include "aq/date.h"
#include "lib/publish/render_internal.h"
#include "util/alloc.h"

/* bar chart geometry (px) */
enum { BW = 760, BL = 56, BR = 16, BT = 36, BH = 240, BB = 110 };

static const char *const colour_reward = "#2e7d32";
static const char *const colour_penalty = "#c62828";
static const char *const colour_neutral = "#78909c";

/* 13 colours that stay apart in print and for common colour blindness */
static const char *const palette[] = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939",
    "#843c39"};

/* hundredths of a pixel as text: 17383 -> "173.83" */
static const char *px(char *dst, size_t cap, int64_t h)
{
    snprintf(dst, cap, "%s%lld.%02lld", h < 0 ? "-" : "",
             (long long)((h < 0 ? -h : h) / 100),
             (long long)((h < 0 ? -h : h) % 100));
    return dst;
}

/* a * b / c rounded half up, for non-negative values */
static int64_t muldiv(int64_t a, int64_t b, int64_t c)
{
    return (a * b * 2 + c) / (2 * c);
}

/* a unit's name under its bar at x (hundredths of a pixel), rotated */
static void unit_label(aq_rbuf *b, int64_t x, int y, const char *name)
{
    char a1[32], a2[32];

    aq_render__printf(b, "<text class=\"label\" x=\"%s\" y=\"%d\" "
                         "text-anchor=\"end\" transform=\"rotate(-40 %s "
                         "%d)\">",
                      px(a1, sizeof a1, x), y, px(a2, sizeof a2, x), y);
    aq_render__html(b, name);
    aq_render__put(b, "</text>\n");
}

/* ---- Bars ---- */

void aq_render__svg_bars(aq_rbuf *b, const aq_render_doc *d)
{
    const json_t *units = json_object_get(d->root, "units"), *u;
    size_t i, n = 0, k = 0;
    int64_t max = 0, axis, step, g, slot, barw;
    char a1[32], a2[32], a3[32], a4[32], v[48];

    json_array_foreach(units, i, u) {
        int64_t ci;
        if (!json_is_integer(json_object_get(u, "rank")) ||
            aq_render__scaled(json_object_get(u, "composite_index"), 2, &ci) <
                0)
            continue;
        n++;
        if (ci > max)
            max = ci;
    }
    /* the axis ends at the next whole index above the largest value */
    axis = max <= 0 ? 100 : (max + 99) / 100 * 100;
    step = axis <= 1000 ? 100 : (axis / 1000 + 1) * 100;
    aq_render__printf(b,
                      "<svg class=\"chart bars\" xmlns=\"http://www.w3.org/"
                      "2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                      "height=\"%d\" role=\"img\" data-axis-max=\"%s\">\n",
                      BW, BT + BH + BB, BW, BT + BH + BB,
                      px(a1, sizeof a1, axis));
    aq_render__put(b, "<title>");
    aq_render__html(b, aq_render__label(d, "bars_title"));
    aq_render__printf(b, "</title>\n<text x=\"%d\" y=\"20\" "
                         "class=\"ctitle\">",
                      BL);
    aq_render__html(b, aq_render__label(d, "bars_title"));
    aq_render__put(b, "</text>\n");
    /* the plot area, marked so that a test can see that the legend and
     * the labels stay out of it */
    aq_render__printf(b,
                      "<rect class=\"plot\" x=\"%d\" y=\"%d\" width=\"%d\" "
                      "height=\"%d\" fill=\"none\" stroke=\"none\"/>\n",
                      BL, BT, BW - BL - BR, BH);
    /* grid lines and axis labels at each step of the index */
    for (g = 0; g <= axis; g += step) {
        int64_t y = (BT + BH) * 100 - muldiv(g, BH * 100, axis);
        aq_render__printf(b,
                          "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%s\" "
                          "y2=\"%s\" stroke=\"#ddd\"/>"
                          "<text x=\"%d\" y=\"%s\" text-anchor=\"end\" "
                          "class=\"axis\">%lld</text>\n",
                          BL, BW - BR, px(a1, sizeof a1, y),
                          px(a2, sizeof a2, y), BL - 6,
                          px(a3, sizeof a3, y + 400), (long long)(g / 100));
    }
    slot = n ? (int64_t)(BW - BL - BR) * 100 / (int64_t)n : 0;
    barw = slot * 6 / 10;
    json_array_foreach(units, i, u) {
        int64_t ci, amount = 0, h, x, y, cx;
        const char *cls = "neutral", *fill = colour_neutral, *name;
        if (!json_is_integer(json_object_get(u, "rank")) ||
            aq_render__scaled(json_object_get(u, "composite_index"), 2, &ci) <
                0)
            continue;
        /* P4: coloured by the sign of the amount */
        if (aq_render__scaled(json_object_get(u, "amount"), 2, &amount) == 0 &&
            amount != 0) {
            cls = amount > 0 ? "reward" : "penalty";
            fill = amount > 0 ? colour_reward : colour_penalty;
        }
        h = muldiv(ci, BH * 100, axis);
        x = BL * 100 + (int64_t)k * slot + (slot - barw) / 2;
        y = (BT + BH) * 100 - h;
        cx = x + barw / 2;
        name = aq_render__unit_name(u, d->zh);
        aq_render__num(v, sizeof v, json_object_get(u, "composite_index"), 2,
                       "");
        aq_render__printf(b, "<rect class=\"bar %s\" x=\"%s\" y=\"%s\" "
                             "width=\"%s\" height=\"%s\" fill=\"%s\" "
                             "data-value=\"%s\" data-unit=\"",
                          cls, px(a1, sizeof a1, x), px(a2, sizeof a2, y),
                          px(a3, sizeof a3, barw), px(a4, sizeof a4, h), fill,
                          v);
        aq_render__html(b, name);
        aq_render__put(b, "\"><title>");
        aq_render__html(b, name);
        aq_render__printf(b, " %s</title></rect>\n", v);
        aq_render__printf(b, "<text class=\"value\" x=\"%s\" y=\"%s\" "
                             "text-anchor=\"middle\">%s</text>\n",
                          px(a1, sizeof a1, cx), px(a2, sizeof a2, y - 400),
                          v);
        unit_label(b, cx, BT + BH + 14, name);
        k++;
    }
    /* legend: what the colours mean (P4) */
    {
        static const char *const keys[3] = {"reward", "penalty", "neutral"};
        const char *const fills[3] = {colour_reward, colour_penalty,
                                      colour_neutral};
        int j, lx = BL, ly = BT + BH + BB - 14;
        for (j = 0; j < 3; j++) {
            aq_render__printf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" "
                                 "height=\"12\" fill=\"%s\"/><text x=\"%d\" "
                                 "y=\"%d\" class=\"legend\">",
                              lx, ly - 10, fills[j], lx + 16, ly);
            aq_render__html(b, aq_render__label(d, keys[j]));
            aq_render__put(b, "</text>\n");
            lx += 110;
        }
    }
    aq_render__put(b, "</svg>\n");
}

/* ---- Trend ---- */

static int unit_selected(const aq_render_doc *d, const json_t *h)
{
    const aq_render_options *o = d->opts;
    size_t i;

    if (!o || !o->trend_units)
        return 1;
    for (i = 0; i < o->n_trend_units; i++)
        if (o->trend_units[i] &&
            (!strcmp(o->trend_units[i], aq_render__str(h, "unit")) ||
             !strcmp(o->trend_units[i], aq_render__str(h, "unit_en"))))
            return 1;
    return 0;
}

aq_status aq_render__load_history(const aq_render_doc *d, json_t ***hist,
                                  size_t *n, aq_error *err)
{
    const aq_render_options *o = d->opts;
    size_t i;

    *hist = NULL;
    *n = 0;
    if (!o || !o->history || o->n_history == 0)
        return AQ_OK;
    *hist = aqx_calloc(o->n_history, sizeof **hist);
    if (!*hist)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (i = 0; i < o->n_history; i++) {
        json_error_t jerr;
        json_t *h = o->history[i] ? json_loads(o->history[i], 0, &jerr)
                                  : NULL;
        if (!h || !json_is_object(h) ||
            !json_is_array(json_object_get(h, "months"))) {
            json_decref(h);
            aq_render__free_history(*hist, *n);
            *hist = NULL;
            *n = 0;
            return aq_error_set(err, AQ_EPARSE,
                                "history %zu is not a history document "
                                "(an object with \"unit\" and \"months\")",
                                i + 1);
        }
        if (unit_selected(d, h))
            (*hist)[(*n)++] = h;
        else
            json_decref(h);
    }
    return AQ_OK;
}

void aq_render__free_history(json_t **hist, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        json_decref(hist[i]);
    aqx_free(hist);
}

/* the 12 months ending at the document's period ("YYYY-MM" each) */
static void window(const aq_render_doc *d, char months[12][12])
{
    aq_period p;
    int y, m, i;

    if (aq_period_parse(aq_render__str(d->root, "period"), &p) < 0) {
        p.year = 1970;
        p.index = 12;
    } else if (p.kind == AQ_PERIOD_QUARTER) {
        p.index *= 3;
    } else if (p.kind == AQ_PERIOD_YEAR) {
        p.index = 12;
    }
    y = p.year;
    m = p.index;
    for (i = 11; i >= 0; i--) {
        snprintf(months[i], 12, "%04d-%02d", y % 10000, m % 100);
        if (--m == 0) {
            m = 12;
            y--;
        }
    }
}

/* the composite index (hundredths) of history h in month, or -1 */
static int64_t month_value(const json_t *h, const char *month)
{
    const json_t *ms = json_object_get(h, "months"), *m;
    size_t i;
    int64_t v;

    json_array_foreach(ms, i, m)
        if (!strcmp(aq_render__str(m, "period"), month))
            return aq_render__scaled(json_object_get(m, "composite_index"), 2,
                                     &v) == 0 && v >= 0
                       ? v
                       : -1;
    return -1;
}

/* One small chart per unit (small multiples): the unit's line in colour
 * over the others' in pale grey, on one shared scale, the unit's name as
 * the panel's title. Twelve lines on one chart with a legend beside it
 * could not be read (issue 18); panels need no legend at all. */
enum { PC = 3, PW = 250, PH = 138, PL = 34, PR = 12, PT = 24, PB = 40 };

static int64_t trend_y(int64_t v, int64_t lo, int64_t hi, int top, int bottom)
{
    return (int64_t)bottom * 100 - muldiv(v - lo, (bottom - top) * 100, hi - lo);
}

static void trend_path(aq_rbuf *b, const json_t *h, char months[12][12],
                       const int64_t *xs, int64_t lo, int64_t hi, int top,
                       int bottom)
{
    char a1[32], a2[32];
    int j, pen_down = 0;

    for (j = 0; j < 12; j++) {
        int64_t v = month_value(h, months[j]);
        if (v < 0) { /* a month without a value breaks the line */
            pen_down = 0;
            continue;
        }
        aq_render__printf(b, "%s%s %s", pen_down ? " L" : (j ? " M" : "M"),
                          px(a1, sizeof a1, xs[j]),
                          px(a2, sizeof a2, trend_y(v, lo, hi, top, bottom)));
        pen_down = 1;
    }
}

void aq_render__svg_trend(aq_rbuf *b, const aq_render_doc *d,
                          json_t *const *hist, size_t n)
{
    char months[12][12], a1[32], a2[32];
    int64_t lo = -1, hi = -1, xs[12];
    size_t i, k, rows = (n + PC - 1) / PC;
    int j, width = PC * PW + 10, height = 30 + (int)rows * PH;

    window(d, months);
    for (i = 0; i < n; i++)
        for (j = 0; j < 12; j++) {
            int64_t v = month_value(hist[i], months[j]);
            if (v < 0)
                continue;
            if (lo < 0 || v < lo)
                lo = v;
            if (v > hi)
                hi = v;
        }
    /* the value axis spans whole index values around the data */
    lo = lo < 0 ? 0 : lo / 100 * 100;
    hi = hi < 0 ? 100 : (hi + 99) / 100 * 100;
    if (hi <= lo)
        hi = lo + 100;
    aq_render__printf(b,
                      "<svg class=\"chart trend\" xmlns=\"http://www.w3.org/"
                      "2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                      "height=\"%d\" role=\"img\" data-axis-min=\"%s\" "
                      "data-axis-max=\"%s\">\n<title>",
                      width, height, width, height, px(a1, sizeof a1, lo),
                      px(a2, sizeof a2, hi));
    aq_render__html(b, aq_render__label(d, "trend_title"));
    aq_render__printf(b, "</title>\n<text x=\"10\" y=\"20\" class=\"ctitle\">");
    aq_render__html(b, aq_render__label(d, "trend_title"));
    aq_render__put(b, "</text>\n");
    for (i = 0; i < n; i++) {
        const char *colour = palette[i % (sizeof palette / sizeof *palette)];
        const char *name = aq_render__unit_name(hist[i], d->zh);
        int x0 = 10 + (int)(i % PC) * PW, y0 = 30 + (int)(i / PC) * PH;
        int left = x0 + PL, right = x0 + PW - PR, top = y0 + PT,
            bottom = y0 + PH - PB;

        for (j = 0; j < 12; j++)
            xs[j] = (int64_t)left * 100 + muldiv(j, (right - left) * 100, 11);
        aq_render__printf(b, "<g class=\"panel\"><text class=\"ptitle\" "
                             "x=\"%d\" y=\"%d\">",
                          left, y0 + 14);
        aq_render__html(b, name);
        aq_render__printf(b,
                          "</text>\n<rect class=\"plot\" x=\"%d\" y=\"%d\" "
                          "width=\"%d\" height=\"%d\" fill=\"none\" "
                          "stroke=\"#ccc\"/>\n"
                          "<text class=\"axis\" x=\"%d\" y=\"%d\" "
                          "text-anchor=\"end\">%lld</text>"
                          "<text class=\"axis\" x=\"%d\" y=\"%d\" "
                          "text-anchor=\"end\">%lld</text>\n"
                          "<text class=\"axis\" x=\"%d\" y=\"%d\">%s</text>"
                          "<text class=\"axis\" x=\"%d\" y=\"%d\" "
                          "text-anchor=\"end\">%s</text>\n",
                          left, top, right - left, bottom - top, left - 4,
                          top + 4, (long long)(hi / 100), left - 4, bottom,
                          (long long)(lo / 100), left, bottom + 14, months[0],
                          right, bottom + 14, months[11]);
        /* the other units, pale, for comparison */
        for (k = 0; k < n; k++) {
            if (k == i)
                continue;
            aq_render__put(b, "<path class=\"context\" fill=\"none\" "
                              "stroke=\"#e2e2e2\" stroke-width=\"1\" d=\"");
            trend_path(b, hist[k], months, xs, lo, hi, top, bottom);
            aq_render__put(b, "\"/>");
        }
        aq_render__printf(b, "\n<path class=\"trend\" fill=\"none\" "
                             "stroke=\"%s\" stroke-width=\"2\" data-unit=\"",
                          colour);
        aq_render__html(b, name);
        aq_render__put(b, "\" d=\"");
        trend_path(b, hist[i], months, xs, lo, hi, top, bottom);
        aq_render__put(b, "\"/>\n");
        for (j = 0; j < 12; j++) {
            int64_t v = month_value(hist[i], months[j]);
            if (v < 0)
                continue;
            aq_render__printf(b,
                              "<circle cx=\"%s\" cy=\"%s\" r=\"2\" "
                              "fill=\"%s\"/>",
                              px(a1, sizeof a1, xs[j]),
                              px(a2, sizeof a2,
                                 trend_y(v, lo, hi, top, bottom)),
                              colour);
        }
        aq_render__put(b, "</g>\n");
    }
    aq_render__put(b, "</svg>\n");
}

/* ---- Road cleanliness: dust compliance by unit, its PM10 beside (issue
 * 20) ---- */

/* geometry (px) */
enum { CW = 760, CL = 56, CR = 56, CT = 36, CH = 240, CB = 110 };

void aq_render__svg_roads(aq_rbuf *b, const aq_render_doc *d,
                          const json_t *roads)
{
    const json_t *units = json_object_get(roads, "units"), *u;
    int64_t pm_max = 0, pm_axis, g;
    size_t i, n = 0, k = 0;
    int64_t slot, barw;
    char a1[32], a2[32], a3[32], a4[32], v[48], pv[48];

    json_array_foreach(units, i, u) {
        int64_t c, pm;
        if (!json_is_integer(json_object_get(u, "rank")) ||
            aq_render__scaled(json_object_get(u, "dust_compliance"), 1, &c) <
                0)
            continue;
        n++;
        if (aq_render__scaled(json_object_get(u, "pm10"), 0, &pm) == 0 &&
            pm > pm_max)
            pm_max = pm;
    }
    /* the right axis ends at the next 50 ug/m3 at or above the largest */
    pm_axis = pm_max <= 0 ? 50 : (pm_max + 49) / 50 * 50;
    aq_render__printf(b,
                      "<svg class=\"chart roads\" xmlns=\"http://www.w3.org/"
                      "2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                      "height=\"%d\" role=\"img\" data-pm10-axis-max=\"%lld\">"
                      "\n<title>",
                      CW, CT + CH + CB, CW, CT + CH + CB, (long long)pm_axis);
    aq_render__html(b, aq_render__label(d, "roads_chart"));
    aq_render__printf(b, "</title>\n<text x=\"%d\" y=\"20\" class=\"ctitle\">",
                      CL);
    aq_render__html(b, aq_render__label(d, "roads_chart"));
    aq_render__printf(b,
                      "</text>\n<rect class=\"plot\" x=\"%d\" y=\"%d\" "
                      "width=\"%d\" height=\"%d\" fill=\"none\" "
                      "stroke=\"none\"/>\n",
                      CL, CT, CW - CL - CR, CH);
    /* the left axis: compliance 0-100 %; the right: PM10 */
    for (g = 0; g <= 100; g += 20) {
        int64_t y = (CT + CH) * 100 - g * CH;
        aq_render__printf(b,
                          "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%s\" "
                          "y2=\"%s\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%s\" "
                          "text-anchor=\"end\" class=\"axis\">%lld%%</text>"
                          "<text x=\"%d\" y=\"%s\" class=\"axis pm10\">%lld"
                          "</text>\n",
                          CL, CW - CR, px(a1, sizeof a1, y),
                          px(a2, sizeof a2, y), CL - 6,
                          px(a3, sizeof a3, y + 400), (long long)g,
                          CW - CR + 6, px(a4, sizeof a4, y + 400),
                          (long long)(pm_axis * g / 100));
    }
    slot = n ? (int64_t)(CW - CL - CR) * 100 / (int64_t)n : 0;
    barw = slot * 6 / 10;
    json_array_foreach(units, i, u) {
        int64_t c, pm, h, x, y, cx;
        const char *name;
        if (!json_is_integer(json_object_get(u, "rank")) ||
            aq_render__scaled(json_object_get(u, "dust_compliance"), 1, &c) <
                0)
            continue;
        /* tenths of a percent of 240 px: c x 240 / 1000 px */
        h = c * CH * 100 / 1000;
        x = CL * 100 + (int64_t)k * slot + (slot - barw) / 2;
        y = (CT + CH) * 100 - h;
        cx = x + barw / 2;
        name = aq_render__unit_name(u, d->zh);
        aq_render__num(v, sizeof v, json_object_get(u, "dust_compliance"), 1,
                       "");
        aq_render__num(pv, sizeof pv, json_object_get(u, "pm10"), 0, "");
        aq_render__printf(b,
                          "<rect class=\"bar dust\" x=\"%s\" y=\"%s\" "
                          "width=\"%s\" height=\"%s\" fill=\"#5b8db8\" "
                          "data-value=\"%s\" data-pm10=\"%s\" data-unit=\"",
                          px(a1, sizeof a1, x), px(a2, sizeof a2, y),
                          px(a3, sizeof a3, barw), px(a4, sizeof a4, h), v, pv);
        aq_render__html(b, name);
        aq_render__put(b, "\"><title>");
        aq_render__html(b, name);
        aq_render__printf(b, " %s%%</title></rect>\n<text class=\"value\" "
                             "x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s"
                             "</text>\n",
                          v, px(a1, sizeof a1, cx), px(a2, sizeof a2, y - 400),
                          v);
        if (*pv && aq_render__scaled(json_object_get(u, "pm10"), 0, &pm) == 0) {
            int64_t py = (CT + CH) * 100 - pm * CH * 100 / pm_axis;
            aq_render__printf(b,
                              "<circle class=\"dot pm10\" cx=\"%s\" cy=\"%s\" "
                              "r=\"4\" fill=\"#c62828\" data-pm10=\"%s\"><title>"
                              "PM10 %s</title></circle>\n",
                              px(a1, sizeof a1, cx), px(a2, sizeof a2, py), pv,
                              pv);
        }
        unit_label(b, cx, CT + CH + 14, name);
        k++;
    }
    /* the legend, below the labels */
    aq_render__printf(b,
                      "<g class=\"legend\"><rect x=\"%d\" y=\"%d\" "
                      "width=\"12\" height=\"12\" fill=\"#5b8db8\"/><text "
                      "class=\"legend\" x=\"%d\" y=\"%d\">",
                      CL, CT + CH + CB - 16, CL + 18, CT + CH + CB - 6);
    aq_render__html(b, aq_render__label(d, "roads_dust_compliance"));
    aq_render__printf(b,
                      "</text><circle cx=\"%d\" cy=\"%d\" r=\"4\" "
                      "fill=\"#c62828\"/><text class=\"legend\" x=\"%d\" "
                      "y=\"%d\">",
                      CL + 226, CT + CH + CB - 10, CL + 236,
                      CT + CH + CB - 6);
    aq_render__html(b, aq_render__label(d, "roads_pm10"));
    aq_render__put(b, "</text></g>\n</svg>\n");
}
