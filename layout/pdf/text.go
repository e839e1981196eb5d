package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/reportc/reportc/cache"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/layout"
)

// fontUse is one face the document draws with: its resource name and the characters it
// draws, then the subset cut for them.
type fontUse struct {
	face  *fonts.Face
	res   string // resource name, without the slash
	runes map[rune]bool
	sub   *fonts.Subset
	// The FontFile2 object, compressed in the background while the pages are drawn.
	file    []byte
	fileErr error
	fileWG  sync.WaitGroup
}

// fontTable maps the faces of the book's font chain to the subsets the PDF embeds.
// Resource names follow the chain: R1–R4 for the four roles, F1… for the fallback
// faces, so they do not depend on the order of first use.
type fontTable struct {
	fs     *fonts.Set
	byFace map[*fonts.Face]*fontUse
	order  []*fontUse
}

func newFontTable(fs *fonts.Set) *fontTable {
	ft := &fontTable{fs: fs, byFace: map[*fonts.Face]*fontUse{}}
	add := func(f *fonts.Face, res string) {
		if _, ok := ft.byFace[f]; ok {
			return
		}
		u := &fontUse{face: f, res: res, runes: map[rune]bool{}}
		ft.byFace[f] = u
		ft.order = append(ft.order, u)
	}
	for r := fonts.Serif; r <= fonts.SansBold; r++ {
		add(fs.Face(r), fmt.Sprintf("R%d", int(r)+1))
	}
	for i, f := range fs.Fallbacks() {
		add(f, fmt.Sprintf("F%d", i+1))
	}
	return ft
}

// face returns the face that draws r in style st: the style's face when it has r, else
// the first face of the chain that has it, else the style's face (.notdef; check
// refuses such text before a build).
func (ft *fontTable) face(st layout.Style, r rune) *fontUse {
	f := ft.fs.StyleFace(st.Role, st.Fallback)
	if !f.Has(r) {
		if g := ft.fs.FaceFor(st.Role, r); g != nil {
			f = g
		}
	}
	return ft.byFace[f]
}

// use records the characters of a run.
func (ft *fontTable) use(st layout.Style, s string) {
	for _, r := range s {
		ft.face(st, r).runes[r] = true
	}
}

// subsets cuts a subset of every face that draws something, two at a time (the
// machine's cores), and returns them in resource order.
func (ft *fontTable) subsets(store *cache.Dir) ([]*fontUse, error) {
	var used []*fontUse
	for _, u := range ft.order {
		if len(u.runes) > 0 {
			used = append(used, u)
		}
	}
	errs := make([]error, len(used))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, u := range used {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			rs := make([]rune, 0, len(u.runes))
			for r := range u.runes {
				rs = append(rs, r)
			}
			u.sub, errs[i] = u.face.Subset(rs)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for _, u := range used {
		u.fileWG.Add(1)
		go func() {
			defer u.fileWG.Done()
			u.file, u.fileErr = store.Derive(fontFileKind, func() ([]byte, error) {
				return stream(fmt.Sprintf(" /Length1 %d", len(u.sub.Font)), u.sub.Font)
			}, u.sub.Font)
		}()
	}
	return used, nil
}

// fontFileKind names the cached compressed font files; change it when stream or its
// compression level changes.
const fontFileKind = "pdffontfile1"

// wait returns the compressed font file; it must be called, so that no goroutine outlives
// the write.
func (u *fontUse) wait() ([]byte, error) {
	u.fileWG.Wait()
	return u.file, u.fileErr
}

const ptPerMM = 72 / 25.4

// num formats a PDF number with at most two decimals and no trailing zeros.
func num(v float64) string { return string(appendNum(nil, v)) }

// appendNum appends num(v) to b.
func appendNum(b []byte, v float64) []byte {
	v = math.Round(v*100) / 100
	if v == 0 {
		return append(b, '0') // also -0
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// pageText appends the content of a page's text to c: one text object for the page;
// font and grey set only where they change; each character a glyph ID of the subset of
// the face that draws it. Runs on the same baseline continue one TJ array, the gap to
// the next run (justification, glue) written as a TJ adjustment, so a justified line is
// one array, not one positioned string per character. It is wrapped in q…Q so that the
// graphics state of the fills and rules drawn before it is not changed. Every run must
// have been passed to use before the subsets were cut.
func (ft *fontTable) pageText(c *bytes.Buffer, p *layout.Page, pageH float64) {
	if len(p.Texts) == 0 {
		return
	}
	w := &textWriter{b: c, gray: -1}
	c.WriteString("q BT\n")
	for _, t := range p.Texts {
		w.run(ft, t, pageH)
	}
	w.closeArray()
	c.WriteString("ET Q\n")
}

// textWriter holds the text state of a page's content while it is written.
type textWriter struct {
	b          *bytes.Buffer
	font       *fontUse
	size, gray float64
	inArray    bool // a TJ array is open
	inHex      bool // a glyph string inside it is open
	onLine     bool // the text matrix is on a baseline later runs may continue
	lineY      float64
	penX       float64 // where the next glyph would go, in points
	scratch    []byte
}

func (w *textWriter) closeArray() {
	if w.inHex {
		w.b.WriteByte('>')
		w.inHex = false
	}
	if w.inArray {
		w.b.WriteString("] TJ\n")
		w.inArray = false
	}
}

// nums writes numbers (two decimals at most) separated by spaces, then op.
func (w *textWriter) nums(op string, vs ...float64) {
	for _, v := range vs {
		w.scratch = appendNum(w.scratch[:0], v)
		w.b.Write(w.scratch)
		w.b.WriteByte(' ')
	}
	w.b.WriteString(op)
}

func (w *textWriter) run(ft *fontTable, t layout.Glyphs, pageH float64) {
	if t.Text == "" {
		return
	}
	if g := float64(gray(t.Gray)) / 255; g != w.gray {
		w.closeArray()
		w.b.WriteString(num3(g) + " g\n")
		w.gray = g
	}
	x, y := t.X*ptPerMM, (pageH-t.Y)*ptPerMM
	adjust := 0.0 // points to move right before the first glyph
	if t.Angle != 0 {
		w.closeArray()
		a := t.Angle * math.Pi / 180
		c, s := math.Cos(a), math.Sin(a)
		fmt.Fprintf(w.b, "%s %s %s %s %s %s Tm\n", num3(c), num3(s), num3(-s), num3(c), num(x), num(y))
		w.onLine = false // the next run sets its own matrix
	} else if !w.onLine || math.Abs(y-w.lineY) > 0.005 || x < w.penX-t.Style.Size || x > w.penX+2*t.Style.Size {
		w.closeArray()
		w.b.WriteString("1 0 0 1 ")
		w.nums("Tm\n", x, y)
		w.onLine, w.lineY, w.penX = true, y, x
	} else {
		adjust = x - w.penX
	}
	for i, r := range t.Text {
		u := ft.face(t.Style, r)
		if u != w.font || t.Style.Size != w.size {
			w.closeArray()
			w.b.WriteString("/" + u.res + " ")
			w.nums("Tf\n", t.Style.Size)
			w.font, w.size = u, t.Style.Size
		}
		if !w.inArray {
			w.b.WriteByte('[')
			w.inArray = true
		}
		if i == 0 && math.Abs(adjust) > 0.005 {
			if w.inHex {
				w.b.WriteByte('>')
				w.inHex = false
			}
			// TJ numbers are thousandths of the font size, subtracted from the position.
			w.scratch = appendNum(w.scratch[:0], -adjust*1000/w.size)
			w.b.Write(w.scratch)
			w.penX += adjust
		}
		if !w.inHex {
			w.b.WriteByte('<')
			w.inHex = true
		}
		gid := u.sub.GID(r)
		const hex = "0123456789ABCDEF"
		w.b.Write([]byte{hex[gid>>12&15], hex[gid>>8&15], hex[gid>>4&15], hex[gid&15]})
		w.penX += u.sub.Widths[gid] * w.size / 1000
	}
}

func num3(v float64) string {
	return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
}

// putFonts writes the subset fonts, each as the Type0 object number reserved for it
// in fonts (same order as used), waiting for its font file where it is still being
// compressed.
func putFonts(w *objWriter, used []*fontUse, nums []int) error {
	for i, fu := range used {
		file, err := fu.wait()
		if err != nil {
			return err
		}
		if err := putFont(w, nums[i], fu.sub, file); err != nil {
			return err
		}
	}
	return nil
}

// stream is an object body holding data compressed with Flate.
func stream(dict string, data []byte) ([]byte, error) {
	var z bytes.Buffer
	z.Grow(len(data)/2 + 64) // subset TrueType files deflate to about half
	// BestSpeed: on the example, the default level took 75 % more CPU for files 5 % smaller.
	w, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Grow(z.Len() + len(dict) + 64)
	fmt.Fprintf(&b, "<</Length %d /Filter /FlateDecode%s>>\nstream\n", z.Len(), dict)
	b.Write(z.Bytes())
	b.WriteString("\nendstream")
	return b.Bytes(), nil
}

// putFont writes one subset as Type0 font n with a CIDFontType2 descendant, glyph IDs
// as CIDs (Identity-H, CIDToGIDMap Identity).
func putFont(w *objWriter, n int, s *fonts.Subset, file []byte) error {
	ff := w.reserve()
	w.putRaw(ff, file)
	fd := w.add(fmt.Sprintf("<</Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [%s %s %s %s] /ItalicAngle %s /Ascent %s /Descent %s /CapHeight %s /StemV 80 /FontFile2 %d 0 R>>",
		s.Name, num(s.BBox[0]), num(s.BBox[1]), num(s.BBox[2]), num(s.BBox[3]), num(s.ItalicAngle), num(s.Ascent), num(s.Descent), num(s.CapHeight), ff))
	var wd strings.Builder
	wd.WriteString("[0 [")
	for i, v := range s.Widths {
		if i > 0 {
			wd.WriteByte(' ')
		}
		wd.WriteString(num3(v))
	}
	wd.WriteString("]]")
	cid := w.add(fmt.Sprintf("<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW 1000 /W %s /CIDToGIDMap /Identity>>",
		s.Name, fd, wd.String()))
	tn, err := w.addStream("", toUnicode(s.Runes))
	if err != nil {
		return err
	}
	w.put(n, fmt.Sprintf("<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>",
		s.Name, cid, tn))
	return nil
}

// toUnicode is the CMap from subset glyph IDs to characters: glyph i+1 is runes[i];
// characters above U+FFFF are written as UTF-16 surrogate pairs.
func toUnicode(runes []rune) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	rs := append([]rune(nil), runes...)
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	for start := 0; start < len(rs); start += 100 {
		end := min(start+100, len(rs))
		fmt.Fprintf(&b, "%d beginbfchar\n", end-start)
		for i := start; i < end; i++ {
			fmt.Fprintf(&b, "<%04X> <%s>\n", i+1, utf16Hex(rs[i]))
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

func utf16Hex(r rune) string {
	if r < 0x10000 {
		return fmt.Sprintf("%04X", r)
	}
	r -= 0x10000
	return fmt.Sprintf("%04X%04X", 0xD800+(r>>10), 0xDC00+(r&0x3FF))
}
