/* SPDX-License-Identifier: MIT */
/* aqrank ingest: read hourly data files into the store, each file in one
 * transaction (all of its accepted values or none), idempotent by content
 * (issue 3). The exit status and the report are the scripting contract of
 * issue 15: each failure has its documented status, and an interrupted run
 * says which files it stored and which it did not. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/date.h"
#include "aq/reader.h"
#include "aq/store.h"
#include "cli/cli.h"
#include "util/alloc.h"
#include "util/sha256.h"

#include <unistd.h>

enum {
    OPT_DB = 256,
    OPT_FORMAT,
    OPT_STRICT,
    OPT_QUIET,
    OPT_ADD_STATIONS,
    OPT_REJECTS,
    OPT_BATCH
};

static const cli_opt opts[] = {
    {"db", OPT_DB, 1, "FILE", "the aqrank database (required; see init)"},
    {"format", OPT_FORMAT, 1, "FMT",
     "auto (default: from the header), cnemc, uci, long or roads"},
    {"strict", OPT_STRICT, 0, "",
     "stop at the first bad value or row instead of counting it"},
    {"quiet", OPT_QUIET, 0, "", "print nothing but errors"},
    {"rejects", OPT_REJECTS, 1, "FILE",
     "write every rejected row and value as CSV file,line,column,reason"},
    {"add-stations", OPT_ADD_STATIONS, 0, "",
     "add stations the jurisdiction does not list, each as its own unit"},
    {"batch", OPT_BATCH, 1, "N",
     "station-days held in memory at a time (default 57824, about 64 MiB)"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_ingest_def = {
    "ingest", "--db FILE [--format FMT] [--strict] FILE...",
    "Read hourly station data and road inspection files into the database.",
    "Formats: the CNEMC daily files (china_sites_YYYYMMDD.csv), the UCI\n"
    "Beijing Multi-Site files (PRSA_Data_*.csv) and aqrank's long CSV\n"
    "(station,time,so2,no2,pm10,pm25,co,o3); road inspections (roads:\n"
    "time,unit,road,dust_g_m2,litter_minutes[,inspector,note], local time\n"
    "YYYY-MM-DD HH:MM, an empty cell not measured); plain or .gz. Each file is\n"
    "committed in one transaction: all of its accepted values or none.\n"
    "A file whose content was ingested before changes nothing; the report\n"
    "says what that earlier ingest rejected. Rows and values that cannot\n"
    "be used (bad time, negative or implausible value) are counted and\n"
    "reported, never silently dropped; observations of stations not in\n"
    "the jurisdiction are counted and not stored. An inspection is used\n"
    "whole or rejected whole (bad time, negative or impossible value, a\n"
    "unit not in the jurisdiction), named by file, line and field.\n"
    "\n"
    "Exit status: 0 everything accepted; 6 stored, but some rows, values\n"
    "or stations were rejected or values given twice (also when the file\n"
    "was ingested before with such rejects); 3 a file is not valid input\n"
    "(unknown format or header, truncated or corrupt gzip; with --strict,\n"
    "a rejected row or value, also one of an earlier ingest of the same\n"
    "file), nothing of it is stored; 4 a file or the database does not\n"
    "exist, or the database has no jurisdiction; 1 a file or the database\n"
    "cannot be read or written. After a failing file the others are still\n"
    "read; the status is that of the first failure. SIGINT or SIGTERM: the\n"
    "file being read is not stored, the report (flushed) says which files\n"
    "were stored and which not, and aqrank ends by that signal.",
    opts,
};

/* the signal that interrupted the run, or 0 */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

struct add_ctx {
    aq_ingest *ing;
    aq_error *err; /* the ingest's failure reaches the caller's message */
};

static aq_status add_obs(const aq_obs *obs, void *payload)
{
    struct add_ctx *c = payload;

    if (interrupted) /* the reader stops, the file is rolled back */
        return aq_error_set(c->err, AQ_ERROR, "interrupted");
    return aq_ingest_add(c->ing, obs->station, obs->day, obs->hour,
                         obs->value, c->err);
}

static aq_status add_inspection(const aq_inspection *rec, void *payload)
{
    struct add_ctx *c = payload;

    if (interrupted)
        return aq_error_set(c->err, AQ_ERROR, "interrupted");
    return aq_ingest_add_inspection(c->ing, rec, c->err);
}

static int knows_unit(const char *unit, void *payload)
{
    return aq_ingest_knows_unit(((struct add_ctx *)payload)->ing, unit);
}

static int add_stations;
static size_t batch; /* 0: the library's default */

static void write_reject(const char *source, unsigned long line,
                         unsigned long column, const char *message,
                         void *payload)
{
    FILE *f = payload;

    cli_csv_field(f, source);
    fprintf(f, ",%lu,", line);
    if (column)
        fprintf(f, "%lu", column);
    fputc(',', f);
    cli_csv_field(f, message);
    fputc('\n', f);
}

/* What a stored ingest rejected (rows, values, unknown stations, values
 * given twice): 1 when anything. */
static int had_rejects(const aq_ingest_report *rep)
{
    return rep->rejected_rows || rep->rejected_values ||
           rep->unknown_station_obs || rep->conflicts;
}

/* A file whose content is in the log already: nothing changes, but a
 * script learns what that ingest rejected, with the status it had then
 * (6), or with --strict the status of a bad row (3). */
static int report_duplicate(const char *path, const aq_ingest_report *rep,
                            int strict, int quiet, int *rejected)
{
    aq_error err = AQ_ERROR_INIT;

    if (!quiet)
        printf("%s: already ingested (same content as %s, ingest %ld at "
               "%s), nothing changed\n",
               path, rep->source, rep->ingest_id, rep->at);
    if (!had_rejects(rep))
        return CLI_EXIT_OK;
    if (!quiet) {
        if (rep->inspections)
            printf("%s: that ingest rejected %lu rows; %lu inspections "
                   "given twice\n",
                   path, rep->rejected_rows, rep->conflicts);
        else
            printf("%s: that ingest rejected %lu rows, %lu values; %lu "
                   "station-hours of stations not in the jurisdiction; %lu "
                   "values given twice\n",
                   path, rep->rejected_rows, rep->rejected_values,
                   rep->unknown_station_obs, rep->conflicts);
        if (rep->problems[0])
            printf("%s", rep->problems);
    }
    if (strict && (rep->rejected_rows || rep->rejected_values)) {
        aq_error_set_at(&err, AQ_EPARSE, path, 0, 0,
                        "--strict: ingested before with %lu rejected rows "
                        "and %lu rejected values (nothing changed)",
                        rep->rejected_rows, rep->rejected_values);
        return cli_fail(&err);
    }
    *rejected = 1;
    return CLI_EXIT_OK;
}

/* A file of road inspections (issue 20). */
static void report_inspections(const char *path, const aq_read_stats *st,
                               const aq_ingest_report *rep)
{
    printf("%s: %lu rows, %lu road inspections: %lu new, %lu unchanged, %lu "
           "replaced; rejected %lu rows%s\n",
           path, st->rows, rep->inspections, rep->inspections_new,
           rep->inspections_same, rep->inspections_replaced,
           st->rejected_rows,
           st->truncated ? "; the file is truncated (last row ignored)" : "");
    if (st->first_problems[0])
        printf("%s", st->first_problems);
    if (rep->conflicts)
        printf("%s: %lu inspections given twice with other values, the "
               "first kept; first: %s\n",
               path, rep->conflicts, rep->first_conflict);
}

static void report_stored(const char *path, const aq_read_stats *st,
                          const aq_ingest_report *rep)
{
    if (st->format == AQ_FORMAT_ROADS) {
        report_inspections(path, st, rep);
        return;
    }
    printf("%s: %lu rows, %lu station-hours, %lu values new, %lu "
           "unchanged, %lu replaced; rejected %lu rows, %lu values; "
           "%lu station-hours of stations not in the jurisdiction%s\n",
           path, st->rows, st->observations, rep->values_new,
           rep->values_same, rep->values_replaced, st->rejected_rows,
           st->rejected_values, rep->unknown_station_obs,
           st->truncated ? "; the file is truncated (last row ignored)" : "");
    if (rep->station_days) {
        int y0, m0, d0, y1, m1, d1;
        aq_civil_from_day(rep->first_day, &y0, &m0, &d0);
        aq_civil_from_day(rep->last_day, &y1, &m1, &d1);
        printf("%s: %lu stations, days %04d-%02d-%02d to %04d-%02d-%02d\n",
               path, rep->stations_seen, y0, m0, d0, y1, m1, d1);
    }
    if (st->first_problems[0])
        printf("%s", st->first_problems);
    if (rep->unknown_stations[0])
        printf("%s: stations not in the jurisdiction%s: %s\n", path,
               rep->added_stations ? " (added as units)" : "",
               rep->unknown_stations);
    if (rep->conflicts)
        printf("%s: %lu values given twice with different values, the "
               "first kept; first: %s\n",
               path, rep->conflicts, rep->first_conflict);
}

static int interrupted_file(const char *path, int quiet)
{
    if (!quiet)
        printf("%s: interrupted, not ingested (nothing of it is stored)\n",
               path);
    return CLI_EXIT_ERROR;
}

/* What became of a file (cmd_ingest's list): not read yet, stored (now
 * or before), or read and not stored (reported). */
enum { NOT_READ = 0, STORED, NOT_STORED };

/* Ingest one file; *state is what became of it. */
static int ingest_one(aq_store *store, const char *path,
                      const aq_read_options *ro, int quiet, int *rejected,
                      int *state)
{
    aq_error err = AQ_ERROR_INIT;
    aq_read_stats st;
    aq_ingest_report rep;
    aq_ingest *ing = NULL;
    struct add_ctx ctx;
    aq_status rc;
    char hash[65];
    int code;

    *state = NOT_STORED;
    if ((code = cli_need_file(path)) != CLI_EXIT_OK)
        return code;
    if (aqx_sha256_file(path, hash) < 0) {
        int e = errno;
        if (interrupted)
            return interrupted_file(path, quiet);
        aq_error_set_at(&err, AQ_EIO, path, 0, 0, "%s", strerror(e));
        return cli_fail(&err);
    }
    if (aq_ingest_begin(store, &ing, path, hash, aq_format_name(ro->format),
                        &err) < 0)
        return cli_fail(&err);
    if (aq_ingest_is_duplicate(ing)) {
        if (aq_ingest_commit(ing, &rep, &err) < 0)
            return cli_fail(&err);
        *state = STORED;
        return report_duplicate(path, &rep, ro->strict, quiet, rejected);
    }
    aq_ingest_add_unknown_stations(ing, add_stations);
    aq_ingest_set_batch(ing, batch);
    memset(&st, 0, sizeof st);
    ctx.ing = ing;
    ctx.err = &err;
    if ((rc = aq_read_file(path, ro, add_obs, &ctx, &st, &err)) < 0 ||
        interrupted) {
        aq_ingest_abort(ing);
        if (interrupted)
            return interrupted_file(path, quiet);
        fprintf(stderr, "aqrank: %s: not ingested, nothing stored\n", path);
        return cli_fail(&err);
    }
    aq_ingest_note(ing, st.rows, st.rejected_rows, st.rejected_values,
                   st.first_problems);
    if (aq_ingest_commit(ing, &rep, &err) < 0) {
        fprintf(stderr, "aqrank: %s: not ingested, nothing stored\n", path);
        return cli_fail(&err);
    }
    *state = STORED;
    if (rep.already_ingested) /* by another process, meanwhile */
        return report_duplicate(path, &rep, ro->strict, quiet, rejected);
    if (st.truncated || had_rejects(&rep))
        *rejected = 1;
    if (!quiet)
        report_stored(path, &st, &rep);
    return CLI_EXIT_OK;
}

/* SIGINT and SIGTERM interrupt the file being read, not the process: the
 * report of what was stored must still be written. No SA_RESTART, so that
 * a blocking read returns. */
static void catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* After an interruption: which files are stored and which not, on the
 * report (flushed) and on standard error; then end by the signal, as a
 * shell expects of an interrupted command (status 128 + signal). */
static void end_interrupted(char **files, int n, const int *state,
                            int quiet)
{
    int sig = interrupted, i, done = 0;
    const char *name = sig == SIGTERM ? "SIGTERM" : "SIGINT";

    for (i = 0; i < n; i++)
        done += state[i] == STORED;
    if (!quiet) {
        for (i = 0; i < n; i++)
            if (state[i] == NOT_READ)
                printf("%s: not ingested (interrupted)\n", files[i]);
        printf("interrupted by %s: %d of %d files stored, %d not\n", name,
               done, n, n - done);
    }
    fflush(stdout);
    fprintf(stderr, "aqrank: interrupted by %s: %d of %d files stored, %d not"
                    " ingested\n",
            name, done, n, n - done);
    signal(sig, SIG_DFL);
    raise(sig);
}

int cmd_ingest(int argc, char **argv)
{
    aq_read_options ro = AQ_READ_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    const char *db = NULL, *rejects = NULL;
    FILE *rf = NULL;
    aq_store *store = NULL;
    int c, first, i, quiet = 0, code = CLI_EXIT_OK, rejected = 0;
    int *state;
    char *val;

    while ((c = cli_getopt(argc, argv, &cmd_ingest_def, &val, &first)) > 0) {
        switch (c) {
        case OPT_DB: db = val; break;
        case OPT_FORMAT:
            if (aq_format_parse(val, &ro.format) < 0)
                return cli_usage_error(&cmd_ingest_def,
                                       "--format must be auto, cnemc, uci, "
                                       "long or roads");
            break;
        case OPT_STRICT: ro.strict = 1; break;
        case OPT_QUIET: quiet = 1; break;
        case OPT_ADD_STATIONS: add_stations = 1; break;
        case OPT_REJECTS: rejects = val; break;
        case OPT_BATCH: {
            char *end;
            unsigned long n = strtoul(val, &end, 10);
            if (end == val || *end || n < 1 || n > 100000000 || *val == '-')
                return cli_usage_error(&cmd_ingest_def,
                                       "--batch must be 1 to 100000000, got "
                                       "'%s'",
                                       val);
            batch = (size_t)n;
            break;
        }
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (!db)
        return cli_usage_error(&cmd_ingest_def, "--db FILE is required");
    if (first >= argc)
        return cli_usage_error(&cmd_ingest_def, "no input files");
    if (aq_store_open(&store, db, 0, &err) < 0)
        return cli_fail(&err);
    if (!aq_store_initialized(store)) {
        aq_store_close(store);
        aq_error_set_at(&err, AQ_ENOTFOUND, db, 0, 0,
                        "no jurisdiction: run 'aqrank init' first");
        return cli_fail(&err);
    }
    if (rejects) {
        rf = fopen(rejects, "w");
        if (!rf) {
            aq_store_close(store);
            aq_error_set_at(&err, AQ_EIO, rejects, 0, 0, "cannot write");
            return cli_fail(&err);
        }
        fprintf(rf, "file,line,column,reason\n");
        ro.problem_cb = write_reject;
        ro.problem_payload = rf;
    }
    state = aqx_calloc((size_t)(argc - first), sizeof *state);
    if (!state) {
        aq_store_close(store);
        aq_error_set(&err, AQ_ENOMEM, "out of memory");
        return cli_fail(&err);
    }
    ro.inspection_cb = add_inspection;
    ro.unit_known = knows_unit;
    catch_signals();
    for (i = first; i < argc && !interrupted; i++) {
        int rc;
        /* progress on a terminal: one line per file, rewritten */
        if (!quiet && isatty(2) && argc - first > 1)
            fprintf(stderr, "\r[%d/%d] %s\033[K", i - first + 1,
                    argc - first, argv[i]);
        rc = ingest_one(store, argv[i], &ro, quiet, &rejected,
                        &state[i - first]);
        if (rc != CLI_EXIT_OK && code == CLI_EXIT_OK)
            code = rc;
        /* each file's report is out before the next file is read */
        fflush(stdout);
    }
    if (!quiet && isatty(2) && argc - first > 1)
        fprintf(stderr, "\r\033[K");
    if (rf && fclose(rf) != 0 && code == CLI_EXIT_OK) {
        aq_error_set_at(&err, AQ_EIO, rejects, 0, 0, "cannot write");
        code = cli_fail(&err);
    }
    aq_store_close(store);
    if (interrupted)
        end_interrupted(argv + first, argc - first, state, quiet);
    aqx_free(state);
    /* exit 6: everything readable was stored, but something was rejected */
    return code == CLI_EXIT_OK && rejected ? CLI_EXIT_REJECTED : code;
}
