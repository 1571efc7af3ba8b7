#!/bin/sh
# Browser tests: Debian's chromium driven by playwright-core against the real server (build/rel/xuanguan)
# on a fresh demo database. Builds nothing. Usage: sh tests/browser/run.sh [test files...]
# Environment: XG_REL_BIN (default build/rel/xuanguan; build/san/xuanguan works too), CHROMIUM (default
# /usr/bin/chromium), XG_SHOTS (where screenshots go, default build/browser-shots), XG_KEEP_LOG=FILE (keep the
# server's log of a passing run; a failing run prints its tail).
cd "$(dirname "$0")/../.." || exit 1

BIN=${XG_REL_BIN:-build/rel/xuanguan}
if [ ! -x "$BIN" ]; then
	echo "tests/browser: $BIN is missing; build it first (make)" >&2
	exit 1
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	echo "tests/browser: chromium is missing (apt-get install chromium)" >&2
	exit 1
fi
if [ ! -d node_modules/playwright-core ]; then
	echo "tests/browser: playwright-core is missing (npm ci)" >&2
	exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/xg-browser-XXXXXX")
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! "$BIN" init --db "$dir/xuanguan.db" --demo >"$dir/init.log" 2>&1; then
	cat "$dir/init.log" >&2
	echo "tests/browser: init failed" >&2
	exit 1
fi

# A free port: ask the kernel for one, then hand it to the server.
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$BIN" serve --db "$dir/xuanguan.db" --listen "127.0.0.1:$port" >"$dir/server.log" 2>&1 &
pid=$!

tries=0
until node -e 'require("http").get(process.argv[1],r=>process.exit(r.statusCode===200?0:1)).on("error",()=>process.exit(1))' \
	"http://127.0.0.1:$port/login" 2>/dev/null; do
	tries=$((tries + 1))
	if [ "$tries" -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
		cat "$dir/server.log" >&2
		echo "tests/browser: the server did not start" >&2
		exit 1
	fi
	sleep 0.1
done

if [ $# -gt 0 ]; then
	files="$*"
else
	files=$(ls tests/browser/*.test.mjs)
fi
export XG_BASE="http://127.0.0.1:$port"
export XG_SHOTS="${XG_SHOTS:-build/browser-shots}"
# shellcheck disable=SC2086 # paths without spaces
if node --test --test-concurrency=1 $files; then
	status=0
	if [ -n "${XG_KEEP_LOG:-}" ]; then cp "$dir/server.log" "$XG_KEEP_LOG"; fi
else
	status=1
	echo "--- server log ---" >&2
	tail -n 50 "$dir/server.log" >&2
	echo "browser tests: FAILED" >&2
fi
exit $status
