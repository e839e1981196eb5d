package layout

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/sections"
)

// longTable makes a table of n body rows; one row has a cell whose text is taller than
// a page.
func longTable(n int, tallRow int) *sections.Table {
	d := &data.Table{HeaderRows: 1, Cols: 3, NumericCol: []bool{false, false, true}}
	cell := func(s string, num bool) *data.Cell {
		return &data.Cell{Text: s, Numeric: num, RowSpan: 1, ColSpan: 1}
	}
	d.Rows = append(d.Rows, []*data.Cell{cell("序号", false), cell("学校", false), cell("人数", false)})
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("第%d所学校", i)
		if i == tallRow {
			name = strings.Repeat("很长的说明文字，", 400)
		}
		d.Rows = append(d.Rows, []*data.Cell{cell(fmt.Sprint(i), true), cell(name, false), cell(fmt.Sprint(100+i), true)})
	}
	return &sections.Table{Number: "表1-1", Caption: "测试长表", Source: "测试", Anchor: "tab-long", Data: d}
}

func layoutBlocks(t *testing.T, blocks ...sections.Block) *Book {
	t.Helper()
	e := engine(t)
	doc := &sections.Doc{Chapters: []*sections.Chapter{{
		Heading: &sections.Heading{Level: 1, Number: "1", Text: "测试", Anchor: "h1"},
		Blocks:  blocks,
	}}}
	b, err := e.Layout(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pageText joins a page's runs in drawing order (a line may be several runs).
func pageText(p *Page) string {
	var b strings.Builder
	for _, g := range p.Texts {
		b.WriteString(g.Text)
	}
	return b.String()
}

func pageHas(p *Page, s string) bool { return strings.Contains(pageText(p), s) }

func TestLongTableRepeatsHeaderUnderContinuedCaption(t *testing.T) {
	e := engine(t)
	b := layoutBlocks(t, longTable(150, 70))
	body := b.Pages[b.FirstBody:]
	if len(body) < 5 {
		t.Fatalf("a 150-row table with a page-tall row took only %d pages", len(body))
	}
	for i, p := range body {
		if i > 0 && !pageHas(p, "续表1-1") {
			t.Errorf("body page %d lacks 续表1-1", i+1)
		}
		if !pageHas(p, "学校") || !pageHas(p, "人数") {
			t.Errorf("body page %d lacks the header row", i+1)
		}
		for _, g := range p.Texts {
			if g.Y > e.bottom+1e-6 && g.Text != p.Label {
				t.Errorf("body page %d: %q below the text block (y=%.1f > %.1f)", i+1, g.Text, g.Y, e.bottom)
			}
		}
		for _, r := range p.Rules {
			if r.Y2 > e.bottom+1e-6 {
				t.Errorf("body page %d: rule below the text block", i+1)
				break
			}
		}
	}
	// Every body row is printed exactly once.
	all := ""
	for _, p := range body {
		all += pageText(p)
	}
	for i := 1; i <= 150; i++ {
		name := fmt.Sprintf("第%d所学校", i)
		if n := strings.Count(all, name); i != 70 && n != 1 {
			t.Errorf("row %q printed %d times", name, n)
		}
	}
	// A phrase may break over a page, so count one of its characters.
	if n := strings.Count(all, "很"); n != 400 {
		t.Errorf("the page-tall cell printed %d of its 400 phrases", n)
	}
	if !pageHas(body[len(body)-1], "数据来源：测试") {
		t.Error("数据来源 not under the table")
	}
}

// TestMergedCellsAreRealMerges: no rule crosses a merged cell.
func TestMergedCellsAreRealMerges(t *testing.T) {
	r, err := data.Load("../data/2024")
	if err != nil {
		t.Fatal(err)
	}
	for _, label := range []string{"tab-satisfaction", "tab-alliance"} {
		tab := &sections.Table{Number: "表1-1", Caption: "x", Anchor: label, Data: r.Tables[label]}
		e := engine(t)
		ts := e.setTable(tab, e.textW)
		f := e.newFlow(false)
		f.newPage()
		merges := 0
		for ri, row := range ts.cells {
			for _, tc := range row {
				if tc == nil || tc.c.RowSpan < 2 {
					continue
				}
				merges++
				// Draw just the merge's rows and look for a horizontal rule inside it.
				f.page.Rules = nil
				f.y = e.top
				f.tableRows(ts, ri, ri+tc.c.RowSpan-1)
				top, bottom := e.top, e.top+ts.height(ri, ri+tc.c.RowSpan-1)
				x0, x1 := f.x()+tc.x, f.x()+tc.x+tc.w
				for _, rule := range f.page.Rules {
					if rule.Y1 == rule.Y2 && rule.Y1 > top+0.01 && rule.Y1 < bottom-0.01 && rule.X1 < x1-0.01 && rule.X2 > x0+0.01 {
						t.Errorf("%s: a rule crosses the merged cell %q", label, tc.c.Text)
						break
					}
				}
			}
		}
		if merges == 0 {
			t.Errorf("%s has no vertical merges", label)
		}
	}
}

func TestOuterDashPageNumbers(t *testing.T) {
	e := engine(t)
	e.opt.Settings.PageNumbers = "outer-dash"
	var paras []sections.Block
	for i := 0; i < 60; i++ {
		paras = append(paras, &sections.Para{Runs: []sections.Run{{Text: strings.Repeat("测试文字，", 30)}}})
	}
	doc := &sections.Doc{Chapters: []*sections.Chapter{{Heading: &sections.Heading{Level: 1, Number: "1", Text: "测试"}, Blocks: paras}}}
	b, err := e.Layout(doc)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range b.Pages[b.FirstBody : b.FirstBody+4] {
		want := fmt.Sprintf("— %d —", i+1)
		var g *Glyphs
		for k := range p.Texts {
			if p.Texts[k].Text == want {
				g = &p.Texts[k]
			}
		}
		if g == nil {
			t.Fatalf("body page %d has no %q", i+1, want)
		}
		mid := b.Width / 2
		if odd := (i+1)%2 == 1; odd != (g.X > mid) {
			t.Errorf("page %d: number at x=%.1f, want the outer side", i+1, g.X)
		}
	}
}

func TestSealOverIssuerName(t *testing.T) {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 50, 50)))
	e := engine(t)
	doc := &sections.Doc{
		Meta: data.Meta{Title: "报告", Issuer: "某市教育局", Statement: data.Statement{Paragraphs: []string{"某市教育局对本报告负责。"}, Date: "2025年2月"}},
		Seal: buf.Bytes(),
		Chapters: []*sections.Chapter{{Heading: &sections.Heading{Level: 1, Number: "1", Text: "章"},
			Blocks: []sections.Block{&sections.Para{Runs: []sections.Run{{Text: "正文。"}}}}}},
	}
	b, err := e.Layout(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range b.Pages[:b.FirstBody] {
		if !pageHas(p, "内容真实性责任声明") {
			continue
		}
		if len(p.Pictures) != 1 || p.Pictures[0].Key != "seal" {
			t.Fatalf("statement page pictures = %+v", p.Pictures)
		}
		var name *Glyphs
		for i := range p.Texts {
			if p.Texts[i].Text == "某市教育局" {
				name = &p.Texts[i]
			}
		}
		s := p.Pictures[0]
		if name == nil || name.Y < s.Y || name.Y > s.Y+s.H || name.X+name.W < s.X || name.X > s.X+s.W {
			t.Errorf("seal %+v is not over the unit's name %+v", s, name)
		}
		return
	}
	t.Fatal("no statement page")
}

// A case's attribution closes its box, right-aligned inside the frame, below the text.
func TestCaseAttributionRightAligned(t *testing.T) {
	c := &sections.Case{Number: "案例1-1", Title: "测试案例", Anchor: "case-a",
		Paras:       []*sections.Para{{Runs: []sections.Run{{Text: "学校以赛促学，组织学生参加技能大赛。"}}}},
		Attribution: []string{"（供稿：学生工作处）"}}
	b := layoutBlocks(t, c)
	var page *Page
	for _, p := range b.Pages {
		if pageHas(p, "供稿") {
			page = p
		}
	}
	if page == nil {
		t.Fatal("attribution not printed")
	}
	var fill *Fill
	for i := range page.Fills {
		fill = &page.Fills[i]
	}
	if fill == nil {
		t.Fatal("no title bar")
	}
	right := fill.X + fill.W
	var body, attr *Glyphs
	for i, g := range page.Texts {
		if strings.Contains(g.Text, "技能大赛") {
			body = &page.Texts[i]
		}
		if strings.Contains(g.Text, "学生工作处") {
			attr = &page.Texts[i]
		}
	}
	if body == nil || attr == nil {
		t.Fatalf("body %v, attribution %v", body, attr)
	}
	if attr.Y <= body.Y {
		t.Errorf("attribution at y=%.1f is not below the text (y=%.1f)", attr.Y, body.Y)
	}
	var last *Glyphs
	for i, g := range page.Texts {
		if g.Y == attr.Y {
			last = &page.Texts[i]
		}
	}
	if end := last.X + last.W; end > right || end < right-2*attr.Style.Size-2 {
		t.Errorf("attribution ends at x=%.1f, box's right edge %.1f: not right-aligned inside the frame", end, right)
	}
	if attr.X < fill.X+fill.W/2 {
		t.Errorf("attribution starts at x=%.1f, left half of the box", attr.X)
	}
	// The frame's bottom rule is below the attribution.
	bottom := 0.0
	for _, r := range page.Rules {
		bottom = max(bottom, r.Y1, r.Y2)
	}
	if bottom <= attr.Y {
		t.Errorf("frame bottom %.1f not below the attribution %.1f", bottom, attr.Y)
	}
}
