#!/bin/sh
# diff.sh - `dpagen diff OLD NEW`: part by part, words inside; goldens for a
# changed breach deadline and for sub-processors added, removed and moved.
. tests/cli/lib.sh
OLD=examples/minimal.yaml

run "same: exit 0" 0 "$DPAGEN" diff $OLD $OLD
has "same: said" "$TMP/out" "= front matter – signatures unchanged"

run "breach hours: exit 1" 1 "$DPAGEN" diff $OLD tests/diff/breach.yaml -o "$TMP/breach.txt"
if cmp -s "$TMP/breach.txt" tests/diff/breach.txt; then ok "breach golden"
else bad "breach golden" "$(diff -u tests/diff/breach.txt "$TMP/breach.txt" | head -20)"; fi
run "sub-processors md: exit 1" 1 "$DPAGEN" diff $OLD tests/notice/new.yaml -f md -o "$TMP/subs.md"
if cmp -s "$TMP/subs.md" tests/diff/subs.md; then ok "sub-processors golden"
else bad "sub-processors golden" "$(diff -u tests/diff/subs.md "$TMP/subs.md" | head -20)"; fi
run "rows cell by cell: exit 1" 1 "$DPAGEN" diff $OLD tests/diff/rows.yaml -o "$TMP/rows.txt"
if cmp -s "$TMP/rows.txt" tests/diff/rows.txt; then ok "rows golden"
else bad "rows golden" "$(diff -u tests/diff/rows.txt "$TMP/rows.txt" | head -20)"; fi
has "a changed row shows its changed cell" "$TMP/rows.txt" "| Tyskland | [-Tyskland-] {+Tyskland og Østrig+} |"
has "md marks a deletion" "$TMP/subs.md" "~~Eksempel SMS ApS"
has "md marks an insertion" "$TMP/subs.md" "<ins>Nordlys Messaging Inc."

run "stat" 1 "$DPAGEN" diff $OLD tests/notice/new.yaml --stat
has "stat: one line per part" "$TMP/out" "changed  B.1      b-approved"
has "stat: total" "$TMP/out" "parts changed"
hasnt "stat: no text" "$TMP/out" "Nordlys"
run "colour on request" 1 "$DPAGEN" diff $OLD tests/diff/breach.yaml --color
has "colour marks" "$TMP/out" "$(printf '\033[31;9m24\033[0m')"
run "no colour into a pipe" 1 "$DPAGEN" diff $OLD tests/diff/breach.yaml
has "plain marks" "$TMP/out" "[-24-] {+48+}"
run "--set changes NEW" 1 "$DPAGEN" diff $OLD $OLD --set breach.notify_hours=36 --stat
has "--set shows" "$TMP/out" "breach-notify"

# --summary: one line in the agreement's language for agreement.history.
run "summary da" 1 "$DPAGEN" diff $OLD tests/notice/new.yaml --summary
has "summary da line" "$TMP/out" "Ændret B.1, C.6."
run "summary en" 1 "$DPAGEN" diff $OLD tests/diff/breach.yaml --summary --lang en
has "summary en line" "$TMP/out" "Changed 10.2."
run "summary: annex part" 1 "$DPAGEN" diff $OLD $OLD --set 'other_terms=[{title: Ansvar, text: Se hovedaftalen.}]' --summary
has "summary annex part" "$TMP/out" "Ændret D.4."
run "history renders" 0 "$DPAGEN" render $OLD --set 'agreement.history=[{version: "1.0", date: 2026-03-01, summary: "Ændret B.1, C.6."}]' -o "$TMP/h.md"
has "history table after the front matter" "$TMP/h.md" "| 1.0 | 1. marts 2026 | Ændret B.1, C.6. |"
run "history renders en" 0 "$DPAGEN" render $OLD --lang en --set 'agreement.history=[{version: "1.0", date: 2026-03-01, summary: "Changed 10.2."}]' -o "$TMP/h.md"
has "history table en" "$TMP/h.md" "| Version | Date | Changes |"
run "history entry needs a summary" 2 "$DPAGEN" render $OLD --set 'agreement.history=[{version: "1.0", date: 2026-03-01}]' -o "$TMP/h2.md"
has "history summary required" "$TMP/err" "agreement.history[0].summary"

# Trouble: exit 2, located, nothing written.
printf 'extends: %s\nlanguage: en\n' "$PWD/$OLD" > "$TMP/en.yaml"
run "languages differ" 2 "$DPAGEN" diff $OLD "$TMP/en.yaml" -o "$TMP/x.txt"
has "languages message" "$TMP/err" "NEW is in en, OLD (examples/minimal.yaml) in da"
run "OLD does not load" 2 "$DPAGEN" diff "$TMP/nope.yaml" $OLD -o "$TMP/x.txt"
has "OLD error" "$TMP/err" "nope.yaml: cannot open"
if [ -e "$TMP/x.txt" ]; then bad "no file on trouble" "x.txt exists"; else ok "no file on trouble"; fi
run "bad format" 2 "$DPAGEN" diff $OLD $OLD -f odt
has "format message" "$TMP/err" "unknown format \"odt\" (formats: txt, md, html, pdf, docx)"

# -- The redline: -f html, pdf, docx (or -o's extension), one Markdown with
# marks through the AST every back-end takes.
PY=/usr/bin/python3
R=tests/cli/redline.py

run "html redline: exit 1" 1 "$DPAGEN" diff $OLD tests/diff/breach.yaml -o "$TMP/r.html"
has "html: deletion and insertion" "$TMP/r.html" "<del>24</del> <ins>48</ins>"
has "html: summary names OLD" "$TMP/r.html" "<strong>Tidligere version:</strong> examples/minimal.yaml, reference DBA-EKS-2026-001, version 1.0, dato 1. marts 2026"
has "html: summary names NEW" "$TMP/r.html" "<strong>Ny version:</strong> tests/diff/breach.yaml"
has "html: summary counts" "$TMP/r.html" "1 ændret, 0 tilføjet og 0 udgået af aftalens 98 dele."
# Links in the changed text go to the changed part in the redline, or are
# text: the redline holds no other part (C.6 and B.1 link to each other).
run "html redline of sub-processors" 1 "$DPAGEN" diff $OLD tests/notice/new.yaml -o "$TMP/rs.html"
/usr/bin/python3 - "$TMP/rs.html" <<'PY' >"$TMP/links" 2>&1
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
ids = set(re.findall(r'id="([^"]+)"', h))
hrefs = re.findall(r'href="#([^"]+)"', h)
dangling = [x for x in hrefs if x not in ids]
assert hrefs and not dangling, dangling
assert "changed-c-transfers" in hrefs, hrefs
print("links resolve")
PY
has "html: every link in the redline resolves" "$TMP/links" "links resolve"
has "html: summary links the change" "$TMP/r.html" '<a href="#changed-breach-notify">10.2</a> (Underretning om brud på persondatasikkerheden): ændret'
has "html: the link's target" "$TMP/r.html" '<p class="sub" id="changed-breach-notify">'
has "html: unchanged parts collapsed" "$TMP/r.html" "<em>indledningen – 10.1: uændret</em>"
has "html: marks styled for print" "$TMP/r.html" "del{color:#b01c1c"
run "html redline is valid (tidy)" 0 tidy -q -e "$TMP/r.html"
run "html redline to stdout" 1 "$DPAGEN" diff $OLD tests/diff/breach.yaml -f html
if cmp -s "$TMP/out" "$TMP/r.html"; then ok "-f html and .html agree"; else bad "-f html and .html agree" "differ"; fi
run "md by extension" 1 "$DPAGEN" diff $OLD tests/notice/new.yaml -o "$TMP/ext.md"
if cmp -s "$TMP/ext.md" tests/diff/subs.md; then ok "-o x.md gives md"; else bad "-o x.md gives md" "differs from -f md"; fi
run "html redline of sub-processors" 1 "$DPAGEN" diff $OLD tests/notice/new.yaml -o "$TMP/s.html"
has "html: OLD's table deleted as a table" "$TMP/s.html" "<th><del>Navn</del></th>"
has "html: NEW's row inserted" "$TMP/s.html" "<ins>Nordlys Messaging Inc.</ins>"
has "html: a changed cell" "$TMP/s.html" "<del>Tyskland</del>"
run "html sub-processors valid (tidy)" 0 tidy -q -e "$TMP/s.html"
run "html: user text" 1 "$DPAGEN" diff $OLD $OLD --set 'controller.name=Kunde <script>alert(1)</script> </del> A/S' -o "$TMP/e.html"
has "html: <script> stays text" "$TMP/e.html" "Kunde <ins>&lt;script&gt;alert(1)&lt;/script&gt; &lt;/del&gt;</ins> A/S"
hasnt "html: no script element" "$TMP/e.html" "<script"
run "html: user text valid (tidy)" 0 tidy -q -e "$TMP/e.html"
has "html: NEW named with its --set" "$TMP/e.html" "<strong>Ny version:</strong> examples/minimal.yaml (--set controller.name=Kunde &lt;script&gt;"

run "pdf redline: exit 1" 1 "$DPAGEN" diff $OLD tests/notice/new.yaml -o "$TMP/s.pdf"
run "pdf redline: qpdf --check" 0 qpdf --check "$TMP/s.pdf"
pdftotext -f 1 -l 1 "$TMP/s.pdf" "$TMP/p1.txt"
has "pdf: summary page" "$TMP/p1.txt" "Ændringer i databehandleraftalen"
has "pdf: summary names OLD" "$TMP/p1.txt" "Tidligere version: examples/minimal.yaml"
has "pdf: summary lists the changes" "$TMP/p1.txt" "B.1 Godkendte underdatabehandlere: ændret"
hasnt "pdf: the text starts on page 2" "$TMP/p1.txt" "Nordlys"
pdftotext -f 2 "$TMP/s.pdf" "$TMP/p2.txt"
has "pdf: inserted words" "$TMP/p2.txt" "Nordlys Messaging Inc."
has "pdf: deleted words" "$TMP/p2.txt" "har ikke instrueret"
qpdf --qdf --object-streams=disable "$TMP/s.pdf" "$TMP/q.pdf" 2>/dev/null
has "pdf: deletions struck through in red" "$TMP/q.pdf" "0.69 0.11 0.11 RG"
has "pdf: insertions underlined in green" "$TMP/q.pdf" "0.04 0.4 0.18 RG"
has "pdf: the summary links to the changes" "$TMP/q.pdf" "/Dest "
if $PY tests/cli/pdfa.py "$TMP/s.pdf" da >"$TMP/pa" 2>&1; then ok "pdf redline: PDF/A-2b checks (pdfa.py)"; else
	bad "pdf redline: PDF/A-2b checks (pdfa.py)" "$(grep -v '^ok' "$TMP/pa" | head -3)"; fi
run "redline of no change: exit 0" 0 "$DPAGEN" diff $OLD $OLD -o "$TMP/same.html"
has "redline of no change: says so" "$TMP/same.html" "<p>Ingen ændringer.</p>"
SOURCE_DATE_EPOCH=1767225600 "$DPAGEN" diff $OLD tests/diff/breach.yaml -o "$TMP/b1.pdf"
SOURCE_DATE_EPOCH=1767225600 "$DPAGEN" diff $OLD tests/diff/breach.yaml -f pdf -o "$TMP/b2.pdf"
if [ -s "$TMP/b1.pdf" ] && cmp -s "$TMP/b1.pdf" "$TMP/b2.pdf"; then ok "pdf redline: same bytes twice"; else
	bad "pdf redline: same bytes twice" "differ"; fi

run "docx redline: exit 1" 1 "$DPAGEN" diff $OLD tests/notice/new.yaml -o "$TMP/s.docx"
{
	$PY $R changes "$TMP/s.docx" "Eksempel ApS" 2026-03-01T00:00:00Z "har ikke instrueret" "Nordlys Messaging Inc."
	$PY $R rows "$TMP/s.docx"
} >"$TMP/r" 2>&1
tally "redline reader"
unzip -p "$TMP/s.docx" word/settings.xml >"$TMP/set.xml" 2>/dev/null
has "docx: the reviewer's edits are tracked too" "$TMP/set.xml" "<w:trackRevisions/>"
SOURCE_DATE_EPOCH=1767225600 "$DPAGEN" diff $OLD tests/diff/breach.yaml --author 'Advokat <Holm> & Co' -o "$TMP/b1.docx"
SOURCE_DATE_EPOCH=1767225600 "$DPAGEN" diff $OLD tests/diff/breach.yaml --author 'Advokat <Holm> & Co' -f docx -o "$TMP/b2.docx"
$PY $R changes "$TMP/b1.docx" "Advokat <Holm> & Co" 2026-01-01T00:00:00Z 24 48 >"$TMP/r" 2>&1
tally "redline reader"
if [ -s "$TMP/b1.docx" ] && cmp -s "$TMP/b1.docx" "$TMP/b2.docx"; then ok "docx redline: same bytes twice"; else
	bad "docx redline: same bytes twice" "differ"; fi
run "--author elsewhere warns" 1 "$DPAGEN" diff $OLD tests/diff/breach.yaml --author X -f html -o "$TMP/w.html"
has "--author warning" "$TMP/err" "--author does nothing for html"
# LibreOffice reads the tracked changes: laid out with them hidden, the
# redline shows NEW's text (accepted) and, with w:ins and w:del swapped,
# OLD's (rejected).  Not under VALGRIND (soffice would run under it).
if ! command -v soffice >/dev/null 2>&1; then
	echo "diff.sh: soffice missing (Debian libreoffice-writer-nogui): LibreOffice checks skipped"
else
	"$DPAGEN" render $OLD -o "$TMP/old.md"
	"$DPAGEN" render tests/notice/new.yaml -o "$TMP/new.md"
	$PY $R views "$TMP/s.docx" "$TMP/acc.docx" "$TMP/rej.docx" >"$TMP/r" 2>&1
	tally "redline reader"
	mkdir -p "$TMP/home" "$TMP/lo"
	env -u VALGRIND HOME="$TMP/home" soffice --headless --convert-to pdf --outdir "$TMP/lo" \
	    "$TMP/acc.docx" "$TMP/rej.docx" >"$TMP/lo.log" 2>&1
	pdftotext "$TMP/lo/acc.pdf" "$TMP/acc.txt" 2>/dev/null
	pdftotext "$TMP/lo/rej.pdf" "$TMP/rej.txt" 2>/dev/null
	{
		$PY $R section "$TMP/new.md" "### C.6" "$TMP/acc.txt" "LibreOffice, accepted: NEW's C.6"
		$PY $R section "$TMP/old.md" "### C.6" "$TMP/rej.txt" "LibreOffice, rejected: OLD's C.6"
	} >"$TMP/r" 2>&1
	tally "redline reader"
	has "LibreOffice, accepted: the new sub-processor" "$TMP/acc.txt" "Nordlys Messaging Inc."
	hasnt "LibreOffice, accepted: not the removed one" "$TMP/acc.txt" "CVR 13572468"
	has "LibreOffice, rejected: the removed sub-processor" "$TMP/rej.txt" "CVR 13572468"
	hasnt "LibreOffice, rejected: not the new one" "$TMP/rej.txt" "Nordlys"
fi

# Markdown's syntax in a changed value stays text in every format: the
# redline's marks go around it, never inside an escape or a delimiter run.
for v in 'A **b _c* \\ `d` [x](#y) <del>' '***' '_x_ **y**.' 'a\\' '| a | b |' '1. x'; do
	for f in html pdf docx; do
		"$DPAGEN" diff $OLD $OLD --set "controller.name='$v'" -o "$TMP/h.$f" 2>"$TMP/err"
		[ $? -eq 1 ] || bad "hostile value [$v] $f: exit" "$(head -c 300 "$TMP/err")"
	done
	if tidy -q -e "$TMP/h.html" >"$TMP/t" 2>&1; then ok "hostile value [$v]: html valid"; else
		bad "hostile value [$v]: html valid" "$(head -3 "$TMP/t")"; fi
	if qpdf --check "$TMP/h.pdf" >/dev/null 2>&1; then ok "hostile value [$v]: pdf valid"; else
		bad "hostile value [$v]: pdf valid" "qpdf --check"; fi
	if unzip -p "$TMP/h.docx" word/document.xml | $PY -c 'import sys, xml.dom.minidom as m; m.parseString(sys.stdin.buffer.read())' 2>"$TMP/t"
	then ok "hostile value [$v]: docx XML parses"; else bad "hostile value [$v]: docx XML parses" "$(tail -1 "$TMP/t")"; fi
done

# Trouble with a redline: exit 2, located, no file left.
printf 'breach:\n  notify_hours: [48\n' >"$TMP/bad.yaml"
run "redline: NEW does not load" 2 "$DPAGEN" diff $OLD "$TMP/bad.yaml" -o "$TMP/x.pdf"
has "redline: located message" "$TMP/err" "bad.yaml:3:1: YAML syntax error"
run "redline: languages differ" 2 "$DPAGEN" diff $OLD "$TMP/en.yaml" -o "$TMP/x.docx"
run "redline: OLD does not load" 2 "$DPAGEN" diff "$TMP/nope.yaml" $OLD -o "$TMP/x.html"
for f in x.pdf x.docx x.html; do
	if [ -e "$TMP/$f" ]; then bad "redline: no $f on trouble" "exists"; else ok "redline: no $f on trouble"; fi
done
run "-f and -o disagree" 2 "$DPAGEN" diff $OLD $OLD -f pdf -o "$TMP/x.html"
has "disagree message" "$TMP/err" "-f pdf and -o \"$TMP/x.html\" disagree"
run "--stat with a redline format" 2 "$DPAGEN" diff $OLD $OLD --stat -f pdf -o "$TMP/x.pdf"
run "pdf redline not to a terminal" 2 script -qec "\"$DPAGEN\" diff $OLD tests/diff/breach.yaml -f pdf" /dev/null
has "terminal: says why" "$TMP/out" "will not write pdf to a terminal"
run "a redline mark in a value is refused" 2 "$DPAGEN" render $OLD --set "controller.name=A$(printf '\356\200\205')B" -o "$TMP/m.md"
has "redline mark: named" "$TMP/err" "U+E005"
finish
