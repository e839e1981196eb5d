package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/reportc/reportc/build"
	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/layout"
	"github.com/reportc/reportc/layout/pdf"
	"github.com/reportc/reportc/sections"
)

const example = "../../data/2024"

func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s is not installed; run `make deps` (poppler-utils, qpdf)", name)
	}
}

// TestCheckReportsOneErrorWithPlace covers the bad-input cases of the foundation issue:
// each prints one error naming its place, exits non-zero and writes no output.
func TestCheckReportsOneErrorWithPlace(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(t *testing.T, dir string)
		want   []string // substrings of the single error line
	}{
		{"text cell in a numeric column", func(t *testing.T, dir string) {
			f, err := excelize.OpenFile(filepath.Join(dir, "workbooks/正文数据.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStr("满意度比较", "D3", "约九十"); err != nil {
				t.Fatal(err)
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
		}, []string{"workbooks/正文数据.xlsx 满意度比较!D3", "应为数字", "约九十"}},
		{"reference to a label that does not exist", func(t *testing.T, dir string) {
			appendFile(t, filepath.Join(dir, "chapters/01.md"), "\n\n另见[@tab-nope]。\n")
		}, []string{"chapters/01.md:", "tab-nope", "不存在"}},
		{"missing image", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "images/fig-red-tour.png")); err != nil {
				t.Fatal(err)
			}
		}, []string{"chapters/02.md:", "images/fig-red-tour.png", "文件不存在"}},
		{"character no font has", func(t *testing.T, dir string) {
			appendFile(t, filepath.Join(dir, "chapters/03.md"), "\n\n笑脸\U0001F600不是正文字符。\n")
		}, []string{"chapters/03.md:", "U+1F600", "字体中没有"}},
		{"malformed YAML", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "report.yaml")
			b, _ := os.ReadFile(p)
			b = bytes.Replace(b, []byte("year: 2024"), []byte("year: [2024"), 1)
			os.WriteFile(p, b, 0o644)
		}, []string{"report.yaml:", "YAML 格式错误"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := copyDir(t, example)
			c.mutate(t, dir)
			var out, errb bytes.Buffer
			if code := run([]string{"check", dir}, &out, &errb); code == 0 {
				t.Fatalf("check exited 0; stderr:\n%s", errb.String())
			}
			lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
			if len(lines) != 2 || !strings.Contains(lines[1], "共 1 个错误") {
				t.Fatalf("want exactly one error, got:\n%s", errb.String())
			}
			for _, w := range c.want {
				if !strings.Contains(lines[0], w) {
					t.Errorf("error %q does not mention %q", lines[0], w)
				}
			}
			// build fails the same way and leaves an existing output untouched.
			outPDF := filepath.Join(t.TempDir(), "r.pdf")
			os.WriteFile(outPDF, []byte("previous good build"), 0o644)
			if code := run([]string{"build", "-o", outPDF, dir}, &out, &errb); code == 0 {
				t.Fatal("build exited 0")
			}
			if b, _ := os.ReadFile(outPDF); string(b) != "previous good build" {
				t.Fatal("a failed build changed the previous output")
			}
			entries, _ := os.ReadDir(filepath.Dir(outPDF))
			if len(entries) != 1 {
				t.Fatalf("a failed build left files behind: %v", entries)
			}
		})
	}
}

func appendFile(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

var (
	spaceRE = regexp.MustCompile(`\s+`)
	contRE  = regexp.MustCompile(`案例\d+-\d+（续）`)
)

func squash(s string) string { return spaceRE.ReplaceAllString(s, "") }

// withoutDraftMark drops the 草稿 watermark line that pdftotext puts among the text of
// every draft page, so that text running over it reads on.
func withoutDraftMark(txt []byte) string {
	return strings.ReplaceAll(string(txt), "\n"+pdf.DraftMark+"\n", "\n")
}

// TestExamplePDF builds the example and checks its text, structure, fonts and
// determinism.
func TestExamplePDF(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdffonts", "qpdf", "pdfinfo"} {
		needTool(t, tool)
	}
	b, pages, err := Build(example)
	if err != nil {
		t.Fatal(err)
	}
	if pages < 40 {
		t.Errorf("only %d pages", pages)
	}
	b2, _, err := Build(example)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Error("two builds of the same input differ")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "r.pdf")
	os.WriteFile(path, b, 0o644)

	// Text inside the text block only (no running heads or page numbers), so that a
	// paragraph split over a page break reads on.
	txt, err := exec.Command("pdftotext", "-x", "0", "-y", "95", "-W", "600", "-H", "660", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// A case box that runs over a page break reopens under "案例X-Y（续）"; drop that
	// line so the case's paragraph reads on.
	text := contRE.ReplaceAllString(squash(withoutDraftMark(txt)), "")
	rep, err := data.Load(example)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := sections.Build(rep)
	if err != nil {
		t.Fatal(err)
	}
	paras := 0
	check := func(what, s string) {
		if !strings.Contains(text, squash(s)) {
			t.Errorf("%s missing from the PDF text: %.60s…", what, s)
		}
	}
	for _, ch := range doc.Chapters {
		for _, blk := range ch.Blocks {
			switch b := blk.(type) {
			case *sections.Para:
				paras++
				check("paragraph", b.PlainText())
			case *sections.Case:
				for _, p := range b.Paras {
					paras++
					check("case paragraph", p.PlainText())
				}
			}
		}
	}
	if paras < 60 {
		t.Errorf("only %d paragraphs in the example tree", paras)
	}
	for _, tb := range doc.Tables {
		check("table caption", tb.Label())
	}
	for _, c := range doc.Cases {
		check("case title", c.Label())
	}
	for _, f := range doc.Figures {
		check("figure caption", f.Label())
	}
	// The preface and statement are printed too.
	for _, p := range doc.Preface {
		check("preface paragraph", p.PlainText())
	}

	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	fontsOut, err := exec.Command("pdffonts", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(fontsOut)), "\n")[2:]
	if len(rows) < 3 {
		t.Errorf("pdffonts lists %d fonts", len(rows))
	}
	for _, r := range rows {
		f := strings.Fields(r)
		if len(f) < 5 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", r)
		}
	}
	info, _ := exec.Command("pdfinfo", path).Output()
	for _, want := range []string{"Title:", "株洲市中等职业教育年度质量报告", "Author:", "株洲市教育局", "2025"} {
		if !strings.Contains(string(info), want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
}

func BenchmarkBuildExample(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, _, err := Build(example); err != nil {
			b.Fatal(err)
		}
	}
}

// TestListsNamePrintedPages checks every 目录/表目录/图目录/案例目录 entry against the
// layout's own record of where its target was printed, and against pdftotext.
func TestListsNamePrintedPages(t *testing.T) {
	needTool(t, "pdftotext")
	b, book, err := buildBook(example)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	os.WriteFile(path, b, 0o644)
	pageText := func(i int) string {
		out, err := exec.Command("pdftotext", "-f", fmt.Sprint(i+1), "-l", fmt.Sprint(i+1), path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		// One list entry per line: a line without a dot leader is an entry wrapped
		// onto the next line.
		var b strings.Builder
		for _, ln := range strings.Split(withoutDraftMark(out), "\n") {
			ln = squash(ln)
			b.WriteString(ln)
			if strings.Contains(ln, "...") {
				b.WriteString("\n")
			}
		}
		return b.String()
	}
	// The lists are the front-matter pages from 目录 on.
	var lists strings.Builder
	for _, m := range book.Marks {
		if m.Kind == layout.MarkFront && strings.HasPrefix(m.Anchor, "list-") {
			for p := m.Page; p < book.FirstBody && book.Pages[p].Front; p++ {
				lists.WriteString(pageText(p))
			}
			break
		}
	}
	listText := lists.String()
	entries := 0
	for _, m := range book.Marks {
		if m.Page < book.FirstBody || (m.Kind == layout.MarkHeading && m.Level > 3) {
			continue
		}
		entries++
		label := book.Pages[m.Page].Label
		// The target is printed on that page…
		if !strings.Contains(strings.ReplaceAll(pageText(m.Page), "\n", ""), squash(m.Text)) {
			t.Errorf("%q is not on page %s", m.Text, label)
		}
		// …and its list entry names that page after the dot leader.
		re := regexp.MustCompile(regexp.QuoteMeta(squash(m.Text)) + `\.{3,}` + label + `(\n|$)`)
		if !re.MatchString(listText) {
			t.Errorf("no list entry %q … %s", m.Text, label)
		}
	}
	if entries < 100 {
		t.Errorf("only %d list entries checked", entries)
	}
}

func TestNavigation(t *testing.T) {
	needTool(t, "qpdf")
	b, book, err := buildBook(example)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	os.WriteFile(path, b, 0o644)
	out, err := exec.Command("qpdf", "--json", "--json-key=outlines", "--json-key=pagelabels", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Outlines []struct {
			Title string
			Kids  []struct{ Title string }
		}
		PageLabels []struct {
			Index int
			Label map[string]any
		}
	}
	if err := json.Unmarshal(out, &j); err != nil {
		t.Fatal(err)
	}
	var top []string
	kids := 0
	for _, o := range j.Outlines {
		top = append(top, o.Title)
		kids += len(o.Kids)
	}
	joined := strings.Join(top, "|")
	for _, want := range []string{"前言", "目 录", "表目录", "1. 基本情况", "8. 面临挑战", "附表"} {
		if !strings.Contains(joined, want) {
			t.Errorf("outline lacks %q: %s", want, joined)
		}
	}
	if kids < 25 {
		t.Errorf("outline has only %d level-2 entries", kids)
	}
	if len(j.PageLabels) != 3 || j.PageLabels[1].Label["/S"] != "/r" || j.PageLabels[2].Index != book.FirstBody || j.PageLabels[2].Label["/S"] != "/D" {
		t.Errorf("page labels = %+v (body starts at %d)", j.PageLabels, book.FirstBody)
	}
}

// TestFallbackFontFromSettings: a character the embedded fonts lack is an error until
// the report names a TrueType font that has it; then it is drawn with that font.
func TestFallbackFontFromSettings(t *testing.T) {
	needTool(t, "pdffonts")
	const dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	if _, err := os.Stat(dejavu); err != nil {
		t.Fatalf("%s missing; run `make deps`", dejavu)
	}
	dir := copyDir(t, example)
	appendFile(t, filepath.Join(dir, "chapters/08.md"), "\n\n棋子♘。\n")
	var out, errb bytes.Buffer
	if run([]string{"check", dir}, &out, &errb) == 0 || !strings.Contains(errb.String(), "U+2658") {
		t.Fatalf("want a coverage error, got %q", errb.String())
	}
	// Fonts are named inside the report folder (the folder is the sandbox).
	ttf, err := os.ReadFile(dejavu)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "DejaVuSans.ttf"), ttf, 0o644); err != nil {
		t.Fatal(err)
	}
	appendFile(t, filepath.Join(dir, "report.yaml"), "  fonts: [DejaVuSans.ttf]\n")
	pdfPath := filepath.Join(t.TempDir(), "r.pdf")
	errb.Reset()
	if code := run([]string{"build", "-o", pdfPath, dir}, &out, &errb); code != 0 {
		t.Fatalf("build failed: %s", errb.String())
	}
	fonts, _ := exec.Command("pdffonts", pdfPath).Output()
	if !strings.Contains(string(fonts), "+DejaVuSans ") {
		t.Errorf("fallback font not embedded:\n%s", fonts)
	}
	txt, _ := exec.Command("pdftotext", pdfPath, "-").Output()
	if !strings.Contains(string(txt), "♘") {
		t.Error("♘ not in the PDF text")
	}
}

// BenchmarkBuildExampleColdCharts draws every chart afresh (empty chart cache).
func BenchmarkBuildExampleColdCharts(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		b.Setenv("XDG_CACHE_HOME", b.TempDir())
		b.StartTimer()
		if _, _, err := Build(example); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBuildWritesPDFAndDOCX: build writes both files from one tree; identical input
// gives identical DOCX bytes; the DOCX's TOC carries the PDF's page numbers.
func TestBuildWritesPDFAndDOCX(t *testing.T) {
	outDir := t.TempDir()
	var out, errb bytes.Buffer
	pdfPath := filepath.Join(outDir, "r.pdf")
	for i := 0; i < 2; i++ {
		if code := run([]string{"build", "-o", pdfPath, example}, &out, &errb); code != 0 {
			t.Fatalf("build failed: %s", errb.String())
		}
		if i == 0 {
			os.Rename(filepath.Join(outDir, "r.docx"), filepath.Join(outDir, "first.docx"))
		}
	}
	a, err1 := os.ReadFile(filepath.Join(outDir, "first.docx"))
	b, err2 := os.ReadFile(filepath.Join(outDir, "r.docx"))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !bytes.Equal(a, b) {
		t.Error("two DOCX builds differ")
	}
	res, err := buildAll(example, true, build.Edition{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.docx, b) {
		t.Error("DOCX from buildAll differs from the written file")
	}
	// Page number of 2.1 立德树人 in the PDF appears in the DOCX's written-out TOC.
	var anchor string
	for _, h := range res.doc.Headings {
		if h.Label() == "2.1 立德树人" {
			anchor = h.Anchor
		}
	}
	page := res.book.PageLabel(anchor)
	if anchor == "" || page == "" {
		t.Fatal("2.1 立德树人 not laid out")
	}
	zr, err := zip.NewReader(bytes.NewReader(res.docx), int64(len(res.docx)))
	if err != nil {
		t.Fatal(err)
	}
	var docXML []byte
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			docXML, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	// The first occurrence of the heading is its TOC entry; its page number follows
	// within the same paragraph.
	i := bytes.Index(docXML, []byte("2.1 立德树人"))
	end := bytes.Index(docXML[i:], []byte("</w:p>"))
	if i < 0 || end < 0 || !bytes.Contains(docXML[i:i+end], []byte(">"+page+"</w:t>")) {
		t.Errorf("DOCX TOC entry for 2.1 立德树人 lacks PDF page %s", page)
	}
	if _, err := os.Stat(pdfPath); err != nil {
		t.Fatal(err)
	}
}

// TestCheckWarnsAboutGrowthColumn: the source's 表1-2, whose 2024 column contradicts its
// own 增幅 column, passes check (it is the city's data) but every such row is named.
func TestCheckWarnsAboutGrowthColumn(t *testing.T) {
	// The example accepts these warnings in report.yaml (accept:); without that list
	// check prints them.
	dir := copyDir(t, example)
	y, _ := os.ReadFile(filepath.Join(dir, "report.yaml"))
	y, _, _ = bytes.Cut(y, []byte("\naccept:"))
	os.WriteFile(filepath.Join(dir, "report.yaml"), y, 0o644)
	var out, errb bytes.Buffer
	if code := run([]string{"check", dir}, &out, &errb); code != 0 {
		t.Fatalf("check failed: %s", errb.String())
	}
	if !strings.Contains(errb.String(), "警告: workbooks/正文数据.xlsx 满意度比较!E2: 派生值 满意度比较!增幅:在校生总满意度 应为 91.00 − 92.10 = -1.10，表中填的是 2.90") {
		t.Errorf("no warning for 满意度比较!E2:\n%s", errb.String())
	}
	if n := strings.Count(errb.String(), "派生值 满意度比较!增幅"); n != 8 {
		t.Errorf("%d 增幅 warnings, want the 8 rows of 表1-2 that do not add up", n)
	}
	// 表1-2 names 附表2 as its twin (核对): its 2024 column disagrees on the same 8 rows.
	if !strings.Contains(errb.String(), "警告: workbooks/正文数据.xlsx 满意度比较!D2: 2024年 91.00 与核对表 workbooks/附表.xlsx 满意度调查!D2 的 95.00 不一致") {
		t.Errorf("no twin warning for 满意度比较!D2:\n%s", errb.String())
	}
	if n := strings.Count(errb.String(), "与核对表"); n != 8 {
		t.Errorf("%d twin warnings, want 8", n)
	}
	if !strings.Contains(out.String(), "检查通过") {
		t.Errorf("stdout = %q", out.String())
	}
}

// TestNewThenBuild: a new report folder builds as it is, PDF and DOCX.
func TestNewThenBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "2025")
	var out, errb bytes.Buffer
	if code := run([]string{"new", "-title", "某市中等职业教育年度质量报告", "-issuer", "某市教育局", "-year", "2025", dir}, &out, &errb); code != 0 {
		t.Fatalf("new failed: %s", errb.String())
	}
	pdfPath := filepath.Join(t.TempDir(), "n.pdf")
	if code := run([]string{"build", "-o", pdfPath, dir}, &out, &errb); code != 0 {
		t.Fatalf("build of a new report failed: %s", errb.String())
	}
	for _, p := range []string{pdfPath, strings.TrimSuffix(pdfPath, ".pdf") + ".docx"} {
		if st, err := os.Stat(p); err != nil || st.Size() < 1000 {
			t.Errorf("%s not written", p)
		}
	}
	if code := run([]string{"new", dir}, &out, &errb); code == 0 {
		t.Error("new overwrote an existing report")
	}
	// Batch: several folders at once, each to out/<folder>.pdf; a bad one does not stop
	// the others and makes the exit code non-zero.
	other := filepath.Join(filepath.Dir(dir), "2026")
	run([]string{"new", "-year", "2026", other}, &out, &errb)
	bad := filepath.Join(filepath.Dir(dir), "broken")
	os.MkdirAll(bad, 0o755)
	wd, _ := os.Getwd()
	work := t.TempDir()
	os.Chdir(work)
	defer os.Chdir(wd)
	errb.Reset()
	if code := run([]string{"build", dir, bad, other}, &out, &errb); code != 1 {
		t.Errorf("batch with a broken report exited %d", code)
	}
	for _, name := range []string{"2025.pdf", "2025.docx", "2026.pdf", "2026.docx"} {
		if _, err := os.Stat(filepath.Join(work, "out", name)); err != nil {
			t.Errorf("batch did not write out/%s", name)
		}
	}
	if _, err := os.Stat(filepath.Join(work, "out", "broken.pdf")); err == nil {
		t.Error("batch wrote output for a broken report")
	}
}

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"build", "check", "new", "placeholders"} {
		var out, errb bytes.Buffer
		if code := run([]string{cmd, "--help"}, &out, &errb); code != 0 {
			t.Errorf("%s --help exited %d", cmd, code)
		}
		if !strings.Contains(out.String()+errb.String(), "用法: reportc "+cmd) {
			t.Errorf("%s --help printed %q", cmd, out.String()+errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"build"}, &out, &errb); code != 2 {
		t.Errorf("build without a folder exited %d, want 2", code)
	}
	if code := run([]string{"frobnicate"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "未知的子命令") {
		t.Errorf("unknown subcommand: %d %q", code, errb.String())
	}
}

// TestChartCacheKeepsOutputIdentical: a build that draws every chart and one that reads
// them all from the disk cache give the same bytes.
func TestChartCacheKeepsOutputIdentical(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	cold, _, err := Build(example)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "reportc", "charts"))
	if len(entries) < 8 {
		t.Fatalf("%d cached charts after a cold build, want 8", len(entries))
	}
	warm, _, err := Build(example)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(cold, warm) {
		t.Error("cold and cached builds differ")
	}
}

// TestSchoolDraft: a school's draft takes over its cases and its table rows, loads and
// builds as it is, and invents no numbers.
func TestSchoolDraft(t *testing.T) {
	const school = "醴陵市陶瓷烟花职业技术学校"
	dir := filepath.Join(t.TempDir(), "liling")
	var out, errb bytes.Buffer
	if code := run([]string{"draft", "-school", school, example, dir}, &out, &errb); code != 0 {
		t.Fatalf("draft failed: %s", errb.String())
	}
	rep, err := data.Load(dir)
	if err != nil {
		t.Fatalf("the draft does not load: %v", err)
	}
	cases := 0
	for _, ch := range rep.Chapters {
		for _, b := range ch.Blocks {
			if b.Kind == data.BCase {
				cases++
				if !strings.Contains(b.School, "醴陵") {
					t.Errorf("case %s of %s taken over", b.Label, b.School)
				}
			}
		}
	}
	if cases != 6 {
		t.Errorf("%d cases, want the school's 6", cases)
	}
	ht := rep.Tables["tab-headteacher-contest"]
	if ht == nil {
		t.Fatal("班主任比赛 table missing")
	}
	for _, row := range ht.Rows[ht.HeaderRows:] {
		if !strings.Contains(row[1].Text, school) {
			t.Errorf("row of another school: %s", row[1].Text)
		}
	}
	if len(ht.Rows)-ht.HeaderRows != 3 {
		t.Errorf("%d rows, want the school's 3 headteachers", len(ht.Rows)-ht.HeaderRows)
	}
	for _, label := range []string{"tab-a-scorecard", "tab-a-policy"} {
		a := rep.Tables[label]
		if a == nil {
			t.Fatalf("%s missing", label)
		}
		for _, row := range a.Rows[a.HeaderRows:] {
			for _, c := range row {
				if c.Numeric {
					t.Errorf("%s keeps the city's number %s at %s", label, c.Text, c.Pos)
				}
			}
		}
	}
	pdfPath := filepath.Join(t.TempDir(), "d.pdf")
	if code := run([]string{"build", "-o", pdfPath, dir}, &out, &errb); code != 0 {
		t.Fatalf("the draft does not build: %s", errb.String())
	}
	if code := run([]string{"draft", "-school", school, example, dir}, &out, &errb); code == 0 {
		t.Error("draft overwrote an existing report")
	}
}
