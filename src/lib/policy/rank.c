/* SPDX-License-Identifier: MIT */
/*
 * Ranking (P3, N6.3), positions and ladders (P4): include/aq/rank.h.
 * Everything is integer arithmetic on published values; a ladder share
 * that is not a whole micro-unit is kept as an exact fraction and rounded
 * once, to the micro-unit, by aq_round_micro().
 */
#include <stdlib.h>
#include <string.h>

#include "aq/decimal.h"
#include "aq/rank.h"

/* The block of the ranking a status belongs to: ranked (and flagged)
 * units first, then placed, then unranked */
static int block_of(aq_rank_status st)
{
    switch (st) {
    case AQ_RANK_RANKED:
    case AQ_RANK_FLAGGED: return 0;
    case AQ_RANK_PLACED: return 1;
    default: return 2;
    }
}

/* Within a block by value, ascending (the good-days ratio descending,
 * N6.3.3), units without a value last (P3, N6.3.4: also the placed and
 * the unranked are listed by their index); ties by name (bytes), then
 * input order. */
static int entry_cmp(const void *pa, const void *pb, void *by)
{
    const aq_rank_entry *a = pa, *b = pb;
    int c, desc = *(const aq_rank_by *)by == AQ_RANK_BY_GOOD_DAYS;

    if (block_of(a->status) != block_of(b->status))
        return block_of(a->status) < block_of(b->status) ? -1 : 1;
    if (a->value != b->value) {
        if (a->value == AQ_MISSING || b->value == AQ_MISSING)
            return a->value == AQ_MISSING ? 1 : -1;
        return (a->value < b->value) != desc ? -1 : 1;
    }
    c = strcmp(a->unit, b->unit);
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

aq_status aq_rank_compute(const aq_policy *pol, aq_rank_by by,
                          const aq_unit_result *in, size_t n,
                          aq_rank_entry *out, size_t *n_ranked, aq_error *err)
{
    size_t i, j, nr = 0;
    int g;

    if (!pol || (n && (!in || !out)) || !n_ranked)
        return aq_error_set(err, AQ_EINVALID, "aq_rank_compute: NULL");
    if (n > 100000)
        return aq_error_set(err, AQ_EINVALID, "too many units (%zu)", n);
    for (i = 0; i < n; i++) {
        int64_t v = by == AQ_RANK_BY_PM25        ? in[i].pm25
                    : by == AQ_RANK_BY_GOOD_DAYS ? in[i].good_ratio
                                                 : in[i].composite;
        aq_rank_entry *e = &out[i];
        if (!in[i].unit)
            return aq_error_set(err, AQ_EINVALID, "unit %zu has no name", i);
        memset(e, 0, sizeof *e);
        e->index = i;
        e->unit = in[i].unit;
        e->amount_den = 1;
        e->value = v;
        /* N6.2.6, N6.3.4: a unit is ranked on its value when it is
         * sufficient and has one; the policy (P3) decides the others:
         * left out, placed after the ranked units, or ranked among them
         * and flagged (a unit without a value is never ranked on one) */
        if (in[i].sufficient && v != AQ_MISSING)
            e->status = AQ_RANK_RANKED;
        else if (pol->insufficient_data == AQ_INSUFFICIENT_FLAGGED &&
                 v != AQ_MISSING)
            e->status = AQ_RANK_FLAGGED;
        else if (pol->insufficient_data == AQ_INSUFFICIENT_LAST)
            e->status = AQ_RANK_PLACED;
        else
            e->status = AQ_RANK_UNRANKED;
        if (e->status != AQ_RANK_UNRANKED)
            nr++;
    }
    if (n)
        qsort_r(out, n, sizeof *out, entry_cmp, &by);
    /* P3: a tie group of k units at rank r occupies positions r..r+k-1;
     * "last" and "the worst g" hold when any occupied position does.
     * Equal values tie within a block (placed units without a value form
     * one group at the end). */
    g = pol->bottom_group;
    for (i = 0; i < n && out[i].status != AQ_RANK_UNRANKED; i = j) {
        for (j = i + 1; j < n &&
                        block_of(out[j].status) == block_of(out[i].status) &&
                        out[j].value == out[i].value;
             j++)
            ;
        for (size_t k = i; k < j; k++) {
            out[k].rank = (int)i + 1;
            out[k].pos_first = (int)i + 1;
            out[k].pos_last = (int)j;
            out[k].is_last = j == nr;
            out[k].in_bottom = (long)j >= (long)nr - g + 1;
        }
    }
    *n_ranked = nr;
    return AQ_OK;
}

/* P4: the amount at position p of N, in micro-units, signed. */
static int64_t ladder_at(const aq_policy *pol, size_t p, size_t nr)
{
    if (p <= pol->reward_count)
        return pol->reward_ladder[p - 1];
    if (nr - p < pol->penalty_count)
        return -pol->penalty_ladder[nr - p];
    return 0;
}

static int64_t gcd64(int64_t a, int64_t b)
{
    if (a < 0)
        a = -a;
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a ? a : 1;
}

aq_status aq_rank_amounts(const aq_policy *pol, aq_rank_entry *e, size_t n,
                          size_t n_ranked, aq_error *err)
{
    size_t i;

    if (!pol || (n && !e))
        return aq_error_set(err, AQ_EINVALID, "aq_rank_amounts: NULL");
    for (i = 0; i < n; i++) {
        e[i].amount = 0;
        e[i].amount_num = 0;
        e[i].amount_den = 1;
    }
    /* P4: refuse rather than guess when the ladders would overlap. */
    if (n_ranked < pol->reward_count + pol->penalty_count)
        return aq_error_set(err, AQ_EPOLICY,
                            "%zu ranked units, but the reward and penalty "
                            "ladders need at least %zu (%zu + %zu) so that "
                            "they do not overlap (P4)",
                            n_ranked, pol->reward_count + pol->penalty_count,
                            pol->reward_count, pol->penalty_count);
    for (i = 0; i < n; i++) {
        int64_t sum = 0, k, d;
        int p;
        if (e[i].status == AQ_RANK_UNRANKED || e[i].pos_first < 1)
            continue;
        /* P4: a tie group shares the amounts of its positions equally:
         * tied 4th and 5th get (40 + 0) / 2 = 20 each. */
        for (p = e[i].pos_first; p <= e[i].pos_last; p++)
            sum += ladder_at(pol, (size_t)p, n_ranked);
        k = e[i].pos_last - e[i].pos_first + 1;
        d = gcd64(sum, k);
        e[i].amount_num = sum / d;
        e[i].amount_den = k / d;
        /* One rounding, to the micro-unit (a fen when the unit is 万元),
         * half to even on the exact fraction: 100/3 -> 33.333333. */
        e[i].amount = aq_round_micro(sum, k, 6);
        if (e[i].status == AQ_RANK_FLAGGED) {
            /* P3 flagged: the position is taken, its amount withheld */
            e[i].amount = e[i].amount_num = 0;
            e[i].amount_den = 1;
        }
    }
    return AQ_OK;
}
