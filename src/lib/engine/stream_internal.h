/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/engine/stream*.c: the byte source (plain read(2) or
 * zlib) and the header of a file. Everything about what a row means
 * (columns, times, values) is the reader layer's (reader_internal.h).
 */
#ifndef AQ_STREAM_INTERNAL_H
#define AQ_STREAM_INTERNAL_H

#include <pthread.h>
#include <sys/types.h>

#include "aq/common.h"
#include "aq/rules.h"
#include "lib/input/reader_internal.h"

/* One input file. */
typedef struct aq_stream__src {
    int fd;
    void *gz; /* gzFile when the input is gzip, else NULL */
    int is_stdin;
    const char *name;
    int ranged;    /* read only bytes [pos, end) with pread(2) */
    off_t pos, end;
    /* a part of a split file whose end another reader may move back
     * (stream.c): each read takes the end from *hi and records in
     * *claimed how far this source has read, both under *mu */
    pthread_mutex_t *mu;
    off_t *hi, *claimed;
} aq_stream__src;

aq_status aq_stream__open(aq_stream__src *src, const char *path,
                          aq_error *err);
/* Bytes [lo, hi) of a plain file (not gzip: the caller has looked). */
aq_status aq_stream__open_range(aq_stream__src *src, const char *path,
                                off_t lo, off_t hi, aq_error *err);
/* Up to n bytes; 0 at the end; -1 on error. */
ssize_t aq_stream__read(aq_stream__src *src, char *buf, size_t n);
void aq_stream__close(aq_stream__src *src);

/* The columns of a long CSV (the reader layer's) and whether they are
 * station,time,so2,no2,pm10,pm25,co,o3 and no more: the hot loop's. */
typedef struct aq_stream__cols {
    aq_long_cols lc;
    int canonical;
} aq_stream__cols;

/*
 * The header line [line, line + len) of `source` (without its '\n'; split
 * in place): its format as the readers recognize it (aq_reader__detect()),
 * and for a long CSV its columns. @return AQ_OK; AQ_EPARSE (none of the
 * formats, a bad long header, bad quotes: err names the file and line);
 * AQ_ENOMEM.
 */
aq_status aq_stream__header(char *line, size_t len, const char *source,
                            aq_format *format, aq_stream__cols *c,
                            aq_error *err);

#endif /* AQ_STREAM_INTERNAL_H */
