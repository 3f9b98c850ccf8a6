/* SPDX-License-Identifier: MIT */
/* Option parsing, help and error reporting shared by the subcommands. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

#define MAX_OPTS 48

void cli_print_help(FILE *f, const cli_command *cmd)
{
    const cli_opt *o;

    fprintf(f, "Usage: aqrank %s %s\n\n%s\n", cmd->name, cmd->usage,
            cmd->summary);
    if (cmd->description)
        fprintf(f, "\n%s\n", cmd->description);
    fprintf(f, "\nOptions:\n");
    for (o = cmd->opts; o && o->name; o++) {
        char left[64];
        if (o->key < 256)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->key, o->name,
                     o->has_value ? " " : "", o->has_value ? o->metavar : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name,
                     o->has_value ? " " : "", o->has_value ? o->metavar : "");
        fprintf(f, "  %-28s %s\n", left, o->help);
    }
    fprintf(f, "  %-28s %s\n", "-h, --help", "show this help and exit");
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "aqrank %s: ", cmd->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'aqrank %s --help'.\n", cmd->name);
    return CLI_EXIT_USAGE;
}

int cli_getopt(int argc, char **argv, const cli_command *cmd, char **value,
               int *first_arg)
{
    static struct option longs[MAX_OPTS];
    static char shorts[2 * MAX_OPTS + 4];
    static const cli_command *prepared;
    int n = 0, s = 0, c;
    const cli_opt *o;

    if (prepared != cmd) {
        shorts[s++] = ':';
        for (o = cmd->opts; o && o->name && n < MAX_OPTS - 2; o++, n++) {
            longs[n].name = o->name;
            longs[n].has_arg = o->has_value ? required_argument : no_argument;
            longs[n].flag = NULL;
            longs[n].val = o->key;
            if (o->key < 256) {
                shorts[s++] = (char)o->key;
                if (o->has_value)
                    shorts[s++] = ':';
            }
        }
        longs[n].name = "help";
        longs[n].has_arg = no_argument;
        longs[n].flag = NULL;
        longs[n].val = 'h';
        memset(&longs[n + 1], 0, sizeof longs[0]);
        shorts[s++] = 'h';
        shorts[s] = '\0';
        prepared = cmd;
        optind = 1;
    }
    c = getopt_long(argc, argv, shorts, longs, NULL);
    *value = optarg;
    if (c == -1) {
        *first_arg = optind;
        prepared = NULL;
        return 0;
    }
    if (c == 'h') {
        cli_print_help(stdout, cmd);
        prepared = NULL;
        exit(CLI_EXIT_OK);
    }
    if (c == '?' || c == ':') {
        prepared = NULL;
        if (c == ':')
            cli_usage_error(cmd, "option '%s' needs a value",
                            argv[optind - 1]);
        else
            cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        return -1;
    }
    return c;
}

int cli_exit_code(aq_status rc)
{
    switch (rc) {
    case AQ_OK: return CLI_EXIT_OK;
    case AQ_EPARSE:
    case AQ_EINVALID: return CLI_EXIT_INPUT;
    case AQ_ENOTFOUND: return CLI_EXIT_NOTFOUND;
    case AQ_EINSUFFICIENT:
    case AQ_EPOLICY: return CLI_EXIT_POLICY;
    default: return CLI_EXIT_ERROR;
    }
}

int cli_fail(const aq_error *err)
{
    char msg[600];
    int code = cli_exit_code(err->code);

    fprintf(stderr, "aqrank: %s\n", aq_error_format(err, msg, sizeof msg));
    /* a failure is never reported with exit status 0 */
    return code == CLI_EXIT_OK ? CLI_EXIT_ERROR : code;
}

int cli_need_file(const char *path)
{
    struct stat sb;

    /* EXIT STATUS: a file that does not exist is "not found" (4), not an
     * I/O error; "-" is standard input */
    if (!path || !strcmp(path, "-") || stat(path, &sb) == 0 ||
        errno != ENOENT)
        return CLI_EXIT_OK;
    fprintf(stderr, "aqrank: %s: no such file\n", path);
    return CLI_EXIT_NOTFOUND;
}

void cli_csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
