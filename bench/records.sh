#!/bin/sh
# bench/records.sh: record creations per second through the API with 32 clients (wrk), each write
# updating the roll-ups of the unit and every ancestor up to the root in its transaction.
# Usage: sh bench/records.sh [DB]  (DB: a postgresql:// URL of an empty database, or nothing for a
# temporary SQLite file). BENCH_SECONDS (10), BENCH_CONNECTIONS (32).
set -eu
BIN=${XG_BIN:-build/rel/xuanguan}
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-32}
TMP=$(mktemp -d)
DB=${1:-$TMP/bench.db}
PORT=18093
PID=
trap 'kill $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
"$BIN" init --db "$DB" --demo >/dev/null
"$BIN" serve --db "$DB" --listen 127.0.0.1:$PORT --threads 4 >"$TMP/log" 2>&1 &
PID=$!
sleep 1
LOGIN=$(curl -s -c "$TMP/jar" -H 'Content-Type: application/json' \
	-d '{"username":"office","password":"Xuanguan@2026"}' http://127.0.0.1:$PORT/api/v1/login)
CSRF=$(printf '%s' "$LOGIN" | sed -n 's/.*"csrf_token": *"\([^"]*\)".*/\1/p')
TOKEN=$(curl -s -b "$TMP/jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $CSRF" \
	-d '{"label":"bench"}' http://127.0.0.1:$PORT/api/v1/tokens |
	sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
UNIT=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/orgs?q=QX03-JD01&limit=1" |
	grep -o '"id": *[0-9]*' | head -1 | grep -o '[0-9]*$')
cat >"$TMP/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.body = '{"org_id": $UNIT, "kind": "lecture", "date": "2025-06-01", "title": "bench", "audience": 10}'
LUA
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$TMP/post.lua" http://127.0.0.1:$PORT/api/v1/records
# The writes wrk left in flight finish before the check reads (it reads records and counters in two passes).
kill $PID && wait $PID || true
PID=
"$BIN" check --db "$DB"
