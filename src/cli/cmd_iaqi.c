/* SPDX-License-Identifier: MIT */
/* aqrank iaqi: the IAQI of each row of pollutant,averaging,concentration
 * (N4.3-N4.5), appended as a column. */
#include <stdlib.h>
#include <string.h>

#include "aq/aqi.h"
#include "aq/csv.h"
#include "aq/decimal.h"
#include "cli/cli.h"

enum { OPT_RULESET = 256 };

static const cli_opt opts[] = {
    {"ruleset", OPT_RULESET, 1, "RULES",
     "r2012 (default, N0.2) or r2026"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_iaqi_def = {
    "iaqi", "[--ruleset r2012|r2026] < INPUT.csv",
    "Individual AQI (IAQI) of each concentration, by HJ 633.",
    "Reads CSV on standard input with the columns pollutant (so2 no2 pm10\n"
    "pm25 co o3), averaging (1h 8h 24h) and concentration (CO in mg/m3, the\n"
    "rest in ug/m3), in any order; other columns are copied. Writes every\n"
    "row with an iaqi column appended: an integer, or empty where the\n"
    "standard defines no IAQI (missing concentration, no breakpoints for\n"
    "that pollutant and averaging, SO2 1h or O3 8h above 800 under r2012).\n"
    "Concentrations are rounded to their reporting precision first and the\n"
    "IAQI is rounded up. Above the top breakpoint the IAQI is 500.",
    opts,
};

static void write_row(const aq_csv_row *row, const char *extra)
{
    cli_csv_copy(row);
    fputs(extra, stdout);
    fputc('\n', stdout);
}

int cmd_iaqi(int argc, char **argv)
{
    aq_ruleset_id rid = AQ_R2012;
    aq_error err = AQ_ERROR_INIT;
    aq_csv *in = NULL;
    aq_csv_row row;
    aq_status rc;
    int c, first, col_p, col_a, col_c;
    size_t ncols = 0;
    char *val;

    while ((c = cli_getopt(argc, argv, &cmd_iaqi_def, &val, &first)) > 0) {
        if (c == OPT_RULESET &&
            (aq_ruleset_parse(val, &rid) < 0 || rid == AQ_RULESET_AUTO))
            return cli_usage_error(&cmd_iaqi_def,
                                   "--ruleset must be r2012 or r2026");
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (first < argc)
        return cli_usage_error(&cmd_iaqi_def, "unexpected argument '%s'",
                               argv[first]);
    if ((rc = aq_csv_open(&in, "-", &err)) < 0)
        return cli_fail(&err);
    if ((rc = aq_csv_next(in, &row, &err)) < 0) {
        if (rc == AQ_ITEROVER)
            rc = aq_error_set_at(&err, AQ_EPARSE, "<stdin>", 1, 0,
                                 "empty input: expected the header "
                                 "pollutant,averaging,concentration");
        goto done;
    }
    col_p = aq_csv_find(&row, "pollutant");
    col_a = aq_csv_find(&row, "averaging");
    col_c = aq_csv_find(&row, "concentration");
    if (col_p < 0 || col_a < 0 || col_c < 0) {
        rc = aq_error_set_at(&err, AQ_EPARSE, "<stdin>", row.line, 0,
                             "header must name the columns pollutant, "
                             "averaging and concentration");
        goto done;
    }
    write_row(&row, "iaqi");
    ncols = row.count;
    while ((rc = aq_csv_next(in, &row, &err)) == AQ_OK) {
        aq_pollutant p;
        aq_averaging a;
        int64_t conc = AQ_MISSING;
        aq_iaqi out;
        char num[16] = "";
        int ncol = col_p > col_a ? col_p : col_a;

        ncol = ncol > col_c ? ncol : col_c;
        if ((rc = cli_csv_width(&row, ncols, &err)) < 0)
            break;
        if (row.count <= (size_t)ncol) {
            rc = aq_error_set_at(&err, AQ_EPARSE, "<stdin>", row.line, 0,
                                 "expected at least %d fields, found %zu",
                                 ncol + 1, row.count);
            break;
        }
        if (aq_pollutant_parse(row.fields[col_p], &p) < 0) {
            rc = aq_error_set_at(&err, AQ_EPARSE, "<stdin>", row.line,
                                 (unsigned long)col_p + 1,
                                 "pollutant: expected so2, no2, pm10, pm25, "
                                 "co or o3, got \"%s\"",
                                 row.fields[col_p]);
            break;
        }
        if (aq_averaging_parse(row.fields[col_a], &a) < 0) {
            rc = aq_error_set_at(&err, AQ_EPARSE, "<stdin>", row.line,
                                 (unsigned long)col_a + 1,
                                 "averaging: expected 1h, 8h or 24h, got "
                                 "\"%s\"",
                                 row.fields[col_a]);
            break;
        }
        if ((rc = cli_csv_conc(&row, col_c, "concentration: ", &conc, &err)) <
            0)
            break;
        if ((rc = aq_iaqi_compute(aq_ruleset_get(rid), p, a, conc, &out)) <
            0) {
            aq_error_set_at(&err, rc, "<stdin>", row.line, 0,
                            "cannot index this row");
            break;
        }
        if (out.value >= 0)
            snprintf(num, sizeof num, "%d", out.value);
        write_row(&row, num);
    }
done:
    return cli_csv_end(in, rc, &err);
}
