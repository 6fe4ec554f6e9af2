# gtidpos - plain Makefile with explicit object lists.
#
#   make            build build/gtidpos
#   make demo       install missing Debian packages, build, run on a bundled binlog
#   make test       all tests: unit (Check), CLI/fixture tests, live MariaDB oracle
#   make asan       the whole suite under AddressSanitizer (build-asan/)
#   make ubsan      the whole suite under UndefinedBehaviorSanitizer (build-ubsan/)
#   make bench      benchmark (bench/run.sh), not a test

CC       ?= cc
BUILD    ?= build
OPT      ?= -O2 -g
WARN      = -std=c11 -Wall -Wextra -Wshadow -Wcast-align -Wstrict-prototypes \
            -Wswitch-enum -Wformat=2 -Werror
PKGS      = libdeflate zlib libzstd yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -ldeflate -lz -lzstd -lyaml)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck)
CPPFLAGS += -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -Isrc
ALL_CFLAGS = $(WARN) $(OPT) $(SAN) -pthread $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) -pthread $(LDFLAGS)

# Every .c file of these directories is part of the build: adding a file
# needs no edit here.  LIB: the core (libgtidpos.a); CLI: the gtidpos
# command; TEST: the Check unit tests (tests/check_*.c + tests/testutil.c).
LIB_DIRS  = src/common src/gtid src/binlog src/emit src/dm
LIB_SRCS  = $(sort $(wildcard $(addsuffix /*.c,$(LIB_DIRS))))
CLI_SRCS  = $(sort $(wildcard src/cli/*.c))
TEST_SRCS = $(sort $(wildcard tests/check_*.c)) tests/testutil.c

LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/%.o)
CLI_OBJS  = $(CLI_SRCS:%.c=$(BUILD)/%.o)
TEST_OBJS = $(TEST_SRCS:%.c=$(BUILD)/%.o)
DEPS      = $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TEST_OBJS:.o=.d)

.PHONY: all demo test unit cli-tests mariadb-tests asan ubsan fuzz deps deps-test deps-fuzz bench clean
all: $(BUILD)/gtidpos

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libgtidpos.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

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

test: deps-test
	@$(MAKE) --no-print-directory all $(BUILD)/check_gtidpos
	@$(MAKE) --no-print-directory unit cli-tests mariadb-tests

unit: $(BUILD)/check_gtidpos
	CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-4} GP_TESTDATA=testdata $(BUILD)/check_gtidpos

# Every tests/cli/*.sh runs on the bundled fixtures; every
# tests/mariadb/*.sh starts its own private server(s).
cli-tests: $(BUILD)/gtidpos
	@for t in tests/cli/*.sh; do \
	    echo "== $$t"; GTIDPOS=$(BUILD)/gtidpos $$t || exit 1; \
	done

mariadb-tests: $(BUILD)/gtidpos
	@for t in tests/mariadb/*.sh; do \
	    echo "== $$t"; GTIDPOS=$(BUILD)/gtidpos $$t || exit 1; \
	done

# Sanitizer builds run the whole suite (the live-server tests too: they
# exercise the parser on the server's freshly written logs).
SANITIZE_COMMON = -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all
asan: deps-test
	@$(MAKE) --no-print-directory BUILD=build-asan \
	    SAN="$(SANITIZE_COMMON) -fsanitize=address" all build-asan/check_gtidpos
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    $(MAKE) --no-print-directory BUILD=build-asan unit cli-tests mariadb-tests
ubsan: deps-test
	@$(MAKE) --no-print-directory BUILD=build-ubsan \
	    SAN="$(SANITIZE_COMMON) -fsanitize=undefined,float-divide-by-zero" all build-ubsan/check_gtidpos
	@UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    $(MAKE) --no-print-directory BUILD=build-ubsan unit cli-tests mariadb-tests

# libFuzzer targets (clang), one per parser entry point.  Each runs
# FUZZ_SECONDS; seeds: the real binlogs in testdata/ and tests/fuzz/seeds/.
FUZZ_SECONDS ?= 20
FUZZ_TARGETS = fuzz_binlog fuzz_mysql_set fuzz_mariadb_state fuzz_gzip
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
fuzz: deps-fuzz
	@mkdir -p build-fuzz
	@for t in $(FUZZ_TARGETS); do \
	    clang -std=c11 $(FUZZ_CFLAGS) -pthread $(CPPFLAGS) $(PKG_CFLAGS) -o build-fuzz/$$t \
	        tests/fuzz/$$t.c $(LIB_SRCS) $(PKG_LIBS) || exit 1; \
	done
	@mkdir -p build-fuzz/corpus/binlog build-fuzz/corpus/mysql_set build-fuzz/corpus/mariadb_state
	@mkdir -p build-fuzz/corpus/gzip
	build-fuzz/fuzz_binlog -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    build-fuzz/corpus/binlog testdata/mysql testdata/mariadb testdata/old testdata/damaged
	build-fuzz/fuzz_mysql_set -max_total_time=$(FUZZ_SECONDS) \
	    build-fuzz/corpus/mysql_set tests/fuzz/seeds/mysql_set
	build-fuzz/fuzz_mariadb_state -max_total_time=$(FUZZ_SECONDS) \
	    build-fuzz/corpus/mariadb_state tests/fuzz/seeds/mariadb_state
	build-fuzz/fuzz_gzip -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    build-fuzz/corpus/gzip tests/fuzz/seeds/gzip

bench: all
	bench/run.sh

clean:
	rm -rf build build-asan build-ubsan build-fuzz

-include $(DEPS)
