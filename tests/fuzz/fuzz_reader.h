/* SPDX-License-Identifier: MIT */
/*
 * The body of the reader fuzz targets (fuzz_reader_<format>.c): one input
 * is read twice through aq_read_file() in the format FUZZ_FORMAT, once
 * lenient and once strict, and every observation handed to the callback is
 * checked against the reader contract of aq/reader.h: hour label 1..24
 * (N1.3.3), values missing or non-negative (N3.2), a station code; every
 * road inspection (issue 20) against its own: a unit and a road, a minute
 * of the day, a load of 0..1000 g/m2 and a litter time of 0..1440 minutes
 * or missing. Units starting with "x" are unknown (the rejection path).
 */
#ifndef AQ_FUZZ_READER_H
#define AQ_FUZZ_READER_H

#include <string.h>

#include "aq/decimal.h"
#include "aq/reader.h"
#include "fuzz_common.h"

static aq_status fuzz_on_obs(const aq_obs *o, void *payload)
{
    int i;

    (void)payload;
    if (!o->station || o->hour < 1 || o->hour > 24)
        __builtin_trap();
    (void)strlen(o->station);
    for (i = 0; i < AQ_POLLUTANT_COUNT; i++)
        if (o->value[i] != AQ_MISSING && o->value[i] < 0)
            __builtin_trap();
    return AQ_OK;
}

static aq_status fuzz_on_inspection(const aq_inspection *r, void *payload)
{
    (void)payload;
    if (!r->unit || !*r->unit || !r->road || !*r->road || !r->inspector ||
        !r->note || r->minute < 0 || r->minute > 1439 ||
        (r->dust != AQ_MISSING && (r->dust < 0 || r->dust > 1000 * AQ_MICRO)) ||
        (r->litter != AQ_MISSING &&
         (r->litter < 0 || r->litter > 1440 * AQ_MICRO)))
        __builtin_trap();
    (void)strlen(r->inspector);
    (void)strlen(r->note);
    return AQ_OK;
}

static int fuzz_unit_known(const char *unit, void *payload)
{
    (void)payload;
    return unit[0] != 'x';
}

static void fuzz_on_problem(const char *source, unsigned long line,
                            unsigned long column, const char *message,
                            void *payload)
{
    (void)line;
    (void)column;
    (void)payload;
    (void)strlen(source);
    (void)strlen(message);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_memfile(data, size);
    aq_read_options opts = AQ_READ_OPTIONS_INIT;
    aq_read_stats st;
    aq_error err = AQ_ERROR_INIT;
    int strict;

    if (!path)
        return 0;
    opts.format = FUZZ_FORMAT;
    opts.problem_cb = fuzz_on_problem;
    opts.inspection_cb = fuzz_on_inspection;
    opts.unit_known = fuzz_unit_known;
    for (strict = 0; strict <= 1; strict++) {
        opts.strict = strict;
        memset(&st, 0, sizeof st);
        (void)aq_read_file(path, &opts, fuzz_on_obs, NULL, &st, &err);
        /* the problem summary stays a terminated string in its buffer */
        if (!memchr(st.first_problems, '\0', sizeof st.first_problems))
            __builtin_trap();
    }
    return 0;
}

#endif /* AQ_FUZZ_READER_H */
