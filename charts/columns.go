package charts

import (
	"math"
	"strings"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

// legendItem is one entry of a legend: a colour swatch (or a line with its marker) and
// the series name.
type legendItem struct {
	name   string
	col    drawing.Color
	line   bool
	marker int
}

func seriesItems(p *plot, line bool) []legendItem {
	items := make([]legendItem, len(p.series))
	for i, s := range p.series {
		items[i] = legendItem{name: s.Name, col: seriesColor(i), line: line, marker: i}
		if line {
			items[i].col = lineColor(i)
		}
	}
	return items
}

// legend lays the items out in centred rows between x0 and x1 from top, draws them when
// draw is set, and returns the height taken.
func (c *canvas) legend(items []legendItem, x0, x1, top float64, draw bool) float64 {
	if len(items) == 0 {
		return 0
	}
	st := style{size: sizeText, col: textColor}
	sw := px(sizeText) * 0.8
	gap, itemGap := px(3), px(12)
	type placedItem struct {
		it    legendItem
		name  string
		w, sw float64
	}
	var rows [][]placedItem
	var rowW []float64
	for _, it := range items {
		isw := sw
		if it.line {
			isw = px(sizeText) * 2
		}
		lines, _ := c.wrap(it.name, x1-x0-isw-gap, 1, st)
		name := lines[0]
		w := isw + gap + c.width(name, st)
		n := len(rows)
		if n == 0 || rowW[n-1]+itemGap+w > x1-x0 {
			rows = append(rows, nil)
			rowW = append(rowW, -itemGap)
			n++
		}
		rows[n-1] = append(rows[n-1], placedItem{it, name, w, isw})
		rowW[n-1] += itemGap + w
	}
	lh := st.lineHeight() * 1.1
	if draw {
		for r, row := range rows {
			x := (x0+x1)/2 - rowW[r]/2
			y := top + lh*float64(r) + lh/2
			for _, pi := range row {
				if pi.it.line {
					c.line([][2]float64{{x, y}, {x + pi.sw, y}}, px(1.5), pi.it.col)
					c.marker(pi.it.marker, x+pi.sw/2, y, px(2.6), pi.it.col)
				} else {
					c.rect(x, y-pi.sw/2, x+pi.sw, y+pi.sw/2, pi.it.col)
				}
				c.textMid(pi.name, x+pi.sw+gap, y, st, alignLeft)
				x += pi.w + itemGap
			}
		}
	}
	return lh * float64(len(rows))
}

// frame is the plot area of a column or line chart with its value axis.
type frame struct {
	left, right, top, bottom float64
	ax                       valueAxis
	slot                     float64 // width of one category
}

// y maps a value to its pixel row.
func (f frame) y(v float64) float64 { return f.bottom - f.ax.frac(v)*(f.bottom-f.top) }

// cx is the centre of category i.
func (f frame) cx(i int) float64 { return f.left + f.slot*(float64(i)+0.5) }

// columnFrame draws the legend, the gridlines with their tick labels and the category
// labels of a vertical chart, and returns the plot area.
func (c *canvas) columnFrame(p *plot, axisValues []float64, items []legendItem) frame {
	W, H := float64(c.w), float64(c.h)
	pad := px(4)
	top := pad
	if p.legend {
		top += c.legend(items, pad, W-pad, top, true) + px(3)
	}
	tst := style{size: sizeText, col: tickColor}
	if p.unitNote != "" {
		// The unit note on a line of its own above the value axis, flush with the
		// left of its labels, where no bar, value or legend can reach it.
		lh := tst.lineHeight()
		c.textMid(p.unitNote, pad, top+lh/2, tst, alignLeft)
		top += lh
	}
	top += px(sizeText) * 1.6 // room for the value label of the highest bar
	ax := newValueAxis(axisValues, p.integer)
	labels := make([]string, len(ax.ticks))
	tw := 0.0
	for i, t := range ax.ticks {
		labels[i] = p.tick(t, ax)
		tw = math.Max(tw, c.width(labels[i], tst))
	}
	left := pad + tw + px(4)
	right := W - pad
	slot := (right - left) / float64(len(p.cats))
	lines, cst, most := c.categoryLabels(p.cats, slot*0.92, H)
	labelTop := H - pad - float64(most)*cst.lineHeight()
	bottom := labelTop - px(3)
	if ax.min < 0 {
		bottom -= px(sizeText) * 1.6 // room for the value label under the lowest bar
	}
	f := frame{left: left, right: right, top: top, bottom: bottom, ax: ax, slot: slot}
	for i, t := range ax.ticks {
		y := f.y(t)
		if t != 0 {
			c.hline(left, right, y, 2, gridColor)
		}
		c.textMid(labels[i], left-px(4), y, tst, alignRight)
	}
	for i, ls := range lines {
		c.lines(ls, f.cx(i), labelTop, cst, alignCenter)
	}
	return f
}

// baseline draws the zero line over the feet of the bars.
func (c *canvas) baseline(f frame) {
	c.hline(f.left, f.right, f.y(0), 3, axisColor)
}

// valueStyle picks the largest label size, down to sizeSmall, at which every label is
// no wider than room; ok is false when none fits.
func (c *canvas) valueStyle(labels []string, room float64) (style, bool) {
	st := style{size: sizeText, col: textColor}
	for ; st.size >= sizeSmall; st.size -= 0.5 {
		fits := true
		for _, l := range labels {
			if c.width(l, st) > room {
				fits = false
				break
			}
		}
		if fits {
			return st, true
		}
	}
	return st, false
}

// drawColumns draws bars and grouped bars: per category one bar per series, the value
// above each bar.
func drawColumns(c *canvas, p *plot) {
	var values []float64
	var labels []string
	for _, s := range p.series {
		for i, v := range s.Values {
			if s.Valid[i] {
				values = append(values, v)
				labels = append(labels, p.value(v))
			}
		}
	}
	f := c.columnFrame(p, values, seriesItems(p, false))
	ns := float64(len(p.series))
	group := f.slot * 0.72
	if ns == 1 {
		group = f.slot * 0.5
	}
	gap := 0.0
	if ns > 1 {
		gap = math.Min(group/ns*0.1, px(3))
	}
	barW := (group - gap*(ns-1)) / ns
	if barW > px(40) {
		barW = px(40)
		group = barW*ns + gap*(ns-1)
	}
	pitch := barW + gap
	if ns == 1 {
		pitch = f.slot
	}
	// One size for all values; when the longest does not fit even small, each value
	// that fits is still printed.
	vst, _ := c.valueStyle(labels, pitch*0.96)
	var taken placed
	for i := range p.cats {
		for j, s := range p.series {
			if !s.Valid[i] {
				continue
			}
			x0 := f.cx(i) - group/2 + float64(j)*(barW+gap)
			c.rect(x0, f.y(s.Values[i]), x0+barW, f.y(0), seriesColor(j))
			l := p.value(s.Values[i])
			lw := c.width(l, vst)
			// The value above a bar, below a negative one.
			y := f.y(s.Values[i]) - px(2) - vst.height()/2
			if s.Values[i] < 0 {
				y = f.y(s.Values[i]) + px(2) + vst.height()/2
			}
			b := labelBox(x0+barW/2, y, lw, vst, alignCenter)
			if lw <= pitch*0.96 && taken.free(b) {
				c.textMid(l, x0+barW/2, y, vst, alignCenter)
				taken = append(taken, b)
			}
		}
	}
	c.baseline(f)
}

// drawStacked draws stacked columns: the segments bottom up in series order, each value
// inside its segment when it fits (else beside the column), the total on top.
func drawStacked(c *canvas, p *plot) {
	totals, count := stackTotals(p)
	var axisValues []float64
	var topLabels []string
	for i := range p.cats {
		if count[i] > 0 {
			axisValues = append(axisValues, totals[i])
			topLabels = append(topLabels, p.value(totals[i]))
		}
	}
	f := c.columnFrame(p, axisValues, seriesItems(p, false))
	barW := math.Min(f.slot*0.5, px(40))
	vst, _ := c.valueStyle(topLabels, f.slot*0.96)
	ist := vst // segment labels
	tst := vst // totals: bold when they sum segments
	tst.bold = len(p.series) > 1
	var taken placed
	for i := range p.cats {
		x0, x1 := f.cx(i)-barW/2, f.cx(i)+barW/2
		type seg struct {
			j      int
			v      float64
			y0, y1 float64 // bottom, top
		}
		var segs []seg
		cum := 0.0
		for j, s := range p.series {
			if !s.Valid[i] {
				continue
			}
			v := s.Values[i]
			sg := seg{j: j, v: v, y0: f.y(cum), y1: f.y(cum + v)}
			cum += v
			c.rect(x0, sg.y1, x1, sg.y0, seriesColor(j))
			segs = append(segs, sg)
		}
		// White hairlines between segments.
		for k := 1; k < len(segs); k++ {
			if segs[k].v > 0 && segs[k-1].v > 0 {
				c.hline(x0, x1, segs[k].y0, 2, white)
			}
		}
		if len(segs) == 0 {
			continue
		}
		if l := p.value(totals[i]); c.width(l, tst) <= f.slot*0.96 {
			st := tst
			st.bold = tst.bold && len(segs) > 1
			y := f.y(totals[i]) - px(2) - st.height()/2
			c.textMid(l, f.cx(i), y, st, alignCenter)
			taken = append(taken, labelBox(f.cx(i), y, c.width(l, st), st, alignCenter))
		}
		if len(segs) < 2 {
			continue // the label on top is the value
		}
		besideTop := math.Inf(1) // beside labels go upward, each above the last
		for _, sg := range segs {
			l := p.value(sg.v)
			lw := c.width(l, ist)
			mid := (sg.y0 + sg.y1) / 2
			if sg.y0-sg.y1 >= ist.height()*1.35 && lw <= barW*0.92 {
				col := seriesColor(sg.j)
				c.textMid(l, f.cx(i), mid, style{size: ist.size, col: textOn(col)}, alignCenter)
				continue
			}
			// Too small: beside the column, on the right, with a short leader.
			lx := x1 + px(6)
			if lx+lw > f.cx(i)+f.slot/2 {
				continue
			}
			y := math.Min(mid, besideTop-ist.height()*1.1)
			b := labelBox(lx, y, lw, ist, alignLeft)
			if !taken.free(b) {
				continue
			}
			c.line([][2]float64{{x1 + px(1), mid}, {lx - px(1.5), y}}, 2, tickColor)
			c.textMid(l, lx, y, ist, alignLeft)
			taken = append(taken, b)
			besideTop = y
		}
	}
	c.baseline(f)
}

func lineColor(i int) drawing.Color { return linePalette[i%len(linePalette)] }

// marker draws the point marker of series kind k (circle, square, triangle, diamond)
// centred on x, y with radius r, outlined in white so that crossing lines stay apart.
func (c *canvas) marker(k int, x, y, r float64, col drawing.Color) {
	var pts [][2]float64
	switch k % 4 {
	case 0:
		for a := 0; a < 24; a++ {
			t := float64(a) * math.Pi / 12
			pts = append(pts, [2]float64{x + r*math.Cos(t), y + r*math.Sin(t)})
		}
	case 1:
		s := r * 0.9
		pts = [][2]float64{{x - s, y - s}, {x + s, y - s}, {x + s, y + s}, {x - s, y + s}}
	case 2:
		s := r * 1.25
		pts = [][2]float64{{x, y - s}, {x + s*0.866, y + s*0.5}, {x - s*0.866, y + s*0.5}}
	case 3:
		s := r * 1.25
		pts = [][2]float64{{x, y - s}, {x + s, y}, {x, y + s}, {x - s, y}}
	}
	c.polygon(pts, col, white, 3)
}

// drawLine draws a line chart: a line per series, broken where a value is missing, a
// marker on every value and the values where they do not collide.
func drawLine(c *canvas, p *plot) {
	var values []float64
	for _, s := range p.series {
		for i, v := range s.Values {
			if s.Valid[i] {
				values = append(values, v)
			}
		}
	}
	f := c.columnFrame(p, values, seriesItems(p, true))
	if f.ax.min < 0 {
		c.hline(f.left, f.right, f.y(0), 2, axisColor)
	}
	r := px(2.6)
	var segs [][2][2]float64
	for j, s := range p.series {
		col := lineColor(j)
		var run [][2]float64
		for i := range p.cats {
			if !s.Valid[i] {
				c.line(run, px(1.5), col)
				run = nil
				continue
			}
			pt := [2]float64{f.cx(i), f.y(s.Values[i])}
			if len(run) > 0 {
				segs = append(segs, [2][2]float64{run[len(run)-1], pt})
			}
			run = append(run, pt)
		}
		c.line(run, px(1.5), col)
	}
	var taken placed
	for j, s := range p.series {
		for i := range p.cats {
			if s.Valid[i] {
				x, y := f.cx(i), f.y(s.Values[i])
				c.marker(j, x, y, r, lineColor(j))
				taken = append(taken, box{x - r, y - r, x + r, y + r})
			}
		}
	}
	if len(p.cats)*len(p.series) > 60 {
		c.bottomAxis(f)
		return
	}
	for _, l := range lineLabels(c, p, f, segs, taken) {
		c.textMid(l.text, l.x, l.y, l.st, alignCenter)
	}
	c.bottomAxis(f)
}

// bottomAxis draws the line at the bottom of a line chart's plot.
func (c *canvas) bottomAxis(f frame) {
	c.hline(f.left, f.right, f.bottom, 3, axisColor)
}

// stackTotals returns, per category, the sum of the present values and how many there are.
func stackTotals(p *plot) (totals []float64, count []int) {
	totals = make([]float64, len(p.cats))
	count = make([]int, len(p.cats))
	for _, s := range p.series {
		for i := range p.cats {
			if s.Valid[i] {
				totals[i] += s.Values[i]
				count[i]++
			}
		}
	}
	return totals, count
}

// valueLabel is a value label placed on a chart.
type valueLabel struct {
	text string
	x, y float64 // centre
	st   style
	b    box
}

// lineLabels places the values of a line chart: above the point, else below, else
// beside it above or below, never over another label, a marker or a line; a value
// with no free place is left out rather than overprinted.
func lineLabels(c *canvas, p *plot, f frame, segs [][2][2]float64, taken placed) []valueLabel {
	r := px(2.6)
	vst := style{size: sizeText, col: textColor}
	if f.slot < px(24) {
		vst.size = sizeSmall
	}
	var out []valueLabel
	for _, s := range p.series {
		for i := range p.cats {
			if !s.Valid[i] {
				continue
			}
			l := p.value(s.Values[i])
			lw := c.width(l, vst)
			x, y := f.cx(i), f.y(s.Values[i])
			dy := r + px(2) + vst.height()/2
			dx := lw/2 + r + px(1)
			for _, d := range [][2]float64{{0, -dy}, {0, dy}, {dx, -dy}, {-dx, -dy}, {dx, dy}, {-dx, dy}} {
				b := labelBox(x+d[0], y+d[1], lw, vst, alignCenter)
				if b.x0 < 0 || b.x1 > float64(c.w) || b.y0 < 0 || b.y1 > f.bottom || !taken.free(b) || b.crossesAny(segs) {
					continue
				}
				out = append(out, valueLabel{l, x + d[0], y + d[1], vst, b})
				taken = append(taken, b)
				break
			}
		}
	}
	return out
}

// crossesAny reports whether any of the segments passes through the box.
func (b box) crossesAny(segs [][2][2]float64) bool {
	for _, sg := range segs {
		if b.crosses(sg[0], sg[1]) {
			return true
		}
	}
	return false
}

// crosses reports whether the segment from p to q passes through the box
// (Liang–Barsky clipping).
func (b box) crosses(p, q [2]float64) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := q[0]-p[0], q[1]-p[1]
	for _, e := range [][2]float64{{-dx, p[0] - b.x0}, {dx, b.x1 - p[0]}, {-dy, p[1] - b.y0}, {dy, b.y1 - p[1]}} {
		pp, qq := e[0], e[1]
		if pp == 0 {
			if qq < 0 {
				return false
			}
			continue
		}
		t := qq / pp
		if pp < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// categoryLabels wraps the category labels of a vertical chart into its slots: up to
// three lines, shrinking to sizeSmall; where slots are too narrow for that (many
// categories), into as many lines as the longest label needs — narrow slots stack Han
// characters one or two a line — while the labels take at most 40 % of the chart's
// height. Only past that is a label cut.
func (c *canvas) categoryLabels(cats []string, maxW, H float64) ([][]string, style, int) {
	base := style{size: sizeText, col: textColor}
	lines, st, most := c.fitLabels(cats, maxW, 3, base)
	if !cut(lines) {
		return lines, st, most
	}
	for n := 4; float64(n)*st.lineHeight() <= 0.4*H; n++ {
		if l, s, m := c.fitLabels(cats, maxW, n, base); !cut(l) {
			return l, s, m
		}
	}
	return lines, st, most
}

// cut reports whether some label was cut short with "…".
func cut(lines [][]string) bool {
	for _, ls := range lines {
		if len(ls) > 0 && strings.HasSuffix(ls[len(ls)-1], "…") {
			return true
		}
	}
	return false
}
