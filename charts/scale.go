package charts

import (
	"math"
	"strconv"
	"strings"

	"github.com/reportc/reportc/data"
)

// targetIntervals is the number of value-axis intervals aimed at; the nice step picked
// gives between 3 and 7 of them.
const targetIntervals = 6

// niceStep returns the smallest step of the form 1, 2 or 5 × 10^k that divides span
// into at most targetIntervals intervals. For integer data the step is at least 1, so
// that no tick falls between two counts.
func niceStep(span float64, integer bool) float64 {
	if !(span > 0) || math.IsInf(span, 0) {
		return 1
	}
	rough := span / targetIntervals
	mag := math.Pow(10, math.Floor(math.Log10(rough)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= rough*(1-1e-9) {
			step = m * mag
			break
		}
	}
	if integer && step < 1 {
		step = 1
	}
	return step
}

// ticks returns the value-axis ticks for data between lo and hi: multiples of a nice
// step, always including zero (bars start at zero), covering [lo, hi].
func ticks(lo, hi float64, integer bool) []float64 {
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	if hi == lo {
		hi = lo + 1
	}
	step := niceStep(hi-lo, integer)
	first := math.Floor(lo/step + 1e-9)
	last := math.Ceil(hi/step - 1e-9)
	dec := stepDecimals(step)
	var out []float64
	for i := first; i <= last && len(out) < 100; i++ {
		t := i * step
		if dec > 0 {
			p := math.Pow(10, float64(dec))
			t = math.Round(t*p) / p
		}
		out = append(out, t+0) // +0 turns -0 into 0
	}
	return out
}

// stepDecimals is the number of decimals a tick step needs: 0 for 1, 2, 5, 10…; 1 for
// 0.1, 0.2, 0.5; and so on.
func stepDecimals(step float64) int {
	if step >= 1 || step <= 0 {
		return 0
	}
	d := int(math.Ceil(-math.Log10(step) - 1e-9))
	if d > 6 {
		d = 6
	}
	return d
}

// isInteger reports whether v is a whole number (within floating-point noise).
func isInteger(v float64) bool {
	return math.Abs(v-math.Round(v)) <= 1e-9*math.Max(1, math.Abs(v))
}

// valueDecimals is the number of decimals the values of a chart are printed with: 0
// when all are whole numbers, 1 when one decimal is enough for all, else 2.
func valueDecimals(values []float64) int {
	dec := 0
	for _, v := range values {
		switch {
		case isInteger(v):
		case isInteger(v * 10):
			dec = max(dec, 1)
		default:
			return 2
		}
	}
	return dec
}

// groupFrom is the magnitude from which a chart's numbers are grouped in threes.
const groupFrom = 10000

// formatValue prints v with dec decimals, never as "-0", grouped in threes from 10,000
// up (150,000,000).
func formatValue(v float64, dec int) string { return formatNumber(v, dec, math.Abs(v) >= groupFrom) }

// value prints a data value of the chart: grouped in threes when any of the chart's
// numbers reaches 10,000, so that one chart never mixes 9054 and 10,438.
func (p *plot) value(v float64) string {
	s := formatNumber(v, p.decimals, p.group)
	if p.unit > 1 && v != 0 && s == formatNumber(0, p.decimals, false) {
		// A value too small to show in 万 or 亿 is not printed as 0.
		least := formatNumber(math.Pow(10, -float64(p.decimals)), p.decimals, false)
		if v < 0 {
			return ">-" + least
		}
		return "<" + least
	}
	return s
}

// tick prints a value-axis label, grouped like the values or when the axis reaches
// 10,000.
func (p *plot) tick(t float64, ax valueAxis) string {
	return formatNumber(t, ax.decimals, p.group || ax.max >= groupFrom || ax.min <= -groupFrom)
}

func formatNumber(v float64, dec int, group bool) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if z := strconv.FormatFloat(0, 'f', dec, 64); s == "-"+z {
		return z
	}
	if !group {
		return s
	}
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(whole[i])
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// valueAxis is a linear value axis: its ticks and the decimals its labels use.
type valueAxis struct {
	ticks    []float64
	min, max float64
	decimals int // for tick labels
}

// newValueAxis builds the axis for the given data values (all drawn values, or the
// stack totals for stacked bars).
func newValueAxis(values []float64, integer bool) valueAxis {
	lo, hi := 0.0, 0.0
	for _, v := range values {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	t := ticks(lo, hi, integer)
	a := valueAxis{ticks: t, min: t[0], max: t[len(t)-1]}
	if len(t) > 1 {
		a.decimals = stepDecimals(t[1] - t[0])
	}
	return a
}

// frac maps v to 0…1 along the axis.
func (a valueAxis) frac(v float64) float64 {
	if a.max == a.min {
		return 0
	}
	return (v - a.min) / (a.max - a.min)
}

// Long numbers are printed in 万 or 亿 on the value axis and on the bars, with a unit
// note on the chart (单位：万人), rather than as long grouped numbers: from seven
// digits (1 000 000, 100 万) in 万, from 10⁸ in 亿. Below a million a chart keeps its
// numbers exact (grouped in threes), so that the bars say what the text and the
// tables say: 10,438 stays 10,438, not 1.04 万.
const (
	wanFrom = 1e6
	yiFrom  = 1e8
)

// countUnits are the units a series name may end with in brackets (“招生数（人）”):
// the note and the name then carry 万/亿 with the unit (单位：万人, 招生数（万人）).
var countUnits = map[string]bool{
	"人": true, "人次": true, "名": true, "元": true, "个": true, "所": true, "项": true,
	"次": true, "家": true, "册": true, "台": true, "套": true, "件": true, "本": true,
	"篇": true, "门": true, "课时": true, "学时": true, "小时": true, "平方米": true,
	"亩": true, "份": true, "张": true, "条": true, "户": true, "间": true,
}

// nameUnit splits a series name “招生数（人）” into “招生数” and its unit “人”; unit is
// "" when the name ends in no known unit.
func nameUnit(name string) (base, unit, open, close string) {
	for _, br := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if !strings.HasSuffix(name, br[1]) {
			continue
		}
		i := strings.LastIndex(name, br[0])
		if i < 0 {
			continue
		}
		u := name[i+len(br[0]) : len(name)-len(br[1])]
		if countUnits[u] {
			return name[:i], u, br[0], br[1]
		}
	}
	return name, "", "", ""
}

// declaresUnit reports whether a figure caption names the unit of its numbers
// (“……（单位：人）”): such a chart keeps its numbers as they are, since the caption is
// printed as written and would contradict a chart in 万.
func declaresUnit(caption string) bool {
	return strings.Contains(caption, "单位：") || strings.Contains(caption, "单位:")
}

// applyUnit scales a chart whose largest drawn number (a value, or a stack's total)
// reaches 1,000,000 into 万, or 100,000,000 into 亿: the series are divided, the values
// keep up to three significant figures of the largest (2.96, 29.6, 296) but no more
// decimals than they have, and the unit note is set. Pies keep their numbers.
func (p *plot) applyUnit(largest float64) {
	p.unit = 1
	switch {
	case p.kind == data.ChartPie || largest < wanFrom || p.ownUnit():
		return
	case largest >= yiFrom:
		p.unit, p.unitName = 1e8, "亿"
	default:
		p.unit, p.unitName = 1e4, "万"
	}
	unit, same := "", true
	for i, s := range p.series {
		_, u, _, _ := nameUnit(s.Name)
		if i == 0 {
			unit = u
		}
		same = same && u == unit
	}
	if !same {
		unit = ""
	}
	p.unitNote = "单位：" + p.unitName + unit
	scaled := make([]data.Series, len(p.series))
	for i, s := range p.series {
		vals := make([]float64, len(s.Values))
		for j, v := range s.Values {
			vals[j] = v / p.unit
		}
		scaled[i] = data.Series{Name: s.Name, Values: vals, Valid: s.Valid}
		if unit != "" {
			base, _, open, close := nameUnit(s.Name)
			scaled[i].Name = base + open + p.unitName + unit + close
		}
	}
	p.series = scaled
}

// ownUnit reports whether a series name ends in a bracketed unit that is not a plain
// count or amount (“经费（万元）”, “比例（%）”): such numbers are already in the unit the
// editor chose, and a note 单位：万 beside “万元” would read as 万万元.
func (p *plot) ownUnit() bool {
	for _, s := range p.series {
		for _, br := range [][2]string{{"（", "）"}, {"(", ")"}} {
			i := strings.LastIndex(s.Name, br[0])
			if i >= 0 && strings.HasSuffix(s.Name, br[1]) {
				if u := s.Name[i+len(br[0]) : len(s.Name)-len(br[1])]; !countUnits[u] {
					return true
				}
			}
		}
	}
	return false
}

// unitDecimals is the number of decimals of values in 万 or 亿 whose largest magnitude
// is top: three significant figures of the largest, but no more than the values need
// at that precision (20000 and 35000 are 2.0 and 3.5 万).
func unitDecimals(values []float64, top float64) int {
	sig := 0
	switch {
	case top < 10:
		sig = 2
	case top < 100:
		sig = 1
	}
	f := math.Pow(10, float64(sig))
	rounded := make([]float64, len(values))
	for i, v := range values {
		rounded[i] = math.Round(v*f) / f
	}
	return min(sig, valueDecimals(rounded))
}
