/* SPDX-License-Identifier: MIT */
/*
 * aqrank serve: libmicrohttpd in thread-pool mode with explicit limits
 * (connections, per-connection memory, body size, timeout), a read-only
 * SQLite connection per worker thread, bearer-token protection of writes,
 * static files for the dashboard (web/ and ECharts from node_modules, by
 * a fixed whitelist), an access log, and graceful shutdown on SIGINT or
 * SIGTERM.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aq/api.h"
#include "cli/cli.h"
#include "server/mhd.h"
#include "server/server.h"

#ifndef AQ_SOURCE_DIR
#define AQ_SOURCE_DIR "."
#endif

#define MAX_BODY (64u * 1024)

struct server {
    const char *db_path;
    char token[256];
    int have_token;
    char web_root[PATH_MAX];
    char vendor_root[PATH_MAX];
    FILE *log;
    pthread_mutex_t log_lock;
    pthread_key_t store_key;
};

struct srv_request {
    struct server *srv;
    struct MHD_Connection *conn;
    const char *method;
    char *body;
    size_t body_len;
    int body_too_large;
    struct timespec start;
    /* reply */
    int status;
    const char *content_type;
    char *reply;
    size_t reply_len;
    int reply_owned_by_lib; /* free with aq_free */
    char allow[32];
};

/* ---- Request accessors ---- */

const char *srv_method(const srv_request *r)
{
    return r->method;
}

const char *srv_query(const srv_request *r, const char *name)
{
    return srv_mhd_fn.lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
                                              name);
}

const char *srv_body(const srv_request *r, size_t *len)
{
    *len = r->body_len;
    return r->body ? r->body : "";
}

/* Each worker thread keeps its own read connection and the ranking built
 * from it, rebuilt when another connection has committed (data_version). */
#define DOC_CACHE 32

struct thread_ctx {
    aq_store *store;
    aq_ranking *ranking;
    long version;
    /* documents built from this ranking (e.g. "rank 2014-07"), dropped
     * with it: the same request twice costs one computation */
    struct {
        char key[96];
        char *json; /* aq_free */
    } docs[DOC_CACHE];
    int next_doc;
};

static void drop_docs(struct thread_ctx *t)
{
    int i;

    for (i = 0; i < DOC_CACHE; i++) {
        aq_free(t->docs[i].json);
        t->docs[i].json = NULL;
        t->docs[i].key[0] = '\0';
    }
}

const char *srv_doc_get(srv_request *r, const char *key)
{
    struct thread_ctx *t = pthread_getspecific(r->srv->store_key);
    int i;

    for (i = 0; t && i < DOC_CACHE; i++)
        if (t->docs[i].json && !strcmp(t->docs[i].key, key))
            return t->docs[i].json;
    return NULL;
}

void srv_doc_put(srv_request *r, const char *key, char *json)
{
    struct thread_ctx *t = pthread_getspecific(r->srv->store_key);
    int i;

    if (!t) {
        aq_free(json);
        return;
    }
    i = t->next_doc;
    t->next_doc = (t->next_doc + 1) % DOC_CACHE;
    aq_free(t->docs[i].json);
    snprintf(t->docs[i].key, sizeof t->docs[i].key, "%s", key);
    t->docs[i].json = json;
}

static void close_thread_ctx(void *p)
{
    struct thread_ctx *t = p;

    drop_docs(t);
    aq_ranking_free(t->ranking);
    aq_store_close(t->store);
    free(t);
}

static struct thread_ctx *thread_ctx(srv_request *r, aq_error *err)
{
    struct thread_ctx *t = pthread_getspecific(r->srv->store_key);

    if (t)
        return t;
    t = calloc(1, sizeof *t);
    if (!t) {
        aq_error_set(err, AQ_ENOMEM, "out of memory");
        return NULL;
    }
    if (aq_store_open(&t->store, r->srv->db_path, AQ_STORE_READONLY, err) <
        0) {
        free(t);
        return NULL;
    }
    t->version = -2;
    pthread_setspecific(r->srv->store_key, t);
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
    long v;

    if (!t)
        return NULL;
    v = aq_store_data_version(t->store);
    if (t->ranking && v == t->version)
        return t->ranking;
    aq_ranking_free(t->ranking);
    t->ranking = NULL;
    drop_docs(t);
    if (aq_ranking_build(&t->ranking, t->store, NULL, AQ_RANKING_LATEST,
                         err) < 0)
        return NULL;
    t->version = v;
    return t->ranking;
}

aq_status srv_open_writer(srv_request *r, aq_store **out, aq_error *err)
{
    return aq_store_open(out, r->srv->db_path, 0, err);
}

int srv_authorized(const srv_request *r)
{
    const char *h = srv_mhd_fn.lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                                       "Authorization");
    const char *t = r->srv->token;
    size_t i, n, diff = 0;

    if (!r->srv->have_token || !h || strncmp(h, "Bearer ", 7) != 0)
        return 0;
    h += 7;
    n = strlen(t);
    if (strlen(h) != n)
        return 0;
    for (i = 0; i < n; i++) /* constant time */
        diff |= (size_t)(h[i] ^ t[i]);
    return diff == 0;
}

/* ---- Replies ---- */

static void clear_reply(srv_request *r)
{
    if (r->reply_owned_by_lib)
        aq_free(r->reply);
    else
        free(r->reply);
    r->reply = NULL;
    r->reply_owned_by_lib = 0;
}

void srv_reply(srv_request *r, int status, const char *content_type,
               const char *body, size_t len)
{
    clear_reply(r);
    r->status = status;
    r->content_type = content_type;
    r->reply = malloc(len + 1);
    if (!r->reply) {
        r->status = 500;
        r->reply_len = 0;
        return;
    }
    memcpy(r->reply, body, len);
    r->reply[len] = '\0';
    r->reply_len = len;
}

void srv_reply_json_take(srv_request *r, int status, char *json)
{
    clear_reply(r);
    r->status = status;
    r->content_type = "application/json; charset=utf-8";
    r->reply = json;
    r->reply_len = json ? strlen(json) : 0;
    r->reply_owned_by_lib = 1;
}

void srv_reply_error(srv_request *r, int status, const char *code,
                     const char *message)
{
    char buf[1024], esc[600];
    size_t i, j = 0;

    /* escape the message for JSON by hand: it is our own text plus
     * fragments of the request, so quote and control characters matter */
    for (i = 0; message[i] && j + 7 < sizeof esc; i++) {
        unsigned char c = (unsigned char)message[i];
        if (c == '"' || c == '\\') {
            esc[j++] = '\\';
            esc[j++] = (char)c;
        } else if (c < 0x20) {
            j += (size_t)snprintf(esc + j, sizeof esc - j, "\\u%04x", c);
        } else {
            esc[j++] = (char)c;
        }
    }
    esc[j] = '\0';
    snprintf(buf, sizeof buf, "{\"error\":\"%s\",\"message\":\"%s\"}", code,
             esc);
    srv_reply(r, status, "application/json; charset=utf-8", buf, strlen(buf));
}

void srv_set_allow(srv_request *r, const char *methods)
{
    snprintf(r->allow, sizeof r->allow, "%s", methods);
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

/* ---- Static files ---- */

static const struct {
    const char *url, *root, *file, *type;
} statics[] = {
    {"/", "web", "index.html", "text/html; charset=utf-8"},
    {"/index.html", "web", "index.html", "text/html; charset=utf-8"},
    {"/app.js", "web", "app.js", "text/javascript; charset=utf-8"},
    {"/style.css", "web", "style.css", "text/css; charset=utf-8"},
    {"/vendor/echarts.min.js", "vendor", "echarts/dist/echarts.min.js",
     "text/javascript; charset=utf-8"},
};

static int serve_static(srv_request *r, const char *path)
{
    size_t i;

    /* a fixed whitelist: no request text ever becomes part of a path */
    for (i = 0; i < sizeof statics / sizeof statics[0]; i++) {
        char full[PATH_MAX * 2];
        struct stat sb;
        char *data;
        int fd;
        ssize_t got;

        if (strcmp(path, statics[i].url) != 0)
            continue;
        if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) {
            snprintf(r->allow, sizeof r->allow, "GET, HEAD");
            srv_reply_error(r, 405, "method_not_allowed",
                            "only GET and HEAD are allowed here");
            return 1;
        }
        snprintf(full, sizeof full, "%s/%s",
                 statics[i].root[0] == 'w' ? r->srv->web_root
                                           : r->srv->vendor_root,
                 statics[i].file);
        fd = open(full, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &sb) < 0 || sb.st_size > (64 << 20)) {
            if (fd >= 0)
                close(fd);
            srv_reply_error(r, 404, "not_found", "file not installed");
            return 1;
        }
        data = malloc((size_t)sb.st_size + 1);
        got = data ? read(fd, data, (size_t)sb.st_size) : -1;
        close(fd);
        if (got != sb.st_size) {
            free(data);
            srv_reply_error(r, 500, "AQ_EIO", "cannot read file");
            return 1;
        }
        clear_reply(r);
        r->status = 200;
        r->content_type = statics[i].type;
        r->reply = data;
        r->reply_len = (size_t)sb.st_size;
        return 1;
    }
    return 0;
}

/* ---- libmicrohttpd glue ---- */

static void access_log(srv_request *r, const char *url)
{
    struct timespec end;
    long us;
    time_t now = time(NULL);
    struct tm tm;
    char when[32];

    if (!r->srv->log)
        return;
    clock_gettime(CLOCK_MONOTONIC, &end);
    us = (end.tv_sec - r->start.tv_sec) * 1000000L +
         (end.tv_nsec - r->start.tv_nsec) / 1000;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    pthread_mutex_lock(&r->srv->log_lock);
    fprintf(r->srv->log, "%s %s %s %d %zu %ldus\n", when, r->method, url,
            r->status, r->reply_len, us);
    fflush(r->srv->log);
    pthread_mutex_unlock(&r->srv->log_lock);
}

static enum MHD_Result send_reply(srv_request *r, const char *url)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;
    void *body = r->reply;

    if (!strcmp(r->method, "HEAD"))
        body = NULL;
    resp = srv_mhd_fn.create_response_from_buffer(body ? r->reply_len : 0,
                                                  body ? body : (void *)"",
                                                  MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    srv_mhd_fn.add_response_header(
        resp, "Content-Type",
        r->content_type ? r->content_type : "text/plain; charset=utf-8");
    srv_mhd_fn.add_response_header(resp, "X-Content-Type-Options", "nosniff");
    srv_mhd_fn.add_response_header(resp, "Cache-Control", "no-store");
    if (r->allow[0])
        srv_mhd_fn.add_response_header(resp, "Allow", r->allow);
    if (r->status == 401)
        srv_mhd_fn.add_response_header(resp, "WWW-Authenticate",
                                       "Bearer realm=\"aqrank\"");
    ret = srv_mhd_fn.queue_response(r->conn, (unsigned)r->status, resp);
    srv_mhd_fn.destroy_response(resp);
    access_log(r, url);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    struct server *srv = cls;
    srv_request *r = *req_cls;

    (void)version;
    if (!r) {
        /* first call: headers only; answer on a later call so that
         * keep-alive stays on (ECOSYSTEM A.2) */
        r = calloc(1, sizeof *r);
        if (!r)
            return MHD_NO;
        r->srv = srv;
        r->conn = conn;
        r->method = method;
        clock_gettime(CLOCK_MONOTONIC, &r->start);
        *req_cls = r;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (r->body_len + *upload_data_size > MAX_BODY) {
            r->body_too_large = 1;
        } else {
            char *nb = realloc(r->body, r->body_len + *upload_data_size + 1);
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
    if (r->body_too_large)
        srv_reply_error(r, 413, "payload_too_large",
                        "request body larger than 64 KiB");
    else if (!srv_route_api(r, url) && !serve_static(r, url))
        srv_reply_error(r, 404, "not_found", "no such path");
    return send_reply(r, url);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **req_cls, enum MHD_RequestTerminationCode toe)
{
    srv_request *r = *req_cls;

    (void)cls;
    (void)conn;
    (void)toe;
    if (!r)
        return;
    clear_reply(r);
    free(r->body);
    free(r);
    *req_cls = NULL;
}

/* ---- The command ---- */

enum {
    OPT_DB = 256,
    OPT_LISTEN,
    OPT_TOKEN_FILE,
    OPT_WEB_ROOT,
    OPT_VENDOR_ROOT,
    OPT_PRINT_PORT,
    OPT_THREADS,
    OPT_MAX_CONN,
    OPT_TIMEOUT,
    OPT_ACCESS_LOG
};

static const cli_opt opts[] = {
    {"db", OPT_DB, 1, "FILE", "the aqrank database (required)"},
    {"listen", OPT_LISTEN, 1, "ADDR:PORT",
     "address to listen on (default 127.0.0.1:8080; port 0 = any free)"},
    {"token-file", OPT_TOKEN_FILE, 1, "FILE",
     "file holding the bearer token that writes require"},
    {"web-root", OPT_WEB_ROOT, 1, "DIR", "dashboard files (default: web/)"},
    {"vendor-root", OPT_VENDOR_ROOT, 1, "DIR",
     "npm packages for the dashboard (default: node_modules/)"},
    {"print-port", OPT_PRINT_PORT, 0, "",
     "print the port on standard output once listening"},
    {"threads", OPT_THREADS, 1, "N", "worker threads (default 2)"},
    {"max-connections", OPT_MAX_CONN, 1, "N",
     "simultaneous connections (default 256)"},
    {"timeout", OPT_TIMEOUT, 1, "SECONDS",
     "idle connection timeout (default 30)"},
    {"access-log", OPT_ACCESS_LOG, 1, "FILE",
     "access log file, '-' for standard error (default), 'none' for none"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_serve_def = {
    "serve", "--db FILE [--listen ADDR:PORT] [--token-file FILE]",
    "Serve the JSON API (/api/v1/) and the dashboard over HTTP.",
    "Binds to loopback unless --listen says otherwise. Reads need no token;\n"
    "writes (POST /api/v1/funds) need 'Authorization: Bearer TOKEN' with the\n"
    "token read from --token-file (without it, writes answer 401). Stops\n"
    "cleanly on SIGINT or SIGTERM. See docs/http-api.md.",
    opts,
};

static int parse_listen(const char *text, struct sockaddr_in *sa)
{
    char host[64];
    const char *colon = strrchr(text, ':');
    char *end;
    long port;

    if (!colon || (size_t)(colon - text) >= sizeof host)
        return -1;
    memcpy(host, text, (size_t)(colon - text));
    host[colon - text] = '\0';
    port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535)
        return -1;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (!strcmp(host, "localhost"))
        snprintf(host, sizeof host, "127.0.0.1");
    return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

static int read_token(const char *path, char *dst, size_t cap)
{
    FILE *f = fopen(path, "r");
    size_t n;

    if (!f)
        return -1;
    n = fread(dst, 1, cap - 1, f);
    fclose(f);
    dst[n] = '\0';
    while (n && (dst[n - 1] == '\n' || dst[n - 1] == '\r' ||
                 dst[n - 1] == ' '))
        dst[--n] = '\0';
    return n >= 8 ? 0 : -1;
}

static long parse_count(const char *s, long lo, long hi)
{
    char *end;
    long v = strtol(s, &end, 10);

    return *end || v < lo || v > hi ? -1 : v;
}

int cmd_serve(int argc, char **argv)
{
    static struct server srv;
    const char *listen = "127.0.0.1:8080", *log_path = "-";
    long threads = 2, max_conn = 256, timeout = 30;
    int print_port = 0, c, first, sig;
    struct sockaddr_in sa;
    struct MHD_Daemon *d;
    aq_error err = AQ_ERROR_INIT;
    aq_store *probe = NULL;
    sigset_t set;
    char *val;

    memset(&srv, 0, sizeof srv);
    snprintf(srv.web_root, sizeof srv.web_root, "%s/web", AQ_SOURCE_DIR);
    snprintf(srv.vendor_root, sizeof srv.vendor_root, "%s/node_modules",
             AQ_SOURCE_DIR);
    while ((c = cli_getopt(argc, argv, &cmd_serve_def, &val, &first)) > 0) {
        switch (c) {
        case OPT_DB: srv.db_path = val; break;
        case OPT_LISTEN: listen = val; break;
        case OPT_TOKEN_FILE:
            if (read_token(val, srv.token, sizeof srv.token) < 0) {
                fprintf(stderr,
                        "aqrank: %s: cannot read a token of at least 8 "
                        "characters\n",
                        val);
                return CLI_EXIT_INPUT;
            }
            srv.have_token = 1;
            break;
        case OPT_WEB_ROOT:
            snprintf(srv.web_root, sizeof srv.web_root, "%s", val);
            break;
        case OPT_VENDOR_ROOT:
            snprintf(srv.vendor_root, sizeof srv.vendor_root, "%s", val);
            break;
        case OPT_PRINT_PORT: print_port = 1; break;
        case OPT_THREADS:
            if ((threads = parse_count(val, 1, 64)) < 0)
                return cli_usage_error(&cmd_serve_def, "--threads: 1..64");
            break;
        case OPT_MAX_CONN:
            if ((max_conn = parse_count(val, 1, 100000)) < 0)
                return cli_usage_error(&cmd_serve_def,
                                       "--max-connections: 1..100000");
            break;
        case OPT_TIMEOUT:
            if ((timeout = parse_count(val, 1, 3600)) < 0)
                return cli_usage_error(&cmd_serve_def, "--timeout: 1..3600");
            break;
        case OPT_ACCESS_LOG: log_path = val; break;
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (!srv.db_path)
        return cli_usage_error(&cmd_serve_def, "--db FILE is required");
    if (parse_listen(listen, &sa) < 0)
        return cli_usage_error(&cmd_serve_def,
                               "--listen must be IPv4ADDR:PORT, got '%s'",
                               listen);
    /* fail early on a missing or foreign database */
    if (aq_store_open(&probe, srv.db_path, AQ_STORE_READONLY, &err) < 0)
        return cli_fail(&err);
    aq_store_close(probe);
    if (!strcmp(log_path, "-"))
        srv.log = stderr;
    else if (strcmp(log_path, "none")) {
        srv.log = fopen(log_path, "a");
        if (!srv.log) {
            fprintf(stderr, "aqrank: %s: %s\n", log_path, strerror(errno));
            return CLI_EXIT_ERROR;
        }
    }
    pthread_mutex_init(&srv.log_lock, NULL);
    pthread_key_create(&srv.store_key, close_thread_ctx);

    {
        char msg[256];
        if (srv_mhd_load(msg, sizeof msg) < 0) {
            fprintf(stderr, "aqrank: %s\n", msg);
            return CLI_EXIT_ERROR;
        }
    }
    /* block the signals before the worker threads start, then wait */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    d = srv_mhd_fn.start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0,
        NULL, NULL, on_request, &srv, MHD_OPTION_SOCK_ADDR, &sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)max_conn,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)max_conn,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "aqrank: cannot listen on %s: %s\n", listen,
                strerror(errno));
        return CLI_EXIT_ERROR;
    }
    {
        const union MHD_DaemonInfo *info =
            srv_mhd_fn.get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        unsigned port = info ? info->port : ntohs(sa.sin_port);
        if (print_port) {
            printf("%u\n", port);
            fflush(stdout);
        }
        fprintf(stderr, "aqrank: serving %s on http://%s:%u/\n", srv.db_path,
                inet_ntoa(sa.sin_addr), port);
    }
    sigwait(&set, &sig);
    fprintf(stderr, "aqrank: %s received, shutting down\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    srv_mhd_fn.stop_daemon(d);
    if (srv.log && srv.log != stderr)
        fclose(srv.log);
    return CLI_EXIT_OK;
}
