#!/bin/sh
# Run every cmocka unit test binary (built with ASan+UBSan by `make sanitize`) and total the results.
cd "$(dirname "$0")/../.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The database tests also run on PostgreSQL when one can be had.
if [ -z "${XUANGUAN_TEST_PG:-}" ]; then
	XUANGUAN_TEST_PG=$(sh scripts/pg-test-setup.sh 2>/dev/null || true)
	export XUANGUAN_TEST_PG
fi
pass=0
fail=0
for t in build/san/tests/test_*; do
	[ -x "$t" ] || continue
	if "$t"; then
		pass=$((pass + 1))
	else
		echo "unit test binary failed: $t"
		fail=$((fail + 1))
	fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
