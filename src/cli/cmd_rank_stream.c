/* SPDX-License-Identifier: MIT */
/*
 * aqrank rank --stations S.csv (--all | --period P) FILES...: the ranking
 * computed straight from hourly long CSV files, no database (issue 6),
 * through aq/stream.h, printed as the library lists and renders the rows
 * (aq_api_stream_rows_as()): the same code as `rank --db --all`. What was ignored (rows of
 * stations not in the list, reference sites, rejected rows and values)
 * is reported on stderr. `aqrank rank` (cmd_rank.c) calls this when
 * --stations is given.
 */
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "cli/cli.h"

static void report(const aq_stream_stats *st)
{
    if (st->unknown_rows)
        fprintf(stderr,
                "aqrank: %lu rows of stations not in the stations file "
                "ignored (first: %s)\n",
                st->unknown_rows, st->first_unknown);
    if (st->reference_rows)
        fprintf(stderr,
                "aqrank: %lu rows of reference sites not counted (N5.3.1, "
                "include_reference_sites = no)\n",
                st->reference_rows);
    if (st->rejected_rows || st->rejected_values)
        fprintf(stderr,
                "aqrank: %lu rows and %lu values rejected (first: %s)\n",
                st->rejected_rows, st->rejected_values, st->first_problem);
    if (st->restarts)
        fprintf(stderr,
                "aqrank: the rows were not in time order: read again with "
                "every day kept in memory\n");
}

int cmd_rank_stream(const char *stations, const aq_period *period, int all,
                    const char *policy, const char *format, const char *lang,
                    int readers, char **files, int nfiles)
{
    aq_stream_options o = AQ_STREAM_OPTIONS_INIT;
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    aq_stations *st = NULL;
    aq_stream *s = NULL;
    aq_policy pol;
    char *text = NULL;
    int code = CLI_EXIT_OK, i;

    ro.lang = lang;
    if (!all && !period) {
        fprintf(stderr, "aqrank rank: say --period P or --all\n");
        return CLI_EXIT_USAGE;
    }
    if (nfiles < 1) {
        fprintf(stderr, "aqrank rank: --stations needs data FILES\n");
        return CLI_EXIT_USAGE;
    }
    for (i = 0; i < nfiles; i++)
        if ((code = cli_need_file(files[i])) != 0)
            return code;
    if ((code = cli_need_file(stations)) != 0 ||
        (policy && (code = cli_need_file(policy)) != 0))
        return code;
    aq_policy_init(&pol);
    if (policy && aq_policy_load(&pol, policy, &err) != AQ_OK)
        return cli_fail(&err);
    if (aq_stations_load(&st, stations, &err) != AQ_OK)
        return cli_fail(&err);
    o.all = all;
    if (!all)
        o.period = *period;
    if (readers > 0) {
        /* as many as asked, whatever the size of the parts */
        o.readers = readers;
        o.min_part_bytes = 1;
    }
    if (aq_stream_new(&s, st, &pol, &o, &err) != AQ_OK ||
        aq_stream_run(s, (const char *const *)files, (size_t)nfiles, &err) !=
            AQ_OK) {
        code = cli_fail(&err);
        goto done;
    }
    if (aq_api_stream_rows_as(s, st, format, &ro, &text, &err) != AQ_OK) {
        code = cli_fail(&err);
        goto done;
    }
    fputs(text, stdout);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "aqrank: cannot write the output\n");
        code = CLI_EXIT_ERROR;
    }
    report(aq_stream_get_stats(s));
done:
    aq_free(text);
    aq_stream_free(s);
    aq_stations_free(st);
    return code;
}
