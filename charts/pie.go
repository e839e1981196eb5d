package charts

import (
	"fmt"
	"math"
)

// drawPie draws a pie of the one series: slices clockwise from twelve o'clock in
// category order, the share inside each slice that is large enough, and on the right a
// legend with every category's value and share (so small slices are named too).
func drawPie(c *canvas, p *plot) {
	W, H := float64(c.w), float64(c.h)
	pad := px(4)
	s := p.series[0]
	sum := 0.0
	var idx []int // categories with a value
	for i := range p.cats {
		if s.Valid[i] {
			sum += s.Values[i]
			idx = append(idx, i)
		}
	}
	share := func(v float64) string { return fmt.Sprintf("%.1f%%", v/sum*100) }

	// Legend: swatch, name, value（share）, in columns of at most 12 rows.
	st := style{size: sizeText, col: textColor}
	perCol := 12
	cols := (len(idx) + perCol - 1) / perCol
	perCol = (len(idx) + cols - 1) / cols
	if maxRows := (H - 2*pad) / (st.lineHeight() * 1.2); float64(perCol) > maxRows {
		st.size = math.Max(sizeText*maxRows/float64(perCol), 5)
	}
	// Long names wrap (up to three lines) rather than being cut; when the columns get
	// too tall for the chart, the legend's type gets smaller.
	names := make([][]string, len(idx))
	vals := make([]string, len(idx))
	var nameW, valW float64
	lh := st.lineHeight() * 1.2
	for try := 0; try < 4; try++ {
		nameW, valW = 0, 0
		lh = st.lineHeight() * 1.2
		tallest, colH := 0.0, 0.0
		for k, i := range idx {
			names[k], _ = c.wrap(p.cats[i], W*0.3/float64(cols), 3, st)
			vals[k] = p.value(s.Values[i]) + "（" + share(s.Values[i]) + "）"
			for _, l := range names[k] {
				nameW = math.Max(nameW, c.width(l, st))
			}
			valW = math.Max(valW, c.width(vals[k], st))
			if k%perCol == 0 {
				colH = 0
			}
			colH += lh + float64(len(names[k])-1)*st.lineHeight()
			tallest = math.Max(tallest, colH)
		}
		if tallest <= H-2*pad || st.size <= 5 {
			break
		}
		st.size = math.Max(st.size*(H-2*pad)/tallest, 5)
	}
	entryH := func(k int) float64 { return lh + float64(len(names[k])-1)*st.lineHeight() }
	sw := px(st.size) * 0.8
	colW := sw + px(3) + nameW + px(8) + valW
	colGap := px(10)
	legendW := float64(cols)*colW + float64(cols-1)*colGap

	gap := px(16)
	radius := math.Min((H-2*pad)/2*0.94, (W-2*pad-legendW-gap)/2)
	radius = math.Max(radius, px(20))
	total := 2*radius + gap + legendW
	cx := (W-total)/2 + radius
	cy := H / 2

	// Slices.
	a := -math.Pi / 2
	type mid struct {
		angle, delta float64
		k            int
	}
	var mids []mid
	for k, i := range idx {
		v := s.Values[i]
		if v <= 0 {
			continue
		}
		d := v / sum * 2 * math.Pi
		col := seriesColor(k)
		var pts [][2]float64
		steps := int(math.Ceil(d/(math.Pi/180))) + 1
		if d < 2*math.Pi-1e-9 {
			pts = append(pts, [2]float64{cx, cy})
		}
		for t := 0; t <= steps; t++ {
			ang := a + d*float64(t)/float64(steps)
			pts = append(pts, [2]float64{cx + radius*math.Cos(ang), cy + radius*math.Sin(ang)})
		}
		c.polygon(pts, col, white, 3)
		mids = append(mids, mid{a + d/2, d, k})
		a += d
	}
	// Shares inside the slices that have room.
	inner := style{size: sizeText}
	for _, m := range mids {
		i := idx[m.k]
		l := share(s.Values[i])
		lw := c.width(l, inner)
		r := radius * 0.64
		if len(mids) == 1 {
			r = 0
		}
		// The label must fit in the slice's arc at that radius.
		if m.delta*r < lw*1.1 && len(mids) > 1 {
			continue
		}
		x, y := cx+r*math.Cos(m.angle), cy+r*math.Sin(m.angle)
		inner.col = textOn(seriesColor(m.k))
		c.textMid(l, x, y, inner, alignCenter)
	}
	// Legend: each column centred on the pie; an entry's swatch and value stand on its
	// first line.
	lx0 := cx + radius + gap
	for col := 0; col*perCol < len(idx); col++ {
		first, last := col*perCol, min(len(idx), (col+1)*perCol)
		colH := 0.0
		for k := first; k < last; k++ {
			colH += entryH(k)
		}
		x := lx0 + float64(col)*(colW+colGap)
		top := cy - colH/2
		for k := first; k < last; k++ {
			y := top + lh/2
			c.rect(x, y-sw/2, x+sw, y+sw/2, seriesColor(k))
			for n, l := range names[k] {
				c.textMid(l, x+sw+px(3), y+float64(n)*st.lineHeight(), st, alignLeft)
			}
			c.textMid(vals[k], x+colW, y, style{size: st.size, col: tickColor}, alignRight)
			top += entryH(k)
		}
	}
}
