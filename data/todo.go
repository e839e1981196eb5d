package data

import "strings"

// TodoWarning starts the warning check gives for every `::: todo` placeholder.
const TodoWarning = "待填写："

// Todos returns the `::: todo` placeholders of the report in text order: the preface,
// the chapters, the appendix.
func (r *Report) Todos() []*Block {
	var out []*Block
	var walk func(bs []*Block)
	walk = func(bs []*Block) {
		for _, b := range bs {
			if b.Kind == BTodo {
				out = append(out, b)
			}
			walk(b.Body)
		}
	}
	walk(r.Preface)
	for _, ch := range r.Chapters {
		walk(ch.Blocks)
	}
	if r.Appendix != nil {
		walk(r.Appendix.Blocks)
	}
	return out
}

// todoWarnings adds a warning for each placeholder, at its line.
func (r *Report) todoWarnings() {
	for _, b := range r.Todos() {
		r.Warnings.Add(b.Pos, "%s%s", TodoWarning, b.Caption)
	}
}

// isTodoWarning reports whether a warning is one of todoWarnings' (the official
// edition reports the placeholders themselves).
func isTodoWarning(e *Error) bool { return strings.HasPrefix(e.Msg, TodoWarning) }
