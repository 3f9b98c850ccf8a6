/* SPDX-License-Identifier: MIT */
/*
 * The statement helper of the store (store_internal.h): every statement is
 * prepared with bound parameters, so no SQL text is ever built from data,
 * and every failure becomes one AQ_ESTORE message that says what was being
 * done.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>

#include "lib/store/store_internal.h"

aq_status aq_store__db_error(aq_store *s, aq_error *err, const char *what)
{
    return aq_error_set(err, AQ_ESTORE, "%s: %s", what, sqlite3_errmsg(s->db));
}

aq_status aq_store__exec(aq_store *s, const char *sql, aq_error *err)
{
    char *msg = NULL;

    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        aq_error_set(err, AQ_ESTORE, "%s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return AQ_ESTORE;
    }
    return AQ_OK;
}

aq_status aq_store__end(aq_store *s, aq_status rc, aq_error *err)
{
    if (rc == AQ_OK)
        rc = aq_store__exec(s, "COMMIT", err);
    if (rc != AQ_OK)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

aq_status aq_store__prepare(aq_store *s, aq_store__stmt *q, const char *sql,
                            const char *what, aq_error *err)
{
    q->store = s;
    q->what = what;
    q->st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &q->st, NULL) != SQLITE_OK) {
        sqlite3_finalize(q->st);
        q->st = NULL;
        return aq_store__db_error(s, err, what);
    }
    return AQ_OK;
}

static int bind(sqlite3_stmt *st, const char *types, va_list ap)
{
    int i, rc = SQLITE_OK;

    for (i = 1; *types && rc == SQLITE_OK; types++, i++) {
        switch (*types) {
        case 'i': rc = sqlite3_bind_int(st, i, va_arg(ap, int)); break;
        case 'L':
            rc = sqlite3_bind_int64(st, i, (sqlite3_int64)va_arg(ap, int64_t));
            break;
        case 'm': {
            int64_t v = va_arg(ap, int64_t);
            rc = v == AQ_MISSING ? sqlite3_bind_null(st, i)
                                 : sqlite3_bind_int64(st, i, (sqlite3_int64)v);
            break;
        }
        case 't': {
            const char *t = va_arg(ap, const char *);
            rc = sqlite3_bind_text(st, i, t ? t : "", -1, SQLITE_STATIC);
            break;
        }
        case 'b': {
            const void *p = va_arg(ap, const void *);
            size_t n = va_arg(ap, size_t);
            rc = sqlite3_bind_blob(st, i, p, (int)n, SQLITE_STATIC);
            break;
        }
        case 'f': {
            double d = va_arg(ap, double);
            rc = isnan(d) ? sqlite3_bind_null(st, i)
                          : sqlite3_bind_double(st, i, d);
            break;
        }
        default: rc = SQLITE_MISUSE; break;
        }
    }
    return rc;
}

static aq_status run(aq_store__stmt *q, aq_store__row_cb row, void *payload,
                     aq_error *err, const char *types, va_list ap)
{
    aq_status rc = AQ_OK;
    int step = SQLITE_DONE;

    if (bind(q->st, types, ap) != SQLITE_OK)
        rc = aq_store__db_error(q->store, err, q->what);
    while (rc == AQ_OK && (step = sqlite3_step(q->st)) == SQLITE_ROW)
        if (row)
            rc = row(q->st, payload);
    if (rc == AQ_OK && step != SQLITE_DONE)
        rc = aq_store__db_error(q->store, err, q->what);
    sqlite3_reset(q->st);
    sqlite3_clear_bindings(q->st);
    return rc;
}

aq_status aq_store__run(aq_store__stmt *q, aq_store__row_cb row,
                        void *payload, aq_error *err, const char *types, ...)
{
    va_list ap;
    aq_status rc;

    va_start(ap, types);
    rc = run(q, row, payload, err, types, ap);
    va_end(ap);
    return rc;
}

void aq_store__finalize(aq_store__stmt *q)
{
    sqlite3_finalize(q->st);
    q->st = NULL;
}

aq_status aq_store__prepare_all(aq_store *s, aq_store__stmt *q,
                                const aq_store__sql *defs, size_t n,
                                aq_error *err)
{
    size_t i;
    aq_status rc;

    for (i = 0; i < n; i++)
        if ((rc = aq_store__prepare(s, &q[i], defs[i].sql, defs[i].what,
                                    err)) < 0) {
            aq_store__finalize_all(q, i);
            return rc;
        }
    return AQ_OK;
}

void aq_store__finalize_all(aq_store__stmt *q, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        aq_store__finalize(&q[i]);
}

aq_status aq_store__query(aq_store *s, const char *sql, const char *what,
                          aq_store__row_cb row, void *payload, aq_error *err,
                          const char *types, ...)
{
    aq_store__stmt q;
    va_list ap;
    aq_status rc;

    if ((rc = aq_store__prepare(s, &q, sql, what, err)) < 0)
        return rc;
    va_start(ap, types);
    rc = run(&q, row, payload, err, types, ap);
    va_end(ap);
    aq_store__finalize(&q);
    return rc;
}

aq_status aq_store__row_int64(sqlite3_stmt *row, void *payload)
{
    *(int64_t *)payload = (int64_t)sqlite3_column_int64(row, 0);
    return AQ_OK;
}

aq_status aq_store__row_exists(sqlite3_stmt *row, void *payload)
{
    (void)row;
    *(int *)payload = 1;
    return AQ_OK;
}

const char *aq_store__col_text(sqlite3_stmt *row, int i)
{
    const unsigned char *t = sqlite3_column_text(row, i);

    return t ? (const char *)t : "";
}

double aq_store__col_double(sqlite3_stmt *row, int i)
{
    return sqlite3_column_type(row, i) == SQLITE_NULL
               ? NAN
               : sqlite3_column_double(row, i);
}
