package build

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/reportc/reportc/internal/orient"
)

// phonePhoto is how a phone saves a portrait picture 600 × 900 pixels as displayed —
// grey with a red block top left — with EXIF orientation o: the pixels stored turned
// the other way, and the tag saying how to turn them back.
func phonePhoto(t *testing.T, o int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 600, 900))
	draw.Draw(m, m.Bounds(), image.NewUniform(color.RGBA{128, 128, 128, 255}), image.Point{}, draw.Src)
	draw.Draw(m, image.Rect(0, 0, 200, 300), image.NewUniform(color.RGBA{230, 20, 20, 255}), image.Point{}, draw.Src)
	inverse := map[int]int{6: 8, 8: 6}[o]
	if inverse == 0 {
		inverse = o
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, orient.Apply(m, inverse), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return orient.Tag(b.Bytes(), o, binary.BigEndian)
}

// uprightPortrait says what is wrong with a JPEG that should show phonePhoto upright
// ("" for nothing): portrait, red at the top left only.
func uprightPortrait(b []byte) string {
	m, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		return err.Error()
	}
	r := m.Bounds()
	if r.Dx() >= r.Dy() {
		return fmt.Sprintf("%d×%d is not portrait", r.Dx(), r.Dy())
	}
	red := func(x, y int) bool {
		cr, cg, _, _ := m.At(r.Min.X+r.Dx()*x/6, r.Min.Y+r.Dy()*y/6).RGBA()
		return cr>>8 > 180 && cg>>8 < 80
	}
	if !red(1, 1) || red(5, 1) || red(1, 5) || red(5, 5) {
		return "the red block is not (only) at the top left"
	}
	return ""
}

// TestPhoneOrientation builds a report whose photos carry EXIF orientations 1, 3, 6 and
// 8 (6 and 8 stored as landscape pixels): each prints in a portrait box, the PDF's
// image and the DOCX's picture are upright, and the DOCX extent is portrait.
func TestPhoneOrientation(t *testing.T) {
	dir := t.TempDir()
	src := "../testdata/stress/one-school"
	for _, f := range []string{"preface.md", "chapters/01.md", "workbooks/数据.xlsx"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	y, err := os.ReadFile(filepath.Join(src, "report.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	y = bytes.Replace(y, []byte("chapters: [chapters/01.md]"), []byte("chapters: [chapters/01.md, chapters/02.md]"), 1)
	os.WriteFile(filepath.Join(dir, "report.yaml"), y, 0o644)
	os.MkdirAll(filepath.Join(dir, "images"), 0o755)
	orients := []int{1, 3, 6, 8}
	var ch strings.Builder
	ch.WriteString("# 手机照片（示例数据）\n\n本章照片为程序生成的示例图片，检验手机竖拍照片的方向。\n\n")
	for _, o := range orients {
		file := fmt.Sprintf("images/phone-%d.jpg", o)
		if err := os.WriteFile(filepath.Join(dir, file), phonePhoto(t, o), 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&ch, "竖拍照片之%d如下（示例数据）。\n\n::: photo fig-o%d %s 竖拍照片%d\n\n", o, o, file, o)
	}
	os.WriteFile(filepath.Join(dir, "chapters/02.md"), []byte(ch.String()), 0o644)

	res, err := (&Builder{}).Compile(context.Background(), dir, true)
	if err != nil {
		t.Fatal(err)
	}
	boxes := 0
	for _, p := range res.Book.Pages {
		for _, im := range p.Pictures {
			if strings.HasPrefix(im.Key, "fig-o") {
				boxes++
				if im.H <= im.W {
					t.Errorf("%s printed %.1f×%.1f mm, not portrait", im.Key, im.W, im.H)
				}
			}
		}
	}
	if boxes != len(orients) {
		t.Fatalf("%d phone photos on the pages, want %d", boxes, len(orients))
	}
	// The PDF's JPEG image objects: every one of the phone photos' upright. Orientation
	// 1 passes through; the others are made anew.
	var upright int
	for _, loc := range regexp.MustCompile(`<</Length (\d+) /Type /XObject /Subtype /Image [^>]*/DCTDecode>>\nstream\n`).FindAllSubmatchIndex(res.PDF, -1) {
		n, _ := strconv.Atoi(string(res.PDF[loc[2]:loc[3]]))
		if loc[1]+n > len(res.PDF) {
			t.Fatal("image object runs past the end")
		}
		if why := uprightPortrait(res.PDF[loc[1] : loc[1]+n]); why != "" {
			t.Errorf("a PDF image: %s", why)
		} else {
			upright++
		}
	}
	if upright != len(orients) {
		t.Errorf("%d upright phone photos in the PDF, want %d", upright, len(orients))
	}
	// The DOCX: each photo's picture upright, at a portrait extent.
	zr, err := zip.NewReader(bytes.NewReader(res.DOCX), int64(len(res.DOCX)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		parts[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	target := map[string]string{}
	for _, m := range regexp.MustCompile(`Id="(rId\d+)" Type="[^"]*/image" Target="([^"]+)"`).FindAllStringSubmatch(string(parts["word/_rels/document.xml.rels"]), -1) {
		target[m[1]] = m[2]
	}
	one := regexp.MustCompile(`^<wp:inline[^>]*><wp:extent cx="(\d+)" cy="(\d+)"/>.*?descr="[^"]*竖拍照片(\d)".*?r:embed="(rId\d+)"`)
	found := 0
	for _, d := range strings.Split(string(parts["word/document.xml"]), "<w:drawing>")[1:] {
		m := one.FindStringSubmatch(d)
		if m == nil {
			continue
		}
		found++
		cx, _ := strconv.Atoi(m[1])
		cy, _ := strconv.Atoi(m[2])
		if cy <= cx {
			t.Errorf("DOCX photo %s: extent %d×%d EMU, not portrait", m[3], cx, cy)
		}
		if why := uprightPortrait(parts["word/"+target[m[4]]]); why != "" {
			t.Errorf("DOCX photo %s (%s): %s", m[3], target[m[4]], why)
		}
	}
	if found != len(orients) {
		t.Errorf("%d phone photos in the DOCX, want %d", found, len(orients))
	}
}
