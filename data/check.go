package data

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decode photo headers
	_ "image/png"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// check resolves bound values, verifies labels and references, and reads images.
// images is startImages' result for the chapters, nil to read the images here.
func (r *Report) check(w *workbooks, images func() map[string]imageRead, errs *ErrorList) {
	used := map[string]Pos{} // table/chart labels placed in the text
	var all []*Chapter
	all = append(all, r.Chapters...)
	if r.Appendix != nil {
		all = append(all, r.Appendix)
	}
	textLabels := map[string]Pos{}
	defineText := func(b *Block) {
		if prev, dup := textLabels[b.Label]; dup {
			errs.Add(b.Pos, "标签 “%s” 重复（先前在 %s）", b.Label, prev)
			return
		}
		if _, isTable := r.Tables[b.Label]; isTable {
			errs.Add(b.Pos, "标签 “%s” 已是工作簿中的表格标签", b.Label)
		}
		if _, isChart := r.Charts[b.Label]; isChart {
			errs.Add(b.Pos, "标签 “%s” 已是工作簿中的图表标签", b.Label)
		}
		textLabels[b.Label] = b.Pos
	}
	place := func(b *Block, exists bool, what string) {
		if !exists {
			if !w.failed { // else the workbook that could not be read is the cause
				errs.Add(b.Pos, "%s标签 “%s” 在工作簿的 “%s” 工作表里找不到", what, b.Label, IndexSheet)
			}
			return
		}
		if prev, dup := used[b.Label]; dup {
			errs.Add(b.Pos, "%s “%s” 已在 %s 放置过一次", what, b.Label, prev)
			return
		}
		used[b.Label] = b.Pos
	}
	if images == nil {
		images = r.startImages(all)
	}
	read := images()
	var visit func(bs []*Block)
	visit = func(bs []*Block) {
		for _, b := range bs {
			switch b.Kind {
			case BTable:
				_, ok := r.Tables[b.Label]
				place(b, ok, "表格")
			case BChart:
				_, ok := r.Charts[b.Label]
				place(b, ok, "图表")
			case BPhoto:
				defineText(b)
				r.loadImage(b.File, b.Pos, read, errs)
			case BCase:
				defineText(b)
				visit(b.Body)
			}
		}
	}
	for _, ch := range all {
		visit(ch.Blocks)
	}
	for label, t := range r.Tables {
		if _, ok := used[label]; !ok && !r.textFailed {
			errs.Add(t.IndexPos, "表格 “%s” 在正文中没有用 “::: table %s” 放置", label, label)
		}
	}
	for label, c := range r.Charts {
		if _, ok := used[label]; !ok && !r.textFailed {
			errs.Add(c.IndexPos, "图表 “%s” 在正文中没有用 “::: chart %s” 放置", label, label)
		}
	}
	if r.Meta.Statement.Seal != "" {
		r.loadImage(r.Meta.Statement.Seal, r.sealPos, read, errs)
	}

	// References and bound values in every paragraph and heading.
	exists := func(label string) bool {
		_, t := r.Tables[label]
		_, c := r.Charts[label]
		_, x := textLabels[label]
		return t || c || x
	}
	fix := func(in []Inline) {
		for i := range in {
			s := &in[i]
			switch s.Kind {
			case IRef:
				if !exists(s.Label) && !w.failed {
					errs.Add(s.Pos, "引用了不存在的标签 “%s”", s.Label)
				}
			case IValue:
				s.Text = r.resolveValue(w, s, errs)
			}
		}
	}
	var walk func(bs []*Block)
	walk = func(bs []*Block) {
		for _, b := range bs {
			fix(b.Inlines)
			walk(b.Body)
		}
	}
	walk(r.Preface)
	for _, ch := range all {
		walk(ch.Blocks)
	}
}

func (r *Report) resolveValue(w *workbooks, s *Inline, errs *ErrorList) string {
	if v, ok, err := r.resolveGridRef(s.Label); ok { // 工作表!列:行 and “|N” (grid.go)
		if err != nil {
			errs.Add(s.Pos, "数值引用 “[=%s]”：%v", s.Label, err)
			return "??"
		}
		return v.Text
	}
	if strings.Contains(s.Label, "!") {
		v, err := w.cellValue(s.Label)
		if err != nil {
			// When a workbook or sheet could not be read, that is reported once, there.
			if !w.failed || !errors.Is(err, errNoSheet) && !errors.Is(err, errSheetUnreadable) {
				errs.Add(s.Pos, "数值引用 “[=%s]”：%v", s.Label, err)
			}
			return "??"
		}
		return v.Text
	}
	v, ok := r.Values[s.Label]
	if !ok && w.failed {
		return "??"
	}
	if !ok {
		errs.Add(s.Pos, "数值引用 “[=%s]”：“%s” 工作表里没有这个名称", s.Label, ValuesSheet)
		return "??"
	}
	return v.Text
}

// imageRead is an image file read (b, or why not: err) and checked (msg, from
// imageProblem).
type imageRead struct {
	b   []byte
	err error
	msg string
}

func imageName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".png" || ext == ".jpg" || ext == ".jpeg"
}

// startImages starts reading and checking the photos of the chapters and the seal in
// the background, on as many cores as there are (decoding every pixel of 33 photos was
// the largest part of loading the example), while Load goes on with the data; the
// function it returns waits for them. Each result depends on its file alone, and
// loadImage reports them in the text's order, so the errors are those, and in the
// order, of reading them one by one. The names are taken now: the goroutines touch
// nothing of the report but its folder and cache (a photo not among them is read by
// loadImage itself).
func (r *Report) startImages(chapters []*Chapter) func() map[string]imageRead {
	var names []string
	seen := map[string]bool{}
	add := func(name string) {
		if !seen[name] && imageName(name) {
			seen[name] = true
			names = append(names, name)
		}
	}
	var walk func(bs []*Block)
	walk = func(bs []*Block) {
		for _, b := range bs {
			switch b.Kind {
			case BPhoto:
				add(b.File)
			case BCase:
				walk(b.Body)
			}
		}
	}
	for _, ch := range chapters {
		walk(ch.Blocks)
	}
	if r.Meta.Statement.Seal != "" {
		add(r.Meta.Statement.Seal)
	}
	reads := make([]imageRead, len(names))
	dir, checks := r.Dir, r.checks
	read := func(i int) {
		b, err := readInside(dir, names[i], MaxImageBytes)
		if err != nil {
			reads[i] = imageRead{err: err}
			return
		}
		reads[i] = imageRead{b: b, msg: cachedImageProblem(checks, b)}
	}
	workers := min(runtime.GOMAXPROCS(0), len(names))
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		panicked = make([]any, workers)
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panicked[w] = recover() }() // raised again by the caller, as before
			for i := int(next.Add(1) - 1); i < len(names); i = int(next.Add(1) - 1) {
				read(i)
			}
		}()
	}
	return func() map[string]imageRead {
		wg.Wait()
		for _, p := range panicked {
			if p != nil {
				panic(p)
			}
		}
		out := make(map[string]imageRead, len(names))
		for i, name := range names {
			out[name] = reads[i]
		}
		return out
	}
}

// loadImage takes an image file, read by readImages, once; a missing file is an error
// unless the report is a draft, where the PDF draws a labelled placeholder instead.
func (r *Report) loadImage(name string, pos Pos, images map[string]imageRead, errs *ErrorList) {
	if _, done := r.Images[name]; done {
		return
	}
	if !imageName(name) {
		errs.Add(pos, "图片 “%s” 应为 PNG 或 JPEG 文件", name)
		return
	}
	im, ok := images[name]
	if !ok { // not listed by readImages: read it now
		b, err := readInside(r.Dir, name, MaxImageBytes)
		im = imageRead{b: b, err: err}
		if err == nil {
			im.msg = cachedImageProblem(r.checks, b)
		}
	}
	b, err := im.b, im.err
	if errors.Is(err, ErrMissing) {
		if r.Meta.Settings.Draft {
			r.Images[name] = nil
			return
		}
		errs.Add(pos, "图片 “%s” 读不到：文件不存在（草稿可在 settings 中设 draft: true，以占位框代替）", name)
		return
	}
	if err != nil {
		errs.Add(pos, "图片 “%s” 不能使用：%v", name, err)
		return
	}
	if im.msg != "" {
		errs.Add(pos, "图片 “%s” %s", name, im.msg)
		return
	}
	r.Images[name] = b
}

// Image limits: a photo may have at most MaxImagePixels pixels and MaxImageSide pixels
// on a side (checked from the header, before anything is decoded). A 300 dpi photo
// across the whole A4 text block is about 1800 × 2800 pixels.
const (
	MaxImagePixels = 50_000_000
	MaxImageSide   = 20000
)

// imageProblem says why the PDF layer could not embed an image, or "" when it can: the
// file must decode completely as PNG or JPEG within the pixel limits, and a PNG must be
// 8-bit and not interlaced.
func imageProblem(b []byte) string {
	// The PNG header (IHDR) first: bit depth at byte 24, interlace method at byte 28.
	if bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) && len(b) > 28 {
		if depth := b[24]; depth > 8 {
			return fmt.Sprintf("是 %d 位 PNG，请另存为 8 位 PNG 或 JPEG", depth)
		}
		if b[28] != 0 {
			return "是隔行扫描（interlaced）PNG，请另存为普通 PNG 或 JPEG"
		}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return "不是可读的 PNG 或 JPEG 图片"
	}
	if format != "png" && format != "jpeg" {
		return "应为 PNG 或 JPEG 图片，实际是 " + format
	}
	if cfg.Width > MaxImageSide || cfg.Height > MaxImageSide || cfg.Width*cfg.Height > MaxImagePixels {
		return fmt.Sprintf("有 %d×%d 像素，超过上限（每边 %d、共 %d 万像素）；印刷只需 300 dpi，整版宽的照片约 1800 像素宽，请缩小后再用", cfg.Width, cfg.Height, MaxImageSide, MaxImagePixels/10000)
	}
	// Decode every pixel: a truncated file, a damaged chunk (CRC) or a wrong chunk
	// length is found here, not in the PDF writer. A PNG is checked as the decoder
	// would, without building the image (pngcheck.go).
	if format == "png" {
		if err := pngIntact(b); err != nil {
			return fmt.Sprintf("已损坏或不完整，解码失败（png: %v）；请重新导出图片", err)
		}
	} else if _, _, err := image.Decode(bytes.NewReader(b)); err != nil {
		return fmt.Sprintf("已损坏或不完整，解码失败（%v）；请重新导出图片", err)
	}
	return ""
}

// TextItem is one piece of text with its place and whether it is set in the sans face.
type TextItem struct {
	Text string
	Pos  Pos
	Sans bool
}

// Texts calls fn for every piece of text that will be printed.
func (r *Report) Texts(fn func(TextItem)) {
	y := Pos{File: "report.yaml"}
	m := r.Meta
	for _, s := range []string{m.Title, m.Subtitle, m.Issuer, m.CoverDate, m.Web, m.Statement.Date, m.Board.Title} {
		fn(TextItem{Text: s, Pos: y, Sans: true})
	}
	for _, p := range m.Statement.Paragraphs {
		fn(TextItem{Text: p, Pos: y})
	}
	for _, b := range m.Board.Members {
		fn(TextItem{Text: b.Role + strings.Join(b.Names, ""), Pos: y})
	}
	inl := func(in []Inline, sans bool) {
		for _, s := range in {
			fn(TextItem{Text: s.Text, Pos: s.Pos, Sans: sans})
		}
	}
	r.EachBlock(func(b *Block) {
		switch b.Kind {
		case BHeading:
			inl(b.Inlines, true)
		case BParagraph:
			inl(b.Inlines, false)
		case BPhoto:
			fn(TextItem{Text: b.Caption, Pos: b.Pos, Sans: true})
			if r.Images[b.File] == nil { // a draft prints the missing file's name
				fn(TextItem{Text: b.File, Pos: b.Pos, Sans: true})
			}
		case BTodo:
			fn(TextItem{Text: TodoText(b.Caption), Pos: b.Pos})
		case BCase: // its body follows, from EachBlock
			fn(TextItem{Text: b.Title + b.School + b.Credit, Pos: b.Pos, Sans: true})
		}
	})
	for _, t := range r.Tables {
		fn(TextItem{Text: t.Caption + t.Source + t.Printed, Pos: t.IndexPos, Sans: true})
		for _, row := range t.Rows {
			for _, c := range row {
				if !c.Covered {
					fn(TextItem{Text: c.Text, Pos: c.Pos, Sans: true})
				}
			}
		}
	}
	for _, c := range r.Charts {
		fn(TextItem{Text: c.Caption + c.Source + c.Printed + strings.Join(c.Categories, ""), Pos: c.IndexPos, Sans: true})
		for _, s := range c.Series {
			fn(TextItem{Text: s.Name, Pos: c.Pos, Sans: true})
		}
	}
}

// Coverage tells whether a character can be drawn, in the serif or the sans role.
type Coverage interface {
	CoversText(r rune, sans bool) bool
}

// CheckFonts reports every character that no font of the chain has, with its place.
// Each character is reported once per place.
func (r *Report) CheckFonts(cov Coverage) error {
	var errs ErrorList
	seen := map[string]bool{}
	r.Texts(func(t TextItem) {
		prev := rune(0)
		for _, ch := range t.Text {
			base := prev
			prev = ch
			if ch == ' ' {
				continue
			}
			// A combining mark is drawn beside its base, not over it, and a format
			// character (soft hyphen, zero-width joiner, direction override) does not
			// print as typed, even when a font has a glyph for it.
			if unicode.Is(unicode.Mn, ch) || unicode.Is(unicode.Cf, ch) {
				key := fmt.Sprintf("%s|%U", t.Pos, ch)
				if !seen[key] {
					seen[key] = true
					errs.Add(t.Pos, "%s", invisibleProblem(base, ch))
				}
				continue
			}
			if ch == '\t' || ch < 0x20 || ch >= 0x7f && ch < 0xa0 || !cov.CoversText(ch, t.Sans) {
				key := fmt.Sprintf("%s|%U", t.Pos, ch)
				if seen[key] {
					continue
				}
				seen[key] = true
				switch {
				case ch == '\t':
					errs.Add(t.Pos, "%U：制表符不是可打印字符（请换成空格或删去）", ch)
				case ch < 0x20 || ch >= 0x7f && ch < 0xa0:
					errs.Add(t.Pos, "%U：控制字符不可打印（多半是从别处粘贴带进来的，请删去）", ch)
				default:
					errs.Add(t.Pos, "%U “%c”：字体中没有这个字符（请换用常用字符，或在 settings.fonts 中加一个含该字的 TrueType 字体）", ch, ch)
				}
			}
		}
	})
	return errs.Err()
}

// invisibleProblem explains a combining mark or a format character ch that follows base.
func invisibleProblem(base, ch rune) string {
	if unicode.Is(unicode.Mn, ch) {
		if base != 0 {
			if c := []rune(norm.NFC.String(string([]rune{base, ch}))); len(c) == 1 {
				return fmt.Sprintf("%U：组合用附加符号（加在 “%c” 上），排版时会错位；请改用合成好的字符 “%c”", ch, base, c[0])
			}
		}
		return fmt.Sprintf("%U：组合用附加符号或异体字选择符，排版时会错位或印不出；请删去，或改用合成好的字符", ch)
	}
	if ch == '\u00ad' {
		return fmt.Sprintf("%U：软连字符会在行中印成可见的 “-”；请删去", ch)
	}
	return fmt.Sprintf("%U：不可见的格式控制字符（零宽字符或文字方向控制，多半是从网页或聊天软件粘贴带进来的），请删去", ch)
}

// CheckImage says why an image file could not be printed (in Chinese, after the file's
// name), or "" when it can: the check `reportc check` makes on every photo and the seal.
func CheckImage(b []byte) string { return imageProblem(b) }
