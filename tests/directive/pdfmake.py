#!/usr/bin/env python3
"""Write a hostile or broken PDF to standard output, for the tests of the PDF helper.

Usage: pdfmake.py bomb|encrypted|damaged
  bomb       30 levels of form XObjects, each drawing the next ten times: 10^30 drawings from
             a file of a few kilobytes (no reader finishes it: the time limit must stop it)
  encrypted  a one-page PDF behind a password (a standard security handler whose user
             password is not empty)
  damaged    a PDF header followed by bytes that are no PDF objects
"""
import sys


def pdf(objects, trailer_extra=b""):
    """A PDF with objects (bytes, numbered from 1) and a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d " % len(data) + extra + b">>\nstream\n" + data + b"\nendstream"


def bomb(depth=30, width=10):
    # 1 catalog, 2 pages, 3 page, 4 page content, 5.. forms (5 is the top, 5+depth-1 the leaf)
    first = 5
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X %d 0 R >> >> >>" % first,
        stream(b"/X Do " * width),
    ]
    for level in range(depth):
        n = first + level
        if level == depth - 1:
            objs.append(stream(b"0 0 m 1 1 l S", b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] "))
        else:
            objs.append(stream(b"/X Do " * width,
                               b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] "
                               b"/Resources << /XObject << /X %d 0 R >> >> " % (n + 1)))
    return pdf(objs)


def encrypted():
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    # /O and /U that no empty password matches: the reader needs the password.
    o = b"<" + b"11" * 32 + b">"
    u = b"<" + b"22" * 32 + b">"
    enc = b"/Encrypt << /Filter /Standard /V 1 /R 2 /O " + o + b" /U " + u + b" /P -4 >> "
    ident = b"/ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">] "
    return pdf(objs, enc + ident)


def damaged():
    return b"%PDF-1.7\n" + bytes((i * 37 + 11) % 256 for i in range(4096))


if __name__ == "__main__":
    kinds = {"bomb": bomb, "encrypted": encrypted, "damaged": damaged}
    if len(sys.argv) != 2 or sys.argv[1] not in kinds:
        sys.exit("usage: pdfmake.py bomb|encrypted|damaged")
    sys.stdout.buffer.write(kinds[sys.argv[1]]())
