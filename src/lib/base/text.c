/* SPDX-License-Identifier: MIT */
/*
 * Text encodings of the files people write (lib/base/text_internal.h):
 * UTF-8 checked, and whole texts saved in GB18030 (a superset of GBK and
 * GB2312, what Chinese Windows editors write) converted to UTF-8 with
 * iconv(3).
 */
#include <iconv.h>
#include <string.h>

#include "lib/base/text_internal.h"
#include "util/alloc.h"

/* Offset of the first byte of an invalid UTF-8 sequence in s[0..n), or n. */
size_t aq_text__utf8_prefix(const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;

    while (i < n) {
        unsigned c = s[i];
        size_t len, k;
        unsigned min;
        unsigned long cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            min = 0x80;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            min = 0x800;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            min = 0x10000;
            cp = c & 0x07;
        } else
            return i;
        if (i + len > n)
            return i;
        for (k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return n;
}

aq_status aq_text__from_gb18030(const char *s, size_t len, char **out,
                                size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    char *buf, *in = (char *)s, *o;
    size_t inleft = len, oleft, cap = 2 * len + 1;

    *out = NULL;
    *outlen = 0;
    if (cd == (iconv_t)-1)
        return AQ_ERROR;
    /* a GB18030 character of 2 or 4 bytes is at most 4 bytes of UTF-8;
     * one of 2 bytes (GBK) becomes 3 */
    buf = aqx_malloc(cap);
    if (!buf) {
        iconv_close(cd);
        return AQ_ENOMEM;
    }
    o = buf;
    oleft = cap - 1;
    if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 || inleft) {
        iconv_close(cd);
        aqx_free(buf);
        return AQ_EPARSE;
    }
    iconv_close(cd);
    *o = '\0';
    *out = buf;
    *outlen = (size_t)(o - buf);
    return AQ_OK;
}
