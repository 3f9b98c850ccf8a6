/* SPDX-License-Identifier: MIT */
/*
 * The routes of the JSON API (docs/http-api.md): one table of
 * {method, path, handler}. Each handler validates its parameters, calls one
 * aq_api_* function and replies with what it returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/api.h"
#include "aq/fund.h"
#include "aq/render.h"
#include "server/server.h"
#include "util/alloc.h"

typedef void (*api_handler)(srv_request *r);

/* The reply of a JSON document: *json, or the error that stopped it
 * (*json freed). json is read here, after `failed` (the call
 * that fills it) has been evaluated. */
static void reply_json(srv_request *r, int failed, char **json,
                       const aq_error *err)
{
    if (failed) {
        aq_free(*json);
        srv_reply_status(r, err);
        return;
    }
    srv_reply_json_take(r, 200, *json);
}

/* Run a document function that needs only the store. */
static void reply_doc(srv_request *r,
                      aq_status (*fn)(aq_store *, char **, aq_error *))
{
    aq_error err = AQ_ERROR_INIT;
    aq_store *s = srv_store(r, &err);
    char *json = NULL;

    reply_json(r, !s || fn(s, &json, &err) < 0, &json, &err);
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

/* A period from ?month= or ?period= (400 when malformed or absent). */
static int query_period(srv_request *r, aq_period *p, int required)
{
    const char *v = srv_query(r, "month");

    if (!v)
        v = srv_query(r, "period");
    if (!v) {
        if (required)
            srv_reply_error(r, 400, "bad_request",
                            "missing parameter: month=YYYY-MM or period=P");
        return required ? -1 : 0;
    }
    if (aq_period_parse(v, p) < 0 ||
        (!srv_query(r, "period") && p->kind != AQ_PERIOD_MONTH)) {
        srv_reply_error(r, 400, "bad_request",
                        "month must be YYYY-MM; period YYYY-MM, YYYY-Qn or "
                        "YYYY");
        return -1;
    }
    return 1;
}

/* A month from ?month= (or a period= that is one); -1 when the request
 * was answered 400, with `why` when the period is not a month. */
static int query_month(srv_request *r, aq_period *p, const char *why)
{
    if (query_period(r, p, 1) < 0)
        return -1;
    if (p->kind != AQ_PERIOD_MONTH) {
        srv_reply_error(r, 400, "bad_request", why);
        return -1;
    }
    return 0;
}

/* GET /api/v1/rank?month=YYYY-MM&indicator=roads: the road-cleanliness
 * ranking of a month (issue 20), with the stored policy */
static void api_rank_roads_get(srv_request *r)
{
    aq_error err = AQ_ERROR_INIT;
    aq_store *s;
    aq_period p;
    char *json = NULL;

    if (query_month(r, &p, "the road ranking is monthly: month=YYYY-MM") < 0)
        return;
    s = srv_store(r, &err);
    reply_json(r, !s || aq_api_roads(s, NULL, p, &json, &err) < 0, &json, &err);
}

/* A day from ?NAME=YYYY-MM-DD: 1, 0 when absent, -1 after a 400. */
static int query_day(srv_request *r, const char *name, int32_t *out)
{
    const char *v = srv_query(r, name);
    char msg[64];

    if (!v)
        return 0;
    if (aq_day_parse(v, out) == AQ_OK)
        return 1;
    snprintf(msg, sizeof msg, "%s must be YYYY-MM-DD", name);
    srv_reply_error(r, 400, "bad_request", msg);
    return -1;
}

/* GET /api/v1/rank?from=&to=[&by=]: any span of days (D1-D5) */
static void api_rank_span_get(srv_request *r)
{
    aq_error err = AQ_ERROR_INIT;
    const char *by_text = srv_query(r, "by");
    aq_rank_by by = AQ_RANK_BY_COMPOSITE;
    aq_ranking *rk;
    aq_span s;
    char *json = NULL;
    int a, b;

    if ((a = query_day(r, "from", &s.first)) < 0 ||
        (b = query_day(r, "to", &s.last)) < 0)
        return;
    if (!a || !b || s.last < s.first ||
        s.last - s.first + 1 > AQ_SPAN_MAX_DAYS) {
        srv_reply_error(r, 400, "bad_request",
                        "from and to: a span of 1 to 366 days");
        return;
    }
    if (by_text && aq_rank_by_parse(by_text, &by) < 0) {
        srv_reply_error(r, 400, "bad_request",
                        "by must be composite, pm25 or good_days");
        return;
    }
    rk = srv_ranking(r, &err);
    reply_json(r, !rk || aq_api_rank_span(rk, s, by, &json, &err) < 0, &json,
               &err);
}

static void api_rank_get(srv_request *r)
{
    aq_error err = AQ_ERROR_INIT;
    const char *indicator = srv_query(r, "indicator");
    aq_ranking *rk;
    aq_period p;
    char *json = NULL;

    if (indicator && strcmp(indicator, "air")) {
        if (strcmp(indicator, "roads"))
            srv_reply_error(r, 400, "bad_request",
                            "indicator must be air or roads");
        else
            api_rank_roads_get(r);
        return;
    }
    if (srv_query(r, "from") || srv_query(r, "to")) {
        api_rank_span_get(r);
        return;
    }
    if (query_period(r, &p, 1) < 0)
        return;
    rk = srv_ranking(r, &err);
    reply_json(r, !rk || aq_api_rank(rk, p, &json, &err) < 0, &json, &err);
}

static void api_history_get(srv_request *r)
{
    aq_error err = AQ_ERROR_INIT;
    const char *unit = srv_query(r, "unit");
    aq_ranking *rk;
    char *json = NULL;

    if (!unit || !*unit) {
        srv_reply_error(r, 400, "bad_request", "missing parameter: unit");
        return;
    }
    rk = srv_ranking(r, &err);
    reply_json(r, !rk || aq_api_history(rk, unit, &json, &err) < 0, &json,
               &err);
}

static void api_sanctions_get(srv_request *r)
{
    aq_error err = AQ_ERROR_INIT;
    const char *unit = srv_query(r, "unit"), *id = srv_query(r, "id");
    aq_ranking *rk;
    aq_period p;
    char *json = NULL;
    int has_period, sid = 0;

    if ((has_period = query_period(r, &p, 0)) < 0)
        return;
    if (id) {
        if (strlen(id) != 2 || (id[0] != 'S' && id[0] != 's') ||
            id[1] < '1' || id[1] > '6') {
            srv_reply_error(r, 400, "bad_request", "id must be S1..S6");
            return;
        }
        sid = id[1] - '0';
    }
    rk = srv_ranking(r, &err);
    reply_json(r,
               !rk || aq_api_sanctions(rk, unit && *unit ? unit : NULL,
                                       has_period ? &p : NULL, sid, &json,
                                       &err) < 0,
               &json, &err);
}

static void api_explain_get(srv_request *r)
{
    aq_error err = AQ_ERROR_INIT;
    const char *unit = srv_query(r, "unit");
    aq_ranking *rk;
    aq_period p;
    char *json = NULL;

    if (!unit || !*unit) {
        srv_reply_error(r, 400, "bad_request", "missing parameter: unit");
        return;
    }
    if (query_period(r, &p, 1) < 0)
        return;
    rk = srv_ranking(r, &err);
    reply_json(r, !rk || aq_api_explain(rk, unit, p, &json, &err) < 0, &json,
               &err);
}

static void api_latest_get(srv_request *r)
{
    aq_error err = AQ_ERROR_INIT;
    aq_ranking *rk = srv_ranking(r, &err);
    char *json = NULL;

    reply_json(r, !rk || aq_api_latest(rk, &json, &err) < 0, &json, &err);
}

static void api_funds_get(srv_request *r)
{
    aq_error err = AQ_ERROR_INIT;
    aq_ranking *rk = srv_ranking(r, &err);
    char *json = NULL;

    reply_json(r,
               !rk || aq_api_funds(rk, srv_store(r, &err),
                                   srv_query(r, "as_of"), &json, &err) < 0,
               &json, &err);
}

/* POST /api/v1/funds: a write, so the bearer token is required (P8) */
static void api_funds_post(srv_request *r)
{
    aq_error err = AQ_ERROR_INIT;
    aq_ranking *rk;
    aq_store *rw = NULL;
    const char *body;
    size_t len;
    char *json = NULL;

    if (!srv_authorized(r)) {
        srv_reply_error(r, 401, "unauthorized",
                        "writes need 'Authorization: Bearer TOKEN' with the "
                        "server's token");
        return;
    }
    body = srv_body(r, &len);
    rk = srv_ranking(r, &err);
    if (!rk || srv_open_writer(r, &rw, &err) < 0 ||
        aq_fund_spend_json(rk, rw, body, len, &json, &err) < 0) {
        aq_store_close(rw);
        srv_reply_status(r, &err);
        return;
    }
    aq_store_close(rw);
    srv_reply_json_take(r, 201, json);
}

/* GET /api/v1/bulletin?month=&format=md|html|json|csv&lang=zh|en (P7) */
static void api_bulletin_get(srv_request *r)
{
    static const struct {
        const char *format, *type;
    } types[] = {
        {"md", "text/markdown; charset=utf-8"},
        {"html", "text/html; charset=utf-8"},
        {"json", "application/json; charset=utf-8"},
        {"csv", "text/csv; charset=utf-8"},
    };
    aq_error err = AQ_ERROR_INIT;
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    const char *format = srv_query(r, "format"), *lang = srv_query(r, "lang");
    const char *type = NULL;
    char *out = NULL;
    size_t i;
    aq_ranking *rk;
    aq_period p;

    if (query_period(r, &p, 1) < 0)
        return;
    if (!format)
        format = "html";
    for (i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(format, types[i].format))
            type = types[i].type;
    if (!type) {
        srv_reply_error(r, 400, "bad_request",
                        "format must be md, html, json or csv");
        return;
    }
    if (lang && strcmp(lang, "zh") && strcmp(lang, "en")) {
        srv_reply_error(r, 400, "bad_request", "lang must be zh or en");
        return;
    }
    ro.lang = lang ? lang : "zh";
    rk = srv_ranking(r, &err);
    /* the library assembles the bulletin, histories included (P7) */
    if (!rk || aq_api_bulletin(rk, p, format, &ro, &out, &err) < 0) {
        srv_reply_status(r, &err);
    } else {
        srv_reply(r, 200, type, out, strlen(out));
        /* the page is one file: its own styles and inline SVG, no script */
        if (!strcmp(format, "html"))
            srv_set_csp(r, "default-src 'none'; style-src 'unsafe-inline'; "
                           "img-src data:; base-uri 'none'; "
                           "form-action 'none'; frame-ancestors 'none'");
    }
    aq_free(out);
}

/* GET /api/v1/audit?month=YYYY-MM[&unit=NAME][&since=YYYY-MM-DD]: the
 * data-integrity audit of the month (issue 17) under the stored policy */
static void api_audit_get(srv_request *r)
{
    aq_error err = AQ_ERROR_INIT;
    const char *unit = srv_query(r, "unit"), *since = srv_query(r, "since");
    int32_t day = AQ_AUDIT_ALL_MONTH;
    aq_store *s;
    aq_period p;
    char *json = NULL;

    if (query_month(r, &p, "the audit is of a month: month=YYYY-MM") < 0)
        return;
    if (since && aq_day_parse(since, &day) < 0) {
        srv_reply_error(r, 400, "bad_request",
                        "since must be a day YYYY-MM-DD");
        return;
    }
    s = srv_store(r, &err);
    reply_json(r,
               !s || aq_api_audit(s, NULL, p, unit && *unit ? unit : NULL, day,
                                  &json, &err) < 0,
               &json, &err);
}

/* GET /api/v1/track?date= (D7): the targets of serve --targets */
static void api_track_get(srv_request *r)
{
    aq_error err = AQ_ERROR_INIT;
    const aq_targets *t = srv_config_of(r)->targets;
    int32_t date = AQ_DATE_LATEST;
    aq_ranking *rk;
    char *json = NULL;

    if (query_day(r, "date", &date) < 0)
        return;
    if (!t) {
        srv_reply_error(r, 404, "AQ_ENOTFOUND",
                        "no targets: the server was started without "
                        "--targets FILE");
        return;
    }
    rk = srv_ranking(r, &err);
    reply_json(r, !rk || aq_api_track(rk, t, date, &json, &err) < 0, &json,
               &err);
}

/* GET /api/v1/plan?month=[&date=][&unit=] (D8) */
static void api_plan_get(srv_request *r)
{
    aq_error err = AQ_ERROR_INIT;
    const char *unit = srv_query(r, "unit");
    int32_t date = AQ_DATE_LATEST;
    aq_ranking *rk;
    aq_period p;
    char *json = NULL;

    if (query_month(r, &p, "month must be YYYY-MM") < 0 ||
        query_day(r, "date", &date) < 0)
        return;
    rk = srv_ranking(r, &err);
    reply_json(r,
               !rk || aq_api_plan(rk, p, date, unit && *unit ? unit : NULL,
                                  &json, &err) < 0,
               &json, &err);
}

/* GET /api/v1/brief?date=&format=md|html|json&lang=zh|en (D9): with the
 * targets of serve --targets when it has them */
static void api_brief_get(srv_request *r)
{
    aq_error err = AQ_ERROR_INIT;
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    const char *format = srv_query(r, "format"), *lang = srv_query(r, "lang");
    int32_t date = AQ_DATE_LATEST;
    aq_ranking *rk;
    char *json = NULL, *out = NULL;
    int failed;

    if (query_day(r, "date", &date) < 0)
        return;
    if (!format)
        format = "json";
    if (strcmp(format, "json") && strcmp(format, "md") &&
        strcmp(format, "html")) {
        srv_reply_error(r, 400, "bad_request",
                        "format must be json, md or html");
        return;
    }
    if (lang && strcmp(lang, "zh") && strcmp(lang, "en")) {
        srv_reply_error(r, 400, "bad_request", "lang must be zh or en");
        return;
    }
    ro.lang = lang ? lang : "zh";
    rk = srv_ranking(r, &err);
    failed =
        !rk ||
        aq_api_brief(rk, srv_config_of(r)->targets, date, &json, &err) < 0 ||
        (strcmp(format, "json") &&
         aq_render_brief(json, format, &ro, &out, &err) < 0);
    if (failed || !out) { /* an error, or the JSON */
        reply_json(r, failed, &json, &err);
        return;
    }
    srv_reply(r, 200,
              !strcmp(format, "md") ? "text/markdown; charset=utf-8"
                                    : "text/html; charset=utf-8",
              out, strlen(out));
    if (!strcmp(format, "html"))
        srv_set_csp(r, "default-src 'none'; style-src 'unsafe-inline'; "
                       "base-uri 'none'; form-action 'none'; "
                       "frame-ancestors 'none'");
    aq_free(json);
    aq_free(out);
}

/* kept: a GET whose answer depends on the data alone, kept per data
 * version under its request target (doc_cache.c) */
static const struct route {
    const char *method;
    const char *path;
    api_handler handler;
    int kept;
} routes[] = {
    {"GET", "/api/v1/health", api_health_get, 1},
    {"GET", "/api/v1/units", api_units_get, 1},
    {"GET", "/api/v1/stations", api_stations_get, 1},
    {"GET", "/api/v1/months", api_months_get, 1},
    {"GET", "/api/v1/rank", api_rank_get, 1},
    {"GET", "/api/v1/history", api_history_get, 1},
    {"GET", "/api/v1/sanctions", api_sanctions_get, 1},
    {"GET", "/api/v1/explain", api_explain_get, 1},
    {"GET", "/api/v1/latest", api_latest_get, 1},
    {"GET", "/api/v1/bulletin", api_bulletin_get, 1},
    {"GET", "/api/v1/track", api_track_get, 1},
    {"GET", "/api/v1/plan", api_plan_get, 1},
    {"GET", "/api/v1/brief", api_brief_get, 1},
    {"GET", "/api/v1/audit", api_audit_get, 1},
    {"GET", "/api/v1/funds", api_funds_get, 1},
    {"POST", "/api/v1/funds", api_funds_post, 0},
};

static void run_route(srv_request *r, const struct route *rt)
{
    const char *key = srv_target(r);

    if (rt->kept && srv_doc_reply(r, key))
        return;
    rt->handler(r);
    if (rt->kept && srv_reply_code(r) == 200) {
        srv_doc_keep(r, key);
        srv_doc_reply(r, key);
    }
}

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
            run_route(r, &routes[i]);
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
