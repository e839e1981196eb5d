package pdf

import (
	"bytes"
	"crypto/sha256"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg" // photos
	"image/png"
	"sort"

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
