#!/bin/sh
# pdf.sh - the PDF back-end, read back with poppler-utils and qpdf: text in
# order, Danish letters intact, fonts embedded, bookmarks, metadata, page
# numbers, tables across pages, determinism.  Run by tests/run.sh.
. tests/cli/lib.sh

for ex in examples/*.yaml; do
	name=$(basename "$ex" .yaml)
	# An agreement accepted online has no signature page (clause 14.5).
	sig=1; grep -q '^  form: online' "$ex" && sig=0
	for lang in da en; do
		pdf="$TMP/$name.$lang.pdf"
		run "pdf $name $lang" 0 "$DPAGEN" render "$ex" --lang $lang -o "$pdf"
		pdftotext "$pdf" "$TMP/t.txt" 2>/dev/null
		# Clause 1, clause 2, clause 15, annex A, annex D, signatures: in this order.
		if [ $lang = da ]; then words="1. Indhold|2. Præambel|15. Kontaktpersoner|Bilag A – |Bilag D – |Underskrifter"
		else words="1. Table of contents|2. Preamble|15. Contact persons|Annex A – |Annex D – |Signatures"; fi
		[ $sig = 1 ] || words=${words%|*}
		/usr/bin/python3 - "$TMP/t.txt" "$words" <<'PY' >"$TMP/order" 2>&1
import sys
text = open(sys.argv[1], encoding="utf-8").read()
# Headings (not TOC entries): the last occurrence of each, in order.
pos = [text.rfind(w) for w in sys.argv[2].split("|")]
print("ok" if all(p >= 0 for p in pos) and pos == sorted(pos) else "bad %s" % pos)
PY
		has "pdf $name $lang text in order" "$TMP/order" "ok"
		if pdffonts "$pdf" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }'; then
			ok "pdf $name $lang fonts embedded"; else bad "pdf $name $lang fonts embedded" "$(pdffonts "$pdf" 2>&1)"; fi
		pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
		if [ "${pages:-0}" -ge 10 ] && [ "${pages:-0}" -le 40 ]; then ok "pdf $name $lang $pages pages"; else
			bad "pdf $name $lang page count" "${pages:-none}"; fi
		n=$(qpdf --json --json-key=outlines "$pdf" 2>/dev/null | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["outlines"]))')
		if [ "$n" = $((19 + sig)) ]; then ok "pdf $name $lang bookmarks"; else
			bad "pdf $name $lang bookmarks" "$n top-level, wanted $((19 + sig))"; fi
	done
done

pdf="$TMP/minimal.da.pdf"
pdftotext "$pdf" "$TMP/t.txt" 2>/dev/null
has "Danish letters extract" "$TMP/t.txt" "Underretning om brud på persondatasikkerheden"
has "quotes extract" "$TMP/t.txt" "„part“"
has "page footer" "$TMP/t.txt" "Side 1 af"
has "fingerprint in the footer" "$TMP/t.txt" "Fingeraftryk "
has "signature lines" "$TMP/t.txt" "Sted og dato"
pdftotext -f 2 -l 2 "$pdf" "$TMP/p2.txt" 2>/dev/null
has "running header from page 2, with the version" "$TMP/p2.txt" "DBA-EKS-2026-001, version 1.0"
pdfinfo "$pdf" >"$TMP/info" 2>/dev/null
has "title metadata" "$TMP/info" "Title:           Databehandleraftale"
has "author is the processor" "$TMP/info" "Author:          Eksempel ApS"
hasnt "no date without SOURCE_DATE_EPOCH" "$TMP/info" "CreationDate"

# Table of contents: the page printed for clause 10 is where it is.
toc=$(sed -n 's/^10\. Underretning om brud på persondatasikkerheden[ .]*\([0-9][0-9]*\)$/\1/p' "$TMP/t.txt" | head -1)
pdftotext -f "${toc:-1}" -l "${toc:-1}" "$pdf" "$TMP/p.txt" 2>/dev/null
if [ -n "$toc" ] && grep -q "^10\. Underretning om brud" "$TMP/p.txt"; then ok "toc page numbers are right"; else
	bad "toc page numbers are right" "toc says ${toc:-nothing}"; fi

# Danish and English fit CP1252: simple WinAnsi fonts.  Any other letter
# brings Unicode (CID) fonts, and it still extracts.
pdffonts "$pdf" >"$TMP/fonts" 2>/dev/null
has "Danish text in WinAnsi fonts" "$TMP/fonts" "WinAnsi"
run "a name outside CP1252" 0 "$DPAGEN" render examples/minimal.yaml --set 'controller.name="Łódź Spółka z o.o."' -o "$TMP/pl.pdf"
pdffonts "$TMP/pl.pdf" >"$TMP/fonts" 2>/dev/null
has "then Unicode fonts" "$TMP/fonts" "Identity-H"
pdftotext "$TMP/pl.pdf" "$TMP/pl.txt" 2>/dev/null
has "and the name extracts" "$TMP/pl.txt" "Łódź Spółka z o.o."
has "Danish letters still extract" "$TMP/pl.txt" "Underretning om brud på persondatasikkerheden"

# The embedded fonts draw Liberation Serif's glyphs.  WinAnsi documents
# embed the font cut to CP1252 first (font_subset.c); CID ones the file.
LIB=/usr/share/fonts/truetype/liberation2
if CUT=1 /usr/bin/python3 tests/cli/embedded_fonts.py "$pdf" "$TMP/t.txt" $LIB >"$TMP/fc" 2>&1; then
	ok "cut fonts draw the system font's glyphs ($(cat "$TMP/fc"))"; else
	bad "cut fonts draw the system font's glyphs" "$(tail -1 "$TMP/fc")"; fi
if /usr/bin/python3 tests/cli/embedded_fonts.py "$TMP/pl.pdf" "$TMP/pl.txt" $LIB >"$TMP/fc" 2>&1; then
	ok "CID fonts draw the system font's glyphs"; else
	bad "CID fonts draw the system font's glyphs" "$(tail -1 "$TMP/fc")"; fi
# A font that cannot be cut (here: its 'post' table is too short) is
# embedded as it is.
mkdir -p "$TMP/fonts-odd"
for f in Regular Bold Italic BoldItalic; do cp $LIB/LiberationSerif-$f.ttf "$TMP/fonts-odd/Odd-$f.ttf"; done
/usr/bin/python3 - "$TMP/fonts-odd/Odd-Regular.ttf" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
for i in range(struct.unpack(">H", d[4:6])[0]):
    if d[12 + 16 * i:16 + 16 * i] == b"post":
        d[24 + 16 * i:28 + 16 * i] = struct.pack(">I", 10)
open(sys.argv[1], "wb").write(d)
PY
run "a font that cannot be cut" 0 env DPAGEN_FONT_DIR="$TMP/fonts-odd" "$DPAGEN" render examples/minimal.yaml -o "$TMP/odd.pdf"
pdftotext "$TMP/odd.pdf" "$TMP/odd.txt" 2>/dev/null
has "and its text extracts" "$TMP/odd.txt" "Underretning om brud på persondatasikkerheden"

# Deterministic: byte-identical, with or without SOURCE_DATE_EPOCH.
"$DPAGEN" render examples/orbit.yaml -o "$TMP/a.pdf"
sleep 1
"$DPAGEN" render examples/orbit.yaml -o "$TMP/b.pdf"
if cmp -s "$TMP/a.pdf" "$TMP/b.pdf"; then ok "pdf deterministic"; else bad "pdf deterministic" "differ"; fi
SOURCE_DATE_EPOCH=1767225600 "$DPAGEN" render examples/orbit.yaml -o "$TMP/c.pdf"
sleep 1
SOURCE_DATE_EPOCH=1767225600 "$DPAGEN" render examples/orbit.yaml -o "$TMP/d.pdf"
if cmp -s "$TMP/c.pdf" "$TMP/d.pdf"; then ok "pdf deterministic with SOURCE_DATE_EPOCH"; else bad "pdf deterministic with SOURCE_DATE_EPOCH" "differ"; fi
pdfinfo "$TMP/c.pdf" >"$TMP/info" 2>/dev/null
has "creation date from SOURCE_DATE_EPOCH" "$TMP/info" "Thu Jan  1 00:00:00 2026 UTC"

# A long table repeats its header on every page it spans; a word wider
# than its cell is broken, and nothing is lost.
/usr/bin/python3 - "$TMP/many.yaml" <<'PY'
import sys
rows = "".join("    - {name: Leverandør nr. %d ApS, country: DK, service: \"Drift og support af platformen, herunder overvågning, backup og fejlretning i kundens miljø nr. %d\"}\n" % (i, i) for i in range(60))
cfg = open("examples/minimal.yaml", encoding="utf-8").read().split("sub_processors:")[0]
cfg += "sub_processors:\n  notice_days: 30\n  list:\n" + rows
cfg += "    - {name: Ubrydeligtlangtnavnudenmellemrumsomikkekanstaaisinhelhedpaaenlinjeimedcellen, country: SE, service: x}\n"
rest = open("examples/minimal.yaml", encoding="utf-8").read().split("sub_processors:")[1]
rest = rest[rest.index("\n", rest.index("list:")):]
lines = rest.split("\n")
i = 1
while i < len(lines) and (lines[i].startswith("  ") or not lines[i]):
    i += 1
cfg += "\n".join(lines[i:])
open(sys.argv[1], "w", encoding="utf-8").write(cfg)
PY
run "long table" 0 "$DPAGEN" render "$TMP/many.yaml" -o "$TMP/many.pdf"
pages=0
for p in $(seq 1 40); do
	pdftotext -f $p -l $p "$TMP/many.pdf" - 2>/dev/null | grep -q "^Navn$\|^Navn " && pages=$((pages + 1))
done
if [ "$pages" -ge 2 ]; then ok "table header repeated on $pages pages"; else bad "table header repeated" "on $pages pages"; fi
pdftotext "$TMP/many.pdf" - 2>/dev/null | tr -d '\n -' > "$TMP/flat"
has "every row is there" "$TMP/flat" "Leverandørnr.59ApS"
has "an over-long word is kept whole" "$TMP/flat" "Ubrydeligtlangtnavnudenmellemrumsomikkekanstaaisinhelhedpaaenlinjeimedcellen"

# Issue 18: a column exactly as wide as its longest word holds it
# (rounding cut "Adresse" into "Adress" and "e").  Overlong words in
# table cells: tests/hostile/hostile.sh, under its time and memory caps.
pdftotext "$TMP/onecom.da.pdf" "$TMP/t.txt" 2>/dev/null
has "a column as wide as its word holds it" "$TMP/t.txt" "Adresse"

# Never to a terminal; a missing font is a clear error.
run "pdf refuses a terminal" 2 script -qec "\"$DPAGEN\" render examples/minimal.yaml -f pdf" /dev/null
has "says why" "$TMP/out" "will not write pdf to a terminal"
run "missing fonts" 2 env DPAGEN_FONT_DIR="$TMP/nofonts" "$DPAGEN" render examples/minimal.yaml -o "$TMP/x.pdf"
has "names the font" "$TMP/err" "no Regular TrueType font"
if [ -e "$TMP/x.pdf" ]; then bad "no pdf left on error" "x.pdf exists"; else ok "no pdf left on error"; fi
run "annexes-only pdf" 0 "$DPAGEN" render examples/minimal.yaml --annexes-only -o "$TMP/ann.pdf"

# libharu is loaded by the first PDF only (hpdf_lazy.h): without it, PDF
# fails with a message, and everything else works.  A file that is no
# library, first in the search path, stands in for a missing one.
mkdir -p "$TMP/nolib" && : >"$TMP/nolib/libhpdf-2.3.0.so"
run "pdf without libharu" 2 env LD_LIBRARY_PATH="$TMP/nolib" "$DPAGEN" render examples/minimal.yaml -o "$TMP/nolib.pdf"
has "says what is missing" "$TMP/err" "PDF output needs libharu (Debian package libhpdf-2.3.0)"
if [ -e "$TMP/nolib.pdf" ]; then bad "no pdf without libharu" "nolib.pdf exists"; else ok "no pdf without libharu"; fi
run "html without libharu" 0 env LD_LIBRARY_PATH="$TMP/nolib" "$DPAGEN" render -f html examples/minimal.yaml -o "$TMP/nolib.html"

# Lettered lists ("- a) ..." in the templates) show "a)" and no bullet in
# every format, each its own way: one detection (doc.c).
"$DPAGEN" render examples/minimal.yaml -o "$TMP/l.pdf"
pdftotext -layout "$TMP/l.pdf" - 2>/dev/null | grep -E '^ +(• *)?[a-d]\) ' >"$TMP/l.txt"
has "pdf lettered list shows its letter" "$TMP/l.txt" "a) pseudonymisering og kryptering"
hasnt "pdf lettered list has no bullet" "$TMP/l.txt" "•"
if grep -qE '[a-d]\) [a-d]\) ' "$TMP/l.txt"; then bad "pdf letter shown once" "$(head -3 "$TMP/l.txt")"; else ok "pdf letter shown once"; fi
"$DPAGEN" render examples/minimal.yaml -o "$TMP/l.md"
if grep -q '^a) pseudonymisering og kryptering' "$TMP/l.md"; then ok "md lettered item is a paragraph"; else bad "md lettered item is a paragraph" "no line a) ..."; fi
if grep -qE '^ *[-*+] +[a-z]\) ' "$TMP/l.md"; then bad "md has no bulleted letter" "$(grep -E '^ *[-*+] +[a-z]\) ' "$TMP/l.md" | head -2)"; else ok "md has no bulleted letter"; fi
/usr/bin/python3 - "$TMP/l.md" <<'PY' >"$TMP/l.chk" 2>&1
import sys
# Each "x) " line starts a paragraph: a blank line before it.
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
bad = [l for i, l in enumerate(lines) if l[:3] in ("b) ", "c) ") and lines[i - 1].strip()]
print("ok" if not bad else "glued: %r" % bad[:2])
PY
has "md lettered items stand apart" "$TMP/l.chk" "ok"
"$DPAGEN" render examples/minimal.yaml -f html -o "$TMP/l.html"
tr '\n' ' ' <"$TMP/l.html" >"$TMP/l.flat"
has "html lettered list has no bullet" "$TMP/l.flat" '<ol class="lettered" type="a" style="list-style:none"> <li>a) pseudonymisering'
COLUMNS=100 "$DPAGEN" preview examples/minimal.yaml 6 >"$TMP/l.term" 2>&1
if grep -q '^a) pseudonymisering og kryptering' "$TMP/l.term"; then ok "terminal lettered list shows its letter"; else bad "terminal lettered list shows its letter" "$(grep -F 'pseudonym' "$TMP/l.term")"; fi
hasnt "terminal lettered list has no bullet" "$TMP/l.term" "• a)"
# A list whose letters do not run a), b), ... in order keeps its bullets.
{ cat examples/minimal.yaml; printf '\nother_terms:\n  - title: Punkter\n    text: |\n      Punkter:\n\n      - a) første\n      - c) tredje\n'; } >"$TMP/l.yaml"
"$DPAGEN" render "$TMP/l.yaml" -o "$TMP/l2.md"
has "md: letters out of order keep their bullets" "$TMP/l2.md" "- c) tredje"
"$DPAGEN" render "$TMP/l.yaml" -o "$TMP/l2.pdf"
pdftotext -layout "$TMP/l2.pdf" - 2>/dev/null | tr -s ' ' >"$TMP/l2.txt"
has "pdf: letters out of order keep their bullets" "$TMP/l2.txt" "• c) tredje"
{ cat examples/minimal.yaml; printf '\nother_terms:\n  - title: Punkter\n    text: |\n      Punkter:\n\n      -   a) første\n      -   b) anden\n'; } >"$TMP/l3.yaml"
"$DPAGEN" render "$TMP/l3.yaml" -o "$TMP/l3.md"
if grep -q '^ *b) anden' "$TMP/l3.md" && ! grep -q -- '- *b) anden' "$TMP/l3.md"; then ok "md: a lettered list with wide bullets"; else
	bad "md: a lettered list with wide bullets" "$(grep -F 'anden' "$TMP/l3.md")"; fi

# The signature page (issue 20 item 1): the parties side by side, field
# beside field, 2.5 cm to sign, names whole; also with two signatories on
# one side, a phone and an e-mail on one side only, a long party name.
for lang in da en; do
	"$DPAGEN" render examples/uptime.yaml --lang $lang -o "$TMP/up.$lang.pdf"
	if /usr/bin/python3 tests/cli/sigpage.py "$TMP/up.$lang.pdf" $lang "Uptime ApS" >"$TMP/sp" 2>&1; then
		ok "signature page $lang"; else bad "signature page $lang" "$(grep -v '^ok' "$TMP/sp")"; fi
done
/usr/bin/python3 - examples/uptime.yaml "$TMP/sig2.yaml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("  name: Kunde A/S\n", "  name: Fjordbyens Tandlægeklinik ApS og Omegnens Tandplejecenter\n", 1)
s = s.replace("      title: Administrerende direktør\n", "      title: Administrerende direktør\n"
              "      phone: \"+45 11 22 33 44\"\n      email: lars.holm@fjordbyens-tandlaegeklinik.dk\n"
              "    - name: Mette Jensen\n      title: Bestyrelsesformand\n", 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
for lang in da en; do
	run "two signatories $lang" 0 "$DPAGEN" render "$TMP/sig2.yaml" --lang $lang -o "$TMP/sig2.$lang.pdf"
	if /usr/bin/python3 tests/cli/sigpage.py "$TMP/sig2.$lang.pdf" $lang "Fjordbyens Tandlægeklinik ApS og Omegnens Tandplejecenter" "Uptime ApS" >"$TMP/sp" 2>&1; then
		ok "signature page, two signatories $lang"; else bad "signature page, two signatories $lang" "$(grep -v '^ok' "$TMP/sp")"; fi
done
pdftotext "$TMP/sig2.da.pdf" - 2>/dev/null | grep -c '^Underskrift$' >"$TMP/n"
has "a signature line per signatory" "$TMP/n" "3"

# PDF/A-2b and metadata (issue 20 item 3), read back with pikepdf: every
# example in both languages; qpdf finds nothing; pdftotext says nothing.
for ex in examples/*.yaml; do
	ex_name=$(basename "$ex" .yaml)
	for lang in da en; do
		"$DPAGEN" render "$ex" --lang $lang -o "$TMP/pa.pdf"
		if /usr/bin/python3 tests/cli/pdfa.py "$TMP/pa.pdf" $lang >"$TMP/pa" 2>&1; then
			ok "pdf/a $ex_name $lang"; else bad "pdf/a $ex_name $lang" "$(grep -v '^ok' "$TMP/pa")"; fi
		if qpdf --check "$TMP/pa.pdf" >"$TMP/qc" 2>&1; then ok "qpdf --check $ex_name $lang"; else
			bad "qpdf --check $ex_name $lang" "$(tail -3 "$TMP/qc")"; fi
		pdftotext "$TMP/pa.pdf" /dev/null 2>"$TMP/pw"
		if [ -s "$TMP/pw" ]; then bad "pdftotext quiet $ex_name $lang" "$(sort "$TMP/pw" | uniq -c | head -3)"; else
			ok "pdftotext quiet $ex_name $lang"; fi
	done
done
SOURCE_DATE_EPOCH=1767225600 "$DPAGEN" render examples/uptime.yaml -o "$TMP/pa.pdf"
if /usr/bin/python3 tests/cli/pdfa.py "$TMP/pa.pdf" da "Kunde A/S" "Uptime ApS" "DBA-UPTIME-KUNDE-001" >"$TMP/pa" 2>&1; then
	ok "pdf/a with dates, title names the parties and the reference"; else
	bad "pdf/a with dates, title names the parties and the reference" "$(grep -v '^ok' "$TMP/pa")"; fi
has "XMP dates agree with Info" "$TMP/pa" "ok XMP xmp:CreateDate agrees with Info /CreationDate ('2026-01-01T00:00:00+00:00')"
pdfinfo "$TMP/pa.pdf" >"$TMP/info" 2>/dev/null
has "pdfinfo sees the form" "$TMP/info" "Form:            AcroForm"
# Signature fields: one per signatory, named after party and signatory,
# over the signing room of its line (2.5 cm high), the parties side by side.
grep '^field ' "$TMP/pa" >"$TMP/fields"
/usr/bin/python3 - "$TMP/fields" 2 "For den dataansvarlige: Kunde A/S – Lars Holm" "For databehandleren: Uptime ApS – Henrik Møller" <<'PY' >"$TMP/fc" 2>&1
import sys
rows = [l[6:].rstrip("\n").split("|") for l in open(sys.argv[1], encoding="utf-8")]
names = [r[0] for r in rows]
rects = [[float(v) for v in r[1].split()] for r in rows]
want = sys.argv[3:]
bad = []
if len(rows) != int(sys.argv[2]): bad.append("%d fields" % len(rows))
if names != want: bad.append("names %r" % names)
if any(r[3] - r[1] < 70.9 for r in rects): bad.append("a field under 2.5 cm: %r" % rects)
if len(rects) == 2 and (abs(rects[0][1] - rects[1][1]) > 0.1 or rects[1][0] < 297): bad.append("not side by side: %r" % rects)
print("bad " + "; ".join(bad) if bad else "ok")
PY
has "signature fields named and placed" "$TMP/fc" "ok"
"$DPAGEN" render "$TMP/sig2.yaml" -o "$TMP/pa.pdf"
/usr/bin/python3 tests/cli/pdfa.py "$TMP/pa.pdf" da >"$TMP/pa" 2>&1
grep -c '^field .* – Mette Jensen|' "$TMP/pa" >"$TMP/n"
has "a field for the second signatory" "$TMP/n" "1"
# Unicode (CID) fonts: a correct ToUnicode map, so pdftotext is quiet.
pdftotext "$TMP/pl.pdf" /dev/null 2>"$TMP/pw"
if [ -s "$TMP/pw" ]; then bad "pdftotext quiet on CID fonts" "$(sort "$TMP/pw" | uniq -c | head -3)"; else ok "pdftotext quiet on CID fonts"; fi
if /usr/bin/python3 tests/cli/pdfa.py "$TMP/pl.pdf" da >"$TMP/pa" 2>&1; then ok "pdf/a with CID fonts"; else
	bad "pdf/a with CID fonts" "$(grep -v '^ok' "$TMP/pa")"; fi
# A character the fonts lack is refused, with the character and its words.
run "a character the font lacks" 2 "$DPAGEN" render examples/minimal.yaml --set 'controller.name="株式会社 Example"' -o "$TMP/jp.pdf"
has "names the character" "$TMP/err" '"株" (U+682A)'
has "and the value" "$TMP/err" "株式会社 Example"
has "located at the --set value" "$TMP/err" "--set:1:17: controller.name: the PDF font has no"
printf 'extends: %s\nprocessor:\n  name: "Example 株式会社"\n' "$PWD/examples/minimal.yaml" > "$TMP/jp.yaml"
run "a character the font lacks, in a file" 2 "$DPAGEN" render "$TMP/jp.yaml" -o "$TMP/jp.pdf"
has "located in the file" "$TMP/err" "$TMP/jp.yaml:3:9: processor.name: the PDF font has no \"株\""
printf 'agreement.reference,controller.name\nJ-1,Tokyo 株式会社\nJ-2,Fin ApS\n' > "$TMP/jp.csv"
run "a character the font lacks, in batch" 2 "$DPAGEN" batch examples/ci/base.yaml "$TMP/jp.csv" -o "$TMP/jpb" -f pdf
has "located in the CSV" "$TMP/err" "$TMP/jp.csv:2:5: controller.name: the PDF font has no"
if [ -e "$TMP/jpb/J-2.pdf" ] && [ ! -e "$TMP/jpb/J-1.pdf" ]; then ok "batch: the others written"; else bad "batch: the others written" "$(ls "$TMP/jpb")"; fi
if [ -e "$TMP/jp.pdf" ]; then bad "no pdf with a missing character" "jp.pdf exists"; else ok "no pdf with a missing character"; fi
run "other formats keep it" 0 "$DPAGEN" render examples/minimal.yaml --set 'controller.name="株式会社 Example"' -o "$TMP/jp.html"
run "a character outside the BMP" 2 "$DPAGEN" render examples/minimal.yaml --set 'controller.name="Smil 😀 ApS"' -o "$TMP/jp.pdf"
has "names it" "$TMP/err" "(U+1F600)"

# Typesetting rules (issue 20 item 2) on every example: no page but the
# last (and the one before the signatures) under half full, so annexes
# follow on when a new page would leave one mostly empty; no page ends on
# a lead-in ("... som følger:"); no name, place or number of the config
# hyphenated; at most two hyphenated lines in a row.  The rules one by
# one: tests/unit/test_pdf_layout.c.
for ex in examples/*.yaml; do
	ex_name=$(basename "$ex" .yaml)
	for lang in da en; do
		"$DPAGEN" render "$ex" --lang $lang -o "$TMP/ty.pdf"
		if /usr/bin/python3 tests/cli/layout.py "$TMP/ty.pdf" "$ex" >"$TMP/ty" 2>&1; then
			ok "typesetting $ex_name $lang"; else bad "typesetting $ex_name $lang" "$(grep -v '^ok' "$TMP/ty")"; fi
	done
done

finish
