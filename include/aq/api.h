/* SPDX-License-Identifier: MIT */
/**
 * @file aq/api.h
 * @brief The JSON contract: every document that aqrank publishes (the CLI's
 *        --format json, the HTTP API under /api/v1/, and the data behind the
 *        Markdown, HTML and CSV renderings) is produced here, once.
 *
 * Each function reads the store and returns a JSON text that the caller
 * owns and releases with aq_free(). Numbers that the rules round (indices,
 * concentrations, ratios) are written from exact integers, never from
 * binary floating point.
 */
#ifndef AQ_API_H
#define AQ_API_H

#include "aq/common.h"
#include "aq/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * {"units":[{"unit","unit_en","stations","reference_stations"}]}
 * @param[out] out  JSON text, owned by the caller (aq_free()).
 */
AQ_API aq_status aq_api_units(aq_store *s, char **out, aq_error *err);

/** {"stations":[{"station","unit","name","lon","lat","reference"}]} */
AQ_API aq_status aq_api_stations(aq_store *s, char **out, aq_error *err);

/** {"first_day","last_day","months":["YYYY-MM",...]} (months with data) */
AQ_API aq_status aq_api_months(aq_store *s, char **out, aq_error *err);

/** {"status":"ok","version","schema_version","units","stations"} */
AQ_API aq_status aq_api_health(aq_store *s, char **out, aq_error *err);

#ifdef __cplusplus
}
#endif
#endif /* AQ_API_H */
