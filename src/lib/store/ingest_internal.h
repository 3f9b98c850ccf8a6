/* SPDX-License-Identifier: MIT */
/*
 * Internal to the ingest (store_ingest.c buffers a source's station-hours
 * per station-day; store_batch.c merges a batch of them into the store).
 * The write transaction opens with the first batch and commits with the
 * last, so a source is stored all or nothing whatever its size, while
 * memory holds one batch (docs/internals/STORE.md, "Ingest").
 */
#ifndef AQ_INGEST_INTERNAL_H
#define AQ_INGEST_INTERNAL_H

#include <stdint.h>

#include "lib/store/store_internal.h"
#include "util/alloc.h"

/* Station-days buffered before they are written: 32 blocks of 2 MiB,
 * 57,824 records, some 34 days of a national network of 1,700 stations. */
#define AQ_INGEST__BATCH (32 * AQ_INGEST__BLOCK)

/* One buffered station-day. */
struct aq_ingest__record {
    int station_id; /* < 0: -(index + 1) of an unknown station not yet added */
    int32_t day;
    int64_t v[AQ_POLLUTANT_COUNT][24];
};

/* Records per block of one huge page (aqx_huge_alloc). */
#define AQ_INGEST__BLOCK (AQX_HUGE_PAGE / sizeof(struct aq_ingest__record))

/* An open-addressing table of keys (a, b) with a value each (0 marks a
 * free slot): the batch's station-days, and the map below. */
struct aq_ingest__slot {
    int32_t a, b;
    size_t value;
};
struct aq_ingest__table {
    struct aq_ingest__slot *slots;
    size_t cap, n;
};

/* The slot of (a, b): its own, or the free one where it goes. The table
 * must have room (aq_ingest__reserve). */
struct aq_ingest__slot *aq_ingest__slot(const struct aq_ingest__table *t,
                                        int32_t a, int32_t b);
/* Room for one more key: the table grows when half full. AQ_ENOMEM. */
aq_status aq_ingest__reserve(struct aq_ingest__table *t);
/* Every key removed. */
void aq_ingest__empty(struct aq_ingest__table *t);

/* A set of station-days, 2 bits each, in chunks of days allocated as
 * they are met (store_batch.c); station 0, which no station has, keys
 * the days. */
struct aq_ingest__map {
    struct aq_ingest__table index; /* (station, chunk) -> chunk + 1 */
    struct aq_ingest__chunk *chunks;
    size_t n, cap;
};

/* The statements of the write transaction (store_batch.c). */
enum {
    AQ_INGEST__GET,
    AQ_INGEST__PUT,
    AQ_INGEST__CHANGE,
    AQ_INGEST__SOURCE,
    AQ_INGEST__MONTH,
    AQ_INGEST__DAY,
    AQ_INGEST__STMTS,
    /* prepared with the scratch table, when it is needed */
    AQ_INGEST__SCRATCH_GET = AQ_INGEST__STMTS,
    AQ_INGEST__SCRATCH_PUT,
    AQ_INGEST__ALL_STMTS
};

struct aq_ingest {
    aq_store *store;
    char *source, *hash, *format, *problems;
    int duplicate;
    unsigned long rows, rejected_rows, rejected_values;
    unsigned long observations, unknown_obs, conflicts;
    char first_conflict[160];
    /* stations not in the jurisdiction: listed in the report; with
     * add_unknown they are added as units of their own by the batch that
     * first holds them (id > 0 from then on) */
    struct aq_ingest__unknown {
        char *code;
        unsigned long count;
        int id;
    } *unknown;
    size_t nunknown, unknown_cap, nadded;
    int add_unknown;
    /* station code -> id: open addressing, power-of-two table */
    struct aq_ingest__code {
        char *code;
        int id;
        int seen; /* the source has a value for it */
    } *codes;
    size_t code_cap;
    /* the batch: station-day records in blocks that are never moved, and
     * (station, day) -> index + 1 (store_ingest.c) */
    struct aq_ingest__record **blocks;
    size_t nblocks, block_cap, nrecs, batch;
    struct aq_ingest__table records; /* (station, day) -> index + 1 */
    /* the last record of a station, by station id mod AQ_INGEST__RECENT
     * (more than the stations of a national network): files give a
     * station's hours of a day close together, or one hour of every
     * station after another, and either way this skips the hash */
#define AQ_INGEST__RECENT 8192
    size_t recent[AQ_INGEST__RECENT];
    /* the transaction (store_batch.c): open from the first batch on */
    int in_txn, scratch;
    int64_t ingest_id;
    int last_month;
    aq_store__stmt q[AQ_INGEST__ALL_STMTS];
    struct aq_ingest__map written;
    aq_ingest_report r;
    /* road inspections of the source (store_roads.c), NULL when none */
    struct aq_ingest__roads *roads;
};

/* Record i of the batch. */
static inline struct aq_ingest__record *aq_ingest__rec(const aq_ingest *ing,
                                                      size_t i)
{
    return &ing->blocks[i / AQ_INGEST__BLOCK][i % AQ_INGEST__BLOCK];
}

/* Note a value given twice with different values (the first is kept);
 * the station by its code, or when that is NULL by its id. */
void aq_ingest__conflict(aq_ingest *ing, const char *station, int id,
                         int32_t day, int hour, int pollutant);
/* The code of a station id (a listed or an added station). */
const char *aq_ingest__code_of(const aq_ingest *ing, int id);
/* Empty the batch (after it was written). */
void aq_ingest__clear(aq_ingest *ing);

/* The log entry `id` into r (its id, time, source and counts). */
aq_status aq_ingest__read_log(aq_store *s, int64_t id, aq_ingest_report *r,
                              aq_error *err);
/* Write the batch into the store, opening the transaction (and deciding
 * idempotence) with the first one; with `last`, write the ingest log and
 * commit. On failure the caller rolls back (aq_ingest__rollback). */
aq_status aq_ingest__write_batch(aq_ingest *ing, int last, aq_error *err);
/* End an open transaction without storing anything; free the map. */
void aq_ingest__rollback(aq_ingest *ing);

/* The source's road inspections into the store, in the open transaction,
 * with their counts in the log (store_roads.c); nothing when it has none.
 * And what they hold, freed. */
aq_status aq_ingest__write_inspections(aq_ingest *ing, aq_error *err);
void aq_ingest__roads_free(struct aq_ingest__roads *r);

#endif /* AQ_INGEST_INTERNAL_H */
