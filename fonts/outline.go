package fonts

import "github.com/golang/freetype/truetype"

// PathSink receives a glyph outline as line and quadratic segments, in pixels of the
// size the glyph was loaded at (y up, as TrueType has it).
type PathSink interface {
	MoveTo(x, y float64)
	LineTo(x, y float64)
	QuadTo(cx, cy, x, y float64)
	Close()
}

// Outline walks the contours of a loaded glyph: each contour starts at an on-curve point
// (or midway between its first two off-curve points), implied on-curve points between
// two off-curve points are made explicit, and the contour is closed back to its start.
// The sample seal (charts) rasterises glyphs with it and the draft mark (layout/pdf)
// writes them as PDF paths.
func Outline(g *truetype.GlyphBuf, sink PathSink) {
	type pt struct{ x, y float64 }
	at := func(p truetype.Point) pt { return pt{float64(p.X) / 64, float64(p.Y) / 64} }
	mid := func(a, b pt) pt { return pt{(a.x + b.x) / 2, (a.y + b.y) / 2} }
	start := 0
	for _, end := range g.Ends {
		pts := g.Points[start:end]
		start = end
		n := len(pts)
		if n == 0 {
			continue
		}
		first := -1
		for i, p := range pts {
			if p.Flags&1 != 0 {
				first = i
				break
			}
		}
		var p0 pt
		if first < 0 {
			p0, first = mid(at(pts[0]), at(pts[1%n])), 1
		} else {
			p0, first = at(pts[first]), first+1
		}
		sink.MoveTo(p0.x, p0.y)
		var ctrl *pt
		for i := 0; i < n; i++ {
			p := pts[(first+i)%n]
			q := at(p)
			if p.Flags&1 != 0 {
				if ctrl == nil {
					sink.LineTo(q.x, q.y)
				} else {
					sink.QuadTo(ctrl.x, ctrl.y, q.x, q.y)
					ctrl = nil
				}
				continue
			}
			if ctrl != nil {
				m := mid(*ctrl, q)
				sink.QuadTo(ctrl.x, ctrl.y, m.x, m.y)
			}
			c := q
			ctrl = &c
		}
		if ctrl != nil {
			sink.QuadTo(ctrl.x, ctrl.y, p0.x, p0.y)
		} else {
			sink.LineTo(p0.x, p0.y)
		}
		sink.Close()
	}
}
