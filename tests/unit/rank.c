/* SPDX-License-Identifier: MIT */
/* Ranking, positions and ladders (aq/rank.h): TV-30 (P3, N6.3, P4 tie
 * edges), insufficient data both ways (P3), the overlap refusal (P4),
 * exact shares, and TV-31 change rates (N6.5). */
#include "aq/decimal.h"
#include "aq/composite.h" /* the change rate, N6.5.1 */
#include "aq/rank.h"
#include "harness.h"

#define M AQ_MICRO
#define N(a) (sizeof(a) / sizeof((a)[0]))

static aq_unit_result res(const char *u, int suff, int64_t comp, int64_t pm)
{
    aq_unit_result r;

    memset(&r, 0, sizeof r);
    r.unit = u;
    r.sufficient = suff;
    r.composite = comp;
    r.pm25 = pm;
    return r;
}

static const aq_rank_entry *find(const aq_rank_entry *e, size_t n,
                                 const char *unit)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!strcmp(e[i].unit, unit))
            return &e[i];
    return NULL;
}

/* TV-30: the 13 Hengshui units, composite in hundredths. */
static const struct {
    const char *unit;
    int64_t comp, pm25;
    int rank, first, last;
    int64_t amount_wan; /* P4, by hand: see the comments */
} tv30[] = {
    {"桃城区", 621, 68, 9, 9, 9, 0},
    {"冀州区", 570, 64, 7, 7, 7, 0},
    {"枣强县", 532, 60, 3, 3, 3, 60},
    {"武邑县", 541, 62, 4, 4, 5, 20},   /* (40 + 0) / 2 */
    {"武强县", 589, 66, 8, 8, 8, 0},
    {"饶阳县", 560, 63, 6, 6, 6, 0},
    {"安平县", 622, 70, 10, 10, 10, -40}, /* 4th to last */
    {"故城县", 648, 72, 11, 11, 11, -60},
    {"景县", 515, 58, 2, 2, 2, 80},
    {"阜城县", 507, 57, 1, 1, 1, 100},
    {"深州市", 670, 75, 12, 12, 13, -90}, /* (-80 - 100) / 2 */
    {"滨湖新区", 541, 61, 4, 4, 5, 20},
    {"高新区", 670, 74, 12, 12, 13, -90},
};

void test_rank__tv30_ties_positions_amounts_P3_P4(void)
{
    aq_unit_result in[13];
    aq_rank_entry out[13];
    aq_policy pol;
    size_t i, nr = 0;
    int64_t total = 0;

    aq_policy_init(&pol);
    for (i = 0; i < 13; i++)
        in[i] = res(tv30[i].unit, 1, tv30[i].comp, tv30[i].pm25);
    CHECK_OK(aq_rank_compute(&pol, AQ_RANK_BY_COMPOSITE, in, 13, out, &nr,
                             NULL));
    CHECK_OK(aq_rank_amounts(&pol, out, 13, nr, NULL));
    EXPECT_EQ_INT(13, nr);
    for (i = 0; i < 13; i++) {
        const aq_rank_entry *e = find(out, 13, tv30[i].unit);
        CHECK(e);
        EXPECT_EQ_INT(tv30[i].rank, e->rank);
        EXPECT_EQ_INT(tv30[i].first, e->pos_first);
        EXPECT_EQ_INT(tv30[i].last, e->pos_last);
        EXPECT_EQ_INT(tv30[i].amount_wan * M, e->amount);
        EXPECT_EQ_INT(tv30[i].last == 13, e->is_last);  /* S1: both 12s */
        EXPECT_EQ_INT(tv30[i].last >= 12, e->in_bottom); /* worst two */
        total += e->amount;
    }
    /* P4: ties do not change the total paid out: 280 - 280 = 0 */
    EXPECT_EQ_INT(0, total);
    /* stable order within ties, by name: 武 (U+6B66) before 滨 (U+6EE8) */
    EXPECT_EQ_STR("武邑县", out[3].unit);
    EXPECT_EQ_STR("滨湖新区", out[4].unit);
    EXPECT_EQ_STR("深州市", out[11].unit);
}

void test_rank__pm25_ranking_ties_N6_3_3(void)
{
    aq_unit_result in[4] = {res("a", 1, 500, 40), res("b", 1, 400, 35),
                            res("c", 1, 300, 40), res("d", 1, 600, 50)};
    aq_rank_entry out[4];
    aq_policy pol;
    size_t nr;

    aq_policy_init(&pol);
    CHECK_OK(aq_rank_compute(&pol, AQ_RANK_BY_PM25, in, 4, out, &nr, NULL));
    EXPECT_EQ_STR("b", out[0].unit);
    EXPECT_EQ_INT(1, out[0].rank);
    EXPECT_EQ_INT(2, find(out, 4, "a")->rank);
    EXPECT_EQ_INT(2, find(out, 4, "c")->rank);
    EXPECT_EQ_INT(4, find(out, 4, "d")->rank);
    EXPECT(find(out, 4, "a")->in_bottom); /* positions 2-3 >= N-1 = 3 */
}

void test_rank__insufficient_unranked_or_last_P3(void)
{
    aq_unit_result in[4] = {res("a", 1, 400, 40), res("b", 0, 300, 30),
                            res("c", 1, 500, 50),
                            res("d", 1, AQ_MISSING, 45)};
    aq_rank_entry out[4];
    aq_policy pol;
    size_t nr;

    aq_policy_init(&pol);
    pol.reward_count = pol.penalty_count = 1;
    /* unranked: b (insufficient) and d (no composite, N6.2.6) left out */
    CHECK_OK(aq_rank_compute(&pol, AQ_RANK_BY_COMPOSITE, in, 4, out, &nr,
                             NULL));
    EXPECT_EQ_INT(2, nr);
    EXPECT_EQ_INT(0, find(out, 4, "b")->rank);
    EXPECT_EQ_INT(AQ_RANK_UNRANKED, find(out, 4, "d")->status);
    EXPECT(find(out, 4, "c")->is_last);
    CHECK_OK(aq_rank_amounts(&pol, out, 4, nr, NULL));
    EXPECT_EQ_INT(-100 * M, find(out, 4, "c")->amount);
    EXPECT_EQ_INT(0, find(out, 4, "b")->amount);
    /* last: both placed after the ranked units, by their values: b
     * (3.00) at 3, then d, which has none, at 4 of 4 */
    pol.insufficient_data = AQ_INSUFFICIENT_LAST;
    CHECK_OK(aq_rank_compute(&pol, AQ_RANK_BY_COMPOSITE, in, 4, out, &nr,
                             NULL));
    EXPECT_EQ_INT(4, nr);
    EXPECT_EQ_INT(3, find(out, 4, "b")->rank);
    EXPECT_EQ_INT(3, find(out, 4, "b")->pos_last);
    EXPECT_EQ_INT(4, find(out, 4, "d")->rank);
    EXPECT(find(out, 4, "d")->is_last);
    EXPECT(!find(out, 4, "b")->is_last);
    EXPECT(!find(out, 4, "c")->is_last);
    CHECK_OK(aq_rank_amounts(&pol, out, 4, nr, NULL));
    EXPECT_EQ_INT(0, find(out, 4, "b")->amount);
    EXPECT_EQ_INT(-100 * M, find(out, 4, "d")->amount);
    /* flagged: b ranked by its 3.00 among the sufficient units and
     * marked, 1st of 3; its reward withheld; d (no value) left out */
    pol.insufficient_data = AQ_INSUFFICIENT_FLAGGED;
    CHECK_OK(aq_rank_compute(&pol, AQ_RANK_BY_COMPOSITE, in, 4, out, &nr,
                             NULL));
    EXPECT_EQ_INT(3, nr);
    EXPECT_EQ_INT(1, find(out, 4, "b")->rank);
    EXPECT_EQ_INT(AQ_RANK_FLAGGED, find(out, 4, "b")->status);
    EXPECT_EQ_INT(2, find(out, 4, "a")->rank);
    EXPECT_EQ_INT(3, find(out, 4, "c")->rank);
    EXPECT_EQ_INT(AQ_RANK_UNRANKED, find(out, 4, "d")->status);
    CHECK_OK(aq_rank_amounts(&pol, out, 4, nr, NULL));
    EXPECT_EQ_INT(0, find(out, 4, "b")->amount);
    EXPECT_EQ_INT(0, find(out, 4, "a")->amount);
    EXPECT_EQ_INT(-100 * M, find(out, 4, "c")->amount);
}

/* Every unit insufficient (issue 15: the year 2019 of the 13 cities):
 * `last` places them by their values 1..n, never all at rank 1; `flagged`
 * ranks them by their values, each marked. */
void test_rank__every_unit_insufficient_P3(void)
{
    aq_unit_result in[3] = {res("x", 0, 700, 70), res("y", 0, 500, 50),
                            res("z", 0, 600, 60)};
    aq_rank_entry out[3];
    aq_policy pol;
    size_t nr, i;
    int mode;

    aq_policy_init(&pol);
    for (mode = 0; mode < 2; mode++) {
        pol.insufficient_data =
            mode ? AQ_INSUFFICIENT_FLAGGED : AQ_INSUFFICIENT_LAST;
        CHECK_OK(aq_rank_compute(&pol, AQ_RANK_BY_COMPOSITE, in, 3, out, &nr,
                                 NULL));
        EXPECT_EQ_INT(3, nr);
        EXPECT_EQ_STR("y", out[0].unit);
        EXPECT_EQ_STR("z", out[1].unit);
        EXPECT_EQ_STR("x", out[2].unit);
        for (i = 0; i < 3; i++) {
            EXPECT_EQ_INT((int)i + 1, out[i].rank);
            EXPECT_EQ_INT(mode ? AQ_RANK_FLAGGED : AQ_RANK_PLACED,
                          out[i].status);
        }
        EXPECT(out[2].is_last);
    }
    /* unranked: nobody ranked, listed by value all the same */
    pol.insufficient_data = AQ_INSUFFICIENT_UNRANKED;
    CHECK_OK(aq_rank_compute(&pol, AQ_RANK_BY_COMPOSITE, in, 3, out, &nr,
                             NULL));
    EXPECT_EQ_INT(0, nr);
    EXPECT_EQ_STR("y", out[0].unit);
    EXPECT_EQ_STR("x", out[2].unit);
}

void test_rank__overlapping_ladders_refused_P4(void)
{
    aq_unit_result in[7];
    aq_rank_entry out[7];
    aq_error err = AQ_ERROR_INIT;
    aq_policy pol;
    static const char *const names[7] = {"a", "b", "c", "d", "e", "f", "g"};
    size_t i, nr;

    aq_policy_init(&pol);
    for (i = 0; i < 7; i++)
        in[i] = res(names[i], 1, 400 + (int64_t)i, 40);
    CHECK_OK(aq_rank_compute(&pol, AQ_RANK_BY_COMPOSITE, in, 7, out, &nr,
                             NULL));
    EXPECT_EQ_INT(AQ_EPOLICY, aq_rank_amounts(&pol, out, 7, nr, &err));
    EXPECT(strstr(err.message, "7 ranked units") != NULL);
    EXPECT(strstr(err.message, "(P4)") != NULL);
    EXPECT_EQ_INT(0, out[0].amount);
}

void test_rank__inexact_share_rounded_once_P4(void)
{
    aq_unit_result in[4] = {res("a", 1, 300, 30), res("b", 1, 300, 30),
                            res("c", 1, 300, 30), res("d", 1, 400, 40)};
    aq_rank_entry out[4];
    aq_policy pol;
    size_t nr;

    aq_policy_init(&pol);
    pol.reward_count = pol.penalty_count = 1;
    /* 200/3 = 66.6666666...: a share rounded half-even to micro-units */
    pol.reward_ladder[0] = 200 * M;
    CHECK_OK(aq_rank_compute(&pol, AQ_RANK_BY_COMPOSITE, in, 4, out, &nr,
                             NULL));
    CHECK_OK(aq_rank_amounts(&pol, out, 4, nr, NULL));
    EXPECT_EQ_INT(66666667, out[0].amount);
    EXPECT_EQ_INT(200 * M, out[0].amount_num); /* exact: 200000000 / 3 */
    EXPECT_EQ_INT(3, out[0].amount_den);
    EXPECT_EQ_INT(-100 * M, out[3].amount);
    EXPECT_EQ_INT(1, out[3].amount_den);
}

void test_rank__tv31_change_rate_N6_5(void)
{
    /* TV-31: composite now / same month last year, hundredths */
    static const int64_t now[5] = {558, 522, 510, 462, 400};
    static const int64_t before[5] = {620, 580, 500, 440, AQ_MISSING};
    static const int64_t want[4] = {-100, -100, 20, 50}; /* tenths of % */
    static const int want_rank[5] = {1, 1, 3, 4, 0};
    int64_t rates[5];
    aq_unit_result rows[5];
    aq_rank_entry out[5];
    static const char *const names[5] = {"a", "b", "c", "d", "e"};
    aq_policy pol;
    aq_error err = AQ_ERROR_INIT;
    size_t i, n_ranked = 0;

    for (i = 0; i < 5; i++) {
        aq_status rc = aq_composite_change_rate(now[i], before[i], &rates[i]);
        if (i < 4) {
            EXPECT_EQ_INT(AQ_OK, rc);
            EXPECT_EQ_INT(want[i], rates[i]);
        } else {
            EXPECT_EQ_INT(AQ_EINSUFFICIENT, rc); /* not comparable */
            rates[i] = AQ_MISSING;
        }
    }
    /* the change rates ranked like any value (N6.5.2: competition
     * ranking, ascending, a unit without a rate not ranked) */
    aq_policy_init(&pol);
    memset(rows, 0, sizeof rows);
    for (i = 0; i < 5; i++) {
        rows[i].unit = names[i];
        rows[i].sufficient = rates[i] != AQ_MISSING;
        rows[i].composite = rates[i];
    }
    CHECK_OK(aq_rank_compute(&pol, AQ_RANK_BY_COMPOSITE, rows, 5, out,
                             &n_ranked, &err));
    EXPECT_EQ_INT(4, n_ranked);
    for (i = 0; i < 5; i++)
        EXPECT_EQ_INT(want_rank[out[i].index], out[i].rank);
    /* Wuyuan (N6.5.1): 2.63 vs 2.89 -> -9.0 % */
    CHECK_OK(aq_composite_change_rate(263, 289, &rates[0]));
    EXPECT_EQ_INT(-90, rates[0]);
}
