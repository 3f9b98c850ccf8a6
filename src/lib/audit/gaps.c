/* SPDX-License-Identifier: MIT */
/*
 * selective_gaps (issue 17): a station's missing hours concentrated in the
 * hours when its neighbours are most polluted, beyond what chance explains
 * (a station "down" on the worst days). The polluted hours are those whose
 * neighbour median is in the top audit_gaps_polluted_share of the same
 * clock hour's days, so that a daily calibration at a fixed hour is
 * neutral however the pollution's daily cycle runs.
 *
 * Chance is judged without assuming that hours go missing one by one
 * (outages come in blocks, and pollution in episodes): the station's whole
 * pattern of missing hours is shifted round the month by every offset of
 * a day or more, and p is the share of shifts (with the pattern as it
 * happened) that put at least as many missing hours on polluted hours. A
 * flag needs audit_gaps_min_hours missing hours with a neighbour level, at
 * least audit_gaps_min_share of them polluted, and p at most
 * audit_gaps_max_p.
 *
 * One outage is no pattern, however badly timed: a station that breaks
 * down on the worst day of the month (as analysers do under heavy loads)
 * is not "selective". So the test is made on the station's gaps without
 * its longest one, which the evidence reports as left aside; the flag
 * points at the polluted missing hours of the gaps tested.
 */
#include <string.h>

#include "aq/decimal.h"
#include "lib/audit/audit_internal.h"

/* polluted[h] = 1 for the hours in the top share of their clock hour */
static void polluted_hours(const aq_audit *a, const int64_t *ref2,
                           int64_t *polluted)
{
    int64_t vals[32];
    size_t c, d, n, i, k;

    for (c = 0; c < 24; c++) {
        for (d = n = 0; d < a->ndays && d < 32; d++) {
            int64_t v = ref2[d * 24 + c];
            if (v == AQ_MISSING)
                continue;
            for (i = n++; i > 0 && vals[i - 1] < v; i--) /* descending */
                vals[i] = vals[i - 1];
            vals[i] = v;
        }
        /* the top ceil(share * n) of the clock hour's days */
        k = (size_t)(((int64_t)n * a->pol.audit.gaps_polluted_share + AQ_MICRO -
                      1) /
                     AQ_MICRO);
        for (d = 0; d < a->ndays; d++) {
            int64_t v = ref2[d * 24 + c];
            polluted[d * 24 + c] = v != AQ_MISSING && k > 0 && v >= vals[k - 1];
        }
    }
}

/* The station's gaps in p as (start, length) pairs into runs, without
 * the longest (the first of equal ones); returns their count and sets
 * *longest to the length left aside. */
static size_t gap_runs(const aq_audit *a, const aq_audit__st *st,
                       aq_pollutant p, int64_t *runs, int64_t *longest)
{
    size_t h, e, n = 0, r, at = 0;

    *longest = 0;
    for (h = 0; h < a->nh; h = e) {
        e = h + 1;
        if (aq_audit__value(a, st, p, h) != AQ_MISSING)
            continue;
        while (e < a->nh && aq_audit__value(a, st, p, e) == AQ_MISSING)
            e++;
        runs[2 * n] = (int64_t)h;
        runs[2 * n + 1] = (int64_t)(e - h);
        if (runs[2 * n + 1] > *longest) {
            *longest = runs[2 * n + 1];
            at = n;
        }
        n++;
    }
    if (!n)
        return 0;
    for (r = at; r + 1 < n; r++) {
        runs[2 * r] = runs[2 * r + 2];
        runs[2 * r + 1] = runs[2 * r + 3];
    }
    return n - 1;
}

aq_status aq_audit__gaps(aq_audit *a, size_t s, aq_pollutant p,
                         const int64_t *ref2, int64_t *scratch)
{
    const aq_policy_audit *c = &a->pol.audit;
    const aq_audit__st *st = &a->st[s];
    const size_t nh = a->nh;
    int64_t *polluted = scratch, *prefix = scratch + nh,
            *runs = scratch + 3 * nh + 1; /* start, length pairs */
    size_t h, k, r, nruns, from = 0, to = 0, shifts = 0, at_least = 0;
    int64_t with_ref = 0, hit = 0, n_polluted = 0, n_ref = 0, longest;
    aq_audit_flag *f;

    if (!st->v)
        return AQ_OK;
    nruns = gap_runs(a, st, p, runs, &longest);
    for (r = 0; r < nruns; r++)
        for (h = (size_t)runs[2 * r];
             h < (size_t)(runs[2 * r] + runs[2 * r + 1]); h++)
            with_ref += ref2[h] != AQ_MISSING;
    if (with_ref < c->gaps_min_hours || with_ref == 0)
        return AQ_OK; /* the common case: too few gaps to test */
    polluted_hours(a, ref2, polluted);
    for (h = 0; h < nh; h++) {
        n_ref += ref2[h] != AQ_MISSING;
        n_polluted += polluted[h];
    }
    for (r = 0; r < nruns; r++)
        for (h = (size_t)runs[2 * r];
             h < (size_t)(runs[2 * r] + runs[2 * r + 1]); h++) {
            if (ref2[h] == AQ_MISSING)
                continue;
            if (polluted[h]) {
                if (!hit++ || h < from)
                    from = h;
                if (h > to)
                    to = h;
            }
        }
    if (hit == 0 || hit * AQ_MICRO < c->gaps_min_share * with_ref)
        return AQ_OK;
    /* the polluted hours' prefix sums over two rounds of the month (a
     * shifted gap may wrap round its end) */
    prefix[0] = 0;
    for (h = 0; h < 2 * nh; h++)
        prefix[h + 1] = prefix[h] + polluted[h % nh];
    for (k = 24; k + 24 <= nh; k++) {
        int64_t sum = 0;
        for (r = 0; r < nruns; r++) {
            size_t at = ((size_t)runs[2 * r] + k) % nh;
            sum += prefix[at + (size_t)runs[2 * r + 1]] - prefix[at];
        }
        shifts++;
        at_least += sum >= hit;
    }
    /* p = (1 + shifts with as many) / (1 + shifts): the pattern as it
     * happened counts as one of the arrangements */
    if ((int64_t)(1 + at_least) * AQ_MICRO >
        c->gaps_max_p * (int64_t)(1 + shifts))
        return AQ_OK;
    f = aq_audit__flag(a, s, p, AQ_AUDIT_SELECTIVE_GAPS, from, to, (int)hit);
    if (!f)
        return AQ_ENOMEM;
    aq_audit__fact(f, "missing_hours", with_ref, 0);
    aq_audit__fact(f, "polluted_missing_hours", hit, 0);
    aq_audit__fact_ratio(f, "expected", with_ref * n_polluted, n_ref, 1);
    aq_audit__fact_ratio(f, "p_value", (int64_t)(1 + at_least),
                         (int64_t)(1 + shifts), 4);
    aq_audit__fact(f, "longest_gap_left_aside", longest, 0);
    for (r = 0; r < nruns; r++)
        for (h = (size_t)runs[2 * r];
             h < (size_t)(runs[2 * r] + runs[2 * r + 1]); h++)
            if (polluted[h] &&
                aq_audit__mark(a, s, p, AQ_AUDIT_SELECTIVE_GAPS, h) < 0)
                return AQ_ENOMEM;
    return AQ_OK;
}
