#!/bin/sh
# regen.sh - re-render the golden files and show what changed.  The diff
# is the review: read it, then commit only what you meant to change.
set -u
: "${DPAGEN:=build/dpagen}"
for ex in examples/*.yaml; do
	name=$(basename "$ex" .yaml)
	for lang in da en; do
		want=tests/golden/$name.$lang.md
		tmp=$(mktemp)
		if ! "$DPAGEN" render "$ex" --lang $lang -f md -o "$tmp"; then
			rm -f "$tmp"
			echo "regen: $ex ($lang) does not render" >&2
			exit 2
		fi
		if [ -f "$want" ] && cmp -s "$tmp" "$want"; then
			rm -f "$tmp"
			continue
		fi
		echo "=== $want"
		[ -f "$want" ] && diff -u "$want" "$tmp" | head -80
		mv "$tmp" "$want"
	done
done
echo "regen: review with git diff tests/golden"
