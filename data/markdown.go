package data

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var labelRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*$`)

// ParseMarkdown parses chapter text in the reportc dialect (see docs/format.md).
// file is used in positions. Problems are added to errs; parsing goes on after them.
func ParseMarkdown(file, src string, errs *ErrorList) []*Block {
	p := &mdParser{file: file, lines: strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n"), errs: errs}
	return p.blocks(false)
}

type mdParser struct {
	file  string
	lines []string
	i     int
	errs  *ErrorList
}

func (p *mdParser) pos(line int) Pos { return Pos{File: p.file, Line: line + 1} }

// blocks parses blocks until the end of input or, inside a case, a closing ":::".
func (p *mdParser) blocks(inCase bool) []*Block {
	var out []*Block
	var para []int // line indexes of the current paragraph
	flush := func() {
		if len(para) > 0 {
			out = append(out, p.paragraph(para))
			para = nil
		}
	}
	for p.i < len(p.lines) {
		n := p.i
		raw := p.lines[n]
		line := strings.TrimRight(raw, " \u3000")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			flush()
			p.i++
		case trimmed == ":::":
			flush()
			p.i++
			if inCase {
				return out
			}
			p.errs.Add(p.pos(n), "多余的 “:::”：这里没有打开的案例块")
		case strings.HasPrefix(trimmed, ":::"):
			flush()
			p.i++
			if b := p.directive(n, strings.TrimSpace(trimmed[3:]), inCase); b != nil {
				out = append(out, b)
			}
		case strings.HasPrefix(line, "#"):
			flush()
			p.i++
			out = append(out, p.heading(n, line, inCase))
		default:
			para = append(para, n)
			p.i++
		}
	}
	flush()
	if inCase {
		p.errs.Add(p.pos(len(p.lines)-1), "案例块没有结束：缺少单独一行的 “:::”")
	}
	return out
}

func (p *mdParser) heading(n int, line string, inCase bool) *Block {
	level := 0
	for level < len(line) && line[level] == '#' {
		level++
	}
	text := strings.TrimSpace(line[level:])
	b := &Block{Kind: BHeading, Pos: p.pos(n), Level: level, Numbered: true}
	// Attributes at the end, in any order: {-} (unnumbered), {short=简称} (the running
	// header when the heading is too long for it).
	for strings.HasSuffix(text, "}") {
		open := strings.LastIndex(text, "{")
		if open < 0 {
			break
		}
		attr := strings.TrimSpace(text[open+1 : len(text)-1])
		switch {
		case attr == "-":
			b.Numbered = false
		case strings.HasPrefix(attr, "short=") || strings.HasPrefix(attr, "简称="):
			_, v, _ := strings.Cut(attr, "=")
			b.Short = strings.TrimSpace(v)
			if b.Short == "" {
				p.errs.Add(b.Pos, "标题的简称 “{short=}” 是空的")
			}
		default:
			p.errs.Add(b.Pos, "不认识的标题属性 “{%s}”：可用 {-}（不编号）或 {short=简称}", attr)
		}
		text = strings.TrimSpace(text[:open])
	}
	if level > 4 {
		p.errs.Add(b.Pos, "标题最多四级（####），这里是 %d 级", level)
	}
	if text == "" {
		p.errs.Add(b.Pos, "标题是空的")
	}
	if inCase {
		p.errs.Add(b.Pos, "案例块内不能有标题")
	}
	b.Inlines = p.inlines(text, b.Pos)
	return b
}

func (p *mdParser) paragraph(lines []int) *Block {
	b := &Block{Kind: BParagraph, Pos: p.pos(lines[0])}
	var prev string
	for _, n := range lines {
		text := strings.TrimSpace(p.lines[n])
		if prev != "" && needsSpace(prev, text) {
			b.Inlines = append(b.Inlines, Inline{Kind: IText, Text: " ", Pos: p.pos(n)})
		}
		b.Inlines = append(b.Inlines, p.inlines(text, p.pos(n))...)
		prev = text
	}
	b.Inlines = mergeText(b.Inlines)
	return b
}

// needsSpace reports whether two joined lines need a space: only between Latin letters
// or digits.
func needsSpace(a, b string) bool {
	r1, _ := utf8.DecodeLastRuneInString(a)
	r2, _ := utf8.DecodeRuneInString(b)
	return r1 < 0x2E80 && r2 < 0x2E80 && (unicode.IsLetter(r1) || unicode.IsDigit(r1)) && (unicode.IsLetter(r2) || unicode.IsDigit(r2))
}

func mergeText(in []Inline) []Inline {
	var out []Inline
	for _, s := range in {
		if n := len(out); n > 0 && s.Kind == IText && out[n-1].Kind == IText && out[n-1].Bold == s.Bold {
			out[n-1].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}

// inlines splits text into text, bold, [@ref] and [=value] spans.
func (p *mdParser) inlines(text string, pos Pos) []Inline {
	var out []Inline
	bold := false
	var buf strings.Builder
	emit := func() {
		if buf.Len() > 0 {
			out = append(out, Inline{Kind: IText, Text: buf.String(), Bold: bold, Pos: pos})
			buf.Reset()
		}
	}
	for i := 0; i < len(text); {
		switch {
		case strings.HasPrefix(text[i:], "**"):
			emit()
			bold = !bold
			i += 2
		case strings.HasPrefix(text[i:], "[@") || strings.HasPrefix(text[i:], "[="):
			end := strings.IndexByte(text[i:], ']')
			if end < 0 {
				p.errs.Add(pos, "引用 “%s” 缺少右方括号 “]”", text[i:min(len(text), i+20)])
				buf.WriteString(text[i:])
				i = len(text)
				continue
			}
			emit()
			inner := text[i+2 : i+end]
			kind := IRef
			if text[i+1] == '=' {
				kind = IValue
			}
			if kind == IRef && !labelRE.MatchString(inner) {
				p.errs.Add(pos, "引用标签 “%s” 不合规：标签只能由字母、数字和 “-” 组成", inner)
			}
			if kind == IValue && strings.TrimSpace(inner) == "" {
				p.errs.Add(pos, "数值引用 “[=]” 是空的")
			}
			out = append(out, Inline{Kind: kind, Label: inner, Bold: bold, Pos: pos})
			i += end + 1
		default:
			r, size := utf8.DecodeRuneInString(text[i:])
			buf.WriteRune(r)
			i += size
		}
	}
	emit()
	if bold {
		p.errs.Add(pos, "加粗标记 “**” 没有成对出现")
	}
	return out
}

// directive parses a ":::" line. Case blocks read on until their closing ":::".
func (p *mdParser) directive(n int, rest string, inCase bool) *Block {
	pos := p.pos(n)
	fields := strings.Fields(rest)
	if len(fields) > 0 && fields[0] == "todo" {
		return p.todo(n, strings.TrimSpace(strings.TrimPrefix(rest, "todo")), inCase)
	}
	if len(fields) < 2 {
		p.errs.Add(pos, "块指令 “::: %s” 不完整：应为 “::: table 标签”“::: chart 标签”“::: photo 标签 文件 标题” 或 “::: case 标签”", rest)
		return nil
	}
	kind, label := fields[0], fields[1]
	if !labelRE.MatchString(label) {
		p.errs.Add(pos, "标签 “%s” 不合规：标签只能由字母、数字和 “-” 组成", label)
	}
	if inCase && kind != "photo" {
		p.errs.Add(pos, "案例块内只能有段落，不能有 “::: %s”", kind)
	}
	switch kind {
	case "table":
		return &Block{Kind: BTable, Pos: pos, Label: label}
	case "chart":
		return &Block{Kind: BChart, Pos: pos, Label: label}
	case "photo":
		if inCase {
			p.errs.Add(pos, "照片请放在案例块的 “:::” 之后")
		}
		if len(fields) < 4 {
			p.errs.Add(pos, "照片指令应为 “::: photo 标签 文件 标题”，缺少文件或标题")
			return nil
		}
		// The caption is the rest of the line after the file, spaces kept; an optional
		// width=NN% right after the file sets the printed width.
		after := strings.TrimSpace(rest[strings.Index(rest, fields[2])+len(fields[2]):])
		b := &Block{Kind: BPhoto, Pos: pos, Label: label, File: fields[2]}
		if v, ok := cutAny(fields[3], "width=", "宽度="); ok {
			after = strings.TrimSpace(strings.TrimPrefix(after, fields[3]))
			pct, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSuffix(v, "%"), "％"), 64)
			if err != nil || !(strings.HasSuffix(v, "%") || strings.HasSuffix(v, "％")) || !(pct >= 10 && pct <= 100) { // NaN too
				p.errs.Add(pos, "照片宽度 “%s” 不合规：应为正文宽度的百分比，10%%–100%%，如 width=60%%", fields[3])
			} else {
				b.Width = pct / 100
			}
			if after == "" {
				p.errs.Add(pos, "照片指令应为 “::: photo 标签 文件 [width=NN%%] 标题”，缺少标题")
			}
		}
		b.Caption = after
		return b
	case "case":
		b := &Block{Kind: BCase, Pos: pos, Label: label}
		for p.i < len(p.lines) {
			t := strings.TrimSpace(p.lines[p.i])
			if v, ok := cutAny(t, "标题：", "标题:"); ok {
				b.Title = strings.TrimSpace(v)
			} else if v, ok := cutAny(t, "学校：", "学校:"); ok {
				b.School = strings.TrimSpace(v)
			} else if v, ok := cutAny(t, "供稿：", "供稿:"); ok {
				b.Credit = strings.TrimSpace(v)
			} else {
				break
			}
			p.i++
		}
		if b.Title == "" {
			p.errs.Add(pos, "案例 “%s” 缺少 “标题：” 行（应紧跟在 “::: case” 之后）", label)
		}
		b.Body = p.blocks(true)
		if len(b.Body) == 0 {
			p.errs.Add(pos, "案例 “%s” 没有正文", label)
		}
		return b
	default:
		p.errs.Add(pos, "未知的块指令 “%s”：应为 table、chart、photo、case 或 todo", kind)
		return nil
	}
}

// todo parses a `::: todo` placeholder: the prompt on its line, or, when the line holds
// only “::: todo”, the lines up to a closing “:::” joined into one prompt.
func (p *mdParser) todo(n int, prompt string, inCase bool) *Block {
	pos := p.pos(n)
	if inCase {
		p.errs.Add(pos, "案例块内不能有 “::: todo”：请把待填写提示放在案例块之外")
	}
	if prompt == "" {
		var parts []string
		closed := false
		for p.i < len(p.lines) {
			t := strings.TrimSpace(p.lines[p.i])
			p.i++
			if t == ":::" {
				closed = true
				break
			}
			if strings.HasPrefix(t, ":::") {
				p.errs.Add(p.pos(p.i-1), "待填写块内不能有块指令 “%s”", t)
				continue
			}
			if t != "" {
				parts = append(parts, t)
			}
		}
		if !closed {
			p.errs.Add(pos, "待填写块没有结束：缺少单独一行的 “:::”（一行的写法：“::: todo 提示文字”）")
		}
		for i, t := range parts {
			if i > 0 && needsSpace(parts[i-1], t) {
				prompt += " "
			}
			prompt += t
		}
	}
	if prompt == "" {
		p.errs.Add(pos, "待填写提示是空的：应为 “::: todo 提示文字”")
		prompt = "本节内容"
	}
	return &Block{Kind: BTodo, Pos: pos, Caption: prompt}
}

// TodoText is how a `::: todo` prompt is printed.
func TodoText(prompt string) string { return "【待填写：" + prompt + "】" }

func cutAny(s string, prefixes ...string) (string, bool) {
	for _, pre := range prefixes {
		if v, ok := strings.CutPrefix(s, pre); ok {
			return v, true
		}
	}
	return "", false
}

// PlainText returns the text of inlines with references shown as their labels.
func PlainText(in []Inline) string {
	var b strings.Builder
	for _, s := range in {
		b.WriteString(s.Text)
	}
	return b.String()
}
