/* SPDX-License-Identifier: MIT */
/*
 * Readers (P1, N1.3.3, N3.1, N3.2, TV-21): the CNEMC, UCI and long formats
 * on hand-made fixtures (tests/data/readers/, every expected observation
 * written out below), bad input, and the real files of data/
 * (numbers checked independently with zcat | awk, commands in comments).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/date.h"
#include "aq/decimal.h"
#include "aq/reader.h"
#include "fixture.h"
#include "harness.h"
#include "lib/input/reader_fast.h"
#include "util/alloc.h"

#define M AQ_MISSING
#define U(x) ((int64_t)(x)*AQ_MICRO) /* whole units */

typedef struct got_obs {
    char station[48];
    int32_t day;
    int hour;
    int64_t v[AQ_POLLUTANT_COUNT];
} got_obs;

typedef struct collect {
    got_obs *obs;
    size_t n, cap;
    unsigned long missing[AQ_POLLUTANT_COUNT]; /* missing values seen */
    unsigned long by_station;                  /* obs of `watch` */
    const char *watch;
    int keep; /* store the observations */
} collect;

static aq_status collect_cb(const aq_obs *o, void *payload)
{
    collect *c = payload;
    int p;

    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        c->missing[p] += o->value[p] == AQ_MISSING;
    if (c->watch && !strcmp(c->watch, o->station))
        c->by_station++;
    if (!c->keep)
        return AQ_OK;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        void *nobs = aqx_realloc(c->obs, cap * sizeof *c->obs);
        if (!nobs)
            return AQ_ENOMEM;
        c->obs = nobs;
        c->cap = cap;
    }
    snprintf(c->obs[c->n].station, sizeof c->obs[c->n].station, "%s",
             o->station);
    c->obs[c->n].day = o->day;
    c->obs[c->n].hour = o->hour;
    memcpy(c->obs[c->n].v, o->value, sizeof o->value);
    c->n++;
    return AQ_OK;
}

static void path_of(char *dst, size_t cap, const char *name)
{
    snprintf(dst, cap, "%s/readers/%s", aqt_data_dir(), name);
}

/* compare one observation; values in the order so2 no2 pm10 pm25 co o3 */
static void expect_obs(int line, const got_obs *g, const char *station, int y,
                       int m, int d, int hour, int64_t so2, int64_t no2,
                       int64_t pm10, int64_t pm25, int64_t co, int64_t o3)
{
    int64_t want[AQ_POLLUTANT_COUNT] = {so2, no2, pm10, pm25, co, o3};
    int p;

    if (strcmp(g->station, station) || g->day != aq_day_from_civil(y, m, d) ||
        g->hour != hour) {
        int gy, gm, gd;
        aq_civil_from_day(g->day, &gy, &gm, &gd);
        aqt_fail(__FILE__, line,
                 "want %s %04d-%02d-%02d label %d, got %s %04d-%02d-%02d "
                 "label %d",
                 station, y, m, d, hour, g->station, gy, gm, gd, g->hour);
        return;
    }
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        if (g->v[p] != want[p])
            aqt_fail(__FILE__, line, "%s label %d %s: want %lld, got %lld",
                     station, hour, aq_pollutant_code((aq_pollutant)p),
                     (long long)want[p], (long long)g->v[p]);
}

static aq_status read_into(const char *path, const aq_read_options *o,
                           collect *c, aq_read_stats *st, aq_error *e)
{
    aq_status rc;

    memset(c, 0, sizeof *c);
    c->keep = 1;
    rc = aq_read_file(path, o, collect_cb, c, st, e);
    if (rc < 0) { /* the test stops here: nothing of c is left to free */
        aqx_free(c->obs);
        c->obs = NULL;
    }
    return rc;
}

/* ---- CNEMC ------------------------------------------------------------- */

/*
 * cnemc_small.csv: CRLF, no final newline, 3207A twice, hours 0, 1, 8 and
 * a truncated hour 23. Hour h ends at h (N1.3.3, TV-21): hour 0 of
 * 2018-07-01 is label 24 of 2018-06-30; hour 8 is label 8 of 07-01.
 */
static void check_cnemc_small(const char *name)
{
    char path[512];
    collect c;
    aq_read_stats st;
    aq_error e = AQ_ERROR_INIT;
    aq_read_options o = AQ_READ_OPTIONS_INIT;

    path_of(path, sizeof path, name);
    CHECK_OK(read_into(path, &o, &c, &st, &e));
    EXPECT_EQ_INT(15, st.rows);
    /* 4 stations x 4 hours: all 4 at hour 0, 1001A alone at hour 1 and at
     * hour 8 (1002A's "x" and 3207A's conflict leave them empty), all 4
     * at hour 23: 10 observations, 6 empty */
    EXPECT_EQ_INT(10, st.observations);
    EXPECT_EQ_INT(6, st.empty_observations);
    EXPECT_EQ_INT(3, st.rejected_values); /* -3, "x", 46 vs 47 */
    EXPECT_EQ_INT(1, st.rejected_rows);   /* the cut PM10 row */
    EXPECT_EQ_INT(1, st.truncated);
    EXPECT(strstr(st.first_problems, ":16:5: file ends inside this row"));
    EXPECT(strstr(st.first_problems, ":7:6: no2 value -3 is negative"));
    EXPECT(strstr(st.first_problems, ":13:5: pm25 value \"x\""));
    EXPECT(strstr(st.first_problems, ":13:7: station 3207A"));
    CHECK(c.n == 10);
    /* hour 0 -> 2018-06-30 label 24; the derived rows are ignored */
    expect_obs(__LINE__, &c.obs[0], "1001A", 2018, 6, 30, 24, U(5), U(20),
               U(55), U(30), 600000, U(100));
    expect_obs(__LINE__, &c.obs[1], "1002A", 2018, 6, 30, 24, U(6), U(21),
               U(66), M, 700000, U(101));
    /* the repeated 3207A column is identical: one observation; NO2 -3
     * rejected (N3.2), never clamped */
    expect_obs(__LINE__, &c.obs[2], "3207A", 2018, 6, 30, 24, U(7), M, U(80),
               U(45), 1250000, U(102));
    expect_obs(__LINE__, &c.obs[3], "9999A", 2018, 6, 30, 24, M, M, M, U(12), M,
               M);
    expect_obs(__LINE__, &c.obs[4], "1001A", 2018, 7, 1, 1, M, M, M, U(31), M,
               M);
    expect_obs(__LINE__, &c.obs[5], "1001A", 2018, 7, 1, 8, M, M, M, U(33),
               500000, M);
    /* hour 23: the PM2.5 row is complete and kept; the cut PM10 row is
     * dropped whole, so PM10 is missing rather than partly read */
    expect_obs(__LINE__, &c.obs[6], "1001A", 2018, 7, 1, 23, M, M, M, U(40), M,
               M);
    expect_obs(__LINE__, &c.obs[7], "1002A", 2018, 7, 1, 23, M, M, M, U(41), M,
               M);
    expect_obs(__LINE__, &c.obs[8], "3207A", 2018, 7, 1, 23, M, M, M, U(42), M,
               M);
    expect_obs(__LINE__, &c.obs[9], "9999A", 2018, 7, 1, 23, M, M, M, U(43), M,
               M);
    aqx_free(c.obs);
}

void test_reader__cnemc_hour_ending_tv21_dup_column_truncated_N1_3_3(void)
{
    check_cnemc_small("cnemc_small.csv");
}

/* the same bytes through gzip -n: read directly */
void test_reader__cnemc_gzip_same_result(void)
{
    check_cnemc_small("cnemc_small.csv.gz");
}

void test_reader__cnemc_strict_first_problem_is_error_N3_2(void)
{
    char path[512], buf[400];
    collect c;
    aq_read_stats st;
    aq_error e = AQ_ERROR_INIT;
    aq_read_options o = AQ_READ_OPTIONS_INIT;

    o.strict = 1;
    path_of(path, sizeof path, "cnemc_small.csv");
    EXPECT_EQ_INT(AQ_EPARSE, read_into(path, &o, &c, &st, &e));
    EXPECT_EQ_INT(7, e.line);
    EXPECT_EQ_INT(6, e.column);
    EXPECT(strstr(e.source, "cnemc_small.csv") != NULL);
    aq_error_format(&e, buf, sizeof buf);
    EXPECT(strstr(buf, "cnemc_small.csv:7:6: no2 value -3 is negative"));
    EXPECT_EQ_INT(0, c.n); /* stopped inside hour 0, before emitting it */
    aqx_free(c.obs);
}

void test_reader__cnemc_duplicate_conflict_and_order(void)
{
    char path[512];
    collect c;
    aq_read_stats st;
    aq_error e = AQ_ERROR_INIT;
    aq_read_options o = AQ_READ_OPTIONS_INIT;

    /* hour 5 then hour 4 (rejected: out of order), a second PM10 row of
     * hour 5 (rejected), a row with a wrong column count (rejected) */
    aqt_write_file(path, sizeof path, "order.csv",
                   "date,hour,type,A,B\n"
                   "20190105,5,PM10,10,20\n"
                   "20190105,5,PM10,11,21\n"
                   "20190105,4,PM10,12,22\n"
                   "20190105,5,SO2,1\n"
                   "20190105,5,SO2,1,2,3\n"
                   "20190105,24,SO2,1,2\n"
                   "2019015,5,SO2,1,2\n"
                   "20190105,5,O3,7,8\n");
    CHECK_OK(read_into(path, &o, &c, &st, &e));
    EXPECT_EQ_INT(8, st.rows);
    EXPECT_EQ_INT(6, st.rejected_rows);
    EXPECT_EQ_INT(0, st.truncated); /* a short row with a newline is not a
                                       truncation */
    CHECK(c.n == 2);
    expect_obs(__LINE__, &c.obs[0], "A", 2019, 1, 5, 5, M, M, U(10), M, M,
               U(7));
    expect_obs(__LINE__, &c.obs[1], "B", 2019, 1, 5, 5, M, M, U(20), M, M,
               U(8));
    aqx_free(c.obs);
}

/* ---- UCI --------------------------------------------------------------- */

void test_reader__uci_hour_starting_co_ugm3_na_tv21_N1_3_3(void)
{
    char path[512];
    collect c;
    aq_read_stats st;
    aq_error e = AQ_ERROR_INIT;
    aq_read_options o = AQ_READ_OPTIONS_INIT;

    path_of(path, sizeof path, "uci_small.csv");
    CHECK_OK(read_into(path, &o, &c, &st, &e));
    EXPECT_EQ_INT(7, st.rows);
    EXPECT_EQ_INT(4, st.observations);
    EXPECT_EQ_INT(1, st.empty_observations); /* row 2: all NA */
    EXPECT_EQ_INT(2, st.rejected_rows);      /* hour 24, 2018-02-30 */
    EXPECT_EQ_INT(2, st.rejected_values);    /* PM2.5 -1, CO 0.0005 */
    EXPECT_EQ_INT(0, st.truncated);
    CHECK(c.n == 4);
    /* TV-21: hour-starting 07:00 -> label 08; CO 300 ug/m3 = 0.3 mg/m3 */
    expect_obs(__LINE__, &c.obs[0], "Dingling", 2018, 7, 1, 8, M, U(20), U(10),
               3800000, 300000, U(80));
    /* hour 23 -> label 24 of the same day; CO 1234.5 ug = 1.2345 mg */
    expect_obs(__LINE__, &c.obs[1], "Dingling", 2018, 6, 30, 24, U(7), U(8),
               U(6), U(5), 1234500, U(9));
    expect_obs(__LINE__, &c.obs[2], "Dingling", 2018, 7, 1, 1, U(3), U(4), U(5),
               M, M, M);
    expect_obs(__LINE__, &c.obs[3], "Dingling", 2018, 7, 1, 3, U(1), U(1), U(1),
               U(1), M, U(1));
    aqx_free(c.obs);

    o.station_override = "1002A";
    CHECK_OK(read_into(path, &o, &c, &st, &e));
    CHECK(c.n == 4);
    EXPECT_EQ_STR("1002A", c.obs[0].station);
    aqx_free(c.obs);
}

/* ---- long -------------------------------------------------------------- */

void test_reader__long_aliases_any_order_bom_tv21_N1_3_3(void)
{
    char path[512];
    collect c;
    aq_read_stats st;
    aq_error e = AQ_ERROR_INIT;
    aq_read_options o = AQ_READ_OPTIONS_INIT;

    path_of(path, sizeof path, "long_small.csv");
    CHECK_OK(read_into(path, &o, &c, &st, &e));
    EXPECT_EQ_INT(9, st.rows);
    EXPECT_EQ_INT(5, st.observations);
    EXPECT_EQ_INT(2, st.empty_observations); /* row b; row g after "abc" */
    EXPECT_EQ_INT(2, st.rejected_rows);      /* 13:30; month 13 */
    EXPECT_EQ_INT(1, st.rejected_values);
    EXPECT(strstr(st.first_problems, ":6:1: time \"2018-07-01T13:30\" is "
                                     "not on the hour"));
    EXPECT(strstr(st.first_problems, ":7:1: bad time"));
    EXPECT(strstr(st.first_problems, ":8:3: pm25 value \"abc\""));
    CHECK(c.n == 5);
    /* the value covers the hour BEGINNING at time: 13:00 -> label 14 */
    expect_obs(__LINE__, &c.obs[0], "1001A", 2018, 7, 1, 14, M, M, M, U(35),
               800000, U(120));
    /* 23:00+08:00 -> label 24 of the same day */
    expect_obs(__LINE__, &c.obs[1], "1002A", 2018, 7, 1, 24, M, M, M, U(40),
               U(1), M);
    /* 00:00Z = 08:00 UTC+8 -> label 9 */
    expect_obs(__LINE__, &c.obs[2], "1001A", 2018, 7, 1, 9, M, M, M, U(12), M,
               M);
    expect_obs(__LINE__, &c.obs[3], "衡水市环保局", 2018, 6, 30, 24, M, M, M,
               U(10), 500000, M);
    expect_obs(__LINE__, &c.obs[4], "1001A", 1969, 12, 31, 24, M, M, M, U(1), M,
               M);
    aqx_free(c.obs);
}

/* station names in GBK (made with iconv -f UTF-8 -t GBK), CRLF */
void test_reader__long_gbk_station_names_converted(void)
{
    char path[512];
    collect c;
    aq_read_stats st;
    aq_error e = AQ_ERROR_INIT;
    aq_read_options o = AQ_READ_OPTIONS_INIT;

    path_of(path, sizeof path, "long_gbk.csv");
    CHECK_OK(read_into(path, &o, &c, &st, &e));
    CHECK(c.n == 2);
    expect_obs(__LINE__, &c.obs[0], "衡水市环保局", 2019, 1, 1, 1, M, M, M,
               U(80), M, M);
    expect_obs(__LINE__, &c.obs[1], "电机北厂", 2019, 1, 1, 2, M, M, M, U(81),
               M, M);
    aqx_free(c.obs);
}

void test_reader__limits_configurable_never_clamped_N3_2(void)
{
    char path[512];
    collect c;
    aq_read_stats st;
    aq_error e = AQ_ERROR_INIT;
    aq_read_options o = AQ_READ_OPTIONS_INIT;

    /* default limits: PM2.5 10000 accepted, 10000.5 rejected; CO 150
     * accepted, 150.1 rejected */
    aqt_write_file(path, sizeof path, "limits.csv",
                   "station,time,pm25,co\n"
                   "A,2019-01-01T00:00,10000,150\n"
                   "A,2019-01-01T01:00,10000.5,150.1\n"
                   "A,2019-01-01T02:00,600,2\n");
    CHECK_OK(read_into(path, &o, &c, &st, &e));
    EXPECT_EQ_INT(2, st.rejected_values);
    CHECK(c.n == 2);
    expect_obs(__LINE__, &c.obs[0], "A", 2019, 1, 1, 1, M, M, M, U(10000),
               U(150), M);
    aqx_free(c.obs);
    o.max_value[AQ_PM25] = U(500);
    CHECK_OK(read_into(path, &o, &c, &st, &e));
    EXPECT_EQ_INT(4, st.rejected_values); /* 10000, 10000.5, 150.1, 600 */
    CHECK(c.n == 2);
    expect_obs(__LINE__, &c.obs[1], "A", 2019, 1, 1, 3, M, M, M, M, U(2), M);
    aqx_free(c.obs);
}

void test_reader__bad_input_errors_name_file_line_column(void)
{
    char path[512];
    collect c;
    aq_read_stats st;
    aq_error e = AQ_ERROR_INIT;
    aq_read_options o = AQ_READ_OPTIONS_INIT;
    aq_format f;

    aqt_write_file(path, sizeof path, "empty.csv", "");
    EXPECT_EQ_INT(AQ_EPARSE, read_into(path, &o, &c, &st, &e));
    EXPECT(strstr(e.message, "empty file") != NULL);

    aqt_write_file(path, sizeof path, "unknown.csv", "foo,bar\n1,2\n");
    EXPECT_EQ_INT(AQ_EPARSE, read_into(path, &o, &c, &st, &e));
    EXPECT_EQ_INT(1, e.line);
    EXPECT(strstr(e.message, "unknown format") != NULL);

    aqt_write_file(path, sizeof path, "header.csv", "station,time,pm25\n");
    EXPECT_EQ_INT(AQ_EPARSE, read_into(path, &o, &c, &st, &e));
    EXPECT_EQ_INT(2, e.line);
    EXPECT(strstr(e.message, "no data rows") != NULL);

    /* a long header forced as cnemc */
    aqt_write_file(path, sizeof path, "forced.csv",
                   "station,time,pm25\nA,2019-01-01T00:00,1\n");
    o.format = AQ_FORMAT_CNEMC;
    EXPECT_EQ_INT(AQ_EPARSE, read_into(path, &o, &c, &st, &e));
    EXPECT(strstr(e.message, "bad header for cnemc") != NULL);
    o.format = AQ_FORMAT_AUTO;

    aqt_write_file(path, sizeof path, "nopol.csv",
                   "station,time,temp\nA,2019-01-01T00:00,1\n");
    EXPECT_EQ_INT(AQ_EPARSE, read_into(path, &o, &c, &st, &e));
    EXPECT(strstr(e.message, "no pollutant column") != NULL);

    aqt_write_file(path, sizeof path, "twice.csv",
                   "station,time,pm25,PM2.5\nA,2019-01-01T00:00,1,1\n");
    EXPECT_EQ_INT(AQ_EPARSE, read_into(path, &o, &c, &st, &e));
    EXPECT_EQ_INT(4, e.column);

    /* strict: a bad time is an error at its line and column */
    aqt_write_file(path, sizeof path, "badtime.csv",
                   "pm25,station,time\n1,A,2019-01-01T00:00\n2,A,yesterday\n");
    o.strict = 1;
    EXPECT_EQ_INT(AQ_EPARSE, read_into(path, &o, &c, &st, &e));
    EXPECT_EQ_INT(3, e.line);
    EXPECT_EQ_INT(3, e.column);
    EXPECT(strstr(e.source, "badtime.csv") != NULL);
    aqx_free(c.obs);

    EXPECT_EQ_INT(AQ_EIO,
                  aq_read_file("/nonexistent/x.csv", &o, NULL, NULL, NULL, &e));
    EXPECT_EQ_INT(AQ_OK, aq_format_parse("UCI", &f));
    EXPECT_EQ_INT(AQ_FORMAT_UCI, f);
    EXPECT_EQ_INT(AQ_EINVALID, aq_format_parse("xml", &f));
    EXPECT_EQ_STR("long", aq_format_name(AQ_FORMAT_LONG));
}

/* Value spellings: the common ones the accelerator takes and every kind
 * it must leave to the general check (N3.1, N3.2). None holds a comma: a
 * field with one is quoted, and the accelerator takes no quoted field. */
static const char *const spellings[] = {
    "",          "0",         "7",           "42",
    "042",       "999",       "1234",        "9999",
    "10000",     "10001",     "12345",       "99999",
    "1234567",   "12345678",  "00000012",    "0.5",
    "3.25",      "12.125",    "1.0",         "2.123456",
    "2.1234567", "0.0000001", "9999.999999", "10000.000001",
    "150",       "150.0",     "150.000001",  "149.999999",
    "150.5",     "151",       ".5",          "5.",
    ".",         "-3",        "-0",          "+4",
    " 6",        "7 ",        "\t8",         "1e2",
    "1.5e1",     "0x10",      "NA",          "N",
    "NAN",       "na",        "N/A",         "nan",
    "\xd9\xa3",  "01.50"};

/* The accelerator (reader_fast.h) and the general check
 * (aq_reader__value(), aq_decimal_parse()) give every spelling the same
 * value wherever the accelerator takes it, for each pollutant (CO's limit
 * is 150) and each separator; and it takes the common spellings. */
void test_reader__fast_value_agrees_with_general_check_N3_1_N3_2(void)
{
    static const char *const seps[] = {",", "\n", "\r\n"};
    static const aq_read_options ro = AQ_READ_OPTIONS_INIT;
    aq_reader_ctx c;
    aq_read_stats st;
    size_t i, k, taken = 0;
    int p;

    aq_reader__ctx_init(&c, &ro, &st, "spellings", NULL);
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        for (i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
            for (k = 0; k < 3; k++) {
                const char *sp = spellings[i];
                size_t len = strlen(sp);
                char buf[64];
                int64_t fast = 0, general = 0;
                unsigned long rejected = st.rejected_values;
                int n, any = 0;
                char sep = 0;

                /* the field, its separator, then more of a row */
                memset(buf, 0, sizeof buf);
                snprintf(buf, sizeof buf, "%s%s12,34,5.5\n", sp, seps[k]);
                n = aq_reader__fast_value(buf, (aq_pollutant)p, &fast, &any,
                                          &sep);
                EXPECT_EQ_INT(AQ_OK, aq_reader__value(&c, (aq_pollutant)p, sp,
                                                      len, 0, 1, 1, &general));
                if (n >= 0 && sep != buf[n])
                    aqt_fail(__FILE__, __LINE__, "\"%s\": separator", sp);
                if (n < 0 || buf[n] != seps[k][0])
                    continue; /* left to the general check */
                taken++;
                if ((size_t)n != len || st.rejected_values != rejected ||
                    fast != general || any != (fast != AQ_MISSING))
                    aqt_fail(__FILE__, __LINE__,
                             "pollutant %d, \"%s\": the accelerator took %d "
                             "bytes as %lld, the general check %lld%s",
                             p, sp, n, (long long)fast, (long long)general,
                             st.rejected_values != rejected ? " (rejected)"
                                                            : "");
            }
    /* "", 0, 7, 42, 042, 999, 1234, 9999, 0.5, 3.25, 12.125, 1.0,
     * 2.123456, 149.999999, 150, 150.0, NA, 01.50 for every pollutant and
     * separator, and the rest below the limits of the five others: the
     * accelerator is used, not bypassed */
    EXPECT(taken >= 18 * AQ_POLLUTANT_COUNT * 3);
}

/* ---- real data (data/, bundled: data/README.md) -------------------------- */

/* relative to the repository root, where the runner starts (tests/run.sh) */
#define DATA "data"

static int have(const char *path)
{
    FILE *f = fopen(path, "rb");

    if (!f) {
        aqt_fail(__FILE__, __LINE__, "missing bundled data file %s", path);
        return 0;
    }
    fclose(f);
    return 1;
}

/*
 * china_sites_20190220 (Jing-Jin-Ji subset, 89 stations): 105 complete
 * rows = hours 0..6 x 15 types, then a cut hour-7 AQI row (82 of 92
 * fields). Independently:
 *   zcat .../china_sites_20190220.csv.gz | tr -d '\r' | awk -F, 'NR>1 &&
 *     NR<=106 && ($3=="PM2.5"||$3=="PM10"||$3=="SO2"||$3=="NO2"||
 *     $3=="O3"||$3=="CO") {for(i=4;i<=NF;i++) if($i!=""){v++;
 *     s[$2","i]=1}} END{print v, length(s)}'        -> 3095 546
 * so 546 station-hours with a value, 7 x 89 - 546 = 77 empty ones.
 */
void test_reader__real_cnemc_truncated_20190220(void)
{
    const char *path =
        DATA "/cnemc_jingjinji/china_sites_20190220.csv.gz";
    collect c;
    aq_read_stats st;
    aq_error e = AQ_ERROR_INIT;
    aq_read_options o = AQ_READ_OPTIONS_INIT;

    if (!have(path))
        return;
    CHECK_OK(read_into(path, &o, &c, &st, &e));
    EXPECT_EQ_INT(106, st.rows);
    EXPECT_EQ_INT(1, st.truncated);
    EXPECT_EQ_INT(1, st.rejected_rows);
    EXPECT_EQ_INT(546, st.observations);
    EXPECT_EQ_INT(77, st.empty_observations);
    EXPECT_EQ_INT(3095, st.values);
    EXPECT_EQ_INT(0, st.rejected_values);
    EXPECT(strstr(st.first_problems, "china_sites_20190220.csv.gz:107:82: "
                                     "file ends inside this row") != NULL);
    /* hour 0 of 02-20 is label 24 of 02-19; hour 6 the last label */
    CHECK(c.n == 546);
    EXPECT_EQ_INT(aq_day_from_civil(2019, 2, 19), c.obs[0].day);
    EXPECT_EQ_INT(24, c.obs[0].hour);
    EXPECT_EQ_INT(aq_day_from_civil(2019, 2, 20), c.obs[c.n - 1].day);
    EXPECT_EQ_INT(6, c.obs[c.n - 1].hour);
    aqx_free(c.obs);
}

/*
 * china_sites_20190601 (national, 1,641 columns, 3207A at 1634 and 1635):
 *   awk as above over all 360 rows, skipping field 1635, and counting
 *   rows where $1634 != $1635                  -> 174535 29687, 0 differ
 *   hours where $1634 (3207A) has any value    -> 20
 * 1,640 distinct stations x 24 hours = 39,360 = 29,687 + 9,673 empty.
 * 1001A at hour 0: PM2.5 22, O3 88, CO 0.4 (label 24 of 2019-05-31).
 */
void test_reader__real_cnemc_3207A_twice_20190601(void)
{
    const char *path =
        DATA "/cnemc_national/201906/china_sites_20190601.csv.gz";
    collect c;
    aq_read_stats st;
    aq_error e = AQ_ERROR_INIT;
    aq_read_options o = AQ_READ_OPTIONS_INIT;

    if (!have(path))
        return;
    memset(&c, 0, sizeof c);
    c.watch = "3207A";
    CHECK_OK(aq_read_file(path, &o, collect_cb, &c, &st, &e));
    EXPECT_EQ_INT(360, st.rows);
    EXPECT_EQ_INT(0, st.truncated);
    EXPECT_EQ_INT(0, st.rejected_rows);
    EXPECT_EQ_INT(0, st.rejected_values);
    EXPECT_EQ_INT(29687, st.observations);
    EXPECT_EQ_INT(9673, st.empty_observations);
    EXPECT_EQ_INT(174535, st.values);
    EXPECT_EQ_INT(20, c.by_station); /* once per hour, not twice */

    CHECK_OK(read_into(path, &o, &c, &st, &e));
    CHECK(c.n > 0);
    expect_obs(__LINE__, &c.obs[0], "1001A", 2019, 5, 31, 24, c.obs[0].v[0],
               c.obs[0].v[1], c.obs[0].v[2], U(22), 400000, U(88));
    aqx_free(c.obs);
}

/*
 * UCI Dingling: 17,520 rows. NA per pollutant, independently:
 *   zcat PRSA_Data_Dingling_...csv.gz | tail -n +2 | tr -d '\r' | awk -F,
 *     '{for(i=6;i<=11;i++) if($i=="NA") na[i]++} END{...}'
 *   -> PM2.5 369, PM10 375, SO2 414, NO2 909, CO 1622, O3 576
 *   rows with all six NA -> 312
 * First row: 2013-03-01 hour 0: PM2.5 4, PM10 4, SO2 3, NO2 NA, CO 200,
 * O3 82 -> label 1, CO 0.2 mg/m3.
 */
void test_reader__real_uci_dingling_na_counts(void)
{
    const char *path = DATA "/beijing_multisite/"
                              "PRSA_Data_Dingling_20130301-20150228.csv.gz";
    collect c;
    aq_read_stats st;
    aq_error e = AQ_ERROR_INIT;
    aq_read_options o = AQ_READ_OPTIONS_INIT;
    unsigned long obs_missing[AQ_POLLUTANT_COUNT];
    int p;

    if (!have(path))
        return;
    CHECK_OK(read_into(path, &o, &c, &st, &e));
    EXPECT_EQ_INT(17520, st.rows);
    EXPECT_EQ_INT(0, st.rejected_rows);
    EXPECT_EQ_INT(0, st.rejected_values);
    EXPECT_EQ_INT(312, st.empty_observations);
    EXPECT_EQ_INT(17520 - 312, st.observations);
    /* the NA of the 312 empty rows are not in the callback's counts */
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        obs_missing[p] = c.missing[p] + 312;
    EXPECT_EQ_INT(414, obs_missing[AQ_SO2]);
    EXPECT_EQ_INT(909, obs_missing[AQ_NO2]);
    EXPECT_EQ_INT(375, obs_missing[AQ_PM10]);
    EXPECT_EQ_INT(369, obs_missing[AQ_PM25]);
    EXPECT_EQ_INT(1622, obs_missing[AQ_CO]);
    EXPECT_EQ_INT(576, obs_missing[AQ_O3]);
    CHECK(c.n > 0);
    expect_obs(__LINE__, &c.obs[0], "Dingling", 2013, 3, 1, 1, U(3), M, U(4),
               U(4), 200000, U(82));
    /* last row: 2015-02-28 hour 23 -> label 24 of the same day */
    EXPECT_EQ_INT(aq_day_from_civil(2015, 2, 28), c.obs[c.n - 1].day);
    EXPECT_EQ_INT(24, c.obs[c.n - 1].hour);
    aqx_free(c.obs);
}

/*
 * All 12 UCI files: NA totals as the data README states them, recounted
 * with the awk above over the 12 files (210,240 rows):
 * PM2.5 4251, PM10 3224, SO2 5407, NO2 7395, CO 16391, O3 8194.
 */
void test_reader__real_uci_all_stations_na_totals(void)
{
    static const char *const names[] = {
        "Aotizhongxin", "Changping", "Dingling", "Dongsi",
        "Guanyuan",     "Gucheng",   "Huairou",  "Nongzhanguan",
        "Shunyi",       "Tiantan",   "Wanliu",   "Wanshouxigong"};
    unsigned long na[AQ_POLLUTANT_COUNT] = {0}, rows = 0;
    size_t i;
    int p;

    for (i = 0; i < 12; i++) {
        char path[512];
        collect c;
        aq_read_stats st;
        aq_error e = AQ_ERROR_INIT;
        aq_read_options o = AQ_READ_OPTIONS_INIT;
        snprintf(path, sizeof path,
                 DATA "/beijing_multisite/PRSA_Data_%s_20130301-20150228"
                        ".csv.gz",
                 names[i]);
        if (!have(path))
            return;
        memset(&c, 0, sizeof c);
        CHECK_OK(aq_read_file(path, &o, collect_cb, &c, &st, &e));
        EXPECT_EQ_INT(0, st.rejected_values + st.rejected_rows);
        rows += st.rows;
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
            na[p] += c.missing[p] + st.empty_observations;
    }
    EXPECT_EQ_INT(210240, rows);
    EXPECT_EQ_INT(4251, na[AQ_PM25]);
    EXPECT_EQ_INT(3224, na[AQ_PM10]);
    EXPECT_EQ_INT(5407, na[AQ_SO2]);
    EXPECT_EQ_INT(7395, na[AQ_NO2]);
    EXPECT_EQ_INT(16391, na[AQ_CO]);
    EXPECT_EQ_INT(8194, na[AQ_O3]);
}

/* The columns of a header (aq_reader__columns, every format with named
 * columns): names without regard to ASCII case and surrounding spaces,
 * aliases into one slot, a GB18030 header decoded; a second field for a
 * slot is one message in every format, at that field; unknown fields
 * ignored, or the first one handed back. */
void test_reader__header_columns_one_message(void)
{
    enum { STATION, UNIT, NAME, SLOTS };
    static const aq_reader__column names[] = {{"station", STATION},
                                              {"监测点编码", STATION},
                                              {"unit", UNIT},
                                              {"城市", UNIT},
                                              {"name", NAME}};
    /* 监测点编码 and 城市 in GB18030 */
    char gbk_code[] = "\xbc\xe0\xb2\xe2\xb5\xe3\xb1\xe0\xc2\xeb";
    char gbk_city[] = "\xb3\xc7\xca\xd0";
    char sta[] = " Station ", lon[] = "lon", unit[] = "UNIT",
         extra[] = "extra", station[] = "station";
    char *f1[] = {sta, lon, unit};
    char *f2[] = {gbk_city, extra, gbk_code, station};
    size_t l1[3], l2[4], i;
    aq_csv_row h;
    aq_text_decoder dec;
    aq_error e = AQ_ERROR_INIT;
    int col[SLOTS];
    long unknown = 7;

    for (i = 0; i < 3; i++)
        l1[i] = strlen(f1[i]);
    for (i = 0; i < 4; i++)
        l2[i] = strlen(f2[i]);
    aq_reader__decoder_init(&dec);
    h.fields = f1;
    h.lens = l1;
    h.count = 3;
    h.line = 1;
    CHECK_OK(aq_reader__columns(&h, &dec, names, 5, col, SLOTS, NULL, "s.csv",
                                &e));
    EXPECT_EQ_INT(0, col[STATION]);
    EXPECT_EQ_INT(2, col[UNIT]);
    EXPECT_EQ_INT(-1, col[NAME]);
    /* the first unknown field handed back: lon */
    CHECK_OK(aq_reader__columns(&h, &dec, names, 5, col, SLOTS, &unknown,
                                "s.csv", &e));
    EXPECT_EQ_INT(1, unknown);
    EXPECT_EQ_INT(0, col[STATION]);
    /* GB18030: 城市 is the unit, 监测点编码 the station, which `station`
     * then repeats (field 4) */
    h.fields = f2;
    h.lens = l2;
    h.count = 4;
    h.line = 3;
    EXPECT_EQ_INT(AQ_EPARSE, aq_reader__columns(&h, &dec, names, 5, col, SLOTS,
                                                NULL, "s.csv", &e));
    EXPECT_EQ_STR("bad header: column \"station\" repeats column 3",
                  e.message);
    EXPECT_EQ_STR("s.csv", e.source);
    EXPECT_EQ_INT(3, e.line);
    EXPECT_EQ_INT(4, e.column);
    aq_reader__decoder_free(&dec);
}
