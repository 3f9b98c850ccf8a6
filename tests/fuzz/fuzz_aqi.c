/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the iaqi and aqi commands' computation on parsed input
 * (N4.3-N4.10). The input is CSV as the commands read it; each row is
 * parsed the way they parse it (aq_pollutant_parse, aq_averaging_parse,
 * aq_decimal_parse) and fed to aq_iaqi_compute(), aq_aqi_daily() and
 * aq_aqi_hourly() under both rule sets. Checked: an IAQI and an AQI are -1
 * or within 0..500 (N4.5), the level matches the AQI (N4.10), and the IAQI
 * never decreases when the concentration grows (the breakpoint table is
 * increasing, N4.3).
 */
#include <string.h>

#include "aq/aqi.h"
#include "aq/csv.h"
#include "aq/decimal.h"
#include "fuzz_common.h"

static void check_aqi(const aq_aqi *a)
{
    int i;

    if (a->aqi < -1 || a->aqi > 500)
        __builtin_trap();
    if (a->aqi >= 0 && a->level != aq_aqi_level(a->aqi))
        __builtin_trap();
    for (i = 0; i < AQ_IND_COUNT; i++)
        if (a->iaqi[i].value < -1 || a->iaqi[i].value > 500)
            __builtin_trap();
}

static int64_t field_value(const aq_csv_row *row, size_t i)
{
    int64_t v;

    if (i >= row->count || !row->lens[i] ||
        aq_decimal_parse(row->fields[i], row->lens[i], &v) < 0 || v < 0)
        return AQ_MISSING;
    return v;
}

static void one_row(const aq_csv_row *row)
{
    int64_t daily[AQ_IND_COUNT], hourly[AQ_HR_COUNT];
    aq_aqi out;
    int rid;
    size_t i;

    for (i = 0; i < AQ_IND_COUNT; i++)
        daily[i] = field_value(row, i);
    for (i = 0; i < AQ_HR_COUNT; i++)
        hourly[i] = field_value(row, i);
    for (rid = AQ_R2012; rid <= AQ_R2026; rid++) {
        const aq_ruleset *rs = aq_ruleset_get((aq_ruleset_id)rid);
        aq_pollutant p;
        aq_averaging a;
        int pm;

        if (aq_aqi_daily(rs, daily, &out) == AQ_OK)
            check_aqi(&out);
        for (pm = AQ_REALTIME_PM_DEFAULT; pm <= AQ_REALTIME_PM_HOURLY; pm++)
            if (aq_aqi_hourly(rs, hourly, (aq_realtime_pm)pm, &out) == AQ_OK)
                check_aqi(&out);
        /* the iaqi command's row: pollutant,averaging,concentration */
        if (row->count >= 3 && aq_pollutant_parse(row->fields[0], &p) == 0 &&
            aq_averaging_parse(row->fields[1], &a) == 0) {
            int64_t c = field_value(row, 2);
            aq_iaqi lo, hi;
            if (aq_iaqi_compute(rs, p, a, c, &lo) < 0)
                continue;
            if (lo.value < -1 || lo.value > 500)
                __builtin_trap();
            if (c == AQ_MISSING || c > INT64_MAX / 2)
                continue;
            /* monotone: a larger concentration never has a smaller IAQI */
            if (aq_iaqi_compute(rs, p, a, c + c / 7 + 1000, &hi) == AQ_OK &&
                lo.value >= 0 && hi.value >= 0 && hi.value < lo.value)
                __builtin_trap();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_memfile(data, size);
    aq_error err = AQ_ERROR_INIT;
    aq_csv *r = NULL;
    aq_csv_row row;
    int i;

    if (!path || aq_csv_open(&r, path, &err) < 0)
        return 0;
    while (aq_csv_next(r, &row, &err) == AQ_OK)
        one_row(&row);
    aq_csv_close(r);
    for (i = -2; i < 503; i += 101)
        (void)aq_level_get(aq_aqi_level(i));
    return 0;
}
