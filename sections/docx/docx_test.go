package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/sections"
)

// The example report, loaded once.
var (
	loadOnce sync.Once
	example  *sections.Doc
	loadErr  error
)

func doc(t *testing.T) *sections.Doc {
	t.Helper()
	loadOnce.Do(func() {
		r, err := data.Load("../../data/2024")
		if err != nil {
			loadErr = err
			return
		}
		example, loadErr = sections.Build(r)
		if example != nil {
			// The example's seal is a sample for the official edition; the tests here
			// count pictures without it, and TestSealOnStatementPage sets its own.
			example.Seal = nil
		}
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return example
}

// testPNG is a small valid PNG of w × h pixels.
func testPNG(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, h/2, color.RGBA{200, 0, 0, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// pages gives every anchor a distinct page number, so that a list entry showing the
// number of another anchor is caught.
func pages(d *sections.Doc) map[string]string {
	m := map[string]string{}
	for i, h := range d.Headings {
		m[h.Anchor] = strconv.Itoa(i + 1)
	}
	for i, x := range d.Tables {
		m[x.Anchor] = strconv.Itoa(200 + i)
	}
	for i, x := range d.Figures {
		m[x.Anchor] = strconv.Itoa(300 + i)
	}
	for i, x := range d.Cases {
		m[x.Anchor] = strconv.Itoa(400 + i)
	}
	return m
}

func options(d *sections.Doc) Options {
	pg := pages(d)
	chart := testPNG(300, 180)
	return Options{
		PageOf:   func(a string) string { return pg[a] },
		ChartPNG: func(*sections.Figure) []byte { return chart },
	}
}

// The package read back.

type pkg struct {
	names []string
	files map[string][]byte
	mods  []time.Time
}

func readPkg(t *testing.T, b []byte) *pkg {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	p := &pkg{files: map[string][]byte{}}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		p.names = append(p.names, f.Name)
		p.files[f.Name] = data
		p.mods = append(p.mods, f.Modified)
	}
	return p
}

// node is a parsed XML element, named with the usual prefixes (w:p, r:id, …).
type node struct {
	name  string
	attrs map[string]string
	kids  []*node
	text  string
}

var prefixes = map[string]string{
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main":            "w",
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships":     "r",
	"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing":  "wp",
	"http://schemas.openxmlformats.org/drawingml/2006/main":                   "a",
	"http://schemas.openxmlformats.org/drawingml/2006/picture":                "pic",
	"http://schemas.openxmlformats.org/package/2006/relationships":            "rel",
	"http://schemas.openxmlformats.org/package/2006/content-types":            "ct",
	"http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "cp",
	"http://purl.org/dc/elements/1.1/":                                        "dc",
	"http://purl.org/dc/terms/":                                               "dcterms",
}

func qname(n xml.Name) string {
	if p, ok := prefixes[n.Space]; ok {
		return p + ":" + n.Local
	}
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

func parse(t *testing.T, name string, b []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	root := &node{name: "#root"}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: not well-formed: %v", name, err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{name: qname(tk.Name), attrs: map[string]string{}}
			for _, a := range tk.Attr {
				n.attrs[qname(a.Name)] = a.Value
			}
			top := stack[len(stack)-1]
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			stack[len(stack)-1].text += string(tk)
		}
	}
	if len(stack) != 1 {
		t.Fatalf("%s: unbalanced", name)
	}
	return root
}

// walk visits n and its descendants in document order.
func (n *node) walk(fn func(*node)) {
	fn(n)
	for _, k := range n.kids {
		k.walk(fn)
	}
}

func (n *node) all(name string) []*node {
	var out []*node
	n.walk(func(k *node) {
		if k.name == name {
			out = append(out, k)
		}
	})
	return out
}

func (n *node) first(name string) *node {
	if all := n.all(name); len(all) > 0 {
		return all[0]
	}
	return nil
}

// plain is the visible text of an element (w:t and w:tab; not field instructions).
func (n *node) plain() string {
	var b strings.Builder
	n.walk(func(k *node) {
		switch k.name {
		case "w:t":
			b.WriteString(k.text)
		case "w:noBreakHyphen":
			b.WriteString("-")
		case "w:tab":
			if len(k.attrs) == 0 {
				b.WriteString("\t")
			}
		}
	})
	return b.String()
}

func (n *node) style() string {
	if ppr := n.child("w:pPr"); ppr != nil {
		if s := ppr.child("w:pStyle"); s != nil {
			return s.attrs["w:val"]
		}
	}
	return ""
}

func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

type docx struct {
	pkg  *pkg
	body *node
}

func write(t *testing.T, d *sections.Doc, opt Options) (*docx, []byte) {
	t.Helper()
	b, err := Write(d, opt)
	if err != nil {
		t.Fatal(err)
	}
	p := readPkg(t, b)
	main, ok := p.files["word/document.xml"]
	if !ok {
		t.Fatal("no word/document.xml")
	}
	root := parse(t, "document.xml", main)
	body := root.first("w:body")
	if body == nil {
		t.Fatal("no w:body")
	}
	return &docx{pkg: p, body: body}, b
}

func (x *docx) paras(style string) []*node {
	var out []*node
	for _, p := range x.body.all("w:p") {
		if p.style() == style {
			out = append(out, p)
		}
	}
	return out
}

// Tests.

func TestPackageParts(t *testing.T) {
	d := doc(t)
	x, _ := write(t, d, options(d))
	p := x.pkg
	if p.names[0] != "[Content_Types].xml" {
		t.Errorf("first entry is %s, want [Content_Types].xml", p.names[0])
	}
	for _, want := range []string{"_rels/.rels", "word/document.xml", "word/styles.xml", "word/settings.xml",
		"word/_rels/document.xml.rels", "word/footer1.xml", "docProps/core.xml", "docProps/app.xml"} {
		if _, ok := p.files[want]; !ok {
			t.Errorf("missing part %s", want)
		}
	}
	// Every XML part is well-formed.
	for _, n := range p.names {
		if strings.HasSuffix(n, ".xml") || strings.HasSuffix(n, ".rels") {
			parse(t, n, p.files[n])
		}
	}
	// Every part has a content type.
	ct := parse(t, "[Content_Types].xml", p.files["[Content_Types].xml"])
	defaults := map[string]bool{}
	for _, d := range ct.all("ct:Default") {
		defaults[d.attrs["Extension"]] = true
	}
	overrides := map[string]bool{}
	for _, o := range ct.all("ct:Override") {
		overrides[o.attrs["PartName"]] = true
		if _, ok := p.files[strings.TrimPrefix(o.attrs["PartName"], "/")]; !ok {
			t.Errorf("override for missing part %s", o.attrs["PartName"])
		}
	}
	for _, n := range p.names[1:] {
		ext := n[strings.LastIndex(n, ".")+1:]
		if !overrides["/"+n] && !defaults[ext] {
			t.Errorf("part %s has no content type", n)
		}
	}
	for _, n := range []string{"/word/document.xml", "/word/styles.xml", "/word/settings.xml", "/docProps/core.xml", "/docProps/app.xml"} {
		if !overrides[n] {
			t.Errorf("no override for %s", n)
		}
	}
	// Every relationship of the document points at a part.
	rels := parse(t, "document.xml.rels", p.files["word/_rels/document.xml.rels"])
	ids := map[string]string{}
	for _, r := range rels.all("rel:Relationship") {
		if _, ok := p.files["word/"+r.attrs["Target"]]; !ok {
			t.Errorf("relationship %s targets missing word/%s", r.attrs["Id"], r.attrs["Target"])
		}
		if _, dup := ids[r.attrs["Id"]]; dup {
			t.Errorf("relationship id %s used twice", r.attrs["Id"])
		}
		ids[r.attrs["Id"]] = r.attrs["Target"]
	}
	x.body.walk(func(n *node) {
		for _, a := range []string{"r:id", "r:embed"} {
			if id, ok := n.attrs[a]; ok && ids[id] == "" {
				t.Errorf("%s %s=%s has no relationship", n.name, a, id)
			}
		}
	})
	// Core properties.
	core := parse(t, "core.xml", p.files["docProps/core.xml"])
	if got, want := core.first("dc:title").text, d.Meta.Title+d.Meta.Subtitle; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if got := core.first("dc:creator").text; got != d.Meta.Issuer {
		t.Errorf("creator %q, want %q", got, d.Meta.Issuer)
	}
	if got := core.first("dcterms:created").text; got != "2025-02-19T00:00:00Z" {
		t.Errorf("created %q", got)
	}
}

func TestDeterministic(t *testing.T) {
	d := doc(t)
	a, err := Write(d, options(d))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Write(d, options(d))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two writes of the same tree differ")
	}
	p := readPkg(t, a)
	want := time.Date(2025, 2, 19, 0, 0, 0, 0, time.UTC)
	for i, m := range p.mods {
		if !m.Equal(want) {
			t.Errorf("%s modified %v, want %v", p.names[i], m, want)
		}
	}
}

func TestHeadingsMatchTree(t *testing.T) {
	d := doc(t)
	x, _ := write(t, d, options(d))
	want := map[int][]string{}
	for _, h := range d.Headings {
		lv := min(h.Level, 4)
		want[lv] = append(want[lv], h.Label())
	}
	shown := listedHeadings(t, x)
	for lv := 1; lv <= 4; lv++ {
		var got []string
		for _, p := range x.paras(fmt.Sprintf("Heading%d", lv)) {
			got = append(got, shown[p])
		}
		if strings.Join(got, "\n") != strings.Join(want[lv], "\n") {
			t.Errorf("level %d headings: got %d %q\nwant %d %q", lv, len(got), got, len(want[lv]), want[lv])
		}
	}
	if len(want[1]) == 0 || len(want[2]) == 0 || len(want[3]) == 0 {
		t.Fatal("example has no headings of some level")
	}
	// The appendix heading is a level-1 heading; front titles are not headings.
	if got := want[1][len(want[1])-1]; got != "附表" {
		t.Errorf("last level-1 heading %q, want 附表", got)
	}
	fronts := x.paras("FrontTitle")
	var titles []string
	for _, p := range fronts {
		titles = append(titles, p.plain())
	}
	wantFront := []string{"发布情况", "内容真实性责任声明", d.Meta.Board.Title, "前言", "目 录", "表目录", "图目录", "案例目录"}
	if strings.Join(titles, "|") != strings.Join(wantFront, "|") {
		t.Errorf("front titles %q, want %q", titles, wantFront)
	}
}

// blockNumbers lists the numbers of the tables and figures of the tree in block order.
func blockNumbers(d *sections.Doc) (tabs, figs, cases []string) {
	for _, ch := range d.Chapters {
		for _, b := range ch.Blocks {
			switch b := b.(type) {
			case *sections.Table:
				tabs = append(tabs, b.Number)
			case *sections.Figure:
				figs = append(figs, b.Number)
			case *sections.Case:
				cases = append(cases, b.Label())
			}
		}
	}
	return
}

func TestTablesAndCaptions(t *testing.T) {
	d := doc(t)
	x, _ := write(t, d, options(d))
	var report, boxes int
	for _, tbl := range x.body.all("w:tbl") {
		switch tbl.first("w:tblStyle").attrs["w:val"] {
		case "ReportTable":
			report++
		case "CaseBox":
			boxes++
		default:
			t.Errorf("table with style %q", tbl.first("w:tblStyle").attrs["w:val"])
		}
	}
	if report != len(d.Tables) || boxes != len(d.Cases) {
		t.Errorf("%d tables and %d case boxes, want %d and %d", report, boxes, len(d.Tables), len(d.Cases))
	}
	tabs, figs, cases := blockNumbers(d)
	var gotTabs, gotFigs, gotCases []string
	for _, p := range x.body.all("w:p") {
		num, _, _ := strings.Cut(p.plain(), " ")
		switch p.style() {
		case "TableCaption", "AppendixTableCaption":
			gotTabs = append(gotTabs, num)
			if (p.style() == "AppendixTableCaption") != !strings.Contains(num, "-") {
				t.Errorf("%s has style %s", num, p.style())
			}
		case "FigureCaption":
			gotFigs = append(gotFigs, num)
		case "CaseTitle":
			gotCases = append(gotCases, p.plain())
		}
	}
	if strings.Join(gotTabs, " ") != strings.Join(tabs, " ") {
		t.Errorf("table captions %q\nwant %q", gotTabs, tabs)
	}
	if strings.Join(gotFigs, " ") != strings.Join(figs, " ") {
		t.Errorf("figure captions %q\nwant %q", gotFigs, figs)
	}
	if strings.Join(gotCases, "|") != strings.Join(cases, "|") {
		t.Errorf("case titles %q\nwant %q", gotCases, cases)
	}
	// The caption is above its table, the source line under it.
	kids := x.body.kids
	for i, k := range kids {
		if k.name != "w:tbl" || k.first("w:tblStyle").attrs["w:val"] != "ReportTable" {
			continue
		}
		if s := kids[i-1].style(); s != "TableCaption" && s != "AppendixTableCaption" {
			t.Errorf("table %d preceded by a %q paragraph", i, s)
		}
	}
	// Figures: the picture, then the caption, then 数据来源.
	for i, k := range kids {
		if k.name == "w:p" && k.style() == "FigureCaption" {
			if kids[i-1].style() != "Figure" || kids[i-1].first("w:drawing") == nil {
				t.Errorf("figure caption %q not under a picture", k.plain())
			}
		}
	}
	var sources int
	for _, p := range x.paras("Source") {
		if strings.HasPrefix(p.plain(), "数据来源：") {
			sources++
		}
	}
	want := 0
	for _, tb := range d.Tables {
		if tb.Source != "" {
			want++
		}
	}
	for _, f := range d.Figures {
		if f.Source != "" {
			want++
		}
	}
	if sources != want {
		t.Errorf("%d 数据来源 lines, want %d", sources, want)
	}
}

func TestBookmarksAndReferences(t *testing.T) {
	d := doc(t)
	x, _ := write(t, d, options(d))
	// Text inside each bookmark.
	marks := map[string]string{}
	names := map[string]string{}
	open := map[string]string{} // id -> name
	x.body.walk(func(n *node) {
		switch n.name {
		case "w:bookmarkStart":
			name := n.attrs["w:name"]
			if _, dup := marks[name]; dup {
				t.Errorf("bookmark %s twice", name)
			}
			if len(name) > 40 || !regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`).MatchString(name) {
				t.Errorf("invalid bookmark name %q", name)
			}
			marks[name] = ""
			names[n.attrs["w:id"]] = name
			open[n.attrs["w:id"]] = name
		case "w:bookmarkEnd":
			if _, ok := open[n.attrs["w:id"]]; !ok {
				t.Errorf("bookmarkEnd %s without start", n.attrs["w:id"])
			}
			delete(open, n.attrs["w:id"])
		case "w:t", "w:noBreakHyphen":
			for _, name := range open {
				if n.name == "w:t" {
					marks[name] += n.text
				} else {
					marks[name] += "-"
				}
			}
		}
	})
	if len(open) != 0 {
		t.Errorf("unclosed bookmarks %v", open)
	}
	bm := func(anchor string) string { return "_" + strings.ReplaceAll(anchor, "-", "_") }
	check := func(anchor, text string) {
		got, ok := marks[bm(anchor)]
		if !ok {
			t.Errorf("no bookmark for %s", anchor)
		} else if got != text {
			t.Errorf("bookmark %s holds %q, want %q", bm(anchor), got, text)
		}
	}
	for _, tb := range d.Tables {
		check(tb.Anchor, tb.Number)
	}
	for _, f := range d.Figures {
		check(f.Anchor, f.Number)
	}
	for _, c := range d.Cases {
		check(c.Anchor, c.Number)
	}
	// A heading's bookmark holds its text; numbering.xml prints the number.
	for _, h := range d.Headings {
		if h.Number != "" {
			check(h.Anchor, h.Text)
		} else {
			check(h.Anchor, h.Label())
		}
	}
	// References: a REF field per reference run, to an existing bookmark, with the
	// printed number as its result.
	var want []string
	collect := func(ps []*sections.Para) {
		for _, p := range ps {
			for _, r := range p.Runs {
				if r.Ref != "" {
					want = append(want, bm(r.Ref)+"="+r.Text)
				}
			}
		}
	}
	collect(d.Preface)
	for _, ch := range d.Chapters {
		for _, b := range ch.Blocks {
			switch b := b.(type) {
			case *sections.Para:
				collect([]*sections.Para{b})
			case *sections.Case:
				collect(b.Paras)
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("example has no references")
	}
	got := refFields(t, x.body)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("REF fields\n%q\nwant\n%q", got, want)
	}
	for _, g := range got {
		target, _, _ := strings.Cut(g, "=")
		if _, ok := marks[target]; !ok {
			t.Errorf("REF to missing bookmark %s", target)
		}
	}
}

// refFields returns "target=result" for every REF field in document order.
func refFields(t *testing.T, body *node) []string {
	var out []string
	state := 0 // 0 outside, 1 instruction, 2 result
	var instr, result string
	body.walk(func(n *node) {
		switch n.name {
		case "w:fldChar":
			switch n.attrs["w:fldCharType"] {
			case "begin":
				state, instr, result = 1, "", ""
			case "separate":
				state = 2
			case "end":
				if f := strings.Fields(instr); len(f) >= 2 && f[0] == "REF" {
					out = append(out, f[1]+"="+result)
				}
				state = 0
			}
		case "w:instrText":
			if state == 1 {
				instr += n.text
			}
		case "w:t":
			if state == 2 {
				result += n.text
			}
		case "w:noBreakHyphen":
			if state == 2 {
				result += "-"
			}
		}
	})
	return out
}

func TestMergedCells(t *testing.T) {
	d := doc(t)
	x, _ := write(t, d, options(d))
	byAnchor := map[string]*sections.Table{}
	for _, tb := range d.Tables {
		byAnchor[tb.Anchor] = tb
	}
	// The w:tbl after each caption, by its bookmark.
	tables := map[string]*node{}
	kids := x.body.kids
	for i, k := range kids {
		if k.name == "w:p" && (k.style() == "TableCaption" || k.style() == "AppendixTableCaption") {
			name := k.first("w:bookmarkStart").attrs["w:name"]
			if i+1 < len(kids) && kids[i+1].name == "w:tbl" {
				tables[name] = kids[i+1]
			}
		}
	}
	for _, tb := range d.Tables {
		tbl := tables["_"+strings.ReplaceAll(tb.Anchor, "-", "_")]
		if tbl == nil {
			t.Errorf("no table for %s", tb.Anchor)
			continue
		}
		// Every row fills the grid; header rows repeat.
		grid := len(tbl.first("w:tblGrid").all("w:gridCol"))
		rows := tbl.all("w:tr")
		if len(rows) != len(tb.Data.Rows) {
			t.Errorf("%s: %d rows, want %d", tb.Number, len(rows), len(tb.Data.Rows))
		}
		for ri, tr := range rows {
			n := 0
			for _, tc := range tr.all("w:tc") {
				n++
				if gs := tc.first("w:gridSpan"); gs != nil {
					v, _ := strconv.Atoi(gs.attrs["w:val"])
					n += v - 1
				}
			}
			if n != grid {
				t.Errorf("%s row %d spans %d grid columns, want %d", tb.Number, ri+1, n, grid)
			}
			if head := tr.first("w:tblHeader") != nil; head != (ri < tb.Data.HeaderRows) {
				t.Errorf("%s row %d: tblHeader %v", tb.Number, ri+1, head)
			}
		}
		// Merges as in the data.
		var wantSpan, wantRestart, wantCont int
		for _, row := range tb.Data.Rows {
			for _, c := range row {
				if c.Covered {
					continue
				}
				if c.RowSpan > 1 {
					wantRestart++
					wantCont += c.RowSpan - 1
				}
				if c.ColSpan > 1 {
					wantSpan += max(1, c.RowSpan)
				}
			}
		}
		var span, restart, cont int
		for _, tc := range tbl.all("w:tc") {
			if gs := tc.first("w:gridSpan"); gs != nil && gs.attrs["w:val"] != "1" {
				span++
			}
			if vm := tc.first("w:vMerge"); vm != nil {
				if vm.attrs["w:val"] == "restart" {
					restart++
				} else {
					cont++
				}
			}
		}
		if span != wantSpan || restart != wantRestart || cont != wantCont {
			t.Errorf("%s: gridSpan %d, vMerge restart %d, continue %d; want %d, %d, %d",
				tb.Number, span, restart, cont, wantSpan, wantRestart, wantCont)
		}
		if tb.Anchor == "tab-satisfaction" || tb.Anchor == "tab-alliance" {
			if wantRestart == 0 {
				t.Errorf("%s: example has no vertical merge", tb.Anchor)
			}
			if tb.Anchor == "tab-satisfaction" && wantSpan == 0 {
				t.Errorf("%s: example has no horizontal merge", tb.Anchor)
			}
		}
	}
	// Numbers are right-aligned: 表1-2's 92.10.
	tbl := tables["_tab_satisfaction"]
	if tbl == nil {
		t.Fatal("no tab-satisfaction")
	}
	found := false
	for _, tc := range tbl.all("w:tc") {
		if tc.plain() == "92.10" {
			found = true
			if jc := tc.first("w:jc"); jc == nil || jc.attrs["w:val"] != "right" {
				t.Error("92.10 is not right-aligned")
			}
		}
	}
	if !found {
		t.Error("92.10 not in 表1-2")
	}
}

func TestListsShowPageNumbers(t *testing.T) {
	d := doc(t)
	pg := pages(d)
	x, _ := write(t, d, options(d))
	anchorOf := map[string]string{}
	for a := range pg {
		anchorOf["_"+strings.ReplaceAll(a, "-", "_")] = a
	}
	type want struct{ text, anchor string }
	var toc, lists []want
	for _, ch := range d.Chapters {
		if ch.Heading != nil {
			toc = append(toc, want{ch.Heading.Label(), ch.Heading.Anchor})
		}
		for _, b := range ch.Blocks {
			switch b := b.(type) {
			case *sections.Heading:
				if b.Level <= 3 {
					toc = append(toc, want{b.Label(), b.Anchor})
				}
			case *sections.Table:
				if !strings.Contains(b.Number, "-") {
					toc = append(toc, want{b.Label(), b.Anchor})
				}
			}
		}
	}
	for _, tb := range d.Tables {
		lists = append(lists, want{tb.Label(), tb.Anchor})
	}
	for _, f := range d.Figures {
		lists = append(lists, want{f.Label(), f.Anchor})
	}
	for _, c := range d.Cases {
		lists = append(lists, want{c.Label(), c.Anchor})
	}
	check := func(what string, ps []*node, ws []want) {
		if len(ps) != len(ws) {
			t.Errorf("%s: %d entries, want %d", what, len(ps), len(ws))
			return
		}
		for i, p := range ps {
			w := ws[i]
			text, page, ok := strings.Cut(p.plain(), "\t")
			if !ok || text != w.text || page != pg[w.anchor] {
				t.Errorf("%s entry %d: %q, want %q + tab + %q", what, i, p.plain(), w.text, pg[w.anchor])
			}
			link := p.first("w:hyperlink")
			if link == nil || anchorOf[link.attrs["w:anchor"]] != w.anchor {
				t.Errorf("%s entry %q does not link to %s", what, w.text, w.anchor)
			}
		}
	}
	var tocParas []*node
	for _, p := range x.body.all("w:p") {
		if s := p.style(); s == "TOC1" || s == "TOC2" || s == "TOC3" {
			tocParas = append(tocParas, p)
		}
	}
	check("目录", tocParas, toc)
	check("表目录/图目录/案例目录", x.paras("TableofFigures"), lists)
	// Appendix tables sit under 附表 at level 2.
	for _, p := range tocParas {
		if strings.HasPrefix(p.plain(), "表1 ") && p.style() != "TOC2" {
			t.Errorf("appendix table entry %q has style %s", p.plain(), p.style())
		}
	}
	// The four lists are TOC fields; fields are balanced.
	var tocs []string
	depth := 0
	for _, n := range x.body.all("w:instrText") {
		if f := strings.Fields(n.text); len(f) > 0 && f[0] == "TOC" {
			tocs = append(tocs, n.text)
		}
	}
	x.body.walk(func(n *node) {
		if n.name == "w:fldChar" {
			switch n.attrs["w:fldCharType"] {
			case "begin":
				depth++
			case "end":
				depth--
			}
			if depth < 0 {
				t.Error("field end without begin")
			}
		}
	})
	if depth != 0 {
		t.Errorf("%d fields not closed", depth)
	}
	if len(tocs) != 4 || !strings.Contains(tocs[0], `\o "1-3"`) {
		t.Errorf("TOC fields %q", tocs)
	}
	// The tab stop is a right tab with a dot leader at the text width.
	styles := parse(t, "styles.xml", x.pkg.files["word/styles.xml"])
	for _, s := range styles.all("w:style") {
		if id := s.attrs["w:styleId"]; id == "TOC1" || id == "TableofFigures" {
			tab := s.first("w:tab")
			if tab == nil || tab.attrs["w:val"] != "right" || tab.attrs["w:leader"] != "dot" || tab.attrs["w:pos"] != "8845" {
				t.Errorf("%s tab %v", id, tab)
			}
		}
	}
}

func TestSectionsAndPageNumbers(t *testing.T) {
	d := doc(t)
	x, _ := write(t, d, options(d))
	sects := x.body.all("w:sectPr")
	if got, want := len(sects), 2+4+len(d.Chapters); got != want {
		t.Fatalf("%d sections, want %d (cover, front matter, the four lists, one per chapter)", got, want)
	}
	// The lists are sections of their own, Roman-numbered on: their first page has no
	// running header, their continuation pages their title.
	for i, title := range []string{"目录", "表目录", "图目录", "案例目录"} {
		s := sects[2+i]
		if num := s.first("w:pgNumType"); num == nil || num.attrs["w:fmt"] != "lowerRoman" || num.attrs["w:start"] != "" {
			t.Errorf("list %s numbering %v", title, num)
		}
		if s.first("w:titlePg") == nil {
			t.Errorf("list %s: no first-page header set-up", title)
		}
		var hdr string
		for _, r := range s.all("w:headerReference") {
			if r.attrs["w:type"] == "default" {
				for _, rel := range parse(t, "rels", x.pkg.files["word/_rels/document.xml.rels"]).all("rel:Relationship") {
					if rel.attrs["Id"] == r.attrs["r:id"] {
						hdr = parse(t, "hdr", x.pkg.files["word/"+rel.attrs["Target"]]).plain()
					}
				}
			}
		}
		if hdr != title {
			t.Errorf("list %s: running header %q", title, hdr)
		}
	}
	// The body starts on a right-hand page.
	if ty := sects[6].first("w:type"); ty == nil || ty.attrs["w:val"] != "oddPage" {
		t.Error("the body does not start on an odd page")
	}
	sects = append(sects[:2:2], sects[6:]...)
	if last := x.body.kids[len(x.body.kids)-1]; last.name != "w:sectPr" {
		t.Error("the body does not end with the last section's sectPr")
	}
	for i, s := range sects {
		pgSz, pgMar := s.first("w:pgSz"), s.first("w:pgMar")
		if pgSz.attrs["w:w"] != "11906" || pgSz.attrs["w:h"] != "16838" {
			t.Errorf("section %d page %v", i, pgSz.attrs)
		}
		if pgMar.attrs["w:top"] != "2098" || pgMar.attrs["w:bottom"] != "1984" || pgMar.attrs["w:left"] != "1587" || pgMar.attrs["w:right"] != "1474" {
			t.Errorf("section %d margins %v", i, pgMar.attrs)
		}
		num := s.first("w:pgNumType")
		switch i {
		case 0: // cover: no number
			if num != nil || s.first("w:footerReference") != nil {
				t.Error("the cover has a page number")
			}
		case 1:
			if num == nil || num.attrs["w:fmt"] != "lowerRoman" || num.attrs["w:start"] != "1" {
				t.Errorf("front matter numbering %v", num)
			}
			if s.first("w:footerReference") == nil {
				t.Error("front matter has no footer")
			}
		case 2:
			if num == nil || num.attrs["w:fmt"] != "decimal" || num.attrs["w:start"] != "1" {
				t.Errorf("body numbering %v", num)
			}
			if s.first("w:footerReference") == nil || s.first("w:titlePg") == nil {
				t.Error("body has no footer or no first-page set-up")
			}
		default:
			if num == nil || num.attrs["w:fmt"] != "decimal" || num.attrs["w:start"] != "" {
				t.Errorf("chapter section %d numbering %v (must continue)", i, num)
			}
		}
	}
	// The last front section ends right before the first chapter heading.
	shown := listedHeadings(t, x)
	lastFront := -1
	for i, k := range x.body.kids {
		if k.first("w:sectPr") != nil && k.first("w:pgNumType") != nil && k.first("w:pgNumType").attrs["w:fmt"] == "lowerRoman" {
			lastFront = i
		}
	}
	if k := x.body.kids[lastFront+1]; k.style() != "Heading1" || shown[k] != d.Chapters[0].Heading.Label() {
		t.Errorf("body starts with %q", k.plain())
	}
	// Footers carry PAGE fields.
	for _, n := range x.pkg.names {
		if strings.HasPrefix(n, "word/footer") {
			f := parse(t, n, x.pkg.files[n])
			var instr []string
			for _, i := range f.all("w:instrText") {
				instr = append(instr, strings.TrimSpace(i.text))
			}
			if strings.Join(instr, ",") != "PAGE" {
				t.Errorf("%s fields %q", n, instr)
			}
		}
	}
	// Running headers name the chapter: STYLEREF fields to its number and text.
	found := false
	for _, n := range x.pkg.names {
		if strings.HasPrefix(n, "word/header") {
			h := parse(t, n, x.pkg.files[n])
			if h.plain() == d.Chapters[0].Heading.Label() {
				found = true
				var instr []string
				for _, i := range h.all("w:instrText") {
					instr = append(instr, strings.TrimSpace(i.text))
				}
				if strings.Join(instr, ",") != `STYLEREF "heading 1" \n,STYLEREF "heading 1"` {
					t.Errorf("%s fields %q", n, instr)
				}
			}
		}
	}
	if !found {
		t.Errorf("no running header %q", d.Chapters[0].Heading.Label())
	}
}

func TestStyles(t *testing.T) {
	d := doc(t)
	x, _ := write(t, d, options(d))
	styles := parse(t, "styles.xml", x.pkg.files["word/styles.xml"])
	byID := map[string]*node{}
	for _, s := range styles.all("w:style") {
		byID[s.attrs["w:styleId"]] = s
	}
	normal := byID["Normal"]
	if normal == nil {
		t.Fatal("no Normal style")
	}
	for _, el := range []string{"w:kinsoku", "w:autoSpaceDE", "w:autoSpaceDN"} {
		if normal.first(el) == nil {
			t.Errorf("Normal has no %s", el)
		}
	}
	if ind := normal.first("w:ind"); ind == nil || ind.attrs["w:firstLineChars"] != "200" {
		t.Error("Normal has no 2-character first-line indent")
	}
	if f := normal.first("w:rFonts"); f == nil || f.attrs["w:eastAsia"] != "宋体" || f.attrs["w:ascii"] != "Times New Roman" {
		t.Error("Normal is not set in 宋体 with Times New Roman for Latin")
	}
	if s := normal.first("w:sz"); s == nil || s.attrs["w:val"] != "24" {
		t.Error("Normal is not 12 pt")
	}
	if l := normal.first("w:lang"); l == nil || l.attrs["w:eastAsia"] != "zh-CN" {
		t.Error("Normal has no zh-CN East Asian language")
	}
	for lv := 1; lv <= 4; lv++ {
		s := byID[fmt.Sprintf("Heading%d", lv)]
		if s == nil {
			t.Fatalf("no Heading%d", lv)
		}
		if o := s.first("w:outlineLvl"); o == nil || o.attrs["w:val"] != strconv.Itoa(lv-1) {
			t.Errorf("Heading%d outline level %v", lv, o)
		}
		if lv <= 3 {
			if f := s.first("w:rFonts"); f == nil || f.attrs["w:eastAsia"] != "黑体" || f.attrs["w:hAnsi"] != "Times New Roman" {
				t.Errorf("Heading%d is not in 黑体", lv)
			}
		}
	}
	if byID["Heading1"].first("w:pageBreakBefore") == nil {
		t.Error("chapters do not start on a new page")
	}
	for _, id := range []string{"Title", "Caption", "TOC1", "TOC2", "TOC3", "TableofFigures", "ReportTable", "CaseBox", "Source"} {
		if byID[id] == nil {
			t.Errorf("no style %s", id)
		}
	}
	if c := byID["Caption"]; c.first("w:b") == nil || c.first("w:sz").attrs["w:val"] != "21" || c.first("w:jc").attrs["w:val"] != "center" {
		t.Error("Caption is not 10.5 pt bold centred")
	}
	if s := byID["Source"].first("w:sz"); s == nil || s.attrs["w:val"] != "18" {
		t.Error("Source is not 9 pt")
	}
	// Every paragraph style used in the document exists.
	for _, p := range x.body.all("w:pStyle") {
		if byID[p.attrs["w:val"]] == nil {
			t.Errorf("undefined style %s", p.attrs["w:val"])
		}
	}
}

func TestFrontMatter(t *testing.T) {
	d := doc(t)
	x, _ := write(t, d, options(d))
	var texts []string
	for _, k := range x.body.kids {
		if k.style() == "Heading1" {
			break
		}
		texts = append(texts, k.plain())
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{
		d.Meta.Title, d.Meta.Subtitle, d.Meta.Issuer, d.Meta.CoverDate,
		"单位名称（加盖公章）：" + d.Meta.Issuer, "发布时间：2025年2月19日", "发布网址：",
		d.Meta.Statement.Paragraphs[0], d.Meta.Statement.Date,
		"副主任：田灿　齐长新",
		d.Preface[0].PlainText(),
	} {
		if !strings.Contains(all, want) {
			t.Errorf("front matter lacks %q", want)
		}
	}
	// Order: cover, 发布情况, statement, board, 前言, lists.
	order := []string{d.Meta.Title, "发布情况", "内容真实性责任声明", d.Meta.Board.Title, "前言", "目 录", "表目录", "图目录", "案例目录"}
	pos := -1
	for _, o := range order {
		i := strings.Index(all, o)
		if i <= pos {
			t.Errorf("%q out of order", o)
		}
		pos = i
	}
	sig := x.paras("Signature")
	if len(sig) != 2 || sig[0].plain() != d.Meta.Issuer || sig[1].plain() != d.Meta.Statement.Date {
		t.Error("statement signature missing")
	}
}

func TestFigures(t *testing.T) {
	d := doc(t)
	x, _ := write(t, d, options(d))
	drawings := x.body.all("w:drawing")
	if len(drawings) != len(d.Figures) {
		t.Fatalf("%d pictures, want %d", len(drawings), len(d.Figures))
	}
	rels := parse(t, "rels", x.pkg.files["word/_rels/document.xml.rels"])
	target := map[string]string{}
	for _, r := range rels.all("rel:Relationship") {
		target[r.attrs["Id"]] = r.attrs["Target"]
	}
	textW := 8845.0 * 635
	for i, dr := range drawings {
		f := d.Figures[i]
		img := x.pkg.files["word/"+target[dr.first("a:blip").attrs["r:embed"]]]
		cfg, _, err := image.DecodeConfig(bytes.NewReader(img))
		if err != nil {
			t.Fatalf("%s: %v", f.Number, err)
		}
		ext := dr.first("wp:extent")
		cx, _ := strconv.ParseFloat(ext.attrs["cx"], 64)
		cy, _ := strconv.ParseFloat(ext.attrs["cy"], 64)
		if r, want := cy/cx, float64(cfg.Height)/float64(cfg.Width); r < want*0.99 || r > want*1.01 {
			t.Errorf("%s: aspect %.3f, image %.3f", f.Number, r, want)
		}
		if cx > textW+1 {
			t.Errorf("%s: wider than the text block", f.Number)
		}
		if f.Kind == sections.FigChart && cx < textW*0.9 {
			t.Errorf("%s: chart narrower than the text width", f.Number)
		}
	}
	// Without chart images: a placeholder paragraph per chart.
	y, _ := write(t, d, Options{})
	charts := 0
	for _, f := range d.Figures {
		if f.Kind == sections.FigChart {
			charts++
		}
	}
	n := 0
	for _, p := range y.paras("Figure") {
		if strings.HasPrefix(p.plain(), "［图表：") {
			n++
		}
	}
	if n != charts || charts == 0 {
		t.Errorf("%d chart placeholders, want %d", n, charts)
	}
}

func TestEscaping(t *testing.T) {
	d := *doc(t)
	d.Meta.Title = `A&B <C> "D" 'E'`
	d.Preface = append([]*sections.Para{{Runs: []sections.Run{{Text: "x < y & z\ttab"}}}}, d.Preface...)
	x, _ := write(t, &d, options(&d))
	if got := x.paras("Title")[0].plain(); got != d.Meta.Title {
		t.Errorf("title %q", got)
	}
	found := false
	for _, p := range x.body.all("w:p") {
		if p.plain() == "x < y & z\ttab" {
			found = true
		}
	}
	if !found {
		t.Error("escaped paragraph not read back")
	}
	core := parse(t, "core.xml", x.pkg.files["docProps/core.xml"])
	if got := core.first("dc:title").text; got != d.Meta.Title+d.Meta.Subtitle {
		t.Errorf("core title %q", got)
	}
	for _, tt := range x.body.all("w:t") {
		if tt.attrs["http://www.w3.org/XML/1998/namespace:space"] != "preserve" && tt.attrs["xml:space"] != "preserve" {
			t.Fatalf("w:t without xml:space=preserve: %v", tt.attrs)
		}
	}
}

func TestBookmarkName(t *testing.T) {
	for in, want := range map[string]string{
		"tab-schools":           "_tab_schools",
		"h12":                   "_h12",
		"fig-a.b c":             "_fig_a_b_c",
		strings.Repeat("x", 60): "_" + strings.Repeat("x", 39),
	} {
		if got := bookmarkName(in); got != want {
			t.Errorf("bookmarkName(%q) = %q, want %q", in, got, want)
		}
	}
}

// A synthetic table with a merge two rows high and two columns wide, and a short row.
func TestBlockMerge(t *testing.T) {
	c := func(s string) *data.Cell { return &data.Cell{Text: s, RowSpan: 1, ColSpan: 1} }
	cov := func() *data.Cell { return &data.Cell{RowSpan: 1, ColSpan: 1, Covered: true} }
	big := c("合并")
	big.RowSpan, big.ColSpan = 2, 2
	tb := &data.Table{Cols: 3, HeaderRows: 1, NumericCol: []bool{false, false, true}, Rows: [][]*data.Cell{
		{c("甲"), c("乙"), c("丙")},
		{big, cov(), c("1")},
		{cov(), cov(), c("2")},
		{c("短")},
	}}
	tb.Rows[1][2].Numeric, tb.Rows[2][2].Numeric = true, true
	st := &sections.Table{Number: "表1-1", Caption: "测试", Anchor: "tab-x", Data: tb}
	h := &sections.Heading{Level: 1, Number: "1", Text: "章", Anchor: "h1"}
	d := &sections.Doc{
		Chapters: []*sections.Chapter{{Heading: h, Blocks: []sections.Block{st}}},
		Headings: []*sections.Heading{h}, Tables: []*sections.Table{st},
	}
	x, _ := write(t, d, Options{})
	rows := x.body.first("w:tbl").all("w:tr")
	var got []string
	for _, tr := range rows {
		var cells []string
		for _, tc := range tr.all("w:tc") {
			s := tc.plain()
			if gs := tc.first("w:gridSpan"); gs != nil {
				s += "/span" + gs.attrs["w:val"]
			}
			if vm := tc.first("w:vMerge"); vm != nil {
				s += "/v" + vm.attrs["w:val"]
			}
			if jc := tc.first("w:jc"); jc != nil {
				s += "/" + jc.attrs["w:val"]
			}
			cells = append(cells, s)
		}
		got = append(got, strings.Join(cells, ","))
	}
	want := []string{
		"甲,乙,丙", // centred by the Table Head style
		"合并/span2/vrestart/center,1/right",
		"/span2/v,2/right",
		"短,,",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The merged rows stay together: the first keeps with the next.
	if rows[1].first("w:keepNext") == nil || rows[2].first("w:keepNext") != nil {
		t.Error("rows of the merge are not kept together")
	}
}

func TestSettingsVariants(t *testing.T) {
	d := *doc(t)
	d.Meta.Settings.PageNumbers = "outer-dash"
	d.Meta.Settings.OddChapters = true
	d.Meta.Settings.Header = "report"
	x, _ := write(t, &d, options(&d))
	settings := parse(t, "settings.xml", x.pkg.files["word/settings.xml"])
	if settings.first("w:evenAndOddHeaders") == nil {
		t.Error("outer-dash without even and odd footers")
	}
	sects := x.body.all("w:sectPr")
	sects = append(sects[:2:2], sects[6:]...) // without the lists' sections
	for i, s := range sects[3:] {
		if ty := s.first("w:type"); ty == nil || ty.attrs["w:val"] != "oddPage" {
			t.Errorf("chapter section %d does not start on an odd page", i+3)
		}
	}
	var evenFront, evenBody bool
	for i, s := range sects[1:3] {
		for _, r := range s.all("w:footerReference") {
			if r.attrs["w:type"] == "even" {
				if i == 0 {
					evenFront = true
				} else {
					evenBody = true
				}
			}
		}
	}
	if !evenFront || !evenBody {
		t.Error("no even-page footers")
	}
	dashes := 0
	for _, n := range x.pkg.names {
		if strings.HasPrefix(n, "word/footer") && strings.Contains(parse(t, n, x.pkg.files[n]).plain(), "— ") {
			dashes++
		}
	}
	if dashes < 2 {
		t.Errorf("%d footers with — 1 —", dashes)
	}
	reportHeaders := 0
	for _, n := range x.pkg.names {
		if strings.HasPrefix(n, "word/header") {
			switch parse(t, n, x.pkg.files[n]).plain() {
			case d.Meta.Title + d.Meta.Subtitle:
				reportHeaders++
			case "", "目录", "表目录":
			default:
				t.Errorf("%s: running header %q with running_header: report", n, parse(t, n, x.pkg.files[n]).plain())
			}
		}
	}
	if reportHeaders == 0 {
		t.Error("no running header with the report's title")
	}

	d.Meta.Settings.Header = "none"
	y, _ := write(t, &d, options(&d))
	for _, n := range y.pkg.names {
		if strings.HasPrefix(n, "word/header") && strings.TrimSpace(parse(t, n, y.pkg.files[n]).plain()) != "" {
			t.Errorf("%s is not empty with running_header: none", n)
		}
	}
}

func TestSealOnStatementPage(t *testing.T) {
	d := doc(t)
	_, without := write(t, d, options(d))
	// doc is shared by the package's tests: the seal goes on a copy.
	sealed := *d
	d = &sealed
	d.Seal = testPNG(60, 60)
	x, with := write(t, d, options(d))
	if bytes.Contains(without, []byte(`descr="公章"`)) {
		t.Fatal("seal drawn without a seal image")
	}
	main := string(x.pkg.files["word/document.xml"])
	i := strings.Index(main, `descr="公章"`)
	j := strings.Index(main, "内容真实性责任声明")
	k := strings.Index(main, d.Meta.Board.Title)
	if i < 0 || i < j || i > k {
		t.Fatalf("seal not on the statement page (seal %d, statement %d, board %d)", i, j, k)
	}
	media := 0
	for name := range x.pkg.files {
		if strings.HasPrefix(name, "word/media/") {
			media++
		}
	}
	if len(with) <= len(without) || media == 0 {
		t.Error("seal image not packaged")
	}
}

func TestCaseAttribution(t *testing.T) {
	d := &sections.Doc{Chapters: []*sections.Chapter{{
		Heading: &sections.Heading{Level: 1, Number: "1", Text: "测试", Anchor: "h1"},
		Blocks: []sections.Block{&sections.Case{Number: "案例1-1", Title: "测试", Anchor: "case-a",
			Paras:       []*sections.Para{{Runs: []sections.Run{{Text: "正文。"}}}},
			Attribution: []string{"（供稿：学生工作处）"}}},
	}}}
	x, _ := write(t, d, Options{})
	ps := x.paras("CaseCredit")
	if len(ps) != 1 || ps[0].plain() != "（供稿：学生工作处）" {
		t.Fatalf("credit paragraphs %d", len(ps))
	}
	// Inside the box, after the text.
	tbl := x.body.first("w:tbl")
	if tbl == nil || !strings.HasSuffix(tbl.plain(), "正文。（供稿：学生工作处）") {
		t.Errorf("credit not at the end of the case box")
	}
}

// listedHeadings renders every heading paragraph as Word shows it: the number the
// multilevel list of numbering.xml gives it (counting as Word does: a level's
// counter restarts after a higher level; numId 0 switches the list off), its suffix,
// then its text.
func listedHeadings(t *testing.T, x *docx) map[*node]string {
	t.Helper()
	type lvl struct{ fmt, text, suff string }
	levels := map[int]lvl{}
	styleLvl := map[string]int{}
	if nb, ok := x.pkg.files["word/numbering.xml"]; ok {
		n := parse(t, "numbering.xml", nb)
		for _, l := range n.all("w:lvl") {
			i, _ := strconv.Atoi(l.attrs["w:ilvl"])
			levels[i] = lvl{l.first("w:numFmt").attrs["w:val"], l.first("w:lvlText").attrs["w:val"], l.first("w:suff").attrs["w:val"]}
		}
		// The styles tie to levels.
		st := parse(t, "styles.xml", x.pkg.files["word/styles.xml"])
		for _, s := range st.all("w:style") {
			if np := s.first("w:numPr"); np != nil && np.first("w:numId").attrs["w:val"] == "1" {
				i, _ := strconv.Atoi(np.first("w:ilvl").attrs["w:val"])
				styleLvl[s.attrs["w:styleId"]] = i + 1
			}
		}
	}
	han := []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	format := func(f string, v int) string {
		if f == "chineseCounting" && v <= 10 {
			return han[v]
		}
		return strconv.Itoa(v)
	}
	count := make([]int, 5)
	out := map[*node]string{}
	for _, p := range x.body.all("w:p") {
		st := p.style()
		if !strings.HasPrefix(st, "Heading") {
			continue
		}
		lv := styleLvl[st]
		if np := p.first("w:numId"); np != nil && np.attrs["w:val"] == "0" {
			lv = 0
		}
		if lv == 0 {
			out[p] = p.plain()
			continue
		}
		count[lv]++
		for k := lv + 1; k < len(count); k++ {
			count[k] = 0
		}
		l := levels[lv-1]
		txt := l.text
		for k := 1; k <= lv; k++ {
			txt = strings.ReplaceAll(txt, "%"+strconv.Itoa(k), format(levels[k-1].fmt, count[k]))
		}
		if l.suff == "space" {
			txt += " "
		}
		out[p] = txt + p.plain()
	}
	return out
}

func TestNumberWithUnitDoesNotWrap(t *testing.T) {
	em := cellSize * 20
	for _, c := range []struct {
		s    string
		want float64 // widest unbreakable piece, in em
	}{{"2023年", 4*0.55 + 1}, {"3751.28万元", 7*0.55 + 2}, {"学校名称", 1}, {"12所学校", 2*0.55 + 1}} {
		_, widest := textWidth(c.s, em)
		if math.Abs(widest-c.want*em) > 0.01 {
			t.Errorf("%s: widest piece %.2f em, want %.2f", c.s, widest/em, c.want)
		}
	}
	// A header "2023年" in a crowded table keeps its natural width.
	row := func(cells ...string) []*data.Cell {
		var out []*data.Cell
		for _, s := range cells {
			out = append(out, &data.Cell{Text: s})
		}
		return out
	}
	tb := &sections.Table{Data: &data.Table{Cols: 6, HeaderRows: 1, Rows: [][]*data.Cell{
		row("学校名称", "2022年", "2023年", "2024年", "增幅", "备注"),
		row("株洲市某某中等职业技术学校（示例数据）", "1200", "1300", "1400", "7.69%", "示例数据，仅用于测试列宽的分配是否合理"),
	}}}
	ws := columnWidths(tb, 6, 8845)
	nat, _ := textWidth("2023年", em)
	for c := 1; c <= 3; c++ {
		if float64(ws[c]) < nat+2*cellPadX {
			t.Errorf("column %d is %d twips, narrower than its header 2023年 (%.0f)", c, ws[c], nat+2*cellPadX)
		}
	}
}

// TestRobustEditing covers what keeps the DOCX sound under an editor's hands.
func TestRobustEditing(t *testing.T) {
	d := doc(t)
	x, _ := write(t, d, options(d))
	// No empty spacer paragraphs between blocks: an empty paragraph either carries a
	// section break or stands between two tables that would otherwise be joined.
	kids := x.body.kids
	for i, k := range kids {
		if k.name != "w:p" || k.plain() != "" || k.first("w:drawing") != nil || k.first("w:sectPr") != nil {
			continue
		}
		if i == 0 || i+1 >= len(kids) || kids[i-1].name != "w:tbl" || kids[i+1].name != "w:tbl" {
			t.Errorf("empty paragraph %d (style %q) between blocks", i, k.style())
		}
	}
	// The space around case boxes is paragraph spacing.
	for i, k := range kids {
		if k.name == "w:tbl" && k.first("w:tblStyle").attrs["w:val"] == "CaseBox" && i+1 < len(kids) && kids[i+1].name == "w:p" && kids[i+1].plain() != "" {
			if sp := kids[i+1].child("w:pPr").child("w:spacing"); sp == nil || sp.attrs["w:before"] == "" {
				t.Errorf("paragraph after case box %d has no space before", i)
			}
		}
	}
	// Case boxes: the title row repeats; every table has its caption as alt text.
	var tblCaptions []string
	for _, tbl := range x.body.all("w:tbl") {
		c := tbl.child("w:tblPr").child("w:tblCaption")
		if c == nil {
			t.Error("a table without tblCaption")
			continue
		}
		tblCaptions = append(tblCaptions, c.attrs["w:val"])
		if tbl.first("w:tblStyle").attrs["w:val"] == "CaseBox" {
			if tbl.child("w:tr").first("w:tblHeader") == nil {
				t.Errorf("case box %s: title row does not repeat", c.attrs["w:val"])
			}
		}
	}
	if len(tblCaptions) != len(d.Tables)+len(d.Cases) || tblCaptions[0] != d.Tables[0].Label() {
		t.Errorf("table alt texts %q", tblCaptions[:min(3, len(tblCaptions))])
	}
	// References and caption numbers never break at the hyphen.
	for _, tt := range x.body.all("w:t") {
		if regexp.MustCompile(`^(表|图|案例)?\d+-$|^-\d`).MatchString(tt.text) {
			t.Errorf("breakable hyphen in %q", tt.text)
		}
	}
	if len(x.body.all("w:noBreakHyphen")) == 0 {
		t.Error("no non-breaking hyphens")
	}
	// Only the editor's styles are in the quick-style gallery.
	styles := parse(t, "styles.xml", x.pkg.files["word/styles.xml"])
	var gallery []string
	for _, s := range styles.all("w:style") {
		if s.child("w:qFormat") != nil {
			gallery = append(gallery, s.attrs["w:styleId"])
		} else if s.attrs["w:type"] == "paragraph" && s.attrs["w:styleId"] != "Normal" && s.child("w:semiHidden") == nil {
			t.Errorf("style %s is neither in the gallery nor hidden", s.attrs["w:styleId"])
		}
	}
	if got, want := strings.Join(gallery, ","), "Normal,Heading1,Heading2,Heading3,Heading4,TableCaption,AppendixTableCaption,FigureCaption,CaseTitle,CaseText,TableText"; got != want {
		t.Errorf("quick styles %s\nwant %s", got, want)
	}
	// Fields refresh on open.
	settings := parse(t, "settings.xml", x.pkg.files["word/settings.xml"])
	if u := settings.first("w:updateFields"); u == nil || u.attrs["w:val"] != "true" {
		t.Error("no w:updateFields")
	}
	// Figures keep with their captions.
	byID := map[string]*node{}
	for _, s := range styles.all("w:style") {
		byID[s.attrs["w:styleId"]] = s
	}
	if byID["Figure"].first("w:keepNext") == nil {
		t.Error("figures do not keep with their captions")
	}
	for i, k := range kids {
		if k.style() == "Figure" && (i+1 >= len(kids) || kids[i+1].style() != "FigureCaption") {
			t.Errorf("figure paragraph %d not followed by its caption", i)
		}
	}
}

// TestCaptionFields: captions are STYLEREF/SEQ fields inside the bookmark, appendix
// tables a sequence of their own; list entries are hyperlinks with PAGEREF fields.
func TestCaptionFields(t *testing.T) {
	d := doc(t)
	x, _ := write(t, d, options(d))
	instrs := map[string]string{} // caption style -> instructions of its first paragraph
	for _, st := range []string{"TableCaption", "AppendixTableCaption", "FigureCaption", "CaseTitle"} {
		ps := x.paras(st)
		if len(ps) == 0 {
			t.Fatalf("no %s", st)
		}
		var in []string
		for _, i := range ps[0].all("w:instrText") {
			in = append(in, strings.TrimSpace(i.text))
		}
		instrs[st] = strings.Join(in, "|")
	}
	want := map[string]string{
		// The first of each chapter resets explicitly too (LibreOffice ignores \s).
		"TableCaption":         `STYLEREF 1 \s|SEQ 表 \* ARABIC \r 1 \s 1`,
		"AppendixTableCaption": `SEQ 附表 \* ARABIC`,
		"FigureCaption":        `STYLEREF 1 \s|SEQ 图 \* ARABIC \r 1 \s 1`,
		"CaseTitle":            `STYLEREF 1 \s|SEQ 案例 \* ARABIC \r 1 \s 1`,
	}
	for st, w := range want {
		if instrs[st] != w {
			t.Errorf("%s fields %q, want %q", st, instrs[st], w)
		}
	}
	// Later captions of a chapter only count on.
	if ps := x.paras("TableCaption"); len(ps) > 1 {
		if in := ps[1].all("w:instrText"); len(in) != 2 || strings.TrimSpace(in[1].text) != `SEQ 表 \* ARABIC \s 1` {
			t.Errorf("second table caption fields %v", in)
		}
	}
	// The entries of the lists: hyperlink → text, tab, PAGEREF to the same bookmark.
	n := 0
	for _, st := range []string{"TOC1", "TOC2", "TOC3", "TableofFigures"} {
		for _, p := range x.paras(st) {
			h := p.first("w:hyperlink")
			if h == nil {
				t.Errorf("%s entry %q is not a hyperlink", st, p.plain())
				continue
			}
			in := h.first("w:instrText")
			if in == nil || strings.TrimSpace(in.text) != "PAGEREF "+h.attrs["w:anchor"]+` \h` {
				t.Errorf("%s entry %q: no PAGEREF to %s", st, p.plain(), h.attrs["w:anchor"])
			}
			n++
		}
	}
	if want := len(d.Tables) + len(d.Figures) + len(d.Cases); n < want {
		t.Errorf("%d list entries, want at least %d", n, want)
	}
}

// TestEditorFonts: the DOCX names fonts editors have, with the Noto faces as
// alternates, and settings.docx_fonts changes them.
func TestEditorFonts(t *testing.T) {
	d := *doc(t)
	x, _ := write(t, &d, options(&d))
	ft := parse(t, "fontTable.xml", x.pkg.files["word/fontTable.xml"])
	alt := map[string]string{}
	for _, f := range ft.all("w:font") {
		a := ""
		if n := f.child("w:altName"); n != nil {
			a = n.attrs["w:val"]
		}
		alt[f.attrs["w:name"]] = a
	}
	if alt["宋体"] != "Noto Serif SC" || alt["黑体"] != "Noto Sans SC" {
		t.Errorf("font table %v", alt)
	}
	if _, ok := alt["Times New Roman"]; !ok {
		t.Error("no Times New Roman")
	}
	d.Meta.Settings.DocxFonts = data.DocxFonts{Song: "方正书宋_GBK", Hei: "方正黑体_GBK", Fangsong: "仿宋_GB2312", Latin: "Arial", Body: "fangsong"}
	y, _ := write(t, &d, options(&d))
	styles := string(y.pkg.files["word/styles.xml"])
	for _, want := range []string{`w:eastAsia="仿宋_GB2312"`, `w:eastAsia="方正黑体_GBK"`, `w:ascii="Arial"`} {
		if !strings.Contains(styles, want) {
			t.Errorf("styles lack %s", want)
		}
	}
	if strings.Contains(styles, "宋体") || strings.Contains(styles, "Times New Roman") {
		t.Error("default fonts remain with docx_fonts set")
	}
}

// TestGBNumbering: the GB/T 9704 heading style numbers 一、（一）1.（1）.
func TestGBNumbering(t *testing.T) {
	d := *doc(t)
	d.Meta.Settings.Numbering = "GB/T 9704"
	x, _ := write(t, &d, options(&d))
	n := parse(t, "numbering.xml", x.pkg.files["word/numbering.xml"])
	var got []string
	for _, l := range n.all("w:lvl") {
		got = append(got, l.first("w:numFmt").attrs["w:val"]+" "+l.first("w:lvlText").attrs["w:val"]+" "+l.first("w:pStyle").attrs["w:val"])
	}
	want := "chineseCounting %1、 Heading1|chineseCounting （%2） Heading2|decimal %3. Heading3|decimal （%4） Heading4"
	if strings.Join(got, "|") != want {
		t.Errorf("levels %q", got)
	}
	shown := listedHeadings(t, x)
	if p := x.paras("Heading1")[1]; !strings.HasPrefix(shown[p], "二、") {
		t.Errorf("second chapter shows %q", shown[p])
	}
	d.Meta.Settings.Numbering = "none"
	y, _ := write(t, &d, options(&d))
	if _, ok := y.pkg.files["word/numbering.xml"]; ok {
		t.Error("numbering.xml with numbering: none")
	}
}

// TestPaginationHints: the blocks the PDF began at a page top start a page in the DOCX
// (w:pageBreakBefore on their first paragraph; on a case box's title paragraph), and
// figures take the height the PDF printed them at.
func TestPaginationHints(t *testing.T) {
	d := doc(t)
	opt := options(d)
	var para *sections.Para
	var tab *sections.Table
	var cs *sections.Case
	var fig *sections.Figure
	for _, ch := range d.Chapters[1:] {
		for _, b := range ch.Blocks {
			switch b := b.(type) {
			case *sections.Para:
				if para == nil {
					para = b
				}
			case *sections.Table:
				if tab == nil {
					tab = b
				}
			case *sections.Case:
				if cs == nil {
					cs = b
				}
			case *sections.Figure:
				if fig == nil && b.Kind == sections.FigChart {
					fig = b
				}
			}
		}
	}
	if para == nil || tab == nil || cs == nil || fig == nil {
		t.Fatal("the example lacks a paragraph, table, case or chart")
	}
	opt.StartsPage = func(b sections.Block) bool { return b == para || b == tab || b == cs }
	opt.FigureSize = func(a string) (float64, float64, bool) { return 100, 50, a == fig.Anchor }
	x, _ := write(t, d, opt)
	plain := func(s string) string { return strings.Join(strings.Fields(s), "") }
	want := map[string]bool{
		plain(para.Runs[0].Text): true, // the paragraph
		tab.Number:               true, // the table's caption
		cs.Number:                true, // the case box's title, inside its table
	}
	got := map[string]bool{}
	for _, p := range x.body.all("w:p") {
		ppr := p.child("w:pPr")
		if ppr == nil || ppr.child("w:pageBreakBefore") == nil || p.style() == "Heading1" {
			continue
		}
		text := plain(p.plain())
		found := false
		for k := range want {
			if strings.HasPrefix(text, k) || strings.HasPrefix(k, text) && text != "" {
				got[k], found = true, true
			}
		}
		if !found {
			t.Errorf("unexpected page break before %q", text)
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("no page break before %q", k)
		}
	}
	// The case box's break sits on its title paragraph, in the first row.
	for _, tbl := range x.body.all("w:tbl") {
		if c := tbl.first("w:tblCaption"); c != nil && c.attrs["w:val"] == cs.Label() {
			if tbl.first("w:tr").first("w:pageBreakBefore") == nil {
				t.Error("the case box's first row has no page break")
			}
		}
	}
	// The chart is 50 mm high, as printed, in its own shape.
	for _, dr := range x.body.all("w:drawing") {
		if dr.first("wp:docPr").attrs["descr"] != fig.Label() {
			continue
		}
		cy, _ := strconv.ParseFloat(dr.first("wp:extent").attrs["cy"], 64)
		if got, want := cy, float64(emu(float64(twips(50)))); math.Abs(got-want) > 1 {
			t.Errorf("chart %.0f EMU high, want %.0f", got, want)
		}
	}
	// Without the hints: no page break but the chapters'.
	y, _ := write(t, d, options(d))
	for _, p := range y.body.all("w:p") {
		if ppr := p.child("w:pPr"); ppr != nil && ppr.child("w:pageBreakBefore") != nil {
			t.Errorf("page break before %q without hints", p.plain())
		}
	}
}

// wideDoc is a chapter with a 13-column table the PDF set on landscape pages, between
// two paragraphs; with last, the table ends the document.
func wideDoc(last bool) *sections.Doc {
	row := func(first string, v int) []*data.Cell {
		r := []*data.Cell{{Text: first}}
		for c := 1; c < 13; c++ {
			r = append(r, &data.Cell{Text: strconv.Itoa(1000000 + v*7919 + c*104729), Numeric: true})
		}
		return r
	}
	head := []*data.Cell{{Text: "专业部"}}
	for c := 1; c < 13; c++ {
		head = append(head, &data.Cell{Text: strconv.Itoa(c) + "月经费（元）"})
	}
	rows := [][]*data.Cell{head}
	for i := range 6 {
		rows = append(rows, row("专业部"+strconv.Itoa(i), i))
	}
	wide := &sections.Table{Number: "表1-1", Caption: "各专业部月度经费支出（示例数据）", Anchor: "tab-wide", Source: "示例数据",
		Data: &data.Table{Cols: 13, HeaderRows: 1, Rows: rows, NumericCol: []bool{false, true, true, true, true, true, true, true, true, true, true, true, true}}}
	blocks := []sections.Block{&sections.Para{Runs: []sections.Run{{Text: "宽表之前的段落。"}}}, wide}
	if !last {
		blocks = append(blocks, &sections.Para{Runs: []sections.Run{{Text: "宽表之后的段落。"}}})
	}
	return &sections.Doc{Chapters: []*sections.Chapter{
		{Heading: &sections.Heading{Level: 1, Number: "1", Text: "学校概况", Anchor: "h1"}, Blocks: blocks},
		{Heading: &sections.Heading{Level: 1, Number: "2", Text: "学生发展", Anchor: "h2"},
			Blocks: []sections.Block{&sections.Para{Runs: []sections.Run{{Text: "第二章。"}}}}},
	}}
}

// TestLandscapeSection: a table the PDF set on landscape pages is a landscape section
// of its own in the DOCX (caption, table and source line), between two portrait
// sections of its chapter; the headers and footers are inherited and the page numbers
// go on.
func TestLandscapeSection(t *testing.T) {
	d := wideDoc(false)
	opt := Options{Rotated: func(a string) bool { return a == "tab-wide" }}
	x, _ := write(t, d, opt)
	sects := x.body.all("w:sectPr")
	// Cover, front matter, 目录, chapter 1 (portrait, landscape, portrait), chapter 2.
	if len(sects) != 3+3+1 {
		t.Fatalf("%d sections, want 7", len(sects))
	}
	portrait, land, after := sects[3], sects[4], sects[5]
	pw, ph := portrait.first("w:pgSz").attrs["w:w"], portrait.first("w:pgSz").attrs["w:h"]
	sz := land.first("w:pgSz")
	if sz.attrs["w:orient"] != "landscape" || sz.attrs["w:w"] != ph || sz.attrs["w:h"] != pw {
		t.Errorf("landscape page size %v, portrait %s×%s", sz.attrs, pw, ph)
	}
	for i, s := range []*node{portrait, after, sects[6]} {
		if s.first("w:pgSz").attrs["w:orient"] != "" {
			t.Errorf("section %d is not portrait", i)
		}
	}
	// The chapter's first section sets up its headers, footers and numbering; the
	// landscape one and the rest of the chapter inherit them and continue the numbers.
	if len(portrait.all("w:headerReference")) == 0 || portrait.first("w:titlePg") == nil ||
		portrait.first("w:type") == nil || portrait.first("w:pgNumType").attrs["w:start"] != "1" {
		t.Error("the chapter's first section lost its set-up")
	}
	refs := func(s *node) string {
		var out []string
		for _, r := range append(s.all("w:headerReference"), s.all("w:footerReference")...) {
			if r.attrs["w:type"] != "first" {
				out = append(out, r.attrs["w:type"]+"="+r.attrs["r:id"])
			}
		}
		return strings.Join(out, " ")
	}
	for _, s := range []*node{land, after} {
		// The same running header and footers, named (LibreOffice loses inherited
		// ones), and no first page of their own.
		if refs(s) != refs(portrait) || refs(s) == "" || s.first("w:titlePg") != nil {
			t.Errorf("a continuing section has headers %q, the chapter %q, or a first-page set-up", refs(s), refs(portrait))
		}
		for _, r := range append(s.all("w:headerReference"), s.all("w:footerReference")...) {
			if r.attrs["w:type"] == "first" {
				t.Error("a continuing section names a first-page header or footer")
			}
		}
		if n := s.first("w:pgNumType"); n == nil || n.attrs["w:start"] != "" || n.attrs["w:fmt"] != "decimal" {
			t.Error("a continuing section restarts or lacks its page numbers")
		}
		if s.first("w:type") != nil {
			t.Error("a continuing section is not a next-page section")
		}
	}
	// What lies in the landscape section: the caption, the table, the source line.
	var inLand []string
	sect := 0
	for _, k := range x.body.kids {
		if sect == 4 {
			switch {
			case k.name == "w:tbl":
				inLand = append(inLand, "table")
			case k.name == "w:p" && k.plain() != "":
				inLand = append(inLand, k.plain())
			}
		}
		if k.first("w:sectPr") != nil {
			sect++
		}
	}
	if got := strings.Join(inLand, " | "); !strings.Contains(got, "各专业部月度经费支出") || !strings.Contains(got, "table") ||
		!strings.Contains(got, "数据来源：示例数据") || strings.Contains(got, "宽表") {
		t.Errorf("landscape section holds %s", got)
	}
	// The table takes the landscape text width; its numbers fit whole at a smaller size.
	g := newGeom(data.Settings{})
	tbl := x.body.first("w:tbl")
	total := 0
	for _, c := range tbl.all("w:gridCol") {
		n, _ := strconv.Atoi(c.attrs["w:w"])
		total += n
	}
	if total != g.landW() {
		t.Errorf("landscape table %d twips wide, text width %d", total, g.landW())
	}
	if s := tbl.first("w:sz"); s == nil || s.attrs["w:val"] == "21" {
		t.Error("the wide table keeps 五号")
	}
	checkOrder(t, "document.xml", x.body)
	// Without the layout's word the table stays in the chapter's one section.
	y, _ := write(t, d, Options{})
	if n := len(y.body.all("w:sectPr")); n != 5 {
		t.Errorf("%d sections without Rotated, want 5", n)
	}
	// A landscape table at the end of the document: the body's final section is it,
	// and a paragraph still closes the body.
	d2 := wideDoc(true)
	d2.Chapters = d2.Chapters[:1]
	z, _ := write(t, d2, opt)
	kids := z.body.kids
	final := kids[len(kids)-1]
	if final.name != "w:sectPr" || final.first("w:pgSz").attrs["w:orient"] != "landscape" {
		t.Error("the final section is not the landscape table's")
	}
	if kids[len(kids)-2].name != "w:p" {
		t.Error("the body ends with a table")
	}
	if n := len(z.body.all("w:sectPr")); n != 5 {
		t.Errorf("%d sections, want 5 (cover, front matter, 目录, portrait, landscape)", n)
	}
}

// TestMetricsLikeThePDF: headings and case boxes take the PDF's whole line pitches
// (a chapter heading 3, a section heading 2, a case title 1 a line, half a pitch inside
// the frame above and below the paragraphs), whatever the fonts' own line heights.
func TestMetricsLikeThePDF(t *testing.T) {
	d := doc(t)
	x, _ := write(t, d, options(d))
	pitch := newGeom(d.Meta.Settings).pitch
	styles := parse(t, "styles.xml", x.pkg.files["word/styles.xml"])
	for _, st := range styles.all("w:style") {
		want := map[string]int{"Heading1": 3, "Heading2": 2, "CaseTitle": 1}[st.attrs["w:styleId"]]
		if want == 0 {
			continue
		}
		sp := st.first("w:spacing")
		num := func(a string) int { n, _ := strconv.Atoi(sp.attrs[a]); return n }
		if sp == nil || sp.attrs["w:lineRule"] != "exact" || num("w:line") != pitch || num("w:before")+num("w:after")+num("w:line") != want*pitch {
			t.Errorf("%s: spacing %v, want %d pitches of %d", st.attrs["w:styleId"], sp.attrs, want, pitch)
		}
	}
	boxes := 0
	for _, tbl := range x.body.all("w:tbl") {
		if tbl.first("w:tblStyle").attrs["w:val"] != "CaseBox" {
			continue
		}
		boxes++
		rows := tbl.all("w:tr")
		mar := func(tr *node, side string) string { return tr.first("w:tcMar").first("w:" + side).attrs["w:w"] }
		if mar(rows[0], "top") != "0" || mar(rows[0], "bottom") != "0" {
			t.Error("the case title row has vertical cell margins")
		}
		if h := strconv.Itoa(pitch / 2); mar(rows[1], "top") != h || mar(rows[1], "bottom") != h {
			t.Errorf("the case body keeps %s/%s twips from the frame, want %s", mar(rows[1], "top"), mar(rows[1], "bottom"), h)
		}
	}
	if boxes != len(d.Cases) {
		t.Errorf("%d case boxes, want %d", boxes, len(d.Cases))
	}
}

// TestLongMergedGroupBreaks: a merged group of 45 rows may break across pages (its
// rows do not keep with the next), as in the PDF; a group of three stays together.
func TestLongMergedGroupBreaks(t *testing.T) {
	rows := [][]*data.Cell{{{Text: "县（市、区）"}, {Text: "学校"}}}
	group := func(name string, n int) {
		for i := range n {
			c := &data.Cell{Text: name, RowSpan: n}
			if i > 0 {
				c = &data.Cell{Covered: true}
			}
			rows = append(rows, []*data.Cell{c, {Text: name + "学校" + strconv.Itoa(i)}})
		}
	}
	group("甲县", 3)
	group("乙县", 45)
	d := &sections.Doc{Chapters: []*sections.Chapter{{
		Heading: &sections.Heading{Level: 1, Number: "1", Text: "学校", Anchor: "h"},
		Blocks: []sections.Block{&sections.Table{Number: "表1-1", Caption: "各县学校", Anchor: "t",
			Data: &data.Table{Cols: 2, HeaderRows: 1, Rows: rows}}},
	}}}
	x, _ := write(t, d, Options{})
	trs := x.body.first("w:tbl").all("w:tr")
	kept := func(tr *node) bool { return tr.first("w:keepNext") != nil }
	if !kept(trs[1]) || !kept(trs[2]) || kept(trs[3]) {
		t.Error("the group of three does not stay together")
	}
	for _, tr := range trs[4:] {
		if kept(tr) {
			t.Fatal("a row of the 45-row group keeps with the next")
		}
	}
}
