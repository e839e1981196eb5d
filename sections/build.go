package sections

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/reportc/reportc/data"
)

// Build turns loaded data into the document tree. It numbers tables, figures and cases
// per chapter from block order (表2-4, 图2-11, 案例2-3; appendix tables 表1…), numbers
// headings, and resolves every reference. An unknown label is an error naming its place.
func Build(r *data.Report) (*Doc, error) {
	d := &Doc{Meta: r.Meta}
	if r.Meta.Statement.Seal != "" {
		d.Seal = r.Images[r.Meta.Statement.Seal]
	}
	b := &builder{r: r, d: d, numbers: map[string]string{}}
	// Pass 1: number everything, so references can point forward.
	var all []*data.Chapter
	all = append(all, r.Chapters...)
	if r.Appendix != nil {
		all = append(all, r.Appendix)
	}
	for _, ch := range all {
		b.number(ch)
	}
	// Pass 2: build the tree with references resolved.
	for _, p := range r.Preface {
		if p.Kind == data.BTodo { // the preface is plain paragraphs: the prompt is one
			d.Preface = append(d.Preface, &Para{Runs: []Run{{Text: data.TodoText(p.Caption)}}})
			continue
		}
		d.Preface = append(d.Preface, b.para(p.Inlines))
	}
	for _, ch := range all {
		b.build(ch)
	}
	return d, b.errs.Err()
}

type builder struct {
	r       *data.Report
	d       *Doc
	errs    data.ErrorList
	numbers map[string]string // label -> printed number

	chapter     int
	headingNums [5]int
	tab, fig    int
	cas         int
}

// prefix returns the per-chapter number prefix: "2-" in chapter 2, "" in the appendix.
func (b *builder) prefix(appendix bool) string {
	if appendix {
		return ""
	}
	return strconv.Itoa(b.chapter) + "-"
}

// walkBlocks calls fn for each block of a chapter in order, case bodies included.
func walkBlocks(bs []*data.Block, fn func(*data.Block)) {
	for _, blk := range bs {
		fn(blk)
		walkBlocks(blk.Body, fn)
	}
}

func (b *builder) number(ch *data.Chapter) {
	walkBlocks(ch.Blocks, func(blk *data.Block) {
		switch blk.Kind {
		case data.BHeading:
			if blk.Level == 1 && !ch.Appendix && blk.Numbered {
				b.chapter++
				b.tab, b.fig, b.cas = 0, 0, 0
			}
			if blk.Level == 1 && ch.Appendix {
				b.tab, b.fig, b.cas = 0, 0, 0
			}
		case data.BTable:
			b.tab++
			b.numbers[blk.Label] = fmt.Sprintf("表%s%d", b.prefix(ch.Appendix), b.tab)
		case data.BChart, data.BPhoto:
			b.fig++
			b.numbers[blk.Label] = fmt.Sprintf("图%s%d", b.prefix(ch.Appendix), b.fig)
		case data.BCase:
			b.cas++
			b.numbers[blk.Label] = fmt.Sprintf("案例%s%d", b.prefix(ch.Appendix), b.cas)
		}
	})
}

func (b *builder) para(in []data.Inline) *Para {
	p := &Para{}
	for _, s := range in {
		switch s.Kind {
		case data.IText, data.IValue:
			p.Runs = append(p.Runs, Run{Text: s.Text, Bold: s.Bold})
		case data.IRef:
			num, ok := b.numbers[s.Label]
			if !ok {
				b.errs.Add(s.Pos, "引用了不存在的标签 “%s”", s.Label)
				num = "??"
			}
			p.Runs = append(p.Runs, Run{Text: num, Bold: s.Bold, Ref: s.Label})
		}
	}
	// Join neighbouring plain runs of the same style.
	var out []Run
	for _, r := range p.Runs {
		if n := len(out); n > 0 && r.Ref == "" && out[n-1].Ref == "" && out[n-1].Bold == r.Bold {
			out[n-1].Text += r.Text
			continue
		}
		out = append(out, r)
	}
	p.Runs = out
	return p
}

func (b *builder) heading(blk *data.Block, appendix bool) *Heading {
	h := &Heading{Level: blk.Level, Text: strings.TrimSpace(b.para(blk.Inlines).PlainText()), Short: blk.Short}
	style := b.r.Meta.Settings.Numbering
	maxLevel := 3
	if style == NumberingOfficial {
		maxLevel = 4
	}
	if blk.Numbered && !appendix && style != "none" && blk.Level <= maxLevel {
		if blk.Level > 1 && b.headingNums[blk.Level-1] == 0 {
			b.errs.Add(blk.Pos, "%d 级标题 “%s” 前面没有 %d 级标题（编号会出现 0）", blk.Level, h.Text, blk.Level-1)
		}
		b.headingNums[blk.Level]++
		for l := blk.Level + 1; l < len(b.headingNums); l++ {
			b.headingNums[l] = 0
		}
		parts := make([]string, blk.Level)
		for l := 1; l <= blk.Level; l++ {
			parts[l-1] = strconv.Itoa(b.headingNums[l])
		}
		h.Number = strings.Join(parts, ".")
		h.Prefix = headingPrefix(style, blk.Level, b.headingNums[blk.Level], h.Number)
	}
	h.Anchor = fmt.Sprintf("h%d", len(b.d.Headings)+1)
	b.d.Headings = append(b.d.Headings, h)
	return h
}

func (b *builder) build(ch *data.Chapter) {
	var cur *Chapter
	add := func(blk Block) {
		if cur == nil {
			cur = &Chapter{Appendix: ch.Appendix}
			b.d.Chapters = append(b.d.Chapters, cur)
		}
		cur.Blocks = append(cur.Blocks, blk)
	}
	for _, blk := range ch.Blocks {
		switch blk.Kind {
		case data.BHeading:
			h := b.heading(blk, ch.Appendix)
			if blk.Level == 1 {
				cur = &Chapter{Heading: h, Appendix: ch.Appendix}
				b.d.Chapters = append(b.d.Chapters, cur)
				continue
			}
			add(h)
		case data.BParagraph:
			add(b.para(blk.Inlines))
		case data.BTable:
			t := b.r.Tables[blk.Label]
			if t == nil {
				b.errs.Add(blk.Pos, "表格标签 “%s” 不存在", blk.Label)
				continue
			}
			tb := &Table{Number: b.numbers[blk.Label], Caption: t.Caption, Source: t.Source, Anchor: blk.Label, Data: t, Appendix: ch.Appendix}
			if t.Printed != "" {
				tb.Note = "注：" + strings.TrimPrefix(strings.TrimPrefix(t.Printed, "注："), "注:")
			}
			b.d.Tables = append(b.d.Tables, tb)
			add(tb)
		case data.BChart:
			c := b.r.Charts[blk.Label]
			if c == nil {
				b.errs.Add(blk.Pos, "图表标签 “%s” 不存在", blk.Label)
				continue
			}
			f := &Figure{Kind: FigChart, Number: b.numbers[blk.Label], Caption: c.Caption, Source: c.Source, Anchor: blk.Label, Chart: c}
			var notes []string
			if c.Example {
				notes = append(notes, "本图为示例数据，不是官方统计数字")
			}
			if len(c.Missing) > 0 {
				notes = append(notes, strings.Join(c.Missing, "、")+"无数据")
			}
			if len(c.NoData) > 0 {
				notes = append(notes, strings.Join(c.NoData, "、")+"无数据")
			}
			if len(c.Gaps) > 0 {
				notes = append(notes, strings.Join(c.Gaps, "、")+"无数据")
			}
			if p := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(c.Printed, "注："), "注:"), "。"); p != "" {
				notes = append(notes, p)
			}
			if len(notes) > 0 {
				f.Note = "注：" + strings.Join(notes, "；") + "。"
			}
			b.d.Figures = append(b.d.Figures, f)
			add(f)
		case data.BPhoto:
			f := &Figure{Kind: FigPhoto, Number: b.numbers[blk.Label], Caption: blk.Caption, Anchor: blk.Label, File: blk.File, Image: b.r.Images[blk.File], Width: blk.Width, Pos: blk.Pos}
			b.d.Figures = append(b.d.Figures, f)
			add(f)
		case data.BTodo:
			add(&Todo{Prompt: blk.Caption, Pos: blk.Pos})
		case data.BCase:
			c := &Case{Number: b.numbers[blk.Label], Title: blk.Title, School: blk.School, Credit: blk.Credit, Anchor: blk.Label}
			if blk.School != "" && b.r.Meta.Settings.PrintCaseSchool {
				c.Attribution = append(c.Attribution, "（学校："+blk.School+"）")
			}
			if blk.Credit != "" {
				c.Attribution = append(c.Attribution, "（供稿："+blk.Credit+"）")
			}
			for _, p := range blk.Body {
				if p.Kind == data.BParagraph {
					c.Paras = append(c.Paras, b.para(p.Inlines))
				}
			}
			b.d.Cases = append(b.d.Cases, c)
			add(c)
		}
	}
}

// NumberingOfficial is the settings.numbering value for the GB/T 9704-2012 hierarchy
// 一、 / （一） / 1. / （1）.
const NumberingOfficial = "official"

// headingPrefix is the printed number of a heading with its punctuation and spacing:
// "1. " and "1.1 " in the 1.1.1 style; "一、", "（一）", "1.", "（1）" in the official
// style, where each level counts on its own.
func headingPrefix(style string, level, n int, number string) string {
	if style == NumberingOfficial {
		switch level {
		case 1:
			return ChineseNumber(n) + "、"
		case 2:
			return "（" + ChineseNumber(n) + "）"
		case 3:
			return strconv.Itoa(n) + "."
		default:
			return "（" + strconv.Itoa(n) + "）"
		}
	}
	if level == 1 {
		return number + ". "
	}
	return number + " "
}

// ChineseNumber writes n (1–999) in Chinese numerals: 一, 十, 十一, 二十一, 一百零五.
func ChineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	if n <= 0 || n >= 1000 {
		return strconv.Itoa(n)
	}
	s := ""
	h, t, u := n/100, n/10%10, n%10
	if h > 0 {
		s += digits[h] + "百"
		if t == 0 && u > 0 {
			s += "零"
		}
	}
	if t > 0 {
		if !(t == 1 && h == 0) {
			s += digits[t]
		}
		s += "十"
	}
	if u > 0 {
		s += digits[u]
	}
	return s
}
