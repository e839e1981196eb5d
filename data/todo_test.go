package data

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestParseTodo(t *testing.T) {
	src := "# 概况\n\n::: todo 本校2024年学生规模\n\n::: todo\n招生、在校生\n毕业生 GDP\nrate 情况\n:::\n\n正文。\n"
	var errs ErrorList
	bs := ParseMarkdown("c.md", src, &errs)
	if len(errs) != 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	if len(bs) != 4 || bs[1].Kind != BTodo || bs[2].Kind != BTodo || bs[3].Kind != BParagraph {
		t.Fatalf("blocks: %+v", bs)
	}
	if bs[1].Caption != "本校2024年学生规模" || bs[1].Pos.Line != 3 {
		t.Errorf("one-line todo = %q at %v", bs[1].Caption, bs[1].Pos)
	}
	if bs[2].Caption != "招生、在校生毕业生 GDP rate 情况" || bs[2].Pos.Line != 5 {
		t.Errorf("block todo = %q at %v", bs[2].Caption, bs[2].Pos)
	}
	for src, want := range map[string]string{
		"# a\n\n::: todo\n没有结束\n":                      "c.md:3: 待填写块没有结束",
		"# a\n\n::: todo\n:::\n":                       "c.md:3: 待填写提示是空的",
		"# a\n\n::: case c\n标题：x\n\n::: todo y\n:::\n": "c.md:6: 案例块内不能有 “::: todo”",
		"# a\n\n::: todo\n::: table t\n:::\n":          "c.md:4: 待填写块内不能有块指令",
	} {
		var errs ErrorList
		ParseMarkdown("c.md", src, &errs)
		if !strings.Contains(errs.Error(), want) {
			t.Errorf("%q: want %q, got %v", src, want, errs)
		}
	}
}

// A report with placeholders loads, warns once per placeholder at its line, and the
// official edition refuses each of them (once, not again as an open warning).
func TestTodoWarningsAndOfficial(t *testing.T) {
	dir := t.TempDir()
	if err := NewTemplate(dir, "某市中等职业教育年度质量报告", "某市教育局", 2025); err != nil {
		t.Fatal(err)
	}
	ch := filepath.Join(dir, "chapters", "01.md")
	src, err := os.ReadFile(ch)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(ch, append(src, []byte("\n::: todo 本校师资\n\n::: todo\n两行的\n提示\n:::\n")...), 0o644)
	os.WriteFile(filepath.Join(dir, "preface.md"), []byte("前言。\n\n::: todo 前言的结尾\n"), 0o644)
	r, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(r.Todos()); n != 3 {
		t.Fatalf("%d todos, want 3", n)
	}
	var warns []string
	for _, w := range r.Warnings {
		if isTodoWarning(w) {
			warns = append(warns, w.Error())
		}
	}
	lines := strings.Count(string(src), "\n")
	want := []string{"chapters/01.md:" + strconv.Itoa(lines+2) + ": 待填写：本校师资", "chapters/01.md:" + strconv.Itoa(lines+4) + ": 待填写：两行的提示", "preface.md:3: 待填写：前言的结尾"}
	if strings.Join(warns, "|") != strings.Join(want, "|") {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warns, "\n"), strings.Join(want, "\n"))
	}
	open, _ := r.Accept()
	got := r.OfficialProblems(open).Error()
	if n := strings.Count(got, "待填写"); n != 3 || !strings.Contains(got, "还有待填写的内容（::: todo 本校师资）") {
		t.Errorf("official problems name %d placeholders:\n%s", n, got)
	}
}

// FuzzParseTodo: any text parses without a panic, and every placeholder has a prompt
// and a line.
func FuzzParseTodo(f *testing.F) {
	for _, s := range []string{"::: todo x", "::: todo\n", "::: todo\na\n:::\n", ":::todo\n:::\n:::", "::: case c\n标题：t\n::: todo\n:::\n:::", "::: todo  \n\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var errs ErrorList
		for _, b := range ParseMarkdown("c.md", src, &errs) {
			if b.Kind == BTodo && (b.Caption == "" || b.Pos.Line < 1) {
				t.Errorf("placeholder without prompt or line: %+v", b)
			}
		}
	})
}
