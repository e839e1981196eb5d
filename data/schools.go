package data

import (
	"fmt"
	"sort"
	"strings"
)

// schoolHeaders are the column headings of a table that lists schools by name.
var schoolHeaders = map[string]bool{"学校": true, "学校名称": true, "学校全称": true}

// Schools returns the school names a report knows, sorted: the 学校 column of its
// school list (the first table in text order with a column headed 学校, 学校名称 or
// 学校全称, 表1-1 in the example) and the 学校： line of every case box.
func (r *Report) Schools() []string {
	seen := map[string]bool{}
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			seen[s] = true
		}
	}
	listed := false
	var visit func(bs []*Block)
	visit = func(bs []*Block) {
		for _, b := range bs {
			switch b.Kind {
			case BCase:
				add(b.School)
			case BTable:
				if t := r.Tables[b.Label]; t != nil && !listed && t.HeaderRows > 0 {
					for ci, h := range t.Rows[0] {
						if !schoolHeaders[strings.TrimSpace(h.Text)] {
							continue
						}
						listed = true
						for _, row := range t.Rows[t.HeaderRows:] {
							if ci < len(row) && !row[ci].Covered {
								add(row[ci].Text)
							}
						}
					}
				}
			}
			visit(b.Body)
		}
	}
	for _, ch := range r.Chapters {
		visit(ch.Blocks)
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// MatchSchool finds the one school a user means by name among the report's Schools: the
// name itself, or else the single school whose name contains it (a short name such as
// 醴陵 or 轨道交通). No match, or several, is an error that lists the candidates.
func (r *Report) MatchSchool(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", fmt.Errorf("学校名称是空的")
	}
	all := r.Schools()
	var hits []string
	for _, s := range all {
		if s == name {
			return s, nil
		}
		if strings.Contains(s, name) {
			hits = append(hits, s)
		}
	}
	switch {
	case len(hits) == 1:
		return hits[0], nil
	case len(hits) > 1:
		return "", fmt.Errorf("学校名称 “%s” 对应多所学校：%s；请写出全称", name, strings.Join(hits, "、"))
	case len(all) == 0:
		return "", fmt.Errorf("城市报告里没有学校名单（没有“学校”列的表格，也没有署名学校的案例），找不到 “%s”", name)
	}
	return "", fmt.Errorf("城市报告里没有名为 “%s” 的学校；已知的学校有：%s", name, strings.Join(all, "、"))
}
