/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/lib/: what the engine shares with the rest of its layer.
 */
#ifndef AQ_ENGINE_INTERNAL_H
#define AQ_ENGINE_INTERNAL_H

#include "aq/engine.h"

/* The part of a cache key that says how results were computed: the
 * library's version, the size of the cached record (`layout`) and every
 * engine option that shapes statistics (N0.1, N1.5, N5.3, N6.4). The
 * period cache (ranking.c) and the unit-day cache (engine.c) both key on
 * it. AQ_OK, or AQ_ERROR when cap is too small. */
aq_status aq_engine__options_key(const aq_engine_options *o, size_t layout,
                                 char *dst, size_t cap);

#endif /* AQ_ENGINE_INTERNAL_H */
