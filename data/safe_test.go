package data

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInsideFile(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "r")
	out := filepath.Join(root, "out")
	for _, d := range []string{dir + "/images", out} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(out, "b.md"), []byte("x"), 0o644)
	if err := os.Symlink(out, filepath.Join(dir, "linked")); err != nil {
		t.Skip(err)
	}
	os.Symlink("a.md", filepath.Join(dir, "alias.md"))
	os.Symlink("images", filepath.Join(dir, "pics"))
	for name, want := range map[string]string{
		"a.md":                "",
		"./images/../a.md":    "",
		"alias.md":            "",
		"pics/missing.png":    "文件不存在",
		"images/new.png":      "文件不存在",
		"linked/b.md":         "之外的符号链接",
		"linked/new.png":      "所在的文件夹是指向报告目录之外",
		"linked/sub/x.png":    "所在的文件夹是指向报告目录之外",
		"../out/b.md":         "指向报告目录之外",
		"/etc/passwd":         "绝对路径",
		"images":              "是文件夹",
		"":                    "路径是空的",
		"a.md\x00":            "空字符",
		"images/../../r/a.md": "指向报告目录之外",
	} {
		_, err := InsideFile(dir, name)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", name, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: got %v, want %q", name, err, want)
		case want == "文件不存在" && !errors.Is(err, ErrMissing):
			t.Errorf("%q: %v is not ErrMissing", name, err)
		}
	}
}

func TestDecodeText(t *testing.T) {
	for in, want := range map[string]string{
		"\ufeff# 标题\r\n正文\r\n": "# 标题\n正文\n",
		"a\rb":                 "a\nb",
	} {
		got, _, err := decodeText([]byte(in))
		if err != nil || got != want {
			t.Errorf("decodeText(%q) = %q, %v", in, got, err)
		}
	}
	// “中文” in GBK.
	if _, line, err := decodeText([]byte("ok\n\xd6\xd0\xce\xc4\n")); err == nil || line != 2 || !strings.Contains(err.Error(), "GB18030/GBK") {
		t.Errorf("GBK: line %d, %v", line, err)
	}
	if _, _, err := decodeText([]byte("caf\xe9")); err == nil || strings.Contains(err.Error(), "GB18030") {
		t.Errorf("Latin-1: %v", err)
	}
}
