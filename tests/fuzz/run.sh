#!/bin/sh
# Fuzz smoke: every libFuzzer target of mk/fuzz.mk (form body, JSON field checker, CSV reader)
# replays its committed seeds, then fuzzes for FUZZ_SECONDS (5) each. Ends with "N passed,
# N failed". Needs clang's libFuzzer; without clang it says so and passes nothing.
# Longer runs: make fuzz (FUZZ_SECONDS=600 each).
set -u
cd "$(dirname "$0")/../.."
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
pass=0
fail=0
secs=${FUZZ_SECONDS:-5}

if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz: no clang, skipped"
	echo "0 passed, 0 failed"
	exit 0
fi
if ! make -s fuzz-targets >"$TMP/build" 2>&1; then
	tail -n 20 "$TMP/build"
	echo "0 passed, 1 failed"
	exit 1
fi
for t in form json csv; do
	bin=build/fuzz/fuzz_$t
	dict=
	[ -f "fuzz/$t.dict" ] && dict=-dict=fuzz/$t.dict
	mkdir -p "build/fuzz/corpus-$t"
	# shellcheck disable=SC2086 # $dict is one word or none
	if "$bin" -max_total_time="$secs" -max_len=4096 $dict -print_final_stats=0 \
		"build/fuzz/corpus-$t" "fuzz/corpus/$t" >"$TMP/$t" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: fuzz_$t: $(grep -m1 -E 'ERROR|SUMMARY|deadly' "$TMP/$t")"
		tail -n 30 "$TMP/$t"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
