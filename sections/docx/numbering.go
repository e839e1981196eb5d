package docx

import (
	"fmt"
	"strings"
)

// gbNumbering says whether settings.numbering asks for the GB/T 9704 heading numbers
// (一、 （一） 1. （1）) rather than 1.1.1. The setting's spelling for it is accepted
// as "GB/T 9704", "gbt9704", "一、" or anything else naming 9704 or starting with 一.
func gbNumbering(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "9704") || strings.HasPrefix(s, "一") || l == "gb" || l == "gbt"
}

// listLevel is one level of the heading list.
type listLevel struct {
	fmt, text, suff string
}

// headingLevels are the four levels of the heading list tied to Heading 1–4.
func (w *writer) headingLevels() []listLevel {
	if w.gb {
		return []listLevel{
			{"chineseCounting", "%1、", "nothing"},
			{"chineseCounting", "（%2）", "nothing"},
			{"decimal", "%3.", "nothing"},
			{"decimal", "（%4）", "nothing"},
		}
	}
	return []listLevel{
		{"decimal", "%1.", "space"},
		{"decimal", "%1.%2", "space"},
		{"decimal", "%1.%2.%3", "space"},
		{"decimal", "%1.%2.%3.%4", "space"},
	}
}

// numberingXML is the multilevel list that numbers the headings: level i is tied to
// the style Heading i+1 (w:pStyle in the level, w:numPr in the style), so that a
// heading an editor adds, moves or deletes renumbers the others.
func (w *writer) numberingXML() []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">`)
	b.WriteString(`<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>`)
	for i, l := range w.headingLevels() {
		fmt.Fprintf(&b, `<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="%s"/><w:pStyle w:val="Heading%d"/>`, i, l.fmt, i+1)
		fmt.Fprintf(&b, `<w:suff w:val="%s"/><w:lvlText w:val="%s"/><w:lvlJc w:val="left"/>`, l.suff, attr(l.text))
		b.WriteString(`<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>`)
	}
	b.WriteString(`</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`)
	return []byte(b.String())
}
