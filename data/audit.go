package data

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Audit is what a bureau can attach to the signed edition: the figures of the text that
// are bound to the data, the derived values, the rules run and the warnings accepted,
// each with its reason.
type Audit struct {
	Bound          []Figure       // figures of the text printed from the data
	Typed          []Figure       // figures of the text typed by hand
	Suggestions    []Match        // typed figures equal to a data cell: bind them
	Contradictions []Match        // typed figures that differ from the cell their clause names
	Derived        []DerivedValue // computed cells
	Rules          []RuleResult
	Accepted       []Accepted
}

// Acceptance is one entry of report.yaml's accept list: the place of a warning, an
// optional text the warning must contain (when one place has several), the reason and
// who accepted it.
type Acceptance struct {
	At     string `yaml:"at"`
	What   string `yaml:"what"`
	Reason string `yaml:"reason"`
	By     string `yaml:"by"`
	Pos    Pos    `yaml:"-"`
}

// Accepted is a warning that report.yaml accepts, with the reason.
type Accepted struct {
	Warning *Error
	Reason  string
	By      string
}

// BoundShare is the share of the text's figures that are printed from the data.
func (a *Audit) BoundShare() float64 {
	n := len(a.Bound) + len(a.Typed)
	if n == 0 {
		return 0
	}
	return float64(len(a.Bound)) / float64(n)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// acceptWarnings moves the warnings that report.yaml accepts to the audit. An entry
// without a reason or a name is an error; an entry that matches no warning is itself a
// warning, so that acceptances cannot outlive what they accepted.
func (r *Report) acceptWarnings(nodes []yaml.Node, errs *ErrorList) {
	var list []Acceptance
	for i := range nodes {
		n := &nodes[i]
		pos := Pos{File: "report.yaml", Line: n.Line}
		var a Acceptance
		if err := n.Decode(&a); err != nil {
			errs.Add(pos, "accept 项格式错误：%s（应为 {at: 位置, reason: 理由, by: 接受人}）", strings.TrimPrefix(err.Error(), "yaml: "))
			continue
		}
		a.Pos = pos
		a.At = strings.TrimSpace(a.At)
		switch {
		case a.At == "":
			errs.Add(pos, "accept 项缺少 at（警告的位置，如 “workbooks/正文数据.xlsx 满意度比较!D2” 或 “chapters/02.md:161”）")
			continue
		case strings.TrimSpace(a.Reason) == "":
			errs.Add(pos, "accept 项 “%s” 缺少 reason：接受一个警告必须写明理由", a.At)
			continue
		case strings.TrimSpace(a.By) == "":
			errs.Add(pos, "accept 项 “%s” 缺少 by：写明由谁接受", a.At)
			continue
		}
		list = append(list, a)
	}
	used := make([]bool, len(list))
	var kept ErrorList
	for _, w := range r.Warnings {
		// Of the entries at the warning's place, the one whose text comes first in the
		// message: “19.44%” before the “81.57%” quoted in its context.
		at := w.Pos.String()
		best, bestAt := -1, 0
		for i, a := range list {
			if a.At != at {
				continue
			}
			k := 0
			if a.What != "" {
				if k = strings.Index(w.Msg, a.What); k < 0 {
					continue
				}
			}
			if best < 0 || k < bestAt {
				best, bestAt = i, k
			}
		}
		if best < 0 {
			kept = append(kept, w)
			continue
		}
		used[best] = true
		r.Audit.Accepted = append(r.Audit.Accepted, Accepted{Warning: w, Reason: list[best].Reason, By: list[best].By})
	}
	for i, a := range list {
		if !used[i] {
			what := ""
			if a.What != "" {
				what = "（含 “" + a.What + "”）"
			}
			kept.Add(a.Pos, "accept 项 “%s”%s 没有对应的警告：问题已改正或位置已变，请删去或改正这一项", a.At, what)
		}
	}
	r.Warnings = kept
}

// Listing is the audit as text, for `reportc check -audit`.
func (r *Report) Listing() string {
	a := &r.Audit
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("审核清单：%s%s", r.Meta.Title, r.Meta.Subtitle)
	p("")
	n := len(a.Bound) + len(a.Typed)
	inCase := 0
	for _, f := range a.Typed {
		if f.InCase {
			inCase++
		}
	}
	p("一、正文数字：共 %d 个，绑定数据 %d 个（%.1f%%），手工录入 %d 个（其中案例中 %d 个）", n, len(a.Bound), a.BoundShare()*100, len(a.Typed), inCase)
	for _, f := range a.Bound {
		p("  %s  %s  ← [=%s]", f.Pos, f.Text, f.Ref)
	}
	p("")
	p("二、派生值：%d 个", len(a.Derived))
	for _, d := range a.Derived {
		switch {
		case d.Typed == "":
			p("  %s  %s = %s = %s（由 reportc 计算填入）", d.Pos, d.Name, d.Expr, d.Computed)
		case d.Agrees:
			p("  %s  %s = %s = %s，与表中一致", d.Pos, d.Name, d.Expr, d.Computed)
		default:
			p("  %s  %s = %s = %s，表中为 %s（不符）", d.Pos, d.Name, d.Expr, d.Computed, d.Typed)
		}
	}
	p("")
	failed := 0
	for _, x := range a.Rules {
		if x.Failed > 0 {
			failed++
		}
	}
	p("三、规则：%d 条，通过 %d 条，未通过 %d 条", len(a.Rules), len(a.Rules)-failed, failed)
	for _, x := range a.Rules {
		switch {
		case x.NotRun != "":
			p("  %s  %s：未运行（%s）", x.Pos, x.What, x.NotRun)
		case x.Failed > 0:
			p("  %s  %s：核对 %d 处，不符 %d 处", x.Pos, x.What, x.Checked, x.Failed)
		default:
			p("  %s  %s：核对 %d 处，全部相符", x.Pos, x.What, x.Checked)
		}
	}
	p("")
	p("四、手工录入的数字与数据比对：可绑定 %d 个，与数据不符 %d 个", len(a.Suggestions), len(a.Contradictions))
	for _, m := range a.Suggestions {
		bind := m.Bind
		if bind == "" {
			bind = "（无可直接引用的单元格，可在清单“派生”列声明）"
		}
		p("  %s  %s%s 等于 %s = %s，建议写作 %s", m.Pos, m.Text, m.Unit, m.Name, m.Data, bind)
	}
	for _, m := range a.Contradictions {
		p("  %s  %s%s 与 %s = %s 不符（%s）", m.Pos, m.Text, m.Unit, m.Name, m.Data, m.Cell)
	}
	p("")
	p("五、已接受的警告：%d 个", len(a.Accepted))
	for _, x := range a.Accepted {
		p("  %s  %s", x.Warning.Pos, x.Warning.Msg)
		p("      理由：%s（%s）", x.Reason, x.By)
	}
	if len(r.Warnings) > 0 {
		p("")
		p("六、未接受的警告：%d 个（正式版须改正或在 report.yaml 的 accept 中说明理由）", len(r.Warnings))
		for _, w := range r.Warnings {
			p("  %s", w)
		}
	}
	return b.String()
}

// Hint is a suggestion as check prints it.
func (m Match) Hint() string {
	bind := m.Bind
	if bind == "" {
		bind = "（先在清单“派生”列声明这个变化值）"
	}
	return fmt.Sprintf("%s: 正文数字 %s%s 等于 %s = %s，可绑定为 %s", m.Pos, m.Text, m.Unit, m.Name, m.Data, bind)
}
