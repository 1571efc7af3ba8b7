#!/bin/sh
# mutate: plant the small bugs listed in tests/mutations.txt one at a time and check that the tests named for
# each one catch it. Works on a copy of the tree (build/mutate/tree), never on the sources themselves.
# Usage: sh scripts/mutate.sh [N...]   (default: every mutation; N is its number in the list, from 1)
# Environment: MUTATIONS (the list, default tests/mutations.txt), MUTATE_BASELINE=0 (skip the check that
# the named tests pass on the unmutated tree), XG_MUTATE_BACKENDS (backends for API and unit tests, default
# sqlite: unit tests then run their SQLite half only; "sqlite pg" runs both and needs XUANGUAN_TEST_PG).
# Prints KILLED, SURVIVED, NOT APPLIED (the original text is not found exactly once: the list has gone
# stale) or BROKEN (the mutant does not build) per mutation; exits 0 only when every one was killed.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
LIST=${MUTATIONS:-tests/mutations.txt}
M=$ROOT/build/mutate
T=$M/tree
LOGS=$M/log
BACKENDS=${XG_MUTATE_BACKENDS:-sqlite}

if [ ! -f "$LIST" ]; then
	echo "mutate: no list at $LIST" >&2
	exit 2
fi
for tool in python3 make timeout; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "mutate: $tool is required" >&2
		exit 2
	}
done

# --- the copy -----------------------------------------------------------------------------------------
# Sources are copied with their times kept, so the copy's build (seeded from build/rel and build/san)
# only recompiles what differs. A source once mutated is listed in $M/dirty: its objects (all of them,
# for a header) are deleted before the next run, since a fresh copy brings back the older time.
mkdir -p "$T" "$LOGS"
if [ -f "$M/dirty" ]; then
	while IFS= read -r f; do
		case $f in
		src/*.c)
			o=${f#src/}
			rm -f "$T/build/rel/${o%.c}.o" "$T/build/san/${o%.c}.o"
			;;
		*) rm -rf "$T/build" ;;
		esac
	done <"$M/dirty"
	rm -f "$M/dirty"
fi
rm -rf "$T/src" "$T/tests" "$T/web" "$T/mk" "$T/fuzz" "$T/scripts"
cp -a src tests web mk fuzz scripts Makefile "$T/" || exit 2
[ -f package.json ] && cp -a package.json "$T/"
[ -d node_modules ] && ln -sfn "$ROOT/node_modules" "$T/node_modules"
if [ ! -d "$T/build" ]; then
	mkdir -p "$T/build"
	for b in rel san; do
		[ -d "build/$b" ] && cp -a "build/$b" "$T/build/"
	done
fi

current=""
restore() {
	if [ -n "$current" ]; then
		cp "$ROOT/$current" "$T/$current" && touch "$T/$current"
		echo "$current" >>"$M/dirty"
		case $current in
		src/*.c)
			o=${current#src/}
			rm -f "$T/build/rel/${o%.c}.o" "$T/build/san/${o%.c}.o"
			;;
		esac
		current=""
	fi
}
trap 'restore' EXIT
trap 'restore; exit 130' INT TERM

# --- running the named tests in the copy ---------------------------------------------------------------
# A test line: "unit test_org [test_auth...]", "api scope [headers...]" (tests/api/NAME.test.mjs),
# "directive" (fixtures and must-fail inputs, no fuzzing) or "browser NAME..." (tests/browser/NAME.test.mjs).
build_for() { # test line; builds what it needs in the copy
	set -- $1
	kind=$1
	shift
	case $kind in
	unit)
		targets=""
		for n in "$@"; do targets="$targets build/san/tests/$n"; done
		# shellcheck disable=SC2086
		make -C "$T" -s -j2 $targets
		;;
	api | directive | browser) make -C "$T" -s -j2 build/rel/xuanguan ;;
	*)
		echo "mutate: unknown test kind '$kind'" >&2
		return 2
		;;
	esac
}

run_tests() { # test line; 0 when the tests pass
	set -- $1
	kind=$1
	shift
	case $kind in
	unit)
		for n in "$@"; do
			case " $BACKENDS " in
			*" pg "*) (cd "$T" && ASAN_OPTIONS=detect_leaks=0 timeout 900 "build/san/tests/$n") || return 1 ;;
			*) (cd "$T" && ASAN_OPTIONS=detect_leaks=0 XUANGUAN_TEST_PG= XG_ALLOW_NO_PG=1 \
				timeout 900 "build/san/tests/$n") || return 1 ;;
			esac
		done
		;;
	api)
		files=""
		for n in "$@"; do files="$files tests/api/$n.test.mjs"; done
		# shellcheck disable=SC2086
		(cd "$T" && XG_BIN=build/rel/xuanguan XG_REL_BIN=build/rel/xuanguan XG_BACKENDS="$BACKENDS" \
			timeout 900 sh tests/api/run.sh $files) || return 1
		;;
	directive)
		(cd "$T" && XUANGUAN=build/rel/xuanguan FUZZ_SECONDS=0 timeout 900 sh tests/directive/run.sh) ||
			return 1
		;;
	browser)
		files=""
		for n in "$@"; do files="$files tests/browser/$n.test.mjs"; done
		# shellcheck disable=SC2086
		(cd "$T" && XG_REL_BIN=build/rel/xuanguan timeout 900 sh tests/browser/run.sh $files) || return 1
		;;
	esac
	return 0
}

# --- reading the list ----------------------------------------------------------------------------------
# Blocks separated by blank lines; lines "file:", "from:", "to:", "test:" (one or more), "why:".
# from/to are exact text (after "from: "), matched anywhere in the file; from must occur exactly once.
# In from/to, \n stands for a newline, \t for a tab and \\ for a backslash.
# Lines starting with # are comments.
parse() { # writes $M/list.tsv-like files: one directory per mutation under $M/m/N
	rm -rf "$M/m"
	mkdir -p "$M/m"
	n=0
	inblock=0
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		'#'*) continue ;;
		'')
			inblock=0
			continue
			;;
		esac
		if [ "$inblock" = 0 ]; then
			n=$((n + 1))
			mkdir -p "$M/m/$n"
			: >"$M/m/$n/test"
			inblock=1
		fi
		key=${line%%:*}
		val=${line#*:}
		val=${val# }
		case $key in
		file | from | to | why) printf '%s' "$val" >"$M/m/$n/$key" ;;
		test) printf '%s\n' "$val" >>"$M/m/$n/test" ;;
		*)
			echo "mutate: $LIST: unknown key '$key' in mutation $n" >&2
			return 2
			;;
		esac
	done <"$LIST"
	echo "$n" >"$M/m/count"
}

parse || exit 2
count=$(cat "$M/m/count")
for i in $(seq 1 "$count"); do
	for k in file from to why; do
		if [ ! -f "$M/m/$i/$k" ]; then
			echo "mutate: $LIST: mutation $i has no '$k:'" >&2
			exit 2
		fi
	done
	if [ ! -s "$M/m/$i/test" ]; then
		echo "mutate: $LIST: mutation $i names no test" >&2
		exit 2
	fi
done

selected=${*:-$(seq 1 "$count")}

# The named tests must pass on the unmutated tree, or a "kill" proves nothing.
if [ "${MUTATE_BASELINE:-1}" != 0 ]; then
	for i in $selected; do cat "$M/m/$i/test"; done | sort -u >"$M/baseline"
	echo "mutate: baseline — the named tests on the unmutated tree"
	while IFS= read -r t; do
		if ! build_for "$t" >"$LOGS/baseline.log" 2>&1 || ! run_tests "$t" >>"$LOGS/baseline.log" 2>&1 </dev/null; then
			echo "mutate: the unmutated tree fails '$t' (see $LOGS/baseline.log)" >&2
			exit 2
		fi
		echo "  ok: $t"
	done <"$M/baseline"
fi

killed=0
survived=0
stale=0
broken=0
for i in $selected; do
	d=$M/m/$i
	file=$(cat "$d/file")
	why=$(cat "$d/why")
	log=$LOGS/$i.log
	if [ ! -f "$T/$file" ]; then
		echo "NOT APPLIED  $i $file: no such file — $why"
		stale=$((stale + 1))
		continue
	fi
	current=$file
	if ! python3 - "$T/$file" "$d/from" "$d/to" >"$log" 2>&1 <<'PY'; then
import re, sys
path, frm, to = sys.argv[1:4]
unesc = lambda s: re.sub(r"\\([nt\\])", lambda m: {"n": "\n", "t": "\t", "\\": "\\"}[m.group(1)], s)
a = unesc(open(frm, encoding="utf-8").read())
b = unesc(open(to, encoding="utf-8").read())
s = open(path, encoding="utf-8").read()
n = s.count(a)
if a == "" or a == b or n != 1:
    print(f"the original text occurs {n} times (must be exactly once, and differ from the replacement)")
    sys.exit(1)
open(path, "w", encoding="utf-8").write(s.replace(a, b, 1))
PY
		restore
		echo "NOT APPLIED  $i $file: $(cat "$log") — $why"
		stale=$((stale + 1))
		continue
	fi
	result=SURVIVED
	while IFS= read -r t; do
		if ! build_for "$t" >>"$log" 2>&1; then
			result=BROKEN
			break
		fi
		if ! run_tests "$t" >>"$log" 2>&1 </dev/null; then
			result=KILLED
			break
		fi
	done <"$d/test"
	restore
	case $result in
	KILLED) killed=$((killed + 1)) ;;
	SURVIVED) survived=$((survived + 1)) ;;
	BROKEN) broken=$((broken + 1)) ;;
	esac
	printf '%-12s %s %s (%s) — %s\n' "$result" "$i" "$file" "$(tr '\n' ';' <"$d/test" | sed 's/;$//')" "$why"
done

total=$((killed + survived + stale + broken))
echo
echo "mutate: $total mutations: $killed killed, $survived survived, $stale not applied, $broken broken (logs: build/mutate/log/)"
[ "$killed" -eq "$total" ]
