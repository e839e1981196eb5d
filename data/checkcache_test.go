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
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// loadOutcome is what a load tells the user and gives the writers: its errors and
// warnings (in order, with their texts), the images accepted and the audit.
func loadOutcome(t *testing.T, dir string, o Options) string {
	t.Helper()
	r, err := LoadWith(dir, o)
	var b strings.Builder
	fmt.Fprintf(&b, "error: %v\n", err)
	if r == nil {
		return b.String()
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "warning: %v\n", w)
	}
	for _, name := range sortedKeys(r.Images) {
		fmt.Fprintf(&b, "image %s: %d bytes, nil %v\n", name, len(r.Images[name]), r.Images[name] == nil)
	}
	for _, label := range sortedKeys(r.Tables) {
		tb := r.Tables[label]
		fmt.Fprintf(&b, "table %s %v:", label, tb.NumericCol)
		for _, row := range tb.Rows {
			for _, c := range row {
				fmt.Fprintf(&b, " %q=%v/%v/%dx%d/%v", c.Text, c.Value, c.Numeric, c.RowSpan, c.ColSpan, c.Covered)
			}
		}
		b.WriteString("\n")
	}
	for _, label := range sortedKeys(r.Charts) {
		c := r.Charts[label]
		fmt.Fprintf(&b, "chart %s %q %+v\n", label, c.Categories, c.Series)
	}
	for _, k := range sortedKeys(r.Values) {
		fmt.Fprintf(&b, "value %s = %+v\n", k, r.Values[k])
	}
	fmt.Fprintf(&b, "audit: %d bound, %d typed, %d suggestions, %d contradictions\n",
		len(r.Audit.Bound), len(r.Audit.Typed), len(r.Audit.Suggestions), len(r.Audit.Contradictions))
	return b.String()
}

// photoReport writes a report folder whose chapter places the given photos, with the
// files given (nil: not written).
func photoReport(t *testing.T, dir string, files map[string][]byte, order []string) {
	t.Helper()
	writeAuditReport(t, dir, 2024, "总述。", "", defaultAuditSheets(2024))
	var ch strings.Builder
	ch.WriteString("# 图片\n\n正文。\n")
	for i, name := range order {
		fmt.Fprintf(&ch, "\n::: photo fig-p%d %s 照片%d\n", i, name, i)
	}
	old, err := os.ReadFile(filepath.Join(dir, "chapters/01.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "chapters/01.md"), append(old, ch.String()...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "images"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if b != nil {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 13), uint8(x ^ y), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCheckCacheSameOutcome: with a check cache, cold (empty) and warm (filled), and
// with every entry cut short, garbled, emptied or made a directory, a report loads to
// exactly the errors, warnings and images it loads to without one; a photo damaged
// after a good check is still refused (the key is the bytes), and a damaged entry is
// written again.
func TestCheckCacheSameOutcome(t *testing.T) {
	good := testPNG(t, 40, 30)
	var jb bytes.Buffer
	jpeg.Encode(&jb, image.NewGray(image.Rect(0, 0, 20, 10)), nil)
	files := map[string][]byte{
		"images/a.png":       good,
		"images/b.jpg":       jb.Bytes(),
		"images/cut.png":     good[:len(good)-30],
		"images/garbled.png": append(append([]byte(nil), good[:60]...), bytes.Repeat([]byte{0x55}, len(good)-60)...),
		"images/text.png":    []byte("not an image"),
		"images/gone.png":    nil,
	}
	// The same bad photo twice, a bad extension, and the good one again: every error as
	// often, and in the order, as before.
	order := []string{"images/a.png", "images/cut.png", "images/b.jpg", "images/garbled.png", "images/text.png",
		"images/gone.png", "images/cut.png", "images/a.gif", "images/a.png"}
	dir := t.TempDir()
	photoReport(t, dir, files, order)
	want := loadOutcome(t, dir, Options{})
	for _, s := range []string{"cut.png", "garbled.png", "text.png", "gone.png", "a.gif"} {
		if strings.Count(want, s) == 0 {
			t.Fatalf("no error names %s:\n%s", s, want)
		}
	}
	cache := filepath.Join(t.TempDir(), "checks")
	o := Options{CheckCache: cache, Version: "test"}
	if got := loadOutcome(t, dir, o); got != want {
		t.Fatalf("cold cache:\n%s\nwant\n%s", got, want)
	}
	entries, _ := filepath.Glob(filepath.Join(cache, "image-*"))
	if len(entries) != 5 { // a, b, cut, garbled, text; gone and a.gif are not read
		t.Fatalf("%d cache entries, want 5: %v", len(entries), entries)
	}
	books, _ := filepath.Glob(filepath.Join(cache, "workbook-*"))
	if len(books) != 1 {
		t.Fatalf("%d workbook entries, want 1: %v", len(books), books)
	}
	entries = append(entries, books...)
	if got := loadOutcome(t, dir, o); got != want {
		t.Fatalf("warm cache:\n%s\nwant\n%s", got, want)
	}
	damage := map[string]func([]byte) []byte{
		"cut":     func(b []byte) []byte { return b[:len(b)/2] },
		"garbled": func(b []byte) []byte { c := slices.Clone(b); c[len(c)-1] ^= 0xff; return c },
		"empty":   func([]byte) []byte { return nil },
		"no sum":  func(b []byte) []byte { return b[:len("reportc-cache\n")+5] },
		// A forged "fine" without the right checksum.
		"forged": func([]byte) []byte { return append([]byte("reportc-cache\n"), make([]byte, 32)...) },
	}
	for what, f := range damage {
		for _, e := range entries {
			b, err := os.ReadFile(e)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(e, f(b), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := loadOutcome(t, dir, o); got != want {
			t.Fatalf("%s entries:\n%s\nwant\n%s", what, got, want)
		}
		for _, e := range entries { // written again, whole
			b, _ := os.ReadFile(e)
			if _, ok := newCheckCache(o).Get(filepath.Base(e)); !ok {
				t.Fatalf("%s: entry %s not rewritten (%d bytes)", what, filepath.Base(e), len(b))
			}
		}
	}
	// An entry that cannot be read at all (a directory in its place) and a cache
	// directory that cannot be created (a file in its place).
	os.Remove(entries[0])
	os.Mkdir(entries[0], 0o755)
	if got := loadOutcome(t, dir, o); got != want {
		t.Fatalf("entry is a directory:\n%s\nwant\n%s", got, want)
	}
	blocked := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocked, nil, 0o644)
	if got := loadOutcome(t, dir, Options{CheckCache: filepath.Join(blocked, "checks")}); got != want {
		t.Fatalf("cache directory cannot be made:\n%s\nwant\n%s", got, want)
	}

	// The good photo checked and cached, then damaged in place: refused as without a
	// cache.
	os.WriteFile(filepath.Join(dir, "images/a.png"), good[:len(good)-1], 0o644)
	want2 := loadOutcome(t, dir, Options{})
	if want2 == want || !strings.Contains(want2, "a.png") {
		t.Fatalf("damaging a.png changed nothing:\n%s", want2)
	}
	if got := loadOutcome(t, dir, o); got != want2 {
		t.Fatalf("after a.png was damaged:\n%s\nwant\n%s", got, want2)
	}
	// Another program version does not read this one's entries.
	if newCheckCache(Options{CheckCache: cache, Version: "a"}).Key("image", good) == newCheckCache(Options{CheckCache: cache, Version: "b"}).Key("image", good) {
		t.Fatal("the key does not depend on the version")
	}
}

// TestCheckCacheExample: the example loads to the same outcome with a cold and a warm
// cache as without, and each of its photos and its seal has an entry.
func TestCheckCacheExample(t *testing.T) {
	want := loadOutcome(t, "2024", Options{})
	cache := t.TempDir()
	o := Options{CheckCache: cache}
	for _, what := range []string{"cold", "warm"} {
		if got := loadOutcome(t, "2024", o); got != want {
			t.Fatalf("%s cache:\n%s\nwant\n%s", what, got, want)
		}
	}
	entries, _ := filepath.Glob(filepath.Join(cache, "image-*"))
	r, _ := Load("2024")
	n := 0
	for _, b := range r.Images {
		if b != nil {
			n++
		}
	}
	if len(entries) < n || n < 30 {
		t.Fatalf("%d entries for %d images", len(entries), n)
	}
}

// TestCheckCacheWorkbookProblems: a workbook with formulas saved without their results
// (in a table, a chart, the 数值 sheet and a [=Sheet!C5] reference), a number too big,
// text in a numeric column and merged cells, some overlapping, loads to the same errors
// in the same order with a cold, a warm and a damaged cache as without; a question the
// record does not hold (a new reference in the text) is answered from the workbook.
func TestCheckCacheWorkbookProblems(t *testing.T) {
	s := defaultAuditSheets(2024)
	s.index = append(s.index, []any{"tab-odd", "表格", "杂项", "杂项表", "", 1, "", "", ""})
	s.sheets["杂项"] = [][]any{
		{"项目", "数量", "金额"},
		{"甲", 1, 2},
		{"乙", nil, 3e300},
		{"丙", "很多", 4},
		{"丁", 5, nil},
		{"戊", 6, 7},
	}
	dir := t.TempDir()
	writeAuditReport(t, dir, 2024, "总述。在校生[=杂项!B3]人，金额[=杂项!C5]元。", "", s)
	f, err := excelize.OpenFile(filepath.Join(dir, "workbooks/数据.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellFormula("杂项", "B3", "B2*2")
	f.SetCellFormula("杂项", "C5", "C2+1")
	f.MergeCell("杂项", "A5", "A6")
	f.MergeCell("杂项", "B6", "C6")
	idx, _ := f.NewSheet(ValuesSheet)
	_ = idx
	setRows(f, ValuesSheet, [][]any{{"名称", "数值"}, {"学校数", 12}, {"空值", nil}})
	f.SetCellFormula(ValuesSheet, "B3", "B2+1")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	want := loadOutcome(t, dir, Options{})
	_, werr := Load(dir)
	for _, frag := range []string{"B3", "C5", "C3", "很多"} {
		if werr == nil || !strings.Contains(werr.Error(), frag) {
			t.Fatalf("no error names %s: %v", frag, werr)
		}
	}
	cache := t.TempDir()
	o := Options{CheckCache: cache}
	for _, what := range []string{"cold", "warm"} {
		if got := loadOutcome(t, dir, o); got != want {
			t.Fatalf("%s cache:\n%s\nwant\n%s", what, got, want)
		}
	}
	books, _ := filepath.Glob(filepath.Join(cache, "workbook-*"))
	if len(books) != 1 {
		t.Fatalf("%d workbook entries: %v", len(books), books)
	}
	for _, e := range books {
		b, _ := os.ReadFile(e)
		os.WriteFile(e, b[:len(b)*2/3], 0o644)
	}
	if got := loadOutcome(t, dir, o); got != want {
		t.Fatalf("cut cache entry:\n%s\nwant\n%s", got, want)
	}
	// A reference the record has not seen: read from the workbook, and the same as
	// without a cache.
	ch := filepath.Join(dir, "chapters/01.md")
	b, _ := os.ReadFile(ch)
	os.WriteFile(ch, append(b, "\n另有[=杂项!B4]项，[=数值!B3]。\n"...), 0o644)
	want2 := loadOutcome(t, dir, Options{})
	if want2 == want {
		t.Fatal("the new references changed nothing")
	}
	for range 2 {
		if got := loadOutcome(t, dir, o); got != want2 {
			t.Fatalf("new reference:\n%s\nwant\n%s", got, want2)
		}
	}
}
