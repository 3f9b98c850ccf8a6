/* SPDX-License-Identifier: MIT */
/*
 * The routes of the JSON API (docs/http-api.md): one table of
 * {method, path, handler}. Each handler validates its parameters, calls one
 * aq_api_* function and replies with what it returns.
 */
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "server/server.h"

typedef void (*api_handler)(srv_request *r);

/* Run a document function that needs only the store. */
static void reply_doc(srv_request *r,
                      aq_status (*fn)(aq_store *, char **, aq_error *))
{
    aq_error err = AQ_ERROR_INIT;
    aq_store *s = srv_store(r, &err);
    char *json = NULL;

    if (!s || fn(s, &json, &err) < 0) {
        srv_reply_status(r, &err);
        return;
    }
    srv_reply_json_take(r, 200, json);
}

static void api_health_get(srv_request *r)
{
    reply_doc(r, aq_api_health);
}

static void api_units_get(srv_request *r)
{
    reply_doc(r, aq_api_units);
}

static void api_stations_get(srv_request *r)
{
    reply_doc(r, aq_api_stations);
}

static void api_months_get(srv_request *r)
{
    reply_doc(r, aq_api_months);
}

static const struct route {
    const char *method;
    const char *path;
    api_handler handler;
} routes[] = {
    {"GET", "/api/v1/health", api_health_get},
    {"GET", "/api/v1/units", api_units_get},
    {"GET", "/api/v1/stations", api_stations_get},
    {"GET", "/api/v1/months", api_months_get},
};

int srv_route_api(srv_request *r, const char *path)
{
    size_t i;
    int path_known = 0;
    char allow[64] = "";

    if (strncmp(path, "/api/", 5) != 0)
        return 0;
    for (i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (strcmp(path, routes[i].path) != 0)
            continue;
        path_known = 1;
        if (!strcmp(srv_method(r), routes[i].method) ||
            (!strcmp(srv_method(r), "HEAD") &&
             !strcmp(routes[i].method, "GET"))) {
            routes[i].handler(r);
            return 1;
        }
        if (allow[0])
            strncat(allow, ", ", sizeof allow - strlen(allow) - 1);
        strncat(allow, routes[i].method, sizeof allow - strlen(allow) - 1);
    }
    if (path_known) {
        char msg[128];
        snprintf(msg, sizeof msg, "method %s not allowed; allowed: %s",
                 srv_method(r), allow);
        srv_reply_error(r, 405, "method_not_allowed", msg);
        srv_set_allow(r, allow);
        return 1;
    }
    srv_reply_error(r, 404, "not_found", "no such API path");
    return 1;
}
