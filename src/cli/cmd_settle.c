/* SPDX-License-Identifier: MIT */
/*
 * aqrank settle: rank units, pay the ladders and issue sanctions from a
 * CSV of monthly (and quarterly) unit results, by a policy file (P3-P6).
 * For people who keep monthly indices in spreadsheets, and the driver of
 * the conformance cases in tests/cases/P*. Reads the results' CSV and
 * prints what aq_api_settle() writes.
 */
#include <stdlib.h>
#include <string.h>

#include "aq/api.h"
#include "aq/csv.h"
#include "aq/decimal.h"
#include "cli/cli.h"
#include "util/alloc.h"

enum { OPT_POLICY = 'p', OPT_MONTH = 'm', OPT_ALL = 256, OPT_FORMAT = 'f' };

static const cli_opt opts[] = {
    {"policy", OPT_POLICY, 1, "FILE",
     "policy file (default: the built-in Hengshui policy)"},
    {"month", OPT_MONTH, 1, "YYYY-MM", "settle and print this month"},
    {"all", OPT_ALL, 0, NULL, "print every month of the input"},
    {"format", OPT_FORMAT, 1, "FMT", "text (default), csv or json"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_settle_def = {
    "settle", "[--policy FILE] (--month YYYY-MM | --all) [--format FMT] "
              "RESULTS.csv",
    "Ranks, rewards and penalties, and sanctions S1-S6 from unit results.",
    "RESULTS.csv (or - for standard input) has the header\n"
    "unit,period,sufficient,composite_index,pm25: one row per unit and\n"
    "month (YYYY-MM), and optionally per quarter (YYYY-Qn) for S6.\n"
    "sufficient is 1/0 (yes/no, true/false); composite_index has at most\n"
    "2 decimals (5.41); pm25 is an integer; an empty field is absent.\n"
    "Every month is settled from the whole history (rise counts, streaks,\n"
    "interview runs); --month prints one of them. Amounts are in the\n"
    "policy's currency_unit, negative for a deduction. A month whose\n"
    "ladders overlap (P4) is refused with exit status 5.",
    opts,
};

struct input {
    aq_unit_result *rows;
    size_t n, cap;
};

static void input_free(struct input *in)
{
    size_t i;

    for (i = 0; i < in->n; i++)
        aqx_free((char *)in->rows[i].unit);
    aqx_free(in->rows);
}

static int parse_flag(const char *s, int *out)
{
    if (!strcmp(s, "1") || !strcmp(s, "yes") || !strcmp(s, "true")) {
        *out = 1;
        return 0;
    }
    if (!strcmp(s, "0") || !strcmp(s, "no") || !strcmp(s, "false")) {
        *out = 0;
        return 0;
    }
    return -1;
}

static aq_status read_input(const char *path, struct input *in,
                            aq_error *err)
{
    static const char *const cols[5] = {"unit", "period", "sufficient",
                                        "composite_index", "pm25"};
    int col[5], i;
    aq_csv *csv = NULL;
    aq_csv_row row;
    aq_status rc;

    if ((rc = aq_csv_open(&csv, path, err)) < 0)
        return rc;
    if ((rc = aq_csv_next(csv, &row, err)) < 0) {
        if (rc == AQ_ITEROVER)
            rc = aq_error_set_at(err, AQ_EPARSE, aq_csv_source(csv), 1, 0,
                                 "empty input: expected the header "
                                 "unit,period,sufficient,composite_index,"
                                 "pm25");
        goto done;
    }
    for (i = 0; i < 5; i++)
        if ((col[i] = aq_csv_find(&row, cols[i])) < 0) {
            rc = aq_error_set_at(err, AQ_EPARSE, aq_csv_source(csv),
                                 row.line, 0, "missing column '%s'", cols[i]);
            goto done;
        }
    while ((rc = aq_csv_next(csv, &row, err)) == AQ_OK) {
        aq_unit_result r;
        const char *f[5];
        int64_t v;

        memset(&r, 0, sizeof r);
        for (i = 0; i < 5; i++)
            f[i] = (size_t)col[i] < row.count ? row.fields[col[i]] : "";
#define BAD(i, ...)                                                            \
    do {                                                                       \
        rc = aq_error_set_at(err, AQ_EPARSE, aq_csv_source(csv), row.line,     \
                             (unsigned long)col[i] + 1, __VA_ARGS__);          \
        goto done;                                                             \
    } while (0)
        memset(&r, 0, sizeof r);
        if (!f[0][0])
            BAD(0, "empty unit name");
        if (aq_period_parse(f[1], &r.period) < 0 ||
            r.period.kind == AQ_PERIOD_YEAR)
            BAD(1, "expected a period YYYY-MM or YYYY-Qn, got \"%s\"", f[1]);
        if (parse_flag(f[2], &r.sufficient) < 0)
            BAD(2, "expected 1 or 0 (yes/no), got \"%s\"", f[2]);
        r.composite = AQ_MISSING;
        if (f[3][0]) {
            /* N6.2.4: a published composite has 2 decimals */
            if (aq_decimal_parse(f[3], strlen(f[3]), &v) < 0 || v < 0 ||
                v % 10000)
                BAD(3, "expected a composite index with at most 2 "
                       "decimals, got \"%s\"", f[3]);
            r.composite = v / 10000;
        }
        r.pm25 = AQ_MISSING;
        if (f[4][0]) {
            if (aq_decimal_parse(f[4], strlen(f[4]), &v) < 0 || v < 0 ||
                v % AQ_MICRO)
                BAD(4, "expected an integer PM2.5 mean, got \"%s\"", f[4]);
            r.pm25 = v / AQ_MICRO;
        }
#undef BAD
        if (in->n == in->cap) {
            size_t cap = in->cap ? in->cap * 2 : 64;
            aq_unit_result *nr = aqx_realloc(in->rows, cap * sizeof *nr);
            if (!nr) {
                rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
                goto done;
            }
            in->rows = nr;
            in->cap = cap;
        }
        r.unit = aqx_strdup(f[0]);
        if (!r.unit) {
            rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
            goto done;
        }
        in->rows[in->n++] = r;
    }
    if (rc == AQ_ITEROVER)
        rc = AQ_OK;
done:
    aq_csv_close(csv);
    return rc;
}

int cmd_settle(int argc, char **argv)
{
    aq_policy pol;
    aq_error err = AQ_ERROR_INIT;
    struct input in = {NULL, 0, 0};
    aq_period month = {AQ_PERIOD_MONTH, 0, 0};
    char *text = NULL;
    const char *policy_path = NULL, *format = "text";
    int c, first, all = 0, have_month = 0, code = CLI_EXIT_OK;
    char *val;
    aq_status rc;

    while ((c = cli_getopt(argc, argv, &cmd_settle_def, &val, &first)) > 0) {
        if (c == OPT_POLICY)
            policy_path = val;
        else if (c == OPT_ALL)
            all = 1;
        else if (c == OPT_FORMAT) {
            if (strcmp(val, "text") && strcmp(val, "csv") &&
                strcmp(val, "json"))
                return cli_usage_error(&cmd_settle_def,
                                       "--format must be text, csv or json");
            format = val;
        } else if (c == OPT_MONTH) {
            if (aq_period_parse(val, &month) < 0 ||
                month.kind != AQ_PERIOD_MONTH)
                return cli_usage_error(&cmd_settle_def,
                                       "--month must be YYYY-MM, got '%s'",
                                       val);
            have_month = 1;
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (all == have_month)
        return cli_usage_error(&cmd_settle_def,
                               "give exactly one of --month or --all");
    if (first + 1 != argc)
        return cli_usage_error(&cmd_settle_def,
                               "expected one RESULTS.csv argument");
    if ((code = cli_need_file(argv[first])) != 0)
        return code;
    aq_policy_init(&pol);
    if (policy_path && (rc = aq_policy_load(&pol, policy_path, &err)) < 0)
        return cli_fail(&err);
    if ((rc = read_input(argv[first], &in, &err)) < 0 ||
        (rc = aq_api_settle(&pol, in.rows, in.n, have_month ? &month : NULL,
                            argv[first], format, &text, &err)) < 0) {
        code = cli_fail(&err);
        goto done;
    }
    fputs(text, stdout);
    if (fflush(stdout) != 0) {
        aq_error_set(&err, AQ_EIO, "cannot write standard output");
        code = cli_fail(&err);
    }
done:
    aq_free(text);
    input_free(&in);
    return code;
}
