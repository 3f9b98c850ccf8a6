/* SPDX-License-Identifier: MIT */
/*
 * aqrank serve, what its files share. One concept a file:
 *   serve.c       the command: options, the listening socket, start, stop
 *   gate.c        the door: accepts connections, limits each client, reads
 *                 a request's head against a deadline and its limits, and
 *                 hands good ones to libmicrohttpd
 *   http.c        the libmicrohttpd callbacks: a request's life, the checks
 *                 every request passes (Host, parameters), the headers of
 *                 every reply, conditional requests and compression
 *   doc_cache.c   each worker thread's store, ranking and the documents
 *                 built from them, kept per data version
 *   static.c      the dashboard's files, with validators and compression
 *   access_log.c  the access log, buffered and bounded by rotation
 *   compress.c    gzip
 *   api_routes.c  the routes of /api/v1/ (docs/http-api.md)
 *   mhd.c         libmicrohttpd, loaded with dlopen
 * Handlers parse the request, call libaqrank's public API and send what it
 * returns; they compute nothing.
 */
#ifndef AQ_SERVER_H
#define AQ_SERVER_H

#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "aq/common.h"
#include "aq/ranking.h"
#include "aq/store.h"
#include "aq/targets.h"

/* ---- Limits (docs/http-api.md, "Limits") ---- */

/* A request body (POST /api/v1/funds) */
#define SRV_MAX_BODY (64u * 1024)
/* The request line (method, target, version) */
#define SRV_MAX_LINE (8u * 1024)
/* The request's head: request line and header fields */
#define SRV_MAX_HEAD (32u * 1024)
/* Query parameters of one request */
#define SRV_MAX_PARAMS 32

/* ---- The server's settings, fixed once it serves ---- */

typedef struct srv_log srv_log;
typedef struct srv_gate srv_gate;

typedef struct srv_config {
    const char *db_path;
    char token[256];
    int have_token;
    char web_root[PATH_MAX];
    char vendor_root[PATH_MAX];
    /* the Host names answered besides the listening address's own */
    char hosts[8][128];
    int n_hosts;
    int any_ip_host;          /* listening on 0.0.0.0: any IPv4 literal */
    struct sockaddr_in addr;  /* where it listens (port filled in) */
    srv_log *log;
    pthread_key_t thread_key; /* doc_cache.c */
    srv_gate *gate;
    aq_targets *targets;      /* --targets, read-only once serving */
} srv_config;

/* ---- A request (http.c) ---- */

typedef struct srv_request srv_request;

const char *srv_method(const srv_request *r);
const char *srv_query(const srv_request *r, const char *name);
/* The request target as sent (path and query), for cache keys. */
const char *srv_target(const srv_request *r);
const char *srv_header(const srv_request *r, const char *name);
const char *srv_body(const srv_request *r, size_t *len);
const srv_config *srv_config_of(const srv_request *r);
/* Whether the request carries the server's bearer token. */
int srv_authorized(const srv_request *r);

/* Replies. srv_reply copies body; srv_reply_json_take takes json (from
 * aq_api_*, freed with aq_free). */
void srv_reply(srv_request *r, int status, const char *content_type,
               const char *body, size_t len);
void srv_reply_json_take(srv_request *r, int status, char *json);
/* {"error": code, "message": message}; the message is our own text and
 * may quote the request: anything not valid UTF-8 becomes U+FFFD. */
void srv_reply_error(srv_request *r, int status, const char *code,
                     const char *message);
/* The HTTP status and reply for a library failure (one table). */
void srv_reply_status(srv_request *r, const aq_error *err);
/* Reply headers beyond the defaults (see http.c). */
void srv_set_allow(srv_request *r, const char *methods);
void srv_set_cache(srv_request *r, const char *cache_control);
void srv_set_csp(srv_request *r, const char *policy);
/* A representation with validators: the body, its gzip form (or NULL),
 * its ETag and file time (0 if none). prepared, when not NULL, holds two
 * slots (identity, gzip) where the reply is built once and reused for
 * every request (free each with srv_prepared_free). csp: the page's
 * Content-Security-Policy, NULL for the default. */
typedef struct srv_entity {
    const char *type, *csp;
    const char *body, *gz;
    size_t len, gz_len;
    char etag[48];
    long long mtime;
    void **prepared;
} srv_entity;
/* Answer e (borrowed until the reply is sent): 304 when the client has
 * it (If-None-Match, If-Modified-Since), the gzip form when the client
 * takes it. */
void srv_reply_entity(srv_request *r, const srv_entity *e);
void srv_prepared_free(void *prepared);
/* The status of the reply being built (0 when none yet). */
int srv_reply_code(const srv_request *r);
/* Whether the client accepts gzip (Accept-Encoding). */
int srv_accepts_gzip(const srv_request *r);

/* Whether s is valid UTF-8 (no overlong forms, no surrogates). */
int srv_utf8_valid(const char *s);

struct MHD_Daemon;
/* libmicrohttpd with a pool of threads, fed by the door (gate.c). */
struct MHD_Daemon *srv_http_start(srv_config *cfg, unsigned threads,
                                  unsigned max_connections,
                                  unsigned per_client, unsigned timeout);

/* Ends the kept-alive connections that owe the head of their next request
 * for more than head_timeout seconds since their last answer (the door
 * watches the first request's); serve.c calls it every second. */
void srv_http_watch(unsigned head_timeout);

/* ---- Per-thread state and documents (doc_cache.c) ---- */

/* The calling thread's read-only store, or NULL with err set. */
aq_store *srv_store(srv_request *r, aq_error *err);
/* The calling thread's ranking up to the last month with data, rebuilt
 * when the data change; NULL with err set. Borrowed. */
aq_ranking *srv_ranking(srv_request *r, aq_error *err);
/* A document of the current data version under key, answered with
 * srv_reply_entity (1), or 0 when there is none. */
int srv_doc_reply(srv_request *r, const char *key);
/* Keep the 200 reply just built under key for this data version. */
void srv_doc_keep(srv_request *r, const char *key);
/* The read-write store for write requests (opened per request). */
aq_status srv_open_writer(srv_request *r, aq_store **out, aq_error *err);
/* What a thread keeps (the thread key's destructor). */
void srv_thread_free(void *ctx);
/* The reply being built, for srv_doc_keep. */
const char *srv_reply_body(const srv_request *r, size_t *len,
                           const char **content_type, const char **csp);

/* ---- Static files (static.c) ---- */

/* Answers path if it is one of the dashboard's files (1), else 0. */
int srv_static(srv_request *r, const char *path);
void srv_static_free(void);

/* ---- Routes (api_routes.c) ---- */

/* 1 if path is under /api/ (answered), 0 otherwise. */
int srv_route_api(srv_request *r, const char *path);

/* ---- The access log (access_log.c) ---- */

/* path "-" = standard error; max_bytes bounds the file: beyond it the
 * file is renamed PATH.1 (replacing the previous one) and started anew.
 * 0, or -1 with the reason in msg. */
int srv_log_open(srv_log **out, const char *path, size_t max_bytes,
                 char *msg, size_t len);
void srv_log_line(srv_log *l, const char *line, size_t n);
/* Write what is buffered (called every second and at the end). */
void srv_log_flush(srv_log *l);
void srv_log_close(srv_log *l);

/* ---- gzip (compress.c) ---- */

/* The gzip form of in, allocated (aqx_free), or NULL when it would not be
 * smaller or memory ran out. */
char *srv_gzip(const char *in, size_t n, int level, size_t *out_len);

/* ---- The door (gate.c) ---- */

typedef struct srv_gate_options {
    unsigned max_connections; /* open at once, all clients */
    unsigned per_client;      /* open at once from one address */
    unsigned head_timeout;    /* seconds to send a request's head */
} srv_gate_options;

int srv_gate_start(srv_gate **out, int listen_fd, struct MHD_Daemon *d,
                   const srv_gate_options *o, char *msg, size_t len);
/* libmicrohttpd closed a connection of this client. */
void srv_gate_release(srv_gate *g, uint32_t ipv4);
/* No more connections: the door's thread ends, those it holds close
 * (before libmicrohttpd stops: it still releases its own). */
void srv_gate_stop(srv_gate *g);
void srv_gate_free(srv_gate *g);
/* The JSON error reply the gate and http.c both send before a request is
 * routed: writes {"error","message"} into dst (at most cap bytes, message
 * made valid UTF-8 and escaped); its length. */
size_t srv_error_json(char *dst, size_t cap, const char *code,
                      const char *message);

#endif /* AQ_SERVER_H */
