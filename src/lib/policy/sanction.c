/* SPDX-License-Identifier: MIT */
/*
 * Settling a history of unit results (include/aq/sanction.h): monthly
 * ranks and amounts (P3, P4), rise events and bottom-group streaks (P5),
 * and the sanctions S1-S6 in their evaluation order (P6).
 *
 * Every piece of state (rise counts, streaks, interview runs, quarterly
 * runs) is recomputed from the rows given, month by month in time order;
 * nothing is remembered between calls. All memory of a settlement is
 * tracked in one list and released together by aq_settlement_free().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aq/decimal.h"
#include "aq/sanction.h"
#include "util/alloc.h"

struct quarter {
    aq_period q;
    aq_unit_result *rows;    /* one per unit, by unit id */
    aq_rank_entry *rank[2];  /* by composite, by PM2.5; rank order */
    size_t n_ranked[2];
    int *slot[2];            /* unit id -> index in rank[] */
};

struct aq_settlement {
    aq_policy pol;
    size_t n_units;
    char **units;            /* sorted, unique; index = unit id */
    size_t n_months;
    aq_month *months;
    int **slot;              /* [month][unit id] -> index in units[] */
    size_t n_quarters;
    struct quarter *quarters;
    void **allocs;           /* everything above, freed together */
    size_t n_allocs, cap_allocs;
};

static void *track(aq_settlement *s, size_t size)
{
    void *p;

    if (s->n_allocs == s->cap_allocs) {
        size_t cap = s->cap_allocs ? s->cap_allocs * 2 : 64;
        void **na = aqx_realloc(s->allocs, cap * sizeof *na);
        if (!na)
            return NULL;
        s->allocs = na;
        s->cap_allocs = cap;
    }
    p = aqx_calloc(1, size ? size : 1);
    if (p)
        s->allocs[s->n_allocs++] = p;
    return p;
}

void aq_settlement_free(aq_settlement *s)
{
    size_t i;

    if (!s)
        return;
    for (i = 0; i < s->n_allocs; i++)
        aqx_free(s->allocs[i]);
    aqx_free(s->allocs);
    aqx_free(s);
}

/* Month and quarter ordinals, so that "previous" is a subtraction. */
static long ordinal(aq_period p)
{
    return p.kind == AQ_PERIOD_QUARTER ? (long)p.year * 4 + p.index - 1
                                       : (long)p.year * 12 + p.index - 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

static long find_long(const long *v, size_t n, long key)
{
    const long *hit = bsearch(&key, v, n, sizeof *v, cmp_long);
    return hit ? (long)(hit - v) : -1;
}

static int unit_id(const aq_settlement *s, const char *name)
{
    char **hit = bsearch(&name, s->units, s->n_units, sizeof *s->units,
                         cmp_str);
    return hit ? (int)(hit - s->units) : -1;
}

/* Distinct, sorted ordinals of the rows of one period kind. */
static aq_status collect_periods(aq_settlement *s, const aq_unit_result *rows,
                                 size_t n, aq_period_kind kind, long **out,
                                 size_t *count)
{
    long *v = track(s, n * sizeof *v);
    size_t i, k = 0;

    if (!v)
        return AQ_ENOMEM;
    for (i = 0; i < n; i++)
        if (rows[i].period.kind == kind)
            v[k++] = ordinal(rows[i].period);
    if (k)
        qsort(v, k, sizeof *v, cmp_long);
    for (i = 0, *count = 0; i < k; i++)
        if (!*count || v[*count - 1] != v[i])
            v[(*count)++] = v[i];
    *out = v;
    return AQ_OK;
}

/* The month or quarter of an ordinal (the inverse of ordinal()). */
static aq_period period_of(aq_period_kind kind, long ord)
{
    long per_year = kind == AQ_PERIOD_QUARTER ? 4 : 12;
    aq_period p;

    p.kind = kind;
    p.year = (int)(ord / per_year);
    p.index = (int)(ord % per_year) + 1;
    return p;
}

/* A grid [period][unit] of row pointers; a second row for the same cell
 * is an error. */
static aq_status fill_grid(aq_settlement *s, const aq_unit_result *rows,
                           size_t n, aq_period_kind kind, const long *ords,
                           size_t n_ords, const aq_unit_result ***grid,
                           aq_error *err)
{
    size_t i;

    *grid = track(s, (n_ords * s->n_units + 1) * sizeof **grid);
    if (!*grid)
        return AQ_ENOMEM;
    for (i = 0; i < n; i++) {
        long p;
        size_t cell;
        char pb[16];
        if (rows[i].period.kind != kind)
            continue;
        p = find_long(ords, n_ords, ordinal(rows[i].period));
        cell = (size_t)p * s->n_units + (size_t)unit_id(s, rows[i].unit);
        if ((*grid)[cell])
            return aq_error_set(err, AQ_EINVALID,
                                "two results for %s in %s", rows[i].unit,
                                aq_period_format(pb, sizeof pb,
                                                 rows[i].period));
        (*grid)[cell] = &rows[i];
    }
    return AQ_OK;
}

/* One period's results for every unit; a unit without a row is
 * insufficient (it cannot be ranked on a value it does not have). */
static aq_unit_result *period_rows(aq_settlement *s,
                                   const aq_unit_result *const *cells,
                                   aq_period p)
{
    aq_unit_result *r = track(s, s->n_units * sizeof *r);
    size_t u;

    if (!r)
        return NULL;
    for (u = 0; u < s->n_units; u++) {
        if (cells[u]) {
            r[u] = *cells[u];
        } else {
            memset(&r[u], 0, sizeof r[u]);
            r[u].sufficient = 0;
            r[u].composite = AQ_MISSING;
            r[u].pm25 = AQ_MISSING;
        }
        r[u].unit = s->units[u];
        r[u].period = p;
    }
    return r;
}

/* ---- Evidence ---- */

static aq_evidence rank_evidence(aq_period p, aq_rank_by by,
                                 const aq_rank_entry *e, size_t nr)
{
    aq_evidence ev;

    memset(&ev, 0, sizeof ev);
    ev.kind = AQ_EVIDENCE_RANK;
    ev.period = p;
    ev.metric = by;
    ev.rank = e->rank;
    ev.pos_first = e->pos_first;
    ev.pos_last = e->pos_last;
    ev.n = (int)nr;
    ev.value = e->value;
    return ev;
}

static aq_evidence rise_evidence(aq_period p, const aq_unit_month *um)
{
    aq_evidence ev;

    memset(&ev, 0, sizeof ev);
    ev.kind = AQ_EVIDENCE_RISE;
    ev.period = p;
    ev.composite = um->composite;
    ev.prev_composite = um->yoy.prev_composite;
    ev.pm25 = um->pm25;
    ev.prev_pm25 = um->yoy.prev_pm25;
    ev.rise_composite = um->yoy.rise_composite;
    ev.rise_pm25 = um->yoy.rise_pm25;
    ev.value = AQ_MISSING;
    return ev;
}

static aq_unit_month *um_at(aq_settlement *s, size_t mi, size_t u)
{
    return (aq_unit_month *)&s->months[mi].units[s->slot[mi][u]];
}

/* Whether settled month mi-1 is the calendar month before month mi. */
static int prev_is_adjacent(const aq_settlement *s, size_t mi)
{
    return mi > 0 && ordinal(s->months[mi - 1].period) ==
                         ordinal(s->months[mi].period) - 1;
}

static int in_rise_window(const aq_policy *pol, aq_period m, aq_period j)
{
    switch (pol->rise_count_window) {
    case AQ_RISE_WINDOW_ROLLING_12: return ordinal(m) - ordinal(j) < 12;
    case AQ_RISE_WINDOW_SINCE_START: return 1;
    default: return m.year == j.year; /* P5: resets each January */
    }
}

/* A sanction being built for one unit. */
struct pending {
    aq_sanction sn;
    int rank_order; /* the unit's index in the month's rank order */
};

static aq_status add_cause(aq_settlement *s, struct pending *p,
                           const char *trigger, int count, int threshold,
                           const aq_evidence *ev, size_t n_ev)
{
    aq_cause *c = &p->sn.causes[p->sn.n_causes++];
    aq_evidence *copy = track(s, n_ev * sizeof *copy);

    if (!copy)
        return AQ_ENOMEM;
    if (n_ev)
        memcpy(copy, ev, n_ev * sizeof *copy);
    c->trigger = trigger;
    c->count = count;
    c->threshold = threshold;
    c->n_evidence = n_ev;
    c->evidence = copy;
    return AQ_OK;
}

/* ---- Quarters (S6) ---- */

static aq_status rank_quarters(aq_settlement *s, const aq_unit_result *rows,
                               size_t n, aq_error *err)
{
    const aq_unit_result **grid;
    long *ords;
    size_t qi, u;
    int m;
    aq_status rc;

    if ((rc = collect_periods(s, rows, n, AQ_PERIOD_QUARTER, &ords,
                              &s->n_quarters)) < 0 ||
        (rc = fill_grid(s, rows, n, AQ_PERIOD_QUARTER, ords, s->n_quarters,
                        &grid, err)) < 0)
        return rc;
    s->quarters = track(s, (s->n_quarters + 1) * sizeof *s->quarters);
    if (!s->quarters)
        return AQ_ENOMEM;
    for (qi = 0; qi < s->n_quarters; qi++) {
        struct quarter *q = &s->quarters[qi];
        q->q = period_of(AQ_PERIOD_QUARTER, ords[qi]);
        q->rows = period_rows(s, grid + qi * s->n_units, q->q);
        if (!q->rows)
            return AQ_ENOMEM;
        /* P6 S6: quarterly ranks by each metric, with the same ranking
         * function and insufficient_data rule as the months. */
        for (m = 0; m < 2; m++) {
            q->rank[m] = track(s, (s->n_units + 1) * sizeof *q->rank[m]);
            q->slot[m] = track(s, (s->n_units + 1) * sizeof *q->slot[m]);
            if (!q->rank[m] || !q->slot[m])
                return AQ_ENOMEM;
            if ((rc = aq_rank_compute(&s->pol, (aq_rank_by)m, q->rows,
                                      s->n_units, q->rank[m],
                                      &q->n_ranked[m], err)) < 0)
                return rc;
            for (u = 0; u < s->n_units; u++)
                q->slot[m][q->rank[m][u].index] = (int)u;
        }
    }
    return AQ_OK;
}

static const struct quarter *quarter_find(const aq_settlement *s, long ord)
{
    size_t i;

    for (i = 0; i < s->n_quarters; i++)
        if (ordinal(s->quarters[i].q) == ord)
            return &s->quarters[i];
    return NULL;
}

/* P6 S6 for unit u at the quarter ending in month m, by one metric:
 * the run of consecutive quarters, ending with this one, in which the
 * unit was in the worst group. Fills ev (newest first reversed below). */
static int quarter_run(const aq_settlement *s, aq_period m, size_t u, int by,
                       aq_evidence *ev, size_t cap)
{
    long ord = (long)m.year * 4 + (m.index / 3) - 1;
    int run = 0;
    const struct quarter *q;

    while ((q = quarter_find(s, ord)) != NULL) {
        const aq_rank_entry *e = &q->rank[by][q->slot[by][u]];
        /* a flagged quarter (P3) counts for nothing, like an unranked one */
        if (e->status == AQ_RANK_UNRANKED || e->status == AQ_RANK_FLAGGED ||
            !e->in_bottom)
            break;
        if ((size_t)run < cap)
            ev[run] = rank_evidence(q->q, (aq_rank_by)by, e,
                                    q->n_ranked[by]);
        run++;
        ord--;
    }
    return run;
}

static void reverse(aq_evidence *ev, size_t n)
{
    size_t i;

    for (i = 0; i < n / 2; i++) {
        aq_evidence t = ev[i];
        ev[i] = ev[n - 1 - i];
        ev[n - 1 - i] = t;
    }
}

/* A new pending sanction in slot np. */
static struct pending *start(struct pending *pend, size_t np, size_t k,
                             const char *unit, aq_period p, aq_sanction_id id)
{
    struct pending *pe = &pend[np];

    memset(pe, 0, sizeof *pe);
    pe->rank_order = (int)k;
    pe->sn.unit = unit;
    pe->sn.period = p;
    pe->sn.id = id;
    return pe;
}

/* The RANK evidence of the bottom-group streak ending at month mi, oldest
 * first; returns its length. The streak's months are consecutive settled
 * months by construction (a gap breaks it). */
static size_t streak_evidence(aq_settlement *s, size_t mi, size_t u,
                              aq_evidence *ev)
{
    size_t t = (size_t)um_at(s, mi, u)->bottom_streak, j;

    for (j = 0; j < t; j++) {
        size_t mj = mi + 1 - t + j;
        ev[j] = rank_evidence(s->months[mj].period, s->pol.rank_by,
                              &um_at(s, mj, u)->r, s->months[mj].n_ranked);
    }
    return t;
}

/* ---- Months ---- */

static aq_status settle_month(aq_settlement *s, size_t mi,
                              const aq_unit_result *rows_u,
                              const aq_unit_result *const *cells, int *carry,
                              aq_evidence *scratch, struct pending *pend,
                              aq_error *err)
{
    const aq_policy *pol = &s->pol;
    aq_month *mo = &s->months[mi];
    aq_rank_entry *ent;
    aq_unit_month *ums;
    size_t k, nr, u, np = 0, j;
    aq_error lerr = AQ_ERROR_INIT;
    aq_status rc;
    long prev_year;
    int id;

    ent = track(s, (s->n_units + 1) * sizeof *ent);
    ums = track(s, (s->n_units + 1) * sizeof *ums);
    s->slot[mi] = track(s, (s->n_units + 1) * sizeof *s->slot[mi]);
    if (!ent || !ums || !s->slot[mi])
        return AQ_ENOMEM;
    /* P3, P4 */
    if ((rc = aq_rank_compute(pol, pol->rank_by, rows_u, s->n_units, ent,
                              &nr, err)) < 0)
        return rc;
    mo->n_ranked = nr;
    mo->status = aq_rank_amounts(pol, ent, s->n_units, nr, &lerr);
    mo->message = "";
    if (mo->status != AQ_OK) {
        char *msg = track(s, strlen(lerr.message) + 1);
        if (!msg)
            return AQ_ENOMEM;
        memcpy(msg, lerr.message, strlen(lerr.message) + 1);
        mo->message = msg;
    }
    for (k = 0; k < s->n_units; k++) {
        u = ent[k].index;
        ums[k].r = ent[k];
        ums[k].has_row = cells[u] != NULL;
        ums[k].sufficient = rows_u[u].sufficient;
        ums[k].composite = rows_u[u].composite;
        ums[k].pm25 = rows_u[u].pm25;
        s->slot[mi][u] = (int)k;
    }
    mo->units = ums;
    mo->n_units = s->n_units;

    prev_year = ordinal(mo->period) - 12;
    for (k = 0; k < s->n_units; k++) {
        aq_unit_month *um = &ums[k];
        struct pending *pe;
        int s3_rise = 0, s3_streak = 0, s4 = 0, interviewed;
        size_t ne;

        u = um->r.index;
        /* P5: year-on-year rise against the same month a year before,
         * on the published values; equal is no rise; no comparison
         * unless both months are sufficient. */
        um->yoy.prev_composite = AQ_MISSING;
        um->yoy.prev_pm25 = AQ_MISSING;
        for (j = 0; j < mi; j++)
            if (ordinal(s->months[j].period) == prev_year) {
                const aq_unit_month *pv = um_at(s, j, u);
                um->yoy.prev_composite = pv->composite;
                um->yoy.prev_pm25 = pv->pm25;
                um->yoy.comparable = pv->sufficient && um->sufficient;
            }
        if (rows_u[u].base_given) {
            /* N0.1: the previous year recomputed under this month's rule
             * set replaces that month's own values as the base */
            um->yoy.prev_composite = rows_u[u].base_composite;
            um->yoy.prev_pm25 = rows_u[u].base_pm25;
            um->yoy.comparable = rows_u[u].base_sufficient && um->sufficient;
        }
        if (um->yoy.comparable) {
            um->yoy.rise_composite = um->composite != AQ_MISSING &&
                                     um->yoy.prev_composite != AQ_MISSING &&
                                     um->composite > um->yoy.prev_composite;
            um->yoy.rise_pm25 = um->pm25 != AQ_MISSING &&
                                um->yoy.prev_pm25 != AQ_MISSING &&
                                um->pm25 > um->yoy.prev_pm25;
            /* both rises in one month count once */
            um->yoy.rise = um->yoy.rise_composite || um->yoy.rise_pm25;
        }
        /* P5: the rise count of the window ending at this month */
        ne = 0;
        for (j = 0; j <= mi; j++) {
            const aq_unit_month *o = j == mi ? um : um_at(s, j, u);
            if (o->yoy.rise &&
                in_rise_window(pol, mo->period, s->months[j].period))
                scratch[ne++] = rise_evidence(s->months[j].period, o);
        }
        um->rise_count = (int)ne;
        /* P5: bottom-group streak; an unranked or flagged month (or a
         * month missing from the history) breaks it. */
        if (um->r.status != AQ_RANK_UNRANKED &&
            um->r.status != AQ_RANK_FLAGGED && um->r.in_bottom)
            um->bottom_streak =
                (prev_is_adjacent(s, mi) ? um_at(s, mi - 1, u)->bottom_streak
                                         : 0) + 1;

        /* S1: last (P6), ties included; a flagged unit (P3) is not
         * sanctioned on insufficient data */
        if (um->r.is_last && um->r.status != AQ_RANK_FLAGGED) {
            aq_evidence ev = rank_evidence(mo->period, pol->rank_by, &um->r,
                                           nr);
            pe = start(pend, np, k, s->units[u], mo->period, AQ_S1);
            if ((rc = add_cause(s, pe, "P6.S1.last", um->r.pos_last, (int)nr,
                                &ev, 1)) < 0)
                return rc;
            np++;
        }
        /* S2: a rise this month makes the count reach s2_rise_count */
        if (um->yoy.rise && um->rise_count == pol->s2_rise_count) {
            pe = start(pend, np, k, s->units[u], mo->period, AQ_S2);
            if ((rc = add_cause(s, pe, "P6.S2.rise_count", um->rise_count,
                                pol->s2_rise_count, scratch, ne)) < 0)
                return rc;
            np++;
        }
        /* S3 by rises: a rise this month and the count >= s3_rise_count */
        s3_rise = um->yoy.rise && um->rise_count >= pol->s3_rise_count;
        /* S4 replaces S3 for the streak cause (P6) */
        s4 = um->bottom_streak >= pol->s4_bottom_streak;
        s3_streak = !s4 && um->bottom_streak == pol->s3_bottom_streak;
        if (s3_rise || s3_streak) {
            pe = start(pend, np, k, s->units[u], mo->period, AQ_S3);
            if (s3_rise &&
                (rc = add_cause(s, pe, "P6.S3.rise_count", um->rise_count,
                                pol->s3_rise_count, scratch, ne)) < 0)
                return rc;
            if (s3_streak &&
                (rc = add_cause(s, pe, "P6.S3.streak", um->bottom_streak,
                                pol->s3_bottom_streak, scratch,
                                streak_evidence(s, mi, u, scratch))) < 0)
                return rc;
            np++;
        }
        if (s4) {
            pe = start(pend, np, k, s->units[u], mo->period, AQ_S4);
            if ((rc = add_cause(s, pe, "P6.S4.streak", um->bottom_streak,
                                pol->s4_bottom_streak, scratch,
                                streak_evidence(s, mi, u, scratch))) < 0)
                return rc;
            np++;
        }
        interviewed = s3_rise || s3_streak || s4;
        if (s3_rise || s3_streak)
            um->sanctions |= 1u << AQ_S3;
        if (s4)
            um->sanctions |= 1u << AQ_S4;
        /* S5: interviewed s5_interviews times in a row (P6) */
        if (pol->interview_run == AQ_INTERVIEW_RUN_MONTHS) {
            um->interview_run =
                interviewed ? (prev_is_adjacent(s, mi)
                                   ? um_at(s, mi - 1, u)->interview_run
                                   : 0) + 1
                            : 0;
        } else {
            /* months without an interview are skipped; the count starts
             * again after each S5 (POLICY.md: otherwise every later
             * interview would be "three in a row") */
            um->interview_run = carry[u] + (interviewed ? 1 : 0);
            carry[u] = um->interview_run;
        }
        if (interviewed && um->interview_run >= pol->s5_interviews) {
            size_t need = (size_t)pol->s5_interviews, got = 0;
            for (j = mi + 1; j-- > 0 && got < need;) {
                unsigned iv = um_at(s, j, u)->sanctions &
                              ((1u << AQ_S3) | (1u << AQ_S4));
                if (!iv)
                    continue;
                memset(&scratch[got], 0, sizeof scratch[got]);
                scratch[got].kind = AQ_EVIDENCE_INTERVIEW;
                scratch[got].period = s->months[j].period;
                scratch[got].sanctions = iv;
                scratch[got].value = AQ_MISSING;
                got++;
            }
            reverse(scratch, got);
            pe = start(pend, np, k, s->units[u], mo->period, AQ_S5);
            if ((rc = add_cause(s, pe, "P6.S5.interview_run",
                                um->interview_run, pol->s5_interviews,
                                scratch, got)) < 0)
                return rc;
            if (pol->interview_run == AQ_INTERVIEW_RUN_INTERVIEWS)
                carry[u] = 0;
            np++;
        }
        /* S6: at quarter ends, the worst group by the quarterly composite
         * in this and the previous quarter(s), or by the quarterly PM2.5;
         * each metric's run is judged on its own. */
        if (mo->period.index % 3 == 0) {
            int by;
            pe = start(pend, np, k, s->units[u], mo->period, AQ_S6);
            for (by = 0; by < 2; by++) {
                int run = quarter_run(s, mo->period, u, by, scratch,
                                      s->n_months + s->n_quarters + 1);
                if (run < pol->s6_quarters)
                    continue;
                reverse(scratch, (size_t)run);
                if ((rc = add_cause(s, pe,
                                    by ? "P6.S6.quarter_pm25"
                                       : "P6.S6.quarter_composite",
                                    run, pol->s6_quarters, scratch,
                                    (size_t)run)) < 0)
                    return rc;
            }
            if (pe->sn.n_causes)
                np++;
        }
        for (j = 0; j < np; j++)
            if (pend[j].sn.unit == s->units[u])
                um->sanctions |= 1u << pend[j].sn.id;
    }
    /* P6: one record per unit, month and id; listed by id, then by the
     * unit's place in the ranking. */
    mo->sanctions = track(s, (np + 1) * sizeof *mo->sanctions);
    if (!mo->sanctions)
        return AQ_ENOMEM;
    mo->n_sanctions = 0;
    for (id = AQ_S1; id <= AQ_S6; id++)
        for (j = 0; j < np; j++)
            if ((int)pend[j].sn.id == id)
                ((aq_sanction *)mo->sanctions)[mo->n_sanctions++] =
                    pend[j].sn;
    return AQ_OK;
}

aq_status aq_settlement_new(aq_settlement **out, const aq_policy *pol,
                            const aq_unit_result *rows, size_t n,
                            aq_error *err)
{
    aq_settlement *s;
    const aq_unit_result **grid = NULL;
    const char **names = NULL;
    long *ords = NULL;
    int *carry;
    aq_evidence *scratch;
    struct pending *pend;
    size_t i, k;
    aq_status rc = AQ_OK;

    if (!out || !pol || (n && !rows))
        return aq_error_set(err, AQ_EINVALID, "aq_settlement_new: NULL");
    *out = NULL;
    for (i = 0; i < n; i++) {
        if (!rows[i].unit || !rows[i].unit[0])
            return aq_error_set(err, AQ_EINVALID, "row %zu has no unit", i);
        if (rows[i].period.kind == AQ_PERIOD_YEAR ||
            rows[i].period.index < 1 ||
            rows[i].period.index > (rows[i].period.kind ? 4 : 12))
            return aq_error_set(err, AQ_EINVALID,
                                "row %zu: a result is for a month or a "
                                "quarter", i);
        if ((rows[i].composite != AQ_MISSING && rows[i].composite < 0) ||
            (rows[i].pm25 != AQ_MISSING && rows[i].pm25 < 0))
            return aq_error_set(err, AQ_EINVALID,
                                "row %zu: negative value", i);
    }
    s = aqx_calloc(1, sizeof *s);
    if (!s)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    s->pol = *pol;
    /* the units: every name in the history, sorted, unique */
    names = track(s, (n + 1) * sizeof *names);
    if (!names)
        goto nomem;
    for (i = 0; i < n; i++)
        names[i] = rows[i].unit;
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    s->units = track(s, (n + 1) * sizeof *s->units);
    if (!s->units)
        goto nomem;
    for (i = 0; i < n; i++)
        if (!i || strcmp(names[i], names[i - 1])) {
            size_t len = strlen(names[i]) + 1;
            char *c = track(s, len);
            if (!c)
                goto nomem;
            memcpy(c, names[i], len);
            s->units[s->n_units++] = c;
        }
    if ((rc = rank_quarters(s, rows, n, err)) < 0)
        goto fail;
    if ((rc = collect_periods(s, rows, n, AQ_PERIOD_MONTH, &ords,
                              &s->n_months)) < 0 ||
        (rc = fill_grid(s, rows, n, AQ_PERIOD_MONTH, ords, s->n_months,
                        &grid, err)) < 0)
        goto fail;
    s->months = track(s, (s->n_months + 1) * sizeof *s->months);
    s->slot = track(s, (s->n_months + 1) * sizeof *s->slot);
    carry = track(s, (s->n_units + 1) * sizeof *carry);
    /* scratch evidence: at most one item per month or quarter */
    scratch = track(s, (s->n_months + s->n_quarters + 2) * sizeof *scratch);
    pend = track(s, (6 * s->n_units + 1) * sizeof *pend);
    if (!s->months || !s->slot || !carry || !scratch || !pend)
        goto nomem;
    for (k = 0; k < s->n_months; k++) {
        aq_unit_result *r;
        s->months[k].period = period_of(AQ_PERIOD_MONTH, ords[k]);
        r = period_rows(s, grid + k * s->n_units, s->months[k].period);
        if (!r)
            goto nomem;
        if ((rc = settle_month(s, k, r, grid + k * s->n_units, carry,
                               scratch, pend, err)) < 0)
            goto fail;
    }
    *out = s;
    return AQ_OK;
nomem:
    rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
fail:
    if (rc == AQ_ENOMEM && err && err->code != AQ_ENOMEM)
        aq_error_set(err, AQ_ENOMEM, "out of memory");
    aq_settlement_free(s);
    return rc;
}

size_t aq_settlement_count(const aq_settlement *s)
{
    return s ? s->n_months : 0;
}

const aq_month *aq_settlement_month(const aq_settlement *s, size_t i)
{
    return s && i < s->n_months ? &s->months[i] : NULL;
}

const aq_month *aq_settlement_find(const aq_settlement *s, aq_period m)
{
    size_t i;

    if (!s || m.kind != AQ_PERIOD_MONTH)
        return NULL;
    for (i = 0; i < s->n_months; i++)
        if (s->months[i].period.year == m.year &&
            s->months[i].period.index == m.index)
            return &s->months[i];
    return NULL;
}

/* ---- Names and descriptions ---- */

const char *aq_sanction_code(aq_sanction_id id)
{
    static const char *const c[] = {"?", "S1", "S2", "S3", "S4", "S5", "S6"};
    return id >= AQ_S1 && id <= AQ_S6 ? c[id] : "?";
}

const char *aq_sanction_name(aq_sanction_id id, int zh)
{
    static const char *const z[] = {
        "?", "预警提示", "通报批评", "公开约谈政府主要负责同志",
        "公开约谈县(市、区)委书记", "专项督察", "问责"};
    static const char *const e[] = {
        "?", "warning", "public criticism",
        "public interview of the government head",
        "public interview of the party secretary", "special inspection",
        "accountability"};
    if (id < AQ_S1 || id > AQ_S6)
        return "?";
    return zh ? z[id] : e[id];
}

static size_t put(char *dst, size_t cap, size_t n, const char *fmt,
                  const char *a, const char *b, const char *c)
{
    int w;

    if (n >= cap)
        return n;
    w = snprintf(dst + n, cap - n, fmt, a, b, c);
    return w < 0 ? n : n + (size_t)w;
}

static const char *value_text(char *buf, size_t cap, aq_rank_by by,
                              int64_t v)
{
    if (v == AQ_MISSING)
        return "-";
    if (by == AQ_RANK_BY_PM25) {
        snprintf(buf, cap, "%lld", (long long)v);
        return buf;
    }
    return aq_scaled_format(buf, cap, v, 2);
}

char *aq_cause_describe(const aq_cause *c, char *dst, size_t cap)
{
    size_t n = 0, i;
    char a[32], b[32], p[16], num[64];

    if (!cap)
        return dst;
    dst[0] = '\0';
    if (!c)
        return dst;
    snprintf(num, sizeof num, "%d (threshold %d)", c->count, c->threshold);
    if (!strcmp(c->trigger, "P6.S1.last"))
        snprintf(num, sizeof num, "N = %d", c->threshold);
    else if (strstr(c->trigger, "rise_count"))
        snprintf(num, sizeof num, "%d rises (threshold %d)", c->count,
                 c->threshold);
    else if (strstr(c->trigger, "streak"))
        snprintf(num, sizeof num, "worst-group streak %d (threshold %d)",
                 c->count, c->threshold);
    else if (strstr(c->trigger, "interview"))
        snprintf(num, sizeof num, "%d interviews in a row (threshold %d)",
                 c->count, c->threshold);
    else if (strstr(c->trigger, "quarter"))
        snprintf(num, sizeof num, "%d quarters in the worst group "
                 "(threshold %d)", c->count, c->threshold);
    n = put(dst, cap, n, "%s%s%s", num, ": ", "");
    for (i = 0; i < c->n_evidence; i++) {
        const aq_evidence *e = &c->evidence[i];
        aq_period_format(p, sizeof p, e->period);
        if (i)
            n = put(dst, cap, n, "%s%s%s", "; ", "", "");
        if (e->kind == AQ_EVIDENCE_RANK) {
            char r[96];
            if (e->pos_first == e->pos_last)
                snprintf(r, sizeof r, "rank %d of %d", e->rank, e->n);
            else
                snprintf(r, sizeof r, "rank %d of %d (positions %d-%d)",
                         e->rank, e->n, e->pos_first, e->pos_last);
            n = put(dst, cap, n, "%s %s %s", p,
                    e->metric == AQ_RANK_BY_PM25 ? "PM2.5" : "composite",
                    value_text(a, sizeof a, e->metric, e->value));
            n = put(dst, cap, n, " %s%s%s", r, "", "");
        } else if (e->kind == AQ_EVIDENCE_RISE) {
            int both = e->rise_composite && e->rise_pm25;
            n = put(dst, cap, n, "%s%s%s", p, "", "");
            if (e->rise_composite)
                n = put(dst, cap, n, " composite %s > %s%s",
                        value_text(a, sizeof a, AQ_RANK_BY_COMPOSITE,
                                   e->composite),
                        value_text(b, sizeof b, AQ_RANK_BY_COMPOSITE,
                                   e->prev_composite),
                        both ? "," : "");
            if (e->rise_pm25)
                n = put(dst, cap, n, " PM2.5 %s > %s%s",
                        value_text(a, sizeof a, AQ_RANK_BY_PM25, e->pm25),
                        value_text(b, sizeof b, AQ_RANK_BY_PM25,
                                   e->prev_pm25),
                        "");
        } else {
            n = put(dst, cap, n, "%s %s%s", p,
                    (e->sanctions & (1u << AQ_S3)) &&
                            (e->sanctions & (1u << AQ_S4))
                        ? "S3+S4"
                        : (e->sanctions & (1u << AQ_S4)) ? "S4" : "S3",
                    "");
        }
    }
    return dst;
}
