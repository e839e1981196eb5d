#!/bin/sh
# docs-images.sh PDF OUTDIR — render the pages of the example report that
# docs/使用说明.md shows into OUTDIR (docs/img). Pages are found by their text
# (pdftotext), not by number, so the pictures follow layout changes.
# Needs pdftotext and pdftoppm (poppler-utils). Run by `make docs`.
set -eu
pdf=${1:-out/2024.pdf}
out=${2:-docs/img}
res=${DOCS_DPI:-60}
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || {
	echo "docs-images.sh: 需要 pdftotext 和 pdftoppm（poppler-utils）" >&2; exit 1; }
[ -f "$pdf" ] || { echo "docs-images.sh: 没有 $pdf；先运行 make example" >&2; exit 1; }
mkdir -p "$out"
text=$(mktemp)
trap 'rm -f "$text"' EXIT
pdftotext "$pdf" "$text"

# page AWK-CONDITION: the number of the first page whose text ($0, the whole page,
# with “first” its first non-empty line) meets the condition. List pages (dot
# leaders “. . .”) never count.
page() {
	awk -v RS='\f' '
		{ first = ""; n = split($0, l, "\n"); for (i = 1; i <= n; i++) if (l[i] != "") { first = l[i]; break } }
		!/\. \. \. / && ('"$1"') { print NR; found = 1; exit }
		END { if (!found) exit 1 }' "$text" || { echo "docs-images.sh: 找不到页面：$1" >&2; exit 1; }
}

cover=1
statement=$(page 'first == "内容真实性责任声明"')
toc=$(awk -v RS='\f' '{ n = split($0, l, "\n"); for (i = 1; i <= n; i++) if (l[i] != "") { if (l[i] == "目录") { print NR; exit } ; break } }' "$text")
[ -n "$toc" ] || { echo "docs-images.sh: 找不到目录页" >&2; exit 1; }
table=$(page '/续表 [0-9]+-[0-9]+/')
chart=$(page 'NR != '"$table"' && /图 [0-9]+-[0-9]+/ && /数据来源/')
# a page with a whole case box: its title is there and the next page does not continue it
case=$(awk -v RS='\f' '{ t[NR] = $0 } END {
	for (p = 1; p < NR; p++) {
		if (t[p] ~ /\. \. \. / || !match(t[p], /案例 [0-9]+-[0-9]+ /)) continue
		id = substr(t[p], RSTART, RLENGTH - 1)
		if (index(t[p + 1], id "（续）") == 0 && index(t[p], id "（续）") == 0) { print p; exit }
	}
}' "$text")
[ -n "$case" ] || { echo "docs-images.sh: 找不到完整的案例页" >&2; exit 1; }

render() { # render PAGE NAME
	pdftoppm -r "$res" -f "$1" -l "$1" -singlefile -png "$pdf" "$out/$2"
	echo "$out/$2.png ← 第 $1 页"
}
render "$cover" cover
render "$toc" toc
render "$table" table
render "$chart" chart
render "$case" case
render "$statement" statement
