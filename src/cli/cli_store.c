/* SPDX-License-Identifier: MIT */
/* Shared by the commands that work on a database: open it and build the
 * ranking that covers a period (include/aq/ranking.h). */
#include <stdio.h>
#include <string.h>

#include "aq/api.h" /* AQ_DATE_LATEST, aq/targets.h */
#include "aq/ranking.h"
#include "cli/cli.h"

int cli_open_ranking(const char *db, const aq_period *period,
                     const char *policy_file, int writable, aq_store **store,
                     aq_ranking **ranking)
{
    aq_error err = AQ_ERROR_INIT;
    aq_policy pol;
    int code;

    *store = NULL;
    *ranking = NULL;
    if ((code = cli_need_file(db)) != 0 ||
        (policy_file && (code = cli_need_file(policy_file)) != 0))
        return code;
    /* writable when possible, so that computed periods are cached for the
     * next run (issue 6); a read-only file is still read */
    if (aq_store_open(store, db, 0, &err) < 0) {
        if (writable || aq_store_open(store, db, AQ_STORE_READONLY, &err) < 0)
            return cli_fail(&err);
    }
    if (policy_file) {
        aq_policy_init(&pol);
        if (aq_policy_load(&pol, policy_file, &err) < 0)
            goto fail;
    }
    if (aq_ranking_build(ranking, *store, policy_file ? &pol : NULL,
                         period ? *period : AQ_RANKING_LATEST, &err) < 0)
        goto fail;
    return CLI_EXIT_OK;
fail:
    code = cli_fail(&err);
    aq_store_close(*store);
    *store = NULL;
    return code;
}

int cli_open_ranking_at(const char *db, int32_t day, const char *policy_file,
                        aq_store **store, aq_ranking **ranking)
{
    aq_period p;
    int y, m;

    if (day == AQ_DATE_LATEST) /* up to the last month with data */
        return cli_open_ranking(db, NULL, policy_file, 0, store, ranking);
    aq_civil_from_day(day, &y, &m, NULL);
    p.kind = AQ_PERIOD_MONTH;
    p.year = y;
    p.index = m;
    return cli_open_ranking(db, &p, policy_file, 0, store, ranking);
}

int cli_done(int code, const char *output, const char *xlsx, const char *lang,
             char *json, char *text, aq_ranking *ranking, aq_store *store)
{
    if (code == CLI_EXIT_OK && xlsx)
        code = cli_write_xlsx(xlsx, json, lang, output);
    else if (code == CLI_EXIT_OK && (text || json))
        code = cli_write_text(output, text ? text : json, !text);
    aq_free(json);
    aq_free(text);
    aq_ranking_free(ranking);
    aq_store_close(store);
    return code;
}

int cli_check_format(const cli_command *cmd, const char *what,
                     const char *format, const char *formats, const char *lang,
                     const char *output)
{
    const char *p, *last = strrchr(formats, '|');
    size_t n = strlen(format), k = 0, len;
    int found = 0;
    char said[128];

    for (p = formats; *p; p += len + (p[len] == '|')) {
        len = strcspn(p, "|");
        found |= len == n && n && !strncmp(p, format, n);
    }
    if (!found) {
        /* "table|json|xlsx" said as "table, json or xlsx" */
        for (p = formats; *p && k + 5 < sizeof said; p++)
            if (*p != '|')
                said[k++] = *p;
            else
                k += (size_t)snprintf(said + k, sizeof said - k, "%s",
                                      p == last ? " or " : ", ");
        said[k] = '\0';
        return cli_usage_error(cmd, "%s must be %s, got '%s'", what, said,
                               format);
    }
    if (!strcmp(format, "xlsx") && !output)
        return cli_usage_error(cmd, "--format xlsx needs --output FILE");
    if (strcmp(lang, "zh") && strcmp(lang, "en"))
        return cli_usage_error(cmd, "--lang must be zh or en");
    return CLI_EXIT_OK;
}

int cli_day_getopt(int argc, char **argv, const cli_command *cmd,
                   const char *formats, cli_common *d, char **value)
{
    int c, first;

    if (!d->format) { /* the first call */
        memset(d, 0, sizeof *d);
        d->format = "table";
        d->lang = "zh";
        d->date = AQ_DATE_LATEST;
    }
    for (;;) {
        c = cli_getopt(argc, argv, cmd, value, &first);
        if (c <= 0)
            break;
        if (!cli_common_opt(c, *value, d))
            return c; /* a command's own */
    }
    if (c < 0)
        return -1;
    if (first != argc)
        cli_usage_error(cmd, "unexpected argument '%s'", argv[first]);
    else if (!d->db)
        cli_usage_error(cmd, "--db FILE is required");
    else if (d->date_text && aq_day_parse(d->date_text, &d->date) < 0)
        cli_usage_error(cmd, "--date must be YYYY-MM-DD, got '%s'",
                        d->date_text);
    else if (cli_check_format(cmd, "--format", d->format, formats, d->lang,
                              d->output) == CLI_EXIT_OK)
        return 0;
    return -1;
}

int cli_load_targets(const char *path, aq_targets **out)
{
    aq_error err = AQ_ERROR_INIT;
    int code;

    *out = NULL;
    if ((code = cli_need_file(path)) != 0)
        return code;
    return aq_targets_load(out, path, &err) < 0 ? cli_fail(&err) : CLI_EXIT_OK;
}
