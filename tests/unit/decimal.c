/* SPDX-License-Identifier: MIT */
/* GB/T 8170 rounding and exact decimal parsing (N1.4), vectors TV-25. */
#include "aq/decimal.h"
#include "harness.h"

static int64_t parse(const char *s)
{
    int64_t v = 0;

    if (aq_decimal_parse(s, strlen(s), &v) != AQ_OK)
        return INT64_MIN;
    return v;
}

/* round the decimal text s to `digits` and format it */
static const char *round_text(const char *s, int digits, char *buf)
{
    return aq_decimal_format(buf, 32, aq_round_micro(parse(s), 1, digits),
                             digits);
}

void test_decimal__tv25_rounding_table_N1_4_1(void)
{
    static const struct {
        const char *in;
        int digits;
        const char *want;
    } v[] = {
        {"0.325", 2, "0.32"},   {"0.335", 2, "0.34"}, {"0.225", 2, "0.22"},
        {"1.075", 2, "1.08"},   {"2.5", 0, "2"},      {"3.5", 0, "4"},
        {"42.5", 0, "42"},      {"-2.5", 0, "-2"},    {"1.25", 1, "1.2"},
        {"1.35", 1, "1.4"},     {"1.2501", 1, "1.3"}, {"15.4546", 0, "15"},
        {"0.5", 0, "0"},        {"1.5", 0, "2"},      {"-3.5", 0, "-4"},
        {"39.5", 0, "40"},      {"160.5", 0, "160"},  {"0.05", 1, "0.0"},
        {"0.15", 1, "0.2"},     {"12.000001", 0, "12"},
    };
    char buf[32];
    size_t i;

    for (i = 0; i < sizeof v / sizeof v[0]; i++)
        EXPECT_EQ_STR(v[i].want, round_text(v[i].in, v[i].digits, buf));
}

void test_decimal__tv25_fraction_27_of_29_N1_4_1(void)
{
    char buf[32];

    /* 27/29 * 100 = 93.103448...% -> 93.1 */
    EXPECT_EQ_STR("93.1", aq_decimal_format(
                              buf, sizeof buf,
                              aq_round_micro(2700 * AQ_MICRO, 29, 1), 1));
    /* 996/24 = 41.5 -> 42 (odd kept digit 1 -> up); 1044/24 = 43.5 -> 44 */
    EXPECT_EQ_INT(42 * AQ_MICRO, aq_round_micro(996 * AQ_MICRO, 24, 0));
    EXPECT_EQ_INT(44 * AQ_MICRO, aq_round_micro(1044 * AQ_MICRO, 24, 0));
    /* 1.755 -> 1.8; 169.6 -> 170 */
    EXPECT_EQ_INT(18, aq_round_scaled(1755000, 1, 1));
    EXPECT_EQ_INT(170, aq_round_scaled(169600000, 1, 0));
}

void test_decimal__no_successive_rounding_N1_4_2(void)
{
    /* 15.4546 rounds once to 15, never 15.455 -> 15.46 -> 15.5 -> 16 */
    EXPECT_EQ_INT(15, aq_round_scaled(parse("15.4546"), 1, 0));
    EXPECT_EQ_INT(1545, aq_round_scaled(parse("15.4546"), 1, 2));
}

void test_decimal__parse_accepts_and_rejects(void)
{
    int64_t v;

    EXPECT_EQ_INT(35500000, parse("35.5"));
    EXPECT_EQ_INT(500000, parse(".5"));
    EXPECT_EQ_INT(7 * AQ_MICRO, parse("+7"));
    EXPECT_EQ_INT(-3 * AQ_MICRO, parse("-3"));
    EXPECT_EQ_INT(1 * AQ_MICRO, parse("1.0000000"));
    EXPECT_EQ_INT(123456, parse("0.123456"));
    EXPECT_EQ_INT(AQ_EPARSE, aq_decimal_parse("", 0, &v));
    EXPECT_EQ_INT(AQ_EPARSE, aq_decimal_parse(".", 1, &v));
    EXPECT_EQ_INT(AQ_EPARSE, aq_decimal_parse("-", 1, &v));
    EXPECT_EQ_INT(AQ_EPARSE, aq_decimal_parse("1e3", 3, &v));
    EXPECT_EQ_INT(AQ_EPARSE, aq_decimal_parse("NA", 2, &v));
    EXPECT_EQ_INT(AQ_EPARSE, aq_decimal_parse(" 1", 2, &v));
    EXPECT_EQ_INT(AQ_EPARSE, aq_decimal_parse("1.2.3", 5, &v));
    EXPECT_EQ_INT(AQ_EPARSE, aq_decimal_parse("0.1234567", 9, &v));
    EXPECT_EQ_INT(AQ_EPARSE,
                  aq_decimal_parse("99999999999999999999", 20, &v));
}

void test_decimal__format(void)
{
    char buf[32];

    EXPECT_EQ_STR("8.43", aq_scaled_format(buf, sizeof buf, 843, 2));
    EXPECT_EQ_STR("-9.0", aq_scaled_format(buf, sizeof buf, -90, 1));
    EXPECT_EQ_STR("0.05", aq_scaled_format(buf, sizeof buf, 5, 2));
    EXPECT_EQ_STR("-0.05", aq_scaled_format(buf, sizeof buf, -5, 2));
    EXPECT_EQ_STR("42", aq_decimal_format(buf, sizeof buf, 42 * AQ_MICRO, 0));
}

void test_decimal__both_division_paths_agree_N1_4_3(void)
{
    /* 64-bit path (den * 10^(6-d) fits) and 128-bit path (it does not)
     * decide ties the same way */
    EXPECT_EQ_INT(2, aq_round_scaled(2500000, 1, 0));
    EXPECT_EQ_INT(4, aq_round_scaled(3500000, 1, 0));
    EXPECT_EQ_INT(-2, aq_round_scaled(-2500000, 1, 0));
    /* den = 10^13: den * 10^6 = 10^19 overflows int64, so the 128-bit
     * path runs. 5*10^18 / 10^19 = 0.5 exactly: a tie, kept 0 even -> 0;
     * 6*10^18 / 10^19 = 0.6 -> 1; -0.6 -> -1 */
    EXPECT_EQ_INT(0, aq_round_scaled(INT64_C(5000000000000000000),
                                     INT64_C(10000000000000), 0));
    EXPECT_EQ_INT(1, aq_round_scaled(INT64_C(6000000000000000000),
                                     INT64_C(10000000000000), 0));
    EXPECT_EQ_INT(-1, aq_round_scaled(-INT64_C(6000000000000000000),
                                      INT64_C(10000000000000), 0));
    /* the 64-bit limit itself */
    EXPECT_EQ_INT(INT64_MAX / AQ_MICRO,
                  aq_round_scaled(INT64_MAX - INT64_MAX % AQ_MICRO, 1, 0));
}

/* N1.4.3 by 128-bit long division, written out here: floor(n * 10^digits
 * / (den * 10^6)), half-even on the remainder (n >= 0). */
static int64_t reference_round(int64_t n, int64_t den, int digits)
{
    static const int64_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    unsigned __int128 d = (unsigned __int128)den * (AQ_MICRO / p10[digits]);
    unsigned __int128 q = (unsigned __int128)n / d, r = (unsigned __int128)n % d;

    if (2 * r > d || (2 * r == d && (q & 1)))
        q++;
    return (int64_t)q;
}

/* The reciprocal path for denominators up to 64 (every count of hours,
 * days or stations of a mean) against the reference: every denominator
 * and digits, the values around each multiple of the divisor (ties and
 * their neighbours), and pseudo-random values up to 2^62. */
void test_decimal__small_denominators_by_reciprocal_N1_4_3(void)
{
    static const int64_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    uint64_t x = 88172645463325252u;
    int64_t den, n, d;
    int digits, i, k, bad = 0;

    for (digits = 0; digits <= 6; digits++)
        for (den = 1; den <= 65; den++) {
            d = den * (AQ_MICRO / p10[digits]);
            for (k = 0; k < 40; k++) {
                /* q * d + r for r in {0, d/2 - 1, d/2, d/2 + 1, d - 1} */
                /* q * d + r stays below 2^62 */
                int64_t q = k < 20 ? k
                                   : (int64_t)(x % (UINT64_C(1) << 62) /
                                               (uint64_t)d);
                int64_t rs[5] = {0, d / 2 - 1, d / 2, d / 2 + 1, d - 1};
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                for (i = 0; i < 5; i++) {
                    n = q * d + rs[i];
                    bad += aq_round_scaled(n, den, digits) !=
                           reference_round(n, den, digits);
                }
            }
            for (k = 0; k < 200; k++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                n = (int64_t)(x >> 2);
                bad += aq_round_scaled(n, den, digits) !=
                       reference_round(n, den, digits);
            }
        }
    EXPECT_EQ_INT(0, bad);
}
