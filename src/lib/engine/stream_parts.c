/* SPDX-License-Identifier: MIT */
/*
 * One plain long CSV file read in parts, in parallel (stream_internal.h).
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
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aq/decimal.h"
#include "lib/engine/stream_internal.h"
#include "util/alloc.h"

#define MAX_FIELDS 64 /* of a row read to find its day */

#define PARTS_PER_READER                                                       \
    4 /* readers take the next part when done: a                               \
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
    w->quoteword = parent->quoteword;
    w->quotemask = parent->quotemask;
    w->htab = parent->htab;
    w->hmask = parent->hmask;
    w->parent = parent;
    w->part = k;
    w->touched.lo = w->reduced.lo = w->closed.lo = w->data.lo = 1; /* empty */
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
            rc = aq_stream__hand_oldest(w);
        if (rc == AQ_OK)
            rc = aq_stream__close_before(w, next_first);
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
    aq_stream__period_free(&w->spare); /* the parent has one */
    memset(&w->spare, 0, sizeof w->spare);
    return rc;
}

static void part_run(part_queue *q, part_job *j)
{
    aq_stream__src src;
    aq_status rc;
    aq_format f;
    int32_t next_first;
    off_t hi;
    aq_stream *s = j->w->parent;

    /* the kit of a part that is done, else a new one */
    if (aq_stream__kit_take(j->w, s)) {
        aq_stream__kit_give(j->w, s);
        j->w->part_rc = aq_error_set(&j->err, AQ_ENOMEM, "out of memory");
        return;
    }
    /* hi under the parts' lock: another reader may move it back */
    pthread_mutex_lock(&q->mu);
    hi = j->hi;
    pthread_mutex_unlock(&q->mu);
    rc = aq_stream__open_range(&src, j->path, j->lo, hi, &j->err);
    if (rc == AQ_OK) {
        /* another reader may move hi back (split_part) */
        src.mu = &q->mu;
        src.hi = &j->hi;
        src.claimed = &j->claimed;
        rc = aq_stream__read_src(j->w, &src, j->cols, &f, &j->err);
        aq_stream__close(&src);
    }
    pthread_mutex_lock(&q->mu);
    j->reading = 0;
    next_first = j->next_first; /* final: nothing is left to split */
    pthread_mutex_unlock(&q->mu);
    if (rc == AQ_OK && !j->w->late)
        rc = part_finish(j->w, next_first);
    aq_stream__kit_give(j->w, s);
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
static int32_t row_day(int fd, off_t at, off_t size, const aq_stream__cols *c,
                       off_t *next)
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
static int32_t row_from(int fd, off_t *at, off_t size, const aq_stream__cols *c,
                        off_t *next)
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
 * waiting for the other's last part (STREAM.md). The part's end moves back to
 * the cut, and its next_first to the cut's day, under the queue's lock and only
 * while its reader has not read that far (src.claimed). The new part starts at
 * the first row of a day, like a planned cut (aligned); when the file is not in
 * time order the checks of split_run() still see it. -1 when nothing is worth
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
        want = cores < 1 ? 1 : (int)(cores < MAX_READERS ? cores : MAX_READERS);
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
        c = choose_cut(fd, c, cut[n - 1] > body ? cut[n - 1] : body, st.st_size,
                       st.st_size, cols, &a);
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

    aq_stream__slab_settle(s, a);
    aq_stream__slab_settle(s, b);
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

        aq_stream__add_counts(s, ws, &w[k]->prob, line_base);
        s->stats.station_days += ws->station_days;
        s->later |= w[k]->later;
        if (w[k]->data.lo <= w[k]->data.hi)
            aq_stream__span_add(&s->data, w[k]->data.lo, w[k]->data.hi);
        line_base += w[k]->lines;
        for (i = 0; i < w[k]->nres; i++)
            if ((rc = aq_stream__add_result(s, &w[k]->res[i])) != AQ_OK)
                goto done;
        for (i = 0; i < w[k]->npa; i++) {
            period_acc *from = &w[k]->pa[i],
                       *to = aq_stream__period_find(s, from->p);
            if (!to) {
                /* the usual case: only this part has the period */
                if ((rc = aq_stream__period_adopt(s, from)) != AQ_OK)
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
        if ((rc = aq_stream__reduce_day(s, left[i].sl)) != AQ_OK)
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
        aq_stream__kit_give(s, s); /* the parent's, to the first part */
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
        rc = aq_stream__kit_take(s, s) ? AQ_ENOMEM : merge_parts(s, w, nparts);
        if (rc == AQ_OK)
            rc = aq_stream__close_before(s, INT32_MAX);
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

aq_status aq_stream__read_parts(aq_stream *s, const char *path, int *used,
                                aq_error *err)
{
    off_t cut[MAX_PARTS + 1];
    int aligned[MAX_PARTS + 1], readers = 1, nparts;
    int32_t first[MAX_PARTS + 1];
    aq_stream__cols cols;
    aq_status rc;

    *used = 0;
    nparts = plan_split(s, path, cut, aligned, first, &readers, &cols);
    if (nparts < 2)
        return AQ_OK;
    rc = split_run(s, path, nparts, readers, cut, aligned, first, &cols, used,
                   err);
    if (!*used) {
        aq_stream__reset(s);
        memset(&s->stats, 0, sizeof s->stats);
        s->stats.split_abandoned = 1;
    }
    return rc;
}
