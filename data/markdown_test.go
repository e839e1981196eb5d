package data

import (
	"strings"
	"testing"
)

func TestParseMarkdown(t *testing.T) {
	src := `# 基本情况

## 学校概况 {-}

第一行接
第二行，共[=学校数]所，**加粗**见[@tab-schools]。

::: table tab-schools

::: photo fig-a images/a.png 学生 参观

::: case case-x
标题：寻红色记忆
学校：某某学校
供稿：学生工作处

案例正文。
:::
`
	var errs ErrorList
	bs := ParseMarkdown("c.md", src, &errs)
	if len(errs) != 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	if len(bs) != 6 {
		t.Fatalf("got %d blocks, want 6", len(bs))
	}
	if bs[0].Kind != BHeading || bs[0].Level != 1 || !bs[0].Numbered {
		t.Errorf("block 0 = %+v", bs[0])
	}
	if bs[1].Numbered || PlainText(bs[1].Inlines) != "学校概况" {
		t.Errorf("{-} heading = %+v", bs[1])
	}
	p := bs[2]
	if p.Pos.Line != 5 {
		t.Errorf("paragraph line = %d, want 5", p.Pos.Line)
	}
	var kinds []string
	for _, s := range p.Inlines {
		switch s.Kind {
		case IText:
			if s.Bold {
				kinds = append(kinds, "B:"+s.Text)
			} else {
				kinds = append(kinds, "T:"+s.Text)
			}
		case IRef:
			kinds = append(kinds, "R:"+s.Label)
		case IValue:
			kinds = append(kinds, "V:"+s.Label)
		}
	}
	want := "T:第一行接第二行，共|V:学校数|T:所，|B:加粗|T:见|R:tab-schools|T:。"
	if got := strings.Join(kinds, "|"); got != want {
		t.Errorf("inlines = %s\nwant      %s", got, want)
	}
	if bs[3].Kind != BTable || bs[3].Label != "tab-schools" {
		t.Errorf("table block = %+v", bs[3])
	}
	if bs[4].Kind != BPhoto || bs[4].File != "images/a.png" || bs[4].Caption != "学生 参观" {
		t.Errorf("photo block = %+v", bs[4])
	}
	c := bs[5]
	if c.Kind != BCase || c.Title != "寻红色记忆" || c.School != "某某学校" || c.Credit != "学生工作处" || len(c.Body) != 1 {
		t.Errorf("case block = %+v", c)
	}
}

func TestParseMarkdownJoinsLatinWithSpace(t *testing.T) {
	var errs ErrorList
	bs := ParseMarkdown("c.md", "MHT\nscale 测试\n中文\n续", &errs)
	if got := PlainText(bs[0].Inlines); got != "MHT scale 测试中文续" {
		t.Errorf("got %q", got)
	}
}

func TestParseMarkdownErrors(t *testing.T) {
	cases := []struct {
		src, want string
		line      int
	}{
		{"::: case c1\n标题：x\n\n正文", "案例块没有结束", 4},
		{"::: case c1\n\n正文\n:::", "缺少 “标题：”", 1},
		{"::: figure f1", "未知的块指令", 1},
		{"::: table", "不完整", 1},
		{"见[@表1]。", "不合规", 1},
		{"未闭合**加粗", "没有成对", 1},
		{"见[@tab-a。", "缺少右方括号", 1},
		{"\n:::", "多余的", 2},
		{"##### 五级", "最多四级", 1},
		{"::: photo p1 images/a.png", "缺少文件或标题", 1},
	}
	for _, c := range cases {
		var errs ErrorList
		ParseMarkdown("x.md", c.src, &errs)
		if len(errs) == 0 {
			t.Errorf("%q: no error", c.src)
			continue
		}
		if !strings.Contains(errs[0].Msg, c.want) || errs[0].Pos.Line != c.line {
			t.Errorf("%q: got %v, want %q at line %d", c.src, errs[0], c.want, c.line)
		}
	}
}

func FuzzParseMarkdown(f *testing.F) {
	f.Add("# 标题\n\n段落[@a]与[=b]。\n\n::: case c\n标题：t\n\n正文\n:::\n")
	f.Add("::: photo p a.png 说明\n**粗")
	f.Fuzz(func(t *testing.T, src string) {
		var errs ErrorList
		ParseMarkdown("f.md", src, &errs)
		for _, e := range errs {
			if e.Pos.File != "f.md" || e.Pos.Line < 1 {
				t.Fatalf("error without a place: %v", e)
			}
		}
	})
}
