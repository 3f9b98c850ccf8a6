/* SPDX-License-Identifier: MIT */
/*
 * Unit rankings straight from hourly files (aq/stream.h, issue 6): the run.
 * Options and tables (station codes, units), the working memory of the
 * readers, the passes over the files (one file on several cores:
 * stream_parts.c; a second pass when rows came out of time order) and the
 * results. Reading is stream_parse.c's, reducing stream_reduce.c's; the
 * rules are the library's, called there (stream_internal.h lists the
 * files).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lib/engine/stream_internal.h"
#include "util/alloc.h"

/*
 * Map the pages of a fresh large block in one call, before the reader
 * writes them, instead of taking one page fault per 4 KiB page, which is
 * dear on a virtual machine (STREAM.md, "Pages"). Only an optimization:
 * any failure (a kernel before 5.14, without MADV_POPULATE_WRITE) leaves
 * the faults to come.
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

/* Stores scattered over a slab or a period's unit-days miss the TLB in
 * 4 KiB pages: from 1 MiB on they get whole huge pages (aqx_huge_alloc()). */
void *aq_stream__huge_new(size_t n, int zero)
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
    /* initialized: the hot loop's 8-byte loads may run past a line's end
     * (reader_fast.h); in small pages (STREAM.md, "Tried") */
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

void aq_stream__kit_give(aq_stream *s, aq_stream *to)
{
    pthread_mutex_lock(&to->mu);
    if (to->nspare_kit < MAX_READERS) {
        to->spare_kit[to->nspare_kit++] = s->kit;
        memset(&s->kit, 0, sizeof s->kit);
    }
    pthread_mutex_unlock(&to->mu);
    kit_free(&s->kit);
}

int aq_stream__kit_take(aq_stream *s, aq_stream *from)
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
    s->data.lo = 1; /* empty */
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
    s->codeword = aqx_calloc(2 * s->nst + 2, sizeof *s->codeword);
    s->codemask = aqx_calloc(2 * s->nst + 2, sizeof *s->codemask);
    s->quoteword = s->codeword ? s->codeword + s->nst + 1 : NULL;
    s->quotemask = s->codemask ? s->codemask + s->nst + 1 : NULL;
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
        if (!strpbrk(st->code, "\n\",")) {
            /* the code and its comma, and "code", (quoted): a masked
             * 8-byte compare for the hot loop when they fit */
            size_t n = s->codelen[i], q;
            for (q = 0; q < 2 && n + 1 + 2 * q <= 8; q++) {
                unsigned char w[8] = {0};
                w[0] = '"';
                memcpy(w + q, st->code, n);
                w[n + q] = '"';
                w[n + 2 * q] = ',';
                memcpy(q ? &s->quoteword[i] : &s->codeword[i], w, 8);
                *(q ? &s->quotemask[i] : &s->codemask[i]) =
                    n + 1 + 2 * q == 8
                        ? UINT64_MAX
                        : (UINT64_C(1) << (8 * (n + 1 + 2 * q))) - 1;
            }
        }
        /* N5.3.1: reference sites count only when the policy says so */
        s->unit_of[i] =
            st->reference && !pol.include_reference_sites ? -1 : st->unit;
        k = aq_stream__hash(st->code, s->codelen[i]) & s->hmask;
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

void aq_stream__reset(aq_stream *s)
{
    size_t i;

    for (i = 0; i < s->nopen; i++)
        aq_stream__slab_free(s->open[i]);
    s->nopen = 0;
    aq_stream__free_slabs(s->pool);
    aq_stream__free_slabs(s->qhead);
    aq_stream__free_slabs(s->held);
    s->pool = s->qhead = s->qtail = s->held = s->held_tail = NULL;
    s->nslabs = 0;
    s->cur = NULL;
    s->handed = 0;
    s->late = 0;
    s->data.lo = 1; /* empty */
    s->data.hi = 0;
    s->later = 0;
    s->cur_tday = 0;
    s->cur_label = 0;
    memset(s->cur_time, 0, sizeof s->cur_time);
    memset(s->cur_tmask, 0, sizeof s->cur_tmask);
    aq_stream__free_periods(s);
    s->nres = 0;
    s->red_rc = AQ_OK;
    memset(&s->prob, 0, sizeof s->prob);
}

void aq_stream_free(aq_stream *s)
{
    if (!s)
        return;
    aq_stream__reset(s);
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

    if (aq_stream__kit_take(s, s)) /* a split file's parts may have left kits */
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    s->threaded = s->o.threads != 0;
    s->maxslabs = (size_t)s->o.window_days + 3;
    s->qdone = 0;
    if (s->threaded &&
        pthread_create(&th, NULL, aq_stream__reducer_main, s) != 0)
        s->threaded = 0;
    rc = aq_stream__read_files(s, paths, n, err);
    /* the rest of the days, in order */
    while (rc == AQ_OK && s->nopen)
        rc = aq_stream__hand_oldest(s);
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
    if (rc == AQ_OK && (rc = aq_stream__close_before(s, INT32_MAX)) != AQ_OK &&
        err)
        *err = s->red_err;
    return rc;
}

aq_status aq_stream_run(aq_stream *s, const char *const *paths, size_t n,
                        aq_error *err)
{
    aq_status rc;
    size_t i;
    int used = 0;

    if (!s || (n && !paths))
        return aq_error_set(err, AQ_EINVALID, "stream: NULL argument");
    if (n == 1) {
        rc = aq_stream__read_parts(s, paths[0], &used, err);
        if (used)
            goto done;
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
        aq_stream__reset(s);
        memset(&s->stats, 0, sizeof s->stats);
        s->stats.split_abandoned = abandoned;
        s->stats.parts = 1;
        s->stats.restarts = 1;
        s->keep_all = 1;
        rc = run_once(s, paths, n, err);
    }
done:
    aq_stream__format_problem(s);
    if (rc == AQ_OK && aq_stream__kit_take(s, s))
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
    if (rc == AQ_OK && (rc = aq_stream__report_periods(s)) != AQ_OK && err)
        *err = s->red_err;
    if (rc == AQ_OK && s->nres)
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
