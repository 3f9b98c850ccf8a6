/* SPDX-License-Identifier: MIT */
/*
 * Internal to the streaming ranking (aq/stream.h), src/lib/engine/stream*.c:
 *   stream.c         the run: options, memory, kits, passes, results
 *   stream_parse.c   files, headers and rows into slabs (the hot loop; the
 *                    reader layer for the rest: reader_internal.h)
 *   stream_reduce.c  slabs and the window of open days; days to unit-days,
 *                    periods to composite indices and ranks (the library's
 *                    rules, called)
 *   stream_parts.c   one plain file in parts on several cores, split while
 *                    read, put together as one reader would have read it
 * docs/internals/STREAM.md describes the path and its measurements.
 */
#ifndef AQ_STREAM_INTERNAL_H
#define AQ_STREAM_INTERNAL_H

#include <pthread.h>
#include <sys/types.h>

#include "aq/common.h"
#include "aq/rules.h"
#include "aq/stats.h"
#include "aq/stream.h"
#include "lib/input/reader_internal.h"

#define NP AQ_POLLUTANT_COUNT
#define NH AQ_STATS_HOURS
#define BLOCK (1u << 20) /* bytes per read(2): small enough for the L2 cache   \
                          */
#define PAD                                                                    \
    256               /* readable bytes after a block's last line, for         \
                         the 8-byte loads of the hot loop */
#define MAX_READERS 8 /* threads reading parts of one file */

#define FAST_COLS                                                              \
    32 /* the hot loop takes rows whose last column read is                    \
          one of the first 32 */
enum { COL_SKIP = -1, COL_STATION = -2, COL_TIME = -3 }; /* else a pollutant */

/* The columns of a long CSV (the reader layer's) and the hot loop's program
 * for its rows: what each column up to the last one read is. */
typedef struct aq_stream__cols {
    aq_long_cols lc;
    int fast;      /* the hot loop takes the layout (lc.need <= FAST_COLS) */
    int direct;    /* the six values are the last columns read, after the
                      station and the time: they can go straight into the
                      slab */
    size_t keys;   /* the columns before the six values (direct), else all */
    int in_order;  /* direct, the values as so2 no2 pm10 pm25 co o3 */
    int canonical; /* station,time,so2,no2,pm10,pm25,co,o3 (and perhaps
                      more columns after them) */
    signed char kind[FAST_COLS]; /* COL_* or a pollutant, [0, lc.need) */
} aq_stream__cols;

/* The first problem of a run, a part or a file, as the reader layer said
 * it (`line` counts from the start of the part or file). */
typedef struct aq_stream__problem {
    char src[256]; /* a copy: the reader's name of a file goes with it */
    unsigned long line, col;
    char msg[200];
} aq_stream__problem;

typedef int64_t hours_t[NP][NH];

/* One day of every station. seen[i]: bit 0 a row of station i, bit 1 a
 * value. While seen[i] != 0, bit h of hours[i] says that h[i][*][h] was
 * written (by the first row of that station-hour: all six values, missing
 * or not); the other hours are garbage until aq_stream__slab_settle() marks
 * them missing, which saves filling 1,152 bytes for every station-day. */
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
 * file pass these on from one to the next, so that a run allocates (and
 * faults in) one per reader, not one per part. */
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
    int *unit_of;           /* [station]: unit, or -1 when excluded */
    size_t *ustart, *ulist; /* included stations of unit u */
    size_t maxunit;
    const char **code;
    size_t *codelen;
    /* [station]: a code of up to 7 bytes and its ',' as the bytes at a
     * field's start: (aq_reader__load8(field) & codemask) == codeword;
     * quoteword, quotemask: the same quoted, "code", (up to 5 bytes; in
     * the second half of the same arrays); masks 0 for longer codes */
    uint64_t *codeword, *codemask, *quoteword, *quotemask;
    uint32_t *htab; /* station index + 1, open addressing */
    size_t hmask;
    reader_kit kit; /* readied by aq_stream__kit_take() */

    /* reading side */
    int keep_all, late;
    slab **open;
    size_t nopen, capopen;
    int handed; /* a day was handed over */
    int32_t last_handed;
    slab *cur;
    int32_t cur_day;
    /* the time text of cur_tday/cur_label with the byte after it (its
     * separator), as 4 words and masks of its bytes: 0 words when none */
    uint64_t cur_time[4], cur_tmask[4];
    size_t cur_tlen; /* the text's bytes, without the separator */
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
    day_span data;    /* the days reduced that have a value of a station of
                         the list (a split run: of every part, once merged) */
    int later;        /* a row of a station of the list dated after the
                         asked period (o.all = 0): a year is then not a
                         year to date */
    aq_error red_err;

    aq_stream_result *res;
    size_t nres, capres;
    aq_stream_stats stats;
    /* the first problem, formatted into stats.first_problem at the end */
    aq_stream__problem prob;
    /* kits that parts are done with, for the next ones (a part takes one
     * when it starts: all parts exist from the start) */
    reader_kit spare_kit[MAX_READERS];
    int nspare_kit;

    /* a part of a split file (parent != NULL): the tables above from
     * unit_of to htab are the parent's; see stream_parts.c */
    aq_stream *parent;
    int part;           /* 0, 1, ...: its place in the file */
    int aligned;        /* the part starts with the first row of a
                           day (plan_split found the boundary) */
    int32_t first_day;  /* of its first row with a value */
    int32_t hold_until; /* part > 0: days <= this are not reduced */
    int hold_set;
    slab *held, *held_tail;    /* those days, in the order they closed */
    day_span touched, reduced; /* days with rows; days reduced here */
    day_span closed;           /* days of the periods closed here */
    unsigned long lines;       /* lines of the part (with the header) */
    aq_status part_rc;
};

/* ---- stream_parse.c: input files ---- */

/* One input file. */
typedef struct aq_stream__src {
    int fd;
    void *gz; /* gzFile when the input is gzip, else NULL */
    int is_stdin;
    const char *name;
    int ranged;    /* read only bytes [pos, end) with pread(2) */
    off_t pos, end;
    /* a part of a split file whose end another reader may move back
     * (stream_parts.c): each read takes the end from *hi and records in
     * *claimed how far this source has read, both under *mu */
    pthread_mutex_t *mu;
    off_t *hi, *claimed;
} aq_stream__src;

aq_status aq_stream__open(aq_stream__src *src, const char *path,
                          aq_error *err);
/* Bytes [lo, hi) of a plain file (not gzip: the caller has looked). */
aq_status aq_stream__open_range(aq_stream__src *src, const char *path,
                                off_t lo, off_t hi, aq_error *err);
/* Up to n bytes; 0 at the end; -1 on error. */
ssize_t aq_stream__read(aq_stream__src *src, char *buf, size_t n);
void aq_stream__close(aq_stream__src *src);

/*
 * The header line [line, line + len) of `source` (without its '\n'; split
 * in place): its format as the readers recognize it (aq_reader__detect()),
 * and for a long CSV its columns. @return AQ_OK; AQ_EPARSE (none of the
 * formats, a bad long header, bad quotes: err names the file and line);
 * AQ_ENOMEM.
 */
aq_status aq_stream__header(char *line, size_t len, const char *source,
                            aq_format *format, aq_stream__cols *c,
                            aq_error *err);

/* ---- stream.c: the run ---- */

/* n bytes (zeroed when `zero`) for a large array written all over (a slab,
 * a period's unit-days), its pages populated; from 1 MiB on in huge pages. */
void *aq_stream__huge_new(size_t n, int zero);
/* A spare kit of `from` for s when s has none, then what is missing of it;
 * -1 when out of memory. */
int aq_stream__kit_take(aq_stream *s, aq_stream *from);
/* s's kit to the spares of `to` (s's parent, or s itself), or freed. */
void aq_stream__kit_give(aq_stream *s, aq_stream *to);
/* Forget everything computed (before a restart or at the end). */
void aq_stream__reset(aq_stream *s);

/* FNV-1a of a station code (the table of codes: aq_stream_new()). */
static inline uint32_t aq_stream__hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;

    while (n--) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h;
}

static inline void aq_stream__span_add(day_span *sp, int32_t lo, int32_t hi)
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

/* The reducing thread's status, read while it runs. */
static inline aq_status aq_stream__red_status(aq_stream *s)
{
    return __atomic_load_n(&s->red_rc, __ATOMIC_ACQUIRE);
}

/* ---- stream_reduce.c: slabs, the window, the reduction ---- */

/* Room for element n in the array *arr of *cap elements of elem bytes
 * (doubled; `first` the first capacity); -1 when out of memory. */
int aq_stream__grow(void **arr, size_t n, size_t *cap, size_t elem,
                    size_t first);
void aq_stream__slab_free(slab *sl);
void aq_stream__free_slabs(slab *sl); /* a list */
void aq_stream__period_free(period_acc *pa);
void aq_stream__free_periods(aq_stream *s);
aq_status aq_stream__add_result(aq_stream *s, const aq_stream_result *r);
/* The open period p of s, or NULL. */
period_acc *aq_stream__period_find(aq_stream *s, aq_period p);
/* Take over another run's accumulator (its arrays move to s). */
aq_status aq_stream__period_adopt(aq_stream *s, period_acc *from);
/* Close the periods that end before `day` (all: INT32_MAX). */
aq_status aq_stream__close_before(aq_stream *s, int32_t day);
/* The hours of a closed slab that no row wrote are missing (N3.1);
 * returns 1 when a station of the slab has a value. */
int aq_stream__slab_settle(const aq_stream *s, slab *sl);
/* One closed day to unit-days (N5.1, N5.3), in day order. */
aq_status aq_stream__reduce_day(aq_stream *s, slab *sl);
/* At the end of a run: the results of the periods reported, every unit
 * of the evaluation in each (aq/stream.h); with `all`, every month from
 * the first to the last with data. */
aq_status aq_stream__report_periods(aq_stream *s);
/* The reducing thread (arg: the run). */
void *aq_stream__reducer_main(void *arg);
/* Hand the oldest open day over to be reduced. */
aq_status aq_stream__hand_oldest(aq_stream *s);
/* One row's values (micro-units or AQ_MISSING) into the slab of its day;
 * -1 late (s->late), -2 out of memory, else 0. */
int aq_stream__commit(aq_stream *s, size_t idx, int32_t day, int label,
                      const int64_t *v);

/* ---- stream_parse.c: files and rows ---- */

/* The index of a station code in the run's list, or -1. */
long aq_stream__station(const aq_stream *s, const char *code, size_t n);
/* A row of a station not in the list: counted, the first one's code kept. */
void aq_stream__unknown(aq_stream_stats *st, const char *code, size_t n);
/* The counts of a part or a file into s (station_days and spans apart),
 * and its first problem when s has none yet (its line + line_base). */
void aq_stream__add_counts(aq_stream *s, const aq_stream_stats *from,
                           const aq_stream__problem *prob,
                           unsigned long line_base);
/* The reader layer's problem callback (aq_read_options.problem_cb) that
 * keeps the first problem in the aq_stream__problem `payload`. */
void aq_stream__first_problem(const char *source, unsigned long line,
                              unsigned long column, const char *message,
                              void *payload);

/* Read an open source to its end (given: the file's columns when the
 * source starts after its header, else NULL); a file in another format
 * than the long CSV is not read: *other says which. AQ_ERROR when a row
 * was late (s->late), else a status. */
aq_status aq_stream__read_src(aq_stream *s, aq_stream__src *src,
                              const aq_stream__cols *given, aq_format *other,
                              aq_error *err);
/* Read one long CSV file (path "-": standard input) with the hot loop; a
 * file in another format is not read: *format says which. AQ_ERROR when
 * a row was late. */
aq_status aq_stream__read_long(aq_stream *s, const char *path,
                               aq_format *format, aq_error *err);
/* The first problem noted into s->stats.first_problem. */
void aq_stream__format_problem(aq_stream *s);

/* ---- stream_files.c: the files of a run ---- */

/* Read the files in their order: long CSV by the hot loop, other formats
 * by the reader layer (aq_read_file()); with threads and more than one
 * file, reader threads read the files of other formats ahead on the other
 * cores while this thread puts the observations of the files before them
 * into the slabs. AQ_ERROR when a row was late (s->late). */
aq_status aq_stream__read_files(aq_stream *s, const char *const *paths,
                                size_t n, aq_error *err);

/* ---- stream_parts.c: one file on several cores ---- */

/* Read one plain long CSV file in parts on several cores, with the results
 * one reader would give. *used = 0 when it was not (one reader asked, a
 * small file, gzip, standard input, another format; or the parts could
 * not be put together: then stats.split_abandoned = 1 and s is reset). */
aq_status aq_stream__read_parts(aq_stream *s, const char *path, int *used,
                                aq_error *err);

#endif /* AQ_STREAM_INTERNAL_H */
