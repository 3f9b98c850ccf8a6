/* SPDX-License-Identifier: MIT */
/* Fuzz target: aq_read_file() with --format long (see fuzz_reader.h). */
#define FUZZ_FORMAT AQ_FORMAT_LONG
#include "fuzz_reader.h"
