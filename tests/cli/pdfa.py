#!/usr/bin/python3
"""pdfa.py PDF LANG [TEXT...] - what PDF/A-2b asks of a file, read back
with pikepdf (no PDF/A validator is packaged in Debian), and the
signature fields.  Prints "ok ..." or "bad: ..." per check, then one line
"field NAME|x0 y0 x1 y1|page" per signature field; exits 1 if any check
is bad.  TEXT: words the document title must hold (parties, reference).

Checked: the header's version and binary comment; /ID; no encryption;
/Lang; XMP metadata (uncompressed, /Subtype /XML) declaring part 2,
conformance B and agreeing with every Info entry; an sRGB output intent
(GTS_PDFA1, an RGB ICC profile); every font embedded; no transparency;
every annotation printed and not hidden; signature widgets (/FT /Sig)
with an appearance, and no NeedAppearances.
"""
import sys
import xml.etree.ElementTree as ET

import pikepdf

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
bad = []


def check(cond, what):
    if cond:
        print("ok " + what)
    else:
        bad.append(what)


def xmp_value(desc, name):
    el = desc.find(name, NS)
    if el is None:
        return None
    li = el.find(".//rdf:li", NS)
    return (li if li is not None else el).text


def info_date_to_xmp(d):
    # D:YYYYMMDDHHmmSS+HH'mm' -> YYYY-MM-DDTHH:mm:SS+HH:mm
    d = str(d)[2:]
    tz = d[14:].replace("'", "")
    tz = tz[:3] + ":" + tz[3:5] if tz and tz[0] in "+-" else "Z"
    return "%s-%s-%sT%s:%s:%s%s" % (d[0:4], d[4:6], d[6:8], d[8:10], d[10:12], d[12:14], tz)


def main():
    path, lang, words = sys.argv[1], sys.argv[2], sys.argv[3:]
    head = open(path, "rb").read(16)
    check(head.startswith(b"%PDF-1.") and head[7:8] >= b"4" and all(c >= 128 for c in head[10:14]),
          "header %r: PDF 1.4 or later, binary comment" % head[:8])
    pdf = pikepdf.open(path)
    root, info = pdf.Root, pdf.docinfo
    check("/ID" in pdf.trailer, "trailer /ID")
    check(not pdf.is_encrypted and "/Encrypt" not in pdf.trailer, "not encrypted")
    check(str(root.get("/Lang", "")) == {"da": "da-DK", "en": "en-GB"}[lang], "/Lang %s" % root.get("/Lang"))
    title = str(info.get("/Title", ""))
    check(all(w in title for w in words), "title %r names %s" % (title, words))
    md = root.get("/Metadata")
    check(md is not None and md.get("/Subtype") == "/XML" and "/Filter" not in md,
          "XMP metadata stream, /Subtype /XML, uncompressed")
    if md is not None:
        desc = ET.fromstring(md.read_bytes()).find(".//rdf:Description", NS)
        check(xmp_value(desc, "pdfaid:part") == "2" and xmp_value(desc, "pdfaid:conformance") == "B",
              "XMP declares PDF/A-2b")
        pairs = [("/Title", "dc:title"), ("/Author", "dc:creator"), ("/Subject", "dc:description"),
                 ("/Keywords", "pdf:Keywords"), ("/Producer", "pdf:Producer"), ("/Creator", "xmp:CreatorTool")]
        for key, prop in pairs:
            want = str(info[key]) if key in info else None
            check(xmp_value(desc, prop) == want, "XMP %s agrees with Info %s (%r)" % (prop, key, want))
        for key, prop in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
            want = info_date_to_xmp(info[key]) if key in info else None
            check(xmp_value(desc, prop) == want, "XMP %s agrees with Info %s (%r)" % (prop, key, want))
    intents = root.get("/OutputIntents", [])
    ok = False
    for oi in intents:
        prof = oi.get("/DestOutputProfile")
        data = prof.read_bytes() if prof is not None else b""
        ok |= oi.get("/S") == "/GTS_PDFA1" and prof.get("/N") == 3 and data[36:40] == b"acsp" and data[16:20] == b"RGB "
    check(ok, "sRGB output intent (GTS_PDFA1, RGB ICC profile)")
    fonts, unembedded, transparency, annots = 0, [], [], []
    for pno, page in enumerate(pdf.pages):
        res = page.obj.get("/Resources", {})
        for name, font in res.get("/Font", {}).items():
            fonts += 1
            desc = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get("/FontDescriptor")
            if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                unembedded.append(str(font.get("/BaseFont")))
        for gs in res.get("/ExtGState", {}).values():
            if "/SMask" in gs and gs["/SMask"] != "/None" or float(gs.get("/CA", 1)) < 1 or float(gs.get("/ca", 1)) < 1:
                transparency.append("page %d ExtGState" % (pno + 1))
        if page.obj.get("/Group", {}).get("/S") == "/Transparency":
            transparency.append("page %d group" % (pno + 1))
        for a in page.obj.get("/Annots", []):
            annots.append((pno + 1, a))
    check(fonts > 0 and not unembedded, "every font embedded (%d font uses, %s not)" % (fonts, unembedded))
    check(not transparency, "no transparency %s" % transparency)
    flags = [int(a.get("/F", 0)) for _, a in annots]
    check(all(f & 4 and not f & (1 | 2 | 32) for f in flags), "%d annotations printed, none hidden" % len(flags))
    form = root.get("/AcroForm")
    sigs = [(p, a) for p, a in annots if a.get("/FT") == "/Sig"]
    if form is not None:
        check(not bool(form.get("/NeedAppearances", False)), "no NeedAppearances")
        check(len(form.Fields) == len(sigs), "every field is a widget on a page")
    check(all(a.get("/Subtype") == "/Widget" and "/N" in a.get("/AP", {}) for _, a in sigs),
          "signature widgets have an appearance")
    for b in bad:
        print("bad: " + b)
    for p, a in sigs:
        print("field %s|%s|%d" % (str(a.T), " ".join("%.1f" % float(v) for v in a.Rect), p))
    return 1 if bad else 0


sys.exit(main())
