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
	"github.com/reportc/reportc/pdfupdate"
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

// withDraftMark adds the watermark to the pages of a draft and returns an official
// edition's bytes as they are.
func withDraftMark(out []byte, b *layout.Book, info Info) ([]byte, error) {
	if !info.Draft {
		return out, nil
	}
	out, err := addWatermark(out, b)
	if err != nil {
		return nil, fmt.Errorf("草稿水印: %w", err)
	}
	return out, nil
}

// addWatermark appends an incremental update that draws a light diagonal 草稿 across
// every page, behind everything else: its content stream is put first in each page's
// /Contents. The mark is real text in a small Type 3 font whose two glyphs are the
// outlines of 草 and 稿 from the bundled sans bold face, with a ToUnicode map, so that
// text extraction and search find it. Nothing depends on the clock or on map order.
func addWatermark(src []byte, b *layout.Book) ([]byte, error) {
	f, err := pdfupdate.Open(src)
	if err != nil {
		return nil, err
	}
	pages, err := f.Pages()
	if err != nil {
		return nil, err
	}
	u := f.NewUpdate()
	fontObj, err := draftFont(u, b.Fonts.Face(fonts.SansBold).Truetype())
	if err != nil {
		return nil, err
	}
	const k = 72 / 25.4
	w, h := b.Width*k, b.Height*k
	angle := math.Atan2(h, w)
	size := math.Min(w, h) * 0.36
	c, s := math.Cos(angle), math.Sin(angle)
	// The centre of the two-character run (2 em wide, about 0.38 em above the baseline
	// to the middle of the ink) goes to the centre of the page.
	cx, cy := size, 0.38*size
	tx := w/2 - (c*cx - s*cy)
	ty := h/2 - (s*cx + c*cy)
	stream := fmt.Sprintf("q 0.88 g BT /RCDraft %.2f Tf %.5f %.5f %.5f %.5f %.2f %.2f Tm <0102> Tj ET Q\n", size, c, s, -s, c, tx, ty)
	mark := u.Add(pdfupdate.Stream("", []byte(stream)))

	rewritten := map[int]bool{} // shared resource dictionaries already given the font
	for _, pn := range pages {
		po, err := f.Object(pn)
		if err != nil {
			return nil, err
		}
		contents := pdfupdate.GetKey(po, "Contents")
		if contents == nil {
			return nil, fmt.Errorf("第 %d 个页面对象没有 /Contents", pn)
		}
		inner := string(contents)
		if bytes.HasPrefix(contents, []byte("[")) {
			inner = string(bytes.TrimSpace(contents[1 : len(contents)-1]))
		}
		po, err = pdfupdate.SetKey(po, "Contents", fmt.Sprintf("[%d 0 R %s]", mark, inner))
		if err != nil {
			return nil, err
		}
		res := pdfupdate.GetKey(po, "Resources")
		switch {
		case res == nil:
			po, err = pdfupdate.SetKey(po, "Resources", fmt.Sprintf("<</Font <</RCDraft %d 0 R>>>>", fontObj))
		case bytes.HasPrefix(res, []byte("<<")):
			var nr []byte
			nr, err = withFont(res, fontObj)
			if err == nil {
				po, err = pdfupdate.SetKey(po, "Resources", string(nr))
			}
		default:
			var rn int
			if _, e := fmt.Sscanf(string(res), "%d 0 R", &rn); e != nil {
				return nil, fmt.Errorf("页面的 /Resources 无法识别：%s", res)
			}
			if !rewritten[rn] {
				ro, e := f.Object(rn)
				if e != nil {
					return nil, e
				}
				nr, e := withFont(ro, fontObj)
				if e != nil {
					return nil, e
				}
				u.Set(rn, nr)
				rewritten[rn] = true
			}
		}
		if err != nil {
			return nil, err
		}
		u.Set(pn, po)
	}
	out, _ := u.Bytes()
	return out, nil
}

// withFont adds the draft font to a resource dictionary's /Font entry.
func withFont(res []byte, fontObj int) ([]byte, error) {
	entry := fmt.Sprintf("/RCDraft %d 0 R", fontObj)
	fd := pdfupdate.GetKey(res, "Font")
	if fd == nil {
		return pdfupdate.SetKey(res, "Font", "<<"+entry+">>")
	}
	if !bytes.HasPrefix(fd, []byte("<<")) {
		return nil, fmt.Errorf("页面资源的 /Font 不是直接字典")
	}
	return pdfupdate.SetKey(res, "Font", "<<"+entry+" "+string(fd[2:]))
}

// draftFont writes the Type 3 font of the mark: character 1 is 草, character 2 is 稿,
// each drawn from the face's outline at 1000 units per em.
func draftFont(u *pdfupdate.Update, face *truetype.Font) (int, error) {
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
		n := u.Add(pdfupdate.Stream("", g.Bytes()))
		fmt.Fprintf(&procs, "/g%d %d 0 R ", i+1, n)
		fmt.Fprintf(&widths, "%.0f ", adv)
	}
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n" +
		"1 begincodespacerange <01> <02> endcodespacerange\n" +
		"2 beginbfchar <01> <8349> <02> <7A3F> endbfchar\n" +
		"endcmap CMapName currentdict /CMap defineresource pop end end\n"
	toUni := u.Add(pdfupdate.Stream("", []byte(cmap)))
	return u.Add([]byte(fmt.Sprintf("<</Type /Font /Subtype /Type3 /Name /RCDraft /FontBBox [0 -200 1000 900] /FontMatrix [0.001 0 0 0.001 0 0] "+
		"/CharProcs <<%s>> /Encoding <</Type /Encoding /Differences [1 /g1 /g2]>> /FirstChar 1 /LastChar 2 /Widths [%s] /Resources <<>> /ToUnicode %d 0 R>>",
		bytes.TrimSpace(procs.Bytes()), bytes.TrimSpace(widths.Bytes()), toUni))), nil
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
