package build

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/reportc/reportc/data"
)

// TestDraftAllExample builds the draft of every school of the example and checks each:
// the school's name on the cover and the statement page (pdftotext), its own rows of
// the city's tables and its own cases, no other school's row or case, and at least one
// ::: todo placeholder.
func TestDraftAllExample(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is not installed; run `make deps`")
	}
	city, err := data.Load("../data/2024")
	if err != nil {
		t.Fatal(err)
	}
	list := city.SchoolList()
	if len(list) != 21 {
		t.Fatalf("%d schools on the example's school list, want 21", len(list))
	}
	// What each school should get: its rows per table and its cases.
	wantRows := map[string]int{}
	wantCases := map[string]int{}
	for _, label := range []string{"tab-schools", "tab-headteacher-contest", "tab-teaching-contest", "tab-startup-contest", "tab-pathways", "tab-famous-teachers"} {
		tb := city.Tables[label]
		for ri := tb.HeaderRows; ri < len(tb.Rows); ri++ {
			for _, s := range city.RowSchools(list, tb, ri) {
				wantRows[s+"|"+label]++
			}
		}
	}
	var visit func(bs []*data.Block)
	visit = func(bs []*data.Block) {
		for _, b := range bs {
			if b.Kind == data.BCase {
				for _, s := range data.NamedSchools(list, b.School) {
					wantCases[s]++
				}
			}
		}
	}
	for _, ch := range city.Chapters {
		visit(ch.Blocks)
	}

	out := t.TempDir()
	res, unmatched, err := DraftAll("../data/2024", out)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 21 {
		t.Fatalf("%d drafts, want 21", len(res))
	}
	if len(unmatched) == 0 || !strings.Contains(unmatched.Error(), "株洲生物工程职业技术学校") {
		t.Errorf("the livestream table's unlisted school name was not reported:\n%v", unmatched)
	}
	if _, _, err := DraftAll("../data/2024", out); err == nil {
		t.Error("draft -all wrote into a non-empty folder")
	}
	b := &Builder{}
	for _, d := range res {
		school := d.School
		if filepath.Base(d.Dir) != data.DraftFolderName(school) {
			t.Errorf("%s: folder %s", school, d.Dir)
		}
		r, err := data.Load(d.Dir)
		if err != nil {
			t.Errorf("%s: the draft does not load:\n%v", school, err)
			continue
		}
		if n := len(r.SchoolData); n < 100 {
			t.Errorf("%s: %d figures in its numbers workbook", school, n)
		}
		if len(r.Todos()) == 0 {
			t.Errorf("%s: no ::: todo placeholder", school)
		}
		// Every body row of every copied table (the appendix keeps the city's
		// indicators) names this school and no other.
		for label, tb := range r.Tables {
			if strings.HasPrefix(label, "tab-a-") {
				continue
			}
			got := 0
			for ri := tb.HeaderRows; ri < len(tb.Rows); ri++ {
				names := r.RowSchools(list, tb, ri)
				if !slices.Contains(names, school) {
					t.Errorf("%s: %s row %d is another school's: %v", school, label, ri+1, names)
				}
				got++
			}
			if w, ok := wantRows[school+"|"+label]; ok && got != w {
				t.Errorf("%s: %s has %d rows, want %d", school, label, got, w)
			}
		}
		for key, w := range wantRows {
			if name, label, _ := strings.Cut(key, "|"); name == school && r.Tables[label] == nil {
				t.Errorf("%s: table %s with %d of its rows is missing", school, label, w)
			}
		}
		cases := 0
		var walk func(bs []*data.Block)
		walk = func(bs []*data.Block) {
			for _, b := range bs {
				if b.Kind == data.BCase {
					cases++
					if !slices.Contains(data.NamedSchools(list, b.School), school) {
						t.Errorf("%s: case %s is %s's", school, b.Label, b.School)
					}
				}
				if b.Kind == data.BPhoto && r.Images[b.File] == nil {
					t.Errorf("%s: photo %s of its cases not copied", school, b.File)
				}
			}
		}
		for _, ch := range r.Chapters {
			walk(ch.Blocks)
		}
		if cases != wantCases[school] {
			t.Errorf("%s: %d cases, want %d", school, cases, wantCases[school])
		}
		cres, err := b.Compile(context.Background(), d.Dir, false)
		if err != nil {
			t.Errorf("%s: the draft does not build:\n%v", school, err)
			continue
		}
		pdfPath := filepath.Join(t.TempDir(), "d.pdf")
		os.WriteFile(pdfPath, cres.PDF, 0o644)
		page := func(n int) string {
			txt, err := exec.Command("pdftotext", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), pdfPath, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			return strings.Join(strings.Fields(string(txt)), "")
		}
		if cover := page(1); !strings.Contains(cover, school) {
			t.Errorf("%s: not on the cover:\n%s", school, cover)
		}
		found := false
		for n := 2; n <= 5 && !found; n++ {
			p := page(n)
			found = strings.Contains(p, "特此声明") && strings.Contains(p, school+"对本校")
		}
		if !found {
			t.Errorf("%s: no statement page naming the school in pages 2–5", school)
		}
		// The running header of the body pages is the school's report title.
		all, err := exec.Command("pdftotext", pdfPath, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(all)), "")
		if n := strings.Count(text, school+"中等职业教育质量年度报告（2024年度）"); n < 8 {
			t.Errorf("%s: its title is on %d pages only (cover, statement, running headers)", school, n)
		}
	}
}
