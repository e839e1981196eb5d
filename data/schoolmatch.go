package data

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// SchoolList returns the schools of the city's school list in its row order: the 学校
// column of the first table in text order with a column headed 学校, 学校名称 or
// 学校全称 (表1-1 in the example). Unlike Schools it leaves out the case boxes' names.
func (r *Report) SchoolList() []string {
	var out []string
	seen := map[string]bool{}
	var found bool
	var visit func(bs []*Block)
	visit = func(bs []*Block) {
		for _, b := range bs {
			if found {
				return
			}
			if b.Kind != BTable {
				visit(b.Body)
				continue
			}
			t := r.Tables[b.Label]
			if t == nil || t.HeaderRows == 0 {
				continue
			}
			for ci, h := range t.Rows[0] {
				if !schoolHeaders[strings.TrimSpace(h.Text)] {
					continue
				}
				found = true
				for _, row := range t.Rows[t.HeaderRows:] {
					if ci < len(row) && !row[ci].Covered {
						if s := strings.TrimSpace(row[ci].Text); s != "" && !seen[s] {
							seen[s] = true
							out = append(out, s)
						}
					}
				}
				break
			}
		}
	}
	for _, ch := range r.Chapters {
		visit(ch.Blocks)
	}
	return out
}

// schoolMatcher finds which schools of a list a text names, by each school's full name
// and the short names a table or case uses: the name without its parenthesis
// (湖南省商业职业中等专业学校 for 湖南省商业职业中等专业学校（湖南省商业技师学院）) and
// the name in the parenthesis when it is a school's (湖南省商业技师学院, 攸县职业中专;
// “原…” former names without the 原).
type schoolMatcher struct {
	names   []string
	aliases [][]string
}

func newSchoolMatcher(list []string) *schoolMatcher {
	m := &schoolMatcher{names: list}
	for _, full := range list {
		n := normParens(full)
		as := []string{n}
		if open := strings.Index(n, "（"); open > 0 {
			base := strings.TrimSpace(n[:open])
			as = append(as, base)
			inner := strings.TrimSuffix(n[open+len("（"):], "）")
			if !strings.Contains(inner, "（") {
				inner = strings.TrimPrefix(strings.TrimSpace(inner), "原")
				for _, end := range []string{"学校", "学院", "中专", "中学"} {
					if strings.HasSuffix(inner, end) && utf8.RuneCountInString(inner) >= 4 {
						as = append(as, inner)
						break
					}
				}
			}
		}
		// Without the province: 茶陵县职业中等专业学校 for 湖南省茶陵县职业中等专业学校.
		for _, a := range as {
			if i := strings.Index(a, "省"); i > 0 && utf8.RuneCountInString(a[:i]) <= 3 && utf8.RuneCountInString(a[i+len("省"):]) >= 6 {
				as = append(as, a[i+len("省"):])
			}
		}
		m.aliases = append(m.aliases, as)
	}
	return m
}

func normParens(s string) string {
	return strings.NewReplacer("(", "（", ")", "）").Replace(strings.TrimSpace(s))
}

// match returns the indexes of the schools the text names. A school found only by a
// short name that is part of a longer name found for another school is not counted
// (the longer name wins).
func (m *schoolMatcher) match(text string) []int {
	text = normParens(text)
	if text == "" {
		return nil
	}
	best := make([]string, len(m.names))
	for i, as := range m.aliases {
		for _, a := range as {
			if len(a) > len(best[i]) && strings.Contains(text, a) {
				best[i] = a
			}
		}
	}
	var out []int
	for i, a := range best {
		if a == "" {
			continue
		}
		shadowed := false
		for j, b := range best {
			if j != i && len(b) > len(a) && strings.Contains(b, a) {
				shadowed = true
			}
		}
		if !shadowed {
			out = append(out, i)
		}
	}
	return out
}

func (m *schoolMatcher) index(name string) int {
	for i, n := range m.names {
		if n == name {
			return i
		}
	}
	return -1
}

// isSchoolColumn reports whether a table column's heading says it holds school names:
// 学校, 学校名称, 学校全称, 中职学校, 参赛学校, 单位名称 (not 学校指导师, 学校类型).
func isSchoolColumn(h string) bool {
	h = strings.TrimSpace(h)
	return strings.HasSuffix(h, "学校") || strings.HasSuffix(h, "学校名称") || strings.HasSuffix(h, "学校全称") || h == "单位名称"
}

// schoolColumns returns the columns of t that hold school names.
func schoolColumns(t *Table) []int {
	if t.HeaderRows == 0 {
		return nil
	}
	var cols []int
	for ci, h := range t.Rows[0] {
		if !h.Covered && isSchoolColumn(h.Text) {
			cols = append(cols, ci)
		}
	}
	return cols
}

// cellText is the text of cell (ri, ci), or of the merged cell that covers it.
func cellText(t *Table, ri, ci int) (string, *Cell) {
	if ci >= len(t.Rows[ri]) {
		return "", nil
	}
	c := t.Rows[ri][ci]
	if c.Covered {
		if rr, cc, ok := t.Covering(ri, ci); ok {
			c = t.Rows[rr][cc]
		}
	}
	return strings.TrimSpace(c.Text), c
}

// rowSchools returns the schools a table row names: those named in its school columns,
// or, in a table without one, in any cell.
func (m *schoolMatcher) rowSchools(t *Table, ri int) []int {
	cols := schoolColumns(t)
	if len(cols) == 0 {
		for ci := range t.Rows[ri] {
			cols = append(cols, ci)
		}
	}
	seen := map[int]bool{}
	var out []int
	for _, ci := range cols {
		s, _ := cellText(t, ri, ci)
		for _, i := range m.match(s) {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	return out
}

// UnmatchedSchools lists, at their places, the school names of the city report that
// match no school of its school list: a table's school-column cell (学校, 学校名称,
// 中职学校, 参赛学校, 单位名称…) and a case box's 学校： line. Their rows and cases go
// into no school's draft.
func (r *Report) UnmatchedSchools() ErrorList {
	list := r.SchoolList()
	m := newSchoolMatcher(list)
	var out ErrorList
	for _, label := range sortedKeys(r.Tables) {
		t := r.Tables[label]
		for _, ci := range schoolColumns(t) {
			for ri := t.HeaderRows; ri < len(t.Rows); ri++ {
				if t.Rows[ri][ci].Covered {
					continue
				}
				s, c := cellText(t, ri, ci)
				if s != "" && len(m.match(s)) == 0 {
					out.Add(c.Pos, "表格 “%s” 的 “%s” 不在学校名单中，这一行不进任何学校的草稿", label, s)
				}
			}
		}
	}
	var visit func(bs []*Block)
	visit = func(bs []*Block) {
		for _, b := range bs {
			if b.Kind == BCase && b.School != "" && len(m.match(b.School)) == 0 {
				out.Add(b.Pos, "案例 “%s” 的学校 “%s” 不在学校名单中，这个案例不进任何学校的草稿", b.Label, b.School)
			}
			visit(b.Body)
		}
	}
	for _, ch := range r.Chapters {
		visit(ch.Blocks)
	}
	out.Sort()
	return out
}

// SchoolDraftResult is one school's draft written by DraftAll.
type SchoolDraftResult struct {
	School  string // full name, as on the school list
	Dir     string // its folder
	Summary DraftSummary
}

// DraftFolderName is the folder name of a school's draft: its full name, with the
// characters a file system refuses replaced by “_”.
func DraftFolderName(school string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, strings.TrimSpace(school))
	if name == "" || name == "." || name == ".." {
		name = "_"
	}
	return name
}

// DraftAll writes one school draft (SchoolDraft) per school of the city's school list
// into outDir, each in a folder named by the school. outDir must be new or empty; a
// report without a school list is an error.
func DraftAll(r *Report, outDir string) ([]SchoolDraftResult, error) {
	list := r.SchoolList()
	if len(list) == 0 {
		return nil, fmt.Errorf("城市报告里没有学校名单（没有 “学校”“学校名称” 或 “学校全称” 列的表格），无法为各校生成草稿")
	}
	if err := emptyTarget(outDir); err != nil {
		return nil, err
	}
	seen := map[string]string{}
	for _, s := range list {
		n := DraftFolderName(s)
		if prev, dup := seen[n]; dup {
			return nil, fmt.Errorf("学校 “%s” 和 “%s” 的草稿目录同名（%s）", prev, s, n)
		}
		seen[n] = s
	}
	var out []SchoolDraftResult
	for _, s := range list {
		dir := filepath.Join(outDir, DraftFolderName(s))
		sum, err := SchoolDraft(r, s, dir)
		if err != nil {
			return out, fmt.Errorf("%s：%w", s, err)
		}
		out = append(out, SchoolDraftResult{School: s, Dir: dir, Summary: sum})
	}
	return out, nil
}

// RowSchools returns the schools of the school list that row ri of t names (in its
// school columns, or in any cell of a table without one), by full or short name.
func (r *Report) RowSchools(list []string, t *Table, ri int) []string {
	m := newSchoolMatcher(list)
	var out []string
	for _, i := range m.rowSchools(t, ri) {
		out = append(out, list[i])
	}
	return out
}

// NamedSchools returns the schools of the list that a text (a case's 学校： line) names.
func NamedSchools(list []string, text string) []string {
	m := newSchoolMatcher(list)
	var out []string
	for _, i := range m.match(text) {
		out = append(out, list[i])
	}
	return out
}
