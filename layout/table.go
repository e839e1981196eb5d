package layout

import (
	"math"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/sections"
)

var (
	captionText = Style{Role: fonts.SansBold, Size: SizeWuHao}
	sourceText  = Style{Role: fonts.Serif, Size: SizeXiaoWu}
)

const (
	cellPadX = 1.5 // mm
	cellPadY = 1.0
	ruleW    = 0.25
)

// SizeLiuHao is 六号, the smallest size a table steps down to.
const SizeLiuHao = 7.5

// tableSizes are the sizes a table tries, largest first: 五号, 小五, 六号.
var tableSizes = []float64{SizeWuHao, SizeXiaoWu, SizeLiuHao}

// tcell is a table cell set into lines.
type tcell struct {
	c     *data.Cell
	row   int
	col   int
	x, w  float64
	lines []Line
	align Align
}

type tableSet struct {
	t      *sections.Table
	widths []float64
	cells  [][]*tcell // [row][col], nil when covered
	rowH   []float64
	lh     float64
	size   float64 // type size of the table's text
	header int
	groups [][2]int // [first, last] row ranges joined by vertical merges
	group  []int    // index into groups of every body row
	// fits is false when even 六号 leaves some column narrower than its widest
	// unbreakable unit (a number, a name).
	fits bool
}

func (e *Engine) lineHeight(size float64) float64 { return size * 1.45 * ptMM }

// colWants measures every column at a type size: hard is the least width (the widest
// unbreakable unit — a number never breaks, a name never splits — and two characters
// of longer text), soft the least width that keeps short cells on one line, nat the
// width that sets every cell on one line.
func (e *Engine) colWants(d *data.Table, size float64) (hard, soft, nat []float64) {
	n := d.Cols
	hard, soft, nat = make([]float64, n), make([]float64, n), make([]float64, n)
	em := size * ptMM
	for ri, row := range d.Rows {
		st := Style{Role: fonts.Sans, Size: size}
		if ri < d.HeaderRows {
			st.Role = fonts.SansBold
		}
		for ci, c := range row {
			if c.Covered || c.ColSpan > 1 || c.Text == "" {
				continue
			}
			us := e.cellUnits(c.Text, st, 1e9)
			w := 0.0
			for _, u := range us {
				w += u.glue + u.width
			}
			// The widest piece no break may split: a name, a number with its unit,
			// “（万元）” (no line starts with “）”), a URL up to its next / . - _ ? & = @.
			widest := widestPiece(us)
			h := max(widest, min(w, 2*em))
			sf := max(h, min(w, 6*em))
			// Header cells wrap before body cells do.
			if ri < d.HeaderRows {
				sf = h
				w = min(w, max(widest, w/2))
			}
			hard[ci] = max(hard[ci], h+2*cellPadX)
			soft[ci] = max(soft[ci], sf+2*cellPadX)
			nat[ci] = max(nat[ci], w+2*cellPadX)
		}
	}
	for i := range n {
		if nat[i] == 0 {
			hard[i], soft[i], nat[i] = 6, 6, 6
		}
	}
	return hard, soft, nat
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

// tableFit picks the largest size (五号, 小五, 六号) at which every column gets at least
// its hard width in the given width, and the column widths there.
func (e *Engine) tableFit(d *data.Table, width float64) (size float64, widths []float64, ok bool) {
	for _, size := range tableSizes {
		hard, soft, nat := e.colWants(d, size)
		switch {
		case sum(nat) <= width:
			w := make([]float64, len(nat))
			s := sum(nat)
			for i := range nat {
				w[i] = nat[i] + (width-s)*nat[i]/s
			}
			return size, w, true
		case sum(soft) <= width:
			// Share the room above the minimums by the square root of each column's
			// want, so that one column of long sentences does not squeeze columns of
			// names into one or two characters a line.
			return size, fitColumns(soft, nat, width), true
		case sum(hard) <= width:
			return size, fitColumns(hard, nat, width), true
		}
	}
	hard, _, _ := e.colWants(d, SizeLiuHao)
	w := make([]float64, len(hard))
	s := sum(hard)
	for i := range hard {
		w[i] = hard[i] * width / s
	}
	return SizeLiuHao, w, false
}

// setTable fits the type size and column widths to the content and breaks every cell
// into lines.
func (e *Engine) setTable(t *sections.Table, width float64) *tableSet {
	d := t.Data
	size, widths, ok := e.tableFit(d, width)
	ts := &tableSet{t: t, header: min(d.HeaderRows, len(d.Rows)), lh: e.lineHeight(size), size: size, widths: widths, fits: ok}
	text := Style{Role: fonts.Sans, Size: size}
	head := Style{Role: fonts.SansBold, Size: size}
	n := d.Cols
	xs := make([]float64, n+1)
	for i := range n {
		xs[i+1] = xs[i] + ts.widths[i]
	}
	ts.rowH = make([]float64, len(d.Rows))
	ts.cells = make([][]*tcell, len(d.Rows))
	type spanCell struct {
		tc *tcell
		h  float64
	}
	var tall []spanCell
	for ri, row := range d.Rows {
		ts.cells[ri] = make([]*tcell, n)
		ts.rowH[ri] = ts.lh + 2*cellPadY
		for ci, c := range row {
			if c.Covered {
				continue
			}
			tc := &tcell{c: c, row: ri, col: ci, x: xs[ci], w: xs[min(n, ci+c.ColSpan)] - xs[ci]}
			st := text
			switch {
			case ri < d.HeaderRows:
				st, tc.align = head, Center
			case (c.Numeric || c.FormWord) && d.NumericCol[ci]:
				tc.align = Right
			case c.ColSpan > 1 || c.RowSpan > 1:
				tc.align = Center
			default:
				tc.align = Left
			}
			if c.Text != "" {
				tc.lines = e.breakCell(c.Text, st, tc.w-2*cellPadX)
			}
			ts.cells[ri][ci] = tc
			h := float64(max(1, len(tc.lines)))*ts.lh + 2*cellPadY
			if c.RowSpan > 1 {
				tall = append(tall, spanCell{tc, h})
			} else {
				ts.rowH[ri] = max(ts.rowH[ri], h)
			}
		}
	}
	// A merged cell taller than its rows makes its last row taller.
	for _, sc := range tall {
		r0, r1 := sc.tc.row, min(len(d.Rows), sc.tc.row+sc.tc.c.RowSpan)-1
		sum := 0.0
		for r := r0; r <= r1; r++ {
			sum += ts.rowH[r]
		}
		if sc.h > sum {
			ts.rowH[r1] += sc.h - sum
		}
	}
	// Rows joined by vertical merges form groups.
	ts.group = make([]int, len(d.Rows))
	for r := d.HeaderRows; r < len(d.Rows); {
		end := r
		for k := r; k <= end; k++ {
			for _, c := range d.Rows[k] {
				if !c.Covered && c.RowSpan > 1 {
					end = max(end, min(len(d.Rows)-1, k+c.RowSpan-1))
				}
			}
		}
		for k := r; k <= end; k++ {
			ts.group[k] = len(ts.groups)
		}
		ts.groups = append(ts.groups, [2]int{r, end})
		r = end + 1
	}
	return ts
}

// fitColumns widens columns from their minimum towards their natural width in
// proportion to the square root of what each still wants, until width is used up.
func fitColumns(minW, natW []float64, width float64) []float64 {
	w := append([]float64(nil), minW...)
	room := width
	for _, v := range w {
		room -= v
	}
	for iter := 0; iter < 10 && room > 1e-6; iter++ {
		total := 0.0
		for i := range w {
			if want := natW[i] - w[i]; want > 1e-6 {
				total += math.Sqrt(want)
			}
		}
		if total == 0 {
			break
		}
		given := 0.0
		for i := range w {
			want := natW[i] - w[i]
			if want <= 1e-6 {
				continue
			}
			add := min(want, room*math.Sqrt(want)/total)
			w[i] += add
			given += add
		}
		room -= given
	}
	return w
}

func (ts *tableSet) height(r0, r1 int) float64 {
	if r1 < r0 {
		return 0
	}
	h := 0.0
	for r := r0; r <= r1; r++ {
		h += ts.rowH[r]
	}
	return h
}

// table lays out a table: caption above, header rows repeated under “续表X-Y” on every
// page it continues onto, 数据来源 below. It breaks between rows, inside a merged group
// too when the group is long (its label and merge are repeated on the next page), and
// keeps at least two body rows together at the start and end of every part. The work
// is linear in the rows.
func (f *flow) table(t *sections.Table) {
	e := f.e
	ts := e.setTable(t, e.textW)
	if !ts.fits && !f.front && f.e.landscape == nil {
		f.rotatedTable(t)
		return
	}
	capLines := e.BreakTitle([]Span{{Text: t.Label(), Style: captionText}}, e.textW)
	capH := float64(len(capLines)) * e.pitch
	headH := 0.0
	if ts.header > 0 {
		headH = ts.height(0, ts.header-1)
	}
	n := len(ts.rowH)
	// The first part holds at least two body rows, or its first group when that is
	// short.
	first := 0.0
	if ts.header < n {
		last := min(n-1, ts.header+1)
		if g := ts.groups[0]; ts.height(g[0], g[1]) <= 0.3*(e.bottom-e.top) {
			last = max(last, g[1])
		}
		first = min(ts.height(ts.header, last), e.bottom-e.top-capH-headH)
	}
	f.ensurePage()
	f.snap()
	f.needBlock(capH+headH+first, "table")
	f.mark(MarkTable, t.Anchor, t.Label(), 0)
	f.marks[len(f.marks)-1].Appendix = t.Appendix
	f.placeLines(capLines, f.x(), e.textW, e.pitch, Center, 0)
	f.tableRows(ts, 0, ts.header-1)
	f.tableBody(ts, capH)
	if t.Source != "" || t.Note != "" {
		f.sourceLine(t.Source, t.Note)
	}
	f.y += e.pitch / 2
}

// tableBody places the body rows part by part.
func (f *flow) tableBody(ts *tableSet, capH float64) {
	e := f.e
	n := len(ts.rowH)
	block := e.bottom - e.top
	fresh := func() bool { return f.y <= e.top+capH+ts.height(0, ts.header-1)+1e-6 }
	for r := ts.header; r < n; {
		// As many rows as fit.
		k, h := r, 0.0
		for k < n && h+ts.rowH[k] <= f.room()+1e-6 {
			h += ts.rowH[k]
			k++
		}
		if k == n {
			f.tableRows(ts, r, n-1)
			return
		}
		if k == r {
			// Not even one row fits: a row taller than a page is split by lines;
			// otherwise the table continues on the next page.
			if fresh() {
				f.splitRow(ts, r, capH)
				r++
				continue
			}
			f.continued(ts, capH)
			continue
		}
		s := k
		// A short merged group that would be split goes whole to the next page, when
		// that leaves this page no more than 30 % empty.
		if g := ts.groups[ts.group[s]]; g[0] < s && g[0] > r {
			left := f.room() - ts.height(r, g[0]-1)
			if ts.height(g[0], g[1]) <= block-capH-ts.height(0, ts.header-1) && left <= 0.3*block {
				s = g[0]
			}
		}
		// At least two body rows at the end of the table and in this part.
		if n-s < 2 {
			s = n - 2
		}
		if s-r < 2 && !fresh() {
			f.continued(ts, capH)
			continue
		}
		s = max(s, r+1)
		f.tableRows(ts, r, s-1)
		r = s
		f.continued(ts, capH)
	}
}

// continued starts a new page with “续表X-Y” and the header rows.
func (f *flow) continued(ts *tableSet, capH float64) {
	f.newPage()
	lines := f.e.Break([]Span{{Text: "续" + ts.t.Number, Style: captionText}}, f.e.textW, 0)
	f.placeLines(lines, f.x(), f.e.textW, f.e.pitch, Center, 0)
	f.tableRows(ts, 0, ts.header-1)
}

// tableRows draws rows r0..r1 at the current position.
func (f *flow) tableRows(ts *tableSet, r0, r1 int) {
	if r1 < r0 {
		return
	}
	x0 := f.x()
	y := f.y
	rowY := make([]float64, r1-r0+2)
	rowY[0] = y
	for r := r0; r <= r1; r++ {
		rowY[r-r0+1] = rowY[r-r0] + ts.rowH[r]
	}
	for r := r0; r <= r1; r++ {
		for ci := range ts.cells[r] {
			tc := ts.cells[r][ci]
			if tc == nil {
				// A cell covered by a merge whose top-left is on an earlier page: redraw
				// the merge's text here.
				if r != r0 {
					continue
				}
				rr, cc, ok := ts.t.Data.Covering(r, ci)
				if !ok {
					continue
				}
				tc = ts.cells[rr][cc]
				if tc == nil || tc.row >= r0 || r != r0 || tc.col != ci {
					continue
				}
			}
			last := min(r1, tc.row+tc.c.RowSpan-1)
			top := max(r0, tc.row)
			cy, ch := rowY[top-r0], rowY[last-r0+1]-rowY[top-r0]
			cx := x0 + tc.x
			if top < ts.header {
				f.page.Fills = append(f.page.Fills, Fill{X: cx, Y: cy, W: tc.w, H: ch, Gray: 0.9})
			}
			p := f.page
			p.Rules = append(p.Rules,
				Rule{X1: cx, Y1: cy, X2: cx + tc.w, Y2: cy, Width: ruleW},
				Rule{X1: cx, Y1: cy + ch, X2: cx + tc.w, Y2: cy + ch, Width: ruleW},
				Rule{X1: cx, Y1: cy, X2: cx, Y2: cy + ch, Width: ruleW},
				Rule{X1: cx + tc.w, Y1: cy, X2: cx + tc.w, Y2: cy + ch, Width: ruleW})
			textH := float64(len(tc.lines)) * ts.lh
			ty := cy + (ch-textH)/2
			for _, ln := range tc.lines {
				p.Texts = appendLine(p.Texts, ln, cx+cellPadX, baseline(ty, ts.lh, ts.size), tc.w-2*cellPadX, tc.align, 0)
				ty += ts.lh
			}
		}
	}
	f.y = rowY[len(rowY)-1]
}

// splitRow places a row taller than a page, its lines carried over page breaks.
func (f *flow) splitRow(ts *tableSet, r int, capH float64) {
	// Each part takes as many lines of every cell as fit; cells run on into later parts.
	remaining := map[int][]Line{}
	for ci, tc := range ts.cells[r] {
		if tc != nil {
			remaining[ci] = tc.lines
		}
	}
	for len(remaining) > 0 {
		if f.room() < ts.lh*2+2*cellPadY {
			f.continued(ts, capH)
		}
		fit := int((f.room() - 2*cellPadY) / ts.lh)
		h := 0.0
		row := make([]*tcell, len(ts.cells[r]))
		for ci, tc := range ts.cells[r] {
			if tc == nil {
				continue
			}
			ls := remaining[ci]
			k := min(fit, len(ls))
			cp := *tc
			cp.lines = ls[:k]
			cp.c = &data.Cell{Text: tc.c.Text, RowSpan: 1, ColSpan: tc.c.ColSpan}
			row[ci] = &cp
			remaining[ci] = ls[k:]
			if len(remaining[ci]) == 0 {
				delete(remaining, ci)
			}
			h = max(h, float64(k)*ts.lh+2*cellPadY)
		}
		saveCells, saveH := ts.cells[r], ts.rowH[r]
		ts.cells[r], ts.rowH[r] = row, h
		f.tableRows(ts, r, r)
		ts.cells[r], ts.rowH[r] = saveCells, saveH
		if len(remaining) > 0 {
			f.continued(ts, capH)
		}
	}
}

// sourceLine prints “数据来源：…” (and a note) in 小五 under a table or figure.
func (f *flow) sourceLine(source, note string) {
	e := f.e
	lh := e.lineHeight(SizeXiaoWu) * 1.2
	var texts []string
	if source != "" {
		texts = append(texts, "数据来源："+source)
	}
	if note != "" {
		texts = append(texts, note)
	}
	for _, t := range texts {
		lines := e.Break([]Span{{Text: t, Style: sourceText}}, e.textW, 0)
		if f.room() < float64(len(lines))*lh {
			f.newPage()
		}
		f.placeLines(lines, f.x(), e.textW, lh, Left, 0)
	}
}

// landscapeEngine is the engine for landscape pages: the portrait text block turned a
// quarter turn, so its width is the portrait block's height. Y is laid out for a page
// whose portrait left margin is the inner one; rotatedTable shifts the other pages.
func (e *Engine) landscapeEngine() *Engine {
	le := *e
	le.landscape = e
	le.pageW, le.pageH = e.pageH, e.pageW
	le.inner = e.pageH - e.bottom
	le.outer = le.inner
	le.textW = e.bottom - e.top
	le.top = e.inner
	le.bottom = e.inner + e.textW
	return &le
}

// rotatedTable sets a table too wide for the portrait text block on landscape pages of
// its own, caption and 续表 as usual. The paragraphs that follow it may fill the rest of
// the current page first (as they may pass a held-back figure); the landscape pages go
// in at the next page break, or before the next heading, table, figure or case box.
func (f *flow) rotatedTable(t *sections.Table) {
	le := f.e.landscapeEngine()
	lf := le.newFlow(false)
	lf.chapterName = f.chapterName
	lf.table(t)
	f.turned = append(f.turned, lf)
	if f.rotated == nil {
		f.rotated = map[string]bool{}
	}
	f.rotated[t.Anchor] = true
	if f.page == nil || f.y <= f.e.top+1e-6 {
		f.placeTurned()
	}
}

// placeTurned puts the pending landscape pages after the current page; the text goes on
// on a new portrait page.
func (f *flow) placeTurned() {
	if len(f.turned) == 0 {
		return
	}
	if f.page != nil {
		if f.y > f.e.top+1e-6 {
			f.page.beforeFull = "table"
		} else if len(f.page.Texts)+len(f.page.Rules)+len(f.page.Pictures) == 0 {
			// An empty portrait page: the landscape pages take its place.
			f.pages = f.pages[:len(f.pages)-1]
		}
	}
	for _, lf := range f.turned {
		base := len(f.pages)
		for i, p := range lf.pages {
			p.Landscape = true
			// The content's top edge lies along the portrait page's left edge: shift it
			// to this page's left margin.
			if dy := f.e.left(base+i) - f.e.inner; dy != 0 {
				shiftY(p, dy)
			}
			f.pages = append(f.pages, p)
			f.pageChapter[p] = f.chapterName
		}
		for _, m := range lf.marks {
			m.Page += base
			m.Y += f.e.left(m.Page) - f.e.inner
			f.marks = append(f.marks, m)
		}
	}
	f.turned = nil
	f.page = nil
}

func shiftY(p *Page, dy float64) {
	for i := range p.Texts {
		p.Texts[i].Y += dy
	}
	for i := range p.Rules {
		p.Rules[i].Y1 += dy
		p.Rules[i].Y2 += dy
	}
	for i := range p.Fills {
		p.Fills[i].Y += dy
	}
	for i := range p.Pictures {
		p.Pictures[i].Y += dy
	}
	for i := range p.Links {
		p.Links[i].Y += dy
	}
}
