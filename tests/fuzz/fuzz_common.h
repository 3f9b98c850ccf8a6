/* SPDX-License-Identifier: MIT */
/*
 * Shared by the fuzz targets (docs/fuzzing.md): the libFuzzer entry points
 * and a way to hand a fuzz input to the path-based readers without touching
 * the disk. The input is written to one anonymous memory file (memfd) and
 * read back through /proc/self/fd/N, which opens a fresh file description
 * at offset 0 each time, exactly like a named file.
 */
#ifndef AQ_FUZZ_COMMON_H
#define AQ_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Put data in the memory file; returns its path ("/proc/self/fd/N"), or
 * NULL when no memory file can be made (the target then skips the input). */
const char *fuzz_memfile(const uint8_t *data, size_t size);

#endif /* AQ_FUZZ_COMMON_H */
