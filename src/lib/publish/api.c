/* SPDX-License-Identifier: MIT */
/*
 * The JSON documents of include/aq/api.h, built with jansson and dumped
 * compactly with sorted-free insertion order. Floating-point values are
 * used only for coordinates (display data); rule values are written from
 * exact integers (see json_decimal()).
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>

#include "aq/api.h"
#include "aq/date.h"
#include "aq/decimal.h"
#include "lib/publish/api_internal.h"
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

aq_status aq_api__dump(json_t *doc, char **out, aq_error *err)
{
    return dump(doc, out, err);
}

json_t *aq_api__scaled(int64_t v, int digits)
{
    static const double pow10s[] = {1, 10, 100, 1000, 10000, 100000, 1e6};

    if (v == AQ_MISSING)
        return json_null();
    if (digits <= 0)
        return json_integer(v);
    /* the double nearest to the decimal: what "%.15g" gives back */
    return json_real((double)v / pow10s[digits > 6 ? 6 : digits]);
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

/* The start of a document {key: [...]} of the rows of a store walk: the
 * empty array (NULL when out of memory). */
static json_t *list_begin(char **out)
{
    aq_api__init();
    *out = NULL;
    return json_array();
}

/* Its end: rc is the walk's status; the document {key: arr} in *out. */
static aq_status list_end(const char *key, json_t *arr, aq_status rc,
                          char **out, aq_error *err)
{
    if (rc < 0) {
        json_decref(arr);
        return rc == AQ_ENOMEM ? aq_error_set(err, rc, "out of memory") : rc;
    }
    return dump(json_pack("{s:o}", key, arr), out, err);
}

aq_status aq_api_units(aq_store *s, char **out, aq_error *err)
{
    json_t *arr = list_begin(out);

    if (!arr)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    return list_end("units", arr, aq_store_each_unit(s, unit_cb, arr, err), out,
                    err);
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
    json_t *arr = list_begin(out);

    if (!arr)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    return list_end("stations", arr,
                    aq_store_each_station(s, station_cb, arr, err), out, err);
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
    long days = 0, ingests = 0;
    aq_status rc;

    aq_api__init();
    *out = NULL;
    if ((rc = aq_store_each_unit(s, count_cb, n, err)) < 0 ||
        (rc = aq_store_counts(s, &days, &ingests, err)) < 0)
        return rc;
    return dump(json_pack("{s:s, s:s, s:i, s:i, s:i, s:I, s:I}", "status",
                          "ok", "version", aq_version(), "schema_version",
                          AQ_STORE_SCHEMA_VERSION, "units", n[0], "stations",
                          n[1], "station_days", (json_int_t)days, "ingests",
                          (json_int_t)ingests),
                out, err);
}

/* ---- Coverage (issue 3: db check) ---- */

struct cov_cell {
    int days;
    long hours[AQ_POLLUTANT_COUNT];
};

struct cov_station {
    int id;
    char *code, *unit;
};

struct coverage_walk {
    int first_month; /* year * 12 + month - 1 of the first day */
    int nmonths;
    struct cov_station *stations;
    size_t nstations, cap;
    struct cov_cell *cells; /* [station index][month index] */
    int failed;
};

static long station_slot(struct coverage_walk *w, const aq_station_info *st)
{
    size_t i;

    for (i = 0; i < w->nstations; i++) /* few thousand at most */
        if (w->stations[i].id == st->id)
            return (long)i;
    if (w->nstations == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 64;
        struct cov_station *ns =
            aqx_realloc(w->stations, cap * sizeof *ns);
        struct cov_cell *nc = ns ? aqx_realloc(w->cells, cap *
                                                   (size_t)w->nmonths *
                                                   sizeof *nc)
                                 : NULL;
        if (ns)
            w->stations = ns;
        if (!ns || !nc)
            return -1;
        w->cells = nc;
        memset(&w->cells[w->cap * (size_t)w->nmonths], 0,
               (cap - w->cap) * (size_t)w->nmonths * sizeof *nc);
        w->cap = cap;
    }
    w->stations[w->nstations].id = st->id;
    w->stations[w->nstations].code = aqx_strdup(st->code);
    w->stations[w->nstations].unit = aqx_strdup(st->unit);
    if (!w->stations[w->nstations].code || !w->stations[w->nstations].unit) {
        aqx_free(w->stations[w->nstations].code);
        aqx_free(w->stations[w->nstations].unit);
        return -1;
    }
    return (long)w->nstations++;
}

static aq_status coverage_cb(const aq_station_info *st, int32_t day,
                             const aq_day_hours *hours, void *payload)
{
    struct coverage_walk *w = payload;
    struct cov_cell *c;
    long slot = station_slot(w, st);
    int y, m, p, h;

    if (slot < 0)
        return AQ_ENOMEM;
    aq_civil_from_day(day, &y, &m, NULL);
    c = &w->cells[(size_t)slot * (size_t)w->nmonths +
                  (size_t)(y * 12 + m - 1 - w->first_month)];
    c->days++;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        for (h = 0; h < 24; h++)
            if ((*hours)[p][h] != INT64_MIN)
                c->hours[p]++;
    return AQ_OK;
}

static int station_order(const void *a, const void *b)
{
    const struct cov_station *x = a, *y = b;

    return strcmp(x->code, y->code);
}

aq_status aq_api_coverage(aq_store *s, char **out, aq_error *err)
{
    struct coverage_walk w;
    int32_t first, last;
    aq_status rc;
    json_t *rows;
    size_t i;
    int y0, m0, y1, m1, k, p;

    aq_api__init();
    *out = NULL;
    memset(&w, 0, sizeof w);
    rc = aq_store_day_range(s, &first, &last, err);
    if (rc == AQ_ENOTFOUND)
        return dump(json_pack("{s:[]}", "coverage"), out, err);
    if (rc < 0)
        return rc;
    aq_civil_from_day(first, &y0, &m0, NULL);
    aq_civil_from_day(last, &y1, &m1, NULL);
    w.first_month = y0 * 12 + m0 - 1;
    w.nmonths = y1 * 12 + m1 - 1 - w.first_month + 1;
    rc = aq_store_each_station_day(s, first, last, coverage_cb, &w, err);
    if (rc == AQ_ENOMEM)
        aq_error_set(err, rc, "out of memory");
    rows = json_array();
    if (rc == AQ_OK) {
        /* sort station slots by code; cells move with an index map */
        size_t *order = aqx_calloc(w.nstations + 1, sizeof *order);
        struct cov_station *sorted =
            aqx_calloc(w.nstations + 1, sizeof *sorted);
        if (!order || !sorted) {
            rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        } else {
            memcpy(sorted, w.stations, w.nstations * sizeof *sorted);
            qsort(sorted, w.nstations, sizeof *sorted, station_order);
            for (i = 0; i < w.nstations; i++) {
                size_t j;
                for (j = 0; j < w.nstations; j++)
                    if (w.stations[j].id == sorted[i].id)
                        order[i] = j;
            }
            for (i = 0; i < w.nstations; i++)
                for (k = 0; k < w.nmonths; k++) {
                    const struct cov_cell *c =
                        &w.cells[order[i] * (size_t)w.nmonths + (size_t)k];
                    json_t *h;
                    char month[16];
                    int yy = (w.first_month + k) / 12,
                        mm = (w.first_month + k) % 12 + 1;
                    if (!c->days)
                        continue;
                    h = json_object();
                    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
                        json_object_set_new(
                            h, aq_pollutant_code((aq_pollutant)p),
                            json_integer(c->hours[p]));
                    snprintf(month, sizeof month, "%04d-%02d", yy, mm);
                    json_array_append_new(
                        rows,
                        json_pack("{s:s, s:s, s:s, s:i, s:o, s:i}", "station",
                                  sorted[i].code, "unit", sorted[i].unit,
                                  "month", month, "days", c->days, "hours",
                                  h, "possible_hours",
                                  24 * aq_month_days(yy, mm)));
                }
        }
        aqx_free(order);
        aqx_free(sorted);
    }
    for (i = 0; i < w.nstations; i++) {
        aqx_free(w.stations[i].code);
        aqx_free(w.stations[i].unit);
    }
    aqx_free(w.stations);
    aqx_free(w.cells);
    if (rc < 0) {
        json_decref(rows);
        return rc;
    }
    return dump(json_pack("{s:o}", "coverage", rows), out, err);
}
