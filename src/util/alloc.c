/* SPDX-License-Identifier: MIT */
/*
 * The one allocator (src/util/alloc.h). With AQ_FAIL_ALLOC_AT=N set, the
 * Nth allocation (1-based) and every later one fail, for fault injection.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util/alloc.h"

static atomic_ulong alloc_count;
static long fail_at = -1; /* -1: not read yet; 0: never fail */

static int should_fail(void)
{
    unsigned long n = atomic_fetch_add(&alloc_count, 1) + 1;

    if (fail_at < 0) {
        const char *e = getenv("AQ_FAIL_ALLOC_AT");
        fail_at = e && *e ? strtol(e, NULL, 10) : 0;
        if (fail_at < 0)
            fail_at = 0;
    }
    return fail_at > 0 && n >= (unsigned long)fail_at;
}

void *aqx_malloc(size_t size)
{
    return should_fail() ? NULL : malloc(size ? size : 1);
}

void *aqx_calloc(size_t count, size_t size)
{
    return should_fail() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *aqx_realloc(void *ptr, size_t size)
{
    return should_fail() ? NULL : realloc(ptr, size ? size : 1);
}

void *aqx_huge_alloc(size_t size)
{
    void *p = NULL;

    if (should_fail() || posix_memalign(&p, AQX_HUGE_PAGE, size ? size : 1))
        return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, size, MADV_HUGEPAGE); /* advice: no error to report */
#endif
    return p;
}

char *aqx_strndup(const char *s, size_t n)
{
    char *d = aqx_malloc(n + 1);

    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *aqx_strdup(const char *s)
{
    return aqx_strndup(s, strlen(s));
}

void aqx_free(void *ptr)
{
    free(ptr);
}

unsigned long aqx_alloc_count(void)
{
    return atomic_load(&alloc_count);
}
