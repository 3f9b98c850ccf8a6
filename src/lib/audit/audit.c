/* SPDX-License-Identifier: MIT */
/*
 * The audit of a month (include/aq/audit.h): the stored hours of every
 * station read once into per-station series, neighbours chosen, every
 * detector run on every station (and pollutant), and the flags kept with
 * the hours they point at. Nothing here changes a value: the store is
 * only read (issue 17).
 */
#include <stdlib.h>
#include <string.h>

#include "aq/decimal.h"
#include "aq/ranking.h"
#include "lib/audit/audit_internal.h"
#include "util/alloc.h"

static const char *const kind_codes[AQ_AUDIT_KIND_COUNT] = {
    "flatline", "pm25_gt_pm10", "neighbour_divergence", "selective_gaps",
    "step_change"};

const char *aq_audit_kind_code(aq_audit_kind k)
{
    return (unsigned)k < AQ_AUDIT_KIND_COUNT ? kind_codes[k] : "";
}

const char *aq_audit_basis_code(aq_audit_basis b)
{
    switch (b) {
    case AQ_AUDIT_BASIS_UNIT:
        return "unit";
    case AQ_AUDIT_BASIS_DISTANCE:
        return "distance";
    default:
        return "none";
    }
}

/* ---- Flags and their evidence ---- */

aq_audit_flag *aq_audit__flag(aq_audit *a, size_t s, aq_pollutant p,
                              aq_audit_kind k, size_t from, size_t to,
                              int hours)
{
    aq_audit_flag *f;

    if (a->n_flags == a->cap_flags) {
        size_t cap = a->cap_flags ? a->cap_flags * 2 : 64;
        aq_audit_flag *nf = aqx_realloc(a->flags, cap * sizeof *nf);
        if (!nf)
            return NULL;
        a->flags = nf;
        a->cap_flags = cap;
    }
    f = &a->flags[a->n_flags++];
    *f = (aq_audit_flag){.station = s,
                         .pollutant = p,
                         .kind = k,
                         .from = from,
                         .to = to,
                         .hours = hours};
    return f;
}

void aq_audit__fact(aq_audit_flag *f, const char *name, int64_t value,
                    int digits)
{
    if (f->n_facts < AQ_AUDIT_FACTS_MAX) {
        f->facts[f->n_facts].name = name;
        f->facts[f->n_facts].value = value;
        f->facts[f->n_facts].digits = digits;
        f->n_facts++;
    }
}

void aq_audit__fact_conc(aq_audit_flag *f, const char *name, int64_t micro,
                         aq_pollutant p)
{
    int digits = aq_pollutant_digits(p);
    int64_t unit = AQ_MICRO;
    int d;

    /* a stored value keeps every decimal it was given (UCI's 3.8) */
    for (d = 0; d < digits; d++)
        unit /= 10;
    while (digits < 6 && micro % unit != 0) {
        digits++;
        unit /= 10;
    }
    aq_audit__fact(f, name, aq_round_scaled(micro, 1, digits), digits);
}

void aq_audit__fact_ratio(aq_audit_flag *f, const char *name, int64_t num,
                          int64_t den, int digits)
{
    int64_t scale = 1;
    int d;

    for (d = 0; d < digits; d++)
        scale *= 10;
    /* num * 10^digits / den rounded to a whole number (as micro-units
     * rounded to 6 decimals, GB/T 8170) */
    aq_audit__fact(f, name, den > 0 ? aq_round_scaled(num * scale, den, 6) : 0,
                   digits);
}

aq_status aq_audit__mark(aq_audit *a, size_t s, aq_pollutant p, aq_audit_kind k,
                         size_t h)
{
    aq_audit__st *st = &a->st[s];

    if (!st->mask) {
        st->mask = aqx_calloc(AQ_POLLUTANT_COUNT * a->nh, 1);
        if (!st->mask)
            return AQ_ENOMEM;
    }
    st->mask[(size_t)p * a->nh + h] |= (unsigned char)(1u << k);
    return AQ_OK;
}

/* ---- Reading the month ---- */

static aq_status add_unit(const aq_unit_info *u, void *payload)
{
    aq_audit *a = payload;
    size_t n = a->n_units;
    int *ids = aqx_realloc(a->unit_ids, (n + 1) * sizeof *ids);
    char **names;

    if (!ids)
        return AQ_ENOMEM;
    a->unit_ids = ids;
    names = aqx_realloc(a->unit_names, 2 * (n + 1) * sizeof *names);
    if (!names)
        return AQ_ENOMEM;
    a->unit_names = names;
    names[2 * n] = aqx_strdup(u->name);
    names[2 * n + 1] = aqx_strdup(u->name_en ? u->name_en : "");
    ids[n] = u->id;
    a->n_units++; /* counted before the check: freed either way */
    return names[2 * n] && names[2 * n + 1] ? AQ_OK : AQ_ENOMEM;
}

static const char *unit_en_of(const aq_audit *a, int unit_id)
{
    size_t i;

    for (i = 0; i < a->n_units; i++)
        if (a->unit_ids[i] == unit_id)
            return a->unit_names[2 * i + 1];
    return "";
}

static aq_status add_station(const aq_station_info *si, void *payload)
{
    aq_audit *a = payload;
    aq_audit__st *ns, *st;

    ns = aqx_realloc(a->st, (a->n_st + 1) * sizeof *ns);
    if (!ns)
        return AQ_ENOMEM;
    a->st = ns;
    st = &a->st[a->n_st++];
    memset(st, 0, sizeof *st);
    st->id = si->id;
    st->unit_id = si->unit_id;
    st->lon = si->lon;
    st->lat = si->lat;
    st->pub.code = aqx_strdup(si->code);
    st->pub.name = aqx_strdup(si->name ? si->name : "");
    st->pub.unit = aqx_strdup(si->unit);
    st->pub.unit_en = unit_en_of(a, si->unit_id);
    st->pub.reference = si->reference;
    /* N5.3.1: a reference site is not one of its unit's assessment
     * stations unless the policy counts reference sites */
    st->pub.assessment = !si->reference || a->pol.include_reference_sites;
    return st->pub.code && st->pub.name && st->pub.unit ? AQ_OK : AQ_ENOMEM;
}

static int by_id(const void *x, const void *y)
{
    int a = ((const aq_audit__key *)x)->id, b = ((const aq_audit__key *)y)->id;

    return (a > b) - (a < b);
}

size_t aq_audit__find(const aq_audit *a, int id)
{
    aq_audit__key want = {id, 0};
    const aq_audit__key *k =
        bsearch(&want, a->keys, a->n_st, sizeof *a->keys, by_id);

    return k ? k->index : (size_t)-1;
}

static aq_status on_day(const aq_station_info *si, int32_t day,
                        const aq_day_hours *hours, void *payload)
{
    aq_audit *a = payload;
    size_t i = aq_audit__find(a, si->id), p, h, base;
    aq_audit__st *st;

    if (i == (size_t)-1 || day < a->first ||
        day >= a->first + (int32_t)a->ndays)
        return AQ_OK;
    st = &a->st[i];
    if (!st->v) {
        st->v = aqx_malloc(AQ_POLLUTANT_COUNT * a->nh * sizeof *st->v);
        if (!st->v)
            return AQ_ENOMEM;
        for (h = 0; h < AQ_POLLUTANT_COUNT * a->nh; h++)
            st->v[h] = AQ_MISSING;
    }
    base = (size_t)(day - a->first) * 24;
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        memcpy(&st->v[p * a->nh + base], (*hours)[p], sizeof(*hours)[p]);
    a->days_read++;
    return AQ_OK;
}

static aq_status load_month(aq_audit *a, aq_error *err)
{
    aq_status rc;
    size_t i;

    a->keys = aqx_malloc((a->n_st ? a->n_st : 1) * sizeof *a->keys);
    if (!a->keys)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    for (i = 0; i < a->n_st; i++) {
        a->keys[i].id = a->st[i].id;
        a->keys[i].index = i;
    }
    qsort(a->keys, a->n_st, sizeof *a->keys, by_id);
    rc = aq_store_each_station_day(
        a->store, a->first, a->first + (int32_t)a->ndays - 1, on_day, a, err);
    if (rc == AQ_ENOMEM)
        return aq_error_set(err, rc, "out of memory");
    if (rc == AQ_OK && a->days_read == 0) {
        char m[16];
        return aq_error_set(err, AQ_ENOTFOUND, "no data for %s",
                            aq_period_format(m, sizeof m, a->month));
    }
    return rc;
}

/* ---- The run ---- */

static int flag_order(const void *x, const void *y)
{
    const aq_audit_flag *f = x, *g = y;

    if (f->station != g->station)
        return f->station < g->station ? -1 : 1;
    if (f->from != g->from)
        return f->from < g->from ? -1 : 1;
    if (f->pollutant != g->pollutant)
        return f->pollutant < g->pollutant ? -1 : 1;
    return (f->kind > g->kind) - (f->kind < g->kind);
}

/* Scratch space of the detectors, sized for the month. */
struct scratch {
    int64_t *ref2;  /* the reference level, nh */
    int64_t *tmp;   /* an hour's neighbour values, or the gaps' 4 nh + 24 */
    double *ratios; /* nh */
};

/* The neighbour-based detectors of one assessment station. */
static aq_status examine_against_neighbours(aq_audit *a, size_t s,
                                            const struct scratch *w)
{
    aq_status rc = AQ_OK;
    int p;

    for (p = 0; p < AQ_POLLUTANT_COUNT && rc == AQ_OK; p++) {
        aq_audit__reference(a, &a->st[s], (aq_pollutant)p, w->ref2, w->tmp);
        if ((rc = aq_audit__divergence(a, s, (aq_pollutant)p, w->ref2,
                                       w->ratios)) == AQ_OK &&
            (rc = aq_audit__gaps(a, s, (aq_pollutant)p, w->ref2, w->tmp)) ==
                AQ_OK)
            rc = aq_audit__step(a, s, (aq_pollutant)p, w->ref2);
    }
    return rc;
}

static aq_status examine(aq_audit *a, aq_error *err)
{
    struct scratch w;
    size_t s;
    aq_status rc = AQ_OK;

    w.ref2 = aqx_malloc(a->nh * sizeof *w.ref2);
    w.tmp = aqx_malloc(
        (4 * a->nh + 24 + (size_t)a->pol.audit.reference_neighbours) *
        sizeof *w.tmp);
    w.ratios = aqx_malloc(a->nh * sizeof *w.ratios);
    if (!w.ref2 || !w.tmp || !w.ratios)
        rc = AQ_ENOMEM;
    for (s = 0; s < a->n_st && rc == AQ_OK; s++) {
        if ((rc = aq_audit__flatline(a, s)) < 0 ||
            (rc = aq_audit__pm_inversion(a, s)) < 0)
            break;
        if (a->st[s].n_nb)
            rc = examine_against_neighbours(a, s, &w);
    }
    aqx_free(w.ref2);
    aqx_free(w.tmp);
    aqx_free(w.ratios);
    return rc == AQ_ENOMEM ? aq_error_set(err, rc, "out of memory") : rc;
}

/* Station counts from the first hour listed; flags ending before it are
 * dropped from the list (their hours stay marked for the effects). */
static void summarise(aq_audit *a)
{
    size_t s, h, i, kept = 0;
    int p;

    if (a->n_flags)
        qsort(a->flags, a->n_flags, sizeof *a->flags, flag_order);
    for (i = 0; i < a->n_flags; i++)
        if (a->flags[i].to >= a->listed)
            a->flags[kept++] = a->flags[i];
    a->n_flags = kept;
    for (s = 0; s < a->n_st; s++) {
        aq_audit__st *st = &a->st[s];
        st->pub.hours = (int)(a->nh - a->listed);
        st->pub.valid_hours = st->pub.flagged_hours = 0;
        memset(st->pub.flags, 0, sizeof st->pub.flags);
        for (h = a->listed; h < a->nh; h++) {
            int valid = 0, flagged = 0;
            for (p = 0; p < AQ_POLLUTANT_COUNT; p++) {
                valid |= aq_audit__value(a, st, p, h) != AQ_MISSING;
                flagged |= st->mask && st->mask[(size_t)p * a->nh + h];
            }
            st->pub.valid_hours += valid;
            st->pub.flagged_hours += flagged;
        }
    }
    for (i = 0; i < a->n_flags; i++)
        a->st[a->flags[i].station].pub.flags[a->flags[i].kind]++;
}

/* The level at which neighbours are high (neighbour_divergence): the
 * setting, or the Grade II daily limits of the rule set in force at the
 * month's end (N0.1, N2) */
static void resolve_high(aq_audit *a)
{
    const aq_ruleset *rs;
    int32_t last;
    int y, m, d, p;

    aq_period_days(a->month, NULL, &last);
    aq_civil_from_day(last, &y, &m, &d);
    rs = aq_ruleset_resolve(a->pol.ruleset, y, m, d);
    for (p = 0; p < AQ_POLLUTANT_COUNT; p++)
        a->high[p] = a->pol.audit.divergence_high_count
                         ? a->pol.audit.divergence_high[p]
                         : aq_ruleset_daily_limit(rs, (aq_pollutant)p, y);
}

aq_status aq_audit_run(aq_audit **out, aq_store *s, const aq_policy *pol,
                       aq_period month, int32_t since, aq_error *err)
{
    aq_audit *a;
    int32_t first, last;
    aq_status rc;

    *out = NULL;
    if (month.kind != AQ_PERIOD_MONTH)
        return aq_error_set(err, AQ_EINVALID, "an audit takes a month");
    aq_period_days(month, &first, &last);
    if (since != AQ_AUDIT_ALL_MONTH && (since < first || since > last))
        return aq_error_set(err, AQ_EINVALID,
                            "the first day listed must be in the month");
    a = aqx_calloc(1, sizeof *a);
    if (!a)
        return aq_error_set(err, AQ_ENOMEM, "out of memory");
    a->store = s;
    a->month = month;
    a->first = first;
    a->ndays = (size_t)(last - first + 1);
    a->nh = a->ndays * 24;
    a->listed = since == AQ_AUDIT_ALL_MONTH ? 0 : (size_t)(since - first) * 24;
    if (pol)
        a->pol = *pol;
    else if ((rc = aq_ranking_stored_policy(s, &a->pol, err)) < 0)
        goto fail;
    if (a->pol.audit.min_neighbours > a->pol.audit.reference_neighbours) {
        rc = aq_error_set(err, AQ_EINVALID,
                          "audit_min_neighbours (%d) exceeds "
                          "audit_reference_neighbours (%d)",
                          a->pol.audit.min_neighbours,
                          a->pol.audit.reference_neighbours);
        goto fail;
    }
    resolve_high(a);
    if ((rc = aq_store_each_unit(s, add_unit, a, err)) < 0 ||
        (rc = aq_store_each_station(s, add_station, a, err)) < 0) {
        if (rc == AQ_ENOMEM)
            aq_error_set(err, rc, "out of memory");
        goto fail;
    }
    if ((rc = load_month(a, err)) < 0)
        goto fail;
    if ((rc = aq_audit__neighbours(a)) < 0) {
        aq_error_set(err, rc, "out of memory");
        goto fail;
    }
    if ((rc = examine(a, err)) < 0)
        goto fail;
    summarise(a);
    *out = a;
    return AQ_OK;
fail:
    aq_audit_free(a);
    return rc;
}

void aq_audit_free(aq_audit *a)
{
    size_t i;

    if (!a)
        return;
    for (i = 0; i < a->n_st; i++) {
        aqx_free((char *)a->st[i].pub.code);
        aqx_free((char *)a->st[i].pub.name);
        aqx_free((char *)a->st[i].pub.unit);
        aqx_free(a->st[i].v);
        aqx_free(a->st[i].mask);
        aqx_free(a->st[i].nb);
    }
    for (i = 0; i < 2 * a->n_units; i++)
        aqx_free(a->unit_names[i]);
    aqx_free(a->unit_names);
    aqx_free(a->unit_ids);
    aqx_free(a->st);
    aqx_free(a->keys);
    aqx_free(a->flags);
    aqx_free(a->effects);
    aqx_free(a);
}

const aq_policy *aq_audit_policy(const aq_audit *a)
{
    return &a->pol;
}

aq_period aq_audit_month(const aq_audit *a)
{
    return a->month;
}

int32_t aq_audit_first_day(const aq_audit *a)
{
    return a->first;
}

size_t aq_audit_first_listed(const aq_audit *a)
{
    return a->listed;
}

int64_t aq_audit_high(const aq_audit *a, aq_pollutant p)
{
    return (unsigned)p < AQ_POLLUTANT_COUNT ? a->high[p] : 0;
}

size_t aq_audit_station_count(const aq_audit *a)
{
    return a->n_st;
}

const aq_audit_station *aq_audit_station_get(const aq_audit *a, size_t i)
{
    return i < a->n_st ? &a->st[i].pub : NULL;
}

size_t aq_audit_flag_count(const aq_audit *a)
{
    return a->n_flags;
}

const aq_audit_flag *aq_audit_flag_get(const aq_audit *a, size_t i)
{
    return i < a->n_flags ? &a->flags[i] : NULL;
}
