/* SPDX-License-Identifier: MIT */
/*
 * aqrank settle: rank units, pay the ladders and issue sanctions from a
 * CSV of monthly (and quarterly) unit results, by a policy file (P3-P6).
 * For people who keep monthly indices in spreadsheets, and the driver of
 * the conformance cases in tests/cases/P*. A thin client of aq/policy.h,
 * aq/rank.h and aq/sanction.h; JSON by jansson.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "aq/csv.h"
#include "aq/decimal.h"
#include "aq/policy.h"
#include "aq/rank.h"
#include "aq/sanction.h"
#include "cli/cli.h"
#include "util/alloc.h"

enum { OPT_POLICY = 'p', OPT_MONTH = 'm', OPT_ALL = 256, OPT_FORMAT = 'f' };

static const cli_opt opts[] = {
    {"policy", OPT_POLICY, 1, "FILE",
     "policy file (default: the built-in Hengshui policy)"},
    {"month", OPT_MONTH, 1, "YYYY-MM", "settle and print this month"},
    {"all", OPT_ALL, 0, NULL, "print every month of the input"},
    {"format", OPT_FORMAT, 1, "FMT", "text (default), csv or json"},
    {0, 0, 0, 0, 0},
};

const cli_command cmd_settle_def = {
    "settle", "[--policy FILE] (--month YYYY-MM | --all) [--format FMT] "
              "RESULTS.csv",
    "Ranks, rewards and penalties, and sanctions S1-S6 from unit results.",
    "RESULTS.csv (or - for standard input) has the header\n"
    "unit,period,sufficient,composite_index,pm25: one row per unit and\n"
    "month (YYYY-MM), and optionally per quarter (YYYY-Qn) for S6.\n"
    "sufficient is 1/0 (yes/no, true/false); composite_index has at most\n"
    "2 decimals (5.41); pm25 is an integer; an empty field is absent.\n"
    "Every month is settled from the whole history (rise counts, streaks,\n"
    "interview runs); --month prints one of them. Amounts are in the\n"
    "policy's currency_unit, negative for a deduction. A month whose\n"
    "ladders overlap (P4) is refused with exit status 5.",
    opts,
};

struct input {
    aq_unit_result *rows;
    size_t n, cap;
};

static void input_free(struct input *in)
{
    size_t i;

    for (i = 0; i < in->n; i++)
        aqx_free((char *)in->rows[i].unit);
    aqx_free(in->rows);
}

static int parse_flag(const char *s, int *out)
{
    if (!strcmp(s, "1") || !strcmp(s, "yes") || !strcmp(s, "true")) {
        *out = 1;
        return 0;
    }
    if (!strcmp(s, "0") || !strcmp(s, "no") || !strcmp(s, "false")) {
        *out = 0;
        return 0;
    }
    return -1;
}

static aq_status read_input(const char *path, struct input *in,
                            aq_error *err)
{
    static const char *const cols[5] = {"unit", "period", "sufficient",
                                        "composite_index", "pm25"};
    int col[5], i;
    aq_csv *csv = NULL;
    aq_csv_row row;
    aq_status rc;

    if ((rc = aq_csv_open(&csv, path, err)) < 0)
        return rc;
    if ((rc = aq_csv_next(csv, &row, err)) < 0) {
        if (rc == AQ_ITEROVER)
            rc = aq_error_set_at(err, AQ_EPARSE, aq_csv_source(csv), 1, 0,
                                 "empty input: expected the header "
                                 "unit,period,sufficient,composite_index,"
                                 "pm25");
        goto done;
    }
    for (i = 0; i < 5; i++)
        if ((col[i] = aq_csv_find(&row, cols[i])) < 0) {
            rc = aq_error_set_at(err, AQ_EPARSE, aq_csv_source(csv),
                                 row.line, 0, "missing column '%s'", cols[i]);
            goto done;
        }
    while ((rc = aq_csv_next(csv, &row, err)) == AQ_OK) {
        aq_unit_result r;
        const char *f[5];
        int64_t v;

        memset(&r, 0, sizeof r);
        for (i = 0; i < 5; i++)
            f[i] = (size_t)col[i] < row.count ? row.fields[col[i]] : "";
#define BAD(i, ...)                                                            \
    do {                                                                       \
        rc = aq_error_set_at(err, AQ_EPARSE, aq_csv_source(csv), row.line,     \
                             (unsigned long)col[i] + 1, __VA_ARGS__);          \
        goto done;                                                             \
    } while (0)
        memset(&r, 0, sizeof r);
        if (!f[0][0])
            BAD(0, "empty unit name");
        if (aq_period_parse(f[1], &r.period) < 0 ||
            r.period.kind == AQ_PERIOD_YEAR)
            BAD(1, "expected a period YYYY-MM or YYYY-Qn, got \"%s\"", f[1]);
        if (parse_flag(f[2], &r.sufficient) < 0)
            BAD(2, "expected 1 or 0 (yes/no), got \"%s\"", f[2]);
        r.composite = AQ_MISSING;
        if (f[3][0]) {
            /* N6.2.4: a published composite has 2 decimals */
            if (aq_decimal_parse(f[3], strlen(f[3]), &v) < 0 || v < 0 ||
                v % 10000)
                BAD(3, "expected a composite index with at most 2 "
                       "decimals, got \"%s\"", f[3]);
            r.composite = v / 10000;
        }
        r.pm25 = AQ_MISSING;
        if (f[4][0]) {
            if (aq_decimal_parse(f[4], strlen(f[4]), &v) < 0 || v < 0 ||
                v % AQ_MICRO)
                BAD(4, "expected an integer PM2.5 mean, got \"%s\"", f[4]);
            r.pm25 = v / AQ_MICRO;
        }
#undef BAD
        if (in->n == in->cap) {
            size_t cap = in->cap ? in->cap * 2 : 64;
            aq_unit_result *nr = aqx_realloc(in->rows, cap * sizeof *nr);
            if (!nr) {
                rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
                goto done;
            }
            in->rows = nr;
            in->cap = cap;
        }
        r.unit = aqx_strdup(f[0]);
        if (!r.unit) {
            rc = aq_error_set(err, AQ_ENOMEM, "out of memory");
            goto done;
        }
        in->rows[in->n++] = r;
    }
    if (rc == AQ_ITEROVER)
        rc = AQ_OK;
done:
    aq_csv_close(csv);
    return rc;
}

/* ---- Formatting helpers ---- */

/* An amount in micro-units with only the decimals it needs: 20, -90,
 * 33.333333, 12.5. */
static char *amount_text(char *dst, size_t cap, int64_t micro)
{
    char *dot;
    size_t n;

    aq_decimal_format(dst, cap, micro, 6);
    dot = strchr(dst, '.');
    if (!dot)
        return dst;
    n = strlen(dst);
    while (n > 0 && dst[n - 1] == '0')
        dst[--n] = '\0';
    if (dst[n - 1] == '.')
        dst[n - 1] = '\0';
    return dst;
}

static char *comp_text(char *dst, size_t cap, int64_t v)
{
    if (v == AQ_MISSING) {
        dst[0] = '\0';
        return dst;
    }
    return aq_scaled_format(dst, cap, v, 2);
}

static char *int_text(char *dst, size_t cap, int64_t v)
{
    if (v == AQ_MISSING)
        dst[0] = '\0';
    else
        snprintf(dst, cap, "%lld", (long long)v);
    return dst;
}

static const char *yoy_code(const aq_yoy *y)
{
    if (!y->comparable)
        return "not_comparable";
    if (y->rise_composite && y->rise_pm25)
        return "rise_both";
    if (y->rise_composite)
        return "rise_composite";
    if (y->rise_pm25)
        return "rise_pm25";
    return "no_rise";
}

static char *positions_text(char *dst, size_t cap, const aq_rank_entry *r)
{
    if (r->status == AQ_RANK_UNRANKED)
        dst[0] = '\0';
    else if (r->pos_first == r->pos_last)
        snprintf(dst, cap, "%d", r->pos_first);
    else
        snprintf(dst, cap, "%d-%d", r->pos_first, r->pos_last);
    return dst;
}

/* "P6.S3.rise_count+P6.S3.streak" */
static char *trigger_text(char *dst, size_t cap, const aq_sanction *sn)
{
    size_t i, n = 0;

    dst[0] = '\0';
    for (i = 0; i < sn->n_causes && n < cap; i++)
        n += (size_t)snprintf(dst + n, cap - n, "%s%s", i ? "+" : "",
                              sn->causes[i].trigger);
    return dst;
}

/* ---- CSV ---- */

static void print_csv_header(void)
{
    puts("period,unit,rank,positions,n,sufficient,composite_index,pm25,"
         "amount,yoy,rise_count,bottom_streak,sanctions");
}

static void print_csv(const aq_month *mo)
{
    char per[16], pos[32], c[32], p[32], a[48], trig[128];
    size_t i, k;

    aq_period_format(per, sizeof per, mo->period);
    for (i = 0; i < mo->n_units; i++) {
        const aq_unit_month *um = &mo->units[i];
        int first = 1;
        printf("%s,", per);
        cli_csv_field(stdout, um->r.unit);
        if (um->r.status == AQ_RANK_UNRANKED)
            printf(",,");
        else
            printf(",%d,%s", um->r.rank,
                   positions_text(pos, sizeof pos, &um->r));
        printf(",%zu,%d,%s,%s,%s,%s,%d,%d,", mo->n_ranked, um->sufficient,
               comp_text(c, sizeof c, um->composite),
               int_text(p, sizeof p, um->pm25),
               amount_text(a, sizeof a, um->r.amount), yoy_code(&um->yoy),
               um->rise_count, um->bottom_streak);
        for (k = 0; k < mo->n_sanctions; k++)
            if (!strcmp(mo->sanctions[k].unit, um->r.unit)) {
                printf("%s%s:%s", first ? "" : " ",
                       aq_sanction_code(mo->sanctions[k].id),
                       trigger_text(trig, sizeof trig, &mo->sanctions[k]));
                first = 0;
            }
        putchar('\n');
    }
}

/* ---- Text ---- */

static void print_text(const aq_policy *pol, const aq_month *mo)
{
    char per[16], pos[32], c[32], a[48], trig[128], desc[1024];
    size_t i, k;

    aq_period_format(per, sizeof per, mo->period);
    printf("%s: N = %zu, ranked by %s, amounts in %s\n", per, mo->n_ranked,
           aq_rank_by_name(pol->rank_by), pol->currency_unit);
    for (i = 0; i < mo->n_units; i++) {
        const aq_unit_month *um = &mo->units[i];
        if (um->r.status == AQ_RANK_UNRANKED)
            printf("  unranked  %s", um->r.unit);
        else
            printf("  rank %d (position%s %s)  %s", um->r.rank,
                   um->r.pos_first == um->r.pos_last ? "" : "s",
                   positions_text(pos, sizeof pos, &um->r), um->r.unit);
        printf(": composite %s, PM2.5 ",
               um->composite == AQ_MISSING
                   ? "-"
                   : comp_text(c, sizeof c, um->composite));
        if (um->pm25 == AQ_MISSING)
            printf("-");
        else
            printf("%lld", (long long)um->pm25);
        printf("%s, amount %s, YoY %s, rises %d, streak %d\n",
               um->sufficient ? "" : " (insufficient)",
               amount_text(a, sizeof a, um->r.amount), yoy_code(&um->yoy),
               um->rise_count, um->bottom_streak);
    }
    for (k = 0; k < mo->n_sanctions; k++) {
        const aq_sanction *sn = &mo->sanctions[k];
        printf("  %s %s (%s) %s: %s\n", aq_sanction_code(sn->id),
               aq_sanction_name(sn->id, 1), aq_sanction_name(sn->id, 0),
               sn->unit, trigger_text(trig, sizeof trig, sn));
        for (i = 0; i < sn->n_causes; i++)
            printf("    %s: %s\n", sn->causes[i].trigger,
                   aq_cause_describe(&sn->causes[i], desc, sizeof desc));
    }
}

/* ---- JSON ---- */

static json_t *j_comp(int64_t v)
{
    return v == AQ_MISSING ? json_null() : json_real((double)v / 100.0);
}

static json_t *j_int(int64_t v)
{
    return v == AQ_MISSING ? json_null() : json_integer((json_int_t)v);
}

static json_t *j_amount(int64_t micro)
{
    if (micro % AQ_MICRO == 0)
        return json_integer((json_int_t)(micro / AQ_MICRO));
    return json_real((double)micro / (double)AQ_MICRO);
}

static json_t *j_period(aq_period p)
{
    char b[16];
    return json_string(aq_period_format(b, sizeof b, p));
}

static json_t *j_positions(const aq_rank_entry *r)
{
    if (r->status == AQ_RANK_UNRANKED)
        return json_null();
    return json_pack("[ii]", r->pos_first, r->pos_last);
}

static json_t *j_evidence(const aq_evidence *e)
{
    json_t *o = json_object();
    static const char *const kinds[] = {"rank", "rise", "interview"};

    json_object_set_new(o, "kind", json_string(kinds[e->kind]));
    json_object_set_new(o, "period", j_period(e->period));
    if (e->kind == AQ_EVIDENCE_RANK) {
        json_object_set_new(o, "metric",
                            json_string(aq_rank_by_name(e->metric)));
        json_object_set_new(o, "value", e->metric == AQ_RANK_BY_PM25
                                            ? j_int(e->value)
                                            : j_comp(e->value));
        json_object_set_new(o, "rank", json_integer(e->rank));
        json_object_set_new(o, "positions",
                            json_pack("[ii]", e->pos_first, e->pos_last));
        json_object_set_new(o, "n", json_integer(e->n));
    } else if (e->kind == AQ_EVIDENCE_RISE) {
        json_object_set_new(o, "composite_index",
                            json_pack("[oo]", j_comp(e->composite),
                                      j_comp(e->prev_composite)));
        json_object_set_new(o, "pm25", json_pack("[oo]", j_int(e->pm25),
                                                 j_int(e->prev_pm25)));
        json_object_set_new(o, "rise_composite",
                            json_boolean(e->rise_composite));
        json_object_set_new(o, "rise_pm25", json_boolean(e->rise_pm25));
    } else {
        json_t *ids = json_array();
        if (e->sanctions & (1u << AQ_S3))
            json_array_append_new(ids, json_string("S3"));
        if (e->sanctions & (1u << AQ_S4))
            json_array_append_new(ids, json_string("S4"));
        json_object_set_new(o, "sanctions", ids);
    }
    return o;
}

static json_t *j_month(const aq_policy *pol, const aq_month *mo)
{
    json_t *m = json_object(), *units = json_array(), *sans = json_array();
    char trig[128], desc[1024];
    size_t i, k, e;

    json_object_set_new(m, "period", j_period(mo->period));
    json_object_set_new(m, "rank_by",
                        json_string(aq_rank_by_name(pol->rank_by)));
    json_object_set_new(m, "n", json_integer((json_int_t)mo->n_ranked));
    json_object_set_new(m, "currency_unit", json_string(pol->currency_unit));
    for (i = 0; i < mo->n_units; i++) {
        const aq_unit_month *um = &mo->units[i];
        json_t *u = json_object(), *y = json_object();
        json_object_set_new(u, "unit", json_string(um->r.unit));
        json_object_set_new(u, "rank", um->r.status == AQ_RANK_UNRANKED
                                           ? json_null()
                                           : json_integer(um->r.rank));
        json_object_set_new(u, "positions", j_positions(&um->r));
        json_object_set_new(u, "sufficient", json_boolean(um->sufficient));
        json_object_set_new(u, "composite_index", j_comp(um->composite));
        json_object_set_new(u, "pm25", j_int(um->pm25));
        json_object_set_new(u, "amount", j_amount(um->r.amount));
        json_object_set_new(y, "comparable", json_boolean(um->yoy.comparable));
        json_object_set_new(y, "previous_composite_index",
                            j_comp(um->yoy.prev_composite));
        json_object_set_new(y, "previous_pm25", j_int(um->yoy.prev_pm25));
        json_object_set_new(y, "rise", json_boolean(um->yoy.rise));
        json_object_set_new(u, "yoy", y);
        json_object_set_new(u, "rise_count", json_integer(um->rise_count));
        json_object_set_new(u, "bottom_streak",
                            json_integer(um->bottom_streak));
        json_array_append_new(units, u);
    }
    for (k = 0; k < mo->n_sanctions; k++) {
        const aq_sanction *sn = &mo->sanctions[k];
        json_t *s = json_object(), *causes = json_array();
        json_object_set_new(s, "unit", json_string(sn->unit));
        json_object_set_new(s, "id", json_string(aq_sanction_code(sn->id)));
        json_object_set_new(s, "trigger",
                            json_string(trigger_text(trig, sizeof trig, sn)));
        for (i = 0; i < sn->n_causes; i++) {
            const aq_cause *c = &sn->causes[i];
            json_t *co = json_object(), *ev = json_array();
            json_object_set_new(co, "rule", json_string(c->trigger));
            json_object_set_new(co, "count", json_integer(c->count));
            json_object_set_new(co, "threshold", json_integer(c->threshold));
            for (e = 0; e < c->n_evidence; e++)
                json_array_append_new(ev, j_evidence(&c->evidence[e]));
            json_object_set_new(co, "items", ev);
            json_object_set_new(co, "summary",
                                json_string(aq_cause_describe(c, desc,
                                                              sizeof desc)));
            json_array_append_new(causes, co);
        }
        json_object_set_new(s, "evidence", causes);
        json_array_append_new(sans, s);
    }
    json_object_set_new(m, "units", units);
    json_object_set_new(m, "sanctions", sans);
    return m;
}

int cmd_settle(int argc, char **argv)
{
    aq_policy pol;
    aq_error err = AQ_ERROR_INIT;
    struct input in = {NULL, 0, 0};
    aq_settlement *st = NULL;
    aq_period month = {AQ_PERIOD_MONTH, 0, 0};
    const char *policy_path = NULL, *format = "text";
    int c, first, all = 0, have_month = 0, code = CLI_EXIT_OK;
    size_t i, from, to;
    char *val;
    aq_status rc;

    while ((c = cli_getopt(argc, argv, &cmd_settle_def, &val, &first)) > 0) {
        if (c == OPT_POLICY)
            policy_path = val;
        else if (c == OPT_ALL)
            all = 1;
        else if (c == OPT_FORMAT) {
            if (strcmp(val, "text") && strcmp(val, "csv") &&
                strcmp(val, "json"))
                return cli_usage_error(&cmd_settle_def,
                                       "--format must be text, csv or json");
            format = val;
        } else if (c == OPT_MONTH) {
            if (aq_period_parse(val, &month) < 0 ||
                month.kind != AQ_PERIOD_MONTH)
                return cli_usage_error(&cmd_settle_def,
                                       "--month must be YYYY-MM, got '%s'",
                                       val);
            have_month = 1;
        }
    }
    if (c < 0)
        return CLI_EXIT_USAGE;
    if (all == have_month)
        return cli_usage_error(&cmd_settle_def,
                               "give exactly one of --month or --all");
    if (first + 1 != argc)
        return cli_usage_error(&cmd_settle_def,
                               "expected one RESULTS.csv argument");
    aq_policy_init(&pol);
    if (policy_path && (rc = aq_policy_load(&pol, policy_path, &err)) < 0)
        return cli_fail(&err);
    if ((rc = read_input(argv[first], &in, &err)) < 0 ||
        (rc = aq_settlement_new(&st, &pol, in.rows, in.n, &err)) < 0) {
        code = cli_fail(&err);
        goto done;
    }
    from = 0;
    to = aq_settlement_count(st);
    if (have_month) {
        const aq_month *mo = aq_settlement_find(st, month);
        char b[16];
        if (!mo) {
            aq_error_set(&err, AQ_ENOTFOUND, "no results for %s in %s",
                         aq_period_format(b, sizeof b, month), argv[first]);
            code = cli_fail(&err);
            goto done;
        }
        from = (size_t)(mo - aq_settlement_month(st, 0));
        to = from + 1;
    }
    /* P4: a month whose ladders overlap is refused, not half printed */
    for (i = from; i < to; i++) {
        const aq_month *mo = aq_settlement_month(st, i);
        if (mo->status != AQ_OK) {
            char b[16];
            aq_error_set(&err, mo->status, "%s: policy refused: %s",
                         aq_period_format(b, sizeof b, mo->period),
                         mo->message);
            code = cli_fail(&err);
            goto done;
        }
    }
    if (!strcmp(format, "json")) {
        json_t *root = json_object(), *months = json_array();
        json_object_set_new(root, "policy", json_pack(
            "{s:s,s:s,s:s}", "rank_by", aq_rank_by_name(pol.rank_by),
            "insufficient_data",
            aq_insufficient_mode_name(pol.insufficient_data),
            "rise_count_window", aq_rise_window_name(pol.rise_count_window)));
        for (i = from; i < to; i++)
            json_array_append_new(months,
                                  j_month(&pol, aq_settlement_month(st, i)));
        json_object_set_new(root, "months", months);
        json_dumpf(root, stdout,
                   JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        putchar('\n');
        json_decref(root);
    } else if (!strcmp(format, "csv")) {
        print_csv_header();
        for (i = from; i < to; i++)
            print_csv(aq_settlement_month(st, i));
    } else {
        for (i = from; i < to; i++) {
            if (i > from)
                putchar('\n');
            print_text(&pol, aq_settlement_month(st, i));
        }
    }
    if (fflush(stdout) != 0) {
        aq_error_set(&err, AQ_EIO, "cannot write standard output");
        code = cli_fail(&err);
    }
done:
    aq_settlement_free(st);
    input_free(&in);
    return code;
}
