package layout

import (
	"fmt"
	"sort"
	"testing"

	"github.com/reportc/reportc/charts"
	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/sections"
)

// buildReport loads a report folder and lays it out with its real charts (drawn without
// a disk cache).
func buildReport(t testing.TB, dir string) (*Engine, *sections.Doc, *Book) {
	t.Helper()
	rep, err := data.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := sections.Build(rep)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := fonts.Load()
	if err != nil {
		t.Fatal(err)
	}
	cr := charts.NewRenderer(fs)
	if _, err := cr.RenderAll(doc.Figures); err != nil {
		t.Fatal(err)
	}
	e := New(fs, Options{Settings: rep.Meta.Settings, ChartImage: cr.Func(), ChartShort: cr.ShortFunc()})
	b, err := e.Layout(doc)
	if err != nil {
		t.Fatal(err)
	}
	return e, doc, b
}

// sourceOrder lists the labels of every heading, table, figure and case of the body in
// source order, as the marks print them.
func sourceOrder(d *sections.Doc) []string {
	var out []string
	for _, ch := range d.Chapters {
		if ch.Heading != nil {
			out = append(out, ch.Heading.Label())
		}
		for _, b := range ch.Blocks {
			switch b := b.(type) {
			case *sections.Heading:
				out = append(out, b.Label())
			case *sections.Table:
				out = append(out, b.Label())
			case *sections.Figure:
				out = append(out, b.Label())
			case *sections.Case:
				out = append(out, b.Label())
			}
		}
	}
	return out
}

// printedOrder lists the body's marks in the order they stand on the pages (page, then
// height on the page).
func printedOrder(b *Book) []string {
	var ms []Mark
	for _, m := range b.Marks {
		if m.Page >= b.FirstBody && m.Kind != MarkFront {
			ms = append(ms, m)
		}
	}
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Page != ms[j].Page {
			return ms[i].Page < ms[j].Page
		}
		return ms[i].Y < ms[j].Y-1e-6
	})
	var out []string
	for _, m := range ms {
		out = append(out, m.Text)
	}
	return out
}

// checkSourceOrder: every heading, table, figure and case prints in source order, so
// every figure stands under its own heading and never after a later table or case.
func checkSourceOrder(t *testing.T, d *sections.Doc, b *Book) {
	t.Helper()
	want, got := sourceOrder(d), printedOrder(b)
	if len(want) != len(got) {
		t.Errorf("%d blocks in the source, %d printed", len(want), len(got))
	}
	for i := range min(len(want), len(got)) {
		if want[i] != got[i] {
			t.Errorf("block %d: printed %q where the source has %q", i, got[i], want[i])
			return
		}
	}
}

// pageFill is how much of a body page's text block is used.
type pageFill struct {
	label  string
	empty  float64 // fraction of the text block's height left empty at the foot
	exempt string  // why the page may be emptier: "chapter end", "before full-page …"
}

// fills measures every body page: the lowest point drawn inside the text block against
// its height. A chapter's last page and a page before a block that takes a full page
// are exempt from the 30 % rule.
func fills(e *Engine, b *Book) []pageFill {
	var out []pageFill
	chapterStart := map[int]bool{}
	for _, m := range b.Marks {
		if m.Kind == MarkHeading && m.Level == 1 {
			chapterStart[m.Page] = true
		}
	}
	for i := b.FirstBody; i < len(b.Pages); i++ {
		p := b.Pages[i]
		low := e.top
		for _, g := range p.Texts {
			if g.Y > e.top && g.Y < e.bottom+2 {
				low = max(low, g.Y+0.25*g.Style.Size*ptMM)
			}
		}
		for _, r := range p.Rules {
			if r.Y1 >= e.top-1 && r.Y2 <= e.bottom+1 {
				low = max(low, r.Y1, r.Y2)
			}
		}
		for _, pic := range p.Pictures {
			low = max(low, pic.Y+pic.H)
		}
		for _, fl := range p.Fills {
			low = max(low, fl.Y+fl.H)
		}
		pf := pageFill{label: p.Label, empty: max(0, (e.bottom-low)/(e.bottom-e.top))}
		switch {
		case i+1 == len(b.Pages) || chapterStart[i+1]:
			pf.exempt = "chapter end"
		case p.beforeFull != "":
			pf.exempt = "before full-page " + p.beforeFull
		}
		out = append(out, pf)
	}
	return out
}

// checkFill fails for a body page more than 30 % empty without an exemption and
// returns a summary of the figures.
func checkFill(t *testing.T, e *Engine, b *Book) string {
	t.Helper()
	worst, sum, n := 0.0, 0.0, 0
	worstLabel := ""
	for _, pf := range fills(e, b) {
		if pf.exempt != "" {
			continue
		}
		n++
		sum += pf.empty
		if pf.empty > worst {
			worst, worstLabel = pf.empty, pf.label
		}
		if pf.empty > 0.30 {
			t.Errorf("body page %s is %.0f %% empty", pf.label, 100*pf.empty)
		}
	}
	if n == 0 {
		return "no page subject to the rule"
	}
	return fmt.Sprintf("%d pages subject to the rule, mean %.1f %% empty, worst %.1f %% (page %s)", n, 100*sum/float64(n), 100*worst, worstLabel)
}

func TestExampleFiguresStayInSectionAndPagesFill(t *testing.T) {
	if testing.Short() {
		t.Skip("draws every chart of the example")
	}
	e, doc, b := buildReport(t, "../data/2024")
	checkSourceOrder(t, doc, b)
	t.Logf("example: %d pages; %s; %d blocks start a page", len(b.Pages), checkFill(t, e, b), checkStarts(t, e, doc, b))
	for _, pf := range fills(e, b) {
		if pf.empty > 0.2 {
			t.Logf("  page %s %.0f %% empty %s", pf.label, 100*pf.empty, pf.exempt)
		}
	}
}

// checkCells: every line of every cell stays inside its cell, and no number is broken
// (a line never ends with a digit while the next starts with one).
func checkCells(t *testing.T, ts *tableSet) {
	t.Helper()
	for _, row := range ts.cells {
		for _, tc := range row {
			if tc == nil {
				continue
			}
			for i, ln := range tc.lines {
				if w := ln.Natural - ln.Half; w > tc.w-2*cellPadX+1e-6 {
					t.Errorf("%s: %q runs %.2f mm past its cell", ts.t.Number, lineText(ln), w-(tc.w-2*cellPadX))
				}
				if i+1 < len(tc.lines) {
					a, b := ln.Units[len(ln.Units)-1], tc.lines[i+1].Units[0]
					if isDigit(a.last) && isDigit(b.first) {
						t.Errorf("%s: a number breaks inside its digits in %q", ts.t.Number, tc.c.Text)
					}
				}
			}
		}
	}
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func TestExampleTablesFit(t *testing.T) {
	rep, err := data.Load("../data/2024")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := sections.Build(rep)
	if err != nil {
		t.Fatal(err)
	}
	e := engine(t)
	for _, tab := range doc.Tables {
		ts := e.setTable(tab, e.textW)
		if !ts.fits {
			t.Errorf("%s does not fit", tab.Number)
		}
		if ts.size != SizeWuHao {
			t.Logf("%s set in %.1f pt", tab.Number, ts.size)
		}
		checkCells(t, ts)
	}
}

// BenchmarkLayoutExample lays out the example report (loaded, and its charts drawn,
// once outside the timer) with a new engine each time, as a build does: the layout
// engine's own share of a build.
func BenchmarkLayoutExample(b *testing.B) {
	e, doc, _ := buildReport(b, "../data/2024")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := New(e.fonts, e.opt).Layout(doc); err != nil {
			b.Fatal(err)
		}
	}
}
