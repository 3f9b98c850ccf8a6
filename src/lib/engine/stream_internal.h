/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/stream*.c: the byte source (plain read(2) or zlib),
 * the header of a long CSV, and the slow, general field parsers that the
 * hot loop of stream.c falls back to for anything but its fixed layout.
 */
#ifndef AQ_STREAM_INTERNAL_H
#define AQ_STREAM_INTERNAL_H

#include <pthread.h>
#include <sys/types.h>

#include "aq/common.h"
#include "aq/rules.h"

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

/* Columns of a long CSV header (-1 when absent). canonical: exactly
 * station,time,so2,no2,pm10,pm25,co,o3, the hot loop's layout. */
typedef struct aq_stream__cols {
    int station, time, pol[AQ_POLLUTANT_COUNT];
    size_t need; /* fields a row must have */
    int canonical;
} aq_stream__cols;

aq_status aq_stream__header(const char *line, size_t len, aq_stream__cols *c,
                            const char *source, aq_error *err);

/* Split one CSV line (no line terminator) into at most max fields,
 * unquoting RFC 4180 quotes into scratch (capacity >= len). Returns the
 * field count. */
size_t aq_stream__split(const char *line, size_t len, char *scratch,
                        const char **f, size_t *fl, size_t max);

/* A value text by N3.1/N3.2 as the readers take it: empty -> AQ_MISSING
 * (0); a number 0..limit -> micro-units (0); above the limit -> -2;
 * anything else (not a number, negative) -> -1. */
int aq_stream__value(aq_pollutant p, const char *s, size_t len, int64_t *out);



/* A time text (aq_time_parse layouts) on the hour -> the day and the
 * hour-ending label of the hour that begins then (N1.3.3). 0 or -1. */
int aq_stream__time(const char *s, size_t len, int32_t *day, int *label);

#endif /* AQ_STREAM_INTERNAL_H */
