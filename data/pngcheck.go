package data

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// pngIntact checks a PNG the way image/png.Decode does, without building the image:
// the chunks in order with their lengths and CRCs, IHDR first, a palette before the
// data of a paletted image, IDAT data that inflates (zlib checksum included) to exactly
// the rows the header promises, each row with a known filter type, and IEND. It reads
// the pixel data once through a row buffer instead of allocating and unfiltering the
// whole image, which was four tenths of a warm build of the example (33 photos).
// Interlaced images and depths above 8 are refused before it is called.
func pngIntact(b []byte) error {
	if !bytes.HasPrefix(b, pngSig) {
		return errors.New("not a PNG")
	}
	// Stages in the order the decoder requires them.
	const (
		start = iota
		seenIHDR
		seenPLTE
		seenTRNS
		seenIDAT
		seenIEND
	)
	var (
		width, height uint32
		depth, color  byte
		stage         = start
		idat          [][]byte
		idatDone      bool // a chunk followed the image data
	)
	order := func(typ string) error { return fmt.Errorf("chunk out of order at %s", typ) }
	for i := len(pngSig); stage != seenIEND; {
		if i+8 > len(b) {
			return io.ErrUnexpectedEOF
		}
		n := binary.BigEndian.Uint32(b[i : i+4])
		if n > 0x7fffffff || uint64(i)+12+uint64(n) > uint64(len(b)) {
			return io.ErrUnexpectedEOF
		}
		typ := string(b[i+4 : i+8])
		body := b[i+8 : i+8+int(n)]
		if crc32.ChecksumIEEE(b[i+4:i+8+int(n)]) != binary.BigEndian.Uint32(b[i+8+int(n):]) {
			return fmt.Errorf("invalid checksum in chunk %q", typ)
		}
		if stage == start && typ != "IHDR" {
			return errors.New("chunk out of order: IHDR is not first")
		}
		paletted := color == 3
		switch typ {
		case "IHDR":
			if stage != start || n != 13 {
				return errors.New("bad IHDR")
			}
			stage = seenIHDR
			width, height = binary.BigEndian.Uint32(body[0:4]), binary.BigEndian.Uint32(body[4:8])
			depth, color = body[8], body[9]
			if body[10] != 0 || body[11] != 0 || body[12] != 0 {
				return errors.New("unsupported compression, filter or interlace method")
			}
			if err := pngColour(color, depth); err != nil {
				return err
			}
		case "PLTE":
			if stage != seenIHDR {
				return order(typ)
			}
			stage = seenPLTE
			switch {
			case color == 0 || color == 4:
				return errors.New("PLTE, color type mismatch")
			case paletted && (n == 0 || n%3 != 0 || n/3 > 256 || n/3 > 1<<depth):
				return errors.New("bad PLTE length")
			}
		case "tRNS":
			if (paletted && stage != seenPLTE) || (!paletted && stage != seenIHDR) {
				return order(typ)
			}
			stage = seenTRNS
			switch {
			case color == 0 && n != 2, color == 2 && n != 6, paletted && n > 256:
				return errors.New("bad tRNS length")
			case color == 4 || color == 6:
				return errors.New("tRNS, color type mismatch")
			}
		case "IDAT":
			if stage < seenIHDR || stage > seenIDAT || (stage == seenIHDR && paletted) {
				return order(typ)
			}
			stage = seenIDAT
			if !idatDone {
				idat = append(idat, body)
			} // else: as the decoder does, a stray IDAT after the image data is ignored
		case "IEND":
			if stage != seenIDAT {
				return order(typ)
			}
			stage = seenIEND
		default:
			if len(idat) > 0 {
				idatDone = true
			}
		}
		i += 12 + int(n)
	}
	channels := map[byte]uint64{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]
	if width == 0 || height == 0 || width > 0x7fffffff || height > 0x7fffffff {
		return errors.New("non-positive dimension")
	}
	rowBytes := (uint64(width)*channels*uint64(depth) + 7) / 8
	readers := make([]io.Reader, len(idat))
	for i, d := range idat {
		readers[i] = bytes.NewReader(d)
	}
	zr, err := zlib.NewReader(io.MultiReader(readers...))
	if err != nil {
		return err
	}
	row := make([]byte, 1+rowBytes)
	for y := uint32(0); y < height; y++ {
		if _, err := io.ReadFull(zr, row); err != nil {
			return fmt.Errorf("not enough pixel data: %v", err)
		}
		if row[0] > 4 {
			return fmt.Errorf("bad filter type %d", row[0])
		}
	}
	// The zlib checksum is checked at the end of the stream; nothing may follow the rows.
	for tries := 0; ; tries++ {
		n, err := zr.Read(row[:1])
		switch {
		case n != 0:
			return errors.New("too much pixel data")
		case err == io.EOF:
			return nil
		case err != nil:
			return err
		case tries == 100:
			return io.ErrNoProgress
		}
	}
}

// pngColour accepts the colour type and bit depth pairs the decoder reads.
func pngColour(color, depth byte) error {
	ok := false
	switch color {
	case 0:
		ok = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16
	case 3:
		ok = depth == 1 || depth == 2 || depth == 4 || depth == 8
	case 2, 4, 6:
		ok = depth == 8 || depth == 16
	}
	if !ok {
		return fmt.Errorf("unsupported colour type %d at depth %d", color, depth)
	}
	return nil
}
