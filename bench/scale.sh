#!/bin/sh
# Benchmark at scale: a generated organisation (BENCH_UNITS units, BENCH_RECORDS records; 50,000 and
# 5,000,000 by default), generated once into BENCH_DIR (bench/out) and reused. In one run:
#  - the city's stats for one year under wrk (p50/p99), beside a plain GROUP BY over the same records;
#  - record creation through the API with BENCH_CONNECTIONS (32) clients, beside serial in-process
#    commits with synchronous=FULL (bench/commits.c, built by `make bench`);
#  - the server's peak RSS and the database's size per million records;
#  - the stats beside a server that keeps no answer (build/bench/xuanguan-nomemo), and both under
#    BENCH_WRITERS (4) clients writing records at the same time (what the kept answers buy then);
#  - the same on PostgreSQL (BENCH_PG: admin URL; a scratch database xg_bench_N_M is generated once),
#    with one and with four server processes (--reuse-port).
# Every wrk run lasts BENCH_SECONDS (10). Figures go to stdout and BENCH_DIR/scale.txt.
set -eu
cd "$(dirname "$0")/.."
bin=${XG_BIN:-build/rel/xuanguan}
commits=${XG_COMMITS:-build/bench/commits}
dir=${BENCH_DIR:-bench/out}
units=${BENCH_UNITS:-50000}
records=${BENCH_RECORDS:-5000000}
seed=${BENCH_SEED:-1}
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-32}
writers=${BENCH_WRITERS:-4}
nomemo=${XG_NOMEMO_BIN:-build/bench/xuanguan-nomemo}
pg_admin=${BENCH_PG-${XUANGUAN_TEST_PG:-}}
port=18191
mkdir -p "$dir"
. bench/lib.sh
bench_begin "$dir/scale.txt"

year_from=2024-01-01
year_to=2024-12-31

run_phases() { # DB LABEL UNIT
	db=$1 label=$2 unit=$3
	cat >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"org_id": $unit, "kind": "lecture", "date": "2025-06-01", "title": "压测宣讲", "audience": 10}'
LUA
	url="http://127.0.0.1:$port/api/v1/orgs/1/stats?from=$year_from&to=$year_to"
	[ "${4:-}" = writes ] || read_phase "$label"
	wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$tmp/post.lua" "http://127.0.0.1:$port/api/v1/records" >"$tmp/post.txt"
	say "$label: POST /api/v1/records, $conns clients: $(figures "$tmp/post.txt")"
}

# The stats read by $conns clients while $writers clients write records (after run_phases: its url and scripts).
mixed_phase() {
	wrk -t1 -c"$writers" -d"${secs}s" --latency -s "$tmp/post.lua" "http://127.0.0.1:$port/api/v1/records" >"$tmp/mpost.txt" &
	wp=$!
	wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$tmp/read.lua" "$url" >"$tmp/mread.txt"
	wait "$wp"
	say "$1: GET /api/v1/orgs/1/stats, $conns clients, with $writers clients writing: $(figures "$tmp/mread.txt")"
	say "$1: ... and their POST /api/v1/records: $(figures "$tmp/mpost.txt")"
}

# The reads again, alone and under writers, on the build that keeps no stats answer.
nomemo_phases() { # DB LABEL N
	[ -x "$nomemo" ] || return 0
	keep=$bin
	bin=$nomemo
	start_servers "$1" "$3"
	read_phase "$2, keeping no answer"
	mixed_phase "$2, keeping no answer"
	say "$2, keeping no answer: peak RSS $(peak_rss)"
	stop_servers
	bin=$keep
}

read_phase() {
	label=$1
	curl -sf -H "Authorization: Bearer $token" "$url" >"$tmp/stats.json"
	# One client first: what one answer costs, without queueing behind the others.
	wrk -t1 -c1 -d"${secs}s" --latency -s "$tmp/read.lua" "$url" >"$tmp/read1.txt"
	say "$label: GET /api/v1/orgs/1/stats (a year, $(wc -c <"$tmp/stats.json") bytes), 1 client: $(figures "$tmp/read1.txt")"
	t0=$(cpu_ticks)
	wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$tmp/read.lua" "$url" >"$tmp/read.txt"
	t1=$(cpu_ticks)
	say "$label: GET /api/v1/orgs/1/stats, $conns clients: $(figures "$tmp/read.txt"), server CPU $(per_request $((t1 - t0)) "$tmp/read.txt") ms per request"
}

# The server processes' CPU time so far (user + system), in clock ticks.
cpu_ticks() {
	t=0
	for p in $pids; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
	echo "$t"
}

# CPU milliseconds per request: TICKS over the requests of a wrk output.
per_request() {
	awk -v t="$1" -v hz="$(getconf CLK_TCK)" '/requests in/ {printf "%.3f", t * 1000 / hz / $1}' "$2"
}

say "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
say "data: $units units, $records records, seed $seed; wrk -t2 -c$conns -d${secs}s"

# SQLite
db="$dir/scale-$units-$records-$seed.db"
if [ ! -f "$db" ]; then
	"$bin" demo generate --db "$db" --units "$units" --records "$records" --seed "$seed" | tee "$dir/generate-sqlite.txt"
	sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
fi
# A database kept from an older build is brought to this build's schema (nothing is dropped).
"$bin" init --db "$db" >/dev/null
[ -f "$dir/generate-sqlite.txt" ] && say "sqlite: $(cat "$dir/generate-sqlite.txt")"
# Pages in use, not the file's size: a file keeps the pages a migration freed until VACUUM.
bytes=$(sqlite3 "$db" "SELECT (SELECT page_count FROM pragma_page_count) - (SELECT freelist_count FROM pragma_freelist_count)")
bytes=$((bytes * $(sqlite3 "$db" "PRAGMA page_size")))
say "sqlite: database $((bytes / 1048576)) MiB = $(awk -v b="$bytes" -v r="$records" 'BEGIN {printf "%.0f", b / 1048576 / (r / 1e6)}') MiB per million records (records, roll-ups, indexes)"
bench_account "$db"
unit=$(sqlite3 "$db" "SELECT id FROM org WHERE depth = 3 ORDER BY id LIMIT 1")

# The same figures without roll-ups: one GROUP BY over the year's counted records of the whole tree.
group_by="SELECT r.kind, substr(r.day, 1, 7), count(*), sum(r.participants), sum(r.audience), sum(r.hours)
 FROM records r JOIN org o ON o.id = r.org_id WHERE o.path >= '/1/' AND o.path < '/10'
 AND r.day >= '$year_from' AND r.day <= '$year_to' AND r.deleted = 0
 AND (r.kind <> 'publicity' OR r.state = 'approved') GROUP BY r.kind, substr(r.day, 1, 7);"
printf '.timer on\n%s\n%s\n%s\n' "$group_by" "$group_by" "$group_by" | sqlite3 "$db" | grep 'Run Time' >"$tmp/gb.txt"
say "sqlite: plain GROUP BY over the year's records (sqlite3, 3 runs): $(awk '{printf "%s s ", $4}' "$tmp/gb.txt")"

start_servers "$db" 1
run_phases "$db" "sqlite, 1 process" "$unit"
mixed_phase "sqlite, 1 process"
say "sqlite, 1 process: peak RSS $(peak_rss)"
# Where it is now (bench/smaps.pl): the file-backed part, the malloc arenas, the rest.
for p in $pids; do
	say "sqlite, 1 process: resident by kind: $(perl bench/smaps.pl "/proc/$p/smaps" | sed 's/^ *//; s/  */ /g' | paste -sd ';' -)"
done
stop_servers
nomemo_phases "$db" "sqlite, 1 process" 1

"$bin" init --db "$tmp/commits.db" --demo >/dev/null
cp "$tmp/commits.db" "$dir/commits.db" 2>/dev/null && rm -f "$dir/commits.db-wal" "$dir/commits.db-shm"
say "sqlite: $("$commits" "$dir/commits.db" "$secs")"
rm -f "$dir/commits.db" "$dir/commits.db-wal" "$dir/commits.db-shm"

# PostgreSQL
if [ -n "$pg_admin" ]; then
	name="xg_bench_${units}_${records}_$seed"
	if ! pg_scratch "$pg_admin" "$name"; then
		"$bin" demo generate --db "$pgdb" --units "$units" --records "$records" --seed "$seed" | tee "$dir/generate-pg.txt"
		psql "$pgdb" -qc "VACUUM ANALYZE" 2>/dev/null
	fi
	"$bin" init --db "$pgdb" >/dev/null
	[ -f "$dir/generate-pg.txt" ] && say "pg: $(cat "$dir/generate-pg.txt")"
	say "pg: database $(psql "$pgdb" -Atqc "SELECT pg_database_size(current_database()) / 1048576") MiB"
	bench_account "$pgdb"
	unit=$(psql "$pgdb" -Atqc "SELECT id FROM org WHERE depth = 3 ORDER BY id LIMIT 1")
	printf '\\timing on\n%s\n%s\n%s\n' "$group_by" "$group_by" "$group_by" | psql "$pgdb" -q 2>&1 |
		grep '^Time' >"$tmp/gbpg.txt" || true
	say "pg: plain GROUP BY over the year's records (psql, 3 runs): $(awk '{printf "%s ms ", $2}' "$tmp/gbpg.txt")"
	for n in 1 4; do
		start_servers "$pgdb" $n
		run_phases "$pgdb" "pg, $n process(es)" "$unit"
		mixed_phase "pg, $n process(es)"
		say "pg, $n process(es): peak RSS $(peak_rss)"
		stop_servers
	done
	nomemo_phases "$pgdb" "pg, 4 process(es)" 4
	# The root's counters are hot rows: every write adds to them. With one slot instead of 8, every
	# writer waits for the one before to commit.
	slots1=${XG_SLOTS1_BIN:-build/bench/xuanguan-slots1}
	if [ -x "$slots1" ]; then
		keep=$bin
		bin=$slots1
		start_servers "$pgdb" 1
		run_phases "$pgdb" "pg, 1 process, 1 slot (instead of 8)" "$unit" writes
		stop_servers
		bin=$keep
		start_servers "$pgdb" 1
		run_phases "$pgdb" "pg, 1 process, 8 slots (again, beside it)" "$unit" writes
		stop_servers
	fi
fi
