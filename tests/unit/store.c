/* SPDX-License-Identifier: MIT */
/* The SQLite store: schema, jurisdiction, atomic and idempotent ingest,
 * lossless hourly values (issue 3). */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aq/decimal.h"
#include "aq/store.h"
#include "fixture.h"
#include "harness.h"
#include "util/sha256.h"

static const aq_station_row rows[] = {
    {"A1", "桃城区", "Taocheng", "Station A1", 115.7, 37.7, 0},
    {"A2", "桃城区", "Taocheng", "Station A2", 115.71, 37.71, 1},
    {"B1", "冀州区", NULL, NULL, NAN, NAN, 0},
};

static aq_store *open_fresh(const char *name)
{
    return aqt_store_fresh(name, rows, 3, "rank_by = composite\n", NULL, 0);
}

static void hour_values(int64_t v[AQ_POLLUTANT_COUNT], int64_t base)
{
    int p;

    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        v[p] = base + p * AQ_MICRO;
}

struct collect {
    int count;
    int64_t pm25_a1_h5;
    int64_t so2_a1_h6;
    char units[8][32];
};

static aq_status collect_cb(const aq_station_info *st, int32_t day,
                            const aq_day_hours *h, void *payload)
{
    struct collect *c = payload;

    (void)day;
    c->count++;
    if (!strcmp(st->code, "A1")) {
        c->pm25_a1_h5 = (*h)[AQ_PM25][4];
        c->so2_a1_h6 = (*h)[AQ_SO2][5];
    }
    return AQ_OK;
}

void test_store__ingest_is_lossless_atomic_and_idempotent(void)
{
    aq_store *s = open_fresh("ingest.db");
    aq_error err = AQ_ERROR_INIT;
    aq_ingest *ing = NULL;
    aq_ingest_report rep;
    int64_t v[AQ_POLLUTANT_COUNT];
    struct collect c;
    int32_t day = 17713, first, last;

    CHECK(s);
    TRY(aq_ingest_begin(s, &ing, "f1.csv", "hash-1", "long", &err));
    hour_values(v, 1234567); /* 1.234567: kept to the micro-unit */
    TRY(aq_ingest_add(ing, "A1", day, 5, v, &err));
    TRY(aq_ingest_add(ing, "B1", day, 5, v, &err));
    TRY(aq_ingest_add(ing, "ZZ", day, 5, v, &err)); /* unknown */
    COMMIT(ing, &rep, &err);
    EXPECT_EQ_INT(0, rep.already_ingested);
    EXPECT_EQ_INT(3, rep.observations);
    EXPECT_EQ_INT(1, rep.unknown_station_obs);
    EXPECT_EQ_INT(12, rep.values_new);
    EXPECT_EQ_INT(2, rep.station_days);

    memset(&c, 0, sizeof c);
    TRY(aq_store_each_station_day(s, day, day, collect_cb, &c, &err));
    EXPECT_EQ_INT(2, c.count);
    EXPECT_EQ_INT(1234567 + AQ_PM25 * AQ_MICRO, c.pm25_a1_h5);
    EXPECT_EQ_INT(AQ_MISSING, c.so2_a1_h6);

    /* the same content again: nothing changes */
    TRY(aq_ingest_begin(s, &ing, "f1-copy.csv", "hash-1", "long", &err));
    EXPECT(aq_ingest_is_duplicate(ing));
    TRY(aq_ingest_add(ing, "A1", day, 6, v, &err));
    COMMIT(ing, &rep, &err);
    EXPECT_EQ_INT(1, rep.already_ingested);
    memset(&c, 0, sizeof c);
    TRY(aq_store_each_station_day(s, day, day, collect_cb, &c, &err));
    EXPECT_EQ_INT(AQ_MISSING, c.so2_a1_h6);

    /* a second file: a new value replaces, a missing one never erases */
    TRY(aq_ingest_begin(s, &ing, "f2.csv", "hash-2", "long", &err));
    hour_values(v, 7 * AQ_MICRO);
    v[AQ_PM25] = AQ_MISSING;
    TRY(aq_ingest_add(ing, "A1", day, 5, v, &err));
    COMMIT(ing, &rep, &err);
    EXPECT_EQ_INT(5, rep.values_replaced);
    memset(&c, 0, sizeof c);
    TRY(aq_store_each_station_day(s, day, day, collect_cb, &c, &err));
    EXPECT_EQ_INT(1234567 + AQ_PM25 * AQ_MICRO, c.pm25_a1_h5);

    /* an aborted ingest leaves nothing */
    TRY(aq_ingest_begin(s, &ing, "f3.csv", "hash-3", "long", &err));
    TRY(aq_ingest_add(ing, "A1", day + 1, 1, v, &err));
    aq_ingest_abort(ing);
    ing = NULL;
    TRY(aq_store_day_range(s, &first, &last, &err));
    EXPECT_EQ_INT(day, first);
    EXPECT_EQ_INT(day, last);
done:
    aq_ingest_abort(ing);
    aq_store_close(s);
}

static aq_status count_units(const aq_unit_info *u, void *payload)
{
    struct collect *c = payload;

    if (c->count < 8)
        snprintf(c->units[c->count], sizeof c->units[0], "%s:%d:%d", u->name,
                 u->stations, u->reference);
    c->count++;
    return AQ_OK;
}

void test_store__jurisdiction_units_and_policy(void)
{
    aq_store *s = open_fresh("juris.db");
    aq_error err = AQ_ERROR_INIT;
    struct collect c;
    char *policy = NULL;
    static const aq_station_row dup[] = {
        {"A1", "x", NULL, NULL, NAN, NAN, 0},
        {"A1", "y", NULL, NULL, NAN, NAN, 0},
    };

    CHECK(s);
    EXPECT(aq_store_initialized(s));
    memset(&c, 0, sizeof c);
    TRY(aq_store_each_unit(s, count_units, &c, &err));
    EXPECT_EQ_INT(2, c.count);
    /* UTF-8 byte order: 冀 (E5 86 80) before 桃 (E6 A1 83) */
    EXPECT_EQ_STR("冀州区:1:0", c.units[0]);
    EXPECT_EQ_STR("桃城区:2:1", c.units[1]);
    TRY(aq_store_policy_text(s, &policy, &err));
    EXPECT_EQ_STR("rank_by = composite\n", policy);
    aq_free(policy);
    /* a duplicate station is refused and changes nothing */
    EXPECT_EQ_INT(AQ_EINVALID,
                  aq_store_set_jurisdiction(s, dup, 2, NULL, &err));
    EXPECT(strstr(err.message, "A1") != NULL);
    memset(&c, 0, sizeof c);
    TRY(aq_store_each_unit(s, count_units, &c, &err));
    EXPECT_EQ_INT(2, c.count);
done:
    aq_store_close(s);
}

void test_store__refuses_newer_schema_and_uninitialized_readonly(void)
{
    char path[512], cmd[700];
    FILE *f;
    aq_store *s = NULL;
    aq_error err = AQ_ERROR_INIT;

    snprintf(path, sizeof path, "%s/newer.db", aqt_tmp_dir());
    remove(path);
    CHECK_OK(aq_store_open(&s, path, AQ_STORE_CREATE, &err));
    aq_store_close(s);
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'PRAGMA user_version = 99'",
             path);
    CHECK(system(cmd) == 0);
    EXPECT_EQ_INT(AQ_ESTORE, aq_store_open(&s, path, 0, &err));
    EXPECT(strstr(err.message, "newer") != NULL);

    /* no such file: not found, and not created */
    snprintf(path, sizeof path, "%s/empty.db", aqt_tmp_dir());
    remove(path);
    EXPECT_EQ_INT(AQ_ENOTFOUND,
                  aq_store_open(&s, path, AQ_STORE_READONLY, &err));
    EXPECT_EQ_INT(AQ_ENOTFOUND, aq_store_open(&s, path, 0, &err));
    EXPECT(access(path, F_OK) != 0);
    /* an empty file is no aqrank database to read */
    f = fopen(path, "w");
    CHECK(f);
    fclose(f);
    EXPECT_EQ_INT(AQ_ESTORE,
                  aq_store_open(&s, path, AQ_STORE_READONLY, &err));
    /* another program's database is not made one */
    snprintf(path, sizeof path, "%s/foreign.db", aqt_tmp_dir());
    remove(path);
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'CREATE TABLE x(y)'", path);
    CHECK(system(cmd) == 0);
    EXPECT_EQ_INT(AQ_ESTORE, aq_store_open(&s, path, AQ_STORE_CREATE, &err));
    EXPECT(strstr(err.message, "not an aqrank database") != NULL);
}

void test_store__sha256_known_vectors(void)
{
    aqx_sha256 c;
    char hex[65];

    aqx_sha256_init(&c);
    aqx_sha256_update(&c, "abc", 3);
    aqx_sha256_final_hex(&c, hex);
    EXPECT_EQ_STR(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        hex);
    aqx_sha256_init(&c);
    aqx_sha256_final_hex(&c, hex);
    EXPECT_EQ_STR(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        hex);
    aqx_sha256_init(&c);
    aqx_sha256_update(
        &c, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
    aqx_sha256_final_hex(&c, hex);
    EXPECT_EQ_STR(
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        hex);
}

void test_store__conflicting_values_in_one_file_keep_first_and_audit(void)
{
    aq_store *s = open_fresh("conflict.db");
    aq_error err = AQ_ERROR_INIT;
    aq_ingest *ing = NULL;
    aq_ingest_report rep;
    int64_t v[AQ_POLLUTANT_COUNT];
    struct collect c;
    char path[512], cmd[800];
    FILE *f;
    int changes = -1;

    CHECK(s);
    TRY(aq_ingest_begin(s, &ing, "dup.csv", "hash-dup", "long", &err));
    hour_values(v, 5 * AQ_MICRO);
    TRY(aq_ingest_add(ing, "A1", 17713, 5, v, &err));
    hour_values(v, 6 * AQ_MICRO); /* same hour, other values */
    TRY(aq_ingest_add(ing, "A1", 17713, 5, v, &err));
    COMMIT(ing, &rep, &err);
    EXPECT_EQ_INT(6, rep.conflicts);
    EXPECT(strstr(rep.first_conflict, "A1") != NULL);
    memset(&c, 0, sizeof c);
    TRY(aq_store_each_station_day(s, 17713, 17713, collect_cb, &c, &err));
    EXPECT_EQ_INT(5 * AQ_MICRO + AQ_PM25 * AQ_MICRO, c.pm25_a1_h5);

    /* a corrected file replaces the value and the change is audited */
    TRY(aq_ingest_begin(s, &ing, "fix.csv", "hash-fix", "long", &err));
    TRY(aq_ingest_add(ing, "A1", 17713, 5, v, &err));
    COMMIT(ing, &rep, &err);
    EXPECT_EQ_INT(6, rep.values_replaced);
done:
    aq_ingest_abort(ing);
    aq_store_close(s);
    snprintf(path, sizeof path, "%s/conflict.db", aqt_tmp_dir());
    snprintf(cmd, sizeof cmd,
             "sqlite3 '%s' 'SELECT count(*) FROM value_change "
             "WHERE old_value = 5000000 AND new_value = 6000000'",
             path);
    f = popen(cmd, "r");
    CHECK(f);
    if (fscanf(f, "%d", &changes) != 1)
        changes = -2;
    pclose(f);
    EXPECT_EQ_INT(1, changes); /* so2: 5 -> 6 */
}

/* ---- Batches (issue 19 item 3): a source larger than one batch ---- */

/* One station-hour of a source: station, day offset, hour label, PM2.5 and
 * SO2 in whole units (-1 = missing). */
struct obs {
    const char *station;
    int day, hour, pm25, so2;
};

static aq_status add_all(aq_ingest *ing, const struct obs *o, size_t n,
                         aq_error *err)
{
    size_t i;
    aq_status rc;

    for (i = 0; i < n; i++) {
        int64_t v[AQ_POLLUTANT_COUNT];
        int p;
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
            v[p] = AQ_MISSING;
        if (o[i].pm25 >= 0)
            v[AQ_PM25] = (int64_t)o[i].pm25 * AQ_MICRO;
        if (o[i].so2 >= 0)
            v[AQ_SO2] = (int64_t)o[i].so2 * AQ_MICRO;
        if ((rc = aq_ingest_add(ing, o[i].station, 17713 + o[i].day,
                                o[i].hour, v, err)) < 0)
            return rc;
    }
    return AQ_OK;
}

/* The stored hours before the source below: PM2.5 10, 11, 12 at labels
 * 1-3 and SO2 7 at label 2 of A1 on day 0; PM2.5 50 at label 1 of B1 on
 * day 1. */
static const struct obs before[] = {
    {"A1", 0, 1, 10, -1}, {"A1", 0, 2, 11, 7}, {"A1", 0, 3, 12, -1},
    {"B1", 1, 1, 50, -1},
};

/* The source, in an order that splits station-days across batches of up
 * to 4 station-days (7 station-days in all), with what each row does by
 * the rules of STORE.md ("Ingest": a value given replaces a stored one,
 * the change audited; the same hour given twice in one source keeps the
 * first and counts a conflict; a missing value erases nothing): */
static const struct obs source[] = {
    {"A1", 0, 1, 10, -1},  /* 1 PM2.5 same as stored: same */
    {"A1", 0, 2, 20, -1},  /* 2 PM2.5 11 -> 20: replaced, audited */
    {"A1", 0, 4, 13, -1},  /* 3 new */
    {"A2", 0, 1, 30, 3},   /* 4 two new */
    {"A2", 1, 1, 31, -1},  /* 5 new */
    {"A1", 1, 1, 40, -1},  /* 6 new */
    {"A1", 0, 2, -1, 8},   /* 7 SO2 7 -> 8: replaced (the source gave
                                PM2.5 of that hour, not its SO2) */
    {"A1", 0, 2, 21, -1},  /* 8 PM2.5 20 given before: conflict, 20 kept */
    {"A1", 0, 4, 13, -1},  /* 9 the same value again: nothing */
    {"A2", 0, 1, 35, -1},  /* 10 PM2.5 30 given before: conflict */
    {"B1", 1, 1, 50, -1},  /* 11 same as stored: same */
    {"B1", 1, 2, -1, -1},  /* 12 nothing given: nothing */
    {"B1", 2, 5, -1, -1},  /* 13 a day of B1 with no value: an empty
                                record is written */
    {"ZZ", 0, 1, 60, -1},  /* 14 an unknown station, added: new */
    {"A1", 0, 2, -1, 8},   /* 15 the same SO2 again: nothing */
    {"A1", 0, 3, -1, 9},   /* 16 SO2 of label 3 (none stored): new */
};

/* Tables of the store as text: the station-days (decoded), the sources
 * of each, the audited changes, the month versions. */
static void dump_store(const char *path, char *dst, size_t cap)
{
    static const char *const sql[] = {
        "SELECT day, station_id, ingest_id, hex(hours) FROM station_day "
        "ORDER BY 1, 2",
        "SELECT * FROM station_day_source ORDER BY 1, 2, 3",
        "SELECT ingest_id, station_id, day, hour, pollutant, old_value, "
        "new_value FROM value_change ORDER BY 1, 2, 3, 4, 5",
        "SELECT * FROM month_version ORDER BY 1",
        "SELECT count(*) FROM sqlite_schema WHERE name = 'ingest_scratch'",
    };
    sqlite3 *db = NULL;
    size_t n = 0, i;

    dst[0] = '\0';
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return;
    }
    for (i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, sql[i], -1, &st, NULL) != SQLITE_OK)
            break;
        while (sqlite3_step(st) == SQLITE_ROW && n < cap) {
            int c;
            for (c = 0; c < sqlite3_column_count(st) && n < cap; c++) {
                const unsigned char *t = sqlite3_column_text(st, c);
                n += (size_t)snprintf(dst + n, cap - n, "%s%s",
                                      c ? "," : "", t ? (const char *)t : "");
            }
            if (n < cap)
                n += (size_t)snprintf(dst + n, cap - n, "\n");
        }
        sqlite3_finalize(st);
        if (n < cap)
            n += (size_t)snprintf(dst + n, cap - n, "--\n");
    }
    sqlite3_close(db);
}

struct a1_day0 {
    int64_t pm25[4], so2[3];
};

static aq_status a1_day0_cb(const aq_station_info *st, int32_t day,
                            const aq_day_hours *h, void *payload)
{
    struct a1_day0 *a = payload;
    int i;

    if (day != 17713 || strcmp(st->code, "A1"))
        return AQ_OK;
    for (i = 0; i < 4; i++)
        a->pm25[i] = (*h)[AQ_PM25][i];
    for (i = 0; i < 3; i++)
        a->so2[i] = (*h)[AQ_SO2][i];
    return AQ_OK;
}

void test_store__batches_store_what_one_batch_stores(void)
{
    static const size_t batches[] = {0, 1, 2, 3, 4};
    static char want[16384], got[16384];
    aq_error err = AQ_ERROR_INIT;
    aq_ingest *ing = NULL;
    aq_store *s = NULL;
    size_t b;

    for (b = 0; b < sizeof batches / sizeof batches[0]; b++) {
        aq_ingest_report rep;
        struct a1_day0 a;
        char name[32], path[512];
        snprintf(name, sizeof name, "batch%zu.db", batches[b]);
        snprintf(path, sizeof path, "%s/%s", aqt_tmp_dir(), name);
        s = open_fresh(name);
        CHECK(s);
        TRY(aq_ingest_begin(s, &ing, "before.csv", "hash-before", "long",
                            &err));
        TRY(add_all(ing, before, sizeof before / sizeof before[0], &err));
        COMMIT(ing, &rep, &err);
        TRY(aq_ingest_begin(s, &ing, "source.csv", "hash-source", "long",
                            &err));
        aq_ingest_set_batch(ing, batches[b]);
        aq_ingest_add_unknown_stations(ing, 1);
        TRY(add_all(ing, source, sizeof source / sizeof source[0], &err));
        COMMIT(ing, &rep, &err);
        /* counted from the comments of `source` */
        EXPECT_EQ_INT(16, rep.observations);
        EXPECT_EQ_INT(7, rep.values_new);  /* rows 3, 4 (2), 5, 6, 14, 16 */
        EXPECT_EQ_INT(2, rep.values_same); /* rows 1, 11 */
        EXPECT_EQ_INT(2, rep.values_replaced); /* rows 2, 7 */
        EXPECT_EQ_INT(2, rep.conflicts);       /* rows 8, 10 */
        /* written: A1 day 0, A2 days 0 and 1, A1 day 1, B1 day 2, ZZ day
         * 0; B1 day 1 is unchanged */
        EXPECT_EQ_INT(6, rep.station_days);
        EXPECT_EQ_INT(17713, rep.first_day);
        EXPECT_EQ_INT(17715, rep.last_day);
        EXPECT_EQ_INT(1, rep.added_stations);
        memset(&a, 0, sizeof a);
        TRY(aq_store_each_station_day(s, 17713, 17713, a1_day0_cb, &a, &err));
        EXPECT_EQ_INT(10 * AQ_MICRO, a.pm25[0]);
        EXPECT_EQ_INT(20 * AQ_MICRO, a.pm25[1]);
        EXPECT_EQ_INT(12 * AQ_MICRO, a.pm25[2]);
        EXPECT_EQ_INT(13 * AQ_MICRO, a.pm25[3]);
        EXPECT_EQ_INT(AQ_MISSING, a.so2[0]);
        EXPECT_EQ_INT(8 * AQ_MICRO, a.so2[1]);
        EXPECT_EQ_INT(9 * AQ_MICRO, a.so2[2]);
        TRY(aq_store_check(s, &err));
        aq_store_close(s);
        s = NULL;
        /* and every table as with one batch: the station-days, their
         * sources (A1 day 0: labels 1-4 = 15), the two audited changes
         * (PM2.5 11 -> 20, SO2 7 -> 8), the month; no scratch table */
        dump_store(path, b ? got : want, sizeof want);
        if (!b) {
            EXPECT(strstr(want, "17713,1,2,15\n") != NULL);
            EXPECT(strstr(want, "2,1,17713,2,pm25,11000000,20000000\n"));
            EXPECT(strstr(want, "2,1,17713,2,so2,7000000,8000000\n"));
            EXPECT(strstr(want, "--\n0\n--\n") != NULL);
        } else if (strcmp(want, got) != 0) {
            aqt_fail(__FILE__, __LINE__, "batch %zu stores:\n%s\nnot:\n%s",
                     batches[b], got, want);
        }
    }
done:
    aq_ingest_abort(ing);
    aq_store_close(s);
}

struct counts {
    long station_days, ingests;
};

static void counts_of(aq_store *s, struct counts *c)
{
    aq_error err = AQ_ERROR_INIT;

    c->station_days = c->ingests = -1;
    aq_store_counts(s, &c->station_days, &c->ingests, &err);
}

void test_store__batches_are_one_transaction(void)
{
    aq_store *s = open_fresh("batch-txn.db"), *reader = NULL, *other = NULL;
    aq_error err = AQ_ERROR_INIT;
    aq_ingest *ing = NULL, *ing2 = NULL;
    aq_ingest_report rep;
    struct counts c0, c;
    char path[512];

    CHECK(s);
    snprintf(path, sizeof path, "%s/batch-txn.db", aqt_tmp_dir());
    TRY(aq_store_open(&reader, path, AQ_STORE_READONLY, &err));
    counts_of(s, &c0);
    /* batches of one: every new station-day writes the one before */
    TRY(aq_ingest_begin(s, &ing, "source.csv", "hash-source", "long", &err));
    aq_ingest_set_batch(ing, 1);
    TRY(add_all(ing, before, sizeof before / sizeof before[0], &err));
    /* written but not committed: another connection sees nothing */
    counts_of(reader, &c);
    EXPECT_EQ_INT(c0.station_days, c.station_days);
    EXPECT_EQ_INT(c0.ingests, c.ingests);
    aq_ingest_abort(ing);
    ing = NULL;
    counts_of(s, &c);
    EXPECT_EQ_INT(c0.station_days, c.station_days);
    EXPECT_EQ_INT(c0.ingests, c.ingests);

    /* the same source stored by another connection after this ingest
     * began: its first batch finds it a duplicate and stores nothing */
    TRY(aq_store_open(&other, path, 0, &err));
    TRY(aq_ingest_begin(s, &ing, "source.csv", "hash-source", "long", &err));
    aq_ingest_set_batch(ing, 1);
    TRY(aq_ingest_begin(other, &ing2, "copy.csv", "hash-source", "long",
                        &err));
    TRY(add_all(ing2, before, sizeof before / sizeof before[0], &err));
    COMMIT(ing2, &rep, &err);
    EXPECT_EQ_INT(0, rep.already_ingested);
    EXPECT_EQ_INT(2, rep.station_days);
    TRY(add_all(ing, source, sizeof source / sizeof source[0], &err));
    COMMIT(ing, &rep, &err);
    EXPECT_EQ_INT(1, rep.already_ingested);
    counts_of(reader, &c);
    EXPECT_EQ_INT(c0.station_days + 2, c.station_days);
    EXPECT_EQ_INT(c0.ingests + 1, c.ingests);
done:
    aq_ingest_abort(ing);
    aq_ingest_abort(ing2);
    aq_store_close(other);
    aq_store_close(reader);
    aq_store_close(s);
}
