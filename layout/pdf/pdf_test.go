package pdf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reportc/reportc/cache"
	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/internal/orient"
	"github.com/reportc/reportc/layout"
	"github.com/reportc/reportc/pdfupdate"
)

func tinyBook(t *testing.T) *layout.Book {
	t.Helper()
	fs, err := fonts.Load()
	if err != nil {
		t.Fatal(err)
	}
	st := layout.Style{Role: fonts.Serif, Size: 12}
	b := &layout.Book{Width: 210, Height: 297, Fonts: fs, FirstBody: 2, Anchors: map[string]layout.Mark{}}
	for i, label := range []string{"封面", "i", "1", "2"} {
		p := &layout.Page{Index: i, Label: label, Front: i < 2}
		p.Texts = append(p.Texts, layout.Glyphs{X: 30, Y: 50, W: 24, Text: "第" + label + "页", Style: st})
		b.Pages = append(b.Pages, p)
	}
	b.Pages[1].Links = append(b.Pages[1].Links, layout.Link{X: 30, Y: 45, W: 100, H: 6, Anchor: "h1"})
	b.Pages[2].Texts = append(b.Pages[2].Texts, layout.Glyphs{X: 30, Y: 60, W: 20, Text: "表1-1", Style: st, Ref: "t1"})
	for _, m := range []layout.Mark{
		{Kind: layout.MarkFront, Anchor: "list-toc", Text: "目 录", Level: 1, Page: 1, Y: 40},
		{Kind: layout.MarkHeading, Anchor: "h1", Text: "1. 章", Level: 1, Page: 2, Y: 40},
		{Kind: layout.MarkHeading, Anchor: "h2", Text: "1.1 节", Level: 2, Page: 3, Y: 40},
		{Kind: layout.MarkTable, Anchor: "t1", Text: "表1-1 表", Page: 3, Y: 80},
	} {
		b.Marks = append(b.Marks, m)
		b.Anchors[m.Anchor] = m
	}
	return b
}

func TestWriteNavigation(t *testing.T) {
	info := Info{Title: "测试", Author: "某局", Created: time.Date(2025, 2, 19, 0, 0, 0, 0, time.UTC)}
	a, err := Write(tinyBook(t), info)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Write(tinyBook(t), info)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two writes differ")
	}
	for _, want := range []string{"/PageLabels <</Nums [0 <</P " + pdfupdate.TextString("封面") + ">> 1 <</S /r>> 2 <</S /D>>]>>", "/Outlines", "/Subtype /Link", "/Prev "} {
		if !strings.Contains(string(a), want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if n := strings.Count(string(a), "/Subtype /Link"); n != 2 {
		t.Errorf("%d link annotations, want 2 (a list entry and a reference)", n)
	}
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Fatal("qpdf not installed; run `make deps`")
	}
	path := filepath.Join(t.TempDir(), "t.pdf")
	os.WriteFile(path, a, 0o644)
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

func TestTextString(t *testing.T) {
	if got := pdfupdate.TextString("表1"); got != "<FEFF88680031>" {
		t.Errorf("textString = %s", got)
	}
}

// FuzzEmbedAcceptedImage: an image data.CheckImage accepts is scaled and embedded by the
// PDF writer without an error or a panic (check and build agree).
func FuzzEmbedAcceptedImage(f *testing.F) {
	img := image.NewNRGBA(image.Rect(0, 0, 400, 300))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 13)
	}
	var p, j bytes.Buffer
	png.Encode(&p, img)
	jpeg.Encode(&j, img, nil)
	f.Add(p.Bytes(), uint8(20))
	f.Add(j.Bytes(), uint8(200))
	// The PNG kinds Go writes: 1-, 2-, 4- and 8-bit palettes (with transparency), gray,
	// gray with alpha as NRGBA, and opaque RGB.
	for _, n := range []int{2, 4, 16, 256} {
		pal := color.Palette{color.Transparent}
		for i := 1; i < n; i++ {
			pal = append(pal, color.RGBA{uint8(i), uint8(255 - i), uint8(i * 3), 255})
		}
		m := image.NewPaletted(image.Rect(0, 0, 300, 200), pal)
		for i := range m.Pix {
			m.Pix[i] = uint8(i % n)
		}
		var b bytes.Buffer
		png.Encode(&b, m)
		f.Add(b.Bytes(), uint8(10))  // scaled down
		f.Add(b.Bytes(), uint8(140)) // embedded as it is
	}
	gray := image.NewGray(image.Rect(0, 0, 500, 300))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i)
	}
	var gb bytes.Buffer
	png.Encode(&gb, gray)
	f.Add(gb.Bytes(), uint8(10))
	alpha := image.NewNRGBA(image.Rect(0, 0, 500, 300))
	for i := range alpha.Pix {
		alpha.Pix[i] = uint8(i * 5)
	}
	var ab bytes.Buffer
	png.Encode(&ab, alpha)
	f.Add(ab.Bytes(), uint8(10))
	var gj bytes.Buffer
	jpeg.Encode(&gj, gray, nil)
	f.Add(gj.Bytes(), uint8(10))
	// Phone photos: EXIF orientations turned whether scaled or not, a grey one too.
	f.Add(orient.Tag(j.Bytes(), 6, binary.LittleEndian), uint8(10))
	f.Add(orient.Tag(j.Bytes(), 7, binary.BigEndian), uint8(200))
	f.Add(orient.Tag(gj.Bytes(), 3, binary.BigEndian), uint8(140))
	f.Fuzz(func(t *testing.T, b []byte, mm uint8) {
		if data.CheckImage(b) != "" {
			return
		}
		w := float64(mm%150) + 5
		tw, th := targetPixels(w, w)
		xo, _, err := makeXObject(b, tw, th)
		if err != nil {
			t.Fatalf("the writer refused an accepted image: %v", err)
		}
		if back, ok := decodeCached(encodeCached(xo)); !ok || back.dict != xo.dict || !bytes.Equal(back.data, xo.data) || (back.smask == nil) != (xo.smask == nil) {
			t.Fatal("a cache entry does not read back as written")
		}
	})
}

func TestFitResolution(t *testing.T) {
	enc := func(w, h int, jpg bool) []byte {
		m := image.NewRGBA(image.Rect(0, 0, w, h))
		// Grey noise (a grey image is never taken for a photograph), opaque (PNG
		// writes it as RGB); scaled down, it compresses better than the original.
		for i := 0; i < len(m.Pix); i += 4 {
			x := uint32(i/4) * 2654435761
			x ^= x >> 15
			x *= 2246822519
			v := uint8(x >> 13)
			m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = v, v, v, 255
		}
		var b bytes.Buffer
		if jpg {
			jpeg.Encode(&b, m, nil)
		} else {
			png.Encode(&b, m)
		}
		return b.Bytes()
	}
	big, bigJPG, small := enc(1500, 1000, false), enc(1500, 1000, true), enc(600, 400, false)
	pages := []*layout.Page{{Pictures: []layout.Picture{
		{W: 50, H: 33.3, Data: big}, {W: 50, H: 33.3, Data: bigJPG}, {W: 50, H: 33.3, Data: small},
		{W: 80, H: 53.3, Data: big}, // the same image printed larger elsewhere
	}}}
	set, err := prepareImages(pages, nil)
	if err != nil {
		t.Fatal(err)
	}
	xo := func(i int) *xobject { return set.objs[set.sum(pages[0].Pictures[i].Data)] }
	// 80 mm at 300 dpi is 945 pixels: the larger use decides, for both uses.
	for i, want := range []int{945, 591, 600, 945} {
		if !strings.Contains(xo(i).dict, fmt.Sprintf("/Width %d ", want)) {
			t.Errorf("picture %d: %s, want width %d", i, xo(i).dict, want)
		}
	}
	if !strings.Contains(xo(1).dict, "/DCTDecode") || !strings.Contains(xo(0).dict, "/FlateDecode") {
		t.Error("a scaled image changed its kind")
	}
	// The small PNG is RGB without transparency: its zlib data is passed through.
	if z := xo(2).data; !bytes.Contains(small, z[:64]) || !strings.Contains(xo(2).dict, "/Predictor 15 /Colors 3 ") {
		t.Error("an RGB PNG with few enough pixels was not passed through")
	}
	again := []*layout.Page{{Pictures: []layout.Picture{{W: 50, H: 33.3, Data: big}, {W: 80, H: 53.3, Data: big}}}}
	set2, err := prepareImages(again, nil)
	if err != nil || !bytes.Equal(set2.objs[set2.sum(big)].data, xo(0).data) {
		t.Error("scaling is not deterministic")
	}
}

// TestFontFileCache: with a cache the PDF is byte for byte the one written without,
// the compressed font files are stored once, and a damaged entry is made again.
func TestFontFileCache(t *testing.T) {
	info := Info{Title: "t", Created: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)}
	want, err := Write(tinyBook(t), info)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	info.Cache = cache.New(dir, "test")
	for i := 0; i < 3; i++ {
		got, err := Write(tinyBook(t), info)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("write %d with a cache differs from the write without", i)
		}
		entries, _ := filepath.Glob(filepath.Join(dir, fontFileKind+"-*"))
		if len(entries) == 0 {
			t.Fatal("no font file was cached")
		}
		for _, e := range entries { // damaged: must be ignored and rewritten
			os.WriteFile(e, []byte("reportc-cache\nbroken"), 0o644)
		}
	}
}
