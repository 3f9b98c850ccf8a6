/* SPDX-License-Identifier: MIT */
/*
 * The engine (include/aq/engine.h): store -> station-days -> unit-days ->
 * period statistics. Unit-days are computed for a contiguous range of days
 * and kept; the range grows to cover whatever period is asked for. Station
 * days arrive from the store ordered by day, unit and station, so each
 * (day, unit) group is complete when the next one starts.
 */
#include <string.h>
#include <strings.h>

#include "aq/engine.h"
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

/* The unit-days of [first, last], [unit][day - first], into *out (an
 * allocation the caller frees), from the stored hours as edit changes
 * them (NULL: as stored). */
static aq_status load_days(aq_engine *e, int32_t first, int32_t last,
                           aq_engine_edit_cb edit, void *payload,
                           aq_unit_day **out, aq_error *err)
{
    struct loader L;
    aq_status rc;
    size_t u, d;

    memset(&L, 0, sizeof L);
    L.e = e;
    L.err = err;
    L.edit = edit;
    L.edit_payload = payload;
    L.first = first;
    L.ndays = (size_t)(last - first + 1);
    L.days = aqx_calloc(e->nunits ? e->nunits * L.ndays : 1, sizeof *L.days);
    if (!L.days)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    /* a unit-day without any station data: everything missing */
    for (u = 0; u < e->nunits; u++)
        for (d = 0; d < L.ndays; d++)
            if ((rc = aq_stats_unit_day(first + (int32_t)d, NULL, 0,
                                        &e->opts.stats,
                                        &L.days[u * L.ndays + d])) < 0) {
                aqx_free(L.days);
                return aq_error_set(err, rc, "cannot form an empty day");
            }
    rc = aq_store_each_station_day(e->store, first, last, on_station_day, &L,
                                   err);
    if (rc == AQ_OK)
        rc = flush_group(&L);
    aqx_free(L.hours);
    if (rc < 0) {
        aqx_free(L.days);
        return rc;
    }
    *out = L.days;
    return AQ_OK;
}

/* Make sure unit-days cover [first, last]. */
static aq_status ensure_days(aq_engine *e, int32_t first, int32_t last,
                             aq_error *err)
{
    aq_unit_day *days;
    aq_status rc;

    if (e->days && first >= e->first && last < e->first + (int32_t)e->ndays)
        return AQ_OK;
    if (e->days && first <= e->first + (int32_t)e->ndays &&
        last >= e->first - 1) { /* overlapping or adjacent: grow */
        if (e->first < first)
            first = e->first;
        if (e->first + (int32_t)e->ndays - 1 > last)
            last = e->first + (int32_t)e->ndays - 1;
    } /* else the new range replaces the old one */
    if ((rc = load_days(e, first, last, NULL, NULL, &days, err)) < 0)
        return rc;
    aqx_free(e->days);
    e->days = days;
    e->first = first;
    e->ndays = (size_t)(last - first + 1);
    return AQ_OK;
}

aq_status aq_engine_load(aq_engine *e, int32_t first, int32_t last,
                         aq_error *err)
{
    if (last < first)
        return aq_error_set(err, AQ_EINVALID, "empty range of days");
    return ensure_days(e, first, last, err);
}

aq_status aq_engine_period_stats(aq_engine *e, aq_period p,
                                 const aq_period_stats **out, aq_error *err)
{
    int32_t first, last;
    aq_status rc;
    size_t u;

    *out = NULL;
    aq_period_days(p, &first, &last);
    if ((rc = ensure_days(e, first, last, err)) < 0)
        return rc;
    if (!e->period_out) {
        e->period_out =
            aqx_calloc(e->nunits ? e->nunits : 1, sizeof *e->period_out);
        if (!e->period_out)
            return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    for (u = 0; u < e->nunits; u++) {
        const aq_unit_day *days =
            &e->days[u * e->ndays + (size_t)(first - e->first)];
        if ((rc = aq_stats_period(p, days, (size_t)(last - first + 1),
                                  &e->opts.stats, &e->period_out[u], err)) <
            0)
            return rc;
    }
    *out = e->period_out;
    return AQ_OK;
}

aq_status aq_engine_period_stats_edited(aq_engine *e, aq_period p,
                                        aq_engine_edit_cb edit, void *payload,
                                        aq_period_stats *out, aq_error *err)
{
    aq_unit_day *days;
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
