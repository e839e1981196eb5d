package layout

import (
	"strings"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/sections"
)

// figBox is a figure measured at full size.
type figBox struct {
	img     []byte
	w, h    float64
	caption []Line
}

// figureBox returns the image, its drawn size at the given scale and its caption lines.
// Each figure is measured once (image fetched, header decoded, caption broken); fitting
// tries several scales and keep-with-next asks again.
func (f *flow) figureBox(fig *sections.Figure, scale float64) (img []byte, w, h float64, caption []Line) {
	b, ok := f.figs[fig]
	if !ok {
		b = f.measureFigure(fig)
		f.figs[fig] = b
	}
	return b.img, b.w * scale, b.h * scale, b.caption
}

func (f *flow) measureFigure(fig *sections.Figure) figBox {
	e := f.e
	var img []byte
	var w, h float64
	if fig.Kind == sections.FigChart {
		if e.opt.ChartImage != nil {
			img = e.opt.ChartImage(fig)
		}
		w = e.textW
		h = w * 0.6
		if pw, ph, ok := imageSize(img); ok {
			h = w * float64(ph) / float64(pw)
		}
		// A chart never takes more than 60% of the text block's height.
		if maxH := (e.bottom - e.top) * 0.6; h > maxH {
			w, h = w*maxH/h, maxH
		}
	} else {
		img = fig.Image
		w, h = e.PhotoSize(fig)
	}
	return figBox{img: img, w: w, h: h, caption: e.BreakTitle([]Span{{Text: fig.Label(), Style: captionText}}, e.textW)}
}

// Photo sizing: a photo of the usual 3:2 shape or squarer takes photoShare of the text
// width; wider ones grow with their aspect ratio up to the full width (a panorama); a
// portrait photo is limited by height to tallPhotoShare of the text block, any photo
// to 60 %. The `width=NN%` option of `::: photo` sets the width instead.
const (
	photoShare     = 0.62
	photoAspect    = 1.55 // widest shape still set at photoShare
	tallPhotoShare = 0.45
	minPhotoDPI    = 150
)

// PhotoSize returns the width and height in mm a photo prints at on the page (before
// any shrinking to fit the room left on a page).
func (e *Engine) PhotoSize(fig *sections.Figure) (w, h float64) {
	aspect := 1.5
	if pw, ph, ok := imageSize(fig.Image); ok {
		aspect = float64(pw) / float64(ph)
	}
	block := e.bottom - e.top
	w = e.textW * photoShare * max(1, aspect/photoAspect)
	if fig.Width > 0 {
		w = e.textW * fig.Width
	}
	w = min(w, e.textW)
	h = w / aspect
	maxH := block * 0.6
	if aspect < 1 && fig.Width == 0 {
		maxH = block * tallPhotoShare
	}
	if h > maxH {
		w, h = maxH*aspect, maxH
	}
	return w, h
}

// PhotoWarnings lists the photos that print below 150 dpi at their size on the page,
// each with the ::: photo line and the file.
func (e *Engine) PhotoWarnings(d *sections.Doc) data.ErrorList {
	var out data.ErrorList
	for _, fig := range d.Figures {
		if fig.Kind != sections.FigPhoto {
			continue
		}
		pw, ph, ok := imageSize(fig.Image)
		if !ok {
			continue
		}
		w, _ := e.PhotoSize(fig)
		if dpi := float64(pw) / (w / 25.4); dpi < minPhotoDPI-1e-9 {
			out.Add(fig.Pos, "照片 %s 只有 %d×%d 像素，印成 %.0f 毫米宽时约 %.0f dpi，低于 %d dpi，印出来会模糊：请换用更清晰的原图，或用 width=NN%% 把它排小",
				fig.File, pw, ph, w, dpi, minPhotoDPI)
		}
	}
	return out
}

// minFigureScale is how far a figure may shrink to stay where it stands instead of
// being held back for the paragraphs that follow it; floorFigureScale is how far it
// shrinks before a block that may not pass it, rather than leave the page's foot empty.
const (
	minFigureScale   = 0.8
	floorFigureScale = 0.6
	lastFigureScale  = 0.5
)

// fitScale returns the scale (1 down to floor) at which a figure fits in the room left
// on the page, or 0 when it does not fit even at floor.
func (f *flow) fitScale(fig *sections.Figure, floor float64) float64 {
	for s := 1.0; s >= floor-1e-9; s -= 0.05 {
		if f.figureHeightAt(fig, s) <= f.room()+1e-6 {
			return s
		}
	}
	return 0
}

func (f *flow) figureHeightAt(fig *sections.Figure, scale float64) float64 {
	_, _, h, caption := f.figureBox(fig, scale)
	extra := 0.0
	if fig.Source != "" {
		extra += f.e.lineHeight(SizeXiaoWu) * 1.2
	}
	if fig.Note != "" {
		extra += 2 * f.e.lineHeight(SizeXiaoWu) * 1.2
	}
	return h + f.e.pitch/2 + float64(len(caption))*f.e.pitch + extra
}

// figure places an image scaled to the text width with its caption below and the
// source line under it, all kept on one page.
func (f *flow) figure(fig *sections.Figure, scale float64) {
	e := f.e
	img, w, h, caption := f.figureBox(fig, scale)
	f.ensurePage()
	f.snap()
	f.needBlock(f.figureHeightAt(fig, scale), "figure")
	x := f.x() + (e.textW-w)/2
	y := f.y + e.pitch/4
	if len(img) > 0 && fig.Kind != sections.FigChart && data.PNGMarker(img) == data.MarkPlaceholder {
		f.placeholderBox(fig, x, y, w, h)
	} else if len(img) > 0 {
		f.page.Pictures = append(f.page.Pictures, Picture{X: x, Y: y, W: w, H: h, Data: img, Key: fig.Anchor})
	} else {
		// Draft: a framed placeholder box that says what is missing.
		f.page.Fills = append(f.page.Fills, Fill{X: x, Y: y, W: w, H: h, Gray: 0.92})
		f.frame(x, y, w, h, 0.3)
		msg := "照片待补：" + fig.File
		lines := e.Break([]Span{{Text: msg, Style: sourceText}}, w-4, 0)
		ty := y + h/2 - float64(len(lines))*e.lineHeight(SizeXiaoWu)/2
		for _, ln := range lines {
			f.page.Texts = appendLine(f.page.Texts, ln, x+2, baseline(ty, e.lineHeight(SizeXiaoWu), SizeXiaoWu), w-4, Center, 0.3)
			ty += e.lineHeight(SizeXiaoWu)
		}
	}
	f.page.Figures = append(f.page.Figures, Figure{Key: fig.Anchor, X: x, Y: y, W: w, H: h})
	f.y = y + h + e.pitch/4
	f.mark(MarkFigure, fig.Anchor, fig.Label(), 0)
	f.placeLines(caption, f.x(), e.textW, e.pitch, Center, 0)
	f.sourceLine(fig.Source, fig.Note)
	f.y += e.pitch / 2
}

// placeholderBox draws a placeholder photo (a PNG marked data.MarkPlaceholder, made by
// reportc for photos the source report lacks) as what it shows, in vectors: a grey box
// with a frame, “照片待补”, the caption and a note, instead of embedding the picture.
// The PDF is smaller and the words are text; the DOCX keeps the PNG, and check and the
// official edition still see the marked file.
func (f *flow) placeholderBox(fig *sections.Figure, x, y, w, h float64) {
	e := f.e
	f.page.Fills = append(f.page.Fills, Fill{X: x, Y: y, W: w, H: h, Gray: 0.9})
	f.frame(x, y, w, h, 0.5)
	type part struct {
		text string
		st   Style
	}
	parts := []part{
		{"照片待补", Style{Role: fonts.SansBold, Size: SizeXiaoSi}},
		{fig.Caption, Style{Role: fonts.Sans, Size: SizeWuHao}},
		{"（图片文件待补，此为占位图）", Style{Role: fonts.Sans, Size: SizeXiaoWu}},
	}
	var lines [][]Line
	total := 0.0
	for _, p := range parts {
		if strings.TrimSpace(p.text) == "" {
			lines = append(lines, nil)
			continue
		}
		ls := e.Break([]Span{{Text: p.text, Style: p.st}}, w*0.9, 0)
		lines = append(lines, ls)
		total += float64(len(ls)) * e.lineHeight(p.st.Size) * 1.2
	}
	ty := y + (h-total)/2
	for i, ls := range lines {
		lh := e.lineHeight(parts[i].st.Size) * 1.2
		for _, ln := range ls {
			if ty+lh > y+h {
				return // a box too small for all of it keeps what fits
			}
			f.page.Texts = appendLine(f.page.Texts, ln, x+w*0.05, baseline(ty, lh, parts[i].st.Size), w*0.9, Center, 0.27)
			ty += lh
		}
	}
}

func (f *flow) frame(x, y, w, h, width float64) {
	f.page.Rules = append(f.page.Rules,
		Rule{X1: x, Y1: y, X2: x + w, Y2: y, Width: width},
		Rule{X1: x, Y1: y + h, X2: x + w, Y2: y + h, Width: width},
		Rule{X1: x, Y1: y, X2: x, Y2: y + h, Width: width},
		Rule{X1: x + w, Y1: y, X2: x + w, Y2: y + h, Width: width})
}

// caseBox draws a framed case box with a shaded title bar. Its paragraphs are set one
// em in from each side; across a page break the frame closes at the page bottom and
// reopens on the next page under “案例X-Y（续）”. The frame keeps half a line pitch
// from the text above and below it (at a page top and after a heading too) and half a
// pitch inside, so the lines in and after the box stay on the body's line grid.
func (f *flow) caseBox(c *sections.Case) {
	e := f.e
	pad := e.em
	gap := e.pitch / 2 // outside the frame, above and below
	in := e.pitch / 2  // inside the frame, above the first and below the last line
	innerW := e.textW - 2*pad
	title := e.BreakTitle([]Span{{Text: c.Label(), Style: Style{Role: fonts.SansBold, Size: SizeXiaoSi}}}, innerW)
	var paras [][]Line
	for _, p := range c.Paras {
		paras = append(paras, e.Break(f.spans(p, e.body), innerW, 2*e.em))
	}
	// The attribution (（供稿：…）) closes the box, right-aligned.
	attrib := len(paras)
	for _, a := range c.Attribution {
		paras = append(paras, e.Break([]Span{{Text: a, Style: e.body}}, innerW, 0))
	}
	titleH := float64(len(title)) * e.pitch
	f.ensurePage()
	f.snap()
	f.needBlock(gap+titleH+in+2*e.pitch+in, "case")
	f.y += gap
	f.mark(MarkCase, c.Anchor, c.Label(), 0)
	segTop := f.y
	f.page.Fills = append(f.page.Fills, Fill{X: f.x(), Y: f.y, W: e.textW, H: titleH, Gray: 0.88})
	f.placeLines(title, f.x()+pad, innerW, e.pitch, Center, 0)
	f.y += in
	closeSeg := func() {
		f.frame(f.x(), segTop, e.textW, f.y-segTop, 0.4)
	}
	for k, lines := range paras {
		align := Justify
		if k >= attrib {
			align = Right
		}
		for i := 0; i < len(lines); {
			avail := int((f.room() - in + 1e-6) / e.pitch)
			n := len(lines) - i
			take := min(avail, n)
			if take < n && n-take == 1 && take >= 2 {
				take--
			}
			if take < n && i == 0 && take == 1 {
				take = 0
			}
			if take > 0 {
				f.placeLines(lines[i:i+take], f.x()+pad, innerW, e.pitch, align, 0)
				i += take
			}
			if i < len(lines) {
				f.y += in
				closeSeg()
				f.newPage()
				f.y += gap
				segTop = f.y
				f.y += in
				cont := e.Break([]Span{{Text: c.Number + "（续）", Style: Style{Role: fonts.Sans, Size: SizeWuHao}}}, innerW, 0)
				f.placeLines(cont, f.x()+pad, innerW, e.pitch, Left, 0.4)
			}
		}
	}
	f.y += in
	closeSeg()
	f.y += gap
}

func (f *flow) figureHeight(fig *sections.Figure) float64 { return f.figureHeightAt(fig, 1) }

// todoBox draws a `::: todo` placeholder: its text 【待填写：…】 on a shaded ground with
// a thin frame, set one em in from each side, half a pitch of space inside and outside
// the frame so the body's line grid is kept. A long prompt splits across pages, the
// shading closing at the page bottom and reopening on the next page.
func (f *flow) todoBox(t *sections.Todo) {
	e := f.e
	pad := e.em
	gap := e.pitch / 2
	in := e.pitch / 2
	innerW := e.textW - 2*pad
	lines := e.Break([]Span{{Text: t.Text(), Style: e.body}}, innerW, 0)
	f.ensurePage()
	f.snap()
	f.needBlock(gap+in+float64(min(len(lines), 3))*e.pitch+in, "todo")
	f.y += gap
	for i := 0; i < len(lines); {
		top := f.y
		avail := int((f.room() - 2*in + 1e-6) / e.pitch)
		take := max(1, min(avail, len(lines)-i))
		h := in + float64(take)*e.pitch + in
		f.page.Fills = append(f.page.Fills, Fill{X: f.x(), Y: top, W: e.textW, H: h, Gray: 0.9})
		f.frame(f.x(), top, e.textW, h, 0.3)
		f.y += in
		f.placeLines(lines[i:i+take], f.x()+pad, innerW, e.pitch, Left, 0)
		f.y += in
		i += take
		if i < len(lines) {
			f.newPage()
			f.y += gap
		}
	}
	f.y += gap
}
