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

#define AQ_DECIMAL__SMALL_DEN 64

/* [digits][den]: the inverse of d = den * 10^(6 - digits); 0 for d = 1 */
extern const uint64_t aq_decimal__inv[7][AQ_DECIMAL__SMALL_DEN + 1];

/* floor(n / d) and the remainder in *r, for n < 2^63 and d the divisor of
 * `inv` (an entry of aq_decimal__inv) */
static inline uint64_t aq_decimal__div_small(uint64_t n, uint64_t d,
                                             uint64_t inv, uint64_t *r)
{
    uint64_t q = inv ? (uint64_t)(((unsigned __int128)n * inv) >> 64) : n;

    if (q * d > n)
        q--;
    *r = n - q * d;
    return q;
}

/* n / den and its remainder for 1 <= den <= AQ_DECIMAL__SMALL_DEN */
static inline uint64_t aq_decimal__div_count(uint64_t n, unsigned den,
                                             uint64_t *r)
{
    return aq_decimal__div_small(n, den, aq_decimal__inv[6][den], r);
}

/* aq_round_scaled(num, den, digits) for 0 <= num < 2^63 and
 * 1 <= den <= AQ_DECIMAL__SMALL_DEN, inline: num / den in units of
 * 10^-digits, half-even on the remainder (N1.4.3). */
static inline int64_t aq_decimal__round_small(int64_t num, unsigned den,
                                              int digits)
{
    static const uint64_t unit[] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    uint64_t d = (uint64_t)den * unit[digits], r;
    uint64_t q = aq_decimal__div_small((uint64_t)num, d,
                                       aq_decimal__inv[digits][den], &r);

    if (2 * r > d || (2 * r == d && (q & 1)))
        q++;
    return (int64_t)q;
}

#endif /* AQ_DECIMAL_INTERNAL_H */
