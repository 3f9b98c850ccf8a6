/* SPDX-License-Identifier: MIT */
/*
 * A machine without libxlsxwriter, for tests/suites/xlsx.sh: preloaded
 * (LD_PRELOAD), this dlopen() refuses every library whose name holds
 * "xlsxwriter" and passes the others to the real one.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>

void *dlopen(const char *name, int flags)
{
    static void *(*real)(const char *, int);

    if (name && strstr(name, "xlsxwriter"))
        return NULL;
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "dlopen");
    return real ? real(name, flags) : NULL;
}
