package layout

import (
	"strings"
	"unicode"

	"github.com/reportc/reportc/fonts"
)

// Line-start and line-end prohibitions (Word's Simplified Chinese defaults, see
// typesetting.md).
const (
	noStartChars = "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠"
	noEndChars   = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥"
	// Full-width marks whose glyph sits in the left half of the em box: at a line end
	// they may be set half-width.
	halfAtEnd = "，。、；：！？）】》」』〕〗”’"
	// Full-width opening marks, whose glyph sits in the right half of the em box.
	openingMarks = "（【《「『〔〖“‘"
	// Characters that stay with a preceding number as its unit.
	unitChars = "%％‰℃年月日时分秒万亿元个人所名项门本次倍届级期周天岁家支队篇部台套条件"
)

func in(set string, r rune) bool { return strings.ContainsRune(set, r) }

// IsHan reports whether r is a CJK ideograph.
func IsHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func isLatin(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// Style is a font role at a size in points. Fallback > 0 draws with the k-th extra
// font of the report's settings, for characters the role's face lacks.
type Style struct {
	Role     fonts.Role
	Size     float64
	Fallback int
}

// Span is a piece of text in one style, the input of the line breaker. A span with Ref
// set is a cross-reference to that anchor.
type Span struct {
	Text  string
	Style Style
	Ref   string
}

// unit is an unbreakable cluster: one Han character, a Latin word or number with its
// unit, "——" or "……", or a space.
type unit struct {
	text   string
	style  Style
	ref    string
	width  float64 // mm
	space  bool    // a breakable space, dropped at line ends
	first  rune
	last   rune
	glue   float64 // Han–Latin space before this unit, mm
	halfOK bool    // may be set half-width at a line end
	// squeezed: set half-width because the next unit is also a full-width mark
	// (“。”” takes 1.5 em, not 2); the next unit then starts a new text run.
	squeezed bool
}

// Line is one set line.
type Line struct {
	Units   []unit
	Natural float64 // natural width in mm, including indent and glue
	Indent  float64
	Last    bool    // last line of its paragraph: not justified
	Half    float64 // width saved by setting the final mark half-width
}

const ptMM = 25.4 / 72

func (e *Engine) advance(st Style, s string) float64 {
	f := e.fonts.StyleFace(st.Role, st.Fallback)
	w := 0.0
	for _, r := range s {
		w += f.Advance(r, st.Size)
	}
	return w * ptMM
}

// units splits spans into unbreakable units.
func (e *Engine) units(spans []Span) []unit {
	var out []unit
	for _, sp := range spans {
		rs := []rune(sp.Text)
		for i := 0; i < len(rs); {
			j := i + 1
			r := rs[i]
			switch {
			case r == ' ' || r == '\u3000':
			case isLatin(r) || ((r == '+' || r == '-' || r == '$' || r == '¥' || r == '￥') && i+1 < len(rs) && unicode.IsDigit(rs[i+1])):
				for j < len(rs) && (isLatin(rs[j]) || (in(".,:/-_+'&", rs[j]) && j+1 < len(rs) && isLatin(rs[j+1]))) {
					j++
				}
				if unicode.IsDigit(rs[j-1]) {
					for k := 0; k < 2 && j < len(rs) && in(unitChars, rs[j]); k++ {
						j++
					}
				}
			case (r == '—' || r == '…') && i+1 < len(rs) && rs[i+1] == r:
				j = i + 2
			}
			txt := string(rs[i:j])
			st := sp.Style
			if k := e.fonts.FallbackIndex(st.Role, rs[i]); k > 0 {
				st.Fallback = k
			}
			u := unit{text: txt, style: st, ref: sp.Ref, first: rs[i], last: rs[j-1], space: r == ' ' || r == '\u3000'}
			u.width = e.advance(st, txt)
			u.halfOK = j == i+1 && in(halfAtEnd, r)
			out = append(out, u)
			i = j
		}
	}
	// Adjacent full-width marks: a closing mark before any mark, or an opening mark
	// before another opening mark, gives up the empty half of its em box.
	for i := 0; i+1 < len(out); i++ {
		a, b := &out[i], out[i+1]
		if len([]rune(a.text)) != 1 || len([]rune(b.text)) != 1 {
			continue
		}
		closing := in(halfAtEnd, a.first)
		opening := in(openingMarks, a.first)
		nextMark := in(halfAtEnd, b.first) || in(openingMarks, b.first)
		if nextMark && (closing || (opening && in(openingMarks, b.first))) {
			a.width /= 2
			a.squeezed = true
			a.halfOK = false
		}
	}
	// Han–Latin spacing.
	if e.hanLatin > 0 {
		for i := 1; i < len(out); i++ {
			a, b := out[i-1], out[i]
			if (IsHan(a.last) && isLatin(b.first)) || (isLatin(a.last) && IsHan(b.first)) {
				out[i].glue = e.hanLatin * b.style.Size * ptMM
			}
		}
	}
	return out
}

// canBreak reports whether a line may end after units[i-1] and start at units[i].
func canBreak(us []unit, i int) bool {
	if i <= 0 || i >= len(us) {
		return true
	}
	a, b := us[i-1], us[i]
	if b.space || a.space {
		return true
	}
	if in(noStartChars, b.first) || in(noEndChars, a.last) {
		return false
	}
	return true
}

// Break sets spans into lines of the given width (mm); the first line is indented.
func (e *Engine) Break(spans []Span, width, indent float64) []Line {
	us := e.units(spans)
	var lines []Line
	start := 0
	for start < len(us) {
		for start < len(us) && us[start].space {
			start++
		}
		if start >= len(us) {
			break
		}
		ind := 0.0
		if len(lines) == 0 {
			ind = indent
		}
		x := ind
		end := start // exclusive
		half := 0.0
		for end < len(us) {
			u := us[end]
			g := u.glue
			if end == start {
				g = 0
			}
			if x+g+u.width <= width+1e-6 {
				x += g + u.width
				end++
				continue
			}
			// A mark that may go half-width at the line end can still fit.
			if u.halfOK && x+g+u.width/2 <= width+1e-6 && end > start {
				x += g + u.width
				half = u.width / 2
				end++
			}
			break
		}
		if end < len(us) {
			// Back up to a legal break.
			b := end
			for b > start+1 && !canBreak(us, b) {
				b--
			}
			if b > start+1 || canBreak(us, b) {
				if b != end {
					half = 0
				}
				end = b
			}
			if end == start {
				end = start + 1 // a unit wider than the line: set it alone
			}
		}
		// Trim trailing spaces.
		last := end
		for last > start+1 && us[last-1].space {
			last--
		}
		ln := Line{Units: append([]unit(nil), us[start:last]...), Indent: ind, Half: half}
		ln.Units[0].glue = 0
		ln.Natural = ind
		for _, u := range ln.Units {
			ln.Natural += u.glue + u.width
		}
		lines = append(lines, ln)
		start = end
	}
	if n := len(lines); n > 0 {
		lines[n-1].Last = true
	}
	return lines
}

// Align says how a line is set within its width.
type Align int

const (
	Justify Align = iota
	Left
	Center
	Right
)

// setLine places a line's glyph runs starting at x with baseline y, within width.
// Justified lines spread their slack over every gap between units; runs of units with
// no extra space between them are placed as one text run.
func setLine(ln Line, x, y, width float64, align Align, gray float64) []Glyphs {
	natural := ln.Natural - ln.Half
	gap := 0.0
	switch {
	case align == Justify && !ln.Last && len(ln.Units) > 1:
		gap = (width - natural) / float64(len(ln.Units)-1)
		if gap < 0 {
			gap = 0
		}
	case align == Center:
		x += (width - natural) / 2
	case align == Right:
		x += width - natural
	}
	x += ln.Indent
	var out []Glyphs
	for i, u := range ln.Units {
		if i > 0 {
			x += gap
		}
		x += u.glue
		n := len(out)
		if n > 0 && !(i > 0 && ln.Units[i-1].squeezed) && out[n-1].Style == u.style && out[n-1].Ref == u.ref && abs(out[n-1].X+out[n-1].W-x) < 1e-4 {
			out[n-1].Text += u.text
			out[n-1].W += u.width
		} else {
			out = append(out, Glyphs{X: x, Y: y, W: u.width, Text: u.text, Style: u.style, Ref: u.ref, Gray: gray})
		}
		x += u.width
	}
	return out
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
