package docx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	_ "image/jpeg" // photo sizes
	_ "image/png"  // chart and photo sizes
	"io"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/internal/orient"
	"github.com/reportc/reportc/sections"
)

// geom is the page set-up in twips.
type geom struct {
	pageW, pageH             int
	top, bottom, left, right int
	header, footer           int
	textW                    int     // text block width
	blockH                   float64 // text block height, twips
	size                     float64 // body size, pt
	pitch                    int     // body line pitch, twips
}

func newGeom(s data.Settings) geom {
	p := s.Page
	def := data.Page{Width: 210, Height: 297, Top: 37, Bottom: 35, Inner: 28, Outer: 26}
	pick := func(v, d float64) float64 {
		if v <= 0 {
			return d
		}
		return v
	}
	p.Width, p.Height = pick(p.Width, def.Width), pick(p.Height, def.Height)
	p.Top, p.Bottom = pick(p.Top, def.Top), pick(p.Bottom, def.Bottom)
	p.Inner, p.Outer = pick(p.Inner, def.Inner), pick(p.Outer, def.Outer)
	g := geom{
		pageW: twips(p.Width), pageH: twips(p.Height),
		top: twips(p.Top), bottom: twips(p.Bottom), left: twips(p.Inner), right: twips(p.Outer),
		size: s.BodySize,
	}
	if g.size <= 0 {
		g.size = 12
	}
	g.textW = g.pageW - g.left - g.right
	g.blockH = float64(g.pageH - g.top - g.bottom)
	g.pitch = int(math.Round(g.size * 1.6 * 20))
	// The running header sits in the upper margin and the page number half-way
	// down the lower margin, as in the PDF.
	g.header = twips(p.Top * 0.6)
	g.footer = twips(p.Bottom * 0.4)
	return g
}

// block is one body-level element: a paragraph (kept open so that a section break can
// be attached to it) or finished XML such as a table.
type block struct {
	xml string
	p   *para
}

type para struct {
	ppr     string // pPr content without sectPr
	sect    string // sectPr, when the paragraph ends a section
	content string
	before  int // extra space before and after, twips (around case boxes and tables)
	after   int
}

// renderedSize is an upper bound on the length of render's output less the space
// before and after it adds (a few dozen bytes, counted by documentXML).
func (p *para) renderedSize() int {
	return len("<w:p><w:pPr></w:pPr></w:p>") + len(p.ppr) + len(p.sect) + len(p.content)
}

func (p *para) render(b io.StringWriter) {
	b.WriteString("<w:p>")
	ppr := withSpacing(p.ppr, p.before, p.after)
	if ppr != "" || p.sect != "" {
		b.WriteString("<w:pPr>")
		b.WriteString(ppr)
		b.WriteString(p.sect)
		b.WriteString("</w:pPr>")
	}
	b.WriteString(p.content)
	b.WriteString("</w:p>")
}

// withSpacing adds space before/after (twips, 0 = none) to paragraph properties: into
// their w:spacing if they have one, or as a w:spacing at its place in the schema order
// (before w:ind, w:jc and w:outlineLvl).
func withSpacing(ppr string, before, after int) string {
	if before <= 0 && after <= 0 {
		return ppr
	}
	attrs := ""
	if before > 0 {
		attrs += fmt.Sprintf(` w:before="%d"`, before)
	}
	if after > 0 {
		attrs += fmt.Sprintf(` w:after="%d"`, after)
	}
	if i := strings.Index(ppr, "<w:spacing"); i >= 0 {
		end := i + strings.Index(ppr[i:], "/>")
		tag := ppr[i:end]
		for _, a := range []string{"w:before", "w:after"} {
			if j := strings.Index(tag, " "+a+`="`); j >= 0 && strings.Contains(attrs, a+`="`) {
				k := j + len(a) + 3
				k += strings.Index(tag[k:], `"`) + 1
				tag = tag[:j] + tag[k:]
			}
		}
		return ppr[:i] + tag + attrs + ppr[end:]
	}
	at := len(ppr)
	for _, t := range []string{"<w:ind", "<w:contextualSpacing", "<w:jc", "<w:outlineLvl"} {
		if i := strings.Index(ppr, t); i >= 0 && i < at {
			at = i
		}
	}
	return ppr[:at] + "<w:spacing" + attrs + "/>" + ppr[at:]
}

type mediaFile struct {
	file, rid string
	data      []byte
}

type hdrftr struct {
	kind string // "header" or "footer"
	file string
	rid  string
	xml  string
}

type writer struct {
	d   *sections.Doc
	opt Options
	g   geom

	blocks []block
	final  string // sectPr of the last section

	marks  map[string]string // anchor -> bookmark name (looked up, never iterated)
	bmID   int
	drawID int
	media  []mediaFile
	hdrftr []hdrftr
	nextID int // next free relationship number

	// pendingBefore is space the next paragraph takes before it (after a case box
	// or a table without a source line), instead of an empty spacer paragraph.
	pendingBefore int
	gb            bool // GB/T 9704 heading numbers (一、（一）1.（1）)
	faces         faces
	numbered      bool // headings numbered through numbering.xml
	// breakNext puts the next paragraph (or case box) on a new page: the PDF broke
	// the page before its block.
	breakNext bool
	// bodyRefs are the footers and the empty first-page header of the body, which
	// every chapter's sections name.
	bodyRefs []hfRef
}

func newWriter(d *sections.Doc, opt Options) *writer {
	w := &writer{d: d, opt: opt, g: newGeom(d.Meta.Settings), marks: map[string]string{}, nextID: 5}
	w.gb = gbNumbering(d.Meta.Settings.Numbering)
	w.faces = newFaces(d.Meta.Settings.DocxFonts)
	w.numbered = d.Meta.Settings.Numbering != "none"
	// Bookmark names, in document order, unique.
	used := map[string]bool{}
	name := func(anchor string) {
		if anchor == "" || w.marks[anchor] != "" {
			return
		}
		n := bookmarkName(anchor)
		for i := 2; used[n]; i++ {
			suf := fmt.Sprintf("_%d", i)
			n = bookmarkName(anchor)
			if len(n)+len(suf) > 40 {
				n = n[:40-len(suf)]
			}
			n += suf
		}
		used[n] = true
		w.marks[anchor] = n
	}
	for _, ch := range d.Chapters {
		if ch.Heading != nil {
			name(ch.Heading.Anchor)
		}
		for _, b := range ch.Blocks {
			switch b := b.(type) {
			case *sections.Heading:
				name(b.Anchor)
			case *sections.Table:
				name(b.Anchor)
			case *sections.Figure:
				name(b.Anchor)
			case *sections.Case:
				name(b.Anchor)
			}
		}
	}
	return w
}

// bookmarkName makes a valid Word bookmark name of an anchor: "_" + the anchor with
// every character other than an ASCII letter, digit or "_" replaced by "_", at most 40
// characters. The leading underscore makes it a hidden bookmark.
func bookmarkName(anchor string) string {
	var b strings.Builder
	b.WriteByte('_')
	for _, r := range anchor {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	s := b.String()
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}

func (w *writer) rid() string {
	id := fmt.Sprintf("rId%d", w.nextID)
	w.nextID++
	return id
}

// XML helpers.

func esc(s string) string {
	if !needsEscape(s) {
		return s // what EscapeText would write, without copying it
	}
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// needsEscape reports whether xml.EscapeText changes s: a markup character, a tab
// or line end, a byte that is not UTF-8, or a character XML does not allow.
func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\'' || c == '&' || c == '<' || c == '>' {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return true
		}
		if !(r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			return true
		}
		i += n
	}
	return false
}

func attr(s string) string { return esc(s) }

// pp builds paragraph properties: a style and further properties, which the caller
// gives in schema order.
func pp(style string, more ...string) string {
	s := ""
	if style != "" {
		s = `<w:pStyle w:val="` + style + `"/>`
	}
	return s + strings.Join(more, "")
}

const bold = `<w:b/><w:bCs/>`

// run is a text run. Tabs and line breaks in the text become w:tab and w:br.
func run(text, rpr string) string {
	if text == "" {
		return ""
	}
	if !strings.ContainsAny(text, "\n\t") {
		// One segment: the common case, written in one piece.
		if rpr != "" {
			return `<w:r><w:rPr>` + rpr + `</w:rPr><w:t xml:space="preserve">` + esc(text) + `</w:t></w:r>`
		}
		return `<w:r><w:t xml:space="preserve">` + esc(text) + `</w:t></w:r>`
	}
	var b strings.Builder
	b.WriteString("<w:r>")
	if rpr != "" {
		b.WriteString("<w:rPr>" + rpr + "</w:rPr>")
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		for j, seg := range strings.Split(line, "\t") {
			if j > 0 {
				b.WriteString("<w:tab/>")
			}
			if seg != "" {
				b.WriteString(`<w:t xml:space="preserve">` + esc(seg) + `</w:t>`)
			}
		}
	}
	b.WriteString("</w:r>")
	return b.String()
}

// field writes a complex field with its cached result.
func field(instr, result string) string {
	return `<w:r><w:fldChar w:fldCharType="begin"/></w:r>` +
		`<w:r><w:instrText xml:space="preserve">` + esc(instr) + `</w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r>` + result +
		`<w:r><w:fldChar w:fldCharType="end"/></w:r>`
}

func fieldBegin(instr string) string {
	return `<w:r><w:fldChar w:fldCharType="begin"/></w:r>` +
		`<w:r><w:instrText xml:space="preserve">` + esc(instr) + `</w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r>`
}

const fieldEnd = `<w:r><w:fldChar w:fldCharType="end"/></w:r>`

// bookmark wraps content in the bookmark of an anchor (if it has one).
func (w *writer) bookmark(anchor, content string) string {
	name := w.marks[anchor]
	if name == "" {
		return content
	}
	w.bmID++
	return fmt.Sprintf(`<w:bookmarkStart w:id="%d" w:name="%s"/>%s<w:bookmarkEnd w:id="%d"/>`, w.bmID, name, content, w.bmID)
}

func (w *writer) para(ppr, content string) {
	if w.breakNext {
		ppr = withPageBreak(ppr)
		w.breakNext = false
	}
	w.blocks = append(w.blocks, block{p: &para{ppr: ppr, content: content, before: w.pendingBefore}})
	w.pendingBefore = 0
}

// withPageBreak adds w:pageBreakBefore to paragraph properties, at its place in the
// schema order (after w:pStyle, w:keepNext and w:keepLines).
func withPageBreak(ppr string) string {
	if strings.Contains(ppr, "<w:pageBreakBefore/>") {
		return ppr
	}
	at := 0
	for _, t := range []string{"<w:keepLines/>", "<w:keepNext/>"} {
		if i := strings.Index(ppr, t); i >= 0 {
			at = max(at, i+len(t))
		}
	}
	if at == 0 && strings.HasPrefix(ppr, "<w:pStyle") {
		at = strings.Index(ppr, "/>") + 2
	}
	return ppr[:at] + "<w:pageBreakBefore/>" + ppr[at:]
}

// spaceAfterLast gives the last body paragraph space after it (before a case box).
func (w *writer) spaceAfterLast(tw int) {
	if n := len(w.blocks); n > 0 && w.blocks[n-1].p != nil {
		w.blocks[n-1].p.after = max(w.blocks[n-1].p.after, tw)
	}
}

func (w *writer) raw(x string) { w.blocks = append(w.blocks, block{xml: x}) }

// endSection attaches a section's properties to the last paragraph, or to a paragraph of
// its own when the last one holds a field (LibreOffice loses a section break inside a
// TOC field's result) or there is none.
func (w *writer) endSection(sectPr string) {
	if n := len(w.blocks); n > 0 && w.blocks[n-1].p != nil && w.blocks[n-1].p.sect == "" &&
		!strings.Contains(w.blocks[n-1].p.content, "w:fldChar") {
		w.blocks[n-1].p.sect = sectPr
		return
	}
	w.blocks = append(w.blocks, block{p: &para{ppr: pp("Gap"), sect: sectPr}})
}

func (w *writer) documentXML() []byte {
	// Sized up front (the parts' lengths, and room for the spacing attributes
	// render adds), and returned without the copy a string would need.
	size := len(xmlHeader) + 512 + len(w.final)
	for _, bl := range w.blocks {
		if bl.p != nil {
			size += bl.p.renderedSize() + 64
		} else {
			size += len(bl.xml)
		}
	}
	b := bytes.NewBuffer(make([]byte, 0, size))
	b.WriteString(xmlHeader)
	b.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"` +
		` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"` +
		` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
		` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
		` xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>`)
	for _, bl := range w.blocks {
		if bl.p != nil {
			bl.p.render(b)
		} else {
			b.WriteString(bl.xml)
		}
	}
	b.WriteString(w.final)
	b.WriteString(`</w:body></w:document>`)
	return b.Bytes()
}

// Sections.

type hfRef struct{ kind, typ, rid string }

func (w *writer) sectPr(refs []hfRef, typ, pgNum string, titlePg bool) string {
	return w.sectPrOrient(refs, typ, pgNum, titlePg, false)
}

// landW is the text width of a landscape page (twips): the page's height less the
// portrait bottom margin on either side, as the PDF's landscape pages have.
func (g geom) landW() int { return g.pageH - 2*g.bottom }

// sectPrOrient is a section's properties; a landscape section has the page turned
// (w:orient, width and height swapped), the portrait inner and outer margins at top
// and bottom and the portrait bottom margin on either side.
func (w *writer) sectPrOrient(refs []hfRef, typ, pgNum string, titlePg, landscape bool) string {
	g := w.g
	if landscape {
		g.pageW, g.pageH = g.pageH, g.pageW
		g.top, g.bottom, g.left, g.right = w.g.left, w.g.right, w.g.bottom, w.g.bottom
	}
	var b strings.Builder
	b.WriteString("<w:sectPr>")
	for _, kind := range []string{"header", "footer"} {
		for _, r := range refs {
			if r.kind == kind {
				fmt.Fprintf(&b, `<w:%sReference w:type="%s" r:id="%s"/>`, kind, r.typ, r.rid)
			}
		}
	}
	if typ != "" {
		b.WriteString(`<w:type w:val="` + typ + `"/>`)
	}
	if landscape {
		fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d" w:orient="landscape"/>`, g.pageW, g.pageH)
	} else {
		fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d"/>`, g.pageW, g.pageH)
	}
	fmt.Fprintf(&b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
		g.top, g.right, g.bottom, g.left, g.header, g.footer)
	b.WriteString(pgNum)
	b.WriteString(`<w:cols w:space="425"/>`)
	if titlePg {
		b.WriteString(`<w:titlePg/>`)
	}
	b.WriteString("</w:sectPr>")
	return b.String()
}

func (w *writer) addHdrFtr(kind, content string) string {
	n := 1
	for _, hf := range w.hdrftr {
		if hf.kind == kind {
			n++
		}
	}
	tag := "ftr"
	if kind == "header" {
		tag = "hdr"
	}
	x := xmlHeader + `<w:` + tag + ` xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		content + `</w:` + tag + `>`
	rid := w.rid()
	w.hdrftr = append(w.hdrftr, hdrftr{kind: kind, file: fmt.Sprintf("%s%d.xml", kind, n), rid: rid, xml: x})
	return rid
}

// pageFooter is a footer paragraph with a PAGE field: centred, or "— 1 —" on the
// outer side one character in from the text block's edge.
func (w *writer) pageFooter(align string, dash bool) string {
	num := field(" PAGE ", run("1", ""))
	if dash {
		num = run("— ", "") + num + run(" —", "")
	}
	ind := ""
	switch align {
	case "right":
		ind = `<w:ind w:right="` + fmt.Sprint(int(w.g.size*20)) + `"/>`
	case "left":
		ind = `<w:ind w:left="` + fmt.Sprint(int(w.g.size*20)) + `"/>`
	}
	return `<w:p><w:pPr>` + pp("Footer", ind, `<w:jc w:val="`+align+`"/>`) + `</w:pPr>` + num + `</w:p>`
}

// Cover.

func (w *writer) cover() {
	m := w.d.Meta
	g := w.g
	pageHmm := float64(g.pageH) * 25.4 / 1440
	topmm := float64(g.top) * 25.4 / 1440
	// Title near 30% of the page height, issuer and date near 72%, as in the PDF.
	before := twips(math.Max(0, pageHmm*0.30-topmm-10))
	w.para(pp("Title", spacing(before, -1)), run(m.Title, ""))
	if m.Subtitle != "" {
		w.para(pp("Subtitle"), run(m.Subtitle, ""))
	}
	w.para(pp("CoverLine", spacing(twips(pageHmm*0.40-22), -1)), run(m.Issuer, ""))
	w.para(pp("CoverLine"), run(m.CoverDate, ""))
	w.endSection(w.sectPr(nil, "", "", false))
}

// spacing is a w:spacing with before/after in twips; -1 leaves one out.
func spacing(before, after int) string {
	s := `<w:spacing`
	if before >= 0 {
		s += fmt.Sprintf(` w:before="%d"`, before)
	}
	if after >= 0 {
		s += fmt.Sprintf(` w:after="%d"`, after)
	}
	return s + `/>`
}

// Front matter.

func (w *writer) frontTitle(text string) {
	w.para(pp("FrontTitle"), run(text, ""))
}

func (w *writer) front() {
	m := w.d.Meta
	w.frontTitle("发布情况")
	date := ""
	if !m.Published.IsZero() {
		date = fmt.Sprintf("%d年%d月%d日", m.Published.Year(), int(m.Published.Month()), m.Published.Day())
	}
	for _, line := range []string{"单位名称（加盖公章）：" + m.Issuer, "发布时间：" + date, "发布网址：" + m.Web} {
		w.para(pp("FrontLine"), run(line, ""))
	}

	w.frontTitle("内容真实性责任声明")
	for _, p := range m.Statement.Paragraphs {
		w.para("", run(p, ""))
	}
	// The seal (公章), when given, stands right-aligned just above the unit's name.
	if cfg, format, err := image.DecodeConfig(bytes.NewReader(w.d.Seal)); len(w.d.Seal) > 0 && err == nil && cfg.Width > 0 && (format == "png" || format == "jpeg") {
		side := 40.0 * 1440 / 25.4 // 40 mm, as in the PDF, in twips
		rid := w.rid()
		w.media = append(w.media, mediaFile{file: fmt.Sprintf("image%d.%s", len(w.media)+1, format), rid: rid, data: w.d.Seal})
		w.para(pp("Signature", spacing(2*w.g.pitch, -1)), `<w:r>`+w.drawing(rid, emu(side), emu(side*float64(cfg.Height)/float64(cfg.Width)), "公章")+`</w:r>`)
		w.para(pp("Signature"), run(m.Issuer, ""))
	} else {
		w.para(pp("Signature", spacing(3*w.g.pitch, -1)), run(m.Issuer, ""))
	}
	w.para(pp("Signature"), run(m.Statement.Date, ""))

	w.frontTitle(m.Board.Title)
	for _, mem := range m.Board.Members {
		w.para(pp("BoardLine"), run(mem.Role+"："+strings.Join(mem.Names, "　"), ""))
	}

	if len(w.d.Preface) > 0 {
		w.frontTitle("前言")
		for _, p := range w.d.Preface {
			w.paragraph(p, "")
		}
	}

	// 发布情况 … 前言 are one section, numbered in Roman from i, without a running
	// header; each list is a section of its own whose continuation pages carry the
	// list's title as running header, as in the PDF.
	w.endSection(w.sectPr(w.frontFooters(), "", `<w:pgNumType w:fmt="lowerRoman" w:start="1"/>`, false))
	w.lists()
}

// frontFooters are the front matter's footers: the page number, centred.
func (w *writer) frontFooters() []hfRef {
	refs := []hfRef{{"footer", "default", w.addHdrFtr("footer", w.pageFooter("center", false))}}
	if w.d.Meta.Settings.PageNumbers == "outer-dash" {
		refs = append(refs, hfRef{"footer", "even", w.addHdrFtr("footer", w.pageFooter("center", false))})
	}
	return refs
}

// entry is one line of a generated list.
type entry struct {
	text, anchor, style string
}

func (w *writer) lists() {
	var toc []entry
	for _, ch := range w.d.Chapters {
		if ch.Heading != nil {
			toc = append(toc, headingEntry(ch.Heading))
		}
		for _, b := range ch.Blocks {
			switch b := b.(type) {
			case *sections.Heading:
				if b.Level <= 3 {
					toc = append(toc, headingEntry(b))
				}
			case *sections.Table:
				if b.Appendix {
					toc = append(toc, entry{b.Label(), b.Anchor, "TOC2"})
				}
			}
		}
	}
	var tabs, figs, cases []entry
	for _, t := range w.d.Tables {
		tabs = append(tabs, entry{t.Label(), t.Anchor, "TableofFigures"})
	}
	for _, f := range w.d.Figures {
		figs = append(figs, entry{f.Label(), f.Anchor, "TableofFigures"})
	}
	for _, c := range w.d.Cases {
		cases = append(cases, entry{c.Label(), c.Anchor, "TableofFigures"})
	}
	// The 目录 collects Heading 1–3 and the appendix tables' caption style; the
	// other lists collect their captions' SEQ identifiers (表目录: both table
	// caption styles, since appendix tables have a sequence of their own).
	w.list("目 录", ` TOC \o "1-3" \h \z \u \t "Appendix Table Caption,2" `, toc)
	w.list("表目录", ` TOC \h \z \t "Table Caption,1,Appendix Table Caption,1" `, tabs)
	w.list("图目录", ` TOC \h \z \c "图" `, figs)
	w.list("案例目录", ` TOC \h \z \c "案例" `, cases)
}

func headingEntry(h *sections.Heading) entry {
	lv := min(max(h.Level, 1), 3)
	return entry{h.Label(), h.Anchor, fmt.Sprintf("TOC%d", lv)}
}

// list writes a generated list as a TOC field whose cached result is the list itself,
// each entry as Word writes its own: a hyperlink to the target's bookmark holding the
// text, a tab with a dot leader and a PAGEREF field whose result is the PDF's page
// number (so that "update page numbers only" works). The list is a section of its
// own: its first page has no running header, its continuation pages its title.
func (w *writer) list(title, instr string, entries []entry) {
	if len(entries) == 0 {
		return
	}
	w.frontTitle(title)
	for i, e := range entries {
		page := ""
		if w.opt.PageOf != nil {
			page = w.opt.PageOf(e.anchor)
		}
		line := run(e.text, "") + `<w:r><w:tab/></w:r>`
		name := w.marks[e.anchor]
		if name != "" {
			line += field(" PAGEREF "+name+` \h `, run(page, ""))
			line = `<w:hyperlink w:anchor="` + name + `" w:history="1">` + line + `</w:hyperlink>`
		} else {
			line += run(page, "")
		}
		if i == 0 {
			line = fieldBegin(instr) + line
		}
		if i == len(entries)-1 {
			line += fieldEnd
		}
		w.para(pp(e.style), line)
	}
	refs := []hfRef{{"header", "first", w.addHdrFtr("header", `<w:p><w:pPr>`+pp("Footer")+`</w:pPr></w:p>`)}}
	if w.d.Meta.Settings.Header != "none" {
		text := strings.ReplaceAll(title, " ", "")
		if w.d.Meta.Settings.Header == "report" {
			text = w.d.Meta.Title + w.d.Meta.Subtitle
		}
		hx := `<w:p><w:pPr>` + pp("Header") + `</w:pPr>` + run(text, "") + `</w:p>`
		refs = append(refs, hfRef{"header", "default", w.addHdrFtr("header", hx)})
		if w.d.Meta.Settings.PageNumbers == "outer-dash" {
			refs = append(refs, hfRef{"header", "even", w.addHdrFtr("header", hx)})
		}
	} else {
		empty := w.addHdrFtr("header", `<w:p><w:pPr>`+pp("Footer")+`</w:pPr></w:p>`)
		refs = append(refs, hfRef{"header", "default", empty}, hfRef{"header", "even", empty})
	}
	refs = append(refs, w.frontFooters()...)
	refs = append(refs, hfRef{"footer", "first", w.addHdrFtr("footer", w.pageFooter("center", false))})
	w.endSection(w.sectPr(refs, "", `<w:pgNumType w:fmt="lowerRoman"/>`, true))
}

// Body.

// body writes the chapters. Each chapter is a section of its own, starting on a new
// page (an odd one with the odd_chapters setting): the body's first section restarts
// the page numbers at Arabic 1, the others continue them. Like the PDF, a chapter's
// first page has no running header (titlePg); its other pages carry the chapter's
// heading (a STYLEREF field whose cached result is already right).
func (w *writer) body() {
	s := w.d.Meta.Settings
	dash := s.PageNumbers == "outer-dash"
	var last *sections.Heading
	for i, ch := range w.d.Chapters {
		w.pendingBefore = 0
		w.breakNext = false // a chapter starts a page of its own anyway
		start := len(w.blocks)
		if ch.Heading != nil {
			w.heading(ch.Heading)
			last = ch.Heading
		}
		refs, typ, pgNum := w.chapterSection(i, last, dash)
		// A chapter is one section, or several when it holds tables the PDF set on
		// landscape pages: each such table (caption and source lines with it) is a
		// landscape section of its own, and the chapter goes on in a portrait one.
		// Only the chapter's first section restarts or sets the page numbers and has
		// a first page without running header; the others inherit the headers and
		// footers and continue the numbers.
		parts := 0
		sect := func(landscape bool) string {
			if parts++; parts == 1 {
				return w.sectPrOrient(refs, typ, pgNum, true, landscape)
			}
			// Named, not inherited: LibreOffice loses the first-page footer of the
			// next chapter when a section in between has no first page of its own.
			var cont []hfRef
			for _, r := range refs {
				if r.typ != "first" {
					cont = append(cont, r)
				}
			}
			return w.sectPrOrient(cont, "", `<w:pgNumType w:fmt="decimal"/>`, false, landscape)
		}
		for _, b := range ch.Blocks {
			if w.opt.StartsPage != nil && w.opt.StartsPage(b) {
				w.breakNext = true
			}
			switch b := b.(type) {
			case *sections.Heading:
				w.heading(b)
			case *sections.Para:
				w.paragraph(b, "")
			case *sections.Table:
				if w.opt.Rotated != nil && w.opt.Rotated(b.Anchor) {
					if len(w.blocks) > start {
						w.endSection(sect(false))
					}
					w.breakNext = false
					w.tableWidth(b, w.g.landW())
					w.endSection(sect(true))
					start = len(w.blocks)
					continue
				}
				w.table(b)
			case *sections.Figure:
				w.figure(b)
			case *sections.Case:
				w.caseBox(b)
			case *sections.Todo:
				w.todo(b)
			}
		}
		if len(w.blocks) == start && parts > 0 {
			// The chapter ended with a landscape table: nothing is left to follow it.
			if i == len(w.d.Chapters)-1 {
				w.final = w.lastSect()
			}
			continue
		}
		sp := sect(false)
		if i == len(w.d.Chapters)-1 {
			w.final = sp
		} else {
			w.endSection(sp)
		}
	}
	if len(w.d.Chapters) == 0 {
		w.para("", "")
		w.final = w.sectPr(nil, "", `<w:pgNumType w:fmt="decimal" w:start="1"/>`, false)
	}
}

// lastSect moves the properties of the document's last section, already attached to
// its last paragraph, to the body's end (where Word expects the final w:sectPr); the
// paragraph stays, since a body does not end with a table.
func (w *writer) lastSect() string {
	for i := len(w.blocks) - 1; i >= 0; i-- {
		if p := w.blocks[i].p; p != nil && p.sect != "" {
			sp := p.sect
			p.sect = ""
			return sp
		}
	}
	return ""
}

// chapterSection returns the headers and footers, section type and page numbering of
// a chapter's first section.
func (w *writer) chapterSection(i int, last *sections.Heading, dash bool) (refs []hfRef, typ, pgNum string) {
	s := w.d.Meta.Settings
	header := ""
	switch s.Header {
	case "none":
	case "report":
		if i == 0 {
			header = run(w.d.Meta.Title+w.d.Meta.Subtitle, "")
		}
	default: // "chapter"
		header = w.chapterHeader(last)
	}
	if header != "" {
		hx := `<w:p><w:pPr>` + pp("Header") + `</w:pPr>` + header + `</w:p>`
		refs = append(refs, hfRef{"header", "default", w.addHdrFtr("header", hx)})
		if dash {
			refs = append(refs, hfRef{"header", "even", w.addHdrFtr("header", hx)})
		}
	}
	// The body starts on a right-hand page, as in the PDF.
	if i == 0 || s.OddChapters {
		typ = "oddPage"
	}
	if i > 0 {
		// The footers and the empty first-page header of the body's first section
		// (and the report's running header), named again (see body).
		return append(refs, w.bodyRefs...), typ, `<w:pgNumType w:fmt="decimal"/>`
	}
	pgNum = `<w:pgNumType w:fmt="decimal" w:start="1"/>`
	refs = append(refs, hfRef{"header", "first", w.addHdrFtr("header", `<w:p><w:pPr>`+pp("Footer")+`</w:pPr></w:p>`)})
	if dash {
		// Odd pages are right-hand pages: the number on the outer (right) side.
		refs = append(refs, hfRef{"footer", "default", w.addHdrFtr("footer", w.pageFooter("right", true))})
		refs = append(refs, hfRef{"footer", "even", w.addHdrFtr("footer", w.pageFooter("left", true))})
		refs = append(refs, hfRef{"footer", "first", w.addHdrFtr("footer", w.pageFooter("right", true))})
	} else {
		refs = append(refs, hfRef{"footer", "default", w.addHdrFtr("footer", w.pageFooter("center", false))})
		refs = append(refs, hfRef{"footer", "first", w.addHdrFtr("footer", w.pageFooter("center", false))})
	}
	for _, r := range refs {
		if r.kind == "footer" || r.typ == "first" || s.Header == "report" {
			w.bodyRefs = append(w.bodyRefs, r)
		}
	}
	return refs, typ, pgNum
}

// chapterHeader is the running header of a chapter: STYLEREF fields to the chapter's
// heading, its number (\n) and its text, whose cached results are already right.
func (w *writer) chapterHeader(h *sections.Heading) string {
	if h == nil {
		return ""
	}
	label := h.Label()
	prefix := strings.TrimSuffix(label, h.Text)
	if h.Number == "" || !w.numbered || prefix == label {
		return field(` STYLEREF "heading 1" `, run(label, ""))
	}
	num := strings.TrimRight(prefix, " ")
	gap := prefix[len(num):]
	return field(` STYLEREF "heading 1" \n `, run(num, "")) + run(gap, "") + field(` STYLEREF "heading 1" `, run(h.Text, ""))
}

// heading writes a heading. Its number is not typed in: Heading 1–4 are tied to the
// multilevel list of numbering.xml, which prints the tree's numbers (checked by a
// test); an unnumbered heading switches the list off (numId 0).
func (w *writer) heading(h *sections.Heading) {
	lv := min(max(h.Level, 1), 4)
	text := h.Label()
	numPr := ""
	if w.numbered {
		if h.Number != "" {
			text = h.Text
		} else {
			numPr = `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>`
		}
	}
	w.para(pp(fmt.Sprintf("Heading%d", lv), numPr), w.bookmark(h.Anchor, run(text, "")))
}

// paragraph writes a body paragraph; references become REF fields to the bookmarks
// around their targets' numbers, with the printed number (a non-breaking hyphen in
// 表4-2) as the cached result.
func (w *writer) paragraph(p *sections.Para, ppr string) {
	var b strings.Builder
	for _, r := range p.Runs {
		rpr := ""
		if r.Bold {
			rpr = bold
		}
		if name := w.marks[r.Ref]; r.Ref != "" && name != "" {
			b.WriteString(field(" REF "+name+` \h `, nbRun(r.Text, rpr)))
			continue
		}
		b.WriteString(run(r.Text, rpr))
	}
	w.para(ppr, b.String())
}

// nbRun is a run whose hyphens are non-breaking hyphens (表4-2 never breaks there).
func nbRun(text, rpr string) string {
	if !strings.Contains(text, "-") {
		return run(text, rpr)
	}
	var b strings.Builder
	for i, part := range strings.Split(text, "-") {
		if i > 0 {
			b.WriteString("<w:r>")
			if rpr != "" {
				b.WriteString("<w:rPr>" + rpr + "</w:rPr>")
			}
			b.WriteString("<w:noBreakHyphen/></w:r>")
		}
		b.WriteString(run(part, rpr))
	}
	return b.String()
}

// captionNumber writes a caption's number as fields Word keeps up to date:
// 表{STYLEREF 1 \s}-{SEQ 表 \s 1} in a chapter, 表{SEQ 附表} in the appendix, with
// the tree's number as the cached result. A number of another shape stays text.
func (w *writer) captionNumber(number, rpr string) string {
	m := captionRE.FindStringSubmatch(number)
	if m == nil {
		return nbRun(number, rpr)
	}
	word, ch, n := m[1], m[2], m[3]
	if ch == "" { // appendix: a sequence of its own
		return run(word, rpr) + field(" SEQ 附"+word+` \* ARABIC `, run(n, rpr))
	}
	chapter := " STYLEREF 1 \\s "
	// The first of a chapter also resets its sequence explicitly (\r 1): Word
	// restarts it at each Heading 1 (\s 1), LibreOffice only with \r.
	reset := ""
	if n == "1" {
		reset = `\r 1 `
	}
	return run(word, rpr) + field(chapter, run(ch, rpr)) + nbRun("-", rpr) +
		field(" SEQ "+word+` \* ARABIC `+reset+`\s 1 `, run(n, rpr))
}

// captionRE splits 表2-4 / 图2-11 / 案例2-3 (chapter, number) and 表3 (appendix).
var captionRE = regexp.MustCompile(`^(表|图|案例)(?:(\d+)-)?(\d+)$`)

// captionRuns is a caption line: the number inside the bookmark (so that a REF field
// updates to "表2-4"), then the caption text.
func (w *writer) captionRuns(anchor, number, text, rpr string) string {
	s := w.bookmark(anchor, w.captionNumber(number, rpr))
	if text != "" {
		if number != "" {
			text = " " + text
		}
		s += run(text, rpr)
	}
	return s
}

func (w *writer) sourceLines(source, note string) {
	if source != "" {
		w.para(pp("Source"), run("数据来源："+source, ""))
	}
	if note != "" {
		w.para(pp("Source"), run(note, ""))
	}
}

// Figures.

func (w *writer) figure(f *sections.Figure) {
	var img []byte
	if f.Kind == sections.FigChart {
		if w.opt.ChartPNG != nil {
			img = w.opt.ChartPNG(f)
		}
	} else {
		img = f.Image
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(img))
	if len(img) == 0 || err != nil || cfg.Width <= 0 || cfg.Height <= 0 || (format != "png" && format != "jpeg") {
		msg := "［图表：" + f.Caption + "］"
		if f.Kind == sections.FigPhoto {
			msg = "［照片待补：" + f.File + "］"
		}
		w.para(pp("Figure"), run(msg, ""))
	} else {
		if format == "jpeg" {
			// A phone photo's EXIF orientation: its shape as displayed (the PDF's).
			cfg.Width, cfg.Height = orient.Displayed(cfg.Width, cfg.Height, orient.Of(img))
		}
		// Charts take the text width, photos 62% of it (as in the PDF); no figure is
		// taller than 60% of the text block.
		wd := float64(w.g.textW)
		if f.Kind == sections.FigPhoto {
			wd *= 0.62
		}
		ht := wd * float64(cfg.Height) / float64(cfg.Width)
		if maxH := w.g.blockH * 0.6; ht > maxH {
			wd, ht = wd*maxH/ht, maxH
		}
		// The size the PDF printed it at, when known (photos by their shape, figures
		// shrunk to fit a page's foot), so that the pages break alike.
		if w.opt.FigureSize != nil {
			// The height decides the pagination; the picture keeps its own shape (a
			// chart the PDF redrew shorter is narrower here instead).
			if _, mh, ok := w.opt.FigureSize(f.Anchor); ok && mh > 0 {
				ht = float64(twips(mh))
				wd = ht * float64(cfg.Width) / float64(cfg.Height)
				if tw := float64(w.g.textW); wd > tw {
					wd, ht = tw, tw*float64(cfg.Height)/float64(cfg.Width)
				}
			}
		}
		img, format = w.printPhoto(f, img, cfg, format)
		rid := w.rid()
		w.media = append(w.media, mediaFile{file: fmt.Sprintf("image%d.%s", len(w.media)+1, format), rid: rid, data: img})
		w.para(pp("Figure"), `<w:r>`+w.drawing(rid, emu(wd), emu(ht), f.Label())+`</w:r>`)
	}
	w.para(pp("FigureCaption"), w.captionRuns(f.Anchor, f.Number, f.Caption, ""))
	w.sourceLines(f.Source, f.Note)
}

// printPhoto is the image to embed for a photo and its format: the print-resolution
// version Options.PrintPhoto gives, when it is a JPEG or PNG of the original's shape
// (as displayed: orig is turned by the EXIF orientation, and PrintPhoto gives a photo
// with one the upright JPEG), else the original. The picture's size was computed from
// the original and stays.
func (w *writer) printPhoto(f *sections.Figure, img []byte, orig image.Config, format string) ([]byte, string) {
	if f.Kind != sections.FigPhoto || w.opt.PrintPhoto == nil {
		return img, format
	}
	alt := w.opt.PrintPhoto(img)
	if len(alt) == 0 {
		return img, format
	}
	cfg, altFormat, err := image.DecodeConfig(bytes.NewReader(alt))
	if err != nil || (altFormat != "jpeg" && altFormat != "png") || cfg.Width <= 0 || cfg.Height <= 0 ||
		!sameShape(orig.Width, orig.Height, cfg.Width, cfg.Height) {
		return img, format
	}
	return alt, altFormat
}

// sameShape says whether a w2 × h2 image is a w1 × h1 one scaled, each side rounded to
// whole pixels: its aspect ratio is within a pixel's rounding of the original's.
func sameShape(w1, h1, w2, h2 int) bool {
	// w2/h2 against w1/h1, cross-multiplied: a side rounded by up to half a pixel moves
	// w2·h1 by up to h1/2 and h2·w1 by up to w1/2.
	d := int64(w2)*int64(h1) - int64(h2)*int64(w1)
	if d < 0 {
		d = -d
	}
	return d <= (int64(w1)+int64(h1))/2+1
}

func (w *writer) drawing(rid string, cx, cy int64, descr string) string {
	w.drawID++
	id := w.drawID
	return fmt.Sprintf(`<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">`+
		`<wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/>`+
		`<wp:docPr id="%d" name="图片 %d" descr="%s"/>`+
		`<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`+
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">`+
		`<pic:pic><pic:nvPicPr><pic:cNvPr id="%d" name="图片 %d"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>`,
		cx, cy, id, id, attr(descr), id, id, rid, cx, cy)
}

// Case boxes: a one-column table with a shaded title row and the paragraphs in the
// body cell, table style CaseBox.

func (w *writer) caseBox(c *sections.Case) {
	tw := w.g.textW
	// A page break before the box goes on its title paragraph (Word and LibreOffice
	// then start the table on a new page), not on a paragraph before it.
	brk := w.breakNext
	w.breakNext = false
	// Half a line of space above and below the box, as in the PDF: spacing of the
	// paragraphs around it, not spacer paragraphs.
	w.separate()
	w.spaceAfterLast(w.g.pitch / 2)
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="CaseBox"/>`)
	fmt.Fprintf(&b, `<w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/>`, tw)
	b.WriteString(borders("tblBorders", 8))
	b.WriteString(`<w:tblLayout w:type="fixed"/>`)
	fmt.Fprintf(&b, `<w:tblCellMar><w:top w:w="80" w:type="dxa"/><w:left w:w="%d" w:type="dxa"/><w:bottom w:w="80" w:type="dxa"/><w:right w:w="%d" w:type="dxa"/></w:tblCellMar>`,
		int(w.g.size*20), int(w.g.size*20))
	b.WriteString(`<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>`)
	b.WriteString(`<w:tblCaption w:val="` + attr(c.Label()) + `"/>`)
	b.WriteString(`</w:tblPr>`)
	fmt.Fprintf(&b, `<w:tblGrid><w:gridCol w:w="%d"/></w:tblGrid>`, tw)
	// Title row, repeated on every page the box runs onto.
	// As in the PDF, the title takes one line pitch a line, and the paragraphs keep
	// half a pitch from the frame above and below them.
	fmt.Fprintf(&b, `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:shd w:val="clear" w:color="auto" w:fill="E0E0E0"/>`+
		`<w:tcMar><w:top w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/></w:tcMar><w:vAlign w:val="center"/></w:tcPr>`, tw)
	title := &para{ppr: pp("CaseTitle"), content: w.captionRuns(c.Anchor, c.Number, c.Title, "")}
	if brk {
		title.ppr = withPageBreak(title.ppr)
	}
	title.render(&b)
	b.WriteString(`</w:tc></w:tr>`)
	// Body row.
	fmt.Fprintf(&b, `<w:tr><w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:tcMar><w:top w:w="%d" w:type="dxa"/><w:bottom w:w="%d" w:type="dxa"/></w:tcMar></w:tcPr>`,
		tw, w.g.pitch/2, w.g.pitch/2)
	saved := w.blocks
	w.blocks = nil
	for _, p := range c.Paras {
		w.paragraph(p, pp("CaseText"))
	}
	for _, a := range c.Attribution {
		w.para(pp("CaseCredit"), run(a, ""))
	}
	if len(w.blocks) == 0 {
		w.para(pp("CaseText"), "")
	}
	for _, bl := range w.blocks {
		bl.p.render(&b)
	}
	w.blocks = saved
	b.WriteString(`</w:tc></w:tr></w:tbl>`)
	w.raw(b.String())
	w.pendingBefore = w.g.pitch / 2
}

// todo writes a `::: todo` placeholder as a paragraph on a grey ground inside a thin
// border, like the PDF's shaded box: 【待填写：…】, not indented.
func (w *writer) todo(t *sections.Todo) {
	bdr := `<w:pBdr>`
	for _, side := range []string{"top", "left", "bottom", "right"} {
		bdr += `<w:` + side + ` w:val="single" w:sz="4" w:space="4" w:color="000000"/>`
	}
	bdr += `</w:pBdr>`
	w.para(pp("", bdr, `<w:shd w:val="clear" w:color="auto" w:fill="E6E6E6"/>`, `<w:ind w:left="113" w:right="113" w:firstLine="0" w:firstLineChars="0"/>`, `<w:jc w:val="left"/>`), run(t.Text(), ""))
}

// separate puts a paragraph between two tables that would otherwise touch: Word
// joins adjacent tables into one. It is the only paragraph without text between
// blocks (e.g. between two case boxes in a row); everywhere else the space around
// boxes and tables is paragraph spacing.
func (w *writer) separate() {
	if n := len(w.blocks); n > 0 && w.blocks[n-1].p == nil {
		w.para(pp("Gap"), "")
	}
}

// borders is a set of single-line borders; sz in eighths of a point.
func borders(tag string, sz int) string {
	s := "<w:" + tag + ">"
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		s += fmt.Sprintf(`<w:%s w:val="single" w:sz="%d" w:space="0" w:color="000000"/>`, side, sz)
	}
	return s + "</w:" + tag + ">"
}
