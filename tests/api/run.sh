#!/bin/sh
# Black-box API and command-line tests: the real binary (ASan+UBSan build) over real HTTP, run once on
# SQLite and once on PostgreSQL. Fails when PostgreSQL cannot be had, unless XG_ALLOW_NO_PG=1.
# Usage: sh tests/api/run.sh [test files...]   (default: every tests/api/*.test.mjs)
# Environment: XG_BIN (default build/san/xuanguan), XG_REL_BIN (default build/rel/xuanguan),
# XUANGUAN_TEST_PG (admin URL of a role with CREATEDB), XG_BACKENDS (default "sqlite pg").
cd "$(dirname "$0")/../.."

XG_BIN=${XG_BIN:-build/san/xuanguan}
XG_REL_BIN=${XG_REL_BIN:-build/rel/xuanguan}
export XG_BIN XG_REL_BIN
for b in "$XG_BIN" "$XG_REL_BIN"; do
	if [ ! -x "$b" ]; then
		echo "tests/api: $b is missing; build it first (make all sanitize)" >&2
		exit 1
	fi
done
if ! command -v node >/dev/null 2>&1; then
	echo "tests/api: node (20 or later) is required" >&2
	exit 1
fi

# Sanitizers: stop at the first report, so a fault is a failing test and not a line in a log.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

if [ $# -gt 0 ]; then
	files="$*"
else
	files=$(ls tests/api/*.test.mjs)
fi

backends=${XG_BACKENDS:-sqlite pg}

# One backend's run; prints its progress and summary and returns 0 when every test passed, 2 when the
# backend was skipped (no PostgreSQL and XG_ALLOW_NO_PG=1).
run_backend() {
	backend=$1
	echo
	echo "=== API tests on $backend ==="
	if [ "$backend" = pg ]; then
		XG_PG_ADMIN=${XUANGUAN_TEST_PG:-$(sh scripts/pg-test-setup.sh 2>/dev/null)}
		if [ -z "$XG_PG_ADMIN" ] || ! psql "$XG_PG_ADMIN" -Atqc 'SELECT 1' >/dev/null 2>&1; then
			if [ "${XG_ALLOW_NO_PG:-0}" = 1 ]; then
				echo "tests/api: NO POSTGRESQL — the PostgreSQL run is SKIPPED (XG_ALLOW_NO_PG=1)" >&2
				return 2
			fi
			echo "tests/api: FAILED — no PostgreSQL available for the PostgreSQL run." >&2
			echo "  Set XUANGUAN_TEST_PG=postgresql://USER:PASS@HOST:PORT/postgres (a role with CREATEDB)," >&2
			echo "  or run as root on Debian with postgresql installed, or XG_ALLOW_NO_PG=1 to skip." >&2
			return 1
		fi
		export XG_PG_ADMIN
	fi
	# Readable progress on stdout; the TAP summary lines (# pass N, # fail N) printed at the end of each run.
	tap=$(mktemp)
	# shellcheck disable=SC2086 # files is a list of paths without spaces
	if XG_BACKEND=$backend node --test --test-concurrency=1 --test-reporter=spec \
		--test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination="$tap" $files; then
		status=0
	else
		status=1
	fi
	echo "--- summary ($backend) ---"
	grep -E '^# (tests|suites|pass|fail|cancelled|skipped|todo) ' "$tap"
	rm -f "$tap"
	[ "$status" -eq 0 ] || echo "API tests on $backend: FAILED"
	return $status
}

# The backends run side by side (each its own servers and databases; within a backend one file at a
# time), which halves the wall time on two cores; XG_API_SERIAL=1 runs them one after the other. Each
# run's output is shown whole, in order, when both are done.
failed=""
ran=""
skipped=""
out=$(mktemp -d)
for backend in $backends; do
	if [ "${XG_API_SERIAL:-0}" = 1 ]; then
		run_backend "$backend"
		echo $? >"$out/$backend.rc"
	else
		(
			run_backend "$backend" >"$out/$backend.log" 2>&1
			echo $? >"$out/$backend.rc"
		) &
	fi
done
wait
for backend in $backends; do
	[ -f "$out/$backend.log" ] && cat "$out/$backend.log"
	case $(cat "$out/$backend.rc" 2>/dev/null || echo 1) in
	0) ran="$ran $backend" ;;
	2) skipped="$skipped $backend" ;;
	*) failed="$failed $backend" ;;
	esac
done
rm -rf "$out"

echo
if [ -n "$failed" ]; then
	echo "API tests FAILED on:$failed"
	exit 1
fi
if [ -z "$ran" ]; then
	echo "API tests: nothing ran"
	exit 1
fi
echo "API tests passed on:$ran${skipped:+ (SKIPPED:$skipped)}"
