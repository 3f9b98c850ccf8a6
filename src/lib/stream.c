/* SPDX-License-Identifier: MIT */
/*
 * Unit rankings straight from hourly long CSV files (aq/stream.h, issue 6):
 * the hot loop that reads rows into per-day slabs, the window that closes
 * days, and the reduction of a closed day to unit-days, of a finished
 * period to composite indices and ranks.
 *
 * Rules live elsewhere and are only called: station-day and unit-day
 * (aq_stats_station_day, aq_stats_unit_day, aq_stats_unit_day_hourly:
 * N5.1, N5.3), periods (aq_stats_period: N5.1.6, N5.2, N5.4), indices
 * (aq_composite_compute: N6.2), ranks (aq_rank_compute: N6.3, P3). The
 * unit-day is formed from the stations that have values that day, as the
 * store's engine does (engine.c), so both paths agree also under
 * min_station_share.
 *
 * Work split: the reading thread parses rows into slabs (one slab = one day
 * of every station, [pollutant][hour] micro-units); a closed slab goes to a
 * second thread that reduces it and returns it to the pool. Memory is the
 * pool (window + 3 slabs of stations x 1,152 bytes) plus the unit-days of
 * the periods still open. Rows for a day already handed over ("late")
 * restart the whole run with every day kept until the end.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/composite.h"
#include "aq/decimal.h"
#include "aq/stats.h"
#include "aq/stream.h"
#include "reader_internal.h" /* the N3.2 limits */
#include "stats_internal.h"
#include "stream_internal.h"
#include "util/alloc.h"

#define NP AQ_POLLUTANT_COUNT
#define NH AQ_STATS_HOURS
#define BLOCK (4u << 20) /* bytes per read(2) */
#define PAD 256          /* readable bytes after a block's last line */
#define MAX_FIELDS 64

typedef int64_t hours_t[NP][NH];

/* One day of every station. seen[i]: bit 0 a row of station i, bit 1 a
 * value; h[i] is filled with AQ_MISSING when the station first appears. */
typedef struct slab {
    int32_t day;
    hours_t *h;
    unsigned char *seen;
    struct slab *next;
} slab;

/* The unit-days of one period of interest, until the period is closed. */
typedef struct period_acc {
    aq_period p;
    int32_t first, last;
    size_t ndays;
    aq_unit_day *days;   /* [unit][k], k < count[unit] */
    int *count;          /* [unit] */
    unsigned char *rows; /* [unit]: the unit has rows in the period */
} period_acc;

struct aq_stream {
    const aq_stations *stations;
    aq_policy pol;
    aq_stats_options so;
    aq_stream_options o;
    int32_t pfirst, plast; /* the asked period's days (o.all = 0) */
    size_t nst, nunits;
    int *unit_of;          /* [station]: unit, or -1 when excluded */
    size_t *ustart, *ulist; /* included stations of unit u */
    size_t maxunit;
    const char **code;
    size_t *codelen;
    uint32_t *htab; /* station index + 1, open addressing */
    size_t hmask;
    uint32_t *guess; /* [station]: the station that followed it last */

    /* reading side */
    int keep_all, late;
    slab **open;
    size_t nopen, capopen;
    int handed; /* a day was handed over */
    int32_t last_handed;
    slab *cur;
    int32_t cur_day;
    char cur_time[16]; /* the time text of cur_tday/cur_label */
    int32_t cur_tday;
    int cur_label;
    size_t last_station;

    /* the pool and the queue, shared with the reducing thread */
    pthread_mutex_t mu;
    pthread_cond_t cv_pool, cv_queue;
    slab *pool, *qhead, *qtail;
    size_t nslabs, maxslabs;
    int qdone, threaded;

    /* reducing side */
    period_acc *pa;
    size_t npa, cappa;
    aq_station_day *sd;
    hours_t *hs;
    aq_unit_result *rin;
    aq_rank_entry *rout;
    aq_status red_rc;
    aq_error red_err;

    aq_stream_result *res;
    size_t nres, capres;
    aq_stream_stats stats;
    char *buf;
};

/* ---- setup ---- */

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */

    while (n--) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h;
}

static long station_find(const aq_stream *s, const char *c, size_t n)
{
    size_t k = hash_bytes(c, n) & s->hmask;

    for (; s->htab[k]; k = (k + 1) & s->hmask) {
        size_t i = s->htab[k] - 1;
        if (s->codelen[i] == n && !memcmp(s->code[i], c, n))
            return (long)i;
    }
    return -1;
}

aq_status aq_stream_new(aq_stream **out, const aq_stations *stations,
                        const aq_policy *policy, const aq_stream_options *opts,
                        aq_error *err)
{
    static const aq_stream_options defaults = AQ_STREAM_OPTIONS_INIT;
    aq_stream *s;
    aq_policy pol;
    size_t i, u, hs;
    int p;

    if (!out || !stations)
        return aq_error_set(err, AQ_EINVALID, "stream: NULL argument");
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (opts->version != AQ_STREAM_OPTIONS_VERSION)
        return aq_error_set(err, AQ_EINVALID, "stream: options version %u",
                            opts->version);
    if (policy)
        pol = *policy;
    else
        aq_policy_init(&pol);
    if (!opts->all &&
        (opts->period.year < 1900 || opts->period.year > 2200 ||
         (opts->period.kind == AQ_PERIOD_MONTH &&
          (opts->period.index < 1 || opts->period.index > 12)) ||
         (opts->period.kind == AQ_PERIOD_QUARTER &&
          (opts->period.index < 1 || opts->period.index > 4))))
        return aq_error_set(err, AQ_EINVALID, "stream: bad period");
    if (pol.min_station_share % 10000 != 0)
        return aq_error_set(err, AQ_EINVALID,
                            "min_station_share must be a whole percentage");
    s = aqx_calloc(1, sizeof *s);
    if (!s)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    s->stations = stations;
    s->pol = pol;
    s->o = *opts;
    if (s->o.window_days < 2)
        s->o.window_days = 3;
    /* the policy's statistics choices, as aq_ranking_engine_options() maps
     * them for the store path */
    {
        aq_stats_options so = AQ_STATS_OPTIONS_INIT;
        so.ruleset = pol.ruleset;
        so.rounding_chain = pol.rounding_chain;
        so.unit_o3 = pol.unit_o3;
        so.mda8_windows = pol.mda8_windows;
        so.daily_o3_1h = pol.daily_o3_1h;
        so.min_station_share = (int)(pol.min_station_share / 10000);
        for (p = 0; p < NP; p++) {
            if (pol.composite_weight_count)
                so.composite_weight[p] =
                    (int)(pol.composite_weights[p] / AQ_MICRO);
            if (pol.composite_limit_count)
                so.composite_limit[p] = pol.composite_limits[p];
        }
        s->so = so;
    }
    if (aq_stats_options_check(&s->so, err) != AQ_OK) {
        aqx_free(s);
        return AQ_EINVALID;
    }
    if (!s->o.all)
        aq_period_days(s->o.period, &s->pfirst, &s->plast);
    s->nst = aq_stations_count(stations);
    s->nunits = aq_stations_unit_count(stations);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv_pool, NULL);
    pthread_cond_init(&s->cv_queue, NULL);
    for (hs = 16; hs < 2 * s->nst + 2; hs *= 2)
        ;
    s->hmask = hs - 1;
    s->unit_of = aqx_calloc(s->nst + 1, sizeof *s->unit_of);
    s->ustart = aqx_calloc(s->nunits + 1, sizeof *s->ustart);
    s->ulist = aqx_calloc(s->nst + 1, sizeof *s->ulist);
    s->code = aqx_calloc(s->nst + 1, sizeof *s->code);
    s->codelen = aqx_calloc(s->nst + 1, sizeof *s->codelen);
    s->guess = aqx_calloc(s->nst + 1, sizeof *s->guess);
    s->htab = aqx_calloc(hs, sizeof *s->htab);
    s->buf = aqx_malloc(BLOCK + PAD + 1);
    if (!s->unit_of || !s->ustart || !s->ulist || !s->code || !s->codelen ||
        !s->guess || !s->htab || !s->buf) {
        aq_stream_free(s);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    for (i = 0; i < s->nst; i++) {
        const aq_station *st = aq_stations_get(stations, i);
        size_t k;
        s->code[i] = st->code;
        s->codelen[i] = strlen(st->code);
        /* N5.3.1: reference sites count only when the policy says so */
        s->unit_of[i] =
            st->reference && !pol.include_reference_sites ? -1 : st->unit;
        k = hash_bytes(st->code, s->codelen[i]) & s->hmask;
        while (s->htab[k])
            k = (k + 1) & s->hmask;
        s->htab[k] = (uint32_t)i + 1;
        s->guess[i] = (uint32_t)i; /* no guess yet */
    }
    for (u = 0; u < s->nunits; u++) {
        size_t n = 0;
        for (i = 0; i < s->nst; i++)
            if (s->unit_of[i] == (int)u)
                s->ulist[s->ustart[u] + n++] = i;
        s->ustart[u + 1] = s->ustart[u] + n;
        if (n > s->maxunit)
            s->maxunit = n;
    }
    s->sd = aqx_calloc(s->maxunit + 1, sizeof *s->sd);
    s->hs = aqx_calloc(s->maxunit + 1, sizeof *s->hs);
    s->rin = aqx_calloc(s->nunits + 1, sizeof *s->rin);
    s->rout = aqx_calloc(s->nunits + 1, sizeof *s->rout);
    if (!s->sd || !s->hs || !s->rin || !s->rout) {
        aq_stream_free(s);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    *out = s;
    return AQ_OK;
}

static void slab_free(slab *sl)
{
    if (!sl)
        return;
    aqx_free(sl->h);
    aqx_free(sl->seen);
    aqx_free(sl);
}

static void free_periods(aq_stream *s)
{
    size_t i;

    for (i = 0; i < s->npa; i++) {
        aqx_free(s->pa[i].days);
        aqx_free(s->pa[i].count);
        aqx_free(s->pa[i].rows);
    }
    s->npa = 0;
}

/* Forget everything computed (before a restart or at the end). */
static void reset_run(aq_stream *s)
{
    slab *sl;
    size_t i;

    for (i = 0; i < s->nopen; i++)
        slab_free(s->open[i]);
    s->nopen = 0;
    while ((sl = s->pool)) {
        s->pool = sl->next;
        slab_free(sl);
    }
    while ((sl = s->qhead)) {
        s->qhead = sl->next;
        slab_free(sl);
    }
    s->qtail = NULL;
    s->nslabs = 0;
    s->cur = NULL;
    s->handed = 0;
    s->late = 0;
    s->cur_tday = 0;
    s->cur_label = 0;
    memset(s->cur_time, 0, sizeof s->cur_time);
    free_periods(s);
    s->nres = 0;
    s->red_rc = AQ_OK;
}

void aq_stream_free(aq_stream *s)
{
    if (!s)
        return;
    reset_run(s);
    aqx_free(s->open);
    aqx_free(s->pa);
    aqx_free(s->res);
    aqx_free(s->unit_of);
    aqx_free(s->ustart);
    aqx_free(s->ulist);
    aqx_free(s->code);
    aqx_free(s->codelen);
    aqx_free(s->guess);
    aqx_free(s->htab);
    aqx_free(s->sd);
    aqx_free(s->hs);
    aqx_free(s->rin);
    aqx_free(s->rout);
    aqx_free(s->buf);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv_pool);
    pthread_cond_destroy(&s->cv_queue);
    aqx_free(s);
}

/* ---- reducing: day -> unit-days -> periods -> results ---- */

static aq_status add_result(aq_stream *s, const aq_stream_result *r)
{
    if (s->nres == s->capres) {
        size_t cap = s->capres ? 2 * s->capres : 1024;
        aq_stream_result *n = aqx_realloc(s->res, cap * sizeof *n);
        if (!n)
            return AQ_ENOMEM;
        s->res = n;
        s->capres = cap;
    }
    s->res[s->nres++] = *r;
    return AQ_OK;
}

/* A period is over: statistics (N5.2, N5.4), composite (N6.2), rank
 * (N6.3, P3) of every unit that has rows in it. */
static aq_status close_period(aq_stream *s, period_acc *pa)
{
    aq_stream_result *first;
    size_t u, n = 0, k, nranked, base = s->nres;
    aq_status rc;

    for (u = 0; u < s->nunits; u++) {
        aq_period_stats ps;
        aq_composite c;
        aq_stream_result r;

        if (!pa->rows[u])
            continue;
        rc = aq_stats_period(pa->p, pa->days + u * pa->ndays,
                             (size_t)pa->count[u], &s->so, &ps, &s->red_err);
        if (rc != AQ_OK)
            return rc;
        if ((rc = aq_composite_compute(&ps, &s->so, &c)) != AQ_OK)
            return aq_error_set(&s->red_err, rc,
                                "cannot compute a composite index");
        memset(&r, 0, sizeof r);
        r.unit = aq_stations_unit_name(s->stations, u);
        r.period = pa->p;
        r.sufficient = ps.sufficient;
        r.composite = (c.flags & AQ_COMPOSITE_NOT_COMPUTED) || c.composite < 0
                          ? AQ_MISSING
                          : c.composite;
        r.pm25 = ps.stat[AQ_PM25].count ? ps.stat[AQ_PM25].value : AQ_MISSING;
        if ((rc = add_result(s, &r)) != AQ_OK)
            return aq_error_set(&s->red_err, rc, "out of memory");
        memset(&s->rin[n], 0, sizeof s->rin[n]);
        s->rin[n].unit = r.unit;
        s->rin[n].period = r.period;
        s->rin[n].sufficient = r.sufficient;
        s->rin[n].composite = r.composite;
        s->rin[n].pm25 = r.pm25 == AQ_MISSING ? AQ_MISSING : r.pm25 / AQ_MICRO;
        n++;
    }
    if (!n)
        return AQ_OK;
    rc = aq_rank_compute(&s->pol, s->pol.rank_by, s->rin, n, s->rout,
                         &nranked, &s->red_err);
    if (rc != AQ_OK)
        return rc;
    first = s->res + base;
    for (k = 0; k < n; k++) {
        aq_stream_result *r = &first[s->rout[k].index];
        r->status = s->rout[k].status;
        r->rank = s->rout[k].status == AQ_RANK_RANKED ? s->rout[k].rank : 0;
    }
    return AQ_OK;
}

static period_acc *period_of(aq_stream *s, int32_t day)
{
    aq_period p;
    period_acc *pa;
    size_t i;
    int y, m;

    if (s->o.all) {
        aq_civil_from_day(day, &y, &m, NULL);
        p.kind = AQ_PERIOD_MONTH;
        p.year = y;
        p.index = m;
    } else {
        if (day < s->pfirst || day > s->plast)
            return NULL;
        p = s->o.period;
    }
    for (i = s->npa; i-- > 0;)
        if (s->pa[i].p.kind == p.kind && s->pa[i].p.year == p.year &&
            s->pa[i].p.index == p.index)
            return &s->pa[i];
    if (s->npa == s->cappa) {
        size_t cap = s->cappa ? 2 * s->cappa : 8;
        period_acc *n = aqx_realloc(s->pa, cap * sizeof *n);
        if (!n)
            return NULL;
        s->pa = n;
        s->cappa = cap;
    }
    pa = &s->pa[s->npa];
    memset(pa, 0, sizeof *pa);
    pa->p = p;
    aq_period_days(p, &pa->first, &pa->last);
    pa->ndays = (size_t)(pa->last - pa->first + 1);
    pa->days = aqx_calloc(s->nunits * pa->ndays + 1, sizeof *pa->days);
    pa->count = aqx_calloc(s->nunits + 1, sizeof *pa->count);
    pa->rows = aqx_calloc(s->nunits + 1, 1);
    if (!pa->days || !pa->count || !pa->rows) {
        aqx_free(pa->days);
        aqx_free(pa->count);
        aqx_free(pa->rows);
        return NULL;
    }
    s->npa++;
    return pa;
}

/* Close (in order) the periods that end before `day`; all with INT32_MAX. */
static aq_status close_periods_before(aq_stream *s, int32_t day)
{
    aq_status rc;

    while (s->npa && s->pa[0].last < day) {
        rc = close_period(s, &s->pa[0]);
        aqx_free(s->pa[0].days);
        aqx_free(s->pa[0].count);
        aqx_free(s->pa[0].rows);
        memmove(s->pa, s->pa + 1, (s->npa - 1) * sizeof *s->pa);
        s->npa--;
        if (rc != AQ_OK)
            return rc;
    }
    return AQ_OK;
}

/* One closed day: for each unit the stations with values that day give
 * its unit-day (N5.1 and N5.3 by the library). Days arrive in order. */
static aq_status reduce_day(aq_stream *s, slab *sl)
{
    period_acc *pa;
    size_t u, k;
    aq_status rc;

    if ((rc = close_periods_before(s, sl->day)) != AQ_OK)
        return rc;
    pa = period_of(s, sl->day);
    if (!pa)
        return s->o.all ? aq_error_set(&s->red_err, AQ_ENOMEM, "out of memory")
                        : AQ_OK;
    for (u = 0; u < s->nunits; u++) {
        aq_unit_day *ud;
        size_t n = 0;
        int rows = 0;

        for (k = s->ustart[u]; k < s->ustart[u + 1]; k++) {
            size_t i = s->ulist[k];
            unsigned char seen = sl->seen[i];
            if (!seen)
                continue;
            rows = 1;
            if (!(seen & 2))
                continue; /* rows, but no value: not a station of the day */
            if (s->so.unit_o3 == AQ_UNIT_O3_UNIT_HOURLY)
                memcpy(s->hs[n], sl->h[i], sizeof(hours_t));
            else if ((rc = aq_stats__station_day(
                          sl->day, (const int64_t(*)[NH])sl->h[i], NULL,
                          &s->so, 0, &s->sd[n])) != AQ_OK)
                return aq_error_set(&s->red_err, rc,
                                    "cannot compute the day of station %s",
                                    s->code[i]);
            n++;
        }
        if (!rows)
            continue;
        pa->rows[u] = 1;
        ud = &pa->days[u * pa->ndays + (size_t)pa->count[u]++];
        rc = s->so.unit_o3 == AQ_UNIT_O3_UNIT_HOURLY
                 ? aq_stats_unit_day_hourly(
                       sl->day, (const int64_t(*)[NP][NH])s->hs, n, &s->so, ud)
                 : aq_stats_unit_day(sl->day, s->sd, n, &s->so, ud);
        if (rc != AQ_OK)
            return aq_error_set(&s->red_err, rc, "cannot compute a unit-day");
        s->stats.station_days += n;
    }
    return AQ_OK;
}

static void *reducer_main(void *arg)
{
    aq_stream *s = arg;
    slab *sl;

    pthread_mutex_lock(&s->mu);
    for (;;) {
        while (!s->qhead && !s->qdone)
            pthread_cond_wait(&s->cv_queue, &s->mu);
        if (!s->qhead)
            break;
        sl = s->qhead;
        s->qhead = sl->next;
        if (!s->qhead)
            s->qtail = NULL;
        pthread_mutex_unlock(&s->mu);
        if (s->red_rc == AQ_OK)
            s->red_rc = reduce_day(s, sl);
        pthread_mutex_lock(&s->mu);
        sl->next = s->pool;
        s->pool = sl;
        pthread_cond_signal(&s->cv_pool);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* ---- reading side: slabs and the window ---- */

static slab *slab_take(aq_stream *s)
{
    slab *sl = NULL;

    pthread_mutex_lock(&s->mu);
    while (s->threaded && !s->pool && !s->keep_all &&
           s->nslabs >= s->maxslabs)
        pthread_cond_wait(&s->cv_pool, &s->mu);
    if (s->pool) {
        sl = s->pool;
        s->pool = sl->next;
    }
    pthread_mutex_unlock(&s->mu);
    if (!sl) {
        sl = aqx_calloc(1, sizeof *sl);
        if (!sl)
            return NULL;
        sl->h = aqx_malloc((s->nst + 1) * sizeof *sl->h);
        sl->seen = aqx_malloc(s->nst + 1);
        if (!sl->h || !sl->seen) {
            slab_free(sl);
            return NULL;
        }
        pthread_mutex_lock(&s->mu);
        s->nslabs++;
        pthread_mutex_unlock(&s->mu);
    }
    memset(sl->seen, 0, s->nst + 1);
    sl->next = NULL;
    return sl;
}

/* Hand the oldest open day over to be reduced. */
static aq_status hand_oldest(aq_stream *s)
{
    slab *sl = s->open[0];

    memmove(s->open, s->open + 1, (s->nopen - 1) * sizeof *s->open);
    s->nopen--;
    if (s->cur == sl)
        s->cur = NULL;
    s->handed = 1;
    s->last_handed = sl->day;
    if (!s->threaded) {
        aq_status rc = s->red_rc == AQ_OK ? reduce_day(s, sl) : AQ_OK;
        if (s->red_rc == AQ_OK)
            s->red_rc = rc;
        sl->next = s->pool;
        s->pool = sl;
        return s->red_rc;
    }
    pthread_mutex_lock(&s->mu);
    if (s->qtail)
        s->qtail->next = sl;
    else
        s->qhead = sl;
    s->qtail = sl;
    pthread_cond_signal(&s->cv_queue);
    pthread_mutex_unlock(&s->mu);
    return s->red_rc;
}

/* The slab of `day`, opening it (and closing days that fell out of the
 * window) when needed; NULL with s->late set for a day already handed
 * over, NULL without it when out of memory. */
static slab *slab_for(aq_stream *s, int32_t day)
{
    slab *sl;
    size_t i;

    for (i = s->nopen; i-- > 0;) {
        if (s->open[i]->day == day) {
            s->cur = s->open[i];
            s->cur_day = day;
            return s->cur;
        }
        if (s->open[i]->day < day)
            break;
    }
    i++; /* insert at i */
    if (s->handed && day <= s->last_handed) {
        s->late = 1;
        return NULL;
    }
    if (s->nopen == s->capopen) {
        size_t cap = s->capopen ? 2 * s->capopen : 16;
        slab **n = aqx_realloc(s->open, cap * sizeof *n);
        if (!n)
            return NULL;
        s->open = n;
        s->capopen = cap;
    }
    if (!(sl = slab_take(s)))
        return NULL;
    sl->day = day;
    memmove(s->open + i + 1, s->open + i, (s->nopen - i) * sizeof *s->open);
    s->open[i] = sl;
    s->nopen++;
    if (!s->keep_all) {
        int32_t newest = s->open[s->nopen - 1]->day;
        while (s->nopen > 1 &&
               s->open[0]->day <= newest - s->o.window_days)
            if (hand_oldest(s) != AQ_OK)
                break;
    }
    s->cur = sl;
    s->cur_day = day;
    return sl;
}

/* ---- rows ---- */

/* Put one row's values into its slab; -1 late, -2 out of memory. */
static int commit(aq_stream *s, size_t idx, int32_t day, int label,
                  const int64_t *v)
{
    slab *sl = s->cur && s->cur_day == day ? s->cur : slab_for(s, day);
    unsigned char seen;
    int p, any = 0;

    if (!sl)
        return s->late ? -1 : -2;
    seen = sl->seen[idx];
    if (!seen) {
        int64_t *h = &sl->h[idx][0][0];
        for (p = 0; p < NP * NH; p++)
            h[p] = AQ_MISSING;
    }
    /* last non-empty value of a station-hour wins */
    for (p = 0; p < NP; p++) {
        if (v[p] == AQ_MISSING)
            continue;
        sl->h[idx][p][label - 1] = v[p];
        any = 2;
    }
    sl->seen[idx] = (unsigned char)(seen | 1 | any);
    return 0;
}

static void problem(aq_stream *s, const char *src, unsigned long line,
                    const char *what)
{
    if (!s->stats.first_problem[0])
        snprintf(s->stats.first_problem, sizeof s->stats.first_problem,
                 "%s:%lu: %s", src, line, what);
}

/* Station lookup, by the station that followed the previous row's
 * station last time (time-major files repeat the station order every
 * hour), else by hash. -1 when unknown. */
static inline long lookup(aq_stream *s, const char *f, size_t n)
{
    size_t g = s->guess[s->last_station];
    long idx;

    if (s->codelen[g] == n && !memcmp(s->code[g], f, n)) {
        idx = (long)g;
    } else {
        idx = station_find(s, f, n);
        if (idx < 0)
            return -1;
        s->guess[s->last_station] = (uint32_t)idx;
    }
    s->last_station = (size_t)idx;
    return idx;
}

static int station_ok(aq_stream *s, long idx, const char *f, size_t n,
                      const char *src, unsigned long line)
{
    if (n == 0) {
        s->stats.rejected_rows++;
        problem(s, src, line, "empty station; row rejected");
        return 0;
    }
    if (idx < 0) {
        if (!s->stats.unknown_rows++)
            snprintf(s->stats.first_unknown, sizeof s->stats.first_unknown,
                     "%.*s", (int)(n > 60 ? 60 : n), f);
        return 0;
    }
    if (s->unit_of[idx] < 0) {
        s->stats.reference_rows++; /* N5.3.1 */
        return 0;
    }
    return 1;
}

/* Any row, by the general parsers. -1 late, -2 out of memory, else 0. */
static int slow_row(aq_stream *s, const aq_stream__cols *c, const char *line,
                    size_t len, const char *src, unsigned long lineno)
{
    const char *f[MAX_FIELDS];
    size_t fl[MAX_FIELDS], n;
    char scratch[2048];
    int64_t v[NP];
    int32_t day;
    int label, p;
    long idx;

    if (len && line[len - 1] == '\r')
        len--;
    if (len > sizeof scratch) {
        s->stats.rejected_rows++;
        problem(s, src, lineno, "line too long; row rejected");
        return 0;
    }
    n = aq_stream__split(line, len, scratch, f, fl, MAX_FIELDS);
    if (n < c->need) {
        s->stats.rejected_rows++;
        problem(s, src, lineno, "too few fields; row rejected");
        return 0;
    }
    idx = station_find(s, f[c->station], fl[c->station]);
    if (!station_ok(s, idx, f[c->station], fl[c->station], src, lineno))
        return 0;
    if (aq_stream__time(f[c->time], fl[c->time], &day, &label)) {
        s->stats.rejected_rows++;
        problem(s, src, lineno, "bad time or not on the hour; row rejected");
        return 0;
    }
    if (!s->o.all && (day < s->pfirst || day > s->plast)) {
        s->stats.outside_rows++;
        return 0;
    }
    for (p = 0; p < NP; p++) {
        v[p] = AQ_MISSING;
        if (c->pol[p] >= 0 &&
            aq_stream__value((aq_pollutant)p, f[c->pol[p]], fl[c->pol[p]],
                             &v[p])) {
            s->stats.rejected_values++;
            problem(s, src, lineno, "value rejected (N3.1, N3.2)");
        }
    }
    return commit(s, (size_t)idx, day, label, v);
}

/* The fixed layout station,time,so2,no2,pm10,pm25,co,o3 of one line
 * [p, e) (e at its '\n'). Returns 0 done, 1 "take the slow path", -1 late,
 * -2 out of memory. */
static inline int fast_row(aq_stream *s, const char *p, const char *e,
                           const char *src, unsigned long lineno,
                           const char **next)
{
    const char *q = p, *t;

    *next = NULL;
    int64_t v[NP];
    int32_t day;
    int label, k, rejected = 0, r;
    long idx;

    /* station */
    {
        size_t g = s->guess[s->last_station], n = s->codelen[g];
        if (q + n < e && q[n] == ',' && !memcmp(s->code[g], q, n)) {
            idx = (long)g;
            s->last_station = g;
            q += n;
        } else {
            const char *c = memchr(q, ',', (size_t)(e - q));
            if (!c || *q == '"')
                return 1;
            idx = lookup(s, q, (size_t)(c - q));
            if (!station_ok(s, idx, q, (size_t)(c - q), src, lineno))
                return 0;
            q = c;
        }
        if (s->unit_of[idx] < 0) {
            s->stats.reference_rows++;
            return 0;
        }
        q++;
    }
    /* time: YYYY-MM-DDTHH:MM, usually the same text as the row before */
    t = q;
    if (e - t < 17 || t[16] != ',')
        return 1;
    if (!memcmp(t, s->cur_time, 16)) {
        day = s->cur_tday;
        label = s->cur_label;
    } else {
        int y, mo, d, h;
        for (k = 0; k < 16; k++) {
            static const char shape[] = "dddd-dd-ddTdd:00";
            if (shape[k] == 'd' ? (unsigned)(t[k] - '0') > 9 : t[k] != shape[k])
                return 1;
        }
        y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 +
            (t[3] - '0');
        mo = (t[5] - '0') * 10 + (t[6] - '0');
        d = (t[8] - '0') * 10 + (t[9] - '0');
        h = (t[11] - '0') * 10 + (t[12] - '0');
        if (h > 23 || !aq_date_valid(y, mo, d))
            return 1;
        /* the hour that begins at HH is label HH+1 of that day (N1.3.3) */
        day = aq_day_from_civil(y, mo, d);
        label = h + 1;
        memcpy(s->cur_time, t, 16);
        s->cur_tday = day;
        s->cur_label = label;
    }
    q = t + 17;
    if (!s->o.all && (day < s->pfirst || day > s->plast)) {
        s->stats.outside_rows++;
        return 0;
    }
    /* six values: digits with an optional '.' and up to 6 decimals */
    for (k = 0; k < NP; k++) {
        const char *f = q;
        int64_t ip = 0, fp = 0;
        int nd = 0;
        while ((unsigned)(*q - '0') <= 9 && q - f < 12)
            ip = ip * 10 + (*q++ - '0');
        if (*q == '.' && q > f) {
            const char *d0 = ++q;
            while ((unsigned)(*q - '0') <= 9 && q - d0 < 6)
                fp = fp * 10 + (*q++ - '0');
            nd = (int)(q - d0);
            if (nd == 0)
                return 1;
        }
        if (k < NP - 1 ? *q != ',' : (*q != '\n' && *q != '\r'))
            return 1; /* anything else: the general parsers decide */
        if (q == f) {
            v[k] = AQ_MISSING; /* N3.1 */
        } else {
            static const int64_t scale[] = {1000000, 100000, 10000, 1000,
                                            100,     10,     1};
            v[k] = ip * AQ_MICRO + fp * scale[nd];
            if (v[k] > aq_reader__default_limit[k]) {
                v[k] = AQ_MISSING; /* N3.2 */
                rejected++;
            }
        }
        q++;
    }
    if (rejected) {
        s->stats.rejected_values += (unsigned long)rejected;
        problem(s, src, lineno, "value above the limit (N3.2)");
    }
    r = commit(s, (size_t)idx, day, label, v);
    if (q[-1] == '\n')
        *next = q - 1;
    else if (*q == '\n') /* CRLF */
        *next = q;
    return r;
}

/* Read one file. -1 late (s->late), else a status. */
static aq_status read_file(aq_stream *s, const char *path, aq_error *err)
{
    aq_stream__src src;
    aq_stream__cols cols;
    aq_status rc;
    size_t carry = 0;
    unsigned long lineno = 0;
    int header = 0, eof = 0;
    char *buf = s->buf;

    if ((rc = aq_stream__open(&src, path, err)) != AQ_OK)
        return rc;
    rc = AQ_OK;
    while (!eof && rc == AQ_OK) {
        ssize_t got = aq_stream__read(&src, buf + carry, BLOCK - carry);
        char *p, *stop, *end;

        if (got < 0) {
            rc = aq_error_set(err, AQ_EIO, "%s: read error", src.name);
            break;
        }
        end = buf + carry + got;
        if (got == 0) {
            eof = 1;
            if (carry == 0)
                break;
            if (end[-1] != '\n')
                *end++ = '\n'; /* a last line without a terminator */
        }
        stop = memrchr(buf, '\n', (size_t)(end - buf));
        if (!stop) {
            if (carry + (size_t)got >= BLOCK) {
                rc = aq_error_set_at(err, AQ_EPARSE, src.name, lineno + 1, 0,
                                     "line longer than %u bytes", BLOCK);
                break;
            }
            carry += (size_t)got;
            continue;
        }
        for (p = buf; p <= stop && rc == AQ_OK;) {
            char *nl = stop;
            int r;

            lineno++;
            if (!header) {
                nl = memchr(p, '\n', (size_t)(stop - p) + 1);
                rc = aq_stream__header(
                    p, (size_t)(nl - p) - (nl > p && nl[-1] == '\r'), &cols,
                    src.name, err);
                header = 1;
                p = nl + 1;
                continue;
            }
            s->stats.rows++;
            r = 1;
            if (cols.canonical) {
                const char *at = NULL;
                r = fast_row(s, p, stop + 1, src.name, lineno, &at);
                if (r == 0) /* at: the line's '\n' when the row was read */
                    nl = at ? (char *)at
                            : memchr(p, '\n', (size_t)(stop - p) + 1);
            }
            if (r == 1) {
                nl = memchr(p, '\n', (size_t)(stop - p) + 1);
                r = slow_row(s, &cols, p, (size_t)(nl - p), src.name, lineno);
            }
            if (r == -1)
                rc = AQ_ERROR; /* late: the caller restarts */
            else if (r == -2)
                rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
            else if (s->red_rc != AQ_OK)
                rc = s->red_rc;
            p = nl + 1;
        }
        carry = (size_t)(end - (stop + 1));
        memmove(buf, stop + 1, carry);
    }
    aq_stream__close(&src);
    if (rc == AQ_OK && !header)
        rc = aq_error_set_at(err, AQ_EPARSE, path, 1, 0,
                             "empty file: no header row");
    if (rc == AQ_OK && s->red_rc != AQ_OK)
        rc = s->red_rc;
    return rc;
}

static int result_cmp(const void *a, const void *b)
{
    const aq_stream_result *x = a, *y = b;

    if (x->period.year != y->period.year)
        return x->period.year < y->period.year ? -1 : 1;
    if (x->period.kind != y->period.kind)
        return x->period.kind < y->period.kind ? -1 : 1;
    if (x->period.index != y->period.index)
        return x->period.index < y->period.index ? -1 : 1;
    return strcmp(x->unit, y->unit); /* bytes of the UTF-8 names */
}

/* One pass over every file. */
static aq_status run_once(aq_stream *s, const char *const *paths, size_t n,
                          aq_error *err)
{
    pthread_t th;
    aq_status rc = AQ_OK;
    size_t i;

    s->threaded = s->o.threads != 0;
    s->maxslabs = (size_t)s->o.window_days + 3;
    s->qdone = 0;
    if (s->threaded && pthread_create(&th, NULL, reducer_main, s) != 0)
        s->threaded = 0;
    for (i = 0; i < n && rc == AQ_OK; i++)
        rc = read_file(s, paths[i], err);
    /* the rest of the days, in order */
    while (rc == AQ_OK && s->nopen)
        rc = hand_oldest(s);
    if (s->threaded) {
        pthread_mutex_lock(&s->mu);
        s->qdone = 1;
        pthread_cond_signal(&s->cv_queue);
        pthread_mutex_unlock(&s->mu);
        pthread_join(th, NULL);
        s->threaded = 0;
    }
    if (s->late)
        return AQ_ERROR;
    if (rc == AQ_OK && s->red_rc != AQ_OK) {
        if (err)
            *err = s->red_err;
        rc = s->red_rc;
    }
    if (rc == AQ_OK && (rc = close_periods_before(s, INT32_MAX)) != AQ_OK &&
        err)
        *err = s->red_err;
    return rc;
}

aq_status aq_stream_run(aq_stream *s, const char *const *paths, size_t n,
                        aq_error *err)
{
    aq_status rc;
    size_t i;

    if (!s || (n && !paths))
        return aq_error_set(err, AQ_EINVALID, "stream: NULL argument");
    rc = run_once(s, paths, n, err);
    if (s->late) {
        for (i = 0; i < n; i++)
            if (!strcmp(paths[i], "-"))
                return aq_error_set(err, AQ_EPARSE,
                                    "standard input is not in time order "
                                    "(rows for a day after later days); "
                                    "give the data as files");
        /* not in time order: again, every day kept until the end */
        reset_run(s);
        memset(&s->stats, 0, sizeof s->stats);
        s->stats.restarts = 1;
        s->keep_all = 1;
        rc = run_once(s, paths, n, err);
    }
    if (rc == AQ_OK)
        qsort(s->res, s->nres, sizeof *s->res, result_cmp);
    return rc;
}

size_t aq_stream_result_count(const aq_stream *s)
{
    return s ? s->nres : 0;
}

const aq_stream_result *aq_stream_result_get(const aq_stream *s, size_t i)
{
    return s && i < s->nres ? &s->res[i] : NULL;
}

const aq_stream_stats *aq_stream_get_stats(const aq_stream *s)
{
    return s ? &s->stats : NULL;
}
