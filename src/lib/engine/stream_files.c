/* SPDX-License-Identifier: MIT */
/*
 * The files of a streaming run, in their order (stream_internal.h): a long
 * CSV file is read by the hot loop (stream_parse.c); a file of another
 * format (CNEMC daily files, UCI) by the reader layer, aq_read_file(),
 * into a batch of observations (station, day, hour label, six values),
 * which then goes into the slabs in file order. Reading such a file is
 * most of the work (gunzip, the tokenizer, the value checks) and its
 * batch is small (a CNEMC day: ~40,000 observations, 2.5 MB): with
 * threads and more than one file, reader threads fill the batches of the
 * files ahead on the other cores while this thread puts the earlier ones
 * into the slabs and the reducing thread reduces the closed days. The
 * results are those of reading the files one after the other.
 */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "lib/engine/stream_internal.h"
#include "util/alloc.h"

#define AHEAD_PER_READER 2 /* batches filled ahead of the one being used */

/* One observation of a batch. */
typedef struct obs_rec {
    int64_t v[NP];
    uint32_t station;
    int32_t day;
    int hour;
} obs_rec;

/* One file read by the reader layer. */
typedef struct file_batch {
    obs_rec *rec;
    size_t n, cap;
    aq_stream_stats st; /* its rows, rejections, unknown stations */
    aq_stream__problem prob;
    aq_format format; /* AQ_FORMAT_LONG: the hot loop's, not filled */
    int later;        /* an observation after the asked period */
    aq_status rc;
    aq_error err;
    int done;
} file_batch;

/* What the reader layer's callback needs. */
typedef struct batch_fill {
    const aq_stream *s;
    file_batch *b;
} batch_fill;

/* An observation into the batch: unknown stations and hours outside the
 * asked period are only counted. Only reads s: reader threads share it. */
static aq_status take_obs(const aq_obs *obs, void *payload)
{
    batch_fill *f = payload;
    const aq_stream *s = f->s;
    file_batch *b = f->b;
    size_t n = strlen(obs->station);
    long idx = aq_stream__station(s, obs->station, n);
    obs_rec *r;

    if (idx < 0) {
        aq_stream__unknown(&b->st, obs->station, n);
        return AQ_OK;
    }
    if (!s->o.all && (obs->day < s->pfirst || obs->day > s->plast)) {
        b->st.outside_rows++;
        b->later |= obs->day > s->plast;
        return AQ_OK;
    }
    if (aq_stream__grow((void **)&b->rec, b->n, &b->cap, sizeof *b->rec, 4096))
        return AQ_ENOMEM;
    r = &b->rec[b->n++];
    memcpy(r->v, obs->value, sizeof r->v);
    r->station = (uint32_t)idx;
    r->day = obs->day;
    r->hour = obs->hour;
    return AQ_OK;
}

/* Read one file of format f (not the long CSV) into b. */
static void batch_read(const aq_stream *s, const char *path, aq_format f,
                       file_batch *b)
{
    aq_read_options ro = AQ_READ_OPTIONS_INIT;
    aq_read_stats rs;
    batch_fill fill;

    fill.s = s;
    fill.b = b;
    ro.format = f;
    ro.problem_cb = aq_stream__first_problem;
    ro.problem_payload = &b->prob;
    b->rc = aq_read_file(path, &ro, take_obs, &fill, &rs, &b->err);
    if (b->rc == AQ_ENOMEM && b->err.code == AQ_OK)
        aq_error_set(&b->err, AQ_ENOMEM, "out of memory");
    b->st.rows = b->st.general_rows = rs.rows;
    b->st.rejected_rows = rs.rejected_rows;
    b->st.rejected_values = rs.rejected_values;
}

/* The format of a file from its first line, when it is one the hot loop
 * does not read (CNEMC, UCI); else AQ_FORMAT_LONG, and the hot loop's
 * reader reads the file and says what is wrong with it, if anything. */
static aq_format file_format(const char *path)
{
    aq_stream__src src;
    aq_stream__cols cols;
    char buf[1 << 16];
    ssize_t got;
    size_t have = 0;
    char *nl = NULL;
    aq_format f;

    if (aq_stream__open(&src, path, NULL) != AQ_OK)
        return AQ_FORMAT_LONG;
    while (!nl && have < sizeof buf - 1 &&
           (got = aq_stream__read(&src, buf + have, sizeof buf - 1 - have)) >
               0) {
        nl = memchr(buf + have, '\n', (size_t)got);
        have += (size_t)got;
    }
    aq_stream__close(&src);
    if (!nl)
        nl = buf + have;
    if (aq_stream__header(buf, (size_t)(nl - buf), path, &f, &cols, NULL) !=
            AQ_OK ||
        (f != AQ_FORMAT_CNEMC && f != AQ_FORMAT_UCI))
        return AQ_FORMAT_LONG;
    return f;
}

/* A batch's observations into the slabs, its counts into s's. */
static aq_status batch_use(aq_stream *s, file_batch *b, aq_error *err)
{
    size_t i;

    aq_stream__add_counts(s, &b->st, &b->prob, 0);
    s->later |= b->later;
    if (b->rc != AQ_OK) {
        if (err)
            *err = b->err;
        return b->rc;
    }
    for (i = 0; i < b->n; i++) {
        const obs_rec *r = &b->rec[i];
        int c = aq_stream__commit(s, r->station, r->day, r->hour, r->v);
        if (c == -1)
            return AQ_ERROR; /* late: the caller restarts */
        if (c == -2)
            return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    if (aq_stream__red_status(s) != AQ_OK) {
        if (err)
            *err = s->red_err;
        return aq_stream__red_status(s);
    }
    return AQ_OK;
}

/* One file, read in this thread. */
static aq_status read_one(aq_stream *s, const char *path, aq_error *err)
{
    file_batch b;
    aq_format f;
    aq_status rc = aq_stream__read_long(s, path, &f, err);

    if (rc != AQ_OK || f == AQ_FORMAT_LONG)
        return rc;
    if (f != AQ_FORMAT_CNEMC && f != AQ_FORMAT_UCI)
        return aq_error_set_at(err, AQ_EPARSE, path, 1, 0,
                               "%s records are not hourly station data: "
                               "rank --stations reads the cnemc, uci and "
                               "long formats",
                               aq_format_name(f));
    if (!strcmp(path, "-"))
        return aq_error_set_at(err, AQ_EPARSE, "<stdin>", 1, 0,
                               "standard input in the %s format: give it as "
                               "a file",
                               aq_format_name(f));
    memset(&b, 0, sizeof b);
    batch_read(s, path, f, &b);
    rc = batch_use(s, &b, err);
    aqx_free(b.rec);
    return rc;
}

/* ---- reading ahead ---- */

typedef struct ahead {
    aq_stream *s;
    const char *const *paths;
    size_t n;
    file_batch *b;
    size_t next, used; /* the next file to read; the files used so far */
    size_t window;     /* batches that may be read ahead of `used` */
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t cv_done, cv_room;
} ahead;

static void *reader_main(void *arg)
{
    ahead *a = arg;

    pthread_mutex_lock(&a->mu);
    for (;;) {
        size_t k;
        file_batch *b;
        while (!a->stop && a->next < a->n && a->next >= a->used + a->window)
            pthread_cond_wait(&a->cv_room, &a->mu);
        if (a->stop || a->next >= a->n)
            break;
        k = a->next++;
        b = &a->b[k];
        pthread_mutex_unlock(&a->mu);
        b->format = file_format(a->paths[k]);
        if (b->format != AQ_FORMAT_LONG)
            batch_read(a->s, a->paths[k], b->format, b);
        pthread_mutex_lock(&a->mu);
        b->done = 1;
        pthread_cond_broadcast(&a->cv_done);
    }
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

/* The number of reader threads for n files (0: read them here). */
static int readers_for(const aq_stream *s, const char *const *paths, size_t n)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int want = s->o.readers > 0 ? s->o.readers : (int)cores;
    size_t i;

    if (!s->o.threads || n < 2 || want < 2)
        return 0;
    for (i = 0; i < n; i++)
        if (!strcmp(paths[i], "-"))
            return 0; /* standard input is read in its turn */
    if (want > MAX_READERS)
        want = MAX_READERS;
    return (size_t)want > n ? (int)n : want;
}

aq_status aq_stream__read_files(aq_stream *s, const char *const *paths,
                                size_t n, aq_error *err)
{
    pthread_t th[MAX_READERS];
    ahead a;
    aq_status rc = AQ_OK;
    size_t i;
    int k, started = 0, readers = readers_for(s, paths, n);

    if (!readers) {
        for (i = 0; i < n && rc == AQ_OK; i++)
            rc = read_one(s, paths[i], err);
        return rc;
    }
    memset(&a, 0, sizeof a);
    a.s = s;
    a.paths = paths;
    a.n = n;
    a.window = (size_t)readers * AHEAD_PER_READER;
    if (!(a.b = aqx_calloc(n, sizeof *a.b)))
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    pthread_mutex_init(&a.mu, NULL);
    pthread_cond_init(&a.cv_done, NULL);
    pthread_cond_init(&a.cv_room, NULL);
    for (k = 0; k < readers; k++) {
        if (pthread_create(&th[k], NULL, reader_main, &a) != 0)
            break;
        started++;
    }
    for (i = 0; i < n && rc == AQ_OK; i++) {
        file_batch *b = &a.b[i];
        if (!started) {
            rc = read_one(s, paths[i], err); /* no thread could start */
            continue;
        }
        pthread_mutex_lock(&a.mu);
        while (!b->done)
            pthread_cond_wait(&a.cv_done, &a.mu);
        pthread_mutex_unlock(&a.mu);
        rc = b->format == AQ_FORMAT_LONG ? read_one(s, paths[i], err)
                                         : batch_use(s, b, err);
        aqx_free(b->rec);
        b->rec = NULL;
        pthread_mutex_lock(&a.mu);
        a.used = i + 1;
        pthread_cond_broadcast(&a.cv_room);
        pthread_mutex_unlock(&a.mu);
    }
    pthread_mutex_lock(&a.mu);
    a.stop = 1;
    pthread_cond_broadcast(&a.cv_room);
    pthread_mutex_unlock(&a.mu);
    for (k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    for (i = 0; i < n; i++)
        aqx_free(a.b[i].rec);
    aqx_free(a.b);
    pthread_mutex_destroy(&a.mu);
    pthread_cond_destroy(&a.cv_done);
    pthread_cond_destroy(&a.cv_room);
    return rc;
}
