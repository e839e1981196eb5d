package layout

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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

// runeSet is a set of characters that answers membership without searching a string:
// a bit per ASCII character, and the others sorted for a binary search. The breaker
// asks several of these for every character it sets.
type runeSet struct {
	ascii [2]uint64
	// pages has a bit for each block of 256 BMP characters that holds a member, so
	// that a Han character is turned away without a search by most sets.
	pages [4]uint64
	other []rune
}

func newRuneSet(chars string) *runeSet {
	s := &runeSet{}
	for _, r := range chars {
		switch {
		case r < 0x80:
			s.ascii[r>>6] |= 1 << (r & 63)
		case !slices.Contains(s.other, r):
			s.other = append(s.other, r)
			if r < 0x10000 {
				s.pages[r>>14] |= 1 << ((r >> 8) & 63)
			}
		}
	}
	slices.Sort(s.other)
	return s
}

func (s *runeSet) has(r rune) bool {
	if r < 0x80 {
		return r >= 0 && s.ascii[r>>6]&(1<<(r&63)) != 0
	}
	if r < 0x10000 && s.pages[r>>14]&(1<<((r>>8)&63)) == 0 {
		return false
	}
	_, ok := slices.BinarySearch(s.other, r)
	return ok
}

// The character classes above as sets; built once, never changed.
var (
	noStartSet      = newRuneSet(noStartChars)
	noEndSet        = newRuneSet(noEndChars)
	halfAtEndSet    = newRuneSet(halfAtEnd)
	openingSet      = newRuneSet(openingMarks)
	unitSet         = newRuneSet(unitChars)
	numberJoinSet   = newRuneSet(numberJoin)
	urlBreakSet     = newRuneSet(urlBreak)
	wordPunctSet    = newRuneSet(wordPunct)
	superSubSet     = newRuneSet(superSub)
	numberSuffixSet = newRuneSet(numberSuffix)
	signSet         = newRuneSet("+-±$¥￥€£")
)

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

// unit is the smallest piece the line breaker handles: one Han character, a piece of a
// Latin string (a URL splits after / . - _ ? & = @), a number with its signs, super-
// and subscripts and symbol units (3×10⁴, 20±2, 95.22%, 36℃, 120㎡), "——", "……", or a
// space.
type unit struct {
	text  string
	style Style
	ref   string
	width float64 // mm
	glue  float64 // Han–Latin or Han–number space before this unit, mm
	// soft is the cost of a break before this unit, for breaks inside a Latin string
	// (after / . - _ ? & = @) and emergency breaks inside an over-long word.
	soft  float64
	first rune
	last  rune
	// The flags last, packed together (96 bytes a unit, not 104).
	space  bool // a breakable space, dropped at line ends
	halfOK bool // may be set half-width at a line end
	// squeezed: set half-width because the next unit is also a full-width mark
	// (“。”” takes 1.5 em, not 2); the next unit then starts a new text run.
	squeezed bool
	// bind: never break before this unit (the Han unit after its number: 2024年).
	bind bool
	// tight: no justification space before this unit; it continues a Latin string.
	// A tight unit may only start a line when soft > 0.
	tight bool
}

// Line is one set line.
type Line struct {
	Units   []unit
	Natural float64 // natural width in mm, including indent and glue
	Indent  float64
	Last    bool    // last line of its paragraph: not justified
	Half    float64 // width saved by setting the final mark half-width
	// Ragged: the line breaks inside a Latin string (a URL); it is set flush left, not
	// justified, so neither the string nor the text before it is spaced out.
	Ragged bool
}

const ptMM = 25.4 / 72

// Break costs (demerits are squared, as in TeX).
const (
	penWordBreak = 30      // after / . - _ ? & = @ inside a Latin string
	penEmergency = 400     // inside a word longer than the line
	penLone      = 1e6     // a lone character on a paragraph's last line
	penOverfull  = 1e12    // no legal line: set the unit past the edge
	maxLookBack  = 4000    // units a line may hold, at most
	badnessCap   = 1e5     // a line that cannot stretch (no gaps)
	stretchEm    = 0.25    // stretch per gap that counts as badness 100
	numberJoin   = "±×÷~～" // between two numbers: 3×10⁴, 20±2
	urlBreak     = "/.-_?&=@"
	wordPunct    = ".,:/-_+'&?=@#%~"
	superSub     = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"
	numberSuffix = "%％‰‱℃℉°′″㎡㎥㎞㎝㎜㎏㎎㎖㎘㏄" + superSub
)

func (e *Engine) advance(st Style, s string) float64 {
	f := e.fonts.StyleFace(st.Role, st.Fallback)
	w := 0.0
	for _, r := range s {
		w += f.Advance(r, st.Size)
	}
	return w * ptMM
}

// wordEnd returns the end of the Latin string or number that starts at rs[i].
func wordEnd(rs []rune, i int) int {
	j := i + 1
	for j < len(rs) {
		c := rs[j]
		prev := rs[j-1]
		num := unicode.IsDigit(prev) || superSubSet.has(prev)
		switch {
		case isLatin(c) || (superSubSet.has(c) && (num || isLatin(prev))):
			j++
		case numberJoinSet.has(c) && unicode.IsDigit(prev) && j+1 < len(rs) && (unicode.IsDigit(rs[j+1]) || rs[j+1] == '-' || rs[j+1] == '+'):
			j++
		case numberSuffixSet.has(c) && num:
			j++
		case wordPunctSet.has(c) && c != '%':
			// ASCII punctuation stays inside the string when more of it follows.
			k := j
			for k < len(rs) && wordPunctSet.has(rs[k]) {
				k++
			}
			if k < len(rs) && isLatin(rs[k]) {
				j = k
				continue
			}
			// A trailing slash belongs to a path or URL.
			if c == '/' {
				j++
				continue
			}
			return j
		default:
			return j
		}
	}
	return j
}

// wordPieces splits a Latin string at its break points: after / . - _ ? & = @, never
// before them, never inside a run of them ("://"), never between digits (3.14,
// 2024-2025) and never after a leading sign.
func wordPieces(rs []rune) []int {
	var cuts []int
	for k := 2; k < len(rs); k++ { // k >= 2: never right after a leading sign
		a, b := rs[k-1], rs[k]
		if !urlBreakSet.has(a) || !isLatin(b) {
			continue
		}
		if unicode.IsDigit(rs[k-2]) && unicode.IsDigit(b) {
			continue
		}
		cuts = append(cuts, k)
	}
	return cuts
}

func isSign(r rune) bool { return signSet.has(r) }

// units splits spans into the pieces the breaker handles.
func (e *Engine) units(spans []Span) []unit {
	n := 0
	for _, sp := range spans {
		n += len(sp.Text)
	}
	out := make([]unit, 0, n/3+1) // about one unit per Han character (3 bytes)
	longest := 0
	for _, sp := range spans {
		longest = max(longest, len(sp.Text))
	}
	rs := make([]rune, 0, longest)
	at := make([]int, 0, longest+1) // byte offset of each rune of rs in the span's text, and its length
	for _, sp := range spans {
		// A unit's text is a piece of the span's text (no copy), unless the text is
		// not valid UTF-8: then it is the runes re-encoded, as before.
		valid := utf8.ValidString(sp.Text)
		rs, at = rs[:0], at[:0]
		for b, r := range sp.Text {
			rs = append(rs, r)
			at = append(at, b)
		}
		at = append(at, len(sp.Text))
		add := func(i, j int, u unit) {
			var txt string
			if valid {
				txt = sp.Text[at[i]:at[j]]
			} else {
				txt = string(rs[i:j])
			}
			st := sp.Style
			if k := e.fonts.FallbackIndex(st.Role, rs[i]); k > 0 {
				st.Fallback = k
			}
			u.text, u.style, u.ref, u.first, u.last = txt, st, sp.Ref, rs[i], rs[j-1]
			u.width = e.advance(st, txt)
			out = append(out, u)
		}
		for i := 0; i < len(rs); {
			r := rs[i]
			switch {
			case r == ' ' || r == '\u3000':
				add(i, i+1, unit{space: true})
				i++
			case isLatin(r) || superSubSet.has(r) || (isSign(r) && i+1 < len(rs) && unicode.IsDigit(rs[i+1])):
				j := wordEnd(rs, i)
				// A string glued to the previous one (a span boundary inside a word)
				// continues it.
				cont := len(out) > 0 && i == 0 && !out[len(out)-1].space && isLatin(out[len(out)-1].last) && isLatin(r)
				prev := i
				for _, c := range append(wordPieces(rs[i:j]), j-i) {
					u := unit{}
					if prev > i {
						u.tight, u.soft = true, penWordBreak
					} else if cont {
						u.tight = true
					}
					add(prev, i+c, u)
					prev = i + c
				}
				// Up to two Han unit characters stay with their number (2024年,
				// 3751.28万元).
				if unicode.IsDigit(rs[j-1]) || numberSuffixSet.has(rs[j-1]) {
					for k := 0; k < 2 && j < len(rs) && unitSet.has(rs[j]); k++ {
						add(j, j+1, unit{bind: true})
						j++
					}
				}
				i = j
			case (r == '—' || r == '…') && i+1 < len(rs) && rs[i+1] == r:
				add(i, i+2, unit{})
				i += 2
			default:
				u := unit{halfOK: halfAtEndSet.has(r)}
				// ASCII punctuation after a Latin string stays with it, unstretched.
				if r < 0x80 && unicode.IsPunct(r) && len(out) > 0 && !out[len(out)-1].space && out[len(out)-1].last < 0x80 {
					u.tight = true
				}
				if numberSuffixSet.has(r) && len(out) > 0 && unicode.IsDigit(out[len(out)-1].last) {
					u.tight = true
				}
				add(i, i+1, u)
				i++
			}
		}
	}
	// Adjacent full-width marks: a closing mark before any mark, or an opening mark
	// before another opening mark, gives up the empty half of its em box.
	for i := 0; i+1 < len(out); i++ {
		a, b := &out[i], &out[i+1]
		if !halfAtEndSet.has(b.first) && !openingSet.has(b.first) {
			continue // not before a mark (asked first: the rarest condition)
		}
		if utf8.RuneCountInString(a.text) != 1 || utf8.RuneCountInString(b.text) != 1 {
			continue
		}
		closing := halfAtEndSet.has(a.first)
		opening := openingSet.has(a.first)
		if closing || (opening && openingSet.has(b.first)) {
			a.width /= 2
			a.squeezed = true
			a.halfOK = false
		}
	}
	// Space between Han characters and Latin letters or numbers: one rule for every
	// pair (settings.han_latin_space, settings.number_space, settings.tight_units).
	for i := 1; i < len(out); i++ {
		a, b := &out[i-1], &out[i]
		if a.space || b.space {
			continue
		}
		var han, other rune
		switch {
		case isLatin(b.first) && IsHan(a.last):
			han, other = a.last, b.first
		case isLatin(a.last) && IsHan(b.first):
			han, other = b.first, a.last
		default:
			continue
		}
		sp := e.hanLatin
		if unicode.IsDigit(other) {
			sp = e.numberSpace
			if in(e.tightUnits, han) {
				sp = 0
			}
		}
		out[i].glue = sp * b.style.Size * ptMM
	}
	return out
}

// canBreak reports whether a line may end after units[i-1] and start at units[i].
func canBreak(us []unit, i int) bool {
	if i <= 0 || i >= len(us) {
		return true
	}
	a, b := us[i-1], us[i]
	if b.bind || (b.tight && b.soft == 0) {
		return false
	}
	if b.space || a.space {
		return true
	}
	if noStartSet.has(b.first) || noEndSet.has(a.last) {
		return false
	}
	return true
}

// splitLong breaks every unit wider than the line into its characters, so that a word
// longer than the line is broken (at a cost) rather than run past the margin.
func (e *Engine) splitLong(us []unit, width float64) []unit {
	long := false
	for _, u := range us {
		if !u.space && u.width > width+1e-6 && len([]rune(u.text)) > 1 {
			long = true
		}
	}
	if !long {
		return us
	}
	var out []unit
	for _, u := range us {
		if u.space || u.width <= width+1e-6 || len([]rune(u.text)) < 2 {
			out = append(out, u)
			continue
		}
		for k, r := range []rune(u.text) {
			p := u
			p.text, p.first, p.last = string(r), r, r
			p.width = e.advance(u.style, p.text)
			p.halfOK, p.squeezed = false, false
			if k > 0 {
				p.glue, p.bind, p.tight, p.soft = 0, false, true, penEmergency
			}
			out = append(out, p)
		}
	}
	return out
}

// WidestPiece is the width (mm) of the widest part of the text that no line break may
// split: table columns are never made narrower than this.
func (e *Engine) WidestPiece(spans []Span) float64 {
	return widestPiece(e.units(spans))
}

// widestPiece is the width of the widest run of units with no legal break inside
// (canBreak: the line-start and line-end rules, bound clusters).
func widestPiece(us []unit) float64 {
	widest, cur := 0.0, 0.0
	for i, u := range us {
		if i > 0 && canBreak(us, i) {
			cur = 0
		}
		if u.space {
			continue
		}
		if cur > 0 {
			cur += u.glue
		}
		cur += u.width
		widest = max(widest, cur)
	}
	return widest
}

// lone reports whether units hold fewer than two characters besides punctuation.
func lone(us []unit) bool {
	n := 0
	for _, u := range us {
		n += letterCount(u)
	}
	return n < 2
}

// letterCount counts the characters of u besides punctuation and symbols (none in a
// space).
func letterCount(u unit) int {
	if u.space {
		return 0
	}
	n := 0
	for _, r := range u.text {
		if !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
			n++
		}
	}
	return n
}

// Break sets spans into lines of the given width (mm); the first line is indented.
//
// The breaks of the whole paragraph are chosen together (optimum fit, after Knuth and
// Plass): every legal break is a node, a line's cost grows with the space its gaps must
// take, breaks inside Latin strings cost extra, and a last line with a lone character
// costs so much that it only happens when nothing else fits. A line holds at most a
// bounded number of units, so the work is linear in the paragraph's length.
func (e *Engine) Break(spans []Span, width, indent float64) []Line {
	return e.memoBreak(spans, width, indent, false)
}

// BreakTitle sets a title, heading or caption: as few lines as the text needs, of
// balanced length (the last line counts like the others), broken at sensible points —
// after punctuation, spaces and name endings such as 学校 or 市, before an opening
// bracket, between Han and Latin — and inside a word (中等|职业, 单|位) only when
// nothing else fits.
func (e *Engine) BreakTitle(spans []Span, width float64) []Line {
	return e.memoBreak(spans, width, 0, true)
}

// breakMemo holds the lines of every text an engine has broken: the flow sets the
// same text at the same width more than once (a paragraph measured before it is
// placed, a placeholder's words in every photo frame, a source line under every
// table), and a text's lines depend on nothing but the text, its styles, the width and
// the indent (the engine's fonts and settings do not change). The engines of
// landscape pages share their portrait engine's memo.
type breakMemo struct {
	mu    sync.Mutex
	lines map[breakKey][]Line
	// units counts the units the remembered lines hold; past memoUnits (about
	// 20 MB of units, several hundred pages) new texts are broken but no longer
	// remembered, so that a very long report does not keep all its units alive.
	units int
	limit int // memoUnits; tests set less
}

const memoUnits = 200_000

// breakKey is a text to break: one span as it is, several spans spelt out in text
// (spansKey).
type breakKey struct {
	text          string
	style         Style
	ref           string
	multi         bool
	width, indent float64
	title         bool
}

// spansKey spells out several spans (each text and reference with its length, each
// style in full) so that different span lists never share a key.
func spansKey(spans []Span) string {
	n := 0
	for _, sp := range spans {
		n += len(sp.Text) + len(sp.Ref) + 48
	}
	b := make([]byte, 0, n)
	for _, sp := range spans {
		b = strconv.AppendInt(b, int64(len(sp.Text)), 10)
		b = append(b, ':')
		b = append(b, sp.Text...)
		b = strconv.AppendInt(b, int64(sp.Style.Role), 10)
		b = append(b, ',')
		b = strconv.AppendFloat(b, sp.Style.Size, 'g', -1, 64)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(sp.Style.Fallback), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(len(sp.Ref)), 10)
		b = append(b, ':')
		b = append(b, sp.Ref...)
		b = append(b, ';')
	}
	return string(b)
}

// memoBreak is breakParagraph, remembered. The lines it returns are shared with later
// calls for the same text: no caller changes them, and their capacity is their length,
// so that appending to them copies.
func (e *Engine) memoBreak(spans []Span, width, indent float64, title bool) []Line {
	if e.memo == nil {
		return e.breakParagraph(spans, width, indent, title)
	}
	k := breakKey{width: width, indent: indent, title: title}
	if len(spans) == 1 {
		k.text, k.style, k.ref = spans[0].Text, spans[0].Style, spans[0].Ref
	} else {
		k.text, k.multi = spansKey(spans), true
	}
	e.memo.mu.Lock()
	lines, ok := e.memo.lines[k]
	e.memo.mu.Unlock()
	if ok {
		return lines
	}
	lines = slices.Clip(e.breakParagraph(spans, width, indent, title))
	n := 0
	for _, ln := range lines {
		n += len(ln.Units)
	}
	e.memo.mu.Lock()
	limit := e.memo.limit
	if limit == 0 {
		limit = memoUnits
	}
	if e.memo.units+n <= limit {
		if e.memo.lines == nil {
			e.memo.lines = map[breakKey][]Line{}
		}
		e.memo.lines[k] = lines
		e.memo.units += n
	}
	e.memo.mu.Unlock()
	return lines
}

// Name endings after which a title may break.
var titleBreakAfter = []string{
	"学校", "学院", "大学", "中学", "中心", "公司", "集团", "基地", "联盟", "研究院",
	"委员会", "教育局", "人民政府", "政府", "办公室", "报告", "年度", "情况", "工作",
	"教育", "发展", "建设", "质量", "评估", "改革", "融合", "专项", "评价", "园区", "产业",
	"省", "市", "县", "区", "州", "盟", "旗", "镇", "局", "厅", "部", "处", "科", "委", "会", "院", "所", "年", "和", "与", "及",
}

// titleBreakCost is the cost of breaking a title before us[j].
func titleBreakCost(us []unit, j int) float64 {
	a, b := us[j-1], us[j]
	switch {
	case a.space || b.space, unicode.IsPunct(a.last) && !noEndSet.has(a.last), openingSet.has(b.first):
		return 0
	case IsHan(a.last) != IsHan(b.first):
		return 1
	}
	// The text of the units before the break, up to a few characters.
	tail := ""
	for k := j - 1; k >= 0 && k >= j-4; k-- {
		tail = us[k].text + tail
	}
	for _, w := range titleBreakAfter {
		if strings.HasSuffix(tail, w) {
			// Not inside a word that goes on (市场, 区域, 会议): the next character
			// must not form a common word with it.
			if !in("场民政级域长议计议员校", b.first) {
				return 2
			}
		}
	}
	// Inside a bracketed note such as （单位：%）: worst of all.
	open := 0
	for k := j - 1; k >= 0 && k >= j-12; k-- {
		if in("（(", us[k].first) {
			open++
			break
		}
		if in("）)", us[k].first) {
			break
		}
	}
	if open > 0 {
		return 80
	}
	return 50
}

func (e *Engine) breakParagraph(spans []Span, width, indent float64, title bool) []Line {
	us := e.splitLong(e.units(spans), width)
	n := len(us)
	// start[i]: the first non-space unit at or after i.
	start := make([]int, n+1)
	start[n] = n
	for i := n - 1; i >= 0; i-- {
		start[i] = i
		if us[i].space {
			start[i] = start[i+1]
		}
	}
	if start[0] == n {
		return nil
	}
	// Prefix sums of widths (with glue) and of stretchable gaps.
	W := make([]float64, n+1)
	G := make([]int, n+1)
	for i, u := range us {
		W[i+1] = W[i] + u.glue + u.width
		G[i+1] = G[i]
		if !u.tight {
			G[i+1]++
		}
	}
	// trimEnd drops trailing spaces of the line [s, j).
	trimEnd := func(s, j int) int {
		for j > s+1 && us[j-1].space {
			j--
		}
		return j
	}
	// measure returns the line [s, e)'s natural width and the width its final mark
	// gives up when set half-width to make it fit.
	measure := func(i, s, e int) (nat, half float64) {
		nat = W[e] - W[s] - us[s].glue
		if i == 0 {
			nat += indent
		}
		if nat > width+1e-6 && e-1 > s && us[e-1].halfOK && nat-us[e-1].width/2 <= width+1e-6 {
			half = us[e-1].width / 2
		}
		return nat, half
	}
	inf := math.Inf(1)
	best := make([]float64, n+1)
	prev := make([]int, n+1)
	for i := range best {
		best[i] = inf
	}
	best[0] = 0
	// The last line's characters, counted from its end back to lo (see lone): the
	// line [s, e) of the last break always ends at the same unit, and its starts s
	// only move back, so the count grows as the loop goes back instead of being
	// recounted for every start.
	lastEnd := trimEnd(start[0], n)
	lo, chars := lastEnd, 0
	for j := 1; j <= n; j++ {
		if j < n && !canBreak(us, j) {
			continue
		}
		pen := 0.0
		if j < n {
			pen = us[j].soft
		}
		// The cost of a title break before us[j] depends on j alone: worked out at
		// most once, when a line ending there first fits.
		titleCost, haveTitleCost := 0.0, false
		// Every line ending at j ends at the same unit, whatever its start (its
		// start is a non-space unit, so trimming the spaces before j stops at the
		// last non-space unit at or after it): e and what measure reads there are
		// worked out once for j.
		e := trimEnd(0, j)
		halfOK, halfW := us[e-1].halfOK, us[e-1].width/2
		ragged := j < n && us[j].tight
		for i := j - 1; i >= 0 && j-i <= maxLookBack; i-- {
			s := start[i]
			if s >= j || math.IsInf(best[i], 1) {
				continue
			}
			// measure(i, s, e), written out with e's values from above.
			nat, half := W[e]-W[s]-us[s].glue, 0.0
			if i == 0 {
				nat += indent
			}
			if nat > width+1e-6 && e-1 > s && halfOK && nat-halfW <= width+1e-6 {
				half = halfW
			}
			fits := nat-half <= width+1e-6
			var d float64
			if !fits {
				d = penOverfull
			} else if title {
				// Balanced lines: few of them, with even slack; sensible breaks.
				slack := (width - (nat - half)) / (us[s].style.Size * ptMM)
				d = 3000 + slack*slack
				if j < n {
					if !haveTitleCost {
						titleCost, haveTitleCost = titleBreakCost(us, j)+pen, true
					}
					d += titleCost * titleCost
				}
			} else if j == n {
				if i > 0 {
					for ; lo > s; lo-- {
						chars += letterCount(us[lo-1])
					}
					if chars < 2 {
						d = penLone
					}
				}
			} else {
				d = 1 + lineBadness(us, G, s, e, width-(nat-half), ragged)
				d = d*d + pen*pen
			}
			if best[i]+d < best[j] {
				best[j], prev[j] = best[i]+d, i
			}
			if !fits {
				// Earlier starts only make the line wider. The nearest legal start
				// that is already too wide stays a (very costly) way out, for a piece
				// that no break may split and that is wider than the line.
				break
			}
		}
	}
	if math.IsInf(best[n], 1) {
		// Unreachable only with a break prohibition over a whole line: fall back to
		// cutting wherever the line is full.
		return e.breakGreedy(us, width, indent)
	}
	var ends []int
	for j := n; j > 0; j = prev[j] {
		ends = append(ends, j)
	}
	lines := make([]Line, 0, len(ends))
	i := 0
	for k := len(ends) - 1; k >= 0; k-- {
		j := ends[k]
		s := start[i]
		e := trimEnd(s, j)
		_, half := measure(i, s, e)
		ind := 0.0
		if i == 0 {
			ind = indent
		}
		// The lines share the units' array (each line's slice ends at its own
		// end, so appending to it copies): a line changes only its first unit, which
		// no line read after it looks at.
		ln := Line{Units: us[s:e:e], Indent: ind, Half: half, Ragged: j < n && us[j].tight}
		ln.Units[0].glue = 0
		ln.Natural = ind
		for _, u := range ln.Units {
			ln.Natural += u.glue + u.width
		}
		lines = append(lines, ln)
		i = j
	}
	lines[len(lines)-1].Last = true
	return lines
}

// lineBadness measures how far the gaps of the line [s, e) must stretch to take slack.
// A line broken inside a Latin string, or one with no gap that may stretch, is set
// ragged instead (never spaced out letter by letter): its cost grows with the space
// left at its end.
func lineBadness(us []unit, G []int, s, e int, slack float64, ragged bool) float64 {
	if slack <= 1e-6 {
		return 0
	}
	em := us[s].style.Size * ptMM
	gaps := G[e] - G[s+1]
	if ragged || gaps <= 0 {
		r := slack / em
		return min(10*r*r, badnessCap)
	}
	r := slack / (float64(gaps) * stretchEm * em)
	return min(100*r*r*r, badnessCap)
}

// breakGreedy fills each line as far as it goes, for input whose prohibitions leave no
// legal break within a line.
func (e *Engine) breakGreedy(us []unit, width, indent float64) []Line {
	var lines []Line
	s := 0
	for s < len(us) {
		for s < len(us) && us[s].space {
			s++
		}
		if s >= len(us) {
			break
		}
		ind := 0.0
		if len(lines) == 0 {
			ind = indent
		}
		x := ind
		j := s
		for j < len(us) && (j == s || x+us[j].glue+us[j].width <= width+1e-6) {
			if j > s {
				x += us[j].glue
			}
			x += us[j].width
			j++
		}
		ln := Line{Units: append([]unit(nil), us[s:j]...), Indent: ind, Natural: x}
		ln.Units[0].glue = 0
		lines = append(lines, ln)
		s = j
	}
	if len(lines) > 0 {
		lines[len(lines)-1].Last = true
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
	return appendLine(nil, ln, x, y, width, align, gray)
}

// appendLine is setLine appending the runs to dst (a page's texts): no slice per line,
// and each run's text joined once, not grown unit by unit.
func appendLine(dst []Glyphs, ln Line, x, y, width float64, align Align, gray float64) []Glyphs {
	natural := ln.Natural - ln.Half
	gap := 0.0
	gaps := 0 // gaps that may stretch: never inside a Latin string
	for i, u := range ln.Units {
		if i > 0 && !u.tight {
			gaps++
		}
	}
	switch {
	case align == Justify && !ln.Last && !ln.Ragged && gaps > 0:
		gap = (width - natural) / float64(gaps)
		if gap < 0 {
			gap = 0
		}
	case align == Center:
		x += (width - natural) / 2
	case align == Right:
		x += width - natural
	}
	x += ln.Indent
	first := len(dst)      // runs of this line start here
	from := -1             // the first unit of the last run
	join := func(to int) { // the last run's text: units from..to
		if from < 0 || to == from {
			return
		}
		n := 0
		for _, u := range ln.Units[from : to+1] {
			n += len(u.text)
		}
		var b strings.Builder
		b.Grow(n)
		for _, u := range ln.Units[from : to+1] {
			b.WriteString(u.text)
		}
		dst[len(dst)-1].Text = b.String()
	}
	for i, u := range ln.Units {
		if i > 0 && !u.tight {
			x += gap
		}
		x += u.glue
		n := len(dst)
		if n > first && !(i > 0 && ln.Units[i-1].squeezed) && dst[n-1].Style == u.style && dst[n-1].Ref == u.ref && abs(dst[n-1].X+dst[n-1].W-x) < 1e-4 {
			dst[n-1].W += u.width
		} else {
			join(i - 1)
			dst = append(dst, Glyphs{X: x, Y: y, W: u.width, Text: u.text, Style: u.style, Ref: u.ref, Gray: gray})
			from = i
		}
		x += u.width
	}
	join(len(ln.Units) - 1)
	return dst
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
