# libFuzzer targets for the parsers of the request path: the form body, the JSON field checker
# and the CSV reader (fuzz/fuzz_*.c). Included by the main Makefile (-include mk/*.mk);
# mk/directive.mk has the directive reader's. `make fuzz` runs every target FUZZ_SECONDS each.
# New inputs go to build/fuzz/corpus-<name>; the committed seeds are fuzz/corpus/<name>/.

FUZZ_SECONDS ?= 600
FUZZ_CC      ?= clang
FUZZ_NAMES   := form json csv
FUZZ_BINS    := $(FUZZ_NAMES:%=build/fuzz/fuzz_%)
FUZZ_DICT_json = -dict=fuzz/json.dict
FUZZ_FLAGS    = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(PKG_CFLAGS) -Isrc \
	-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
# clang, unlike gcc, flags vsnprintf on a va_list format inside a helper without a format
# attribute (base/log.c); the gcc builds keep that check.
FUZZ_LIB_FLAGS = $(FUZZ_FLAGS) -Wno-format-nonliteral -fsanitize=fuzzer-no-link
# The library is built once with coverage for libFuzzer and linked as an archive, so each target
# takes only the objects it reaches (error.o brings the storage layer, hence all the libraries).
FUZZ_OBJ     := $(LIB_SRC:src/%.c=build/fuzz/obj/%.o)

.PHONY: fuzz-targets $(FUZZ_NAMES:%=fuzz-%)

build/fuzz/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_LIB_FLAGS) -MMD -MP -c -o $@ $<

build/fuzz/libxg.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $^

build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_param.h build/fuzz/libxg.a
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libxg.a $(LDLIBS)

fuzz-targets: $(FUZZ_BINS)

$(FUZZ_NAMES:%=fuzz-%): fuzz-%: build/fuzz/fuzz_%
	mkdir -p build/fuzz/corpus-$*
	build/fuzz/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(FUZZ_DICT_$*) \
		build/fuzz/corpus-$* fuzz/corpus/$*

fuzz: $(FUZZ_NAMES:%=fuzz-%)

-include $(FUZZ_OBJ:.o=.d)
