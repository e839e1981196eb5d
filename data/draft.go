package data

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// DraftSummary says what a school draft took over from the city report.
type DraftSummary struct {
	Cases    int
	Tables   []string // labels of body tables with rows about the school
	Appendix int      // appendix tables, numbers cleared for the school to fill in
	Photos   int      // photos of its cases, copied
	Fonts    int      // settings.fonts files, copied
}

// SchoolDraft writes a pre-filled draft of one school's report into outDir, from the
// city report r: the city's chapter and section headings with a prompt under each, the
// school's own case boxes word for word, the rows of the city's tables that name the
// school, and the appendix tables with their indicators kept and their numbers cleared.
// The draft loads and builds as it is (settings.draft is on); nothing the city report
// does not say about the school is filled in.
func SchoolDraft(r *Report, school, outDir string) (DraftSummary, error) {
	var sum DraftSummary
	school = strings.TrimSpace(school)
	if err := checkField("学校名称", school); err != nil {
		return sum, err
	}
	if err := emptyTarget(outDir); err != nil {
		return sum, err
	}
	for _, d := range []string{"chapters", "workbooks", "images"} {
		if err := os.MkdirAll(filepath.Join(outDir, d), 0o755); err != nil {
			return sum, err
		}
	}
	// The school is found by its full name and the short names the city's tables and
	// cases use (schoolmatch.go); a school that is not on the school list (a case
	// school given to draft -school) by its name only.
	sm := newSchoolMatcher(r.SchoolList())
	idx := sm.index(school)
	if idx < 0 {
		sm, idx = newSchoolMatcher([]string{school}), 0
	}
	mine := func(text string) bool { return slices.Contains(sm.match(text), idx) }
	mineRow := func(t *Table, ri int) bool { return slices.Contains(sm.rowSchools(t, ri), idx) }
	wb := excelize.NewFile()
	defer wb.Close()
	wb.SetSheetName("Sheet1", IndexSheet)
	index := [][]any{append(toAny(indexHeader), "注")}

	addTable := func(t *Table, rows [][]*Cell, note string) error {
		sheet := fmt.Sprintf("表%d", len(index))
		wb.NewSheet(sheet)
		if err := writeCells(wb, sheet, t, rows); err != nil {
			return err
		}
		index = append(index, []any{t.Label, "表格", sheet, t.Caption, t.Source, t.HeaderRows, note, ""})
		return nil
	}

	var chapterFiles []string
	for ci, ch := range r.Chapters {
		var md strings.Builder
		prompted := false
		heading := ""
		caseOpen := false
		for _, b := range ch.Blocks {
			if b.Kind != BPhoto {
				caseOpen = false
			}
			switch b.Kind {
			case BHeading:
				heading = PlainText(b.Inlines)
				md.WriteString(strings.Repeat("#", b.Level) + " " + heading)
				if !b.Numbered {
					md.WriteString(" {-}")
				}
				md.WriteString("\n\n")
				prompted = false
			case BParagraph:
				if !prompted {
					fmt.Fprintf(&md, "::: todo 本校%d年情况（%s）\n\n", r.Meta.Year, heading)
					prompted = true
				}
			case BCase:
				if b.School == "" || !mine(b.School) {
					caseOpen = false
					continue
				}
				caseOpen = true
				sum.Cases++
				fmt.Fprintf(&md, "::: case %s\n标题：%s\n学校：%s\n", b.Label, b.Title, b.School)
				if b.Credit != "" {
					fmt.Fprintf(&md, "供稿：%s\n", b.Credit)
				}
				md.WriteString("\n")
				for _, p := range b.Body {
					md.WriteString(markdownInlines(p.Inlines) + "\n\n")
				}
				md.WriteString(":::\n\n")
				continue
			case BPhoto:
				// A case's photos follow its box: they go with the case.
				if !caseOpen {
					continue
				}
				img := r.Images[b.File]
				if img != nil {
					if err := writeInside(outDir, b.File, img); err != nil {
						return sum, err
					}
					sum.Photos++
				}
				md.WriteString("::: photo " + b.Label + " " + b.File)
				if b.Width > 0 {
					fmt.Fprintf(&md, " width=%g%%", b.Width*100)
				}
				md.WriteString(" " + b.Caption + "\n\n")
				continue
			case BTable:
				t := r.Tables[b.Label]
				if t == nil {
					continue
				}
				rows := schoolRows(t, mineRow)
				if len(rows) == 0 {
					continue
				}
				if err := addTable(t, append(t.Rows[:t.HeaderRows:t.HeaderRows], rows...), "由城市报告筛出本校各行"); err != nil {
					return sum, err
				}
				sum.Tables = append(sum.Tables, b.Label)
				fmt.Fprintf(&md, "::: table %s\n\n", b.Label)
			}
		}
		name := fmt.Sprintf("chapters/%02d.md", ci+1)
		chapterFiles = append(chapterFiles, name)
		if err := os.WriteFile(filepath.Join(outDir, name), []byte(md.String()), 0o644); err != nil {
			return sum, err
		}
	}

	appendixLine := ""
	if r.Appendix != nil {
		var md strings.Builder
		md.WriteString("# 附表 {-}\n\n")
		for _, b := range r.Appendix.Blocks {
			t := r.Tables[b.Label]
			if b.Kind != BTable || t == nil {
				continue
			}
			rows := make([][]*Cell, len(t.Rows))
			for i, row := range t.Rows {
				rows[i] = make([]*Cell, len(row))
				for j, c := range row {
					cp := *c
					if i >= t.HeaderRows && c.Numeric {
						cp.Text, cp.Numeric = "", false // the school's own figure goes here
					}
					rows[i][j] = &cp
				}
			}
			if err := addTable(t, rows, "请填写本校数据"); err != nil {
				return sum, err
			}
			sum.Appendix++
			fmt.Fprintf(&md, "::: table %s\n\n", b.Label)
		}
		if sum.Appendix > 0 {
			if err := os.WriteFile(filepath.Join(outDir, "chapters/appendix.md"), []byte(md.String()), 0o644); err != nil {
				return sum, err
			}
			appendixLine = "appendix: chapters/appendix.md\n"
		}
	}
	if err := setRows(wb, IndexSheet, index); err != nil {
		return sum, err
	}
	workbooks := "workbooks: []\n"
	if len(index) > 1 {
		if err := wb.SaveAs(filepath.Join(outDir, "workbooks", "本校数据.xlsx")); err != nil {
			return sum, err
		}
		workbooks = "workbooks: [workbooks/本校数据.xlsx]\n"
	}
	// The school's numbers: the basic figures and the appendix indicators, to fill in.
	if err := r.WriteSchoolBook(filepath.Join(outDir, filepath.FromSlash(SchoolBookFile)), school); err != nil {
		return sum, err
	}
	// The city's extra fonts come along: the copied cases and tables may need them.
	fontsLine := ""
	if fs := r.Meta.Settings.Fonts; len(fs) > 0 {
		var quoted []string
		for _, f := range fs {
			b, err := readInside(r.Dir, f, MaxFontBytes)
			if err != nil {
				return sum, fmt.Errorf("settings.fonts “%s” 读不出，不能复制到草稿：%v", f, err)
			}
			if err := writeInside(outDir, f, b); err != nil {
				return sum, err
			}
			quoted = append(quoted, yamlQuote(f))
			sum.Fonts++
		}
		fontsLine = "  fonts: [" + strings.Join(quoted, ", ") + "]\n"
	}
	m := r.Meta
	yaml := fmt.Sprintf(`# %[1]s的报告草稿，由 reportc draft 从城市报告生成：标题沿用城市报告的章节，
# 本校的案例照录，表格只留提到本校的行，附表保留指标、清空数字。请逐项改写和填写。
title: %[9]s
short_title: %[13]s
subtitle: （%[2]d年度）
year: %[2]d
issuer: %[10]s
cover_date: %[3]s
published: %[4]s
web: ""
statement:
  text: |
    %[1]s对本校中等职业教育质量年度报告（%[2]d年度）及相关附件的真实性、完整性和准确性负责。
    特此声明。
  date: %[5]s
  seal: ""
board:
  title: %[11]s
  members:
    - role: 主任
      names: [待填]
preface: preface.md
chapters: [%[6]s]
%[7]s%[8]s# 本校的标准数据（附表指标、招生数、在校生数、毕业生数、专任教师数、满意度），由学校填写：
school_data: workbooks/学校数据.xlsx
settings:
  draft: true
  running_header: report # the school's title over every body page
%[12]s%[14]s`, school, m.Year, yamlQuote(m.CoverDate), m.Published.Format("2006-01-02"), yamlQuote(m.Statement.Date), strings.Join(chapterFiles, ", "), appendixLine, workbooks,
		yamlQuote(school+"中等职业教育质量年度报告"), yamlQuote(school),
		yamlQuote(fmt.Sprintf("《%s中等职业教育质量年度报告（%d年度）》编委会", school, m.Year)), fontsLine, yamlQuote(school+"质量年度报告"), typesetting(m.Settings))
	files := map[string]string{
		"report.yaml": yaml,
		"preface.md":  "::: todo 本校报告的前言\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(outDir, name), []byte(text), 0o644); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// typesetting is the city's look for a school draft's settings block: page, body size,
// numbering, page numbers, spacing and the DOCX fonts, so that the school's report is
// set like the city's. Only what differs from reportc's defaults is written. draft,
// running_header and fonts are the draft's own; print_case_school is the city's choice
// for a book of many schools and does not carry over.
func typesetting(st Settings) string {
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, "  "+format+"\n", a...) }
	if st.BodySize != 12 {
		line("body_size: %v", st.BodySize)
	}
	if st.Numbering != "1.1.1" {
		line("numbering: %s", yamlQuote(st.Numbering))
	}
	if st.PageNumbers != "center" {
		line("page_numbers: %s", st.PageNumbers)
	}
	if st.OddChapters {
		line("chapters_on_odd_pages: true")
	}
	if st.HanLatin != 0.25 {
		line("han_latin_space: %v", st.HanLatin)
	}
	if st.NumberSpace != st.HanLatin {
		line("number_space: %v", st.NumberSpace)
	}
	if st.TightUnits != "" {
		line("tight_units: %s", yamlQuote(st.TightUnits))
	}
	if st.FrontHeader != "list" {
		line("front_running_header: %s", st.FrontHeader)
	}
	df := st.DocxFonts
	if df != (DocxFonts{Song: "宋体", Hei: "黑体", Fangsong: "仿宋", Latin: "Times New Roman", Body: "song"}) {
		line("docx_fonts: {song: %s, hei: %s, fangsong: %s, latin: %s, body: %s}", yamlQuote(df.Song), yamlQuote(df.Hei), yamlQuote(df.Fangsong), yamlQuote(df.Latin), df.Body)
	}
	if p := st.Page; p != (Page{Width: 210, Height: 297, Top: 37, Bottom: 35, Inner: 28, Outer: 26}) {
		line("page: {width: %v, height: %v, top: %v, bottom: %v, inner: %v, outer: %v}", p.Width, p.Height, p.Top, p.Bottom, p.Inner, p.Outer)
	}
	return b.String()
}

// writeInside writes a file at a report-relative path inside dir, making its folders.
func writeInside(dir, rel string, b []byte) error {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if !strings.HasPrefix(p, filepath.Clean(dir)+string(filepath.Separator)) {
		return fmt.Errorf("文件 “%s” 不在报告目录内，不能复制到草稿", rel)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, b, 0o644)
}

// schoolRows returns the body rows of t that name the school, with merged cells
// written out so each row stands alone.
func schoolRows(t *Table, mine func(*Table, int) bool) [][]*Cell {
	var out [][]*Cell
	for ri := t.HeaderRows; ri < len(t.Rows); ri++ {
		row := t.Rows[ri]
		if !mine(t, ri) {
			continue
		}
		cp := make([]*Cell, len(row))
		for ci, c := range row {
			x := *c
			if c.Covered {
				if rr, cc, ok := t.Covering(ri, ci); ok {
					cover := t.Rows[rr][cc]
					x.Text, x.Numeric, x.Value = cover.Text, cover.Numeric, cover.Value
				}
			}
			x.Covered, x.RowSpan, x.ColSpan = false, 1, 1
			cp[ci] = &x
		}
		out = append(out, cp)
	}
	return out
}

// writeCells writes rows to a sheet: numbers as numbers with as many decimals as they
// showed, header merges kept.
func writeCells(f *excelize.File, sheet string, t *Table, rows [][]*Cell) error {
	for ri, row := range rows {
		for ci, c := range row {
			name, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
			if c.Covered {
				continue
			}
			if c.Numeric && ri >= t.HeaderRows {
				f.SetCellValue(sheet, name, c.Value)
				if dot := strings.IndexByte(c.Text, '.'); dot >= 0 {
					format := "0." + strings.Repeat("0", len(c.Text)-dot-1)
					st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
					if err != nil {
						return err
					}
					f.SetCellStyle(sheet, name, name, st)
				}
				continue
			}
			f.SetCellStr(sheet, name, c.Text)
		}
	}
	for ri := 0; ri < t.HeaderRows && ri < len(rows); ri++ {
		for ci, c := range rows[ri] {
			if c.RowSpan > 1 || c.ColSpan > 1 {
				a, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				b, _ := excelize.CoordinatesToCellName(ci+c.ColSpan, ri+c.RowSpan)
				if err := f.MergeCell(sheet, a, b); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// markdownInlines writes inlines back in the dialect: bold kept, bound values as their
// printed text, references dropped (their targets are the city's).
func markdownInlines(in []Inline) string {
	var b strings.Builder
	for _, s := range in {
		if s.Kind == IRef {
			continue
		}
		if s.Bold {
			b.WriteString("**" + s.Text + "**")
		} else {
			b.WriteString(s.Text)
		}
	}
	out := b.String()
	for _, empty := range []string{"（见）", "（）", "()"} {
		out = strings.ReplaceAll(out, empty, "")
	}
	return out
}
