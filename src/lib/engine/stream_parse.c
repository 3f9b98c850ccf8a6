/* SPDX-License-Identifier: MIT */
/*
 * The input of the streaming ranking (aq/stream.h): files (plain through
 * read(2), gzip through zlib) and their header, recognized by the reader
 * layer (aq_reader__detect(), aq_reader__long_columns()).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "lib/engine/stream_internal.h"
#include "util/alloc.h"


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
        c->canonical = c->lc.header_fields == 8 && c->lc.station == 0 &&
                       c->lc.time == 1;
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
            c->canonical &= c->lc.pol[p] == 2 + p;
    }
    aqx_free(f.fields);
    aqx_free(f.lens);
    return rc;
}
