/* SPDX-License-Identifier: MIT */
/*
 * Earmarked funds (P8): spending records, accepted only when the ledger's
 * check (src/lib/engine/fund.c) passes inside the write transaction, and
 * the audit log of every request with its outcome.
 */
#include <stdint.h>
#include <string.h>

#include "lib/store/store_internal.h"
#include "util/alloc.h"

static aq_status audit(aq_store *s, const char *unit, const char *date,
                       const char *category, int64_t amount,
                       const char *description, const char *outcome,
                       const char *reason, aq_error *err)
{
    return aq_store__query(s,
                           "INSERT INTO fund_audit(unit, date, category, "
                           "amount, description, outcome, reason) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           "writing the fund audit log", NULL, NULL, err,
                           "tttLttt", unit, date, category, amount,
                           description, outcome, reason);
}

aq_status aq_store_fund_refuse(aq_store *s, const char *unit,
                               const char *date, const char *category,
                               int64_t amount, const char *description,
                               const char *reason, aq_error *err)
{
    aq_error ignored = AQ_ERROR_INIT;

    return audit(s, unit, date, category, amount, description, "refused",
                 reason, err ? err : &ignored);
}

/* A unit's spending so far (date and amount), for the ledger's check. */
struct spent {
    aq_fund_record *rec;
    size_t n, cap;
};

static aq_status row_spent(sqlite3_stmt *row, void *payload)
{
    struct spent *sp = payload;

    if (sp->n == sp->cap) {
        size_t cap = sp->cap ? 2 * sp->cap : 16;
        aq_fund_record *r = aqx_realloc(sp->rec, cap * sizeof *r);
        if (!r)
            return AQ_ENOMEM;
        sp->rec = r;
        sp->cap = cap;
    }
    memset(&sp->rec[sp->n], 0, sizeof sp->rec[0]);
    sp->rec[sp->n].date = aqx_strdup(aq_store__col_text(row, 0));
    sp->rec[sp->n].amount = (int64_t)sqlite3_column_int64(row, 1);
    return sp->rec[sp->n++].date ? AQ_OK : AQ_ENOMEM;
}

aq_status aq_store_fund_spend(aq_store *s, const char *unit, const char *date,
                              const char *category, int64_t amount,
                              const char *description, aq_fund_check_cb check,
                              void *payload, long *id_out, aq_error *err)
{
    struct spent sp = {NULL, 0, 0};
    int64_t unit_id = -1;
    aq_status rc;

    if (amount <= 0)
        return aq_error_set(err, AQ_EINVALID, "amount must be positive");
    if ((rc = aq_store__exec(s, "BEGIN IMMEDIATE", err)) < 0)
        return rc;
    if ((rc = aq_store__query(s, "SELECT id FROM unit WHERE name = ?1",
                              "finding the unit", aq_store__row_int64,
                              &unit_id, err, "t", unit)) < 0)
        goto done;
    if (unit_id < 0) {
        rc = aq_error_set(err, AQ_ENOTFOUND, "no unit named '%s'", unit);
        goto done;
    }
    /* the unit's spending so far, for the ledger's check: read inside
     * this transaction, so no other write can slip in between */
    rc = aq_store__query(s,
                         "SELECT date, amount FROM fund_spending "
                         "WHERE unit_id = ?1 ORDER BY date, id",
                         "reading the fund", row_spent, &sp, err, "L",
                         unit_id);
    if (rc == AQ_ENOMEM)
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
    if (rc < 0 || (check && (rc = check(sp.rec, sp.n, payload, err)) < 0))
        goto done;
    if ((rc = aq_store__query(s,
                              "INSERT INTO fund_spending(unit_id, date, "
                              "category, amount, description) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)",
                              "recording spending", NULL, NULL, err, "LttLt",
                              unit_id, date, category, amount,
                              description)) < 0)
        goto done;
    if (id_out)
        *id_out = (long)sqlite3_last_insert_rowid(s->db);
    rc = audit(s, unit, date, category, amount, description, "accepted", "",
               err);
done:
    while (sp.n)
        aqx_free((char *)sp.rec[--sp.n].date);
    aqx_free(sp.rec);
    rc = aq_store__end(s, rc, err);
    if (rc == AQ_EPOLICY || rc == AQ_ENOTFOUND)
        aq_store_fund_refuse(s, unit, date, category, amount, description,
                             err ? err->message : "refused", NULL);
    return rc;
}

/* The caller's callback, and whether the rows carry a reason (the audit
 * log's refusals) in column 7. */
struct each_fund {
    aq_status (*cb)(const aq_fund_record *rec, void *payload);
    void *payload;
    int with_reason;
};

static aq_status row_fund(sqlite3_stmt *row, void *payload)
{
    struct each_fund *e = payload;
    aq_fund_record rec;

    rec.id = (long)sqlite3_column_int64(row, 0);
    rec.unit = aq_store__col_text(row, 1);
    rec.date = aq_store__col_text(row, 2);
    rec.category = aq_store__col_text(row, 3);
    rec.description = aq_store__col_text(row, 4);
    rec.recorded_at = aq_store__col_text(row, 5);
    rec.amount = (int64_t)sqlite3_column_int64(row, 6);
    rec.reason = e->with_reason ? aq_store__col_text(row, 7) : NULL;
    return e->cb(&rec, e->payload);
}

aq_status aq_store_each_fund(aq_store *s,
                             aq_status (*cb)(const aq_fund_record *rec,
                                             void *payload),
                             void *payload, aq_error *err)
{
    struct each_fund e = {cb, payload, 0};

    return aq_store__query(s,
                           "SELECT f.id, u.name, f.date, f.category, "
                           "f.description, f.recorded_at, f.amount "
                           "FROM fund_spending f "
                           "JOIN unit u ON u.id = f.unit_id ORDER BY f.id",
                           "reading the fund", row_fund, &e, err, "");
}

aq_status aq_store_each_fund_refusal(
    aq_store *s, aq_status (*cb)(const aq_fund_record *rec, void *payload),
    void *payload, aq_error *err)
{
    struct each_fund e = {cb, payload, 1};

    return aq_store__query(s,
                           "SELECT id, unit, date, category, description, "
                           "at, amount, reason FROM fund_audit WHERE "
                           "outcome = 'refused' ORDER BY id",
                           "reading the fund audit log", row_fund, &e, err,
                           "");
}

long aq_store_fund_refusals(aq_store *s)
{
    int64_t n = -1;

    if (aq_store__query(s,
                        "SELECT count(*) FROM fund_audit WHERE outcome = "
                        "'refused'",
                        "reading the fund audit log", aq_store__row_int64, &n,
                        NULL, "") < 0)
        return -1;
    return (long)n;
}
