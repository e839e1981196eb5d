// Package fonts holds the embedded Noto Serif SC / Noto Sans SC TrueType fonts, measures
// text with their real advance widths, checks that every character of a document is
// covered by the font chain, and cuts the subsets the PDF embeds.
//
// Each font is read by reportc's own TrueType reader (sfnt.go): the complete Unicode
// cmap (formats 4 and 12 of the 0/x, 3/1 and 3/10 subtables), so that characters above
// U+FFFF, such as 𪨶 U+2AA36 in personal names, count as covered exactly when a face of
// the chain draws them. The PDF writer draws every face from a Subset (subset.go): a
// TrueType file cut from the same parsed face, its glyph IDs used as CIDs (Identity-H),
// so nothing re-parses the font per build. This replaces gofpdf's own font embedding,
// which reads only the format 4 cmap, encodes text as UTF-16 code units equal to the CID
// and therefore cannot draw anything above U+FFFF (and panics on fonts whose cmap has
// only Microsoft subtables). Drawing outlines with /ActualText was the other remedy; a
// real subset font keeps the text selectable, searchable and small.
//
// The four embedded faces are parsed once per process and shared by every report of a
// batch: they are immutable after parsing.
package fonts

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
)

//go:embed NotoSerifSC_400Regular.ttf
var serifRegular []byte

//go:embed NotoSerifSC_700Bold.ttf
var serifBold []byte

//go:embed NotoSansSC_400Regular.ttf
var sansRegular []byte

//go:embed NotoSansSC_700Bold.ttf
var sansBold []byte

// Role names the typographic role a face plays in the report.
type Role int

const (
	Serif     Role = iota // body text (宋体 role)
	SerifBold             // bold body text
	Sans                  // headings, captions, tables (黑体 role)
	SansBold              // bold headings
	numRoles
)

func (r Role) String() string {
	return [...]string{"serif", "serif-bold", "sans", "sans-bold"}[r]
}

// Face is one parsed TrueType font. A Face is immutable and safe for concurrent use.
type Face struct {
	Name  string // the face's name in the PDF (after the subset tag) for the embedded faces
	Data  []byte // the TrueType file
	extra bool   // a fallback font from settings.fonts
	sf    *sfnt
	upem  float64

	font         *truetype.Font // for charts; see TruetypeFor
	completeOnce sync.Once
	complete     bool // font maps every rune as sf does (isComplete; worked out when charts first ask)
	fullOnce     sync.Once
	fullFont     *truetype.Font
	fullErr      error
}

// Has reports whether the face maps r to a glyph.
func (f *Face) Has(r rune) bool { return f.sf.glyph(r) != 0 }

// Advance returns the advance width of r in points at the given size.
func (f *Face) Advance(r rune, size float64) float64 {
	return float64(f.sf.advance(f.sf.glyph(r))) / f.upem * size
}

// Truetype exposes the parsed font, for chart drawing. Characters above U+FFFF may need
// TruetypeFor.
func (f *Face) Truetype() *truetype.Font { return f.font }

// Set is the font chain of a report: one face per role, plus fallbacks that are tried in
// order for characters the role's face lacks.
type Set struct {
	faces     [numRoles]*Face
	fallbacks []*Face
}

// Face returns the face for a role.
func (s *Set) Face(r Role) *Face { return s.faces[r] }

// Fallbacks returns the extra faces named in the report settings.
func (s *Set) Fallbacks() []*Face { return s.fallbacks }

// FaceFor returns the face that draws r in role, falling back through the chain.
// It returns nil when no face has r.
func (s *Set) FaceFor(role Role, r rune) *Face {
	if f := s.faces[role]; f.Has(r) {
		return f
	}
	for _, f := range s.fallbacks {
		if f.Has(r) {
			return f
		}
	}
	return nil
}

// FallbackIndex returns 0 when the role's face has r, k when the k-th fallback face
// (1-based) has it, and -1 when no face has it.
func (s *Set) FallbackIndex(role Role, r rune) int {
	if s.faces[role].Has(r) {
		return 0
	}
	for i, f := range s.fallbacks {
		if f.Has(r) {
			return i + 1
		}
	}
	return -1
}

// StyleFace returns the face for a role, or the k-th fallback face when k > 0.
func (s *Set) StyleFace(role Role, k int) *Face {
	if k > 0 && k <= len(s.fallbacks) {
		return s.fallbacks[k-1]
	}
	return s.faces[role]
}

// Covers reports whether some face of the chain draws r in the given role.
func (s *Set) Covers(role Role, r rune) bool { return s.FaceFor(role, r) != nil }

// Parse reads a TrueType font. Anything that would keep reportc from measuring, checking
// or embedding it is an error here, so that a font that loads always builds.
func Parse(name string, data []byte) (*Face, error) { return parse(name, data, true) }

// parse reads a font; validate checks every glyph (skipped for the bundled faces, whose
// glyphs the tests check: reading them all would touch every page of 50 MB per process).
func parse(name string, data []byte, validate bool) (f *Face, err error) {
	defer func() {
		// The readers bounds-check every offset; this is the last line of defence
		// for a hostile file, so that a bad font is an error and never a crash.
		if p := recover(); p != nil {
			f, err = nil, fontError(fmt.Sprintf("字体文件损坏（%v）", p))
		}
	}()
	sf, err := parseSFNT(data)
	if err != nil {
		return nil, err
	}
	// Every glyph must be readable, composite ones down to their components, so that
	// subsetting cannot fail later.
	for g := 0; validate && g < sf.numGlyphs; g++ {
		d, err := sf.glyphData(uint16(g))
		if err != nil {
			return nil, err
		}
		if len(d) > 0 && len(d) < 10 {
			return nil, fontError(fmt.Sprintf("字形 %d 的数据太短", g))
		}
		if len(d) >= 10 && int16(binary.BigEndian.Uint16(d)) < 0 {
			if err := walkComponents(d, func(int) {}); err != nil {
				return nil, fontError(fmt.Sprintf("字形 %d: %v", g, err))
			}
		}
	}
	f = &Face{Name: name, Data: data, sf: sf, upem: float64(sf.upem)}
	// The chart renderer draws with freetype, which reads a single cmap subtable. Where
	// that subtable is not the whole map (Noto's first Unicode subtable is the BMP-only
	// format 4) or freetype cannot read the file as it is, charts get the same file with
	// reportc's merged map as its one (3,10) subtable, built when first needed.
	if tt, err := truetype.Parse(data); err == nil {
		f.font = tt
	} else {
		if _, err := f.full(); err != nil {
			return nil, fontError(fmt.Sprintf("字体的字形数据读不了（%v）", err))
		}
		f.font = f.fullFont
		f.completeOnce.Do(func() { f.complete = true })
	}
	return f, nil
}

// isComplete reports whether freetype's reading of the file maps every character as
// reportc's merged map does. Comparing the two over the whole font costs more than
// anything else in loading it, so it is done when a chart first draws with the face,
// not on every build (most builds draw their charts from the cache).
func (f *Face) isComplete() bool {
	f.completeOnce.Do(func() {
		f.complete = true
		for _, r := range f.sf.runes() {
			if f.font.Index(r) != truetype.Index(f.sf.glyph(r)) {
				f.complete = false
				return
			}
		}
	})
	return f.complete
}

// full parses, once, the font with reportc's merged cmap for freetype.
func (f *Face) full() (*truetype.Font, error) {
	f.fullOnce.Do(func() { f.fullFont, f.fullErr = truetype.Parse(withCmap(f.Data, f.sf)) })
	return f.fullFont, f.fullErr
}

// TruetypeComplete returns a freetype font that maps every character Has reports, for
// drawing whole strings (placeholder captions) with one font.
func (f *Face) TruetypeComplete() *truetype.Font {
	if f.isComplete() {
		return f.font
	}
	if tt, err := f.full(); err == nil {
		return tt
	}
	return f.font
}

// TruetypeFor returns a freetype font that draws r with the glyph Has and Advance use.
func (f *Face) TruetypeFor(r rune) *truetype.Font {
	if f.font.Index(r) == truetype.Index(f.sf.glyph(r)) {
		return f.font
	}
	if tt, err := f.full(); err == nil {
		return tt
	}
	return f.font
}

// withCmap returns a copy of the font file whose table directory points its cmap at a
// single format 12 subtable holding the complete merged map.
func withCmap(data []byte, sf *sfnt) []byte {
	runes := sf.runes()
	type group struct{ start, end, gid uint32 }
	var gs []group
	for _, r := range runes {
		g := uint32(sf.glyph(r))
		if k := len(gs) - 1; k >= 0 && gs[k].end+1 == uint32(r) && gs[k].gid+(gs[k].end-gs[k].start)+1 == g {
			gs[k].end++
			continue
		}
		gs = append(gs, group{uint32(r), uint32(r), g})
	}
	be := binary.BigEndian
	var cm bytes.Buffer
	binary.Write(&cm, be, []uint16{0, 1, 3, 10})
	binary.Write(&cm, be, uint32(12))
	binary.Write(&cm, be, []uint16{12, 0})
	binary.Write(&cm, be, []uint32{uint32(16 + 12*len(gs)), 0, uint32(len(gs))})
	for _, g := range gs {
		binary.Write(&cm, be, []uint32{g.start, g.end, g.gid})
	}
	n := int(u16(data, 4))
	dir := 12 + 16*n
	shift := uint32((dir + 3) &^ 3)
	out := make([]byte, int(shift)+len(data)+cm.Len())
	copy(out, data[:12])
	cmapAt := uint32(len(out) - cm.Len())
	for i := 0; i < n; i++ {
		rec := out[12+16*i:]
		copy(rec, data[12+16*i:12+16*i+16])
		if string(rec[:4]) == "cmap" {
			be.PutUint32(rec[8:], cmapAt)
			be.PutUint32(rec[12:], uint32(cm.Len()))
		} else {
			be.PutUint32(rec[8:], u32(rec, 8)+shift)
		}
	}
	copy(out[shift:], data)
	copy(out[cmapAt:], cm.Bytes())
	return out
}

// embeddedFaces parses the four bundled faces once per process; every Set shares them.
var embeddedFaces = sync.OnceValues(func() ([numRoles]*Face, error) {
	var faces [numRoles]*Face
	for _, e := range []struct {
		role Role
		name string
		data []byte
	}{
		{Serif, "NotoSerifSC", serifRegular},
		{SerifBold, "NotoSerifSC-Bold", serifBold},
		{Sans, "NotoSansSC", sansRegular},
		{SansBold, "NotoSansSC-Bold", sansBold},
	} {
		f, err := parse(e.name, e.data, false)
		if err != nil {
			return faces, fmt.Errorf("内置字体 %s: %w", e.name, err)
		}
		faces[e.role] = f
	}
	return faces, nil
})

// FontError is a fallback font from settings.fonts that cannot be used. Index is its
// position in the list (0-based), so that the caller can name the report.yaml line.
type FontError struct {
	Index int
	Path  string
	Err   error
}

func (e *FontError) Error() string {
	return fmt.Sprintf("字体文件 %s %v", e.Path, e.Err)
}

func (e *FontError) Unwrap() error { return e.Err }

// Load returns the embedded fonts (parsed once per process) followed by the extra
// TrueType files as fallbacks, in order. Every unusable extra file is reported, as a
// *FontError each, joined.
func Load(extra ...string) (*Set, error) {
	faces, err := embeddedFaces()
	if err != nil {
		return nil, err
	}
	s := &Set{faces: faces}
	var errs []error
	for i, path := range extra {
		data, err := os.ReadFile(path)
		if err != nil {
			msg := fmt.Sprintf("读不到：%v", err)
			if errors.Is(err, fs.ErrNotExist) {
				msg = "不存在"
			}
			errs = append(errs, &FontError{i, path, fontError(msg)})
			continue
		}
		f, err := Parse(fmt.Sprintf("Fallback%d", i+1), data)
		if err != nil {
			errs = append(errs, &FontError{i, path, fmt.Errorf("不能用：%w", err)})
			continue
		}
		f.extra = true
		s.fallbacks = append(s.fallbacks, f)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// Metrics returns ascent and descent (positive, in points) of a face at size.
func (f *Face) Metrics(size float64) (ascent, descent float64) {
	face := truetype.NewFace(f.font, &truetype.Options{Size: size, DPI: 72, Hinting: font.HintingNone})
	m := face.Metrics()
	return float64(m.Ascent) / 64, float64(m.Descent) / 64
}
