/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/audit/: the month under audit as the detectors see
 * it (every station's hourly values, its neighbours, the flags raised so
 * far and the hours they mark), and the functions the files share.
 */
#ifndef AQ_AUDIT_INTERNAL_H
#define AQ_AUDIT_INTERNAL_H

#include "aq/audit.h"
#include "aq/decimal.h"

/* One station of the month. */
typedef struct aq_audit__st {
    aq_audit_station pub;
    int id, unit_id;
    double lon, lat;     /* degrees; NaN when unknown */
    int64_t *v;          /* [pollutant * nh + h] micro-units or AQ_MISSING;
                            NULL when the month has no stored day */
    unsigned char *mask; /* [pollutant * nh + h]: bit 1 << kind for the
                            hours a flag points at; NULL until one does */
    size_t *nb;          /* neighbours (station indices) */
    size_t n_nb;
} aq_audit__st;

/* A station's store id and its index, to find it by id. */
typedef struct aq_audit__key {
    int id;
    size_t index;
} aq_audit__key;

struct aq_audit {
    aq_store *store; /* borrowed */
    aq_policy pol;
    aq_period month;
    int32_t first; /* first day of the month */
    size_t ndays, nh;
    size_t listed; /* first hour index listed (since) */
    int64_t high[AQ_POLLUTANT_COUNT];
    aq_audit__st *st;
    size_t n_st;
    aq_audit__key *keys; /* sorted by id */
    size_t days_read;    /* station-days of the month */
    aq_audit_flag *flags;
    size_t n_flags, cap_flags;
    /* units, by store id, for the effects */
    aq_audit_effect *effects;
    int *unit_ids;
    char **unit_names; /* [2 * i] name, [2 * i + 1] English name */
    size_t n_units;
    int effects_done;
};

/* Value of station s, pollutant p, hour h (AQ_MISSING when none). */
static inline int64_t aq_audit__value(const aq_audit *a, const aq_audit__st *s,
                                      int p, size_t h)
{
    return s->v ? s->v[(size_t)p * a->nh + h] : AQ_MISSING;
}

/* The index of the station with store id `id`, or (size_t)-1. */
size_t aq_audit__find(const aq_audit *a, int id);

/* A new flag of station s, or NULL when out of memory. The hours it
 * points at are marked with aq_audit__mark(). */
aq_audit_flag *aq_audit__flag(aq_audit *a, size_t s, aq_pollutant p,
                              aq_audit_kind k, size_t from, size_t to,
                              int hours);
/* Add a fact to the flag's evidence. */
void aq_audit__fact(aq_audit_flag *f, const char *name, int64_t value,
                    int digits);
/* A concentration (micro-units) as a fact with the pollutant's reporting
 * decimals, or more when the value has more. */
void aq_audit__fact_conc(aq_audit_flag *f, const char *name, int64_t micro,
                         aq_pollutant p);
/* A ratio num/den as a fact with `digits` decimals (half to even). */
void aq_audit__fact_ratio(aq_audit_flag *f, const char *name, int64_t num,
                          int64_t den, int digits);
/* Mark hour h of pollutant p of station s as pointed at by kind k. */
aq_status aq_audit__mark(aq_audit *a, size_t s, aq_pollutant p, aq_audit_kind k,
                         size_t h);

/* ---- Neighbours (neighbours.c) ---- */

/* Choose every assessment station's neighbours. */
aq_status aq_audit__neighbours(aq_audit *a);
/* ref2[h] = twice the median of the neighbours' valid values of p at hour
 * h (twice, so that the median of an even count stays whole), or
 * AQ_MISSING with fewer than min_neighbours values; tmp has n_nb slots. */
void aq_audit__reference(const aq_audit *a, const aq_audit__st *s,
                         aq_pollutant p, int64_t *ref2, int64_t *tmp);

/* ---- Detectors (one file each) ---- */

aq_status aq_audit__flatline(aq_audit *a, size_t s);
aq_status aq_audit__pm_inversion(aq_audit *a, size_t s);
/* tmp: nh slots */
aq_status aq_audit__divergence(aq_audit *a, size_t s, aq_pollutant p,
                               const int64_t *ref2, double *tmp);
/* scratch: at least 4 * nh + 24 slots */
aq_status aq_audit__gaps(aq_audit *a, size_t s, aq_pollutant p,
                         const int64_t *ref2, int64_t *scratch);
aq_status aq_audit__step(aq_audit *a, size_t s, aq_pollutant p,
                         const int64_t *ref2);

#endif /* AQ_AUDIT_INTERNAL_H */
