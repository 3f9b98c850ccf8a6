/* SPDX-License-Identifier: MIT */
/*
 * libmicrohttpd, loaded by `aqrank serve` when the server starts instead
 * of by every aqrank command when it starts. Linking it brings GnuTLS and
 * eight more libraries whose start-up code took ~4 ms and 3 MB of every
 * run of every command (measured with `hyperfine` and `/usr/bin/time` on
 * an empty program linked with and without -lmicrohttpd), a tenth of the
 * wall time of a one-month ranking. The prototypes are the header's, so
 * the compiler checks every call as before.
 */
#ifndef AQ_SERVER_MHD_H
#define AQ_SERVER_MHD_H

#include <microhttpd.h>
#include <stddef.h>

typedef struct srv_mhd {
    __typeof__(MHD_start_daemon) *start_daemon;
    __typeof__(MHD_stop_daemon) *stop_daemon;
    __typeof__(MHD_get_daemon_info) *get_daemon_info;
    __typeof__(MHD_add_connection) *add_connection;
    __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
    __typeof__(MHD_get_connection_values) *get_connection_values;
    __typeof__(MHD_get_connection_info) *get_connection_info;
    __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
    __typeof__(MHD_add_response_header) *add_response_header;
    __typeof__(MHD_queue_response) *queue_response;
    __typeof__(MHD_destroy_response) *destroy_response;
} srv_mhd;

/* The functions, once srv_mhd_load() has succeeded. */
extern srv_mhd srv_mhd_fn;

/* Loads the library (once; not thread-safe: call before the daemon's
 * threads exist). 0, or -1 with what failed in msg. */
int srv_mhd_load(char *msg, size_t len);

#endif /* AQ_SERVER_MHD_H */
