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
 * restart the whole run with every day kept until the end. One large
 * plain file is instead read in parts by a thread per core, each part a
 * struct aq_stream of its own that reduces its days itself (split_run()).
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aq/composite.h"
#include "aq/decimal.h"
#include "aq/stats.h"
#include "aq/stream.h"
#include "lib/input/reader_fast.h"
#include "lib/standards/stats_internal.h"
#include "lib/engine/stream_internal.h"
#include "util/alloc.h"

#define NP AQ_POLLUTANT_COUNT
#define NH AQ_STATS_HOURS
#define BLOCK (1u << 20) /* bytes per read(2): stays in the L2 cache */
#define PAD 256          /* readable bytes after a block's last line */
#define MAX_FIELDS 64
#define MAX_READERS 8 /* threads reading parts of one file */

typedef int64_t hours_t[NP][NH];

/* One day of every station. seen[i]: bit 0 a row of station i, bit 1 a
 * value. While seen[i] != 0, bit h of hours[i] says that h[i][*][h] was
 * written (by the first row of that station-hour: all six values, missing
 * or not); the other hours are garbage until slab_settle() marks them
 * missing, which saves filling 1,152 bytes for every station-day. */
typedef struct slab {
    int32_t day;
    hours_t *h;
    unsigned char *seen;
    uint32_t *hours;
    struct slab *next;
} slab;

#define ALL_HOURS ((1u << NH) - 1)

/* The unit-days of one period of interest, until the period is closed;
 * by day, so that the parts of a split file can be put together. */
typedef struct period_acc {
    aq_period p;
    int32_t first, last;
    size_t ndays;
    aq_unit_day *days;   /* [unit][day - first] */
    unsigned char *have; /* [unit][day - first]: the unit had rows that day */
} period_acc;

/* The working memory of one reader: its read buffer, its guesses of the
 * station order and the reduction's scratch arrays. The parts of a split
 * file pass these on from one to the next (a fresh page costs a fault of
 * microseconds here; see prefault()), so a run allocates one per reader. */
typedef struct reader_kit {
    char *buf;
    uint32_t *guess; /* [station]: the station that followed it last */
    aq_station_day *sd;
    hours_t *hs;
    aq_unit_result *rin;
    aq_rank_entry *rout;
} reader_kit;

/* A closed interval of days; empty while lo > hi. */
typedef struct day_span {
    int32_t lo, hi;
} day_span;

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
    /* a code of up to 7 bytes and its ',' as the first bytes of a row:
     * (aq_reader__load8(row) & codemask) == codeword; codemask 0 for longer codes */
    uint64_t *codeword, *codemask;
    uint32_t *htab; /* station index + 1, open addressing */
    size_t hmask;
    reader_kit kit; /* allocated by kit_ready() */

    /* reading side */
    int keep_all, late;
    slab **open;
    size_t nopen, capopen;
    int handed; /* a day was handed over */
    int32_t last_handed;
    slab *cur;
    int32_t cur_day;
    uint64_t cur_time[2]; /* the time text of cur_tday/cur_label */
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
    period_acc spare; /* the arrays of a closed period, for the next */
    aq_status red_rc; /* written by the reducing thread: red_status() */
    aq_error red_err;

    aq_stream_result *res;
    size_t nres, capres;
    aq_stream_stats stats;
    /* the first problem, formatted into stats.first_problem at the end */
    const char *prob_src;
    unsigned long prob_line, prob_col;
    char prob_msg[200];
    /* kits that parts are done with, for the next ones (a part takes one
     * when it starts: all parts exist from the start) */
    reader_kit spare_kit[MAX_READERS];
    int nspare_kit;

    /* a part of a split file (parent != NULL): the tables above from
     * unit_of to htab are the parent's; see split_run() */
    aq_stream *parent;
    int part;                  /* 0, 1, ...: its place in the file */
    int aligned;               /* the part starts with the first row of a
                                  day (plan_split found the boundary) */
    int32_t first_day;         /* of its first row with a value */
    int32_t hold_until;        /* part > 0: days <= this are not reduced */
    int hold_set;
    slab *held, *held_tail;    /* those days, in the order they closed */
    day_span touched, reduced; /* days with rows; days reduced here */
    day_span closed;           /* days of the periods closed here */
    unsigned long lines;       /* lines of the part (with the header) */
    aq_status part_rc;
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

/*
 * Map the pages of a fresh large block in one call, before the reader
 * writes them: one fault per 4 KiB page otherwise, which costs several
 * microseconds each on a virtual machine (most of the kernel's share of a
 * run after the reads themselves). Only an optimization: any failure (a
 * kernel before 5.14, without MADV_POPULATE_WRITE) leaves the faults to
 * come.
 */
static void prefault(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
    uintptr_t page = 4096, a = ((uintptr_t)p + page - 1) & ~(page - 1),
              b = ((uintptr_t)p + n) & ~(page - 1);

    if (n >= (256u << 10) && b > a)
        (void)madvise((void *)a, b - a, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)n;
#endif
}

/* n bytes (zeroed when `zero`) for a large array that is read or written
 * all over (a slab, a period's unit-days), populated: from 1 MiB on in
 * whole huge pages (aqx_huge_alloc()): a 10M-row run took 9-11 % less
 * CPU with its slabs and unit-days in them than in 4 KiB pages. */
static void *huge_new(size_t n, int zero)
{
    size_t size = (n + AQX_HUGE_PAGE - 1) & ~(AQX_HUGE_PAGE - 1);
    void *p;

    if (n < AQX_HUGE_PAGE / 2) { /* small: no page of its own */
        if ((p = zero ? aqx_calloc(1, n) : aqx_malloc(n)))
            prefault(p, n);
        return p;
    }
    if (!(p = aqx_huge_alloc(size)))
        return NULL;
    prefault(p, n);
    if (zero)
        memset(p, 0, n);
    return p;
}

static char *buf_new(void)
{
    /* initialized: see aq_reader__load8(); in small pages (a huge page here made
     * no measurable difference and cost 1 MiB more per reader) */
    char *b = aqx_calloc(1, BLOCK + PAD + 1);

    if (b)
        prefault(b, BLOCK + PAD + 1);
    return b;
}

/* What a reader needs (a run, each part of a split file, the putting
 * together of the parts): the pieces of s->kit not there yet. */
static int kit_ready(aq_stream *s)
{
    reader_kit *k = &s->kit;
    size_t i;

    if (!k->buf && !(k->buf = buf_new()))
        return -1;
    if (!k->guess) {
        if (!(k->guess = aqx_calloc(s->nst + 1, sizeof *k->guess)))
            return -1;
        for (i = 0; i < s->nst; i++)
            k->guess[i] = (uint32_t)i; /* no guess yet */
    }
    if (!k->sd)
        k->sd = aqx_calloc(s->maxunit + 1, sizeof *k->sd);
    if (!k->hs)
        k->hs = aqx_calloc(s->maxunit + 1, sizeof *k->hs);
    if (!k->rin)
        k->rin = aqx_calloc(s->nunits + 1, sizeof *k->rin);
    if (!k->rout)
        k->rout = aqx_calloc(s->nunits + 1, sizeof *k->rout);
    return k->sd && k->hs && k->rin && k->rout ? 0 : -1;
}

static void kit_free(reader_kit *k)
{
    aqx_free(k->buf);
    aqx_free(k->guess);
    aqx_free(k->sd);
    aqx_free(k->hs);
    aqx_free(k->rin);
    aqx_free(k->rout);
    memset(k, 0, sizeof *k);
}

/* s's kit to the spares of `to` (s's parent, or s itself before a split
 * run), or freed when there are enough. */
static void kit_give(aq_stream *s, aq_stream *to)
{
    pthread_mutex_lock(&to->mu);
    if (to->nspare_kit < MAX_READERS) {
        to->spare_kit[to->nspare_kit++] = s->kit;
        memset(&s->kit, 0, sizeof s->kit);
    }
    pthread_mutex_unlock(&to->mu);
    kit_free(&s->kit);
}

/* A spare kit of `from` for s, when s has none; then kit_ready(). */
static int kit_take(aq_stream *s, aq_stream *from)
{
    pthread_mutex_lock(&from->mu);
    if (!s->kit.guess && from->nspare_kit)
        s->kit = from->spare_kit[--from->nspare_kit];
    pthread_mutex_unlock(&from->mu);
    return kit_ready(s);
}

aq_status aq_stream_new(aq_stream **out, const aq_stations *stations,
                        const aq_policy *policy, const aq_stream_options *opts,
                        aq_error *err)
{
    static const aq_stream_options defaults = AQ_STREAM_OPTIONS_INIT;
    aq_stream *s;
    aq_policy pol;
    size_t i, u, hs;

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
    s = aqx_calloc(1, sizeof *s);
    if (!s)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    s->stations = stations;
    s->pol = pol;
    s->o = *opts;
    if (s->o.window_days < 2)
        s->o.window_days = 3;
    /* the policy's statistics choices, mapped as for the store's ranking */
    if (aq_policy_stats_options(&pol, &s->so, err) != AQ_OK) {
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
    s->codeword = aqx_calloc(s->nst + 1, sizeof *s->codeword);
    s->codemask = aqx_calloc(s->nst + 1, sizeof *s->codemask);
    s->htab = aqx_calloc(hs, sizeof *s->htab);
    if (!s->unit_of || !s->ustart || !s->ulist || !s->code || !s->codelen ||
        !s->codeword || !s->codemask || !s->htab) {
        aq_stream_free(s);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    for (i = 0; i < s->nst; i++) {
        const aq_station *st = aq_stations_get(stations, i);
        size_t k;
        s->code[i] = st->code;
        s->codelen[i] = strlen(st->code);
        if (s->codelen[i] <= 7 && !strchr(st->code, '\n')) {
            unsigned char w[8] = {0};
            memcpy(w, st->code, s->codelen[i]);
            w[s->codelen[i]] = ',';
            memcpy(&s->codeword[i], w, 8);
            s->codemask[i] = s->codelen[i] == 7
                                 ? UINT64_MAX
                                 : (UINT64_C(1) << (8 * (s->codelen[i] + 1))) - 1;
        }
        /* N5.3.1: reference sites count only when the policy says so */
        s->unit_of[i] =
            st->reference && !pol.include_reference_sites ? -1 : st->unit;
        k = hash_bytes(st->code, s->codelen[i]) & s->hmask;
        while (s->htab[k])
            k = (k + 1) & s->hmask;
        s->htab[k] = (uint32_t)i + 1;
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
    *out = s;
    return AQ_OK;
}

static void slab_free(slab *sl)
{
    if (!sl)
        return;
    aqx_free(sl->h);
    aqx_free(sl->seen);
    aqx_free(sl->hours);
    aqx_free(sl);
}

static void period_free(period_acc *pa)
{
    aqx_free(pa->days);
    aqx_free(pa->have);
}

static void free_periods(aq_stream *s)
{
    size_t i;

    for (i = 0; i < s->npa; i++)
        period_free(&s->pa[i]);
    s->npa = 0;
    period_free(&s->spare);
    memset(&s->spare, 0, sizeof s->spare);
}

static void free_slab_list(slab *sl)
{
    while (sl) {
        slab *next = sl->next;
        slab_free(sl);
        sl = next;
    }
}

/* Forget everything computed (before a restart or at the end). */
static void reset_run(aq_stream *s)
{
    size_t i;

    for (i = 0; i < s->nopen; i++)
        slab_free(s->open[i]);
    s->nopen = 0;
    free_slab_list(s->pool);
    free_slab_list(s->qhead);
    free_slab_list(s->held);
    s->pool = s->qhead = s->qtail = s->held = s->held_tail = NULL;
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
    s->prob_src = NULL;
    s->prob_line = s->prob_col = 0;
}

void aq_stream_free(aq_stream *s)
{
    if (!s)
        return;
    reset_run(s);
    aqx_free(s->open);
    aqx_free(s->pa);
    aqx_free(s->res);
    if (!s->parent) {
        aqx_free(s->unit_of);
        aqx_free(s->ustart);
        aqx_free(s->ulist);
        aqx_free(s->code);
        aqx_free(s->codelen);
        aqx_free(s->codeword);
        aqx_free(s->codemask);
        aqx_free(s->htab);
    }
    kit_free(&s->kit);
    while (s->nspare_kit)
        kit_free(&s->spare_kit[--s->nspare_kit]);
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
        aq_unit_day *days = pa->days + u * pa->ndays;
        const unsigned char *have = pa->have + u * pa->ndays;
        size_t d, count = 0;

        /* the unit's days, in order, to the front of its row */
        for (d = 0; d < pa->ndays; d++)
            if (have[d]) {
                if (d != count)
                    days[count] = days[d];
                count++;
            }
        if (!count)
            continue; /* no rows in the period */
        rc = aq_stats_period(pa->p, days, count, &s->so, &ps, &s->red_err);
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

static period_acc *period_find(aq_stream *s, aq_period p)
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

    if (s->npa == s->cappa) {
        size_t cap = s->cappa ? 2 * s->cappa : 8;
        period_acc *n = aqx_realloc(s->pa, cap * sizeof *n);
        if (!n)
            return NULL;
        s->pa = n;
        s->cappa = cap;
    }
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

/* Take over another run's accumulator (its arrays move to s). */
static aq_status period_adopt(aq_stream *s, period_acc *from)
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

    if ((pa = period_find(s, p)))
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
        pa->days = huge_new((s->nunits * ndays + 1) * sizeof *pa->days, 0);
        pa->have = aqx_calloc(s->nunits * ndays + 1, 1);
    }
    if (!pa->days || !pa->have) {
        period_free(pa);
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

static void span_add(day_span *sp, int32_t lo, int32_t hi)
{
    if (sp->lo > sp->hi) {
        sp->lo = lo;
        sp->hi = hi;
        return;
    }
    if (lo < sp->lo)
        sp->lo = lo;
    if (hi > sp->hi)
        sp->hi = hi;
}

/* Close the periods that end before `day`; all with INT32_MAX. A part
 * after the first keeps the periods of its held days open (split_run()
 * completes them). */
static aq_status close_periods_before(aq_stream *s, int32_t day)
{
    aq_status rc = AQ_OK;
    size_t i = 0;

    while (i < s->npa && s->pa[i].last < day) {
        period_acc *pa = &s->pa[i];
        if (s->parent && s->part > 0 &&
            (pa->first <= s->hold_until || pa->first < s->first_day)) {
            i++;
            continue;
        }
        if (s->parent)
            span_add(&s->closed, pa->first, pa->last);
        rc = close_period(s, pa);
        if (!s->spare.days || s->spare.ndays < pa->ndays) {
            period_free(&s->spare); /* keep the arrays for the next */
            s->spare = *pa;
        } else {
            period_free(pa);
        }
        period_unslot(s, pa);
        if (rc != AQ_OK)
            return rc;
    }
    return AQ_OK;
}

/* The hours of a closed slab that no row wrote are missing (N3.1). */
static void slab_settle(const aq_stream *s, slab *sl)
{
    size_t i;
    int p, h;

    for (i = 0; i < s->nst; i++) {
        uint32_t hours = sl->hours[i];
        if (!sl->seen[i] || hours == ALL_HOURS)
            continue;
        for (h = 0; h < NH; h++)
            if (!(hours >> h & 1))
                for (p = 0; p < NP; p++)
                    sl->h[i][p][h] = AQ_MISSING;
        sl->hours[i] = ALL_HOURS;
    }
}

/* One closed day: for each unit the stations with values that day give
 * its unit-day (N5.1 and N5.3 by the library). Days arrive in order
 * (within a part of a split file). */
static aq_status reduce_day(aq_stream *s, slab *sl)
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

    if ((rc = close_periods_before(s, sl->day)) != AQ_OK)
        return rc;
    if ((rc = aq_stats__day_init(&sday, sl->day, &s->so)) != AQ_OK)
        return aq_error_set(&s->red_err, rc, "bad statistics options");
    slab_settle(s, sl);
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
             * stations are reduced (the stores into it missed, 4 % of
             * the CPU time; 10M rows: 3 % less CPU with this) */
            const char *next =
                (const char *)(pa->days + (u + 1) * pa->ndays +
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

/* The reducing thread's status, read while it runs. */
static inline aq_status red_status(aq_stream *s)
{
    return __atomic_load_n(&s->red_rc, __ATOMIC_ACQUIRE);
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
        if (red_status(s) == AQ_OK)
            __atomic_store_n(&s->red_rc, reduce_day(s, sl), __ATOMIC_RELEASE);
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
        sl->h = huge_new((s->nst + 1) * sizeof *sl->h, 0);
        sl->seen = aqx_malloc(s->nst + 1);
        sl->hours = aqx_malloc((s->nst + 1) * sizeof *sl->hours);
        if (!sl->h || !sl->seen || !sl->hours) {
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
        span_add(&s->reduced, sl->day, sl->day);
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
    return red_status(s);
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
    if (!s->keep_all && s->nopen && day > s->open[s->nopen - 1]->day) {
        /* the days that the new newest day closes go first, so that
         * their slabs can serve it (one slab less in memory) */
        while (s->nopen && s->open[0]->day <= day - s->o.window_days)
            if (hand_oldest(s) != AQ_OK)
                break;
        i = s->nopen;
    }
    if (!(sl = slab_take(s)))
        return NULL;
    sl->day = day;
    if (s->parent) {
        span_add(&s->touched, day, day);
        if (!s->hold_set) {
            /* in time order the part before ends in the day before (a cut
             * at a day's first row) or in this day (a cut within it), and
             * has no rows of later days; what it has is checked in
             * split_run() */
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
    uint32_t hours, bit = 1u << (label - 1);
    int p, any = 0;

    if (!sl)
        return s->late ? -1 : -2;
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

/* The reader layer's problem callback: the first problem of a run (or
 * part: `line` counts from the start of the part). */
static void first_problem(const char *source, unsigned long line,
                          unsigned long column, const char *message,
                          void *payload)
{
    aq_stream *s = payload;

    if (s->prob_src)
        return;
    s->prob_src = source;
    s->prob_line = line;
    s->prob_col = column;
    snprintf(s->prob_msg, sizeof s->prob_msg, "%s", message);
}

static void format_problem(aq_stream *s)
{
    if (s->prob_src)
        aq_reader__problem_text(s->stats.first_problem,
                                sizeof s->stats.first_problem, s->prob_src,
                                s->prob_line, s->prob_col, s->prob_msg);
}

/* Station lookup, by the station that followed the previous row's
 * station last time (time-major files repeat the station order every
 * hour), else by hash. -1 when unknown. */
static inline long lookup(aq_stream *s, const char *f, size_t n)
{
    size_t g = s->kit.guess[s->last_station];
    long idx;

    if (s->codelen[g] == n && !memcmp(s->code[g], f, n)) {
        idx = (long)g;
    } else {
        idx = station_find(s, f, n);
        if (idx < 0)
            return -1;
        s->kit.guess[s->last_station] = (uint32_t)idx;
    }
    s->last_station = (size_t)idx;
    return idx;
}

/* Whether the rows of station idx (-1: not in the list; its code f[0..n)
 * for the report) are used: unknown stations and excluded reference sites
 * (N5.3.1) are counted and skipped. */
static int station_use(aq_stream *s, long idx, const char *f, size_t n)
{
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

/* What reading one file takes beyond the stream: its columns, and the
 * reader layer's context for the rows that the hot loop leaves to it. */
typedef struct file_rows {
    const char *name;
    aq_stream__cols cols;
    aq_read_options ro;
    aq_read_stats rs;
    aq_reader_ctx ctx;
    aq_text_decoder dec;
    aq_csv__fields f; /* at most header_fields + 1 fields of a row */
} file_rows;

/*
 * Any row, the reader layer's way (reader_long.c): split by the CSV
 * tokenizer, the station looked up first (unknown stations and reference
 * sites are only counted), then the reader's checks of the row's count
 * and time, the asked period, the station text and the values (N3): a
 * problem is counted and noted as the reader notes it. `line` is split in
 * place (len + 1 bytes writable); `unterminated`: the input ended inside
 * it. -1 late, -2 out of memory, -3 a file error (err set), else 0.
 */
static int slow_row(aq_stream *s, file_rows *fr, char *line, size_t len,
                    unsigned long lineno, int unterminated, aq_error *err)
{
    const aq_long_cols *lc = &fr->cols.lc;
    const char *why = "";
    size_t bad = 0;
    aq_csv_row row;
    aq_obs obs;
    aq_status rc;
    int ok;

    if (aq_csv__line(&line, &len, 0)) {
        aq_error_set_at(err, AQ_EPARSE, fr->name, lineno, 0,
                        "NUL byte in text");
        return -3;
    }
    if ((rc = aq_csv__split(line, len, &fr->f, &bad, &why)) != AQ_OK) {
        aq_error_set_at(err, rc, fr->name, lineno, bad, "%s", why);
        return -3;
    }
    row.count = fr->f.count;
    row.fields = fr->f.fields;
    row.lens = fr->f.lens;
    row.line = lineno;
    if (row.count > (size_t)lc->station && row.lens[lc->station]) {
        const char *code;
        size_t n;
        /* the code as the reader decodes it (GB18030 -> UTF-8) */
        rc = aq_reader__decode(&fr->dec, row.fields[lc->station],
                               row.lens[lc->station], &code, &n);
        if (rc == AQ_OK &&
            !station_use(s, station_find(s, code, n), code, n))
            return 0;
    }
    if (aq_reader__long_when(&fr->ctx, lc, &row, unterminated, &obs.day,
                             &obs.hour, &ok) != AQ_OK ||
        !ok)
        return 0;
    if (!s->o.all && (obs.day < s->pfirst || obs.day > s->plast)) {
        s->stats.outside_rows++;
        return 0;
    }
    rc = aq_reader__long_what(&fr->ctx, lc, &row, &fr->dec, &obs, &ok);
    if (rc == AQ_ENOMEM || rc == AQ_ERROR)
        return -3;
    if (!ok)
        return 0;
    return commit(s, (size_t)station_find(s, obs.station, strlen(obs.station)),
                  obs.day, obs.hour, obs.value);
}

/* One value of the fixed layout at *qp (the reader layer's accelerator,
 * aq_reader__fast_value()), then `sep` (the last field: '\n' or '\r');
 * *any set for a value that is not missing. 0 done (*qp after the
 * separator), 1 anything else: the general path decides. */
static inline __attribute__((always_inline)) int
fast_value(const char **qp, int k, int64_t *out, int *any)
{
    const char *q = *qp;
    int n = aq_reader__fast_value(q, (aq_pollutant)k, out);
    char c;

    if (n < 0)
        return 1;
    c = q[n];
    if (k < NP - 1 ? c != ',' : (c != '\n' && c != '\r'))
        return 1;
    *any |= *out != AQ_MISSING;
    *qp = q + n + 1;
    return 0;
}

/* The fixed layout station,time,so2,no2,pm10,pm25,co,o3 of one line
 * [p, e) (e at its '\n'). Returns 0 done, 1 "take the slow path", -1 late,
 * -2 out of memory. The values go straight into the day's slab when it is
 * the current one and the station-hour has no row yet (the common case);
 * a row that then needs the slow path leaves only bytes that its hour bit
 * still calls garbage. */
static inline int fast_row(aq_stream *s, const char *p, const char *e,
                           const char **next)
{
    const char *q = p, *t;
    int64_t v[NP], *dst;
    size_t stride;
    int32_t day;
    int label, k, any = 0, r = 0;
    long idx;
    slab *sl = NULL;
    uint32_t hours = 0, bit;
    unsigned char seen = 0;

    *next = NULL;
    /* station: usually the one that followed the previous row's last time */
    {
        size_t g = s->kit.guess[s->last_station], n = s->codelen[g];
        uint64_t mask = s->codemask[g];
        if (mask ? (aq_reader__load8(q) & mask) == s->codeword[g]
                 : q + n < e && q[n] == ',' && !memcmp(s->code[g], q, n)) {
            idx = (long)g;
            s->last_station = g;
            q += n;
        } else {
            const char *c = memchr(q, ',', (size_t)(e - q));
            /* quoted or empty: the reader layer's; an unknown code with
             * other than ASCII bytes may be GB18030: decoded there */
            if (!c || c == q || *q == '"' || memchr(q, '\n', (size_t)(c - q)))
                return 1;
            idx = lookup(s, q, (size_t)(c - q));
            if (idx < 0)
                for (t = q; t < c; t++)
                    if ((unsigned char)*t >= 0x80)
                        return 1;
            if (!station_use(s, idx, q, (size_t)(c - q)))
                return 0;
            q = c;
        }
        if (s->unit_of[idx] < 0) {
            s->stats.reference_rows++;
            return 0;
        }
        q++;
    }
    /* time: 16 bytes (YYYY-MM-DDTHH:MM), usually the same text as the row
     * before (cur_time holds no '\n', so a match lies within the line);
     * else read by the reader layer (aq_reader__hour_of()) */
    t = q;
    if (aq_reader__load8(t) == s->cur_time[0] && aq_reader__load8(t + 8) == s->cur_time[1] &&
        t[16] == ',') {
        day = s->cur_tday;
        label = s->cur_label;
    } else {
        if (e - t < 17 || t[16] != ',' || memchr(t, '\n', 16) ||
            aq_reader__hour_of(t, 16, &day, &label) != AQ_READER__TIME_OK)
            return 1;
        s->cur_time[0] = aq_reader__load8(t);
        s->cur_time[1] = aq_reader__load8(t + 8);
        s->cur_tday = day;
        s->cur_label = label;
    }
    q = t + 17;
    if (!s->o.all && (day < s->pfirst || day > s->plast)) {
        s->stats.outside_rows++;
        return 0;
    }
    bit = 1u << (label - 1);
    dst = v;
    stride = 1;
    if (s->cur && s->cur_day == day) {
        sl = s->cur;
        seen = sl->seen[idx];
        hours = seen ? sl->hours[idx] : 0;
        if (!(hours & bit)) {
            dst = &sl->h[idx][0][label - 1];
            stride = NH;
        } else {
            sl = NULL; /* a second row of the hour: commit() merges */
        }
    }
#pragma GCC unroll 6
    for (k = 0; k < NP; k++)
        if (fast_value(&q, k, &dst[k * stride], &any))
            return 1;
    if (q[-1] == '\n')
        *next = q - 1;
    else if (*q == '\n') /* CRLF */
        *next = q;
    else
        return 1; /* a CR inside the line: the tokenizer's */
    if (sl) {
        sl->hours[idx] = hours | bit;
        sl->seen[idx] = (unsigned char)(seen | 1 | (any << 1));
    } else {
        r = commit(s, (size_t)idx, day, label, v);
    }
    return r;
}

/* The reader layer's context for the rows of one file (or part) of s. */
static void file_rows_init(aq_stream *s, file_rows *fr, const char *name,
                           const aq_stream__cols *cols, aq_error *err)
{
    static const aq_read_options ro = AQ_READ_OPTIONS_INIT;

    memset(fr, 0, sizeof *fr);
    fr->name = name;
    fr->ro = ro;
    fr->ro.problem_cb = first_problem;
    fr->ro.problem_payload = s;
    aq_reader__ctx_init(&fr->ctx, &fr->ro, &fr->rs, name, err);
    aq_reader__decoder_init(&fr->dec);
    if (cols)
        fr->cols = *cols;
}

/* The columns of the file are known: room for a row's fields. */
static int file_rows_cols(file_rows *fr)
{
    fr->f.cap = fr->cols.lc.header_fields + 1;
    fr->f.terminate = 1;
    fr->f.fields = aqx_calloc(fr->f.cap, sizeof *fr->f.fields);
    fr->f.lens = aqx_calloc(fr->f.cap, sizeof *fr->f.lens);
    return fr->f.fields && fr->f.lens ? 0 : -1;
}

/* The counts of the reader layer into s; then free. */
static void file_rows_done(aq_stream *s, file_rows *fr)
{
    s->stats.rejected_rows += fr->rs.rejected_rows;
    s->stats.rejected_values += fr->rs.rejected_values;
    aq_reader__decoder_free(&fr->dec);
    aqx_free(fr->f.fields);
    aqx_free(fr->f.lens);
}

/* Read an open source to its end. given: the header of the file when the
 * source starts after it (a later part of a split file), else NULL. A
 * file in another format than the long CSV is not read: *other is its
 * format (else AQ_FORMAT_LONG). AQ_ERROR when a row was late (s->late),
 * else a status. */
static aq_status read_src(aq_stream *s, aq_stream__src *src,
                          const aq_stream__cols *given, aq_format *other,
                          aq_error *err)
{
    file_rows fr;
    aq_status rc = AQ_OK;
    size_t carry = 0;
    unsigned long lineno = 0;
    int header = given != NULL, eof = 0, added = 0;
    char *buf = s->kit.buf; /* the caller readied the kit: kit_take() */

    *other = AQ_FORMAT_LONG;
    file_rows_init(s, &fr, src->name, given, err);
    if (given && file_rows_cols(&fr))
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
    while (!eof && rc == AQ_OK) {
        ssize_t got = aq_stream__read(src, buf + carry, BLOCK - carry);
        char *p, *stop, *end;

        if (got < 0) {
            rc = aq_error_set(err, AQ_EIO, "%s: read error", src->name);
            break;
        }
        end = buf + carry + got;
        if (got == 0) {
            eof = 1;
            if (carry == 0)
                break;
            if (end[-1] != '\n') {
                *end++ = '\n'; /* a last line without a terminator */
                added = 1;
            }
        }
        stop = memrchr(buf, '\n', (size_t)(end - buf));
        if (!stop) {
            if (carry + (size_t)got >= BLOCK) {
                rc = aq_error_set_at(err, AQ_EPARSE, src->name, lineno + 1, 0,
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
                if (nl - p > (nl > p && nl[-1] == '\r')) {
                    rc = aq_stream__header(p, (size_t)(nl - p), src->name,
                                           other, &fr.cols, err);
                    header = 1;
                    if (rc == AQ_OK && *other != AQ_FORMAT_LONG)
                        goto done; /* the caller reads it another way */
                    if (rc == AQ_OK && file_rows_cols(&fr))
                        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
                } /* else a blank line before the header */
                p = nl + 1;
                continue;
            }
            r = 1;
            if (fr.cols.canonical) {
                const char *at = NULL;
                r = fast_row(s, p, stop + 1, &at);
                if (r == 0) /* at: the line's '\n' when the row was read */
                    nl = at ? (char *)at
                            : memchr(p, '\n', (size_t)(stop - p) + 1);
            }
            if (r == 1) {
                nl = memchr(p, '\n', (size_t)(stop - p) + 1);
                if (nl - p <= (nl > p && nl[-1] == '\r')) {
                    p = nl + 1; /* a blank line, as the tokenizer skips */
                    continue;
                }
                r = slow_row(s, &fr, p, (size_t)(nl - p), lineno,
                             added && nl == end - 1, err);
            }
            s->stats.rows++;
            if (r == -1)
                rc = AQ_ERROR; /* late: the caller restarts */
            else if (r == -2)
                rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
            else if (r == -3)
                rc = err && err->code != AQ_OK ? err->code : AQ_ERROR;
            else if (red_status(s) != AQ_OK)
                rc = red_status(s);
            p = nl + 1;
        }
        carry = (size_t)(end - (stop + 1));
        memmove(buf, stop + 1, carry);
    }
    s->lines = lineno;
    if (rc == AQ_OK && !header)
        rc = aq_error_set_at(err, AQ_EPARSE, src->name, 1, 0,
                             "empty file: no header row");
    if (rc == AQ_OK && red_status(s) != AQ_OK)
        rc = red_status(s);
done:
    file_rows_done(s, &fr);
    return rc;
}

/* The reader layer's callback for a file in another format (UCI, CNEMC):
 * each observation into its slab, as a row of the long CSV would go. */
static aq_status take_obs(const aq_obs *obs, void *payload)
{
    aq_stream *s = payload;
    size_t n = strlen(obs->station);
    long idx = station_find(s, obs->station, n);
    int r;

    if (!station_use(s, idx, obs->station, n))
        return AQ_OK;
    if (!s->o.all && (obs->day < s->pfirst || obs->day > s->plast)) {
        s->stats.outside_rows++;
        return AQ_OK;
    }
    r = commit(s, (size_t)idx, obs->day, obs->hour, obs->value);
    if (r == -1)
        return AQ_ERROR; /* late: stops the read; the caller restarts */
    if (r == -2)
        return AQ_ENOMEM;
    return red_status(s);
}

/* Read a file of another format through the reader layer (aq_read_file():
 * its checks, its counts, its problems). */
static aq_status read_other(aq_stream *s, const char *path, aq_format f,
                            aq_error *err)
{
    file_rows fr;
    aq_error e = AQ_ERROR_INIT;
    aq_status rc;

    file_rows_init(s, &fr, path, NULL, NULL);
    fr.ro.format = f;
    rc = aq_read_file(path, &fr.ro, take_obs, s, &fr.rs, &e);
    s->stats.rows += fr.rs.rows;
    file_rows_done(s, &fr);
    if (s->late)
        return AQ_ERROR;
    if (rc != AQ_OK && err)
        *err = red_status(s) != AQ_OK ? s->red_err : e;
    return rc == AQ_OK ? red_status(s) : rc;
}

/* Read one file. AQ_ERROR when a row was late (s->late), else a status. */
static aq_status read_file(aq_stream *s, const char *path, aq_error *err)
{
    aq_stream__src src;
    aq_format f;
    aq_status rc;

    if ((rc = aq_stream__open(&src, path, err)) != AQ_OK)
        return rc;
    rc = read_src(s, &src, NULL, &f, err);
    aq_stream__close(&src);
    if (rc != AQ_OK || f == AQ_FORMAT_LONG)
        return rc;
    if (!strcmp(path, "-"))
        return aq_error_set_at(err, AQ_EPARSE, "<stdin>", 1, 0,
                               "standard input in the %s format: give it as "
                               "a file",
                               aq_format_name(f));
    return read_other(s, path, f, err);
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

/* ---- one plain file read in parts, in parallel ---- */

/*
 * The file is cut at line starts, at a month's or a day's first row where
 * it can be (plan_split()), into parts, each a struct aq_stream of its own
 * over the parent's tables that reduces its closed days itself; reader
 * threads take the parts in turn. A part whose cut falls inside a day
 * holds back its first two days, which the part before also has, and no
 * part closes a period that another can still add to. What is left (held
 * days, days still open at a part's end, open periods) is put together in
 * file order: the slabs of one day are laid over each other (the later
 * part's values win, as they would for one reader), then reduced; the
 * periods' unit-days are merged. Whether that was exact is checked, not
 * assumed: when the days one part has rows for meet the days another part
 * reduced or the periods it closed, or a part saw a late row, the split
 * is abandoned and one reader reads the file.
 */

#define PARTS_PER_READER 4 /* readers take the next part when done: a
                              slower core reads fewer parts */
#define MAX_PLANNED (MAX_READERS * PARTS_PER_READER)
#define MAX_SPLITS 16 /* parts made while reading: split_part() */
#define MAX_PARTS (MAX_PLANNED + MAX_SPLITS)
#define DEFAULT_MIN_PART (8L << 20)
#define DEFAULT_MIN_SPLIT (4L << 20) /* a part with less left is not split */

typedef struct part_job {
    aq_stream *w;
    const char *path;
    off_t lo, hi;                /* hi moves back when the part is split */
    const aq_stream__cols *cols; /* NULL for the first part */
    int32_t next_first;          /* the first day of the next part when it
                                    starts at a day's first row, else
                                    INT32_MIN; INT32_MAX for the last */
    off_t claimed;               /* how far its reader has read */
    int reading;                 /* taken and not read to its end */
    int no_split;                /* no day boundary found to split at */
    aq_error err;
} part_job;

/* The parts, shared by the readers under mu: the planned ones in file
 * order, then those split off while reading (split_part()). */
typedef struct part_queue {
    pthread_mutex_t mu;
    part_job *job;
    int n, next;
    aq_stream *parent;
    const aq_stream__cols *cols;
    int fd; /* the file, for finding day boundaries */
    off_t size;
    long min_split; /* bytes left; < 0: never split */
    int splits;
} part_queue;

static aq_stream *part_new(aq_stream *parent, int k)
{
    aq_stream *w = aqx_calloc(1, sizeof *w);

    if (!w)
        return NULL;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv_pool, NULL);
    pthread_cond_init(&w->cv_queue, NULL);
    w->stations = parent->stations;
    w->pol = parent->pol;
    w->so = parent->so;
    w->o = parent->o;
    w->pfirst = parent->pfirst;
    w->plast = parent->plast;
    w->nst = parent->nst;
    w->nunits = parent->nunits;
    w->unit_of = parent->unit_of;
    w->ustart = parent->ustart;
    w->ulist = parent->ulist;
    w->maxunit = parent->maxunit;
    w->code = parent->code;
    w->codelen = parent->codelen;
    w->codeword = parent->codeword;
    w->codemask = parent->codemask;
    w->htab = parent->htab;
    w->hmask = parent->hmask;
    w->parent = parent;
    w->part = k;
    w->touched.lo = w->reduced.lo = w->closed.lo = 1; /* all empty */
    w->maxslabs = (size_t)w->o.window_days + 3;
    return w; /* its kit comes when it starts: part_run() */
}

/* A part read to its end: when the next part starts at the first row of
 * a day, this part's days before it are its own (in time order; checked
 * in split_run()), so it reduces them and closes the periods that end
 * before it; a cut at a month leaves nothing to put together. Its spare
 * slabs and period arrays go to the parent for the parts still to come
 * (fresh pages cost a fault each). */
static aq_status part_finish(aq_stream *w, int32_t next_first)
{
    aq_stream *s = w->parent;
    aq_status rc = AQ_OK;

    if (next_first != INT32_MIN) {
        while (rc == AQ_OK && w->nopen && w->open[0]->day < next_first)
            rc = hand_oldest(w);
        if (rc == AQ_OK)
            rc = close_periods_before(w, next_first);
    }
    pthread_mutex_lock(&s->mu);
    while (w->pool) {
        slab *sl = w->pool;
        w->pool = sl->next;
        sl->next = s->pool;
        s->pool = sl;
    }
    if (w->spare.days && !s->spare.days) {
        s->spare = w->spare;
        memset(&w->spare, 0, sizeof w->spare);
    }
    pthread_mutex_unlock(&s->mu);
    period_free(&w->spare); /* the parent has one */
    memset(&w->spare, 0, sizeof w->spare);
    return rc;
}

static void part_run(part_queue *q, part_job *j)
{
    aq_stream__src src;
    aq_status rc;
    aq_format f;
    int32_t next_first;
    aq_stream *s = j->w->parent;

    /* the kit of a part that is done, else a new one */
    if (kit_take(j->w, s)) {
        kit_give(j->w, s);
        j->w->part_rc = aq_error_set(&j->err, AQ_ENOMEM, "out of memory");
        return;
    }
    rc = aq_stream__open_range(&src, j->path, j->lo, j->hi, &j->err);
    if (rc == AQ_OK) {
        /* another reader may move hi back (split_part) */
        src.mu = &q->mu;
        src.hi = &j->hi;
        src.claimed = &j->claimed;
        rc = read_src(j->w, &src, j->cols, &f, &j->err);
        aq_stream__close(&src);
    }
    pthread_mutex_lock(&q->mu);
    j->reading = 0;
    next_first = j->next_first; /* final: nothing is left to split */
    pthread_mutex_unlock(&q->mu);
    if (rc == AQ_OK && !j->w->late)
        rc = part_finish(j->w, next_first);
    kit_give(j->w, s);
    j->w->part_rc = rc;
}

/* The offset of the first line that starts at or after `at`, or `size`. */
static off_t line_start(int fd, off_t at, off_t size)
{
    char buf[1 << 16];
    size_t want = 512; /* a line or two; more when a line is long */

    if (at <= 0)
        return 0;
    for (at--; at < size; want = sizeof buf) {
        ssize_t got = pread(fd, buf, want, at);
        const char *nl;
        if (got <= 0)
            return size;
        if ((nl = memchr(buf, '\n', (size_t)got)))
            return at + (nl - buf) + 1;
        at += got;
    }
    return size;
}

/* The day of the row [line, line + len) (without its '\n'; the fields
 * are unquoted in place), or INT32_MIN when it has none. */
static int32_t day_of_line(char *line, size_t len, const aq_stream__cols *c)
{
    char *fv[MAX_FIELDS];
    size_t fl[MAX_FIELDS], bad;
    aq_csv__fields f;
    const char *why;
    int32_t day;
    int label;

    memset(&f, 0, sizeof f);
    f.fields = fv;
    f.lens = fl;
    f.cap = MAX_FIELDS;
    if (aq_csv__line(&line, &len, 0) ||
        aq_csv__split(line, len, &f, &bad, &why) != AQ_OK ||
        f.count <= (size_t)c->lc.time ||
        aq_reader__hour_of(fv[c->lc.time], fl[c->lc.time], &day, &label) !=
            AQ_READER__TIME_OK)
        return INT32_MIN;
    return day;
}

/* The day of the row at `at` (a line start), and in *next the start of
 * the line after it; INT32_MIN when the row has no day. */
static int32_t row_day(int fd, off_t at, off_t size,
                       const aq_stream__cols *c, off_t *next)
{
    char line[4096];
    ssize_t got = pread(fd, line, 512, at); /* a row, usually */
    char *nl;

    if (got > 0 && !memchr(line, '\n', (size_t)got))
        got = pread(fd, line, sizeof line, at);
    *next = size;
    if (got <= 0)
        return INT32_MIN;
    if (!(nl = memchr(line, '\n', (size_t)got))) {
        *next = line_start(fd, at + 1, size);
        return INT32_MIN;
    }
    *next = at + (nl - line) + 1;
    return day_of_line(line, (size_t)(nl - line), c);
}

/* row_day() of the first row that starts at or after *at, which moves
 * there (to `size` when there is none: INT32_MIN then, as for a row
 * without a day); one read when the rows are short. */
static int32_t row_from(int fd, off_t *at, off_t size,
                        const aq_stream__cols *c, off_t *next)
{
    char buf[1024];
    ssize_t got;
    char *a, *b;

    if (*at > 0 && (got = pread(fd, buf, sizeof buf, *at - 1)) > 0 &&
        (a = memchr(buf, '\n', (size_t)got)) &&
        (b = memchr(a + 1, '\n', (size_t)(buf + got - (a + 1))))) {
        *at += a - buf;
        *next = *at + (b - a);
        return day_of_line(a + 1, (size_t)(b - a - 1), c);
    }
    *at = line_start(fd, *at, size);
    if (*at >= size) {
        *next = size;
        return INT32_MIN;
    }
    return row_day(fd, *at, size, c, next);
}

/* In a file in time order: the first line start in [lo, hi) (lo a line
 * start) whose row's day is `day` or later, by bisection; hi when there is
 * none; -1 when a row on the way cannot be read. */
static off_t first_row_of(int fd, off_t lo, off_t hi, off_t size,
                          const aq_stream__cols *c, int32_t day)
{
    off_t next;
    int32_t d;

    while (hi - lo > 8192) {
        off_t mid = lo + (hi - lo) / 2;
        d = row_from(fd, &mid, size, c, &next);
        if (mid >= hi)
            break;
        if (d == INT32_MIN)
            return -1;
        if (d >= day)
            hi = mid;
        else
            lo = next;
    }
    /* the last few rows from one read (rows after hi may be cut off) */
    {
        char buf[8192 + 4096];
        ssize_t got = pread(fd, buf, sizeof buf, lo);
        char *p = buf, *end = buf + (got > 0 ? got : 0), *nl;

        while (lo < hi && (nl = memchr(p, '\n', (size_t)(end - p)))) {
            if ((d = day_of_line(p, (size_t)(nl - p), c)) == INT32_MIN)
                return -1;
            if (d >= day)
                return lo;
            lo += nl + 1 - p;
            p = nl + 1;
        }
    }
    for (; lo < hi; lo = next) { /* a long line: one row at a time */
        if ((d = row_day(fd, lo, size, c, &next)) == INT32_MIN)
            return -1;
        if (d >= day)
            return lo;
    }
    return hi;
}

/* Where to cut near `at` (a line start in (lo, hi)): at the first row of
 * a month within an eighth of the file, else of a day; then no period and
 * no day of a time-ordered file is in two parts. *aligned = 0 when the
 * file gives no such boundary (a cut within a day: the merge handles it). */
static off_t choose_cut(int fd, off_t at, off_t lo, off_t hi, off_t size,
                        const aq_stream__cols *c, int *aligned)
{
    off_t reach = size / 8, next, best = -1, cand[2], from, to;
    int32_t day = row_day(fd, at, size, c, &next), first[2];
    int y, m, pass, k;

    *aligned = 0;
    if (day == INT32_MIN)
        return at;
    aq_civil_from_day(day, &y, &m, NULL);
    for (pass = 0; pass < 2 && best < 0; pass++) {
        /* pass 0: the month of `at` and the next; pass 1: the day */
        if (pass == 0) {
            first[0] = aq_day_from_civil(y, m, 1);
            first[1] = m == 12 ? aq_day_from_civil(y + 1, 1, 1)
                               : aq_day_from_civil(y, m + 1, 1);
        } else {
            first[0] = day;
            first[1] = day + 1;
        }
        /* the boundary before `at`, then the one after */
        from = at - reach > lo ? line_start(fd, at - reach, size) : lo;
        cand[0] = first_row_of(fd, from, at + 1, size, c, first[0]);
        if (cand[0] <= from || cand[0] > at)
            cand[0] = -1; /* not found within reach */
        to = at + reach < hi ? at + reach : hi;
        cand[1] = first_row_of(fd, at, to, size, c, first[1]);
        if (cand[1] <= at || cand[1] >= to)
            cand[1] = -1;
        for (k = 0; k < 2; k++)
            if (cand[k] > lo && cand[k] < hi &&
                (best < 0 || (cand[k] > at ? cand[k] - at : at - cand[k]) <
                                 (best > at ? best - at : at - best)))
                best = cand[k];
    }
    if (best < 0)
        return at;
    *aligned = 1;
    return best;
}

/* Where to split bytes (lo, hi) of a part that is being read, near `at`:
 * the first row of the day after the day of the row at `at`, in *first
 * its day. -1 when there is none in (at, hi). */
static off_t day_cut(const part_queue *q, off_t at, off_t hi, int32_t *first)
{
    off_t next, c;
    int32_t d;

    at = line_start(q->fd, at, q->size);
    if (at >= hi ||
        (d = row_day(q->fd, at, q->size, q->cols, &next)) == INT32_MIN ||
        d == INT32_MAX)
        return -1;
    c = first_row_of(q->fd, at, hi, q->size, q->cols, d + 1);
    if (c <= at || c >= hi ||
        (*first = row_day(q->fd, c, q->size, q->cols, &next)) == INT32_MIN)
        return -1;
    return c;
}

/* A reader that finds no part left takes the second half of what is left
 * of the part with the most left, at a day boundary: cores that the
 * machine runs at different speeds then end together, instead of one
 * waiting for the other's last part (10 to 35 ms of 300 in a 10M-row
 * run). The part's end moves back to the cut, and its next_first to the
 * cut's day, under the queue's lock and only while its reader has not
 * read that far (src.claimed). The new part starts at the first row of a
 * day, like a planned cut (aligned); when the file is not in time order
 * the checks of split_run() still see it. -1 when nothing is worth
 * splitting (called with q->mu held, returns with it held). */
static int split_part(part_queue *q)
{
    if (q->fd < 0 || q->min_split < 0)
        return -1;
    for (;;) {
        part_job *j = NULL, *nj;
        off_t hi, at, cut;
        int32_t first = INT32_MIN;
        int k;

        for (k = 0; k < q->n; k++)
            if (q->job[k].reading && !q->job[k].no_split &&
                (!j || q->job[k].hi - q->job[k].claimed > j->hi - j->claimed))
                j = &q->job[k];
        if (!j || j->hi - j->claimed < q->min_split || j->hi - j->claimed < 2 ||
            q->n == MAX_PARTS)
            return -1;
        hi = j->hi;
        at = j->claimed + (hi - j->claimed) / 2;
        pthread_mutex_unlock(&q->mu); /* reading the file takes a while */
        cut = day_cut(q, at, hi, &first);
        pthread_mutex_lock(&q->mu);
        if (cut < 0) {
            j->no_split = 1;
            continue;
        }
        if (j->hi != hi || !j->reading || cut <= j->claimed)
            continue; /* it moved on meanwhile: look again */
        nj = &q->job[q->n];
        memset(nj, 0, sizeof *nj);
        if (!(nj->w = part_new(q->parent, q->n)))
            return -1;
        nj->w->aligned = 1;
        nj->path = j->path;
        nj->lo = nj->claimed = cut;
        nj->hi = hi;
        nj->cols = q->cols;
        nj->next_first = j->next_first;
        j->hi = cut;
        j->next_first = first;
        q->splits++;
        return q->n++;
    }
}

/* A reader: the next part not yet taken, then parts split off others. */
static void *reader_main(void *arg)
{
    part_queue *q = arg;
    int k;

    for (;;) {
        pthread_mutex_lock(&q->mu);
        k = q->next < q->n ? q->next++ : split_part(q);
        if (k >= 0) {
            q->next = q->next > k ? q->next : k + 1;
            q->job[k].reading = 1;
        }
        pthread_mutex_unlock(&q->mu);
        if (k < 0)
            return NULL;
        part_run(q, &q->job[k]);
    }
}

/* The cuts of `path` into parts (PARTS_PER_READER for each of *readers):
 * cut[0] = 0 < cut[1] < ... < cut[n] = the size, each at a line start
 * after the header, at a month's or a day's first row where the file has
 * one near (aligned[k]; first[k] its day, else INT32_MIN); the header's
 * columns in *cols. Returns n; below 2 the file is not split. */
static int plan_split(const aq_stream *s, const char *path,
                      off_t cut[MAX_PARTS + 1], int aligned[MAX_PARTS + 1],
                      int32_t first[MAX_PARTS + 1], int *readers,
                      aq_stream__cols *cols)
{
    long min_part =
        s->o.min_part_bytes > 0 ? s->o.min_part_bytes : DEFAULT_MIN_PART;
    int want = s->o.readers, n = 0, k, fd;
    char head[1 << 16];
    char *nl;
    aq_format format;
    struct stat st;
    ssize_t got;
    off_t body, next;

    if (!s->o.threads || want == 1 || !strcmp(path, "-"))
        return 0;
    if (want <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        want = cores < 1 ? 1
                         : (int)(cores < MAX_READERS ? cores : MAX_READERS);
    }
    if (want > MAX_READERS)
        want = MAX_READERS;
    *readers = want;
    want *= PARTS_PER_READER;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return 0;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode))
        goto done;
    if (st.st_size / min_part < want)
        want = (int)(st.st_size / min_part);
    if (want < 2)
        goto done;
    got = pread(fd, head, sizeof head, 0);
    if (got < 2 || ((unsigned char)head[0] == 0x1f &&
                    (unsigned char)head[1] == 0x8b)) /* gzip */
        goto done;
    if (!(nl = memchr(head, '\n', (size_t)got)) ||
        aq_stream__header(head, (size_t)(nl - head), path, &format, cols,
                          NULL) != AQ_OK ||
        format != AQ_FORMAT_LONG)
        goto done; /* one reader reports it, or reads it another way */
    body = nl - head + 1;
    cut[n] = 0;
    first[n] = INT32_MIN;
    aligned[n++] = 0;
    for (k = 1; k < want; k++) {
        off_t c = line_start(fd, st.st_size / want * k, st.st_size);
        int a = 0;
        if (c <= body || c <= cut[n - 1] || c >= st.st_size)
            continue;
        c = choose_cut(fd, c, cut[n - 1] > body ? cut[n - 1] : body,
                       st.st_size, st.st_size, cols, &a);
        if (c <= body || c <= cut[n - 1] || c >= st.st_size)
            continue;
        cut[n] = c;
        first[n] = a ? row_day(fd, c, st.st_size, cols, &next) : INT32_MIN;
        aligned[n++] = a;
    }
    cut[n] = st.st_size;
    first[n] = INT32_MAX; /* the last part: no rows after it */
    if (*readers > n)
        *readers = n;
done:
    close(fd);
    return n;
}

static int spans_meet(day_span a, day_span b)
{
    return a.lo <= a.hi && b.lo <= b.hi && a.lo <= b.hi && b.lo <= a.hi;
}

/* Slab b's rows (later in the file) over slab a's, as one reader would
 * have read them: the last non-empty value of a station-hour wins. */
static void slab_overlay(const aq_stream *s, slab *a, slab *b)
{
    size_t i;
    int k;

    slab_settle(s, a);
    slab_settle(s, b);
    for (i = 0; i < s->nst; i++) {
        if (!b->seen[i])
            continue;
        if (!a->seen[i]) {
            memcpy(a->h[i], b->h[i], sizeof(hours_t));
        } else {
            const int64_t *from = &b->h[i][0][0];
            int64_t *to = &a->h[i][0][0];
            for (k = 0; k < NP * NH; k++)
                if (from[k] != AQ_MISSING)
                    to[k] = from[k];
        }
        a->seen[i] |= b->seen[i];
        a->hours[i] = ALL_HOURS;
    }
}

typedef struct leftover {
    slab *sl;
    size_t order; /* file order */
} leftover;

static int leftover_cmp(const void *a, const void *b)
{
    const leftover *x = a, *y = b;

    if (x->sl->day != y->sl->day)
        return x->sl->day < y->sl->day ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The parts' results, counts, periods and leftover days into s. */
static aq_status merge_parts(aq_stream *s, aq_stream **w, int nparts)
{
    leftover *left = NULL;
    size_t nleft = 0, cap = 0, i, j;
    unsigned long line_base = 0;
    aq_status rc = AQ_OK;
    int k;

    for (k = 0; k < nparts; k++) {
        const aq_stream_stats *ws = &w[k]->stats;
        slab *sl;

        s->stats.rows += ws->rows;
        s->stats.reference_rows += ws->reference_rows;
        s->stats.outside_rows += ws->outside_rows;
        s->stats.rejected_rows += ws->rejected_rows;
        s->stats.rejected_values += ws->rejected_values;
        s->stats.station_days += ws->station_days;
        if (ws->unknown_rows && !s->stats.unknown_rows)
            memcpy(s->stats.first_unknown, ws->first_unknown,
                   sizeof s->stats.first_unknown);
        s->stats.unknown_rows += ws->unknown_rows;
        if (w[k]->prob_src && !s->prob_src) {
            s->prob_src = w[k]->prob_src;
            s->prob_line = line_base + w[k]->prob_line;
            s->prob_col = w[k]->prob_col;
            memcpy(s->prob_msg, w[k]->prob_msg, sizeof s->prob_msg);
        }
        line_base += w[k]->lines;
        for (i = 0; i < w[k]->nres; i++)
            if ((rc = add_result(s, &w[k]->res[i])) != AQ_OK)
                goto done;
        for (i = 0; i < w[k]->npa; i++) {
            period_acc *from = &w[k]->pa[i], *to = period_find(s, from->p);
            if (!to) {
                /* the usual case: only this part has the period */
                if ((rc = period_adopt(s, from)) != AQ_OK)
                    goto done;
                continue;
            }
            for (j = 0; j < s->nunits * from->ndays; j++)
                if (from->have[j]) {
                    to->days[j] = from->days[j];
                    to->have[j] = 1;
                }
        }
        /* the held days, then the days open at the end: file order */
        for (i = 0, sl = w[k]->held; sl || i < w[k]->nopen;) {
            slab *take = sl ? sl : w[k]->open[i++];
            if (sl)
                sl = sl->next;
            if (nleft == cap) {
                size_t ncap = cap ? 2 * cap : 32;
                leftover *n = aqx_realloc(left, ncap * sizeof *n);
                if (!n) {
                    rc = AQ_ENOMEM;
                    goto done;
                }
                left = n;
                cap = ncap;
            }
            left[nleft].sl = take;
            left[nleft].order = nleft;
            nleft++;
        }
    }
    if (nleft)
        qsort(left, nleft, sizeof *left, leftover_cmp);
    for (i = 0; i < nleft; i = j) {
        for (j = i + 1; j < nleft && left[j].sl->day == left[i].sl->day; j++)
            slab_overlay(s, left[i].sl, left[j].sl);
        if ((rc = reduce_day(s, left[i].sl)) != AQ_OK)
            goto done;
    }
done:
    aqx_free(left);
    return rc;
}

/* Parts in file order, for putting them together. */
static int job_order(const void *a, const void *b)
{
    const part_job *x = a, *y = b;

    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Read `path` in the parts cut[]. *used = 0 when the split had to be
 * abandoned (nothing is kept then); else the status of the run. */
static aq_status split_run(aq_stream *s, const char *path, int nparts,
                           int readers, const off_t *cut, const int *aligned,
                           const int32_t *first, const aq_stream__cols *cols,
                           int *used, aq_error *err)
{
    aq_stream *w[MAX_PARTS];
    part_job job[MAX_PARTS];
    pthread_t th[MAX_READERS];
    part_queue q;
    int k, j, started = 0, ok = 1;
    aq_status rc = AQ_OK;

    *used = 0;
    memset(job, 0, sizeof job);
    for (k = 0; k < nparts && ok; k++) {
        if (!(job[k].w = part_new(s, k)))
            ok = 0;
        else
            job[k].w->aligned = aligned[k];
        job[k].path = path;
        job[k].lo = job[k].claimed = cut[k];
        job[k].hi = cut[k + 1];
        job[k].cols = k ? cols : NULL;
        job[k].next_first = first[k + 1];
    }
    memset(&q, 0, sizeof q);
    pthread_mutex_init(&q.mu, NULL);
    q.job = job;
    q.n = nparts;
    q.parent = s;
    q.cols = cols;
    q.min_split =
        s->o.min_split_bytes ? s->o.min_split_bytes : DEFAULT_MIN_SPLIT;
    /* for split_part(); without it, parts are not split */
    q.fd = open(path, O_RDONLY | O_CLOEXEC);
    q.size = cut[nparts]; /* the file's size, as planned */
    if (ok && (s->kit.buf || s->kit.guess))
        kit_give(s, s); /* the parent's, to the first part */
    if (ok) {
        for (k = 1; k < readers; k++) {
            if (pthread_create(&th[k], NULL, reader_main, &q) != 0)
                break; /* fewer readers */
            started = k;
        }
        reader_main(&q);
        for (k = 1; k <= started; k++)
            pthread_join(th[k], NULL);
        nparts = q.n;
        qsort(job, (size_t)nparts, sizeof *job, job_order);
    }
    for (k = 0; k < nparts; k++)
        w[k] = job[k].w;
    for (k = 0; k < nparts && ok; k++)
        if (w[k]->part_rc != AQ_OK || w[k]->late || w[k]->red_rc != AQ_OK)
            ok = 0; /* one reader says what it was */
    for (k = 0; k < nparts && ok; k++)
        for (j = 0; j < nparts && ok; j++)
            if (j != k && (spans_meet(w[j]->touched, w[k]->reduced) ||
                           spans_meet(w[j]->touched, w[k]->closed)))
                ok = 0; /* not in time order enough to be split there */
    if (ok) {
        *used = 1;
        rc = kit_take(s, s) ? AQ_ENOMEM : merge_parts(s, w, nparts);
        if (rc == AQ_OK)
            rc = close_periods_before(s, INT32_MAX);
        if (rc == AQ_ENOMEM)
            aq_error_set(err, rc, "out of memory");
        else if (rc != AQ_OK && err)
            *err = s->red_err;
        s->stats.parts = (unsigned long)nparts;
        s->stats.splits = (unsigned long)q.splits;
    }
    for (k = 0; k < nparts; k++)
        aq_stream_free(w[k]);
    if (q.fd >= 0)
        close(q.fd);
    pthread_mutex_destroy(&q.mu);
    return rc;
}

/* One pass over every file. */
static aq_status run_once(aq_stream *s, const char *const *paths, size_t n,
                          aq_error *err)
{
    pthread_t th;
    aq_status rc = AQ_OK;
    size_t i;

    if (kit_take(s, s)) /* a split file's parts may have left kits */
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
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
    off_t cut[MAX_PARTS + 1];
    int aligned[MAX_PARTS + 1], readers = 1;
    int32_t first[MAX_PARTS + 1];
    aq_stream__cols cols;
    aq_status rc;
    size_t i;
    int nparts, used = 0;

    if (!s || (n && !paths))
        return aq_error_set(err, AQ_EINVALID, "stream: NULL argument");
    if (n == 1 && (nparts = plan_split(s, paths[0], cut, aligned, first,
                                       &readers, &cols)) >= 2) {
        rc = split_run(s, paths[0], nparts, readers, cut, aligned, first,
                       &cols, &used, err);
        if (used)
            goto done;
        reset_run(s);
        memset(&s->stats, 0, sizeof s->stats);
        s->stats.split_abandoned = 1;
    }
    s->stats.parts = 1;
    rc = run_once(s, paths, n, err);
    if (s->late) {
        unsigned long abandoned = s->stats.split_abandoned;

        for (i = 0; i < n; i++)
            if (!strcmp(paths[i], "-"))
                return aq_error_set(err, AQ_EPARSE,
                                    "standard input is not in time order "
                                    "(rows for a day after later days); "
                                    "give the data as files");
        /* not in time order: again, every day kept until the end */
        reset_run(s);
        memset(&s->stats, 0, sizeof s->stats);
        s->stats.split_abandoned = abandoned;
        s->stats.parts = 1;
        s->stats.restarts = 1;
        s->keep_all = 1;
        rc = run_once(s, paths, n, err);
    }
done:
    format_problem(s);
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
