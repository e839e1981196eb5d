package pdf

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/reportc/reportc/layout"
	"github.com/reportc/reportc/pdfupdate"
)

// navigation writes the links, bookmarks and page labels of a book: link annotations
// for list entries and in-text references, the bookmark outline (front matter,
// chapters to level 3, the lists, the appendix tables) and page labels equal to the
// printed numbers. Every page's object number is reserved before the pages are
// written, so destinations can name them.
type navigation struct {
	b       *layout.Book
	pageObj []int
}

// dest is an explicit destination: the top of the page, 12 pt above y.
func (nv navigation) dest(page int, y float64) string {
	top := (nv.b.Height - y) * ptPerMM
	return fmt.Sprintf("[%d 0 R /XYZ 0 %.2f null]", nv.pageObj[page], top+12)
}

// links writes the link annotations of page p and returns their object numbers.
func (nv navigation) links(w *objWriter, p *layout.Page) []int {
	var annots []int
	h := nv.b.Height
	add := func(x, y, wd, ht float64, anchor string) {
		m, ok := nv.b.Anchors[anchor]
		if !ok || m.Page < 0 || m.Page >= len(nv.pageObj) {
			return
		}
		k := ptPerMM
		annots = append(annots, w.add(fmt.Sprintf("<</Type /Annot /Subtype /Link /Border [0 0 0] /Rect [%.2f %.2f %.2f %.2f] /Dest %s>>",
			x*k, (h-y-ht)*k, (x+wd)*k, (h-y)*k, nv.dest(m.Page, m.Y))))
	}
	for _, l := range p.Links {
		add(l.X, l.Y, l.W, l.H, l.Anchor)
	}
	for _, t := range p.Texts {
		if t.Ref != "" {
			size := t.Style.Size * 25.4 / 72
			add(t.X, t.Y-size*0.9, t.W, size*1.2, t.Ref)
		}
	}
	return annots
}

// outline writes the bookmark tree and returns the number of its root.
func (nv navigation) outline(w *objWriter) int {
	type item struct {
		title    string
		page     int
		y        float64
		level    int
		n        int
		children []*item
		parent   *item
	}
	root := &item{level: 0}
	stack := []*item{root}
	for _, m := range nv.b.Marks {
		level := 0
		switch {
		case m.Kind == layout.MarkFront:
			level = 1
		case m.Kind == layout.MarkHeading && m.Level <= 3:
			level = m.Level
		case m.Kind == layout.MarkTable && m.Appendix:
			level = 2
		default:
			continue
		}
		if m.Page < 0 || m.Page >= len(nv.pageObj) {
			continue
		}
		it := &item{title: m.Text, page: m.Page, y: m.Y, level: level}
		for len(stack) > 1 && stack[len(stack)-1].level >= level {
			stack = stack[:len(stack)-1]
		}
		parent := stack[len(stack)-1]
		it.parent = parent
		parent.children = append(parent.children, it)
		stack = append(stack, it)
	}
	var number func(it *item)
	number = func(it *item) {
		it.n = w.reserve()
		for _, c := range it.children {
			number(c)
		}
	}
	number(root)
	var count func(it *item) int
	count = func(it *item) int {
		n := len(it.children)
		for _, c := range it.children {
			n += count(c)
		}
		return n
	}
	var emit func(it, prev, next *item)
	emit = func(it, prev, next *item) {
		var d strings.Builder
		if it == root {
			d.WriteString("<</Type /Outlines")
		} else {
			fmt.Fprintf(&d, "<</Title %s /Parent %d 0 R /Dest %s", pdfupdate.TextString(it.title), it.parent.n, nv.dest(it.page, it.y))
			if prev != nil {
				fmt.Fprintf(&d, " /Prev %d 0 R", prev.n)
			}
			if next != nil {
				fmt.Fprintf(&d, " /Next %d 0 R", next.n)
			}
		}
		if len(it.children) > 0 {
			c := count(it)
			if it != root && it.level >= 2 {
				c = -c // closed below level 1
			}
			fmt.Fprintf(&d, " /First %d 0 R /Last %d 0 R /Count %d", it.children[0].n, it.children[len(it.children)-1].n, c)
		}
		d.WriteString(">>")
		w.put(it.n, d.String())
		for i, c := range it.children {
			var p, n *item
			if i > 0 {
				p = it.children[i-1]
			}
			if i+1 < len(it.children) {
				n = it.children[i+1]
			}
			emit(c, p, n)
		}
	}
	emit(root, nil, nil)
	return root.n
}

// pageLabels is the catalog's /PageLabels value: the cover labelled by its printed
// name, the front matter in lower-case roman numerals, the body in arabic numerals.
func (nv navigation) pageLabels() string {
	var nums bytes.Buffer
	nums.WriteString("<</Nums [0 <</P " + pdfupdate.TextString(nv.b.Pages[0].Label) + ">>")
	if nv.b.FirstBody > 1 {
		nums.WriteString(" 1 <</S /r>>")
	}
	fmt.Fprintf(&nums, " %d <</S /D>>]>>", nv.b.FirstBody)
	return nums.String()
}
