/* SPDX-License-Identifier: MIT */
/**
 * @file aq/stations.h
 * @brief The jurisdiction's station list (P1): which station belongs to
 *        which unit (county, city), its name and place, and whether it is
 *        a reference site (对照点).
 *
 * A STATIONS.csv has a header naming at least `station` and `unit`, and
 * optionally `unit_en`, `name`, `lon`, `lat`, `reference` (`Y` for a
 * reference site), in any order; other columns are ignored. The national
 * list's own Chinese header is accepted too: 监测点编码 (station),
 * 监测点名称 (name), 城市 (unit), 经度 (lon), 纬度 (lat), 对照点
 * (reference). The file may be UTF-8 (with or without BOM) or GB18030/GBK,
 * plain or gzip-compressed.
 *
 * Reference sites are kept and flagged; whether they count in a unit's
 * average is the caller's setting (national practice: excluded).
 */
#ifndef AQ_STATIONS_H
#define AQ_STATIONS_H

#include "aq/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A loaded station list. */
typedef struct aq_stations aq_stations;

/** One station. Strings are owned by the list. */
typedef struct aq_station {
    const char *code;   /**< station code as used in data files */
    const char *name;   /**< station name, or NULL */
    double lon, lat;    /**< degrees (display only); NaN when not given */
    int reference;      /**< 1 for a reference site (对照点) */
    int unit;           /**< index of its unit, 0..aq_stations_unit_count()-1 */
    unsigned long line; /**< its line in the file */
} aq_station;

/**
 * Load a station list.
 *
 * @param[out] out  the list; release it with aq_stations_free().
 * @return AQ_OK; AQ_EIO (cannot read); AQ_EPARSE with err naming file, line
 *         and column (no station/unit column, duplicate station, empty
 *         station or unit, bad lon/lat, bad reference flag, two English
 *         names for one unit, text neither UTF-8 nor GB18030, no stations);
 *         AQ_ENOMEM.
 */
AQ_API aq_status aq_stations_load(aq_stations **out, const char *path,
                                  aq_error *err);

/** Release a list. s may be NULL. */
AQ_API void aq_stations_free(aq_stations *s);

/** Number of stations. */
AQ_API size_t aq_stations_count(const aq_stations *s);

/** Station i (file order), or NULL when i is out of range. */
AQ_API const aq_station *aq_stations_get(const aq_stations *s, size_t i);

/** The station with this code (exact, hashed), or NULL. */
AQ_API const aq_station *aq_stations_find(const aq_stations *s,
                                          const char *code);

/** The unit index of a station code, or -1 when the code is not listed. */
AQ_API int aq_stations_unit_of(const aq_stations *s, const char *code);

/** 1 if the code is a listed reference site, 0 otherwise. */
AQ_API int aq_stations_is_reference(const aq_stations *s, const char *code);

/** Number of units (in order of first appearance in the file). */
AQ_API size_t aq_stations_unit_count(const aq_stations *s);

/** The unit's name (as in the file), or NULL when u is out of range. */
AQ_API const char *aq_stations_unit_name(const aq_stations *s, size_t u);

/** The unit's English name, or NULL when none was given. */
AQ_API const char *aq_stations_unit_name_en(const aq_stations *s, size_t u);

/** The index of the unit with this name, or -1. */
AQ_API int aq_stations_unit_find(const aq_stations *s, const char *name);

/** Number of stations of unit u (reference sites included). */
AQ_API size_t aq_stations_unit_size(const aq_stations *s, size_t u);

/** Station k (file order) of unit u, or NULL when out of range. */
AQ_API const aq_station *aq_stations_unit_station(const aq_stations *s,
                                                  size_t u, size_t k);

#ifdef __cplusplus
}
#endif
#endif /* AQ_STATIONS_H */
