/* SPDX-License-Identifier: MIT */
/*
 * SHA-256 (FIPS 180-4) through Nettle, which uses the CPU's SHA
 * instructions where it has them: hashing a 413 MB file takes 0.4 s
 * instead of 1.8 s, a tenth of a national ingest (issue 6).
 */
#include <stdio.h>
#include <string.h>

#include "util/sha256.h"

void aqx_sha256_init(aqx_sha256 *c)
{
    sha256_init(&c->ctx);
}

void aqx_sha256_update(aqx_sha256 *c, const void *data, size_t len)
{
    sha256_update(&c->ctx, len, data);
}

void aqx_sha256_final_hex(aqx_sha256 *c, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    uint8_t d[SHA256_DIGEST_SIZE];
    int i;

    sha256_digest(&c->ctx, sizeof d, d);
    for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
}

int aqx_sha256_file(const char *path, char hex[65])
{
    unsigned char buf[1 << 16];
    aqx_sha256 c;
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return -1;
    aqx_sha256_init(&c);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        aqx_sha256_update(&c, buf, n);
    if (ferror(f)) {
        fclose(f);
        return -1;
    }
    fclose(f);
    aqx_sha256_final_hex(&c, hex);
    return 0;
}
