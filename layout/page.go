// Package layout typesets the document tree into pages: it breaks Chinese lines with the
// fonts' real advance widths, justifies them, paginates with keep-together rules, and
// records where every heading, table, figure and case landed, for the generated lists.
// Coordinates are millimetres from the top-left corner of the page; Y of a text run is
// its baseline.
package layout

import (
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/sections"
)

// Glyphs is a run of text placed at one position.
type Glyphs struct {
	X, Y  float64
	W     float64
	Text  string
	Style Style
	Ref   string  // anchor this run links to, if any
	Gray  float64 // 0 black … 1 white
	Angle float64 // degrees, counter-clockwise about (X, Y); 0 for ordinary text
}

// Rule is a straight line.
type Rule struct {
	X1, Y1, X2, Y2 float64
	Width          float64 // mm
	Gray           float64
}

// Fill is a filled rectangle.
type Fill struct {
	X, Y, W, H float64
	Gray       float64
}

// Picture is an image scaled into a box.
type Picture struct {
	X, Y, W, H float64
	Data       []byte
	Key        string // identifies the image (photo path or chart label)
}

// Link is a clickable area that jumps to an anchor.
type Link struct {
	X, Y, W, H float64
	Anchor     string
}

// Page is one laid-out page.
type Page struct {
	Index    int    // 0-based physical index
	Label    string // printed page number ("i", "1"); empty when none is printed
	Front    bool   // front matter (Roman numbers)
	Texts    []Glyphs
	Rules    []Rule
	Fills    []Fill
	Pictures []Picture
	Links    []Link
	// Figures are the boxes the figures of this page occupy, by anchor: a photo or
	// chart, and also a placeholder drawn as a box (which has no Picture).
	Figures []Figure

	// Landscape pages are laid out in landscape coordinates (Width and Height of the
	// book swapped: X across the long side, Y down the short side) and printed turned
	// a quarter turn in the portrait booklet, the top of the content towards the
	// page's left edge; the PDF writer gives them a landscape media box and /Rotate 270.
	Landscape bool

	// beforeFull names the kind of block that did not fit at this page's foot and
	// takes (nearly) the whole next page; such a page may stay emptier (tests read it).
	beforeFull string
}

// Figure is the box a figure occupies on its page.
type Figure struct {
	Key        string // the figure's anchor
	X, Y, W, H float64
}

// MarkKind says what a mark records.
type MarkKind int

const (
	MarkHeading MarkKind = iota
	MarkTable
	MarkFigure
	MarkCase
	MarkFront // a front-matter section such as 前言 or 目录
)

// Mark records where a heading, table caption, figure caption or case title was printed.
type Mark struct {
	Kind   MarkKind
	Anchor string
	Text   string // as printed in the lists
	Level  int    // heading level; lists use 1–3
	// Appendix marks an appendix table: listed in the TOC and the outline under 附表.
	Appendix bool
	Page     int // physical page index
	Y        float64
}

// Book is the laid-out report.
type Book struct {
	Pages     []*Page
	Marks     []Mark
	Anchors   map[string]Mark
	Width     float64
	Height    float64
	Fonts     *fonts.Set
	FirstBody int // physical index of body page 1
	// Issuer is where the statement page printed the issuing unit's name and where
	// its seal goes; nil when there is no statement page.
	Issuer *IssuerSpot
	// Rotated holds the anchors of the tables set on landscape pages because they are
	// too wide for the portrait text block even at 六号 (the DOCX gives them a landscape
	// section).
	Rotated map[string]bool
	// starts holds the body blocks the layout began at the top of a page (StartsPage).
	starts map[sections.Block]bool
}

// Box is a rectangle on one page, in mm from the page's top-left corner.
type Box struct {
	Page       int // physical page index
	X, Y, W, H float64
}

// IssuerSpot records the issuing unit's name on the statement page and the seal's box,
// centred over the name: the seal image is drawn there, or a signature widget is.
type IssuerSpot struct {
	Name Box
	Seal Box
}

// PageLabel returns the printed number of the page an anchor is on.
func (b *Book) PageLabel(anchor string) string {
	m, ok := b.Anchors[anchor]
	if !ok {
		return ""
	}
	return b.Pages[m.Page].Label
}
