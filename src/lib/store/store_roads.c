/* SPDX-License-Identifier: MIT */
/*
 * Road inspections in the store (include/aq/store.h, issue 20): the
 * records of one source are held by its ingest and merged into the table
 * road_inspection by the commit, in the ingest's one transaction (so a
 * source is stored all or nothing, and once: its content hash), and read
 * back by day. An inspection is keyed by its day, unit, road and minute;
 * merging follows the hourly data's rules (docs/internals/STORE.md): a
 * value the source gives replaces a stored one, the old one kept in
 * road_inspection_change; a value it does not give never erases one; the
 * same inspection twice in one source with other values keeps the first
 * and counts a conflict.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aq/date.h"
#include "lib/store/ingest_internal.h"
#include "util/alloc.h"

/* One buffered inspection, its texts owned. */
struct held {
    int unit_id;
    int32_t day;
    int minute;
    int64_t dust, litter;
    char *road, *inspector, *note;
    unsigned long line;
};

struct unit_name {
    int id;
    char *name, *name_en;
};

struct aq_ingest__roads {
    struct unit_name *units; /* the active units, loaded once */
    size_t n_units;
    int units_loaded;
    struct held *recs;
    size_t n, cap;
};

static void units_free(struct aq_ingest__roads *r)
{
    size_t i;

    for (i = 0; i < r->n_units; i++) {
        aqx_free(r->units[i].name);
        aqx_free(r->units[i].name_en);
    }
    aqx_free(r->units);
    r->units = NULL;
    r->n_units = 0;
}

void aq_ingest__roads_free(struct aq_ingest__roads *r)
{
    size_t i;

    if (!r)
        return;
    units_free(r);
    for (i = 0; i < r->n; i++) {
        aqx_free(r->recs[i].road);
        aqx_free(r->recs[i].inspector);
        aqx_free(r->recs[i].note);
    }
    aqx_free(r->recs);
    aqx_free(r);
}

/* ---- The units ---- */

static aq_status row_unit_name(sqlite3_stmt *row, void *payload)
{
    struct aq_ingest__roads *r = payload;
    struct unit_name *u;

    if (r->n_units % 64 == 0) {
        struct unit_name *nu =
            aqx_realloc(r->units, (r->n_units + 64) * sizeof *nu);
        if (!nu)
            return AQ_ENOMEM;
        r->units = nu;
    }
    u = &r->units[r->n_units];
    u->id = sqlite3_column_int(row, 0);
    u->name = aqx_strdup(aq_store__col_text(row, 1));
    u->name_en = aqx_strdup(aq_store__col_text(row, 2));
    r->n_units++;
    return u->name && u->name_en ? AQ_OK : AQ_ENOMEM;
}

static aq_status roads_of(aq_ingest *ing, struct aq_ingest__roads **out,
                          aq_error *err)
{
    aq_status rc;

    if (!ing->roads && !(ing->roads = aqx_calloc(1, sizeof *ing->roads)))
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    *out = ing->roads;
    if (ing->roads->units_loaded)
        return AQ_OK;
    rc = aq_store__query(ing->store,
                         "SELECT id, name, name_en FROM unit WHERE active",
                         "listing units", row_unit_name, ing->roads, err, "");
    if (rc != AQ_OK) /* a list in part is no list: next time again */
        units_free(ing->roads);
    if (rc == AQ_ENOMEM)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    ing->roads->units_loaded = rc == AQ_OK;
    return rc;
}

/* The unit's id by its name or English name (ASCII case ignored), or 0. */
static int unit_id(const struct aq_ingest__roads *r, const char *name)
{
    size_t i;

    for (i = 0; i < r->n_units; i++)
        if (!strcmp(r->units[i].name, name) ||
            (*r->units[i].name_en && !strcasecmp(r->units[i].name_en, name)))
            return r->units[i].id;
    return 0;
}

int aq_ingest_knows_unit(aq_ingest *ing, const char *unit)
{
    struct aq_ingest__roads *r;

    return unit && roads_of(ing, &r, NULL) == AQ_OK && unit_id(r, unit) > 0;
}

/* ---- Adding ---- */

aq_status aq_ingest_add_inspection(aq_ingest *ing, const aq_inspection *rec,
                                   aq_error *err)
{
    struct aq_ingest__roads *r;
    struct held *h;
    aq_status rc;
    int id;

    if (!rec || !rec->unit || !rec->road || !*rec->road || rec->minute < 0 ||
        rec->minute > 1439 || (rec->dust != AQ_MISSING && rec->dust < 0) ||
        (rec->litter != AQ_MISSING && rec->litter < 0))
        return aq_error_set(err, AQ_EINVALID,
                            "not an inspection: no unit or road, a minute "
                            "outside the day or a negative value");
    if ((rc = roads_of(ing, &r, err)) < 0)
        return rc;
    ing->r.inspections++;
    if (ing->duplicate)
        return AQ_OK;
    if (!(id = unit_id(r, rec->unit)))
        return aq_error_set(err, AQ_EINVALID,
                            "unit \"%s\" is not a unit of the jurisdiction",
                            rec->unit);
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 256;
        struct held *nr = aqx_realloc(r->recs, cap * sizeof *nr);
        if (!nr)
            return aq_error_set(err, AQ_ENOMEM, "out of memory");
        r->recs = nr;
        r->cap = cap;
    }
    h = &r->recs[r->n];
    h->unit_id = id;
    h->day = rec->day;
    h->minute = rec->minute;
    h->dust = rec->dust;
    h->litter = rec->litter;
    h->line = rec->line;
    h->road = aqx_strdup(rec->road);
    h->inspector = aqx_strdup(rec->inspector ? rec->inspector : "");
    h->note = aqx_strdup(rec->note ? rec->note : "");
    r->n++;
    if (!h->road || !h->inspector || !h->note)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    return AQ_OK;
}

/* ---- Writing, in the ingest's transaction ---- */

/* the key of an inspection, then the source's order */
static int held_cmp(const void *pa, const void *pb)
{
    const struct held *a = pa, *b = pb;
    int c;

    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    if (a->unit_id != b->unit_id)
        return a->unit_id < b->unit_id ? -1 : 1;
    if ((c = strcmp(a->road, b->road)) != 0)
        return c;
    if (a->minute != b->minute)
        return a->minute < b->minute ? -1 : 1;
    return (a->line > b->line) - (a->line < b->line);
}

static int same_key(const struct held *a, const struct held *b)
{
    return a->day == b->day && a->unit_id == b->unit_id &&
           a->minute == b->minute && !strcmp(a->road, b->road);
}

static int same_values(const struct held *a, const struct held *b)
{
    return a->dust == b->dust && a->litter == b->litter &&
           !strcmp(a->inspector, b->inspector) && !strcmp(a->note, b->note);
}

enum { Q_GET, Q_PUT, Q_UPDATE, Q_CHANGE, Q_N };

static const aq_store__sql statements[Q_N] = {
    {"SELECT id, dust, litter, inspector, note, ingest_id, line FROM "
     "road_inspection WHERE day = ?1 AND unit_id = ?2 AND road = ?3 AND "
     "minute = ?4",
     "reading stored inspections"},
    {"INSERT INTO road_inspection(day, unit_id, road, minute, dust, litter, "
     "inspector, note, ingest_id, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
     "?8, ?9, ?10)",
     "writing inspections"},
    {"UPDATE road_inspection SET dust = ?2, litter = ?3, inspector = ?4, "
     "note = ?5, ingest_id = ?6, line = ?7 WHERE id = ?1",
     "writing inspections"},
    {"INSERT INTO road_inspection_change(inspection_id, ingest_id, "
     "old_dust, old_litter, old_inspector, old_note, old_ingest_id, "
     "old_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
     "writing the inspections' change audit"},
};

/* A stored inspection: its id, values and provenance; texts copied. */
struct stored {
    int found;
    int64_t id, ingest_id, line;
    int64_t dust, litter;
    char *inspector, *note;
};

static int64_t col_value(sqlite3_stmt *row, int i)
{
    return sqlite3_column_type(row, i) == SQLITE_NULL
               ? AQ_MISSING
               : (int64_t)sqlite3_column_int64(row, i);
}

static aq_status row_stored(sqlite3_stmt *row, void *payload)
{
    struct stored *o = payload;

    o->found = 1;
    o->id = sqlite3_column_int64(row, 0);
    o->dust = col_value(row, 1);
    o->litter = col_value(row, 2);
    o->ingest_id = sqlite3_column_int64(row, 5);
    o->line = sqlite3_column_int64(row, 6);
    o->inspector = aqx_strdup(aq_store__col_text(row, 3));
    o->note = aqx_strdup(aq_store__col_text(row, 4));
    return o->inspector && o->note ? AQ_OK : AQ_ENOMEM;
}

/* Merge h with the stored inspection o (found). */
static aq_status merge(aq_ingest *ing, aq_store__stmt *q, const struct held *h,
                       const struct stored *o, aq_error *err)
{
    /* what the source does not give never erases what is stored */
    int64_t dust = h->dust != AQ_MISSING ? h->dust : o->dust;
    int64_t litter = h->litter != AQ_MISSING ? h->litter : o->litter;
    const char *inspector = *h->inspector ? h->inspector : o->inspector;
    const char *note = *h->note ? h->note : o->note;
    aq_status rc;

    if (dust == o->dust && litter == o->litter &&
        !strcmp(inspector, o->inspector) && !strcmp(note, o->note)) {
        ing->r.inspections_same++;
        return AQ_OK;
    }
    ing->r.inspections_replaced++;
    if ((rc = aq_store__run(&q[Q_CHANGE], NULL, NULL, err, "LLmmttLL", o->id,
                            ing->ingest_id, o->dust, o->litter, o->inspector,
                            o->note, o->ingest_id, o->line)) < 0)
        return rc;
    return aq_store__run(&q[Q_UPDATE], NULL, NULL, err, "LmmttLL", o->id, dust,
                         litter, inspector, note, ing->ingest_id,
                         (int64_t)h->line);
}

/* One inspection (the first of its key in the source): new, or merged
 * with the stored one. */
static aq_status put(aq_ingest *ing, aq_store__stmt *q, const struct held *h,
                     aq_error *err)
{
    struct stored o;
    aq_status rc;

    memset(&o, 0, sizeof o);
    rc = aq_store__run(&q[Q_GET], row_stored, &o, err, "iiti", (int)h->day,
                       h->unit_id, h->road, h->minute);
    if (rc == AQ_OK && o.found)
        rc = merge(ing, q, h, &o, err);
    aqx_free(o.inspector);
    aqx_free(o.note);
    if (rc == AQ_ENOMEM)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    if (rc < 0 || o.found)
        return rc;
    ing->r.inspections_new++;
    return aq_store__run(&q[Q_PUT], NULL, NULL, err, "iitimmttLL", (int)h->day,
                         h->unit_id, h->road, h->minute, h->dust, h->litter,
                         h->inspector, h->note, ing->ingest_id,
                         (int64_t)h->line);
}

static void conflict(aq_ingest *ing, const struct held *first,
                     const struct held *again)
{
    int y, m, d;

    if (ing->conflicts++)
        return;
    aq_civil_from_day(first->day, &y, &m, &d);
    snprintf(ing->first_conflict, sizeof ing->first_conflict,
             "line %lu: the inspection of line %lu (%04d-%02d-%02d %02d:%02d, "
             "road %.40s) again, with other values",
             again->line, first->line, y, m, d, first->minute / 60,
             first->minute % 60, first->road);
}

aq_status aq_ingest__write_inspections(aq_ingest *ing, aq_error *err)
{
    struct aq_ingest__roads *r = ing->roads;
    aq_store__stmt q[Q_N];
    aq_status rc = AQ_OK;
    size_t i, j;

    if (!r || !r->n)
        return AQ_OK;
    qsort(r->recs, r->n, sizeof *r->recs, held_cmp);
    if ((rc = aq_store__prepare_all(ing->store, q, statements, Q_N, err)) < 0)
        return rc;
    for (i = 0; i < r->n && rc == AQ_OK; i = j) {
        /* the source's first of each key; the others agree or conflict */
        for (j = i + 1; j < r->n && same_key(&r->recs[i], &r->recs[j]); j++)
            if (!same_values(&r->recs[i], &r->recs[j]))
                conflict(ing, &r->recs[i], &r->recs[j]);
        rc = put(ing, q, &r->recs[i], err);
    }
    aq_store__finalize_all(q, Q_N);
    if (rc < 0)
        return rc;
    return aq_store__query(
        ing->store,
        "UPDATE ingest SET inspections = ?2, inspections_new = ?3, "
        "inspections_same = ?4, inspections_replaced = ?5 WHERE id = ?1",
        "writing the ingest log", NULL, NULL, err, "LLLLL", ing->ingest_id,
        (int64_t)ing->r.inspections, (int64_t)ing->r.inspections_new,
        (int64_t)ing->r.inspections_same,
        (int64_t)ing->r.inspections_replaced);
}

/* ---- Reading ---- */

struct each {
    aq_status (*cb)(const aq_inspection *rec, void *payload);
    void *payload;
};

static aq_status row_inspection(sqlite3_stmt *row, void *payload)
{
    struct each *e = payload;
    aq_inspection rec;

    rec.day = (int32_t)sqlite3_column_int(row, 0);
    rec.minute = sqlite3_column_int(row, 1);
    rec.unit = aq_store__col_text(row, 2);
    rec.road = aq_store__col_text(row, 3);
    rec.dust = col_value(row, 4);
    rec.litter = col_value(row, 5);
    rec.inspector = aq_store__col_text(row, 6);
    rec.note = aq_store__col_text(row, 7);
    rec.line = (unsigned long)sqlite3_column_int64(row, 8);
    return e->cb(&rec, e->payload);
}

aq_status aq_store_each_inspection(
    aq_store *s, int32_t first, int32_t last,
    aq_status (*cb)(const aq_inspection *rec, void *payload), void *payload,
    aq_error *err)
{
    struct each e = {cb, payload};

    return aq_store__query(
        s,
        "SELECT r.day, r.minute, u.name, r.road, r.dust, r.litter, "
        "r.inspector, r.note, r.line FROM road_inspection r JOIN unit u ON "
        "u.id = r.unit_id WHERE r.day BETWEEN ?1 AND ?2 ORDER BY r.day, "
        "r.minute, u.name, r.road",
        "reading inspections", row_inspection, &e, err, "ii", (int)first,
        (int)last);
}

struct range {
    int64_t first, last;
    int any;
};

static aq_status row_range(sqlite3_stmt *row, void *payload)
{
    struct range *r = payload;

    r->any = sqlite3_column_type(row, 0) != SQLITE_NULL;
    r->first = sqlite3_column_int64(row, 0);
    r->last = sqlite3_column_int64(row, 1);
    return AQ_OK;
}

aq_status aq_store_inspection_days(aq_store *s, int32_t *first, int32_t *last,
                                   aq_error *err)
{
    struct range r = {0, 0, 0};
    aq_status rc = aq_store__query(
        s, "SELECT min(day), max(day) FROM road_inspection",
        "reading inspections", row_range, &r, err, "");

    if (rc < 0)
        return rc;
    if (!r.any)
        return aq_error_set(err, AQ_ENOTFOUND, "no road inspections stored");
    *first = (int32_t)r.first;
    *last = (int32_t)r.last;
    return AQ_OK;
}
