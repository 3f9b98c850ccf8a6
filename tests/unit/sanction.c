/* SPDX-License-Identifier: MIT */
/* Settling a history (aq/sanction.h): YoY rise events (P5), rise-count
 * windows, bottom-2 streaks, S1-S6 and their evidence (P6), determinism.
 * Expected values are worked out by hand in the comments. */
#include "aq/decimal.h"
#include "aq/sanction.h"
#include "harness.h"

#define MAXROWS 128

struct hist {
    aq_unit_result r[MAXROWS];
    size_t n;
};

static void add(struct hist *h, const char *unit, const char *period,
                int suff, int64_t comp, int64_t pm)
{
    aq_unit_result *r = &h->r[h->n++];

    memset(r, 0, sizeof *r);
    r->unit = unit;
    if (aq_period_parse(period, &r->period) != AQ_OK)
        aqt_fail(__FILE__, __LINE__, "bad period %s", period);
    r->sufficient = suff;
    r->composite = comp;
    r->pm25 = pm;
}

/* A policy without ladders, so that a few units suffice (P4). */
static void small_policy(aq_policy *p)
{
    aq_policy_init(p);
    p->reward_count = p->penalty_count = 0;
}

static const aq_unit_month *unit_in(const aq_settlement *s, const char *per,
                                    const char *unit)
{
    aq_period p;
    const aq_month *m;
    size_t i;

    if (aq_period_parse(per, &p) != AQ_OK || !(m = aq_settlement_find(s, p)))
        return NULL;
    for (i = 0; i < m->n_units; i++)
        if (!strcmp(m->units[i].r.unit, unit))
            return &m->units[i];
    return NULL;
}

/* The sanctions of unit in month per, as a string "S1 S3". */
static const char *sanctions_of(const aq_settlement *s, const char *per,
                                const char *unit)
{
    static char buf[64];
    aq_period p;
    const aq_month *m;
    size_t i, n = 0;

    buf[0] = '\0';
    if (aq_period_parse(per, &p) != AQ_OK || !(m = aq_settlement_find(s, p)))
        return "(no month)";
    for (i = 0; i < m->n_sanctions; i++)
        if (!strcmp(m->sanctions[i].unit, unit))
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s",
                                  n ? " " : "",
                                  aq_sanction_code(m->sanctions[i].id));
    return buf;
}

static const aq_sanction *sanction(const aq_settlement *s, const char *per,
                                   const char *unit, aq_sanction_id id)
{
    aq_period p;
    const aq_month *m;
    size_t i;

    if (aq_period_parse(per, &p) != AQ_OK || !(m = aq_settlement_find(s, p)))
        return NULL;
    for (i = 0; i < m->n_sanctions; i++)
        if (!strcmp(m->sanctions[i].unit, unit) && m->sanctions[i].id == id)
            return &m->sanctions[i];
    return NULL;
}

void test_sanction__yoy_equal_is_no_rise_both_count_once_P5(void)
{
    struct hist h = {.n = 0};
    aq_settlement *s = NULL;
    aq_policy pol;

    small_policy(&pol);
    add(&h, "a", "2017-03", 1, 500, 50);
    add(&h, "b", "2017-03", 1, 500, 50);
    add(&h, "c", "2017-03", 1, 400, 40);
    add(&h, "a", "2018-03", 1, 500, 50); /* equal: no rise */
    add(&h, "b", "2018-03", 1, 500, 51); /* PM2.5 only */
    add(&h, "c", "2018-03", 1, 410, 41); /* both: one event */
    CHECK_OK(aq_settlement_new(&s, &pol, h.r, h.n, NULL));
    EXPECT(unit_in(s, "2018-03", "a")->yoy.comparable);
    EXPECT(!unit_in(s, "2018-03", "a")->yoy.rise);
    EXPECT_EQ_INT(0, unit_in(s, "2018-03", "a")->rise_count);
    EXPECT(unit_in(s, "2018-03", "b")->yoy.rise_pm25);
    EXPECT(!unit_in(s, "2018-03", "b")->yoy.rise_composite);
    EXPECT_EQ_INT(1, unit_in(s, "2018-03", "b")->rise_count);
    EXPECT(unit_in(s, "2018-03", "c")->yoy.rise_composite);
    EXPECT(unit_in(s, "2018-03", "c")->yoy.rise_pm25);
    EXPECT_EQ_INT(1, unit_in(s, "2018-03", "c")->rise_count);
    EXPECT_EQ_INT(500, unit_in(s, "2018-03", "a")->yoy.prev_composite);
    aq_settlement_free(s);
}

void test_sanction__previous_year_missing_not_comparable_P5(void)
{
    struct hist h = {.n = 0};
    aq_settlement *s = NULL;
    aq_policy pol;

    small_policy(&pol);
    add(&h, "a", "2017-05", 0, 400, 40); /* insufficient */
    add(&h, "c", "2017-05", 1, 400, 40);
    add(&h, "a", "2018-05", 1, 600, 60);
    add(&h, "b", "2018-05", 1, 600, 60); /* no 2017-05 row at all */
    add(&h, "c", "2018-05", 0, 600, 60); /* this year insufficient */
    CHECK_OK(aq_settlement_new(&s, &pol, h.r, h.n, NULL));
    EXPECT(!unit_in(s, "2018-05", "a")->yoy.comparable);
    EXPECT(!unit_in(s, "2018-05", "a")->yoy.rise);
    EXPECT(!unit_in(s, "2018-05", "b")->yoy.comparable);
    EXPECT(unit_in(s, "2018-05", "b")->has_row);
    EXPECT(!unit_in(s, "2018-05", "c")->yoy.comparable);
    EXPECT(!unit_in(s, "2017-05", "b")->has_row);
    aq_settlement_free(s);
}

/* Rises in 2017-11, 2017-12, 2018-01: calendar_year counts 1, 2, 1;
 * rolling_12 counts 1, 2, 3; since_start the same here. */
static void rises_across_new_year(struct hist *h)
{
    static const char *const base[3] = {"2016-11", "2016-12", "2017-01"};
    static const char *const now[3] = {"2017-11", "2017-12", "2018-01"};
    int i;

    for (i = 0; i < 3; i++) {
        add(h, "a", base[i], 1, 400, 40);
        add(h, "b", base[i], 1, 600, 60);
    }
    for (i = 0; i < 3; i++) {
        add(h, "a", now[i], 1, 450, 40);
        add(h, "b", now[i], 1, 600, 60);
    }
}

void test_sanction__rise_count_resets_in_january_P5_S2(void)
{
    struct hist h = {.n = 0};
    aq_settlement *s = NULL;
    aq_policy pol;
    const aq_sanction *s2;
    char desc[512];

    small_policy(&pol);
    pol.s3_bottom_streak = pol.s4_bottom_streak = 1000; /* isolate */
    rises_across_new_year(&h);
    CHECK_OK(aq_settlement_new(&s, &pol, h.r, h.n, NULL));
    EXPECT_EQ_INT(1, unit_in(s, "2017-11", "a")->rise_count);
    EXPECT_EQ_INT(2, unit_in(s, "2017-12", "a")->rise_count);
    EXPECT_EQ_STR("S2", sanctions_of(s, "2017-12", "a"));
    EXPECT_EQ_INT(1, unit_in(s, "2018-01", "a")->rise_count);
    EXPECT_EQ_STR("", sanctions_of(s, "2018-01", "a"));
    s2 = sanction(s, "2017-12", "a", AQ_S2);
    CHECK(s2);
    EXPECT_EQ_STR("P6.S2.rise_count", s2->causes[0].trigger);
    EXPECT_EQ_INT(2, s2->causes[0].n_evidence);
    EXPECT_EQ_INT(11, s2->causes[0].evidence[0].period.index);
    EXPECT_EQ_INT(450, s2->causes[0].evidence[1].composite);
    EXPECT_EQ_INT(400, s2->causes[0].evidence[1].prev_composite);
    aq_cause_describe(&s2->causes[0], desc, sizeof desc);
    EXPECT_EQ_STR("2 rises (threshold 2): 2017-11 composite 4.50 > 4.00; "
                  "2017-12 composite 4.50 > 4.00",
                  desc);
    aq_settlement_free(s);

    pol.rise_count_window = AQ_RISE_WINDOW_ROLLING_12;
    CHECK_OK(aq_settlement_new(&s, &pol, h.r, h.n, NULL));
    EXPECT_EQ_INT(3, unit_in(s, "2018-01", "a")->rise_count);
    EXPECT_EQ_STR("S3", sanctions_of(s, "2018-01", "a"));
    aq_settlement_free(s);
}

/* D is 4th of 5 for four adjacent months; the 5th place alternates. */
static void streak_history(struct hist *h, int gap_unranked)
{
    static const char *const months[4] = {"2018-01", "2018-02", "2018-03",
                                          "2018-04"};
    int i;

    for (i = 0; i < 4; i++) {
        add(h, "A", months[i], 1, 300, 30);
        add(h, "B", months[i], 1, 350, 35);
        add(h, "C", months[i], 1, i % 2 ? 600 : 400, 40);
        add(h, "D", months[i], !(gap_unranked && i == 2), 500, 50);
        add(h, "E", months[i], 1, i % 2 ? 400 : 600, 60);
    }
}

void test_sanction__streak_2_3_4_gives_S3_S4_S4_and_S5_P6(void)
{
    struct hist h = {.n = 0};
    aq_settlement *s = NULL;
    aq_policy pol;
    const aq_sanction *sn;

    small_policy(&pol);
    streak_history(&h, 0);
    CHECK_OK(aq_settlement_new(&s, &pol, h.r, h.n, NULL));
    EXPECT_EQ_INT(1, unit_in(s, "2018-01", "D")->bottom_streak);
    EXPECT_EQ_STR("", sanctions_of(s, "2018-01", "D"));
    EXPECT_EQ_STR("S3", sanctions_of(s, "2018-02", "D"));
    EXPECT_EQ_STR("S4", sanctions_of(s, "2018-03", "D")); /* S4 replaces S3 */
    EXPECT_EQ_STR("S4 S5", sanctions_of(s, "2018-04", "D"));
    EXPECT_EQ_STR("S1", sanctions_of(s, "2018-02", "C"));
    EXPECT_EQ_INT(1, unit_in(s, "2018-03", "E")->bottom_streak);
    sn = sanction(s, "2018-02", "D", AQ_S3);
    CHECK(sn);
    EXPECT_EQ_STR("P6.S3.streak", sn->causes[0].trigger);
    EXPECT_EQ_INT(2, sn->causes[0].count);
    EXPECT_EQ_INT(4, sn->causes[0].evidence[0].rank);
    EXPECT_EQ_INT(5, sn->causes[0].evidence[0].n);
    sn = sanction(s, "2018-04", "D", AQ_S5);
    CHECK(sn);
    EXPECT_EQ_INT(3, sn->causes[0].n_evidence);
    EXPECT_EQ_INT(1u << AQ_S3, sn->causes[0].evidence[0].sanctions);
    EXPECT_EQ_INT(1u << AQ_S4, sn->causes[0].evidence[2].sanctions);
    aq_settlement_free(s);
}

void test_sanction__unranked_month_breaks_streak_unless_last_P5(void)
{
    struct hist h = {.n = 0};
    aq_settlement *s = NULL;
    aq_policy pol;

    small_policy(&pol);
    streak_history(&h, 1); /* D insufficient in 2018-03 */
    CHECK_OK(aq_settlement_new(&s, &pol, h.r, h.n, NULL));
    EXPECT_EQ_INT(2, unit_in(s, "2018-02", "D")->bottom_streak);
    EXPECT_EQ_INT(0, unit_in(s, "2018-03", "D")->bottom_streak);
    EXPECT_EQ_INT(1, unit_in(s, "2018-04", "D")->bottom_streak);
    EXPECT_EQ_STR("", sanctions_of(s, "2018-04", "D"));
    aq_settlement_free(s);
    /* placed last in 2018-03 (P3 last): the streak goes on, 3 -> S4 */
    pol.insufficient_data = AQ_INSUFFICIENT_LAST;
    CHECK_OK(aq_settlement_new(&s, &pol, h.r, h.n, NULL));
    EXPECT_EQ_INT(3, unit_in(s, "2018-03", "D")->bottom_streak);
    EXPECT_EQ_STR("S1 S4", sanctions_of(s, "2018-03", "D"));
    aq_settlement_free(s);
}

/* A rises (YoY) in 2018-01..10 except 06 and 09; count 1..8. */
static void interview_history(struct hist *h)
{
    static const char *const m[10] = {"01", "02", "03", "04", "05",
                                      "06", "07", "08", "09", "10"};
    static char names[20][8];
    int i;

    for (i = 0; i < 10; i++) {
        snprintf(names[i], 8, "2017-%s", m[i]);
        snprintf(names[10 + i], 8, "2018-%s", m[i]);
        add(h, "A", names[i], 1, 400, 40);
        add(h, "B", names[i], 1, 600, 60);
        add(h, "A", names[10 + i], 1, (i == 5 || i == 8) ? 400 : 450, 40);
        add(h, "B", names[10 + i], 1, 600, 60);
    }
}

void test_sanction__s5_by_both_interview_run_settings_P6(void)
{
    struct hist h = {.n = 0};
    aq_settlement *s = NULL;
    aq_policy pol;

    small_policy(&pol);
    pol.s3_bottom_streak = pol.s4_bottom_streak = 1000;
    interview_history(&h);
    CHECK_OK(aq_settlement_new(&s, &pol, h.r, h.n, NULL));
    EXPECT_EQ_STR("S2", sanctions_of(s, "2018-02", "A"));
    EXPECT_EQ_STR("S3", sanctions_of(s, "2018-03", "A"));
    EXPECT_EQ_STR("S3 S5", sanctions_of(s, "2018-05", "A"));
    EXPECT_EQ_STR("", sanctions_of(s, "2018-06", "A"));
    EXPECT_EQ_STR("S3", sanctions_of(s, "2018-10", "A"));
    aq_settlement_free(s);
    pol.interview_run = AQ_INTERVIEW_RUN_INTERVIEWS;
    CHECK_OK(aq_settlement_new(&s, &pol, h.r, h.n, NULL));
    EXPECT_EQ_STR("S3 S5", sanctions_of(s, "2018-05", "A"));
    EXPECT_EQ_STR("S3", sanctions_of(s, "2018-08", "A"));
    EXPECT_EQ_STR("S3 S5", sanctions_of(s, "2018-10", "A"));
    aq_settlement_free(s);
}

void test_sanction__s6_each_metric_two_quarters_P6(void)
{
    struct hist h = {.n = 0};
    aq_settlement *s = NULL;
    aq_policy pol;
    const aq_sanction *sn;
    static const char *const u[4] = {"A", "B", "C", "D"};
    /* quarterly composite / PM2.5 (see tests/cases/P6-S6-two-quarters) */
    static const int64_t q1c[4] = {300, 400, 500, 600}, q1p[4] = {30, 70, 40, 80};
    static const int64_t q2c[4] = {300, 600, 500, 400}, q2p[4] = {80, 30, 40, 70};
    int i;

    small_policy(&pol);
    for (i = 0; i < 4; i++) {
        add(&h, u[i], "2018-Q1", 1, q1c[i], q1p[i]);
        add(&h, u[i], "2018-Q2", 1, q2c[i], q2p[i]);
        add(&h, u[i], "2018-03", 1, 300 + 100 * i, 30);
        add(&h, u[i], "2018-06", 1, 300 + 100 * i, 30);
    }
    CHECK_OK(aq_settlement_new(&s, &pol, h.r, h.n, NULL));
    EXPECT(!sanction(s, "2018-03", "C", AQ_S6)); /* no 2017-Q4 */
    sn = sanction(s, "2018-06", "C", AQ_S6);
    CHECK(sn);
    EXPECT_EQ_INT(1, sn->n_causes);
    EXPECT_EQ_STR("P6.S6.quarter_composite", sn->causes[0].trigger);
    sn = sanction(s, "2018-06", "D", AQ_S6);
    CHECK(sn);
    EXPECT_EQ_STR("P6.S6.quarter_pm25", sn->causes[0].trigger);
    EXPECT_EQ_INT(80, sn->causes[0].evidence[0].value);
    EXPECT_EQ_INT(3, sn->causes[0].evidence[1].rank);
    /* ^ Q2 PM2.5: B 30, C 40, D 70, A 80 -> D rank 3 */
    aq_settlement_free(s);
}

void test_sanction__deterministic_and_order_free(void)
{
    struct hist h = {.n = 0}, rev = {.n = 0};
    aq_settlement *s1 = NULL, *s2 = NULL;
    aq_policy pol;
    size_t i, m;

    small_policy(&pol);
    streak_history(&h, 0);
    for (i = 0; i < h.n; i++)
        rev.r[rev.n++] = h.r[h.n - 1 - i];
    CHECK_OK(aq_settlement_new(&s1, &pol, h.r, h.n, NULL));
    if (aq_settlement_new(&s2, &pol, rev.r, rev.n, NULL) != AQ_OK) {
        aq_settlement_free(s1); /* nothing left behind on a failure */
        CHECK(!"aq_settlement_new failed");
    }
    CHECK(aq_settlement_count(s1) == aq_settlement_count(s2));
    for (m = 0; m < aq_settlement_count(s1); m++) {
        const aq_month *a = aq_settlement_month(s1, m);
        const aq_month *b = aq_settlement_month(s2, m);
        EXPECT_EQ_INT(a->n_sanctions, b->n_sanctions);
        for (i = 0; i < a->n_units; i++) {
            EXPECT_EQ_STR(a->units[i].r.unit, b->units[i].r.unit);
            EXPECT_EQ_INT(a->units[i].sanctions, b->units[i].sanctions);
        }
    }
    aq_settlement_free(s1);
    aq_settlement_free(s2);
}

void test_sanction__duplicate_row_rejected(void)
{
    struct hist h = {.n = 0};
    aq_settlement *s = NULL;
    aq_error err = AQ_ERROR_INIT;
    aq_policy pol;

    small_policy(&pol);
    add(&h, "a", "2018-01", 1, 400, 40);
    add(&h, "a", "2018-01", 1, 410, 41);
    EXPECT_EQ_INT(AQ_EINVALID, aq_settlement_new(&s, &pol, h.r, h.n, &err));
    EXPECT(strstr(err.message, "two results") != NULL);
    EXPECT(s == NULL);
}
