// Package sections builds the backend-neutral document tree of a report from its loaded
// data: front matter, chapters and their blocks, with every table, figure and case
// numbered from block order and every reference resolved. Both the PDF and the DOCX
// writers read this tree; it knows nothing of pages.
package sections

import (
	"github.com/reportc/reportc/data"
)

// Doc is the whole report as a tree.
type Doc struct {
	Meta     data.Meta
	Seal     []byte // the issuing unit's seal image for the statement page; nil if none
	Preface  []*Para
	Chapters []*Chapter // body chapters, then the appendix (Appendix set)

	// In document order, for the generated lists.
	Headings []*Heading
	Tables   []*Table
	Figures  []*Figure
	Cases    []*Case
}

// Chapter is one level-1 part of the body.
type Chapter struct {
	Heading  *Heading
	Blocks   []Block
	Appendix bool
}

// Block is one of *Heading, *Para, *Table, *Figure, *Case, *Todo.
type Block interface{ block() }

// Heading is a numbered (or unnumbered) heading.
type Heading struct {
	Level  int
	Number string // "1", "1.1", "1.1.1"; empty when unnumbered (the counts, in any style)
	// Prefix is the printed number with its punctuation, by settings.numbering:
	// "1. ", "1.1 " or "一、", "（一）", "1.", "（1）".
	Prefix string
	Text   string
	Anchor string
	// Short is the short title ({short=…}) for a running header too narrow for Text.
	Short string
}

// Para is a paragraph of runs.
type Para struct {
	Runs []Run
}

// Run is a span of text with one style. A reference run has Ref set to the anchor of
// its target.
type Run struct {
	Text string
	Bold bool
	Ref  string
}

// Table is a numbered table.
type Table struct {
	Number  string // 表2-4, or 表3 in the appendix
	Caption string
	Source  string
	Note    string // printed under the table (“注：…”); may be empty
	Anchor  string
	Data    *data.Table
	// Appendix is set for the 附表 (numbered 表1…, listed in the TOC under 附表).
	Appendix bool
}

// FigureKind says whether a figure is a chart or a photo.
type FigureKind int

const (
	FigChart FigureKind = iota
	FigPhoto
)

// Figure is a numbered chart or photo.
type Figure struct {
	Kind    FigureKind
	Number  string // 图2-11
	Caption string
	Source  string
	Note    string // printed note (示例数据)
	Anchor  string
	Chart   *data.Chart
	File    string   // photo file
	Image   []byte   // photo bytes; nil draws a placeholder (draft)
	Width   float64  // photo width as a share of the text width; 0 from its shape
	Pos     data.Pos // the ::: photo line
}

// Case is a numbered case box.
type Case struct {
	Number string // 案例2-3
	Title  string
	School string
	Credit string // 供稿：
	// Attribution is printed right-aligned at the end of the box, one line each:
	// "（供稿：学生工作处）", and "（学校：…）" when settings.print_case_school is on.
	Attribution []string
	Paras       []*Para
	Anchor      string
}

// Todo is a `::: todo` placeholder, printed as a shaded box 【待填写：…】.
type Todo struct {
	Prompt string
	Pos    data.Pos
}

// Text is the printed text of the placeholder: 【待填写：提示】.
func (t *Todo) Text() string { return data.TodoText(t.Prompt) }

func (*Todo) block()    {}
func (*Heading) block() {}
func (*Para) block()    {}
func (*Table) block()   {}
func (*Figure) block()  {}
func (*Case) block()    {}

// Label returns the printed caption line of a table: "表2-4 标题".
func (t *Table) Label() string { return t.Number + " " + t.Caption }

// Label returns the printed caption line of a figure: "图2-11 标题".
func (f *Figure) Label() string { return f.Number + " " + f.Caption }

// Label returns the printed title line of a case: "案例2-3 标题".
func (c *Case) Label() string { return c.Number + " " + c.Title }

// Label returns the printed heading: "1.1 学校概况", or "1. 基本情况" for chapters.
func (h *Heading) Label() string {
	switch {
	case h.Number == "":
		return h.Text
	case h.Prefix != "":
		return h.Prefix + h.Text
	case h.Level == 1:
		return h.Number + ". " + h.Text
	default:
		return h.Number + " " + h.Text
	}
}

// ShortLabel is the heading as a running header shows it when Label is too long: the
// number with the short title ({short=…}), or "" when there is none.
func (h *Heading) ShortLabel() string {
	if h.Short == "" {
		return ""
	}
	return (&Heading{Level: h.Level, Number: h.Number, Prefix: h.Prefix, Text: h.Short}).Label()
}

// PlainText joins the runs of a paragraph.
func (p *Para) PlainText() string {
	s := ""
	for _, r := range p.Runs {
		s += r.Text
	}
	return s
}
