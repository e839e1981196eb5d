package data

import (
	"math/bits"
	"strings"
	"unicode/utf8"
)

// The typed-number audit asks, for every figure of the text and every data cell, which
// indicator words stand in a piece of text. Doing that as one strings.Contains per word
// was a fifth of reading the example; wordIndex finds them all in one pass over the
// text, looking up each character among the words' first characters.

// wordSet is a set of indicator words, bit i standing for indicatorWords[i].
type wordSet [4]uint64

// maxIndicatorWords is how many words a wordSet holds.
const maxIndicatorWords = len(wordSet{}) * 64

func (s wordSet) empty() bool { return s == wordSet{} }

// subsetOf says whether every word of s is in t.
func (s wordSet) subsetOf(t wordSet) bool {
	for i := range s {
		if s[i]&^t[i] != 0 {
			return false
		}
	}
	return true
}

func (s wordSet) union(t wordSet) wordSet {
	for i := range s {
		s[i] |= t[i]
	}
	return s
}

// count is the number of words in s.
func (s wordSet) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// wordIndex finds the words of a fixed list in a text. It is built once and only read
// afterwards, so it may be shared.
type wordIndex struct {
	list  []string
	first map[rune][]int // first character -> indexes of the words that begin with it
}

// newWordIndex indexes list, which may hold at most maxIndicatorWords words; words
// beyond that are never found (TestIndicatorIndex keeps the list within it).
func newWordIndex(list []string) *wordIndex {
	ix := &wordIndex{list: list, first: map[rune][]int{}}
	for i, w := range list {
		if w == "" || i >= maxIndicatorWords {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		ix.first[r] = append(ix.first[r], i)
	}
	return ix
}

// in returns the set of the list's words that occur in s (a word inside a longer one
// that is also there counts too, as strings.Contains would find it).
func (ix *wordIndex) in(s string) wordSet {
	var set wordSet
	for i, r := range s {
		for _, wi := range ix.first[r] {
			if set[wi/64]&(1<<(wi%64)) == 0 && strings.HasPrefix(s[i:], ix.list[wi]) {
				set[wi/64] |= 1 << (wi % 64)
			}
		}
	}
	return set
}

// indicators is the index of indicatorWords.
var indicators = newWordIndex(indicatorWords)
