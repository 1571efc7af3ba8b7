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
#  - GET /api/v1/tasks/overdue?org_id=1: the first page of the overdue list with its count, and the same
#    for the district with the most units (bench: district);
#  - GET /api/v1/tasks?limit=20, and with light=red: the list as the root sees it, and filtered by the
#    light it shows (every task read and lit, domain/task_view.c).
# BENCH_PG_NAME names another PostgreSQL database to measure (a copy kept at another schema, for A/B).
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
. bench/lib.sh
bench_begin "$dir/tasks.txt"
serve_now="${today}T10:00:00+08:00"

# Wait until the server has answered what a run of many clients left queued: wrk stops at its deadline,
# but the requests already sent are still served, and they would fall into the next run's figures (the
# root's overdue list after the 50-task matrix with 32 clients: p99 136 ms against p50 5 ms, 18:50Z).
# Settled: the server's CPU time stands still for 0.3 s and, on PostgreSQL, no other backend of its
# database is active.
settle() { # DB
	prev=
	while :; do
		now=$(awk '{print $14 + $15}' "/proc/${pids# }/stat")
		busy=0
		case $1 in postgresql*)
			busy=$(psql "$1" -Atqc "SELECT count(*) FROM pg_stat_activity WHERE datname =
				current_database() AND state = 'active' AND pid <> pg_backend_pid()") ;;
		esac
		[ "$now" = "$prev" ] && [ "$busy" = 0 ] && break
		prev=$now
		sleep 0.3
	done
}

# The root's child with the largest subtree (a district: 1,009 units in the generated 50,000), for its
# overdue list, which reads its own units' assignments.
district() { # DB
	q="SELECT o.id FROM org o WHERE o.parent_id = 1 ORDER BY (SELECT count(*) FROM org x WHERE
		x.path >= o.path AND x.path < substr(o.path, 1, length(o.path) - 1) || '0') DESC, o.id LIMIT 1"
	case $1 in
	postgresql*) psql "$1" -Atqc "$q" ;;
	*) sqlite3 "$1" "$q" ;;
	esac
}

measure() { # LABEL DB
	d=$(district "$2")
	for view in "/matrix?org_id=1&limit=20" "/matrix?org_id=1" "/overdue?org_id=1" "/overdue?org_id=$d" \
		"?limit=20" "?light=red&limit=20"; do
		url="http://127.0.0.1:$port/api/v1/tasks$view"
		curl -s -H "Authorization: Bearer $token" "$url" >"$tmp/view.json"
		what="GET /api/v1/tasks$view ($(wc -c <"$tmp/view.json") bytes)"
		wrk -t1 -c1 -d"${secs}s" --latency -s "$tmp/read.lua" "$url" >"$tmp/w1.txt"
		say "$1: $what, 1 client: $(figures "$tmp/w1.txt")"
		wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$tmp/read.lua" "$url" >"$tmp/wn.txt"
		say "$1: $what, $conns clients: $(figures "$tmp/wn.txt")"
		settle "$2"
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
"$bin" init --db "$db" >/dev/null # a kept database is brought to this build's schema
[ -f "$dir/generate-tasks-sqlite.txt" ] && say "sqlite: $(cat "$dir/generate-tasks-sqlite.txt")"
bench_account "$db"
say "sqlite: $(sqlite3 "$db" "SELECT count(*) FROM task_units") assignments, $(sqlite3 "$db" \
	"SELECT count(*) FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE tu.state <> 'done' AND t.due_date < '$today'") overdue on $today"
start_servers "$db" 1
measure sqlite "$db"
stop_servers

# PostgreSQL
if [ -n "$pg_admin" ]; then
	name=${BENCH_PG_NAME:-xg_bench_tasks_${units}_${records}_${ntasks}_$seed}
	if ! pg_scratch "$pg_admin" "$name"; then
		"$bin" demo generate --db "$pgdb" --units "$units" --records "$records" --tasks "$ntasks" \
			--seed "$seed" | tee "$dir/generate-tasks-pg.txt"
		psql "$pgdb" -qc "VACUUM ANALYZE" 2>/dev/null
	fi
	"$bin" init --db "$pgdb" >/dev/null
	[ -f "$dir/generate-tasks-pg.txt" ] && say "pg: $(cat "$dir/generate-tasks-pg.txt")"
	bench_account "$pgdb"
	start_servers "$pgdb" 1
	measure pg "$pgdb"
	stop_servers
fi
