package docx

import (
	"bytes"
	"image"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/reportc/reportc/sections"
)

// halfJPEG is img's pixels at (w, h) — a stand-in for the PDF writer's scaled photo —
// as a JPEG.
func halfJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = uint8(i * 13)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pictures are the drawings of a DOCX: each one's extent and embedded bytes.
type picture struct {
	cx, cy string
	data   []byte
	target string
}

func pictures(t *testing.T, x *docx) []picture {
	t.Helper()
	rels := parse(t, "rels", x.pkg.files["word/_rels/document.xml.rels"])
	target := map[string]string{}
	for _, r := range rels.all("rel:Relationship") {
		target[r.attrs["Id"]] = r.attrs["Target"]
	}
	var out []picture
	for _, dr := range x.body.all("w:drawing") {
		ext := dr.first("wp:extent")
		tg := target[dr.first("a:blip").attrs["r:embed"]]
		out = append(out, picture{ext.attrs["cx"], ext.attrs["cy"], x.pkg.files["word/"+tg], tg})
	}
	return out
}

// TestPrintPhoto: the image PrintPhoto gives a photo is embedded in its place, as a
// JPEG part, at the size the original gave (the extents do not change); charts are not
// asked about; an image of another shape, bytes that are no image, or nil keep the
// original.
func TestPrintPhoto(t *testing.T) {
	// A copy without a seal (another test gives the shared tree one): the drawings are
	// then the figures', in order.
	dd := *doc(t)
	dd.Seal = nil
	d := &dd
	base := options(d)
	plain, _ := write(t, d, base)
	want := pictures(t, plain)

	photos := map[*byte]bool{}
	for _, f := range d.Figures {
		if f.Kind == sections.FigPhoto && len(f.Image) > 0 {
			photos[&f.Image[0]] = true
		}
	}
	if len(photos) == 0 {
		t.Fatal("the example has no photo files")
	}
	scaled := map[*byte][]byte{} // by the original's first byte
	asked := 0
	opt := base
	opt.PrintPhoto = func(orig []byte) []byte {
		asked++
		if len(orig) == 0 || !photos[&orig[0]] {
			t.Errorf("PrintPhoto asked about bytes that are no photo file")
			return nil
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(orig))
		if err != nil {
			t.Fatal(err)
		}
		j := halfJPEG(t, (cfg.Width+1)/2, (cfg.Height+1)/2)
		scaled[&orig[0]] = j
		return j
	}
	x, _ := write(t, d, opt)
	got := pictures(t, x)
	if len(got) != len(want) {
		t.Fatalf("%d pictures with PrintPhoto, %d without", len(got), len(want))
	}
	replaced := 0
	for i, f := range d.Figures {
		if f.Kind != sections.FigPhoto || len(f.Image) == 0 {
			continue
		}
		g, w := got[i], want[i]
		if g.cx != w.cx || g.cy != w.cy {
			t.Errorf("%s: extent %s×%s, the original gave %s×%s", f.Number, g.cx, g.cy, w.cx, w.cy)
		}
		if j := scaled[&f.Image[0]]; !bytes.Equal(g.data, j) || !strings.HasSuffix(g.target, ".jpeg") {
			t.Errorf("%s: embedded %s (%d bytes), not the print version (%d bytes)", f.Number, g.target, len(g.data), len(j))
		} else {
			replaced++
		}
	}
	if replaced == 0 || asked != replaced {
		t.Errorf("%d photos replaced, PrintPhoto asked %d times", replaced, asked)
	}

	// Other shapes, non-images and nil: the original, as without PrintPhoto.
	for name, alt := range map[string]func([]byte) []byte{
		"another shape": func([]byte) []byte { return halfJPEG(t, 40, 200) },
		"not an image":  func([]byte) []byte { return []byte("GIF89a") },
		"nil":           func([]byte) []byte { return nil },
	} {
		opt.PrintPhoto = alt
		x, _ := write(t, d, opt)
		for i, p := range pictures(t, x) {
			if !bytes.Equal(p.data, want[i].data) || p.cx != want[i].cx || p.cy != want[i].cy {
				t.Errorf("%s: picture %d changed", name, i+1)
			}
		}
	}
}

func TestSameShape(t *testing.T) {
	for _, c := range []struct {
		w1, h1, w2, h2 int
		ok             bool
	}{
		{4000, 3000, 1111, 833, true}, // 833.25 rounded
		{4000, 3000, 1111, 834, true}, // rounded up instead
		{4000, 3000, 1111, 840, false},
		{3000, 4000, 543, 724, true},
		{1000, 1, 500, 1, true}, // a side clamped to one pixel
		{100, 100, 50, 60, false},
	} {
		if got := sameShape(c.w1, c.h1, c.w2, c.h2); got != c.ok {
			t.Errorf("sameShape(%d×%d, %d×%d) = %v", c.w1, c.h1, c.w2, c.h2, got)
		}
	}
}
