package data

import (
	"strings"
)

// TodoMarkers are texts that mark something still to be written: the 【待填写】 of
// school drafts and `::: todo` blocks, and the prompts `reportc draft` writes.
var TodoMarkers = []string{"【待填写】", "::: todo", "请在此填写"}

// OfficialProblems lists every reason the report cannot yet be published as the
// official edition, each at its place: a missing or placeholder photo, a sample seal,
// a chart, table or named value marked 示例数据, a 【待填写】 placeholder, and every
// check warning in open (the warnings not accepted in report.yaml, see Accept).
// Check errors are not repeated here: Load reports them.
func (r *Report) OfficialProblems(open ErrorList) ErrorList {
	var out ErrorList
	var all []*Chapter
	all = append(all, r.Chapters...)
	if r.Appendix != nil {
		all = append(all, r.Appendix)
	}
	var photos func(bs []*Block)
	photos = func(bs []*Block) {
		for _, b := range bs {
			if b.Kind == BPhoto {
				img, ok := r.Images[b.File]
				switch {
				case ok && img == nil:
					out.Add(b.Pos, "照片 “%s” 缺少图片文件（草稿以占位框代替）", b.File)
				case PNGMarker(img) == MarkPlaceholder:
					out.Add(b.Pos, "照片 “%s” 是 reportc 生成的“照片待补”占位图，请换成真实照片", b.File)
				}
			}
			photos(b.Body)
		}
	}
	for _, ch := range all {
		photos(ch.Blocks)
	}
	if s := r.Meta.Statement.Seal; s != "" && PNGMarker(r.Images[s]) == MarkSampleSeal {
		out.Add(Pos{File: "report.yaml"}, "statement.seal “%s” 是 reportc 画的示例印章，不是本单位的公章", s)
	}
	for _, label := range sortedKeys(r.Charts) {
		if c := r.Charts[label]; c.Example {
			out.Add(c.IndexPos, "图表 “%s” 标为示例数据（备注：%s）", label, c.Note)
		}
	}
	for _, label := range sortedKeys(r.Tables) {
		if t := r.Tables[label]; strings.Contains(t.Note, "示例数据") {
			out.Add(t.IndexPos, "表格 “%s” 标为示例数据（备注：%s）", label, t.Note)
		}
	}
	for _, name := range sortedKeys(r.Values) {
		if v := r.Values[name]; v.Example {
			out.Add(v.Pos, "数值 “%s” 标为示例数据", name)
		}
	}
	seen := map[string]bool{}
	r.Texts(func(t TextItem) {
		for _, m := range TodoMarkers {
			key := t.Pos.String() + m
			if strings.Contains(t.Text, m) && !seen[key] {
				seen[key] = true
				out.Add(t.Pos, "还有待填写的内容（“%s”）", m)
			}
		}
	})
	if r.Meta.Partial {
		out.Add(Pos{File: "report.yaml"}, "partial: true：这是部分数据报告（只有另一年报告所载的数字），不能出正式版")
	}
	for _, b := range r.Todos() {
		out.Add(b.Pos, "还有待填写的内容（::: todo %s）", b.Caption)
	}
	for _, w := range open {
		if isTodoWarning(w) {
			continue // reported just above
		}
		out.Add(w.Pos, "警告未处理：%s（改正，或在 report.yaml 的 accept: 中写明理由和接受人）", w.Msg)
	}
	out.Sort()
	return out
}
