package layout

import (
	"math"

	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/sections"
)

// flow fills pages from top to bottom.
type flow struct {
	e           *Engine
	front       bool
	pages       []*Page
	page        *Page
	y           float64 // top of the free space on the current page
	marks       []Mark
	chapterName string
	pageChapter map[*Page]string
	// Figures that did not fit where they stood wait here while the text goes on; they
	// go in, in order, at the first block boundary where they fit.
	deferred []*sections.Figure
	figs     map[*sections.Figure]figBox // figures measured so far
	issuer   *IssuerSpot                 // the statement page's issuer name (front.go)
	rotated  map[string]bool             // tables set on landscape pages
	turned   []*flow                     // landscape pages waiting for the next page break
	// starts holds the blocks that begin at the top of a page other than their
	// chapter's first (the DOCX breaks the page before them too).
	starts map[sections.Block]bool
}

func (e *Engine) newFlow(front bool) *flow {
	return &flow{e: e, front: front, pageChapter: map[*Page]string{}, figs: map[*sections.Figure]figBox{}}
}

func (f *flow) newPage() {
	if len(f.turned) > 0 {
		f.placeTurned()
	}
	f.page = &Page{Front: f.front}
	f.pages = append(f.pages, f.page)
	f.y = f.e.top
	f.pageChapter[f.page] = f.chapterName
}

// flushDeferred places held-back figures at the current position while they fit at a
// scale of minFigureScale or more.
func (f *flow) flushDeferred() {
	for len(f.deferred) > 0 {
		fig := f.deferred[0]
		scale := f.fitScale(fig, minFigureScale)
		if scale == 0 {
			return
		}
		f.deferred = f.deferred[1:]
		f.figure(fig, scale)
	}
}

// forceDeferred places every held-back figure now, before a block that may not pass
// them (a heading, table, case box, another figure or the chapter's end): each shrinks
// down to floorFigureScale to fit the room left, or else starts the next page.
func (f *flow) forceDeferred() {
	for len(f.deferred) > 0 {
		fig := f.deferred[0]
		f.deferred = f.deferred[1:]
		f.ensurePage()
		f.snap()
		f.figure(fig, f.forcedScale(fig))
	}
}

// forcedScale is the scale of a figure that must go in now: down to floorFigureScale
// to fit the room left; when starting a page would leave more than 30 % of this one
// empty, a photo further down to lastFigureScale and a chart redrawn shorter with its
// labels at full size; else full size on the next page.
func (f *flow) forcedScale(fig *sections.Figure) float64 {
	if s := f.fitScale(fig, floorFigureScale); s > 0 {
		return s
	}
	if f.room() > 0.3*(f.e.bottom-f.e.top) {
		if fig.Kind == sections.FigPhoto {
			if s := f.fitScale(fig, lastFigureScale); s > 0 {
				return s
			}
		} else if f.shortenChart(fig) {
			return 1
		}
	}
	return 1
}

// shortenChart redraws a chart figure short enough to fit the room left at full width,
// when the renderer can; it reports whether it did.
func (f *flow) shortenChart(fig *sections.Figure) bool {
	if f.e.opt.ChartShort == nil {
		return false
	}
	b := f.figs[fig]
	extra := f.figureHeightAt(fig, 1) - b.h
	avail := f.room() - extra
	if avail <= 0 {
		return false
	}
	img := f.e.opt.ChartShort(fig, avail/b.w)
	pw, ph, ok := imageSize(img)
	if !ok {
		return false
	}
	nb := b
	nb.img, nb.h = img, b.w*float64(ph)/float64(pw)
	f.figs[fig] = nb
	if f.figureHeightAt(fig, 1) > f.room()+1e-6 {
		f.figs[fig] = b
		return false
	}
	return true
}

// ensurePage starts a page when none is open.
func (f *flow) ensurePage() {
	if f.page == nil {
		f.newPage()
	}
}

// x is the left edge of the text block on the current page. Both the front matter and
// the body start on a right-hand page, so the index within the flow decides.
func (f *flow) x() float64 { return f.e.left(len(f.pages) - 1) }

func (f *flow) room() float64 { return f.e.bottom - f.y }

// need starts a new page unless h mm fit on this one.
func (f *flow) need(h float64) {
	f.ensurePage()
	if f.room() < h-1e-6 && f.y > f.e.top+1e-6 {
		f.newPage()
	}
}

// needBlock is need for a table, figure or case box of height h; when it starts a new
// page for a block that takes most of a page, the page left behind records it.
func (f *flow) needBlock(h float64, kind string) {
	f.ensurePage()
	if f.room() < h-1e-6 && f.y > f.e.top+1e-6 {
		if h >= 0.7*(f.e.bottom-f.e.top) {
			f.page.beforeFull = kind
		}
		f.newPage()
	}
}

// snap moves y down to the next body line of the grid.
func (f *flow) snap() {
	k := math.Ceil((f.y-f.e.top)/f.e.pitch - 1e-6)
	f.y = f.e.top + k*f.e.pitch
}

func (f *flow) mark(kind MarkKind, anchor, text string, level int) {
	f.marks = append(f.marks, Mark{Kind: kind, Anchor: anchor, Text: text, Level: level, Page: len(f.pages) - 1, Y: f.y})
}

// baseline returns the baseline of a line of the given size centred in a band of height h
// starting at y.
func baseline(y, h float64, size float64) float64 {
	em := size * ptMM
	return y + h/2 + 0.36*em
}

// placeLines puts set lines on the page, one per band of height lh.
func (f *flow) placeLines(lines []Line, x, width, lh float64, align Align, gray float64) {
	for _, ln := range lines {
		size := f.e.body.Size
		if len(ln.Units) > 0 {
			size = ln.Units[0].style.Size
		}
		f.page.Texts = appendLine(f.page.Texts, ln, x, baseline(f.y, lh, size), width, align, gray)
		f.y += lh
	}
}

// spans turns a paragraph into line-breaker input.
func (f *flow) spans(p *sections.Para, st Style) []Span {
	var out []Span
	for _, r := range p.Runs {
		s := st
		if r.Bold {
			s.Role = bold(st.Role)
		}
		out = append(out, Span{Text: r.Text, Style: s, Ref: r.Ref})
	}
	return out
}

func bold(r fonts.Role) fonts.Role {
	if r == fonts.Sans || r == fonts.SansBold {
		return fonts.SansBold
	}
	return fonts.SerifBold
}

// paragraph sets a body paragraph with a 2-character indent, avoiding a lone first line
// at a page bottom (orphan) and a lone last line at a page top (widow).
func (f *flow) paragraph(p *sections.Para, x, width float64, st Style) {
	lines := f.e.Break(f.spans(p, st), width, 2*st.Size*ptMM)
	f.placeParagraphLines(lines, x, width)
}

func (f *flow) placeParagraphLines(lines []Line, x, width float64) {
	f.ensurePage()
	f.snap()
	// x is relative to the text block, whose edge moves between left and right pages.
	dx := x - f.x()
	pitch := f.e.pitch
	n := len(lines)
	for i := 0; i < n; {
		avail := int(math.Floor(f.room()/pitch + 1e-6))
		if avail <= 0 {
			f.newPage()
			continue
		}
		take := min(avail, n-i)
		if take < n-i {
			if i == 0 && take == 1 && f.y > f.e.top+1e-6 {
				f.newPage() // orphan
				continue
			}
			if n-i-take == 1 && take >= 2 {
				take-- // widow: carry a second line over
				if i == 0 && take == 1 {
					f.newPage()
					continue
				}
			}
		}
		f.placeLines(lines[i:i+take], f.x()+dx, width, pitch, Justify, 0)
		i += take
		if i < n {
			f.newPage()
		}
	}
}

// chapter lays out one chapter, starting a new page.
func (f *flow) chapter(ch *sections.Chapter) {
	f.newPageForChapter()
	if ch.Heading != nil {
		f.chapterName = ch.Heading.Label()
		f.pageChapter[f.page] = ""
		f.heading(ch.Heading)
	}
	for i, b := range ch.Blocks {
		var next, after sections.Block
		if i+1 < len(ch.Blocks) {
			next = ch.Blocks[i+1]
		}
		if i+2 < len(ch.Blocks) {
			after = ch.Blocks[i+2]
		}
		f.block(b, next, after)
	}
	f.forceDeferred()
	f.placeTurned()
}

func (f *flow) newPageForChapter() {
	f.newPage()
	if f.e.opt.Settings.OddChapters && len(f.pages)%2 == 0 {
		f.newPage()
	}
}

func (f *flow) block(b, next, after sections.Block) {
	// A held-back figure lets only the paragraphs of its own section pass it: between
	// paragraphs it goes in as soon as it fits; any other block places it first.
	if len(f.deferred) > 0 && f.page != nil {
		f.snap()
		if _, isPara := b.(*sections.Para); isPara {
			f.flushDeferred()
		} else {
			f.forceDeferred()
		}
	}
	if _, isPara := b.(*sections.Para); !isPara && len(f.turned) > 0 {
		f.placeTurned()
	}
	before, count := f.page, pageContent(f.page)
	defer func() {
		if before != nil && f.page != before && pageContent(before) == count && !f.rotated[anchorOf(b)] {
			if f.starts == nil {
				f.starts = map[sections.Block]bool{}
			}
			f.starts[b] = true
		}
	}()
	switch b := b.(type) {
	case *sections.Heading:
		f.need(f.headingHeight(b) + f.minHeight(next, after))
		f.heading(b)
	case *sections.Para:
		f.paragraph(b, f.x(), f.e.textW, f.e.body)
	case *sections.Table:
		f.table(b)
	case *sections.Figure:
		// A figure that does not fit is held back while the paragraphs that follow it
		// fill the page; with no paragraph to follow, it shrinks or starts a page.
		f.ensurePage()
		f.snap()
		scale := f.fitScale(b, minFigureScale)
		if scale == 0 && f.y <= f.e.top+1e-6 {
			scale = 1
		}
		if scale == 0 {
			if _, isPara := next.(*sections.Para); isPara {
				f.deferred = append(f.deferred, b)
				return
			}
			scale = f.forcedScale(b)
		}
		f.figure(b, scale)
	case *sections.Case:
		f.caseBox(b)
	case *sections.Todo:
		f.todoBox(b)
	}
}

func headingStyle(level int) (Style, float64, Align) {
	switch level {
	case 1:
		return Style{Role: fonts.SansBold, Size: SizeSanHao}, 3, Center
	case 2:
		return Style{Role: fonts.SansBold, Size: SizeSiHao}, 2, Left
	case 3:
		return Style{Role: fonts.SansBold, Size: SizeXiaoSi}, 1, Left
	default:
		return Style{Role: fonts.SerifBold, Size: SizeXiaoSi}, 1, Left
	}
}

func (f *flow) headingLines(h *sections.Heading) ([]Line, float64, Align) {
	st, bands, align := headingStyle(h.Level)
	lines := f.e.BreakTitle([]Span{{Text: h.Label(), Style: st}}, f.e.textW)
	return lines, bands, align
}

func (f *flow) headingHeight(h *sections.Heading) float64 {
	lines, bands, _ := f.headingLines(h)
	return (bands + float64(len(lines)-1)) * f.e.pitch
}

// minHeight is the least of a block that must follow a heading on the same page.
// A figure followed by a paragraph may be held back while the paragraph goes on under
// the heading; any other figure must fit under it at floorFigureScale.
func (f *flow) minHeight(b, after sections.Block) float64 {
	switch b := b.(type) {
	case *sections.Para:
		lines := f.e.Break(f.spans(b, f.e.body), f.e.textW, 2*f.e.em)
		return float64(min(2, len(lines))) * f.e.pitch
	case *sections.Figure:
		if _, isPara := after.(*sections.Para); isPara {
			return min(f.figureHeight(b), 2*f.e.pitch)
		}
		return f.figureHeightAt(b, floorFigureScale)
	case *sections.Table:
		return 4 * f.e.pitch
	case *sections.Case:
		return 3 * f.e.pitch
	case *sections.Todo:
		return 2 * f.e.pitch
	case *sections.Heading:
		return f.headingHeight(b) + 2*f.e.pitch
	}
	return 0
}

func (f *flow) heading(h *sections.Heading) {
	f.ensurePage()
	f.snap()
	lines, bands, align := f.headingLines(h)
	f.mark(MarkHeading, h.Anchor, h.Label(), h.Level)
	top := f.y
	// The first line sits in the middle of its bands; further lines follow at one pitch.
	first := (bands - 1) / 2 * f.e.pitch
	f.y += first
	f.placeLines(lines, f.x(), f.e.textW, f.e.pitch, align, 0)
	f.y = top + (bands+float64(len(lines)-1))*f.e.pitch
}
