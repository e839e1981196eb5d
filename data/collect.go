package data

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Collecting the schools' numbers workbooks into one city workbook (reportc collect),
// and checking the city report against it (collected: in report.yaml).

// collectIndexSheet is the city workbook's index: a row per indicator sheet.
const collectIndexSheet = "索引"

var collectIndexHeader = []string{"工作表", "指标", "单位", "来源表", "汇总", "全市"}

// Aggregations of a collected indicator.
const (
	AggSum  = "合计"
	AggMean = "平均"
	AggNone = "不汇总"
)

// CollectedSchool is one school's filled numbers workbook.
type CollectedSchool struct {
	School  string
	File    string
	Figures []SchoolFigure
}

// ReadSchoolBook reads a filled school numbers workbook: the school's name from its 说明
// sheet and every figure, checked like check does. A bad cell is an error at its place.
func ReadSchoolBook(path string) (CollectedSchool, error) {
	cs := CollectedSchool{File: path}
	b, err := os.ReadFile(path)
	if err != nil {
		return cs, fmt.Errorf("学校数据工作簿 %s 读不到：%v", path, unwrapPath(err))
	}
	if msg := zipProblem(b); msg != "" {
		return cs, fmt.Errorf("%s：打不开 Excel 工作簿：%s", path, msg)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: MaxUnzipBytes, UnzipXMLSizeLimit: MaxUnzipBytes})
	if err != nil {
		return cs, fmt.Errorf("%s：打不开 Excel 工作簿：%v", path, err)
	}
	defer f.Close()
	if k, _ := f.GetCellValue(schoolHelpSheet, "A1"); k != "学校" {
		return cs, fmt.Errorf("%s %s!A1：不是 reportc draft 写的学校数据表（说明工作表第一行应为 “学校｜学校全称”）", path, schoolHelpSheet)
	}
	cs.School, _ = f.GetCellValue(schoolHelpSheet, "B1")
	cs.School = strings.TrimSpace(cs.School)
	if cs.School == "" {
		return cs, fmt.Errorf("%s %s!B1：学校名称是空的", path, schoolHelpSheet)
	}
	var errs ErrorList
	cs.Figures, _ = readFigureBook(f, path, &errs)
	return cs, errs.Err()
}

// aggregation is how the city figure of an indicator comes from the schools': a sum of
// counts and amounts, an average of percentages and ratios, none for text.
func aggregation(kind, unit string) string {
	switch {
	case kind == KindText || kind == KindSector:
		return AggNone
	case kind == KindPercent || unit == ":" || unit == "：" || unit == "‰" || strings.Contains(unit, "/"):
		return AggMean
	}
	return AggSum
}

// WriteCollected writes the city workbook of the schools' figures to path: an 索引
// sheet, then one sheet per indicator with a row per school (学校｜数值) and the city
// row (全市合计 or 全市平均) last. The file is written to a temporary file beside path
// and renamed, so a failure leaves any previous file as it was. path may not be one of
// the schools' workbooks.
func WriteCollected(path string, schools []CollectedSchool) error {
	if len(schools) == 0 {
		return fmt.Errorf("没有学校数据可汇总")
	}
	for _, s := range schools {
		if sameFile(path, s.File) {
			return fmt.Errorf("输出 %s 是输入的学校数据工作簿，不能覆盖", path)
		}
	}
	type key struct{ sheet, name string }
	var order []key
	meta := map[key]SchoolFigure{}
	for _, s := range schools {
		for _, fg := range s.Figures {
			k := key{fg.Sheet, fg.Name}
			if _, ok := meta[k]; !ok {
				meta[k] = fg
				order = append(order, k)
			}
		}
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", collectIndexSheet)
	index := [][]any{toAny(collectIndexHeader)}
	used := map[string]bool{collectIndexSheet: true}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	for _, k := range order {
		m := meta[k]
		name := sheetName(m.Name)
		if name == "" || used[name] {
			name = sheetName(fmt.Sprintf("%d %s", len(index), m.Name))
		}
		used[name] = true
		f.NewSheet(name)
		rows := [][]any{{"学校", "数值"}}
		sum, n := 0.0, 0
		for _, s := range schools {
			var v any
			for _, fg := range s.Figures {
				if fg.Sheet == k.sheet && fg.Name == k.name && fg.Filled {
					if fg.Kind == KindText || fg.Kind == KindSector {
						v = fg.Text
					} else {
						v = fg.Value
						sum += fg.Value
						n++
					}
				}
			}
			rows = append(rows, []any{s.School, v})
		}
		agg := aggregation(m.Kind, m.Unit)
		var city any
		switch {
		case agg == AggSum && n > 0:
			city = roundTo(sum, 6)
		case agg == AggMean && n > 0:
			city = roundTo(sum/float64(n), 2)
		}
		if agg != AggNone {
			rows = append(rows, []any{"全市" + agg, city})
		}
		if err := setRows(f, name, rows); err != nil {
			return err
		}
		f.SetCellStyle(name, "A1", "B1", bold)
		f.SetColWidth(name, "A", "A", 50)
		f.SetColWidth(name, "B", "B", 16)
		f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
		index = append(index, []any{name, m.Name, m.Unit, m.Sheet, agg, city})
	}
	if err := setRows(f, collectIndexSheet, index); err != nil {
		return err
	}
	f.SetCellStyle(collectIndexSheet, "A1", "F1", bold)
	f.SetColWidth(collectIndexSheet, "A", "B", 40)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return writeAtomic(path, buf.Bytes())
}

// sameFile reports whether two paths name the same file (links resolved).
func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	if err1 == nil && err2 == nil {
		return os.SameFile(sa, sb)
	}
	pa, _ := filepath.Abs(a)
	pb, _ := filepath.Abs(b)
	return pa == pb
}

// writeAtomic writes b to a temporary file beside path and renames it into place.
func writeAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".reportc-*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(name)
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

// checkCollected compares the city report with the collected school figures (the
// workbook report.yaml names as collected:): each city figure named like a summed
// indicator — a named value of the 数值 sheet, or a table row of that name in the
// report year's column (2024年) — must equal the schools' sum; each school of the school
// list must have reported. Disagreements and missing schools are warnings at the city
// figure and at the collected workbook. Averages are not compared: a city rate is not
// the plain mean of the schools'.
func (r *Report) checkCollected(dir, name string, named Pos, errs *ErrorList) {
	b, err := readInside(dir, name, MaxWorkbookBytes)
	if err != nil {
		errs.Add(named, "汇总的学校数据 “%s” %s", name, refusal(err))
		return
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: MaxUnzipBytes, UnzipXMLSizeLimit: MaxUnzipBytes})
	if err != nil {
		errs.Add(Pos{File: name}, "打不开 Excel 工作簿：%v", err)
		return
	}
	defer f.Close()
	index, err := f.GetRows(collectIndexSheet)
	if err != nil || len(index) == 0 || strings.Join(index[0], "｜") != strings.Join(collectIndexHeader, "｜") {
		errs.Add(Pos{File: name, Sheet: collectIndexSheet, Cell: "A1"}, "不是 reportc collect 写的汇总表：缺少 “%s” 工作表或表头（%s）", collectIndexSheet, strings.Join(collectIndexHeader, "｜"))
		return
	}
	reported := map[string]bool{}
	year := strconv.Itoa(r.Meta.Year) + "年"
	for i, row := range index[1:] {
		if len(row) < 5 {
			continue
		}
		sheet, ind, agg := row[0], row[1], row[4]
		rows, _ := f.GetRows(sheet)
		for _, sr := range rows[1:] {
			if len(sr) > 0 && !strings.HasPrefix(sr[0], "全市") && len(sr) > 1 && strings.TrimSpace(sr[1]) != "" {
				reported[strings.TrimSpace(sr[0])] = true
			}
		}
		if agg != AggSum || len(row) < 6 || strings.TrimSpace(row[5]) == "" {
			continue
		}
		total, err := strconv.ParseFloat(strings.TrimSpace(row[5]), 64)
		if err != nil {
			continue
		}
		totalPos := Pos{File: name, Sheet: sheet, Cell: fmt.Sprintf("B%d", len(rows))}
		_ = i
		compare := func(pos Pos, text string, what string) {
			v, dec, ok := parseFigure(text)
			if !ok {
				return
			}
			if math.Abs(roundTo(total, dec)-roundTo(v, dec)) > 1e-9 {
				r.Warnings.Add(pos, "%s 是 %s，而各校报送之和是 %s（%s）", what, text, formatNumber(total, dec), totalPos)
			}
		}
		if v, ok := r.Values[ind]; ok {
			compare(v.Pos, v.Text, "数值 “"+ind+"”")
		}
		for _, sheetName := range sortedKeys(r.grids) {
			g := r.grids[sheetName]
			if g == nil || g.label == "" {
				continue
			}
			c, err := g.lookup(year, ind)
			if err != nil || !c.numeric || isPartRow(r.Tables[g.label], c.row, ind) {
				continue
			}
			compare(c.pos, c.text, "“"+sheetName+"” 的 "+year+"“"+ind+"”")
		}
	}
	for _, s := range r.SchoolList() {
		if !reported[s] {
			r.Warnings.Add(Pos{File: name}, "学校 “%s” 没有报送学校数据（汇总表里没有它的数字）", s)
		}
	}
}

// parseFigure reads a printed figure (12,345 or 95.50 or 95.5%) with its decimals.
func parseFigure(s string) (v float64, dec int, ok bool) {
	t := strings.TrimSuffix(strings.TrimSuffix(strings.ReplaceAll(strings.TrimSpace(s), ",", ""), "%"), "％")
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, 0, false
	}
	if i := strings.IndexByte(t, '.'); i >= 0 {
		dec = len(t) - i - 1
	}
	return v, dec, true
}

// isPartRow reports whether row ri of table t's body is a part (“其中：…”) of the row
// above: its figure is not the whole indicator.
func isPartRow(t *Table, ri int, ind string) bool {
	if t == nil || t.HeaderRows+ri >= len(t.Rows) {
		return false
	}
	row := t.Rows[t.HeaderRows+ri]
	for _, c := range row {
		if strings.Contains(c.Text, ind) {
			return strings.HasPrefix(strings.TrimSpace(c.Text), "其中")
		}
	}
	return false
}
