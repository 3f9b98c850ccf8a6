/* SPDX-License-Identifier: MIT */
/*
 * Exact decimals and GB/T 8170 rounding (N1.4). Values are int64 micro-units;
 * products that could overflow are formed in 128 bits. The tie rule is
 * decided by comparing twice the remainder with the denominator (N1.4.3),
 * so no floating point is involved anywhere.
 */
#include <stdio.h>
#include <string.h>

#include "aq/decimal.h"
#include "lib/base/decimal_internal.h"

typedef __int128 i128;

static const int64_t pow10_table[] = {
    1, 10, 100, 1000, 10000, 100000, 1000000,
};

/* AQ_MICRO / 10^digits from a table, not by a 64-bit division, which
 * cost tens of cycles on every rounding of the station days' means */
const int64_t aq_decimal__micro_step[7] = {1000000, 100000, 10000, 1000,
                                           100,     10,     1};

aq_status aq_decimal_parse(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    int negative = 0, digits = 0, frac_digits = 0;
    int64_t whole = 0, frac = 0;

    if (len && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        i++;
    }
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
        if (whole > INT64_C(1000000000000))
            return AQ_EPARSE;
        whole = whole * 10 + (s[i] - '0');
    }
    if (i < len && s[i] == '.') {
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
            if (frac_digits < 6) {
                frac = frac * 10 + (s[i] - '0');
                frac_digits++;
            } else if (s[i] != '0') {
                return AQ_EPARSE; /* more precision than micro-units */
            }
        }
    }
    if (i != len || digits == 0)
        return AQ_EPARSE;
    if (whole > INT64_C(1000000000000))
        return AQ_EPARSE;
    frac *= pow10_table[6 - frac_digits];
    *out = (whole * AQ_MICRO + frac) * (negative ? -1 : 1);
    return AQ_OK;
}

/*
 * Division by the small denominators of means (counts of hours, days or
 * stations up to 64) without a DIV instruction (decimal_internal.h). The
 * table is the constant expression INV(den * mul) for every digits
 * (mul = 10^(6 - digits)) and den 1..64; 0 where d = 1.
 */
#define INV(d) ((uint64_t)(UINT64_MAX / (uint64_t)(d) + 1))
#define INV4(m, b)                                                             \
    INV((b + 1) * (m)), INV((b + 2) * (m)), INV((b + 3) * (m)),                \
        INV((b + 4) * (m))
#define INV16(m, b)                                                            \
    INV4(m, b), INV4(m, b + 4), INV4(m, b + 8), INV4(m, b + 12)
#define INV_ROW(m)                                                             \
    {0, INV16(m, 0), INV16(m, 16), INV16(m, 32), INV16(m, 48)}

const uint64_t aq_decimal__inv[7][AQ_DECIMAL__SMALL_DEN + 1] = {
    INV_ROW(UINT64_C(1000000)), INV_ROW(UINT64_C(100000)),
    INV_ROW(UINT64_C(10000)),   INV_ROW(UINT64_C(1000)),
    INV_ROW(UINT64_C(100)),     INV_ROW(UINT64_C(10)),
    INV_ROW(UINT64_C(1)),
};

/* floor(|num| * 10^digits / (den * 10^6)) with half-even on the remainder */
int64_t aq_round_scaled(int64_t num, int64_t den, int digits)
{
    int64_t mul = aq_decimal__micro_step[digits];

    if (aq_decimal__is_small(num, den))
        /* the means' small counts: no DIV (decimal_internal.h) */
        return aq_decimal__round_small((uint64_t)num, (uint64_t)den, digits);
    if (den <= INT64_MAX / mul) {
        /* the common case in 64 bits: the same rule, much cheaper than a
         * 128-bit division (|num| < 2^63 and den * mul < 2^63, so twice
         * the remainder cannot overflow an unsigned 64-bit value) */
        uint64_t n = num < 0 ? (uint64_t)0 - (uint64_t)num : (uint64_t)num;
        uint64_t d = (uint64_t)den * (uint64_t)mul;
        uint64_t q = n / d, r = n % d;
        if (2 * r > d || (2 * r == d && (q & 1)))
            q++;
        return num < 0 ? -(int64_t)q : (int64_t)q;
    } else {
        i128 n = num < 0 ? -(i128)num : (i128)num;
        i128 d = (i128)den * mul;
        i128 q = n / d, r = n % d;
        if (2 * r > d || (2 * r == d && (q & 1)))
            q++;
        return (int64_t)(num < 0 ? -q : q);
    }
}

int64_t aq_round_micro(int64_t num, int64_t den, int digits)
{
    return aq_round_scaled(num, den, digits) * aq_decimal__micro_step[digits];
}

char *aq_scaled_format(char *dst, size_t cap, int64_t v, int digits)
{
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t p = (uint64_t)pow10_table[digits];

    if (digits == 0)
        snprintf(dst, cap, "%s%llu", v < 0 ? "-" : "",
                 (unsigned long long)mag);
    else
        snprintf(dst, cap, "%s%llu.%0*llu", v < 0 ? "-" : "",
                 (unsigned long long)(mag / p), digits,
                 (unsigned long long)(mag % p));
    return dst;
}

char *aq_decimal_format(char *dst, size_t cap, int64_t v, int digits)
{
    return aq_scaled_format(dst, cap, v / aq_decimal__micro_step[digits],
                            digits);
}
