package data

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// data/2023 holds the 2023 figures the 2024 report states, marked partial: the 2024
// report's yoy rules find them all equal, its inputs include data/2023's files, a
// changed 2023 figure is reported at the 2024 cell, and the official edition refuses the
// partial folder.
func TestTwoYears(t *testing.T) {
	last, err := Load("2023")
	if err != nil {
		t.Fatal(err)
	}
	if !last.Meta.Partial || len(last.Tables) != 6 {
		t.Fatalf("data/2023: partial %v, %d tables", last.Meta.Partial, len(last.Tables))
	}
	if got := last.OfficialProblems(nil).Error(); !strings.Contains(got, "partial: true") {
		t.Errorf("the official edition accepts a partial report:\n%s", got)
	}
	r, err := Load("2024")
	if err != nil {
		t.Fatal(err)
	}
	yoy := 0
	for _, res := range r.Audit.Rules {
		if res.Kind == "yoy" {
			yoy++
			if res.NotRun != "" || res.Failed != 0 || res.Checked == 0 {
				t.Errorf("yoy %s: %+v", res.What, res)
			}
		}
	}
	if yoy != 6 {
		t.Errorf("%d yoy rules, want 6", yoy)
	}
	abs, _ := filepath.Abs("2023/workbooks/2023数据.xlsx")
	if !slices.Contains(r.Inputs(), abs) {
		t.Errorf("the 2024 report's inputs lack %s", abs)
	}

	// A seeded disagreement: copy both years, change one 2023 figure.
	root := t.TempDir()
	for _, y := range []string{"2023", "2024"} {
		if err := os.CopyFS(filepath.Join(root, y), os.DirFS(y)); err != nil {
			t.Fatal(err)
		}
	}
	book := filepath.Join(root, "2023", "workbooks", "2023数据.xlsx")
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellInt("落实政策", "C2", 29000) // 全日制在校生人数: 29605 in the 2024 report
	f.Save()
	f.Close()
	r, err = Load(filepath.Join(root, "2024"))
	if err != nil {
		t.Fatal(err)
	}
	want := "workbooks/附表.xlsx 落实政策!C2: 规则 落实政策 与上年报告相比"
	if got := r.Warnings.Error(); !strings.Contains(got, want) || !strings.Contains(got, "= 29000") {
		t.Errorf("the changed 2023 figure is not reported (want %q):\n%s", want, got)
	}
}
