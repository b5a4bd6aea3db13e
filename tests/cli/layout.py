#!/usr/bin/python3
"""layout.py PDF CONFIG - typesetting rules read back from a PDF with
`pdftotext -bbox` and `pdftotext`: prints "ok ..." or "bad: ..." per rule
and exits 1 if any is bad.

- fill: every page but the last and the one before the signatures (which
  start a page of their own) is filled at least FILL of its text area;
- values: no word of the config that starts with a capital or holds a digit
  or "@" (names, places, numbers, addresses) is hyphenated at a line's end,
  unless it starts the line (in its table cell): wider than it, it must break;
- hyphens: never more than two lines in a row end in a hyphen (but for a
  word wider than its table column, alone on each of its lines);
- lead-ins: a paragraph ending in ":" is not the last text of a page.
"""
import re
import subprocess
import sys

import yaml

FILL = 0.5
TOP, BOTTOM = 78, 842 - 72          # the text area, from the page's top (points)


def pages_words(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in out.split("<page")[1:]:
        pages.append([(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)])
    return pages


def values(node, out):
    if isinstance(node, dict):
        for v in node.values():
            values(v, out)
    elif isinstance(node, list):
        for v in node:
            values(v, out)
    elif isinstance(node, str):
        for w in re.findall(r"[\w@.\-/]+", node):
            w = w.strip(".-/")
            if len(w) >= 4 and (w[0].isupper() or re.search(r"[\d@]", w)):
                out.add(w)


def main():
    pdf, config = sys.argv[1], sys.argv[2]
    bad = []
    pages = pages_words(pdf)
    sig = max((i for i, ws in enumerate(pages) if any(w[4] in ("Underskrifter", "Signatures") and w[1] < 140
                                                       for w in ws)), default=-1)
    for i, ws in enumerate(pages[:-1]):
        body = [w for w in ws if TOP - 5 < w[1] and w[3] < BOTTOM]
        low = max((w[3] for w in body), default=TOP)
        fill = (low - TOP) / (BOTTOM - TOP)
        if fill < FILL and i != sig - 1:
            bad.append("page %d is %.0f%% full" % (i + 1, 100 * fill))
    print("ok pages filled (%d pages)" % len(pages))
    text = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True, check=True).stdout
    lines = text.split("\n")
    vals = set()
    values(yaml.safe_load(open(config, encoding="utf-8")), vals)
    run, worst = 0, 0
    for i, line in enumerate(lines[:-1]):
        # A line that is one piece of a word is a word wider than its
        # column, which must break on every line: not counted.
        run = run + 1 if re.search(r"\w-$", line) and " " in line.strip() else 0
        worst = max(worst, run)
    # A value hyphenated at a line's end, unless it starts that line (in its
    # table cell): then it is wider than the line and must break somewhere.
    for ws in pages:
        for k, w in enumerate(ws[:-1]):
            m = re.match(r"^\W*(\w+)-$", w[4])
            nxt = re.match(r"[\w@.]+", ws[k + 1][4])
            if not m or not nxt:
                continue
            word = (m.group(1) + nxt.group(0)).strip(".")
            if not (word[:1].isupper() or re.search(r"[\d@]", word)):
                continue
            if not any(word == v or word in v.split("-") for v in vals):
                continue
            starts = not any(abs(v[1] - w[1]) < 1 and w[0] - 12 <= v[2] < w[0] for v in ws)
            if not starts:
                bad.append("value hyphenated: %r / %r" % (w[4], ws[k + 1][4]))
    if worst > 2:
        bad.append("%d lines in a row end in a hyphen" % worst)
    print("ok at most %d hyphenated lines in a row" % worst)
    for i, page in enumerate(text.split("\f")[:-2]):
        body = [l for l in page.split("\n") if l.strip()]
        # The last lines of a page are its footer (fingerprint, page number).
        while body and re.search(r"(Side|Page) \d+ (af|of) \d+|Fingeraftryk|Fingerprint", body[-1]):
            body.pop()
        if body and body[-1].rstrip().endswith(":"):
            bad.append("page %d ends on a lead-in: %r" % (i + 1, body[-1][-50:]))
    for b in bad:
        print("bad: " + b)
    return 1 if bad else 0


sys.exit(main())
