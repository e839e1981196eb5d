package data

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The school's numbers workbook: written from the example city report, filled in by
// the test like a clerk would, it loads without errors; a text in a number cell and a
// percentage over 100 are errors at their cells.
func TestSchoolBookFillAndCheck(t *testing.T) {
	city, err := Load("2024")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := NewTemplate(dir, "某校中等职业教育质量年度报告", "某校", 2024); err != nil {
		t.Fatal(err)
	}
	yml := filepath.Join(dir, "report.yaml")
	y, _ := os.ReadFile(yml)
	os.WriteFile(yml, append(y, []byte("\nschool_data: "+SchoolBookFile+"\n")...), 0o644)
	book := filepath.Join(dir, filepath.FromSlash(SchoolBookFile))
	if err := city.WriteSchoolBook(book, "醴陵市陶瓷烟花职业技术学校"); err != nil {
		t.Fatal(err)
	}

	// As written: labels filled, numbers empty, a clerk-proof sheet.
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	if len(sheets) != 8 || sheets[0] != "说明" || sheets[1] != SchoolBasicSheet {
		t.Fatalf("sheets %v: want 说明, 基本数据 and the six 附表", sheets)
	}
	for _, want := range []string{"招生数", "在校生数", "毕业生数", "专任教师数", "在校生满意度", "办学性质"} {
		found := false
		rows, _ := f.GetRows(SchoolBasicSheet)
		for _, r := range rows {
			if r[0] == want && (len(r) < 3 || r[2] == "") {
				found = true
			}
		}
		if !found {
			t.Errorf("基本数据 lacks an empty row %s", want)
		}
	}
	dvs, _ := f.GetDataValidations(SchoolBasicSheet)
	kinds := map[string]string{}
	for _, dv := range dvs {
		kinds[dv.Sqref] = dv.Type
	}
	if kinds["C2"] != "list" || kinds["C3"] != "whole" || kinds["C7"] != "decimal" {
		t.Errorf("validations %v: want C2 list (办学性质), C3 whole (招生数), C7 decimal (满意度)", kinds)
	}
	if p, _ := f.GetPanes(SchoolBasicSheet); !p.Freeze || p.YSplit != 1 {
		t.Errorf("header not frozen: %+v", p)
	}
	for cell, locked := range map[string]bool{"A3": true, "D3": true, "C3": false} {
		id, _ := f.GetCellStyle(SchoolBasicSheet, cell)
		st, _ := f.GetStyle(id)
		if st.Protection == nil || st.Protection.Locked != locked {
			t.Errorf("%s locked = %v, want %v", cell, st.Protection, locked)
		}
	}
	if w, _ := f.GetColWidth(SchoolBasicSheet, "A"); w < 30 {
		t.Errorf("column A is %g wide", w)
	}

	// Filled in by the test.
	filled := 0
	for _, s := range sheets[1:] {
		rows, _ := f.GetRows(s)
		for i, r := range rows[1:] {
			cell := "C" + strconv.Itoa(i+2)
			switch r[3] {
			case KindWhole:
				f.SetCellInt(s, cell, 120)
			case KindPercent:
				f.SetCellFloat(s, cell, 95.5, 1, 64)
			case KindNumber:
				f.SetCellFloat(s, cell, 13.79, 2, 64)
			case KindSector:
				f.SetCellStr(s, cell, "公办")
			default:
				f.SetCellStr(s, cell, "有")
			}
			filled++
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r, err := Load(dir)
	if err != nil {
		t.Fatalf("the filled workbook does not check:\n%v", err)
	}
	if len(r.SchoolData) != filled || r.Values["招生数"].Text != "120" {
		t.Errorf("%d figures (want %d), 招生数 %q", len(r.SchoolData), filled, r.Values["招生数"].Text)
	}
	for _, w := range r.Warnings {
		if strings.Contains(w.Msg, "未填写") {
			t.Errorf("filled workbook still warns: %v", w)
		}
	}
	if !slices.Contains(r.Inputs(), filepath.Join(dir, filepath.FromSlash(SchoolBookFile))) {
		t.Errorf("Inputs() lacks the school workbook: %v", r.Inputs())
	}

	// A text in a number cell, a percentage over 100, a wrong 办学性质.
	f, _ = excelize.OpenFile(book)
	f.SetCellStr(SchoolBasicSheet, "C3", "约120")
	f.SetCellFloat(SchoolBasicSheet, "C7", 120, 0, 64)
	f.SetCellStr(SchoolBasicSheet, "C2", "公立")
	f.Save()
	f.Close()
	_, err = Load(dir)
	got := ""
	if err != nil {
		got = err.Error()
	}
	for _, want := range []string{
		"workbooks/学校数据.xlsx 基本数据!C3: “招生数” 应填整数，实际是 “约120”",
		"workbooks/学校数据.xlsx 基本数据!C7: “在校生满意度” 是百分比，应在 0 到 100 之间，实际是 120",
		"workbooks/学校数据.xlsx 基本数据!C2: “办学性质” 应为 公办 或 民办，实际是 “公立”",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// reportc new writes the same kind of clerk-proof workbook for a city report: an
// instructions sheet, frozen headers, validated number columns, a protected header;
// a text typed in a number cell anyway is an error at its cell.
func TestNewTemplateClerkProof(t *testing.T) {
	dir := t.TempDir()
	if err := NewTemplate(dir, "某市中等职业教育年度质量报告", "某市教育局", 2025); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "workbooks", "数据.xlsx")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if idx, _ := f.GetSheetIndex(schoolHelpSheet); idx < 0 {
		t.Error("no 说明 sheet")
	}
	for _, s := range []string{IndexSheet, "学校一览", "学生规模", ValuesSheet} {
		if p, _ := f.GetPanes(s); !p.Freeze {
			t.Errorf("%s: header not frozen", s)
		}
	}
	dvs, _ := f.GetDataValidations("学校一览")
	types := map[string]string{}
	for _, dv := range dvs {
		types[dv.Sqref] = dv.Type
	}
	if types["C2:C500"] != "list" || types["D2:D500"] != "whole" || types["E2:E500"] != "decimal" {
		t.Errorf("学校一览 validations: %v", types)
	}
	id, _ := f.GetCellStyle("学生规模", "B2")
	if st, _ := f.GetStyle(id); st.Protection == nil || st.Protection.Locked {
		t.Error("a value cell is locked")
	}
	f.SetCellStr("学生规模", "B2", "一千")
	f.Save()
	f.Close()
	_, err = Load(dir)
	if err == nil || !strings.Contains(err.Error(), "workbooks/数据.xlsx 学生规模!B2") {
		t.Errorf("text in a number cell: want an error at 学生规模!B2, got %v", err)
	}
}

// A figure filled once in the draft's 学校数据.xlsx prints in the draft's 附表, in the
// report year's column.
func TestSchoolDataFillsAppendix(t *testing.T) {
	city, err := Load("2024")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "d")
	if _, err := SchoolDraft(city, "炎陵县职业技术学校", dir); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(dir, filepath.FromSlash(SchoolBookFile))
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetList()[2] // the first 附表's sheet
	ind, _ := f.GetCellValue(sheet, "A2")
	f.SetCellInt(sheet, "C2", 500)
	f.Save()
	f.Close()
	r, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var tb *Table
	for _, b := range r.Appendix.Blocks {
		if b.Kind == BTable {
			tb = r.Tables[b.Label]
			break
		}
	}
	col := -1
	for ci, h := range tb.Rows[0] {
		if h.Text == "2024年" {
			col = ci
		}
	}
	if col < 0 || tb.Rows[1][0].Text != ind || tb.Rows[1][col].Text != "500" || !tb.Rows[1][col].Numeric {
		t.Errorf("附表 %s row 1 (%s) = %+v, want 500 in 2024年", tb.Label, ind, tb.Rows[1])
	}
	if tb.Rows[2][col].Text != "" {
		t.Errorf("an unfilled figure printed %q", tb.Rows[2][col].Text)
	}
}

// A school's draft is set like the city's report: the city's typographic settings carry
// over to the draft's report.yaml and load back the same; its own draft, running header
// and fonts stay the draft's.
func TestDraftKeepsCityTypesetting(t *testing.T) {
	city, err := Load("2024")
	if err != nil {
		t.Fatal(err)
	}
	st := &city.Meta.Settings
	st.Numbering, st.BodySize, st.PageNumbers, st.OddChapters = "official", 11, "outer-dash", true
	st.HanLatin, st.NumberSpace, st.TightUnits, st.FrontHeader = 0, 0.5, "%", "none"
	st.DocxFonts.Song, st.DocxFonts.Body = "方正书宋_GBK", "fangsong"
	st.Page = Page{Width: 185, Height: 260, Top: 30, Bottom: 28, Inner: 25, Outer: 22}
	dir := filepath.Join(t.TempDir(), "d")
	if _, err := SchoolDraft(city, "炎陵县职业技术学校", dir); err != nil {
		t.Fatal(err)
	}
	d, err := Load(dir)
	if err != nil {
		t.Fatalf("draft does not load: %v", err)
	}
	got := d.Meta.Settings
	if got.Numbering != st.Numbering || got.BodySize != st.BodySize || got.PageNumbers != st.PageNumbers || got.OddChapters != st.OddChapters ||
		got.HanLatin != st.HanLatin || got.NumberSpace != st.NumberSpace || got.TightUnits != st.TightUnits || got.FrontHeader != st.FrontHeader ||
		got.DocxFonts != st.DocxFonts || got.Page != st.Page {
		t.Errorf("draft settings %+v\nwant the city's %+v", got, *st)
	}
	if !got.Draft || got.Header != "report" {
		t.Errorf("draft's own settings: draft %v, running_header %q", got.Draft, got.Header)
	}
}
