// Package pdf draws laid-out pages into a PDF.
//
// It writes the whole file itself, front to back in one pass (writer.go): the page tree
// with one shared resource dictionary, each page's content (fills, images, chart paths,
// rules, then text) compressed by one reused zlib writer, the image XObjects (JPEG
// passed through, PNG as Flate samples with a soft mask for alpha; each distinct image
// once), the subset fonts, link annotations, bookmarks, page labels, the draft mark and
// the document information, then a classic cross-reference table. The signer (package
// sign) appends its incremental update to this file.
//
// It used to draw fills, rules and images with gofpdf and add the fonts, navigation and
// draft mark as incremental updates that re-parsed gofpdf's output. gofpdf compressed
// each page with a new zlib writer, its font embedding cannot draw characters above
// U+FFFF (it reads only a font's format 4 cmap), and its image catalogue is ordered by
// a map; writing the file directly is faster and needs none of the re-parsing.
//
// The page text (text.go) is one BT…ET per page, the font and colour set only when they
// change, each run a string of glyph IDs of a subset font cut by package fonts from the
// faces it has already parsed (Type0/CIDFontType2, Identity-H, complete ToUnicode maps).
//
// Charts whose drawing Info.Vector returns are not embedded as images: their shapes are
// written as paths in the page (vector.go) and their labels join the page's text, set
// in the same subset fonts. Placeholder photos never reach this package as images (the
// layout draws them as boxes).
package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/reportc/reportc/cache"
	"github.com/reportc/reportc/charts"
	"github.com/reportc/reportc/layout"
	"github.com/reportc/reportc/pdfupdate"
)

// Info is the document information dictionary.
type Info struct {
	Title, Author, Subject, Keywords string
	Created                          time.Time
	// Draft marks every page with a diagonal 草稿 and says so in the metadata
	// (watermark.go); the official edition has neither.
	Draft bool
	// Vector, when set, returns the drawing of a chart picture (charts.Renderer.Vector):
	// such a chart is drawn as paths and text instead of its PNG. nil draws every
	// picture as its image.
	Vector func(png []byte) *charts.Drawing
	// Cache, when not nil, keeps what the writer derives only from bytes it has seen
	// before: the compressed subset font files (under the hash of the subset) and the
	// photos scaled to their printed size (under the hash of the file and the pixel
	// size; see prepareImages). A rebuild reads them instead of deriving them again;
	// the output is the same either way (package cache).
	Cache *cache.Dir
}

// Prepared is a book with what the writer derives from its pictures before writing
// anything: which are charts drawn as vectors (Info.Vector) and the image XObject of
// every other one, scaled to PrintDPI at its printed size (through Info.Cache). The
// DOCX writer embeds the same scaled photos (PrintJPEG), so they are made once for both.
// A Prepared is read-only: PrintJPEG may be called from other goroutines while
// WritePrepared runs.
type Prepared struct {
	book    *layout.Book
	pages   []*layout.Page
	vectors map[*layout.Page][]vectorPic
	images  *imageSet
}

// Prepare makes the image XObjects of a book's pictures (see prepareImages), using
// info.Vector and info.Cache.
func Prepare(b *layout.Book, info Info) (*Prepared, error) {
	if b == nil || len(b.Pages) == 0 {
		return nil, fmt.Errorf("生成 PDF: 没有页面")
	}
	pages, vectors := vectorPages(b.Pages, info.Vector)
	images, err := prepareImages(pages, info.Cache)
	if err != nil {
		return nil, fmt.Errorf("图片: %w", err)
	}
	return &Prepared{book: b, pages: pages, vectors: vectors, images: images}, nil
}

// PrintJPEG returns the JPEG file the PDF embeds for the picture whose bytes are
// original, when the writer made it — a JPEG scaled down to PrintDPI at its largest
// printed size, or a photograph given as PNG encoded as JPEG — and it is smaller than
// original, or original is a JPEG with an EXIF orientation (the one made is upright,
// whatever its size); nil for every other picture (embedded as it is or losslessly, a
// chart, or bytes the book does not hold). The pixels' shape is the original's as
// displayed, to the pixel.
func (p *Prepared) PrintJPEG(original []byte) []byte {
	if p == nil {
		return nil
	}
	return p.images.printJPEG(original)
}

// Write renders the book to PDF bytes: Prepare, then WritePrepared.
func Write(b *layout.Book, info Info) ([]byte, error) {
	p, err := Prepare(b, info)
	if err != nil {
		return nil, err
	}
	return WritePrepared(p, info)
}

// WritePrepared renders a prepared book to PDF bytes. info.Vector and info.Cache were
// used by Prepare; the rest of info is the document's.
func WritePrepared(pr *Prepared, info Info) ([]byte, error) {
	if pr == nil {
		return nil, fmt.Errorf("生成 PDF: 没有页面")
	}
	info = draftInfo(info)
	b, pages, vectors, images := pr.book, pr.pages, pr.vectors, pr.images
	var err error
	ft := newFontTable(b.Fonts)
	for _, p := range pages {
		for _, t := range p.Texts {
			ft.use(t.Style, t.Text)
		}
	}
	subsets, err := ft.subsets(info.Cache)
	if err != nil {
		return nil, err
	}
	// Every return below waits for the font files being compressed in the background.
	defer func() {
		for _, u := range subsets {
			u.wait()
		}
	}()

	// The file's length is mostly the images and font files, as they are, and the
	// compressed page contents: allocate that once.
	size := 64 << 10
	size += len(pages) * 8 << 10
	for _, xo := range images.objs {
		size += len(xo.data)
		if xo.smask != nil {
			size += len(xo.smask.data)
		}
	}
	for _, u := range subsets {
		size += len(u.sub.Font) / 2
	}
	w := newObjWriter(size)
	catalog, pagesObj, resources, infoObj := w.reserve(), w.reserve(), w.reserve(), w.reserve()
	nv := navigation{b: b, pageObj: make([]int, len(pages))}
	for i := range pages {
		nv.pageObj[i] = w.reserve()
	}
	fontObj := make([]int, len(subsets))
	for i := range subsets {
		fontObj[i] = w.reserve()
	}
	var draftFont, draftStream int
	if info.Draft {
		if draftFont, draftStream, err = draftMark(w, b); err != nil {
			return nil, err
		}
	}

	imgs := imageTable{set: images, byHash: map[[32]byte]int{}}
	var content bytes.Buffer
	for i, p := range pages {
		content.Reset()
		if err := imgs.drawPage(w, &content, p, vectors[p], b.Height); err != nil {
			return nil, fmt.Errorf("生成 PDF 第 %d 页: %w", p.Index+1, err)
		}
		ft.pageText(&content, p, b.Height)
		cn, err := w.addStream("", content.Bytes())
		if err != nil {
			return nil, fmt.Errorf("生成 PDF 第 %d 页: %w", p.Index+1, err)
		}
		annots := nv.links(w, b.Pages[i])
		var po strings.Builder
		fmt.Fprintf(&po, "<</Type /Page /Parent %d 0 R /Resources %d 0 R", pagesObj, resources)
		if info.Draft {
			fmt.Fprintf(&po, " /Contents [%d 0 R %d 0 R]", draftStream, cn)
		} else {
			fmt.Fprintf(&po, " /Contents %d 0 R", cn)
		}
		if len(annots) > 0 {
			po.WriteString(" /Annots [")
			for j, a := range annots {
				if j > 0 {
					po.WriteByte(' ')
				}
				fmt.Fprintf(&po, "%d 0 R", a)
			}
			po.WriteString("]")
		}
		if p.Landscape {
			// A landscape media box over the content (laid out on the portrait page's
			// coordinates, so it lies at the top of the tall box), turned a quarter turn
			// counter-clockwise in the booklet.
			fmt.Fprintf(&po, " /MediaBox [0 %.2f %.2f %.2f] /Rotate 270", (b.Height-b.Width)*ptPerMM, b.Height*ptPerMM, b.Height*ptPerMM)
		}
		po.WriteString(">>")
		w.put(nv.pageObj[i], po.String())
	}
	if err := putFonts(w, subsets, fontObj); err != nil {
		return nil, fmt.Errorf("PDF 字体: %w", err)
	}

	// One resource dictionary for every page.
	var res strings.Builder
	res.WriteString("<</ProcSet [/PDF /Text /ImageB /ImageC] /Font <<")
	for i, u := range subsets {
		fmt.Fprintf(&res, "/%s %d 0 R ", u.res, fontObj[i])
	}
	if info.Draft {
		fmt.Fprintf(&res, "/RCDraft %d 0 R", draftFont)
	}
	res.WriteString(">>")
	if len(imgs.objs) > 0 {
		res.WriteString(" /XObject <<")
		for i, n := range imgs.objs {
			fmt.Fprintf(&res, "/I%d %d 0 R ", i+1, n)
		}
		res.WriteString(">>")
	}
	res.WriteString(">>")
	w.put(resources, res.String())

	var kids strings.Builder
	for i, n := range nv.pageObj {
		if i > 0 {
			kids.WriteByte(' ')
		}
		fmt.Fprintf(&kids, "%d 0 R", n)
	}
	w.put(pagesObj, fmt.Sprintf("<</Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 %.2f %.2f]>>", kids.String(), len(pages), b.Width*ptPerMM, b.Height*ptPerMM))
	outline := nv.outline(w)
	w.put(infoObj, infoDict(info))
	w.put(catalog, fmt.Sprintf("<</Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode /UseOutlines /PageLabels %s>>", pagesObj, outline, nv.pageLabels()))
	return w.finish(catalog, infoObj)
}

// infoDict is the document information dictionary; its dates are Info.Created, never
// the clock.
func infoDict(info Info) string {
	date := pdfupdate.TextString("D:" + info.Created.Format("20060102150405"))
	return fmt.Sprintf("<</Title %s /Author %s /Subject %s /Keywords %s /Creator %s /Producer %s /CreationDate %s /ModDate %s>>",
		pdfupdate.TextString(info.Title), pdfupdate.TextString(info.Author), pdfupdate.TextString(info.Subject), pdfupdate.TextString(info.Keywords),
		pdfupdate.TextString("reportc"), pdfupdate.TextString("reportc"), date, date)
}

// imageTable numbers the distinct images of the book (by content) in order of first
// use, writing each one's XObject where it is first drawn.
type imageTable struct {
	set    *imageSet
	byHash map[[32]byte]int // index into objs
	objs   []int
}

// gray is a grey level as 0–255 components.
func gray(g float64) int { return int(g*255 + 0.5) }

// grayNum is a grey level as an operand, rounded to whole 1/255 steps as it always was.
func grayNum(g float64) string { return num3(float64(gray(g)) / 255) }

// drawPage writes the fills, pictures, chart shapes and rules of a page, in that order
// (the text comes last). Rules the layout gives twice (a cell edge shared by two cells)
// are drawn once.
func (it *imageTable) drawPage(w *objWriter, c *bytes.Buffer, p *layout.Page, vecs []vectorPic, pageH float64) error {
	k := ptPerMM
	fill := ""
	for _, f := range p.Fills {
		if g := grayNum(f.Gray); g != fill {
			c.WriteString(g + " g\n")
			fill = g
		}
		fmt.Fprintf(c, "%s %s %s %s re f\n", num(f.X*k), num((pageH-f.Y)*k), num(f.W*k), num(-f.H*k))
	}
	for _, im := range p.Pictures {
		sum := it.set.lookup(im.Data)
		ix, ok := it.byHash[sum]
		if !ok {
			xo := it.set.objs[sum]
			if xo == nil {
				return fmt.Errorf("图片 %s 没有准备好", im.Key)
			}
			n := w.reserve()
			w.putImage(n, xo)
			ix = len(it.objs)
			it.byHash[sum] = ix
			it.objs = append(it.objs, n)
		}
		fmt.Fprintf(c, "q %s 0 0 %s %s %s cm /I%d Do Q\n", num(im.W*k), num(im.H*k), num(im.X*k), num((pageH-(im.Y+im.H))*k), ix+1)
	}
	for _, v := range vecs {
		c.WriteString(chartContent(v, pageH))
	}
	type seg struct{ x1, y1, x2, y2, w, g float64 }
	seen := make(map[seg]bool, len(p.Rules))
	stroke, width := "", ""
	for _, r := range p.Rules {
		s := seg{r.X1, r.Y1, r.X2, r.Y2, r.Width, r.Gray}
		if s.x2 < s.x1 || (s.x2 == s.x1 && s.y2 < s.y1) {
			s.x1, s.y1, s.x2, s.y2 = s.x2, s.y2, s.x1, s.y1
		}
		if seen[s] {
			continue
		}
		seen[s] = true
		if g := grayNum(r.Gray); g != stroke {
			c.WriteString(g + " G\n")
			stroke = g
		}
		if lw := num(r.Width * k); lw != width {
			c.WriteString(lw + " w\n")
			width = lw
		}
		fmt.Fprintf(c, "%s %s m %s %s l S\n", num(r.X1*k), num((pageH-r.Y1)*k), num(r.X2*k), num((pageH-r.Y2)*k))
	}
	return nil
}
