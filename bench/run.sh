#!/bin/sh
# Benchmark: authenticated GET /api/v1/orgs/{id} requests per second under wrk, beside nginx serving a
# static file of the same size in the same run. Figures go to stdout and bench/out/api.txt.
# Loopback only; each wrk run is bounded by BENCH_SECONDS (default 10).
set -eu
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-32}
bin=${XG_BIN:-build/rel/xuanguan}
outdir=bench/out
mkdir -p "$outdir"
port=18181
nginx_port=18182
. bench/lib.sh
bench_begin
bench_cleanup_hook() {
	[ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
}

"$bin" init --db "$tmp/bench.db" --demo >/dev/null
token=$("$bin" user token --db "$tmp/bench.db" --username office --label bench)
start_servers "$tmp/bench.db" 1
url="http://127.0.0.1:$port/api/v1/orgs/24"
curl -sf -H "Authorization: Bearer $token" "$url" >"$tmp/body.json"
size=$(wc -c <"$tmp/body.json")

chmod 755 "$tmp"
mkdir -p "$tmp/www"
cp "$tmp/body.json" "$tmp/www/org.json"
chmod 755 "$tmp/www"; chmod 644 "$tmp/www/org.json"
cat >"$tmp/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log off;
	server {
		listen 127.0.0.1:$nginx_port;
		root $tmp/www;
	}
}
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp"
sleep 0.3

lua="$tmp/auth.lua"
printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token" >"$lua"
echo "== xuanguan: GET /api/v1/orgs/{id} with a Bearer token ($size bytes), $conns connections, ${secs}s"
wrk -t2 -c"$conns" -d"${secs}s" -s "$lua" --latency "$url" | tee "$tmp/api.txt"
echo "== nginx: static file of the same size"
wrk -t2 -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:$nginx_port/org.json" | tee "$tmp/nginx.txt"

# Many contact persons writing at once: every request changes a unit (one transaction with its audit
# row). Writers queue for the database's write lock, so the tail of the latency is the figure to read.
cat >"$tmp/write.lua" <<LUA
wrk.method = "PATCH"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
	n = n + 1
	local id = 2 + (n * 7919) % 250
	return wrk.format(nil, "/api/v1/orgs/" .. id, nil, '{"members":' .. (n % 5000) .. '}')
end
LUA
echo "== xuanguan: PATCH /api/v1/orgs/{id} (a write and its audit row), $conns connections, ${secs}s"
wrk -t2 -c"$conns" -d"${secs}s" -s "$tmp/write.lua" --latency "http://127.0.0.1:$port" | tee "$tmp/write.txt"

api_rps=$(wrk_figure rps "$tmp/api.txt")
write_rps=$(wrk_figure rps "$tmp/write.txt")
write_p50=$(wrk_figure p50 "$tmp/write.txt")
write_p99=$(wrk_figure p99 "$tmp/write.txt")
write_max=$(wrk_figure max "$tmp/write.txt")
write_err=$(wrk_figure non2xx "$tmp/write.txt")
nginx_rps=$(wrk_figure rps "$tmp/nginx.txt")
{
	echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
	echo "body: $size bytes; wrk -t2 -c$conns -d${secs}s"
	echo "xuanguan GET /api/v1/orgs/{id} (SQLite, Bearer): $api_rps req/s"
	echo "nginx static file of the same size:            $nginx_rps req/s"
	echo "xuanguan PATCH /api/v1/orgs/{id} (SQLite):      $write_rps req/s; latency p50 $write_p50, p99 $write_p99, max $write_max; non-2xx: $write_err"
} | tee "$outdir/api.txt"
