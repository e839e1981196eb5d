package data

import (
	"strings"
	"testing"
)

// FuzzScanFigures: any paragraph text scans without panicking, and every figure found
// is a number of the text followed by its unit.
func FuzzScanFigures(f *testing.F) {
	for _, s := range []string{
		"2024年全市中职学校教职工总数2267人，生师比16.61:1。",
		"“211”大学、第十九届、0731-28888888、5G、3+2",
		"较上年增加1084人；减少301人。", "", "。，、", "1", "9%", "１２３人",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fig := range scanFigures(s, func(int) bool { return true }) {
			if !strings.Contains(s, fig.Text) || fig.Unit == "" {
				t.Fatalf("figure %+v not in %q", fig, s)
			}
		}
		_ = clauseBefore(s)
		_ = sinceNumber(s)
	})
}

// FuzzDerivations: any 派生 cell parses into declarations or errors, never a panic, and
// a parsed declaration evaluates.
func FuzzDerivations(f *testing.F) {
	for _, s := range []string{"增幅 = 2024年 − 2023年", "合计 = 求和", "生师比 = 落实政策!在校生 ÷ 落实政策!专任教师", "a = 1 + 2 × 3", "=", "x = -", "；；", "y = a / 0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var errs ErrorList
		for _, d := range parseDerivations(s, Pos{File: "w.xlsx"}, &errs) {
			if d.expr == "求和" || strings.EqualFold(d.expr, "sum") {
				continue
			}
			vals := make([]float64, len(d.terms))
			for i := range vals {
				vals[i] = float64(i)
			}
			d.eval(vals)
			d.show(make([]string, len(d.terms)))
		}
	})
}

// FuzzReferences: any [=…] reference or rule place resolves or fails with an error.
func FuzzReferences(f *testing.F) {
	dir := f.TempDir()
	writeAuditReport(f, dir, 2024, "# 一\n\n正文。", "", defaultAuditSheets(2024))
	r, _ := Load(dir)
	if r == nil || r.grids == nil {
		f.Skip("test report did not load")
	}
	for _, s := range []string{"满意度比较!2024年:家长满意度", "满意度比较!D2|0", "学生规模!增加:招生数", "落实政策!C2:D5", "|", "!:", "a!b:c|9", "数值|1", "教学资源!Z9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r.resolveGridRef(s)
		r.ruleCells(s)
	})
}
