/* SPDX-License-Identifier: MIT */
/*
 * aqrank rank --indicator roads (--month M | --all): the road-cleanliness
 * ranking of a month (issue 20), or every unit's months with their PM10,
 * from a database: the library's documents (aq_api_roads(),
 * aq_api_roads_all()) printed as JSON, or rendered as a table, CSV
 * (aq_render_roads()) or a workbook. `aqrank rank` (cmd_rank.c) calls
 * this when --indicator roads is given.
 */
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "cli/cli.h"

int cmd_rank_roads(const char *db, const aq_period *month, int all,
                   const char *policy_file, const char *format,
                   const char *lang, const char *output)
{
    aq_error err = AQ_ERROR_INIT;
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_store *store = NULL;
    aq_policy pol;
    char *json = NULL, *text = NULL;
    int code;

    if ((code = cli_need_file(db)) != 0 ||
        (policy_file && (code = cli_need_file(policy_file)) != 0))
        return code;
    if (policy_file) {
        aq_policy_init(&pol);
        if (aq_policy_load(&pol, policy_file, &err) < 0)
            return cli_fail(&err);
    }
    if (aq_store_open(&store, db, AQ_STORE_READONLY, &err) < 0)
        return cli_fail(&err);
    ro.lang = lang;
    if ((all ? aq_api_roads_all(store, policy_file ? &pol : NULL, &json, &err)
             : aq_api_roads(store, policy_file ? &pol : NULL, *month, &json,
                            &err)) < 0)
        code = cli_fail(&err);
    else if (!strcmp(format, "xlsx"))
        code = cli_write_xlsx("roads", json, lang, output);
    else if (strcmp(format, "json") &&
             aq_render_roads(format, json, &ro, &text, &err) < 0)
        code = cli_fail(&err);
    else
        code = cli_write_text(output, text ? text : json, !text);
    aq_free(json);
    aq_free(text);
    aq_store_close(store);
    return code;
}
