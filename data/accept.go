package data

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Acceptance is one entry of report.yaml's accept: list: a check warning, named by its
// place exactly as check prints it, accepted for the official edition with a reason and
// the name of who accepted it.
type Acceptance struct {
	At     string
	Reason string
	By     string
	Pos    Pos // the entry in report.yaml
}

// Accepted is a warning together with the acceptance that covers it.
type Accepted struct {
	Warning    *Error
	Acceptance Acceptance
}

// acceptFrom reads the accept: list, reporting malformed entries with their line.
func acceptFrom(n *yaml.Node, errs *ErrorList) []Acceptance {
	if n == nil || n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return nil // absent, or “accept:” with nothing after it
	}
	pos := Pos{File: "report.yaml", Line: n.Line}
	if n.Kind != yaml.SequenceNode {
		errs.Add(pos, "accept 应为列表：accept: [{at: \"位置\", reason: \"理由\", by: \"接受人\"}]")
		return nil
	}
	var out []Acceptance
	for _, item := range n.Content {
		p := Pos{File: "report.yaml", Line: item.Line}
		var a struct {
			At     string `yaml:"at"`
			Reason string `yaml:"reason"`
			By     string `yaml:"by"`
		}
		if item.Kind != yaml.MappingNode {
			errs.Add(p, "accept 的每一项应为 {at: …, reason: …, by: …}")
			continue
		}
		if err := item.Decode(&a); err != nil {
			errs.Add(p, "accept 的这一项读不出：%v", err)
			continue
		}
		for i := 0; i+1 < len(item.Content); i += 2 {
			if k := item.Content[i].Value; k != "at" && k != "reason" && k != "by" {
				errs.Add(Pos{File: "report.yaml", Line: item.Content[i].Line}, "accept 中未知的键 “%s”（只有 at、reason、by）", k)
			}
		}
		a.At, a.Reason, a.By = strings.TrimSpace(a.At), strings.TrimSpace(a.Reason), strings.TrimSpace(a.By)
		for _, f := range []struct{ k, v string }{{"at", a.At}, {"reason", a.Reason}, {"by", a.By}} {
			if f.v == "" {
				errs.Add(p, "accept 的这一项缺少 %s", f.k)
			}
		}
		if a.At != "" && a.Reason != "" && a.By != "" {
			out = append(out, Acceptance{At: a.At, Reason: a.Reason, By: a.By, Pos: p})
		}
	}
	return out
}

// Accept splits the report's warnings into those still open and those accepted in
// report.yaml. An acceptance that matches no warning is itself a warning, in open.
func (r *Report) Accept() (open ErrorList, accepted []Accepted) {
	used := make([]bool, len(r.Meta.Accept))
	for _, w := range r.Warnings {
		found := false
		for i, a := range r.Meta.Accept {
			if a.At == w.Pos.String() {
				accepted = append(accepted, Accepted{Warning: w, Acceptance: a})
				used[i] = true
				found = true
				break
			}
		}
		if !found {
			open = append(open, w)
		}
	}
	for i, a := range r.Meta.Accept {
		if !used[i] {
			open.Add(a.Pos, "accept 中的 “%s” 没有对应的警告（已改正的话请删去这一项）", a.At)
		}
	}
	open.Sort()
	return open, accepted
}
