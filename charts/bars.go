package charts

import "math"

// barsGeom is the layout of a horizontal bar chart that decides the image height.
type barsGeom struct {
	height  int
	need    float64 // the height the rows need, before the 5:3 minimum
	legendH float64
	noteH   float64    // the unit note's line under the value axis, 0 for none
	lines   [][]string // wrapped category labels
	st      style      // their style
	labelW  float64    // width of the label column
}

// barsLayout wraps the category labels into a column on the left (at most 28% of the
// width, up to three lines) and finds the height: 1080 px, or more for many categories,
// up to MaxHeight, where labels shrink and wrap less to fit.
func barsLayout(c *canvas, p *plot) barsGeom {
	W := float64(c.w)
	pad := px(4)
	g := barsGeom{}
	if p.legend {
		g.legendH = c.legend(seriesItems(p, false), pad, W-pad, pad, false) + px(3)
	}
	if p.unitNote != "" {
		g.noteH = style{size: sizeText}.lineHeight()
	}
	fixed := pad + g.legendH + px(2) + px(sizeText)*1.5 + px(3) + g.noteH + pad
	n := float64(len(p.cats))
	maxW := W * 0.28
	base := style{size: sizeText, col: textColor}
	var h float64
	for _, ml := range []int{3, 2, 1} {
		var most int
		g.lines, g.st, most = c.fitLabels(p.cats, maxW, ml, base)
		row := math.Max(float64(most)*g.st.lineHeight()+px(5), px(16))
		h = fixed + n*row
		if h <= MaxHeight {
			break
		}
	}
	if h > MaxHeight {
		// Even one line per label is too tall: shrink the labels to the rows there are.
		h = MaxHeight
		row := (h - fixed) / n
		size := math.Max(row/1.15/(DPI/72)/1.25, 5)
		small := style{size: math.Min(size, sizeSmall), col: textColor}
		g.lines, g.st, _ = c.fitLabels(p.cats, maxW, 1, small)
		if cut(g.lines) {
			// Rather than cut a name, give the label column up to 45 % of the width.
			g.lines, g.st, _ = c.fitLabels(p.cats, W*0.45, 1, small)
		}
	}
	g.need = h
	g.height = int(math.Ceil(math.Max(h, BaseHeight)))
	for _, ls := range g.lines {
		for _, l := range ls {
			g.labelW = math.Max(g.labelW, c.width(l, g.st))
		}
	}
	return g
}

// drawBars draws horizontal (stacked) bars: categories top down with their labels on
// the left, the value axis at the bottom, segment values inside the segments where they
// fit and the total (or the value) at the end of each bar.
func drawBars(c *canvas, p *plot) {
	g := barsLayout(c, p)
	W, H := float64(c.w), float64(c.h)
	pad := px(4)
	if p.legend {
		c.legend(seriesItems(p, false), pad, W-pad, pad, true)
	}
	n := len(p.cats)
	totals, count := stackTotals(p)
	var axisValues []float64
	endW := 0.0
	vst := style{size: sizeText, col: textColor}
	if avail := (H - pad - g.noteH - px(sizeText)*1.5 - px(3) - (pad + g.legendH + px(2))) / float64(n); avail < vst.lineHeight() {
		vst.size = g.st.size // crowded rows: values as small as the labels
	}
	for i := range p.cats {
		if count[i] > 0 {
			axisValues = append(axisValues, totals[i])
			endW = math.Max(endW, c.width(p.value(totals[i]), style{size: vst.size, bold: true}))
		}
	}
	ax := newValueAxis(axisValues, p.integer)
	tst := style{size: sizeText, col: tickColor}
	tickLabels := make([]string, len(ax.ticks))
	for i, t := range ax.ticks {
		tickLabels[i] = p.tick(t, ax)
	}
	lastW := c.width(tickLabels[len(tickLabels)-1], tst)

	left := pad + g.labelW + px(5)
	// Negative values (one series only) end left of zero, their labels beyond them.
	negW := 0.0
	for i := range p.cats {
		if count[i] > 0 && totals[i] < 0 {
			negW = math.Max(negW, c.width(p.value(totals[i]), style{size: vst.size, bold: true}))
		}
	}
	if negW > 0 {
		left += negW + px(3)
	}
	right := W - pad - math.Max(endW+px(3), lastW/2)
	top := pad + g.legendH + px(2)
	bottom := H - pad - g.noteH - px(sizeText)*1.5 - px(3)
	x := func(v float64) float64 { return left + ax.frac(v)*(right-left) }
	row := (bottom - top) / float64(n)
	barH := math.Min(row*0.62, px(28))

	for i, t := range ax.ticks {
		if t != 0 {
			c.vline(x(t), top, bottom, 2, gridColor)
		}
		c.textMid(tickLabels[i], x(t), bottom+px(3)+px(sizeText)*0.75, tst, alignCenter)
	}
	if ax.min < 0 {
		c.vline(x(0), top, bottom, 3, axisColor)
	}
	if p.unitNote != "" {
		// The unit note on a line of its own under the value axis' labels, flush
		// with the right of the chart.
		c.textMid(p.unitNote, W-pad, H-pad-g.noteH/2, tst, alignRight)
	}
	ist := vst
	for i, ls := range g.lines {
		cy := top + row*(float64(i)+0.5)
		lh := g.st.lineHeight()
		c.lines(ls, left-px(4), cy-lh*float64(len(ls))/2, g.st, alignRight)
		y0, y1 := cy-barH/2, cy+barH/2
		cum := 0.0
		type seg struct {
			j      int
			v      float64
			x0, x1 float64
		}
		var segs []seg
		for j, s := range p.series {
			if !s.Valid[i] {
				continue
			}
			v := s.Values[i]
			sg := seg{j: j, v: v, x0: x(cum), x1: x(cum + v)}
			cum += v
			c.rect(sg.x0, y0, sg.x1, y1, seriesColor(j))
			segs = append(segs, sg)
		}
		for k := 1; k < len(segs); k++ {
			if segs[k].v > 0 && segs[k-1].v > 0 {
				c.vline(segs[k].x0, y0, y1, 2, white)
			}
		}
		if len(segs) == 0 {
			continue
		}
		tst := vst
		tst.bold = len(segs) > 1
		if totals[i] < 0 {
			c.textMid(p.value(totals[i]), x(totals[i])-px(3), cy, tst, alignRight)
		} else {
			c.textMid(p.value(totals[i]), x(totals[i])+px(3), cy, tst, alignLeft)
		}
		if len(segs) < 2 {
			continue
		}
		for _, sg := range segs {
			l := p.value(sg.v)
			if sg.x1-sg.x0 >= c.width(l, ist)+px(3) && barH >= ist.height()*1.1 {
				col := seriesColor(sg.j)
				c.textMid(l, (sg.x0+sg.x1)/2, cy, style{size: ist.size, col: textOn(col)}, alignCenter)
			}
		}
	}
	c.vline(x(0), top, bottom, 3, axisColor)
}
