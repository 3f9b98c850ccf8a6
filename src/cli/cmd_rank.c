/* SPDX-License-Identifier: MIT */
/* aqrank rank: the ranking of a month, quarter or year (P3, P4, P6) from a
 * database, as JSON (the contract), CSV or a table for the terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/api.h"
#include "aq/render.h"
#include "cli/cli.h"

enum {
    OPT_PERIOD = CLI_OWN,
    OPT_MONTH,
    OPT_ALL,
    OPT_STATIONS,
    OPT_READERS,
    OPT_INDICATOR,
    OPT_FROM,
    OPT_TO,
    OPT_BY
};

static const cli_opt opts[] = {
    CLI_OPT_DB("the aqrank database"),
    {"period", OPT_PERIOD, 1, "P", "YYYY-MM, YYYY-Qn or YYYY"},
    {"month", OPT_MONTH, 1, "YYYY-MM", "same as --period for a month"},
    {"from", OPT_FROM, 1, "YYYY-MM-DD",
     "with --to: rank any span of whole days (month or year to date, a "
     "heating season), at most 366"},
    {"to", OPT_TO, 1, "YYYY-MM-DD", "the last day of the span (with --from)"},
    {"by", OPT_BY, 1, "WHAT",
     "with --from/--to: composite (default), pm25, or good_days (the "
     "good-days ratio, best first)"},
    {"all", OPT_ALL, 0, "",
     "every unit of the evaluation in every month, with its composite "
     "index, rank and whether its data were sufficient"},
    CLI_OPT_FORMAT("table (default), json, csv, or xlsx (needs --output)"),
    CLI_OPT_OUTPUT(CLI_OUTPUT_HELP),
    CLI_OPT_LANG("zh (default) or en, for the table and xlsx"),
    CLI_OPT_POLICY(CLI_POLICY_HELP),
    {"stations", OPT_STATIONS, 1, "FILE",
     "rank straight from data FILES... with this jurisdiction (no database)"},
    {"indicator", OPT_INDICATOR, 1, "WHAT",
     "air (default: the air-quality ranking) or roads (the road-cleanliness "
     "ranking of a month from the road inspections, with each unit's PM10; "
     "with --all every month)"},
    {"readers", OPT_READERS, 1, "N",
     "with --stations: read one plain file with N threads at once, 4 "
     "parts each (default: one per core, at most 8, parts of 8 MiB or "
     "more; 1 = one reader)"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_rank_def = {
    "rank",
    "--db FILE (--period P | --all | --from YYYY-MM-DD --to YYYY-MM-DD "
    "[--by composite|pm25|good_days]) [--format table|json|csv|xlsx] "
    "[--output FILE]",
    "Rank the units of a month, quarter, year or any span of days.",
    "Ranks ascending (1 = cleanest), ties share the best rank (1, 2, 2, 4),\n"
    "insufficient units are left out or placed last as the policy says\n"
    "(P3); a month also gets its amounts (P4) and sanctions (P6). The JSON\n"
    "is documented in docs/http-api.md. With --all, every unit of the\n"
    "evaluation in every month: CSV unit,period,composite_index,rank,\n"
    "sufficient, a table or JSON.\n"
    "With --indicator roads, the road-cleanliness ranking of a month from\n"
    "the road inspections (ingest): per unit its inspections, dust\n"
    "samples, mean dust load, dust and litter compliance with the\n"
    "standard, the roads that failed most and its PM10; ranked by dust\n"
    "compliance, then mean load. With --all, every unit's months beside\n"
    "its PM10: CSV unit,period,dust_compliance,dust_mean,\n"
    "litter_compliance,rank,pm10,dust_samples,inspections.\n"
    "With --from and --to, any span of whole days by the same rules\n"
    "(docs/spec-daily.md): validity by month for whole months, else at\n"
    "least 27/31 of the span's days (the policy's partial_span_min); the\n"
    "change against the same days of the previous year; a provisional\n"
    "ranking, without amounts or sanctions, unless the span is a whole\n"
    "month, quarter or year.\n"
    "With --stations S.csv FILES... (CNEMC, UCI or long CSV, plain or .gz),\n"
    "ranks straight from the files in one pass, without a database: --all\n"
    "for every month, or --period P, written as --all writes. A large plain\n"
    "file is read in parts on every core (--readers); the results are those\n"
    "of one reader.",
    opts,
};


/* --all: every unit-month, as the library lists it (aq_api_rank_all) */
static int print_all(aq_ranking *r, const char *format,
                     const aq_render_options *ro)
{
    aq_error err = AQ_ERROR_INIT;
    char *text = NULL;
    int code = CLI_EXIT_OK;

    if (aq_api_rank_all_as(r, format, ro, &text, &err) < 0)
        code = cli_fail(&err);
    else
        fputs(text, stdout);
    aq_free(text);
    return code;
}

/* --from/--to: a span of days (aq_api_rank_span) */
static int rank_span(const cli_common *o, const char *from, const char *to,
                     const char *by_text, const char *extra)
{
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_ranking *r = NULL;
    aq_rank_by by = AQ_RANK_BY_COMPOSITE;
    aq_span s;
    char *json = NULL, *text = NULL;
    int code;

    if (extra)
        return cli_usage_error(&cmd_rank_def, "unexpected argument '%s'",
                               extra);
    if (!from || !to)
        return cli_usage_error(&cmd_rank_def,
                               "--from and --to go together");
    if (aq_day_parse(from, &s.first) < 0 || aq_day_parse(to, &s.last) < 0)
        return cli_usage_error(&cmd_rank_def,
                               "--from and --to must be dates YYYY-MM-DD");
    if (s.last < s.first || s.last - s.first + 1 > AQ_SPAN_MAX_DAYS)
        return cli_usage_error(&cmd_rank_def,
                               "the span must be 1 to %d days, --from not "
                               "after --to",
                               AQ_SPAN_MAX_DAYS);
    if (by_text && aq_rank_by_parse(by_text, &by) < 0)
        return cli_usage_error(&cmd_rank_def,
                               "--by must be composite, pm25 or good_days");
    if ((code = cli_check_format(&cmd_rank_def, "--format of a span", o->format,
                                 "table|json|csv|xlsx", o->lang, o->output)) !=
        0)
        return code;
    if (!o->db)
        return cli_usage_error(&cmd_rank_def, "--db FILE is required");
    /* the ranking up to the month of the span's last day: its policy,
     * engine and store */
    if ((code = cli_open_ranking_at(o->db, s.last, o->policy, &store, &r)) != 0)
        return code;
    ro.lang = o->lang;
    if (aq_api_rank_span(r, s, by, &json, &err) < 0 ||
        (!strcmp(o->format, "table") &&
         aq_render_table(json, &ro, &text, &err) < 0) ||
        (!strcmp(o->format, "csv") && aq_render_csv(json, &text, &err) < 0))
        code = cli_fail(&err);
    return cli_done(code, o->output, !strcmp(o->format, "xlsx") ? "rank" : NULL,
                    o->lang, json, text, r, store);
}

int cmd_rank(int argc, char **argv)
{
    const char *ptext = NULL, *stations = NULL, *indicator = "air",
               *from = NULL, *to = NULL, *by_text = NULL;
    cli_common o = {.format = "table", .lang = "zh"};
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_ranking *r = NULL;
    aq_period p;
    char *json = NULL, *text = NULL;
    aq_render_options ropts = AQ_RENDER_OPTIONS_INIT;
    int c, first, code, all = 0, readers = 0;
    char *val, *end;

    while ((c = cli_getopt(argc, argv, &cmd_rank_def, &val, &first)) > 0) {
        switch (c) {
        case OPT_PERIOD:
        case OPT_MONTH:
            ptext = val;
            break;
        case OPT_ALL: all = 1; break;
        case OPT_STATIONS:
            stations = val;
            break;
        case OPT_INDICATOR: indicator = val; break;
        case OPT_FROM: from = val; break;
        case OPT_TO: to = val; break;
        case OPT_BY: by_text = val; break;
        case OPT_READERS:
            readers = (int)strtol(val, &end, 10);
            if (end == val || *end || readers < 1 || readers > 8)
                return cli_usage_error(&cmd_rank_def,
                                       "--readers must be 1 to 8, got '%s'",
                                       val);
            break;
        default:
            cli_common_opt(c, val, &o);
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (ptext && aq_period_parse(ptext, &p) < 0)
        return cli_usage_error(&cmd_rank_def,
                               "period must be YYYY-MM, YYYY-Qn or YYYY, got "
                               "'%s'",
                               ptext);
    if ((from || to || by_text) &&
        (all || ptext || stations || strcmp(indicator, "air")))
        return cli_usage_error(&cmd_rank_def,
                               "--from/--to is a ranking of its own: not "
                               "with --period, --all, --stations or "
                               "--indicator roads");
    if (from || to)
        return rank_span(&o, from, to, by_text,
                         first < argc ? argv[first] : NULL);
    if (by_text)
        return cli_usage_error(&cmd_rank_def, "--by goes with --from/--to");
    if (!all && !ptext)
        return cli_usage_error(&cmd_rank_def,
                               "say --period P, --all or --from/--to");
    if (strcmp(o.format, "table") && strcmp(o.format, "json") &&
        strcmp(o.format, "csv") && strcmp(o.format, "xlsx"))
        return cli_usage_error(&cmd_rank_def,
                               "--format must be table, json, csv or xlsx");
    if (!strcmp(o.format, "xlsx") && (!o.output || all || stations))
        return cli_usage_error(&cmd_rank_def,
                               "--format xlsx is for --db and --period, "
                               "and needs --output FILE");
    /* the rows of every month of the road ranking may go to a file too */
    if (o.output && (all || stations) && strcmp(indicator, "roads"))
        return cli_usage_error(&cmd_rank_def,
                               "--output is for --db and --period");
    if (strcmp(o.lang, "zh") && strcmp(o.lang, "en"))
        return cli_usage_error(&cmd_rank_def, "--lang must be zh or en");
    if (strcmp(indicator, "air") && strcmp(indicator, "roads"))
        return cli_usage_error(&cmd_rank_def,
                               "--indicator must be air or roads");
    if (!strcmp(indicator, "roads")) {
        if (stations || !o.db)
            return cli_usage_error(&cmd_rank_def,
                                   "--indicator roads needs --db FILE");
        if (first < argc)
            return cli_usage_error(&cmd_rank_def, "unexpected argument '%s'",
                                   argv[first]);
        if (!all && p.kind != AQ_PERIOD_MONTH)
            return cli_usage_error(&cmd_rank_def,
                                   "--indicator roads ranks a month: "
                                   "--month YYYY-MM (or --all)");
        return cmd_rank_roads(o.db, all ? NULL : &p, all, o.policy, o.format,
                              o.lang, o.output);
    }
    if (stations)
        return cmd_rank_stream(stations, ptext ? &p : NULL, all, o.policy,
                               o.format, o.lang, readers, argv + first,
                               argc - first);
    if (!o.db)
        return cli_usage_error(&cmd_rank_def,
                               "--db FILE (or --stations FILE) is required");
    if (first < argc)
        return cli_usage_error(&cmd_rank_def, "unexpected argument '%s'",
                               argv[first]);
    ropts.lang = o.lang;
    if ((code = cli_open_ranking(o.db, all ? NULL : &p, o.policy, 0, &store,
                                 &r)) != 0)
        return code;
    if (all)
        code = print_all(r, o.format, &ropts); /* written: json stays NULL */
    else if (aq_api_rank(r, p, &json, &err) < 0 ||
             (!strcmp(o.format, "table") &&
              aq_render_table(json, &ropts, &text, &err) < 0) ||
             (!strcmp(o.format, "csv") && aq_render_csv(json, &text, &err) < 0))
        code = cli_fail(&err);
    return cli_done(code, o.output, !strcmp(o.format, "xlsx") ? "rank" : NULL,
                    o.lang, json, text, r, store);
}
