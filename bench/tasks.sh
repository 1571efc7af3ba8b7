#!/bin/sh
# Benchmark of the task views at scale: a generated organisation of BENCH_UNITS units (50,000) with
# BENCH_RECORDS records (5,000,000) and BENCH_TASKS tasks (300) of one campaign, assigned by the root to
# its children and to about one unit in 16 below them (about a million assignments), in a database of
# its own (generated once into BENCH_DIR and reused; on PostgreSQL a scratch database
# xg_bench_tasks_U_R_T_S), so the databases of bench/scale.sh keep their schema. The clock is set to
# BENCH_TODAY (2025-06-30: about half the tasks past due, a few within the warning days).
# Measured with wrk, BENCH_SECONDS each, 1 and BENCH_CONNECTIONS (32) clients, for the root:
#  - GET /api/v1/tasks/matrix?org_id=1: the tasks × the root's children, 20 tasks (a page as the
#    task page shows it) and the API's default 50;
#  - GET /api/v1/tasks/overdue?org_id=1: the first page of the overdue list with its count.
# Figures go to stdout and BENCH_DIR/tasks.txt.
set -eu
cd "$(dirname "$0")/.."
bin=${XG_BIN:-build/rel/xuanguan}
dir=${BENCH_DIR:-bench/out}
units=${BENCH_UNITS:-50000}
records=${BENCH_RECORDS:-5000000}
ntasks=${BENCH_TASKS:-300}
seed=${BENCH_SEED:-1}
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-32}
today=${BENCH_TODAY:-2025-06-30}
pg_admin=${BENCH_PG-${XUANGUAN_TEST_PG:-}}
port=18192
mkdir -p "$dir"
tmp=$(mktemp -d)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
out="$dir/tasks.txt"
: >"$out"
say() { echo "$*" | tee -a "$out"; }

# wrk's p50, p99 and req/s from its --latency output.
figures() {
	printf 'p50 %s, p99 %s, %s req/s, non-2xx %s' \
		"$(awk '$1 == "50%" {print $2}' "$1")" "$(awk '$1 == "99%" {print $2}' "$1")" \
		"$(awk '/Requests\/sec/ {print $2}' "$1")" "$(awk '/Non-2xx/ {print $4}' "$1" | grep . || echo 0)"
}

start_server() { # DB
	XUANGUAN_NOW="${today}T10:00:00+08:00" "$bin" serve --db "$1" --listen 127.0.0.1:$port \
		--threads 4 2>>"$tmp/serve.log" &
	pids=$!
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$port/login"; do
		i=$((i + 1)); [ $i -lt 100 ] || { cat "$tmp/serve.log"; exit 1; }; sleep 0.1
	done
}

stop_server() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	pids=
}

prepare() { # DB
	# An account made by an earlier run stays; adding it again is refused, and that is fine.
	printf 'Yaice@2026-scale\n' | "$bin" user add --db "$1" --username bench --role staff --org SKX \
		--name 压测 >/dev/null 2>&1 || true
	token=$("$bin" user token --db "$1" --username bench --label bench)
	cat >"$tmp/read.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
}

measure() { # LABEL
	for view in "matrix?org_id=1&limit=20" "matrix?org_id=1" "overdue?org_id=1"; do
		url="http://127.0.0.1:$port/api/v1/tasks/$view"
		curl -sf -H "Authorization: Bearer $token" "$url" >"$tmp/view.json"
		what="GET /api/v1/tasks/$view ($(wc -c <"$tmp/view.json") bytes)"
		wrk -t1 -c1 -d"${secs}s" --latency -s "$tmp/read.lua" "$url" >"$tmp/w1.txt"
		say "$1: $what, 1 client: $(figures "$tmp/w1.txt"); load $(cut -d' ' -f1-3 /proc/loadavg)"
		wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$tmp/read.lua" "$url" >"$tmp/wn.txt"
		say "$1: $what, $conns clients: $(figures "$tmp/wn.txt"); load $(cut -d' ' -f1-3 /proc/loadavg)"
	done
}

say "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
say "data: $units units, $records records, $ntasks tasks, seed $seed; today $today; wrk -d${secs}s"

# SQLite
db="$dir/tasks-$units-$records-$ntasks-$seed.db"
if [ ! -f "$db" ]; then
	"$bin" demo generate --db "$db" --units "$units" --records "$records" --tasks "$ntasks" \
		--seed "$seed" | tee "$dir/generate-tasks-sqlite.txt"
	sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
fi
[ -f "$dir/generate-tasks-sqlite.txt" ] && say "sqlite: $(cat "$dir/generate-tasks-sqlite.txt")"
prepare "$db"
say "sqlite: $(sqlite3 "$db" "SELECT count(*) FROM task_units") assignments, $(sqlite3 "$db" \
	"SELECT count(*) FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE tu.state <> 'done' AND t.due_date < '$today'") overdue on $today"
start_server "$db"
measure sqlite
stop_server

# PostgreSQL
if [ -n "$pg_admin" ]; then
	name="xg_bench_tasks_${units}_${records}_${ntasks}_$seed"
	pgdb=$(printf '%s' "$pg_admin" | sed "s|/[^/]*\$|/$name|")
	if ! psql "$pg_admin" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
		psql "$pg_admin" -qc "CREATE DATABASE $name"
	fi
	if [ "$(psql "$pgdb" -Atqc "SELECT to_regclass('org') IS NOT NULL AND EXISTS (SELECT 1 FROM org)" 2>/dev/null)" != t ]; then
		"$bin" demo generate --db "$pgdb" --units "$units" --records "$records" --tasks "$ntasks" \
			--seed "$seed" | tee "$dir/generate-tasks-pg.txt"
		psql "$pgdb" -qc "VACUUM ANALYZE" 2>/dev/null
	fi
	[ -f "$dir/generate-tasks-pg.txt" ] && say "pg: $(cat "$dir/generate-tasks-pg.txt")"
	prepare "$pgdb"
	start_server "$pgdb"
	measure pg
	stop_server
fi
