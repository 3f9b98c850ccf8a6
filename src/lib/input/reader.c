/* SPDX-License-Identifier: MIT */
/*
 * Readers of hourly station data (include/aq/reader.h): format names,
 * recognition of the format from the header row, dispatch to the format
 * modules (reader_cnemc.c, reader_uci.c, reader_long.c), and what they
 * share: the value checks of N3.1/N3.2, the problem list, the hour-starting
 * to hour-ending conversion (N1.3.3, TV-21) and the GB18030 decoder.
 * docs/internals/READERS.md describes each format and its traps.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "aq/date.h"
#include "aq/decimal.h"
#include "lib/input/reader_internal.h"
#include "util/alloc.h"

aq_status aq_format_parse(const char *text, aq_format *out)
{
    static const struct {
        const char *name;
        aq_format f;
    } names[] = {{"auto", AQ_FORMAT_AUTO},
                 {"cnemc", AQ_FORMAT_CNEMC},
                 {"uci", AQ_FORMAT_UCI},
                 {"long", AQ_FORMAT_LONG},
                 {"roads", AQ_FORMAT_ROADS}};
    size_t i;

    for (i = 0; text && i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(text, names[i].name)) {
            *out = names[i].f;
            return AQ_OK;
        }
    return AQ_EINVALID;
}

const char *aq_format_name(aq_format f)
{
    switch (f) {
    case AQ_FORMAT_AUTO:
        return "auto";
    case AQ_FORMAT_CNEMC:
        return "cnemc";
    case AQ_FORMAT_UCI:
        return "uci";
    case AQ_FORMAT_LONG:
        return "long";
    case AQ_FORMAT_ROADS:
        return "roads";
    }
    return "unknown";
}

/* ---- shared checks ------------------------------------------------------ */

/*
 * N3.2 default plausibility limits. The gases and particles are far above
 * anything the national network reports in a real hour (2019 maxima in the
 * shared data: PM10 9,985, PM2.5 1,461, O3 1,200 μg/m³) yet below the
 * nonsense of a unit mix-up by 1000; CO 150 mg/m³ is the top of common
 * analysers' range (2019 maximum: 90).
 */
const int64_t aq_reader__default_limit[AQ_POLLUTANT_COUNT] = {
    [AQ_SO2] = 10000 * AQ_MICRO,  [AQ_NO2] = 10000 * AQ_MICRO,
    [AQ_PM10] = 10000 * AQ_MICRO, [AQ_PM25] = 10000 * AQ_MICRO,
    [AQ_CO] = 150 * AQ_MICRO,     [AQ_O3] = 10000 * AQ_MICRO,
};

void aq_reader__problem_text(char *buf, size_t cap, const char *source,
                             unsigned long line, unsigned long column,
                             const char *msg)
{
    if (column)
        snprintf(buf, cap, "%s:%lu:%lu: %s", source, line, column, msg);
    else
        snprintf(buf, cap, "%s:%lu: %s", source, line, msg);
}

aq_status aq_reader__problem(aq_reader_ctx *c, unsigned long line,
                             unsigned long column, const char *fmt, ...)
{
    char msg[200], text[sizeof c->stats->first_problems + 1];
    va_list ap;
    aq_read_stats *st = c->stats;
    size_t used, room;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    st->problems++;
    c->problems++;
    if (c->opts->strict)
        return aq_error_set_at(c->err, AQ_EPARSE, c->source, line, column, "%s",
                               msg);
    if (c->opts->problem_cb)
        c->opts->problem_cb(c->source, line, column, msg,
                            c->opts->problem_payload);
    used = strlen(st->first_problems);
    room = sizeof st->first_problems - used;
    aq_reader__problem_text(text, sizeof text, c->source, line, column, msg);
    snprintf(st->first_problems + used, room, "%s\n", text);
    /* a line that did not fit whole is cut back to the last full one */
    if (strlen(st->first_problems) == sizeof st->first_problems - 1 &&
        st->first_problems[sizeof st->first_problems - 2] != '\n')
        st->first_problems[used] = '\0';
    return AQ_OK;
}

aq_status aq_reader__value(aq_reader_ctx *c, aq_pollutant p, const char *s,
                           size_t len, int scale_down, unsigned long line,
                           unsigned long column, int64_t *out)
{
    int64_t v;
    const char *code = aq_pollutant_code(p);

    *out = AQ_MISSING;
    if (len == 0 || (len == 2 && s[0] == 'N' && s[1] == 'A'))
        return AQ_OK; /* N3.1: empty or NA = missing */
    if (aq_decimal_parse(s, len, &v) != AQ_OK) {
        c->stats->rejected_values++;
        return aq_reader__problem(c, line, column,
                                  "%s value \"%.*s\" is not a number", code,
                                  (int)(len > 40 ? 40 : len), s);
    }
    if (v < 0) {
        c->stats->rejected_values++;
        return aq_reader__problem(c, line, column,
                                  "%s value %.*s is negative (N3.2)", code,
                                  (int)(len > 40 ? 40 : len), s);
    }
    if (scale_down) {
        if (v % 1000) {
            c->stats->rejected_values++;
            return aq_reader__problem(
                c, line, column,
                "%s value %.*s has more decimals than 0.001 ug/m3", code,
                (int)(len > 40 ? 40 : len), s);
        }
        v /= 1000;
    }
    if (v > c->max_value[p]) {
        char lim[40];
        c->stats->rejected_values++;
        aq_decimal_format(lim, sizeof lim, c->max_value[p], 0);
        return aq_reader__problem(
            c, line, column, "%s value %.*s%s is above the limit %s (N3.2)",
            code, (int)(len > 40 ? 40 : len), s, scale_down ? "/1000" : "",
            lim);
    }
    *out = v;
    return AQ_OK;
}

aq_status aq_reader__emit(aq_reader_ctx *c, const aq_obs *obs)
{
    int p, n = 0;

    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        n += obs->value[p] != AQ_MISSING;
    if (n == 0) {
        c->stats->empty_observations++;
        return AQ_OK;
    }
    c->stats->observations++;
    c->stats->values += (unsigned long)n;
    if (c->cb) {
        aq_status rc = c->cb(obs, c->payload);
        /* the caller's failure stops the read; err always says why */
        if (rc != AQ_OK && c->err && c->err->code == AQ_OK)
            aq_error_set_at(c->err, rc, c->source, 0, 0,
                            "stopped at station %s: %s", obs->station,
                            aq_status_str(rc));
        return rc;
    }
    return AQ_OK;
}

int aq_reader__is_truncated(aq_reader_ctx *c, const aq_csv_row *row,
                            int unterminated, size_t header_fields)
{
    if (!unterminated || row->count >= header_fields)
        return 0;
    c->stats->truncated = 1;
    c->stats->rejected_rows++;
    return 1;
}

aq_status aq_reader__row_width(aq_reader_ctx *c, const aq_csv_row *row,
                               int unterminated, size_t header_fields,
                               size_t need, int *ok)
{
    *ok = 0;
    if (aq_reader__is_truncated(c, row, unterminated, header_fields))
        return aq_reader__problem(c, row->line, row->count,
                                  "file ends inside this row (%zu of %zu "
                                  "fields); row rejected",
                                  row->count, header_fields);
    if (row->count < need) {
        c->stats->rejected_rows++;
        return aq_reader__problem(c, row->line, row->count,
                                  "wrong column count: %zu fields, need "
                                  "%zu; row rejected",
                                  row->count, need);
    }
    *ok = 1;
    return AQ_OK;
}

void aq_reader__ctx_init(aq_reader_ctx *c, const aq_read_options *opts,
                         aq_read_stats *stats, const char *source,
                         aq_error *err)
{
    int p;

    memset(c, 0, sizeof *c);
    memset(stats, 0, sizeof *stats);
    c->opts = opts;
    c->stats = stats;
    c->source = source;
    c->err = err;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        c->max_value[p] = opts->max_value[p] > 0 ? opts->max_value[p]
                                                 : aq_reader__default_limit[p];
}

void aq_reader__hour_starting(int64_t minutes, int32_t *day, int *label)
{
    int64_t d = minutes / 1440;

    if (minutes % 1440 < 0)
        d--; /* floor, for times before 1970 */
    *day = (int32_t)d;
    *label = (int)((minutes - d * 1440) / 60) + 1;
}

int aq_reader__digits(const char *s, size_t len, size_t max, int *out)
{
    size_t i;
    int v = 0;

    if (len == 0 || len > max)
        return -1;
    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int aq_reader__hour_of(const char *s, size_t len, int32_t *day, int *label)
{
    int64_t minutes;
    size_t i;

    if (aq_time_parse(s, len, &minutes) != AQ_OK)
        return AQ_READER__TIME_BAD;
    if (minutes % 60)
        return AQ_READER__TIME_OFF_HOUR;
    /* seconds and their fractions, when written, must be zero:
     * aq_time_parse reads them and drops them */
    if (len > 16 && s[16] == ':')
        for (i = 17; i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.');
             i++)
            if (s[i] != '0' && s[i] != '.')
                return AQ_READER__TIME_OFF_HOUR;
    aq_reader__hour_starting(minutes, day, label);
    return AQ_READER__TIME_OK;
}

/* ---- header recognition ------------------------------------------------- */

static int field_is(const aq_csv_row *h, size_t i, const char *name)
{
    return i < h->count && !strcasecmp(h->fields[i], name);
}

int aq_reader__is_cnemc_header(const aq_csv_row *h)
{
    return h->count >= 4 && field_is(h, 0, "date") && field_is(h, 1, "hour") &&
           field_is(h, 2, "type");
}

int aq_reader__is_uci_header(const aq_csv_row *h)
{
    static const char *const need[] = {"year", "month", "day", "hour", "PM2.5",
                                       "PM10", "SO2",   "NO2", "CO",   "O3"};
    size_t i;

    for (i = 0; i < sizeof need / sizeof need[0]; i++)
        if (aq_csv_find(h, need[i]) < 0)
            return 0;
    return 1;
}

int aq_reader__is_long_header(const aq_csv_row *h)
{
    return (aq_csv_find(h, "station") >= 0 ||
            aq_csv_find(h, "station_code") >= 0) &&
           (aq_csv_find(h, "time") >= 0 || aq_csv_find(h, "timestamp") >= 0);
}

aq_format aq_reader__detect(const aq_csv_row *h)
{
    if (aq_reader__is_cnemc_header(h))
        return AQ_FORMAT_CNEMC;
    if (aq_reader__is_uci_header(h))
        return AQ_FORMAT_UCI;
    if (aq_reader__is_long_header(h))
        return AQ_FORMAT_LONG;
    if (aq_reader__is_roads_header(h))
        return AQ_FORMAT_ROADS;
    return AQ_FORMAT_AUTO;
}

aq_status aq_reader__unknown_format(aq_error *err, const char *source,
                                    unsigned long line)
{
    return aq_error_set_at(err, AQ_EPARSE, source, line, 1,
                           "unknown format: the header is none of cnemc "
                           "(date,hour,type,<codes>), uci (No,year,month,day,"
                           "hour,PM2.5,...), long (station,time,"
                           "<pollutants>) or roads (time,unit,road,"
                           "dust_g_m2,litter_minutes)");
}

/* ---- aq_read_file ------------------------------------------------------- */

aq_status aq_read_file(const char *path, const aq_read_options *opts,
                       aq_obs_cb cb, void *payload, aq_read_stats *stats,
                       aq_error *err)
{
    static const aq_read_options defaults = AQ_READ_OPTIONS_INIT;
    aq_read_stats local;
    aq_reader_ctx c;
    aq_csv_row header;
    aq_format f;
    aq_status rc;

    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    if (!opts)
        opts = &defaults;
    if (!path)
        return aq_error_set(err, AQ_EINVALID, "no file name");
    if (opts->version != AQ_READ_OPTIONS_VERSION)
        return aq_error_set(err, AQ_EINVALID,
                            "aq_read_options version %u, expected %u",
                            opts->version, AQ_READ_OPTIONS_VERSION);
    aq_reader__ctx_init(&c, opts, stats, NULL, err);
    c.cb = cb;
    c.payload = payload;
    if ((rc = aq_csv_open(&c.csv, path, err)) != AQ_OK)
        return rc;
    c.source = aq_csv_source(c.csv);

    rc = aq_csv_next(c.csv, &header, err);
    if (rc == AQ_ITEROVER) {
        rc = aq_error_set_at(err, AQ_EPARSE, c.source, 1, 0,
                             "empty file: no header row");
        goto done;
    }
    if (rc != AQ_OK)
        goto done;

    f = opts->format;
    if (f == AQ_FORMAT_AUTO &&
        (f = aq_reader__detect(&header)) == AQ_FORMAT_AUTO) {
        rc = aq_reader__unknown_format(err, c.source, header.line);
        goto done;
    }
    stats->format = f;
    switch (f) {
    case AQ_FORMAT_CNEMC:
        rc = aq_reader__cnemc(&c, &header);
        break;
    case AQ_FORMAT_UCI:
        rc = aq_reader__uci(&c, &header);
        break;
    case AQ_FORMAT_LONG:
        rc = aq_reader__long(&c, &header);
        break;
    case AQ_FORMAT_ROADS:
        rc = aq_reader__roads(&c, &header);
        break;
    default:
        rc = aq_error_set(err, AQ_EINVALID, "bad format %d", (int)f);
        break;
    }
    if (rc == AQ_OK && stats->rows == 0)
        rc = aq_error_set_at(err, AQ_EPARSE, c.source, header.line + 1, 0,
                             "no data rows after the header");
done:
    aq_csv_close(c.csv);
    return rc;
}

/* ---- text encoding ------------------------------------------------------ */

int aq_reader__utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        unsigned char b = u[i];
        size_t n, k;
        uint32_t cp;
        if (b < 0x80) {
            i++;
            continue;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            n = 1;
            cp = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 2;
            cp = b & 0x0F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 3;
            cp = b & 0x07;
        } else {
            return 0;
        }
        if (len - i <= n) /* the sequence runs past the end */
            return 0;
        for (k = 1; k <= n; k++) {
            if ((u[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (u[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n + 1;
    }
    return 1;
}

void aq_reader__decoder_init(aq_text_decoder *d)
{
    memset(d, 0, sizeof *d);
}

void aq_reader__decoder_free(aq_text_decoder *d)
{
    if (d->cd)
        iconv_close((iconv_t)d->cd);
    aqx_free(d->buf);
    memset(d, 0, sizeof *d);
}

/* Field i of row decoded by d (NULL: its bytes) without surrounding white
 * space: [*t, *t + *len), valid until d's next call. */
static aq_status field_text(aq_text_decoder *d, const aq_csv_row *row,
                            size_t i, const char *source, aq_error *err,
                            const char **t, size_t *len)
{
    aq_status rc = AQ_OK;

    *t = row->fields[i];
    *len = row->lens[i];
    if (d && (rc = aq_reader__decode(d, row->fields[i], row->lens[i], t,
                                     len)) != AQ_OK) {
        if (rc == AQ_EPARSE)
            aq_error_set_at(err, AQ_EPARSE, source, row->line,
                            (unsigned long)i + 1,
                            "text is neither UTF-8 nor GB18030");
        else
            aq_error_set(err, rc,
                         rc == AQ_ENOMEM ? "out of memory"
                                         : "iconv cannot convert GB18030");
        return rc;
    }
    while (*len && isspace((unsigned char)**t)) {
        ++*t;
        --*len;
    }
    while (*len && isspace((unsigned char)(*t)[*len - 1]))
        --*len;
    return AQ_OK;
}

char *aq_reader__field_dup(aq_text_decoder *d, const aq_csv_row *row,
                           size_t i, const char *source, aq_error *err,
                           aq_status *rc)
{
    const char *t;
    size_t len;
    char *copy;

    if ((*rc = field_text(d, row, i, source, err, &t, &len)) != AQ_OK)
        return NULL;
    if (!(copy = aqx_strndup(t, len)))
        *rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
    return copy;
}

aq_status aq_reader__columns(const aq_csv_row *h, aq_text_decoder *dec,
                             const aq_reader__column *names, size_t n_names,
                             int *col, size_t n_slots, long *unknown,
                             const char *source, aq_error *err)
{
    size_t i, k;
    aq_status rc;

    for (k = 0; k < n_slots; k++)
        col[k] = -1;
    if (unknown)
        *unknown = -1;
    for (i = 0; i < h->count; i++) {
        const char *t;
        size_t len;
        if ((rc = field_text(dec, h, i, source, err, &t, &len)) != AQ_OK)
            return rc;
        for (k = 0; k < n_names; k++)
            if (strlen(names[k].name) == len &&
                !strncasecmp(t, names[k].name, len))
                break;
        if (k == n_names && unknown) {
            *unknown = (long)i; /* the caller's error, in field order */
            return AQ_OK;
        }
        if (k == n_names)
            continue;
        if (col[names[k].slot] >= 0)
            return aq_error_set_at(err, AQ_EPARSE, source, h->line, i + 1,
                                   "bad header: column \"%.*s\" repeats "
                                   "column %d",
                                   (int)(len > 40 ? 40 : len), t,
                                   col[names[k].slot] + 1);
        col[names[k].slot] = (int)i;
    }
    return AQ_OK;
}

int aq_reader__is_comment(const aq_csv_row *row)
{
    return row->count > 0 && row->fields[0][0] == '#';
}

aq_status aq_reader__header(aq_csv *csv, aq_csv_row *row, aq_error *err)
{
    aq_status rc;

    while ((rc = aq_csv_next(csv, row, err)) == AQ_OK &&
           aq_reader__is_comment(row))
        ;
    if (rc == AQ_ITEROVER)
        return aq_error_set_at(err, AQ_EPARSE, aq_csv_source(csv), 1, 0,
                               "empty file: no header row");
    return rc;
}

static int is_ascii(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

aq_status aq_reader__decode(aq_text_decoder *d, const char *s, size_t len,
                            const char **out, size_t *outlen)
{
    char *in, *o;
    size_t inleft, oleft;

    *out = s;
    *outlen = len;
    if (is_ascii(s, len))
        return AQ_OK;
    if (d->encoding == 0)
        d->encoding = aq_reader__utf8_valid(s, len) ? 1 : 2;
    if (d->encoding == 1)
        return aq_reader__utf8_valid(s, len) ? AQ_OK : AQ_EPARSE;
    if (!d->cd) {
        iconv_t cd = iconv_open("UTF-8", "GB18030");
        if (cd == (iconv_t)-1)
            return AQ_ERROR;
        d->cd = (void *)cd;
    }
    /* a GB18030 character is at most 4 bytes and becomes at most 4 bytes
     * of UTF-8; 2 bytes of GBK become 3 */
    if (d->cap < 2 * len + 1) {
        char *nb = aqx_realloc(d->buf, 2 * len + 1);
        if (!nb)
            return AQ_ENOMEM;
        d->buf = nb;
        d->cap = 2 * len + 1;
    }
    iconv((iconv_t)d->cd, NULL, NULL, NULL, NULL);
    in = (char *)s;
    inleft = len;
    o = d->buf;
    oleft = d->cap - 1;
    if (iconv((iconv_t)d->cd, &in, &inleft, &o, &oleft) == (size_t)-1 || inleft)
        return AQ_EPARSE;
    *o = '\0';
    *out = d->buf;
    *outlen = (size_t)(o - d->buf);
    return AQ_OK;
}
