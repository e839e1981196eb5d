package docx

import (
	"testing"

	"github.com/reportc/reportc/sections"
)

// A `::: todo` placeholder is a shaded, bordered paragraph 【待填写：…】 in the body.
func TestTodoParagraph(t *testing.T) {
	ex := doc(t)
	d := *ex
	d.Chapters = append([]*sections.Chapter(nil), ex.Chapters...)
	ch := *d.Chapters[0]
	ch.Blocks = append([]sections.Block{&sections.Todo{Prompt: "本校学生规模"}}, ch.Blocks...)
	d.Chapters[0] = &ch
	x, _ := write(t, &d, options(&d))
	found := 0
	for _, p := range x.body.all("w:p") {
		if p.plain() != "【待填写：本校学生规模】" {
			continue
		}
		found++
		ppr := p.child("w:pPr")
		if ppr == nil || ppr.child("w:shd") == nil || ppr.child("w:pBdr") == nil {
			t.Errorf("the placeholder paragraph is not shaded and bordered")
		}
	}
	if found != 1 {
		t.Errorf("%d placeholder paragraphs, want 1", found)
	}
}
