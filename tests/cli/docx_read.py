#!/usr/bin/python3
"""docx_read.py - test-only reader of dpagen's DOCX (python-docx and the
zip's XML): prints "ok NAME" or "FAIL NAME: why" per check; docx.sh counts.

  docx_read.py parts FILE LANG     styles, language, properties, fields, tables
  docx_read.py words MD TXT        same words in the same order
  docx_read.py has FILE TEXT WHERE TEXT in a paragraph and the title, or a cell
  docx_read.py markdown FILE       the Markdown value docx.sh puts in other_terms
"""
import re
import sys
import zipfile

import docx
import docx.table
import docx.text.paragraph
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def report(name, cond, why=""):
    print(("ok %s" if cond else "FAIL %s: " + str(why).replace("\n", " ")[:300]) % name)


def paragraph_style(d, start):
    for p in d.paragraphs:
        if p.text.startswith(start):
            return p.style.name
    return None


def body_blocks(d):
    """Paragraphs and tables of the body, in order."""
    for el in d.element.body.iterchildren():
        if el.tag == qn("w:p"):
            yield "p", docx.text.paragraph.Paragraph(el, d)
        elif el.tag == qn("w:tbl"):
            yield "t", docx.table.Table(el, d)


def parts(path, lang):
    tag = "%s %s" % (path.rsplit("/", 1)[-1], lang)
    z = zipfile.ZipFile(path)
    names = z.namelist()
    want = ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
            "word/settings.xml", "word/numbering.xml", "word/header1.xml", "word/footer1.xml",
            "word/_rels/document.xml.rels", "docProps/core.xml", "docProps/app.xml"]
    report("%s parts in order" % tag, names == want, names)
    d = docx.Document(path)
    da = lang == "da"
    report("%s title style" % tag, paragraph_style(d, "Databehandleraftale" if da else "Data processing agreement") == "Title",
           paragraph_style(d, "Databehandleraftale"))
    st = paragraph_style(d, "2. Præambel" if da else "2. Preamble")
    report("%s clause heading is Heading 1" % tag, st == "Heading 1", st)
    st = paragraph_style(d, "B.1 ")
    report("%s annex section is Heading 2" % tag, st == "Heading 2", st)
    st = paragraph_style(d, "2.1.")
    report("%s clause text is Body Text" % tag, st == "Body Text", st)
    styles = {s.name for s in d.styles}
    for s in ("Strong", "Emphasis", "Hyperlink", "List Paragraph", "heading 3" if "heading 3" in styles else "Heading 3"):
        report("%s style %s" % (tag, s), s in styles, sorted(map(str, styles)))
    # Language in the style defaults: Word's spelling and hyphenation.
    sx = z.read("word/styles.xml").decode()
    code = "da-DK" if da else "en-GB"
    m = re.search(r"<w:rPrDefault>.*?<w:lang w:val=\"([^\"]+)\"", sx)
    report("%s language %s" % (tag, code), m and m.group(1) == code, m and m.group(1))
    report("%s hyphenation on" % tag, "<w:autoHyphenation/>" in z.read("word/settings.xml").decode())
    cp = d.core_properties
    report("%s creator dpagen" % tag, cp.author == "dpagen", cp.author)
    report("%s title names the document" % tag, cp.title.startswith("Databehandleraftale" if da else "Data processing agreement"), cp.title)
    # Header: the reference; footer: PAGE and NUMPAGES fields.
    sec = d.sections[0]
    hdr = sec.header.paragraphs[0].text
    ftr = sec.footer._element.xml
    report("%s header has the reference" % tag, re.search(r"\t\S", hdr) is not None, hdr)
    report("%s header has the version" % tag, re.search(r"\S, version \S", hdr) is not None, hdr)
    report("%s footer PAGE field" % tag, re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", ftr) is not None, ftr[-400:])
    report("%s footer NUMPAGES field" % tag, "> NUMPAGES </w:instrText>" in ftr, ftr[-400:])
    report("%s footer words" % tag, ("Side" if da else "Page") in sec.footer.paragraphs[0].text, sec.footer.paragraphs[0].text)
    # B.1's table: its header row repeats; no row splits.
    blocks = list(body_blocks(d))
    b1 = next((i for i, (k, b) in enumerate(blocks) if k == "p" and b.text.startswith("B.1 ")), None)
    t = next((b for k, b in blocks[b1:] if k == "t"), None) if b1 is not None else None
    if t is None:
        report("%s B.1 table" % tag, False, "no table after B.1")
    else:
        rows = t._tbl.tr_lst
        report("%s B.1 header row repeats" % tag, rows[0].trPr is not None and rows[0].trPr.find(qn("w:tblHeader")) is not None)
        report("%s B.1 rows do not split" % tag, all(r.trPr is not None and r.trPr.find(qn("w:cantSplit")) is not None for r in rows))
        report("%s B.1 body rows do not repeat" % tag, all(r.trPr.find(qn("w:tblHeader")) is None for r in rows[1:]))
        grid = [int(g.get(qn("w:w"))) for g in t._tbl.tblGrid.iter(qn("w:gridCol"))]
        report("%s B.1 columns sized by their text, within the page" % tag,
               len(set(grid)) > 1 and sum(grid) <= 9638 + len(grid), grid)
    # Internal links land on bookmarks; clause numbers are text.
    body = d.element.body
    marks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    missing = sorted(set(anchors) - marks)
    report("%s internal links have bookmarks" % tag, anchors and not missing, missing or "no links")
    report("%s bookmark names fit Word" % tag, all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", m) for m in marks),
           [m for m in marks if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", m)])
    ids = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))]
    report("%s bookmark ids unique" % tag, len(ids) == len(set(ids)))
    ends = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkEnd"))]
    report("%s every bookmark ends" % tag, sorted(ids) == sorted(ends), (len(ids), len(ends)))
    bullets = [p for p in d.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    report("%s bullet lists are Word lists" % tag, len(bullets) > 5, len(bullets))
    lettered = [p.text for p in bullets if re.match(r"[a-z]\) ", p.text)]
    report("%s lettered lists stay text" % tag, not lettered, lettered[:3])
    # The signature part is kept together.
    sig = next((i for i, (k, b) in enumerate(blocks) if k == "p" and b.style.name == "Heading 1"
                and b.text in ("Underskrifter", "Signatures")), None)
    if sig is not None:   # an agreement accepted online has no signature part
        keep = all(b.paragraph_format.keep_with_next for k, b in blocks[sig:sig + 2] if k == "p")
        report("%s signatures kept together" % tag, keep, sig)


def words(md_path, txt_path):
    md = open(md_path, encoding="utf-8").read()
    md = re.sub(r"\]\([^)]*\)", "]", md)          # link targets
    txt = open(txt_path, encoding="utf-8-sig").read()
    a = re.findall(r"\w+", md)
    b = re.findall(r"\w+", txt)
    tag = txt_path.rsplit("/", 1)[-1]
    if a == b:
        report("%s same words as Markdown (%d)" % (tag, len(a)), True)
        return
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    report("%s same words as Markdown" % tag, False,
           "word %d: md %s / docx %s" % (i, " ".join(a[max(0, i - 5):i + 5]), " ".join(b[max(0, i - 5):i + 5])))


def has(path, text, where):
    d = docx.Document(path)
    if where == "cell":
        cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
        report("value in a table cell", any(text in c for c in cells), text)
        return
    paras = [p.text for p in d.paragraphs]
    report("value in a paragraph", any(text in p for p in paras), text)
    report("value in the title property", text in d.core_properties.title, d.core_properties.title)


def markdown(path):
    """A Markdown value of the config (other_terms): external links, lists
    in lists, a level-4 heading, emphasis inside strong."""
    z = zipfile.ZipFile(path)
    rels = z.read("word/_rels/document.xml.rels").decode()
    report("external link relationship", 'Target="https://x.example/?a=1&amp;b=2" TargetMode="External"' in rels, rels[-300:])
    d = docx.Document(path)
    body = d.element.body
    ext = [h for h in body.iter(qn("w:hyperlink")) if h.get(qn("r:id"))]
    report("external links are hyperlinks", len(ext) == 2, len(ext))
    st = paragraph_style(d, "Ansvar")
    report("level-4 heading is Heading 3", st == "Heading 3", st)
    lv = {}
    for p in d.paragraphs:
        n = p._p.pPr.numPr if p._p.pPr is not None else None
        if n is not None and len(p.text) == 1:
            lv[p.text] = int(n.ilvl.val)
    report("nested list levels", lv.get("a") == 1 and lv.get("b") == 2 and lv.get("h") == 8 and lv.get("k") == 8, lv)
    nx = z.read("word/numbering.xml").decode()
    report("ordered list counts from its start", re.search(r'<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
           r'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/>', nx) is not None, nx[-300:])
    bi = [r for p in d.paragraphs for r in p.runs if r.text == "og" and r.style.name == "Strong" and r.italic]
    report("emphasis in strong", len(bi) == 1, len(bi))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "parts":
        parts(sys.argv[2], sys.argv[3])
    elif cmd == "words":
        words(sys.argv[2], sys.argv[3])
    elif cmd == "markdown":
        markdown(sys.argv[2])
    else:
        has(sys.argv[2], sys.argv[3], sys.argv[4])
