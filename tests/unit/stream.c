/* SPDX-License-Identifier: MIT */
/*
 * The streaming ranking (aq/stream.h, issue 6) on small hand-made files
 * whose results are worked out in the comments: constant hourly values make
 * every daily mean, MDA8 and percentile equal to the constant, so each
 * single index is C/S by hand (N6.2.3) and the composite their sum
 * (N6.2.4). Also: February's minimum of 25 days (N5.2), competition ranks
 * with a tie (N6.3), rows of unknown stations and of reference sites
 * (N5.3.1), and input out of time order (the run restarts, same results).
 */
#include <stdio.h>
#include <string.h>

#include "aq/decimal.h"
#include "aq/stream.h"
#include "harness.h"

/* stations file: units A (2 stations + a reference site), B, C, D */
static const char stations_csv[] =
    "station,unit,reference\n"
    "a1,A,\n"
    "a2,A,\n"
    "aref,A,Y\n"
    "b1,B,\n"
    "c1,C,\n"
    "d1,D,\n";

/* Hourly values per station: so2 no2 pm10 pm25 co o3 (as text) */
static const struct {
    const char *code;
    const char *v[6];
    int days; /* days of February 2024 with rows, from the 1st */
} st[] = {
    /* A: SO2 6/60 = 0.10, NO2 4/40 = 0.10, PM10 7/70 = 0.10,
     * PM2.5 35/35 = 1.00, CO 0.4/4 = 0.10, O3 16/160 = 0.10 -> 1.50 */
    {"a1", {"6", "4", "7", "35", "0.4", "16"}, 29},
    {"a2", {"6", "4", "7", "35", "0.4", "16"}, 29},
    /* a reference site with huge values: excluded by default (N5.3.1),
     * it would change A's means */
    {"aref", {"600", "400", "700", "350", "40", "160"}, 29},
    /* B: PM2.5 70/35 = 2.00 -> 0.10*5 + 2.00 = 2.50 */
    {"b1", {"6", "4", "7", "70", "0.4", "16"}, 29},
    /* C: same as A -> 1.50, tied with A (both rank 1, B rank 3) */
    {"c1", {"6", "4", "7", "35", "0.4", "16"}, 29},
    /* D: 24 days < 25 (N5.2, February): composite 1.50 printed, unranked */
    {"d1", {"6", "4", "7", "35", "0.4", "16"}, 24},
};

#define NST (sizeof st / sizeof st[0])

static void write_data(const char *path, int station_major)
{
    FILE *f = fopen(path, "wb");
    size_t i;
    int d, h;

    if (!f)
        return;
    fputs("station,time,so2,no2,pm10,pm25,co,o3\n", f);
    /* an unknown station's row: ignored and counted */
    fputs("zz9,2024-02-01T00:00,1,1,1,1,0.1,1\n", f);
    if (station_major) {
        for (i = 0; i < NST; i++)
            for (d = 1; d <= st[i].days; d++)
                for (h = 0; h < 24; h++)
                    fprintf(f, "%s,2024-02-%02dT%02d:00,%s,%s,%s,%s,%s,%s\n",
                            st[i].code, d, h, st[i].v[0], st[i].v[1],
                            st[i].v[2], st[i].v[3], st[i].v[4], st[i].v[5]);
    } else {
        for (d = 1; d <= 29; d++)
            for (h = 0; h < 24; h++)
                for (i = 0; i < NST; i++)
                    if (d <= st[i].days)
                        fprintf(f,
                                "%s,2024-02-%02dT%02d:00,%s,%s,%s,%s,%s,%s\n",
                                st[i].code, d, h, st[i].v[0], st[i].v[1],
                                st[i].v[2], st[i].v[3], st[i].v[4],
                                st[i].v[5]);
    }
    fclose(f);
}

static void write_text(char *path, size_t cap, const char *name,
                       const char *text)
{
    FILE *f;

    snprintf(path, cap, "%s/%s", aqt_tmp_dir(), name);
    f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* like CHECK_OK/CHECK, but to the test's cleanup label, so that a failing
 * call (an injected allocation failure) leaves nothing behind */
#define TRY(expr)                                                              \
    do {                                                                       \
        int rc_ = (int)(expr);                                                 \
        if (rc_ != 0) {                                                        \
            aqt_fail(__FILE__, __LINE__, "%s returned %d", #expr, rc_);        \
            goto done;                                                         \
        }                                                                      \
    } while (0)
#define TRUE_OR_DONE(cond) TRY(!(cond))

static void check_february(int station_major, int threads)
{
    char spath[512], dpath[512];
    const char *files[1];
    aq_stations *sl = NULL;
    aq_stream *s = NULL;
    aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
    aq_error e = AQ_ERROR_INIT;
    const aq_stream_result *r;
    const aq_stream_stats *ss;
    /* sorted by unit: A, B, C, D */
    static const struct {
        const char *unit;
        int64_t composite;
        int rank;
    } want[] = {{"A", 150, 1}, {"B", 250, 3}, {"C", 150, 1}, {"D", 150, 0}};
    size_t i;

    write_text(spath, sizeof spath, "stream_stations.csv", stations_csv);
    snprintf(dpath, sizeof dpath, "%s/stream_%d.csv", aqt_tmp_dir(),
             station_major);
    write_data(dpath, station_major);
    files[0] = dpath;
    TRY(aq_stations_load(&sl, spath, &e));
    o.threads = threads;
    TRY(aq_stream_new(&s, sl, NULL, &o, &e));
    TRY(aq_stream_run(s, files, 1, &e));
    TRUE_OR_DONE(aq_stream_result_count(s) == 4);
    for (i = 0; i < 4; i++) {
        r = aq_stream_result_get(s, i);
        EXPECT_EQ_STR(want[i].unit, r->unit);
        EXPECT_EQ_INT(2024, r->period.year);
        EXPECT_EQ_INT(2, r->period.index);
        EXPECT_EQ_INT(want[i].composite, r->composite);
        EXPECT_EQ_INT(want[i].rank, r->rank);
    }
    EXPECT_EQ_INT(0, aq_stream_result_get(s, 3)->sufficient);
    ss = aq_stream_get_stats(s);
    EXPECT_EQ_INT(1, ss->unknown_rows);
    EXPECT_EQ_STR("zz9", ss->first_unknown);
    EXPECT_EQ_INT(29 * 24, ss->reference_rows);
    /* station-major rows are late for the window: one restart */
    EXPECT_EQ_INT(station_major ? 1 : 0, ss->restarts);
done:
    aq_stream_free(s);
    aq_stations_free(sl);
}

void test_stream__february_min25_tie_reference_N5_2_N6_3(void)
{
    check_february(0, 1);
}

void test_stream__one_thread_same_results(void)
{
    check_february(0, 0);
}

void test_stream__station_major_restarts_same_results(void)
{
    check_february(1, 1);
}

/* N1.3.3: 23:00 begins label 24 of the same day; N6.2.6: a unit-month
 * with rows but no value has no index; N3.2: negative values rejected;
 * --period selects one month; quoted fields and CRLF take the slow path. */
void test_stream__labels_no_index_period_slow_path_N1_3_3(void)
{
    char spath[512], dpath[512];
    const char *files[1];
    aq_stations *sl = NULL;
    aq_stream *s = NULL;
    aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
    aq_error e = AQ_ERROR_INIT;
    const aq_stream_result *r;
    FILE *f;
    int d, h;

    write_text(spath, sizeof spath, "stream_st2.csv",
               "station,unit\nx1,X\ny1,Y\n");
    snprintf(dpath, sizeof dpath, "%s/stream_slow.csv", aqt_tmp_dir());
    f = fopen(dpath, "wb");
    CHECK(f != NULL);
    fputs("station,time,so2,no2,pm10,pm25,co,o3\r\n", f);
    for (d = 1; d <= 31; d++)
        for (h = 0; h < 24; h++) {
            /* X: quoted station, CRLF; Y: all values empty */
            fprintf(f, "\"x1\",2024-03-%02dT%02d:00,6,4,7,35,0.4,16\r\n", d,
                    h);
            fprintf(f, "y1,2024-03-%02dT%02d:00,,,,,,\r\n", d, h);
        }
    /* the hour beginning 2024-04-01T00:00 is April (label 1 of the 1st):
     * outside --period 2024-03 */
    fputs("x1,2024-04-01T00:00,6,4,7,35,0.4,16\r\n", f);
    fputs("x1,2024-03-05T01:00,-1,4,7,35,0.4,16\r\n", f); /* N3.2 */
    fclose(f);
    files[0] = dpath;
    TRY(aq_stations_load(&sl, spath, &e));
    o.all = 0;
    TRY(aq_period_parse("2024-03", &o.period));
    TRY(aq_stream_new(&s, sl, NULL, &o, &e));
    TRY(aq_stream_run(s, files, 1, &e));
    TRUE_OR_DONE(aq_stream_result_count(s) == 2);
    r = aq_stream_result_get(s, 0);
    EXPECT_EQ_STR("X", r->unit);
    EXPECT_EQ_INT(150, r->composite); /* as unit A above */
    EXPECT_EQ_INT(1, r->rank);
    r = aq_stream_result_get(s, 1);
    EXPECT_EQ_STR("Y", r->unit);
    EXPECT(r->composite == AQ_MISSING); /* N6.2.6 */
    EXPECT_EQ_INT(0, r->rank);
    EXPECT_EQ_INT(1, aq_stream_get_stats(s)->outside_rows);
    EXPECT_EQ_INT(1, aq_stream_get_stats(s)->rejected_values);
done:
    aq_stream_free(s);
    aq_stations_free(sl);
}
