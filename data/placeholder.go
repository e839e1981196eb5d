package data

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// Images that reportc draws itself carry a PNG tEXt chunk with this keyword, so that
// an official build can tell them from real photos and a real seal.
const pngKeyword = "reportc"

// Marker texts of the tEXt chunk.
const (
	MarkPlaceholder = "placeholder" // a 照片待补 placeholder photo
	MarkSampleSeal  = "sample-seal" // a seal drawn by code, not a unit's real seal
)

var pngSig = []byte("\x89PNG\r\n\x1a\n")

// MarkPNG returns the PNG with a tEXt chunk “reportc: marker” inserted after its
// header chunk. Data that is not a PNG is returned unchanged.
func MarkPNG(png []byte, marker string) []byte {
	if !bytes.HasPrefix(png, pngSig) || len(png) < 33 {
		return png
	}
	ihdrEnd := 8 + 8 + int(binary.BigEndian.Uint32(png[8:12])) + 4
	if ihdrEnd > len(png) {
		return png
	}
	body := append([]byte(pngKeyword+"\x00"), marker...)
	chunk := make([]byte, 8, 12+len(body))
	binary.BigEndian.PutUint32(chunk[0:4], uint32(len(body)))
	copy(chunk[4:8], "tEXt")
	chunk = append(chunk, body...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	out := make([]byte, 0, len(png)+len(chunk))
	out = append(out, png[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, png[ihdrEnd:]...)
}

// PNGMarker returns the reportc marker of a PNG (MarkPlaceholder, MarkSampleSeal) or ""
// for any other image.
func PNGMarker(png []byte) string {
	if !bytes.HasPrefix(png, pngSig) {
		return ""
	}
	for i := 8; i+8 <= len(png); {
		n := int(binary.BigEndian.Uint32(png[i : i+4]))
		typ := string(png[i+4 : i+8])
		if n < 0 || i+12+n > len(png) {
			return ""
		}
		if typ == "tEXt" {
			body := png[i+8 : i+8+n]
			if k := bytes.IndexByte(body, 0); k >= 0 && string(body[:k]) == pngKeyword {
				return string(body[k+1:])
			}
		}
		if typ == "IDAT" || typ == "IEND" {
			return "" // reportc writes its chunk before the image data
		}
		i += 12 + n
	}
	return ""
}
