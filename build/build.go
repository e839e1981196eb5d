// Package build is the one home of a report build: load and check a report folder, draw
// its charts, lay it out, write the PDF and the DOCX, and replace the output files on
// disk together. The command line (cmd/reportc) and every command that builds — build,
// batch, draft, and later watch and signing — call it.
//
// Safety rules kept here, for every caller:
//   - an output may not be a file of the report (report.yaml, chapters, workbooks,
//     images, fonts…), and the PDF and DOCX paths must differ;
//   - the outputs are written to temporary files beside their targets and renamed only
//     when all of them are complete; a cancelled context (SIGINT, SIGTERM in the command
//     line) or any error removes the temporary files and leaves the previous outputs as
//     they were;
//   - a panic anywhere in a build becomes an *InternalError, and nothing is written.
package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/reportc/reportc/cache"
	"github.com/reportc/reportc/charts"
	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/layout"
	"github.com/reportc/reportc/layout/pdf"
	"github.com/reportc/reportc/sections"
	"github.com/reportc/reportc/sections/docx"
)

// Builder compiles report folders. The zero value is ready to use and keeps charts in
// memory only; Default also caches them on disk. A Builder may be used by several
// goroutines at once.
type Builder struct {
	// ChartCache, when not empty, is the directory of the on-disk chart cache.
	ChartCache string
	// CheckCache, when not empty, is the directory of the on-disk cache of check
	// results (data.Options.CheckCache: photos already found sound).
	CheckCache string
	// PDFCache, when not empty, is the directory where the PDF writer keeps
	// compressed subset font files and photos scaled to their printed size
	// (pdf.Info.Cache), so a rebuild neither compresses nor decodes them again.
	PDFCache string

	// Edition is the edition to make: the draft (zero value) or the official one.
	Edition Edition

	// hook, when set (tests only), is called after each stage of Build with the
	// stage's name: "loaded", "laid out", "written" (temporary files complete, nothing
	// renamed yet).
	hook func(stage string)

	fontsMu  sync.Mutex
	fontSets map[string]*fonts.Set // parsed font chains, shared by the folders of a batch

	versionOnce sync.Once
	exeID       string // see version
}

// Default returns a Builder whose chart cache is $XDG_CACHE_HOME/reportc/charts (the
// user cache directory) and whose check cache is …/reportc/checks, or none when there is
// no such directory.
func Default() *Builder {
	b := &Builder{}
	if dir, err := os.UserCacheDir(); err == nil {
		b.ChartCache = filepath.Join(dir, "reportc", "charts")
		b.CheckCache = filepath.Join(dir, "reportc", "checks")
		b.PDFCache = filepath.Join(dir, "reportc", "pdf")
	}
	return b
}

func (b *Builder) stage(name string) {
	if b.hook != nil {
		b.hook(name)
	}
}

// Loaded is a report folder read and checked, with its document tree and fonts.
type Loaded struct {
	Report *data.Report
	Doc    *sections.Doc
	Fonts  *fonts.Set
}

// Result is a compiled report: the PDF, the DOCX when asked for, and what they were
// made from.
type Result struct {
	Loaded
	Book *layout.Book
	PDF  []byte
	DOCX []byte // nil when no DOCX was asked for

	// Warnings are the check warnings not accepted in report.yaml; Accepted are the
	// accepted ones, with their reasons.
	Warnings data.ErrorList
	Accepted []data.Accepted
	// PhotoWarnings name the photos that print below 150 dpi.
	PhotoWarnings data.ErrorList
}

// Load reads and checks a report folder and builds its document tree, reporting every
// problem (a data.ErrorList when the input is at fault). It writes nothing. A panic
// becomes an *InternalError.
func Load(dir string) (l *Loaded, err error) {
	defer recoverInternal(dir, &err)
	return (&Builder{}).load(dir)
}

func (b *Builder) load(dir string) (*Loaded, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	rep, err := data.LoadWith(dir, data.Options{CheckCache: b.CheckCache, Version: b.version()})
	if err != nil {
		// The report as far as it was read: an official build lists its problems too.
		return &Loaded{Report: rep}, err
	}
	fs, err := b.fonts(resolve(dir, rep.Meta.Settings.Fonts))
	if err != nil {
		return nil, fontErrors(rep, err)
	}
	if err := rep.CheckFonts(coverage{fs}); err != nil {
		return nil, err
	}
	doc, err := sections.Build(rep)
	if err != nil {
		return nil, err
	}
	return &Loaded{Report: rep, Doc: doc, Fonts: fs}, nil
}

// checkDir names a report folder that is missing or is not a folder, so the user is
// not told about a missing report.yaml instead.
func checkDir(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case err != nil && os.IsNotExist(err):
		return fmt.Errorf("报告目录 %s 不存在", dir)
	case err != nil:
		return fmt.Errorf("报告目录 %s 读不到：%v", dir, pathCause(err))
	case !st.IsDir():
		return fmt.Errorf("%s 不是目录：reportc 需要报告目录（内含 report.yaml）", dir)
	}
	return nil
}

// fontErrors places every unusable font of settings.fonts on its report.yaml line.
func fontErrors(rep *data.Report, err error) error {
	var list data.ErrorList
	var visit func(error)
	visit = func(e error) {
		var fe *fonts.FontError
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				visit(x)
			}
		} else if errors.As(e, &fe) {
			name := fe.Path
			if fe.Index < len(rep.Meta.Settings.Fonts) {
				name = rep.Meta.Settings.Fonts[fe.Index]
			}
			list.Add(rep.FontPos(fe.Index), "settings.fonts 中的字体 %s %v", name, fe.Err)
		} else {
			list.Add(data.Pos{File: "report.yaml"}, "%v", e)
		}
	}
	visit(err)
	return list.Err()
}

// fonts returns the parsed font chain with the given extra font files. Chains are
// parsed once per Builder and shared (a fonts.Set is read-only); a chain with extra
// files is keyed by their content as well, so an edited font file is parsed again.
func (b *Builder) fonts(extra []string) (*fonts.Set, error) {
	key := ""
	for _, p := range extra {
		key += p + "\x00" + hashFile(p) + "\x00"
	}
	b.fontsMu.Lock()
	defer b.fontsMu.Unlock()
	if fs, ok := b.fontSets[key]; ok {
		return fs, nil
	}
	fs, err := fonts.Load(extra...)
	if err != nil {
		return nil, err
	}
	if b.fontSets == nil {
		b.fontSets = map[string]*fonts.Set{}
	}
	b.fontSets[key] = fs
	return fs, nil
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

// Compile builds a report folder into the PDF and, when withDocx, the DOCX, in memory:
// both from the same document tree, the DOCX's lists carrying the PDF's page numbers.
// It writes nothing but the chart cache. A panic becomes an *InternalError.
func (b *Builder) Compile(ctx context.Context, dir string, withDocx bool) (res *Result, err error) {
	defer recoverInternal(dir, &err)
	l, err := b.load(dir)
	l, open, accepted, err := b.gate(l, err)
	if err != nil {
		return nil, err
	}
	b.stage("loaded")
	res, err = b.compile(ctx, l, withDocx)
	if err != nil {
		return nil, err
	}
	res.Warnings, res.Accepted = append(open, res.PhotoWarnings...), accepted
	return res, nil
}

func (b *Builder) compile(ctx context.Context, l *Loaded, withDocx bool) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep, doc := l.Report, l.Doc
	ed := b.Edition
	if !ed.Official {
		doc.Seal = nil // a draft carries no seal, in the PDF or the DOCX
	}
	// Charts are drawn in parallel before layout and cached by content hash, in memory
	// and, with ChartCache, on disk, so a rebuild skips unchanged charts.
	cr := charts.NewRenderer(l.Fonts)
	cr.CacheDir = b.ChartCache
	if _, err := cr.RenderAll(doc.Figures); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	eng := layout.New(l.Fonts, layout.Options{Settings: rep.Meta.Settings, Title: rep.Meta.Title + rep.Meta.Subtitle, ChartImage: cr.Func(), ChartShort: cr.ShortFunc(), SealOff: !ed.Official || ed.SignKey != ""})
	book, err := eng.Layout(doc)
	if err != nil {
		return nil, err
	}
	b.stage("laid out")
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m := rep.Meta
	info := pdf.Info{
		Title:    m.Title + m.Subtitle,
		Author:   m.Issuer,
		Subject:  fmt.Sprintf("%d年度中等职业教育质量年度报告", m.Year),
		Keywords: strings.Join([]string{"中等职业教育", "质量年度报告", fmt.Sprint(m.Year), m.Issuer}, ", "),
		Created:  m.Published,
		Draft:    !ed.Official,
		Vector:   cr.Vector,
		Cache:    cache.New(b.PDFCache, b.version()),
	}
	// The pictures' image objects are made first (on all cores, through the PDF cache):
	// the DOCX embeds the same photos scaled to 300 dpi at their printed size that the
	// PDF does, instead of the camera originals.
	prep, err := pdf.Prepare(book, info)
	if err != nil {
		return nil, err
	}
	// The DOCX is written on the other core while the PDF is: both read the finished
	// book, document tree and prepared images and write nothing shared (the chart
	// renderer locks its maps). A panic in the DOCX writer becomes an *InternalError
	// like one here.
	var (
		docxBytes []byte
		docxErr   error
		docxDone  = make(chan struct{})
	)
	if withDocx {
		go func() {
			defer close(docxDone)
			defer recoverInternal(rep.Dir, &docxErr)
			docxBytes, docxErr = docx.Write(doc, docx.Options{PageOf: book.PageLabel, ChartPNG: cr.Func(), PrintPhoto: prep.PrintJPEG,
				StartsPage: book.StartsPage, FigureSize: book.FigureSize, Rotated: book.IsRotated})
		}()
	} else {
		close(docxDone)
	}
	pdfBytes, err := pdf.WritePrepared(prep, info)
	if err == nil && ed.SignKey != "" {
		pdfBytes, err = signBook(pdfBytes, book, rep, doc.Seal, ed)
	}
	// Always wait, so no writer outlives the build; report both writers' errors.
	<-docxDone
	if docxErr != nil {
		var ie *InternalError
		if !errors.As(docxErr, &ie) {
			docxErr = fmt.Errorf("DOCX: %w", docxErr)
		}
		if err == nil {
			err = docxErr
		} else {
			err = errors.Join(err, docxErr)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &Result{Loaded: *l, Book: book, PDF: pdfBytes, DOCX: docxBytes, PhotoWarnings: eng.PhotoWarnings(doc)}
	return res, nil
}

// gate applies the edition's rules to a loaded report (see gate in official.go). It
// returns the Loaded to compile, or the error that stops the build.
func (b *Builder) gate(l *Loaded, loadErr error) (*Loaded, data.ErrorList, []data.Accepted, error) {
	var rep *data.Report
	if l != nil {
		rep = l.Report
	}
	open, accepted, err := gate(rep, loadErr, b.Edition)
	if err != nil {
		return nil, nil, nil, err
	}
	return l, open, accepted, nil
}

// Outputs are the files a build writes.
type Outputs struct {
	PDF  string // the PDF; required
	DOCX string // the DOCX; "" for none
}

// DefaultOutputs are out/<name>.pdf and out/<name>.docx, where name is the report
// folder's own name (so `reportc build .` is named after the current folder, not ".").
func DefaultOutputs(dir string) Outputs {
	name := FolderName(dir)
	return Outputs{PDF: filepath.Join("out", name+".pdf"), DOCX: filepath.Join("out", name+".docx")}
}

// FolderName is the real name of a folder: the last element of its absolute path, so
// "." and "data/2024/" give the folder's name. The file-system root gives "report".
func FolderName(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = filepath.Clean(dir)
	}
	name := filepath.Base(abs)
	if name == "." || name == ".." || name == string(filepath.Separator) || name == "" {
		return "report"
	}
	return name
}

// Build compiles a report folder and replaces its outputs together. Before anything is
// laid out it checks that the outputs are two different files and that neither is a
// file of the report. On any error, a panic (an *InternalError) or a cancelled context
// (the error is then ctx.Err()), no output is written or replaced and no temporary
// file is left behind.
func (b *Builder) Build(ctx context.Context, dir string, out Outputs) (res *Result, err error) {
	defer recoverInternal(dir, &err)
	if err := checkDistinct(out); err != nil {
		return nil, err
	}
	l, err := b.load(dir)
	l, open, accepted, err := b.gate(l, err)
	if err != nil {
		return nil, err
	}
	if err := checkNotInput(l.Report.Inputs(), out); err != nil {
		return nil, err
	}
	b.stage("loaded")
	res, err = b.compile(ctx, l, out.DOCX != "")
	if err != nil {
		return nil, err
	}
	res.Warnings, res.Accepted = append(open, res.PhotoWarnings...), accepted
	files := []file{{path: out.PDF, data: res.PDF}}
	if out.DOCX != "" {
		files = append(files, file{path: out.DOCX, data: res.DOCX})
	}
	if err := b.replace(ctx, files); err != nil {
		return nil, err
	}
	return res, nil
}
