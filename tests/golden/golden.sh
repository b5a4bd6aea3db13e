#!/bin/sh
# golden.sh - every example renders, in both languages, exactly as the
# reviewed file in tests/golden/ says.  Update with `make regen`, then
# read the diff (git diff tests/golden) before committing.
. tests/cli/lib.sh
for ex in examples/*.yaml; do
	name=$(basename "$ex" .yaml)
	for lang in da en; do
		want=tests/golden/$name.$lang.md
		"$DPAGEN" render "$ex" --lang $lang -o "$TMP/got.md" 2>"$TMP/err"
		if [ ! -f "$want" ]; then
			bad "golden $name $lang" "no $want (make regen)"
		elif cmp -s "$TMP/got.md" "$want"; then
			ok "golden $name $lang"
		else
			bad "golden $name $lang" "differs: $(diff -u "$want" "$TMP/got.md" | head -20)"
		fi
	done
done
finish
