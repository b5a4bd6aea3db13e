#!/bin/sh
# cli.sh - the binary as a user runs it: commands, exit codes, messages,
# atomic output, overrides.  Run by tests/run.sh.
. tests/cli/lib.sh
EX=examples/minimal.yaml

# -- help and version
run "help exits 0" 0 "$DPAGEN" --help
has "help lists render" "$TMP/out" "dpagen render CONFIG"
run "version exits 0" 0 "$DPAGEN" --version
has "version names libyaml" "$TMP/out" "libyaml 0.2"
run "no arguments is a usage error" 2 "$DPAGEN"
has "no arguments prints usage" "$TMP/err" "usage: dpagen COMMAND"
run "unknown command" 2 "$DPAGEN" frobnicate
has "unknown command named" "$TMP/err" "unknown command \"frobnicate\""
run "help render" 0 "$DPAGEN" help render
has "help render shows --set" "$TMP/out" "--set KEY=VALUE"
run "render --help" 0 "$DPAGEN" render --help
run "render without CONFIG" 2 "$DPAGEN" render
run "render unknown option" 2 "$DPAGEN" render $EX --frob
has "unknown option named" "$TMP/err" "unknown option --frob"

# -- render
run "render minimal to stdout" 0 "$DPAGEN" render $EX
has "clause 10 numbered" "$TMP/out" "## 10. "
has "annex A" "$TMP/out" "## Bilag A –"
run "render -o by extension" 0 "$DPAGEN" render $EX -o "$TMP/a.md"
if [ -s "$TMP/a.md" ]; then ok "output file written"; else bad "output file written" "empty or missing"; fi
run "render twice" 0 "$DPAGEN" render $EX -o "$TMP/b.md"
if cmp -s "$TMP/a.md" "$TMP/b.md"; then ok "deterministic"; else bad "deterministic" "outputs differ"; fi
run "render from stdin" 0 sh -c "\"$DPAGEN\" render - < $EX"
run "unknown format" 2 "$DPAGEN" render $EX -f odt
has "formats listed" "$TMP/err" "formats: md, html, pdf, docx"
run "format from unknown extension" 2 "$DPAGEN" render $EX -o "$TMP/x.odt"
has "says -f" "$TMP/err" "give -f"
run "english" 0 "$DPAGEN" render $EX --lang en
has "english title" "$TMP/out" "# Data processing agreement"
run "bad --lang" 2 "$DPAGEN" render $EX --lang de
run "annexes only" 0 "$DPAGEN" render $EX --annexes-only
hasnt "annexes only has no clause 10" "$TMP/out" "## 10. "
has "annexes only has annex B" "$TMP/out" "## Bilag B –"

# -- --templates: a user's own set, same engine and checks
mkdir -p "$TMP/set"
cp templates/da/*.md "$TMP/set/"
sed -i 's/^{{clause breach}} .*/{{clause breach}} Brud (egen tekst)/' "$TMP/set/10-breach.md"
run "own template set" 0 "$DPAGEN" render $EX --templates "$TMP/set"
has "own clause title used" "$TMP/out" "## 10. Brud (egen tekst)"
printf '{{clause x}} X\n\nSe {{ref nowhere}}.\n' > "$TMP/set/13-other-terms.md"
run "own set with a broken reference" 2 "$DPAGEN" render $EX --templates "$TMP/set"
has "broken reference located" "$TMP/err" "$TMP/set/13-other-terms.md:3:4: reference to \"nowhere\""
run "missing template folder" 2 "$DPAGEN" render $EX --templates "$TMP/none"
has "missing template named" "$TMP/err" "$TMP/none: template set: cannot open the folder"

# -- fingerprint: follows content, not layout
fp() { sed -n 's/.*Fingeraftryk \([0-9a-f]*\).*/\1/p' "$1"; }
"$DPAGEN" render $EX -o "$TMP/f1.md"
/usr/bin/python3 -c 'import sys,yaml,json; print(json.dumps(yaml.safe_load(open(sys.argv[1])), default=str, sort_keys=True))' $EX > "$TMP/flow.yaml" 2>/dev/null
"$DPAGEN" render "$TMP/flow.yaml" -o "$TMP/f2.md" 2>"$TMP/err"
"$DPAGEN" render $EX --set processor.city=Odense -o "$TMP/f3.md"
if [ -n "$(fp "$TMP/f1.md")" ] && [ "$(fp "$TMP/f1.md")" = "$(fp "$TMP/f2.md")" ]; then ok "fingerprint ignores layout"; else
	bad "fingerprint ignores layout" "$(fp "$TMP/f1.md") vs $(fp "$TMP/f2.md"): $(head -c 200 "$TMP/err")"; fi
if [ "$(fp "$TMP/f1.md")" != "$(fp "$TMP/f3.md")" ]; then ok "fingerprint follows content"; else bad "fingerprint follows content" "same"; fi

# -- --set
run "--set overrides" 0 "$DPAGEN" render $EX --set 'processor.name=Acme <b>Data</b> ApS'
has "--set value escaped" "$TMP/out" 'Acme \<b\>Data\</b\> ApS'
run "--set invalid value" 2 "$DPAGEN" render $EX --set controller.country=Sweden
has "--set error located" "$TMP/err" '--set:1:20: controller.country: "Sweden" is not an ISO 3166-1 alpha-2 code (did you mean "SE"?)'
run "--set unknown key" 2 "$DPAGEN" render $EX --set processor.nmae=x
has "--set unknown key hint" "$TMP/err" 'processor.nmae: unknown key (did you mean "name"?)'

# -- clauses 9-15: each choice the config makes is stated once, in the standard's numbering
# cl NAME ARGS... : render minimal with ARGS; the text, lines joined, in $TMP/flat
cl() {
	name=$1
	shift
	run "$name" 0 "$DPAGEN" render examples/minimal.yaml --force "$@"
	tr '\n' ' ' <"$TMP/out" >"$TMP/flat"
}
cl "clauses 9-15 render"
has "9.1 forwards data subjects' requests" "$TMP/flat" "videresender databehandleren uden unødig forsinkelse anmodningen"
has "9.2 a) is Art. 33 in the statute's words" "$TMP/flat" "a) pligten til at anmelde et brud på persondatasikkerheden til den kompetente   tilsynsmyndighed, Datatilsynet, uden unødig forsinkelse og om muligt   senest 72 timer, efter at den dataansvarlige er blevet bekendt med bruddet, medmindre det er   usandsynligt"
hasnt "9.2 has no Art. 32 point" "$TMP/flat" "(artikel 32)"
has "10.2 at the latest" "$TMP/flat" "skal gives senest 24 timer, efter at databehandleren"
has "10.3 d) is the contact point" "$TMP/flat" "d) navn og kontaktoplysninger på et kontaktpunkt"
has "10.4 points to Annex D.1" "$TMP/flat" '**10.4.** De nærmere regler om underretningen'
has "11.1 backups as what they are" "$TMP/flat" "For sikkerhedskopier gælder, at personoplysningerne overskrives senest 30 dage efter sletningen; indtil da holdes de fortrolige"
has "11.1 confirmation says what is deleted" "$TMP/flat" "at personoplysningerne er slettet fra driftssystemerne, og oplyser i bekræftelsen den dato"
hasnt "11.1 never all copies deleted" "$TMP/flat" "eksisterende kopier"
has "12.1 information and audits in one" "$TMP/flat" "til rådighed for den dataansvarlige og giver mulighed for og bidrager til revisioner, herunder inspektioner"
has "13.2 governing law" "$TMP/flat" "Bestemmelserne er underlagt Danmarks ret."
has "13.3 prevailing language" "$TMP/flat" "har versionen på dansk forrang"
has "14.1 on signature only" "$TMP/flat" '**14.1.** Bestemmelserne træder i kraft, når begge parter har underskrevet dem.'
hasnt "14.1 no effective date beside signature" "$TMP/flat" "med virkning fra"
has "14.3 survival and D.3" "$TMP/flat" "gælder også efter ydelsens ophør, indtil personoplysningerne er slettet"
has "15.3 contacts with phone and e-mail" "$TMP/flat" "| Mette Jensen | IT-chef | +45 11 22 33 44 | mette.jensen@kunde-as.dk |"
sed -n '/^## 15\./,/^## Bilag A/p' "$TMP/out" >"$TMP/cl15"
hasnt "15.3 no DPO unless named" "$TMP/cl15" "atabeskyttelsesrådgiver"
cl "target hours" --set breach.target_hours=12
has "10.2 if possible within, at the latest" "$TMP/flat" "om muligt inden for 12 timer og under alle omstændigheder senest 24 timer"
cl "no deadline, no backup period, return" --set breach.notify_hours=null --set retention.backup_days=null --set retention.deletion_days=null --set retention.at_end=return
has "10.2 without hours" "$TMP/flat" "Underretningen skal gives så hurtigt som muligt, så den dataansvarlige"
has "11.1 return" "$TMP/flat" "tilbage til den dataansvarlige i et almindeligt anvendt og maskinlæsbart format"
has "11.1 no deadline given" "$TMP/flat" "skal være gennemført uden unødig forsinkelse efter ophøret."
has "11.1 backups without a period" "$TMP/flat" "hvornår de senest vil være slettet fra sikkerhedskopierne"
cl "backups go at once" --set retention.backup_days=0 --lang en
has "11.1 en backups at once" "$TMP/flat" "have been deleted from the production systems and from the back-ups."
cl "effective on a date" --set agreement.effective=date --lang en
has "14.1 en on the date only" "$TMP/flat" '**14.1.** These Clauses shall take effect on 1 March 2026.'
cl "Swedish controller" --set controller.country=SE --set agreement.prevailing_language=en
has "9.2 names the controller's authority" "$TMP/flat" "tilsynsmyndighed, Integritetsskyddsmyndigheten (IMY), uden"
has "13.2 Swedish law" "$TMP/flat" "Bestemmelserne er underlagt Sveriges ret."
has "13.3 English prevails" "$TMP/flat" "har versionen på engelsk forrang"
cl "Swiss law, venue" --set agreement.governing_law=CH --set 'agreement.venue=Københavns Byret'
has "13.2 genitive of Schweiz" "$TMP/flat" "Bestemmelserne er underlagt Schweiz' ret. Tvister om Bestemmelserne afgøres ved Københavns Byret."
cl "Dutch law, en" --set agreement.governing_law=NL --lang en
has "13.2 en the Netherlands" "$TMP/flat" "governed by the law of the Netherlands."
cl "DPOs named" --set controller.dpo.name=Jens --set controller.dpo.title=Advokat --set processor.dpo.name=Lise --lang en
has "15.3 en DPO with title" "$TMP/flat" "| Jens | Advokat, data protection officer |"
has "15.3 en DPO without title" "$TMP/flat" "| Lise | Data protection officer |"

# -- bad input: exit 2, file:line:col, no output left behind
printf 'dpagen: 1\ncontroller:\n  name: K\n  country: Danmark\n' > "$TMP/bad.yaml"
run "invalid config" 2 "$DPAGEN" render "$TMP/bad.yaml" -o "$TMP/bad.md"
has "error names file:line:col" "$TMP/err" "$TMP/bad.yaml:4:12: controller.country: \"Danmark\" is not an ISO 3166-1 alpha-2 code (did you mean \"DK\"?)"
if [ -e "$TMP/bad.md" ]; then bad "no output on error" "bad.md exists"; else ok "no output on error"; fi
# Transfer fields: a bad module and a module without SCC, located, no file.
printf 'extends: %s\nsub_processors:\n  list:\n    - name: Cloud Inc\n      country: US\n      service: Hosting\n      transfer_basis: [dpf, scc]\n      scc_module: 1\n' \
    "$PWD/examples/minimal.yaml" > "$TMP/scc.yaml"
run "SCC module 1 refused" 2 "$DPAGEN" render "$TMP/scc.yaml" -o "$TMP/scc.md"
has "SCC module located" "$TMP/err" "scc.yaml:8:19: sub_processors.list[0].scc_module: 1 is outside the allowed range 2 to 3"
if [ -e "$TMP/scc.md" ]; then bad "no output on bad module" "scc.md exists"; else ok "no output on bad module"; fi
sed -i 's/transfer_basis: \[dpf, scc\]/transfer_basis: dpf/; s/scc_module: 1/scc_module: 3/' "$TMP/scc.yaml"
run "SCC module without scc refused" 2 "$DPAGEN" render "$TMP/scc.yaml" -o "$TMP/scc.md"
has "module without scc located" "$TMP/err" "scc.yaml:8:19: sub_processors.list[0].scc_module is the module of the standard contractual clauses, but transfer_basis does not list scc"
echo "previous" > "$TMP/keep.md"
run "failed render keeps old file" 2 "$DPAGEN" render "$TMP/bad.yaml" -o "$TMP/keep.md"
has "old file untouched" "$TMP/keep.md" "previous"
run "missing config" 2 "$DPAGEN" render "$TMP/nope.yaml"
has "missing config message" "$TMP/err" "nope.yaml: cannot open: No such file or directory"
run "directory as config" 2 "$DPAGEN" render "$TMP"
has "directory message" "$TMP/err" "is a directory, not a file"
run "unwritable output folder" 2 "$DPAGEN" render $EX -o /nonexistent/dir/x.md
has "missing output folder message" "$TMP/err" "/nonexistent/dir/x.md: the folder /nonexistent/dir does not exist"
run "write to a device" 0 "$DPAGEN" render $EX -f md -o /dev/null
run "a device needs no -f" 0 "$DPAGEN" render $EX -o /dev/null
if [ -c /dev/null ]; then ok "a device stays a device"; else bad "a device stays a device" "/dev/null replaced"; fi
echo old > "$TMP/target.md"
ln -s target.md "$TMP/link.md"
ln -s nowhere.md "$TMP/dangling.md"
run "write through a symlink" 0 "$DPAGEN" render $EX -o "$TMP/link.md"
if [ -L "$TMP/link.md" ] && grep -q "## 10. " "$TMP/target.md"; then ok "symlink kept, target written"; else
	bad "symlink kept, target written" "$(ls -l "$TMP/link.md")"; fi
run "write through a dangling symlink" 0 "$DPAGEN" render $EX -o "$TMP/dangling.md"
if [ -L "$TMP/dangling.md" ] && [ -s "$TMP/nowhere.md" ]; then ok "dangling symlink kept"; else bad "dangling symlink kept" "$(ls -l "$TMP")"; fi
if ls "$TMP"/*.tmp* >/dev/null 2>&1; then bad "no temporary files left" "$(ls "$TMP")"; else ok "no temporary files left"; fi

# -- HTML
run "html by extension" 0 "$DPAGEN" render $EX -o "$TMP/a.html"
has "html5 doctype" "$TMP/a.html" "<!DOCTYPE html>"
has "html lang" "$TMP/a.html" '<html lang="da">'
has "html title" "$TMP/a.html" "<title>Databehandleraftale</title>"
has "html embedded css" "$TMP/a.html" "<style>"
has "clause id on its section" "$TMP/a.html" '<section class="clause" id="breach">'
has "sub-clause id" "$TMP/a.html" '<p class="sub" id="breach-notify">'
has "toc links to ids" "$TMP/a.html" 'href="#breach"'
has "annex section" "$TMP/a.html" '<section class="annex" id="annex-processing">'
has "signature blocks side by side" "$TMP/a.html" '<div class="sigblocks">'
has "footer element" "$TMP/a.html" '<footer>'
hasnt "no scripts" "$TMP/a.html" "<script"
if grep -Eq 'src=|@import|url\(|href="https?:' "$TMP/a.html"; then bad "no external requests" "$(grep -Eo 'src=.{0,40}|@import.{0,40}|url\(.{0,40}|href="https?:.{0,40}' "$TMP/a.html" | head -3)"; else ok "no external requests"; fi
run "html is valid (tidy)" 0 tidy -q -e "$TMP/a.html"
run "html en" 0 "$DPAGEN" render $EX -f html --lang en
has "html lang en" "$TMP/out" '<html lang="en">'
run "hostile values" 0 "$DPAGEN" render $EX -f html -o "$TMP/h.html" \
    --set 'processor.name=<script>alert(1)</script>' \
    --set "controller.name='\"><img src=x onerror=alert(1)>'" \
    --set 'other_terms=[{title: "<b>T</b>", text: "[click](https://x.example) *raw*"}]'
hasnt "no script element from config" "$TMP/h.html" "<script>alert"
has "script shown as text" "$TMP/h.html" "&lt;script&gt;alert(1)&lt;/script&gt;"
hasnt "no img element from config" "$TMP/h.html" "<img"
has "img shown as text" "$TMP/h.html" "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
hasnt "no javascript link" "$TMP/h.html" "javascript:"
for v in '[click](javascript:alert(1))' '<i onclick=x>raw</i>' '![i](http://x/y.png)'; do
	run "Markdown field refuses $v" 2 "$DPAGEN" render $EX -f html -o "$TMP/h2.html" --set "other_terms=[{title: T, text: \"$v\"}]"
	has "Markdown field refuses $v: located" "$TMP/err" "--set:1:31: other_terms[0].text: "
done
run "hostile html still valid" 0 tidy -q -e "$TMP/h.html"
run "fragment" 0 "$DPAGEN" render $EX -f html --fragment
hasnt "fragment has no head" "$TMP/out" "<html"
has "fragment is an article" "$TMP/out" '<article class="dpa" lang="da">'
run "highlight" 0 "$DPAGEN" render $EX -f html --highlight
has "highlight marks config values" "$TMP/out" '<mark class="cfg">Kunde A/S</mark>'
hasnt "highlight leaves defaults" "$TMP/out" '<mark class="cfg">Datatilsynet</mark>'
run "no highlight by default" 0 "$DPAGEN" render $EX -f html
hasnt "no marks without --highlight" "$TMP/out" "<mark"

# -- preview
run "preview clause 6 at 60 columns" 0 env COLUMNS=60 "$DPAGEN" preview $EX 6
has "preview heading" "$TMP/out" "6. Behandlingssikkerhed"
w=$(/usr/bin/python3 -c 'import sys; print(max(len(l) for l in open(sys.argv[1], encoding="utf-8").read().splitlines()))' "$TMP/out")
if [ "$w" -le 60 ]; then ok "preview fits 60 columns"; else bad "preview fits 60 columns" "widest line $w"; fi
if grep -q "$(printf '\033')" "$TMP/out"; then bad "no escapes off a terminal" "found ESC"; else ok "no escapes off a terminal"; fi
run "preview table at 120" 0 env COLUMNS=120 "$DPAGEN" preview $EX B.1
has "box-drawn table" "$TMP/out" "┌"
w=$(/usr/bin/python3 -c 'import sys; print(max(len(l) for l in open(sys.argv[1], encoding="utf-8").read().splitlines()))' "$TMP/out")
if [ "$w" -le 120 ]; then ok "table fits 120 columns"; else bad "table fits 120 columns" "widest line $w"; fi
# Issue 20 item 6: a column never narrower than its longest word; a table
# whose words do not fit becomes one block per row, nothing cut mid-word.
has "table column as wide as its word" "$TMP/out" "│ Behandlingssted │"
for cols in 80 60 40; do
	run "preview sub-processors at $cols" 0 env COLUMNS=$cols "$DPAGEN" preview $EX B.1
	hasnt "no box table at $cols" "$TMP/out" "┌"
	has "one block per row at $cols" "$TMP/out" "Land: Tyskland"
	w=$(/usr/bin/python3 -c 'import sys; print(max(len(l) for l in open(sys.argv[1], encoding="utf-8").read().splitlines()))' "$TMP/out")
	if [ "$w" -le $cols ]; then ok "blocks fit $cols columns"; else bad "blocks fit $cols columns" "widest line $w"; fi
done
has "a value's further lines indented" "$TMP/out" "  Frankfurt am Main"
# A word wider than the screen is cut, and the cut is marked.
long=$(/usr/bin/python3 -c "print('Ab' * 75)")
run "preview with a 150-letter name" 0 env COLUMNS=80 "$DPAGEN" preview $EX B.1 --set "sub_processors.list.0.name=$long"
w=$(/usr/bin/python3 -c 'import sys; print(max(len(l) for l in open(sys.argv[1], encoding="utf-8").read().splitlines()))' "$TMP/out")
if [ "$w" -le 80 ]; then ok "an overlong word stays inside 80 columns"; else bad "an overlong word stays inside 80 columns" "widest line $w"; fi
if grep -q -- '^  AbAb.*[Ab]-$' "$TMP/out"; then ok "a cut word is marked"; else bad "a cut word is marked" "$(sed -n 5,9p "$TMP/out")"; fi
# Every example at 80 columns: a line may end in a hyphen only where the
# text has one (no cut word), and nothing is wider than the screen.
for f in examples/*.yaml; do
	run "preview $f at 80" 0 env COLUMNS=80 "$DPAGEN" preview "$f"
	"$DPAGEN" render "$f" -f md -o "$TMP/p.md" 2>/dev/null
	if /usr/bin/python3 - "$TMP/out" "$TMP/p.md" <<'PY'; then ok "no cut word in $f at 80"; else bad "no cut word in $f at 80" "see above"; fi
import re, sys
out = open(sys.argv[1], encoding="utf-8").read().splitlines()
src = open(sys.argv[2], encoding="utf-8").read()
bad = [l for l in out if len(l) > 80]
for l in out:
    for cell in l.split("│"):
        words = cell.split()
        if words and words[-1].endswith("-") and not re.search(re.escape(words[-1]) + r"\w", src):
            bad.append(l)
for l in bad:
    print("  ", l)
sys.exit(1 if bad else 0)
PY
done
run "preview by id, sub-clause and annex" 0 "$DPAGEN" preview $EX breach 9.2 C.2 d
has "preview id" "$TMP/out" "10. Underretning om brud"
has "preview sub-clause" "$TMP/out" "9.2."
has "preview section" "$TMP/out" "C.2 Behandlingssikkerhed"
has "preview annex letter" "$TMP/out" "Bilag D – "
run "preview unknown clause" 2 "$DPAGEN" preview $EX 99
has "unknown clause lists what exists" "$TMP/err" 'no clause "99" in this agreement; there are: 1 toc, 2 preamble'
run "preview colour on a terminal" 0 env PAGER=cat script -qec "\"$DPAGEN\" preview $EX 10" /dev/null
if grep -q "$(printf '\033')\[1m" "$TMP/out"; then ok "bold on a terminal"; else bad "bold on a terminal" "no ESC[1m"; fi
run "preview NO_COLOR" 0 env PAGER=cat NO_COLOR=1 script -qec "\"$DPAGEN\" preview $EX 10" /dev/null
if grep -q "$(printf '\033')\[" "$TMP/out"; then bad "NO_COLOR means no escapes" "found ESC["; else ok "NO_COLOR means no escapes"; fi
run "preview highlight on a terminal" 0 env PAGER=cat script -qec "\"$DPAGEN\" preview $EX 10 --highlight" /dev/null
if grep -q "$(printf '\033')\[7m" "$TMP/out"; then ok "highlight in reverse video"; else bad "highlight in reverse video" "no ESC[7m"; fi
run "preview pager for long text" 0 env PAGER="sed s/^/PAGED:/" script -qec "stty rows 20 cols 80; \"$DPAGEN\" preview $EX" /dev/null
has "long text went through PAGER" "$TMP/out" "PAGED:"
# A pager that cannot start: the text straight to the terminal, one line
# on stderr saying why, exit 0 (it was a blank screen and exit 141).
for pg in /nonexistent nosuchpager "sh -c 'exit 127'"; do
	run "preview without pager $pg" 0 env PAGER="$pg" script -qec "stty rows 20 cols 80; \"$DPAGEN\" preview $EX 2>\"$TMP/perr\"" /dev/null
	has "printed directly without $pg" "$TMP/out" "Bilag D"
	n=$(grep -c "printing directly" "$TMP/perr")
	if [ "$n" = 1 ]; then ok "said why once ($pg)"; else bad "said why once ($pg)" "$n lines: $(cat "$TMP/perr")"; fi
done
mkdir -p "$TMP/nopager" && ln -sf /bin/sh "$TMP/nopager/sh"
run "preview with less missing" 0 env PAGER= script -qec "stty rows 20 cols 80; PATH=\"$TMP/nopager\" \"$DPAGEN\" preview $EX 2>\"$TMP/perr\"" /dev/null
has "printed directly without less" "$TMP/out" "Bilag D"
has "names the missing pager" "$TMP/perr" 'cannot start the pager "less -R"'

# -- clauses 2-8 keep the standard's sub-clause numbers (issue 15), in both languages and
#    under both authorisation types; the front matter says what the text is
for l in da en; do
	for auth in general specific; do
		run "numbering $l $auth renders" 0 "$DPAGEN" render $EX -f html --lang $l --set sub_processors.authorisation=$auth
		for pair in preamble-service=2.3 preamble-annexes=2.5 instructions-documented=4.1 \
		    instructions-unlawful=4.2 confidentiality-access=5.1 security-assessment=6.2 \
		    sub-processors-conditions=7.1 sub-processors-authorisation=7.3 \
		    sub-processors-flow-down=7.4 sub-processors-liability=7.7 sub-processors-failure=7.8 \
		    transfers-instruction=8.1; do
			has "$l $auth: ${pair%=*} is ${pair#*=}" "$TMP/out" "id=\"${pair%=*}\"><strong>${pair#*=}.</strong>"
		done
		for last in 2.11 3.3 4.2 5.2 6.4 7.8 8.5; do
			has "$l $auth: $last exists" "$TMP/out" "<strong>$last.</strong>"
			next="${last%.*}.$((${last#*.} + 1))"
			hasnt "$l $auth: no $next" "$TMP/out" "<strong>$next.</strong>"
		done
	done
done
run "statement da" 0 "$DPAGEN" render $EX
has "da: based on, not identical to the standard" "$TMP/out" "er udarbejdet på grundlag af, men er ikke identiske med, de"
has "da: main agreement quoted" "$TMP/out" "hovedaftale („Abonnementsaftale om Eksempel Booking af 1. marts 2026“)"
run "statement en" 0 "$DPAGEN" render $EX --lang en
has "en: based on, not identical to the standard" "$TMP/out" "have been prepared on the basis of, but are not identical to, the standard"
has "en: main agreement quoted, in English" "$TMP/out" "(“Subscription agreement for Eksempel Booking of 1 March 2026”)"
run "statement in annexes only" 0 "$DPAGEN" render $EX --annexes-only
has "annexes only: the statement too" "$TMP/out" "er udarbejdet på grundlag af, men er ikke identiske med, de"

# -- schema, init, clauses
run "schema" 0 "$DPAGEN" schema
cp "$TMP/out" "$TMP/schema.json"
has "schema draft 2020-12" "$TMP/schema.json" '"$schema": "https://json-schema.org/draft/2020-12/schema"'
run "examples valid against the schema" 0 /usr/bin/python3 tests/tools/validate_schema.py "$TMP/schema.json" examples/*.yaml
printf 'dpagen: 1\nbreach: {notify_hours: "24"}\nfoo: 1\n' > "$TMP/inv.yaml"
run "schema rejects what the loader rejects" 1 /usr/bin/python3 tests/tools/validate_schema.py "$TMP/schema.json" "$TMP/inv.yaml"
for l in da en; do
	run "init $l" 0 "$DPAGEN" init --lang $l
	cp "$TMP/out" "$TMP/init-$l.yaml"
	run "init $l loads and renders as a draft" 0 "$DPAGEN" render "$TMP/init-$l.yaml" --force
	run "init $l valid against the schema" 0 /usr/bin/python3 tests/tools/validate_schema.py "$TMP/schema.json" "$TMP/init-$l.yaml"
done
# The schema and the loader agree (issue 16): every example and fixture,
# and a location in every form of country, gets the same verdict from a real
# JSON Schema validator as from the loader (dpagen check exits 2 only when
# the config does not load).
schema_agrees() {	# NAME FILE
	/usr/bin/python3 tests/tools/validate_schema.py "$TMP/schema.json" "$2" >"$TMP/verdict" 2>&1
	s=$?
	"$DPAGEN" check "$2" >/dev/null 2>"$TMP/err"
	l=$?
	case "$s:$l" in 0:0 | 0:1 | 1:2) agree=yes ;; *) agree=no ;; esac
	if [ $agree = yes ]; then
		ok "schema and loader agree: $1"
	else bad "schema and loader agree: $1" "schema exit $s ($(head -c 300 "$TMP/verdict")), dpagen check exit $l ($(head -c 300 "$TMP/err"))"; fi
}
for f in examples/*.yaml tests/fixtures/*.yaml; do schema_agrees "$f" "$f"; done
# The example with one location in country $1, in place of its own locations.
location() {
	awk '/^[^ #]/ { skip = ($0 ~ /^locations:/) } !skip' $EX
	printf 'locations:\n  - country: "%s"\n' "$1"
}
for c in DK NO GB EU EEA EU/EEA UK XX EL eu Deutschland England "EU-EEA"; do
	location "$c" >"$TMP/loc.yaml"
	schema_agrees "location $c" "$TMP/loc.yaml"
done
# An unquoted number where text belongs (registration: 12345678), and a
# party in a region (a place of processing only): both agree.
sed 's/^  registration: CVR 87654321$/  registration: 87654321/' $EX >"$TMP/num.yaml"
if grep -q '^  registration: 87654321$' "$TMP/num.yaml"; then ok "numeric registration fixture"; else
	bad "numeric registration fixture" "no processor registration line to change in $EX"; fi
schema_agrees "unquoted numeric registration" "$TMP/num.yaml"
sed 's/^  country: DK$/  country: EU/' $EX >"$TMP/region-party.yaml"
schema_agrees "a party in a region" "$TMP/region-party.yaml"
for c in UK XX; do
	location "$c" >"$TMP/loc.yaml"
	run "loader refuses location $c" 2 "$DPAGEN" check "$TMP/loc.yaml"
	[ $c = UK ] && has "UK is answered with GB" "$TMP/err" '"UK" is not an ISO 3166-1 alpha-2 code (did you mean "GB"?)'
	run "schema refuses location $c" 1 /usr/bin/python3 tests/tools/validate_schema.py "$TMP/schema.json" "$TMP/loc.yaml"
done
# A region is inside the EU/EEA for every check: clean, where a third
# country in the same place is a finding (DPA016).
location IN >"$TMP/loc.yaml"
run "a third-country location is a finding" 1 "$DPAGEN" check "$TMP/loc.yaml"
has "the finding is DPA016" "$TMP/out" "DPA016"
for c in EU EEA EU/EEA; do
	location "$c" >"$TMP/loc.yaml"
	run "loader accepts region $c, check is clean" 0 "$DPAGEN" check "$TMP/loc.yaml"
	run "schema accepts region $c" 0 /usr/bin/python3 tests/tools/validate_schema.py "$TMP/schema.json" "$TMP/loc.yaml"
done
if cmp -s "$TMP/schema.json" dpagen.schema.json; then ok "dpagen.schema.json is current"; else
	bad "dpagen.schema.json is current" "differs from dpagen schema: run make docs"; fi
run "config reference" 0 "$DPAGEN" schema --markdown
if cmp -s "$TMP/out" docs/config.md; then ok "docs/config.md is current"; else
	bad "docs/config.md is current" "differs from dpagen schema --markdown: run make docs"; fi
run "man pages lint clean" 0 mandoc -Tlint -W warning docs/man/dpagen.1
run "clauses" 0 "$DPAGEN" clauses
hasnt "clauses: the standard's numbers kept (da)" "$TMP/out" "the standard's"
has "clauses: sub-clauses with ids listed" "$TMP/out" "instructions-unlawful"
run "clauses en" 0 "$DPAGEN" clauses --lang en
hasnt "clauses: the standard's numbers kept (en)" "$TMP/out" "the standard's"
mkdir -p "$TMP/renum"
cp templates/da/*.md "$TMP/renum/"
printf '{{clause instructions}} Instruks\n\n{{sub}} Ekstra.\n\n{{sub instructions-documented}} A.\n\n{{sub instructions-unlawful}} B.\n' >"$TMP/renum/04-instructions.md"
run "clauses of a renumbered set" 0 "$DPAGEN" clauses --templates "$TMP/renum"
has "clauses: a moved number shows the standard's" "$TMP/out" "instructions-unlawful           (the standard's 4.2)"
has "clauses lists breach" "$TMP/out" "breach"
run "clauses en" 0 "$DPAGEN" clauses --lang en
has "clauses en lists annex D" "$TMP/out" "annex-other"


# -- annexes A-D and the signatures: each choice renders its own text
# (--force: the examples may lack values that check asks for).  ann renders
# and flattens the text to one line so that phrases may span line breaks.
ann() {
	"$DPAGEN" render $EX --force -f md -o - "$@" 2>/dev/null | tr -s '\n' ' ' > "$TMP/ann"
}
ann --set processing.special_categories=~ --set processing.cpr_numbers=~
# Only A.3 itself: the example's C.1 and C.2 name CPR numbers in its own words.
sed -n 's/.*### A\.3 \(.*\)### A\.4 .*/\1/p' "$TMP/ann" > "$TMP/a3"
has "A.3 found" "$TMP/a3" "almindelige personoplysninger"
hasnt "A.3 says nothing of Art. 9 not stated" "$TMP/a3" "særlige kategorier af personoplysninger, jf."
hasnt "A.3 says nothing of CPR not stated" "$TMP/a3" "CPR-numre"
ann
has "A.5 on signature" "$TMP/ann" "når Bestemmelserne er trådt i kraft ved begge parters underskrift"
has "B.1 approval date in its own column" "$TMP/ann" "| 1. marts 2026 |"
hasnt "B.1 approval date not in the description" "$TMP/ann" "(godkendt"
has "B.1 other processing via B.2 under general" "$TMP/ann" "er det en ændring, som databehandleren skal underrette den dataansvarlige om efter proceduren i bilag"
has "B.2 objection: an alternative first" "$TMP/ann" "tilbyder i så fald uden unødig forsinkelse den dataansvarlige et rimeligt alternativ"
has "B.2 objection: an exit without fees" "$TMP/ann" "uden at skulle betale opsigelsesgebyr"
hasnt "B.2 no deadlock" "$TMP/ann" "i fællesskab en løsning"
has "C.1 use of the service is an instruction" "$TMP/ann" "brug af ydelsens funktioner og indstillinger dokumenteret instruks"
has "C.2 level as agreed" "$TMP/ann" "Parterne har aftalt et normalt sikkerhedsniveau"
has "C.3 default charge: costs" "$TMP/ann" "kræve sine rimelige og dokumenterede omkostninger ved bistanden betalt"
has "C.3 no charge for own breach" "$TMP/ann" "kan dog ikke kræve betaling for bistand"
has "C.4 confirmation states the back-ups" "$TMP/ann" "bortset fra kopier i sikkerhedskopier, som holdes fortrolige, ikke gendannes i produktionsmiljøet"
has "C.7 interval" "$TMP/ann" "én gang hver 12. måned"
has "C.7 cap keeps Art. 28(3)(h)" "$TMP/ann" "Begrænsningen gælder ikke for inspektioner efter et brud"
hasnt "C.7 no 'tilsyn' for audit" "$TMP/ann" "ilsynsform"
has "D.1 Art. 33(3) by default" "$TMP/ann" "efter databeskyttelsesforordningens artikel 33, stk. 3:"
has "D.3 cure days" "$TMP/ann" "30 dage, efter at den dataansvarlige har standset behandlingen"
has "D.4 none agreed" "$TMP/ann" "Parterne har ikke aftalt andre forhold."
has "signature lines" "$TMP/ann" "| Sted og dato | Underskrift |"
# The footer traces the copy (reference, version, fingerprint); the tool's
# name and version are no part of a signed agreement (usability review).
has "footer: reference, version, fingerprint" "$TMP/ann" "Reference DBA-EKS-2026-001 · Version 1.0 · Fingeraftryk "
hasnt "footer: no tool in the agreement" "$TMP/ann" "udarbejdet med dpagen"
ann --set 'processing.special_categories=[]' --set processing.cpr_numbers=false --set agreement.effective=date
has "A.3 Art. 9 stated as none" "$TMP/ann" "Behandlingen omfatter ikke særlige kategorier af personoplysninger"
has "A.3 CPR stated as none" "$TMP/ann" "Behandlingen omfatter ikke personnumre"
has "A.5 on the agreed date" "$TMP/ann" "fra den 1. marts 2026, hvor Bestemmelserne træder i kraft"
ann --set sub_processors.authorisation=specific --set sub_processors.on_objection=terminate
has "B.1 other processing needs specific approval" "$TMP/ann" "kræver det den dataansvarliges forudgående specifikke skriftlige godkendelse"
has "B.2 silence is no approval" "$TMP/ann" "Manglende svar er ikke en godkendelse"
hasnt "B.2 terminate: no alternative" "$TMP/ann" "rimeligt alternativ"
has "B.2 terminate: exit" "$TMP/ann" "Den dataansvarlige kan i så fald opsige"
ann --set assistance.charge=rates --set 'assistance.fees=900 kr. pr. time' --set assistance.response_days=5
has "C.3 rates" "$TMP/ann" "efter følgende satser: 900 kr. pr. time"
has "C.3 response days" "$TMP/ann" "senest 5 dage, efter at databehandleren har modtaget den"
ann --set assistance.charge=included --set audit.cost=balanced --set audit.max_per_year=0
has "C.3 included" "$TMP/ann" "Bistanden er indeholdt i vederlaget"
hasnt "C.3 included: no fee text" "$TMP/ann" "kan dog ikke kræve betaling"
has "C.7 balanced cost" "$TMP/ann" "Afdækker inspektionen en væsentlig overtrædelse af Bestemmelserne"
hasnt "C.7 no cap" "$TMP/ann" "Begrænsningen gælder ikke"
ann --set agreement.liability=cap --set 'agreement.liability_cap=100.000 kr' --set agreement.cure_days=45 \
	--set 'controller.signatories.0.phone=+45 11 11 11 11'
has "D.2 cap" "$TMP/ann" "er begrænset til 100.000 kr."
has "D.3 cure days from the config" "$TMP/ann" "45 dage, efter at den dataansvarlige har standset"
has "signatory phone in its own column" "$TMP/ann" "| Telefon | Sted og dato | Underskrift | |---|---|---|---|---| | Lars Holm | Administrerende direktør | +45 11 11 11 11 |"
ann --set transfers.allowed=true --set sub_processors.list.0.country=US --set sub_processors.list.0.transfer_basis=scc
has "C.6 SCC module 3" "$TMP/ann" "modul 3 (databehandler til databehandler)"
has "B.1 basis column" "$TMP/ann" "| SCC, modul 3 |"
ann --lang en --set 'processing.criminal_offences=[]' --set retention.at_end=return
has "en A.3 Art. 10 stated as none" "$TMP/ann" "The processing does not cover any personal data relating to criminal convictions"
has "en C.4 return with its deadline" "$TMP/ann" "No later than 30 days after termination, the processor shall return"
has "en C.6 unless and until" "$TMP/ann" "unless and until the controller gives documented instructions"
has "en footer: reference, version, fingerprint" "$TMP/ann" "Reference DBA-EKS-2026-001 · Version 1.0 · Fingerprint "
hasnt "en footer: no tool in the agreement" "$TMP/ann" "prepared with dpagen"
has "en signature lines" "$TMP/ann" "| Place and date | Signature |"
# -- issue 17 item 4: a published sub-processor list, how changes are
# announced, log retention; each stated where the standard puts it
PUB="--set sub_processors.published_list=https://eksempel-aps.dk/underdatabehandlere"
run "published list (da)" 0 "$DPAGEN" render $EX $PUB --set "sub_processors.announcement=pr. e-mail til kontaktpersonerne" --set retention.log_days=90
sed -n '/^### B.2/,/^### C.1/p' "$TMP/out" | tr '\n' ' ' >"$TMP/b2"
has "B.2 names the published list" "$TMP/b2" "offentliggør desuden den gældende liste over underdatabehandlere på https://eksempel-aps.dk/underdatabehandlere"
has "B.2: the web list does not amend B.1" "$TMP/b2" "Listen dér ændrer ikke bilag"
has "B.2 says how changes are announced" "$TMP/b2" "Underretninger efter dette bilag gives pr. e-mail til kontaktpersonerne."
has "C.4 states log retention" "$TMP/out" "Logfiler, der indeholder personoplysninger, opbevares i højst"
run "published list (en)" 0 "$DPAGEN" render $EX $PUB --lang en --set retention.log_days=90
has "B.2 names the published list (en)" "$TMP/out" "The processor also publishes the current list of sub-processors at"
has "C.4 states log retention (en)" "$TMP/out" "Logs containing personal data shall be kept for no more than"
run "no published list by default" 0 "$DPAGEN" render $EX
hasnt "no published list sentence" "$TMP/out" "offentliggør desuden"
hasnt "no log sentence" "$TMP/out" "Logfiler, der indeholder"

# -- issue 17 item 3: an agreement accepted online with the service's terms
# (agreement.form: online): the customer is not named, nobody signs, and the
# front matter, 14.1, 14.3-14.5 and clause 15 say how it is accepted and ends
ON=examples/saas-online.yaml
run "online example check --strict" 0 "$DPAGEN" check --strict $ON
run "online example check --strict (en)" 0 "$DPAGEN" check --strict --lang en $ON
run "online render (da)" 0 "$DPAGEN" render $ON -o "$TMP/on.md"
tr '\n' ' ' <"$TMP/on.md" | tr -s ' ' >"$TMP/on"
has "online front: the customer" "$TMP/on" "**den kunde**, der har accepteret „Bilagsboks – vilkår for erhvervskunder“, som dataansvarlig"
has "online front: part of the terms, with their address" "$TMP/on" "Bestemmelserne er en del af „Bilagsboks – vilkår for erhvervskunder“, som er offentliggjort på https://bilagsboks-aps.dk/vilkaar."
has "online 14.1 at sign-up" "$TMP/on" "træder i kraft, når den dataansvarlige opretter en konto til ydelsen"
has "online 14.3 ends with the terms" "$TMP/on" "kan ikke opsiges særskilt fra den ydelse, de vedrører, men ophører sammen med"
has "online 14.4 lapses" "$TMP/on" "bortfalder Bestemmelserne uden opsigelse"
has "online 14.5 not signed" "$TMP/on" "Bestemmelserne underskrives ikke. De indgås elektronisk"
has "online 15: the customer's contact details" "$TMP/on" "via de kontaktoplysninger, som den dataansvarlige har angivet"
has "online A.5 not on signature" "$TMP/on" "påbegynde behandlingen, når Bestemmelserne er trådt i kraft, jf. pkt."
hasnt "online: no signature page" "$TMP/on" "Underskrifter"
hasnt "online: nothing about signing by both" "$TMP/on" "begge parter"
hasnt "online: no named supervisory authority" "$TMP/on" "Datatilsynet,"
has "A.1 independent controller" "$TMP/on" "sker ikke på vegne af den dataansvarlige og er ikke omfattet af Bestemmelserne"
has "A.1 the processor by default" "$TMP/on" "- Databehandleren: Fakturering af abonnementet"
has "A.1 a named third party" "$TMP/on" "- Eksempel Pay Ltd, Irland (betalingsudbyder): Betaling med kort"
has "C.7 audit fee" "$TMP/on" "opgøres efter følgende honorar: 1.200 kr. pr. påbegyndt time"
run "online render (en)" 0 "$DPAGEN" render $ON --lang en -o "$TMP/on-en.md"
tr '\n' ' ' <"$TMP/on-en.md" | tr -s ' ' >"$TMP/on"
has "online front (en)" "$TMP/on" "**the customer** that has accepted “Bilagsboks – Terms for Business Customers”, as controller"
has "online 14.1 (en)" "$TMP/on" "shall take effect when the controller creates an account for the service"
has "online 14.5 (en)" "$TMP/on" "These Clauses are not signed. They are concluded electronically"
has "A.1 independent controller (en)" "$TMP/on" "is not carried out on behalf of the controller and is not covered by these Clauses"
has "C.7 audit fee (en)" "$TMP/on" "shall be charged at the following fee: DKK 1,200 per hour"
hasnt "online: no signature page (en)" "$TMP/on" "Signatures"
run "online: upgrade" 0 "$DPAGEN" render $ON --set agreement.accepted=upgrade --set agreement.plan=Pro -o "$TMP/up.md"
tr '\n' ' ' <"$TMP/up.md" | tr -s ' ' >"$TMP/on"
has "online 14.1 on upgrade" "$TMP/on" "når den dataansvarlige opgraderer til planen „Pro“"
run "online: on a date" 0 "$DPAGEN" render $ON --lang en --set agreement.accepted=date --set agreement.date=2027-02-01 -o "$TMP/dt.md"
tr '\n' ' ' <"$TMP/dt.md" | tr -s ' ' >"$TMP/on"
has "online 14.1 on a date" "$TMP/on" "shall take effect on 1 February 2027. If the controller accepts"
run "online: a named customer" 0 "$DPAGEN" render $ON --set "controller.name=Kunde A/S" --set controller.country=SE -o "$TMP/nm.md"
tr '\n' ' ' <"$TMP/nm.md" | tr -s ' ' >"$TMP/on"
has "online: the named customer" "$TMP/on" "**Kunde A/S**, Sverige, som er kunde efter „Bilagsboks – vilkår for erhvervskunder“"
has "online: its authority" "$TMP/on" "Integritetsskyddsmyndigheten"
run "online: upgrade without a plan" 2 "$DPAGEN" render $ON --set agreement.accepted=upgrade -o "$TMP/bad.md"
has "online: upgrade error located" "$TMP/err" "agreement.accepted is \"upgrade\": set agreement.plan"
if [ -e "$TMP/bad.md" ]; then bad "online: no output on error" "$TMP/bad.md written"; else ok "online: no output on error"; fi
run "online: a bad form" 2 "$DPAGEN" render $ON --set agreement.form=paper -o "$TMP/bad.md"
has "online: bad form located" "$TMP/err" "agreement.form: \"paper\" is not one of: signed, online"
run "online: a fee nobody pays" 2 "$DPAGEN" render $ON --set audit.cost=processor -o "$TMP/bad.md"
has "online: fee error located" "$TMP/err" "saas-online.yaml:302:9: audit.fee is charged for inspections the controller pays for"
if [ -e "$TMP/bad.md" ]; then bad "online: still no output on error" "$TMP/bad.md written"; else ok "online: still no output on error"; fi
run "signed: the controller is required" 2 "$DPAGEN" check $ON --set agreement.form=signed
has "signed: controller missing" "$TMP/err" "controller: required section is missing"
run "online: notice" 0 "$DPAGEN" notice $ON $ON --set "sub_processors.list.3.name=Eksempel Scan AG" -f md -o "$TMP/notice.md"
has "online notice goes to the customers of the terms" "$TMP/notice.md" "Til: Kunder, der har accepteret „Bilagsboks – vilkår for erhvervskunder“ (den dataansvarlige)"
run "online: notice (en)" 0 "$DPAGEN" notice $ON $ON --lang en --set "sub_processors.list.3.name=Eksempel Scan AG" -f md -o "$TMP/notice.md"
has "online notice goes to the customers of the terms (en)" "$TMP/notice.md" "To: Customers that have accepted “Bilagsboks – Terms for Business Customers” (the controller)"
run "online: html" 0 "$DPAGEN" render $ON -o "$TMP/on.html"
run "online: pdf" 0 "$DPAGEN" render $ON --lang en -o "$TMP/on.pdf"

# -- issue 19 item 1: did you mean, for commands and options
run "misspelt command" 2 "$DPAGEN" rendr $EX
has "misspelt command: did you mean" "$TMP/err" 'unknown command "rendr" (did you mean "render"?)'
hasnt "misspelt command: no whole usage" "$TMP/err" "usage: dpagen COMMAND"
run "help of a misspelt command" 2 "$DPAGEN" help chek
has "help: did you mean" "$TMP/err" '(did you mean "check"?)'
run "option near a real one" 2 "$DPAGEN" render $EX --output-dir "$TMP/od"
has "--output-dir: did you mean --output" "$TMP/err" "unknown option --output-dir (did you mean --output?)"
run "misspelt option" 2 "$DPAGEN" check $EX --fromat=json
has "--fromat: did you mean --format" "$TMP/err" "unknown option --fromat=json (did you mean --format?)"
run "batch --output-dir" 2 "$DPAGEN" batch $EX customers.csv --output-dir "$TMP/od"
has "batch: did you mean --output" "$TMP/err" "(did you mean --output?)"
run "diff misspelt option" 2 "$DPAGEN" diff $EX $EX --stats
has "diff: did you mean --stat" "$TMP/err" "unknown option --stats (did you mean --stat?)"
run "nothing near" 2 "$DPAGEN" render $EX --zzzzzzzz
hasnt "nothing near: no hint" "$TMP/err" "did you mean"

# -- issue 19 item 1: YAML syntax errors show the line, a caret and the fix
printf 'dpagen: 1\ncontroller:\n\tname: X\n' > "$TMP/y-tab.yaml"
run "tab in indentation" 2 "$DPAGEN" check "$TMP/y-tab.yaml"
has "tab: says so" "$TMP/err" "y-tab.yaml:3:1: YAML syntax error: a tab in the indentation: YAML indents with spaces only"
has "tab: the line" "$TMP/err" "    |  name: X"
printf 'dpagen: 1\ncontroller:\n  name: X\n  address: Vej 1: st. tv\n' > "$TMP/y-colon.yaml"
run "unquoted colon" 2 "$DPAGEN" check "$TMP/y-colon.yaml"
has "colon: the fix" "$TMP/err" 'y-colon.yaml:4:17: YAML syntax error: a value that holds ": " must be quoted, e.g. address: "Vej 1: st. tv"'
has "colon: the line" "$TMP/err" "    |   address: Vej 1: st. tv"
has "colon: the caret" "$TMP/err" "    |                 ^"
printf 'dpagen: 1\ncontroller:\n  name: "X ApS\n  address: Vej 1\n' > "$TMP/y-quote.yaml"
run "unclosed quote" 2 "$DPAGEN" check "$TMP/y-quote.yaml"
has "unclosed quote: points at the quote" "$TMP/err" "y-quote.yaml:3:9: YAML syntax error: the quote that opens this value is never closed"
printf 'dpagen: 1\ncontroller:\n  name: "X ApS\n  address: "Vej 1"\n' > "$TMP/y-quote2.yaml"
run "unclosed quote closed later" 2 "$DPAGEN" check "$TMP/y-quote2.yaml"
has "unclosed quote closed later: says so" "$TMP/err" "a quote above is never closed"
printf 'dpagen: 1\ncontroller:\n  name: "X" ApS\n' > "$TMP/y-after.yaml"
run "text after a closing quote" 2 "$DPAGEN" check "$TMP/y-after.yaml"
has "text after a closing quote: the fix" "$TMP/err" "quote the whole value, e.g. name: '\"X\" ApS'"
sed 's/^  name: Kunde A\/S.*/  name: #1 Tandklinik/' $EX > "$TMP/y-hash.yaml"
run "unquoted # in a value" 2 "$DPAGEN" check "$TMP/y-hash.yaml"
has "unquoted #: the fix" "$TMP/err" 'controller.name: required value is missing: " #" starts a comment, so quote a value that starts with "#"'
printf 'dpagen: 1\ncontroller:\n  address: Vej 1: st.\342\200\256 tv\n' > "$TMP/y-bidi.yaml"
run "excerpt of a hostile line" 2 "$DPAGEN" check "$TMP/y-bidi.yaml"
hasnt "excerpt: no bidi control" "$TMP/err" "$(printf '\342\200\256')"
has "excerpt: shown as ?" "$TMP/err" "    |   address: Vej 1: st.? tv"

# -- issue 19 item 1: --set takes the paths messages print, and says how to quote
run "--set list[0] as messages print it" 0 "$DPAGEN" render $EX --set "sub_processors.list[0].country=SE"
has "--set list[0] applied" "$TMP/out" "Sverige"
run "--set starts a list" 0 "$DPAGEN" render $EX --set "other_terms[0].title=Ansvar" --set "other_terms.0.text=Se pkt. 7.7."
has "--set started list rendered" "$TMP/out" "Se pkt. 7.7."
run "--set text with ': '" 2 "$DPAGEN" render $EX --set "other_terms[0].title=Ansvar" --set "other_terms.0.text=Ansvar: se pkt. 7.7"
has "--set ': ' quote hint" "$TMP/err" "note: a --set VALUE is YAML: give text in quotes, --set 'other_terms[0].text=\"Ansvar: se pkt. 7.7\"'"
run "--set quoted as the hint says" 0 "$DPAGEN" render $EX --set "other_terms[0].title=Ansvar" --set 'other_terms[0].text="Ansvar: se pkt. 7.7"'
has "--set quoted value rendered" "$TMP/out" "Ansvar: se pkt. 7.7"
run "--set value cut by #" 2 "$DPAGEN" render $EX --set "processor.name=Acme #1" -o "$TMP/hash.md"
has "--set #: says so" "$TMP/err" "--set:1:16: processor.name: \" #\" starts a YAML comment, so the value would end before it"
has "--set #: how to quote" "$TMP/err" "--set 'processor.name=\"Acme #1\"'"
if [ -e "$TMP/hash.md" ]; then bad "--set #: no output" "written"; else ok "--set #: no output"; fi
run "--set syntax error: quote hint" 2 "$DPAGEN" render $EX --set "processor.name=[Acme"
has "--set syntax error: note" "$TMP/err" "--set 'processor.name=\"[Acme\"'"

# -- issue 19 item 1: output extensions in any case; -f and -o agree; idle options named
run "upper-case extension" 0 "$DPAGEN" render $EX -o "$TMP/DPA.PDF"
if head -c 5 "$TMP/DPA.PDF" | grep -q '%PDF-'; then ok "DPA.PDF is a PDF"; else bad "DPA.PDF is a PDF" "not a PDF"; fi
run "-f and -o disagree" 2 "$DPAGEN" render $EX -f pdf -o "$TMP/mismatch.html"
has "-f and -o disagree: says so" "$TMP/err" "-f pdf and -o \"$TMP/mismatch.html\" disagree (pdf in a file named as html): drop -f, or name the file .pdf"
if [ -e "$TMP/mismatch.html" ]; then bad "-f and -o disagree: no output" "written"; else ok "-f and -o disagree: no output"; fi
run "-f and -o agree" 0 "$DPAGEN" render $EX -f html -o "$TMP/agree.HTM"
run "--highlight with md" 0 "$DPAGEN" render $EX -f md --highlight
has "--highlight with md warns" "$TMP/err" "warning: --highlight does nothing for md"
run "--fragment with pdf" 0 "$DPAGEN" render $EX --fragment -o "$TMP/frag.pdf"
has "--fragment with pdf warns" "$TMP/err" "warning: --fragment does nothing for pdf"
if [ "$(grep -c 'does nothing' "$TMP/err")" = 1 ]; then ok "idle option warned once"; else bad "idle option warned once" "$(cat "$TMP/err")"; fi
run "--highlight with html: no warning" 0 "$DPAGEN" render $EX -f html --highlight
hasnt "--highlight with html: quiet" "$TMP/err" "does nothing"

# -- issue 19 item 1: init -o FILE, kept unless --force
run "init -o" 0 "$DPAGEN" init -o "$TMP/starter.yaml"
has "init -o wrote the starter" "$TMP/starter.yaml" "dpagen: 1"
echo "mine" > "$TMP/mine.yaml"
run "init -o over a file" 2 "$DPAGEN" init -o "$TMP/mine.yaml"
has "init -o over a file: says --force" "$TMP/err" "mine.yaml exists; give --force to replace it"
has "init -o over a file: file kept" "$TMP/mine.yaml" "mine"
run "init -o --force" 0 "$DPAGEN" init -o "$TMP/mine.yaml" --force --lang en
has "init -o --force replaced it" "$TMP/mine.yaml" "dpagen: 1"
run "init FILE" 2 "$DPAGEN" init "$TMP/x.yaml"
has "init FILE: suggests -o" "$TMP/err" "(to write a file: dpagen init -o $TMP/x.yaml)"

# -- issue 19 item 1: the schema version says what to do
sed 's/^dpagen: 1/dpagen: 2/' $EX > "$TMP/v2.yaml"
run "newer schema" 2 "$DPAGEN" check "$TMP/v2.yaml"
has "newer schema: upgrade" "$TMP/err" "dpagen: this config needs a dpagen that reads schema 2; this dpagen reads schema 1: upgrade dpagen"

# -- issue 19 item 3: the starter names its file as the docs do
for l in da en; do
	run "init --lang $l" 0 "$DPAGEN" init --lang $l
	has "starter ($l) says dpa.yaml" "$TMP/out" "dpagen check dpa.yaml"
	hasnt "starter ($l) has no other file name" "$TMP/out" "aftale.yaml"
done

# -- issue 19 item 4: --fsync (or DPAGEN_FSYNC) flushes outputs; the default does not
fsyncs() { grep -c '^[0-9]* *fsync(' "$TMP/trace" || true; }
# strace itself, not under $VALGRIND: it is what watches dpagen here; and
# LeakSanitizer cannot run under ptrace (the other tests look for leaks)
traced() {
	name=$1
	shift
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" VALGRIND= run "$name" 0 "$@"
}
traced "render --fsync" strace -f -o "$TMP/trace" -e trace=fsync "$DPAGEN" render $EX -o "$TMP/fs.md" --fsync
if [ "$(fsyncs)" -ge 2 ]; then ok "render --fsync: file and folder flushed"; else bad "render --fsync: file and folder flushed" "$(cat "$TMP/trace")"; fi
traced "render without --fsync" strace -f -o "$TMP/trace" -e trace=fsync "$DPAGEN" render $EX -o "$TMP/fs.md"
if [ "$(fsyncs)" = 0 ]; then ok "render: no fsync by default"; else bad "render: no fsync by default" "$(cat "$TMP/trace")"; fi
traced "DPAGEN_FSYNC=1" env DPAGEN_FSYNC=1 strace -f -o "$TMP/trace" -e trace=fsync "$DPAGEN" init -o "$TMP/fs.yaml" --force
if [ "$(fsyncs)" -ge 2 ]; then ok "DPAGEN_FSYNC=1: flushed"; else bad "DPAGEN_FSYNC=1: flushed" "$(cat "$TMP/trace")"; fi
traced "batch --fsync" strace -f -o "$TMP/trace" -e trace=fsync "$DPAGEN" batch examples/ci/base.yaml examples/ci/customers.csv -o "$TMP/fsb" -f md --fsync
if [ "$(fsyncs)" -ge 8 ]; then ok "batch --fsync: every output and the manifest"; else bad "batch --fsync: every output and the manifest" "$(fsyncs) fsyncs"; fi

# -- Markdown links that work where Markdown is read (issue 20 item 5): every
#    internal link of every example, in both languages, is an anchor GitHub
#    and GitLab make from a heading (tests/tools/mdlinks.py has their rules)
for l in da en; do
	for f in examples/*.yaml; do
		"$DPAGEN" render "$f" --lang $l -f md -o "$TMP/links-$l-$(basename "$f" .yaml).md" 2>/dev/null
	done
	run "md links resolve on GitHub and GitLab ($l)" 0 /usr/bin/python3 tests/tools/mdlinks.py "$TMP"/links-$l-*.md
done
has "a link to a clause goes to its heading's anchor" "$TMP/links-da-minimal.md" "[2. Præambel](#2-præambel)"
has "a sub-clause's link goes to its clause" "$TMP/links-da-minimal.md" "[9.1](#9-bistand-til-den-dataansvarlige)"
has "an annex's anchor is the same on both" "$TMP/links-en-minimal.md" "(#annex-a-information-about-the-processing)"
hasnt "no engine id left as a link" "$TMP/links-da-minimal.md" "](#preamble)"


# -- HTML for print (issue 20 item 4), printed by a real browser (Debian's
#    chromium, >= 131 for @page margin boxes): every page says "Side X af Y",
#    pages after the first carry the title and reference, the signature
#    block is on one page, the text comes through.  Two examples, ~2 s each.
print_html() {	# print_html NAME CONFIG LANG : $TMP/NAME.pdf
	"$DPAGEN" render "$2" --lang "$3" -f html -o "$TMP/$1.html" &&
	chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
	    --user-data-dir="$TMP/chromium" --print-to-pdf="$TMP/$1.pdf" "file://$TMP/$1.html" \
	    >/dev/null 2>&1
}
for spec in "minimal da Side af DBA-EKS-2026-001 Underskrifter" "onlime en Page of - Signatures"; do
	set -- $spec
	if ! print_html "print-$1" "examples/$1.yaml" "$2"; then bad "chromium prints $1 ($2)" "no PDF"; continue; fi
	pdf="$TMP/print-$1.pdf"
	n=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
	missing=""
	i=1
	while [ "$i" -le "$n" ]; do
		pdftotext -f $i -l $i "$pdf" "$TMP/page.txt"
		grep -q "$3 $i $4 $n" "$TMP/page.txt" || missing="$missing $i"
		i=$((i + 1))
	done
	if [ "$n" -gt 1 ] && [ -z "$missing" ]; then ok "printed $1: \"$3 X $4 $n\" on every page"
	else bad "printed $1: page numbers" "$n pages, missing on:$missing"; fi
	pdftotext -f 1 -l 1 "$pdf" "$TMP/page1.txt"
	pdftotext -f 2 -l 2 "$pdf" "$TMP/page2.txt"
	if [ "$5" != - ]; then
		has "printed $1: running reference from page 2" "$TMP/page2.txt" "$5"
		if [ "$(grep -c "$5" "$TMP/page1.txt")" -le 1 ]; then ok "printed $1: no running header on page 1"
		else bad "printed $1: no running header on page 1" "reference twice"; fi
	fi
	pdftotext "$pdf" "$TMP/print.txt"
	has "printed $1: text comes through" "$TMP/print.txt" "$6"
done
# The signature block of minimal.yaml is on one page: both signatories and
# the heading on the same page.
n=$(pdfinfo "$TMP/print-minimal.pdf" | sed -n 's/^Pages: *//p')
pdftotext -f "$n" -l "$n" "$TMP/print-minimal.pdf" "$TMP/last.txt"
if grep -q "Underskrifter" "$TMP/last.txt" && grep -q "Lars Holm" "$TMP/last.txt" && grep -q "Peter Eksempel" "$TMP/last.txt"
then ok "printed signature block on one page"; else bad "printed signature block on one page" "$(head -c 300 "$TMP/last.txt")"; fi
run "html print style" 0 "$DPAGEN" render examples/minimal.yaml -f html --set 'agreement.reference=A"B\C'
has "lang drives hyphenation" "$TMP/out" "hyphens:auto"
has "values and cells are not hyphenated" "$TMP/out" "td,strong,mark.cfg,.sigblock,footer{-webkit-hyphens:manual;hyphens:manual}"
has "page numbers in a margin box" "$TMP/out" '@bottom-right{content:"Side" " " counter(page) " " "af" " " counter(pages)}'
has "a value in the page CSS is escaped" "$TMP/out" '@top-right{content:"A\22 B\5c C\2c  version 1\2e 0"}'
# On a wide screen the sub-processor table is not squeezed into the text column.
has "a table of 5+ columns is wide on screen" "$TMP/out" '<table class="wide">'
has "wide tables leave the text column on a wide screen" "$TMP/out" "@media screen and (min-width:56rem){table.wide{"

finish
