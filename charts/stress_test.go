package charts

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportc/reportc/data"
)

// Stress charts for issue 10.5; every figure is invented (示例数据). Set
// REPORTC_CHART_OUT to a folder to keep the PNGs for a look.

func stressCats(n int, long bool) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("类别%d", i+1)
		if long {
			out[i] = fmt.Sprintf("示例职业技术学校第%d分校", i+1)
		}
	}
	return out
}

func wave(n int, scale, shift float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = math.Round(scale*math.Sin(float64(i)*0.9)+shift) + 0
	}
	return out
}

func stressCharts() map[string]*data.Chart {
	return map[string]*data.Chart{
		"col15long":  chartOf("s1", data.ChartBar, stressCats(15, true), series("人数", 'B', wave(15, 400, 600)...)),
		"col25long":  chartOf("s2", data.ChartBar, stressCats(25, true), series("人数", 'B', wave(25, 400, 600)...)),
		"col40":      chartOf("s3", data.ChartBar, stressCats(40, false), series("人数", 'B', wave(40, 400, 600)...)),
		"colneg":     chartOf("s4", data.ChartGroupedBar, stressCats(6, true), series("2023年", 'B', wave(6, 50, 5)...), series("2024年", 'C', wave(6, 40, -10)...)),
		"hbarneg":    chartOf("s5", data.ChartHBar, stressCats(8, true), series("增减", 'B', wave(8, 120, 0)...)),
		"lineneg":    chartOf("s6", data.ChartLine, stressCats(12, false), series("甲", 'B', wave(12, 30, 0)...), series("乙", 'C', wave(12, 25, 3)...), series("丙", 'D', wave(12, 20, -2)...)),
		"zeros":      chartOf("s7", data.ChartBar, stressCats(5, false), series("人数", 'B', 0, 0, 0, 0, 0)),
		"single":     chartOf("s8", data.ChartBar, []string{"全市"}, series("人数", 'B', 1)),
		"hugerange":  chartOf("s9", data.ChartBar, stressCats(4, false), series("经费（元）", 'B', 1, 2500, 3500000, 150000000)),
		"pielegend":  chartOf("s10", data.ChartPie, stressCats(9, true), series("占比", 'B', 30, 20, 15, 10, 8, 7, 5, 3, 2)),
		"hbar40":     chartOf("s11", data.ChartHBar, stressCats(40, false), series("人数", 'B', wave(40, 400, 600)...)),
		"line40neg":  chartOf("s12", data.ChartLine, stressCats(20, false), series("增幅", 'B', wave(20, 8, -1)...)),
		"pielong":    chartOf("s14", data.ChartPie, []string{"株洲示例轨道交通装备制造有限公司与示例职业技术学校共建的产业学院", "湖南示例陶瓷新材料科技有限公司", "其他"}, series("占比", 'B', 50, 30, 20)),
		"hbar40long": chartOf("s15", data.ChartHBar, stressCats(40, true), series("人数", 'B', wave(40, 400, 600)...)),
		"hugerange2": chartOf("s13", data.ChartLine, stressCats(4, false), series("经费", 'B', -150000000, 2, 75000000, 150000000)),
		"hbarwan":    chartOf("s16", data.ChartHBar, stressCats(8, true), series("升学（人）", 'B', wave(8, 800000, 1800000)...), series("就业（人）", 'C', wave(8, 600000, 1400000)...)),
		"stackwan":   chartOf("s17", data.ChartStacked, stressCats(5, false), series("升学", 'B', wave(5, 400000, 900000)...), series("就业", 'C', wave(5, 300000, 700000)...), series("其他", 'D', 80000, 50000, 30000, 90000, 120000)),
		"groupwan":   chartOf("s18", data.ChartGroupedBar, []string{"招生数", "在校生数", "毕业生数"}, series("2023年（人）", 'B', 935400, 2960500, 679200), series("2024年（人）", 'C', 1043800, 2930400, 840400)),
		"hbar40wan":  chartOf("s20", data.ChartHBar, stressCats(40, true), series("经费（元）", 'B', wave(40, 4000000, 6000000)...)),
		"hbarwan1":   chartOf("s19", data.ChartHBar, stressCats(12, false), series("经费（元）", 'B', wave(12, 40000000, 60000000)...)),
	}
}

func TestStressChartsRender(t *testing.T) {
	fs := testFonts(t)
	out := os.Getenv("REPORTC_CHART_OUT")
	for name, ch := range stressCharts() {
		img, err := NewRenderer(fs).Render(ch)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if out != "" {
			os.WriteFile(filepath.Join(out, name+".png"), img, 0o644)
		}
	}
}

// TestCategoryLabelsNotCut: long category names of 15 and 25 columns and 40 short ones
// are wrapped whole, never cut to "…".
func TestCategoryLabelsNotCut(t *testing.T) {
	c := &canvas{fs: testFonts(t), w: BaseWidth, h: BaseHeight}
	for _, cats := range [][]string{stressCats(15, true), stressCats(25, true), stressCats(40, false)} {
		slot := (BaseWidth - px(30)) / float64(len(cats))
		lines, _, _ := c.categoryLabels(cats, slot*0.92, BaseHeight)
		for i, ls := range lines {
			if got := strings.Join(ls, ""); got != cats[i] {
				t.Errorf("%d categories: %q printed as %q", len(cats), cats[i], got)
				break
			}
		}
	}
}

// TestLineLabelsAvoidLines: no value label of a line chart with negative values
// crosses a line, a marker or another label.
func TestLineLabelsAvoidLines(t *testing.T) {
	fs := testFonts(t)
	for _, name := range []string{"lineneg", "line40neg", "hugerange2"} {
		p, err := prepare(stressCharts()[name])
		if err != nil {
			t.Fatal(err)
		}
		c, err := newCanvas(fs, BaseWidth, BaseHeight, make([]uint8, 4*BaseWidth*BaseHeight))
		if err != nil {
			t.Fatal(err)
		}
		var values []float64
		for _, s := range p.series {
			values = append(values, s.Values...)
		}
		f := c.columnFrame(p, values, seriesItems(p, true))
		var segs [][2][2]float64
		var marks placed
		r := px(2.6)
		for _, s := range p.series {
			for i := range p.cats {
				x, y := f.cx(i), f.y(s.Values[i])
				marks = append(marks, box{x - r, y - r, x + r, y + r})
				if i > 0 {
					segs = append(segs, [2][2]float64{{f.cx(i - 1), f.y(s.Values[i-1])}, {x, y}})
				}
			}
		}
		labels := lineLabels(c, p, f, segs, marks)
		if len(labels) == 0 {
			t.Errorf("%s: no value labels at all", name)
		}
		for i, l := range labels {
			if l.b.crossesAny(segs) {
				t.Errorf("%s: label %q crosses a line", name, l.text)
			}
			if !marks.free(l.b) {
				t.Errorf("%s: label %q over a marker", name, l.text)
			}
			for _, o := range labels[:i] {
				if l.b.overlaps(o.b) {
					t.Errorf("%s: labels %q and %q overlap", name, l.text, o.text)
				}
			}
		}
	}
}

func TestBoxCrosses(t *testing.T) {
	b := box{0, 0, 10, 10}
	for _, tc := range []struct {
		p, q [2]float64
		want bool
	}{
		{[2]float64{-5, 5}, [2]float64{15, 5}, true},
		{[2]float64{-5, -5}, [2]float64{-1, 20}, false},
		{[2]float64{5, 5}, [2]float64{6, 6}, true},
		{[2]float64{-5, 20}, [2]float64{20, 12}, false},
		{[2]float64{-5, 10.5}, [2]float64{20, -5}, true},
	} {
		if got := b.crosses(tc.p, tc.q); got != tc.want {
			t.Errorf("segment %v–%v crosses = %v, want %v", tc.p, tc.q, got, tc.want)
		}
	}
}

// TestUnitsPerChart: a chart whose numbers reach a million prints them in 万 (from 10⁸
// in 亿) with a unit note, all of them in the one unit, with up to three significant
// figures; a chart below a million keeps its exact numbers, grouped in threes, and so
// does a chart whose series already name their own unit (万元, %).
func TestUnitsPerChart(t *testing.T) {
	p, err := prepare(chartOf("g", data.ChartGroupedBar, []string{"招生", "在校"}, series("2023年", 'B', 9054, 29605), series("2024年", 'C', 10438, 29304)))
	if err != nil {
		t.Fatal(err)
	}
	if p.unitNote != "" || p.series[0].Name != "2023年" {
		t.Errorf("note %q, series %q; want no note and the name unchanged", p.unitNote, p.series[0].Name)
	}
	for i, want := range []string{"9,054", "29,605"} {
		if got := p.value(p.series[0].Values[i]); got != want {
			t.Errorf("value %d printed %q, want %q", i, got, want)
		}
	}
	small, err := prepare(chartOf("s", data.ChartBar, []string{"甲", "乙"}, series("x", 'B', 1200, 9500)))
	if err != nil {
		t.Fatal(err)
	}
	if got := small.value(1200); got != "1200" || small.unitNote != "" {
		t.Errorf("a chart below 10,000 prints 1200 as %q with note %q", got, small.unitNote)
	}
	ax := newValueAxis([]float64{1200, 9500}, true)
	if ax.max >= groupFrom {
		for _, tk := range ax.ticks {
			if s := small.tick(tk, ax); tk >= 1000 && !strings.Contains(s, ",") {
				t.Errorf("axis reaching %v prints tick %v as %q", ax.max, tk, s)
			}
		}
	}

	cases := []struct {
		name   string
		chart  *data.Chart
		note   string
		series string   // the first series' name as drawn
		values []string // the first series' values as printed
	}{
		{"亿 with a unit", chartOf("h", data.ChartBar, stressCats(4, false), series("经费（元）", 'B', 1, 2500, 3500000, 150000000)),
			"单位：亿元", "经费（亿元）", []string{"<0.01", "<0.01", "0.04", "1.50"}},
		{"万人", chartOf("r", data.ChartLine, []string{"甲", "乙"}, series("在校生(人)", 'B', 2000000, 3500000)),
			"单位：万人", "在校生(万人)", []string{"200", "350"}},
		{"thousands of 万", chartOf("t", data.ChartBar, []string{"甲", "乙"}, series("经费（元）", 'B', 12345600, -500000)),
			"单位：万元", "经费（万元）", []string{"1235", "-50"}},
		{"mixed units", chartOf("m", data.ChartGroupedBar, []string{"甲"}, series("经费（元）", 'B', 5000000), series("人数（人）", 'C', 3)),
			"单位：万", "经费（元）", []string{"500"}},
		{"stack totals decide", chartOf("k", data.ChartStacked, []string{"甲"}, series("升学", 'B', 600000), series("就业", 'C', 500000)),
			"单位：万", "升学", []string{"60"}},
		{"tiny negative", chartOf("n", data.ChartHBar, []string{"甲", "乙"}, series("增减", 'B', 200000000, -3)),
			"单位：亿", "增减", []string{"2", ">-1"}},
		{"below a million", chartOf("b", data.ChartBar, []string{"甲", "乙"}, series("经费（元）", 'B', 999999, 5)),
			"", "经费（元）", []string{"999,999", "5"}},
		{"own unit", chartOf("w", data.ChartBar, []string{"甲", "乙"}, series("经费（万元）", 'B', 15000, 2000000)),
			"", "经费（万元）", []string{"15,000", "2,000,000"}},
	}
	for _, tc := range cases {
		p, err := prepare(tc.chart)
		if err != nil {
			t.Fatal(tc.name, err)
		}
		if p.unitNote != tc.note || p.series[0].Name != tc.series {
			t.Errorf("%s: note %q, series %q; want %q, %q", tc.name, p.unitNote, p.series[0].Name, tc.note, tc.series)
		}
		for i, want := range tc.values {
			if got := p.value(p.series[0].Values[i]); got != want {
				t.Errorf("%s: value %d printed %q, want %q", tc.name, i, got, want)
			}
		}
	}
	// A caption that names the unit keeps the numbers in it.
	named := chartOf("u", data.ChartBar, []string{"甲"}, series("x", 'B', 5000000))
	named.Caption = "招生数（单位：人）"
	if p, err := prepare(named); err != nil {
		t.Error(err)
	} else if got := p.value(p.series[0].Values[0]); p.unitNote != "" || got != "5,000,000" {
		t.Errorf("a caption naming the unit: note %q, value %q, want no note and 5,000,000", p.unitNote, got)
	}
	// The chart's own data are not changed by scaling.
	c := chartOf("o", data.ChartBar, []string{"甲"}, series("x", 'B', 50000))
	if _, err := prepare(c); err != nil || c.Series[0].Values[0] != 50000 {
		t.Errorf("prepare changed the chart's value to %v (err %v)", c.Series[0].Values[0], err)
	}
}

// TestBarLabelsNotCut: 40 long names on a horizontal bar chart are printed whole.
func TestBarLabelsNotCut(t *testing.T) {
	p, err := prepare(stressCharts()["hbar40long"])
	if err != nil {
		t.Fatal(err)
	}
	g := barsLayout(&canvas{fs: testFonts(t), w: BaseWidth}, p)
	for i, ls := range g.lines {
		if got := strings.Join(ls, ""); got != p.cats[i] {
			t.Errorf("%q printed as %q", p.cats[i], got)
		}
	}
}

// TestUnitNoteClear: the unit note of a chart in 万 or 亿 is printed once and overlaps
// nothing else drawn on the chart (bars, rules, labels, legend).
func TestUnitNoteClear(t *testing.T) {
	fs := testFonts(t)
	for _, name := range []string{"hugerange", "hugerange2", "hbarwan", "stackwan", "groupwan", "hbarwan1", "hbar40wan"} {
		p, err := prepare(stressCharts()[name])
		if err != nil {
			t.Fatal(err)
		}
		if p.unitNote == "" {
			t.Errorf("%s: no unit note", name)
			continue
		}
		c := newVectorCanvas(fs, BaseWidth, chartHeight(fs, p, BaseWidth))
		paint(c, p)
		textBox := func(op Op) box {
			w := c.width(op.Text, style{size: op.Size, bold: op.Bold})
			x, y := op.Pts[0][0], op.Pts[0][1]
			return box{x, y - 0.88*px(op.Size), x + w, y + 0.12*px(op.Size)}
		}
		var note box
		n := 0
		for _, op := range c.rec.Ops {
			if op.Kind == OpText && op.Text == p.unitNote {
				note = textBox(op)
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: the note %q is drawn %d times", name, p.unitNote, n)
			continue
		}
		if note.x0 < 0 || note.y0 < 0 || note.x1 > float64(c.w) || note.y1 > float64(c.h) {
			t.Errorf("%s: the note %v is outside the chart", name, note)
		}
		for i, op := range c.rec.Ops {
			var b box
			switch {
			case i == 0: // the white ground
				continue
			case op.Kind == OpText:
				if op.Text == p.unitNote {
					continue
				}
				b = textBox(op)
			default:
				b = box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
				for _, pt := range op.Pts {
					b = box{math.Min(b.x0, pt[0]-op.Width/2), math.Min(b.y0, pt[1]-op.Width/2), math.Max(b.x1, pt[0]+op.Width/2), math.Max(b.y1, pt[1]+op.Width/2)}
				}
			}
			if b.overlaps(note) {
				t.Errorf("%s: the note %v overlaps %v %q at %v", name, note, op.Kind, op.Text, b)
			}
		}
	}
}
