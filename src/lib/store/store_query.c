/* SPDX-License-Identifier: MIT */
/*
 * Reading the store: the jurisdiction, the policy text, the stored
 * station-days, counts and ranges. Each function is one statement, so what
 * it returns comes from one read snapshot.
 */
#include <stdint.h>

#include "lib/store/store_internal.h"
#include "util/alloc.h"

int aq_store_initialized(aq_store *s)
{
    int yes = 0;

    aq_store__query(s, "SELECT 1 FROM station WHERE active LIMIT 1",
                    "reading the jurisdiction", aq_store__row_exists, &yes,
                    NULL, "");
    return yes;
}

static aq_status row_strdup(sqlite3_stmt *row, void *payload)
{
    char **out = payload;

    aqx_free(*out);
    *out = aqx_strdup(aq_store__col_text(row, 0));
    return *out ? AQ_OK : AQ_ENOMEM;
}

aq_status aq_store_policy_text(aq_store *s, char **out, aq_error *err)
{
    aq_status rc;

    *out = NULL;
    rc = aq_store__query(s, "SELECT text FROM policy WHERE id = 1",
                         "reading the policy", row_strdup, out, err, "");
    if (rc == AQ_OK && !*out)
        *out = aqx_strdup(""); /* none stored */
    if (rc == AQ_ENOMEM || (rc == AQ_OK && !*out)) {
        aqx_free(*out);
        *out = NULL;
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    return rc;
}

typedef aq_status (*day_cb)(const aq_station_info *st, int32_t day,
                            const aq_day_hours *hours, void *payload);

/* The caller's callback of an aq_store_each_* (one of the three). */
struct each {
    aq_status (*unit)(const aq_unit_info *u, void *payload);
    aq_status (*station)(const aq_station_info *st, void *payload);
    day_cb day;
    void *payload;
    aq_error *err;
};

static aq_status row_unit(sqlite3_stmt *row, void *payload)
{
    struct each *e = payload;
    aq_unit_info u;

    u.id = sqlite3_column_int(row, 0);
    u.name = aq_store__col_text(row, 1);
    u.name_en = aq_store__col_text(row, 2);
    u.stations = sqlite3_column_int(row, 3);
    u.reference = sqlite3_column_int(row, 4);
    return e->unit(&u, e->payload);
}

aq_status aq_store_each_unit(aq_store *s,
                             aq_status (*cb)(const aq_unit_info *u,
                                             void *payload),
                             void *payload, aq_error *err)
{
    struct each e = {cb, NULL, NULL, payload, err};

    return aq_store__query(
        s,
        "SELECT u.id, u.name, u.name_en, count(s.id), "
        "coalesce(sum(s.reference), 0) FROM unit u "
        "LEFT JOIN station s ON s.unit_id = u.id AND s.active "
        "WHERE u.active GROUP BY u.id ORDER BY u.name",
        "listing units", row_unit, &e, err, "");
}

/* The station columns of the statements below, from column `at` on:
 * id, unit_id, code, unit name, name, lon, lat, reference. */
#define STATION_COLUMNS                                                        \
    "s.id, s.unit_id, s.code, u.name, s.name, s.lon, s.lat, s.reference"

static void station_of(sqlite3_stmt *row, int at, aq_station_info *info)
{
    info->id = sqlite3_column_int(row, at);
    info->unit_id = sqlite3_column_int(row, at + 1);
    info->code = aq_store__col_text(row, at + 2);
    info->unit = aq_store__col_text(row, at + 3);
    info->name = aq_store__col_text(row, at + 4);
    info->lon = aq_store__col_double(row, at + 5);
    info->lat = aq_store__col_double(row, at + 6);
    info->reference = sqlite3_column_int(row, at + 7);
}

static aq_status row_station(sqlite3_stmt *row, void *payload)
{
    struct each *e = payload;
    aq_station_info info;

    station_of(row, 0, &info);
    return e->station(&info, e->payload);
}

aq_status aq_store_each_station(aq_store *s,
                                aq_status (*cb)(const aq_station_info *st,
                                                void *payload),
                                void *payload, aq_error *err)
{
    struct each e = {NULL, cb, NULL, payload, err};

    return aq_store__query(s,
                           "SELECT " STATION_COLUMNS " FROM station s "
                           "JOIN unit u ON u.id = s.unit_id "
                           "WHERE s.active ORDER BY u.name, s.code",
                           "listing stations", row_station, &e, err, "");
}

static aq_status row_station_day(sqlite3_stmt *row, void *payload)
{
    struct each *e = payload;
    aq_station_info info;
    aq_day_hours hours;
    aq_status rc;

    if ((rc = aq_store__col_hours(row, 9, hours, e->err)) < 0)
        return rc;
    station_of(row, 1, &info);
    return e->day(&info, sqlite3_column_int(row, 0),
              (const aq_day_hours *)&hours, e->payload);
}

aq_status aq_store_each_station_day(aq_store *s, int32_t first, int32_t last,
                                    day_cb cb, void *payload, aq_error *err)
{
    struct each e = {NULL, NULL, cb, payload, err};

    return aq_store__query(s,
                           "SELECT d.day, " STATION_COLUMNS ", d.hours "
                           "FROM station_day d "
                           "JOIN station s ON s.id = d.station_id "
                           "JOIN unit u ON u.id = s.unit_id "
                           "WHERE d.day BETWEEN ?1 AND ?2 AND s.active "
                           "ORDER BY d.day, u.name, s.code",
                           "reading hourly data", row_station_day, &e, err,
                           "ii", (int)first, (int)last);
}

struct two {
    int64_t a, b;
    int null; /* the first column was NULL */
};

static aq_status row_two(sqlite3_stmt *row, void *payload)
{
    struct two *t = payload;

    t->null = sqlite3_column_type(row, 0) == SQLITE_NULL;
    t->a = (int64_t)sqlite3_column_int64(row, 0);
    t->b = (int64_t)sqlite3_column_int64(row, 1);
    return AQ_OK;
}

aq_status aq_store_day_range(aq_store *s, int32_t *first, int32_t *last,
                             aq_error *err)
{
    struct two t = {0, 0, 1};
    aq_status rc;

    /* two subqueries: SQLite answers a lone min() or max() from the
     * primary key's first column in O(log n), but scans the whole table
     * (the history: issue 6's incremental update) for both in one */
    rc = aq_store__query(s,
                         "SELECT (SELECT min(day) FROM station_day), "
                         "(SELECT max(day) FROM station_day)",
                         "reading the day range", row_two, &t, err, "");
    if (rc < 0)
        return rc;
    if (t.null)
        return aq_error_set(err, AQ_ENOTFOUND, "the store holds no data");
    *first = (int32_t)t.a;
    *last = (int32_t)t.b;
    return AQ_OK;
}

long aq_store_data_version(aq_store *s)
{
    int64_t v = -1;

    if (aq_store__query(s, "PRAGMA data_version", "reading the data version",
                        aq_store__row_int64, &v, NULL, "") < 0)
        return -1;
    return (long)v;
}

aq_status aq_store_counts(aq_store *s, long *station_days, long *ingests,
                          aq_error *err)
{
    struct two t = {0, 0, 0};
    aq_status rc;

    /* one statement: one read snapshot, so the two counts agree */
    rc = aq_store__query(s,
                         "SELECT (SELECT count(*) FROM station_day), "
                         "(SELECT count(*) FROM ingest)",
                         "counting records", row_two, &t, err, "");
    if (rc == AQ_OK) {
        *station_days = (long)t.a;
        *ingests = (long)t.b;
    }
    return rc;
}
