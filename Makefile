# aqrank: top-level GNU Makefile.
#   make            library, CLI (build/aqrank) and unit-test runner
#   make check      every test: unit tests (plain and ASan+UBSan), CLI tests,
#                   conformance cases; ends with "N passed, N failed"
#   make demo       set up, build and run the demo (README)
#   make bench      benchmarks (never part of check)
#   make fuzz       bounded fuzzing runs (clang)
#   make checksrc   house-style checks
#   make install    PREFIX=/usr/local DESTDIR=: the program, the static and
#                   shared library, headers, pkg-config file, man page and
#                   bash completion; make uninstall removes them

CC      ?= cc
WARN    = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CSTD    = -std=c11 -D_GNU_SOURCE
INC     = -Iinclude -Isrc -DAQ_SOURCE_DIR='"$(CURDIR)"'
OPT     ?= -O2 -g
LDLIBS  = -lsqlite3 -ljansson -lnettle -lz -lm -lpthread
# The ASan+UBSan build is also the one whose hot functions are compiled
# for x86-64's baseline only (src/util/clones.h): the plain build runs the
# versions this CPU chooses, this one the others, so the tests run both.
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=all -DAQ_CLONES_OFF

# the version is the public header's (include/aq/version.h); while MAJOR is
# 0 a MINOR release may change the ABI, so the soname carries MAJOR.MINOR
VERSION   := $(shell sed -n 's/^\#define AQ_VERSION "\(.*\)"/\1/p' include/aq/version.h)
SOVERSION := $(basename $(VERSION))
SONAME    := libaqrank.so.$(SOVERSION)

PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

LIB_SRC  := $(sort $(wildcard src/lib/*/*.c src/util/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c src/server/*.c))
UNIT_SRC := $(sort $(filter-out tests/unit/main.c,$(wildcard tests/unit/*.c)))

# `make` alone builds what `all` names (the first rule below would
# otherwise be the library alone)
.DEFAULT_GOAL := all

# $(1) = build dir, $(2) = extra flags
define build_tree
# the library's objects serve the static and the shared library alike:
# position-independent, and calls between its exported functions bound
# inside it (no interposition), as -fPIE did
$(1)/obj/src/lib/%.o $(1)/obj/src/util/%.o: PIC = -fPIC -fno-semantic-interposition
# Makefile: flags live here, and objects built before -MMD have no .d
$(1)/obj/%.o: %.c Makefile
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CSTD) $$(WARN) $$(INC) $$(OPT) $(2) $$(PIC) -fvisibility=hidden -MMD -MP -c $$< -o $$@

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

.PHONY: all san check check-mem check-unit demo bench fuzz checksrc clean setup \
        install uninstall

all: $(B)/aqrank $(B)/unit-tests $(B)/$(SONAME) $(B)/aqrank.1

# the shared library: only the aq_ functions of include/aq/ are exported
# (-fvisibility=hidden, AQ_API, and the version script for the linker's
# own symbols); tests/suites/install.sh checks with nm -D
$(B)/libaqrank.so.$(VERSION): $(LIB_SRC:%.c=$(B)/obj/%.o) scripts/libaqrank.map
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined \
	    -Wl,--version-script,scripts/libaqrank.map -o $@ \
	    $(LIB_SRC:%.c=$(B)/obj/%.o) $(LDLIBS)
$(B)/$(SONAME): $(B)/libaqrank.so.$(VERSION)
	ln -sf libaqrank.so.$(VERSION) $@
	ln -sf $(SONAME) $(B)/libaqrank.so

# the manual page in roff, from its Markdown (docs/man/aqrank.1.md)
$(B)/aqrank.1: docs/man/aqrank.1.md scripts/gen-man.sh include/aq/version.h
	@mkdir -p $(B)
	sh scripts/gen-man.sh $(VERSION) < $< > $@.tmp && mv $@.tmp $@

$(B)/aqrank.pc: aqrank.pc.in include/aq/version.h FORCE
	@mkdir -p $(B)
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$(VERSION)|' $< > $@
FORCE:

install: $(B)/aqrank $(B)/libaqrank.a $(B)/$(SONAME) $(B)/aqrank.1 $(B)/aqrank.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
	    $(DESTDIR)$(INCLUDEDIR)/aq $(DESTDIR)$(PKGCONFIGDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(B)/aqrank $(DESTDIR)$(BINDIR)/aqrank
	install -m 644 $(B)/libaqrank.a $(DESTDIR)$(LIBDIR)/libaqrank.a
	install -m 755 $(B)/libaqrank.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libaqrank.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libaqrank.so
	install -m 644 include/aq/*.h $(DESTDIR)$(INCLUDEDIR)/aq/
	install -m 644 $(B)/aqrank.pc $(DESTDIR)$(PKGCONFIGDIR)/aqrank.pc
	install -m 644 $(B)/aqrank.1 $(DESTDIR)$(MANDIR)/man1/aqrank.1
	install -m 644 etc/bash-completion/aqrank $(DESTDIR)$(BASHCOMPDIR)/aqrank

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/aqrank $(DESTDIR)$(LIBDIR)/libaqrank.a \
	    $(DESTDIR)$(LIBDIR)/libaqrank.so $(DESTDIR)$(LIBDIR)/$(SONAME) \
	    $(DESTDIR)$(LIBDIR)/libaqrank.so.$(VERSION) \
	    $(DESTDIR)$(PKGCONFIGDIR)/aqrank.pc \
	    $(DESTDIR)$(MANDIR)/man1/aqrank.1 $(DESTDIR)$(BASHCOMPDIR)/aqrank
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/aq/,$(notdir $(wildcard include/aq/*.h)))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/aq 2> /dev/null

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
	B=$(B) AQRANK=$(CURDIR)/$(B)/aqrank sh bench/audit.sh
	B=$(B) AQRANK=$(CURDIR)/$(B)/aqrank sh bench/daily.sh
	B=$(B) sh bench/load.sh

fuzz:
	B=$(B) sh tests/fuzz/run.sh

checksrc:
	sh scripts/checksrc.sh

setup:
	sh scripts/setup

clean:
	rm -rf $(B) $(B)-san $(B)-tsan
