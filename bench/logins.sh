#!/bin/sh
# Peak memory of the server under concurrent logins: N logins at once (default 50), each from its own loopback
# address (so no lock-out key refuses them) with a name that does not exist (the dummy Argon2id hash still runs),
# against `xuanguan serve --threads T --hash-slots S`. Prints the server's peak RSS (VmHWM) before and after.
# Usage: sh bench/logins.sh [SLOTS]   Environment: XG_BIN (default build/rel/xuanguan), BENCH_LOGINS (50),
# BENCH_THREADS (16), BENCH_PORT (18089). Linux only (/proc); needs curl.
set -eu
cd "$(dirname "$0")/.."
bin=${XG_BIN:-build/rel/xuanguan}
n=${BENCH_LOGINS:-50}
threads=${BENCH_THREADS:-16}
port=${BENCH_PORT:-18089}
slots=${1:-}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT INT TERM
"$bin" init --db "$dir/b.db" --demo >/dev/null
if [ -n "$slots" ]; then
	"$bin" serve --db "$dir/b.db" --listen "127.0.0.1:$port" --threads "$threads" --hash-slots "$slots" \
		>"$dir/log" 2>&1 &
else
	"$bin" serve --db "$dir/b.db" --listen "127.0.0.1:$port" --threads "$threads" >"$dir/log" 2>&1 &
fi
pid=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/login"; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || { echo "server did not start" >&2; cat "$dir/log" >&2; exit 1; }
	sleep 0.1
done
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$pid/status"; }
before=$(hwm)
start=$(date +%s.%N)
seq 1 "$n" | xargs -P "$n" -I{} sh -c \
	'curl -s -o /dev/null -w "%{http_code}\n" --interface 127.0.3.{} -H "Content-Type: application/json" \
	 -d "{\"username\":\"bench{}\",\"password\":\"Wrong#Pass2026\"}" http://127.0.0.1:'"$port"'/api/v1/login' \
	>"$dir/codes"
end=$(date +%s.%N)
after=$(hwm)
echo "logins=$n threads=$threads hash-slots=${slots:-default} bin=$bin"
echo "answers: $(sort "$dir/codes" | uniq -c | awk '{printf "%s x %s  ", $1, $2}')"
echo "peak RSS before: $((before / 1024)) MiB, after: $((after / 1024)) MiB; wall $(echo "$end - $start" | bc) s"
