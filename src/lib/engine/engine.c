/* SPDX-License-Identifier: MIT */
/*
 * The engine (include/aq/engine.h): store -> station-days -> unit-days ->
 * period statistics. Unit-days are computed for a contiguous range of days
 * and kept; the range grows to cover whatever period is asked for. Station
 * days arrive from the store ordered by day, unit and station, so each
 * (day, unit) group is complete when the next one starts.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "aq/engine.h"
#include "lib/engine/engine_internal.h"
#include "util/alloc.h"

struct unit_entry {
    aq_unit_info info;
    char *name, *name_en;
};

struct aq_engine {
    aq_store *store;
    aq_engine_options opts;
    struct unit_entry *units;
    size_t nunits;
    /* unit-days for [first, first + ndays), [unit][day - first] */
    int32_t first;
    size_t ndays;
    aq_unit_day *days;
    aq_period_stats *period_out;
};

static aq_status add_unit(const aq_unit_info *u, void *payload)
{
    aq_engine *e = payload;
    struct unit_entry *nu =
        aqx_realloc(e->units, (e->nunits + 1) * sizeof *e->units);

    if (!nu)
        return AQ_ENOMEM;
    e->units = nu;
    nu = &e->units[e->nunits];
    nu->name = aqx_strdup(u->name);
    nu->name_en = aqx_strdup(u->name_en);
    if (!nu->name || !nu->name_en) {
        aqx_free(nu->name);
        aqx_free(nu->name_en);
        return AQ_ENOMEM;
    }
    nu->info = *u;
    nu->info.name = nu->name;
    nu->info.name_en = nu->name_en;
    e->nunits++;
    return AQ_OK;
}

aq_status aq_engine_new(aq_engine **out, aq_store *s,
                        const aq_engine_options *opts, aq_error *err)
{
    aq_engine *e;
    aq_status rc;

    *out = NULL;
    e = aqx_calloc(1, sizeof *e);
    if (!e)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    if (opts) {
        e->opts = *opts;
    } else {
        aq_engine_options d = AQ_ENGINE_OPTIONS_INIT;
        e->opts = d;
    }
    e->store = s;
    if (e->opts.version != AQ_ENGINE_OPTIONS_VERSION) {
        aqx_free(e);
        return aq_error_set(err, AQ_EINVALID,
                            "engine options version %u not supported",
                            e->opts.version);
    }
    if ((rc = aq_stats_options_check(&e->opts.stats, err)) < 0 ||
        (rc = aq_store_each_unit(s, add_unit, e, err)) < 0) {
        if (rc == AQ_ENOMEM)
            aq_error_set(err, rc, "out of memory");
        aq_engine_free(e);
        return rc;
    }
    *out = e;
    return AQ_OK;
}

void aq_engine_free(aq_engine *e)
{
    size_t i;

    if (!e)
        return;
    for (i = 0; i < e->nunits; i++) {
        aqx_free(e->units[i].name);
        aqx_free(e->units[i].name_en);
    }
    aqx_free(e->units);
    aqx_free(e->days);
    aqx_free(e->period_out);
    aqx_free(e);
}

size_t aq_engine_unit_count(const aq_engine *e)
{
    return e->nunits;
}

const aq_unit_info *aq_engine_unit(const aq_engine *e, size_t i)
{
    return i < e->nunits ? &e->units[i].info : NULL;
}

int aq_engine_unit_evaluated(const aq_engine *e, size_t i)
{
    const aq_unit_info *u = aq_engine_unit(e, i);

    /* N5.3.1: the unit's assessment stations */
    return u && (u->stations - u->reference > 0 ||
                 (e->opts.include_reference_sites && u->stations > 0));
}

int aq_engine_find_unit(const aq_engine *e, const char *name)
{
    size_t i;

    for (i = 0; i < e->nunits; i++)
        if (!strcmp(e->units[i].name, name) ||
            (e->units[i].name_en[0] &&
             !strcasecmp(e->units[i].name_en, name)))
            return (int)i;
    return -1;
}

/* ---- Loading unit-days ---- */

struct loader {
    aq_engine *e;
    aq_unit_day *days; /* [unit][day - first] */
    int32_t first;
    size_t ndays;
    /* the current (day, unit) group of station hours */
    int32_t cur_day;
    int cur_unit_id;
    aq_day_hours *hours;
    size_t nhours, cap;
    aq_engine_edit_cb edit; /* what-if edits of the hours, or NULL */
    void *edit_payload;
    aq_error *err;
};

static size_t unit_index(const aq_engine *e, int unit_id)
{
    size_t i;

    for (i = 0; i < e->nunits; i++)
        if (e->units[i].info.id == unit_id)
            return i;
    return (size_t)-1;
}

static aq_status flush_group(struct loader *L)
{
    size_t u;
    aq_status rc;

    if (!L->nhours)
        return AQ_OK;
    u = unit_index(L->e, L->cur_unit_id);
    if (u == (size_t)-1) {
        L->nhours = 0;
        return AQ_OK;
    }
    rc = aq_stats_unit_day_hourly(
        L->cur_day, (const int64_t(*)[AQ_POLLUTANT_COUNT][24])L->hours,
        L->nhours, &L->e->opts.stats,
        &L->days[u * L->ndays + (size_t)(L->cur_day - L->first)]);
    L->nhours = 0;
    if (rc < 0)
        return aq_error_set(L->err, rc,
                            "cannot compute a unit-day (invalid stored value)");
    return AQ_OK;
}

static aq_status on_station_day(const aq_station_info *st, int32_t day,
                                const aq_day_hours *hours, void *payload)
{
    struct loader *L = payload;
    aq_status rc;

    /* N5.3.1: reference sites (对照点) are not part of a unit's value
     * unless the policy says so */
    if (st->reference && !L->e->opts.include_reference_sites)
        return AQ_OK;
    if (L->nhours && (day != L->cur_day || st->unit_id != L->cur_unit_id)) {
        if ((rc = flush_group(L)) < 0)
            return rc;
    }
    L->cur_day = day;
    L->cur_unit_id = st->unit_id;
    if (L->nhours == L->cap) {
        size_t cap = L->cap ? L->cap * 2 : 16;
        aq_day_hours *nh = aqx_realloc(L->hours, cap * sizeof *nh);
        if (!nh)
            return aq_error_set(L->err, AQ_ENOMEM, "out of memory");
        L->hours = nh;
        L->cap = cap;
    }
    memcpy(&L->hours[L->nhours++], hours, sizeof *hours);
    if (L->edit)
        L->edit(st, day, &L->hours[L->nhours - 1], L->edit_payload);
    return AQ_OK;
}

/* The first and last day of the month of day d. */
static void month_of(int32_t d, int32_t *first, int32_t *last)
{
    int y, m;

    aq_civil_from_day(d, &y, &m, NULL);
    *first = aq_day_from_civil(y, m, 1);
    *last = aq_day_from_civil(y, m, aq_month_days(y, m));
}

aq_status aq_engine__options_key(const aq_engine_options *o, size_t layout,
                                 char *dst, size_t cap)
{
    const aq_stats_options *so = &o->stats;
    size_t n;
    int i;

    n = (size_t)snprintf(dst, cap, "%s/%zu/r%d c%d o%d w%d s%d d%d ref%d",
                         aq_version(), layout, so->ruleset,
                         so->rounding_chain, so->unit_o3, so->mda8_windows,
                         so->min_station_share, so->daily_o3_1h,
                         o->include_reference_sites);
    for (i = 0; i < AQ_POLLUTANT_COUNT && n < cap; i++)
        n += (size_t)snprintf(dst + n, cap - n, " %lld/%d",
                              (long long)so->composite_limit[i],
                              so->composite_weight[i]);
    return n < cap ? AQ_OK : AQ_ERROR;
}

/* The cache of one month's unit-days: its name and key (the options, the
 * month's data and the jurisdiction, aq_store_data_key). */
static aq_status day_cache_key(aq_engine *e, int32_t m0, int32_t m1,
                               char name[32], char *key, size_t cap,
                               aq_error *err)
{
    char data[512];
    size_t n;
    int y, m;
    aq_status rc;

    aq_civil_from_day(m0, &y, &m, NULL);
    snprintf(name, 32, "days %04d-%02d", y, m);
    if ((rc = aq_store_data_key(e->store, m0, m1, data, sizeof data, err)) <
        0)
        return rc;
    if (aq_engine__options_key(&e->opts, sizeof(aq_unit_day), key, cap) < 0)
        return aq_error_set(err, AQ_ERROR, "key too long");
    n = strlen(key);
    if ((size_t)snprintf(key + n, cap - n, " u%zu %s", e->nunits, data) >=
        cap - n)
        return aq_error_set(err, AQ_ERROR, "key too long");
    return AQ_OK;
}

/* *blob holds at least size bytes (grown when needed); -1 when out of
 * memory. */
static int blob_room(unsigned char **blob, size_t *cap, size_t size)
{
    unsigned char *nb;

    if (size <= *cap)
        return 0;
    if (!(nb = aqx_realloc(*blob, size)))
        return -1;
    *blob = nb;
    *cap = size;
    return 0;
}

/* The unit-days of [first, last] from the stored hours as edit changes
 * them (NULL: as stored) into days, laid out [unit][day - days_first]
 * with days_n days a unit. */
static aq_status fill_days(aq_engine *e, int32_t first, int32_t last,
                           aq_engine_edit_cb edit, void *payload,
                           aq_unit_day *days, int32_t days_first,
                           size_t days_n, aq_error *err)
{
    struct loader L;
    aq_status rc;
    size_t u;
    int32_t d;

    memset(&L, 0, sizeof L);
    L.e = e;
    L.err = err;
    L.edit = edit;
    L.edit_payload = payload;
    L.first = days_first;
    L.ndays = days_n;
    L.days = days;
    /* a unit-day without any station data: everything missing */
    for (u = 0; u < e->nunits; u++)
        for (d = first; d <= last; d++)
            if ((rc = aq_stats_unit_day(
                     d, NULL, 0, &e->opts.stats,
                     &days[u * days_n + (size_t)(d - days_first)])) < 0)
                return aq_error_set(err, rc, "cannot form an empty day");
    rc = aq_store_each_station_day(e->store, first, last, on_station_day, &L,
                                   err);
    if (rc == AQ_OK)
        rc = flush_group(&L);
    aqx_free(L.hours);
    return rc;
}

/* The unit-days of [first, last], [unit][day - first], into *out (an
 * allocation the caller frees), from the stored hours as edit changes
 * them (NULL: as stored). */
static aq_status load_days(aq_engine *e, int32_t first, int32_t last,
                           aq_engine_edit_cb edit, void *payload,
                           aq_unit_day **out, aq_error *err)
{
    size_t n = (size_t)(last - first + 1);
    aq_unit_day *days = aqx_calloc(e->nunits ? e->nunits * n : 1,
                                   sizeof *days);
    aq_status rc;

    if (!days)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    if ((rc = fill_days(e, first, last, edit, payload, days, first, n,
                        err)) < 0) {
        aqx_free(days);
        return rc;
    }
    *out = days;
    return AQ_OK;
}

/*
 * Make sure unit-days cover [first, last]. Days are kept by whole months:
 * a month is copied from the days already in memory, read from the
 * store's cache of unit-days (when its data, the jurisdiction and the
 * options are those it was computed with), or computed from the
 * station-days, runs of missing months at once, and then cached (when the
 * store is writable). A span of days, a month or the year to date after a
 * one-day ingest thus recomputes one month.
 */
static aq_status ensure_days(aq_engine *e, int32_t first, int32_t last,
                             aq_error *err)
{
    aq_unit_day *days;
    size_t ndays;
    aq_status rc = AQ_OK;
    size_t u, blob_size = 0;
    int32_t m0, m1, run = -1, unused, data0, data1;
    unsigned char *blob = NULL;
    char name[32], key[1536];

    if (e->days && first >= e->first &&
        last < e->first + (int32_t)e->ndays)
        return AQ_OK;
    /* months without any data are all missing: neither read nor cached */
    if (aq_store_day_range(e->store, &data0, &data1, err) < 0)
        data0 = 1, data1 = 0;
    month_of(first, &first, &unused);
    month_of(last, &unused, &last);
    if (e->days && first <= e->first + (int32_t)e->ndays &&
        last >= e->first - 1) { /* overlapping or adjacent: grow */
        if (e->first < first)
            first = e->first;
        if (e->first + (int32_t)e->ndays - 1 > last)
            last = e->first + (int32_t)e->ndays - 1;
    } /* else the new range replaces the old one */
    ndays = (size_t)(last - first + 1);
    days = aqx_calloc(e->nunits ? e->nunits * ndays : 1, sizeof *days);
    if (!days)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (m0 = first; rc == AQ_OK && m0 <= last + 1; m0 = m1 + 1) {
        int have = 0;
        size_t mdays;

        if (m0 > last) { /* the end: compute the pending run */
            m1 = last;
        } else {
            month_of(m0, &unused, &m1);
            mdays = (size_t)(m1 - m0 + 1);
            if (e->days && m0 >= e->first &&
                m1 < e->first + (int32_t)e->ndays) {
                for (u = 0; u < e->nunits; u++) /* already in memory */
                    memcpy(&days[u * ndays + (size_t)(m0 - first)],
                           &e->days[u * e->ndays + (size_t)(m0 - e->first)],
                           mdays * sizeof *days);
                have = 1;
            } else if (m1 < data0 || m0 > data1) {
                have = 0; /* computed empty below, not cached */
            } else if (e->nunits &&
                       (rc = day_cache_key(e, m0, m1, name, key, sizeof key,
                                           err)) == AQ_OK) {
                size_t size = e->nunits * mdays * sizeof *days;
                if (blob_room(&blob, &blob_size, size) < 0) {
                    rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
                    break;
                }
                if (aq_store_cache_get(e->store, name, key, blob, size) ==
                    AQ_OK) {
                    for (u = 0; u < e->nunits; u++)
                        memcpy(&days[u * ndays + (size_t)(m0 - first)],
                               blob + u * mdays * sizeof *days,
                               mdays * sizeof *days);
                    have = 1;
                }
            }
            if (rc != AQ_OK)
                break;
        }
        if (!have && m0 <= last) {
            if (run < 0)
                run = m0; /* a run of months to compute begins */
            continue;
        }
        if (run >= 0) {
            /* compute the run [run, m0 - 1] at once, then cache it month
             * by month */
            int32_t r0, r1, end = m0 - 1;
            if (m0 > last)
                end = last;
            if ((rc = fill_days(e, run, end, NULL, NULL, days, first, ndays,
                                err)) < 0)
                break;
            for (r0 = run; r0 <= end && e->nunits; r0 = r1 + 1) {
                size_t rd, size;
                month_of(r0, &unused, &r1);
                if (r1 < data0 || r0 > data1)
                    continue; /* no data: nothing worth keeping */
                rd = (size_t)(r1 - r0 + 1);
                size = e->nunits * rd * sizeof *days;
                if (day_cache_key(e, r0, r1, name, key, sizeof key, err) <
                    0)
                    continue; /* not cached: computed again next time */
                if (blob_room(&blob, &blob_size, size) < 0)
                    break; /* not cached: computed again next time */
                for (u = 0; u < e->nunits; u++)
                    memcpy(blob + u * rd * sizeof *days,
                           &days[u * ndays + (size_t)(r0 - first)],
                           rd * sizeof *days);
                aq_store_cache_put(e->store, name, key, blob, size);
            }
            run = -1;
        }
        if (m0 > last)
            break;
    }
    aqx_free(blob);
    if (rc < 0) {
        aqx_free(days);
        return rc;
    }
    aqx_free(e->days);
    e->days = days;
    e->first = first;
    e->ndays = ndays;
    return AQ_OK;
}

aq_status aq_engine_load(aq_engine *e, int32_t first, int32_t last,
                         aq_error *err)
{
    if (last < first)
        return aq_error_set(err, AQ_EINVALID, "empty range of days");
    return ensure_days(e, first, last, err);
}

/* Every unit's statistics over the days of s: of the calendar period p
 * (N5.2) when p is given, else of the span (D2) with flags. */
static aq_status unit_stats(aq_engine *e, aq_span s, const aq_period *p,
                            unsigned flags, const aq_period_stats **out,
                            aq_error *err)
{
    aq_status rc;
    size_t u;

    *out = NULL;
    if ((rc = ensure_days(e, s.first, s.last, err)) < 0)
        return rc;
    if (!e->period_out) {
        e->period_out =
            aqx_calloc(e->nunits ? e->nunits : 1, sizeof *e->period_out);
        if (!e->period_out)
            return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    for (u = 0; u < e->nunits; u++) {
        const aq_unit_day *days =
            &e->days[u * e->ndays + (size_t)(s.first - e->first)];
        size_t n = (size_t)(s.last - s.first + 1);
        rc = p ? aq_stats_period(*p, days, n, &e->opts.stats,
                                 &e->period_out[u], err)
               : aq_stats_span(s, flags, days, n, &e->opts.stats,
                               &e->period_out[u], err);
        if (rc < 0)
            return rc;
    }
    *out = e->period_out;
    return AQ_OK;
}

aq_status aq_engine_period_stats(aq_engine *e, aq_period p,
                                 const aq_period_stats **out, aq_error *err)
{
    return unit_stats(e, aq_span_of_period(p), &p, 0, out, err);
}

aq_status aq_engine_span_stats(aq_engine *e, aq_span s, unsigned flags,
                               const aq_period_stats **out, aq_error *err)
{
    *out = NULL;
    if (s.last < s.first || s.last - s.first + 1 > AQ_SPAN_MAX_DAYS)
        return aq_error_set(err, AQ_EINVALID,
                            "a span is 1 to %d whole days (from <= to)",
                            AQ_SPAN_MAX_DAYS);
    return unit_stats(e, s, NULL, flags, out, err);
}

aq_status aq_engine_period_stats_edited(aq_engine *e, aq_period p,
                                        aq_engine_edit_cb edit, void *payload,
                                        aq_period_stats *out, aq_error *err)
{
    aq_unit_day *days = NULL;
    int32_t first, last;
    aq_status rc = AQ_OK;
    size_t u, n;

    aq_period_days(p, &first, &last);
    if ((rc = load_days(e, first, last, edit, payload, &days, err)) < 0)
        return rc;
    n = (size_t)(last - first + 1);
    for (u = 0; u < e->nunits && rc == AQ_OK; u++)
        rc = aq_stats_period(p, &days[u * n], n, &e->opts.stats, &out[u], err);
    aqx_free(days);
    return rc;
}

aq_status aq_engine_unit_days(aq_engine *e, size_t unit, aq_period p,
                              const aq_unit_day **out, size_t *n,
                              aq_error *err)
{
    int32_t first, last;
    aq_status rc;

    *out = NULL;
    *n = 0;
    if (unit >= e->nunits)
        return aq_error_set(err, AQ_ENOTFOUND, "no such unit");
    aq_period_days(p, &first, &last);
    if ((rc = ensure_days(e, first, last, err)) < 0)
        return rc;
    *out = &e->days[unit * e->ndays + (size_t)(first - e->first)];
    *n = (size_t)(last - first + 1);
    return AQ_OK;
}

aq_status aq_engine_data_months(aq_engine *e, aq_period *first,
                                aq_period *last, aq_error *err)
{
    int32_t a, b;
    int y, m;
    aq_status rc;

    if ((rc = aq_store_day_range(e->store, &a, &b, err)) < 0)
        return rc;
    aq_civil_from_day(a, &y, &m, NULL);
    first->kind = AQ_PERIOD_MONTH;
    first->year = y;
    first->index = m;
    aq_civil_from_day(b, &y, &m, NULL);
    last->kind = AQ_PERIOD_MONTH;
    last->year = y;
    last->index = m;
    return AQ_OK;
}

struct explain_walk {
    aq_engine *e;
    int unit_id;
    aq_station_day_cb cb;
    void *payload;
    aq_error *err;
};

static aq_status explain_station(const aq_station_info *st, int32_t day,
                                 const aq_day_hours *hours, void *payload)
{
    struct explain_walk *w = payload;
    aq_station_day sd;
    aq_status rc;

    if (w->unit_id >= 0 && st->unit_id != w->unit_id)
        return AQ_OK;
    rc = aq_stats_station_day(day, (const int64_t(*)[24]) * hours, NULL,
                              &w->e->opts.stats, &sd);
    if (rc < 0)
        return aq_error_set(w->err, rc, "cannot compute a station-day");
    return w->cb(st, day, hours, &sd, w->payload);
}

aq_status aq_engine_each_station_day(aq_engine *e, size_t unit, aq_period p,
                                     aq_station_day_cb cb, void *payload,
                                     aq_error *err)
{
    struct explain_walk w;
    int32_t first, last;

    if (unit != (size_t)-1 && unit >= e->nunits)
        return aq_error_set(err, AQ_ENOTFOUND, "no such unit");
    aq_period_days(p, &first, &last);
    w.e = e;
    w.unit_id = unit == (size_t)-1 ? -1 : e->units[unit].info.id;
    w.cb = cb;
    w.payload = payload;
    w.err = err;
    return aq_store_each_station_day(e->store, first, last, explain_station,
                                     &w, err);
}

/* ---- Stations judged like units (P7: stations with insufficient data) ---- */

struct station_acc {
    aq_station_info info;
    char *code, *unit, *name;
    aq_unit_day *days; /* [day - first] */
};

struct station_walk {
    aq_engine *e;
    aq_stats_options so; /* the engine's, O3 from the station's MDA8 */
    int assessment_only;
    int32_t first;
    size_t ndays;
    struct station_acc *st;
    size_t n, cap;
    int *slot_of; /* station id -> index + 1 in st, 0 = not seen */
    size_t nslots;
    aq_error *err;
};

static aq_status station_slot(struct station_walk *w,
                              const aq_station_info *st, size_t *out)
{
    struct station_acc *a;
    size_t id = (size_t)st->id, d;

    if (id >= w->nslots) {
        size_t n = id * 2 + 64;
        int *ns = aqx_realloc(w->slot_of, n * sizeof *ns);
        if (!ns)
            return AQ_ENOMEM;
        memset(ns + w->nslots, 0, (n - w->nslots) * sizeof *ns);
        w->slot_of = ns;
        w->nslots = n;
    }
    if (w->slot_of[id]) {
        *out = (size_t)w->slot_of[id] - 1;
        return AQ_OK;
    }
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 32;
        struct station_acc *na = aqx_realloc(w->st, cap * sizeof *na);
        if (!na)
            return AQ_ENOMEM;
        w->st = na;
        w->cap = cap;
    }
    a = &w->st[w->n];
    memset(a, 0, sizeof *a);
    a->info = *st;
    a->code = aqx_strdup(st->code ? st->code : "");
    a->unit = aqx_strdup(st->unit ? st->unit : "");
    a->name = aqx_strdup(st->name ? st->name : "");
    a->days = aqx_calloc(w->ndays, sizeof *a->days);
    if (!a->code || !a->unit || !a->name || !a->days) {
        aqx_free(a->code);
        aqx_free(a->unit);
        aqx_free(a->name);
        aqx_free(a->days);
        return AQ_ENOMEM;
    }
    a->info.code = a->code;
    a->info.unit = a->unit;
    a->info.name = a->name;
    /* a day without the station's data: everything missing */
    for (d = 0; d < w->ndays; d++)
        if (aq_stats_unit_day(w->first + (int32_t)d, NULL, 0, &w->so,
                              &a->days[d]) < 0) {
            aqx_free(a->code);
            aqx_free(a->unit);
            aqx_free(a->name);
            aqx_free(a->days);
            return AQ_EINVALID;
        }
    w->slot_of[id] = (int)++w->n;
    *out = w->n - 1;
    return AQ_OK;
}

static aq_status station_period_day(const aq_station_info *st, int32_t day,
                                    const aq_day_hours *hours, void *payload)
{
    struct station_walk *w = payload;
    aq_station_day sd;
    aq_status rc;
    size_t k;

    if (w->assessment_only && st->reference &&
        !w->e->opts.include_reference_sites)
        return AQ_OK; /* N5.3.1 */
    if ((rc = station_slot(w, st, &k)) < 0)
        return aq_error_set(w->err, rc, rc == AQ_ENOMEM
                                            ? "out of memory"
                                            : "cannot form an empty day");
    if ((rc = aq_stats_station_day(day, (const int64_t(*)[24]) * hours, NULL,
                                   &w->so, &sd)) < 0 ||
        (rc = aq_stats_unit_day(day, &sd, 1, &w->so,
                                &w->st[k].days[day - w->first])) < 0)
        return aq_error_set(w->err, rc, "cannot compute a station-day");
    return AQ_OK;
}

aq_status aq_engine_each_station_period(aq_engine *e, aq_period p,
                                        int assessment_only,
                                        aq_station_period_cb cb,
                                        void *payload, aq_error *err)
{
    struct station_walk w;
    int32_t first, last;
    aq_status rc;
    size_t i;

    memset(&w, 0, sizeof w);
    aq_period_days(p, &first, &last);
    w.e = e;
    w.so = e->opts.stats;
    w.so.unit_o3 = AQ_UNIT_O3_STATION_MDA8; /* one station: its own MDA8 */
    w.assessment_only = assessment_only;
    w.first = first;
    w.ndays = (size_t)(last - first + 1);
    w.err = err;
    rc = aq_store_each_station_day(e->store, first, last, station_period_day,
                                   &w, err);
    for (i = 0; i < w.n; i++) {
        aq_period_stats ps;
        if (rc == AQ_OK &&
            (rc = aq_stats_period(p, w.st[i].days, w.ndays, &w.so, &ps,
                                  err)) == AQ_OK)
            rc = cb(&w.st[i].info, &ps, payload);
        aqx_free(w.st[i].code);
        aqx_free(w.st[i].unit);
        aqx_free(w.st[i].name);
        aqx_free(w.st[i].days);
    }
    aqx_free(w.st);
    aqx_free(w.slot_of);
    return rc;
}
