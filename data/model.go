// Package data loads a report folder (report.yaml, chapter text, Excel workbooks, images)
// into typed values and checks it, reporting every problem with its file and place.
package data

import (
	"time"

	"github.com/reportc/reportc/cache"
)

// Report is everything a report folder holds, loaded and checked.
type Report struct {
	Dir      string
	Meta     Meta
	Preface  []*Block // paragraphs only
	Chapters []*Chapter
	Appendix *Chapter // may be nil
	Tables   map[string]*Table
	Charts   map[string]*Chart
	Values   map[string]Value // named values of the 数值 sheet
	Images   map[string][]byte
	// Warnings are problems that do not stop a build, such as a 增幅 column that does
	// not add up.
	Warnings ErrorList
	// named are the files report.yaml names (preface, chapters, appendix, workbooks,
	// seal, fonts), as written there; see Inputs.
	named []string

	// lastYear is last year's report as the yoy rules loaded it (rules.go), with its
	// load error; extraInputs are files of other folders the report read (last year's).
	lastYear    *Report
	lastYearErr error
	extraInputs []string

	// opts are the options it was loaded with (last year's report is loaded with them
	// too); checks is their cache of check results, nil without one.
	opts   Options
	checks *cache.Dir

	sealPos    Pos  // where report.yaml names the seal
	textFailed bool // a chapter could not be read: its placements are not reported missing

	// SchoolData are the figures of the school's numbers workbook (school_data in
	// report.yaml; schoolbook.go), in sheet and row order.
	SchoolData []SchoolFigure

	// Audit records bound figures, derived values, rules and accepted warnings (audit.go).
	Audit Audit
	grids map[string]*grid
}

// Meta is the content of report.yaml.
type Meta struct {
	Title string
	// ShortTitle is the running header when Title does not fit.
	ShortTitle string
	Subtitle   string
	Year       int
	Issuer     string
	CoverDate  string
	Published  time.Time
	Web        string
	// Partial: the folder holds only part of a year's report, e.g. data/2023 with the
	// 2023 figures the 2024 report states. It checks and builds as a draft; the
	// official edition refuses it.
	Partial   bool
	Statement Statement
	Board     Board
	Settings  Settings
}

// Statement is the 内容真实性责任声明.
type Statement struct {
	Paragraphs []string
	Date       string
	Seal       string // image path, may be empty
}

// Board is the 编委会.
type Board struct {
	Title   string
	Members []BoardRole
}

// BoardRole is one line of the board: a role and its names.
type BoardRole struct {
	Role  string
	Names []string
}

// Settings are the typesetting settings of report.yaml.
type Settings struct {
	Draft       bool
	BodySize    float64 // pt
	Numbering   string  // "1.1.1" or "none"
	Page        Page
	HanLatin    float64  // space between Han and Latin, in em (default 0.25)
	NumberSpace float64  // space between a number and a Han character, in em (default: HanLatin)
	TightUnits  string   // Han characters set tight against a number (default none)
	FrontHeader string   // running headers on front-matter continuation pages: "list" or "none"
	PageNumbers string   // "center" or "outer-dash"
	OddChapters bool     // level-1 chapters start on an odd page
	Header      string   // "none", "report" or "chapter"
	Fonts       []string // extra TrueType fallback fonts
	// PrintCaseSchool prints a case's 学校： line at the end of its box, like its
	// 供稿： line (which is always printed). Off by default: a city report's case
	// texts already name their school.
	PrintCaseSchool bool
	// DocxFonts are the font names the DOCX asks for (the PDF embeds its own).
	DocxFonts DocxFonts
}

// DocxFonts names the faces of the DOCX: fonts that Word and WPS editors have, with
// the PDF's Noto faces declared as alternates in the font table.
type DocxFonts struct {
	Song     string // body text (宋体)
	Hei      string // headings, captions, tables (黑体)
	Fangsong string // 仿宋, the official style's body face
	Latin    string // Latin letters and digits (Times New Roman)
	Body     string // "song" (default) or "fangsong": the face of body text
}

// Page is the page set-up in millimetres.
type Page struct {
	Width, Height, Top, Bottom, Inner, Outer float64
}

// Chapter is one text file: a list of blocks.
type Chapter struct {
	File     string
	Blocks   []*Block
	Appendix bool
}

// BlockKind says what a block is.
type BlockKind int

const (
	BHeading BlockKind = iota
	BParagraph
	BTable
	BChart
	BPhoto
	BCase
	// BTodo is a `::: todo 提示` placeholder: something the author still has to write,
	// printed as a shaded 【待填写：…】 box, counted by check, refused by the official
	// edition. Its prompt is in Caption.
	BTodo
)

// Block is one block of chapter text.
type Block struct {
	Kind     BlockKind
	Pos      Pos
	Level    int      // heading level 1–4
	Numbered bool     // heading gets a generated number
	Short    string   // heading: short title for the running header ({short=…})
	Inlines  []Inline // heading or paragraph text
	Label    string   // table, chart, photo, case
	File     string   // photo file
	Caption  string   // photo caption; todo prompt
	Width    float64  // photo width=NN%: share of the text width (0: from its shape)
	Title    string   // case title
	School   string   // case school (学校：)
	Credit   string   // case contributor (供稿：), e.g. a school's department
	Body     []*Block // case paragraphs
}

// InlineKind says what an inline span is.
type InlineKind int

const (
	IText  InlineKind = iota
	IRef              // [@label]
	IValue            // [=ref]
)

// Inline is a span of a paragraph or heading.
type Inline struct {
	Kind  InlineKind
	Text  string // text, or the resolved value for IValue
	Bold  bool
	Label string // IRef label, IValue reference
	Pos   Pos
}

// Cell is one cell of a table grid.
type Cell struct {
	Text    string // as printed (Excel's formatted value)
	Numeric bool
	// FormWord: a no-data mark or a form word (是, 否, 已落实, 无, —) in a numeric
	// column; it aligns like the numbers.
	FormWord bool
	Value    float64
	RowSpan  int // >1 for the top-left cell of a vertical merge
	ColSpan  int // >1 for the top-left cell of a horizontal merge
	Covered  bool
	Pos      Pos
}

// Table is a table sheet with its index entry.
type Table struct {
	Label      string
	Caption    string
	Source     string
	Note       string // 备注: for the editors, not printed
	Printed    string // 注: printed under the table as “注：…”
	Twin       string // 核对: label of a table that must agree with this one, row by row
	TwinPos    Pos
	Derived    string // 派生: derived columns and rows (derived.go)
	DerivedPos Pos
	HeaderRows int
	Rows       [][]*Cell
	Cols       int
	NumericCol []bool
	Pos        Pos // the sheet
	IndexPos   Pos // the 清单 row
}

// ChartKind is the kind of a chart.
type ChartKind string

const (
	ChartBar        ChartKind = "柱状图"
	ChartGroupedBar ChartKind = "分组柱状图"
	ChartStacked    ChartKind = "堆积柱状图"
	ChartHBar       ChartKind = "条形图"
	ChartPie        ChartKind = "饼图"
	ChartLine       ChartKind = "折线图"
)

// Chart is a chart sheet with its index entry.
type Chart struct {
	Label      string
	Kind       ChartKind
	Caption    string
	Source     string
	Note       string // 备注: for the editors, not printed
	Printed    string // 注: printed under the figure
	Example    bool   // 备注 says 示例数据
	Derived    string // 派生: derived values for the text only (derived.go)
	DerivedPos Pos
	Missing    []string // series with no value at all: left out of the drawing, named in a note
	NoData     []string // categories with no value in any series, named in a note
	Gaps       []string // other single empty cells, as “类别“系列””, named in a note
	Categories []string
	Series     []Series
	Pos        Pos
	IndexPos   Pos
}

// Series is one data series; Valid[i] is false where the cell is empty.
type Series struct {
	Name   string
	Values []float64
	Valid  []bool
	Cells  []Pos
}

// Value is a named or cell value bound into the text.
type Value struct {
	Text    string
	Pos     Pos
	Example bool // its 说明 says 示例数据
}

// Covering returns the row and column of the merged cell that covers cell (r, c): the
// cell itself when it is not covered.
func (t *Table) Covering(r, c int) (row, col int, ok bool) {
	for rr := r; rr >= 0; rr-- {
		for cc := c; cc >= 0; cc-- {
			x := t.Rows[rr][cc]
			if !x.Covered && rr+x.RowSpan > r && cc+x.ColSpan > c {
				return rr, cc, true
			}
		}
	}
	return 0, 0, false
}

// EachBlock calls fn for every block of the report's text in reading order: the
// preface, the chapters and the appendix, each block before the blocks of its body (the
// paragraphs and photos of a case box).
func (r *Report) EachBlock(fn func(*Block)) {
	var walk func(bs []*Block)
	walk = func(bs []*Block) {
		for _, b := range bs {
			fn(b)
			walk(b.Body)
		}
	}
	walk(r.Preface)
	for _, ch := range r.Chapters {
		walk(ch.Blocks)
	}
	if r.Appendix != nil {
		walk(r.Appendix.Blocks)
	}
}
