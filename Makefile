# xuanguan — one plain Makefile. Targets: all run test bench fuzz sanitize fmt install deps clean.
# Two builds share the sources: build/rel (optimised) and build/san (ASan + UBSan, what tests run).

PKGS     := libmicrohttpd sqlite3 libpq jansson libsodium libzip libxml-2.0 xlsxwriter
# Only the PDF helper (src/tools/pdftext.c, its own process) links poppler.
PDF_PKGS := poppler-glib
CC       ?= cc
PREFIX   ?= /usr/local
DB       ?= data/xuanguan.db
LISTEN   ?= 127.0.0.1:8080

WARN     := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -fno-common -Werror
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
BASE_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(PKG_CFLAGS) -Isrc -MMD -MP
REL_CFLAGS  = $(BASE_CFLAGS) -O2 -g
SAN_FLAGS   = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
SAN_CFLAGS  = $(BASE_CFLAGS) -O1 -g $(SAN_FLAGS)
LDLIBS      = $(PKG_LIBS) -lpthread

# src/tools/ holds programs of their own, not parts of the server.
TOOL_SRC := $(wildcard src/tools/*.c)
SRC      := $(filter-out $(TOOL_SRC),$(sort $(wildcard src/*/*.c)))
LIB_SRC  := $(filter-out src/cli/main.c,$(SRC))
# The pages' static files are built into the binary (scripts/embed-static.sh).
STATIC   := $(sort $(wildcard web/static/*))
# The chart library comes from npm (pinned by package-lock.json) and is served by us, never a CDN.
ECHARTS  := node_modules/echarts/dist/echarts.min.js
GEN_SRC  := build/gen/static_files.c
REL_OBJ  := $(SRC:src/%.c=build/rel/%.o) build/rel/gen/static_files.o
SAN_OBJ  := $(SRC:src/%.c=build/san/%.o) build/san/gen/static_files.o
SAN_LIB_OBJ := $(LIB_SRC:src/%.c=build/san/%.o) build/san/gen/static_files.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/san/tests/%)

.PHONY: all run test unit-test api-test browser-test sanitize bench fuzz fmt install deps clean

all: build/rel/xuanguan build/rel/xuanguan-pdftext

# The PDF helper comes with every build of the server (order-only: relinking one never needs the other).
build/rel/xuanguan: $(REL_OBJ) | build/rel/xuanguan-pdftext
	$(CC) $(REL_CFLAGS) -o $@ $^ $(LDLIBS)

build/san/xuanguan: $(SAN_OBJ) | build/san/xuanguan-pdftext
	$(CC) $(SAN_CFLAGS) -o $@ $^ $(LDLIBS)

# The PDF helper: found beside the server. Never built with the sanitizers: ASan's shadow memory
# cannot live under the address-space limit the helper sets itself, so build/san gets the same.
build/rel/xuanguan-pdftext build/san/xuanguan-pdftext: src/tools/pdftext.c src/directive/pdfproc.h
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) $(shell pkg-config --cflags $(PDF_PKGS)) -o $@ $< \
		$(shell pkg-config --libs $(PDF_PKGS))

build/rel/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -c -o $@ $<

build/san/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -c -o $@ $<

$(GEN_SRC): scripts/embed-static.sh $(STATIC) $(ECHARTS)
	@mkdir -p $(dir $@)
	sh scripts/embed-static.sh web/static $(ECHARTS) > $@.tmp && mv $@.tmp $@

$(ECHARTS):
	@echo "xuanguan: $@ is missing: run 'make deps' (installs the npm packages of package-lock.json)" >&2
	@exit 1

build/rel/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -c -o $@ $<

build/san/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -c -o $@ $<

build/san/tests/%: tests/unit/%.c $(SAN_LIB_OBJ) | build/san/tests build/san/xuanguan-pdftext
	$(CC) $(SAN_CFLAGS) -o $@ $< $(SAN_LIB_OBJ) $(LDLIBS) -lcmocka

build/san/tests:
	mkdir -p $@

sanitize: build/san/xuanguan build/san/xuanguan-pdftext $(UNIT_BIN)

deps:
	sh scripts/deps.sh

# Start the system on the embedded SQLite database, with the demo organisation on first run.
run: deps
	$(MAKE) all
	sh scripts/run.sh build/rel/xuanguan "$(DB)" "$(LISTEN)"

test: deps
	$(MAKE) all sanitize
	sh tests/run-all.sh

unit-test: sanitize
	sh tests/unit/run.sh $(UNIT_BIN)

api-test: all sanitize
	sh tests/api/run.sh

browser-test: all
	sh tests/browser/run.sh

# Benchmarks write their figures to bench/out/; see docs/bench.md.
bench: deps
	$(MAKE) all build/bench/commits build/bench/xuanguan-slots1 build/bench/xuanguan-nomemo
	sh bench/run.sh
	sh bench/directive.sh
	sh bench/scale.sh
	sh bench/tasks.sh

# Serial in-process commits, the yardstick bench/scale.sh sets the API's record writes beside.
build/bench/commits: bench/commits.c
	@mkdir -p build/bench
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -Werror -o $@ bench/commits.c -lsqlite3

# The server with one roll-up slot per counter instead of 8, to show what the slots buy on PostgreSQL.
build/bench/xuanguan-slots1: $(REL_OBJ) src/db/record.c
	@mkdir -p build/bench
	$(CC) $(REL_CFLAGS) -DROLLUP_SLOTS=1 -c -o build/bench/record-slots1.o src/db/record.c
	$(CC) $(REL_CFLAGS) -o $@ $(filter-out build/rel/db/record.o,$(REL_OBJ)) build/bench/record-slots1.o $(LDLIBS)

# The same server keeping no stats answer (db/memo.c), for the stats beside it in bench/scale.sh.
build/bench/xuanguan-nomemo: $(REL_OBJ) src/db/memo.c
	@mkdir -p build/bench
	$(CC) $(REL_CFLAGS) -DMEMO_OFF=1 -c -o build/bench/memo-off.o src/db/memo.c
	$(CC) $(REL_CFLAGS) -o $@ $(filter-out build/rel/db/memo.o,$(REL_OBJ)) build/bench/memo-off.o $(LDLIBS)

fmt:
	clang-format -i src/*/*.c src/*/*.h tests/unit/*.c

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 build/rel/xuanguan $(DESTDIR)$(PREFIX)/bin/xuanguan
	install -d $(DESTDIR)$(PREFIX)/libexec/xuanguan
	install -m 755 build/rel/xuanguan-pdftext $(DESTDIR)$(PREFIX)/libexec/xuanguan/xuanguan-pdftext

clean:
	rm -rf build

-include mk/*.mk
-include $(REL_OBJ:.o=.d) $(SAN_OBJ:.o=.d)
