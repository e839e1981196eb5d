package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBatch: folders build in parallel; a failing one does not stop the others and is
// reported with its first error; a second run finds everything unchanged; a changed
// input, a changed or missing output, or -force rebuilds.
func TestBatch(t *testing.T) {
	root := t.TempDir()
	var jobs []Job
	for _, name := range []string{"2024", "broken", "2025"} {
		dir := filepath.Join(root, "data", name)
		if err := New(dir, "某市报告", "某市教育局", 2025); err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, Job{Dir: dir, Out: Outputs{
			PDF:  filepath.Join(root, "out", name+".pdf"),
			DOCX: filepath.Join(root, "out", name+".docx"),
		}})
	}
	broken := jobs[1].Dir
	os.WriteFile(filepath.Join(broken, "chapters", "01.md"), []byte("# 一\n\n见[@tab-nope]。\n"), 0o644)
	if err := CheckJobs(jobs); err != nil {
		t.Fatal(err)
	}
	b := &Builder{}
	statuses := func(rs []JobResult) string {
		var s []string
		for _, r := range rs {
			s = append(s, r.Status.String())
		}
		return strings.Join(s, " ")
	}
	var done []string
	rs := b.Batch(context.Background(), jobs, BatchOptions{Workers: 2, Done: func(r JobResult) { done = append(done, r.Dir) }})
	if got := statuses(rs); got != "已生成 失败 已生成" {
		t.Fatalf("first run: %s", got)
	}
	if len(done) != 3 {
		t.Errorf("Done called %d times", len(done))
	}
	if first := FirstError(rs[1].Err); !strings.Contains(first, "tab-nope") || !strings.Contains(first, "chapters/01.md:3") {
		t.Errorf("first error of the broken folder: %q", first)
	}
	for _, name := range []string{"2024.pdf", "2024.docx", "2025.pdf", "2025.docx", "2024.pdf.reportc"} {
		if _, err := os.Stat(filepath.Join(root, "out", name)); err != nil {
			t.Errorf("out/%s missing", name)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "out", "broken.pdf")); err == nil {
		t.Error("the broken folder has a PDF")
	}
	if got := statuses(b.Batch(context.Background(), jobs, BatchOptions{})); got != "未变 失败 未变" {
		t.Errorf("second run: %s", got)
	}
	// A fresh Builder (a new process) agrees.
	if got := statuses((&Builder{}).Batch(context.Background(), jobs, BatchOptions{})); got != "未变 失败 未变" {
		t.Errorf("second run, new builder: %s", got)
	}
	// An input changes (a workbook), an output is edited by hand: both rebuild.
	wb := filepath.Join(jobs[0].Dir, "workbooks", "数据.xlsx")
	raw, _ := os.ReadFile(wb)
	os.WriteFile(filepath.Join(jobs[0].Dir, "preface.md"), []byte("新的前言。\n"), 0o644)
	os.WriteFile(wb, raw, 0o644) // same content: no reason to rebuild by itself
	os.WriteFile(jobs[2].Out.DOCX, []byte("edited"), 0o644)
	if got := statuses(b.Batch(context.Background(), jobs, BatchOptions{})); got != "已生成 失败 已生成" {
		t.Errorf("after changes: %s", got)
	}
	if got := statuses(b.Batch(context.Background(), jobs, BatchOptions{Force: true})); got != "已生成 失败 已生成" {
		t.Errorf("forced: %s", got)
	}
	// Without the DOCX the outputs differ from the stamp's: rebuilt.
	jobs[0].Out.DOCX = ""
	if got := statuses(b.Batch(context.Background(), jobs[:1], BatchOptions{})); got != "已生成" {
		t.Errorf("without DOCX: %s", got)
	}
	// A cancelled batch builds nothing more.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := statuses(b.Batch(ctx, jobs, BatchOptions{Force: true})); got != "已中断 已中断 已中断" {
		t.Errorf("cancelled: %s", got)
	}
}

func TestCheckJobs(t *testing.T) {
	jobs := []Job{
		{Dir: "a/2024", Out: DefaultOutputs("a/2024")},
		{Dir: "b/2024", Out: DefaultOutputs("b/2024")},
	}
	if err := CheckJobs(jobs); err == nil || !strings.Contains(err.Error(), "a/2024") || !strings.Contains(err.Error(), "b/2024") {
		t.Errorf("err = %v", err)
	}
	jobs[1] = Job{Dir: "b/2025", Out: DefaultOutputs("b/2025")}
	if err := CheckJobs(jobs); err != nil {
		t.Error(err)
	}
}

// TestBatchPanics: a panic inside a folder's build fails that folder as an internal
// error, with no output, and the batch goes on; a panic in the best-effort stamp steps
// costs only the stamp (the folder is built, and rebuilt next time).
func TestBatchPanics(t *testing.T) {
	root := t.TempDir()
	var jobs []Job
	for _, name := range []string{"a", "b"} {
		dir := filepath.Join(root, name)
		if err := New(dir, "某市报告", "某市教育局", 2025); err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, Job{Dir: dir, Out: Outputs{PDF: filepath.Join(root, "out", name+".pdf")}})
	}
	panicAt := func(stage string) *Builder {
		return &Builder{hook: func(s string) {
			if s == stage {
				panic("boom")
			}
		}}
	}
	for _, r := range panicAt("written").Batch(context.Background(), jobs, BatchOptions{Workers: 1}) {
		var ie *InternalError
		if r.Status != Failed || !errors.As(r.Err, &ie) || !strings.Contains(r.Err.Error(), "boom") {
			t.Errorf("%s: %v %v", r.Dir, r.Status, r.Err)
		}
	}
	if names, _ := os.ReadDir(filepath.Join(root, "out")); len(names) != 0 {
		t.Errorf("outputs written: %v", names)
	}
	for _, stage := range []string{"stamp", "up to date?"} {
		for _, r := range panicAt(stage).Batch(context.Background(), jobs, BatchOptions{}) {
			if r.Status != Built {
				t.Errorf("panic at %s: %s %v %v", stage, r.Dir, r.Status, r.Err)
			}
		}
	}
	if _, err := os.Stat(StampPath(jobs[0].Out.PDF)); err != nil {
		t.Error("no stamp after the run whose stamp check panicked")
	}
}

// BenchmarkBatchUnchanged measures the skip path of a batch: the example, built once,
// checked against its stamp (hashing every input and both outputs).
func BenchmarkBatchUnchanged(b *testing.B) {
	out := b.TempDir()
	jobs := []Job{{Dir: example, Out: Outputs{PDF: filepath.Join(out, "2024.pdf"), DOCX: filepath.Join(out, "2024.docx")}}}
	bd := Default()
	if rs := bd.Batch(context.Background(), jobs, BatchOptions{}); rs[0].Status != Built {
		b.Fatal(rs[0].Err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rs := bd.Batch(context.Background(), jobs, BatchOptions{}); rs[0].Status != Unchanged {
			b.Fatalf("status %v", rs[0].Status)
		}
	}
}

// TestLargestFirst: a batch starts the largest folder first; a missing folder and ties
// keep their place.
func TestLargestFirst(t *testing.T) {
	root := t.TempDir()
	var jobs []Job
	for i, size := range []int{10, 1000, 100, -1, 100} {
		dir := filepath.Join(root, strconv.Itoa(i))
		if size >= 0 {
			os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
			os.WriteFile(filepath.Join(dir, "sub", "f"), make([]byte, size), 0o644)
		}
		jobs = append(jobs, Job{Dir: dir})
	}
	if got := fmt.Sprint(largestFirst(jobs)); got != "[1 2 4 0 3]" {
		t.Errorf("order %s, want [1 2 4 0 3]", got)
	}
}

// TestEditDuringBuild: a chapter saved while its folder is being built may or may not be
// in the outputs, so the build leaves no stamp and the next run builds again; without
// the edit the next run skips the folder.
func TestEditDuringBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "r")
	if err := New(dir, "某市报告", "某市教育局", 2025); err != nil {
		t.Fatal(err)
	}
	chapters, _ := filepath.Glob(filepath.Join(dir, "chapters", "*.md"))
	if len(chapters) == 0 {
		t.Fatal("the new report has no chapter")
	}
	jobs := []Job{{Dir: dir, Out: Outputs{PDF: filepath.Join(dir, "..", "out", "r.pdf")}}}
	editing := &Builder{hook: func(s string) {
		if s == "laid out" {
			f, err := os.OpenFile(chapters[0], os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Error(err)
				return
			}
			f.WriteString("\n编辑在生成时加的一句。\n")
			f.Close()
		}
	}}
	if r := editing.Batch(context.Background(), jobs, BatchOptions{}); r[0].Status != Built {
		t.Fatalf("first build: %v %v", r[0].Status, r[0].Err)
	}
	plain := &Builder{}
	if r := plain.Batch(context.Background(), jobs, BatchOptions{}); r[0].Status != Built {
		t.Fatalf("after an edit during the build: %v, want built again", r[0].Status)
	}
	if r := plain.Batch(context.Background(), jobs, BatchOptions{}); r[0].Status != Unchanged {
		t.Fatalf("nothing edited: %v, want unchanged", r[0].Status)
	}
}
