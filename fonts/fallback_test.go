package fonts

import (
	"os"
	"testing"
)

// DejaVu Sans is a TrueType font from Debian's fonts-dejavu-core (make deps installs it).
const dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

func TestFallbackFont(t *testing.T) {
	if _, err := os.Stat(dejavu); err != nil {
		t.Fatalf("%s missing; run `make deps`", dejavu)
	}
	s, err := Load(dejavu)
	if err != nil {
		t.Fatal(err)
	}
	const knight = '♘' // U+2658: in DejaVu Sans, not in Noto SC
	if s.Face(Serif).Has(knight) {
		t.Fatal("test premise broken: Noto Serif SC has U+2658")
	}
	if got := s.FallbackIndex(Serif, knight); got != 1 {
		t.Errorf("FallbackIndex = %d, want 1", got)
	}
	if got := s.FallbackIndex(Serif, '中'); got != 0 {
		t.Errorf("FallbackIndex(中) = %d, want 0", got)
	}
	if !s.Covers(Sans, knight) || s.StyleFace(Sans, 1) != s.Fallbacks()[0] {
		t.Error("fallback face not used")
	}
}
