package pdf

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"

	"github.com/reportc/reportc/layout"
	"github.com/reportc/reportc/pdfupdate"
)

// addNavigation appends an incremental update to a finished PDF: the bookmark outline
// (front matter, chapters to level 3, the lists, the appendix tables), link annotations
// for list entries and in-text references, and page labels equal to the printed numbers.
//
// maroto does not expose gofpdf's bookmarks or links and nothing writes page labels, so
// reportc adds them itself. An incremental update leaves gofpdf's bytes untouched and is
// written in a fixed order, so identical input still gives an identical file.
//
// pre, when not nil, adds its own objects to the same update first (the subset fonts).
func addNavigation(src []byte, b *layout.Book, pre func(u *update, obj func(int) ([]byte, error)) error) ([]byte, error) {
	tr, err := readTrailer(src)
	if err != nil {
		return nil, err
	}
	offsets, err := readXref(src, tr.startxref)
	if err != nil {
		return nil, err
	}
	obj := func(n int) ([]byte, error) {
		off, ok := offsets[n]
		if !ok {
			return nil, fmt.Errorf("object %d not in xref", n)
		}
		end := bytes.Index(src[off:], []byte("endobj"))
		if end < 0 {
			return nil, fmt.Errorf("object %d has no endobj", n)
		}
		body := src[off : off+end]
		start := bytes.Index(body, []byte("obj"))
		// A copy: callers append to it, which must never write into src.
		return bytes.Clone(bytes.TrimSpace(body[start+3:])), nil
	}
	catalog, err := obj(tr.root)
	if err != nil {
		return nil, err
	}
	pagesRef := regexp.MustCompile(`/Pages (\d+) 0 R`).FindSubmatch(catalog)
	if pagesRef == nil {
		return nil, fmt.Errorf("catalog has no /Pages")
	}
	pn, _ := strconv.Atoi(string(pagesRef[1]))
	pagesObj, err := obj(pn)
	if err != nil {
		return nil, err
	}
	kidsM := regexp.MustCompile(`/Kids \[([^\]]*)\]`).FindSubmatch(pagesObj)
	if kidsM == nil {
		return nil, fmt.Errorf("page tree has no /Kids")
	}
	var pageObj []int
	for _, m := range regexp.MustCompile(`(\d+) 0 R`).FindAllSubmatch(kidsM[1], -1) {
		n, _ := strconv.Atoi(string(m[1]))
		pageObj = append(pageObj, n)
	}
	if len(pageObj) != len(b.Pages) {
		return nil, fmt.Errorf("PDF has %d pages, layout has %d", len(pageObj), len(b.Pages))
	}

	u := &update{next: tr.size, objs: map[int][]byte{}}
	if pre != nil {
		if err := pre(u, obj); err != nil {
			return nil, err
		}
	}
	const k = 72 / 25.4
	dest := func(page int, y float64) string {
		top := (b.Height - y) * k
		return fmt.Sprintf("[%d 0 R /XYZ 0 %.2f null]", pageObj[page], top+12)
	}

	// Links: list entries and in-text references.
	for i, p := range b.Pages {
		var annots []int
		addLink := func(x, y, w, h float64, anchor string) {
			m, ok := b.Anchors[anchor]
			if !ok {
				return
			}
			n := u.add(fmt.Sprintf("<</Type /Annot /Subtype /Link /Border [0 0 0] /Rect [%.2f %.2f %.2f %.2f] /Dest %s>>",
				x*k, (b.Height-y-h)*k, (x+w)*k, (b.Height-y)*k, dest(m.Page, m.Y)))
			annots = append(annots, n)
		}
		for _, l := range p.Links {
			addLink(l.X, l.Y, l.W, l.H, l.Anchor)
		}
		for _, t := range p.Texts {
			if t.Ref != "" {
				size := t.Style.Size * 25.4 / 72
				addLink(t.X, t.Y-size*0.9, t.W, size*1.2, t.Ref)
			}
		}
		if len(annots) == 0 {
			continue
		}
		po, err := obj(pageObj[i])
		if err != nil {
			return nil, err
		}
		var refs bytes.Buffer
		for _, a := range annots {
			fmt.Fprintf(&refs, "%d 0 R ", a)
		}
		u.objs[pageObj[i]] = append(bytes.TrimSuffix(po, []byte(">>")), []byte(fmt.Sprintf("\n/Annots [%s]>>", bytes.TrimSpace(refs.Bytes())))...)
	}

	// Landscape pages: a landscape media box over the content (laid out on the
	// portrait page's coordinates, so it lies at the top of the tall box), turned a
	// quarter turn counter-clockwise in the booklet.
	for i, p := range b.Pages {
		if !p.Landscape {
			continue
		}
		po, ok := u.objs[pageObj[i]]
		if !ok {
			var err error
			if po, err = obj(pageObj[i]); err != nil {
				return nil, err
			}
		}
		u.objs[pageObj[i]] = append(bytes.TrimSuffix(po, []byte(">>")), []byte(fmt.Sprintf("\n/MediaBox [0 %.2f %.2f %.2f] /Rotate 270>>",
			(b.Height-b.Width)*k, b.Height*k, b.Height*k))...)
	}

	// Outline.
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
	for _, m := range b.Marks {
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
		it.n = u.reserve()
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
		var d bytes.Buffer
		if it == root {
			d.WriteString("<</Type /Outlines")
		} else {
			fmt.Fprintf(&d, "<</Title %s /Parent %d 0 R /Dest %s", pdfupdate.TextString(it.title), it.parent.n, dest(it.page, it.y))
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
		u.objs[it.n] = d.Bytes()
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

	// Page labels equal to the printed numbers.
	var nums bytes.Buffer
	nums.WriteString("0 <</P " + pdfupdate.TextString(b.Pages[0].Label) + ">>")
	if b.FirstBody > 1 {
		nums.WriteString(" 1 <</S /r>>")
	}
	fmt.Fprintf(&nums, " %d <</S /D>>", b.FirstBody)

	cat := bytes.TrimSuffix(catalog, []byte(">>"))
	cat = append(cat, []byte(fmt.Sprintf("\n/Outlines %d 0 R\n/PageMode /UseOutlines\n/PageLabels <</Nums [%s]>>>>", root.n, nums.String()))...)
	u.objs[tr.root] = cat
	return u.write(src, tr), nil
}

type trailer struct {
	size, root, info, startxref int
}

func readTrailer(src []byte) (trailer, error) {
	var t trailer
	i := bytes.LastIndex(src, []byte("trailer"))
	if i < 0 {
		return t, fmt.Errorf("no trailer")
	}
	tail := src[i:]
	get := func(re string) int {
		m := regexp.MustCompile(re).FindSubmatch(tail)
		if m == nil {
			return -1
		}
		n, _ := strconv.Atoi(string(m[1]))
		return n
	}
	t.size, t.root, t.info = get(`/Size (\d+)`), get(`/Root (\d+) 0 R`), get(`/Info (\d+) 0 R`)
	t.startxref = get(`startxref\s+(\d+)`)
	if t.size < 0 || t.root < 0 || t.startxref < 0 {
		return t, fmt.Errorf("incomplete trailer")
	}
	return t, nil
}

func readXref(src []byte, at int) (map[int]int, error) {
	if at >= len(src) || !bytes.HasPrefix(src[at:], []byte("xref")) {
		return nil, fmt.Errorf("no xref table at %d", at)
	}
	lines := bytes.Split(src[at:], []byte("\n"))
	out := map[int]int{}
	for i := 1; i < len(lines); {
		f := bytes.Fields(lines[i])
		if len(f) != 2 {
			break
		}
		first, _ := strconv.Atoi(string(f[0]))
		cnt, _ := strconv.Atoi(string(f[1]))
		for j := 0; j < cnt && i+1+j < len(lines); j++ {
			e := bytes.Fields(lines[i+1+j])
			if len(e) == 3 && string(e[2]) == "n" {
				off, _ := strconv.Atoi(string(e[0]))
				out[first+j] = off
			}
		}
		i += 1 + cnt
	}
	return out, nil
}

// update collects new and replaced objects of an incremental update.
type update struct {
	next int
	objs map[int][]byte
}

func (u *update) reserve() int {
	n := u.next
	u.next++
	return n
}

func (u *update) add(body string) int {
	n := u.reserve()
	u.objs[n] = []byte(body)
	return n
}

func (u *update) write(src []byte, t trailer) []byte {
	out, _ := pdfupdate.Append(src, u.objs, u.next, t.root, t.info, t.startxref)
	return out
}
