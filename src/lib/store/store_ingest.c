/* SPDX-License-Identifier: MIT */
/*
 * The write path of hourly data (include/aq/store.h, P1, issue 3): the
 * station-hours of one source are buffered per station-day, then merged
 * with the stored hours in one transaction, all or nothing, idempotent by
 * the source's content hash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/store/store_internal.h"
#include "util/alloc.h"

struct station_code {
    char *code;
    int id;
    int seen; /* the source has a value for it */
};

struct day_record {
    int station_id;
    int32_t day;
    int64_t v[AQ_POLLUTANT_COUNT][24];
    uint32_t hours_given; /* bit h-1: the file gave a value for label h */
};

#define RECENT 8192

/* A hash slot: the key beside the record's index + 1 (0 = free), so that
 * a probe does not touch the 1.2 KB records (each a cache miss) */
struct rec_slot {
    int32_t station, day;
    size_t index;
};

struct aq_ingest {
    aq_store *store;
    char *source, *hash, *format, *problems;
    int duplicate;
    unsigned long rows, rejected_rows, rejected_values;
    unsigned long observations, unknown_obs, conflicts;
    char first_conflict[160];
    /* stations not in the jurisdiction: listed in the report; with
     * add_unknown they are added as units of their own at commit and
     * their records carry the provisional id -(index + 1) until then */
    struct unknown_station {
        char *code;
        unsigned long count;
    } *unknown;
    size_t nunknown, unknown_cap;
    int add_unknown;
    /* station code -> id: open addressing, power-of-two table */
    struct station_code *codes;
    size_t code_cap;
    /* station-day records, and (station, day) -> index + 1 */
    struct day_record **blocks; /* REC_BLOCK records each: rec_at() */
    size_t nblocks, block_cap, nrecs;
    struct rec_slot *slots;
    size_t slot_cap;
    /* the last record of a station, by station id mod RECENT (more than
     * the stations of a national network): files give a station's hours
     * of a day close together, or one hour of every station after
     * another, and either way this skips the hash */
    size_t recent[RECENT];
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static uint64_t hash_key(int station, int32_t day)
{
    uint64_t h = ((uint64_t)(uint32_t)station << 32) | (uint32_t)day;

    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

static int code_lookup(aq_ingest *ing, const char *code)
{
    size_t mask = ing->code_cap - 1, i = hash_str(code) & mask;

    while (ing->codes[i].code) {
        if (!strcmp(ing->codes[i].code, code)) {
            ing->codes[i].seen = 1;
            return ing->codes[i].id;
        }
        i = (i + 1) & mask;
    }
    return -1;
}

static aq_status row_code(sqlite3_stmt *row, void *payload)
{
    aq_ingest *ing = payload;
    const char *code = aq_store__col_text(row, 0);
    size_t mask = ing->code_cap - 1, i = hash_str(code) & mask;

    while (ing->codes[i].code)
        i = (i + 1) & mask;
    ing->codes[i].id = sqlite3_column_int(row, 1);
    ing->codes[i].code = aqx_strdup(code);
    return ing->codes[i].code ? AQ_OK : AQ_ENOMEM;
}

static aq_status load_codes(aq_ingest *ing, aq_error *err)
{
    int64_t n = 0;
    size_t cap = 16;
    aq_status rc;

    if ((rc = aq_store__query(ing->store,
                              "SELECT count(*) FROM station WHERE active",
                              "counting stations", aq_store__row_int64, &n,
                              err, "")) < 0)
        return rc;
    while (cap < 2 * (size_t)n + 2)
        cap *= 2;
    ing->codes = aqx_calloc(cap, sizeof *ing->codes);
    if (!ing->codes)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    ing->code_cap = cap;
    rc = aq_store__query(ing->store,
                         "SELECT code, id FROM station WHERE active",
                         "listing stations", row_code, ing, err, "");
    if (rc == AQ_ENOMEM)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    return rc;
}

static void ingest_free(aq_ingest *ing)
{
    size_t i;

    if (!ing)
        return;
    for (i = 0; i < ing->nunknown; i++)
        aqx_free(ing->unknown[i].code);
    aqx_free(ing->unknown);
    for (i = 0; i < ing->code_cap; i++)
        aqx_free(ing->codes[i].code);
    aqx_free(ing->codes);
    while (ing->nblocks)
        aqx_free(ing->blocks[--ing->nblocks]);
    aqx_free(ing->blocks);
    aqx_free(ing->slots);
    aqx_free(ing->source);
    aqx_free(ing->hash);
    aqx_free(ing->format);
    aqx_free(ing->problems);
    aqx_free(ing);
}

/* The id of an earlier ingest of the same content, or -1. */
static aq_status find_duplicate(aq_store *s, const char *hash, int64_t *id,
                                aq_error *err)
{
    *id = -1;
    return aq_store__query(s, "SELECT id FROM ingest WHERE content_hash = ?1",
                           "checking the ingest log", aq_store__row_int64, id,
                           err, "t", hash);
}

aq_status aq_ingest_begin(aq_store *s, aq_ingest **out,
                          const char *source_name, const char *content_hash,
                          const char *format, aq_error *err)
{
    aq_ingest *ing;
    int64_t earlier;
    aq_status rc;

    *out = NULL;
    if (s->readonly)
        return aq_error_set(err, AQ_EINVALID, "the store is read-only");
    ing = aqx_calloc(1, sizeof *ing);
    if (!ing)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    ing->store = s;
    ing->source = aqx_strdup(source_name ? source_name : "");
    ing->hash = aqx_strdup(content_hash ? content_hash : "");
    ing->format = aqx_strdup(format ? format : "");
    ing->problems = aqx_strdup("");
    if (!ing->source || !ing->hash || !ing->format || !ing->problems) {
        ingest_free(ing);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    if ((rc = find_duplicate(s, ing->hash, &earlier, err)) < 0 ||
        (rc = load_codes(ing, err)) < 0) {
        ingest_free(ing);
        return rc;
    }
    ing->duplicate = earlier >= 0;
    *out = ing;
    return AQ_OK;
}

void aq_ingest_add_unknown_stations(aq_ingest *ing, int on)
{
    ing->add_unknown = on;
}

int aq_ingest_is_duplicate(const aq_ingest *ing)
{
    return ing ? ing->duplicate : 0;
}

static aq_status grow_slots(aq_ingest *ing)
{
    size_t cap = ing->slot_cap ? ing->slot_cap * 2 : 1024, i;
    struct rec_slot *slots = aqx_calloc(cap, sizeof *slots);

    if (!slots)
        return AQ_ENOMEM;
    for (i = 0; i < ing->slot_cap; i++) {
        size_t j;
        if (!ing->slots[i].index)
            continue;
        j = hash_key(ing->slots[i].station, ing->slots[i].day) & (cap - 1);
        while (slots[j].index)
            j = (j + 1) & (cap - 1);
        slots[j] = ing->slots[i];
    }
    aqx_free(ing->slots);
    ing->slots = slots;
    ing->slot_cap = cap;
    return AQ_OK;
}

/* The records are held in blocks of one 2 MiB page each, never moved:
 * a bulk load holds 1.2 KB per station-day (0.5 GB for 10M rows), and one
 * array grown by aqx_realloc() faulted a page per 3.5 station-days (some
 * microseconds each on a virtual machine), or, in huge pages, where
 * mremap() does not apply, a copy of everything at each doubling. */
#define REC_BLOCK (AQX_HUGE_PAGE / sizeof(struct day_record))

static struct day_record *rec_at(const aq_ingest *ing, size_t i)
{
    return &ing->blocks[i / REC_BLOCK][i % REC_BLOCK];
}

static int add_block(aq_ingest *ing)
{
    struct day_record *b;

    if (ing->nblocks == ing->block_cap) {
        size_t cap = ing->block_cap ? 2 * ing->block_cap : 16;
        struct day_record **nb = aqx_realloc(ing->blocks, cap * sizeof *nb);
        if (!nb)
            return -1;
        ing->blocks = nb;
        ing->block_cap = cap;
    }
    if (!(b = aqx_huge_alloc(AQX_HUGE_PAGE)))
        return -1;
    ing->blocks[ing->nblocks++] = b;
    return 0;
}

static struct day_record *find_record(aq_ingest *ing, int station,
                                      int32_t day)
{
    size_t j, mask, *recent = &ing->recent[(unsigned)station % RECENT];
    struct day_record *r;
    int p, h;

    if (*recent && (r = rec_at(ing, *recent - 1))->station_id == station &&
        r->day == day)
        return r;

    if (2 * (ing->nrecs + 1) > ing->slot_cap && grow_slots(ing) < 0)
        return NULL;
    mask = ing->slot_cap - 1;
    j = hash_key(station, day) & mask;
    while (ing->slots[j].index) {
        if (ing->slots[j].station == station && ing->slots[j].day == day) {
            *recent = ing->slots[j].index;
            return rec_at(ing, ing->slots[j].index - 1);
        }
        j = (j + 1) & mask;
    }
    if (ing->nrecs == ing->nblocks * REC_BLOCK && add_block(ing) < 0)
        return NULL;
    r = rec_at(ing, ing->nrecs++);
    r->station_id = station;
    r->day = day;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        for (h = 0; h < 24; h++)
            r->v[p][h] = AQ_MISSING;
    r->hours_given = 0;
    ing->slots[j].station = station;
    ing->slots[j].day = day;
    ing->slots[j].index = ing->nrecs;
    *recent = ing->nrecs;
    return r;
}

aq_status aq_ingest_add(aq_ingest *ing, const char *station, int32_t day,
                        int hour, const int64_t value[AQ_POLLUTANT_COUNT],
                        aq_error *err)
{
    struct day_record *r;
    int id, p;

    if (hour < 1 || hour > 24)
        return aq_error_set(err, AQ_EINVALID, "hour label %d not in 1..24",
                            hour);
    ing->observations++;
    if (ing->duplicate)
        return AQ_OK;
    id = code_lookup(ing, station);
    if (id < 0) {
        size_t k;
        for (k = 0; k < ing->nunknown; k++)
            if (!strcmp(ing->unknown[k].code, station))
                break;
        if (k == ing->nunknown) {
            if (ing->nunknown == ing->unknown_cap) {
                size_t cap = ing->unknown_cap ? ing->unknown_cap * 2 : 8;
                struct unknown_station *nu =
                    aqx_realloc(ing->unknown, cap * sizeof *nu);
                if (!nu)
                    return aq_error_set(err, AQ_ENOMEM, "out of memory");
                ing->unknown = nu;
                ing->unknown_cap = cap;
            }
            ing->unknown[k].code = aqx_strdup(station);
            ing->unknown[k].count = 0;
            if (!ing->unknown[k].code)
                return aq_error_set(err, AQ_ENOMEM, "out of memory");
            ing->nunknown++;
        }
        ing->unknown[k].count++;
        if (!ing->add_unknown) {
            ing->unknown_obs++; /* counted and listed, never stored */
            return AQ_OK;
        }
        id = -(int)k - 1;
    }
    r = find_record(ing, id, day);
    if (!r)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        int64_t *cell = &r->v[p][hour - 1];
        if (value[p] == AQ_MISSING)
            continue;
        if (*cell != AQ_MISSING && *cell != value[p]) {
            /* the same hour twice in one file with different values: the
             * first is kept, the other counted and reported (issue 3) */
            if (!ing->conflicts++)
                snprintf(ing->first_conflict, sizeof ing->first_conflict,
                         "station %s, day %d, hour %d, %s given twice with "
                         "different values",
                         station, (int)day, hour,
                         aq_pollutant_code((aq_pollutant)p));
            continue;
        }
        *cell = value[p];
        r->hours_given |= 1u << (hour - 1);
    }
    return AQ_OK;
}

void aq_ingest_note(aq_ingest *ing, unsigned long rows,
                    unsigned long rejected_rows, unsigned long rejected_values,
                    const char *problems)
{
    char *p;

    ing->rows = rows;
    ing->rejected_rows = rejected_rows;
    ing->rejected_values = rejected_values;
    if (problems && (p = aqx_strdup(problems)) != NULL) {
        aqx_free(ing->problems);
        ing->problems = p;
    }
}
/* A record's place in the order of the commit (day, then station). The
 * keys are sorted, not the 1.2 KB records: glibc's qsort copied those
 * through a buffer as large as all of them, 0.5 GB and 120,000 page
 * faults for 10M rows, half of a bulk load's peak memory. */
struct rec_key {
    int32_t day, station;
    uint32_t index;
};

static int compare_keys(const void *a, const void *b)
{
    const struct rec_key *x = a, *y = b;

    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return (x->station > y->station) - (x->station < y->station);
}


/* The statements of a commit and what it has done so far. */
struct writer {
    aq_store *s;
    aq_store__stmt get, put, chg, src, mv;
    int64_t ingest_id;
    int last_month; /* the last month_version written */
    aq_ingest_report *r;
};

static aq_status prepare_writer(struct writer *w, aq_error *err)
{
    aq_status rc;

    if ((rc = aq_store__prepare(w->s, &w->get,
                                "SELECT hours FROM station_day WHERE day = ?1"
                                " AND station_id = ?2",
                                "reading stored hours", err)) < 0 ||
        (rc = aq_store__prepare(w->s, &w->put,
                                "INSERT OR REPLACE INTO station_day(day, "
                                "station_id, hours, ingest_id) "
                                "VALUES (?1, ?2, ?3, ?4)",
                                "writing hours", err)) < 0 ||
        (rc = aq_store__prepare(w->s, &w->chg,
                                "INSERT INTO value_change(ingest_id, "
                                "station_id, day, hour, pollutant, old_value,"
                                " new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                                " ?7)",
                                "writing the change audit", err)) < 0 ||
        (rc = aq_store__prepare(w->s, &w->src,
                                "INSERT OR REPLACE INTO station_day_source("
                                "day, station_id, ingest_id, hours) "
                                "VALUES (?1, ?2, ?3, ?4)",
                                "recording the source file", err)) < 0)
        return rc;
    return aq_store__prepare(w->s, &w->mv,
                             "INSERT OR REPLACE INTO month_version(month, "
                             "version) VALUES (?1, ?2)",
                             "recording the month version", err);
}

static void finalize_writer(struct writer *w)
{
    aq_store__finalize(&w->get);
    aq_store__finalize(&w->put);
    aq_store__finalize(&w->chg);
    aq_store__finalize(&w->src);
    aq_store__finalize(&w->mv);
}

/* --add-stations: each unknown station becomes a unit of its own, and the
 * records' provisional ids -(index + 1) become the new stations' ids. */
static aq_status add_unknown_stations(aq_ingest *ing, aq_error *err)
{
    aq_store *s = ing->store;
    aq_status rc = AQ_OK;
    size_t k, i;
    int *ids = aqx_calloc(ing->nunknown, sizeof *ids);

    if (!ids)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (k = 0; k < ing->nunknown && rc == AQ_OK; k++) {
        const char *code = ing->unknown[k].code;
        if ((rc = aq_store__query(s,
                                  "INSERT INTO unit(name) VALUES (?1) ON "
                                  "CONFLICT(name) DO UPDATE SET active = 1",
                                  "adding a unit", NULL, NULL, err, "t",
                                  code)) == AQ_OK &&
            (rc = aq_store__query(s,
                                  "INSERT INTO station(code, unit_id, name) "
                                  "SELECT ?1, id, ?1 FROM unit WHERE "
                                  "name = ?1",
                                  "adding a station", NULL, NULL, err, "t",
                                  code)) == AQ_OK)
            ids[k] = (int)sqlite3_last_insert_rowid(s->db);
    }
    if (rc == AQ_OK) {
        for (i = 0; i < ing->nrecs; i++) {
            struct day_record *d = rec_at(ing, i);
            if (d->station_id < 0)
                d->station_id = ids[-d->station_id - 1];
        }
        rc = aq_store__bump_jurisdiction(s, err);
    }
    aqx_free(ids);
    return rc;
}

struct stored {
    int64_t v[AQ_POLLUTANT_COUNT][24];
    int found;
    aq_error *err;
};

static aq_status row_stored(sqlite3_stmt *row, void *payload)
{
    struct stored *o = payload;

    o->found = 1;
    return aq_store__col_hours(row, 0, o->v, o->err);
}

/* Merge one buffered record with the stored hours and write it: a value
 * in the new file replaces the stored one (the change audited); a value
 * missing from the new file never erases a stored one. fresh: nothing is
 * stored for its day. */
static aq_status write_record(struct writer *w, struct day_record *d,
                              int fresh, aq_error *err)
{
    aq_ingest_report *r = w->r;
    unsigned char blob[AQ_STORE__HOURS_MAX];
    struct stored old;
    size_t len;
    int p, h, changed = 0, month;
    aq_status rc;

    old.found = 0;
    old.err = err;
    if (!fresh && (rc = aq_store__run(&w->get, row_stored, &old, err, "ii",
                                      (int)d->day, d->station_id)) < 0)
        return rc;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        for (h = 0; h < 24; h++) {
            int64_t nv = d->v[p][h];
            int64_t ov = old.found ? old.v[p][h] : AQ_MISSING;
            if (nv == AQ_MISSING) {
                d->v[p][h] = ov;
            } else if (ov == AQ_MISSING) {
                r->values_new++;
                changed = 1;
            } else if (ov == nv) {
                r->values_same++;
            } else {
                r->values_replaced++;
                changed = 1;
                if ((rc = aq_store__run(
                         &w->chg, NULL, NULL, err, "LiiitLL", w->ingest_id,
                         d->station_id, (int)d->day, h + 1,
                         aq_pollutant_code((aq_pollutant)p), ov, nv)) < 0)
                    return rc;
            }
        }
    if (d->hours_given &&
        (rc = aq_store__run(&w->src, NULL, NULL, err, "iiLi", (int)d->day,
                            d->station_id, w->ingest_id,
                            (int)d->hours_given)) < 0)
        return rc;
    if (old.found && !changed)
        return AQ_OK;
    len = aq_store__encode_hours(blob, (const int64_t(*)[24])d->v);
    if ((rc = aq_store__run(&w->put, NULL, NULL, err, "iibL", (int)d->day,
                            d->station_id, blob, len, w->ingest_id)) < 0)
        return rc;
    r->station_days++;
    /* records are in day order: one row per month touched */
    month = aq_store__month_of(d->day);
    if (month != w->last_month) {
        if ((rc = aq_store__run(&w->mv, NULL, NULL, err, "iL", month,
                                w->ingest_id)) < 0)
            return rc;
        w->last_month = month;
    }
    if (d->day < r->first_day)
        r->first_day = d->day;
    if (d->day > r->last_day)
        r->last_day = d->day;
    return AQ_OK;
}

/* The buffered records in (day, station) order, in *order. */
static aq_status sort_records(aq_ingest *ing, struct rec_key **order,
                              aq_error *err)
{
    size_t i;

    *order = NULL;
    if (!ing->nrecs)
        return AQ_OK;
    if (!(*order = aqx_malloc(ing->nrecs * sizeof **order)))
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (i = 0; i < ing->nrecs; i++) {
        const struct day_record *d = rec_at(ing, i);
        (*order)[i].day = d->day;
        (*order)[i].station = d->station_id;
        (*order)[i].index = (uint32_t)i;
    }
    qsort(*order, ing->nrecs, sizeof **order, compare_keys);
    return AQ_OK;
}

static aq_status write_log(struct writer *w, const aq_ingest *ing,
                           aq_error *err)
{
    const aq_ingest_report *r = w->r;

    return aq_store__query(
        w->s,
        "UPDATE ingest SET rows = ?2, observations = ?3, values_new = ?4, "
        "values_same = ?5, values_replaced = ?6, unknown_station_obs = ?7, "
        "rejected_rows = ?8, rejected_values = ?9, problems = ?10, "
        "conflicts = ?11 WHERE id = ?1",
        "writing the ingest log", NULL, NULL, err, "LLLLLLLLLtL",
        w->ingest_id, (int64_t)ing->rows, (int64_t)r->observations,
        (int64_t)r->values_new, (int64_t)r->values_same,
        (int64_t)r->values_replaced, (int64_t)r->unknown_station_obs,
        (int64_t)ing->rejected_rows, (int64_t)ing->rejected_values,
        ing->problems, (int64_t)ing->conflicts);
}

/* Everything of the commit inside its transaction. */
static aq_status write_all(struct writer *w, aq_ingest *ing, aq_error *err)
{
    aq_store *s = ing->store;
    struct rec_key *order = NULL;
    aq_status rc;
    size_t i;
    int fresh = 0;

    if ((rc = aq_store__query(s,
                              "INSERT INTO ingest(source, content_hash, "
                              "format) VALUES (?1, ?2, ?3)",
                              "writing the ingest log", NULL, NULL, err,
                              "ttt", ing->source, ing->hash,
                              ing->format)) < 0)
        return rc;
    w->ingest_id = (int64_t)sqlite3_last_insert_rowid(s->db);
    w->r->ingest_id = (long)w->ingest_id;
    if ((rc = prepare_writer(w, err)) < 0)
        return rc;
    if (ing->add_unknown && ing->nunknown) {
        if ((rc = add_unknown_stations(ing, err)) < 0)
            return rc;
        w->r->added_stations = (unsigned long)ing->nunknown;
    }
    if ((rc = sort_records(ing, &order, err)) < 0)
        return rc;
    if (ing->nrecs) {
        /* new days (a bulk load, the next day): nothing stored to merge
         * with, so no lookup per record (we hold the write lock) */
        int any = 0;
        rc = aq_store__query(s,
                             "SELECT 1 FROM station_day WHERE day BETWEEN "
                             "?1 AND ?2 LIMIT 1",
                             "reading stored hours", aq_store__row_exists,
                             &any, err, "ii", (int)order[0].day,
                             (int)order[ing->nrecs - 1].day);
        fresh = !any;
    }
    for (i = 0; i < ing->nrecs && rc == AQ_OK; i++)
        rc = write_record(w, rec_at(ing, order[i].index), fresh, err);
    aqx_free(order);
    if (rc < 0)
        return rc;
    return write_log(w, ing, err);
}

aq_status aq_ingest_commit(aq_ingest *ing, aq_ingest_report *rep,
                           aq_error *err)
{
    aq_store *s = ing->store;
    struct writer w;
    aq_ingest_report r;
    aq_status rc;
    int64_t earlier;
    size_t i, k, n;

    memset(&r, 0, sizeof r);
    memset(&w, 0, sizeof w);
    w.s = s;
    w.r = &r;
    w.last_month = -1;
    r.first_day = INT32_MAX;
    r.last_day = INT32_MIN;
    r.observations = ing->observations;
    r.unknown_station_obs = ing->unknown_obs;
    /* statement journals in memory: every INSERT OR REPLACE (with the
     * foreign keys checked) journals the pages it changes, and in a temp
     * file that is a write(2) of 4 bytes and one of 4 KiB a page, 480,000
     * for 2 million rows; the journal is dropped after each statement.
     * And 64 MiB of page cache (default 2 MiB): the B-tree's upper pages
     * stay, and dirty pages are spilled to the WAL less often. */
    if ((rc = aq_store__exec(s, "PRAGMA temp_store=MEMORY;"
                                "PRAGMA cache_size=-65536",
                             err)) < 0 ||
        (rc = aq_store__exec(s, "BEGIN IMMEDIATE", err)) < 0)
        goto finish;
    /* idempotence: decided again inside the write transaction */
    if ((rc = find_duplicate(s, ing->hash, &earlier, err)) == AQ_OK &&
        earlier >= 0) {
        r.already_ingested = 1;
        r.ingest_id = (long)earlier;
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        goto finish;
    }
    if (rc == AQ_OK)
        rc = write_all(&w, ing, err);
    rc = aq_store__end(s, rc, err);
finish:
    finalize_writer(&w);
    sqlite3_exec(s->db, "PRAGMA temp_store=DEFAULT;PRAGMA cache_size=-2000",
                 NULL, NULL, NULL);
    r.conflicts = ing->conflicts;
    for (i = 0; i < ing->code_cap; i++)
        r.stations_seen += ing->codes[i].code && ing->codes[i].seen;
    r.stations_seen += ing->add_unknown ? ing->nunknown : 0;
    r.unknown_stations[0] = '\0';
    for (k = 0, n = 0; k < ing->nunknown && n < sizeof r.unknown_stations;
         k++)
        n += (size_t)snprintf(r.unknown_stations + n,
                              sizeof r.unknown_stations - n, "%s%s (%lu)",
                              k ? ", " : "", ing->unknown[k].code,
                              ing->unknown[k].count);
    snprintf(r.first_conflict, sizeof r.first_conflict, "%s",
             ing->first_conflict);
    if (r.first_day == INT32_MAX)
        r.first_day = r.last_day = 0;
    if (rep)
        *rep = r;
    ingest_free(ing);
    return rc;
}

void aq_ingest_abort(aq_ingest *ing)
{
    ingest_free(ing);
}
