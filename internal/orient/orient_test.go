package orient

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

func plainJPEG(t testing.TB) []byte {
	m := image.NewRGBA(image.Rect(0, 0, 16, 8))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOfBothByteOrders(t *testing.T) {
	j := plainJPEG(t)
	if got := Of(j); got != 1 {
		t.Fatalf("no EXIF: %d, want 1", got)
	}
	for _, bo := range []binary.ByteOrder{binary.BigEndian, binary.LittleEndian} {
		for o := 1; o <= 8; o++ {
			tagged := Tag(j, o, bo)
			if got := Of(tagged); got != o {
				t.Errorf("%v orientation %d read as %d", bo, o, got)
			}
			if _, err := jpeg.DecodeConfig(bytes.NewReader(tagged)); err != nil {
				t.Errorf("tagged JPEG does not decode: %v", err)
			}
		}
	}
}

// A garbled or truncated EXIF segment reads as orientation 1, whatever is cut.
func TestOfGarbled(t *testing.T) {
	tagged := Tag(plainJPEG(t), 6, binary.LittleEndian)
	if Of(tagged) != 6 {
		t.Fatal("setup")
	}
	// Every truncation inside the EXIF segment: the segment's length runs past the end.
	for n := 0; n < 38; n++ { // the segment ends at byte 38
		if got := Of(tagged[:n]); got != 1 {
			t.Errorf("cut at %d: %d", n, got)
		}
	}
	cases := map[string]func(b []byte){
		"bad TIFF header":    func(b []byte) { b[12] = 'X' },
		"IFD offset too far": func(b []byte) { b[16] = 0xF0 },
		"value 9":            func(b []byte) { b[30] = 9 },
		"value 0":            func(b []byte) { b[30] = 0 },
		"wrong type":         func(b []byte) { b[24] = 2 },
		"short length":       func(b []byte) { b[4], b[5] = 0, 1 },
		"huge entry count":   func(b []byte) { b[20], b[21] = 0xFF, 0xFF; b[22] = 0 },
		"not Exif":           func(b []byte) { b[6] = 'e' },
	}
	for name, spoil := range cases {
		b := bytes.Clone(tagged)
		spoil(b)
		if got := Of(b); got != 1 {
			t.Errorf("%s: %d, want 1", name, got)
		}
	}
	for _, b := range [][]byte{nil, {0xFF}, {0xFF, 0xD8}, []byte("\x89PNG\r\n\x1a\n....")} {
		if got := Of(b); got != 1 {
			t.Errorf("%q: %d", b, got)
		}
	}
}

// Apply on a 3 × 2 picture abc/def against each orientation's upright picture worked out
// by hand from the EXIF definitions (which stored row and column show at which side).
func TestApply(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i, c := range "abcdef" {
		m.Set(i%3, i/3, color.RGBA{uint8(c), 0, 0, 255})
	}
	want := map[int]string{
		1: "abc/def", 2: "cba/fed", 3: "fed/cba", 4: "def/abc",
		5: "ad/be/cf", 6: "da/eb/fc", 7: "fc/eb/da", 8: "cf/be/ad",
	}
	for o := 1; o <= 8; o++ {
		r := Apply(m, o)
		b := r.Bounds()
		var s []byte
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if y > b.Min.Y {
				s = append(s, '/')
			}
			for x := b.Min.X; x < b.Max.X; x++ {
				cr, _, _, _ := r.At(x, y).RGBA()
				s = append(s, byte(cr>>8))
			}
		}
		if string(s) != want[o] {
			t.Errorf("orientation %d: %s, want %s", o, s, want[o])
		}
		if dw, dh := Displayed(3, 2, o); dw != b.Dx() || dh != b.Dy() {
			t.Errorf("orientation %d: Displayed %d×%d, picture %v", o, dw, dh, b)
		}
	}
}

func FuzzOf(f *testing.F) {
	j := plainJPEG(f)
	f.Add(j)
	f.Add(Tag(j, 6, binary.BigEndian))
	f.Add(Tag(j, 8, binary.LittleEndian)[:30])
	f.Add([]byte("\xFF\xD8\xFF\xE1\x00\x10Exif\x00\x00II*\x00\xFF\xFF\xFF\xFF"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if o := Of(b); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}

// BenchmarkApply turns a 12-megapixel picture (a camera photo printed large enough to
// need no scaling) a quarter.
func BenchmarkApply(b *testing.B) {
	m := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for b.Loop() {
		Apply(m, 6)
	}
}

// TestApplyUndone: on a picture larger than a tile and of no round size, each turn
// undone by its inverse gives the picture back, pixel for pixel.
func TestApplyUndone(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 131, 70))
	for i := range m.Pix {
		m.Pix[i] = uint8(i*7 + i/5)
	}
	inverse := map[int]int{2: 2, 3: 3, 4: 4, 5: 5, 6: 8, 7: 7, 8: 6}
	for o := 2; o <= 8; o++ {
		back := Apply(Apply(m, o), inverse[o]).(*image.RGBA)
		if back.Rect != m.Rect || !bytes.Equal(back.Pix, m.Pix) {
			t.Errorf("orientation %d then %d: not the picture", o, inverse[o])
		}
		if turned := Apply(m, o).(*image.RGBA); bytes.Equal(turned.Pix, m.Pix) {
			t.Errorf("orientation %d changed nothing", o)
		}
	}
}
