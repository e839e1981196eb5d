package charts

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"

	"github.com/golang/freetype/raster"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
)

// SealRed is the red of the sample seal (印泥红).
var SealRed = color.RGBA{R: 0xD7, G: 0x1A, B: 0x1F, A: 0xFF}

// SampleSeal draws a sample round seal for an example report: a red ring, a five-
// pointed star in the middle, the issuer's name along the upper arc and 示例印章 across
// the bottom, on a transparent background, size×size pixels. It is plainly a sample,
// never a unit's real seal, and the PNG is marked so (data.MarkSampleSeal) so that an
// official build refuses it. The same face, name and size give the same bytes.
func SampleSeal(face *truetype.Font, issuer string, size int) ([]byte, error) {
	if size < 100 || size > 4000 {
		return nil, fmt.Errorf("印章尺寸应在 100–4000 像素之间，实际是 %d", size)
	}
	name := []rune(issuer)
	if len(name) == 0 || len(name) > 24 {
		return nil, fmt.Errorf("印章上的单位名称应为 1–24 个字，实际是 %d 个", len(name))
	}
	s := float64(size)
	c := s / 2
	r := raster.NewRasterizer(size, size)
	r.UseNonZeroWinding = true
	pt := func(x, y float64) fixed.Point26_6 {
		return fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
	}
	// The ring: the outer circle clockwise, the inner one counter-clockwise.
	circle := func(radius float64, dir float64) {
		const n = 360
		r.Start(pt(c+radius, c))
		for i := 1; i <= n; i++ {
			a := dir * 2 * math.Pi * float64(i) / n
			r.Add1(pt(c+radius*math.Cos(a), c+radius*math.Sin(a)))
		}
	}
	outer := 0.48 * s
	ring := 0.04 * s
	circle(outer, 1)
	circle(outer-ring, -1)

	// The star, point up.
	ro, ri := 0.17*s, 0.17*s*0.382
	for i := 0; i <= 10; i++ {
		rad := ro
		if i%2 == 1 {
			rad = ri
		}
		a := -math.Pi/2 + float64(i)*math.Pi/5
		p := pt(c+rad*math.Cos(a), c+rad*math.Sin(a))
		if i == 0 {
			r.Start(p)
		} else {
			r.Add1(p)
		}
	}

	// The name along the upper arc, each character upright towards the rim.
	var g truetype.GlyphBuf
	charPx := 0.15 * s
	if len(name) > 10 {
		charPx = s * 1.5 / float64(len(name))
	}
	baseR := outer - ring - 0.035*s - charPx*0.88
	step := charPx * 1.12 / (baseR + 0.4*charPx)
	if len(name) > 1 {
		step = math.Min(step, 1.3*math.Pi/float64(len(name)-1))
	}
	span := step * float64(len(name)-1)
	for i, ch := range name {
		theta := -span/2 + float64(i)*step // from twelve o'clock, clockwise
		ux, uy := math.Sin(theta), -math.Cos(theta)
		tx, ty := math.Cos(theta), math.Sin(theta)
		if err := glyphPath(r, &g, face, ch, charPx, func(gx, gy float64) fixed.Point26_6 {
			return pt(c+baseR*ux+gx*tx+gy*ux, c+baseR*uy+gx*ty+gy*uy)
		}); err != nil {
			return nil, err
		}
	}

	// 示例印章 across the bottom, where a real seal carries its purpose.
	label := []rune("示例印章")
	lpx := 0.085 * s
	x0 := c - float64(len(label))*lpx/2
	for i, ch := range label {
		ox := x0 + (float64(i)+0.5)*lpx
		oy := c + 0.30*s
		if err := glyphPath(r, &g, face, ch, lpx, func(gx, gy float64) fixed.Point26_6 {
			return pt(ox+gx, oy-gy)
		}); err != nil {
			return nil, err
		}
	}

	img := image.NewRGBA(image.Rect(0, 0, size, size))
	p := raster.NewRGBAPainter(img)
	p.SetColor(SealRed)
	r.Rasterize(p)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return data.MarkPNG(buf.Bytes(), data.MarkSampleSeal), nil
}

// glyphPath adds a character's outline, centred on x = 0 with its baseline at y = 0
// (font units scaled to px per em, y up), to the rasterizer through the placement at.
func glyphPath(r *raster.Rasterizer, g *truetype.GlyphBuf, face *truetype.Font, ch rune, px float64, at func(x, y float64) fixed.Point26_6) error {
	idx := face.Index(ch)
	if idx == 0 {
		return fmt.Errorf("字体中没有 “%c”，画不出印章", ch)
	}
	if err := g.Load(face, fixed.Int26_6(px*64), idx, font.HintingNone); err != nil {
		return err
	}
	half := float64(g.AdvanceWidth) / 64 / 2
	fonts.Outline(g, rasterPath{r, func(x, y float64) fixed.Point26_6 { return at(x-half, y) }})
	return nil
}

// rasterPath feeds a glyph outline (fonts.Outline) to a rasterizer through a placement.
type rasterPath struct {
	r  *raster.Rasterizer
	at func(x, y float64) fixed.Point26_6
}

func (p rasterPath) MoveTo(x, y float64)         { p.r.Start(p.at(x, y)) }
func (p rasterPath) LineTo(x, y float64)         { p.r.Add1(p.at(x, y)) }
func (p rasterPath) QuadTo(cx, cy, x, y float64) { p.r.Add2(p.at(cx, cy), p.at(x, y)) }
func (p rasterPath) Close()                      {}
