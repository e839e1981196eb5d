package pdf

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/layout"
)

// TestLandscapePage: a landscape page gets a landscape media box over its content and
// is turned a quarter turn; its text is still extracted whole.
func TestLandscapePage(t *testing.T) {
	b := tinyBook(t)
	st := layout.Style{Role: fonts.Sans, Size: 9}
	p := b.Pages[3]
	p.Landscape = true
	p.Texts = append(p.Texts, layout.Glyphs{X: 260, Y: 150, W: 20, Text: "横排右下", Style: st})
	a, err := Write(b, Info{Title: "测试", Created: time.Date(2025, 2, 19, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(a), "/MediaBox [0 246.61 841.89 841.89] /Rotate 270") {
		t.Error("no landscape media box with /Rotate 270")
	}
	path := filepath.Join(t.TempDir(), "t.pdf")
	os.WriteFile(path, a, 0o644)
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || strings.Contains(string(out), "WARNING") {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command("pdftotext", "-f", "4", "-l", "4", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "横排右下") {
		t.Errorf("text at the landscape page's far corner is lost: %q", out)
	}
	info, _ := exec.Command("pdfinfo", "-f", "4", "-l", "4", path).Output()
	if !strings.Contains(string(info), "rot:   270") || !strings.Contains(string(info), "841.89 x 595.28") {
		t.Errorf("page 4 not rotated:\n%s", info)
	}
}
