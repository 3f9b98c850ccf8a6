/* SPDX-License-Identifier: MIT */
/*
 * Internal: SHA-256 (FIPS 180-4), used to identify an ingested file's content
 * so that ingesting the same file twice changes nothing (issue 3).
 */
#ifndef AQX_SHA256_H
#define AQX_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <nettle/sha2.h>

typedef struct aqx_sha256 {
    struct sha256_ctx ctx;
} aqx_sha256;

void aqx_sha256_init(aqx_sha256 *c);
void aqx_sha256_update(aqx_sha256 *c, const void *data, size_t len);
/* Finish and write 64 lowercase hex digits and a NUL into hex[65]. */
void aqx_sha256_final_hex(aqx_sha256 *c, char hex[65]);
/* Hash a whole file; returns 0, or -1 (errno set) if it cannot be read. */
int aqx_sha256_file(const char *path, char hex[65]);

#endif /* AQX_SHA256_H */
