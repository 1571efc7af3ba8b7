#!/usr/bin/env python3
"""usage: jsoncmp.py EXPECTED ACTUAL — exit 0 when the two JSON files hold equal values,
else name the first path where they differ (key order and layout do not matter)."""
import json
import sys


def diff(a, b, path):
    if type(a) is not type(b):
        return "%s: expected %s, got %s" % (path, json.dumps(a, ensure_ascii=False)[:120],
                                            json.dumps(b, ensure_ascii=False)[:120])
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return "%s.%s: only in %s" % (path, k, "expected" if k in a else "actual")
            d = diff(a[k], b[k], "%s.%s" % (path, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = diff(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        if len(a) != len(b):
            return "%s: expected %d items, got %d" % (path, len(a), len(b))
        return None
    if a != b:
        return "%s: expected %s, got %s" % (path, json.dumps(a, ensure_ascii=False)[:120],
                                            json.dumps(b, ensure_ascii=False)[:120])
    return None


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        a = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        b = json.load(f)
    d = diff(a, b, "$")
    if d:
        print(d)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
