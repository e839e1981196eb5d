package data

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

const templateYAML = `# 报告设置（格式说明见 reportc 的 docs/格式说明.md）
title: %[5]s
subtitle: （%[2]d年度）
year: %[2]d
issuer: %[6]s
cover_date: %[2]d年
published: %[4]d-01-31          # 发布日期（YYYY-MM-DD），也是 PDF 的创建日期
web: ""
statement:
  text: |
    %[3]s对%[1]s（%[2]d年度）及相关附件的真实性、完整性和准确性负责。
    特此声明。
  date: %[4]d年1月
  seal: ""                        # 公章图片，如 images/seal.png
board:
  title: %[7]s
  members:
    - role: 主任
      names: [待填]
preface: preface.md
chapters: [chapters/01.md]
workbooks: [workbooks/数据.xlsx]
settings:
  draft: true                     # 草稿：缺少的照片以占位框代替；正式出版前改为 false
`

const templatePreface = `（前言：请在此处填写。每段之间空一行。）
`

const templateChapter = `# 基本情况

## 学校概况

（正文：请在此处填写，每段之间空一行。表格和图表用单独一行的 “::: table 标签”“::: chart 标签” 放置，
标签见工作簿的“清单”工作表。下一段演示两种引用：所数取自“数值”工作表的“学校数”，括号里的表号由标签生成。）

全市共有中职学校[=学校数]所（[@tab-example]）。

::: table tab-example

::: chart fig-example
`

// NewTemplate writes a new, loadable report folder for editors and data clerks to fill
// in: report.yaml, a preface and a chapter, and a workbook whose 清单, table, chart and
// 数值 sheets show the expected layout. Every number in it is marked 示例数据. It refuses
// to write into a folder that already holds files. Title and issuer are quoted in
// report.yaml, so any text loads back as it was.
func NewTemplate(dir, title, issuer string, year int) error {
	if err := checkField("标题", title); err != nil {
		return err
	}
	if err := checkField("发布单位", issuer); err != nil {
		return err
	}
	if year < 2000 || year > 2100 {
		return fmt.Errorf("年份应在 2000 到 2100 之间，实际是 %d", year)
	}
	if err := emptyTarget(dir); err != nil {
		return err
	}
	for _, d := range []string{"chapters", "workbooks", "images"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	files := map[string]string{
		"report.yaml": fmt.Sprintf(templateYAML, title, year, issuer, year+1,
			yamlQuote(title), yamlQuote(issuer), yamlQuote(fmt.Sprintf("《%s（%d年度）》编委会", title, year))),
		"preface.md":        templatePreface,
		"chapters/01.md":    templateChapter,
		"images/README.txt": "照片放在这里（PNG 或 JPEG），在正文中用 “::: photo 标签 images/文件名 图题” 放置。\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return writeTemplateWorkbook(filepath.Join(dir, "workbooks", "数据.xlsx"), year)
}

func writeTemplateWorkbook(path string, year int) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDDDDD"}, Pattern: 1}})
	twoDec, _ := f.NewStyle(&excelize.Style{NumFmt: 2}) // 0.00
	if err := f.SetSheetName("Sheet1", IndexSheet); err != nil {
		return err
	}
	rows := [][]any{
		append(toAny(indexHeader), "注"),
		{"tab-example", "表格", "学校一览", fmt.Sprintf("%d年中等职业学校一览表（示例）", year), "（填数据来源）", 1, "示例数据：请替换为本地数据", ""},
		{"fig-example", "分组柱状图", "学生规模", fmt.Sprintf("%d—%d年招生数与在校生数（示例）", year-1, year), "（填数据来源）", 1, "示例数据：请替换为本地数据", ""},
	}
	if err := setRows(f, IndexSheet, rows); err != nil {
		return err
	}
	f.SetCellStyle(IndexSheet, "A1", "H1", bold)
	f.SetColWidth(IndexSheet, "A", "C", 16)
	f.SetColWidth(IndexSheet, "D", "D", 40)
	f.SetColWidth(IndexSheet, "E", "H", 18)

	f.NewSheet("学校一览")
	setRows(f, "学校一览", [][]any{
		{"序号", "学校", "性质", "在校生数", "满意度（%）"},
		{1, "示例学校甲（示例数据）", "公办", 1200, 95.5},
		{2, "示例学校乙（示例数据）", "民办", 800, 93.25},
	})
	f.SetCellStyle("学校一览", "A1", "E1", bold)
	f.SetCellStyle("学校一览", "E2", "E3", twoDec)
	f.SetColWidth("学校一览", "B", "B", 30)

	f.NewSheet("学生规模")
	setRows(f, "学生规模", [][]any{
		{"类别", fmt.Sprintf("%d年", year-1), fmt.Sprintf("%d年", year)},
		{"招生数", 1000, 1100},
		{"在校生数", 3000, 3100},
	})
	f.SetCellStyle("学生规模", "A1", "C1", bold)

	f.NewSheet(ValuesSheet)
	setRows(f, ValuesSheet, [][]any{
		{"名称", "数值", "说明"},
		{"学校数", 2, "示例数据：正文中 [=学校数] 处印出此数"},
	})
	f.SetCellStyle(ValuesSheet, "A1", "C1", bold)
	f.SetColWidth(ValuesSheet, "C", "C", 40)

	// Clerk-proofing, as in a school's numbers workbook: an instructions sheet, frozen
	// headers, the header rows locked (rows may still be added and deleted), the data
	// area open, and validation of the number columns.
	if _, err := f.NewSheet(schoolHelpSheet); err != nil {
		return err
	}
	setRows(f, schoolHelpSheet, [][]any{
		{"数据工作簿填写说明"},
		{"1. “清单” 每行登记一个表格或图表：标签、类型、工作表名、标题、数据来源、表头行数、备注、注。"},
		{"2. 表格和图表的数字填在各自的工作表里；第 1 行（表头）已锁定，下面的行可以增删和填写。"},
		{"3. “数值” 工作表的每个名称可在正文中以 [=名称] 引用；数值列只接受数字。"},
		{"4. 性质只能填 公办 或 民办；满意度填 0 到 100 的数，不带 % 号；人数填整数。"},
		{"5. 示例数据请全部替换，并删去备注里的 “示例数据” 字样；填好后运行 reportc check。"},
	})
	f.SetColWidth(schoolHelpSheet, "A", "A", 100)
	f.SetCellStyle(schoolHelpSheet, "A1", "A1", bold)
	openStyle, _ := f.NewStyle(&excelize.Style{Protection: &excelize.Protection{Locked: false}})
	openTwoDec, _ := f.NewStyle(&excelize.Style{NumFmt: 2, Protection: &excelize.Protection{Locked: false}})
	const last = 500
	for _, sh := range []struct {
		name string
		cols string
	}{{IndexSheet, "H"}, {"学校一览", "E"}, {"学生规模", "C"}, {ValuesSheet, "C"}} {
		f.SetCellStyle(sh.name, "A2", fmt.Sprintf("%s%d", sh.cols, last), openStyle)
		f.SetPanes(sh.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
	f.SetCellStyle("学校一览", "E2", fmt.Sprintf("E%d", last), openTwoDec)
	for _, v := range []struct {
		sheet, col string
		row        schoolRow
	}{
		{"学校一览", "C", schoolRow{"性质", "", KindSector}},
		{"学校一览", "D", schoolRow{"在校生数", "人", KindWhole}},
		{"学校一览", "E", schoolRow{"满意度", "%", KindPercent}},
		{"学生规模", "B", schoolRow{"人数", "人", KindWhole}},
		{"学生规模", "C", schoolRow{"人数", "人", KindWhole}},
		{ValuesSheet, "B", schoolRow{"数值", "", KindNumber}},
	} {
		if err := addValidation(f, v.sheet, fmt.Sprintf("%s2:%s%d", v.col, v.col, last), v.row); err != nil {
			return err
		}
	}
	for _, name := range []string{IndexSheet, "学校一览", "学生规模", ValuesSheet} {
		if err := f.ProtectSheet(name, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatCells: true, InsertRows: true, DeleteRows: true}); err != nil {
			return err
		}
	}
	return f.SaveAs(path)
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func setRows(f *excelize.File, sheet string, rows [][]any) error {
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
	}
	return nil
}
