# The directive reader's extra targets: its fuzzer, a long fuzz run and its benchmark.
# Included by the main Makefile (-include mk/*.mk).

FUZZ_SECONDS ?= 600
FUZZ_CC      ?= clang
DIRECTIVE_LIB_SRC := $(wildcard src/directive/*.c) src/base/buf.c src/base/str.c src/base/arena.c \
	src/base/alloc.c src/base/charset.c
DIRECTIVE_FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -Isrc -O1 -g \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	$(shell pkg-config --cflags jansson libzip libxml-2.0)

.PHONY: fuzz-directive fuzz-directive-input bench-directive

build/fuzz/fuzz_directive: fuzz/fuzz_directive.c $(DIRECTIVE_LIB_SRC) $(wildcard src/directive/*.h)
	mkdir -p build/fuzz
	$(FUZZ_CC) $(DIRECTIVE_FUZZ_CFLAGS) -o $@ fuzz/fuzz_directive.c $(DIRECTIVE_LIB_SRC) \
		$(shell pkg-config --libs jansson libzip libxml-2.0)

build/fuzz/fuzz_directive_input: fuzz/fuzz_directive_input.c $(DIRECTIVE_LIB_SRC) $(wildcard src/directive/*.h)
	mkdir -p build/fuzz
	$(FUZZ_CC) $(DIRECTIVE_FUZZ_CFLAGS) -o $@ fuzz/fuzz_directive_input.c $(DIRECTIVE_LIB_SRC) \
		$(shell pkg-config --libs jansson libzip libxml-2.0)

# New inputs go to build/fuzz/corpus-directive; the fixtures are the seeds.
fuzz-directive: build/fuzz/fuzz_directive
	mkdir -p build/fuzz/corpus-directive
	build/fuzz/fuzz_directive -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
		build/fuzz/corpus-directive tests/directive/fixtures

# The decoders: GB18030, UTF-16, sniffing. A PDF goes to the helper program (not fuzzed here:
# it is poppler, in its own process with limits), which the fuzzer does not find: EPDFTOOL.
fuzz-directive-input: build/fuzz/fuzz_directive_input
	mkdir -p build/fuzz/corpus-directive-input
	build/fuzz/fuzz_directive_input -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
		build/fuzz/corpus-directive-input tests/directive/fixtures

fuzz: fuzz-directive fuzz-directive-input

bench-directive: build/rel/xuanguan
	sh bench/directive.sh
