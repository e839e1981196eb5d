package data

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a place in the input: a file and line for text, or a workbook sheet and cell.
type Pos struct {
	File  string // path relative to the report folder
	Line  int    // 1-based line for text files; 0 when not known
	Sheet string // workbook sheet, for workbook places
	Cell  string // A1-style cell, for workbook places
}

func (p Pos) String() string {
	switch {
	case p.Sheet != "" && p.Cell != "":
		return fmt.Sprintf("%s %s!%s", p.File, p.Sheet, p.Cell)
	case p.Sheet != "":
		return fmt.Sprintf("%s %s", p.File, p.Sheet)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	default:
		return p.File
	}
}

// Error is one problem found in the input, with its place.
type Error struct {
	Pos Pos
	Msg string
	// Cause marks a problem that hides others (a workbook or file that cannot be read):
	// it is listed first.
	Cause bool
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// ErrorList collects every problem found, so that all of them are reported at once.
type ErrorList []*Error

func (l *ErrorList) Add(pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// addCause adds a problem that is the cause of others; it sorts first.
func (l *ErrorList) addCause(pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Cause: true})
}

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Sort orders errors by file, line, sheet and cell, so output is stable; causes (files
// that could not be read) come first.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Cause != l[j].Cause {
			return l[i].Cause
		}
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		return a.Cell < b.Cell
	})
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}
