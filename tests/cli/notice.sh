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

# -- one notice per customer (--customers, issue 21): OLD and NEW each with
# the customer's row or entry; a folder with a manifest
cat > "$TMP/nc.yaml" <<'Y'
- agreement: {reference: N-1}
  controller: {name: Første Kunde A/S}
- agreement: {reference: N-2}
  controller: {name: Second Customer Ltd}
  language: en
- agreement: {reference: N-3}
  controller: {name: Ingen Ændring ApS}
  sub_processors: {list: []}
- agreement: {reference: n-1}
  controller: {name: Dublet A/S}
- agreement: {reference: N-5}
  controller: {name: Sen Kunde ApS}
  breach: {notify_hours: 96}
Y
run "notice per customer" 2 "$DPAGEN" notice $OLD $NEW $D --customers "$TMP/nc.yaml" -o "$TMP/nl" -f md
has "per customer: Danish notice to its customer" "$TMP/nl/N-1.md" "Første Kunde A/S"
has "per customer: English for an English customer" "$TMP/nl/N-2.md" "Second Customer Ltd (the controller)"
has "per customer: the same dates" "$TMP/nl/N-2.md" "1 January 2027"
for f in N-3 N-5 n-1; do
	if [ -e "$TMP/nl/$f.md" ]; then bad "per customer: no notice for $f" "written"; else ok "per customer: no notice for $f"; fi
done
has "per customer: duplicate name refused" "$TMP/err" 'customer 4 would be written as "n-1" like customer 1'
has "per customer: NEW failing check said" "$TMP/err" "customer 5 (N-5): the new config fails check, no notice written"
has "per customer: summary" "$TMP/err" "5 customers: 2 notices written, 1 without changes, 1 not valid, 1 failing check"
/usr/bin/python3 - "$TMP/nl" <<'PY' >"$TMP/m" 2>&1
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
assert m["format"] == "md" and m["date"] == "2026-12-02", m
st = [c["status"] for c in m["customers"]]
assert st == ["ok", "ok", "no-change", "invalid", "check"], st
for c in m["customers"][:2]:
    data = open(os.path.join(d, c["file"]), "rb").read()
    assert hashlib.sha256(data).hexdigest() == c["sha256"], c
    assert c["added"] == 1 and c["removed"] == 1 and c["changed"] == 1 and c["effective"] == "2027-01-01", c
print("notice manifest ok")
PY
has "per customer: manifest with sha256 and dates" "$TMP/m" "notice manifest ok"
printf 'agreement.reference,controller.name\nC-1,Kunde Et ApS\nC-2,Kunde To ApS\n' > "$TMP/nc.csv"
run "per customer from CSV" 0 "$DPAGEN" notice $OLD $NEW $D --customers "$TMP/nc.csv" -o "$TMP/nl2"
has "per customer: text by default" "$TMP/nl2/C-2.txt" "Kunde To ApS"
run "per customer needs -o" 2 "$DPAGEN" notice $OLD $NEW $D --customers "$TMP/nc.csv"
has "per customer needs -o said" "$TMP/err" "--customers needs -o DIR"

finish
