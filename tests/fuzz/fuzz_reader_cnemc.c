/* SPDX-License-Identifier: MIT */
/* Fuzz target: aq_read_file() with --format cnemc (see fuzz_reader.h). */
#define FUZZ_FORMAT AQ_FORMAT_CNEMC
#include "fuzz_reader.h"
