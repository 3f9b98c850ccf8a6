/* SPDX-License-Identifier: MIT */
/*
 * The outputs that are files, not text (issue 21): workbooks through
 * aq_render_xlsx(), and PDF. A printable HTML page (aq_render_html) becomes
 * a PDF by headless Chromium's
 * print-to-PDF (issue 21): the page size is the page's own CSS @page
 * (A4), and Chromium embeds the glyphs of the fonts it used (Chinese from
 * fonts-wqy-microhei through fontconfig). Printing is a separate program,
 * so this is the CLI's part; the page itself comes from the library.
 *
 * Chromium runs in a process group of its own with a private profile in a
 * temporary folder, its output to a log there, and is killed with its
 * children when it takes longer than PDF_TIMEOUT_S. The PDF is written
 * beside the target and renamed over it, so a failure leaves no partial
 * file.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aq/render.h"
#include "cli/cli.h"

extern char **environ;

#define PDF_TIMEOUT_S 120

/* the browsers tried, in order, when AQRANK_CHROMIUM is not set */
static const char *const browsers[] = {"chromium", "chromium-browser",
                                       "google-chrome", "google-chrome-stable"};

/* dst = the first executable `name` on PATH (or name itself when it has a
 * slash); 0 when found */
static int find_program(const char *name, char *dst, size_t cap)
{
    const char *path = getenv("PATH"), *p, *colon;

    if (strchr(name, '/')) {
        snprintf(dst, cap, "%s", name);
        return access(dst, X_OK);
    }
    for (p = path ? path : "/usr/bin:/bin"; *p; p = colon + 1) {
        colon = strchr(p, ':');
        if (!colon)
            colon = p + strlen(p);
        snprintf(dst, cap, "%.*s/%s", (int)(colon - p), p, name);
        if (colon > p && access(dst, X_OK) == 0)
            return 0;
        if (!*colon)
            break;
    }
    return -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static int write_all(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    int ok;

    if (!f)
        return -1;
    ok = fputs(text, f) != EOF;
    if (fclose(f) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/* the last non-empty line of the log, for the error message */
static void last_line(const char *log, char *dst, size_t cap)
{
    char line[512];
    FILE *f = fopen(log, "r");

    dst[0] = '\0';
    if (!f)
        return;
    while (fgets(line, sizeof line, f))
        if (line[0] != '\n') {
            line[strcspn(line, "\r\n")] = '\0';
            snprintf(dst, cap, "%.*s", (int)cap - 1, line);
        }
    fclose(f);
}

/* run argv with its output to log; 0 when it exited 0 in time */
static int run_browser(char *const argv[], const char *log, char *why,
                       size_t cap)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    struct timespec nap = {0, 50 * 1000 * 1000};
    pid_t pid;
    int status = 0, rc, waited = 0;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&at, 0);
    rc = posix_spawn(&pid, argv[0], &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    if (rc != 0) {
        snprintf(why, cap, "cannot start %s: %s", argv[0], strerror(rc));
        return -1;
    }
    for (;;) {
        rc = (int)waitpid(pid, &status, WNOHANG);
        if (rc == pid || (rc < 0 && errno != EINTR))
            break;
        if (waited++ >= PDF_TIMEOUT_S * 20) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            snprintf(why, cap, "%s took more than %d s and was stopped",
                     argv[0], PDF_TIMEOUT_S);
            return -1;
        }
        nanosleep(&nap, NULL);
    }
    kill(-pid, SIGKILL); /* helpers it may have left behind */
    if (rc != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char tail[256];
        last_line(log, tail, sizeof tail);
        snprintf(why, cap, "%s failed (%s %d)%s%s", argv[0],
                 rc == pid && WIFSIGNALED(status) ? "signal" : "status",
                 rc == pid && WIFSIGNALED(status) ? WTERMSIG(status)
                                                  : WEXITSTATUS(status),
                 *tail ? ": " : "", tail);
        return -1;
    }
    return 0;
}

/* 0 when path holds a PDF */
static int is_pdf(const char *path)
{
    char head[5] = "";
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return -1;
    n = fread(head, 1, 4, f);
    fclose(f);
    return n == 4 && !memcmp(head, "%PDF", 4) ? 0 : -1;
}

int cli_print_pdf(const char *html, const char *output)
{
    aq_error err = AQ_ERROR_INIT;
    const char *env = getenv("AQRANK_CHROMIUM"), *tmpdir = getenv("TMPDIR");
    char browser[4096], dir[4096], page[4200], url[4300], log[4200],
        profile[4200], part[4200], opt_profile[4300], opt_pdf[4300],
        why[512] = "";
    char *argv[16];
    size_t i;
    int n = 0, code = CLI_EXIT_OK;

    if (env && *env) {
        if (find_program(env, browser, sizeof browser) != 0) {
            aq_error_set(&err, AQ_ENOTFOUND,
                         "printing to PDF: AQRANK_CHROMIUM=%s is not a "
                         "program",
                         env);
            return cli_fail(&err);
        }
    } else {
        for (i = 0; i < sizeof browsers / sizeof *browsers; i++)
            if (find_program(browsers[i], browser, sizeof browser) == 0)
                break;
        if (i == sizeof browsers / sizeof *browsers) {
            aq_error_set(&err, AQ_ENOTFOUND,
                         "printing to PDF needs Chromium, and none is on "
                         "PATH: install the Debian package 'chromium' (and "
                         "'fonts-wqy-microhei' for Chinese text)");
            return cli_fail(&err);
        }
    }
    snprintf(dir, sizeof dir, "%s/aqrank-pdf-XXXXXX",
             tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir)) {
        aq_error_set(&err, AQ_EIO, "cannot create a temporary folder '%s': %s",
                     dir, strerror(errno));
        return cli_fail(&err);
    }
    snprintf(page, sizeof page, "%s/bulletin.html", dir);
    snprintf(log, sizeof log, "%s/chromium.log", dir);
    snprintf(profile, sizeof profile, "%s/profile", dir);
    snprintf(part, sizeof part, "%s.%ld.part", output, (long)getpid());
    snprintf(url, sizeof url, "file://%s", page);
    snprintf(opt_profile, sizeof opt_profile, "--user-data-dir=%s", profile);
    snprintf(opt_pdf, sizeof opt_pdf, "--print-to-pdf=%s", part);
    if (write_all(page, html) != 0) {
        aq_error_set(&err, AQ_EIO, "cannot write '%s'", page);
        code = cli_fail(&err);
        goto done;
    }
    /* headless, no sandbox (it refuses to run as root otherwise), and no
     * background connections: the machine may have no network */
    argv[n++] = browser;
    argv[n++] = "--headless";
    argv[n++] = "--no-sandbox";
    argv[n++] = "--disable-gpu";
    argv[n++] = "--disable-quic";
    argv[n++] = "--no-first-run";
    argv[n++] = "--disable-background-networking";
    argv[n++] = "--disable-component-update";
    argv[n++] = "--disable-sync";
    argv[n++] = "--disable-extensions";
    argv[n++] = "--no-pdf-header-footer";
    argv[n++] = opt_profile;
    argv[n++] = opt_pdf;
    argv[n++] = url;
    argv[n] = NULL;
    if (run_browser(argv, log, why, sizeof why) != 0 || is_pdf(part) != 0) {
        if (!*why)
            snprintf(why, sizeof why, "%.200s wrote no PDF", browser);
        aq_error_set(&err, AQ_EIO, "cannot print '%s': %s", output, why);
        code = cli_fail(&err);
        unlink(part);
        goto done;
    }
    if (rename(part, output) != 0) {
        aq_error_set(&err, AQ_EIO, "cannot write '%s': %s", output,
                     strerror(errno));
        code = cli_fail(&err);
        unlink(part);
    }
done:
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return code;
}

int cli_write_text(const char *output, const char *text, int newline)
{
    aq_error err = AQ_ERROR_INIT;
    FILE *f = output ? fopen(output, "wb") : stdout;
    int wrote;

    if (!f) {
        aq_error_set(&err, AQ_EIO, "cannot write '%s': %s", output,
                     strerror(errno));
        return cli_fail(&err);
    }
    wrote = fputs(text, f) != EOF && (!newline || fputc('\n', f) != EOF) &&
            fflush(f) == 0;
    if (f != stdout && fclose(f) != 0)
        wrote = 0;
    if (!wrote) {
        aq_error_set(&err, AQ_EIO, "cannot write %s",
                     output ? output : "standard output");
        return cli_fail(&err);
    }
    return CLI_EXIT_OK;
}

int cli_write_xlsx(const char *document, const char *json, const char *lang,
                   const char *output)
{
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;

    ro.lang = lang;
    if (aq_render_xlsx(document, json, &ro, output, &err) < 0)
        return cli_fail(&err);
    return CLI_EXIT_OK;
}
