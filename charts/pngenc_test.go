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

// FuzzEncodePNG: any image, of few colours or many, opaque or not, comes back from the
// chart encoder pixel for pixel. The bytes are the pixels, cycled over a w × h image.
func FuzzEncodePNG(f *testing.F) {
	f.Add(uint8(3), uint8(2), []byte{255, 255, 255, 255, 0, 0, 0, 255})
	f.Add(uint8(17), uint8(9), []byte{1, 2, 3, 255, 1, 2, 3, 255, 9, 9, 9, 255})
	f.Add(uint8(1), uint8(1), []byte{0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, w, h uint8, pix []byte) {
		if w == 0 || h == 0 || len(pix) < 4 {
			return
		}
		img := image.NewRGBA(image.Rect(0, 0, int(w), int(h)))
		for i := range img.Pix {
			img.Pix[i] = pix[i%len(pix)]
		}
		// Make a pixel opaque unless its own alpha byte says otherwise: most charts are.
		for i := 3; i < len(img.Pix); i += 4 {
			if img.Pix[i] >= 128 {
				img.Pix[i] = 255
			} else {
				// Premultiplied: colour no larger than alpha.
				a := img.Pix[i]
				img.Pix[i-3], img.Pix[i-2], img.Pix[i-1] = min(img.Pix[i-3], a), min(img.Pix[i-2], a), min(img.Pix[i-1], a)
			}
		}
		var e pngEncoder
		b, err := e.encodePNG(img)
		if err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(bytes.NewReader(b))
		if err != nil || got.Bounds() != img.Bounds() {
			t.Fatalf("decode: %v, bounds %v", err, got.Bounds())
		}
		// Opaque pixels come back exactly; translucent ones (left to image/png, which
		// stores them unpremultiplied) within rounding.
		for y := 0; y < int(h); y++ {
			for x := 0; x < int(w); x++ {
				r1, g1, b1, a1 := got.At(x, y).RGBA()
				r2, g2, b2, a2 := img.At(x, y).RGBA()
				tol := uint32(0)
				if a2 != 0xffff {
					tol = 0x200
				}
				for _, d := range [][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}, {a1, a2}} {
					if max(d[0], d[1])-min(d[0], d[1]) > tol {
						t.Fatalf("pixel (%d,%d) is %v, want %v", x, y, got.At(x, y), img.At(x, y))
					}
				}
			}
		}
	})
}
