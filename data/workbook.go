package data

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// IndexSheet is the name of the index sheet every workbook must have.
const IndexSheet = "清单"

// ValuesSheet is the name of the optional named-values sheet.
const ValuesSheet = "数值"

var indexHeader = []string{"标签", "类型", "工作表", "标题", "数据来源", "表头行数", "备注"}

// noData are the texts a clerk writes for "no data" in a numeric column.
var noData = map[string]bool{"—": true, "-": true, "--": true, "——": true, "/": true, "／": true, "－": true, "―": true}

// formWords are the words a form puts in a numeric column (是/否 questions, status
// marks); they are neither numbers nor text that makes the column a text column, and
// they align like the numbers.
var formWords = map[string]bool{"是": true, "否": true, "有": true, "无": true, "已落实": true, "未落实": true,
	"达标": true, "未达标": true, "不适用": true, "暂无": true, "√": true, "×": true, "✓": true, "✗": true}

// numberLike reports whether a cell's text may stand in a numeric column beside numbers.
func numberLike(text string) bool { return noData[text] || formWords[text] }

type workbooks struct {
	books  []*book
	sheets map[string]sheetRef // sheet name -> workbook, for [=Sheet!C5]
	grids  map[string][][]string
	// failed is set when a workbook could not be read: the labels and cells it would
	// have defined are then not reported as missing (the cause is reported once).
	failed bool
}

type sheetRef struct {
	f    *book
	name string // workbook file name
}

func (w *workbooks) close() {
	for _, bk := range w.books {
		bk.close()
	}
}

func (w *workbooks) load(dir, name string, named Pos, r *Report, errs *ErrorList) {
	if w.sheets == nil {
		w.sheets = map[string]sheetRef{}
	}
	b, err := readInside(dir, name, MaxWorkbookBytes)
	if err != nil {
		w.failed = true
		errs.addCause(named, "工作簿 “%s” %s", name, refusal(err))
		return
	}
	if msg := zipProblem(b); msg != "" {
		w.failed = true
		errs.addCause(Pos{File: name}, "打不开 Excel 工作簿：%s", msg)
		return
	}
	f, err := openBook(b, r.checks)
	if err != nil {
		w.failed = true
		errs.addCause(Pos{File: name}, "打不开 Excel 工作簿：%v", err)
		return
	}
	w.books = append(w.books, f)
	sheets := f.sheetList()
	for _, s := range sheets {
		if s == IndexSheet {
			continue
		}
		if prev, dup := w.sheets[s]; dup {
			errs.Add(Pos{File: name, Sheet: s}, "工作表名 “%s” 与 %s 中的工作表重名；[=工作表!单元格] 引用要求工作表名唯一", s, prev.name)
			continue
		}
		w.sheets[s] = sheetRef{f: f, name: name}
	}
	has := func(s string) bool {
		for _, x := range sheets {
			if x == s {
				return true
			}
		}
		return false
	}
	if has(ValuesSheet) && !loadValues(f, name, r, errs) {
		w.failed = true
	}
	if !has(IndexSheet) {
		w.failed = true
		errs.Add(Pos{File: name}, "缺少索引工作表 “%s”（列：%s）", IndexSheet, strings.Join(indexHeader, "｜"))
		return
	}
	rows, err := f.grid(name, IndexSheet, false)
	if err != nil {
		w.failed = true
		addErr(errs, Pos{File: name, Sheet: IndexSheet}, "读不出索引工作表：", err)
		return
	}
	if len(rows) == 0 {
		errs.Add(Pos{File: name, Sheet: IndexSheet, Cell: "A1"}, "索引工作表是空的")
		return
	}
	for i, h := range indexHeader {
		got := ""
		if i < len(rows[0]) {
			got = strings.TrimSpace(rows[0][i])
		}
		if got != h {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			errs.Add(Pos{File: name, Sheet: IndexSheet, Cell: cell}, "表头应为 “%s”，实际是 “%s”", h, got)
			return
		}
	}
	// Optional columns after the seven required ones, found by their header.
	noteCol, twinCol, derivedCol := -1, -1, -1
	for c := len(indexHeader); c < len(rows[0]); c++ {
		cell, _ := excelize.CoordinatesToCellName(c+1, 1)
		switch h := strings.TrimSpace(rows[0][c]); h {
		case "注":
			noteCol = c
		case "核对":
			twinCol = c
		case "派生":
			derivedCol = c
		case "":
		default:
			errs.Add(Pos{File: name, Sheet: IndexSheet, Cell: cell}, "可选列的表头应为 “注”、“核对” 或 “派生”，实际是 “%s”", h)
		}
	}
	for ri, row := range rows[1:] {
		rowNo := ri + 2
		get := func(c int) string {
			if c >= 0 && c < len(row) {
				return strings.TrimSpace(row[c])
			}
			return ""
		}
		at := func(c int) Pos {
			cell, _ := excelize.CoordinatesToCellName(c+1, rowNo)
			return Pos{File: name, Sheet: IndexSheet, Cell: cell}
		}
		label, kind, sheet := get(0), get(1), get(2)
		if label == "" && kind == "" && sheet == "" {
			continue
		}
		if !labelRE.MatchString(label) {
			errs.Add(at(0), "标签 “%s” 不合规：标签只能由字母、数字和 “-” 组成", label)
			continue
		}
		if _, dup := r.Tables[label]; dup {
			errs.Add(at(0), "标签 “%s” 重复", label)
			continue
		}
		if _, dup := r.Charts[label]; dup {
			errs.Add(at(0), "标签 “%s” 重复", label)
			continue
		}
		if !has(sheet) {
			errs.Add(at(2), "工作表 “%s” 不存在", sheet)
			continue
		}
		if get(3) == "" {
			errs.Add(at(3), "缺少标题")
		}
		for _, c := range []int{3, 4, noteCol} {
			if msg := cellProblem(get(c)); msg != "" {
				errs.Add(at(c), "%s", msg)
			}
		}
		headerRows := 1
		if h := get(5); h != "" {
			n, err := strconv.Atoi(h)
			if err != nil || n < 0 || n > 5 {
				errs.Add(at(5), "表头行数应为 0–5 的整数，实际是 “%s”", h)
			} else {
				headerRows = n
			}
		}
		switch ChartKind(kind) {
		case "表格":
			t := w.loadTable(f, name, sheet, headerRows, errs)
			if t == nil {
				w.failed = true
				continue
			}
			t.Label, t.Caption, t.Source, t.Note, t.Printed, t.IndexPos = label, get(3), get(4), get(6), get(noteCol), at(0)
			if twin := get(twinCol); twin != "" {
				t.Twin, t.TwinPos = twin, at(twinCol)
			}
			t.Derived, t.DerivedPos = get(derivedCol), at(derivedCol)
			r.Tables[label] = t
		case ChartBar, ChartGroupedBar, ChartStacked, ChartHBar, ChartPie, ChartLine:
			c := w.loadChart(f, name, sheet, errs)
			if c == nil {
				w.failed = true
				continue
			}
			c.Label, c.Kind, c.Caption, c.Source, c.Note, c.Printed, c.IndexPos = label, ChartKind(kind), get(3), get(4), get(6), get(noteCol), at(0)
			c.Example = strings.Contains(c.Note, "示例数据")
			c.Derived, c.DerivedPos = get(derivedCol), at(derivedCol)
			checkChart(c, errs)
			r.Charts[label] = c
		default:
			errs.Add(at(1), "类型应为 表格、柱状图、分组柱状图、堆积柱状图、条形图、饼图 或 折线图，实际是 “%s”", kind)
		}
	}
}

// loadValues reads the 数值 sheet; false when it could not be read.
func loadValues(f *book, name string, r *Report, errs *ErrorList) bool {
	rows, err := f.grid(name, ValuesSheet, false)
	if err != nil {
		addErr(errs, Pos{File: name, Sheet: ValuesSheet}, "读不出数值工作表：", err)
		return false
	}
	for i, row := range rows {
		if i == 0 || len(row) == 0 || strings.TrimSpace(row[0]) == "" {
			continue
		}
		key := strings.TrimSpace(row[0])
		pos := Pos{File: name, Sheet: ValuesSheet, Cell: fmt.Sprintf("B%d", i+1)}
		if len(row) < 2 || strings.TrimSpace(row[1]) == "" {
			if fx := f.formula(ValuesSheet, pos.Cell); fx != "" {
				errs.Add(pos, "名称 “%s”：%s", key, uncachedMsg(fx))
			} else {
				errs.Add(pos, "名称 “%s” 没有数值", key)
			}
			continue
		}
		if prev, dup := r.Values[key]; dup {
			errs.Add(pos, "名称 “%s” 重复（先前在 %s）", key, prev.Pos)
			continue
		}
		if msg := cellProblem(row[1]); msg != "" {
			errs.Add(pos, "名称 “%s”：%s", key, msg)
		}
		r.Values[key] = Value{Text: strings.TrimSpace(row[1]), Pos: pos, Example: len(row) > 2 && strings.Contains(row[2], "示例数据")}
	}
	return true
}

// sheetGrid reads a sheet as formatted text and raw values.
func (w *workbooks) sheetGrid(f *book, name, sheet string) (shown, raw [][]string, err error) {
	shown, err = f.grid(name, sheet, false)
	if err != nil {
		return nil, nil, err
	}
	if w.grids == nil {
		w.grids = map[string][][]string{}
	}
	w.grids[sheet] = shown // for [=Sheet!C5]: the sheet is not read again
	raw, err = f.grid(name, sheet, true)
	return shown, raw, err
}

// parseNumber reads a raw cell value as a finite number.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

// notFinite reports whether a cell holds NaN or an infinity, which Excel never writes
// but a generated file may.
func notFinite(s string) bool {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return (err == nil || strings.Contains(err.Error(), "range")) && (math.IsNaN(v) || math.IsInf(v, 0))
}

// excelErrors are the error values a formula shows in Excel.
var excelErrors = map[string]bool{
	"#NULL!": true, "#DIV/0!": true, "#VALUE!": true, "#REF!": true, "#NAME?": true, "#NUM!": true,
	"#N/A": true, "#GETTING_DATA": true, "#SPILL!": true, "#CALC!": true, "#FIELD!": true,
	"#BLOCKED!": true, "#CONNECT!": true, "#BUSY!": true, "#UNKNOWN!": true, "#EXTERNAL!": true, "#PYTHON!": true,
}

// cellProblem says why a printed or bound cell's text cannot be used, or "".
func cellProblem(text string) string {
	t := strings.TrimSpace(text)
	if excelErrors[strings.ToUpper(t)] {
		return fmt.Sprintf("单元格是 Excel 错误值 %s（公式出错）；请修正公式或填入数值", t)
	}
	if notFinite(t) {
		return fmt.Sprintf("单元格的数值无效（%s）；请填入有限的数值", t)
	}
	return ""
}

func (w *workbooks) loadTable(f *book, name, sheet string, headerRows int, errs *ErrorList) *Table {
	shown, raw, err := w.sheetGrid(f, name, sheet)
	if err != nil {
		addErr(errs, Pos{File: name, Sheet: sheet}, "读不出工作表：", err)
		return nil
	}
	// Drop trailing empty rows.
	for len(shown) > 0 && strings.TrimSpace(strings.Join(shown[len(shown)-1], "")) == "" {
		shown = shown[:len(shown)-1]
	}
	if len(shown) <= headerRows {
		errs.Add(Pos{File: name, Sheet: sheet}, "表格没有数据行（表头 %d 行之后为空）", headerRows)
		return nil
	}
	cols := 0
	for _, row := range shown {
		cols = max(cols, len(row))
	}
	t := &Table{HeaderRows: headerRows, Cols: cols, Pos: Pos{File: name, Sheet: sheet}}
	bad := map[*Cell]bool{} // already reported: not also a text in a numeric column
	probes := 0
	for ri, row := range shown {
		cells := make([]*Cell, cols)
		for ci := range cols {
			cellName, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
			c := &Cell{RowSpan: 1, ColSpan: 1, Pos: Pos{File: name, Sheet: sheet, Cell: cellName}}
			if ci < len(row) {
				c.Text = strings.TrimSpace(row[ci])
			}
			if ri < len(raw) && ci < len(raw[ri]) {
				c.Value, c.Numeric = parseNumber(raw[ri][ci])
			}
			// A number beyond Excel's 15-digit precision printed every digit (1e300: 301
			// of them, crushing the other columns). A text of digits (an ID) is fine.
			if c.Numeric && math.Abs(c.Value) > maxChartValue && probes < maxFormulaProbes {
				probes++
				if f.numberCell(sheet, cellName) {
					errs.Add(c.Pos, "单元格的数值 %g 太大（绝对值上限 %g，超出 Excel 的 15 位精度）；若是编号，请把单元格设为文本格式", c.Value, maxChartValue)
					bad[c] = true
				}
			}
			if c.Text == "" && !bad[c] && probes < maxFormulaProbes {
				probes++
				if fx := f.formula(sheet, cellName); fx != "" {
					errs.Add(c.Pos, "%s", uncachedMsg(fx))
					bad[c] = true
				}
			}
			if msg := cellProblem(c.Text); msg != "" {
				errs.Add(c.Pos, "%s", msg)
				bad[c] = true
			} else if ri < len(raw) && ci < len(raw[ri]) && c.Text != "" {
				if msg := cellProblem(raw[ri][ci]); msg != "" {
					errs.Add(c.Pos, "%s", msg)
					bad[c] = true
				}
			}
			cells[ci] = c
		}
		t.Rows = append(t.Rows, cells)
	}
	mergeTable(f, t, errs)
	// A column is numeric when its body holds at least two numbers and more numbers than
	// texts; any other text in it (except a no-data mark) is an error.
	t.NumericCol = make([]bool, cols)
	for c := range cols {
		nums, texts := 0, 0
		for _, row := range t.Rows[headerRows:] {
			cell := row[c]
			switch {
			case cell.Covered || cell.Text == "" || numberLike(cell.Text):
			case cell.Numeric:
				nums++
			default:
				texts++
			}
		}
		t.NumericCol[c] = nums >= 2 && nums > texts
		if !t.NumericCol[c] {
			continue
		}
		for _, row := range t.Rows[headerRows:] {
			cell := row[c]
			if !cell.Covered && numberLike(cell.Text) {
				cell.FormWord = true
			}
			if !cell.Covered && cell.Text != "" && !cell.Numeric && !numberLike(cell.Text) && cell.ColSpan == 1 && !bad[cell] {
				errs.Add(cell.Pos, "这一列是数字列，这里应为数字，实际是文字 “%s”（无数据请留空或填 “—”；也可填 是、否、有、无、已落实、未落实、达标、未达标、不适用）", cell.Text)
			}
		}
	}
	return t
}

func (w *workbooks) loadChart(f *book, name, sheet string, errs *ErrorList) *Chart {
	shown, raw, err := w.sheetGrid(f, name, sheet)
	if err != nil {
		addErr(errs, Pos{File: name, Sheet: sheet}, "读不出工作表：", err)
		return nil
	}
	c := &Chart{Pos: Pos{File: name, Sheet: sheet}}
	if len(shown) < 2 || len(shown[0]) < 2 {
		errs.Add(Pos{File: name, Sheet: sheet, Cell: "A1"}, "图表数据应从 A1 开始：第 1 行是系列名称（B1、C1…），以下每行是一个类别和它的数值")
		return nil
	}
	for ci := 1; ci < len(shown[0]); ci++ {
		c.Series = append(c.Series, Series{Name: strings.TrimSpace(shown[0][ci])})
		if msg := cellProblem(shown[0][ci]); msg != "" {
			cell, _ := excelize.CoordinatesToCellName(ci+1, 1)
			errs.Add(Pos{File: name, Sheet: sheet, Cell: cell}, "%s", msg)
		}
	}
	probes := 0
	for ri := 1; ri < len(shown); ri++ {
		row := shown[ri]
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		cat := ""
		if len(row) > 0 {
			cat = strings.TrimSpace(row[0])
		}
		if cat == "" {
			errs.Add(Pos{File: name, Sheet: sheet, Cell: fmt.Sprintf("A%d", ri+1)}, "缺少类别名称")
		} else if msg := cellProblem(cat); msg != "" {
			errs.Add(Pos{File: name, Sheet: sheet, Cell: fmt.Sprintf("A%d", ri+1)}, "%s", msg)
		}
		c.Categories = append(c.Categories, cat)
		for si := range c.Series {
			ci := si + 1
			cellName, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
			pos := Pos{File: name, Sheet: sheet, Cell: cellName}
			s := &c.Series[si]
			var v float64
			ok := false
			text := ""
			if ci < len(row) {
				text = strings.TrimSpace(row[ci])
			}
			if ri < len(raw) && ci < len(raw[ri]) {
				v, ok = parseNumber(raw[ri][ci])
			}
			fx := ""
			// Only for a chart that can be drawn: a lookup loads the whole sheet.
			if text == "" && probes < maxFormulaProbes && len(shown) <= maxCategories+1 {
				probes++
				fx = f.formula(sheet, cellName)
			}
			if fx != "" {
				errs.Add(pos, "%s", uncachedMsg(fx))
			} else if msg := cellProblem(text); msg != "" {
				errs.Add(pos, "%s", msg)
			} else if ri < len(raw) && ci < len(raw[ri]) && cellProblem(raw[ri][ci]) != "" {
				errs.Add(pos, "%s", cellProblem(raw[ri][ci]))
			} else if text != "" && !ok && !noData[text] {
				errs.Add(pos, "图表数据应为数字，实际是 “%s”", text)
			} else if ok && math.Abs(v) > maxChartValue {
				errs.Add(pos, "图表数值 %g 太大（绝对值上限 %g）", v, maxChartValue)
				ok = false
			}
			s.Values = append(s.Values, v)
			s.Valid = append(s.Valid, ok)
			s.Cells = append(s.Cells, pos)
		}
	}
	return c
}

// maxCategories is the most categories a chart can show at text width.
const maxCategories = 40

// maxChartValue is the largest magnitude a chart value may have: beyond it the axis
// arithmetic loses all precision (no report counts past a trillion).
const maxChartValue = 1e15

func checkChart(c *Chart, errs *ErrorList) {
	if len(c.Categories) == 0 {
		errs.Add(c.Pos, "图表 “%s” 没有数据行", c.Label)
		return
	}
	if len(c.Categories) > maxCategories {
		errs.Add(c.Pos, "图表 “%s” 有 %d 个类别，超过一幅图能排下的 %d 个；请拆成几幅图或改用表格", c.Label, len(c.Categories), maxCategories)
	}
	empty := 0
	for si, s := range c.Series {
		if s.Name == "" {
			cell, _ := excelize.CoordinatesToCellName(si+2, 1)
			errs.Add(Pos{File: c.Pos.File, Sheet: c.Pos.Sheet, Cell: cell}, "缺少系列名称")
		}
		present := false
		for i, ok := range s.Valid {
			if !ok {
				continue
			}
			present = true
			// Lines, columns and single-series bars show negative values; stacks
			// and pies cannot.
			if s.Values[i] < 0 && (c.Kind == ChartStacked || c.Kind == ChartPie || (c.Kind == ChartHBar && len(c.Series) > 1)) {
				errs.Add(s.Cells[i], "%s不能显示负数，实际是 %v（负值请用柱状图、单系列条形图或折线图）", c.Kind, s.Values[i])
			}
		}
		if !present {
			empty++
			c.Missing = append(c.Missing, s.Name)
		}
	}
	for ci, cat := range c.Categories {
		has := false
		for _, s := range c.Series {
			has = has || (ci < len(s.Valid) && s.Valid[ci])
		}
		if !has {
			c.NoData = append(c.NoData, cat)
			continue
		}
		for _, s := range c.Series {
			if !slices.Contains(c.Missing, s.Name) && ci < len(s.Valid) && !s.Valid[ci] {
				c.Gaps = append(c.Gaps, cat+"“"+s.Name+"”")
			}
		}
	}
	if empty == len(c.Series) {
		errs.Add(c.Pos, "图表 “%s” 的所有系列都没有数值：空图不能出版", c.Label)
	}
	if c.Kind == ChartPie && len(c.Series) != 1 {
		errs.Add(c.Pos, "饼图只能有一个系列，实际有 %d 个", len(c.Series))
	} else if c.Kind == ChartPie && empty == 0 {
		sum := 0.0
		for i, ok := range c.Series[0].Valid {
			if ok {
				sum += c.Series[0].Values[i]
			}
		}
		if !(sum > 0) || math.IsInf(sum, 0) {
			errs.Add(c.Pos, "饼图 “%s” 的数值合计不是正数，画不出扇形", c.Label)
		}
	}
}

var (
	errNoSheet         = errors.New("工作表不存在")
	errSheetUnreadable = errors.New("工作表读不出")
)

// cellValue returns the shown value of Sheet!Cell.
func (w *workbooks) cellValue(ref string) (Value, error) {
	sheet, cell, ok := strings.Cut(ref, "!")
	if !ok {
		return Value{}, fmt.Errorf("不是 “工作表!单元格” 形式")
	}
	s, ok := w.sheets[sheet]
	if !ok {
		return Value{}, fmt.Errorf("%w：“%s”", errNoSheet, sheet)
	}
	if _, _, err := excelize.CellNameToCoordinates(cell); err != nil {
		return Value{}, fmt.Errorf("单元格 “%s” 不合规", cell)
	}
	col, row, _ := excelize.CellNameToCoordinates(cell)
	if w.grids == nil {
		w.grids = map[string][][]string{}
	}
	grid, ok := w.grids[sheet]
	if !ok {
		g, err := s.f.grid(s.name, sheet, false)
		if err != nil {
			return Value{}, fmt.Errorf("%w：%v", errSheetUnreadable, err)
		}
		grid, w.grids[sheet] = g, g
	}
	v := ""
	if row <= len(grid) && col <= len(grid[row-1]) {
		v = grid[row-1][col-1]
	}
	if strings.TrimSpace(v) == "" {
		if fx := s.f.formula(sheet, cell); fx != "" {
			return Value{}, fmt.Errorf("%s!%s：%s", sheet, cell, uncachedMsg(fx))
		}
		return Value{}, fmt.Errorf("单元格 %s!%s 是空的", sheet, cell)
	}
	if msg := cellProblem(v); msg != "" {
		return Value{}, fmt.Errorf("%s!%s：%s", sheet, cell, msg)
	}
	return Value{Text: strings.TrimSpace(v), Pos: Pos{File: s.name, Sheet: sheet, Cell: cell}}, nil
}
