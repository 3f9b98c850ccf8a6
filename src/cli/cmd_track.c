/* SPDX-License-Identifier: MIT */
/*
 * aqrank track: how far each unit is from its year's targets
 * (docs/spec-daily.md D6, D7): PM2.5 so far and the highest daily PM2.5
 * the rest of the year may average (年剩余日控制值), good days still
 * needed, heavy-pollution days left, composite index and rank to date. A
 * thin client of aq_api_track() and aq_render_track().
 */
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "aq/render.h"
#include "cli/cli.h"

enum {
    OPT_DB = 256,
    OPT_TARGETS,
    OPT_DATE,
    OPT_FORMAT,
    OPT_LANG,
    OPT_POLICY,
    OPT_OUTPUT
};

static const cli_opt opts[] = {
    {"db", OPT_DB, 1, "FILE", "the aqrank database (required)"},
    {"targets", OPT_TARGETS, 1, "FILE",
     "the targets file: unit,year,pm25,good_days_ratio,heavy_days "
     "(required)"},
    {"date", OPT_DATE, 1, "YYYY-MM-DD",
     "the day to count to (default: the last day with data)"},
    {"format", OPT_FORMAT, 1, "FMT",
     "table (default), json, csv, or xlsx (needs --output)"},
    {"lang", OPT_LANG, 1, "LANG", "zh (default) or en, for the table and xlsx"},
    {"policy", OPT_POLICY, 1, "FILE",
     "policy file (default: the one stored by init)"},
    {"output", OPT_OUTPUT, 1, "FILE", "write to FILE instead of stdout"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_track_def = {
    "track",
    "--db FILE --targets FILE [--date YYYY-MM-DD] "
    "[--format table|json|csv|xlsx] "
    "[--lang zh|en] [--output FILE]",
    "How far each unit is from its year's targets (年剩余日控制值).",
    "From 1 January to --date: each unit's PM2.5 so far against its target\n"
    "and the highest daily PM2.5 the rest of the year may average and still\n"
    "meet it, the good days still needed for the good-days ratio target, the\n"
    "heavy-pollution days (AQI above 200) left, and the composite index and\n"
    "rank to date. An empty cell of the targets file is no target. The JSON\n"
    "is documented in docs/http-api.md, the rules in docs/spec-daily.md.",
    opts,
};

int cmd_track(int argc, char **argv)
{
    const char *db = NULL, *targets = NULL, *date_text = NULL,
               *format = "table", *lang = "zh", *policy = NULL,
               *output = NULL;
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_ranking *r = NULL;
    aq_targets *t = NULL;
    int32_t date = AQ_DATE_LATEST;
    char *json = NULL, *text = NULL, *val;
    int c, first, code;

    while ((c = cli_getopt(argc, argv, &cmd_track_def, &val, &first)) > 0) {
        switch (c) {
        case OPT_DB: db = val; break;
        case OPT_TARGETS: targets = val; break;
        case OPT_DATE: date_text = val; break;
        case OPT_FORMAT: format = val; break;
        case OPT_LANG: lang = val; break;
        case OPT_POLICY: policy = val; break;
        case OPT_OUTPUT: output = val; break;
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (first != argc)
        return cli_usage_error(&cmd_track_def, "unexpected argument '%s'",
                               argv[first]);
    if (!db || !targets)
        return cli_usage_error(&cmd_track_def,
                               "--db and --targets are required");
    if (date_text && aq_day_parse(date_text, &date) < 0)
        return cli_usage_error(&cmd_track_def,
                               "--date must be YYYY-MM-DD, got '%s'",
                               date_text);
    if ((code = cli_check_format(&cmd_track_def, "--format", format,
                                 "table|json|csv|xlsx", lang, output)) != 0)
        return code;
    if ((code = cli_load_targets(targets, &t)) != 0)
        return code;
    if ((code = cli_open_ranking_at(db, date, policy, &store, &r)) != 0) {
        aq_targets_free(t);
        return code;
    }
    ro.lang = lang;
    if (aq_api_track(r, t, date, &json, &err) < 0 ||
        ((!strcmp(format, "table") || !strcmp(format, "csv")) &&
         aq_render_track(json, !strcmp(format, "csv") ? "csv" : "text", &ro,
                         &text, &err) < 0))
        code = cli_fail(&err);
    aq_targets_free(t);
    return cli_done(code, output, !strcmp(format, "xlsx") ? "track" : NULL,
                    lang, json, text, r, store);
}
