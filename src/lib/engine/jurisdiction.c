/* SPDX-License-Identifier: MIT */
/*
 * A stations file made a store's jurisdiction (include/aq/jurisdiction.h):
 * the one place where the input layer's station list becomes the store's
 * rows (P1), for `aqrank init` and for anyone else who builds a store.
 */
#include "aq/jurisdiction.h"
#include "util/alloc.h"

aq_status aq_jurisdiction_set(aq_store *s, const aq_stations *st,
                              const char *policy_text, aq_error *err)
{
    size_t i, n = aq_stations_count(st);
    aq_station_row *rows = aqx_calloc(n ? n : 1, sizeof *rows);
    aq_status rc;

    if (!rows)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        const aq_station *x = aq_stations_get(st, i);
        rows[i].code = x->code;
        rows[i].unit = aq_stations_unit_name(st, (size_t)x->unit);
        rows[i].unit_en = aq_stations_unit_name_en(st, (size_t)x->unit);
        rows[i].name = x->name;
        rows[i].lon = x->lon;
        rows[i].lat = x->lat;
        rows[i].reference = x->reference;
    }
    rc = aq_store_set_jurisdiction(s, rows, n, policy_text, err);
    aqx_free(rows);
    return rc;
}
