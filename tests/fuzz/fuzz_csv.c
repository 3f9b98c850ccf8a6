/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the CSV tokenizer (aq/csv.h) on any bytes, plain or gzip.
 * Every row is walked and its fields checked against their stated lengths,
 * so a tokenizer that hands out a wrong length or an unterminated field is
 * caught by ASan; aq_csv_find is tried on the first row as on a header.
 */
#include <string.h>

#include "aq/csv.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_memfile(data, size);
    aq_error err = AQ_ERROR_INIT;
    aq_csv *r = NULL;
    aq_csv_row row;
    aq_status rc;
    unsigned long rows = 0, last_line = 0;
    size_t i;

    if (!path || aq_csv_open(&r, path, &err) < 0)
        return 0;
    while ((rc = aq_csv_next(r, &row, &err)) == AQ_OK) {
        /* a row's fields are NUL-terminated at their stated length and the
         * line numbers never go backwards */
        for (i = 0; i < row.count; i++)
            if (strlen(row.fields[i]) > row.lens[i])
                __builtin_trap();
        if (row.line < last_line)
            __builtin_trap();
        last_line = row.line;
        if (rows++ == 0) {
            (void)aq_csv_find(&row, "station");
            (void)aq_csv_find(&row, "pm2.5");
        }
    }
    if (rc != AQ_ITEROVER && rc != AQ_EPARSE && rc != AQ_EIO &&
        rc != AQ_ENOMEM)
        __builtin_trap();
    (void)aq_csv_last_unterminated(r);
    (void)aq_csv_source(r);
    aq_csv_close(r);
    return 0;
}
