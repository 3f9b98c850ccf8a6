/* SPDX-License-Identifier: MIT */
/*
 * The reader layer's accelerator for value texts (N3.1, N3.2), for the
 * streaming ranking's hot loop: the common spellings of a value (digits,
 * an optional point and 1 to 6 decimals; empty; NA) read 8 bytes at a time
 * (SWAR), and nothing else. Whatever it does not take (signs, exponents,
 * spaces, 7 or more whole digits, a value above its limit) is left to the
 * general check, aq_reader__value(), which decides, counts and notes it;
 * tests/unit/reader.c holds the two to the same answers on every spelling.
 *
 * Loads run up to 16 bytes past the start of a value: the caller's buffer
 * must have that many readable, initialized bytes after its last line (the
 * bytes after a value's end are only ever discarded).
 */
#ifndef AQ_READER_FAST_H
#define AQ_READER_FAST_H

#include <string.h>

#include "aq/decimal.h"
#include "lib/input/reader_internal.h"

#define AQ_READER__ONES(b) ((uint64_t)(b)*UINT64_C(0x0101010101010101))

static inline uint64_t aq_reader__load8(const char *p)
{
    uint64_t w;

    memcpy(&w, p, 8); /* little-endian: p[0] is the low byte */
    return w;
}

/* Where the leading ASCII digits of w end: the bit index t = 8n + 7 of
 * the first byte that is not one (n = 0..7; 7 also when all 8 are digits,
 * and the caller then finds a digit, not a separator, after the 7th), and
 * in *x the bytes minus '0'. A byte b is a digit iff b ^ '0' <= 9; adding
 * 0x76 sets the high bit of any larger value, and a carry only ever
 * corrupts bytes above the first non-digit. The top bit set makes the
 * scan branch-free. */
static inline unsigned aq_reader__digit_scan(uint64_t w, uint64_t *x)
{
    uint64_t m;

    *x = w ^ AQ_READER__ONES('0');
    m = ((*x + AQ_READER__ONES(0x76)) | *x) & AQ_READER__ONES(0x80);
    return (unsigned)__builtin_ctzll(m | UINT64_C(1) << 63);
}

/* The value of the n = t >> 3 (1..7) digits that digit_scan() found: the
 * digits are moved to the top (leading zeros below), then pairs, quads
 * and octets combined; up to 4 digits (most values) in 32 bits, one step
 * less. 8 * (4 - n) = 39 - t and 8 * (8 - n) = 71 - t. */
static inline uint64_t aq_reader__digit_value(uint64_t x, unsigned t)
{
    uint32_t y;

    if (t <= 39) {
        y = (uint32_t)x << (39 - t);
        y = (y * 10 + (y >> 8)) & 0x00FF00FFu;
        return (y * 100 + (y >> 16)) & 0xFFFFu;
    }
    x <<= 71 - t;
    x = (x * 10 + (x >> 8)) & UINT64_C(0x00FF00FF00FF00FF);
    x = (x * 100 + (x >> 16)) & UINT64_C(0x0000FFFF0000FFFF);
    return (x * 10000 + (x >> 32)) & UINT64_C(0xFFFFFFFF);
}

/*
 * The value text that starts at q, under the default limits: its length n
 * and in *out its micro-units, or AQ_MISSING when it is empty or NA
 * (N3.1); *any |= 1 when it is not missing; *sep = q[n], the byte after
 * it. The value is the field only if that byte is the field's separator:
 * the caller checks that. -1 when the general check must decide.
 */
static inline __attribute__((always_inline)) int
aq_reader__fast_value(const char *q, aq_pollutant p, int64_t *out, int *any,
                      char *sep)
{
    static const int64_t scale[] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    uint64_t x;
    unsigned t = aq_reader__digit_scan(aq_reader__load8(q), &x), n = t >> 3, m;
    int64_t v;
    char c = q[n];

    if (n == 0) {
        /* N3.1: empty, or NA */
        if (c == 'N' && q[1] == 'A')
            n = 2;
        *sep = q[n];
        *out = AQ_MISSING;
        return (int)n;
    }
    v = (int64_t)aq_reader__digit_value(x, t) * AQ_MICRO;
    if (c == '.') {
        t = aq_reader__digit_scan(aq_reader__load8(q + n + 1), &x);
        m = t >> 3;
        if (m == 0 || m > 6)
            return -1;
        v += (int64_t)aq_reader__digit_value(x, t) * scale[m];
        n += 1 + m;
        c = q[n];
    }
    /* N3.2: up to 4 whole digits stay below every limit but CO's */
    if ((n > 4 || p == AQ_CO) && v > aq_reader__default_limit[p])
        return -1;
    *sep = c;
    *out = v;
    *any |= 1;
    return (int)n;
}

#endif /* AQ_READER_FAST_H */
