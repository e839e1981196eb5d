// Package charts draws the report's data charts from workbook series with go-chart v2
// and the embedded Noto Sans SC.
//
// Charts are drawn for print: 300 dpi at the 152.4 mm text width (1800 × 1080 px), type
// at 9 pt, a value axis from zero with whole-number ticks for counts, the value on every
// bar, a legend for more than one series and category labels wrapped over up to three
// lines. go-chart's raster renderer does the drawing; the layout of every kind is ours,
// since go-chart has no grouped bars, no gaps for missing values and no label wrapping.
//
// The drawing is also recorded (canvas.go, Drawing): rectangles, polygons, lines and
// text runs in pixel coordinates. The PDF writer draws that recording as vector paths
// and text set in the report's subset fonts (searchable, sharp at any zoom, no PNG in
// the PDF); the DOCX embeds the PNG, which alone is cached. Recording a chart whose PNG
// comes from the cache paints no pixels.
package charts

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image/png"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/reportc/reportc/cache"
	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/sections"
)

// Version is part of every cache key: bump it when the drawing changes, so cached PNGs
// of an older look are not reused.
const Version = "charts-5"

// Image sizes in pixels.
const (
	BaseWidth  = 1800 // 152.4 mm at 300 dpi
	BaseHeight = 1080 // 5:3
	MaxHeight  = 1500 // horizontal bars grow with their categories up to this
)

// maxCategories is the most categories a chart can show at text width.
const maxCategories = 40

// Renderer draws chart figures to PNG. It keeps the PNGs it made in memory, keyed by a
// hash of the chart's content and size, and, when CacheDir is set, on disk as well, so
// that a rebuild skips unchanged charts. It is safe for concurrent use.
type Renderer struct {
	fonts *fonts.Set

	// CacheDir, when not empty, is a directory for cached PNGs (created when needed).
	CacheDir string

	mu    sync.Mutex
	cache map[string][]byte           // cache key → PNG
	byFig map[*sections.Figure][]byte // results of the last RenderAll

	renders atomic.Int64 // charts actually drawn (not served from a cache)

	// Buffers, when set, are the raster and encoder buffers the renderer draws with;
	// renderers of a batch may share one (see Buffers). When nil, the renderer makes
	// its own on first use.
	Buffers *Buffers

	vec   map[string]*Drawing   // cache key → the chart as drawing operations
	byPNG map[[32]byte]*Drawing // hash of a PNG this renderer returned → its drawing
}

// NewRenderer makes a renderer using the sans face of the font set.
func NewRenderer(fs *fonts.Set) *Renderer {
	return &Renderer{
		fonts: fs,
		cache: map[string][]byte{},
		byFig: map[*sections.Figure][]byte{},
	}
}

// Renders returns how many charts the renderer has drawn, not counting cache hits.
func (r *Renderer) Renders() int64 { return r.renders.Load() }

// Func returns the renderer as the layout's chart callback. It serves the PNGs of the
// last RenderAll; a figure RenderAll did not see is drawn on first use and cached. On error it returns nil and the layout draws a framed
// placeholder (the data loader has reported the problem already).
func (r *Renderer) Func() func(*sections.Figure) []byte {
	return func(f *sections.Figure) []byte {
		if f == nil || f.Kind != sections.FigChart || f.Chart == nil {
			return nil
		}
		r.mu.Lock()
		img, ok := r.byFig[f]
		r.mu.Unlock()
		if ok {
			return img
		}
		p, err := prepare(f.Chart)
		if err != nil {
			return nil
		}
		img, err = r.render(p, BaseWidth)
		if err != nil {
			return nil
		}
		return img
	}
}

// MinShortHeight is the least height in pixels a chart is redrawn at by ShortFunc.
const MinShortHeight = 540

// ShortFunc returns a callback that redraws a chart figure shorter, at most aspect ×
// its width high (but no less than MinShortHeight, nor than its bars need), at the width
// of the figure's image from the last RenderAll and with its type at full size. The
// layout calls it when a chart must fit above a page's foot: a shorter plot reads better
// than a chart scaled down with its labels. It returns nil when the chart cannot get
// shorter.
func (r *Renderer) ShortFunc() func(f *sections.Figure, aspect float64) []byte {
	full := r.Func()
	return func(f *sections.Figure, aspect float64) []byte {
		img := full(f)
		if img == nil {
			return nil
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(img))
		if err != nil {
			return nil
		}
		p, err := prepare(f.Chart)
		if err != nil {
			return nil
		}
		least := float64(MinShortHeight)
		if p.kind == data.ChartHBar {
			least = math.Max(least, barsLayout(&canvas{fs: r.fonts, w: cfg.Width}, p).need)
		}
		h := int(math.Floor(aspect * float64(cfg.Width)))
		if float64(h) < least || h >= cfg.Height {
			return nil
		}
		out, err := r.renderSize(p, cfg.Width, h)
		if err != nil {
			return nil
		}
		return out
	}
}

// Render draws a chart at the base width and returns the PNG.
func (r *Renderer) Render(c *data.Chart) ([]byte, error) {
	p, err := prepare(c)
	if err != nil {
		return nil, err
	}
	return r.render(p, BaseWidth)
}

// RenderAll draws the chart figures of figs in parallel (at most one goroutine per
// CPU) and returns their PNGs by figure anchor, each BaseWidth pixels wide. Charts
// whose content and size are in the cache are not drawn again. The error joins the problems of all charts that
// could not be drawn; the others are in the map all the same.
func (r *Renderer) RenderAll(figs []*sections.Figure) (map[string][]byte, error) {
	type job struct {
		fig *sections.Figure
		p   *plot
		w   int
		img []byte
		err error
	}
	var jobs []*job
	for _, f := range figs {
		if f == nil || f.Kind != sections.FigChart || f.Chart == nil {
			continue
		}
		j := &job{fig: f, w: BaseWidth}
		j.p, j.err = prepare(f.Chart)
		jobs = append(jobs, j)
	}
	// Figures with the same chart (same content and size) are drawn once.
	sameAs := map[*job]*job{}
	firstOf := map[string]*job{}
	sem := make(chan struct{}, runtime.NumCPU())
	var wg sync.WaitGroup
	for _, j := range jobs {
		if j.err != nil {
			continue
		}
		key := cacheKey(j.p, j.w, chartHeight(r.fonts, j.p, j.w))
		if f, ok := firstOf[key]; ok {
			sameAs[j] = f
			continue
		}
		firstOf[key] = j
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			j.img, j.err = r.render(j.p, j.w)
		}()
	}
	wg.Wait()
	for j, f := range sameAs {
		j.img, j.err = f.img, f.err
	}

	out := map[string][]byte{}
	var errs []error
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byFig = map[*sections.Figure][]byte{}
	for _, j := range jobs {
		if j.err != nil {
			errs = append(errs, j.err)
			continue
		}
		key := j.fig.Anchor
		if key == "" {
			key = j.fig.Chart.Label
		}
		out[key] = j.img
		r.byFig[j.fig] = j.img
	}
	return out, errors.Join(errs...)
}

// render returns the PNG of a prepared chart at width w, from the memory cache, the
// disk cache or freshly drawn.
func (r *Renderer) render(p *plot, w int) ([]byte, error) {
	return r.renderSize(p, w, chartHeight(r.fonts, p, w))
}

func (r *Renderer) renderSize(p *plot, w, h int) ([]byte, error) {
	key := cacheKey(p, w, h)
	r.mu.Lock()
	if r.cache == nil {
		r.cache = map[string][]byte{}
	}
	img, ok := r.cache[key]
	r.mu.Unlock()
	if ok {
		return img, nil
	}
	if img = r.readDisk(key, w, h); img == nil {
		var err error
		if img, err = r.draw(p, w, h); err != nil {
			return nil, err
		}
		r.writeDisk(key, img)
	}
	r.mu.Lock()
	r.cache[key] = img
	_, hasVec := r.vec[key]
	r.mu.Unlock()
	if !hasVec {
		// A PNG from a cache still needs its drawing for the PDF: recording it draws no
		// pixels and encodes nothing.
		d, err := r.record(p, w, h)
		if err != nil {
			return nil, err
		}
		r.mu.Lock()
		if r.vec == nil {
			r.vec = map[string]*Drawing{}
		}
		r.vec[key] = d
		r.mu.Unlock()
	}
	r.mu.Lock()
	if r.byPNG == nil {
		r.byPNG = map[[32]byte]*Drawing{}
	}
	r.byPNG[sha256.Sum256(img)] = r.vec[key]
	r.mu.Unlock()
	return img, nil
}

// Vector returns the drawing of a chart PNG this renderer returned (from any of its
// functions), or nil for any other image. The PDF writer draws the drawing in place
// of the PNG, as vector paths and searchable text.
func (r *Renderer) Vector(img []byte) *Drawing {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.byPNG) == 0 {
		return nil
	}
	return r.byPNG[sha256.Sum256(img)]
}

// record draws a chart into a recording canvas only.
func (r *Renderer) record(p *plot, w, h int) (d *Drawing, err error) {
	defer func() {
		if e := recover(); e != nil {
			d, err = nil, p.errorf(p.pos, "绘制图表 “%s” 时出错：%v", p.label, e)
		}
	}()
	c := newVectorCanvas(r.fonts, w, h)
	paint(c, p)
	return c.rec, nil
}

// paint draws a chart of any kind on a canvas.
func paint(c *canvas, p *plot) {
	switch p.kind {
	case data.ChartBar, data.ChartGroupedBar:
		drawColumns(c, p)
	case data.ChartStacked:
		drawStacked(c, p)
	case data.ChartHBar:
		drawBars(c, p)
	case data.ChartPie:
		drawPie(c, p)
	case data.ChartLine:
		drawLine(c, p)
	}
}

// draw draws a chart, turning a panic of the drawing code into an error.
func (r *Renderer) draw(p *plot, w, h int) (img []byte, err error) {
	defer func() {
		if e := recover(); e != nil {
			img, err = nil, p.errorf(p.pos, "绘制图表 “%s” 时出错：%v", p.label, e)
		}
	}()
	r.renders.Add(1)
	r.mu.Lock()
	if r.Buffers == nil {
		r.Buffers = NewBuffers()
	}
	bufs := r.Buffers
	r.mu.Unlock()
	pix := bufs.pixels(w, h)
	defer bufs.putPixels(pix)
	c, err := newCanvas(r.fonts, w, h, (*pix)[:4*w*h])
	if err != nil {
		return nil, err
	}
	paint(c, p)
	r.mu.Lock()
	if r.vec == nil {
		r.vec = map[string]*Drawing{}
	}
	r.vec[cacheKey(p, w, h)] = c.rec
	r.mu.Unlock()
	enc := bufs.encoder()
	defer bufs.putEncoder(enc)
	return enc.encodePNG(c.img)
}

// chartHeight is the image height: 5:3, but horizontal bars grow with their categories.
func chartHeight(fs *fonts.Set, p *plot, w int) int {
	if p.kind == data.ChartHBar {
		return barsLayout(&canvas{fs: fs, w: w}, p).height
	}
	return BaseHeight
}

func (r *Renderer) readDisk(key string, w, h int) []byte {
	d := cache.New(r.CacheDir, Version)
	b, ok := d.Get(d.Key("chart", []byte(key)))
	if !ok {
		return nil
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width != w || cfg.Height != h {
		return nil
	}
	return b
}

// writeDisk stores a PNG in the disk cache (package cache); a cache that cannot be
// written is no error.
func (r *Renderer) writeDisk(key string, img []byte) {
	d := cache.New(r.CacheDir, Version)
	d.Put(d.Key("chart", []byte(key)), img)
}

// hashContent writes everything that decides a chart's drawing into h.
func hashContent(h *keyHash, p *plot) {
	h.str(Version)
	h.str(string(p.kind))
	h.int(len(p.cats))
	for _, c := range p.cats {
		h.str(c)
	}
	h.int(len(p.series))
	for _, s := range p.series {
		h.str(s.Name)
		for i := range p.cats {
			h.f64(s.Values[i])
			h.bool(s.Valid[i])
		}
	}
	h.bool(p.legend)
	h.bool(p.group)
	h.str(p.unitNote)
}

// cacheKey hashes a chart's content and its pixel size.
func cacheKey(p *plot, w, hgt int) string {
	h := newKeyHash()
	hashContent(h, p)
	h.int(w)
	h.int(hgt)
	return h.sum()
}

type keyHash struct{ b []byte }

func newKeyHash() *keyHash { return &keyHash{} }

func (k *keyHash) int(v int) { k.b = binary.BigEndian.AppendUint64(k.b, uint64(v)) }
func (k *keyHash) f64(v float64) {
	k.b = binary.BigEndian.AppendUint64(k.b, math.Float64bits(v))
}
func (k *keyHash) str(s string) { k.int(len(s)); k.b = append(k.b, s...) }
func (k *keyHash) bool(v bool) {
	if v {
		k.b = append(k.b, 1)
	} else {
		k.b = append(k.b, 0)
	}
}
func (k *keyHash) sum() string { s := sha256.Sum256(k.b); return hex.EncodeToString(s[:]) }

// plot is a checked chart ready to draw: only the series that have values.
type plot struct {
	label    string
	pos      data.Pos
	kind     data.ChartKind
	cats     []string
	series   []data.Series // drawn series, each with len(cats) values
	legend   bool          // show a legend
	integer  bool          // all values are whole numbers
	decimals int           // decimals of value labels
	group    bool          // numbers reach 10,000: print them grouped in threes
	unit     float64       // values are printed divided by this: 1, 1e4 (万) or 1e8 (亿)
	unitName string        // 万 or 亿, "" for none
	unitNote string        // the unit note printed on the chart (单位：万人), "" for none
}

func (p *plot) errorf(pos data.Pos, format string, args ...any) error {
	return &data.Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// prepare checks a chart and keeps what is drawn. Bad data gives an error that names
// the chart and, where there is one, the cell.
func prepare(c *data.Chart) (*plot, error) {
	if c == nil {
		return nil, errors.New("没有图表数据")
	}
	p := &plot{label: c.Label, pos: c.Pos, kind: c.Kind, cats: c.Categories}
	if p.label == "" {
		p.label = c.Caption
	}
	switch c.Kind {
	case data.ChartBar, data.ChartGroupedBar, data.ChartStacked, data.ChartHBar, data.ChartPie, data.ChartLine:
	default:
		return nil, p.errorf(c.Pos, "图表 “%s” 的类型 “%s” 不认识；可用的类型：柱状图、分组柱状图、堆积柱状图、条形图、饼图、折线图", p.label, c.Kind)
	}
	n := len(c.Categories)
	if n == 0 {
		return nil, p.errorf(c.Pos, "图表 “%s” 没有数据行", p.label)
	}
	if n > maxCategories {
		return nil, p.errorf(c.Pos, "图表 “%s” 有 %d 个类别，超过一幅图能排下的 %d 个；请拆成几幅图或改用表格", p.label, n, maxCategories)
	}
	missing := map[string]bool{}
	for _, m := range c.Missing {
		missing[m] = true
	}
	var all []float64
	for _, s := range c.Series {
		if len(s.Values) < n || len(s.Valid) < n {
			return nil, p.errorf(c.Pos, "图表 “%s” 的系列 “%s” 有 %d 个数值，少于 %d 个类别", p.label, s.Name, min(len(s.Values), len(s.Valid)), n)
		}
		cell := func(i int) data.Pos {
			if i < len(s.Cells) {
				return s.Cells[i]
			}
			return c.Pos
		}
		present := false
		for i := 0; i < n; i++ {
			if !s.Valid[i] {
				continue
			}
			v := s.Values[i]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, p.errorf(cell(i), "图表 “%s” 的数值无效（%v）", p.label, v)
			}
			// Negative values: lines, columns and single-series bars; stacks and
			// pies cannot show them.
			if v < 0 && (c.Kind == data.ChartStacked || c.Kind == data.ChartPie || (c.Kind == data.ChartHBar && len(c.Series) > 1)) {
				return nil, p.errorf(cell(i), "图表 “%s” 是%s，不能显示负数，实际是 %v（负值请用柱状图、单系列条形图或折线图）", p.label, c.Kind, v)
			}
			present = true
			all = append(all, v)
		}
		if !present || missing[s.Name] {
			continue
		}
		p.series = append(p.series, data.Series{Name: s.Name, Values: s.Values[:n], Valid: s.Valid[:n]})
	}
	if len(p.series) == 0 {
		return nil, p.errorf(c.Pos, "图表 “%s” 的所有系列都没有数值：空图不能出版", p.label)
	}
	if c.Kind == data.ChartPie {
		if len(p.series) != 1 {
			return nil, p.errorf(c.Pos, "饼图 “%s” 只能有一个系列，实际有 %d 个", p.label, len(p.series))
		}
		sum := 0.0
		for i, v := range p.series[0].Values {
			if p.series[0].Valid[i] {
				sum += v
			}
		}
		if !(sum > 0) || math.IsInf(sum, 0) {
			return nil, p.errorf(c.Pos, "饼图 “%s” 的数值合计不是正数，画不出扇形", p.label)
		}
	}
	largest := 0.0
	for _, v := range all {
		largest = math.Max(largest, math.Abs(v))
	}
	if c.Kind == data.ChartStacked || c.Kind == data.ChartHBar {
		totals, _ := stackTotals(p)
		for _, v := range totals {
			largest = math.Max(largest, math.Abs(v))
		}
	}
	if declaresUnit(c.Caption) {
		largest = 0 // the caption names the unit: the numbers stay in it
	}
	p.applyUnit(largest)
	all = all[:0]
	for _, s := range p.series {
		for i, v := range s.Values {
			if s.Valid[i] {
				all = append(all, v)
			}
		}
	}
	p.integer = true
	for _, v := range all {
		p.integer = p.integer && isInteger(v)
	}
	if p.unit > 1 {
		p.decimals = unitDecimals(all, largest/p.unit)
	} else {
		p.decimals = valueDecimals(all)
	}
	for _, v := range all {
		p.group = p.group || math.Abs(v) >= groupFrom
	}
	if c.Kind == data.ChartStacked || c.Kind == data.ChartHBar {
		totals, _ := stackTotals(p)
		for _, v := range totals {
			p.group = p.group || math.Abs(v) >= groupFrom
		}
	}
	// A legend names the series when there are several, and also when series were left
	// out, so the one that is drawn is named.
	p.legend = c.Kind != data.ChartPie && (len(p.series) > 1 || len(c.Series) > 1)
	return p, nil
}
