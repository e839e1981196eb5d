#!/bin/sh
# Peak memory and time of long reports (issue 15: a 1 000-page report in ≤ 400 MB, time
# linear in pages). Writes generated reports of about 250, 500 and 1 000 pages (示例数据,
# cmd/reportc/big_test.go), then builds each, PDF and DOCX, with an empty chart cache
# (cold) and again with it filled (warm), and prints pages, wall, CPU, CPU per page and
# peak RSS. Needs GNU time (/usr/bin/time, Debian package `time`). Not run in CI:
# `make bench-big`. Usage: scripts/bench-big.sh [sizes…]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sizes=${*:-250 500 1000}
if [ ! -x /usr/bin/time ]; then
	echo "bench-big: needs GNU time (/usr/bin/time; apt-get install time)" >&2
	exit 1
fi
go build -o bin/reportc ./cmd/reportc
tmp=$(mktemp -d "${TMPDIR:-/tmp}/reportc-big.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
REPORTC_BIG="$tmp" REPORTC_BIG_SIZES="$sizes" go test -count=1 -run '^TestWriteBigReports$' ./cmd/reportc >/dev/null
printf '%-9s %-5s %6s %8s %8s %10s %9s\n' report run pages wall_s cpu_s cpu_ms/pg rss_MB
for n in $sizes; do
	export XDG_CACHE_HOME="$tmp/cache-$n"
	for pass in cold warm; do
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/t" ./bin/reportc build -force -o "$tmp/big-$n.pdf" "$tmp/big-$n" >/dev/null
		pages=$(pdfinfo "$tmp/big-$n.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
		awk -v n="big-$n" -v pass="$pass" -v pages="${pages:-0}" '{
			cpu = $2 + $3
			printf "%-9s %-5s %6d %8.2f %8.2f %10.1f %9.0f\n", n, pass, pages, $1, cpu, (pages > 0 ? cpu * 1000 / pages : 0), $4 / 1024
		}' "$tmp/t"
	done
done
