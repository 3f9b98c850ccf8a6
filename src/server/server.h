/* SPDX-License-Identifier: MIT */
/*
 * aqrank serve: the HTTP layer (libmicrohttpd) and the routes of the JSON
 * API under /api/v1/ (docs/http-api.md). Handlers parse the request, call
 * libaqrank's public API and send what it returns; they compute nothing.
 */
#ifndef AQ_SERVER_H
#define AQ_SERVER_H

#include <stddef.h>

#include "aq/common.h"
#include "aq/ranking.h"
#include "aq/store.h"

typedef struct srv_request srv_request;

/* What a handler sees of a request. */
const char *srv_method(const srv_request *r);
const char *srv_query(const srv_request *r, const char *name);
const char *srv_body(const srv_request *r, size_t *len);
/* The calling thread's read-only store, or NULL with err set. */
aq_store *srv_store(srv_request *r, aq_error *err);
/* The calling thread's ranking up to the last month with data, rebuilt
 * when the data change; NULL with err set. Borrowed. */
aq_ranking *srv_ranking(srv_request *r, aq_error *err);
/* A document cached with the thread's ranking under key (borrowed), or
 * NULL; srv_doc_put takes ownership of json (from aq_api_*). */
const char *srv_doc_get(srv_request *r, const char *key);
void srv_doc_put(srv_request *r, const char *key, char *json);
/* The read-write store for write requests (opened per request). */
aq_status srv_open_writer(srv_request *r, aq_store **out, aq_error *err);
/* Whether the request carries the server's bearer token. */
int srv_authorized(const srv_request *r);

/* Replies; text is copied. */
void srv_reply(srv_request *r, int status, const char *content_type,
               const char *body, size_t len);
/* Take ownership of json (from aq_api_*, freed with aq_free). */
void srv_reply_json_take(srv_request *r, int status, char *json);
/* {"error": code, "message": message} */
void srv_reply_error(srv_request *r, int status, const char *code,
                     const char *message);
/* Set the Allow header (for 405 replies). */
void srv_set_allow(srv_request *r, const char *methods);
/* The HTTP status and reply for a library failure (one table). */
void srv_reply_status(srv_request *r, const aq_error *err);

/* The routes (api_routes.c). Returns 1 if a route answered, 0 if the path
 * is not an API path. */
int srv_route_api(srv_request *r, const char *path);

#endif /* AQ_SERVER_H */
