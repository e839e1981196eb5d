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

// TestGroupingPerChart: one chart never mixes 9054 and 10,438, nor 5000 and 10,000
// on its axis.
func TestGroupingPerChart(t *testing.T) {
	p, err := prepare(chartOf("g", data.ChartGroupedBar, []string{"招生", "在校"}, series("2023年", 'B', 9054, 29605), series("2024年", 'C', 10438, 29304)))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.value(9054); got != "9,054" {
		t.Errorf("9054 printed %q beside 10,438", got)
	}
	small, err := prepare(chartOf("s", data.ChartBar, []string{"甲", "乙"}, series("x", 'B', 1200, 9500)))
	if err != nil {
		t.Fatal(err)
	}
	if got := small.value(1200); got != "1200" {
		t.Errorf("a chart below 10,000 prints 1200 as %q", got)
	}
	ax := newValueAxis([]float64{1200, 9500}, true)
	if ax.max >= groupFrom {
		for _, tk := range ax.ticks {
			if s := small.tick(tk, ax); tk >= 1000 && !strings.Contains(s, ",") {
				t.Errorf("axis reaching %v prints tick %v as %q", ax.max, tk, s)
			}
		}
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
