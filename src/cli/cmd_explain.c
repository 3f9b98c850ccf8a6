/* SPDX-License-Identifier: MIT */
/* aqrank explain: the chain from a unit's hourly values to its rank,
 * amount and sanctions for one month, citing the rule at each step (P9). */
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "cli/cli.h"

enum { OPT_DB = 256, OPT_UNIT, OPT_MONTH, OPT_FORMAT, OPT_LANG, OPT_POLICY };

static const cli_opt opts[] = {
    {"db", OPT_DB, 1, "FILE", "the aqrank database (required)"},
    {"unit", OPT_UNIT, 1, "NAME", "the unit, Chinese or English name"},
    {"month", OPT_MONTH, 1, "YYYY-MM", "the month"},
    {"format", OPT_FORMAT, 1, "FMT", "text (default) or json"},
    {"lang", OPT_LANG, 1, "LANG", "zh (default) or en, for text"},
    {"policy", OPT_POLICY, 1, "FILE",
     "policy file (default: the one stored by init)"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_explain_def = {
    "explain", "--db FILE --unit NAME --month YYYY-MM [--format text|json]",
    "Explain one unit's month: hourly values to rank, amount, sanctions.",
    "Shows the unit's stations and their daily values, the unit's daily\n"
    "values and AQI, the monthly statistics with their valid days, the\n"
    "single indices and the composite index, the rank, the amount and each\n"
    "sanction, citing the rule (P-number and standard clause) at every step.",
    opts,
};

int cmd_explain(int argc, char **argv)
{
    const char *db = NULL, *unit = NULL, *month = NULL, *format = "text",
               *lang = "zh", *policy = NULL;
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_ranking *r = NULL;
    aq_period p;
    char *json = NULL, *text = NULL;
    int c, first, code;
    char *val;

    while ((c = cli_getopt(argc, argv, &cmd_explain_def, &val, &first)) > 0) {
        switch (c) {
        case OPT_DB: db = val; break;
        case OPT_UNIT: unit = val; break;
        case OPT_MONTH: month = val; break;
        case OPT_FORMAT: format = val; break;
        case OPT_LANG: lang = val; break;
        case OPT_POLICY: policy = val; break;
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (!db || !unit || !month)
        return cli_usage_error(&cmd_explain_def,
                               "--db, --unit and --month are required");
    if (aq_period_parse(month, &p) < 0 || p.kind != AQ_PERIOD_MONTH)
        return cli_usage_error(&cmd_explain_def,
                               "--month must be YYYY-MM, got '%s'", month);
    if (strcmp(format, "text") && strcmp(format, "json"))
        return cli_usage_error(&cmd_explain_def,
                               "--format must be text or json");
    if (strcmp(lang, "zh") && strcmp(lang, "en"))
        return cli_usage_error(&cmd_explain_def, "--lang must be zh or en");
    if ((code = cli_open_ranking(db, &p, policy, 0, &store, &r)) != 0)
        return code;
    if (aq_api_explain(r, unit, p, &json, &err) < 0 ||
        (!strcmp(format, "text") &&
         aq_explain_text(json, lang, &text, &err) < 0)) {
        code = cli_fail(&err);
    } else {
        fputs(text ? text : json, stdout);
        if (!text)
            fputc('\n', stdout);
        code = CLI_EXIT_OK;
    }
    aq_free(json);
    aq_free(text);
    aq_ranking_free(r);
    aq_store_close(store);
    return code;
}
