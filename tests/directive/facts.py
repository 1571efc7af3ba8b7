#!/usr/bin/env python3
"""facts: check the reader's JSON against the facts a clerk wrote down for a document.

A facts file (NAME.facts beside the fixture) is written by hand and never rewritten by a
script. One fact a line, `key = value`; a line starting with `#` is a comment. Keys:

  number = 渝科协发〔2024〕17号        (or `none`)
  title = …                           (or `none`)
  kind = 通知                         (or `none`)
  date = 2024-03-01                   (or `none`)
  addressees = 各区县科协 | 各市级学会  (in order; `none` for no addressees)
  headings = 4 9 0 0                  (how many headings of levels 1 to 4, attachments included)
  subjects PATH = A | B               (the subjects of the task at PATH, in any order; `none`)
  deadlines PATH = 2025-12-31 | every year 2024-03-31   (end dates, any order; `none`)
  targets PATH = >15% | <=15个工作日 | >=text            (op, value, unit; `text` for no number)
  notask PATH                         (no task at PATH)
  heading PATH = 布局建设重点实验室       (the heading of the node at PATH)
  metrics PATH = A | B                (the metrics of the task's targets, any order)
  attachment_titles = A | B           (titles of the attachments printed in full, in order)
  forwarded_title = …                 (the title of a forwarded document, or `none`)
  forwarded_date = 2024-01-15         (its date, or `none`)

Paths of attachments printed in full start with their label (附件1/一/（二）), those of a
forwarded document with 转发/.

    facts.py check FACTS OUT.json     print every wrong fact, exit 1 when any
    facts.py score DIR                for every DIR/*.facts, run the reader (XUANGUAN, default
                                      build/rel/xuanguan) on its document and print how many
                                      facts are right of how many, and the recall and precision
                                      of subjects over the tasks whose subjects are written down
"""
import glob
import json
import os
import subprocess
import sys

SETS = ("addressees",)
UNORDERED = ("subjects", "deadlines", "targets", "metrics")


def parse_facts(path):
    facts = []
    for no, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            key, val = line, ""
        else:
            key, val = (s.strip() for s in line.split("=", 1))
        facts.append((no, key, val))
    return facts


def items(val):
    if val == "none":
        return []
    return [s.strip() for s in val.split("|") if s.strip()]


def num(v):
    if v is None:
        return "text"
    if float(v) == int(v):
        return str(int(v))
    return ("%g" % v)


def target_repr(t):
    return "%s%s%s" % (t["op"], num(t["value"]), t["unit"] or "")


def deadline_repr(dl):
    if dl.get("recurring"):
        return "every %s %s" % (dl["recurring"], dl["end"])
    return dl["end"] or "none"


def count_levels(nodes, counts):
    for n in nodes:
        counts[n["level"] - 1] += 1
        count_levels(n["children"], counts)


def all_sections(d):
    """The roots of every tree: the body, the attachments printed in full, a forwarded document."""
    roots = list(d["sections"])
    for a in d.get("attachment_docs", []) or []:
        roots += a.get("sections", [])
    if d.get("forwarded"):
        roots += d["forwarded"].get("sections", [])
    return roots


def find_node(nodes, path, prefix=""):
    for n in nodes:
        if n.get("path") == path:
            return n
        hit = find_node(n["children"], path)
        if hit is not None:
            return hit
    return None


def actual(d, key):
    """The reader's answer for a fact key, in the facts file's own spelling."""
    if key in ("number", "title", "kind", "date"):
        v = d.get(key)
        return "none" if v is None else v
    if key == "addressees":
        return " | ".join(d["addressees"]) or "none"
    if key == "headings":
        counts = [0, 0, 0, 0]
        count_levels(all_sections(d), counts)
        return " ".join(str(c) for c in counts)
    if key == "attachment_titles":
        return " | ".join(a.get("title") or "none" for a in d.get("attachment_docs", []) or []) or "none"
    if key in ("forwarded_title", "forwarded_date"):
        f = d.get("forwarded")
        v = f.get(key[len("forwarded_"):]) if f else None
        return "none" if v is None else v
    what, _, path = key.partition(" ")
    if what == "heading":
        node = find_node(all_sections(d), path)
        return "(no node at %s)" % path if node is None else node["heading"]
    task = next((t for t in d["tasks"] if t["path"] == path), None)
    if what == "notask":
        return "notask" if task is None else "task"
    if task is None:
        return "(no task at %s)" % path
    if what == "subjects":
        vals = task["subjects"]
    elif what == "deadlines":
        vals = [deadline_repr(x) for x in task["deadlines"]]
    elif what == "targets":
        vals = [target_repr(x) for x in task["targets"]]
    elif what == "metrics":
        vals = [x["metric"] for x in task["targets"]]
    else:
        return "(unknown fact %s)" % what
    return vals


def right(d, key, val):
    got = actual(d, key)
    what = key.split(" ", 1)[0]
    if what == "notask":
        return got == "notask", got
    if what in UNORDERED:
        if isinstance(got, str):
            return False, got
        return sorted(got) == sorted(items(val)), " | ".join(got) or "none"
    if what in ("addressees", "attachment_titles"):
        return items(got) == items(val), got
    return got == val, got


def check(facts_path, out_path):
    d = json.load(open(out_path, encoding="utf-8"))
    wrong = 0
    facts = parse_facts(facts_path)
    for no, key, val in facts:
        ok, got = right(d, key, val)
        if not ok:
            wrong += 1
            print("%s:%d: %s: want %s, got %s" % (facts_path, no, key, val, got))
    return wrong, len(facts)


def document_of(facts_path):
    base = facts_path[: -len(".facts")]
    for ext in (".txt", ".docx", ".pdf", ".doc", ".wps"):
        if os.path.exists(base + ext):
            return base + ext
    return None


def score(folder):
    binary = os.environ.get("XUANGUAN", "build/rel/xuanguan")
    right_n = total = 0
    by_key = {}
    tp = fp = fn = 0
    for f in sorted(glob.glob(os.path.join(folder, "*.facts"))):
        doc = document_of(f)
        r = subprocess.run([binary, "directive", "parse", doc], capture_output=True)
        facts = parse_facts(f)
        if r.returncode != 0:
            print("%s: exit status %d: %s" % (doc, r.returncode, r.stderr.decode()[:200]))
            total += len(facts)
            continue
        d = json.loads(r.stdout.decode("utf-8"))
        for no, key, val in facts:
            ok, got = right(d, key, val)
            what = key.split(" ", 1)[0]
            if what == "subjects":
                want = set(items(val))
                have = set(items(got)) if isinstance(got, str) and not got.startswith("(") else set()
                tp += len(want & have)
                fp += len(have - want)
                fn += len(want - have)
            k = by_key.setdefault(what, [0, 0])
            k[1] += 1
            total += 1
            if ok:
                k[0] += 1
                right_n += 1
            else:
                print("%s:%d: %s: want %s, got %s" % (f, no, key, val, got))
    for what in sorted(by_key):
        print("  %-10s %3d of %3d" % (what, by_key[what][0], by_key[what][1]))
    print("%d of %d facts right (%.1f%%)" % (right_n, total, 100.0 * right_n / max(total, 1)))
    print("subjects: recall %d/%d (%.1f%%), precision %d/%d (%.1f%%)" % (
        tp, tp + fn, 100.0 * tp / max(tp + fn, 1), tp, tp + fp, 100.0 * tp / max(tp + fp, 1)))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "check":
        wrong, _ = check(sys.argv[2], sys.argv[3])
        sys.exit(1 if wrong else 0)
    if len(sys.argv) == 3 and sys.argv[1] == "score":
        score(sys.argv[2])
        return
    sys.stderr.write(__doc__)
    sys.exit(2)


if __name__ == "__main__":
    main()
