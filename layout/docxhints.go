package layout

import "github.com/reportc/reportc/sections"

// What the DOCX writer reads from the laid-out pages so that Word and LibreOffice
// paginate it like the PDF.

// StartsPage reports whether the layout began a body block (a heading, paragraph,
// table, figure or case box) at the top of a page that is not its chapter's first:
// the PDF broke the page just before it.
func (b *Book) StartsPage(blk sections.Block) bool { return b.starts[blk] }

// FigureSize returns the size in mm at which a figure (by anchor) was printed, after
// any shrinking to fit its page; ok is false when it printed no picture.
func (b *Book) FigureSize(anchor string) (w, h float64, ok bool) {
	m, found := b.Anchors[anchor]
	if !found || m.Kind != MarkFigure || m.Page < 0 || m.Page >= len(b.Pages) {
		return 0, 0, false
	}
	for _, f := range b.Pages[m.Page].Figures {
		if f.Key == anchor {
			return f.W, f.H, true
		}
	}
	return 0, 0, false
}

// IsRotated reports whether a table (by anchor) was set on landscape pages.
func (b *Book) IsRotated(anchor string) bool { return b.Rotated[anchor] }

// pageContent counts what has been drawn on a page (0 for none).
func pageContent(p *Page) int {
	if p == nil {
		return 0
	}
	return len(p.Texts) + len(p.Rules) + len(p.Fills) + len(p.Pictures)
}

// anchorOf is a block's anchor ("" for a paragraph).
func anchorOf(b sections.Block) string {
	switch b := b.(type) {
	case *sections.Heading:
		return b.Anchor
	case *sections.Table:
		return b.Anchor
	case *sections.Figure:
		return b.Anchor
	case *sections.Case:
		return b.Anchor
	}
	return ""
}
