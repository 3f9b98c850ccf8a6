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
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "aq/api.h"
#include "aq/composite.h"
#include "aq/date.h"
#include "aq/decimal.h"
#include "aq/stats.h"
#include "aq/stream.h"
#include "fixture.h"
#include "harness.h"

/* The rows rendered from memory (aq_api_stream_rows_as(), what `rank
 * --all` prints) are the rows document's text rendered (aq_render_rows()),
 * in every format and language: the header and one line per result. */
static void same_rows_rendered(const aq_stream *s, const aq_stations *sl)
{
    static const char *const formats[] = {"csv", "table", "json"};
    static const char *const langs[] = {"zh", "en"};
    aq_error e = AQ_ERROR_INIT;
    char *json = NULL;
    size_t f, l;

    TRY(aq_api_stream_rows(s, sl, &json, &e));
    for (f = 0; f < 3; f++)
        for (l = 0; l < 2; l++) {
            aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
            char *a = NULL, *b = NULL;
            const char *c;
            size_t lines = 0;
            ro.lang = langs[l];
            EXPECT_EQ_INT(AQ_OK, aq_api_stream_rows_as(s, sl, formats[f], &ro,
                                                       &a, &e));
            EXPECT_EQ_INT(AQ_OK, aq_render_rows(json, formats[f], &ro, &b, &e));
            if (a && b) {
                EXPECT_EQ_STR(b, a);
                for (c = a; *c; c++)
                    lines += *c == '\n';
                if (f < 2)
                    EXPECT_EQ_INT(1 + aq_stream_result_count(s), lines);
            }
            aq_free(a);
            aq_free(b);
        }
    EXPECT_EQ_INT(AQ_EINVALID,
                  aq_api_stream_rows_as(s, sl, "xml", NULL, &(char *){NULL},
                                        &e));
done:
    aq_free(json);
}

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

/* A data file of the test's own in the temporary folder, its header
 * written: the rows follow. NULL when it cannot be made. */
static FILE *data_file(char *path, size_t cap, const char *name,
                       const char *header)
{
    FILE *f;

    snprintf(path, cap, "%s/%s", aqt_tmp_dir(), name);
    f = fopen(path, "wb");
    if (f)
        fputs(header, f);
    return f;
}

#define TRUE_OR_DONE(cond) TRY(!(cond))

/* The station list text written to <tmp>/<name> and loaded; NULL (the
 * failure recorded) when it cannot be. */
static aq_stations *stations_of(const char *name, const char *text)
{
    char path[512];
    aq_stations *sl = NULL;
    aq_error e = AQ_ERROR_INIT;

    aqt_write_file(path, sizeof path, name, text);
    if (aq_stations_load(&sl, path, &e) != AQ_OK) {
        aqt_fail(__FILE__, __LINE__, "%s: %s", name, e.message);
        return NULL;
    }
    return sl;
}

/* A new stream in *s (free it, whatever this returns) run over the n
 * files: AQ_OK or the status of the call that failed, e saying why. */
static aq_status stream_files(aq_stream **s, const aq_stations *sl,
                              const aq_policy *pol, const aq_stream_options *o,
                              const char *const *files, size_t n, aq_error *e)
{
    aq_status rc = aq_stream_new(s, sl, pol, o, e);

    return rc != AQ_OK ? rc : aq_stream_run(*s, files, n, e);
}

/* stream_files over the one file path */
static aq_status stream_file(aq_stream **s, const aq_stations *sl,
                             const aq_policy *pol, const aq_stream_options *o,
                             const char *path, aq_error *e)
{
    return stream_files(s, sl, pol, o, &path, 1, e);
}

static void check_february(int station_major, int threads)
{
    char dpath[512];
    aq_stations *sl = stations_of("stream_stations.csv", stations_csv);
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

    TRUE_OR_DONE(sl != NULL);
    snprintf(dpath, sizeof dpath, "%s/stream_%d.csv", aqt_tmp_dir(),
             station_major);
    write_data(dpath, station_major);
    o.threads = threads;
    TRY(stream_file(&s, sl, NULL, &o, dpath, &e));
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
    char dpath[512];
    aq_stations *sl =
        stations_of("stream_st2.csv", "station,unit\nx1,X\ny1,Y\n");
    aq_stream *s = NULL;
    aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
    aq_error e = AQ_ERROR_INIT;
    const aq_stream_result *r;
    FILE *f;
    int d, h;

    CHECK(sl != NULL);
    f = data_file(dpath, sizeof dpath, "stream_slow.csv",
                  "station,time,so2,no2,pm10,pm25,co,o3\r\n");
    TRUE_OR_DONE(f != NULL);
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
    o.all = 0;
    TRY(aq_period_parse("2024-03", &o.period));
    TRY(stream_file(&s, sl, NULL, &o, dpath, &e));
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

/* N3.2, N5.3.3: a station whose rows hold only values above their limits
 * has rows but no value, so it is not one of the unit's stations of the
 * day. With every station required (min_station_share 1), counting it
 * would leave unit Z without a valid day: Z's composite is z1's, 1.50 as
 * unit A's above. The rows take the fast path (plain header, LF). */
void test_stream__rows_with_only_rejected_values_no_station_N3_2_N5_3_3(void)
{
    char dpath[512];
    aq_stations *sl =
        stations_of("stream_st3.csv", "station,unit\nz1,Z\nz2,Z\n");
    aq_stream *s = NULL;
    aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
    aq_error e = AQ_ERROR_INIT;
    aq_policy pol;
    const aq_stream_result *r;
    FILE *f;
    int d, h;

    CHECK(sl != NULL);
    f = data_file(dpath, sizeof dpath, "stream_rejected.csv",
                  "station,time,so2,no2,pm10,pm25,co,o3\n");
    TRUE_OR_DONE(f != NULL);
    for (d = 1; d <= 31; d++)
        for (h = 0; h < 24; h++) {
            fprintf(f, "z1,2024-03-%02dT%02d:00,6,4,7,35,0.4,16\n", d, h);
            /* PM10 above 10,000 and CO above 150 (3 digits or more):
             * both rejected */
            fprintf(f, "z2,2024-03-%02dT%02d:00,,,20000,,%s,\n", d, h,
                    h % 2 ? "151.5" : "200");
        }
    fclose(f);
    aq_policy_init(&pol);
    pol.min_station_share = AQ_MICRO; /* every station of the day */
    TRY(stream_file(&s, sl, &pol, &o, dpath, &e));
    TRUE_OR_DONE(aq_stream_result_count(s) == 1);
    r = aq_stream_result_get(s, 0);
    EXPECT_EQ_STR("Z", r->unit);
    EXPECT_EQ_INT(150, r->composite);
    EXPECT_EQ_INT(1, r->rank);
    EXPECT_EQ_INT(2 * 31 * 24, aq_stream_get_stats(s)->rejected_values);
done:
    aq_stream_free(s);
    aq_stations_free(sl);
}

/* Hourly values with fractions in every mean (so the two rounding chains
 * of N1.5 differ), station k of unit X on day d at hour h. */
static int64_t chain_value(int k, int d, int h, int p)
{
    static const int base[AQ_POLLUTANT_COUNT] = {7, 23, 61, 37, 0, 83};
    int x = (k * 7 + d * 13 + h * 5 + p * 3) % 11;

    if (p == AQ_CO)
        return (int64_t)(3 + x) * AQ_MICRO / 10; /* 0.3 .. 1.3 */
    return (int64_t)(base[p] + x * 3 + (h > 12 ? h - 12 : 0)) * AQ_MICRO;
}

/* N1.5: under the `final` chain the stream keeps every level exact (it
 * takes the rounded-only shortcuts under `published` alone). March 2024
 * of one unit with 3 stations, values with fractions everywhere: the
 * composite under each chain equals the one the public functions give,
 * station day -> unit day -> period -> composite, computed here. */
void test_stream__both_rounding_chains_as_the_public_functions_N1_5(void)
{
    char dpath[512];
    aq_stations *sl = NULL;
    aq_stream *s = NULL;
    aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
    aq_error e = AQ_ERROR_INIT;
    aq_policy pol;
    static aq_unit_day days[31];
    int64_t hr[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS];
    aq_station_day sday[3];
    aq_period_stats ps;
    aq_composite c;
    aq_period march = {AQ_PERIOD_MONTH, 2024, 3};
    int64_t want[2];
    FILE *f;
    int chain, d, h, k, p;

    f = data_file(dpath, sizeof dpath, "stream_chains.csv",
                  "station,time,so2,no2,pm10,pm25,co,o3\n");
    CHECK(f != NULL);
    for (d = 1; d <= 31; d++)
        for (h = 0; h < 24; h++)
            for (k = 0; k < 3; k++) {
                char v[AQ_POLLUTANT_COUNT][32];
                for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
                    aq_decimal_format(v[p], sizeof v[p],
                                      chain_value(k, d, h, p),
                                      p == AQ_CO ? 1 : 0);
                fprintf(f, "x%d,2024-03-%02dT%02d:00,%s,%s,%s,%s,%s,%s\n",
                        k + 1, d, h, v[0], v[1], v[2], v[3], v[4], v[5]);
            }
    fclose(f);
    for (chain = 0; chain < 2; chain++) {
        aq_stats_options so = AQ_STATS_OPTIONS_INIT;
        so.rounding_chain = chain ? AQ_ROUNDING_FINAL : AQ_ROUNDING_PUBLISHED;
        for (d = 1; d <= 31; d++) {
            for (k = 0; k < 3; k++) {
                /* the hour beginning at HH is label HH+1 (N1.3.3) */
                for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
                    for (h = 0; h < AQ_STATS_HOURS; h++)
                        hr[p][h] = chain_value(k, d, h, p);
                CHECK_OK(aq_stats_station_day(aq_day_from_civil(2024, 3, d),
                                              hr, NULL, &so, &sday[k]));
            }
            CHECK_OK(aq_stats_unit_day(aq_day_from_civil(2024, 3, d), sday, 3,
                                       &so, &days[d - 1]));
        }
        CHECK_OK(aq_stats_period(march, days, 31, &so, &ps, NULL));
        CHECK_OK(aq_composite_compute(&ps, &so, &c));
        want[chain] = c.composite;
    }
    /* the values were chosen so that the chains differ */
    EXPECT(want[0] != want[1]);
    sl = stations_of("stream_st4.csv", "station,unit\nx1,X\nx2,X\nx3,X\n");
    TRUE_OR_DONE(sl != NULL);
    for (chain = 0; chain < 2; chain++) {
        aq_policy_init(&pol);
        pol.rounding_chain = chain ? AQ_ROUNDING_FINAL : AQ_ROUNDING_PUBLISHED;
        TRY(stream_file(&s, sl, &pol, &o, dpath, &e));
        TRUE_OR_DONE(aq_stream_result_count(s) == 1);
        EXPECT_EQ_INT(want[chain], aq_stream_result_get(s, 0)->composite);
        aq_stream_free(s);
        s = NULL;
    }
done:
    aq_stream_free(s);
    aq_stations_free(sl);
}

/* The value spellings of the fast-path test: plain, padded, decimal, and
 * every kind that the fast parser must leave to the general one. */
static const char *const spellings[] = {
    "",      "0",      "7",       "42",     "042",    "999",    "1234",
    "9999",  "10000",  "10001",   "12345",  "0.5",    "3.25",   "12.125",
    "1.0",   "2.123456", "2.1234567", "150",  "150.0",  "150.5",  "151",
    ".5",    "5.",     "-3",      "+4",     " 6",     "7 ",     "1e2",
    "0x10",  "00000012", "1,5"};

/* The hot loop (the reader layer's accelerator, fast_row()) and the
 * reader layer's general path (slow_row(): the CSV tokenizer and
 * reader_long.c) take every spelling the same way (N3.1, N3.2): one file
 * in the plain column order, values unquoted (the hot loop where it can)
 * and the same rows with the columns in another order and every value
 * quoted (the general path only: the hot loop takes no quoted value) give
 * the same results, row and value counts. */
void test_stream__fast_and_general_value_parsers_agree_N3_1_N3_2(void)
{
    char fpath[512], gpath[512];
    aq_stations *sl = NULL;
    aq_stream *fast = NULL, *gen = NULL;
    aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
    aq_error e = AQ_ERROR_INIT;
    FILE *ff, *fg;
    uint32_t x = 99u;
    size_t i, nsp = sizeof spellings / sizeof spellings[0];
    int d, h, k, p;

    ff = data_file(fpath, sizeof fpath, "stream_fast.csv",
                   "station,time,so2,no2,pm10,pm25,co,o3\n");
    fg = data_file(gpath, sizeof gpath, "stream_general.csv",
                   "time,station,o3,co,pm25,pm10,no2,so2\n");
    CHECK(ff != NULL && fg != NULL);
    for (d = 1; d <= 31; d++)
        for (h = 0; h < 24; h++)
            for (k = 0; k < 4; k++) {
                const char *v[AQ_POLLUTANT_COUNT];
                const char *code = k == 0 ? "s1" : k == 1 ? "s2"
                                                 : k == 2 ? "t1" : "t2";
                for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
                    x = x * 1103515245u + 12345u;
                    /* mostly ordinary values (below every limit), so
                     * that days stay valid */
                    static const int plain[] = {2, 3, 4, 11, 12, 13};
                    v[p] = (x >> 24) < 236 ? spellings[plain[(x >> 8) % 6]]
                                           : spellings[(x >> 8) % nsp];
                    if (strchr(v[p], ','))
                        v[p] = "\"1,5\"";
                }
                fprintf(ff, "%s,2024-03-%02dT%02d:00,%s,%s,%s,%s,%s,%s\n",
                        code, d, h, v[0], v[1], v[2], v[3], v[4], v[5]);
                fprintf(fg, "2024-03-%02dT%02d:00,%s", d, h, code);
                for (p = AQ_POLLUTANT_COUNT - 1; p >= 0; p--)
                    fprintf(fg, v[p][0] == '"' ? ",%s" : ",\"%s\"", v[p]);
                fputc('\n', fg);
            }
    fclose(ff);
    fclose(fg);
    sl =
        stations_of("stream_st5.csv", "station,unit\ns1,S\ns2,S\nt1,T\nt2,T\n");
    TRUE_OR_DONE(sl != NULL);
    TRY(stream_file(&fast, sl, NULL, &o, fpath, &e));
    TRY(stream_file(&gen, sl, NULL, &o, gpath, &e));
    EXPECT(aq_stream_get_stats(fast)->rejected_values > 100);
    EXPECT_EQ_INT(aq_stream_get_stats(gen)->rejected_values,
                  aq_stream_get_stats(fast)->rejected_values);
    EXPECT_EQ_INT(aq_stream_get_stats(gen)->rejected_rows,
                  aq_stream_get_stats(fast)->rejected_rows);
    EXPECT_EQ_INT(aq_stream_get_stats(gen)->rows,
                  aq_stream_get_stats(fast)->rows);
    EXPECT_EQ_INT(aq_stream_get_stats(gen)->station_days,
                  aq_stream_get_stats(fast)->station_days);
    TRUE_OR_DONE(aq_stream_result_count(fast) == 2 &&
                 aq_stream_result_count(gen) == 2);
    for (i = 0; i < 2; i++) {
        EXPECT(aq_stream_result_get(fast, i)->composite != AQ_MISSING);
        EXPECT_EQ_INT(aq_stream_result_get(gen, i)->composite,
                      aq_stream_result_get(fast, i)->composite);
        EXPECT_EQ_INT(aq_stream_result_get(gen, i)->rank,
                      aq_stream_result_get(fast, i)->rank);
    }
done:
    aq_stream_free(fast);
    aq_stream_free(gen);
    aq_stations_free(sl);
}

/* A February file for the split tests: time-major, with a second row for
 * some station-hours (now and then a few hours late, some values empty:
 * the last non-empty value wins), 200 more rows for every hour of a1 on
 * the 10th (so that a part's cut falls inside that day, far from its
 * first row: held days, slabs laid over each other), a value above its
 * N3.2 limit late in the file, and, when `late`, one row at the end for
 * the 2nd (a day long closed). */
static void write_split_data(const char *path, int station_major, int late)
{
    FILE *f = fopen(path, "wb");
    size_t i;
    int d, h, k;

    if (!f)
        return;
    fputs("station,time,so2,no2,pm10,pm25,co,o3\n", f);
    if (station_major) {
        for (i = 0; i < NST; i++)
            for (d = 1; d <= st[i].days; d++)
                for (h = 0; h < 24; h++)
                    fprintf(f, "%s,2024-02-%02dT%02d:00,%s,%s,%s,%s,%s,%d\n",
                            st[i].code, d, h, st[i].v[0], st[i].v[1],
                            st[i].v[2], st[i].v[3], st[i].v[4], 10 + h + d);
    } else {
        for (d = 1; d <= 29; d++)
            for (h = 0; h < 24; h++) {
                for (i = 0; i < NST; i++)
                    if (d <= st[i].days)
                        fprintf(f,
                                "%s,2024-02-%02dT%02d:00,%s,%s,%s,%s,%s,%d\n",
                                st[i].code, d, h, st[i].v[0], st[i].v[1],
                                st[i].v[2], st[i].v[3], st[i].v[4],
                                10 + h + d);
                if ((d * 24 + h) % 7 == 3 && h >= 3)
                    fprintf(f, "a1,2024-02-%02dT%02d:00,2000,,9,%d,0.9,\n", d,
                            h - 3, 30 + d);
                /* the 10th, half of the file: parts cut inside it */
                for (k = 0; d == 10 && k < 200; k++)
                    fprintf(f, "a1,2024-02-10T%02d:00,%d,,,,,\n", h,
                            k % 2 ? 5000 : 6);
                if (d == 20 && h == 5)
                    fputs("b1,2024-02-20T05:00,99999,4,7,70,0.4,16\n", f);
                if ((d == 15 || d == 25) && h == 3) /* not in the list */
                    fprintf(f, "zz%d,2024-02-%02dT03:00,1,1,1,1,0.1,1\n", d,
                            d);
            }
    }
    if (late)
        fputs("c1,2024-02-02T07:00,60,40,70,350,4,160\n", f);
    fclose(f);
}

/* Run one file with `readers` readers (parts of any size), for every
 * month or (quarter != 0) for 2024-Q1; NULL on error. min_split: the
 * option min_split_bytes (0: the default of 4 MiB, more than these files:
 * no part is split while it is read) */
static aq_stream *run_split(const aq_stations *sl, const char *path,
                            int readers, int quarter, long min_split)
{
    aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
    aq_error e = AQ_ERROR_INIT;
    aq_stream *s = NULL;

    o.readers = readers;
    o.min_part_bytes = 1;
    o.min_split_bytes = min_split;
    if (quarter) {
        o.all = 0;
        o.period.kind = AQ_PERIOD_QUARTER;
        o.period.year = 2024;
        o.period.index = 1;
    }
    if (stream_file(&s, sl, NULL, &o, path, &e) != AQ_OK) {
        aqt_fail(__FILE__, __LINE__, "%s", e.message);
        aq_stream_free(s);
        return NULL;
    }
    return s;
}

static aq_stream *run_period(const aq_stations *sl, const char *path,
                             int readers, int quarter)
{
    return run_split(sl, path, readers, quarter, 0);
}

static aq_stream *run_readers(const aq_stations *sl, const char *path,
                              int readers)
{
    return run_split(sl, path, readers, 0, 0);
}

/* The results and counts of two runs are the same. */
static void expect_same_run(const aq_stream *a, const aq_stream *b)
{
    const aq_stream_stats *x = aq_stream_get_stats(a),
                          *y = aq_stream_get_stats(b);
    size_t i, n = aq_stream_result_count(a);

    EXPECT_EQ_INT(n, aq_stream_result_count(b));
    for (i = 0; i < n && i < aq_stream_result_count(b); i++) {
        const aq_stream_result *r = aq_stream_result_get(a, i),
                               *q = aq_stream_result_get(b, i);
        EXPECT_EQ_STR(r->unit, q->unit);
        EXPECT_EQ_INT(r->period.index, q->period.index);
        EXPECT_EQ_INT(r->composite, q->composite);
        EXPECT_EQ_INT(r->pm25, q->pm25);
        EXPECT_EQ_INT(r->sufficient, q->sufficient);
        EXPECT_EQ_INT(r->rank, q->rank);
    }
    EXPECT_EQ_INT(x->rows, y->rows);
    EXPECT_EQ_INT(x->unknown_rows, y->unknown_rows);
    EXPECT_EQ_INT(x->reference_rows, y->reference_rows);
    EXPECT_EQ_INT(x->rejected_rows, y->rejected_rows);
    EXPECT_EQ_INT(x->rejected_values, y->rejected_values);
    EXPECT_EQ_INT(x->station_days, y->station_days);
    /* file:line:column: message, the file's name left out (runs of two
     * files compare theirs) */
    EXPECT_EQ_STR(strchr(x->first_problem, ':') ? strchr(x->first_problem, ':')
                                                : x->first_problem,
                  strchr(y->first_problem, ':') ? strchr(y->first_problem, ':')
                                                : y->first_problem);
    EXPECT_EQ_STR(x->first_unknown, y->first_unknown);
}

/* A file read by 2..8 readers in parallel (up to 32 parts) gives exactly
 * what one reader gives: results, counts, and the line of the first
 * problem (counted across the parts); second rows of a station-hour are
 * laid over the first across the cut between parts. */
void test_stream__split_parts_same_as_one_reader(void)
{
    char dpath[512];
    aq_stations *sl = NULL;
    aq_stream *one = NULL, *split = NULL, *quarter_one = NULL;
    int k;

    snprintf(dpath, sizeof dpath, "%s/split_tm.csv", aqt_tmp_dir());
    write_split_data(dpath, 0, 0);
    TRUE_OR_DONE((sl = stations_of("split_stations.csv", stations_csv)) !=
                 NULL);
    TRUE_OR_DONE((one = run_readers(sl, dpath, 1)) != NULL);
    EXPECT_EQ_INT(1, aq_stream_get_stats(one)->parts);
    EXPECT_EQ_INT(1, aq_stream_get_stats(one)->rejected_values);
    /* line 1 is the header; an hour has 6 station rows (d1 has 24 days),
     * a second row when (24 d + h) % 7 == 3 and h >= 3 (57 of them up to
     * 2024-02-20T05:00), on the 10th 200 more and on the 15th one of an
     * unknown station; the 99999 row follows the 20th's 05:00 rows: line
     * 1 + 19 * 24 * 6 + 6 * 6 + 57 + 24 * 200 + 1 + 1 = 7,632 */
    EXPECT(strstr(aq_stream_get_stats(one)->first_problem,
                  ":7632:3: so2 value 99999 is above the limit") != NULL);
    EXPECT_EQ_INT(2, aq_stream_get_stats(one)->unknown_rows);
    EXPECT_EQ_STR("zz15", aq_stream_get_stats(one)->first_unknown);
    for (k = 2; k <= 8; k++) {
        TRUE_OR_DONE((split = run_readers(sl, dpath, k)) != NULL);
        /* k readers take 4 parts each (fewer where two cuts meet) */
        EXPECT(aq_stream_get_stats(split)->parts > (unsigned long)k &&
               aq_stream_get_stats(split)->parts <= 4 * (unsigned long)k);
        EXPECT_EQ_INT(0, aq_stream_get_stats(split)->splits);
        EXPECT_EQ_INT(0, aq_stream_get_stats(split)->split_abandoned);
        expect_same_run(one, split);
        aq_stream_free(split);
        split = NULL;
    }
    /* with every split allowed (these parts are read in one block each,
     * so they are seldom split: test_stream__split_while_reading): the
     * same again, over the months and over the quarter */
    TRUE_OR_DONE((quarter_one = run_period(sl, dpath, 1, 1)) != NULL);
    for (k = 2; k <= 8; k++) {
        int quarter;
        for (quarter = 0; quarter <= 1; quarter++) {
            TRUE_OR_DONE((split = run_split(sl, dpath, k, quarter, 1)) !=
                         NULL);
            EXPECT(aq_stream_get_stats(split)->parts <=
                   4 * (unsigned long)k + aq_stream_get_stats(split)->splits);
            EXPECT_EQ_INT(0, aq_stream_get_stats(split)->split_abandoned);
            expect_same_run(quarter ? quarter_one : one, split);
            aq_stream_free(split);
            split = NULL;
        }
    }

    /* a quarter: a period no part can close, put together at the end */
    aq_stream_free(one);
    one = NULL;
    TRUE_OR_DONE((one = run_period(sl, dpath, 1, 1)) != NULL);
    TRUE_OR_DONE((split = run_period(sl, dpath, 3, 1)) != NULL);
    TRUE_OR_DONE(aq_stream_result_count(one) == 4); /* A, B, C, D */
    EXPECT_EQ_INT(AQ_PERIOD_QUARTER, aq_stream_result_get(one, 0)->period.kind);
    EXPECT(aq_stream_get_stats(split)->parts > 3);
    expect_same_run(one, split);
done:
    aq_stream_free(one);
    aq_stream_free(split);
    aq_stream_free(quarter_one);
    aq_stations_free(sl);
}

/* Parts that share more than the days at their cut (station-major rows;
 * a late row at the end) are not put together: one reader reads the file
 * again, with every day kept, and gives the same results. */
void test_stream__split_abandoned_when_order_needs_it(void)
{
    char dpath[512];
    aq_stations *sl = NULL;
    aq_stream *one = NULL, *split = NULL;
    int sm;

    TRUE_OR_DONE((sl = stations_of("split_stations.csv", stations_csv)) !=
                 NULL);
    for (sm = 0; sm < 2; sm++) {
        snprintf(dpath, sizeof dpath, "%s/split_late_%d.csv", aqt_tmp_dir(),
                 sm);
        write_split_data(dpath, sm, !sm);
        TRUE_OR_DONE((one = run_readers(sl, dpath, 1)) != NULL);
        EXPECT_EQ_INT(1, aq_stream_get_stats(one)->restarts);
        TRUE_OR_DONE((split = run_readers(sl, dpath, 3)) != NULL);
        EXPECT_EQ_INT(1, aq_stream_get_stats(split)->split_abandoned);
        EXPECT_EQ_INT(1, aq_stream_get_stats(split)->parts);
        EXPECT_EQ_INT(1, aq_stream_get_stats(split)->restarts);
        expect_same_run(one, split);
        aq_stream_free(one);
        aq_stream_free(split);
        one = split = NULL;
    }
done:
    aq_stream_free(one);
    aq_stream_free(split);
    aq_stations_free(sl);
}

/* A time-ordered file of 12 MB in 3 parts of 4 MB for 2 readers: the
 * reader that finishes its first part first takes the third; the other
 * then finds no part left and splits the third at a day's first row
 * while it is being read (1 MiB at a time). The results, counts and the
 * first problem's line are those of one reader; some run of the 20 has
 * split a part (each reader's speed decides whether one does). */
void test_stream__split_while_reading(void)
{
    char dpath[512];
    aq_stations *sl = NULL;
    aq_stream *one = NULL, *split = NULL;
    aq_error e = AQ_ERROR_INIT;
    unsigned long splits = 0;
    long size = 0;
    FILE *f;
    int run, d, h, i;
    uint32_t x = 12345;

    snprintf(dpath, sizeof dpath, "%s/split_big.csv", aqt_tmp_dir());
    TRUE_OR_DONE((f = fopen(dpath, "wb")) != NULL);
    fputs("station,time,so2,no2,pm10,pm25,co,o3\n", f);
    for (d = 0; d < 2000; d++) {
        int y, m, dd;
        aq_civil_from_day(aq_day_from_civil(2020, 1, 1) + d, &y, &m, &dd);
        for (h = 0; h < 24; h++)
            for (i = 0; i < 6; i++) {
                static const char *const code[] = {"a1", "a2", "aref",
                                                   "b1", "c1", "d1"};
                x = x * 1103515245u + 12345u; /* values from an LCG */
                fprintf(f, "%s,%04d-%02d-%02dT%02d:00,%u,%u,%u,%u,%u.%u,",
                        code[i], y, m, dd, h, x >> 28, (x >> 20) & 63,
                        (x >> 12) & 255, (x >> 8) & 127, (x >> 4) & 3, x & 7);
                if ((x >> 1) % 50) /* 2% of O3 missing */
                    fprintf(f, "%u", (x >> 16) & 255);
                fputc('\n', f);
            }
        if (d == 1000) /* a problem in the middle: its line is counted */
            fputs("b1,2022-09-27T23:00,99999,4,7,70,0.4,16\n", f);
    }
    size = ftell(f);
    fclose(f);
    TRUE_OR_DONE((sl = stations_of("split_stations.csv", stations_csv)) !=
                 NULL);
    for (run = 0; run <= 20; run++) {
        aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
        aq_stream **out = run ? &split : &one;
        o.readers = run ? 2 : 1;
        o.min_part_bytes = size / 3;
        o.min_split_bytes = 1;
        TRY(stream_file(out, sl, NULL, &o, dpath, &e));
        if (!run)
            continue;
        EXPECT_EQ_INT(0, aq_stream_get_stats(split)->split_abandoned);
        EXPECT(aq_stream_get_stats(split)->parts ==
               3 + aq_stream_get_stats(split)->splits);
        splits += aq_stream_get_stats(split)->splits;
        expect_same_run(one, split);
        aq_stream_free(split);
        split = NULL;
    }
    EXPECT(strstr(aq_stream_get_stats(one)->first_problem,
                  ":144146:3: so2 value 99999 is above the limit") != NULL);
    EXPECT(splits > 0);
done:
    aq_stream_free(one);
    aq_stream_free(split);
    aq_stations_free(sl);
}

/* N6.4: the stream takes the policy's statistics options from the same
 * mapping as the store's ranking, so a composite weight that is not an
 * integer is refused here too instead of being truncated */
void test_stream__policy_mapping_refuses_fractional_weight_N6_4(void)
{
    aq_stations *sl = NULL;
    aq_stream *s = NULL;
    aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
    aq_error e = AQ_ERROR_INIT;
    aq_policy pol;
    static const char text[] = "composite_weights = 1, 1.5, 1, 3, 1, 2\n";

    TRUE_OR_DONE((sl = stations_of("stream_stations.csv", stations_csv)) !=
                 NULL);
    aq_policy_init(&pol);
    TRY(aq_policy_parse(&pol, text, strlen(text), "w.policy", &e));
    EXPECT_EQ_INT(AQ_EINVALID, aq_stream_new(&s, sl, &pol, &o, &e));
    EXPECT(s == NULL);
    EXPECT(strstr(e.message, "composite_weights") != NULL);
done:
    aq_stream_free(s);
    aq_stations_free(sl);
}

/* Every unit of the evaluation in every month reported (the store's set):
 * units A (2 stations), B (1) and R (a reference site only: not a unit of
 * the evaluation, N5.3.1). A has rows in January and March, B in January
 * only, nobody in February; R's values in April and an empty row of A in
 * May. Reported: January to April (the first and last month with a value
 * of a station of the list; May's row has none): 4 months x 2 units, B
 * and February without rows (insufficient, no index). Under
 * insufficient_data = last the units without a ranking are placed. A
 * --period without data reports nothing; one with data, both units. */
void test_stream__every_unit_every_month_with_data_N5_3_1_P3(void)
{
    char dpath[512];
    aq_stations *sl = NULL;
    aq_stream *s = NULL;
    aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
    aq_policy pol;
    aq_error e = AQ_ERROR_INIT;
    FILE *f;
    int d, h, k;
    size_t i;
    static const struct {
        int month;
        const char *unit;
        int data; /* rows with values */
    } want[] = {{1, "A", 1}, {1, "B", 1}, {2, "A", 0}, {2, "B", 0},
                {3, "A", 1}, {3, "B", 0}, {4, "A", 0}, {4, "B", 0}};

    f = data_file(dpath, sizeof dpath, "every_unit.csv",
                  "station,time,so2,no2,pm10,pm25,co,o3\n");
    CHECK(f != NULL);
    for (d = 1; d <= 31; d++)
        for (h = 0; h < 24; h++)
            for (k = 0; k < 3; k++)
                fprintf(f, "%s,2024-01-%02dT%02d:00,5,20,50,30,0.5,40\n",
                        k == 0   ? "a1"
                        : k == 1 ? "a2"
                                 : "b1",
                        d, h);
    for (d = 1; d <= 31; d++)
        for (h = 0; h < 24; h++)
            for (k = 0; k < 2; k++)
                fprintf(f, "%s,2024-03-%02dT%02d:00,6,21,51,31,0.6,41\n",
                        k == 0 ? "a1" : "a2", d, h);
    fputs("r1,2024-04-10T05:00,7,22,52,32,0.7,42\n", f);
    fputs("a1,2024-05-02T05:00,,,,,,\n", f);
    fclose(f);
    sl =
        stations_of("every_unit_st.csv",
                    "station,unit,reference\na1,A,N\na2,A,N\nb1,B,N\nr1,R,Y\n");
    TRUE_OR_DONE(sl != NULL);
    aq_policy_init(&pol);
    pol.insufficient_data = AQ_INSUFFICIENT_LAST;
    o.threads = 0;
    TRY(stream_file(&s, sl, &pol, &o, dpath, &e));
    TRUE_OR_DONE(aq_stream_result_count(s) == 8);
    for (i = 0; i < 8; i++) {
        const aq_stream_result *r = aq_stream_result_get(s, i);
        EXPECT_EQ_INT(2024, r->period.year);
        EXPECT_EQ_INT(want[i].month, r->period.index);
        EXPECT_EQ_STR(want[i].unit, r->unit);
        if (!want[i].data) {
            EXPECT_EQ_INT(0, r->sufficient);
            EXPECT_EQ_INT(AQ_MISSING, r->composite);
            EXPECT_EQ_INT(AQ_RANK_PLACED, r->status);
        }
    }
    /* January: both sufficient, ranked; March: A ranked first, B placed */
    EXPECT_EQ_INT(AQ_RANK_RANKED, aq_stream_result_get(s, 0)->status);
    EXPECT_EQ_INT(AQ_RANK_RANKED, aq_stream_result_get(s, 1)->status);
    EXPECT_EQ_INT(AQ_RANK_RANKED, aq_stream_result_get(s, 4)->status);
    EXPECT_EQ_INT(1, aq_stream_result_get(s, 4)->rank);
    EXPECT_EQ_INT(1, aq_stream_get_stats(s)->reference_rows); /* r1's */
    same_rows_rendered(s, sl);
    aq_stream_free(s);
    s = NULL;
    /* one month: February has no data, March has */
    o.all = 0;
    o.period.kind = AQ_PERIOD_MONTH;
    o.period.year = 2024;
    o.period.index = 2;
    TRY(stream_file(&s, sl, &pol, &o, dpath, &e));
    EXPECT_EQ_INT(0, aq_stream_result_count(s));
    aq_stream_free(s);
    s = NULL;
    o.period.index = 3;
    TRY(stream_file(&s, sl, &pol, &o, dpath, &e));
    TRUE_OR_DONE(aq_stream_result_count(s) == 2);
    EXPECT_EQ_STR("B", aq_stream_result_get(s, 1)->unit);
    EXPECT_EQ_INT(AQ_MISSING, aq_stream_result_get(s, 1)->composite);
done:
    aq_stream_free(s);
    aq_stations_free(sl);
}

/* One row of the layout test, with its values as texts. */
static void layout_row(FILE *f, int quote_values, const char *name,
                       const char *time, const char *station,
                       const char *const v[6], const char *tail)
{
    int p;

    fprintf(f, "%s,%s,%s", name, time, station);
    for (p = 0; p < 6; p++)
        fprintf(f, quote_values && v[p][0] != '"' ? ",\"%s\"" : ",%s", v[p]);
    fputs(tail, f);
}

/* The hot loop on a layout of its own (a quoted name column first, then
 * time and station, the values in another order, extra columns) and on
 * rows that try each of its shortcuts: every time spelling the reader
 * takes (seconds, +08:00, Z, a space), CRLF, NA, quoted station codes,
 * values with six decimals (more than one window of separators), a value
 * of 37 digits,
 * quotes inside quotes, a value the accelerator leaves (+5, 1e2, -3, a
 * value above its limit), a short row, a CR inside a line, a time off
 * the hour, an unknown station, a time repeated with another separator.
 * The same rows with every value quoted go through the reader layer's
 * own path only (the hot loop takes no quoted value): results, counts and
 * the first problem are the same. */
void test_stream__hot_loop_any_layout_same_as_reader_layer_N1_3_3_N3(void)
{
    static const char *const header =
        "name,time,station,pm25,so2,no2,pm10,co,o3,comment\n";
    char paths[2][512];
    aq_stations *sl = NULL;
    aq_stream *run[2] = {NULL, NULL};
    aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
    aq_error e = AQ_ERROR_INIT;
    int k, d, h, sta;
    unsigned long general = 0; /* rows the hot loop leaves (first file) */

    for (k = 0; k < 2; k++) {
        FILE *f = data_file(paths[k], sizeof paths[k],
                            k ? "layout_quoted.csv" : "layout.csv", header);
        CHECK(f != NULL);
        for (d = 1; d <= 31; d++)
            for (h = 0; h < 24; h++)
                for (sta = 0; sta < 3; sta++) {
                    static const char *const code[] = {"s1", "\"s2\"", "t1"};
                    const char *plain[6] = {"35", "7", "30", "60", "0.8", "90"};
                    char t[64];
                    int x = (d * 24 + h) * 3 + sta;
                    /* a quoted name; 1 in 50 with quotes inside: the
                     * reader layer's */
                    const char *name = x % 50 == 0  ? "\"a \"\"b\"\"\""
                                       : x % 5 == 0 ? "\"a, b\""
                                                    : "site";
                    /* the hour beginning at d h:00 in one of the spellings */
                    switch (x % 7) {
                    case 0:
                        snprintf(t, sizeof t, "2024-03-%02dT%02d:00:00", d, h);
                        break;
                    case 1:
                        snprintf(t, sizeof t, "2024-03-%02d %02d:00", d, h);
                        break;
                    case 2:
                        snprintf(t, sizeof t, "2024-03-%02dT%02d:00+08:00", d,
                                 h);
                        break;
                    case 3:
                        /* the same hour in UTC */
                        if (h >= 8)
                            snprintf(t, sizeof t, "2024-03-%02dT%02d:00Z", d,
                                     h - 8);
                        else if (d > 1)
                            snprintf(t, sizeof t, "2024-03-%02dT%02d:00Z",
                                     d - 1, h + 16);
                        else
                            snprintf(t, sizeof t, "2024-02-29T%02d:00Z",
                                     h + 16);
                        break;
                    default:
                        snprintf(t, sizeof t, "2024-03-%02dT%02d:00", d, h);
                    }
                    if (x % 17 == 0) {
                        /* six decimals each: the values run past the
                         * hot loop's first 32-byte window of separators
                         * (the spellings below still replace some) */
                        static const char *const dec[6] = {
                            "35.000001", "7.250000",  "30.500000",
                            "60.123456", "0.812345", "90.000009"};
                        memcpy(plain, dec, sizeof plain);
                    }
                    if (x % 11 == 0)
                        plain[x % 6] = "NA";
                    if (x % 13 == 0)
                        plain[(x + 1) % 6] = "";
                    if (x % 97 == 0)
                        plain[x % 6] = x % 2 ? "+5" : "1e2";
                    if (x % 131 == 0)
                        plain[2] = "-3";
                    if (x % 151 == 0)
                        plain[4] = "151";
                    if (x % 103 == 0) /* a value of 37 digits: the reader's */
                        plain[3] = "0000000000000000000000000000000000060";
                    general += k == 0 && (x % 50 == 0 || x % 97 == 0 ||
                                          x % 131 == 0 || x % 151 == 0 ||
                                          x % 103 == 0);
                    layout_row(f, k, name, t, code[sta], plain,
                               x % 3 == 0   ? ",note\r\n"
                               : x % 3 == 1 ? "\n"
                                            : ",\"x, y\"\n");
                }
        /* a short row, a CR inside a line, a time off the hour, an
         * unknown station */
        fputs("site,2024-03-05T03:00,s1,1,2\n", f);
        fputs("site,2024-03-05T04:00,s1,1,2,3,4,0.5,6\r7\n", f);
        fputs("site,2024-03-05T05:30,s1,1,2,3,4,0.5,6\n", f);
        fputs("site,2024-03-05T06:00,zz,1,2,3,4,0.5,6\n", f);
        fclose(f);
    }
    sl = stations_of("layout_st.csv", "station,unit\ns1,S\ns2,S\nt1,T\n");
    TRUE_OR_DONE(sl != NULL);
    o.threads = 0;
    for (k = 0; k < 2; k++)
        TRY(stream_file(&run[k], sl, NULL, &o, paths[k], &e));
    expect_same_run(run[0], run[1]);
    EXPECT_EQ_INT(31 * 24 * 3 + 4, aq_stream_get_stats(run[0])->rows);
    /* the hot loop leaves to the reader layer the rows it should (quotes
     * in quotes, +5, 1e2, -3, 151, the short row, the CR, the half hour)
     * and in the second file every row but the unknown station's */
    EXPECT_EQ_INT(general + 3, aq_stream_get_stats(run[0])->general_rows);
    EXPECT_EQ_INT(aq_stream_get_stats(run[1])->rows - 1,
                  aq_stream_get_stats(run[1])->general_rows);
    EXPECT_EQ_INT(1, aq_stream_get_stats(run[0])->unknown_rows);
    /* the short row and the half hour (the CR makes o3's text "6\r7",
     * a rejected value) */
    EXPECT_EQ_INT(2, aq_stream_get_stats(run[0])->rejected_rows);
    EXPECT(aq_stream_get_stats(run[0])->rejected_values > 40);
    TRUE_OR_DONE(aq_stream_result_count(run[0]) == 2);
    EXPECT(aq_stream_result_get(run[0], 0)->composite != AQ_MISSING);
    EXPECT(aq_stream_result_get(run[0], 1)->composite != AQ_MISSING);
    /* quotes not closed before the line's end stop the file, as they stop
     * the tokenizer, at that line */
    for (k = 0; k < 2; k++) {
        FILE *f = fopen(paths[k], "ab");
        TRUE_OR_DONE(f != NULL);
        fputs("site,2024-03-05T07:00,\"s1,1,2,3,4,0.5,6\n", f);
        fclose(f);
        aq_stream_free(run[k]);
        run[k] = NULL;
        EXPECT_EQ_INT(AQ_EPARSE,
                      stream_file(&run[k], sl, NULL, &o, paths[k], &e));
        EXPECT(strstr(e.message, "unterminated quote") != NULL);
        EXPECT_EQ_INT(1 + 31 * 24 * 3 + 5, e.line);
    }
done:
    aq_stream_free(run[0]);
    aq_stream_free(run[1]);
    aq_stations_free(sl);
}

/* A CNEMC daily file of day 2024-01-`day` (hour h = the hour ENDING at h,
 * N1.3.3: hour 0 is label 24 of the day before) for stations c1 c2 d1,
 * with the derived rows the readers skip; gzip when `gz`. */
static void cnemc_day(const char *path, int day, int gz)
{
    static const char *const types[] = {
        "AQI", "PM2.5", "PM2.5_24h", "PM10", "SO2", "NO2", "O3", "O3_8h", "CO"};
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    int h, t, k;

    if (!f)
        return;
    fputs("date,hour,type,c1,c2,d1\n", f);
    for (h = 0; h < 24; h++)
        for (t = 0; t < 9; t++) {
            fprintf(f, "202401%02d,%d,%s", day, h, types[t]);
            for (k = 0; k < 3; k++) {
                int x = day * 100 + h * 7 + t * 3 + k * 11;
                if (x % 37 == 0)
                    fputs(",", f); /* missing */
                else if (!strcmp(types[t], "CO"))
                    fprintf(f, ",%d.%d", 1 + x % 2, x % 10);
                else
                    fprintf(f, ",%d", 20 + x % 60);
            }
            fputc('\n', f);
        }
    fclose(f);
    if (gz) {
        gzFile g = gzopen(path, "wb");
        if (!g || gzwrite(g, text, (unsigned)len) != (int)len)
            aqt_fail(__FILE__, __LINE__, "cannot write %s", path);
        if (g)
            gzclose(g);
    } else if ((f = fopen(path, "wb"))) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
    free(text); /* open_memstream's */
}

/* Many files, read ahead by reader threads (stream_files.c): CNEMC daily
 * files (some gzip) and a long CSV file among them, in day order and out of
 * it, give the results and counts of reading them one by one in this
 * thread; the label 24 of hour 0 joins the day before (N1.3.3). */
void test_stream__many_files_read_ahead_same_as_one_by_one_N1_3_3(void)
{
    char paths[12][512], lpath[512];
    const char *files[13];
    aq_stations *sl = NULL;
    aq_stream *one = NULL, *many = NULL;
    aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
    aq_error e = AQ_ERROR_INIT;
    FILE *f;
    int k, h, pass;

    for (k = 0; k < 12; k++) {
        snprintf(paths[k], sizeof paths[k], "%s/china_sites_202401%02d.csv%s",
                 aqt_tmp_dir(), k + 1, k % 3 == 1 ? ".gz" : "");
        cnemc_day(paths[k], k + 1, k % 3 == 1);
    }
    /* e1's hours of January 13 in aqrank's long CSV, last */
    f = data_file(lpath, sizeof lpath, "many_long.csv",
                  "station,time,so2,no2,pm10,pm25,co,o3\n");
    CHECK(f != NULL);
    for (h = 0; h < 24; h++)
        fprintf(f, "e1,2024-01-13T%02d:00,5,20,50,30,0.5,40\n", h);
    fclose(f);
    sl = stations_of("many_st.csv", "station,unit\nc1,C\nc2,C\nd1,D\ne1,E\n");
    TRUE_OR_DONE(sl != NULL);
    for (pass = 0; pass < 2; pass++) {
        /* pass 1: days 7..12 before 1..6 (a restart keeps every day) */
        for (k = 0; k < 12; k++)
            files[k] = paths[pass ? (k + 6) % 12 : k];
        files[12] = lpath;
        o.threads = 0;
        TRY(stream_files(&one, sl, NULL, &o, files, 13, &e));
        o.threads = 1;
        o.readers = 2;
        TRY(stream_files(&many, sl, NULL, &o, files, 13, &e));
        expect_same_run(one, many);
        EXPECT_EQ_INT(pass, aq_stream_get_stats(many)->restarts);
        EXPECT_EQ_INT(12 * 24 * 9 + 24, aq_stream_get_stats(many)->rows);
        /* 3 units in 2023-12 (label 24 of the 31st) and 2024-01 */
        TRUE_OR_DONE(aq_stream_result_count(many) == 6);
        EXPECT_EQ_INT(2023, aq_stream_result_get(many, 0)->period.year);
        EXPECT(aq_stream_result_get(many, 3)->composite != AQ_MISSING);
        aq_stream_free(one);
        aq_stream_free(many);
        one = many = NULL;
    }
done:
    aq_stream_free(one);
    aq_stream_free(many);
    aq_stations_free(sl);
}

/* N5.2, as the store's ranking: a year whose data end before December is
 * a year to date. Two stations of one unit with every hour of January and
 * February 2024: --period 2024 is January to February, sufficient, the
 * composite that of the two months; with one more row in 2025 the year is
 * the whole of 2024, insufficient (the two months are not 12). */
void test_stream__year_to_date_when_data_end_before_december_N5_2(void)
{
    char dpath[512];
    aq_stations *sl = NULL;
    aq_stream *s = NULL;
    aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
    aq_error e = AQ_ERROR_INIT;
    FILE *f;
    int d, h, k, later;

    o.all = 0;
    o.period.kind = AQ_PERIOD_YEAR;
    o.period.year = 2024;
    o.period.index = 0;
    TRUE_OR_DONE(
        (sl = stations_of("ytd_st.csv", "station,unit\na1,A\nb1,B\n")) != NULL);
    for (later = 0; later < 2; later++) {
        const aq_stream_result *r;
        f = data_file(dpath, sizeof dpath, "ytd.csv",
                      "station,time,so2,no2,pm10,pm25,co,o3\n");
        TRUE_OR_DONE(f != NULL);
        for (d = 0; d < 60; d++)
            for (h = 0; h < 24; h++)
                for (k = 0; k < 2; k++)
                    fprintf(f, "%s,2024-%02d-%02dT%02d:00,%d,20,50,30,0.5,40\n",
                            k ? "b1" : "a1", d < 31 ? 1 : 2,
                            d < 31 ? d + 1 : d - 30, h, k ? 9 : 5);
        if (later)
            fputs("a1,2025-01-01T00:00,5,20,50,30,0.5,40\n", f);
        fclose(f);
        TRY(stream_file(&s, sl, NULL, &o, dpath, &e));
        TRUE_OR_DONE(aq_stream_result_count(s) == 2);
        r = aq_stream_result_get(s, 0);
        EXPECT_EQ_INT(AQ_PERIOD_YEAR, r->period.kind);
        EXPECT_EQ_INT(!later, r->sufficient);
        EXPECT(r->composite != AQ_MISSING);
        EXPECT_EQ_INT(later ? 0 : 1, r->rank);
        EXPECT_EQ_INT(later, aq_stream_get_stats(s)->outside_rows);
        aq_stream_free(s);
        s = NULL;
    }
done:
    aq_stream_free(s);
    aq_stations_free(sl);
}

/* A file the readers know that is not hourly station data (road
 * inspections, issue 20) is refused by name, not read as observations. */
void test_stream__road_inspections_refused(void)
{
    char dpath[512];
    aq_stations *sl = NULL;
    aq_stream *s = NULL;
    aq_error e = AQ_ERROR_INIT;

    aqt_write_file(dpath, sizeof dpath, "roads.csv",
                   "time,unit,road,dust_g_m2,litter_minutes\n"
                   "2019-03-04 09:00,A,R1,1.5,10\n");
    TRUE_OR_DONE((sl = stations_of("roads_st.csv", "station,unit\na1,A\n")) !=
                 NULL);
    EXPECT_EQ_INT(AQ_EPARSE, stream_file(&s, sl, NULL, NULL, dpath, &e));
    EXPECT(strstr(e.message, "not hourly station data") != NULL);
done:
    aq_stream_free(s);
    aq_stations_free(sl);
}
