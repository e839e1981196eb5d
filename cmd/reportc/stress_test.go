package main

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/layout"
)

// The stress reports under testdata/stress are invented (示例数据): they exist to try
// long names, URLs, forty schools, every chart kind and long front matter. Their
// workbooks are written by writeStressWorkbook; regenerate with
//
//	go test ./cmd/reportc -run TestStressReports -update-stress
var updateStress = flag.Bool("update-stress", false, "rewrite the stress reports' workbooks")

const stressDir = "../../testdata/stress"

// Invented school names, some very long; marked 示例 in the workbook.
var stressSchools = []string{
	"某某自治州第一中等职业技术学校（某某州工业技师学院中职部）",
	"某某市现代服务业与智能制造中等专业学校",
	"某某县民族职业中专学校",
	"某某州交通运输与物流管理职业技术学校",
	"某某市卫生健康职业中等专业学校（某某护理学校）",
	"某某市财经商贸职业中专",
	"某某县职业教育中心",
	"某某市艺术与文化创意中等职业学校",
	"某某州农业农村现代化与乡村振兴职业技术学校",
	"某某市信息工程学校",
}

func stressSchool(i int) string {
	return fmt.Sprintf("%s（%02d）", stressSchools[i%len(stressSchools)], i+1)
}

func writeStressWorkbook(path string, schools int, allCharts bool) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", data.IndexSheet); err != nil {
		return err
	}
	index := [][]any{{"标签", "类型", "工作表", "标题", "数据来源", "表头行数", "备注"}}
	index = append(index, []any{"tab-schools", "表格", "学校一览", "2024年全州中等职业学校基本情况一览表（单位：人、%、万元）", "数据来源：某某州教育和体育局事业统计（示例数据）", 1, "示例数据"})
	kinds := []string{"柱状图", "分组柱状图", "堆积柱状图", "条形图", "饼图", "折线图"}
	for i, k := range kinds {
		if !allCharts && k != "饼图" {
			continue
		}
		index = append(index, []any{fmt.Sprintf("fig-%d", i+1), k, "图" + strconv.Itoa(i+1), fmt.Sprintf("2020—2024年全州中等职业学校招生数与在校生数变化情况（%s，单位：人）", k), "数据来源：示例数据", 1, "示例数据"})
	}
	if err := setStressRows(f, data.IndexSheet, index); err != nil {
		return err
	}
	f.NewSheet("学校一览")
	rows := [][]any{{"序号", "学校名称", "在校生数", "满意度（%）", "经费（万元）", "是否达标", "网址"}}
	for i := range schools {
		ok := []string{"是", "否", "已落实", "无", "—"}[i%5]
		var money any = 1000 + 13.5*float64(i)
		if i%6 == 5 {
			money = []string{"无", "—", "已落实", "否"}[i%4] // form words in a numeric column
		}
		rows = append(rows, []any{i + 1, stressSchool(i), 800 + 37*i, 90 + float64(i%10)/4, money, ok, fmt.Sprintf("https://school%02d.example.edu.cn/zhiye/index.html", i+1)})
	}
	if err := setStressRows(f, "学校一览", rows); err != nil {
		return err
	}
	for i, k := range kinds {
		if !allCharts && k != "饼图" {
			continue
		}
		sheet := "图" + strconv.Itoa(i+1)
		f.NewSheet(sheet)
		var r [][]any
		if k == "饼图" {
			r = [][]any{{"类别", "占比"}, {"加工制造类", 35}, {"信息技术类", 25}, {"医药卫生类", 15}, {"财经商贸类", 15}, {"其他", 10}}
		} else {
			r = [][]any{{"年份", "招生数", "在校生数"}}
			for y := 2020; y <= 2024; y++ {
				r = append(r, []any{strconv.Itoa(y) + "年", 5000 + 300*(y-2020), 15000 + 800*(y-2020)})
			}
		}
		if err := setStressRows(f, sheet, r); err != nil {
			return err
		}
	}
	f.NewSheet(data.ValuesSheet)
	if err := setStressRows(f, data.ValuesSheet, [][]any{{"名称", "数值", "说明"}, {"学校数", schools, "示例数据"}}); err != nil {
		return err
	}
	return f.SaveAs(path)
}

func setStressRows(f *excelize.File, sheet string, rows [][]any) error {
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
	}
	return nil
}

// word is a word box of pdftotext -bbox-layout, in mm.
type word struct {
	x0, y0, x1, y1 float64
	text           string
}

var (
	wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

// pageWords returns the word boxes of every page of a PDF.
func pageWords(t *testing.T, pdf []byte) [][]word {
	t.Helper()
	needTool(t, "pdftotext")
	cmd := exec.Command("pdftotext", "-bbox-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	const mm = 25.4 / 72
	var pages [][]word
	for _, chunk := range strings.Split(string(out), "<page ")[1:] {
		var ws []word
		for _, m := range wordRE.FindAllStringSubmatch(chunk, -1) {
			v := func(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f * mm }
			ws = append(ws, word{v(m[1]), v(m[2]), v(m[3]), v(m[4]), html.UnescapeString(m[5])})
		}
		pages = append(pages, ws)
	}
	return pages
}

// scanPages fails on any word printed over another word and any word outside the text
// block (running headers and page numbers may use the margins above and below it).
func scanPages(t *testing.T, name string, pdf []byte, book *layout.Book, textW float64, s data.Settings) {
	t.Helper()
	pages := pageWords(t, pdf)
	if len(pages) != len(book.Pages) {
		t.Fatalf("%s: pdftotext sees %d pages, the layout made %d", name, len(pages), len(book.Pages))
	}
	bad := 0
	report := func(format string, args ...any) {
		bad++
		if bad <= 15 {
			t.Errorf(name+": "+format, args...)
		}
	}
	for pi, ws := range pages {
		left := s.Page.Inner
		if pi%2 == 1 {
			left = s.Page.Width - s.Page.Inner - textW
		}
		right := left + textW
		const tol = 0.6 // mm: glyph side bearings
		for i, a := range ws {
			// A full-width mark set half-width (at a line end, or squeezed before
			// another mark) still has its full advance in pdftotext's box; its glyph
			// sits in the half that is printed.
			em := a.y1 - a.y0
			slackR := 0.0
			if endsWithMark(a.text) {
				slackR = 0.55 * em
			}
			if a.x0 < left-tol || a.x1 > right+tol+slackR {
				report("page %d: %q at x %.1f–%.1f mm leaves the text block %.1f–%.1f", pi+1, a.text, a.x0, a.x1, left, right)
			}
			// Above the text block only the running header (its band over the
			// rule); below it only the page number.
			top, bottom := s.Page.Top, s.Page.Height-s.Page.Bottom
			switch {
			case pi == 0: // the cover has its own layout, within the page
				if a.y0 < 10 || a.y1 > s.Page.Height-10 {
					report("page 1: %q at y %.1f–%.1f mm is off the cover", a.text, a.y0, a.y1)
				}
			case a.y0 < top-1 && (a.y0 < top-16 || a.y1 > top+1):
				report("page %d: %q at y %.1f–%.1f mm is above the text block (%.1f)", pi+1, a.text, a.y0, a.y1, top)
			case a.y1 > bottom+1.5 && (a.y1 > s.Page.Height-8 || !footerWord(a.text, book.Pages[pi].Label)):
				report("page %d: %q at y %.1f–%.1f mm is below the text block (%.1f)", pi+1, a.text, a.y0, a.y1, bottom)
			}
			for _, b := range ws[i+1:] {
				// Boxes shrunk a little: neighbouring lines' ascenders and descenders
				// may touch; printed-over words overlap by much more.
				ix := math.Min(a.x1, b.x1) - math.Max(a.x0, b.x0)
				iy := math.Min(a.y1, b.y1) - math.Max(a.y0, b.y0)
				if ix <= 0.55*em && (endsWithMark(a.text) || startsWithMark(b.text)) {
					continue // a squeezed mark
				}
				if ix > 0.4 && iy > 0.35*math.Min(a.y1-a.y0, b.y1-b.y0) {
					report("page %d: %q and %q print over each other (%.1f × %.1f mm)", pi+1, a.text, b.text, ix, iy)
				}
			}
		}
	}
	if bad > 15 {
		t.Errorf("%s: %d problems in all", name, bad)
	}
}

// buildAndScan builds a report folder and scans every page of its PDF.
func buildAndScan(t *testing.T, dir string) *layout.Book {
	t.Helper()
	pdf, book, err := buildBook(dir)
	if err != nil {
		t.Fatalf("%s does not build: %v", dir, err)
	}
	rep, err := data.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := fonts.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := layout.New(fs, layout.Options{Settings: rep.Meta.Settings})
	scanPages(t, filepath.Base(dir), pdf, book, e.TextWidth(), rep.Meta.Settings)
	return book
}

// TestStressReports builds the invented stress reports and scans every page.
func TestStressReports(t *testing.T) {
	if *updateStress {
		for dir, n := range map[string]int{"city-long": 40, "one-school": 1} {
			if err := writeStressWorkbook(filepath.Join(stressDir, dir, "workbooks", "数据.xlsx"), n, n > 1); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, dir := range []string{"city-long", "one-school"} {
		t.Run(dir, func(t *testing.T) {
			buildAndScan(t, filepath.Join(stressDir, dir))
		})
	}
	// The names above U+FFFF of chapters/rare.md print and come back as text.
	pdfBytes, _, err := buildBook(filepath.Join(stressDir, "city-long"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "city-long.pdf")
	if err := os.WriteFile(path, pdfBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	txt, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	plain := strings.Join(strings.Fields(withoutDraftMark(txt)), "")
	for _, want := range []string{"王𪨶、李𫄧、张𬌗、陈𪨶𫄧", "𬌗𫄧学校的生僻字姓名示例"} {
		if !strings.Contains(plain, want) {
			t.Errorf("city-long: pdftotext lacks %q", want)
		}
	}
	// The 经费 column holds numbers and the words of a form; it stays numeric and the
	// words align like its numbers.
	rep, err := data.Load(filepath.Join(stressDir, "city-long"))
	if err != nil {
		t.Fatal(err)
	}
	tab := rep.Tables["tab-schools"]
	if !tab.NumericCol[4] {
		t.Fatal("经费 column is not numeric")
	}
	words := 0
	for _, row := range tab.Rows[tab.HeaderRows:] {
		if row[4].FormWord {
			words++
		}
	}
	if words < 4 {
		t.Errorf("%d form words in the 经费 column, want 6", words)
	}
}

// TestNoOverprint scans every page of the example and of a school's draft.
func TestNoOverprint(t *testing.T) {
	buildAndScan(t, example)
	dir := filepath.Join(t.TempDir(), "liling")
	var out, errb bytes.Buffer
	if code := run([]string{"draft", "-school", "醴陵市陶瓷烟花职业技术学校", example, dir}, &out, &errb); code != 0 {
		t.Fatalf("draft failed: %s", errb.String())
	}
	buildAndScan(t, dir)
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
}

const fullWidthMarks = "，。、；：！？）】》」』〕〗”’（【《「『〔〖“‘"

func endsWithMark(s string) bool {
	rs := []rune(s)
	return len(rs) > 0 && strings.ContainsRune(fullWidthMarks, rs[len(rs)-1])
}

func startsWithMark(s string) bool {
	rs := []rune(s)
	return len(rs) > 0 && strings.ContainsRune(fullWidthMarks, rs[0])
}

// footerWord reports whether a word below the text block is part of the page number.
func footerWord(w, label string) bool { return w == label || w == "—" }
