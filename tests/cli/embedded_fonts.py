"""embedded_fonts.py PDF TEXT FONTDIR - the fonts a dpagen PDF embeds draw
Liberation Serif's glyphs: for every character of TEXT (pdftotext of PDF),
the embedded glyph has the system font's outline (composites resolved) and
advance.  With CUT=1 in the environment it also asserts that the font was
cut to CP1252 before libharu embedded it (font_subset.c): 'post' of format
3 and a few hundred glyphs instead of thousands.  Prints what it checked;
exits 1 with the first difference."""
import io
import os
import re
import subprocess
import sys

from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

pdf, textfile, fontdir = sys.argv[1:4]
data = open(pdf, "rb").read()
chars = {ord(c) for c in open(textfile, encoding="utf-8").read() if c.strip()}
checked = faces = 0
for m in re.finditer(rb"<<[^<>]*/FontFile2 (\d+) 0 R[^<>]*>>", data):
    obj = m.group(1).decode()
    name = re.search(rb"/FontName /[A-Z]{6}\+([-A-Za-z]+)", m.group(0)).group(1).decode()
    face = name.split("-")[1] if "-" in name else "Regular"
    raw = subprocess.run(["qpdf", "--show-object=" + obj, "--filtered-stream-data", pdf],
                         capture_output=True, check=True).stdout
    emb = TTFont(io.BytesIO(raw))
    ref = TTFont("%s/LiberationSerif-%s.ttf" % (fontdir, face))
    faces += 1
    if os.environ.get("CUT") == "1" and (emb["post"].formatType != 3.0 or emb["maxp"].numGlyphs > 400):
        print("%s: not cut (post format %s, %d glyphs)" % (name, emb["post"].formatType,
                                                            emb["maxp"].numGlyphs))
        sys.exit(1)
    ce, cr = emb.getBestCmap(), ref.getBestCmap()
    ge, gr = emb.getGlyphSet(), ref.getGlyphSet()
    for cp in sorted(chars):
        if cp not in ce or cp not in cr:
            continue
        pe, pr = DecomposingRecordingPen(ge), DecomposingRecordingPen(gr)
        ge[ce[cp]].draw(pe)
        gr[cr[cp]].draw(pr)
        if not pe.value:
            continue  # not drawn in this face: libharu embeds it empty
        if pe.value != pr.value or emb["hmtx"][ce[cp]][0] != ref["hmtx"][cr[cp]][0]:
            print("%s: U+%04X differs from the system font" % (name, cp))
            sys.exit(1)
        checked += 1
if not faces or not checked:
    print("no embedded TrueType font with glyphs found")
    sys.exit(1)
print("%d glyphs in %d faces as in the system font" % (checked, faces))
