package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/reportc/reportc/charts"
	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/layout"
)

// TestVectorChart: a chart picture whose drawing the writer is given is drawn as paths
// and text, not embedded as an image; its labels are text pdftotext finds; the book is
// not changed; two writes are byte-identical.
func TestVectorChart(t *testing.T) {
	b := tinyBook(t)
	r := charts.NewRenderer(b.Fonts)
	c := &data.Chart{Label: "图1", Kind: data.ChartBar, Categories: []string{"电子信息大类", "旅游大类"},
		Series: []data.Series{{Name: "2024年", Values: []float64{3414, 1375}, Valid: []bool{true, true}}}}
	img, err := r.Render(c)
	if err != nil {
		t.Fatal(err)
	}
	pic := layout.Picture{X: 30, Y: 80, W: 150, H: 90, Data: img, Key: "fig"}
	b.Pages[2].Pictures = append(b.Pages[2].Pictures, pic)
	nTexts := len(b.Pages[2].Texts)
	info := Info{Title: "测试", Created: time.Date(2025, 2, 19, 0, 0, 0, 0, time.UTC), Vector: r.Vector}
	out, err := Write(b, info)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Write(b, info)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, again) {
		t.Error("two writes of a book with a vector chart differ")
	}
	if len(b.Pages[2].Pictures) != 1 || len(b.Pages[2].Texts) != nTexts || !bytes.Equal(b.Pages[2].Pictures[0].Data, img) {
		t.Error("Write changed the book's page")
	}
	if bytes.Contains(out, []byte("/Subtype /Image")) {
		t.Error("the chart was embedded as an image")
	}
	content := inflateAll(out)
	if !strings.Contains(content, "re W n") || !regexp.MustCompile(`\d re f`).MatchString(content) {
		t.Error("no clipped vector chart in the page content")
	}
	// Without the drawings the same book embeds the PNG.
	raster, err := Write(b, Info{Title: "测试", Created: info.Created})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raster, []byte("/Subtype /Image")) {
		t.Error("no image without Vector")
	}
	if len(out) >= len(raster) {
		t.Errorf("vector PDF %d bytes, raster %d", len(out), len(raster))
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "v.pdf")
	os.WriteFile(path, out, 0o644)
	txt, err := exec.Command("pdftotext", "-f", "3", "-l", "3", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"电子信息大类", "旅游大类", "3414", "1375"} {
		if !strings.Contains(string(txt), want) {
			t.Errorf("page text lacks chart label %q:\n%s", want, txt)
		}
	}
}

// inflateAll is every Flate stream of a PDF, decompressed and concatenated.
func inflateAll(pdf []byte) string {
	var all strings.Builder
	for rest := pdf; ; {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			break
		}
		rest = rest[i+len("stream\n"):]
		if zr, err := zlib.NewReader(bytes.NewReader(rest)); err == nil {
			b, _ := io.ReadAll(zr)
			all.Write(b)
		}
	}
	return all.String()
}
