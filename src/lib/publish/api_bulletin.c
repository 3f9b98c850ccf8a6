/* SPDX-License-Identifier: MIT */
/*
 * The monthly bulletin (P7) in one call (include/aq/api.h): the ranking
 * document of the month with the month's data-quality notes (issue 17,
 * from the audit document) and its road-cleanliness ranking (issue 20,
 * when the month has road inspections), for HTML with the history of every unit it
 * lists (the 12-month trend chart), rendered by aq_render(). `aqrank
 * report` and the server's /api/v1/bulletin both call it, so a bulletin
 * is assembled in one place.
 */
#include <jansson.h>
#include <string.h>

#include "aq/api.h"
#include "lib/engine/ranking_internal.h"
#include "lib/publish/api_internal.h"
#include "lib/publish/render_internal.h"
#include "lib/publish/words_internal.h"
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

/* o[key] = its text in Chinese and English (text_zh, text_en) by say() */
static void texts(json_t *o, const json_t *from,
                  void (*say)(aq_rbuf *, const json_t *, int))
{
    int zh;

    for (zh = 1; zh >= 0; zh--) {
        aq_rbuf t = {NULL, 0, 0, 0};
        say(&t, from, zh);
        json_object_set_new(o, zh ? "text_zh" : "text_en",
                            t.p && !t.oom ? json_string(t.p) : NULL);
        aq_render__dispose(&t);
    }
}

static void intro(aq_rbuf *b, const json_t *dq, int zh)
{
    aq_words__quality_intro(
        b, json_object_get(dq, "flags_by_kind"),
        (long long)json_integer_value(json_object_get(dq, "flags")), zh);
}

/* A unit of the notes: its effect (the audit's "units" item), and the
 * flags of its assessment stations (those that count in its values). */
static json_t *quality_unit(const json_t *effect, const json_t *audit,
                            const json_t *assessment)
{
    static const char *const keep[] = {"station", "station_name", "pollutant",
                                       "kind",    "from",         "to",
                                       "hours"};
    const char *name = json_string_value(json_object_get(effect, "unit"));
    json_t *u = json_deep_copy(effect), *flags = json_array(), *f;
    size_t i, k;

    json_array_foreach(json_object_get(audit, "flags"), i, f)
    {
        json_t *g;
        if (strcmp(aq_render__str(f, "unit"), name) ||
            !json_is_true(json_object_get(assessment,
                                          aq_render__str(f, "station"))))
            continue;
        g = json_object();
        for (k = 0; k < sizeof keep / sizeof keep[0]; k++)
            json_object_set(g, keep[k], json_object_get(f, keep[k]));
        json_array_append_new(flags, g);
    }
    json_object_set_new(u, "flags", flags);
    texts(u, u, aq_words__quality_unit);
    return u;
}

/* The data-quality notes of the month (issue 17): NULL when the month has
 * no flag. Built from the audit document (aq_api_audit): the flags by
 * kind, and the units whose values rest on flagged hours (flagged_hours of
 * the stations that count), in the ranking's order, then any other. */
static aq_status data_quality(aq_ranking *r, aq_period p, const json_t *rank,
                              json_t **out, aq_error *err)
{
    json_t *audit, *dq, *by_kind, *units, *assessment, *x, *e;
    const json_t *order[2];
    char *json = NULL;
    size_t i, j, k;
    aq_status rc;
    int kind;

    *out = NULL;
    rc = aq_api_audit(aq_ranking__store(r), aq_ranking_policy(r), p, NULL,
                      AQ_AUDIT_ALL_MONTH, &json, err);
    if (rc == AQ_ENOTFOUND) /* no hour of the month stored: nothing to say */
        return AQ_OK;
    if (rc < 0)
        return rc;
    audit = json_loads(json, 0, NULL);
    aq_free(json);
    if (!audit)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    if (json_array_size(json_object_get(audit, "flags")) == 0) {
        json_decref(audit);
        return AQ_OK;
    }
    by_kind = json_object();
    for (kind = 0; kind < AQ_AUDIT_KIND_COUNT; kind++)
        json_object_set_new(by_kind, aq_audit_kind_code((aq_audit_kind)kind),
                            json_integer(0));
    json_array_foreach(json_object_get(audit, "flags"), i, x)
    {
        const char *kc = aq_render__str(x, "kind");
        json_object_set_new(
            by_kind, kc,
            json_integer(json_integer_value(json_object_get(by_kind, kc)) + 1));
    }
    assessment = json_object();
    json_array_foreach(json_object_get(audit, "stations"), i, x)
        json_object_set(assessment, aq_render__str(x, "station"),
                        json_object_get(x, "assessment"));
    units = json_array();
    order[0] = json_object_get(rank, "units");
    order[1] = json_object_get(audit, "units");
    for (k = 0; k < 2; k++)
        json_array_foreach(order[k], i, x)
        {
            const char *name = aq_render__str(x, "unit");
            int seen = 0;
            json_t *u;
            json_array_foreach(units, j, u)
                seen |= !strcmp(aq_render__str(u, "unit"), name);
            if (seen)
                continue;
            json_array_foreach(json_object_get(audit, "units"), j, e)
                if (!strcmp(aq_render__str(e, "unit"), name) &&
                    json_integer_value(json_object_get(e, "flagged_hours")) > 0)
                    json_array_append_new(units,
                                          quality_unit(e, audit, assessment));
        }
    dq = json_pack("{s:I, s:o}", "flags",
                   (json_int_t)json_array_size(json_object_get(audit, "flags")),
                   "flags_by_kind", by_kind);
    if (dq) {
        texts(dq, dq, intro);
        json_object_set_new(dq, "units", units);
    } else {
        json_decref(units);
    }
    json_decref(assessment);
    json_decref(audit);
    *out = dq;
    return dq ? AQ_OK : aq_error_set(err, AQ_ENOMEM, "out of memory");
}

/* The ranking document of the month with its data-quality notes. */
static aq_status bulletin_json(aq_ranking *r, aq_period p, char **out,
                               aq_error *err)
{
    json_t *doc, *dq;
    aq_status rc;

    if ((rc = aq_api_rank(r, p, out, err)) < 0)
        return rc;
    if (!(doc = json_loads(*out, 0, NULL)))
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
    else if ((rc = data_quality(r, p, doc, &dq, err)) == AQ_OK && dq) {
        json_object_set_new(doc, "data_quality", dq);
        aq_free(*out);
        *out = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(15));
        if (!*out)
            rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    json_decref(doc);
    if (rc < 0) {
        aq_free(*out);
        *out = NULL;
    }
    return rc;
}

/* Issue 20: a month with road inspections gets the road ranking as the
 * member "roads" of the bulletin's document (its section and chart); a
 * month without any, none. */
static aq_status with_roads(aq_ranking *r, aq_period p, char **json,
                            aq_error *err)
{
    char *roads = NULL;
    json_t *doc, *rd;
    aq_status rc;

    if (p.kind != AQ_PERIOD_MONTH)
        return AQ_OK;
    if ((rc = aq_api_roads(aq_ranking__store(r), aq_ranking_policy(r), p,
                           &roads, err)) < 0)
        return rc;
    rd = json_loads(roads, 0, NULL);
    aq_free(roads);
    if (!rd)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    if (!json_integer_value(json_object_get(rd, "inspections"))) {
        json_decref(rd);
        return AQ_OK;
    }
    doc = json_loads(*json, 0, NULL);
    if (!doc || json_object_set_new(doc, "roads", rd) < 0) {
        json_decref(doc);
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    }
    aq_free(*json);
    return aq_api__dump(doc, json, err);
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
    if ((rc = bulletin_json(r, p, &json, err)) < 0 ||
        (rc = with_roads(r, p, &json, err)) < 0)
        goto done;
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
