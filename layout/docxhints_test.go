package layout

import (
	"math"
	"testing"

	"github.com/reportc/reportc/sections"
)

// checkStarts checks Book.StartsPage against the marks: a heading, table or case box
// the layout put at the very top of a page (no figure or landscape page before it) is
// reported, unless it opens its chapter's first page; every reported heading, table or
// case box sits at a page top; no block on a chapter's first page is reported.
func checkStarts(t *testing.T, e *Engine, d *sections.Doc, b *Book) (n int) {
	t.Helper()
	for _, ch := range d.Chapters {
		first := -1
		if ch.Heading != nil {
			first = b.Anchors[ch.Heading.Anchor].Page
		}
		for _, blk := range ch.Blocks {
			if b.StartsPage(blk) {
				n++
			}
			a := anchorOf(blk)
			m, ok := b.Anchors[a]
			if a == "" || !ok || b.Rotated[a] {
				continue
			}
			if _, fig := blk.(*sections.Figure); fig {
				if b.StartsPage(blk) {
					if _, h, ok := b.FigureSize(a); !ok || m.Y-h > e.top+e.pitch+1e-6 {
						t.Errorf("%s: reported as starting a page, but printed lower down", m.Text)
					}
				}
				continue
			}
			top := e.top
			if _, isCase := blk.(*sections.Case); isCase {
				top += e.pitch / 2
			}
			atTop := math.Abs(m.Y-top) < 1e-6
			if m.Page == first && b.StartsPage(blk) {
				t.Errorf("%s: on its chapter's first page, reported as starting a page", m.Text)
			}
			if b.StartsPage(blk) && !atTop {
				t.Errorf("%s: reported as starting a page, but printed %.1f mm below its top", m.Text, m.Y-top)
			}
			prevLandscape := m.Page > 0 && b.Pages[m.Page-1].Landscape
			if atTop && m.Page != first && !prevLandscape && !b.StartsPage(blk) && !hasPictureAbove(b.Pages[m.Page], m.Y) {
				t.Errorf("%s: at the top of page %s, not reported", m.Text, b.Pages[m.Page].Label)
			}
		}
	}
	if n == 0 {
		t.Error("no block reported as starting a page")
	}
	return n
}

// hasPictureAbove: a held-back figure went in above y on the page.
func hasPictureAbove(p *Page, y float64) bool {
	for _, fig := range p.Figures {
		if fig.Y < y {
			return true
		}
	}
	return false
}

func TestFigureSizeAndRotated(t *testing.T) {
	b := &Book{Pages: []*Page{{Figures: []Figure{{W: 80, H: 60, Key: "fig-a"}}}},
		Anchors: map[string]Mark{"fig-a": {Kind: MarkFigure, Page: 0}, "tab-a": {Kind: MarkTable, Page: 0}, "fig-b": {Kind: MarkFigure, Page: 7}},
		Rotated: map[string]bool{"tab-a": true}}
	if w, h, ok := b.FigureSize("fig-a"); !ok || w != 80 || h != 60 {
		t.Errorf("FigureSize(fig-a) = %v, %v, %v", w, h, ok)
	}
	for _, a := range []string{"tab-a", "fig-b", "none"} {
		if _, _, ok := b.FigureSize(a); ok {
			t.Errorf("FigureSize(%s) found a picture", a)
		}
	}
	if !b.IsRotated("tab-a") || b.IsRotated("fig-a") {
		t.Error("IsRotated wrong")
	}
	if b.StartsPage(&sections.Para{}) {
		t.Error("StartsPage on a book without layout")
	}
}
