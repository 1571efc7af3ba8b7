#!/bin/sh
# The server's memory under a fixed load, and what reading one PDF costs. One run:
#  - `serve --threads T` on a copy of a generated database (BENCH_UNITS, BENCH_RECORDS; made once in
#    BENCH_DIR), then the city's yearly stats under wrk, record writes under wrk, then the stats with 4
#    clients writing records meanwhile (BENCH_SECONDS each, 32 clients): peak RSS (VmHWM) and how much of
#    it is file-backed (RssFile: the binary and its libraries), and where it is (bench/smaps.pl);
#  - then BENCH_PDFS uploads of a PDF directive (tests/directive/fixtures/guoban_pdf.pdf), one at a time:
#    the median and the slowest answer, and the peak RSS after them;
#  - the binary's shared libraries (ldd | wc -l).
# Usage: XG_BIN=build/rel/xuanguan sh bench/memory.sh   (run two binaries back to back to compare them)
# BENCH_DB=FILE runs on that SQLite database in place instead (a scratch copy of a large one, e.g. of
# /work/benchdata/scale-50000-5000000-1.db: the runs add records to it).
set -eu
cd "$(dirname "$0")/.."
bin=${XG_BIN:-build/rel/xuanguan}
dir=${BENCH_DIR:-bench/out}
units=${BENCH_UNITS:-2000}
records=${BENCH_RECORDS:-200000}
threads=${BENCH_THREADS:-4}
secs=${BENCH_SECONDS:-10}
pdfs=${BENCH_PDFS:-20}
pdf=tests/directive/fixtures/guoban_pdf.pdf
port=${BENCH_PORT:-18193}
mkdir -p "$dir"
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

db=$tmp/m.db
if [ -n "${BENCH_DB:-}" ]; then
	db=$BENCH_DB
else
	base="$dir/memory-$units-$records.db"
	if [ ! -f "$base" ]; then
		"$bin" demo generate --db "$base" --units "$units" --records "$records" --seed 1 >/dev/null
		sqlite3 "$base" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	fi
	cp "$base" "$db"
fi
# Kept from an earlier run on BENCH_DB: adding it again is refused, and that is fine.
printf 'Yaice@2026-memory\n' | "$bin" user add --db "$db" --username bench --role staff --org SKX \
	--name 压测 >/dev/null 2>&1 || [ -n "${BENCH_DB:-}" ]
unit=$(sqlite3 "$db" "SELECT id FROM org WHERE depth = 3 ORDER BY id LIMIT 1")
token=$("$bin" user token --db "$db" --username bench --label bench)
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --threads "$threads" 2>"$tmp/serve.log" &
pid=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/login"; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || { cat "$tmp/serve.log" >&2; exit 1; }
	sleep 0.1
done
mem() { awk '/^VmHWM/ {h = $2} /^RssFile/ {f = $2} /^RssAnon/ {a = $2}
	END {printf "peak %.1f MiB (now: file-backed %.1f MiB, anonymous %.1f MiB)", h / 1024, f / 1024, a / 1024}' \
	"/proc/$pid/status"; uptime | sed 's/.*load average/; load/'; }
echo "bin=$bin threads=$threads data=${BENCH_DB:-$units units/$records records}; $(uptime | sed 's/.*load/load/')"
echo "libraries: $(ldd "$bin" | wc -l) lines of ldd"
echo "idle: $(mem)"
cat >"$tmp/read.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
cat >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"org_id": $unit, "kind": "lecture", "date": "2025-06-01", "title": "压测宣讲", "audience": 10}'
LUA
wrk --latency -t2 -c32 -d"${secs}s" -s "$tmp/read.lua" \
	"http://127.0.0.1:$port/api/v1/orgs/1/stats?from=2024-01-01&to=2024-12-31" >"$tmp/read.txt"
rate() { awk '/Requests\/sec/ {r = $2} /Non-2xx/ {e = $4} / 99%/ {p = $2} END {printf "%s req/s, p99 %s, non-2xx %d", r, p, e}' "$1"; }
echo "stats: $(rate "$tmp/read.txt"); $(mem)"
wrk --latency -t2 -c32 -d"${secs}s" -s "$tmp/post.lua" "http://127.0.0.1:$port/api/v1/records" >"$tmp/post.txt"
echo "records: $(rate "$tmp/post.txt"); $(mem)"
# The stats read while records are written (bench/scale.sh's mixed phase): every write makes each
# connection read the year anew, the load that fills the page caches and the workers' arenas.
wrk --latency -t1 -c4 -d"${secs}s" -s "$tmp/post.lua" "http://127.0.0.1:$port/api/v1/records" >"$tmp/mpost.txt" &
wp=$!
wrk --latency -t2 -c32 -d"${secs}s" -s "$tmp/read.lua" \
	"http://127.0.0.1:$port/api/v1/orgs/1/stats?from=2024-01-01&to=2024-12-31" >"$tmp/mread.txt"
wait "$wp"
echo "stats with 4 writers: $(rate "$tmp/mread.txt"), records $(rate "$tmp/mpost.txt"); $(mem)"
echo "after stats and records under wrk: $(mem); by kind of mapping:"
perl bench/smaps.pl "/proc/$pid/smaps"
i=0
while [ "$i" -lt "$pdfs" ]; do
	curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" \
		-H 'Content-Type: application/octet-stream' --data-binary "@$pdf" \
		"http://127.0.0.1:$port/api/v1/directive/parse" >>"$tmp/pdf.txt"
	i=$((i + 1))
done
[ "$pdfs" -gt 0 ] || exit 0
echo "after $pdfs PDF uploads: $(mem)"
echo "PDF upload ($(wc -c <"$pdf") bytes): answers $(awk '{print $1}' "$tmp/pdf.txt" | sort | uniq -c | awk '{printf "%s x %s ", $1, $2}')" \
	"median $(awk '{print $2}' "$tmp/pdf.txt" | sort -n | awk '{v[NR] = $1} END {printf "%.0f ms", v[int((NR + 1) / 2)] * 1000}')," \
	"slowest $(awk '{print $2}' "$tmp/pdf.txt" | sort -n | tail -1 | awk '{printf "%.0f ms", $1 * 1000}')"
