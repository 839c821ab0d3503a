# OneStop - top-level Makefile.
#   make          build build/onestop
#   make run      install what is missing, build, create var/onestop.db (demo), serve :8080
#   make check    install test tools, run every suite, end with "N passed, N failed"
#   make fuzz     run each libFuzzer target longer (FUZZ_SECONDS, default 60)
#   make bench    nginx vs onestop side by side (bench/run.sh)

BUILDDIR ?= build
CC ?= cc
EXTRA_CFLAGS ?=
EXTRA_LDFLAGS ?=
OPT ?= -O2

CFLAGS = -std=c17 $(OPT) -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
         -Wmissing-prototypes -Wvla -fno-strict-aliasing -D_GNU_SOURCE -Isrc -MMD -MP $(EXTRA_CFLAGS)
LDLIBS = -lcairo -lmicrohttpd -ljansson -lsqlite3 -lsodium -linih -lqrencode -lespeak-ng -lpthread -lm
LDFLAGS = $(EXTRA_LDFLAGS)

LIB_C = $(filter-out src/cli/main.c,$(wildcard src/core/*.c src/store/*.c src/http/*.c src/api/*.c src/cli/*.c))
LIB_S = $(wildcard src/core/*.S)
MIGRATIONS = $(sort $(wildcard src/store/migrations/*.sql))
LIB_OBJ = $(LIB_C:%.c=$(BUILDDIR)/obj/%.o) $(LIB_S:%.S=$(BUILDDIR)/obj/%.o) $(BUILDDIR)/obj/gen/migrations.o
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILDDIR)/tests/%)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)

.PHONY: all run check fuzz bench deps deps-test unit asan fuzz-build lint format openapi clean
all: $(BUILDDIR)/onestop

V ?= 0
ifeq ($(V),0)
Q = @
else
Q =
endif

$(BUILDDIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@[ "$(V)" = 0 ] && echo "  CC  $<" || true
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILDDIR)/obj/%.o: %.S data/cn-holidays.json
	@mkdir -p $(dir $@)
	$(CC) $(EXTRA_CFLAGS) -c $< -o $@

$(BUILDDIR)/gen/migrations.c: $(MIGRATIONS) tools/embed-sql.sh
	@mkdir -p $(dir $@)
	$(Q)tools/embed-sql.sh $@ $(MIGRATIONS)

$(BUILDDIR)/obj/gen/migrations.o: $(BUILDDIR)/gen/migrations.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Wno-missing-prototypes -c $< -o $@

$(BUILDDIR)/libonestop.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILDDIR)/onestop: $(BUILDDIR)/obj/src/cli/main.o $(BUILDDIR)/libonestop.a
	@[ "$(V)" = 0 ] && echo "  LD  $@" || true
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Unit tests may #include the .c they test to reach its statics.
$(BUILDDIR)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILDDIR)/libonestop.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Wno-missing-prototypes -Itests/unit $(LDFLAGS) -o $@ $< $(BUILDDIR)/libonestop.a $(LDLIBS) -lcmocka

unit: $(UNIT_BIN)

deps:
	@tools/deps.sh run

deps-test:
	@tools/deps.sh test

run: deps
	@$(MAKE) --no-print-directory all
	@tools/run-demo.sh

# Sanitizer build of the whole tree (unit tests + binary for the API suite).
asan:
	@$(MAKE) --no-print-directory BUILDDIR=build/asan OPT=-O1 \
	  EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
	  EXTRA_LDFLAGS="-fsanitize=address,undefined" build/asan/onestop $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)

# libFuzzer drivers: the library is rebuilt with clang and coverage.
FUZZ_CFLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
fuzz-build:
	@$(MAKE) --no-print-directory BUILDDIR=build/fuzzlib CC=clang OPT=-O1 EXTRA_CFLAGS="$(FUZZ_CFLAGS)" build/fuzzlib/libonestop.a
	@mkdir -p build/fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  clang -std=c17 -O1 -g -D_GNU_SOURCE -Isrc -fsanitize=fuzzer,address,undefined -o build/fuzz/$$n $$f \
	    build/fuzzlib/libonestop.a $(LDLIBS) || exit 1; done

FUZZ_SECONDS ?= 60
fuzz: deps-test fuzz-build
	@tools/run-fuzz.sh $(FUZZ_SECONDS)

check: deps-test
	@tools/run-tests.sh

bench: deps-test all
	@bench/run.sh

lint:
	@tools/lint.sh

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h')

openapi: all
	$(BUILDDIR)/onestop openapi > docs/openapi.yaml

clean:
	rm -rf build

-include $(shell find $(BUILDDIR)/obj -name '*.d' 2>/dev/null)
