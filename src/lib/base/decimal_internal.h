/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/: division by the small denominators of means
 * (counts of hours, days or stations up to 64) without a DIV instruction,
 * whose latency is tens of cycles and of which a station day needs a
 * dozen. With inv = floor((2^64 - 1) / d) + 1 > 2^64 / d, the high half of
 * n * inv is floor(n / d) or one more (n < 2^63, d < 2^32), and one
 * multiplication tells which.
 */
#ifndef AQ_DECIMAL_INTERNAL_H
#define AQ_DECIMAL_INTERNAL_H

#include <stdint.h>

#include "aq/decimal.h"

#define AQ_DECIMAL__SMALL_DEN 64

/* [digits][den]: the inverse of d = den * 10^(6 - digits); 0 for d = 1 */
extern const uint64_t aq_decimal__inv[7][AQ_DECIMAL__SMALL_DEN + 1];

/* floor(n / d) and the remainder in *r, for n < 2^63 and d the divisor of
 * `inv` (an entry of aq_decimal__inv) */
static inline uint64_t aq_decimal__div_small(uint64_t n, uint64_t d,
                                             uint64_t inv, uint64_t *r)
{
    uint64_t q = inv ? (uint64_t)(((unsigned __int128)n * inv) >> 64) : n;

    q -= q * d > n;
    *r = n - q * d;
    return q;
}

/* Micro-units per step of the last of `digits` decimals: 10^(6 - digits) */
extern const int64_t aq_decimal__micro_step[7];

/* num/den rounded by GB/T 8170 half-even (N1.4.1) to `digits` decimals,
 * as a count of 10^-digits, for 0 <= num < 2^63 and 1 <= den <=
 * AQ_DECIMAL__SMALL_DEN: the path of aq_round_scaled() for the counts of
 * means, inline for the station day. Branch-free: whether a remainder
 * rounds up is data, and as a branch it was mispredicted about half the
 * time. */
static inline int64_t aq_decimal__round_small(uint64_t num, uint64_t den,
                                              int digits)
{
    uint64_t d = den * (uint64_t)aq_decimal__micro_step[digits], r;
    uint64_t q =
        aq_decimal__div_small(num, d, aq_decimal__inv[digits][den], &r);
    uint64_t twice = 2 * r; /* r < d <= 64 * 10^6: no overflow */

    return (int64_t)(q + ((twice > d) | ((twice == d) & q & 1)));
}

/* Whether num/den takes that path. */
static inline int aq_decimal__is_small(int64_t num, int64_t den)
{
    return num >= 0 && den > 0 && den <= AQ_DECIMAL__SMALL_DEN;
}

/* aq_round_micro(), with the small path inline (the station day rounds
 * every mean through it) */
static inline int64_t aq_decimal__round_micro(int64_t num, int64_t den,
                                              int digits)
{
    if (aq_decimal__is_small(num, den))
        return aq_decimal__round_small((uint64_t)num, (uint64_t)den, digits) *
               aq_decimal__micro_step[digits];
    return aq_round_micro(num, den, digits);
}

/* n / den and its remainder in *r, for n < 2^63 and den >= 1: by the
 * table up to AQ_DECIMAL__SMALL_DEN (the counts of means), else by DIV */
static inline uint64_t aq_decimal__div_count(uint64_t n, uint64_t den,
                                             uint64_t *r)
{
    if (den > AQ_DECIMAL__SMALL_DEN) {
        *r = n % den;
        return n / den;
    }
    return aq_decimal__div_small(n, den, aq_decimal__inv[6][den], r);
}

#endif /* AQ_DECIMAL_INTERNAL_H */
