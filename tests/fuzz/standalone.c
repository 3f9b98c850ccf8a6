/* SPDX-License-Identifier: MIT */
/*
 * The replay driver: a main() for any fuzz target, built with the normal
 * compiler (no clang, no libFuzzer). Each argument is a file or a
 * directory; every regular file found (one level deep) is run once through
 * LLVMFuzzerTestOneInput(). Prints one line per file with -v, and a last
 * line "replayed N files". A crash or sanitizer report ends the process,
 * which is how tests/suites/fuzz_replay.sh sees a failure.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

/* Targets that need no set-up do not define LLVMFuzzerInitialize. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static int verbose;
static unsigned long replayed;

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (!f) {
        fprintf(stderr, "standalone: cannot open %s\n", path);
        return -1;
    }
    do {
        if (len == cap) {
            unsigned char *nb;
            cap = cap ? cap * 2 : 65536;
            nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = nb;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    if (verbose)
        fprintf(stderr, "replay %s (%zu bytes)\n", path, len);
    /* an exact-size copy, so ASan sees a read one past the input */
    {
        unsigned char *exact = malloc(len ? len : 1);
        if (!exact) {
            free(buf);
            return -1;
        }
        memcpy(exact, buf, len);
        free(buf);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
    }
    replayed++;
    return 0;
}

static int compare(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int rc = 0;

    if (!d)
        return -1;
    while ((e = readdir(d))) {
        char full[4096];
        struct stat st;
        if (e->d_name[0] == '.')
            continue;
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        if (stat(full, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (n == cap) {
            char **nn;
            cap = cap ? cap * 2 : 64;
            nn = realloc(names, cap * sizeof *names);
            if (!nn)
                break;
            names = nn;
        }
        names[n++] = strdup(full);
    }
    closedir(d);
    qsort(names, n, sizeof *names, compare); /* a stable replay order */
    for (i = 0; i < n; i++) {
        if (names[i] && replay_file(names[i]) < 0)
            rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int i, rc = 0;
    struct stat st;

    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v")) {
            verbose = 1;
            continue;
        }
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "standalone: no such file %s\n", argv[i]);
            rc = 1;
        } else if (S_ISDIR(st.st_mode) ? replay_dir(argv[i]) < 0
                                       : replay_file(argv[i]) < 0) {
            rc = 1;
        }
    }
    printf("replayed %lu files\n", replayed);
    return rc;
}
