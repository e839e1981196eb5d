package pdf

import (
	"bytes"
	"fmt"
	"math"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/layout"
)

// DraftMark is the text of the draft watermark.
const DraftMark = "草稿"

// draftInfo marks the document information of a draft: the title and keywords say 草稿.
func draftInfo(info Info) Info {
	if !info.Draft {
		return info
	}
	info.Title += "（" + DraftMark + "）"
	if info.Keywords != "" {
		info.Keywords += ", "
	}
	info.Keywords += DraftMark
	info.Subject += "（" + DraftMark + "）"
	return info
}

// draftMark writes the light diagonal 草稿 of a draft: a Type 3 font whose two glyphs
// are the outlines of 草 and 稿 from the bundled sans bold face (real text with a
// ToUnicode map, so that text extraction and search find it) and one content stream
// that every page draws first, behind everything else. It returns the font's and the
// stream's object numbers.
func draftMark(w *objWriter, b *layout.Book) (font, mark int, err error) {
	font, err = draftFont(w, b.Fonts.Face(fonts.SansBold).Truetype())
	if err != nil {
		return 0, 0, fmt.Errorf("草稿水印: %w", err)
	}
	const k = 72 / 25.4
	pw, ph := b.Width*k, b.Height*k
	angle := math.Atan2(ph, pw)
	size := math.Min(pw, ph) * 0.36
	c, s := math.Cos(angle), math.Sin(angle)
	// The centre of the two-character run (2 em wide, about 0.38 em above the baseline
	// to the middle of the ink) goes to the centre of the page.
	cx, cy := size, 0.38*size
	tx := pw/2 - (c*cx - s*cy)
	ty := ph/2 - (s*cx + c*cy)
	stream := fmt.Sprintf("q 0.88 g BT /RCDraft %.2f Tf %.5f %.5f %.5f %.5f %.2f %.2f Tm <0102> Tj ET Q\n", size, c, s, -s, c, tx, ty)
	mark, err = w.addStream("", []byte(stream))
	return font, mark, err
}

// draftFont writes the Type 3 font of the mark: character 1 is 草, character 2 is 稿,
// each drawn from the face's outline at 1000 units per em.
func draftFont(w *objWriter, face *truetype.Font) (int, error) {
	var procs, widths bytes.Buffer
	var buf truetype.GlyphBuf
	scale := fixed.Int26_6(1000 << 6)
	for i, r := range []rune(DraftMark) {
		idx := face.Index(r)
		if idx == 0 {
			return 0, fmt.Errorf("字体中没有 “%c”，画不出草稿水印", r)
		}
		if err := buf.Load(face, scale, idx, font.HintingNone); err != nil {
			return 0, err
		}
		adv := float64(buf.AdvanceWidth) / 64
		bb := buf.Bounds
		var g bytes.Buffer
		fmt.Fprintf(&g, "%.0f 0 %.0f %.0f %.0f %.0f d1\n", adv, float64(bb.Min.X)/64, float64(bb.Min.Y)/64, float64(bb.Max.X)/64, float64(bb.Max.Y)/64)
		fonts.Outline(&buf, &pdfPath{w: &g})
		g.WriteString("f\n")
		n, err := w.addStream("", g.Bytes())
		if err != nil {
			return 0, err
		}
		fmt.Fprintf(&procs, "/g%d %d 0 R ", i+1, n)
		fmt.Fprintf(&widths, "%.0f ", adv)
	}
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n" +
		"1 begincodespacerange <01> <02> endcodespacerange\n" +
		"2 beginbfchar <01> <8349> <02> <7A3F> endbfchar\n" +
		"endcmap CMapName currentdict /CMap defineresource pop end end\n"
	toUni, err := w.addStream("", []byte(cmap))
	if err != nil {
		return 0, err
	}
	return w.add(fmt.Sprintf("<</Type /Font /Subtype /Type3 /Name /RCDraft /FontBBox [0 -200 1000 900] /FontMatrix [0.001 0 0 0.001 0 0] "+
		"/CharProcs <<%s>> /Encoding <</Type /Encoding /Differences [1 /g1 /g2]>> /FirstChar 1 /LastChar 2 /Widths [%s] /Resources <<>> /ToUnicode %d 0 R>>",
		bytes.TrimSpace(procs.Bytes()), bytes.TrimSpace(widths.Bytes()), toUni)), nil
}

// pdfPath writes a glyph outline (fonts.Outline) as PDF path operators, each quadratic
// segment as a cubic one.
type pdfPath struct {
	w   *bytes.Buffer
	cur [2]float64
}

func (p *pdfPath) MoveTo(x, y float64) {
	fmt.Fprintf(p.w, "%.1f %.1f m\n", x, y)
	p.cur = [2]float64{x, y}
}

func (p *pdfPath) LineTo(x, y float64) {
	fmt.Fprintf(p.w, "%.1f %.1f l\n", x, y)
	p.cur = [2]float64{x, y}
}

func (p *pdfPath) QuadTo(cx, cy, x, y float64) {
	a := p.cur
	c1x, c1y := a[0]+2.0/3*(cx-a[0]), a[1]+2.0/3*(cy-a[1])
	c2x, c2y := x+2.0/3*(cx-x), y+2.0/3*(cy-y)
	fmt.Fprintf(p.w, "%.1f %.1f %.1f %.1f %.1f %.1f c\n", c1x, c1y, c2x, c2y, x, y)
	p.cur = [2]float64{x, y}
}

func (p *pdfPath) Close() { p.w.WriteString("h\n") }
