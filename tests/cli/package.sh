#!/bin/sh
# package.sh - what `make install` puts in place and the docs that ship with
# it: the installed binary run from another folder, every installed file,
# uninstall, bash and zsh completion, the man pages (lint, generated page
# current, every command, option and environment variable documented),
# README's example and `dpagen templates --export`.
. tests/cli/lib.sh
BUILD=${BUILD:-build}
REPO=$(pwd)
ROOT=$TMP/root
BIN=$ROOT/usr/bin/dpagen
INSTALLED="usr/bin/dpagen usr/share/man/man1/dpagen.1 usr/share/man/man5/dpagen-config.5
usr/share/bash-completion/completions/dpagen usr/share/zsh/site-functions/_dpagen
usr/share/dpagen/dpagen.schema.json"

# make TARGET with this suite's BUILD, never rebuilding the binary under test.
mk() {
	make --no-print-directory -o "$BUILD/dpagen" BUILD="$BUILD" DESTDIR="$ROOT" PREFIX=/usr "$@" \
	    >"$TMP/make.out" 2>&1
}

# same NAME FILE1 FILE2 : identical bytes
same() {
	if cmp -s "$2" "$3"; then ok "$1"; else bad "$1" "$2 and $3 differ"; fi
}

# The commands `dpagen --help` lists, and the long options of one command.
commands() { "$DPAGEN" --help | awk '$1 == "dpagen" && !seen[$2]++ { print $2 }'; }
options() { "$DPAGEN" help "$1" | grep -oE -- '--[a-z][a-z-]*' | sort -u; }

# -- make install, from another folder
if mk install; then ok "make install"; else bad "make install" "$(tail -5 "$TMP/make.out")"; fi
for f in $INSTALLED; do
	if [ -f "$ROOT/$f" ]; then ok "installed $f"; else bad "installed $f" "missing"; fi
done
if [ -x "$BIN" ]; then ok "installed binary is executable"; else bad "installed binary is executable" "mode"; fi
same "installed schema is dpagen schema" "$ROOT/usr/share/dpagen/dpagen.schema.json" dpagen.schema.json

mkdir "$TMP/elsewhere"
cp examples/minimal.yaml "$TMP/elsewhere/dpa.yaml"
"$DPAGEN" render examples/minimal.yaml -o "$TMP/want.md"
"$DPAGEN" render examples/minimal.yaml -o "$TMP/want.html"
"$DPAGEN" --version >"$TMP/want.version"
cd "$TMP/elsewhere" || exit 2
run "installed: render md elsewhere" 0 env -i PATH=/usr/bin:/bin "$BIN" render dpa.yaml -o dpa.md
same "installed: md as from the build" dpa.md "$TMP/want.md"
run "installed: render html elsewhere" 0 env -i PATH=/usr/bin:/bin "$BIN" render dpa.yaml -o dpa.html
same "installed: html as from the build" dpa.html "$TMP/want.html"
run "installed: --version" 0 "$BIN" --version
has "installed: --version names the template sets" "$TMP/out" "templates da "
same "installed: --version as from the build" "$TMP/out" "$TMP/want.version"
run "installed: clauses" 0 "$BIN" clauses --lang en
has "installed: clauses lists breach" "$TMP/out" "breach"
"$BIN" init --lang en >starter.yaml 2>"$TMP/err"
run "installed: init renders as a draft" 0 "$BIN" render starter.yaml --force
cd "$REPO" || exit 2

# -- --version: the template sets' digests, 12 hex digits each
run "--version" 0 "$DPAGEN" --version
if grep -qE '^templates da [0-9a-f]{12}, en [0-9a-f]{12}$' "$TMP/out"; then
	ok "--version: template set versions"
else bad "--version: template set versions" "$(cat "$TMP/out")"; fi
has "--version: libraries" "$TMP/out" "libyaml "

# -- man pages
run "man pages lint clean" 0 mandoc -Tlint -W warning docs/man/dpagen.1 docs/man/dpagen-config.5
run "installed man pages lint clean" 0 mandoc -Tlint -W warning \
    "$ROOT/usr/share/man/man1/dpagen.1" "$ROOT/usr/share/man/man5/dpagen-config.5"
run "dpagen schema --man" 0 "$DPAGEN" schema --man
same "docs/man/dpagen-config.5 is current (make docs)" "$TMP/out" docs/man/dpagen-config.5
mandoc -Tascii docs/man/dpagen-config.5 | col -b >"$TMP/config.5.txt"
for key in sub_processors.list notice_days transfer_basis privacy_shield notify_hours other_terms; do
	has "dpagen-config(5) describes $key" "$TMP/config.5.txt" "$key"
done
has "dpagen-config(5) names the clause a key fills" docs/man/dpagen-config.5 "Standard DPA: clause 10.2."
has "dpagen-config(5) gives defaults" docs/man/dpagen-config.5 "; default balanced."
has "dpagen-config(5) gives limits" "$TMP/config.5.txt" "more than 100,000 nodes"
sed -n '/^\.Sh EXAMPLES/,/^\.Ed/p' docs/man/dpagen-config.5 | sed '1,/^\.Bd/d; /^\.Ed/d' >"$TMP/example.yaml"
run "dpagen-config(5) example renders" 0 "$DPAGEN" render "$TMP/example.yaml"

mandoc -Tascii docs/man/dpagen.1 | col -b >"$TMP/dpagen.1.txt"
for c in $(commands); do
	has "dpagen(1) synopsis has $c" "$TMP/dpagen.1.txt" "dpagen $c"
	[ "$c" = help ] && continue
	for o in $(options "$c"); do
		has "dpagen(1) documents $c $o" "$TMP/dpagen.1.txt" "$o"
	done
done
for v in $(grep -ho 'getenv("[A-Z_]*")' src/*.c | sed 's/getenv("\(.*\)")/\1/' | sort -u); do
	has "dpagen(1) ENVIRONMENT has $v" "$TMP/dpagen.1.txt" "$v"
done
has "dpagen(1) refers to dpagen-config(5)" "$TMP/dpagen.1.txt" "dpagen-config(5)"

# -- bash completion, driven as bash would: COMP_WORDS, COMP_CWORD
run "bash completion parses" 0 bash -n tools/completion/dpagen.bash
mkdir -p "$TMP/comp/sub"
: >"$TMP/comp/a.yaml"
: >"$TMP/comp/b.yml"
: >"$TMP/comp/c.txt"
: >"$TMP/comp/d.csv"
cat >"$TMP/complete.bash" <<'EOF'
. "$1"; shift
COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_dpagen
printf '%s\n' "${COMPREPLY[@]}" | sort
EOF
# bcomplete NAME WORD... : the completions of the last word, one a line, in $TMP/out
bcomplete() {
	name=$1
	shift
	(cd "$TMP/comp" && PATH="$ROOT/usr/bin:$PATH" bash "$TMP/complete.bash" \
	    "$ROOT/usr/share/bash-completion/completions/dpagen" "$@") >"$TMP/out" 2>"$TMP/err"
	if [ -s "$TMP/err" ]; then bad "$name" "stderr: $(head -c 300 "$TMP/err")"; else ok "$name"; fi
}
bcomplete "bash: commands" dpagen ""
for c in $(commands); do has "bash: command $c" "$TMP/out" "$c"; done
bcomplete "bash: commands by prefix" dpagen pr
if [ "$(cat "$TMP/out")" = preview ]; then ok "bash: pr -> preview"; else bad "bash: pr -> preview" "$(cat "$TMP/out")"; fi
bcomplete "bash: --format values" dpagen render x.yaml --format ""
for f in $("$DPAGEN" help render | sed -n 's/.*-f \([a-z|]*\)\].*/\1/p' | tr '|' ' '); do
	has "bash: --format $f" "$TMP/out" "$f"
done
has "bash: --format md" "$TMP/out" "md"
bcomplete "bash: -f values" dpagen render x.yaml -f h
if [ "$(cat "$TMP/out")" = html ]; then ok "bash: -f h -> html"; else bad "bash: -f h -> html" "$(cat "$TMP/out")"; fi
bcomplete "bash: --lang values" dpagen clauses --lang ""
if [ "$(tr '\n' ' ' <"$TMP/out")" = "da en " ]; then ok "bash: --lang da en"; else
	bad "bash: --lang da en" "$(cat "$TMP/out")"; fi
bcomplete "bash: clause ids" dpagen preview x.yaml ""
"$DPAGEN" clauses | awk '{ print $2 }' | sort >"$TMP/ids"
same "bash: clause ids are dpagen clauses' ids" "$TMP/out" "$TMP/ids"
bcomplete "bash: clause ids by prefix" dpagen preview x.yaml breach annex-s
if [ "$(cat "$TMP/out")" = annex-sub-processors ]; then ok "bash: annex-s -> annex-sub-processors"; else
	bad "bash: annex-s -> annex-sub-processors" "$(cat "$TMP/out")"; fi
bcomplete "bash: CONFIG files" dpagen render ""
if [ "$(tr '\n' ' ' <"$TMP/out")" = "a.yaml b.yml sub " ]; then ok "bash: CONFIG is *.yaml, *.yml, folders"; else
	bad "bash: CONFIG is *.yaml, *.yml, folders" "$(tr '\n' ' ' <"$TMP/out")"; fi
bcomplete "bash: render options" dpagen render a.yaml --
for o in $(options render); do has "bash: render $o" "$TMP/out" "$o"; done
bcomplete "bash: check --format values" dpagen check a.yaml --format ""
if [ "$(tr '\n' ' ' <"$TMP/out")" = "json sarif text " ]; then ok "bash: check --format json sarif text"; else
	bad "bash: check --format json sarif text" "$(cat "$TMP/out")"; fi
bcomplete "bash: check --explain rule ids" dpagen check --explain DPA01
"$DPAGEN" check --list | awk '$1 ~ /^DPA01/ { print $1 }' | sort >"$TMP/rules"
same "bash: rule ids are check --list's" "$TMP/out" "$TMP/rules"
bcomplete "bash: batch -f list" dpagen batch a.yaml d.csv -f md,h
if [ "$(cat "$TMP/out")" = md,html ]; then ok "bash: -f md,h -> md,html"; else bad "bash: -f md,h -> md,html" "$(cat "$TMP/out")"; fi
bcomplete "bash: batch CUSTOMERS" dpagen batch a.yaml ""
if [ "$(tr '\n' ' ' <"$TMP/out")" = "a.yaml b.yml d.csv sub " ]; then ok "bash: CUSTOMERS is *.yaml, *.yml, *.csv"; else
	bad "bash: CUSTOMERS is *.yaml, *.yml, *.csv" "$(tr '\n' ' ' <"$TMP/out")"; fi
bcomplete "bash: help COMMAND" dpagen help re
if [ "$(cat "$TMP/out")" = render ]; then ok "bash: help re -> render"; else bad "bash: help re -> render" "$(cat "$TMP/out")"; fi

# -- zsh completion: it parses, and offers the same with compadd/_files stubbed
if command -v zsh >/dev/null 2>&1; then
	run "zsh completion parses" 0 zsh -n tools/completion/_dpagen
	cat >"$TMP/complete.zsh" <<'EOF'
compadd() {
	local arr=0 a
	for a in "$@"; do
		case $a in
		-a) arr=1 ;;
		--) ;;
		*) if (( arr )); then print -rl -- ${(P)a}; else print -r -- $a; fi ;;
		esac
	done
}
_files() { print -r -- "FILES $*"; }
compset() { return 0; }
f=$1; shift
words=("$@"); CURRENT=$#
source $f
EOF
	zcomplete() {
		(cd "$TMP/comp" && PATH="$ROOT/usr/bin:$PATH" zsh -f "$TMP/complete.zsh" \
		    "$ROOT/usr/share/zsh/site-functions/_dpagen" "$@") 2>"$TMP/err" | sort >"$TMP/out"
	}
	zcomplete dpagen ""
	for c in $(commands); do has "zsh: command $c" "$TMP/out" "$c"; done
	zcomplete dpagen render x.yaml --format ""
	has "zsh: --format md" "$TMP/out" "md"
	has "zsh: --format html" "$TMP/out" "html"
	zcomplete dpagen preview x.yaml ""
	same "zsh: clause ids are dpagen clauses' ids" "$TMP/out" "$TMP/ids"
	zcomplete dpagen render ""
	has "zsh: CONFIG is *.yaml, *.yml" "$TMP/out" "FILES -g *.(yaml|yml)"
else
	bad "zsh completion parses" "no zsh: make deps installs it"
fi

# -- make uninstall removes every file it installed
if mk uninstall; then ok "make uninstall"; else bad "make uninstall" "$(tail -5 "$TMP/make.out")"; fi
for f in $INSTALLED; do
	if [ -e "$ROOT/$f" ]; then bad "uninstalled $f" "still there"; else ok "uninstalled $f"; fi
done
if [ -d "$ROOT/usr/share/dpagen" ]; then bad "uninstall removes share/dpagen" "still there"; else
	ok "uninstall removes share/dpagen"; fi

# -- templates --export: a copy of the built-in set renders the same bytes
run "templates lists the set" 0 "$DPAGEN" templates --lang da
has "templates: da/document.md" "$TMP/out" "da/document.md"
hasnt "templates: no starter configs" "$TMP/out" "init-da.yaml"
run "templates --export" 0 "$DPAGEN" templates --export "$TMP/set"
run "render with the exported set" 0 "$DPAGEN" render examples/minimal.yaml --templates "$TMP/set"
same "exported set renders as the built-in one" "$TMP/out" "$TMP/want.md"
run "export into a used folder" 2 "$DPAGEN" templates --export "$TMP/set"
has "export says what exists" "$TMP/err" "exists"
run "templates --export --lang en" 0 "$DPAGEN" templates --export "$TMP/set-en" --lang en
if [ -f "$TMP/set-en/document.md" ] && [ ! -e "$TMP/set-en/da" ]; then ok "--lang en exports one set flat"; else
	bad "--lang en exports one set flat" "$(ls "$TMP/set-en" | head -3)"; fi
"$DPAGEN" render examples/minimal.yaml --lang en -o "$TMP/want-en.md"
run "render with the exported en set" 0 "$DPAGEN" render examples/minimal.yaml --lang en --templates "$TMP/set-en"
same "exported en set renders as the built-in one" "$TMP/out" "$TMP/want-en.md"
# The fingerprint covers the set: one more word in a clause changes it.
fp_en() { sed -n 's/.*Fingerprint \([0-9a-f]*\).*/\1/p' "$1"; }
cp "$TMP/out" "$TMP/before-en.md"
printf 'One more sentence.\n' >>"$TMP/set-en/13-other-terms.md"
run "render with an edited set" 0 "$DPAGEN" render examples/minimal.yaml --lang en --templates "$TMP/set-en"
if [ -n "$(fp_en "$TMP/out")" ] && [ "$(fp_en "$TMP/out")" != "$(fp_en "$TMP/before-en.md")" ]; then
	ok "an edited template changes the fingerprint"; else
	bad "an edited template changes the fingerprint" "$(fp_en "$TMP/out") both"; fi
run "templates: unknown argument" 2 "$DPAGEN" templates extra

# -- README: its example renders to the excerpt it shows; it names every
# command and links every doc
awk '/^```yaml/ { f = 1; next } /^```/ { if (f) exit } f' README.md >"$TMP/readme.yaml"
run "README example renders" 0 "$DPAGEN" render "$TMP/readme.yaml"
awk '/^```markdown/ { f = 1; next } /^```/ { if (f) exit } f' README.md | grep -v '^$' |
    grep -vxF '...' >"$TMP/excerpt"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	grep -qxF -- "$line" "$TMP/out" || { bad "README excerpt line $n is in the output" "$line"; continue; }
done <"$TMP/excerpt"
if [ "$n" -gt 5 ]; then ok "README excerpt is real output ($n lines)"; else bad "README excerpt" "only $n lines"; fi
# The CI example: valid YAML; the SARIF reaches code scanning even when
# check fails, and each shard's artifact has a name of its own.
if /usr/bin/python3 - examples/ci/github-actions.yml <<'EOF'
import sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
steps = w["jobs"]["check"]["steps"]
up = [i for i, s in enumerate(steps) if "upload-sarif" in str(s.get("uses", ""))]
chk = [i for i, s in enumerate(steps) if "--format sarif" in str(s.get("run", ""))]
assert up and chk and chk[0] < up[0] and steps[up[0]].get("if") == "always()"
assert "set +e" in steps[chk[0]]["run"]
assert "pull_request" in w[True] if True in w else "pull_request" in w["on"]
art = [s for s in w["jobs"]["dpas"]["steps"] if "upload-artifact" in str(s.get("uses", ""))]
assert "matrix.shard" in art[0]["with"]["name"]
EOF
then ok "CI example: SARIF uploaded always, shards named"; else bad "CI example" "see examples/ci/github-actions.yml"; fi
cp docs/legal.md "$TMP/legal.md"
sh tools/legal-numbers.sh "$DPAGEN" "$TMP/legal.md"
if cmp -s "$TMP/legal.md" docs/legal.md; then ok "docs/legal.md numbering is current"; else
	bad "docs/legal.md numbering is current" "run make docs"; fi
for c in $(commands); do has "README names dpagen $c" README.md "dpagen $c"; done
for d in docs/getting-started.md docs/config.md docs/checks.md docs/templates.md docs/ci.md docs/legal.md \
    docs/man/dpagen.1 docs/man/dpagen-config.5 CHANGELOG.md; do
	has "README links $d" README.md "($d)"
done

# -- issue 19 item 3: the man pages as groff (man-db's man) shows them
for page in docs/man/dpagen.1 docs/man/dpagen-config.5; do
	groff -mandoc -Tutf8 "$page" 2>/dev/null | col -b >"$TMP/groff.txt"
	has "$page: groff renders it" "$TMP/groff.txt" "NAME"
	hasnt "$page: no BSD volume or footer" "$TMP/groff.txt" "BSD"
done
"$DPAGEN" schema --man | sed -n '/^\.It Ic processor$/,/^\.It Ic processing$/p' >"$TMP/processor.5"
has "dpagen-config(5): processor shares controller's keys, said so" "$TMP/processor.5" "It has the same keys as the map described once, for both, under"

# -- issue 19 item 3: make deps says when nothing is missing (dpkg-query
# stubbed: the test must not depend on, or change, what is installed)
mkdir -p "$TMP/stub"
printf '#!/bin/sh\nprintf "install ok installed"\n' > "$TMP/stub/dpkg-query"
chmod +x "$TMP/stub/dpkg-query"
run "deps with nothing missing" 0 env PATH="$TMP/stub:$PATH" sh tools/deps.sh build
has "deps says all packages present" "$TMP/out" "dpagen: all packages present"

finish
