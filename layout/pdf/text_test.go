package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/layout"
)

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s not installed; run `make deps`", name)
	}
}

// rareBook is one page with the three name characters above U+FFFF in every role, and
// characters only the test fallback fonts have: Extension B from a font with a lone
// format 12 subtable, ♘ and Extension B from one with only Microsoft subtables.
func rareBook(t *testing.T) *layout.Book {
	t.Helper()
	fs, err := fonts.Load("../../fonts/testdata/extb-format12.ttf", "../../fonts/testdata/ms-only.ttf")
	if err != nil {
		t.Fatal(err)
	}
	b := &layout.Book{Width: 210, Height: 297, Fonts: fs, FirstBody: 0, Anchors: map[string]layout.Mark{}}
	p := &layout.Page{Index: 0, Label: "1"}
	y := 40.0
	for _, role := range []fonts.Role{fonts.Serif, fonts.SerifBold, fonts.Sans, fonts.SansBold} {
		p.Texts = append(p.Texts, layout.Glyphs{X: 30, Y: y, Text: "王𪨶李𫄧张𬌗", Style: layout.Style{Role: role, Size: 16}})
		y += 12
	}
	// Style.Fallback as the line breaker sets it, and once left to the writer.
	p.Texts = append(p.Texts,
		layout.Glyphs{X: 30, Y: y, Text: "\U00020001\U00020002", Style: layout.Style{Role: fonts.Serif, Size: 16, Fallback: 1}},
		layout.Glyphs{X: 80, Y: y, Text: "甲\U0002A6D6♘\U00020003", Style: layout.Style{Role: fonts.Sans, Size: 16}, Gray: 0.3})
	b.Pages = append(b.Pages, p)
	return b
}

// pdfStreams returns the decompressed streams of objects whose dictionary matches re.
func pdfStreams(t *testing.T, pdf []byte, re string) [][]byte {
	t.Helper()
	var out [][]byte
	m := regexp.MustCompile(`(?s)<<([^\n]*?` + re + `[^\n]*?)>>\nstream\n`)
	for _, loc := range m.FindAllSubmatchIndex(pdf, -1) {
		n := regexp.MustCompile(`/Length (\d+)`).FindSubmatch(pdf[loc[2]:loc[3]])
		if n == nil {
			t.Fatal("stream without /Length")
		}
		var ln int
		for _, c := range n[1] {
			ln = ln*10 + int(c-'0')
		}
		z, err := zlib.NewReader(bytes.NewReader(pdf[loc[1] : loc[1]+ln]))
		if err != nil {
			t.Fatal(err)
		}
		d, err := io.ReadAll(z)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

func TestSupplementaryCharactersPrint(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdffonts")
	needTool(t, "qpdf")
	needTool(t, "pdftoppm")
	info := Info{Title: "生僻字", Created: time.Date(2025, 2, 19, 0, 0, 0, 0, time.UTC)}
	a, err := Write(rareBook(t), info)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Write(rareBook(t), info)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, again) {
		t.Error("two writes of the same book differ")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "rare.pdf")
	os.WriteFile(path, a, 0o644)

	txt, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"王𪨶李𫄧张𬌗", "\U00020001\U00020002", "甲\U0002A6D6♘\U00020003"} {
		if n := strings.Count(string(txt), want); n == 0 {
			t.Errorf("pdftotext lacks %q:\n%s", want, txt)
		}
	}
	if n := strings.Count(string(txt), "王𪨶李𫄧张𬌗"); n != 4 {
		t.Errorf("name line extracted %d times, want 4 (one per role)", n)
	}

	out, err := exec.Command("pdffonts", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	subsetRE := regexp.MustCompile(`(?m)^[A-Z]{6}\+(\S+)\s+CID TrueType\s+Identity-H\s+yes yes yes`)
	var names []string
	for _, m := range subsetRE.FindAllStringSubmatch(string(out), -1) {
		names = append(names, m[1])
	}
	if got := strings.Join(names, " "); got != "NotoSerifSC NotoSerifSC-Bold NotoSansSC NotoSansSC-Bold Fallback1 Fallback2" {
		t.Errorf("embedded subset fonts: %s\n%s", got, out)
	}

	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}

	// The embedded fallback subsets carry the fallback fonts' own glyphs.
	var embedded []*fonts.Face
	for _, d := range pdfStreams(t, a, `/Length1 `) {
		f, err := fonts.Parse("embedded", d)
		if err != nil {
			t.Fatalf("embedded font does not parse: %v", err)
		}
		embedded = append(embedded, f)
	}
	if len(embedded) != 6 {
		t.Fatalf("%d embedded fonts, want 6", len(embedded))
	}
	fs := rareBook(t).Fonts
	for _, c := range []struct {
		r    rune
		src  *fonts.Face
		font int
	}{{0x2AA36, fs.Face(fonts.Serif), 0}, {0x2C317, fs.Face(fonts.SansBold), 3}, {0x20001, fs.Fallbacks()[0], 4}, {0x2A6D6, fs.Fallbacks()[0], 4}, {0x20003, fs.Fallbacks()[1], 5}} {
		e := embedded[c.font]
		if !e.Has(c.r) {
			t.Errorf("%U not in embedded font %d", c.r, c.font)
			continue
		}
		if glyphOutline(t, e, c.r) != glyphOutline(t, c.src, c.r) {
			t.Errorf("%U drawn with a glyph other than the source font's", c.r)
		}
	}

	// The ToUnicode maps hold surrogate pairs for characters above U+FFFF.
	cmaps := string(bytes.Join(pdfStreams(t, a, `/FlateDecode`), nil))
	for _, want := range []string{"<D86ADE36>", "<D840DC01>", "<2658>"} {
		if !strings.Contains(cmaps, want) {
			t.Errorf("no ToUnicode entry %s", want)
		}
	}

	// Look: the name characters are inked, not blank (.notdef of Noto is empty).
	if err := exec.Command("pdftoppm", "-r", "60", "-gray", path, filepath.Join(dir, "p")).Run(); err != nil {
		t.Fatal(err)
	}
	img, err := os.ReadFile(filepath.Join(dir, "p-1.pgm"))
	if err != nil {
		t.Fatal(err)
	}
	if dark := inkInBox(t, img, 30, 40-16*25.4/72, 30+6*16*25.4/72, 40+2); dark < 150 {
		t.Errorf("only %d dark pixels where the first name line is", dark)
	}
}

// inkInBox counts dark pixels of a 60 dpi PGM page in a box given in millimetres.
func inkInBox(t *testing.T, pgm []byte, x0, y0, x1, y1 float64) int {
	t.Helper()
	var w, h, max int
	var hdr int
	fields := 0
	for i := 2; fields < 3; {
		for pgm[i] == ' ' || pgm[i] == '\n' {
			i++
		}
		v := 0
		for pgm[i] >= '0' && pgm[i] <= '9' {
			v = v*10 + int(pgm[i]-'0')
			i++
		}
		switch fields {
		case 0:
			w = v
		case 1:
			h = v
		case 2:
			max = v
		}
		fields++
		hdr = i + 1
	}
	_ = max
	px := func(mm float64) int { return int(mm / 25.4 * 60) }
	n := 0
	for y := px(y0); y < px(y1) && y < h; y++ {
		for x := px(x0); x < px(x1) && x < w; x++ {
			if pgm[hdr+y*w+x] < 128 {
				n++
			}
		}
	}
	return n
}

func glyphOutline(t *testing.T, f *fonts.Face, r rune) string {
	t.Helper()
	tt := f.TruetypeFor(r)
	var gb glyphBuf
	if err := gb.load(tt, r); err != nil {
		t.Fatal(err)
	}
	return gb.String()
}

// glyphBuf loads a glyph outline with freetype, for comparing outlines.
type glyphBuf struct{ truetype.GlyphBuf }

func (g *glyphBuf) load(f *truetype.Font, r rune) error {
	return g.Load(f, fixed.Int26_6(f.FUnitsPerEm()), f.Index(r), font.HintingNone)
}

func (g *glyphBuf) String() string { return fmt.Sprint(g.Bounds, g.AdvanceWidth, g.Points, g.Ends) }

func TestRotatedRun(t *testing.T) {
	needTool(t, "pdftotext")
	b := rareBook(t)
	b.Pages[0].Texts = append(b.Pages[0].Texts, layout.Glyphs{X: 60, Y: 200, Text: "草稿𪨶", Style: layout.Style{Role: fonts.Sans, Size: 60}, Gray: 0.85, Angle: 45})
	a, err := Write(b, Info{})
	if err != nil {
		t.Fatal(err)
	}
	content := string(bytes.Join(pdfStreams(t, a, `/FlateDecode`), nil))
	if !strings.Contains(content, "0.707 0.707 -0.707 0.707 170.08 274.96 Tm") {
		t.Error("no rotated text matrix for the 45° run")
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	os.WriteFile(path, a, 0o644)
	txt, _ := exec.Command("pdftotext", path, "-").Output()
	if !strings.Contains(string(txt), "草") || !strings.Contains(string(txt), "𪨶") {
		t.Errorf("rotated run not extracted:\n%s", txt)
	}
}
