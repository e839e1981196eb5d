// Command msgdoc writes docs/错误信息.md, the reference of every message `reportc check`
// (and the build of the official edition) can print. It reads the messages from the
// source: every Chinese string literal passed to ErrorList.Add, fmt.Errorf, errors.New
// and the fonts package's fontError, or returned as a problem text, in the packages that
// check a report. The causes and fixes are hand-written in explain.tsv, keyed by a
// phrase of the message, so the list itself cannot drift from the code.
//
// Run it from the repository root:
//
//	go run ./internal/msgdoc
//
// `go test ./internal/msgdoc` fails when docs/错误信息.md is stale.
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// OutFile is the generated reference, relative to the repository root.
const OutFile = "docs/错误信息.md"

// sources are the files and folders scanned, relative to the repository root. A folder
// means all of its non-test .go files.
var sources = []string{
	"data",
	"fonts",
	"build/build.go",
	"build/official.go",
	"build/placeholders.go",
	"layout/blocks.go",
}

// Kind tells how a message reaches the user.
type Kind int

const (
	KindError    Kind = iota // an error: check exits 1, build writes nothing
	KindWarning              // a warning: printed, the build goes on
	KindOfficial             // a reason `build --official` refuses
	KindPart                 // a part of a longer message, printed after a prefix
	KindHint                 // a hint of check (提示): a typed figure that could be bound
)

func (k Kind) String() string {
	return [...]string{"错误", "警告", "正式版", "片段", "提示"}[k]
}

// Message is one message of the source.
type Message struct {
	File   string // slash path relative to the repository root
	Func   string // the function that prints it
	Format string // the format string as written
	Kind   Kind
}

// Text is the message as the user sees it, with every formatting verb shown as “…”.
func (m Message) Text() string { return Shape(m.Format) }

var verb = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

// Shape replaces the formatting verbs of a format string by “…” (and %% by %).
func Shape(format string) string {
	return verb.ReplaceAllStringFunc(format, func(v string) string {
		if v == "%%" {
			return "%"
		}
		return "…"
	})
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// Collect reads the messages of every source file under root, in file order and, within
// a file, in source order; a message repeated in the same file is listed once.
func Collect(root string) ([]Message, error) {
	var files []string
	for _, s := range sources {
		p := filepath.Join(root, filepath.FromSlash(s))
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, s)
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			n := e.Name()
			if strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
				files = append(files, s+"/"+n)
			}
		}
	}
	sort.Strings(files)
	var out []Message
	for _, f := range files {
		ms, err := collectFile(root, f)
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
	}
	return out, nil
}

func collectFile(root, name string) ([]Message, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, filepath.Join(root, filepath.FromSlash(name)), nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var out []Message
	seen := map[string]bool{}
	add := func(fn, format string, k Kind) {
		if !hasHan(format) || seen[Shape(format)] {
			return
		}
		seen[Shape(format)] = true
		out = append(out, Message{File: name, Func: fn, Format: format, Kind: k})
	}
	for _, d := range file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		fn := fd.Name.Name
		if fd.Recv != nil && len(fd.Recv.List) > 0 {
			fn = recvName(fd.Recv.List[0].Type) + "." + fn
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name, recv := callName(n.Fun)
				switch name {
				case "Add":
					if len(n.Args) >= 2 {
						if s, ok := literal(n.Args[1]); ok {
							add(fn, s, addKind(name, recv, file.Name.Name))
						}
					}
				case "addErr":
					if len(n.Args) >= 3 {
						if s, ok := literal(n.Args[2]); ok {
							add(fn, s+"%v", KindError)
						}
					}
				case "Errorf", "New", "fontError":
					if name == "New" && recv != "errors" {
						return true
					}
					for _, a := range n.Args[:min(1, len(n.Args))] {
						if s, ok := literal(a); ok {
							add(fn, s, KindPart)
						} else if c, ok := a.(*ast.CallExpr); ok {
							if cn, _ := callName(c.Fun); cn == "Sprintf" && len(c.Args) > 0 {
								if s, ok := literal(c.Args[0]); ok {
									add(fn, s, KindPart)
								}
							}
						}
					}
				}
			case *ast.ReturnStmt:
				// A returned word of one or two characters (“人”, “列表”) is a value,
				// not a problem text.
				kind := KindPart
				if fd.Name.Name == "Hint" {
					kind = KindHint
				}
				for _, r := range n.Results {
					if s, ok := message(r); ok && utf8.RuneCountInString(s) > 2 {
						add(fn, s, kind)
					}
				}
			case *ast.AssignStmt:
				if file.Name.Name == "layout" {
					return true // layout's msg is the placeholder box's text
				}
				// msg = "…" / bad = "小于 " + …: problem texts built before they are added.
				for i, l := range n.Lhs {
					id, ok := l.(*ast.Ident)
					if !ok || i >= len(n.Rhs) || (id.Name != "msg" && id.Name != "bad" && id.Name != "problem") {
						continue
					}
					if s, ok := message(n.Rhs[i]); ok {
						add(fn, s, KindPart)
					}
				}
			}
			return true
		})
	}
	return out, nil
}

// addKind tells an error from a warning by the list it is added to.
func addKind(_, recv, pkg string) Kind {
	r := strings.ToLower(recv)
	switch {
	case strings.Contains(r, "warn") || r == "kept":
		return KindWarning
	case r == "out" && pkg == "layout":
		return KindWarning
	case r == "out" && pkg == "data":
		return KindOfficial
	}
	return KindError
}

func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvName(t.X)
	}
	return "?"
}

// callName returns the called function's name and, for a selector, the name of what it
// is called on (errs.Add → "Add", "errs"; r.Warnings.Add → "Add", "Warnings").
func callName(e ast.Expr) (string, string) {
	switch f := e.(type) {
	case *ast.Ident:
		return f.Name, ""
	case *ast.SelectorExpr:
		switch x := f.X.(type) {
		case *ast.Ident:
			return f.Sel.Name, x.Name
		case *ast.SelectorExpr:
			return f.Sel.Name, x.Sel.Name
		}
		return f.Sel.Name, ""
	}
	return "", ""
}

// message returns the text of an expression that makes a message: a string literal,
// fmt.Sprintf of one, or one of them followed by + and more (shown as “…”).
func message(e ast.Expr) (string, bool) {
	if s, ok := literal(e); ok {
		return s, true
	}
	switch v := e.(type) {
	case *ast.CallExpr:
		if name, _ := callName(v.Fun); name == "Sprintf" && len(v.Args) > 0 {
			return literal(v.Args[0])
		}
	case *ast.BinaryExpr:
		if v.Op == token.ADD {
			if s, ok := message(v.X); ok {
				return s + "%v", true
			}
		}
	}
	return "", false
}

// literal returns the value of a string literal, also of literals joined with +.
func literal(e ast.Expr) (string, bool) {
	switch v := e.(type) {
	case *ast.BasicLit:
		if v.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(v.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if v.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(v.X)
		b, ok2 := literal(v.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return literal(v.X)
	}
	return "", false
}

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	doc, err := Generate(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "msgdoc:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(OutFile)), doc, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "msgdoc:", err)
		os.Exit(1)
	}
}

// Generate returns the text of docs/错误信息.md for the repository at root.
func Generate(root string) ([]byte, error) {
	msgs, err := Collect(root)
	if err != nil {
		return nil, err
	}
	ex, err := ReadExplanations(filepath.Join(root, "internal", "msgdoc", "explain.tsv"))
	if err != nil {
		return nil, err
	}
	return Render(msgs, ex), nil
}
