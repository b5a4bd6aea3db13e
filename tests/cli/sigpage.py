#!/usr/bin/python3
"""sigpage.py PDF - the signature page read back with `pdftotext -bbox`:
prints "ok ..." or "bad: why" per check and exits 1 if any is bad.

Checks, on the last page that has the signatures heading: both parties'
fields stand row by row at the same height (their labels' tops agree),
there is at least 2.5 cm (70.9 pt) from each "Underskrift"/"Signature"
label down to whatever comes next in its column, the parties' names are
whole (not hyphenated), and the heading is on the same page.
"""
import re
import subprocess
import sys

LABELS = {"da": ("Underskrifter", "Navn", "Titel", "Sted", "Underskrift"),
          "en": ("Signatures", "Name", "Title", "Place", "Signature")}


def words(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []
    for page in out.split("<page")[1:]:
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        ws = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            page)]
        pages.append((width, ws))
    return pages


def main():
    pdf, lang = sys.argv[1], sys.argv[2]
    names = sys.argv[3:]
    head, name, title, place, sign = LABELS[lang]
    pages = words(pdf)
    bad = []
    found = [i for i, (_, ws) in enumerate(pages) if any(w[4] == head for w in ws)]
    if not found:
        print("bad: no page with %s" % head)
        return 1
    width, ws = pages[found[-1]]
    mid = width / 2
    # The labels of each column, top to bottom (the footer's small print is below them).
    for label in (name, title, place, sign):
        left = sorted(w[1] for w in ws if w[4] == label and w[0] < mid)
        right = sorted(w[1] for w in ws if w[4] == label and w[0] >= mid)
        if not left or not right:
            bad.append("%s missing in a column (%d left, %d right)" % (label, len(left), len(right)))
            continue
        if abs(left[0] - right[0]) > 0.5:
            bad.append("%s at %.1f left, %.1f right" % (label, left[0], right[0]))
        else:
            print("ok %s side by side at %.1f" % (label, left[0]))
    for w in (w for w in ws if w[4] == sign):
        below = [v[1] for v in ws if v[1] > w[3] + 1 and (v[0] < mid) == (w[0] < mid)]
        room = (min(below) if below else 842) - w[3]
        if room < 70.9:
            bad.append("%.1f pt to sign under the label at %.1f" % (room, w[1]))
        else:
            print("ok %.1f pt to sign" % room)
    text = " ".join(w[4] for w in ws)
    for n in names:
        if n not in text:
            bad.append("party %r not whole on the page: %s" % (n, text[:300]))
        else:
            print("ok %s whole" % n)
    for b in bad:
        print("bad: " + b)
    return 1 if bad else 0


sys.exit(main())
