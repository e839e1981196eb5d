// Command reportc compiles an annual quality report folder (report.yaml, chapter text,
// Excel workbooks, images) into a print-ready PDF.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/reportc/reportc/charts"
	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/layout"
	"github.com/reportc/reportc/layout/pdf"
	"github.com/reportc/reportc/sections"
	"github.com/reportc/reportc/sections/docx"
)

const usage = `reportc 把年度质量报告的数据文件夹编译成可印刷的 PDF。

用法:
  reportc build [-o 输出.pdf] 目录     检查并生成 PDF 和可编辑的 DOCX（默认 out/<目录名>.pdf/.docx）
  reportc check 目录                   只检查，列出全部错误；有错误时退出码为 1
  reportc placeholders 目录            为缺少的照片生成注明“照片待补”的占位图
  reportc draft -school 学校名称 城市报告目录 新目录
                                       为一所学校生成报告草稿（城市报告的章节、本校案例、表中本校各行）
  reportc new [-title 标题] [-issuer 单位] [-year 年份] 目录
                                       新建一个可直接编译的报告目录（含 Excel 模板，数字均标为示例数据）

每个子命令都可加 --help。输入格式见 docs/format.md。
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	switch args[0] {
	case "build":
		return cmdBuild(args[1:], stdout, stderr)
	case "check":
		return cmdCheck(args[1:], stdout, stderr)
	case "placeholders":
		return cmdPlaceholders(args[1:], stdout, stderr)
	case "new":
		return cmdNew(args[1:], stdout, stderr)
	case "draft":
		return cmdDraft(args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "未知的子命令 %q\n\n%s", args[0], usage)
		return 2
	}
}

func newFlags(name, help string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, help)
		fs.PrintDefaults()
	}
	return fs
}

// oneDir parses flags and the one folder argument. When it fails it returns the exit
// code: 0 for --help (the help has been printed), 2 for a usage error.
func oneDir(fs *flag.FlagSet, args []string, stderr io.Writer) (string, int) {
	if err := fs.Parse(args); err != nil {
		return "", exitFor(err)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return "", 2
	}
	return fs.Arg(0), -1
}

func exitFor(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// load reads, checks and builds the document tree, reporting every problem.
func load(dir string) (*data.Report, *sections.Doc, *fonts.Set, error) {
	rep, err := data.Load(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	fs, err := fonts.Load(resolve(dir, rep.Meta.Settings.Fonts)...)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := rep.CheckFonts(coverage{fs}); err != nil {
		return nil, nil, nil, err
	}
	doc, err := sections.Build(rep)
	if err != nil {
		return nil, nil, nil, err
	}
	return rep, doc, fs, nil
}

func resolve(dir string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		if filepath.IsAbs(p) {
			out[i] = p
		} else {
			out[i] = filepath.Join(dir, p)
		}
	}
	return out
}

type coverage struct{ fs *fonts.Set }

func (c coverage) CoversText(r rune, sans bool) bool {
	if sans {
		return c.fs.Covers(fonts.Sans, r) && c.fs.Covers(fonts.SansBold, r)
	}
	return c.fs.Covers(fonts.Serif, r) && c.fs.Covers(fonts.SerifBold, r)
}

func printErr(stderr io.Writer, err error) {
	var list data.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintf(stderr, "错误: %s\n", e)
		}
		fmt.Fprintf(stderr, "共 %d 个错误。\n", len(list))
		return
	}
	fmt.Fprintf(stderr, "错误: %v\n", err)
}

// printWarnings shows problems that do not stop a build.
func printWarnings(w io.Writer, list data.ErrorList) {
	for _, e := range list {
		fmt.Fprintf(w, "警告: %s\n", e)
	}
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "用法: reportc check 目录\n\n读入并检查报告目录（report.yaml、章节文本、工作簿、图片、字体覆盖），\n一次列出全部错误及其位置（文件:行，或 工作簿 工作表!单元格）。不写任何文件。\n", stderr)
	dir, code := oneDir(fs, args, stderr)
	if code >= 0 {
		return code
	}
	rep, doc, fset, err := load(dir)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	printWarnings(stderr, rep.Warnings)
	printWarnings(stderr, layout.New(fset, layout.Options{Settings: rep.Meta.Settings}).PhotoWarnings(doc))
	fmt.Fprintf(stdout, "检查通过：%d 章，%d 个表，%d 幅图，%d 个案例。\n", len(doc.Chapters), len(doc.Tables), len(doc.Figures), len(doc.Cases))
	return 0
}

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "用法: reportc build [-o 输出.pdf] [-docx 输出.docx] 目录 [目录…]\n\n检查报告目录，生成 PDF 和内容相同、可在 Word/WPS 中编辑的 DOCX。\n有错误时不写输出，原有的输出文件保持不变。给出多个目录时（如 data/*），逐个生成\nout/<目录名>.pdf 和 .docx，此时不能用 -o/-docx。\n", stderr)
	out := fs.String("o", "", "输出 PDF 路径（默认 out/<目录名>.pdf）")
	docxOut := fs.String("docx", "", "输出 DOCX 路径（默认与 PDF 同名，扩展名 .docx；写 - 表示不生成）")
	if err := fs.Parse(args); err != nil {
		return exitFor(err)
	}
	if fs.NArg() == 0 || (fs.NArg() > 1 && (*out != "" || (*docxOut != "" && *docxOut != "-"))) {
		fs.Usage()
		return 2
	}
	failed := 0
	for _, dir := range fs.Args() {
		pdfPath, docxPath := *out, *docxOut
		if pdfPath == "" {
			pdfPath = filepath.Join("out", filepath.Base(filepath.Clean(dir))+".pdf")
		}
		if docxPath == "" {
			docxPath = strings.TrimSuffix(pdfPath, filepath.Ext(pdfPath)) + ".docx"
		}
		if fs.NArg() > 1 {
			fmt.Fprintf(stdout, "== %s\n", dir)
		}
		if !buildOne(dir, pdfPath, docxPath, stdout, stderr) {
			failed++
		}
	}
	if failed > 0 {
		if fs.NArg() > 1 {
			fmt.Fprintf(stderr, "%d 个报告有错误，未生成。\n", failed)
		}
		return 1
	}
	return 0
}

func buildOne(dir, pdfPath, docxPath string, stdout, stderr io.Writer) bool {
	start := time.Now()
	res, err := buildAll(dir, docxPath != "-")
	if err != nil {
		printErr(stderr, err)
		return false
	}
	printWarnings(stderr, res.warnings)
	if err := writeAtomic(pdfPath, res.pdf); err != nil {
		printErr(stderr, err)
		return false
	}
	fmt.Fprintf(stdout, "已生成 %s：%d 页，%d KB\n", pdfPath, len(res.book.Pages), len(res.pdf)/1024)
	if res.docx != nil {
		if err := writeAtomic(docxPath, res.docx); err != nil {
			printErr(stderr, err)
			return false
		}
		fmt.Fprintf(stdout, "已生成 %s：%d KB\n", docxPath, len(res.docx)/1024)
	}
	fmt.Fprintf(stdout, "用时 %.2f 秒\n", time.Since(start).Seconds())
	return true
}

// Build compiles a report folder to PDF bytes.
func Build(dir string) ([]byte, int, error) {
	b, book, err := buildBook(dir)
	if err != nil {
		return nil, 0, err
	}
	return b, len(book.Pages), nil
}

// buildBook compiles a report folder and returns the PDF with the layout it drew.
func buildBook(dir string) ([]byte, *layout.Book, error) {
	res, err := buildAll(dir, false)
	if err != nil {
		return nil, nil, err
	}
	return res.pdf, res.book, nil
}

type result struct {
	warnings data.ErrorList
	pdf      []byte
	docx     []byte
	book     *layout.Book
	doc      *sections.Doc
}

// buildAll compiles a report folder into the PDF and, when asked, the DOCX: both from
// the same document tree, the DOCX's lists carrying the PDF's page numbers.
func buildAll(dir string, withDocx bool) (*result, error) {
	rep, doc, fs, err := load(dir)
	if err != nil {
		return nil, err
	}
	// Charts are drawn in parallel before layout and cached by content hash, in memory
	// and in the user's cache directory, so a rebuild skips unchanged charts.
	cr := charts.NewRenderer(fs)
	if dir, err := os.UserCacheDir(); err == nil {
		cr.CacheDir = filepath.Join(dir, "reportc", "charts")
	}
	if _, err := cr.RenderAll(doc.Figures); err != nil {
		return nil, err
	}
	eng := layout.New(fs, layout.Options{Settings: rep.Meta.Settings, Title: rep.Meta.Title + rep.Meta.Subtitle, ChartImage: cr.Func(), ChartShort: cr.ShortFunc()})
	book, err := eng.Layout(doc)
	if err != nil {
		return nil, err
	}
	m := rep.Meta
	b, err := pdf.Write(book, pdf.Info{
		Title:    m.Title + m.Subtitle,
		Author:   m.Issuer,
		Subject:  fmt.Sprintf("%d年度中等职业教育质量年度报告", m.Year),
		Keywords: strings.Join([]string{"中等职业教育", "质量年度报告", fmt.Sprint(m.Year), m.Issuer}, ", "),
		Created:  m.Published,
	})
	if err != nil {
		return nil, err
	}
	res := &result{pdf: b, book: book, doc: doc, warnings: append(rep.Warnings, eng.PhotoWarnings(doc)...)}
	if withDocx {
		res.docx, err = docx.Write(doc, docx.Options{PageOf: book.PageLabel, ChartPNG: cr.Func()})
		if err != nil {
			return nil, fmt.Errorf("DOCX: %w", err)
		}
	}
	return res, nil
}

// writeAtomic writes to a temporary file beside the target and renames it, so a failed
// build never leaves a half-written file where a good one was.
func writeAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".reportc-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func cmdPlaceholders(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("placeholders", "用法: reportc placeholders 目录\n\n为正文中引用、但 images/ 里还没有的照片生成占位图（灰底，写明“照片待补”和图题）。\n已有的图片不会被覆盖。\n", stderr)
	dir, code := oneDir(fs, args, stderr)
	if code >= 0 {
		return code
	}
	rep, err := data.Load(dir)
	var list data.ErrorList
	if err != nil && !errors.As(err, &list) {
		printErr(stderr, err)
		return 1
	}
	fset, err := fonts.Load()
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	n := 0
	var walk func(bs []*data.Block) error
	walk = func(bs []*data.Block) error {
		for _, b := range bs {
			if b.Kind == data.BPhoto {
				path := filepath.Join(dir, b.File)
				if _, err := os.Stat(path); err == nil {
					continue
				}
				// Each placeholder gets its own width (see layout/pdf: distinct widths keep
				// the PDF byte-identical without re-encoding).
				png, err := charts.PlaceholderFile(fset.Face(fonts.Sans).Truetype(), 1200+n, 800, b.Caption, b.File)
				if err != nil {
					return err
				}
				if err := writeAtomic(path, png); err != nil {
					return err
				}
				n++
			}
			if err := walk(b.Body); err != nil {
				return err
			}
		}
		return nil
	}
	for _, ch := range rep.Chapters {
		if err := walk(ch.Blocks); err != nil {
			printErr(stderr, err)
			return 1
		}
	}
	fmt.Fprintf(stdout, "生成了 %d 张占位图。\n", n)
	return 0
}

func cmdNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", "用法: reportc new [-title 标题] [-issuer 单位] [-year 年份] 目录\n\n新建报告目录：report.yaml、前言、第一章、images/ 和一个 Excel 工作簿模板\n（清单、表格、图表和数值工作表各一例，数字均标为示例数据）。已有 report.yaml 的目录不会被覆盖。\n", stderr)
	title := fs.String("title", "中等职业教育质量年度报告", "报告标题")
	issuer := fs.String("issuer", "（发布单位）", "发布单位")
	year := fs.Int("year", time.Now().Year()-1, "报告年度")
	dir, code := oneDir(fs, args, stderr)
	if code >= 0 {
		return code
	}
	if err := data.NewTemplate(dir, *title, *issuer, *year); err != nil {
		printErr(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "已新建 %s。先填 report.yaml 和 workbooks/数据.xlsx，再运行 reportc check %s。\n", dir, dir)
	return 0
}

func cmdDraft(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("draft", "用法: reportc draft -school 学校名称 城市报告目录 新目录\n\n从城市报告为一所学校生成可直接编译的报告草稿：沿用城市报告的章节标题并在其下留出填写提示，\n照录署名为本校的案例，表格只保留提到本校的行，附表保留指标、清空数字由学校填写。\n", stderr)
	school := fs.String("school", "", "学校名称（与案例的“学校：”或表格中的校名一致）")
	if err := fs.Parse(args); err != nil {
		return exitFor(err)
	}
	if fs.NArg() != 2 || *school == "" {
		fs.Usage()
		return 2
	}
	rep, err := data.Load(fs.Arg(0))
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	sum, err := data.SchoolDraft(rep, *school, fs.Arg(1))
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "已生成 %s：本校案例 %d 个，含本校行的表格 %d 个（%s），附表 %d 个（数字待填）。\n",
		fs.Arg(1), sum.Cases, len(sum.Tables), strings.Join(sum.Tables, "、"), sum.Appendix)
	return 0
}
