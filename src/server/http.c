/* SPDX-License-Identifier: MIT */
/*
 * A request's life in libmicrohttpd (docs/http-api.md): the checks every
 * request passes before a route sees it (body size, number of parameters,
 * the Host it was sent to, parameters in UTF-8), the headers of every
 * reply (security, caching, validators, compression), conditional
 * requests (304) and the access log line. The head of the first request of
 * a connection was already checked at the door (gate.c); later requests
 * of a kept-alive connection are checked here.
 */
#include <arpa/inet.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "aq/api.h"
#include "server/mhd.h"
#include "server/server.h"
#include "util/alloc.h"

/* What every page and document may do: its own scripts, styles and data,
 * no frames around it, no plug-ins, nothing sent elsewhere. */
static const char csp_default[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/* A connection in libmicrohttpd's hands, watched for the head deadline of
 * its later requests (the door watched its first): waiting_since is when
 * it began to owe a head (its start, or the end of its last answer), 0
 * while a request is being answered. */
struct watch {
    struct watch *prev, *next;
    int fd;
    struct sockaddr_in peer;
    atomic_llong waiting_since; /* ms, CLOCK_MONOTONIC */
};

static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static struct watch *watched;

static long long now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static struct watch *watch_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = srv_mhd_fn.get_connection_info(
        conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return ci ? ci->socket_context : NULL;
}

void srv_http_watch(unsigned head_timeout)
{
    long long now = now_ms();
    struct watch *w;

    pthread_mutex_lock(&watch_lock);
    for (w = watched; w; w = w->next) {
        long long since = atomic_load(&w->waiting_since);
        struct sockaddr_in peer;
        socklen_t len = sizeof peer;
        if (!since || now - since < (long long)head_timeout * 1000)
            continue;
        /* the same socket still (not a number reused by a newer one):
         * its peer is the one recorded */
        if (getpeername(w->fd, (struct sockaddr *)&peer, &len) == 0 &&
            peer.sin_addr.s_addr == w->peer.sin_addr.s_addr &&
            peer.sin_port == w->peer.sin_port)
            shutdown(w->fd, SHUT_RDWR); /* libmicrohttpd sees it end */
        atomic_store(&w->waiting_since, 0);
    }
    pthread_mutex_unlock(&watch_lock);
}

struct srv_request {
    srv_config *cfg;
    struct MHD_Connection *conn;
    const char *method;
    char *target; /* as sent, from the URI callback */
    int started;
    char *body;
    size_t body_len;
    int body_too_large;
    int too_many_params;
    struct timespec start;
    /* the reply */
    int status;
    const char *content_type;
    const char *reply; /* owned (owned_*) or borrowed (an entity) */
    size_t reply_len;
    char *owned;
    int owned_by_lib; /* aq_free rather than aqx_free */
    const char *cache, *csp;
    const srv_entity *entity;
    char allow[64];
    size_t sent_bytes;
};

/* ---- Accessors ---- */

const char *srv_method(const srv_request *r)
{
    return r->method;
}

const char *srv_query(const srv_request *r, const char *name)
{
    return srv_mhd_fn.lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
                                              name);
}

const char *srv_target(const srv_request *r)
{
    return r->target ? r->target : "";
}

const char *srv_header(const srv_request *r, const char *name)
{
    return srv_mhd_fn.lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *srv_body(const srv_request *r, size_t *len)
{
    *len = r->body_len;
    return r->body ? r->body : "";
}

const srv_config *srv_config_of(const srv_request *r)
{
    return r->cfg;
}

int srv_authorized(const srv_request *r)
{
    const char *h = srv_header(r, "Authorization");
    const char *t = r->cfg->token;
    size_t i, n, diff = 0;

    if (!r->cfg->have_token || !h || strncmp(h, "Bearer ", 7) != 0)
        return 0;
    h += 7;
    n = strlen(t);
    if (strlen(h) != n)
        return 0;
    for (i = 0; i < n; i++) /* constant time */
        diff |= (size_t)(h[i] ^ t[i]);
    return diff == 0;
}

int srv_accepts_gzip(const srv_request *r)
{
    const char *h = srv_header(r, "Accept-Encoding"), *p;

    /* "gzip" as a coding, unless refused with q=0 (RFC 9110 12.5.3) */
    for (p = h; p && (p = strcasestr(p, "gzip")) != NULL; p += 4) {
        const char *q = p + 4;
        if ((p != h && p[-1] != ' ' && p[-1] != ',') ||
            (*q && *q != ' ' && *q != ',' && *q != ';'))
            continue;
        q += strspn(q, " ");
        if (*q == ';') {
            q += 1 + strspn(q + 1, " ");
            if ((q[0] == 'q' || q[0] == 'Q') && q[1] == '=' &&
                strtod(q + 2, NULL) <= 0.0)
                return 0;
        }
        return 1;
    }
    return 0;
}

/* ---- Replies ---- */

static void clear_reply(srv_request *r)
{
    if (r->owned_by_lib)
        aq_free(r->owned);
    else
        aqx_free(r->owned);
    r->owned = NULL;
    r->owned_by_lib = 0;
    r->reply = NULL;
    r->reply_len = 0;
    r->entity = NULL;
}

void srv_reply(srv_request *r, int status, const char *content_type,
               const char *body, size_t len)
{
    clear_reply(r);
    r->status = status;
    r->content_type = content_type;
    r->owned = aqx_malloc(len + 1);
    if (!r->owned) {
        r->status = 500;
        return;
    }
    memcpy(r->owned, body, len);
    r->owned[len] = '\0';
    r->reply = r->owned;
    r->reply_len = len;
}

void srv_reply_json_take(srv_request *r, int status, char *json)
{
    clear_reply(r);
    r->status = status;
    r->content_type = "application/json; charset=utf-8";
    r->owned = json;
    r->owned_by_lib = 1;
    r->reply = json;
    r->reply_len = json ? strlen(json) : 0;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid
 * (overlong forms, surrogates and code points above U+10FFFF too). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len, i;
    unsigned long cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        len = 2, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return len;
}

int srv_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), k;

    while (n) {
        if (!(k = utf8_seq(p, n)))
            return 0;
        p += k;
        n -= k;
    }
    return 1;
}

size_t srv_error_json(char *dst, size_t cap, const char *code,
                      const char *message)
{
    const unsigned char *m = (const unsigned char *)message;
    size_t n = strlen(message), j;

    j = (size_t)snprintf(dst, cap, "{\"error\":\"%s\",\"message\":\"", code);
    /* room is kept for the closing "} and the longest escape */
    while (n && j + 8 < cap) {
        size_t k = utf8_seq(m, n);
        if (k == 0) {
            j += (size_t)snprintf(dst + j, cap - j, "\\ufffd");
            k = 1;
        } else if (*m == '"' || *m == '\\') {
            dst[j++] = '\\';
            dst[j++] = (char)*m;
        } else if (*m < 0x20 || *m == 0x7f) {
            j += (size_t)snprintf(dst + j, cap - j, "\\u%04x", *m);
        } else {
            if (j + k + 3 >= cap)
                break;
            memcpy(dst + j, m, k);
            j += k;
        }
        m += k;
        n -= k;
    }
    j += (size_t)snprintf(dst + j, cap - j, "\"}");
    return j < cap ? j : cap - 1;
}

void srv_reply_error(srv_request *r, int status, const char *code,
                     const char *message)
{
    char buf[1024];
    size_t n = srv_error_json(buf, sizeof buf, code, message);

    srv_reply(r, status, "application/json; charset=utf-8", buf, n);
    r->cache = NULL; /* errors are never cached */
}

void srv_reply_status(srv_request *r, const aq_error *err)
{
    int status;
    char msg[600];

    /* STYLE 3.5: one table from status to HTTP */
    switch (err->code) {
    case AQ_EPARSE:
    case AQ_EINVALID: status = 400; break;
    case AQ_ENOTFOUND: status = 404; break;
    case AQ_EINSUFFICIENT:
    case AQ_EPOLICY: status = 422; break;
    default: status = 500; break;
    }
    srv_reply_error(r, status, aq_status_str(err->code),
                    aq_error_format(err, msg, sizeof msg));
}

void srv_set_allow(srv_request *r, const char *methods)
{
    snprintf(r->allow, sizeof r->allow, "%s", methods);
}

void srv_set_cache(srv_request *r, const char *cache_control)
{
    r->cache = cache_control;
}

void srv_set_csp(srv_request *r, const char *policy)
{
    r->csp = policy;
}

void srv_reply_entity(srv_request *r, const srv_entity *e)
{
    clear_reply(r);
    r->status = 200;
    r->content_type = e->type;
    r->reply = e->body;
    r->reply_len = e->len;
    r->entity = e;
    r->csp = e->csp;
    if (!r->cache)
        r->cache = "no-cache";
}

int srv_reply_code(const srv_request *r)
{
    return r->status;
}

const char *srv_reply_body(const srv_request *r, size_t *len,
                           const char **content_type, const char **csp)
{
    *len = r->reply_len;
    *content_type = r->content_type;
    *csp = r->csp;
    return r->reply;
}

void srv_prepared_free(void *prepared)
{
    if (prepared)
        srv_mhd_fn.destroy_response(prepared);
}

/* ---- Checks before routing ---- */

/* Whether host (a Host header, maybe with :port) is a name this server
 * answers as: a DNS-rebinding page reaches us under its own name. */
static int host_allowed(const srv_config *cfg, const char *host)
{
    char name[256];
    const char *end;
    size_t n;
    int i;
    struct in_addr a;

    if (host[0] == '[') /* IPv6 literal */
        end = strchr(host, ']') ? strchr(host, ']') + 1 : NULL;
    else
        end = strchr(host, ':');
    n = end ? (size_t)(end - host) : strlen(host);
    if (n == 0 || n >= sizeof name)
        return 0;
    memcpy(name, host, n);
    name[n] = '\0';
    if (end && *end == ':' && strspn(end + 1, "0123456789") != strlen(end + 1))
        return 0;
    for (i = 0; i < cfg->n_hosts; i++)
        if (!strcasecmp(name, cfg->hosts[i]))
            return 1;
    return cfg->any_ip_host && inet_pton(AF_INET, name, &a) == 1;
}

struct param_scan {
    int count, bad_utf8;
};

static enum MHD_Result scan_param(void *cls, enum MHD_ValueKind kind,
                                  const char *key, const char *value)
{
    struct param_scan *s = cls;

    (void)kind;
    s->count++;
    if (!srv_utf8_valid(key) || (value && !srv_utf8_valid(value)))
        s->bad_utf8 = 1;
    return MHD_YES;
}

/* 0 when the request may be routed; else a reply is set. */
static int check_request(srv_request *r)
{
    const char *host = srv_header(r, "Host");
    struct param_scan scan = {0, 0};

    if (r->body_too_large) {
        srv_reply_error(r, 413, "payload_too_large",
                        "request body larger than 64 KiB");
        return -1;
    }
    srv_mhd_fn.get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND,
                                     scan_param, &scan);
    if (r->too_many_params || scan.count > SRV_MAX_PARAMS) {
        srv_reply_error(r, 400, "bad_request",
                        "too many query parameters (at most 32)");
        return -1;
    }
    /* HTTP/1.0 may omit Host; a browser never does */
    if (host && !host_allowed(r->cfg, host)) {
        srv_reply_error(r, 421, "misdirected_request",
                        "this server does not answer for that Host; "
                        "see aqrank serve --host");
        return -1;
    }
    if (scan.bad_utf8) {
        srv_reply_error(r, 400, "bad_request",
                        "a query parameter is not valid UTF-8");
        return -1;
    }
    return 0;
}

/* ---- Sending ---- */

/* "If-None-Match" lists etag, or is "*" */
static int etag_matches(const char *header, const char *etag)
{
    const char *p;
    size_t n = strlen(etag);

    if (!header)
        return 0;
    if (!strcmp(header, "*"))
        return 1;
    for (p = header; (p = strstr(p, etag)) != NULL; p += n)
        if ((p == header || p[-1] == ' ' || p[-1] == ',' || p[-1] == '/') &&
            (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
            return 1;
    return 0;
}

static int not_modified(const srv_request *r, const srv_entity *e)
{
    const char *inm = srv_header(r, "If-None-Match");
    const char *ims = srv_header(r, "If-Modified-Since");
    struct tm tm;

    if (inm) /* RFC 9110 13.1.3: If-None-Match wins */
        return etag_matches(inm, e->etag);
    if (ims && e->mtime) {
        memset(&tm, 0, sizeof tm);
        if (strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm))
            return (long long)timegm(&tm) >= e->mtime;
    }
    return 0;
}

static void add_common(struct MHD_Response *resp, const char *csp)
{
    srv_mhd_fn.add_response_header(resp, "X-Content-Type-Options", "nosniff");
    srv_mhd_fn.add_response_header(resp, "Content-Security-Policy",
                                   csp ? csp : csp_default);
    srv_mhd_fn.add_response_header(resp, "X-Frame-Options", "DENY");
    srv_mhd_fn.add_response_header(resp, "Referrer-Policy", "no-referrer");
}

/* The headers that describe an entity (its validators and caching). */
static void add_validators(struct MHD_Response *resp, const srv_entity *e,
                           const char *cache)
{
    char when[64];
    struct tm tm;
    time_t t = (time_t)e->mtime;

    srv_mhd_fn.add_response_header(resp, "ETag", e->etag);
    if (e->mtime && gmtime_r(&t, &tm)) {
        strftime(when, sizeof when, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        srv_mhd_fn.add_response_header(resp, "Last-Modified", when);
    }
    srv_mhd_fn.add_response_header(resp, "Cache-Control", cache);
    if (e->gz)
        srv_mhd_fn.add_response_header(resp, "Vary", "Accept-Encoding");
}

/* A response for an entity, built once and queued for every request that
 * wants the same form (libmicrohttpd counts its users). */
static struct MHD_Response *entity_response(srv_request *r,
                                            const srv_entity *e, int gz,
                                            int *reused)
{
    void **slot = e->prepared ? &e->prepared[gz] : NULL;
    struct MHD_Response *resp;

    *reused = 0;
    if (slot && *slot) {
        *reused = 1;
        return *slot;
    }
    resp = srv_mhd_fn.create_response_from_buffer(
        gz ? e->gz_len : e->len, (void *)(gz ? e->gz : e->body),
        MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return NULL;
    srv_mhd_fn.add_response_header(resp, "Content-Type", e->type);
    if (gz)
        srv_mhd_fn.add_response_header(resp, "Content-Encoding", "gzip");
    add_common(resp, r->csp);
    add_validators(resp, e, r->cache ? r->cache : "no-cache");
    if (slot) {
        *slot = resp;
        *reused = 1; /* the slot keeps its reference */
    }
    return resp;
}

/* The path as logged: bytes that could forge or split a line escaped. */
static void log_path(char *dst, size_t cap, const char *url)
{
    const unsigned char *p = (const unsigned char *)url;
    size_t j = 0;

    for (; *p && j + 4 < cap; p++) {
        if (*p <= 0x20 || *p == 0x7f || *p == '%')
            j += (size_t)snprintf(dst + j, cap - j, "%%%02X", *p);
        else
            dst[j++] = (char)*p;
    }
    dst[j] = '\0';
}

static void access_log(srv_request *r, const char *url)
{
    struct timespec end;
    long us;
    time_t now = time(NULL);
    struct tm tm;
    char when[32], path[512], line[700];
    int n;

    if (!r->cfg->log)
        return;
    clock_gettime(CLOCK_MONOTONIC, &end);
    us = (end.tv_sec - r->start.tv_sec) * 1000000L +
         (end.tv_nsec - r->start.tv_nsec) / 1000;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    log_path(path, sizeof path, url);
    n = snprintf(line, sizeof line, "%s %s %s %d %zu %ldus\n", when,
                 r->method, path, r->status, r->sent_bytes, us);
    if (n > 0)
        srv_log_line(r->cfg->log, line,
                     (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static enum MHD_Result send_reply(srv_request *r, const char *url)
{
    const srv_entity *e = r->entity;
    struct MHD_Response *resp;
    enum MHD_Result ret;
    int reused = 0;

    if (e && not_modified(r, e)) {
        resp = srv_mhd_fn.create_response_from_buffer(0, (void *)"",
                                                      MHD_RESPMEM_PERSISTENT);
        if (!resp)
            return MHD_NO;
        r->status = 304;
        add_common(resp, r->csp);
        add_validators(resp, e, r->cache ? r->cache : "no-cache");
    } else if (e) {
        int gz = e->gz && srv_accepts_gzip(r);
        resp = entity_response(r, e, gz, &reused);
        if (!resp)
            return MHD_NO;
        r->sent_bytes = gz ? e->gz_len : e->len;
    } else {
        /* HEAD: the same headers as GET, Content-Length included;
         * libmicrohttpd leaves the body out */
        resp = srv_mhd_fn.create_response_from_buffer(
            r->reply_len, (void *)(r->reply ? r->reply : ""),
            MHD_RESPMEM_MUST_COPY);
        if (!resp)
            return MHD_NO;
        r->sent_bytes = r->reply_len;
        srv_mhd_fn.add_response_header(
            resp, "Content-Type",
            r->content_type ? r->content_type : "text/plain; charset=utf-8");
        add_common(resp, r->csp);
        srv_mhd_fn.add_response_header(resp, "Cache-Control",
                                       r->cache ? r->cache : "no-store");
        if (r->allow[0])
            srv_mhd_fn.add_response_header(resp, "Allow", r->allow);
        if (r->status == 401)
            srv_mhd_fn.add_response_header(resp, "WWW-Authenticate",
                                           "Bearer realm=\"aqrank\"");
    }
    if (!strcmp(r->method, "HEAD"))
        r->sent_bytes = 0;
    ret = srv_mhd_fn.queue_response(r->conn, (unsigned)r->status, resp);
    if (!reused)
        srv_mhd_fn.destroy_response(resp);
    access_log(r, url);
    return ret;
}

/* ---- The callbacks ---- */

/* Called with the request target as sent, before libmicrohttpd parses its
 * parameters: the request object starts here. A query with more
 * parameters than allowed is cut off before that parsing (libmicrohttpd
 * 0.9.75 stalls when thousands of them exhaust the connection's memory
 * pool, instead of answering), and the request answers 400. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    srv_request *r = aqx_calloc(1, sizeof *r);
    char *q;

    if (!r)
        return NULL;
    r->cfg = cls;
    r->conn = conn;
    clock_gettime(CLOCK_MONOTONIC, &r->start);
    r->target = aqx_strdup(uri);
    q = strchr(uri, '?');
    if (q) {
        int params = 1;
        const char *p;
        for (p = q; *p; p++)
            params += *p == '&' || *p == ';';
        if (params > SRV_MAX_PARAMS) {
            r->too_many_params = 1;
            /* the target is the connection's own buffer, parsed next */
            memset(q, 0, strlen(q));
        }
    }
    return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    srv_request *r = *req_cls;

    (void)version;
    if (!r) { /* the URI callback ran out of memory */
        r = on_uri(cls, url, conn);
        if (!r)
            return MHD_NO;
        *req_cls = r;
    }
    if (!r->started) {
        /* headers only; answer on a later call so that keep-alive stays
         * on (ECOSYSTEM A.2), unless the body is refused unread */
        const char *cl = srv_header(r, "Content-Length");
        struct watch *w = watch_of(conn);
        if (w) /* its head is in */
            atomic_store(&w->waiting_since, 0);
        r->started = 1;
        r->method = method;
        if (cl && strtoull(cl, NULL, 10) > SRV_MAX_BODY) {
            r->body_too_large = 1;
            check_request(r);
            return send_reply(r, url);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (r->body_len + *upload_data_size > SRV_MAX_BODY) {
            r->body_too_large = 1;
        } else {
            char *nb = aqx_realloc(r->body,
                                   r->body_len + *upload_data_size + 1);
            if (!nb)
                return MHD_NO;
            r->body = nb;
            memcpy(r->body + r->body_len, upload_data, *upload_data_size);
            r->body_len += *upload_data_size;
            r->body[r->body_len] = '\0';
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->status) /* answered already (a refused body) */
        return MHD_YES;
    if (check_request(r) == 0 && !srv_route_api(r, url) && !srv_static(r, url))
        srv_reply_error(r, 404, "not_found", "no such path");
    return send_reply(r, url);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **req_cls, enum MHD_RequestTerminationCode toe)
{
    srv_request *r = *req_cls;
    struct watch *w = watch_of(conn);

    (void)cls;
    (void)toe;
    if (w) /* answered: the next head is owed from now */
        atomic_store(&w->waiting_since, now_ms());
    if (!r)
        return;
    clear_reply(r);
    aqx_free(r->body);
    aqx_free(r->target);
    aqx_free(r);
    *req_cls = NULL;
}

/* Each connection is watched for its heads' deadline while it lives, and
 * the door, which counts each client's connections, hears of its end. */
static void on_connection(void *cls, struct MHD_Connection *conn,
                          void **socket_ctx,
                          enum MHD_ConnectionNotificationCode toe)
{
    srv_config *cfg = cls;
    const union MHD_ConnectionInfo *ci, *fd;
    struct watch *w = *socket_ctx;

    ci = srv_mhd_fn.get_connection_info(conn,
                                        MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        fd = srv_mhd_fn.get_connection_info(conn,
                                            MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!fd || !ci || !ci->client_addr ||
            ci->client_addr->sa_family != AF_INET ||
            !(w = aqx_calloc(1, sizeof *w)))
            return; /* not watched: the idle timeout still applies */
        w->fd = fd->connect_fd;
        memcpy(&w->peer, ci->client_addr, sizeof w->peer);
        atomic_store(&w->waiting_since, now_ms());
        pthread_mutex_lock(&watch_lock);
        w->next = watched;
        if (watched)
            watched->prev = w;
        watched = w;
        pthread_mutex_unlock(&watch_lock);
        *socket_ctx = w;
        return;
    }
    if (w) {
        pthread_mutex_lock(&watch_lock);
        if (w->prev)
            w->prev->next = w->next;
        else
            watched = w->next;
        if (w->next)
            w->next->prev = w->prev;
        pthread_mutex_unlock(&watch_lock);
        aqx_free(w);
        *socket_ctx = NULL;
    }
    if (cfg->gate && ci && ci->client_addr &&
        ci->client_addr->sa_family == AF_INET)
        srv_gate_release(
            cfg->gate,
            ((const struct sockaddr_in *)(const void *)ci->client_addr)
                ->sin_addr.s_addr);
}

struct MHD_Daemon *srv_http_start(srv_config *cfg, unsigned threads,
                                  unsigned max_connections,
                                  unsigned per_client, unsigned timeout)
{
    /* no listening socket of its own: the door hands it connections */
    return srv_mhd_fn.start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
            MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ERROR_LOG,
        0, NULL, NULL, on_request, cfg, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_client,
        MHD_OPTION_CONNECTION_TIMEOUT, timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, cfg,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, cfg, MHD_OPTION_END);
}
