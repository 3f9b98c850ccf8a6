/* SPDX-License-Identifier: MIT */
/* Option parsing, help and error reporting shared by the subcommands. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aq/decimal.h"
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

void cli_csv_copy(const aq_csv_row *row)
{
    size_t i;

    for (i = 0; i < row->count; i++) {
        cli_csv_field(stdout, row->fields[i]);
        fputc(',', stdout);
    }
}

aq_status cli_csv_width(const aq_csv_row *row, size_t ncols, aq_error *err)
{
    if (row->count == ncols)
        return AQ_OK;
    return aq_error_set_at(err, AQ_EPARSE, "<stdin>", row->line, 0,
                           "expected %zu fields as in the header, found %zu",
                           ncols, row->count);
}

aq_status cli_csv_conc(const aq_csv_row *row, int col, const char *what,
                       int64_t *out, aq_error *err)
{
    *out = AQ_MISSING;
    if (!row->lens[col])
        return AQ_OK;
    /* N3.2: negative or non-numeric values are rejected */
    if (aq_decimal_parse(row->fields[col], row->lens[col], out) < 0 ||
        *out < 0) {
        *out = AQ_MISSING;
        return aq_error_set_at(err, AQ_EPARSE, "<stdin>", row->line,
                               (unsigned long)col + 1,
                               "%sexpected a non-negative decimal number, "
                               "got \"%s\"",
                               what, row->fields[col]);
    }
    return AQ_OK;
}

int cli_csv_end(aq_csv *in, aq_status rc, aq_error *err)
{
    if (rc == AQ_ITEROVER)
        rc = AQ_OK;
    aq_csv_close(in);
    if (fflush(stdout) != 0 && rc == AQ_OK)
        rc = aq_error_set(err, AQ_EIO, "cannot write standard output");
    return rc < 0 ? cli_fail(err) : CLI_EXIT_OK;
}

int cli_common_opt(int key, const char *value, cli_common *o)
{
    switch (key) {
    case CLI_DB:
        o->db = value;
        return 1;
    case CLI_DATE:
        o->date_text = value;
        return 1;
    case CLI_FORMAT:
        o->format = value;
        return 1;
    case CLI_LANG:
        o->lang = value;
        return 1;
    case CLI_POLICY:
        o->policy = value;
        return 1;
    case CLI_OUTPUT:
        o->output = value;
        return 1;
    default:
        return 0;
    }
}
