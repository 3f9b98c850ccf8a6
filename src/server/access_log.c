/* SPDX-License-Identifier: MIT */
/*
 * The access log: one line per request, collected in a buffer that is
 * written when it fills and once a second (serve.c calls srv_log_flush),
 * never once per request: under load a write per request cost a system
 * call each and the file grew without end (issue 18). The file is bounded:
 * when a write would take it past max_bytes it is renamed PATH.1 (the
 * previous PATH.1 goes) and a new PATH is started, so the log never holds
 * more than twice max_bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server.h"
#include "util/alloc.h"

#define LOG_BUFFER (64u * 1024)

struct srv_log {
    pthread_mutex_t lock;
    int fd;
    int own_fd; /* 0 for standard error */
    char *path;
    size_t max_bytes;
    size_t file_bytes;
    size_t used;
    unsigned long rotations;
    char buf[LOG_BUFFER];
};

static int open_file(srv_log *l, char *msg, size_t len)
{
    struct stat sb;

    l->fd = open(l->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (l->fd < 0) {
        snprintf(msg, len, "%s: %s", l->path, strerror(errno));
        return -1;
    }
    l->file_bytes = fstat(l->fd, &sb) == 0 ? (size_t)sb.st_size : 0;
    return 0;
}

int srv_log_open(srv_log **out, const char *path, size_t max_bytes,
                 char *msg, size_t len)
{
    srv_log *l = aqx_calloc(1, sizeof *l);

    *out = NULL;
    if (!l) {
        snprintf(msg, len, "out of memory");
        return -1;
    }
    pthread_mutex_init(&l->lock, NULL);
    l->max_bytes = max_bytes;
    if (!strcmp(path, "-")) {
        l->fd = STDERR_FILENO;
    } else {
        l->own_fd = 1;
        l->path = aqx_strdup(path);
        if (!l->path || open_file(l, msg, len) < 0) {
            aqx_free(l->path);
            aqx_free(l);
            return -1;
        }
    }
    *out = l;
    return 0;
}

/* Renames the full file away and opens a new one (under the lock). */
static void rotate(srv_log *l)
{
    char old[PATH_MAX + 8], msg[64];

    snprintf(old, sizeof old, "%s.1", l->path);
    close(l->fd);
    if (rename(l->path, old) < 0 && errno != ENOENT)
        unlink(l->path); /* cannot keep it: the bound wins over history */
    if (open_file(l, msg, sizeof msg) < 0)
        l->fd = -1; /* lines are dropped until the next rotation works */
    l->rotations++;
}

/* Writes the buffer (under the lock). */
static void flush_locked(srv_log *l)
{
    size_t done = 0;

    if (l->own_fd && l->file_bytes + l->used > l->max_bytes)
        rotate(l);
    while (l->fd >= 0 && done < l->used) {
        ssize_t w = write(l->fd, l->buf + done, l->used - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break; /* a full disk loses log lines, never requests */
        done += (size_t)w;
    }
    l->file_bytes += done;
    l->used = 0;
}

void srv_log_line(srv_log *l, const char *line, size_t n)
{
    size_t cap;

    if (!l)
        return;
    /* a bound below the buffer's size is honoured line by line */
    cap = l->own_fd && l->max_bytes < LOG_BUFFER ? l->max_bytes : LOG_BUFFER;
    if (n > cap)
        n = cap;
    pthread_mutex_lock(&l->lock);
    if (l->used + n > cap)
        flush_locked(l);
    memcpy(l->buf + l->used, line, n);
    l->used += n;
    pthread_mutex_unlock(&l->lock);
}

void srv_log_flush(srv_log *l)
{
    if (!l)
        return;
    pthread_mutex_lock(&l->lock);
    if (l->used)
        flush_locked(l);
    pthread_mutex_unlock(&l->lock);
}

void srv_log_close(srv_log *l)
{
    if (!l)
        return;
    srv_log_flush(l);
    if (l->own_fd && l->fd >= 0)
        close(l->fd);
    pthread_mutex_destroy(&l->lock);
    aqx_free(l->path);
    aqx_free(l);
}
