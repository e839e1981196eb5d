package data

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// auditSheets is a small city report's data: 附表6-like 落实政策 and 教学资源 tables (the
// teacher counts of the example's source), a satisfaction table with a 增幅 column, a
// training table with a 合计 row, and a 学生规模 chart.
type auditSheets struct {
	index  [][]any // 清单 rows after the header
	sheets map[string][][]any
	twoDec map[string]string // sheet -> range printed with two decimals
}

func defaultAuditSheets(year int) auditSheets {
	y0, y1 := yearHead(year-1), yearHead(year)
	return auditSheets{
		index: [][]any{
			{"tab-policy", "表格", "落实政策", "落实政策表", "", 1, "", "", ""},
			{"tab-resources", "表格", "教学资源", "教学资源表", "", 1, "", "", "生师比 = 落实政策!全日制在校生人数 ÷ 落实政策!专任教师总数"},
			{"tab-sat", "表格", "满意度比较", "满意度比较（单位：%）", "", 1, "", "", "增幅 = " + y1 + " − " + y0},
			{"tab-train", "表格", "教师培训", "教师培训统计表", "", 1, "", "", "合计 = 求和"},
			{"fig-scale", "分组柱状图", "学生规模", "招生数与在校生数", "", 1, "", "", "增加 = " + y1 + " − " + y0 + "；减少 = " + y0 + " − " + y1},
		},
		sheets: map[string][][]any{
			"落实政策": {
				{"指标", "单位", y0, y1},
				{"全日制在校生人数", "人", 29605, 29304},
				{"教职工总数", "人", 2347, 2570},
				{"其中：专任教师总数", "人", 2015, 2109},
				{"思政课教师数", "人", 48, 155},
			},
			"教学资源": {
				{"指标", "单位", y0, y1},
				{"生师比", ":", 15, 13.79},
				{"专业数量", "个", 49, 140},
			},
			"满意度比较": {
				{"指标", y0, y1, "增幅"},
				{"家长满意度", 90, 96.04, 6.04},
				{"在校生满意度", 92.1, 91, 2.9},
				{"毕业生满意度", 96, 96.14, nil},
			},
			"教师培训": {
				{"培训层次", "参加培训人数（人）"},
				{"国家级培训", 192},
				{"省级培训", 45},
				{"合计", nil},
			},
			"学生规模": {
				{"指标", y0, y1},
				{"招生数", 9354, 10438},
				{"在校生数", 29605, 29304},
			},
		},
		twoDec: map[string]string{"满意度比较": "B2:D4", "教学资源": "D2:D2"},
	}
}

func yearHead(y int) string { return strconv.Itoa(y) + "年" }

// writeAuditReport writes a report folder with one chapter and the given workbook.
func writeAuditReport(t testing.TB, dir string, year int, chapter, yamlExtra string, s auditSheets) {
	t.Helper()
	for _, d := range []string{"chapters", "workbooks"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	yaml := "title: 测试报告\nyear: " + strconv.Itoa(year) + "\nissuer: 某市教育局\npublished: " + strconv.Itoa(year+1) + "-02-19\n" +
		"statement:\n  text: 某市教育局负责。\nchapters: [chapters/01.md]\nworkbooks: [workbooks/数据.xlsx]\n" + yamlExtra
	if err := os.WriteFile(filepath.Join(dir, "report.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	var placed strings.Builder
	for _, row := range s.index {
		kind := "table"
		if row[1] != "表格" {
			kind = "chart"
		}
		placed.WriteString("\n::: " + kind + " " + row[0].(string) + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "chapters/01.md"), []byte(chapter+"\n"+placed.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", IndexSheet)
	rows := [][]any{append(toAny(indexHeader), "注", "派生")}
	rows = append(rows, s.index...)
	if err := setRows(f, IndexSheet, rows); err != nil {
		t.Fatal(err)
	}
	two, _ := f.NewStyle(&excelize.Style{NumFmt: 2})
	for _, name := range sortedKeys(s.sheets) {
		f.NewSheet(name)
		if err := setRows(f, name, s.sheets[name]); err != nil {
			t.Fatal(err)
		}
		if rg, ok := s.twoDec[name]; ok {
			a, b, _ := strings.Cut(rg, ":")
			f.SetCellStyle(name, a, b, two)
		}
	}
	if err := f.SaveAs(filepath.Join(dir, "workbooks/数据.xlsx")); err != nil {
		t.Fatal(err)
	}
}

func warningsAt(r *Report, sub string) []string {
	var out []string
	for _, w := range r.Warnings {
		if strings.Contains(w.Error(), sub) {
			out = append(out, w.Error())
		}
	}
	return out
}

// The source report's chapter 2 says 教职工总数2267人、专任教师1836人、生师比16.61:1 where
// its 附表6 says 2570 and 2109 and its 附表3 13.79: check names each pair.
func TestTeacherCountContradiction(t *testing.T) {
	dir := t.TempDir()
	writeAuditReport(t, dir, 2024, "# 发展保障\n\n据调研数据统计，2024年全市中职学校教职工总数2267人，生师比16.61:1。其中，专任教师1836人，思政课教师155人。", "", defaultAuditSheets(2024))
	r, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"2267人":   "落实政策!D3",
		"16.61:1": "教学资源!D2",
		"1836人":   "落实政策!D4",
	}
	for fig, cell := range want {
		ws := warningsAt(r, "正文数字 "+fig)
		if len(ws) != 1 || !strings.Contains(ws[0], "chapters/01.md:3") || !strings.Contains(ws[0], cell) {
			t.Errorf("%s: warnings %q, want one at chapters/01.md:3 naming %s", fig, ws, cell)
		}
	}
	if len(r.Audit.Contradictions) != 3 {
		t.Errorf("contradictions = %+v, want 3", r.Audit.Contradictions)
	}
	// 155 is the 附表6 value: a suggestion, not a warning.
	if len(r.Audit.Suggestions) != 1 || r.Audit.Suggestions[0].Bind != "[=落实政策!2024年:思政课教师数]" {
		t.Errorf("suggestions = %+v", r.Audit.Suggestions)
	}
	// The derived 生师比 (29304 ÷ 2109 = 13.89) differs from the typed 13.79: both values.
	if ws := warningsAt(r, "教学资源!D2: 派生值"); len(ws) != 1 || !strings.Contains(ws[0], "13.89") || !strings.Contains(ws[0], "13.79") {
		t.Errorf("derived 生师比: %q", ws)
	}
}

// Years, dates, ordinals, quoted names, telephone numbers and numbers glued to Latin
// letters are not figures; numbers in a case box or next to a school's name are about
// that school and never raise a warning.
func TestTypedFiguresFewFalseAlarms(t *testing.T) {
	dir := t.TempDir()
	chapter := "# 基本情况\n\n" +
		"2025年2月19日，第十九届“文明风采”活动在5G实训室举行，学生保送“211”大学，开设“3+2”班，咨询电话0731-28888888。\n\n" +
		"2024年，全市招生10438人，较上年增加1084人；在校生29304人。\n\n" +
		"全日制在校生人数示例学校甲招生300人。\n\n" +
		"::: case case-a\n标题：一所学校\n\n学校招生300人，教职工总数120人。\n:::\n"
	s := defaultAuditSheets(2024)
	s.index = append(s.index, []any{"tab-schools", "表格", "学校一览", "学校一览表", "", 1, "", "", ""})
	s.sheets["学校一览"] = [][]any{{"序号", "学校"}, {1, "示例学校甲"}, {2, "示例学校乙"}}
	writeAuditReport(t, dir, 2024, chapter, "", s)
	r, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var typed []string
	for _, f := range r.Audit.Typed {
		typed = append(typed, f.Text+f.Unit)
	}
	if got, want := strings.Join(typed, " "), "10438人 1084人 29304人 300人 300人 120人"; got != want {
		t.Errorf("figures = %q, want %q", got, want)
	}
	if ws := warningsAt(r, "正文数字"); len(ws) != 0 {
		t.Errorf("false alarms: %q", ws)
	}
	binds := map[string]string{}
	for _, m := range r.Audit.Suggestions {
		binds[m.Text] = m.Bind
	}
	if binds["10438"] != "[=学生规模!2024年:招生数]" || binds["1084"] != "[=学生规模!增加:招生数]" || binds["29304"] == "" {
		t.Errorf("suggestions = %v", binds)
	}
}

func TestDerivedValues(t *testing.T) {
	dir := t.TempDir()
	writeAuditReport(t, dir, 2024, "# 一\n\n招生较上年增加[=学生规模!增加:招生数]人，在校生减少[=学生规模!减少:在校生数]人，家长满意度提升[=满意度比较!增幅:家长满意度|1]%。", "", defaultAuditSheets(2024))
	r, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, in := range r.Chapters[0].Blocks[1].Inlines {
		text.WriteString(in.Text)
	}
	if got := text.String(); got != "招生较上年增加1084人，在校生减少301人，家长满意度提升6.0%。" {
		t.Errorf("bound text = %q", got)
	}
	// 增幅: 6.04 agrees, 2.90 is typed but 91.00 − 92.10 = −1.10, the empty cell is filled.
	if ws := warningsAt(r, "满意度比较!D3"); len(ws) != 1 || !strings.Contains(ws[0], "-1.10") || !strings.Contains(ws[0], "2.90") {
		t.Errorf("增幅 warnings: %q", ws)
	}
	if c := r.Tables["tab-sat"].Rows[3][3]; c.Text != "0.14" || !c.Numeric {
		t.Errorf("empty 增幅 cell = %+v, want the computed 0.14", c)
	}
	if c := r.Tables["tab-train"].Rows[3][1]; c.Text != "237" {
		t.Errorf("合计 = %q, want 237", c.Text)
	}
	computed := 0
	for _, d := range r.Audit.Derived {
		if d.Typed == "" {
			computed++
		}
	}
	if computed != 2 {
		t.Errorf("computed cells = %d, want 2 (增幅 and 合计): %+v", computed, r.Audit.Derived)
	}

	// A malformed declaration is an error naming the 清单 cell.
	s := defaultAuditSheets(2024)
	s.index[2][8] = "增幅 2024年 − 2023年"
	dir2 := t.TempDir()
	writeAuditReport(t, dir2, 2024, "# 一\n\n正文。", "", s)
	if _, err := Load(dir2); err == nil || !strings.Contains(err.Error(), "清单!I4") {
		t.Errorf("bad 派生: %v", err)
	}
}

func TestRules(t *testing.T) {
	root := t.TempDir()
	rules := `rules:
  - equal: [学生规模!2024年:在校生数, 落实政策!2024年:全日制在校生人数]
  - equal: [学生规模!2024年:招生数, 落实政策!2024年:教职工总数]
  - sum: {total: 教师培训!B4, parts: [教师培训!B2:B3]}
  - sum: {total: 落实政策!D3, parts: [落实政策!D4:D5]}
  - range: {cells: 满意度比较!B2:C4, min: 0, max: 95}
  - count: 教学资源!C2:D3
  - yoy: {table: 落实政策, max: 10}
`
	writeAuditReport(t, filepath.Join(root, "2024"), 2024, "# 一\n\n正文。", rules, defaultAuditSheets(2024))
	r, err := Load(filepath.Join(root, "2024"))
	if err != nil {
		t.Fatal(err)
	}
	res := r.Audit.Rules
	if len(res) != 7 {
		t.Fatalf("rules run = %d", len(res))
	}
	failed := []int{}
	for i, x := range res {
		if x.Failed > 0 {
			failed = append(failed, i)
		}
	}
	if res[6].NotRun == "" || !strings.Contains(res[6].NotRun, "2023") {
		t.Errorf("yoy without last year's folder: %+v", res[6])
	}
	if got := fmt.Sprint(failed); got != "[1 3 4 5]" {
		t.Errorf("failed rules %v, want equal #2, sum #2, range, count", failed)
	}
	// Each failure names both places.
	for _, want := range []string{"学生规模!C2", "落实政策!D3"} {
		if ws := warningsAt(r, "规则 学生规模!2024年:招生数"); len(ws) != 1 || !strings.Contains(ws[0], want) {
			t.Errorf("equal failure %q lacks %s", ws, want)
		}
	}
	if ws := warningsAt(r, "教学资源!D2: 规则"); len(ws) != 1 || !strings.Contains(ws[0], "不是整数") {
		t.Errorf("count: %q", ws)
	}
	if ws := warningsAt(r, "满意度比较!C2: 规则"); len(ws) != 1 || !strings.Contains(ws[0], "大于 95") {
		t.Errorf("range: %q", ws)
	}

	// With last year's folder: its 2023 figures must be the ones printed now, and no
	// figure may change by more than 10 %.
	last := defaultAuditSheets(2023)
	last.sheets["落实政策"][1][3] = 29605 // 全日制在校生人数 2023 as printed last year: agrees
	last.sheets["落实政策"][2][3] = 2300  // 教职工总数 2023 last year: 2300, now 2347
	last.sheets["落实政策"][4][3] = 50    // 思政课教师数 2023: 50 → 155 this year (+210 %)
	last.sheets["落实政策"][4][2] = 40
	writeAuditReport(t, filepath.Join(root, "2023"), 2023, "# 一\n\n正文。", "", last)
	r, err = Load(filepath.Join(root, "2024"))
	if err != nil {
		t.Fatal(err)
	}
	yoy := r.Audit.Rules[6]
	if yoy.NotRun != "" || yoy.Failed == 0 {
		t.Fatalf("yoy = %+v", yoy)
	}
	ws := warningsAt(r, "与上年报告相比")
	joined := strings.Join(ws, "\n")
	if !strings.Contains(joined, "落实政策!C3") || !strings.Contains(joined, "2300") || !strings.Contains(joined, filepath.Join(root, "2023")) {
		t.Errorf("restated 2023 figure not reported with both places:\n%s", joined)
	}
	if !strings.Contains(joined, "落实政策!D5") || !strings.Contains(joined, "变化") {
		t.Errorf("a change over 10%% not reported:\n%s", joined)
	}
}

func TestAcceptWarnings(t *testing.T) {
	dir := t.TempDir()
	accept := `accept:
  - at: chapters/01.md:3
    what: 2267人
    reason: 正文为调研数据，附表为统计数据
    by: 张三
  - at: chapters/01.md:3
    what: 1836人
    reason: 同上
    by: 张三
  - at: chapters/01.md:9
    reason: 没有这个警告
    by: 张三
`
	writeAuditReport(t, dir, 2024, "# 一\n\n2024年全市中职学校教职工总数2267人。其中，专任教师1836人，生师比16.61:1。", accept, defaultAuditSheets(2024))
	r, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Audit.Accepted) != 2 || r.Audit.Accepted[0].Reason == "" || r.Audit.Accepted[0].By != "张三" {
		t.Errorf("accepted = %+v", r.Audit.Accepted)
	}
	if ws := warningsAt(r, "正文数字 2267"); len(ws) != 0 {
		t.Errorf("accepted warning still listed: %q", ws)
	}
	if ws := warningsAt(r, "正文数字 16.61:1"); len(ws) != 1 {
		t.Errorf("the unaccepted warning: %q", ws)
	}
	if ws := warningsAt(r, "report.yaml:"); len(ws) != 1 || !strings.Contains(ws[0], "chapters/01.md:9") || !strings.Contains(ws[0], "没有对应的警告") {
		t.Errorf("an acceptance matching nothing: %q", ws)
	}
	listing := r.Listing()
	for _, want := range []string{"已接受的警告：2 个", "理由：正文为调研数据，附表为统计数据（张三）", "未接受的警告：4 个"} {
		if !strings.Contains(listing, want) {
			t.Errorf("listing lacks %q:\n%s", want, listing)
		}
	}

	// No reason, no name: errors.
	dir2 := t.TempDir()
	writeAuditReport(t, dir2, 2024, "# 一\n\n正文。", "accept:\n  - at: chapters/01.md:3\n    by: 张三\n  - at: chapters/01.md:3\n    reason: 理由\n", defaultAuditSheets(2024))
	_, err = Load(dir2)
	if err == nil || !strings.Contains(err.Error(), "缺少 reason") || !strings.Contains(err.Error(), "缺少 by") {
		t.Errorf("acceptances without reason or name: %v", err)
	}
}

// The example: every contradiction of the source is found and accepted with a reason,
// every rule passes, and no typed figure that has a workbook source is left unbound.
func TestExampleAudit(t *testing.T) {
	r, err := Load("2024")
	if err != nil {
		t.Fatal(err)
	}
	a := &r.Audit
	if len(r.Warnings) != 0 {
		t.Errorf("unaccepted warnings:\n%v", r.Warnings)
	}
	if len(a.Suggestions) != 0 {
		t.Errorf("typed figures that could be bound: %+v", a.Suggestions)
	}
	if len(a.Contradictions) != 10 {
		t.Errorf("contradictions = %d, want the 10 of the source", len(a.Contradictions))
	}
	found := false
	for _, x := range a.Accepted {
		if strings.Contains(x.Warning.Msg, "2267人") && strings.Contains(x.Warning.Msg, "2570") {
			found = true
		}
	}
	if !found {
		t.Error("the teacher-count contradiction (2267 vs 2570) is not among the accepted warnings")
	}
	// One rule fails on the source's own data (表8-1's 10420 against 图1-1's 10438), and
	// its warning is accepted.
	for _, x := range a.Rules {
		if x.Failed > 0 && !strings.Contains(x.What, "公民办招生!中职招生") {
			t.Errorf("rule %s failed", x.What)
		}
	}
	if len(a.Rules) < 20 || len(a.Bound) < 40 {
		t.Errorf("rules %d, bound figures %d", len(a.Rules), len(a.Bound))
	}
}

// A “last year” folder that is not last year's report (here: the same year, which would
// load itself for ever) is reported, not followed.
func TestRuleYoYWrongYear(t *testing.T) {
	root := t.TempDir()
	rules := "rules:\n  - yoy: {table: 落实政策}\n"
	writeAuditReport(t, filepath.Join(root, "2023"), 2024, "# 一\n\n正文。", rules, defaultAuditSheets(2024))
	r, err := Load(filepath.Join(root, "2023"))
	if err != nil {
		t.Fatal(err)
	}
	// The folder 2023 holding a 2024 report is its own “last year”: reported, not loaded.
	if ws := warningsAt(r, "不是 2023 年的报告（year: 2024）"); len(ws) != 1 {
		t.Errorf("warnings = %v", r.Warnings)
	}
	writeAuditReport(t, filepath.Join(root, "2024"), 2024, "# 一\n\n正文。", rules, defaultAuditSheets(2024))
	r, err = Load(filepath.Join(root, "2024"))
	if err != nil {
		t.Fatal(err)
	}
	if ws := warningsAt(r, "不是 2023 年的报告（year: 2024）"); len(ws) != 1 {
		t.Errorf("warnings = %v", r.Warnings)
	}
}

// The city's table is the sum of its schools' reports when they are there.
func TestRuleSchools(t *testing.T) {
	root := t.TempDir()
	city := filepath.Join(root, "city")
	rule := "rules:\n  - schools: {table: 落实政策, dir: schools}\n"
	writeAuditReport(t, city, 2024, "# 一\n\n正文。", rule, defaultAuditSheets(2024))
	r, err := Load(city)
	if err != nil {
		t.Fatal(err)
	}
	if x := r.Audit.Rules[0]; x.NotRun == "" {
		t.Errorf("without school data the rule should not run: %+v", x)
	}
	school := func(name string, teachers, staff any) {
		s := defaultAuditSheets(2024)
		s.sheets["落实政策"] = [][]any{
			{"指标", "单位", "2023年", "2024年"},
			{"全日制在校生人数", "人", nil, nil},
			{"教职工总数", "人", nil, staff},
			{"其中：专任教师总数", "人", nil, teachers},
		}
		writeAuditReport(t, filepath.Join(city, "schools", name), 2024, "# 一\n\n正文。", "", s)
	}
	school("a", 1000, 1500)
	school("b", 1000, 1070)
	r, err = Load(city)
	if err != nil {
		t.Fatal(err)
	}
	x := r.Audit.Rules[0]
	if x.NotRun != "" || x.Checked != 2 || x.Failed != 1 {
		t.Fatalf("schools rule = %+v, want 2 compared (教职工 2570 = 1500 + 1070, 专任教师 2109 ≠ 2000), 1 failed", x)
	}
	ws := warningsAt(r, "各校之和")
	if len(ws) != 1 || !strings.Contains(ws[0], "落实政策!D4") || !strings.Contains(ws[0], "2000") || !strings.Contains(ws[0], "a D4=1000") {
		t.Errorf("warning = %q, want one at 落实政策!D4 naming the schools' cells", ws)
	}
}
