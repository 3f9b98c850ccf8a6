/* SPDX-License-Identifier: MIT */
/*
 * Assessment statistics (N5): station-day values from hours (N5.1), unit
 * days from stations (N5.3) with their daily AQI (N4.7, through
 * aq_aqi_daily(); no AQI rule is repeated here), and period statistics
 * from a unit's daily series (N5.1.6, N5.2, N5.4, N5.7). Every value is
 * carried exactly (frac_internal.h; the station day as integer sums over
 * counts, station_day_fast) and rounded once per level; the
 * rounding chain (N1.5) decides whether the next level consumes the
 * rounded or the exact value. Library code: no output, no floating point.
 */
#include <stdlib.h>
#include <string.h>

#include "aq/decimal.h"
#include "aq/stats.h"
#include "lib/base/decimal_internal.h"
#include "lib/standards/frac_internal.h"
#include "lib/standards/stats_internal.h"
#include "util/alloc.h"
#include "util/clones.h"

static const aq_stats_options default_options = AQ_STATS_OPTIONS_INIT;

/* hours of the previous day plus the day, for the O3 windows */
#define SPAN (2 * AQ_STATS_HOURS)

/* The largest hourly value of a station day (1.4e11 units, far above any
 * plausibility limit of N3.2): 48 of them (a span) still sum within int64,
 * with room to spare, so the station day is computed on integers. Larger
 * ones are out of range. */
#define FAST_MAX (INT64_MAX / 64)

aq_status aq_stats_options_check(const aq_stats_options *opts, aq_error *err)
{
    int i;

    if (!opts)
        return AQ_OK;
    if (opts->version != AQ_STATS_OPTIONS_VERSION)
        return aq_error_set(err, AQ_EINVALID,
                            "stats options: version %u, expected %d",
                            opts->version, AQ_STATS_OPTIONS_VERSION);
    if (opts->ruleset != AQ_RULESET_AUTO && !aq_ruleset_get(opts->ruleset))
        return aq_error_set(err, AQ_EINVALID, "stats options: bad ruleset");
    if (opts->rounding_chain != AQ_ROUNDING_PUBLISHED &&
        opts->rounding_chain != AQ_ROUNDING_FINAL)
        return aq_error_set(err, AQ_EINVALID,
                            "stats options: bad rounding_chain");
    if (opts->unit_o3 != AQ_UNIT_O3_STATION_MDA8 &&
        opts->unit_o3 != AQ_UNIT_O3_UNIT_HOURLY)
        return aq_error_set(err, AQ_EINVALID, "stats options: bad unit_o3");
    if (opts->mda8_windows != 17 && opts->mda8_windows != 24)
        return aq_error_set(err, AQ_EINVALID,
                            "stats options: mda8_windows must be 17 or 24");
    if (opts->min_station_share < 0 || opts->min_station_share > 100)
        return aq_error_set(err, AQ_EINVALID,
                            "stats options: min_station_share must be "
                            "0..100");
    if (opts->partial_span_den < 1 || opts->partial_span_num < 1 ||
        opts->partial_span_num > opts->partial_span_den ||
        opts->partial_span_den > 1000)
        return aq_error_set(err, AQ_EINVALID,
                            "stats options: partial_span must be a fraction "
                            "num/den with 1 <= num <= den <= 1000");
    for (i = 0; i < AQ_POLLUTANT_COUNT; i++) {
        if (opts->composite_limit[i] < 0 || opts->composite_weight[i] < 0)
            return aq_error_set(err, AQ_EINVALID,
                                "stats options: negative composite limit "
                                "or weight for %s",
                                aq_pollutant_code((aq_pollutant)i));
    }
    return AQ_OK;
}

static const aq_stats_options *options_or_default(const aq_stats_options *o)
{
    return o ? o : &default_options;
}

static const aq_ruleset *ruleset_on(aq_ruleset_id id, int32_t day)
{
    int y, m, d;

    aq_civil_from_day(day, &y, &m, &d);
    return aq_ruleset_resolve(id, y, m, d);
}

static int year_of(int32_t day)
{
    int y;

    aq_civil_from_day(day, &y, NULL, NULL);
    return y;
}

/* ---- Statistic helpers ---- */

static void stat_clear(aq_stat *s)
{
    s->value = AQ_MISSING;
    s->exact = aq_frac__int(0);
    s->count = 0;
    s->flags = 0;
}

/* Turn an accumulated sum of s->count inputs into their mean, rounded to
 * `digits` (N1.4.2: once, from the exact value). */
static int stat_mean(aq_stat *s, int digits)
{
    if (s->count == 0) {
        stat_clear(s);
        return 0;
    }
    if (aq_frac__div_int(&s->exact, s->count))
        return -1;
    s->value = aq_frac__round_micro(&s->exact, digits);
    return 0;
}

/* The value of s that the next level uses under the chain (N1.5). */
static aq_exact chain_value(const aq_stat *s, aq_rounding_chain chain)
{
    return chain == AQ_ROUNDING_FINAL ? s->exact : aq_frac__int(s->value);
}

/* -1 when a value is negative or out of range; clears *fast (when given)
 * when a value is too large for the integer path of the station day. */
static int check_values(const int64_t *v, size_t n, int *fast)
{
    size_t i;
    int64_t max = 0;
    int negative = 0;

    /* N3.2: negative values are rejected at input, never used (without
     * branches: AQ_MISSING is negative but never the maximum) */
    for (i = 0; i < n; i++) {
        negative |= (v[i] < 0) & (v[i] != AQ_MISSING);
        max = v[i] > max ? v[i] : max;
    }
    if (negative || max > AQ_DECIMAL_MAX)
        return -1;
    if (fast && max > FAST_MAX)
        *fast = 0;
    return 0;
}

/* ---- Station-day (N5.1) ---- */

/*
 * The O3 8-hour means and the MDA8 (N5.1.2-N5.1.4) over a span of 48
 * hours: index 0..23 the previous day, 24..47 the day. The window with
 * label L covers labels L-7..L, i.e. span indices 16+L .. 23+L. With 17
 * windows (N5.1.3) the labels are 8..24, so only the day's own hours are
 * read; with 24 (U6) labels 1..7 reach into the previous day.
 */
int aq_stats__o3_windows(const aq_exact *v, const unsigned char *have,
                         int windows, int64_t limit, aq_stat w[AQ_STATS_HOURS],
                         aq_stat *mda8, int *label)
{
    int L, i, best = -1;

    stat_clear(mda8);
    *label = 0;
    for (L = 1; L <= AQ_STATS_HOURS; L++) {
        aq_stat *s = &w[L - 1];

        stat_clear(s);
        if (L < AQ_STATS_HOURS + 1 - windows)
            continue;
        for (i = 16 + L; i <= 23 + L; i++) {
            if (!have[i])
                continue;
            if (aq_frac__add(&s->exact, &v[i]))
                return -1;
            s->count++;
        }
        if (stat_mean(s, 0))
            return -1;
        /* N5.1.2: a window needs 6 of its 8 hours, then it is the mean of
         * the valid ones */
        if (s->count >= AQ_STATS_MIN_8H_HOURS) {
            s->flags |= AQ_STAT_VALID;
            mda8->count++;
            if (best < 0 || aq_frac__cmp(&s->exact, &w[best].exact) > 0)
                best = L - 1;
        }
    }
    if (best < 0)
        return 0;
    /* rounding is monotone, so the rounded maximum window is the maximum
     * of the rounded windows: both chains agree on which window wins */
    mda8->exact = w[best].exact;
    mda8->value = w[best].value;
    *label = best + 1;
    /* N5.1.4: 14 valid windows, or fewer when the rounded maximum exceeds
     * the Grade II limit (N1.4.4: strictly greater, 160 is not) */
    if (mda8->count >= AQ_STATS_MIN_MDA8_WINDOWS)
        mda8->flags |= AQ_STAT_VALID;
    else if (mda8->value > limit)
        mda8->flags |= AQ_STAT_VALID | AQ_STAT_BY_EXCEEDANCE;
    return 0;
}

/*
 * The integer path of the station day. Hourly values are whole numbers of
 * micro-units, so every mean of N5.1 is one exact fraction sum/count: the
 * sums are plain int64 (the caller guarantees that 48 values cannot
 * overflow), the 8-hour windows come from prefix sums, windows are
 * compared by cross-multiplication, and each value is rounded by one
 * aq_round_micro(sum, count, digits) call (N1.4.2: once, from the exact
 * value). The results are those of the aq_exact arithmetic below, value
 * for value; only the work differs.
 */

/* sum/count (sum >= 0, 0 < count) in the normalization of frac.c: whole =
 * floor, 0 <= num < den, num/den in lowest terms, den = 1 when num = 0.
 * Counts of a mean are small: no DIV instruction (decimal_internal.h). */
static aq_exact exact_ratio(int64_t sum, int count)
{
    aq_exact e;
    uint64_t r, rest, g;

    e.whole = (int64_t)aq_decimal__div_count((uint64_t)sum, (uint64_t)count,
                                             &r);
    if (r == 0) {
        e.num = 0;
        e.den = 1;
        return e;
    }
    g = aq_frac__gcd64((uint64_t)count, r); /* r < count */
    e.num = (int64_t)aq_decimal__div_count(r, g, &rest);
    e.den = (int64_t)aq_decimal__div_count((uint64_t)count, g, &rest);
    return e;
}

/* s = the mean of `count` inputs that sum to `sum`, as stat_mean() forms
 * it; valid when count >= need. Without `exact` (AQ_STATS__VALUES_ONLY)
 * s->exact is the rounded value, for callers that read no more. */
static inline __attribute__((always_inline)) void
stat_set_mean(aq_stat *s, int64_t sum, int count, int digits, int need,
              int exact)
{
    if (count == 0) {
        stat_clear(s);
        return;
    }
    s->value = aq_decimal__round_micro(sum, count, digits);
    s->exact = exact ? exact_ratio(sum, count) : aq_frac__int(s->value);
    s->count = count;
    s->flags = count >= need ? AQ_STAT_VALID : 0;
}

/*
 * The integer path needs every value to be AQ_MISSING or within 0 and
 * FAST_MAX. AQ_MISSING is INT64_MIN, the only negative value then, so its
 * sign bit alone tells a missing hour: the sums below are branch-free
 * (and vectorizable) masks on it.
 */
static inline int64_t kept(int64_t v)
{
    return v & (int64_t)(((uint64_t)v >> 63) - 1); /* 0 when missing */
}

static inline int missing(int64_t v)
{
    return (int)((uint64_t)v >> 63);
}

/* the sums of the day take 4 values per AVX2 instruction where the CPU has
 * it, 2 with the baseline SSE2 */
AQ_CLONES("avx2", "default") static void
station_day_fast(const int64_t hourly[AQ_POLLUTANT_COUNT]
                                                 [AQ_STATS_HOURS],
                             const int64_t *prev_o3, int windows,
                             int64_t limit, int fill_windows, int exact,
                             aq_station_day *out)
{
    /* prefix sums and counts of the O3 span from index `from` on:
     * psum[k] = span[from..k-1]; the windows read no index before it */
    int64_t psum[SPAN + 1], max1h = AQ_MISSING;
    int pcnt[SPAN + 1], p, h, L, best = -1;
    int first_label = AQ_STATS_HOURS + 1 - windows, from = 16 + first_label;
    int64_t bsum = 0;
    int bcnt = 1;
    aq_stat *mda8 = &out->mda8;

    /* N5.1.5: the mean of the valid hours, valid with >= 20 of them */
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        int64_t sum = 0;
        int gaps = 0;

        for (h = 0; h < AQ_STATS_HOURS; h++) {
            sum += kept(hourly[p][h]);
            gaps += missing(hourly[p][h]);
        }
        stat_set_mean(&out->mean[p], sum, AQ_STATS_HOURS - gaps,
                      aq_pollutant_digits((aq_pollutant)p),
                      AQ_STATS_MIN_DAY_HOURS, exact);
    }

    /* O3 daily maximum 1-hour value (N4.7.1): AQ_MISSING is below any
     * value, so it is the maximum only when every hour is missing */
    for (h = 0; h < AQ_STATS_HOURS; h++)
        max1h = hourly[AQ_O3][h] > max1h ? hourly[AQ_O3][h] : max1h;
    stat_clear(&out->o3_max1h);
    if (max1h >= 0) {
        out->o3_max1h.count = out->mean[AQ_O3].count;
        out->o3_max1h.exact = aq_frac__int(max1h);
        out->o3_max1h.value = aq_decimal__round_micro(max1h, 1, 0);
        out->o3_max1h.flags = AQ_STAT_VALID;
    }

    /* the O3 span: the previous day (only read by the 24-window variant,
     * U6), then the day */
    psum[from] = 0;
    pcnt[from] = 0;
    for (h = from; h < SPAN; h++) {
        int64_t v = h < AQ_STATS_HOURS ? (prev_o3 ? prev_o3[h] : AQ_MISSING)
                                       : hourly[AQ_O3][h - AQ_STATS_HOURS];
        psum[h + 1] = psum[h] + kept(v);
        pcnt[h + 1] = pcnt[h] + 1 - missing(v);
    }

    /* N5.1.2-N5.1.4: the window with label L covers span indices
     * 16+L .. 23+L (see aq_stats__o3_windows()) */
    stat_clear(mda8);
    out->mda8_label = 0;
    for (L = 1; L <= AQ_STATS_HOURS; L++) {
        aq_stat *s = &out->o3_8h[L - 1];
        int64_t sum;
        int count;

        if (L < first_label) {
            if (fill_windows)
                stat_clear(s);
            continue;
        }
        sum = psum[24 + L] - psum[16 + L];
        count = pcnt[24 + L] - pcnt[16 + L];
        /* N5.1.2: 6 of the 8 hours, then the mean of the valid ones */
        if (fill_windows)
            stat_set_mean(s, sum, count, 0, AQ_STATS_MIN_8H_HOURS, 1);
        if (count < AQ_STATS_MIN_8H_HOURS)
            continue;
        mda8->count++;
        /* the first of equal maxima wins, as in aq_stats__o3_windows(); sum/count >
         * bsum/bcnt compared exactly (sums < 8 * FAST_MAX = 2^60, counts
         * <= 8: the products fit in 64 bits) */
        if (best < 0 || (uint64_t)sum * (uint64_t)bcnt >
                            (uint64_t)bsum * (uint64_t)count) {
            best = L - 1;
            bsum = sum;
            bcnt = count;
        }
    }
    if (best < 0)
        return;
    /* only the winning window needs its exact value and its rounding */
    mda8->value = aq_decimal__round_micro(bsum, bcnt, 0);
    mda8->exact = exact ? exact_ratio(bsum, bcnt) : aq_frac__int(mda8->value);
    out->mda8_label = best + 1;
    /* N5.1.4: 14 valid windows, or fewer when the rounded maximum exceeds
     * the Grade II limit (N1.4.4: strictly greater, 160 is not) */
    if (mda8->count >= AQ_STATS_MIN_MDA8_WINDOWS)
        mda8->flags |= AQ_STAT_VALID;
    else if (mda8->value > limit)
        mda8->flags |= AQ_STAT_VALID | AQ_STAT_BY_EXCEEDANCE;
}

aq_status aq_stats__day_init(aq_stats__day *d, int32_t day,
                             const aq_stats_options *opts)
{
    const aq_ruleset *rs;

    if (!d || aq_stats_options_check(opts, NULL))
        return AQ_EINVALID;
    d->day = day;
    d->opts = options_or_default(opts);
    d->rs = rs = ruleset_on(d->opts->ruleset, day);
    d->o3_limit = aq_ruleset_daily_limit(rs, AQ_O3, year_of(day));
    return AQ_OK;
}

aq_status aq_stats_station_day(
    int32_t day, const int64_t hourly[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS],
    const int64_t *prev_o3, const aq_stats_options *opts, aq_station_day *out)
{
    aq_stats__day d;

    if (aq_stats__day_init(&d, day, opts) != AQ_OK)
        return AQ_EINVALID;
    return aq_stats__station_day(&d, hourly, prev_o3, AQ_STATS__WINDOWS, out);
}

aq_status aq_stats__station_day(
    const aq_stats__day *d,
    const int64_t hourly[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS],
    const int64_t *prev_o3, unsigned flags, aq_station_day *out)
{
    int fill_windows = (flags & AQ_STATS__WINDOWS) != 0;
    int p, fast = 1;

    if (!d || !hourly || !out)
        return AQ_EINVALID;
    for (p = 0; p < AQ_POLLUTANT_COUNT && !(flags & AQ_STATS__CHECKED); p++) {
        if (check_values(hourly[p], AQ_STATS_HOURS, &fast))
            return AQ_EINVALID;
    }
    if (prev_o3 && check_values(prev_o3, AQ_STATS_HOURS, &fast))
        return AQ_EINVALID;
    /* N3.2: a value beyond FAST_MAX (1.4e11 μg/m³, far above any
     * plausibility limit) is out of range; below it the integer path is
     * exact (tests/unit/stats.c checks it against aq_exact arithmetic) */
    if (!fast)
        return AQ_EINVALID;
    station_day_fast(hourly, prev_o3, d->opts->mda8_windows, d->o3_limit,
                     fill_windows, !(flags & AQ_STATS__VALUES_ONLY), out);
    return AQ_OK;
}

aq_status aq_stats_moving_mean(aq_pollutant p, const int64_t *hourly, size_t n,
                               int width, aq_stat *out)
{
    int need;
    size_t i, j;

    /* N4.8.3: the validity minimums of N2.3 applied to moving windows */
    if (width == 8)
        need = AQ_STATS_MIN_8H_HOURS;
    else if (width == 24)
        need = AQ_STATS_MIN_DAY_HOURS;
    else
        return AQ_EINVALID;
    if ((unsigned)p >= AQ_POLLUTANT_COUNT || (n && (!hourly || !out)))
        return AQ_EINVALID;
    if (check_values(hourly, n, NULL))
        return AQ_EINVALID;
    for (i = 0; i < n; i++) {
        aq_stat *s = &out[i];

        stat_clear(s);
        for (j = i + 1 >= (size_t)width ? i + 1 - (size_t)width : 0; j <= i;
             j++) {
            aq_exact v;

            if (hourly[j] == AQ_MISSING)
                continue;
            v = aq_frac__int(hourly[j]);
            if (aq_frac__add(&s->exact, &v))
                return AQ_EINVALID;
            s->count++;
        }
        if (stat_mean(s, aq_pollutant_digits(p)))
            return AQ_EINVALID;
        if (s->count >= need)
            s->flags |= AQ_STAT_VALID;
    }
    return AQ_OK;
}

/* ---- Unit-day (N5.3) ---- */

/* N5.3.3: stations that must be valid for a unit value out of n */
static int stations_needed(const aq_stats_options *opts, size_t n)
{
    long need = ((long)opts->min_station_share * (long)n + 99) / 100;

    return need < 1 ? 1 : (int)need;
}

static int unit_add(aq_stat *acc, const aq_stat *s, aq_rounding_chain chain)
{
    aq_exact v;

    if (!AQ_STAT_IS_VALID(*s))
        return 0; /* N2.3: an invalid value is not used */
    v = chain_value(s, chain);
    if (aq_frac__add(&acc->exact, &v))
        return -1;
    acc->count++;
    return 0;
}

/*
 * The mean of the valid values of n statistics (stride apart) under the
 * published chain, where every input is its rounded value, a whole number
 * of micro-units: one int64 sum and one exact_ratio()/aq_round_micro(),
 * the results of unit_add() + unit_finish() value for value. 0 done; 1
 * when the sum could leave 63 bits (the caller takes the exact path).
 */
static int unit_mean_whole(aq_stat *acc, const aq_stat *first, size_t stride,
                           size_t n, int digits, int need, int exact)
{
    const char *at = (const char *)first;
    int64_t sum = 0;
    int count = 0;
    size_t i;

    for (i = 0; i < n; i++, at += stride) {
        const aq_stat *s = (const aq_stat *)(const void *)at;
        if (!AQ_STAT_IS_VALID(*s))
            continue; /* N2.3: an invalid value is not used */
        if (s->value < 0 || s->value > INT64_MAX / 2 - sum)
            return 1;
        sum += s->value;
        count++;
    }
    stat_set_mean(acc, sum, count, digits, need, exact);
    return 0;
}

static int unit_finish(aq_stat *acc, int digits, int need)
{
    if (stat_mean(acc, digits))
        return -1;
    if (acc->count >= need)
        acc->flags |= AQ_STAT_VALID;
    return 0;
}

/* The daily AQI of the unit from its rounded values (N4.7, N4.7.4). */
static aq_status unit_aqi(aq_unit_day *out, const aq_ruleset *rs,
                          const aq_stats_options *opts)
{
    static const aq_indicator ind[AQ_POLLUTANT_COUNT] = {
        AQ_IND_SO2,  AQ_IND_NO2, AQ_IND_PM10,
        AQ_IND_PM25, AQ_IND_CO,  AQ_IND_O3_8H};
    int64_t conc[AQ_IND_COUNT];
    aq_status rc;
    int p;

    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        conc[ind[p]] =
            AQ_STAT_IS_VALID(out->value[p]) ? out->value[p].value : AQ_MISSING;
    /* U17: the O3 1-hour maximum may be left out to reproduce data that
     * use six indicators; aq_aqi_daily() itself drops it under R2026 */
    conc[AQ_IND_O3_1H] = opts->daily_o3_1h && AQ_STAT_IS_VALID(out->o3_max1h)
                             ? out->o3_max1h.value
                             : AQ_MISSING;
    rc = aq_aqi_daily(rs, conc, &out->aqi);
    if (rc != AQ_OK)
        return rc;
    /* N5.7.1: good = AQI <= 100; a day without an AQI (N4.9.1) is neither */
    out->good = out->aqi.aqi < 0 ? -1 : out->aqi.aqi <= 100;
    return AQ_OK;
}

static void unit_clear(aq_unit_day *out, int32_t day, const aq_ruleset *rs,
                       size_t n)
{
    int p;

    out->day = day;
    out->ruleset = rs->id;
    out->stations = (int)n;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        stat_clear(&out->value[p]);
    stat_clear(&out->o3_max1h);
    out->good = -1;
}

/* Everything of the unit-day except O3 (and the AQI) from station days. */
static int unit_from_stations(aq_unit_day *out, const aq_station_day *st,
                              size_t n, const aq_stats_options *opts,
                              int with_o3, int exact)
{
    int need = stations_needed(opts, n), p;
    size_t i;

    /* N5.3.2: the mean of the stations' valid daily means, and of their
     * valid MDA8 for O3 */
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        if (p == AQ_O3 && !with_o3)
            continue;
        if (opts->rounding_chain != AQ_ROUNDING_FINAL && n &&
            !unit_mean_whole(&out->value[p],
                             p == AQ_O3 ? &st[0].mda8 : &st[0].mean[p],
                             sizeof *st, n,
                             aq_pollutant_digits((aq_pollutant)p), need,
                             exact))
            continue;
        for (i = 0; i < n; i++) {
            const aq_stat *s = p == AQ_O3 ? &st[i].mda8 : &st[i].mean[p];

            if (unit_add(&out->value[p], s, opts->rounding_chain))
                return -1;
        }
        if (unit_finish(&out->value[p], aq_pollutant_digits((aq_pollutant)p),
                        need))
            return -1;
    }
    if (with_o3) {
        /* [default] the O3 1-hour maximum like the other daily values:
         * the mean of the stations' daily maxima */
        if (opts->rounding_chain != AQ_ROUNDING_FINAL && n &&
            !unit_mean_whole(&out->o3_max1h, &st[0].o3_max1h, sizeof *st, n,
                             0, need, exact))
            return 0;
        for (i = 0; i < n; i++) {
            if (unit_add(&out->o3_max1h, &st[i].o3_max1h, opts->rounding_chain))
                return -1;
        }
        if (unit_finish(&out->o3_max1h, 0, need))
            return -1;
    }
    return 0;
}

aq_status aq_stats_unit_day(int32_t day, const aq_station_day *stations,
                            size_t n, const aq_stats_options *opts,
                            aq_unit_day *out)
{
    const aq_ruleset *rs;

    if (!out || (n && !stations) || aq_stats_options_check(opts, NULL))
        return AQ_EINVALID;
    opts = options_or_default(opts);
    if (opts->unit_o3 == AQ_UNIT_O3_UNIT_HOURLY)
        return AQ_EINVALID; /* needs the hours: aq_stats_unit_day_hourly() */
    rs = ruleset_on(opts->ruleset, day);
    unit_clear(out, day, rs, n);
    if (unit_from_stations(out, stations, n, opts, 1, 1))
        return AQ_ERROR;
    return unit_aqi(out, rs, opts);
}

aq_status aq_stats__unit_day(const aq_stats__day *d,
                             const aq_station_day *stations, size_t n,
                             unsigned flags, aq_unit_day *out)
{
    const aq_ruleset *rs;

    if (!d || !out || (n && !stations) ||
        d->opts->unit_o3 == AQ_UNIT_O3_UNIT_HOURLY)
        return AQ_EINVALID;
    rs = d->rs;
    unit_clear(out, d->day, rs, n);
    if (unit_from_stations(out, stations, n, d->opts, 1,
                           !(flags & AQ_STATS__VALUES_ONLY)))
        return AQ_ERROR;
    if (flags & AQ_STATS__NO_AQI) {
        memset(&out->aqi, 0, sizeof out->aqi);
        out->aqi.aqi = -1; /* not computed; out->good stays -1 */
        out->aqi.flags = AQ_AQI_NA;
        return AQ_OK;
    }
    return unit_aqi(out, rs, d->opts);
}

aq_status aq_stats_unit_day_hourly(
    int32_t day, const int64_t (*hourly)[AQ_POLLUTANT_COUNT][AQ_STATS_HOURS],
    size_t n, const aq_stats_options *opts, aq_unit_day *out)
{
    aq_station_day *st = NULL;
    aq_exact span[SPAN];
    unsigned char have[SPAN];
    aq_stat unit_hour[AQ_STATS_HOURS], windows[AQ_STATS_HOURS];
    aq_stats__day sd;
    const aq_ruleset *rs;
    aq_status rc = AQ_OK;
    int need, h, label;
    size_t i;

    if (!out || (n && !hourly) || aq_stats_options_check(opts, NULL))
        return AQ_EINVALID;
    opts = options_or_default(opts);
    rs = ruleset_on(opts->ruleset, day);
    unit_clear(out, day, rs, n);
    need = stations_needed(opts, n);
    if (n) {
        st = aqx_calloc(n, sizeof *st);
        if (!st)
            return AQ_ENOMEM;
    }
    if ((rc = aq_stats__day_init(&sd, day, opts)) != AQ_OK)
        goto done;
    for (i = 0; i < n; i++) {
        rc = aq_stats__station_day(&sd, hourly[i], NULL, 0, &st[i]);
        if (rc != AQ_OK)
            goto done;
    }
    if (opts->unit_o3 == AQ_UNIT_O3_STATION_MDA8) {
        rc = unit_from_stations(out, st, n, opts, 1, 1) ? AQ_ERROR : AQ_OK;
        goto done;
    }
    if (unit_from_stations(out, st, n, opts, 0, 1)) {
        rc = AQ_ERROR;
        goto done;
    }
    /* U5, unit_hourly: the unit's hourly O3 is the mean of the stations'
     * valid hourly values (N5.3.2, L2: rounded under `published`); the MDA8
     * and the 1-hour maximum are then taken from that series */
    for (h = 0; h < SPAN; h++) {
        have[h] = 0;
        span[h] = aq_frac__int(0);
    }
    for (h = 0; h < AQ_STATS_HOURS; h++) {
        aq_stat *u = &unit_hour[h];

        stat_clear(u);
        for (i = 0; i < n; i++) {
            aq_exact v;

            if (hourly[i][AQ_O3][h] == AQ_MISSING)
                continue;
            v = aq_frac__int(hourly[i][AQ_O3][h]);
            if (aq_frac__add(&u->exact, &v)) {
                rc = AQ_ERROR;
                goto done;
            }
            u->count++;
        }
        if (unit_finish(u, 0, need)) {
            rc = AQ_ERROR;
            goto done;
        }
        if (!AQ_STAT_IS_VALID(*u))
            continue;
        have[AQ_STATS_HOURS + h] = 1;
        span[AQ_STATS_HOURS + h] = chain_value(u, opts->rounding_chain);
        if (out->o3_max1h.count == 0 ||
            aq_frac__cmp(&span[AQ_STATS_HOURS + h], &out->o3_max1h.exact) > 0)
            out->o3_max1h.exact = span[AQ_STATS_HOURS + h];
        out->o3_max1h.count++;
    }
    if (out->o3_max1h.count) {
        out->o3_max1h.value = aq_frac__round_micro(&out->o3_max1h.exact, 0);
        out->o3_max1h.flags |= AQ_STAT_VALID;
    }
    if (aq_stats__o3_windows(span, have, opts->mda8_windows,
                   aq_ruleset_daily_limit(rs, AQ_O3, year_of(day)), windows,
                   &out->value[AQ_O3], &label)) {
        rc = AQ_ERROR;
        goto done;
    }
done:
    aqx_free(st);
    if (rc != AQ_OK)
        return rc;
    return unit_aqi(out, rs, opts);
}

/* ---- Periods (N5.1.6, N5.2, N5.4, N5.7) ---- */

int aq_stats_month_min_days(int month)
{
    return month == 2 ? 25 : 27; /* N2.3, N5.2: February 25, leap or not */
}

int aq_stats_period_percentile(aq_pollutant p)
{
    /* N5.5, N6.2.1: CO 95th percentile of daily means, O3 90th of MDA8 */
    return p == AQ_CO ? 95 : p == AQ_O3 ? 90 : 0;
}

static int cmp_exact(const void *a, const void *b)
{
    return aq_frac__cmp((const aq_exact *)a, (const aq_exact *)b);
}

/*
 * N5.4: with X(1) <= ... <= X(n), k = 1 + (n-1)p/100, s = floor(k),
 * X_p = X(s) + (X(s+1) - X(s))(k - s). (n-1)p is an integer, so with
 * t = (n-1)p the 0-based index of X(s) is t / 100 and k - s = (t % 100)/100
 * exactly.
 */
static int percentile(aq_exact *x, int n, int p, aq_exact *out)
{
    int t = (n - 1) * p, i = t / 100, m = t % 100;
    aq_exact d;

    if (n > 64) {
        qsort(x, (size_t)n, sizeof *x, cmp_exact);
    } else {
        /* a month's days: insertion sort, with the wholes compared inline
         * (equal values are interchangeable: any order of them gives the
         * same percentile) */
        int a, b;
        for (a = 1; a < n; a++) {
            aq_exact v = x[a];
            for (b = a; b > 0 && (x[b - 1].whole != v.whole
                                      ? x[b - 1].whole > v.whole
                                      : aq_frac__cmp(&x[b - 1], &v) > 0);
                 b--)
                x[b] = x[b - 1];
            x[b] = v;
        }
    }
    *out = x[i];
    if (m == 0 || i + 1 >= n)
        return 0;
    if (aq_frac__sub(&x[i + 1], &x[i], &d) || aq_frac__mul_int(&d, m) ||
        aq_frac__div_int(&d, 100) || aq_frac__add(out, &d))
        return -1;
    return 0;
}

/* How a run of days is judged valid (N5.2, D2). */
struct validity {
    int months;   /* month by month, N5.2 (else the partial-span rule) */
    int year;     /* also 324 days in all (a whole calendar year) */
    int min_days; /* the partial span's minimum */
};

static int is_leap_day(int32_t day)
{
    int m, d;

    aq_civil_from_day(day, NULL, &m, &d);
    return m == 2 && d == 29;
}

/*
 * The statistics of the days of `span` (N5.1.6, N5.4, N5.7), judged by v.
 * The days of a span are at most AQ_SPAN_MAX_DAYS; a month index 1..12
 * names one month of it (a span of whole months has at most 12).
 */
static aq_status span_stats(aq_period period, aq_span span, unsigned flags,
                            struct validity v, const aq_unit_day *days,
                            size_t n, const aq_stats_options *opts,
                            aq_period_stats *out, aq_error *err)
{
    const aq_unit_day *slot[AQ_SPAN_MAX_DAYS];
    unsigned char month[AQ_SPAN_MAX_DAYS], skip[AQ_SPAN_MAX_DAYS];
    unsigned months_seen = 0;
    aq_exact vals[AQ_SPAN_MAX_DAYS];
    int y, m, d, nd, i, p;
    size_t k;

    nd = (int)(span.last - span.first + 1);
    memset(out, 0, sizeof *out);
    out->period = period;
    out->span = span;
    aq_civil_from_day(span.last, &y, &m, &d);
    out->ruleset = aq_ruleset_resolve(opts->ruleset, y, m, d)->id;
    for (i = 0; i < nd; i++) {
        slot[i] = NULL;
        aq_civil_from_day(span.first + i, NULL, &m, NULL);
        month[i] = (unsigned char)m;
        months_seen |= 1u << (m - 1);
        /* D3: 29 February left out where the other year lacks it */
        skip[i] = (flags & AQ_SPAN_SKIP_LEAP_DAY) &&
                  is_leap_day(span.first + i);
        out->days += !skip[i];
    }
    out->span_min_days = v.months ? 0 : v.min_days;
    for (k = 0; k < n; k++) {
        int32_t dn = days[k].day;

        if (dn < span.first || dn > span.last || skip[dn - span.first])
            continue;
        if (slot[dn - span.first]) {
            aq_civil_from_day(dn, &y, &m, &i);
            return aq_error_set(err, AQ_EINVALID,
                                "stats: day %04d-%02d-%02d given twice", y, m,
                                i);
        }
        slot[dn - span.first] = &days[k];
    }

    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        aq_stat *s = &out->stat[p];
        int month_count[13] = {0}, pct = aq_stats_period_percentile(p);
        int valid = 1;

        stat_clear(s);
        for (i = 0; i < nd; i++) {
            const aq_stat *dv;

            if (!slot[i])
                continue;
            dv = &slot[i]->value[p];
            if (!AQ_STAT_IS_VALID(*dv))
                continue;
            vals[s->count++] = chain_value(dv, opts->rounding_chain);
            month_count[month[i]]++;
        }
        /* N5.1.6: from the daily values of the whole period */
        if (s->count && pct) {
            if (percentile(vals, s->count, pct, &s->exact))
                return aq_error_set(err, AQ_ERROR,
                                    "stats: %s percentile outgrows exact "
                                    "arithmetic",
                                    aq_pollutant_code((aq_pollutant)p));
            s->value = aq_frac__round_micro(
                &s->exact, aq_pollutant_digits((aq_pollutant)p));
        } else if (s->count) {
            int c = s->count;

            for (i = 0; i < c; i++) {
                if (aq_frac__add(&s->exact, &vals[i]))
                    return aq_error_set(err, AQ_ERROR,
                                        "stats: %s mean outgrows exact "
                                        "arithmetic",
                                        aq_pollutant_code((aq_pollutant)p));
            }
            if (stat_mean(s, aq_pollutant_digits((aq_pollutant)p)))
                return aq_error_set(err, AQ_ERROR,
                                    "stats: %s mean outgrows exact "
                                    "arithmetic",
                                    aq_pollutant_code((aq_pollutant)p));
        }
        if (v.months) {
            /* N5.2 (U12): every month of the period needs 27 valid days
             * (25 in February); a year also needs 324 in all */
            for (m = 1; m <= 12; m++) {
                if (!(months_seen & (1u << (m - 1))))
                    continue;
                out->month_days[p][m - 1] = (unsigned char)month_count[m];
                if (month_count[m] < aq_stats_month_min_days(m)) {
                    out->month_invalid[p] |= 1u << (m - 1);
                    valid = 0;
                }
            }
            if (v.year && s->count < AQ_STATS_MIN_YEAR_DAYS)
                valid = 0;
        } else if (s->count < v.min_days) {
            valid = 0; /* D2: a partial span */
        }
        if (valid && s->count)
            s->flags |= AQ_STAT_VALID;
    }
    out->sufficient = 1;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
        if (!AQ_STAT_IS_VALID(out->stat[p]))
            out->sufficient = 0; /* N5.2.2 */
    }

    /* N5.7: day counts over the days that have an AQI (N4.9.1) */
    for (i = 0; i < nd; i++) {
        int a;

        if (!slot[i] || slot[i]->aqi.aqi < 0)
            continue;
        a = slot[i]->aqi.aqi;
        out->valid_days++;
        if (slot[i]->aqi.level >= 1 && slot[i]->aqi.level <= 6)
            out->level_days[slot[i]->aqi.level]++;
        if (a <= 100)
            out->good_days++;
        if (a > 100)
            out->exceed_days++;
        if (a > 200)
            out->heavy_days++;
    }
    return AQ_OK;
}

aq_status aq_stats_period(aq_period period, const aq_unit_day *days, size_t n,
                          const aq_stats_options *opts, aq_period_stats *out,
                          aq_error *err)
{
    struct validity v = {1, 0, 0};
    aq_status rc;

    if (!out || (n && !days))
        return aq_error_set(err, AQ_EINVALID, "stats: NULL argument");
    if ((rc = aq_stats_options_check(opts, err)) != AQ_OK)
        return rc;
    opts = options_or_default(opts);
    if (period.year < 1900 || period.year > 2200 ||
        (period.kind == AQ_PERIOD_MONTH &&
         (period.index < 1 || period.index > 12)) ||
        (period.kind == AQ_PERIOD_QUARTER &&
         (period.index < 1 || period.index > 4)) ||
        (period.kind != AQ_PERIOD_MONTH && period.kind != AQ_PERIOD_QUARTER &&
         period.kind != AQ_PERIOD_YEAR))
        return aq_error_set(err, AQ_EINVALID, "stats: bad period");
    /* N5.2: 324 days for a whole year; a year to date needs only its
     * months */
    v.year = period.kind == AQ_PERIOD_YEAR &&
             aq_period_last_month(period) == 12;
    return span_stats(period, aq_span_of_period(period), 0, v, days, n, opts,
                      out, err);
}

int aq_stats_span_min_days(int n, const aq_stats_options *opts)
{
    opts = options_or_default(opts);
    /* D2: ceil(n * num / den) */
    return (int)(((int64_t)n * opts->partial_span_num +
                  opts->partial_span_den - 1) /
                 opts->partial_span_den);
}

aq_status aq_stats_span(aq_span span, unsigned flags, const aq_unit_day *days,
                        size_t n, const aq_stats_options *opts,
                        aq_period_stats *out, aq_error *err)
{
    struct validity v = {0, 0, 0};
    aq_period period;
    aq_status rc;
    int y, m, i, calendar = 0;

    if (!out || (n && !days))
        return aq_error_set(err, AQ_EINVALID, "stats: NULL argument");
    if ((rc = aq_stats_options_check(opts, err)) != AQ_OK)
        return rc;
    opts = options_or_default(opts);
    aq_civil_from_day(span.first, &y, NULL, NULL);
    if (span.last < span.first ||
        span.last - span.first + 1 > AQ_SPAN_MAX_DAYS || y < 1900 ||
        y > 2200)
        return aq_error_set(err, AQ_EINVALID,
                            "stats: a span is 1 to %d days",
                            AQ_SPAN_MAX_DAYS);
    if (!aq_span_period(span, &period)) {
        aq_civil_from_day(span.last, &y, &m, NULL);
        period.kind = AQ_PERIOD_MONTH;
        period.year = y;
        period.index = m;
    }
    /* D2: whole months keep N5.2, month by month (a whole calendar year
     * also its 324 days); any other span the partial rule on its
     * calendar days */
    v.months = aq_span_whole_months(span);
    v.year = v.months && period.kind == AQ_PERIOD_YEAR;
    for (i = 0; i <= span.last - span.first; i++)
        calendar += !((flags & AQ_SPAN_SKIP_LEAP_DAY) &&
                      is_leap_day(span.first + i));
    v.min_days = aq_stats_span_min_days(calendar, opts);
    return span_stats(period, span, flags, v, days, n, opts, out, err);
}

/* N5.2, D2: the conditions a period failed, with their numbers */
size_t aq_stats_shortfalls(const aq_period_stats *ps,
                           aq_shortfall out[AQ_SHORTFALL_MAX])
{
    int m, p, y0, m0, y1, m1, i;
    size_t n = 0;

    if (ps->span_min_days > 0) {
        /* D2: a partial span, each pollutant against its minimum */
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
            aq_shortfall *s;
            if (AQ_STAT_IS_VALID(ps->stat[p]))
                continue;
            s = &out[n++];
            s->kind = AQ_SHORT_SPAN;
            s->pollutant = (aq_pollutant)p;
            s->where = ps->period;
            s->valid_days = ps->stat[p].count;
            s->minimum_days = ps->span_min_days;
        }
        return n;
    }
    /* the months of the days covered, in time order (at most 12) */
    aq_civil_from_day(ps->span.first, &y0, &m0, NULL);
    aq_civil_from_day(ps->span.last, &y1, &m1, NULL);
    for (i = 0; y0 * 12 + m0 + i <= y1 * 12 + m1 && i < 12; i++) {
        int idx = y0 * 12 + (m0 - 1) + i;
        m = idx % 12 + 1;
        for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
            aq_shortfall *s;
            if (!(ps->month_invalid[p] & (1u << (m - 1))))
                continue;
            s = &out[n++];
            s->kind = AQ_SHORT_MONTH;
            s->pollutant = (aq_pollutant)p;
            s->where.kind = AQ_PERIOD_MONTH;
            s->where.year = idx / 12;
            s->where.index = m;
            s->valid_days = ps->month_days[p][m - 1];
            s->minimum_days = aq_stats_month_min_days(m);
        }
    }
    /* N5.2: 324 days for a whole year; a year to date needs only its
     * months */
    for (p = 0; ps->period.kind == AQ_PERIOD_YEAR &&
                aq_period_last_month(ps->period) == 12 &&
                p < AQ_POLLUTANT_COUNT;
         p++) {
        aq_shortfall *s;
        if (ps->stat[p].count >= AQ_STATS_MIN_YEAR_DAYS)
            continue;
        s = &out[n++];
        s->kind = AQ_SHORT_YEAR;
        s->pollutant = (aq_pollutant)p;
        s->where = ps->period;
        s->valid_days = ps->stat[p].count;
        s->minimum_days = AQ_STATS_MIN_YEAR_DAYS;
    }
    return n;
}
