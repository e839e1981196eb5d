package charts

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/sections"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.json")

var (
	fontsOnce sync.Once
	fontSet   *fonts.Set
	fontErr   error
)

func testFonts(t *testing.T) *fonts.Set {
	t.Helper()
	fontsOnce.Do(func() { fontSet, fontErr = fonts.Load() })
	if fontErr != nil {
		t.Fatal(fontErr)
	}
	return fontSet
}

// series makes a series; a NaN value stands for an empty cell. Cells are B2, B3… for
// the first series of a sheet "图", C2… for the second (col).
func series(name string, col byte, vals ...float64) data.Series {
	s := data.Series{Name: name}
	for i, v := range vals {
		s.Values = append(s.Values, 0)
		s.Valid = append(s.Valid, !math.IsNaN(v))
		if !math.IsNaN(v) {
			s.Values[i] = v
		}
		s.Cells = append(s.Cells, data.Pos{File: "workbooks/图表.xlsx", Sheet: "图", Cell: fmt.Sprintf("%c%d", col, i+2)})
	}
	return s
}

var empty = math.NaN()

func chartOf(label string, kind data.ChartKind, cats []string, ss ...data.Series) *data.Chart {
	return &data.Chart{Label: label, Kind: kind, Categories: cats, Series: ss,
		Pos: data.Pos{File: "workbooks/图表.xlsx", Sheet: "图"}}
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func is(img image.Image, x, y int, c drawing.Color) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	return uint8(r>>8) == c.R && uint8(g>>8) == c.G && uint8(b>>8) == c.B
}

// colorRuns returns, along row y, the runs of pixels that have one of cols: the index
// of the colour and the run's first and last x.
func colorRuns(img image.Image, y int, cols []drawing.Color) [][3]int {
	var runs [][3]int
	b := img.Bounds()
	for x := b.Min.X; x < b.Max.X; x++ {
		k := slices.IndexFunc(cols, func(c drawing.Color) bool { return is(img, x, y, c) })
		if k < 0 {
			continue
		}
		if n := len(runs); n > 0 && runs[n-1][0] == k && runs[n-1][2] == x-1 {
			runs[n-1][2] = x
		} else {
			runs = append(runs, [3]int{k, x, x})
		}
	}
	return runs
}

// baselineRow finds the zero line: the lowest row that is axis colour over half the width.
func baselineRow(t *testing.T, img image.Image) int {
	t.Helper()
	b := img.Bounds()
	for y := b.Max.Y - 1; y >= 0; y-- {
		n := 0
		for x := 0; x < b.Max.X; x++ {
			if is(img, x, y, axisColor) {
				n++
			}
		}
		if n > b.Dx()/2 {
			return y
		}
	}
	t.Fatal("no baseline found")
	return 0
}

// barTop scans up from row y at column x while the pixel has colour c and returns the
// last row of that colour.
func barTop(img image.Image, x, y int, c drawing.Color) int {
	for y > 0 && is(img, x, y-1, c) {
		y--
	}
	return y
}

func TestKinds(t *testing.T) {
	fs := testFonts(t)
	three := []string{"招生数", "在校生数", "毕业生数"}
	tests := []struct {
		name  string
		chart *data.Chart
		w, h  int
		check func(t *testing.T, img image.Image)
	}{
		{"bar", chartOf("bar", data.ChartBar, three, series("人数", 'B', 1000, 2000, 3000)), 1800, 1080,
			func(t *testing.T, img image.Image) {
				// Bars from zero: heights proportional to the values, feet on one row.
				base := baselineRow(t, img)
				runs := colorRuns(img, base-3, palette[:1])
				if len(runs) != 3 {
					t.Fatalf("bars above baseline = %d, want 3", len(runs))
				}
				var hs []float64
				for _, r := range runs {
					x := (r[1] + r[2]) / 2
					hs = append(hs, float64(base-barTop(img, x, base-3, palette[0])))
					axisTop := base
					for is(img, x, axisTop-1, axisColor) {
						axisTop--
					}
					if !is(img, x, axisTop-1, palette[0]) {
						t.Errorf("bar at x=%d does not reach the baseline", x)
					}
				}
				for i, want := range []float64{1, 2, 3} {
					if got := hs[i] / hs[0]; math.Abs(got-want) > 0.02 {
						t.Errorf("bar %d: height ratio %.3f, want %v (axis from zero)", i, got, want)
					}
				}
			}},
		{"grouped", chartOf("grouped", data.ChartGroupedBar, three,
			series("2023年", 'B', 9354, 29605, 6792), series("2024年", 'C', 10438, 29304, 8404)), 1800, 1080,
			func(t *testing.T, img image.Image) {
				base := baselineRow(t, img)
				runs := colorRuns(img, base-3, palette[:2])
				if len(runs) != 6 {
					t.Fatalf("bar rectangles = %d, want 6 (2 series × 3 categories)", len(runs))
				}
				var bottoms []int
				for i, r := range runs {
					if r[0] != i%2 {
						t.Errorf("bar %d has series colour %d, want %d", i, r[0], i%2)
					}
					x := (r[1] + r[2]) / 2
					y := base - 3
					for is(img, x, y+1, palette[r[0]]) {
						y++
					}
					bottoms = append(bottoms, y)
				}
				for _, b := range bottoms {
					if b != bottoms[0] {
						t.Errorf("bar feet at rows %v, want one row", bottoms)
						break
					}
				}
				// The two series have their own colours in a legend on top.
				if top := colorRuns(img, 40, palette[:2]); len(top) != 2 {
					t.Errorf("legend swatches = %d, want 2", len(top))
				}
			}},
		{"stacked", chartOf("stacked", data.ChartStacked, []string{"2022年", "2023年", "2024年"},
			series("升学", 'B', empty, 5186, 5716), series("就业", 'C', empty, 2464, 2348), series("其他", 'D', empty, empty, 340)), 1800, 1080,
			func(t *testing.T, img image.Image) {
				base := baselineRow(t, img)
				runs := colorRuns(img, base-3, palette[:3])
				if len(runs) != 2 {
					t.Fatalf("stacks = %d, want 2 (2022 has no values)", len(runs))
				}
				// Up the middle of the 2024 column: 升学, 就业, 其他 in that order, in
				// proportion to their values.
				x := (runs[1][1] + runs[1][2]) / 2
				y := base - 3
				var seq []int
				var lens []int
				for ; y > 0; y-- {
					k := slices.IndexFunc(palette[:3], func(c drawing.Color) bool { return is(img, x, y, c) })
					if k < 0 {
						if is(img, x, y, white) && len(seq) > 0 && len(seq) < 3 {
							continue // the hairline between segments, or a label inside
						}
						if len(seq) == 3 {
							break
						}
						continue
					}
					if len(seq) == 0 || seq[len(seq)-1] != k {
						seq = append(seq, k)
						lens = append(lens, 0)
					}
					lens[len(lens)-1]++
				}
				if !slices.Equal(seq, []int{0, 1, 2}) {
					t.Fatalf("segments bottom up = %v, want [0 1 2]", seq)
				}
				if r := float64(lens[2]) / 340 * 5716; math.Abs(r-float64(lens[0]))/float64(lens[0]) > 0.15 {
					t.Errorf("segment heights %v not in proportion to 5716:340", lens)
				}
			}},
		{"hbar", chartOf("hbar", data.ChartHBar, []string{"湖南省商业技师学院", "醴陵市陶瓷烟花职业技术学校", "湖南航空技师学院"},
			series("一等奖", 'B', 8, 6, 5), series("二等奖", 'C', 10, 9, 8)), 1800, 1080,
			func(t *testing.T, img image.Image) {
				// Find rows crossing bars: each crosses segment 0 then segment 1, with
				// lengths in proportion 8:10 on the first bar.
				for y := 0; y < img.Bounds().Dy(); y++ {
					runs := colorRuns(img, y, palette[:2])
					if len(runs) < 2 || runs[0][2]-runs[0][1] < 100 {
						continue
					}
					l0, l1 := runs[0][2]-runs[0][1]+1, runs[len(runs)-1][2]-runs[len(runs)-1][1]+1
					if runs[0][0] != 0 || runs[len(runs)-1][0] != 1 {
						t.Fatalf("row %d: segments %v, want series 0 then 1", y, runs)
					}
					if r := float64(l1) / float64(l0); math.Abs(r-10.0/8) > 0.05 {
						t.Errorf("row %d: segment lengths %d, %d, want 8:10", y, l0, l1)
					}
					// The long labels sit left of the bars.
					if runs[0][1] < 300 {
						t.Errorf("bars start at x=%d: no room for the labels on the left", runs[0][1])
					}
					return
				}
				t.Fatal("no bar found")
			}},
		{"hbar-tall", chartOf("hbar-tall", data.ChartHBar, strings.Fields("甲校 乙校 丙校 丁校 戊校 己校 庚校 辛校 壬校 癸校 子校 丑校 寅校 卯校 辰校 巳校 午校 未校 申校 酉校"),
			series("数", 'B', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)), 1800, 0, nil},
		{"pie", chartOf("pie", data.ChartPie, []string{"升学", "就业"}, series("人数", 'B', 75, 25)), 1800, 1080,
			func(t *testing.T, img image.Image) {
				n := [2]int{}
				b := img.Bounds()
				for y := 0; y < b.Dy(); y++ {
					for x := 0; x < b.Dx(); x++ {
						for k := range n {
							if is(img, x, y, palette[k]) {
								n[k]++
							}
						}
					}
				}
				if r := float64(n[0]) / float64(n[1]); r < 2.6 || r > 3.4 {
					t.Errorf("slice areas %v: ratio %.2f, want about 3", n, r)
				}
			}},
		{"line", chartOf("line", data.ChartLine, []string{"2021年", "2022年", "2023年", "2024年"},
			series("就业率", 'B', 92.5, 93.1, empty, 97.3)), 1800, 1080,
			func(t *testing.T, img image.Image) {
				// Columns with the line colour: the line 2021–2022, then a gap, then the
				// lone 2024 marker.
				b := img.Bounds()
				var cols []int
				for x := 0; x < b.Dx(); x++ {
					for y := 0; y < b.Dy(); y++ {
						if is(img, x, y, linePalette[0]) {
							cols = append(cols, x)
							break
						}
					}
				}
				groups := 0
				for i, x := range cols {
					// (The white ring round a marker parts it from its line by a pixel or two.)
					if i == 0 || x > cols[i-1]+20 {
						groups++
					}
				}
				if groups != 2 {
					t.Errorf("line pieces = %d, want 2 (broken at the missing 2023 value)", groups)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := NewRenderer(fs).Render(tc.chart)
			if err != nil {
				t.Fatal(err)
			}
			img := decode(t, b)
			w, h := img.Bounds().Dx(), img.Bounds().Dy()
			if w != tc.w {
				t.Errorf("width = %d, want %d", w, tc.w)
			}
			if tc.h != 0 && h != tc.h {
				t.Errorf("height = %d, want %d", h, tc.h)
			}
			if tc.h == 0 && (h <= BaseHeight || h > MaxHeight) {
				t.Errorf("height = %d, want taller than %d and at most %d for 20 bars", h, BaseHeight, MaxHeight)
			}
			if !is(img, 0, 0, white) || !is(img, w-1, h-1, white) {
				t.Errorf("background is not white")
			}
			if tc.check != nil {
				tc.check(t, img)
			}
		})
	}
}

func TestMissingSeriesLeftOut(t *testing.T) {
	fs := testFonts(t)
	c := chartOf("m", data.ChartGroupedBar, []string{"甲", "乙", "丙"},
		series("2022年", 'B', empty, empty, empty), series("2024年", 'C', 3, empty, 5))
	c.Missing = []string{"2022年"}
	b, err := NewRenderer(fs).Render(c)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, b)
	base := baselineRow(t, img)
	// The one drawn series takes the first colour; the empty cell has no bar.
	if runs := colorRuns(img, base-3, palette[:2]); len(runs) != 2 || runs[0][0] != 0 || runs[1][0] != 0 {
		t.Errorf("bars = %v, want 2 bars of the first colour", runs)
	}
}

func TestTicks(t *testing.T) {
	tests := []struct {
		lo, hi  float64
		integer bool
		want    []float64
	}{
		{0, 10438, true, []float64{0, 2000, 4000, 6000, 8000, 10000, 12000}},
		{0, 29605, true, []float64{0, 5000, 10000, 15000, 20000, 25000, 30000}},
		{0, 7, true, []float64{0, 2, 4, 6, 8}},
		{0, 3, true, []float64{0, 1, 2, 3}},
		{0, 0, true, []float64{0, 1}},
		{0, 0.87, false, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{-12, 30, true, []float64{-20, -10, 0, 10, 20, 30}},
		{5, 9, true, []float64{0, 2, 4, 6, 8, 10}}, // from zero even when all values are far from it
	}
	for _, tc := range tests {
		got := ticks(tc.lo, tc.hi, tc.integer)
		if !slices.Equal(got, tc.want) {
			t.Errorf("ticks(%v, %v) = %v, want %v", tc.lo, tc.hi, got, tc.want)
		}
	}
	// Counts: every tick label is a whole number.
	ax := newValueAxis([]float64{9354, 10438, 29605}, true)
	for _, tk := range ax.ticks {
		if s := formatValue(tk, ax.decimals); strings.Contains(s, ".") {
			t.Errorf("tick %v printed %q, want no decimals", tk, s)
		}
	}
	if ax.min != 0 {
		t.Errorf("axis min = %v, want 0", ax.min)
	}
	// Small integer ranges never get fractional steps.
	for hi := 1.0; hi < 12; hi++ {
		for _, tk := range ticks(0, hi, true) {
			if !isInteger(tk) {
				t.Errorf("ticks(0, %v) has %v", hi, tk)
			}
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		vals []float64
		v    float64
		want string
	}{
		{[]float64{10438, 29605}, 10438, "10,438"},
		{[]float64{1500, 2024}, 2024, "2024"},
		{[]float64{150000000}, 150000000, "150,000,000"},
		{[]float64{-12345.5}, -12345.5, "-12,345.5"},
		{[]float64{1.5, 2}, 2, "2.0"},
		{[]float64{92.5, 93.1}, 92.5, "92.5"},
		{[]float64{30.25, 1}, 30.25, "30.25"},
		{[]float64{1.234567}, 1.234567, "1.23"},
		{[]float64{0.1, 0.2}, -0.00001, "0.0"},
	}
	for _, tc := range tests {
		if got := formatValue(tc.v, valueDecimals(tc.vals)); got != tc.want {
			t.Errorf("format %v among %v = %q, want %q", tc.v, tc.vals, got, tc.want)
		}
	}
}

func TestWrap(t *testing.T) {
	c := &canvas{fs: testFonts(t)}
	st := style{size: sizeText}
	em := px(sizeText)
	// A 13-character name in a slot 8 characters wide: two even lines, 7 + 6.
	lines, ok := c.wrap("醴陵市陶瓷烟花职业技术学校", 8*em, 3, st)
	if !ok || len(lines) != 2 || len([]rune(lines[0])) != 7 {
		t.Errorf("wrap = %q ok=%v, want 7 + 6 characters", lines, ok)
	}
	// Too long for three lines: cut with an ellipsis, never wider than the slot.
	lines, ok = c.wrap(strings.Repeat("很长的类别名称", 5), 4*em, 3, st)
	if ok || len(lines) != 3 || !strings.HasSuffix(lines[2], "…") {
		t.Errorf("wrap long = %q ok=%v, want 3 lines ending in …", lines, ok)
	}
	for _, l := range lines {
		if c.width(l, st) > 4*em+0.5 {
			t.Errorf("line %q wider than the slot", l)
		}
	}
	// No line starts with closing punctuation; numbers stay whole.
	for _, w := range []float64{5, 6, 7, 8} {
		lines, ok = c.wrap("其他（含待业、出国）2024年", w*em, 3, st)
		if !ok {
			t.Errorf("width %v em: does not fit: %q", w, lines)
		}
		for _, l := range lines {
			r := []rune(l)
			if strings.ContainsRune(noLineStart, r[0]) {
				t.Errorf("width %v em: line %q starts with %q", w, l, r[0])
			}
			if strings.ContainsRune(noLineEnd, r[len(r)-1]) {
				t.Errorf("width %v em: line %q ends with %q", w, l, r[len(r)-1])
			}
		}
		if !strings.Contains(strings.Join(lines, "|"), "2024") {
			t.Errorf("width %v em: 2024 split: %q", w, lines)
		}
	}
}

func TestBadData(t *testing.T) {
	fs := testFonts(t)
	cats := []string{"甲", "乙", "丙"}
	many := make([]string, 41)
	vals := make([]float64, 41)
	for i := range many {
		many[i] = fmt.Sprint("类别", i)
		vals[i] = float64(i)
	}
	short := series("短", 'B', 1, 2)
	tests := []struct {
		name  string
		chart *data.Chart
		want  []string // in the message
	}{
		{"nil", nil, []string{"没有图表数据"}},
		{"no rows", chartOf("fig-a", data.ChartBar, nil, series("人数", 'B')), []string{"fig-a", "没有数据行"}},
		{"no series", chartOf("fig-b", data.ChartBar, cats), []string{"fig-b", "都没有数值"}},
		{"all empty", chartOf("fig-c", data.ChartGroupedBar, cats, series("x", 'B', empty, empty, empty), series("y", 'C', empty, empty, empty)), []string{"fig-c", "都没有数值"}},
		{"NaN", chartOf("fig-d", data.ChartBar, cats, data.Series{Name: "x", Values: []float64{1, math.NaN(), 3}, Valid: []bool{true, true, true},
			Cells: []data.Pos{{File: "f.xlsx", Sheet: "图", Cell: "B2"}, {File: "f.xlsx", Sheet: "图", Cell: "B3"}, {File: "f.xlsx", Sheet: "图", Cell: "B4"}}}),
			[]string{"fig-d", "f.xlsx 图!B3", "无效"}},
		{"Inf", chartOf("fig-e", data.ChartLine, cats, series("x", 'B', 1, math.Inf(1), 3)), []string{"fig-e", "图!B3"}},
		{"negative stacked", chartOf("fig-f", data.ChartStacked, cats, series("x", 'B', 1, 2, 3), series("y", 'C', 1, -2, 3)), []string{"fig-f", "图!C3", "负数"}},
		{"negative stacked bars", chartOf("fig-f2", data.ChartHBar, cats, series("x", 'B', 1, 2, 3), series("y", 'C', 1, -2, 3)), []string{"fig-f2", "图!C3", "负数"}},
		{"negative pie", chartOf("fig-g", data.ChartPie, cats, series("x", 'B', 1, -2, 3)), []string{"fig-g", "负数"}},
		{"too many", chartOf("fig-h", data.ChartBar, many, series("x", 'B', vals...)), []string{"fig-h", "41 个类别"}},
		{"short series", chartOf("fig-i", data.ChartBar, cats, short), []string{"fig-i", "少于 3 个类别"}},
		{"pie two series", chartOf("fig-j", data.ChartPie, cats, series("x", 'B', 1, 2, 3), series("y", 'C', 1, 2, 3)), []string{"fig-j", "一个系列"}},
		{"pie zero", chartOf("fig-k", data.ChartPie, cats, series("x", 'B', 0, 0, 0)), []string{"fig-k", "合计"}},
		{"kind", chartOf("fig-l", "雷达图", cats, series("x", 'B', 1, 2, 3)), []string{"fig-l", "雷达图"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := NewRenderer(fs)
			b, err := r.Render(tc.chart)
			if err == nil || b != nil {
				t.Fatalf("Render = %d bytes, %v; want an error", len(b), err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if img := r.Func()(&sections.Figure{Kind: sections.FigChart, Chart: tc.chart}); img != nil {
				t.Errorf("Func gave an image for bad data")
			}
			if r.Renders() != 0 {
				t.Errorf("bad data was drawn")
			}
		})
	}
	// Negative values are fine in a line chart.
	if _, err := NewRenderer(fs).Render(chartOf("ok", data.ChartLine, cats, series("x", 'B', -3, 2, 5))); err != nil {
		t.Errorf("line with a negative value: %v", err)
	}
}

func figures() []*sections.Figure {
	cats := []string{"甲", "乙", "丙"}
	return []*sections.Figure{
		{Kind: sections.FigChart, Anchor: "fig-1", Chart: chartOf("fig-1", data.ChartBar, cats, series("x", 'B', 1, 2, 3))},
		{Kind: sections.FigPhoto, Anchor: "photo"},
		{Kind: sections.FigChart, Anchor: "fig-2", Chart: chartOf("fig-2", data.ChartStacked, cats, series("x", 'B', 1, 2, 3), series("y", 'C', 3, 2, 1))},
		{Kind: sections.FigChart, Anchor: "fig-3", Chart: chartOf("fig-3", data.ChartPie, cats, series("x", 'B', 1, 2, 3))},
		{Kind: sections.FigChart, Anchor: "fig-4", Chart: chartOf("fig-4", data.ChartBar, cats, series("x", 'B', 1, 2, 3))}, // same data as fig-1
		{Kind: sections.FigChart, Anchor: "fig-bad", Chart: chartOf("fig-bad", data.ChartPie, cats, series("x", 'B', 1, -2, 3))},
	}
}

func TestRenderAllCache(t *testing.T) {
	fs := testFonts(t)
	dir := t.TempDir()
	r := NewRenderer(fs)
	r.CacheDir = dir
	figs := figures()
	first, err := r.RenderAll(figs)
	if err == nil || !strings.Contains(err.Error(), "fig-bad") {
		t.Errorf("RenderAll error = %v, want one naming fig-bad", err)
	}
	if len(first) != 4 {
		t.Fatalf("RenderAll gave %d charts, want 4", len(first))
	}
	// fig-4 is fig-1's chart: drawn once.
	if got := r.Renders(); got != 3 {
		t.Errorf("renders = %d, want 3", got)
	}
	if !bytes.Equal(first["fig-1"], first["fig-4"]) {
		t.Error("the same chart gave two PNGs")
	}
	// Every chart the text width's pixels (1800): the PDF writer orders images by first
	// use, so distinct widths are no longer needed for byte-identical output.
	for _, a := range []string{"fig-1", "fig-2", "fig-3", "fig-4"} {
		if w := decode(t, first[a]).Bounds().Dx(); w != BaseWidth {
			t.Errorf("%s: width %d, want %d", a, w, BaseWidth)
		}
	}
	// Again: nothing drawn, same bytes.
	second, _ := r.RenderAll(figs)
	if got := r.Renders(); got != 3 {
		t.Errorf("renders after second RenderAll = %d, want still 3", got)
	}
	for a, b := range first {
		if !bytes.Equal(b, second[a]) {
			t.Errorf("%s: second RenderAll gave other bytes", a)
		}
	}
	// A new renderer on the same cache directory (a rebuild) draws nothing either.
	r2 := NewRenderer(fs)
	r2.CacheDir = dir
	third, _ := r2.RenderAll(figs)
	if r2.Renders() != 0 {
		t.Errorf("rebuild drew %d charts, want 0 (disk cache)", r2.Renders())
	}
	for a, b := range first {
		if !bytes.Equal(b, third[a]) {
			t.Errorf("%s: disk cache gave other bytes", a)
		}
	}
	// A changed value is drawn anew.
	figs[0].Chart.Series[0].Values[1] = 7
	r2.RenderAll(figs)
	if r2.Renders() != 1 {
		t.Errorf("after one change drew %d charts, want 1", r2.Renders())
	}
	// Func serves RenderAll's images.
	f := r2.Func()
	if img := f(figs[2]); img == nil || !bytes.Equal(img, first["fig-2"]) {
		t.Errorf("Func did not serve the RenderAll image")
	}
	if f(figs[1]) != nil || f(figs[5]) != nil {
		t.Errorf("Func drew a photo or bad data")
	}
}

func TestFuncWithoutRenderAll(t *testing.T) {
	fs := testFonts(t)
	r := NewRenderer(fs)
	f := r.Func()
	figs := figures()
	a, b := f(figs[0]), f(figs[2])
	if a == nil || b == nil {
		t.Fatal("Func gave nil")
	}
	// Called again (the layout measures, then places): same bytes, no new drawing.
	if !bytes.Equal(f(figs[0]), a) || r.Renders() != 2 {
		t.Errorf("second call redrew (renders = %d)", r.Renders())
	}
	if wa, wb := decode(t, a).Bounds().Dx(), decode(t, b).Bounds().Dx(); wa != BaseWidth || wb != BaseWidth {
		t.Errorf("widths %d, %d, want %d", wa, wb, BaseWidth)
	}
}

func TestDeterministic(t *testing.T) {
	fs := testFonts(t)
	c := chartOf("d", data.ChartGroupedBar, []string{"先进制造业相关专业", "科技创新产业相关专业", "传统产业相关专业"},
		series("2023年", 'B', 5741, 407, 117), series("2024年", 'C', 6829, 483, 134))
	a, err := NewRenderer(fs).Render(c)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewRenderer(fs).Render(c)
	if !bytes.Equal(a, b) {
		t.Error("two renders differ")
	}
	// Parallel rendering gives the same bytes as rendering alone.
	m, err := NewRenderer(fs).RenderAll([]*sections.Figure{{Kind: sections.FigChart, Anchor: "d", Chart: c}})
	if err != nil || !bytes.Equal(m["d"], a) {
		t.Errorf("RenderAll differs from Render (err %v)", err)
	}
}

// TestGolden pins the exact pixels of one chart of each kind. Run with -update after an
// intended change of the drawing (and bump Version).
func TestGolden(t *testing.T) {
	fs := testFonts(t)
	cats := []string{"2022年", "2023年", "2024年"}
	charts := map[string]*data.Chart{
		"bar":     chartOf("g1", data.ChartBar, cats, series("招生数", 'B', empty, 2115, 3414)),
		"grouped": chartOf("g2", data.ChartGroupedBar, cats, series("甲", 'B', 1, 2, 3), series("乙", 'C', 3, 2, 1)),
		"stacked": chartOf("g3", data.ChartStacked, cats, series("甲", 'B', 10, 20, 30), series("乙", 'C', 3, 2, 1)),
		"hbar":    chartOf("g4", data.ChartHBar, cats, series("甲", 'B', 1.5, 2, 3), series("乙", 'C', 3, 2, 1)),
		"pie":     chartOf("g5", data.ChartPie, cats, series("甲", 'B', 1, 2, 3)),
		"line":    chartOf("g6", data.ChartLine, cats, series("甲", 'B', 1, -2, 3), series("乙", 'C', 3, 2, 1)),
	}
	got := map[string]string{}
	for k, c := range charts {
		b, err := NewRenderer(fs).Render(c)
		if err != nil {
			t.Fatal(k, err)
		}
		// Hash the pixels, not the PNG bytes, which depend on the zlib of the Go release.
		img := decode(t, b)
		h := sha256.New()
		bd := img.Bounds()
		fmt.Fprintf(h, "%dx%d;", bd.Dx(), bd.Dy())
		for y := bd.Min.Y; y < bd.Max.Y; y++ {
			for x := bd.Min.X; x < bd.Max.X; x++ {
				r, g, b, a := img.At(x, y).RGBA()
				h.Write([]byte{byte(r >> 8), byte(g >> 8), byte(b >> 8), byte(a >> 8)})
			}
		}
		got[k] = hex.EncodeToString(h.Sum(nil))
	}
	path := filepath.Join("testdata", "golden.json")
	if *update {
		b, _ := json.MarshalIndent(got, "", "  ")
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	want := map[string]string{}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for k := range charts {
		if got[k] != want[k] {
			t.Errorf("%s: pixel hash %s, golden %s (go test ./charts -update after an intended change)", k, got[k][:12], want[k])
		}
	}
}

// BenchmarkExampleChart draws each chart of the example once per iteration, one at a
// time: ns/op divided by the chart count is the per-chart time.
func BenchmarkExampleChart(b *testing.B) {
	rep, err := data.Load("../data/2024")
	if err != nil {
		b.Fatal(err)
	}
	fs, err := fonts.Load()
	if err != nil {
		b.Fatal(err)
	}
	labels := make([]string, 0, len(rep.Charts))
	for l := range rep.Charts {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := NewRenderer(fs) // no cache carried over
		for _, l := range labels {
			if _, err := r.Render(rep.Charts[l]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(labels))/1e6, "ms/chart")
}
