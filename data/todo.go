package data

import "strings"

// TodoWarning starts the warning check gives for every `::: todo` placeholder.
const TodoWarning = "待填写："

// Todos returns the `::: todo` placeholders of the report in text order: the preface,
// the chapters, the appendix.
func (r *Report) Todos() []*Block {
	var out []*Block
	r.EachBlock(func(b *Block) {
		if b.Kind == BTodo {
			out = append(out, b)
		}
	})
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
