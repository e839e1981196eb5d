#!/bin/sh
# Side by side, in one run: reportc's warm build of the example (whole process, PDF and
# DOCX, chart cache filled; and PDF only) and Typst's warm compile of a document of the
# same text (scripts/typst-bench). Prints the median wall and CPU time of each and their
# ratios. What is and is not comparable: README, “Speed (session 3)”.
# Not run in CI: `make bench` calls it. Usage: scripts/bench-compare.sh [runs] [report]
set -eu
runs=${1:-9}
report=${2:-data/2024}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
go build -o bin/reportc ./cmd/reportc
tmp=$(mktemp -d "${TMPDIR:-/tmp}/reportc-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export XDG_CACHE_HOME="$tmp/cache"
./bin/reportc build -force -o "$tmp/r.pdf" "$report" >/dev/null # fills the chart cache
# Each run timed by GNU time when present, else by the shell's `time` keyword (bash, zsh).
# timeruns FILE ARGS…: run `reportc build -force ARGS…` $runs times, a line per run.
timeruns() {
	out=$1
	shift
	: >"$out"
	i=0
	while [ "$i" -lt "$runs" ]; do
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -f '%e %U %S' -a -o "$out" ./bin/reportc build -force "$@" >/dev/null
		else
			{ TIMEFORMAT='%R %U %S'; time ./bin/reportc build -force "$@" >/dev/null; } 2>>"$out"
		fi
		i=$((i + 1))
	done
}
# median FILE EXPR: the median of an awk expression over the lines of FILE, in ms
median() {
	awk '{print ('"$2"') * 1000}' "$1" | sort -n |
		awk '{a[NR] = $1} END {m = int((NR + 1) / 2); if (NR % 2) print a[m]; else print (a[m] + a[m + 1]) / 2}'
}
timeruns "$tmp/both" -o "$tmp/r.pdf" "$report"
timeruns "$tmp/pdf" -docx - -o "$tmp/p.pdf" "$report"
pages=$(pdfinfo "$tmp/r.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
rwall=$(median "$tmp/both" '$1')
rcpu=$(median "$tmp/both" '$2 + $3')
pwall=$(median "$tmp/pdf" '$1')
pcpu=$(median "$tmp/pdf" '$2 + $3')
echo "reportc: ${pages:-?} pages, PDF $(wc -c <"$tmp/r.pdf") bytes + DOCX $(wc -c <"$tmp/r.docx") bytes; warm whole process median ${rwall} ms wall, ${rcpu} ms CPU over $runs runs"
echo "reportc, PDF only (-docx -): median ${pwall} ms wall, ${pcpu} ms CPU over $runs runs"
if ! command -v node >/dev/null; then
	echo "typst: node is not installed; skipped"
	exit 0
fi
cd scripts/typst-bench
if [ ! -d node_modules/@myriaddreamin/typst-ts-node-compiler ]; then
	npm install --no-audit --no-fund >/dev/null 2>&1 || { echo "typst: npm install failed; skipped"; exit 0; }
fi
line=$(node bench.js "$root/$report" "$runs")
echo "$line (text only: tables, charts and photos as boxes)"
twall=$(echo "$line" | sed -n 's/.*median \([0-9.]*\) ms wall, \([0-9.]*\) ms CPU.*/\1/p')
tcpu=$(echo "$line" | sed -n 's/.*median \([0-9.]*\) ms wall, \([0-9.]*\) ms CPU.*/\2/p')
# The fuller yardstick: the example's own document tree as Typst (cmd/reportc typstSource):
# every table cell, the case boxes, the lists of tables and figures.
full=""
if (cd "$root" && REPORTC_TYPST="$tmp/example.typ" go test -count=1 -run '^TestTypstSource$' ./cmd/reportc >/dev/null); then
	full=$(node bench.js "$tmp/example.typ" "$runs")
	echo "$full (every table cell)"
fi
fwall=$(echo "$full" | sed -n 's/.*median \([0-9.]*\) ms wall, \([0-9.]*\) ms CPU.*/\1/p')
fcpu=$(echo "$full" | sed -n 's/.*median \([0-9.]*\) ms wall, \([0-9.]*\) ms CPU.*/\2/p')
# reportc in one process, as Typst is timed: fonts parsed once, the caches filled by a
# first build, then each build laid out and written again (BenchmarkCompileExample*,
# median-free: go test's mean ns/op over $runs builds).
inproc=$(cd "$root" && go test -count=1 -run '^$' -bench 'CompileExample' -benchtime "${runs}x" ./build |
	awk '/^BenchmarkCompileExample-/ {b = $3 / 1e6} /^BenchmarkCompileExamplePDF-/ {p = $3 / 1e6} END {printf "%.0f %.0f", b, p}')
iboth=${inproc% *}
ipdf=${inproc#* }
echo "reportc in one process (fonts parsed, caches filled, like Typst's warm runs): PDF+DOCX ${iboth} ms, PDF only ${ipdf} ms wall per build"
awk -v ib="$iboth" -v ip="$ipdf" -v tw="$twall" -v fw="${fwall:-0}" 'BEGIN {
	if (tw > 0) printf "in one process, reportc PDF+DOCX / typst text only: %.2f× the wall time; PDF only: %.2f×\n", ib / tw, ip / tw
	if (fw > 0) printf "in one process, reportc PDF+DOCX / typst with tables: %.2f× the wall time; PDF only: %.2f×\n", ib / fw, ip / fw
}'
awk -v rw="$rwall" -v rc="$rcpu" -v pw="$pwall" -v pc="$pcpu" -v tw="$twall" -v tc="$tcpu" -v fw="${fwall:-0}" -v fc="${fcpu:-0}" 'BEGIN {
	if (tw > 0 && tc > 0) {
		printf "reportc PDF+DOCX / typst text only: %.2f× the wall time, %.2f× the CPU time\n", rw / tw, rc / tc
		printf "reportc PDF only / typst text only: %.2f× the wall time, %.2f× the CPU time\n", pw / tw, pc / tc
	}
	if (fw > 0 && fc > 0) {
		printf "reportc PDF+DOCX / typst with tables: %.2f× the wall time, %.2f× the CPU time\n", rw / fw, rc / fc
		printf "reportc PDF only / typst with tables: %.2f× the wall time, %.2f× the CPU time\n", pw / fw, pc / fc
	}
}'
