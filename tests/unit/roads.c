/* SPDX-License-Identifier: MIT */
/* The road-cleanliness standard (aq/roads.h, issue 20): samples, the
 * article's two limits (5 g/m2, 15 minutes), the 05:00-20:00 window, the
 * rounding of the published shares and mean, the ranking on two keys with
 * ties (P3), the sample minimum, the roads that failed most, and the road
 * ranking's own ladders (P4). Every expected number is worked out by hand
 * in the comment above it. */
#include "aq/decimal.h"
#include "aq/roads.h"
#include "harness.h"

#define M(x) ((int64_t)((x) * 1000 + 0.5) * 1000) /* thousandths, exact */
#define NONE AQ_MISSING

static aq_inspection rec(const char *unit, const char *road, int hour,
                         int minute, int64_t dust, int64_t litter)
{
    aq_inspection r;

    memset(&r, 0, sizeof r);
    r.unit = unit;
    r.road = road;
    r.day = aq_day_from_civil(2019, 1, 10);
    r.minute = hour * 60 + minute;
    r.dust = dust;
    r.litter = litter;
    r.inspector = r.note = "";
    return r;
}

static const aq_period jan = {AQ_PERIOD_MONTH, 2019, 1};

static const aq_roads_unit *unit_of(const aq_roads *r, const char *name)
{
    size_t i;

    for (i = 0; i < r->n_units; i++)
        if (!strcmp(r->units[i].unit, name))
            return &r->units[i];
    return NULL;
}

static int rank_of(const aq_roads *r, const char *name)
{
    size_t i;

    for (i = 0; i < r->n_units; i++)
        if (!strcmp(r->ranking[i].unit, name))
            return r->ranking[i].rank;
    return -1;
}

/* The article's numbers: 5.0 g/m2 complies and 5.01 does not; 15 minutes
 * complies and 16 does not. A: loads 5.00, 5.01, 4.99, 3.00 -> 3 of 4
 * comply, 75.0 %; mean 18.00 / 4 = 4.50. Litter 15, 16 -> 1 of 2, 50.0 %.
 * B: 2, 2, 2, 2 -> 100.0 %, mean 2.00: rank 1; A rank 2. */
void test_roads__article_limits_and_compliance_issue20(void)
{
    const char *names[] = {"A", "B"};
    aq_inspection r[] = {
        rec("A", "人民路", 8, 0, M(5.0), M(15)),
        rec("A", "人民路", 9, 0, M(5.01), M(16)),
        rec("A", "胜利路", 10, 0, M(4.99), NONE),
        rec("A", "胜利路", 11, 0, M(3), NONE),
        rec("B", "x", 8, 0, M(2), NONE), rec("B", "x", 9, 0, M(2), NONE),
        rec("B", "x", 10, 0, M(2), NONE), rec("B", "x", 11, 0, M(2), NONE),
    };
    aq_policy pol;
    aq_roads *out = NULL;
    const aq_roads_unit *a;
    aq_error err = AQ_ERROR_INIT;

    aq_policy_init(&pol);
    CHECK_OK(aq_roads_compute(&pol, jan, names, 2, r, 8, &out, &err));
    a = unit_of(out, "A");
    CHECK(a);
    EXPECT_EQ_INT(4, a->inspections);
    EXPECT_EQ_INT(4, a->dust_samples);
    EXPECT_EQ_INT(3, a->dust_compliant);
    EXPECT_EQ_INT(750, a->dust_compliance);
    EXPECT_EQ_INT(450, a->dust_mean);
    EXPECT_EQ_INT(2, a->litter_samples);
    EXPECT_EQ_INT(500, a->litter_compliance);
    /* the one road that failed: 人民路, one load and one litter time */
    EXPECT_EQ_INT(1, a->n_failed);
    EXPECT_EQ_STR("人民路", a->failed[0].road);
    EXPECT_EQ_INT(2, a->failed[0].failures);
    EXPECT_EQ_INT(1, a->failed[0].dust_failures);
    EXPECT_EQ_INT(1, a->failed[0].litter_failures);
    EXPECT_EQ_INT(1, rank_of(out, "B"));
    EXPECT_EQ_INT(2, rank_of(out, "A"));
    EXPECT_EQ_INT(2, out->n_ranked);
    EXPECT_EQ_INT(0, out->has_ladders);
    EXPECT_EQ_STR("B", out->ranking[0].unit);
    aq_roads_free(out);
}

/* The window 05:00-20:00, both ends in: 04:59 and 20:01 are inspections
 * but no samples; 05:00 and 20:00 are samples. */
void test_roads__window_ends_included_issue20(void)
{
    const char *names[] = {"A"};
    aq_inspection r[] = {
        rec("A", "x", 4, 59, M(9), M(99)), rec("A", "x", 5, 0, M(1), M(1)),
        rec("A", "x", 20, 0, M(1), M(1)), rec("A", "x", 20, 1, M(9), M(99)),
    };
    aq_policy pol;
    aq_roads *out = NULL;
    aq_error err = AQ_ERROR_INIT;

    aq_policy_init(&pol);
    CHECK_OK(aq_roads_compute(&pol, jan, names, 1, r, 4, &out, &err));
    EXPECT_EQ_INT(4, out->units[0].inspections);
    EXPECT_EQ_INT(2, out->units[0].outside_window);
    EXPECT_EQ_INT(2, out->units[0].dust_samples);
    EXPECT_EQ_INT(1000, out->units[0].dust_compliance);
    EXPECT_EQ_INT(1000, out->units[0].litter_compliance);
    EXPECT_EQ_INT(2, out->outside_window);
    EXPECT_EQ_INT(0, out->units[0].n_failed);
    aq_roads_free(out);
}

/* Rounding half to even on the exact value (N1.4): 1 of 16 loads over
 * the limit -> 15/16 = 93.75 % -> 93.8 (937.5 tenths, to the even 938);
 * 1 of 16 litter times within -> 6.25 % -> 6.2 (62.5, to the even 62).
 * Mean: fifteen loads of 1 and one of 5.04 -> 20.04 / 16 = 1.2525 ->
 * 1.25 (125.25 hundredths -> 125). Another unit: 3 of 3 loads of 1.005,
 * 1.005, 1.000 -> 3.01 / 3 = 1.00333 -> 1.00, compliance 100.0. */
void test_roads__rounding_half_even_N1_4(void)
{
    const char *names[] = {"A"};
    aq_inspection r[16];
    aq_policy pol;
    aq_roads *out = NULL;
    aq_error err = AQ_ERROR_INIT;
    int i;

    for (i = 0; i < 16; i++)
        r[i] = rec("A", "x", 6 + i / 2, 0, i == 0 ? M(5.04) : M(1),
                   i == 0 ? M(15) : M(30));
    aq_policy_init(&pol);
    CHECK_OK(aq_roads_compute(&pol, jan, names, 1, r, 16, &out, &err));
    EXPECT_EQ_INT(938, out->units[0].dust_compliance);
    EXPECT_EQ_INT(62, out->units[0].litter_compliance);
    EXPECT_EQ_INT(125, out->units[0].dust_mean);
    aq_roads_free(out);
}

/* P3 on two keys. C: 1, 1, 1, 1 and D: 0.5, 1.5, 1, 1, both 100.0 % with
 * mean 4 / 4 = 1.00: tied at 1, positions 1-2. E: 100.0 % with mean 2.00:
 * rank 3 (equal compliance, the lower mean first). F: 0.1, 0.1, 0.1, 5.1
 * -> 3 of 4, 75.0 %, mean 5.4 / 4 = 1.35: rank 4, below E although its
 * mean is lower (compliance first). G: 3 samples only: not ranked (fewer
 * than 4). H: no record. */
void test_roads__ties_on_both_keys_and_minimum_P3(void)
{
    const char *names[] = {"H", "G", "F", "E", "D", "C"};
    aq_inspection r[] = {
        rec("C", "x", 8, 0, M(1), NONE),   rec("C", "x", 9, 0, M(1), NONE),
        rec("C", "x", 10, 0, M(1), NONE),  rec("C", "x", 11, 0, M(1), NONE),
        rec("D", "y", 8, 0, M(0.5), NONE), rec("D", "y", 9, 0, M(1.5), NONE),
        rec("D", "y", 10, 0, M(1), NONE),  rec("D", "y", 11, 0, M(1), NONE),
        rec("E", "z", 8, 0, M(2), NONE),   rec("E", "z", 9, 0, M(2), NONE),
        rec("E", "z", 10, 0, M(2), NONE),  rec("E", "z", 11, 0, M(2), NONE),
        rec("F", "w", 8, 0, M(0.1), NONE), rec("F", "w", 9, 0, M(0.1), NONE),
        rec("F", "w", 10, 0, M(0.1), NONE), rec("F", "w", 11, 0, M(5.1), NONE),
        rec("G", "v", 8, 0, M(0.1), NONE), rec("G", "v", 9, 0, M(0.1), NONE),
        rec("G", "v", 10, 0, M(0.1), NONE),
    };
    aq_policy pol;
    aq_roads *out = NULL;
    aq_error err = AQ_ERROR_INIT;

    aq_policy_init(&pol);
    CHECK_OK(aq_roads_compute(&pol, jan, names, 6, r, 19, &out, &err));
    EXPECT_EQ_INT(1, rank_of(out, "C"));
    EXPECT_EQ_INT(1, rank_of(out, "D"));
    EXPECT_EQ_INT(3, rank_of(out, "E"));
    EXPECT_EQ_INT(4, rank_of(out, "F"));
    EXPECT_EQ_INT(135, unit_of(out, "F")->dust_mean);
    EXPECT_EQ_INT(0, rank_of(out, "G"));
    EXPECT_EQ_INT(0, rank_of(out, "H"));
    EXPECT_EQ_INT(4, out->n_ranked);
    EXPECT_EQ_INT(1, out->ranking[0].pos_first);
    EXPECT_EQ_INT(2, out->ranking[0].pos_last);
    /* within a tie by name: C before D; unranked last, G (with loads)
     * before H (none) */
    EXPECT_EQ_STR("C", out->ranking[0].unit);
    EXPECT_EQ_STR("G", out->ranking[4].unit);
    EXPECT_EQ_STR("H", out->ranking[5].unit);
    EXPECT_EQ_INT(AQ_MISSING, unit_of(out, "H")->dust_mean);
    EXPECT_EQ_INT(AQ_MISSING, unit_of(out, "H")->dust_compliance);
    /* records of another month or of a unit not named are left out */
    aq_roads_free(out);
    r[0].day = aq_day_from_civil(2019, 2, 1);
    r[1].unit = "Z";
    CHECK_OK(aq_roads_compute(&pol, jan, names, 6, r, 19, &out, &err));
    EXPECT_EQ_INT(2, unit_of(out, "C")->inspections);
    EXPECT_EQ_INT(0, rank_of(out, "C"));
    EXPECT_EQ_INT(17, out->inspections);
    aq_roads_free(out);
}

/* The roads that failed most: three at most, most failures first, then
 * by name; a road with none is not listed. */
void test_roads__failed_roads_order_issue20(void)
{
    const char *names[] = {"A"};
    aq_inspection r[] = {
        rec("A", "d", 8, 0, M(6), M(20)), rec("A", "b", 8, 0, M(6), NONE),
        rec("A", "c", 8, 0, M(6), NONE),  rec("A", "a", 8, 0, NONE, M(16)),
        rec("A", "e", 8, 0, M(1), M(1)),  rec("A", "d", 9, 0, M(7), NONE),
    };
    aq_policy pol;
    aq_roads *out = NULL;
    aq_error err = AQ_ERROR_INIT;

    aq_policy_init(&pol);
    CHECK_OK(aq_roads_compute(&pol, jan, names, 1, r, 6, &out, &err));
    CHECK(out->units[0].n_failed == 3);
    EXPECT_EQ_STR("d", out->units[0].failed[0].road);
    EXPECT_EQ_INT(3, out->units[0].failed[0].failures);
    EXPECT_EQ_INT(2, out->units[0].failed[0].dust_failures);
    EXPECT_EQ_STR("a", out->units[0].failed[1].road);
    EXPECT_EQ_STR("b", out->units[0].failed[2].road);
    aq_roads_free(out);
}

/* P4 with the road ranking's own ladders: reward 10, 6; penalty 4. Four
 * units ranked: C and D tied first share 10 + 6 -> 8 each; E third gets
 * 0; F last loses 4. Without ladders (the default) nothing is paid; with
 * ladders longer than the ranking the amounts are refused (P4). */
void test_roads__own_ladders_P4(void)
{
    const char *names[] = {"C", "D", "E", "F"};
    aq_inspection r[16];
    aq_policy pol;
    aq_roads *out = NULL;
    aq_error err = AQ_ERROR_INIT;
    size_t i;

    for (i = 0; i < 16; i++)
        r[i] = rec(names[i / 4], "x", 8 + (int)(i % 4), 0,
                   i < 8 ? M(1) : i < 12 ? M(2) : M(3), NONE);
    aq_policy_init(&pol);
    {
        const char *t = "roads_reward_ladder = 10, 6\n"
                        "roads_penalty_ladder = 4\n";
        CHECK_OK(aq_policy_parse(&pol, t, strlen(t), "t", &err));
    }
    CHECK_OK(aq_roads_compute(&pol, jan, names, 4, r, 16, &out, &err));
    EXPECT_EQ_INT(1, out->has_ladders);
    EXPECT_EQ_INT(AQ_OK, out->amounts_status);
    EXPECT_EQ_INT(8 * AQ_MICRO, out->ranking[0].amount);
    EXPECT_EQ_INT(8 * AQ_MICRO, out->ranking[1].amount);
    EXPECT_EQ_INT(0, out->ranking[2].amount);
    EXPECT_EQ_INT(-4 * AQ_MICRO, out->ranking[3].amount);
    aq_roads_free(out);
    /* the air ranking's ladders (100, 80, 60, 40) are not the road's */
    aq_policy_init(&pol);
    {
        const char *t = "roads_penalty_ladder = 4, 3, 2\n"
                        "roads_reward_ladder = 1, 1\n";
        CHECK_OK(aq_policy_parse(&pol, t, strlen(t), "t2", &err));
    }
    CHECK_OK(aq_roads_compute(&pol, jan, names, 4, r, 16, &out, &err));
    EXPECT_EQ_INT(AQ_EPOLICY, out->amounts_status);
    EXPECT_EQ_INT(0, out->ranking[0].amount);
    EXPECT(strstr(out->amounts_message, "P4") != NULL);
    aq_roads_free(out);
}

/* The policy's road settings: defaults from the article, and their
 * checks. */
void test_roads__policy_settings_issue20(void)
{
    aq_policy p;
    aq_error err = AQ_ERROR_INIT;
    const char *bad[] = {"roads_window = 20:00-05:00\n",
                         "roads_window = 5:00-20:00\n",
                         "roads_window = 05:00-24:00\n",
                         "roads_dust_limit = -1\n",
                         "roads_litter_minutes = 1441\n",
                         "roads_min_samples = 0\n"};
    size_t i;

    aq_policy_init(&p);
    EXPECT_EQ_INT(5 * AQ_MICRO, p.roads.dust_limit);
    EXPECT_EQ_INT(15 * AQ_MICRO, p.roads.litter_limit);
    EXPECT_EQ_INT(4, p.roads.min_samples);
    EXPECT_EQ_INT(300, p.roads.window_start);
    EXPECT_EQ_INT(1200, p.roads.window_end);
    EXPECT_EQ_INT(0, p.roads.reward_count);
    EXPECT_EQ_INT(0, p.roads.penalty_count);
    {
        const char *t = "roads_window = 06:30-18:45\n"
                        "roads_dust_limit = 4.5\n"
                        "roads_litter_minutes = 10\n"
                        "roads_min_samples = 2\n";
        CHECK_OK(aq_policy_parse(&p, t, strlen(t), "t", &err));
    }
    EXPECT_EQ_INT(390, p.roads.window_start);
    EXPECT_EQ_INT(1125, p.roads.window_end);
    EXPECT_EQ_INT(4500000, p.roads.dust_limit);
    EXPECT_EQ_INT(10 * AQ_MICRO, p.roads.litter_limit);
    EXPECT_EQ_INT(2, p.roads.min_samples);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        aq_policy q;
        aq_policy_init(&q);
        EXPECT_EQ_INT(AQ_EPARSE, aq_policy_parse(&q, bad[i], strlen(bad[i]),
                                                 "t", &err));
        EXPECT_EQ_INT(1, err.line);
    }
}
