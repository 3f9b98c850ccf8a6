/* SPDX-License-Identifier: MIT */
/*
 * The streaming ranking's days (stream_internal.h): rows go into slabs
 * (one day of every station, [pollutant][hour] micro-units); a window of
 * open days hands a day over once a day window_days later has rows (to the
 * reducing thread, or reduced at once); a reduced day becomes one unit-day
 * per unit in its open period, and a period whose last day has passed is
 * closed: statistics, composite indices, ranks.
 *
 * Rules live elsewhere and are only called: station-day and unit-day
 * (aq_stats__station_day, aq_stats__unit_day, aq_stats_unit_day_hourly:
 * N5.1, N5.3), periods (aq_stats_period: N5.1.6, N5.2, N5.4), indices
 * (aq_composite_compute: N6.2), ranks (aq_rank_compute: N6.3, P3). The
 * unit-day is formed from the stations that have values that day, as the
 * store's engine does (engine.c), so both paths agree also under
 * min_station_share.
 */
#include <pthread.h>
#include <string.h>

#include "aq/composite.h"
#include "aq/decimal.h"
#include "lib/engine/stream_internal.h"
#include "lib/standards/stats_internal.h"
#include "util/alloc.h"

int aq_stream__grow(void **arr, size_t n, size_t *cap, size_t elem,
                    size_t first)
{
    size_t c;
    void *p;

    if (n < *cap)
        return 0;
    c = *cap ? 2 * *cap : first;
    if (!(p = aqx_realloc(*arr, c * elem)))
        return -1;
    *arr = p;
    *cap = c;
    return 0;
}

/* ---- freeing ---- */

void aq_stream__slab_free(slab *sl)
{
    if (!sl)
        return;
    aqx_free(sl->h);
    aqx_free(sl->seen);
    aqx_free(sl->hours);
    aqx_free(sl);
}

void aq_stream__period_free(period_acc *pa)
{
    aqx_free(pa->days);
    aqx_free(pa->have);
}

void aq_stream__free_periods(aq_stream *s)
{
    size_t i;

    for (i = 0; i < s->npa; i++)
        aq_stream__period_free(&s->pa[i]);
    s->npa = 0;
    aq_stream__period_free(&s->spare);
    memset(&s->spare, 0, sizeof s->spare);
}

void aq_stream__free_slabs(slab *sl)
{
    while (sl) {
        slab *next = sl->next;
        aq_stream__slab_free(sl);
        sl = next;
    }
}

/* ---- reducing: day -> unit-days -> periods -> results ---- */

aq_status aq_stream__add_result(aq_stream *s, const aq_stream_result *r)
{
    if (aq_stream__grow((void **)&s->res, s->nres, &s->capres, sizeof *s->res,
                        1024))
        return AQ_ENOMEM;
    s->res[s->nres++] = *r;
    return AQ_OK;
}

/* The period to judge pa by: a year whose data end before December is a
 * year to date, January to the last month with data (N5.2), as the store's
 * ranking judges it; known once every day is read (no part closes a year:
 * aq_stream__close_before()). */
static aq_period judged_period(const aq_stream *s, const period_acc *pa)
{
    aq_period p = pa->p;
    int y, m;

    if (p.kind != AQ_PERIOD_YEAR || p.index != 0 || s->later ||
        s->data.lo > s->data.hi)
        return p;
    aq_civil_from_day(s->data.hi, &y, &m, NULL);
    if (y == p.year && m < 12)
        p.index = m;
    return p;
}

/* A period is over: statistics (N5.2, N5.4), composite (N6.2), rank
 * (N6.3, P3) of every unit of the evaluation (one with a station that
 * counts, N5.3.1), with rows in the period or not: the set ranked is the
 * store's (under insufficient_data = last it decides the places). */
static aq_status close_period(aq_stream *s, period_acc *pa)
{
    aq_stream_result *first;
    size_t u, n = 0, k, nranked, base = s->nres;
    aq_status rc;
    aq_period judged = judged_period(s, pa);

    for (u = 0; u < s->nunits; u++) {
        aq_period_stats ps;
        aq_composite c;
        aq_stream_result r;
        aq_unit_day *days = pa->days + u * pa->ndays;
        const unsigned char *have = pa->have + u * pa->ndays;
        size_t d, count = 0;

        if (s->ustart[u + 1] == s->ustart[u])
            continue; /* no station counts: not a unit of the evaluation */
        /* the unit's days, in order, to the front of its row */
        for (d = 0; d < pa->ndays; d++)
            if (have[d]) {
                if (d != count)
                    days[count] = days[d];
                count++;
            }
        rc = aq_stats_period(judged, days, count, &s->so, &ps, &s->red_err);
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
        if ((rc = aq_stream__add_result(s, &r)) != AQ_OK)
            return aq_error_set(&s->red_err, rc, "out of memory");
        memset(&s->kit.rin[n], 0, sizeof s->kit.rin[n]);
        s->kit.rin[n].unit = r.unit;
        s->kit.rin[n].period = r.period;
        s->kit.rin[n].sufficient = r.sufficient;
        s->kit.rin[n].composite = r.composite;
        s->kit.rin[n].pm25 =
            r.pm25 == AQ_MISSING ? AQ_MISSING : r.pm25 / AQ_MICRO;
        n++;
    }
    if (!n)
        return AQ_OK;
    rc = aq_rank_compute(&s->pol, s->pol.rank_by, s->kit.rin, n, s->kit.rout,
                         &nranked, &s->red_err);
    if (rc != AQ_OK)
        return rc;
    first = s->res + base;
    for (k = 0; k < n; k++) {
        aq_stream_result *r = &first[s->kit.rout[k].index];
        r->status = s->kit.rout[k].status;
        r->rank = s->kit.rout[k].rank; /* also placed or flagged (P3) */
    }
    return AQ_OK;
}

static int same_period(aq_period a, aq_period b)
{
    return a.kind == b.kind && a.year == b.year && a.index == b.index;
}

period_acc *aq_stream__period_find(aq_stream *s, aq_period p)
{
    size_t i;

    for (i = s->npa; i-- > 0;)
        if (same_period(s->pa[i].p, p))
            return &s->pa[i];
    return NULL;
}

/* A free slot for a period starting on `first`, in order of first day. */
static period_acc *period_slot(aq_stream *s, int32_t first)
{
    size_t at;

    if (aq_stream__grow((void **)&s->pa, s->npa, &s->cappa, sizeof *s->pa, 8))
        return NULL;
    for (at = s->npa; at > 0 && s->pa[at - 1].first > first; at--)
        ;
    memmove(s->pa + at + 1, s->pa + at, (s->npa - at) * sizeof *s->pa);
    s->npa++;
    return &s->pa[at];
}

static void period_unslot(aq_stream *s, period_acc *pa)
{
    size_t at = (size_t)(pa - s->pa);

    memmove(pa, pa + 1, (s->npa - at - 1) * sizeof *s->pa);
    s->npa--;
}

aq_status aq_stream__period_adopt(aq_stream *s, period_acc *from)
{
    period_acc *pa = period_slot(s, from->first);

    if (!pa)
        return AQ_ENOMEM;
    *pa = *from;
    from->days = NULL;
    from->have = NULL;
    return AQ_OK;
}

/* The accumulator of period p, added when missing (with the arrays of a
 * closed one when they are large enough: fresh pages cost a fault each);
 * NULL when out of memory. */
static period_acc *period_get(aq_stream *s, aq_period p)
{
    period_acc *pa;
    int32_t first, last;
    size_t ndays;

    if ((pa = aq_stream__period_find(s, p)))
        return pa;
    aq_period_days(p, &first, &last);
    ndays = (size_t)(last - first + 1);
    if (!(pa = period_slot(s, first)))
        return NULL;
    memset(pa, 0, sizeof *pa);
    pa->p = p;
    pa->first = first;
    pa->last = last;
    pa->ndays = ndays;
    if (!s->spare.days && s->parent) {
        pthread_mutex_lock(&s->parent->mu);
        s->spare = s->parent->spare;
        memset(&s->parent->spare, 0, sizeof s->parent->spare);
        pthread_mutex_unlock(&s->parent->mu);
    }
    if (s->spare.days && s->spare.ndays >= ndays) {
        pa->days = s->spare.days;
        pa->have = s->spare.have;
        s->spare.days = NULL;
        s->spare.have = NULL;
        memset(pa->have, 0, s->nunits * ndays);
    } else {
        /* days need no clearing: have[] says which are set */
        pa->days =
            aq_stream__huge_new((s->nunits * ndays + 1) * sizeof *pa->days, 0);
        pa->have = aqx_calloc(s->nunits * ndays + 1, 1);
    }
    if (!pa->days || !pa->have) {
        aq_stream__period_free(pa);
        period_unslot(s, pa);
        return NULL;
    }
    return pa;
}

/* The period of interest that holds `day`: NULL when there is none (or
 * when out of memory, with o.all). */
static period_acc *period_of(aq_stream *s, int32_t day)
{
    aq_period p;
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
    return period_get(s, p);
}

/* A part after the first keeps the periods of its held days open (the
 * putting together of the parts completes them: stream_parts.c). */
aq_status aq_stream__close_before(aq_stream *s, int32_t day)
{
    aq_status rc = AQ_OK;
    size_t i = 0;

    while (i < s->npa && s->pa[i].last < day) {
        period_acc *pa = &s->pa[i];
        if (s->parent && ((s->part > 0 && (pa->first <= s->hold_until ||
                                           pa->first < s->first_day)) ||
                          pa->p.kind == AQ_PERIOD_YEAR)) {
            i++; /* (a year: judged_period() needs every part's days) */
            continue;
        }
        if (s->parent)
            aq_stream__span_add(&s->closed, pa->first, pa->last);
        rc = close_period(s, pa);
        if (!s->spare.days || s->spare.ndays < pa->ndays) {
            aq_stream__period_free(
                &s->spare); /* keep the arrays for the next */
            s->spare = *pa;
        } else {
            aq_stream__period_free(pa);
        }
        period_unslot(s, pa);
        if (rc != AQ_OK)
            return rc;
    }
    return AQ_OK;
}

int aq_stream__slab_settle(const aq_stream *s, slab *sl)
{
    size_t i;
    int p, h, seen = 0;

    for (i = 0; i < s->nst; i++) {
        uint32_t hours = sl->hours[i];
        seen |= sl->seen[i];
        if (!sl->seen[i] || hours == ALL_HOURS)
            continue;
        for (h = 0; h < NH; h++)
            if (!(hours >> h & 1))
                for (p = 0; p < NP; p++)
                    sl->h[i][p][h] = AQ_MISSING;
        sl->hours[i] = ALL_HOURS;
    }
    return seen >> 1 & 1;
}

/* One closed day: for each unit the stations with values that day give
 * its unit-day (N5.1 and N5.3 by the library). Days arrive in order
 * (within a part of a split file). */
aq_status aq_stream__reduce_day(aq_stream *s, slab *sl)
{
    period_acc *pa;
    aq_stats__day sday;
    size_t u, k;
    aq_status rc;
    /* N1.5: under the published chain each level reads the rounded values
     * of the one below, so no exact means are formed */
    unsigned values_only = s->so.rounding_chain == AQ_ROUNDING_PUBLISHED
                               ? AQ_STATS__VALUES_ONLY
                               : 0;

    if ((rc = aq_stream__close_before(s, sl->day)) != AQ_OK)
        return rc;
    if ((rc = aq_stats__day_init(&sday, sl->day, &s->so)) != AQ_OK)
        return aq_error_set(&s->red_err, rc, "bad statistics options");
    if (aq_stream__slab_settle(s, sl))
        aq_stream__span_add(&s->data, sl->day, sl->day);
    pa = period_of(s, sl->day);
    if (!pa)
        return s->o.all ? aq_error_set(&s->red_err, AQ_ENOMEM, "out of memory")
                        : AQ_OK;
    for (u = 0; u < s->nunits; u++) {
        aq_unit_day *ud;
        size_t n = 0;
        int rows = 0;

        if (u + 1 < s->nunits) {
            /* the next unit's unit-day: its lines were last written a
             * period ago and are in no cache; fetched while this unit's
             * stations are reduced */
            const char *next = (const char *)(pa->days + (u + 1) * pa->ndays +
                                              (size_t)(sl->day - pa->first));
            size_t off;
            for (off = 0; off < sizeof *ud; off += 64)
                __builtin_prefetch(next + off, 1);
        }

        for (k = s->ustart[u]; k < s->ustart[u + 1]; k++) {
            size_t i = s->ulist[k];
            unsigned char seen = sl->seen[i];
            if (!seen)
                continue;
            rows = 1;
            if (!(seen & 2))
                continue; /* rows, but no value: not a station of the day */
            if (s->so.unit_o3 == AQ_UNIT_O3_UNIT_HOURLY)
                memcpy(s->kit.hs[n], sl->h[i], sizeof(hours_t));
            else if ((rc = aq_stats__station_day(
                          &sday, (const int64_t(*)[NH])sl->h[i], NULL,
                          AQ_STATS__CHECKED | values_only, &s->kit.sd[n])) !=
                     AQ_OK)
                return aq_error_set(&s->red_err, rc,
                                    "cannot compute the day of station %s",
                                    s->code[i]);
            n++;
        }
        if (!rows)
            continue;
        pa->have[u * pa->ndays + (size_t)(sl->day - pa->first)] = 1;
        ud = &pa->days[u * pa->ndays + (size_t)(sl->day - pa->first)];
        /* the results rank by the period statistics alone: no daily AQI */
        rc = s->so.unit_o3 == AQ_UNIT_O3_UNIT_HOURLY
                 ? aq_stats_unit_day_hourly(sl->day,
                                            (const int64_t(*)[NP][NH])s->kit.hs,
                                            n, &s->so, ud)
                 : aq_stats__unit_day(&sday, s->kit.sd, n,
                                      values_only | AQ_STATS__NO_AQI, ud);
        if (rc != AQ_OK)
            return aq_error_set(&s->red_err, rc, "cannot compute a unit-day");
        s->stats.station_days += n;
    }
    return AQ_OK;
}

void *aq_stream__reducer_main(void *arg)
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
        if (aq_stream__red_status(s) == AQ_OK)
            __atomic_store_n(&s->red_rc, aq_stream__reduce_day(s, sl),
                             __ATOMIC_RELEASE);
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
    while (s->threaded && !s->pool && !s->keep_all && s->nslabs >= s->maxslabs)
        pthread_cond_wait(&s->cv_pool, &s->mu);
    if (s->pool) {
        sl = s->pool;
        s->pool = sl->next;
    }
    pthread_mutex_unlock(&s->mu);
    if (!sl && s->parent) {
        /* the slabs of the parts already read */
        pthread_mutex_lock(&s->parent->mu);
        if ((sl = s->parent->pool))
            s->parent->pool = sl->next;
        pthread_mutex_unlock(&s->parent->mu);
    }
    if (!sl) {
        sl = aqx_calloc(1, sizeof *sl);
        if (!sl)
            return NULL;
        sl->h = aq_stream__huge_new((s->nst + 1) * sizeof *sl->h, 0);
        sl->seen = aqx_malloc(s->nst + 1);
        sl->hours = aqx_malloc((s->nst + 1) * sizeof *sl->hours);
        if (!sl->h || !sl->seen || !sl->hours) {
            aq_stream__slab_free(sl);
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

aq_status aq_stream__hand_oldest(aq_stream *s)
{
    slab *sl = s->open[0];

    memmove(s->open, s->open + 1, (s->nopen - 1) * sizeof *s->open);
    s->nopen--;
    if (s->cur == sl)
        s->cur = NULL;
    if (s->parent && s->part > 0 && sl->day <= s->hold_until) {
        /* the part before may have rows of this day: kept for the merge */
        sl->next = NULL;
        if (s->held_tail)
            s->held_tail->next = sl;
        else
            s->held = sl;
        s->held_tail = sl;
        return AQ_OK;
    }
    s->handed = 1;
    s->last_handed = sl->day;
    if (s->parent)
        aq_stream__span_add(&s->reduced, sl->day, sl->day);
    if (!s->threaded) {
        aq_status rc =
            s->red_rc == AQ_OK ? aq_stream__reduce_day(s, sl) : AQ_OK;
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
    return aq_stream__red_status(s);
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
    if (aq_stream__grow((void **)&s->open, s->nopen, &s->capopen,
                        sizeof *s->open, 16))
        return NULL;
    if (!s->keep_all && s->nopen && day > s->open[s->nopen - 1]->day) {
        /* the days that the new newest day closes go first, so that
         * their slabs can serve it (one slab less in memory) */
        while (s->nopen && s->open[0]->day <= day - s->o.window_days)
            if (aq_stream__hand_oldest(s) != AQ_OK)
                break;
        i = s->nopen;
    }
    if (!(sl = slab_take(s)))
        return NULL;
    sl->day = day;
    if (s->parent) {
        aq_stream__span_add(&s->touched, day, day);
        if (!s->hold_set) {
            /* in time order the part before ends in the day before (a cut
             * at a day's first row) or in this day (a cut within it), and
             * has no rows of later days; what it has is checked in
             * stream_parts.c */
            s->hold_set = 1;
            s->first_day = day;
            s->hold_until = s->aligned ? day - 1 : day + 1;
        }
    }
    memmove(s->open + i + 1, s->open + i, (s->nopen - i) * sizeof *s->open);
    s->open[i] = sl;
    s->nopen++;
    if (!s->keep_all) {
        int32_t newest = s->open[s->nopen - 1]->day;
        while (s->nopen > 1 && s->open[0]->day <= newest - s->o.window_days)
            if (aq_stream__hand_oldest(s) != AQ_OK)
                break;
    }
    s->cur = sl;
    s->cur_day = day;
    return sl;
}

/* ---- rows into slabs ---- */

int aq_stream__commit(aq_stream *s, size_t idx, int32_t day, int label,
                      const int64_t *v)
{
    slab *sl = s->cur && s->cur_day == day ? s->cur : slab_for(s, day);
    unsigned char seen;
    uint32_t hours, bit = 1u << (label - 1);
    int p, any = 0;

    if (!sl)
        return s->late ? -1 : -2;
    s->stats.reference_rows += s->unit_of[idx] < 0; /* N5.3.1 */
    seen = sl->seen[idx];
    hours = seen ? sl->hours[idx] : 0;
    if (!(hours & bit)) {
        /* the first row of the station-hour: its values, missing or not */
        for (p = 0; p < NP; p++) {
            sl->h[idx][p][label - 1] = v[p];
            any |= v[p] != AQ_MISSING;
        }
        sl->hours[idx] = hours | bit;
    } else {
        /* last non-empty value of a station-hour wins */
        for (p = 0; p < NP; p++) {
            if (v[p] == AQ_MISSING)
                continue;
            sl->h[idx][p][label - 1] = v[p];
            any = 1;
        }
    }
    sl->seen[idx] = (unsigned char)(seen | 1 | (any << 1));
    return 0;
}

/* ---- the periods reported ---- */

static int period_before(aq_period a, aq_period b)
{
    return a.year != b.year ? a.year < b.year : a.index < b.index;
}

static aq_period month_of(int32_t day)
{
    aq_period p = {AQ_PERIOD_MONTH, 0, 0};

    aq_civil_from_day(day, &p.year, &p.index, NULL);
    return p;
}

aq_status aq_stream__report_periods(aq_stream *s)
{
    size_t i, k = 0;
    aq_period m, last;
    aq_status rc;

    if (s->data.lo > s->data.hi) {
        s->nres = 0; /* no data at all */
        return AQ_OK;
    }
    if (!s->o.all)
        return AQ_OK; /* the asked period, which has data */
    m = month_of(s->data.lo);
    last = month_of(s->data.hi);
    /* results of months before the first or after the last with data
     * (rows without a value) go */
    for (i = 0; i < s->nres; i++)
        if (!period_before(s->res[i].period, m) &&
            !period_before(last, s->res[i].period))
            s->res[k++] = s->res[i];
    s->nres = k;
    /* a month between without any row: closed without days */
    for (; !period_before(last, m);
         m.index = m.index % 12 + 1, m.year += m.index == 1) {
        period_acc *pa;
        for (i = 0; i < s->nres && !same_period(s->res[i].period, m); i++)
            ;
        if (i < s->nres)
            continue;
        if (!(pa = period_get(s, m)))
            return aq_error_set(&s->red_err, AQ_ENOMEM, "out of memory");
        if ((rc = aq_stream__close_before(s, INT32_MAX)) != AQ_OK)
            return rc;
    }
    return AQ_OK;
}
