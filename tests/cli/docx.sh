#!/bin/sh
# docx.sh - the Word back-end (-f docx), read back with python-docx
# (tests/cli/docx_read.py) and converted by LibreOffice: every example in
# Danish and English, styles, language, properties, fields, tables, links,
# the same words as the Markdown, XML specials, identical bytes, batch.
# Run by tests/run.sh.
. tests/cli/lib.sh
PY=/usr/bin/python3
READ=tests/cli/docx_read.py


mkdir -p "$TMP/docx" "$TMP/md" "$TMP/txt"
for ex in examples/*.yaml; do
	b=$(basename "$ex" .yaml)
	for lang in da en; do
		run "docx $b $lang" 0 "$DPAGEN" render "$ex" --lang $lang -f docx -o "$TMP/docx/$b.$lang.docx"
		"$DPAGEN" render "$ex" --lang $lang -o "$TMP/md/$b.$lang.md" 2>/dev/null
		$PY $READ parts "$TMP/docx/$b.$lang.docx" $lang >"$TMP/r" 2>&1
		tally "docx reader"
	done
done

# -- by the extension of -o; never to a terminal (binary, like PDF)
run "docx by extension" 0 "$DPAGEN" render examples/minimal.yaml -o "$TMP/ext.docx"
if cmp -s "$TMP/ext.docx" "$TMP/docx/minimal.da.docx"; then ok "extension gives the same file"; else
	bad "extension gives the same file" "differs from -f docx"; fi
run "docx not to a terminal" 2 script -qec "\"$DPAGEN\" render examples/minimal.yaml -f docx" /dev/null
has "says why" "$TMP/out" "will not write docx to a terminal"

# -- identical bytes: twice the same; SOURCE_DATE_EPOCH gives the dates
"$DPAGEN" render examples/orbit.yaml -f docx -o "$TMP/a.docx"
"$DPAGEN" render examples/orbit.yaml -f docx -o "$TMP/b.docx"
if cmp -s "$TMP/a.docx" "$TMP/b.docx"; then ok "same bytes twice"; else bad "same bytes twice" "differ"; fi
SOURCE_DATE_EPOCH=1767225600 "$DPAGEN" render examples/orbit.yaml -f docx -o "$TMP/c.docx"
SOURCE_DATE_EPOCH=1767225600 TZ=Pacific/Auckland "$DPAGEN" render examples/orbit.yaml -f docx -o "$TMP/d.docx"
if cmp -s "$TMP/c.docx" "$TMP/d.docx"; then ok "same bytes in any time zone"; else bad "same bytes in any time zone" "differ"; fi
$PY - "$TMP/a.docx" "$TMP/c.docx" <<'PY' >"$TMP/r" 2>&1
import sys, zipfile, docx
a, c = sys.argv[1], sys.argv[2]
ta = {i.date_time for i in zipfile.ZipFile(a).infolist()}
tc = {i.date_time for i in zipfile.ZipFile(c).infolist()}
print("ok" if ta == {(1980, 1, 1, 0, 0, 0)} else "FAIL", "entries dated 1980 without SOURCE_DATE_EPOCH:", ta)
print("ok" if tc == {(2026, 1, 1, 0, 0, 0)} else "FAIL", "entries dated by SOURCE_DATE_EPOCH:", tc)
print("ok" if docx.Document(a).core_properties.created is None else "FAIL", "no created date without it:")
cr = docx.Document(c).core_properties.created
print("ok" if cr and cr.isoformat().startswith("2026-01-01T00:00:00") else "FAIL", "created from it:", cr)
attrs = {(i.compress_type, i.external_attr, i.create_system) for i in zipfile.ZipFile(a).infolist()}
print("ok" if len(attrs) == 1 else "FAIL", "one compression and mode:", attrs)
PY
sed -i 's/^\(ok\|FAIL\) \([^:]*\):\(.*\)$/\1 \2: \3/; s/^ok \([^:]*\): .*/ok \1/' "$TMP/r"
tally "docx reader"

# -- values with XML specials survive, escaped by the back-end
v='Smith & <Sons> "Ltd"'
run "xml specials" 0 "$DPAGEN" render examples/minimal.yaml --set "controller.name='$v'" -o "$TMP/x.docx"
$PY $READ has "$TMP/x.docx" "$v" title >"$TMP/r" 2>&1
tally "docx reader"
w='Hosting & <Co> "GmbH"'
run "xml specials in a table" 0 "$DPAGEN" render examples/minimal.yaml --set "sub_processors.list.0.name='$w'" -o "$TMP/y.docx"
$PY $READ has "$TMP/y.docx" "$w" cell >"$TMP/r" 2>&1
tally "docx reader"
# A Markdown value (other_terms): links out, lists in lists deeper than
# Word's nine levels, an ordered list from 4, a level-4 heading.
t='Ingen *ekstra* vilkår, se [vilkår](https://x.example/?a=1&b=2).\n\n4. et\n5. to\n   - a\n     - b\n       - c\n         - d\n           - e\n             - f\n               - g\n                 - h\n                   - i\n                     - j\n                       - k\n\n#### Ansvar\n\n**Begrænset *og*** [sidst](https://y.example).'
run "markdown value" 0 "$DPAGEN" render examples/minimal.yaml --set "other_terms=[{title: \"Særlige vilkår\", text: \"$t\"}]" -o "$TMP/ot.docx"
$PY $READ markdown "$TMP/ot.docx" >"$TMP/r" 2>&1
tally "docx reader"
# --highlight marks the config's values in Word too
run "highlight" 0 "$DPAGEN" render examples/minimal.yaml --highlight -o "$TMP/h.docx"
unzip -p "$TMP/h.docx" word/document.xml >"$TMP/h.xml" 2>/dev/null
has "highlighted values" "$TMP/h.xml" '<w:highlight w:val="yellow"/></w:rPr><w:t xml:space="preserve">CVR 12345678</w:t>'
unzip -p "$TMP/docx/minimal.da.docx" word/document.xml >"$TMP/n.xml" 2>/dev/null
hasnt "no highlight without it" "$TMP/n.xml" "w:highlight"
hasnt "no review marks left" "$TMP/h.xml" "$(printf '\356\200\200')"

# -- a draft (--force over error-level findings) says so in the header
# and the properties, like the PDF on every page
run "draft" 0 "$DPAGEN" render tests/fixtures/uptime-original.yaml --force -o "$TMP/draft.docx"
unzip -p "$TMP/draft.docx" word/header1.xml >"$TMP/h.xml" 2>/dev/null
has "draft in the header" "$TMP/h.xml" "UDKAST – ikke klar til underskrift"
unzip -p "$TMP/draft.docx" docProps/core.xml >"$TMP/c.xml" 2>/dev/null
has "draft in the properties" "$TMP/c.xml" "<cp:contentStatus>UDKAST – ikke klar til underskrift</cp:contentStatus>"
unzip -p "$TMP/docx/minimal.da.docx" word/header1.xml >"$TMP/h.xml" 2>/dev/null
hasnt "no draft mark otherwise" "$TMP/h.xml" "UDKAST"

# -- batch -f docx (the back-end table drives it)
run "batch docx" 0 "$DPAGEN" batch examples/ci/base.yaml examples/ci/customers.csv -o "$TMP/batch" -f md,docx
for n in DBA-2026-101 DBA-2026-102 DBA-2026-103; do
	if unzip -tq "$TMP/batch/$n.docx" >/dev/null 2>&1; then ok "batch wrote $n.docx"; else
		bad "batch wrote $n.docx" "$(ls "$TMP/batch")"; fi
done
$PY $READ has "$TMP/batch/DBA-2026-102.docx" "Frisørsalon Holm, Sørensen & Co. I/S" title >"$TMP/r" 2>&1
tally "docx reader"

# -- LibreOffice opens every file: the same words as the Markdown, in order,
# and a PDF whose footer fields it filled in.  One soffice run for all
# files (it is slow to start), with its own profile, and without
# VALGRIND: LibreOffice's soffice script would run itself under it.
if ! command -v soffice >/dev/null 2>&1; then
	echo "docx.sh: soffice missing (Debian libreoffice-writer-nogui): LibreOffice checks skipped"
else
	mkdir -p "$TMP/home"
	env -u VALGRIND HOME="$TMP/home" soffice --headless --convert-to txt:Text --outdir "$TMP/txt" "$TMP"/docx/*.docx \
	    >"$TMP/lo.log" 2>&1
	for f in "$TMP"/docx/*.docx; do
		b=$(basename "$f" .docx)
		if [ -s "$TMP/txt/$b.txt" ]; then
			$PY $READ words "$TMP/md/$b.md" "$TMP/txt/$b.txt" >"$TMP/r" 2>&1
			tally "docx reader"
		else
			bad "LibreOffice reads $b.docx" "$(tail -3 "$TMP/lo.log")"
		fi
	done
	env -u VALGRIND HOME="$TMP/home" soffice --headless --convert-to pdf --outdir "$TMP" "$TMP/docx/minimal.da.docx" \
	    >"$TMP/lo.log" 2>&1
	pages=$(pdfinfo "$TMP/minimal.da.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	if [ "${pages:-0}" -ge 10 ] && [ "${pages:-0}" -le 40 ]; then ok "LibreOffice PDF: $pages pages"; else
		bad "LibreOffice PDF pages" "${pages:-none}: $(tail -3 "$TMP/lo.log")"; fi
	pdftotext -f 2 -l 2 "$TMP/minimal.da.pdf" "$TMP/p2.txt" 2>/dev/null
	has "fields filled in: Side 2 af N" "$TMP/p2.txt" "Side 2 af $pages"
	has "running header has the reference" "$TMP/p2.txt" "DBA-EKS-2026-001"
fi

finish
