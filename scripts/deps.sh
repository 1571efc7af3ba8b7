#!/bin/sh
# Install what xuanguan needs to build, run and test, only when missing.
# Debian packages need root (apt-get); without root the script names what to install and stops.
set -eu
cd "$(dirname "$0")/.."

PKGS="build-essential pkg-config clang libclang-rt-14-dev
libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev libsodium-dev libzip-dev libxml2-dev libxlsxwriter-dev
libpoppler-glib-dev poppler-data libcmocka-dev sqlite3 postgresql postgresql-client nodejs npm chromium fonts-noto-cjk wrk nginx-light"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	# node and npm may come from elsewhere (nodesource, nvm); do not fight them.
	if command -v node >/dev/null 2>&1; then
		missing=$(echo "$missing" | tr ' ' '\n' | grep -v -x -e nodejs -e npm | tr '\n' ' ')
	fi
fi
if [ -n "$(echo "$missing" | tr -d ' ')" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "xuanguan: missing Debian packages:$missing" >&2
		echo "xuanguan: install them as root: apt-get install -y$missing" >&2
		exit 1
	fi
	echo "xuanguan: installing Debian packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || true
	# shellcheck disable=SC2086
	apt-get install -y -qq $missing >/dev/null
fi

# npm packages, pinned by package-lock.json; only when the lockfile changed since the last install.
if [ -f package-lock.json ]; then
	if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
		npm ci --no-audit --no-fund --loglevel=error
	fi
fi
