/* SPDX-License-Identifier: MIT */
/*
 * aqrank serve, the command: its options, the listening socket, and the
 * order of starting and stopping the parts (server.h lists them): the
 * access log, libmicrohttpd's worker threads, the door that feeds them;
 * then waiting for SIGINT or SIGTERM while the log is written out once a
 * second, and stopping in the reverse order.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "aq/store.h"
#include "cli/cli.h"
#include "server/mhd.h"
#include "server/server.h"

#ifndef AQ_SOURCE_DIR
#define AQ_SOURCE_DIR "."
#endif

enum {
    OPT_DB = 256,
    OPT_LISTEN,
    OPT_TOKEN_FILE,
    OPT_WEB_ROOT,
    OPT_VENDOR_ROOT,
    OPT_PRINT_PORT,
    OPT_THREADS,
    OPT_MAX_CONN,
    OPT_PER_CLIENT,
    OPT_TIMEOUT,
    OPT_HEAD_TIMEOUT,
    OPT_HOST,
    OPT_ACCESS_LOG,
    OPT_ACCESS_LOG_MAX,
    OPT_TARGETS
};

static const cli_opt opts[] = {
    {"db", OPT_DB, 1, "FILE", "the aqrank database (required)"},
    {"listen", OPT_LISTEN, 1, "ADDR:PORT",
     "address to listen on (default 127.0.0.1:8080; port 0 = any free)"},
    {"host", OPT_HOST, 1, "NAME[,NAME...]",
     "names clients may reach the server by (the Host header), besides "
     "its address and, on loopback, localhost; others are answered 421"},
    {"token-file", OPT_TOKEN_FILE, 1, "FILE",
     "file holding the bearer token that writes require"},
    {"targets", OPT_TARGETS, 1, "FILE",
     "the targets file of aqrank track, for /api/v1/track and the brief"},
    {"web-root", OPT_WEB_ROOT, 1, "DIR", "dashboard files (default: web/)"},
    {"vendor-root", OPT_VENDOR_ROOT, 1, "DIR",
     "npm packages for the dashboard (default: node_modules/)"},
    {"print-port", OPT_PRINT_PORT, 0, "",
     "print the port on standard output once listening"},
    {"threads", OPT_THREADS, 1, "N", "worker threads (default 2)"},
    {"max-connections", OPT_MAX_CONN, 1, "N",
     "simultaneous connections, all clients (default 256)"},
    {"max-per-client", OPT_PER_CLIENT, 1, "N",
     "simultaneous connections from one address (default 16)"},
    {"timeout", OPT_TIMEOUT, 1, "SECONDS",
     "idle connection timeout (default 30)"},
    {"head-timeout", OPT_HEAD_TIMEOUT, 1, "SECONDS",
     "time to send a request's head, from connecting or from the last "
     "answer on a kept-alive connection (default 10)"},
    {"access-log", OPT_ACCESS_LOG, 1, "FILE",
     "access log file, '-' for standard error (default), 'none' for none"},
    {"access-log-max", OPT_ACCESS_LOG_MAX, 1, "SIZE",
     "size at which the log file is renamed FILE.1 and started anew "
     "(bytes, or with K or M; default 32M)"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_serve_def = {
    "serve", "--db FILE [--listen ADDR:PORT] [--token-file FILE]",
    "Serve the JSON API (/api/v1/) and the dashboard over HTTP.",
    "Binds to loopback unless --listen says otherwise. Reads need no token;\n"
    "writes (POST /api/v1/funds) need 'Authorization: Bearer TOKEN' with the\n"
    "token read from --token-file (without it, writes answer 401). Each\n"
    "client address may hold --max-per-client connections; a connection\n"
    "that does not send a request's head within --head-timeout seconds is\n"
    "answered 408 (its first) or closed (a later one). Stops cleanly on\n"
    "SIGINT or SIGTERM. See docs/http-api.md.",
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
    if (*end || end == colon + 1 || port < 0 || port > 65535)
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

    return *end || end == s || v < lo || v > hi ? -1 : v;
}

/* "4096", "64K", "32M": bytes, at least 1 KiB, at most 1 GiB; -1 if not */
static long parse_size(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);

    if (end == s || v <= 0)
        return -1;
    if (*end == 'K' || *end == 'k')
        v *= 1024, end++;
    else if (*end == 'M' || *end == 'm')
        v *= 1024 * 1024, end++;
    return *end || v < 1024 || v > (1L << 30) ? -1 : v;
}

/* --host a,b,c: each name once, lower case compared later */
static int add_hosts(srv_config *cfg, const char *list)
{
    const char *p = list;

    while (*p) {
        size_t n = strcspn(p, ",");
        if (n == 0 || n >= sizeof cfg->hosts[0] ||
            cfg->n_hosts >= (int)(sizeof cfg->hosts / sizeof cfg->hosts[0]))
            return -1;
        memcpy(cfg->hosts[cfg->n_hosts], p, n);
        cfg->hosts[cfg->n_hosts++][n] = '\0';
        p += n + (p[n] == ',');
    }
    return 0;
}

/* The names the server answers as without --host: its own address, and
 * localhost when that is a loopback one; any IPv4 literal when it listens
 * on every address (names still need --host). */
static void default_hosts(srv_config *cfg)
{
    uint32_t a = ntohl(cfg->addr.sin_addr.s_addr);

    if (a == INADDR_ANY) {
        cfg->any_ip_host = 1;
    } else if (cfg->n_hosts < 7) {
        inet_ntop(AF_INET, &cfg->addr.sin_addr, cfg->hosts[cfg->n_hosts++],
                  sizeof cfg->hosts[0]);
    }
    if ((a == INADDR_ANY || (a >> 24) == 127) && cfg->n_hosts < 8)
        snprintf(cfg->hosts[cfg->n_hosts++], sizeof cfg->hosts[0],
                 "localhost");
}

static int listen_on(srv_config *cfg)
{
    socklen_t len = sizeof cfg->addr;
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&cfg->addr, sizeof cfg->addr) < 0 ||
        listen(fd, 511) < 0 ||
        getsockname(fd, (struct sockaddr *)&cfg->addr, &len) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

int cmd_serve(int argc, char **argv)
{
    static srv_config cfg;
    const char *listen = "127.0.0.1:8080", *log_path = "-", *targets = NULL;
    long threads = 2, max_conn = 256, per_client = 16, timeout = 30,
         head_timeout = 10, log_max = 32L << 20;
    int print_port = 0, c, first, sig, fd, code = CLI_EXIT_OK;
    struct MHD_Daemon *d;
    srv_gate_options go;
    aq_error err = AQ_ERROR_INIT;
    aq_store *probe = NULL;
    struct timespec second = {1, 0};
    sigset_t set;
    char *val, msg[256];

    memset(&cfg, 0, sizeof cfg);
    snprintf(cfg.web_root, sizeof cfg.web_root, "%s/web", AQ_SOURCE_DIR);
    snprintf(cfg.vendor_root, sizeof cfg.vendor_root, "%s/node_modules",
             AQ_SOURCE_DIR);
    while ((c = cli_getopt(argc, argv, &cmd_serve_def, &val, &first)) > 0) {
        switch (c) {
        case OPT_DB: cfg.db_path = val; break;
        case OPT_LISTEN: listen = val; break;
        case OPT_HOST:
            if (add_hosts(&cfg, val) < 0)
                return cli_usage_error(&cmd_serve_def,
                                       "--host: up to 8 names of at most "
                                       "127 characters, comma-separated");
            break;
        case OPT_TOKEN_FILE:
            if (read_token(val, cfg.token, sizeof cfg.token) < 0) {
                fprintf(stderr,
                        "aqrank: %s: cannot read a token of at least 8 "
                        "characters\n",
                        val);
                return CLI_EXIT_INPUT;
            }
            cfg.have_token = 1;
            break;
        case OPT_TARGETS: targets = val; break;
        case OPT_WEB_ROOT:
            snprintf(cfg.web_root, sizeof cfg.web_root, "%s", val);
            break;
        case OPT_VENDOR_ROOT:
            snprintf(cfg.vendor_root, sizeof cfg.vendor_root, "%s", val);
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
        case OPT_PER_CLIENT:
            if ((per_client = parse_count(val, 1, 100000)) < 0)
                return cli_usage_error(&cmd_serve_def,
                                       "--max-per-client: 1..100000");
            break;
        case OPT_TIMEOUT:
            if ((timeout = parse_count(val, 1, 3600)) < 0)
                return cli_usage_error(&cmd_serve_def, "--timeout: 1..3600");
            break;
        case OPT_HEAD_TIMEOUT:
            if ((head_timeout = parse_count(val, 1, 3600)) < 0)
                return cli_usage_error(&cmd_serve_def,
                                       "--head-timeout: 1..3600");
            break;
        case OPT_ACCESS_LOG: log_path = val; break;
        case OPT_ACCESS_LOG_MAX:
            if ((log_max = parse_size(val)) < 0)
                return cli_usage_error(&cmd_serve_def,
                                       "--access-log-max: 1K..1024M");
            break;
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (!cfg.db_path)
        return cli_usage_error(&cmd_serve_def, "--db FILE is required");
    if (parse_listen(listen, &cfg.addr) < 0)
        return cli_usage_error(&cmd_serve_def,
                               "--listen must be IPv4ADDR:PORT, got '%s'",
                               listen);
    if (per_client > max_conn)
        per_client = max_conn;
    /* fail early on a missing or foreign database */
    if (aq_store_open(&probe, cfg.db_path, AQ_STORE_READONLY, &err) < 0)
        return cli_fail(&err);
    aq_store_close(probe);
    /* read once: the same targets answer every request */
    if (targets && (code = cli_load_targets(targets, &cfg.targets)) != 0)
        return code;
    if (strcmp(log_path, "none") &&
        srv_log_open(&cfg.log, log_path, (size_t)log_max, msg, sizeof msg) <
            0) {
        fprintf(stderr, "aqrank: %s\n", msg);
        aq_targets_free(cfg.targets);
        return CLI_EXIT_ERROR;
    }
    pthread_key_create(&cfg.thread_key, srv_thread_free);
    if (srv_mhd_load(msg, sizeof msg) < 0) {
        fprintf(stderr, "aqrank: %s\n", msg);
        srv_log_close(cfg.log);
        aq_targets_free(cfg.targets);
        return CLI_EXIT_ERROR;
    }
    if ((fd = listen_on(&cfg)) < 0) {
        fprintf(stderr, "aqrank: cannot listen on %s: %s\n", listen,
                strerror(errno));
        srv_log_close(cfg.log);
        aq_targets_free(cfg.targets);
        return CLI_EXIT_ERROR;
    }
    default_hosts(&cfg);
    /* block the signals before any thread starts, then wait for them */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    d = srv_http_start(&cfg, (unsigned)threads, (unsigned)max_conn,
                       (unsigned)per_client, (unsigned)timeout);
    go.max_connections = (unsigned)max_conn;
    go.per_client = (unsigned)per_client;
    go.head_timeout = (unsigned)head_timeout;
    if (!d || srv_gate_start(&cfg.gate, fd, d, &go, msg, sizeof msg) < 0) {
        fprintf(stderr, "aqrank: cannot serve on %s: %s\n", listen,
                d ? msg : "libmicrohttpd did not start");
        if (d)
            srv_mhd_fn.stop_daemon(d);
        close(fd);
        srv_log_close(cfg.log);
        aq_targets_free(cfg.targets);
        return CLI_EXIT_ERROR;
    }
    if (print_port) {
        printf("%u\n", (unsigned)ntohs(cfg.addr.sin_port));
        fflush(stdout);
    }
    fprintf(stderr, "aqrank: serving %s on http://%s:%u/\n", cfg.db_path,
            inet_ntoa(cfg.addr.sin_addr), (unsigned)ntohs(cfg.addr.sin_port));
    for (;;) {
        sig = sigtimedwait(&set, NULL, &second);
        if (sig == SIGINT || sig == SIGTERM)
            break;
        srv_log_flush(cfg.log);
        srv_http_watch((unsigned)head_timeout);
    }
    fprintf(stderr, "aqrank: %s received, shutting down\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    srv_gate_stop(cfg.gate);
    srv_mhd_fn.stop_daemon(d);
    srv_gate_free(cfg.gate);
    close(fd);
    srv_static_free();
    srv_log_close(cfg.log);
    aq_targets_free(cfg.targets);
    return code;
}
