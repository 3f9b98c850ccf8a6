/* SPDX-License-Identifier: MIT */
/* Civil dates, periods and ISO times (N1.3, P1). */
#include "aq/date.h"
#include "harness.h"

void test_date__civil_round_trip(void)
{
    int32_t dn;
    int y, m, d;

    EXPECT_EQ_INT(0, aq_day_from_civil(1970, 1, 1));
    EXPECT_EQ_INT(17713, aq_day_from_civil(2018, 7, 1));
    for (dn = aq_day_from_civil(2012, 1, 1); dn < aq_day_from_civil(2032, 1, 1);
         dn++) {
        aq_civil_from_day(dn, &y, &m, &d);
        if (aq_day_from_civil(y, m, d) != dn || !aq_date_valid(y, m, d)) {
            aqt_fail(__FILE__, __LINE__, "round trip fails at %d", dn);
            return;
        }
    }
}

void test_date__month_lengths_february_rule_N5_2(void)
{
    EXPECT_EQ_INT(28, aq_month_days(2018, 2));
    EXPECT_EQ_INT(29, aq_month_days(2020, 2));
    EXPECT_EQ_INT(28, aq_month_days(2100, 2));
    EXPECT_EQ_INT(29, aq_month_days(2000, 2));
    EXPECT_EQ_INT(30, aq_month_days(2018, 4));
    EXPECT_EQ_INT(31, aq_month_days(2018, 12));
}

void test_date__periods_parse_format_bounds(void)
{
    aq_period p;
    int32_t a, b;
    char buf[16];

    CHECK_OK(aq_period_parse("2018-07", &p));
    EXPECT_EQ_INT(AQ_PERIOD_MONTH, p.kind);
    EXPECT_EQ_STR("2018-07", aq_period_format(buf, sizeof buf, p));
    EXPECT_EQ_STR("2017-07",
                  aq_period_format(buf, sizeof buf, aq_period_prev_year(p)));
    CHECK_OK(aq_period_parse("2018-01", &p));
    EXPECT_EQ_STR("2017-12",
                  aq_period_format(buf, sizeof buf, aq_period_prev(p)));
    CHECK_OK(aq_period_parse("2018-Q1", &p));
    aq_period_days(p, &a, &b);
    EXPECT_EQ_INT(aq_day_from_civil(2018, 1, 1), a);
    EXPECT_EQ_INT(aq_day_from_civil(2018, 3, 31), b);
    EXPECT_EQ_STR("2017-Q4",
                  aq_period_format(buf, sizeof buf, aq_period_prev(p)));
    CHECK_OK(aq_period_parse("2020", &p));
    aq_period_days(p, &a, &b);
    EXPECT_EQ_INT(366, b - a + 1);
    EXPECT_EQ_INT(AQ_EINVALID, aq_period_parse("2018-13", &p));
    EXPECT_EQ_INT(AQ_EINVALID, aq_period_parse("2018-Q5", &p));
    EXPECT_EQ_INT(AQ_EINVALID, aq_period_parse("18-01", &p));
    EXPECT_EQ_INT(AQ_EINVALID, aq_period_parse("2018-1", &p));
}

static int64_t t(const char *s)
{
    int64_t m = -1;

    if (aq_time_parse(s, strlen(s), &m) != AQ_OK)
        return -1;
    return m;
}

/* N5.2: a year whose index is a month is the year to date, January to
 * that month (累计); 0 or 12 is the whole year */
void test_date__year_to_date_N5_2(void)
{
    aq_period ytd = {AQ_PERIOD_YEAR, 2019, 6}, y = {AQ_PERIOD_YEAR, 2019, 0};
    int32_t a, b;

    aq_period_days(ytd, &a, &b);
    EXPECT_EQ_INT(aq_day_from_civil(2019, 1, 1), a);
    EXPECT_EQ_INT(aq_day_from_civil(2019, 6, 30), b);
    EXPECT_EQ_INT(6, aq_period_last_month(ytd));
    aq_period_days(y, NULL, &b);
    EXPECT_EQ_INT(aq_day_from_civil(2019, 12, 31), b);
    EXPECT_EQ_INT(12, aq_period_last_month(y));
}

void test_date__iso_times_default_utc8_P1(void)
{
    int64_t base = (int64_t)aq_day_from_civil(2018, 7, 1) * 1440 + 13 * 60;

    EXPECT_EQ_INT(base, t("2018-07-01T13:00"));
    EXPECT_EQ_INT(base, t("2018-07-01 13:00"));
    EXPECT_EQ_INT(base, t("2018-07-01T13:00:00"));
    EXPECT_EQ_INT(base, t("2018-07-01T13:00:00+08:00"));
    EXPECT_EQ_INT(base, t("2018-07-01T05:00:00Z"));
    EXPECT_EQ_INT(base, t("2018-07-01T05:00+00"));
    EXPECT_EQ_INT(base, t("2018-07-01T13:00+0800"));
    EXPECT_EQ_INT(-1, t("2018-07-01"));
    EXPECT_EQ_INT(-1, t("2018-02-30T01:00"));
    EXPECT_EQ_INT(-1, t("2018-07-01T13:00+8"));
    EXPECT_EQ_INT(-1, t("2018-07-01T25:00"));
}

void test_date__day_parse(void)
{
    int32_t d = -1;

    /* 1970-01-01 is day 0; 2000-03-01 is 30 years of 365 days, 7 leap
     * days (1972..1996), then January and February of the leap 2000 */
    EXPECT_EQ_INT(AQ_OK, aq_day_parse("1970-01-01", &d));
    EXPECT_EQ_INT(0, d);
    EXPECT_EQ_INT(AQ_OK, aq_day_parse("2000-03-01", &d));
    EXPECT_EQ_INT(30 * 365 + 7 + 31 + 29, d);
    EXPECT_EQ_INT(AQ_OK, aq_day_parse("2024-02-29", &d));
    d = 12345;
    EXPECT_EQ_INT(AQ_EINVALID, aq_day_parse("2023-02-29", &d));
    EXPECT_EQ_INT(AQ_EINVALID, aq_day_parse("2014-01-32", &d));
    EXPECT_EQ_INT(AQ_EINVALID, aq_day_parse("2014-1-05", &d));
    EXPECT_EQ_INT(AQ_EINVALID, aq_day_parse("2014-01-05x", &d));
    EXPECT_EQ_INT(AQ_EINVALID, aq_day_parse("2014/01/05", &d));
    EXPECT_EQ_INT(AQ_EINVALID, aq_day_parse("", &d));
    EXPECT_EQ_INT(AQ_EINVALID, aq_day_parse(NULL, &d));
    EXPECT_EQ_INT(12345, d); /* untouched on failure */
}
