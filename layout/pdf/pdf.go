// Package pdf draws laid-out pages into a PDF.
//
// Rules, fills and images go through gofpdf, one gofpdf page per laid-out page. Text does
// not: gofpdf's font embedding reads only a font's format 4 cmap and writes each
// character as its UTF-16 code unit, so it cannot draw characters above U+FFFF, it
// re-parses every font on every build, and maroto on top of it wrote one text object
// per character. reportc writes the page text itself (text.go): one BT…ET per page,
// the font and colour set only when they change, each run as a string of glyph IDs of
// a subset font cut by package fonts from the faces it has already parsed. The subset
// fonts (Type0/CIDFontType2, Identity-H, complete ToUnicode maps) are added to the
// file gofpdf wrote in the same incremental update that adds the bookmarks and links
// (navigate.go).
//
// Charts whose drawing Info.Vector returns are not embedded as images: their shapes are
// written as paths in the page (vector.go) and their labels join the page's text, set
// in the same subset fonts. Placeholder photos never reach this package as images (the
// layout draws them as boxes).
package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/phpdave11/gofpdf"

	"github.com/reportc/reportc/charts"
	"github.com/reportc/reportc/layout"
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
}

// Write renders the book to PDF bytes.
func Write(b *layout.Book, info Info) ([]byte, error) {
	info = draftInfo(info)
	pages, vectors := vectorPages(b.Pages, info.Vector)
	if err := fitResolution(pages); err != nil {
		return nil, fmt.Errorf("图片: %w", err)
	}
	if err := distinctWidths(pages); err != nil {
		return nil, fmt.Errorf("图片: %w", err)
	}
	ft := newFontTable(b.Fonts)
	for _, p := range pages {
		for _, t := range p.Texts {
			ft.use(t.Style, t.Text)
		}
	}
	subsets, err := ft.subsets()
	if err != nil {
		return nil, err
	}
	// Every return below waits for the font files being compressed in the background.
	defer func() {
		for _, u := range subsets {
			u.wait()
		}
	}()

	pdf := gofpdf.NewCustom(&gofpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		Size:           gofpdf.SizeType{Wd: b.Width, Ht: b.Height},
	})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCompression(true)
	// Byte-identical output: fixed dates and sorted resource catalogues.
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(info.Created)
	pdf.SetModificationDate(info.Created)
	pdf.SetTitle(info.Title, true)
	pdf.SetAuthor(info.Author, true)
	pdf.SetSubject(info.Subject, true)
	pdf.SetKeywords(info.Keywords, true)
	pdf.SetCreator("reportc", true)
	pdf.SetProducer("reportc", true)

	for _, p := range pages {
		pdf.AddPage()
		drawPage(pdf, p, vectors[p], b.Height)
		pdf.RawWriteStr(ft.pageText(p, b.Height))
		if err := pdf.Error(); err != nil {
			return nil, fmt.Errorf("生成 PDF 第 %d 页: %w", p.Index+1, err)
		}
	}
	var doc bytes.Buffer
	if err := pdf.Output(&doc); err != nil {
		return nil, fmt.Errorf("生成 PDF: %w", err)
	}
	out, err := addNavigation(doc.Bytes(), b, func(u *update, obj func(int) ([]byte, error)) error {
		return addFonts(u, obj, subsets)
	})
	if err != nil {
		return nil, fmt.Errorf("PDF 字体、书签与链接: %w", err)
	}
	return withDraftMark(out, b, info)
}

// gray is a grey level as gofpdf's 0–255 components.
func gray(g float64) int { return int(g*255 + 0.5) }

// drawPage draws the fills, pictures and rules of a page, in that order (text comes last).
func drawPage(pdf *gofpdf.Fpdf, p *layout.Page, vecs []vectorPic, pageH float64) {
	for _, f := range p.Fills {
		v := gray(f.Gray)
		pdf.SetFillColor(v, v, v)
		pdf.Rect(f.X, f.Y, f.W, f.H, "F")
	}
	for _, im := range p.Pictures {
		typ := "PNG"
		if bytes.HasPrefix(im.Data, []byte{0xFF, 0xD8}) {
			typ = "JPG"
		}
		sum := sha256.Sum256(im.Data)
		name := hex.EncodeToString(sum[:])
		opt := gofpdf.ImageOptions{ImageType: typ}
		if pdf.GetImageInfo(name) == nil {
			pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(im.Data))
		}
		pdf.ImageOptions(name, im.X, im.Y, im.W, im.H, false, opt, 0, "")
	}
	for _, v := range vecs {
		pdf.RawWriteStr(chartContent(v, pageH))
	}
	for _, r := range p.Rules {
		v := gray(r.Gray)
		pdf.SetDrawColor(v, v, v)
		pdf.SetLineWidth(r.Width)
		pdf.Line(r.X1, r.Y1, r.X2, r.Y2)
	}
}
