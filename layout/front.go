package layout

import (
	"fmt"
	"math"
	"strings"

	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/sections"
)

// centred places a single centred line of text with its baseline at y.
func (f *flow) centred(text string, st Style, y float64) {
	lines := f.e.Break([]Span{{Text: text, Style: st}}, f.e.textW, 0)
	lh := st.Size * 1.5 * ptMM
	for _, ln := range lines {
		f.page.Texts = append(f.page.Texts, setLine(ln, f.x(), y, f.e.textW, Center, 0)...)
		y += lh
	}
}

// frontTitle is the centred title of a front-matter page; it is also a mark, so the
// outline can point at it.
func (f *flow) frontTitle(text, anchor string) {
	f.newPage()
	f.chapterName = ""
	f.mark(MarkFront, anchor, text, 1)
	st := Style{Role: fonts.SansBold, Size: SizeErHao}
	f.y += f.e.pitch
	f.centred(text, st, baseline(f.y, 2*f.e.pitch, st.Size))
	f.y += 3 * f.e.pitch
}

func (f *flow) frontMatter(d *sections.Doc, body *flow) {
	e := f.e
	m := d.Meta
	// Cover.
	f.newPage()
	f.centred(m.Title, Style{Role: fonts.SansBold, Size: SizeYiHao}, e.pageH*0.30)
	f.centred(m.Subtitle, Style{Role: fonts.SansBold, Size: SizeXiaoEr}, e.pageH*0.30+18)
	f.centred(m.Issuer, Style{Role: fonts.Sans, Size: SizeSanHao}, e.pageH*0.72)
	f.centred(m.CoverDate, Style{Role: fonts.Sans, Size: SizeSanHao}, e.pageH*0.72+10)

	// 发布情况.
	f.frontTitle("发布情况", "front-publication")
	date := ""
	if !m.Published.IsZero() {
		date = fmt.Sprintf("%d年%d月%d日", m.Published.Year(), int(m.Published.Month()), m.Published.Day())
	}
	for _, line := range []string{"单位名称（加盖公章）：" + m.Issuer, "发布时间：" + date, "发布网址：" + m.Web} {
		lines := e.Break([]Span{{Text: line, Style: e.body}}, e.textW, 0)
		f.placeLines(lines, f.x(), e.textW, 2*e.pitch, Left, 0)
	}

	// 内容真实性责任声明.
	f.frontTitle("内容真实性责任声明", "front-statement")
	for _, p := range m.Statement.Paragraphs {
		f.paragraph(&sections.Para{Runs: []sections.Run{{Text: p}}}, f.x(), e.textW, e.body)
	}
	f.y += 3 * e.pitch
	for i, s := range []string{m.Issuer, m.Statement.Date} {
		lines := e.Break([]Span{{Text: s, Style: e.body}}, e.textW, 0)
		n := len(f.page.Texts)
		f.placeLines(lines, f.x(), e.textW-2*e.em, e.pitch*1.5, Right, 0)
		if i == 0 {
			f.recordIssuer(f.page.Texts[n:], d.Seal)
		}
	}

	// 编委会.
	f.frontTitle(m.Board.Title, "front-board")
	for _, mem := range m.Board.Members {
		text := mem.Role + "：" + strings.Join(mem.Names, "　")
		lines := e.Break([]Span{{Text: text, Style: e.body}}, e.textW, 0)
		f.placeLines(lines, f.x(), e.textW, e.pitch*1.5, Left, 0)
	}

	// 前言.
	if len(d.Preface) > 0 {
		f.frontTitle("前言", "front-preface")
		f.chapterName = "前言"
		for _, p := range d.Preface {
			f.paragraph(p, f.x(), e.textW, e.body)
		}
	}

	// The four lists.
	var toc, tabs, figs, cases []listEntry
	for _, mk := range body.marks {
		label := fmt.Sprint(mk.Page + 1) // body page 1 is the body flow's first page
		entry := listEntry{text: mk.Text, page: label, anchor: mk.Anchor, level: mk.Level}
		switch mk.Kind {
		case MarkHeading:
			if mk.Level <= 3 {
				toc = append(toc, entry)
			}
		case MarkTable:
			tabs = append(tabs, entry)
			if mk.Appendix {
				entry.level = 2
				toc = append(toc, entry)
			}
		case MarkFigure:
			figs = append(figs, entry)
		case MarkCase:
			cases = append(cases, entry)
		}
	}
	f.list("目 录", "list-toc", toc)
	f.list("表目录", "list-tables", tabs)
	f.list("图目录", "list-figures", figs)
	f.list("案例目录", "list-cases", cases)
}

type listEntry struct {
	text   string
	page   string
	anchor string
	level  int
}

// list lays out a generated list with dot leaders and right-aligned page numbers. Each
// entry is a link to its target.
func (f *flow) list(title, anchor string, entries []listEntry) {
	if len(entries) == 0 {
		return
	}
	e := f.e
	f.frontTitle(title, anchor)
	f.chapterName = strings.ReplaceAll(title, " ", "")
	f.pageChapter[f.page] = ""
	numW := 3 * e.em
	dot := Style{Role: fonts.Serif, Size: SizeXiaoSi}
	dotW := e.advance(dot, ". ")
	for _, en := range entries {
		st := Style{Role: fonts.Serif, Size: SizeXiaoSi}
		indent := 0.0
		if en.level == 1 {
			st.Role = fonts.SansBold
		}
		if en.level > 1 {
			indent = float64(en.level-1) * 2 * e.em
		}
		width := e.textW - indent - numW - 2*dotW
		lines := e.Break([]Span{{Text: en.text, Style: st}}, width, 0)
		f.need(float64(len(lines)) * e.pitch)
		top := f.y
		x := f.x() + indent
		for i, ln := range lines {
			align := Left
			if i < len(lines)-1 {
				align = Justify
			}
			by := baseline(f.y, e.pitch, st.Size)
			f.page.Texts = append(f.page.Texts, setLine(ln, x, by, width, align, 0)...)
			if i == len(lines)-1 {
				end := x + ln.Natural - ln.Half
				numX := f.x() + e.textW - e.advance(st, en.page)
				n := int((numX - dotW/2 - end - dotW/2) / dotW)
				if n > 0 {
					lead := strings.Repeat(". ", n)
					lx := numX - dotW/2 - float64(n)*dotW
					f.page.Texts = append(f.page.Texts, Glyphs{X: lx, Y: by, W: float64(n) * dotW, Text: lead, Style: dot})
				}
				f.page.Texts = append(f.page.Texts, Glyphs{X: numX, Y: by, W: e.advance(st, en.page), Text: en.page, Style: st})
			}
			f.y += e.pitch
		}
		f.page.Links = append(f.page.Links, Link{X: f.x(), Y: top, W: e.textW, H: f.y - top, Anchor: en.anchor})
	}
}

// SealSize is the diameter of the seal on the statement page in mm (a round official
// seal is about 40–42 mm).
const SealSize = 40.0

// recordIssuer records where the issuing unit's name was printed on the statement page
// and the box of the seal centred over it; it draws the seal there unless the options
// leave it off (a draft, or a signed edition whose signature widget shows the seal).
func (f *flow) recordIssuer(runs []Glyphs, seal []byte) {
	hasSeal := len(seal) > 0
	if len(runs) == 0 {
		return
	}
	x0, x1 := runs[0].X, runs[0].X+runs[0].W
	y := runs[0].Y
	size := runs[0].Style.Size * ptMM
	for _, r := range runs[1:] {
		x0, x1 = math.Min(x0, r.X), math.Max(x1, r.X+r.W)
	}
	name := Box{Page: len(f.pages) - 1, X: x0, Y: y - 0.88*size, W: x1 - x0, H: size}
	w, h := SealSize, SealSize
	if pw, ph, ok := imageSize(seal); ok && hasSeal {
		h = w * float64(ph) / float64(pw)
	}
	cx, cy := name.X+name.W/2, name.Y+name.H/2
	f.issuer = &IssuerSpot{Name: name, Seal: Box{Page: name.Page, X: cx - w/2, Y: cy - h/2, W: w, H: h}}
	if hasSeal && !f.e.opt.SealOff {
		f.page.Pictures = append(f.page.Pictures, Picture{X: cx - w/2, Y: cy - h/2, W: w, H: h, Data: seal, Key: "seal"})
	}
}
