/* SPDX-License-Identifier: MIT */
/*
 * The monthly bulletin (P7) in one call (include/aq/api.h): the ranking
 * document of the month, for HTML with the history of every unit it lists
 * (the 12-month trend chart), rendered by aq_render(). `aqrank report`
 * and the server's /api/v1/bulletin both call it, so a bulletin is
 * assembled in one place.
 */
#include <jansson.h>
#include <string.h>

#include "aq/api.h"
#include "lib/publish/api_internal.h"
#include "util/alloc.h"

/* The histories (aq_api_history) of the units of a ranking document, in
 * its order. */
static aq_status histories(aq_ranking *r, const char *rank_json,
                           char ***hist, size_t *n, aq_error *err)
{
    json_t *doc = json_loads(rank_json, 0, NULL), *u;
    size_t i, cap;
    aq_status rc = AQ_OK;

    *hist = NULL;
    *n = 0;
    if (!doc)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    cap = json_array_size(json_object_get(doc, "units"));
    *hist = aqx_calloc(cap + 1, sizeof **hist);
    if (!*hist) {
        json_decref(doc);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    json_array_foreach(json_object_get(doc, "units"), i, u) {
        const char *name = json_string_value(json_object_get(u, "unit"));
        if (!name)
            continue;
        if ((rc = aq_api_history(r, name, &(*hist)[*n], err)) < 0)
            break;
        (*n)++;
    }
    json_decref(doc);
    return rc;
}

aq_status aq_api_bulletin(aq_ranking *r, aq_period p, const char *format,
                          const aq_render_options *opts, char **out,
                          aq_error *err)
{
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    char *json = NULL, **hist = NULL;
    size_t i, n_hist = 0;
    aq_status rc;

    aq_api__init();
    *out = NULL;
    if (opts)
        ro = *opts;
    ro.history = NULL;
    ro.n_history = 0;
    if ((rc = aq_api_rank(r, p, &json, err)) < 0)
        return rc;
    if (format && !strcmp(format, "html") &&
        (rc = histories(r, json, &hist, &n_hist, err)) < 0)
        goto done;
    ro.history = (const char *const *)hist;
    ro.n_history = n_hist;
    rc = aq_render(format, json, &ro, out, err);
done:
    for (i = 0; i < n_hist; i++)
        aq_free(hist[i]);
    aqx_free(hist);
    aq_free(json);
    return rc;
}
