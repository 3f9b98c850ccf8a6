/* SPDX-License-Identifier: MIT */
/* Fuzz target: aq_read_file() with --format uci (see fuzz_reader.h). */
#define FUZZ_FORMAT AQ_FORMAT_UCI
#include "fuzz_reader.h"
