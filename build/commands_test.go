package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportc/reportc/data"
)

// TestPlaceholdersStayInFolder: a photo path out of the report folder (../, absolute,
// a symlinked folder or file leading out) is a located error, and then nothing at all
// is written, neither outside nor inside.
func TestPlaceholdersStayInFolder(t *testing.T) {
	dir := newReport(t)
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "images", "linked")); err != nil {
		t.Fatal(err)
	}
	os.Symlink(filepath.Join(outside, "target.png"), filepath.Join(dir, "images", "dangling.png"))
	ch := filepath.Join(dir, "chapters", "01.md")
	good := "\n::: photo fig-a images/a.png 校园一角\n"
	bad := []struct{ line, want string }{
		{"::: photo fig-b ../escape.png 出界", "../"},
		{"::: photo fig-c " + filepath.Join(outside, "abs.png") + " 绝对路径", "绝对路径"},
		{"::: photo fig-d images/linked/d.png 链接目录", "符号链接"},
		{"::: photo fig-e images/dangling.png 悬空链接", "符号链接"},
	}
	src, _ := os.ReadFile(ch)
	text := string(src) + good
	for _, b := range bad {
		text += "\n" + b.line + "\n"
	}
	os.WriteFile(ch, []byte(text), 0o644)
	before := snapshot(t, dir, outside)
	n, err := Placeholders(dir)
	if err == nil || n != 0 {
		t.Fatalf("n = %d, err = %v", n, err)
	}
	list, ok := err.(data.ErrorList)
	if !ok || len(list) != len(bad) {
		t.Fatalf("want %d located errors, got %v", len(bad), err)
	}
	for i, b := range bad {
		msg := list[i].Error()
		if !strings.Contains(msg, "chapters/01.md:") || !strings.Contains(msg, b.want) {
			t.Errorf("error %d = %q, want the line and %q", i, msg, b.want)
		}
	}
	sameSnapshot(t, "refused placeholders", before, snapshot(t, dir, outside))

	// Without the bad lines the good one is written, inside the folder; a second run
	// writes nothing.
	os.WriteFile(ch, []byte(string(src)+good), 0o644)
	if n, err := Placeholders(dir); err != nil || n != 1 {
		t.Fatalf("n = %d, err = %v", n, err)
	}
	if st, err := os.Stat(filepath.Join(dir, "images", "a.png")); err != nil || st.Size() < 1000 {
		t.Errorf("images/a.png not written: %v", err)
	}
	if n, err := Placeholders(dir); err != nil || n != 0 {
		t.Errorf("second run: n = %d, err = %v", n, err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("placeholders wrote outside the folder: %v", entries)
	}
}

// hostileNames are values that break unquoted YAML.
var hostileNames = []string{
	"甲: 乙学校",
	"#1职业学校",
	`"引号"学校`,
	"'单引号'学校",
	"*星号学校",
	"&锚点学校",
	"!标签学校",
	"[方括号]学校",
	"学校 # 注释",
	`反斜杠\学校`,
	"{花括号}: 学校",
	"- 短横学校",
	"null",
	"2024",
}

// TestNewQuotesYAML: whatever the title and issuer, the new report loads back with them.
func TestNewQuotesYAML(t *testing.T) {
	for _, name := range hostileNames {
		dir := filepath.Join(t.TempDir(), "r")
		if err := New(dir, name, name+"教育局", 2025); err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		rep, err := data.Load(dir)
		if err != nil {
			t.Errorf("%q: the new report does not load: %v", name, err)
			continue
		}
		if rep.Meta.Title != name || rep.Meta.Issuer != name+"教育局" {
			t.Errorf("%q: loaded title %q, issuer %q", name, rep.Meta.Title, rep.Meta.Issuer)
		}
	}
	for _, bad := range []struct {
		title string
		year  int
	}{{"两行\n标题", 2025}, {"", 2025}, {"标题", 99999}, {"标题", -1}} {
		dir := filepath.Join(t.TempDir(), "r")
		if err := New(dir, bad.title, "x", bad.year); err == nil {
			t.Errorf("new wrote a report that would not load: title %q, year %d", bad.title, bad.year)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("a refused new created %s", dir)
		}
	}
}

// TestDraftQuotesYAML: a school whose name YAML would misread gets a draft that loads
// with that name.
func TestDraftQuotesYAML(t *testing.T) {
	rep, err := data.Load(example)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range hostileNames {
		dir := filepath.Join(t.TempDir(), "d")
		if _, err := data.SchoolDraft(rep, name, dir); err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		d, err := data.Load(dir)
		if err != nil {
			t.Errorf("%q: the draft does not load: %v", name, err)
			continue
		}
		if d.Meta.Issuer != name || d.Meta.Title != name+"中等职业教育质量年度报告" {
			t.Errorf("%q: loaded title %q, issuer %q", name, d.Meta.Title, d.Meta.Issuer)
		}
	}
}

// TestNewAndDraftRefuseNonEmptyFolder: neither writes into a folder that holds anything.
func TestNewAndDraftRefuseNonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	before := snapshot(t, dir)
	if err := New(dir, "t", "i", 2025); err == nil || !strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("new: %v", err)
	}
	if _, _, err := Draft(example, "醴陵市陶瓷烟花职业技术学校", dir); err == nil || !strings.Contains(err.Error(), "不是空的") {
		t.Errorf("draft: %v", err)
	}
	sameSnapshot(t, "non-empty target", before, snapshot(t, dir))
	// An empty folder is fine.
	empty := t.TempDir()
	if err := New(empty, "t", "i", 2025); err != nil {
		t.Errorf("new into an empty folder: %v", err)
	}
}

// TestDraftMatchesOneSchool: a part of a name that names one school is that school;
// several or none is an error listing the candidates.
func TestDraftMatchesOneSchool(t *testing.T) {
	rep, err := data.Load(example)
	if err != nil {
		t.Fatal(err)
	}
	schools := rep.Schools()
	if len(schools) < 21 {
		t.Errorf("%d schools known, want the 21 of 表1-1 at least", len(schools))
	}
	if got, err := rep.MatchSchool("醴陵"); err != nil || got != "醴陵市陶瓷烟花职业技术学校" {
		t.Errorf("醴陵 → %q, %v", got, err)
	}
	if got, err := rep.MatchSchool("湖南省商业职业中等专业学校"); err != nil || got != "湖南省商业职业中等专业学校" {
		t.Errorf("an exact name that is also part of another → %q, %v", got, err)
	}
	_, err = rep.MatchSchool("株洲市")
	if err == nil || !strings.Contains(err.Error(), "多所学校") || !strings.Contains(err.Error(), "株洲市工业中等专业学校") {
		t.Errorf("株洲市: %v", err)
	}
	_, err = rep.MatchSchool("不存在的学校")
	if err == nil || !strings.Contains(err.Error(), "没有名为") || !strings.Contains(err.Error(), "醴陵市陶瓷烟花职业技术学校") {
		t.Errorf("no match: %v", err)
	}
	out := filepath.Join(t.TempDir(), "d")
	if _, _, err := Draft(example, "不存在的学校", out); err == nil {
		t.Error("draft for an unknown school succeeded")
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused draft created its folder")
	}
}
