package data

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
)

func TestMarkPNGRoundTrip(t *testing.T) {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 3, 2)))
	if PNGMarker(b.Bytes()) != "" {
		t.Fatal("a plain PNG has a marker")
	}
	m := MarkPNG(b.Bytes(), MarkPlaceholder)
	if got := PNGMarker(m); got != MarkPlaceholder {
		t.Fatalf("marker %q", got)
	}
	// Still a valid PNG with the same pixels (the chunk's CRC is right).
	img, err := png.Decode(bytes.NewReader(m))
	if err != nil || img.Bounds().Dx() != 3 {
		t.Fatalf("marked PNG does not decode: %v", err)
	}
	if got := MarkPNG([]byte("not a png"), MarkPlaceholder); string(got) != "not a png" {
		t.Error("non-PNG data changed")
	}
}

func TestOfficialProblems(t *testing.T) {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4)))
	real := b.Bytes()
	r := &Report{
		Images: map[string][]byte{"a.png": real, "b.png": MarkPNG(real, MarkPlaceholder), "c.png": nil, "seal.png": MarkPNG(real, MarkSampleSeal)},
		Charts: map[string]*Chart{"fig-x": {Label: "fig-x", Example: true, Note: "示例数据", IndexPos: Pos{File: "w.xlsx", Sheet: "清单", Cell: "A3"}}},
		Tables: map[string]*Table{"tab-y": {Label: "tab-y", Note: "示例数据：请替换", IndexPos: Pos{File: "w.xlsx", Sheet: "清单", Cell: "A2"}}},
		Values: map[string]Value{"学校数": {Text: "2", Example: true, Pos: Pos{File: "w.xlsx", Sheet: "数值", Cell: "B2"}}},
	}
	r.Meta.Statement.Seal = "seal.png"
	at := func(line int) Pos { return Pos{File: "chapters/01.md", Line: line} }
	r.Chapters = []*Chapter{{File: "chapters/01.md", Blocks: []*Block{
		{Kind: BPhoto, File: "a.png", Pos: at(1)},
		{Kind: BPhoto, File: "b.png", Pos: at(2)},
		{Kind: BPhoto, File: "c.png", Pos: at(3)},
		{Kind: BParagraph, Pos: at(4), Inlines: []Inline{{Text: "学校共有【待填写】名教师。", Pos: at(4)}}},
		{Kind: BParagraph, Pos: at(5), Inlines: []Inline{{Text: "一切齐备。", Pos: at(5)}}},
	}}}
	var open ErrorList
	open.Add(Pos{File: "w.xlsx", Sheet: "表", Cell: "D2"}, "不一致")
	got := r.OfficialProblems(open).Error()
	for _, want := range []string{
		"chapters/01.md:2: 照片 “b.png” 是 reportc 生成的“照片待补”占位图",
		"chapters/01.md:3: 照片 “c.png” 缺少图片文件",
		"chapters/01.md:4: 还有待填写的内容（“【待填写】”）",
		"report.yaml: statement.seal “seal.png” 是 reportc 画的示例印章",
		"w.xlsx 清单!A3: 图表 “fig-x” 标为示例数据",
		"w.xlsx 清单!A2: 表格 “tab-y” 标为示例数据",
		"w.xlsx 数值!B2: 数值 “学校数” 标为示例数据",
		"w.xlsx 表!D2: 警告未处理：不一致",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "chapters/01.md:1:") || strings.Contains(got, "chapters/01.md:5:") {
		t.Errorf("a real photo or a finished paragraph was reported:\n%s", got)
	}
}
