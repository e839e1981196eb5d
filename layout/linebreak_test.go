package layout

import (
	"fmt"
	"math"
	"reflect"
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
		// No paragraph ends with a lone character.
		if len(ls) > 1 && lone(ls[len(ls)-1].Units) {
			t.Errorf("paragraph ends with a lone character: %q", lineText(ls[len(ls)-1]))
		}
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

func setsWithin(t *testing.T, ls []Line, width float64) {
	t.Helper()
	for _, ln := range ls {
		if ln.Natural-ln.Half > width+1e-6 {
			t.Errorf("line %q is %.2f mm wide, the measure is %.2f", lineText(ln), ln.Natural-ln.Half, width)
		}
	}
}

// TestURLBreaks: a URL breaks only after / . - _ ? & = @, never runs past the margin,
// and its letters are never spaced out by justification.
func TestURLBreaks(t *testing.T) {
	e := engine(t)
	st := Style{Role: fonts.Serif, Size: 12}
	url := "https://www.zhuzhou-jiaoyu.example.edu.cn/zhiye_jiaoyu/report?year=2024&lang=zh-CN"
	mail := "zhijiaoke_office@zhuzhou-edu.example.cn"
	text := "本报告全文可在株洲市教育局网站查阅，网址为" + url + "，意见请发送至" + mail + "，谢谢。"
	for width := 30.0; width <= 150; width += 3.3 {
		ls := e.Break([]Span{{Text: text, Style: st}}, width, 2*e.em)
		setsWithin(t, ls, width)
		for i := 0; i+1 < len(ls); i++ {
			a, b := lineText(ls[i]), lineText(ls[i+1])
			ra, rb := []rune(a), []rune(b)
			last, first := ra[len(ra)-1], rb[0]
			if isLatin(last) && isLatin(first) {
				// Only an emergency break may split letters, and only in a piece
				// wider than the line.
				t.Errorf("width %.1f: break between letters %q | %q", width, a, b)
			}
			if in("/.-_?&=@", first) && isLatin(last) {
				t.Errorf("width %.1f: line starts with %q (break before it): %q | %q", width, first, a, b)
			}
		}
		for _, ln := range ls {
			if ln.Last {
				continue
			}
			runs := setLine(ln, 0, 0, width, Justify, 0)
			xs := 0.0
			for _, r := range runs {
				xs = max(xs, r.X+r.W)
			}
			if xs-ln.Half > width+0.01 {
				t.Errorf("width %.1f: justified line %q ends at %.2f", width, lineText(ln), xs-ln.Half)
			}
		}
	}
	// No gap inside the URL: the units of one string have no stretch between them.
	ls := e.Break([]Span{{Text: "网址" + url, Style: st}}, 60, 0)
	for _, ln := range ls {
		runs := setLine(ln, 0, 0, 60, Justify, 0)
		for k := 1; k < len(runs); k++ {
			a, b := runs[k-1], runs[k]
			ra, rb := []rune(a.Text), []rune(b.Text)
			if ra[len(ra)-1] < 0x80 && rb[0] < 0x80 && math.Abs(a.X+a.W-b.X) > 1e-3 {
				t.Errorf("gap of %.2f mm inside the URL between %q and %q", b.X-a.X-a.W, a.Text, b.Text)
			}
		}
	}
}

// TestLongWordBreaks: a word longer than the line is broken, not run past the margin.
func TestLongWordBreaks(t *testing.T) {
	e := engine(t)
	st := Style{Role: fonts.Serif, Size: 10.5}
	word := strings.Repeat("Pneumonoultramicroscopic", 3)
	for _, width := range []float64{12, 25, 40} {
		ls := e.Break([]Span{{Text: "专业名称" + word + "等", Style: st}}, width, 0)
		setsWithin(t, ls, width)
		if got := func() string {
			s := ""
			for _, ln := range ls {
				s += lineText(ln)
			}
			return s
		}(); got != "专业名称"+word+"等" {
			t.Errorf("width %v: text changed to %q", width, got)
		}
	}
}

// TestNumberClusters: a number keeps its signs, powers and symbol units.
func TestNumberClusters(t *testing.T) {
	e := engine(t)
	st := Style{Role: fonts.Serif, Size: 12}
	for _, keep := range []string{"3×10⁴", "20±2", "120㎡", "36.5℃", "5‰", "±0.5", "H₂O", "CO₂"} {
		text := "实训基地温度控制在（" + keep + "）之内并且持续稳定运行，全年达标。"
		for width := 15.0; width < 80; width += 0.7 {
			ls := e.Break([]Span{{Text: text, Style: st}}, width, 0)
			for i := 1; i < len(ls); i++ {
				a, b := lineText(ls[i-1]), lineText(ls[i])
				if strings.Contains(a+b, keep) && !strings.Contains(a, keep) && !strings.Contains(b, keep) {
					t.Fatalf("width %.1f: %q split between %q and %q", width, keep, a, b)
				}
			}
		}
	}
	// （20±2）℃: the closing bracket and ℃ never start a line.
	for width := 15.0; width < 80; width += 0.5 {
		ls := e.Break([]Span{{Text: "室温保持在（20±2）℃，湿度适宜。", Style: st}}, width, 0)
		for _, ln := range ls[1:] {
			if r := []rune(lineText(ln))[0]; r == '）' || r == '℃' {
				t.Fatalf("width %.1f: line starts with %q", width, r)
			}
		}
	}
}

// TestNoLoneLastLine: whatever the paragraph's length, its last line holds two
// characters or more besides punctuation.
func TestNoLoneLastLine(t *testing.T) {
	e := engine(t)
	st := Style{Role: fonts.Serif, Size: 12}
	han := []rune("职业教育坚持立德树人根本任务深化产教融合校企合作推进三教改革提升人才培养质量服务地方经济社会发展")
	for n := 30; n < 120; n++ {
		var b strings.Builder
		for i := range n {
			b.WriteRune(han[i%len(han)])
		}
		for _, tail := range []string{"正。", "正", "正。”", "2024年。"} {
			text := b.String() + tail
			ls := e.Break([]Span{{Text: text, Style: st}}, e.textW, 2*e.em)
			if len(ls) > 1 && lone(ls[len(ls)-1].Units) {
				t.Errorf("n=%d: last line is %q", n, lineText(ls[len(ls)-1]))
			}
			setsWithin(t, ls, e.textW)
		}
	}
}

// longParagraph is a paragraph of about 256 KB × k.
func longParagraph(k int) string {
	return strings.Repeat("职业教育坚持立德树人，深化产教融合（2024年达95.2%），网址www.example.cn/a_b。", 3000*k)
}

// TestLongParagraph: a 256 KB paragraph is broken into lines (its speed is measured by
// BenchmarkLongParagraph, not asserted here).
func TestLongParagraph(t *testing.T) {
	e := engine(t)
	st := Style{Role: fonts.Serif, Size: 12}
	text := longParagraph(1)
	if len(text) < 256<<10 {
		t.Fatalf("paragraph is only %d bytes", len(text))
	}
	ls := e.Break([]Span{{Text: text, Style: st}}, e.textW, 2*e.em)
	if len(ls) < 3000 {
		t.Errorf("only %d lines", len(ls))
	}
}

// BenchmarkLongParagraph breaks paragraphs of 256 KB and 1 MB: the time per byte should
// stay the same (linear work; the breaker looks back a bounded number of pieces).
func BenchmarkLongParagraph(b *testing.B) {
	e := engine(b)
	st := Style{Role: fonts.Serif, Size: 12}
	for _, k := range []int{1, 4} {
		text := longParagraph(k)
		b.Run(fmt.Sprintf("%dKB", len(text)>>10), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for range b.N {
				// breakParagraph, not Break: the engine's memo would answer
				// every call after the first.
				e.breakParagraph([]Span{{Text: text, Style: st}}, e.textW, 2*e.em, false)
			}
		})
	}
}

// Every character class answers as the string it is built from, for every BMP
// character and a few beyond.
func TestRuneSetsMatchTheirStrings(t *testing.T) {
	for chars, set := range map[string]*runeSet{
		noStartChars: noStartSet, noEndChars: noEndSet, halfAtEnd: halfAtEndSet,
		openingMarks: openingSet, unitChars: unitSet, numberJoin: numberJoinSet,
		urlBreak: urlBreakSet, wordPunct: wordPunctSet, superSub: superSubSet,
		numberSuffix: numberSuffixSet, "+-±$¥￥€£": signSet,
	} {
		for r := rune(-1); r < 0x10100; r++ {
			if got, want := set.has(r), strings.ContainsRune(chars, r); got != want {
				t.Fatalf("set of %q: has(%U) = %v, want %v", chars, r, got, want)
			}
		}
	}
}

// A remembered break is the break: the same lines as breaking afresh, for span lists
// that spell the same characters in different styles (which must not share a memo
// entry), at two widths, as paragraph and as title; appending to returned lines does
// not reach the memo.
func TestMemoBreakIsTheBreak(t *testing.T) {
	e := engine(t)
	body := Style{Role: fonts.Serif, Size: 12}
	bold := Style{Role: fonts.SansBold, Size: 12}
	text := strings.Repeat("全市中职学校2024年招生10438人，较上年增加5.2%。", 6)
	lists := [][]Span{
		{{Text: text, Style: body}},
		{{Text: text, Style: bold}},
		{{Text: text[:30], Style: bold}, {Text: text[30:], Style: body}},
		{{Text: text[:30], Style: body}, {Text: text[30:], Style: bold}},
		{{Text: text[:30], Style: body}, {Text: text[30:], Style: body, Ref: "tab:1"}},
	}
	for round := 0; round < 2; round++ {
		for li, spans := range lists {
			for _, w := range []float64{150, 61.5} {
				for _, title := range []bool{false, true} {
					got := e.memoBreak(spans, w, 0, title)
					want := e.breakParagraph(spans, w, 0, title)
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("round %d, list %d, width %v, title %v: remembered lines differ", round, li, w, title)
					}
					if cap(got) != len(got) {
						t.Fatalf("remembered lines have spare capacity %d > %d", cap(got), len(got))
					}
					_ = append(got, Line{Indent: 99})
				}
			}
		}
	}
	if n := len(e.memo.lines); n != len(lists)*2*2 {
		t.Errorf("memo holds %d texts, want %d", n, len(lists)*2*2)
	}
	// A full memo breaks new texts as before and stops remembering them.
	e.memo.limit = e.memo.units
	spans := []Span{{Text: text + "另", Style: body}}
	if got, want := e.Break(spans, 150, 0), e.breakParagraph(spans, 150, 0, false); !reflect.DeepEqual(got, want) {
		t.Error("past the memo's limit: lines differ")
	}
	if n := len(e.memo.lines); n != len(lists)*2*2 {
		t.Errorf("past the memo's limit it holds %d texts, want %d", n, len(lists)*2*2)
	}
}

// Units are pieces of their span's text; text that is not valid UTF-8 is set as its
// runes re-encoded (each bad byte a U+FFFD), never as the raw bytes.
func TestUnitsOfInvalidUTF8(t *testing.T) {
	e := engine(t)
	for _, text := range []string{"职业\xff教育ab\xfe12%", "全市中职学校2024年招生10438人"} {
		var got strings.Builder
		for _, ln := range e.Break([]Span{{Text: text, Style: e.body}}, 150, 0) {
			for _, u := range ln.Units {
				got.WriteString(u.text)
			}
		}
		if want := string([]rune(text)); got.String() != want {
			t.Errorf("Break(%q) sets %q, want %q", text, got.String(), want)
		}
	}
}

// appendLine adds a line's runs after a page's texts as setLine makes them: never
// merged into the runs already there, each run's text whole.
func TestAppendLineKeepsRunsApart(t *testing.T) {
	e := engine(t)
	ls := e.Break([]Span{{Text: strings.Repeat("中等职业教育质量年度报告，2024年。", 8), Style: e.body}}, 150, 0)
	var page []Glyphs
	var want []Glyphs
	for _, ln := range ls {
		page = appendLine(page, ln, 0, 10, 150, Justify, 0)
		want = append(want, setLine(ln, 0, 10, 150, Justify, 0)...)
	}
	// A line placed where the last run ends, same style: still a run of its own.
	last := page[len(page)-1]
	at := last.X + last.W
	page = appendLine(page, ls[1], at, 10, 150, Left, 0)
	want = append(want, setLine(ls[1], at, 10, 150, Left, 0)...)
	if !reflect.DeepEqual(page, want) {
		t.Fatal("appendLine's runs differ from setLine's")
	}
	var text strings.Builder
	for _, g := range setLine(ls[0], 0, 10, 150, Justify, 0) {
		text.WriteString(g.Text)
	}
	if text.String() != lineText(ls[0]) {
		t.Errorf("runs spell %q, line is %q", text.String(), lineText(ls[0]))
	}
}
