package charts

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/reportc/reportc/fonts"
)

// DPI is the resolution charts are drawn at: 1800 px over the 152.4 mm text block.
const DPI = 300.0

// px converts a length in points to pixels at DPI.
func px(pt float64) float64 { return pt * DPI / 72 }

// Type sizes in points, as printed at text-block width.
const (
	sizeText  = 9.0 // tick, category, legend and value labels
	sizeSmall = 7.0 // the smallest size labels shrink to before they are wrapped harder or cut
)

// Palette: a restrained set that keeps distinct grey values when printed in black and
// white. Bars and pie slices take the colours in this order.
var palette = []drawing.Color{
	rgb(0x2F4B7C), // dark slate
	rgb(0x7A9CC6), // mid blue
	rgb(0xC8D6E8), // light blue
	rgb(0xB5543C), // warm accent
	rgb(0xE3B8A5), // light warm
	rgb(0x555555), // dark grey
	rgb(0xA6A6A6), // mid grey
	rgb(0x1B2A44), // near-black navy
}

// linePalette orders the colours for lines: light colours do not read as thin lines.
var linePalette = []drawing.Color{rgb(0x2F4B7C), rgb(0xB5543C), rgb(0x7A9CC6), rgb(0x555555), rgb(0xA6A6A6)}

var (
	white     = rgb(0xFFFFFF)
	textColor = rgb(0x262626)
	tickColor = rgb(0x595959)
	gridColor = rgb(0xDDDDDD)
	axisColor = rgb(0x404040)
)

func rgb(v uint32) drawing.Color {
	return drawing.Color{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
}

func seriesColor(i int) drawing.Color { return palette[i%len(palette)] }

// luminance is the relative luminance of c, 0 (black) to 1 (white).
func luminance(c drawing.Color) float64 {
	lin := func(u uint8) float64 {
		v := float64(u) / 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// textOn is the label colour that reads on a fill of colour c.
func textOn(c drawing.Color) drawing.Color {
	if luminance(c) < 0.3 {
		return white
	}
	return textColor
}

// canvas wraps go-chart's raster graphic context with the drawing operations the charts
// need, in pixel coordinates, and sets text in the report's sans face with its
// fallbacks. Every operation is also recorded as a Drawing, which the PDF writer draws
// as paths and text; a canvas made by newVectorCanvas only records (no raster, no PNG).
type canvas struct {
	gc   *drawing.RasterGraphicContext // nil when only recording
	img  *image.RGBA                   // the raster, for filling axis-aligned rectangles directly
	fs   *fonts.Set
	w, h int
	rec  *Drawing // the recording; nil for a canvas used only to measure
}

// Drawing is a chart as drawing operations in its pixel coordinates (origin top left,
// y down, DPI pixels per inch at full size), in painting order. The PDF writer
// draws it as vector paths and text in the page; the PNG of the same chart is drawn
// from the same operations.
type Drawing struct {
	W, H int
	Ops  []Op
}

// OpKind is the kind of a drawing operation.
type OpKind uint8

// Kinds of drawing operation.
const (
	OpRect    OpKind = iota // a filled axis-aligned rectangle, Pts[0] to Pts[1]
	OpLine                  // a stroked open polyline
	OpPolygon               // a filled closed polygon, stroked when Width > 0
	OpText                  // a run of text, left end of its baseline at Pts[0]
)

// Op is one drawing operation.
type Op struct {
	Kind   OpKind
	Pts    [][2]float64
	Fill   drawing.Color // rectangles, polygons and text
	Stroke drawing.Color // lines and polygon outlines
	Width  float64       // stroke width in pixels
	Text   string
	Size   float64 // type size in points at full size (DPI pixels per inch)
	Bold   bool
}

func (c *canvas) record(op Op) {
	if c.rec != nil {
		c.rec.Ops = append(c.rec.Ops, op)
	}
}

// newVectorCanvas makes a canvas that only records its drawing.
func newVectorCanvas(fs *fonts.Set, w, h int) *canvas {
	c := &canvas{fs: fs, w: w, h: h, rec: &Drawing{W: w, H: h}}
	c.rect(0, 0, float64(w), float64(h), white)
	return c
}

// newCanvas makes a canvas that paints into pix (4 × w × h bytes, any content: the
// canvas first paints it white) and records.
func newCanvas(fs *fonts.Set, w, h int, pix []uint8) (*canvas, error) {
	img := &image.RGBA{Pix: pix[:4*w*h], Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
	gc, err := drawing.NewRasterGraphicContext(img)
	if err != nil {
		return nil, err
	}
	gc.SetDPI(DPI)
	c := &canvas{gc: gc, img: img, fs: fs, w: w, h: h, rec: &Drawing{W: w, H: h}}
	c.rect(0, 0, float64(w), float64(h), white)
	return c, nil
}

func ipt(v float64) int { return int(math.Round(v)) }

// rect fills the rectangle between (x0,y0) and (x1,y1), snapped to whole pixels.
func (c *canvas) rect(x0, y0, x1, y1 float64, col drawing.Color) {
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	if y1 < y0 {
		y0, y1 = y1, y0
	}
	a, b, cc, d := ipt(x0), ipt(y0), ipt(x1), ipt(y1)
	if cc == a || d == b {
		return
	}
	c.record(Op{Kind: OpRect, Pts: [][2]float64{{float64(a), float64(b)}, {float64(cc), float64(d)}}, Fill: col})
	if c.img == nil {
		return
	}
	// Pixel-snapped and opaque: the same pixels as go-chart's rasteriser would paint,
	// without its anti-aliasing pass over the whole area.
	draw.Draw(c.img, image.Rect(a, b, cc, d), &image.Uniform{C: color.RGBA{R: col.R, G: col.G, B: col.B, A: col.A}}, image.Point{}, draw.Over)
}

// hline draws a horizontal rule of the given thickness centred on y, as a filled
// rectangle so that it stays crisp.
func (c *canvas) hline(x0, x1, y, width float64, col drawing.Color) {
	c.rect(x0, y-width/2, x1, y+width/2, col)
}

// vline draws a vertical rule centred on x.
func (c *canvas) vline(x, y0, y1, width float64, col drawing.Color) {
	c.rect(x-width/2, y0, x+width/2, y1, col)
}

// line strokes a polyline.
func (c *canvas) line(pts [][2]float64, width float64, col drawing.Color) {
	if len(pts) < 2 {
		return
	}
	c.record(Op{Kind: OpLine, Pts: snapped(pts), Stroke: col, Width: width})
	if c.gc == nil {
		return
	}
	c.path(pts)
	c.gc.SetStrokeColor(col)
	c.gc.SetLineWidth(width)
	c.gc.SetLineDash(nil, 0)
	c.gc.Stroke()
}

// snapped is pts on whole pixels, as path draws them.
func snapped(pts [][2]float64) [][2]float64 {
	out := make([][2]float64, len(pts))
	for i, p := range pts {
		out[i] = [2]float64{float64(ipt(p[0])), float64(ipt(p[1]))}
	}
	return out
}

// path traces pts with pixel-snapped points.
func (c *canvas) path(pts [][2]float64) {
	c.gc.MoveTo(float64(ipt(pts[0][0])), float64(ipt(pts[0][1])))
	for _, p := range pts[1:] {
		c.gc.LineTo(float64(ipt(p[0])), float64(ipt(p[1])))
	}
}

// polygon fills a closed polygon and outlines it.
func (c *canvas) polygon(pts [][2]float64, fill, stroke drawing.Color, width float64) {
	if len(pts) == 0 {
		return
	}
	c.record(Op{Kind: OpPolygon, Pts: snapped(pts), Fill: fill, Stroke: stroke, Width: width})
	if c.gc == nil {
		return
	}
	c.path(pts)
	c.gc.Close()
	c.gc.SetFillColor(fill)
	if width > 0 {
		c.gc.SetStrokeColor(stroke)
		c.gc.SetLineWidth(width)
		c.gc.SetLineDash(nil, 0)
		c.gc.FillStroke()
	} else {
		c.gc.Fill()
	}
}

// Text alignment.
const (
	alignLeft = iota
	alignCenter
	alignRight
)

// style is a text style: size in points, weight, colour.
type style struct {
	size float64
	bold bool
	col  drawing.Color
}

func (s style) role() fonts.Role {
	if s.bold {
		return fonts.SansBold
	}
	return fonts.Sans
}

// lineHeight is the distance between baselines of wrapped lines, in pixels.
func (s style) lineHeight() float64 { return px(s.size) * 1.25 }

// height is the visual height of a line of text (the ideographic em box), in pixels.
func (s style) height() float64 { return px(s.size) }

// face returns the face that draws r in the style's role.
func (c *canvas) face(role fonts.Role, r rune) *fonts.Face {
	if f := c.fs.FaceFor(role, r); f != nil {
		return f
	}
	return c.fs.Face(role)
}

// width measures s in pixels.
func (c *canvas) width(s string, st style) float64 {
	w := 0.0
	for _, r := range s {
		w += c.face(st.role(), r).Advance(r, st.size)
	}
	return px(w)
}

// text draws s with its baseline at y, aligned on x.
func (c *canvas) text(s string, x, y float64, st style, align int) {
	switch align {
	case alignCenter:
		x -= c.width(s, st) / 2
	case alignRight:
		x -= c.width(s, st)
	}
	if s == "" {
		return
	}
	c.record(Op{Kind: OpText, Pts: [][2]float64{{x, y}}, Fill: st.col, Text: s, Size: st.size, Bold: st.bold})
	if c.gc == nil {
		return
	}
	// go-chart's raster context sets glyphs at size×DPI/64 pixels per em (it treats the
	// 26.6 fixed-point scale as whole pixels), not size×DPI/72: scale the size so the
	// type comes out at its size in points at DPI, as measured by width.
	size := st.size * 64 / 72
	// Draw run by run, each in the face that has its characters.
	var run strings.Builder
	var runFont *truetype.Font
	flush := func() {
		if run.Len() == 0 {
			return
		}
		c.gc.SetFont(runFont)
		c.gc.SetFontSize(size)
		c.gc.SetFillColor(st.col)
		c.gc.CreateStringPath(run.String(), float64(ipt(x)), float64(ipt(y)))
		c.gc.Fill()
		x += c.width(run.String(), st)
		run.Reset()
	}
	for _, r := range s {
		f := c.face(st.role(), r).TruetypeFor(r)
		if f != runFont {
			flush()
			runFont = f
		}
		run.WriteRune(r)
	}
	flush()
}

// textMid draws s vertically centred on y.
func (c *canvas) textMid(s string, x, y float64, st style, align int) {
	c.text(s, x, y+0.38*px(st.size), st, align)
}

// lines draws wrapped lines, the block's top at y.
func (c *canvas) lines(ls []string, x, top float64, st style, align int) {
	lh := st.lineHeight()
	for i, l := range ls {
		c.textMid(l, x, top+lh*float64(i)+lh/2, st, align)
	}
}

// Kinsoku: characters that may not begin or end a line.
const (
	noLineStart = "，。、；：？！）》」』】〕”’%‰…—·,.;:?!)]}"
	noLineEnd   = "（《「『【〔“‘([{"
)

// tokens splits a label into unbreakable pieces: a run of Latin letters and digits stays
// whole, closing punctuation sticks to what precedes it and opening punctuation to
// what follows; every other character (Han) is a piece of its own.
func tokens(s string) []string {
	var out []string
	var cur strings.Builder
	glue := false // the next piece attaches to cur
	latin := func(r rune) bool {
		return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".,%-/+&'", r))
	}
	var prev rune
	for _, r := range s {
		switch {
		case cur.Len() == 0:
		case glue:
		case strings.ContainsRune(noLineStart, r):
		case latin(r) && latin(prev):
		default:
			out = append(out, cur.String())
			cur.Reset()
		}
		cur.WriteRune(r)
		glue = strings.ContainsRune(noLineEnd, r)
		prev = r
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// fill breaks toks greedily into lines no wider than limit (a piece wider than the
// limit is split by character).
func (c *canvas) fill(toks []string, limit float64, st style) []string {
	var lines []string
	cur, curW := "", 0.0
	for _, t := range toks {
		tw := c.width(t, st)
		if tw > limit && utf8.RuneCountInString(t) > 1 {
			for _, r := range t {
				rs := string(r)
				rw := c.width(rs, st)
				if curW+rw > limit && cur != "" {
					lines = append(lines, cur)
					cur, curW = "", 0
				}
				cur += rs
				curW += rw
			}
			continue
		}
		if curW+tw > limit && cur != "" {
			lines = append(lines, strings.TrimSpace(cur))
			cur, curW = "", 0
			t = strings.TrimLeft(t, " ")
			tw = c.width(t, st)
		}
		cur += t
		curW += tw
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, strings.TrimSpace(cur))
	}
	return lines
}

// wrap breaks a label into at most maxLines lines no wider than maxW, with the lines of
// about equal length (a 13-character school name becomes 7 + 6, not 12 + 1). It
// returns ok false when the label does not fit; the lines are then cut to fit, the last
// one ending in "…".
func (c *canvas) wrap(s string, maxW float64, maxLines int, st style) (lines []string, ok bool) {
	s = strings.TrimSpace(s)
	if c.width(s, st) <= maxW && !strings.Contains(s, "\n") {
		return []string{s}, true
	}
	var parts []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	for _, p := range parts {
		lines = append(lines, c.balanced(p, maxW, maxLines, st)...)
	}
	ok = len(lines) <= maxLines
	for _, l := range lines {
		if c.width(l, st) > maxW+0.5 {
			ok = false
		}
	}
	if ok {
		return lines, true
	}
	// Cut: fill to maxW, keep maxLines lines, end the last with an ellipsis.
	lines = c.fill(tokens(strings.Join(parts, "")), maxW, st)
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		last := []rune(lines[maxLines-1])
		for len(last) > 0 && c.width(string(last)+"…", st) > maxW {
			last = last[:len(last)-1]
		}
		lines[maxLines-1] = string(last) + "…"
	}
	return lines, false
}

// balanced wraps one paragraph into the fewest lines that fit maxW (up to maxLines),
// then narrows the limit as far as that line count allows so the lines come out even.
func (c *canvas) balanced(s string, maxW float64, maxLines int, st style) []string {
	toks := tokens(s)
	full := c.fill(toks, maxW, st)
	n := len(full)
	if n <= 1 || n > maxLines {
		return full
	}
	lo, hi := 0.0, maxW
	for _, t := range toks {
		lo = math.Max(lo, c.width(t, st))
	}
	if lo > hi {
		return full
	}
	for i := 0; i < 24 && hi-lo > 0.5; i++ {
		mid := (lo + hi) / 2
		if len(c.fill(toks, mid, st)) <= n {
			hi = mid
		} else {
			lo = mid
		}
	}
	return c.fill(toks, hi, st)
}

// fitLabels wraps every label to maxW in at most maxLines lines, trying the text size
// first and smaller sizes down to sizeSmall; it returns the wrapped labels, the style
// used and the largest line count.
func (c *canvas) fitLabels(labels []string, maxW float64, maxLines int, base style) ([][]string, style, int) {
	st := base
	for size := base.size; ; size -= 0.5 {
		st.size = size
		out := make([][]string, len(labels))
		all := true
		most := 1
		for i, l := range labels {
			ls, ok := c.wrap(l, maxW, maxLines, st)
			out[i] = ls
			all = all && ok
			most = max(most, len(ls))
		}
		if all || size <= sizeSmall {
			return out, st, most
		}
	}
}

// box is a rectangle used to keep labels from overlapping.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) overlaps(o box) bool {
	return b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1
}

// labelBox is the box of a label of width w centred on x with its middle at y.
func labelBox(x, y, w float64, st style, align int) box {
	h := st.height()
	switch align {
	case alignCenter:
		x -= w / 2
	case alignRight:
		x -= w
	}
	return box{x, y - h/2, x + w, y + h/2}
}

// placed collects the boxes of drawn labels.
type placed []box

func (p placed) free(b box) bool {
	for _, o := range p {
		if o.overlaps(b) {
			return false
		}
	}
	return true
}
