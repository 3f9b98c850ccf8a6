/* SPDX-License-Identifier: MIT */
/*
 * A station's neighbours and their reference level (issue 17). The
 * neighbours of an assessment station are the other assessment stations
 * of its unit when the unit has three or more with data in the month;
 * otherwise the assessment stations within audit_neighbour_km by longitude
 * and latitude, of any unit. A reference site (对照点) is neither compared
 * with neighbours nor a neighbour: it is a background site, lower than its
 * unit by design (N5.3.1), unless the policy counts it.
 *
 * The reference level of an hour is the median of the values of the
 * audit_reference_neighbours nearest neighbours that have one (at least
 * audit_min_neighbours): near stations share the weather, so a front that
 * clears one side of a large city first clears the near neighbours too,
 * while one odd neighbour cannot make or hide a flag.
 */
#include <math.h>
#include <stdlib.h>

#include "aq/decimal.h"
#include "lib/audit/audit_internal.h"
#include "util/alloc.h"

/* Great-circle distance in km (mean Earth radius), for "within a set
 * distance" and "nearest" only: no rule rounds it. Unknown coordinates
 * are infinitely far. */
static double distance_km(const aq_audit__st *x, const aq_audit__st *y)
{
    const double rad = 3.14159265358979323846 / 180.0;
    double dlat, dlon, h;

    if (isnan(x->lon) || isnan(x->lat) || isnan(y->lon) || isnan(y->lat))
        return INFINITY;
    dlat = (y->lat - x->lat) * rad;
    dlon = (y->lon - x->lon) * rad;
    h = sin(dlat / 2) * sin(dlat / 2) +
        cos(x->lat * rad) * cos(y->lat * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * 6371.0088 * asin(sqrt(h < 1 ? h : 1));
}

static int usable(const aq_audit__st *s)
{
    return s->pub.assessment && s->v;
}

/* A neighbour and its distance, for sorting nearest first. */
struct near {
    double km;
    size_t index;
};

static int nearer(const void *x, const void *y)
{
    const struct near *p = x, *q = y;

    if (p->km != q->km)
        return p->km < q->km ? -1 : 1;
    return (p->index > q->index) - (p->index < q->index);
}

/* The stations in [from, to) that qualify, nearest first, as s's
 * neighbours; within > 0 keeps only those within that many km. */
static aq_status choose(aq_audit *a, size_t s, size_t from, size_t to,
                        double within, struct near *tmp)
{
    aq_audit__st *st = &a->st[s];
    size_t j, n = 0;

    for (j = from; j < to; j++) {
        double km;
        if (j == s || !usable(&a->st[j]))
            continue;
        km = distance_km(st, &a->st[j]);
        if (within > 0 && !(km <= within))
            continue;
        tmp[n].km = km;
        tmp[n].index = j;
        n++;
    }
    if (!n)
        return AQ_OK;
    qsort(tmp, n, sizeof *tmp, nearer);
    st->nb = aqx_malloc(n * sizeof *st->nb);
    if (!st->nb)
        return AQ_ENOMEM;
    for (j = 0; j < n; j++)
        st->nb[j] = tmp[j].index;
    st->n_nb = n;
    return AQ_OK;
}

aq_status aq_audit__neighbours(aq_audit *a)
{
    const double km = (double)a->pol.audit.neighbour_km / AQ_MICRO;
    struct near *tmp = aqx_malloc((a->n_st ? a->n_st : 1) * sizeof *tmp);
    size_t i, g, end, in_unit;
    aq_status rc = AQ_OK;

    if (!tmp)
        return AQ_ENOMEM;
    /* the store lists stations by unit: one group of indices per unit */
    for (g = 0; g < a->n_st && rc == AQ_OK; g = end) {
        for (end = g, in_unit = 0;
             end < a->n_st && a->st[end].unit_id == a->st[g].unit_id; end++)
            in_unit += usable(&a->st[end]);
        for (i = g; i < end && rc == AQ_OK; i++) {
            aq_audit__st *s = &a->st[i];
            if (!s->pub.assessment)
                continue;
            if (in_unit >= 3) {
                s->pub.basis = AQ_AUDIT_BASIS_UNIT;
                rc = choose(a, i, g, end, 0, tmp);
            } else {
                s->pub.basis = AQ_AUDIT_BASIS_DISTANCE;
                rc = choose(a, i, 0, a->n_st, km, tmp);
            }
            s->pub.neighbours = (int)s->n_nb;
            if (!s->n_nb)
                s->pub.basis = AQ_AUDIT_BASIS_NONE;
        }
    }
    aqx_free(tmp);
    return rc;
}

void aq_audit__reference(const aq_audit *a, const aq_audit__st *s,
                         aq_pollutant p, int64_t *ref2, int64_t *tmp)
{
    const size_t want = (size_t)a->pol.audit.reference_neighbours;
    size_t h, k, m, i;

    for (h = 0; h < a->nh; h++) {
        for (k = m = 0; k < s->n_nb && m < want; k++) {
            int64_t v = aq_audit__value(a, &a->st[s->nb[k]], p, h);
            if (v == AQ_MISSING)
                continue;
            for (i = m++; i > 0 && tmp[i - 1] > v; i--) /* insertion */
                tmp[i] = tmp[i - 1];
            tmp[i] = v;
        }
        if (m == 0 || m < (size_t)a->pol.audit.min_neighbours)
            ref2[h] = AQ_MISSING;
        else
            ref2[h] = m % 2 ? 2 * tmp[m / 2] : tmp[m / 2 - 1] + tmp[m / 2];
    }
}
