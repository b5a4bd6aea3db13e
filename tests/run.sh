#!/bin/sh
# run.sh - the whole suite: unit tests (cmocka), CLI tests, golden files.
# Ends with one line "N passed, N failed"; exits non-zero on any failure.
# BUILD names the build folder (build, or build/asan for check-asan).
set -u
BUILD=${BUILD:-build}
export DPAGEN=${DPAGEN:-$BUILD/dpagen}
export VALGRIND=${VALGRIND:-}
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() {	# add the counts printed by a suite as "N passed, N failed"
	p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$log" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-1}))
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	$VALGRIND "$t" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log")
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log")
	if [ "$rc" -ne 0 ] || [ -n "$f" ]; then
		cat "$log"
		[ -z "$f" ] && f=1
	fi
	echo "unit $(basename "$t"): ${p:-0} passed, ${f:-0} failed"
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
done

for suite in tests/cli/cli.sh tests/cli/check.sh tests/cli/pdf.sh tests/cli/docx.sh tests/cli/batch.sh tests/cli/notice.sh tests/cli/diff.sh tests/cli/package.sh tests/golden/golden.sh tests/hostile/hostile.sh; do
	sh "$suite" >"$log" 2>&1
	grep -v '^ok ' "$log"
	count
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
