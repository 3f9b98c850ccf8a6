/* SPDX-License-Identifier: MIT */
/* The SQLite store: schema, jurisdiction, atomic and idempotent ingest,
 * lossless hourly values (issue 3). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/decimal.h"
#include "aq/store.h"
#include "harness.h"
#include "util/sha256.h"

static const aq_station_row rows[] = {
    {"A1", "桃城区", "Taocheng", "Station A1", 115.7, 37.7, 0},
    {"A2", "桃城区", "Taocheng", "Station A2", 115.71, 37.71, 1},
    {"B1", "冀州区", NULL, NULL, NAN, NAN, 0},
};

static aq_store *open_fresh(const char *name)
{
    char path[512];
    aq_store *s = NULL;
    aq_error err = AQ_ERROR_INIT;

    snprintf(path, sizeof path, "%s/%s", aqt_tmp_dir(), name);
    remove(path);
    if (aq_store_open(&s, path, AQ_STORE_CREATE, &err) != AQ_OK) {
        aqt_fail(__FILE__, __LINE__, "open %s: %s", path, err.message);
        return NULL;
    }
    if (aq_store_set_jurisdiction(s, rows, 3, "rank_by = composite\n",
                                  &err) != AQ_OK) {
        aqt_fail(__FILE__, __LINE__, "jurisdiction: %s", err.message);
        aq_store_close(s);
        return NULL;
    }
    return s;
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

/* like CHECK_OK, but to the test's cleanup label (see alloc_faults.sh) */
#define TRY(expr)                                                              \
    do {                                                                       \
        int rc_ = (int)(expr);                                                 \
        if (rc_ != 0) {                                                        \
            aqt_fail(__FILE__, __LINE__, "%s returned %d", #expr, rc_);        \
            goto done;                                                         \
        }                                                                      \
    } while (0)
/* commit frees the ingest whatever it returns */
#define COMMIT(ing, rep, err)                                                  \
    do {                                                                       \
        aq_ingest *ing_ = (ing);                                               \
        (ing) = NULL;                                                          \
        TRY(aq_ingest_commit(ing_, rep, err));                                 \
    } while (0)

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

    snprintf(path, sizeof path, "%s/empty.db", aqt_tmp_dir());
    remove(path);
    EXPECT_EQ_INT(AQ_ESTORE,
                  aq_store_open(&s, path, AQ_STORE_READONLY, &err));
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
