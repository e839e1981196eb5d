package layout

import (
	"math"
	"strings"
	"testing"

	"github.com/reportc/reportc/sections"
)

func para(s string) *sections.Para { return &sections.Para{Runs: []sections.Run{{Text: s}}} }

func caseOf(n, title string, body ...string) *sections.Case {
	c := &sections.Case{Number: n, Title: title, Anchor: "case-" + n}
	for _, b := range body {
		c.Paras = append(c.Paras, para(b))
	}
	return c
}

// frames returns the top and bottom of each case frame on a page (its title bar marks
// the top).
func frames(p *Page) [][2]float64 {
	var out [][2]float64
	for _, f := range p.Fills {
		if f.Gray != 0.88 {
			continue
		}
		bottom := f.Y
		for _, r := range p.Rules {
			if r.Width == 0.4 && r.X1 == r.X2 && math.Abs(r.Y1-f.Y) < 1e-6 {
				bottom = r.Y2
			}
		}
		out = append(out, [2]float64{f.Y, bottom})
	}
	return out
}

// TestCaseBoxGaps: a case box keeps the same gap of half a line pitch or more from the
// body text above and below, after a heading and at a page top too.
func TestCaseBoxGaps(t *testing.T) {
	e := engine(t)
	text := strings.Repeat("案例前后的正文，", 12)
	b := layoutBlocks(t,
		caseOf("案例1-1", "页首的案例", text),
		para(text),
		caseOf("案例1-2", "段落之后的案例", text, text),
		para(text),
		&sections.Heading{Level: 2, Number: "1.1", Text: "小节"},
		caseOf("案例1-3", "标题之后的案例", text),
		para(text))
	p := b.Pages[b.FirstBody]
	fr := frames(p)
	if len(fr) != 3 {
		t.Fatalf("%d case frames on the page, want 3", len(fr))
	}
	// Body lines: their bands (one pitch high) around the baselines.
	var bands [][2]float64
	for _, g := range p.Texts {
		if g.Style == e.body && g.Y > e.top && g.Y < e.bottom {
			top := g.Y - e.pitch/2 - 0.36*e.em
			bands = append(bands, [2]float64{top, top + e.pitch})
		}
	}
	half := e.pitch/2 - 1e-6
	if fr[0][0]-e.top < half {
		t.Errorf("box at the page top starts %.2f mm below the text block's top, want at least %.2f", fr[0][0]-e.top, half)
	}
	for i, f := range fr {
		above, below := math.Inf(1), math.Inf(1)
		for _, bd := range bands {
			if bd[1] <= f[0]+1e-6 {
				above = min(above, f[0]-bd[1])
			}
			if bd[0] >= f[1]-1e-6 {
				below = min(below, bd[0]-f[1])
			}
		}
		if below < half {
			t.Errorf("box %d: %.2f mm to the text below, want at least half a pitch (%.2f)", i+1, below, e.pitch/2)
		}
		if i == 1 && math.Abs(above-below) > 0.01 {
			t.Errorf("box %d: %.2f mm above, %.2f mm below; want the same gap", i+1, above, below)
		}
		if i == 2 {
			// After a heading: the heading's line band ends half a pitch above its bands' end.
			var hy float64
			for _, g := range p.Texts {
				if strings.Contains(g.Text, "小节") {
					hy = g.Y
				}
			}
			if gap := f[0] - (hy - 0.36*SizeSiHao*ptMM + e.pitch/2); gap < half {
				t.Errorf("box after a heading: %.2f mm below the heading's line, want at least %.2f", gap, half)
			}
		}
	}
	// Lines after a box stay on the body's line grid.
	for _, bd := range bands {
		if k := (bd[0] - e.top) / e.pitch; math.Abs(k-math.Round(k)) > 1e-6 && bd[0] > fr[2][1] {
			t.Errorf("a body line after the box is off the grid (band top %.2f)", bd[0])
		}
	}
}
