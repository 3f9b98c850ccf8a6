/* SPDX-License-Identifier: MIT */
/*
 * The station list of a jurisdiction (include/aq/stations.h, P1): loads a
 * STATIONS.csv (aqrank's English header or the national list's Chinese
 * one, UTF-8 or GB18030), checks it, and answers station -> unit through
 * an open-addressing hash, since ingest asks once per observation.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aq/csv.h"
#include "aq/stations.h"
#include "lib/input/reader_internal.h"
#include "util/alloc.h"

typedef struct unit {
    char *name, *name_en;
    size_t first, count; /* its stations in s->members[first..+count) */
} unit;

struct aq_stations {
    aq_station *st;
    size_t n, cap;
    unit *units;
    size_t nunits, ucap;
    size_t *members; /* station indices grouped by unit */
    int *st_table;   /* hash of codes -> station index, -1 empty */
    int *u_table;    /* hash of unit names -> unit index */
    size_t st_mask, u_mask;
};

enum { F_STATION, F_UNIT, F_UNIT_EN, F_NAME, F_LON, F_LAT, F_REF, F_COUNT };

static const aq_reader__column header_names[] = {
    {"station", F_STATION},
    {"station_code", F_STATION},
    {"监测点编码", F_STATION},
    {"unit", F_UNIT},
    {"城市", F_UNIT},
    {"unit_en", F_UNIT_EN},
    {"name", F_NAME},
    {"监测点名称", F_NAME},
    {"lon", F_LON},
    {"经度", F_LON},
    {"lat", F_LAT},
    {"纬度", F_LAT},
    {"reference", F_REF},
    {"对照点", F_REF},
};

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* the slot of `key` in table (names via get), empty (-1) if absent */
static size_t probe(const int *table, size_t mask, const char *key,
                    const char *(*get)(const aq_stations *, int),
                    const aq_stations *s)
{
    size_t j = hash_str(key) & mask;

    while (table[j] >= 0 && strcmp(get(s, table[j]), key))
        j = (j + 1) & mask;
    return j;
}

static const char *code_of(const aq_stations *s, int i)
{
    return s->st[i].code;
}

static const char *unit_of(const aq_stations *s, int i)
{
    return s->units[i].name;
}

/* grow a hash table to keep it at most half full, re-inserting */
static aq_status rehash(aq_stations *s, int **table, size_t *mask, size_t count,
                        const char *(*get)(const aq_stations *, int))
{
    size_t size = *table ? *mask + 1 : 0, i;
    int *nt;

    if (2 * (count + 1) <= size)
        return AQ_OK;
    size = size ? size * 2 : 64;
    nt = aqx_malloc(size * sizeof *nt);
    if (!nt)
        return AQ_ENOMEM;
    for (i = 0; i < size; i++)
        nt[i] = -1;
    aqx_free(*table);
    *table = nt;
    *mask = size - 1;
    for (i = 0; i < count; i++)
        nt[probe(nt, *mask, get(s, (int)i), get, s)] = (int)i;
    return AQ_OK;
}

void aq_stations_free(aq_stations *s)
{
    size_t i;

    if (!s)
        return;
    for (i = 0; i < s->n; i++) {
        aqx_free((char *)s->st[i].code);
        aqx_free((char *)s->st[i].name);
    }
    for (i = 0; i < s->nunits; i++) {
        aqx_free(s->units[i].name);
        aqx_free(s->units[i].name_en);
    }
    aqx_free(s->st);
    aqx_free(s->units);
    aqx_free(s->members);
    aqx_free(s->st_table);
    aqx_free(s->u_table);
    aqx_free(s);
}

/* a coordinate: empty -> NaN; else a plain decimal within [-limit, limit] */
static int parse_coord(const char *f, double limit, double *out)
{
    size_t i, len = strlen(f);
    char *end;
    int digits = 0;

    if (len == 0) {
        *out = NAN;
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (isdigit((unsigned char)f[i]))
            digits++;
        else if (!(f[i] == '.' || (i == 0 && (f[i] == '-' || f[i] == '+'))))
            return -1;
    }
    if (!digits)
        return -1;
    *out = strtod(f, &end);
    return *end || *out < -limit || *out > limit ? -1 : 0;
}

typedef struct loader {
    aq_stations *s;
    aq_csv *csv;
    aq_text_decoder dec;
    const char *source;
    aq_error *err;
    int col[F_COUNT];
} loader;

/* the UTF-8 text of field i of row, trimmed and copied (NULL + err set) */
static char *field_text(loader *L, const aq_csv_row *row, int i, aq_status *rc)
{
    return aq_reader__field_dup(&L->dec, row, (size_t)i, L->source, L->err,
                                rc);
}

static aq_status read_header(loader *L, const aq_csv_row *h)
{
    aq_status rc = aq_reader__columns(
        h, &L->dec, header_names, sizeof header_names / sizeof header_names[0],
        L->col, F_COUNT, NULL, L->source, L->err);

    if (rc != AQ_OK)
        return rc;
    if (L->col[F_STATION] < 0 || L->col[F_UNIT] < 0)
        return aq_error_set_at(L->err, AQ_EPARSE, L->source, h->line, 1,
                               "bad header: need the columns station and "
                               "unit (or 监测点编码 and 城市)");
    return AQ_OK;
}

/* the unit index of `name`, added when new; takes ownership of name */
static aq_status add_unit(loader *L, char *name, char *name_en,
                          const aq_csv_row *row, int *out)
{
    aq_stations *s = L->s;
    size_t j;
    unit *u;

    if (rehash(s, &s->u_table, &s->u_mask, s->nunits, unit_of) != AQ_OK)
        goto nomem;
    j = probe(s->u_table, s->u_mask, name, unit_of, s);
    if (s->u_table[j] >= 0) {
        u = &s->units[s->u_table[j]];
        *out = s->u_table[j];
        aqx_free(name);
        if (name_en && u->name_en && strcmp(name_en, u->name_en)) {
            aq_status rc = aq_error_set_at(
                L->err, AQ_EPARSE, L->source, row->line,
                (unsigned long)L->col[F_UNIT_EN] + 1,
                "unit %s has the English name \"%s\" here and \"%s\" "
                "before",
                u->name, name_en, u->name_en);
            aqx_free(name_en);
            return rc;
        }
        if (name_en && !u->name_en)
            u->name_en = name_en;
        else
            aqx_free(name_en);
        return AQ_OK;
    }
    if (s->nunits == s->ucap) {
        size_t nc = s->ucap ? s->ucap * 2 : 16;
        unit *nu = aqx_realloc(s->units, nc * sizeof *nu);
        if (!nu)
            goto nomem;
        s->units = nu;
        s->ucap = nc;
    }
    u = &s->units[s->nunits];
    memset(u, 0, sizeof *u);
    u->name = name;
    u->name_en = name_en;
    s->u_table[j] = (int)s->nunits;
    *out = (int)s->nunits++;
    return AQ_OK;
nomem:
    aqx_free(name);
    aqx_free(name_en);
    return aq_error_set(L->err, AQ_ENOMEM, "out of memory");
}

static aq_status read_row(loader *L, const aq_csv_row *row, size_t need)
{
    aq_stations *s = L->s;
    aq_station st;
    char *code = NULL, *unit_name = NULL, *unit_en = NULL, *text = NULL;
    aq_status rc = AQ_OK;
    size_t j;

    memset(&st, 0, sizeof st);
    st.line = row->line;
    st.lon = st.lat = NAN;
    if (row->count < need)
        return aq_error_set_at(
            L->err, AQ_EPARSE, L->source, row->line, row->count,
            "wrong column count: %zu fields, need %zu", row->count, need);
    if (!(code = field_text(L, row, L->col[F_STATION], &rc)))
        goto fail;
    if (!code[0]) {
        rc = aq_error_set_at(L->err, AQ_EPARSE, L->source, row->line,
                             (unsigned long)L->col[F_STATION] + 1,
                             "empty station code");
        goto fail;
    }
    if ((rc = rehash(s, &s->st_table, &s->st_mask, s->n, code_of)) != AQ_OK) {
        rc = aq_error_set(L->err, AQ_ENOMEM, "out of memory");
        goto fail;
    }
    j = probe(s->st_table, s->st_mask, code, code_of, s);
    if (s->st_table[j] >= 0) {
        rc = aq_error_set_at(L->err, AQ_EPARSE, L->source, row->line,
                             (unsigned long)L->col[F_STATION] + 1,
                             "duplicate station %s (first at line %lu)", code,
                             s->st[s->st_table[j]].line);
        goto fail;
    }
    if (!(unit_name = field_text(L, row, L->col[F_UNIT], &rc)))
        goto fail;
    if (!unit_name[0]) {
        rc = aq_error_set_at(L->err, AQ_EPARSE, L->source, row->line,
                             (unsigned long)L->col[F_UNIT] + 1,
                             "empty unit for station %s", code);
        goto fail;
    }
    if (L->col[F_UNIT_EN] >= 0) {
        if (!(unit_en = field_text(L, row, L->col[F_UNIT_EN], &rc)))
            goto fail;
        if (!unit_en[0]) {
            aqx_free(unit_en);
            unit_en = NULL;
        }
    }
    if (L->col[F_NAME] >= 0) {
        if (!(text = field_text(L, row, L->col[F_NAME], &rc)))
            goto fail;
        if (text[0]) {
            st.name = text;
            text = NULL;
        }
    }
    if (L->col[F_LON] >= 0 || L->col[F_LAT] >= 0) {
        int k;
        for (k = 0; k < 2; k++) {
            int c = L->col[k ? F_LAT : F_LON];
            if (c < 0)
                continue;
            aqx_free(text);
            if (!(text = field_text(L, row, c, &rc)))
                goto fail;
            if (parse_coord(text, k ? 90.0 : 180.0, k ? &st.lat : &st.lon)) {
                rc = aq_error_set_at(L->err, AQ_EPARSE, L->source, row->line,
                                     (unsigned long)c + 1,
                                     "bad %s \"%.30s\" for station %s (want "
                                     "degrees, %s)",
                                     k ? "latitude" : "longitude", text, code,
                                     k ? "-90..90" : "-180..180");
                goto fail;
            }
        }
    }
    if (L->col[F_REF] >= 0) {
        aqx_free(text);
        if (!(text = field_text(L, row, L->col[F_REF], &rc)))
            goto fail;
        if (!strcasecmp(text, "Y"))
            st.reference = 1;
        else if (text[0] && strcasecmp(text, "N")) {
            rc = aq_error_set_at(L->err, AQ_EPARSE, L->source, row->line,
                                 (unsigned long)L->col[F_REF] + 1,
                                 "bad reference flag \"%.20s\" for station "
                                 "%s (want Y, N or empty)",
                                 text, code);
            goto fail;
        }
    }
    if ((rc = add_unit(L, unit_name, unit_en, row, &st.unit)) != AQ_OK) {
        unit_name = unit_en = NULL; /* add_unit took them */
        goto fail;
    }
    unit_name = unit_en = NULL;
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 256;
        aq_station *ns = aqx_realloc(s->st, nc * sizeof *ns);
        if (!ns) {
            rc = aq_error_set(L->err, AQ_ENOMEM, "out of memory");
            goto fail;
        }
        s->st = ns;
        s->cap = nc;
    }
    st.code = code;
    s->st[s->n] = st;
    s->st_table[j] = (int)s->n++;
    aqx_free(text);
    return AQ_OK;
fail:
    aqx_free(code);
    aqx_free(unit_name);
    aqx_free(unit_en);
    aqx_free(text);
    aqx_free((char *)st.name);
    return rc;
}

/* group station indices by unit, keeping file order inside a unit */
static aq_status group_units(aq_stations *s, aq_error *err)
{
    size_t i, *fill;

    s->members = aqx_malloc((s->n ? s->n : 1) * sizeof *s->members);
    fill = aqx_calloc(s->nunits ? s->nunits : 1, sizeof *fill);
    if (!s->members || !fill) {
        aqx_free(fill);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    for (i = 0; i < s->n; i++)
        s->units[s->st[i].unit].count++;
    for (i = 1; i < s->nunits; i++)
        s->units[i].first = s->units[i - 1].first + s->units[i - 1].count;
    for (i = 0; i < s->n; i++) {
        unit *u = &s->units[s->st[i].unit];
        s->members[u->first + fill[s->st[i].unit]++] = i;
    }
    aqx_free(fill);
    return AQ_OK;
}

aq_status aq_stations_load(aq_stations **out, const char *path, aq_error *err)
{
    loader L;
    aq_csv_row row;
    aq_status rc;
    size_t need = 0, k;

    *out = NULL;
    memset(&L, 0, sizeof L);
    L.err = err;
    aq_reader__decoder_init(&L.dec);
    if (!(L.s = aqx_calloc(1, sizeof *L.s)))
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    if ((rc = aq_csv_open(&L.csv, path, err)) != AQ_OK)
        goto done;
    L.source = aq_csv_source(L.csv);
    if ((rc = aq_reader__header(L.csv, &row, err)) != AQ_OK ||
        (rc = read_header(&L, &row)) != AQ_OK)
        goto done;
    for (k = 0; k < F_COUNT; k++)
        if (L.col[k] >= 0 && (size_t)L.col[k] + 1 > need)
            need = (size_t)L.col[k] + 1;
    while ((rc = aq_csv_next(L.csv, &row, err)) == AQ_OK)
        if (!aq_reader__is_comment(&row) && (rc = read_row(&L, &row, need)) != AQ_OK)
            goto done;
    if (rc != AQ_ITEROVER)
        goto done;
    if (L.s->n == 0) {
        rc = aq_error_set_at(err, AQ_EPARSE, L.source, 2, 0,
                             "no stations after the header");
        goto done;
    }
    rc = group_units(L.s, err);
done:
    aq_csv_close(L.csv);
    aq_reader__decoder_free(&L.dec);
    if (rc != AQ_OK) {
        aq_stations_free(L.s);
        return rc;
    }
    *out = L.s;
    return AQ_OK;
}

size_t aq_stations_count(const aq_stations *s)
{
    return s ? s->n : 0;
}

const aq_station *aq_stations_get(const aq_stations *s, size_t i)
{
    return s && i < s->n ? &s->st[i] : NULL;
}

const aq_station *aq_stations_find(const aq_stations *s, const char *code)
{
    size_t j;

    if (!s || !code || !s->st_table)
        return NULL;
    j = probe(s->st_table, s->st_mask, code, code_of, s);
    return s->st_table[j] >= 0 ? &s->st[s->st_table[j]] : NULL;
}

int aq_stations_unit_of(const aq_stations *s, const char *code)
{
    const aq_station *st = aq_stations_find(s, code);

    return st ? st->unit : -1;
}

int aq_stations_is_reference(const aq_stations *s, const char *code)
{
    const aq_station *st = aq_stations_find(s, code);

    return st ? st->reference : 0;
}

size_t aq_stations_unit_count(const aq_stations *s)
{
    return s ? s->nunits : 0;
}

const char *aq_stations_unit_name(const aq_stations *s, size_t u)
{
    return s && u < s->nunits ? s->units[u].name : NULL;
}

const char *aq_stations_unit_name_en(const aq_stations *s, size_t u)
{
    return s && u < s->nunits ? s->units[u].name_en : NULL;
}

int aq_stations_unit_find(const aq_stations *s, const char *name)
{
    size_t j;

    if (!s || !name || !s->u_table)
        return -1;
    j = probe(s->u_table, s->u_mask, name, unit_of, s);
    return s->u_table[j];
}

size_t aq_stations_unit_size(const aq_stations *s, size_t u)
{
    return s && u < s->nunits ? s->units[u].count : 0;
}

const aq_station *aq_stations_unit_station(const aq_stations *s, size_t u,
                                           size_t k)
{
    if (!s || u >= s->nunits || k >= s->units[u].count)
        return NULL;
    return &s->st[s->members[s->units[u].first + k]];
}
