/* SPDX-License-Identifier: MIT */
/*
 * The hours of a station-day on disk (store_internal.h). Values are
 * micro-units, missing = AQ_MISSING.
 *
 * Format 1 (schema v4 on): a version byte, then for each of the 144 cells
 * (pollutant-major, label 1..24) one LEB128 varint: 0 = missing; odd = a
 * whole number of thousandths, 2*zz + 1; even = micro-units, 2*zz + 2 (zz
 * = zigzag of the signed value). Typical cells take 2-3 bytes, so a record
 * (~400 bytes) stays on its B-tree page instead of spilling into an
 * overflow page (ECOSYSTEM A.1). Format 0 is the raw 1152-byte
 * little-endian layout of schema v1-v3, still read.
 */
#include <stdint.h>

#include "aq/date.h"
#include "lib/store/store_internal.h"

#define FORMAT0_SIZE (AQ_POLLUTANT_COUNT * 24 * 8)

static size_t put_varint(unsigned char *p, uint64_t v)
{
    size_t n = 0;

    do {
        unsigned char b = (unsigned char)(v & 0x7f);
        v >>= 7;
        p[n++] = (unsigned char)(b | (v ? 0x80 : 0));
    } while (v);
    return n;
}

size_t aq_store__encode_hours(unsigned char *blob,
                              const int64_t v[AQ_POLLUTANT_COUNT][24])
{
    size_t n = 0;
    int p, h;

    blob[n++] = 1;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        for (h = 0; h < 24; h++) {
            int64_t x = v[p][h];
            uint64_t code;
            if (x == AQ_MISSING) {
                code = 0;
            } else if (x % 1000 == 0) {
                int64_t m = x / 1000;
                code = (((uint64_t)m << 1) ^ (uint64_t)(m >> 63)) * 2 + 1;
            } else {
                code = (((uint64_t)x << 1) ^ (uint64_t)(x >> 63)) * 2 + 2;
            }
            n += put_varint(blob + n, code);
        }
    return n;
}

int aq_store__decode_hours(int64_t v[AQ_POLLUTANT_COUNT][24],
                           const unsigned char *blob, size_t len)
{
    size_t i = 0;
    int p, h, b;

    if (len == FORMAT0_SIZE) {
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
            for (h = 0; h < 24; h++) {
                uint64_t u = 0;
                for (b = 0; b < 8; b++)
                    u |= (uint64_t)*blob++ << (8 * b);
                v[p][h] = (int64_t)u;
            }
        return 0;
    }
    if (len < 1 || blob[i++] != 1)
        return -1;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        for (h = 0; h < 24; h++) {
            uint64_t code = 0, zz;
            int shift = 0;
            int64_t x;
            for (;;) {
                if (i >= len || shift > 63)
                    return -1;
                code |= (uint64_t)(blob[i] & 0x7f) << shift;
                shift += 7;
                if (!(blob[i++] & 0x80))
                    break;
            }
            if (code == 0) {
                v[p][h] = AQ_MISSING;
                continue;
            }
            zz = (code - 1) / 2;
            x = (int64_t)(zz >> 1) ^ -(int64_t)(zz & 1);
            v[p][h] = code % 2 ? x * 1000 : x;
        }
    return i == len ? 0 : -1;
}

aq_status aq_store__col_hours(sqlite3_stmt *row, int i,
                              int64_t v[AQ_POLLUTANT_COUNT][24],
                              aq_error *err)
{
    if (aq_store__decode_hours(v, sqlite3_column_blob(row, i),
                               (size_t)sqlite3_column_bytes(row, i)) < 0)
        return aq_error_set(err, AQ_ESTORE, "corrupt station-day record");
    return AQ_OK;
}

int aq_store__month_of(int32_t day)
{
    int y, m;

    aq_civil_from_day(day, &y, &m, NULL);
    return y * 12 + m - 1;
}
