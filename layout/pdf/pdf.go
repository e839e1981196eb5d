// Package pdf draws laid-out pages through maroto v2. Each page becomes one maroto page
// holding a single component that places the page's text runs, rules, fills and images
// at absolute positions through maroto's provider.
package pdf

import (
	"bytes"
	"fmt"
	"sync"
	"time"

	"github.com/johnfercher/go-tree/node"
	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/page"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/extension"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/consts/orientation"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"github.com/johnfercher/maroto/v2/pkg/repository"
	"github.com/phpdave11/gofpdf"

	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/layout"
)

// Info is the document information dictionary.
type Info struct {
	Title, Author, Subject, Keywords string
	Created                          time.Time
	// Draft marks every page with a diagonal 草稿 and says so in the metadata
	// (watermark.go); the official edition has neither.
	Draft bool
}

// gofpdf keeps its defaults for new documents in package state; builds that set them
// are serialised.
var defaultsMu sync.Mutex

// family names the PDF font family of a style: one per role, one per fallback face.
func family(st layout.Style) string {
	if st.Fallback > 0 {
		return fmt.Sprintf("fallback%d", st.Fallback)
	}
	return [...]string{fonts.Serif: "serif", fonts.SerifBold: "serifbold", fonts.Sans: "sans", fonts.SansBold: "sansbold"}[st.Role]
}

// Write renders the book to PDF bytes.
func Write(b *layout.Book, info Info) ([]byte, error) {
	info = draftInfo(info)
	if err := distinctWidths(b.Pages); err != nil {
		return nil, fmt.Errorf("图片: %w", err)
	}
	repo := repository.New()
	for _, role := range []fonts.Role{fonts.Serif, fonts.SerifBold, fonts.Sans, fonts.SansBold} {
		repo.AddUTF8FontFromBytes(family(layout.Style{Role: role}), fontstyle.Normal, b.Fonts.Face(role).Data)
	}
	for i, f := range b.Fonts.Fallbacks() {
		repo.AddUTF8FontFromBytes(family(layout.Style{Fallback: i + 1}), fontstyle.Normal, f.Data)
	}
	custom, err := repo.Load()
	if err != nil {
		return nil, fmt.Errorf("加载字体: %w", err)
	}
	cfg := config.NewBuilder().
		WithDimensions(b.Width, b.Height).
		WithLeftMargin(0).WithTopMargin(0).WithRightMargin(0).WithBottomMargin(0).
		WithCustomFonts(custom).
		WithDefaultFont(&props.Font{Family: "serif", Style: fontstyle.Normal, Size: 12}).
		WithCompression(true).
		WithTitle(info.Title, true).
		WithAuthor(info.Author, true).
		WithSubject(info.Subject, true).
		WithKeywords(info.Keywords, true).
		WithCreator("reportc", true).
		WithCreationDate(info.Created).
		Build()

	defaultsMu.Lock()
	defer defaultsMu.Unlock()
	// Byte-identical output: fixed dates and sorted resource catalogues.
	gofpdf.SetDefaultCatalogSort(true)
	gofpdf.SetDefaultModificationDate(info.Created)
	gofpdf.SetDefaultCreationDate(info.Created)
	m := maroto.New(cfg)
	for _, p := range b.Pages {
		comp := &pageComponent{p: p, heights: map[layout.Style]float64{}}
		m.AddPages(page.New().Add(row.New(b.Height - 0.001).Add(col.New(12).Add(comp))))
	}
	doc, err := m.Generate()
	if err != nil {
		return nil, fmt.Errorf("生成 PDF: %w", err)
	}
	out, err := addNavigation(doc.GetBytes(), b)
	if err != nil {
		return nil, fmt.Errorf("PDF 书签与链接: %w", err)
	}
	return withDraftMark(out, b, info)
}

type pageComponent struct {
	p       *layout.Page
	heights map[layout.Style]float64
}

func (c *pageComponent) SetConfig(*entity.Config) {}

func (c *pageComponent) GetStructure() *node.Node[core.Structure] {
	return node.New(core.Structure{Type: "reportc-page"})
}

func (c *pageComponent) GetHeight(_ core.Provider, cell *entity.Cell) float64 { return cell.Height }

func gray(g float64) *props.Color {
	v := int(g*255 + 0.5)
	return &props.Color{Red: v, Green: v, Blue: v}
}

func (c *pageComponent) Render(pr core.Provider, _ *entity.Cell) {
	p := c.p
	for _, f := range p.Fills {
		// A filled box is drawn as one butt-capped line as thick as the box is tall.
		pr.AddLine(&entity.Cell{X: f.X, Y: f.Y + f.H/2, Width: f.W}, &props.Line{
			Color: gray(f.Gray), Thickness: f.H, Orientation: orientation.Horizontal, SizePercent: 100, Style: "solid"})
	}
	for _, im := range p.Pictures {
		ext := extension.Png
		if bytes.HasPrefix(im.Data, []byte{0xFF, 0xD8}) {
			ext = extension.Jpg
		}
		pr.AddImageFromBytes(im.Data, &entity.Cell{X: im.X, Y: im.Y, Width: im.W, Height: im.H}, &props.Rect{Percent: 100}, ext)
	}
	for _, r := range p.Rules {
		lp := &props.Line{Color: gray(r.Gray), Thickness: r.Width, SizePercent: 100, Style: "solid"}
		if r.X1 == r.X2 {
			lp.Orientation = orientation.Vertical
			pr.AddLine(&entity.Cell{X: r.X1, Y: r.Y1, Height: r.Y2 - r.Y1}, lp)
		} else {
			lp.Orientation = orientation.Horizontal
			pr.AddLine(&entity.Cell{X: r.X1, Y: r.Y1, Width: r.X2 - r.X1}, lp)
		}
	}
	for _, t := range p.Texts {
		fam := family(t.Style)
		h, ok := c.heights[t.Style]
		if !ok {
			h = pr.GetFontHeight(&props.Font{Family: fam, Style: fontstyle.Normal, Size: t.Style.Size})
			c.heights[t.Style] = h
		}
		prop := &props.Text{Family: fam, Style: fontstyle.Normal, Size: t.Style.Size, Color: gray(t.Gray), Align: align.Left}
		pr.AddText(t.Text, &entity.Cell{X: t.X, Y: t.Y - h, Width: 1000, Height: h}, prop)
	}
}
