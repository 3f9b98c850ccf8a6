/* SPDX-License-Identifier: MIT */
/* Internal to src/lib/: the JSON module's set-up, shared by every file that
 * builds JSON with jansson. */
#ifndef AQ_API_INTERNAL_H
#define AQ_API_INTERNAL_H

/* Route jansson's allocations through src/util/alloc.h (once). Call before
 * creating any json_t. */
void aq_api__init(void);

#endif
