package data

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

var yearHeadRE = regexp.MustCompile(`^(\d{4})年?$`)

// checkGrowth warns where a table's 增幅 column is not the difference of its two year
// columns (“2023年”, “2024年”). The source report has such a table (表1-2); the build
// goes on, but the clerk sees every row that does not add up, with its cells.
func checkGrowth(t *Table, warn *ErrorList) {
	if t.HeaderRows == 0 {
		return
	}
	head := t.Rows[t.HeaderRows-1]
	years := map[int]int{} // year -> column
	growth := -1
	for c, cell := range head {
		txt := strings.TrimSpace(cell.Text)
		if m := yearHeadRE.FindStringSubmatch(txt); m != nil {
			y, _ := strconv.Atoi(m[1])
			years[y] = c
		}
		if txt == "增幅" || txt == "增减" || txt == "增长" {
			growth = c
		}
	}
	if growth < 0 {
		return
	}
	var prev, cur = -1, -1
	for y, c := range years {
		if pc, ok := years[y-1]; ok {
			prev, cur = pc, c
		}
	}
	if prev < 0 {
		return
	}
	for _, row := range t.Rows[t.HeaderRows:] {
		a, b, g := row[prev], row[cur], row[growth]
		if !a.Numeric || !b.Numeric || !g.Numeric {
			continue
		}
		diff := b.Value - a.Value
		if math.Abs(diff-g.Value) > 0.011 {
			warn.Add(g.Pos, "增幅 %s 与 %s − %s = %s 不符（%s=%s，%s=%s）",
				g.Text, head[cur].Text, head[prev].Text, strconv.FormatFloat(diff, 'f', 2, 64),
				a.Pos.Cell, a.Text, b.Pos.Cell, b.Text)
		}
	}
}
