/* SPDX-License-Identifier: MIT */
/*
 * Reader of aqrank's own long CSV: a header, then one row per
 * station-hour. Columns are found by name in any order (ASCII
 * case-insensitive): `station` (alias `station_code`), `time` (alias
 * `timestamp`) and any of `so2 no2 pm10 pm25 co o3` (`pm2.5` accepted);
 * other columns are ignored. Units are those of N1.1 (CO in mg/m³).
 *
 * `time` is ISO 8601 (aq_time_parse: no offset = UTC+8) and the value
 * covers the hour that BEGINS at `time`, so 2018-07-01T13:00 is label 14 of
 * 2018-07-01 and T23:00 is label 24 (N1.3.3, TV-21). A time that is not on
 * the hour is a rejected row. Station names may be Chinese, in UTF-8 or
 * GB18030 (converted).
 */
#include <string.h>

#include "aq/decimal.h"
#include "lib/input/reader_internal.h"

aq_status aq_reader__long_columns(aq_reader_ctx *c, const aq_csv_row *h,
                                  aq_long_cols *lc)
{
    enum { STATION = AQ_POLLUTANT_COUNT, TIME, SLOTS };
    static const aq_reader__column names[] = {
        {"station", STATION}, {"station_code", STATION}, {"time", TIME},
        {"timestamp", TIME},  {"so2", AQ_SO2},           {"no2", AQ_NO2},
        {"pm10", AQ_PM10},    {"pm25", AQ_PM25},         {"pm2.5", AQ_PM25},
        {"co", AQ_CO},        {"o3", AQ_O3}};
    int col[SLOTS], p, any = 0;
    aq_status rc;

    if ((rc = aq_reader__columns(h, NULL, names,
                                 sizeof names / sizeof names[0], col, SLOTS,
                                 NULL, c->source, c->err)) != AQ_OK)
        return rc;
    lc->station = col[STATION];
    lc->time = col[TIME];
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        lc->pol[p] = col[p];
    if (lc->station < 0 || lc->time < 0)
        return aq_error_set_at(c->err, AQ_EPARSE, c->source, h->line, 1,
                               "bad header for long: need the columns "
                               "station (or station_code) and time (or "
                               "timestamp)");
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        any |= lc->pol[p] >= 0;
    if (!any)
        return aq_error_set_at(c->err, AQ_EPARSE, c->source, h->line, 1,
                               "bad header for long: no pollutant column "
                               "(so2 no2 pm10 pm25 co o3)");
    lc->need = (size_t)(lc->station > lc->time ? lc->station : lc->time) + 1;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        if (lc->pol[p] >= 0 && (size_t)lc->pol[p] + 1 > lc->need)
            lc->need = (size_t)lc->pol[p] + 1;
    lc->header_fields = h->count;
    return AQ_OK;
}

aq_status aq_reader__long_when(aq_reader_ctx *c, const aq_long_cols *lc,
                               const aq_csv_row *row, int unterminated,
                               int32_t *day, int *label, int *ok)
{
    const char *tf;
    size_t tlen;
    int t, whole;
    aq_status rc;

    *ok = 0;
    rc = aq_reader__row_width(c, row, unterminated, lc->header_fields,
                              lc->need, &whole);
    if (!whole)
        return rc;
    tf = row->fields[lc->time];
    tlen = row->lens[lc->time];
    t = aq_reader__hour_of(tf, tlen, day, label);
    if (t != AQ_READER__TIME_OK) {
        c->stats->rejected_rows++;
        return aq_reader__problem(c, row->line, (unsigned long)lc->time + 1,
                                  t == AQ_READER__TIME_BAD
                                      ? "bad time \"%.*s\" (want ISO 8601 "
                                        "YYYY-MM-DDTHH:MM); row rejected"
                                      : "time \"%.*s\" is not on the hour; "
                                        "row rejected",
                                  (int)(tlen > 40 ? 40 : tlen), tf);
    }
    *ok = 1;
    return AQ_OK;
}

aq_status aq_reader__long_what(aq_reader_ctx *c, const aq_long_cols *lc,
                               const aq_csv_row *row, aq_text_decoder *dec,
                               aq_obs *obs, int *ok)
{
    const char *st;
    size_t stlen;
    aq_status rc;
    int p;

    *ok = 0;
    rc = aq_reader__decode(dec, row->fields[lc->station],
                           row->lens[lc->station], &st, &stlen);
    if (rc == AQ_ENOMEM || rc == AQ_ERROR)
        return aq_error_set_at(c->err, rc, c->source, row->line,
                               (unsigned long)lc->station + 1,
                               rc == AQ_ENOMEM ? "out of memory"
                                               : "iconv cannot convert "
                                                 "GB18030");
    if (rc != AQ_OK || stlen == 0) {
        c->stats->rejected_rows++;
        return aq_reader__problem(c, row->line, (unsigned long)lc->station + 1,
                                  rc != AQ_OK ? "station is neither UTF-8 "
                                                "nor GB18030; row rejected"
                                              : "empty station; row "
                                                "rejected");
    }
    obs->station = st;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        obs->value[p] = AQ_MISSING;
        if (lc->pol[p] >= 0 &&
            (rc = aq_reader__value(c, (aq_pollutant)p, row->fields[lc->pol[p]],
                                   row->lens[lc->pol[p]], 0, row->line,
                                   (unsigned long)lc->pol[p] + 1,
                                   &obs->value[p])) != AQ_OK)
            return rc;
    }
    *ok = 1;
    return AQ_OK;
}

aq_status aq_reader__long(aq_reader_ctx *c, const aq_csv_row *header)
{
    aq_long_cols lc;
    aq_text_decoder dec;
    aq_csv_row row;
    aq_status rc;

    if ((rc = aq_reader__long_columns(c, header, &lc)) != AQ_OK)
        return rc;
    aq_reader__decoder_init(&dec);
    while ((rc = aq_csv_next(c->csv, &row, c->err)) == AQ_OK) {
        aq_obs obs;
        int ok;

        c->stats->rows++;
        rc =
            aq_reader__long_when(c, &lc, &row, aq_csv_last_unterminated(c->csv),
                                 &obs.day, &obs.hour, &ok);
        if (rc == AQ_OK && ok)
            rc = aq_reader__long_what(c, &lc, &row, &dec, &obs, &ok);
        if (rc == AQ_OK && ok)
            rc = aq_reader__emit(c, &obs);
        if (rc != AQ_OK)
            break;
    }
    aq_reader__decoder_free(&dec);
    return rc == AQ_ITEROVER ? AQ_OK : rc;
}
