package data

import (
	"math"
	"regexp"
	"slices"
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
	years := yearColumns(t) // year -> column
	growth := -1
	for c, cell := range head {
		if txt := strings.TrimSpace(cell.Text); txt == "增幅" || txt == "增减" || txt == "增长" {
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

// yearColumns maps the year columns of a table's last header row (“2024年”) to their
// column index.
func yearColumns(t *Table) map[int]int {
	out := map[int]int{}
	if t.HeaderRows == 0 {
		return out
	}
	for c, cell := range t.Rows[t.HeaderRows-1] {
		if m := yearHeadRE.FindStringSubmatch(strings.TrimSpace(cell.Text)); m != nil {
			y, _ := strconv.Atoi(m[1])
			out[y] = c
		}
	}
	return out
}

// checkTwin warns where a table and the table named in its 核对 column disagree. The
// two list the same indicators in the same order (a body table and its appendix twin);
// every year column they share is compared cell by cell.
func checkTwin(t *Table, tables map[string]*Table, errs, warn *ErrorList) {
	if t.Twin == "" {
		return
	}
	u, ok := tables[t.Twin]
	if !ok {
		errs.Add(t.TwinPos, "核对的表格标签 “%s” 不存在", t.Twin)
		return
	}
	ty, uy := yearColumns(t), yearColumns(u)
	var years []int
	for y := range ty {
		if _, ok := uy[y]; ok {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	if len(years) == 0 {
		warn.Add(t.TwinPos, "与 “%s” 没有相同的年份列，无法核对", t.Twin)
		return
	}
	tb, ub := t.Rows[t.HeaderRows:], u.Rows[u.HeaderRows:]
	if len(tb) != len(ub) {
		warn.Add(t.TwinPos, "与 “%s” 的数据行数不同（%d 行对 %d 行），无法逐行核对", t.Twin, len(tb), len(ub))
		return
	}
	for i := range tb {
		for _, y := range years {
			a, b := tb[i][ty[y]], ub[i][uy[y]]
			if a.Numeric && b.Numeric && math.Abs(a.Value-b.Value) > 1e-9 {
				warn.Add(a.Pos, "%d年 %s 与核对表 %s 的 %s 不一致", y, a.Text, b.Pos, b.Text)
			}
		}
	}
}
