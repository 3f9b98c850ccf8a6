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

enum {
    OPT_DB = 256,
    OPT_MONTH,
    OPT_DATE,
    OPT_UNIT,
    OPT_FORMAT,
    OPT_LANG,
    OPT_POLICY,
    OPT_OUTPUT
};

static const cli_opt opts[] = {
    {"db", OPT_DB, 1, "FILE", "the aqrank database (required)"},
    {"month", OPT_MONTH, 1, "YYYY-MM", "the month to plan (required)"},
    {"date", OPT_DATE, 1, "YYYY-MM-DD",
     "the day to count to, in the month (default: the last day with "
     "data)"},
    {"unit", OPT_UNIT, 1, "NAME",
     "one unit (Chinese or English name): every goal and the PM2.5 each "
     "rank takes"},
    {"format", OPT_FORMAT, 1, "FMT",
     "table (default), json, or xlsx (needs --output)"},
    {"lang", OPT_LANG, 1, "LANG", "zh (default) or en, for the table and xlsx"},
    {"policy", OPT_POLICY, 1, "FILE",
     "policy file (default: the one stored by init)"},
    {"output", OPT_OUTPUT, 1, "FILE", "write to FILE instead of stdout"},
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
    const char *db = NULL, *month = NULL, *date_text = NULL, *unit = NULL,
               *format = "table", *lang = "zh", *policy = NULL,
               *output = NULL;
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_ranking *r = NULL;
    int32_t date = AQ_DATE_LATEST;
    aq_period p;
    char *json = NULL, *text = NULL, *val;
    int c, first, code;

    while ((c = cli_getopt(argc, argv, &cmd_plan_def, &val, &first)) > 0) {
        switch (c) {
        case OPT_DB: db = val; break;
        case OPT_MONTH: month = val; break;
        case OPT_DATE: date_text = val; break;
        case OPT_UNIT: unit = val; break;
        case OPT_FORMAT: format = val; break;
        case OPT_LANG: lang = val; break;
        case OPT_POLICY: policy = val; break;
        case OPT_OUTPUT: output = val; break;
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (first != argc)
        return cli_usage_error(&cmd_plan_def, "unexpected argument '%s'",
                               argv[first]);
    if (!db || !month)
        return cli_usage_error(&cmd_plan_def, "--db and --month are required");
    if (aq_period_parse(month, &p) < 0 || p.kind != AQ_PERIOD_MONTH)
        return cli_usage_error(&cmd_plan_def,
                               "--month must be YYYY-MM, got '%s'", month);
    if (date_text) {
        aq_span ms = aq_span_of_period(p);
        if (aq_day_parse(date_text, &date) < 0)
            return cli_usage_error(&cmd_plan_def,
                                   "--date must be YYYY-MM-DD, got '%s'",
                                   date_text);
        if (date < ms.first || date > ms.last)
            return cli_usage_error(&cmd_plan_def,
                                   "--date must be a day of --month");
    }
    if ((code = cli_check_format(&cmd_plan_def, "--format", format,
                                 "table|json|xlsx", lang, output)) != 0)
        return code;
    if ((code = cli_open_ranking(db, &p, policy, 0, &store, &r)) != 0)
        return code;
    ro.lang = lang;
    if (aq_api_plan(r, p, date, unit, &json, &err) < 0 ||
        (!strcmp(format, "table") &&
         aq_render_plan(json, &ro, &text, &err) < 0))
        code = cli_fail(&err);
    return cli_done(code, output, !strcmp(format, "xlsx") ? "plan" : NULL,
                    lang, json, text, r, store);
}
