package sections

import (
	"testing"

	"github.com/reportc/reportc/data"
)

func TestOfficialNumbering(t *testing.T) {
	h := func(level int, text string) *data.Block {
		return &data.Block{Kind: data.BHeading, Level: level, Numbered: true, Inlines: []data.Inline{{Text: text}}}
	}
	r := &data.Report{Meta: data.Meta{Settings: data.Settings{Numbering: NumberingOfficial}}, Chapters: []*data.Chapter{
		{File: "a.md", Blocks: []*data.Block{h(1, "基本情况"), h(2, "学校概况"), h(2, "学生规模"), h(3, "招生"), h(4, "普通招生"), h(4, "单招"), h(3, "在校生")}},
		{File: "b.md", Blocks: []*data.Block{h(1, "人才培养"), h(2, "立德树人")}},
	}}
	d, err := Build(r)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, hd := range d.Headings {
		got = append(got, hd.Label())
	}
	want := []string{"一、基本情况", "（一）学校概况", "（二）学生规模", "1.招生", "（1）普通招生", "（2）单招", "2.在校生", "二、人才培养", "（一）立德树人"}
	if len(got) != len(want) {
		t.Fatalf("labels = %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("heading %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestChineseNumber(t *testing.T) {
	for n, want := range map[int]string{1: "一", 9: "九", 10: "十", 11: "十一", 20: "二十", 21: "二十一", 100: "一百", 105: "一百零五", 110: "一百一十"} {
		if got := ChineseNumber(n); got != want {
			t.Errorf("ChineseNumber(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestShortLabel(t *testing.T) {
	h := &Heading{Level: 1, Number: "2", Prefix: "2. ", Text: "深化产教融合推动职业教育高质量发展的实践与探索", Short: "产教融合"}
	if got := h.ShortLabel(); got != "2. 产教融合" {
		t.Errorf("ShortLabel = %q", got)
	}
}
