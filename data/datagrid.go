package data

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// A grid is one workbook sheet seen as indicators: body rows named by their label, columns
// named by their header. Tables, charts and the 数值 sheet all become grids, so that
// bound values, derived columns, rules and the typed-number audit address cells the same
// way: by cell (满意度比较!D12) or by column and row (满意度比较!2024年:家长满意度).
type grid struct {
	sheet   string
	file    string
	label   string // 清单 label; "" for 数值
	caption string
	unit    string // from the caption's “（单位：X）”
	example bool   // a chart marked 示例数据
	cols    []string
	groups  []string // a header merged over several columns, per column (中职招生数（人）)
	rows    []gridRow
	virtual map[string][]*gridCell // derived columns that are not in the sheet
	vorder  []string
	vrows   map[string][]*gridCell // derived rows that are not in the sheet, per column
	vrorder []string
}

type gridRow struct {
	label string // the row's indicator, “其中：” removed
	group string // the text of a merged label cell covering the row (满意度比较: 在校生满意度)
	unit  string // from a 单位 column
	cells []*gridCell
}

// gridCell is a cell of a grid. Derived cells are computed: expr says how.
type gridCell struct {
	text     string
	value    float64
	numeric  bool
	decimals int
	pos      Pos
	col      int
	row      int
	expr     string // derived: the formula with its operands
	computed bool   // derived and filled in by reportc (the sheet cell was empty)
}

var (
	captionUnitRE = regexp.MustCompile(`[（(]单位[：:]\s*([^）)]+)[）)]`)
	headUnitRE    = regexp.MustCompile(`[（(]([^）)]+)[）)]\s*$`)
)

// normLabel is a row label or column header as used for lookups: no white space, no
// “其中：”, full-width parentheses.
func normLabel(s string) string {
	s = strings.Join(strings.Fields(s), "")
	if strings.ContainsAny(s, "():") { // building a strings.Replacer per call cost more than the rest
		var b strings.Builder
		for _, r := range s {
			switch r {
			case '(':
				b.WriteString("（")
			case ')':
				b.WriteString("）")
			case ':':
				b.WriteString("：")
			default:
				b.WriteRune(r)
			}
		}
		s = b.String()
	}
	return strings.TrimPrefix(s, "其中：")
}

func decimalsOf(text string) int {
	if i := strings.LastIndexByte(text, '.'); i >= 0 {
		n := 0
		for _, r := range text[i+1:] {
			if r < '0' || r > '9' {
				break
			}
			n++
		}
		return n
	}
	return 0
}

// formatNumber prints v with the given decimals, as Excel's fixed formats do.
func formatNumber(v float64, decimals int) string {
	if decimals < 0 {
		decimals = 0
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// buildGrids makes a grid of every table, chart and the 数值 sheet.
func (r *Report) buildGrids() map[string]*grid {
	out := map[string]*grid{}
	for _, t := range r.Tables {
		out[t.Pos.Sheet] = tableGrid(t)
	}
	for _, c := range r.Charts {
		out[c.Pos.Sheet] = chartGrid(c)
	}
	if len(r.Values) > 0 {
		g := &grid{sheet: ValuesSheet, cols: []string{"数值"}}
		for _, name := range sortedKeys(r.Values) {
			v := r.Values[name]
			g.file = v.Pos.File
			c := &gridCell{text: v.Text, pos: v.Pos, row: len(g.rows), decimals: decimalsOf(v.Text)}
			c.value, c.numeric = parseNumber(v.Text)
			g.rows = append(g.rows, gridRow{label: normLabel(name), cells: []*gridCell{c}})
		}
		out[ValuesSheet] = g
	}
	return out
}

func tableGrid(t *Table) *grid {
	g := &grid{sheet: t.Pos.Sheet, file: t.Pos.File, label: t.Label, caption: t.Caption}
	if m := captionUnitRE.FindStringSubmatch(t.Caption); m != nil {
		g.unit = strings.TrimSpace(m[1])
	}
	unitCol := -1
	for c := range t.Cols {
		h, group := "", ""
		if t.HeaderRows > 0 {
			if rr, cc, ok := t.Covering(t.HeaderRows-1, c); ok {
				h = t.Rows[rr][cc].Text
				// A header merged over several columns (中职招生数（人）over 公办, 民办)
				// names the group; the last header row names the column.
				if cc != c || rr != t.HeaderRows-1 {
					if own := t.Rows[t.HeaderRows-1][c].Text; own != "" {
						group = h
						h = own
					}
				}
			}
		}
		for hr := t.HeaderRows - 2; hr >= 0 && group == ""; hr-- {
			if rr, cc, ok := t.Covering(hr, c); ok && t.Rows[rr][cc].Text != h {
				group = t.Rows[rr][cc].Text
			}
		}
		g.cols = append(g.cols, normLabel(h))
		g.groups = append(g.groups, normLabel(group))
		if normLabel(h) == "单位" {
			unitCol = c
		}
	}
	firstNum := -1
	for c := range t.Cols {
		if t.NumericCol[c] && g.cols[c] != "序号" {
			firstNum = c
			break
		}
	}
	for ri := t.HeaderRows; ri < len(t.Rows); ri++ {
		row := gridRow{}
		for c := 0; c < t.Cols && (firstNum < 0 || c < firstNum); c++ {
			if c == unitCol || g.cols[c] == "序号" {
				continue
			}
			cell := t.Rows[ri][c]
			text := cell.Text
			if cell.Covered {
				if rr, cc, ok := t.Covering(ri, c); ok {
					if cc < c {
						continue // part of a horizontal merge: already read
					}
					row.group = normLabel(t.Rows[rr][cc].Text)
					continue
				}
			}
			if text != "" {
				if row.label != "" && row.group == "" {
					row.group = row.label
				}
				row.label = normLabel(text)
			}
		}
		if unitCol >= 0 {
			row.unit = strings.TrimSpace(t.Rows[ri][unitCol].Text)
		}
		for c, cell := range t.Rows[ri] {
			gc := &gridCell{text: cell.Text, value: cell.Value, numeric: cell.Numeric && !cell.Covered && c >= max(firstNum, 0) && g.cols[c] != "序号",
				decimals: decimalsOf(cell.Text), pos: cell.Pos, col: c, row: ri - t.HeaderRows}
			row.cells = append(row.cells, gc)
		}
		g.rows = append(g.rows, row)
	}
	return g
}

func chartGrid(c *Chart) *grid {
	g := &grid{sheet: c.Pos.Sheet, file: c.Pos.File, label: c.Label, caption: c.Caption, example: c.Example}
	if m := captionUnitRE.FindStringSubmatch(c.Caption); m != nil {
		g.unit = strings.TrimSpace(m[1])
	}
	g.cols = append(g.cols, "")
	for _, s := range c.Series {
		g.cols = append(g.cols, normLabel(s.Name))
	}
	for ri, cat := range c.Categories {
		row := gridRow{label: normLabel(cat)}
		row.cells = append(row.cells, &gridCell{text: cat, col: 0, row: ri})
		for si, s := range c.Series {
			gc := &gridCell{col: si + 1, row: ri}
			if ri < len(s.Cells) {
				gc.pos = s.Cells[ri]
			}
			if ri < len(s.Valid) && s.Valid[ri] {
				gc.numeric, gc.value = true, s.Values[ri]
				gc.text = strconv.FormatFloat(s.Values[ri], 'f', -1, 64)
				gc.decimals = decimalsOf(gc.text)
			}
			row.cells = append(row.cells, gc)
		}
		g.rows = append(g.rows, row)
	}
	return g
}

// colIndex returns the columns whose header is name.
func (g *grid) colIndex(name string) []int {
	var out []int
	name = normLabel(name)
	for i, h := range g.cols {
		if h == name {
			out = append(out, i)
		}
	}
	return out
}

// rowIndex returns the rows whose label (or group and label, “在校生满意度/课堂育人满意度”)
// is name.
func (g *grid) rowIndex(name string) []int {
	var out []int
	name = normLabel(name)
	for i, r := range g.rows {
		if r.label == name || (r.group != "" && r.group+"/"+r.label == name) {
			out = append(out, i)
		}
	}
	return out
}

// lookup finds the cell “列:行” of the grid: a column header (or a derived column) and a
// row label.
func (g *grid) lookup(col, row string) (*gridCell, error) {
	rows := g.rowIndex(row)
	if v, ok := g.vrows[normLabel(row)]; ok && len(rows) == 0 {
		cols := g.colIndex(col)
		if len(cols) != 1 || v[cols[0]] == nil {
			return nil, fmt.Errorf("派生行 “%s” 在列 “%s” 没有值", row, col)
		}
		return v[cols[0]], nil
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("工作表 “%s” 没有名为 “%s” 的行", g.sheet, row)
	}
	if len(rows) > 1 {
		return nil, fmt.Errorf("工作表 “%s” 有 %d 行名为 “%s”，请改用单元格地址（如 %s!D5）", g.sheet, len(rows), row, g.sheet)
	}
	if v, ok := g.virtual[normLabel(col)]; ok {
		if c := v[rows[0]]; c != nil {
			return c, nil
		}
		return nil, fmt.Errorf("派生列 “%s” 在行 “%s” 没有值", col, row)
	}
	cols := g.colIndex(col)
	if len(cols) == 0 {
		return nil, fmt.Errorf("工作表 “%s” 没有名为 “%s” 的列", g.sheet, col)
	}
	if len(cols) > 1 {
		return nil, fmt.Errorf("工作表 “%s” 有 %d 列名为 “%s”，请改用单元格地址", g.sheet, len(cols), col)
	}
	r := g.rows[rows[0]]
	if cols[0] >= len(r.cells) {
		return nil, fmt.Errorf("%s!%s:%s 是空的", g.sheet, col, row)
	}
	return r.cells[cols[0]], nil
}

// cellAt finds a cell by its A1 name.
func (g *grid) cellAt(name string) *gridCell {
	for _, r := range g.rows {
		for _, c := range r.cells {
			if c.pos.Cell == name {
				return c
			}
		}
	}
	return nil
}

// year returns the year a cell belongs to (from its column header or row label), or 0.
func (g *grid) year(c *gridCell) int {
	if c.col >= 0 && c.col < len(g.cols) {
		if m := yearHeadRE.FindStringSubmatch(g.cols[c.col]); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y
		}
	}
	if c.row < len(g.rows) {
		if m := yearHeadRE.FindStringSubmatch(g.rows[c.row].label); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y
		}
	}
	return 0
}

// unitOf says what a cell counts: its row's 单位, the unit in its column header
// (“参加培训人数（人）”) or in the caption (“（单位：%）”); "" when unknown.
func (g *grid) unitOf(c *gridCell) string {
	r := g.rows[c.row]
	if r.unit != "" {
		return r.unit
	}
	for _, h := range []string{g.colName(c), g.colGroup(c)} {
		if m := headUnitRE.FindStringSubmatch(h); m != nil {
			return m[1]
		}
	}
	if g.unit != "" {
		return g.unit
	}
	for _, s := range []string{r.label, r.group, g.colName(c)} {
		if strings.HasSuffix(s, "率") || strings.HasSuffix(s, "满意度") || strings.HasSuffix(s, "比例") {
			return "%"
		}
	}
	return ""
}

func (g *grid) colGroup(c *gridCell) string {
	if c.col >= 0 && c.col < len(g.groups) {
		return g.groups[c.col]
	}
	return ""
}

func (g *grid) colName(c *gridCell) string {
	if c.col >= 0 && c.col < len(g.cols) {
		return g.cols[c.col]
	}
	return ""
}

// name is how the audit names a cell: sheet, column and row.
func (g *grid) name(c *gridCell) string {
	r := g.rows[c.row]
	col := g.colName(c)
	for _, v := range g.vorder {
		if g.virtual[v][c.row] == c {
			col = v
		}
	}
	for _, v := range g.vrorder {
		if c.col >= 0 && g.vrows[v][c.col] == c {
			return g.sheet + "!" + col + ":" + v
		}
	}
	if col == "" {
		return g.sheet + "!" + r.label
	}
	return g.sheet + "!" + col + ":" + r.label
}

// resolveGridRef resolves “Sheet!列:行” and “Sheet!Cell|N” forms; ok is false when the
// reference is none of the forms handled here.
func (r *Report) resolveGridRef(ref string) (Value, bool, error) {
	ref, decimals, hasDec, err := splitDecimals(ref)
	if err != nil {
		return Value{}, true, err
	}
	sheet, rest, isCell := strings.Cut(ref, "!")
	var c *gridCell
	switch {
	case isCell && strings.Contains(rest, ":"):
		g := r.grids[sheet]
		if g == nil {
			return Value{}, true, fmt.Errorf("工作表 “%s” 不是清单中的表格或图表", sheet)
		}
		col, row, _ := strings.Cut(rest, ":")
		if c, err = g.lookup(col, row); err != nil {
			return Value{}, true, err
		}
	case hasDec:
		if isCell {
			if g := r.grids[sheet]; g != nil {
				c = g.cellAt(rest)
			}
		} else if g := r.grids[ValuesSheet]; g != nil {
			if rows := g.rowIndex(ref); len(rows) == 1 {
				c = g.rows[rows[0]].cells[0]
			}
		}
		if c == nil {
			return Value{}, true, fmt.Errorf("找不到 “%s”", ref)
		}
	default:
		return Value{}, false, nil
	}
	if !c.numeric && c.text == "" {
		return Value{}, true, fmt.Errorf("%s 是空的", ref)
	}
	text := c.text
	if hasDec {
		if !c.numeric {
			return Value{}, true, fmt.Errorf("%s 不是数字，不能指定小数位数", ref)
		}
		if decimals > c.decimals && !c.computed {
			return Value{}, true, fmt.Errorf("%s 只有 %d 位小数（%s），不能印成 %d 位", ref, c.decimals, c.text, decimals)
		}
		text = formatNumber(c.value, decimals)
	}
	return Value{Text: text, Pos: c.pos}, true, nil
}

// splitDecimals splits the “|N” suffix of a bound value: print with N decimals.
func splitDecimals(ref string) (string, int, bool, error) {
	base, d, ok := strings.Cut(ref, "|")
	if !ok {
		return ref, 0, false, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(d))
	if err != nil || n < 0 || n > 6 {
		return ref, 0, false, fmt.Errorf("“|%s” 应为 0–6 的小数位数", d)
	}
	return strings.TrimSpace(base), n, true, nil
}

// roundTo rounds v to the decimals, as the printed text does.
func roundTo(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}
