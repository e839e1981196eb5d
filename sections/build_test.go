package sections

import (
	"strings"
	"testing"

	"github.com/reportc/reportc/data"
)

func load(t *testing.T) *Doc {
	t.Helper()
	r, err := data.Load("../data/2024")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Build(r)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestNumberingFromOrder(t *testing.T) {
	d := load(t)
	nums := map[string]string{}
	for _, x := range d.Tables {
		nums[x.Anchor] = x.Number
	}
	for _, x := range d.Figures {
		nums[x.Anchor] = x.Number
	}
	for _, x := range d.Cases {
		nums[x.Anchor] = x.Number
	}
	want := map[string]string{
		"tab-schools":              "表1-1",
		"tab-satisfaction":         "表1-2",
		"fig-scale":                "图1-1",
		"case-red-memory":          "案例2-1",
		"case-home-visits":         "案例2-11",
		"case-drone":               "案例2-12", // the source's second 案例2-11
		"fig-contest-awards":       "图2-19",
		"fig-destinations":         "图2-20",
		"fig-rail-experts":         "图5-4",
		"fig-polymer-matching":     "图5-5", // the source's second 图5-4
		"tab-standard-schools":     "表7-1",
		"tab-public-private-enrol": "表8-1", // the source's second 表7-1
		"tab-a-scorecard":          "表1",
		"tab-a-policy":             "表6",
	}
	for label, w := range want {
		if nums[label] != w {
			t.Errorf("%s = %q, want %q", label, nums[label], w)
		}
	}
	// No number is used twice.
	seen := map[string]string{}
	for label, n := range nums {
		if prev, dup := seen[n]; dup && !strings.HasPrefix(n, "表") {
			t.Errorf("%s and %s both numbered %s", prev, label, n)
		}
		seen[n] = label
	}
}

func TestHeadingsAndReferences(t *testing.T) {
	d := load(t)
	if got := d.Chapters[0].Heading.Label(); got != "1. 基本情况" {
		t.Errorf("first chapter = %q", got)
	}
	var h3 *Heading
	for _, h := range d.Headings {
		if h.Level == 3 {
			h3 = h
			break
		}
	}
	if h3 == nil || h3.Number != "2.1.1" {
		t.Errorf("first level-3 heading = %+v", h3)
	}
	// The source's broken "（图2-22）" now resolves to the skills-contest chart.
	found := false
	for _, ch := range d.Chapters {
		for _, b := range ch.Blocks {
			if p, ok := b.(*Para); ok {
				for _, r := range p.Runs {
					if r.Ref == "fig-contest-awards" {
						found = r.Text == "图2-19"
					}
				}
			}
		}
	}
	if !found {
		t.Error("reference to fig-contest-awards not printed as 图2-19")
	}
	last := d.Chapters[len(d.Chapters)-1]
	if !last.Appendix || last.Heading.Number != "" {
		t.Errorf("appendix chapter = %+v", last.Heading)
	}
}

func TestUnknownLabelIsAnError(t *testing.T) {
	r := &data.Report{Chapters: []*data.Chapter{{File: "a.md", Blocks: []*data.Block{
		{Kind: data.BHeading, Level: 1, Numbered: true, Inlines: []data.Inline{{Text: "章"}}},
		{Kind: data.BParagraph, Inlines: []data.Inline{{Kind: data.IRef, Label: "nope", Pos: data.Pos{File: "a.md", Line: 3}}}},
	}}}}
	_, err := Build(r)
	if err == nil || !strings.Contains(err.Error(), "a.md:3") || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("err = %v", err)
	}
}

// Charts with gaps say so under the figure, rather than showing an empty slot silently.
func TestChartNotesNameMissingData(t *testing.T) {
	d := load(t)
	notes := map[string]string{}
	for _, f := range d.Figures {
		notes[f.Anchor] = f.Note
	}
	for label, want := range map[string]string{
		"fig-enrol-electronics": "2022年、2023年无数据",
		"fig-enrol-category":    "无数据",
		"fig-contest-awards":    "示例数据",
		"fig-destinations":      "2023年“其他”无数据",
	} {
		if !strings.Contains(notes[label], want) {
			t.Errorf("%s note = %q, want it to contain %q", label, notes[label], want)
		}
	}
	// fig-scale has all its data: its note is only the printed 注 from the workbook.
	if notes["fig-scale"] != "注：2023年数值由正文所给增减数推算。" {
		t.Errorf("fig-scale note = %q", notes["fig-scale"])
	}
}

func TestHeadingLevelSkipIsAnError(t *testing.T) {
	h := func(level, line int, text string) *data.Block {
		return &data.Block{Kind: data.BHeading, Level: level, Numbered: true, Inlines: []data.Inline{{Text: text}}, Pos: data.Pos{File: "a.md", Line: line}}
	}
	r := &data.Report{Chapters: []*data.Chapter{{File: "a.md", Blocks: []*data.Block{h(1, 1, "章"), h(3, 3, "小节")}}}}
	_, err := Build(r)
	if err == nil || !strings.Contains(err.Error(), "a.md:3") || !strings.Contains(err.Error(), "前面没有 2 级标题") {
		t.Fatalf("err = %v", err)
	}
}

// A case's 供稿 line is always printed; its 学校 line only with print_case_school, so
// the city example (whose case texts name their school) keeps its look.
func TestCaseAttribution(t *testing.T) {
	r, err := data.Load("../data/2024")
	if err != nil {
		t.Fatal(err)
	}
	var blk *data.Block
	for _, ch := range r.Chapters {
		for _, b := range ch.Blocks {
			if b.Kind == data.BCase && b.School != "" && blk == nil {
				blk = b
			}
		}
	}
	if blk == nil {
		t.Fatal("example has no case with a 学校 line")
	}
	find := func(d *Doc) *Case {
		for _, c := range d.Cases {
			if c.Anchor == blk.Label {
				return c
			}
		}
		t.Fatalf("case %s missing", blk.Label)
		return nil
	}
	d, err := Build(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range d.Cases {
		if len(c.Attribution) != 0 {
			t.Errorf("%s: example prints attribution %q by default", c.Number, c.Attribution)
		}
	}
	blk.Credit = "学生工作处"
	r.Meta.Settings.PrintCaseSchool = true
	d, err = Build(r)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(find(d).Attribution, "|")
	if want := "（学校：" + blk.School + "）|（供稿：学生工作处）"; got != want {
		t.Errorf("attribution %q, want %q", got, want)
	}
}
