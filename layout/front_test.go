package layout

import (
	"math"
	"strings"
	"testing"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/sections"
)

func exampleDoc(t *testing.T) *sections.Doc {
	t.Helper()
	r, err := data.Load("../data/2024")
	if err != nil {
		t.Fatal(err)
	}
	d, err := sections.Build(r)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestFitHeader(t *testing.T) {
	e := engine(t)
	hs := Style{Role: fonts.Sans, Size: SizeXiaoWu}
	if got := e.fitHeader(hs, "1. 基本情况", ""); got != "1. 基本情况" {
		t.Errorf("short header changed to %q", got)
	}
	long := strings.Repeat("全州中等职业教育发展环境与办学基本条件", 4)
	if got := e.fitHeader(hs, long, "发展环境"); got != "发展环境" {
		t.Errorf("header = %q, want the short title", got)
	}
	got := e.fitHeader(hs, long, "")
	if !strings.HasSuffix(got, "……") || e.advance(hs, got) > e.textW+1e-6 || !strings.HasPrefix(long, strings.TrimSuffix(got, "……")) {
		t.Errorf("cut header = %q (%.1f mm of %.1f)", got, e.advance(hs, got), e.textW)
	}
}

// TestLeadersOnGrid: the dots of every list entry sit on one grid from the text
// block's left edge, and their ends differ by a dot at most (page numbers of one
// and two digits).
func TestLeadersOnGrid(t *testing.T) {
	e := engine(t)
	book, err := e.Layout(exampleDoc(t))
	if err != nil {
		t.Fatal(err)
	}
	dotW := e.advance(Style{Role: fonts.Serif, Size: SizeXiaoSi}, ". ")
	leaders := 0
	for i, p := range book.Pages[:book.FirstBody] {
		ends := map[float64]bool{}
		for _, g := range p.Texts {
			if !strings.HasPrefix(g.Text, ". .") {
				continue
			}
			leaders++
			k := (g.X - e.left(i)) / dotW
			if math.Abs(k-math.Round(k)) > 1e-6 {
				t.Errorf("page %d: leader at %.3f mm is off the grid (%.3f cells)", i+1, g.X, k)
			}
			ends[math.Round((g.X+g.W)*1000)/1000] = true
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for x := range ends {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
		if hi-lo > dotW+1e-6 {
			t.Errorf("page %d: leaders end between %.2f and %.2f mm, more than one dot apart", i+1, lo, hi)
		}
	}
	if leaders < 50 {
		t.Errorf("only %d leaders", leaders)
	}
}

// TestFrontRunningHeaders: with "list" every front-matter continuation page carries
// its section's header and no first page does; with "none" no front page has one.
func TestFrontRunningHeaders(t *testing.T) {
	d := exampleDoc(t)
	for _, mode := range []string{"list", "none"} {
		e := engine(t)
		e.opt.Settings.FrontHeader = mode
		e.opt.Settings.Header = "chapter"
		book, err := e.Layout(d)
		if err != nil {
			t.Fatal(err)
		}
		titled := map[int]bool{}
		for _, m := range book.Marks {
			if m.Kind == MarkFront {
				titled[m.Page] = true
			}
		}
		headers := 0
		for i, p := range book.Pages[1:book.FirstBody] {
			pi := i + 1
			has := false
			for _, g := range p.Texts {
				if math.Abs(g.Y-(e.top-8)) < 1e-6 {
					has = true
				}
			}
			empty := len(p.Texts) == 0
			switch {
			case has && (mode == "none" || titled[pi]):
				t.Errorf("%s: page %d has a running header", mode, pi+1)
			case !has && mode == "list" && !titled[pi] && !empty:
				t.Errorf("%s: continuation page %d has no running header", mode, pi+1)
			}
			if has {
				headers++
			}
		}
		if mode == "list" && headers == 0 {
			t.Error("list: no continuation page found")
		}
	}
}

// TestTitleBreaks: titles break after names and punctuation, in balanced lines, never
// inside （单位：%） or 中等职业 when a better place exists.
func TestTitleBreaks(t *testing.T) {
	e := engine(t)
	cover := Style{Role: fonts.SansBold, Size: SizeYiHao}
	ls := e.BreakTitle([]Span{{Text: "醴陵市陶瓷烟花职业技术学校中等职业教育质量年度报告", Style: cover}}, e.textW)
	if len(ls) != 2 || lineText(ls[0]) != "醴陵市陶瓷烟花职业技术学校" {
		var got []string
		for _, l := range ls {
			got = append(got, lineText(l))
		}
		t.Errorf("cover title lines = %q", got)
	}
	caption := "表1-2 2023—2024年全市中职学校师生、家长、用人单位满意度比较（单位：%）"
	for width := 40.0; width < 120; width += 1.3 {
		ls := e.BreakTitle([]Span{{Text: caption, Style: captionText}}, width)
		for i := 0; i+1 < len(ls); i++ {
			a, b := lineText(ls[i]), lineText(ls[i+1])
			if strings.HasSuffix(a, "单") || strings.HasSuffix(a, "中等") {
				t.Errorf("width %.1f: caption broken as %q | %q", width, a, b)
			}
		}
		// Balanced: no line much shorter than the others (except when one is forced).
		if len(ls) == 2 {
			a, b := ls[0].Natural, ls[1].Natural
			if math.Min(a, b) < 0.3*math.Max(a, b) {
				t.Errorf("width %.1f: unbalanced %q | %q", width, lineText(ls[0]), lineText(ls[1]))
			}
		}
	}
}

// TestBoardGrid: thirty members with names of one to eight characters stand in a few
// columns shared by all roles, and the three-line board title pushes them down.
func TestBoardGrid(t *testing.T) {
	r, err := data.Load("../testdata/stress/city-long")
	if err != nil {
		t.Fatal(err)
	}
	d, err := sections.Build(r)
	if err != nil {
		t.Fatal(err)
	}
	e := New(engine(t).fonts, Options{Settings: r.Meta.Settings})
	book, err := e.Layout(d)
	if err != nil {
		t.Fatal(err)
	}
	var page *Page
	phys := 0
	for _, m := range book.Marks {
		if m.Anchor == "front-board" {
			page, phys = book.Pages[m.Page], m.Page
		}
	}
	if page == nil {
		t.Fatal("no 编委会 page")
	}
	names := map[string]bool{}
	for _, mem := range r.Meta.Board.Members {
		for _, n := range mem.Names {
			names[n] = true
		}
	}
	xs := map[float64]bool{}
	titleBottom, firstName := 0.0, math.Inf(1)
	found := 0
	for _, g := range page.Texts {
		if g.Style.Size == SizeErHao {
			titleBottom = math.Max(titleBottom, g.Y)
		}
		if names[g.Text] {
			found++
			xs[math.Round((g.X-e.left(phys))*100)/100] = true
			firstName = math.Min(firstName, g.Y)
		}
	}
	if found < 30 {
		t.Errorf("%d names found on the page, want 30 or more", found)
	}
	if len(xs) > 7 {
		t.Errorf("names stand at %d different x positions: %v", len(xs), xs)
	}
	if firstName <= titleBottom+e.pitch {
		t.Errorf("first name at %.1f mm does not clear the title ending at %.1f mm", firstName, titleBottom)
	}
}
