package fonts

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
)

// Subset is a TrueType font holding only the glyphs a document draws, ready to embed in
// a PDF as a CIDFontType2 font with Identity encoding: the glyph IDs of Font are the CIDs.
//
// Glyph 0 is .notdef; glyph i (1 ≤ i ≤ len(Runes)) draws Runes[i-1], one glyph per
// character even where the full font shares a glyph between two characters, so that a
// ToUnicode map from glyph to character is exact; glyphs after those are the components
// of composite glyphs.
type Subset struct {
	Name   string // PDF font name: six-letter tag, '+', the face's name
	Font   []byte // the subset TrueType file
	Runes  []rune // ascending
	Widths []float64
	// Font descriptor values, in thousandths of an em.
	Ascent, Descent, CapHeight float64
	BBox                       [4]float64
	ItalicAngle                float64
}

// GID returns the subset glyph of r, 0 when r is not in the subset.
func (s *Subset) GID(r rune) uint16 {
	i := sort.Search(len(s.Runes), func(i int) bool { return s.Runes[i] >= r })
	if i < len(s.Runes) && s.Runes[i] == r {
		return uint16(i + 1)
	}
	return 0
}

// PDFName is the name the face is embedded under (before the subset tag).
func (f *Face) PDFName() string {
	if f.Name != "" && !f.extra {
		return f.Name
	}
	if f.sf.psName != "" {
		return f.sf.psName
	}
	return f.Name
}

// Family is the font's family name from its name table ("Noto Serif SC", "HanaMinB"),
// as word processors know it; "" when the font has none. The DOCX can name it on runs
// that a fallback face draws.
func (f *Face) Family() string { return f.sf.family }

// Subset builds the subset of the face that draws runes (in any order, duplicates
// allowed). Runes the face lacks draw .notdef. The result depends only on the face and
// the set of runes, so identical documents embed identical bytes.
func (f *Face) Subset(runes []rune) (*Subset, error) {
	rs := slices.Clone(runes)
	slices.Sort(rs)
	uniq := rs[:0]
	for i, r := range rs {
		if i == 0 || r != rs[i-1] {
			uniq = append(uniq, r)
		}
	}
	if len(uniq) > 60000 {
		return nil, fmt.Errorf("字体 %s: 一份文档用到 %d 个不同字符，超过单个嵌入字体的上限", f.Name, len(uniq))
	}
	sf := f.sf
	// Old glyph of each new glyph: .notdef, one per rune, then composite components.
	old := make([]uint16, 1, len(uniq)+1)
	for _, r := range uniq {
		old = append(old, sf.glyph(r))
	}
	comp := map[uint16]uint16{} // old component glyph → new glyph
	datas := make([][]byte, 0, len(old))
	glyfLen := 0
	for i := 0; i < len(old); i++ {
		d, err := sf.glyphData(old[i])
		if err != nil {
			return nil, fmt.Errorf("字体 %s: %w", f.Name, err)
		}
		if len(d) >= 10 && int16(binary.BigEndian.Uint16(d)) < 0 {
			// Composite: renumber its components, adding them as glyphs of their own.
			d = bytes.Clone(d)
			err := walkComponents(d, func(at int) {
				og := binary.BigEndian.Uint16(d[at:])
				if int(og) >= sf.numGlyphs {
					og = 0
				}
				ng, ok := comp[og]
				if !ok {
					ng = uint16(len(old))
					old = append(old, og)
					comp[og] = ng
				}
				binary.BigEndian.PutUint16(d[at:], ng)
			})
			if err != nil {
				return nil, fmt.Errorf("字体 %s 字形 %d: %w", f.Name, old[i], err)
			}
		}
		datas = append(datas, d)
		glyfLen += (len(d) + 3) &^ 3
		if len(old) > 65535 {
			return nil, fmt.Errorf("字体 %s: 子集字形超过 65535 个", f.Name)
		}
	}
	n := len(old)

	// The three tables, each written into a slice of its final size.
	glyf := make([]byte, 0, glyfLen)
	loca := make([]byte, 0, 4*(n+1))
	hmtx := make([]byte, 0, 4*n)
	be := binary.BigEndian
	for i, d := range datas {
		loca = be.AppendUint32(loca, uint32(len(glyf)))
		glyf = append(glyf, d...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		hmtx = be.AppendUint16(hmtx, uint16(sf.advance(old[i])))
		hmtx = be.AppendUint16(hmtx, uint16(sf.lsb(old[i])))
	}
	loca = be.AppendUint32(loca, uint32(len(glyf)))

	head := bytes.Clone(sf.tables["head"][:54])
	be.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	be.PutUint16(head[50:], 1) // long loca
	hhea := bytes.Clone(sf.tables["hhea"][:36])
	be.PutUint16(hhea[34:], uint16(n))
	maxp := bytes.Clone(sf.tables["maxp"])
	be.PutUint16(maxp[4:], uint16(n))
	post := make([]byte, 32) // version 3: no glyph names
	be.PutUint32(post[0:], 0x00030000)
	if p := sf.tables["post"]; len(p) >= 32 {
		copy(post[4:16], p[4:16]) // italic angle, underline, fixed pitch
	}
	tables := map[string][]byte{
		"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx,
		"loca": loca, "glyf": glyf, "post": post,
		"cmap": subsetCmap(uniq),
	}
	for _, tag := range []string{"cvt ", "fpgm", "prep", "OS/2", "name"} {
		if t := sf.tables[tag]; t != nil {
			tables[tag] = t
		}
	}
	font := writeSFNT(tables)

	key := make([]byte, 0, len(f.PDFName())+4*len(uniq))
	key = append(key, f.PDFName()...)
	for _, r := range uniq {
		key = be.AppendUint32(key, uint32(r))
	}
	h := sha256.Sum256(key)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + h[i]%26
	}
	s := &Subset{
		Name: string(tag) + "+" + f.PDFName(), Font: font, Runes: uniq,
		Ascent: sf.scale(int(sf.ascent)), Descent: sf.scale(int(sf.descent)), CapHeight: sf.scale(int(sf.capHeight)),
		ItalicAngle: sf.italic,
	}
	for i, v := range sf.bbox {
		s.BBox[i] = sf.scale(int(v))
	}
	s.Widths = make([]float64, len(uniq)+1)
	for i := range s.Widths {
		s.Widths[i] = sf.scale(sf.advance(old[i]))
	}
	return s, nil
}

// walkComponents calls at for the offset of every component glyph index of composite
// glyph d.
func walkComponents(d []byte, at func(int)) error {
	const (
		argWords = 0x0001
		scale    = 0x0008
		more     = 0x0020
		xyScale  = 0x0040
		twoByTwo = 0x0080
	)
	p := 10
	for {
		if p+4 > len(d) {
			return fontError("复合字形被截断")
		}
		flags := binary.BigEndian.Uint16(d[p:])
		at(p + 2)
		p += 4
		if flags&argWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&scale != 0:
			p += 2
		case flags&xyScale != 0:
			p += 4
		case flags&twoByTwo != 0:
			p += 8
		}
		if flags&more == 0 {
			return nil
		}
	}
}

// subsetCmap is a (3,10) format 12 cmap of the subset: rune i maps to glyph i+1. PDF
// readers draw by glyph ID; the cmap is there for tools that inspect the embedded font.
func subsetCmap(runes []rune) []byte {
	type group struct{ start, end, gid uint32 }
	var gs []group
	for i, r := range runes {
		g := uint32(i + 1)
		if k := len(gs) - 1; k >= 0 && gs[k].end+1 == uint32(r) && gs[k].gid+(gs[k].end-gs[k].start)+1 == g {
			gs[k].end++
			continue
		}
		gs = append(gs, group{uint32(r), uint32(r), g})
	}
	be := binary.BigEndian
	b := make([]byte, 0, 12+16+12*len(gs))
	for _, v := range []uint16{0, 1, 3, 10} {
		b = be.AppendUint16(b, v)
	}
	b = be.AppendUint32(b, 12)
	b = be.AppendUint16(b, 12)
	b = be.AppendUint16(b, 0)
	for _, v := range []uint32{uint32(16 + 12*len(gs)), 0, uint32(len(gs))} {
		b = be.AppendUint32(b, v)
	}
	for _, g := range gs {
		b = be.AppendUint32(b, g.start)
		b = be.AppendUint32(b, g.end)
		b = be.AppendUint32(b, g.gid)
	}
	return b
}

// writeSFNT assembles a TrueType file from its tables, in tag order, 4-byte aligned,
// with table checksums and the head checksum adjustment. The file is written into a
// slice of its final size, and its checksum is the directory's plus the tables' (each
// table is summed once: zero padding adds nothing to a sum of words).
func writeSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 0
	for t, d := range tables {
		tags = append(tags, t)
		size += (len(d) + 3) &^ 3
	}
	slices.Sort(tags)
	n := len(tags)
	sel := 0
	for 1<<(sel+1) <= n {
		sel++
	}
	be := binary.BigEndian
	dir := 12 + 16*n
	b := make([]byte, 0, dir+size)
	b = be.AppendUint32(b, 0x00010000)
	for _, v := range []uint16{uint16(n), uint16(16 << sel), uint16(sel), uint16(16*n - 16<<sel)} {
		b = be.AppendUint16(b, v)
	}
	off := dir
	headAt := -1
	var total uint32
	for _, t := range tags {
		d := tables[t]
		if t == "head" {
			headAt = off
		}
		sum := checksum(d)
		total += sum
		b = append(b, t...)
		b = be.AppendUint32(b, sum)
		b = be.AppendUint32(b, uint32(off))
		b = be.AppendUint32(b, uint32(len(d)))
		off += (len(d) + 3) &^ 3
	}
	total += checksum(b)
	for _, t := range tags {
		b = append(b, tables[t]...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
	}
	if headAt >= 0 {
		be.PutUint32(b[headAt+8:], 0xB1B0AFBA-total)
	}
	return b
}

// checksum is the TrueType table checksum: the sum of d's big-endian 32-bit words,
// the last one padded with zeros.
func checksum(d []byte) uint32 {
	var s uint32
	i := 0
	for ; i+4 <= len(d); i += 4 {
		s += binary.BigEndian.Uint32(d[i:])
	}
	if i < len(d) {
		var w [4]byte
		copy(w[:], d[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}
