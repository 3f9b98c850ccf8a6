/* SPDX-License-Identifier: MIT */
/*
 * The latest day of each unit (include/aq/api.h, aq_api_latest): the last
 * day of the last month with data on which the unit has a daily AQI, with
 * its level (N4.10) and the level's names and colour, for the dashboard's
 * map. The values are the engine's unit-days (N5.3, N4), as in the
 * explanation (P9); this file only picks the last one.
 */
#include <jansson.h>
#include <stdio.h>

#include "aq/aqi.h"
#include "aq/api.h"
#include "aq/date.h"
#include "aq/engine.h"
#include "lib/engine/ranking_internal.h"
#include "lib/publish/api_internal.h"

static json_t *day_text(int32_t day)
{
    char buf[16];
    int y, m, d;

    aq_civil_from_day(day, &y, &m, &d);
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return json_string(buf);
}

aq_status aq_api_latest(aq_ranking *r, char **out, aq_error *err)
{
    aq_engine *e = aq_ranking__engine(r);
    aq_period first, last;
    json_t *units, *doc;
    aq_status rc = AQ_OK;
    size_t u;

    aq_api__init();
    *out = NULL;
    aq_ranking__months(r, &first, &last);
    units = json_array();
    for (u = 0; u < aq_engine_unit_count(e); u++) {
        const aq_unit_info *ui = aq_engine_unit(e, u);
        const aq_unit_day *days = NULL;
        const aq_level_info *lv;
        size_t n = 0;
        json_t *o;

        if ((rc = aq_engine_unit_days(e, u, last, &days, &n, err)) < 0)
            break;
        while (n && days[n - 1].aqi.aqi < 0)
            n--;
        o = json_pack("{s:s, s:s}", "unit", ui->name, "unit_en", ui->name_en);
        if (n && (lv = aq_level_get(aq_aqi_level(days[n - 1].aqi.aqi)))) {
            json_object_set_new(o, "date", day_text(days[n - 1].day));
            json_object_set_new(o, "aqi", json_integer(days[n - 1].aqi.aqi));
            json_object_set_new(o, "level",
                                json_integer(aq_aqi_level(days[n - 1].aqi.aqi)));
            json_object_set_new(o, "level_zh", json_string(lv->name_zh));
            json_object_set_new(o, "level_en", json_string(lv->name_en));
            json_object_set_new(o, "color", json_string(lv->hex));
        } else {
            /* no valid AQI in the last month: said, not guessed */
            json_object_set_new(o, "date", json_null());
            json_object_set_new(o, "aqi", json_null());
            json_object_set_new(o, "level", json_null());
        }
        json_array_append_new(units, o);
    }
    if (rc < 0) {
        json_decref(units);
        return rc;
    }
    doc = json_pack("{s:o}", "units", units);
    *out = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    return *out ? AQ_OK : aq_error_set(err, AQ_ENOMEM, "out of memory");
}
