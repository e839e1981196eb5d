package layout

import (
	"unicode/utf8"
)

// Table cells wrap by their own rules (issue 16.6): a short Han phrase between
// separators — a personal name of two to four characters, or one with “·” — is never
// split across lines, and a cell does not leave one character alone on its last line
// when a slightly narrower setting avoids it.

// joinNames merges each run of two to four Han characters (with “·” inside it counted
// apart) standing between non-Han units into one unbreakable unit, when it fits in
// width.
func joinNames(us []unit, width float64) []unit {
	out := make([]unit, 0, len(us))
	for i := 0; i < len(us); {
		j, han := i, 0
		for j < len(us) && isNamePart(us[j]) {
			if us[j].first != '·' {
				han++
			}
			j++
		}
		if j > i+1 && han >= 2 && han <= 4 && us[i].first != '·' && us[j-1].first != '·' {
			u := us[i]
			for _, v := range us[i+1 : j] {
				u.text += v.text
				u.width += v.width
				u.last = v.last
			}
			u.halfOK = false
			if u.width <= width+1e-6 {
				out = append(out, u)
				i = j
				continue
			}
		}
		if j == i {
			j = i + 1
		}
		out = append(out, us[i:j]...)
		i = j
	}
	return out
}

func isNamePart(u unit) bool {
	r, n := utf8.DecodeRuneInString(u.text)
	return n == len(u.text) && (IsHan(r) || r == '·')
}

// breakUnits sets units greedily into lines of the given width, breaking only where
// canBreak allows; a unit wider than the line stands alone.
func breakUnits(us []unit, width float64) []Line {
	var lines []Line
	for start := 0; start < len(us); {
		for start < len(us) && us[start].space {
			start++
		}
		if start >= len(us) {
			break
		}
		x, end, half := 0.0, start, 0.0
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
			if u.halfOK && end > start && x+g+u.width/2 <= width+1e-6 {
				x += g + u.width
				half = u.width / 2
				end++
			}
			break
		}
		if end < len(us) {
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
				end = start + 1
			}
		}
		last := end
		for last > start+1 && us[last-1].space {
			last--
		}
		ln := Line{Units: append([]unit(nil), us[start:last]...), Half: half}
		ln.Units[0].glue = 0
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

// lonely reports whether a line holds a single Han character besides punctuation.
func lonely(ln Line) bool {
	chars := 0
	for _, u := range ln.Units {
		if noStartSet.has(u.first) || noEndSet.has(u.first) || u.space {
			continue
		}
		r, n := utf8.DecodeRuneInString(u.text)
		if n != len(u.text) || !IsHan(r) {
			return false
		}
		chars++
	}
	return chars == 1
}

// cellUnits are a cell's units with its short phrases joined.
func (e *Engine) cellUnits(text string, st Style, width float64) []unit {
	return joinNames(e.units([]Span{{Text: text, Style: st}}), width)
}

// breakCell sets a cell's text in lines of width w: names whole, and no lone last
// character when setting the cell up to two characters narrower keeps its line count.
func (e *Engine) breakCell(text string, st Style, w float64) []Line {
	us := e.cellUnits(text, st, w)
	lines := breakUnits(us, w)
	n := len(lines)
	if n < 2 || !lonely(lines[n-1]) {
		return lines
	}
	em := st.Size * ptMM
	for k := 1.0; k <= 2; k++ {
		alt := breakUnits(us, w-k*em)
		if len(alt) == n && !lonely(alt[n-1]) && fits(alt, w-k*em) {
			return alt
		}
	}
	return lines
}

func fits(lines []Line, w float64) bool {
	for _, ln := range lines {
		if ln.Natural-ln.Half > w+1e-6 {
			return false
		}
	}
	return true
}
