package data

import (
	"strings"
	"testing"
)

func structure(t *testing.T, src string) (errs, warns ErrorList) {
	t.Helper()
	var perr ErrorList
	ch := &Chapter{File: "c.md", Blocks: ParseMarkdown("c.md", src, &perr)}
	if len(perr) > 0 {
		t.Fatalf("parse errors: %v", perr)
	}
	checkStructure(ch, &errs, &warns)
	return errs, warns
}

func TestStructureErrors(t *testing.T) {
	for _, c := range []struct {
		src, want string
	}{
		{"# 章\n\n正文。\n\n## 节\n\n正文。\n\n#### 小小节\n\n正文。\n", "c.md:9: 标题跳级：从 2 级（##）直接到 4 级（####）"},
		{"# 章\n\n正文。\n\n### 小节\n\n正文。\n", "c.md:5: 标题跳级"},
		{"正文。\n\n## 节\n\n正文。\n", "c.md:1: 章节文件应以一级标题"},
		{"## 节\n\n正文。\n", "c.md:1: 章节文件应以一级标题 “# 标题” 开头，这里第一个标题是 2 级"},
		{"", "c.md:1: 章节文件没有一级标题"},
	} {
		errs, _ := structure(t, c.src)
		if errs.Err() == nil || !strings.Contains(errs.Err().Error(), c.want) {
			t.Errorf("%q: errors = %v, want %q", c.src, errs, c.want)
		}
	}
	errs, warns := structure(t, "# 章\n\n## 空节\n\n## 节\n\n正文。\n\n## 末节\n")
	if len(errs) != 0 {
		t.Errorf("errors = %v", errs)
	}
	if w := warns.Err(); w == nil || !strings.Contains(w.Error(), "c.md:3: 标题 “空节” 下面没有内容") || !strings.Contains(w.Error(), "c.md:9: 标题 “末节”") || strings.Contains(w.Error(), "“章”") {
		t.Errorf("warnings = %v", warns)
	}
}

func TestHeadingShortTitle(t *testing.T) {
	var errs ErrorList
	bs := ParseMarkdown("c.md", "# 深化产教融合推动高质量发展 {short=产教融合} {-}\n\n## 节 {简称=短}\n\n## 坏 {x}\n", &errs)
	if bs[0].Short != "产教融合" || bs[0].Numbered || PlainText(bs[0].Inlines) != "深化产教融合推动高质量发展" {
		t.Errorf("heading = %+v", bs[0])
	}
	if bs[1].Short != "短" {
		t.Errorf("heading = %+v", bs[1])
	}
	if errs.Err() == nil || !strings.Contains(errs.Err().Error(), "c.md:5: 不认识的标题属性") {
		t.Errorf("errors = %v", errs)
	}
}
