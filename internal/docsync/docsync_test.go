package docsync

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const (
	english = "../../docs/format.md"
	chinese = "../../docs/格式说明.md"
)

func read(t *testing.T, p string) Names {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return Extract(string(b))
}

// TestFormatDocsInStep fails when a directive, a report.yaml key or a 清单 column is
// documented in docs/format.md and not in docs/格式说明.md, or the other way round.
func TestFormatDocsInStep(t *testing.T) {
	en, zh := read(t, english), read(t, chinese)
	for _, c := range []struct {
		what   string
		en, zh map[string]bool
		least  int
	}{
		{"块指令 (::: xxx)", en.Directives, zh.Directives, 5},
		{"report.yaml 的键", en.Keys, zh.Keys, 40},
		{"清单的列", en.Columns, zh.Columns, 10},
	} {
		if len(c.en) < c.least {
			t.Errorf("docs/format.md: only %d %s found (%v); has the document or the extraction changed?", len(c.en), c.what, Missing(c.en, nil))
		}
		if m := Missing(c.en, c.zh); len(m) > 0 {
			t.Errorf("docs/format.md 写了、docs/格式说明.md 没写的%s：%s（请把中文版补上）", c.what, strings.Join(m, "、"))
		}
		if m := Missing(c.zh, c.en); len(m) > 0 {
			t.Errorf("docs/格式说明.md 写了、docs/format.md 没写的%s：%s（请把英文版补上）", c.what, strings.Join(m, "、"))
		}
	}
}

// TestIndexColumnsDocumented checks the documents against the code: every required
// column of the 清单 sheet (data.indexHeader) is documented.
func TestIndexColumnsDocumented(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "..", "data", "workbook.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "indexHeader" || len(vs.Values) != 1 {
			return true
		}
		if cl, ok := vs.Values[0].(*ast.CompositeLit); ok {
			for _, e := range cl.Elts {
				if bl, ok := e.(*ast.BasicLit); ok {
					s, _ := strconv.Unquote(bl.Value)
					cols = append(cols, s)
				}
			}
		}
		return false
	})
	if len(cols) < 5 {
		t.Fatalf("indexHeader not found in data/workbook.go (got %v)", cols)
	}
	for _, p := range []string{english, chinese} {
		n := read(t, p)
		for _, c := range cols {
			if !n.Columns[c] {
				t.Errorf("%s: 清单的列 “%s” 没有说明", p, c)
			}
		}
	}
}

func TestExtract(t *testing.T) {
	doc := "Use `::: photo` and\n::: case x\n\n" +
		"```yaml\ntitle: a\nstatement:\n  seal: x   # note: y\nboard:\n  members:\n    - role: 主任\n      names: [a]\naccept:\n  - at: \"p\"\n    reason: r\n```\n" +
		"```markdown\nfoo: bar\n```\n" +
		"See settings.page.top and `settings.fonts`; `school_data: x.xlsx` and `partial: true`, not `key: value`.\n\n" +
		"| 标签 | 类型 |\n|---|---|\n| a | b |\n\n- **标题**: caption\n- **注** (optional column)\n- **Headings** no\n\n" +
		"A column headed `派生` …\n\n## Next\n\n- **说明**: not a column\n"
	n := Extract(doc)
	want := func(m map[string]bool, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if !m[k] {
				t.Errorf("missing %q in %v", k, m)
			}
		}
	}
	want(n.Directives, "photo", "case")
	want(n.Keys, "title", "statement", "statement.seal", "board.members.role", "board.members.names", "accept.at", "accept.reason", "settings.page.top", "settings.fonts", "school_data", "partial")
	want(n.Columns, "标签", "类型", "标题", "注", "派生")
	for _, bad := range []string{"foo", "note", "key"} {
		if n.Keys[bad] {
			t.Errorf("%q is not a report.yaml key", bad)
		}
	}
	if n.Columns["说明"] || n.Columns["Headings"] {
		t.Errorf("bullets after the next heading are not columns: %v", n.Columns)
	}
	if len(n.Directives) != 2 {
		t.Errorf("directives %v", n.Directives)
	}
}
