#!/bin/sh
# Run every test layer in order; each prints its runner's summary. Exit non-zero if any layer failed.
# Layers: the include direction of src/ (scripts/check-layers.sh), C unit tests (cmocka, under ASan+UBSan), directive reader fixtures and fuzz smoke,
# fuzz smoke of the request parsers,
# API and command-line tests over real HTTP on SQLite and PostgreSQL, browser tests (Playwright).
cd "$(dirname "$0")/.."
failed=""
run_layer() {
	name=$1
	shift
	echo
	echo "=== $name ==="
	if ! "$@"; then
		failed="$failed $name"
	fi
}
run_layer layers sh scripts/check-layers.sh
run_layer unit sh tests/unit/run.sh
[ -f tests/directive/run.sh ] && run_layer directive sh tests/directive/run.sh
[ -f tests/fuzz/run.sh ] && run_layer fuzz sh tests/fuzz/run.sh
run_layer api sh tests/api/run.sh
[ -f tests/browser/run.sh ] && run_layer browser sh tests/browser/run.sh
echo
if [ -n "$failed" ]; then
	echo "FAILED layers:$failed"
	exit 1
fi
echo "all test layers passed"
