/* SPDX-License-Identifier: MIT */
/*
 * Reader of road inspection records (issue 20): a header naming the
 * columns time, unit, road, dust_g_m2 and litter_minutes, and optionally
 * inspector and note, in any order (ASCII case-insensitive; other columns
 * are ignored); then one row per inspection. `time` is local time (UTC+8)
 * `YYYY-MM-DD HH:MM` (a `T` is accepted for the space); an empty load or
 * litter time is "not measured". Texts may be UTF-8 or GB18030 (converted).
 *
 * A row is used whole or not at all: an inspection with a bad field is
 * rejected, counted and reported at that field (file:line:column and the
 * field's name), never stored in part. Rejected: a time that is not a
 * date and a time of day; a load or litter time that is not a plain
 * decimal number, negative, or beyond what a road can hold (a load above
 * 1000 g/m2, two hundred times the standard: a unit mix-up; litter on the
 * ground for more than a day, 1440 minutes, which no inspection can
 * observe); an empty unit or road; a unit the caller's unit_known()
 * refuses.
 */
#include <ctype.h>
#include <string.h>

#include "aq/date.h"
#include "aq/decimal.h"
#include "lib/input/reader_internal.h"
#include "util/alloc.h"

/* the columns, in this order */
enum { C_TIME, C_UNIT, C_ROAD, C_DUST, C_LITTER, C_INSPECTOR, C_NOTE, C_N };

/* the header's names, each its own slot */
static const aq_reader__column columns[C_N] = {
    {"time", C_TIME},           {"unit", C_UNIT},
    {"road", C_ROAD},           {"dust_g_m2", C_DUST},
    {"litter_minutes", C_LITTER}, {"inspector", C_INSPECTOR},
    {"note", C_NOTE}};

/* What a load or a litter time may be (see the file comment). */
#define DUST_MAX (1000 * AQ_MICRO)
#define LITTER_MAX (1440 * AQ_MICRO)

int aq_reader__is_roads_header(const aq_csv_row *h)
{
    int k;

    for (k = C_TIME; k <= C_LITTER; k++)
        if (aq_csv_find(h, columns[k].name) < 0)
            return 0;
    return 1;
}

static aq_status roads_header(aq_reader_ctx *c, const aq_csv_row *h,
                              int col[C_N])
{
    aq_status rc;
    int k;

    if ((rc = aq_reader__columns(h, NULL, columns, C_N, col, C_N, NULL,
                                 c->source, c->err)) != AQ_OK)
        return rc;
    for (k = C_TIME; k <= C_LITTER; k++)
        if (col[k] < 0)
            return aq_error_set_at(c->err, AQ_EPARSE, c->source, h->line, 1,
                                   "bad header for road inspections: no "
                                   "column %s (need time, unit, road, "
                                   "dust_g_m2, litter_minutes)",
                                   columns[k].name);
    return AQ_OK;
}

static int two(const char *s)
{
    return isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1])
               ? (s[0] - '0') * 10 + (s[1] - '0')
               : -1;
}

/* "YYYY-MM-DD HH:MM": 0, or 1 when not that shape, 2 when the date is
 * no date (aq_day_parse, the one parser of a civil day), 3 when the time
 * is not a time of day */
static int parse_time(const char *s, size_t len, int32_t *day, int *minute)
{
    char date[11];
    int h, mi;

    if (len != 16 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' ||
        (h = two(s + 11)) < 0 || (mi = two(s + 14)) < 0)
        return 1;
    memcpy(date, s, 10);
    date[10] = '\0';
    if (aq_day_parse(date, day) != AQ_OK)
        return 2;
    if (h > 23 || mi > 59)
        return 3;
    *minute = h * 60 + mi;
    return 0;
}

/* A measured quantity of field k: empty = not measured (AQ_MISSING); a
 * problem text in why otherwise. */
static const char *quantity(int k, const char *s, size_t len, int64_t *out)
{
    *out = AQ_MISSING;
    if (len == 0)
        return NULL;
    if (aq_decimal_parse(s, len, out) != AQ_OK)
        return "is not a number";
    if (*out < 0)
        return "is negative";
    if (k == C_DUST && *out > DUST_MAX)
        return "is above 1000 g/m2, not a road's dust load (a unit "
               "mix-up?)";
    if (k == C_LITTER && *out > LITTER_MAX)
        return "is impossible: more than a day (1440 minutes)";
    return NULL;
}

/* The row's texts in UTF-8, each NUL-terminated, in one buffer kept
 * across rows (a GB18030 field grows at most by half as UTF-8). */
typedef struct texts {
    aq_text_decoder dec;
    char *buf;
    size_t cap, used;
} texts;

/* the field as UTF-8 in t; NULL with *rc set when it cannot be decoded
 * (AQ_EPARSE: not in the file's encoding) */
static const char *text_of(texts *t, const aq_csv_row *row, int col,
                           aq_status *rc)
{
    const char *s;
    size_t n;
    char *at;

    *rc = AQ_OK;
    if (col < 0)
        return "";
    if ((*rc = aq_reader__decode(&t->dec, row->fields[col], row->lens[col],
                                 &s, &n)) != AQ_OK)
        return NULL;
    at = t->buf + t->used;
    memcpy(at, s, n);
    at[n] = '\0';
    t->used += n + 1;
    return at;
}

static aq_status reject(aq_reader_ctx *c, const aq_csv_row *row, int col,
                        const char *field, const char *text, size_t len,
                        const char *why)
{
    c->stats->rejected_rows++;
    if (!len) /* "road is empty" */
        return aq_reader__problem(c, row->line, (unsigned long)col + 1,
                                  "%s %s; row rejected", field, why);
    return aq_reader__problem(c, row->line, (unsigned long)col + 1,
                              "%s: \"%.*s\" %s; row rejected", field,
                              (int)(len > 40 ? 40 : len), text, why);
}

/* One row; AQ_OK also when it was rejected (counted), else a failure. */
static aq_status roads_row(aq_reader_ctx *c, const aq_csv_row *row,
                           const int col[C_N], texts *t)
{
    aq_inspection rec;
    const char *why, *tf = row->fields[col[C_TIME]];
    size_t tlen = row->lens[col[C_TIME]], need = 0, i;
    aq_status rc;
    int k, shape;

    for (i = 0; i < row->count; i++)
        need += 2 * row->lens[i] + 1;
    if (need > t->cap) {
        char *nb = aqx_realloc(t->buf, need);
        if (!nb)
            return aq_error_set(c->err, AQ_ENOMEM, "out of memory");
        t->buf = nb;
        t->cap = need;
    }
    t->used = 0;
    memset(&rec, 0, sizeof rec);
    rec.line = row->line;
    shape = parse_time(tf, tlen, &rec.day, &rec.minute);
    if (shape)
        return reject(c, row, col[C_TIME], "time", tf, tlen,
                      shape == 1   ? "is not local time YYYY-MM-DD HH:MM"
                      : shape == 2 ? "is not a date (YYYY-MM-DD)"
                                   : "is outside the day (00:00 to 23:59)");
    for (k = C_DUST; k <= C_LITTER; k++) {
        int64_t *v = k == C_DUST ? &rec.dust : &rec.litter;
        why = quantity(k, row->fields[col[k]], row->lens[col[k]], v);
        if (why)
            return reject(c, row, col[k], columns[k].name, row->fields[col[k]],
                          row->lens[col[k]], why);
    }
    for (i = 0; i < 4; i++) {
        static const int text_col[4] = {C_UNIT, C_ROAD, C_INSPECTOR, C_NOTE};
        const char **dst = i == 0   ? &rec.unit
                           : i == 1 ? &rec.road
                           : i == 2 ? &rec.inspector
                                    : &rec.note;
        k = text_col[i];
        *dst = text_of(t, row, col[k], &rc);
        if (rc == AQ_ENOMEM || rc == AQ_ERROR)
            return aq_error_set_at(c->err, rc, c->source, row->line,
                                   (unsigned long)col[k] + 1,
                                   rc == AQ_ENOMEM
                                       ? "out of memory"
                                       : "iconv cannot convert GB18030");
        if (rc != AQ_OK)
            return reject(c, row, col[k], columns[k].name, "", 0,
                          "is neither UTF-8 nor GB18030");
        if ((k == C_UNIT || k == C_ROAD) && !**dst)
            return reject(c, row, col[k], columns[k].name, "", 0, "is empty");
    }
    if (c->opts->unit_known && !c->opts->unit_known(rec.unit, c->payload))
        return reject(c, row, col[C_UNIT], "unit", rec.unit, strlen(rec.unit),
                      "is not a unit of the jurisdiction");
    c->stats->observations++;
    c->stats->values +=
        (unsigned long)(rec.dust != AQ_MISSING) + (rec.litter != AQ_MISSING);
    rc = c->opts->inspection_cb(&rec, c->payload);
    /* the caller's failure stops the read; err always says why */
    if (rc != AQ_OK && c->err && c->err->code == AQ_OK)
        aq_error_set_at(c->err, rc, c->source, row->line, 0,
                        "stopped at this inspection: %s", aq_status_str(rc));
    return rc;
}

aq_status aq_reader__roads(aq_reader_ctx *c, const aq_csv_row *header)
{
    int col[C_N], k;
    texts t;
    aq_csv_row row;
    aq_status rc;
    int whole;
    size_t need = 0;

    if (!c->opts->inspection_cb)
        return aq_error_set_at(c->err, AQ_EPARSE, c->source, header->line, 1,
                               "road inspection records, not hourly data: "
                               "read them as such (format roads)");
    if ((rc = roads_header(c, header, col)) != AQ_OK)
        return rc;
    for (k = 0; k < C_N; k++)
        if (col[k] >= 0 && (size_t)col[k] + 1 > need)
            need = (size_t)col[k] + 1;
    memset(&t, 0, sizeof t);
    aq_reader__decoder_init(&t.dec);
    while ((rc = aq_csv_next(c->csv, &row, c->err)) == AQ_OK) {
        c->stats->rows++;
        rc = aq_reader__row_width(c, &row, aq_csv_last_unterminated(c->csv),
                                  header->count, need, &whole);
        if (whole)
            rc = roads_row(c, &row, col, &t);
        if (rc != AQ_OK)
            break;
    }
    aq_reader__decoder_free(&t.dec);
    aqx_free(t.buf);
    return rc == AQ_ITEROVER ? AQ_OK : rc;
}
