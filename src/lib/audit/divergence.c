/* SPDX-License-Identifier: MIT */
/*
 * neighbour_divergence (issue 17): a station far below its neighbours for
 * a sustained run of hours while they are high, the signature of water
 * sprayed around a station or of a blocked or wrapped inlet.
 *
 * Stations differ for good reasons (a suburban site reads less NO2 than a
 * kerbside one), so "far below" is judged against the station's usual
 * relation to its reference level: the median, over the month's hours
 * that have both, of station / reference. An hour counts when the
 * reference is at least the high level (audit_divergence_high, by default
 * the Grade II daily limit of the pollutant, N2: the air around is
 * polluted) and the station reads at most audit_divergence_ratio of its
 * usual share of it; audit_divergence_hours such hours in a row make a
 * flag. A missing hour, or one with too few neighbours, ends a run: gaps
 * are the business of selective_gaps. The usual relation is a ratio in
 * floating point: it only scales a threshold, no rule rounds it.
 */
#include "aq/decimal.h"
#include "lib/audit/audit_internal.h"

/* The k-th smallest of v[0..n) (0-based), by Wirth's selection: it
 * leaves v[0..k) <= v[k] <= v(k..n), in linear time on average where a
 * sort would take n log n for every station and pollutant. */
static double select_kth(double *v, long n, long k)
{
    long lo = 0, hi = n - 1;

    while (lo < hi) {
        double x = v[k];
        long i = lo, j = hi;
        do {
            while (v[i] < x)
                i++;
            while (x < v[j])
                j--;
            if (i <= j) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        } while (i <= j);
        if (j < k)
            lo = i;
        if (k < i)
            hi = j;
    }
    return v[k];
}

/* The median of station / reference over the month; 1 with fewer than two
 * days of hours to judge by. */
static double usual_ratio(const aq_audit *a, const aq_audit__st *st,
                          aq_pollutant p, const int64_t *ref2, double *tmp)
{
    size_t h, n = 0, i;
    double upper, lower;

    for (h = 0; h < a->nh; h++) {
        int64_t v = aq_audit__value(a, st, p, h);
        if (v != AQ_MISSING && ref2[h] != AQ_MISSING && ref2[h] > 0)
            tmp[n++] = 2.0 * (double)v / (double)ref2[h];
    }
    if (n < 48)
        return 1.0;
    upper = select_kth(tmp, (long)n, (long)(n / 2));
    if (n % 2)
        return upper;
    /* after the selection, the lower half lies below n / 2 */
    for (lower = tmp[0], i = 1; i < n / 2; i++)
        if (tmp[i] > lower)
            lower = tmp[i];
    return (lower + upper) / 2;
}

static int low_while_high(const aq_audit *a, aq_pollutant p, int64_t v,
                          int64_t ref2, double usual)
{
    return v != AQ_MISSING && ref2 != AQ_MISSING && ref2 >= 2 * a->high[p] &&
           2.0 * (double)v * AQ_MICRO <=
               usual * (double)a->pol.audit.divergence_ratio * (double)ref2;
}

aq_status aq_audit__divergence(aq_audit *a, size_t s, aq_pollutant p,
                               const int64_t *ref2, double *tmp)
{
    const aq_audit__st *st = &a->st[s];
    size_t h, e, k, used;
    double usual;

    if (!st->v)
        return AQ_OK;
    /* most months never see the neighbours high: nothing to compare */
    for (h = 0;
         h < a->nh && (ref2[h] == AQ_MISSING || ref2[h] < 2 * a->high[p]); h++)
        ;
    if (h == a->nh)
        return AQ_OK;
    usual = usual_ratio(a, st, p, ref2, tmp);
    used = st->n_nb < (size_t)a->pol.audit.reference_neighbours
               ? st->n_nb
               : (size_t)a->pol.audit.reference_neighbours;
    for (h = 0; h < a->nh; h = e) {
        int64_t sum = 0, sum2 = 0;
        aq_audit_flag *f;
        e = h + 1;
        if (!low_while_high(a, p, aq_audit__value(a, st, p, h), ref2[h], usual))
            continue;
        while (e < a->nh && low_while_high(a, p, aq_audit__value(a, st, p, e),
                                           ref2[e], usual))
            e++;
        if (e - h < (size_t)a->pol.audit.divergence_hours)
            continue;
        for (k = h; k < e; k++) {
            sum += aq_audit__value(a, st, p, k);
            sum2 += ref2[k];
            if (aq_audit__mark(a, s, p, AQ_AUDIT_NEIGHBOUR_DIVERGENCE, k) < 0)
                return AQ_ENOMEM;
        }
        f = aq_audit__flag(a, s, p, AQ_AUDIT_NEIGHBOUR_DIVERGENCE, h, e - 1,
                           (int)(e - h));
        if (!f)
            return AQ_ENOMEM;
        aq_audit__fact(f, "neighbours", (int64_t)used, 0);
        aq_audit__fact_conc(
            f, "station_mean",
            aq_round_micro(sum, (int64_t)(e - h), aq_pollutant_digits(p)), p);
        aq_audit__fact_conc(
            f, "neighbour_median_mean",
            aq_round_micro(sum2, 2 * (int64_t)(e - h), aq_pollutant_digits(p)),
            p);
        aq_audit__fact_ratio(f, "ratio", 2 * sum, sum2, 2);
        /* the usual ratio to 2 decimals (a double: half away from zero
         * is as good as any rounding for a number shown, not used) */
        aq_audit__fact(f, "usual_ratio", (int64_t)(usual * 100 + 0.5), 2);
    }
    return AQ_OK;
}
