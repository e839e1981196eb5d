package build

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/reportc/reportc/layout"
)

// The photo stress report of issue 15 item 6: a school's report whose photos are what
// schools really send — camera JPEGs of 4000×3000 pixels (several MB each), PNG
// screenshots with flat colours and text-like strokes, photographs saved as PNG, and a
// logo with transparency — some printed small, so that they are downsampled. The files
// would be far too big to commit, so photoReport draws them deterministically (the same
// bytes on every run) into a folder; the rest of the report is testdata/stress/one-school.
//
//	go test ./build -run TestPhotoReport -photo-report /tmp/photos
//
// writes the folder for measuring `reportc build -force /tmp/photos`.
var photoReportDir = flag.String("photo-report", "", "write the photo stress report to this folder")

// photoSpec is one photo of the stress report.
type photoSpec struct {
	file  string
	kind  string // "camera", "screen", "photopng", "logo"
	w, h  int
	width string // width=NN% or ""
}

// photoSpecs lists the report's photos: full-size when big is set, else at a quarter
// of the pixels in each direction (for tests that must stay fast; the photos printed
// small are still scaled down).
func photoSpecs(big bool) []photoSpec {
	var s []photoSpec
	div := 1
	if !big {
		div = 4
	}
	for i := 0; i < 20; i++ {
		w, h := 4000, 3000
		if i%7 == 3 {
			w, h = 3000, 4000 // portrait
		}
		width := ""
		if i%5 == 4 {
			width = "width=30%" // printed small
		}
		s = append(s, photoSpec{fmt.Sprintf("images/camera-%02d.jpg", i+1), "camera", w / div, h / div, width})
	}
	for i := 0; i < 6; i++ {
		width := ""
		if i%3 == 2 {
			width = "width=40%"
		}
		s = append(s, photoSpec{fmt.Sprintf("images/screen-%02d.png", i+1), "screen", 1600 / div, 1000 / div, width})
	}
	for i := 0; i < 3; i++ {
		s = append(s, photoSpec{fmt.Sprintf("images/photo-%02d.png", i+1), "photopng", 2400 / div, 1600 / div, ""})
	}
	s = append(s, photoSpec{"images/logo.png", "logo", 800 / div, 800 / div, "width=25%"})
	return s
}

// rng is a small deterministic generator (xorshift) for the photos' noise.
type rng uint64

func (r *rng) next() uint64 {
	x := uint64(*r)
	x ^= x << 13
	x ^= x >> 7
	x ^= x << 17
	*r = rng(x)
	return x
}

// cameraImage draws something that compresses like a photograph: smooth gradients,
// soft blobs of colour and sensor noise of a few levels.
func cameraImage(w, h int, seed uint64) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rng(seed*2654435761 + 88172645463325252)
	type blob struct{ x, y, rad, cr, cg, cb float64 }
	var blobs []blob
	for i := 0; i < 6; i++ {
		blobs = append(blobs, blob{float64(r.next() % uint64(w)), float64(r.next() % uint64(h)), float64(w)/8 + float64(r.next()%uint64(w/4+1)),
			float64(r.next()%120) - 60, float64(r.next()%120) - 60, float64(r.next()%120) - 60})
	}
	for y := 0; y < h; y++ {
		fy := float64(y) / float64(h)
		row := m.Pix[y*m.Stride:]
		for x := 0; x < w; x++ {
			fx := float64(x) / float64(w)
			cr, cg, cb := 60+120*fy, 90+80*fx, 150-60*fy+40*math.Sin(fx*9)
			if x%16 == 0 { // blobs change slowly: evaluate them every 16 pixels
				for _, b := range blobs {
					dx, dy := float64(x)-b.x, float64(y)-b.y
					if d := dx*dx + dy*dy; d < b.rad*b.rad {
						k := 1 - d/(b.rad*b.rad)
						cr, cg, cb = cr+b.cr*k, cg+b.cg*k, cb+b.cb*k
					}
				}
			}
			n := r.next()
			row[4*x] = clamp8(cr + float64(n&31) - 16)
			row[4*x+1] = clamp8(cg + float64(n>>8&31) - 16)
			row[4*x+2] = clamp8(cb + float64(n>>16&31) - 16)
			row[4*x+3] = 255
		}
	}
	return m
}

func clamp8(v float64) uint8 {
	return uint8(max(0, min(255, v)))
}

// screenImage draws a screenshot: a window with a title bar, a side bar, and lines of
// dark text-like strokes on white, in a handful of colours.
func screenImage(w, h int, seed uint64) *image.Paletted {
	pal := color.Palette{color.RGBA{255, 255, 255, 255}, color.RGBA{32, 32, 32, 255}, color.RGBA{40, 90, 170, 255}, color.RGBA{230, 234, 240, 255}, color.RGBA{200, 60, 50, 255}, color.RGBA{120, 120, 120, 255}}
	m := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	r := rng(seed*40503 + 1)
	fill := func(x0, y0, x1, y1 int, c uint8) {
		for y := max(0, y0); y < min(h, y1); y++ {
			for x := max(0, x0); x < min(w, x1); x++ {
				m.Pix[y*m.Stride+x] = c
			}
		}
	}
	fill(0, 0, w, h/14, 2)
	fill(0, h/14, w/5, h, 3)
	line := max(2, h/40)
	for y := h/14 + line; y+line < h; y += 2 * line {
		x := w/5 + line
		for x < w-line {
			word := int(r.next()%uint64(6*line)) + line
			c := uint8(1)
			if r.next()%11 == 0 {
				c = 4
			}
			for cx := x; cx < min(x+word, w-line); cx += max(1, line/3) {
				fill(cx, y, cx+max(1, line/4), y+line, c)
			}
			x += word + line
		}
	}
	return m
}

// logoImage is a round badge on a transparent ground.
func logoImage(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	cx, cy, rad := float64(w)/2, float64(h)/2, float64(min(w, h))/2-2
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			d := math.Hypot(float64(x)-cx, float64(y)-cy)
			if d < rad {
				a := uint8(255)
				if rad-d < 1 {
					a = uint8(255 * (rad - d))
				}
				m.SetNRGBA(x, y, color.NRGBA{180, 30, 40, a})
			}
		}
	}
	return m
}

// photoBytes encodes one photo of the report.
func photoBytes(s photoSpec, seed uint64) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch s.kind {
	case "camera":
		err = jpeg.Encode(&buf, cameraImage(s.w, s.h, seed), &jpeg.Options{Quality: 92})
	case "photopng":
		err = png.Encode(&buf, cameraImage(s.w, s.h, seed))
	case "screen":
		// Half the screenshots are paletted PNGs, half truecolour (RGB) ones, as
		// screenshot tools save them.
		var m image.Image = screenImage(s.w, s.h, seed)
		if seed%2 == 0 {
			rgb := image.NewRGBA(m.Bounds())
			draw.Draw(rgb, rgb.Bounds(), m, image.Point{}, draw.Src)
			m = rgb
		}
		err = png.Encode(&buf, m)
	default:
		err = png.Encode(&buf, logoImage(s.w, s.h))
	}
	return buf.Bytes(), err
}

// writePhotoReport writes the photo stress report into dir (which may exist).
func writePhotoReport(dir string, big bool) error {
	src := "../testdata/stress/one-school"
	for _, f := range []string{"preface.md", "chapters/01.md", "workbooks/数据.xlsx"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			return err
		}
	}
	y, err := os.ReadFile(filepath.Join(src, "report.yaml"))
	if err != nil {
		return err
	}
	y = bytes.Replace(y, []byte("chapters: [chapters/01.md]"), []byte("chapters: [chapters/01.md, chapters/02.md]"), 1)
	if err := os.WriteFile(filepath.Join(dir, "report.yaml"), y, 0o644); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "images"), 0o755); err != nil {
		return err
	}
	var ch strings.Builder
	ch.WriteString("# 校园生活（示例数据）\n\n本章照片均为程序生成的示例图片，用于测量照片很多的报告的生成速度，不是任何学校的真实照片。\n\n")
	for i, s := range photoSpecs(big) {
		b, err := photoBytes(s, uint64(i+1))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, s.file), b, 0o644); err != nil {
			return err
		}
		if i%4 == 0 {
			fmt.Fprintf(&ch, "## 活动之%d\n\n", i/4+1)
		}
		fmt.Fprintf(&ch, "学校组织了第%d项活动，学生积极参与，活动情况见下图（示例数据）。\n\n", i+1)
		args := []string{"::: photo", fmt.Sprintf("fig-p%02d", i+1), s.file}
		if s.width != "" {
			args = append(args, s.width)
		}
		args = append(args, fmt.Sprintf("示例照片%d", i+1))
		ch.WriteString(strings.Join(args, " ") + "\n\n")
	}
	return os.WriteFile(filepath.Join(dir, "chapters/02.md"), []byte(ch.String()), 0o644)
}

// TestPhotoReport builds the photo stress report at a quarter of the pixels (or writes
// the full-size one with -photo-report): every photo is embedded, none with more than
// 1.5 times the pixels 300 dpi of its printed size needs, those with twice as many
// scaled to 300 dpi, camera photos and photographs saved as PNG as JPEG, screenshots
// and the logo lossless; two builds are byte-identical.
func TestPhotoReport(t *testing.T) {
	if *photoReportDir != "" {
		if err := writePhotoReport(*photoReportDir, true); err != nil {
			t.Fatal(err)
		}
		return
	}
	dir := t.TempDir()
	if err := writePhotoReport(dir, false); err != nil {
		t.Fatal(err)
	}
	bd := &Builder{}
	res, err := bd.Compile(context.Background(), dir, true)
	if err != nil {
		t.Fatal(err)
	}
	var pics []layout.Picture
	for _, p := range res.Book.Pages {
		for _, im := range p.Pictures {
			if strings.HasPrefix(im.Key, "fig-p") {
				pics = append(pics, im)
			}
		}
	}
	specs := photoSpecs(false)
	if len(pics) != len(specs) {
		t.Fatalf("%d photos on the pages, want %d", len(pics), len(specs))
	}
	// The image objects are written in the order the photos are first drawn (the
	// logo's soft mask just before the logo, which is last).
	imgs := regexp.MustCompile(`/Subtype /Image /Width (\d+) /Height \d+ /ColorSpace /(\w+).*?/Filter /(\w+)`).FindAllSubmatch(res.PDF, -1)
	if len(imgs) != len(specs)+1 {
		t.Fatalf("%d image objects, want %d (the photos and the logo's soft mask)", len(imgs), len(specs)+1)
	}
	imgs = append(imgs[:len(specs)-1], imgs[len(specs)])
	for i, s := range specs {
		w, _ := strconv.Atoi(string(imgs[i][1]))
		need := int(math.Ceil(pics[i].W / 25.4 * 300))
		filter := string(imgs[i][3])
		switch {
		case float64(w) > 1.5*float64(need) || w > s.w:
			t.Errorf("%s printed %.1f mm wide embedded %d pixels wide (300 dpi is %d)", s.file, pics[i].W, w, need)
		case s.w > 2*need && w > need+1:
			t.Errorf("%s (%d pixels) printed %.1f mm wide not scaled to %d: %d", s.file, s.w, pics[i].W, need, w)
		case (s.kind == "camera" || s.kind == "photopng") != (filter == "DCTDecode"):
			t.Errorf("%s embedded with %s", s.file, filter)
		}
	}
	checkDocxPhotos(t, dir, res, specs, pics)
	// Again, through a cold and then a warm image cache: the same bytes.
	cached := &Builder{PDFCache: t.TempDir()}
	for _, round := range []string{"cold cache", "warm cache"} {
		again, err := cached.Compile(context.Background(), dir, true)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(res.PDF, again.PDF) || !bytes.Equal(res.DOCX, again.DOCX) {
			t.Errorf("two builds of the photo report differ (%s)", round)
		}
	}
}

// checkDocxPhotos checks the photos of the photo report's DOCX: every XML part is
// well-formed; each photo the PDF holds as a JPEG it made (scaled, or a photograph
// given as PNG) is that same JPEG in the DOCX, no bigger than the PDF's, at the size
// the original gives and of the original's shape; every other photo (screenshots,
// the transparent logo, camera photos printed large) is the file as it is.
func checkDocxPhotos(t *testing.T, dir string, res *Result, specs []photoSpec, printed []layout.Picture) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(res.DOCX), int64(len(res.DOCX)))
	if err != nil {
		t.Fatalf("the DOCX is no zip: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parts[f.Name] = b
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			dec := xml.NewDecoder(bytes.NewReader(b))
			for {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s is not well-formed: %v", f.Name, err)
				}
			}
		}
	}
	target := map[string]string{}
	for _, m := range regexp.MustCompile(`Id="(rId\d+)" Type="[^"]*/image" Target="([^"]+)"`).FindAllStringSubmatch(string(parts["word/_rels/document.xml.rels"]), -1) {
		target[m[1]] = m[2]
	}
	type docxPic struct {
		cx, cy float64
		file   string
	}
	var pics []docxPic
	one := regexp.MustCompile(`^<wp:inline[^>]*><wp:extent cx="(\d+)" cy="(\d+)"/>.*?descr="[^"]*示例照片\d+".*?r:embed="(rId\d+)"`)
	for _, d := range strings.Split(string(parts["word/document.xml"]), "<w:drawing>")[1:] {
		m := one.FindStringSubmatch(d)
		if m == nil {
			continue
		}
		cx, _ := strconv.ParseFloat(m[1], 64)
		cy, _ := strconv.ParseFloat(m[2], 64)
		pics = append(pics, docxPic{cx, cy, "word/" + target[m[3]]})
	}
	if len(pics) != len(specs) {
		t.Fatalf("%d photos in the DOCX, want %d", len(pics), len(specs))
	}
	// The PDF's image objects in the order drawn, without the logo's soft mask.
	type pdfImage struct {
		filter string
		data   []byte
	}
	var objs []pdfImage
	for _, loc := range regexp.MustCompile(`<</Length (\d+) /Type /XObject /Subtype /Image `).FindAllSubmatchIndex(res.PDF, -1) {
		n, _ := strconv.Atoi(string(res.PDF[loc[2]:loc[3]]))
		end := bytes.Index(res.PDF[loc[1]:], []byte(">>\nstream\n"))
		dict := string(res.PDF[loc[1] : loc[1]+end])
		start := loc[1] + end + len(">>\nstream\n")
		filter := regexp.MustCompile(`/Filter /(\w+)`).FindStringSubmatch(dict)
		if filter == nil || start+n > len(res.PDF) {
			t.Fatalf("unreadable image object: %s", dict)
		}
		if !strings.Contains(dict, "/SMask") && strings.Contains(dict, "/DeviceGray") && len(objs) == len(specs)-1 {
			continue // the logo's soft mask, just before the logo
		}
		objs = append(objs, pdfImage{filter[1], res.PDF[start : start+n]})
	}
	if len(objs) != len(specs) {
		t.Fatalf("%d photo image objects in the PDF, want %d", len(objs), len(specs))
	}
	var scaled, photoPNG, kept int
	var docxBytes, origBytes int
	for i, s := range specs {
		orig, err := os.ReadFile(filepath.Join(dir, s.file))
		if err != nil {
			t.Fatal(err)
		}
		media, pi := parts[pics[i].file], objs[i]
		docxBytes, origBytes = docxBytes+len(media), origBytes+len(orig)
		made := pi.filter == "DCTDecode" && !bytes.Equal(pi.data, orig)
		switch {
		case made && (!bytes.Equal(media, pi.data) || !strings.HasSuffix(pics[i].file, ".jpeg")):
			t.Errorf("%s: the DOCX embeds %s (%d bytes), not the PDF's JPEG (%d bytes)", s.file, pics[i].file, len(media), len(pi.data))
		case !made && !bytes.Equal(media, orig):
			t.Errorf("%s: the DOCX embeds %s (%d bytes), not the file (%d bytes)", s.file, pics[i].file, len(media), len(orig))
		case len(media) > len(orig):
			t.Errorf("%s: %d bytes in the DOCX, the file has %d", s.file, len(media), len(orig))
		}
		// A camera photo is scaled when it has more than 1.5 times the pixels 300 dpi
		// of its printed size needs (the PDF decides the size: a portrait photo may
		// be shrunk to fit its page).
		needW, needH := math.Ceil(printed[i].W/25.4*300), math.Ceil(printed[i].H/25.4*300)
		big := float64(s.w) > 1.5*needW || float64(s.h) > 1.5*needH
		switch {
		case s.kind == "photopng" && made:
			photoPNG++
		case s.kind == "camera" && made && big:
			scaled++
		case s.kind == "camera" && !made && !big:
			kept++
		case (s.kind == "screen" || s.kind == "logo") && !made:
			kept++
		default:
			t.Errorf("%s (%s, %d×%d printed %.1f×%.1f mm) embedded with %s in the PDF", s.file, s.kind, s.w, s.h, printed[i].W, printed[i].H, pi.filter)
		}
		// The picture's size and shape: the original's.
		oc, _, err1 := image.DecodeConfig(bytes.NewReader(orig))
		mc, _, err2 := image.DecodeConfig(bytes.NewReader(media))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", s.file, err1, err2)
		}
		oa, ea := float64(oc.Width)/float64(oc.Height), pics[i].cx/pics[i].cy
		if math.Abs(ea/oa-1) > 0.002 {
			t.Errorf("%s: extent %.0f×%.0f EMU, shape %.4f; the file's %.4f", s.file, pics[i].cx, pics[i].cy, ea, oa)
		}
		// Each side rounded to whole pixels: within a pixel of the original's shape.
		if d := math.Abs(float64(mc.Width)/oa - float64(mc.Height)); d > 1 {
			t.Errorf("%s: embedded %d×%d, off the file's shape (%d×%d) by %.2f pixels", s.file, mc.Width, mc.Height, oc.Width, oc.Height, d)
		}
	}
	// In the quarter-size report the camera photos printed at 30 % (and one portrait
	// photo shrunk to fit its page) are scaled; the photographs saved as PNG become
	// JPEG; the screenshots, the logo and the other camera photos stay as they are.
	if scaled < 4 || photoPNG != 3 || kept < 7 || scaled+photoPNG+kept != len(specs) {
		t.Errorf("%d camera photos scaled, %d PNG photographs as JPEG, %d kept", scaled, photoPNG, kept)
	}
	t.Logf("DOCX %d bytes; its photos %d bytes, the files %d", len(res.DOCX), docxBytes, origBytes)
}

// BenchmarkCompilePhotos is a warm rebuild (PDF and DOCX) of the full-size photo
// stress report; the first build, outside the timer, warms fonts and charts.
func BenchmarkCompilePhotos(b *testing.B) {
	dir := b.TempDir()
	if err := writePhotoReport(dir, true); err != nil {
		b.Fatal(err)
	}
	bd := &Builder{ChartCache: b.TempDir(), PDFCache: b.TempDir()}
	if _, err := bd.Compile(context.Background(), dir, true); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := bd.Compile(context.Background(), dir, true)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(res.PDF)), "pdf-bytes")
		b.ReportMetric(float64(len(res.DOCX)), "docx-bytes")
	}
}
