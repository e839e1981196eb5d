package data

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Cases found by the adversarial review of issue #8 (hostile input), after the merges.

type coversAll struct{}

func (coversAll) CoversText(rune, bool) bool { return true }

// TestCheckFontsInvisibleAndCombining: characters the fonts have but that do not print
// as typed are errors with their place. A combining mark (e + U+0301) was drawn beside
// its base letter, not over it; a soft hyphen printed as a visible hyphen mid-line; the
// format characters (zero-width joiner, right-to-left override) are invisible.
func TestCheckFontsInvisibleAndCombining(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"e\u0301变音", "“é”"},
		{"a\u0338b", "U+0338"},
		{"异体\ufe0f字", "U+FE0F"},
		{"soft\u00adhyphen", "U+00AD"},
		{"家\u200d庭", "U+200D"},
		{"正\u202e反", "U+202E"},
		{"零\u200b宽", "U+200B"},
	} {
		r := &Report{}
		r.Meta.Title = c.text
		err := r.CheckFonts(coversAll{})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "report.yaml") {
			t.Errorf("%q: %v, want an error at report.yaml naming %s", c.text, err, c.want)
		}
	}
	r := &Report{}
	r.Meta.Title = "é 已合成，ā 拼音，全角　空格"
	if err := r.CheckFonts(coversAll{}); err != nil {
		t.Errorf("precomposed text: %v", err)
	}
}

// TestYAMLParserMessagesInChinese: the YAML parser's complaints (a tab indent, a key
// written twice, a colon in a value, a bad indent) are said in Chinese with their line,
// not passed on in English.
func TestYAMLParserMessagesInChinese(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"title: 甲\n\tissuer: 乙\n", "report.yaml:2: YAML 格式错误：这里（这一行或下一行）用了制表符（Tab）"},
		{"settings:\n  draft: true\n\tbody_size: 12\n", "report.yaml:2: YAML 格式错误：这里（这一行或下一行）用了制表符（Tab）"},
		{"title: 甲\nissuer: 乙\ntitle: 丙\n", "report.yaml:3: 键 “title” 重复，第 1 行已经有了"},
		{"a: 1\ntitle: 甲: 乙\n", "report.yaml:2: YAML 格式错误：这里多了一个 “: ”"},
		{"settings:\n  draft: true\n body_size: 12\n", "report.yaml:2: YAML 格式错误：缩进对不齐"},
		{"title: \"甲\n", "YAML 格式错误：文件在引号或括号配对之前就结束了"},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "report.yaml"), []byte(c.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(dir)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.yaml, err, c.want)
		}
		if err != nil && (strings.Contains(err.Error(), "already defined") || strings.Contains(err.Error(), "token")) {
			t.Errorf("%q: English parser message left: %v", c.yaml, err)
		}
	}
}

// TestEmptyTargetDanglingSymlink: `reportc new` onto a symbolic link that points nowhere
// said “mkdir …: file exists” in English; it is refused in Chinese, naming the link.
func TestEmptyTargetDanglingSymlink(t *testing.T) {
	link := filepath.Join(t.TempDir(), "r")
	if err := os.Symlink(filepath.Join(t.TempDir(), "nowhere"), link); err != nil {
		t.Skip(err)
	}
	err := emptyTarget(link)
	if err == nil || !strings.Contains(err.Error(), "符号链接") || !strings.Contains(err.Error(), link) {
		t.Errorf("emptyTarget(dangling link) = %v", err)
	}
}
