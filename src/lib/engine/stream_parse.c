/* SPDX-License-Identifier: MIT */
/*
 * The slow and general half of the streaming ranking (aq/stream.h): input
 * files (plain through read(2), gzip through zlib), the long CSV header
 * (columns by name in any order, the aliases of reader_long.c), and the
 * field parsers used for every row that the hot loop of stream.c does not
 * take (quoted fields, other time layouts, other number spellings). They
 * accept exactly what the long CSV reader accepts, through the same library
 * functions: aq_decimal_parse() for numbers, aq_time_parse() for times.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "aq/date.h"
#include "aq/decimal.h"
#include "lib/input/reader_internal.h" /* the N3.2 limits */
#include "lib/engine/stream_internal.h"


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

size_t aq_stream__split(const char *line, size_t len, char *scratch,
                        const char **f, size_t *fl, size_t max)
{
    size_t i = 0, n = 0;
    char *w = scratch;

    while (n < max) {
        const char *start = w;
        if (i < len && line[i] == '"') {
            /* RFC 4180: "" inside quotes is one quote */
            for (i++; i < len; i++) {
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"') {
                        *w++ = '"';
                        i++;
                        continue;
                    }
                    i++;
                    break;
                }
                *w++ = line[i];
            }
            while (i < len && line[i] != ',')
                *w++ = line[i++]; /* text after the closing quote */
        } else {
            while (i < len && line[i] != ',')
                *w++ = line[i++];
        }
        f[n] = start;
        fl[n] = (size_t)(w - start);
        n++;
        if (i >= len)
            break;
        i++; /* the comma */
    }
    return n;
}

static int name_is(const char *s, size_t len, const char *name)
{
    size_t k = strlen(name);

    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    return len == k && !strncasecmp(s, name, k);
}

aq_status aq_stream__header(const char *line, size_t len, aq_stream__cols *c,
                            const char *source, aq_error *err)
{
    static const struct {
        const char *name;
        int what; /* -2 station, -3 time, else a pollutant */
    } names[] = {{"station", -2}, {"station_code", -2}, {"time", -3},
                 {"timestamp", -3}, {"so2", AQ_SO2},    {"no2", AQ_NO2},
                 {"pm10", AQ_PM10}, {"pm25", AQ_PM25},  {"pm2.5", AQ_PM25},
                 {"co", AQ_CO},     {"o3", AQ_O3}};
    static const char *const canon[] = {"station", "time", "so2", "no2",
                                        "pm10",    "pm25", "co",  "o3"};
    const char *f[256];
    size_t fl[256], n, i, k;
    char scratch[4096];
    int p, any = 0;

    if (len >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) { /* UTF-8 BOM */
        line += 3;
        len -= 3;
    }
    if (len > sizeof scratch)
        return aq_error_set_at(err, AQ_EPARSE, source, 1, 0,
                               "header line too long");
    n = aq_stream__split(line, len, scratch, f, fl, 256);
    c->station = c->time = -1;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        c->pol[p] = -1;
    for (i = 0; i < n; i++) {
        for (k = 0; k < sizeof names / sizeof names[0]; k++) {
            int *slot;
            if (!name_is(f[i], fl[i], names[k].name))
                continue;
            slot = names[k].what == -2   ? &c->station
                   : names[k].what == -3 ? &c->time
                                         : &c->pol[names[k].what];
            if (*slot >= 0)
                return aq_error_set_at(err, AQ_EPARSE, source, 1, i + 1,
                                       "bad header: a column repeats column "
                                       "%d",
                                       *slot + 1);
            *slot = (int)i;
            break;
        }
    }
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        any |= c->pol[p] >= 0;
    if (c->station < 0 || c->time < 0 || !any)
        return aq_error_set_at(err, AQ_EPARSE, source, 1, 1,
                               "not a long CSV header: need station, time "
                               "and pollutant columns (so2 no2 pm10 pm25 co "
                               "o3)");
    c->need = (size_t)(c->station > c->time ? c->station : c->time) + 1;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        if (c->pol[p] >= 0 && (size_t)c->pol[p] + 1 > c->need)
            c->need = (size_t)c->pol[p] + 1;
    c->canonical = n == 8;
    for (i = 0; i < n && c->canonical; i++)
        c->canonical = fl[i] == strlen(canon[i]) &&
                       !memcmp(f[i], canon[i], fl[i]);
    return AQ_OK;
}

int aq_stream__value(aq_pollutant p, const char *s, size_t len, int64_t *out)
{
    int64_t v;

    *out = AQ_MISSING;
    if (len == 0)
        return 0; /* N3.1: empty = missing */
    if (aq_decimal_parse(s, len, &v) != AQ_OK || v < 0)
        return -1; /* not a number; N3.2 negative */
    if (v > aq_reader__default_limit[p])
        return -2; /* N3.2 implausible */
    *out = v;
    return 0;
}

int aq_stream__time(const char *s, size_t len, int32_t *day, int *label)
{
    int64_t minutes, d;
    size_t i;

    if (aq_time_parse(s, len, &minutes) != AQ_OK || minutes % 60)
        return -1;
    /* seconds, when written, must be zero: aq_time_parse drops them */
    if (len > 16 && s[16] == ':')
        for (i = 17; i < len && (isdigit((unsigned char)s[i]) || s[i] == '.');
             i++)
            if (s[i] != '0' && s[i] != '.')
                return -1;
    /* the hour that BEGINS at `minutes` is label hour+1 of its day
     * (N1.3.3, TV-21) */
    d = minutes / 1440;
    if (minutes % 1440 < 0)
        d--;
    *day = (int32_t)d;
    *label = (int)((minutes - d * 1440) / 60) + 1;
    return 0;
}
