/* SPDX-License-Identifier: MIT */
/* Fuzz target: aq_read_file() with --format roads (see fuzz_reader.h). */
#define FUZZ_FORMAT AQ_FORMAT_ROADS
#include "fuzz_reader.h"
