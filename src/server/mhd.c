/* SPDX-License-Identifier: MIT */
/* libmicrohttpd through dlopen(3): see mhd.h for why. */
#include <stdio.h>

#include "server/mhd.h"
#include "util/dl.h"

srv_mhd srv_mhd_fn;

int srv_mhd_load(char *msg, size_t len)
{
    /* the SONAME of Debian 12's libmicrohttpd12, then the -dev link */
    static const char *const names[] = {"libmicrohttpd.so.12",
                                        "libmicrohttpd.so"};
    static const aqx_dl_symbol fn[] = {
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
    static int loaded;
    srv_mhd table;
    char why[200];

    if (loaded)
        return 0;
    if (aqx_dl_load(names, sizeof names / sizeof names[0], fn,
                    sizeof fn / sizeof fn[0], &table, why, sizeof why) < 0) {
        snprintf(msg, len, "cannot load libmicrohttpd (%s): %s", names[0],
                 why);
        return -1;
    }
    srv_mhd_fn = table;
    loaded = 1;
    return 0;
}
