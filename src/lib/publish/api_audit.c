/* SPDX-License-Identifier: MIT */
/*
 * The audit document (issue 17; include/aq/api.h, docs/http-api.md): the
 * month's flags with their evidence, a summary per station, and per unit
 * the composite index with and without the flagged hours. Hours are
 * hour-ending labels YYYY-MM-DDTHH (N1.3.3). Every other output of the
 * audit (table, CSV) renders this document.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "aq/audit.h"
#include "aq/decimal.h"
#include "lib/publish/api_internal.h"
#include "lib/publish/render_internal.h"
#include "lib/publish/words_internal.h"

/* v in units of 10^-digits as a JSON number (an integer when digits = 0) */
static json_t *scaled(int64_t v, int digits)
{
    double d = (double)v;
    int i;

    if (digits <= 0)
        return json_integer(v);
    for (i = 0; i < digits; i++)
        d /= 10;
    return json_real(d);
}

/* a micro-unit setting with the decimals it has */
static json_t *micro(int64_t v)
{
    int digits = 6;

    while (digits > 0 && v % 10 == 0) {
        v /= 10;
        digits--;
    }
    return scaled(v, digits);
}

static json_t *by_pollutant(const int64_t v[AQ_POLLUTANT_COUNT])
{
    json_t *o = json_object();
    int p;

    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        json_object_set_new(o, aq_pollutant_code((aq_pollutant)p), micro(v[p]));
    return o;
}

static void day_text(char *dst, size_t cap, int32_t day)
{
    int y, m, d;

    aq_civil_from_day(day, &y, &m, &d);
    snprintf(dst, cap, "%04d-%02d-%02d", y, m, d);
}

/* hour index h of the month as its hour-ending label (N1.3.3) */
static json_t *hour_label(const aq_audit *a, size_t h)
{
    char day[16], buf[32];

    day_text(day, sizeof day, aq_audit_first_day(a) + (int32_t)(h / 24));
    snprintf(buf, sizeof buf, "%sT%02d", day, (int)(h % 24) + 1);
    return json_string(buf);
}

static json_t *settings(const aq_audit *a)
{
    const aq_policy_audit *c = &aq_audit_policy(a)->audit;
    int64_t high[AQ_POLLUTANT_COUNT];
    int p;

    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        high[p] = aq_audit_high(a, (aq_pollutant)p);
    return json_pack(
        "{s:o, s:i, s:o, s:o, s:i, s:o, s:i, s:i, s:o, s:o, s:i, s:i, s:o, "
        "s:o, s:o, s:i, s:o, s:o}",
        "audit_min_level", by_pollutant(c->min_level), "audit_flatline_hours",
        c->flatline_hours, "audit_pm25_pm10_ratio", micro(c->pm_ratio),
        "audit_pm25_pm10_margin", micro(c->pm_margin), "audit_pm25_pm10_hours",
        c->pm_hours, "audit_neighbour_km", micro(c->neighbour_km),
        "audit_min_neighbours", c->min_neighbours, "audit_reference_neighbours",
        c->reference_neighbours, "audit_divergence_ratio",
        micro(c->divergence_ratio), "audit_divergence_high", by_pollutant(high),
        "audit_divergence_hours", c->divergence_hours, "audit_gaps_min_hours",
        c->gaps_min_hours, "audit_gaps_polluted_share",
        micro(c->gaps_polluted_share), "audit_gaps_min_share",
        micro(c->gaps_min_share), "audit_gaps_max_p", micro(c->gaps_max_p),
        "audit_step_days", c->step_days, "audit_step_change",
        micro(c->step_change), "audit_step_consistency",
        micro(c->step_consistency));
}

static json_t *flag_json(const aq_audit *a, const aq_audit_flag *f)
{
    const aq_audit_station *st = aq_audit_station_get(a, f->station);
    json_t *ev = json_object(), *o;
    size_t i;
    int zh;

    for (i = 0; i < f->n_facts; i++) {
        const aq_audit_fact *x = &f->facts[i];
        if (x->digits == AQ_AUDIT_FACT_DAY) {
            char day[16];
            day_text(day, sizeof day, (int32_t)x->value);
            json_object_set_new(ev, x->name, json_string(day));
        } else {
            json_object_set_new(ev, x->name, scaled(x->value, x->digits));
        }
    }
    o = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:i, s:o}", "station",
        st->code, "station_name", st->name, "unit", st->unit, "unit_en",
        st->unit_en, "pollutant", aq_pollutant_code(f->pollutant), "kind",
        aq_audit_kind_code(f->kind), "from", hour_label(a, f->from), "to",
        hour_label(a, f->to), "hours", f->hours, "evidence", ev);
    /* the kind and the evidence said for people, in both languages */
    for (zh = 1; o && zh >= 0; zh--)
        json_object_set_new(
            o, zh ? "kind_zh" : "kind_en",
            json_string(aq_words__audit_kind(aq_audit_kind_code(f->kind), zh)));
    for (zh = 1; o && zh >= 0; zh--) {
        aq_rbuf t = {NULL, 0, 0, 0};
        aq_words__audit_evidence(&t, o, zh);
        json_object_set_new(o, zh ? "text_zh" : "text_en",
                            t.p && !t.oom ? json_string(t.p) : NULL);
        aq_render__dispose(&t);
    }
    return o;
}

static json_t *station_json(const aq_audit_station *st)
{
    json_t *kinds = json_object();
    int k;

    for (k = 0; k < AQ_AUDIT_KIND_COUNT; k++)
        json_object_set_new(kinds, aq_audit_kind_code((aq_audit_kind)k),
                            json_integer(st->flags[k]));
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:i, s:i, s:i, s:i, s:o, s:o}",
        "station", st->code, "name", st->name, "unit", st->unit, "unit_en",
        st->unit_en, "reference", st->reference, "assessment", st->assessment,
        "neighbour_basis", aq_audit_basis_code(st->basis), "neighbours",
        st->neighbours, "hours", st->hours, "valid_hours", st->valid_hours,
        "flagged_hours", st->flagged_hours, "flagged_share",
        st->hours
            ? scaled(aq_round_scaled((int64_t)st->flagged_hours * AQ_MICRO,
                                     st->hours, 3),
                     3)
            : json_null(),
        "flags", kinds);
}

static json_t *composite(int64_t hundredths)
{
    return hundredths < 0 ? json_null() : scaled(hundredths, 2);
}

static json_t *effect_json(const aq_audit_effect *e)
{
    return json_pack("{s:s, s:s, s:i, s:o, s:o, s:o, s:b, s:b}", "unit",
                     e->unit, "unit_en", e->unit_en, "flagged_hours",
                     e->flagged_hours, "composite_index",
                     composite(e->composite), "composite_index_without_flags",
                     composite(e->composite_without), "change",
                     e->composite < 0 || e->composite_without < 0
                         ? json_null()
                         : scaled(e->composite_without - e->composite, 2),
                     "sufficient", e->sufficient, "sufficient_without_flags",
                     e->sufficient_without);
}

static int unit_matches(const char *want, const char *unit, const char *unit_en)
{
    return !want || !strcmp(want, unit) || (*unit_en && !strcmp(want, unit_en));
}

aq_status aq_api_audit(aq_store *s, const aq_policy *pol, aq_period month,
                       const char *unit, int32_t since, char **out,
                       aq_error *err)
{
    aq_audit *a = NULL;
    const aq_audit_effect *eff;
    json_t *doc, *flags, *stations, *units;
    const char *unit_name = NULL;
    char buf[16];
    size_t i, n;
    aq_status rc;

    aq_api__init();
    *out = NULL;
    if ((rc = aq_audit_run(&a, s, pol, month, since, err)) < 0 ||
        (rc = aq_audit_effects(a, &eff, &n, err)) < 0)
        goto done;
    for (i = 0; unit && i < n; i++)
        if (unit_matches(unit, eff[i].unit, eff[i].unit_en))
            unit_name = eff[i].unit;
    if (unit && !unit_name) {
        rc = aq_error_set(err, AQ_ENOTFOUND, "no unit named '%s'", unit);
        goto done;
    }
    if (since == AQ_AUDIT_ALL_MONTH)
        buf[0] = '\0';
    else
        day_text(buf, sizeof buf, since);
    flags = json_array();
    for (i = 0; i < aq_audit_flag_count(a); i++) {
        const aq_audit_flag *f = aq_audit_flag_get(a, i);
        if (!unit_name ||
            !strcmp(aq_audit_station_get(a, f->station)->unit, unit_name))
            json_array_append_new(flags, flag_json(a, f));
    }
    stations = json_array();
    for (i = 0; i < aq_audit_station_count(a); i++) {
        const aq_audit_station *st = aq_audit_station_get(a, i);
        if (!unit_name || !strcmp(st->unit, unit_name))
            json_array_append_new(stations, station_json(st));
    }
    units = json_array();
    for (i = 0; i < n; i++)
        if (!unit_name || !strcmp(eff[i].unit, unit_name))
            json_array_append_new(units, effect_json(&eff[i]));
    doc = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "month",
                    aq_period_format((char[16]){0}, 16, month), "since",
                    buf[0] ? json_string(buf) : json_null(), "unit",
                    unit_name ? json_string(unit_name) : json_null(),
                    "settings", settings(a), "flags", flags, "stations",
                    stations, "units", units);
    *out = doc ? json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(doc);
    rc = *out ? AQ_OK : aq_error_set(err, AQ_ENOMEM, "out of memory");
done:
    aq_audit_free(a);
    return rc;
}
