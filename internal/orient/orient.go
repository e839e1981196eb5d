// Package orient reads the EXIF orientation of a JPEG and turns its pixels the way it
// says, so that a phone photo saved as landscape pixels with "rotate 90°" in its EXIF
// is laid out, printed and embedded upright. It is the one place reportc reads EXIF:
// the layout (a photo's shape), the PDF writer (the pixels) and the DOCX writer (the
// picture's extent) all ask it.
package orient

import (
	"encoding/binary"
	"image"
	"image/draw"
)

// Of returns the EXIF orientation (TIFF tag 0x0112 in IFD0 of the APP1 "Exif" segment)
// of JPEG data, 1 to 8: 1 is upright, 3 turned 180°, 6 to be turned 90° clockwise and 8
// 90° counter-clockwise to display, 2, 4, 5 and 7 the same mirrored. Anything else — a
// PNG, no EXIF, a garbled or truncated segment, a value out of range — is 1. It reads
// only within b and stops at the first scan, so it never panics and costs a few
// comparisons per segment header.
func Of(b []byte) int {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return 1
	}
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return 1
		}
		m := b[i+1]
		switch {
		case m == 0xFF: // fill byte before a marker
			i++
			continue
		case m == 0xD9 || m == 0xDA: // end of image, start of scan: no EXIF before it
			return 1
		case m == 0x01 || (m >= 0xD0 && m <= 0xD7): // markers without a length
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return 1
		}
		seg := b[i+4 : i+2+n]
		if m == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads tag 0x0112 of IFD0 of a TIFF header in either byte order.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := uint64(bo.Uint32(t[4:]))
	if off+2 > uint64(len(t)) {
		return 1
	}
	count := int(bo.Uint16(t[off:]))
	entries := t[off+2:]
	for k := 0; k < count && 12*k+12 <= len(entries); k++ {
		e := entries[12*k : 12*k+12]
		if bo.Uint16(e) != 0x0112 {
			continue
		}
		var v int
		switch bo.Uint16(e[2:]) {
		case 3: // SHORT: in the first two bytes of the value field
			v = int(bo.Uint16(e[8:]))
		case 4: // LONG, which some writers use
			v = int(bo.Uint32(e[8:]))
		default:
			return 1
		}
		if v < 1 || v > 8 {
			return 1
		}
		return v
	}
	return 1
}

// Swaps says whether orientation o turns the picture a quarter (5 to 8): its displayed
// width is its stored height.
func Swaps(o int) bool { return o >= 5 && o <= 8 }

// Displayed is the displayed size of a w × h picture (as stored) of orientation o.
func Displayed(w, h, o int) (int, int) {
	if Swaps(o) {
		return h, w
	}
	return w, h
}

// Apply returns m turned and mirrored from orientation o to upright, as 8-bit RGBA; m
// itself for orientation 1 (or out of range). It is meant for opaque pictures (JPEGs).
func Apply(m image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return m
	}
	src, ok := m.(*image.RGBA)
	if !ok || src.Rect.Min != (image.Point{}) {
		b := m.Bounds()
		src = image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(src, src.Rect, m, b.Min, draw.Src)
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := Displayed(w, h, o)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	// In tiles of tile × tile pixels: a quarter turn reads stored columns, and a tile's
	// rows reuse the cache lines its first row brought in.
	const tile = 64
	for ty := 0; ty < dh; ty += tile {
		for tx := 0; tx < dw; tx += tile {
			for y := ty; y < min(ty+tile, dh); y++ {
				// The stored pixels of upright row y lie on a line: from p, step bytes
				// apart.
				p, step := walk(y, w, h, src.Stride, o)
				p += tx * step
				row := dst.Pix[y*dst.Stride+4*tx : y*dst.Stride+4*min(tx+tile, dw)]
				for x := 0; x < len(row); x += 4 {
					*(*[4]byte)(row[x:]) = *(*[4]byte)(src.Pix[p:])
					p += step
				}
			}
		}
	}
	return dst
}

// walk says where the stored pixels shown in row y of the upright picture are, for a
// stored picture of w × h pixels (stride bytes a row) and orientation o (2 to 8): the
// first at byte p, each next one step bytes on.
func walk(y, w, h, stride, o int) (p, step int) {
	switch o {
	case 2: // mirrored left to right: stored row y, from its right end
		return y*stride + 4*(w-1), -4
	case 3: // turned 180°: stored row h-1-y, from its right end
		return (h-1-y)*stride + 4*(w-1), -4
	case 4: // mirrored top to bottom: stored row h-1-y
		return (h - 1 - y) * stride, 4
	case 5: // mirrored along the main diagonal: stored column y, downwards
		return 4 * y, stride
	case 6: // to be turned 90° clockwise: stored column y, upwards
		return (h-1)*stride + 4*y, -stride
	case 7: // mirrored along the other diagonal: stored column w-1-y, upwards
		return (h-1)*stride + 4*(w-1-y), -stride
	default: // 8, to be turned 90° counter-clockwise: stored column w-1-y, downwards
		return 4 * (w - 1 - y), stride
	}
}

// Tag returns a copy of JPEG data with an APP1 "Exif" segment giving orientation o
// (IFD0 holding the one tag) inserted after the start-of-image marker, in byte order
// bo; data itself when it is no JPEG. Tests and example photos use it to make phone-like
// pictures.
func Tag(data []byte, o int, bo binary.ByteOrder) []byte {
	if len(data) < 2 || data[0] != 0xFF || data[1] != 0xD8 {
		return data
	}
	tiff := make([]byte, 8+2+12+4)
	if bo == binary.BigEndian {
		copy(tiff, "MM\x00*")
	} else {
		copy(tiff, "II*\x00")
	}
	bo.PutUint32(tiff[4:], 8)
	bo.PutUint16(tiff[8:], 1)
	e := tiff[10:22]
	bo.PutUint16(e, 0x0112)
	bo.PutUint16(e[2:], 3)
	bo.PutUint32(e[4:], 1)
	bo.PutUint16(e[8:], uint16(o))
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := make([]byte, 0, len(data)+4+len(seg))
	out = append(out, 0xFF, 0xD8, 0xFF, 0xE1)
	out = binary.BigEndian.AppendUint16(out, uint16(2+len(seg)))
	out = append(out, seg...)
	return append(out, data[2:]...)
}
