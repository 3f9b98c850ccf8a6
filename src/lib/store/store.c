/* SPDX-License-Identifier: MIT */
/*
 * The SQLite store (include/aq/store.h). The only file that includes
 * sqlite3.h. Every statement is prepared with bound parameters: no SQL is
 * ever built from data. Hourly values are stored per station-day as a
 * 1152-byte BLOB (6 pollutants x 24 hours x little-endian int64 micro-units,
 * INT64_MIN = missing), keyed (day, station) because data arrives in time
 * order (ECOSYSTEM A.1: inserts in key order are 4x faster).
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/date.h"
#include "aq/decimal.h"
#include "aq/store.h"
#include "util/alloc.h"

#define BLOB_SIZE (AQ_POLLUTANT_COUNT * 24 * 8)

struct aq_store {
    sqlite3 *db;
    int readonly;
};

static aq_status db_error(aq_store *s, aq_error *err, const char *what)
{
    return aq_error_set(err, AQ_ESTORE, "%s: %s", what, sqlite3_errmsg(s->db));
}

static aq_status exec(aq_store *s, const char *sql, aq_error *err)
{
    char *msg = NULL;

    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        aq_error_set(err, AQ_ESTORE, "%s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return AQ_ESTORE;
    }
    return AQ_OK;
}

/* ---- Schema and migrations ---- */

/* Version 1. Each later version appends one step to `migrations`; a step
 * runs in the same transaction as the user_version update. */
static const char schema_v1[] =
    "CREATE TABLE unit("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  name_en TEXT NOT NULL DEFAULT '',"
    "  active INTEGER NOT NULL DEFAULT 1);"
    "CREATE TABLE station("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
    "  name TEXT NOT NULL DEFAULT '',"
    "  lon REAL, lat REAL,"
    "  reference INTEGER NOT NULL DEFAULT 0 CHECK (reference IN (0, 1)),"
    "  active INTEGER NOT NULL DEFAULT 1);"
    "CREATE TABLE policy("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  text TEXT NOT NULL);"
    "CREATE TABLE ingest("
    "  id INTEGER PRIMARY KEY,"
    "  source TEXT NOT NULL,"
    "  content_hash TEXT NOT NULL UNIQUE,"
    "  format TEXT NOT NULL,"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  rows INTEGER NOT NULL DEFAULT 0,"
    "  observations INTEGER NOT NULL DEFAULT 0,"
    "  values_new INTEGER NOT NULL DEFAULT 0,"
    "  values_same INTEGER NOT NULL DEFAULT 0,"
    "  values_replaced INTEGER NOT NULL DEFAULT 0,"
    "  unknown_station_obs INTEGER NOT NULL DEFAULT 0,"
    "  rejected_rows INTEGER NOT NULL DEFAULT 0,"
    "  rejected_values INTEGER NOT NULL DEFAULT 0,"
    "  problems TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE station_day("
    "  day INTEGER NOT NULL,"
    "  station_id INTEGER NOT NULL REFERENCES station(id),"
    "  hours BLOB NOT NULL CHECK (length(hours) = 1152),"
    "  ingest_id INTEGER NOT NULL REFERENCES ingest(id),"
    "  PRIMARY KEY (day, station_id)) WITHOUT ROWID;"
    "CREATE TABLE fund_spending("
    "  id INTEGER PRIMARY KEY,"
    "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
    "  date TEXT NOT NULL,"
    "  category TEXT NOT NULL,"
    "  amount INTEGER NOT NULL CHECK (amount > 0),"
    "  description TEXT NOT NULL,"
    "  recorded_at TEXT NOT NULL"
    "    DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));"
    "CREATE TABLE fund_audit("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  unit TEXT NOT NULL, date TEXT NOT NULL, category TEXT NOT NULL,"
    "  amount INTEGER NOT NULL, description TEXT NOT NULL,"
    "  outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'refused')),"
    "  reason TEXT NOT NULL DEFAULT '');";

/* Version 2: the audit of replaced values and the files behind each
 * station-day (issue 3: "records the change in an audit table, and which
 * file each value came from"). */
static const char schema_v2[] =
    "CREATE TABLE value_change("
    "  id INTEGER PRIMARY KEY,"
    "  ingest_id INTEGER NOT NULL REFERENCES ingest(id),"
    "  station_id INTEGER NOT NULL REFERENCES station(id),"
    "  day INTEGER NOT NULL, hour INTEGER NOT NULL,"
    "  pollutant TEXT NOT NULL,"
    "  old_value INTEGER NOT NULL, new_value INTEGER NOT NULL);"
    "CREATE TABLE station_day_source("
    "  day INTEGER NOT NULL, station_id INTEGER NOT NULL,"
    "  ingest_id INTEGER NOT NULL REFERENCES ingest(id),"
    "  hours INTEGER NOT NULL,"
    "  PRIMARY KEY (day, station_id, ingest_id)) WITHOUT ROWID;"
    "ALTER TABLE ingest ADD COLUMN conflicts INTEGER NOT NULL DEFAULT 0;";

/* Version 3: per-month data versions and a cache of period results, so
 * that re-ranking after a one-day ingest recomputes only the periods whose
 * data changed (issue 6). */
static const char schema_v3[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO meta(key, value) VALUES ('jurisdiction_version', '1');"
    "CREATE TABLE month_version("
    "  month INTEGER PRIMARY KEY," /* year * 12 + month - 1 */
    "  version INTEGER NOT NULL);"
    "INSERT INTO month_version(month, version)"
    "  SELECT DISTINCT CAST(strftime('%Y', d.day * 86400, 'unixepoch') AS"
    "  INTEGER) * 12 + CAST(strftime('%m', d.day * 86400, 'unixepoch') AS"
    "  INTEGER) - 1, (SELECT coalesce(max(id), 0) FROM ingest)"
    "  FROM station_day d;"
    "CREATE TABLE period_cache("
    "  period TEXT PRIMARY KEY,"
    "  key TEXT NOT NULL,"
    "  data BLOB NOT NULL);";

/* Version 4: station-day hours in the compact format 1 (encode()); the
 * table is rebuilt without the fixed-size CHECK. Old records keep format 0
 * and are rewritten when next touched. */
static const char schema_v4[] =
    "CREATE TABLE station_day_v4("
    "  day INTEGER NOT NULL,"
    "  station_id INTEGER NOT NULL REFERENCES station(id),"
    "  hours BLOB NOT NULL CHECK (length(hours) BETWEEN 1 AND 1441"
    "    OR length(hours) = 1152),"
    "  ingest_id INTEGER NOT NULL REFERENCES ingest(id),"
    "  PRIMARY KEY (day, station_id)) WITHOUT ROWID;"
    "INSERT INTO station_day_v4 SELECT day, station_id, hours, ingest_id"
    "  FROM station_day;"
    "DROP TABLE station_day;"
    "ALTER TABLE station_day_v4 RENAME TO station_day;";

static const char *const migrations[] = {schema_v1, schema_v2, schema_v3,
                                         schema_v4};

static aq_status migrate(aq_store *s, aq_error *err)
{
    sqlite3_stmt *st = NULL;
    aq_status rc;
    int version = 0, i;

    if ((rc = exec(s, "BEGIN IMMEDIATE", err)) < 0)
        return rc;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) !=
            SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        rc = db_error(s, err, "reading the schema version");
        goto done;
    }
    version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st); /* an open statement would lock DROP TABLE */
    st = NULL;
    if (version > AQ_STORE_SCHEMA_VERSION) {
        rc = aq_error_set(err, AQ_ESTORE,
                          "database schema version %d is newer than this "
                          "aqrank (%d): upgrade aqrank",
                          version, AQ_STORE_SCHEMA_VERSION);
        goto done;
    }
    for (i = version; i < AQ_STORE_SCHEMA_VERSION; i++) {
        char pragma[64];
        if ((rc = exec(s, migrations[i], err)) < 0)
            goto done;
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", i + 1);
        if ((rc = exec(s, pragma, err)) < 0)
            goto done;
    }
    rc = AQ_OK;
done:
    sqlite3_finalize(st);
    if (rc == AQ_OK)
        rc = exec(s, "COMMIT", err);
    else
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

aq_status aq_store_open(aq_store **out, const char *path, unsigned flags,
                        aq_error *err)
{
    aq_store *s;
    int oflags;
    aq_status rc;

    *out = NULL;
    s = aqx_calloc(1, sizeof *s);
    if (!s)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    s->readonly = (flags & AQ_STORE_READONLY) != 0;
    oflags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (!s->readonly && (flags & AQ_STORE_CREATE))
        oflags |= SQLITE_OPEN_CREATE;
    oflags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &s->db, oflags, NULL) != SQLITE_OK) {
        aq_error_set_at(err, AQ_ESTORE, path, 0, 0, "cannot open database: %s",
                        s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sqlite3_close(s->db);
        aqx_free(s);
        return AQ_ESTORE;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_extended_result_codes(s->db, 1);
    /* WAL: readers never see a half-written ingest and never block the
     * writer; synchronous=NORMAL keeps the database consistent after a
     * crash (a power loss may lose the last commit, never half of one). */
    if (!s->readonly) {
        if ((rc = exec(s, "PRAGMA journal_mode=WAL", err)) < 0 ||
            (rc = exec(s, "PRAGMA synchronous=NORMAL", err)) < 0)
            goto fail;
    }
    if ((rc = exec(s, "PRAGMA foreign_keys=ON", err)) < 0)
        goto fail;
    if (!s->readonly && (rc = migrate(s, err)) < 0)
        goto fail;
    if (s->readonly) {
        sqlite3_stmt *st = NULL;
        int version = -1;
        int step = SQLITE_ERROR;
        if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) ==
            SQLITE_OK)
            step = sqlite3_step(st);
        if (step == SQLITE_ROW)
            version = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (step != SQLITE_ROW) {
            /* could not read at all (a full disk cannot hold the WAL
             * index, a missing file, no permission): say so */
            rc = aq_error_set_at(err, AQ_ESTORE, path, 0, 0,
                                 "cannot read the database: %s",
                                 sqlite3_errmsg(s->db));
            goto fail;
        }
        if (version != AQ_STORE_SCHEMA_VERSION) {
            rc = aq_error_set_at(err, AQ_ESTORE, path, 0, 0,
                                 "not an aqrank database of schema version "
                                 "%d (found %d); run 'aqrank init' first",
                                 AQ_STORE_SCHEMA_VERSION, version);
            goto fail;
        }
    }
    *out = s;
    return AQ_OK;
fail:
    if (err && !err->source[0])
        snprintf(err->source, sizeof err->source, "%s", path);
    sqlite3_close(s->db);
    aqx_free(s);
    return rc;
}

void aq_store_close(aq_store *s)
{
    if (!s)
        return;
    sqlite3_close(s->db);
    aqx_free(s);
}

void aq_free(void *p)
{
    aqx_free(p);
}

static int prepare(aq_store *s, sqlite3_stmt **st, const char *sql)
{
    return sqlite3_prepare_v2(s->db, sql, -1, st, NULL) == SQLITE_OK ? 0 : -1;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);

    return t ? (const char *)t : "";
}

static double col_double_or_nan(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL
               ? NAN
               : sqlite3_column_double(st, i);
}

/* ---- Jurisdiction and policy ---- */

aq_status aq_store_set_jurisdiction(aq_store *s, const aq_station_row *rows,
                                    size_t n, const char *policy_text,
                                    aq_error *err)
{
    sqlite3_stmt *unit_up = NULL, *unit_id = NULL, *sta_up = NULL,
                 *pol = NULL;
    aq_status rc;
    size_t i;

    if ((rc = exec(s, "BEGIN IMMEDIATE", err)) < 0)
        return rc;
    if ((rc = exec(s, "UPDATE station SET active = 0;"
                      "UPDATE unit SET active = 0;",
                   err)) < 0)
        goto done;
    if (prepare(s, &unit_up,
                "INSERT INTO unit(name, name_en, active) VALUES (?1, ?2, 1) "
                "ON CONFLICT(name) DO UPDATE SET active = 1, "
                "name_en = CASE WHEN ?2 <> '' THEN ?2 ELSE name_en END") ||
        prepare(s, &unit_id, "SELECT id FROM unit WHERE name = ?1") ||
        prepare(s, &sta_up,
                "INSERT INTO station(code, unit_id, name, lon, lat, reference,"
                " active) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1) "
                "ON CONFLICT(code) DO UPDATE SET unit_id = ?2, name = ?3, "
                "lon = ?4, lat = ?5, reference = ?6, active = "
                "CASE WHEN active = 1 THEN 2 ELSE 1 END") ||
        prepare(s, &pol,
                "INSERT INTO policy(id, text) VALUES (1, ?1) "
                "ON CONFLICT(id) DO UPDATE SET text = ?1")) {
        rc = db_error(s, err, "preparing the jurisdiction update");
        goto done;
    }
    for (i = 0; i < n; i++) {
        const aq_station_row *r = &rows[i];
        sqlite3_int64 uid;
        if (!r->code || !*r->code || !r->unit || !*r->unit) {
            rc = aq_error_set(err, AQ_EINVALID,
                              "station %zu: empty station code or unit",
                              i + 1);
            goto done;
        }
        sqlite3_bind_text(unit_up, 1, r->unit, -1, SQLITE_STATIC);
        sqlite3_bind_text(unit_up, 2, r->unit_en ? r->unit_en : "", -1,
                          SQLITE_STATIC);
        if (sqlite3_step(unit_up) != SQLITE_DONE) {
            rc = db_error(s, err, "storing a unit");
            goto done;
        }
        sqlite3_reset(unit_up);
        sqlite3_bind_text(unit_id, 1, r->unit, -1, SQLITE_STATIC);
        if (sqlite3_step(unit_id) != SQLITE_ROW) {
            rc = db_error(s, err, "finding a unit");
            goto done;
        }
        uid = sqlite3_column_int64(unit_id, 0);
        sqlite3_reset(unit_id);
        sqlite3_bind_text(sta_up, 1, r->code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(sta_up, 2, uid);
        sqlite3_bind_text(sta_up, 3, r->name ? r->name : "", -1,
                          SQLITE_STATIC);
        if (isnan(r->lon))
            sqlite3_bind_null(sta_up, 4);
        else
            sqlite3_bind_double(sta_up, 4, r->lon);
        if (isnan(r->lat))
            sqlite3_bind_null(sta_up, 5);
        else
            sqlite3_bind_double(sta_up, 5, r->lat);
        sqlite3_bind_int(sta_up, 6, r->reference ? 1 : 0);
        if (sqlite3_step(sta_up) != SQLITE_DONE) {
            rc = db_error(s, err, "storing a station");
            goto done;
        }
        sqlite3_reset(sta_up);
    }
    /* a station listed twice is marked 2 by the upsert above */
    {
        sqlite3_stmt *dup = NULL;
        if (prepare(s, &dup, "SELECT code FROM station WHERE active = 2 "
                             "LIMIT 1")) {
            rc = db_error(s, err, "checking for duplicate stations");
            goto done;
        }
        if (sqlite3_step(dup) == SQLITE_ROW) {
            rc = aq_error_set(err, AQ_EINVALID,
                              "station %s is listed more than once",
                              col_text(dup, 0));
            sqlite3_finalize(dup);
            goto done;
        }
        sqlite3_finalize(dup);
    }
    /* cached period results depend on which stations form each unit */
    if ((rc = exec(s, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                      "WHERE key = 'jurisdiction_version'",
                   err)) < 0)
        goto done;
    if (policy_text) {
        sqlite3_bind_text(pol, 1, policy_text, -1, SQLITE_STATIC);
        if (sqlite3_step(pol) != SQLITE_DONE) {
            rc = db_error(s, err, "storing the policy");
            goto done;
        }
    }
    rc = AQ_OK;
done:
    sqlite3_finalize(unit_up);
    sqlite3_finalize(unit_id);
    sqlite3_finalize(sta_up);
    sqlite3_finalize(pol);
    if (rc == AQ_OK)
        rc = exec(s, "COMMIT", err);
    if (rc < 0)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int aq_store_initialized(aq_store *s)
{
    sqlite3_stmt *st = NULL;
    int yes = 0;

    if (prepare(s, &st, "SELECT 1 FROM station WHERE active LIMIT 1") == 0 &&
        sqlite3_step(st) == SQLITE_ROW)
        yes = 1;
    sqlite3_finalize(st);
    return yes;
}

aq_status aq_store_policy_text(aq_store *s, char **out, aq_error *err)
{
    sqlite3_stmt *st = NULL;
    int step;

    *out = NULL;
    if (prepare(s, &st, "SELECT text FROM policy WHERE id = 1"))
        return db_error(s, err, "reading the policy");
    step = sqlite3_step(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        sqlite3_finalize(st);
        return db_error(s, err, "reading the policy");
    }
    *out = aqx_strdup(step == SQLITE_ROW ? col_text(st, 0) : "");
    sqlite3_finalize(st);
    return *out ? AQ_OK : aq_error_set(err, AQ_ENOMEM, "out of memory");
}

aq_status aq_store_each_unit(aq_store *s,
                             aq_status (*cb)(const aq_unit_info *u,
                                             void *payload),
                             void *payload, aq_error *err)
{
    sqlite3_stmt *st = NULL;
    aq_status rc = AQ_OK;
    int step;

    if (prepare(s, &st,
                "SELECT u.id, u.name, u.name_en, count(s.id), "
                "coalesce(sum(s.reference), 0) FROM unit u "
                "LEFT JOIN station s ON s.unit_id = u.id AND s.active "
                "WHERE u.active GROUP BY u.id ORDER BY u.name"))
        return db_error(s, err, "listing units");
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        aq_unit_info u;
        u.id = sqlite3_column_int(st, 0);
        u.name = col_text(st, 1);
        u.name_en = col_text(st, 2);
        u.stations = sqlite3_column_int(st, 3);
        u.reference = sqlite3_column_int(st, 4);
        if ((rc = cb(&u, payload)) != AQ_OK)
            break;
    }
    if (rc == AQ_OK && step != SQLITE_DONE)
        rc = db_error(s, err, "listing units");
    sqlite3_finalize(st);
    return rc;
}

aq_status aq_store_each_station(aq_store *s,
                                aq_status (*cb)(const aq_station_info *st,
                                                void *payload),
                                void *payload, aq_error *err)
{
    sqlite3_stmt *st = NULL;
    aq_status rc = AQ_OK;
    int step;

    if (prepare(s, &st,
                "SELECT s.id, s.unit_id, s.code, u.name, s.name, s.lon, s.lat,"
                " s.reference FROM station s JOIN unit u ON u.id = s.unit_id "
                "WHERE s.active ORDER BY u.name, s.code"))
        return db_error(s, err, "listing stations");
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        aq_station_info info;
        info.id = sqlite3_column_int(st, 0);
        info.unit_id = sqlite3_column_int(st, 1);
        info.code = col_text(st, 2);
        info.unit = col_text(st, 3);
        info.name = col_text(st, 4);
        info.lon = col_double_or_nan(st, 5);
        info.lat = col_double_or_nan(st, 6);
        info.reference = sqlite3_column_int(st, 7);
        if ((rc = cb(&info, payload)) != AQ_OK)
            break;
    }
    if (rc == AQ_OK && step != SQLITE_DONE)
        rc = db_error(s, err, "listing stations");
    sqlite3_finalize(st);
    return rc;
}

/* ---- Ingest ---- */

struct station_code {
    char *code;
    int id;
    int seen; /* the source has a value for it */
};

struct day_record {
    int station_id;
    int32_t day;
    int64_t v[AQ_POLLUTANT_COUNT][24];
    uint32_t hours_given; /* bit h-1: the file gave a value for label h */
};

#define RECENT 8192

/* A hash slot: the key beside the record's index + 1 (0 = free), so that
 * a probe does not touch the 1.2 KB records (each a cache miss) */
struct rec_slot {
    int32_t station, day;
    size_t index;
};

struct aq_ingest {
    aq_store *store;
    char *source, *hash, *format, *problems;
    int duplicate;
    unsigned long rows, rejected_rows, rejected_values;
    unsigned long observations, unknown_obs, conflicts;
    char first_conflict[160];
    /* stations not in the jurisdiction: listed in the report; with
     * add_unknown they are added as units of their own at commit and
     * their records carry the provisional id -(index + 1) until then */
    struct unknown_station {
        char *code;
        unsigned long count;
    } *unknown;
    size_t nunknown, unknown_cap;
    int add_unknown;
    /* station code -> id: open addressing, power-of-two table */
    struct station_code *codes;
    size_t code_cap;
    /* station-day records, and (station, day) -> index + 1 */
    struct day_record **blocks; /* REC_BLOCK records each: rec_at() */
    size_t nblocks, block_cap, nrecs;
    struct rec_slot *slots;
    size_t slot_cap;
    /* the last record of a station, by station id mod RECENT (more than
     * the stations of a national network): files give a station's hours
     * of a day close together, or one hour of every station after
     * another, and either way this skips the hash */
    size_t recent[RECENT];
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static uint64_t hash_key(int station, int32_t day)
{
    uint64_t h = ((uint64_t)(uint32_t)station << 32) | (uint32_t)day;

    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

static int code_lookup(aq_ingest *ing, const char *code)
{
    size_t mask = ing->code_cap - 1, i = hash_str(code) & mask;

    while (ing->codes[i].code) {
        if (!strcmp(ing->codes[i].code, code)) {
            ing->codes[i].seen = 1;
            return ing->codes[i].id;
        }
        i = (i + 1) & mask;
    }
    return -1;
}

static aq_status load_codes(aq_ingest *ing, aq_error *err)
{
    sqlite3_stmt *st = NULL, *cnt = NULL;
    size_t n = 0, cap = 16;
    aq_status rc = AQ_OK;

    if (prepare(ing->store, &cnt, "SELECT count(*) FROM station WHERE active") ||
        sqlite3_step(cnt) != SQLITE_ROW) {
        sqlite3_finalize(cnt);
        return db_error(ing->store, err, "counting stations");
    }
    n = (size_t)sqlite3_column_int64(cnt, 0);
    sqlite3_finalize(cnt);
    while (cap < 2 * n + 2)
        cap *= 2;
    ing->codes = aqx_calloc(cap, sizeof *ing->codes);
    if (!ing->codes)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    ing->code_cap = cap;
    if (prepare(ing->store, &st, "SELECT code, id FROM station WHERE active"))
        return db_error(ing->store, err, "listing stations");
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *code = col_text(st, 0);
        size_t i = hash_str(code) & (cap - 1);
        while (ing->codes[i].code)
            i = (i + 1) & (cap - 1);
        ing->codes[i].code = aqx_strdup(code);
        ing->codes[i].id = sqlite3_column_int(st, 1);
        if (!ing->codes[i].code) {
            rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
            break;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

static void ingest_free(aq_ingest *ing)
{
    size_t i;

    if (!ing)
        return;
    for (i = 0; i < ing->nunknown; i++)
        aqx_free(ing->unknown[i].code);
    aqx_free(ing->unknown);
    for (i = 0; i < ing->code_cap; i++)
        aqx_free(ing->codes[i].code);
    aqx_free(ing->codes);
    while (ing->nblocks)
        aqx_free(ing->blocks[--ing->nblocks]);
    aqx_free(ing->blocks);
    aqx_free(ing->slots);
    aqx_free(ing->source);
    aqx_free(ing->hash);
    aqx_free(ing->format);
    aqx_free(ing->problems);
    aqx_free(ing);
}

aq_status aq_ingest_begin(aq_store *s, aq_ingest **out,
                          const char *source_name, const char *content_hash,
                          const char *format, aq_error *err)
{
    aq_ingest *ing;
    sqlite3_stmt *st = NULL;
    aq_status rc;

    *out = NULL;
    if (s->readonly)
        return aq_error_set(err, AQ_EINVALID, "the store is read-only");
    ing = aqx_calloc(1, sizeof *ing);
    if (!ing)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    ing->store = s;
    ing->source = aqx_strdup(source_name ? source_name : "");
    ing->hash = aqx_strdup(content_hash ? content_hash : "");
    ing->format = aqx_strdup(format ? format : "");
    ing->problems = aqx_strdup("");
    if (!ing->source || !ing->hash || !ing->format || !ing->problems) {
        ingest_free(ing);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    if (prepare(s, &st, "SELECT id FROM ingest WHERE content_hash = ?1")) {
        ingest_free(ing);
        return db_error(s, err, "checking the ingest log");
    }
    sqlite3_bind_text(st, 1, ing->hash, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        ing->duplicate = 1;
    sqlite3_finalize(st);
    if ((rc = load_codes(ing, err)) < 0) {
        ingest_free(ing);
        return rc;
    }
    *out = ing;
    return AQ_OK;
}

void aq_ingest_add_unknown_stations(aq_ingest *ing, int on)
{
    ing->add_unknown = on;
}

int aq_ingest_is_duplicate(const aq_ingest *ing)
{
    return ing ? ing->duplicate : 0;
}

static aq_status grow_slots(aq_ingest *ing)
{
    size_t cap = ing->slot_cap ? ing->slot_cap * 2 : 1024, i;
    struct rec_slot *slots = aqx_calloc(cap, sizeof *slots);

    if (!slots)
        return AQ_ENOMEM;
    for (i = 0; i < ing->slot_cap; i++) {
        size_t j;
        if (!ing->slots[i].index)
            continue;
        j = hash_key(ing->slots[i].station, ing->slots[i].day) & (cap - 1);
        while (slots[j].index)
            j = (j + 1) & (cap - 1);
        slots[j] = ing->slots[i];
    }
    aqx_free(ing->slots);
    ing->slots = slots;
    ing->slot_cap = cap;
    return AQ_OK;
}

/* The records are held in blocks of one 2 MiB page each, never moved:
 * a bulk load holds 1.2 KB per station-day (0.5 GB for 10M rows), and one
 * array grown by aqx_realloc() faulted a page per 3.5 station-days (some
 * microseconds each on a virtual machine), or, in huge pages, where
 * mremap() does not apply, a copy of everything at each doubling. */
#define REC_BLOCK (AQX_HUGE_PAGE / sizeof(struct day_record))

static struct day_record *rec_at(const aq_ingest *ing, size_t i)
{
    return &ing->blocks[i / REC_BLOCK][i % REC_BLOCK];
}

static int add_block(aq_ingest *ing)
{
    struct day_record *b;

    if (ing->nblocks == ing->block_cap) {
        size_t cap = ing->block_cap ? 2 * ing->block_cap : 16;
        struct day_record **nb = aqx_realloc(ing->blocks, cap * sizeof *nb);
        if (!nb)
            return -1;
        ing->blocks = nb;
        ing->block_cap = cap;
    }
    if (!(b = aqx_huge_alloc(AQX_HUGE_PAGE)))
        return -1;
    ing->blocks[ing->nblocks++] = b;
    return 0;
}

static struct day_record *find_record(aq_ingest *ing, int station,
                                      int32_t day)
{
    size_t j, mask, *recent = &ing->recent[(unsigned)station % RECENT];
    struct day_record *r;
    int p, h;

    if (*recent && (r = rec_at(ing, *recent - 1))->station_id == station &&
        r->day == day)
        return r;

    if (2 * (ing->nrecs + 1) > ing->slot_cap && grow_slots(ing) < 0)
        return NULL;
    mask = ing->slot_cap - 1;
    j = hash_key(station, day) & mask;
    while (ing->slots[j].index) {
        if (ing->slots[j].station == station && ing->slots[j].day == day) {
            *recent = ing->slots[j].index;
            return rec_at(ing, ing->slots[j].index - 1);
        }
        j = (j + 1) & mask;
    }
    if (ing->nrecs == ing->nblocks * REC_BLOCK && add_block(ing) < 0)
        return NULL;
    r = rec_at(ing, ing->nrecs++);
    r->station_id = station;
    r->day = day;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        for (h = 0; h < 24; h++)
            r->v[p][h] = AQ_MISSING;
    r->hours_given = 0;
    ing->slots[j].station = station;
    ing->slots[j].day = day;
    ing->slots[j].index = ing->nrecs;
    *recent = ing->nrecs;
    return r;
}

aq_status aq_ingest_add(aq_ingest *ing, const char *station, int32_t day,
                        int hour, const int64_t value[AQ_POLLUTANT_COUNT],
                        aq_error *err)
{
    struct day_record *r;
    int id, p;

    if (hour < 1 || hour > 24)
        return aq_error_set(err, AQ_EINVALID, "hour label %d not in 1..24",
                            hour);
    ing->observations++;
    if (ing->duplicate)
        return AQ_OK;
    id = code_lookup(ing, station);
    if (id < 0) {
        size_t k;
        for (k = 0; k < ing->nunknown; k++)
            if (!strcmp(ing->unknown[k].code, station))
                break;
        if (k == ing->nunknown) {
            if (ing->nunknown == ing->unknown_cap) {
                size_t cap = ing->unknown_cap ? ing->unknown_cap * 2 : 8;
                struct unknown_station *nu =
                    aqx_realloc(ing->unknown, cap * sizeof *nu);
                if (!nu)
                    return aq_error_set(err, AQ_ENOMEM, "out of memory");
                ing->unknown = nu;
                ing->unknown_cap = cap;
            }
            ing->unknown[k].code = aqx_strdup(station);
            ing->unknown[k].count = 0;
            if (!ing->unknown[k].code)
                return aq_error_set(err, AQ_ENOMEM, "out of memory");
            ing->nunknown++;
        }
        ing->unknown[k].count++;
        if (!ing->add_unknown) {
            ing->unknown_obs++; /* counted and listed, never stored */
            return AQ_OK;
        }
        id = -(int)k - 1;
    }
    r = find_record(ing, id, day);
    if (!r)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        int64_t *cell = &r->v[p][hour - 1];
        if (value[p] == AQ_MISSING)
            continue;
        if (*cell != AQ_MISSING && *cell != value[p]) {
            /* the same hour twice in one file with different values: the
             * first is kept, the other counted and reported (issue 3) */
            if (!ing->conflicts++)
                snprintf(ing->first_conflict, sizeof ing->first_conflict,
                         "station %s, day %d, hour %d, %s given twice with "
                         "different values",
                         station, (int)day, hour,
                         aq_pollutant_code((aq_pollutant)p));
            continue;
        }
        *cell = value[p];
        r->hours_given |= 1u << (hour - 1);
    }
    return AQ_OK;
}

void aq_ingest_note(aq_ingest *ing, unsigned long rows,
                    unsigned long rejected_rows, unsigned long rejected_values,
                    const char *problems)
{
    char *p;

    ing->rows = rows;
    ing->rejected_rows = rejected_rows;
    ing->rejected_values = rejected_values;
    if (problems && (p = aqx_strdup(problems)) != NULL) {
        aqx_free(ing->problems);
        ing->problems = p;
    }
}

/*
 * Station-day hours on disk. Format 1 (schema v4 on): a version byte, then
 * for each of the 144 cells (pollutant-major, label 1..24) one LEB128
 * varint: 0 = missing; odd = a whole number of thousandths, 2*zz + 1;
 * even = micro-units, 2*zz + 2 (zz = zigzag of the signed value). Typical
 * cells take 2-3 bytes, so a record (~400 bytes) stays on its B-tree page
 * instead of spilling into an overflow page (ECOSYSTEM A.1). Format 0 is
 * the raw 1152-byte little-endian layout of schema v1-v3, still read.
 */
#define BLOB_MAX (1 + AQ_POLLUTANT_COUNT * 24 * 10)

static size_t put_varint(unsigned char *p, uint64_t v)
{
    size_t n = 0;

    do {
        unsigned char b = (unsigned char)(v & 0x7f);
        v >>= 7;
        p[n++] = (unsigned char)(b | (v ? 0x80 : 0));
    } while (v);
    return n;
}

static size_t encode(unsigned char *blob,
                     const int64_t v[AQ_POLLUTANT_COUNT][24])
{
    size_t n = 0;
    int p, h;

    blob[n++] = 1;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        for (h = 0; h < 24; h++) {
            int64_t x = v[p][h];
            uint64_t code;
            if (x == AQ_MISSING) {
                code = 0;
            } else if (x % 1000 == 0) {
                int64_t m = x / 1000;
                code = (((uint64_t)m << 1) ^ (uint64_t)(m >> 63)) * 2 + 1;
            } else {
                code = (((uint64_t)x << 1) ^ (uint64_t)(x >> 63)) * 2 + 2;
            }
            n += put_varint(blob + n, code);
        }
    return n;
}

/* 0 on success, -1 for a malformed record */
static int decode(int64_t v[AQ_POLLUTANT_COUNT][24], const unsigned char *blob,
                  size_t len)
{
    size_t i = 0;
    int p, h, b;

    if (len == BLOB_SIZE) { /* format 0 */
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
            for (h = 0; h < 24; h++) {
                uint64_t u = 0;
                for (b = 0; b < 8; b++)
                    u |= (uint64_t)*blob++ << (8 * b);
                v[p][h] = (int64_t)u;
            }
        return 0;
    }
    if (len < 1 || blob[i++] != 1)
        return -1;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        for (h = 0; h < 24; h++) {
            uint64_t code = 0, zz;
            int shift = 0;
            for (;;) {
                if (i >= len || shift > 63)
                    return -1;
                code |= (uint64_t)(blob[i] & 0x7f) << shift;
                shift += 7;
                if (!(blob[i++] & 0x80))
                    break;
            }
            if (code == 0) {
                v[p][h] = AQ_MISSING;
                continue;
            }
            zz = (code - 1) / 2;
            {
                int64_t x = (int64_t)(zz >> 1) ^ -(int64_t)(zz & 1);
                v[p][h] = code % 2 ? x * 1000 : x;
            }
        }
    return i == len ? 0 : -1;
}

/* A record's place in the order of the commit (day, then station). The
 * keys are sorted, not the 1.2 KB records: glibc's qsort copied those
 * through a buffer as large as all of them, 0.5 GB and 120,000 page
 * faults for 10M rows, half of a bulk load's peak memory. */
struct rec_key {
    int32_t day, station;
    uint32_t index;
};

static int compare_keys(const void *a, const void *b)
{
    const struct rec_key *x = a, *y = b;

    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return (x->station > y->station) - (x->station < y->station);
}

aq_status aq_ingest_commit(aq_ingest *ing, aq_ingest_report *rep,
                           aq_error *err)
{
    aq_store *s = ing->store;
    sqlite3_stmt *get = NULL, *put = NULL, *log = NULL, *chg = NULL,
                 *src = NULL, *mv = NULL;
    int last_month = -1;
    unsigned char blob[BLOB_MAX];
    aq_ingest_report r;
    aq_status rc;
    struct rec_key *order = NULL;
    size_t i;
    int fresh = 0, step;

    memset(&r, 0, sizeof r);
    r.first_day = INT32_MAX;
    r.last_day = INT32_MIN;
    r.observations = ing->observations;
    r.unknown_station_obs = ing->unknown_obs;
    /* statement journals in memory: every INSERT OR REPLACE (with the
     * foreign keys checked) journals the pages it changes, and in a temp
     * file that is a write(2) of 4 bytes and one of 4 KiB a page, 480,000
     * for 2 million rows; the journal is dropped after each statement */
    if ((rc = exec(s, "PRAGMA temp_store=MEMORY", err)) < 0)
        goto done;
    /* and 64 MiB of page cache (default 2 MiB): the B-tree's upper pages
     * stay, and dirty pages are spilled to the WAL less often */
    if ((rc = exec(s, "PRAGMA cache_size=-65536", err)) < 0)
        goto done;
    if ((rc = exec(s, "BEGIN IMMEDIATE", err)) < 0)
        goto done;
    /* idempotence: decided again inside the write transaction */
    if (prepare(s, &log, "SELECT id FROM ingest WHERE content_hash = ?1")) {
        rc = db_error(s, err, "checking the ingest log");
        goto done;
    }
    sqlite3_bind_text(log, 1, ing->hash, -1, SQLITE_STATIC);
    if (sqlite3_step(log) == SQLITE_ROW) {
        r.already_ingested = 1;
        r.ingest_id = (long)sqlite3_column_int64(log, 0);
        sqlite3_finalize(log);
        log = NULL;
        rc = AQ_OK;
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        goto finish;
    }
    sqlite3_finalize(log);
    log = NULL;
    if (prepare(s, &log,
                "INSERT INTO ingest(source, content_hash, format) "
                "VALUES (?1, ?2, ?3)")) {
        rc = db_error(s, err, "writing the ingest log");
        goto done;
    }
    sqlite3_bind_text(log, 1, ing->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(log, 2, ing->hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(log, 3, ing->format, -1, SQLITE_STATIC);
    if (sqlite3_step(log) != SQLITE_DONE) {
        rc = db_error(s, err, "writing the ingest log");
        goto done;
    }
    sqlite3_finalize(log);
    log = NULL;
    r.ingest_id = (long)sqlite3_last_insert_rowid(s->db);
    if (prepare(s, &get,
                "SELECT hours FROM station_day WHERE day = ?1 AND "
                "station_id = ?2") ||
        prepare(s, &put,
                "INSERT OR REPLACE INTO station_day(day, station_id, hours,"
                " ingest_id) VALUES (?1, ?2, ?3, ?4)") ||
        prepare(s, &chg,
                "INSERT INTO value_change(ingest_id, station_id, day, hour,"
                " pollutant, old_value, new_value) VALUES (?1, ?2, ?3, ?4,"
                " ?5, ?6, ?7)") ||
        prepare(s, &src,
                "INSERT OR REPLACE INTO station_day_source(day, station_id,"
                " ingest_id, hours) VALUES (?1, ?2, ?3, ?4)") ||
        prepare(s, &mv,
                "INSERT OR REPLACE INTO month_version(month, version) "
                "VALUES (?1, ?2)")) {
        rc = db_error(s, err, "preparing the ingest");
        goto done;
    }
    if (ing->add_unknown && ing->nunknown) {
        /* --add-stations: each unknown station becomes a unit of its own */
        size_t k;
        int *ids = aqx_calloc(ing->nunknown, sizeof *ids);
        if (!ids) {
            rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
            goto done;
        }
        for (k = 0; k < ing->nunknown; k++) {
            sqlite3_stmt *ins = NULL;
            if (prepare(s, &ins, "INSERT INTO unit(name) VALUES (?1) "
                                 "ON CONFLICT(name) DO UPDATE SET active = 1")) {
                aqx_free(ids);
                rc = db_error(s, err, "adding a unit");
                goto done;
            }
            sqlite3_bind_text(ins, 1, ing->unknown[k].code, -1,
                              SQLITE_STATIC);
            if (sqlite3_step(ins) != SQLITE_DONE) {
                sqlite3_finalize(ins);
                aqx_free(ids);
                rc = db_error(s, err, "adding a unit");
                goto done;
            }
            sqlite3_finalize(ins);
            ins = NULL;
            if (prepare(s, &ins,
                        "INSERT INTO station(code, unit_id, name) SELECT ?1, "
                        "id, ?1 FROM unit WHERE name = ?1")) {
                aqx_free(ids);
                rc = db_error(s, err, "adding a station");
                goto done;
            }
            sqlite3_bind_text(ins, 1, ing->unknown[k].code, -1,
                              SQLITE_STATIC);
            if (sqlite3_step(ins) != SQLITE_DONE) {
                sqlite3_finalize(ins);
                aqx_free(ids);
                rc = db_error(s, err, "adding a station");
                goto done;
            }
            sqlite3_finalize(ins);
            ids[k] = (int)sqlite3_last_insert_rowid(s->db);
        }
        for (i = 0; i < ing->nrecs; i++) {
            struct day_record *d = rec_at(ing, i);
            if (d->station_id < 0)
                d->station_id = ids[-d->station_id - 1];
        }
        aqx_free(ids);
        r.added_stations = (unsigned long)ing->nunknown;
        if ((rc = exec(s, "UPDATE meta SET value = CAST(value AS INTEGER) + 1"
                          " WHERE key = 'jurisdiction_version'",
                       err)) < 0)
            goto done;
    }
    if (ing->nrecs) {
        sqlite3_stmt *any = NULL;
        if (!(order = aqx_malloc(ing->nrecs * sizeof *order))) {
            rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
            goto done;
        }
        for (i = 0; i < ing->nrecs; i++) {
            const struct day_record *d = rec_at(ing, i);
            order[i].day = d->day;
            order[i].station = d->station_id;
            order[i].index = (uint32_t)i;
        }
        qsort(order, ing->nrecs, sizeof *order, compare_keys);
        /* new days (a bulk load, the next day): nothing stored to merge
         * with, so no lookup per record (we hold the write lock) */
        if (prepare(s, &any, "SELECT 1 FROM station_day WHERE day BETWEEN "
                             "?1 AND ?2 LIMIT 1")) {
            rc = db_error(s, err, "reading stored hours");
            goto done;
        }
        sqlite3_bind_int(any, 1, order[0].day);
        sqlite3_bind_int(any, 2, order[ing->nrecs - 1].day);
        step = sqlite3_step(any);
        sqlite3_finalize(any);
        if (step != SQLITE_ROW && step != SQLITE_DONE) {
            rc = db_error(s, err, "reading stored hours");
            goto done;
        }
        fresh = step == SQLITE_DONE;
    }
    for (i = 0; i < ing->nrecs; i++) {
        struct day_record *d = rec_at(ing, order[i].index);
        int64_t old[AQ_POLLUTANT_COUNT][24];
        int p, h, have_old = 0, changed = 0;
        size_t blen;

        step = SQLITE_DONE;
        if (!fresh) {
            sqlite3_bind_int(get, 1, d->day);
            sqlite3_bind_int(get, 2, d->station_id);
            step = sqlite3_step(get);
        }
        if (step == SQLITE_ROW) {
            if (decode(old, sqlite3_column_blob(get, 0),
                       (size_t)sqlite3_column_bytes(get, 0)) < 0) {
                rc = aq_error_set(err, AQ_ESTORE,
                                  "corrupt station-day record (day %d)",
                                  (int)d->day);
                goto done;
            }
            have_old = 1;
        } else if (step != SQLITE_ROW && step != SQLITE_DONE) {
            rc = db_error(s, err, "reading stored hours");
            goto done;
        }
        sqlite3_reset(get);
        /* merge: a value in the new file replaces the stored one; a value
         * missing from the new file never erases a stored one */
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
            for (h = 0; h < 24; h++) {
                int64_t nv = d->v[p][h];
                int64_t ov = have_old ? old[p][h] : AQ_MISSING;
                if (nv == AQ_MISSING) {
                    d->v[p][h] = ov;
                } else if (ov == AQ_MISSING) {
                    r.values_new++;
                    changed = 1;
                } else if (ov == nv) {
                    r.values_same++;
                } else {
                    r.values_replaced++;
                    changed = 1;
                    sqlite3_bind_int64(chg, 1, r.ingest_id);
                    sqlite3_bind_int(chg, 2, d->station_id);
                    sqlite3_bind_int(chg, 3, d->day);
                    sqlite3_bind_int(chg, 4, h + 1);
                    sqlite3_bind_text(chg, 5,
                                      aq_pollutant_code((aq_pollutant)p), -1,
                                      SQLITE_STATIC);
                    sqlite3_bind_int64(chg, 6, ov);
                    sqlite3_bind_int64(chg, 7, nv);
                    if (sqlite3_step(chg) != SQLITE_DONE) {
                        rc = db_error(s, err, "writing the change audit");
                        goto done;
                    }
                    sqlite3_reset(chg);
                }
            }
        if (d->hours_given) {
            sqlite3_bind_int(src, 1, d->day);
            sqlite3_bind_int(src, 2, d->station_id);
            sqlite3_bind_int64(src, 3, r.ingest_id);
            sqlite3_bind_int(src, 4, (int)d->hours_given);
            if (sqlite3_step(src) != SQLITE_DONE) {
                rc = db_error(s, err, "recording the source file");
                goto done;
            }
            sqlite3_reset(src);
        }
        if (have_old && !changed)
            continue;
        blen = encode(blob, (const int64_t(*)[24])d->v);
        sqlite3_bind_int(put, 1, d->day);
        sqlite3_bind_int(put, 2, d->station_id);
        sqlite3_bind_blob(put, 3, blob, (int)blen, SQLITE_STATIC);
        sqlite3_bind_int64(put, 4, r.ingest_id);
        if (sqlite3_step(put) != SQLITE_DONE) {
            rc = db_error(s, err, "writing hours");
            goto done;
        }
        sqlite3_reset(put);
        r.station_days++;
        {
            /* records are in day order: one row per month touched */
            int y, m, month;
            aq_civil_from_day(d->day, &y, &m, NULL);
            month = y * 12 + m - 1;
            if (month != last_month) {
                sqlite3_bind_int(mv, 1, month);
                sqlite3_bind_int64(mv, 2, r.ingest_id);
                if (sqlite3_step(mv) != SQLITE_DONE) {
                    rc = db_error(s, err, "recording the month version");
                    goto done;
                }
                sqlite3_reset(mv);
                last_month = month;
            }
        }
        if (d->day < r.first_day)
            r.first_day = d->day;
        if (d->day > r.last_day)
            r.last_day = d->day;
    }
    if (prepare(s, &log,
                "UPDATE ingest SET rows = ?2, observations = ?3, "
                "values_new = ?4, values_same = ?5, values_replaced = ?6, "
                "unknown_station_obs = ?7, rejected_rows = ?8, "
                "rejected_values = ?9, problems = ?10, conflicts = ?11 "
                "WHERE id = ?1")) {
        rc = db_error(s, err, "writing the ingest log");
        goto done;
    }
    sqlite3_bind_int64(log, 1, r.ingest_id);
    sqlite3_bind_int64(log, 2, (sqlite3_int64)ing->rows);
    sqlite3_bind_int64(log, 3, (sqlite3_int64)r.observations);
    sqlite3_bind_int64(log, 4, (sqlite3_int64)r.values_new);
    sqlite3_bind_int64(log, 5, (sqlite3_int64)r.values_same);
    sqlite3_bind_int64(log, 6, (sqlite3_int64)r.values_replaced);
    sqlite3_bind_int64(log, 7, (sqlite3_int64)r.unknown_station_obs);
    sqlite3_bind_int64(log, 8, (sqlite3_int64)ing->rejected_rows);
    sqlite3_bind_int64(log, 9, (sqlite3_int64)ing->rejected_values);
    sqlite3_bind_text(log, 10, ing->problems, -1, SQLITE_STATIC);
    sqlite3_bind_int64(log, 11, (sqlite3_int64)ing->conflicts);
    if (sqlite3_step(log) != SQLITE_DONE) {
        rc = db_error(s, err, "writing the ingest log");
        goto done;
    }
    rc = exec(s, "COMMIT", err);
done:
    if (rc < 0)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
finish:
    aqx_free(order);
    sqlite3_exec(s->db, "PRAGMA temp_store=DEFAULT", NULL, NULL, NULL);
    sqlite3_exec(s->db, "PRAGMA cache_size=-2000", NULL, NULL, NULL);
    sqlite3_finalize(get);
    sqlite3_finalize(put);
    sqlite3_finalize(log);
    sqlite3_finalize(chg);
    sqlite3_finalize(src);
    sqlite3_finalize(mv);
    r.conflicts = ing->conflicts;
    for (i = 0; i < ing->code_cap; i++)
        r.stations_seen += ing->codes[i].code && ing->codes[i].seen;
    r.stations_seen += ing->add_unknown ? ing->nunknown : 0;
    {
        size_t k, n = 0;
        r.unknown_stations[0] = '\0';
        for (k = 0; k < ing->nunknown && n < sizeof r.unknown_stations; k++)
            n += (size_t)snprintf(r.unknown_stations + n,
                                  sizeof r.unknown_stations - n, "%s%s (%lu)",
                                  k ? ", " : "", ing->unknown[k].code,
                                  ing->unknown[k].count);
    }
    snprintf(r.first_conflict, sizeof r.first_conflict, "%s",
             ing->first_conflict);
    if (r.first_day == INT32_MAX)
        r.first_day = r.last_day = 0;
    if (rep)
        *rep = r;
    ingest_free(ing);
    return rc;
}

void aq_ingest_abort(aq_ingest *ing)
{
    ingest_free(ing);
}

/* ---- Reading back ---- */

aq_status aq_store_each_station_day(
    aq_store *s, int32_t first, int32_t last,
    aq_status (*cb)(const aq_station_info *st, int32_t day,
                    const aq_day_hours *hours, void *payload),
    void *payload, aq_error *err)
{
    sqlite3_stmt *st = NULL;
    aq_day_hours hours;
    aq_status rc = AQ_OK;
    int step;

    if (prepare(s, &st,
                "SELECT d.day, s.id, s.unit_id, s.code, u.name, s.name, "
                "s.lon, s.lat, s.reference, d.hours FROM station_day d "
                "JOIN station s ON s.id = d.station_id "
                "JOIN unit u ON u.id = s.unit_id "
                "WHERE d.day BETWEEN ?1 AND ?2 AND s.active "
                "ORDER BY d.day, u.name, s.code"))
        return db_error(s, err, "reading hourly data");
    sqlite3_bind_int(st, 1, first);
    sqlite3_bind_int(st, 2, last);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        aq_station_info info;
        if (decode(hours, sqlite3_column_blob(st, 9),
                   (size_t)sqlite3_column_bytes(st, 9)) < 0) {
            rc = aq_error_set(err, AQ_ESTORE, "corrupt station-day record");
            break;
        }
        info.id = sqlite3_column_int(st, 1);
        info.unit_id = sqlite3_column_int(st, 2);
        info.code = col_text(st, 3);
        info.unit = col_text(st, 4);
        info.name = col_text(st, 5);
        info.lon = col_double_or_nan(st, 6);
        info.lat = col_double_or_nan(st, 7);
        info.reference = sqlite3_column_int(st, 8);
        if ((rc = cb(&info, sqlite3_column_int(st, 0),
                     (const aq_day_hours *)&hours, payload)) != AQ_OK)
            break;
    }
    if (rc == AQ_OK && step != SQLITE_DONE)
        rc = db_error(s, err, "reading hourly data");
    sqlite3_finalize(st);
    return rc;
}

aq_status aq_store_day_range(aq_store *s, int32_t *first, int32_t *last,
                             aq_error *err)
{
    sqlite3_stmt *st = NULL;
    aq_status rc = AQ_OK;

    /* two subqueries: SQLite answers a lone min() or max() from the
     * primary key's first column in O(log n), but scans the whole table
     * (the history: issue 6's incremental update) for both in one */
    if (prepare(s, &st, "SELECT (SELECT min(day) FROM station_day), "
                        "(SELECT max(day) FROM station_day)"))
        return db_error(s, err, "reading the day range");
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = db_error(s, err, "reading the day range");
    else if (sqlite3_column_type(st, 0) == SQLITE_NULL)
        rc = aq_error_set(err, AQ_ENOTFOUND, "the store holds no data");
    else {
        *first = sqlite3_column_int(st, 0);
        *last = sqlite3_column_int(st, 1);
    }
    sqlite3_finalize(st);
    return rc;
}

long aq_store_data_version(aq_store *s)
{
    sqlite3_stmt *st = NULL;
    long v = -1;

    if (prepare(s, &st, "PRAGMA data_version") == 0 &&
        sqlite3_step(st) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* ---- Earmarked funds (P8) ---- */

static aq_status audit(aq_store *s, const char *unit, const char *date,
                       const char *category, int64_t amount,
                       const char *description, const char *outcome,
                       const char *reason, aq_error *err)
{
    sqlite3_stmt *st = NULL;
    aq_status rc = AQ_OK;

    if (prepare(s, &st,
                "INSERT INTO fund_audit(unit, date, category, amount, "
                "description, outcome, reason) VALUES (?1,?2,?3,?4,?5,?6,?7)"))
        return db_error(s, err, "writing the fund audit log");
    sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, category, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, amount);
    sqlite3_bind_text(st, 5, description, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, outcome, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, reason, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_error(s, err, "writing the fund audit log");
    sqlite3_finalize(st);
    return rc;
}

aq_status aq_store_fund_refuse(aq_store *s, const char *unit,
                               const char *date, const char *category,
                               int64_t amount, const char *description,
                               const char *reason, aq_error *err)
{
    aq_error ignored = AQ_ERROR_INIT;

    return audit(s, unit ? unit : "", date ? date : "",
                 category ? category : "", amount,
                 description ? description : "", "refused",
                 reason ? reason : "", err ? err : &ignored);
}

aq_status aq_store_fund_spend(aq_store *s, const char *unit, const char *date,
                              const char *category, int64_t amount,
                              const char *description, aq_fund_check_cb check,
                              void *payload, long *id_out, aq_error *err)
{
    sqlite3_stmt *st = NULL;
    sqlite3_int64 unit_id = 0;
    aq_fund_record *spent = NULL;
    size_t n = 0, cap = 0;
    aq_status rc;
    int step;

    if (amount <= 0)
        return aq_error_set(err, AQ_EINVALID, "amount must be positive");
    if ((rc = exec(s, "BEGIN IMMEDIATE", err)) < 0)
        return rc;
    if (prepare(s, &st, "SELECT id FROM unit WHERE name = ?1")) {
        rc = db_error(s, err, "finding the unit");
        goto done;
    }
    sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = aq_error_set(err, AQ_ENOTFOUND, "no unit named '%s'", unit);
        goto done;
    }
    unit_id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    /* the unit's spending so far, for the ledger's check: read inside
     * this transaction, so no other write can slip in between */
    if (prepare(s, &st, "SELECT date, amount FROM fund_spending "
                        "WHERE unit_id = ?1 ORDER BY date, id")) {
        rc = db_error(s, err, "reading the fund");
        goto done;
    }
    sqlite3_bind_int64(st, 1, unit_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            aq_fund_record *ns = aqx_realloc(spent, nc * sizeof *ns);
            if (!ns) {
                rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
                goto done;
            }
            spent = ns;
            cap = nc;
        }
        memset(&spent[n], 0, sizeof spent[n]);
        spent[n].date = aqx_strdup(col_text(st, 0));
        spent[n].amount = sqlite3_column_int64(st, 1);
        if (!spent[n++].date) {
            rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
            goto done;
        }
    }
    if (step != SQLITE_DONE) {
        rc = db_error(s, err, "reading the fund");
        goto done;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (check && (rc = check(spent, n, payload, err)) < 0)
        goto done;
    if (prepare(s, &st, "INSERT INTO fund_spending(unit_id, date, category, "
                        "amount, description) VALUES (?1, ?2, ?3, ?4, ?5)")) {
        rc = db_error(s, err, "recording spending");
        goto done;
    }
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, category, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, amount);
    sqlite3_bind_text(st, 5, description, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = db_error(s, err, "recording spending");
        goto done;
    }
    if (id_out)
        *id_out = (long)sqlite3_last_insert_rowid(s->db);
    rc = audit(s, unit, date, category, amount, description, "accepted", "",
               err);
done:
    sqlite3_finalize(st);
    while (n)
        aqx_free((char *)spent[--n].date);
    aqx_free(spent);
    if (rc == AQ_OK)
        return exec(s, "COMMIT", err);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    if (rc == AQ_EPOLICY || rc == AQ_ENOTFOUND)
        aq_store_fund_refuse(s, unit, date, category, amount, description,
                             err ? err->message : "refused", NULL);
    return rc;
}

/* The rows of a fund query (id, unit, date, category, description, time,
 * amount and, for the audit log, the reason) to cb, in order. */
static aq_status each_fund_row(aq_store *s, const char *sql, int with_reason,
                               aq_status (*cb)(const aq_fund_record *rec,
                                               void *payload),
                               void *payload, aq_error *err)
{
    sqlite3_stmt *st = NULL;
    aq_status rc = AQ_OK;
    int step;

    if (prepare(s, &st, sql))
        return db_error(s, err, "reading the fund");
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        aq_fund_record rec;
        rec.id = (long)sqlite3_column_int64(st, 0);
        rec.unit = col_text(st, 1);
        rec.date = col_text(st, 2);
        rec.category = col_text(st, 3);
        rec.description = col_text(st, 4);
        rec.recorded_at = col_text(st, 5);
        rec.amount = sqlite3_column_int64(st, 6);
        rec.reason = with_reason ? col_text(st, 7) : NULL;
        if ((rc = cb(&rec, payload)) != AQ_OK)
            break;
    }
    if (rc == AQ_OK && step != SQLITE_DONE)
        rc = db_error(s, err, "reading the fund");
    sqlite3_finalize(st);
    return rc;
}

aq_status aq_store_each_fund(aq_store *s,
                             aq_status (*cb)(const aq_fund_record *rec,
                                             void *payload),
                             void *payload, aq_error *err)
{
    return each_fund_row(s,
                         "SELECT f.id, u.name, f.date, f.category, "
                         "f.description, f.recorded_at, f.amount FROM "
                         "fund_spending f JOIN unit u ON u.id = f.unit_id "
                         "ORDER BY f.id",
                         0, cb, payload, err);
}

aq_status aq_store_each_fund_refusal(
    aq_store *s, aq_status (*cb)(const aq_fund_record *rec, void *payload),
    void *payload, aq_error *err)
{
    return each_fund_row(s,
                         "SELECT id, unit, date, category, description, at, "
                         "amount, reason FROM fund_audit WHERE outcome = "
                         "'refused' ORDER BY id",
                         1, cb, payload, err);
}

long aq_store_fund_refusals(aq_store *s)
{
    sqlite3_stmt *st = NULL;
    long n = -1;

    if (prepare(s, &st, "SELECT count(*) FROM fund_audit WHERE outcome = "
                        "'refused'") == 0 &&
        sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

aq_status aq_store_check(aq_store *s, aq_error *err)
{
    static const struct {
        const char *sql, *what;
    } checks[] = {
        {"PRAGMA integrity_check", "integrity check"},
        {"PRAGMA foreign_key_check", "foreign key"},
        {"SELECT 'station_day ' || day || '/' || station_id || ' has ' || "
         "length(hours) || ' bytes' FROM station_day WHERE length(hours) <> "
         "1152 AND (length(hours) < 145 OR hex(substr(hours, 1, 1)) <> "
         "'01') LIMIT 1",
         "record format"},
        {"SELECT 'station_day ' || day || '/' || station_id || ' comes from "
         "unknown ingest ' || ingest_id FROM station_day WHERE ingest_id NOT "
         "IN (SELECT id FROM ingest) LIMIT 1",
         "provenance"},
    };
    size_t i;

    for (i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        sqlite3_stmt *st = NULL;
        int step;
        if (prepare(s, &st, checks[i].sql))
            return db_error(s, err, checks[i].what);
        step = sqlite3_step(st);
        if (step == SQLITE_ROW &&
            (i != 0 || strcmp(col_text(st, 0), "ok") != 0)) {
            aq_error_set(err, AQ_ESTORE, "%s: %s", checks[i].what,
                         i == 1 ? "a row refers to a missing parent"
                                : col_text(st, 0));
            sqlite3_finalize(st);
            return AQ_ESTORE;
        }
        if (step != SQLITE_ROW && step != SQLITE_DONE) {
            sqlite3_finalize(st);
            return db_error(s, err, checks[i].what);
        }
        sqlite3_finalize(st);
    }
    return AQ_OK;
}

/* ---- Period cache (issue 6) ---- */

aq_status aq_store_data_key(aq_store *s, int32_t first, int32_t last,
                            char *dst, size_t cap, aq_error *err)
{
    sqlite3_stmt *st = NULL;
    size_t n;
    int y0, m0, y1, m1, step;

    aq_civil_from_day(first, &y0, &m0, NULL);
    aq_civil_from_day(last, &y1, &m1, NULL);
    if (prepare(s, &st,
                "SELECT (SELECT value FROM meta WHERE key = "
                "'jurisdiction_version'), group_concat(month || '.' || "
                "version, ',') FROM (SELECT month, version FROM month_version "
                "WHERE month BETWEEN ?1 AND ?2 ORDER BY month)"))
        return db_error(s, err, "reading data versions");
    sqlite3_bind_int(st, 1, y0 * 12 + m0 - 1);
    sqlite3_bind_int(st, 2, y1 * 12 + m1 - 1);
    step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        sqlite3_finalize(st);
        return db_error(s, err, "reading data versions");
    }
    n = (size_t)snprintf(dst, cap, "j%s:%s", col_text(st, 0), col_text(st, 1));
    sqlite3_finalize(st);
    if (n >= cap)
        return aq_error_set(err, AQ_ERROR, "data key too long");
    return AQ_OK;
}

aq_status aq_store_cache_get(aq_store *s, const char *period,
                             const char *key, void *dst, size_t size)
{
    sqlite3_stmt *st = NULL;
    aq_status rc = AQ_ENOTFOUND;

    if (prepare(s, &st, "SELECT data FROM period_cache WHERE period = ?1 "
                        "AND key = ?2"))
        return AQ_ESTORE;
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW &&
        (size_t)sqlite3_column_bytes(st, 0) == size) {
        memcpy(dst, sqlite3_column_blob(st, 0), size);
        rc = AQ_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

aq_status aq_store_cache_put(aq_store *s, const char *period,
                             const char *key, const void *data, size_t size)
{
    sqlite3_stmt *st = NULL;
    aq_status rc = AQ_OK;

    if (s->readonly)
        return AQ_OK; /* a reader keeps its results in memory only */
    if (prepare(s, &st, "INSERT OR REPLACE INTO period_cache(period, key, "
                        "data) VALUES (?1, ?2, ?3)"))
        return AQ_ESTORE;
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, data, (int)size, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = AQ_ESTORE;
    sqlite3_finalize(st);
    return rc;
}

aq_status aq_store_counts(aq_store *s, long *station_days, long *ingests,
                          aq_error *err)
{
    sqlite3_stmt *st = NULL;
    aq_status rc = AQ_OK;

    /* one statement: one read snapshot, so the two counts agree */
    if (prepare(s, &st, "SELECT (SELECT count(*) FROM station_day), "
                        "(SELECT count(*) FROM ingest)"))
        return db_error(s, err, "counting records");
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = db_error(s, err, "counting records");
    } else {
        *station_days = (long)sqlite3_column_int64(st, 0);
        *ingests = (long)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return rc;
}
