/* SPDX-License-Identifier: MIT */
/*
 * The input of the streaming ranking (stream_internal.h): files (plain
 * through read(2), gzip through zlib), their header (the format and the
 * columns, as the reader layer recognizes them), and their rows into the
 * slabs of stream_reduce.c. The hot loop (fast_row()) takes the common
 * rows of the layout station,time,so2,no2,pm10,pm25,co,o3 with the reader
 * layer's accelerator for values; every other row goes through the
 * reader layer's own functions (slow_row(): reader_long.c's checks), and
 * files in another format through aq_read_file().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "aq/decimal.h"
#include "lib/engine/stream_internal.h"
#include "lib/input/reader_fast.h"
#include "util/alloc.h"
#include "util/clones.h"

/* The hot loop's program for station,time,so2,no2,pm10,pm25,co,o3, the
 * layout aqrank writes; fast_row() is compiled once for it and once for
 * any program. */
static const aq_stream__cols canonical = {
    .lc = {.station = 0,
           .time = 1,
           .pol = {2, 3, 4, 5, 6, 7},
           .need = 8,
           .header_fields = 8},
    .fast = 1,
    .direct = 1,
    .in_order = 1,
    .keys = 2,
    .canonical = 1,
    .kind = {COL_STATION, COL_TIME, AQ_SO2, AQ_NO2, AQ_PM10, AQ_PM25, AQ_CO,
             AQ_O3},
};

/* ---- files ---- */

aq_status aq_stream__open(aq_stream__src *src, const char *path,
                          aq_error *err)
{
    unsigned char magic[2];
    ssize_t n;

    memset(src, 0, sizeof *src);
    src->name = path;
    if (!strcmp(path, "-")) {
        src->is_stdin = 1;
        src->name = "<stdin>";
        src->fd = dup(0);
    } else {
        src->fd = open(path, O_RDONLY | O_CLOEXEC);
    }
    if (src->fd < 0)
        return aq_error_set(err, AQ_EIO, "%s: %s", src->name,
                            strerror(errno));
    /* gzip by its magic number; standard input always through zlib, which
     * passes plain text through unchanged */
    n = src->is_stdin ? 0 : pread(src->fd, magic, 2, 0);
    if (src->is_stdin || (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b)) {
        src->gz = gzdopen(src->fd, "rb");
        if (!src->gz) {
            close(src->fd);
            return aq_error_set(err, AQ_ENOMEM, "%s: cannot start zlib",
                                src->name);
        }
        gzbuffer(src->gz, 1u << 18);
    }
    return AQ_OK;
}

aq_status aq_stream__open_range(aq_stream__src *src, const char *path,
                                off_t lo, off_t hi, aq_error *err)
{
    memset(src, 0, sizeof *src);
    src->name = path;
    src->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (src->fd < 0)
        return aq_error_set(err, AQ_EIO, "%s: %s", path, strerror(errno));
    src->ranged = 1;
    src->pos = lo;
    src->end = hi;
    return AQ_OK;
}

ssize_t aq_stream__read(aq_stream__src *src, char *buf, size_t n)
{
    if (src->ranged) {
        ssize_t got;
        if (src->mu) {
            pthread_mutex_lock(src->mu);
            src->end = *src->hi;
        }
        if ((off_t)n > src->end - src->pos)
            n = (size_t)(src->end - src->pos);
        if (src->mu) {
            *src->claimed = src->pos + (off_t)n;
            pthread_mutex_unlock(src->mu);
        }
        if (n == 0)
            return 0;
        do
            got = pread(src->fd, buf, n, src->pos);
        while (got < 0 && errno == EINTR);
        if (got > 0)
            src->pos += got;
        return got;
    }
    if (src->gz) {
        int got = gzread(src->gz, buf, (unsigned)(n > (1u << 30) ? 1u << 30 : n));
        return got < 0 ? -1 : got;
    }
    for (;;) {
        ssize_t got = read(src->fd, buf, n);
        if (got >= 0 || errno != EINTR)
            return got;
    }
}

void aq_stream__close(aq_stream__src *src)
{
    if (src->gz)
        gzclose(src->gz); /* closes fd */
    else if (src->fd >= 0)
        close(src->fd);
    src->gz = NULL;
    src->fd = -1;
}

aq_status aq_stream__header(char *line, size_t len, const char *source,
                            aq_format *format, aq_stream__cols *c,
                            aq_error *err)
{
    static const aq_read_options ro = AQ_READ_OPTIONS_INIT;
    aq_csv__fields f;
    aq_csv_row row;
    aq_reader_ctx ctx;
    aq_read_stats rs;
    const char *why = "";
    size_t bad = 0;
    aq_status rc;
    int p;

    memset(&f, 0, sizeof f);
    f.grow = 1;
    f.terminate = 1;
    *format = AQ_FORMAT_AUTO;
    if (aq_csv__line(&line, &len, 1))
        return aq_error_set_at(err, AQ_EPARSE, source, 1, 0,
                               "NUL byte in text");
    rc = aq_csv__split(line, len, &f, &bad, &why);
    if (rc == AQ_ENOMEM)
        rc = aq_error_set(err, rc, "out of memory");
    else if (rc != AQ_OK)
        rc = aq_error_set_at(err, rc, source, 1, bad, "%s", why);
    if (rc == AQ_OK) {
        row.count = f.count;
        row.fields = f.fields;
        row.lens = f.lens;
        row.line = 1;
        *format = aq_reader__detect(&row);
        if (*format == AQ_FORMAT_AUTO) {
            rc = aq_reader__unknown_format(err, source, 1);
        } else if (*format == AQ_FORMAT_LONG) {
            aq_reader__ctx_init(&ctx, &ro, &rs, source, err);
            rc = aq_reader__long_columns(&ctx, &row, &c->lc);
        }
    }
    if (rc == AQ_OK && *format == AQ_FORMAT_LONG) {
        const aq_long_cols *lc = &c->lc;
        size_t i;
        int last_key = lc->station > lc->time ? lc->station : lc->time,
            first_value = FAST_COLS;

        c->fast = lc->need <= FAST_COLS;
        for (i = 0; c->fast && i < lc->need; i++)
            c->kind[i] = (int)i == lc->station ? COL_STATION
                         : (int)i == lc->time  ? COL_TIME
                                               : COL_SKIP;
        for (p = 0; c->fast && p < AQ_POLLUTANT_COUNT; p++)
            if (lc->pol[p] >= 0) {
                c->kind[lc->pol[p]] = (signed char)p;
                if (lc->pol[p] < first_value)
                    first_value = lc->pol[p];
            }
        /* straight into the slab: the six values are the last columns
         * read, after the station and the time */
        c->direct = last_key < first_value &&
                    (size_t)first_value + AQ_POLLUTANT_COUNT == lc->need;
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
            if (lc->pol[p] < 0)
                c->direct = 0;
        c->keys = c->direct ? (size_t)first_value : lc->need;
        c->canonical = c->fast && lc->need == 8;
        for (i = 0; c->canonical && i < 8; i++)
            if (c->kind[i] != canonical.kind[i])
                c->canonical = 0;
        c->in_order = c->direct;
        for (p = 0; c->in_order && p < AQ_POLLUTANT_COUNT; p++)
            if (c->kind[c->keys + (size_t)p] != p)
                c->in_order = 0;
    }
    aqx_free(f.fields);
    aqx_free(f.lens);
    return rc;
}

/* ---- stations ---- */

long aq_stream__station(const aq_stream *s, const char *c, size_t n)
{
    size_t k = aq_stream__hash(c, n) & s->hmask;

    for (; s->htab[k]; k = (k + 1) & s->hmask) {
        size_t i = s->htab[k] - 1;
        if (s->codelen[i] == n && !memcmp(s->code[i], c, n))
            return (long)i;
    }
    return -1;
}

void aq_stream__unknown(aq_stream_stats *st, const char *code, size_t n)
{
    if (!st->unknown_rows++)
        snprintf(st->first_unknown, sizeof st->first_unknown, "%.*s",
                 (int)(n > 60 ? 60 : n), code);
}

void aq_stream__add_counts(aq_stream *s, const aq_stream_stats *from,
                           const aq_stream__problem *prob,
                           unsigned long line_base)
{
    aq_stream_stats *st = &s->stats;

    st->rows += from->rows;
    st->general_rows += from->general_rows;
    st->reference_rows += from->reference_rows;
    st->outside_rows += from->outside_rows;
    st->rejected_rows += from->rejected_rows;
    st->rejected_values += from->rejected_values;
    if (from->unknown_rows && !st->unknown_rows)
        memcpy(st->first_unknown, from->first_unknown,
               sizeof st->first_unknown);
    st->unknown_rows += from->unknown_rows;
    if (prob->src[0] && !s->prob.src[0]) {
        s->prob = *prob;
        s->prob.line += line_base;
    }
}

/* ---- rows ---- */

void aq_stream__first_problem(const char *source, unsigned long line,
                              unsigned long column, const char *message,
                              void *payload)
{
    aq_stream__problem *p = payload;

    if (p->src[0])
        return;
    snprintf(p->src, sizeof p->src, "%s", source);
    p->line = line;
    p->col = column;
    snprintf(p->msg, sizeof p->msg, "%s", message);
}

void aq_stream__format_problem(aq_stream *s)
{
    if (s->prob.src[0])
        aq_reader__problem_text(s->stats.first_problem,
                                sizeof s->stats.first_problem, s->prob.src,
                                s->prob.line, s->prob.col, s->prob.msg);
}

/* Station lookup, by the station that followed the previous row's
 * station last time (time-major files repeat the station order every
 * hour), else by hash. -1 when unknown. */
static inline long lookup(aq_stream *s, const char *f, size_t n)
{
    size_t g = s->kit.guess[s->last_station];
    long idx;

    if (s->codelen[g] == n && !memcmp(s->code[g], f, n)) {
        idx = (long)g;
    } else {
        idx = aq_stream__station(s, f, n);
        if (idx < 0)
            return -1;
        s->kit.guess[s->last_station] = (uint32_t)idx;
    }
    s->last_station = (size_t)idx;
    return idx;
}

/* Whether station idx (-1: not in the list; its code f[0..n) for the
 * report) is known: the rows of unknown stations are counted and skipped.
 * Excluded reference sites (N5.3.1) are read (their days with data are
 * the store's too) and counted; no unit-day takes them. */
static int station_use(aq_stream *s, long idx, const char *f, size_t n)
{
    if (idx < 0) {
        aq_stream__unknown(&s->stats, f, n);
        return 0;
    }
    return 1;
}

/* What reading one file takes beyond the stream: its columns, and the
 * reader layer's context for the rows that the hot loop leaves to it. */
typedef struct file_rows {
    const char *name;
    aq_stream__cols cols;
    aq_read_options ro;
    aq_read_stats rs;
    aq_reader_ctx ctx;
    aq_text_decoder dec;
    aq_csv__fields f; /* at most header_fields + 1 fields of a row */
} file_rows;

/*
 * Any row, the reader layer's way (reader_long.c): split by the CSV
 * tokenizer, the station looked up first (unknown stations and reference
 * sites are only counted), then the reader's checks of the row's count
 * and time, the asked period, the station text and the values (N3): a
 * problem is counted and noted as the reader notes it. `line` is split in
 * place (len + 1 bytes writable); `unterminated`: the input ended inside
 * it. -1 late, -2 out of memory, -3 a file error (err set), else 0.
 */
static int slow_row(aq_stream *s, file_rows *fr, char *line, size_t len,
                    unsigned long lineno, int unterminated, aq_error *err)
{
    const aq_long_cols *lc = &fr->cols.lc;
    const char *why = "";
    size_t bad = 0;
    aq_csv_row row;
    aq_obs obs;
    aq_status rc;
    long idx = -1;
    int ok;

    if (aq_csv__line(&line, &len, 0)) {
        aq_error_set_at(err, AQ_EPARSE, fr->name, lineno, 0,
                        "NUL byte in text");
        return -3;
    }
    if ((rc = aq_csv__split(line, len, &fr->f, &bad, &why)) != AQ_OK) {
        aq_error_set_at(err, rc, fr->name, lineno, bad, "%s", why);
        return -3;
    }
    row.count = fr->f.count;
    row.fields = fr->f.fields;
    row.lens = fr->f.lens;
    row.line = lineno;
    if (row.count > (size_t)lc->station && row.lens[lc->station]) {
        const char *code;
        size_t n;
        /* the code as the reader decodes it (GB18030 -> UTF-8) */
        rc = aq_reader__decode(&fr->dec, row.fields[lc->station],
                               row.lens[lc->station], &code, &n);
        if (rc == AQ_OK &&
            !station_use(s, idx = aq_stream__station(s, code, n), code, n))
            return 0;
    }
    if (aq_reader__long_when(&fr->ctx, lc, &row, unterminated, &obs.day,
                             &obs.hour, &ok) != AQ_OK ||
        !ok)
        return 0;
    if (!s->o.all && (obs.day < s->pfirst || obs.day > s->plast)) {
        s->stats.outside_rows++;
        s->later |= obs.day > s->plast;
        return 0;
    }
    rc = aq_reader__long_what(&fr->ctx, lc, &row, &fr->dec, &obs, &ok);
    if (rc == AQ_ENOMEM || rc == AQ_ERROR)
        return -3;
    if (!ok || idx < 0)
        return 0; /* (idx: looked up above, as the reader decoded it) */
    return aq_stream__commit(s, (size_t)idx, obs.day, obs.hour, obs.value);
}

/*
 * The hot loop: one row of a layout the reader layer recognized
 * (aq_stream__cols: any column order, columns it does not read, quoted
 * text), taken field by field with 8-byte loads: the station code compared
 * with the one expected next, the time text with the previous row's, the
 * values by the reader layer's accelerator (reader_fast.h). Any field it
 * does not take as it is (a value the accelerator leaves, a time not seen
 * before that the reader layer refuses, quotes inside quotes, a short row)
 * sends the row to slow_row(), the reader layer's own path, before
 * anything is kept, so both take every row the same way.
 */

#define ONES(b) ((uint64_t)(b)*UINT64_C(0x0101010101010101))

/* The index of the first byte a or b at q. Reads 8 bytes at a time: the
 * read buffer ends with a '\n' and PAD bytes, so with b = '\n' the scan
 * stops within the line's buffer. */
static inline __attribute__((always_inline)) size_t find2(const char *q, char a,
                                                          char b)
{
    size_t i;

    for (i = 0;; i += 8) {
        uint64_t w = aq_reader__load8(q + i), x = w ^ ONES(a), y = w ^ ONES(b),
                 m = ((x - ONES(1)) & ~x) | ((y - ONES(1)) & ~y);
        if ((m &= ONES(0x80)))
            return i + (size_t)(__builtin_ctzll(m) >> 3);
    }
}

/* The bytes ',' '\n' and '\r' among q[0..32), as bits 0..31: where the
 * fields of a row end. Reads 32 bytes: the read buffer's PAD covers them
 * after its last line. */
static inline __attribute__((always_inline)) uint32_t ends_of(const char *q)
{
#ifdef __SSE2__
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'),
                  cr = _mm_set1_epi8('\r');
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)q),
            b = _mm_loadu_si128((const __m128i *)(const void *)(q + 16));
    a = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, comma),
                                  _mm_cmpeq_epi8(a, lf)),
                     _mm_cmpeq_epi8(a, cr));
    b = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, comma),
                                  _mm_cmpeq_epi8(b, lf)),
                     _mm_cmpeq_epi8(b, cr));
    return (uint32_t)_mm_movemask_epi8(a) |
           (uint32_t)_mm_movemask_epi8(b) << 16;
#else
    uint32_t m = 0;
    unsigned i;

    for (i = 0; i < 32; i++)
        m |= (uint32_t)(q[i] == ',' || q[i] == '\n' || q[i] == '\r') << i;
    return m;
#endif
}

/* A field's end at q[n]: a comma before another column that is read; the
 * line's end (or a comma: more columns follow) after the last one. */
static inline __attribute__((always_inline)) int field_sep(const char *q,
                                                           size_t n, int last)
{
    char c = q[n];

    return c == ',' || (last && (c == '\n' || (c == '\r' && q[n + 1] == '\n')));
}

/* A text field at q, quoted or not, without quotes inside the quotes:
 * its text [*a, *a + *n) and the length of the field. -1 when the hot
 * loop does not take it. */
static inline long text_field(const char *q, const char **a, size_t *n)
{
    size_t k;

    if (*q != '"') {
        k = find2(q, ',', '\n');
        if (k && q[k] == '\n' && q[k - 1] == '\r')
            k--;
        *a = q;
        *n = k;
        return (long)k;
    }
    k = find2(q + 1, '"', '\n');
    if (q[1 + k] != '"' || q[2 + k] == '"')
        return -1; /* no closing quote on the line, or "" inside */
    *a = q + 1;
    *n = k;
    return (long)k + 2;
}

/* The row's station when it is not the one expected next: looked up by
 * its text; -1 to leave the row to slow_row(), -2 an unknown station
 * (counted). */
static __attribute__((noinline)) long station_text(aq_stream *s, const char **q,
                                                   int last)
{
    const char *f = *q, *code;
    size_t k, i;
    long len, idx;

    if ((len = text_field(f, &code, &k)) <= 0 || !k ||
        !field_sep(f, (size_t)len, last))
        return -1; /* empty: the reader layer says so */
    idx = lookup(s, code, k);
    if (idx < 0) {
        for (i = 0; i < k; i++)
            if ((unsigned char)code[i] >= 0x80)
                return -1; /* perhaps GB18030: decoded by the reader */
        station_use(s, idx, code, k);
        return -2;
    }
    *q = f + len;
    return idx;
}

/* The row's station: the code expected next (time-major files repeat the
 * station order: one masked 8-byte compare for a code of up to 7 bytes and
 * its comma, or for "code", quoted), else station_text(). *q moves past
 * the field. */
static inline __attribute__((always_inline)) long
row_station(aq_stream *s, const char **q, int last)
{
    size_t g = s->kit.guess[s->last_station];
    uint64_t mask = s->codemask[g];

    if (!last && mask && (aq_reader__load8(*q) & mask) == s->codeword[g]) {
        s->last_station = g;
        *q += s->codelen[g];
        return (long)g;
    }
    /* quoted: "code", */
    mask = s->quotemask[g];
    if (!last && mask && (aq_reader__load8(*q) & mask) == s->quoteword[g]) {
        s->last_station = g;
        *q += s->codelen[g] + 2;
        return (long)g;
    }
    return station_text(s, q, last);
}

/* The row's time when it is not the previous row's: read by the reader
 * layer (aq_reader__hour_of()) and kept for the next rows. */
static __attribute__((noinline)) int
time_text(aq_stream *s, const char **q, int last, int32_t *day, int *label)
{
    const char *t = *q, *text;
    size_t n, k;
    long len;

    if ((len = text_field(t, &text, &n)) < 0 ||
        !field_sep(t, (size_t)len, last) ||
        aq_reader__hour_of(text, n, day, label) != AQ_READER__TIME_OK)
        return -1;
    s->cur_tday = *day;
    s->cur_label = *label;
    s->cur_tlen = (size_t)len;
    for (k = 0; k < 4; k++) {
        /* the field and its separator: len + 1 bytes, if they fit */
        size_t lo = 8 * k, hi = (size_t)len + 1;
        uint64_t m = 0;
        if (hi <= 32 && lo < hi)
            m = hi - lo >= 8 ? UINT64_MAX
                             : (UINT64_C(1) << (8 * (hi - lo))) - 1;
        s->cur_tmask[k] = m;
        s->cur_time[k] = aq_reader__load8(t + lo) & m;
    }
    *q = t + len;
    return 0;
}

/* The row's time: the previous row's text and separator again (masked
 * 8-byte compares), else time_text(). 0, or -1 to leave the row to
 * slow_row(). *q moves past the field. */
static inline __attribute__((always_inline)) int
row_time(aq_stream *s, const char **q, int last, int32_t *day, int *label)
{
    const char *t = *q;
    uint64_t d =
        ((aq_reader__load8(t) ^ s->cur_time[0]) & s->cur_tmask[0]) |
        ((aq_reader__load8(t + 8) ^ s->cur_time[1]) & s->cur_tmask[1]) |
        ((aq_reader__load8(t + 16) ^ s->cur_time[2]) & s->cur_tmask[2]);

    if (s->cur_tlen >= 24)
        d |= (aq_reader__load8(t + 24) ^ s->cur_time[3]) & s->cur_tmask[3];
    if (!d && s->cur_tmask[0]) {
        *day = s->cur_tday;
        *label = s->cur_label;
        *q = t + s->cur_tlen;
        return 0;
    }
    return time_text(s, q, last, day, label);
}

/* The six values of a direct program at q into dst[pol * stride] (*any
 * |= 1 for each one not missing). Each value's start comes from the
 * separators ends_of() found, not from the end of the value before it, so
 * the six reads do not wait on each other; each value must be its whole
 * field, and a comma end all but the last. Returns the last value's
 * separator, or NULL to leave the row to slow_row(). */
static inline __attribute__((always_inline)) const char *
row_values(const aq_stream__cols *c, int in_order, const char *q,
           int64_t *dst, size_t stride, int *any)
{
    const char *w = q; /* the window ends_of() looked at */
    uint32_t ends = ends_of(w);
    size_t at = 0, i; /* at: the value's start, from q */

#pragma GCC unroll 6
    for (i = 0; i < NP; i++) {
        /* in_order: so2 no2 pm10 pm25 co o3, known to the compiler */
        int pol = in_order ? (int)i : c->kind[c->keys + i];
        char sep;
        size_t e;
        int n;
        if (__builtin_expect(!ends, 0)) {
            w = q + at; /* the values so far filled the window */
            if (!(ends = ends_of(w)))
                return NULL; /* a field of 32 bytes is no value */
        }
        e = (size_t)(w - q) + (size_t)__builtin_ctz(ends);
        ends &= ends - 1;
        n = aq_reader__fast_value(q + at, (aq_pollutant)pol,
                                  &dst[(size_t)pol * stride], any, &sep);
        if (n < 0 || at + (size_t)n != e || (i + 1 < NP && sep != ','))
            return NULL;
        at = e + 1;
    }
    return q + at - 1;
}

/*
 * One row [p, e) (e: the end of the buffer's whole lines) by the program c.
 * Returns 0 done (*next: the row's '\n'), 1 "take the slow path", -1 late,
 * -2 out of memory. With c->direct the values go straight into the day's
 * slab when it is the current one and the station-hour has no row yet
 * (the common case); a row that then needs the slow path leaves only bytes
 * that its hour bit still calls garbage.
 */
static inline __attribute__((always_inline)) int
fast_row(aq_stream *s, const aq_stream__cols *c, int in_order, const char *p,
         const char **next)
{
    const char *q = p;
    int64_t v[NP], *dst = v;
    const size_t ncols = c->lc.need, keys = c->keys;
    size_t stride = 1, i;
    int32_t day = 0;
    int label = 1, any = 0, r = 0;
    long idx = -1;
    slab *sl = NULL;
    uint32_t hours = 0, bit = 0;
    unsigned char seen = 0;

    *next = NULL;
    if (!c->direct)
        for (i = 0; i < NP; i++)
            v[i] = AQ_MISSING; /* the columns the file does not have */
            /* the columns before the six values (all of them when not direct)
             */
#pragma GCC unroll 4
    for (i = 0; i < keys; i++) {
        int kind = c->kind[i], last = i + 1 == ncols;
        if (kind >= 0) {
            char sep;
            int n = aq_reader__fast_value(q, (aq_pollutant)kind, &v[kind], &any,
                                          &sep);
            /* the last column's separator is checked below */
            if (n < 0 || (!last && sep != ','))
                return 1;
            q += n;
        } else if (kind == COL_STATION) {
            idx = row_station(s, &q, last);
            if (idx < 0)
                return idx == -2 ? 0 : 1;
        } else if (kind == COL_TIME) {
            if (row_time(s, &q, last, &day, &label))
                return 1;
        } else {
            const char *a;
            size_t n;
            long len = text_field(q, &a, &n);
            if (len < 0 || q[len] != ',')
                return 1;
            q += len;
        }
        if (!last)
            q++; /* the comma */
    }
    if (c->direct) {
        /* the station and the day are known: the six values follow */
        if (!s->o.all && (day < s->pfirst || day > s->plast)) {
            s->stats.outside_rows++;
            s->later |= day > s->plast;
            return 0;
        }
        bit = 1u << (label - 1);
        if (s->cur && s->cur_day == day) {
            sl = s->cur;
            seen = sl->seen[idx];
            hours = seen ? sl->hours[idx] : 0;
            if (!(hours & bit)) {
                dst = &sl->h[idx][0][label - 1];
                stride = NH;
            } else {
                sl = NULL; /* a second row of the hour: commit() */
            }
        }
        if (!(q = row_values(c, in_order, q, dst, stride, &any)))
            return 1;
    }
    /* q is at the last column's separator */
    if (*q == '\n')
        *next = q;
    else if (*q == '\r' && q[1] == '\n')
        *next = q + 1;
    else if (*q == ',')
        *next = rawmemchr(q, '\n'); /* columns the hot loop does not read */
    else
        return 1;
    if (!c->direct && !s->o.all && (day < s->pfirst || day > s->plast)) {
        s->stats.outside_rows++;
        s->later |= day > s->plast;
        return 0;
    }
    if (sl) {
        sl->hours[idx] = hours | bit;
        sl->seen[idx] = (unsigned char)(seen | 1 | (any << 1));
        if (__builtin_expect(s->unit_of[idx] < 0, 0))
            s->stats.reference_rows++; /* N5.3.1 */
    } else {
        r = aq_stream__commit(s, (size_t)idx, day, label, v);
    }
    return r;
}

/*
 * The instances of the hot loop: aqrank's own layout, with the program
 * known to the compiler; any columns before the six values in aqrank's
 * order (a name column, quoted text); any other. Each is a function of
 * its own, not inlined into the read loop around it: the row's work then
 * has the registers to itself. Each is compiled twice, for x86-64's
 * baseline and for x86-64-v3, whose BMI1/BMI2 make the variable shifts,
 * bit scans and masks of the values and separators one instruction each
 * (shlx, tzcnt, blsr) where the baseline takes two or three.
 */
#ifdef AQ_HAVE_CLONES
#define HOT_ROW AQ_CLONES("arch=x86-64-v3", "default")
#else
#define HOT_ROW __attribute__((noinline))
#endif

HOT_ROW static int fast_row_canonical(aq_stream *s, const char *p,
                                      const char **next)
{
    return fast_row(s, &canonical, 1, p, next);
}

HOT_ROW static int fast_row_in_order(aq_stream *s, const aq_stream__cols *c,
                                     const char *p, const char **next)
{
    return fast_row(s, c, 1, p, next);
}

HOT_ROW static int fast_row_any(aq_stream *s, const aq_stream__cols *c,
                                const char *p, const char **next)
{
    return fast_row(s, c, 0, p, next);
}

/* The reader layer's context for the rows of one file (or part) of s. */
static void file_rows_init(aq_stream *s, file_rows *fr, const char *name,
                           const aq_stream__cols *cols, aq_error *err)
{
    static const aq_read_options ro = AQ_READ_OPTIONS_INIT;

    memset(fr, 0, sizeof *fr);
    fr->name = name;
    fr->ro = ro;
    fr->ro.problem_cb = aq_stream__first_problem;
    fr->ro.problem_payload = &s->prob;
    aq_reader__ctx_init(&fr->ctx, &fr->ro, &fr->rs, name, err);
    aq_reader__decoder_init(&fr->dec);
    if (cols)
        fr->cols = *cols;
}

/* The columns of the file are known: room for a row's fields. */
static int file_rows_cols(file_rows *fr)
{
    fr->f.cap = fr->cols.lc.header_fields + 1;
    fr->f.terminate = 1;
    fr->f.fields = aqx_calloc(fr->f.cap, sizeof *fr->f.fields);
    fr->f.lens = aqx_calloc(fr->f.cap, sizeof *fr->f.lens);
    return fr->f.fields && fr->f.lens ? 0 : -1;
}

/* The counts of the reader layer into s; then free. */
static void file_rows_done(aq_stream *s, file_rows *fr)
{
    s->stats.rejected_rows += fr->rs.rejected_rows;
    s->stats.rejected_values += fr->rs.rejected_values;
    aq_reader__decoder_free(&fr->dec);
    aqx_free(fr->f.fields);
    aqx_free(fr->f.lens);
}

/* The hot loop is most of a ranking's time, and much of it is shifts by a
 * variable count, bit scans and masks (the values' SWAR, the separators):
 * x86-64-v3's BMI1/BMI2 do each in one instruction (shlx, tzcnt, blsr)
 * where the baseline takes two or three. */

aq_status aq_stream__read_src(aq_stream *s, aq_stream__src *src,
                              const aq_stream__cols *given, aq_format *other,
                              aq_error *err)
{
    file_rows fr;
    aq_status rc = AQ_OK;
    size_t carry = 0;
    unsigned long lineno = 0;
    int header = given != NULL, eof = 0, added = 0;
    char *buf =
        s->kit.buf; /* the caller readied the kit: aq_stream__kit_take() */

    *other = AQ_FORMAT_LONG;
    file_rows_init(s, &fr, src->name, given, err);
    if (given && file_rows_cols(&fr))
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
    while (!eof && rc == AQ_OK) {
        ssize_t got = aq_stream__read(src, buf + carry, BLOCK - carry);
        char *p, *stop, *end;

        if (got < 0) {
            rc = aq_error_set(err, AQ_EIO, "%s: read error", src->name);
            break;
        }
        end = buf + carry + got;
        if (got == 0) {
            eof = 1;
            if (carry == 0)
                break;
            if (end[-1] != '\n') {
                *end++ = '\n'; /* a last line without a terminator */
                added = 1;
            }
        }
        stop = memrchr(buf, '\n', (size_t)(end - buf));
        if (!stop) {
            if (carry + (size_t)got >= BLOCK) {
                rc = aq_error_set_at(err, AQ_EPARSE, src->name, lineno + 1, 0,
                                     "line longer than %u bytes", BLOCK);
                break;
            }
            carry += (size_t)got;
            continue;
        }
        for (p = buf; p <= stop && rc == AQ_OK;) {
            char *nl = stop;
            int r;

            lineno++;
            if (!header) {
                nl = memchr(p, '\n', (size_t)(stop - p) + 1);
                if (nl - p > (nl > p && nl[-1] == '\r')) {
                    rc = aq_stream__header(p, (size_t)(nl - p), src->name,
                                           other, &fr.cols, err);
                    header = 1;
                    if (rc == AQ_OK && *other != AQ_FORMAT_LONG)
                        goto done; /* the caller reads it another way */
                    if (rc == AQ_OK && file_rows_cols(&fr))
                        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
                } /* else a blank line before the header */
                p = nl + 1;
                continue;
            }
            r = 1;
            if (fr.cols.fast) {
                const char *at;
                r = fr.cols.canonical  ? fast_row_canonical(s, p, &at)
                    : fr.cols.in_order ? fast_row_in_order(s, &fr.cols, p, &at)
                                       : fast_row_any(s, &fr.cols, p, &at);
                if (r == 0) /* at: the line's '\n' when the row was read */
                    nl = at ? (char *)at
                            : memchr(p, '\n', (size_t)(stop - p) + 1);
            }
            if (r == 1) {
                nl = memchr(p, '\n', (size_t)(stop - p) + 1);
                if (nl - p <= (nl > p && nl[-1] == '\r')) {
                    p = nl + 1; /* a blank line, as the tokenizer skips */
                    continue;
                }
                r = slow_row(s, &fr, p, (size_t)(nl - p), lineno,
                             added && nl == end - 1, err);
                s->stats.general_rows++;
            }
            s->stats.rows++;
            if (r == -1)
                rc = AQ_ERROR; /* late: the caller restarts */
            else if (r == -2)
                rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
            else if (r == -3)
                rc = err && err->code != AQ_OK ? err->code : AQ_ERROR;
            else if (aq_stream__red_status(s) != AQ_OK)
                rc = aq_stream__red_status(s);
            p = nl + 1;
        }
        carry = (size_t)(end - (stop + 1));
        memmove(buf, stop + 1, carry);
    }
    s->lines = lineno;
    if (rc == AQ_OK && !header)
        rc = aq_error_set_at(err, AQ_EPARSE, src->name, 1, 0,
                             "empty file: no header row");
    if (rc == AQ_OK && aq_stream__red_status(s) != AQ_OK)
        rc = aq_stream__red_status(s);
done:
    file_rows_done(s, &fr);
    return rc;
}

aq_status aq_stream__read_long(aq_stream *s, const char *path,
                               aq_format *format, aq_error *err)
{
    aq_stream__src src;
    aq_status rc;

    if ((rc = aq_stream__open(&src, path, err)) != AQ_OK)
        return rc;
    rc = aq_stream__read_src(s, &src, NULL, format, err);
    aq_stream__close(&src);
    return rc;
}
