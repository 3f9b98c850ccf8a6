/* SPDX-License-Identifier: MIT */
/*
 * The dashboard's files: web/ and, from node_modules/, the npm packages
 * the page uses, by a fixed whitelist (no request text ever becomes part
 * of a path). A file is read once and kept with its ETag, its
 * Last-Modified time and its gzip form; it is read again when its size or
 * time changes. An npm file asked for with ?v=VERSION, VERSION being the
 * installed package's, never changes under that URL: it is sent with a
 * year's caching (immutable). Everything else is revalidated (no-cache:
 * a 304 of a few hundred bytes when unchanged).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server.h"
#include "util/alloc.h"

#define MAX_FILE (64 << 20)

struct blob {
    char *data, *gz;
    srv_entity e;
    struct blob *retired; /* replaced versions, freed at the end */
};

static struct file {
    const char *url, *root, *file, *type;
    const char *package; /* npm package whose version makes the URL */
    struct blob *blob;
    char version[32];
} files[] = {
    {"/", "web", "index.html", "text/html; charset=utf-8", NULL, NULL, ""},
    {"/index.html", "web", "index.html", "text/html; charset=utf-8", NULL,
     NULL, ""},
    {"/app.js", "web", "app.js", "text/javascript; charset=utf-8", NULL, NULL,
     ""},
    {"/style.css", "web", "style.css", "text/css; charset=utf-8", NULL, NULL,
     ""},
    {"/vendor/echarts.min.js", "vendor", "echarts/dist/echarts.min.js",
     "text/javascript; charset=utf-8", "echarts", NULL, ""},
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct blob *retired;

/* The whole file, or NULL. */
static char *read_all(const char *path, size_t *len, struct stat *sb)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    char *data = NULL;
    size_t got = 0;

    if (fd < 0)
        return NULL;
    if (fstat(fd, sb) < 0 || sb->st_size > MAX_FILE ||
        !(data = aqx_malloc((size_t)sb->st_size + 1)))
        goto fail;
    while (got < (size_t)sb->st_size) {
        ssize_t n = read(fd, data + got, (size_t)sb->st_size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            goto fail;
        got += (size_t)n;
    }
    close(fd);
    data[got] = '\0';
    *len = got;
    return data;
fail:
    aqx_free(data);
    close(fd);
    return NULL;
}

/* The installed version of an npm package (its package.json), or "". */
static void package_version(const srv_config *cfg, const char *package,
                            char *dst, size_t cap)
{
    char path[PATH_MAX + 64];
    struct stat sb;
    size_t len;
    char *json, *p, *end;

    dst[0] = '\0';
    snprintf(path, sizeof path, "%s/%s/package.json", cfg->vendor_root,
             package);
    if (!(json = read_all(path, &len, &sb)))
        return;
    /* npm writes "version": "X" once at the top level of package.json */
    p = strstr(json, "\"version\"");
    if (p && (p = strchr(p + 9, '"')) && (end = strchr(p + 1, '"')) &&
        (size_t)(end - p - 1) < cap && end - p > 1) {
        memcpy(dst, p + 1, (size_t)(end - p - 1));
        dst[end - p - 1] = '\0';
    }
    aqx_free(json);
}

/* The current version of f (under the lock), or NULL. */
static struct blob *load(const srv_config *cfg, struct file *f)
{
    char path[PATH_MAX * 2];
    struct stat sb;
    struct blob *b;

    snprintf(path, sizeof path, "%s/%s",
             !strcmp(f->root, "web") ? cfg->web_root : cfg->vendor_root,
             f->file);
    if (f->blob && stat(path, &sb) == 0 &&
        (size_t)sb.st_size == f->blob->e.len &&
        (long long)sb.st_mtime == f->blob->e.mtime)
        return f->blob;
    b = aqx_calloc(1, sizeof *b);
    if (!b || !(b->data = read_all(path, &b->e.len, &sb))) {
        aqx_free(b);
        return NULL;
    }
    b->e.type = f->type;
    b->e.body = b->data;
    b->e.mtime = (long long)sb.st_mtime;
    snprintf(b->e.etag, sizeof b->e.etag, "\"%llx-%zx\"",
             (long long)sb.st_mtime, b->e.len);
    b->e.gz = b->gz = srv_gzip(b->data, b->e.len, 9, &b->e.gz_len);
    if (f->package)
        package_version(cfg, f->package, f->version, sizeof f->version);
    if (f->blob) {
        /* a reply may still be sending the old one */
        f->blob->retired = retired;
        retired = f->blob;
    }
    f->blob = b;
    return b;
}

int srv_static(srv_request *r, const char *path)
{
    struct file *f = NULL;
    struct blob *b;
    const char *v;
    size_t i;

    for (i = 0; i < sizeof files / sizeof files[0] && !f; i++)
        if (!strcmp(path, files[i].url))
            f = &files[i];
    if (!f)
        return 0;
    if (strcmp(srv_method(r), "GET") && strcmp(srv_method(r), "HEAD")) {
        srv_set_allow(r, "GET, HEAD");
        srv_reply_error(r, 405, "method_not_allowed",
                        "only GET and HEAD are allowed here");
        return 1;
    }
    pthread_mutex_lock(&lock);
    b = load(srv_config_of(r), f);
    pthread_mutex_unlock(&lock);
    if (!b) {
        srv_reply_error(r, 404, "not_found", "file not installed");
        return 1;
    }
    v = srv_query(r, "v");
    if (f->package && v && f->version[0] && !strcmp(v, f->version))
        srv_set_cache(r, "public, max-age=31536000, immutable");
    else
        srv_set_cache(r, "no-cache");
    srv_reply_entity(r, &b->e);
    return 1;
}

void srv_static_free(void)
{
    size_t i;

    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (files[i].blob) {
            files[i].blob->retired = retired;
            retired = files[i].blob;
            files[i].blob = NULL;
        }
    }
    while (retired) {
        struct blob *b = retired;
        retired = b->retired;
        aqx_free(b->data);
        aqx_free(b->gz);
        aqx_free(b);
    }
}
