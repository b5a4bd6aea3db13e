#!/bin/sh
# check.sh - `dpagen check` as a user and a CI job run it: exit codes,
# --strict, the text, JSON and SARIF 2.1.0 outputs, --explain and --list,
# colour only on a terminal, render's refusal, the examples (clean) and the
# seed originals (exactly the findings of tests/fixtures/README.md).
# Run by tests/run.sh.
. tests/cli/lib.sh
PY=/usr/bin/python3
EX=examples/minimal.yaml
ESC=$(printf '\033')

# -- usage and load errors: exit 2, on standard error
run "check without CONFIG" 2 "$DPAGEN" check
has "missing CONFIG said" "$TMP/err" "missing CONFIG"
run "check unknown format" 2 "$DPAGEN" check $EX --format xml
has "formats listed" "$TMP/err" "formats: text, json, sarif"
run "check unknown option" 2 "$DPAGEN" check $EX --frob
run "check two configs" 2 "$DPAGEN" check $EX $EX
run "check bad --lang" 2 "$DPAGEN" check $EX --lang de
run "--markdown without --list" 2 "$DPAGEN" check --markdown
run "check missing file" 2 "$DPAGEN" check "$TMP/nope.yaml"
has "missing file named" "$TMP/err" "nope.yaml: cannot open"
if [ -s "$TMP/out" ]; then bad "no findings when the config cannot load" "stdout: $(head -c 200 "$TMP/out")"; else
	ok "no findings when the config cannot load"; fi
printf 'dpagen: 1\ncontroller:\n  name: K\n  country: Danmark\n' > "$TMP/bad.yaml"
run "check invalid config" 2 "$DPAGEN" check "$TMP/bad.yaml" --format json
has "invalid config located" "$TMP/err" "bad.yaml:4:12: controller.country"
run "check missing template set" 2 "$DPAGEN" check $EX --templates "$TMP/none"
run "help check" 0 "$DPAGEN" help check
has "help check shows --strict" "$TMP/out" "--strict"
has "help check shows the exit status" "$TMP/out" "1 at least one error"
run "usage lists check" 0 "$DPAGEN" --help
has "usage shows check" "$TMP/out" "dpagen check CONFIG"
run "help render shows --force" 0 "$DPAGEN" help render
has "render --force documented" "$TMP/out" "--force"

# -- the examples are clean: no errors, no warnings
for ex in examples/*.yaml; do
	run "check $ex" 0 "$DPAGEN" check "$ex"
	has "$ex has no findings" "$TMP/out" "0 errors, 0 warnings"
	run "check $ex --strict" 0 "$DPAGEN" check "$ex" --strict
	run "check $ex --lang en" 0 "$DPAGEN" check "$ex" --lang en --strict
done
run "check from standard input" 0 sh -c "\"$DPAGEN\" check - --format json < $EX"
has "standard input named" "$TMP/out" '"file": "<stdin>"'
for l in da en; do
	"$DPAGEN" init --lang $l > "$TMP/init-$l.yaml"
	# An untouched starter is not an agreement: it must state Annex A.3's facts.
	run "init $l is not ready" 1 "$DPAGEN" check "$TMP/init-$l.yaml"
	has "init $l asks for the Art. 9/10 and CPR facts" "$TMP/out" "DPA035: processing.special_categories"
	# Each value init writes is a placeholder, reported once at its own line.
	grep 'DPA032' "$TMP/out" | cut -d: -f1-3 | sort | uniq -d >"$TMP/dups"
	if [ -s "$TMP/dups" ]; then bad "init $l: each placeholder once" "$(cat "$TMP/dups")"; else
		ok "init $l: each placeholder once"; fi
	n=$(grep -c 'DPA032' "$TMP/out")
	if [ "$n" -ge 40 ]; then ok "init $l: every value a placeholder ($n)"; else
		bad "init $l: every value a placeholder" "only $n"; fi
	has "init $l: the e-mail placeholder" "$TMP/out" "contacts[0].email: a placeholder is left"
	run "init $l | check -" 1 sh -c "\"$DPAGEN\" init --lang $l | \"$DPAGEN\" check -"
done

# -- the seed originals: exactly the findings of tests/fixtures/README.md
cat > "$TMP/fixtures.py" <<'EOF'
# Compare dpagen check --format json with the rows (rule, severity, path)
# of the fixture's section in tests/fixtures/README.md.
import collections, json, re, sys
readme, name, got_file = sys.argv[1], sys.argv[2], sys.argv[3]
want, section = [], None
for line in open(readme, encoding="utf-8"):
    m = re.match(r"^## (\S+)", line)
    if m:
        section = m.group(1)
        continue
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if section == name and len(cells) > 3 and re.fullmatch(r"DPA\d{3}", cells[0]):
        want.append((cells[0], cells[1], cells[2].strip("`")))
got = [(f["rule"], f["severity"], f["path"]) for f in json.load(open(got_file))["findings"]]
w, g = collections.Counter(want), collections.Counter(got)
for k in sorted((w - g).elements()):
    print("missing:", *k)
for k in sorted((g - w).elements()):
    print("unexpected:", *k)
if not want:
    print("no rows for", name, "in", readme)
sys.exit(1 if w != g or not want else 0)
EOF
for fx in tests/fixtures/*-original.yaml; do
	name=$(basename "$fx")
	"$DPAGEN" check "$fx" --format json > "$TMP/fx.json" 2>"$TMP/err"
	rc=$?
	if $PY "$TMP/fixtures.py" tests/fixtures/README.md "$name" "$TMP/fx.json" > "$TMP/diff" 2>&1; then
		ok "$name: the findings of the README"
	else
		bad "$name: the findings of the README" "$(cat "$TMP/diff")"
	fi
	want=0
	if $PY -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["errors"] else 1)' "$TMP/fx.json"; then
		want=1; fi
	if [ "$rc" -eq "$want" ]; then ok "$name: exit $want"; else bad "$name: exit $want" "exit $rc"; fi
done

# -- exit status and --strict
# Orbit's seed names no CVR or address for Orbit (DPA036): with them
# given, only warnings are left.
ORBIT_IDENTIFIED="--set processor.registration=CVR-12345678 --set processor.address=Eksempelvej-1 --set processor.city=Aarhus"
run "warnings only: exit 0" 0 "$DPAGEN" check tests/fixtures/orbit-original.yaml $ORBIT_IDENTIFIED
has "warnings counted" "$TMP/out" "0 errors, 3 warnings"
run "warnings with --strict: exit 1" 1 "$DPAGEN" check tests/fixtures/orbit-original.yaml --strict $ORBIT_IDENTIFIED
run "errors: exit 1" 1 "$DPAGEN" check tests/fixtures/uptime-original.yaml
has "summary line" "$TMP/out" "3 errors, 5 warnings"
run "--set is checked" 1 "$DPAGEN" check $EX --set breach.notify_hours=100
has "--set finding located" "$TMP/out" "--set:1:21: error: DPA004: breach.notify_hours: 100 hours"
run "notes do not fail --strict" 0 "$DPAGEN" check $EX --strict --set transfers.allowed=true \
    --set 'sub_processors.list=[{name: UK Ltd, country: GB, service: Hosting, registration: CRN 1234, address: 1 High St}]'
has "note shown" "$TMP/out" "note: DPA017"
has "notes counted" "$TMP/out" "0 errors, 0 warnings, 1 note"

# -- text: one line per finding, errors first, then warnings and notes
run "text output" 1 "$DPAGEN" check tests/fixtures/uptime-original.yaml
has "text line format" "$TMP/out" "tests/fixtures/uptime-original.yaml:87:3: error: DPA011: sub_processors.notice_days: general authorisation without a notice period"
has "basis in the line" "$TMP/out" "(Art. 28(2) and 28(3)(d) GDPR; Implementing Decision (EU) 2021/915, Clause 7.7(a))"
first_warning=$(grep -n ": warning: " "$TMP/out" | head -1 | cut -d: -f1)
last_error=$(grep -n ": error: " "$TMP/out" | tail -1 | cut -d: -f1)
if [ "$last_error" -lt "$first_warning" ]; then ok "errors before warnings"; else
	bad "errors before warnings" "error at line $last_error, warning at $first_warning"; fi
if grep -q "$ESC" "$TMP/out"; then bad "no colour when piped" "found ESC"; else ok "no colour when piped"; fi
run "colour on a terminal" 1 script -qec "\"$DPAGEN\" check tests/fixtures/uptime-original.yaml" /dev/null
if grep -q "$ESC\[1;31merror$ESC\[0m" "$TMP/out"; then ok "red errors on a terminal"; else bad "red errors on a terminal" "no ESC[1;31m"; fi
if grep -q "$ESC\[1;33mwarning" "$TMP/out"; then ok "yellow warnings on a terminal"; else bad "yellow warnings on a terminal" "no ESC[1;33m"; fi
run "NO_COLOR on a terminal" 1 env NO_COLOR=1 script -qec "\"$DPAGEN\" check tests/fixtures/uptime-original.yaml" /dev/null
if grep -q "$ESC\[" "$TMP/out"; then bad "NO_COLOR means no colour" "found ESC["; else ok "NO_COLOR means no colour"; fi

# -- JSON: the documented shape
run "json output" 1 "$DPAGEN" check tests/fixtures/screenpublisher-original.yaml --format json
cp "$TMP/out" "$TMP/sp.json"
cat > "$TMP/shape_json.py" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) >= {"version", "file", "findings", "errors", "warnings", "notes", "not_shown"}, sorted(d)
assert d["version"] == 1 and isinstance(d["file"], str)
keys = {"rule", "severity", "file", "line", "column", "path", "message", "basis"}
for f in d["findings"]:
    assert set(f) == keys, sorted(f)
    assert f["rule"].startswith("DPA") and len(f["rule"]) == 6
    assert f["severity"] in ("error", "warning", "note")
    assert isinstance(f["line"], int) and f["line"] >= 1 and isinstance(f["column"], int)
    assert f["path"] is None or isinstance(f["path"], str)
    assert f["message"] and f["basis"] and isinstance(f["file"], str)
for sev, key in (("error", "errors"), ("warning", "warnings"), ("note", "notes")):
    assert d[key] == sum(f["severity"] == sev for f in d["findings"]), key
sevs = [f["severity"] for f in d["findings"]]
assert sevs == sorted(sevs, key=("error", "warning", "note").index), "grouped by severity"
EOF
run "json has the documented shape" 0 $PY "$TMP/shape_json.py" "$TMP/sp.json"
has "json names the rule" "$TMP/sp.json" '"rule": "DPA018"'
has "json escapes quotes" "$TMP/sp.json" 'names the EU-US Privacy Shield (\"Privacy Shield\")'
run "json of a clean example" 0 "$DPAGEN" check $EX --format json
has "clean json: no findings" "$TMP/out" '"findings": []'
cp "$TMP/out" "$TMP/clean.json"
run "clean json has the shape" 0 $PY "$TMP/shape_json.py" "$TMP/clean.json"

# -- SARIF 2.1.0: the properties the standard requires, and what scanners read
run "sarif output" 1 "$DPAGEN" check tests/fixtures/screenpublisher-original.yaml --format sarif
cp "$TMP/out" "$TMP/sp.sarif"
cat > "$TMP/shape_sarif.py" <<'EOF'
# The required properties of SARIF 2.1.0 (OASIS standard, sections 3.13-3.30)
# and the ones code-scanning tools need: no network, no schema file.
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0"
assert d["$schema"].startswith("https://") and "sarif" in d["$schema"]
assert isinstance(d["runs"], list) and len(d["runs"]) == 1
run = d["runs"][0]
driver = run["tool"]["driver"]
assert driver["name"] == "dpagen" and isinstance(driver["version"], str)
rules = driver["rules"]
ids = [r["id"] for r in rules]
assert len(ids) == len(set(ids)), "rule ids unique"
levels = ("none", "note", "warning", "error")
for r in rules:
    assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
    assert r["defaultConfiguration"]["level"] in levels
assert run.get("columnKind") in (None, "utf16CodeUnits", "unicodeCodePoints")
assert isinstance(run["results"], list) and run["results"]
for res in run["results"]:
    assert res["message"]["text"]
    assert res["ruleId"] in ids
    assert ids[res["ruleIndex"]] == res["ruleId"]
    assert res["level"] in levels
    loc = res["locations"][0]["physicalLocation"]
    assert isinstance(loc["artifactLocation"]["uri"], str) and loc["artifactLocation"]["uri"]
    assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
    for ll in res["locations"][0].get("logicalLocations", []):
        assert ll["fullyQualifiedName"]
EOF
run "sarif has the required properties" 0 $PY "$TMP/shape_sarif.py" "$TMP/sp.sarif"
has "sarif uri is the config" "$TMP/sp.sarif" '"uri": "tests/fixtures/screenpublisher-original.yaml"'
has "sarif region" "$TMP/sp.sarif" '"startLine": 131'
n_json=$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$TMP/sp.json")
n_sarif=$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' "$TMP/sp.sarif")
if [ "$n_json" = "$n_sarif" ]; then ok "json and sarif carry the same findings"; else
	bad "json and sarif carry the same findings" "$n_json vs $n_sarif"; fi
# A config that does not load: its errors are DPA000 results at their
# places, the documents are valid (the official OASIS schema), exit 2.
printf 'dpagen: 1\nbreach: {notify_hours: x}\nfoo: 1\n' >"$TMP/broken.yaml"
run "sarif of a broken config: exit 2" 2 "$DPAGEN" check "$TMP/broken.yaml" --format sarif
cp "$TMP/out" "$TMP/broken.sarif"
run "sarif of a broken config has the required properties" 0 $PY "$TMP/shape_sarif.py" "$TMP/broken.sarif"
has "sarif of a broken config: the error at its place" "$TMP/broken.sarif" '"startLine": 2'
has "sarif of a broken config: DPA000" "$TMP/broken.sarif" '"ruleId": "DPA000"'
cat > "$TMP/validate_sarif.py" <<'EOF'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.validate(json.load(open(sys.argv[2])), schema)
EOF
# The official OASIS schema, kept with the tests so a clone anywhere runs them.
SARIF_SCHEMA=tests/schemas/sarif-schema-2.1.0.json
run "sarif of a broken config validates against SARIF 2.1.0" 0 $PY "$TMP/validate_sarif.py" "$SARIF_SCHEMA" "$TMP/broken.sarif"
run "sarif of findings validates against SARIF 2.1.0" 0 $PY "$TMP/validate_sarif.py" "$SARIF_SCHEMA" "$TMP/sp.sarif"
run "json of a broken config: exit 2" 2 "$DPAGEN" check "$TMP/broken.yaml" --format json
has "json of a broken config: the finding" "$TMP/out" '"path": "breach.notify_hours"'
has "json of a broken config: counted" "$TMP/out" '"errors": 7'
run "text of a broken config: on stderr only" 2 "$DPAGEN" check "$TMP/broken.yaml"
hasnt "text of a broken config: nothing on stdout" "$TMP/out" "DPA000"
run "sarif of a clean example" 0 "$DPAGEN" check $EX --format sarif
has "clean sarif: no results" "$TMP/out" '"results": []'

# -- --explain and --list; docs/checks.md is generated
run "explain" 0 "$DPAGEN" check --explain DPA012
has "explain names the rule" "$TMP/out" "DPA012 (error): General authorisation without a named list"
has "explain gives the basis" "$TMP/out" "Legal basis: Art. 28(2)"
run "explain by number, any case" 0 "$DPAGEN" check --explain dpa4
has "explain states the 72-hour boundary" "$TMP/out" "exactly 72 hours is therefore a warning"
run "explain with a CONFIG" 0 "$DPAGEN" check $EX --explain DPA030
run "explain unknown rule" 2 "$DPAGEN" check --explain DPA999
has "unknown rule named" "$TMP/err" 'no rule "DPA999"'
run "list" 0 "$DPAGEN" check --list
has "list has the first rule" "$TMP/out" "DPA001  error"
has "list has notes" "$TMP/out" "DPA017  note"
run "list with a CONFIG" 2 "$DPAGEN" check --list $EX
run "list as markdown" 0 "$DPAGEN" check --list --markdown
if cmp -s "$TMP/out" docs/checks.md; then ok "docs/checks.md is current"; else
	bad "docs/checks.md is current" "differs from dpagen check --list --markdown: regenerate it"; fi

# -- rules on the rendered text: a custom template set
mkdir -p "$TMP/set"
cp templates/da/*.md "$TMP/set/"
sed -i 's/^{{clause breach}} .*/{{clause breach}} Brud ved [indsæt frist]/' "$TMP/set/10-breach.md"
run "placeholder in a template" 1 "$DPAGEN" check $EX --templates "$TMP/set"
has "placeholder located by clause" "$TMP/out" "error: DPA032: the template set leaves a placeholder in clause 10 of the agreement"
cp templates/da/10-breach.md "$TMP/set/"
printf '{{clause x}} X\n\nSe {{ref nowhere}}.\n' > "$TMP/set/13-other-terms.md"
run "broken reference in a template" 1 "$DPAGEN" check $EX --templates "$TMP/set"
has "broken reference located in the template" "$TMP/out" "$TMP/set/13-other-terms.md:3:4: error: DPA033: reference to \"nowhere\""

# -- render refuses an agreement with error-level findings
run "render refuses errors" 1 "$DPAGEN" render tests/fixtures/uptime-original.yaml -o "$TMP/refused.md"
has "render names the failed rules" "$TMP/err" "dpagen render: not writing the agreement: 3 error-level findings (DPA011, DPA012, DPA032)"
has "render shows the findings" "$TMP/err" "error: DPA011: sub_processors.notice_days"
if [ -e "$TMP/refused.md" ]; then bad "no output when refused" "refused.md exists"; else ok "no output when refused"; fi
if [ -s "$TMP/out" ]; then bad "nothing on stdout when refused" "$(head -c 100 "$TMP/out")"; else ok "nothing on stdout when refused"; fi
echo "previous" > "$TMP/keep.md"
run "refusal keeps an old file" 1 "$DPAGEN" render tests/fixtures/screenpublisher-original.yaml -o "$TMP/keep.md"
has "old file untouched" "$TMP/keep.md" "previous"
run "render --force writes" 0 "$DPAGEN" render tests/fixtures/uptime-original.yaml -o "$TMP/forced.md" --force
has "--force says so" "$TMP/err" "writing despite 3 error-level findings (DPA011, DPA012, DPA032), because of --force; it is marked as a draft"
if [ -s "$TMP/forced.md" ]; then ok "forced output written"; else bad "forced output written" "missing"; fi
# Drafts look like drafts, in every format, and the footer line says so.
has "forced md: draft banner first" "$TMP/forced.md" "**UDKAST – ikke klar til underskrift.** dpagen check har fundet fejl"
if head -1 "$TMP/forced.md" | grep -q 'UDKAST'; then ok "forced md: banner at the top"; else
	bad "forced md: banner at the top" "$(head -1 "$TMP/forced.md")"; fi
if grep 'Fingeraftryk' "$TMP/forced.md" | grep -q '· UDKAST – ikke klar til underskrift$'; then
	ok "forced md: the fingerprint line says draft"; else bad "forced md: the fingerprint line says draft" "$(grep Fingeraftryk "$TMP/forced.md")"; fi
run "forced html" 0 "$DPAGEN" render tests/fixtures/uptime-original.yaml -o "$TMP/forced.html" --force
has "forced html: draft banner" "$TMP/forced.html" "UDKAST – ikke klar til underskrift"
run "forced pdf" 0 "$DPAGEN" render tests/fixtures/uptime-original.yaml -o "$TMP/forced.pdf" --force
pdftotext "$TMP/forced.pdf" "$TMP/forced.txt"
has "forced pdf: draft banner" "$TMP/forced.txt" "UDKAST – ikke klar til underskrift"
pages=$(pdfinfo "$TMP/forced.pdf" | sed -n 's/^Pages: *//p')
marks=$(grep -c 'UDKAST – ikke klar til underskrift' "$TMP/forced.txt")
# each page: the red mark at the top and the footer's; the banner once more
if [ "$marks" -ge $((2 * pages)) ]; then ok "forced pdf: every page marked ($marks for $pages pages)"; else
	bad "forced pdf: every page marked" "$marks marks for $pages pages"; fi
run "forced english" 0 "$DPAGEN" render tests/fixtures/uptime-original.yaml --lang en -f md --force
has "forced english: draft banner" "$TMP/out" "**DRAFT – not for signature.**"
run "render with warnings only" 0 "$DPAGEN" render tests/fixtures/orbit-original.yaml -o "$TMP/orbit.md" $ORBIT_IDENTIFIED
if [ -s "$TMP/orbit.md" ] && [ ! -s "$TMP/err" ]; then ok "warnings do not stop render, quietly"; else
	bad "warnings do not stop render, quietly" "$(head -c 200 "$TMP/err")"; fi
hasnt "a clean render is no draft" "$TMP/orbit.md" "UDKAST"
run "render refuses a --set error" 1 "$DPAGEN" render $EX --set breach.notify_hours=100
has "--set finding in the refusal" "$TMP/err" "DPA004"

finish
