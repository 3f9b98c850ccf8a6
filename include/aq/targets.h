/* SPDX-License-Identifier: MIT */
/**
 * @file aq/targets.h
 * @brief The targets file (docs/spec-daily.md D6): each unit's targets
 *        for a year, as a bureau sets them.
 *
 * A CSV file with the header `unit,year,pm25,good_days_ratio,heavy_days`
 * (columns in any order, names ASCII case-insensitive, no other columns),
 * one row per unit and year; `#` starts a comment line. An empty cell is
 * no target. `unit` is the unit's Chinese or English name; `pm25` a whole
 * annual PM2.5 mean in μg/m³; `good_days_ratio` a percentage 0-100 with
 * at most one decimal; `heavy_days` a whole number of days with an AQI
 * above 200. UTF-8 (with or without BOM) or GB18030, plain or gzip. Every
 * error names the file, the line, the column and the field.
 */
#ifndef AQ_TARGETS_H
#define AQ_TARGETS_H

#include "aq/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A loaded targets file. */
typedef struct aq_targets aq_targets;

/** One row. Strings are owned by the file. */
typedef struct aq_target_row {
    const char *unit;   /**< as written */
    int year;
    int64_t pm25;       /**< whole μg/m³, or -1: no target */
    int64_t good_ratio; /**< tenths of a percent, or -1 */
    int heavy_days;     /**< days, or -1 */
    unsigned long line; /**< its line in the file */
} aq_target_row;

/**
 * Read a targets file.
 * @param[out] out  the file; release it with aq_targets_free().
 * @return AQ_OK; AQ_ENOTFOUND (no such file); AQ_EIO; AQ_EPARSE naming
 *         file, line, column and field (header, a value, a unit and year
 *         given twice); AQ_ENOMEM.
 */
AQ_API aq_status aq_targets_load(aq_targets **out, const char *path,
                                 aq_error *err);

/** Release t. t may be NULL. */
AQ_API void aq_targets_free(aq_targets *t);

/** The name used in messages (the path). Borrowed. */
AQ_API const char *aq_targets_source(const aq_targets *t);

/** Number of rows. */
AQ_API size_t aq_targets_count(const aq_targets *t);

/** Row i, in file order (borrowed), or NULL. */
AQ_API const aq_target_row *aq_targets_get(const aq_targets *t, size_t i);

/** The column of `unit` in the file, for messages about a row's unit
 * (1-based). */
AQ_API int aq_targets_unit_column(const aq_targets *t);

#ifdef __cplusplus
}
#endif
#endif /* AQ_TARGETS_H */
