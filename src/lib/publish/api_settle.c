/* SPDX-License-Identifier: MIT */
/*
 * The settlement documents (include/aq/api.h, aq_api_settle()): unit
 * results you already have, settled by the policy engine (P3-P6,
 * aq/sanction.h), written as JSON, as CSV (one row per unit and month,
 * sanctions as `S1:P6.S1.last`) or as text (with each cause's evidence).
 * `aqrank settle` reads the results' CSV and prints what this returns.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "aq/api.h"
#include "aq/decimal.h"
#include "aq/sanction.h"
#include "lib/publish/api_internal.h"
#include "lib/publish/render_internal.h"

/* ---- Formatting helpers ---- */

/* An amount in micro-units with only the decimals it needs: 20, -90,
 * 33.333333, 12.5. */
static char *amount_text(char *dst, size_t cap, int64_t micro)
{
    char *dot;
    size_t n;

    aq_decimal_format(dst, cap, micro, 6);
    dot = strchr(dst, '.');
    if (!dot)
        return dst;
    n = strlen(dst);
    while (n > 0 && dst[n - 1] == '0')
        dst[--n] = '\0';
    if (dst[n - 1] == '.')
        dst[n - 1] = '\0';
    return dst;
}

static char *comp_text(char *dst, size_t cap, int64_t v)
{
    if (v == AQ_MISSING) {
        dst[0] = '\0';
        return dst;
    }
    return aq_scaled_format(dst, cap, v, 2);
}

static char *int_text(char *dst, size_t cap, int64_t v)
{
    if (v == AQ_MISSING)
        dst[0] = '\0';
    else
        snprintf(dst, cap, "%lld", (long long)v);
    return dst;
}

static const char *yoy_code(const aq_yoy *y)
{
    if (!y->comparable)
        return "not_comparable";
    if (y->rise_composite && y->rise_pm25)
        return "rise_both";
    if (y->rise_composite)
        return "rise_composite";
    if (y->rise_pm25)
        return "rise_pm25";
    return "no_rise";
}

static char *positions_text(char *dst, size_t cap, const aq_rank_entry *r)
{
    if (r->status == AQ_RANK_UNRANKED)
        dst[0] = '\0';
    else if (r->pos_first == r->pos_last)
        snprintf(dst, cap, "%d", r->pos_first);
    else
        snprintf(dst, cap, "%d-%d", r->pos_first, r->pos_last);
    return dst;
}

/* "P6.S3.rise_count+P6.S3.streak" */
static char *trigger_text(char *dst, size_t cap, const aq_sanction *sn)
{
    size_t i, n = 0;

    dst[0] = '\0';
    for (i = 0; i < sn->n_causes && n < cap; i++)
        n += (size_t)snprintf(dst + n, cap - n, "%s%s", i ? "+" : "",
                              sn->causes[i].trigger);
    return dst;
}

/* ---- CSV ---- */

static void print_csv(aq_rbuf *b, const aq_month *mo)
{
    char per[16], pos[32], c[32], p[32], a[48], trig[128];
    size_t i, k;

    aq_period_format(per, sizeof per, mo->period);
    for (i = 0; i < mo->n_units; i++) {
        const aq_unit_month *um = &mo->units[i];
        int first = 1;
        aq_render__printf(b, "%s,", per);
        aq_render__csv_field(b, um->r.unit);
        if (um->r.status == AQ_RANK_UNRANKED)
            aq_render__put(b, ",,");
        else
            aq_render__printf(b, ",%d,%s", um->r.rank,
                              positions_text(pos, sizeof pos, &um->r));
        aq_render__printf(b, ",%zu,%d,%s,%s,%s,%s,%d,%d,", mo->n_ranked,
                          um->sufficient,
               comp_text(c, sizeof c, um->composite),
               int_text(p, sizeof p, um->pm25),
               amount_text(a, sizeof a, um->r.amount), yoy_code(&um->yoy),
               um->rise_count, um->bottom_streak);
        for (k = 0; k < mo->n_sanctions; k++)
            if (!strcmp(mo->sanctions[k].unit, um->r.unit)) {
                aq_render__printf(
                    b, "%s%s:%s", first ? "" : " ",
                    aq_sanction_code(mo->sanctions[k].id),
                    trigger_text(trig, sizeof trig, &mo->sanctions[k]));
                first = 0;
            }
        aq_render__put(b, "\n");
    }
}

/* ---- Text ---- */

static void print_text(aq_rbuf *b, const aq_policy *pol, const aq_month *mo)
{
    char per[16], pos[32], c[32], a[48], trig[128], desc[1024];
    size_t i, k;

    aq_period_format(per, sizeof per, mo->period);
    aq_render__printf(b, "%s: N = %zu, ranked by %s, amounts in %s\n", per,
                      mo->n_ranked, aq_rank_by_name(pol->rank_by),
                      pol->currency_unit);
    for (i = 0; i < mo->n_units; i++) {
        const aq_unit_month *um = &mo->units[i];
        if (um->r.status == AQ_RANK_UNRANKED)
            aq_render__printf(b, "  unranked  %s", um->r.unit);
        else
            aq_render__printf(b, "  rank %d (position%s %s)  %s", um->r.rank,
                              um->r.pos_first == um->r.pos_last ? "" : "s",
                              positions_text(pos, sizeof pos, &um->r),
                              um->r.unit);
        aq_render__printf(b, ": composite %s, PM2.5 ",
                          um->composite == AQ_MISSING
                              ? "-"
                              : comp_text(c, sizeof c, um->composite));
        if (um->pm25 == AQ_MISSING)
            aq_render__put(b, "-");
        else
            aq_render__printf(b, "%lld", (long long)um->pm25);
        aq_render__printf(b, "%s, amount %s, YoY %s, rises %d, streak %d\n",
                          um->sufficient ? "" : " (insufficient)",
                          amount_text(a, sizeof a, um->r.amount),
                          yoy_code(&um->yoy), um->rise_count,
                          um->bottom_streak);
    }
    for (k = 0; k < mo->n_sanctions; k++) {
        const aq_sanction *sn = &mo->sanctions[k];
        aq_render__printf(b, "  %s %s (%s) %s: %s\n", aq_sanction_code(sn->id),
                          aq_sanction_name(sn->id, 1),
                          aq_sanction_name(sn->id, 0), sn->unit,
                          trigger_text(trig, sizeof trig, sn));
        for (i = 0; i < sn->n_causes; i++)
            aq_render__printf(b, "    %s: %s\n", sn->causes[i].trigger,
                              aq_cause_describe(&sn->causes[i], desc,
                                                sizeof desc));
    }
}

/* ---- JSON ---- */

static json_t *j_comp(int64_t v)
{
    return v == AQ_MISSING ? json_null() : json_real((double)v / 100.0);
}

static json_t *j_int(int64_t v)
{
    return v == AQ_MISSING ? json_null() : json_integer((json_int_t)v);
}

static json_t *j_amount(int64_t micro)
{
    if (micro % AQ_MICRO == 0)
        return json_integer((json_int_t)(micro / AQ_MICRO));
    return json_real((double)micro / (double)AQ_MICRO);
}

static json_t *j_period(aq_period p)
{
    char b[16];
    return json_string(aq_period_format(b, sizeof b, p));
}

static json_t *j_positions(const aq_rank_entry *r)
{
    if (r->status == AQ_RANK_UNRANKED)
        return json_null();
    return json_pack("[ii]", r->pos_first, r->pos_last);
}

static json_t *j_evidence(const aq_evidence *e)
{
    json_t *o = json_object();
    static const char *const kinds[] = {"rank", "rise", "interview"};

    json_object_set_new(o, "kind", json_string(kinds[e->kind]));
    json_object_set_new(o, "period", j_period(e->period));
    if (e->kind == AQ_EVIDENCE_RANK) {
        json_object_set_new(o, "metric",
                            json_string(aq_rank_by_name(e->metric)));
        json_object_set_new(o, "value", e->metric == AQ_RANK_BY_PM25
                                            ? j_int(e->value)
                                            : j_comp(e->value));
        json_object_set_new(o, "rank", json_integer(e->rank));
        json_object_set_new(o, "positions",
                            json_pack("[ii]", e->pos_first, e->pos_last));
        json_object_set_new(o, "n", json_integer(e->n));
    } else if (e->kind == AQ_EVIDENCE_RISE) {
        json_object_set_new(o, "composite_index",
                            json_pack("[oo]", j_comp(e->composite),
                                      j_comp(e->prev_composite)));
        json_object_set_new(o, "pm25", json_pack("[oo]", j_int(e->pm25),
                                                 j_int(e->prev_pm25)));
        json_object_set_new(o, "rise_composite",
                            json_boolean(e->rise_composite));
        json_object_set_new(o, "rise_pm25", json_boolean(e->rise_pm25));
    } else {
        json_t *ids = json_array();
        if (e->sanctions & (1u << AQ_S3))
            json_array_append_new(ids, json_string("S3"));
        if (e->sanctions & (1u << AQ_S4))
            json_array_append_new(ids, json_string("S4"));
        json_object_set_new(o, "sanctions", ids);
    }
    return o;
}

static json_t *j_month(const aq_policy *pol, const aq_month *mo)
{
    json_t *m = json_object(), *units = json_array(), *sans = json_array();
    char trig[128], desc[1024];
    size_t i, k, e;

    json_object_set_new(m, "period", j_period(mo->period));
    json_object_set_new(m, "rank_by",
                        json_string(aq_rank_by_name(pol->rank_by)));
    json_object_set_new(m, "n", json_integer((json_int_t)mo->n_ranked));
    json_object_set_new(m, "currency_unit", json_string(pol->currency_unit));
    for (i = 0; i < mo->n_units; i++) {
        const aq_unit_month *um = &mo->units[i];
        json_t *u = json_object(), *y = json_object();
        json_object_set_new(u, "unit", json_string(um->r.unit));
        json_object_set_new(u, "rank", um->r.status == AQ_RANK_UNRANKED
                                           ? json_null()
                                           : json_integer(um->r.rank));
        json_object_set_new(u, "positions", j_positions(&um->r));
        json_object_set_new(u, "sufficient", json_boolean(um->sufficient));
        json_object_set_new(u, "composite_index", j_comp(um->composite));
        json_object_set_new(u, "pm25", j_int(um->pm25));
        json_object_set_new(u, "amount", j_amount(um->r.amount));
        json_object_set_new(y, "comparable", json_boolean(um->yoy.comparable));
        json_object_set_new(y, "previous_composite_index",
                            j_comp(um->yoy.prev_composite));
        json_object_set_new(y, "previous_pm25", j_int(um->yoy.prev_pm25));
        json_object_set_new(y, "rise", json_boolean(um->yoy.rise));
        json_object_set_new(u, "yoy", y);
        json_object_set_new(u, "rise_count", json_integer(um->rise_count));
        json_object_set_new(u, "bottom_streak",
                            json_integer(um->bottom_streak));
        json_array_append_new(units, u);
    }
    for (k = 0; k < mo->n_sanctions; k++) {
        const aq_sanction *sn = &mo->sanctions[k];
        json_t *s = json_object(), *causes = json_array();
        json_object_set_new(s, "unit", json_string(sn->unit));
        json_object_set_new(s, "id", json_string(aq_sanction_code(sn->id)));
        json_object_set_new(s, "trigger",
                            json_string(trigger_text(trig, sizeof trig, sn)));
        for (i = 0; i < sn->n_causes; i++) {
            const aq_cause *c = &sn->causes[i];
            json_t *co = json_object(), *ev = json_array();
            json_object_set_new(co, "rule", json_string(c->trigger));
            json_object_set_new(co, "count", json_integer(c->count));
            json_object_set_new(co, "threshold", json_integer(c->threshold));
            for (e = 0; e < c->n_evidence; e++)
                json_array_append_new(ev, j_evidence(&c->evidence[e]));
            json_object_set_new(co, "items", ev);
            json_object_set_new(co, "summary",
                                json_string(aq_cause_describe(c, desc,
                                                              sizeof desc)));
            json_array_append_new(causes, co);
        }
        json_object_set_new(s, "evidence", causes);
        json_array_append_new(sans, s);
    }
    json_object_set_new(m, "units", units);
    json_object_set_new(m, "sanctions", sans);
    return m;
}

aq_status aq_api_settle(const aq_policy *pol, const aq_unit_result *rows,
                        size_t n, const aq_period *month, const char *source,
                        const char *format, char **out, aq_error *err)
{
    aq_settlement *st = NULL;
    aq_rbuf b = {NULL, 0, 0, 0};
    size_t i, from, to;
    aq_status rc;

    aq_api__init();
    *out = NULL;
    if (!format)
        format = "text";
    if (strcmp(format, "text") && strcmp(format, "csv") &&
        strcmp(format, "json"))
        return aq_error_set(err, AQ_EINVALID,
                            "unknown format '%s' (text, csv, json)", format);
    if ((rc = aq_settlement_new(&st, pol, rows, n, err)) < 0)
        return rc;
    from = 0;
    to = aq_settlement_count(st);
    if (month) {
        const aq_month *mo = aq_settlement_find(st, *month);
        char p[16];
        if (!mo) {
            rc = aq_error_set(err, AQ_ENOTFOUND, "no results for %s in %s",
                              aq_period_format(p, sizeof p, *month),
                              source ? source : "the results");
            goto done;
        }
        from = (size_t)(mo - aq_settlement_month(st, 0));
        to = from + 1;
    }
    /* P4: a month whose ladders overlap is refused, not half written */
    for (i = from; i < to; i++) {
        const aq_month *mo = aq_settlement_month(st, i);
        if (mo->status != AQ_OK) {
            char p[16];
            rc = aq_error_set(err, mo->status, "%s: policy refused: %s",
                              aq_period_format(p, sizeof p, mo->period),
                              mo->message);
            goto done;
        }
    }
    if (!strcmp(format, "json")) {
        json_t *root = json_object(), *months = json_array();
        char *text;
        json_object_set_new(
            root, "policy",
            json_pack("{s:s,s:s,s:s,s:s}", "rank_by",
                      aq_rank_by_name(pol->rank_by), "insufficient_data",
                      aq_insufficient_mode_name(pol->insufficient_data),
                      "rise_count_window",
                      aq_rise_window_name(pol->rise_count_window),
                      "interview_run",
                      aq_interview_run_name(pol->interview_run)));
        for (i = from; i < to; i++)
            json_array_append_new(months,
                                  j_month(pol, aq_settlement_month(st, i)));
        json_object_set_new(root, "months", months);
        text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        json_decref(root);
        if (!text) {
            rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
            goto done;
        }
        aq_render__put(&b, text);
        aq_render__put(&b, "\n");
        aq_free(text);
    } else if (!strcmp(format, "csv")) {
        aq_render__put(&b, "period,unit,rank,positions,n,sufficient,"
                           "composite_index,pm25,amount,yoy,rise_count,"
                           "bottom_streak,sanctions\n");
        for (i = from; i < to; i++)
            print_csv(&b, aq_settlement_month(st, i));
    } else {
        for (i = from; i < to; i++) {
            if (i > from)
                aq_render__put(&b, "\n");
            print_text(&b, pol, aq_settlement_month(st, i));
        }
    }
    rc = aq_render__finish(&b, out, err);
done:
    aq_render__dispose(&b);
    aq_settlement_free(st);
    return rc;
}
