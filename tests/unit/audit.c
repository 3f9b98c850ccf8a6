/* SPDX-License-Identifier: MIT */
/*
 * The data-integrity audit (issue 17) on real bundled data: each kind of
 * tampering is injected into a copy of a month of data/beijing_multisite
 * (the UCI files, one station per unit: neighbours by distance) or
 * data/cnemc_jingjinji (city units: neighbours from the unit), made here
 * in memory between the reader and the store, and the flag is required at
 * the right station, pollutant and hours; the same month untouched must
 * raise none of those flags. Where the hours to tamper with depend on the
 * data (an episode when every other station is polluted), the test finds
 * them in the raw values itself, without the audit's code.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "aq/api.h"
#include "aq/audit.h"
#include "aq/decimal.h"
#include "aq/jurisdiction.h"
#include "aq/ranking.h"
#include "aq/reader.h"
#include "aq/render.h"
#include "aq/stations.h"
#include "fixture.h"
#include "harness.h"

/* ---- A month of real data in a store, with a tampering applied ---- */

static const char *const uci[] = {
    "Aotizhongxin", "Changping", "Dingling", "Dongsi",
    "Guanyuan",     "Gucheng",   "Huairou",  "Nongzhanguan",
    "Shunyi",       "Tiantan",   "Wanliu",   "Wanshouxigong"};
#define N_UCI (sizeof uci / sizeof uci[0])

/* Changes one station-hour of the copy (values in micro-units). */
typedef void (*tamper_fn)(aq_obs *o, void *payload);

struct build {
    aq_ingest *ing;
    int32_t first, last;
    tamper_fn tamper;
    void *payload;
    aq_error *err;
};

static aq_status add_obs(const aq_obs *obs, void *payload)
{
    struct build *b = payload;
    aq_obs o = *obs;

    if (o.day < b->first || o.day > b->last)
        return AQ_OK;
    if (b->tamper)
        b->tamper(&o, b->payload);
    return aq_ingest_add(b->ing, o.station, o.day, o.hour, o.value, b->err);
}

static int jurisdiction(aq_store *s, const char *stations_csv,
                        const char *policy, aq_error *err)
{
    aq_stations *st = NULL;
    char path[512];
    int rc;

    snprintf(path, sizeof path, "%s/etc/%s", AQ_SOURCE_DIR, stations_csv);
    rc = aq_stations_load(&st, path, err) < 0 ||
                 aq_jurisdiction_set(s, st, policy, err) < 0
             ? -1
             : 0;
    aq_stations_free(st);
    return rc;
}

/* The bundled files of a data set: Beijing's 12 UCI files, or the
 * Jing-Jin-Ji daily files of month m of 2019 (every day is bundled). */
static int data_file(int beijing, int m, size_t i, char *path, size_t cap)
{
    if (beijing) {
        if (i >= N_UCI)
            return 0;
        snprintf(path, cap,
                 "%s/data/beijing_multisite/PRSA_Data_%s_20130301-20150228"
                 ".csv.gz",
                 AQ_SOURCE_DIR, uci[i]);
    } else {
        if (i >= (size_t)aq_month_days(2019, m))
            return 0;
        snprintf(path, cap,
                 "%s/data/cnemc_jingjinji/china_sites_2019%02d%02zu.csv.gz",
                 AQ_SOURCE_DIR, m, i + 1);
    }
    return 1;
}

/* A store holding month (y, m) of the data set, tampered with by t (NULL:
 * untouched), under the default policy plus `policy`. */
static aq_store *month_store(const char *name, int beijing, int y, int m,
                             const char *policy, tamper_fn t, void *tp)
{
    char path[512], file[512];
    aq_store *s = NULL;
    aq_error err = AQ_ERROR_INIT;
    aq_ingest_report rep;
    aq_read_options ro = AQ_READ_OPTIONS_INIT;
    struct build b;
    size_t i;

    snprintf(path, sizeof path, "%s/audit-%s.db", aqt_tmp_dir(), name);
    remove(path);
    memset(&b, 0, sizeof b);
    b.first = aq_day_from_civil(y, m, 1);
    b.last = b.first + aq_month_days(y, m) - 1;
    b.tamper = t;
    b.payload = tp;
    b.err = &err;
    if (aq_store_open(&s, path, AQ_STORE_CREATE, &err) < 0 ||
        jurisdiction(
            s, beijing ? "beijing.stations.csv" : "jingjinji.stations.csv",
            policy, &err) < 0 ||
        aq_ingest_begin(s, &b.ing, name, name, "test", &err) < 0)
        goto fail;
    for (i = 0; data_file(beijing, m, i, file, sizeof file); i++)
        if (aq_read_file(file, &ro, add_obs, &b, NULL, &err) < 0) {
            aq_ingest_abort(b.ing);
            goto fail;
        }
    if (aq_ingest_commit(b.ing, &rep, &err) < 0)
        goto fail;
    return s;
fail:
    aqt_fail(__FILE__, __LINE__, "%s: %s", name, err.message);
    aq_store_close(s);
    return NULL;
}

static aq_audit *audit_of(aq_store *s, int y, int m)
{
    aq_period p = {AQ_PERIOD_MONTH, y, m};
    aq_audit *a = NULL;
    aq_error err = AQ_ERROR_INIT;

    if (!s)
        return NULL;
    if (aq_audit_run(&a, s, NULL, p, AQ_AUDIT_ALL_MONTH, &err) < 0)
        aqt_fail(__FILE__, __LINE__, "audit: %s", err.message);
    return a;
}

/* The first flag of this kind at this station and pollutant, or NULL. */
static const aq_audit_flag *find(const aq_audit *a, const char *station,
                                 aq_pollutant p, aq_audit_kind k)
{
    size_t i;

    for (i = 0; a && i < aq_audit_flag_count(a); i++) {
        const aq_audit_flag *f = aq_audit_flag_get(a, i);
        if (f->pollutant == p && f->kind == k &&
            !strcmp(aq_audit_station_get(a, f->station)->code, station))
            return f;
    }
    return NULL;
}

/* CHECK, but going on to the test's `done:` to free what it holds. */
#define REQUIRE(cond)                                                          \
    do {                                                                       \
        if (!(cond)) {                                                         \
            aqt_fail(__FILE__, __LINE__, "required: %s", #cond);               \
            goto done;                                                         \
        }                                                                      \
    } while (0)

/* Fails, describing the flag, when a has a flag of this kind at this
 * station and pollutant. */
#define EXPECT_NO_FLAG(a, station, p, k)                                       \
    no_flag(__FILE__, __LINE__, a, station, p, k)

static void no_flag(const char *file, int line, const aq_audit *a,
                    const char *station, aq_pollutant p, aq_audit_kind k)
{
    const aq_audit_flag *f = find(a, station, p, k);
    char facts[256] = "";
    size_t i, n = 0;

    if (!f)
        return;
    for (i = 0; i < f->n_facts && n < sizeof facts; i++)
        n += (size_t)snprintf(facts + n, sizeof facts - n, " %s=%lld",
                              f->facts[i].name, (long long)f->facts[i].value);
    aqt_fail(file, line, "unexpected %s %s flag at %s, hours %zu-%zu (%d):%s",
             aq_pollutant_code(p), aq_audit_kind_code(k), station, f->from,
             f->to, f->hours, facts);
}

static int64_t fact(const aq_audit_flag *f, const char *name)
{
    size_t i;

    for (i = 0; i < f->n_facts; i++)
        if (!strcmp(f->facts[i].name, name))
            return f->facts[i].value;
    return INT64_MIN;
}

/* The flag a tampering must raise: of kind k at station and pollutant p,
 * pointing at hours from..to (`hours` of them; -1: not checked), and none
 * such in the untouched month (when given). Returns it, or NULL. */
#define EXPECT_FLAG(a, untouched, station, p, k, from, to, hours)              \
    expect_flag(__FILE__, __LINE__, a, untouched, station, p, k, from, to,     \
                hours)

static const aq_audit_flag *
expect_flag(const char *file, int line, const aq_audit *a,
            const aq_audit *untouched, const char *station, aq_pollutant p,
            aq_audit_kind k, size_t from, size_t to, long hours)
{
    const aq_audit_flag *f = find(a, station, p, k);

    if (untouched)
        no_flag(file, line, untouched, station, p, k);
    if (!f) {
        aqt_fail(file, line, "no %s %s flag at %s", aq_pollutant_code(p),
                 aq_audit_kind_code(k), station);
        return NULL;
    }
    if (f->from != from || f->to != to || (hours >= 0 && f->hours != hours))
        aqt_fail(file, line,
                 "%s %s flag at %s: hours %zu-%zu (%d), want %zu-%zu (%ld)",
                 aq_pollutant_code(p), aq_audit_kind_code(k), station, f->from,
                 f->to, f->hours, from, to, hours);
    return f;
}

/* A tampered store and its audit. */
struct trial {
    aq_store *s;
    aq_audit *a;
};

static aq_audit *trial_run(struct trial *t, const char *name, int beijing,
                           int y, int m, tamper_fn fn, void *payload)
{
    t->s = month_store(name, beijing, y, m, "", fn, payload);
    t->a = audit_of(t->s, y, m);
    return t->a;
}

static void trial_free(struct trial *t)
{
    aq_audit_free(t->a);
    aq_store_close(t->s);
}

/* hour index of (day, label) in a month starting on day first */
static size_t hour_of(int32_t first, int32_t day, int label)
{
    return (size_t)(day - first) * 24 + (size_t)label - 1;
}

/* The untouched month 2014-01 of the Beijing stations, audited once. */
static aq_audit *untouched_beijing(void)
{
    static aq_audit *a;
    static aq_store *s;
    static int tried;

    if (!tried) {
        tried = 1;
        s = month_store("beijing-untouched", 1, 2014, 1, "", NULL, NULL);
        a = audit_of(s, 2014, 1);
        if (!a) /* else the audit holds it for the rest of the run */
            aq_store_close(s);
    }
    return a;
}

/* ---- Raw values, read by the test itself ---- */

/* PM2.5 of every Beijing station in 2014-01: [station][hour], micro-units
 * or AQ_MISSING, straight from the files */
struct raw {
    int64_t v[N_UCI][31 * 24];
    int32_t first;
};

static aq_status raw_obs(const aq_obs *o, void *payload)
{
    struct raw *r = payload;
    size_t i;

    if (o->day < r->first || o->day >= r->first + 31)
        return AQ_OK;
    for (i = 0; i < N_UCI; i++)
        if (!strcmp(o->station, uci[i]))
            r->v[i][hour_of(r->first, o->day, o->hour)] = o->value[AQ_PM25];
    return AQ_OK;
}

static struct raw *raw_beijing_pm25(void)
{
    static struct raw r;
    static int done;
    aq_read_options ro = AQ_READ_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    char file[512];
    size_t i, h;

    if (done)
        return &r;
    r.first = aq_day_from_civil(2014, 1, 1);
    for (i = 0; i < N_UCI; i++)
        for (h = 0; h < 31 * 24; h++)
            r.v[i][h] = AQ_MISSING;
    for (i = 0; data_file(1, 1, i, file, sizeof file); i++)
        if (aq_read_file(file, &ro, raw_obs, &r, NULL, &err) < 0)
            aqt_fail(__FILE__, __LINE__, "%s", err.message);
    done = 1;
    return &r;
}

static size_t uci_index(const char *code)
{
    size_t i;

    for (i = 0; i < N_UCI; i++)
        if (!strcmp(uci[i], code))
            break;
    return i;
}

/* ---- flatline ---- */

struct window {
    const char *station;
    aq_pollutant p;
    int32_t first;   /* the month's first day */
    size_t from, to; /* hour indices, inclusive */
    int64_t value;   /* flatline: the value; step: numerator of a factor */
    int changed;     /* hours changed */
    int changed_too; /* hours changed at a second station */
    size_t seen_first, seen_last;
    unsigned char hit[31 * 24]; /* hours changed, where it matters */
};

static void window_init(struct window *w, const char *station, aq_pollutant p,
                        int32_t first, size_t to, int64_t value)
{
    *w = (struct window){
        .station = station, .p = p, .first = first, .to = to, .value = value};
}

static void set_constant(aq_obs *o, void *payload)
{
    struct window *w = payload;
    size_t h = hour_of(w->first, o->day, o->hour);

    if (!strcmp(o->station, w->station) && h >= w->from && h <= w->to) {
        o->value[w->p] = w->value;
        w->changed++;
    }
}

/* A typed-in PM2.5 of 211.3 for 12 hours at Guanyuan (官园). */
void test_audit__flatline_injected_into_beijing(void)
{
    int32_t first = aq_day_from_civil(2014, 1, 1), day = first + 9;
    struct trial t = {NULL, NULL};
    struct window w;
    const aq_audit_flag *f;

    window_init(&w, "Guanyuan", AQ_PM25, first, hour_of(first, day, 16),
                211300000);
    w.from = hour_of(first, day, 5);
    REQUIRE(trial_run(&t, "flatline", 1, 2014, 1, set_constant, &w));
    EXPECT_EQ_INT(12, w.changed);
    f = EXPECT_FLAG(t.a, untouched_beijing(), "Guanyuan", AQ_PM25,
                    AQ_AUDIT_FLATLINE, w.from, w.to, 12);
    if (f)
        EXPECT_EQ_INT(2113, fact(f, "value")); /* 211.3, one decimal */
done:
    trial_free(&t);
}

/* ---- pm25_gt_pm10 ---- */

/* PM2.5 = 2 PM10 + 30 (far beyond 1.35 PM10 + 24) on every hour with both
 * values on two days at Tiantan (天坛). */
static void invert(aq_obs *o, void *payload)
{
    struct window *w = payload;
    size_t h = hour_of(w->first, o->day, o->hour);

    if (strcmp(o->station, w->station) || h < w->from || h > w->to ||
        o->value[AQ_PM25] == AQ_MISSING || o->value[AQ_PM10] == AQ_MISSING)
        return;
    o->value[AQ_PM25] = 2 * o->value[AQ_PM10] + 30 * AQ_MICRO;
    w->hit[h] = 1;
    if (!w->changed++)
        w->seen_first = h;
    w->seen_last = h;
}

void test_audit__pm25_above_pm10_injected_into_beijing(void)
{
    int32_t first = aq_day_from_civil(2014, 1, 1);
    struct trial t = {NULL, NULL};
    struct window w;
    const aq_audit_flag *f;

    /* 2014-01-20 and -21 */
    window_init(&w, "Tiantan", AQ_PM25, first, hour_of(first, first + 20, 24),
                0);
    w.from = hour_of(first, first + 19, 1);
    REQUIRE(trial_run(&t, "inversion", 1, 2014, 1, invert, &w));
    REQUIRE(w.changed >= 40); /* hours with both values */
    f = EXPECT_FLAG(t.a, untouched_beijing(), "Tiantan", AQ_PM25,
                    AQ_AUDIT_PM25_GT_PM10, w.seen_first, w.seen_last,
                    w.changed);
    if (f)
        EXPECT_EQ_INT(2, fact(f, "days"));
done:
    trial_free(&t);
}

/* ---- neighbour_divergence ---- */

/* Spraying at Aotizhongxin (奥体中心): its PM2.5 cut to a fifth during the
 * longest run of hours in which it and every other non-reference station
 * have PM2.5 of 150 or more (the air around is heavily polluted; the run
 * is found in the raw values). */
static void scale(aq_obs *o, void *payload)
{
    struct window *w = payload;
    size_t h = hour_of(w->first, o->day, o->hour);

    if (!strcmp(o->station, w->station) && h >= w->from && h <= w->to &&
        o->value[w->p] != AQ_MISSING) {
        o->value[w->p] = o->value[w->p] * w->value / 10;
        w->changed++;
    }
}

static int all_polluted(const struct raw *r, size_t h)
{
    size_t i;

    for (i = 0; i < N_UCI; i++)
        if (strcmp(uci[i], "Dingling") && /* the reference site */
            (r->v[i][h] == AQ_MISSING || r->v[i][h] < 150 * AQ_MICRO))
            return 0;
    return 1;
}

void test_audit__divergence_injected_into_beijing(void)
{
    const struct raw *r = raw_beijing_pm25();
    struct window w;
    const aq_audit_flag *f;
    size_t h, run = 0, best = 0;
    struct trial t = {NULL, NULL};

    window_init(&w, "Aotizhongxin", AQ_PM25, r->first, 0, 2);
    for (h = 0; h < 31 * 24; h++) {
        run = all_polluted(r, h) ? run + 1 : 0;
        if (run > best) {
            best = run;
            w.to = h;
        }
    }
    REQUIRE(best >= 8); /* audit_divergence_hours */
    w.from = w.to + 1 - best;
    REQUIRE(trial_run(&t, "divergence", 1, 2014, 1, scale, &w));
    f = EXPECT_FLAG(t.a, untouched_beijing(), "Aotizhongxin", AQ_PM25,
                    AQ_AUDIT_NEIGHBOUR_DIVERGENCE, w.from, w.to, (long)best);
    if (f)
        EXPECT(fact(f, "ratio") <= 30); /* about a fifth of the median */
done:
    trial_free(&t);
}

/* ---- selective_gaps ---- */

/* The hours to delete at one station, as a mask over the month. */
struct deletion {
    const char *station;
    int32_t first;
    unsigned char gone[31 * 24];
    int deleted;
};

static void delete_hours(aq_obs *o, void *payload)
{
    struct deletion *d = payload;
    size_t h = hour_of(d->first, o->day, o->hour);

    if (!strcmp(o->station, d->station) && d->gone[h] &&
        o->value[AQ_PM25] != AQ_MISSING) {
        o->value[AQ_PM25] = AQ_MISSING;
        d->deleted++;
    }
}

/* the median of the other non-reference stations' PM2.5 at hour h, or -1 */
static int64_t others_median(const struct raw *r, size_t self, size_t h)
{
    int64_t v[N_UCI];
    size_t i, n = 0, k;

    for (i = 0; i < N_UCI; i++) {
        if (i == self || !strcmp(uci[i], "Dingling") ||
            r->v[i][h] == AQ_MISSING)
            continue;
        for (k = n++; k > 0 && v[k - 1] > r->v[i][h]; k--)
            v[k] = v[k - 1];
        v[k] = r->v[i][h];
    }
    return n < 3 ? -1 : v[n / 2];
}

/* the sum of the other stations' median over day `day` */
static int64_t day_load(const struct raw *r, size_t self, size_t day)
{
    int64_t sum = 0, m;
    size_t h;

    for (h = day * 24; h < day * 24 + 24; h++)
        if ((m = others_median(r, self, h)) > 0)
            sum += m;
    return sum;
}

/* the index of the largest of n values not yet taken */
static size_t largest(const int64_t *v, size_t n, unsigned char *taken)
{
    size_t i, best = 0;
    int64_t most = -1;

    for (i = 0; i < n; i++)
        if (!taken[i] && v[i] > most) {
            most = v[i];
            best = i;
        }
    taken[best] = 1;
    return best;
}

/* Gucheng (古城) "down" on each of the six most polluted days, in the six
 * hours of the day when the other stations' median PM2.5 was highest. */
void test_audit__selective_gaps_injected_into_beijing(void)
{
    const struct raw *r = raw_beijing_pm25();
    static struct deletion d;
    size_t self = uci_index("Gucheng"), h, k, j;
    int64_t load[31], level[24];
    unsigned char day_taken[31] = {0};
    const aq_audit_flag *f;
    struct trial t = {NULL, NULL};

    memset(&d, 0, sizeof d);
    d.station = "Gucheng";
    d.first = r->first;
    for (k = 0; k < 31; k++)
        load[k] = day_load(r, self, k);
    for (k = 0; k < 6; k++) {
        size_t day = largest(load, 31, day_taken);
        unsigned char hour_taken[24] = {0};
        for (h = 0; h < 24; h++)
            level[h] = others_median(r, self, day * 24 + h);
        for (j = 0; j < 6; j++)
            d.gone[day * 24 + largest(level, 24, hour_taken)] = 1;
    }
    REQUIRE(trial_run(&t, "gaps", 1, 2014, 1, delete_hours, &d));
    REQUIRE(d.deleted >= 30);
    no_flag(__FILE__, __LINE__, untouched_beijing(), "Gucheng", AQ_PM25,
            AQ_AUDIT_SELECTIVE_GAPS);
    f = find(t.a, "Gucheng", AQ_PM25, AQ_AUDIT_SELECTIVE_GAPS);
    EXPECT(f != NULL);
    if (f) {
        /* most deleted hours are among the nearest neighbours' most
         * polluted quarter of their clock hour (less the longest gap, left
         * aside); p at its floor */
        EXPECT(f->hours >= d.deleted / 2);
        EXPECT(fact(f, "p_value") <= 20); /* 0.0020, in 1e-4 */
    }
done:
    trial_free(&t);
}

/* One outage of a whole day, on the day the other stations were most
 * polluted, is no evidence: shifted round the month, such a block lands
 * on other bad days about as often. */
void test_audit__one_outage_on_the_worst_day_is_no_evidence(void)
{
    const struct raw *r = raw_beijing_pm25();
    static struct deletion d;
    size_t self = uci_index("Gucheng"), day, h, worst = 0;
    int64_t most = -1;
    struct trial t = {NULL, NULL};

    memset(&d, 0, sizeof d);
    d.station = "Gucheng";
    d.first = r->first;
    for (day = 0; day < 31; day++)
        if (day_load(r, self, day) > most) {
            most = day_load(r, self, day);
            worst = day;
        }
    for (h = worst * 24; h < worst * 24 + 24; h++)
        d.gone[h] = 1;
    REQUIRE(trial_run(&t, "outage", 1, 2014, 1, delete_hours, &d));
    REQUIRE(d.deleted >= 20);
    EXPECT_NO_FLAG(t.a, "Gucheng", AQ_PM25, AQ_AUDIT_SELECTIVE_GAPS);
done:
    trial_free(&t);
}

/* ---- step_change ---- */

/* Shunyi (顺义新城) recalibrated on 2014-01-16 to read half its PM2.5. */
void test_audit__step_change_injected_into_beijing(void)
{
    int32_t first = aq_day_from_civil(2014, 1, 1);
    struct window w;
    const aq_audit_flag *f;
    struct trial t = {NULL, NULL};

    window_init(&w, "Shunyi", AQ_PM25, first, 31 * 24 - 1, 5);
    w.from = hour_of(first, first + 15, 1);
    REQUIRE(trial_run(&t, "step", 1, 2014, 1, scale, &w));
    /* to the month's end; its valid hours from the day */
    f = EXPECT_FLAG(t.a, untouched_beijing(), "Shunyi", AQ_PM25,
                    AQ_AUDIT_STEP_CHANGE, w.from, w.to, w.changed);
    if (f) {
        EXPECT_EQ_INT(first + 15, fact(f, "day"));
        /* about half the level before */
        EXPECT(fact(f, "ratio_after") * 10 < fact(f, "ratio_before") * 6);
    }
done:
    trial_free(&t);
}

/* ---- City units: neighbours from the unit (Jing-Jin-Ji, CNEMC files) ---- */

/* 1029A 职工医院 (石家庄, 13 listed stations) with a PM10 stuck at 87 for a
 * day, and PM2.5 above PM10 on 2019-06-05. */
static void stuck_and_inverted(aq_obs *o, void *payload)
{
    struct window *w = payload;

    if (strcmp(o->station, "1029A"))
        return;
    if (o->day == w->first + 2) {
        o->value[AQ_PM10] = 87 * AQ_MICRO;
        w->hit[hour_of(w->first, o->day, o->hour)] = 1;
    }
    if (o->day == w->first + 4 && o->value[AQ_PM10] != AQ_MISSING &&
        o->value[AQ_PM25] != AQ_MISSING) {
        o->value[AQ_PM25] = 2 * o->value[AQ_PM10] + 30 * AQ_MICRO;
        w->changed++;
    }
}

void test_audit__unit_neighbours_in_jingjinji(void)
{
    int32_t first = aq_day_from_civil(2019, 6, 1);
    struct window w;
    const aq_audit_station *st = NULL;
    const aq_audit_flag *f;
    struct trial t = {NULL, NULL}, t0 = {NULL, NULL};
    size_t i, run, longest = 0, end = 0;

    window_init(&w, "1029A", AQ_PM10, first, 0, 0);
    REQUIRE(trial_run(&t, "jjj", 0, 2019, 6, stuck_and_inverted, &w));
    REQUIRE(trial_run(&t0, "jjj-untouched", 0, 2019, 6, NULL, NULL));
    for (i = 0; i < aq_audit_station_count(t.a); i++)
        if (!strcmp(aq_audit_station_get(t.a, i)->code, "1029A"))
            st = aq_audit_station_get(t.a, i);
    REQUIRE(st);
    EXPECT_EQ_INT(AQ_AUDIT_BASIS_UNIT, st->basis);
    EXPECT(st->neighbours >= 2);
    /* the station reported 20 of the day's hours: the longest run of
     * them (labels 7-16 in the file) is the stuck one */
    for (i = run = 0; i < 31 * 24; i++) {
        run = w.hit[i] ? run + 1 : 0;
        if (run > longest) {
            longest = run;
            end = i;
        }
    }
    REQUIRE(longest >= 8);
    EXPECT_FLAG(t.a, t0.a, "1029A", AQ_PM10, AQ_AUDIT_FLATLINE,
                end + 1 - longest, end, (long)longest);
    f = find(t.a, "1029A", AQ_PM25, AQ_AUDIT_PM25_GT_PM10);
    EXPECT(f != NULL);
    if (f)
        EXPECT_EQ_INT(w.changed, f->hours);
    EXPECT_NO_FLAG(t0.a, "1029A", AQ_PM25, AQ_AUDIT_PM25_GT_PM10);
done:
    trial_free(&t);
    trial_free(&t0);
}

/* The PM2.5 of a city's assessment stations (not reference sites) in
 * 2019-01, straight from the bundled Jing-Jin-Ji files: [station][hour]. */
struct city {
    char code[16][16];
    size_t n;
    int64_t v[16][31 * 24];
    int32_t first;
};

static aq_status city_obs(const aq_obs *o, void *payload)
{
    struct city *c = payload;
    size_t i;

    for (i = 0; i < c->n; i++)
        if (!strcmp(o->station, c->code[i]) && o->day >= c->first &&
            o->day < c->first + 31)
            c->v[i][hour_of(c->first, o->day, o->hour)] = o->value[AQ_PM25];
    return AQ_OK;
}

static int city_pm25(struct city *c, const char *unit)
{
    aq_read_options ro = AQ_READ_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    aq_stations *st = NULL;
    char path[512];
    size_t i, h;
    int u;

    memset(c, 0, sizeof *c);
    c->first = aq_day_from_civil(2019, 1, 1);
    snprintf(path, sizeof path, "%s/etc/jingjinji.stations.csv", AQ_SOURCE_DIR);
    if (aq_stations_load(&st, path, &err) < 0)
        return -1;
    u = aq_stations_unit_find(st, unit);
    for (i = 0; u >= 0 && i < aq_stations_unit_size(st, (size_t)u) && c->n < 16;
         i++) {
        const aq_station *x = aq_stations_unit_station(st, (size_t)u, i);
        if (!x->reference)
            snprintf(c->code[c->n++], sizeof c->code[0], "%s", x->code);
    }
    aq_stations_free(st);
    for (i = 0; i < 16; i++)
        for (h = 0; h < 31 * 24; h++)
            c->v[i][h] = AQ_MISSING;
    for (i = 0; data_file(0, 1, i, path, sizeof path); i++)
        if (aq_read_file(path, &ro, city_obs, c, NULL, &err) < 0)
            return -1;
    return 0;
}

/* In 石家庄 (13 listed stations, neighbours from the unit), January 2019:
 * water sprayed at 1032A 西南高教 (PM2.5 cut to a fifth) through the
 * longest run of hours in which every other assessment station with data
 * read 150 or more; and 1033A 世纪公园 recalibrated on 2019-01-16 to read
 * half its PM2.5. The untouched month has none of these flags. */
static void spray_and_recalibrate(aq_obs *o, void *payload)
{
    struct window *w = payload;
    size_t h = hour_of(w->first, o->day, o->hour);

    if (o->value[AQ_PM25] == AQ_MISSING)
        return;
    if (!strcmp(o->station, "1032A") && h >= w->from && h <= w->to) {
        o->value[AQ_PM25] /= 5;
        w->changed++;
    }
    if (!strcmp(o->station, "1033A") && o->day >= w->first + 15) {
        o->value[AQ_PM25] /= 2;
        w->changed_too++;
    }
}

void test_audit__city_unit_in_jingjinji_january(void)
{
    static struct city c;
    struct window w;
    struct trial t = {NULL, NULL}, t0 = {NULL, NULL};
    const aq_audit_flag *f;
    size_t i, h, self = 16, run = 0, best = 0;

    REQUIRE(city_pm25(&c, "石家庄") == 0);
    for (i = 0; i < c.n; i++)
        if (!strcmp(c.code[i], "1032A"))
            self = i;
    REQUIRE(self < c.n);
    window_init(&w, "1032A", AQ_PM25, c.first, 0, 0);
    for (h = 0; h < 31 * 24; h++) {
        int high = c.v[self][h] != AQ_MISSING, others = 0;
        for (i = 0; i < c.n; i++) {
            if (i == self || c.v[i][h] == AQ_MISSING)
                continue;
            others++;
            high &= c.v[i][h] >= 150 * AQ_MICRO;
        }
        run = high && others >= 3 ? run + 1 : 0;
        if (run > best) {
            best = run;
            w.to = h;
        }
    }
    REQUIRE(best >= 8);
    w.from = w.to + 1 - best;
    REQUIRE(trial_run(&t0, "jjj-jan", 0, 2019, 1, NULL, NULL));
    REQUIRE(trial_run(&t, "jjj-jan-tampered", 0, 2019, 1, spray_and_recalibrate,
                      &w));
    f = EXPECT_FLAG(t.a, t0.a, "1032A", AQ_PM25, AQ_AUDIT_NEIGHBOUR_DIVERGENCE,
                    w.from, w.to, (long)best);
    if (f)
        EXPECT(fact(f, "neighbours") == 3);
    f = EXPECT_FLAG(t.a, t0.a, "1033A", AQ_PM25, AQ_AUDIT_STEP_CHANGE,
                    hour_of(c.first, c.first + 15, 1), 31 * 24 - 1,
                    (long)w.changed_too);
    if (f)
        EXPECT_EQ_INT(c.first + 15, fact(f, "day"));
done:
    trial_free(&t);
    trial_free(&t0);
}

/* ---- Flags change nothing; the composite without them ---- */

/* The effects compute the month twice through the engine: without flags
 * the two composite indices agree; with the step above (Shunyi reading
 * half from the 16th, its unit's only station), removing the flagged
 * hours leaves the first 15 days, so the index changes. */
void test_audit__effects_recompute_without_flagged_hours(void)
{
    aq_audit *a = untouched_beijing();
    const aq_audit_effect *e;
    size_t n, i;
    aq_error err = AQ_ERROR_INIT;
    int32_t first = aq_day_from_civil(2014, 1, 1);
    struct window w;
    struct trial t = {NULL, NULL};

    window_init(&w, "Shunyi", AQ_PM25, first, 31 * 24 - 1, 5);
    REQUIRE(a);
    REQUIRE(aq_audit_effects(a, &e, &n, &err) == AQ_OK);
    EXPECT_EQ_INT(12, n);
    for (i = 0; i < n; i++)
        if (e[i].flagged_hours == 0)
            EXPECT_EQ_INT(e[i].composite, e[i].composite_without);
    w.from = hour_of(first, first + 15, 1);
    REQUIRE(trial_run(&t, "step-effect", 1, 2014, 1, scale, &w));
    REQUIRE(aq_audit_effects(t.a, &e, &n, &err) == AQ_OK);
    for (i = 0; i < n; i++)
        if (!strcmp(e[i].unit, "顺义新城")) {
            EXPECT(e[i].flagged_hours >= w.changed);
            EXPECT(e[i].composite >= 0 && e[i].composite_without >= 0);
            EXPECT(e[i].composite_without != e[i].composite);
        }
done:
    trial_free(&t);
}

/* ---- A small hand-made month: every number worked out below ---- */

/* Unit 甲县 has four stations within a few km (neighbours from the unit);
 * 乙县's one station B1 is 20 km away (neighbours by distance: the four of
 * 甲县). In July 2018 every station reads PM2.5 = 100 + (h mod 7) at hour
 * index h, and PM10 twice that, except:
 *   A1: PM2.5 10 at hours 100..107 (8 hours): far below while the others
 *       are high (>= 75);
 *   A2: PM2.5 123 at hours 200..211 (12 hours): a flatline;
 *   A3: PM10 40 at hours 300..305, where PM2.5 is 100 + (h mod 7), and
 *       the day 2018-07-13 (hours 288..311) has only those 6 inverted
 *       hours: PM2.5 > 1.35 * 40 + 24 = 78. */
static const aq_station_row hand_rows[] = {
    {"A1", "甲县", "County A", "一号", 116.00, 39.00, 0},
    {"A2", "甲县", "County A", "二号", 116.01, 39.00, 0},
    {"A3", "甲县", "County A", "三号", 116.00, 39.01, 0},
    {"A4", "甲县", "County A", "四号", 116.01, 39.01, 0},
    {"B1", "乙县", "County B", "五号", 116.20, 39.10, 0},
};

static aq_store *hand_store(void)
{
    aq_ingest *ing;
    aq_store *s = aqt_store_begin("audit-hand.db", hand_rows, 5, "", &ing);
    aq_error err = AQ_ERROR_INIT;
    int32_t first = aq_day_from_civil(2018, 7, 1);
    size_t i, h;

    if (!s)
        return NULL;
    for (i = 0; i < 5; i++)
        for (h = 0; h < 31 * 24; h++) {
            int64_t v[AQ_POLLUTANT_COUNT] = {AQ_MISSING, AQ_MISSING,
                                             AQ_MISSING, AQ_MISSING,
                                             AQ_MISSING, AQ_MISSING};
            v[AQ_PM25] = (100 + (int64_t)(h % 7)) * AQ_MICRO;
            v[AQ_PM10] = 2 * v[AQ_PM25];
            if (i == 0 && h >= 100 && h <= 107)
                v[AQ_PM25] = 10 * AQ_MICRO;
            if (i == 1 && h >= 200 && h <= 211)
                v[AQ_PM25] = 123 * AQ_MICRO;
            if (i == 2 && h >= 300 && h <= 305)
                v[AQ_PM10] = 40 * AQ_MICRO;
            if (aq_ingest_add(ing, hand_rows[i].code, first + (int32_t)(h / 24),
                              (int)(h % 24) + 1, v, &err) < 0)
                return aqt_store_abort(s, ing, &err);
        }
    return aqt_store_commit(s, ing);
}

void test_audit__hand_made_month_evidence(void)
{
    aq_store *s = hand_store();
    aq_audit *a = audit_of(s, 2018, 7);
    const aq_audit_flag *f;
    const aq_audit_station *st;
    int64_t sum = 0;
    size_t h;

    REQUIRE(a);
    EXPECT_EQ_INT(5, aq_audit_station_count(a));
    for (h = 0; h < aq_audit_station_count(a); h++) {
        st = aq_audit_station_get(a, h);
        if (!strcmp(st->code, "B1")) {
            EXPECT_EQ_INT(AQ_AUDIT_BASIS_DISTANCE, st->basis);
            EXPECT_EQ_INT(4, st->neighbours);
        } else {
            EXPECT_EQ_INT(AQ_AUDIT_BASIS_UNIT, st->basis);
            EXPECT_EQ_INT(3, st->neighbours);
        }
        EXPECT_EQ_INT(744, st->hours);
        EXPECT_EQ_INT(744, st->valid_hours);
    }
    /* A1: the median of A2-A4 is 100 + (h mod 7); over hours 100..107 that
     * is 102 103 104 105 106 100 101 102, mean 823 / 8 = 102.875 -> 103;
     * ratio 80 / 823 = 0.097 -> 0.10; usual ratio 1 */
    for (h = 100; h <= 107; h++)
        sum += 100 + (int64_t)(h % 7);
    EXPECT_EQ_INT(823, sum);
    f = EXPECT_FLAG(a, NULL, "A1", AQ_PM25, AQ_AUDIT_NEIGHBOUR_DIVERGENCE, 100,
                    107, 8);
    REQUIRE(f);
    EXPECT_EQ_INT(3, fact(f, "neighbours"));
    EXPECT_EQ_INT(10, fact(f, "station_mean"));
    EXPECT_EQ_INT(103, fact(f, "neighbour_median_mean"));
    EXPECT_EQ_INT(10, fact(f, "ratio"));
    EXPECT_EQ_INT(100, fact(f, "usual_ratio"));
    /* A2: 12 hours of 123 */
    f = EXPECT_FLAG(a, NULL, "A2", AQ_PM25, AQ_AUDIT_FLATLINE, 200, 211, 12);
    REQUIRE(f);
    EXPECT_EQ_INT(123, fact(f, "value"));
    /* A3: hours 300..305 have PM2.5 100 + (h mod 7) = 102 103 104 105 106
     * 100 (sum 620, mean 103.3 -> 103) against PM10 40 */
    f = EXPECT_FLAG(a, NULL, "A3", AQ_PM25, AQ_AUDIT_PM25_GT_PM10, 300, 305, 6);
    REQUIRE(f);
    EXPECT_EQ_INT(1, fact(f, "days"));
    EXPECT_EQ_INT(103, fact(f, "pm25_mean"));
    EXPECT_EQ_INT(40, fact(f, "pm10_mean"));
    /* nothing else: the other stations follow the pattern exactly */
    EXPECT_EQ_INT(3, aq_audit_flag_count(a));
done:
    aq_audit_free(a);
    aq_store_close(s);
}

/* The document (aq_api_audit) of the hand-made month, and its renderings:
 * hour indices become hour-ending labels (N1.3.3), the person's table has
 * no internal codes, the CSV one row per flag. */
void test_audit__document_and_renderings(void)
{
    aq_store *s = hand_store();
    aq_period july = {AQ_PERIOD_MONTH, 2018, 7};
    aq_error err = AQ_ERROR_INIT;
    char *json = NULL, *csv = NULL, *zh = NULL, *en = NULL, *bad = NULL;
    json_t *doc = NULL, *f;
    json_error_t jerr;
    size_t i;

    REQUIRE(s);
    REQUIRE(aq_api_audit(s, NULL, july, NULL, AQ_AUDIT_ALL_MONTH, &json,
                         &err) == AQ_OK);
    doc = json_loads(json, 0, &jerr);
    REQUIRE(doc);
    EXPECT_EQ_STR("2018-07", json_string_value(json_object_get(doc, "month")));
    EXPECT(json_is_null(json_object_get(doc, "since")));
    EXPECT_EQ_INT(3, json_array_size(json_object_get(doc, "flags")));
    EXPECT_EQ_INT(5, json_array_size(json_object_get(doc, "stations")));
    EXPECT_EQ_INT(2, json_array_size(json_object_get(doc, "units")));
    json_array_foreach(json_object_get(doc, "flags"), i, f)
    {
        if (strcmp(json_string_value(json_object_get(f, "kind")),
                   "neighbour_divergence"))
            continue;
        /* hour 100 = 2018-07-05 label 5; hour 107 = label 12 */
        EXPECT_EQ_STR("A1", json_string_value(json_object_get(f, "station")));
        EXPECT_EQ_STR("甲县", json_string_value(json_object_get(f, "unit")));
        EXPECT_EQ_STR("pm25",
                      json_string_value(json_object_get(f, "pollutant")));
        EXPECT_EQ_STR("2018-07-05T05",
                      json_string_value(json_object_get(f, "from")));
        EXPECT_EQ_STR("2018-07-05T12",
                      json_string_value(json_object_get(f, "to")));
        EXPECT_EQ_INT(8, json_integer_value(json_object_get(f, "hours")));
    }
    /* only PM2.5 and PM10 are stored: no composite index either way */
    json_array_foreach(json_object_get(doc, "units"), i, f)
        EXPECT(json_is_null(json_object_get(f, "composite_index")));
    REQUIRE(aq_render_audit_csv(json, &csv, &err) == AQ_OK);
    EXPECT(strstr(csv, "station,station_name,unit,pollutant,kind,from,to,"
                       "hours,evidence\r\n") == csv);
    EXPECT(strstr(csv, "A1,一号,甲县,pm25,neighbour_divergence,"
                       "2018-07-05T05,2018-07-05T12,8,neighbours=3; "
                       "station_mean=10; neighbour_median_mean=103; "
                       "ratio=0.1; usual_ratio=1\r\n") != NULL);
    REQUIRE(aq_render_audit_table(json, "zh", &zh, &err) == AQ_OK);
    REQUIRE(aq_render_audit_table(json, "en", &en, &err) == AQ_OK);
    EXPECT(strstr(zh, "明显低于周边") && strstr(zh, "07-05 05时"));
    EXPECT(strstr(en, "far below neighbours") && strstr(en, "07-05 05:00"));
    /* a person's text names kinds and pollutants, never their codes */
    EXPECT(!strstr(en, "neighbour_divergence") && !strstr(en, "pm25") &&
           !strstr(zh, "pm25_gt_pm10") && !strstr(en, "flatline"));
    EXPECT_EQ_INT(AQ_EPARSE, aq_render_audit_csv("{\"month\":1}", &bad, &err));
    EXPECT(bad == NULL);
done:
    json_decref(doc);
    aq_free(json);
    aq_free(csv);
    aq_free(zh);
    aq_free(en);
    aq_store_close(s);
}

/* ---- The thresholds are policy settings ---- */

void test_audit__every_threshold_is_a_policy_setting(void)
{
    static const char text[] = "audit_min_level = 10, 11, 12, 13, 1.5, 14\n"
                               "audit_flatline_hours = 12\n"
                               "audit_pm25_pm10_ratio = 1.2\n"
                               "audit_pm25_pm10_margin = 15\n"
                               "audit_pm25_pm10_hours = 4\n"
                               "audit_neighbour_km = 30.5\n"
                               "audit_min_neighbours = 1\n"
                               "audit_reference_neighbours = 5\n"
                               "audit_divergence_ratio = 0.4\n"
                               "audit_divergence_high = 1, 2, 3, 4, 5, 6\n"
                               "audit_divergence_hours = 10\n"
                               "audit_gaps_min_hours = 8\n"
                               "audit_gaps_polluted_share = 0.2\n"
                               "audit_gaps_min_share = 0.6\n"
                               "audit_gaps_max_p = 0.01\n"
                               "audit_step_days = 5\n"
                               "audit_step_change = 0.25\n"
                               "audit_step_consistency = 0.8\n";
    aq_policy p, d;
    aq_error err = AQ_ERROR_INIT;
    const aq_policy_audit *a = &p.audit;

    aq_policy_init(&d);
    aq_policy_init(&p);
    CHECK_OK(aq_policy_parse(&p, text, sizeof text - 1, "t", &err));
    EXPECT_EQ_INT(1500000, a->min_level[AQ_CO]);
    EXPECT_EQ_INT(13 * AQ_MICRO, a->min_level[AQ_PM25]);
    EXPECT_EQ_INT(12, a->flatline_hours);
    EXPECT_EQ_INT(1200000, a->pm_ratio);
    EXPECT_EQ_INT(15 * AQ_MICRO, a->pm_margin);
    EXPECT_EQ_INT(4, a->pm_hours);
    EXPECT_EQ_INT(30500000, a->neighbour_km);
    EXPECT_EQ_INT(1, a->min_neighbours);
    EXPECT_EQ_INT(5, a->reference_neighbours);
    EXPECT_EQ_INT(400000, a->divergence_ratio);
    EXPECT_EQ_INT(6, a->divergence_high_count);
    EXPECT_EQ_INT(6 * AQ_MICRO, a->divergence_high[AQ_O3]);
    EXPECT_EQ_INT(10, a->divergence_hours);
    EXPECT_EQ_INT(8, a->gaps_min_hours);
    EXPECT_EQ_INT(200000, a->gaps_polluted_share);
    EXPECT_EQ_INT(600000, a->gaps_min_share);
    EXPECT_EQ_INT(10000, a->gaps_max_p);
    EXPECT_EQ_INT(5, a->step_days);
    EXPECT_EQ_INT(250000, a->step_change);
    EXPECT_EQ_INT(800000, a->step_consistency);
    /* the defaults (etc/hengshui.policy says why) */
    EXPECT_EQ_INT(8, d.audit.flatline_hours);
    EXPECT_EQ_INT(0, d.audit.divergence_high_count);
    EXPECT_EQ_INT(2000, d.audit.gaps_max_p);
    /* bad values name line and column */
    aq_policy_init(&p);
    EXPECT_EQ_INT(AQ_EPARSE, aq_policy_parse(&p, "audit_min_level = 1, 2\n", 23,
                                             "t", &err));
    EXPECT_EQ_INT(1, err.line);
    EXPECT_EQ_INT(AQ_EPARSE,
                  aq_policy_parse(&p, "audit_step_days = 40\n", 21, "t", &err));
    EXPECT_EQ_INT(19, err.column);
    EXPECT_EQ_INT(AQ_EPARSE, aq_policy_parse(&p, "audit_divergence_ratio = 2\n",
                                             27, "t", &err));
    /* nothing applied on failure */
    EXPECT(!memcmp(&p.audit, &d.audit, sizeof p.audit));
}

/* ---- The bulletin's data-quality notes (数据质量提示) ---- */

/* Beijing, July 2014 (no flag untouched), with a PM10 typed in at
 * Guanyuan (官园: 12 hours of 150.0 on the 10th; a PM2.5 of 211.3 would
 * also be above that July's PM10, a second flag) and PM2.5 = 2 PM10 + 30
 * at Tiantan (天坛) on the 20th and 21st; `remove` then deletes what the
 * flags point at (PM10 of the typed-in hours; PM2.5 and PM10 of the
 * inverted hours, either may be the wrong one), so that the same month
 * ranked without them through ingest and the engine gives the composite
 * index the notes must state. */
struct injected {
    struct window flat, inv;
    int remove;
};

static void inject_two(aq_obs *o, void *payload)
{
    struct injected *x = payload;
    size_t h;

    set_constant(o, &x->flat);
    invert(o, &x->inv);
    if (!x->remove)
        return;
    h = hour_of(x->flat.first, o->day, o->hour);
    if (!strcmp(o->station, x->flat.station) && h >= x->flat.from &&
        h <= x->flat.to)
        o->value[x->flat.p] = AQ_MISSING;
    if (!strcmp(o->station, x->inv.station) && h < 31 * 24 && x->inv.hit[h])
        o->value[AQ_PM25] = o->value[AQ_PM10] = AQ_MISSING;
}

static void injected_init(struct injected *x, int remove)
{
    int32_t first = aq_day_from_civil(2014, 7, 1);

    memset(x, 0, sizeof *x);
    window_init(&x->flat, "Guanyuan", AQ_PM10, first,
                hour_of(first, first + 9, 16), 150 * AQ_MICRO);
    x->flat.from = hour_of(first, first + 9, 5);
    window_init(&x->inv, "Tiantan", AQ_PM25, first,
                hour_of(first, first + 20, 24), 0);
    x->inv.from = hour_of(first, first + 19, 1);
    x->remove = remove;
}

/* The bulletin of July 2014 of store s in `format` and `lang`. */
static char *bulletin_of(aq_store *s, const char *format, const char *lang)
{
    aq_period july = {AQ_PERIOD_MONTH, 2014, 7};
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_ranking *r = NULL;
    aq_error err = AQ_ERROR_INIT;
    char *out = NULL;

    ro.lang = lang;
    if (!s || aq_ranking_build(&r, s, NULL, july, &err) < 0 ||
        aq_api_bulletin(r, july, format, &ro, &out, &err) < 0)
        aqt_fail(__FILE__, __LINE__, "bulletin %s %s: %s", format, lang,
                 err.message);
    aq_ranking_free(r);
    return out;
}

/* a unit of a ranking or notes document, by its Chinese name */
static const json_t *unit_in(const json_t *units, const char *name)
{
    const json_t *u;
    size_t i;

    json_array_foreach(units, i, u)
        if (!strcmp(json_string_value(json_object_get(u, "unit")), name))
            return u;
    return NULL;
}

/* a JSON number in hundredths (composite indices have 2 decimals) */
static long long hundredths(const json_t *v)
{
    return json_is_number(v) ? llround(json_number_value(v) * 100) : -1;
}

/* The untouched month: no flag, so no section in any rendering. */
void test_audit__bulletin_without_flags_has_no_notes(void)
{
    aq_store *s = month_store("bulletin-untouched", 1, 2014, 7, "", NULL, NULL);
    char *json = bulletin_of(s, "json", "zh"), *md = bulletin_of(s, "md", "zh"),
         *html = bulletin_of(s, "html", "en");
    aq_audit *a = audit_of(s, 2014, 7);
    json_t *doc = json ? json_loads(json, 0, NULL) : NULL;

    REQUIRE(a && doc && md && html);
    EXPECT_EQ_INT(0, aq_audit_flag_count(a));
    EXPECT(json_object_get(doc, "data_quality") == NULL);
    EXPECT_EQ_INT(11, json_array_size(json_object_get(doc, "units")));
    EXPECT(!strstr(md, "数据质量"));
    EXPECT(!strstr(html, "data-quality") && !strstr(html, "Data quality"));
done:
    json_decref(doc);
    aq_free(json);
    aq_free(md);
    aq_free(html);
    aq_audit_free(a);
    aq_store_close(s);
}

/* The tampered month: the two flags by kind, the two units (in the
 * ranking's order) with their flagged hours and their composite index as
 * ranked and as the month ranked without the flagged values gives it;
 * the same in Markdown (zh) and HTML (en). */
void test_audit__bulletin_notes_name_units_and_indices(void)
{
    struct injected in, out;
    aq_store *s = NULL, *s2 = NULL;
    char *json = NULL, *plain = NULL, *md = NULL, *html = NULL;
    json_t *doc = NULL, *ref = NULL;
    const json_t *dq, *by, *units, *u, *mine, *f;
    static const char *const names[2] = {"官园", "天坛"};
    size_t i, k;

    injected_init(&in, 0);
    injected_init(&out, 1);
    s = month_store("bulletin-tampered", 1, 2014, 7, "", inject_two, &in);
    REQUIRE(s && in.flat.changed == 12 && in.inv.changed >= 40);
    s2 = month_store("bulletin-removed", 1, 2014, 7, "", inject_two, &out);
    json = bulletin_of(s, "json", "zh");
    plain = bulletin_of(s2, "json", "zh");
    REQUIRE(json && plain);
    doc = json_loads(json, 0, NULL);
    ref = json_loads(plain, 0, NULL);
    REQUIRE(doc && ref);
    dq = json_object_get(doc, "data_quality");
    REQUIRE(json_is_object(dq));
    /* exactly the two flags injected */
    by = json_object_get(dq, "flags_by_kind");
    EXPECT_EQ_INT(2, json_integer_value(json_object_get(dq, "flags")));
    EXPECT_EQ_INT(1, json_integer_value(json_object_get(by, "flatline")));
    EXPECT_EQ_INT(1, json_integer_value(json_object_get(by, "pm25_gt_pm10")));
    EXPECT_EQ_INT(0, json_integer_value(
                         json_object_get(by, "neighbour_divergence")));
    /* the units, in the order of the ranking */
    units = json_object_get(dq, "units");
    REQUIRE(json_array_size(units) == 2);
    {
        size_t at[2] = {0, 0};
        json_array_foreach(json_object_get(doc, "units"), i, u)
            for (k = 0; k < 2; k++)
                if (!strcmp(json_string_value(json_object_get(u, "unit")),
                            names[k]))
                    at[k] = i;
        k = at[0] < at[1] ? 0 : 1;
        EXPECT_EQ_STR(names[k], json_string_value(json_object_get(
                                    json_array_get(units, 0), "unit")));
        EXPECT_EQ_STR(names[1 - k], json_string_value(json_object_get(
                                        json_array_get(units, 1), "unit")));
    }
    for (k = 0; k < 2; k++) {
        long long with, without;
        mine = unit_in(units, names[k]);
        REQUIRE(mine);
        /* flagged hours: 12 typed in; the inverted hours, PM2.5 only
         * counted once per station-hour */
        EXPECT_EQ_INT(k == 0 ? 12 : in.inv.changed,
                      json_integer_value(json_object_get(mine, "flagged_hours")));
        with = hundredths(json_object_get(mine, "composite_index"));
        without =
            hundredths(json_object_get(mine, "composite_index_without_flags"));
        /* as ranked, and as ranked without the flagged values */
        EXPECT_EQ_INT(hundredths(json_object_get(
                          unit_in(json_object_get(doc, "units"), names[k]),
                          "composite_index")),
                      with);
        EXPECT_EQ_INT(hundredths(json_object_get(
                          unit_in(json_object_get(ref, "units"), names[k]),
                          "composite_index")),
                      without);
        EXPECT(with > 0 && without > 0);
        if (k == 1) /* two days of PM2.5 gone: not a vacuous comparison */
            EXPECT(with != without);
        EXPECT_EQ_INT(without - with,
                      hundredths(json_object_get(mine, "change")));
        f = json_array_get(json_object_get(mine, "flags"), 0);
        EXPECT_EQ_INT(1, json_array_size(json_object_get(mine, "flags")));
        EXPECT_EQ_STR(k == 0 ? "flatline" : "pm25_gt_pm10",
                      json_string_value(json_object_get(f, "kind")));
        if (k == 0)
            EXPECT_EQ_STR("2014-07-10T05",
                          json_string_value(json_object_get(f, "from")));
        /* the sentence names the unit and states both indices */
        {
            char a[48], b[48];
            const char *zh = json_string_value(json_object_get(mine, "text_zh"));
            const char *en = json_string_value(json_object_get(mine, "text_en"));
            snprintf(a, sizeof a, "%lld.%02lld", with / 100, with % 100);
            snprintf(b, sizeof b, "%lld.%02lld", without / 100, without % 100);
            REQUIRE(zh && en);
            EXPECT(strstr(zh, names[k]) == zh && strstr(zh, a) &&
                   strstr(zh, b));
            EXPECT(strstr(en, k == 0 ? "Guanyuan: " : "Tiantan: ") == en &&
                   strstr(en, a) && strstr(en, b) &&
                   strstr(en, k == 0 ? "constant value (PM10, 07-10 05:00 "
                                       "to 07-10 16:00, 12 hours)"
                                     : "PM2.5 above PM10 (PM2.5, 07-20"));
        }
    }
    /* rendered: the section in Markdown (zh) and HTML (en) */
    md = bulletin_of(s, "md", "zh");
    html = bulletin_of(s, "html", "en");
    REQUIRE(md && html);
    EXPECT(strstr(md, "\n## 数据质量提示\n\n本月共有数据质量标记 2 条（长时间"
                      "恒值 1 条、PM2.5 大于 PM10 1 条）。") != NULL);
    json_array_foreach(units, i, u) {
        const char *line = json_string_value(json_object_get(u, "text_zh"));
        EXPECT(line && strstr(md, line));
    }
    EXPECT(strstr(html, "<section id=\"data-quality\">\n<h2>Data quality "
                        "notes</h2>\n<p class=\"note\">2 data-quality flags "
                        "this month (constant value: 1, PM2.5 above PM10: "
                        "1).") != NULL);
    EXPECT(strstr(html, "<li>Guanyuan: composite index ") != NULL);
done:
    json_decref(doc);
    json_decref(ref);
    aq_free(json);
    aq_free(plain);
    aq_free(md);
    aq_free(html);
    aq_store_close(s);
    aq_store_close(s2);
}
