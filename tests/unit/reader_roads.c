/* SPDX-License-Identifier: MIT */
/*
 * The road inspection reader (issue 20, src/lib/input/reader_roads.c):
 * recognition from the header, the columns in any order with the optional
 * inspector and note, empty = not measured, UTF-8 and GB18030, and every
 * kind of bad row rejected whole at its field (file:line:column), or, with
 * strict, the first one as the error. Each file is written out below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/date.h"
#include "aq/decimal.h"
#include "aq/reader.h"
#include "fixture.h"
#include "harness.h"

typedef struct got {
    char unit[32], road[32], inspector[32], note[64];
    int32_t day;
    int minute;
    int64_t dust, litter;
    unsigned long line;
} got;

typedef struct sink {
    got rec[16];
    size_t n;
} sink;

static aq_status keep(const aq_inspection *r, void *payload)
{
    sink *s = payload;
    got *g;

    if (s->n == 16)
        return AQ_ERROR;
    g = &s->rec[s->n++];
    snprintf(g->unit, sizeof g->unit, "%s", r->unit);
    snprintf(g->road, sizeof g->road, "%s", r->road);
    snprintf(g->inspector, sizeof g->inspector, "%s", r->inspector);
    snprintf(g->note, sizeof g->note, "%s", r->note);
    g->day = r->day;
    g->minute = r->minute;
    g->dust = r->dust;
    g->litter = r->litter;
    g->line = r->line;
    return AQ_OK;
}

/* the jurisdiction of these files: 桃城区 and 冀州区 */
static int known(const char *unit, void *payload)
{
    (void)payload;
    return !strcmp(unit, "桃城区") || !strcmp(unit, "冀州区");
}

static aq_status read_roads(const char *path, int strict, sink *s,
                            aq_read_stats *st, aq_error *err)
{
    aq_read_options o = AQ_READ_OPTIONS_INIT;

    o.inspection_cb = keep;
    o.unit_known = known;
    o.strict = strict;
    memset(s, 0, sizeof *s);
    return aq_read_file(path, &o, NULL, s, st, err);
}

/* Columns in another order, the optional ones, quoted text, empty cells
 * (not measured), CRLF. Row 2: 2019-01-10 08:30 is minute 510 of day
 * 17906 (days since 1970-01-01); 5.0 g/m2 = 5,000,000 micro-units. */
void test_reader_roads__columns_and_values_issue20(void)
{
    const char *path = aqt_write_file(
        NULL, 0, "ok.csv",
        "Road,unit,time,note,litter_minutes,dust_g_m2,inspector\r\n"
        "人民路,桃城区,2019-01-10 08:30,\"扫后复查, 合格\",15,5.0,张三\r\n"
        "胜利路,冀州区,2019-01-31T23:59,,,5.01,\r\n"
        "胜利路,冀州区,2019-02-01 00:00,,16,,李四\r\n");
    sink s;
    aq_read_stats st;
    aq_error err = AQ_ERROR_INIT;

    CHECK_OK(read_roads(path, 0, &s, &st, &err));
    EXPECT_EQ_INT(3, st.rows);
    EXPECT_EQ_INT(3, st.observations);
    EXPECT_EQ_INT(4, st.values);
    EXPECT_EQ_INT(0, st.rejected_rows);
    CHECK(s.n == 3);
    EXPECT_EQ_STR("桃城区", s.rec[0].unit);
    EXPECT_EQ_STR("人民路", s.rec[0].road);
    EXPECT_EQ_STR("张三", s.rec[0].inspector);
    EXPECT_EQ_STR("扫后复查, 合格", s.rec[0].note);
    EXPECT_EQ_INT(17906, s.rec[0].day);
    EXPECT_EQ_INT(aq_day_from_civil(2019, 1, 10), s.rec[0].day);
    EXPECT_EQ_INT(510, s.rec[0].minute);
    EXPECT_EQ_INT(5000000, s.rec[0].dust);
    EXPECT_EQ_INT(15000000, s.rec[0].litter);
    EXPECT_EQ_INT(2, s.rec[0].line);
    EXPECT_EQ_INT(1439, s.rec[1].minute);
    EXPECT_EQ_INT(5010000, s.rec[1].dust);
    EXPECT_EQ_INT(AQ_MISSING, s.rec[1].litter);
    EXPECT_EQ_STR("", s.rec[1].inspector);
    EXPECT_EQ_INT(aq_day_from_civil(2019, 2, 1), s.rec[2].day);
    EXPECT_EQ_INT(0, s.rec[2].minute);
    EXPECT_EQ_INT(AQ_MISSING, s.rec[2].dust);
}

/* GB18030 (GBK bytes of 桃城区, 人民路, 张三) is converted to UTF-8. */
void test_reader_roads__gb18030_issue20(void)
{
    const char *path =
        aqt_write_file(NULL, 0, "gbk.csv",
                       "time,unit,road,dust_g_m2,litter_minutes,inspector\n"
                       "2019-01-10 09:00,\xCC\xD2\xB3\xC7\xC7\xF8,"
                       "\xC8\xCB\xC3\xF1\xC2\xB7,1.25,3,\xD5\xC5\xC8\xFD\n");
    sink s;
    aq_read_stats st;
    aq_error err = AQ_ERROR_INIT;

    CHECK_OK(read_roads(path, 0, &s, &st, &err));
    CHECK(s.n == 1);
    EXPECT_EQ_STR("桃城区", s.rec[0].unit);
    EXPECT_EQ_STR("人民路", s.rec[0].road);
    EXPECT_EQ_STR("张三", s.rec[0].inspector);
    EXPECT_EQ_INT(1250000, s.rec[0].dust);
}

/* Every bad row is rejected whole and named at its field; the good rows
 * around them are read. Columns: 1 time, 2 unit, 3 road, 4 dust_g_m2, 5
 * litter_minutes. */
void test_reader_roads__bad_rows_named_issue20(void)
{
    const char *path =
        aqt_write_file(NULL, 0, "bad.csv",
                       "time,unit,road,dust_g_m2,litter_minutes\n"
                       "2019-01-10 08:00,桃城区,a,-0.5,3\n" /* 2: negative */
                       "2019-01-10 08:00,桃城区,a,1,-1\n"   /* 3: negative */
                       "2019-01-10 08:00,桃城区,a,1,1441\n" /* 4: a day */
                       "2019-01-10 08:00,景县,a,1,1\n"      /* 5: unknown */
                       "2019-01-10 24:00,桃城区,a,1,1\n"    /* 6: the day */
                       "2019-02-30 08:00,桃城区,a,1,1\n"    /* 7: no date */
                       "2019-01-10 8:00,桃城区,a,1,1\n"     /* 8: shape */
                       "2019-01-10 08:00,桃城区,a,5.0x,1\n" /* 9: number */
                       "2019-01-10 08:00,桃城区,a,1e3,1\n"  /* 10: number */
                       "2019-01-10 08:00,桃城区,,1,1\n"     /* 11: road */
                       "2019-01-10 08:00,,a,1,1\n"          /* 12: unit */
                       "2019-01-10 08:00,桃城区,a,1001,1\n" /* 13: load */
                       "2019-01-10 08:00,桃城区,a\n"        /* 14: count */
                       "2019-01-10 08:00,冀州区,a,1000,1440\n"); /* 15: good */
    static const char *const want[] = {
        "bad.csv:2:4: dust_g_m2: \"-0.5\" is negative",
        "bad.csv:3:5: litter_minutes: \"-1\" is negative",
        "bad.csv:4:5: litter_minutes: \"1441\" is impossible",
        "bad.csv:5:2: unit: \"景县\" is not a unit of the jurisdiction",
        "bad.csv:6:1: time: \"2019-01-10 24:00\" is outside the day",
        "bad.csv:7:1: time: \"2019-02-30 08:00\" is not a date",
        "bad.csv:8:1: time: \"2019-01-10 8:00\" is not local time",
    };
    sink s;
    aq_read_stats st;
    aq_error err = AQ_ERROR_INIT;
    size_t i;

    CHECK_OK(read_roads(path, 0, &s, &st, &err));
    EXPECT_EQ_INT(14, st.rows);
    EXPECT_EQ_INT(13, st.rejected_rows);
    EXPECT_EQ_INT(13, st.problems);
    CHECK(s.n == 1);
    EXPECT_EQ_STR("冀州区", s.rec[0].unit);
    EXPECT_EQ_INT(15, s.rec[0].line);
    EXPECT_EQ_INT(1000 * AQ_MICRO, s.rec[0].dust);
    for (i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(st.first_problems, want[i]))
            aqt_fail(__FILE__, __LINE__, "no problem \"%s\" in:\n%s",
                     want[i], st.first_problems);
    /* the first problems hold 1 KiB; with strict the first bad row is the
     * error, at its place */
    CHECK(read_roads(path, 1, &s, &st, &err) == AQ_EPARSE);
    EXPECT_EQ_INT(2, err.line);
    EXPECT_EQ_INT(4, err.column);
    EXPECT(strstr(err.message, "dust_g_m2") != NULL);
    EXPECT_EQ_INT(0, s.n);
}

/* The later bad rows, past the 1 KiB of first problems: each is still
 * reported through problem_cb, with its line, column and field. */
static void note_problem(const char *source, unsigned long line,
                         unsigned long column, const char *message,
                         void *payload)
{
    char *all = payload;
    size_t n = strlen(all);

    (void)source;
    snprintf(all + n, 4096 - n, "%lu:%lu: %s\n", line, column, message);
}

void test_reader_roads__every_problem_reported_issue20(void)
{
    const char *path =
        aqt_write_file(NULL, 0, "bad2.csv",
                       "time,unit,road,dust_g_m2,litter_minutes\n"
                       "2019-01-10 08:00,桃城区,a,5.0x,1\n"
                       "2019-01-10 08:00,桃城区,a,1e3,1\n"
                       "2019-01-10 08:00,桃城区,,1,1\n"
                       "2019-01-10 08:00,,a,1,1\n"
                       "2019-01-10 08:00,桃城区,a,1001,1\n"
                       "2019-01-10 08:00,桃城区,a\n");
    static char all[4096];
    static const char *const want[] = {
        "2:4: dust_g_m2: \"5.0x\" is not a number; row rejected\n",
        "3:4: dust_g_m2: \"1e3\" is not a number; row rejected\n",
        "4:3: road is empty; row rejected\n",
        "5:2: unit is empty; row rejected\n",
        "6:4: dust_g_m2: \"1001\" is above 1000 g/m2",
        "7:3: wrong column count: 3 fields, need 5; row rejected\n"};
    aq_read_options o = AQ_READ_OPTIONS_INIT;
    aq_read_stats st;
    aq_error err = AQ_ERROR_INIT;
    sink s;
    size_t i;

    all[0] = '\0';
    o.inspection_cb = keep;
    o.problem_cb = note_problem;
    o.problem_payload = all;
    memset(&s, 0, sizeof s);
    CHECK_OK(aq_read_file(path, &o, NULL, &s, &st, &err));
    EXPECT_EQ_INT(6, st.rejected_rows);
    EXPECT_EQ_INT(0, s.n);
    for (i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(all, want[i]))
            aqt_fail(__FILE__, __LINE__, "no problem \"%s\" in:\n%s",
                     want[i], all);
}

/* Recognition: the five columns make a road inspection file; without
 * the inspection callback such a file is refused, not read as hourly
 * data; a header missing a column is no format; forced, it names the
 * column. */
void test_reader_roads__recognition_issue20(void)
{
    const char *ok = aqt_write_file(NULL, 0, "r.csv",
                                    "time,unit,road,dust_g_m2,litter_minutes\n"
                                    "2019-01-10 08:00,桃城区,a,1,1\n");
    aq_read_options o = AQ_READ_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    aq_format f;
    const char *no_litter;

    CHECK(aq_read_file(ok, &o, NULL, NULL, NULL, &err) == AQ_EPARSE);
    EXPECT(strstr(err.message, "road inspection") != NULL);
    EXPECT_EQ_INT(AQ_OK, aq_format_parse("roads", &f));
    EXPECT_EQ_INT(AQ_FORMAT_ROADS, f);
    EXPECT_EQ_STR("roads", aq_format_name(AQ_FORMAT_ROADS));
    no_litter = aqt_write_file(NULL, 0, "n.csv",
                               "time,unit,road,dust_g_m2\n"
                               "2019-01-10 08:00,桃城区,a,1\n");
    o.inspection_cb = keep;
    {
        sink s;
        memset(&s, 0, sizeof s);
        CHECK(aq_read_file(no_litter, &o, NULL, &s, NULL, &err) ==
              AQ_EPARSE);
        EXPECT(strstr(err.message, "unknown format") != NULL);
        o.format = AQ_FORMAT_ROADS;
        CHECK(aq_read_file(no_litter, &o, NULL, &s, NULL, &err) ==
              AQ_EPARSE);
        EXPECT(strstr(err.message, "no column litter_minutes") != NULL);
    }
}
