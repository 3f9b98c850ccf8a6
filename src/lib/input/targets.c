/* SPDX-License-Identifier: MIT */
/*
 * The targets file (include/aq/targets.h, docs/spec-daily.md D6), read
 * with the CSV tokenizer and the text decoder every text input uses. A
 * value is parsed exactly (aq_decimal_parse) and refused, never repaired:
 * a target of 35.5 μg/m³ or 80.25 % is not one the rules can publish.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "aq/csv.h"
#include "aq/decimal.h"
#include "aq/targets.h"
#include "lib/input/reader_internal.h"
#include "util/alloc.h"

enum { C_UNIT, C_YEAR, C_PM25, C_GOOD, C_HEAVY, C_COUNT };

/* the header's names, each its own slot */
static const aq_reader__column columns[C_COUNT] = {
    {"unit", C_UNIT},
    {"year", C_YEAR},
    {"pm25", C_PM25},
    {"good_days_ratio", C_GOOD},
    {"heavy_days", C_HEAVY}};

struct aq_targets {
    char *source;
    aq_target_row *rows;
    char **units;
    size_t n, cap;
    int col[C_COUNT];
};

typedef struct loader {
    aq_targets *t;
    aq_csv *csv;
    aq_text_decoder dec;
    const char *source;
    aq_error *err;
} loader;

static aq_status read_header(loader *L, const aq_csv_row *h)
{
    aq_targets *t = L->t;
    long unknown;
    int k;
    aq_status rc;

    if ((rc = aq_reader__columns(h, &L->dec, columns, C_COUNT, t->col, C_COUNT,
                                 &unknown, L->source, L->err)) != AQ_OK)
        return rc;
    if (unknown >= 0) {
        char *name = aq_reader__field_dup(&L->dec, h, (size_t)unknown,
                                          L->source, L->err, &rc);
        if (!name)
            return rc;
        rc = aq_error_set_at(L->err, AQ_EPARSE, L->source, h->line,
                             (unsigned long)unknown + 1,
                             "bad header: unknown column \"%s\" (the "
                             "columns are unit, year, pm25, "
                             "good_days_ratio, heavy_days)",
                             name);
        aqx_free(name);
        return rc;
    }
    for (k = 0; k < C_COUNT; k++)
        if (t->col[k] < 0)
            return aq_error_set_at(L->err, AQ_EPARSE, L->source, h->line, 1,
                                   "bad header: no column %s (the header "
                                   "is unit,year,pm25,good_days_ratio,"
                                   "heavy_days)",
                                   columns[k].name);
    return AQ_OK;
}

/* A decimal cell of column k within [lo, hi] micro-units with at most
 * `digits` decimals, as a count of 10^-digits; -1 for an empty cell. */
static aq_status number(loader *L, const aq_csv_row *row, int k, int64_t lo,
                        int64_t hi, int digits, const char *what,
                        int64_t *out)
{
    int c = L->t->col[k];
    const char *f = (size_t)c < row->count ? row->fields[c] : "";
    size_t len = strlen(f);
    int64_t v, unit = AQ_MICRO;
    int i;

    while (len && (*f == ' ' || *f == '\t')) {
        f++;
        len--;
    }
    while (len && (f[len - 1] == ' ' || f[len - 1] == '\t'))
        len--;
    if (len == 0) {
        *out = -1; /* D6: an empty cell is no target */
        return AQ_OK;
    }
    for (i = 0; i < digits; i++)
        unit /= 10;
    if (aq_decimal_parse(f, len, &v) < 0 || v < lo || v > hi || v % unit)
        return aq_error_set_at(L->err, AQ_EPARSE, L->source, row->line,
                               (unsigned long)c + 1,
                               "%s: expected %s, got \"%.*s\"",
                               columns[k].name, what, (int)len, f);
    *out = v / unit;
    return AQ_OK;
}

static aq_status read_row(loader *L, const aq_csv_row *row)
{
    aq_targets *t = L->t;
    aq_target_row r;
    char *unit;
    int64_t year, heavy;
    size_t i;
    aq_status rc;

    memset(&r, 0, sizeof r);
    r.line = row->line;
    if ((size_t)t->col[C_UNIT] >= row->count)
        return aq_error_set_at(L->err, AQ_EPARSE, L->source, row->line,
                               (unsigned long)t->col[C_UNIT] + 1,
                               "unit: missing");
    if ((rc = number(L, row, C_YEAR, 1900 * AQ_MICRO, 2200 * AQ_MICRO, 0,
                     "a year from 1900 to 2200", &year)) < 0 ||
        (rc = number(L, row, C_PM25, 0, 1000 * AQ_MICRO, 0,
                     "a whole number of μg/m³ from 0 to 1000, or nothing",
                     &r.pm25)) < 0 ||
        (rc = number(L, row, C_GOOD, 0, 100 * AQ_MICRO, 1,
                     "a percentage from 0 to 100 with at most one "
                     "decimal, or nothing",
                     &r.good_ratio)) < 0 ||
        (rc = number(L, row, C_HEAVY, 0, 366 * AQ_MICRO, 0,
                     "a whole number of days from 0 to 366, or nothing",
                     &heavy)) < 0)
        return rc;
    if (year < 0)
        return aq_error_set_at(L->err, AQ_EPARSE, L->source, row->line,
                               (unsigned long)t->col[C_YEAR] + 1,
                               "year: missing");
    r.year = (int)year;
    r.heavy_days = (int)heavy;
    unit = aq_reader__field_dup(&L->dec, row, (size_t)t->col[C_UNIT],
                                L->source, L->err, &rc);
    if (!unit)
        return rc;
    if (!*unit) {
        aqx_free(unit);
        return aq_error_set_at(L->err, AQ_EPARSE, L->source, row->line,
                               (unsigned long)t->col[C_UNIT] + 1,
                               "unit: missing");
    }
    for (i = 0; i < t->n; i++)
        if (t->rows[i].year == r.year && !strcmp(t->units[i], unit)) {
            rc = aq_error_set_at(L->err, AQ_EPARSE, L->source, row->line,
                                 (unsigned long)t->col[C_UNIT] + 1,
                                 "unit: %s has targets for %d on line %lu "
                                 "already",
                                 unit, r.year, t->rows[i].line);
            aqx_free(unit);
            return rc;
        }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        aq_target_row *nr = aqx_realloc(t->rows, cap * sizeof *nr);
        char **nu;
        if (nr)
            t->rows = nr;
        nu = nr ? aqx_realloc(t->units, cap * sizeof *nu) : NULL;
        if (!nu) {
            aqx_free(unit);
            return aq_error_set(L->err, AQ_ENOMEM, "out of memory");
        }
        t->units = nu;
        t->cap = cap;
    }
    t->units[t->n] = unit;
    t->rows[t->n++] = r;
    return AQ_OK;
}

aq_status aq_targets_load(aq_targets **out, const char *path, aq_error *err)
{
    loader L;
    aq_csv_row row;
    struct stat sb;
    aq_status rc;
    size_t i;

    *out = NULL;
    if (!path)
        return aq_error_set(err, AQ_EINVALID, "aq_targets_load: NULL");
    if (strcmp(path, "-") && stat(path, &sb) != 0 && errno == ENOENT)
        return aq_error_set_at(err, AQ_ENOTFOUND, path, 0, 0,
                               "no such targets file");
    memset(&L, 0, sizeof L);
    L.err = err;
    aq_reader__decoder_init(&L.dec);
    if (!(L.t = aqx_calloc(1, sizeof *L.t)))
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    if ((rc = aq_csv_open(&L.csv, path, err)) != AQ_OK)
        goto done;
    L.source = aq_csv_source(L.csv);
    if (!(L.t->source = aqx_strdup(L.source))) {
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = aq_reader__header(L.csv, &row, err)) != AQ_OK ||
        (rc = read_header(&L, &row)) != AQ_OK)
        goto done;
    while ((rc = aq_csv_next(L.csv, &row, err)) == AQ_OK)
        if (!aq_reader__is_comment(&row) && (rc = read_row(&L, &row)) != AQ_OK)
            goto done;
    if (rc == AQ_ITEROVER)
        rc = AQ_OK;
done:
    aq_csv_close(L.csv);
    aq_reader__decoder_free(&L.dec);
    if (rc != AQ_OK) {
        aq_targets_free(L.t);
        return rc;
    }
    for (i = 0; i < L.t->n; i++)
        L.t->rows[i].unit = L.t->units[i];
    *out = L.t;
    return AQ_OK;
}

void aq_targets_free(aq_targets *t)
{
    size_t i;

    if (!t)
        return;
    for (i = 0; i < t->n; i++)
        aqx_free(t->units[i]);
    aqx_free(t->units);
    aqx_free(t->rows);
    aqx_free(t->source);
    aqx_free(t);
}

const char *aq_targets_source(const aq_targets *t)
{
    return t ? t->source : "";
}

size_t aq_targets_count(const aq_targets *t)
{
    return t ? t->n : 0;
}

const aq_target_row *aq_targets_get(const aq_targets *t, size_t i)
{
    return t && i < t->n ? &t->rows[i] : NULL;
}

int aq_targets_unit_column(const aq_targets *t)
{
    return t ? t->col[C_UNIT] + 1 : 0;
}
