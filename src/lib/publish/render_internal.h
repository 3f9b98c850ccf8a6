/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/: what the renderers of aq/render.h share (render.c,
 * render_md.c, render_html.c, render_svg.c): a growing output buffer, the
 * exact formatting of JSON numbers with the rules' decimals, escaping,
 * display width, labels in both languages and the one-sentence causes of
 * sanctions.
 */
#ifndef AQ_RENDER_INTERNAL_H
#define AQ_RENDER_INTERNAL_H

#include <jansson.h>
#include <stdint.h>

#include "aq/render.h"

/* An output string; oom is set once an allocation failed (later appends
 * are ignored, aq_render__finish() reports AQ_ENOMEM). */
typedef struct aq_rbuf {
    char *p;
    size_t n, cap;
    int oom;
} aq_rbuf;

void aq_render__putn(aq_rbuf *b, const char *s, size_t n);
void aq_render__put(aq_rbuf *b, const char *s);
void aq_render__printf(aq_rbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* s escaped for HTML text and attribute values (& < > " '). */
void aq_render__html(aq_rbuf *b, const char *s);
/* s escaped for Markdown text and table cells. */
void aq_render__md(aq_rbuf *b, const char *s);
/* s as one CSV field (RFC 4180), quoted only when it holds , " CR or LF */
void aq_render__csv_field(aq_rbuf *b, const char *s);
/* Hand b's string to *out (or free it and return AQ_ENOMEM). */
aq_status aq_render__finish(aq_rbuf *b, char **out, aq_error *err);
void aq_render__dispose(aq_rbuf *b);

/* The JSON number v rounded (GB/T 8170, on its decimal text) to `digits`
 * decimals, as a count of 10^-digits. Returns 0, or -1 when v is null,
 * absent or not a number. */
int aq_render__scaled(const json_t *v, int digits, int64_t *out);
/* v with exactly `digits` decimals, or `missing` (e.g. "—") */
const char *aq_render__num(char *dst, size_t cap, const json_t *v,
                           int digits, const char *missing);
/* a fraction (-0.09) as a percentage with 1 decimal and a sign ("-9.0%",
 * "+5.0%", "0.0%"); `percent` adds the "%" sign */
const char *aq_render__pct(char *dst, size_t cap, const json_t *fraction,
                           int percent, const char *missing);
/* an amount with the decimals it needs (up to 2): "+100", "-90", "0";
 * signed adds "+" to positive values */
const char *aq_render__amount(char *dst, size_t cap, const json_t *v,
                              int sign, const char *missing);
/* rank change: "+2", "-1", "0" */
const char *aq_render__change(char *dst, size_t cap, const json_t *v,
                              const char *missing);

/* An aligned text table: `rows` rows of `cols` cells, each a string of
 * cell_size bytes, row-major from `cells`; two spaces between columns;
 * a column with its bit in `left` left-aligned, the others right-aligned
 * (numbers). At most 32 columns. */
void aq_render__columns(aq_rbuf *b, const char *cells, size_t rows,
                        size_t cols, size_t cell_size, unsigned left);

/* Display width of UTF-8 text in a terminal: East Asian wide and
 * fullwidth characters count 2, combining marks 0, others 1. */
size_t aq_render__width(const char *s);

/* A parsed ranking document and the options in effect. */
typedef struct aq_render_doc {
    json_t *root;
    int zh;
    const char *jurisdiction; /* "" when none */
    const aq_render_options *opts;
} aq_render_doc;

/* Parse a JSON document and check the options (version, lang); any JSON.
 * AQ_EPARSE / AQ_EINVALID / AQ_ENOMEM. */
aq_status aq_render__open(aq_render_doc *d, const char *json,
                          const aq_render_options *opts, aq_error *err);
/* Parse and check a ranking document (object with "period" and "units"),
 * and the options. AQ_EPARSE / AQ_EINVALID / AQ_ENOMEM. */
aq_status aq_render__load(aq_render_doc *d, const char *json,
                          const aq_render_options *opts, aq_error *err);
void aq_render__unload(aq_render_doc *d);

/* o[key] as a string, "" when absent or not a string */
const char *aq_render__str(const json_t *o, const char *key);
/* a unit's display name: Chinese name, or in English its unit_en when set */
const char *aq_render__unit_name(const json_t *u, int zh);
/* the display name of the unit called `unit` in the document */
const char *aq_render__find_name(const aq_render_doc *d, const char *unit);
/* "PM2.5" for "pm25" (aq_pollutant_label()), the text itself otherwise */
const char *aq_render__pollutant(const char *code);
/* the label `key` in the document's language */
const char *aq_render__label(const aq_render_doc *d, const char *key);
/* "2024年5月" / "May 2024", "2024年第2季度" / "Q2 2024", "2024年" */
void aq_render__period_text(aq_rbuf *b, const char *period, int zh);
/* the bulletin's title (plain text) */
void aq_render__title(aq_rbuf *b, const aq_render_doc *d);
/* the cause of a sanction in one sentence (plain text, not escaped) */
void aq_render__cause(aq_rbuf *b, const aq_render_doc *d,
                      const json_t *sanction);
/* The messages that head the ranking table, in the document's language:
 * why the month pays nothing (P4), the provisional ranking (P3 flagged).
 * Borrowed from the document; returns how many (at most 8). */
size_t aq_render__heads(const aq_render_doc *d, const char *texts[8]);
/* the rule set of the document by its standards ("" when not given) */
const char *aq_render__ruleset(const aq_render_doc *d);
/* the rank cell: "3", "3*" for a flagged unit (P3), "—" when unranked */
const char *aq_render__rank_text(char *dst, size_t cap, const json_t *u);
/* The lists a ranking document carries for people, in the order every
 * rendering gives them: units ranked provisionally (P3 flagged), units not
 * evaluated (N5.3.1), stations short of valid days (P7), units not ranked
 * and why, and a bulletin's data-quality notes (issue 17: the units whose
 * values rest on flagged hours). Each line is plain text in the document's
 * language; `note` is a paragraph said before the lines (or NULL); `empty`
 * is the sentence for an empty list, or NULL when an empty list is left
 * out (a list with a note is never left out). Free with
 * aq_render__lists_free(). */
#define AQ_RENDER_LISTS 5
typedef struct aq_render_list {
    const char *id;    /* "flagged", "not-evaluated", "stations", "unranked",
                          "data-quality" */
    const char *title; /* the heading */
    const char *note;
    const char *empty;
    size_t n;
    char **lines;
} aq_render_list;
void aq_render__lists(const aq_render_doc *d,
                      aq_render_list out[AQ_RENDER_LISTS]);
void aq_render__lists_free(aq_render_list l[AQ_RENDER_LISTS]);
/* How the Markdown and HTML bulletins mark those lists up: each list that
 * has lines or an `empty` sentence is `open`, its id and `id_end` (no id
 * when id_end is NULL), its title and `title_end`; its note between `note`
 * and `note_end`; the empty sentence between `empty` and `empty_end`, or
 * the lines, each between `item` and `item_end`, inside `list` and
 * `list_end`; then `close`. Notes and lines go through `text` (the
 * escaper); ids, titles and empty sentences are written as they are. */
typedef struct aq_render_markup {
    void (*text)(aq_rbuf *b, const char *s);
    const char *open, *id_end, *title_end, *note, *note_end, *empty, *empty_end,
        *list, *item, *item_end, *list_end, *close;
} aq_render_markup;
void aq_render__list_sections(aq_rbuf *b, const aq_render_doc *d,
                              const aq_render_markup *m);
/* why a unit is not ranked, in the document's language (plain text) */
/* The causes of one sanction (its object in the rank document) as one
 * sentence, in Chinese (zh = 1) or English; an aqx allocation, or NULL. */
char *aq_render__causes_text(const json_t *sanction, int zh);
/* One line on a station with insufficient data (P7). */
void aq_render__station_line(aq_rbuf *b, const aq_render_doc *d,
                             const json_t *s);
void aq_render__reason(aq_rbuf *b, const aq_render_doc *d,
                       const json_t *unranked);

/* The charts (render_svg.c), appended to b. */
void aq_render__svg_bars(aq_rbuf *b, const aq_render_doc *d);
/* hist: parsed history documents (n of them) */
void aq_render__svg_trend(aq_rbuf *b, const aq_render_doc *d,
                          json_t *const *hist, size_t n);
/* Parse opts->history (selected by opts->trend_units) into *hist (n);
 * free with aq_render__free_history(). */
aq_status aq_render__load_history(const aq_render_doc *d, json_t ***hist,
                                  size_t *n, aq_error *err);
void aq_render__free_history(json_t **hist, size_t n);

/* The bulletin's ranking table (P7), shared by Markdown and HTML: column
 * count, heading of column c, and the cells of one unit (plain text). */
#define AQ_RENDER_BCOLS 15
#define AQ_RENDER_CELL 64
void aq_render__bulletin_head(const aq_render_doc *d, int c,
                              char cell[AQ_RENDER_CELL]);
void aq_render__bulletin_row(const aq_render_doc *d, const json_t *u,
                             char cells[AQ_RENDER_BCOLS][AQ_RENDER_CELL]);
/* The quarterly table: 5 columns (rank, unit, composite, PM2.5, good days) */
#define AQ_RENDER_QCOLS 5
void aq_render__quarter_head(const aq_render_doc *d,
                             char cells[AQ_RENDER_QCOLS][AQ_RENDER_CELL]);
void aq_render__quarter_row(const aq_render_doc *d, const json_t *u,
                            char cells[AQ_RENDER_QCOLS][AQ_RENDER_CELL]);
/* where a quarter-end document lists its S6 sanctions: the quarter's own
 * "sanctions" when present, else the month's (filter by id "S6") */
const json_t *aq_render__s6_source(const aq_render_doc *d);

/* Road cleanliness (issue 20, render_roads.c): the ranking table's
 * cells (rank, unit, inspections, dust samples, mean dust, dust
 * compliance, litter samples, litter compliance, PM10, roads failed most,
 * and the amount when the road ranking has ladders); its title; the notes
 * over it in the document's language (the standard, the inspections
 * outside the cleaning hours, amounts withheld: "" when none; the PM10
 * legend); the line of a unit not ranked; the chart of dust compliance
 * with each unit's PM10. `roads` is the road document (aq_api_roads()),
 * alone or as the bulletin document's member "roads". */
#define AQ_RENDER_RCOLS 11
#define AQ_RENDER_RCELL 192
/* the bulletin document's road document when it has inspections, else
 * NULL (no road section) */
const json_t *aq_render__roads_of(const aq_render_doc *d);
int aq_render__roads_cols(const json_t *roads);
void aq_render__roads_head(const aq_render_doc *d, const json_t *roads, int c,
                           char cell[AQ_RENDER_RCELL]);
void aq_render__roads_row(const aq_render_doc *d, const json_t *u,
                          char cells[AQ_RENDER_RCOLS][AQ_RENDER_RCELL]);
void aq_render__roads_title(aq_rbuf *b, const aq_render_doc *d,
                            const json_t *roads);
void aq_render__roads_notes(const aq_render_doc *d, const json_t *roads,
                            const char *notes[4]);
void aq_render__roads_reason(aq_rbuf *b, const aq_render_doc *d,
                             const json_t *unranked);
void aq_render__svg_roads(aq_rbuf *b, const aq_render_doc *d,
                          const json_t *roads); /* render_svg.c */
/* The road section of a bulletin whose document has "roads" with
 * inspections (nothing otherwise): Markdown, HTML */
void aq_render__roads_md(aq_rbuf *b, const aq_render_doc *d);
void aq_render__roads_html(aq_rbuf *b, const aq_render_doc *d);

/* Markdown and HTML bodies (render_md.c, render_html.c) */
void aq_render__markdown(aq_rbuf *b, const aq_render_doc *d);
void aq_render__html_page(aq_rbuf *b, const aq_render_doc *d,
                          json_t *const *hist, size_t n_hist);

#endif /* AQ_RENDER_INTERNAL_H */
