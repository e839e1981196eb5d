package data

import "testing"

// BenchmarkLoadExample reads and checks the example report with no check cache: the
// cost of a first build (make bench; never timed in tests).
func BenchmarkLoadExample(b *testing.B) {
	for b.Loop() {
		if _, err := Load("2024"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadExampleWarm is the same with a filled check cache: a rebuild.
func BenchmarkLoadExampleWarm(b *testing.B) {
	o := Options{CheckCache: b.TempDir()}
	if _, err := LoadWith("2024", o); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := LoadWith("2024", o); err != nil {
			b.Fatal(err)
		}
	}
}
