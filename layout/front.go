package layout

import (
	"fmt"
	"math"
	"strings"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/sections"
)

// titleLines breaks a title into balanced lines at sensible points.
func (e *Engine) titleLines(text string, st Style, width float64) []Line {
	return e.BreakTitle([]Span{{Text: text, Style: st}}, width)
}

// centredBlock places a title's lines centred in the text block, the first line's band
// starting at y, and returns the y below the last line.
func (f *flow) centredBlock(lines []Line, lh, y float64) float64 {
	for _, ln := range lines {
		size := f.e.body.Size
		if len(ln.Units) > 0 {
			size = ln.Units[0].style.Size
		}
		f.page.Texts = appendLine(f.page.Texts, ln, f.x(), baseline(y, lh, size), f.e.textW, Center, 0)
		y += lh
	}
	return y
}

// frontHeader is the running header of a front-matter section's continuation pages,
// by settings.front_running_header.
func (f *flow) frontHeader(title string) string {
	if f.e.opt.Settings.FrontHeader == "none" {
		return ""
	}
	return strings.ReplaceAll(title, " ", "")
}

// frontTitle is the centred title of a front-matter page; it is also a mark, so the
// outline can point at it. A long title wraps (up to any number of lines) and what
// follows moves down.
func (f *flow) frontTitle(text, anchor string) {
	f.newPage()
	f.chapterName = f.frontHeader(text)
	f.pageChapter[f.page] = ""
	f.mark(MarkFront, anchor, text, 1)
	st := Style{Role: fonts.SansBold, Size: SizeErHao}
	lines := f.e.titleLines(text, st, f.e.textW)
	lh := st.Size * 1.5 * ptMM
	f.y += f.e.pitch
	// One line sits in a band of two body lines, as before; more lines take their own
	// height.
	top := f.y
	if len(lines) == 1 {
		f.centredBlock(lines, 2*f.e.pitch, f.y)
		f.y = top + 3*f.e.pitch
		return
	}
	f.y = f.centredBlock(lines, lh, f.y)
	f.y += f.e.pitch
	f.snap()
}

// cover lays out the cover: title and subtitle in the upper part, issuer and date in
// the lower part. Every part wraps into balanced lines at sensible points; when the
// parts would meet, they are set smaller until they fit.
func (f *flow) cover(m sections.Doc) {
	e := f.e
	f.newPage()
	type part struct {
		text string
		st   Style
	}
	top := []part{{m.Meta.Title, Style{Role: fonts.SansBold, Size: SizeYiHao}}, {m.Meta.Subtitle, Style{Role: fonts.SansBold, Size: SizeXiaoEr}}}
	bottom := []part{{m.Meta.Issuer, Style{Role: fonts.Sans, Size: SizeSanHao}}, {m.Meta.CoverDate, Style{Role: fonts.Sans, Size: SizeSanHao}}}
	measure := func(ps []part, scale float64) (lines [][]Line, lhs []float64, h float64) {
		for i, p := range ps {
			st := p.st
			st.Size = math.Max(SizeXiaoSi, st.Size*scale)
			var ls []Line
			if strings.TrimSpace(p.text) != "" {
				ls = e.titleLines(p.text, st, e.textW)
			}
			lh := st.Size * 1.45 * ptMM
			lines, lhs = append(lines, ls), append(lhs, lh)
			h += float64(len(ls)) * lh
			if i > 0 && len(ls) > 0 {
				h += lh / 2
			}
		}
		return lines, lhs, h
	}
	pageTop, pageBottom := e.pageH*0.12, e.pageH-e.pageH*0.08
	for scale := 1.0; ; scale -= 0.05 {
		tl, tlh, th := measure(top, scale)
		bl, blh, bh := measure(bottom, scale)
		// The title block is centred on 30% of the page height, the issuer block
		// starts at 72%, unless the title block reaches down to it.
		ty := math.Max(pageTop, e.pageH*0.30-th/2)
		by := math.Max(e.pageH*0.72, ty+th+2*e.pitch)
		if by+bh > pageBottom {
			by = pageBottom - bh
		}
		if by >= ty+th+e.pitch-1e-6 || scale < 0.5 {
			y := ty
			for i, ls := range tl {
				if i > 0 && len(ls) > 0 {
					y += tlh[i] / 2
				}
				y = f.centredBlock(ls, tlh[i], y)
			}
			y = by
			for i, ls := range bl {
				if i > 0 && len(ls) > 0 {
					y += blh[i] / 2
				}
				y = f.centredBlock(ls, blh[i], y)
			}
			return
		}
	}
}

// board lays out the 编委会: each role in a left column, the names in a grid whose
// columns line up across all roles; a name longer than a grid cell takes two or more.
func (f *flow) board(b data.Board) {
	e := f.e
	st := e.body
	lh := e.pitch * 1.5
	gap := e.em
	// The role column is as wide as the widest role up to seven characters; longer
	// roles wrap inside it.
	roleW, nameW := 3*e.em, 3*e.em
	for _, mem := range b.Members {
		if w := e.advance(st, mem.Role+"："); w <= 7*e.em+1e-6 {
			roleW = math.Max(roleW, w)
		}
		for _, n := range mem.Names {
			if w := e.advance(st, n); len([]rune(n)) <= 4 {
				nameW = math.Max(nameW, w)
			}
		}
	}
	roleW += gap
	cell := nameW + gap
	cols := max(1, int((e.textW-roleW+gap+1e-6)/cell))
	for _, mem := range b.Members {
		// A role wider than the column takes a line of its own above its names.
		role := e.BreakTitle([]Span{{Text: mem.Role + "：", Style: st}}, e.textW)
		if len(role) == 1 && role[0].Natural <= roleW-gap+1e-6 {
			role = nil
		}
		if role != nil {
			f.need(float64(len(role)+1) * lh)
			f.placeLines(role, f.x(), e.textW, lh, Left, 0)
		}
		if role == nil {
			role = e.BreakTitle([]Span{{Text: mem.Role + "：", Style: st}}, roleW)
		} else {
			role = nil
		}
		// The names' rows: each name takes ceil(width/cell) cells.
		var rows [][]string
		var spans [][]int
		col := 0
		for _, n := range mem.Names {
			w := e.advance(st, n)
			k := max(1, int(math.Ceil((w+gap-1e-6)/cell)))
			k = min(k, cols)
			if len(rows) == 0 || col+k > cols {
				rows = append(rows, nil)
				spans = append(spans, nil)
				col = 0
			}
			rows[len(rows)-1] = append(rows[len(rows)-1], n)
			spans[len(spans)-1] = append(spans[len(spans)-1], col)
			col += k
		}
		h := float64(max(len(role), len(rows), 1)) * lh
		f.need(math.Min(h, 2*lh))
		y0 := f.y
		f.placeLines(role, f.x(), roleW, lh, Left, 0)
		f.y = y0
		for ri, names := range rows {
			if ri > 0 && f.room() < lh-1e-6 {
				f.newPage()
			}
			for k, n := range names {
				ls := e.Break([]Span{{Text: n, Style: st}}, e.textW-roleW, 0)
				x := f.x() + roleW + float64(spans[ri][k])*cell
				if len(ls) > 0 {
					f.page.Texts = appendLine(f.page.Texts, ls[0], x, baseline(f.y, lh, st.Size), cell, Left, 0)
				}
			}
			f.y += lh
		}
		f.y = math.Max(f.y, y0+float64(len(role))*lh)
	}
}

func (f *flow) frontMatter(d *sections.Doc, body *flow) {
	e := f.e
	m := d.Meta
	f.cover(*d)

	// 发布情况.
	f.frontTitle("发布情况", "front-publication")
	date := ""
	if !m.Published.IsZero() {
		date = fmt.Sprintf("%d年%d月%d日", m.Published.Year(), int(m.Published.Month()), m.Published.Day())
	}
	for _, line := range []string{"单位名称（加盖公章）：" + m.Issuer, "发布时间：" + date, "发布网址：" + m.Web} {
		// Each item in a band of two lines; an item that wraps (a long issuer, a web
		// address broken after / . - _ ? & = @) keeps its lines at one pitch.
		lines := e.Break([]Span{{Text: line, Style: e.body}}, e.textW, 0)
		f.y += e.pitch / 2
		f.placeLines(lines, f.x(), e.textW, e.pitch, Left, 0)
		f.y += e.pitch / 2
	}

	// 内容真实性责任声明.
	f.frontTitle("内容真实性责任声明", "front-statement")
	for _, p := range m.Statement.Paragraphs {
		f.paragraph(&sections.Para{Runs: []sections.Run{{Text: p}}}, f.x(), e.textW, e.body)
	}
	f.y += 3 * e.pitch
	for i, s := range []string{m.Issuer, m.Statement.Date} {
		lines := e.BreakTitle([]Span{{Text: s, Style: e.body}}, e.textW-2*e.em)
		n := len(f.page.Texts)
		f.placeLines(lines, f.x(), e.textW-2*e.em, e.pitch*1.5, Right, 0)
		if i == 0 {
			f.recordIssuer(f.page.Texts[n:], d.Seal)
		}
	}

	// 编委会.
	f.frontTitle(m.Board.Title, "front-board")
	f.board(m.Board)

	// 前言.
	if len(d.Preface) > 0 {
		f.frontTitle("前言", "front-preface")
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
			f.page.Texts = appendLine(f.page.Texts, ln, x, by, width, align, 0)
			if i == len(lines)-1 {
				end := x + ln.Natural - ln.Half
				numX := f.x() + e.textW - e.advance(st, en.page)
				// Leader dots sit on a grid of dotW from the text block's left edge,
				// so the dots of all entries form columns, as in TeX's contents.
				x0 := f.x()
				k0 := int(math.Ceil((end + dotW/2 - x0) / dotW))
				k1 := int(math.Floor((numX - dotW/2 - x0) / dotW))
				if n := k1 - k0; n > 0 {
					lead := strings.Repeat(". ", n)
					lx := x0 + float64(k0)*dotW
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
