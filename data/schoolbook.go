package data

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The school's numbers workbook (workbooks/学校数据.xlsx of a school draft): one row
// per figure the school reports, the indicator names filled in and the numbers left
// empty for a clerk. report.yaml names it as school_data; check validates each
// number at its cell.

// SchoolBookFile is where a draft keeps the school's numbers workbook.
const SchoolBookFile = "workbooks/学校数据.xlsx"

// SchoolBasicSheet is the sheet of the basic figures (招生数, 在校生数…).
const SchoolBasicSheet = "基本数据"

// schoolHelpSheet is the instructions sheet; it is not read.
const schoolHelpSheet = "说明"

var schoolBookHeader = []string{"指标", "单位", "数值", "填写要求"}

// Figure kinds, as written in the 填写要求 column.
const (
	KindWhole   = "整数"
	KindPercent = "0—100 的数（百分比）"
	KindNumber  = "数"
	KindSector  = "公办或民办"
	KindText    = "文字"
)

// SchoolFigure is one row of the school's numbers workbook.
type SchoolFigure struct {
	Sheet  string
	Name   string
	Unit   string
	Kind   string
	Text   string // as filled in; "" when empty
	Value  float64
	Filled bool
	Pos    Pos // the 数值 cell
}

// schoolRow is a row to write: a figure's name, unit and kind.
type schoolRow struct{ name, unit, kind string }

// basicSchoolRows are the figures every school reports.
func basicSchoolRows() []schoolRow {
	return []schoolRow{
		{"办学性质", "", KindSector},
		{"招生数", "人", KindWhole},
		{"在校生数", "人", KindWhole},
		{"毕业生数", "人", KindWhole},
		{"专任教师数", "人", KindWhole},
		{"在校生满意度", "%", KindPercent},
		{"毕业生满意度", "%", KindPercent},
		{"教师满意度", "%", KindPercent},
		{"家长满意度", "%", KindPercent},
		{"用人单位满意度", "%", KindPercent},
	}
}

// wholeUnits are units counted in whole numbers.
var wholeUnits = map[string]bool{"人": true, "个": true, "项": true, "所": true, "门": true, "本": true, "次": true, "家": true, "人次": true, "名": true, "种": true, "套": true, "部": true, "间": true, "台": true, "套件": true, "届": true, "期": true}

// kindOf says how a row of a city appendix table is filled in: by its unit, and as
// text when the city's row holds no number at all.
func kindOf(t *Table, ri int) string {
	numeric := false
	for ci, c := range t.Rows[ri] {
		if ci < len(t.NumericCol) && t.NumericCol[ci] && (c.Numeric || c.Text == "") {
			numeric = numeric || c.Numeric
		}
	}
	unit := ""
	if len(t.Rows[ri]) > 1 {
		unit = strings.TrimSpace(t.Rows[ri][1].Text)
	}
	switch {
	case unit == "%" || unit == "％":
		return KindPercent
	case !numeric && !wholeUnits[unit] && unit != "元" && unit != "万元":
		return KindText
	case wholeUnits[unit]:
		return KindWhole
	}
	return KindNumber
}

// appendixSchoolSheets returns the sheets for the city's appendix tables: a sheet per
// table named by its caption, a row per indicator (its first column, its unit from a
// 单位 column).
func (r *Report) appendixSchoolSheets() (names []string, rows [][]schoolRow) {
	if r.Appendix == nil {
		return nil, nil
	}
	used := map[string]bool{SchoolBasicSheet: true, schoolHelpSheet: true}
	for _, b := range r.Appendix.Blocks {
		t := r.Tables[b.Label]
		if b.Kind != BTable || t == nil || t.Cols < 2 {
			continue
		}
		name := sheetName(t.Caption)
		if name == "" || used[name] {
			name = fmt.Sprintf("附表%d", len(names)+1)
		}
		used[name] = true
		var rs []schoolRow
		hasUnit := t.HeaderRows > 0 && strings.TrimSpace(t.Rows[0][1].Text) == "单位"
		for ri := t.HeaderRows; ri < len(t.Rows); ri++ {
			ind, _ := cellText(t, ri, 0)
			if ind == "" {
				continue
			}
			unit := ""
			if hasUnit {
				unit, _ = cellText(t, ri, 1)
			}
			rs = append(rs, schoolRow{ind, unit, kindOf(t, ri)})
		}
		names = append(names, name)
		rows = append(rows, rs)
	}
	return names, rows
}

// sheetName makes an Excel sheet name of a caption: no []:*?/\, at most 31 characters.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\'`, r) {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	for utf8.RuneCountInString(s) > 31 {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
	}
	return s
}

// WriteSchoolBook writes the school's numbers workbook to path: an 说明 sheet, the
// 基本数据 sheet and a sheet per appendix table of the city report r, each a row per
// figure with the name, unit and 填写要求 filled in and locked, the 数值 cell empty,
// unlocked and validated (whole numbers, 0–100 for percentages, 公办/民办).
func (r *Report) WriteSchoolBook(path, school string) error {
	names, rows := r.appendixSchoolSheets()
	names = append([]string{SchoolBasicSheet}, names...)
	rows = append([][]schoolRow{basicSchoolRows()}, rows...)
	return writeFigureBook(path, school, r.Meta.Year, names, rows)
}

func writeFigureBook(path, school string, year int, names []string, rows [][]schoolRow) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", schoolHelpSheet); err != nil {
		return err
	}
	help := [][]any{
		{"学校", school, "年度", year},
		{"数据填报表：填写说明（上一行的学校和年度由 reportc 填写，请勿改动）"},
		{"1. 只在各工作表的 “数值” 列（C 列，白底）填写；指标、单位、填写要求已锁定，不要改动，也不要增删行或改工作表名。"},
		{"2. “填写要求” 为 “整数” 的填整数；“0—100 的数（百分比）” 填百分数的数字部分（95.5 表示 95.5%），不要带 % 号；“数” 可带小数；“公办或民办” 从下拉列表选。"},
		{"3. 暂无数据的留空，不要填 0 或 “—”；reportc check 会列出仍未填写的项。"},
		{"4. 填好后交回；市里用 reportc collect 汇总各校的表。"},
		{""},
		{"工作表", "指标数"},
	}
	for i, n := range names {
		help = append(help, []any{n, len(rows[i])})
	}
	if err := setRows(f, schoolHelpSheet, help); err != nil {
		return err
	}
	f.SetColWidth(schoolHelpSheet, "A", "A", 110)
	f.SetColWidth(schoolHelpSheet, "B", "B", 40)
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDDDDD"}, Pattern: 1}, Protection: &excelize.Protection{Locked: true}})
	label, _ := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Color: []string{"F2F2F2"}, Pattern: 1}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}, Protection: &excelize.Protection{Locked: true}})
	open, _ := f.NewStyle(&excelize.Style{Border: []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1}, {Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}, Protection: &excelize.Protection{Locked: false}})
	f.SetCellStyle(schoolHelpSheet, "A2", "A2", head)
	for i, name := range names {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		all := [][]any{toAny(schoolBookHeader)}
		for _, r := range rows[i] {
			all = append(all, []any{r.name, r.unit, nil, r.kind})
		}
		if err := setRows(f, name, all); err != nil {
			return err
		}
		n := len(rows[i]) + 1
		f.SetCellStyle(name, "A1", "D1", head)
		if n > 1 {
			f.SetCellStyle(name, "A2", fmt.Sprintf("B%d", n), label)
			f.SetCellStyle(name, "D2", fmt.Sprintf("D%d", n), label)
			f.SetCellStyle(name, "C2", fmt.Sprintf("C%d", n), open)
		}
		f.SetColWidth(name, "A", "A", 46)
		f.SetColWidth(name, "B", "B", 8)
		f.SetColWidth(name, "C", "C", 16)
		f.SetColWidth(name, "D", "D", 24)
		f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
		for ri, r := range rows[i] {
			if err := addValidation(f, name, fmt.Sprintf("C%d", ri+2), r); err != nil {
				return err
			}
		}
		if err := f.ProtectSheet(name, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true}); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.SaveAs(path)
}

func addValidation(f *excelize.File, sheet, cell string, r schoolRow) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cell
	var err error
	switch r.kind {
	case KindWhole:
		err = dv.SetRange(0, 2147483647, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleStop, "应填整数", "“"+r.name+"” 应填不小于 0 的整数。")
	case KindPercent:
		err = dv.SetRange(0, 100, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleStop, "应填 0—100", "“"+r.name+"” 是百分比：填 0 到 100 之间的数，不带 % 号。")
	case KindNumber:
		err = dv.SetRange(-1e15, 1e15, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleStop, "应填数字", "“"+r.name+"” 应填数字。")
	case KindSector:
		err = dv.SetDropList([]string{"公办", "民办"})
		dv.SetError(excelize.DataValidationErrorStyleStop, "请从列表选", "“"+r.name+"” 只能是 公办 或 民办。")
	default:
		return nil
	}
	if err != nil {
		return err
	}
	return f.AddDataValidation(sheet, dv)
}

// loadSchoolBook reads a school's numbers workbook: every sheet but 说明, each with the
// header 指标｜单位｜数值｜填写要求; each filled 数值 is checked against its 填写要求
// (an error at its cell), the empty ones counted in one warning. The 基本数据 figures
// become named values for [=招生数] unless the 数值 sheet already names them.
func (r *Report) loadSchoolBook(dir, name string, named Pos, errs *ErrorList) {
	b, err := readInside(dir, name, MaxWorkbookBytes)
	if err != nil {
		errs.Add(named, "学校数据工作簿 “%s” %s", name, refusal(err))
		return
	}
	if msg := zipProblem(b); msg != "" {
		errs.Add(Pos{File: name}, "打不开 Excel 工作簿：%s", msg)
		return
	}
	f, err := excelize.OpenReader(strings.NewReader(string(b)), excelize.Options{UnzipSizeLimit: MaxUnzipBytes, UnzipXMLSizeLimit: MaxUnzipBytes})
	if err != nil {
		errs.Add(Pos{File: name}, "打不开 Excel 工作簿：%v", err)
		return
	}
	defer f.Close()
	figs, empty := readFigureBook(f, name, errs)
	r.SchoolData = figs
	if len(empty) > 0 {
		r.Warnings.Add(empty[0], "学校数据还有 %d 项未填写（第一项在此）", len(empty))
	}
	if r.Values == nil {
		r.Values = map[string]Value{}
	}
	for _, fg := range figs {
		if fg.Sheet == SchoolBasicSheet && fg.Filled {
			if _, dup := r.Values[fg.Name]; !dup {
				r.Values[fg.Name] = Value{Text: fg.Text, Pos: fg.Pos}
			}
		}
	}
}

// readFigureBook reads and checks the figure sheets of a school's numbers workbook;
// it returns the figures and the places of the empty 数值 cells.
func readFigureBook(f *excelize.File, name string, errs *ErrorList) (figs []SchoolFigure, empty []Pos) {
	for _, sheet := range f.GetSheetList() {
		if sheet == schoolHelpSheet {
			continue
		}
		rows, err := readGrid(f, name, sheet, false)
		if err != nil {
			addErr(errs, Pos{File: name, Sheet: sheet}, "读不出工作表：", err)
			continue
		}
		if len(rows) == 0 {
			continue
		}
		bad := false
		for i, h := range schoolBookHeader {
			got := ""
			if i < len(rows[0]) {
				got = strings.TrimSpace(rows[0][i])
			}
			if got != h {
				cell, _ := excelize.CoordinatesToCellName(i+1, 1)
				errs.Add(Pos{File: name, Sheet: sheet, Cell: cell}, "表头应为 “%s”，实际是 “%s”（学校数据表的列：%s）", h, got, strings.Join(schoolBookHeader, "｜"))
				bad = true
				break
			}
		}
		if bad {
			continue
		}
		for ri, row := range rows[1:] {
			get := func(c int) string {
				if c < len(row) {
					return strings.TrimSpace(row[c])
				}
				return ""
			}
			fg := SchoolFigure{Sheet: sheet, Name: get(0), Unit: get(1), Text: get(2), Kind: get(3),
				Pos: Pos{File: name, Sheet: sheet, Cell: fmt.Sprintf("C%d", ri+2)}}
			if fg.Name == "" {
				if fg.Text != "" {
					errs.Add(fg.Pos, "数值 “%s” 没有指标名（A 列）", fg.Text)
				}
				continue
			}
			if fg.Text == "" {
				empty = append(empty, fg.Pos)
				figs = append(figs, fg)
				continue
			}
			fg.Filled = true
			switch fg.Kind {
			case KindWhole, KindPercent, KindNumber:
				v, err := strconv.ParseFloat(strings.ReplaceAll(fg.Text, ",", ""), 64)
				switch {
				case err != nil || math.IsInf(v, 0) || math.IsNaN(v):
					errs.Add(fg.Pos, "“%s” 应填%s，实际是 “%s”", fg.Name, fg.Kind, fg.Text)
				case fg.Kind == KindWhole && (v != math.Trunc(v) || v < 0):
					errs.Add(fg.Pos, "“%s” 应填不小于 0 的整数，实际是 %s", fg.Name, fg.Text)
				case fg.Kind == KindPercent && (v < 0 || v > 100):
					errs.Add(fg.Pos, "“%s” 是百分比，应在 0 到 100 之间，实际是 %s", fg.Name, fg.Text)
				}
				fg.Value = v
			case KindSector:
				if fg.Text != "公办" && fg.Text != "民办" {
					errs.Add(fg.Pos, "“%s” 应为 公办 或 民办，实际是 “%s”", fg.Name, fg.Text)
				}
			case KindText:
			default:
				errs.Add(Pos{File: name, Sheet: sheet, Cell: fmt.Sprintf("D%d", ri+2)}, "不认识的填写要求 “%s”：应为 %s", fg.Kind, strings.Join([]string{KindWhole, KindPercent, KindNumber, KindSector, KindText}, "、"))
			}
			figs = append(figs, fg)
		}
	}
	return figs, empty
}

// fillAppendixFromSchoolData puts the school's filled figures into the empty cells of
// its appendix tables: the sheet of each table in the numbers workbook is the one
// named for it (appendixSchoolSheets), the row is the indicator, the column is the
// report year's (2024年). A cell the appendix workbook already fills is left as it is.
// So a school fills each figure once, in 学校数据.xlsx, and its 附表 print them.
func (r *Report) fillAppendixFromSchoolData() {
	if len(r.SchoolData) == 0 || r.Appendix == nil {
		return
	}
	names, _ := r.appendixSchoolSheets()
	year := strconv.Itoa(r.Meta.Year) + "年"
	k := 0
	for _, b := range r.Appendix.Blocks {
		t := r.Tables[b.Label]
		if b.Kind != BTable || t == nil || t.Cols < 2 {
			continue
		}
		sheet := names[k]
		k++
		col := -1
		if t.HeaderRows > 0 {
			for ci, h := range t.Rows[0] {
				if strings.TrimSpace(h.Text) == year {
					col = ci
				}
			}
		}
		if col < 0 {
			continue
		}
		for ri := t.HeaderRows; ri < len(t.Rows); ri++ {
			ind, _ := cellText(t, ri, 0)
			c := t.Rows[ri][col]
			if ind == "" || c.Covered || c.Text != "" {
				continue
			}
			for _, fg := range r.SchoolData {
				if fg.Sheet == sheet && fg.Name == ind && fg.Filled {
					c.Text = fg.Text
					if fg.Kind != KindText && fg.Kind != KindSector {
						c.Numeric, c.Value = true, fg.Value
						if col < len(t.NumericCol) {
							t.NumericCol[col] = true
						}
					}
					break
				}
			}
		}
	}
}
