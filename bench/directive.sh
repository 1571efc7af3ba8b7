#!/bin/sh
# Directive reader throughput: parse a large document (built from the fixtures' bodies) and
# report MB/s, beside the time `wc -m` takes to read the same bytes in the same run.
# BENCH_MB sets the input size (default 20: the document must stay under the reader's
# 200000 headings); XUANGUAN the binary (default build/rel/xuanguan).
set -eu
cd "$(dirname "$0")/.."
BIN=${XUANGUAN:-build/rel/xuanguan}
MB=${BENCH_MB:-20}
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
    try:
        lines = [l.strip(" \t\u3000\ufeff\r") for l in open(f, encoding="utf-8-sig")]
    except UnicodeDecodeError:
        continue  # the GB18030 fixture: the benchmark's document is UTF-8
    take = False
    for l in lines:
        if re.match(r"[一二三四五六七八九十]+、", l):
            take = True
        if re.match(r"附件\d*[：:]|附件\d*$|XX.*(科协|协会|党组|办公室)$|\d{4}年\d+月\d+日$", l):
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

# Both commands run from one Python process so wall and CPU time (user + system, which the
# machine's other load disturbs less) are measured the same way for each.
python3 - "$BIN" "$BIG" "$OUT/directive-big.json" <<'PY'
import json, os, resource, subprocess, sys, time
binary, big, out = sys.argv[1:4]
size = os.path.getsize(big)

def run(cmd, stdout):
    r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    subprocess.run(cmd, stdout=stdout, check=True)
    t1, r1 = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    return t1 - t0, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)

with open(os.devnull, "w") as null:
    wc_wall, wc_cpu = run(["wc", "-m", big], null)
with open(out, "w") as f:
    p_wall, p_cpu = run([binary, "directive", "parse", big], f)
d = json.load(open(out, encoding="utf-8"))

def count(nodes):
    return sum(1 + count(n["children"]) for n in nodes)

parts = (d.get("attachment_docs") or []) + ([d["forwarded"]] if d.get("forwarded") else [])
sections = count(d["sections"]) + sum(count(p["sections"]) for p in parts)
# Peak resident memory of the largest child: the parse (wc -m needs almost none).
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024

mb = size / 1e6
print("input:        %.1f MB (%d bytes), %d sections, %d tasks" % (mb, size, sections, len(d["tasks"])))
print("wc -m:        %.3f s wall (%.0f MB/s), %.3f s CPU (%.0f MB/s)" % (wc_wall, mb / wc_wall, wc_cpu, mb / wc_cpu))
print("parse + JSON: %.3f s wall (%.1f MB/s), %.3f s CPU (%.1f MB/s)" % (p_wall, mb / p_wall, p_cpu, mb / p_cpu))
print("memory:       %.0f MB peak (%.1f times the input)" % (peak / 1e6, peak / size))
PY
