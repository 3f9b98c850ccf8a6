/* SPDX-License-Identifier: MIT */
/*
 * aqrank plan: what the rest of a month must be (docs/spec-daily.md D8):
 * for each unit and each rank, the highest monthly PM2.5 with which it
 * gets there and what the remaining days may average, the places that
 * pay or sanction said in words, and the month as it would be settled if
 * it ended now. A thin client of aq_api_plan() and aq_render_plan().
 */
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "aq/render.h"
#include "cli/cli.h"

enum { OPT_MONTH = CLI_OWN, OPT_UNIT };

static const cli_opt opts[] = {
    CLI_DAY_OPTS("the day to count to, in the month (default: the last day "
                 "with data)",
                 "table (default), json, or xlsx (needs --output)"),
    {"month", OPT_MONTH, 1, "YYYY-MM", "the month to plan (required)"},
    {"unit", OPT_UNIT, 1, "NAME",
     "one unit (Chinese or English name): every goal and the PM2.5 each "
     "rank takes"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_plan_def = {
    "plan",
    "--db FILE --month YYYY-MM [--date YYYY-MM-DD] [--unit NAME] "
    "[--format table|json|xlsx] [--lang zh|en] [--output FILE]",
    "What the rest of the month must be, for each rank (the planner).",
    "Every unit's month taken as its month-to-date values through --date:\n"
    "for each unit and each rank k, the highest monthly PM2.5 mean with\n"
    "which it would rank k or better (its other five pollutants as they\n"
    "are) and the daily PM2.5 the remaining days may average for it; the\n"
    "same for a reward, no deduction, leaving the bottom group and the last\n"
    "place (by the policy's positions), in words; and the rank, amount and\n"
    "sanctions if the month ended with its month-to-date values. The JSON\n"
    "is documented in docs/http-api.md, the rules in docs/spec-daily.md.",
    opts,
};

int cmd_plan(int argc, char **argv)
{
    const char *month = NULL, *unit = NULL;
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_ranking *r = NULL;
    aq_period p;
    aq_span ms;
    cli_common o = {0};
    char *json = NULL, *text = NULL, *val;
    int c, code;

    while ((c = cli_day_getopt(argc, argv, &cmd_plan_def, "table|json|xlsx", &o,
                               &val)) > 0) {
        if (c == OPT_MONTH)
            month = val;
        else if (c == OPT_UNIT)
            unit = val;
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (!month)
        return cli_usage_error(&cmd_plan_def, "--month YYYY-MM is required");
    if (aq_period_parse(month, &p) < 0 || p.kind != AQ_PERIOD_MONTH)
        return cli_usage_error(&cmd_plan_def,
                               "--month must be YYYY-MM, got '%s'", month);
    ms = aq_span_of_period(p);
    if (o.date != AQ_DATE_LATEST && (o.date < ms.first || o.date > ms.last))
        return cli_usage_error(&cmd_plan_def,
                               "--date must be a day of --month");
    if ((code = cli_open_ranking(o.db, &p, o.policy, 0, &store, &r)) != 0)
        return code;
    ro.lang = o.lang;
    if (aq_api_plan(r, p, o.date, unit, &json, &err) < 0 ||
        (!strcmp(o.format, "table") &&
         aq_render_plan(json, &ro, &text, &err) < 0))
        code = cli_fail(&err);
    return cli_done(code, o.output, !strcmp(o.format, "xlsx") ? "plan" : NULL,
                    o.lang, json, text, r, store);
}
