/* SPDX-License-Identifier: MIT */
/*
 * How far each unit is from its year's targets (docs/spec-daily.md D6,
 * D7): the year to date (1 January to the date) ranked as any span
 * (span.c), and for each unit its PM2.5 so far against its target with
 * the remaining-days control value (年剩余日控制值), its good days
 * against the good-days ratio target, its heavy-pollution days against
 * theirs. The arithmetic is aq/target.h's; this file joins the targets
 * file to the jurisdiction and the data.
 */
#include <string.h>

#include "aq/decimal.h"
#include "aq/target.h"
#include "lib/engine/daily_internal.h"
#include "lib/standards/frac_internal.h"
#include "util/alloc.h"

void aq_track__free(aq_track_result *tr)
{
    if (!tr)
        return;
    aq_span__free(tr->ytd);
    aqx_free(tr->units);
    aqx_free(tr);
}

/* D6: every row names a unit of the jurisdiction, once per year (by
 * either of its names); *rows[u] is unit u's row for `year` */
static aq_status match_targets(aq_engine *e, const aq_targets *t, int year,
                               const aq_target_row **rows, aq_error *err)
{
    const aq_target_row **seen;
    size_t i, j, n = aq_targets_count(t), nu = aq_engine_unit_count(e);

    seen = aqx_calloc(n + 1, sizeof *seen);
    if (!seen)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        const aq_target_row *row = aq_targets_get(t, i);
        int u = aq_engine_find_unit(e, row->unit);
        if (u < 0) {
            aqx_free(seen);
            return aq_error_set_at(err, AQ_EINVALID, aq_targets_source(t),
                                   row->line,
                                   (unsigned long)aq_targets_unit_column(t),
                                   "unit: no unit named '%s' in the "
                                   "jurisdiction",
                                   row->unit);
        }
        for (j = 0; j < i; j++) {
            const aq_target_row *o = aq_targets_get(t, j);
            if (o->year == row->year &&
                aq_engine_find_unit(e, o->unit) == u) {
                aqx_free(seen);
                return aq_error_set_at(
                    err, AQ_EINVALID, aq_targets_source(t), row->line,
                    (unsigned long)aq_targets_unit_column(t),
                    "unit: %s has targets for %d on line %lu already",
                    aq_engine_unit(e, (size_t)u)->name, row->year, o->line);
            }
        }
        if (row->year == year && (size_t)u < nu)
            rows[u] = row;
    }
    aqx_free(seen);
    return AQ_OK;
}

/* D7 for one unit, from its year-to-date statistics */
static void track_unit(aq_track_unit *tu, const aq_period_stats *ps,
                       const aq_composite *c, int remaining)
{
    const aq_stat *pm = &ps->stat[AQ_PM25];
    const aq_target_row *t = tu->target;
    aq_exact sum = pm->exact;

    tu->pm25 = pm->count ? pm->value / AQ_MICRO : AQ_MISSING;
    tu->pm25_days = pm->count;
    /* the sum of the valid daily values: their exact mean times their
     * count (N1.5: the rounded daily values under the published chain) */
    if (aq_frac__mul_int(&sum, pm->count))
        sum.whole = -1;
    tu->allowance_status = AQ_ENOTFOUND;
    tu->allowance = -1;
    tu->pm25_reachable = -1;
    if (t && t->pm25 >= 0 && sum.whole >= 0) {
        if (remaining > 0) {
            tu->allowance_status =
                aq_target_allowance(&sum, pm->count, remaining, t->pm25,
                                    &tu->allowance);
            tu->pm25_reachable = tu->allowance_status == AQ_OK;
        } else { /* the year is over: it is met or it is not */
            tu->pm25_reachable = aq_target_mean_meets(&sum, pm->count,
                                                      t->pm25);
        }
    }
    tu->good_days = ps->good_days;
    tu->valid_days = ps->valid_days;
    tu->good_ratio = c->good_ratio;
    tu->needed_status = AQ_ENOTFOUND;
    tu->needed = -1;
    if (t && t->good_ratio >= 0)
        tu->needed_status = aq_target_good_days_needed(
            ps->good_days, ps->valid_days, remaining, t->good_ratio,
            &tu->needed);
    tu->heavy_days = ps->heavy_days;
}

aq_status aq_track__compute(aq_ranking *r, const aq_targets *t, int32_t date,
                            aq_track_result **out, aq_error *err)
{
    aq_engine *e = aq_ranking__engine(r);
    const aq_target_row **rows = NULL;
    aq_track_result *tr;
    aq_span s;
    aq_status rc;
    size_t i;
    int y;

    *out = NULL;
    aq_civil_from_day(date, &y, NULL, NULL);
    tr = aqx_calloc(1, sizeof *tr);
    rows = aqx_calloc(aq_engine_unit_count(e) + 1, sizeof *rows);
    if (!tr || !rows) {
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        goto done;
    }
    tr->date = date;
    tr->year = y;
    /* D7: calendar days after the date to 31 December */
    tr->remaining = (int)(aq_day_from_civil(y, 12, 31) - date);
    s.first = aq_day_from_civil(y, 1, 1);
    s.last = date;
    if ((rc = match_targets(e, t, y, rows, err)) < 0 ||
        (rc = aq_span__compute(r, s, aq_ranking_policy(r)->rank_by,
                               &tr->ytd, err)) < 0)
        goto done;
    tr->units = aqx_calloc(tr->ytd->n + 1, sizeof *tr->units);
    if (!tr->units) {
        rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
        goto done;
    }
    /* in the order of the year-to-date ranking */
    for (i = 0; i < tr->ytd->n; i++) {
        size_t u = tr->ytd->unit_of[tr->ytd->entries[i].index];
        aq_track_unit *tu = &tr->units[tr->n++];
        tu->unit = u;
        tu->target = rows[u];
        track_unit(tu, &tr->ytd->units[u].now.stats,
                   &tr->ytd->units[u].now.composite, tr->remaining);
    }
done:
    aqx_free(rows);
    if (rc < 0) {
        aq_track__free(tr);
        return rc;
    }
    *out = tr;
    return AQ_OK;
}
