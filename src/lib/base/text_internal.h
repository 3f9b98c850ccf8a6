/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/: the text encodings of files people write (text.c).
 */
#ifndef AQ_TEXT_INTERNAL_H
#define AQ_TEXT_INTERNAL_H

#include <stddef.h>

#include "aq/common.h"

/* Offset of the first byte of an invalid UTF-8 sequence in s[0..n)
 * (overlongs, surrogates and code points above U+10FFFF are invalid), or
 * n when it is all valid. */
size_t aq_text__utf8_prefix(const char *s, size_t n);

/* The GB18030 text s[0..len) in UTF-8: *out a new allocation (aqx_free),
 * NUL-terminated, *outlen its length. AQ_OK; AQ_EPARSE (not GB18030);
 * AQ_ENOMEM; AQ_ERROR (iconv has no GB18030). */
aq_status aq_text__from_gb18030(const char *s, size_t len, char **out,
                                size_t *outlen);

#endif /* AQ_TEXT_INTERNAL_H */
