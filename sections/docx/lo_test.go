package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/sections"
)

// LibreOffice checks. They need soffice (package libreoffice-writer-nogui), which CI
// does not install: without it they are skipped. The fonts of the repository are made
// visible to LibreOffice through a private fontconfig file, with the names the DOCX
// asks for (宋体, 黑体, Times New Roman …) mapped to them, as on an editor's machine.

func sofficePath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed (apt-get install libreoffice-writer-nogui); LibreOffice check skipped")
	}
	return p
}

// fontconfig writes a fontconfig file that adds the repository's fonts and maps the
// DOCX's font names onto them.
func fontconfig(t *testing.T, dir string) string {
	t.Helper()
	fontsDir, err := filepath.Abs("../../fonts")
	if err != nil {
		t.Fatal(err)
	}
	alias := func(from, to string) string {
		return `<alias binding="same"><family>` + from + `</family><prefer><family>` + to + `</family></prefer></alias>`
	}
	conf := `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>` +
		`<include ignore_missing="yes">/etc/fonts/fonts.conf</include>` +
		`<dir>` + fontsDir + `</dir><cachedir>` + filepath.Join(dir, "fc-cache") + `</cachedir>` +
		alias("宋体", "Noto Serif SC") + alias("SimSun", "Noto Serif SC") + alias("仿宋", "Noto Serif SC") +
		alias("黑体", "Noto Sans SC") + alias("SimHei", "Noto Sans SC") +
		alias("Times New Roman", "Liberation Serif") +
		`</fontconfig>`
	p := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(p, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// convert runs LibreOffice headless on a file, converting it to the given filter
// ("pdf", "docx", "txt:Text (encoded):UTF8"), and returns the output path. With
// macro != "", that Basic code runs first on the loaded document (e.g. to update
// every field and index) and the document is saved through it instead.
func convert(t *testing.T, in, to string) string {
	t.Helper()
	soffice := sofficePath(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", to, "--outdir", out, in)
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+fontconfig(t, dir), "HOME="+dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	base := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
	ext := strings.SplitN(to, ":", 2)[0]
	p := filepath.Join(out, base+"."+ext)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("soffice wrote no %s", p)
	}
	return p
}

// pdfPages returns the text of every page of a PDF, each line without spaces.
func pdfPages(t *testing.T, pdf string, strip bool) [][]string {
	t.Helper()
	b, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Skipf("pdftotext: %v", err)
	}
	var pages [][]string
	for _, pg := range strings.Split(string(b), "\f") {
		var lines []string
		for _, ln := range strings.Split(pg, "\n") {
			// Without its number (表2-3, 1.1), which LibreOffice may count
			// differently (it ignores SEQ's \s reset), a caption or heading is
			// found by its text.
			marked := false
			if strip && numberRE.MatchString(ln) {
				ln = numberRE.ReplaceAllString(ln, "")
				marked = true
			}
			ln = strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) {
					return -1
				}
				return r
			}, ln)
			if marked {
				ln = "§" + ln // a numbered caption or heading
			}
			if ln != "" {
				lines = append(lines, ln)
			}
		}
		pages = append(pages, lines)
	}
	return pages
}

var (
	numberRE = regexp.MustCompile(`^\s*(?:(?:表|图|案例)\s*\d+(?:-\d+)?|\d+\.(?:\d+(?:\.\d+)*)?)\s+`)
	entryRE  = regexp.MustCompile(`^(.*?)[.．·…]{2,}(\d+)$`)
	arabicRE = regexp.MustCompile(`^(?:—)?(\d+)(?:—)?$`)
)

// listMatch reads the four lists of a converted PDF and checks each entry's page
// number against the printed number of the page where its target's text starts.
func listMatch(pages [][]string) (matched, total int, misses []string) {
	// The printed page number of each page: its last line, when Arabic.
	printed := make([]string, len(pages))
	firstBody := len(pages)
	for i, lines := range pages {
		if len(lines) == 0 {
			continue
		}
		if m := arabicRE.FindStringSubmatch(lines[len(lines)-1]); m != nil {
			printed[i] = m[1]
			if firstBody == len(pages) {
				firstBody = i
			}
		}
	}
	type ent struct{ text, page string }
	var entries []ent
	inLists := false
	for i := 0; i < firstBody; i++ {
		pending := ""
		for _, ln := range pages[i] {
			if ln == "目录" {
				inLists = true
			}
			if !inLists {
				continue
			}
			ln = strings.TrimPrefix(ln, "§")
			if m := entryRE.FindStringSubmatch(ln); m != nil {
				entries = append(entries, ent{pending + m[1], m[2]})
				pending = ""
			} else if !strings.HasSuffix(ln, "目录") {
				pending += ln
			}
		}
	}
	for _, e := range entries {
		key := []rune(e.text)
		if len(key) > 24 {
			key = key[:24]
		}
		// The first numbered caption or heading line that starts the entry's text
		// (a long caption may wrap); else any line that starts with it.
		match := func(ln string, numbered bool) bool {
			if strings.HasPrefix(ln, "§") != numbered {
				return false
			}
			ln = strings.TrimPrefix(ln, "§")
			if strings.HasPrefix(ln, string(key)) {
				return true
			}
			r := []rune(ln)
			return len(r) >= 12 && strings.HasPrefix(string(key), ln)
		}
		where := ""
		for _, numbered := range []bool{true, false} {
		search:
			for i := firstBody; i < len(pages) && where == ""; i++ {
				for _, ln := range pages[i] {
					if match(ln, numbered) {
						where = printed[i]
						break search
					}
				}
			}
		}
		total++
		if where == e.page {
			matched++
		} else {
			misses = append(misses, fmt.Sprintf("%s: list %s, lands on %s", e.text, e.page, where))
		}
		if os.Getenv("REPORTC_LO_ALL") != "" && where == e.page {
			misses = append(misses, fmt.Sprintf("ok %s: %s", e.text, e.page))
		}
	}
	return matched, total, misses
}

// TestLibreOfficeListPages measures, on the example converted to PDF by LibreOffice,
// the share of list entries whose page number is the page where the target lands.
// It takes a minute, so it runs only with REPORTC_LO_MEASURE=1 (or on a given DOCX
// with REPORTC_LO_MEASURE=path/to/file.docx).
func TestLibreOfficeListPages(t *testing.T) {
	env := os.Getenv("REPORTC_LO_MEASURE")
	if env == "" {
		t.Skip("set REPORTC_LO_MEASURE=1 to measure the list pages through LibreOffice")
	}
	in := env
	if env == "1" {
		d := doc(t)
		b, err := Write(d, options(d))
		if err != nil {
			t.Fatal(err)
		}
		in = filepath.Join(t.TempDir(), "2024.docx")
		if err := os.WriteFile(in, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pdf := in
	if !strings.HasSuffix(in, ".pdf") {
		pdf = convert(t, in, "pdf")
	}
	m, n, misses := listMatch(pdfPages(t, pdf, true))
	for _, s := range misses {
		t.Log(s)
	}
	t.Logf("list entries whose page number matches: %d of %d (%.0f%%)", m, n, 100*float64(m)/float64(max(n, 1)))
	if n == 0 {
		t.Fatal("no list entries found")
	}
}

// TestLibreOfficeRenumbers inserts a table caption (as Word's Insert Caption writes it)
// before 表1-2 in the DOCX's XML, lets LibreOffice load it (which updates the SEQ,
// STYLEREF and REF fields) and export it as text: the old 表1-2 and the reference to
// it must now read 表1-3.
func TestLibreOfficeRenumbers(t *testing.T) {
	sofficePath(t)
	tab := func(anchor, num, caption string) *sections.Table {
		return &sections.Table{Number: num, Caption: caption, Anchor: anchor, Source: "测试",
			Data: &data.Table{Cols: 1, HeaderRows: 1, Rows: [][]*data.Cell{{{Text: "项目"}}, {{Text: "甲"}}}}}
	}
	para := func(text, ref, num string) *sections.Para {
		return &sections.Para{Runs: []sections.Run{{Text: text}, {Text: num, Ref: ref}, {Text: "。"}}}
	}
	d := &sections.Doc{Chapters: []*sections.Chapter{{
		Heading: &sections.Heading{Level: 1, Number: "1", Text: "基本情况", Anchor: "h1"},
		Blocks: []sections.Block{
			para("学校一览见", "tab-a", "表1-1"),
			tab("tab-a", "表1-1", "学校一览"),
			para("满意度见", "tab-b", "表1-2"),
			tab("tab-b", "表1-2", "满意度比较"),
		},
	}}}
	b, err := Write(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The new caption, as Word writes one: 表{STYLEREF 1 \s}-{SEQ 表 \* ARABIC \s 1}.
	fld := func(instr, res string) string {
		return `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ` + instr +
			` </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>` + res +
			`</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`
	}
	inserted := `<w:p><w:pPr><w:pStyle w:val="TableCaption"/></w:pPr><w:r><w:t>表</w:t></w:r>` + fld(`STYLEREF 1 \s`, "1") +
		`<w:r><w:t>-</w:t></w:r>` + fld(`SEQ 表 \* ARABIC \s 1`, "2") + `<w:r><w:t xml:space="preserve"> 新插入的表</w:t></w:r></w:p>`
	out := rewritePart(t, b, "word/document.xml", func(doc string) string {
		// Before the paragraph that holds the bookmark of 表1-2.
		i := strings.Index(doc, `w:name="_tab_b"`)
		if i < 0 {
			t.Fatal("no bookmark _tab_b")
		}
		p := strings.LastIndex(doc[:i], "<w:p>")
		return doc[:p] + inserted + doc[p:]
	})
	in := filepath.Join(t.TempDir(), "renumber.docx")
	if err := os.WriteFile(in, out, 0o644); err != nil {
		t.Fatal(err)
	}
	// The PDF export lays the document out, which updates the fields (the text
	// export keeps their cached results).
	var lines []string
	for _, pg := range pdfPages(t, convert(t, in, "pdf"), false) {
		lines = append(lines, pg...)
	}
	text := strings.ReplaceAll(strings.Join(lines, "\n"), "\u2011", "-")
	for _, want := range []string{"表1-2新插入的表", "表1-3满意度比较", "满意度见表1-3。", "学校一览见表1-1。", "表1-1学校一览"} {
		if !strings.Contains(text, want) {
			t.Errorf("after LibreOffice's update no %q in\n%s", want, text)
		}
	}
	if strings.Contains(text, "满意度见表1-2") {
		t.Error("the reference still reads 表1-2")
	}
}

// rewritePart returns the DOCX with one part's text changed (entries in order, all
// deflated).
func rewritePart(t *testing.T, b []byte, name string, fn func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == name {
			data = []byte(fn(string(data)))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestLibreOfficeLandscapeSection converts a chapter with a landscape table: the table
// prints on a landscape page of its own with its caption, its numbers whole, and the
// page numbers go on across it.
func TestLibreOfficeLandscapeSection(t *testing.T) {
	sofficePath(t)
	b, err := Write(wideDoc(false), Options{Rotated: func(a string) bool { return a == "tab-wide" }})
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "wide.docx")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := convert(t, in, "pdf")
	info, err := exec.Command("pdfinfo", "-f", "1", "-l", "99", pdf).Output()
	if err != nil {
		t.Skipf("pdfinfo: %v", err)
	}
	sizeRE := regexp.MustCompile(`Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)`)
	var landscape []int
	for _, m := range sizeRE.FindAllStringSubmatch(string(info), -1) {
		var w, h float64
		fmt.Sscan(m[2], &w)
		fmt.Sscan(m[3], &h)
		if w > h {
			var n int
			fmt.Sscan(m[1], &n)
			landscape = append(landscape, n-1)
		}
	}
	if len(landscape) != 1 {
		t.Fatalf("landscape pages %v, want one", landscape)
	}
	pages := pdfPages(t, pdf, false)
	lp := landscape[0]
	text := strings.Join(pages[lp], "\n")
	for _, want := range []string{"各专业部月度经费支出", "数据来源：示例数据"} {
		if !strings.Contains(text, want) {
			t.Errorf("landscape page lacks %q:\n%s", want, text)
		}
	}
	// Every number of the table is whole on the landscape page.
	for i := range 6 {
		for c := 1; c < 13; c++ {
			n := strconv.Itoa(1000000 + i*7919 + c*104729)
			if !strings.Contains(text, n) {
				t.Errorf("the landscape page does not show %s whole", n)
			}
		}
	}
	// Page numbers: the portrait page before it, the landscape page and the page
	// after it are numbered on (1, 2, 3).
	last := func(p []string) string {
		if len(p) == 0 {
			return ""
		}
		return p[len(p)-1]
	}
	if lp < 1 || lp+1 >= len(pages) {
		t.Fatalf("landscape page %d of %d", lp, len(pages))
	}
	if a, b, c := last(pages[lp-1]), last(pages[lp]), last(pages[lp+1]); a != "1" || b != "2" || c != "3" {
		t.Errorf("page numbers around the landscape page %q %q %q, want 1 2 3", a, b, c)
	}
	if !strings.Contains(strings.Join(pages[lp+1], ""), "宽表之后的段落") {
		t.Error("the text after the table is not on the next portrait page")
	}
}
