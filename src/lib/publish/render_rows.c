/* SPDX-License-Identifier: MIT */
/*
 * The rows document (aq_api_rank_all(), aq_api_stream_rows()) rendered:
 * CSV `unit,period,composite_index,rank`, the form the benchmark's peers
 * write too, or the document itself.
 */
#include <string.h>

#include "lib/publish/api_internal.h"
#include "lib/publish/render_internal.h"

static void csv_rows(aq_rbuf *b, const json_t *rows)
{
    const json_t *w;
    size_t i;
    char v[48];

    aq_render__put(b, "unit,period,composite_index,rank\n");
    json_array_foreach(rows, i, w) {
        aq_render__csv_field(b, aq_render__str(w, "unit"));
        aq_render__printf(
            b, ",%s,%s,", aq_render__str(w, "period"),
            aq_render__num(v, sizeof v, json_object_get(w, "composite_index"),
                           2, ""));
        if (json_is_integer(json_object_get(w, "rank")))
            aq_render__printf(b, "%lld", (long long)json_integer_value(
                                             json_object_get(w, "rank")));
        aq_render__put(b, "\n");
    }
}

aq_status aq_render_rows(const char *rows_json, const char *format,
                         const aq_render_options *opts, char **out,
                         aq_error *err)
{
    json_error_t jerr;
    json_t *doc, *rows;
    aq_rbuf b = {NULL, 0, 0, 0};

    (void)opts;
    aq_api__init();
    *out = NULL;
    if (!format)
        format = "csv";
    if (!strcmp(format, "json"))
        return aq_render_json(rows_json, out, err);
    if (strcmp(format, "csv"))
        return aq_error_set(err, AQ_EINVALID,
                            "unknown format '%s' (csv, json)", format);
    doc = rows_json ? json_loads(rows_json, 0, &jerr) : NULL;
    rows = json_object_get(doc, "rows");
    if (!json_is_array(rows)) {
        json_decref(doc);
        return aq_error_set(err, AQ_EPARSE,
                            "not a rows document: expected an object with "
                            "an array \"rows\"");
    }
    csv_rows(&b, rows);
    json_decref(doc);
    return aq_render__finish(&b, out, err);
}
