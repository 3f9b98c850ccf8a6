/* SPDX-License-Identifier: MIT */
/*
 * Internal to libaqrank and its programs: a library loaded when it is
 * first needed (dlopen(3)) instead of by every command when it starts
 * (libmicrohttpd for `serve`, libxlsxwriter for workbooks), its
 * functions kept in a table of pointers whose types are the header's
 * prototypes, so the compiler checks every call as if it were linked.
 */
#ifndef AQX_DL_H
#define AQX_DL_H

#include <stddef.h>

/* A function to find, and where its address goes in the caller's table
 * (offsetof). */
typedef struct aqx_dl_symbol {
    const char *name;
    size_t offset;
} aqx_dl_symbol;

/* Opens the first of names[0..n_names) that loads and stores the address
 * of each of syms[0..n_syms) in *table. 0; or -1 with why in msg (the
 * loader's reason, or "no SYMBOL"), the library closed again and *table
 * not to be used. */
int aqx_dl_load(const char *const *names, size_t n_names,
                const aqx_dl_symbol *syms, size_t n_syms, void *table,
                char *msg, size_t len);

#endif /* AQX_DL_H */
