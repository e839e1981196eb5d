package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/reportc/reportc/build"
	"github.com/reportc/reportc/sections"
)

// typstSource writes a report's document tree as a Typst document, for the side-by-side
// timing with Typst (scripts/typst-bench, `make bench`): the same text, headings, tables
// with every cell (header rows repeated on continued pages, merged cells merged), case
// boxes, captions and the lists of tables and figures, in the same fonts and page size.
// Charts and photos are boxes of a similar size (Typst cannot draw reportc's charts).
// It is a yardstick, not a second typesetter: no running-header rules, no 续表 captions,
// no statement or board pages.
func typstSource(doc *sections.Doc) string {
	var b strings.Builder
	m := doc.Meta
	fmt.Fprintf(&b, `#set page(paper: "a4", margin: (x: 28.8mm, y: 25mm), header: align(center, text(9pt)[%s]), numbering: "1")
#set text(font: ("Noto Serif SC",), size: 10.5pt, lang: "zh")
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.9em)
#show heading: set text(font: "Noto Sans SC")
#set heading(numbering: "1.1")
#show figure.caption: set text(font: "Noto Sans SC", size: 9pt)
#set table(stroke: 0.5pt, inset: 3pt)
#show table: set text(size: 9pt)
#show table: set par(first-line-indent: 0pt, justify: false)
#align(center, text(24pt, font: "Noto Sans SC")[%s])
#align(center, text(16pt)[%s])
#pagebreak()
#outline()
#pagebreak()
#outline(title: [表目录], target: figure.where(kind: table))
#outline(title: [图目录], target: figure.where(kind: image))
#pagebreak()
`, typstText(m.Title), typstText(m.Title), typstText(m.Subtitle))
	for _, p := range doc.Preface {
		b.WriteString(typstPara(p) + "\n\n")
	}
	for _, ch := range doc.Chapters {
		b.WriteString("#pagebreak()\n")
		if ch.Heading != nil {
			b.WriteString(typstHeading(ch.Heading))
		}
		for _, blk := range ch.Blocks {
			switch x := blk.(type) {
			case *sections.Heading:
				b.WriteString(typstHeading(x))
			case *sections.Para:
				b.WriteString(typstPara(x) + "\n\n")
			case *sections.Table:
				b.WriteString(typstTable(x))
			case *sections.Figure:
				h := "60mm"
				if x.Kind == sections.FigPhoto {
					h = "75mm"
				}
				fmt.Fprintf(&b, "#figure(kind: image, rect(width: 100%%, height: %s, fill: luma(235)), caption: [%s])\n\n", h, typstText(x.Caption))
			case *sections.Case:
				fmt.Fprintf(&b, "#block(stroke: 0.5pt, inset: 8pt, width: 100%%, breakable: true)[\n#align(center, text(font: \"Noto Sans SC\")[%s %s])\n\n", typstText(x.Number), typstText(x.Title))
				for _, p := range x.Paras {
					b.WriteString(typstPara(p) + "\n\n")
				}
				for _, a := range x.Attribution {
					fmt.Fprintf(&b, "#align(right)[%s]\n", typstText(a))
				}
				b.WriteString("]\n\n")
			case *sections.Todo:
				fmt.Fprintf(&b, "#block(fill: luma(230), inset: 4pt)[%s]\n\n", typstText(x.Text()))
			}
		}
	}
	return b.String()
}

func typstHeading(h *sections.Heading) string {
	mark := strings.Repeat("=", max(1, h.Level))
	if h.Number == "" {
		return fmt.Sprintf("#heading(level: %d, numbering: none)[%s]\n\n", max(1, h.Level), typstText(h.Text))
	}
	return mark + " " + typstText(h.Text) + "\n\n"
}

func typstPara(p *sections.Para) string {
	var b strings.Builder
	for _, r := range p.Runs {
		if r.Bold {
			b.WriteString("#strong[" + typstText(r.Text) + "]")
		} else {
			b.WriteString(typstText(r.Text))
		}
	}
	return b.String()
}

func typstTable(t *sections.Table) string {
	d := t.Data
	if d == nil || d.Cols == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "#figure(kind: table, caption: figure.caption(position: top)[%s], table(columns: %d,\n", typstText(t.Caption), d.Cols)
	row := func(r int) {
		for _, cell := range d.Rows[r] {
			if cell == nil || cell.Covered {
				continue
			}
			args := ""
			if cell.RowSpan > 1 {
				args += fmt.Sprintf("rowspan: %d, ", cell.RowSpan)
			}
			if cell.ColSpan > 1 {
				args += fmt.Sprintf("colspan: %d, ", cell.ColSpan)
			}
			if cell.Numeric || cell.FormWord {
				args += "align: right, "
			}
			fmt.Fprintf(&b, "  table.cell(%s)[%s],\n", args, typstText(cell.Text))
		}
	}
	if d.HeaderRows > 0 {
		b.WriteString(" table.header(\n")
		for r := 0; r < d.HeaderRows && r < len(d.Rows); r++ {
			row(r)
		}
		b.WriteString(" ),\n")
	}
	for r := d.HeaderRows; r < len(d.Rows); r++ {
		row(r)
	}
	b.WriteString("))\n")
	if t.Source != "" {
		fmt.Fprintf(&b, "#text(size: 9pt)[数据来源：%s]\n", typstText(t.Source))
	}
	b.WriteString("\n")
	return b.String()
}

// typstText makes text literal Typst markup.
func typstText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\#$*_@<>`+"`"+`[]~=/"'-+`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestTypstSource: the example's Typst yardstick has every table cell and heading of the
// document, escaped. REPORTC_TYPST=FILE writes it for scripts/bench-compare.sh.
func TestTypstSource(t *testing.T) {
	res, err := buildAll(example, false, build.Edition{})
	if err != nil {
		t.Fatal(err)
	}
	src := typstSource(res.doc)
	if n := strings.Count(src, "table.cell("); n < 500 {
		t.Errorf("only %d table cells in the Typst source", n)
	}
	if n := strings.Count(src, "#figure(kind: table"); n != len(res.doc.Tables) {
		t.Errorf("%d tables in the Typst source, %d in the document", n, len(res.doc.Tables))
	}
	if got := typstText(`a#b[c]*d_`); got != `a\#b\[c\]\*d\_` {
		t.Errorf("typstText: %s", got)
	}
	if out := os.Getenv("REPORTC_TYPST"); out != "" {
		if err := os.WriteFile(out, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
