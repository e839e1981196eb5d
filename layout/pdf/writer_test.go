package pdf

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/reportc/reportc/layout"
	"github.com/reportc/reportc/pdfupdate"
)

// photoJPEG is an opaque photo-like picture: a blue sky over a green field.
func photoJPEG(t *testing.T) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 240, 160))
	for y := 0; y < 160; y++ {
		for x := 0; x < 240; x++ {
			c := color.RGBA{40, 90, 220, 255}
			if y >= 80 {
				c = color.RGBA{30, 160, 40, 255}
			}
			c.R += uint8(x / 16) // a little texture
			m.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// halfClearPNG is red on its left half and fully transparent on its right half.
func halfClearPNG(t *testing.T) []byte {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, 200, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 200; x++ {
			if x < 100 {
				m.Set(x, y, color.NRGBA{220, 20, 20, 255})
			} else {
				m.Set(x, y, color.NRGBA{0, 255, 0, 0})
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// inflate returns every Flate stream of a file that inflates, decompressed.
func inflate(doc []byte) [][]byte {
	var out [][]byte
	for _, m := range regexp.MustCompile(`(?s)/FlateDecode[^>]*>>\nstream\n`).FindAllIndex(doc, -1) {
		r, err := zlib.NewReader(bytes.NewReader(doc[m[1]:]))
		if err != nil {
			continue
		}
		b, err := io.ReadAll(r)
		if err == nil {
			out = append(out, b)
		}
	}
	return out
}

// TestWriteImages: a real JPEG is passed through as DCTDecode and a PNG with alpha gets
// a soft mask; an image used twice is written once; the rendered page shows the photo
// and, through the PNG's transparent half, the black fill under it.
func TestWriteImages(t *testing.T) {
	b := tinyBook(t)
	jp, pn := photoJPEG(t), halfClearPNG(t)
	p := b.Pages[2]
	p.Fills = append(p.Fills, layout.Fill{X: 20, Y: 150, W: 120, H: 60, Gray: 0})
	p.Pictures = append(p.Pictures,
		layout.Picture{X: 20, Y: 80, W: 60, H: 40, Data: jp},
		layout.Picture{X: 100, Y: 80, W: 30, H: 20, Data: jp}, // the same photo, smaller
		layout.Picture{X: 20, Y: 150, W: 120, H: 60, Data: pn},
	)
	b.Pages[3].Pictures = append(b.Pages[3].Pictures, layout.Picture{X: 20, Y: 80, W: 60, H: 40, Data: jp})
	doc, err := Write(b, Info{Title: "图片", Created: time.Date(2025, 2, 19, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(doc, []byte("/Filter /DCTDecode")); n != 1 {
		t.Errorf("%d DCTDecode images, want the one photo once", n)
	}
	if !bytes.Contains(doc, jp) {
		t.Error("the JPEG is not embedded byte for byte")
	}
	if n := bytes.Count(doc, []byte("/Subtype /Image")); n != 3 {
		t.Errorf("%d image objects, want 3 (photo, PNG, its soft mask)", n)
	}
	if !bytes.Contains(doc, []byte("/SMask ")) {
		t.Error("the PNG with alpha has no soft mask")
	}
	again, _ := Write(b, Info{Title: "图片", Created: time.Date(2025, 2, 19, 0, 0, 0, 0, time.UTC)})
	if !bytes.Equal(doc, again) {
		t.Error("two writes differ")
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "img.pdf")
	os.WriteFile(path, doc, 0o644)
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	// 1 px = 1 pt at 72 dpi.
	if out, err := exec.Command("pdftoppm", "-r", "72", "-f", "3", "-l", "3", "-png", path, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.ReadFile(filepath.Join(dir, "p-3.png"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := png.Decode(bytes.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	at := func(xmm, ymm float64) color.RGBA {
		r, g, bl, _ := m.At(int(xmm*ptPerMM), int(ymm*ptPerMM)).RGBA()
		return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}
	}
	near := func(c color.RGBA, r, g, bl int) bool {
		return abs(int(c.R)-r) < 40 && abs(int(c.G)-g) < 40 && abs(int(c.B)-bl) < 40
	}
	checks := []struct {
		name     string
		x, y     float64
		r, g, bl int
	}{
		{"sky of the photo", 22, 85, 40, 90, 220},
		{"field of the photo", 22, 115, 30, 160, 40},
		{"sky of the small copy", 102, 83, 40, 90, 220},
		{"opaque half of the PNG", 50, 180, 220, 20, 20},
		{"transparent half of the PNG over the black fill", 110, 180, 0, 0, 0},
		{"paper outside the pictures", 180, 250, 255, 255, 255},
	}
	for _, c := range checks {
		if got := at(c.x, c.y); !near(got, c.r, c.g, c.bl) {
			t.Errorf("%s: rendered %v, want about %d,%d,%d", c.name, got, c.r, c.g, c.bl)
		}
	}
}

// TestWriteGrayPNG: a grey PNG is written with one colour component and no mask.
func TestWriteGrayPNG(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 50, 40))
	for i := range g.Pix {
		g.Pix[i] = uint8(i)
	}
	var b bytes.Buffer
	png.Encode(&b, g)
	w := newObjWriter(0)
	xo, _, err := makeXObject(b.Bytes(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.putImage(w.reserve(), xo)
	s := string(w.buf)
	if !strings.Contains(s, "/ColorSpace /DeviceGray") || strings.Contains(s, "/SMask") || !strings.Contains(s, "/Colors 1 ") {
		t.Errorf("grey PNG written as %s", s[:200])
	}
	px := inflate(w.buf)
	// Paeth rows: one filter byte and 50 samples each.
	if len(px) != 1 || len(px[0]) != 51*40 {
		t.Fatalf("samples %d bytes, want %d", len(px[0]), 51*40)
	}
}

// TestJPEGInfo: the frame header gives the size and components, an Adobe marker is
// seen, and a file without a frame header is refused.
func TestJPEGInfo(t *testing.T) {
	seg := func(m byte, body ...byte) []byte {
		n := len(body) + 2
		return append([]byte{0xFF, m, byte(n >> 8), byte(n)}, body...)
	}
	var cmyk []byte
	cmyk = append(cmyk, 0xFF, 0xD8)
	cmyk = append(cmyk, seg(0xEE, []byte("Adobe\x00\x64\x00\x00\x00\x00\x02")...)...)
	cmyk = append(cmyk, seg(0xC2, 8, 0x01, 0x2C, 0x02, 0x58, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0)...)
	j, err := jpegInfo(cmyk)
	if err != nil || j.w != 600 || j.h != 300 || j.comps != 4 || !j.adobe || j.space() != "DeviceCMYK" {
		t.Errorf("jpegInfo = %+v, %v", j, err)
	}
	if _, err := jpegInfo([]byte{0xFF, 0xD8, 0xFF, 0xDA, 0, 2}); err == nil {
		t.Error("a JPEG without a frame header was accepted")
	}
	w := newObjWriter(0)
	xo, err := jpegXObject(cmyk)
	if err != nil {
		t.Fatal(err)
	}
	w.putImage(w.reserve(), xo)
	if !bytes.Contains(w.buf, []byte("/Decode [1 0 1 0 1 0 1 0]")) {
		t.Error("Adobe CMYK JPEG not inverted")
	}
}

// TestRulesOnce: a rule the layout gives twice, in either direction, is drawn once.
func TestRulesOnce(t *testing.T) {
	p := &layout.Page{Rules: []layout.Rule{
		{X1: 10, Y1: 20, X2: 50, Y2: 20, Width: 0.25, Gray: 0},
		{X1: 10, Y1: 20, X2: 50, Y2: 20, Width: 0.25, Gray: 0},
		{X1: 50, Y1: 20, X2: 10, Y2: 20, Width: 0.25, Gray: 0},
		{X1: 10, Y1: 20, X2: 50, Y2: 20, Width: 0.5, Gray: 0}, // another width
		{X1: 10, Y1: 30, X2: 50, Y2: 30, Width: 0.25, Gray: 0.3},
	}}
	var c bytes.Buffer
	it := imageTable{byHash: map[[32]byte]int{}}
	if err := it.drawPage(newObjWriter(0), &c, p, nil, 297); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(c.String(), " l S"); n != 3 {
		t.Errorf("%d strokes, want 3:\n%s", n, c.String())
	}
	if n := strings.Count(c.String(), " G\n"); n != 2 {
		t.Errorf("stroke grey set %d times, want 2 (only where it changes)", n)
	}
}

// TestXrefOffsets: every object the cross-reference table lists begins where it says,
// and the trailer names the catalog and the document information.
func TestXrefOffsets(t *testing.T) {
	doc, err := Write(tinyBook(t), Info{Title: "表", Draft: true, Created: time.Date(2025, 2, 19, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	f, err := pdfupdate.Open(doc)
	if err != nil {
		t.Fatal(err)
	}
	if f.Info < 0 {
		t.Error("no /Info in the trailer")
	}
	for n := 1; n < f.Size; n++ {
		if _, err := f.Object(n); err != nil {
			t.Errorf("object %d: %v", n, err)
		}
	}
	cat, _ := f.Object(f.Root)
	if !bytes.Contains(cat, []byte("/Type /Catalog")) {
		t.Errorf("root is not the catalog: %s", cat)
	}
	info, _ := f.Object(f.Info)
	if !bytes.Contains(info, []byte("/CreationDate "+pdfupdate.TextString("D:20250219000000"))) {
		t.Errorf("info dates not from Info.Created: %s", info)
	}
	pages, err := f.Pages()
	if err != nil || len(pages) != 4 {
		t.Fatalf("%d pages, %v", len(pages), err)
	}
	// A draft: every page draws the mark first.
	for _, pn := range pages {
		po, _ := f.Object(pn)
		if !bytes.Contains(po, []byte("/Contents [")) {
			t.Errorf("draft page without the mark's stream: %s", po)
		}
	}
	if !bytes.Contains(doc, []byte("/RCDraft")) {
		t.Error("no draft font")
	}
}
