/* SPDX-License-Identifier: MIT */
/* aqrank aqi: AQI, level, category and primary pollutants of each row of
 * daily (N4.7) or real-time (N4.8) concentrations. */
#include <stdlib.h>
#include <string.h>

#include "aq/aqi.h"
#include "aq/csv.h"
#include "aq/decimal.h"
#include "cli/cli.h"

enum { OPT_RULESET = 256, OPT_REPORT, OPT_REALTIME_PM };

static const cli_opt opts[] = {
    {"report", OPT_REPORT, 1, "KIND",
     "daily (default): day values; hourly: real-time values"},
    {"ruleset", OPT_RULESET, 1, "RULES",
     "r2012 (default, N0.2), r2026, or auto (by the date column)"},
    {"realtime-pm", OPT_REALTIME_PM, 1, "MODE",
     "hourly report under r2012: moving24 (default) or hourly"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_aqi_def = {
    "aqi", "[--report daily|hourly] [--ruleset RULES] < INPUT.csv",
    "AQI, level, category and primary pollutants of each row, by HJ 633.",
    "Reads CSV on standard input, one row per day or hour, with a header.\n"
    "Daily columns: so2 no2 pm10 pm25 co (24-hour means), o3_8h (daily\n"
    "maximum 8-hour mean; 'o3' is accepted for it) and o3_1h (daily maximum\n"
    "1-hour mean, used under r2012 only). Hourly columns: so2 no2 pm10 pm25\n"
    "co o3 (1-hour means), o3_8h (8-hour moving mean), pm10_24h pm25_24h\n"
    "so2_24h (24-hour moving means). An absent column or empty field is a\n"
    "missing value. Other columns (a date, a station) are copied. Appends:\n"
    "aqi, level, category (Chinese), category_en, color, primary,\n"
    "exceeding. With a missing pollutant the AQI is published only when\n"
    "the others give more than 100 (N4.9); otherwise aqi is empty.",
    opts,
};

#define MAX_INPUTS 10

struct column {
    const char *name;
    int input; /* aq_indicator (daily) or aq_hourly_input (hourly) */
};

static const struct column daily_cols[] = {
    {"so2", AQ_IND_SO2},     {"no2", AQ_IND_NO2},     {"pm10", AQ_IND_PM10},
    {"pm25", AQ_IND_PM25},   {"pm2.5", AQ_IND_PM25},  {"co", AQ_IND_CO},
    {"o3_8h", AQ_IND_O3_8H}, {"o3", AQ_IND_O3_8H},    {"o3_1h", AQ_IND_O3_1H},
    {NULL, 0},
};

static const struct column hourly_cols[] = {
    {"so2", AQ_HR_SO2_1H},       {"no2", AQ_HR_NO2_1H},
    {"pm10", AQ_HR_PM10_1H},     {"pm25", AQ_HR_PM25_1H},
    {"pm2.5", AQ_HR_PM25_1H},    {"co", AQ_HR_CO_1H},
    {"o3", AQ_HR_O3_1H},         {"o3_8h", AQ_HR_O3_8H},
    {"pm10_24h", AQ_HR_PM10_24H}, {"pm25_24h", AQ_HR_PM25_24H},
    {"so2_24h", AQ_HR_SO2_24H},  {NULL, 0},
};

static void list_codes(char *dst, size_t cap, unsigned bits)
{
    size_t n = 0;
    int i;

    dst[0] = '\0';
    for (i = 0; i < AQ_IND_COUNT; i++)
        if (bits & (1u << i))
            n += (size_t)snprintf(dst + n, cap - n, "%s%s", n ? " " : "",
                                  aq_indicator_code((aq_indicator)i));
}

static int parse_date(const char *s, int *y, int *m, int *d)
{
    char *end;

    if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
        return -1;
    *y = (int)strtol(s, &end, 10);
    *m = (int)strtol(s + 5, &end, 10);
    *d = (int)strtol(s + 8, &end, 10);
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31 ? 0 : -1;
}

int cmd_aqi(int argc, char **argv)
{
    aq_ruleset_id rid = AQ_R2012;
    aq_realtime_pm pm = AQ_REALTIME_PM_DEFAULT;
    aq_error err = AQ_ERROR_INIT;
    const struct column *cols = daily_cols;
    int hourly = 0, c, first, date_col = -1;
    int colmap[MAX_INPUTS];
    aq_csv *in = NULL;
    aq_csv_row row;
    aq_status rc;
    size_t i, ncols = 0;
    char *val;

    while ((c = cli_getopt(argc, argv, &cmd_aqi_def, &val, &first)) > 0) {
        if (c == OPT_RULESET && aq_ruleset_parse(val, &rid) < 0)
            return cli_usage_error(&cmd_aqi_def,
                                   "--ruleset must be r2012, r2026 or auto");
        if (c == OPT_REPORT) {
            if (!strcmp(val, "hourly"))
                hourly = 1;
            else if (strcmp(val, "daily"))
                return cli_usage_error(&cmd_aqi_def,
                                       "--report must be daily or hourly");
        }
        if (c == OPT_REALTIME_PM) {
            if (!strcmp(val, "moving24"))
                pm = AQ_REALTIME_PM_MOVING24;
            else if (!strcmp(val, "hourly"))
                pm = AQ_REALTIME_PM_HOURLY;
            else
                return cli_usage_error(&cmd_aqi_def,
                                       "--realtime-pm must be moving24 or "
                                       "hourly");
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (first < argc)
        return cli_usage_error(&cmd_aqi_def, "unexpected argument '%s'",
                               argv[first]);
    if (hourly)
        cols = hourly_cols;
    for (i = 0; i < MAX_INPUTS; i++)
        colmap[i] = -1;
    if ((rc = aq_csv_open(&in, "-", &err)) < 0)
        return cli_fail(&err);
    if ((rc = aq_csv_next(in, &row, &err)) < 0) {
        if (rc == AQ_ITEROVER)
            rc = aq_error_set_at(&err, AQ_EPARSE, "<stdin>", 1, 0,
                                 "empty input: expected a header row");
        goto done;
    }
    for (i = 0; cols[i].name; i++) {
        int k = aq_csv_find(&row, cols[i].name);
        if (k >= 0 && colmap[cols[i].input] < 0)
            colmap[cols[i].input] = k;
    }
    {
        int any = 0;
        for (i = 0; i < MAX_INPUTS; i++)
            any |= colmap[i] >= 0;
        if (!any) {
            rc = aq_error_set_at(&err, AQ_EPARSE, "<stdin>", row.line, 0,
                                 "the header names no pollutant column "
                                 "(so2 no2 pm10 pm25 co o3 ...)");
            goto done;
        }
    }
    ncols = row.count;
    date_col = aq_csv_find(&row, "date");
    if (date_col < 0)
        date_col = aq_csv_find(&row, "time");
    if (rid == AQ_RULESET_AUTO && date_col < 0) {
        rc = aq_error_set_at(&err, AQ_EPARSE, "<stdin>", 1, 0,
                             "--ruleset auto needs a date or time column");
        goto done;
    }
    cli_csv_copy(&row);
    fputs("aqi,level,category,category_en,color,primary,exceeding\n", stdout);
    while ((rc = aq_csv_next(in, &row, &err)) == AQ_OK) {
        int64_t conc[MAX_INPUTS];
        if ((rc = cli_csv_width(&row, ncols, &err)) < 0)
            goto done;
        const aq_ruleset *rs = aq_ruleset_get(rid);
        const aq_level_info *lv;
        aq_aqi out;
        char prim[64], exc[64];
        int k;

        for (k = 0; k < MAX_INPUTS; k++) {
            int col = colmap[k];
            conc[k] = AQ_MISSING;
            if (col >= 0 && (size_t)col < row.count &&
                (rc = cli_csv_conc(&row, col, "", &conc[k], &err)) < 0)
                goto done;
        }
        if (rid == AQ_RULESET_AUTO) {
            int y, m, d;
            if ((size_t)date_col >= row.count ||
                parse_date(row.fields[date_col], &y, &m, &d) < 0) {
                rc = aq_error_set_at(&err, AQ_EPARSE, "<stdin>", row.line,
                                     (unsigned long)date_col + 1,
                                     "expected a date YYYY-MM-DD");
                goto done;
            }
            rs = aq_ruleset_for_date(y, m, d);
        }
        rc = hourly ? aq_aqi_hourly(rs, conc, pm, &out)
                    : aq_aqi_daily(rs, conc, &out);
        if (rc < 0) {
            aq_error_set_at(&err, rc, "<stdin>", row.line, 0,
                            "cannot compute the AQI of this row");
            goto done;
        }
        cli_csv_copy(&row);
        list_codes(prim, sizeof prim, out.primary);
        list_codes(exc, sizeof exc, out.exceeding);
        lv = aq_level_get(out.level);
        if (lv)
            printf("%d,%d,%s,%s,%s,%s,%s\n", out.aqi, out.level, lv->name_zh,
                   lv->name_en, lv->hex, prim, exc);
        else
            printf(",,,,,,%s\n", exc);
    }
done:
    return cli_csv_end(in, rc, &err);
}
