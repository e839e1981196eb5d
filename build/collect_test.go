package build

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reportc/reportc/data"
	"github.com/xuri/excelize/v2"
)

// TestCollect: two schools' filled workbooks → the city workbook → check on the city
// report names the city figure that disagrees with the schools' sum, passes the one
// that agrees, and names every school that has not reported.
func TestCollect(t *testing.T) {
	city, err := data.Load("../data/2024")
	if err != nil {
		t.Fatal(err)
	}
	enrol, _ := strconv.Atoi(city.Values["招生数"].Text)
	students, _ := strconv.Atoi(city.Values["在校生数"].Text)
	if enrol == 0 || students == 0 {
		t.Fatalf("the example lacks 招生数/在校生数: %v", city.Values)
	}
	tmp := t.TempDir()
	schools := []string{"醴陵市陶瓷烟花职业技术学校", "炎陵县职业技术学校"}
	fill := map[string][2]int{"招生数": {1000, 2000}, "在校生数": {students - 100, 100}} // 招生数 disagrees
	var dirs []string
	for i, s := range schools {
		dir := filepath.Join(tmp, s)
		book := filepath.Join(dir, filepath.FromSlash(data.SchoolBookFile))
		os.MkdirAll(filepath.Dir(book), 0o755)
		if err := city.WriteSchoolBook(book, s); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenFile(book)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows(data.SchoolBasicSheet)
		for ri, r := range rows {
			if v, ok := fill[r[0]]; ok {
				f.SetCellInt(data.SchoolBasicSheet, "C"+strconv.Itoa(ri+1), int64(v[i]))
			}
		}
		f.Save()
		f.Close()
		dirs = append(dirs, dir)
	}
	cityDir := filepath.Join(tmp, "city")
	if err := os.CopyFS(cityDir, os.DirFS("../data/2024")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(cityDir, "workbooks", "学校数据.xlsx")
	if _, _, err := Collect(dirs, filepath.Join(dirs[0], filepath.FromSlash(data.SchoolBookFile))); err == nil || !strings.Contains(err.Error(), "不能覆盖") {
		t.Errorf("collect overwrote an input: %v", err)
	}
	got, skipped, err := Collect(append(dirs, tmp), out)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(skipped) != 1 {
		t.Errorf("collected %d schools, skipped %v", len(got), skipped)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("招生数")
	if len(rows) != 4 || rows[1][0] != schools[0] || rows[3][0] != "全市合计" || rows[3][1] != "3000" {
		t.Errorf("the 招生数 sheet: %v", rows)
	}
	f.Close()

	yml := filepath.Join(cityDir, "report.yaml")
	y, _ := os.ReadFile(yml)
	os.WriteFile(yml, append(y, []byte("\ncollected: workbooks/学校数据.xlsx\n")...), 0o644)
	r, err := data.Load(cityDir)
	if err != nil {
		t.Fatal(err)
	}
	warns := r.Warnings.Error()
	if !strings.Contains(warns, "数值 “招生数” 是 "+strconv.Itoa(enrol)+"，而各校报送之和是 3000") {
		t.Errorf("the seeded 招生数 disagreement is not reported:\n%s", warns)
	}
	if strings.Contains(warns, "“在校生数” 是") {
		t.Errorf("在校生数 agrees with the schools' sum but was reported:\n%s", warns)
	}
	missing := strings.Count(warns, "没有报送学校数据")
	if missing != 19 || strings.Contains(warns, "“"+schools[0]+"” 没有报送") {
		t.Errorf("%d schools reported missing, want 19:\n%s", missing, warns)
	}

	// A text in a number cell stops the collection at its cell; nothing is written.
	book := filepath.Join(dirs[1], filepath.FromSlash(data.SchoolBookFile))
	bf, _ := excelize.OpenFile(book)
	bf.SetCellStr(data.SchoolBasicSheet, "C4", "两千")
	bf.Save()
	bf.Close()
	os.Remove(out)
	if _, _, err := Collect(dirs, out); err == nil || !strings.Contains(err.Error(), "基本数据!C4: “在校生数” 应填整数，实际是 “两千”") {
		t.Errorf("want a located error, got %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed collection wrote its output")
	}
}
