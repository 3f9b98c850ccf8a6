/* SPDX-License-Identifier: MIT */
/*
 * Files and stores for the unit tests: a text file in the run's scratch
 * folder; a fresh database in the run's scratch folder
 * with a jurisdiction, an ingest begun on it, and the commit that ends the
 * ingest. Each failure is recorded (aqt_fail) with the database's name and
 * the library's message, and gives NULL; the caller only checks for NULL.
 */
#ifndef AQ_TEST_FIXTURE_H
#define AQ_TEST_FIXTURE_H

#include <stddef.h>

#include "aq/store.h"
#include "harness.h"

/* Writes text to <tmp>/<name>, its path in path[cap] (a buffer of the
 * fixture's own, overwritten by the next such call, when path is NULL):
 * the path, also when the file could not be written (the failure then
 * recorded). */
const char *aqt_write_file(char *path, size_t cap, const char *name,
                           const char *text);

/* A new store <tmp>/<file> (any old one and its -wal removed) holding
 * the n stations of rows and policy (as aq_store_set_jurisdiction takes
 * it); its path in path[cap] when path is not NULL. */
aq_store *aqt_store_fresh(const char *file, const aq_station_row *rows,
                          size_t n, const char *policy, char *path, size_t cap);

/* aqt_store_fresh (without the path) and an ingest of format "long"
 * begun on it in *ing, named after the file. */
aq_store *aqt_store_begin(const char *file, const aq_station_row *rows,
                          size_t n, const char *policy, aq_ingest **ing);

/* Commits ing (freed whatever happens): s, or NULL with s closed. */
aq_store *aqt_store_commit(aq_store *s, aq_ingest *ing);

/* Aborts ing after a failed aq_ingest_add (err its error) and closes s:
 * NULL. */
aq_store *aqt_store_abort(aq_store *s, aq_ingest *ing, const aq_error *err);

/* TRY on aq_ingest_commit; the commit frees the ingest whatever it
 * returns, so ing is NULL after it */
#define COMMIT(ing, rep, err)                                                  \
    do {                                                                       \
        aq_ingest *ing_ = (ing);                                               \
        (ing) = NULL;                                                          \
        TRY(aq_ingest_commit(ing_, rep, err));                                 \
    } while (0)

#endif /* AQ_TEST_FIXTURE_H */
