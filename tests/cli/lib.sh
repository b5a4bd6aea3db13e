# lib.sh - helpers for the shell tests of the binary.
# Each check prints "ok NAME" or "FAIL NAME: why"; finish prints the totals.
: "${DPAGEN:=build/dpagen}"
case "$DPAGEN" in /*) ;; *) DPAGEN="$(pwd)/$DPAGEN" ;; esac
# A caller's SOURCE_DATE_EPOCH (a package build sets one) would change what
# the tests expect; the checks that need it set it themselves.
unset SOURCE_DATE_EPOCH
T_PASS=0
T_FAIL=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ok() { T_PASS=$((T_PASS + 1)); echo "ok $1"; }
bad() { T_FAIL=$((T_FAIL + 1)); echo "FAIL $1: $2"; }

# run NAME EXPECTED_RC CMD... : output in $TMP/out, errors in $TMP/err
run() {
	name=$1 want=$2
	shift 2
	$VALGRIND "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$name"; else
		bad "$name" "exit $rc, wanted $want; stderr: $(head -c 400 "$TMP/err")"; fi
}

# has NAME FILE TEXT : FILE contains TEXT (fixed string)
has() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1" "no \"$3\" in $2: $(head -c 300 "$2")"; fi
}
hasnt() {
	if grep -qF -- "$3" "$2"; then bad "$1" "\"$3\" found in $2"; else ok "$1"; fi
}

finish() { echo "$T_PASS passed, $T_FAIL failed"; [ "$T_FAIL" -eq 0 ]; }

# tally WHO : count a test reader's "ok NAME" / "FAIL NAME: why" lines from
# $TMP/r as checks; any other line is WHO's failure
tally() {
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "${line#ok }" ;;
		"FAIL "*) rest=${line#FAIL }; bad "${rest%%: *}" "${rest#*: }" ;;
		*) bad "$1" "$line" ;;
		esac
	done <"$TMP/r"
}
