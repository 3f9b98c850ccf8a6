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
/* posix_memalign(): align a power of two, a multiple of sizeof(void *);
 * freed with aqx_free() */
void *aqx_aligned_alloc(size_t align, size_t size);
char *aqx_strdup(const char *s);
char *aqx_strndup(const char *s, size_t n);
void aqx_free(void *ptr);
/* Number of allocations made so far (for the fault-injection loop). */
unsigned long aqx_alloc_count(void);

#endif /* AQX_ALLOC_H */
