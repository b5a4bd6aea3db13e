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
run "bad format" 2 "$DPAGEN" diff $OLD $OLD -f pdf
has "format message" "$TMP/err" "unknown format \"pdf\" (formats: txt, md)"
finish
