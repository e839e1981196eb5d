package data

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestLoadExample(t *testing.T) {
	r, err := Load("2024")
	if err != nil {
		t.Fatal(err)
	}
	if r.Meta.Issuer != "株洲市教育局" || r.Meta.Published.Format("2006-01-02") != "2025-02-19" {
		t.Errorf("meta = %+v", r.Meta)
	}
	if len(r.Chapters) != 8 || r.Appendix == nil {
		t.Fatalf("chapters = %d, appendix = %v", len(r.Chapters), r.Appendix)
	}
	if len(r.Tables) != 22 {
		t.Errorf("tables = %d, want 16 body + 6 appendix", len(r.Tables))
	}
	if len(r.Charts) != 8 {
		t.Errorf("charts = %d, want 8", len(r.Charts))
	}
	sat := r.Tables["tab-satisfaction"]
	if sat == nil {
		t.Fatal("tab-satisfaction missing")
	}
	// Merged cells: 在校生满意度 spans six rows in column A; 指标 spans A1:B1.
	if c := sat.Rows[0][0]; c.ColSpan != 2 || c.Text != "指标" {
		t.Errorf("A1 = %+v", c)
	}
	if c := sat.Rows[1][0]; c.RowSpan != 6 || !strings.Contains(c.Text, "在校生") {
		t.Errorf("A2 = %+v", c)
	}
	if !sat.Rows[2][0].Covered {
		t.Error("A3 should be covered by the A2 merge")
	}
	// Number formats carry over: 92.10 keeps its two decimals.
	if c := sat.Rows[1][2]; c.Text != "92.10" || !c.Numeric || c.Value != 92.1 {
		t.Errorf("C2 = %+v", c)
	}
	if !sat.NumericCol[2] || sat.NumericCol[1] {
		t.Errorf("numeric columns = %v", sat.NumericCol)
	}
	if v := r.Values["普测合格率"]; v.Text != "95.22" {
		t.Errorf("普测合格率 = %+v", v)
	}
	c := r.Charts["fig-scale"]
	if c.Kind != ChartGroupedBar || len(c.Categories) != 3 || len(c.Series) != 2 {
		t.Errorf("fig-scale = %+v", c)
	}
	if !r.Charts["fig-contest-awards"].Example {
		t.Error("fig-contest-awards should be marked 示例数据")
	}
}

func TestLoadReportsAllErrors(t *testing.T) {
	_, err := Load("testdata/bad")
	if err == nil {
		t.Fatal("want errors")
	}
	list := err.(ErrorList)
	want := []string{
		"report.yaml:9: settings.numbering",
		"chapters/a.md:3: 引用了不存在的标签 “nope”",
		"chapters/a.md:5: 数值引用 “[=缺少]”",
		"chapters/a.md:7: 表格标签 “tab-x” 在工作簿",
	}
	got := err.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("errors lack %q:\n%s", w, got)
		}
	}
	if len(list) < len(want) {
		t.Errorf("got %d errors", len(list))
	}
}

func TestCheckGrowth(t *testing.T) {
	cell := func(s string, v float64, num bool, ref string) *Cell {
		return &Cell{Text: s, Value: v, Numeric: num, RowSpan: 1, ColSpan: 1, Pos: Pos{File: "w.xlsx", Sheet: "s", Cell: ref}}
	}
	tab := &Table{HeaderRows: 1, Rows: [][]*Cell{
		{cell("指标", 0, false, "A1"), cell("2023年", 0, false, "B1"), cell("2024年", 0, false, "C1"), cell("增幅", 0, false, "D1")},
		{cell("甲", 0, false, "A2"), cell("90.00", 90, true, "B2"), cell("92.50", 92.5, true, "C2"), cell("2.50", 2.5, true, "D2")},
		{cell("乙", 0, false, "A3"), cell("90.00", 90, true, "B3"), cell("89.00", 89, true, "C3"), cell("1.00", 1, true, "D3")},
	}}
	var warn ErrorList
	checkGrowth(tab, &warn)
	if len(warn) != 1 || warn[0].Pos.Cell != "D3" || !strings.Contains(warn[0].Msg, "-1.00") {
		t.Fatalf("warnings = %v, want one at D3", warn)
	}
}

func TestNewTemplateLoads(t *testing.T) {
	dir := t.TempDir()
	if err := NewTemplate(dir, "某市中等职业教育年度质量报告", "某市教育局", 2025); err != nil {
		t.Fatal(err)
	}
	r, err := Load(dir)
	if err != nil {
		t.Fatalf("the template does not load cleanly:\n%v", err)
	}
	if r.Meta.Year != 2025 || len(r.Tables) != 1 || len(r.Charts) != 1 || r.Values["学校数"].Text != "2" {
		t.Errorf("template content: year %d, %d tables, %d charts, values %v", r.Meta.Year, len(r.Tables), len(r.Charts), r.Values)
	}
	if !r.Charts["fig-example"].Example {
		t.Error("template chart not marked 示例数据")
	}
	if c := r.Tables["tab-example"].Rows[1][4]; c.Text != "95.50" {
		t.Errorf("number format not kept: %q", c.Text)
	}
	if err := NewTemplate(dir, "x", "y", 2025); err == nil {
		t.Error("NewTemplate overwrote an existing report")
	}
}

func TestCheckTwin(t *testing.T) {
	cell := func(s string, v float64, num bool, ref string) *Cell {
		return &Cell{Text: s, Value: v, Numeric: num, RowSpan: 1, ColSpan: 1, Pos: Pos{File: "w.xlsx", Sheet: "s", Cell: ref}}
	}
	a := &Table{HeaderRows: 1, Twin: "b", Rows: [][]*Cell{
		{cell("指标", 0, false, "A1"), cell("2024年", 0, false, "B1")},
		{cell("甲", 0, false, "A2"), cell("90", 90, true, "B2")},
		{cell("乙", 0, false, "A3"), cell("80", 80, true, "B3")},
	}}
	b := &Table{HeaderRows: 1, Rows: [][]*Cell{
		{cell("指标", 0, false, "A1"), cell("单位", 0, false, "B1"), cell("2024年", 0, false, "C1")},
		{cell("甲", 0, false, "A2"), cell("%", 0, false, "B2"), cell("90", 90, true, "C2")},
		{cell("乙", 0, false, "A3"), cell("%", 0, false, "B3"), cell("85", 85, true, "C3")},
	}}
	var errs, warn ErrorList
	checkTwin(a, map[string]*Table{"a": a, "b": b}, &errs, &warn)
	if len(errs) != 0 || len(warn) != 1 || warn[0].Pos.Cell != "B3" || !strings.Contains(warn[0].Msg, "C3 的 85") {
		t.Fatalf("errs %v, warnings %v; want one warning at B3", errs, warn)
	}
	a.Twin = "nope"
	checkTwin(a, map[string]*Table{"a": a}, &errs, &warn)
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "nope") {
		t.Errorf("unknown twin: %v", errs)
	}
}

func TestImageProblem(t *testing.T) {
	var png8, png16 bytes.Buffer
	png.Encode(&png8, image.NewRGBA(image.Rect(0, 0, 4, 4)))
	png.Encode(&png16, image.NewRGBA64(image.Rect(0, 0, 4, 4)))
	interlaced := append([]byte(nil), png8.Bytes()...)
	interlaced[28] = 1
	for name, c := range map[string]struct {
		b    []byte
		want string
	}{
		"8-bit png":  {png8.Bytes(), ""},
		"16-bit png": {png16.Bytes(), "16 位"},
		"interlaced": {interlaced, "隔行扫描"},
		"not image":  {[]byte("GIF89a junk"), "不是可读"},
	} {
		got := imageProblem(c.b)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: imageProblem = %q, want %q", name, got, c.want)
		}
	}
}

// settings.docx_fonts and print_case_school load with their defaults, take values, and
// an impossible value is an error naming the key.
func TestLoadDocxSettings(t *testing.T) {
	dir := t.TempDir()
	if err := NewTemplate(dir, "某校中等职业教育质量年度报告", "某某学校", 2025); err != nil {
		t.Fatal(err)
	}
	r, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Meta.Settings.DocxFonts; got != (DocxFonts{Song: "宋体", Hei: "黑体", Fangsong: "仿宋", Latin: "Times New Roman", Body: "song"}) || r.Meta.Settings.PrintCaseSchool {
		t.Errorf("defaults %+v, print_case_school %v", got, r.Meta.Settings.PrintCaseSchool)
	}
	yamlPath := filepath.Join(dir, "report.yaml")
	orig, err := os.ReadFile(yamlPath)
	if err != nil {
		t.Fatal(err)
	}
	set := func(extra string) (*Report, error) {
		s := strings.Replace(string(orig), "settings:\n", "settings:\n"+extra, 1)
		if s == string(orig) {
			t.Fatal("template has no settings block")
		}
		if err := os.WriteFile(yamlPath, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return Load(dir)
	}
	r, err = set("  print_case_school: true\n  docx_fonts: {song: 方正书宋_GBK, body: fangsong, fangsong: 仿宋_GB2312}\n")
	if err != nil {
		t.Fatal(err)
	}
	if f := r.Meta.Settings.DocxFonts; f.Song != "方正书宋_GBK" || f.Body != "fangsong" || f.Fangsong != "仿宋_GB2312" || f.Hei != "黑体" || !r.Meta.Settings.PrintCaseSchool {
		t.Errorf("settings %+v", r.Meta.Settings)
	}
	_, err = set("  docx_fonts: {body: kaiti}\n")
	if err == nil || !strings.Contains(err.Error(), "settings.docx_fonts.body") {
		t.Errorf("bad body face: %v", err)
	}
}

// TestPublishedAgainstYear: a publication date before the report's year, or a decade
// after it, is refused at the published line; the template's own date loads.
func TestPublishedAgainstYear(t *testing.T) {
	dir := t.TempDir()
	if err := NewTemplate(dir, "某市中等职业教育质量年度报告", "某市教育局", 2025); err != nil {
		t.Fatal(err)
	}
	yamlPath := filepath.Join(dir, "report.yaml")
	orig, err := os.ReadFile(yamlPath)
	if err != nil {
		t.Fatal(err)
	}
	for date, bad := range map[string]bool{"0001-01-01": true, "2024-12-31": true, "2036-01-01": true, "2025-12-31": false, "2026-01-31": false} {
		s := regexp.MustCompile(`(?m)^published: \S+`).ReplaceAllString(string(orig), "published: "+date)
		if err := os.WriteFile(yamlPath, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(dir)
		got := err != nil && strings.Contains(err.Error(), "与 year 2025 不符")
		if got != bad {
			t.Errorf("published %s: err = %v, want refused %v", date, err, bad)
		}
		if bad && got && !strings.Contains(err.Error(), "report.yaml:") {
			t.Errorf("published %s: error without a line: %v", date, err)
		}
	}
}
