#!/bin/sh
# Directive reader tests, black box: every fixture against the facts a person wrote down for it
# (NAME.facts, never rewritten by a script) and against its snapshot (NAME.expected.json),
# nothing of the text lost, must-fail inputs, and a short libFuzzer run. Ends with
# "N passed, N failed". XUANGUAN names the binary (default build/san/xuanguan); FUZZ_SECONDS
# the fuzz time (30). UPDATE=1 writes each changed snapshot as NAME.expected.json.new and shows
# the diff; UPDATE=1 CONFIRM=1 then replaces the snapshots (the facts files never change).
set -u
cd "$(dirname "$0")/../.."
BIN=${XUANGUAN:-build/san/xuanguan}
FIX=tests/directive/fixtures
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

if [ ! -x "$BIN" ]; then
	echo "run.sh: no binary at $BIN (make build/san/xuanguan)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

for f in "$FIX"/*.txt "$FIX"/*.docx "$FIX"/*.pdf; do
	[ -e "$f" ] || continue
	name=${f%.*}
	out="$TMP/out.json"
	if ! "$BIN" directive parse "$f" >"$out" 2>"$TMP/err"; then
		ko "$f: exit status $? ($(head -c 200 "$TMP/err"))"
		continue
	fi
	if [ ! -f "$name.facts" ]; then
		ko "$f: no $name.facts (write down what a clerk would check)"
	elif python3 tests/directive/facts.py check "$name.facts" "$out"; then
		ok
	else
		ko "$f: facts in $name.facts not met"
	fi
	if [ "${UPDATE:-0}" = 1 ]; then
		python3 -m json.tool --no-ensure-ascii "$out" >"$name.expected.json.new"
		if cmp -s "$name.expected.json.new" "$name.expected.json"; then
			rm -f "$name.expected.json.new"
		elif [ "${CONFIRM:-0}" = 1 ]; then
			diff -u "$name.expected.json" "$name.expected.json.new" | head -n 40
			mv "$name.expected.json.new" "$name.expected.json"
			echo "updated $name.expected.json"
		else
			diff -u "$name.expected.json" "$name.expected.json.new" | head -n 40
			echo "review $name.expected.json.new; UPDATE=1 CONFIRM=1 replaces the snapshot"
		fi
	fi
	if [ ! -f "$name.expected.json" ]; then
		ko "$f: no $name.expected.json"
	elif python3 tests/directive/jsoncmp.py "$name.expected.json" "$out"; then
		ok
	else
		ko "$f: output differs from $name.expected.json"
	fi
	if python3 tests/directive/lost.py "$f" "$out"; then ok; else ko "$f: text lost or duplicated"; fi
done

# Must-fail inputs: a clear message on stderr, exit status 1 (2 for usage), never a crash.
expect_fail() { # status pattern description file...
	want=$1 pattern=$2 what=$3
	shift 3
	"$BIN" directive "$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		ko "$what: exit status $got, want $want"
	elif ! grep -q -- "$pattern" "$TMP/err"; then
		ko "$what: stderr lacks '$pattern': $(head -c 200 "$TMP/err")"
	elif [ -s "$TMP/out" ]; then
		ko "$what: printed output on failure"
	else
		ok
	fi
}
printf '通知\n第二行\377\376坏字节\n' >"$TMP/bad.txt"
expect_fail 1 "invalid UTF-8 at byte 16 (line 2, column 4)" "invalid UTF-8" parse "$TMP/bad.txt"
printf '\345\205\263\344\272' >"$TMP/cut.txt"
expect_fail 1 "invalid UTF-8 at byte 3" "truncated UTF-8" parse "$TMP/cut.txt"
printf 'ab\000cd' >"$TMP/bin.txt"
expect_fail 1 "binary data" "binary file" parse "$TMP/bin.txt"
: >"$TMP/empty.txt"
expect_fail 1 "empty input" "empty file" parse "$TMP/empty.txt"
printf 'hello, world\n' >"$TMP/latin.txt"
expect_fail 1 "no Chinese text" "not a document" parse "$TMP/latin.txt"
printf 'PK\003\004 not really a zip' >"$TMP/fake.docx"
expect_fail 1 "not a .docx" "broken docx" parse "$TMP/fake.docx"
expect_fail 1 "cannot open: No such file or directory" "missing file" parse "$TMP/none.txt"
mkdir -p "$TMP/adir"
expect_fail 1 "is a directory, not a file" "a directory" parse "$TMP/adir"
# A wall of bare heading markers: refused by count, with the limit named, not read at 300×.
python3 -c 'import sys; sys.stdout.write("关于测试的通知\n" + "一、\n（一）\n1.\n（1）\n" * 60000)' >"$TMP/nest.txt"
expect_fail 1 "more than 200000 numbered headings" "too many headings" parse "$TMP/nest.txt"
printf '%%PDF-1.4 not really a PDF' >"$TMP/bad.pdf"
expect_fail 1 "not a readable PDF" "broken PDF" parse "$TMP/bad.pdf"
# PDFs are read by the helper program beside the binary (xuanguan-pdftext), in its own process.
python3 tests/directive/pdfmake.py damaged >"$TMP/damaged.pdf"
expect_fail 1 "not a readable PDF (damaged)" "damaged PDF" parse "$TMP/damaged.pdf"
python3 tests/directive/pdfmake.py encrypted >"$TMP/locked.pdf"
expect_fail 1 "not a readable PDF (protected by a password)" "encrypted PDF" parse "$TMP/locked.pdf"
python3 tests/directive/pdfmake.py bomb >"$TMP/bomb.pdf"
export XUANGUAN_PDFTEXT_SECONDS=1
# Stopped by whichever limit comes first: the server's clock (1 s of wall time) or the helper's own
# RLIMIT_CPU (1 s of CPU): on a machine where the helper gets a whole core they race.
expect_fail 1 "took more than 1 s on this file: stopped\|passed its limit of 1 s of CPU time" "PDF bomb" \
	parse "$TMP/bomb.pdf"
unset XUANGUAN_PDFTEXT_SECONDS
export XUANGUAN_PDFTEXT="$TMP/nobin/xuanguan-pdftext"
expect_fail 1 "cannot start the PDF reader" "helper named but missing" parse "$FIX/guoban_pdf.pdf"
unset XUANGUAN_PDFTEXT
# Copied away from its helper, the binary says what is missing.
cp "$BIN" "$TMP/lone-xuanguan"
"$TMP/lone-xuanguan" directive parse "$FIX/guoban_pdf.pdf" >"$TMP/out" 2>"$TMP/err"
if [ $? -eq 1 ] && grep -q "xuanguan-pdftext is not installed" "$TMP/err" && [ ! -s "$TMP/out" ]; then
	ok
else
	ko "helper missing: $(head -c 200 "$TMP/err")"
fi
# The helper on its own: it sets its limits before it reads, and refuses what it does not know.
HELPER=$(dirname "$BIN")/xuanguan-pdftext
if "$HELPER" --memory-mib 8 <"$FIX/guoban_pdf.pdf" >"$TMP/out" 2>/dev/null || [ -s "$TMP/out" ]; then
	ko "the helper read a PDF in 8 MiB of address space: its memory limit is not set"
else
	ok
fi
timeout 120 "$HELPER" --cpu-seconds 1 <"$TMP/bomb.pdf" >/dev/null 2>&1
got=$?
if [ "$got" -eq $((128 + 24)) ] || [ "$got" -eq $((128 + 9)) ]; then ok; else ko "the bomb under --cpu-seconds 1: status $got, want SIGXCPU"; fi
"$HELPER" --cpu-seconds 0 <"$FIX/guoban_pdf.pdf" >/dev/null 2>"$TMP/err"
if [ $? -eq 1 ] && grep -q usage "$TMP/err"; then ok; else ko "helper: a bad limit is not a usage error"; fi
"$HELPER" <"$FIX/banjiao.txt" >/dev/null 2>&1
if [ $? -eq 2 ]; then ok; else ko "helper: a text file is not 'not a PDF' (exit 2)"; fi
# The binary itself carries no PDF library: poppler is the helper's alone.
if ldd "$BIN" | grep -q -e poppler -e libglib; then ko "$BIN links poppler or GLib"; else ok; fi
printf '\320\317\021\340\241\261\032\341 an OLE2 header' >"$TMP/old.doc"
mkdir -p "$TMP/nobin"
env PATH="$TMP/nobin" "$BIN" directive parse "$TMP/old.doc" >"$TMP/out" 2>"$TMP/err"
if [ $? -eq 1 ] && grep -q "soffice) is not installed" "$TMP/err" && grep -q "save it as .docx" "$TMP/err" &&
	[ ! -s "$TMP/out" ]; then
	ok
else
	ko ".doc without soffice: $(head -c 200 "$TMP/err")"
fi

# A .doc goes through soffice when it is on PATH: a stand-in that "converts" to a known .docx.
mkdir -p "$TMP/fakebin"
cat >"$TMP/fakebin/soffice" <<EOF
#!/bin/sh
# stand-in for LibreOffice: checks the private profile and the time-limited call, writes a .docx
case "\$1" in -env:UserInstallation=file://*) ;; *) exit 3 ;; esac
while [ \$# -gt 1 ]; do [ "\$1" = --outdir ] && out=\$2; shift; done
cp "$PWD/$FIX/numbered_docx.docx" "\$out/in.docx"
EOF
chmod +x "$TMP/fakebin/soffice"
if PATH="$TMP/fakebin:$PATH" "$BIN" directive parse "$TMP/old.doc" >"$TMP/doc.json" 2>"$TMP/err" &&
	python3 tests/directive/facts.py check "$FIX/numbered_docx.facts" "$TMP/doc.json"; then
	ok
else
	ko ".doc through soffice: $(head -c 200 "$TMP/err")"
fi

# The same document in GB18030 and UTF-16 (with and without its mark) reads the same.
for enc in GB18030 UTF-16 UTF-16LE UTF-16BE; do
	iconv -f UTF-8 -t "$enc" "$FIX/banjiao.txt" >"$TMP/enc.txt"
	if "$BIN" directive parse "$TMP/enc.txt" >"$TMP/enc.json" 2>"$TMP/err" &&
		python3 tests/directive/facts.py check "$FIX/banjiao.facts" "$TMP/enc.json" &&
		grep -q "已转换为 UTF-8" "$TMP/enc.json"; then
		ok
	else
		ko "banjiao.txt in $enc: $(head -c 200 "$TMP/err")"
	fi
done
expect_fail 2 "usage" "no file" parse
expect_fail 2 "unknown option" "bad option" parse --nope "$FIX/banjiao.txt"
expect_fail 2 "unknown subcommand" "bad subcommand" frobnicate
if "$BIN" directive --help | grep -q "directive parse FILE"; then ok; else ko "directive --help"; fi
if "$BIN" directive parse --help | grep -q -- "--db"; then ok; else ko "directive parse --help"; fi
if "$BIN" directive parse - <"$FIX/banjiao.txt" | python3 tests/directive/jsoncmp.py "$FIX/banjiao.expected.json" /dev/stdin; then
	ok
else
	ko "parse - (standard input)"
fi

# --db: subjects resolved against the demo organisation in a fresh SQLite database.
if "$BIN" init --db "$TMP/demo.db" --demo >/dev/null 2>&1; then
	if "$BIN" directive parse "$FIX/shishi_yijian.txt" --db "$TMP/demo.db" >"$TMP/units.json" &&
		python3 - "$TMP/units.json" <<'PY'; then
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
tasks = {t["path"]: t for t in d["tasks"]}
assert all("units" in t for t in d["tasks"])
assert len(tasks["三/（三）"]["units"]) > 1  # 各区县科协, 各市级学会: collective names
assert len(tasks["五/（一）"]["units"]) > 1  # 各级科协党组织: every party organisation
PY
		ok
	else
		ko "--db: subjects not resolved to units"
	fi
else
	ko "--db: cannot create a demo database"
fi
expect_fail 1 "xuanguan" "--db on a database without the schema" parse "$FIX/banjiao.txt" --db "$TMP/empty.db"

# A short fuzz run over the parser and over the input decoders, seeded with the fixtures
# (needs clang's libFuzzer).
if [ "${FUZZ_SECONDS:-30}" -gt 0 ] && command -v clang >/dev/null 2>&1; then
	for target in fuzz_directive fuzz_directive_input; do
		if make -s "build/fuzz/$target" >"$TMP/fuzzbuild" 2>&1; then
			mkdir -p "build/fuzz/corpus-$target"
			if "build/fuzz/$target" -max_total_time="${FUZZ_SECONDS:-30}" -max_len=65536 \
				-print_final_stats=0 "build/fuzz/corpus-$target" "$FIX" >"$TMP/fuzz" 2>&1; then
				ok
			else
				ko "$target: $(grep -m1 -E 'ERROR|SUMMARY' "$TMP/fuzz")"
				tail -n 30 "$TMP/fuzz"
			fi
		else
			ko "$target: cannot build build/fuzz/$target"
			tail -n 20 "$TMP/fuzzbuild"
		fi
	done
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
