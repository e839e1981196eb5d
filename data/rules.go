package data

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"gopkg.in/yaml.v3"
)

// Rules declared once in report.yaml, checked on every run:
//
//	rules:
//	  - equal: [tab-satisfaction, tab-a-satisfaction]        # two tables, like 核对
//	  - equal: [学生规模!2024年:在校生数, 落实政策!2024年:全日制在校生人数]
//	  - sum: {total: 教师培训!B5, parts: [教师培训!B2:B4]}
//	  - range: {cells: 满意度调查!C2:D12, min: 0, max: 100}
//	  - count: 落实政策!C2:D12                                  # whole and not negative
//	  - yoy: {table: 落实政策, max: 50}                          # against ../2023 when it exists
//	  - schools: {table: 落实政策, dir: schools}                 # city = sum of the school reports
//
// A cell is “工作表!D5” or “工作表!列:行”; a range is “工作表!C2:D12”; a table is its 清单
// label. Every rule that fails is a warning naming both places; every rule run is in
// the audit.

// RuleResult is one rule as run, for the audit.
type RuleResult struct {
	Pos     Pos
	Kind    string
	What    string // the rule as declared
	Checked int    // comparisons made
	Failed  int
	NotRun  string // why the rule could not run (no last-year folder)
}

type yamlRule struct {
	Equal []string `yaml:"equal"`
	Sum   *struct {
		Total string   `yaml:"total"`
		Parts []string `yaml:"parts"`
	} `yaml:"sum"`
	Range *struct {
		Cells string   `yaml:"cells"`
		Min   *float64 `yaml:"min"`
		Max   *float64 `yaml:"max"`
	} `yaml:"range"`
	Count string `yaml:"count"`
	YoY   *struct {
		Table string  `yaml:"table"`
		Max   float64 `yaml:"max"`
	} `yaml:"yoy"`
	Schools *struct {
		Table string `yaml:"table"`
		Dir   string `yaml:"dir"`
	} `yaml:"schools"`
	Why string `yaml:"why"`
}

var a1RE = regexp.MustCompile(`^[A-Z]{1,3}[0-9]+$`)

// ruleCell is one cell a rule reads.
type ruleCell struct {
	g *grid
	c *gridCell
}

func (rc ruleCell) where() string {
	return fmt.Sprintf("%s（%s）= %s", rc.c.pos, rc.g.name(rc.c), rc.c.text)
}

// cells resolves a cell, a range or “列:行”.
func (r *Report) ruleCells(ref string) ([]ruleCell, error) {
	sheet, rest, ok := strings.Cut(strings.TrimSpace(ref), "!")
	if !ok {
		return nil, fmt.Errorf("“%s” 应为 工作表!单元格、工作表!C2:D12 或 工作表!列:行", ref)
	}
	g := r.grids[sheet]
	if g == nil {
		return nil, fmt.Errorf("工作表 “%s” 不是清单中的表格或图表，也不是数值工作表", sheet)
	}
	a, b, isPair := strings.Cut(rest, ":")
	switch {
	case a1RE.MatchString(rest):
		c := g.cellAt(rest)
		if c == nil {
			return nil, fmt.Errorf("%s!%s 不在表格的数据行里", sheet, rest)
		}
		return []ruleCell{{g, c}}, nil
	case isPair && a1RE.MatchString(a) && a1RE.MatchString(b):
		c1, r1, _ := excelize.CellNameToCoordinates(a)
		c2, r2, _ := excelize.CellNameToCoordinates(b)
		var out []ruleCell
		for _, row := range g.rows {
			for _, c := range row.cells {
				cc, rr, err := excelize.CellNameToCoordinates(c.pos.Cell)
				if err == nil && cc >= c1 && cc <= c2 && rr >= r1 && rr <= r2 {
					out = append(out, ruleCell{g, c})
				}
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%s 里没有数据单元格", ref)
		}
		return out, nil
	case isPair:
		c, err := g.lookup(a, b)
		if err != nil {
			return nil, err
		}
		return []ruleCell{{g, c}}, nil
	}
	return nil, fmt.Errorf("“%s” 应为 工作表!单元格、工作表!C2:D12 或 工作表!列:行", ref)
}

// runRules decodes and runs the rules of report.yaml.
func (r *Report) runRules(nodes []yaml.Node, errs *ErrorList) {
	for i := range nodes {
		n := &nodes[i]
		pos := Pos{File: "report.yaml", Line: n.Line}
		var y yamlRule
		if err := n.Decode(&y); err != nil {
			errs.Add(pos, "规则格式错误：%s", strings.TrimPrefix(err.Error(), "yaml: "))
			continue
		}
		kinds := 0
		for _, set := range []bool{y.Equal != nil, y.Sum != nil, y.Range != nil, y.Count != "", y.YoY != nil, y.Schools != nil} {
			if set {
				kinds++
			}
		}
		if kinds != 1 {
			errs.Add(pos, "每条规则应恰好是 equal、sum、range、count、yoy、schools 之一（这里有 %d 种）", kinds)
			continue
		}
		res := RuleResult{Pos: pos}
		switch {
		case y.Equal != nil:
			r.ruleEqual(y.Equal, &res, errs)
		case y.Sum != nil:
			r.ruleSum(y.Sum.Total, y.Sum.Parts, &res, errs)
		case y.Range != nil:
			res.Kind, res.What = "range", fmt.Sprintf("%s 在 %s–%s 之间", y.Range.Cells, fmtBound(y.Range.Min), fmtBound(y.Range.Max))
			r.ruleRange(y.Range.Cells, y.Range.Min, y.Range.Max, false, &res, errs)
		case y.Count != "":
			res.Kind, res.What = "count", y.Count+" 为非负整数"
			zero := 0.0
			r.ruleRange(y.Count, &zero, nil, true, &res, errs)
		case y.YoY != nil:
			r.ruleYoY(y.YoY.Table, y.YoY.Max, &res, errs)
		case y.Schools != nil:
			r.ruleSchools(y.Schools.Table, y.Schools.Dir, &res, errs)
		}
		if y.Why != "" {
			res.What += "（" + y.Why + "）"
		}
		r.Audit.Rules = append(r.Audit.Rules, res)
	}
}

func fmtBound(v *float64) string {
	if v == nil {
		return "∞"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func (r *Report) ruleEqual(refs []string, res *RuleResult, errs *ErrorList) {
	res.Kind, res.What = "equal", strings.Join(refs, " = ")
	if len(refs) != 2 {
		errs.Add(res.Pos, "equal 规则应列出两个位置，实际是 %d 个", len(refs))
		return
	}
	// Two tables: every shared year column, row by row, as 核对 does.
	if ta, tb := r.Tables[refs[0]], r.Tables[refs[1]]; ta != nil && tb != nil {
		before := len(r.Warnings)
		ga, gb := r.grids[ta.Pos.Sheet], r.grids[tb.Pos.Sheet]
		if len(ga.rows) != len(gb.rows) {
			r.Warnings.Add(ta.IndexPos, "规则 %s：两表数据行数不同（%d 行对 %d 行），无法逐行核对", res.What, len(ga.rows), len(gb.rows))
			res.Failed++
			return
		}
		for ci, h := range ga.cols {
			if yearHeadRE.FindStringSubmatch(h) == nil {
				continue
			}
			cols := gb.colIndex(h)
			if len(cols) != 1 {
				continue
			}
			for ri := range ga.rows {
				a, b := ga.rows[ri].cells[ci], gb.rows[ri].cells[cols[0]]
				if !a.numeric || !b.numeric {
					continue
				}
				res.Checked++
				if math.Abs(a.value-b.value) > 1e-9 {
					res.Failed++
					r.Warnings.Add(a.pos, "规则 %s：%s 与 %s 不相等", res.What, ruleCell{ga, a}.where(), ruleCell{gb, b}.where())
				}
			}
		}
		if res.Checked == 0 && len(r.Warnings) == before {
			r.Warnings.Add(ta.IndexPos, "规则 %s：两表没有可比的年份列", res.What)
			res.Failed++
		}
		return
	}
	a, err1 := r.ruleCells(refs[0])
	b, err2 := r.ruleCells(refs[1])
	for _, err := range []error{err1, err2} {
		if err != nil {
			errs.Add(res.Pos, "规则 %s：%v", res.What, err)
		}
	}
	if err1 != nil || err2 != nil {
		return
	}
	if len(a) != len(b) {
		errs.Add(res.Pos, "规则 %s：两边单元格个数不同（%d 对 %d）", res.What, len(a), len(b))
		return
	}
	for i := range a {
		res.Checked++
		if !a[i].c.numeric || !b[i].c.numeric || math.Abs(a[i].c.value-b[i].c.value) > 1e-9 {
			res.Failed++
			r.Warnings.Add(a[i].c.pos, "规则 %s：%s 与 %s 不相等", res.What, a[i].where(), b[i].where())
		}
	}
}

func (r *Report) ruleSum(total string, parts []string, res *RuleResult, errs *ErrorList) {
	res.Kind, res.What = "sum", total+" = "+strings.Join(parts, " + ")
	t, err := r.ruleCells(total)
	if err != nil || len(t) != 1 {
		if err == nil {
			err = fmt.Errorf("合计应是一个单元格")
		}
		errs.Add(res.Pos, "规则 %s：%v", res.What, err)
		return
	}
	sum, dec := 0.0, t[0].c.decimals
	var names []string
	for _, p := range parts {
		cells, err := r.ruleCells(p)
		if err != nil {
			errs.Add(res.Pos, "规则 %s：%v", res.What, err)
			return
		}
		for _, c := range cells {
			if c.c.numeric {
				sum += c.c.value
				dec = max(dec, c.c.decimals)
				names = append(names, c.c.pos.Cell)
			}
		}
	}
	res.Checked++
	if !t[0].c.numeric || math.Abs(roundTo(sum, dec)-t[0].c.value) > 1e-9 {
		res.Failed++
		r.Warnings.Add(t[0].c.pos, "规则 %s：合计 %s，而 %s 之和是 %s", res.What, t[0].where(), strings.Join(parts, "、"), formatNumber(sum, dec))
	}
}

func (r *Report) ruleRange(ref string, lo, hi *float64, whole bool, res *RuleResult, errs *ErrorList) {
	cells, err := r.ruleCells(ref)
	if err != nil {
		errs.Add(res.Pos, "规则 %s：%v", res.What, err)
		return
	}
	for _, c := range cells {
		if !c.c.numeric {
			continue
		}
		res.Checked++
		v := c.c.value
		bad := ""
		switch {
		case lo != nil && v < *lo:
			bad = "小于 " + fmtBound(lo)
		case hi != nil && v > *hi:
			bad = "大于 " + fmtBound(hi)
		case whole && v != math.Trunc(v):
			bad = "不是整数"
		}
		if bad != "" {
			res.Failed++
			r.Warnings.Add(c.c.pos, "规则 %s：%s %s", res.What, c.where(), bad)
		}
	}
}

// ruleYoY compares a table with the same sheet of last year's report (the folder beside
// this one named for the previous year): last year's figures must be the ones printed
// in this year's previous-year column, and with max > 0 no figure may change by more
// than max percent.
func (r *Report) ruleYoY(sheet string, maxPct float64, res *RuleResult, errs *ErrorList) {
	res.Kind, res.What = "yoy", sheet+" 与上年报告相比"
	if maxPct > 0 {
		res.What += fmt.Sprintf("，变化不超过 %s%%", strconv.FormatFloat(maxPct, 'f', -1, 64))
	}
	g := r.grids[sheet]
	if g == nil {
		errs.Add(res.Pos, "规则 %s：工作表 “%s” 不是清单中的表格", res.What, sheet)
		return
	}
	year := r.Meta.Year
	dir := filepath.Join(filepath.Dir(filepath.Clean(r.Dir)), strconv.Itoa(year-1))
	if _, err := os.Stat(filepath.Join(dir, "report.yaml")); err != nil {
		res.NotRun = "没有上年报告目录 " + dir
		return
	}
	// Last year's folder must say it is last year's report: then loading it (and its own
	// yoy rules) always goes back in time and ends.
	var head struct {
		Year int `yaml:"year"`
	}
	if raw, err := os.ReadFile(filepath.Join(dir, "report.yaml")); err != nil || yaml.Unmarshal(raw, &head) != nil || head.Year != year-1 {
		r.Warnings.Add(res.Pos, "规则 %s：%s 的 report.yaml 不是 %d 年的报告（year: %d）", res.What, dir, year-1, head.Year)
		res.Failed++
		return
	}
	// Several yoy rules read the same folder: it is loaded once. Its files are inputs
	// of this report too (a change there must rebuild this one).
	last, err := r.lastYear, r.lastYearErr
	if last == nil && err == nil {
		last, err = LoadWith(dir, r.opts)
		r.lastYear, r.lastYearErr = last, err
		if last == nil && err == nil {
			r.lastYearErr = fmt.Errorf("读不出")
		}
		if last != nil {
			for _, in := range last.Inputs() {
				if abs, err := filepath.Abs(in); err == nil {
					in = abs
				}
				r.extraInputs = append(r.extraInputs, in)
			}
		}
	}
	if last == nil || last.grids == nil {
		r.Warnings.Add(res.Pos, "规则 %s：上年报告 %s 读不出：%v", res.What, dir, err)
		res.Failed++
		return
	}
	lg := last.grids[sheet]
	if lg == nil {
		r.Warnings.Add(res.Pos, "规则 %s：上年报告 %s 没有工作表 “%s”", res.What, dir, sheet)
		res.Failed++
		return
	}
	prevHead := strconv.Itoa(year-1) + "年"
	for _, row := range g.rows {
		lrows := lg.rowIndex(row.label)
		if len(lrows) != 1 {
			continue
		}
		lrow := lg.rows[lrows[0]]
		mine, theirs := cellIn(g, row, prevHead), cellIn(lg, lrow, prevHead)
		if mine == nil || theirs == nil {
			continue
		}
		res.Checked++
		where := func(gg *grid, c *gridCell) string {
			return fmt.Sprintf("%s %s（%s）= %s", dir, c.pos, gg.name(c), c.text)
		}
		if math.Abs(mine.value-theirs.value) > 1e-9 {
			res.Failed++
			r.Warnings.Add(mine.pos, "规则 %s：%s 与上年报告 %s 不相等", res.What, ruleCell{g, mine}.where(), where(lg, theirs))
		}
		cur := cellIn(g, row, strconv.Itoa(year)+"年")
		if maxPct > 0 && cur != nil && theirs.value != 0 {
			if ch := math.Abs(cur.value-theirs.value) / math.Abs(theirs.value) * 100; ch > maxPct {
				res.Failed++
				r.Warnings.Add(cur.pos, "规则 %s：%s 比上年报告 %s 变化 %.1f%%", res.What, ruleCell{g, cur}.where(), where(lg, theirs), ch)
			}
		}
	}
}

func cellIn(g *grid, row gridRow, head string) *gridCell {
	for _, c := range row.cells {
		if c.numeric && c.col >= 0 && c.col < len(g.cols) && g.cols[c.col] == head {
			return c
		}
	}
	return nil
}

// ruleSchools checks that the city's table is the sum of its schools' reports: every
// report folder under dir (relative to the report) that has a sheet of the same name
// gives its cells by row label and column; a city cell is compared where every school
// gives a number. Rows counted in %, ‰ or as a ratio are not sums and are skipped.
func (r *Report) ruleSchools(sheet, dir string, res *RuleResult, errs *ErrorList) {
	res.Kind, res.What = "schools", sheet+" = 各校报告（"+dir+"）之和"
	g := r.grids[sheet]
	if g == nil {
		errs.Add(res.Pos, "规则 %s：工作表 “%s” 不是清单中的表格", res.What, sheet)
		return
	}
	root := filepath.Join(r.Dir, dir)
	entries, err := os.ReadDir(root)
	if err != nil {
		res.NotRun = "没有学校数据目录 " + root
		return
	}
	type school struct {
		dir string
		g   *grid
	}
	var schools []school
	for _, e := range entries {
		sub := filepath.Join(root, e.Name())
		if _, err := os.Stat(filepath.Join(sub, "report.yaml")); !e.IsDir() || err != nil {
			continue
		}
		s, err := LoadWith(sub, r.opts)
		if s == nil || s.grids == nil {
			r.Warnings.Add(res.Pos, "规则 %s：学校报告 %s 读不出：%v", res.What, sub, err)
			res.Failed++
			continue
		}
		if sg := s.grids[sheet]; sg != nil {
			schools = append(schools, school{sub, sg})
		}
	}
	if len(schools) == 0 {
		res.NotRun = "目录 " + root + " 里没有含工作表 “" + sheet + "” 的学校报告"
		return
	}
	for _, row := range g.rows {
		if u := unitFamily(row.unit); u == "%" || u == ":" || u == "‰" {
			continue
		}
		for _, c := range row.cells {
			if !c.numeric || c.col < 0 || yearHeadRE.FindStringSubmatch(g.colName(c)) == nil {
				continue
			}
			sum, dec, all := 0.0, c.decimals, true
			var parts []string
			for _, s := range schools {
				sc, err := s.g.lookup(g.colName(c), row.label)
				if err != nil || !sc.numeric {
					all = false
					break
				}
				sum += sc.value
				dec = max(dec, sc.decimals)
				parts = append(parts, filepath.Base(s.dir)+" "+sc.pos.Cell+"="+sc.text)
			}
			if !all {
				continue
			}
			res.Checked++
			if math.Abs(roundTo(sum, dec)-roundTo(c.value, dec)) > 1e-9 {
				res.Failed++
				r.Warnings.Add(c.pos, "规则 %s：%s，而各校之和是 %s（%s）", res.What, ruleCell{g, c}.where(), formatNumber(sum, dec), strings.Join(parts, "，"))
			}
		}
	}
}
