/* SPDX-License-Identifier: MIT */
/* aqrank init: create (or update) a database with its jurisdiction (units
 * and stations, P1) and its policy (P2-P8). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/jurisdiction.h"
#include "aq/policy.h"
#include "aq/stations.h"
#include "aq/store.h"
#include "cli/cli.h"
#include "util/alloc.h"

enum { OPT_DB = 256, OPT_STATIONS, OPT_POLICY };

static const cli_opt opts[] = {
    {"db", OPT_DB, 1, "FILE", "the database to create or update"},
    {"stations", OPT_STATIONS, 1, "FILE",
     "STATIONS.csv: station,unit[,unit_en,name,lon,lat,reference]"},
    {"policy", OPT_POLICY, 1, "FILE",
     "policy file (default: the built-in Hengshui rules, etc/hengshui.policy)"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_init_def = {
    "init", "--db FILE --stations STATIONS.csv [--policy FILE]",
    "Create a database with its jurisdiction and policy.",
    "STATIONS.csv has a header with at least station and unit, and\n"
    "optionally unit_en, name, lon, lat and reference (Y for a reference\n"
    "site, 对照点, which by default does not count in its unit's values).\n"
    "The national list's own Chinese header is accepted too, with the city\n"
    "as the unit, in UTF-8 or GB18030. Running init again replaces the\n"
    "jurisdiction and the policy and keeps the data. Jurisdictions ship in\n"
    "etc/: beijing (the 12 UCI stations), jingjinji (13 cities), national.",
    opts,
};

int cmd_init(int argc, char **argv)
{
    const char *db = NULL, *stations_path = NULL, *policy_path = NULL;
    aq_error err = AQ_ERROR_INIT;
    aq_stations *st = NULL;
    aq_store *store = NULL;
    aq_policy pol;
    char *policy_text = NULL;
    int c, first, code = CLI_EXIT_OK;
    char *val;

    while ((c = cli_getopt(argc, argv, &cmd_init_def, &val, &first)) > 0) {
        switch (c) {
        case OPT_DB: db = val; break;
        case OPT_STATIONS: stations_path = val; break;
        case OPT_POLICY: policy_path = val; break;
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (!db || !stations_path)
        return cli_usage_error(&cmd_init_def,
                               "--db and --stations are required");
    if (first < argc)
        return cli_usage_error(&cmd_init_def, "unexpected argument '%s'",
                               argv[first]);
    /* the policy is checked before anything is written */
    aq_policy_init(&pol);
    if (policy_path) {
        size_t len;
        if (aq_policy_read(policy_path, &policy_text, &len, &err) < 0 ||
            aq_policy_parse(&pol, policy_text, len, policy_path, &err) < 0)
            goto fail;
    }
    if ((code = cli_need_file(stations_path)) != 0)
        goto done;
    if (aq_stations_load(&st, stations_path, &err) < 0 ||
        aq_store_open(&store, db, AQ_STORE_CREATE, &err) < 0 ||
        aq_jurisdiction_set(store, st, policy_text ? policy_text : "", &err) <
            0)
        goto fail;
    printf("%s: %zu units, %zu stations; policy %s\n", db,
           aq_stations_unit_count(st), aq_stations_count(st),
           policy_path ? policy_path : "built-in (Hengshui)");
    goto done;
fail:
    code = cli_fail(&err);
done:
    aq_store_close(store);
    aq_stations_free(st);
    aqx_free(policy_text);
    return code;
}
