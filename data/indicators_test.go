package data

import (
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// naiveIndicators is the audit's first way of finding indicator words, one
// strings.Contains per word: the reference the index must agree with.
func naiveIndicators(s string) []string {
	var out []string
	for _, w := range indicatorWords {
		if strings.Contains(s, w) {
			out = append(out, w)
		}
	}
	return out
}

// words lists the words of s in the order of the index's list.
func (ix *wordIndex) words(s wordSet) []string {
	var out []string
	for i, w := range s {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			w &^= 1 << b
			out = append(out, ix.list[i*64+b])
		}
	}
	return out
}

func sameIndicators(t *testing.T, s string) {
	t.Helper()
	set := indicators.in(s)
	got, want := indicators.words(set), naiveIndicators(s)
	if !slices.Equal(got, want) {
		t.Fatalf("indicators in %q: index %q, naive %q", s, got, want)
	}
	if set.count() != len(want) || set.empty() != (len(want) == 0) {
		t.Fatalf("indicators in %q: count %d empty %v, want %d", s, set.count(), set.empty(), len(want))
	}
}

// TestIndicatorIndex: the index finds exactly the words the naive search finds, in the
// same order, in every text and data label of the example and in random texts made of
// pieces of the words, other characters and broken UTF-8.
func TestIndicatorIndex(t *testing.T) {
	if len(indicatorWords) > maxIndicatorWords {
		t.Fatalf("%d indicator words, a wordSet holds %d", len(indicatorWords), maxIndicatorWords)
	}
	r, err := Load("2024")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	r.Texts(func(it TextItem) { sameIndicators(t, it.Text); n++ })
	for _, g := range r.grids {
		sameIndicators(t, g.caption)
		for _, row := range g.rows {
			sameIndicators(t, row.group+row.label)
			for _, c := range row.cells {
				sameIndicators(t, plainTeacher(row.group+row.label+g.colName(c)+g.colGroup(c)))
				n++
			}
		}
	}
	for _, f := range r.Audit.Typed {
		sameIndicators(t, f.Context)
		sameIndicators(t, f.Clause)
		sameIndicators(t, f.Since)
		n++
	}
	if n < 1000 {
		t.Fatalf("only %d texts of the example compared", n)
	}
	rng := rand.New(rand.NewPCG(15, 2024))
	pieces := []string{"，", "总", "数", "a", "\xe6", "\x80", "\xff", "专任", "课", "在校", "奖", "一等", "三", "业", "产业"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			switch rng.IntN(3) {
			case 0:
				w := indicatorWords[rng.IntN(len(indicatorWords))]
				rs := []rune(w)
				i := rng.IntN(len(rs))
				j := i + rng.IntN(len(rs)-i) + 1
				b.WriteString(string(rs[i:j])) // a word or a piece of one
			case 1:
				b.WriteString(pieces[rng.IntN(len(pieces))])
			default:
				w := indicatorWords[rng.IntN(len(indicatorWords))]
				b.WriteString(w[:rng.IntN(len(w)+1)]) // cut anywhere, even inside a character
			}
		}
		sameIndicators(t, b.String())
	}
	sameIndicators(t, "")
	sameIndicators(t, strings.Join(indicatorWords, ""))
}
