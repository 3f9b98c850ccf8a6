/* SPDX-License-Identifier: MIT */
/*
 * Streaming CSV tokenizer (include/aq/csv.h). Input comes through zlib's
 * gzread, which passes plain files through unchanged, so .csv and .csv.gz
 * share one path. The reader keeps a growable buffer of whole lines; each
 * row is split in place and its fields are NUL-terminated there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "aq/csv.h"
#include "lib/input/reader_internal.h"
#include "util/alloc.h"

#define CHUNK (1u << 20)

struct aq_csv {
    gzFile gz;
    char source[128];
    char *buf;        /* bytes read, from buf[start] to buf[end] */
    size_t cap, start, end;
    int eof;
    int unterminated;
    unsigned long line;
    aq_csv__fields f; /* grows; NUL-terminated fields */
};

aq_status aq_csv_open(aq_csv **out, const char *path, aq_error *err)
{
    aq_csv *r;
    int fd;

    *out = NULL;
    r = aqx_calloc(1, sizeof *r);
    if (!r)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    if (!strcmp(path, "-")) {
        snprintf(r->source, sizeof r->source, "<stdin>");
        fd = dup(0);
    } else {
        snprintf(r->source, sizeof r->source, "%s", path);
        fd = open(path, O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0) {
        aq_error_set_at(err, AQ_EIO, r->source, 0, 0, "cannot open: %s",
                        strerror(errno));
        aqx_free(r);
        return AQ_EIO;
    }
    r->gz = gzdopen(fd, "rb");
    r->cap = CHUNK;
    r->buf = aqx_malloc(r->cap + 1);
    if (!r->gz || !r->buf) {
        if (r->gz)
            gzclose(r->gz);
        else
            close(fd);
        aqx_free(r->buf);
        aqx_free(r);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    gzbuffer(r->gz, 256u << 10);
    r->f.grow = 1;
    r->f.terminate = 1;
    *out = r;
    return AQ_OK;
}

/* make room and read more bytes after r->end; 0 at end of input */
static aq_status fill(aq_csv *r, aq_error *err)
{
    int n;

    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    if (r->end == r->cap) {
        char *nb;
        if (r->cap >= AQ_CSV_MAX_LINE)
            return aq_error_set_at(err, AQ_EPARSE, r->source, r->line + 1, 0,
                                   "line longer than %u bytes",
                                   AQ_CSV_MAX_LINE);
        nb = aqx_realloc(r->buf, r->cap * 2 + 1);
        if (!nb)
            return aq_error_set(err, AQ_ENOMEM, "out of memory");
        r->buf = nb;
        r->cap *= 2;
    }
    n = gzread(r->gz, r->buf + r->end, (unsigned)(r->cap - r->end));
    if (n <= 0) {
        /* a gzip stream cut short reads as end of file with an error set;
         * a corrupt or cut stream is bad input (AQ_EPARSE, exit status 3),
         * a failing read(2) an I/O error */
        int code = Z_OK;
        const char *msg = gzerror(r->gz, &code);
        if (code == Z_ERRNO)
            return aq_error_set_at(err, AQ_EIO, r->source, r->line + 1, 0,
                                   "read error: %s", strerror(errno));
        if (n < 0 || (code != Z_OK && code != Z_STREAM_END))
            return aq_error_set_at(err, AQ_EPARSE, r->source, r->line + 1, 0,
                                   "truncated or corrupt gzip stream: %s",
                                   msg ? msg : "unknown");
        r->eof = 1;
    }
    r->end += (size_t)n;
    return AQ_OK;
}

/* room for one more field in f (when it may grow); 0 when there is none */
static int field_room(aq_csv__fields *f)
{
    size_t nc;
    char **nf;
    size_t *nl;

    if (f->count < f->cap)
        return 1;
    if (!f->grow)
        return 0;
    nc = f->cap ? f->cap * 2 : 64;
    if (!(nf = aqx_realloc(f->fields, nc * sizeof *nf)))
        return 0;
    f->fields = nf;
    if (!(nl = aqx_realloc(f->lens, nc * sizeof *nl)))
        return 0;
    f->lens = nl;
    f->cap = nc;
    return 1;
}

static aq_status add_field(aq_csv__fields *f, char *text, size_t len)
{
    if (!field_room(f)) {
        if (f->grow)
            return AQ_ENOMEM;
        f->more = 1; /* a fixed array is full: the rest are not kept */
        return AQ_OK;
    }
    if (f->terminate)
        text[len] = '\0';
    f->fields[f->count] = text;
    f->lens[f->count] = len;
    f->count++;
    return AQ_OK;
}

aq_status aq_csv__split(char *line, size_t len, aq_csv__fields *f,
                        size_t *bad_field, const char **why)
{
    size_t i = 0;

    f->count = 0;
    f->more = 0;
    for (;;) {
        size_t begin = i, w;
        if (f->more)
            return AQ_OK; /* the caller wanted no more */
        if (i < len && line[i] == '"') {
            /* quoted field: unescape "" in place */
            w = begin;
            i++;
            for (;;) {
                if (i >= len) {
                    *bad_field = f->count + 1;
                    *why = "unterminated quote";
                    return AQ_EPARSE;
                }
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"') {
                        line[w++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                line[w++] = line[i++];
            }
            if (i < len && line[i] != ',') {
                *bad_field = f->count + 1;
                *why = "unexpected text after a quoted field";
                return AQ_EPARSE;
            }
            if (add_field(f, line + begin, w - begin) != AQ_OK)
                return AQ_ENOMEM;
        } else {
            const char *comma = memchr(line + i, ',', len - i);
            size_t stop = comma ? (size_t)(comma - line) : len;
            if (add_field(f, line + begin, stop - begin) != AQ_OK)
                return AQ_ENOMEM;
            i = stop;
        }
        if (i >= len)
            break;
        i++; /* the comma */
        if (i == len) {
            /* trailing comma: one more, empty field */
            if (add_field(f, line + len, 0) != AQ_OK)
                return AQ_ENOMEM;
            break;
        }
    }
    return AQ_OK;
}

int aq_csv__line(char **line, size_t *len, int first)
{
    if (*len && (*line)[*len - 1] == '\r')
        (*len)--;
    if (first && *len >= 3 && !memcmp(*line, "\xEF\xBB\xBF", 3)) {
        *line += 3; /* UTF-8 BOM */
        *len -= 3;
    }
    return memchr(*line, '\0', *len) ? -1 : 0;
}

/* split line[0..len) in place into NUL-terminated fields */
static aq_status split(aq_csv *r, char *line, size_t len, size_t *count,
                       aq_error *err)
{
    const char *why = "";
    size_t bad = 0;
    aq_status rc = aq_csv__split(line, len, &r->f, &bad, &why);

    *count = r->f.count;
    if (rc == AQ_ENOMEM)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    if (rc != AQ_OK)
        return aq_error_set_at(err, AQ_EPARSE, r->source, r->line, bad, "%s",
                               why);
    return AQ_OK;
}

aq_status aq_csv_next(aq_csv *r, aq_csv_row *row, aq_error *err)
{
    aq_status rc;

    for (;;) {
        char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
        char *line;
        size_t len, count;

        if (!nl && !r->eof) {
            if ((rc = fill(r, err)) < 0)
                return rc;
            continue;
        }
        if (!nl && r->start == r->end)
            return AQ_ITEROVER;
        line = r->buf + r->start;
        len = nl ? (size_t)(nl - line) : r->end - r->start;
        r->unterminated = nl == NULL;
        r->start += len + (nl ? 1 : 0);
        r->line++;
        if (aq_csv__line(&line, &len, r->line == 1))
            return aq_error_set_at(err, AQ_EPARSE, r->source, r->line, 0,
                                   "NUL byte in text");
        if (len == 0)
            continue; /* blank line */
        if ((rc = split(r, line, len, &count, err)) < 0)
            return rc;
        row->count = count;
        row->fields = r->f.fields;
        row->lens = r->f.lens;
        row->line = r->line;
        return AQ_OK;
    }
}

const char *aq_csv_source(const aq_csv *r)
{
    return r ? r->source : "";
}

int aq_csv_last_unterminated(const aq_csv *r)
{
    return r ? r->unterminated : 0;
}

void aq_csv_close(aq_csv *r)
{
    if (!r)
        return;
    if (r->gz)
        gzclose(r->gz);
    aqx_free(r->buf);
    aqx_free(r->f.fields);
    aqx_free(r->f.lens);
    aqx_free(r);
}

int aq_csv_find(const aq_csv_row *header, const char *name)
{
    size_t i, nlen = strlen(name);

    for (i = 0; i < header->count; i++) {
        const char *f = header->fields[i];
        size_t len = header->lens[i];
        while (len && (*f == ' ' || *f == '\t')) {
            f++;
            len--;
        }
        while (len && (f[len - 1] == ' ' || f[len - 1] == '\t'))
            len--;
        if (len == nlen && !strncasecmp(f, name, nlen))
            return (int)i;
    }
    return -1;
}
