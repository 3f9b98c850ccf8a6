/* SPDX-License-Identifier: MIT */
/*
 * The monthly bulletin (通报, P7) in Markdown, in Chinese or English: the
 * title, a policy error when the month was refused (P4), the ranking
 * table, the sanctions with their causes, the units not ranked, and at a
 * quarter end the quarterly ranking with any S6. Also the table cells
 * and the walk of the lists that the HTML page shares. Everything comes
 * from the ranking document.
 */
#include <stdio.h>
#include <string.h>

#include "aq/rules.h"
#include "lib/publish/render_internal.h"
#include "lib/publish/words_internal.h"


void aq_render__bulletin_head(const aq_render_doc *d, int c,
                              char cell[AQ_RENDER_CELL])
{
    const char *cur =
        aq_words__currency(aq_render__str(d->root, "currency_unit"), d->zh);

    if (c >= 3 && c <= 8) { /* the six single indices (N6.2) */
        snprintf(cell, AQ_RENDER_CELL, "I(%s)", aq_pollutant_label((aq_pollutant)(c - 3)));
        return;
    }
    switch (c) {
    case 0: snprintf(cell, AQ_RENDER_CELL, "%s", aq_render__label(d, "rank")); break;
    case 1: snprintf(cell, AQ_RENDER_CELL, "%s", aq_render__label(d, "unit")); break;
    case 2: snprintf(cell, AQ_RENDER_CELL, "%s", aq_render__label(d, "composite")); break;
    case 9: snprintf(cell, AQ_RENDER_CELL, "%s", aq_render__label(d, "pm25_mean")); break;
    case 10: snprintf(cell, AQ_RENDER_CELL, "%s", aq_render__label(d, "yoy_composite")); break;
    case 11: snprintf(cell, AQ_RENDER_CELL, "%s", aq_render__label(d, "yoy_pm25")); break;
    case 12: snprintf(cell, AQ_RENDER_CELL, "%s", aq_render__label(d, "good_days")); break;
    case 13: snprintf(cell, AQ_RENDER_CELL, "%s", aq_render__label(d, "rank_change")); break;
    default:
        if (*cur)
            snprintf(cell, AQ_RENDER_CELL, "%s(%s)",
                     aq_render__label(d, "amount"), cur);
        else
            snprintf(cell, AQ_RENDER_CELL, "%s", aq_render__label(d, "amount"));
    }
}

static void rank_cell(const json_t *u, char cell[AQ_RENDER_CELL])
{
    aq_render__rank_text(cell, AQ_RENDER_CELL, u);
}

void aq_render__bulletin_row(const aq_render_doc *d, const json_t *u,
                             char cells[AQ_RENDER_BCOLS][AQ_RENDER_CELL])
{
    const json_t *si = json_object_get(u, "single_index"),
                 *yoy = json_object_get(u, "yoy");
    int p;

    rank_cell(u, cells[0]);
    snprintf(cells[1], AQ_RENDER_CELL, "%s", aq_render__unit_name(u, d->zh));
    aq_render__num(cells[2], AQ_RENDER_CELL,
                   json_object_get(u, "composite_index"), 2, "—");
    for (p = 0; p < 6; p++)
        aq_render__num(cells[3 + p], AQ_RENDER_CELL,
                       json_object_get(si, aq_pollutant_code((aq_pollutant)p)), 2, "—");
    aq_render__num(cells[9], AQ_RENDER_CELL, json_object_get(u, "pm25"), 0,
                   "—");
    aq_render__pct(cells[10], AQ_RENDER_CELL,
                   json_object_get(yoy, "composite_index"), 1, "—");
    aq_render__pct(cells[11], AQ_RENDER_CELL, json_object_get(yoy, "pm25"), 1,
                   "—");
    aq_render__num(cells[12], AQ_RENDER_CELL,
                   json_object_get(u, "good_days_ratio"), 1, "—");
    aq_render__change(cells[13], AQ_RENDER_CELL,
                      json_object_get(u, "rank_change"), "—");
    aq_render__amount(cells[14], AQ_RENDER_CELL, json_object_get(u, "amount"),
                      1, "—");
}

void aq_render__quarter_head(const aq_render_doc *d,
                             char cells[AQ_RENDER_QCOLS][AQ_RENDER_CELL])
{
    static const char *const keys[AQ_RENDER_QCOLS] = {
        "rank", "unit", "composite", "pm25_mean", "good_days"};
    int c;

    for (c = 0; c < AQ_RENDER_QCOLS; c++)
        snprintf(cells[c], AQ_RENDER_CELL, "%s", aq_render__label(d, keys[c]));
}

void aq_render__list_sections(aq_rbuf *b, const aq_render_doc *d,
                              const aq_render_markup *m)
{
    aq_render_list lists[AQ_RENDER_LISTS];
    size_t k, i;

    aq_render__lists(d, lists);
    for (k = 0; k < AQ_RENDER_LISTS; k++) {
        const aq_render_list *l = &lists[k];
        if (!l->n && !l->empty)
            continue;
        aq_render__put(b, m->open);
        if (m->id_end) {
            aq_render__put(b, l->id);
            aq_render__put(b, m->id_end);
        }
        aq_render__put(b, l->title);
        aq_render__put(b, m->title_end);
        if (l->note) {
            aq_render__put(b, m->note);
            m->text(b, l->note);
            aq_render__put(b, m->note_end);
        }
        if (!l->n) {
            aq_render__put(b, m->empty);
            aq_render__put(b, l->empty);
            aq_render__put(b, m->empty_end);
        } else {
            aq_render__put(b, m->list);
        }
        for (i = 0; i < l->n; i++) {
            aq_render__put(b, m->item);
            m->text(b, l->lines[i]);
            aq_render__put(b, m->item_end);
        }
        if (l->n)
            aq_render__put(b, m->list_end);
        aq_render__put(b, m->close);
    }
    aq_render__lists_free(lists);
}

void aq_render__quarter_row(const aq_render_doc *d, const json_t *u,
                            char cells[AQ_RENDER_QCOLS][AQ_RENDER_CELL])
{
    rank_cell(u, cells[0]);
    snprintf(cells[1], AQ_RENDER_CELL, "%s", aq_render__unit_name(u, d->zh));
    aq_render__num(cells[2], AQ_RENDER_CELL,
                   json_object_get(u, "composite_index"), 2, "—");
    aq_render__num(cells[3], AQ_RENDER_CELL, json_object_get(u, "pm25"), 0,
                   "—");
    aq_render__num(cells[4], AQ_RENDER_CELL,
                   json_object_get(u, "good_days_ratio"), 1, "—");
}

const json_t *aq_render__s6_source(const aq_render_doc *d)
{
    const json_t *q = json_object_get(d->root, "quarter");

    if (json_is_array(json_object_get(q, "sanctions")))
        return json_object_get(q, "sanctions");
    return json_object_get(d->root, "sanctions");
}

/* one table row: | a | b | ... | */
static void md_row(aq_rbuf *b, char (*cells)[AQ_RENDER_CELL], int n)
{
    int c;

    for (c = 0; c < n; c++) {
        aq_render__put(b, "| ");
        aq_render__md(b, cells[c]);
        aq_render__put(b, " ");
    }
    aq_render__put(b, "|\n");
}

/* the separator row: the unit column left-aligned, numbers right */
static void md_rule(aq_rbuf *b, int n)
{
    int c;

    for (c = 0; c < n; c++)
        aq_render__put(b, c == 1 ? "|---" : "|---:");
    aq_render__put(b, "|\n");
}

/* a plain-text sentence, escaped */
static void md_plain(aq_rbuf *b, const aq_rbuf *plain)
{
    if (plain->oom)
        b->oom = 1;
    else if (plain->p)
        aq_render__md(b, plain->p);
}

/* the lists of the bulletin: "## title", the note, "- line" */
static const aq_render_markup md_lists = {.text = aq_render__md,
                                          .open = "\n## ",
                                          .title_end = "\n\n",
                                          .note = "",
                                          .note_end = "\n\n",
                                          .empty = "",
                                          .empty_end = "\n",
                                          .list = "",
                                          .item = "- ",
                                          .item_end = "\n",
                                          .list_end = "",
                                          .close = ""};

void aq_render__markdown(aq_rbuf *b, const aq_render_doc *d)
{
    char cells[AQ_RENDER_BCOLS][AQ_RENDER_CELL];
    const json_t *units = json_object_get(d->root, "units"), *u, *s,
                 *q = json_object_get(d->root, "quarter");
    aq_rbuf t = {NULL, 0, 0, 0};
    size_t i, n_s6 = 0;
    int c;

    aq_render__title(&t, d);
    aq_render__put(b, "# ");
    md_plain(b, &t);
    aq_render__dispose(&t);
    aq_render__printf(b, "\n\n%s: %lld", aq_render__label(d, "ranked_units"),
                      (long long)json_integer_value(
                          json_object_get(d->root, "ranked_units")));
    if (*aq_render__ruleset(d)) {
        aq_render__printf(b, d->zh ? "；%s：" : "; %s: ",
                          aq_render__label(d, "ruleset"));
        aq_render__md(b, aq_render__ruleset(d));
    }
    aq_render__put(b, "\n\n");
    {
        /* P4, P3: what the reader must know before the table, said first
         * and plainly */
        const char *msg[8];
        size_t h, nh = aq_render__heads(d, msg);
        for (h = 0; h < nh; h++) {
            aq_render__printf(b, d->zh ? "> **%s：** " : "> **%s:** ",
                              aq_render__label(d, "attention"));
            aq_render__md(b, msg[h]);
            aq_render__put(b, "\n\n");
        }
    }

    aq_render__printf(b, "## %s\n\n", aq_render__label(d, "ranking"));
    for (c = 0; c < AQ_RENDER_BCOLS; c++)
        aq_render__bulletin_head(d, c, cells[c]);
    md_row(b, cells, AQ_RENDER_BCOLS);
    md_rule(b, AQ_RENDER_BCOLS);
    json_array_foreach(units, i, u) {
        aq_render__bulletin_row(d, u, cells);
        md_row(b, cells, AQ_RENDER_BCOLS);
    }
    aq_render__printf(b, "\n%s\n\n", aq_render__label(d, "legend_ci"));

    aq_render__printf(b, "## %s\n\n", aq_render__label(d, "sanctions"));
    if (json_array_size(json_object_get(d->root, "sanctions")) == 0)
        aq_render__printf(b, "%s\n", aq_render__label(d, "no_sanctions"));
    json_array_foreach(json_object_get(d->root, "sanctions"), i, s) {
        aq_render__cause(&t, d, s);
        aq_render__put(b, "- ");
        md_plain(b, &t);
        aq_render__put(b, "\n");
        aq_render__dispose(&t);
    }

    aq_render__list_sections(b, d, &md_lists);

    if (json_is_object(q)) {
        /* P7: at a quarter end, the quarterly ranking and any S6 */
        char qc[AQ_RENDER_QCOLS][AQ_RENDER_CELL];
        aq_render__period_text(&t, aq_render__str(q, "period"), d->zh);
        aq_render__printf(b, "\n## %s (", aq_render__label(d, "quarter"));
        md_plain(b, &t);
        aq_render__put(b, ")\n\n");
        aq_render__dispose(&t);
        aq_render__quarter_head(d, qc);
        md_row(b, qc, AQ_RENDER_QCOLS);
        md_rule(b, AQ_RENDER_QCOLS);
        json_array_foreach(json_object_get(q, "units"), i, u) {
            aq_render__quarter_row(d, u, qc);
            md_row(b, qc, AQ_RENDER_QCOLS);
        }
        json_array_foreach(json_object_get(q, "unranked"), i, s) {
            aq_render__printf(&t, d->zh ? "%s：" : "%s: ",
                              aq_render__find_name(d,
                                                   aq_render__str(s, "unit")));
            aq_render__reason(&t, d, s);
            aq_render__put(b, i ? "- " : "\n- ");
            md_plain(b, &t);
            aq_render__put(b, "\n");
            aq_render__dispose(&t);
        }
        aq_render__printf(b, "\n### %s\n\n", aq_render__label(d, "s6"));
        json_array_foreach(aq_render__s6_source(d), i, s) {
            if (strcmp(aq_render__str(s, "id"), "S6"))
                continue;
            aq_render__cause(&t, d, s);
            aq_render__put(b, "- ");
            md_plain(b, &t);
            aq_render__put(b, "\n");
            aq_render__dispose(&t);
            n_s6++;
        }
        if (!n_s6)
            aq_render__printf(b, "%s\n", aq_render__label(d, "no_s6"));
    }
    aq_render__roads_md(b, d);
    aq_render__printf(b, "\n---\n%s\n", aq_render__label(d, "generated"));
}

/* The road-cleanliness section (issue 20): when the bulletin's document
 * carries the month's road ranking with inspections, its title, the
 * standard, the table, the units not ranked and the legend. */
void aq_render__roads_md(aq_rbuf *b, const aq_render_doc *d)
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
    aq_render__printf(b, "\n## %s\n\n", aq_render__label(d, "roads_section"));
    aq_render__roads_notes(d, roads, notes);
    for (k = 0; k < 3; k++)
        if (*notes[k]) {
            aq_render__md(b, notes[k]);
            aq_render__put(b, "\n\n");
        }
    for (c = 0; c < cols; c++) {
        char h[AQ_RENDER_RCELL];
        aq_render__roads_head(d, roads, c, h);
        aq_render__put(b, "| ");
        aq_render__md(b, h);
        aq_render__put(b, " ");
    }
    aq_render__put(b, "|\n");
    md_rule(b, cols);
    json_array_foreach(json_object_get(roads, "units"), i, u) {
        aq_render__roads_row(d, u, cells);
        for (c = 0; c < cols; c++) {
            aq_render__put(b, "| ");
            aq_render__md(b, cells[c]);
            aq_render__put(b, " ");
        }
        aq_render__put(b, "|\n");
    }
    aq_render__printf(b, "\n%s\n", notes[3]);
    if (json_array_size(json_object_get(roads, "unranked")))
        aq_render__printf(b, "\n### %s\n\n",
                          aq_render__label(d, "roads_unranked"));
    json_array_foreach(json_object_get(roads, "unranked"), i, u) {
        aq_render__roads_reason(&t, d, u);
        aq_render__put(b, "- ");
        md_plain(b, &t);
        aq_render__put(b, "\n");
        aq_render__dispose(&t);
    }
}
