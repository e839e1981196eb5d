package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math"

	xdraw "golang.org/x/image/draw"

	"github.com/reportc/reportc/layout"
)

// PrintDPI is the resolution photos are embedded at: an image with more pixels than its
// printed size needs at this resolution is scaled down before embedding.
const PrintDPI = 300

// fitResolution scales every picture down to PrintDPI at the largest size it is printed
// at. Images that need no scaling are kept as they are (data.Load has decoded them fully
// and checked they are 8-bit, not interlaced PNG or JPEG). The result depends only on
// the image bytes and the printed sizes, so output stays byte-identical.
func fitResolution(pages []*layout.Page) error {
	type use struct {
		w, h float64 // largest printed size, mm
	}
	uses := map[[32]byte]*use{}
	for _, p := range pages {
		for _, im := range p.Pictures {
			s := sha256.Sum256(im.Data)
			u, ok := uses[s]
			if !ok {
				u = &use{}
				uses[s] = u
			}
			u.w, u.h = max(u.w, im.W), max(u.h, im.H)
		}
	}
	replaced := map[[32]byte][]byte{}
	for _, p := range pages {
		for _, im := range p.Pictures {
			s := sha256.Sum256(im.Data)
			if _, done := replaced[s]; done {
				continue
			}
			u := uses[s]
			b, err := fitOne(im.Data, u.w, u.h)
			if err != nil {
				return err
			}
			replaced[s] = b
		}
	}
	for _, p := range pages {
		for i := range p.Pictures {
			p.Pictures[i].Data = replaced[sha256.Sum256(p.Pictures[i].Data)]
		}
	}
	return nil
}

// fitOne scales one image to PrintDPI at w × h mm when it has more pixels than that
// needs (by more than half again); a PNG stays a PNG, a JPEG a JPEG (quality 90).
func fitOne(data []byte, wMM, hMM float64) ([]byte, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	tw := int(math.Ceil(wMM / 25.4 * PrintDPI))
	th := int(math.Ceil(hMM / 25.4 * PrintDPI))
	scale := format == "jpeg" || format == "png"
	scale = scale && tw > 0 && th > 0 && (float64(cfg.Width) > 1.5*float64(tw) || float64(cfg.Height) > 1.5*float64(th))
	if !scale {
		return data, nil
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	// Keep the aspect ratio of the source; the box may round differently. The result is
	// 8-bit RGBA (opaque JPEG) or NRGBA (PNG, which may have alpha); the PNG encoder
	// drops an alpha channel that is opaque everywhere.
	k := min(float64(tw)/float64(cfg.Width), float64(th)/float64(cfg.Height))
	nw, nh := max(1, int(math.Round(float64(cfg.Width)*k))), max(1, int(math.Round(float64(cfg.Height)*k)))
	var out draw.Image
	if format == "jpeg" {
		out = image.NewRGBA(image.Rect(0, 0, nw, nh))
	} else {
		out = image.NewNRGBA(image.Rect(0, 0, nw, nh))
	}
	xdraw.CatmullRom.Scale(out, out.Bounds(), src, src.Bounds(), xdraw.Src, nil)
	var buf bytes.Buffer
	if format == "jpeg" {
		if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: 90}); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// putImage writes image data (after fitResolution) as image XObject n. A JPEG is passed
// through as DCTDecode; a PNG is decoded and written as 8-bit Gray or RGB pixels,
// Flate-compressed with PNG (Paeth) predictors, with an /SMask for any transparency.
func (w *objWriter) putImage(n int, data []byte) error {
	if bytes.HasPrefix(data, []byte{0xFF, 0xD8}) {
		j, err := jpegInfo(data)
		if err != nil {
			return err
		}
		dict := fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s /BitsPerComponent 8 /Filter /DCTDecode",
			j.w, j.h, j.space())
		if j.comps == 4 && j.adobe {
			// Adobe writes CMYK JPEGs inverted.
			dict += " /Decode [1 0 1 0 1 0 1 0]"
		}
		w.putStored(n, dict, data)
		return nil
	}
	m, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return err
	}
	px := pixelsOf(m)
	dict := fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s /BitsPerComponent 8 /DecodeParms <</Predictor 15 /Colors %d /BitsPerComponent 8 /Columns %d>>",
		px.w, px.h, map[int]string{1: "DeviceGray", 3: "DeviceRGB"}[px.colors], px.colors, px.w)
	if px.alpha != nil {
		sm := w.reserve()
		if err := w.putStream(sm, fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /DecodeParms <</Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns %d>>",
			px.w, px.h, px.w), paeth(px.alpha, px.w, px.h, 1)); err != nil {
			return err
		}
		dict += fmt.Sprintf(" /SMask %d 0 R", sm)
	}
	return w.putStream(n, dict, paeth(px.pix, px.w, px.h, px.colors))
}

// pixels are an image's samples as PDF wants them: rows of gray or RGB bytes, and the
// alpha samples when some pixel is not opaque.
type pixels struct {
	w, h, colors int
	pix, alpha   []byte
}

// pixelsOf converts a decoded PNG to 8-bit samples: gray when every pixel is grey (a
// grey PNG, with or without alpha, or an RGB one that happens to be grey), else RGB;
// colours unpremultiplied where the image stores them premultiplied.
func pixelsOf(m image.Image) pixels {
	b := m.Bounds()
	p := pixels{w: b.Dx(), h: b.Dy()}
	if g, ok := m.(*image.Gray); ok {
		p.colors = 1
		p.pix = make([]byte, 0, p.w*p.h)
		for y := 0; y < p.h; y++ {
			p.pix = append(p.pix, g.Pix[y*g.Stride:y*g.Stride+p.w]...)
		}
		return p
	}
	rgba := make([]byte, 0, 4*p.w*p.h)
	switch s := m.(type) {
	case *image.NRGBA:
		for y := 0; y < p.h; y++ {
			rgba = append(rgba, s.Pix[y*s.Stride:y*s.Stride+4*p.w]...)
		}
	case *image.RGBA:
		// Premultiplied: opaque pixels (the common case) are as they are.
		for y := 0; y < p.h; y++ {
			row := s.Pix[y*s.Stride : y*s.Stride+4*p.w]
			for i := 0; i < len(row); i += 4 {
				r, g, bl, a := row[i], row[i+1], row[i+2], row[i+3]
				if a != 255 && a != 0 {
					r, g, bl = unpremul(r, a), unpremul(g, a), unpremul(bl, a)
				}
				rgba = append(rgba, r, g, bl, a)
			}
		}
	case *image.Paletted:
		pal := make([][4]byte, 256)
		for i, c := range s.Palette {
			n := color.NRGBAModel.Convert(c).(color.NRGBA)
			pal[i] = [4]byte{n.R, n.G, n.B, n.A}
		}
		for y := 0; y < p.h; y++ {
			for _, ix := range s.Pix[y*s.Stride : y*s.Stride+p.w] {
				rgba = append(rgba, pal[ix][:]...)
			}
		}
	default:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				n := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
				rgba = append(rgba, n.R, n.G, n.B, n.A)
			}
		}
	}
	grey, opaque := true, true
	for i := 0; i < len(rgba); i += 4 {
		if rgba[i] != rgba[i+1] || rgba[i] != rgba[i+2] {
			grey = false
		}
		if rgba[i+3] != 255 {
			opaque = false
		}
	}
	p.colors = 3
	if grey {
		p.colors = 1
	}
	p.pix = make([]byte, 0, p.colors*p.w*p.h)
	if !opaque {
		p.alpha = make([]byte, 0, p.w*p.h)
	}
	for i := 0; i < len(rgba); i += 4 {
		if grey {
			p.pix = append(p.pix, rgba[i])
		} else {
			p.pix = append(p.pix, rgba[i], rgba[i+1], rgba[i+2])
		}
		if !opaque {
			p.alpha = append(p.alpha, rgba[i+3])
		}
	}
	return p
}

func unpremul(c, a byte) byte { return byte((int(c)*255 + int(a)/2) / int(a)) }

// paeth prefixes each row of samples (w pixels of n bytes) with PNG filter type 4 and
// filters it, which makes photographs compress far better than raw samples.
func paeth(pix []byte, w, h, n int) []byte {
	row := w * n
	out := make([]byte, 0, (row+1)*h)
	for y := 0; y < h; y++ {
		cur := pix[y*row : (y+1)*row]
		var up []byte
		if y > 0 {
			up = pix[(y-1)*row : y*row]
		}
		out = append(out, 4)
		for i, v := range cur {
			var a, b, c int
			if i >= n {
				a = int(cur[i-n])
			}
			if up != nil {
				b = int(up[i])
				if i >= n {
					c = int(up[i-n])
				}
			}
			pa, pb, pc := abs(b-c), abs(a-c), abs(a+b-2*c)
			pred := c
			if pa <= pb && pa <= pc {
				pred = a
			} else if pb <= pc {
				pred = b
			}
			out = append(out, v-byte(pred))
		}
	}
	return out
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// jpegFrame is what the PDF needs from a JPEG's frame header.
type jpegFrame struct {
	w, h, comps int
	adobe       bool // an Adobe APP14 segment (CMYK stored inverted)
}

func (j jpegFrame) space() string {
	switch j.comps {
	case 1:
		return "DeviceGray"
	case 4:
		return "DeviceCMYK"
	}
	return "DeviceRGB"
}

// jpegInfo reads the size and number of components from a JPEG's first frame header
// (any SOF marker), walking the marker segments from the start.
func jpegInfo(b []byte) (jpegFrame, error) {
	var j jpegFrame
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return j, fmt.Errorf("JPEG 标记错位（偏移 %d）", i)
		}
		m := b[i+1]
		if m == 0xFF { // fill byte
			i++
			continue
		}
		if m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7) {
			i += 2
			continue
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		if n < 2 || i+2+n > len(b) {
			break
		}
		seg := b[i+4 : i+2+n]
		switch {
		case m == 0xEE && bytes.HasPrefix(seg, []byte("Adobe")):
			j.adobe = true
		case m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
			if len(seg) < 6 {
				return j, fmt.Errorf("JPEG 帧头太短")
			}
			j.h = int(seg[1])<<8 | int(seg[2])
			j.w = int(seg[3])<<8 | int(seg[4])
			j.comps = int(seg[5])
			if seg[0] != 8 || j.w == 0 || j.h == 0 || (j.comps != 1 && j.comps != 3 && j.comps != 4) {
				return j, fmt.Errorf("不支持的 JPEG：%d 位、%d 个颜色分量", seg[0], j.comps)
			}
			return j, nil
		case m == 0xDA:
			return j, fmt.Errorf("JPEG 在帧头之前开始了扫描数据")
		}
		i += 2 + n
	}
	return j, fmt.Errorf("JPEG 没有帧头")
}
