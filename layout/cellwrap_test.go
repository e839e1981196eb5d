package layout

import (
	"testing"

	"github.com/reportc/reportc/fonts"
)

// TestColumnNeverBreaksAgainstKinsoku: a header such as 经费（万元） gets a column at
// least as wide as its widest piece under the line-start and line-end rules, so no line
// of the cell starts with “）” or ends with “（”.
func TestColumnNeverBreaksAgainstKinsoku(t *testing.T) {
	e := engine(t)
	st := Style{Role: fonts.SansBold, Size: SizeWuHao}
	us := e.cellUnits("经费（万元）", st, 1e9)
	w := widestPiece(us)
	for _, l := range e.breakCell("经费（万元）", st, w) {
		if len(l.Units) == 0 {
			continue
		}
		if first := l.Units[0].first; first == '）' {
			t.Errorf("a line starts with “）”")
		}
		if last := l.Units[len(l.Units)-1].last; last == '（' {
			t.Errorf("a line ends with “（”")
		}
	}
	if w < e.advance(st, "（万元）")-1e-6 {
		t.Errorf("widest piece %.2f mm is narrower than “（万元）”", w)
	}
}
