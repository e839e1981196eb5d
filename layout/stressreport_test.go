package layout

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The stress report of issues 10 and 16 (testdata/stress/pages): a school's own
// quality report with department-signed cases, photos of extreme shapes, a 13-column
// numeric table, a 45-row merged group, tables of company and personal names, and
// charts of 15–40 categories, negatives, zeros, a single value and a huge range. Every
// figure in it is invented (示例数据). `go test ./layout -run StressReport
// -update-stress` rewrites the folder.
var updateStress = flag.Bool("update-stress", false, "rewrite testdata/stress/pages")

const stressDir = "../testdata/stress/pages"

func TestStressReport(t *testing.T) {
	if *updateStress {
		if err := writeStressReport(stressDir); err != nil {
			t.Fatal(err)
		}
	}
	if testing.Short() {
		t.Skip("draws the stress report's charts")
	}
	e, doc, b := buildReport(t, stressDir)
	checkSourceOrder(t, doc, b)
	t.Logf("stress report: %d pages; %s; %d blocks start a page", len(b.Pages), checkFill(t, e, b), checkStarts(t, e, doc, b))
	for _, pf := range fills(e, b) {
		if pf.empty > 0.2 {
			t.Logf("  page %s %.0f %% empty %s", pf.label, 100*pf.empty, pf.exempt)
		}
	}
	// Tables: cells fit at the size and width chosen; the wide one went landscape.
	for _, tab := range doc.Tables {
		ts := e.setTable(tab, e.textW)
		if !ts.fits {
			le := e.landscapeEngine()
			ts = le.setTable(tab, le.textW)
			if !b.Rotated[tab.Anchor] {
				t.Errorf("%s does not fit and is not on a landscape page", tab.Number)
			}
		}
		checkCells(t, ts)
	}
	if !b.Rotated["tab-monthly"] {
		t.Error("the 13-column table is not on a landscape page")
	}
	// No table part with a single body row (the group table's rows carry R-ids).
	for i, n := range rowsPerPage(b) {
		if n < 2 {
			t.Errorf("table part %d has a single body row", i+1)
		}
	}
	// Photos: the panorama takes the full width, the tall one is limited by height,
	// the tiny one is warned about.
	for _, p := range b.Pages {
		for _, pic := range p.Pictures {
			switch pic.Key {
			case "fig-pano":
				if math.Abs(pic.W-e.textW) > 0.5 && pic.W < e.textW*minFigureScale {
					t.Errorf("panorama %.1f mm wide, text width %.1f", pic.W, e.textW)
				}
			case "fig-tall":
				if pic.H > (e.bottom-e.top)*tallPhotoShare+1e-6 {
					t.Errorf("tall photo %.1f mm high", pic.H)
				}
			}
		}
	}
	if ws := e.PhotoWarnings(doc); len(ws) != 1 || !strings.Contains(ws.Error(), "images/tiny.png") {
		t.Errorf("photo warnings %v, want one for images/tiny.png", ws)
	}
}

// ---- the generator ----

func writeStressReport(dir string) error {
	for _, d := range []string{"chapters", "workbooks", "images"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	files := map[string]string{"report.yaml": stressYAML, "preface.md": "本报告为排版压力测试用的示例报告，其中所有数字、人名、企业名称均为虚构的示例数据，不代表任何学校的真实情况。\n", "chapters/01.md": stressChapter1, "chapters/02.md": stressChapter2}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	for _, im := range []struct {
		name string
		w, h int
	}{{"pano.png", 3601, 900}, {"tall.png", 901, 2700}, {"tiny.png", 160, 120}, {"usual.png", 1501, 1000}, {"square.png", 1203, 1200}} {
		if err := writeStripes(filepath.Join(dir, "images", im.name), im.w, im.h); err != nil {
			return err
		}
	}
	return writeStressWorkbook(filepath.Join(dir, "workbooks", "数据.xlsx"))
}

func writeStripes(path string, w, h int) error {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := uint8(200)
			if (x/40+y/40)%2 == 0 {
				v = 150
			}
			img.SetGray(x, y, color.Gray{Y: v})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return png.Encode(f, img)
}

func writeStressWorkbook(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "清单")
	index := [][]any{{"标签", "类型", "工作表", "标题", "数据来源", "表头行数", "备注"}}
	sheet := func(label, kind, name, caption string, header int, rows [][]any) {
		index = append(index, []any{label, kind, name, caption, "示例数据", header, "示例数据：排版压力测试"})
		f.NewSheet(name)
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			f.SetSheetRow(name, cell, &r)
		}
	}
	thousands, _ := f.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0

	// A 13-column numeric table.
	monthly := [][]any{{"专业部"}}
	for m := 1; m <= 12; m++ {
		monthly[0] = append(monthly[0], fmt.Sprintf("%d月经费（元）", m))
	}
	for r, dep := range []string{"机电专业部", "信息技术专业部", "财经商贸专业部", "轨道交通专业部", "艺术设计专业部", "现代农业专业部", "学前教育专业部", "公共基础部"} {
		row := []any{dep}
		for m := 1; m <= 12; m++ {
			row = append(row, 1000000+r*7919+m*104729)
		}
		monthly = append(monthly, row)
	}
	sheet("tab-monthly", "表格", "月度经费", "各专业部月度经费支出（示例数据）", 1, monthly)
	f.SetCellStyle("月度经费", "B2", "M9", thousands)

	// Eight numeric columns: steps down but stays portrait.
	eight := [][]any{{"年度", "招生数（人）", "在校生数（人）", "毕业生数（人）", "专任教师（人）", "实训工位（个）", "教学仪器（元）", "图书（册）"}}
	for y := 2019; y <= 2024; y++ {
		eight = append(eight, []any{fmt.Sprintf("%d年", y), 1200 + y%7*31, 3600 + y%5*97, 1100 + y%3*41, 210 + y%4, 1800 + y%6*13, 45000000 + y%9*1234567, 180000 + y%8*2345})
	}
	sheet("tab-years", "表格", "历年概况", "2019—2024年办学规模（示例数据）", 1, eight)
	f.SetCellStyle("历年概况", "B2", "H7", thousands)

	// A 45-row merged group between two short ones.
	county := [][]any{{"县（市、区）", "学校", "在校生数"}}
	id := 0
	var merges [][2]int
	for _, g := range []struct {
		name string
		n    int
	}{{"甲县", 3}, {"乙县", 45}, {"丙县", 4}} {
		start := len(county) + 1
		for i := 0; i < g.n; i++ {
			id++
			name := ""
			if i == 0 {
				name = g.name
			}
			county = append(county, []any{name, fmt.Sprintf("示例学校R%04d", id), 300 + id*17})
		}
		merges = append(merges, [2]int{start, len(county)})
	}
	sheet("tab-county", "表格", "分县学校", "各县（市、区）学校在校生数（示例数据）", 1, county)
	for _, m := range merges {
		f.MergeCell("分县学校", fmt.Sprintf("A%d", m[0]), fmt.Sprintf("A%d", m[1]))
	}

	// Company and personal names.
	names := [][]any{{"序号", "合作企业", "指导教师", "获奖学生"},
		{1, "株洲示例轨道交通装备制造有限公司", "胡嘉豪", "欧阳明月、李娜、王小·明"},
		{2, "湖南示例陶瓷新材料科技有限公司", "司马相如", "陈闽湘、邓飞扬、殷幸妤、曾子怡、汤梦怡"},
		{3, "示例智能制造技术应用", "阿依古丽·买买提", "张三丰、赵敏"},
		{4, "示例现代农业开发有限公司", "刘洋", "周芷若、宋青书、殷梨亭、莫声谷"},
		{5, "示例（株洲）汽车零部件有限责任公司", "诸葛明亮", "钱多多、孙悟空"},
	}
	sheet("tab-names", "表格", "校企合作", "校企合作企业与获奖学生（示例数据）", 1, names)

	// Charts.
	catRows := func(n int, long bool, series []string, value func(i, j int) float64) [][]any {
		rows := [][]any{{"类别"}}
		for _, s := range series {
			rows[0] = append(rows[0], s)
		}
		for i := 0; i < n; i++ {
			name := fmt.Sprintf("类别%d", i+1)
			if long {
				name = fmt.Sprintf("示例职业技术学校第%d分校", i+1)
			}
			row := []any{name}
			for j := range series {
				row = append(row, value(i, j))
			}
			rows = append(rows, row)
		}
		return rows
	}
	wave := func(i int, scale, shift float64) float64 { return math.Round(scale*math.Sin(float64(i)*0.9) + shift) }
	sheet("fig-c15", "柱状图", "图15", "15所分校在校生数（示例数据）", 1, catRows(15, true, []string{"人数"}, func(i, _ int) float64 { return wave(i, 400, 600) }))
	sheet("fig-c25", "柱状图", "图25", "25所分校在校生数（示例数据）", 1, catRows(25, true, []string{"人数"}, func(i, _ int) float64 { return wave(i, 400, 600) }))
	sheet("fig-c40", "柱状图", "图40", "40个专业点招生数（示例数据）", 1, catRows(40, false, []string{"人数"}, func(i, _ int) float64 { return wave(i, 400, 600) }))
	sheet("fig-neg", "分组柱状图", "增减", "各分校招生数增减（示例数据）", 1, catRows(6, true, []string{"2023年", "2024年"}, func(i, j int) float64 { return wave(i+j, 50, float64(5-15*j)) }))
	sheet("fig-hneg", "条形图", "条形增减", "各分校就业人数增减（示例数据）", 1, catRows(8, true, []string{"增减"}, func(i, _ int) float64 { return wave(i, 120, 0) }))
	sheet("fig-line", "折线图", "折线", "三个专业部的月度变化（示例数据）", 1, catRows(12, false, []string{"甲部", "乙部", "丙部"}, func(i, j int) float64 { return wave(i, 30-5*float64(j), float64(j*3-2)) }))
	sheet("fig-zero", "柱状图", "零值", "尚未开始招生的专业点（示例数据）", 1, catRows(5, false, []string{"人数"}, func(int, int) float64 { return 0 }))
	sheet("fig-one", "柱状图", "单值", "全校一个数（示例数据）", 1, [][]any{{"类别", "人数"}, {"全校", 1}})
	sheet("fig-huge", "柱状图", "大跨度", "经费跨度很大的四个项目（示例数据）", 1, [][]any{{"项目", "经费（元）"}, {"项目一", 1}, {"项目二", 2500}, {"项目三", 3500000}, {"项目四", 150000000}})
	sheet("fig-pie", "饼图", "饼图", "各分校学生占比（示例数据）", 1, catRows(9, true, []string{"人数"}, func(i, _ int) float64 { return float64(30 - 3*i) }))

	for i, r := range index {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("清单", cell, &r)
	}
	return f.SaveAs(path)
}

const stressYAML = `title: 示例职业技术学校质量年度报告
subtitle: （2024年度）
year: 2024
issuer: 示例职业技术学校
cover_date: 二〇二五年一月
published: 2025-01-31
web: ""
statement:
  text: |
    示例职业技术学校对本报告（排版压力测试用示例数据）的真实性、完整性和准确性负责。
    特此声明。
  date: 2025年1月
  seal: ""
board:
  title: 《示例职业技术学校质量年度报告（2024年度）》编委会
  members:
    - role: 主任
      names: [示例]
preface: preface.md
chapters: [chapters/01.md, chapters/02.md]
workbooks: [workbooks/数据.xlsx]
settings:
  draft: false
  body_size: 12
  numbering: "1.1.1"
  page: {width: 210, height: 297, top: 37, bottom: 35, inner: 28, outer: 26}
`

var stressPara = "学校坚持立德树人根本任务，深化产教融合、校企合作，以专业群建设为抓手，推进“岗课赛证”综合育人，人才培养质量稳步提升。本段文字为示例数据，仅用于检验排版。"

var stressChapter1 = strings.NewReplacer("{P}", stressPara).Replace(`# 学校概况

## 办学规模

{P}{P}

::: table tab-years

{P}

::: photo fig-pano images/pano.png 校园全景（示例照片）

{P}{P}{P}

::: photo fig-tall images/tall.png 实训楼立面（示例照片）

{P}

### 分县生源

{P}{P}

::: table tab-county

{P}

### 经费

{P}

::: table tab-monthly

{P}{P}

## 校企合作

{P}{P}{P}

::: table tab-names

::: case case-dept
标题：学生工作处推进“三全育人”
学校：学生工作处

{P}{P}

{P}

:::

{P}

::: photo fig-tiny images/tiny.png 一张分辨率很低的照片（示例照片）

{P}{P}

::: case case-jiaowu
标题：教务处推进课堂革命
学校：教务处

{P}{P}{P}

:::

::: photo fig-usual images/usual.png 课堂教学（示例照片）

::: photo fig-square images/square.png 技能大赛（示例照片）

{P}
`)

var stressChapter2 = strings.NewReplacer("{P}", stressPara).Replace(`# 图表

## 类别多的图

{P}

::: chart fig-c15

{P}

::: chart fig-c25

{P}{P}

::: chart fig-c40

## 负值、零和大跨度

{P}

::: chart fig-neg

::: chart fig-hneg

{P}{P}

::: chart fig-line

{P}

::: chart fig-zero

::: chart fig-one

{P}

::: chart fig-huge

## 饼图

{P}

::: chart fig-pie

{P}
`)
