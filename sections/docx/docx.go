// Package docx writes the document tree of a report as an editable Word document
// (Office Open XML, written directly with the standard library). It carries the same
// content in the same order as the PDF: cover, 发布情况, 内容真实性责任声明, 编委会, 前言, the
// four generated lists (written out as cached field results, so that they read
// correctly before any field update), then the chapters and the appendix.
//
// The output is deterministic: the same tree and options give the same bytes.
package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"time"

	"github.com/reportc/reportc/sections"
)

// Options carry what the tree does not know.
type Options struct {
	// PageOf returns the printed page number of an anchor in the PDF layout ("12"),
	// or "" if unknown. The generated lists show these numbers until Word updates
	// the fields.
	PageOf func(anchor string) string
	// ChartPNG returns the PNG of a chart figure; nil writes a text placeholder.
	ChartPNG func(f *sections.Figure) []byte
	// PrintPhoto returns, for a photo file's bytes, the image to embed instead — the
	// JPEG the PDF writer scaled to its printed size at 300 dpi (pdf.Prepared.PrintJPEG)
	// — or nil to embed the file as it is (also when PrintPhoto itself is nil). The
	// picture keeps the size computed from the original: only its pixels change. It is
	// called from the writer's goroutine and must be safe to call from there.
	PrintPhoto func(original []byte) []byte

	// What the PDF layout did, so that Word and LibreOffice paginate like it (each
	// may be nil). StartsPage reports a body block the PDF began at the top of a page
	// other than its chapter's first: the DOCX breaks the page before it too
	// (w:pageBreakBefore). FigureSize is the size in mm a figure printed at, after any
	// shrinking to fit its page. Rotated reports a table the PDF set on landscape
	// pages: the DOCX gives it a landscape section.
	StartsPage func(b sections.Block) bool
	FigureSize func(anchor string) (w, h float64, ok bool)
	Rotated    func(anchor string) bool
}

// Write returns the DOCX file of a document tree.
func Write(d *sections.Doc, opt Options) ([]byte, error) {
	if d == nil {
		return nil, errors.New("docx: no document")
	}
	w := newWriter(d, opt)
	w.cover()
	w.front()
	w.body()
	return w.pack()
}

// part is one file of the package.
type part struct {
	name  string
	ctype string // override content type; "" when a Default extension covers it
	data  []byte
	store bool // media: stored, not deflated
}

// zipTime is the modification time of every zip entry: the publication date, or a
// constant when there is none.
func zipTime(published time.Time) time.Time {
	if published.IsZero() || published.Year() < 1980 || published.Year() > 2100 {
		return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, time.UTC)
}

func (w *writer) pack() ([]byte, error) {
	doc := w.documentXML()
	var parts []part
	parts = append(parts,
		part{name: "_rels/.rels", data: []byte(packageRels)},
		part{name: "docProps/core.xml", ctype: "application/vnd.openxmlformats-package.core-properties+xml", data: w.coreXML()},
		part{name: "docProps/app.xml", ctype: "application/vnd.openxmlformats-officedocument.extended-properties+xml", data: w.appXML()},
		part{name: "word/document.xml", ctype: ctWord + "document.main+xml", data: doc},
		part{name: "word/styles.xml", ctype: ctWord + "styles+xml", data: w.stylesXML()},
		part{name: "word/settings.xml", ctype: ctWord + "settings+xml", data: w.settingsXML()},
		part{name: "word/fontTable.xml", ctype: ctWord + "fontTable+xml", data: w.fontTableXML()},
	)
	if w.numbered {
		parts = append(parts, part{name: "word/numbering.xml", ctype: ctWord + "numbering+xml", data: w.numberingXML()})
	}
	for _, hf := range w.hdrftr {
		ct := ctWord + "footer+xml"
		if hf.kind == "header" {
			ct = ctWord + "header+xml"
		}
		parts = append(parts, part{name: "word/" + hf.file, ctype: ct, data: []byte(hf.xml)})
	}
	parts = append(parts, part{name: "word/_rels/document.xml.rels", data: w.documentRels()})
	for _, m := range w.media {
		parts = append(parts, part{name: "word/media/" + m.file, data: m.data, store: true})
	}

	mod := zipTime(w.d.Meta.Published)
	all := append([]part{{name: "[Content_Types].xml", data: contentTypes(parts)}}, parts...)
	// The package is written into one buffer sized up front: growing it by doubling
	// to the 2.5 MB of a report with pictures cleared and copied about three times
	// that, the largest cost of the whole writer.
	buf := bytes.NewBuffer(make([]byte, 0, packSize(all)))
	zw := zip.NewWriter(buf)
	// One compressor for every XML part, at the level measured to halve the time of
	// the default for about 15 % more compressed XML (pictures, most of the file,
	// are stored as they are).
	var fw *flate.Writer
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if fw == nil {
			var err error
			fw, err = flate.NewWriter(out, xmlLevel)
			return fw, err
		}
		fw.Reset(out)
		return fw, nil
	})
	for _, p := range all {
		// Deflated entries may carry a trailing data descriptor (streaming readers
		// accept it there); stored entries (pictures) are written raw, with their
		// CRC and sizes in the local header and no descriptor, because Java's
		// ZipInputStream and Apache POI refuse a stored entry with one.
		fh := &zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: mod}
		var f io.Writer
		var err error
		if p.store {
			fh.Method = zip.Store
			fh.CRC32 = crc32.ChecksumIEEE(p.data)
			fh.CompressedSize64 = uint64(len(p.data))
			fh.UncompressedSize64 = uint64(len(p.data))
			// CreateRaw does not derive the MS-DOS time from Modified.
			fh.ModifiedDate = uint16(mod.Day() + int(mod.Month())<<5 + (mod.Year()-1980)<<9)
			fh.ModifiedTime = uint16(mod.Second()/2 + mod.Minute()<<5 + mod.Hour()<<11)
			f, err = zw.CreateRaw(fh)
		} else {
			f, err = zw.CreateHeader(fh)
		}
		if err != nil {
			return nil, fmt.Errorf("docx: %s: %w", p.name, err)
		}
		if _, err := f.Write(p.data); err != nil {
			return nil, fmt.Errorf("docx: %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("docx: %w", err)
	}
	return buf.Bytes(), nil
}

// xmlLevel is the deflate level of the XML parts. Measured on the example's
// 700 KB document.xml: level 2 gives 84 KB in about a third of the time level 5–6
// (the zip package's default) takes to give 70–73 KB.
const xmlLevel = 2

// packSize is an upper bound on the size of the zip package of parts: their
// contents as they are (deflating XML only shrinks it; on incompressible input
// deflate falls back to stored blocks of at least a few KB with 5 bytes of header each,
// bounded here by one byte in a thousand), plus each entry's local header, data
// descriptor and central directory record (30 + 16 + 46 bytes, the name twice and
// room for extra fields such as the 9-byte modification time), plus the end record.
func packSize(parts []part) int {
	n := 22
	for _, p := range parts {
		n += len(p.data) + len(p.data)/1000 + 16 + 30 + 16 + 46 + 2*len(p.name) + 64
	}
	return n
}

const ctWord = "application/vnd.openxmlformats-officedocument.wordprocessingml."

const packageRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

func contentTypes(parts []part) []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	b.WriteString(`<Default Extension="png" ContentType="image/png"/>`)
	b.WriteString(`<Default Extension="jpeg" ContentType="image/jpeg"/>`)
	for _, p := range parts {
		if p.ctype != "" {
			fmt.Fprintf(&b, `<Override PartName="/%s" ContentType="%s"/>`, p.name, p.ctype)
		}
	}
	b.WriteString(`</Types>`)
	return b.Bytes()
}

func (w *writer) documentRels() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	rel := func(id, typ, target string) {
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/%s" Target="%s"/>`, id, typ, target)
	}
	rel("rId1", "styles", "styles.xml")
	rel("rId2", "settings", "settings.xml")
	rel("rId3", "fontTable", "fontTable.xml")
	if w.numbered {
		rel("rId4", "numbering", "numbering.xml")
	}
	for _, hf := range w.hdrftr {
		rel(hf.rid, hf.kind, hf.file)
	}
	for _, m := range w.media {
		rel(m.rid, "image", "media/"+m.file)
	}
	b.WriteString(`</Relationships>`)
	return b.Bytes()
}

func (w *writer) coreXML() []byte {
	m := w.d.Meta
	title := m.Title + m.Subtitle
	stamp := zipTime(m.Published).Format("2006-01-02T15:04:05Z")
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.WriteString(`<dc:title>` + esc(title) + `</dc:title>`)
	b.WriteString(`<dc:creator>` + esc(m.Issuer) + `</dc:creator>`)
	b.WriteString(`<cp:lastModifiedBy>` + esc(m.Issuer) + `</cp:lastModifiedBy>`)
	b.WriteString(`<dc:language>zh-CN</dc:language>`)
	b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created>`)
	b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified>`)
	b.WriteString(`</cp:coreProperties>`)
	return b.Bytes()
}

func (w *writer) appXML() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`)
	b.WriteString(`<Application>reportc</Application><DocSecurity>0</DocSecurity>`)
	if w.d.Meta.Issuer != "" {
		b.WriteString(`<Company>` + esc(w.d.Meta.Issuer) + `</Company>`)
	}
	b.WriteString(`</Properties>`)
	return b.Bytes()
}

// Units.

// twips converts millimetres to twentieths of a point.
func twips(mm float64) int { return int(math.Round(mm * 1440 / 25.4)) }

// emu converts twips to English Metric Units (drawing sizes).
func emu(tw float64) int64 { return int64(math.Round(tw * 635)) }
