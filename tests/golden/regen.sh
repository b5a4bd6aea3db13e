#!/bin/sh
# regen.sh - re-render the golden files and show what changed.  The diff
# is the review: read it, then commit only what you meant to change.
# Goldens: every example's agreement (tests/golden), the diffs of
# tests/cli/diff.sh (tests/diff) and the notices of tests/cli/notice.sh
# (tests/notice), made with the commands those suites run.
set -u
: "${DPAGEN:=build/dpagen}"

# golden WANT CMD... : CMD's standard output (exit 0, or 1 as diff(1)
# says "different") becomes WANT; a changed WANT is shown.
golden() {
	want=$1
	shift
	tmp=$(mktemp)
	"$@" >"$tmp"
	if [ $? -gt 1 ]; then
		rm -f "$tmp"
		echo "regen: $* fails" >&2
		exit 2
	fi
	if [ -f "$want" ] && cmp -s "$tmp" "$want"; then
		rm -f "$tmp"
		return
	fi
	echo "=== $want"
	[ -f "$want" ] && diff -u "$want" "$tmp" | head -80
	mv "$tmp" "$want"
}

for ex in examples/*.yaml; do
	name=$(basename "$ex" .yaml)
	for lang in da en; do
		golden tests/golden/$name.$lang.md "$DPAGEN" render "$ex" --lang $lang -f md -o -
	done
done
OLD=examples/minimal.yaml
golden tests/diff/breach.txt "$DPAGEN" diff $OLD tests/diff/breach.yaml --no-color
golden tests/diff/rows.txt "$DPAGEN" diff $OLD tests/diff/rows.yaml --no-color
golden tests/diff/subs.md "$DPAGEN" diff $OLD tests/notice/new.yaml -f md
for lang in da en; do
	golden tests/notice/notice.$lang.md "$DPAGEN" notice $OLD tests/notice/new.yaml --date=2026-12-02 \
	    --lang $lang -f md -o -
done
echo "regen: review with git diff tests/golden tests/diff tests/notice"
