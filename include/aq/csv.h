/* SPDX-License-Identifier: MIT */
/**
 * @file aq/csv.h
 * @brief A streaming CSV tokenizer for every text input of aqrank.
 *
 * Reads plain or gzip-compressed files (zlib reads both), or standard
 * input. Accepts UTF-8 with or without a BOM, LF or CRLF line endings, a
 * last line without a terminator, and RFC 4180 quoted fields ("a,b" and ""
 * inside quotes) on one line. Every row knows its 1-based line number, so
 * errors can name file, line and field.
 */
#ifndef AQ_CSV_H
#define AQ_CSV_H

#include "aq/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An open CSV stream. */
typedef struct aq_csv aq_csv;

/** One row. Fields are NUL-terminated, borrowed until the next call. */
typedef struct aq_csv_row {
    size_t count;        /**< number of fields */
    char **fields;       /**< field texts, unquoted */
    const size_t *lens;  /**< field lengths in bytes */
    unsigned long line;  /**< 1-based line number */
} aq_csv_row;

/** Longest line accepted, in bytes; a longer line is an AQ_EPARSE error. */
#define AQ_CSV_MAX_LINE (64u << 20)

/**
 * Open path for reading ("-" = standard input). A ".gz" file, or any gzip
 * stream, is decompressed on the fly.
 *
 * @param[out] out  the reader; release it with aq_csv_close().
 * @return AQ_OK, AQ_EIO (cannot open) or AQ_ENOMEM.
 */
AQ_API aq_status aq_csv_open(aq_csv **out, const char *path, aq_error *err);

/**
 * Read the next non-empty row.
 *
 * @return AQ_OK with row filled; AQ_ITEROVER at the end of the input;
 *         AQ_EPARSE (unterminated quote, line too long, NUL byte) or
 *         AQ_EIO (read error, truncated gzip stream) with err naming the
 *         file and line.
 */
AQ_API aq_status aq_csv_next(aq_csv *r, aq_csv_row *row, aq_error *err);

/** The name used in messages: the path, or "<stdin>". Borrowed. */
AQ_API const char *aq_csv_source(const aq_csv *r);

/** Whether the last row read ended without a line terminator (a truncated
 * file often does). */
AQ_API int aq_csv_last_unterminated(const aq_csv *r);

/** Close the reader. r may be NULL. */
AQ_API void aq_csv_close(aq_csv *r);

/** Index of the field named `name` (ASCII case-insensitive, surrounding
 * spaces ignored) in a header row, or -1. */
AQ_API int aq_csv_find(const aq_csv_row *header, const char *name);

#ifdef __cplusplus
}
#endif
#endif /* AQ_CSV_H */
