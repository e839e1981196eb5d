package pdf

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"testing"

	"github.com/reportc/reportc/internal/orient"
	"github.com/reportc/reportc/layout"
)

// uprightScene is a w × h picture, grey with a red block at its top left: where the
// block is says which way up a picture is.
func uprightScene(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(m, m.Bounds(), image.NewUniform(color.RGBA{128, 128, 128, 255}), image.Point{}, draw.Src)
	draw.Draw(m, image.Rect(0, 0, w/3, h/3), image.NewUniform(color.RGBA{230, 20, 20, 255}), image.Point{}, draw.Src)
	return m
}

// OrientedJPEG is how a phone saves uprightScene(w, h) with orientation o: the pixels
// turned the other way (stored), and the EXIF tag saying how to turn them back.
func orientedJPEG(t testing.TB, w, h, o int, bo binary.ByteOrder) []byte {
	t.Helper()
	inverse := map[int]int{6: 8, 8: 6}[o]
	if inverse == 0 {
		inverse = o // the others undo themselves
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, orient.Apply(uprightScene(w, h), inverse), &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return orient.Tag(b.Bytes(), o, bo)
}

// redCorner says in which corner of a picture the red block is ("tl", "tr", "bl",
// "br"), by the colour at the middle of each corner's ninth.
func redCorner(m image.Image) string {
	b := m.Bounds()
	out := ""
	for _, c := range []struct {
		name string
		x, y int
	}{{"tl", 1, 1}, {"tr", 5, 1}, {"bl", 1, 5}, {"br", 5, 5}} {
		r, g, _, _ := m.At(b.Min.X+b.Dx()*c.x/6, b.Min.Y+b.Dy()*c.y/6).RGBA()
		if r>>8 > 180 && g>>8 < 80 {
			out += c.name
		}
	}
	return out
}

// TestOrientedJPEGUpright: a JPEG with each EXIF orientation, printed at its size or
// scaled down, is embedded upright (the red block top left) at its displayed shape, and
// the DOCX is given the same upright JPEG even when it is bigger than the file; with no
// EXIF or orientation 1 the file passes through as before.
func TestOrientedJPEGUpright(t *testing.T) {
	for _, bo := range []binary.ByteOrder{binary.BigEndian, binary.LittleEndian} {
		for o := 1; o <= 8; o++ {
			for _, printW := range []float64{80, 20} { // 945 px at 300 dpi: unscaled; 237: scaled
				data := orientedJPEG(t, 300, 200, o, bo)
				if got := orient.Of(data); got != o {
					t.Fatalf("orientation %d read as %d", o, got)
				}
				pic := layout.Picture{W: printW, H: printW * 2 / 3, Data: data}
				p, err := Prepare(&layout.Book{Pages: []*layout.Page{{Pictures: []layout.Picture{pic}}}}, Info{})
				if err != nil {
					t.Fatal(err)
				}
				xo := p.images.objs[p.images.lookup(data)]
				if o == 1 && printW == 80 {
					if !bytes.Equal(xo.data, data) {
						t.Errorf("orientation 1 is not passed through")
					}
					continue
				}
				m, err := jpeg.Decode(bytes.NewReader(xo.data))
				if err != nil {
					t.Fatalf("%v %d: %v", bo, o, err)
				}
				if b := m.Bounds(); b.Dx() <= b.Dy() {
					t.Errorf("%v %d at %.0f mm: embedded %v, want landscape as displayed", bo, o, printW, b)
				}
				if c := redCorner(m); c != "tl" {
					t.Errorf("%v %d at %.0f mm: red block at %q, want top left", bo, o, printW, c)
				}
				if o != 1 && !bytes.Equal(p.PrintJPEG(data), xo.data) {
					t.Errorf("%v %d at %.0f mm: PrintJPEG does not give the upright JPEG", bo, o, printW)
				}
			}
		}
	}
	// A garbled EXIF (the TIFF header spoilt): orientation 1, passed through.
	data := orientedJPEG(t, 300, 200, 6, binary.BigEndian)
	data[12] = 'X'
	p, err := Prepare(&layout.Book{Pages: []*layout.Page{{Pictures: []layout.Picture{{W: 80, H: 120, Data: data}}}}}, Info{})
	if err != nil {
		t.Fatal(err)
	}
	if xo := p.images.objs[p.images.lookup(data)]; !bytes.Equal(xo.data, data) {
		t.Error("a JPEG with a garbled EXIF segment is not passed through")
	}
}
