/* SPDX-License-Identifier: MIT */
/*
 * The write path of hourly data (include/aq/store.h, P1, issue 3): the
 * station-hours of one source are buffered per station-day, a batch at a
 * time; each full batch is merged into the store (store_batch.c) inside
 * one write transaction that commits with the last, so the source is
 * stored all or nothing, idempotent by its content hash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/store/ingest_internal.h"
#include "util/alloc.h"

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

/* ---- Station codes ---- */

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

const char *aq_ingest__code_of(const aq_ingest *ing, int id)
{
    size_t i;

    for (i = 0; i < ing->code_cap; i++)
        if (ing->codes[i].code && ing->codes[i].id == id)
            return ing->codes[i].code;
    for (i = 0; i < ing->nunknown; i++)
        if (ing->unknown[i].id == id)
            return ing->unknown[i].code;
    return "?";
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

/* The id to store an unknown station's hours under, or 0 when they are
 * only counted; -(index + 1) until the station is added. */
static aq_status unknown_station(aq_ingest *ing, const char *code, int *id,
                                 aq_error *err)
{
    size_t k;

    for (k = 0; k < ing->nunknown; k++)
        if (!strcmp(ing->unknown[k].code, code))
            break;
    if (k == ing->nunknown) {
        if (ing->nunknown == ing->unknown_cap) {
            size_t cap = ing->unknown_cap ? ing->unknown_cap * 2 : 8;
            struct aq_ingest__unknown *nu =
                aqx_realloc(ing->unknown, cap * sizeof *nu);
            if (!nu)
                return aq_error_set(err, AQ_ENOMEM, "out of memory");
            ing->unknown = nu;
            ing->unknown_cap = cap;
        }
        ing->unknown[k].code = aqx_strdup(code);
        ing->unknown[k].count = 0;
        ing->unknown[k].id = 0;
        if (!ing->unknown[k].code)
            return aq_error_set(err, AQ_ENOMEM, "out of memory");
        ing->nunknown++;
    }
    ing->unknown[k].count++;
    if (!ing->add_unknown) {
        ing->unknown_obs++; /* counted and listed, never stored */
        *id = 0;
    } else {
        *id = ing->unknown[k].id ? ing->unknown[k].id : -(int)k - 1;
    }
    return AQ_OK;
}

/* ---- The ingest log ---- */

static void copy_text(char *dst, size_t cap, sqlite3_stmt *row, int i)
{
    snprintf(dst, cap, "%s", aq_store__col_text(row, i));
}

static aq_status row_log(sqlite3_stmt *row, void *payload)
{
    aq_ingest_report *r = payload;

    copy_text(r->at, sizeof r->at, row, 0);
    copy_text(r->source, sizeof r->source, row, 1);
    r->rows = (unsigned long)sqlite3_column_int64(row, 2);
    r->observations = (unsigned long)sqlite3_column_int64(row, 3);
    r->values_new = (unsigned long)sqlite3_column_int64(row, 4);
    r->values_same = (unsigned long)sqlite3_column_int64(row, 5);
    r->values_replaced = (unsigned long)sqlite3_column_int64(row, 6);
    r->unknown_station_obs = (unsigned long)sqlite3_column_int64(row, 7);
    r->rejected_rows = (unsigned long)sqlite3_column_int64(row, 8);
    r->rejected_values = (unsigned long)sqlite3_column_int64(row, 9);
    copy_text(r->problems, sizeof r->problems, row, 10);
    r->conflicts = (unsigned long)sqlite3_column_int64(row, 11);
    r->inspections = (unsigned long)sqlite3_column_int64(row, 12);
    r->inspections_new = (unsigned long)sqlite3_column_int64(row, 13);
    r->inspections_same = (unsigned long)sqlite3_column_int64(row, 14);
    r->inspections_replaced = (unsigned long)sqlite3_column_int64(row, 15);
    return AQ_OK;
}

aq_status aq_ingest__read_log(aq_store *s, int64_t id, aq_ingest_report *r,
                              aq_error *err)
{
    r->ingest_id = (long)id;
    return aq_store__query(
        s,
        "SELECT at, source, rows, observations, values_new, values_same, "
        "values_replaced, unknown_station_obs, rejected_rows, "
        "rejected_values, problems, conflicts, inspections, "
        "inspections_new, inspections_same, inspections_replaced FROM ingest "
        "WHERE id = ?1",
        "reading the ingest log", row_log, r, err, "L", id);
}

/* ---- Begin, free ---- */

static void ingest_free(aq_ingest *ing)
{
    size_t i;

    if (!ing)
        return;
    aq_ingest__rollback(ing);
    aq_ingest__roads_free(ing->roads);
    for (i = 0; i < ing->nunknown; i++)
        aqx_free(ing->unknown[i].code);
    aqx_free(ing->unknown);
    for (i = 0; i < ing->code_cap; i++)
        aqx_free(ing->codes[i].code);
    aqx_free(ing->codes);
    while (ing->nblocks)
        aqx_free(ing->blocks[--ing->nblocks]);
    aqx_free(ing->blocks);
    aqx_free(ing->records.slots);
    aqx_free(ing->source);
    aqx_free(ing->hash);
    aqx_free(ing->format);
    aqx_free(ing->problems);
    aqx_free(ing);
}

aq_status aq_ingest_begin(aq_store *s, aq_ingest **out,
                          const char *source_name, const char *content_hash,
                          const char *format, aq_error *err)
{
    aq_ingest *ing;
    int64_t earlier = -1;
    aq_status rc;

    *out = NULL;
    if (s->readonly)
        return aq_error_set(err, AQ_EINVALID, "the store is read-only");
    ing = aqx_calloc(1, sizeof *ing);
    if (!ing)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    ing->store = s;
    ing->batch = AQ_INGEST__BATCH;
    ing->last_month = -1;
    ing->r.first_day = INT32_MAX;
    ing->r.last_day = INT32_MIN;
    ing->source = aqx_strdup(source_name ? source_name : "");
    ing->hash = aqx_strdup(content_hash ? content_hash : "");
    ing->format = aqx_strdup(format ? format : "");
    ing->problems = aqx_strdup("");
    if (!ing->source || !ing->hash || !ing->format || !ing->problems) {
        ingest_free(ing);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    if ((rc = aq_store__query(s,
                              "SELECT id FROM ingest WHERE content_hash = ?1",
                              "checking the ingest log", aq_store__row_int64,
                              &earlier, err, "t", ing->hash)) < 0 ||
        (rc = load_codes(ing, err)) < 0) {
        ingest_free(ing);
        return rc;
    }
    if (earlier >= 0) {
        ing->duplicate = 1;
        ing->r.already_ingested = 1;
        if ((rc = aq_ingest__read_log(s, earlier, &ing->r, err)) < 0) {
            ingest_free(ing);
            return rc;
        }
    }
    *out = ing;
    return AQ_OK;
}

void aq_ingest_add_unknown_stations(aq_ingest *ing, int on)
{
    ing->add_unknown = on;
}

void aq_ingest_set_batch(aq_ingest *ing, size_t station_days)
{
    ing->batch = station_days ? station_days : AQ_INGEST__BATCH;
}

int aq_ingest_is_duplicate(const aq_ingest *ing)
{
    return ing ? ing->duplicate : 0;
}

/* ---- The batch ---- */

struct aq_ingest__slot *aq_ingest__slot(const struct aq_ingest__table *t,
                                        int32_t a, int32_t b)
{
    size_t mask = t->cap - 1, j;

    for (j = hash_key(a, b) & mask; t->slots[j].value; j = (j + 1) & mask)
        if (t->slots[j].a == a && t->slots[j].b == b)
            break;
    return &t->slots[j];
}

aq_status aq_ingest__reserve(struct aq_ingest__table *t)
{
    struct aq_ingest__table g;
    size_t i;

    if (2 * (t->n + 1) <= t->cap)
        return AQ_OK;
    g.cap = t->cap ? 2 * t->cap : 1024;
    g.n = t->n;
    if (!(g.slots = aqx_calloc(g.cap, sizeof *g.slots)))
        return AQ_ENOMEM;
    for (i = 0; i < t->cap; i++)
        if (t->slots[i].value)
            *aq_ingest__slot(&g, t->slots[i].a, t->slots[i].b) = t->slots[i];
    aqx_free(t->slots);
    *t = g;
    return AQ_OK;
}

void aq_ingest__empty(struct aq_ingest__table *t)
{
    if (t->slots)
        memset(t->slots, 0, t->cap * sizeof *t->slots);
    t->n = 0;
}

/* The records are held in blocks of one 2 MiB page each, never moved:
 * one array grown by aqx_realloc() faulted a page per 3.5 station-days
 * (some microseconds each on a virtual machine), or, in huge pages, where
 * mremap() does not apply, a copy of everything at each doubling. The
 * blocks of one batch are reused by the next. */
static int add_block(aq_ingest *ing)
{
    struct aq_ingest__record *b;

    if (ing->nblocks == ing->block_cap) {
        size_t cap = ing->block_cap ? 2 * ing->block_cap : 16;
        struct aq_ingest__record **nb =
            aqx_realloc(ing->blocks, cap * sizeof *nb);
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

void aq_ingest__clear(aq_ingest *ing)
{
    aq_ingest__empty(&ing->records);
    memset(ing->recent, 0, sizeof ing->recent);
    ing->nrecs = 0;
}

/* The record of (station, day), or NULL. */
static struct aq_ingest__record *find_record(aq_ingest *ing, int station,
                                             int32_t day)
{
    size_t *recent = &ing->recent[(unsigned)station % AQ_INGEST__RECENT];
    struct aq_ingest__record *r;
    struct aq_ingest__slot *slot;

    if (*recent &&
        (r = aq_ingest__rec(ing, *recent - 1))->station_id == station &&
        r->day == day)
        return r;
    if (!ing->records.cap)
        return NULL;
    slot = aq_ingest__slot(&ing->records, station, day);
    if (!slot->value)
        return NULL;
    *recent = slot->value;
    return aq_ingest__rec(ing, slot->value - 1);
}

static aq_status new_record(aq_ingest *ing, int station, int32_t day,
                            struct aq_ingest__record **out, aq_error *err)
{
    struct aq_ingest__record *r;
    struct aq_ingest__slot *slot;
    int p, h;

    if (ing->nrecs >= ing->batch) {
        /* the batch is full: into the store with it (bounded memory) */
        aq_status rc = aq_ingest__write_batch(ing, 0, err);
        if (rc < 0)
            return rc;
        if (ing->duplicate) { /* another process stored this source */
            *out = NULL;
            return AQ_OK;
        }
    }
    if (aq_ingest__reserve(&ing->records) < 0 ||
        (ing->nrecs == ing->nblocks * AQ_INGEST__BLOCK && add_block(ing) < 0))
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    r = aq_ingest__rec(ing, ing->nrecs++);
    r->station_id = station;
    r->day = day;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        for (h = 0; h < 24; h++)
            r->v[p][h] = AQ_MISSING;
    slot = aq_ingest__slot(&ing->records, station, day);
    slot->a = station;
    slot->b = day;
    slot->value = ing->nrecs;
    ing->records.n++;
    ing->recent[(unsigned)station % AQ_INGEST__RECENT] = ing->nrecs;
    *out = r;
    return AQ_OK;
}

void aq_ingest__conflict(aq_ingest *ing, const char *station, int id,
                         int32_t day, int hour, int pollutant)
{
    /* the same hour twice in one source with different values: the first
     * is kept, the other counted and reported (issue 3) */
    if (!ing->conflicts++)
        snprintf(ing->first_conflict, sizeof ing->first_conflict,
                 "station %s, day %d, hour %d, %s given twice with "
                 "different values",
                 station ? station : aq_ingest__code_of(ing, id), (int)day,
                 hour, aq_pollutant_code((aq_pollutant)pollutant));
}

aq_status aq_ingest_add(aq_ingest *ing, const char *station, int32_t day,
                        int hour, const int64_t value[AQ_POLLUTANT_COUNT],
                        aq_error *err)
{
    struct aq_ingest__record *r;
    aq_status rc;
    int id, p;

    if (hour < 1 || hour > 24)
        return aq_error_set(err, AQ_EINVALID, "hour label %d not in 1..24",
                            hour);
    ing->observations++;
    if (ing->duplicate)
        return AQ_OK;
    id = code_lookup(ing, station);
    if (id < 0) {
        if ((rc = unknown_station(ing, station, &id, err)) < 0)
            return rc;
        if (!id)
            return AQ_OK;
    }
    r = find_record(ing, id, day);
    if (!r) {
        if ((rc = new_record(ing, id, day, &r, err)) < 0)
            return rc;
        if (!r)
            return AQ_OK;
    }
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        int64_t *cell = &r->v[p][hour - 1];
        if (value[p] == AQ_MISSING)
            continue;
        if (*cell != AQ_MISSING && *cell != value[p]) {
            aq_ingest__conflict(ing, station, id, day, hour, p);
            continue;
        }
        *cell = value[p];
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

/* ---- Commit ---- */

aq_status aq_ingest_commit(aq_ingest *ing, aq_ingest_report *rep,
                           aq_error *err)
{
    aq_ingest_report *r = &ing->r;
    aq_status rc = AQ_OK;
    size_t i, k, n;

    if (!ing->duplicate)
        rc = aq_ingest__write_batch(ing, 1, err);
    if (ing->duplicate) /* found now or at begin: r holds its log */
        goto done;
    snprintf(r->source, sizeof r->source, "%s", ing->source);
    snprintf(r->problems, sizeof r->problems, "%s", ing->problems);
    r->rows = ing->rows;
    r->rejected_rows = ing->rejected_rows;
    r->rejected_values = ing->rejected_values;
    r->observations = ing->observations;
    r->unknown_station_obs = ing->unknown_obs;
    r->conflicts = ing->conflicts;
    r->added_stations = (unsigned long)ing->nadded;
    for (i = 0; i < ing->code_cap; i++)
        r->stations_seen += ing->codes[i].code && ing->codes[i].seen;
    r->stations_seen += ing->add_unknown ? ing->nunknown : 0;
    r->unknown_stations[0] = '\0';
    for (k = 0, n = 0; k < ing->nunknown && n < sizeof r->unknown_stations;
         k++)
        n += (size_t)snprintf(r->unknown_stations + n,
                              sizeof r->unknown_stations - n, "%s%s (%lu)",
                              k ? ", " : "", ing->unknown[k].code,
                              ing->unknown[k].count);
    snprintf(r->first_conflict, sizeof r->first_conflict, "%s",
             ing->first_conflict);
done:
    if (!r->station_days)
        r->first_day = r->last_day = 0;
    if (rep)
        *rep = *r;
    ingest_free(ing);
    return rc;
}

void aq_ingest_abort(aq_ingest *ing)
{
    ingest_free(ing);
}
