/* SPDX-License-Identifier: MIT */
/* aqrank explain: the chain from a unit's hourly values to its rank,
 * amount and sanctions for one month, citing the rule at each step (P9). */
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "cli/cli.h"

enum { OPT_UNIT = CLI_OWN, OPT_MONTH };

static const cli_opt opts[] = {
    CLI_OPT_DB("the aqrank database (required)"),
    {"unit", OPT_UNIT, 1, "NAME", "the unit, Chinese or English name"},
    {"month", OPT_MONTH, 1, "YYYY-MM", "the month"},
    CLI_OPT_FORMAT("text (default) or json"),
    CLI_OPT_LANG("zh (default) or en, for text"),
    CLI_OPT_POLICY(CLI_POLICY_HELP),
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
    const char *unit = NULL, *month = NULL;
    cli_common o = {.format = "text", .lang = "zh"};
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_ranking *r = NULL;
    aq_period p;
    char *json = NULL, *text = NULL;
    int c, first, code;
    char *val;

    while ((c = cli_getopt(argc, argv, &cmd_explain_def, &val, &first)) > 0) {
        if (c == OPT_UNIT)
            unit = val;
        else if (c == OPT_MONTH)
            month = val;
        else
            cli_common_opt(c, val, &o);
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (!o.db || !unit || !month)
        return cli_usage_error(&cmd_explain_def,
                               "--db, --unit and --month are required");
    if (aq_period_parse(month, &p) < 0 || p.kind != AQ_PERIOD_MONTH)
        return cli_usage_error(&cmd_explain_def,
                               "--month must be YYYY-MM, got '%s'", month);
    if ((code = cli_check_format(&cmd_explain_def, "--format", o.format,
                                 "text|json", o.lang, NULL)) != 0)
        return code;
    if ((code = cli_open_ranking(o.db, &p, o.policy, 0, &store, &r)) != 0)
        return code;
    if (aq_api_explain(r, unit, p, &json, &err) < 0 ||
        (!strcmp(o.format, "text") &&
         aq_explain_text(json, o.lang, &text, &err) < 0)) {
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
