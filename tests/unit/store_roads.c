/* SPDX-License-Identifier: MIT */
/* Road inspections in the store (issue 20): stored losslessly with their
 * provenance, atomic and idempotent per source, merged by (day, unit,
 * road, minute) like hourly values (a later value replaces and is
 * audited, a missing one never erases, a second one in the same source
 * conflicts), read back by day; units by Chinese or English name; the
 * migration of a schema-4 database. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/date.h"
#include "aq/decimal.h"
#include "aq/store.h"
#include "fixture.h"
#include "harness.h"

static const aq_station_row rows[] = {
    {"A1", "桃城区", "Taocheng", "Station A1", 115.7, 37.7, 0},
    {"B1", "冀州区", NULL, NULL, NAN, NAN, 0},
};

static aq_store *open_fresh(const char *name, char *path, size_t cap)
{
    return aqt_store_fresh(name, rows, 2, NULL, path, cap);
}

static aq_inspection insp(const char *unit, const char *road, int minute,
                          int64_t dust, int64_t litter, const char *who,
                          unsigned long line)
{
    aq_inspection r;

    r.unit = unit;
    r.road = road;
    r.day = aq_day_from_civil(2019, 1, 10);
    r.minute = minute;
    r.dust = dust;
    r.litter = litter;
    r.inspector = who;
    r.note = "";
    r.line = line;
    return r;
}

/* One source: add, commit, report. */
static aq_status ingest(aq_store *s, const char *hash,
                        const aq_inspection *r, size_t n, int abort_it,
                        aq_ingest_report *rep, aq_error *err)
{
    aq_ingest *ing = NULL;
    aq_status rc;
    size_t i;

    if ((rc = aq_ingest_begin(s, &ing, "inspections.csv", hash, "roads",
                              err)) < 0)
        return rc;
    for (i = 0; i < n; i++)
        if ((rc = aq_ingest_add_inspection(ing, &r[i], err)) < 0) {
            aq_ingest_abort(ing);
            return rc;
        }
    if (abort_it) {
        aq_ingest_abort(ing);
        return AQ_OK;
    }
    return aq_ingest_commit(ing, rep, err);
}

struct seen {
    char text[1024];
    size_t n;
};

static aq_status collect(const aq_inspection *r, void *payload)
{
    struct seen *s = payload;
    size_t used = strlen(s->text);

    snprintf(s->text + used, sizeof s->text - used, "%s/%s/%d/%lld/%lld/%s/%lu\n",
             r->unit, r->road, r->minute,
             r->dust == AQ_MISSING ? -1LL : (long long)r->dust,
             r->litter == AQ_MISSING ? -1LL : (long long)r->litter,
             r->inspector, r->line);
    s->n++;
    return AQ_OK;
}

static aq_status read_all(aq_store *s, struct seen *seen, aq_error *err)
{
    memset(seen, 0, sizeof *seen);
    return aq_store_each_inspection(s, aq_day_from_civil(2019, 1, 1),
                                    aq_day_from_civil(2019, 1, 31), collect,
                                    seen, err);
}

void test_store_roads__stored_merged_and_idempotent_issue20(void)
{
    char path[512];
    aq_store *s = open_fresh("roads.db", path, sizeof path);
    aq_error err = AQ_ERROR_INIT;
    aq_ingest_report rep;
    struct seen seen;
    int32_t first, last;
    /* Taocheng by its English name, in any case */
    aq_inspection a[] = {
        insp("桃城区", "人民路", 510, 5000000, 15000000, "张三", 2),
        insp("taocheng", "胜利路", 570, 5010000, AQ_MISSING, "", 3),
        insp("冀州区", "x", 600, AQ_MISSING, AQ_MISSING, "", 4),
        /* the same inspection again, same values: no conflict */
        insp("冀州区", "x", 600, AQ_MISSING, AQ_MISSING, "", 5),
    };
    /* a later source: a replaced load (litter kept: not given), one
     * unchanged, one given twice with other values (the first kept) */
    aq_inspection b[] = {
        insp("桃城区", "人民路", 510, 4000000, AQ_MISSING, "", 7),
        insp("Taocheng", "胜利路", 570, 5010000, AQ_MISSING, "", 8),
        insp("冀州区", "y", 30, 1, 2, "", 9),
        insp("冀州区", "y", 30, 1, 3, "", 10),
    };

    CHECK(s);
    CHECK(aq_store_inspection_days(s, &first, &last, &err) == AQ_ENOTFOUND);
    if (ingest(s, "h-a", a, 4, 0, &rep, &err) != AQ_OK)
        goto fail;
    EXPECT_EQ_INT(4, rep.inspections);
    EXPECT_EQ_INT(3, rep.inspections_new);
    EXPECT_EQ_INT(0, rep.conflicts);
    if (read_all(s, &seen, &err) != AQ_OK)
        goto fail;
    /* by minute, unit name, road; the unit by its stored name */
    EXPECT_EQ_STR("桃城区/人民路/510/5000000/15000000/张三/2\n"
                  "桃城区/胜利路/570/5010000/-1//3\n"
                  "冀州区/x/600/-1/-1//4\n",
                  seen.text);
    /* the same source again: nothing changes */
    if (ingest(s, "h-a", a, 4, 0, &rep, &err) != AQ_OK)
        goto fail;
    EXPECT_EQ_INT(1, rep.already_ingested);
    EXPECT_EQ_INT(3, rep.inspections_new); /* the earlier ingest's log */
    /* a source aborted leaves nothing */
    if (ingest(s, "h-b", b, 4, 1, &rep, &err) != AQ_OK)
        goto fail;
    if (read_all(s, &seen, &err) != AQ_OK)
        goto fail;
    EXPECT_EQ_INT(3, seen.n);
    if (ingest(s, "h-b", b, 4, 0, &rep, &err) != AQ_OK)
        goto fail;
    EXPECT_EQ_INT(0, rep.already_ingested);
    EXPECT_EQ_INT(4, rep.inspections);
    EXPECT_EQ_INT(1, rep.inspections_new);
    EXPECT_EQ_INT(1, rep.inspections_same);
    EXPECT_EQ_INT(1, rep.inspections_replaced);
    EXPECT_EQ_INT(1, rep.conflicts);
    EXPECT(strstr(rep.first_conflict, "line 10") != NULL);
    if (read_all(s, &seen, &err) != AQ_OK)
        goto fail;
    EXPECT_EQ_STR("冀州区/y/30/1/2//9\n"
                  "桃城区/人民路/510/4000000/15000000/张三/7\n"
                  "桃城区/胜利路/570/5010000/-1//3\n"
                  "冀州区/x/600/-1/-1//4\n",
                  seen.text);
    CHECK_OK(aq_store_inspection_days(s, &first, &last, &err));
    EXPECT_EQ_INT(aq_day_from_civil(2019, 1, 10), first);
    EXPECT_EQ_INT(aq_day_from_civil(2019, 1, 10), last);
    EXPECT_EQ_INT(AQ_OK, aq_store_check(s, &err));
    aq_store_close(s);
    return;
fail:
    aqt_fail(__FILE__, __LINE__, "%s", err.message);
    aq_store_close(s);
}

/* A unit the jurisdiction does not have is refused, by name. */
void test_store_roads__unknown_unit_issue20(void)
{
    char path[512];
    aq_store *s = open_fresh("roads2.db", path, sizeof path);
    aq_error err = AQ_ERROR_INIT;
    aq_ingest *ing = NULL;
    aq_inspection r = insp("景县", "x", 600, 1, 1, "", 2);

    CHECK(s);
    if (aq_ingest_begin(s, &ing, "x.csv", "h", "roads", &err) == AQ_OK) {
        EXPECT_EQ_INT(0, aq_ingest_knows_unit(ing, "景县"));
        EXPECT_EQ_INT(1, aq_ingest_knows_unit(ing, "冀州区"));
        EXPECT_EQ_INT(1, aq_ingest_knows_unit(ing, "TAOCHENG"));
        EXPECT_EQ_INT(AQ_EINVALID, aq_ingest_add_inspection(ing, &r, &err));
        EXPECT(strstr(err.message, "景县") != NULL);
        aq_ingest_abort(ing);
    }
    aq_store_close(s);
}

/* A database of schema 4 (before inspections) is migrated when opened
 * for writing: here one made by taking version 5's additions away. */
void test_store_roads__migrates_schema_4_issue20(void)
{
    char path[512], cmd[1200];
    aq_store *s = open_fresh("roads4.db", path, sizeof path);
    aq_error err = AQ_ERROR_INIT;
    aq_inspection r = insp("冀州区", "x", 600, 1, 1, "", 2);
    aq_ingest_report rep;

    CHECK(s);
    aq_store_close(s);
    snprintf(cmd, sizeof cmd,
             "sqlite3 '%s' 'DROP TABLE road_inspection_change; DROP TABLE "
             "road_inspection; ALTER TABLE ingest DROP COLUMN inspections; "
             "ALTER TABLE ingest DROP COLUMN inspections_new; ALTER TABLE "
             "ingest DROP COLUMN inspections_same; ALTER TABLE ingest DROP "
             "COLUMN inspections_replaced; PRAGMA user_version = 4'",
             path);
    CHECK(system(cmd) == 0);
    s = NULL;
    /* read-only: not of this schema */
    EXPECT_EQ_INT(AQ_ESTORE, aq_store_open(&s, path, AQ_STORE_READONLY, &err));
    CHECK_OK(aq_store_open(&s, path, 0, &err));
    EXPECT_EQ_INT(AQ_OK, ingest(s, "h", &r, 1, 0, &rep, &err));
    EXPECT_EQ_INT(1, rep.inspections_new);
    aq_store_close(s);
}
