#!/bin/sh
# valgrind-suites.sh - run CLI suites under memcheck, JOBS at a time (each
# suite has its own temporary folder), then print each suite's report in
# the order given and the total.  Usage: JOBS=2 tools/valgrind-suites.sh SUITE...
# Environment: VALGRIND (the memcheck command), BUILD, DPAGEN.
set -u
jobs=${JOBS:-2}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
i=0
for s in "$@"; do
	i=$((i + 1))
	printf '%s %s\n' "$i" "$s"
done | xargs -P "$jobs" -L 1 sh -c '
	sh "$2" >"$0/$1.log" 2>&1
	echo $? >"$0/$1.rc"' "$logs"
fail=0 p=0 f=0 i=0
for s in "$@"; do
	i=$((i + 1))
	grep -v '^ok ' "$logs/$i.log" | sed "s|^\([0-9]* passed\)|valgrind $s: \1|"
	[ "$(cat "$logs/$i.rc" 2>/dev/null)" = 0 ] || fail=1
	counts=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$logs/$i.log" | tail -1)
	if [ -n "$counts" ]; then
		p=$((p + ${counts%% *}))
		f=$((f + ${counts##* }))
	else
		f=$((f + 1))         # died before its count: one failure
	fi
done
echo "valgrind: $p passed, $f failed"
exit $fail
