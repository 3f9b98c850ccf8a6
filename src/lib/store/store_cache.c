/* SPDX-License-Identifier: MIT */
/*
 * The cache of period results (issue 6: incremental updates): a result is
 * kept with a key made of the data versions of the months it covers and
 * the jurisdiction version, so it is used only while none of them changed.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/store/store_internal.h"

struct key {
    char *dst;
    size_t cap, n;
};

static aq_status row_key(sqlite3_stmt *row, void *payload)
{
    struct key *k = payload;

    k->n = (size_t)snprintf(k->dst, k->cap, "j%s:%s",
                            aq_store__col_text(row, 0),
                            aq_store__col_text(row, 1));
    return AQ_OK;
}

aq_status aq_store_data_key(aq_store *s, int32_t first, int32_t last,
                            char *dst, size_t cap, aq_error *err)
{
    struct key k = {dst, cap, 0};
    aq_status rc;

    rc = aq_store__query(
        s,
        "SELECT (SELECT value FROM meta WHERE key = 'jurisdiction_version'), "
        "group_concat(month || '.' || version, ',') FROM (SELECT month, "
        "version FROM month_version WHERE month BETWEEN ?1 AND ?2 "
        "ORDER BY month)",
        "reading data versions", row_key, &k, err, "ii",
        aq_store__month_of(first), aq_store__month_of(last));
    if (rc < 0)
        return rc;
    if (k.n >= cap)
        return aq_error_set(err, AQ_ERROR, "data key too long");
    return AQ_OK;
}

struct cached {
    void *dst;
    size_t size;
    int found;
};

static aq_status row_cached(sqlite3_stmt *row, void *payload)
{
    struct cached *c = payload;

    if ((size_t)sqlite3_column_bytes(row, 0) == c->size) {
        memcpy(c->dst, sqlite3_column_blob(row, 0), c->size);
        c->found = 1;
    }
    return AQ_OK;
}

aq_status aq_store_cache_get(aq_store *s, const char *period,
                             const char *key, void *dst, size_t size)
{
    struct cached c = {dst, size, 0};

    if (aq_store__query(s,
                        "SELECT data FROM period_cache WHERE period = ?1 "
                        "AND key = ?2",
                        "reading the period cache", row_cached, &c, NULL,
                        "tt", period, key) < 0)
        return AQ_ESTORE;
    return c.found ? AQ_OK : AQ_ENOTFOUND;
}

aq_status aq_store_cache_put(aq_store *s, const char *period,
                             const char *key, const void *data, size_t size)
{
    if (s->readonly)
        return AQ_OK; /* a reader keeps its results in memory only */
    if (aq_store__query(s,
                        "INSERT OR REPLACE INTO period_cache(period, key, "
                        "data) VALUES (?1, ?2, ?3)",
                        "writing the period cache", NULL, NULL, NULL, "ttb",
                        period, key, data, size) < 0)
        return AQ_ESTORE;
    return AQ_OK;
}
