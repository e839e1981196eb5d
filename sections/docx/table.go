package docx

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/sections"
)

// Table cell text is 五号 (10.5 pt); cell margins are 1.5 mm left and right.
const (
	cellSize = 10.5
	cellPadX = 85 // twips
	cellPadY = 28
	slack    = 60
)

// table writes a numbered table: caption above (Table Caption, or Appendix Table Caption
// for 表1…), the table with real merges and repeated header rows, 数据来源 below.
func (w *writer) table(t *sections.Table) { w.tableWidth(t, w.g.textW) }

// tableWidth writes a table for a text block of the given width (twips).
func (w *writer) tableWidth(t *sections.Table, textW int) {
	style := "TableCaption"
	if t.Appendix {
		style = "AppendixTableCaption"
	}
	w.para(pp(style), w.captionRuns(t.Anchor, t.Number, t.Caption, ""))
	if t.Data != nil && len(t.Data.Rows) > 0 {
		w.raw(w.tableXML(t, textW))
	}
	if t.Source != "" || t.Note != "" {
		w.sourceLines(t.Source, t.Note)
	} else {
		w.pendingBefore = w.g.pitch / 2
	}
}

type origin struct{ r, c int }

// textBytes is the length of the text of a table's cells.
func textBytes(rows [][]*data.Cell) int {
	n := 0
	for _, row := range rows {
		for _, c := range row {
			if c != nil {
				n += len(c.Text)
			}
		}
	}
	return n
}

func (w *writer) tableXML(t *sections.Table, textW int) string {
	d := t.Data
	rows := d.Rows
	cols := d.Cols
	for _, row := range rows {
		cols = max(cols, len(row))
	}
	size, widths := tableFit(t, cols, textW)
	// A table that steps down sets its cells' text at the smaller size.
	rpr := ""
	if size != cellSize {
		rpr = sz(size)
	}
	cell := func(r, c int) *data.Cell {
		if r < len(rows) && c < len(rows[r]) && rows[r][c] != nil {
			return rows[r][c]
		}
		return nil
	}
	// owner[r][c] is the top-left cell of the merge covering (r, c).
	owner := make([][]*origin, len(rows))
	for r := range rows {
		owner[r] = make([]*origin, cols)
	}
	for r := range rows {
		for c := 0; c < cols; c++ {
			x := cell(r, c)
			if x == nil || x.Covered || (x.RowSpan <= 1 && x.ColSpan <= 1) {
				continue
			}
			for rr := r; rr < min(len(rows), r+max(1, x.RowSpan)); rr++ {
				for cc := c; cc < min(cols, c+max(1, x.ColSpan)); cc++ {
					if rr != r || cc != c {
						owner[rr][cc] = &origin{r, c}
					}
				}
			}
		}
	}
	// Rows joined by a vertical merge stay on one page, as in the PDF: the paragraphs
	// of every row but the group's last keep with the next.
	keep := make([]bool, len(rows))
	for r := d.HeaderRows; r < len(rows); {
		end := r
		for k := r; k <= end; k++ {
			for c := 0; c < cols; c++ {
				if x := cell(k, c); x != nil && !x.Covered && x.RowSpan > 1 {
					end = max(end, min(len(rows)-1, k+x.RowSpan-1))
				}
			}
		}
		// A group longer than 30 % of the page breaks inside, as in the PDF (which
		// repeats its label on the next page; Word continues the merge).
		rowH := (cellSize*1.45*20 + 2*cellPadY)
		if float64(end-r+1)*rowH <= 0.3*w.g.blockH {
			for k := r; k < end; k++ {
				keep[k] = true
			}
		}
		r = end + 1
	}
	numericCol := func(c int) bool { return c < len(d.NumericCol) && d.NumericCol[c] }
	span := func(c, n int) (int, int) { // grid span clipped to the table, and its width
		n = min(max(1, n), cols-c)
		wd := 0
		for i := c; i < c+n; i++ {
			wd += widths[i]
		}
		return n, wd
	}

	var b strings.Builder
	// About 300 bytes of XML per cell, and its text.
	b.Grow(1024 + 300*len(rows)*cols + textBytes(rows))
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="ReportTable"/>`)
	total := 0
	for _, x := range widths {
		total += x
	}
	fmt.Fprintf(&b, `<w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/>`, total)
	b.WriteString(borders("tblBorders", 6))
	b.WriteString(`<w:tblLayout w:type="fixed"/>`)
	fmt.Fprintf(&b, `<w:tblCellMar><w:top w:w="%d" w:type="dxa"/><w:left w:w="%d" w:type="dxa"/><w:bottom w:w="%d" w:type="dxa"/><w:right w:w="%d" w:type="dxa"/></w:tblCellMar>`,
		cellPadY, cellPadX, cellPadY, cellPadX)
	b.WriteString(`<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>`)
	// The caption as the table's alternative text.
	b.WriteString(`<w:tblCaption w:val="` + attr(t.Label()) + `"/>`)
	b.WriteString(`</w:tblPr><w:tblGrid>`)
	for _, x := range widths {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, x)
	}
	b.WriteString(`</w:tblGrid>`)

	// tcOpen writes a cell's start and properties; the caller writes its paragraph
	// and `</w:tc>` straight after (no string per cell).
	tcOpen := func(width, gridSpan int, vmerge string, head bool) {
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="`)
		b.WriteString(strconv.Itoa(width))
		b.WriteString(`" w:type="dxa"/>`)
		if gridSpan > 1 {
			b.WriteString(`<w:gridSpan w:val="`)
			b.WriteString(strconv.Itoa(gridSpan))
			b.WriteString(`"/>`)
		}
		switch vmerge {
		case "restart":
			b.WriteString(`<w:vMerge w:val="restart"/>`)
		case "continue":
			b.WriteString(`<w:vMerge/>`)
		}
		if head {
			b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="E6E6E6"/>`)
		}
		b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
	}
	tc := func(width, gridSpan int, vmerge string, head bool, content string) {
		tcOpen(width, gridSpan, vmerge, head)
		b.WriteString(content)
		b.WriteString(`</w:tc>`)
	}
	for r := range rows {
		head := r < d.HeaderRows
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if head {
			b.WriteString(`<w:tblHeader/>`)
		}
		b.WriteString(`</w:trPr>`)
		pstyle := "TableText"
		if head {
			pstyle = "TableHead"
		}
		kn := ""
		if keep[r] {
			kn = `<w:keepNext/>`
		}
		empty := `<w:p><w:pPr>` + pp(pstyle, kn) + `</w:pPr></w:p>`
		for c := 0; c < cols; {
			x := cell(r, c)
			if x != nil && x.Covered {
				o := owner[r][c]
				switch {
				case o != nil && o.r < r && o.c == c:
					// Under a vertical merge: a continue cell as wide as the merge.
					n, wd := span(c, cell(o.r, o.c).ColSpan)
					tc(wd, n, "continue", head, empty)
					c += n
				case o != nil:
					c++ // inside a horizontal merge: covered by the gridSpan
				default:
					_, wd := span(c, 1)
					tc(wd, 1, "", head, empty)
					c++
				}
				continue
			}
			n := 1
			rowSpan := 1
			text := ""
			numeric := false
			if x != nil {
				n = x.ColSpan
				rowSpan = x.RowSpan
				text = x.Text
				numeric = x.Numeric
			}
			n, wd := span(c, n)
			vm := ""
			if rowSpan > 1 && r+1 < len(rows) {
				vm = "restart"
			}
			jc := ""
			switch {
			case head:
			case numeric && numericCol(c):
				jc = `<w:jc w:val="right"/>`
			case n > 1 || rowSpan > 1:
				jc = `<w:jc w:val="center"/>`
			}
			tcOpen(wd, n, vm, head)
			b.WriteString(`<w:p><w:pPr><w:pStyle w:val="`) // pp(pstyle, kn, jc)
			b.WriteString(pstyle)
			b.WriteString(`"/>`)
			b.WriteString(kn)
			b.WriteString(jc)
			b.WriteString(`</w:pPr>`)
			b.WriteString(run(text, rpr))
			b.WriteString(`</w:p></w:tc>`)
			c += n
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}

// columnWidths fits the columns to their content in the text width (twips), the way
// the PDF does: every column gets at least its longest unbreakable piece (up to six
// characters), and the rest is shared in proportion to the natural widths.
func columnWidths(t *sections.Table, cols, textW int) []int {
	ws, _ := columnWidthsAt(t, cols, textW, cellSize)
	return ws
}

// tableSizes are the type sizes a table steps down through when its columns do not
// fit at 五号, as in the PDF: 小五, then 六号.
var tableSizes = []float64{cellSize, 9, 7.5}

// tableFit returns the largest of tableSizes at which every column holds its widest
// unbreakable piece, and the column widths at that size (at 六号 when none fits).
func tableFit(t *sections.Table, cols, textW int) (float64, []int) {
	for _, size := range tableSizes {
		if ws, ok := columnWidthsAt(t, cols, textW, size); ok {
			return size, ws
		}
	}
	size := tableSizes[len(tableSizes)-1]
	ws, _ := columnWidthsAt(t, cols, textW, size)
	return size, ws
}

// columnWidthsAt is columnWidths for text of the given size; ok is false when even the
// widest unbreakable pieces (numbers, Latin words) do not fit side by side.
func columnWidthsAt(t *sections.Table, cols, textW int, size float64) (res []int, ok bool) {
	d := t.Data
	em := size * 20 // twips
	minW := make([]float64, cols)
	hardW := make([]float64, cols) // the widest unbreakable piece (a number, a word)
	natW := make([]float64, cols)
	for ri, row := range d.Rows {
		for ci, c := range row {
			if ci >= cols || c == nil || c.Covered || c.ColSpan > 1 || c.Text == "" {
				continue
			}
			nat, widest := textWidth(c.Text, em)
			if ri < d.HeaderRows {
				widest = math.Max(widest, 2*em)
				nat = math.Min(nat, math.Max(widest, nat/2))
			}
			// A little slack: the estimate must not make a viewer wrap "序号".
			minW[ci] = math.Max(minW[ci], math.Max(widest, math.Min(nat, 6*em))+2*cellPadX+slack)
			hardW[ci] = math.Max(hardW[ci], widest+2*cellPadX+slack)
			natW[ci] = math.Max(natW[ci], nat+2*cellPadX+slack)
		}
	}
	sumMin, sumNat, sumHard := 0.0, 0.0, 0.0
	for i := range cols {
		if natW[i] == 0 {
			natW[i], minW[i] = 340, 340
		}
		sumMin += minW[i]
		sumHard += max(hardW[i], 340)
		sumNat += natW[i]
	}
	width := float64(textW)
	out := make([]float64, cols)
	switch {
	case sumNat <= width:
		for i := range cols {
			out[i] = natW[i] + (width-sumNat)*natW[i]/sumNat
		}
	case sumMin < width:
		flex := sumNat - sumMin
		for i := range cols {
			out[i] = minW[i] + (width-sumMin)*(natW[i]-minW[i])/flex
		}
	default:
		for i := range cols {
			out[i] = minW[i] * width / sumMin
		}
	}
	// Whole twips that add up to the text width.
	res = make([]int, cols)
	acc, prev := 0.0, 0
	for i := range cols {
		acc += out[i]
		cur := int(math.Round(acc))
		res[i] = cur - prev
		prev = cur
	}
	return res, sumHard <= width
}

// textWidth estimates the natural width of a cell's text and of its widest
// unbreakable piece: Han characters and full-width forms are one em, other
// characters about 0.55 em, and a run of Latin letters and digits does not break.
func textWidth(s string, em float64) (nat, widest float64) {
	word := 0.0
	flush := func() {
		widest = math.Max(widest, word)
		word = 0
	}
	for _, line := range strings.Split(s, "\n") {
		lw := 0.0
		rs := []rune(line)
		for i, r := range rs {
			switch {
			case isWide(r) && i > 0 && unicode.IsDigit(rs[i-1]):
				// A number keeps its unit (2023年, 12所, 3751.28万元), as in the PDF.
				word += em
				lw += em
				if (r == '万' || r == '亿') && i+1 < len(rs) && isWide(rs[i+1]) {
					continue
				}
				flush()
			case isWide(r) && i > 1 && (rs[i-1] == '万' || rs[i-1] == '亿') && unicode.IsDigit(rs[i-2]):
				word += em
				lw += em
				flush()
			case isWide(r):
				flush()
				lw += em
				widest = math.Max(widest, em)
			case unicode.IsSpace(r):
				flush()
				lw += 0.3 * em
			default:
				word += 0.55 * em
				lw += 0.55 * em
			}
		}
		flush()
		nat = math.Max(nat, lw)
	}
	return nat, widest
}

func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x2E80 && r <= 0x9FFF) || (r >= 0xFF00 && r <= 0xFFEF) ||
		(r >= 0x3000 && r <= 0x303F) || r == '—' || r == '…' || r == '“' || r == '”'
}
