#!/bin/sh
# bench.sh - `make bench`: how fast dpagen is, side by side with the tools
# a user would otherwise use (issue 8).  Prints a table; asserts nothing.
#
#   single document, process start to exit, per format: min and median of
#     BENCH_RUNS runs (hyperfine when installed, else a date +%s%N loop),
#     peak RSS of one run;
#   the peers on the same document, when installed: cmark-gfm on the
#     already-merged Markdown (the floor for that step), pandoc -s Markdown
#     to HTML, weasyprint and wkhtmltopdf HTML to PDF; ratios by median;
#   diff and notice of two versions of an agreement (issue 21);
#   batch of BENCH_CUSTOMERS customers (a CSV over examples/ci/base.yaml)
#     per format with -j 1 and -j 2: documents per second, the speed-up of
#     two workers, and peak RSS;
#   batch memory against the list's length: md with -j 2 for each count in
#     BENCH_SCALE (default 1000 10000 100000; empty to skip).
#
# Environment: DPAGEN (default build/dpagen), BENCH_CONFIG (default
# examples/screenpublisher.yaml, the largest example), BENCH_RUNS (30),
# BENCH_CUSTOMERS (1000), BENCH_SCALE, BENCH_FORMATS (md html docx pdf).  The machine is
# shared and noisy: compare ratios within one run, not across runs.
set -u
DPAGEN=${DPAGEN:-build/dpagen}
CONFIG=${BENCH_CONFIG:-examples/screenpublisher.yaml}
RUNS=${BENCH_RUNS:-30}
CUSTOMERS=${BENCH_CUSTOMERS:-1000}
SCALE=${BENCH_SCALE-1000 10000 100000}
FORMATS=${BENCH_FORMATS:-md html docx pdf}
TIME=/usr/bin/time
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-0}

die() { echo "bench: $*" >&2; exit 2; }
[ -x "$DPAGEN" ] || die "no $DPAGEN (run make first)"
[ -r "$CONFIG" ] || die "no $CONFIG"
[ -x "$TIME" ] || die "needs GNU time for peak RSS: apt-get install time"
command -v python3 >/dev/null || die "needs python3"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

have() { command -v "$1" >/dev/null 2>&1; }

# stats FILE : "min median" in ms of the nanosecond samples in FILE.
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f %.2f\n", v[1] / 1e6, m / 1e6 }'
}

# measure NAME CMD... : time CMD (stdout to /dev/null) RUNS times after
# three warm-ups; sets MIN and MED (ms) and RSS (KB, one run).
measure() {
	name=$1
	shift
	"$@" >/dev/null 2>"$T/err"
	rc=$?
	# diff exits 1 when the agreements differ, as diff(1) does
	if [ $rc -gt "${OK_RC:-0}" ]; then
		echo "bench: $name failed: $(head -c 300 "$T/err")" >&2
		MIN=- MED=- RSS=-
		return 1
	fi
	if have hyperfine; then
		# -N: no intermediate shell, so a 1 ms process is not measured as 3.
		hyperfine -N -i --warmup 3 --runs "$RUNS" --style none --export-json "$T/h.json" \
		    --output null "$*" >/dev/null 2>&1 ||
		hyperfine -i --warmup 3 --runs "$RUNS" --style none --export-json "$T/h.json" \
		    --output null "$*" >/dev/null 2>&1 || { MIN=- MED=- RSS=-; return 1; }
		python3 -c 'import json, statistics, sys
t = json.load(open(sys.argv[1]))["results"][0]["times"]
print("%.2f %.2f" % (min(t) * 1e3, statistics.median(t) * 1e3))' "$T/h.json" > "$T/stats"
	else
		: > "$T/samples"
		i=0
		while [ $i -lt $((RUNS + 3)) ]; do
			a=$(date +%s%N)
			"$@" >/dev/null 2>&1
			b=$(date +%s%N)
			[ $i -ge 3 ] && echo $((b - a)) >> "$T/samples"
			i=$((i + 1))
		done
		stats "$T/samples" > "$T/stats"
	fi
	read -r MIN MED < "$T/stats"
	RSS=$("$TIME" -f %M sh -c 'exec "$@" >/dev/null 2>&1' sh "$@" 2>&1 | tail -n 1)
	return 0
}

row() { printf '  %-44s %9s %10s %10s\n' "$@"; }
ratio() { python3 -c 'import sys
a, b = sys.argv[1], sys.argv[2]
d = int(sys.argv[3]) if len(sys.argv) > 3 else 1
print("-" if "-" in (a, b) or float(b) == 0 else "%.*f" % (d, float(a) / float(b)))' "$@"; }

"$DPAGEN" render "$CONFIG" -f md -o "$T/doc.md" || die "cannot render $CONFIG"
"$DPAGEN" render "$CONFIG" -f html -o "$T/doc.html" || die "cannot render $CONFIG"
tool=$(if have hyperfine; then hyperfine --version; else echo "date +%s%N loop (apt-get install hyperfine for less noise)"; fi)
echo "dpagen bench: $CONFIG, $(wc -c < "$T/doc.md" | tr -d ' ') bytes of Markdown; $RUNS runs each; $tool"
echo "$(nproc) cores; $(uname -sr); $("$DPAGEN" --version | head -n 1)"
echo
echo "one document, process start to exit"
row "" "min ms" "median ms" "peak RSS KB"
for f in $FORMATS; do
	measure "dpagen $f" "$DPAGEN" render "$CONFIG" -f "$f" -o -
	row "dpagen render -f $f" "$MIN" "$MED" "$RSS"
	eval "MED_$f=\$MED"
done
MED_cmark=- MED_pandoc=- MED_weasy=- MED_wk=-
if have cmark-gfm; then
	measure cmark-gfm cmark-gfm -e table "$T/doc.md" && MED_cmark=$MED
	row "cmark-gfm -e table (merged Markdown -> HTML)" "$MIN" "$MED" "$RSS"
fi
if have pandoc; then
	measure pandoc pandoc -s -f gfm -t html --metadata title=DPA "$T/doc.md" && MED_pandoc=$MED
	row "pandoc -s (Markdown -> standalone HTML)" "$MIN" "$MED" "$RSS"
fi
if have weasyprint; then
	measure weasyprint weasyprint "$T/doc.html" - && MED_weasy=$MED
	row "weasyprint (HTML -> PDF)" "$MIN" "$MED" "$RSS"
fi
if have wkhtmltopdf; then
	measure wkhtmltopdf wkhtmltopdf -q "$T/doc.html" - && MED_wk=$MED
	row "wkhtmltopdf (HTML -> PDF)" "$MIN" "$MED" "$RSS"
fi
echo
echo "ratios of medians (targets from issue 8)"
case " $FORMATS " in *" html "*)
	[ "$MED_pandoc" != - ] && echo "  pandoc / dpagen html       $(ratio "$MED_pandoc" "$MED_html") x   (target >= 100)"
	[ "$MED_cmark" != - ] && echo "  dpagen html / cmark-gfm    $(ratio "$MED_html" "$MED_cmark") x   (target <= 3: YAML to HTML within 3 x of Markdown to HTML)"
esac
[ -n "${MED_html:-}" ] && [ -n "${MED_docx:-}" ] &&
	echo "  dpagen docx / dpagen html  $(ratio "$MED_docx" "$MED_html") x   (target: the same range, issue 21)"
case " $FORMATS " in *" pdf "*)
	[ "$MED_weasy" != - ] && echo "  weasyprint / dpagen pdf    $(ratio "$MED_weasy" "$MED_pdf") x   (target >= 100)"
	[ "$MED_wk" != - ] && echo "  wkhtmltopdf / dpagen pdf   $(ratio "$MED_wk" "$MED_pdf") x"
esac
missing=""
for p in cmark-gfm pandoc weasyprint wkhtmltopdf; do have $p || missing="$missing $p"; done
[ -n "$missing" ] && echo "  (not installed:$missing; to compare: apt-get install$missing)"

# gen_customers FILE N : a CSV of N customers over examples/ci/base.yaml.
gen_customers() {
	python3 -c 'import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as f:
    f.write("agreement.reference,controller.name,controller.registration,controller.city\n")
    for i in range(n):
        f.write("B-%06d,Kunde %d ApS,CVR %08d,By %d\n" % (i, i, 10000000 + i, i % 97))' "$1" "$2"
}

# batch_run FORMAT JOBS CSV [OPTION...] : one batch into a fresh folder;
# sets SECS, RATE (docs/s) and RSS (KB).  Folders are removed at the end,
# not between runs: on ext4 without a journal (this machine) a file made
# within a minute of thousands of deletions costs a scan of them.
RUN=0
batch_run() {
	f=$1 j=$2 csv=$3
	shift 3
	RUN=$((RUN + 1))
	out="$T/out$RUN"
	a=$(date +%s%N)
	"$TIME" -f %M -o "$T/rss" "$DPAGEN" batch examples/ci/base.yaml "$csv" -o "$out" -f "$f" -j "$j" "$@" 2>"$T/err" ||
	    echo "bench: batch -f $f -j $j failed: $(head -c 300 "$T/err")" >&2
	b=$(date +%s%N)
	n=$(ls "$out" 2>/dev/null | grep -c "\.$f\$")
	RSS=$(tail -n 1 "$T/rss")
	read -r SECS RATE <<EOF2
$(python3 -c 'import sys; s = int(sys.argv[1]) / 1e9; print("%.2f %.0f" % (s, int(sys.argv[2]) / s))' $((b - a)) "$n")
EOF2
}

# diff and notice (issue 21): two versions of the CI example's agreement
if [ -r tests/notice/new.yaml ]; then
	echo
	echo "diff and notice (examples/minimal.yaml against tests/notice/new.yaml)"
	row "" "min ms" "median ms" "peak RSS KB"
	OK_RC=1 measure "dpagen diff" "$DPAGEN" diff examples/minimal.yaml tests/notice/new.yaml --stat
	row "dpagen diff --stat" "$MIN" "$MED" "$RSS"
	measure "dpagen notice" "$DPAGEN" notice examples/minimal.yaml tests/notice/new.yaml --date=2026-12-02 -f md -o -
	row "dpagen notice -f md" "$MIN" "$MED" "$RSS"
fi

[ "$CUSTOMERS" -gt 0 ] || exit 0
echo
echo "batch of $CUSTOMERS customers (CSV over examples/ci/base.yaml), per format and workers"
gen_customers "$T/customers.csv" "$CUSTOMERS"
printf '  %-8s %4s %9s %9s %9s %12s\n' format -j seconds "docs/s" speed-up "peak RSS KB"
for f in $FORMATS; do
	for j in 1 2; do
		batch_run "$f" $j "$T/customers.csv"
		[ $j = 1 ] && RATE1=$RATE
		up=$(ratio "$RATE" "$RATE1" 2)
		printf '  %-8s %4s %9s %9s %9s %12s\n' "$f" $j "$SECS" "$RATE" "${up}x" "$RSS"
	done
done

# Memory against the list's length (issue 22): flat, not per customer.
[ -n "$SCALE" ] || exit 0
echo
echo "batch memory against customers (md, -j 2; target: the last within 10% of the first)"
printf '  %10s %9s %9s %12s %9s\n' customers seconds "docs/s" "peak RSS KB" "vs first"
FIRST=
for n in $SCALE; do
	gen_customers "$T/scale.csv" "$n"
	batch_run md 2 "$T/scale.csv"
	[ -n "$FIRST" ] || FIRST=$RSS
	printf '  %10s %9s %9s %12s %9s\n' "$n" "$SECS" "$RATE" "$RSS" "$(ratio "$RSS" "$FIRST" 2)x"
	rm -rf "$T/out$RUN"
done
