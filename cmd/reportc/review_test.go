package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// Cases found by the adversarial review of issue #8 (hostile input), after the merges.

// TestOutputNotRegularFile: -o naming an existing device, FIFO or socket is refused. The
// atomic rename would otherwise replace the node itself: `-o /dev/null` turned /dev/null
// into a regular file holding the PDF (and wrote /dev/null.docx). A FIFO stands in for a
// device here, so that a failure cannot damage the machine.
func TestOutputNotRegularFile(t *testing.T) {
	dir := newReport(t, t.TempDir(), "r")
	out := t.TempDir()
	fifo := filepath.Join(out, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, args := range [][]string{
		{"build", "-o", fifo, dir},
		{"build", "-o", filepath.Join(out, "x.pdf"), "-docx", fifo, dir},
	} {
		var stdout, stderr bytes.Buffer
		code := run(args, &stdout, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), "不是普通文件") || !strings.Contains(stderr.String(), fifo) {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
		st, err := os.Lstat(fifo)
		if err != nil || st.Mode()&os.ModeNamedPipe == 0 {
			t.Fatalf("%v: the FIFO was replaced (%v)", args, err)
		}
	}
	if names := listDir(t, out); len(names) != 1 {
		t.Errorf("output folder holds %v, want only the FIFO", names)
	}
}

// noCache replaces the cell's value in a worksheet of the base workbook by a formula
// with no cached result, as programs that write formulas without computing them do.
func noCache(t *testing.T, dir, sheetFile, cell string) {
	t.Helper()
	re := regexp.MustCompile(`<c r="` + cell + `"[^>]*>.*?</c>`)
	sheetXML(t, dir, sheetFile, func(s string) string {
		return re.ReplaceAllString(s, `<c r="`+cell+`"><f>1+1</f></c>`)
	})
}

// derivedColumn adds an empty column 比 to the table 表 and declares it derived.
func derivedColumn(t *testing.T, dir, decl string) {
	writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
		f.SetCellValue("表", "D1", "比")
		f.SetCellValue("清单", "I1", "派生")
		f.SetCellValue("清单", "I2", decl)
	})
}

var reviewSetups = map[string]func(t *testing.T, dir string){
	"formula-no-cache-table": func(t *testing.T, dir string) { noCache(t, dir, "sheet2.xml", "B2") },
	"formula-no-cache-chart": func(t *testing.T, dir string) { noCache(t, dir, "sheet3.xml", "B2") },
	"formula-no-cache-value": func(t *testing.T, dir string) { noCache(t, dir, "sheet4.xml", "B2") },
	"combining-mark": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "chapters/01.md"), "共有学校", "共有e\u0301学校")
	},
	"chapter-twice": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "report.yaml"), "chapters: [chapters/01.md]", "chapters: [chapters/01.md, ./chapters/01.md]")
	},
	"chapter-is-preface": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "report.yaml"), "chapters: [chapters/01.md]", "chapters: [chapters/01.md, preface.md]")
	},
	"chapter-is-report-yaml": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "report.yaml"), "chapters: [chapters/01.md]", "chapters: [chapters/01.md, report.yaml]")
	},
	"table-number-huge": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) { f.SetCellValue("表", "B2", 1e300) })
	},
	"table-id-text": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) { f.SetCellStr("表", "A2", "430202199001011234") })
	},
	"photo-width-nan": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "chapters/01.md"), "images/p.png 校园", "images/p.png width=NaN% 校园")
	},
	"derived-div0": func(t *testing.T, dir string) { derivedColumn(t, dir, "比 = 在校生 / 0") },
	"derived-nan":  func(t *testing.T, dir string) { derivedColumn(t, dir, "比 = 在校生 * NaN") },
	"derived-huge": func(t *testing.T, dir string) { derivedColumn(t, dir, "比 = 在校生 * 1e300") },
	"workbook-twice": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "report.yaml"), "workbooks: [workbooks/book.xlsx]", "workbooks: [workbooks/book.xlsx, ./workbooks/book.xlsx]")
	},
	"soft-hyphen": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "chapters/01.md"), "共有学校", "共有\u00ad学校")
	},
}

// TestReviewCorpus runs check and build on every case of testdata/hostile/review: exit
// code, the message at its place, no panic, no output written on failure.
func TestReviewCorpus(t *testing.T) {
	src, err := os.ReadFile("../../testdata/hostile/review/cases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 || reviewSetups[f[0]] == nil {
			t.Fatalf("bad case line (or no setup) %q", line)
		}
		n++
		name, wantExit, place, msg := f[0], int(f[1][0]-'0'), f[2], f[3]
		t.Run(name, func(t *testing.T) {
			dir := hostileBase(t)
			reviewSetups[name](t, dir)
			for _, cmd := range []string{"check", "build"} {
				outDir := t.TempDir()
				args := []string{cmd, dir}
				if cmd == "build" {
					args = []string{"build", "-o", filepath.Join(outDir, "r.pdf"), dir}
				}
				var stdout, stderr bytes.Buffer
				code := func() (code int) {
					defer func() {
						if p := recover(); p != nil {
							t.Errorf("%s panicked: %v", cmd, p)
							code = -1
						}
					}()
					return run(args, &stdout, &stderr)
				}()
				if code != wantExit {
					t.Fatalf("%s exit %d, want %d\nstderr:\n%s", cmd, code, wantExit, stderr.String())
				}
				if wantExit == 0 {
					continue
				}
				found := false
				for _, l := range strings.Split(stderr.String(), "\n") {
					found = found || strings.Contains(l, place+": ") && strings.Contains(l, msg)
				}
				if !found {
					t.Errorf("%s: no error at %q saying %q; stderr:\n%s", cmd, place, msg, stderr.String())
				}
				if ents, _ := os.ReadDir(outDir); len(ents) > 0 {
					t.Errorf("%s wrote output although it failed", cmd)
				}
			}
		})
	}
	if n != len(reviewSetups) {
		t.Errorf("%d cases listed, %d setups", n, len(reviewSetups))
	}
}

// TestVerifyNotRegularFile: `reportc verify /dev/zero` read forever (memory growing);
// a FIFO blocked; a folder said “is a directory” in English. Each is refused at once.
func TestVerifyNotRegularFile(t *testing.T) {
	tmp := t.TempDir()
	fifo := filepath.Join(tmp, "pipe.pdf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, p := range []string{fifo, tmp} {
		done := make(chan struct{})
		var stdout, stderr bytes.Buffer
		var code int
		go func() {
			code = run([]string{"verify", p}, &stdout, &stderr)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("verify %s blocked", p)
		}
		if code != 1 || !strings.Contains(stderr.String(), "不是普通文件") || strings.Contains(stderr.String(), "is a directory") {
			t.Errorf("verify %s: exit %d, %q", p, code, stderr.String())
		}
	}
}

// TestOutputNamesRefused: a DOCX path that is the PDF's skip stamp (the stamp replaced
// the DOCX, which was reported as written) and a blank file name are refused, and nothing
// is written.
func TestOutputNamesRefused(t *testing.T) {
	dir := newReport(t, t.TempDir(), "r")
	out := t.TempDir()
	pdf := filepath.Join(out, "y.pdf")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"build", "-o", pdf, "-docx", pdf + ".reportc", dir}, "会被覆盖"},
		{[]string{"build", "-o", filepath.Join(out, " "), dir}, "是空白的"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(c.args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d, %q", c.args, code, stderr.String())
		}
	}
	if names := listDir(t, out); len(names) != 0 {
		t.Errorf("refused builds wrote %v", names)
	}
}
