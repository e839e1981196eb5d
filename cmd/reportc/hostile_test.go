package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The hostile-input corpus: testdata/hostile/cases.tsv lists every case with the exit
// code, place and message expected of both `check` and `build`; hostileSetups builds
// each case from a small valid report.

const baseYAML = `title: 测试报告
subtitle: （示例数据）
year: 2024
issuer: 测试单位
published: 2025-01-02
statement:
  text: 本报告为测试用示例数据。
  date: 2025年1月
  seal: ""
preface: preface.md
chapters: [chapters/01.md]
workbooks: [workbooks/book.xlsx]
settings:
  draft: false
  body_size: 12
`

const baseChapter = `# 概况

共有学校[=学校数]所，在校生[=表!B2]人（[@tab-a]、[@fig-a]）。

::: table tab-a

::: chart fig-a

::: photo fig-p images/p.png 校园一角（示例图片）
`

// hostileBase writes the valid report every case starts from and returns its folder.
func hostileBase(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "report")
	for _, d := range []string{"chapters", "workbooks", "images"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(dir, "report.yaml"), baseYAML)
	write(t, filepath.Join(dir, "preface.md"), "本报告所有数字均为示例数据。\n")
	write(t, filepath.Join(dir, "chapters/01.md"), baseChapter)
	writeBytes(t, filepath.Join(dir, "images/p.png"), testPNG(t, 300, 200))
	writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), nil)
	return dir
}

func write(t *testing.T, path, s string) { t.Helper(); writeBytes(t, path, []byte(s)) }

func writeBytes(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func replaceIn(t *testing.T, path, old, new string) {
	t.Helper()
	s := read(t, path)
	if !strings.Contains(s, old) {
		t.Fatalf("%s lacks %q", path, old)
	}
	write(t, path, strings.Replace(s, old, new, 1))
}

// writeBook writes the base workbook: 清单, a table 表, a bar chart 图 and 数值. edit may
// change it before it is saved.
func writeBook(t *testing.T, path string, edit func(f *excelize.File)) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "清单"))
	rows := map[string][][]any{
		"清单": {
			{"标签", "类型", "工作表", "标题", "数据来源", "表头行数", "备注", "注"},
			{"tab-a", "表格", "表", "学校规模", "测试", 1, "示例数据", ""},
			{"fig-a", "柱状图", "图", "招生人数", "测试", "", "示例数据", ""},
		},
		"表":  {{"学校", "在校生", "毕业生"}, {"甲校", 100, 30}, {"乙校", 200, 60}, {"丙校", 300, 90}},
		"图":  {{"", "招生"}, {"甲校", 10}, {"乙校", 20}, {"丙校", 30}},
		"数值": {{"名称", "数值"}, {"学校数", 3}},
	}
	for _, sheet := range []string{"清单", "表", "图", "数值"} {
		if sheet != "清单" {
			_, err := f.NewSheet(sheet)
			must(err)
		}
		for r, row := range rows[sheet] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			must(f.SetSheetRow(sheet, cell, &row))
		}
	}
	if edit != nil {
		edit(f)
	}
	must(f.SaveAs(path))
}

// rewriteZip rewrites the entries of a zip file; fn returns the new content, or nil to
// drop the entry.
func rewriteZip(t *testing.T, path string, fn func(name string, b []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if b = fn(f.Name, b); b == nil {
			continue
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	writeBytes(t, path, buf.Bytes())
}

// sheetXML edits the XML of one worksheet (sheet2 is 表, sheet3 图, sheet4 数值).
func sheetXML(t *testing.T, dir, sheetFile string, fn func(s string) string) {
	t.Helper()
	rewriteZip(t, filepath.Join(dir, "workbooks/book.xlsx"), func(name string, b []byte) []byte {
		if name == "xl/worksheets/"+sheetFile {
			s := fn(string(b))
			if s == string(b) {
				t.Fatalf("%s unchanged", name)
			}
			return []byte(s)
		}
		return b
	})
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngChunk returns one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

// pngIHDR returns a PNG signature and IHDR for an 8-bit RGB image of w × h.
func pngIHDR(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	return append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
}

func photo(dir string) string { return filepath.Join(dir, "images/p.png") }

// idatAt returns the offset of the first IDAT chunk's length field.
func idatAt(t *testing.T, b []byte) int {
	t.Helper()
	i := bytes.Index(b, []byte("IDAT"))
	if i < 4 {
		t.Fatal("no IDAT")
	}
	return i - 4
}

// outside writes a file beside the report folder and returns its path.
func outside(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(filepath.Dir(dir), name)
	write(t, p, content)
	return p
}

var hostileSetups = map[string]func(t *testing.T, dir string){
	"valid": func(t *testing.T, dir string) {},
	"bom": func(t *testing.T, dir string) {
		for _, f := range []string{"report.yaml", "chapters/01.md", "preface.md"} {
			write(t, filepath.Join(dir, f), "\ufeff"+read(t, filepath.Join(dir, f)))
		}
	},
	"crlf": func(t *testing.T, dir string) {
		for _, f := range []string{"report.yaml", "chapters/01.md"} {
			write(t, filepath.Join(dir, f), strings.ReplaceAll(read(t, filepath.Join(dir, f)), "\n", "\r\n"))
		}
	},
	"cr-only": func(t *testing.T, dir string) {
		write(t, filepath.Join(dir, "chapters/01.md"), strings.ReplaceAll(baseChapter, "\n", "\r"))
	},
	"chapter-dotdot": func(t *testing.T, dir string) {
		outside(t, dir, "outside.md", "# 外部\n\n不应读到。\n")
		replaceIn(t, filepath.Join(dir, "report.yaml"), "chapters: [chapters/01.md]", "chapters: [../outside.md]")
	},
	"chapter-abs": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "report.yaml"), "chapters: [chapters/01.md]", "chapters: [/etc/passwd]")
	},
	"chapter-symlink-out": func(t *testing.T, dir string) {
		p := outside(t, dir, "outside.md", "# 外部\n\n不应读到。\n")
		symlink(t, p, filepath.Join(dir, "chapters/01.md"))
	},
	"chapter-symlink-dotdot": func(t *testing.T, dir string) {
		outside(t, dir, "outside.md", "# 外部\n\n不应读到。\n")
		symlink(t, "../../outside.md", filepath.Join(dir, "chapters/01.md"))
	},
	"chapter-dir": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "report.yaml"), "chapters: [chapters/01.md]", "chapters: [chapters]")
	},
	"chapter-fifo": func(t *testing.T, dir string) {
		p := filepath.Join(dir, "chapters/01.md")
		os.Remove(p)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	},
	"chapter-device": func(t *testing.T, dir string) {
		symlink(t, "/dev/zero", filepath.Join(dir, "chapters/01.md"))
	},
	"chapter-dangling": func(t *testing.T, dir string) {
		symlink(t, "nowhere.md", filepath.Join(dir, "chapters/01.md"))
	},
	"preface-dotdot": func(t *testing.T, dir string) {
		outside(t, dir, "preface.md", "外部前言。\n")
		replaceIn(t, filepath.Join(dir, "report.yaml"), "preface: preface.md", "preface: ../preface.md")
	},
	"workbook-abs": func(t *testing.T, dir string) {
		abs, _ := filepath.Abs(filepath.Join(dir, "workbooks/book.xlsx"))
		replaceIn(t, filepath.Join(dir, "report.yaml"), "workbooks: [workbooks/book.xlsx]", "workbooks: ["+abs+"]")
	},
	"photo-dotdot": func(t *testing.T, dir string) {
		writeBytes(t, filepath.Join(filepath.Dir(dir), "p.png"), testPNG(t, 30, 20))
		replaceIn(t, filepath.Join(dir, "chapters/01.md"), "images/p.png", "../p.png")
	},
	"photo-symlink-out": func(t *testing.T, dir string) {
		p := filepath.Join(filepath.Dir(dir), "p.png")
		writeBytes(t, p, testPNG(t, 30, 20))
		symlink(t, p, photo(dir))
	},
	"seal-abs": func(t *testing.T, dir string) {
		abs, _ := filepath.Abs(photo(dir))
		replaceIn(t, filepath.Join(dir, "report.yaml"), `seal: ""`, "seal: "+abs)
	},
	"fonts-abs": func(t *testing.T, dir string) {
		appendTo(t, filepath.Join(dir, "report.yaml"), "  fonts: [/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf]\n")
	},
	"fonts-dotdot": func(t *testing.T, dir string) {
		outside(t, dir, "x.ttf", "not a font")
		appendTo(t, filepath.Join(dir, "report.yaml"), "  fonts: [../x.ttf]\n")
	},
	"font-garbage": func(t *testing.T, dir string) {
		write(t, filepath.Join(dir, "x.ttf"), "<html>not a font</html>")
		appendTo(t, filepath.Join(dir, "report.yaml"), "  fonts: [x.ttf]\n")
	},
	"font-otf": func(t *testing.T, dir string) {
		write(t, filepath.Join(dir, "x.otf"), "OTTO\x00\x09\x00\x80\x00\x03\x00\x10cff")
		appendTo(t, filepath.Join(dir, "report.yaml"), "  fonts: [x.otf]\n")
	},
	"merge-reversed": func(t *testing.T, dir string) {
		sheetXML(t, dir, "sheet2.xml", func(s string) string {
			return strings.Replace(s, "</sheetData>", `</sheetData><mergeCells count="1"><mergeCell ref="C4:A2"/></mergeCells>`, 1)
		})
	},
	"merge-overlap": func(t *testing.T, dir string) {
		sheetXML(t, dir, "sheet2.xml", func(s string) string {
			return strings.Replace(s, "</sheetData>", `</sheetData><mergeCells count="2"><mergeCell ref="A2:A3"/><mergeCell ref="A3:B3"/></mergeCells>`, 1)
		})
	},
	"merge-outside": func(t *testing.T, dir string) {
		sheetXML(t, dir, "sheet2.xml", func(s string) string {
			return strings.Replace(s, "</sheetData>", `</sheetData><mergeCells count="1"><mergeCell ref="E10:F12"/></mergeCells>`, 1)
		})
	},
	"png-truncated": func(t *testing.T, dir string) {
		b := testPNG(t, 300, 200)
		writeBytes(t, photo(dir), b[:len(b)*2/3])
	},
	"png-crc": func(t *testing.T, dir string) {
		b := testPNG(t, 300, 200)
		b[idatAt(t, b)+8+len(b)/4] ^= 0x55
		writeBytes(t, photo(dir), b)
	},
	"png-short-data": func(t *testing.T, dir string) {
		b := testPNG(t, 300, 100)
		// Promise 200 rows in IHDR (and keep its CRC right); IDAT holds 100.
		writeBytes(t, photo(dir), append(pngIHDR(300, 200), b[33:]...))
	},
	"png-bad-trns": func(t *testing.T, dir string) {
		b := testPNG(t, 300, 200)
		// RGB tRNS must be 6 bytes; this one is 5, with a correct CRC.
		out := append(append(append([]byte{}, b[:33]...), pngChunk("tRNS", []byte{0, 1, 0, 2, 0})...), b[33:]...)
		writeBytes(t, photo(dir), out)
	},
	"png-bad-chunk-length": func(t *testing.T, dir string) {
		b := testPNG(t, 300, 200)
		i := idatAt(t, b)
		n := binary.BigEndian.Uint32(b[i:])
		binary.BigEndian.PutUint32(b[i:], n+1000)
		writeBytes(t, photo(dir), b)
	},
	"jpeg-truncated": func(t *testing.T, dir string) {
		img := image.NewRGBA(image.Rect(0, 0, 300, 200))
		var buf bytes.Buffer
		jpeg.Encode(&buf, img, nil)
		b := buf.Bytes()
		writeBytes(t, filepath.Join(dir, "images/p.jpg"), b[:len(b)/2])
		replaceIn(t, filepath.Join(dir, "chapters/01.md"), "images/p.png", "images/p.jpg")
	},
	"png-huge": func(t *testing.T, dir string) {
		b := append(pngIHDR(20000, 20000), pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
		writeBytes(t, photo(dir), append(b, pngChunk("IEND", nil)...))
	},
	"note-unprintable": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			f.SetCellValue("清单", "H2", "示例数据\U0010FFFD")
		})
	},
	"chapter-control": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "chapters/01.md"), "共有学校", "共有\a学校")
	},
	"zip-bomb": func(t *testing.T, dir string) {
		path := filepath.Join(dir, "workbooks/book.xlsx")
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, f := range zr.File {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
		}
		zr.Close()
		// A sheet that says it unpacks to 10 GB (a deflate stream of zeros would; the
		// header is what a reader sees first).
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet9.xml", Method: zip.Deflate,
			CompressedSize64: 2, UncompressedSize64: 10 << 30, CRC32: 0})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte{0x03, 0x00})
		zw.Close()
		writeBytes(t, path, buf.Bytes())
	},
	"zip-bomb-lying": func(t *testing.T, dir string) {
		// The sheet 表 declares 2000 bytes but inflates to 64 MB of zeros.
		var z bytes.Buffer
		fw, _ := flate.NewWriter(&z, flate.BestSpeed)
		fw.Write([]byte(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`))
		fw.Write(make([]byte, 64<<20))
		fw.Close()
		path := filepath.Join(dir, "workbooks/book.xlsx")
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, f := range zr.File {
			if f.Name == "xl/worksheets/sheet2.xml" {
				w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate,
					CompressedSize64: uint64(z.Len()), UncompressedSize64: 2000})
				if err != nil {
					t.Fatal(err)
				}
				w.Write(z.Bytes())
				continue
			}
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
		}
		zr.Close()
		zw.Close()
		writeBytes(t, path, buf.Bytes())
	},
	"stray-cell": func(t *testing.T, dir string) {
		sheetXML(t, dir, "sheet2.xml", func(s string) string {
			return strings.Replace(s, "</sheetData>", `<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>`, 1)
		})
	},
	"stray-row": func(t *testing.T, dir string) {
		sheetXML(t, dir, "sheet2.xml", func(s string) string {
			return strings.Replace(s, "</sheetData>", `<row r="300000"><c r="A300000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>`, 1)
		})
	},
	"stray-empty-cell": func(t *testing.T, dir string) {
		sheetXML(t, dir, "sheet2.xml", func(s string) string {
			return strings.Replace(s, "</sheetData>", `<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>`, 1)
		})
	},
	"bound-sheet-stray": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "chapters/01.md"), "[=学校数]", "[=数值!B2]")
		sheetXML(t, dir, "sheet4.xml", func(s string) string {
			return strings.Replace(s, "</sheetData>", `<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>`, 1)
		})
	},
	"body-size-nan": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "report.yaml"), "body_size: 12", "body_size: .nan")
	},
	"body-size-inf": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "report.yaml"), "body_size: 12", "body_size: .inf")
	},
	"page-width-nan": func(t *testing.T, dir string) {
		appendTo(t, filepath.Join(dir, "report.yaml"), "  page: {width: .nan}\n")
	},
	"margin-negative": func(t *testing.T, dir string) {
		appendTo(t, filepath.Join(dir, "report.yaml"), "  page: {top: -5}\n")
	},
	"han-latin-huge": func(t *testing.T, dir string) {
		appendTo(t, filepath.Join(dir, "report.yaml"), "  han_latin_space: 1e300\n")
	},
	"cell-div0-text": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			f.SetCellValue("表", "B3", "#DIV/0!")
		})
	},
	"cell-error-value": func(t *testing.T, dir string) {
		sheetXML(t, dir, "sheet2.xml", func(s string) string {
			return strings.Replace(s, `<c r="C2"><v>30</v></c>`, `<c r="C2" t="e"><f>1/0</f><v>#REF!</v></c>`, 1)
		})
	},
	"value-na": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			f.SetCellValue("数值", "B2", "#N/A")
		})
	},
	"bound-cell-error": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			f.SetCellValue("表", "B2", "#DIV/0!")
		})
	},
	"chart-nan": func(t *testing.T, dir string) {
		sheetXML(t, dir, "sheet3.xml", func(s string) string {
			return strings.Replace(s, `<c r="B3"><v>20</v></c>`, `<c r="B3"><v>NaN</v></c>`, 1)
		})
	},
	"chart-inf": func(t *testing.T, dir string) {
		sheetXML(t, dir, "sheet3.xml", func(s string) string {
			return strings.Replace(s, `<c r="B2"><v>10</v></c>`, `<c r="B2"><v>INF</v></c>`, 1)
		})
	},
	"chart-huge": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			f.SetCellValue("图", "B2", 1e300)
		})
	},
	"chart-pie-zero": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			f.SetCellValue("清单", "B3", "饼图")
			for _, c := range []string{"B2", "B3", "B4"} {
				f.SetCellValue("图", c, 0)
			}
		})
	},
	"chart-tiny": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			f.SetCellValue("图", "B2", 1e-300)
			f.SetCellValue("图", "B3", 5e-324)
		})
	},
	"chart-max": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			f.SetCellValue("图", "B2", 1e15)
			f.SetCellValue("图", "B3", 1)
		})
	},
	"chart-line-extremes": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			f.SetCellValue("清单", "B3", "折线图")
			f.SetCellValue("图", "B2", -1e15)
			f.SetCellValue("图", "B3", 1e15)
			f.SetCellValue("图", "B4", 1e-300)
		})
	},
	"chart-all-equal": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			for _, c := range []string{"B2", "B3", "B4"} {
				f.SetCellValue("图", c, 0)
			}
		})
	},
	"chart-many-series": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			for c := 2; c <= 200; c++ {
				for r := 1; r <= 4; r++ {
					cell, _ := excelize.CoordinatesToCellName(c, r)
					if r == 1 {
						f.SetCellValue("图", cell, fmt.Sprintf("系列%d", c))
					} else {
						f.SetCellValue("图", cell, c*r)
					}
				}
			}
		})
	},
	"table-wide": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			for c := 1; c <= 256; c++ {
				for r := 1; r <= 4; r++ {
					cell, _ := excelize.CoordinatesToCellName(c, r)
					if r == 1 {
						f.SetCellValue("表", cell, fmt.Sprintf("列%d", c))
					} else {
						f.SetCellValue("表", cell, c*r)
					}
				}
			}
		})
	},
	"caption-error": func(t *testing.T, dir string) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			f.SetCellValue("清单", "D2", "#VALUE!")
		})
	},
	"chapter-gbk": func(t *testing.T, dir string) {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(baseChapter))
		if err != nil {
			t.Fatal(err)
		}
		writeBytes(t, filepath.Join(dir, "chapters/01.md"), b)
	},
	"chapter-latin1": func(t *testing.T, dir string) {
		write(t, filepath.Join(dir, "chapters/01.md"), strings.Replace(baseChapter, "共有学校", "caf\xe9 共有学校", 1))
	},
	"yaml-gbk": func(t *testing.T, dir string) {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(baseYAML))
		if err != nil {
			t.Fatal(err)
		}
		writeBytes(t, filepath.Join(dir, "report.yaml"), b)
	},
	"workbook-not-zip": func(t *testing.T, dir string) {
		write(t, filepath.Join(dir, "workbooks/book.xlsx"), "学校,在校生\n甲校,100\n")
	},
	"workbook-broken-first": func(t *testing.T, dir string) {
		write(t, filepath.Join(dir, "workbooks/book.xlsx"), "not a workbook")
		appendTo(t, filepath.Join(dir, "chapters/01.md"), "\n**未闭合\n")
	},
	"workbook-xls": func(t *testing.T, dir string) {
		writeBytes(t, filepath.Join(dir, "workbooks/book.xlsx"), append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...))
	},
	"workbook-dir": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "report.yaml"), "workbooks: [workbooks/book.xlsx]", "workbooks: [images]")
	},
	"workbook-no-sst": func(t *testing.T, dir string) {
		rewriteZip(t, filepath.Join(dir, "workbooks/book.xlsx"), func(name string, b []byte) []byte {
			if strings.EqualFold(name, "xl/sharedStrings.xml") {
				return nil
			}
			return b
		})
	},
	"yaml-unknown-key": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "report.yaml"), "title:", "titel:")
	},
	"yaml-unknown-nested": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "report.yaml"), "body_size:", "bodysize:")
	},
	"yaml-empty": func(t *testing.T, dir string) {
		write(t, filepath.Join(dir, "report.yaml"), "")
	},
	"yaml-comments-only": func(t *testing.T, dir string) {
		write(t, filepath.Join(dir, "report.yaml"), "# 以后再填\n")
	},
	"yaml-second-doc": func(t *testing.T, dir string) {
		appendTo(t, filepath.Join(dir, "report.yaml"), "---\ntitle: 第二份\n")
	},
	"yaml-symlink-out": func(t *testing.T, dir string) {
		p := outside(t, dir, "other.yaml", baseYAML)
		symlink(t, p, filepath.Join(dir, "report.yaml"))
	},
	"yaml-fifo": func(t *testing.T, dir string) {
		p := filepath.Join(dir, "report.yaml")
		os.Remove(p)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	},
	"yaml-type": func(t *testing.T, dir string) {
		replaceIn(t, filepath.Join(dir, "report.yaml"), "year: 2024", "year: abc")
	},
	"yaml-not-mapping": func(t *testing.T, dir string) {
		write(t, filepath.Join(dir, "report.yaml"), "- title: 测试\n")
	},
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	os.Remove(link)
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlink: %v", err)
	}
}

func appendTo(t *testing.T, path, s string) {
	t.Helper()
	write(t, path, read(t, path)+s)
}

type hostileCase struct {
	name, place, msg, what string
	exit                   int
}

func readHostileCases(t *testing.T) []hostileCase {
	t.Helper()
	f, err := os.Open("../../testdata/hostile/cases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []hostileCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) != 5 || (fs[1] != "0" && fs[1] != "1") {
			t.Fatalf("cases.tsv: bad line %q", line)
		}
		out = append(out, hostileCase{name: fs[0], exit: int(fs[1][0] - '0'), place: fs[2], msg: fs[3], what: fs[4]})
	}
	return out
}

// TestHostileInput runs check and build on every case of the corpus: the exit code, the
// message with its place, no panic, no output written, no temporary file left, and
// generous time and memory ceilings.
func TestHostileInput(t *testing.T) {
	cases := readHostileCases(t)
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.name] = true
		if hostileSetups[c.name] == nil {
			t.Errorf("case %s has no setup in hostile_test.go", c.name)
		}
	}
	for name := range hostileSetups {
		if !seen[name] {
			t.Errorf("setup %s is not listed in testdata/hostile/cases.tsv", name)
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := hostileBase(t)
			hostileSetups[c.name](t, dir)
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			t.Setenv("XDG_CACHE_HOME", t.TempDir())
			for _, cmd := range []string{"check", "build"} {
				outDir := t.TempDir()
				pdfPath := filepath.Join(outDir, "r.pdf")
				args := []string{cmd, dir}
				if cmd == "build" {
					args = []string{"build", "-o", pdfPath, dir}
				}
				var ms0, ms1 runtime.MemStats
				runtime.ReadMemStats(&ms0)
				start := time.Now()
				var stdout, stderr bytes.Buffer
				code := func() (code int) {
					defer func() {
						if p := recover(); p != nil {
							t.Errorf("%s panicked: %v", cmd, p)
							code = -1
						}
					}()
					return run(args, &stdout, &stderr)
				}()
				took := time.Since(start)
				runtime.ReadMemStats(&ms1)
				if code != c.exit {
					t.Fatalf("%s exit %d, want %d (%s)\nstderr:\n%s", cmd, code, c.exit, c.what, stderr.String())
				}
				t.Logf("%s: %s (%v, %d MB allocated)", cmd, strings.TrimSpace(stderr.String()), took.Round(time.Millisecond), (ms1.TotalAlloc-ms0.TotalAlloc)>>20)
				if c.exit != 0 {
					found := false
					for _, line := range strings.Split(stderr.String(), "\n") {
						if strings.Contains(line, c.place+": ") && strings.Contains(line, c.msg) {
							found = true
						}
					}
					if !found {
						t.Errorf("%s: no error at %q saying %q; stderr:\n%s", cmd, c.place, c.msg, stderr.String())
					}
					if first, _, _ := strings.Cut(stderr.String(), "\n"); c.name == "workbook-broken-first" && !strings.Contains(first, c.msg) {
						t.Errorf("%s: the unreadable workbook is not listed first:\n%s", cmd, stderr.String())
					}
					if strings.Contains(stderr.String(), "float64") || strings.Contains(stderr.String(), "main.") || strings.Contains(stderr.String(), "data.yaml") {
						t.Errorf("%s: message shows a Go type:\n%s", cmd, stderr.String())
					}
					if ents, _ := os.ReadDir(outDir); len(ents) > 0 {
						t.Errorf("%s wrote output although it failed: %v", cmd, ents)
					}
				} else if cmd == "build" {
					if _, err := os.Stat(pdfPath); err != nil {
						t.Errorf("build succeeded but wrote no PDF: %v", err)
					}
				}
				if ents, _ := os.ReadDir(tmp); len(ents) > 0 {
					t.Errorf("%s left temporary files: %v", cmd, ents)
				}
				// Ceilings far above what a case needs (well under a second and a few
				// tens of MB), far below what the unbounded reads took (8–10 GB).
				if took > 2*time.Minute {
					t.Errorf("%s took %v", cmd, took)
				}
				if alloc := ms1.TotalAlloc - ms0.TotalAlloc; alloc > 3<<30 {
					t.Errorf("%s allocated %d MB", cmd, alloc>>20)
				}
			}
		})
	}
}
