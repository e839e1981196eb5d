package data

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Derived values. A table's 清单 row may declare, in its optional 派生 column, values that
// are computed from other cells, separated by “；”:
//
//	增幅 = 2024年 − 2023年          a column: every body row, from columns of the same row
//	合计 = 求和                      a row: every number column, the sum of the rows above
//	占比 = 就业 / 毕业生 × 100       a column from columns
//	生师比 = 落实政策!全日制在校生人数 / 落实政策!专任教师总数
//	                                 a row from rows (of this or another sheet), column by
//	                                 column, matched by the column header (2024年)
//
// A declared name that is neither a column nor a row of the sheet is a derived column
// that is not printed, for the text only: “增加 = 2024年 − 2023年” lets the text say
// “较上年增加[=学生规模!增加:招生数]人”. Such a value may use earlier ones (毕业生 = 升学 +
// 就业 + 其他；就业占比 = 就业 ÷ 毕业生 × 100 |2) and end with “|N”, its decimals.
//
// An empty cell is filled with the computed value, printed with the column's decimals. A
// typed value is kept (the printed text stays as the clerk typed it), and where it
// differs from the computed one at the printed precision, check warns with both values.

// DerivedValue is one computed cell, for the audit.
type DerivedValue struct {
	Pos      Pos
	Name     string // sheet!column:row
	Expr     string // the formula with its operands' values
	Computed string // as printed with the cell's decimals
	Typed    string // the workbook's own value; "" when reportc filled the cell in
	Agrees   bool
}

type derivation struct {
	name  string
	expr  string
	terms []term // in order; ops between them
	ops   []byte // '+', '-', '*', '/'
	pos   Pos
	dec   int // “|N”: decimals of a value for the text; -1: the operands' decimals
}

type term struct {
	sheet string // "" for this sheet
	name  string // column or row name
	num   float64
	isNum bool
}

// parseDerivations reads a 派生 cell.
func parseDerivations(s string, pos Pos, errs *ErrorList) []derivation {
	var out []derivation
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '；' || r == ';' || r == '\n' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, expr, ok := strings.Cut(part, "=")
		if !ok {
			name, expr, ok = strings.Cut(part, "＝")
		}
		if !ok || strings.TrimSpace(name) == "" || strings.TrimSpace(expr) == "" {
			errs.Add(pos, "派生声明 “%s” 应为 “名称 = 算式”，如 “增幅 = 2024年 − 2023年” 或 “合计 = 求和”", part)
			continue
		}
		d := derivation{name: normLabel(name), expr: strings.TrimSpace(expr), pos: pos, dec: -1}
		if e, n, ok := strings.Cut(d.expr, "|"); ok {
			k, err := strconv.Atoi(strings.TrimSpace(n))
			if err != nil || k < 0 || k > 6 {
				errs.Add(pos, "派生声明 “%s”：“|%s” 应为 0–6 的小数位数", part, n)
				continue
			}
			d.expr, d.dec = strings.TrimSpace(e), k
		}
		if d.expr == "求和" || strings.EqualFold(d.expr, "sum") {
			out = append(out, d)
			continue
		}
		if err := d.parse(); err != nil {
			errs.Add(pos, "派生声明 “%s”：%v", part, err)
			continue
		}
		out = append(out, d)
	}
	return out
}

func (d *derivation) parse() error {
	expr := strings.NewReplacer("−", "-", "－", "-", "×", "*", "＊", "*", "÷", "/", "／", "/", "＋", "+").Replace(d.expr)
	var cur strings.Builder
	flush := func() error {
		s := strings.TrimSpace(cur.String())
		cur.Reset()
		if s == "" {
			return fmt.Errorf("算式不完整")
		}
		t := term{}
		if v, err := strconv.ParseFloat(s, 64); err == nil || errors.Is(err, strconv.ErrRange) {
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > maxChartValue {
				return fmt.Errorf("“%s” 不是可用的数（应为有限的数，绝对值不超过 %g）", s, maxChartValue)
			}
			t.num, t.isNum = v, true
		} else if sh, n, ok := strings.Cut(s, "!"); ok {
			t.sheet, t.name = strings.TrimSpace(sh), normLabel(n)
		} else {
			t.name = normLabel(s)
		}
		d.terms = append(d.terms, t)
		return nil
	}
	for _, r := range expr {
		switch r {
		case '+', '-', '*', '/':
			if err := flush(); err != nil {
				return err
			}
			d.ops = append(d.ops, byte(r))
		default:
			cur.WriteRune(r)
		}
	}
	return flush()
}

// eval computes the expression from its operands' values, * and / before + and −.
func (d *derivation) eval(vals []float64) (float64, bool) {
	// First fold * and /.
	acc := []float64{vals[0]}
	var adds []byte
	for i, op := range d.ops {
		v := vals[i+1]
		switch op {
		case '*':
			acc[len(acc)-1] *= v
		case '/':
			if v == 0 {
				return 0, false
			}
			acc[len(acc)-1] /= v
		default:
			acc = append(acc, v)
			adds = append(adds, op)
		}
	}
	out := acc[0]
	for i, op := range adds {
		if op == '+' {
			out += acc[i+1]
		} else {
			out -= acc[i+1]
		}
	}
	// Beyond 1e15 (Excel's precision, the chart limit) a result printed every digit.
	return out, !math.IsNaN(out) && math.Abs(out) <= maxChartValue
}

func (d *derivation) show(vals []string) string {
	var b strings.Builder
	for i, v := range vals {
		if i > 0 {
			b.WriteString(" " + map[byte]string{'+': "+", '-': "−", '*': "×", '/': "÷"}[d.ops[i-1]] + " ")
		}
		b.WriteString(v)
	}
	return b.String()
}

// derive computes every declared derived value, fills in empty cells and warns where a
// typed value differs.
func (r *Report) derive(errs *ErrorList) {
	for _, label := range sortedKeys(r.Tables) {
		t := r.Tables[label]
		if t.Derived == "" {
			continue
		}
		g := r.grids[t.Pos.Sheet]
		if g == nil {
			continue
		}
		for _, d := range parseDerivations(t.Derived, t.DerivedPos, errs) {
			r.deriveOne(t, g, d, errs)
		}
	}
	// A chart's derived values are for the text only: the drawing shows the sheet.
	for _, label := range sortedKeys(r.Charts) {
		c := r.Charts[label]
		if c.Derived == "" {
			continue
		}
		g := r.grids[c.Pos.Sheet]
		if g == nil {
			continue
		}
		for _, d := range parseDerivations(c.Derived, c.DerivedPos, errs) {
			if d.expr == "求和" || strings.EqualFold(d.expr, "sum") || len(g.colIndex(d.name)) > 0 || len(g.rowIndex(d.name)) > 0 {
				errs.Add(d.pos, "图表的派生值只能是新的名称（供正文引用），“%s” 已是工作表中的行或列", d.name)
				continue
			}
			r.deriveOne(nil, g, d, errs)
		}
	}
}

// numberCol says whether column c of the grid holds numbers that derived rows compute.
func numberCol(t *Table, g *grid, c int) bool {
	if g.cols[c] == "序号" {
		return false
	}
	if t != nil {
		return t.NumericCol[c]
	}
	return c > 0 // a chart: the series
}

func (r *Report) deriveOne(t *Table, g *grid, d derivation, errs *ErrorList) {
	switch {
	case d.expr == "求和" || strings.EqualFold(d.expr, "sum"):
		rows := g.rowIndex(d.name)
		if len(rows) == 0 {
			errs.Add(d.pos, "派生 “%s = 求和”：工作表 “%s” 没有名为 “%s” 的行", d.name, g.sheet, d.name)
			return
		}
		for _, ri := range rows {
			for c := range g.cols {
				if !numberCol(t, g, c) {
					continue
				}
				sum, dec, n := 0.0, 0, 0
				var parts []string
				for pi := 0; pi < ri; pi++ {
					if g.rows[pi].label == d.name || c >= len(g.rows[pi].cells) {
						continue
					}
					pc := g.rows[pi].cells[c]
					if pc.numeric {
						sum += pc.value
						dec = max(dec, pc.decimals)
						n++
						parts = append(parts, pc.text)
					}
				}
				if n == 0 {
					continue
				}
				r.setDerived(t, g, g.rows[ri].cells[c], sum, dec, "求和（"+strings.Join(parts, " + ")+"）")
			}
		}
		return
	}
	// Columns from columns of the same row?
	isCol := true
	for _, tm := range d.terms {
		if !tm.isNum && (tm.sheet != "" || len(g.colIndex(tm.name)) != 1) && g.virtual[tm.name] == nil {
			isCol = false
		}
	}
	if isCol {
		target := g.colIndex(d.name)
		if len(target) > 1 {
			errs.Add(d.pos, "派生 “%s”：工作表 “%s” 有多列同名", d.name, g.sheet)
			return
		}
		if len(target) == 0 {
			if g.virtual == nil {
				g.virtual = map[string][]*gridCell{}
			}
			g.virtual[d.name] = make([]*gridCell, len(g.rows))
			g.vorder = append(g.vorder, d.name)
		}
		for ri := range g.rows {
			vals, shown, dec, ok := []float64{}, []string{}, 0, true
			for _, tm := range d.terms {
				if tm.isNum {
					vals, shown = append(vals, tm.num), append(shown, formatNumber(tm.num, decimalsOf(strconv.FormatFloat(tm.num, 'f', -1, 64))))
					continue
				}
				var c *gridCell
				if v := g.virtual[tm.name]; v != nil {
					c = v[ri] // an earlier text-only value: 毕业生 = 升学 + 就业 + 其他
				} else if ci := g.colIndex(tm.name)[0]; ci < len(g.rows[ri].cells) {
					c = g.rows[ri].cells[ci]
				}
				if c == nil || !c.numeric {
					ok = false
					break
				}
				vals, shown = append(vals, c.value), append(shown, c.text)
				dec = max(dec, c.decimals)
			}
			if !ok {
				continue
			}
			v, ok := d.eval(vals)
			if !ok {
				if len(target) > 0 && g.rows[ri].cells[target[0]].text == "" {
					errs.Add(g.rows[ri].cells[target[0]].pos, "派生 “%s” 算不出（%s：除数为 0，或结果超出 ±1e15）；这一格会印成空白", d.name, d.show(shown))
				}
				continue
			}
			expr := d.show(shown)
			if len(target) == 0 {
				if d.dec >= 0 {
					dec = d.dec
				}
				g.virtual[d.name][ri] = &gridCell{text: formatNumber(v, dec), value: v, numeric: true,
					decimals: dec, pos: g.rows[ri].cells[0].pos, col: -1, row: ri, expr: expr, computed: true}
				continue
			}
			cell := g.rows[ri].cells[target[0]]
			if cell.numeric || cell.text == "" {
				r.setDerived(t, g, cell, v, columnDecimals(g, target[0], dec), expr)
			}
		}
		return
	}
	// Rows from rows, column by column. A new name is a derived row for the text.
	target := g.rowIndex(d.name)
	if len(target) > 1 {
		errs.Add(d.pos, "派生 “%s”：工作表 “%s” 有 %d 行同名", d.name, g.sheet, len(target))
		return
	}
	if len(target) == 0 {
		for _, tm := range d.terms {
			if !tm.isNum && tm.sheet == "" && len(g.rowIndex(tm.name)) != 1 {
				errs.Add(d.pos, "派生 “%s = %s”：“%s” 不是工作表 “%s” 的列或行", d.name, d.expr, tm.name, g.sheet)
				return
			}
		}
		if g.vrows == nil {
			g.vrows = map[string][]*gridCell{}
		}
		g.vrows[d.name] = make([]*gridCell, len(g.cols))
		g.vrorder = append(g.vrorder, d.name)
	}
	for c := range g.cols {
		if !numberCol(t, g, c) {
			continue
		}
		vals, shown, dec, ok := []float64{}, []string{}, 0, true
		for _, tm := range d.terms {
			if tm.isNum {
				vals, shown = append(vals, tm.num), append(shown, strconv.FormatFloat(tm.num, 'f', -1, 64))
				continue
			}
			og := g
			if tm.sheet != "" {
				og = r.grids[tm.sheet]
				if og == nil {
					errs.Add(d.pos, "派生 “%s”：工作表 “%s” 不是清单中的表格", d.name, tm.sheet)
					return
				}
			}
			oc, err := og.lookup(g.cols[c], tm.name)
			if err != nil || !oc.numeric {
				ok = false
				break
			}
			label := oc.text
			if tm.sheet != "" {
				label = og.sheet + "!" + oc.pos.Cell + "=" + oc.text
			}
			vals, shown = append(vals, oc.value), append(shown, label)
			dec = max(dec, oc.decimals)
		}
		if !ok {
			continue
		}
		v, ok := d.eval(vals)
		if !ok {
			if len(target) > 0 && g.rows[target[0]].cells[c].text == "" {
				errs.Add(g.rows[target[0]].cells[c].pos, "派生 “%s” 算不出（%s：除数为 0，或结果超出 ±1e15）；这一格会印成空白", d.name, d.show(shown))
			}
			continue
		}
		if len(target) == 0 {
			// Stand in the row of the first operand, so that the cell is named by its
			// column (就业) like the cells it comes from.
			home := 0
			if rows := g.rowIndex(d.terms[0].name); len(rows) == 1 {
				home = rows[0]
			}
			if d.dec >= 0 {
				dec = d.dec
			}
			g.vrows[d.name][c] = &gridCell{text: formatNumber(v, dec), value: v, numeric: true, decimals: dec,
				pos: g.rows[home].cells[c].pos, col: c, row: home, expr: d.show(shown), computed: true}
			continue
		}
		cell := g.rows[target[0]].cells[c]
		r.setDerived(t, g, cell, v, columnDecimals(g, c, max(dec, 2)), d.show(shown))
	}
}

// columnDecimals is the decimals a column prints: the most its typed numbers show, or
// def when it has none.
func columnDecimals(g *grid, col, def int) int {
	n, found := 0, false
	for _, r := range g.rows {
		if col < len(r.cells) && r.cells[col].numeric {
			n, found = max(n, r.cells[col].decimals), true
		}
	}
	if !found {
		return def
	}
	return n
}

// setDerived records a computed cell: an empty cell is filled in (in the grid and in the
// table that is printed), a typed one is compared at its printed precision.
func (r *Report) setDerived(t *Table, g *grid, cell *gridCell, v float64, dec int, expr string) {
	dv := DerivedValue{Pos: cell.pos, Name: g.name(cell), Expr: expr}
	if cell.text == "" {
		dv.Computed, dv.Agrees = formatNumber(v, dec), true
		cell.text, cell.value, cell.numeric, cell.decimals, cell.computed = dv.Computed, roundTo(v, dec), true, dec, true
		tc := t.Rows[t.HeaderRows+cell.row][cell.col]
		tc.Text, tc.Value, tc.Numeric = dv.Computed, cell.value, true
	} else {
		dv.Computed, dv.Typed = formatNumber(v, cell.decimals), cell.text
		dv.Agrees = formatNumber(cell.value, cell.decimals) == dv.Computed
		if !dv.Agrees {
			r.Warnings.Add(cell.pos, "派生值 %s 应为 %s = %s，表中填的是 %s", dv.Name, expr, dv.Computed, cell.text)
		}
	}
	cell.expr = expr
	r.Audit.Derived = append(r.Audit.Derived, dv)
}
