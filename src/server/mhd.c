/* SPDX-License-Identifier: MIT */
/* libmicrohttpd through dlopen(3): see mhd.h for why. */
#include <dlfcn.h>
#include <stdio.h>

#include "server/mhd.h"

srv_mhd srv_mhd_fn;

int srv_mhd_load(char *msg, size_t len)
{
    /* the SONAME of Debian 12's libmicrohttpd12, then the -dev link */
    static const char *const names[] = {"libmicrohttpd.so.12",
                                        "libmicrohttpd.so"};
    static const struct {
        const char *symbol;
        size_t offset;
    } fn[] = {
#define FN(name, field) {#name, offsetof(srv_mhd, field)}
        FN(MHD_start_daemon, start_daemon),
        FN(MHD_stop_daemon, stop_daemon),
        FN(MHD_get_daemon_info, get_daemon_info),
        FN(MHD_add_connection, add_connection),
        FN(MHD_lookup_connection_value, lookup_connection_value),
        FN(MHD_get_connection_values, get_connection_values),
        FN(MHD_get_connection_info, get_connection_info),
        FN(MHD_create_response_from_buffer, create_response_from_buffer),
        FN(MHD_add_response_header, add_response_header),
        FN(MHD_queue_response, queue_response),
        FN(MHD_destroy_response, destroy_response),
#undef FN
    };
    static void *lib;
    srv_mhd loaded;
    size_t i;

    if (lib)
        return 0;
    for (i = 0; i < sizeof names / sizeof names[0] && !lib; i++)
        lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(msg, len, "cannot load libmicrohttpd (%s): %s", names[0],
                 dlerror());
        return -1;
    }
    for (i = 0; i < sizeof fn / sizeof fn[0]; i++) {
        void *f = dlsym(lib, fn[i].symbol);
        if (!f) {
            snprintf(msg, len, "libmicrohttpd has no %s", fn[i].symbol);
            dlclose(lib);
            lib = NULL;
            return -1;
        }
        /* POSIX: a function's address fits in a void * (dlsym) */
        *(void **)((char *)&loaded + fn[i].offset) = f;
    }
    srv_mhd_fn = loaded;
    return 0;
}
