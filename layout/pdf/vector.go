package pdf

import (
	"fmt"
	"strings"

	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/reportc/reportc/charts"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/layout"
)

// vectorPic is a chart drawn as paths in a picture's box instead of as its PNG.
type vectorPic struct {
	pic layout.Picture
	d   *charts.Drawing
}

// vectorPages replaces the chart pictures that info.Vector knows by their drawings. It
// returns the pages to write (a page with charts is a copy: the book is not changed),
// with each chart's text added to its page's runs, and the drawings by page.
func vectorPages(pages []*layout.Page, vector func([]byte) *charts.Drawing) ([]*layout.Page, map[*layout.Page][]vectorPic) {
	if vector == nil {
		return pages, nil
	}
	out := make([]*layout.Page, len(pages))
	byPage := map[*layout.Page][]vectorPic{}
	for i, p := range pages {
		out[i] = p
		var keep []layout.Picture
		var vecs []vectorPic
		for _, im := range p.Pictures {
			d := vector(im.Data)
			if d == nil || d.W <= 0 || d.H <= 0 || im.W <= 0 || im.H <= 0 {
				keep = append(keep, im)
				continue
			}
			vecs = append(vecs, vectorPic{pic: im, d: d})
		}
		if len(vecs) == 0 {
			continue
		}
		np := *p
		np.Pictures = keep
		np.Texts = append([]layout.Glyphs(nil), p.Texts...)
		for _, v := range vecs {
			np.Texts = append(np.Texts, chartTexts(v)...)
		}
		out[i] = &np
		byPage[&np] = vecs
	}
	return out, byPage
}

// scale is millimetres per drawing pixel in the picture's box (the box keeps the
// drawing's shape, so one factor serves both directions).
func (v vectorPic) scale() float64 { return v.pic.W / float64(v.d.W) }

// chartTexts are the text operations of a chart as runs in page coordinates, set in
// the book's sans faces (and fallbacks) through the subset fonts of text.go, so that
// chart labels are text a reader can search and copy.
func chartTexts(v vectorPic) []layout.Glyphs {
	s := v.scale()
	var out []layout.Glyphs
	for _, op := range v.d.Ops {
		if op.Kind != charts.OpText || op.Text == "" || len(op.Pts) == 0 {
			continue
		}
		role := fonts.Sans
		if op.Bold {
			role = fonts.SansBold
		}
		// Size points at DPI pixels per inch → printed points.
		size := op.Size * charts.DPI / 72 * s * ptPerMM
		out = append(out, layout.Glyphs{
			X:     v.pic.X + op.Pts[0][0]*s,
			Y:     v.pic.Y + op.Pts[0][1]*s,
			Text:  op.Text,
			Style: layout.Style{Role: role, Size: size},
			Gray:  grayOf(op.Fill),
		})
	}
	return out
}

// grayOf is a colour's grey level, 0 black … 1 white (chart text is grey).
func grayOf(c drawing.Color) float64 {
	return (0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)) / 255
}

// chartContent is the page content that draws a chart's shapes in its box: one
// transformation from drawing pixels to the page, a clip to the box, rectangles,
// polygons and lines with their colours set only when they change. The text is drawn
// with the page's text (chartTexts).
func chartContent(v vectorPic, pageH float64) string {
	s := v.scale() * ptPerMM
	var b strings.Builder
	fmt.Fprintf(&b, "q %s 0 0 %s %s %s cm\n0 0 %d %d re W n\n1 j 1 J\n",
		num3(s), num3(-s), num(v.pic.X*ptPerMM), num((pageH-v.pic.Y)*ptPerMM), v.d.W, v.d.H)
	fill, stroke, width := "", "", -1.0
	setFill := func(c drawing.Color) {
		if x := rgbOp(c, "rg"); x != fill {
			b.WriteString(x)
			fill = x
		}
	}
	setStroke := func(c drawing.Color, w float64) {
		if x := rgbOp(c, "RG"); x != stroke {
			b.WriteString(x)
			stroke = x
		}
		if w != width {
			fmt.Fprintf(&b, "%s w\n", num(w))
			width = w
		}
	}
	path := func(pts [][2]float64) {
		for i, p := range pts {
			op := "l"
			if i == 0 {
				op = "m"
			}
			fmt.Fprintf(&b, "%s %s %s\n", num(p[0]), num(p[1]), op)
		}
	}
	for _, op := range v.d.Ops {
		switch op.Kind {
		case charts.OpRect:
			if len(op.Pts) < 2 || op.Fill.A == 0 {
				continue
			}
			setFill(op.Fill)
			x0, y0, x1, y1 := op.Pts[0][0], op.Pts[0][1], op.Pts[1][0], op.Pts[1][1]
			fmt.Fprintf(&b, "%s %s %s %s re f\n", num(x0), num(y0), num(x1-x0), num(y1-y0))
		case charts.OpLine:
			if len(op.Pts) < 2 || op.Width <= 0 {
				continue
			}
			setStroke(op.Stroke, op.Width)
			path(op.Pts)
			b.WriteString("S\n")
		case charts.OpPolygon:
			if len(op.Pts) < 3 {
				continue
			}
			setFill(op.Fill)
			if op.Width > 0 {
				setStroke(op.Stroke, op.Width) // before the path: no colour inside one
			}
			path(op.Pts)
			if op.Width > 0 {
				b.WriteString("b\n")
			} else {
				b.WriteString("h f\n")
			}
		}
	}
	b.WriteString("Q\n")
	return b.String()
}

func rgbOp(c drawing.Color, op string) string {
	return fmt.Sprintf("%s %s %s %s\n", num3(float64(c.R)/255), num3(float64(c.G)/255), num3(float64(c.B)/255), op)
}
