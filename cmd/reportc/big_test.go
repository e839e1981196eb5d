package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/reportc/reportc/build"
	"github.com/reportc/reportc/data"
)

// The big reports measure memory and time on long documents (issue 15: peak RSS of a
// 1 000-page report ≤ 400 MB, still linear). writeBigReport writes one: chapters of
// headings, paragraphs, tables from per-chapter workbooks, charts of every kind, case
// boxes and placeholder photos. The text is assembled from the phrases below, the
// numbers come from a fixed-seed generator and every table and chart is marked 示例数据:
// none of it is any city's data. `make bench-big` writes 250, 500 and 1 000 pages with
//
//	REPORTC_BIG=/tmp/big go test -run TestWriteBigReports ./cmd/reportc
//
// and times `reportc build` on each (scripts/bench-big.sh).

// bigUnitsPerPage: a unit (a heading, three paragraphs and a block) fills about
// 1/bigUnitsPerPage of a page (with its share of the lists of tables, figures and
// cases); measured on the generated reports.
const bigUnitsPerPage = 0.83

var bigPhrases = []string{
	"各校围绕区域主导产业调整专业布局",
	"实训基地建设与课程改革同步推进",
	"校企双方共同制定人才培养方案并按学期评估",
	"教师下企业实践成为专业教师的常规安排",
	"学生在真实岗位上完成项目化学习任务",
	"学业水平考试与职业技能等级证书衔接更加紧密",
	"学校依据毕业生跟踪调查结果修订课程标准",
	"数字化教学资源覆盖全部公共基础课程",
	"班主任队伍建设与心理健康教育统筹开展",
	"各县市区按照统一标准核定办学条件",
	"中高职贯通培养的转段考核办法逐步完善",
	"技能竞赛成绩被纳入专业建设的评价指标",
	"社会培训面向新型职业农民和企业在岗职工开展",
	"学校治理结构按照章程规范运行",
	"经费使用情况按季度公开并接受审计",
	"思想政治课程与专业课程协同育人",
}

var bigHeads = []string{"专业建设", "师资队伍", "实习实训", "校企合作", "学生发展", "社会服务", "办学保障", "质量评价", "数字校园", "文化育人"}

var bigChartKinds = []string{"柱状图", "分组柱状图", "堆积柱状图", "条形图", "饼图", "折线图"}

// bigParagraph is about 200 characters of text made from the phrase list.
func bigParagraph(r *rand.Rand) string {
	var b strings.Builder
	for b.Len() < 600 { // bytes: three per character
		b.WriteString(bigPhrases[r.IntN(len(bigPhrases))])
		if r.IntN(3) == 0 {
			b.WriteString("；")
		} else {
			b.WriteString("，")
		}
	}
	s := strings.TrimSuffix(strings.TrimSuffix(b.String(), "，"), "；")
	return s + "。本段为示例数据。"
}

// writeBigReport writes a report of about pages pages into dir (which must not exist
// yet), photos included (reportc's placeholders).
func writeBigReport(dir string, pages int) error {
	units := max(4, int(float64(pages)*bigUnitsPerPage))
	chapters := max(1, units/40)
	r := rand.New(rand.NewPCG(15, uint64(pages)))
	for _, d := range []string{"chapters", "workbooks", "images"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	var chapterFiles, books []string
	unit := 0
	for c := range chapters {
		n := units / chapters
		if c < units%chapters {
			n++
		}
		book := fmt.Sprintf("workbooks/第%02d章.xlsx", c+1)
		var md strings.Builder
		fmt.Fprintf(&md, "# %s与%s（示例数据）\n\n%s\n", bigHeads[c%len(bigHeads)], bigHeads[(c+3)%len(bigHeads)], bigParagraph(r))
		index := [][]any{{"标签", "类型", "工作表", "标题", "数据来源", "表头行数", "备注"}}
		sheets := map[string][][]any{}
		var order []string
		for u := 0; u < n; u, unit = u+1, unit+1 {
			if u%3 == 0 {
				fmt.Fprintf(&md, "\n## %s（%d）\n", bigHeads[unit%len(bigHeads)], unit/3+1)
			} else {
				fmt.Fprintf(&md, "\n### %s的做法（%d）\n", bigHeads[(unit+u)%len(bigHeads)], unit+1)
			}
			fmt.Fprintf(&md, "\n%s\n\n%s\n", bigParagraph(r), bigParagraph(r))
			label := fmt.Sprintf("u%04d", unit+1)
			switch unit % 4 {
			case 0: // a table of 10–30 rows
				sheet := "表" + label
				rows := [][]any{{"序号", "项目", "2023年", "2024年", "增幅", "说明"}}
				for i := range 10 + r.IntN(21) {
					a, b := 100+r.IntN(900), 100+r.IntN(900)
					rows = append(rows, []any{i + 1, bigHeads[(i+unit)%len(bigHeads)] + "指标" + strconv.Itoa(i+1), a, b, b - a, bigPhrases[(i+unit)%len(bigPhrases)]})
				}
				sheets[sheet], order = rows, append(order, sheet)
				index = append(index, []any{"tab-" + label, "表格", sheet, fmt.Sprintf("%s主要指标（第%d组）", bigHeads[unit%len(bigHeads)], unit+1), "示例数据，非统计数据", 1, "示例数据"})
				fmt.Fprintf(&md, "\n主要指标见[@tab-%s]。\n\n::: table tab-%s\n", label, label)
			case 1: // a chart
				kind := bigChartKinds[(unit/4)%len(bigChartKinds)]
				sheet := "图" + label
				var rows [][]any
				if kind == "饼图" {
					rows = [][]any{{"类别", "占比"}}
					for i := range 5 {
						rows = append(rows, []any{bigHeads[(i+unit)%len(bigHeads)], 5 + r.IntN(30)})
					}
				} else {
					rows = [][]any{{"年份", "招生数", "在校生数"}}
					for y := 2020; y <= 2024; y++ {
						rows = append(rows, []any{strconv.Itoa(y) + "年", 1000 + r.IntN(4000), 3000 + r.IntN(9000)})
					}
				}
				sheets[sheet], order = rows, append(order, sheet)
				index = append(index, []any{"fig-" + label, kind, sheet, fmt.Sprintf("%s变化情况（第%d组）", bigHeads[unit%len(bigHeads)], unit+1), "示例数据", 1, "示例数据"})
				fmt.Fprintf(&md, "\n变化情况见[@fig-%s]。\n\n::: chart fig-%s\n", label, label)
			case 2: // a case box
				fmt.Fprintf(&md, "\n::: case case-%s\n标题：%s的一项做法（示例）\n\n%s\n\n%s\n:::\n", label, bigHeads[unit%len(bigHeads)], bigParagraph(r), bigParagraph(r))
			case 3: // a photo (a placeholder drawn below)
				fmt.Fprintf(&md, "\n::: photo fig-%s images/%s.png %s现场（示例照片）\n", label, label, bigHeads[unit%len(bigHeads)])
			}
		}
		name := fmt.Sprintf("chapters/%02d.md", c+1)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(md.String()), 0o644); err != nil {
			return err
		}
		chapterFiles = append(chapterFiles, name)
		if len(order) == 0 && c > 0 {
			continue
		}
		if err := writeBigBook(filepath.Join(dir, book), index, order, sheets, c == 0, chapters); err != nil {
			return err
		}
		books = append(books, book)
	}
	yaml := fmt.Sprintf(`# 生成的长报告（cmd/reportc/big_test.go）：全部文字和数字都是示例数据，只用于测量速度和内存。
title: 示例市中等职业教育质量年度报告（约%d页，示例数据）
short_title: 示例市中职质量年报（示例数据）
year: 2024
issuer: 示例市教育局（示例）
cover_date: 二〇二五年一月
published: 2025-01-31
statement:
  text: |
    本报告由程序生成，全部内容为示例数据，不是任何地方的真实统计。
  date: 2025年1月
board:
  title: 编写委员会（示例）
  members:
    - role: 主编
      names: [示例]
preface: preface.md
chapters: [%s]
workbooks: [%s]
settings:
  draft: true
`, pages, strings.Join(chapterFiles, ", "), strings.Join(books, ", "))
	if err := os.WriteFile(filepath.Join(dir, "report.yaml"), []byte(yaml), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "preface.md"), []byte(bigParagraph(r)+"\n"), 0o644); err != nil {
		return err
	}
	_, err := build.Placeholders(dir)
	return err
}

func writeBigBook(path string, index [][]any, order []string, sheets map[string][][]any, values bool, chapters int) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", data.IndexSheet); err != nil {
		return err
	}
	if err := setStressRows(f, data.IndexSheet, index); err != nil {
		return err
	}
	for _, s := range order {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
		if err := setStressRows(f, s, sheets[s]); err != nil {
			return err
		}
	}
	if values {
		if _, err := f.NewSheet(data.ValuesSheet); err != nil {
			return err
		}
		if err := setStressRows(f, data.ValuesSheet, [][]any{{"名称", "数值", "说明"}, {"部分数", chapters, "示例数据"}}); err != nil {
			return err
		}
	}
	return f.SaveAs(path)
}

// TestBigReport: a small generated report builds (PDF and DOCX, no error), its page
// count is near the one asked for, and generating it twice gives the same files.
func TestBigReport(t *testing.T) {
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	for _, d := range []string{a, b} {
		if err := writeBigReport(d, 24); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"report.yaml", "preface.md", "chapters/01.md", "images/u0004.png"} {
		x, err1 := os.ReadFile(filepath.Join(a, name))
		y, err2 := os.ReadFile(filepath.Join(b, name))
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two generations (%v, %v)", name, err1, err2)
		}
	}
	res, err := buildAll(a, true, build.Edition{})
	if err != nil {
		t.Fatal(err)
	}
	// front matter (cover, statement, board, preface, lists) adds a few pages
	if pages := len(res.book.Pages); pages < 24 || pages > 60 {
		t.Errorf("asked for about 24 pages of body, got %d pages in all", pages)
	}
	if len(res.docx) == 0 || !bytes.HasPrefix(res.pdf, []byte("%PDF")) {
		t.Errorf("no DOCX (%d bytes) or no PDF", len(res.docx))
	}
}

// TestWriteBigReports writes the reports `make bench-big` times; it runs only with
// REPORTC_BIG set to a folder (which gets big-250, big-500 and big-1000).
func TestWriteBigReports(t *testing.T) {
	out := os.Getenv("REPORTC_BIG")
	if out == "" {
		t.Skip("set REPORTC_BIG to a folder to write the big reports")
	}
	sizes := []int{250, 500, 1000}
	if s := os.Getenv("REPORTC_BIG_SIZES"); s != "" {
		sizes = nil
		for _, f := range strings.Fields(s) {
			n, err := strconv.Atoi(f)
			if err != nil || n < 1 {
				t.Fatalf("REPORTC_BIG_SIZES: %q is not a page count", f)
			}
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		dir := filepath.Join(out, fmt.Sprintf("big-%d", n))
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := writeBigReport(dir, n); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", dir)
	}
}
