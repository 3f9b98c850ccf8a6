/* SPDX-License-Identifier: MIT */
/* Libraries loaded when first needed (src/util/dl.h). */
#include <dlfcn.h>
#include <stdio.h>

#include "util/dl.h"

int aqx_dl_load(const char *const *names, size_t n_names,
                const aqx_dl_symbol *syms, size_t n_syms, void *table,
                char *msg, size_t len)
{
    void *lib = NULL;
    size_t i;

    for (i = 0; i < n_names && !lib; i++)
        lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        snprintf(msg, len, "%s", why ? why : "not found");
        return -1;
    }
    for (i = 0; i < n_syms; i++) {
        void *f = dlsym(lib, syms[i].name);
        if (!f) {
            snprintf(msg, len, "no %s", syms[i].name);
            dlclose(lib);
            return -1;
        }
        /* POSIX: a function's address fits in a void * (dlsym) */
        *(void **)((char *)table + syms[i].offset) = f;
    }
    return 0;
}
