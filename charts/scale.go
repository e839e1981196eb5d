package charts

import (
	"math"
	"strconv"
	"strings"
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
func (p *plot) value(v float64) string { return formatNumber(v, p.decimals, p.group) }

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
