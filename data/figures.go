package data

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The typed-number audit. Every number of the text that is a figure (a number with a
// unit: 2267人, 91%, 16.61:1, 3751.28万元) is either bound ([=…]) or typed. A typed
// figure is compared with the data: the cells whose indicator words (招生, 在校生, 专任教师,
// 满意度 …) all stand in the clause before the number, with a compatible unit and the
// same year. When one of them has the same value, check suggests the binding; when the
// cell's own name stands in the clause (教职工总数2267人 next to 附表6's 教职工总数) and no
// such cell agrees, check warns with both values.
//
// Not figures: years (2024年), dates (2月19日), ordinals (第十九届, 第1名), numbers inside
// quotation marks or book-title marks (“211”大学, “3+3+2”), numbers glued to Latin
// letters or to + − / (5G, 3+2), and numbers of seven or more digits (telephone numbers).
// Numbers in case boxes are about the case's school, not about the city: they are
// counted but not compared. Sentences that name a school get suggestions, never warnings.

// Figure is a number of the text.
type Figure struct {
	Pos     Pos
	Text    string // the number as printed
	Unit    string
	Context string // the clause before it (and the one before that when it names nothing)
	Clause  string // the clause before it
	Since   string // the text since the number before it in the same sentence
	Ref     string // the [=…] reference of a bound figure
	Delta   bool   // a change (较上年增加1084人)
	InCase  bool   // in a case box
}

// Match is a typed figure with the data cell it was compared with.
type Match struct {
	Figure
	Cell Pos    // the data cell
	Name string // sheet!column:row
	Data string // the cell's printed value
	Bind string // the suggested reference
}

// indicatorWords are the words that name what a figure counts. A data cell's indicator
// words are those in its row label, group and column header.
var indicatorWords = []string{
	"招生", "在校生", "毕业生", "教职工", "专任教师", "教师", "生师比", "满意度", "合格率", "就业", "升学",
	"升入本科", "班主任", "思政课", "体育课", "美育课", "双师型", "家长", "用人单位", "课堂育人", "课外育人",
	"一等奖", "二等奖", "三等奖", "优胜奖", "获奖", "培训", "经费", "拨款", "课程", "教材", "专业", "资源库",
	"实训基地", "工作室", "团队", "选手", "赛项", "证书", "月收入", "创业", "专利", "带宽", "设备", "课时",
	"学时", "行业导师", "体质", "编制", "校均规模", "公办", "民办", "国家级", "省级", "市本级", "校级", "先进制造业",
	"科技创新", "传统产业", "电子信息", "交通运输", "装备制造", "财经商贸", "旅游", "留在当地", "中小微企业",
	"大型企业", "三次产业", "第一产业", "第二产业", "第三产业", "应届", "毕业三年", "去向落实", "初次就业",
	"非学历培训", "公益项目", "实习", "责任保险", "美丽乡村", "三高四新", "达标", "学校数",
}

var (
	numberRE = regexp.MustCompile(`\d+(?:\.\d+)?`)
	// Units, longest first.
	figureUnits = []string{"个百分点", "人次", "万元", "亿元", "学时", "课时", "平方米", ":1", "：1", "%", "％",
		"人", "所", "个", "项", "门", "本", "名", "支", "次", "家", "位", "元", "台", "套", "场", "篇", "部", "条", "间", "册", "件", "批", "种", "队"}
	notFigureAfter = []string{"年", "月", "日", "届", "号", "期", "周年", "岁", "级", "版", "点", "时", "分", "秒", "楼", "层", "路", "章", "节"}
	deltaWords     = []string{"增加", "减少", "提升", "提高", "下降", "增长", "降低", "上升", "增幅", "多", "少"}
	clauseStops    = "。；！？，、：（）()§\n"
)

func isASCIIAlnum(r rune) bool { return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// scanFigures finds the figures of a paragraph's text. text holds the paragraph with
// references as § and bound values as their text; typed says which bytes are typed text.
func scanFigures(text string, typed func(i int) bool) []Figure {
	var out []Figure
	for _, m := range numberRE.FindAllStringIndex(text, -1) {
		start, end := m[0], m[1]
		if !typed(start) || !typed(end-1) {
			continue
		}
		num := text[start:end]
		prev, _ := utf8.DecodeLastRuneInString(text[:start])
		rest := text[end:]
		next, _ := utf8.DecodeRuneInString(rest)
		if start > 0 && (isASCIIAlnum(prev) || strings.ContainsRune("+-—–~～/第.．", prev)) {
			continue
		}
		if isASCIIAlnum(next) || strings.ContainsRune("+-—–~～/．", next) {
			continue
		}
		if !strings.Contains(num, ".") && len(num) >= 7 {
			continue // a telephone or document number
		}
		skip := false
		for _, w := range notFigureAfter {
			if strings.HasPrefix(rest, w) {
				skip = true
			}
		}
		if skip || insideQuotes(text[:start]) {
			continue
		}
		unit := ""
		for _, u := range figureUnits {
			if strings.HasPrefix(rest, u) {
				unit = u
				break
			}
		}
		if unit == "" {
			continue
		}
		switch unit {
		case "：1":
			unit = ":1"
		case "％":
			unit = "%"
		}
		f := Figure{Text: num, Unit: unit, Context: clauseBefore(text[:start]), Clause: currentClause(text[:start]), Since: sinceNumber(text[:start])}
		tail := lastRunes(text[:start], 3)
		for _, w := range deltaWords {
			if strings.HasSuffix(tail, w) || (len([]rune(w)) == 2 && strings.Contains(tail, w)) {
				f.Delta = true
			}
		}
		out = append(out, f)
	}
	return out
}

func insideQuotes(before string) bool {
	return strings.Count(before, "“") > strings.Count(before, "”") ||
		strings.Count(before, "《") > strings.Count(before, "》")
}

func lastRunes(s string, n int) string {
	r := []rune(s)
	return string(r[max(0, len(r)-n):])
}

// clauseBefore is the clause that ends at the number; when it names no indicator, the
// clause before it too (家长满意度81.57%，提升19.44%), but never past a sentence end.
func clauseBefore(s string) string {
	r := []rune(s)
	i := len(r)
	for i > 0 && !strings.ContainsRune(clauseStops, r[i-1]) {
		i--
	}
	clause := string(r[i:])
	if indicators.in(clause).empty() && i > 0 && !strings.ContainsRune("。；！？\n", r[i-1]) {
		j := i - 1
		for j > 0 && !strings.ContainsRune(clauseStops, r[j-1]) {
			j--
		}
		clause = string(r[j:])
	}
	return clause
}

// sinceNumber is the text since the last digit before, within the sentence.
func sinceNumber(s string) string {
	sent := sentenceBefore(s)
	r := []rune(sent)
	i := len(r)
	for i > 0 && !unicode.IsDigit(r[i-1]) {
		i--
	}
	return string(r[i:])
}

func currentClause(s string) string {
	r := []rune(s)
	i := len(r)
	for i > 0 && !strings.ContainsRune(clauseStops, r[i-1]) {
		i--
	}
	return string(r[i:])
}

func sentenceBefore(s string) string {
	r := []rune(s)
	i := len(r)
	for i > 0 && !strings.ContainsRune("。；！？\n", r[i-1]) {
		i--
	}
	return string(r[i:])
}

// plainTeacher reads 体育课专任教师 as the text says it, 体育课教师.
func plainTeacher(s string) string { return strings.ReplaceAll(s, "课专任教师", "课教师") }

var labelSuffixRE = regexp.MustCompile(`(总数|人数|数量|数|比例)$`)

// labelCore is a row label as the text would say it: 教职工总数 → 教职工,
// 在校生总满意度 → 在校生满意度.
func labelCore(label string) string {
	label = labelSuffixRE.ReplaceAllString(plainTeacher(label), "")
	return strings.ReplaceAll(label, "总", "")
}

// unitFamily groups units that count the same kind of thing.
func unitFamily(u string) string {
	switch u {
	case "人", "名", "人次", "位":
		return "人"
	case "%", "％", "个百分点":
		return "%"
	case ":", "：", ":1", "：1":
		return ":"
	}
	return u
}

func unitsCompatible(text, cell string) bool {
	a, b := unitFamily(text), unitFamily(cell)
	switch {
	case a == "" || b == "":
		return a != "%" && b != "%" && a != ":" && b != ":"
	case a == b:
		return true
	case a == "个":
		return b != "人" && b != "%" && b != ":" && b != "元" && b != "万元" && b != "所"
	case b == "个":
		return a != "人" && a != "%" && a != ":" && a != "元" && a != "万元" && a != "所"
	}
	return false
}

// cellUnit is unitOf, or 人 for a count of people whose unit the sheet does not say.
func cellUnit(g *grid, c *gridCell) string {
	if u := g.unitOf(c); u != "" {
		return u
	}
	row := g.rows[c.row]
	for _, w := range []string{"招生", "在校生", "毕业生", "教师", "教职工", "学生", "选手", "班主任", "人数", "升学", "就业"} {
		if strings.Contains(row.label+g.colName(c)+g.colGroup(c), w) {
			return "人"
		}
	}
	return ""
}

var totalLabels = map[string]bool{"合计": true, "总计": true, "小计": true, "全市": true}

// identity is what names a cell in the text: its row label, or its column header when
// the rows are years (学生规模 by year), or its caption for a 合计 row.
func (g *grid) identity(c *gridCell) (string, bool) {
	row := g.rows[c.row]
	if yearHeadRE.MatchString(row.label) {
		return g.colName(c), false
	}
	if totalLabels[row.label] {
		return g.caption, true
	}
	return row.label, false
}

// sharesRun says whether a and b have a common run of n characters (Han text).
func sharesRun(a, b string, n int) bool {
	ra := []rune(strings.Join(strings.Fields(a), ""))
	for i := 0; i+n <= len(ra); i++ {
		if strings.Contains(b, string(ra[i:i+n])) {
			return true
		}
	}
	return false
}

// candidate is a data cell a typed figure may stand for.
type candidate struct {
	g      *grid
	c      *gridCell
	value  float64
	shown  string
	strong bool // the cell's own name stands in the clause
	score  int
	delta  bool
	expr   string
}

// equalAt says whether the data value prints as the text's number at the text's
// precision (91 = 91.00, 2.9 = 2.90, 92 ≈ 92.34 is not: 92.34 prints 92).
func equalAt(text string, v float64) bool {
	t, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return false
	}
	d := decimalsOf(text)
	return math.Abs(roundTo(math.Abs(v), d)-t) < 1e-9 && math.Abs(math.Abs(v)-t) < math.Pow(10, -float64(d))/2+1e-9
}

var yearRE = regexp.MustCompile(`(\d{4})年`)

// figureYear is the year a typed figure is about: the report's year unless its sentence
// says 上年 or names another year.
func figureYear(sentence string, year int) int {
	best := year
	for _, m := range yearRE.FindAllStringSubmatch(sentence, -1) {
		y, _ := strconv.Atoi(m[1])
		if y >= year-5 && y <= year {
			best = y
		}
	}
	return best
}

// cellWords memoises the indicator words of the data cells for one audit: every typed
// figure is compared with every cell, and a cell's words depend on the cell alone.
type cellWords map[cellWordsKey]wordSet

type cellWordsKey struct {
	c     *gridCell
	delta bool
}

// of is the set of indicator words of cell c (its row label, group, and, unless it is
// a change, its column header and group; for a 合计 row without any, its caption's).
func (m cellWords) of(g *grid, c *gridCell, delta bool) wordSet {
	k := cellWordsKey{c, delta}
	if s, ok := m[k]; ok {
		return s
	}
	row := g.rows[c.row]
	text := row.group + row.label
	if !delta {
		text += g.colName(c) + g.colGroup(c)
	}
	cw := indicators.in(plainTeacher(text))
	if _, isCaption := g.identity(c); cw.empty() && isCaption {
		cw = indicators.in(g.caption) // 合计 of a table by year: the caption says what
	}
	m[k] = cw
	return cw
}

// candidates lists the data cells a typed figure may stand for, best first.
func (r *Report) candidates(f Figure, sentence string, sheets []string, memo cellWords) []candidate {
	words := indicators.in(f.Context)
	if words.empty() {
		return nil
	}
	year := figureYear(sentence, r.Meta.Year)
	window := strings.ReplaceAll(f.Context, "总", "")
	var out []candidate
	sentenceWords := indicators.in(sentence)
	flat := strings.ReplaceAll(strings.Join(strings.Fields(sentence), ""), "总", "")
	// The words of the clause and of the text since the number before: a cell that does
	// not have them all is no strong match.
	named := indicators.in(f.Clause).union(indicators.in(f.Since))
	consider := func(g *grid, c *gridCell, v float64, shown string, delta bool, expr string) {
		cw := memo.of(g, c, delta)
		if cw.empty() || !cw.subsetOf(words) {
			return
		}
		id, isCaption := g.identity(c)
		if !unitsCompatible(f.Unit, cellUnit(g, c)) {
			return
		}
		if y := g.year(c); y != 0 && !delta && y != year {
			return
		}
		// The cell's own name must be in the sentence: its row label (or the words it is
		// made of), or for a 合计 row a run of its caption.
		core := labelCore(id)
		if isCaption {
			if !sharesRun(id, sentence, 4) {
				return
			}
		} else if !strings.Contains(flat, core) {
			iw := indicators.in(id)
			if iw.empty() || !iw.subsetOf(sentenceWords) {
				return
			}
		}
		// Strong evidence, for a warning: the name stands right before the number and
		// neither the clause nor the text since the number before names anything the
		// cell does not.
		strong := false
		if isCaption {
			strong = sharesRun(id, window, 4) && delta
		} else if len([]rune(core)) >= 2 {
			clause := strings.ReplaceAll(f.Clause, "总", "")
			if delta {
				clause = window
			}
			if i := strings.LastIndex(clause, core); i >= 0 && (delta || len([]rune(clause[i+len(core):])) <= 3) {
				strong = true
			}
		}
		if !named.subsetOf(cw) {
			strong = false
		}
		out = append(out, candidate{g: g, c: c, value: v, shown: shown, strong: strong, score: cw.count()*10 + btoi(strong)*5, delta: delta, expr: expr})
	}
	for _, sheet := range sheets {
		g := r.grids[sheet]
		if g.example {
			continue // 示例数据 is not data
		}
		for ri, row := range g.rows {
			if !f.Delta {
				for _, c := range row.cells {
					if c.numeric && c.col >= 0 && !isDeltaHeader(g.colName(c)) {
						consider(g, c, c.value, c.text, false, "")
					}
				}
				continue
			}
			// Changes: a 增幅 column, a derived column, or this year minus last year.
			for _, c := range row.cells {
				if c.numeric && isDeltaHeader(g.colName(c)) {
					consider(g, c, c.value, c.text, true, "")
				}
			}
			for _, name := range g.vorder {
				if c := g.virtual[name][ri]; c != nil {
					consider(g, c, c.value, c.text, true, c.expr)
				}
			}
			for _, name := range g.vrorder {
				for _, c := range g.vrows[name] {
					if c != nil && c.row == ri {
						consider(g, c, c.value, c.text, true, c.expr)
					}
				}
			}
			cur, prev := yearCell(g, row, year), yearCell(g, row, year-1)
			if cur != nil && prev != nil {
				d := cur.value - prev.value
				dec := max(cur.decimals, prev.decimals)
				consider(g, cur, d, formatNumber(d, dec), true, cur.text+" − "+prev.text)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b candidate) int { return b.score - a.score })
	return out
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isDeltaHeader(h string) bool {
	return h == "增幅" || h == "增减" || h == "增长" || h == "增加" || h == "减少"
}

func yearCell(g *grid, row gridRow, year int) *gridCell {
	for _, c := range row.cells {
		if c.numeric && c.col < len(g.cols) && g.cols[c.col] == strconv.Itoa(year)+"年" {
			return c
		}
	}
	return nil
}

// figureSheets is the order in which data is searched: the 数值 sheet, then the
// workbooks' sheets by file and sheet name, so that suggestions are stable.
func (r *Report) figureSheets() []string {
	var out []string
	for _, s := range sortedKeys(r.grids) {
		if s != ValuesSheet {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return strings.Compare(r.grids[a].file, r.grids[b].file) })
	if r.grids[ValuesSheet] != nil {
		out = append([]string{ValuesSheet}, out...)
	}
	return out
}

// schoolNames are the names in the tables' school columns (学校, 学校名称, 单位名称 …),
// without their bracketed second names.
func (r *Report) schoolNames() []string {
	seen := map[string]bool{}
	var out []string
	for _, label := range sortedKeys(r.Tables) {
		t := r.Tables[label]
		g := r.grids[t.Pos.Sheet]
		if g == nil {
			continue
		}
		for ci, h := range g.cols {
			if !strings.Contains(h, "学校") && !strings.Contains(h, "单位名称") {
				continue
			}
			for _, row := range t.Rows[t.HeaderRows:] {
				name, _, _ := strings.Cut(normLabel(row[ci].Text), "（")
				if len([]rune(name)) >= 4 && !seen[name] {
					seen[name] = true
					out = append(out, name)
				}
			}
		}
	}
	return out
}

// auditFigures finds the figures of the text, records the bound ones, suggests
// bindings for typed ones that equal a data cell, and warns where a typed figure
// contradicts the cell its clause names.
func (r *Report) auditFigures() {
	sheets := r.figureSheets()
	schools := r.schoolNames()
	memo := cellWords{}
	para := func(b *Block, inCase bool) {
		var text strings.Builder
		var typedRanges [][2]int
		for _, s := range b.Inlines {
			switch s.Kind {
			case IRef:
				text.WriteString("§")
			case IValue:
				if _, err := strconv.ParseFloat(s.Text, 64); err == nil {
					r.Audit.Bound = append(r.Audit.Bound, Figure{Pos: s.Pos, Text: s.Text, Ref: s.Label})
				}
				text.WriteString(s.Text)
			default:
				typedRanges = append(typedRanges, [2]int{text.Len(), text.Len() + len(s.Text)})
				text.WriteString(s.Text)
			}
		}
		full := text.String()
		typed := func(i int) bool {
			for _, rg := range typedRanges {
				if i >= rg[0] && i < rg[1] {
					return true
				}
			}
			return false
		}
		idx := numberRE.FindAllStringIndex(full, -1)
		for _, f := range scanFigures(full, typed) {
			f.Pos, f.InCase = b.Pos, inCase
			// Find this figure's place again for its sentence.
			sentence := ""
			for _, m := range idx {
				if full[m[0]:m[1]] == f.Text && strings.HasSuffix(full[:m[0]], f.Context) {
					sentence = sentenceBefore(full[:m[0]])
					break
				}
			}
			r.Audit.Typed = append(r.Audit.Typed, f)
			if inCase {
				continue // a case is about its school: the city's data does not describe it
			}
			cands := r.candidates(f, sentence, sheets, memo)
			if len(cands) == 0 {
				continue
			}
			top := cands[0].score
			var agree *candidate
			for i := range cands { // the same sign first: 减少301 is 减少 = 301, not 增加 = −301
				if cands[i].score == top && equalAt(f.Text, cands[i].value) && (agree == nil || agree.value < 0 && cands[i].value >= 0) {
					agree = &cands[i]
				}
			}
			if agree != nil {
				m := Match{Figure: f, Cell: agree.c.pos, Name: agree.g.name(agree.c), Data: agree.shown}
				m.Bind = r.bindingFor(agree, f)
				r.Audit.Suggestions = append(r.Audit.Suggestions, m)
				continue
			}
			best := cands[0]
			if !best.strong || namesSchool(sentence, schools) {
				continue
			}
			m := Match{Figure: f, Cell: best.c.pos, Name: best.g.name(best.c), Data: best.shown}
			r.Audit.Contradictions = append(r.Audit.Contradictions, m)
			what := "数据中"
			if best.delta {
				what = "数据算得的变化"
			}
			r.Warnings.Add(f.Pos, "正文数字 %s%s（“%s”）与%s %s = %s 不一致（%s）", f.Text, f.Unit, f.Context, what, best.g.name(best.c), best.shown, best.c.pos)
		}
	}
	var walk func(bs []*Block, inCase bool)
	walk = func(bs []*Block, inCase bool) {
		for _, b := range bs {
			switch b.Kind {
			case BParagraph:
				para(b, inCase)
			case BCase:
				walk(b.Body, true)
			}
		}
	}
	walk(r.Preface, false)
	for _, ch := range r.Chapters {
		walk(ch.Blocks, false)
	}
}

func namesSchool(sentence string, schools []string) bool {
	for _, s := range schools {
		if strings.Contains(sentence, s) {
			return true
		}
	}
	return false
}

// bindingFor is the reference a suggestion proposes: a 数值 name, else 工作表!列:行 when
// that names one cell, else the cell address; with “|N” when the text prints fewer
// decimals than the cell.
func (r *Report) bindingFor(c *candidate, f Figure) string {
	g := c.g
	var ref string
	row := g.rows[c.c.row]
	switch {
	case g.sheet == ValuesSheet:
		ref = row.label
	case c.delta && c.c.computed && c.c.col < 0:
		for _, name := range g.vorder {
			if g.virtual[name][c.c.row] == c.c {
				ref = g.sheet + "!" + name + ":" + row.label
			}
		}
	case c.delta && c.c.computed:
		for _, name := range g.vrorder {
			if g.vrows[name][c.c.col] == c.c {
				ref = g.sheet + "!" + g.colName(c.c) + ":" + name
			}
		}
	case c.delta && !isDeltaHeader(g.colName(c.c)):
		return "" // a change with no column to bind: declare one in 派生
	default:
		ref = g.sheet + "!" + c.c.pos.Cell
		if col := g.colName(c.c); col != "" {
			if cc, err := g.lookup(col, row.label); err == nil && cc == c.c {
				ref = g.sheet + "!" + col + ":" + row.label
			}
		}
	}
	if ref == "" {
		return ""
	}
	if d := decimalsOf(f.Text); d < c.c.decimals {
		ref += "|" + strconv.Itoa(d)
	}
	return "[=" + ref + "]"
}
