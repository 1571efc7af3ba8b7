#!/bin/sh
# bench/writes.sh: the write tail on SQLite. Record creations through the API with BENCH_CONNECTIONS
# (32) clients against BENCH_PROCS (1) server processes of BENCH_THREADS (4) workers on a copy of a database, for BENCH_SECONDS (10);
# prints wrk's p50/p99/p99.9 and req/s, the load average, the WAL's largest size seen during the run
# (sampled every 0.2 s) and its size after, the records added beside the 2xx answers wrk counted, and
# each server's batches (group commit: how many writes shared a COMMIT) and peak RSS, the servers' CPU
# time per answer (user + system, for A/B on a shared machine) and the share of the machine's CPU time
# left idle during the run. BENCH_PERF=FILE records the servers with `perf record` (BENCH_PERF_CG, the
# call graph option: -g) into FILE while wrk runs.
# Usage: sh bench/writes.sh DB  (a generated SQLite database, e.g. from bench/scale.sh; it is copied
# first with cp --reflink=auto, the original is never written; BENCH_INPLACE=1 writes into DB itself,
# for a scratch copy of a large one). XG_BIN picks the binary.
set -eu
cd "$(dirname "$0")/.."
src=${1:?usage: sh bench/writes.sh DB}
bin=${XG_BIN:-build/rel/xuanguan}
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-32}
procs=${BENCH_PROCS:-1}
port=18291
threads=${BENCH_THREADS:-4}
. bench/lib.sh
bench_begin
db=$tmp/w.db
if [ "${BENCH_INPLACE:-0}" = 1 ]; then
	db=$src
else
	# A consistent copy: a WAL left beside the source goes with it.
	cp --reflink=auto "$src" "$db"
	[ -f "$src-wal" ] && cp --reflink=auto "$src-wal" "$db-wal"
fi
bench_account "$db"
unit=$(sqlite3 "$db" "SELECT id FROM org WHERE depth = 3 ORDER BY id LIMIT 1")
before=$(sqlite3 "$db" "SELECT count(*) FROM records")
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null

start_servers "$db" "$procs"
servers=$pids
cat >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"org_id": $unit, "kind": "lecture", "date": "2025-06-01", "title": "压测宣讲", "audience": 10}'
LUA
# The WAL's size while wrk runs.
(
	while :; do stat -c %s "$db-wal" 2>/dev/null || echo 0; sleep 0.2; done
) >"$tmp/wal.txt" &
sampler=$!
pids="$pids $sampler"
tck=$(getconf CLK_TCK)
server_ticks() { for p in $servers; do cat "/proc/$p/stat"; done | awk '{s += $14 + $15} END {print s}'; }
perf_pid=
if [ -n "${BENCH_PERF:-}" ]; then
	perf record -q ${BENCH_PERF_CG:--g} -o "$BENCH_PERF" -p "$(echo $servers | tr ' ' ',')" 2>"$tmp/perf.log" &
	perf_pid=$!
	sleep 0.5
fi
c0=$(server_ticks)
idle0=$(awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat)
load=$(cut -d' ' -f1-3 /proc/loadavg)
wrk -t"$([ "$conns" -ge 2 ] && echo 2 || echo 1)" -c"$conns" -d"${secs}s" --latency -s "$tmp/post.lua" "http://127.0.0.1:$port/api/v1/records" >"$tmp/post.txt"
c1=$(server_ticks)
idle1=$(awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat)
kill $sampler 2>/dev/null || true
if [ -n "$perf_pid" ]; then kill -INT "$perf_pid"; wait "$perf_pid" || true; fi
rss=$(for p in $servers; do awk '/VmHWM/ {printf "%d MiB ", $2 / 1024}' "/proc/$p/status"; done)
stop_servers
after=$(sqlite3 "$db" "SELECT count(*) FROM records")
reqs=$(wrk_figure requests "$tmp/post.txt")
non2xx=$(wrk_figure non2xx "$tmp/post.txt")
walmax=$(sort -n "$tmp/wal.txt" | tail -1)
walend=$(stat -c %s "$db-wal" 2>/dev/null || echo 0)
printf '%s procs %d conns %d: p50 %s, p99 %s, %s req/s, non-2xx %s; server CPU %s ms per answer, machine idle %s %%; WAL max %d KiB, after %d KiB; records added %d for %d answers (%d 2xx); peak RSS %s; load before %s, after %s\n' \
	"$(date -u +%H:%M:%SZ)" "$procs" "$conns" \
	"$(wrk_figure p50 "$tmp/post.txt")" "$(wrk_figure p99 "$tmp/post.txt")" "$(wrk_figure rps "$tmp/post.txt")" "$non2xx" \
	"$(awk -v a="$c0" -v b="$c1" -v t="$tck" -v n="$reqs" 'BEGIN {printf "%.3f", (b - a) * 1000 / t / (n ? n : 1)}')" \
	"$(echo "$idle0 $idle1" | awk '{printf "%.0f", ($3 - $1) * 100 / ($4 - $2)}')" \
	$((walmax / 1024)) $((walend / 1024)) $((after - before)) "$reqs" $((reqs - non2xx)) "$rss" \
	"$load" "$(cut -d' ' -f1-3 /proc/loadavg)"
# Each server process counts its batches at exit (group commit, db/conn.c): writes per COMMIT.
grep -h 'group commit:' "$tmp/serve.log" 2>/dev/null | sed 's/^[^ ]* info /  /' || true
if [ -n "${BENCH_VERBOSE:-}" ]; then cat "$tmp/post.txt"; cat "$tmp/serve.log"; fi
