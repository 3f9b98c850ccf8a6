# aqrank: top-level GNU Makefile.
#   make            library, CLI (build/aqrank) and unit-test runner
#   make check      every test: unit tests (plain and ASan+UBSan), CLI tests,
#                   conformance cases; ends with "N passed, N failed"
#   make demo       set up, build and run the demo (README)
#   make bench      benchmarks (never part of check)
#   make fuzz       bounded fuzzing runs (clang)
#   make checksrc   house-style checks

CC      ?= cc
WARN    = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CSTD    = -std=c11 -D_GNU_SOURCE
INC     = -Iinclude -Isrc -DAQ_SOURCE_DIR='"$(CURDIR)"'
OPT     ?= -O2 -g
LDLIBS  = -lsqlite3 -ljansson -lnettle -lxlsxwriter -lz -lm -lpthread
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=all

LIB_SRC  := $(sort $(wildcard src/lib/*/*.c src/util/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c src/server/*.c))
UNIT_SRC := $(sort $(filter-out tests/unit/main.c,$(wildcard tests/unit/*.c)))

# `make` alone builds what `all` names (the first rule below would
# otherwise be the library alone)
.DEFAULT_GOAL := all

# $(1) = build dir, $(2) = extra flags
define build_tree
$(1)/obj/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CSTD) $$(WARN) $$(INC) $$(OPT) $(2) -fvisibility=hidden -MMD -MP -c $$< -o $$@

$(1)/libaqrank.a: $$(LIB_SRC:%.c=$(1)/obj/%.o)
	@rm -f $$@
	ar rcs $$@ $$^

$(1)/aqrank: $$(CLI_SRC:%.c=$(1)/obj/%.o) $(1)/libaqrank.a
	$$(CC) $(2) -o $$@ $$(CLI_SRC:%.c=$(1)/obj/%.o) $(1)/libaqrank.a $$(LDLIBS)

$(1)/test_list.h: $$(UNIT_SRC) scripts/gen-test-list.sh
	@mkdir -p $(1)
	sh scripts/gen-test-list.sh $$(UNIT_SRC) > $$@

$(1)/obj/tests/%.o: WARN += -Wno-missing-prototypes
$(1)/obj/tests/unit/main.o: $(1)/test_list.h
$(1)/unit-tests: $$(UNIT_SRC:%.c=$(1)/obj/%.o) $(1)/obj/tests/unit/main.o $(1)/libaqrank.a
	$$(CC) $(2) -o $$@ $$^ $$(LDLIBS)
endef

# B names the build folder (helpers and CI may use their own: make B=build-x)
B ?= build
$(eval $(call build_tree,$(B),-I$(B)))
$(eval $(call build_tree,$(B)-san,$(SANFLAGS) -I$(B)-san))
# the headers each object was built from (-MMD)
-include $(shell find $(B)/obj $(B)-san/obj -name '*.d' 2>/dev/null)

.PHONY: all san check check-mem check-unit demo bench fuzz checksrc clean setup

all: $(B)/aqrank $(B)/unit-tests

san: $(B)-san/aqrank $(B)-san/unit-tests

check:
	sh scripts/setup
	$(MAKE) -j2 all san
	B=$(B) sh tests/run.sh

# allocation failure at the Nth allocation over every unit test (issue 7)
check-mem: san
	B=$(B) ALLOC_SWEEP=full sh tests/suites/alloc_faults.sh

demo:
	sh scripts/demo.sh

bench: all
	sh scripts/setup --bench
	B=$(B) AQRANK=$(CURDIR)/$(B)/aqrank sh bench/run.sh
	B=$(B) AQRANK=$(CURDIR)/$(B)/aqrank sh bench/incremental.sh
	B=$(B) sh bench/load.sh

fuzz:
	B=$(B) sh tests/fuzz/run.sh

checksrc:
	sh scripts/checksrc.sh

setup:
	sh scripts/setup

clean:
	rm -rf $(B) $(B)-san $(B)-tsan
