/* SPDX-License-Identifier: MIT */
/*
 * Reader of the UCI Beijing Multi-Site files PRSA_Data_<Station>_....csv
 * (Zhang et al. 2017): one row per station-hour, quoted header and string
 * fields, CRLF, `NA` for a missing value, CO in μg/m³. The `hour` column
 * is treated as hour-STARTING (policy P1, U13): hour h covers h:00-h+1:00
 * and becomes label h+1 of the same day, so hour 23 is label 24 (N1.3.3,
 * TV-21). CO is divided by 1000 to mg/m³, exactly (a value with more than
 * three decimals in μg/m³ would not fit micro-units and is rejected).
 * Weather columns are ignored.
 */
#include <string.h>

#include "aq/date.h"
#include "aq/decimal.h"
#include "lib/input/reader_internal.h"

enum { C_YEAR, C_MONTH, C_DAY, C_HOUR, C_STATION, C_COUNT };

aq_status aq_reader__uci(aq_reader_ctx *c, const aq_csv_row *header)
{
    static const char *const time_names[C_COUNT] = {"year", "month", "day",
                                                    "hour", "station"};
    static const char *const pol_names[AQ_POLLUTANT_COUNT] = {
        [AQ_SO2] = "SO2",    [AQ_NO2] = "NO2", [AQ_PM10] = "PM10",
        [AQ_PM25] = "PM2.5", [AQ_CO] = "CO",   [AQ_O3] = "O3"};
    int col[C_COUNT], pcol[AQ_POLLUTANT_COUNT], k;
    size_t need = 0;
    aq_csv_row row;
    aq_status rc;
    const char *override = c->opts->station_override;

    for (k = 0; k < C_COUNT; k++) {
        col[k] = aq_csv_find(header, time_names[k]);
        if (col[k] < 0 && !(k == C_STATION && override))
            return aq_error_set_at(c->err, AQ_EPARSE, c->source, header->line,
                                   1, "bad header for uci: no column \"%s\"",
                                   time_names[k]);
        if (col[k] >= 0 && (size_t)col[k] + 1 > need)
            need = (size_t)col[k] + 1;
    }
    for (k = 0; k < AQ_POLLUTANT_COUNT; k++) {
        pcol[k] = aq_csv_find(header, pol_names[k]);
        if (pcol[k] < 0)
            return aq_error_set_at(c->err, AQ_EPARSE, c->source, header->line,
                                   1, "bad header for uci: no column \"%s\"",
                                   pol_names[k]);
        if ((size_t)pcol[k] + 1 > need)
            need = (size_t)pcol[k] + 1;
    }

    while ((rc = aq_csv_next(c->csv, &row, c->err)) == AQ_OK) {
        aq_obs obs;
        int y, m, d, h, whole;

        c->stats->rows++;
        rc = aq_reader__row_width(c, &row, aq_csv_last_unterminated(c->csv),
                                  header->count, need, &whole);
        if (rc != AQ_OK)
            return rc;
        if (!whole)
            continue;
        if (aq_reader__digits(row.fields[col[C_YEAR]], row.lens[col[C_YEAR]], 6,
                              &y) ||
            aq_reader__digits(row.fields[col[C_MONTH]], row.lens[col[C_MONTH]],
                              6, &m) ||
            aq_reader__digits(row.fields[col[C_DAY]], row.lens[col[C_DAY]], 6,
                              &d) ||
            !aq_date_valid(y, m, d)) {
            c->stats->rejected_rows++;
            if ((rc = aq_reader__problem(
                     c, row.line, (unsigned long)col[C_YEAR] + 1,
                     "bad date %.6s-%.4s-%.4s; row "
                     "rejected",
                     row.fields[col[C_YEAR]], row.fields[col[C_MONTH]],
                     row.fields[col[C_DAY]])) != AQ_OK)
                return rc;
            continue;
        }
        if (aq_reader__digits(row.fields[col[C_HOUR]], row.lens[col[C_HOUR]], 6,
                              &h) ||
            h > 23) {
            c->stats->rejected_rows++;
            if ((rc = aq_reader__problem(c, row.line,
                                         (unsigned long)col[C_HOUR] + 1,
                                         "bad hour \"%.10s\" (want 0..23); "
                                         "row rejected",
                                         row.fields[col[C_HOUR]])) != AQ_OK)
                return rc;
            continue;
        }
        obs.station = override ? override : row.fields[col[C_STATION]];
        if (!obs.station[0]) {
            c->stats->rejected_rows++;
            if ((rc = aq_reader__problem(
                     c, row.line, (unsigned long)col[C_STATION] + 1,
                     "empty station; row rejected")) != AQ_OK)
                return rc;
            continue;
        }
        /* hour-starting h -> label h+1 of the same day (N1.3.3, TV-21) */
        obs.day = aq_day_from_civil(y, m, d);
        obs.hour = h + 1;
        for (k = 0; k < AQ_POLLUTANT_COUNT; k++) {
            const char *f = row.fields[pcol[k]];
            size_t len = row.lens[pcol[k]];
            rc = aq_reader__value(c, (aq_pollutant)k, f, len, k == AQ_CO,
                                  row.line, (unsigned long)pcol[k] + 1,
                                  &obs.value[k]);
            if (rc != AQ_OK)
                return rc;
        }
        if ((rc = aq_reader__emit(c, &obs)) != AQ_OK)
            return rc;
    }
    return rc == AQ_ITEROVER ? AQ_OK : rc;
}
