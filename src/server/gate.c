/* SPDX-License-Identifier: MIT */
/*
 * The door of aqrank serve: one thread accepts every connection and holds
 * it until the head of its first request has arrived, then hands it to
 * libmicrohttpd (MHD_add_connection), which reads it again from the start
 * (the door only looks: recv with MSG_PEEK). It is there so that one client
 * cannot stop the others (issue 18):
 *   - each client address may hold per_client connections at once (in the
 *     door and in libmicrohttpd together), well below max_connections;
 *     one more is answered 429;
 *   - a head must arrive within head_timeout seconds of the connection,
 *     however slowly its bytes trickle in; else 408;
 * and so that a request libmicrohttpd 0.9.75 would refuse with an HTML
 * page of its own is refused here with the documented JSON error instead:
 * a request line over SRV_MAX_LINE (414), a head over SRV_MAX_HEAD (431),
 * an HTTP version other than 1.0 and 1.1 (505), a malformed request line or
 * header field, a missing Host in HTTP/1.1, a bad Content-Length, or more
 * than SRV_MAX_PARAMS parameters (400). The door checks the form of a head
 * and its size, no more: what a request means is http.c's.
 *
 * Later requests on a kept-alive connection go to libmicrohttpd directly:
 * there its memory limit applies, and http.c holds them to the same
 * deadline (docs/http-api.md).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server/mhd.h"
#include "server/server.h"
#include "util/alloc.h"

/* A refused connection is drained this long before it is closed, so that
 * its reply is not lost to a reset (unread bytes make close(2) send RST). */
#define LINGER_MS 1000

enum verdict { WAIT, PASS, REFUSE };

struct slot {
    int fd; /* -1 when free */
    int closing;
    uint32_t ip;
    struct sockaddr_in addr;
    struct timespec since;
};

struct client {
    uint32_t ip;
    unsigned open;
};

struct srv_gate {
    int listen_fd, ep, wake;
    struct MHD_Daemon *d;
    srv_gate_options o;
    pthread_t thread;
    int thread_done;
    pthread_mutex_t lock; /* clients and open, released by MHD threads */
    struct client *clients;
    size_t n_clients;
    unsigned open;
    struct slot *slots;
    size_t n_slots;
    char *head; /* SRV_MAX_HEAD + 1 bytes peeked */
};

static long ms_since(const struct timespec *t)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - t->tv_sec) * 1000L +
           (now.tv_nsec - t->tv_nsec) / 1000000L;
}

/* ---- Counting connections per client ---- */

/* Count one more for ip; 0, or the status that refuses it. */
static int take(srv_gate *g, uint32_t ip)
{
    size_t i;
    int status = 0;

    pthread_mutex_lock(&g->lock);
    for (i = 0; i < g->n_clients && g->clients[i].ip != ip; i++)
        ;
    if (g->open >= g->o.max_connections)
        status = 503;
    else if (i < g->n_clients && g->clients[i].open >= g->o.per_client)
        status = 429;
    else {
        if (i == g->n_clients) {
            g->clients[i].ip = ip;
            g->clients[i].open = 0;
            g->n_clients++;
        }
        g->clients[i].open++;
        g->open++;
    }
    pthread_mutex_unlock(&g->lock);
    return status;
}

void srv_gate_release(srv_gate *g, uint32_t ip)
{
    size_t i;

    pthread_mutex_lock(&g->lock);
    for (i = 0; i < g->n_clients; i++) {
        if (g->clients[i].ip != ip)
            continue;
        g->open--;
        if (--g->clients[i].open == 0)
            g->clients[i] = g->clients[--g->n_clients];
        break;
    }
    pthread_mutex_unlock(&g->lock);
}

/* ---- Looking at a head ---- */

static int is_tchar(unsigned char c)
{
    /* RFC 9110 5.6.2 token characters */
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* The first line end in p[0..n) (at the \n), or NULL. */
static const char *line_end(const char *p, size_t n)
{
    return memchr(p, '\n', n);
}

/* What to do with the n bytes of a head seen so far: WAIT for more, PASS
 * it on, or REFUSE it with *status and *msg. */
static enum verdict judge(const char *p, size_t n, int *status,
                          const char **msg)
{
    const char *eol = line_end(p, n), *q, *end, *target, *tend, *hdr;
    size_t len, params = 0;
    int hosts = 0, lengths = 0, chunked = 0, v11;

    *status = 400;
    if (!eol) {
        if (n <= SRV_MAX_LINE)
            return WAIT;
        *status = 414;
        *msg = "request line longer than 8 KiB";
        return REFUSE;
    }
    len = (size_t)(eol - p);
    if (len && p[len - 1] == '\r')
        len--;
    if (len > SRV_MAX_LINE) {
        *status = 414;
        *msg = "request line longer than 8 KiB";
        return REFUSE;
    }
    /* method SP request-target SP HTTP-version (RFC 9112 3) */
    *msg = "malformed request line";
    for (q = p; q < p + len && is_tchar((unsigned char)*q); q++)
        ;
    if (q == p || q >= p + len || *q != ' ')
        return REFUSE;
    target = ++q;
    while (q < p + len && (unsigned char)*q > ' ' && *q != 0x7f)
        q++;
    tend = q;
    if (tend == target || q >= p + len || *q != ' ')
        return REFUSE;
    q++;
    if (p + len - q != 8 || memcmp(q, "HTTP/", 5) || q[5] < '0' ||
        q[5] > '9' || q[6] != '.' || q[7] < '0' || q[7] > '9')
        return REFUSE;
    if (q[5] != '1' || (q[7] != '0' && q[7] != '1')) {
        *status = 505;
        *msg = "HTTP version not supported (HTTP/1.0 and HTTP/1.1 are)";
        return REFUSE;
    }
    v11 = q[7] == '1';
    for (q = memchr(target, '?', (size_t)(tend - target)); q && q < tend; q++)
        params += *q == '?' || *q == '&' || *q == ';';
    if (params > SRV_MAX_PARAMS) {
        *msg = "too many query parameters (at most 32)";
        return REFUSE;
    }
    /* the header fields, up to the empty line */
    for (hdr = eol + 1;; hdr = eol + 1) {
        size_t left = n - (size_t)(hdr - p);
        eol = line_end(hdr, left);
        if (!eol) {
            if (n <= SRV_MAX_HEAD)
                return WAIT;
            *status = 431;
            *msg = "request header fields larger than 32 KiB";
            return REFUSE;
        }
        end = eol > hdr && eol[-1] == '\r' ? eol - 1 : eol;
        if (end == hdr)
            break; /* the empty line */
        *msg = "malformed header field";
        for (q = hdr; q < end && is_tchar((unsigned char)*q); q++)
            ;
        if (q == hdr || q >= end || *q != ':')
            return REFUSE; /* no name, a space before ':', obs-fold */
        len = (size_t)(q - hdr);
        q++;
        q += strspn(q, " \t");
        if (len == 4 && !strncasecmp(hdr, "Host", 4))
            hosts++;
        if (len == 14 && !strncasecmp(hdr, "Content-Length", 14)) {
            const char *digits = q;
            lengths++;
            *msg = "malformed Content-Length";
            while (q < end && *q >= '0' && *q <= '9')
                q++;
            if (q == digits)
                return REFUSE;
            while (q < end && (*q == ' ' || *q == '\t'))
                q++;
            if (q != end)
                return REFUSE;
        }
        if (len == 17 && !strncasecmp(hdr, "Transfer-Encoding", 17))
            chunked = 1;
    }
    if (eol + 1 - p > (long)SRV_MAX_HEAD) {
        *status = 431;
        *msg = "request header fields larger than 32 KiB";
        return REFUSE;
    }
    if (hosts > 1 || (v11 && hosts == 0)) {
        *msg = hosts ? "more than one Host header field"
                     : "HTTP/1.1 request without a Host header field";
        return REFUSE;
    }
    if (lengths > 1 || (lengths && chunked)) {
        *msg = "a body with two lengths (RFC 9112 6.3)";
        return REFUSE;
    }
    return PASS;
}

/* ---- Slots ---- */

static void close_slot(srv_gate *g, struct slot *s)
{
    epoll_ctl(g->ep, EPOLL_CTL_DEL, s->fd, NULL);
    close(s->fd);
    s->fd = -1;
}

static const char *reason_of(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 414: return "URI Too Long";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
    }
}

static const char *code_of(int status)
{
    switch (status) {
    case 408: return "request_timeout";
    case 414: return "uri_too_long";
    case 429: return "too_many_connections";
    case 431: return "header_fields_too_large";
    case 503: return "server_busy";
    case 505: return "http_version_not_supported";
    default: return "bad_request";
    }
}

/* Sends the JSON error and starts closing: reads are drained for a while
 * (so that the reply is not reset away), writes are over. */
static void refuse(srv_gate *g, struct slot *s, int status, const char *msg)
{
    char body[512], reply[1024];
    size_t n = srv_error_json(body, sizeof body, code_of(status), msg);
    int len = snprintf(
        reply, sizeof reply,
        "HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=utf-8\r\n"
        "Content-Length: %zu\r\nConnection: close\r\n"
        "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
        "%s\r\n%s",
        status, reason_of(status), n,
        status == 503 || status == 429 ? "Retry-After: 1\r\n" : "", body);

    /* a small reply into an empty send buffer: one send, never blocks */
    if (len > 0 && send(s->fd, reply, (size_t)len, MSG_NOSIGNAL) < 0)
        len = -1;
    shutdown(s->fd, SHUT_WR);
    s->closing = 1;
    clock_gettime(CLOCK_MONOTONIC, &s->since);
    if (len < 0)
        close_slot(g, s);
}

static void drain(srv_gate *g, struct slot *s)
{
    ssize_t n;

    do
        n = recv(s->fd, g->head, SRV_MAX_HEAD, 0);
    while (n > 0);
    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
        close_slot(g, s);
}

static void look(srv_gate *g, struct slot *s)
{
    ssize_t n;
    int status;
    const char *msg;

    if (s->closing) {
        drain(g, s);
        return;
    }
    n = recv(s->fd, g->head, SRV_MAX_HEAD + 1, MSG_PEEK);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (n <= 0) { /* gone before its request */
        srv_gate_release(g, s->ip);
        close_slot(g, s);
        return;
    }
    switch (judge(g->head, (size_t)n, &status, &msg)) {
    case WAIT: return;
    case REFUSE:
        srv_gate_release(g, s->ip);
        refuse(g, s, status, msg);
        return;
    case PASS: break;
    }
    epoll_ctl(g->ep, EPOLL_CTL_DEL, s->fd, NULL);
    /* libmicrohttpd owns the socket from here, and closes it on failure
     * (then it never reports the connection closed: release it here) */
    if (srv_mhd_fn.add_connection(g->d, s->fd, (struct sockaddr *)&s->addr,
                                  sizeof s->addr) != MHD_YES)
        srv_gate_release(g, s->ip);
    s->fd = -1;
}

static struct slot *free_slot(srv_gate *g)
{
    size_t i;

    for (i = 0; i < g->n_slots; i++)
        if (g->slots[i].fd < 0)
            return &g->slots[i];
    return NULL;
}

static void accept_all(srv_gate *g)
{
    for (;;) {
        struct sockaddr_in addr;
        socklen_t alen = sizeof addr;
        struct epoll_event ev;
        struct slot *s;
        int fd, status;

        fd = accept4(g->listen_fd, (struct sockaddr *)&addr, &alen,
                     SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; /* EAGAIN, or out of descriptors: try on the next wake */
        s = free_slot(g);
        if (!s) { /* every slot busy, refusing ones too: no reply */
            close(fd);
            continue;
        }
        s->fd = fd;
        s->closing = 0;
        s->addr = addr;
        s->ip = addr.sin_addr.s_addr;
        clock_gettime(CLOCK_MONOTONIC, &s->since);
        ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
        ev.data.u64 = (uint64_t)(s - g->slots);
        if (epoll_ctl(g->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
            close(fd);
            s->fd = -1;
            continue;
        }
        if ((status = take(g, s->ip)) != 0) {
            refuse(g, s, status,
                   status == 429 ? "too many connections from this address"
                                 : "too many connections; try again");
            continue;
        }
        look(g, s); /* its head may be there already */
    }
}

/* Slots past their time: heads not in by the deadline, refused
 * connections drained long enough. */
static void expire(srv_gate *g)
{
    size_t i;

    for (i = 0; i < g->n_slots; i++) {
        struct slot *s = &g->slots[i];
        long age;
        if (s->fd < 0)
            continue;
        age = ms_since(&s->since);
        if (s->closing && age >= LINGER_MS) {
            close_slot(g, s);
        } else if (!s->closing && age >= (long)g->o.head_timeout * 1000L) {
            srv_gate_release(g, s->ip);
            refuse(g, s, 408, "the request's head did not arrive in time");
        }
    }
}

#define WAKE_LISTEN UINT64_MAX
#define WAKE_STOP (UINT64_MAX - 1)

static void *run(void *arg)
{
    srv_gate *g = arg;
    struct epoll_event evs[64];

    for (;;) {
        int n = epoll_wait(g->ep, evs, 64, 200), i;
        for (i = 0; i < n; i++) {
            if (evs[i].data.u64 == WAKE_STOP)
                return NULL;
            if (evs[i].data.u64 == WAKE_LISTEN)
                accept_all(g);
            else if (g->slots[evs[i].data.u64].fd >= 0)
                look(g, &g->slots[evs[i].data.u64]);
        }
        expire(g);
    }
}

int srv_gate_start(srv_gate **out, int listen_fd, struct MHD_Daemon *d,
                   const srv_gate_options *o, char *msg, size_t len)
{
    srv_gate *g = aqx_calloc(1, sizeof *g);
    struct epoll_event ev;
    size_t i;

    *out = NULL;
    if (!g) {
        snprintf(msg, len, "out of memory");
        return -1;
    }
    g->listen_fd = listen_fd;
    g->d = d;
    g->o = *o;
    g->ep = g->wake = -1;
    pthread_mutex_init(&g->lock, NULL);
    /* refused connections linger a second beside the open ones */
    g->n_slots = (size_t)o->max_connections + 64;
    g->slots = aqx_calloc(g->n_slots, sizeof *g->slots);
    g->clients = aqx_calloc(o->max_connections + 1, sizeof *g->clients);
    g->head = aqx_malloc(SRV_MAX_HEAD + 1);
    if (!g->slots || !g->clients || !g->head) {
        snprintf(msg, len, "out of memory");
        goto fail;
    }
    for (i = 0; i < g->n_slots; i++)
        g->slots[i].fd = -1;
    g->ep = epoll_create1(EPOLL_CLOEXEC);
    g->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (g->ep < 0 || g->wake < 0) {
        snprintf(msg, len, "epoll: %s", strerror(errno));
        goto fail;
    }
    ev.events = EPOLLIN;
    ev.data.u64 = WAKE_LISTEN;
    epoll_ctl(g->ep, EPOLL_CTL_ADD, listen_fd, &ev);
    ev.data.u64 = WAKE_STOP;
    epoll_ctl(g->ep, EPOLL_CTL_ADD, g->wake, &ev);
    if (pthread_create(&g->thread, NULL, run, g) != 0) {
        snprintf(msg, len, "cannot start a thread");
        goto fail;
    }
    *out = g;
    return 0;
fail:
    if (g->ep >= 0)
        close(g->ep);
    if (g->wake >= 0)
        close(g->wake);
    aqx_free(g->slots);
    aqx_free(g->clients);
    aqx_free(g->head);
    aqx_free(g);
    return -1;
}

void srv_gate_stop(srv_gate *g)
{
    uint64_t one = 1;
    size_t i;

    if (!g || g->thread_done)
        return;
    if (write(g->wake, &one, sizeof one) == sizeof one)
        pthread_join(g->thread, NULL);
    g->thread_done = 1;
    for (i = 0; i < g->n_slots; i++)
        if (g->slots[i].fd >= 0)
            close(g->slots[i].fd);
}

void srv_gate_free(srv_gate *g)
{
    if (!g)
        return;
    srv_gate_stop(g);
    close(g->ep);
    close(g->wake);
    pthread_mutex_destroy(&g->lock);
    aqx_free(g->slots);
    aqx_free(g->clients);
    aqx_free(g->head);
    aqx_free(g);
}
