#!/bin/sh
# batch.sh - `dpagen batch`: YAML and CSV customer lists, naming, bad
# customers, workers, shards, the manifest.  Run by tests/run.sh.
. tests/cli/lib.sh
BASE=examples/ci/base.yaml

# -- the CI example, as README and examples/ci use it
run "batch csv" 0 "$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/csv" -f md,html,pdf
for n in DBA-2026-101 DBA-2026-102 DBA-2026-103; do
	for e in md html pdf; do
		if [ -s "$TMP/csv/$n.$e" ]; then ok "wrote $n.$e"; else bad "wrote $n.$e" "$(ls "$TMP/csv")"; fi
	done
done
has "csv quoted comma kept" "$TMP/csv/DBA-2026-102.html" "Frisørsalon Holm, Sørensen &amp; Co. I/S"
has "csv doubled quote kept" "$TMP/csv/DBA-2026-103.md" 'Karen "Kaja" Ørsted'
has "csv value in its place" "$TMP/csv/DBA-2026-101.md" "**Bager Jensen ApS**, CVR 11223344"
hasnt "base customer replaced" "$TMP/csv/DBA-2026-101.md" "**Kunde A/S**"
hasnt "no base contact inherited" "$TMP/csv/DBA-2026-101.md" "mette.jensen@kunde-as.dk"
/usr/bin/python3 - "$TMP/csv" <<'PY' >"$TMP/m" 2>&1
import hashlib, json, sys, os
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
assert m["version"] == 1 and m["formats"] == ["md", "html", "pdf"] and m["shard"] == "1/1", m
assert len(m["customers"]) == 3
for c in m["customers"]:
    assert c["status"] == "ok" and len(c["fingerprint"]) == 64, c
    for o in c["outputs"]:
        data = open(os.path.join(d, o["file"]), "rb").read()
        assert hashlib.sha256(data).hexdigest() == o["sha256"], o
print("manifest ok")
PY
has "manifest lists outputs with their sha256" "$TMP/m" "manifest ok"
run "batch yaml" 0 "$DPAGEN" batch $BASE examples/ci/customers.yaml -o "$TMP/yaml" -f md
has "yaml overlay merged" "$TMP/yaml/DBA-2026-201.md" "Nordisk Revision A/S"
has "yaml overlay may switch language" "$TMP/yaml/DBA-2026-202.md" "# Data processing agreement"
has "yaml overlay deadline" "$TMP/yaml/DBA-2026-202.md" "12 hours"

# -- the same outputs whatever the number of workers; shards make the whole
"$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/j1" -f md,pdf -j 1 2>"$TMP/err"
"$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/j2" -f md,pdf -j 2 2>>"$TMP/err"
if diff -r "$TMP/j1" "$TMP/j2" >/dev/null; then ok "identical with -j 1 and -j 2"; else bad "identical with -j 1 and -j 2" "$(diff -rq "$TMP/j1" "$TMP/j2")"; fi
"$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/s" -f md --shard 1/2 2>>"$TMP/err"
cp "$TMP/s/manifest.json" "$TMP/m1.json"
"$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/s" -f md --shard 2/2 2>>"$TMP/err"
if [ "$(ls "$TMP/s" | grep -v manifest | sort)" = "$(ls "$TMP/j1" | grep '\.md$' | sort)" ]; then ok "shards together make the whole"; else
	bad "shards together make the whole" "$(ls "$TMP/s")"; fi
has "shard in manifest" "$TMP/s/manifest.json" '"shard": "2/2"'
run "bad shard" 2 "$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/s" --shard 3/2
run "bad format" 2 "$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/s" -f md,odt
run "no -o" 2 "$DPAGEN" batch $BASE examples/ci/customers.csv

# -- one bad customer does not stop the others
cat > "$TMP/mixed.yaml" <<'Y'
- agreement: {reference: OK-1}
  controller: {name: Første Kunde A/S}
- agreement: {reference: OK-2}
  controller: {name: Anden Kunde ApS, country: Germany}
- controller: {name: Brødrene Hansen I/S}
  agreement: {reference: ~}
- agreement: {reference: OK-1}
  controller: {name: Dublet A/S}
- agreement: {reference: ../../etc/passwd}
  controller: {name: Sti A/S}
- agreement: {reference: "  "}
  controller: {name: "***"}
Y
run "mixed customers" 2 "$DPAGEN" batch $BASE "$TMP/mixed.yaml" -o "$TMP/mixed" -f md
has "bad customer located" "$TMP/err" "$TMP/mixed.yaml:4:48: controller.country: \"Germany\" is not an ISO 3166-1 alpha-2 code (did you mean \"DE\"?)"
has "bad customer numbered" "$TMP/err" "customer 2: not written"
has "collision is an error" "$TMP/err" 'customer 4 would be written as "OK-1" like customer 1'
has "empty name is an error" "$TMP/err" "customer 6 has no usable name"
ls "$TMP/mixed" > "$TMP/files"
has "good customer written" "$TMP/files" "OK-1.md"
has "name from the controller, Danish letters spelt out" "$TMP/files" "Broedrene-Hansen-I-S.md"
has "no escape from DIR" "$TMP/files" "etc-passwd.md"
hasnt "invalid customer not written" "$TMP/files" "OK-2.md"
has "manifest written anyway" "$TMP/files" "manifest.json"
has "manifest records the failure" "$TMP/mixed/manifest.json" '"status":"invalid"'
hasnt "no temporary files" "$TMP/files" ".tmp"

# -- check errors: exit 1, no file, findings in the manifest
printf -- '- agreement: {reference: LATE}\n  controller: {name: Sen A/S}\n  breach: {notify_hours: 96}\n- agreement: {reference: FINE}\n  controller: {name: Fin A/S}\n' > "$TMP/late.yaml"
run "check errors exit 1" 1 "$DPAGEN" batch $BASE "$TMP/late.yaml" -o "$TMP/late" -f md
if [ -e "$TMP/late/LATE.md" ]; then bad "no file for check errors" "LATE.md exists"; else ok "no file for check errors"; fi
has "other customers written" "$TMP/late/manifest.json" '"FINE.md"'
has "findings in the manifest" "$TMP/late/manifest.json" '"severity":"error"'

# -- CSV: BOM, embedded newline, bad header, bad cell, ragged row
printf '\357\273\277agreement.reference,agreement.service\nB-1,"Linje\nskift"\n' > "$TMP/bom.csv"
run "csv with BOM and a newline in a field" 0 "$DPAGEN" batch $BASE "$TMP/bom.csv" -o "$TMP/bom" -f md
has "newline in a field kept" "$TMP/bom/B-1.md" "Linje skift"
printf 'agreement.reference,controler.name\nX,Y\n' > "$TMP/hdr.csv"
run "csv unknown header path" 2 "$DPAGEN" batch $BASE "$TMP/hdr.csv" -o "$TMP/hdr"
has "header path located" "$TMP/err" "$TMP/hdr.csv:1:21: controler.name: not a config field"
printf 'agreement.reference,breach.notify_hours\nC-1,12\nC-2,soon\nC-3\n' > "$TMP/cell.csv"
run "csv bad cell" 2 "$DPAGEN" batch $BASE "$TMP/cell.csv" -o "$TMP/cell" -f md
has "bad cell located" "$TMP/err" "$TMP/cell.csv:3:5: breach.notify_hours: expected a whole number, got \"soon\""
has "ragged row" "$TMP/err" "$TMP/cell.csv:4:1: line 4 has 1 fields, the header 2"
run "missing customers file" 2 "$DPAGEN" batch $BASE "$TMP/none.csv" -o "$TMP/none"
run "output folder is a file" 2 "$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/files"

# -- quiet off a terminal; -v says a line per customer
run "quiet" 0 "$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/q" -f md
if [ -s "$TMP/err" ]; then bad "silent off a terminal" "$(head -c 200 "$TMP/err")"; else ok "silent off a terminal"; fi
run "verbose" 0 "$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/q" -f md -v
has "a line per customer" "$TMP/err" "line 4: DBA-2026-103"

# -- progress (count, rate, ETA) only when stderr is a terminal
run "progress on a terminal" 0 script -qec "\"$DPAGEN\" batch $BASE examples/ci/customers.csv -o \"$TMP/tty\" -f md" /dev/null
has "progress shows count and rate" "$TMP/out" "rendering 3/3"
has "progress shows the ETA" "$TMP/out" "ETA"
has "a summary at the end" "$TMP/out" "3 customers, 3 written"

# -- issue 19: -o a/b/c is created with its parents, as templates --export does
run "batch -o creates parents" 0 "$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/deep/a/b" -f md
if [ -f "$TMP/deep/a/b/manifest.json" ]; then ok "batch -o: outputs in the new folder"; else bad "batch -o: outputs in the new folder" "no manifest"; fi
run "templates --export creates parents" 0 "$DPAGEN" templates --export "$TMP/deep/set/x" --lang da
if [ -f "$TMP/deep/set/x/document.md" ]; then ok "export: files in the new folder"; else bad "export: files in the new folder" "no document.md"; fi

# -- issue 19 item 2: batch input as people have it
# Excel in a Danish locale: ';', a BOM, or Windows-1252
printf '\357\273\277agreement.reference;controller.name;controller.address\nS-1;Kunde A/S;"Vej 1, 2. sal"\nS-2;Kunde B/S;Vej 2\n' > "$TMP/semi.csv"
run "semicolon CSV" 0 "$DPAGEN" batch $BASE "$TMP/semi.csv" -o "$TMP/semi" -f md -v
has "semicolon CSV: the comma inside quotes kept" "$TMP/semi/S-1.md" "Vej 1, 2. sal"
has "semicolon CSV: -v names the separator" "$TMP/err" "semi.csv: separator \";\" (from the header row)"
printf 'agreement.reference;controller.name\nW-1;Kunde \346 A/S\n' > "$TMP/win.csv"
run "Windows-1252 CSV" 0 "$DPAGEN" batch $BASE "$TMP/win.csv" -o "$TMP/win" -f md -v
has "Windows-1252 CSV: letters right" "$TMP/win/W-1.md" "Kunde æ A/S"
has "Windows-1252 CSV: -v says so" "$TMP/err" "not UTF-8, read as Windows-1252"
printf 'agreement.reference|controller.name\nP-1|Kunde A/S\n' > "$TMP/pipe.csv"
run "--separator" 0 "$DPAGEN" batch $BASE "$TMP/pipe.csv" -o "$TMP/pipe" -f md --separator '|'
if [ -s "$TMP/pipe/P-1.md" ]; then ok "--separator used"; else bad "--separator used" "$(ls "$TMP/pipe")"; fi
run "--separator refused" 2 "$DPAGEN" batch $BASE "$TMP/pipe.csv" -o "$TMP/pipe" --separator xy
# a header typo gets a did you mean; list[0] as messages print it
run "csv header typo" 2 "$DPAGEN" batch $BASE "$TMP/hdr.csv" -o "$TMP/hdr"
has "csv header typo: did you mean" "$TMP/err" "controler.name: not a config field (did you mean \"controller.name\"?)"
printf 'agreement.reference,controller.signatories[0].name\nL-1,Mette\n' > "$TMP/idx.csv"
run "csv header with [0]" 0 "$DPAGEN" batch $BASE "$TMP/idx.csv" -o "$TMP/idx" -f md
has "csv header with [0]: applied" "$TMP/idx/L-1.md" "Mette"
# without -v, one summary line when customers were skipped
run "skipped rows summarised" 2 "$DPAGEN" batch $BASE "$TMP/cell.csv" -o "$TMP/cell" -f md
has "summary line" "$TMP/err" "dpagen batch: written 1, skipped 2 (see above)"
# --lang and --set as render takes them
run "batch --lang --set" 0 "$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/ls" -f md --lang en --set "agreement.version=9.9"
has "batch --lang: English" "$TMP/ls/DBA-2026-101.md" "# Data processing agreement"
has "batch --set: applied" "$TMP/ls/DBA-2026-101.md" "9.9"
run "batch --set that does not parse" 2 "$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/ls2" -f md --set "processor.name=[x"
has "batch --set error once" "$TMP/err" "--set:1:16: YAML syntax error"
if [ "$(grep -c 'YAML syntax error' "$TMP/err")" = 1 ]; then ok "batch --set error reported once"; else bad "batch --set error reported once" "$(cat "$TMP/err")"; fi
run "batch --lang refused" 2 "$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/ls3" --lang de


# -- at scale (issue 22): a few hundred customers with every kind of bad row
# give byte-identical folders and manifests with 1, 2 and 5 workers (the
# window of customers in flight wraps many times); shards merged with
# `batch --merge` give the single run's manifest
/usr/bin/python3 - "$TMP/many.csv" <<'PY'
import sys
rows = ["agreement.reference,controller.name,breach.notify_hours,controller.country"]
for i in range(1, 301):
    ref, name, hours, country = "M-%03d" % i, "Kunde %d ApS" % i, "", ""
    if i % 37 == 0: hours = "96"              # check error: nothing written
    if i % 41 == 0: country = "Danmark"       # not valid: located error
    if i == 13: ref = "M-010"                 # the name of row 10, same shard of 3
    if i == 23: ref = "m-020"                 # row 20's name but for case
    if i == 50: name, ref = "Uden Ref", ""    # named from the controller
    rows.append(",".join([ref, name, hours, country]))
rows.append("M-301,Kort række")                # too few fields
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
for j in 1 2 5; do
	"$DPAGEN" batch $BASE "$TMP/many.csv" -o "$TMP/many$j" -f md,html -j $j 2>"$TMP/many$j.err"
	echo "rc $?" >> "$TMP/many$j.err"
done
has "many: check errors exit 2 with invalid rows" "$TMP/many1.err" "rc 2"
has "many: a duplicate names the first" "$TMP/many1.err" 'line 14 would be written as "M-010" like line 11'
has "many: a duplicate but for case" "$TMP/many1.err" 'line 24 would be written as "m-020" like line 21 ("M-020", the same name but for case)'
for j in 2 5; do
	if diff -r "$TMP/many1" "$TMP/many$j" >/dev/null; then ok "many: -j 1 and -j $j byte-identical"; else
		bad "many: -j 1 and -j $j byte-identical" "$(diff -rq "$TMP/many1" "$TMP/many$j" | head -3)"; fi
	if cmp -s "$TMP/many1.err" "$TMP/many$j.err"; then ok "many: -j $j reports in customer order"; else
		bad "many: -j $j reports in customer order" "$(diff "$TMP/many1.err" "$TMP/many$j.err" | head -5)"; fi
done
/usr/bin/python3 - "$TMP/many1/manifest.json" <<'PY' >"$TMP/m" 2>&1
import json, sys
m = json.load(open(sys.argv[1]))
rows = [c["row"] for c in m["customers"]]
assert rows == list(range(1, 302)), rows[:5]
st = {c["row"]: c["status"] for c in m["customers"]}
assert st[37] == "check" and st[41] == "invalid" and st[13] == "invalid" and st[23] == "invalid", st
assert st[301] == "invalid" and st[1] == "ok", st
print("many manifest ok")
PY
has "many: manifest in list order with every status" "$TMP/m" "many manifest ok"
for k in 1 2 3; do
	"$DPAGEN" batch $BASE "$TMP/many.csv" -o "$TMP/shard$k" -f md,html --shard $k/3 2>/dev/null
done
run "merge shards" 0 "$DPAGEN" batch --merge -o "$TMP/merged" "$TMP/shard3" "$TMP/shard1/manifest.json" "$TMP/shard2"
if cmp -s "$TMP/many1/manifest.json" "$TMP/merged/manifest.json"; then ok "merged shards equal the single run"; else
	bad "merged shards equal the single run" "$(diff "$TMP/many1/manifest.json" "$TMP/merged/manifest.json" | head -5)"; fi
run "merge: a shard missing" 2 "$DPAGEN" batch --merge -o "$TMP/merged2" "$TMP/shard1" "$TMP/shard2"
has "merge: names the missing shard" "$TMP/err" "shard 3/3 is missing"
if [ -e "$TMP/merged2/manifest.json" ]; then bad "merge: no manifest on error" "written"; else ok "merge: no manifest on error"; fi
run "merge: the same shard twice" 2 "$DPAGEN" batch --merge -o "$TMP/merged2" "$TMP/shard1" "$TMP/shard1" "$TMP/shard2"
has "merge: the same shard twice said" "$TMP/err" "the same shard twice"
"$DPAGEN" batch $BASE examples/ci/customers.csv -o "$TMP/other" -f md,html --shard 3/3 2>/dev/null
run "merge: shards of different runs" 2 "$DPAGEN" batch --merge -o "$TMP/merged2" "$TMP/shard1" "$TMP/shard2" "$TMP/other"
has "merge: different runs said" "$TMP/err" 'its "customer_list" differs from the first manifest'
printf '{"version": 1}\n' > "$TMP/notman.json"
run "merge: not a manifest" 2 "$DPAGEN" batch --merge -o "$TMP/merged2" "$TMP/notman.json"
has "merge: not a manifest said" "$TMP/err" "notman.json:1: not a manifest that dpagen batch wrote"
run "merge: other options refused" 2 "$DPAGEN" batch --merge -f md -o "$TMP/merged2" "$TMP/shard1"
# rows 2 and 3 share a name but fall in different shards of 2: one run
# refuses row 3, the shards cannot, so the merge says so
printf 'agreement.reference\nX-1\nX-2\nx-2\n' > "$TMP/cross.csv"
for k in 1 2; do "$DPAGEN" batch $BASE "$TMP/cross.csv" -o "$TMP/cross$k" -f md --shard $k/2 2>/dev/null; done
run "merge: a name in two shards" 2 "$DPAGEN" batch --merge -o "$TMP/crossm" "$TMP/cross1" "$TMP/cross2"
has "merge: the name clash located" "$TMP/err" 'row 3 is named "x-2" like row 2 of another shard'
# a list that fails at its end (one customer over the limit) stops the run
# before any customer: the CSV file is checked whole, then streamed
/usr/bin/python3 -c 'import sys
open(sys.argv[1], "w").write("agreement.reference\n" + "".join("L-%d\n" % i for i in range(100001)))' "$TMP/limit.csv"
run "csv over the limit" 2 "$DPAGEN" batch $BASE "$TMP/limit.csv" -o "$TMP/limit" -f md
has "csv over the limit: located" "$TMP/err" "$TMP/limit.csv:100002:1: more than 100000 customers (limit)"
if [ -z "$(ls "$TMP/limit" 2>/dev/null)" ]; then ok "csv over the limit: nothing written"; else
	bad "csv over the limit: nothing written" "$(ls "$TMP/limit" | head -3)"; fi


# a YAML syntax error on a line that a lone CR splits for libyaml but not
# for the caret line (fuzz_csv: a read past the buffer under ASan)
/usr/bin/python3 -c 'import sys
line = "- agreement: {by key, it negoti54lan\rguage55555555555555555552026-201, "
open(sys.argv[1], "w").write("#0One\n- \n" + line + "dverlay petomer, mergeit.\n- \n" + line + "date: 2012}\n")' "$TMP/cr.yaml"
run "yaml list with a lone CR" 2 "$DPAGEN" batch $BASE "$TMP/cr.yaml" -o "$TMP/cr" -f md
has "yaml list with a lone CR: located" "$TMP/err" "YAML syntax error"


# batch writes what render writes for the same config (one render serves
# check and formats in both), whole and --annexes-only, in every format
printf -- '- agreement: {reference: X-1}\n  controller: {name: Xylofon ApS, city: Odense}\n' > "$TMP/x.yaml"
printf 'extends: %s\nagreement: {reference: X-1}\ncontroller: {name: Xylofon ApS, city: Odense}\n' "$PWD/$BASE" > "$TMP/x1.yaml"
export SOURCE_DATE_EPOCH=1700000000
"$DPAGEN" batch $BASE "$TMP/x.yaml" -o "$TMP/bx" -f md,html,pdf,docx 2>/dev/null
"$DPAGEN" batch $BASE "$TMP/x.yaml" -o "$TMP/bxa" -f md --annexes-only 2>/dev/null
for f in md html pdf docx; do
	"$DPAGEN" render "$TMP/x1.yaml" -o "$TMP/rx.$f" 2>/dev/null
	if cmp -s "$TMP/bx/X-1.$f" "$TMP/rx.$f"; then ok "batch $f = render $f"; else bad "batch $f = render $f" "differ"; fi
done
"$DPAGEN" render "$TMP/x1.yaml" --annexes-only -o "$TMP/rxa.md" 2>/dev/null
if cmp -s "$TMP/bxa/X-1.md" "$TMP/rxa.md"; then ok "batch --annexes-only = render --annexes-only"; else
	bad "batch --annexes-only = render --annexes-only" "differ"; fi
unset SOURCE_DATE_EPOCH

finish
