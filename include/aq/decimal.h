/* SPDX-License-Identifier: MIT */
/**
 * @file aq/decimal.h
 * @brief Exact decimal values and GB/T 8170 rounding (N1.4).
 *
 * Concentrations are carried as 64-bit integers in micro-units (millionths
 * of μg/m³, or of mg/m³ for CO), parsed exactly from their decimal text. A
 * mean or an interpolation is a fraction num/den of such integers until it
 * is rounded, once, by aq_round_micro() (N1.4.2: no successive rounding).
 * Nothing here uses floating point, so exact ties (39.5, 0.325) are decided
 * by the rule and never by binary representation error.
 */
#ifndef AQ_DECIMAL_H
#define AQ_DECIMAL_H

#include "aq/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Micro-units per unit: 1 μg/m³ = AQ_MICRO. */
#define AQ_MICRO INT64_C(1000000)

/** Marks a missing value in arrays of micro-unit values. */
#define AQ_MISSING INT64_MIN

/** Largest magnitude aq_decimal_parse() accepts (10^12 units). */
#define AQ_DECIMAL_MAX (INT64_C(1000000000000) * AQ_MICRO)

/**
 * Parse the decimal text s[0..len) ("12", "-3.5", "0.25", "+7", ".5") into
 * micro-units. No exponent, no spaces, no thousands separators; at most six
 * decimals unless the extra ones are zeros ("1.0000000" is fine).
 *
 * @param[out] out  the value in micro-units.
 * @return AQ_OK, or AQ_EPARSE when the text is not such a number or is out
 *         of range (|value| > 10^12).
 */
AQ_API aq_status aq_decimal_parse(const char *s, size_t len, int64_t *out);

/**
 * Round num/den micro-units to `digits` decimals (0..6) by GB/T 8170 (N1.4.1):
 * half to even, judged on the exact fraction; negative values are rounded
 * on their absolute value. den must be positive.
 *
 * @return the rounded value, in micro-units (a multiple of 10^(6-digits)).
 */
AQ_API int64_t aq_round_micro(int64_t num, int64_t den, int digits);

/**
 * Round num/den micro-units to `digits` decimals (0..6) by GB/T 8170 and
 * return it as an integer count of 10^-digits (e.g. hundredths for 2).
 */
AQ_API int64_t aq_round_scaled(int64_t num, int64_t den, int digits);

/**
 * Write the micro-unit value v with exactly `digits` decimals (0..6) into
 * dst (capacity cap), truncating nothing but the digits beyond `digits`
 * (call aq_round_micro() first). Returns dst.
 */
AQ_API char *aq_decimal_format(char *dst, size_t cap, int64_t v, int digits);

/**
 * Format a count of 10^-digits (as aq_round_scaled() returns) with
 * `digits` decimals, e.g. (843, 2) -> "8.43", (-90, 1) -> "-9.0".
 */
AQ_API char *aq_scaled_format(char *dst, size_t cap, int64_t v, int digits);

#ifdef __cplusplus
}
#endif
#endif /* AQ_DECIMAL_H */
