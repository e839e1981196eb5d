package charts

import (
	"bytes"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/reportc/reportc/fonts"
)

// TestPlaceholderFileMatchesExtension: a .jpg placeholder holds JPEG data, a .png one PNG.
func TestPlaceholderFileMatchesExtension(t *testing.T) {
	fs, err := fonts.Load()
	if err != nil {
		t.Fatal(err)
	}
	face := fs.Face(fonts.Sans).Truetype()
	for _, name := range []string{"images/a.jpg", "images/b.JPEG", "images/c.png"} {
		b, err := PlaceholderFile(face, 300, 200, "测试图题", name)
		if err != nil {
			t.Fatal(err)
		}
		isJPEG := bytes.HasPrefix(b, []byte{0xFF, 0xD8})
		if want := name != "images/c.png"; isJPEG != want {
			t.Errorf("%s: JPEG data %v, want %v", name, isJPEG, want)
		}
		if isJPEG {
			_, err = jpeg.DecodeConfig(bytes.NewReader(b))
		} else {
			_, err = png.DecodeConfig(bytes.NewReader(b))
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
