/* SPDX-License-Identifier: MIT */
/*
 * Internal to libaqrank and its programs: the one allocator. Every
 * allocation in src/ goes through these, so a test can make the Nth one
 * fail (AQ_FAIL_ALLOC_AT=N in the environment) and check that each caller
 * reports AQ_ENOMEM cleanly (STYLE 3.6).
 */
#ifndef AQX_ALLOC_H
#define AQX_ALLOC_H

#include <stddef.h>

void *aqx_malloc(size_t size);
void *aqx_calloc(size_t count, size_t size);
void *aqx_realloc(void *ptr, size_t size);
/* A huge page: the unit of aqx_huge_alloc(). */
#define AQX_HUGE_PAGE ((size_t)2 << 20)
/* size bytes (not cleared) aligned to AQX_HUGE_PAGE, for a large array
 * used all over: the kernel is asked to back it with huge pages
 * (MADV_HUGEPAGE; Debian's transparent huge pages are "madvise"), since
 * TLB misses on scattered accesses are dear on a virtual machine. Round
 * size up to whole pages to get them all. Freed with aqx_free(). */
void *aqx_huge_alloc(size_t size);
char *aqx_strdup(const char *s);
char *aqx_strndup(const char *s, size_t n);
void aqx_free(void *ptr);
/* Number of allocations made so far (for the fault-injection loop). */
unsigned long aqx_alloc_count(void);

#endif /* AQX_ALLOC_H */
