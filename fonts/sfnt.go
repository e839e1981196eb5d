package fonts

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf16"
)

// sfnt is reportc's own reading of a TrueType file: the table directory, the complete
// Unicode character map (formats 4 and 12 of the platform 0, 3/1 and 3/10 subtables,
// merged), the horizontal metrics and the glyph locations. It is read once when the
// face is loaded; measuring, coverage checks and the PDF subsetter all use it.
type sfnt struct {
	data   []byte
	tables map[string][]byte
	// hmtx, loca and glyf are the tables every width and glyph look-up reads, kept
	// out of the map: a map look-up per character was most of the cost of measuring.
	hmtx, loca, glyf []byte
	numGlyphs        int
	upem             int
	longLoca         bool
	nHMetrics        int
	bmp              []uint16        // glyph of each BMP code point (0 = none)
	astral           map[rune]uint16 // glyphs of code points above U+FFFF
	ascent           int16
	descent          int16
	capHeight        int16
	bbox             [4]int16
	italic           float64
	psName           string
	family           string
}

// fontError is a font that cannot be used, said in words a user can act on.
type fontError string

func (e fontError) Error() string { return string(e) }

func u16(b []byte, i int) uint16 { return binary.BigEndian.Uint16(b[i:]) }
func u32(b []byte, i int) uint32 { return binary.BigEndian.Uint32(b[i:]) }

// parseSFNT reads a TrueType font. Every offset is bounds-checked: a damaged or hostile
// file is an error, never a panic.
func parseSFNT(data []byte) (*sfnt, error) {
	if len(data) < 12 {
		return nil, fontError("文件太短，不是字体文件")
	}
	switch v := u32(data, 0); v {
	case 0x00010000, 0x74727565: // 1.0, 'true'
	case 0x4F54544F: // 'OTTO'
		return nil, fontError("是 CFF (PostScript 轮廓) 的 OpenType 字体；reportc 只能嵌入 TrueType (glyf) 轮廓的字体")
	case 0x74746366: // 'ttcf'
		return nil, fontError("是字体集 (.ttc)；请用单个字体的 .ttf 文件")
	default:
		return nil, fontError("不是 TrueType 字体文件")
	}
	n := int(u16(data, 4))
	if 12+16*n > len(data) {
		return nil, fontError("表目录不完整（文件被截断？）")
	}
	f := &sfnt{data: data, tables: map[string][]byte{}}
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		off, ln := uint64(u32(rec, 8)), uint64(u32(rec, 12))
		if off+ln > uint64(len(data)) {
			return nil, fontError(fmt.Sprintf("表 %q 超出文件末尾（文件被截断？）", tag))
		}
		f.tables[tag] = data[off : off+ln]
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "cmap"} {
		if f.tables[tag] == nil {
			return nil, fontError(fmt.Sprintf("缺少必需的 %s 表", tag))
		}
	}
	if f.tables["glyf"] == nil || f.tables["loca"] == nil {
		return nil, fontError("没有 glyf/loca 表（不是 TrueType 轮廓）；reportc 只能嵌入 TrueType (glyf) 轮廓的字体")
	}
	f.hmtx, f.loca, f.glyf = f.tables["hmtx"], f.tables["loca"], f.tables["glyf"]
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, fontError("head/hhea/maxp 表太短")
	}
	f.upem = int(u16(head, 18))
	if f.upem < 16 || f.upem > 16384 {
		return nil, fontError(fmt.Sprintf("unitsPerEm = %d 不合理", f.upem))
	}
	for i := range f.bbox {
		f.bbox[i] = int16(u16(head, 36+2*i))
	}
	f.longLoca = u16(head, 50) == 1
	f.numGlyphs = int(u16(maxp, 4))
	f.ascent, f.descent = int16(u16(hhea, 4)), int16(u16(hhea, 6))
	f.capHeight = f.ascent
	f.nHMetrics = int(u16(hhea, 34))
	if f.numGlyphs == 0 || f.nHMetrics == 0 || f.nHMetrics > f.numGlyphs {
		return nil, fontError("字形数或水平度量数不合理")
	}
	if len(f.tables["hmtx"]) < 4*f.nHMetrics+2*(f.numGlyphs-f.nHMetrics) {
		return nil, fontError("hmtx 表太短")
	}
	locaLen := 2 * (f.numGlyphs + 1)
	if f.longLoca {
		locaLen *= 2
	}
	if len(f.tables["loca"]) < locaLen {
		return nil, fontError("loca 表太短")
	}
	if os2 := f.tables["OS/2"]; len(os2) >= 10 {
		fsType := u16(os2, 8)
		// Restricted licence embedding: bit 1 alone (no preview/editable/installable bit).
		if fsType&0x000E == 0x0002 {
			return nil, fontError("字体许可（OS/2 fsType）禁止嵌入，不能用于 PDF")
		}
		if len(os2) >= 90 && u16(os2, 0) >= 2 {
			if c := int16(u16(os2, 88)); c > 0 {
				f.capHeight = c
			}
		}
	}
	if post := f.tables["post"]; len(post) >= 8 {
		f.italic = float64(int32(u32(post, 4))) / 65536
	}
	f.psName = postScriptName(f.tables["name"])
	f.family = nameString(f.tables["name"], 16) // typographic family
	if f.family == "" {
		f.family = nameString(f.tables["name"], 1)
	}
	if err := f.parseCmap(); err != nil {
		return nil, err
	}
	return f, nil
}

// parseCmap merges every Unicode subtable of the formats reportc reads. Platform 0
// (Unicode) and 3 with encodings 1 (BMP) and 10 (full repertoire) are Unicode; formats
// 4 (BMP segments) and 12 (32-bit groups) carry nearly every real font's mapping.
// Where two subtables map the same code point, the first one in the file wins.
func (f *sfnt) parseCmap() error {
	cm := f.tables["cmap"]
	if len(cm) < 4 {
		return fontError("cmap 表太短")
	}
	f.bmp = make([]uint16, 0x10000)
	f.astral = map[rune]uint16{}
	// A hostile map could name the same huge range over and over: a bound on the work.
	budget := 4 << 20
	set := func(r rune, g uint32) bool {
		budget--
		if budget < 0 {
			return false
		}
		if g == 0 || int(g) >= f.numGlyphs || r < 0 || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000) {
			return true
		}
		if r < 0x10000 {
			if f.bmp[r] == 0 {
				f.bmp[r] = uint16(g)
			}
		} else if _, ok := f.astral[r]; !ok {
			f.astral[r] = uint16(g)
		}
		return true
	}
	n := int(u16(cm, 2))
	if 4+8*n > len(cm) {
		return fontError("cmap 表目录不完整")
	}
	used := 0
	seen := map[uint32]bool{}
	for i := 0; i < n; i++ {
		pid, eid, off := u16(cm, 4+8*i), u16(cm, 6+8*i), u32(cm, 8+8*i)
		if !(pid == 0 || pid == 3 && (eid == 1 || eid == 10)) {
			continue
		}
		if uint64(off)+4 > uint64(len(cm)) {
			return fontError("cmap 子表偏移超出表尾")
		}
		if seen[off] {
			continue
		}
		seen[off] = true
		sub := cm[off:]
		switch u16(sub, 0) {
		case 4:
			if err := cmap4(sub, set); err != nil {
				return err
			}
			used++
		case 12:
			if err := cmap12(sub, set); err != nil {
				return err
			}
			used++
		}
	}
	if used == 0 {
		return fontError("没有可读的 Unicode 字符映射（cmap 格式 4 或 12，平台 0 或 3/1、3/10）")
	}
	return nil
}

var errTooMany = fontError("cmap 表的映射多得不合理（文件损坏？）")

func cmap4(sub []byte, set func(rune, uint32) bool) error {
	if len(sub) < 14 {
		return fontError("cmap 格式 4 子表太短")
	}
	ln := int(u16(sub, 2))
	if ln > len(sub) || ln < 14 {
		ln = len(sub) // some fonts write a wrong length; the segments are checked below
	}
	sub = sub[:ln]
	segX2 := int(u16(sub, 6))
	if segX2%2 != 0 || 16+4*segX2 > len(sub) {
		return fontError("cmap 格式 4 子表的段数不合理")
	}
	ends, starts, deltas, ranges := 14, 16+segX2, 16+2*segX2, 16+3*segX2
	for s := 0; s < segX2; s += 2 {
		end, start := int(u16(sub, ends+s)), int(u16(sub, starts+s))
		delta, ro := u16(sub, deltas+s), int(u16(sub, ranges+s))
		for c := start; c <= end && c <= 0xFFFF; c++ {
			if c == 0xFFFF {
				break
			}
			var g uint16
			if ro == 0 {
				g = uint16(c) + delta
			} else {
				at := ranges + s + ro + 2*(c-start)
				if at+2 > len(sub) {
					return fontError("cmap 格式 4 子表的字形索引超出表尾")
				}
				g = u16(sub, at)
				if g != 0 {
					g += delta
				}
			}
			if !set(rune(c), uint32(g)) {
				return errTooMany
			}
		}
	}
	return nil
}

func cmap12(sub []byte, set func(rune, uint32) bool) error {
	if len(sub) < 16 {
		return fontError("cmap 格式 12 子表太短")
	}
	ng := uint64(u32(sub, 12))
	if 16+12*ng > uint64(len(sub)) {
		return fontError("cmap 格式 12 子表的组数超出表尾")
	}
	for i := 0; i < int(ng); i++ {
		g := sub[16+12*i:]
		start, end, gid := u32(g, 0), u32(g, 4), u32(g, 8)
		if end < start || end > 0x10FFFF {
			continue
		}
		for c := start; c <= end; c++ {
			if !set(rune(c), gid+(c-start)) {
				return errTooMany
			}
		}
	}
	return nil
}

// glyph returns the glyph index of r, 0 when the font lacks it.
func (f *sfnt) glyph(r rune) uint16 {
	if r >= 0 && r < 0x10000 {
		return f.bmp[r]
	}
	return f.astral[r]
}

// runes returns every code point the font maps, ascending.
func (f *sfnt) runes() []rune {
	var out []rune
	for r, g := range f.bmp {
		if g != 0 {
			out = append(out, rune(r))
		}
	}
	var hi []rune
	for r := range f.astral {
		hi = append(hi, r)
	}
	sort.Slice(hi, func(i, j int) bool { return hi[i] < hi[j] })
	return append(out, hi...)
}

// advance is the advance width of glyph g in font units.
func (f *sfnt) advance(g uint16) int {
	i := int(g)
	if i >= f.nHMetrics {
		i = f.nHMetrics - 1
	}
	return int(u16(f.hmtx, 4*i))
}

// lsb is the left side bearing of glyph g in font units.
func (f *sfnt) lsb(g uint16) int16 {
	i := int(g)
	hm := f.hmtx
	if i < f.nHMetrics {
		return int16(u16(hm, 4*i+2))
	}
	return int16(u16(hm, 4*f.nHMetrics+2*(i-f.nHMetrics)))
}

// glyphData returns the glyf bytes of glyph g (empty for a glyph without outline).
func (f *sfnt) glyphData(g uint16) ([]byte, error) {
	loca, glyf := f.loca, f.glyf
	var a, b uint32
	if f.longLoca {
		a, b = u32(loca, 4*int(g)), u32(loca, 4*int(g)+4)
	} else {
		a, b = 2*uint32(u16(loca, 2*int(g))), 2*uint32(u16(loca, 2*int(g)+2))
	}
	if a > b || uint64(b) > uint64(len(glyf)) {
		return nil, fontError(fmt.Sprintf("字形 %d 的位置超出 glyf 表", g))
	}
	return glyf[a:b], nil
}

// nameString reads name ID id in its Windows (UTF-16BE, platform 3) record, else
// Unicode (platform 0), else Macintosh Roman; "" when there is none.
func nameString(name []byte, id uint16) string {
	if len(name) < 6 {
		return ""
	}
	n, strOff := int(u16(name, 2)), int(u16(name, 4))
	best, bestRank := "", 0
	for i := 0; i < n && 6+12*i+12 <= len(name); i++ {
		r := name[6+12*i:]
		pid, lang, nid, ln, off := u16(r, 0), u16(r, 4), u16(r, 6), int(u16(r, 8)), int(u16(r, 10))
		if nid != id || strOff+off+ln > len(name) {
			continue
		}
		s := name[strOff+off : strOff+off+ln]
		var text string
		rank := 0
		switch pid {
		case 0, 3:
			u := make([]uint16, len(s)/2)
			for j := range u {
				u[j] = u16(s, 2*j)
			}
			text = string(utf16.Decode(u))
			rank = 2
			if pid == 3 && lang == 0x0409 { // English (US) first: Word matches it
				rank = 3
			}
		case 1:
			text = string(s) // close enough for the ASCII family names this is used for
			rank = 1
		}
		if rank > bestRank && strings.TrimSpace(text) != "" {
			best, bestRank = strings.TrimSpace(text), rank
		}
	}
	return best
}

// postScriptName reads name ID 6, the PostScript name, in its Windows (UTF-16BE) or
// Macintosh (Roman) record, keeping only characters allowed in a PDF font name.
func postScriptName(name []byte) string {
	if len(name) < 6 {
		return ""
	}
	n, strOff := int(u16(name, 2)), int(u16(name, 4))
	for i := 0; i < n && 6+12*i+12 <= len(name); i++ {
		r := name[6+12*i:]
		pid, id, ln, off := u16(r, 0), u16(r, 6), int(u16(r, 8)), int(u16(r, 10))
		if id != 6 || strOff+off+ln > len(name) {
			continue
		}
		s := name[strOff+off : strOff+off+ln]
		var out []byte
		step := 1
		if pid == 0 || pid == 3 {
			step = 2
		}
		for j := step - 1; j < len(s); j += step {
			c := s[j]
			if step == 2 && s[j-1] != 0 {
				continue
			}
			if c > 32 && c < 127 && !isDelim(c) {
				out = append(out, c)
			}
		}
		if len(out) > 0 {
			if len(out) > 60 {
				out = out[:60]
			}
			return string(out)
		}
	}
	return ""
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%', '#':
		return true
	}
	return false
}

// scale converts font units to thousandths of an em, as PDF font dictionaries use.
func (f *sfnt) scale(v int) float64 {
	return math.Round(float64(v)*1000/float64(f.upem)*1000) / 1000
}
