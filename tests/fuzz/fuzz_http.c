/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: what the HTTP API (src/server/api_routes.c) does with a
 * request's query string and body, without a network. An input is a query
 * string ("month=2018-07&unit=甲县&id=S2"), a newline, and a POST body.
 * Every query value goes where the routes send it: aq_period_parse() (and
 * a format/parse round trip), aq_api_rank(), aq_api_explain(),
 * aq_api_history() and aq_api_sanctions() on a small ranking; the body goes
 * to aq_fund_spend_json() (POST /api/v1/funds) against a scratch database
 * made once in LLVMFuzzerInitialize(). libmicrohttpd's own URL decoding is
 * stood in for by a plain %XX decoder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aq/api.h"
#include "aq/date.h"
#include "aq/fund.h"
#include "aq/ranking.h"
#include "aq/store.h"
#include "fuzz_common.h"

static aq_store *store;
static aq_ranking *ranking;
static char dir[64];

static void cleanup(void)
{
    char cmd[128];

    aq_ranking_free(ranking);
    aq_store_close(store);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz_http: cannot remove %s\n", dir);
}

/* Two units, one station each, one July 2018 with a few days of PM2.5 and
 * SO2: enough for a ranking, its JSON documents and a fund ledger. */
static int setup(void)
{
    static const aq_station_row rows[] = {
        {"A1", "甲县", "Jia", "a", 0.0 / 0.0, 0.0 / 0.0, 0},
        {"B1", "乙县", "Yi", "b", 0.0 / 0.0, 0.0 / 0.0, 0},
    };
    aq_error err = AQ_ERROR_INIT;
    aq_ingest *ing = NULL;
    aq_ingest_report rep;
    aq_period upto = {AQ_PERIOD_MONTH, 2018, 7};
    char path[96];
    int32_t day;
    int hour, st;

    snprintf(dir, sizeof dir, "/tmp/aqrank-fuzz-http-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    atexit(cleanup);
    snprintf(path, sizeof path, "%s/db", dir);
    if (aq_store_open(&store, path, AQ_STORE_CREATE, &err) < 0 ||
        aq_store_set_jurisdiction(store, rows, 2, "", &err) < 0 ||
        aq_ingest_begin(store, &ing, "fuzz-seed", "fuzz-seed", "long",
                        &err) < 0)
        goto fail;
    for (day = aq_day_from_civil(2018, 7, 1);
         day <= aq_day_from_civil(2018, 7, 31); day++)
        for (hour = 1; hour <= 24; hour++)
            for (st = 0; st < 2; st++) {
                int64_t v[AQ_POLLUTANT_COUNT];
                int k;
                for (k = 0; k < AQ_POLLUTANT_COUNT; k++)
                    v[k] = (int64_t)(10 + st * 7 + hour % 5 + k) * 1000000;
                v[AQ_CO] = (int64_t)(1 + st) * 100000;
                if (aq_ingest_add(ing, rows[st].code, day, hour, v, &err) < 0)
                    goto fail;
            }
    if (aq_ingest_commit(ing, &rep, &err) < 0) {
        ing = NULL;
        goto fail;
    }
    ing = NULL;
    if (aq_ranking_build(&ranking, store, NULL, upto, &err) < 0)
        goto fail;
    return 0;
fail:
    aq_ingest_abort(ing);
    fprintf(stderr, "fuzz_http: setup failed: %s\n", err.message);
    return -1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (setup() < 0)
        abort();
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode %XX and '+' in place (as libmicrohttpd does for arguments). */
static void url_decode(char *s)
{
    char *w = s;

    for (; *s; s++) {
        if (*s == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
            *w++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
            s += 2;
        } else {
            *w++ = *s == '+' ? ' ' : *s;
        }
    }
    *w = '\0';
}

static void take(char *json)
{
    if (json)
        (void)strlen(json);
    aq_free(json);
}

static void one_value(const char *key, const char *value)
{
    aq_error err = AQ_ERROR_INIT;
    aq_period p, q;
    char buf[32], *json = NULL;
    int64_t minutes;

    if (aq_period_parse(value, &p) == AQ_OK) {
        /* a parsed period prints and parses back to itself */
        aq_period_format(buf, sizeof buf, p);
        if (aq_period_parse(buf, &q) != AQ_OK || q.kind != p.kind ||
            q.year != p.year || q.index != p.index)
            __builtin_trap();
        (void)aq_api_rank(ranking, p, &json, &err);
        take(json);
        json = NULL;
        (void)aq_api_sanctions(ranking, NULL, &p, 0, &json, &err);
        take(json);
        json = NULL;
        if (p.kind == AQ_PERIOD_MONTH) {
            (void)aq_api_explain(ranking, "甲县", p, &json, &err);
            take(json);
            json = NULL;
        }
    }
    (void)aq_time_parse(value, strlen(value), &minutes);
    if (!strcmp(key, "unit") && *value) {
        aq_period jul = {AQ_PERIOD_MONTH, 2018, 7};
        (void)aq_api_history(ranking, value, &json, &err);
        take(json);
        json = NULL;
        (void)aq_api_explain(ranking, value, jul, &json, &err);
        take(json);
        json = NULL;
        (void)aq_api_sanctions(ranking, value, NULL, 0, &json, &err);
        take(json);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    aq_error err = AQ_ERROR_INIT;
    const uint8_t *nl = memchr(data, '\n', size);
    size_t qlen = nl ? (size_t)(nl - data) : size;
    char *query, *save = NULL, *pair, *json = NULL;

    if (!ranking || qlen > 4096)
        return 0;
    query = malloc(qlen + 1);
    if (!query)
        return 0;
    memcpy(query, data, qlen);
    query[qlen] = '\0';
    for (pair = strtok_r(query, "&", &save); pair;
         pair = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(pair, '=');
        char *value = pair + strlen(pair); /* "" inside the copy */
        if (eq) {
            *eq = '\0';
            value = eq + 1;
        }
        url_decode(pair);
        url_decode(value);
        one_value(pair, value);
    }
    free(query);
    if (nl) {
        const char *body = (const char *)nl + 1;
        size_t blen = size - qlen - 1;
        if (aq_fund_spend_json(ranking, store, body, blen, &json, &err) ==
                AQ_OK &&
            !json)
            __builtin_trap();
        take(json);
    }
    return 0;
}
