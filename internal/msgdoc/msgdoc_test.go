package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const root = "../.."

// TestDocUpToDate fails when docs/错误信息.md no longer matches the messages of the code
// or explain.tsv.
func TestDocUpToDate(t *testing.T) {
	want, err := Generate(root)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(OutFile)))
	if err != nil {
		t.Fatalf("%v；请在仓库根目录运行 go run ./internal/msgdoc", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s 已过期（第 %d 行起不同：%q，应为 %q）。请在仓库根目录运行：go run ./internal/msgdoc", OutFile, i+1, g, w)
			}
		}
	}
}

func TestExplanationsAllUsed(t *testing.T) {
	msgs, err := Collect(root)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := ReadExplanations("explain.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ex.Unused(msgs) {
		t.Errorf("explain.tsv:%d: “%s” 不在任何消息里（消息改了？）", e.Line, e.Phrase)
	}
	files := map[string]bool{}
	for _, m := range msgs {
		files[m.File] = true
		if ex.Files[m.File] == "" {
			t.Errorf("explain.tsv 没有 %s 的标题（加一行 file<TAB>%s<TAB>标题）", m.File, m.File)
		}
	}
	for f := range ex.Files {
		if !files[f] {
			t.Errorf("explain.tsv 的文件 %s 没有消息（改名或删除了？）", f)
		}
	}
}

// TestCollectKnownMessages checks that the scanner finds messages of each way they are
// written, with the right kind.
func TestCollectKnownMessages(t *testing.T) {
	msgs, err := Collect(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		text string
		kind Kind
	}{
		{"引用了不存在的标签 “…”", KindError},                                // errs.Add in data/check.go
		{"增幅 … 与 … − … = … 不符（…=…，…=…）", KindWarning},               // warn.Add
		{"派生值 … 应为 … = …，表中填的是 …", KindWarning},                     // r.Warnings.Add
		{"表格 “…” 标为示例数据（备注：…）", KindOfficial},                       // out.Add in data/official.go
		{"读不出索引工作表：…", KindError},                                   // addErr prefix
		{"是绝对路径；只能用报告目录内的相对路径", KindPart},                           // errors.New
		{"不是 .xlsx 工作簿（压缩包里没有 xl/workbook.xml）", KindPart},          // returned problem text
		{"是字体集 (.ttc)；请用单个字体的 .ttf 文件", KindPart},                   // fontError
		{"字形 … 的数据太短", KindPart},                                    // fontError(fmt.Sprintf(…))
		{"小于 …", KindPart},                                          // bad = "小于 " + …
		{"照片宽度 “…” 不合规：应为正文宽度的百分比，10%–100%，如 width=60%", KindError}, // %% shown as %
	}
	for _, w := range want {
		found := false
		for _, m := range msgs {
			if m.Text() == w.text {
				found = true
				if m.Kind != w.kind {
					t.Errorf("%q: kind %v, want %v", w.text, m.Kind, w.kind)
				}
			}
		}
		if !found {
			t.Errorf("message %q not collected", w.text)
		}
	}
	for _, m := range msgs {
		if m.Text() == "人" || m.Text() == "照片待补：…" {
			t.Errorf("%s: %q is not a check message", m.File, m.Text())
		}
	}
}

func TestShape(t *testing.T) {
	for in, want := range map[string]string{
		"%s 比上年报告 %s 变化 %.1f%%":  "… 比上年报告 … 变化 …%",
		"%U “%c”：字体中没有这个字符":      "… “…”：字体中没有这个字符",
		"width=NN%% 把它排小":        "width=NN% 把它排小",
		"year 应为四位年份，实际是 %d":     "year 应为四位年份，实际是 …",
		"settings.page.%s 应在 %v": "settings.page.… 应在 …",
	} {
		if got := Shape(in); got != want {
			t.Errorf("Shape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseExplanationsBadLine(t *testing.T) {
	_, err := ParseExplanations("x.tsv", []byte("# c\nmsg\t短语\t原因\n"))
	if err == nil || !strings.Contains(err.Error(), "x.tsv:2") {
		t.Fatalf("got %v, want an error naming x.tsv:2", err)
	}
	ex, err := ParseExplanations("x.tsv", []byte("file\ta.go\t标题\nmsg\t短语\t原因\t办法\n"))
	if err != nil || ex.Files["a.go"] != "标题" || len(ex.Msgs) != 1 || ex.Msgs[0].Line != 2 {
		t.Fatalf("got %+v, %v", ex, err)
	}
}

func TestCodeSpan(t *testing.T) {
	if got := code("a `b` c"); got != "``a `b` c``" {
		t.Errorf("code = %q", got)
	}
	if got := code("“**”"); got != "`“**”`" {
		t.Errorf("code = %q", got)
	}
}
