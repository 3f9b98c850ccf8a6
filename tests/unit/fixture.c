/* SPDX-License-Identifier: MIT */
/* Files and stores for the unit tests (fixture.h). */
#include "fixture.h"

#include <stdio.h>

#include "harness.h"

const char *aqt_write_file(char *path, size_t cap, const char *name,
                           const char *text)
{
    static char own[512];
    FILE *f;

    if (!path) {
        path = own;
        cap = sizeof own;
    }
    snprintf(path, cap, "%s/%s", aqt_tmp_dir(), name);
    f = fopen(path, "wb");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0)
        aqt_fail(__FILE__, __LINE__, "cannot write %s", path);
    return path;
}

aq_store *aqt_store_fresh(const char *file, const aq_station_row *rows,
                          size_t n, const char *policy, char *path, size_t cap)
{
    char own[512], wal[600];
    aq_store *s = NULL;
    aq_error err = AQ_ERROR_INIT;

    if (!path) {
        path = own;
        cap = sizeof own;
    }
    snprintf(path, cap, "%s/%s", aqt_tmp_dir(), file);
    remove(path);
    snprintf(wal, sizeof wal, "%s-wal", path);
    remove(wal);
    if (aq_store_open(&s, path, AQ_STORE_CREATE, &err) != AQ_OK) {
        aqt_fail(__FILE__, __LINE__, "open %s: %s", path, err.message);
        return NULL;
    }
    if (aq_store_set_jurisdiction(s, rows, n, policy, &err) != AQ_OK) {
        aqt_fail(__FILE__, __LINE__, "%s: jurisdiction: %s", file, err.message);
        aq_store_close(s);
        return NULL;
    }
    return s;
}

aq_store *aqt_store_begin(const char *file, const aq_station_row *rows,
                          size_t n, const char *policy, aq_ingest **ing)
{
    aq_store *s = aqt_store_fresh(file, rows, n, policy, NULL, 0);
    aq_error err = AQ_ERROR_INIT;

    *ing = NULL;
    if (s && aq_ingest_begin(s, ing, file, file, "long", &err) != AQ_OK) {
        aqt_fail(__FILE__, __LINE__, "%s: ingest: %s", file, err.message);
        aq_store_close(s);
        return NULL;
    }
    return s;
}

aq_store *aqt_store_commit(aq_store *s, aq_ingest *ing)
{
    aq_ingest_report rep;
    aq_error err = AQ_ERROR_INIT;

    if (aq_ingest_commit(ing, &rep, &err) != AQ_OK) {
        aqt_fail(__FILE__, __LINE__, "commit: %s", err.message);
        aq_store_close(s);
        return NULL;
    }
    return s;
}

aq_store *aqt_store_abort(aq_store *s, aq_ingest *ing, const aq_error *err)
{
    aqt_fail(__FILE__, __LINE__, "ingest: %s", err->message);
    aq_ingest_abort(ing);
    aq_store_close(s);
    return NULL;
}
