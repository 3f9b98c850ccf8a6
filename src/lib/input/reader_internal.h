/* SPDX-License-Identifier: MIT */
/*
 * Internal to the input layer (src/lib/input/) and what the streaming
 * ranking (src/lib/engine/stream*.c) shares with it: the tokenizer's line
 * splitter, the state one aq_read_file() call shares with the format
 * modules, format recognition, the long CSV's columns and rows, the value
 * checks of N3.1/N3.2 that every format applies the same way, the hour
 * labels of N1.3.3, and the GB18030 -> UTF-8 field decoder. The stream
 * reads through these functions, so that a file means the same to both.
 */
#ifndef AQ_READER_INTERNAL_H
#define AQ_READER_INTERNAL_H

#include "aq/csv.h"
#include "aq/reader.h"

/* ---- the CSV tokenizer's line splitter (csv.c) ------------------------- */

/* The fields of one line. With `grow`, the arrays grow (aqx_realloc) as
 * needed; else at most `cap` fields are kept and `more` says that the line
 * had more. With `terminate`, each field is NUL-terminated in place (at
 * its separator, or at the line's end: len must then be writable). */
typedef struct aq_csv__fields {
    char **fields;
    size_t *lens;
    size_t count, cap;
    int grow, terminate, more;
} aq_csv__fields;

/*
 * Split line[0..len) (no line terminator) in place into fields: RFC 4180
 * quotes ("a,b", "" inside quotes) are removed; a trailing comma ends with
 * one more, empty field. @return AQ_OK; AQ_ENOMEM; AQ_EPARSE with
 * *bad_field (1-based) and *why ("unterminated quote", "unexpected text
 * after a quoted field").
 */
aq_status aq_csv__split(char *line, size_t len, aq_csv__fields *f,
                        size_t *bad_field, const char **why);

/* The text of one line as the tokenizer takes it: a CR before the line's
 * end and, on the first line, a UTF-8 BOM are left out (*line, *len
 * move). -1 when the line holds a NUL byte (not text), else 0. */
int aq_csv__line(char **line, size_t *len, int first);

/* ---- one read ----------------------------------------------------------- */

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

/* A problem as a line of text: "file:line:column: message" (no column
 * when it is 0). */
void aq_reader__problem_text(char *buf, size_t cap, const char *source,
                             unsigned long line, unsigned long column,
                             const char *msg);

/*
 * Check one value text (N3.1, N3.2): empty or NA -> AQ_MISSING; a number that
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

/* Whether the last row was cut short: the input ended inside it
 * (`unterminated`: no line terminator) and it has fewer fields than the
 * header. Counts stats->truncated and stats->rejected_rows; the caller
 * notes the problem. */
int aq_reader__is_truncated(aq_reader_ctx *c, const aq_csv_row *row,
                            int unterminated, size_t header_fields);

/* For the readers that take or reject a row whole (long CSV, UCI, road
 * inspections): sets *ok when the row has the `need` fields they read;
 * else counts it rejected and notes why, in the one wording they share
 * (cut short by the end of the input, or too few fields). Returns the
 * status aq_reader__problem() gives: AQ_OK unless the read must stop. */
aq_status aq_reader__row_width(aq_reader_ctx *c, const aq_csv_row *row,
                               int unterminated, size_t header_fields,
                               size_t need, int *ok);

/* A reading context over no tokenizer (csv = NULL) for a caller that
 * splits lines itself (the stream): the N3.2 limits from opts (never
 * NULL), the counts into *stats (zeroed here), problems named after
 * `source`. */
void aq_reader__ctx_init(aq_reader_ctx *c, const aq_read_options *opts,
                         aq_read_stats *stats, const char *source,
                         aq_error *err);

/* Day and hour-ending label (N1.3.3) of an hour that STARTS at `minutes`
 * (minutes since 1970-01-01 00:00 UTC+8, on the hour): the label is one
 * more than the starting hour, so 23:00 -> label 24 of the same day. */
void aq_reader__hour_starting(int64_t minutes, int32_t *day, int *label);

/* A field of 1 to max (at most 9) ASCII digits -> *out and 0; -1 for an
 * empty or longer field or any other character (no sign, no space). The
 * date and hour fields of the CNEMC and UCI files. */
int aq_reader__digits(const char *s, size_t len, size_t max, int *out);

/* A time text of the long CSV (aq_time_parse(): ISO 8601, 'T' or a space,
 * optional seconds and UTC offset; none = UTC+8) -> the day and label of
 * the hour that BEGINS then (N1.3.3, TV-21). AQ_READER__TIME_OK,
 * AQ_READER__TIME_BAD (not a time) or AQ_READER__TIME_OFF_HOUR (minutes,
 * seconds or fractions that are not zero: aq_time_parse reads seconds but
 * does not keep them). */
enum { AQ_READER__TIME_OK, AQ_READER__TIME_BAD, AQ_READER__TIME_OFF_HOUR };
int aq_reader__hour_of(const char *s, size_t len, int32_t *day, int *label);

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

/* The format of a header row (cnemc, then uci, then long, then roads, as
 * `auto` tries them); AQ_FORMAT_AUTO when it is none of them. */
aq_format aq_reader__detect(const aq_csv_row *h);

/* The error of a header that is none of the formats, at its line. */
aq_status aq_reader__unknown_format(aq_error *err, const char *source,
                                    unsigned long line);

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

/* A column a header may name, and the slot it fills (several names may
 * fill one slot: aliases). */
typedef struct aq_reader__column {
    const char *name;
    int slot;
} aq_reader__column;

/*
 * The columns a header names, for every format with a header of names
 * (long CSV, road inspections, stations, targets): col[slot] (n_slots of
 * them) = the index of the field whose text, decoded by dec (NULL: its
 * bytes) and without surrounding white space, equals a name of that slot
 * without regard to ASCII case; -1 when no field names it. A field that
 * names a slot already filled is a bad header, said alike for every
 * format: `column "X" repeats column N`, at the field. With unknown not
 * NULL a field that names nothing stops the scan there (the caller says
 * so, and problems are found in field order): *unknown = its index, else
 * -1; with unknown NULL such fields are ignored.
 */
aq_status aq_reader__columns(const aq_csv_row *h, aq_text_decoder *dec,
                             const aq_reader__column *names, size_t n_names,
                             int *col, size_t n_slots, long *unknown,
                             const char *source, aq_error *err);

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

/* ---- the long CSV, row by row (reader_long.c; also the stream's) -------- */

/* Where the long CSV's columns are: -1 when absent. */
typedef struct aq_long_cols {
    int station, time, pol[AQ_POLLUTANT_COUNT];
    size_t need;          /* fields a row must have */
    size_t header_fields; /* fields of the header */
} aq_long_cols;

/* The columns of a long CSV header (names and aliases in any order, ASCII
 * case-insensitive; a name twice, no station or time, or no pollutant is
 * an AQ_EPARSE error at the header's line and column). */
aq_status aq_reader__long_columns(aq_reader_ctx *c, const aq_csv_row *h,
                                  aq_long_cols *lc);

/*
 * The first checks of a data row: cut short by the end of the input
 * (`unterminated`: the row had no line terminator), too few fields, a time
 * that is not one or not on the hour. *ok = 1 with the day and label of
 * the row's hour; else the row is rejected: counted, noted, *ok = 0.
 * @return AQ_OK, or AQ_EPARSE in strict mode.
 */
aq_status aq_reader__long_when(aq_reader_ctx *c, const aq_long_cols *lc,
                               const aq_csv_row *row, int unterminated,
                               int32_t *day, int *label, int *ok);

/*
 * The rest of a row that passed aq_reader__long_when(): the station (empty,
 * or neither UTF-8 nor GB18030: a rejected row, *ok = 0) into
 * obs->station (borrowed from the row or dec), and the six values (N3.1,
 * N3.2: a rejected value is counted, noted and missing).
 * @return AQ_OK; AQ_EPARSE in strict mode; AQ_ENOMEM, AQ_ERROR (iconv)
 *         with err set at the row.
 */
aq_status aq_reader__long_what(aq_reader_ctx *c, const aq_long_cols *lc,
                               const aq_csv_row *row, aq_text_decoder *dec,
                               aq_obs *obs, int *ok);

/* N3.2: the default plausibility limits (micro-units), one table for every
 * reader and the streaming path */
extern const int64_t aq_reader__default_limit[AQ_POLLUTANT_COUNT];

#endif /* AQ_READER_INTERNAL_H */
