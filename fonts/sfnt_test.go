package fonts

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

var update = flag.Bool("update", false, "rewrite the test fonts under testdata/")

// The characters of personal names above U+FFFF that the bundled faces draw.
var nameChars = []rune{0x2AA36, 0x2B127, 0x2C317} // 𪨶 𫄧 𬌗

func TestSupplementaryCoverage(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for role := Serif; role < numRoles; role++ {
		f := s.Face(role)
		for _, r := range nameChars {
			if !f.Has(r) || !s.Covers(role, r) {
				t.Errorf("%v: %U %c not covered", role, r, r)
			}
			if got := f.Advance(r, 12); got != 12 {
				t.Errorf("%v: advance of %c = %v, want 12", role, r, got)
			}
		}
		han := 0
		for _, r := range f.sf.runes() {
			if r >= 0x20000 && r < 0x40000 {
				han++
			}
		}
		if han < 217 {
			t.Errorf("%v: %d Han characters above U+FFFF, want the 217 or more Noto SC has", role, han)
		}
	}
	// The faces are parsed once per process and shared.
	s2, _ := Load()
	if s2.Face(Serif) != s.Face(Serif) {
		t.Error("Load parsed the embedded faces again")
	}
}

// cmapSub describes a cmap subtable of a test font.
type cmapSub struct {
	pid, eid, format uint16
}

// buildCmap writes a cmap table with the given subtables for the map m (rune → glyph).
// Format 4 subtables hold only the BMP part of m.
func buildCmap(m map[rune]uint16, subs []cmapSub) []byte {
	var runes []rune
	for r := range m {
		runes = append(runes, r)
	}
	sortRunes(runes)
	be := binary.BigEndian
	var bodies [][]byte
	for _, s := range subs {
		var b bytes.Buffer
		switch s.format {
		case 4:
			var bmp []rune
			for _, r := range runes {
				if r < 0xFFFF {
					bmp = append(bmp, r)
				}
			}
			seg := len(bmp) + 1
			binary.Write(&b, be, []uint16{4, uint16(16 + 8*seg), 0, uint16(2 * seg), 0, 0, 0})
			for _, r := range bmp {
				binary.Write(&b, be, uint16(r))
			}
			binary.Write(&b, be, []uint16{0xFFFF, 0})
			for _, r := range bmp {
				binary.Write(&b, be, uint16(r))
			}
			binary.Write(&b, be, uint16(0xFFFF))
			for _, r := range bmp {
				binary.Write(&b, be, m[r]-uint16(r))
			}
			binary.Write(&b, be, uint16(1))
			for range seg {
				binary.Write(&b, be, uint16(0))
			}
		case 12:
			binary.Write(&b, be, []uint16{12, 0})
			binary.Write(&b, be, []uint32{uint32(16 + 12*len(runes)), 0, uint32(len(runes))})
			for _, r := range runes {
				binary.Write(&b, be, []uint32{uint32(r), uint32(r), uint32(m[r])})
			}
		case 0: // Macintosh Roman byte encoding: not Unicode, never read
			binary.Write(&b, be, []uint16{0, 262, 0})
			b.Write(make([]byte, 256))
		}
		bodies = append(bodies, b.Bytes())
	}
	var out bytes.Buffer
	binary.Write(&out, be, []uint16{0, uint16(len(subs))})
	off := 4 + 8*len(subs)
	for i, s := range subs {
		binary.Write(&out, be, []uint16{s.pid, s.eid})
		binary.Write(&out, be, uint32(off))
		off += len(bodies[i])
	}
	for _, b := range bodies {
		out.Write(b)
	}
	return out.Bytes()
}

func sortRunes(rs []rune) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j] < rs[j-1]; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// testFont builds a TrueType font that draws to[i] with the Noto Serif SC glyph of
// from[i], its cmap made of subs. The glyphs are borrowed: the fonts test the font
// machinery, not the shapes.
func testFont(t *testing.T, from, to []rune, subs []cmapSub) []byte {
	t.Helper()
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	sub, err := s.Face(Serif).Subset(from)
	if err != nil {
		t.Fatal(err)
	}
	sf, err := parseSFNT(sub.Font)
	if err != nil {
		t.Fatal(err)
	}
	m := map[rune]uint16{}
	for i, r := range from {
		m[to[i]] = sub.GID(r)
	}
	tables := map[string][]byte{}
	for tag, d := range sf.tables {
		if tag != "name" { // not Noto any more
			tables[tag] = d
		}
	}
	tables["cmap"] = buildCmap(m, subs)
	return writeSFNT(tables)
}

// The test fonts in testdata, rebuilt with -update; the test checks that they are what
// the builder makes, so they can always be regenerated.
var testFonts = []struct {
	file     string
	from, to []rune
	subs     []cmapSub
}{
	// Extension B characters Noto SC lacks, in a lone (3,10) format 12 subtable, the way
	// fontTools, BabelStone Han and HanaMin lay them out.
	{"extb-format12.ttf", []rune("甲乙丙"), []rune{0x20001, 0x20002, 0x2A6D6}, []cmapSub{{3, 10, 12}}},
	// Only Microsoft subtables (3,1 format 4 and 3,10 format 12): a BMP symbol and an
	// Extension B character that Noto SC lacks.
	{"ms-only.ttf", []rune("丁七"), []rune{0x2658, 0x20003}, []cmapSub{{3, 1, 4}, {3, 10, 12}}},
}

func TestTestFonts(t *testing.T) {
	for _, tf := range testFonts {
		got := testFont(t, tf.from, tf.to, tf.subs)
		path := filepath.Join("testdata", tf.file)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./fonts -run TestTestFonts -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what testFont builds; rerun with -update", path)
		}
	}
}

func TestFallbackFormat12AndMicrosoftOnly(t *testing.T) {
	s, err := Load("testdata/extb-format12.ttf", "testdata/ms-only.ttf")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		r rune
		k int
	}{{0x20001, 1}, {0x2A6D6, 1}, {0x2658, 2}, {0x20003, 2}, {'中', 0}, {0x2AA36, 0}, {0x20004, -1}} {
		for _, role := range []Role{Serif, SansBold} {
			if got := s.FallbackIndex(role, c.r); got != c.k {
				t.Errorf("%v: FallbackIndex(%U) = %d, want %d", role, c.r, got, c.k)
			}
		}
	}
	fb := s.Fallbacks()[0]
	if got := fb.Advance(0x20001, 10); got != 10 {
		t.Errorf("advance of U+20001 = %v, want 10", got)
	}
	// Charts draw with freetype: it must find the same glyph.
	if fb.TruetypeFor(0x2A6D6).Index(0x2A6D6) == 0 {
		t.Error("freetype does not find U+2A6D6 in the format 12 font")
	}
	if s.Face(Sans).TruetypeFor(0x2AA36).Index(0x2AA36) == 0 {
		t.Error("freetype does not find U+2AA36 in Noto Sans SC")
	}
	if s.Face(Sans).TruetypeFor('中') != s.Face(Sans).Truetype() {
		t.Error("BMP characters should use the font as parsed")
	}
}

func TestSubsetRoundTrip(t *testing.T) {
	s, err := Load(dejavu)
	if err != nil {
		t.Fatal(err)
	}
	sample := []rune("株洲市中等职业学校2024年，（表1-1）“引号”——%ÅéﬁAVfi ")
	sample = append(sample, nameChars...)
	faces := append([]*Face{s.Face(Serif), s.Face(SerifBold), s.Face(Sans), s.Face(SansBold)}, s.Fallbacks()...)
	for _, f := range faces {
		var rs []rune
		seen := map[rune]bool{}
		for _, r := range sample {
			if f.Has(r) && !seen[r] {
				seen[r] = true
				rs = append(rs, r)
			}
		}
		sub, err := f.Subset(append(rs, rs[0], rs[1])) // duplicates are allowed
		if err != nil {
			t.Fatal(err)
		}
		again, _ := f.Subset(rs)
		if !bytes.Equal(sub.Font, again.Font) || sub.Name != again.Name {
			t.Errorf("%s: subset not deterministic", f.Name)
		}
		tag, name, ok := strings.Cut(sub.Name, "+")
		if !ok || len(tag) != 6 || strings.Trim(tag, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" || name != f.PDFName() {
			t.Errorf("subset name %q, want ABCDEF+%s", sub.Name, f.PDFName())
		}
		other, _ := f.Subset(rs[1:])
		if other.Name[:6] == tag {
			t.Errorf("%s: different glyph sets share the tag %s", f.Name, tag)
		}
		if checksum(sub.Font) != 0xB1B0AFBA {
			t.Errorf("%s: font checksum adjustment wrong", f.Name)
		}
		g, err := Parse("subset", sub.Font)
		if err != nil {
			t.Fatalf("%s: subset does not parse: %v", f.Name, err)
		}
		if len(sub.Runes) != len(rs) {
			t.Errorf("%s: %d runes in subset, want %d", f.Name, len(sub.Runes), len(rs))
		}
		for i, r := range sub.Runes {
			gid := uint16(i + 1)
			if sub.GID(r) != gid || g.sf.glyph(r) != gid {
				t.Errorf("%s: %U is glyph %d / %d in the subset, want %d", f.Name, r, sub.GID(r), g.sf.glyph(r), gid)
			}
			if g.sf.advance(gid) != f.sf.advance(f.sf.glyph(r)) {
				t.Errorf("%s: advance of %U changed", f.Name, r)
			}
			if w := sub.Widths[gid]; w != f.sf.scale(f.sf.advance(f.sf.glyph(r))) {
				t.Errorf("%s: width of %U = %v", f.Name, r, w)
			}
			// Same outline, point for point, as freetype loads it.
			a, b := loadGlyph(t, f, r), loadGlyph(t, g, r)
			if a != b {
				t.Errorf("%s: outline of %U changed", f.Name, r)
			}
		}
		if sub.GID('\U0001F600') != 0 {
			t.Error("a rune outside the subset must be glyph 0")
		}
	}
}

func loadGlyph(t *testing.T, f *Face, r rune) string {
	t.Helper()
	tt := f.TruetypeFor(r)
	var gb truetypeGlyphBuf
	if err := gb.load(tt, r); err != nil {
		t.Fatal(err)
	}
	return gb.String()
}

func TestUnusableFonts(t *testing.T) {
	good, err := os.ReadFile("testdata/ms-only.ttf")
	if err != nil {
		t.Fatal(err)
	}
	sf, err := parseSFNT(good)
	if err != nil {
		t.Fatal(err)
	}
	with := func(tag string, d []byte) []byte {
		tables := map[string][]byte{}
		for k, v := range sf.tables {
			tables[k] = v
		}
		if d == nil {
			delete(tables, tag)
		} else {
			tables[tag] = d
		}
		return writeSFNT(tables)
	}
	os2 := make([]byte, 96)
	binary.BigEndian.PutUint16(os2[8:], 0x0002)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"CFF", append([]byte("OTTO"), good[4:]...), "CFF"},
		{"collection", append([]byte("ttcf"), good[4:]...), ".ttc"},
		{"text", []byte("just some text, not a font"), "不是 TrueType"},
		{"no glyf", with("glyf", nil), "glyf"},
		{"no cmap", with("cmap", nil), "cmap"},
		{"Mac Roman only", with("cmap", buildCmap(map[rune]uint16{'A': 1}, []cmapSub{{1, 0, 0}})), "没有可读的 Unicode 字符映射"},
		{"restricted licence", with("OS/2", os2), "禁止嵌入"},
		{"truncated", good[:len(good)/2], "超出文件末尾"},
	} {
		_, err := Parse(c.name, c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
	// Every prefix of a font and every single-byte corruption of its directory and
	// cmap is an error or a usable font, never a panic.
	for n := 0; n < len(good); n += 7 {
		if f, err := Parse("prefix", good[:n]); err == nil {
			if _, err := f.Subset([]rune{0x2658}); err != nil {
				t.Errorf("prefix %d parses but cannot be subset: %v", n, err)
			}
		}
	}
	for i := 0; i < 600 && i < len(good); i++ {
		bad := bytes.Clone(good)
		bad[i] ^= 0xFF
		if f, err := Parse("flip", bad); err == nil {
			f.Subset([]rune{0x2658, 0x20003})
		}
	}
}

func TestLoadReportsEveryBadFont(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ttf")
	os.WriteFile(bad, []byte("not a font"), 0o644)
	_, err := Load("testdata/ms-only.ttf", bad, filepath.Join(dir, "missing.ttf"))
	if err == nil {
		t.Fatal("want errors")
	}
	var idx []int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *FontError
		if !errors.As(e, &fe) {
			t.Fatalf("%v is not a FontError", e)
		}
		idx = append(idx, fe.Index)
	}
	if len(idx) != 2 || idx[0] != 1 || idx[1] != 2 {
		t.Errorf("errors for fonts %v, want [1 2]", idx)
	}
	if !strings.Contains(err.Error(), "不存在") {
		t.Errorf("missing file: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/ms-only.ttf", "testdata/extb-format12.ttf"} {
		d, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(d)
	}
	f.Add([]byte("OTTO"))
	f.Fuzz(func(t *testing.T, data []byte) {
		face, err := Parse("fuzz", data)
		if err != nil {
			return
		}
		face.Subset([]rune{'A', 0x2658, 0x20003})
		face.Advance('A', 12)
	})
}

// truetypeGlyphBuf loads a glyph outline with freetype, for comparing outlines.
type truetypeGlyphBuf struct{ truetype.GlyphBuf }

func (g *truetypeGlyphBuf) load(f *truetype.Font, r rune) error {
	return g.Load(f, fixed.Int26_6(f.FUnitsPerEm()), f.Index(r), font.HintingNone)
}

func (g *truetypeGlyphBuf) String() string {
	return fmt.Sprint(g.Bounds, g.AdvanceWidth, g.Points, g.Ends)
}

// The bundled faces skip the glyph validation at load; this is it, so that they too are
// known to subset without error.
func TestBundledFacesValidate(t *testing.T) {
	for _, d := range [][]byte{serifRegular, serifBold, sansRegular, sansBold} {
		if _, err := Parse("bundled", d); err != nil {
			t.Error(err)
		}
	}
}

func TestFamily(t *testing.T) {
	s, err := Load(dejavu)
	if err != nil {
		t.Fatal(err)
	}
	for role, want := range map[Role]string{Serif: "Noto Serif SC", SerifBold: "Noto Serif SC", Sans: "Noto Sans SC", SansBold: "Noto Sans SC"} {
		if got := s.Face(role).Family(); got != want {
			t.Errorf("%v: family %q, want %q", role, got, want)
		}
	}
	if got := s.Fallbacks()[0].Family(); got != "DejaVu Sans" {
		t.Errorf("DejaVu family %q", got)
	}
}

func TestTruetypeComplete(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tt := s.Face(Sans).TruetypeComplete()
	for _, r := range append([]rune("株洲"), nameChars...) {
		if tt.Index(r) == 0 {
			t.Errorf("%c missing from the complete freetype font", r)
		}
	}
}

// BenchmarkSubset subsets the body face to every character of the example's chapters,
// as the PDF writer does for each face a report uses.
func BenchmarkSubset(b *testing.B) {
	fs, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob("../data/2024/chapters/*.md")
	var rs []rune
	for _, p := range files {
		t, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		rs = append(rs, []rune(string(t))...)
	}
	if len(rs) == 0 {
		b.Fatal("no example chapters")
	}
	face := fs.StyleFace(Serif, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := face.Subset(rs); err != nil {
			b.Fatal(err)
		}
	}
}
