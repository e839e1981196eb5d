package data

import (
	"fmt"
	"path/filepath"
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

type workbooks struct {
	files  []*excelize.File
	sheets map[string]sheetRef // sheet name -> workbook, for [=Sheet!C5]
}

type sheetRef struct {
	f    *excelize.File
	name string // workbook file name
}

func (w *workbooks) close() {
	for _, f := range w.files {
		f.Close()
	}
}

func (w *workbooks) load(dir, name string, r *Report, errs *ErrorList) {
	if w.sheets == nil {
		w.sheets = map[string]sheetRef{}
	}
	f, err := excelize.OpenFile(filepath.Join(dir, name))
	if err != nil {
		errs.Add(Pos{File: name}, "打不开 Excel 工作簿：%v", unwrapPath(err))
		return
	}
	w.files = append(w.files, f)
	sheets := f.GetSheetList()
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
	if has(ValuesSheet) {
		loadValues(f, name, r, errs)
	}
	if !has(IndexSheet) {
		errs.Add(Pos{File: name}, "缺少索引工作表 “%s”（列：%s）", IndexSheet, strings.Join(indexHeader, "｜"))
		return
	}
	rows, err := f.GetRows(IndexSheet)
	if err != nil {
		errs.Add(Pos{File: name, Sheet: IndexSheet}, "读不出索引工作表：%v", err)
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
	noteCol, twinCol := -1, -1
	for c := len(indexHeader); c < len(rows[0]); c++ {
		cell, _ := excelize.CoordinatesToCellName(c+1, 1)
		switch h := strings.TrimSpace(rows[0][c]); h {
		case "注":
			noteCol = c
		case "核对":
			twinCol = c
		case "":
		default:
			errs.Add(Pos{File: name, Sheet: IndexSheet, Cell: cell}, "可选列的表头应为 “注” 或 “核对”，实际是 “%s”", h)
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
			t := loadTable(f, name, sheet, headerRows, errs)
			if t == nil {
				continue
			}
			t.Label, t.Caption, t.Source, t.Note, t.Printed, t.IndexPos = label, get(3), get(4), get(6), get(noteCol), at(0)
			if twin := get(twinCol); twin != "" {
				t.Twin, t.TwinPos = twin, at(twinCol)
			}
			r.Tables[label] = t
		case ChartBar, ChartGroupedBar, ChartStacked, ChartHBar, ChartPie, ChartLine:
			c := loadChart(f, name, sheet, errs)
			if c == nil {
				continue
			}
			c.Label, c.Kind, c.Caption, c.Source, c.Note, c.Printed, c.IndexPos = label, ChartKind(kind), get(3), get(4), get(6), get(noteCol), at(0)
			c.Example = strings.Contains(c.Note, "示例数据")
			checkChart(c, errs)
			r.Charts[label] = c
		default:
			errs.Add(at(1), "类型应为 表格、柱状图、分组柱状图、堆积柱状图、条形图、饼图 或 折线图，实际是 “%s”", kind)
		}
	}
}

func loadValues(f *excelize.File, name string, r *Report, errs *ErrorList) {
	rows, err := f.GetRows(ValuesSheet)
	if err != nil {
		errs.Add(Pos{File: name, Sheet: ValuesSheet}, "读不出数值工作表：%v", err)
		return
	}
	for i, row := range rows {
		if i == 0 || len(row) == 0 || strings.TrimSpace(row[0]) == "" {
			continue
		}
		key := strings.TrimSpace(row[0])
		pos := Pos{File: name, Sheet: ValuesSheet, Cell: fmt.Sprintf("B%d", i+1)}
		if len(row) < 2 || strings.TrimSpace(row[1]) == "" {
			errs.Add(pos, "名称 “%s” 没有数值", key)
			continue
		}
		if prev, dup := r.Values[key]; dup {
			errs.Add(pos, "名称 “%s” 重复（先前在 %s）", key, prev.Pos)
			continue
		}
		r.Values[key] = Value{Text: strings.TrimSpace(row[1]), Pos: pos}
	}
}

// sheetGrid reads a sheet as formatted text and raw values.
func sheetGrid(f *excelize.File, sheet string) (shown, raw [][]string, err error) {
	shown, err = f.GetRows(sheet)
	if err != nil {
		return nil, nil, err
	}
	raw, err = f.GetRows(sheet, excelize.Options{RawCellValue: true})
	return shown, raw, err
}

func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

func loadTable(f *excelize.File, name, sheet string, headerRows int, errs *ErrorList) *Table {
	shown, raw, err := sheetGrid(f, sheet)
	if err != nil {
		errs.Add(Pos{File: name, Sheet: sheet}, "读不出工作表：%v", err)
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
			cells[ci] = c
		}
		t.Rows = append(t.Rows, cells)
	}
	merges, err := f.GetMergeCells(sheet)
	if err != nil {
		errs.Add(Pos{File: name, Sheet: sheet}, "读不出合并单元格：%v", err)
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r1 > len(t.Rows) || c1 > cols {
			continue
		}
		r2, c2 = min(r2, len(t.Rows)), min(c2, cols)
		top := t.Rows[r1-1][c1-1]
		if (r1 <= headerRows) != (r2 <= headerRows) {
			errs.Add(top.Pos, "合并单元格 %s:%s 跨越了表头和数据行", m.GetStartAxis(), m.GetEndAxis())
		}
		top.RowSpan, top.ColSpan = r2-r1+1, c2-c1+1
		top.Text = strings.TrimSpace(m.GetCellValue())
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if r != r1 || c != c1 {
					t.Rows[r-1][c-1].Covered = true
				}
			}
		}
	}
	// A column is numeric when its body holds at least two numbers and more numbers than
	// texts; any other text in it (except a no-data mark) is an error.
	t.NumericCol = make([]bool, cols)
	for c := range cols {
		nums, texts := 0, 0
		for _, row := range t.Rows[headerRows:] {
			cell := row[c]
			switch {
			case cell.Covered || cell.Text == "" || noData[cell.Text]:
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
			if !cell.Covered && cell.Text != "" && !cell.Numeric && !noData[cell.Text] && cell.ColSpan == 1 {
				errs.Add(cell.Pos, "这一列是数字列，这里应为数字，实际是文字 “%s”（无数据请留空或填 “—”）", cell.Text)
			}
		}
	}
	return t
}

func loadChart(f *excelize.File, name, sheet string, errs *ErrorList) *Chart {
	shown, raw, err := sheetGrid(f, sheet)
	if err != nil {
		errs.Add(Pos{File: name, Sheet: sheet}, "读不出工作表：%v", err)
		return nil
	}
	c := &Chart{Pos: Pos{File: name, Sheet: sheet}}
	if len(shown) < 2 || len(shown[0]) < 2 {
		errs.Add(Pos{File: name, Sheet: sheet, Cell: "A1"}, "图表数据应从 A1 开始：第 1 行是系列名称（B1、C1…），以下每行是一个类别和它的数值")
		return nil
	}
	for ci := 1; ci < len(shown[0]); ci++ {
		c.Series = append(c.Series, Series{Name: strings.TrimSpace(shown[0][ci])})
	}
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
			if text != "" && !ok && !noData[text] {
				errs.Add(pos, "图表数据应为数字，实际是 “%s”", text)
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
	}
}

// cellValue returns the shown value of Sheet!Cell.
func (w *workbooks) cellValue(ref string) (Value, error) {
	sheet, cell, ok := strings.Cut(ref, "!")
	if !ok {
		return Value{}, fmt.Errorf("不是 “工作表!单元格” 形式")
	}
	s, ok := w.sheets[sheet]
	if !ok {
		return Value{}, fmt.Errorf("工作表 “%s” 不存在", sheet)
	}
	if _, _, err := excelize.CellNameToCoordinates(cell); err != nil {
		return Value{}, fmt.Errorf("单元格 “%s” 不合规", cell)
	}
	v, err := s.f.GetCellValue(sheet, cell)
	if err != nil {
		return Value{}, err
	}
	if strings.TrimSpace(v) == "" {
		return Value{}, fmt.Errorf("单元格 %s!%s 是空的", sheet, cell)
	}
	return Value{Text: strings.TrimSpace(v), Pos: Pos{File: s.name, Sheet: sheet, Cell: cell}}, nil
}
