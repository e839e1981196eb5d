package charts

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
)

func TestSampleSeal(t *testing.T) {
	fs, err := fonts.Load()
	if err != nil {
		t.Fatal(err)
	}
	face := fs.Face(fonts.SerifBold).Truetype()
	a, err := SampleSeal(face, "某市教育局", 301)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := SampleSeal(face, "某市教育局", 301)
	if !bytes.Equal(a, b) {
		t.Error("two seals from the same input differ")
	}
	if data.PNGMarker(a) != data.MarkSampleSeal {
		t.Error("the sample seal is not marked as a sample")
	}
	img, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	// Red ink on the ring and the star, transparent in the corners.
	at := func(x, y int) (uint32, uint32, uint32, uint32) { return img.At(x, y).RGBA() }
	if _, _, _, a := at(2, 2); a != 0 {
		t.Error("corner is not transparent")
	}
	if r, g, _, a := at(150, 150); a != 0xffff || r < 0xc000 || g > 0x4000 {
		t.Error("centre (the star) is not red")
	}
	if r, _, _, a := at(150, 150+144-6); a == 0 || r < 0xc000 {
		t.Error("the ring is not red")
	}
	if _, err := SampleSeal(face, "", 301); err == nil {
		t.Error("a seal without a name was drawn")
	}
	if _, err := SampleSeal(face, "某市教育局", 10); err == nil {
		t.Error("a 10-pixel seal was drawn")
	}
}
