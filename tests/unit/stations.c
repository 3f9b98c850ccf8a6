/* SPDX-License-Identifier: MIT */
/*
 * Station lists and jurisdictions (P1): the English and the national
 * Chinese header, UTF-8 and GB18030, reference sites (对照点), errors with
 * file:line:column, and the shipped etc/<name>.stations.csv files. Counts of
 * the real list were taken independently with awk (commands in comments).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "aq/stations.h"
#include "fixture.h"
#include "harness.h"

/* relative to the repository root, like etc/ below (tests/run.sh) */
#define DATA "data"

void test_stations__small_any_order_units_reference_P1(void)
{
    char path[512];
    aq_stations *s;
    aq_error e = AQ_ERROR_INIT;
    const aq_station *st;

    snprintf(path, sizeof path, "%s/readers/stations_small.csv",
             aqt_data_dir());
    CHECK_OK(aq_stations_load(&s, path, &e));
    EXPECT_EQ_INT(4, aq_stations_count(s));
    EXPECT_EQ_INT(2, aq_stations_unit_count(s));
    EXPECT_EQ_STR("衡水", aq_stations_unit_name(s, 0));
    EXPECT_EQ_STR("Hengshui", aq_stations_unit_name_en(s, 0));
    EXPECT_EQ_STR("冀州", aq_stations_unit_name(s, 1));
    /* S3 gives no English name, S4 gives Jizhou */
    EXPECT_EQ_STR("Jizhou", aq_stations_unit_name_en(s, 1));
    EXPECT_EQ_INT(1, aq_stations_unit_find(s, "冀州"));
    EXPECT_EQ_INT(-1, aq_stations_unit_find(s, "枣强"));
    EXPECT_EQ_INT(0, aq_stations_unit_of(s, "S2"));
    EXPECT_EQ_INT(1, aq_stations_unit_of(s, "S4"));
    EXPECT_EQ_INT(-1, aq_stations_unit_of(s, "S9"));
    EXPECT_EQ_INT(1, aq_stations_is_reference(s, "S2"));
    EXPECT_EQ_INT(0, aq_stations_is_reference(s, "S1"));
    EXPECT_EQ_INT(0, aq_stations_is_reference(s, "S4")); /* "n" */
    EXPECT_EQ_INT(0, aq_stations_is_reference(s, "S9"));
    st = aq_stations_find(s, "S1");
    CHECK(st != NULL);
    EXPECT_EQ_STR("Alpha", st->name);
    EXPECT(st->lon == 115.6 && st->lat == 37.7);
    EXPECT_EQ_INT(2, st->line);
    st = aq_stations_find(s, "S3");
    CHECK(st != NULL);
    EXPECT(isnan(st->lon) && isnan(st->lat));
    EXPECT_EQ_INT(2, aq_stations_unit_size(s, 1));
    EXPECT_EQ_STR("S3", aq_stations_unit_station(s, 1, 0)->code);
    EXPECT_EQ_STR("S4", aq_stations_unit_station(s, 1, 1)->code);
    EXPECT(aq_stations_unit_station(s, 1, 2) == NULL);
    EXPECT(aq_stations_get(s, 4) == NULL);
    aq_stations_free(s);
    aq_stations_free(NULL);
}

static void expect_load_error(int line, const char *text, unsigned long eline,
                              unsigned long ecol, const char *words)
{
    char path[512];
    aq_stations *s = NULL;
    aq_error e = AQ_ERROR_INIT;
    aq_status rc;

    aqt_write_file(path, sizeof path, "bad.stations.csv", text);
    rc = aq_stations_load(&s, path, &e);
    if (rc != AQ_EPARSE || s != NULL)
        aqt_fail(__FILE__, line, "want AQ_EPARSE, got %d", (int)rc);
    if (e.line != eline || e.column != ecol || !strstr(e.message, words) ||
        !strstr(e.source, "bad.stations.csv"))
        aqt_fail(__FILE__, line, "want %lu:%lu \"%s\", got %s:%lu:%lu %s",
                 eline, ecol, words, e.source, e.line, e.column, e.message);
    aq_stations_free(s);
}

void test_stations__errors_name_file_line_column(void)
{
    expect_load_error(__LINE__, "station,unit\nA,X\nB,Y\nA,Z\n", 4, 1,
                      "duplicate station A (first at line 2)");
    expect_load_error(__LINE__, "unit,station\nX,A\n ,B\n", 3, 1,
                      "empty unit for station B");
    expect_load_error(__LINE__, "station,unit\nA,X\n,X\n", 3, 1,
                      "empty station code");
    expect_load_error(__LINE__, "station,unit,lon,lat\nA,X,116.x,39\n", 2, 3,
                      "bad longitude");
    expect_load_error(__LINE__, "station,unit,lon,lat\nA,X,116,91\n", 2, 4,
                      "bad latitude");
    expect_load_error(__LINE__, "station,unit,lon,lat\nA,X,nan,39\n", 2, 3,
                      "bad longitude");
    expect_load_error(__LINE__, "station,unit,reference\nA,X,yes\n", 2, 3,
                      "bad reference flag");
    expect_load_error(__LINE__, "station,name\nA,X\n", 1, 1,
                      "need the columns station and unit");
    expect_load_error(__LINE__, "station,unit,unit,lon\nA,X,Y,1\n", 1, 3,
                      "repeats column 2");
    expect_load_error(__LINE__,
                      "station,unit,unit_en\nA,X,Hengshui\nB,X,Hengshu\n", 3, 3,
                      "unit X has the English name");
    expect_load_error(__LINE__, "station,unit\n", 2, 0, "no stations");
    expect_load_error(__LINE__, "", 1, 0, "empty file");
    expect_load_error(__LINE__, "station,unit,lon\nA,X\n", 2, 2,
                      "wrong column count");
}

/*
 * The national list, UTF-8 and GB18030 (data/stations). Counts:
 *   awk -F, 'NR>1' NewSiteList_utf8.csv | wc -l               -> 2026
 *   awk -F, 'NR>1{c[$3]++} END{print length(c)}'              -> 375
 *   awk -F, 'NR>1 && $6=="Y"' | wc -l                         -> 250
 *   awk -F, '$3=="衡水"{print $1}' -> 1074A 1075A 1076A 3188A 3459A
 */
static aq_stations *load_list(const char *name)
{
    char path[512];
    aq_stations *s = NULL;
    aq_error e = AQ_ERROR_INIT;

    snprintf(path, sizeof path, "%s", name);
    if (aq_stations_load(&s, path, &e) != AQ_OK) {
        char b[512];
        aqt_fail(__FILE__, __LINE__, "%s", aq_error_format(&e, b, sizeof b));
        return NULL;
    }
    return s;
}

static size_t count_reference(const aq_stations *s)
{
    size_t i, n = 0;

    for (i = 0; i < aq_stations_count(s); i++)
        n += aq_stations_get(s, i)->reference != 0;
    return n;
}

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

void test_stations__national_list_utf8_and_gb18030_same(void)
{
    aq_stations *u8 = load_list(DATA "/stations/NewSiteList_utf8.csv");
    aq_stations *gb = load_list(DATA "/stations/NewSiteList_gb18030.csv");
    static const char *const hengshui[] = {"1074A", "1075A", "1076A", "3188A",
                                           "3459A"};
    size_t i;
    int u;

    if (!u8 || !gb) {
        aq_stations_free(u8);
        aq_stations_free(gb);
        return;
    }
    EXPECT_EQ_INT(2026, aq_stations_count(u8));
    EXPECT_EQ_INT(2026, aq_stations_count(gb));
    EXPECT_EQ_INT(375, aq_stations_unit_count(u8));
    EXPECT_EQ_INT(375, aq_stations_unit_count(gb));
    for (i = 0; i < aq_stations_count(u8); i++) {
        const aq_station *a = aq_stations_get(u8, i),
                         *b = aq_stations_get(gb, i);
        if (strcmp(a->code, b->code) || strcmp(a->name, b->name) ||
            strcmp(aq_stations_unit_name(u8, (size_t)a->unit),
                   aq_stations_unit_name(gb, (size_t)b->unit)) ||
            !same_double(a->lon, b->lon) || !same_double(a->lat, b->lat) ||
            a->reference != b->reference) {
            aqt_fail(__FILE__, __LINE__, "station %zu (%s) differs", i,
                     a->code);
            break;
        }
    }
    /* the raw 对照点 flag, Y on 250 rows, kept as the list says */
    EXPECT_EQ_INT(250, count_reference(u8));
    EXPECT_EQ_INT(1, aq_stations_is_reference(u8, "1002A"));
    EXPECT_EQ_INT(1, aq_stations_is_reference(gb, "1076A"));
    EXPECT_EQ_STR("定陵(对照点)", aq_stations_find(gb, "1002A")->name);
    u = aq_stations_unit_find(gb, "衡水");
    CHECK(u >= 0);
    EXPECT_EQ_INT(5, aq_stations_unit_size(gb, (size_t)u));
    for (i = 0; i < 5 && i < aq_stations_unit_size(gb, (size_t)u); i++)
        EXPECT_EQ_STR(hengshui[i],
                      aq_stations_unit_station(gb, (size_t)u, i)->code);
    EXPECT(isnan(aq_stations_find(u8, "1045A")->lon));
    /* codes of the 2019 data that the list lacks */
    EXPECT_EQ_INT(-1, aq_stations_unit_of(u8, "1777A"));
    EXPECT_EQ_INT(-1, aq_stations_unit_of(u8, "1946A"));
    aq_stations_free(u8);
    aq_stations_free(gb);
}

/*
 * The shipped jurisdictions (scripts/gen-jurisdictions.sh). reference = Y
 * only where the name says 对照点:
 *   grep -c 对照点 NewSiteList_utf8.csv -> 130 (all of them flagged Y)
 * Jing-Jin-Ji without 雄安新区: awk -F, '($7=="北京市"||$7=="天津市"||
 *   $7=="河北省") && $3!="雄安新区"' | wc -l -> 130 stations, 13 cities;
 *   reference among them: 1002A 1027A 1035A 1061A 1066A -> 5.
 */
void test_stations__shipped_jurisdictions_P1(void)
{
    aq_stations *b = load_list("etc/beijing.stations.csv");
    aq_stations *j = load_list("etc/jingjinji.stations.csv");
    aq_stations *n = load_list("etc/national.stations.csv");
    int u;

    if (!b || !j || !n)
        goto done;
    EXPECT_EQ_INT(12, aq_stations_count(b));
    EXPECT_EQ_INT(12, aq_stations_unit_count(b));
    EXPECT_EQ_INT(1, count_reference(b));
    EXPECT_EQ_INT(1, aq_stations_is_reference(b, "Dingling"));
    u = aq_stations_unit_of(b, "Dingling");
    EXPECT_EQ_STR("定陵", aq_stations_unit_name(b, (size_t)u));
    EXPECT_EQ_STR("Dingling", aq_stations_unit_name_en(b, (size_t)u));
    u = aq_stations_unit_of(b, "Aotizhongxin");
    EXPECT_EQ_STR("奥体中心", aq_stations_unit_name(b, (size_t)u));

    EXPECT_EQ_INT(130, aq_stations_count(j));
    EXPECT_EQ_INT(13, aq_stations_unit_count(j));
    EXPECT_EQ_INT(5, count_reference(j));
    u = aq_stations_unit_find(j, "衡水");
    CHECK(u >= 0);
    EXPECT_EQ_STR("Hengshui", aq_stations_unit_name_en(j, (size_t)u));
    EXPECT_EQ_INT(5, aq_stations_unit_size(j, (size_t)u));
    /* Y in the list but an ordinary site: counted (READERS.md) */
    EXPECT_EQ_INT(0, aq_stations_is_reference(j, "1076A"));
    EXPECT_EQ_INT(0, aq_stations_is_reference(j, "1022A"));
    EXPECT_EQ_INT(-1, aq_stations_unit_of(j, "3584A")); /* 雄安新区 */

    EXPECT_EQ_INT(2026, aq_stations_count(n));
    EXPECT_EQ_INT(375, aq_stations_unit_count(n));
    EXPECT_EQ_INT(130, count_reference(n));
done:
    aq_stations_free(b);
    aq_stations_free(j);
    aq_stations_free(n);
}
