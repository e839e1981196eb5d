package charts

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"path/filepath"
	"strings"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/reportc/reportc/data"
)

// PlaceholderFile draws the placeholder for a photo file, encoded as the file's
// extension says: JPEG for .jpg and .jpeg, PNG otherwise, so that the bytes match the
// name.
func PlaceholderFile(face *truetype.Font, w, h int, caption, file string) ([]byte, error) {
	b, err := Placeholder(face, w, h, caption)
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(filepath.Ext(file)) {
	case ".jpg", ".jpeg":
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	return b, nil
}

// Placeholder draws a grey PNG that says plainly that the photo is missing: "照片待补"
// and the caption. It stands in for photos the source report does not supply.
func Placeholder(face *truetype.Font, w, h int, caption string) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), &image.Uniform{color.Gray{Y: 0xE6}}, image.Point{}, draw.Src)
	border := color.Gray{Y: 0x99}
	for x := 0; x < w; x++ {
		for t := 0; t < 4; t++ {
			img.Set(x, t, border)
			img.Set(x, h-1-t, border)
		}
	}
	for y := 0; y < h; y++ {
		for t := 0; t < 4; t++ {
			img.Set(t, y, border)
			img.Set(w-1-t, y, border)
		}
	}
	drawCentered := func(text string, size float64, y int) {
		// One cache entry: the default 512 masks of the CJK face's bounding box cost
		// 0.2 s of allocation per placeholder for the few glyphs drawn here.
		f := truetype.NewFace(face, &truetype.Options{Size: size, DPI: 72, GlyphCacheEntries: 1})
		d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Gray{Y: 0x44}), Face: f}
		// Wrap the caption into lines that fit 90% of the width.
		var lines []string
		line := ""
		for _, r := range text {
			if d.MeasureString(line+string(r)).Ceil() > w*9/10 {
				lines = append(lines, line)
				line = ""
			}
			line += string(r)
		}
		lines = append(lines, line)
		for i, l := range lines {
			adv := d.MeasureString(l)
			d.Dot = fixed.Point26_6{X: fixed.I(w/2) - adv/2, Y: fixed.I(y + i*int(size*1.4))}
			d.DrawString(l)
		}
	}
	drawCentered("照片待补", float64(h)/6, h*2/5)
	drawCentered(caption, float64(h)/14, h*3/5)
	drawCentered("（图片文件待补，此为占位图）", float64(h)/18, h*17/20)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	// Marked so that an official build can tell it from a real photo.
	return data.MarkPNG(buf.Bytes(), data.MarkPlaceholder), nil
}
