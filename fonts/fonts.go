// Package fonts holds the embedded Noto Serif SC / Noto Sans SC TrueType fonts, measures
// text with their real advance widths, and checks that every character of a document is
// covered by the font chain.
package fonts

import (
	_ "embed"
	"fmt"
	"os"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
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

// Face is one parsed TrueType font.
type Face struct {
	Name string // family name used when registering the face with the PDF writer
	Data []byte // the TrueType file
	font *truetype.Font
	upem float64
}

// Has reports whether the face maps r to a glyph.
func (f *Face) Has(r rune) bool { return f.font.Index(r) != 0 }

// Advance returns the advance width of r in points at the given size.
func (f *Face) Advance(r rune, size float64) float64 {
	idx := f.font.Index(r)
	hm := f.font.HMetric(fixed.Int26_6(f.upem), idx)
	return float64(hm.AdvanceWidth) / f.upem * size
}

// Truetype exposes the parsed font, for chart drawing.
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

func parse(name string, data []byte) (*Face, error) {
	f, err := truetype.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", name, err)
	}
	return &Face{Name: name, Data: data, font: f, upem: float64(f.FUnitsPerEm())}, nil
}

// Load parses the embedded fonts and any extra TrueType files (fallbacks, in order).
func Load(extra ...string) (*Set, error) {
	s := &Set{}
	embedded := []struct {
		role Role
		name string
		data []byte
	}{
		{Serif, "NotoSerifSC", serifRegular},
		{SerifBold, "NotoSerifSC-Bold", serifBold},
		{Sans, "NotoSansSC", sansRegular},
		{SansBold, "NotoSansSC-Bold", sansBold},
	}
	for _, e := range embedded {
		f, err := parse(e.name, e.data)
		if err != nil {
			return nil, err
		}
		s.faces[e.role] = f
	}
	for i, path := range extra {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("字体文件 %s: %w", path, err)
		}
		f, err := parse(fmt.Sprintf("Extra%d", i+1), data)
		if err != nil {
			return nil, fmt.Errorf("字体文件 %s 不是 TrueType (glyf) 字体: %w", path, err)
		}
		s.fallbacks = append(s.fallbacks, f)
	}
	return s, nil
}

// Metrics returns ascent and descent (positive, in points) of a face at size.
func (f *Face) Metrics(size float64) (ascent, descent float64) {
	face := truetype.NewFace(f.font, &truetype.Options{Size: size, DPI: 72, Hinting: font.HintingNone})
	m := face.Metrics()
	return float64(m.Ascent) / 64, float64(m.Descent) / 64
}
