/* SPDX-License-Identifier: MIT */
/*
 * The store's schema: the tables, the migrations from every older schema
 * version, opening and closing a store, and its consistency check. The
 * tables are described in docs/internals/STORE.md.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/store/store_internal.h"
#include "util/alloc.h"

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

/* Version 5: road inspection records (issue 20), each the latest of its
 * (day, unit, road, minute) with the ingest and line it came from; the
 * values a later file replaced; the ingest log's counts of them. */
static const char schema_v5[] =
    "CREATE TABLE road_inspection("
    "  id INTEGER PRIMARY KEY,"
    "  day INTEGER NOT NULL,"
    "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
    "  road TEXT NOT NULL CHECK (road <> ''),"
    "  minute INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 1439),"
    "  dust INTEGER CHECK (dust >= 0),"     /* micro g/m2; NULL = not */
    "  litter INTEGER CHECK (litter >= 0)," /* micro-minutes; measured */
    "  inspector TEXT NOT NULL DEFAULT '',"
    "  note TEXT NOT NULL DEFAULT '',"
    "  ingest_id INTEGER NOT NULL REFERENCES ingest(id),"
    "  line INTEGER NOT NULL,"
    "  UNIQUE (day, unit_id, road, minute));"
    "CREATE TABLE road_inspection_change("
    "  id INTEGER PRIMARY KEY,"
    "  inspection_id INTEGER NOT NULL REFERENCES road_inspection(id),"
    "  ingest_id INTEGER NOT NULL REFERENCES ingest(id),"
    "  old_dust INTEGER, old_litter INTEGER,"
    "  old_inspector TEXT NOT NULL, old_note TEXT NOT NULL,"
    "  old_ingest_id INTEGER NOT NULL REFERENCES ingest(id),"
    "  old_line INTEGER NOT NULL);"
    "ALTER TABLE ingest ADD COLUMN inspections INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE ingest ADD COLUMN inspections_new INTEGER NOT NULL "
    "  DEFAULT 0;"
    "ALTER TABLE ingest ADD COLUMN inspections_same INTEGER NOT NULL "
    "  DEFAULT 0;"
    "ALTER TABLE ingest ADD COLUMN inspections_replaced INTEGER NOT NULL "
    "  DEFAULT 0;";

static const char *const migrations[] = {schema_v1, schema_v2, schema_v3,
                                         schema_v4, schema_v5};

static aq_status read_version(aq_store *s, int *version, aq_error *err)
{
    int64_t v = -1;
    aq_status rc = aq_store__query(s, "PRAGMA user_version",
                                   "reading the schema version",
                                   aq_store__row_int64, &v, err, "");

    *version = (int)v;
    return rc;
}

static aq_status migrate(aq_store *s, aq_error *err)
{
    aq_status rc;
    int version = 0, i;

    if ((rc = aq_store__exec(s, "BEGIN IMMEDIATE", err)) < 0)
        return rc;
    if ((rc = read_version(s, &version, err)) < 0)
        goto done;
    if (version == 0) {
        /* only an empty file becomes an aqrank database */
        int64_t tables = 0;
        if ((rc = aq_store__query(s, "SELECT count(*) FROM sqlite_schema",
                                  "reading the schema", aq_store__row_int64,
                                  &tables, err, "")) < 0)
            goto done;
        if (tables) {
            rc = aq_error_set(err, AQ_ESTORE,
                              "not an aqrank database (it holds other "
                              "tables); 'aqrank init' creates one in a new "
                              "file");
            goto done;
        }
    }
    if (version > AQ_STORE_SCHEMA_VERSION) {
        rc = aq_error_set(err, AQ_ESTORE,
                          "database schema version %d is newer than this "
                          "aqrank (%d): upgrade aqrank",
                          version, AQ_STORE_SCHEMA_VERSION);
        goto done;
    }
    for (i = version; i < AQ_STORE_SCHEMA_VERSION; i++) {
        char pragma[64];
        if ((rc = aq_store__exec(s, migrations[i], err)) < 0)
            goto done;
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", i + 1);
        if ((rc = aq_store__exec(s, pragma, err)) < 0)
            goto done;
    }
done:
    return aq_store__end(s, rc, err);
}

/* A reader does not migrate: the file must be of this schema already. */
static aq_status check_readable(aq_store *s, const char *path, aq_error *err)
{
    int version = -1;

    if (read_version(s, &version, err) < 0)
        /* could not read at all (a full disk cannot hold the WAL index, a
         * missing file, no permission): say so */
        return aq_error_set_at(err, AQ_ESTORE, path, 0, 0,
                               "cannot read the database: %s",
                               sqlite3_errmsg(s->db));
    if (version != AQ_STORE_SCHEMA_VERSION)
        return aq_error_set_at(err, AQ_ESTORE, path, 0, 0,
                               "not an aqrank database of schema version "
                               "%d (found %d); run 'aqrank init' first",
                               AQ_STORE_SCHEMA_VERSION, version);
    return AQ_OK;
}

aq_status aq_store_open(aq_store **out, const char *path, unsigned flags,
                        aq_error *err)
{
    aq_store *s;
    struct stat sb;
    int oflags;
    aq_status rc;

    *out = NULL;
    /* a database that does not exist is not found (exit status 4), not a
     * failure of SQLite's; only init creates one */
    if ((!(flags & AQ_STORE_CREATE) || (flags & AQ_STORE_READONLY)) &&
        stat(path, &sb) < 0 && errno == ENOENT)
        return aq_error_set_at(err, AQ_ENOTFOUND, path, 0, 0,
                               "no such database; 'aqrank init' creates one");
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
    if (!s->readonly &&
        (rc = aq_store__exec(s, "PRAGMA journal_mode=WAL;"
                                "PRAGMA synchronous=NORMAL",
                             err)) < 0)
        goto fail;
    if ((rc = aq_store__exec(s, "PRAGMA foreign_keys=ON", err)) < 0)
        goto fail;
    rc = s->readonly ? check_readable(s, path, err) : migrate(s, err);
    if (rc < 0)
        goto fail;
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

aq_status aq_store__bump_jurisdiction(aq_store *s, aq_error *err)
{
    return aq_store__exec(s, "UPDATE meta SET value = CAST(value AS INTEGER)"
                             " + 1 WHERE key = 'jurisdiction_version'",
                          err);
}

/* ---- aq_store_check ---- */

struct check {
    int integrity; /* the first check: its one row "ok" is no problem */
    char found[256];
};

static aq_status check_row(sqlite3_stmt *row, void *payload)
{
    struct check *c = payload;
    const char *t = aq_store__col_text(row, 0);

    if (c->integrity && !strcmp(t, "ok"))
        return AQ_OK;
    snprintf(c->found, sizeof c->found, "%s", t);
    return AQ_ESTORE;
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
        struct check c;
        aq_status rc;
        c.integrity = i == 0;
        c.found[0] = '\0';
        rc = aq_store__query(s, checks[i].sql, checks[i].what, check_row, &c,
                             err, "");
        if (rc == AQ_ESTORE && c.found[0])
            return aq_error_set(err, AQ_ESTORE, "%s: %s", checks[i].what,
                                i == 1 ? "a row refers to a missing parent"
                                       : c.found);
        if (rc < 0)
            return rc;
    }
    return AQ_OK;
}
