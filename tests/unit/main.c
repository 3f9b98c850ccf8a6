/* SPDX-License-Identifier: MIT */
/*
 * Unit-test runner: runs every generated test (or those whose name
 * contains the -s argument), prints each failure with file and line, and
 * ends with "unit: N passed, N failed". Exit status 1 if any failed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "test_list.h"

static int current_failures;
static const char *current_name;
static char tmp_dir[256];

void aqt_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    current_failures++;
    fprintf(stderr, "FAIL %s (%s:%d): ", current_name, file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

const char *aqt_data_dir(void)
{
    const char *d = getenv("AQ_TEST_DATA");

    return d && *d ? d : "tests/data";
}

const char *aqt_tmp_dir(void)
{
    if (!tmp_dir[0]) {
        snprintf(tmp_dir, sizeof tmp_dir, "%s/aqtest.XXXXXX",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(tmp_dir)) {
            perror("mkdtemp");
            exit(2);
        }
    }
    return tmp_dir;
}

int main(int argc, char **argv)
{
    const char *filter = NULL;
    int passed = 0, failed = 0, verbose = 0;
    size_t i;

    for (i = 1; i < (size_t)argc; i++) {
        if (!strcmp(argv[i], "-s") && i + 1 < (size_t)argc)
            filter = argv[++i];
        else if (!strcmp(argv[i], "-v"))
            verbose = 1;
        else if (!strcmp(argv[i], "-l")) {
            for (i = 0; i < sizeof aqt_tests / sizeof aqt_tests[0]; i++)
                printf("%s\n", aqt_tests[i].name);
            return 0;
        }
    }
    for (i = 0; i < sizeof aqt_tests / sizeof aqt_tests[0]; i++) {
        if (filter && !strstr(aqt_tests[i].name, filter))
            continue;
        current_name = aqt_tests[i].name;
        current_failures = 0;
        aqt_tests[i].fn();
        if (current_failures)
            failed++;
        else
            passed++;
        if (verbose)
            printf("%s %s\n", current_failures ? "FAIL" : "ok", current_name);
    }
    if (tmp_dir[0]) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmp_dir);
    }
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
