/* SPDX-License-Identifier: MIT */
/*
 * The aqrank command line: shared helpers of the cmd_*.c files. Options
 * are declared as data with their help text; cli_getopt() parses them with
 * getopt_long and answers --help from the same table.
 */
#ifndef AQ_CLI_H
#define AQ_CLI_H

#include <stdio.h>

#include "aq/common.h"
#include "aq/csv.h"

/* Exit codes (docs/man/aqrank.1.md, EXIT STATUS). */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_ERROR = 1,
    CLI_EXIT_USAGE = 2,
    CLI_EXIT_INPUT = 3,
    CLI_EXIT_NOTFOUND = 4,
    CLI_EXIT_POLICY = 5,
    CLI_EXIT_REJECTED = 6 /* ingest: data stored, but some rejected */
};

typedef struct cli_opt {
    const char *name; /* long name, without "--" */
    int key;          /* short letter, or a value >= 256 for long-only */
    int has_value;
    const char *metavar;
    const char *help;
} cli_opt;

typedef struct cli_command {
    const char *name;
    const char *usage;   /* after "aqrank NAME " */
    const char *summary; /* one line */
    const char *description;
    const cli_opt *opts; /* terminated by a zero entry */
} cli_command;

/* Next option key, 0 at the end (then *first_arg is the index of the first
 * operand), or -1 after printing a usage error. --help prints the help
 * and returns 'h' only if the table does not handle it (callers exit 0). */
int cli_getopt(int argc, char **argv, const cli_command *cmd, char **value,
               int *first_arg);
void cli_print_help(FILE *f, const cli_command *cmd);
int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print "aqrank: <err>" and return the exit code of its status. */
int cli_fail(const aq_error *err);
int cli_exit_code(aq_status rc);
/* 0 when path exists (or is "-"); else prints "PATH: no such file" and
 * returns CLI_EXIT_NOTFOUND (EXIT STATUS 4). */
int cli_need_file(const char *path);
/* Write a CSV field, quoting it when needed. */
void cli_csv_field(FILE *f, const char *s);
/* The CSV filters (aqi, iaqi: standard input to standard output, a row
 * at a time). cli_csv_copy writes each field of row, quoted when needed,
 * followed by a comma (the columns appended come next). */
void cli_csv_copy(const aq_csv_row *row);
/* AQ_OK when row has ncols fields (those of the header), else the error
 * (AQ_EPARSE at its line). */
aq_status cli_csv_width(const aq_csv_row *row, size_t ncols, aq_error *err);
/* Field col as a concentration: AQ_MISSING when empty, else a
 * non-negative decimal (N3.2) in micro-units; anything else is the error
 * (AQ_EPARSE at its line and column, its message after `what`). */
aq_status cli_csv_conc(const aq_csv_row *row, int col, const char *what,
                       int64_t *out, aq_error *err);
/* The end of a filter that stopped with rc (AQ_ITEROVER: the input
 * ended): close in, flush standard output; the exit code, after
 * printing err on failure. */
int cli_csv_end(aq_csv *in, aq_status rc, aq_error *err);

int cmd_iaqi(int argc, char **argv);
int cmd_aqi(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_rank(int argc, char **argv);
extern const cli_command cmd_rank_def;
struct aq_period;
/* aqrank rank --stations S.csv FILES...: the streaming path (issue 6);
 * readers 0 = the library's choice */
/* rank --indicator roads (cmd_rank_roads.c): a month of the road
 * ranking, or with all every month beside PM10 (issue 20) */
int cmd_rank_roads(const char *db, const struct aq_period *month, int all,
                   const char *policy_file, const char *format,
                   const char *lang, const char *output);
int cmd_rank_stream(const char *stations, const struct aq_period *period,
                    int all, const char *policy, const char *format,
                    const char *lang, int readers, char **files, int nfiles);
int cmd_stations(int argc, char **argv);
int cmd_db(int argc, char **argv);
extern const cli_command cmd_stations_def, cmd_db_def;
int cmd_ingest(int argc, char **argv);
extern const cli_command cmd_init_def, cmd_ingest_def;
int cmd_fund(int argc, char **argv);
extern const cli_command cmd_explain_def, cmd_fund_def;
struct aq_store;
struct aq_ranking;
struct aq_period;
/* Open db (read-only unless writable) and build the ranking covering
 * period (NULL: up to the last month with data), with the policy from
 * policy_file or the stored one. Returns 0, or the exit code after
 * printing the error. */
int cli_open_ranking(const char *db, const struct aq_period *period,
                     const char *policy_file, int writable,
                     struct aq_store **store, struct aq_ranking **ranking);
/* The same for the commands of a day (rank --from/--to, track, plan, the
 * brief): read-only, up to the month of `day` (INT32_MIN, AQ_DATE_LATEST:
 * the last month with data). */
int cli_open_ranking_at(const char *db, int32_t day, const char *policy_file,
                        struct aq_store **store, struct aq_ranking **ranking);
/* The end of such a command: unless code says it failed already, write
 * text (or json with a newline when text is NULL; nothing when both are
 * NULL) to output (stdout when NULL), or, when xlsx names the document
 * ("rank", "track", "plan"), json as a workbook in lang to output; then
 * release them, the ranking and the store. The exit code. */
int cli_done(int code, const char *output, const char *xlsx, const char *lang,
             char *json, char *text, struct aq_ranking *ranking,
             struct aq_store *store);
/* The output options of the commands of a day: format one of formats
 * ("table|json|xlsx"), said as `what` in the error ("--format", "a span");
 * xlsx only with an output file; lang zh or en. The usage error (exit 2),
 * else 0. */
int cli_check_format(const cli_command *cmd, const char *what,
                     const char *format, const char *formats, const char *lang,
                     const char *output);
/* The options the commands share, with one key each (a command's own
 * keys from CLI_OWN on) and one entry of the option table each, the help
 * said by the command: CLI_OPT_DB("the aqrank database (required)"). */
enum {
    CLI_DB = 256,
    CLI_DATE,
    CLI_FORMAT,
    CLI_LANG,
    CLI_POLICY,
    CLI_OUTPUT,
    CLI_OWN
};
/* clang-format off */
#define CLI_OPT_DB(help) {"db", CLI_DB, 1, "FILE", help}
#define CLI_OPT_DATE(help) {"date", CLI_DATE, 1, "YYYY-MM-DD", help}
#define CLI_OPT_FORMAT(help) {"format", CLI_FORMAT, 1, "FMT", help}
#define CLI_OPT_LANG(help) {"lang", CLI_LANG, 1, "LANG", help}
#define CLI_OPT_POLICY(help) {"policy", CLI_POLICY, 1, "FILE", help}
#define CLI_OPT_OUTPUT(help) {"output", CLI_OUTPUT, 1, "FILE", help}
/* clang-format on */
#define CLI_POLICY_HELP "policy file (default: the one stored by init)"
#define CLI_OUTPUT_HELP "write to FILE instead of stdout"
/* The values of those options (NULL when not given, or the command's
 * default set before parsing). */
typedef struct cli_common {
    const char *db, *date_text, *format, *lang, *policy, *output;
    int32_t date; /* cli_day_getopt: --date, or AQ_DATE_LATEST */
} cli_common;
/* The value of a shared option kept in o: 1; 0 for a command's own key. */
int cli_common_opt(int key, const char *value, cli_common *o);
/* The entries of track and plan, in their order:
 * CLI_DAY_OPTS(date help, format help). */
#define CLI_DAY_OPTS(date_help, format_help)                                   \
    CLI_OPT_DB("the aqrank database (required)"), CLI_OPT_DATE(date_help),     \
        CLI_OPT_FORMAT(format_help),                                           \
        CLI_OPT_LANG("zh (default) or en, for the table and xlsx"),            \
        CLI_OPT_POLICY(CLI_POLICY_HELP), CLI_OPT_OUTPUT(CLI_OUTPUT_HELP)
/* cli_getopt for track and plan: the shared options kept in d (zeroed by
 * the caller, then given the defaults: table, zh), a command's own key
 * returned with its value; at the end 0, once --db is given, no operand
 * is left, --date parses and --format is one of formats
 * ("table|json|xlsx", cli_check_format); -1 after a usage error (exit
 * 2). */
int cli_day_getopt(int argc, char **argv, const cli_command *cmd,
                   const char *formats, cli_common *d, char **value);
struct aq_targets;
/* Read a targets file (aq/targets.h): 0, or the exit code after printing
 * the error (4 for a missing file, 3 for one that does not parse). */
int cli_load_targets(const char *path, struct aq_targets **out);
extern const cli_command cmd_serve_def;
extern const cli_command cmd_iaqi_def, cmd_aqi_def;
int cmd_settle(int argc, char **argv);
extern const cli_command cmd_settle_def;
int cmd_report(int argc, char **argv);
extern const cli_command cmd_report_def;
int cmd_track(int argc, char **argv);
extern const cli_command cmd_track_def;
int cmd_plan(int argc, char **argv);
extern const cli_command cmd_plan_def;
/* Print the HTML page to the PDF file output with headless Chromium
 * (cli_files.c). Returns 0, or the exit code after printing the error. */
int cli_print_pdf(const char *html, const char *output);
/* Write text (and a newline when newline is set) to the file output, or
 * to standard output when it is NULL. Returns 0, or the exit code after
 * printing the error. */
int cli_write_text(const char *output, const char *text, int newline);
/* --format xlsx: the document ("rank", "funds", "audit") as a workbook in
 * output (required). Returns 0, or the exit code after printing the
 * error. */
int cli_write_xlsx(const char *document, const char *json, const char *lang,
                   const char *output);
int cmd_audit(int argc, char **argv);
extern const cli_command cmd_audit_def;

#endif /* AQ_CLI_H */
