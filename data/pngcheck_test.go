package data

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestPNGIntactAgreesWithDecoder: pngIntact accepts exactly the files image/png
// decodes, over real PNGs of several colour types and every truncation and many
// single-byte damages of them.
func TestPNGIntactAgreesWithDecoder(t *testing.T) {
	var samples [][]byte
	enc := func(img image.Image) {
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		samples = append(samples, b.Bytes())
	}
	rgba := image.NewNRGBA(image.Rect(0, 0, 37, 11))
	gray := image.NewGray(image.Rect(0, 0, 9, 20))
	pal := image.NewPaletted(image.Rect(0, 0, 13, 7), color.Palette{color.White, color.Black, color.Gray{Y: 128}})
	for i := range rgba.Pix {
		rgba.Pix[i] = byte(i * 7)
	}
	for i := range gray.Pix {
		gray.Pix[i] = byte(i * 3)
	}
	for i := range pal.Pix {
		pal.Pix[i] = byte(i % 3)
	}
	enc(rgba)
	enc(gray)
	enc(pal)
	if b, err := os.ReadFile(filepath.Join("2024", "images", "seal.png")); err == nil {
		samples = append(samples, b)
	}
	agree := func(b []byte, what string) {
		t.Helper()
		_, derr := png.Decode(bytes.NewReader(b))
		ierr := pngIntact(b)
		if (derr == nil) != (ierr == nil) {
			t.Errorf("%s: decoder says %v, pngIntact says %v", what, derr, ierr)
		}
	}
	for si, s := range samples {
		agree(s, "whole")
		if pngIntact(s) != nil {
			t.Fatalf("sample %d refused: %v", si, pngIntact(s))
		}
		step := max(1, len(s)/300)
		for n := 0; n < len(s); n += step {
			agree(s[:n], "truncated")
			d := bytes.Clone(s)
			d[n] ^= 0x5A
			agree(d, "damaged")
		}
	}
}

// TestPNGIntactPixelData: files whose chunks are all sound (CRCs right) but whose pixel
// data is wrong are refused, as the decoder refuses them.
func TestPNGIntactPixelData(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 5, 4))
	var buf bytes.Buffer
	png.Encode(&buf, img)
	good := buf.Bytes()
	// rebuild writes a PNG with the given IHDR height and raw (inflated) image data.
	rebuild := func(height byte, raw []byte, extra ...[]byte) []byte {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(raw)
		zw.Close()
		chunk := func(typ string, body []byte) []byte {
			c := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
			c = append(c, typ...)
			c = append(c, body...)
			return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
		}
		ihdr := bytes.Clone(good[16:29])
		ihdr[7] = height
		out := append([]byte(nil), pngSig...)
		out = append(out, chunk("IHDR", ihdr)...)
		for i := 0; i+1 < len(extra); i += 2 {
			out = append(out, chunk(string(extra[i]), extra[i+1])...)
		}
		out = append(out, chunk("IDAT", z.Bytes())...)
		return append(out, chunk("IEND", nil)...)
	}
	rows := func(n int, filter byte) []byte {
		var r []byte
		for range n {
			r = append(r, filter)
			r = append(r, make([]byte, 5*4)...)
		}
		return r
	}
	for _, c := range []struct {
		name string
		b    []byte
		ok   bool
	}{
		{"sound", rebuild(4, rows(4, 0)), true},
		{"a row short", rebuild(4, rows(4, 0)[:4*21-1]), false},
		{"a row too many", rebuild(4, rows(5, 0)), false},
		{"taller than its data", rebuild(5, rows(4, 0)), false},
		{"unknown filter", rebuild(4, rows(4, 7)), false},
		{"tRNS of the wrong length", rebuild(4, rows(4, 0), []byte("tRNS"), []byte{1, 2, 3}), false},
		{"PLTE on RGBA", rebuild(4, rows(4, 0), []byte("PLTE"), []byte{1, 2, 3}), true},
		{"unknown ancillary chunk", rebuild(4, rows(4, 0), []byte("teXt"), []byte("a")), true},
		{"IEND before the data", rebuild(4, rows(4, 0), []byte("IEND"), nil), false},
	} {
		_, derr := png.Decode(bytes.NewReader(c.b))
		ierr := pngIntact(c.b)
		if (derr == nil) != c.ok || (ierr == nil) != c.ok {
			t.Errorf("%s: decoder %v, pngIntact %v, want ok=%v", c.name, derr, ierr, c.ok)
		}
	}
}
