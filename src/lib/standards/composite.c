/* SPDX-License-Identifier: MIT */
/*
 * The composite index (N6.2, N6.4), the good-days ratio (N5.7.1) and the
 * change rate (N6.5.1). Each single index is rounded to hundredths before
 * the sum (N6.2.3-N6.2.4): the rule that reproduces the Heyuan, Naiman and
 * Wuyuan bulletins (TV-27, TV-28), where summing unrounded indices does
 * not. Integer arithmetic only.
 */
#include "aq/composite.h"
#include "aq/decimal.h"
#include "lib/standards/frac_internal.h"

static const aq_stats_options default_options = AQ_STATS_OPTIONS_INIT;

int64_t aq_composite_single_index(int64_t conc, int64_t limit)
{
    aq_exact c;

    if (conc == AQ_MISSING || conc < 0 || limit <= 0)
        return -1;
    c = aq_frac__int(conc);
    /* I = C/S; as micro-units of the index that is C * 10^6 / S */
    if (aq_frac__mul_int(&c, AQ_MICRO) || aq_frac__div_int(&c, limit))
        return -1;
    return aq_frac__round_scaled(&c, 2);
}

/* The index of an exact statistic (the `final` chain, N1.5). */
static int64_t single_index_exact(const aq_exact *conc, int64_t limit)
{
    aq_exact c = *conc;

    if (limit <= 0 || c.whole < 0 || aq_frac__mul_int(&c, AQ_MICRO) ||
        aq_frac__div_int(&c, limit))
        return -1;
    return aq_frac__round_scaled(&c, 2);
}

static void setup(aq_composite *out, const aq_ruleset *rs,
                  const aq_stats_options *opts)
{
    int i;

    for (i = 0; i < AQ_POLLUTANT_COUNT; i++) {
        /* N6.4: divisors and weights are settings; 0 keeps the rule set's */
        out->limit[i] = opts->composite_limit[i] ? opts->composite_limit[i]
                                                 : rs->composite_limit[i];
        out->weight[i] = opts->composite_weight[i] ? opts->composite_weight[i]
                                                   : rs->composite_weight[i];
        out->index[i] = -1;
    }
    out->composite = -1;
    out->primary = 0;
    out->good_ratio = -1;
    out->flags = 0;
}

/* The weighted sum and the largest single index, once index[] is set. */
static void finish(aq_composite *out)
{
    int64_t sum = 0, best = -1;
    int i;

    for (i = 0; i < AQ_POLLUTANT_COUNT; i++) {
        if (out->index[i] < 0) {
            /* N6.2.6: no composite without all six statistics */
            out->flags |= AQ_COMPOSITE_NOT_COMPUTED;
            continue;
        }
        /* N6.2.4: a sum of rounded hundredths, no further rounding */
        sum += (int64_t)out->weight[i] * out->index[i];
        if (out->index[i] > best)
            best = out->index[i];
    }
    /* N6.2.5: the pollutant(s) with the largest single index */
    for (i = 0; i < AQ_POLLUTANT_COUNT && best >= 0; i++) {
        if (out->index[i] == best)
            out->primary |= 1u << i;
    }
    if (!(out->flags & AQ_COMPOSITE_NOT_COMPUTED))
        out->composite = sum;
}

aq_status aq_composite_compute(const aq_period_stats *ps,
                               const aq_stats_options *opts, aq_composite *out)
{
    const aq_ruleset *rs;
    int i;

    if (!ps || !out || aq_stats_options_check(opts, NULL))
        return AQ_EINVALID;
    opts = opts ? opts : &default_options;
    rs = aq_ruleset_get(ps->ruleset); /* N0.1: of the period's last day */
    if (!rs)
        return AQ_EINVALID;
    setup(out, rs, opts);
    for (i = 0; i < AQ_POLLUTANT_COUNT; i++) {
        const aq_stat *s = &ps->stat[i];

        if (s->count == 0 || s->value == AQ_MISSING)
            continue;
        /* N6.2.2: C_i is the rounded statistic under the published chain;
         * under `final` the statistic keeps its precision (N1.5, L3) */
        out->index[i] =
            opts->rounding_chain == AQ_ROUNDING_FINAL
                ? single_index_exact(&s->exact, out->limit[i])
                : aq_composite_single_index(s->value, out->limit[i]);
        if (!AQ_STAT_IS_VALID(*s))
            out->flags |= AQ_COMPOSITE_INSUFFICIENT; /* N5.2.2, N6.2.6 */
    }
    if (!ps->sufficient)
        out->flags |= AQ_COMPOSITE_INSUFFICIENT;
    finish(out);
    out->good_ratio = aq_composite_good_ratio(ps->good_days, ps->valid_days);
    return AQ_OK;
}

int64_t aq_composite_good_ratio(int good, int valid)
{
    if (valid <= 0 || good < 0 || good > valid)
        return -1;
    /* N5.7.1: good / valid * 100 %, one decimal, half-even */
    return aq_round_scaled((int64_t)good * 100 * AQ_MICRO, valid, 1);
}

aq_status aq_composite_change_rate(int64_t now, int64_t prev, int64_t *tenths)
{
    if (!tenths)
        return AQ_EINVALID;
    *tenths = 0;
    /* N6.5.4: without a previous value the change is not comparable */
    if (now < 0 || prev <= 0 || now > INT64_C(1000000000) ||
        prev > INT64_C(1000000000))
        return AQ_EINSUFFICIENT;
    /* N6.5.1: (now - prev) / prev * 100 %, rounded to one decimal from the
     * published values */
    *tenths = aq_round_scaled((now - prev) * 100 * AQ_MICRO, prev, 1);
    return AQ_OK;
}
