/* SPDX-License-Identifier: MIT */
/* aqrank stations, aqrank db check: look at what a database holds
 * (issue 3): the jurisdiction, the integrity of the store, and the data
 * coverage per station and month. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/api.h"
#include "aq/store.h"
#include "cli/cli.h"

enum { OPT_DB = 256, OPT_FORMAT };

static const cli_opt opts[] = {
    {"db", OPT_DB, 1, "FILE", "the aqrank database (required)"},
    {"format", OPT_FORMAT, 1, "FMT", "csv (default) or json"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_stations_def = {
    "stations", "--db FILE [--format csv|json]",
    "List the jurisdiction: every station with its unit.",
    "Prints station,unit,name,lon,lat,reference for every station of the\n"
    "jurisdiction stored by init (reference = Y for a reference site).",
    opts,
};

const cli_command cmd_db_def = {
    "db", "check --db FILE [--format csv|json]",
    "Check a database: integrity, provenance and coverage.",
    "'aqrank db check' runs SQLite's integrity and foreign-key checks, checks\n"
    "that every stored station-day comes from a logged ingest, and prints\n"
    "the coverage per station and month: days with data and hours with a\n"
    "value per pollutant, out of the month's hours. Exit status 0 when the\n"
    "database is consistent, 1 when it is not.",
    opts,
};

static aq_status print_station(const aq_station_info *st, void *payload)
{
    (void)payload;
    cli_csv_field(stdout, st->code);
    fputc(',', stdout);
    cli_csv_field(stdout, st->unit);
    fputc(',', stdout);
    cli_csv_field(stdout, st->name);
    if (isnan(st->lon) || isnan(st->lat))
        printf(",,");
    else
        printf(",%.4f,%.4f", st->lon, st->lat);
    printf(",%s\n", st->reference ? "Y" : "N");
    return AQ_OK;
}

/* The options both commands take, the word `action` after them when
 * given ("check"), then the database opened read-only into *s: 0, or the
 * exit code after printing the error. */
static int open_common(int argc, char **argv, const cli_command *def,
                       const char *action, const char **db, const char **format,
                       aq_store **s)
{
    aq_error err = AQ_ERROR_INIT;
    int c, first, code;
    char *val;

    while ((c = cli_getopt(argc, argv, def, &val, &first)) > 0) {
        if (c == OPT_DB)
            *db = val;
        else if (c == OPT_FORMAT)
            *format = val;
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (!*db)
        return cli_usage_error(def, "--db FILE is required");
    if (strcmp(*format, "csv") && strcmp(*format, "json"))
        return cli_usage_error(def, "--format must be csv or json");
    if (action && (first >= argc || strcmp(argv[first], action)))
        return cli_usage_error(def, "say '%s'", action);
    if ((code = cli_need_file(*db)) != 0)
        return code;
    if (aq_store_open(s, *db, AQ_STORE_READONLY, &err) < 0)
        return cli_fail(&err);
    return 0;
}

int cmd_stations(int argc, char **argv)
{
    const char *db = NULL, *format = "csv";
    aq_error err = AQ_ERROR_INIT;
    aq_store *s = NULL;
    char *json = NULL;
    int code;

    if ((code = open_common(argc, argv, &cmd_stations_def, NULL, &db, &format,
                            &s)) != 0)
        return code;
    if (!strcmp(format, "json")) {
        if (aq_api_stations(s, &json, &err) < 0)
            code = cli_fail(&err);
        else
            printf("%s\n", json);
        aq_free(json);
    } else {
        printf("station,unit,name,lon,lat,reference\n");
        if (aq_store_each_station(s, print_station, NULL, &err) < 0)
            code = cli_fail(&err);
    }
    aq_store_close(s);
    return code;
}

int cmd_db(int argc, char **argv)
{
    const char *db = NULL, *format = "csv";
    aq_error err = AQ_ERROR_INIT;
    aq_store *s = NULL;
    char *json = NULL;
    int code;

    if ((code = open_common(argc, argv, &cmd_db_def, "check", &db, &format,
                            &s)) != 0)
        return code;
    if (aq_store_check(s, &err) < 0) {
        fprintf(stderr, "aqrank: %s: inconsistent\n", db);
        code = cli_fail(&err);
        aq_store_close(s);
        return code == CLI_EXIT_OK ? CLI_EXIT_ERROR : code;
    }
    if (aq_api_coverage(s, &json, &err) < 0) {
        code = cli_fail(&err);
    } else if (!strcmp(format, "json")) {
        printf("{\"consistent\":true,%s\n", json + 1);
    } else {
        json_t *doc = json_loads(json, 0, NULL), *row;
        size_t i;
        fprintf(stderr, "aqrank: %s: consistent\n", db);
        printf("station,unit,month,days,hours_so2,hours_no2,hours_pm10,"
               "hours_pm25,hours_co,hours_o3,possible_hours\n");
        json_array_foreach(json_object_get(doc, "coverage"), i, row) {
            json_t *h = json_object_get(row, "hours");
            cli_csv_field(stdout,
                          json_string_value(json_object_get(row, "station")));
            fputc(',', stdout);
            cli_csv_field(stdout,
                          json_string_value(json_object_get(row, "unit")));
            printf(",%s,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld\n",
                   json_string_value(json_object_get(row, "month")),
                   (long long)json_integer_value(json_object_get(row, "days")),
                   (long long)json_integer_value(json_object_get(h, "so2")),
                   (long long)json_integer_value(json_object_get(h, "no2")),
                   (long long)json_integer_value(json_object_get(h, "pm10")),
                   (long long)json_integer_value(json_object_get(h, "pm25")),
                   (long long)json_integer_value(json_object_get(h, "co")),
                   (long long)json_integer_value(json_object_get(h, "o3")),
                   (long long)json_integer_value(
                       json_object_get(row, "possible_hours")));
        }
        json_decref(doc);
    }
    aq_free(json);
    aq_store_close(s);
    return code;
}
