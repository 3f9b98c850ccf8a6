/* SPDX-License-Identifier: MIT */
/**
 * @file aq/common.h
 * @brief Status codes, error details and export macros shared by every
 *        module of libaqrank.
 *
 * Every fallible function returns an aq_status (0 = success, negative =
 * failure) and, where the failure has a location (file, line, column) or a
 * message worth showing, fills an aq_error that the caller owns.
 */
#ifndef AQ_COMMON_H
#define AQ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "aq/version.h" /* AQ_VERSION: the headers' version */

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define AQ_API __attribute__((visibility("default")))
#else
#define AQ_API
#endif

/** Result of a libaqrank call. Values are stable once released. */
typedef enum aq_status {
    AQ_OK = 0,
    AQ_ERROR = -1,         /**< unexpected; see aq_error.message */
    AQ_ENOMEM = -2,        /**< an allocation failed */
    AQ_EIO = -3,           /**< a file could not be read or written */
    AQ_EPARSE = -4,        /**< malformed CSV, policy file or request */
    AQ_EINVALID = -5,      /**< bad argument or option value */
    AQ_ENOTFOUND = -6,     /**< unit, station or period not present */
    AQ_EINSUFFICIENT = -7, /**< below the data-validity minimums (P2) */
    AQ_EPOLICY = -8,       /**< policy refused, e.g. ladders overlap (P4) */
    AQ_ESTORE = -9,        /**< SQLite failed; the message has its text */
    AQ_ITEROVER = -30      /**< end of an iteration, not a failure */
} aq_status;

/** Where and why a call failed. Owned by the caller. */
typedef struct aq_error {
    aq_status code;
    char message[256];
    char source[128];     /**< file name, or "" */
    unsigned long line;   /**< 1-based; 0 if not applicable */
    unsigned long column; /**< 1-based; 0 if not applicable */
} aq_error;

#define AQ_ERROR_INIT {AQ_OK, "", "", 0, 0}

/** The symbolic name of a status, e.g. "AQ_EPARSE". Never NULL. */
AQ_API const char *aq_status_str(aq_status code);

/**
 * Fill err (when not NULL) with code and a printf-style message and return
 * code, so that callers can write `return aq_error_set(err, AQ_EINVALID,
 * "...")`. The location fields are cleared.
 */
AQ_API aq_status aq_error_set(aq_error *err, aq_status code, const char *fmt,
                              ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** Like aq_error_set(), with a source file, line and column. */
AQ_API aq_status aq_error_set_at(aq_error *err, aq_status code,
                                 const char *source, unsigned long line,
                                 unsigned long column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/**
 * Format err as "source:line:column: message" (the parts that are set)
 * into dst of capacity cap. Returns dst.
 */
AQ_API char *aq_error_format(const aq_error *err, char *dst, size_t cap);

/**
 * The version of the library the program runs with, "MAJOR.MINOR.PATCH"
 * (static). AQ_VERSION (aq/version.h) is the version of the headers it
 * was compiled with; aq/version.h says what stays stable between versions.
 */
AQ_API const char *aq_version(void);

#ifdef __cplusplus
}
#endif
#endif /* AQ_COMMON_H */
