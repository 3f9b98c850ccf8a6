/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the jurisdiction's station list (aq/stations.h), UTF-8 or
 * GB18030, plain or gzip. A list that loads is walked through every
 * accessor and checked for consistency: each station's unit exists, each
 * code finds itself, the unit sizes add up to the station count.
 */
#include <string.h>

#include "aq/stations.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_memfile(data, size);
    aq_error err = AQ_ERROR_INIT;
    aq_stations *s = NULL;
    size_t i, k, n, units, total = 0;

    if (!path || aq_stations_load(&s, path, &err) < 0) {
        aq_stations_free(s);
        return 0;
    }
    n = aq_stations_count(s);
    units = aq_stations_unit_count(s);
    for (i = 0; i < n; i++) {
        const aq_station *st = aq_stations_get(s, i);
        if (!st || !st->code || st->unit < 0 || (size_t)st->unit >= units)
            __builtin_trap();
        if (aq_stations_find(s, st->code) != st ||
            aq_stations_unit_of(s, st->code) != st->unit)
            __builtin_trap();
        (void)aq_stations_is_reference(s, st->code);
        if (st->name)
            (void)strlen(st->name);
    }
    for (i = 0; i < units; i++) {
        const char *name = aq_stations_unit_name(s, i);
        const char *en = aq_stations_unit_name_en(s, i);
        if (!name || aq_stations_unit_find(s, name) != (int)i)
            __builtin_trap();
        if (en)
            (void)strlen(en);
        for (k = 0; k < aq_stations_unit_size(s, i); k++)
            if (!aq_stations_unit_station(s, i, k))
                __builtin_trap();
        total += aq_stations_unit_size(s, i);
    }
    if (total != n || aq_stations_get(s, n) ||
        aq_stations_unit_name(s, units))
        __builtin_trap();
    aq_stations_free(s);
    return 0;
}
