package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// freshReport makes a fresh report with `reportc new` and returns its folder.
func freshReport(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "r")
	var out, errb bytes.Buffer
	if code := run([]string{"new", "-year", "2025", "-issuer", "某市教育局", dir}, &out, &errb); code != 0 {
		t.Fatalf("new: %s", errb.String())
	}
	return dir
}

// copyTestFonts copies the test fallback fonts of package fonts into the report folder.
func copyTestFonts(t *testing.T, dir string, names ...string) {
	t.Helper()
	os.MkdirAll(filepath.Join(dir, "fonts"), 0o755)
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("../../fonts/testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "fonts", n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSupplementaryCharacters: the three name characters above U+FFFF (in the bundled
// fonts) and Extension B characters and ♘ from fallback fonts with a lone format 12
// subtable and with only Microsoft subtables pass check, print in the PDF (text in a
// paragraph and in the 注 of a table), extract with pdftotext, and reach the DOCX.
func TestSupplementaryCharacters(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdffonts")
	dir := freshReport(t)
	const names = "王𪨶、李𫄧、张𬌗"
	const fallback = "\U00020001\U00020002与♘\U00020003"
	appendFile(t, filepath.Join(dir, "chapters/01.md"), "\n\n示例数据：人名"+names+"，**加粗"+names+"**；备用字体："+fallback+"。\n")
	wb := filepath.Join(dir, "workbooks/数据.xlsx")
	f, err := excelize.OpenFile(wb)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("清单")
	if err != nil {
		t.Fatal(err)
	}
	noteCol := -1
	for c, h := range rows[0] {
		if h == "注" {
			noteCol = c
		}
	}
	if noteCol < 0 || len(rows) < 2 {
		t.Fatalf("清单 has no 注 column: %v", rows[0])
	}
	cell, _ := excelize.CoordinatesToCellName(noteCol+1, 2)
	f.SetCellStr("清单", cell, "示例数据，注中人名"+names)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var out, errb bytes.Buffer
	if run([]string{"check", dir}, &out, &errb) == 0 || !strings.Contains(errb.String(), "U+20001") {
		t.Fatalf("without the fallback fonts check should refuse U+20001, got %q", errb.String())
	}
	if strings.Contains(errb.String(), "U+2AA36") {
		t.Fatalf("check refuses a character the bundled fonts draw: %s", errb.String())
	}
	copyTestFonts(t, dir, "extb-format12.ttf", "ms-only.ttf")
	appendFile(t, filepath.Join(dir, "report.yaml"), "  fonts: [fonts/extb-format12.ttf, fonts/ms-only.ttf]\n")
	errb.Reset()
	if code := run([]string{"check", dir}, &out, &errb); code != 0 {
		t.Fatalf("check failed: %s", errb.String())
	}
	pdfPath := filepath.Join(t.TempDir(), "r.pdf")
	if code := run([]string{"build", "-o", pdfPath, dir}, &out, &errb); code != 0 {
		t.Fatalf("build failed: %s", errb.String())
	}
	txt, err := exec.Command("pdftotext", pdfPath, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	plain := strings.Join(strings.Fields(withoutDraftMark(txt)), "")
	for _, want := range []string{"人名" + names, "加粗" + names, fallback, "注中人名" + names} {
		if !strings.Contains(plain, want) {
			t.Errorf("pdftotext lacks %q", want)
		}
	}
	fl, _ := exec.Command("pdffonts", pdfPath).Output()
	if n := len(regexp.MustCompile(`(?m)^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes`).FindAll(fl, -1)); n < 4 {
		t.Errorf("%d embedded subset fonts:\n%s", n, fl)
	}
	for _, fb := range []string{"+Fallback1 ", "+Fallback2 "} {
		if !strings.Contains(string(fl), fb) {
			t.Errorf("fallback font %s not embedded:\n%s", fb, fl)
		}
	}

	doc := docxXML(t, strings.TrimSuffix(pdfPath, ".pdf")+".docx", "word/document.xml")
	for _, want := range []string{"𪨶", "𫄧", "𬌗", "\U00020001", "♘", "\U00020003"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %q", want)
		}
	}
}

func docxXML(t *testing.T, path, name string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(r)
			r.Close()
			return string(b)
		}
	}
	t.Fatalf("%s has no %s", path, name)
	return ""
}

// TestUnusableFontIsLocated: every font of settings.fonts that cannot be used is an
// error on its report.yaml line, at check and at build, and build writes nothing.
func TestUnusableFontIsLocated(t *testing.T) {
	dir := freshReport(t)
	copyTestFonts(t, dir, "ms-only.ttf")
	os.WriteFile(filepath.Join(dir, "fonts/notes.ttf"), []byte("这不是字体"), 0o644)
	good, _ := os.ReadFile(filepath.Join(dir, "fonts/ms-only.ttf"))
	os.WriteFile(filepath.Join(dir, "fonts/cut.ttf"), good[:len(good)/3], 0o644)
	cff := append([]byte("OTTO"), good[4:]...)
	os.WriteFile(filepath.Join(dir, "fonts/cff.otf"), cff, 0o644)
	raw, _ := os.ReadFile(filepath.Join(dir, "report.yaml"))
	base := strings.Count(string(raw), "\n")
	appendFile(t, filepath.Join(dir, "report.yaml"), "  fonts:\n    - fonts/ms-only.ttf\n    - fonts/notes.ttf\n    - fonts/cut.ttf\n    - fonts/cff.otf\n")
	// appendFile may add a newline before the text.
	raw2, _ := os.ReadFile(filepath.Join(dir, "report.yaml"))
	lines := strings.Split(string(raw2), "\n")
	lineOf := func(s string) string {
		for i := base; i < len(lines); i++ {
			if strings.Contains(lines[i], s) {
				return "report.yaml:" + strconv.Itoa(i+1) + ":"
			}
		}
		t.Fatalf("%s not in report.yaml", s)
		return ""
	}
	type want struct{ file, what string }
	expect := func(cases []want) {
		t.Helper()
		for _, cmd := range []string{"check", "build"} {
			var out, errb bytes.Buffer
			args := []string{cmd, dir}
			pdfPath := filepath.Join(t.TempDir(), "r.pdf")
			if cmd == "build" {
				args = []string{cmd, "-o", pdfPath, dir}
			}
			if run(args, &out, &errb) == 0 {
				t.Fatalf("%s passed with unusable fonts", cmd)
			}
			msg := errb.String()
			for _, c := range cases {
				want := lineOf(c.file)
				found := false
				for _, l := range strings.Split(msg, "\n") {
					if strings.Contains(l, want) && strings.Contains(l, c.file) && strings.Contains(l, c.what) {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: no error “%s … %s … %s”:\n%s", cmd, want, c.file, c.what, msg)
				}
			}
			if strings.Contains(msg, "ms-only.ttf") {
				t.Errorf("%s: the usable font is reported:\n%s", cmd, msg)
			}
			if _, err := os.Stat(pdfPath); err == nil {
				t.Errorf("%s wrote a PDF", cmd)
			}
		}
	}
	// A file that is not a TrueType font at all is refused by check from its header,
	// before any font is parsed; both are named at once.
	expect([]want{{"notes.ttf", "不是 TrueType 字体"}, {"cff.otf", "CFF"}})
	// A TrueType file cut short is refused when its tables are read.
	raw3 := strings.Replace(strings.Replace(string(raw2), "    - fonts/notes.ttf\n", "", 1), "    - fonts/cff.otf\n", "", 1)
	if err := os.WriteFile(filepath.Join(dir, "report.yaml"), []byte(raw3), 0o644); err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(raw3, "\n")
	expect([]want{{"cut.ttf", "截断"}})
}
