// Command reportc compiles an annual quality report folder (report.yaml, chapter text,
// Excel workbooks, images) into a print-ready PDF. It is the command line only: flags,
// messages and exit codes; the work is done by package build.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/reportc/reportc/build"
	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/layout"
)

const usage = `reportc 把年度质量报告的数据文件夹编译成可印刷的 PDF。

用法:
  reportc build [-o 输出.pdf] 目录…    检查并生成 PDF 和可编辑的 DOCX（默认 out/<目录名>.pdf/.docx；
                                       多个目录并行生成，未变的跳过，-force 重新生成）
  reportc build --official [--sign 密钥.p12] 目录
                                       正式版：有待补内容时拒绝生成并逐条列出原因；--sign 以公章为外观数字签名
  reportc verify 文件.pdf              检查 PDF 的数字签名（签名人、时间、是否覆盖全文、是否被改动）
  reportc check [-audit] 目录          只检查，列出全部错误；有错误时退出码为 1；-audit 打印审核清单
  reportc watch [-o 输出.pdf] 目录     监视目录，文件一改就重新生成（只有成功的生成才替换输出）
  reportc placeholders 目录            为缺少的照片生成注明“照片待补”的占位图
  reportc draft -school 学校名称 城市报告目录 新目录
                                       为一所学校生成报告草稿（城市报告的章节、本校案例、表中本校各行）
  reportc draft -all 城市报告目录 新目录
                                       为学校名单中的每所学校各生成一个草稿目录（含本校数据填报表）
  reportc collect 草稿目录… -o 城市目录/workbooks/学校数据.xlsx
                                       把各校填好的学校数据表汇总成一个工作簿（每个指标一张表）
  reportc new [-title 标题] [-issuer 单位] [-year 年份] 目录
                                       新建一个可直接编译的报告目录（含 Excel 模板，数字均标为示例数据）

每个子命令都可加 --help。使用说明见 docs/使用说明.md，输入格式见 docs/格式说明.md（英文版 docs/format.md）。
`

func main() {
	// SIGINT and SIGTERM cancel the build: its temporary files are removed and the
	// previous outputs stay as they were.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := runContext(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitInterrupted is the exit code of a build stopped by a signal (128 + SIGINT).
const exitInterrupted = 130

func run(args []string, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdout, stderr)
}

func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	// Package build turns panics in a build into an InternalError; this catches the
	// rest (the command line itself), with the same message.
	defer func() {
		if v := recover(); v != nil {
			printErr(stderr, &build.InternalError{Value: v, Stack: debug.Stack()})
			code = 1
		}
	}()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	switch args[0] {
	case "build":
		return cmdBuild(ctx, args[1:], stdout, stderr)
	case "check":
		return cmdCheck(args[1:], stdout, stderr)
	case "placeholders":
		return cmdPlaceholders(args[1:], stdout, stderr)
	case "new":
		return cmdNew(args[1:], stdout, stderr)
	case "draft":
		return cmdDraft(args[1:], stdout, stderr)
	case "collect":
		return cmdCollect(args[1:], stdout, stderr)
	case "verify":
		return cmdVerify(args[1:], stdout, stderr) // official.go
	case "watch":
		return cmdWatch(ctx, args[1:], stdout, stderr)
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

// parseArgs parses flags anywhere among the arguments, so that
// `reportc build data/2024 -o x.pdf` works like `reportc build -o x.pdf data/2024`, and
// returns the other arguments in order. After "--" every argument is a folder.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// oneDir parses flags and the one folder argument. When it fails it returns the exit
// code: 0 for --help (the help has been printed), 2 for a usage error.
func oneDir(fs *flag.FlagSet, args []string, stderr io.Writer) (string, int) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return "", exitFor(err)
	}
	if len(pos) != 1 {
		fs.Usage()
		return "", 2
	}
	return pos[0], -1
}

func exitFor(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

func printErr(stderr io.Writer, err error) {
	var internal *build.InternalError
	if errors.As(err, &internal) {
		fmt.Fprintln(stderr, internal.Error())
		if os.Getenv("REPORTC_TRACE") != "" {
			stderr.Write(internal.Stack)
		}
		return
	}
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
	audit := fs.Bool("audit", false, "再打印审核清单：绑定的数字、派生值、规则、已接受的警告及理由")
	dir, code := oneDir(fs, args, stderr)
	if code >= 0 {
		return code
	}
	l, err := build.Load(dir)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	printWarnings(stderr, l.Report.Warnings)
	printWarnings(stderr, layout.New(l.Fonts, layout.Options{Settings: l.Report.Meta.Settings}).PhotoWarnings(l.Doc))
	for _, m := range l.Report.Audit.Suggestions {
		fmt.Fprintf(stderr, "提示: %s\n", m.Hint())
	}
	if n := len(l.Report.Audit.Accepted); n > 0 && !*audit {
		fmt.Fprintf(stderr, "另有 %d 个警告已在 report.yaml 的 accept 中接受（理由见 reportc check -audit）。\n", n)
	}
	if *audit {
		fmt.Fprint(stdout, l.Report.Listing())
	}
	if n := len(l.Report.Todos()); n > 0 {
		fmt.Fprintf(stderr, "还有 %d 处待填写（::: todo，见上面的 “待填写：” 警告）。\n", n)
	}
	doc := l.Doc
	fmt.Fprintf(stdout, "检查通过：%d 章，%d 个表，%d 幅图，%d 个案例。\n", len(doc.Chapters), len(doc.Tables), len(doc.Figures), len(doc.Cases))
	return 0
}

// outputs are a folder's output paths from the -o and -docx flags: out/<folder>.pdf and
// .docx by default; -o names the PDF (the DOCX beside it); -docx names the DOCX, or "-"
// for none.
func outputs(dir, pdfFlag, docxFlag string) build.Outputs {
	o := build.DefaultOutputs(dir)
	if pdfFlag != "" {
		o.PDF = pdfFlag
		o.DOCX = strings.TrimSuffix(pdfFlag, filepath.Ext(pdfFlag)) + ".docx"
	}
	switch docxFlag {
	case "-":
		o.DOCX = ""
	case "":
	default:
		o.DOCX = docxFlag
	}
	return o
}

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "用法: reportc build [-o 输出.pdf] [-docx 输出.docx] [-force] [-j N] 目录 [目录…]\n\n检查报告目录，生成 PDF 和内容相同、可在 Word/WPS 中编辑的 DOCX。\n有错误时不写输出，原有的输出文件保持不变；PDF 和 DOCX 都生成完才一起替换旧文件，\n中断（Ctrl-C）时也不改动旧文件。输出不能是报告自己的输入文件。\n输入、设置和 reportc 本身都没有变化时跳过（PDF 旁的 .reportc 文件记着内容散列），-force 重新生成。\n给出多个目录时（如 data/*），并行生成 out/<目录名>.pdf 和 .docx，一个出错不影响其他，最后列出汇总；\n此时不能用 -o/-docx，目录名也不能重复。\n", stderr)
	out := fs.String("o", "", "输出 PDF 路径（默认 out/<目录名>.pdf）")
	docxOut := fs.String("docx", "", "输出 DOCX 路径（默认与 PDF 同名，扩展名 .docx；写 - 表示不生成）")
	var ed build.Edition
	fs.BoolVar(&ed.Official, "official", false, "生成正式版（无“草稿”水印；有待补内容或未接受的警告时拒绝生成）")
	fs.StringVar(&ed.SignKey, "sign", "", "以此密钥数字签名（PKCS#12 .p12/.pfx，密码取自环境变量 REPORTC_SIGN_PASSWORD 或终端输入；或 PEM 私钥）")
	fs.StringVar(&ed.SignCert, "cert", "", "PEM 证书文件（证书不在 --sign 的 PEM 文件中时）")
	ed.Password = terminalPassword
	force := fs.Bool("force", false, "输入没有变化也重新生成")
	workers := fs.Int("j", 0, "同时生成几个目录（默认每个 CPU 一个）")
	dirs, err := parseArgs(fs, args)
	if err != nil {
		return exitFor(err)
	}
	if ed.SignKey != "" && !ed.Official {
		fmt.Fprintln(stderr, "--sign 只用于正式版：请同时给出 --official")
		return 2
	}
	if len(dirs) == 0 || (len(dirs) > 1 && (*out != "" || (*docxOut != "" && *docxOut != "-"))) {
		fs.Usage()
		return 2
	}
	jobs := make([]build.Job, len(dirs))
	for i, dir := range dirs {
		jobs[i] = build.Job{Dir: dir, Out: outputs(dir, *out, *docxOut)}
	}
	// A batch in which two folders would write the same files (a/2024 and b/2024) is
	// refused before anything is built.
	if err := build.CheckJobs(jobs); err != nil {
		fmt.Fprintf(stderr, "错误: %v\n", err)
		return 2
	}
	batch := len(jobs) > 1
	if batch {
		defer tuneGCForBatch(os.Getenv)()
	}
	bar := newProgress(stdout, len(jobs))
	done := 0
	b := build.Default()
	b.Edition = ed
	results := b.Batch(ctx, jobs, build.BatchOptions{
		Workers: *workers,
		Force:   *force,
		Start: func(j build.Job) {
			bar.println(fmt.Sprintf("正在生成 %s → %s …", j.Dir, j.Out.PDF))
		},
		Done: func(r build.JobResult) {
			done++
			prefix := ""
			if batch {
				prefix = fmt.Sprintf("[%d/%d] %s: ", done, len(jobs), r.Dir)
			}
			switch r.Status {
			case build.Built:
				bar.clear()
				printWarnings(stderr, r.Warnings)
				if ed.Official {
					// The official edition names what it publishes as it is.
					printAccepted(stdout, r.Accepted)
				} else if n := len(r.Accepted); n > 0 {
					bar.println(fmt.Sprintf("%s另有 %d 个警告已在 report.yaml 的 accept 中接受（理由见 reportc check -audit）", prefix, n))
				}
				bar.println(fmt.Sprintf("%s已生成 %s：%d 页，%d KB", prefix, r.Out.PDF, r.Pages, r.PDFSize/1024))
				if r.Out.DOCX != "" {
					bar.println(fmt.Sprintf("%s已生成 %s：%d KB", prefix, r.Out.DOCX, r.DOCXSize/1024))
				}
				bar.println(fmt.Sprintf("%s用时 %.2f 秒", prefix, r.Time.Seconds()))
			case build.Unchanged:
				bar.println(fmt.Sprintf("%s%s 的输入没有变化，%s 保持原样（-force 重新生成）", prefix, r.Dir, r.Out.PDF))
			case build.Failed:
				bar.clear()
				if batch {
					fmt.Fprintf(stderr, "== %s 有错误：\n", r.Dir)
				}
				printErr(stderr, r.Err)
			}
			bar.show(done)
		},
	})
	bar.clear()
	built, unchanged, failed, interrupted := build.Summary(results)
	if interrupted > 0 {
		fmt.Fprintf(stderr, "已中断：中断时正在生成的报告没有写任何输出，原有的输出文件保持不变。\n")
		return exitInterrupted
	}
	if batch {
		fmt.Fprintf(stdout, "共 %d 个报告：生成 %d，未变 %d，失败 %d。\n", len(results), built, unchanged, failed)
		for _, r := range results {
			if r.Status == build.Failed {
				fmt.Fprintf(stderr, "失败 %s：%s\n", r.Dir, build.FirstError(r.Err))
			}
		}
	}
	if failed > 0 {
		return 1
	}
	return 0
}

// progress shows a batch's progress: a bar redrawn in place on a terminal, nothing
// extra otherwise (the lines of each folder say enough in a log).
type progress struct {
	w     io.Writer
	total int
	tty   bool
	shown bool
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total}
	if f, ok := w.(*os.File); ok && total > 1 {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

func (p *progress) println(s string) {
	p.clear()
	fmt.Fprintln(p.w, s)
}

func (p *progress) show(done int) {
	if !p.tty {
		return
	}
	const width = 30
	n := width * done / p.total
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d", strings.Repeat("#", n), strings.Repeat("-", width-n), done, p.total)
	p.shown = true
}

func cmdWatch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("watch", "用法: reportc watch [-o 输出.pdf] [-docx 输出.docx] [-interval 时长] 目录\n\n先生成一次，然后监视报告目录：其中的文件一有改动就重新生成，打印错误或新的页数。\n只有成功的生成才替换输出文件；有错误时上一次成功的 PDF 和 DOCX 保持不变。按 Ctrl-C 结束。\n", stderr)
	out := fs.String("o", "", "输出 PDF 路径（默认 out/<目录名>.pdf）")
	docxOut := fs.String("docx", "", "输出 DOCX 路径（默认与 PDF 同名，扩展名 .docx；写 - 表示不生成）")
	interval := fs.Duration("interval", 500*time.Millisecond, "多久查看一次目录")
	dir, code := oneDir(fs, args, stderr)
	if code >= 0 {
		return code
	}
	o := outputs(dir, *out, *docxOut)
	fmt.Fprintf(stdout, "监视 %s（Ctrl-C 结束）…\n", dir)
	build.Default().Watch(ctx, dir, o, *interval, func(r build.JobResult) {
		switch r.Status {
		case build.Built:
			printWarnings(stderr, r.Warnings)
			fmt.Fprintf(stdout, "已生成 %s：%d 页（用时 %.2f 秒）\n", r.Out.PDF, r.Pages, r.Time.Seconds())
		case build.Unchanged:
			fmt.Fprintf(stdout, "输入没有变化，%s 保持原样。\n", r.Out.PDF)
		case build.Failed:
			printErr(stderr, r.Err)
			fmt.Fprintf(stdout, "有错误，%s 保持上一次成功生成的版本。\n", r.Out.PDF)
		}
	})
	fmt.Fprintf(stdout, "已停止监视。\n")
	return 0
}

func cmdPlaceholders(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("placeholders", "用法: reportc placeholders 目录\n\n为正文中引用、但 images/ 里还没有的照片生成占位图（灰底，写明“照片待补”和图题）。\n已有的图片不会被覆盖；只写在报告目录之内（照片路径用 ../、绝对路径或符号链接指到目录外时报错，一张也不写）。\n", stderr)
	dir, code := oneDir(fs, args, stderr)
	if code >= 0 {
		return code
	}
	n, err := build.Placeholders(dir)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	seal, err := build.SampleSeal(dir)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	if seal != "" {
		fmt.Fprintf(stdout, "生成了示例印章 %s（不是真实公章；正式版须换成本单位的公章图片）。\n", seal)
	}
	fmt.Fprintf(stdout, "生成了 %d 张占位图。\n", n)
	return 0
}

func cmdNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", "用法: reportc new [-title 标题] [-issuer 单位] [-year 年份] 目录\n\n新建报告目录：report.yaml、前言、第一章、images/ 和一个 Excel 工作簿模板\n（清单、表格、图表和数值工作表各一例，数字均标为示例数据）。目录须是新的或空的：已有文件的目录一律不写。\n", stderr)
	title := fs.String("title", "中等职业教育质量年度报告", "报告标题")
	issuer := fs.String("issuer", "（发布单位）", "发布单位")
	year := fs.Int("year", time.Now().Year()-1, "报告年度")
	dir, code := oneDir(fs, args, stderr)
	if code >= 0 {
		return code
	}
	if err := build.New(dir, *title, *issuer, *year); err != nil {
		printErr(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "已新建 %s。先填 report.yaml 和 workbooks/数据.xlsx，再运行 reportc check %s。\n", dir, dir)
	return 0
}

func cmdDraft(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("draft", "用法: reportc draft -school 学校名称 城市报告目录 新目录\n      reportc draft -all 城市报告目录 新目录\n\n从城市报告为一所学校生成可直接编译的报告草稿：沿用城市报告的章节标题并在其下留出填写提示，\n照录署名为本校的案例，表格只保留提到本校的行，附表保留指标、清空数字由学校填写。\n学校名称可写全称或只对应一所学校的简称；新目录须是新的或空的。\n", stderr)
	school := fs.String("school", "", "学校名称（全称，或只对应一所学校的一部分，如“醴陵”）")
	all := fs.Bool("all", false, "为学校名单（表1-1）中的每所学校各生成一个草稿目录，目录以学校全称命名")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return exitFor(err)
	}
	if len(pos) != 2 || (*school == "") == !*all {
		fs.Usage()
		return 2
	}
	if *all {
		res, unmatched, err := build.DraftAll(pos[0], pos[1])
		for _, d := range res {
			fmt.Fprintf(stdout, "已生成 %s：本校案例 %d 个（照片 %d 张），含本校行的表格 %d 个，附表 %d 个（数字待填）。\n",
				d.Dir, d.Summary.Cases, d.Summary.Photos, len(d.Summary.Tables), d.Summary.Appendix)
		}
		if err != nil {
			printErr(stderr, err)
			return 1
		}
		for _, u := range unmatched {
			fmt.Fprintf(stderr, "未匹配: %s\n", u)
		}
		fmt.Fprintf(stdout, "共 %d 所学校的草稿；%d 处学校名称未能对应到名单中的学校（见上）。\n", len(res), len(unmatched))
		return 0
	}
	sum, full, err := build.Draft(pos[0], *school, pos[1])
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	if full != strings.TrimSpace(*school) {
		fmt.Fprintf(stdout, "学校：%s\n", full)
	}
	fmt.Fprintf(stdout, "已生成 %s：本校案例 %d 个，含本校行的表格 %d 个（%s），附表 %d 个（数字待填）。\n",
		pos[1], sum.Cases, len(sum.Tables), strings.Join(sum.Tables, "、"), sum.Appendix)
	return 0
}

func cmdCollect(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("collect", "用法: reportc collect 草稿目录或工作簿… -o 输出.xlsx\n\n读入各校填好的学校数据表（草稿目录里的 workbooks/学校数据.xlsx），汇总成一个工作簿：\n每个指标一张工作表，每校一行，末行是全市合计（人数、金额）或全市平均（百分比、比值）。\n任何一校的表有错（如数字格里填了文字）时列出全部错误、不写输出；输出不能是输入之一，\n先写临时文件再改名替换。城市报告的 report.yaml 写 collected: 该工作簿 后，reportc check\n会列出与各校之和不符的城市数字和没有报送的学校。\n", stderr)
	out := fs.String("o", "", "输出的汇总工作簿（.xlsx）")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return exitFor(err)
	}
	if len(pos) == 0 || *out == "" {
		fs.Usage()
		return 2
	}
	schools, skipped, err := build.Collect(pos, *out)
	for _, s := range skipped {
		fmt.Fprintf(stderr, "跳过: %s 里没有 %s\n", s, data.SchoolBookFile)
	}
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "已汇总 %d 所学校的数据到 %s。\n", len(schools), *out)
	return 0
}
