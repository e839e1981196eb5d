package build

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportc/reportc/data"
)

const example = "../data/2024"

// newReport writes a small report folder (the `reportc new` template) and returns it.
func newReport(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "2025")
	if err := New(dir, "某市中等职业教育年度质量报告", "某市教育局", 2025); err != nil {
		t.Fatal(err)
	}
	return dir
}

// snapshot records every file under the given folders with its content.
func snapshot(t *testing.T, dirs ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, d := range dirs {
		filepath.WalkDir(d, func(p string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				b, _ := os.ReadFile(p)
				out[p] = string(b)
			}
			return nil
		})
	}
	return out
}

func sameSnapshot(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for p, b := range before {
		if a, ok := after[p]; !ok {
			t.Errorf("%s: %s disappeared", what, p)
		} else if a != b {
			t.Errorf("%s: %s changed", what, p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s: %s appeared", what, p)
		}
	}
}

func TestBuildWritesBoth(t *testing.T) {
	dir := newReport(t)
	out := t.TempDir()
	o := Outputs{PDF: filepath.Join(out, "a.pdf"), DOCX: filepath.Join(out, "a.docx")}
	res, err := (&Builder{}).Build(context.Background(), dir, o)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string][]byte{o.PDF: res.PDF, o.DOCX: res.DOCX} {
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(b, want) || len(b) < 1000 {
			t.Errorf("%s: %d bytes, err %v", p, len(b), err)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 2 {
		t.Errorf("output folder holds %d entries, want the two outputs", len(entries))
	}
}

// TestOutputMayNotBeInput: -o/-docx naming any file of the report, by any name, is
// refused before anything is written, and the input is left as it was.
func TestOutputMayNotBeInput(t *testing.T) {
	dir := newReport(t)
	other := t.TempDir()
	os.Symlink(filepath.Join(dir, "chapters"), filepath.Join(other, "alias"))
	if err := os.Link(filepath.Join(dir, "preface.md"), filepath.Join(other, "hard.md")); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	cases := map[string]Outputs{
		"report.yaml as PDF":   {PDF: filepath.Join(dir, "report.yaml")},
		"workbook as DOCX":     {PDF: filepath.Join(other, "x.pdf"), DOCX: filepath.Join(dir, "workbooks", "数据.xlsx")},
		"chapter, unclean":     {PDF: filepath.Join(dir, "images", "..", "chapters", "01.md")},
		"chapter via symlink":  {PDF: filepath.Join(other, "alias", "01.md")},
		"preface by hard link": {PDF: filepath.Join(other, "hard.md")},
	}
	for name, o := range cases {
		_, err := (&Builder{}).Build(context.Background(), dir, o)
		if err == nil || !strings.Contains(err.Error(), "是报告的输入文件") {
			t.Errorf("%s: err = %v", name, err)
			continue
		}
		requested := o.PDF
		if o.DOCX != "" {
			requested = o.DOCX
		}
		if !strings.Contains(err.Error(), requested) {
			t.Errorf("%s: %q does not name the requested path %s", name, err, requested)
		}
	}
	sameSnapshot(t, "inputs", before, snapshot(t, dir))

	// A photo that a draft still lacks is an input too: the next build would read it.
	f, _ := os.OpenFile(filepath.Join(dir, "chapters", "01.md"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("\n::: photo fig-later images/later.png 以后补的照片\n")
	f.Close()
	o := Outputs{PDF: filepath.Join(dir, "images", "later.png")}
	if _, err := (&Builder{}).Build(context.Background(), dir, o); err == nil || !strings.Contains(err.Error(), "是报告的输入文件") {
		t.Errorf("a missing photo's path as output: err = %v", err)
	}
	if _, err := os.Stat(o.PDF); err == nil {
		t.Error("the missing photo's path was written")
	}

	rep, _ := data.Load(example)
	for _, want := range []string{"report.yaml", "workbooks/附表.xlsx", "preface.md", "chapters/appendix.md", "chapters/08.md", "images/fig-red-tour.png"} {
		found := false
		for _, in := range rep.Inputs() {
			found = found || filepath.ToSlash(in) == filepath.ToSlash(filepath.Join(example, want))
		}
		if !found {
			t.Errorf("Inputs lacks %s", want)
		}
	}
}

func TestPDFAndDOCXMustDiffer(t *testing.T) {
	dir := newReport(t)
	out := t.TempDir()
	for _, o := range []Outputs{
		{PDF: filepath.Join(out, "r.pdf"), DOCX: filepath.Join(out, "r.pdf")},
		{PDF: filepath.Join(out, "r.pdf"), DOCX: filepath.Join(out, "sub", "..", "r.pdf")},
		{PDF: out, DOCX: filepath.Join(out, "r.docx")},
	} {
		_, err := (&Builder{}).Build(context.Background(), dir, o)
		if err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("refused builds wrote %d files", len(entries))
	}
}

// previousPair writes an old PDF and DOCX and returns the outputs naming them.
func previousPair(t *testing.T) (Outputs, map[string]string) {
	t.Helper()
	out := t.TempDir()
	o := Outputs{PDF: filepath.Join(out, "r.pdf"), DOCX: filepath.Join(out, "docx", "r.docx")}
	os.MkdirAll(filepath.Dir(o.DOCX), 0o755)
	os.WriteFile(o.PDF, []byte("old pdf"), 0o644)
	os.WriteFile(o.DOCX, []byte("old docx"), 0o644)
	return o, snapshot(t, out)
}

// TestCancelLeavesPreviousPair: a build cancelled at any stage (as SIGINT/SIGTERM do in
// the command) returns the context's error, leaves the previous pair as it was and no
// temporary file behind.
func TestCancelLeavesPreviousPair(t *testing.T) {
	dir := newReport(t)
	for _, stage := range []string{"loaded", "laid out", "written"} {
		o, before := previousPair(t)
		ctx, cancel := context.WithCancel(context.Background())
		b := &Builder{hook: func(s string) {
			if s == stage {
				cancel()
			}
		}}
		_, err := b.Build(ctx, dir, o)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled at %s: err = %v", stage, err)
		}
		sameSnapshot(t, "cancelled at "+stage, before, snapshot(t, filepath.Dir(o.PDF)))
	}
}

// TestFailedRenameRestoresPair: when the second output cannot be put in place (here its
// target turns into a folder after the checks), the first output gets its previous
// content back: the pair is replaced together or not at all.
func TestFailedRenameRestoresPair(t *testing.T) {
	dir := newReport(t)
	o, _ := previousPair(t)
	os.Remove(o.DOCX)
	before := snapshot(t, filepath.Dir(o.PDF))
	b := &Builder{hook: func(s string) {
		if s == "written" {
			os.MkdirAll(filepath.Join(o.DOCX, "blocker"), 0o755)
		}
	}}
	_, err := b.Build(context.Background(), dir, o)
	if err == nil || !strings.Contains(err.Error(), o.DOCX) || strings.Contains(err.Error(), ".reportc-") {
		t.Fatalf("err = %v, want one naming %s and no temporary file", err, o.DOCX)
	}
	sameSnapshot(t, "failed rename", before, snapshot(t, filepath.Dir(o.PDF)))
}

// TestPanicIsInternalError: a panic inside a build is one clear error naming the report
// folder, and nothing is written.
func TestPanicIsInternalError(t *testing.T) {
	dir := newReport(t)
	for _, stage := range []string{"loaded", "laid out", "written"} {
		o, before := previousPair(t)
		b := &Builder{hook: func(s string) {
			if s == stage {
				var m map[string]int
				m["boom"]++ // a nil-map write: a runtime panic, as a bug would cause
			}
		}}
		_, err := b.Build(context.Background(), dir, o)
		var ie *InternalError
		if !errors.As(err, &ie) {
			t.Fatalf("panic at %s: err = %v", stage, err)
		}
		msg := err.Error()
		for _, want := range []string{"内部错误", dir, "没有写任何输出", "assignment to entry in nil map"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q lacks %q", msg, want)
			}
		}
		if len(ie.Stack) == 0 {
			t.Error("no stack kept for the bug report")
		}
		sameSnapshot(t, "panic at "+stage, before, snapshot(t, filepath.Dir(o.PDF)))
	}
}

func TestMissingFolderIsNamed(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "没有这个目录")
	if _, err := Load(missing); err == nil || !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "不存在") {
		t.Errorf("Load: %v", err)
	}
	file := filepath.Join(t.TempDir(), "report.yaml")
	os.WriteFile(file, []byte("title: x\n"), 0o644)
	if _, err := Load(file); err == nil || !strings.Contains(err.Error(), "不是目录") {
		t.Errorf("Load of a file: %v", err)
	}
	if _, err := Placeholders(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Placeholders: %v", err)
	}
	if _, _, err := Draft(missing, "x", t.TempDir()); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Draft: %v", err)
	}
}

// TestOutputErrorNamesRequestedPath: a write that fails names the path asked for, not
// the temporary file it went through.
func TestOutputErrorNamesRequestedPath(t *testing.T) {
	dir := newReport(t)
	notDir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notDir, nil, 0o644)
	o := Outputs{PDF: filepath.Join(notDir, "r.pdf")}
	_, err := (&Builder{}).Build(context.Background(), dir, o)
	if err == nil || !strings.Contains(err.Error(), o.PDF) || strings.Contains(err.Error(), ".reportc-") {
		t.Errorf("err = %v", err)
	}
}

func TestFolderName(t *testing.T) {
	wd, _ := os.Getwd()
	for in, want := range map[string]string{
		".":          filepath.Base(wd),
		"data/2024/": "2024",
		"a/b/../c":   "c",
		"/":          "report",
	} {
		if got := FolderName(in); got != want {
			t.Errorf("FolderName(%q) = %q, want %q", in, got, want)
		}
	}
	if o := DefaultOutputs("."); o.PDF != filepath.Join("out", filepath.Base(wd)+".pdf") || o.DOCX != filepath.Join("out", filepath.Base(wd)+".docx") {
		t.Errorf("DefaultOutputs(.) = %+v", o)
	}
}

// BenchmarkCompileExample is the warm rebuild the issue on speed sets its target by:
// the example compiled to PDF and DOCX in memory, fonts and charts already cached by
// the Builder (the first build, outside the timer, warms them).
func BenchmarkCompileExample(b *testing.B) {
	bd := &Builder{ChartCache: b.TempDir(), CheckCache: b.TempDir(), PDFCache: b.TempDir()}
	if _, err := bd.Compile(context.Background(), example, true); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := bd.Compile(context.Background(), example, true)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(res.PDF)), "pdf-bytes")
	}
}

// BenchmarkCompileExamplePDF is the same without the DOCX.
func BenchmarkCompileExamplePDF(b *testing.B) {
	bd := &Builder{ChartCache: b.TempDir(), CheckCache: b.TempDir(), PDFCache: b.TempDir()}
	if _, err := bd.Compile(context.Background(), example, false); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bd.Compile(context.Background(), example, false); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExampleLean: the example's placeholder photos are drawn as boxes with their
// words, its charts as vectors, so the PDF embeds no image of either and stays under
// the 1.5 MB the issue on speed sets; the DOCX, written alongside, keeps the PNGs; two
// builds are byte-identical.
func TestExampleLean(t *testing.T) {
	bd := &Builder{}
	res, err := bd.Compile(context.Background(), example, true)
	if err != nil {
		t.Fatal(err)
	}
	placeholders := 0
	for _, p := range res.Book.Pages {
		for _, im := range p.Pictures {
			if data.PNGMarker(im.Data) == data.MarkPlaceholder {
				t.Errorf("page %d embeds placeholder photo %s", p.Index+1, im.Key)
			}
		}
		for _, g := range p.Texts {
			if g.Text == "照片待补" {
				placeholders++
			}
		}
	}
	if placeholders < 20 {
		t.Errorf("%d placeholder boxes; the example has over 20 placeholder photos", placeholders)
	}
	if n := bytes.Count(res.PDF, []byte("/Subtype /Image")); n != 0 {
		t.Errorf("%d images in the example PDF; its charts and placeholders should be vectors", n)
	}
	if len(res.PDF) > 1500*1000 {
		t.Errorf("example PDF is %d bytes, over 1.5 MB", len(res.PDF))
	}
	if n := bytes.Count(res.DOCX, []byte("media/")); n == 0 {
		t.Error("the DOCX has no images")
	}
	again, err := bd.Compile(context.Background(), example, true)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.PDF, again.PDF) || !bytes.Equal(res.DOCX, again.DOCX) {
		t.Error("two builds of the example differ")
	}
}
