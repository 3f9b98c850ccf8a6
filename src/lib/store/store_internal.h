/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/store/: the store handle, the one statement helper
 * every file uses instead of its own prepare/bind/step/finalize loop, and
 * the on-disk format of a station-day's hours. Only this folder includes
 * sqlite3.h (docs/internals/LAYERS.md).
 */
#ifndef AQ_STORE_INTERNAL_H
#define AQ_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>

#include "aq/decimal.h"
#include "aq/store.h"

struct aq_store {
    sqlite3 *db;
    int readonly;
};

/* ---- Statements (store_stmt.c) ---- */

/* A prepared statement and what it does, for its error messages. */
typedef struct aq_store__stmt {
    aq_store *store;
    sqlite3_stmt *st;
    const char *what; /* "writing hours": the message is "what: reason" */
} aq_store__stmt;

/* Reads the current row (sqlite3_column_*). Anything but AQ_OK stops the
 * statement, and aq_store__run returns it. */
typedef aq_status (*aq_store__row_cb)(sqlite3_stmt *row, void *payload);

/* Prepare sql; on failure AQ_ESTORE "what: reason" in err. */
aq_status aq_store__prepare(aq_store *s, aq_store__stmt *q, const char *sql,
                            const char *what, aq_error *err);
/*
 * Bind the parameters ?1, ?2, ... described by `types`, one character
 * each, from the arguments that follow:
 *   'i' int, 'L' int64_t, 'm' int64_t (AQ_MISSING binds NULL),
 *   't' const char * (NULL binds ''),
 *   'b' const void * then size_t (a blob), 'f' double (NaN binds NULL);
 * step to the end calling row (may be NULL) for each row, then reset the
 * statement for the next run. Returns AQ_OK, the callback's status, or
 * AQ_ESTORE with "what: SQLite's message".
 */
aq_status aq_store__run(aq_store__stmt *q, aq_store__row_cb row,
                        void *payload, aq_error *err, const char *types, ...);
/* Release the statement; q may be one that was never prepared. */
void aq_store__finalize(aq_store__stmt *q);
/* The SQL of a statement and what it does. */
typedef struct aq_store__sql {
    const char *sql, *what;
} aq_store__sql;
/* Prepare q[i] from defs[i], i < n; on a failure the ones prepared are
 * finalized. */
aq_status aq_store__prepare_all(aq_store *s, aq_store__stmt *q,
                                const aq_store__sql *defs, size_t n,
                                aq_error *err);
/* Finalize q[0..n). */
void aq_store__finalize_all(aq_store__stmt *q, size_t n);
/* prepare, run once and finalize. */
aq_status aq_store__query(aq_store *s, const char *sql, const char *what,
                          aq_store__row_cb row, void *payload, aq_error *err,
                          const char *types, ...);
/* Statements without parameters or results (several, ';'-separated). */
aq_status aq_store__exec(aq_store *s, const char *sql, aq_error *err);
/* End the transaction: COMMIT when rc is AQ_OK, else (or when the commit
 * fails) ROLLBACK. Returns rc, or the commit's failure. */
aq_status aq_store__end(aq_store *s, aq_status rc, aq_error *err);
/* AQ_ESTORE "what: SQLite's last message". */
aq_status aq_store__db_error(aq_store *s, aq_error *err, const char *what);

/* Row callbacks: column 0 into *(int64_t *)payload, and a flag that the
 * statement gave a row (payload an int *). */
aq_status aq_store__row_int64(sqlite3_stmt *row, void *payload);
aq_status aq_store__row_exists(sqlite3_stmt *row, void *payload);
/* Column i as text ("" for NULL), and as a double (NaN for NULL). */
const char *aq_store__col_text(sqlite3_stmt *row, int i);
double aq_store__col_double(sqlite3_stmt *row, int i);

/* ---- The hours of a station-day on disk (store_hours.c) ---- */

/* The largest encoded record: a version byte and 144 varints of at most
 * 10 bytes. */
#define AQ_STORE__HOURS_MAX (1 + AQ_POLLUTANT_COUNT * 24 * 10)

/* Encode v into blob (AQ_STORE__HOURS_MAX bytes); returns the length. */
size_t aq_store__encode_hours(unsigned char *blob,
                              const int64_t v[AQ_POLLUTANT_COUNT][24]);
/* Decode a record of either format; -1 when it is malformed. */
int aq_store__decode_hours(int64_t v[AQ_POLLUTANT_COUNT][24],
                           const unsigned char *blob, size_t len);
/* Decode column i of row into v; AQ_ESTORE when it is malformed. */
aq_status aq_store__col_hours(sqlite3_stmt *row, int i,
                              int64_t v[AQ_POLLUTANT_COUNT][24],
                              aq_error *err);

/* The calendar month of a day as stored in month_version and period keys:
 * year * 12 + month - 1. */
int aq_store__month_of(int32_t day);
/* One more jurisdiction version: cached period results are stale. */
aq_status aq_store__bump_jurisdiction(aq_store *s, aq_error *err);

#endif /* AQ_STORE_INTERNAL_H */
