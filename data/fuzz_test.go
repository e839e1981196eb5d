package data

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseYAML feeds report.yaml text through the reader: no panic, and every error
// names report.yaml.
func FuzzParseYAML(f *testing.F) {
	ex, err := os.ReadFile("2024/report.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ex)
	f.Add([]byte("titel: x\n"))
	f.Add([]byte("settings: {body_size: .nan, page: {width: .inf}}\n"))
	f.Add([]byte("a: &a [*a, *a]\n---\nb: 1\n"))
	f.Add([]byte("\xef\xbb\xbftitle: \xb2\xe2\xca\xd4\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var errs ErrorList
		y, lines, ok := parseYAML(raw, &errs)
		if ok {
			m := metaFrom(y, lines, &errs)
			if s := m.Settings; !(s.BodySize >= 7 && s.BodySize <= 16) || s.Page.Width != s.Page.Width || s.HanLatin != s.HanLatin {
				t.Fatalf("settings out of range after check: %+v", s)
			}
		}
		if !ok && len(errs) == 0 {
			t.Fatal("refused without an error")
		}
		for _, e := range errs {
			if e.Pos.File != "report.yaml" {
				t.Fatalf("error without its file: %v", e)
			}
			if strings.Contains(e.Msg, "float64") || strings.Contains(e.Msg, "data.") {
				t.Fatalf("Go type in message: %v", e)
			}
		}
	})
}

// FuzzWorkbook loads arbitrary bytes as the only workbook of a report: no panic, no
// temporary file left, and every error names the workbook or report.yaml.
func FuzzWorkbook(f *testing.F) {
	for _, name := range []string{"2024/workbooks/正文数据.xlsx", "2024/workbooks/附表.xlsx"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("PK\x03\x04"))
	tmp := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "w.xlsx"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Setenv("TMPDIR", tmp)
		r := &Report{Dir: dir, Tables: map[string]*Table{}, Charts: map[string]*Chart{}, Values: map[string]Value{}, Images: map[string][]byte{}}
		var errs ErrorList
		w := &workbooks{}
		w.load(dir, "w.xlsx", Pos{File: "report.yaml", Line: 1}, r, &errs)
		for _, ref := range []string{"Sheet1!A1", "数值!B2", "表!XFD1048576"} {
			w.cellValue(ref)
		}
		w.close()
		for _, e := range errs {
			if e.Pos.File != "w.xlsx" && e.Pos.File != "report.yaml" {
				t.Fatalf("error without its place: %v", e)
			}
		}
		for _, tb := range r.Tables {
			for _, row := range tb.Rows {
				if len(row) != tb.Cols {
					t.Fatalf("ragged table %s", tb.Label)
				}
			}
		}
		if ents, _ := os.ReadDir(tmp); len(ents) > 0 {
			t.Fatalf("temporary files left: %v", ents)
		}
	})
}

// FuzzCheckImage: no panic, and an image the check accepts decodes fully within the
// pixel limit.
func FuzzCheckImage(f *testing.F) {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var p, j bytes.Buffer
	png.Encode(&p, img)
	jpeg.Encode(&j, img, nil)
	pal := image.NewPaletted(image.Rect(0, 0, 8, 8), color.Palette{color.Black, color.White, color.Transparent})
	var pp bytes.Buffer
	png.Encode(&pp, pal)
	f.Add(p.Bytes())
	f.Add(j.Bytes())
	f.Add(pp.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		if imageProblem(b) != "" {
			return
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width*cfg.Height > MaxImagePixels {
			t.Fatalf("accepted an image: %v %+v", err, cfg)
		}
		if _, _, err := image.Decode(bytes.NewReader(b)); err != nil {
			t.Fatalf("accepted an image that does not decode: %v", err)
		}
	})
}

func TestYAMLAliasUnknownKey(t *testing.T) {
	var errs ErrorList
	_, _, ok := parseYAML([]byte("x: &s {bodysize: 12}\n"), &errs)
	if ok || !strings.Contains(errs.Error(), "report.yaml:1: 不认识的键 “x”") {
		t.Fatalf("errs = %v", errs)
	}
	errs = nil
	_, _, ok = parseYAML([]byte("title: t\nboard: &b {title: a}\nsettings: {page: *b}\n"), &errs)
	if ok || !strings.Contains(errs.Error(), "不认识的键 “settings.page.title”") {
		t.Fatalf("errs = %v", errs)
	}
	// A billion-laughs document ends quickly with an error or a refusal, not a hang.
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	errs = nil
	parseYAML([]byte(b.String()), &errs)
	if len(errs) == 0 {
		t.Fatal("billion laughs accepted")
	}
}
