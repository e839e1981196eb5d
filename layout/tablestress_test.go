package layout

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/sections"
)

// Stress tables for issues 10.2, 10.3 and 16.6. All figures are invented (示例数据).

func txcell(s string) *data.Cell { return &data.Cell{Text: s, RowSpan: 1, ColSpan: 1} }

func ncell(v float64, dec int) *data.Cell {
	s := groupDigits(v, dec)
	return &data.Cell{Text: s, Numeric: true, Value: v, RowSpan: 1, ColSpan: 1}
}

func groupDigits(v float64, dec int) string {
	s := fmt.Sprintf("%.*f", dec, math.Abs(v))
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	if v < 0 {
		return "-" + b.String()
	}
	return b.String()
}

// wideTable has a name column and twelve numeric columns of large numbers.
func wideTable(rows, dec int) *sections.Table {
	d := &data.Table{HeaderRows: 1, Cols: 13, NumericCol: make([]bool, 13)}
	head := []*data.Cell{txcell("学校名称")}
	for i := 1; i <= 12; i++ {
		head = append(head, txcell(fmt.Sprintf("%d月经费支出（元）", i)))
		d.NumericCol[i] = true
	}
	d.Rows = append(d.Rows, head)
	for r := 0; r < rows; r++ {
		row := []*data.Cell{txcell(fmt.Sprintf("示例职业技术学校%d", r+1))}
		for c := 1; c <= 12; c++ {
			row = append(row, ncell(float64(1000000+r*7919+c*104729)+0.25*float64(c), dec))
		}
		d.Rows = append(d.Rows, row)
	}
	return &sections.Table{Number: "表1-1", Caption: "各校月度经费支出（示例数据）", Anchor: "tab-wide", Data: d}
}

func TestWideNumericTableStepsDown(t *testing.T) {
	e := engine(t)
	// Eight numeric columns step down but stay portrait.
	mid := wideTable(8, 2)
	d := mid.Data
	for i, row := range d.Rows {
		d.Rows[i] = row[:8]
	}
	d.Cols, d.NumericCol = 8, d.NumericCol[:8]
	ts := e.setTable(mid, e.textW)
	if ts.size >= SizeWuHao || !ts.fits {
		t.Errorf("an 8-column table of 9-digit numbers: %.1f pt, fits %v; want smaller than 五号 and fitting", ts.size, ts.fits)
	}
	checkCells(t, ts)
	// Thirteen columns do not fit the portrait block even at 六号: landscape.
	if ts := e.setTable(wideTable(8, 0), e.textW); ts.fits {
		t.Errorf("13 columns of 9-digit numbers fit the portrait text block at %.1f pt", ts.size)
	}
	le := e.landscapeEngine()
	ts = le.setTable(wideTable(8, 0), le.textW)
	if !ts.fits {
		t.Errorf("the 13-column table does not fit even a landscape page")
	}
	checkCells(t, ts)
	for _, row := range ts.cells[1:] {
		for _, tc := range row[1:] {
			if len(tc.lines) != 1 {
				t.Errorf("number %q set in %d lines", tc.c.Text, len(tc.lines))
			}
		}
	}
	// A narrow table keeps 五号.
	if ts := e.setTable(longTable(5, 0), e.textW); ts.size != SizeWuHao {
		t.Errorf("a three-column table set at %.1f pt, want 五号", ts.size)
	}
}

func TestWideTableOnLandscapePages(t *testing.T) {
	e := engine(t)
	b := layoutBlocks(t, para(strings.Repeat("宽表之前的正文。", 20)), wideTable(60, 0), para(strings.Repeat("宽表之后的正文。", 20)))
	if !b.Rotated["tab-wide"] {
		t.Fatal("the 13-column table is not marked rotated")
	}
	var land []*Page
	for _, p := range b.Pages[b.FirstBody:] {
		if p.Landscape {
			land = append(land, p)
		}
	}
	if len(land) < 2 {
		t.Fatalf("%d landscape pages for 60 rows", len(land))
	}
	if !pageHas(land[0], "表1-1") || !pageHas(land[1], "续表1-1") {
		t.Error("caption or 续表 missing on the landscape pages")
	}
	if pageHas(land[0], "宽表之前") || pageHas(land[len(land)-1], "宽表之后") {
		t.Error("body text shares a landscape page")
	}
	for _, p := range land {
		left := e.left(p.Index)
		for _, g := range p.Texts {
			if g.Text == p.Label {
				continue
			}
			w := g.W
			if strings.HasSuffix(g.Text, "）") || strings.HasSuffix(g.Text, "。") {
				// A closing mark at a line's end is set half-width: its glyph's
				// right half is empty (GB/T 15834 §5.1.10).
				w -= g.Style.Size * ptMM / 2
			}
			if g.X < e.pageH-e.bottom-1e-6 || g.X+w > e.pageH-e.top+1e-6 || g.Y < left || g.Y > left+e.textW+1e-6 {
				t.Errorf("page %s: %q at (%.1f, %.1f) w %.1f outside the turned text block x∈[%.1f,%.1f] y∈[%.1f,%.1f]", p.Label, g.Text, g.X, g.Y, g.W, e.pageH-e.bottom, e.pageH-e.top, left, left+e.textW)
				break
			}
		}
	}
	if n := len(rowsPerPage(b)); n != 0 {
		t.Logf("%d pages with row ids", n)
	}
}

// groupTable: county 甲 with 3 schools, county 乙 with n schools (one merged label),
// county 丙 with 3.
func groupTable(n int) *sections.Table {
	d := &data.Table{HeaderRows: 1, Cols: 3, NumericCol: []bool{false, false, true}}
	d.Rows = append(d.Rows, []*data.Cell{txcell("县（市、区）"), txcell("学校"), txcell("在校生数")})
	id := 0
	add := func(county string, k int) {
		for i := 0; i < k; i++ {
			id++
			label := txcell(county)
			if i == 0 {
				label.RowSpan = k
			} else {
				label = &data.Cell{Covered: true, RowSpan: 1, ColSpan: 1}
			}
			d.Rows = append(d.Rows, []*data.Cell{label, txcell(fmt.Sprintf("示例学校R%04d", id)), ncell(float64(500+id*13), 0)})
		}
	}
	add("甲县", 3)
	add("乙县", n)
	add("丙县", 3)
	return &sections.Table{Number: "表1-1", Caption: "各县学校在校生数（示例数据）", Anchor: "tab-group", Data: d}
}

var rowID = regexp.MustCompile(`R\d{4}`)

// rowsPerPage counts the body rows (texts like R0012) on each page that has any.
func rowsPerPage(b *Book) []int {
	var out []int
	for _, p := range b.Pages[b.FirstBody:] {
		n := 0
		for _, g := range p.Texts {
			n += len(rowID.FindAllString(g.Text, -1))
		}
		if n > 0 {
			out = append(out, n)
		}
	}
	return out
}

func filler(lines int) []sections.Block {
	var out []sections.Block
	for i := 0; i < lines/3; i++ {
		out = append(out, para(strings.Repeat("表格之前的正文。", 13)))
	}
	return out
}

func TestLongMergedGroupBreaksInside(t *testing.T) {
	e := engine(t)
	blocks := append(filler(12), groupTable(45))
	b := layoutBlocks(t, blocks...)
	per := rowsPerPage(b)
	if len(per) < 2 {
		t.Fatalf("51 rows on %d pages", len(per))
	}
	for i, n := range per {
		if n < 2 {
			t.Errorf("table part %d has %d body row", i+1, n)
		}
	}
	// The group's label is printed on every page the group runs onto, and no rule
	// crosses it within a page.
	pages := 0
	for _, p := range b.Pages[b.FirstBody:] {
		if !strings.Contains(pageText(p), "R00") {
			continue
		}
		pages++
		var label *Glyphs
		for i := range p.Texts {
			if p.Texts[i].Text == "乙县" {
				label = &p.Texts[i]
			}
		}
		if label == nil {
			t.Errorf("page %s: the group's label 乙县 is not repeated", p.Label)
			continue
		}
	}
	fs := fills(e, b)
	for i, pf := range fs[:len(fs)-1] {
		if pf.empty > 0.30 && pf.exempt == "" {
			t.Errorf("body page %d is %.0f %% empty", i+1, 100*pf.empty)
		}
	}
	t.Logf("45-row group: rows per page %v; %s", per, checkFill(t, e, b))
}

func TestNoLoneRowEitherSide(t *testing.T) {
	// Try every start height: the table's split must never leave one row alone.
	for k := 0; k < 30; k += 2 {
		blocks := append(filler(k), groupTable(1))
		d := blocks[len(blocks)-1].(*sections.Table).Data
		// No merges here: every row its own group.
		for _, row := range d.Rows {
			row[0] = txcell("某县")
		}
		for i := 0; i < 20; i++ { // 7 + 20 rows
			d.Rows = append(d.Rows, []*data.Cell{txcell("某县"), txcell(fmt.Sprintf("示例学校R%04d", 100+i)), ncell(float64(i), 0)})
		}
		b := layoutBlocks(t, blocks...)
		for i, n := range rowsPerPage(b) {
			if n < 2 {
				t.Errorf("filler %d: table part %d has a single body row (%v)", k, i+1, rowsPerPage(b))
			}
		}
	}
}

// TestLongTableParts: a 5 000-row table of merged groups paginates with at least two
// body rows in every part (its speed is measured by BenchmarkLongTable, not asserted).
func TestLongTableParts(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out a 5 000-row table")
	}
	b := layoutLongTable(t, engine(t), 5000)
	for i, n := range rowsPerPage(b) {
		if n < 2 {
			t.Errorf("part %d has %d row", i+1, n)
		}
	}
}

func layoutLongTable(t testing.TB, e *Engine, n int) *Book {
	tab := groupTable(n)
	doc := &sections.Doc{Chapters: []*sections.Chapter{{Heading: &sections.Heading{Level: 1, Number: "1", Text: "长表"}, Blocks: []sections.Block{tab}}}}
	b, err := e.Layout(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// BenchmarkLongTable lays out tables of 1 000 and 5 000 rows: the time per row should
// stay the same (pagination is linear in the rows).
func BenchmarkLongTable(b *testing.B) {
	e := engine(b)
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("%drows", n), func(b *testing.B) {
			for range b.N {
				// A new engine each time, as a build has: no remembered lines.
				layoutLongTable(b, New(e.fonts, e.opt), n)
			}
		})
	}
}

func TestCellsKeepNamesAndNoLoneChar(t *testing.T) {
	e := engine(t)
	d := &data.Table{HeaderRows: 1, Cols: 4, NumericCol: make([]bool, 4)}
	d.Rows = append(d.Rows, []*data.Cell{txcell("序号"), txcell("合作企业"), txcell("指导教师"), txcell("获奖学生")})
	companies := []string{"株洲示例轨道交通装备制造有限公司", "湖南示例陶瓷新材料科技有限公司", "示例智能制造技术应用", "示例现代农业开发有限公司"}
	names := []string{"胡嘉豪、欧阳明月、李娜", "司马相如、王小·明、张三丰、赵敏", "阿依古丽·买买提、刘洋", "陈闽湘、邓飞扬、殷幸妤、曾子怡、汤梦怡"}
	for i := range companies {
		d.Rows = append(d.Rows, []*data.Cell{txcell(fmt.Sprint(i + 1)), txcell(companies[i]), txcell(names[i]), txcell(names[(i+1)%4])})
	}
	tab := &sections.Table{Number: "表1-1", Caption: "示例", Data: d}
	for _, width := range []float64{e.textW, e.textW * 0.6, e.textW * 0.45} {
		ts := e.setTable(tab, width)
		checkCells(t, ts)
		for _, row := range ts.cells[1:] {
			for _, tc := range row {
				if tc == nil {
					continue
				}
				if n := len(tc.lines); n >= 2 && lonely(tc.lines[n-1]) {
					t.Errorf("width %.0f: %q leaves %q alone on its last line", width, tc.c.Text, lineText(tc.lines[n-1]))
				}
				// A name never spans a line break.
				for i := 0; i+1 < len(tc.lines); i++ {
					a, b := lineText(tc.lines[i]), lineText(tc.lines[i+1])
					for _, name := range strings.FieldsFunc(tc.c.Text, func(r rune) bool { return r == '、' }) {
						if len([]rune(name)) > 6 || !strings.Contains(tc.c.Text, name) {
							continue
						}
						for k := 1; k < len([]rune(name)); k++ {
							rs := []rune(name)
							if strings.HasSuffix(a, string(rs[:k])) && strings.HasPrefix(b, string(rs[k:])) {
								t.Errorf("width %.0f: name %q split as %q|%q", width, name, string(rs[:k]), string(rs[k:]))
							}
						}
					}
				}
			}
		}
	}
}

// TestOddTablesDoNotPanic: header-only, header-less, one-row, one huge row, more header
// rows than rows, an empty cell table.
func TestOddTablesDoNotPanic(t *testing.T) {
	mk := func(header int, rows ...[]string) *sections.Table {
		d := &data.Table{HeaderRows: header, Cols: 2, NumericCol: []bool{false, true}}
		for _, r := range rows {
			d.Rows = append(d.Rows, []*data.Cell{txcell(r[0]), txcell(r[1])})
		}
		return &sections.Table{Number: "表1-1", Caption: "怪表", Data: d}
	}
	huge := strings.Repeat("很长的单元格。", 600)
	for i, tab := range []*sections.Table{
		mk(1, []string{"甲", "乙"}),
		mk(0, []string{"甲", "1"}, []string{"乙", "2"}),
		mk(1, []string{"甲", "乙"}, []string{"丙", "1"}),
		mk(1, []string{"甲", "乙"}, []string{huge, "1"}),
		mk(1, []string{"甲", "乙"}, []string{huge, "1"}, []string{huge, "2"}, []string{"丁", "3"}),
		mk(3, []string{"甲", "乙"}),
		mk(1, []string{"", ""}, []string{"", ""}),
	} {
		b := layoutBlocks(t, para("表前。"), tab, para("表后。"))
		if !pageHas(b.Pages[len(b.Pages)-1], "表后") {
			t.Errorf("table %d: the text after it is lost", i)
		}
	}
}
