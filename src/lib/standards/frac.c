/* SPDX-License-Identifier: MIT */
/*
 * Exact rationals for the statistics (N1.4.3, N1.5 `final` chain, N5.4).
 * A value is whole + num/den micro-units with 0 <= num < den, reduced.
 * Keeping the whole part apart keeps num and den small: a mean of 24
 * hourly values has den <= 24, a unit mean of such means has den dividing
 * lcm(20..24) * stations, and a period mean over a year multiplies that by
 * at most 366. Products of two 64-bit terms fit in 128 bits, which is all
 * the operations below need.
 */
#include "lib/standards/frac_internal.h"

#include "aq/decimal.h"

typedef __int128 i128;

static const int64_t pow10_table[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

static i128 gcd128(i128 a, i128 b)
{
    if (a < 0)
        a = -a;
    if (b < 0)
        b = -b;
    /* both fit in 64 bits (the usual case) */
    if (a <= (i128)UINT64_MAX && b <= (i128)UINT64_MAX)
        return (i128)aq_frac__gcd64((uint64_t)a, (uint64_t)b);
    while (b) {
        i128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* floor division for a possibly negative a and b > 0 */
static i128 floor_div(i128 a, i128 b)
{
    i128 q;

    if (a >= INT64_MIN && a <= INT64_MAX && b <= INT64_MAX) {
        int64_t x = (int64_t)a, y = (int64_t)b, r = x % y;
        return (i128)(x / y - (r != 0 && x < 0));
    }
    q = a / b;

    if ((a % b) != 0 && a < 0)
        q--;
    return q;
}

/* whole + num/den with 0 <= num < den (den > 0), reduced, into out */
static int pack(i128 whole, i128 num, i128 den, aq_exact *out)
{
    i128 carry = floor_div(num, den), g;

    whole += carry;
    num -= carry * den;
    g = gcd128(num, den);
    if (g > 1) {
        num /= g;
        den /= g;
    }
    if (num == 0)
        den = 1;
    if (den > INT64_MAX || whole > INT64_MAX || whole < INT64_MIN)
        return -1;
    out->whole = (int64_t)whole;
    out->num = (int64_t)num;
    out->den = (int64_t)den;
    return 0;
}

int aq_frac__ratio(i128 num, i128 den, aq_exact *out)
{
    i128 w;

    if (den <= 0)
        return -1;
    w = floor_div(num, den);
    return pack(w, num - w * den, den, out);
}

int aq_frac__add(aq_exact *acc, const aq_exact *b)
{
    /* two integers (num 0 implies den 1): no fractions to combine */
    if (acc->num == 0 && b->num == 0) {
        int64_t w;
        if (__builtin_add_overflow(acc->whole, b->whole, &w))
            return -1;
        acc->whole = w;
        return 0;
    }
    /* n1/d1 + n2/d2 over lcm(d1, d2): each term is below the lcm, which is
     * below 2^126, so the sum cannot overflow 128 bits */
    i128 g = gcd128(acc->den, b->den);
    i128 den = (i128)(acc->den / g) * b->den;
    i128 num = (i128)acc->num * (b->den / g) + (i128)b->num * (acc->den / g);

    return pack((i128)acc->whole + b->whole, num, den, acc);
}

int aq_frac__sub(const aq_exact *a, const aq_exact *b, aq_exact *out)
{
    i128 g = gcd128(a->den, b->den);
    i128 den = (i128)(a->den / g) * b->den;
    i128 num = (i128)a->num * (b->den / g) - (i128)b->num * (a->den / g);

    return pack((i128)a->whole - b->whole, num, den, out);
}

int aq_frac__mul_int(aq_exact *a, int64_t k)
{
    if (k < 0)
        return -1;
    return pack((i128)a->whole * k, (i128)a->num * k, a->den, a);
}

int aq_frac__div_int(aq_exact *a, int64_t k)
{
    /* (q*k + r + n/d) / k = q + (r*d + n) / (d*k), 0 <= r < k */
    i128 q, r;

    if (k <= 0)
        return -1;
    q = floor_div(a->whole, k);
    r = (i128)a->whole - q * k;
    return pack(q, r * a->den + a->num, (i128)a->den * k, a);
}

int aq_frac__cmp(const aq_exact *a, const aq_exact *b)
{
    i128 l, r;

    if (a->whole != b->whole)
        return a->whole < b->whole ? -1 : 1;
    l = (i128)a->num * b->den;
    r = (i128)b->num * a->den;
    return l < r ? -1 : l > r ? 1 : 0;
}

int64_t aq_frac__round_scaled(const aq_exact *a, int digits)
{
    i128 total = (i128)a->whole * a->den + a->num;
    i128 scale, q, t, unit;

    if (digits < 0)
        digits = 0;
    if (digits > 6)
        digits = 6;
    /* the common case is the library's one rounding function (N1.4) */
    if (total >= INT64_MIN && total <= INT64_MAX)
        return aq_round_scaled((int64_t)total, a->den, digits);
    /* a value too large for it: the same half-even rule (N1.4.1), split as
     * q units plus a remainder t/den of a unit, t in [0, unit) */
    scale = pow10_table[6 - digits];
    q = floor_div(a->whole, scale);
    unit = scale * a->den;
    t = ((i128)a->whole - q * scale) * a->den + a->num;
    if (2 * t > unit || (2 * t == unit && (q & 1)))
        q++;
    return (int64_t)q;
}

int64_t aq_frac__round_micro(const aq_exact *a, int digits)
{
    if (digits < 0)
        digits = 0;
    if (digits > 6)
        digits = 6;
    return aq_frac__round_scaled(a, digits) * pow10_table[6 - digits];
}
