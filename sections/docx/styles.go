package docx

import (
	"fmt"
	"math"
	"strings"

	"github.com/reportc/reportc/data"
)

// The PDF's typefaces, declared as alternates of the fonts the DOCX names.
const (
	notoSerif = "Noto Serif SC"
	notoSans  = "Noto Sans SC"
)

// faces are the font names of the DOCX (settings.docx_fonts): fonts that Word and
// WPS editors have. Han text is set in song (body) or hei (headings, captions,
// tables); Latin letters and digits in latin.
type faces struct {
	song, hei, fangsong, latin string
	body                       string // song or fangsong: the body text's face
}

func newFaces(f data.DocxFonts) faces {
	pick := func(v, d string) string {
		if v == "" || strings.ContainsAny(v, `<>&"`) {
			return d
		}
		return v
	}
	x := faces{song: pick(f.Song, "宋体"), hei: pick(f.Hei, "黑体"), fangsong: pick(f.Fangsong, "仿宋"), latin: pick(f.Latin, "Times New Roman")}
	x.body = x.song
	if f.Body == "fangsong" {
		x.body = x.fangsong
	}
	return x
}

// fonts is a w:rFonts with an East Asian face and the Latin face.
func (w *writer) fonts(eastAsia string) string {
	l := w.faces.latin
	return fmt.Sprintf(`<w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s" w:cs="%s"/>`, l, l, eastAsia, l)
}

// sz is a font size in half-points.
func sz(pt float64) string {
	h := int(math.Round(pt * 2))
	return fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, h, h)
}

// style is one w:style. ppr and rpr are given in schema order.
type style struct {
	typ, id, name, basedOn, next string
	builtin                      bool // a built-in style Word knows by name
	gallery                      bool // shown in the quick-style gallery (an editor's style)
	link                         bool // tied to the heading list of numbering.xml
	ppr, rpr, tblPr              string
}

// quickStyles are the styles an editor uses, the only ones in the quick-style gallery.
var quickStyles = map[string]bool{
	"Normal": true, "Heading1": true, "Heading2": true, "Heading3": true, "Heading4": true,
	"TableCaption": true, "AppendixTableCaption": true, "FigureCaption": true, "CaseTitle": true,
	"CaseText": true, "TableText": true,
}

func (s style) xml() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<w:style w:type="%s" w:styleId="%s"`, s.typ, s.id)
	if !s.builtin {
		b.WriteString(` w:customStyle="1"`)
	}
	fmt.Fprintf(&b, `><w:name w:val="%s"/>`, s.name)
	if s.basedOn != "" {
		fmt.Fprintf(&b, `<w:basedOn w:val="%s"/>`, s.basedOn)
	}
	if s.next != "" {
		fmt.Fprintf(&b, `<w:next w:val="%s"/>`, s.next)
	}
	if quickStyles[s.id] {
		b.WriteString(`<w:qFormat/>`)
	} else if s.typ == "paragraph" && s.id != "Normal" {
		// The writer's own machinery (Gap, Source, Header …) stays out of the way.
		b.WriteString(`<w:semiHidden/><w:unhideWhenUsed/>`)
	}
	ppr := s.ppr
	if s.link {
		// numPr comes after keepNext, keepLines, pageBreakBefore in the schema.
		at := 0
		for _, t := range []string{"<w:keepNext/>", "<w:keepLines/>", "<w:pageBreakBefore/>"} {
			if i := strings.Index(ppr, t); i >= 0 {
				at = max(at, i+len(t))
			}
		}
		lvl := int(s.id[len(s.id)-1] - '1')
		ppr = ppr[:at] + fmt.Sprintf(`<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="1"/></w:numPr>`, lvl) + ppr[at:]
	}
	if ppr != "" {
		b.WriteString(`<w:pPr>` + ppr + `</w:pPr>`)
	}
	if s.rpr != "" {
		b.WriteString(`<w:rPr>` + s.rpr + `</w:rPr>`)
	}
	if s.tblPr != "" {
		b.WriteString(`<w:tblPr>` + s.tblPr + `</w:tblPr>`)
	}
	b.WriteString(`</w:style>`)
	return b.String()
}

// noIndent cancels the body's first-line indent.
const noIndent = `<w:ind w:firstLine="0" w:firstLineChars="0"/>`

func (w *writer) stylesXML() []byte {
	g := w.g
	size := g.size
	pitch := g.pitch
	half := pitch / 2
	em := int(math.Round(size * 20))
	// Lines are at least one pitch (1.6 × the body size, the PDF's pitch) apart and
	// grow for taller content.
	lineAtLeast := fmt.Sprintf(`<w:spacing w:before="0" w:after="0" w:line="%d" w:lineRule="atLeast"/>`, pitch)
	// Headings and case titles take whole line pitches, as in the PDF (3 for a
	// chapter heading, 2 for a section heading, 1 for a case title), whatever the
	// font's own line height.
	exact := func(before, after int) string {
		return fmt.Sprintf(`<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="exact"/>`, before, after, pitch)
	}
	single := func(before, after int) string {
		return fmt.Sprintf(`<w:spacing w:before="%d" w:after="%d" w:line="240" w:lineRule="auto"/>`, before, after)
	}
	tocTabs := fmt.Sprintf(`<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="%d"/></w:tabs>`, g.textW)
	tocInd := func(chars int) string {
		return fmt.Sprintf(`<w:ind w:left="%d" w:leftChars="%d" w:firstLine="0" w:firstLineChars="0"/>`, chars*em, chars*100)
	}

	styles := []style{
		{typ: "paragraph", id: "Normal", name: "Normal", builtin: true,
			ppr: `<w:widowControl/><w:kinsoku/><w:overflowPunct/><w:autoSpaceDE/><w:autoSpaceDN/>` + lineAtLeast +
				fmt.Sprintf(`<w:ind w:firstLine="%d" w:firstLineChars="200"/>`, 2*em) + `<w:jc w:val="both"/>`,
			rpr: w.fonts(w.faces.body) + sz(size) + `<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>`},
		{typ: "paragraph", id: "Title", name: "Title", basedOn: "Normal", next: "Normal", builtin: true,
			ppr: `<w:keepNext/>` + single(0, 360) + noIndent + `<w:jc w:val="center"/>`,
			rpr: w.fonts(w.faces.hei) + bold + sz(26)},
		{typ: "paragraph", id: "Subtitle", name: "Subtitle", basedOn: "Normal", next: "Normal", builtin: true,
			ppr: single(0, 0) + noIndent + `<w:jc w:val="center"/>`,
			rpr: w.fonts(w.faces.hei) + bold + sz(18)},
		{typ: "paragraph", id: "CoverLine", name: "Cover Line", basedOn: "Normal",
			ppr: single(0, 240) + noIndent + `<w:jc w:val="center"/>`,
			rpr: w.fonts(w.faces.hei) + sz(16)},
		{typ: "paragraph", id: "FrontTitle", name: "Front Title", basedOn: "Normal", next: "Normal",
			ppr: `<w:keepNext/><w:keepLines/><w:pageBreakBefore/>` + single(pitch, 2*pitch) + noIndent + `<w:jc w:val="center"/>`,
			rpr: w.fonts(w.faces.hei) + bold + sz(22)},
		{typ: "paragraph", id: "FrontLine", name: "Front Line", basedOn: "Normal",
			ppr: fmt.Sprintf(`<w:spacing w:after="%d"/>`, pitch) + noIndent + `<w:jc w:val="left"/>`},
		{typ: "paragraph", id: "BoardLine", name: "Board Line", basedOn: "Normal",
			ppr: fmt.Sprintf(`<w:spacing w:after="%d"/>`, half) + noIndent + `<w:jc w:val="left"/>`},
		{typ: "paragraph", id: "Signature", name: "Signature", basedOn: "Normal", builtin: true,
			ppr: fmt.Sprintf(`<w:spacing w:after="%d"/>`, half) +
				fmt.Sprintf(`<w:ind w:right="%d" w:rightChars="200" w:firstLine="0" w:firstLineChars="0"/>`, 2*em) + `<w:jc w:val="right"/>`},
		{typ: "paragraph", id: "Heading1", name: "heading 1", basedOn: "Normal", next: "Normal", builtin: true, link: w.numbered,
			ppr: `<w:keepNext/><w:keepLines/><w:pageBreakBefore/>` + exact(pitch, pitch) +
				noIndent + `<w:jc w:val="center"/><w:outlineLvl w:val="0"/>`,
			rpr: w.fonts(w.faces.hei) + bold + sz(16)},
		{typ: "paragraph", id: "Heading2", name: "heading 2", basedOn: "Normal", next: "Normal", builtin: true, link: w.numbered,
			ppr: `<w:keepNext/><w:keepLines/>` + exact(half, half) +
				noIndent + `<w:jc w:val="left"/><w:outlineLvl w:val="1"/>`,
			rpr: w.fonts(w.faces.hei) + bold + sz(14)},
		{typ: "paragraph", id: "Heading3", name: "heading 3", basedOn: "Normal", next: "Normal", builtin: true, link: w.numbered,
			ppr: `<w:keepNext/><w:keepLines/>` + noIndent + `<w:jc w:val="left"/><w:outlineLvl w:val="2"/>`,
			rpr: w.fonts(w.faces.hei) + bold + sz(size)},
		{typ: "paragraph", id: "Heading4", name: "heading 4", basedOn: "Normal", next: "Normal", builtin: true, link: w.numbered,
			ppr: `<w:keepNext/><w:keepLines/>` + noIndent + `<w:jc w:val="left"/><w:outlineLvl w:val="3"/>`,
			rpr: w.fonts(w.faces.body) + bold + sz(size)},
		{typ: "paragraph", id: "Caption", name: "caption", basedOn: "Normal", next: "Normal", builtin: true,
			ppr: noIndent + `<w:jc w:val="center"/>`,
			rpr: w.fonts(w.faces.hei) + bold + sz(10.5)},
		{typ: "paragraph", id: "TableCaption", name: "Table Caption", basedOn: "Caption", next: "Normal",
			ppr: `<w:keepNext/><w:keepLines/>` + fmt.Sprintf(`<w:spacing w:before="%d"/>`, half/2)},
		{typ: "paragraph", id: "AppendixTableCaption", name: "Appendix Table Caption", basedOn: "TableCaption", next: "Normal"},
		{typ: "paragraph", id: "FigureCaption", name: "Figure Caption", basedOn: "Caption", next: "Normal",
			ppr: `<w:keepLines/>`},
		{typ: "paragraph", id: "CaseTitle", name: "Case Title", basedOn: "Caption", next: "Normal",
			ppr: `<w:keepNext/><w:keepLines/>` + exact(0, 0),
			rpr: sz(size)},
		{typ: "paragraph", id: "CaseText", name: "Case Text", basedOn: "Normal", next: "CaseText"},
		{typ: "paragraph", id: "CaseCredit", name: "Case Credit", basedOn: "Normal", next: "Normal",
			ppr: noIndent + `<w:jc w:val="right"/>`},
		{typ: "paragraph", id: "Figure", name: "Figure", basedOn: "Normal", next: "FigureCaption",
			ppr: `<w:keepNext/><w:keepLines/>` + single(half/2, half/4) + noIndent + `<w:jc w:val="center"/>`},
		{typ: "paragraph", id: "Source", name: "Source", basedOn: "Normal", next: "Normal",
			ppr: single(40, half/2) + noIndent + `<w:jc w:val="left"/>`,
			rpr: sz(9)},
		{typ: "paragraph", id: "Gap", name: "Gap", basedOn: "Normal", next: "Normal",
			ppr: single(0, 0) + noIndent,
			rpr: sz(6)},
		{typ: "paragraph", id: "TableText", name: "Table Text", basedOn: "Normal",
			ppr: `<w:widowControl w:val="0"/>` + single(0, 0) + noIndent + `<w:jc w:val="left"/>`,
			rpr: w.fonts(w.faces.hei) + sz(cellSize)},
		{typ: "paragraph", id: "TableHead", name: "Table Head", basedOn: "TableText",
			ppr: `<w:keepNext/><w:jc w:val="center"/>`,
			rpr: bold},
		{typ: "paragraph", id: "TOC1", name: "toc 1", basedOn: "Normal", next: "Normal", builtin: true,
			ppr: tocTabs + tocInd(0) + `<w:jc w:val="left"/>`,
			rpr: w.fonts(w.faces.hei) + bold},
		{typ: "paragraph", id: "TOC2", name: "toc 2", basedOn: "Normal", next: "Normal", builtin: true,
			ppr: tocTabs + tocInd(2) + `<w:jc w:val="left"/>`},
		{typ: "paragraph", id: "TOC3", name: "toc 3", basedOn: "Normal", next: "Normal", builtin: true,
			ppr: tocTabs + tocInd(4) + `<w:jc w:val="left"/>`},
		{typ: "paragraph", id: "TableofFigures", name: "table of figures", basedOn: "Normal", next: "Normal", builtin: true,
			ppr: tocTabs + tocInd(0) + `<w:jc w:val="left"/>`},
		{typ: "paragraph", id: "Header", name: "header", basedOn: "Normal", builtin: true,
			ppr: `<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="4D4D4D"/></w:pBdr>` + single(0, 0) + noIndent + `<w:jc w:val="center"/>`,
			rpr: w.fonts(w.faces.hei) + `<w:color w:val="4D4D4D"/>` + sz(9)},
		{typ: "paragraph", id: "Footer", name: "footer", basedOn: "Normal", builtin: true,
			ppr: single(0, 0) + noIndent + `<w:jc w:val="center"/>`,
			rpr: sz(12)},
		{typ: "character", id: "DefaultParagraphFont", name: "Default Paragraph Font", builtin: true},
		{typ: "table", id: "TableNormal", name: "Normal Table", builtin: true,
			tblPr: `<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>`},
		{typ: "table", id: "ReportTable", name: "Report Table", basedOn: "TableNormal",
			ppr: single(0, 0) + noIndent,
			tblPr: `<w:jc w:val="center"/>` + borders("tblBorders", 6) +
				fmt.Sprintf(`<w:tblCellMar><w:top w:w="%d" w:type="dxa"/><w:left w:w="%d" w:type="dxa"/><w:bottom w:w="%d" w:type="dxa"/><w:right w:w="%d" w:type="dxa"/></w:tblCellMar>`, cellPadY, cellPadX, cellPadY, cellPadX)},
		{typ: "table", id: "CaseBox", name: "Case Box", basedOn: "TableNormal",
			tblPr: `<w:jc w:val="center"/>` + borders("tblBorders", 8)},
	}
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	b.WriteString(`<w:docDefaults><w:rPrDefault><w:rPr>` + w.fonts(w.faces.body) + sz(size) +
		`<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>`)
	for _, s := range styles {
		// Normal and the defaults are marked as defaults.
		x := s.xml()
		switch s.id {
		case "Normal", "DefaultParagraphFont", "TableNormal":
			x = strings.Replace(x, `w:styleId=`, `w:default="1" w:styleId=`, 1)
		}
		b.WriteString(x)
	}
	b.WriteString(`</w:styles>`)
	return []byte(b.String())
}

// Line-breaking rules for Simplified Chinese (Word's defaults, see
// shared/typesetting.md): characters that must not start and must not end a line.
const (
	noBreakBefore = `!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠`
	noBreakAfter  = `$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥`
)

func (w *writer) settingsXML() []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	b.WriteString(`<w:zoom w:percent="100"/>`)
	// Inner and outer margins alternate on facing pages, as in the printed booklet.
	b.WriteString(`<w:mirrorMargins/>`)
	fmt.Fprintf(&b, `<w:defaultTabStop w:val="%d"/>`, int(math.Round(w.g.size*40)))
	if w.d.Meta.Settings.PageNumbers == "outer-dash" {
		b.WriteString(`<w:evenAndOddHeaders/>`)
	}
	b.WriteString(`<w:characterSpacingControl w:val="compressPunctuation"/>`)
	b.WriteString(`<w:noLineBreaksAfter w:lang="zh-CN" w:val="` + attr(noBreakAfter) + `"/>`)
	b.WriteString(`<w:noLineBreaksBefore w:lang="zh-CN" w:val="` + attr(noBreakBefore) + `"/>`)
	// Word refreshes the fields on open (it asks first): the lists' page numbers
	// become Word's own, the captions' and references' numbers stay in step.
	b.WriteString(`<w:updateFields w:val="true"/>`)
	b.WriteString(`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>`)
	b.WriteString(`<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>`)
	b.WriteString(`<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>`)
	b.WriteString(`</w:settings>`)
	return []byte(b.String())
}

// fontTableXML declares the fonts the DOCX names, each with the PDF's Noto face as
// its alternate (w:altName) and the GB2312 charset for the Han faces, so that Word
// substitutes a Chinese font when one is missing.
func (w *writer) fontTableXML() []byte {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">`)
	seen := map[string]bool{}
	font := func(name, alt, charset, family string) {
		if seen[name] {
			return
		}
		seen[name] = true
		b.WriteString(`<w:font w:name="` + attr(name) + `">`)
		if alt != "" && alt != name {
			b.WriteString(`<w:altName w:val="` + attr(alt) + `"/>`)
		}
		b.WriteString(`<w:charset w:val="` + charset + `"/><w:family w:val="` + family + `"/><w:pitch w:val="variable"/></w:font>`)
	}
	f := w.faces
	font(f.song, notoSerif, "86", "roman")
	font(f.hei, notoSans, "86", "swiss")
	if f.body == f.fangsong {
		font(f.fangsong, notoSerif, "86", "roman")
	}
	font(f.latin, "", "00", "roman")
	b.WriteString(`</w:fonts>`)
	return []byte(b.String())
}
