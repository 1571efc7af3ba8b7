#!/bin/sh
# Make a PostgreSQL server available for the tests and print an admin URL (a role that may CREATE DATABASE).
# Uses XUANGUAN_TEST_PG when set. Otherwise, as root on Debian, starts the packaged cluster and creates
# the role xg_test. Prints nothing and exits 1 when no PostgreSQL can be had (the caller says so).
set -eu
if [ -n "${XUANGUAN_TEST_PG:-}" ]; then
	echo "$XUANGUAN_TEST_PG"
	exit 0
fi
command -v pg_lsclusters >/dev/null 2>&1 || exit 1
[ "$(id -u)" -eq 0 ] || exit 1
cluster=$(pg_lsclusters -h 2>/dev/null | head -n 1)
[ -n "$cluster" ] || exit 1
ver=$(echo "$cluster" | awk '{print $1}')
name=$(echo "$cluster" | awk '{print $2}')
port=$(echo "$cluster" | awk '{print $3}')
status=$(echo "$cluster" | awk '{print $4}')
if [ "$status" != "online" ]; then
	pg_ctlcluster "$ver" "$name" start >&2
fi
i=0
until runuser -u postgres -- psql -p "$port" -Atqc 'SELECT 1' >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 30 ] || exit 1
	sleep 1
done
runuser -u postgres -- psql -p "$port" -Atq >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'xg_test') THEN
    CREATE ROLE xg_test LOGIN CREATEDB PASSWORD 'xg_test';
  END IF;
END $$;
SQL
echo "postgresql://xg_test:xg_test@127.0.0.1:$port/postgres"
