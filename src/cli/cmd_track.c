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

enum { OPT_TARGETS = CLI_OWN };

static const cli_opt opts[] = {
    CLI_DAY_OPTS("the day to count to (default: the last day with data)",
                 "table (default), json, csv, or xlsx (needs --output)"),
    {"targets", OPT_TARGETS, 1, "FILE",
     "the targets file: unit,year,pm25,good_days_ratio,heavy_days "
     "(required)"},
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
    const char *targets = NULL;
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_ranking *r = NULL;
    aq_targets *t = NULL;
    cli_common o = {0};
    char *json = NULL, *text = NULL, *val;
    int c, code;

    while ((c = cli_day_getopt(argc, argv, &cmd_track_def,
                               "table|json|csv|xlsx", &o, &val)) > 0)
        if (c == OPT_TARGETS)
            targets = val;
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (!targets)
        return cli_usage_error(&cmd_track_def, "--targets FILE is required");
    if ((code = cli_load_targets(targets, &t)) != 0)
        return code;
    if ((code = cli_open_ranking_at(o.db, o.date, o.policy, &store, &r)) != 0) {
        aq_targets_free(t);
        return code;
    }
    ro.lang = o.lang;
    if (aq_api_track(r, t, o.date, &json, &err) < 0 ||
        ((!strcmp(o.format, "table") || !strcmp(o.format, "csv")) &&
         aq_render_track(json, !strcmp(o.format, "csv") ? "csv" : "text", &ro,
                         &text, &err) < 0))
        code = cli_fail(&err);
    aq_targets_free(t);
    return cli_done(code, o.output, !strcmp(o.format, "xlsx") ? "track" : NULL,
                    o.lang, json, text, r, store);
}
