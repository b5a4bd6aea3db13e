#!/bin/sh
# legal-numbers.sh DPAGEN FILE - refresh the block between the markers
# "<!-- BEGIN dpagen clauses -->" and "<!-- END dpagen clauses -->" in FILE
# with `dpagen clauses` of the bundled Danish set, as an indented block.
# tests/cli/package.sh fails when the block is stale.
set -eu
dpagen=$1
file=$2
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.block"' EXIT
"$dpagen" clauses | sed 's/^/    /' >"$tmp.block"
awk -v block="$tmp.block" '
	/<!-- BEGIN dpagen clauses -->/ { print; print ""; while ((getline l < block) > 0) print l; print ""; skip = 1; next }
	/<!-- END dpagen clauses -->/ { skip = 0 }
	!skip { print }
' "$file" >"$tmp"
cat "$tmp" >"$file"
