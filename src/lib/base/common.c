/* SPDX-License-Identifier: MIT */
/* Status names and error details (include/aq/common.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "aq/common.h"

const char *aq_status_str(aq_status code)
{
    switch (code) {
    case AQ_OK: return "AQ_OK";
    case AQ_ERROR: return "AQ_ERROR";
    case AQ_ENOMEM: return "AQ_ENOMEM";
    case AQ_EIO: return "AQ_EIO";
    case AQ_EPARSE: return "AQ_EPARSE";
    case AQ_EINVALID: return "AQ_EINVALID";
    case AQ_ENOTFOUND: return "AQ_ENOTFOUND";
    case AQ_EINSUFFICIENT: return "AQ_EINSUFFICIENT";
    case AQ_EPOLICY: return "AQ_EPOLICY";
    case AQ_ESTORE: return "AQ_ESTORE";
    case AQ_ITEROVER: return "AQ_ITEROVER";
    }
    return "AQ_ERROR";
}

static void set_message(aq_error *err, aq_status code, const char *fmt,
                        va_list ap)
{
    err->code = code;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
}

aq_status aq_error_set(aq_error *err, aq_status code, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    va_start(ap, fmt);
    set_message(err, code, fmt, ap);
    va_end(ap);
    err->source[0] = '\0';
    err->line = 0;
    err->column = 0;
    return code;
}

aq_status aq_error_set_at(aq_error *err, aq_status code, const char *source,
                          unsigned long line, unsigned long column,
                          const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    va_start(ap, fmt);
    set_message(err, code, fmt, ap);
    va_end(ap);
    snprintf(err->source, sizeof err->source, "%s", source ? source : "");
    err->line = line;
    err->column = column;
    return code;
}

char *aq_error_format(const aq_error *err, char *dst, size_t cap)
{
    size_t n = 0;

    if (!cap)
        return dst;
    dst[0] = '\0';
    if (!err)
        return dst;
    if (err->source[0])
        n += (size_t)snprintf(dst, cap, "%s:", err->source);
    if (err->line && n < cap)
        n += (size_t)snprintf(dst + n, cap - n, "%lu:", err->line);
    if (err->column && n < cap)
        n += (size_t)snprintf(dst + n, cap - n, "%lu:", err->column);
    if (n < cap)
        snprintf(dst + n, cap - n, "%s%s", n ? " " : "", err->message);
    return dst;
}

const char *aq_version(void)
{
    return AQ_VERSION;
}
