/* SPDX-License-Identifier: MIT */
/*
 * The monthly bulletin (通报, P7) as one self-contained, printable HTML
 * page: the content of the Markdown bulletin plus two inline SVG charts
 * (render_svg.c). Inline CSS with an @media print block, no scripts, no
 * external resources (fonts, images, style sheets), so the file can be
 * mailed, archived and printed as it is. Every text that comes from the
 * document (unit names come from users' files) is escaped.
 */
#include <stdio.h>
#include <string.h>

#include "lib/publish/render_internal.h"

static const char css[] =
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\","
    "\"Microsoft YaHei\",\"PingFang SC\",sans-serif;color:#222;"
    "max-width:1120px;margin:1.5em auto;padding:0 1em;line-height:1.45}\n"
    "h1{font-size:1.55em;text-align:center;margin-bottom:.2em}\n"
    "h2{font-size:1.2em;border-bottom:2px solid #444;padding-bottom:.15em;"
    "margin-top:1.4em}\n"
    ".meta{text-align:center;color:#555;margin-top:0}\n"
    "table{border-collapse:collapse;width:100%;font-size:.82em}\n"
    "th,td{border:1px solid #999;padding:.2em .4em}\n"
    "th{background:#eee;font-weight:600}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\n"
    "tr.reward td.amount{color:#2e7d32;font-weight:600}\n"
    "tr.penalty td.amount{color:#c62828;font-weight:600}\n"
    "tr.unranked td{color:#777;font-style:italic}\n"
    ".policy-error{border:3px solid #c62828;background:#fdecea;color:#8e0000;"
    "padding:.7em 1em;font-weight:700;margin:1em 0}\n"
    ".note{color:#555;font-size:.85em}\n"
    "figure{margin:1em 0;text-align:center}\n"
    "figcaption{font-size:.85em;color:#555}\n"
    "svg{max-width:100%;height:auto;font-size:11px}\n"
    "svg .ctitle{font-size:14px;font-weight:600}\n"
    "svg .value{font-size:10px}\n"
    "svg .ptitle{font-size:12px;font-weight:600}\n"
    /* a phone: the page keeps its width, a wide table scrolls in itself */
    "@media (max-width:700px){body{margin:.8em auto;padding:0 .5em}"
    "table{display:block;overflow-x:auto;max-width:100%}"
    "th,td{white-space:nowrap}"
    "h1{font-size:1.25em}}\n"
    "footer{margin-top:2em;font-size:.8em;color:#777;border-top:1px solid "
    "#ccc}\n"
    "@page{size:A4 landscape;margin:12mm}\n"
    "@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}"
    "h2{break-after:avoid}table,figure,.policy-error{break-inside:avoid}"
    "th{background:#eee;-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}svg{-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}}\n";

static void plain(aq_rbuf *b, aq_rbuf *t)
{
    if (t->oom)
        b->oom = 1;
    else if (t->p)
        aq_render__html(b, t->p);
    aq_render__dispose(t);
}

static void table_head(aq_rbuf *b, char (*cells)[AQ_RENDER_CELL], int n)
{
    int c;

    aq_render__put(b, "<thead><tr>");
    for (c = 0; c < n; c++) {
        aq_render__put(b, "<th scope=\"col\">");
        aq_render__html(b, cells[c]);
        aq_render__put(b, "</th>");
    }
    aq_render__put(b, "</tr></thead>\n<tbody>\n");
}

static void table_row(aq_rbuf *b, const char *cls,
                      char (*cells)[AQ_RENDER_CELL], int n, int amount_col)
{
    int c;

    aq_render__printf(b, "<tr class=\"%s\">", cls);
    for (c = 0; c < n; c++) {
        aq_render__put(b, c == 1 ? "<th scope=\"row\">"
                                 : c == amount_col ? "<td class=\"num amount\">"
                                                   : "<td class=\"num\">");
        aq_render__html(b, cells[c]);
        aq_render__put(b, c == 1 ? "</th>" : "</td>");
    }
    aq_render__put(b, "</tr>\n");
}

static const char *row_class(const json_t *u)
{
    int64_t a;

    if (!json_is_integer(json_object_get(u, "rank")))
        return "unranked";
    if (aq_render__scaled(json_object_get(u, "amount"), 2, &a) == 0 && a)
        return a > 0 ? "reward" : "penalty";
    return "neutral";
}

/* the lists of the bulletin: a <section> each, the lines in a <ul> */
static const aq_render_markup html_lists = {.text = aq_render__html,
                                            .open = "<section id=\"",
                                            .id_end = "\">\n<h2>",
                                            .title_end = "</h2>\n",
                                            .note = "<p class=\"note\">",
                                            .note_end = "</p>\n",
                                            .empty = "<p>",
                                            .empty_end = "</p>\n",
                                            .list = "<ul>\n",
                                            .item = "<li>",
                                            .item_end = "</li>\n",
                                            .list_end = "</ul>\n",
                                            .close = "</section>\n"};

void aq_render__html_page(aq_rbuf *b, const aq_render_doc *d,
                          json_t *const *hist, size_t n_hist)
{
    char cells[AQ_RENDER_BCOLS][AQ_RENDER_CELL];
    const json_t *u, *s, *q = json_object_get(d->root, "quarter");
    aq_rbuf t = {NULL, 0, 0, 0};
    size_t i, n_s6 = 0;
    int c;

    aq_render__printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                         "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                         "content=\"width=device-width, initial-scale=1\">\n"
                         "<title>",
                      d->zh ? "zh-CN" : "en");
    aq_render__title(&t, d);
    plain(b, &t);
    aq_render__printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
                         "<h1>",
                      css);
    aq_render__title(&t, d);
    plain(b, &t);
    aq_render__printf(b, "</h1>\n<p class=\"meta\">%s: %lld",
                      aq_render__label(d, "ranked_units"),
                      (long long)json_integer_value(
                          json_object_get(d->root, "ranked_units")));
    if (*aq_render__ruleset(d)) {
        aq_render__printf(b, d->zh ? "；%s：" : "; %s: ",
                          aq_render__label(d, "ruleset"));
        aq_render__html(b, aq_render__ruleset(d));
    }
    aq_render__put(b, "</p>\n");
    {
        /* P4, P3: a month that pays nothing, a provisional ranking:
         * stated before anything else */
        const char *msg[8];
        size_t h, nh = aq_render__heads(d, msg);
        for (h = 0; h < nh; h++) {
            aq_render__printf(b,
                              "<div class=\"policy-error\" role=\"alert\">"
                              "%s%s",
                              aq_render__label(d, "attention"),
                              d->zh ? "：" : ": ");
            aq_render__html(b, msg[h]);
            aq_render__put(b, "</div>\n");
        }
    }

    aq_render__printf(b, "<section id=\"ranking\">\n<h2>%s</h2>\n<table>\n",
                      aq_render__label(d, "ranking"));
    for (c = 0; c < AQ_RENDER_BCOLS; c++)
        aq_render__bulletin_head(d, c, cells[c]);
    table_head(b, cells, AQ_RENDER_BCOLS);
    json_array_foreach(json_object_get(d->root, "units"), i, u) {
        aq_render__bulletin_row(d, u, cells);
        table_row(b, row_class(u), cells, AQ_RENDER_BCOLS,
                  AQ_RENDER_BCOLS - 1);
    }
    aq_render__printf(b, "</tbody>\n</table>\n<p class=\"note\">%s</p>\n"
                         "</section>\n",
                      aq_render__label(d, "legend_ci"));

    aq_render__printf(b, "<section id=\"charts\">\n<h2>%s</h2>\n<figure>\n",
                      aq_render__label(d, "charts"));
    aq_render__svg_bars(b, d);
    aq_render__printf(b, "<figcaption>%s</figcaption>\n</figure>\n",
                      aq_render__label(d, "bars_title"));
    if (n_hist) {
        aq_render__put(b, "<figure>\n");
        aq_render__svg_trend(b, d, hist, n_hist);
        aq_render__printf(b, "<figcaption>%s</figcaption>\n</figure>\n",
                          aq_render__label(d, "trend_title"));
    } else {
        aq_render__printf(b, "<p class=\"note no-trend\">%s</p>\n",
                          aq_render__label(d, "no_trend"));
    }
    aq_render__put(b, "</section>\n");

    aq_render__printf(b, "<section id=\"sanctions\">\n<h2>%s</h2>\n",
                      aq_render__label(d, "sanctions"));
    if (json_array_size(json_object_get(d->root, "sanctions")) == 0)
        aq_render__printf(b, "<p>%s</p>\n",
                          aq_render__label(d, "no_sanctions"));
    else
        aq_render__put(b, "<ul>\n");
    json_array_foreach(json_object_get(d->root, "sanctions"), i, s) {
        aq_render__printf(b, "<li class=\"sanction\" data-id=\"");
        aq_render__html(b, aq_render__str(s, "id"));
        aq_render__put(b, "\">");
        aq_render__cause(&t, d, s);
        plain(b, &t);
        aq_render__put(b, "</li>\n");
    }
    if (json_array_size(json_object_get(d->root, "sanctions")) > 0)
        aq_render__put(b, "</ul>\n");
    aq_render__put(b, "</section>\n");

    aq_render__list_sections(b, d, &html_lists);

    if (json_is_object(q)) {
        /* P7: at a quarter end, the quarterly ranking and any S6 */
        char qc[AQ_RENDER_QCOLS][AQ_RENDER_CELL];
        aq_render__printf(b, "<section id=\"quarter\">\n<h2>%s (",
                          aq_render__label(d, "quarter"));
        aq_render__period_text(&t, aq_render__str(q, "period"), d->zh);
        plain(b, &t);
        aq_render__put(b, ")</h2>\n<table>\n");
        aq_render__quarter_head(d, qc);
        table_head(b, qc, AQ_RENDER_QCOLS);
        json_array_foreach(json_object_get(q, "units"), i, u) {
            aq_render__quarter_row(d, u, qc);
            table_row(b,
                      json_is_integer(json_object_get(u, "rank"))
                          ? "neutral"
                          : "unranked",
                      qc, AQ_RENDER_QCOLS, -1);
        }
        aq_render__put(b, "</tbody>\n</table>\n");
        if (json_array_size(json_object_get(q, "unranked")) > 0) {
            aq_render__put(b, "<ul class=\"note\">\n");
            json_array_foreach(json_object_get(q, "unranked"), i, s) {
                aq_render__printf(&t, d->zh ? "%s：" : "%s: ",
                                  aq_render__find_name(
                                      d, aq_render__str(s, "unit")));
                aq_render__reason(&t, d, s);
                aq_render__put(b, "<li>");
                plain(b, &t);
                aq_render__put(b, "</li>\n");
            }
            aq_render__put(b, "</ul>\n");
        }
        aq_render__printf(b, "<h3>%s</h3>\n<ul>\n", aq_render__label(d, "s6"));
        json_array_foreach(aq_render__s6_source(d), i, s) {
            if (strcmp(aq_render__str(s, "id"), "S6"))
                continue;
            aq_render__put(b, "<li class=\"sanction\" data-id=\"S6\">");
            aq_render__cause(&t, d, s);
            plain(b, &t);
            aq_render__put(b, "</li>\n");
            n_s6++;
        }
        if (!n_s6)
            aq_render__printf(b, "<li>%s</li>\n", aq_render__label(d, "no_s6"));
        aq_render__put(b, "</ul>\n</section>\n");
    }
    aq_render__roads_html(b, d);
    aq_render__printf(b, "<footer><p>%s</p></footer>\n</body>\n</html>\n",
                      aq_render__label(d, "generated"));
}

/* The road-cleanliness section (issue 20): when the bulletin's document
 * carries the month's road ranking with inspections, the standard, the
 * table, the chart of dust compliance with PM10, the units not ranked. */
void aq_render__roads_html(aq_rbuf *b, const aq_render_doc *d)
{
    const json_t *roads = aq_render__roads_of(d), *u;
    char cells[AQ_RENDER_RCOLS][AQ_RENDER_RCELL];
    const char *notes[4];
    aq_rbuf t = {NULL, 0, 0, 0};
    size_t i, k;
    int c, cols;

    if (!roads)
        return;
    cols = aq_render__roads_cols(roads);
    aq_render__printf(b, "<section id=\"roads\">\n<h2>%s</h2>\n",
                      aq_render__label(d, "roads_section"));
    aq_render__roads_notes(d, roads, notes);
    for (k = 0; k < 3; k++)
        if (*notes[k]) {
            aq_render__put(b, k == 2 ? "<div class=\"policy-error\" "
                                       "role=\"alert\">"
                                     : "<p class=\"note\">");
            aq_render__html(b, notes[k]);
            aq_render__put(b, k == 2 ? "</div>\n" : "</p>\n");
        }
    aq_render__put(b, "<table class=\"roads\">\n<thead><tr>");
    for (c = 0; c < cols; c++) {
        aq_render__roads_head(d, roads, c, cells[c]);
        aq_render__put(b, "<th scope=\"col\">");
        aq_render__html(b, cells[c]);
        aq_render__put(b, "</th>");
    }
    aq_render__put(b, "</tr></thead>\n<tbody>\n");
    json_array_foreach(json_object_get(roads, "units"), i, u) {
        aq_render__roads_row(d, u, cells);
        aq_render__printf(b, "<tr class=\"%s\">",
                          json_is_integer(json_object_get(u, "rank"))
                              ? "neutral"
                              : "unranked");
        for (c = 0; c < cols; c++) {
            aq_render__put(b, c == 1   ? "<th scope=\"row\">"
                              : c == 9 ? "<td class=\"roads-failed\">"
                                       : "<td class=\"num\">");
            aq_render__html(b, cells[c]);
            aq_render__put(b, c == 1 ? "</th>" : "</td>");
        }
        aq_render__put(b, "</tr>\n");
    }
    aq_render__printf(b, "</tbody>\n</table>\n<p class=\"note\">%s</p>\n"
                         "<figure>\n",
                      notes[3]);
    aq_render__svg_roads(b, d, roads);
    aq_render__printf(b, "<figcaption>%s</figcaption>\n</figure>\n",
                      aq_render__label(d, "roads_chart"));
    if (json_array_size(json_object_get(roads, "unranked"))) {
        aq_render__printf(b, "<h3>%s</h3>\n<ul>\n",
                          aq_render__label(d, "roads_unranked"));
        json_array_foreach(json_object_get(roads, "unranked"), i, u) {
            aq_render__roads_reason(&t, d, u);
            aq_render__put(b, "<li>");
            plain(b, &t);
            aq_render__put(b, "</li>\n");
        }
        aq_render__put(b, "</ul>\n");
    }
    aq_render__put(b, "</section>\n");
}
