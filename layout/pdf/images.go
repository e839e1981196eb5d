package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	_ "image/png" // PNG photos
	"math"
	"runtime"
	"strings"
	"sync"

	xdraw "golang.org/x/image/draw"

	"github.com/reportc/reportc/cache"
	"github.com/reportc/reportc/internal/orient"
	"github.com/reportc/reportc/layout"
)

// PrintDPI is the resolution photos are embedded at: an image with more pixels than its
// printed size needs at this resolution is scaled down before embedding.
const PrintDPI = 300

// imageCacheVersion is the kind of every image cache key: change it whenever the XObject
// made from the same image and size would change, so that old entries go unused.
const imageCacheVersion = "pdfimage2" // 2: JPEGs turned upright by their EXIF orientation

// jpegQuality is the quality a scaled JPEG, or a photograph given as PNG, is encoded at.
const jpegQuality = 90

// xobject is an image ready to be written: the entries of its stream dictionary (each
// with a leading space, /Filter included, /Length and /SMask not), its encoded data,
// and its soft mask when some pixel is not opaque.
type xobject struct {
	dict  string
	data  []byte
	smask *xobject
}

// imageSet holds the XObject of every distinct image of the book, by the SHA-256 of the
// image's bytes. prepareImages fills it; after that it is only read (lookup, printJPEG),
// so the DOCX writer may read it while the PDF is written.
type imageSet struct {
	sums map[sliceID][32]byte
	objs map[[32]byte]*xobject
}

// sliceID names a byte slice by where it starts and its length: the pictures of one photo
// share the bytes data.Load read, so each is hashed once per Write.
type sliceID struct {
	p *byte
	n int
}

func (s *imageSet) sum(b []byte) [32]byte {
	if len(b) == 0 {
		return sha256.Sum256(nil)
	}
	id := sliceID{&b[0], len(b)}
	if v, ok := s.sums[id]; ok {
		return v
	}
	v := sha256.Sum256(b)
	s.sums[id] = v
	return v
}

// lookup is the SHA-256 of b without remembering it: the hash prepareImages took of the
// same slice when it saw it, else computed.
func (s *imageSet) lookup(b []byte) [32]byte {
	if len(b) > 0 {
		if v, ok := s.sums[sliceID{&b[0], len(b)}]; ok {
			return v
		}
	}
	return sha256.Sum256(b)
}

// printJPEG returns the JPEG file the PDF embeds for an image when the writer made it —
// a JPEG scaled to PrintDPI, or a photograph given as PNG re-encoded — and it is
// smaller than the original, or the original is a JPEG turned upright by its EXIF
// orientation; nil for any other image (passed through, lossless, not in the set, or
// an original that is smaller and upright).
func (s *imageSet) printJPEG(original []byte) []byte {
	if len(original) == 0 {
		return nil
	}
	xo := s.objs[s.lookup(original)]
	if xo == nil || xo.smask != nil || !strings.Contains(xo.dict, " /Filter /DCTDecode") || len(xo.data) == 0 {
		return nil
	}
	if &xo.data[0] == &original[0] {
		return nil // the original passed through
	}
	if len(xo.data) >= len(original) && orient.Of(original) == 1 {
		// The JPEG made is no smaller than the original, which shows the same. A JPEG
		// with an EXIF orientation is turned upright in the one made, which is given
		// whatever its size: the DOCX shows it as the PDF does.
		return nil
	}
	return xo.data
}

// prepareImages makes the XObject of every distinct picture of the pages, scaled down
// to PrintDPI at the largest size it is printed at (see makeXObject). The images are
// independent, so they are made on all cores; each result depends only on the image's
// bytes and its printed size, so output stays byte-identical. With cacheDir, scaled and
// re-encoded results are kept on disk under a key of the image's hash, the target pixel
// size and imageCacheVersion, and a rebuild reads them instead of decoding again.
func prepareImages(pages []*layout.Page, store *cache.Dir) (*imageSet, error) {
	set := &imageSet{sums: map[sliceID][32]byte{}, objs: map[[32]byte]*xobject{}}
	type job struct {
		data []byte
		sum  [32]byte
		w, h float64 // largest printed size, mm
		xo   *xobject
		err  error
	}
	var jobs []*job
	bySum := map[[32]byte]*job{}
	for _, p := range pages {
		for _, im := range p.Pictures {
			s := set.sum(im.Data)
			j, ok := bySum[s]
			if !ok {
				j = &job{data: im.Data, sum: s}
				bySum[s] = j
				jobs = append(jobs, j)
			}
			j.w, j.h = max(j.w, im.W), max(j.h, im.H)
		}
	}
	next := make(chan *job)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				j.xo, j.err = cachedXObject(j.data, j.sum, j.w, j.h, store)
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	for _, j := range jobs {
		if j.err != nil {
			return nil, j.err
		}
		set.objs[j.sum] = j.xo
	}
	return set, nil
}

// targetPixels is the pixel size of w × h mm at PrintDPI.
func targetPixels(wMM, hMM float64) (int, int) {
	return int(math.Ceil(wMM / 25.4 * PrintDPI)), int(math.Ceil(hMM / 25.4 * PrintDPI))
}

// cachedXObject is makeXObject through the store (nil for none). Images passed through
// as they are (nothing decoded) are not cached: reading them is all making them costs.
func cachedXObject(data []byte, sum [32]byte, wMM, hMM float64, store *cache.Dir) (*xobject, error) {
	tw, th := targetPixels(wMM, hMM)
	key := ""
	if store != nil {
		key = store.Key(imageCacheVersion, sum[:], fmt.Appendf(nil, "%d×%d", tw, th))
		if b, ok := store.Get(key); ok {
			if xo, ok := decodeCached(b); ok {
				return xo, nil
			}
		}
	}
	xo, decoded, err := makeXObject(data, tw, th)
	if err != nil || !decoded || store == nil {
		return xo, err
	}
	store.Put(key, encodeCached(xo))
	return xo, nil
}

// makeXObject makes the XObject of one image to be printed at most tw × th pixels at
// PrintDPI; decoded says whether it had to decode the image.
//
//   - A JPEG that needs no scaling is passed through (DCTDecode), unless its EXIF
//     orientation is not 1: such a JPEG is decoded, scaled as below if it needs it,
//     turned upright (orient.Apply) and encoded again.
//   - A PNG that needs no scaling, 8-bit grey or RGB, not interlaced and without
//     transparency, is passed through too: its zlib data (the IDAT chunks) with PNG
//     predictors, which PDF reads as they are — unless it is a photograph (below).
//   - An image with more pixels than its printed size needs (by more than half again)
//     is scaled down to it, keeping its shape (downscale). A scaled JPEG is encoded
//     again as a JPEG (quality 90).
//   - Any other PNG is written as Flate-compressed 8-bit samples (gray or RGB) with
//     Paeth predictors and a soft mask for transparency — or as a JPEG when it is a
//     photograph (photoLike) and the JPEG is at most half the size, or, when scaling
//     made it bigger than the original's zlib data (a screenshot) and that can be
//     passed through, as the original.
func makeXObject(data []byte, tw, th int) (xo *xobject, decoded bool, err error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, false, err
	}
	if format != "jpeg" && format != "png" {
		return nil, false, fmt.Errorf("不支持的图片格式 %s", format)
	}
	// A JPEG with an EXIF orientation other than 1 is decoded, scaled in its stored
	// orientation to the target turned likewise, then turned upright: the PDF has no
	// EXIF, and the layout gave it the box of its displayed shape.
	o := 1
	if format == "jpeg" {
		o = orient.Of(data)
	}
	if orient.Swaps(o) {
		tw, th = th, tw
	}
	scale := tw > 0 && th > 0 && (float64(cfg.Width) > 1.5*float64(tw) || float64(cfg.Height) > 1.5*float64(th))
	var pass *xobject // the PNG's own data, when PDF can read it as it is
	if format == "png" {
		pass = pngPassThrough(data)
	}
	if !scale {
		if format == "jpeg" && o == 1 {
			xo, err := jpegXObject(data)
			return xo, false, err
		}
		// A PNG that compresses to under a quarter of a byte a pixel is no photograph
		// (a JPEG of one takes about that); it is passed through without decoding.
		if pass != nil && len(pass.data) < cfg.Width*cfg.Height/4 {
			return pass, false, nil
		}
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, true, err
	}
	m := src
	if scale {
		m = downscale(src, tw, th, format == "jpeg")
	}
	if format == "jpeg" {
		j, err := encodeJPEG(orient.Apply(m, o))
		if err != nil {
			return nil, true, err
		}
		xo, err := jpegXObject(j)
		return xo, true, err
	}
	px := pixelsOf(m)
	// The lossless choice: the PNG's own data when it is not scaled and can be passed
	// through, else the samples compressed.
	lossless := pass
	if scale || pass == nil {
		if lossless, err = flateXObject(px); err != nil {
			return nil, true, err
		}
	}
	if px.alpha == nil && photoLike(px) {
		j, err := encodeJPEG(m)
		if err != nil {
			return nil, true, err
		}
		if 2*len(j) <= len(lossless.data) {
			xo, err := jpegXObject(j)
			return xo, true, err
		}
	}
	if scale && pass != nil && len(pass.data) <= len(lossless.data) {
		// Scaling a screenshot smooths its flat colours and strokes into many more
		// colours: when the original's own data is smaller, it is kept.
		return pass, true, nil
	}
	return lossless, true, nil
}

// encodeJPEG encodes an opaque image as a JPEG at jpegQuality. An opaque NRGBA image is
// handed to the encoder as the RGBA image it equals, which it encodes without
// converting each pixel.
func encodeJPEG(m image.Image) ([]byte, error) {
	if n, ok := m.(*image.NRGBA); ok {
		m = &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Photo-like images: at least photoMinPixels pixels, and at least one distinct colour
// for every photoColourShare pixels. Measured on the stress report of issue 15
// (build/photos_test.go): generated photographs have one distinct colour for every 3.2
// pixels, screenshots (flat colours, text strokes) 5 colours in all; real
// photographs have tens to hundreds of thousands of colours in a few million pixels,
// screenshots with smoothed text a few thousand.
const (
	photoMinPixels   = 256 * 256
	photoColourShare = 16
)

// photoLike says whether an opaque RGB image looks like a photograph: large and with
// many distinct colours. Grey images never are (256 levels at most).
func photoLike(px pixels) bool {
	n := px.w * px.h
	if px.colors != 3 || n < photoMinPixels {
		return false
	}
	need := n / photoColourShare
	seen := make([]uint64, 1<<24/64)
	distinct := 0
	for i := 0; i+2 < len(px.pix); i += 3 {
		c := uint32(px.pix[i])<<16 | uint32(px.pix[i+1])<<8 | uint32(px.pix[i+2])
		if bit := uint64(1) << (c & 63); seen[c>>6]&bit == 0 {
			seen[c>>6] |= bit
			if distinct++; distinct >= need {
				return true
			}
		}
	}
	return false
}

// jpegXObject passes a JPEG through as DCTDecode.
func jpegXObject(data []byte) (*xobject, error) {
	j, err := jpegInfo(data)
	if err != nil {
		return nil, err
	}
	dict := fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s /BitsPerComponent 8 /Filter /DCTDecode",
		j.w, j.h, j.space())
	if j.comps == 4 && j.adobe {
		// Adobe writes CMYK JPEGs inverted.
		dict += " /Decode [1 0 1 0 1 0 1 0]"
	}
	return &xobject{dict: dict, data: data}, nil
}

// flateXObject writes samples Flate-compressed with Paeth predictors, with a soft mask
// for any transparency.
func flateXObject(px pixels) (*xobject, error) {
	z, err := deflate(paeth(px.pix, px.w, px.h, px.colors))
	if err != nil {
		return nil, err
	}
	xo := &xobject{dict: imageDict(px.w, px.h, px.colors) + " /Filter /FlateDecode", data: z}
	if px.alpha != nil {
		za, err := deflate(paeth(px.alpha, px.w, px.h, 1))
		if err != nil {
			return nil, err
		}
		xo.smask = &xobject{dict: imageDict(px.w, px.h, 1) + " /Filter /FlateDecode", data: za}
	}
	return xo, nil
}

// imageDict is the dictionary of 8-bit samples with PNG predictors (one filter byte
// before each row).
func imageDict(w, h, colors int) string {
	return fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s /BitsPerComponent 8 /DecodeParms <</Predictor 15 /Colors %d /BitsPerComponent 8 /Columns %d>>",
		w, h, map[int]string{1: "DeviceGray", 3: "DeviceRGB"}[colors], colors, w)
}

// deflate compresses data with zlib at contentLevel (a writer of its own: images are
// made in parallel).
func deflate(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data)/2 + 64)
	zw, _ := zlib.NewWriterLevel(&buf, contentLevel) // the level is valid
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pngPassThrough returns the XObject of a PNG whose zlib data PDF can read as it is —
// 8-bit grey (colour type 0) or RGB (type 2), not interlaced, no tRNS chunk — or nil.
// The chunks' order and checksums were checked by data.Load; the walk here only stops
// at anything it does not expect.
func pngPassThrough(b []byte) *xobject {
	const sig = "\x89PNG\r\n\x1a\n"
	if len(b) < len(sig)+25 || string(b[:len(sig)]) != sig || string(b[12:16]) != "IHDR" {
		return nil
	}
	w, h := int(binary.BigEndian.Uint32(b[16:])), int(binary.BigEndian.Uint32(b[20:]))
	depth, ct, interlace := b[24], b[25], b[28]
	if depth != 8 || (ct != 0 && ct != 2) || interlace != 0 || w <= 0 || h <= 0 {
		return nil
	}
	colors := 1
	if ct == 2 {
		colors = 3
	}
	var idat []byte
	for i := len(sig); ; {
		if i+12 > len(b) {
			return nil
		}
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 0 || n > len(b)-i-12 {
			return nil
		}
		typ := string(b[i+4 : i+8])
		switch typ {
		case "tRNS":
			return nil
		case "IDAT":
			idat = append(idat, b[i+8:i+8+n]...)
		case "IEND":
			if len(idat) == 0 {
				return nil
			}
			return &xobject{dict: imageDict(w, h, colors) + " /Filter /FlateDecode", data: idat}
		}
		i += 12 + n
	}
}

// downscale scales an image to fit tw × th pixels, keeping its shape: an opaque image by
// averaging the area each output pixel covers (areaDownscale), any other by Catmull-Rom.
// The result is 8-bit RGBA, or NRGBA for an image that may have alpha.
func downscale(src image.Image, tw, th int, opaque bool) image.Image {
	b := src.Bounds()
	k := min(float64(tw)/float64(b.Dx()), float64(th)/float64(b.Dy()))
	nw, nh := max(1, int(math.Round(float64(b.Dx())*k))), max(1, int(math.Round(float64(b.Dy())*k)))
	if r := areaDownscale(src, nw, nh); r != nil {
		return r
	}
	var out draw.Image
	if opaque {
		out = image.NewRGBA(image.Rect(0, 0, nw, nh))
	} else {
		out = image.NewNRGBA(image.Rect(0, 0, nw, nh))
	}
	xdraw.CatmullRom.Scale(out, out.Bounds(), src, src.Bounds(), xdraw.Src, nil)
	return out
}

// areaDownscale scales an opaque image down to nw × nh by averaging, for each output
// pixel, the source pixels its area covers, each by the part it covers (a box filter of
// the exact ratio). A JPEG's luma and chroma planes are each scaled so, and only the
// output pixels converted to RGB. Catmull-Rom over all 12 million pixels of a camera
// photo took about 0.5 s of CPU, this about 60 ms; the results differ by well under a
// level on photographs and by a few levels on sharp strokes (TestAreaDownscale). It
// returns nil for an image it does not handle (alpha, palettes, 16-bit samples, CMYK,
// unusual chroma subsampling), which is resampled by Catmull-Rom instead.
func areaDownscale(src image.Image, nw, nh int) *image.RGBA {
	r := src.Bounds()
	if r.Min != (image.Point{}) {
		return nil
	}
	w, h := r.Dx(), r.Dy()
	out := image.NewRGBA(image.Rect(0, 0, nw, nh))
	switch s := src.(type) {
	case *image.YCbCr:
		var hs, vs uint // chroma subsampling as shifts
		switch s.SubsampleRatio {
		case image.YCbCrSubsampleRatio444:
		case image.YCbCrSubsampleRatio422:
			hs = 1
		case image.YCbCrSubsampleRatio420:
			hs, vs = 1, 1
		case image.YCbCrSubsampleRatio440:
			vs = 1
		case image.YCbCrSubsampleRatio411:
			hs = 2
		case image.YCbCrSubsampleRatio410:
			hs, vs = 2, 1
		default:
			return nil
		}
		cw, ch := (w+1<<hs-1)>>hs, (h+1<<vs-1)>>vs
		lw, lh := float64(w)/float64(int(1)<<hs), float64(h)/float64(int(1)<<vs)
		ys := areaPlane(s.Y, s.YStride, w, h, float64(w), float64(h), 1, nw, nh)
		cb := areaPlane(s.Cb, s.CStride, cw, ch, lw, lh, 1, nw, nh)
		cr := areaPlane(s.Cr, s.CStride, cw, ch, lw, lh, 1, nw, nh)
		for i := range ys {
			out.Pix[4*i], out.Pix[4*i+1], out.Pix[4*i+2] = color.YCbCrToRGB(ys[i], cb[i], cr[i])
			out.Pix[4*i+3] = 255
		}
	case *image.Gray:
		g := areaPlane(s.Pix, s.Stride, w, h, float64(w), float64(h), 1, nw, nh)
		for i, v := range g {
			out.Pix[4*i], out.Pix[4*i+1], out.Pix[4*i+2], out.Pix[4*i+3] = v, v, v, 255
		}
	case *image.RGBA:
		if !opaqueRGBA(s.Pix, s.Stride, w, h) {
			return nil
		}
		out.Pix = areaPlane(s.Pix, s.Stride, w, h, float64(w), float64(h), 4, nw, nh)
	case *image.NRGBA:
		if !opaqueRGBA(s.Pix, s.Stride, w, h) {
			return nil
		}
		out.Pix = areaPlane(s.Pix, s.Stride, w, h, float64(w), float64(h), 4, nw, nh)
	default:
		return nil
	}
	return out
}

// opaqueRGBA says whether every pixel of 4-byte samples has alpha 255.
func opaqueRGBA(pix []byte, stride, w, h int) bool {
	for y := 0; y < h; y++ {
		row := pix[y*stride : y*stride+4*w]
		for i := 3; i < len(row); i += 4 {
			if row[i] != 255 {
				return false
			}
		}
	}
	return true
}

// areaWeights are, for each of n output samples spread over the first length input
// samples (of nSrc; the last may count only in part, as a subsampled chroma plane's
// does), the first input sample it covers and the share of each covered sample in
// 1/65536ths (summing to 65536): the part of the sample the output's interval overlaps.
func areaWeights(length float64, nSrc, n int) (first []int, weights [][]uint32) {
	first = make([]int, n)
	weights = make([][]uint32, n)
	r := length / float64(n)
	for i := 0; i < n; i++ {
		lo, hi := float64(i)*r, float64(i+1)*r
		j0 := min(nSrc-1, int(lo))
		j1 := max(j0+1, min(nSrc, int(math.Ceil(hi))))
		first[i] = j0
		ws := make([]uint32, 0, j1-j0)
		var total uint32
		big := 0
		for j := j0; j < j1; j++ {
			ov := max(0, min(hi, float64(j+1))-max(lo, float64(j)))
			wt := uint32(math.Round(ov / r * 65536))
			ws = append(ws, wt)
			total += wt
			if wt > ws[big] {
				big = len(ws) - 1
			}
		}
		ws[big] += 65536 - total // rounding: the shares sum to exactly one
		weights[i] = ws
	}
	return first, weights
}

// areaPlane scales samples of n bytes a pixel (sw × sh, rows stride apart, their content
// lw × lh samples) down to nw × nh by area, in fixed point: rows first, into samples
// with 8 more bits, then columns. It returns the rows packed (nw × n bytes each).
func areaPlane(pix []byte, stride, sw, sh int, lw, lh float64, n, nw, nh int) []byte {
	xf, xw := areaWeights(lw, sw, nw)
	yf, yw := areaWeights(lh, sh, nh)
	row := nw * n
	tmp := make([]uint16, row*sh)
	for y := 0; y < sh; y++ {
		src := pix[y*stride : y*stride+n*sw]
		t := tmp[row*y : row*(y+1)]
		for x := 0; x < nw; x++ {
			base := n * xf[x]
			for c := 0; c < n; c++ {
				var s uint32
				for k, wt := range xw[x] {
					s += wt * uint32(src[base+n*k+c])
				}
				t[n*x+c] = uint16((s + 128) >> 8)
			}
		}
	}
	out := make([]byte, row*nh)
	for y := 0; y < nh; y++ {
		o := out[row*y : row*(y+1)]
		for x := range o {
			var s uint32
			for k, wt := range yw[y] {
				s += wt * uint32(tmp[row*(yf[y]+k)+x])
			}
			o[x] = uint8((s + 1<<23) >> 24)
		}
	}
	return out
}

// putImage writes an XObject as object n (its soft mask as a new object).
func (w *objWriter) putImage(n int, xo *xobject) {
	dict := xo.dict
	if xo.smask != nil {
		sm := w.reserve()
		w.putStored(sm, xo.smask.dict, xo.smask.data)
		dict += fmt.Sprintf(" /SMask %d 0 R", sm)
	}
	w.putStored(n, dict, xo.data)
}

// Disk cache entries: a magic line, then the XObject and its soft mask (if any), each
// as the lengths of its dictionary and data (uvarints) followed by them.
const cacheMagic = "reportc xobject 1\n"

func encodeCached(xo *xobject) []byte {
	b := []byte(cacheMagic)
	for o := xo; o != nil; o = o.smask {
		b = binary.AppendUvarint(b, uint64(len(o.dict)))
		b = append(b, o.dict...)
		b = binary.AppendUvarint(b, uint64(len(o.data)))
		b = append(b, o.data...)
	}
	return b
}

// decodeCached reads a cache entry; ok is false for anything damaged.
func decodeCached(b []byte) (*xobject, bool) {
	if !bytes.HasPrefix(b, []byte(cacheMagic)) {
		return nil, false
	}
	b = b[len(cacheMagic):]
	field := func() ([]byte, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return nil, false
		}
		v := b[k : k+int(n)]
		b = b[k+int(n):]
		return v, true
	}
	var objs []*xobject
	for len(b) > 0 && len(objs) < 2 {
		d, ok1 := field()
		v, ok2 := field()
		if !ok1 || !ok2 {
			return nil, false
		}
		objs = append(objs, &xobject{dict: string(d), data: v})
	}
	if len(objs) == 0 || len(b) > 0 {
		return nil, false
	}
	if len(objs) == 2 {
		objs[0].smask = objs[1]
	}
	return objs[0], true
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
