#!/bin/sh
# CPU time per request, for A/B comparisons on a loaded machine, where wrk's percentiles are noise: the
# server's user + system time (on PostgreSQL plus that of its backends on the database) over N requests
# sent one after another (after 3 to warm up), and the median wall time of a request.
# Usage: sh bench/cpu.sh BIN DB N VIEW...   (VIEW: a path under /api/v1/, e.g. "tasks/matrix?org_id=1")
# The clock is BENCH_TODAY (2025-06-30), as in bench/tasks.sh; the account is bench/lib.sh's.
# PostgreSQL backends are found through XUANGUAN_TEST_PG (an admin URL).
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 4 ] || { echo "usage: sh bench/cpu.sh BIN DB N VIEW..." >&2; exit 2; }
port=18304
. bench/lib.sh
mkdir -p bench/out
bench_begin bench/out/cpu.txt
serve_now="${BENCH_TODAY:-2025-06-30}T10:00:00+08:00"
bin=$1
db=$2
n=$3
shift 3
bench_account "$db"
start_servers "$db" 1
tck=$(getconf CLK_TCK)
# Ticks of the server and, on PostgreSQL, of the backends serving it.
ticks() {
	cat /proc/${pids# }/stat $(for p in $backends; do echo /proc/$p/stat; done) 2>/dev/null |
		awk '{s += $14 + $15} END {print s}'
}
for v in "$@"; do
	url="http://127.0.0.1:$port/api/v1/$v"
	for i in 1 2 3; do curl -s -o /dev/null -H "Authorization: Bearer $token" "$url"; done
	backends=
	case $db in postgresql*)
		backends=$(psql "$XUANGUAN_TEST_PG" -Atc \
			"SELECT pid FROM pg_stat_activity WHERE datname = '${db##*/}'" | tr '\n' ' ') ;;
	esac
	c0=$(ticks)
	: >"$tmp/t"
	i=0
	while [ $i -lt "$n" ]; do
		curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$url" >>"$tmp/t"
		i=$((i + 1))
	done
	c1=$(ticks)
	say "$v: cpu $(awk -v a="$c0" -v b="$c1" -v t="$tck" -v n="$n" 'BEGIN {printf "%.1f", (b - a) * 1000 / t / n}') ms/request, wall median $(sort -n "$tmp/t" | awk '{a[NR] = $1} END {printf "%.1f", a[int((NR + 1) / 2)] * 1000}') ms, load $(cut -d' ' -f1 /proc/loadavg)"
done
