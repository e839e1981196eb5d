package data

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"gopkg.in/yaml.v3"
)

// yamlReport mirrors report.yaml.
type yamlReport struct {
	Title     string `yaml:"title"`
	Partial   bool   `yaml:"partial"`
	Short     string `yaml:"short_title"`
	Subtitle  string `yaml:"subtitle"`
	Year      int    `yaml:"year"`
	Issuer    string `yaml:"issuer"`
	CoverDate string `yaml:"cover_date"`
	Published string `yaml:"published"`
	Web       string `yaml:"web"`
	Statement struct {
		Text string `yaml:"text"`
		Date string `yaml:"date"`
		Seal string `yaml:"seal"`
	} `yaml:"statement"`
	Board struct {
		Title   string `yaml:"title"`
		Members []struct {
			Role  string   `yaml:"role"`
			Names []string `yaml:"names"`
		} `yaml:"members"`
	} `yaml:"board"`
	Preface   string   `yaml:"preface"`
	Chapters  []string `yaml:"chapters"`
	Appendix  string   `yaml:"appendix"`
	Workbooks []string `yaml:"workbooks"`
	// SchoolData is a school's numbers workbook (schoolbook.go).
	SchoolData string `yaml:"school_data"`
	// Collected is the city workbook reportc collect wrote from the schools' (collect.go).
	Collected string      `yaml:"collected"`
	Rules     []yaml.Node `yaml:"rules"`  // rules.go
	Accept    []yaml.Node `yaml:"accept"` // audit.go
	Settings  struct {
		Draft       bool     `yaml:"draft"`
		BodySize    float64  `yaml:"body_size"`
		Numbering   string   `yaml:"numbering"`
		HanLatin    *float64 `yaml:"han_latin_space"`
		NumberSpace *float64 `yaml:"number_space"`
		TightUnits  string   `yaml:"tight_units"`
		FrontHeader string   `yaml:"front_running_header"`
		PageNumbers string   `yaml:"page_numbers"`
		OddChapters bool     `yaml:"chapters_on_odd_pages"`
		Header      string   `yaml:"running_header"`
		Fonts       []string `yaml:"fonts"`
		CaseSchool  bool     `yaml:"print_case_school"`
		DocxFonts   struct {
			Song     string `yaml:"song"`
			Hei      string `yaml:"hei"`
			Fangsong string `yaml:"fangsong"`
			Latin    string `yaml:"latin"`
			Body     string `yaml:"body"`
		} `yaml:"docx_fonts"`
		Page struct {
			Width  float64 `yaml:"width"`
			Height float64 `yaml:"height"`
			Top    float64 `yaml:"top"`
			Bottom float64 `yaml:"bottom"`
			Inner  float64 `yaml:"inner"`
			Outer  float64 `yaml:"outer"`
		} `yaml:"page"`
	} `yaml:"settings"`
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// Load reads and checks a report folder. When anything is wrong it returns the report as
// far as it could be read together with an ErrorList naming every problem.
func Load(dir string) (*Report, error) { return LoadWith(dir, Options{}) }

// LoadWith is Load with options (a cache of check results); the result is the same.
func LoadWith(dir string, o Options) (*Report, error) {
	var errs ErrorList
	r := &Report{
		Dir:    dir,
		Tables: map[string]*Table{},
		Charts: map[string]*Chart{},
		Values: map[string]Value{},
		Images: map[string][]byte{},
		opts:   o,
		checks: newCheckCache(o),
	}
	const yamlName = "report.yaml"
	raw, err := readInside(dir, yamlName, MaxTextBytes)
	if err != nil {
		if errors.Is(err, ErrMissing) {
			if st, serr := os.Stat(dir); serr != nil || !st.IsDir() {
				errs.Add(Pos{File: yamlName}, "报告目录 “%s” 不存在或不是文件夹", dir)
				return r, errs.Err()
			}
		}
		errs.Add(Pos{File: yamlName}, "读不到报告设置文件：%s", refusal(err))
		return r, errs.Err()
	}
	y, lines, ok := parseYAML(raw, &errs)
	if !ok {
		return r, errs.Err()
	}
	r.Meta = metaFrom(y, lines, &errs)
	r.named = namedFiles(y)
	checkFontPaths(dir, y.Settings.Fonts, lines, &errs)

	// Workbooks first: chapter text refers to their labels and cells.
	wbs := &workbooks{}
	wbUsed := map[string]Pos{}
	for i, name := range y.Workbooks {
		at := lines.at(fmt.Sprintf("workbooks[%d]", i))
		clean := filepath.ToSlash(filepath.Clean(name))
		if prev, dup := wbUsed[clean]; dup {
			errs.Add(at, "工作簿 %s 已在 %s 列过一次；同一个工作簿只能列一次", name, prev)
			continue
		}
		wbUsed[clean] = at
		wbs.load(dir, name, at, r, &errs)
	}
	defer wbs.close()
	if y.SchoolData != "" {
		r.loadSchoolBook(dir, y.SchoolData, lines.at("school_data"), &errs)
	}

	// Each text file is used once: a chapter listed twice, or also named as the preface
	// or appendix, is an error at its second naming (not a knock-on of duplicate labels),
	// and report.yaml is no chapter.
	textUsed := map[string]Pos{}
	once := func(name string, at Pos) bool {
		clean := filepath.ToSlash(filepath.Clean(name))
		if clean == yamlName {
			errs.Add(at, "report.yaml 是报告设置，不能当作正文文件；这里应为 .md 文件，如 chapters/01.md")
			return false
		}
		if prev, dup := textUsed[clean]; dup {
			errs.Add(at, "文件 %s 已在 %s 用过一次；同一个正文文件只能列一次", name, prev)
			return false
		}
		textUsed[clean] = at
		return true
	}
	if y.Preface != "" && !once(y.Preface, lines.at("preface")) {
		y.Preface = ""
	}
	if y.Preface != "" {
		if src, ok := readText(dir, y.Preface, lines.at("preface"), &errs); ok {
			for _, b := range ParseMarkdown(y.Preface, src, &errs) {
				if b.Kind != BParagraph && b.Kind != BTodo {
					errs.Add(b.Pos, "前言只能由段落（和 “::: todo” 待填写提示）组成")
					continue
				}
				r.Preface = append(r.Preface, b)
			}
		}
	}
	if len(y.Chapters) == 0 {
		errs.Add(lines.at("chapters"), "chapters 为空：至少需要一个章节文件")
	}
	for i, name := range y.Chapters {
		if !once(name, lines.at(fmt.Sprintf("chapters[%d]", i))) {
			r.textFailed = true
			continue
		}
		if src, ok := readText(dir, name, lines.at(fmt.Sprintf("chapters[%d]", i)), &errs); ok {
			r.Chapters = append(r.Chapters, &Chapter{File: name, Blocks: ParseMarkdown(name, src, &errs)})
		} else {
			r.textFailed = true
		}
	}
	if y.Appendix != "" && !once(y.Appendix, lines.at("appendix")) {
		r.textFailed = true
		y.Appendix = ""
	}
	if y.Appendix != "" {
		if src, ok := readText(dir, y.Appendix, lines.at("appendix"), &errs); ok {
			r.Appendix = &Chapter{File: y.Appendix, Blocks: ParseMarkdown(y.Appendix, src, &errs), Appendix: true}
		} else {
			r.textFailed = true
		}
	}
	r.sealPos = lines.at("statement.seal")
	chapters := r.Chapters
	if r.Appendix != nil {
		chapters = append(slices.Clip(chapters), r.Appendix)
	}
	images := r.startImages(chapters) // on the other core while the data is checked
	for _, ch := range r.Chapters {
		checkStructure(ch, &errs, &r.Warnings)
	}
	if r.Appendix != nil {
		checkStructure(r.Appendix, &errs, &r.Warnings)
	}
	r.fillAppendixFromSchoolData()
	r.grids = r.buildGrids()
	r.derive(&errs)
	r.check(wbs, images, &errs)
	for _, t := range r.Tables {
		if t.Derived == "" {
			checkGrowth(t, &r.Warnings)
		}
		checkTwin(t, r.Tables, &errs, &r.Warnings)
	}
	r.runRules(y.Rules, &errs)
	if y.Collected != "" {
		r.checkCollected(dir, y.Collected, lines.at("collected"), &errs)
	}
	r.todoWarnings()
	r.auditFigures()
	r.Warnings.Sort()
	r.acceptWarnings(y.Accept, &errs)
	if len(errs) > 0 {
		return r, errs.Err()
	}
	return r, nil
}

// checkFontPaths refuses settings.fonts entries that are not regular files inside the
// report folder, or are larger than MaxFontBytes.
func checkFontPaths(dir string, fonts []string, lines yamlLines, errs *ErrorList) {
	for i, name := range fonts {
		pos := lines.at(fmt.Sprintf("settings.fonts[%d]", i))
		path, err := InsideFile(dir, name)
		if err != nil {
			errs.Add(pos, "字体文件 “%s” %s", name, refusal(err))
			continue
		}
		if st, err := os.Stat(path); err == nil && st.Size() > MaxFontBytes {
			errs.Add(pos, "字体文件 “%s” 太大（%s，上限 %s）", name, sizeText(st.Size()), sizeText(MaxFontBytes))
			continue
		}
		// The header: TrueType outlines (glyf) begin 00 01 00 00 or “true”; “OTTO” is
		// OpenType with CFF outlines, which the PDF writer cannot embed.
		head := make([]byte, 12)
		f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			_, err = io.ReadFull(f, head)
			f.Close()
		}
		switch {
		case err != nil:
			errs.Add(pos, "字体文件 “%s” 读不出或太短，不是 TrueType 字体", name)
		case string(head[:4]) == "OTTO":
			errs.Add(pos, "字体文件 “%s” 是 CFF 轮廓的 OpenType 字体（.otf），请改用 TrueType（glyf 轮廓，.ttf）字体", name)
		case string(head[:4]) == "ttcf":
			errs.Add(pos, "字体文件 “%s” 是字体集（.ttc），请改用单个 TrueType 字体文件（.ttf）", name)
		case string(head[:4]) != "\x00\x01\x00\x00" && string(head[:4]) != "true":
			errs.Add(pos, "字体文件 “%s” 不是 TrueType 字体（.ttf）", name)
		}
	}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(err, fs.ErrNotExist) {
			return errors.New("文件不存在")
		}
		return pe.Err
	}
	return err
}

func metaFrom(y *yamlReport, lines yamlLines, errs *ErrorList) Meta {
	m := Meta{
		Partial: y.Partial,
		Title:   y.Title, ShortTitle: y.Short, Subtitle: y.Subtitle, Year: y.Year, Issuer: y.Issuer,
		CoverDate: y.CoverDate, Web: y.Web,
		Statement: Statement{Date: y.Statement.Date, Seal: y.Statement.Seal},
		Board:     Board{Title: y.Board.Title},
	}
	for _, line := range strings.Split(strings.TrimSpace(y.Statement.Text), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			m.Statement.Paragraphs = append(m.Statement.Paragraphs, line)
		}
	}
	for _, mem := range y.Board.Members {
		m.Board.Members = append(m.Board.Members, BoardRole{Role: mem.Role, Names: mem.Names})
	}
	required := map[string]string{"title": y.Title, "issuer": y.Issuer, "published": y.Published}
	for _, k := range []string{"title", "issuer", "published"} {
		if strings.TrimSpace(required[k]) == "" {
			errs.Add(lines.at(k), "缺少必填项 %s", k)
		}
	}
	if len(m.Statement.Paragraphs) == 0 {
		errs.Add(lines.at("statement.text"), "缺少 statement.text（内容真实性责任声明）")
	}
	publishedOK := false
	if y.Published != "" {
		t, err := time.Parse("2006-01-02", y.Published)
		publishedOK = err == nil
		if err != nil {
			errs.Add(lines.at("published"), "published 应为 YYYY-MM-DD 格式的日期，实际是 %q", y.Published)
		}
		m.Published = t
	}
	if y.Year < 2000 || y.Year > 2100 {
		errs.Add(lines.at("year"), "year 应为四位年份，实际是 %d", y.Year)
	} else if publishedOK {
		// A report on year Y is published in Y or later; a date before that, or more
		// than ten years after, is a typing slip (0001-01-01, 2205-02-19).
		if py := m.Published.Year(); py < y.Year || py > y.Year+10 {
			errs.Add(lines.at("published"), "published %s 与 year %d 不符：发布日期应在报告年度当年或之后十年内", y.Published, y.Year)
		}
	}
	s := y.Settings
	m.Settings = Settings{
		Draft: s.Draft, BodySize: s.BodySize, Numbering: s.Numbering, PageNumbers: s.PageNumbers,
		OddChapters: s.OddChapters, Header: s.Header, Fonts: s.Fonts, HanLatin: 0.25,
		PrintCaseSchool: s.CaseSchool,
		DocxFonts:       DocxFonts{Song: s.DocxFonts.Song, Hei: s.DocxFonts.Hei, Fangsong: s.DocxFonts.Fangsong, Latin: s.DocxFonts.Latin, Body: s.DocxFonts.Body},
		Page:            Page{Width: s.Page.Width, Height: s.Page.Height, Top: s.Page.Top, Bottom: s.Page.Bottom, Inner: s.Page.Inner, Outer: s.Page.Outer},
	}
	if s.HanLatin != nil {
		m.Settings.HanLatin = *s.HanLatin
	}
	m.Settings.NumberSpace = m.Settings.HanLatin
	if s.NumberSpace != nil {
		m.Settings.NumberSpace = *s.NumberSpace
	}
	m.Settings.TightUnits = s.TightUnits
	m.Settings.FrontHeader = s.FrontHeader
	if m.Settings.FrontHeader == "" {
		m.Settings.FrontHeader = "list"
	}
	if m.Settings.FrontHeader != "list" && m.Settings.FrontHeader != "none" {
		errs.Add(lines.at("settings.front_running_header"), "settings.front_running_header 应为 list 或 none，实际是 %q", m.Settings.FrontHeader)
	}
	for _, v := range []float64{m.Settings.HanLatin, m.Settings.NumberSpace} {
		if v < 0 || v > 1 {
			errs.Add(lines.at("settings.number_space"), "settings.han_latin_space 和 number_space 应在 0–1 em 之间，实际是 %v", v)
		}
	}
	st := &m.Settings
	if st.BodySize == 0 {
		st.BodySize = 12
	}
	if !(st.BodySize >= 7 && st.BodySize <= 16) {
		errs.Add(lines.at("settings.body_size"), "settings.body_size 应在 7–16 pt 之间，实际是 %v", st.BodySize)
	}
	if st.Numbering == "" {
		st.Numbering = "1.1.1"
	}
	if st.Numbering == "一、（一）1.（1）" || st.Numbering == "GB/T 9704" {
		st.Numbering = "official"
	}
	if st.Numbering != "1.1.1" && st.Numbering != "none" && st.Numbering != "official" {
		errs.Add(lines.at("settings.numbering"), "settings.numbering 应为 \"1.1.1\"、\"official\"（一、（一）1.（1））或 \"none\"，实际是 %q", st.Numbering)
	}
	if st.PageNumbers == "" {
		st.PageNumbers = "center"
	}
	if st.PageNumbers != "center" && st.PageNumbers != "outer-dash" {
		errs.Add(lines.at("settings.page_numbers"), "settings.page_numbers 应为 center 或 outer-dash，实际是 %q", st.PageNumbers)
	}
	if st.Header == "" {
		st.Header = "chapter"
	}
	df := &st.DocxFonts
	for _, f := range []struct {
		v    *string
		d    string
		name string
	}{{&df.Song, "宋体", "song"}, {&df.Hei, "黑体", "hei"}, {&df.Fangsong, "仿宋", "fangsong"}, {&df.Latin, "Times New Roman", "latin"}, {&df.Body, "song", "body"}} {
		*f.v = strings.TrimSpace(*f.v)
		if *f.v == "" {
			*f.v = f.d
		}
		if strings.ContainsAny(*f.v, "<>&\"\n") || len(*f.v) > 31*4 {
			errs.Add(lines.at("settings.docx_fonts."+f.name), "settings.docx_fonts.%s 不是可用的字体名：%q", f.name, *f.v)
		}
	}
	if df.Body != "song" && df.Body != "fangsong" {
		errs.Add(lines.at("settings.docx_fonts.body"), "settings.docx_fonts.body 应为 song 或 fangsong，实际是 %q", df.Body)
	}
	if st.Header != "none" && st.Header != "report" && st.Header != "chapter" {
		errs.Add(lines.at("settings.running_header"), "settings.running_header 应为 none、report 或 chapter，实际是 %q", st.Header)
	}
	if h := st.HanLatin; !(h >= 0 && h <= 1) {
		errs.Add(lines.at("settings.han_latin_space"), "settings.han_latin_space 应在 0–1 em 之间，实际是 %v", h)
		st.HanLatin = 0.25
	}
	p := &st.Page
	def := Page{Width: 210, Height: 297, Top: 37, Bottom: 35, Inner: 28, Outer: 26}
	bad := false
	for _, f := range []struct {
		key    string
		v      *float64
		d      float64
		lo, hi float64
	}{
		{"width", &p.Width, def.Width, 100, 1000}, {"height", &p.Height, def.Height, 100, 1000},
		{"top", &p.Top, def.Top, 5, 200}, {"bottom", &p.Bottom, def.Bottom, 5, 200},
		{"inner", &p.Inner, def.Inner, 5, 200}, {"outer", &p.Outer, def.Outer, 5, 200},
	} {
		if *f.v == 0 {
			*f.v = f.d
		}
		if v := *f.v; !(v >= f.lo && v <= f.hi) {
			errs.Add(lines.at("settings.page."+f.key), "settings.page.%s 应在 %v–%v mm 之间，实际是 %v", f.key, f.lo, f.hi, v)
			*f.v = f.d
			bad = true
		}
	}
	if !bad && (p.Width-p.Inner-p.Outer < 80 || p.Height-p.Top-p.Bottom < 100) {
		errs.Add(lines.at("settings.page"), "settings.page 的版心太小：宽 %.0f mm、高 %.0f mm", p.Width-p.Inner-p.Outer, p.Height-p.Top-p.Bottom)
	}
	if !(st.BodySize >= 7 && st.BodySize <= 16) {
		st.BodySize = 12
	}
	return m
}
