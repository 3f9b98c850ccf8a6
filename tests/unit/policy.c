/* SPDX-License-Identifier: MIT */
/* The policy file (aq/policy.h): Hengshui defaults (policy.md P3-P8,
 * standards.md settings), the commented manual etc/hengshui.policy, and
 * parser errors that name file:line:column. */
#include <stdio.h>

#include "aq/decimal.h"
#include "aq/policy.h"
#include "harness.h"

#ifndef AQ_SOURCE_DIR
#define AQ_SOURCE_DIR "."
#endif

static aq_status parse(aq_policy *p, const char *text, aq_error *err)
{
    aq_policy_init(p);
    return aq_policy_parse(p, text, strlen(text), "t.policy", err);
}

void test_policy__defaults_are_hengshui_P3_P4_P5_P6(void)
{
    aq_policy p;

    aq_policy_init(&p);
    EXPECT_EQ_INT(AQ_RANK_BY_COMPOSITE, p.rank_by);
    EXPECT_EQ_INT(AQ_INSUFFICIENT_UNRANKED, p.insufficient_data);
    /* P4: 100, 80, 60, 40 万元 each way, in micro-万元 */
    EXPECT_EQ_INT(4, p.reward_count);
    EXPECT_EQ_INT(100000000, p.reward_ladder[0]);
    EXPECT_EQ_INT(40000000, p.reward_ladder[3]);
    EXPECT_EQ_INT(4, p.penalty_count);
    EXPECT_EQ_INT(80000000, p.penalty_ladder[1]);
    EXPECT_EQ_STR("万元", p.currency_unit);
    EXPECT_EQ_INT(AQ_RISE_WINDOW_CALENDAR_YEAR, p.rise_count_window);
    EXPECT_EQ_INT(2, p.s2_rise_count);
    EXPECT_EQ_INT(3, p.s3_rise_count);
    EXPECT_EQ_INT(2, p.s3_bottom_streak);
    EXPECT_EQ_INT(3, p.s4_bottom_streak);
    EXPECT_EQ_INT(3, p.s5_interviews);
    EXPECT_EQ_INT(2, p.s6_quarters);
    EXPECT_EQ_INT(2, p.bottom_group);
    EXPECT_EQ_INT(AQ_INTERVIEW_RUN_MONTHS, p.interview_run);
    EXPECT(aq_policy_fund_allowed(&p, "air_pollution_control_project"));
    EXPECT(aq_policy_fund_allowed(&p, "supervision_capacity"));
    EXPECT(!aq_policy_fund_allowed(&p, "office_furniture")); /* P8 */
    EXPECT_EQ_INT(AQ_RULESET_AUTO, p.ruleset);
    EXPECT_EQ_INT(17, p.mda8_windows);
    EXPECT_EQ_INT(0, p.include_reference_sites);
    EXPECT_EQ_INT(0, p.min_station_share);
    EXPECT_EQ_INT(1, p.daily_o3_1h);
    EXPECT_EQ_INT(0, p.composite_weight_count);
    EXPECT_EQ_STR("", p.dust_days);
}

void test_policy__manual_file_equals_builtin_defaults(void)
{
    aq_policy want, got;
    aq_error err = AQ_ERROR_INIT;
    char path[512];

    snprintf(path, sizeof path, "%s/etc/hengshui.policy", AQ_SOURCE_DIR);
    aq_policy_init(&want);
    memset(&got, 0x5a, sizeof got);
    if (aq_policy_load(&got, path, &err) != AQ_OK) {
        char msg[600];
        aqt_fail(__FILE__, __LINE__, "%s",
                 aq_error_format(&err, msg, sizeof msg));
        return;
    }
    EXPECT(!memcmp(&want, &got, sizeof want));
}

void test_policy__every_setting_parses_P3_to_P8(void)
{
    aq_policy p;
    aq_error err = AQ_ERROR_INIT;

    CHECK_OK(parse(&p,
                   "\xEF\xBB\xBF# a city's own policy\r\n"
                   "rank_by = pm25\r\n"
                   "insufficient_data=last   # trailing comment\n"
                   "reward_ladder = [50, 12.5]\n"
                   "penalty_ladder =\n"
                   "currency_unit = \"元\"\n"
                   "rise_count_window = rolling_12\n"
                   "interview_run = consecutive_interviews\n"
                   "s5_interviews = 4\n"
                   "bottom_group = 3\n"
                   "fund_categories = [supervision_capacity]\n"
                   "ruleset = r2026\n"
                   "rounding_chain = final\n"
                   "unit_o3 = unit_hourly\n"
                   "mda8_windows = 24\n"
                   "include_reference_sites = yes\n"
                   "min_station_share = 0.5\n"
                   "daily_o3_1h = off\n"
                   "composite_weights = 1, 2, 1, 3, 1, 2\n"
                   "dust_days = \"dust.csv\"\n",
                   &err));
    EXPECT_EQ_INT(AQ_RANK_BY_PM25, p.rank_by);
    EXPECT_EQ_INT(AQ_INSUFFICIENT_LAST, p.insufficient_data);
    EXPECT_EQ_INT(2, p.reward_count);
    EXPECT_EQ_INT(12500000, p.reward_ladder[1]);
    EXPECT_EQ_INT(0, p.penalty_count);
    EXPECT_EQ_STR("元", p.currency_unit);
    EXPECT_EQ_INT(AQ_RISE_WINDOW_ROLLING_12, p.rise_count_window);
    EXPECT_EQ_INT(AQ_INTERVIEW_RUN_INTERVIEWS, p.interview_run);
    EXPECT_EQ_INT(4, p.s5_interviews);
    EXPECT_EQ_INT(3, p.bottom_group);
    EXPECT_EQ_INT(1, p.fund_category_count);
    EXPECT(!aq_policy_fund_allowed(&p, "air_pollution_control_project"));
    EXPECT_EQ_INT(AQ_R2026, p.ruleset);
    EXPECT_EQ_INT(AQ_ROUNDING_FINAL, p.rounding_chain);
    EXPECT_EQ_INT(AQ_UNIT_O3_UNIT_HOURLY, p.unit_o3);
    EXPECT_EQ_INT(24, p.mda8_windows);
    EXPECT_EQ_INT(1, p.include_reference_sites);
    EXPECT_EQ_INT(500000, p.min_station_share);
    EXPECT_EQ_INT(0, p.daily_o3_1h);
    EXPECT_EQ_INT(6, p.composite_weight_count);
    EXPECT_EQ_INT(3000000, p.composite_weights[3]); /* w(PM2.5), N6.4 */
    EXPECT_EQ_STR("dust.csv", p.dust_days);
}

/* Each error names the file, the line, the column (in characters) and a
 * reason; the policy is left unchanged. */
struct bad_case {
    const char *text;
    unsigned long line, column;
    const char *reason; /* a substring of the message */
};

void test_policy__errors_name_file_line_column(void)
{
    static const struct bad_case cases[] = {
        {"rank_by = composite\n  colour = red\n", 2, 3, "unknown key 'colour'"},
        {"rank_by = best\n", 1, 11, "expected composite or pm25"},
        {"rank_by = pm25\n\nrank_by = composite\n", 3, 1,
         "duplicate key 'rank_by' (first set on line 1)"},
        {"reward_ladder = 100, x, 60\n", 1, 22, "expected an amount"},
        {"reward_ladder = 100, -5\n", 1, 22, "out of range"},
        {"rank_by composite\n", 1, 9, "expected '='"},
        {"s3_bottom_streak = 2.5\n", 1, 20, "fraction"},
        {"mda8_windows = 18\n", 1, 16, "expected 17 or 24"},
        {"composite_limits = 60, 40\n", 1, 20, "exactly 6"},
        /* columns count characters: 万 and 元 are 3 bytes each */
        {"dust_days = \"万元\" x\n", 1, 19, "missing closing"},
        {"currency_unit = \xff\n", 1, 17, "invalid UTF-8"},
        {"= 3\n", 1, 1, "expected a key"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        aq_policy p, before;
        aq_error err = AQ_ERROR_INIT;
        aq_status rc = parse(&p, cases[i].text, &err);
        before = p;
        if (rc != AQ_EPARSE || err.line != cases[i].line ||
            err.column != cases[i].column ||
            !strstr(err.message, cases[i].reason) ||
            strcmp(err.source, "t.policy"))
            aqt_fail(__FILE__, __LINE__,
                     "case %zu: rc %d at %lu:%lu \"%s\"; want %lu:%lu \"%s\"",
                     i, rc, err.line, err.column, err.message, cases[i].line,
                     cases[i].column, cases[i].reason);
        aq_policy_init(&before);
        /* unchanged on failure (every byte is set, aq/policy.h) */
        EXPECT(!memcmp(&p, &before, sizeof p));
    }
}

/* EXIT STATUS 4: a policy file that does not exist is "not found" */
void test_policy__missing_file_is_not_found(void)
{
    aq_policy p;
    aq_error err = AQ_ERROR_INIT;

    EXPECT_EQ_INT(AQ_ENOTFOUND,
                  aq_policy_load(&p, "/nonexistent/x.policy", &err));
    EXPECT_EQ_STR("/nonexistent/x.policy", err.source);
}

/* Issue 15: a policy saved in GB18030 (GBK) is read like a stations file:
 * 万元 is CD F2 D4 AA in GBK. Bytes that are neither UTF-8 nor GB18030
 * are refused with their line. */
void test_policy__gb18030_file_read_like_stations(void)
{
    static const char gbk[] = "# \xba\xe2\xcb\xae\n" /* 衡水 */
                              "currency_unit = \xcd\xf2\xd4\xaa\n"
                              "bottom_group = 3\n";
    static const char bad[] = "bottom_group = 3\ncurrency_unit = \x81\x20\n";
    char path[512];
    aq_policy p;
    aq_error err = AQ_ERROR_INIT;
    FILE *f;

    snprintf(path, sizeof path, "%s/gbk.policy", aqt_tmp_dir());
    f = fopen(path, "wb");
    CHECK(f != NULL);
    fputs(gbk, f);
    fclose(f);
    CHECK_OK(aq_policy_load(&p, path, &err));
    EXPECT_EQ_STR("万元", p.currency_unit);
    EXPECT_EQ_INT(3, p.bottom_group);
    f = fopen(path, "wb");
    CHECK(f != NULL);
    fputs(bad, f);
    fclose(f);
    EXPECT_EQ_INT(AQ_EPARSE, aq_policy_load(&p, path, &err));
    EXPECT_EQ_INT(2, (int)err.line);
}

/* N6.4: the composite weights of the statistics are integers, and
 * N5.3.3's share a whole percentage; the one mapping refuses the others
 * and carries every statistics setting through */
void test_policy__stats_options_map_and_refuse_N5_3_3_N6_4(void)
{
    aq_policy p;
    aq_stats_options o;
    aq_error e = AQ_ERROR_INIT;

    CHECK_OK(parse(&p, "composite_weights = 1, 2, 1, 3, 1, 2\n"
                       "min_station_share = 0.5\nmda8_windows = 24\n",
                   &e));
    CHECK_OK(aq_policy_stats_options(&p, &o, &e));
    EXPECT_EQ_INT(3, o.composite_weight[AQ_PM25]);
    EXPECT_EQ_INT(2, o.composite_weight[AQ_NO2]);
    EXPECT_EQ_INT(50, o.min_station_share);
    EXPECT_EQ_INT(24, o.mda8_windows);
    CHECK_OK(parse(&p, "composite_weights = 1, 1.5, 1, 3, 1, 2\n", &e));
    EXPECT_EQ_INT(AQ_EINVALID, aq_policy_stats_options(&p, &o, &e));
    EXPECT(strstr(e.message, "composite_weights") != NULL);
    CHECK_OK(parse(&p, "min_station_share = 0.255\n", &e));
    EXPECT_EQ_INT(AQ_EINVALID, aq_policy_stats_options(&p, &o, &e));
    EXPECT(strstr(e.message, "min_station_share") != NULL);
}
