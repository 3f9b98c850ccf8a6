/* SPDX-License-Identifier: MIT */
/*
 * Internal to the readers (src/lib/reader*.c) and the station list loader
 * (src/lib/input/stations.c): the state one aq_read_file() call shares with the
 * format modules, the value checks of N3.1/N3.2 that every format applies
 * the same way, and the GB18030 -> UTF-8 field decoder.
 */
#ifndef AQ_READER_INTERNAL_H
#define AQ_READER_INTERNAL_H

#include "aq/csv.h"
#include "aq/reader.h"

/* What one read shares with its format module. */
typedef struct aq_reader_ctx {
    aq_csv *csv;
    const char *source; /* name used in messages */
    const aq_read_options *opts;
    int64_t max_value[AQ_POLLUTANT_COUNT]; /* N3.2 limits, micro-units */
    aq_obs_cb cb;
    void *payload;
    aq_read_stats
        *stats; /* never NULL (a local one when the caller gave none) */
    aq_error *err;
    unsigned problems; /* problems noted so far (some may not fit the text) */
} aq_reader_ctx;

/*
 * Note a problem at line:column. In strict mode it is the error (returns
 * AQ_EPARSE with err set); otherwise it is appended to
 * stats->first_problems while there is room and AQ_OK is returned. The
 * caller counts it (rejected_rows or rejected_values).
 */
aq_status aq_reader__problem(aq_reader_ctx *c, unsigned long line,
                             unsigned long column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Check one value text (N3.1, N3.2): empty -> AQ_MISSING; a number that
 * is non-negative and not above the limit -> its micro-units; anything
 * else is rejected: counted in rejected_values, noted as a problem, and
 * *out = AQ_MISSING. `scale_down` divides the value by 1000 first (UCI's CO
 * in μg/m³ -> mg/m³); a value that would not be exact is rejected.
 * @return AQ_OK, or AQ_EPARSE in strict mode.
 */
aq_status aq_reader__value(aq_reader_ctx *c, aq_pollutant p, const char *s,
                           size_t len, int scale_down, unsigned long line,
                           unsigned long column, int64_t *out);

/* Pass one observation on unless all six values are missing (counted in
 * stats->empty_observations). Returns the callback's status. */
aq_status aq_reader__emit(aq_reader_ctx *c, const aq_obs *obs);

/* Whether the last row was cut short: the input ended inside it (no line
 * terminator) and it has fewer fields than the header. Counts
 * stats->truncated, stats->rejected_rows and notes the problem. */
int aq_reader__is_truncated(aq_reader_ctx *c, const aq_csv_row *row,
                            size_t header_fields);

/* Day and hour-ending label (N1.3.3) of an hour that STARTS at `minutes`
 * (minutes since 1970-01-01 00:00 UTC+8, on the hour): the label is one
 * more than the starting hour, so 23:00 -> label 24 of the same day. */
void aq_reader__hour_starting(int64_t minutes, int32_t *day, int *label);

/* The format modules. header is the first row; they read the rest. */
aq_status aq_reader__cnemc(aq_reader_ctx *c, const aq_csv_row *header);
aq_status aq_reader__uci(aq_reader_ctx *c, const aq_csv_row *header);
aq_status aq_reader__long(aq_reader_ctx *c, const aq_csv_row *header);
aq_status aq_reader__roads(aq_reader_ctx *c, const aq_csv_row *header);

/* Header recognition, shared by detection and the modules. */
int aq_reader__is_cnemc_header(const aq_csv_row *h);
int aq_reader__is_uci_header(const aq_csv_row *h);
int aq_reader__is_long_header(const aq_csv_row *h);
int aq_reader__is_roads_header(const aq_csv_row *h);

/* ---- text encoding ------------------------------------------------------ */

/* Whether s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
int aq_reader__utf8_valid(const char *s, size_t len);

/*
 * Decodes the text fields of one file to UTF-8. The file's encoding is
 * decided by its first non-ASCII field: valid UTF-8 means UTF-8 for the
 * whole file, anything else means GB18030 (a superset of GBK and GB2312),
 * converted with iconv(3). GB18030 never uses the bytes of ',' '"' CR or
 * LF inside a character, so splitting the line first and decoding each
 * field after is exact.
 */
typedef struct aq_text_decoder {
    int encoding; /* 0 undecided, 1 UTF-8, 2 GB18030 */
    void *cd;     /* iconv_t once opened */
    char *buf;    /* the last converted field */
    size_t cap;
} aq_text_decoder;

void aq_reader__decoder_init(aq_text_decoder *d);
void aq_reader__decoder_free(aq_text_decoder *d);

/* Field i of a row as a new UTF-8 string without surrounding white space
 * (aqx_free() it), decoded by d; NULL with *rc and err set (AQ_EPARSE
 * naming source, line and column; AQ_ENOMEM; AQ_ERROR). Shared by the
 * files that are read as text: stations, targets. */
char *aq_reader__field_dup(aq_text_decoder *d, const aq_csv_row *row,
                           size_t i, const char *source, aq_error *err,
                           aq_status *rc);

/* Whether a row of such a file is a comment (its first field starts with
 * '#'). */
int aq_reader__is_comment(const aq_csv_row *row);

/* The header of such a file: its first row that is not a comment;
 * AQ_EPARSE "empty file" when there is none, or what aq_csv_next says. */
aq_status aq_reader__header(aq_csv *csv, aq_csv_row *row, aq_error *err);

/*
 * The UTF-8 text of one field: *out points to s itself (ASCII or UTF-8)
 * or to d->buf (converted; valid until the next call), NUL-terminated.
 * @return AQ_OK; AQ_EPARSE if the bytes are not valid in the file's
 *         encoding; AQ_ENOMEM; AQ_ERROR if iconv lacks GB18030.
 */
aq_status aq_reader__decode(aq_text_decoder *d, const char *s, size_t len,
                            const char **out, size_t *outlen);

/* N3.2: the default plausibility limits (micro-units), one table for every
 * reader and the streaming path */
extern const int64_t aq_reader__default_limit[AQ_POLLUTANT_COUNT];

#endif /* AQ_READER_INTERNAL_H */
