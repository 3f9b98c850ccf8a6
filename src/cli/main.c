/* SPDX-License-Identifier: MIT */
/* aqrank: the command table and dispatch. Each subcommand lives in
 * cmd_<name>.c and is a thin client of libaqrank's public headers. */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "aq/common.h"
#include "cli/cli.h"

static const struct {
    const cli_command *def;
    int (*fn)(int, char **);
} commands[] = {
    {&cmd_iaqi_def, cmd_iaqi},
    {&cmd_aqi_def, cmd_aqi},
    {&cmd_init_def, cmd_init},
    {&cmd_ingest_def, cmd_ingest},
    {&cmd_rank_def, cmd_rank},
    {&cmd_stations_def, cmd_stations},
    {&cmd_db_def, cmd_db},
    {&cmd_serve_def, cmd_serve},
    {&cmd_explain_def, cmd_explain},
    {&cmd_audit_def, cmd_audit},
    {&cmd_fund_def, cmd_fund},
    {&cmd_settle_def, cmd_settle},
    {&cmd_report_def, cmd_report},
    {&cmd_track_def, cmd_track},
    {&cmd_plan_def, cmd_plan},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    size_t i;

    fprintf(f, "Usage: aqrank COMMAND [OPTIONS]\n\n"
               "aqrank computes air-quality statistics, indices, rankings, "
               "rewards, penalties\nand sanctions by the Chinese national "
               "rules (HJ 633, HJ 663, GB 3095).\n\nCommands:\n");
    for (i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].def->name,
                commands[i].def->summary);
    fprintf(f, "\n'aqrank COMMAND --help' describes a command; "
               "'aqrank --version' prints the version.\n");
}

int main(int argc, char **argv)
{
    size_t i;

    /* blocks of 1 MiB and more (a day of a national network, a month of
     * unit-days) straight from mmap(2) and back to the system when freed,
     * so that memory measures what is live; glibc would otherwise raise
     * this threshold after the first free and keep freed blocks in the
     * arena of the thread that freed them */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);

    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("aqrank %s\n", aq_version());
        return CLI_EXIT_OK;
    }
    for (i = 0; i < NCOMMANDS; i++)
        if (!strcmp(argv[1], commands[i].def->name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "aqrank: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_EXIT_USAGE;
}
