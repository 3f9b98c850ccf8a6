/* SPDX-License-Identifier: MIT */
/*
 * Writing one batch of buffered station-days into the store
 * (ingest_internal.h). The first batch opens the write transaction,
 * decides idempotence inside it and logs the ingest; the last writes the
 * log's counts and commits. A batch is merged in (day, station) order: a
 * value in the source replaces a stored one (the change audited), a value
 * missing from it never erases one.
 *
 * A station-day may come in two batches of one source (a file in station
 * order, or the day a batch ends). Its second part must then be merged as
 * if both parts had been one record: a value the source gave before is
 * not a stored value to replace but the same hour given twice (the first
 * kept, a conflict counted). So each written station-day is remembered
 * for the later batches, two bits in a map: written, and whether a stored
 * record existed before the source (then the cells the source gave are
 * kept in a scratch table of the transaction; otherwise they are all the
 * record's values).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/store/ingest_internal.h"
#include "util/alloc.h"

/* ---- The map of station-days written by earlier batches ---- */

#define SPAN 512 /* days per chunk */

struct aq_ingest__chunk {
    uint64_t bits[2 * SPAN / 64];
};

/* bits of a station-day */
enum { WRITTEN = 1, HAD_OLD = 2 };
/* bits of a day (station 0): whether it was looked at, and whether it had
 * stored records the source has not merged with */
enum { DAY_CHECKED = 1, DAY_DIRTY = 2 };

/* A day as an unsigned number, so that a chunk is u / SPAN. */
static uint32_t day_index(int32_t day)
{
    return (uint32_t)day ^ 0x80000000u;
}

static unsigned map_get(const struct aq_ingest__map *m, int32_t station,
                        int32_t day)
{
    uint32_t u = day_index(day);
    const struct aq_ingest__slot *slot;
    unsigned bit = 2 * (u % SPAN);

    if (!m->index.cap)
        return 0;
    slot = aq_ingest__slot(&m->index, station, (int32_t)(u / SPAN));
    if (!slot->value)
        return 0;
    return (unsigned)(m->chunks[slot->value - 1].bits[bit / 64] >> (bit % 64)) &
           3u;
}

static aq_status map_set(struct aq_ingest__map *m, int32_t station, int32_t day,
                         unsigned bits, aq_error *err)
{
    uint32_t u = day_index(day);
    struct aq_ingest__slot *slot;
    unsigned bit = 2 * (u % SPAN);

    if (aq_ingest__reserve(&m->index) < 0)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    slot = aq_ingest__slot(&m->index, station, (int32_t)(u / SPAN));
    if (!slot->value) {
        if (m->n == m->cap) {
            size_t cap = m->cap ? 2 * m->cap : 64;
            struct aq_ingest__chunk *c =
                aqx_realloc(m->chunks, cap * sizeof *c);
            if (!c)
                return aq_error_set(err, AQ_ENOMEM, "out of memory");
            m->chunks = c;
            m->cap = cap;
        }
        memset(&m->chunks[m->n], 0, sizeof m->chunks[0]);
        slot->a = station;
        slot->b = (int32_t)(u / SPAN);
        slot->value = ++m->n;
        m->index.n++;
    }
    m->chunks[slot->value - 1].bits[bit / 64] |= (uint64_t)bits << (bit % 64);
    return AQ_OK;
}

static void map_free(struct aq_ingest__map *m)
{
    aqx_free(m->index.slots);
    aqx_free(m->chunks);
    memset(m, 0, sizeof *m);
}

/* ---- The transaction ---- */

/* The statements, by their index in aq_ingest's q[]. */
static const aq_store__sql statements[AQ_INGEST__ALL_STMTS] = {
    {"SELECT hours, ingest_id FROM station_day WHERE day = ?1 AND "
     "station_id = ?2",
     "reading stored hours"},
    {"INSERT OR REPLACE INTO station_day(day, station_id, hours, ingest_id) "
     "VALUES (?1, ?2, ?3, ?4)",
     "writing hours"},
    {"INSERT INTO value_change(ingest_id, station_id, day, hour, pollutant, "
     "old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
     "writing the change audit"},
    {"INSERT INTO station_day_source(day, station_id, ingest_id, hours) "
     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET hours = hours | "
     "excluded.hours",
     "recording the source file"},
    {"INSERT OR REPLACE INTO month_version(month, version) VALUES (?1, ?2)",
     "recording the month version"},
    {"SELECT 1 FROM station_day WHERE day = ?1 AND ingest_id <> ?2 LIMIT 1",
     "reading stored hours"},
    {"SELECT cells FROM ingest_scratch WHERE day = ?1 AND station_id = ?2",
     "reading the ingest's scratch table"},
    {"INSERT OR REPLACE INTO ingest_scratch(day, station_id, cells) "
     "VALUES (?1, ?2, ?3)",
     "writing the ingest's scratch table"},
};

static void restore_pragmas(aq_store *s)
{
    sqlite3_exec(s->db, "PRAGMA temp_store=DEFAULT;PRAGMA cache_size=-2000",
                 NULL, NULL, NULL);
}

void aq_ingest__rollback(aq_ingest *ing)
{
    aq_store__finalize_all(ing->q, AQ_INGEST__ALL_STMTS);
    if (ing->in_txn) {
        sqlite3_exec(ing->store->db, "ROLLBACK", NULL, NULL, NULL);
        restore_pragmas(ing->store);
        ing->in_txn = 0;
    }
    map_free(&ing->written);
}

/* Open the write transaction with the first batch. A source ingested
 * meanwhile by another process is then found a duplicate. */
static aq_status open_txn(aq_ingest *ing, aq_error *err)
{
    aq_store *s = ing->store;
    int64_t earlier = -1;
    aq_status rc;

    /* statement journals in memory: every INSERT OR REPLACE (with the
     * foreign keys checked) journals the pages it changes, and in a temp
     * file that is a write(2) of 4 bytes and one of 4 KiB a page, 480,000
     * for 2 million rows; the journal is dropped after each statement.
     * And 64 MiB of page cache (default 2 MiB): the B-tree's upper pages
     * stay, and dirty pages are spilled to the WAL less often. */
    if ((rc = aq_store__exec(s,
                             "PRAGMA temp_store=MEMORY;"
                             "PRAGMA cache_size=-65536",
                             err)) < 0 ||
        (rc = aq_store__exec(s, "BEGIN IMMEDIATE", err)) < 0) {
        restore_pragmas(s);
        return rc;
    }
    ing->in_txn = 1;
    /* idempotence: decided again inside the write transaction */
    if ((rc =
             aq_store__query(s, "SELECT id FROM ingest WHERE content_hash = ?1",
                             "checking the ingest log", aq_store__row_int64,
                             &earlier, err, "t", ing->hash)) < 0)
        return rc;
    if (earlier >= 0) {
        memset(&ing->r, 0, sizeof ing->r);
        ing->r.already_ingested = 1;
        ing->duplicate = 1;
        rc = aq_ingest__read_log(s, earlier, &ing->r, err);
        aq_ingest__rollback(ing);
        return rc;
    }
    if ((rc = aq_store__query(s,
                              "INSERT INTO ingest(source, content_hash, "
                              "format) VALUES (?1, ?2, ?3)",
                              "writing the ingest log", NULL, NULL, err, "ttt",
                              ing->source, ing->hash, ing->format)) < 0)
        return rc;
    ing->ingest_id = (int64_t)sqlite3_last_insert_rowid(s->db);
    ing->r.ingest_id = (long)ing->ingest_id;
    return aq_store__prepare_all(s, ing->q, statements, AQ_INGEST__STMTS, err);
}

/* The last batch: the log's counts, and the commit. */
static aq_status close_txn(aq_ingest *ing, aq_error *err)
{
    aq_store *s = ing->store;
    const aq_ingest_report *r = &ing->r;
    aq_status rc;

    rc = aq_store__query(
        s,
        "UPDATE ingest SET rows = ?2, observations = ?3, values_new = ?4, "
        "values_same = ?5, values_replaced = ?6, unknown_station_obs = ?7, "
        "rejected_rows = ?8, rejected_values = ?9, problems = ?10, "
        "conflicts = ?11 WHERE id = ?1",
        "writing the ingest log", NULL, NULL, err, "LLLLLLLLLtL",
        ing->ingest_id, (int64_t)ing->rows, (int64_t)ing->observations,
        (int64_t)r->values_new, (int64_t)r->values_same,
        (int64_t)r->values_replaced, (int64_t)ing->unknown_obs,
        (int64_t)ing->rejected_rows, (int64_t)ing->rejected_values,
        ing->problems, (int64_t)ing->conflicts);
    if (rc == AQ_OK) /* its time, as the log has it */
        rc = aq_ingest__read_log(s, ing->ingest_id, &ing->r, err);
    aq_store__finalize_all(ing->q, AQ_INGEST__ALL_STMTS);
    if (rc == AQ_OK && ing->scratch)
        rc = aq_store__exec(s, "DROP TABLE ingest_scratch", err);
    rc = aq_store__end(s, rc, err);
    ing->in_txn = 0;
    restore_pragmas(s);
    return rc;
}

/* The scratch table: for a station-day that had a stored record before
 * the source, the cells the source gave (a bit each, pollutant-major). */
static aq_status open_scratch(aq_ingest *ing, aq_error *err)
{
    aq_store *s = ing->store;
    aq_status rc;

    if (ing->scratch)
        return AQ_OK;
    if ((rc = aq_store__exec(s,
                             "CREATE TABLE ingest_scratch(day INTEGER NOT "
                             "NULL, station_id INTEGER NOT NULL, cells BLOB "
                             "NOT NULL, PRIMARY KEY (day, station_id)) "
                             "WITHOUT ROWID",
                             err)) < 0 ||
        (rc = aq_store__prepare_all(
             s, ing->q + AQ_INGEST__STMTS, statements + AQ_INGEST__STMTS,
             AQ_INGEST__ALL_STMTS - AQ_INGEST__STMTS, err)) < 0)
        return rc;
    ing->scratch = 1;
    return AQ_OK;
}

/* --add-stations: each unknown station of the batch becomes a unit of its
 * own; the records' provisional ids -(index + 1) become the stations'. */
static aq_status add_unknown_stations(aq_ingest *ing, aq_error *err)
{
    aq_store *s = ing->store;
    aq_status rc;
    size_t k, i;

    for (k = 0; k < ing->nunknown; k++) {
        const char *code = ing->unknown[k].code;
        if (ing->unknown[k].id)
            continue;
        if ((rc = aq_store__query(s,
                                  "INSERT INTO unit(name) VALUES (?1) ON "
                                  "CONFLICT(name) DO UPDATE SET active = 1",
                                  "adding a unit", NULL, NULL, err, "t",
                                  code)) < 0 ||
            (rc = aq_store__query(s,
                                  "INSERT INTO station(code, unit_id, name) "
                                  "SELECT ?1, id, ?1 FROM unit WHERE "
                                  "name = ?1",
                                  "adding a station", NULL, NULL, err, "t",
                                  code)) < 0)
            return rc;
        ing->unknown[k].id = (int)sqlite3_last_insert_rowid(s->db);
        /* cached period results depend on which stations form each unit */
        if (!ing->nadded++ && (rc = aq_store__bump_jurisdiction(s, err)) < 0)
            return rc;
    }
    for (i = 0; i < ing->nrecs; i++) {
        struct aq_ingest__record *d = aq_ingest__rec(ing, i);
        if (d->station_id < 0)
            d->station_id = ing->unknown[-d->station_id - 1].id;
    }
    return AQ_OK;
}

/* ---- Merging one record ---- */

/* A record's place in the order of the batch (day, then station). The
 * keys are sorted, not the 1.2 KB records: glibc's qsort copied those
 * through a buffer as large as all of them. */
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

/* One bit per cell, pollutant-major: cell p * 24 + h. */
typedef uint64_t cells[3];

#define CELL_HAS(c, i) (((c)[(i) / 64] >> ((i) % 64)) & 1u)
#define CELL_SET(c, i) ((c)[(i) / 64] |= (uint64_t)1 << ((i) % 64))

struct stored {
    int64_t v[AQ_POLLUTANT_COUNT][24];
    int64_t ingest_id;
    int found;
    aq_error *err;
};

static aq_status row_stored(sqlite3_stmt *row, void *payload)
{
    struct stored *o = payload;

    o->found = 1;
    o->ingest_id = (int64_t)sqlite3_column_int64(row, 1);
    return aq_store__col_hours(row, 0, o->v, o->err);
}

static aq_status row_cells(sqlite3_stmt *row, void *payload)
{
    if ((size_t)sqlite3_column_bytes(row, 0) == sizeof(cells))
        memcpy(payload, sqlite3_column_blob(row, 0), sizeof(cells));
    return AQ_OK;
}

/* Whether day may hold stored records the source has not merged with
 * (else no lookup per record: a bulk load, the next day). Once a day
 * has none it keeps none: we hold the write lock. */
static aq_status day_dirty(aq_ingest *ing, int32_t day, int *dirty,
                           aq_error *err)
{
    unsigned st = map_get(&ing->written, 0, day);
    aq_status rc;

    if (!(st & DAY_CHECKED)) {
        int any = 0;
        if ((rc = aq_store__run(&ing->q[AQ_INGEST__DAY], aq_store__row_exists,
                                &any, err, "iL", (int)day, ing->ingest_id)) < 0)
            return rc;
        st = DAY_CHECKED | (any ? DAY_DIRTY : 0);
        if ((rc = map_set(&ing->written, 0, day, st, err)) < 0)
            return rc;
    }
    *dirty = (st & DAY_DIRTY) != 0;
    return AQ_OK;
}

/* The cells of the stored record that the source gave in earlier batches
 * (state: the record's map bits). */
static aq_status earlier_cells(aq_ingest *ing,
                               const struct aq_ingest__record *d,
                               unsigned state, const struct stored *old,
                               cells mine, aq_error *err)
{
    int p, h;

    memset(mine, 0, sizeof(cells));
    if (!(state & WRITTEN))
        return AQ_OK;
    if (state & HAD_OLD)
        return aq_store__run(&ing->q[AQ_INGEST__SCRATCH_GET], row_cells, mine,
                             err, "ii", (int)d->day, d->station_id);
    /* nothing was stored before the source: every value is its own */
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        for (h = 0; h < 24; h++)
            if (old->found && old->v[p][h] != AQ_MISSING)
                CELL_SET(mine, p * 24 + h);
    return AQ_OK;
}

/* Remember a record for the later batches of the source. */
static aq_status remember(aq_ingest *ing, const struct aq_ingest__record *d,
                          unsigned state, int had_old, const cells mine,
                          const cells gave, aq_error *err)
{
    aq_status rc;
    cells all;
    int i;

    if (!(state & WRITTEN)) {
        state = WRITTEN | (had_old ? HAD_OLD : 0);
        if ((rc = map_set(&ing->written, d->station_id, d->day, state, err)) <
            0)
            return rc;
    }
    if (!(state & HAD_OLD))
        return AQ_OK;
    for (i = 0; i < 3; i++)
        all[i] = mine[i] | gave[i];
    if ((rc = open_scratch(ing, err)) < 0)
        return rc;
    return aq_store__run(&ing->q[AQ_INGEST__SCRATCH_PUT], NULL, NULL, err,
                         "iib", (int)d->day, d->station_id, all, sizeof all);
}

static aq_status write_record(aq_ingest *ing, struct aq_ingest__record *d,
                              int last, aq_error *err)
{
    aq_ingest_report *r = &ing->r;
    unsigned state = map_get(&ing->written, d->station_id, d->day);
    unsigned char blob[AQ_STORE__HOURS_MAX];
    struct stored old;
    cells mine, gave = {0, 0, 0};
    uint32_t hours = 0; /* bit h: the source gave a value for label h + 1 */
    int p, h, dirty = 0, changed = 0, month;
    aq_status rc;
    size_t len;

    old.found = 0;
    old.err = err;
    if (!(state & WRITTEN) && (rc = day_dirty(ing, d->day, &dirty, err)) < 0)
        return rc;
    if (((state & WRITTEN) || dirty) &&
        (rc = aq_store__run(&ing->q[AQ_INGEST__GET], row_stored, &old, err,
                            "ii", (int)d->day, d->station_id)) < 0)
        return rc;
    if ((rc = earlier_cells(ing, d, state, &old, mine, err)) < 0)
        return rc;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        for (h = 0; h < 24; h++) {
            int64_t nv = d->v[p][h];
            int64_t ov = old.found ? old.v[p][h] : AQ_MISSING;
            if (nv == AQ_MISSING) {
                d->v[p][h] = ov;
                continue;
            }
            if (CELL_HAS(mine, p * 24 + h)) {
                /* given by an earlier batch of the same source */
                if (ov != nv)
                    aq_ingest__conflict(ing, NULL, d->station_id, d->day, h + 1,
                                        p);
                else
                    hours |= 1u << h;
                d->v[p][h] = ov;
                continue;
            }
            CELL_SET(gave, p * 24 + h);
            hours |= 1u << h;
            if (ov == AQ_MISSING) {
                r->values_new++;
                changed = 1;
            } else if (ov == nv) {
                r->values_same++;
            } else {
                r->values_replaced++;
                changed = 1;
                if ((rc = aq_store__run(
                         &ing->q[AQ_INGEST__CHANGE], NULL, NULL, err, "LiiitLL",
                         ing->ingest_id, d->station_id, (int)d->day, h + 1,
                         aq_pollutant_code((aq_pollutant)p), ov, nv)) < 0)
                    return rc;
            }
        }
    if (hours && (rc = aq_store__run(&ing->q[AQ_INGEST__SOURCE], NULL, NULL,
                                     err, "iiLi", (int)d->day, d->station_id,
                                     ing->ingest_id, (int)hours)) < 0)
        return rc;
    if (!last && (rc = remember(ing, d, state, old.found && !(state & WRITTEN),
                                mine, gave, err)) < 0)
        return rc;
    if (old.found && !changed)
        return AQ_OK;
    len = aq_store__encode_hours(blob, (const int64_t(*)[24])d->v);
    if ((rc = aq_store__run(&ing->q[AQ_INGEST__PUT], NULL, NULL, err, "iibL",
                            (int)d->day, d->station_id, blob, len,
                            ing->ingest_id)) < 0)
        return rc;
    if (!old.found || old.ingest_id != ing->ingest_id)
        r->station_days++;
    /* records are in day order: one row per month touched */
    month = aq_store__month_of(d->day);
    if (month != ing->last_month) {
        if ((rc = aq_store__run(&ing->q[AQ_INGEST__MONTH], NULL, NULL, err,
                                "iL", month, ing->ingest_id)) < 0)
            return rc;
        ing->last_month = month;
    }
    if (d->day < r->first_day)
        r->first_day = d->day;
    if (d->day > r->last_day)
        r->last_day = d->day;
    return AQ_OK;
}

/* ---- A batch ---- */

static aq_status write_records(aq_ingest *ing, int last, aq_error *err)
{
    struct rec_key *order;
    aq_status rc = AQ_OK;
    size_t i;

    if (!ing->nrecs)
        return AQ_OK;
    if (!(order = aqx_malloc(ing->nrecs * sizeof *order)))
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (i = 0; i < ing->nrecs; i++) {
        const struct aq_ingest__record *d = aq_ingest__rec(ing, i);
        order[i].day = d->day;
        order[i].station = d->station_id;
        order[i].index = (uint32_t)i;
    }
    qsort(order, ing->nrecs, sizeof *order, compare_keys);
    for (i = 0; i < ing->nrecs && rc == AQ_OK; i++)
        rc = write_record(ing, aq_ingest__rec(ing, order[i].index), last, err);
    aqx_free(order);
    return rc;
}

aq_status aq_ingest__write_batch(aq_ingest *ing, int last, aq_error *err)
{
    aq_status rc;

    if (!ing->in_txn) {
        if ((rc = open_txn(ing, err)) < 0)
            return rc;
        if (ing->duplicate) {
            aq_ingest__clear(ing);
            return AQ_OK;
        }
    }
    if ((ing->add_unknown && (rc = add_unknown_stations(ing, err)) < 0) ||
        (rc = write_records(ing, last, err)) < 0 ||
        (last && (rc = aq_ingest__write_inspections(ing, err)) < 0))
        return rc;
    aq_ingest__clear(ing);
    return last ? close_txn(ing, err) : AQ_OK;
}
