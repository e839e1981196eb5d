package pdf

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	xdraw "golang.org/x/image/draw"

	"github.com/reportc/reportc/cache"
	"github.com/reportc/reportc/layout"
)

// noisyPhoto is an opaque RGB image that looks like a photograph to photoLike:
// gradients with noise in every channel.
func noisyPhoto(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	x := uint32(1)
	for i := 0; i < len(m.Pix); i += 4 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		p := i / 4
		m.Pix[i] = uint8(p%w*200/w) + uint8(x&15)
		m.Pix[i+1] = uint8(p/w*200/h) + uint8(x>>8&15)
		m.Pix[i+2] = 90 + uint8(x>>16&15)
		m.Pix[i+3] = 255
	}
	return m
}

// screenshot is an opaque RGB image of a few flat colours with text-like strokes.
func screenshot(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(m, m.Bounds(), image.NewUniform(color.RGBA{255, 255, 255, 255}), image.Point{}, draw.Src)
	draw.Draw(m, image.Rect(0, 0, w, h/12), image.NewUniform(color.RGBA{40, 90, 170, 255}), image.Point{}, draw.Src)
	for y := h / 12; y+12 < h; y += 24 {
		for x := 10; x+4 < w; x += 7 + (x*y)%5 {
			draw.Draw(m, image.Rect(x, y, x+3, y+12), image.NewUniform(color.RGBA{30, 30, 30, 255}), image.Point{}, draw.Src)
		}
	}
	return m
}

func encPNG(t *testing.T, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPhotoLike: the rule that decides whether a PNG may become a JPEG takes large
// images with many colours, never screenshots, grey or small images.
func TestPhotoLike(t *testing.T) {
	px := func(m image.Image) pixels { return pixelsOf(m) }
	if !photoLike(px(noisyPhoto(600, 400))) {
		t.Error("a photograph is not photo-like")
	}
	if photoLike(px(screenshot(1600, 1000))) {
		t.Error("a screenshot is photo-like")
	}
	if photoLike(px(noisyPhoto(200, 150))) {
		t.Error("a small image is photo-like")
	}
	g := image.NewGray(image.Rect(0, 0, 600, 400))
	for i := range g.Pix {
		g.Pix[i] = uint8(i * 7)
	}
	if photoLike(px(g)) {
		t.Error("a grey image is photo-like")
	}
}

// TestPNGKinds: a photograph saved as PNG becomes a JPEG (much smaller); a screenshot
// stays lossless and, needing no scaling, is passed through byte for byte; printed
// small, a screenshot whose scaled samples would be bigger keeps its own data.
func TestPNGKinds(t *testing.T) {
	photo := encPNG(t, noisyPhoto(900, 600))
	xo, decoded, err := makeXObject(photo, 900, 600)
	if err != nil || !decoded || !strings.Contains(xo.dict, "/DCTDecode") || 2*len(xo.data) > len(photo) {
		t.Errorf("photo PNG: %v, %s, %d bytes of %d", err, xo.dict, len(xo.data), len(photo))
	}
	shot := encPNG(t, screenshot(1600, 1000))
	xo, decoded, err = makeXObject(shot, 1600, 1000)
	if err != nil || decoded || !strings.Contains(xo.dict, "/FlateDecode") || !bytes.Contains(shot, xo.data) {
		t.Errorf("screenshot at full size: %v, decoded %v, %s", err, decoded, xo.dict)
	}
	small, _, err := makeXObject(shot, 400, 250)
	if err != nil || strings.Contains(small.dict, "/DCTDecode") || len(small.data) > len(xo.data) {
		t.Errorf("screenshot printed small: %v, %s, %d bytes (unscaled %d)", err, small.dict, len(small.data), len(xo.data))
	}
	// The passed-through data inflates to the rows PDF expects: a filter byte and
	// 3 × 1600 samples each.
	zr, err := zlib.NewReader(bytes.NewReader(xo.data))
	if err != nil {
		t.Fatal(err)
	}
	if rows, err := io.ReadAll(zr); err != nil || len(rows) != 1000*(1+3*1600) {
		t.Errorf("passed-through PNG data inflates to %d bytes: %v", len(rows), err)
	}
}

// TestAreaDownscale: averaging the area each output pixel covers gives what Catmull-Rom
// over the whole image gives, within a level on photographs, for JPEG (YCbCr) and RGB
// sources alike, and within a few levels on sharp strokes.
func TestAreaDownscale(t *testing.T) {
	src := noisyPhoto(1200, 900)
	var jb bytes.Buffer
	jpeg.Encode(&jb, src, &jpeg.Options{Quality: 95})
	jm, err := jpeg.Decode(&jb)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := jm.(*image.YCbCr); !ok {
		t.Fatalf("JPEG decodes to %T", jm)
	}
	for name, m := range map[string]image.Image{"RGBA": src, "YCbCr": jm} {
		fast := downscale(m, 300, 225, true).(*image.RGBA)
		slow := image.NewRGBA(fast.Rect)
		xdraw.CatmullRom.Scale(slow, slow.Rect, m, m.Bounds(), xdraw.Src, nil)
		var sum float64
		for i := range fast.Pix {
			sum += math.Abs(float64(fast.Pix[i]) - float64(slow.Pix[i]))
		}
		mean := sum / float64(len(fast.Pix))
		if mean > 1 {
			t.Errorf("%s: mean difference %.2f levels from resampling the whole image", name, mean)
		}
		t.Logf("%s: mean difference %.2f levels from Catmull-Rom over the whole image", name, mean)
		if fast.Rect.Dx() != 300 || fast.Rect.Dy() != 225 {
			t.Errorf("%s: scaled to %v", name, fast.Rect)
		}
	}
	// Each output sample's shares of its input samples sum to exactly one and stay
	// inside the input.
	for _, c := range []struct {
		length  float64
		nSrc, n int
	}{{1334, 1334, 1111}, {1000, 1000, 999}, {7, 7, 3}, {5, 5, 5}, {1999, 1999, 1000}, {1600.0 / 3, 534, 450}, {0.5, 1, 1}} {
		first, ws := areaWeights(c.length, c.nSrc, c.n)
		for i := range ws {
			var sum uint32
			for _, w := range ws[i] {
				sum += w
			}
			if sum != 65536 || first[i] < 0 || first[i]+len(ws[i]) > c.nSrc {
				t.Errorf("areaWeights(%v, %d, %d)[%d]: first %d, %d shares summing to %d", c.length, c.nSrc, c.n, i, first[i], len(ws[i]), sum)
			}
		}
	}
	// Sharp edges (a screenshot scaled by 3.56) stay where Catmull-Rom puts them: a
	// shift of a fraction of a pixel would differ by tens of levels on average.
	shot := screenshot(1600, 1000)
	fast := downscale(shot, 450, 282, true).(*image.RGBA)
	slow := image.NewRGBA(fast.Rect)
	xdraw.CatmullRom.Scale(slow, slow.Rect, shot, shot.Bounds(), xdraw.Src, nil)
	var sum float64
	for i := range fast.Pix {
		sum += math.Abs(float64(fast.Pix[i]) - float64(slow.Pix[i]))
	}
	if mean := sum / float64(len(fast.Pix)); mean > 5 {
		t.Errorf("screenshot: mean difference %.2f levels from Catmull-Rom", mean)
	} else {
		t.Logf("screenshot: mean difference %.2f levels from Catmull-Rom", mean)
	}
	// Exact areas: 5×3 grey samples to 2×1, each output pixel covering two and a half
	// columns and all three rows.
	g := image.NewGray(image.Rect(0, 0, 5, 3))
	for i := range g.Pix {
		g.Pix[i] = uint8(10 * i)
	}
	r := areaDownscale(g, 2, 1)
	// Left: columns 0, 1 and half of 2 (means 50, 60, 70) → (50+60+35)/2.5 = 58; right:
	// half of 2, 3 and 4 → (35+80+90)/2.5 = 82.
	if got := []uint8{r.Pix[0], r.Pix[4]}; got[0] != 58 || got[1] != 82 || r.Pix[3] != 255 {
		t.Errorf("area of 5×3 to 2×1 = %v, want [58 82]", got)
	}
}

// TestImageCache: with a cache directory a scaled photo is stored and read back as
// the same XObject; a damaged entry is ignored and written again; an image passed
// through is not stored.
func TestImageCache(t *testing.T) {
	dir := t.TempDir()
	store := cache.New(dir, "test")
	var jb bytes.Buffer
	jpeg.Encode(&jb, noisyPhoto(1200, 800), nil)
	big, small := jb.Bytes(), encPNG(t, screenshot(300, 200))
	pages := []*layout.Page{{Pictures: []layout.Picture{{W: 30, H: 20, Data: big}, {W: 30, H: 20, Data: small}}}}
	plain, err := prepareImages(pages, nil)
	if err != nil {
		t.Fatal(err)
	}
	first, err := prepareImages(pages, store)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, imageCacheVersion+"-*"))
	if len(files) != 1 {
		t.Fatalf("%d cache entries, want 1 (the scaled JPEG)", len(files))
	}
	same := func(a, b *imageSet) bool {
		for _, d := range [][]byte{big, small} {
			x, y := a.objs[a.sum(d)], b.objs[b.sum(d)]
			if x.dict != y.dict || !bytes.Equal(x.data, y.data) {
				return false
			}
		}
		return true
	}
	if !same(plain, first) {
		t.Error("the cache changed an image")
	}
	// An entry that reads back is used: a marked one shows it.
	xo := first.objs[first.sum(big)]
	store.Put(filepath.Base(files[0]), encodeCached(&xobject{dict: xo.dict + " /Marked true", data: xo.data}))
	again, err := prepareImages(pages, store)
	if err != nil || !strings.HasSuffix(again.objs[again.sum(big)].dict, "/Marked true") {
		t.Error("a cache entry was not used")
	}
	for _, damaged := range [][]byte{[]byte("reportc xobject 1\n\xff"), nil} {
		if damaged == nil { // a well-formed entry whose checksum does not hold
			b, _ := os.ReadFile(files[0])
			damaged = append(b[:len(b)-1:len(b)-1], b[len(b)-1]^1)
		}
		os.WriteFile(files[0], damaged, 0o644)
		again, err = prepareImages(pages, store)
		if err != nil || !same(plain, again) {
			t.Error("a damaged cache entry was used")
		}
		if b, ok := store.Get(filepath.Base(files[0])); !ok || !bytes.Equal(b, encodeCached(xo)) {
			t.Error("a damaged cache entry was not written again")
		}
	}
}

// BenchmarkScaleCameraJPEG makes the XObject of a 4000×3000 camera JPEG printed 94 mm
// wide (scaled to 1111 pixels): decoding, averaging areas, encoding.
func BenchmarkScaleCameraJPEG(b *testing.B) {
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, noisyPhoto(4000, 3000), &jpeg.Options{Quality: 92}); err != nil {
		b.Fatal(err)
	}
	tw, th := targetPixels(94, 70.5)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := makeXObject(jb.Bytes(), tw, th); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPrintJPEG: the JPEG the DOCX embeds is the one the PDF made — a scaled camera
// JPEG, a photograph given as PNG — found by content for a copy of the bytes too, and
// the same when read from the cache; images embedded as they are (an unscaled JPEG, a
// screenshot), lossless ones (transparency) and unknown bytes give nil.
func TestPrintJPEG(t *testing.T) {
	var jb bytes.Buffer
	jpeg.Encode(&jb, noisyPhoto(1200, 800), &jpeg.Options{Quality: 95})
	camera := jb.Bytes()
	jb = bytes.Buffer{}
	jpeg.Encode(&jb, noisyPhoto(1200, 800), &jpeg.Options{Quality: 80})
	small := jb.Bytes() // printed large: not scaled
	photoPNG := encPNG(t, noisyPhoto(900, 600))
	shot := encPNG(t, screenshot(300, 200))
	logo := image.NewNRGBA(image.Rect(0, 0, 400, 400))
	for i := range logo.Pix {
		logo.Pix[i] = uint8(i)
	}
	alpha := encPNG(t, logo)
	pics := []layout.Picture{
		{W: 30, H: 20, Data: camera}, {W: 120, H: 80, Data: small}, {W: 90, H: 60, Data: photoPNG},
		{W: 25, H: 17, Data: shot}, {W: 30, H: 30, Data: alpha},
	}
	book := &layout.Book{Pages: []*layout.Page{{Pictures: pics}}}
	store := cache.New(t.TempDir(), "test")
	for _, round := range []string{"cold cache", "warm cache", "no cache"} {
		c := store
		if round == "no cache" {
			c = nil
		}
		p, err := Prepare(book, Info{Cache: c})
		if err != nil {
			t.Fatal(err)
		}
		// The scaled camera JPEG: 300 dpi of 30 mm, the shape kept, smaller.
		j := p.PrintJPEG(camera)
		cfg, format, err := image.DecodeConfig(bytes.NewReader(j))
		if err != nil || format != "jpeg" || cfg.Width != 355 || cfg.Height != 237 || len(j) >= len(camera) {
			t.Errorf("%s: scaled camera JPEG: %v %s %d×%d, %d bytes of %d", round, err, format, cfg.Width, cfg.Height, len(j), len(camera))
		}
		if xo := p.images.objs[p.images.lookup(camera)]; !bytes.Equal(j, xo.data) {
			t.Errorf("%s: the DOCX's JPEG is not the PDF's", round)
		}
		if c := append([]byte(nil), camera...); !bytes.Equal(p.PrintJPEG(c), j) {
			t.Errorf("%s: a copy of the camera file is not found", round)
		}
		j = p.PrintJPEG(photoPNG)
		if cfg, format, err := image.DecodeConfig(bytes.NewReader(j)); err != nil || format != "jpeg" || cfg.Width != 900 || cfg.Height != 600 {
			t.Errorf("%s: photograph PNG: %v %s %d×%d", round, err, format, cfg.Width, cfg.Height)
		}
		for name, b := range map[string][]byte{"unscaled JPEG": small, "screenshot": shot, "transparent PNG": alpha, "unknown bytes": []byte("no image"), "nothing": nil} {
			if j := p.PrintJPEG(b); j != nil {
				t.Errorf("%s: %s gave a %d-byte JPEG", round, name, len(j))
			}
		}
	}
	// The same camera file printed large too: one image, scaled for its largest
	// size, which needs no scaling; the PDF passes it through and so does the DOCX.
	twice := append([]layout.Picture{{W: 120, H: 80, Data: camera}}, pics...)
	p, err := Prepare(&layout.Book{Pages: []*layout.Page{{Pictures: twice}}}, Info{})
	if err != nil {
		t.Fatal(err)
	}
	if j := p.PrintJPEG(camera); j != nil {
		t.Errorf("a camera JPEG printed large gave a %d-byte JPEG", len(j))
	}
	var none *Prepared
	if none.PrintJPEG(camera) != nil {
		t.Error("a nil Prepared gave a JPEG")
	}
}
