/* SPDX-License-Identifier: MIT */
/* Fuzz target: aq_read_file() with --format auto (see fuzz_reader.h). */
#define FUZZ_FORMAT AQ_FORMAT_AUTO
#include "fuzz_reader.h"
