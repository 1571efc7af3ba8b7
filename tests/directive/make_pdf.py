#!/usr/bin/python3
"""Write a PDF fixture from a text file, as an office's PDF export looks: A4, 28 characters
a line, wrapped paragraphs, a running head on every page and a page number at the foot.
The font is Adobe's STSong-Light, not embedded (CID, Adobe-GB1), so reading the Chinese back
needs poppler-data. Reproducible byte for byte (reportlab's invariant mode).

usage: make_pdf.py SOURCE OUT.pdf — needs python3-reportlab, for making the fixture only.
"""
import sys

from reportlab import rl_config

rl_config.invariant = 1
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

FONT, SIZE, PER_LINE, LINES = "STSong-Light", 16, 28, 18
HEAD = "XX市人民政府办公厅"


def main():
    src, out = sys.argv[1], sys.argv[2]
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    lines = []
    for para in open(src, encoding="utf-8").read().split("\n"):
        if not para:
            continue
        # the body's paragraphs start indented two characters, as printed
        body = not para.startswith(("XX市", "X府", "关于", "各区县", "2024年", "（此件"))
        text = ("\u3000\u3000" + para) if body else para
        while len(text) > PER_LINE:
            lines.append(text[:PER_LINE])
            text = text[PER_LINE:]
        lines.append(text)
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    w, h = A4
    page = 1
    for k in range(0, len(lines), LINES):
        c.setFont(FONT, 10)
        c.drawString(72, h - 50, HEAD)
        c.setFont(FONT, SIZE)
        y = h - 100
        for line in lines[k:k + LINES]:
            c.drawString(72, y, line)
            y -= SIZE * 2
        c.setFont(FONT, 12)
        c.drawCentredString(w / 2, 40, "— %d —" % page)
        c.showPage()
        page += 1
    c.save()


if __name__ == "__main__":
    main()
