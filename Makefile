# SPDX-License-Identifier: BSD-2-Clause
# gtidpos - plain Makefile with explicit object lists.
#
#   make            build build/gtidpos
#   make demo       install missing Debian packages, build, run on a bundled binlog
#   make test       the default suite, a few minutes on 2 CPUs: unit (Check),
#                   CLI/fixture tests, live MariaDB oracle, each exhaustive
#                   sweep and live-server matrix by a fixed sample
#   make test-full  the same tests in full (CI runs it): the Check tcases
#                   tagged exhaustive (every boundary, every offset, every
#                   byte) and GP_FULL=1 for the shell tests (their whole
#                   matrix: every fixture, every cut, every live-server
#                   configuration)
#   make asan       the default suite under AddressSanitizer (build-asan/)
#   make ubsan      the default suite under UndefinedBehaviorSanitizer (build-ubsan/)
#   make sanitize   the default suite under both at once (build-sanitize/; CI)
#   make test-sweeps  what test-full adds to test (CI runs it after make test)
#   make bench      benchmark (bench/run.sh), not a test
#   make bench-scan scan benchmark (bench/scan.sh), not a test
#   make bench-ratios the speed targets as ratios in one run (bench/ratios.sh):
#                   at/cat, scan/cat, scan -j 1 / one-core floor, gz scan/pigz
#   make valgrind   unit tests and part of the CLI tests under valgrind
#   make test-big   a binlog past 4 GiB (tests/big/)
#   make install    PREFIX=/usr/local DESTDIR=: binary, libgtidpos (.a, .so),
#                   include/gtidpos.h and gtidpos_dm.h, gtidpos.pc, man pages
#                   (also LIBDIR, INCLUDEDIR, MANDIR; WERROR= drops -Werror)
#   make check-offline  unit tests + the CLI tests needing no server, network,
#                   apt or root (what the Debian package build runs)
#   make deb        the Debian packages from a clean clone, and lintian
#   make deb-check  make deb, then install them, compile and run a program
#                   against the installed library, remove them
#   make abi-check  the library's ABI against the release abi/BASELINE names
#                   (abi-dumper, abi-compliance-checker; abi/README), and the
#                   exported symbols against the Debian symbols file
#   make abi-test   abi-check fails on deliberate incompatible changes and
#                   passes an addition (tests/abi/abi_check.sh)
#   make symbols    rewrite debian/libgtidposN.symbols from build/libgtidpos.so
#   make deb-chroot-check  the built packages (make deb) installed in a clean
#                   debootstrap chroot, a program compiled and run there

CC       ?= cc
BUILD    ?= build
OPT      ?= -O2 -g
# -Werror for the project's own builds and CI; a package build turns it
# off with WERROR= (a newer compiler's new warning must not fail it).
WERROR   ?= -Werror
WARN      = -std=c11 -Wall -Wextra -Wshadow -Wcast-align -Wstrict-prototypes \
            -Wswitch-enum -Wformat=2 $(WERROR)
PKGS      = libdeflate zlib libzstd yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -ldeflate -lz -lzstd -lyaml)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)
# issue 15: the version is written once, in include/gtidpos.h
# (GTIDPOS_VERSION_MAJOR/MINOR/PATCH); the soname, the library's file name,
# gtidpos.pc and the man pages' headers take it from there.
gp_version_part = $(shell sed -n 's/^.define GTIDPOS_VERSION_$(1)  *\([0-9][0-9]*\) *$$/\1/p' include/gtidpos.h)
VERSION_MAJOR := $(call gp_version_part,MAJOR)
VERSION       := $(VERSION_MAJOR).$(call gp_version_part,MINOR).$(call gp_version_part,PATCH)
ifneq ($(words $(subst ., ,$(VERSION))),3)
$(error include/gtidpos.h: no GTIDPOS_VERSION_MAJOR/MINOR/PATCH lines to read the version from)
endif
# override: a CPPFLAGS given on the command line (a distribution's
# hardening flags) is kept and these appended to it; CFLAGS and LDFLAGS
# come last in ALL_CFLAGS and ALL_LDFLAGS.
override CPPFLAGS += -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -Isrc -Iinclude
ALL_CFLAGS = $(WARN) $(OPT) $(SAN) -pthread $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) -pthread $(LDFLAGS)

# Every .c file of these directories is part of the build: adding a file
# needs no edit here.  LIB: the core (libgtidpos.a); CLI: the gtidpos
# command; TEST: the Check unit tests (tests/check_*.c + tests/testutil.c).
LIB_DIRS  = src/common src/io src/gtid src/binlog src/walk src/emit src/dm/formats src/dm/relay src/lib
LIB_SRCS  = $(sort $(wildcard $(addsuffix /*.c,$(LIB_DIRS))))
CLI_SRCS  = $(sort $(wildcard src/cli/*.c))
TEST_SRCS = $(sort $(wildcard tests/check_*.c)) tests/testutil.c tests/answer_text.c src/cli/records.c
# issue 15 (dm1): the command's Ansible inventory / group_vars reader,
# tested by check_dm_config.c
TEST_SRCS += src/cli/ansible_ini.c src/cli/ansible_group_vars.c src/cli/exit_status.c

LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/%.o)
CLI_OBJS  = $(CLI_SRCS:%.c=$(BUILD)/%.o)
TEST_OBJS = $(TEST_SRCS:%.c=$(BUILD)/%.o)
DEPS      = $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TEST_OBJS:.o=.d) \
            $(LIB_SRCS:%.c=$(BUILD)/pic/%.d)

.PHONY: all demo test test-full unit cli-tests mariadb-tests asan ubsan fuzz fuzz-build deps deps-test deps-fuzz bench bench-scan clean
.PHONY: valgrind test-big install bench-ratios test-sweeps sanitize
all: $(BUILD)/gtidpos $(BUILD)/libgtidpos.a $(BUILD)/libgtidpos.so

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The command is written on the public API alone: its files are compiled
# without -Isrc, so they see include/ and each other, and an #include of
# an internal header fails the build.
$(BUILD)/src/cli/%.o: src/cli/%.c
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -Isrc,$(ALL_CFLAGS)) -MMD -MP -c -o $@ $<

$(BUILD)/libgtidpos.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

# The shared library: the same sources compiled with -fPIC into pic/, every
# symbol hidden but the public API of include/gtidpos.h and gtidpos_dm.h
# (GTIDPOS_API).
SO_NAME    = libgtidpos.so.$(VERSION_MAJOR)
SO_VERSION = $(VERSION)
PIC_OBJS   = $(LIB_SRCS:%.c=$(BUILD)/pic/%.o)
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -MMD -MP -c -o $@ $<

$(BUILD)/libgtidpos.so: $(PIC_OBJS)
	$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,$(SO_NAME) -Wl,--no-undefined \
	    -o $(BUILD)/libgtidpos.so.$(SO_VERSION) $(PIC_OBJS) $(PKG_LIBS)
	ln -sf libgtidpos.so.$(SO_VERSION) $(BUILD)/$(SO_NAME)
	ln -sf $(SO_NAME) $@

$(BUILD)/gtidpos: $(CLI_OBJS) $(BUILD)/libgtidpos.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(BUILD)/libgtidpos.a $(PKG_LIBS)

$(BUILD)/check_gtidpos: $(TEST_OBJS) $(BUILD)/libgtidpos.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(TEST_OBJS) $(BUILD)/libgtidpos.a $(PKG_LIBS) $(CHECK_LIBS)

# Debian packages: installed when run as root, otherwise the exact
# apt-get line is printed and make stops.
deps:
	@tools/deps.sh build
deps-test:
	@tools/deps.sh test
deps-fuzz:
	@tools/deps.sh fuzz

DEMO_FILE = testdata/mysql/kingbus/mysql_bin.000012
demo: deps
	@$(MAKE) --no-print-directory all
	@echo "\$$ $(BUILD)/gtidpos at $(DEMO_FILE)" >&2
	@$(BUILD)/gtidpos at $(DEMO_FILE)

# The default suite and the full one.  One rule for every suite, today's
# and later ones: a sweep over every boundary, offset, byte or fixture, or
# a matrix of live-server configurations, runs in full only under
# make test-full; make test runs a fixed, still meaningful sample of it
# (a strided subset, one configuration of each live suite).  In Check the
# full sweep is a tcase tagged exhaustive beside a sample tcase; a shell
# test runs its full matrix when GP_FULL=1 (it is 0 or unset otherwise).
# GP_FULL=1 make unit/cli-tests/mariadb-tests runs one stage in full.
GP_FULL ?= 0
export GP_FULL
test: deps-test
	@$(MAKE) --no-print-directory all $(BUILD)/check_gtidpos
	@$(MAKE) --no-print-directory unit cli-tests mariadb-tests

test-full: deps-test
	@$(MAKE) --no-print-directory all $(BUILD)/check_gtidpos
	@$(MAKE) --no-print-directory GP_FULL=1 unit cli-tests mariadb-tests

# What make test-full adds to make test, for CI, which runs make test
# first: only the Check tcases tagged exhaustive, and only the shell tests
# with a full mode (those that read GP_FULL, tests/lib/full.sh); the others
# run the same in both and have just passed.
test-sweeps: deps-test
	@$(MAKE) --no-print-directory all $(BUILD)/check_gtidpos
	@CK_INCLUDE_TAGS=exhaustive CK_EXCLUDE_TAGS= \
	    $(MAKE) --no-print-directory GP_FULL=1 GP_SWEEPS_ONLY=1 unit cli-tests mariadb-tests

# CK_EXCLUDE_TAGS=exhaustive unless GP_FULL=1 (a CK_EXCLUDE_TAGS of the
# caller's, even empty, wins).
unit: $(BUILD)/check_gtidpos
	@if [ "$(GP_FULL)" = 1 ]; then ex=; else ex=exhaustive; fi; \
	echo "CK_EXCLUDE_TAGS=$${CK_EXCLUDE_TAGS-$$ex} $(BUILD)/check_gtidpos"; \
	s=$$(date +%s); \
	CK_EXCLUDE_TAGS=$${CK_EXCLUDE_TAGS-$$ex} CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-4} \
	    GP_TESTDATA=testdata $(BUILD)/check_gtidpos; rc=$$?; \
	echo "== unit: $$(($$(date +%s) - s)) s"; exit $$rc

# Every tests/cli/*.sh runs on the bundled fixtures; every
# tests/mariadb/*.sh starts its own private server(s).
# Each test's wall time is printed after it (the budget of make test).
# run_scripts, with dir set: each tests/$dir/*.sh in turn, stopping at
# the first failure (under GP_SWEEPS_ONLY=1 only those with a full mode).
define run_scripts
for t in tests/$$dir/*.sh; do \
    if [ "$(GP_SWEEPS_ONLY)" = 1 ] && ! grep -q 'GP_FULL\|gp_full\|gp_stride\|gp_sample' $$t; then \
        echo "== $$t: no full mode (make test ran it)"; continue; fi; \
    echo "== $$t"; s=$$(date +%s); GTIDPOS=$(BUILD)/gtidpos bash $$t || exit 1; \
    echo "== $$t: $$(($$(date +%s) - s)) s"; \
done
endef
cli-tests: $(BUILD)/gtidpos
	@dir=cli; $(run_scripts)

mariadb-tests: $(BUILD)/gtidpos
	@dir=mariadb; $(run_scripts)

# Sanitizer builds run the default suite of make test (the live-server
# tests too, one configuration each: they exercise the parser on the
# server's freshly written logs); the full matrices are make test-full's.
SANITIZE_COMMON = -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all
asan: deps-test
	@$(MAKE) --no-print-directory BUILD=build-asan \
	    SAN="$(SANITIZE_COMMON) -fsanitize=address" all build-asan/check_gtidpos
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    $(MAKE) --no-print-directory BUILD=build-asan unit cli-tests mariadb-tests
# ASan and UBSan in one build (what CI runs: one pass of the suite
# instead of two).
sanitize: deps-test
	@$(MAKE) --no-print-directory BUILD=build-sanitize \
	    SAN="$(SANITIZE_COMMON) -fsanitize=address,undefined,float-divide-by-zero" \
	    all build-sanitize/check_gtidpos
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    $(MAKE) --no-print-directory BUILD=build-sanitize unit cli-tests mariadb-tests
ubsan: deps-test
	@$(MAKE) --no-print-directory BUILD=build-ubsan \
	    SAN="$(SANITIZE_COMMON) -fsanitize=undefined,float-divide-by-zero" all build-ubsan/check_gtidpos
	@UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    $(MAKE) --no-print-directory BUILD=build-ubsan unit cli-tests mariadb-tests

# libFuzzer targets (clang), one per parser entry point.  Each runs
# FUZZ_SECONDS; seeds: the real binlogs in testdata/ and tests/fuzz/seeds/.
FUZZ_SECONDS ?= 20
FUZZ_TARGETS = fuzz_binlog fuzz_mysql_set fuzz_mariadb_state fuzz_toml fuzz_checkpoint_name fuzz_relay \
               fuzz_dm_checkpoints fuzz_ini fuzz_task_yaml fuzz_verify fuzz_scan fuzz_gzip \
               fuzz_differential fuzz_split
# the command's record writer (scan's TSV/CSV/JSON lines), fuzzed by fuzz_scan
FUZZ_CLI_SRCS = src/cli/records.c
# verify --merge's parts reader, event filter options, set texts and
# --emit options, DM meta tables / group_vars / worker TOML (fuzz branch)
FUZZ_TARGETS += fuzz_verify_merge fuzz_walk_options fuzz_dm_meta
FUZZ_CLI_SRCS += src/cli/verify_merge.c src/cli/verify_join.c src/cli/progress.c src/cli/exit_status.c
# issue 15 (dm1): the Ansible inventory and group_vars readers moved into
# the command (fuzz_ini, fuzz_dm_meta)
FUZZ_CLI_SRCS += src/cli/ansible_ini.c src/cli/ansible_group_vars.c
# libgtidpos 1.0 (api1): the command's options object (walk_opts.c)
FUZZ_CLI_SRCS += src/cli/walk_opts.c
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
# The library and command sources are compiled once (instrumented, not
# linked with libFuzzer's main), then each target links them.
FUZZ_OBJ_CFLAGS = -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_OBJS = $(addprefix build-fuzz/obj/,$(LIB_SRCS:.c=.o) $(FUZZ_CLI_SRCS:.c=.o) tests/answer_text.o)
build-fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang -std=c11 $(FUZZ_OBJ_CFLAGS) -MMD -MP -pthread $(CPPFLAGS) $(PKG_CFLAGS) -c -o $@ $<
-include $(FUZZ_OBJS:.o=.d)
fuzz-build: deps-fuzz
	@$(MAKE) --no-print-directory -j2 $(FUZZ_OBJS)
	@for t in $(FUZZ_TARGETS); do \
	    clang -std=c11 $(FUZZ_CFLAGS) -pthread $(CPPFLAGS) $(PKG_CFLAGS) -o build-fuzz/$$t \
	        tests/fuzz/$$t.c $(FUZZ_OBJS) $(PKG_LIBS) || exit 1; \
	done
fuzz: fuzz-build
	@mkdir -p build-fuzz/corpus/binlog build-fuzz/corpus/mysql_set build-fuzz/corpus/mariadb_state
	@mkdir -p build-fuzz/corpus/gzip
	build-fuzz/fuzz_binlog -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    build-fuzz/corpus/binlog testdata/mysql testdata/mariadb testdata/old testdata/damaged testdata/corrupt
	build-fuzz/fuzz_mysql_set -max_total_time=$(FUZZ_SECONDS) \
	    build-fuzz/corpus/mysql_set tests/fuzz/seeds/mysql_set
	build-fuzz/fuzz_mariadb_state -max_total_time=$(FUZZ_SECONDS) \
	    build-fuzz/corpus/mariadb_state tests/fuzz/seeds/mariadb_state
	@mkdir -p build-fuzz/corpus/toml
	build-fuzz/fuzz_toml -max_total_time=$(FUZZ_SECONDS) build-fuzz/corpus/toml tests/fuzz/seeds/toml
	@mkdir -p build-fuzz/corpus/checkpoint_name
	build-fuzz/fuzz_checkpoint_name -max_total_time=$(FUZZ_SECONDS) \
	    build-fuzz/corpus/checkpoint_name tests/fuzz/seeds/checkpoint_name
	@mkdir -p build-fuzz/corpus/relay
	build-fuzz/fuzz_relay -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    build-fuzz/corpus/relay testdata/mysql/kingbus/relay tests/fuzz/seeds/relay
	@mkdir -p build-fuzz/corpus/dm_checkpoints build-fuzz/corpus/ini build-fuzz/corpus/task_yaml
	build-fuzz/fuzz_dm_checkpoints -max_total_time=$(FUZZ_SECONDS) \
	    build-fuzz/corpus/dm_checkpoints tests/fuzz/seeds/dm_checkpoints
	build-fuzz/fuzz_ini -max_total_time=$(FUZZ_SECONDS) build-fuzz/corpus/ini tests/fuzz/seeds/ini
	build-fuzz/fuzz_task_yaml -max_total_time=$(FUZZ_SECONDS) -max_len=16384 \
	    build-fuzz/corpus/task_yaml tests/fuzz/seeds/task_yaml
	@mkdir -p build-fuzz/corpus/verify
	build-fuzz/fuzz_verify -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    build-fuzz/corpus/verify testdata/mysql/kingbus testdata/mariadb/debian testdata/damaged \
	    tests/fuzz/seeds/mysql_set

	@mkdir -p build-fuzz/corpus/scan
	build-fuzz/fuzz_scan -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    build-fuzz/corpus/scan testdata/mysql testdata/mariadb testdata/old testdata/damaged
	@mkdir -p build-fuzz/corpus/gzip
	build-fuzz/fuzz_gzip -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    build-fuzz/corpus/gzip tests/fuzz/seeds/gzip
	@mkdir -p build-fuzz/corpus/differential
	GP_TESTDATA=testdata build-fuzz/fuzz_differential -max_total_time=$(FUZZ_SECONDS) -max_len=128 \
	    build-fuzz/corpus/differential tests/fuzz/seeds/differential
	@mkdir -p build-fuzz/corpus/split
	build-fuzz/fuzz_split -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    build-fuzz/corpus/split testdata/mysql testdata/mariadb testdata/damaged \
	    tests/fuzz/seeds/split
	@mkdir -p build-fuzz/corpus/verify_merge build-fuzz/corpus/walk_options build-fuzz/corpus/dm_meta
	build-fuzz/fuzz_verify_merge -max_total_time=$(FUZZ_SECONDS) -max_len=16384 \
	    build-fuzz/corpus/verify_merge tests/fuzz/seeds/verify_merge
	GP_TESTDATA=testdata build-fuzz/fuzz_walk_options -max_total_time=$(FUZZ_SECONDS) -max_len=1024 \
	    build-fuzz/corpus/walk_options tests/fuzz/seeds/walk_options
	build-fuzz/fuzz_dm_meta -max_total_time=$(FUZZ_SECONDS) -max_len=16384 \
	    build-fuzz/corpus/dm_meta tests/fuzz/seeds/dm_meta

bench: all
	bench/run.sh

# gtidpos scan over >= 2 GiB of binlogs, plain and gzip -1 (bench/scan.sh).
bench-scan: all
	GTIDPOS=$(BUILD)/gtidpos bench/scan.sh

# The speed targets, ratios measured in one run on 1 GiB of real binlog,
# against cat, pigz -dc and bench/floor.c (the one-core floor: frame every
# event and check its CRC32); builds bench/floor.c itself.
bench-ratios: all
	GTIDPOS=$(BUILD)/gtidpos bench/ratios.sh

# gtidpos-dask over two local Dask workers against gtidpos scan -j 2 on the
# same files, a ratio in one run (bench/dask.sh; issue 16).
.PHONY: bench-dask
bench-dask: all
	GTIDPOS=$(BUILD)/gtidpos bench/dask.sh

# Valgrind (memcheck): the unit tests (CK_FORK=no: in one process; the
# every-byte truncation and bit-flip sweeps, tagged exhaustive, are left to
# the ASan/UBSan runs and corrupt.sh's truncations) and the
# CLI tests that run gtidpos most on damaged and odd input (corrupt.sh's
# sample, find.sh), with $$GTIDPOS a wrapper that runs it under valgrind;
# any valgrind report fails the run.  (events.sh and run.sh walk every
# fixture many times: too slow under valgrind; ASan/UBSan run them.)
VALGRIND = valgrind --error-exitcode=1 --leak-check=full -q
VALGRIND_CLI_TESTS = tests/cli/corrupt.sh tests/cli/find.sh
valgrind: deps-test
	@$(MAKE) --no-print-directory BUILD=build-valgrind OPT="-O1 -g" all build-valgrind/check_gtidpos
	CK_FORK=no CK_EXCLUDE_TAGS=exhaustive GP_TESTDATA=testdata $(VALGRIND) build-valgrind/check_gtidpos
	@rm -rf build-valgrind/vglogs && mkdir -p -m 1777 build-valgrind/vglogs
	@printf '#!/bin/sh\nexec %s --log-file=%s/vg.%%p %s "$$@"\n' "$(VALGRIND)" \
	    "$$PWD/build-valgrind/vglogs" "$$PWD/build-valgrind/gtidpos" >build-valgrind/gtidpos-vg
	@chmod 755 build-valgrind/gtidpos-vg
	@for t in $(VALGRIND_CLI_TESTS); do \
	    echo "== $$t (valgrind)"; \
	    GTIDPOS=build-valgrind/gtidpos-vg VALGRIND_QUICK=1 $$t || exit 1; \
	done
	@if [ -n "$$(find build-valgrind/vglogs -type f -size +0)" ]; then \
	    cat build-valgrind/vglogs/*; echo "valgrind reported errors (above)" >&2; exit 1; fi
	@echo "valgrind: $$(ls build-valgrind/vglogs | wc -l) gtidpos runs, no report"

# A synthesized binlog past 4 GiB (sparse; about a minute).
test-big: $(BUILD)/gtidpos
	GTIDPOS=$(BUILD)/gtidpos tests/big/over4g.sh

# make install PREFIX=/usr/local DESTDIR=/tmp/stage
PREFIX     ?= /usr/local
BINDIR      = $(PREFIX)/bin
LIBDIR      = $(PREFIX)/lib
INCLUDEDIR  = $(PREFIX)/include
MANDIR      = $(PREFIX)/share/man
# issue 15: gtidpos.pc names the LIBDIR and INCLUDEDIR installed to (never
# DESTDIR), relative to ${prefix} when under PREFIX.
PKGCONFIGDIR = $(LIBDIR)/pkgconfig
PC_LIBDIR     = $(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))
PC_INCLUDEDIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	    $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BUILD)/gtidpos $(DESTDIR)$(BINDIR)/gtidpos
	install -m 644 $(BUILD)/libgtidpos.a $(DESTDIR)$(LIBDIR)/libgtidpos.a
	install -m 755 $(BUILD)/libgtidpos.so.$(SO_VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libgtidpos.so.$(SO_VERSION) $(DESTDIR)$(LIBDIR)/$(SO_NAME)
	ln -sf $(SO_NAME) $(DESTDIR)$(LIBDIR)/libgtidpos.so
	install -m 644 include/gtidpos.h include/gtidpos_dm.h $(DESTDIR)$(INCLUDEDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' -e 's|@REQUIRES@|$(PKGS)|' \
	    -e 's|@LIBDIR@|$(PC_LIBDIR)|g' -e 's|@INCLUDEDIR@|$(PC_INCLUDEDIR)|g' \
	    src/lib/gtidpos.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/gtidpos.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/gtidpos.pc
	for m in man/*.1; do \
	    sed '1,3s/^\(\.TH .*"gtidpos \)[0-9][0-9.]*"/\1$(VERSION)"/' $$m \
	        >$(DESTDIR)$(MANDIR)/man1/$${m##*/} && chmod 644 $(DESTDIR)$(MANDIR)/man1/$${m##*/} || exit 1; \
	done
# bash completion (issue 14)
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 completion/gtidpos.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/gtidpos
	# gtidpos-dask (issue 16): the Dask front end, run by /usr/bin/python3
	install -m 755 python/gtidpos-dask $(DESTDIR)$(BINDIR)/gtidpos-dask

# issue 15: the tests a package build runs (debian/rules' dh_auto_test):
# the unit tests (the default sample) and the CLI tests that need no
# server, no network, no apt-get and no root, only the Build-Depends
# (python3, python3-yaml) and essential tools; the slow ones (archives,
# relaydir, relay_mariadb) are left to make test.  Installs nothing.
OFFLINE_CLI_TESTS = tests/cli/differential.sh tests/cli/corrupt.sh tests/cli/emit.sh \
                    tests/cli/dm.sh tests/cli/habits.sh tests/cli/library.sh
.PHONY: check-offline deb deb-check
check-offline: all $(BUILD)/check_gtidpos
	@$(MAKE) --no-print-directory unit
	@for t in $(OFFLINE_CLI_TESTS); do \
	    echo "== $$t"; s=$$(date +%s); GTIDPOS=$(BUILD)/gtidpos bash $$t || exit 1; \
	    echo "== $$t: $$(($$(date +%s) - s)) s"; \
	done

# The Debian packages (debian/), built from a clean clone of HEAD into
# $(BUILD)/deb: make deb builds them and runs lintian; make deb-check also
# installs them (as root, in a private mount namespace when it can),
# compiles a program against the installed library with pkg-config, runs
# it on a fixture and removes the packages (tools/deb_check.sh).
deb:
	@tools/deps.sh deb
	tools/deb_check.sh --build-only $(BUILD)/deb
deb-check:
	@tools/deps.sh deb
	tools/deb_check.sh $(BUILD)/deb

# issue 15, the 1.0 ABI guard (abi/README).  abi-check: the shared library
# of the commit abi/BASELINE names and the current tree's, both -g -O0,
# compared by abi-compliance-checker; fails on a backward-incompatible
# change unless the soname changed, and when the exported symbols differ
# from debian/libgtidposN.symbols.  At a release, abi/BASELINE moves to
# it; an intended incompatible change raises GTIDPOS_VERSION_MAJOR (the
# soname) and renames the library package.  abi-test: the check fails on
# deliberate incompatible changes in a copy of the tree and passes an
# addition (about a minute; CI runs both).  symbols: rewrites the symbols
# file from the exported symbols; check-offline (the package build) checks
# it.  deb-chroot-check: make deb's packages installed in a clean bookworm
# chroot (debootstrap; root, network), a program built there with
# pkg-config (tools/deb_chroot_check.sh; a few minutes, not in CI).
.PHONY: abi-check abi-test abi-baseline symbols symbols-check deb-chroot-check
abi-check:
	@tools/deps.sh abi
	tools/abi_check.sh
# abi-baseline: after moving abi/BASELINE, build that commit's library and
# commit its dump (abi/base-<BASELINE>.dump.gz): abi-check reads it and
# needs no history in the clone.
abi-baseline:
	@tools/deps.sh abi
	tools/abi_check.sh --save-baseline
abi-test:
	@tools/deps.sh abi
	bash tests/abi/abi_check.sh
symbols: $(BUILD)/libgtidpos.so
	tools/symbols.sh $(BUILD)/libgtidpos.so
symbols-check: $(BUILD)/libgtidpos.so
	tools/symbols.sh --check $(BUILD)/libgtidpos.so
check-offline: symbols-check
deb-chroot-check:
	@tools/deps.sh deb
	tools/deb_chroot_check.sh $(BUILD)/deb

clean:
	rm -rf build build-asan build-ubsan build-sanitize build-fuzz build-valgrind

-include $(DEPS)
