#!/bin/sh
# Writes the list of unit tests (every `void test_*(void)` at the start of a
# line in the given files) as a C header, so no test can go unregistered.
set -eu
names=$(grep -h -o '^void test_[A-Za-z0-9_]*(void)' "$@" | sed 's/^void //; s/(void)$//')
for n in $names; do echo "void $n(void);"; done
echo "static const struct { const char *name; void (*fn)(void); } aqt_tests[] = {"
for n in $names; do echo "    {\"$n\", $n},"; done
echo "};"
