/* SPDX-License-Identifier: MIT */
/*
 * The JSON documents of include/aq/api.h, built with jansson and dumped
 * compactly with sorted-free insertion order. Floating-point values are
 * used only for coordinates (display data); rule values are written from
 * exact integers (see json_decimal()).
 */
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "aq/api.h"
#include "aq/date.h"
#include "lib/api_internal.h"
#include "util/alloc.h"

/* jansson allocates through the project allocator, so fault injection
 * (AQ_FAIL_ALLOC_AT) reaches it too and its strings are freed by aq_free */
static pthread_once_t alloc_once = PTHREAD_ONCE_INIT;

static void set_json_alloc(void)
{
    json_set_alloc_funcs(aqx_malloc, aqx_free);
}

void aq_api__init(void)
{
    pthread_once(&alloc_once, set_json_alloc);
}

static aq_status dump(json_t *doc, char **out, aq_error *err)
{

    *out = NULL;
    if (!doc)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    *out = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(doc);
    return *out ? AQ_OK : aq_error_set(err, AQ_ENOMEM, "out of memory");
}

static json_t *json_real_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static aq_status unit_cb(const aq_unit_info *u, void *payload)
{
    json_t *o = json_pack("{s:s, s:s, s:i, s:i}", "unit", u->name, "unit_en",
                          u->name_en, "stations", u->stations,
                          "reference_stations", u->reference);

    return o && json_array_append_new(payload, o) == 0 ? AQ_OK : AQ_ENOMEM;
}

aq_status aq_api_units(aq_store *s, char **out, aq_error *err)
{
    json_t *arr;
    aq_status rc;

    aq_api__init();
    arr = json_array();
    *out = NULL;
    if (!arr)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    if ((rc = aq_store_each_unit(s, unit_cb, arr, err)) < 0) {
        json_decref(arr);
        return rc == AQ_ENOMEM ? aq_error_set(err, rc, "out of memory") : rc;
    }
    return dump(json_pack("{s:o}", "units", arr), out, err);
}

static aq_status station_cb(const aq_station_info *st, void *payload)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:b}", "station", st->code,
                          "unit", st->unit, "name", st->name, "lon",
                          json_real_or_null(st->lon), "lat",
                          json_real_or_null(st->lat), "reference",
                          st->reference);

    return o && json_array_append_new(payload, o) == 0 ? AQ_OK : AQ_ENOMEM;
}

aq_status aq_api_stations(aq_store *s, char **out, aq_error *err)
{
    json_t *arr;
    aq_status rc;

    aq_api__init();
    arr = json_array();
    *out = NULL;
    if (!arr)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    if ((rc = aq_store_each_station(s, station_cb, arr, err)) < 0) {
        json_decref(arr);
        return rc == AQ_ENOMEM ? aq_error_set(err, rc, "out of memory") : rc;
    }
    return dump(json_pack("{s:o}", "stations", arr), out, err);
}

static void day_text(char *dst, size_t cap, int32_t dn)
{
    int y, m, d;

    aq_civil_from_day(dn, &y, &m, &d);
    snprintf(dst, cap, "%04d-%02d-%02d", y, m, d);
}

aq_status aq_api_months(aq_store *s, char **out, aq_error *err)
{
    int32_t first, last;
    json_t *months;
    char a[16], b[16];
    int y, m, y1, m1;
    aq_status rc;

    aq_api__init();
    *out = NULL;
    rc = aq_store_day_range(s, &first, &last, err);
    if (rc == AQ_ENOTFOUND)
        return dump(json_pack("{s:n, s:n, s:[]}", "first_day", "last_day",
                              "months"),
                    out, err);
    if (rc < 0)
        return rc;
    months = json_array();
    aq_civil_from_day(first, &y, &m, NULL);
    aq_civil_from_day(last, &y1, &m1, NULL);
    while (months && (y < y1 || (y == y1 && m <= m1))) {
        char p[16];
        snprintf(p, sizeof p, "%04d-%02d", y, m);
        json_array_append_new(months, json_string(p));
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    day_text(a, sizeof a, first);
    day_text(b, sizeof b, last);
    return dump(json_pack("{s:s, s:s, s:o}", "first_day", a, "last_day", b,
                          "months", months),
                out, err);
}

static aq_status count_cb(const aq_unit_info *u, void *payload)
{
    int *n = payload;

    n[0]++;
    n[1] += u->stations;
    return AQ_OK;
}

aq_status aq_api_health(aq_store *s, char **out, aq_error *err)
{
    int n[2] = {0, 0};
    aq_status rc;

    aq_api__init();
    *out = NULL;
    if ((rc = aq_store_each_unit(s, count_cb, n, err)) < 0)
        return rc;
    return dump(json_pack("{s:s, s:s, s:i, s:i, s:i}", "status", "ok",
                          "version", aq_version(), "schema_version",
                          AQ_STORE_SCHEMA_VERSION, "units", n[0], "stations",
                          n[1]),
                out, err);
}
