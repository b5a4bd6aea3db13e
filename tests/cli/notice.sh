#!/bin/sh
# notice.sh - `dpagen notice OLD NEW`: what it lists, the dates it computes
# from the notice period agreed, the formats, and what it refuses.
. tests/cli/lib.sh
OLD=examples/minimal.yaml
NEW=tests/notice/new.yaml
D=--date=2026-12-02

for lang in da en; do
	run "notice $lang" 0 "$DPAGEN" notice $OLD $NEW $D --lang $lang -f md -o "$TMP/n.$lang.md"
	if cmp -s "$TMP/n.$lang.md" tests/notice/notice.$lang.md; then ok "notice $lang golden"
	else bad "notice $lang golden" "$(diff -u tests/notice/notice.$lang.md "$TMP/n.$lang.md" | head -20)"; fi
done
tr '\n' ' ' < "$TMP/n.da.md" | tr -s ' ' > "$TMP/flat"
has "effective = date + 30 days' notice" "$TMP/flat" "får virkning den 1. januar 2027, 30 dage efter"
has "objection by = date + 14 days" "$TMP/flat" "senest den 16. december 2026"
has "added with its bases in order" "$TMP/flat" "EU-US Data Privacy Framework, afgørelse (EU) 2023/1795, ellers EU-Kommissionens standardkontraktbestemmelser"
has "added with module and TIA" "$TMP/flat" "(modul 3); vurdering af overførslens virkning: TIA-2026-11"
has "removed" "$TMP/flat" "- Eksempel SMS ApS (Danmark):"
has "changed location" "$TMP/flat" "Behandlingssted: hidtil Tyskland; fremover Tyskland og Østrig"
hasnt "no procedure section" "$TMP/flat" "Ændring af aftalens procedure"

run "text for e-mail" 0 "$DPAGEN" notice $OLD $NEW $D
has "text is the default" "$TMP/out" "Varsel om ændring af underdatabehandlere"
if grep -q "$(printf '\033')" "$TMP/out"; then bad "text has no colour" "escape found"; else ok "text has no colour"; fi
run "notice html" 0 "$DPAGEN" notice $OLD $NEW $D -o "$TMP/n.html"
has "html by extension" "$TMP/n.html" "<h1"
run "notice pdf" 0 "$DPAGEN" notice $OLD $NEW $D -o "$TMP/n.pdf"
run "notice pdf reads" 0 pdftotext "$TMP/n.pdf" "$TMP/n.txt"
has "pdf text" "$TMP/n.txt" "Nordlys Messaging Inc."

# The procedure: a shorter notice period needs agreement, and this notice
# keeps the period agreed so far.
run "shorter notice" 0 "$DPAGEN" notice $OLD $NEW $D --set sub_processors.notice_days=14 -o "$TMP/s.md"
has "procedure change said" "$TMP/s.md" "Varslingsfristen forkortes fra 30 dage til"
has "old period still governs" "$TMP/s.md" "1. januar 2027"
printf 'extends: %s\nsub_processors:\n  authorisation: specific\n' "$PWD/$OLD" > "$TMP/specific.yaml"
run "specific: a request" 0 "$DPAGEN" notice "$TMP/specific.yaml" $NEW $D -f md -o "$TMP/r.md"
has "request for authorisation" "$TMP/r.md" "# Anmodning om godkendelse af underdatabehandlere"
has "specific becomes general" "$TMP/r.md" "erstattes af en generel"

# Nothing to notify: exit 0, said, nothing written.
run "no change" 0 "$DPAGEN" notice $OLD $OLD $D -o "$TMP/none.md"
has "no change said" "$TMP/err" "no sub-processor is added, removed or changed: no notice written"
if [ -e "$TMP/none.md" ]; then bad "no file without change" "none.md exists"; else ok "no file without change"; fi

# Refused: exit 2 (1 for check), located, no output file.
printf 'extends: %s\nlanguage: en\n' "$PWD/$NEW" > "$TMP/en.yaml"
run "languages differ" 2 "$DPAGEN" notice $OLD "$TMP/en.yaml" $D -o "$TMP/x.md"
has "languages message" "$TMP/err" "en.yaml:2:11: language: NEW is in en, OLD (examples/minimal.yaml) in da"
run "date before the agreement" 2 "$DPAGEN" notice $OLD $NEW --date 2026-02-01 -o "$TMP/x.md"
has "date message" "$TMP/err" "the notice date 2026-02-01 is before the agreement's date 2026-03-01 (examples/minimal.yaml:34:9)"
run "bad date" 2 "$DPAGEN" notice $OLD $NEW --date 2026-02-30 -o "$TMP/x.md"
has "bad date message" "$TMP/err" "--date takes a date as YYYY-MM-DD, not \"2026-02-30\""
printf 'extends: %s\nagreement:\n  date: 2026-13-01\n' "$PWD/$NEW" > "$TMP/bad.yaml"
run "NEW does not load" 2 "$DPAGEN" notice $OLD "$TMP/bad.yaml" $D -o "$TMP/x.md"
has "NEW error located" "$TMP/err" "bad.yaml:3:9: agreement.date: \"2026-13-01\" is not a valid date"
run "NEW fails check" 1 "$DPAGEN" notice $OLD $NEW $D --set sub_processors.list.1.transfer_basis=[] -o "$TMP/x.md"
has "check finding named" "$TMP/err" "DPA016"
if [ -e "$TMP/x.md" ]; then bad "no file on refusal" "x.md exists"; else ok "no file on refusal"; fi
run "--force writes" 0 "$DPAGEN" notice $OLD $NEW $D --set sub_processors.list.1.transfer_basis=[] --force -o "$TMP/x.md"
run "-f and -o disagree" 2 "$DPAGEN" notice $OLD $NEW $D -f pdf -o "$TMP/n2.html"
has "disagree message" "$TMP/err" "-f pdf and -o \"$TMP/n2.html\" disagree"
if [ -e "$TMP/n2.html" ]; then bad "no file on disagreement" "n2.html exists"; else ok "no file on disagreement"; fi
run "extension in any case" 0 "$DPAGEN" notice $OLD $NEW $D -o "$TMP/N.TXT"
has "text by .TXT" "$TMP/N.TXT" "Varsel om ændring af underdatabehandlere"
run "one config only" 2 "$DPAGEN" notice $OLD
has "usage message" "$TMP/err" "needs OLD and NEW"
finish
