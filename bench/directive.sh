#!/bin/sh
# Directive reader throughput: parse a large document (built from the fixtures' bodies) and
# report MB/s, beside the time `wc -m` takes to read the same bytes in the same run.
# BENCH_MB sets the input size (default 50); XUANGUAN the binary (default build/rel/xuanguan).
set -eu
cd "$(dirname "$0")/.."
BIN=${XUANGUAN:-build/rel/xuanguan}
MB=${BENCH_MB:-50}
OUT=build/bench
BIG=$OUT/directive-big.txt
mkdir -p "$OUT"
[ -x "$BIN" ] || { echo "bench/directive.sh: no binary at $BIN (make all)" >&2; exit 1; }

# One document: a head, the numbered bodies of every fixture again and again, a tail, so the
# work is the body tree, tasks, deadlines and targets rather than one giant trailing note.
python3 - "$BIG" "$MB" <<'PY'
import glob, re, sys
out, mb = sys.argv[1], int(sys.argv[2])
body = []
for f in sorted(glob.glob("tests/directive/fixtures/*.txt")):
    lines = [l.strip(" \t\u3000\ufeff\r") for l in open(f, encoding="utf-8-sig")]
    take = False
    for l in lines:
        if re.match(r"[一二三四五六七八九十]+、", l):
            take = True
        if re.match(r"附件[：:]|XX.*(科协|协会|党组|办公室)$|\d{4}年\d+月\d+日$", l):
            take = False
        if take and l:
            body.append(l)
chunk = "\n".join(body) + "\n"
head = "X科协发〔2023〕1号\nXX市科学技术协会\n关于基准测试的通知\n各区县科协，各市级学会：\n"
tail = "XX市科学技术协会\n2023年1月1日\n"
n = max(1, mb * 1024 * 1024 // len(chunk.encode()))
with open(out, "w", encoding="utf-8") as f:
    f.write(head + chunk * n + tail)
PY

bytes=$(wc -c <"$BIG")
now() { python3 -c 'import time; print(time.monotonic())'; }
t0=$(now)
wc -m "$BIG" >/dev/null
t1=$(now)
"$BIN" directive parse "$BIG" >"$OUT/directive-big.json"
t2=$(now)
python3 - "$bytes" "$t0" "$t1" "$t2" "$OUT/directive-big.json" <<'PY'
import json, sys
size, t0, t1, t2 = int(sys.argv[1]), *map(float, sys.argv[2:5])
d = json.load(open(sys.argv[5], encoding="utf-8"))
def count(nodes):
    return sum(1 + count(n["children"]) for n in nodes)
mb = size / 1e6
print("input:        %.1f MB (%d bytes), %d sections, %d tasks" % (mb, size, count(d["sections"]), len(d["tasks"])))
print("wc -m:        %.3f s  (%.0f MB/s)" % (t1 - t0, mb / (t1 - t0)))
print("parse + JSON: %.3f s  (%.1f MB/s)" % (t2 - t1, mb / (t2 - t1)))
PY
