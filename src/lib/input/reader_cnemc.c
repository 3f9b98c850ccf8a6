/* SPDX-License-Identifier: MIT */
/*
 * Reader of the CNEMC daily files china_sites_YYYYMMDD.csv (the national
 * real-time release as mirrored by quotsoft.net/air): a header
 * `date,hour,type,<station code>...` and one row per hour and type with a
 * value per station. Hour h is the hour ENDING at h (CNEMC release notes),
 * so hour 0 of day D is label 24 of D-1 and hours 1..23 are labels 1..23
 * of D (N1.3.3, TV-21).
 *
 * Only the rows of the six concentrations (PM2.5 PM10 SO2 NO2 O3 CO) are
 * used; AQI and the _24h/_8h rows are the CNEMC's derived values, which
 * aqrank recomputes. The rows of one hour are gathered into one value
 * array per station and emitted when the hour changes, so memory is
 * bounded by the number of stations, not by the file.
 *
 * Traps handled (docs/internals/READERS.md): no final newline; a file cut
 * inside a row (the partial row is dropped, the hour keeps its complete
 * rows); missing hours (nothing is emitted for them); a station column
 * repeated in the header (3207A in 2019-06: identical values are used
 * once, differing values make that value missing).
 */
#include <string.h>
#include <strings.h>

#include "aq/date.h"
#include "aq/decimal.h"
#include "lib/input/reader_internal.h"
#include "util/alloc.h"

typedef struct cnemc {
    size_t ncols;   /* fields in the header */
    size_t nslots;  /* distinct stations */
    int *col_slot;  /* column -> station slot, -1 for date/hour/type */
    int *col_first; /* column -> the first column of the same code, or -1 */
    char *codes;    /* the codes, NUL-separated */
    const char **slot_code;
    int64_t *vals; /* nslots x AQ_POLLUTANT_COUNT of the current hour */
    int64_t key;   /* day * 24 + hour of the current hour */
    int have_hour; /* whether any row of the current hour was used */
    unsigned seen; /* pollutant rows seen in the current hour (bits) */
} cnemc;

static void cnemc_free(cnemc *s)
{
    aqx_free(s->col_slot);
    aqx_free(s->col_first);
    aqx_free(s->codes);
    aqx_free(s->slot_code);
    aqx_free(s->vals);
}

static uint32_t hash_code(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* map the header's station columns to slots; a repeated code shares the
 * slot of its first column */
static aq_status cnemc_header(aq_reader_ctx *c, cnemc *s, const aq_csv_row *h)
{
    size_t i, total = 0, hcap = 16, off = 0;
    int *table = NULL;
    aq_status rc = AQ_OK;

    s->ncols = h->count;
    for (i = 3; i < h->count; i++)
        total += h->lens[i] + 1;
    while (hcap < 2 * h->count)
        hcap *= 2;
    s->col_slot = aqx_malloc(h->count * sizeof *s->col_slot);
    s->col_first = aqx_malloc(h->count * sizeof *s->col_first);
    s->codes = aqx_malloc(total + 1);
    s->slot_code = aqx_malloc(h->count * sizeof *s->slot_code);
    s->vals = aqx_malloc(h->count * AQ_POLLUTANT_COUNT * sizeof *s->vals);
    table = aqx_malloc(hcap * sizeof *table);
    if (!s->col_slot || !s->col_first || !s->codes || !s->slot_code ||
        !s->vals || !table) {
        aqx_free(table);
        return aq_error_set(c->err, AQ_ENOMEM, "out of memory");
    }
    for (i = 0; i < hcap; i++)
        table[i] = -1; /* column index of a code */
    for (i = 0; i < h->count; i++)
        s->col_slot[i] = s->col_first[i] = -1;
    for (i = 3; i < h->count; i++) {
        const char *code = h->fields[i];
        size_t j;
        if (h->lens[i] == 0) {
            rc = aq_error_set_at(c->err, AQ_EPARSE, c->source, h->line, i + 1,
                                 "bad header: empty station code");
            break;
        }
        for (j = hash_code(code) & (hcap - 1); table[j] >= 0;
             j = (j + 1) & (hcap - 1))
            if (!strcmp(h->fields[table[j]], code))
                break;
        if (table[j] >= 0) {
            /* repeated column: same slot, compared with the first */
            s->col_first[i] = table[j];
            s->col_slot[i] = s->col_slot[table[j]];
            continue;
        }
        table[j] = (int)i;
        memcpy(s->codes + off, code, h->lens[i] + 1);
        s->slot_code[s->nslots] = s->codes + off;
        s->col_slot[i] = (int)s->nslots++;
        off += h->lens[i] + 1;
    }
    aqx_free(table);
    for (i = 0; i < s->nslots * AQ_POLLUTANT_COUNT; i++)
        s->vals[i] = AQ_MISSING;
    return rc;
}

/* emit the gathered hour, one observation per station, and reset it */
static aq_status cnemc_flush(aq_reader_ctx *c, cnemc *s)
{
    aq_obs obs;
    int32_t day = (int32_t)(s->key / 24);
    int hour = (int)(s->key % 24);
    size_t k;
    aq_status rc = AQ_OK;

    if (!s->have_hour)
        return AQ_OK;
    /* hour-ending: hour 0 of D closes D-1 (N1.3.3, TV-21) */
    obs.day = hour == 0 ? day - 1 : day;
    obs.hour = hour == 0 ? 24 : hour;
    for (k = 0; k < s->nslots; k++) {
        int64_t *v = s->vals + k * AQ_POLLUTANT_COUNT;
        int p;
        obs.station = s->slot_code[k];
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
            obs.value[p] = v[p];
            v[p] = AQ_MISSING;
        }
        if (rc == AQ_OK)
            rc = aq_reader__emit(c, &obs);
    }
    s->have_hour = 0;
    s->seen = 0;
    return rc;
}

static int pollutant_of_type(const char *t)
{
    static const struct {
        const char *name;
        aq_pollutant p;
    } types[] = {{"PM2.5", AQ_PM25}, {"PM10", AQ_PM10}, {"SO2", AQ_SO2},
                 {"NO2", AQ_NO2},    {"O3", AQ_O3},     {"CO", AQ_CO}};
    size_t i;

    for (i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcasecmp(t, types[i].name))
            return (int)types[i].p;
    return -1;
}

static aq_status cnemc_row(aq_reader_ctx *c, cnemc *s, const aq_csv_row *row)
{
    int y, m, d, hour, p;
    int64_t key;
    size_t i;
    aq_status rc;

    if (aq_reader__is_truncated(c, row, aq_csv_last_unterminated(c->csv),
                                s->ncols))
        return aq_reader__problem(
            c, row->line, row->count,
            "file ends inside this row (%zu of %zu fields): the row is "
            "dropped, the complete rows of its hour are kept",
            row->count, s->ncols);
    if (row->count != s->ncols) {
        c->stats->rejected_rows++;
        return aq_reader__problem(
            c, row->line, row->count < s->ncols ? row->count : s->ncols + 1,
            "wrong column count: %zu fields, the header "
            "has %zu; row rejected",
            row->count, s->ncols);
    }
    if (row->lens[0] != 8 || aq_reader__digits(row->fields[0], 4, 4, &y) ||
        aq_reader__digits(row->fields[0] + 4, 2, 2, &m) ||
        aq_reader__digits(row->fields[0] + 6, 2, 2, &d) ||
        !aq_date_valid(y, m, d)) {
        c->stats->rejected_rows++;
        return aq_reader__problem(c, row->line, 1,
                                  "bad date \"%.20s\" (want YYYYMMDD); row "
                                  "rejected",
                                  row->fields[0]);
    }
    if (aq_reader__digits(row->fields[1], row->lens[1], 9, &hour) ||
        hour > 23) {
        c->stats->rejected_rows++;
        return aq_reader__problem(c, row->line, 2,
                                  "bad hour \"%.20s\" (want 0..23); row "
                                  "rejected",
                                  row->fields[1]);
    }
    key = (int64_t)aq_day_from_civil(y, m, d) * 24 + hour;
    if (s->have_hour && key < s->key) {
        c->stats->rejected_rows++;
        return aq_reader__problem(c, row->line, 2,
                                  "hour %d of %.8s comes after a later hour "
                                  "(rows out of order); row rejected",
                                  hour, row->fields[0]);
    }
    p = pollutant_of_type(row->fields[2]);
    if (p < 0)
        return AQ_OK; /* AQI and the derived _24h/_8h rows: recomputed */
    if (!s->have_hour || key != s->key) {
        if ((rc = cnemc_flush(c, s)) != AQ_OK)
            return rc;
        s->key = key;
        s->have_hour = 1;
    }
    if (s->seen & (1u << p)) {
        c->stats->rejected_rows++;
        return aq_reader__problem(c, row->line, 3,
                                  "second %s row for hour %d; row rejected",
                                  row->fields[2], hour);
    }
    s->seen |= 1u << p;
    for (i = 3; i < s->ncols; i++) {
        int64_t *v = s->vals + (size_t)s->col_slot[i] * AQ_POLLUTANT_COUNT + p;
        int first = s->col_first[i];
        if (first >= 0) {
            /* a repeated station column: used once if it says the same */
            if (row->lens[i] == row->lens[first] &&
                !memcmp(row->fields[i], row->fields[first], row->lens[i]))
                continue;
            *v = AQ_MISSING;
            c->stats->rejected_values++;
            rc = aq_reader__problem(
                c, row->line, i + 1,
                "station %s: %s \"%.20s\" differs from column %d (\"%.20s\"); "
                "value treated as missing",
                s->slot_code[s->col_slot[i]], row->fields[2], row->fields[i],
                first + 1, row->fields[first]);
        } else {
            rc = aq_reader__value(c, (aq_pollutant)p, row->fields[i],
                                  row->lens[i], 0, row->line, i + 1, v);
        }
        if (rc != AQ_OK)
            return rc;
    }
    return AQ_OK;
}

aq_status aq_reader__cnemc(aq_reader_ctx *c, const aq_csv_row *header)
{
    cnemc s;
    aq_csv_row row;
    aq_status rc;

    memset(&s, 0, sizeof s);
    if (!aq_reader__is_cnemc_header(header)) {
        rc = aq_error_set_at(c->err, AQ_EPARSE, c->source, header->line, 1,
                             "bad header for cnemc: want "
                             "date,hour,type,<station codes>");
        goto done;
    }
    if ((rc = cnemc_header(c, &s, header)) != AQ_OK)
        goto done;
    while ((rc = aq_csv_next(c->csv, &row, c->err)) == AQ_OK) {
        c->stats->rows++;
        if ((rc = cnemc_row(c, &s, &row)) != AQ_OK)
            goto done;
    }
    if (rc == AQ_ITEROVER)
        rc = cnemc_flush(c, &s);
done:
    cnemc_free(&s);
    return rc;
}
