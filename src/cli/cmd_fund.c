/* SPDX-License-Identifier: MIT */
/* aqrank fund: the earmarked reward funds (P8): record spending, report
 * balances. */
#include <stdio.h>
#include <string.h>

#include "aq/fund.h"
#include "cli/cli.h"

enum {
    OPT_UNIT = CLI_OWN,
    OPT_CATEGORY,
    OPT_AMOUNT,
    OPT_DESCRIPTION,
    OPT_AS_OF
};

static const cli_opt opts[] = {
    CLI_OPT_DB("the aqrank database (required)"),
    {"unit", OPT_UNIT, 1, "NAME", "spend: the unit"},
    {"category", OPT_CATEGORY, 1, "CAT",
     "spend: air_pollution_control_project or supervision_capacity (the "
     "policy's fund_categories)"},
    {"amount", OPT_AMOUNT, 1, "AMOUNT", "spend: in the currency unit (万元)"},
    CLI_OPT_DATE("spend: the date of the spending"),
    {"description", OPT_DESCRIPTION, 1, "TEXT", "spend: what it paid for"},
    {"as-of", OPT_AS_OF, 1, "YYYY-MM-DD",
     "report: balances as of that day (default: today, China Standard "
     "Time)"},
    CLI_OPT_POLICY(CLI_POLICY_HELP),
    CLI_OPT_FORMAT("report: json (default) or xlsx (needs --output)"),
    CLI_OPT_OUTPUT("report: write to FILE"),
    CLI_OPT_LANG("report: zh (default) or en, for xlsx"),
    {0, 0, 0, 0, 0},
};

const cli_command cmd_fund_def = {
    "fund", "(spend|report) --db FILE [OPTIONS]",
    "Earmarked reward funds: record spending, report balances (P8).",
    "'aqrank fund spend' records spending from a unit's fund; a category\n"
    "the policy does not allow, a date before the unit's first credit or\n"
    "after today, or an amount above the balance as of its date is refused\n"
    "(exit 5) and kept in the audit log. A month's amounts are credited on\n"
    "the first day of the next month. 'aqrank fund report' prints, per\n"
    "unit, the rewards credited, the penalties deducted, the spending by\n"
    "category and the balance (credited minus spent) as of --as-of, and\n"
    "every refused request, as JSON or as a workbook (--format xlsx\n"
    "--output FILE).",
    opts,
};

int cmd_fund(int argc, char **argv)
{
    const char *unit = NULL, *category = NULL, *amount = NULL,
               *description = NULL, *action, *as_of = NULL;
    cli_common o = {.format = "json", .lang = "zh"};
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_ranking *r = NULL;
    char *json = NULL;
    int c, first, code;
    long id = 0;
    char *val;

    while ((c = cli_getopt(argc, argv, &cmd_fund_def, &val, &first)) > 0) {
        switch (c) {
        case OPT_UNIT: unit = val; break;
        case OPT_CATEGORY: category = val; break;
        case OPT_AMOUNT:
            amount = val;
            break;
        case OPT_DESCRIPTION:
            description = val;
            break;
        case OPT_AS_OF: as_of = val; break;
        default:
            cli_common_opt(c, val, &o);
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (first >= argc || (strcmp(argv[first], "spend") &&
                          strcmp(argv[first], "report")))
        return cli_usage_error(&cmd_fund_def,
                               "say 'spend' or 'report' after the options");
    action = argv[first];
    if (!o.db)
        return cli_usage_error(&cmd_fund_def, "--db FILE is required");
    if (!strcmp(action, "spend") &&
        (!unit || !category || !amount || !o.date_text || !description))
        return cli_usage_error(&cmd_fund_def,
                               "spend needs --unit, --category, --amount, "
                               "--date and --description");
    if ((strcmp(o.format, "json") && strcmp(o.format, "xlsx")) ||
        (!strcmp(o.format, "xlsx") && !o.output))
        return cli_usage_error(&cmd_fund_def,
                               "--format must be json, or xlsx with "
                               "--output FILE");
    if ((code = cli_open_ranking(o.db, NULL, o.policy, !strcmp(action, "spend"),
                                 &store, &r)) != 0)
        return code;
    if (!strcmp(action, "spend")) {
        const char *stored = NULL;
        if (aq_fund_spend(r, store, unit, o.date_text, category, amount,
                          description, &id, &stored, &err) < 0)
            code = cli_fail(&err);
        else
            printf("recorded spending #%ld: %s %s %s\n", id, stored, amount,
                   category);
    } else if (aq_api_funds(r, store, as_of, &json, &err) < 0) {
        code = cli_fail(&err);
    } else if (!strcmp(o.format, "xlsx")) {
        code = cli_write_xlsx("funds", json, o.lang, o.output);
    } else {
        code = cli_write_text(o.output, json, 1);
    }
    aq_free(json);
    aq_ranking_free(r);
    aq_store_close(store);
    return code;
}
