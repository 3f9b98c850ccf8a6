/* SPDX-License-Identifier: MIT */
/**
 * @file aq/inspection.h
 * @brief One road inspection record (issue 20): where and when an
 *        inspector measured a road's dust load and how long litter stayed
 *        on it. The one shape the inspections reader gives (aq/reader.h),
 *        the store keeps (aq/store.h) and the road rules judge
 *        (aq/roads.h); a plain record, no code.
 */
#ifndef AQ_INSPECTION_H
#define AQ_INSPECTION_H

#include "aq/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One inspection. Strings are UTF-8, borrowed for the call they are
 * passed to; an optional text not given is "". */
typedef struct aq_inspection {
    const char *unit;      /**< the unit (its Chinese or English name) */
    const char *road;      /**< the road, as the inspector wrote it */
    int32_t day;           /**< local date, days since 1970-01-01 (UTC+8) */
    int minute;            /**< local time of day, minutes 0..1439 */
    int64_t dust;          /**< dust load, micro-units of g/m2, or
                                AQ_MISSING (not measured) */
    int64_t litter;        /**< minutes litter stayed on the ground, in
                                micro-units of a minute, or AQ_MISSING */
    const char *inspector; /**< who inspected, or "" */
    const char *note;      /**< the inspector's note, or "" */
    unsigned long line;    /**< the line of the source file it came from */
} aq_inspection;

#ifdef __cplusplus
}
#endif
#endif /* AQ_INSPECTION_H */
