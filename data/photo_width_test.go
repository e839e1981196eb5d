package data

import (
	"strings"
	"testing"
)

func TestPhotoWidthOption(t *testing.T) {
	var errs ErrorList
	bs := ParseMarkdown("c.md", "::: photo fig-a images/a.jpg width=60% 校园 全景\n\n::: photo fig-b images/b.jpg 无宽度 的图题\n", &errs)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(bs) != 2 || bs[0].Width != 0.6 || bs[0].Caption != "校园 全景" || bs[1].Width != 0 || bs[1].Caption != "无宽度 的图题" {
		t.Fatalf("parsed %+v %+v", bs[0], bs[1])
	}
	for _, bad := range []string{"width=60 图题", "width=5% 图题", "width=abc% 图题", "width=60%"} {
		var errs ErrorList
		ParseMarkdown("c.md", "::: photo fig-a images/a.jpg "+bad+"\n", &errs)
		if len(errs) == 0 || !strings.Contains(errs.Error(), "c.md:1") {
			t.Errorf("%q: errors %v, want one at c.md:1", bad, errs)
		}
	}
}
