package charts

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// samePixels fails unless the PNG b decodes to exactly the pixels of want.
func samePixels(t *testing.T, name string, b []byte, want *image.RGBA) image.Image {
	t.Helper()
	got, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got.Bounds() != want.Bounds() {
		t.Fatalf("%s: bounds %v, want %v", name, got.Bounds(), want.Bounds())
	}
	bd := want.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r1, g1, b1, a1 := got.At(x, y).RGBA()
			r2, g2, b2, a2 := want.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				t.Fatalf("%s: pixel (%d,%d) is %v, want %v", name, x, y, got.At(x, y), want.At(x, y))
			}
		}
	}
	return got
}

// TestEncodePNG: the chart encoder writes exactly the pixels it is given, as an
// indexed-colour PNG up to 256 colours, as RGB above, through image/png when a pixel is
// not opaque; one encoder serves images of different sizes one after the other.
func TestEncodePNG(t *testing.T) {
	fill := func(w, h int, f func(x, y int) color.RGBA) *image.RGBA {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				img.SetRGBA(x, y, f(x, y))
			}
		}
		return img
	}
	cases := []struct {
		name string
		img  *image.RGBA
		kind string // type of the decoded image
	}{
		// White rows, repeated rows and 256 colours exactly (255 greys and white).
		{"256 colours", fill(300, 40, func(x, y int) color.RGBA {
			if y < 10 || y >= 30 {
				return color.RGBA{255, 255, 255, 255}
			}
			v := uint8((x + 7*y) % 255)
			return color.RGBA{v, v / 2, 255 - v, 255}
		}), "*image.Paletted"},
		{"257 colours", fill(300, 40, func(x, y int) color.RGBA {
			if y == 39 && x == 299 {
				return color.RGBA{1, 2, 3, 255} // the 257th, in the last pixel
			}
			v := uint8(x % 256)
			return color.RGBA{v, v, v, 255}
		}), "*image.RGBA"},
		{"many colours", fill(97, 61, func(x, y int) color.RGBA {
			return color.RGBA{uint8(x * 3), uint8(y * 5), uint8(x * y), 255}
		}), "*image.RGBA"},
		{"one colour", fill(5, 3, func(x, y int) color.RGBA { return color.RGBA{0x2F, 0x4B, 0x7C, 255} }), "*image.Paletted"},
		{"translucent", fill(20, 20, func(x, y int) color.RGBA {
			if x == 19 && y == 19 {
				return color.RGBA{0, 0, 0, 0}
			}
			return color.RGBA{255, 255, 255, 255}
		}), "*image.NRGBA"},
	}
	var e pngEncoder
	for _, c := range cases {
		b, err := e.encodePNG(c.img)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got := samePixels(t, c.name, b, c.img)
		if k := typeName(got); k != c.kind {
			t.Errorf("%s: decoded as %s, want %s", c.name, k, c.kind)
		}
		again, _ := e.encodePNG(c.img)
		if !bytes.Equal(b, again) {
			t.Errorf("%s: a second encoding differs", c.name)
		}
	}
}

func typeName(img image.Image) string {
	switch img.(type) {
	case *image.Paletted:
		return "*image.Paletted"
	case *image.RGBA:
		return "*image.RGBA"
	case *image.NRGBA:
		return "*image.NRGBA"
	}
	return "other"
}

// TestChartPNGPixels: the PNG of a drawn chart holds exactly the raster it was drawn on,
// for a chart of few colours (indexed) and one of many (RGB).
func TestChartPNGPixels(t *testing.T) {
	fs := testFonts(t)
	for _, name := range []string{"colneg", "pielegend"} {
		p, err := prepare(stressCharts()[name])
		if err != nil {
			t.Fatal(err)
		}
		c, err := newCanvas(fs, BaseWidth, BaseHeight, make([]uint8, 4*BaseWidth*BaseHeight))
		if err != nil {
			t.Fatal(err)
		}
		paint(c, p)
		var e pngEncoder
		b, err := e.encodePNG(c.img)
		if err != nil {
			t.Fatal(err)
		}
		samePixels(t, name, b, c.img)
	}
}

// TestDirtyBuffer: a chart drawn on a reused raster (of another renderer sharing the
// buffers) is the same as one drawn on a fresh one, and the buffers are kept.
func TestDirtyBuffer(t *testing.T) {
	fs := testFonts(t)
	ch := stressCharts()["lineneg"]
	a, err := NewRenderer(fs).Render(ch)
	if err != nil {
		t.Fatal(err)
	}
	shared := NewBuffers()
	r := NewRenderer(fs)
	r.Buffers = shared
	if _, err := r.Render(stressCharts()["pielegend"]); err != nil {
		t.Fatal(err)
	}
	if len(shared.pix) != 1 || len(shared.encs) != 1 {
		t.Fatalf("%d rasters and %d encoders kept, want 1 and 1", len(shared.pix), len(shared.encs))
	}
	kept := shared.pix[0]
	r2 := NewRenderer(fs)
	r2.Buffers = shared
	b, err := r2.Render(ch)
	if err != nil {
		t.Fatal(err)
	}
	if len(shared.pix) != 1 || shared.pix[0] != kept {
		t.Error("the second renderer did not reuse the first one's raster")
	}
	if !bytes.Equal(a, b) {
		t.Error("a chart drawn on a used raster differs from the chart drawn on a fresh one")
	}
}
