#!/bin/sh
# Run every cmocka unit test binary (built with ASan+UBSan by `make sanitize`) and total the results.
cd "$(dirname "$0")/../.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The database tests also run on PostgreSQL: without one the run fails, like tests/api/run.sh, unless
# XG_ALLOW_NO_PG=1 skips that half (said out loud in the summary).
if [ -z "${XUANGUAN_TEST_PG:-}" ]; then
	XUANGUAN_TEST_PG=$(sh scripts/pg-test-setup.sh 2>/dev/null || true)
	export XUANGUAN_TEST_PG
fi
pg_note=""
if [ -z "$XUANGUAN_TEST_PG" ] || ! psql "$XUANGUAN_TEST_PG" -Atqc 'SELECT 1' >/dev/null 2>&1; then
	if [ "${XG_ALLOW_NO_PG:-0}" = 1 ]; then
		echo "tests/unit: NO POSTGRESQL — the PostgreSQL half is SKIPPED (XG_ALLOW_NO_PG=1)" >&2
		pg_note=" (PostgreSQL half SKIPPED)"
		XUANGUAN_TEST_PG=""
		export XUANGUAN_TEST_PG
	else
		echo "tests/unit: FAILED — no PostgreSQL available for the storage tests' second half." >&2
		echo "  Set XUANGUAN_TEST_PG=postgresql://USER:PASS@HOST:PORT/postgres (a role with CREATEDB)," >&2
		echo "  or run as root on Debian with postgresql installed, or XG_ALLOW_NO_PG=1 to skip." >&2
		echo "unit: 0 passed, 1 failed (no PostgreSQL)"
		exit 1
	fi
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
echo "unit: $pass passed, $fail failed$pg_note"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
