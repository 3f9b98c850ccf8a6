/* SPDX-License-Identifier: MIT */
/* aqrank audit: the data-integrity flags of a month (issue 17) as JSON
 * (the contract), a table for a person or CSV for a review team's
 * worklist. A flag never changes a value, a statistic or a rank. */
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "aq/render.h"
#include "cli/cli.h"

enum { OPT_MONTH = CLI_OWN, OPT_UNIT, OPT_SINCE };

static const cli_opt opts[] = {
    CLI_OPT_DB("the aqrank database (required)"),
    {"month", OPT_MONTH, 1, "YYYY-MM", "the month to examine (required)"},
    {"unit", OPT_UNIT, 1, "NAME",
     "only this unit's stations (Chinese or English name)"},
    {"since", OPT_SINCE, 1, "YYYY-MM-DD",
     "list the flags that end on or after this day of the month"},
    CLI_OPT_FORMAT(
        "table (default), json, csv or xlsx (a workbook: needs --output)"),
    CLI_OPT_LANG("zh (default) or en, for the table and the workbook"),
    CLI_OPT_OUTPUT(CLI_OUTPUT_HELP),
    CLI_OPT_POLICY("policy file with the audit_* thresholds (default: the "
                   "one stored by init)"),
    {0, 0, 0, 0, 0},
};

const cli_command cmd_audit_def = {
    "audit",
    "--db FILE --month YYYY-MM [--unit NAME] [--since YYYY-MM-DD] "
    "[--format table|json|csv|xlsx] [--output FILE]",
    "Flag station data that looks broken or tampered with (防数据造假).",
    "Examines every station-hour of the month: the same value for many\n"
    "hours (flatline), PM2.5 above PM10 beyond tolerance (pm25_gt_pm10), a\n"
    "station far below its neighbours while they are high\n"
    "(neighbour_divergence), missing hours concentrated in the neighbours'\n"
    "most polluted hours (selective_gaps), a lasting shift against the\n"
    "neighbours (step_change). Each flag names the station, pollutant and\n"
    "hours (hour-ending labels) with its evidence; the summary gives each\n"
    "station's flagged hours and each unit's composite index without them.\n"
    "Flags change no value, statistic or rank. The thresholds are the\n"
    "policy's audit_* settings (etc/hengshui.policy). xlsx is a workbook\n"
    "with a sheet of flags (a review team's worklist), one of stations and\n"
    "one of units.",
    opts,
};

/* --since: a day of the month, YYYY-MM-DD */
static int parse_day(const char *s, aq_period month, int32_t *day)
{
    int32_t first, last;

    aq_period_days(month, &first, &last);
    return aq_day_parse(s, day) < 0 || *day < first || *day > last ? -1 : 0;
}

int cmd_audit(int argc, char **argv)
{
    const char *month = NULL, *unit = NULL, *since = NULL;
    cli_common o = {.format = "table", .lang = "zh"};
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_policy pol;
    aq_period p;
    int32_t since_day = AQ_AUDIT_ALL_MONTH;
    char *json = NULL, *text = NULL;
    int c, first, code = CLI_EXIT_OK;
    char *val;

    while ((c = cli_getopt(argc, argv, &cmd_audit_def, &val, &first)) > 0) {
        if (c == OPT_MONTH)
            month = val;
        else if (c == OPT_UNIT)
            unit = val;
        else if (c == OPT_SINCE)
            since = val;
        else
            cli_common_opt(c, val, &o);
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (!o.db || !month)
        return cli_usage_error(&cmd_audit_def, "--db and --month are required");
    if (first < argc)
        return cli_usage_error(&cmd_audit_def, "unexpected argument '%s'",
                               argv[first]);
    if (aq_period_parse(month, &p) < 0 || p.kind != AQ_PERIOD_MONTH)
        return cli_usage_error(&cmd_audit_def,
                               "--month must be YYYY-MM, got '%s'", month);
    if (since && parse_day(since, p, &since_day) < 0)
        return cli_usage_error(&cmd_audit_def,
                               "--since must be a day of %s (YYYY-MM-DD), "
                               "got '%s'",
                               month, since);
    if ((code = cli_check_format(&cmd_audit_def, "--format", o.format,
                                 "table|json|csv|xlsx", o.lang, o.output)) != 0)
        return code;
    if (o.policy) {
        aq_policy_init(&pol);
        if (aq_policy_load(&pol, o.policy, &err) < 0)
            return cli_fail(&err);
    }
    if (aq_store_open(&store, o.db, AQ_STORE_READONLY, &err) < 0 ||
        aq_api_audit(store, o.policy ? &pol : NULL, p, unit, since_day, &json,
                     &err) < 0 ||
        (!strcmp(o.format, "table") &&
         aq_render_audit_table(json, o.lang, &text, &err) < 0) ||
        (!strcmp(o.format, "csv") &&
         aq_render_audit_csv(json, &text, &err) < 0))
        code = cli_fail(&err);
    else if (!strcmp(o.format, "xlsx"))
        code = cli_write_xlsx("audit", json, o.lang, o.output);
    else
        code = cli_write_text(o.output, text ? text : json, !text);
    aq_free(json);
    aq_free(text);
    aq_store_close(store);
    return code;
}
