/* SPDX-License-Identifier: MIT */
/*
 * gzip (RFC 1952) of a reply body, with zlib: the dashboard's files and
 * the cached documents are compressed once and sent compressed to every
 * client that says Accept-Encoding: gzip.
 */
#include <zlib.h>

#include "server/server.h"
#include "util/alloc.h"

char *srv_gzip(const char *in, size_t n, int level, size_t *out_len)
{
    z_stream z = {0};
    uLong cap;
    char *out;

    /* windowBits 15 + 16: a gzip header and trailer instead of zlib's */
    if (n > (size_t)UINT32_MAX ||
        deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    cap = deflateBound(&z, (uLong)n);
    out = aqx_malloc(cap);
    if (!out) {
        deflateEnd(&z);
        return NULL;
    }
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END || z.total_out >= n) {
        deflateEnd(&z);
        aqx_free(out);
        return NULL;
    }
    *out_len = z.total_out;
    deflateEnd(&z);
    return out;
}
