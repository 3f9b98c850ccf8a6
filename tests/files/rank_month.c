/* SPDX-License-Identifier: MIT */
/*
 * A program outside aqrank, as another project would write it: it ranks a
 * period of an aqrank database through the public API of the installed
 * library and prints the ranking document as `aqrank rank --format json`
 * does. tests/suites/install.sh builds it with
 * `pkg-config --cflags --libs aqrank` against `make install`'s files.
 *
 *     rank_month DB PERIOD      the JSON document, then a newline
 *     rank_month --version      AQ_VERSION (headers) and aq_version()
 */
#include <stdio.h>
#include <string.h>

#include <aq/api.h>
#include <aq/ranking.h>
#include <aq/store.h>

int main(int argc, char **argv)
{
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_ranking *ranking = NULL;
    aq_period period;
    char *json = NULL, msg[512];
    int code = 1;

    if (argc == 2 && !strcmp(argv[1], "--version")) {
        printf("%s %s\n", AQ_VERSION, aq_version());
        return 0;
    }
    if (argc != 3 || aq_period_parse(argv[2], &period) != AQ_OK) {
        fprintf(stderr, "usage: rank_month DB PERIOD\n");
        return 2;
    }
    if (aq_store_open(&store, argv[1], AQ_STORE_READONLY, &err) == AQ_OK &&
        aq_ranking_build(&ranking, store, NULL, period, &err) == AQ_OK &&
        aq_api_rank(ranking, period, &json, &err) == AQ_OK) {
        printf("%s\n", json);
        code = 0;
    } else {
        fprintf(stderr, "rank_month: %s\n",
                aq_error_format(&err, msg, sizeof msg));
    }
    aq_free(json);
    aq_ranking_free(ranking);
    aq_store_close(store);
    return code;
}
