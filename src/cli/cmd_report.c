/* SPDX-License-Identifier: MIT */
/*
 * aqrank report: the monthly bulletin (通报, P7) of a database, in
 * Markdown, HTML (printable, with charts), JSON or CSV, in Chinese or
 * English. A thin client of aq_api_bulletin() (aq/api.h), which renders
 * the ranking document, for HTML with every unit's history; xlsx renders
 * the document itself, pdf prints the HTML bulletin.
 */
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "aq/render.h"
#include "cli/cli.h"

enum { OPT_MONTH = CLI_OWN, OPT_JURISDICTION, OPT_TARGETS };

static const cli_opt opts[] = {
    CLI_OPT_DB("the aqrank database (required)"),
    {"month", OPT_MONTH, 1, "YYYY-MM",
     "the month of the bulletin (or --date for the daily brief)"},
    CLI_OPT_DATE("the daily brief (日报) of that day instead: md, html or "
                 "json"),
    {"targets", OPT_TARGETS, 1, "FILE",
     "with --date: the targets file, for the targets and allowances"},
    CLI_OPT_FORMAT("md (default), html, json, csv, text (terminal table), "
                   "xlsx or pdf (these two need --output)"),
    CLI_OPT_LANG("zh (default) or en"),
    CLI_OPT_OUTPUT(CLI_OUTPUT_HELP),
    CLI_OPT_POLICY(CLI_POLICY_HELP),
    {"jurisdiction", OPT_JURISDICTION, 1, "NAME",
     "name for the title, e.g. 衡水市"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_report_def = {
    "report",
    "--db FILE (--month YYYY-MM [--format md|html|json|csv|text|xlsx|pdf] "
    "| --date YYYY-MM-DD [--targets FILE] [--format md|html|json]) "
    "[--lang zh|en] [--output FILE]",
    "The monthly bulletin (通报), or the daily brief (日报) of a day.",
    "Renders the bulletin document of the month (the JSON of 'aqrank rank\n"
    "--format json' with the data quality notes; --format json prints it):\n"
    "the ranking table with the composite and single indices, PM2.5,\n"
    "year-on-year changes, good-days ratio, rank change and reward or\n"
    "penalty; the sanctions issued with their causes; the units not\n"
    "ranked and why; the data quality notes\n"
    "when the month has flags of 'aqrank audit' (the units whose values\n"
    "rest on flagged hours, with their composite index without them, for\n"
    "information only); at a quarter end the quarterly ranking and any S6.\n"
    "HTML is one self-contained printable page with a bar chart of the\n"
    "composite index by unit and a 12-month trend. xlsx is a workbook with\n"
    "a sheet per section; pdf is the HTML page printed to A4 by headless\n"
    "Chromium. Column definitions: docs/internals/RENDER.md.\n"
    "With --date, the daily brief (日报) of that day: the month-to-date and\n"
    "year-to-date rankings with their changes since the previous day, the\n"
    "targets and allowances (with --targets), and for the units that would\n"
    "lose an amount or be sanctioned if the month ended now, what it takes\n"
    "(docs/spec-daily.md).",
    opts,
};

/* --date: the daily brief (aq_api_brief, aq_render_brief) */
static int daily_brief(const cli_common *o, const char *targets,
                       const char *jurisdiction)
{
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_ranking *r = NULL;
    aq_targets *t = NULL;
    int32_t date;
    char *json = NULL, *text = NULL;
    int code;

    if (!o->db)
        return cli_usage_error(&cmd_report_def, "--db is required");
    if (aq_day_parse(o->date_text, &date) < 0)
        return cli_usage_error(&cmd_report_def,
                               "--date must be YYYY-MM-DD, got '%s'",
                               o->date_text);
    if ((code = cli_check_format(&cmd_report_def, "--format of the brief",
                                 o->format, "md|html|json", o->lang,
                                 o->output)) != 0)
        return code;
    if (targets && (code = cli_load_targets(targets, &t)) != 0)
        return code;
    if ((code = cli_open_ranking_at(o->db, date, o->policy, &store, &r)) != 0) {
        aq_targets_free(t);
        return code;
    }
    ro.lang = o->lang;
    ro.jurisdiction = jurisdiction;
    if (aq_api_brief(r, t, date, &json, &err) < 0 ||
        (strcmp(o->format, "json") &&
         aq_render_brief(json, o->format, &ro, &text, &err) < 0))
        code = cli_fail(&err);
    aq_targets_free(t);
    return cli_done(code, o->output, NULL, o->lang, json, text, r, store);
}

int cmd_report(int argc, char **argv)
{
    const char *month = NULL, *jurisdiction = NULL, *targets = NULL;
    cli_common o = {.format = "md", .lang = "zh"};
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    aq_store *store = NULL;
    aq_ranking *r = NULL;
    aq_period p;
    char *json = NULL, *text = NULL, *val;
    int c, first, code = CLI_EXIT_OK, pdf;

    while ((c = cli_getopt(argc, argv, &cmd_report_def, &val, &first)) > 0) {
        switch (c) {
        case OPT_MONTH:
            month = val;
            break;
        case OPT_JURISDICTION:
            jurisdiction = val;
            break;
        case OPT_TARGETS: targets = val; break;
        default:
            cli_common_opt(c, val, &o);
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (first != argc)
        return cli_usage_error(&cmd_report_def, "unexpected argument '%s'",
                               argv[first]);
    if (o.date_text || targets) {
        if (month || !o.date_text)
            return cli_usage_error(&cmd_report_def,
                                   "--date (with --targets) or --month, not "
                                   "both");
        return daily_brief(&o, targets, jurisdiction);
    }
    if (!o.db || !month)
        return cli_usage_error(&cmd_report_def,
                               "--db and --month are required");
    if (aq_period_parse(month, &p) < 0 || p.kind != AQ_PERIOD_MONTH)
        return cli_usage_error(&cmd_report_def,
                               "--month must be YYYY-MM, got '%s'", month);
    /* pdf, like xlsx (cli_check_format), is written to a file */
    if (!strcmp(o.format, "pdf") && !o.output)
        return cli_usage_error(&cmd_report_def,
                               "--format pdf needs --output FILE");
    if ((code = cli_check_format(&cmd_report_def, "--format", o.format,
                                 "md|html|json|csv|text|xlsx|pdf", o.lang,
                                 o.output)) != 0)
        return code;
    /* read-only: a bulletin never changes the store */
    if ((code = cli_open_ranking(o.db, &p, o.policy, 0, &store, &r)) != 0)
        return code;
    pdf = !strcmp(o.format, "pdf");
    ro.lang = o.lang;
    ro.jurisdiction = jurisdiction;
    if (!strcmp(o.format, "xlsx")) {
        /* the bulletin document: the ranking and its data-quality notes */
        if (aq_api_bulletin(r, p, "json", &ro, &json, &err) < 0)
            code = cli_fail(&err);
        else
            code = cli_write_xlsx("rank", json, o.lang, o.output);
        goto done;
    }
    if (aq_api_bulletin(r, p, pdf ? "html" : o.format, &ro, &text, &err) < 0) {
        code = cli_fail(&err);
        goto done;
    }
    if (pdf) {
        code = cli_print_pdf(text, o.output);
        goto done;
    }
    code = cli_write_text(o.output, text, 0);
done:
    aq_free(text);
    aq_free(json);
    aq_ranking_free(r);
    aq_store_close(store);
    return code;
}
