/* SPDX-License-Identifier: MIT */
/*
 * Writing the jurisdiction (P1: which stations form which unit) and the
 * policy text, in one transaction (aqrank init). Stations and units that
 * are no longer listed stay, inactive, with their data.
 */
#include <stdint.h>
#include <string.h>

#include "lib/store/store_internal.h"

/* The statements of the update, by index. */
enum { UNIT, UNIT_ID, STATION, POLICY, DUPLICATE, STMTS };

static const aq_store__sql statements[STMTS] = {
    {"INSERT INTO unit(name, name_en, active) VALUES (?1, ?2, 1) "
     "ON CONFLICT(name) DO UPDATE SET active = 1, "
     "name_en = CASE WHEN ?2 <> '' THEN ?2 ELSE name_en END",
     "storing a unit"},
    {"SELECT id FROM unit WHERE name = ?1", "finding a unit"},
    /* a station listed twice is marked 2 by this upsert */
    {"INSERT INTO station(code, unit_id, name, lon, lat, reference, active) "
     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1) "
     "ON CONFLICT(code) DO UPDATE SET unit_id = ?2, name = ?3, lon = ?4, "
     "lat = ?5, reference = ?6, active = "
     "CASE WHEN active = 1 THEN 2 ELSE 1 END",
     "storing a station"},
    {"INSERT INTO policy(id, text) VALUES (1, ?1) "
     "ON CONFLICT(id) DO UPDATE SET text = ?1",
     "storing the policy"},
    {"SELECT code FROM station WHERE active = 2 LIMIT 1",
     "checking for duplicate stations"},
};

static aq_status row_duplicate(sqlite3_stmt *row, void *payload)
{
    aq_error *err = payload;

    return aq_error_set(err, AQ_EINVALID, "station %s is listed more than once",
                        aq_store__col_text(row, 0));
}

aq_status aq_store_set_jurisdiction(aq_store *s, const aq_station_row *rows,
                                    size_t n, const char *policy_text,
                                    aq_error *err)
{
    aq_store__stmt q[STMTS];
    aq_status rc;
    size_t i;

    memset(q, 0, sizeof q);
    if ((rc = aq_store__exec(s, "BEGIN IMMEDIATE", err)) < 0)
        return rc;
    if ((rc = aq_store__exec(s, "UPDATE station SET active = 0;"
                                "UPDATE unit SET active = 0;",
                             err)) < 0 ||
        (rc = aq_store__prepare_all(s, q, statements, STMTS, err)) < 0)
        goto done;
    for (i = 0; i < n; i++) {
        const aq_station_row *r = &rows[i];
        int64_t uid = 0;
        if (!r->code || !*r->code || !r->unit || !*r->unit) {
            rc = aq_error_set(err, AQ_EINVALID,
                              "station %zu: empty station code or unit",
                              i + 1);
            goto done;
        }
        if ((rc = aq_store__run(&q[UNIT], NULL, NULL, err, "tt", r->unit,
                                r->unit_en)) < 0 ||
            (rc = aq_store__run(&q[UNIT_ID], aq_store__row_int64, &uid, err,
                                "t", r->unit)) < 0 ||
            (rc = aq_store__run(&q[STATION], NULL, NULL, err, "tLtffi",
                                r->code, uid, r->name, r->lon, r->lat,
                                r->reference ? 1 : 0)) < 0)
            goto done;
    }
    if ((rc = aq_store__run(&q[DUPLICATE], row_duplicate, err, err, "")) < 0)
        goto done;
    /* cached period results depend on which stations form each unit */
    if ((rc = aq_store__bump_jurisdiction(s, err)) < 0)
        goto done;
    if (policy_text &&
        (rc = aq_store__run(&q[POLICY], NULL, NULL, err, "t",
                            policy_text)) < 0)
        goto done;
done:
    aq_store__finalize_all(q, STMTS);
    return aq_store__end(s, rc, err);
}
