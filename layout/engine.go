package layout

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // photo sizes
	_ "image/png"
	"math"
	"strings"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/internal/orient"
	"github.com/reportc/reportc/sections"
)

// Chinese type sizes in points (字号).
const (
	SizeXiaoChu = 36   // 小初
	SizeYiHao   = 26   // 一号
	SizeErHao   = 22   // 二号
	SizeXiaoEr  = 18   // 小二
	SizeSanHao  = 16   // 三号
	SizeSiHao   = 14   // 四号
	SizeXiaoSi  = 12   // 小四
	SizeWuHao   = 10.5 // 五号
	SizeXiaoWu  = 9    // 小五
)

// Options are the typesetting settings.
type Options struct {
	Settings data.Settings
	// Title is the running header when settings.running_header is "report".
	Title string
	// ChartImage returns the PNG of a chart figure; nil draws a framed placeholder.
	ChartImage func(f *sections.Figure) []byte
	// SealOff leaves the seal image off the statement page (its place is still
	// recorded in Book.Issuer): drafts carry no seal, and a signed edition shows it as
	// the signature's appearance.
	SealOff bool
	// ChartShort, when set, redraws a chart figure at most aspect × its width high with
	// its type at full size (nil when it cannot); the layout uses it to fit a chart
	// above a page's foot rather than scale it and its labels down too far.
	ChartShort func(f *sections.Figure, aspect float64) []byte
}

// Engine typesets one document.
type Engine struct {
	fonts    *fonts.Set
	opt      Options
	hanLatin float64 // em
	// numberSpace is the space between a number and a Han character (em), except
	// after or before the characters of tightUnits.
	numberSpace float64
	tightUnits  string

	pageW, pageH float64
	top, bottom  float64 // content area, mm from the top edge
	inner, outer float64
	textW        float64
	body         Style
	em           float64 // body em in mm
	pitch        float64 // body line pitch in mm
	// landscape is the portrait engine when this one sets landscape pages.
	landscape *Engine
	// memo remembers broken texts (memoBreak); shared with the landscape engine.
	memo *breakMemo
}

// New makes an engine for the fonts and settings.
func New(fs *fonts.Set, opt Options) *Engine {
	s := opt.Settings
	e := &Engine{fonts: fs, opt: opt, hanLatin: s.HanLatin, numberSpace: s.NumberSpace, tightUnits: s.TightUnits, memo: &breakMemo{}}
	p := s.Page
	e.pageW, e.pageH = p.Width, p.Height
	e.top, e.bottom = p.Top, p.Height-p.Bottom
	e.inner, e.outer = p.Inner, p.Outer
	e.body = Style{Role: fonts.Serif, Size: s.BodySize}
	e.em = s.BodySize * ptMM
	// The text width is a whole number of body ems, so that lines of pure Han text
	// need no extra spacing; the remainder goes to the outer margin.
	block := p.Width - p.Inner - p.Outer
	e.textW = math.Floor(block/e.em+1e-9) * e.em
	e.outer += block - e.textW
	e.pitch = s.BodySize * 1.6 * ptMM
	// Fit a whole number of lines in the text block.
	lines := math.Floor((e.bottom - e.top) / e.pitch)
	e.bottom = e.top + lines*e.pitch
	return e
}

// TextWidth is the width of the text block in mm.
func (e *Engine) TextWidth() float64 { return e.textW }

// Pitch is the body line pitch in mm.
func (e *Engine) Pitch() float64 { return e.pitch }

// Layout typesets the whole document: body first (its page numbers do not depend on
// the front matter), then the front matter with the lists, whose page numbers are then
// known.
func (e *Engine) Layout(d *sections.Doc) (*Book, error) {
	body := e.newFlow(false)
	for _, ch := range d.Chapters {
		body.chapter(ch)
	}

	front := e.newFlow(true)
	front.frontMatter(d, body)

	// The body starts on an odd (right-hand) physical page.
	if len(front.pages)%2 == 1 {
		front.pages = append(front.pages, &Page{Front: true})
	}
	book := &Book{Width: e.pageW, Height: e.pageH, Fonts: e.fonts, Anchors: map[string]Mark{}, Rotated: body.rotated, starts: body.starts}
	book.Pages = append(book.Pages, front.pages...)
	book.FirstBody = len(front.pages)
	book.Issuer = front.issuer // front pages come first: their indexes are physical
	book.Pages = append(book.Pages, body.pages...)
	for _, m := range front.marks {
		book.Marks = append(book.Marks, m)
	}
	for _, m := range body.marks {
		m.Page += book.FirstBody
		book.Marks = append(book.Marks, m)
	}
	roman := 0
	for i, p := range book.Pages {
		p.Index = i
		switch {
		case i == 0:
			p.Label = "封面"
		case p.Front:
			roman++
			p.Label = Roman(roman)
		default:
			p.Label = fmt.Sprint(i - book.FirstBody + 1)
		}
	}
	for _, m := range book.Marks {
		if m.Anchor != "" {
			book.Anchors[m.Anchor] = m
		}
	}
	// Short running headers: a chapter's {short=…}, the report's short_title.
	shorts := map[string]string{e.opt.Title: d.Meta.ShortTitle}
	for _, ch := range d.Chapters {
		if ch.Heading != nil {
			shorts[ch.Heading.Label()] = ch.Heading.ShortLabel()
		}
	}
	for i, p := range book.Pages {
		if i == 0 || (len(p.Texts) == 0 && len(p.Pictures) == 0) {
			continue
		}
		e.decorate(p, i, front.pageChapter, body.pageChapter, shorts)
	}
	return book, nil
}

// Roman returns n in lower-case Roman numerals.
func Roman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// left returns the left edge of the text block on a physical page (0-based): odd
// physical pages (right-hand, 1-based odd) have the binding on the left.
func (e *Engine) left(physical int) float64 {
	if physical%2 == 0 {
		return e.inner
	}
	return e.outer
}

// decorate adds the page number and the running header.
func (e *Engine) decorate(p *Page, physical int, frontCh, bodyCh map[*Page]string, shorts map[string]string) {
	if p.Landscape {
		// A landscape page: the number centred under the turned text block, no header.
		num := Style{Role: fonts.Serif, Size: SizeXiaoSi}
		w := e.advance(num, p.Label)
		x := e.pageH - e.bottom + (e.bottom-e.top-w)/2
		y := e.left(physical) + e.textW + 12
		p.Texts = append(p.Texts, Glyphs{X: x, Y: y, W: w, Text: p.Label, Style: num})
		return
	}
	x := e.left(physical)
	num := Style{Role: fonts.Serif, Size: SizeXiaoSi}
	label := p.Label
	y := e.pageH - (e.pageH-e.bottom)/2 + 2
	if e.opt.Settings.PageNumbers == "outer-dash" && !p.Front {
		label = "— " + label + " —"
		w := e.advance(num, label)
		if physical%2 == 0 { // right-hand page: number on the right
			p.Texts = append(p.Texts, Glyphs{X: x + e.textW - e.em - w, Y: y, W: w, Text: label, Style: num})
		} else {
			p.Texts = append(p.Texts, Glyphs{X: x + e.em, Y: y, W: w, Text: label, Style: num})
		}
	} else {
		w := e.advance(num, label)
		p.Texts = append(p.Texts, Glyphs{X: x + (e.textW-w)/2, Y: y, W: w, Text: label, Style: num})
	}
	title := bodyCh[p]
	if p.Front {
		title = frontCh[p]
	}
	if e.opt.Settings.Header == "report" && title != "" {
		title = e.opt.Title
	}
	if e.opt.Settings.Header == "none" || title == "" {
		return
	}
	hs := Style{Role: fonts.Sans, Size: SizeXiaoWu}
	title = e.fitHeader(hs, title, shorts[title])
	w := e.advance(hs, title)
	hy := e.top - 8
	p.Texts = append(p.Texts, Glyphs{X: x + (e.textW-w)/2, Y: hy, W: w, Text: title, Style: hs, Gray: 0.3})
	p.Rules = append(p.Rules, Rule{X1: x, Y1: hy + 2, X2: x + e.textW, Y2: hy + 2, Width: 0.25, Gray: 0.3})
}

// imageSize returns the pixel size of PNG or JPEG data as displayed: a JPEG whose EXIF
// orientation turns it a quarter (a phone's portrait photo) has its sides swapped.
func imageSize(b []byte) (int, int, bool) {
	if len(b) == 0 {
		return 0, 0, false
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		return 0, 0, false
	}
	if format == "jpeg" {
		w, h := orient.Displayed(cfg.Width, cfg.Height, orient.Of(b))
		return w, h, true
	}
	return cfg.Width, cfg.Height, true
}

// fitHeader returns the running header that fits the text block: the full title, else
// the short one, else the longer of them cut with "……".
func (e *Engine) fitHeader(st Style, full, short string) string {
	if e.advance(st, full) <= e.textW+1e-6 {
		return full
	}
	if short != "" && e.advance(st, short) <= e.textW+1e-6 {
		return short
	}
	rs := []rune(full)
	for len(rs) > 0 && e.advance(st, string(rs)+"……") > e.textW+1e-6 {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "……"
}
