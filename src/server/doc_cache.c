/* SPDX-License-Identifier: MIT */
/*
 * Each worker thread keeps its own read-only SQLite connection, the
 * ranking built from it, and the documents answered from that ranking,
 * all for one data version (SQLite's data_version: it changes when
 * another connection commits, an ingest or a spending record). When the
 * version moves, the ranking and every document go together, so a reply
 * is never older than the data. A kept document carries its ETag and, once
 * asked for, its gzip form: the same request twice costs one computation
 * and one compression, and a client that has it gets 304.
 */
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "server/server.h"
#include "util/alloc.h"

/* Documents per thread, and their total size: the ranking of every month
 * of a few years and the bulletins of some fit. */
#define DOC_SLOTS 64
#define DOC_BYTES (16u << 20)

struct doc {
    char *key;
    char *body, *gz;
    int gz_tried;
    srv_entity e; /* type and csp: literals of the routes */
    void *prepared[2];
};

struct thread_ctx {
    aq_store *store;
    aq_ranking *ranking;
    long version;
    struct doc docs[DOC_SLOTS];
    int next;
    size_t bytes;
};

static void drop_doc(struct thread_ctx *t, struct doc *d)
{
    t->bytes -= d->e.len + d->e.gz_len;
    srv_prepared_free(d->prepared[0]);
    srv_prepared_free(d->prepared[1]);
    aqx_free(d->key);
    aqx_free(d->body);
    aqx_free(d->gz);
    memset(d, 0, sizeof *d);
}

static void drop_docs(struct thread_ctx *t)
{
    int i;

    for (i = 0; i < DOC_SLOTS; i++)
        if (t->docs[i].key)
            drop_doc(t, &t->docs[i]);
    t->bytes = 0;
}

void srv_thread_free(void *p)
{
    struct thread_ctx *t = p;

    drop_docs(t);
    aq_ranking_free(t->ranking);
    aq_store_close(t->store);
    aqx_free(t);
}

/* The thread's state, with what the data version no longer covers
 * dropped; NULL with err set. */
static struct thread_ctx *thread_ctx(srv_request *r, aq_error *err)
{
    const srv_config *cfg = srv_config_of(r);
    struct thread_ctx *t = pthread_getspecific(cfg->thread_key);
    long v;

    if (!t) {
        t = aqx_calloc(1, sizeof *t);
        if (!t) {
            aq_error_set(err, AQ_ENOMEM, "out of memory");
            return NULL;
        }
        if (aq_store_open(&t->store, cfg->db_path, AQ_STORE_READONLY, err) <
            0) {
            aqx_free(t);
            return NULL;
        }
        t->version = -2;
        pthread_setspecific(cfg->thread_key, t);
    }
    v = aq_store_data_version(t->store);
    if (v != t->version) {
        aq_ranking_free(t->ranking);
        t->ranking = NULL;
        drop_docs(t);
        t->version = v;
    }
    return t;
}

aq_store *srv_store(srv_request *r, aq_error *err)
{
    struct thread_ctx *t = thread_ctx(r, err);

    return t ? t->store : NULL;
}

aq_ranking *srv_ranking(srv_request *r, aq_error *err)
{
    struct thread_ctx *t = thread_ctx(r, err);

    if (!t)
        return NULL;
    if (!t->ranking &&
        aq_ranking_build(&t->ranking, t->store, NULL, AQ_RANKING_LATEST,
                         err) < 0)
        return NULL;
    return t->ranking;
}

aq_status srv_open_writer(srv_request *r, aq_store **out, aq_error *err)
{
    return aq_store_open(out, srv_config_of(r)->db_path, 0, err);
}

static struct doc *find(struct thread_ctx *t, const char *key)
{
    int i;

    for (i = 0; i < DOC_SLOTS; i++)
        if (t->docs[i].key && !strcmp(t->docs[i].key, key))
            return &t->docs[i];
    return NULL;
}

int srv_doc_reply(srv_request *r, const char *key)
{
    aq_error err = AQ_ERROR_INIT;
    struct thread_ctx *t = thread_ctx(r, &err);
    struct doc *d = t ? find(t, key) : NULL;

    if (!d)
        return 0;
    if (!d->gz_tried && srv_accepts_gzip(r)) {
        d->gz_tried = 1;
        d->e.gz = d->gz = srv_gzip(d->body, d->e.len, 6, &d->e.gz_len);
        t->bytes += d->e.gz_len;
    }
    srv_reply_entity(r, &d->e);
    return 1;
}

/* FNV-1a, 64 bits: the ETag of a body (a validator, not a secret) */
static unsigned long long fnv1a(const char *p, size_t n)
{
    unsigned long long h = 0xcbf29ce484222325ULL;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

void srv_doc_keep(srv_request *r, const char *key)
{
    aq_error err = AQ_ERROR_INIT;
    struct thread_ctx *t = thread_ctx(r, &err);
    const char *body, *type, *csp;
    size_t len;
    struct doc *d;

    body = srv_reply_body(r, &len, &type, &csp);
    if (!t || !body || len > DOC_BYTES / 4)
        return;
    if ((d = find(t, key)) != NULL)
        drop_doc(t, d);
    /* the oldest go first until the new one fits */
    while (t->bytes + len > DOC_BYTES || t->docs[t->next].key) {
        if (t->docs[t->next].key)
            drop_doc(t, &t->docs[t->next]);
        if (t->bytes + len <= DOC_BYTES)
            break;
        t->next = (t->next + 1) % DOC_SLOTS;
    }
    d = &t->docs[t->next];
    t->next = (t->next + 1) % DOC_SLOTS;
    d->key = aqx_strdup(key);
    d->body = aqx_malloc(len + 1);
    if (!d->key || !d->body) {
        aqx_free(d->key);
        aqx_free(d->body);
        memset(d, 0, sizeof *d);
        return;
    }
    memcpy(d->body, body, len);
    d->body[len] = '\0';
    d->e.body = d->body;
    d->e.len = len;
    d->e.type = type;
    d->e.csp = csp;
    d->e.prepared = d->prepared;
    snprintf(d->e.etag, sizeof d->e.etag, "\"%016llx\"", fnv1a(body, len));
    t->bytes += len;
}
