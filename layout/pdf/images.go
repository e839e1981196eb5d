package pdf

import (
	"bytes"
	"crypto/sha256"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math"
	"sort"

	xdraw "golang.org/x/image/draw"

	"github.com/reportc/reportc/layout"
)

// distinctWidths makes every distinct image of the book a distinct pixel width.
//
// gofpdf writes image objects in the order of a map, sorted by width when catalogue
// sorting is on; two different images of the same width would come out in random
// order and break byte-identical output. An image whose width is already taken is
// re-encoded with white columns added on the right until its width is free (a column
// or two on a picture thousands of pixels wide, drawn into the same box).
func distinctWidths(pages []*layout.Page) error {
	type entry struct {
		sum  [32]byte
		data []byte
		w    int
	}
	byHash := map[[32]byte]*entry{}
	var order []*entry
	for _, p := range pages {
		for _, im := range p.Pictures {
			s := sha256.Sum256(im.Data)
			if _, ok := byHash[s]; ok {
				continue
			}
			cfg, _, err := image.DecodeConfig(bytes.NewReader(im.Data))
			if err != nil {
				return err
			}
			e := &entry{sum: s, data: im.Data, w: cfg.Width}
			byHash[s] = e
			order = append(order, e)
		}
	}
	// Deterministic: keep the first image of each width as it is, by content hash.
	sort.Slice(order, func(i, j int) bool { return bytes.Compare(order[i].sum[:], order[j].sum[:]) < 0 })
	taken := map[int]bool{}
	replaced := map[[32]byte][]byte{}
	for _, e := range order {
		if !taken[e.w] {
			taken[e.w] = true
			continue
		}
		w := e.w + 1
		for taken[w] {
			w++
		}
		padded, err := padRight(e.data, w)
		if err != nil {
			return err
		}
		taken[w] = true
		replaced[e.sum] = padded
	}
	if len(replaced) == 0 {
		return nil
	}
	for _, p := range pages {
		for i := range p.Pictures {
			if b, ok := replaced[sha256.Sum256(p.Pictures[i].Data)]; ok {
				p.Pictures[i].Data = b
			}
		}
	}
	return nil
}

func padRight(data []byte, w int) ([]byte, error) {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, w, b.Dy()))
	draw.Draw(dst, dst.Bounds(), &image.Uniform{color.White}, image.Point{}, draw.Src)
	draw.Draw(dst, image.Rect(0, 0, b.Dx(), b.Dy()), src, b.Min, draw.Src)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, dst); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

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
