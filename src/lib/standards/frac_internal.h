/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/: exact rational arithmetic on aq_exact values
 * (whole + num/den micro-units), the arithmetic of the `final` rounding
 * chain (N1.5) and of percentiles (N5.4). Intermediate products are formed
 * in 128 bits and every result is reduced by its gcd, so a denominator
 * stays a 64-bit number for any realistic input; when it would not, the
 * operation fails (-1) instead of wrapping. Not a general bignum library.
 */
#ifndef AQ_FRAC_INTERNAL_H
#define AQ_FRAC_INTERNAL_H

#include "aq/stats.h"

/* The integer v as an exact value. Inline: the station day sets one per
 * statistic, and a call returning the struct through memory made the
 * caller's 16-byte reload of it wait for two 8-byte stores (a failed
 * store-to-load forwarding: 16 % of the station day's time in `perf`). */
static inline aq_exact aq_frac__int(int64_t v)
{
    aq_exact e = {v, 0, 1};

    return e;
}

/* num/den (den > 0) in lowest terms. @return 0, or -1 on overflow. */
int aq_frac__ratio(__int128 num, __int128 den, aq_exact *out);

/* *acc += *b. @return 0, or -1 on overflow (acc unchanged). */
int aq_frac__add(aq_exact *acc, const aq_exact *b);

/* *out = *a - *b. @return 0, or -1 on overflow. */
int aq_frac__sub(const aq_exact *a, const aq_exact *b, aq_exact *out);

/* *a *= k (k >= 0). @return 0, or -1 on overflow. */
int aq_frac__mul_int(aq_exact *a, int64_t k);

/* *a /= k (k > 0). @return 0, or -1 on overflow. */
int aq_frac__div_int(aq_exact *a, int64_t k);

/* -1, 0 or 1 as a <, =, > b. */
int aq_frac__cmp(const aq_exact *a, const aq_exact *b);

/* Round a to `digits` decimals (0..6) by GB/T 8170 half-even (N1.4.1) and
 * return it as a count of 10^-digits, as aq_round_scaled() does. */
int64_t aq_frac__round_scaled(const aq_exact *a, int digits);

/* The same, in micro-units (as aq_round_micro()). */
int64_t aq_frac__round_micro(const aq_exact *a, int digits);

/* gcd(x, y) by halving (binary GCD, no division); x | y when one is 0 */
static inline uint64_t aq_frac__gcd64(uint64_t x, uint64_t y)
{
    int k;

    if (!x || !y)
        return x | y;
    k = __builtin_ctzll(x | y);
    x >>= __builtin_ctzll(x);
    do {
        y >>= __builtin_ctzll(y);
        if (x > y) {
            uint64_t t = x;
            x = y;
            y = t;
        }
        y -= x;
    } while (y);
    return x << k;
}

#endif /* AQ_FRAC_INTERNAL_H */
