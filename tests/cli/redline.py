#!/usr/bin/python3
"""redline.py - test-only reader of `dpagen diff -f docx` (tests/cli/diff.sh).

  redline.py changes FILE AUTHOR DATE DELETED INSERTED
      the tracked changes of word/document.xml: w:del and w:ins with the
      author and date, deleted text only as w:delText inside w:del (never
      w:t), DELETED among the deleted words and INSERTED among the inserted.
  redline.py rows FILE
      table rows deleted and inserted whole are tracked rows (w:trPr holds
      w:del or w:ins), so accepting or rejecting takes the row out.
  redline.py views FILE ACCEPTED REJECTED
      two copies for LibreOffice to lay out with the changes hidden (Word's
      w:revisionView, which it reads): FILE as it is, which shows the text
      with the changes accepted, and FILE with w:ins and w:del swapped,
      which shows it with them rejected.  Hyphenation off, so the words
      read back whole.

  redline.py section MD HEADING TXT NAME
      the words of MD's part under the line that starts with HEADING (to the
      next heading) stand in TXT in the same order, one run: a view of the
      redline (TXT) shows that version's text of a changed part.

Prints "ok NAME" or "FAIL NAME: why" lines, as docx_read.py does.
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def report(ok, name, why=""):
    print(("ok %s" % name) if ok else ("FAIL %s: %s" % (name, why)))


def changes(path, author, date, deleted, inserted):
    root = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    dels, inss = root.iter(W + "del"), root.iter(W + "ins")
    dels, inss = list(dels), list(inss)
    report(dels and inss, "w:del and w:ins present", "%d del, %d ins" % (len(dels), len(inss)))
    marks = dels + inss
    bad = [m.get(W + "author") for m in marks if m.get(W + "author") != author]
    report(not bad, "every change by " + author, str(bad[:3]))
    bad = [m.get(W + "date") for m in marks if m.get(W + "date") != date]
    report(not bad, "every change dated " + date, str(bad[:3]))
    ids = [m.get(W + "id") for m in marks]
    report(len(ids) == len(set(ids)), "change ids unique", str(len(ids) - len(set(ids))))
    in_del = [t for d in dels for t in d.iter(W + "t")]
    report(not in_del, "no w:t inside w:del", str(len(in_del)))
    stray = [t for t in root.iter(W + "delText")
             if not any(t in list(d.iter(W + "delText")) for d in dels)]
    report(not stray, "w:delText only inside w:del", str(len(stray)))
    dtext = " ".join(t.text or "" for d in dels for t in d.iter(W + "delText"))
    itext = " ".join(t.text or "" for i in inss for t in i.iter(W + "t"))
    report(deleted in dtext, "w:delText holds OLD's \"%s\"" % deleted, dtext[:200])
    report(inserted in itext, "w:ins holds NEW's \"%s\"" % inserted, itext[:200])


def rows(path):
    root = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    trpr = list(root.iter(W + "trPr"))
    dels = [t for t in trpr if t.find(W + "del") is not None]
    inss = [t for t in trpr if t.find(W + "ins") is not None]
    report(dels, "deleted rows tracked as rows", "none of %d rows" % len(trpr))
    report(inss, "inserted rows tracked as rows", "none of %d rows" % len(trpr))


def swap(xml):
    """w:ins <-> w:del, with w:t <-> w:delText inside them."""
    xml = re.sub(r"<(/?)w:(ins|del)\b", lambda m: "<%sw:%s" % (m.group(1), "del" if m.group(2) == "ins" else "ins"), xml)

    def text(m, to_del):
        body = m.group(2)
        if to_del:
            body = body.replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")
        else:
            body = body.replace("<w:delText ", "<w:t ").replace("</w:delText>", "</w:t>")
        return m.group(1) + body + m.group(3)
    xml = re.sub(r"(<w:del [^>]*(?<!/)>)(.*?)(</w:del>)", lambda m: text(m, True), xml, flags=re.S)
    xml = re.sub(r"(<w:ins [^>]*(?<!/)>)(.*?)(</w:ins>)", lambda m: text(m, False), xml, flags=re.S)
    return xml


def views(path, accepted, rejected):
    for out, swapped in ((accepted, False), (rejected, True)):
        zin = zipfile.ZipFile(path)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename).decode("utf-8")
                if info.filename == "word/settings.xml":
                    data = data.replace("<w:autoHyphenation/>", "")
                    data = data.replace('<w:zoom w:percent="100"/>',
                                        '<w:zoom w:percent="100"/><w:revisionView w:markup="0" w:insDel="0"/>')
                if info.filename == "word/document.xml" and swapped:
                    data = swap(data)
                zout.writestr(info, data.encode("utf-8"))
    print("ok views written")


def page_text(txt_path):
    """pdftotext's text without the running header and footer: lines at a
    page's top or foot that stand there on another page too, and the page
    numbers ("Side 2 af 3")."""
    pages = [[l.strip() for l in p.split("\n")] for p in open(txt_path, encoding="utf-8-sig").read().split("\f")]
    edges = []
    for p in pages:
        full = [l for l in p if l]
        edges.append(set(full[:3] + full[-3:]))
    out = []
    for k, p in enumerate(pages):
        for l in p:
            furniture = re.match(r"^(Side|Page) \d+ (af|of) \d+$", l) or (
                l in edges[k] and any(l in e for j, e in enumerate(edges) if j != k))
            if not furniture:
                out.append(l)
    return "\n".join(out)


def section(md_path, heading, txt_path, name):
    lines = open(md_path, encoding="utf-8").read().split("\n")
    start = next((i for i, l in enumerate(lines) if l.startswith(heading)), None)
    if start is None:
        report(False, name, "no line starts with " + heading)
        return
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")), len(lines))
    md = re.sub(r"\]\([^)]*\)", "]", "\n".join(lines[start:end]))
    a = re.findall(r"\w+", md)
    b = re.findall(r"\w+", page_text(txt_path))
    found = any(b[i:i + len(a)] == a for i in range(len(b) - len(a) + 1))
    if found:
        report(True, "%s (%d words)" % (name, len(a)))
        return
    # where the longest run from the start breaks off, for the message
    best = (0, 0)
    for i in range(len(b)):
        k = 0
        while k < len(a) and i + k < len(b) and b[i + k] == a[k]:
            k += 1
        best = max(best, (k, i))
    k, i = best
    report(False, name, "%d of %d words, then md %s / view %s" % (k, len(a), " ".join(a[k:k + 6]),
                                                                    " ".join(b[i + k:i + k + 6])))


def main():
    if len(sys.argv) == 7 and sys.argv[1] == "changes":
        changes(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "rows":
        rows(sys.argv[2])
    elif len(sys.argv) == 6 and sys.argv[1] == "section":
        section(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "views":
        views(*sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
