/* SPDX-License-Identifier: MIT */
/* aqrank audit: the data-integrity flags of a month (issue 17) as JSON
 * (the contract), a table for a person or CSV for a review team's
 * worklist. A flag never changes a value, a statistic or a rank. */
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "aq/render.h"
#include "cli/cli.h"

enum {
    OPT_DB = 256,
    OPT_MONTH,
    OPT_UNIT,
    OPT_SINCE,
    OPT_FORMAT,
    OPT_LANG,
    OPT_POLICY,
    OPT_OUTPUT
};

static const cli_opt opts[] = {
    {"db", OPT_DB, 1, "FILE", "the aqrank database (required)"},
    {"month", OPT_MONTH, 1, "YYYY-MM", "the month to examine (required)"},
    {"unit", OPT_UNIT, 1, "NAME",
     "only this unit's stations (Chinese or English name)"},
    {"since", OPT_SINCE, 1, "YYYY-MM-DD",
     "list the flags that end on or after this day of the month"},
    {"format", OPT_FORMAT, 1, "FMT",
     "table (default), json, csv or xlsx (a workbook: needs --output)"},
    {"lang", OPT_LANG, 1, "LANG",
     "zh (default) or en, for the table and the workbook"},
    {"output", OPT_OUTPUT, 1, "FILE", "write to FILE instead of stdout"},
    {"policy", OPT_POLICY, 1, "FILE",
     "policy file with the audit_* thresholds (default: the one stored by "
     "init)"},
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
    const char *db = NULL, *month = NULL, *unit = NULL, *since = NULL,
               *format = "table", *lang = "zh", *policy = NULL,
               *output = NULL;
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_policy pol;
    aq_period p;
    int32_t since_day = AQ_AUDIT_ALL_MONTH;
    char *json = NULL, *text = NULL;
    int c, first, code = CLI_EXIT_OK;
    char *val;

    while ((c = cli_getopt(argc, argv, &cmd_audit_def, &val, &first)) > 0) {
        switch (c) {
        case OPT_DB:
            db = val;
            break;
        case OPT_MONTH:
            month = val;
            break;
        case OPT_UNIT:
            unit = val;
            break;
        case OPT_SINCE:
            since = val;
            break;
        case OPT_FORMAT:
            format = val;
            break;
        case OPT_LANG:
            lang = val;
            break;
        case OPT_POLICY:
            policy = val;
            break;
        case OPT_OUTPUT:
            output = val;
            break;
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (!db || !month)
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
    if (strcmp(format, "table") && strcmp(format, "json") &&
        strcmp(format, "csv") && strcmp(format, "xlsx"))
        return cli_usage_error(&cmd_audit_def,
                               "--format must be table, json, csv or xlsx");
    if (!strcmp(format, "xlsx") && !output)
        return cli_usage_error(&cmd_audit_def,
                               "--format xlsx needs --output FILE");
    if (strcmp(lang, "zh") && strcmp(lang, "en"))
        return cli_usage_error(&cmd_audit_def, "--lang must be zh or en");
    if (policy) {
        aq_policy_init(&pol);
        if (aq_policy_load(&pol, policy, &err) < 0)
            return cli_fail(&err);
    }
    if (aq_store_open(&store, db, AQ_STORE_READONLY, &err) < 0 ||
        aq_api_audit(store, policy ? &pol : NULL, p, unit, since_day, &json,
                     &err) < 0 ||
        (!strcmp(format, "table") &&
         aq_render_audit_table(json, lang, &text, &err) < 0) ||
        (!strcmp(format, "csv") && aq_render_audit_csv(json, &text, &err) < 0))
        code = cli_fail(&err);
    else if (!strcmp(format, "xlsx"))
        code = cli_write_xlsx("audit", json, lang, output);
    else
        code = cli_write_text(output, text ? text : json, !text);
    aq_free(json);
    aq_free(text);
    aq_store_close(store);
    return code;
}
