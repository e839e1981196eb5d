package fonts

import (
	"math"
	"testing"
)

func TestLoadAndMeasure(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for role := Serif; role < numRoles; role++ {
		f := s.Face(role)
		// Han characters are one em wide in Noto CJK.
		if got := f.Advance('中', 12); math.Abs(got-12) > 0.01 {
			t.Errorf("%v: advance of 中 at 12pt = %v, want 12", role, got)
		}
		if got := f.Advance('1', 12); got <= 3 || got >= 9 {
			t.Errorf("%v: advance of 1 at 12pt = %v, want a proportional digit", role, got)
		}
		if !f.Has('株') || !f.Has('％') || !f.Has('—') {
			t.Errorf("%v: missing common characters", role)
		}
	}
	if s.Covers(Serif, '\U0001F600') {
		t.Errorf("emoji should not be covered by Noto Serif SC")
	}
	if s.Covers(Serif, '\t') {
		t.Errorf("tab must not count as printable")
	}
}

func TestExtraFontErrors(t *testing.T) {
	if _, err := Load("testdata/missing.ttf"); err == nil {
		t.Fatal("want an error for a missing font file")
	}
}
