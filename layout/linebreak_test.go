package layout

import (
	"math"
	"strings"
	"testing"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/sections"
)

func engine(t testing.TB) *Engine {
	t.Helper()
	fs, err := fonts.Load()
	if err != nil {
		t.Fatal(err)
	}
	return New(fs, Options{Settings: data.Settings{BodySize: 12, HanLatin: 0.25,
		Page: data.Page{Width: 210, Height: 297, Top: 37, Bottom: 35, Inner: 28, Outer: 26}}})
}

func lineText(ln Line) string {
	var b strings.Builder
	for _, u := range ln.Units {
		b.WriteString(u.text)
	}
	return b.String()
}

func TestTextWidthIsWholeEms(t *testing.T) {
	e := engine(t)
	if n := e.TextWidth() / e.em; math.Abs(n-math.Round(n)) > 1e-9 || n != 36 {
		t.Errorf("text width = %v em, want 36", n)
	}
}

func TestNeverSplit(t *testing.T) {
	e := engine(t)
	st := Style{Role: fonts.Serif, Size: 12}
	for _, keep := range []string{"95.22%", "3751.28万元", "2024年", "——", "……", "MHT"} {
		text := "合格率达到百分之九十以上，其中" + keep + "是关键数字，继续说明情况。"
		for width := 20.0; width < 80; width += 0.7 {
			ls := e.Break([]Span{{Text: text, Style: st}}, width, 0)
			for i := 1; i < len(ls); i++ {
				a, b := lineText(ls[i-1]), lineText(ls[i])
				if strings.Contains(a+b, keep) && !strings.Contains(a, keep) && !strings.Contains(b, keep) {
					t.Fatalf("width %.1f: %q split between %q and %q", width, keep, a, b)
				}
			}
		}
	}
}

// TestExampleLines sets every paragraph of the example and checks the prohibitions and
// the flush right edge of justified lines.
func TestExampleLines(t *testing.T) {
	e := engine(t)
	r, err := data.Load("../data/2024")
	if err != nil {
		t.Fatal(err)
	}
	d, err := sections.Build(r)
	if err != nil {
		t.Fatal(err)
	}
	var paras []*sections.Para
	for _, ch := range d.Chapters {
		for _, b := range ch.Blocks {
			switch b := b.(type) {
			case *sections.Para:
				paras = append(paras, b)
			case *sections.Case:
				paras = append(paras, b.Paras...)
			}
		}
	}
	f := e.newFlow(false)
	lines := 0
	for _, p := range paras {
		ls := e.Break(f.spans(p, e.body), e.textW, 2*e.em)
		for i, ln := range ls {
			lines++
			first := []rune(ln.Units[0].text)[0]
			lastU := []rune(ln.Units[len(ln.Units)-1].text)
			last := lastU[len(lastU)-1]
			if i > 0 && in(noStartChars, first) {
				t.Errorf("line starts with %q: %s", first, lineText(ln))
			}
			if !ln.Last && in(noEndChars, last) {
				t.Errorf("line ends with %q: %s", last, lineText(ln))
			}
			if ln.Natural-ln.Half > e.textW+1e-6 {
				t.Errorf("line overflows by %.2f mm: %s", ln.Natural-ln.Half-e.textW, lineText(ln))
			}
			runs := setLine(ln, 0, 0, e.textW, Justify, 0)
			end := runs[len(runs)-1].X + runs[len(runs)-1].W - ln.Half
			if !ln.Last && math.Abs(end-e.textW) > 0.01 {
				t.Errorf("justified line ends at %.2f, not %.2f: %s", end, e.textW, lineText(ln))
			}
		}
	}
	if lines < 500 {
		t.Errorf("only %d lines set", lines)
	}
}

func TestRoman(t *testing.T) {
	for n, want := range map[int]string{1: "i", 4: "iv", 9: "ix", 14: "xiv", 40: "xl"} {
		if got := Roman(n); got != want {
			t.Errorf("Roman(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestAdjacentMarksCompress(t *testing.T) {
	e := engine(t)
	st := Style{Role: fonts.Serif, Size: 12}
	em := 12 * ptMM
	width := func(s string) float64 {
		w := 0.0
		for _, u := range e.units([]Span{{Text: s, Style: st}}) {
			w += u.width
		}
		return w
	}
	for s, want := range map[string]float64{
		"说。”": 2.5, // closing + closing
		"）、":  1.5,
		"，“":  1.5, // closing + opening
		"（“":  1.5, // opening + opening
		"“（":  1.5, // opening + opening
		"中文":  2,
		"”中":  2,
	} {
		if got := width(s) / em; math.Abs(got-want) > 1e-6 {
			t.Errorf("%q is %.2f em wide, want %.2f", s, got, want)
		}
	}
	// A squeezed mark ends its text run, so the next glyph is placed where the layout
	// says, not where the font's full advance would put it.
	ln := e.Break([]Span{{Text: "他说：“好。”", Style: st}}, 100, 0)[0]
	runs := setLine(ln, 0, 0, 100, Left, 0)
	if len(runs) < 3 {
		t.Errorf("runs = %+v", runs)
	}
}
