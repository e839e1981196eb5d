package layout

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/reportc/reportc/internal/orient"
	"github.com/reportc/reportc/sections"
)

func pngOf(w, h int) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)))
	return b.Bytes()
}

func photo(label string, w, h int) *sections.Figure {
	return &sections.Figure{Kind: sections.FigPhoto, Number: "图1-1", Caption: label, Anchor: label, File: "images/" + label + ".png", Image: pngOf(w, h)}
}

func TestPhotoSizedByShape(t *testing.T) {
	e := engine(t)
	block := e.bottom - e.top
	w, _ := e.PhotoSize(photo("usual", 1200, 800))
	if w != e.textW*photoShare {
		t.Errorf("a 3:2 photo is %.1f mm wide, want %.1f", w, e.textW*photoShare)
	}
	if w, _ := e.PhotoSize(photo("pano", 4000, 1000)); w != e.textW {
		t.Errorf("a 4:1 panorama is %.1f mm wide, want the text width %.1f", w, e.textW)
	}
	if _, h := e.PhotoSize(photo("tall", 1000, 3000)); h > block*tallPhotoShare+1e-9 {
		t.Errorf("a 1:3 photo is %.1f mm tall, want at most %.1f", h, block*tallPhotoShare)
	}
	f := photo("set", 1200, 800)
	f.Width = 0.4
	if w, _ := e.PhotoSize(f); w != e.textW*0.4 {
		t.Errorf("width=40%% gives %.1f mm, want %.1f", w, e.textW*0.4)
	}
}

func TestLowResolutionPhotoWarned(t *testing.T) {
	e := engine(t)
	d := &sections.Doc{Figures: []*sections.Figure{photo("tiny", 160, 120), photo("sharp", 2400, 1600)}}
	ws := e.PhotoWarnings(d)
	if len(ws) != 1 || !strings.Contains(ws.Error(), "images/tiny.png") || !strings.Contains(ws.Error(), "150 dpi") {
		t.Errorf("warnings %v, want one for images/tiny.png", ws)
	}
}

// TestHeadingStaysWithForcedFigure: a heading followed by a figure that cannot be held
// back (the next block is a heading) never stays alone at a page foot.
func TestHeadingStaysWithForcedFigure(t *testing.T) {
	for k := 0; k < 30; k += 3 {
		blocks := filler(k)
		blocks = append(blocks,
			&sections.Heading{Level: 2, Number: "1.1", Text: "有图的小节", Anchor: "h-fig"},
			photo("big", 1000, 1400),
			&sections.Heading{Level: 2, Number: "1.2", Text: "下一小节", Anchor: "h-next"},
			para(strings.Repeat("正文。", 40)))
		b := layoutBlocks(t, blocks...)
		h, fig := b.Anchors["h-fig"], b.Anchors["big"]
		if h.Page != fig.Page {
			t.Errorf("filler %d: heading on page %d, its figure on page %d", k, h.Page, fig.Page)
		}
	}
}

// TestOrientedPhotoShape: a phone photo stored as landscape pixels with an EXIF
// orientation that turns it a quarter (5 to 8) gets a portrait box and is judged for
// resolution by its displayed width; 1 to 4, and a garbled EXIF, keep it landscape.
func TestOrientedPhotoShape(t *testing.T) {
	e := engine(t)
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 1200, 800)), nil); err != nil {
		t.Fatal(err)
	}
	for o := 1; o <= 8; o++ {
		f := photo("phone", 1, 1)
		f.File = "images/phone.jpg"
		f.Image = orient.Tag(b.Bytes(), o, binary.LittleEndian)
		w, h := e.PhotoSize(f)
		if portrait := h > w; portrait != (o >= 5) {
			t.Errorf("orientation %d: box %.1f×%.1f mm", o, w, h)
		}
	}
	f := photo("garbled", 1, 1)
	f.Image = orient.Tag(b.Bytes(), 6, binary.LittleEndian)
	f.Image[12] = 'X' // the TIFF header spoilt
	if w, h := e.PhotoSize(f); h > w {
		t.Errorf("a garbled EXIF turned the photo: %.1f×%.1f mm", w, h)
	}
}
