#!/usr/bin/env python3
"""Nothing lost: every letter and digit of the input is in exactly one place of the JSON.

usage: lost.py INPUT OUTPUT.json — exits 0 when the input's letters and digits (as a
multiset) equal those of the output's text fields, else prints the difference and exits 1.
Punctuation and spaces are not compared: the reader normalises them (brackets, the
heading's closing 。, list separators). Labels the reader consumes (附件 抄送 印发 签发人,
the 文件 of an issuer mark) and dates it rewrites as YYYY-MM-DD are accounted for.
"""
import json
import re
import sys
import unicodedata
import zipfile
from collections import Counter
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_lines(path):
    """The lines the reader makes of a .docx: a paragraph each, a table row each; and the
    line numbers of paragraphs Word numbers itself (their marker is not in the text)."""
    root = ElementTree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    lines, numbered = [], set()

    def text(p):
        return "".join(t.text or "" for t in p.iter(W + "t"))

    def walk(node):
        for k in node:
            if k.tag == W + "p":
                if k.find(W + "pPr/" + W + "numPr") is not None:
                    numbered.add(len(lines) + 1)
                lines.append(text(k))
            elif k.tag == W + "tr":
                lines.append("".join(text(p) for p in k.iter(W + "p")))
            else:
                walk(k)

    walk(root)
    return lines, numbered


def content(s):
    return Counter(ch for ch in s if unicodedata.category(ch)[0] in "LN")


CN = "〇一二三四五六七八九"


def cn_number(v):
    if v < 10:
        return CN[v]
    return (CN[v // 10] if v >= 20 else "") + "十" + (CN[v % 10] if v % 10 else "")


def date_text(iso, text):
    """The date as printed: 2022年11月8日, or 二〇二二年十一月八日 when that is what the text has."""
    if not iso:
        return ""
    y, m, d = iso.split("-")
    arabic = "%s年%d月%d日" % (y, int(m), int(d))
    chinese = "".join(CN[int(ch)] for ch in y) + "年%s月%s日" % (cn_number(int(m)), cn_number(int(d)))
    return chinese if chinese in text and arabic not in text else arabic


def read_text(path):
    """The text of a fixture as the reader decodes it: UTF-8, UTF-16 with its mark, GB18030;
    a PDF by the source text it was made from (NAME.source beside it)."""
    if path.endswith(".pdf"):
        path = path[: -len(".pdf")] + ".source"
    raw = open(path, "rb").read()
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def main():
    src, out = sys.argv[1], sys.argv[2]
    numbered = set()
    if src.endswith(".docx"):
        lines, numbered = docx_lines(src)
    else:
        lines = read_text(src).splitlines()
    lines = [l.strip(" \t\u3000\xa0") for l in lines]
    d = json.load(open(out, encoding="utf-8"))
    # Markers of Word's own numbering are written out by the reader: count them as input.
    def nodes(ns):
        for n in ns:
            yield n
            yield from nodes(n["children"])
    for n in nodes(d["sections"]):
        if n["line"] in numbered:
            lines[n["line"] - 1] = n["number"] + lines[n["line"] - 1]
    places = []
    # An issuer is text of its own only when it came from a "…文件" mark line.
    # (or from the first line, a head without 文件, above the number).
    head = [l.replace(" ", "") for l in lines[:12]]
    if d["issuer"] and any(l == d["issuer"] + "文件" for l in head):
        places.append(d["issuer"] + "文件")
    elif (d["issuer"] and len(head) > 1 and head[0] == d["issuer"]
          and not (d["title"] or "").startswith(head[0] + head[1])
          and head[0] not in d["notes"]):  # a web copy's site name is a note
        places.append(d["issuer"])
    # The number is text of its own when a line starts with it; read from a site's
    # table (发文字号：…) it is derived and the note holds the text.
    def letters(s):
        return "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")
    if d["number"] and not any(letters(l).replace("第", "").startswith(letters(d["number"]))
                               for l in lines):
        d["number"] = None
    for key in ("number", "title", "signature", "printed_by"):
        if d[key]:
            places.append(d[key])
    if d["signer"] is not None:
        places.append("签发人" + d["signer"])
    if any("第" in w["message"] and "文号" in w["message"] for w in d["warnings"]):
        places.append("第")
    places += d["addressees"] + d["notes"] + d["annexes"] + d["preamble"]
    labelled = [a for a in d["attachments"]
                if any(re.match(r"附件\d+[：:]\s*" + re.escape(a), l) for l in lines)]
    if labelled:  # 附件1：… 附件2：…, one label a line
        places += ["附件%d" % (i + 1) for i in range(len(labelled))] + d["attachments"]
    elif d["attachments"]:
        places.append("附件")
        if len(d["attachments"]) > 1 or any(re.match(r"附件[：:]\s*1[.．、]", l) for l in lines):
            places += [str(i + 1) for i in range(len(d["attachments"]))]
        places += d["attachments"]
    if d["copy_to"]:
        label = "抄报" if any(l.startswith("抄报") for l in lines) else "抄送"
        places += [label] + d["copy_to"]
    text = "".join(l.replace(" ", "").replace("\u3000", "") for l in lines)
    # A date read from the note under the title is printed there, not on a line of its own.
    if not any("成文日期取自标题下的题注" in w["message"] for w in d["warnings"]):
        places.append(date_text(d["date"], text))
    if d["printed_date"]:
        places += [date_text(d["printed_date"], text), "印发"]

    def walk(n):
        places.extend([n["number"], n["heading"], n["text"]] + n["paragraphs"])
        for c in n["children"]:
            walk(c)

    for s in d["sections"]:
        walk(s)
    # Attachments printed in full and a forwarded document: documents of their own.
    parts = list(d.get("attachment_docs") or [])
    if d.get("forwarded"):
        parts.append(d["forwarded"])
    for p in parts:
        places += [p["label"], p["title"] or "", p["signature"] or "",
                   date_text(p["date"], text) if p["date"] else ""]
        places += p["addressees"] + p["preamble"] + p["notes"]
        for s in p["sections"]:
            walk(s)
    want, got = content("".join(lines)), content("".join(places))
    if want == got:
        return 0
    missing, extra = want - got, got - want
    print("%s: lost %s; duplicated or invented %s" % (
        src, "".join(sorted(missing.elements()))[:200] or "nothing",
        "".join(sorted(extra.elements()))[:200] or "nothing"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
