package data

import (
	"strings"
	"testing"
)

// Cases found by the adversarial review of issue #8 (hostile input), after the merges.

type coversAll struct{}

func (coversAll) CoversText(rune, bool) bool { return true }

// TestCheckFontsInvisibleAndCombining: characters the fonts have but that do not print
// as typed are errors with their place. A combining mark (e + U+0301) was drawn beside
// its base letter, not over it; a soft hyphen printed as a visible hyphen mid-line; the
// format characters (zero-width joiner, right-to-left override) are invisible.
func TestCheckFontsInvisibleAndCombining(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"e\u0301变音", "“é”"},
		{"a\u0338b", "U+0338"},
		{"异体\ufe0f字", "U+FE0F"},
		{"soft\u00adhyphen", "U+00AD"},
		{"家\u200d庭", "U+200D"},
		{"正\u202e反", "U+202E"},
		{"零\u200b宽", "U+200B"},
	} {
		r := &Report{}
		r.Meta.Title = c.text
		err := r.CheckFonts(coversAll{})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "report.yaml") {
			t.Errorf("%q: %v, want an error at report.yaml naming %s", c.text, err, c.want)
		}
	}
	r := &Report{}
	r.Meta.Title = "é 已合成，ā 拼音，全角　空格"
	if err := r.CheckFonts(coversAll{}); err != nil {
		t.Errorf("precomposed text: %v", err)
	}
}
