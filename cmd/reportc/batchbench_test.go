package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkBatchDrafts is issue 15's batch: the city booklet and the 21 school drafts
// that `draft -all` makes of it, PDF and DOCX, one `build -force` process-equivalent,
// the chart cache empty (cold) on every run. Measure CPU with -cpuprofile; the wall
// time depends on what else the machine runs.
func BenchmarkBatchDrafts(b *testing.B) {
	drafts := filepath.Join(b.TempDir(), "d")
	var errb bytes.Buffer
	if code := run([]string{"draft", "-all", example, drafts}, io.Discard, &errb); code != 0 {
		b.Fatalf("draft -all: %s", errb.String())
	}
	dirs, err := filepath.Glob(filepath.Join(drafts, "*"))
	if err != nil || len(dirs) != 21 {
		b.Fatalf("want 21 drafts, got %d (%v)", len(dirs), err)
	}
	out := b.TempDir()
	cwd, _ := os.Getwd()
	args := []string{"build", "-force", filepath.Join(cwd, example)}
	args = append(args, dirs...)
	b.Chdir(out) // outputs go to out/<name>.pdf under the temporary folder
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		b.Setenv("XDG_CACHE_HOME", b.TempDir())
		b.StartTimer()
		errb.Reset()
		if code := run(args, io.Discard, &errb); code != 0 {
			b.Fatalf("batch: %s", errb.String())
		}
	}
}

// BenchmarkBuildCommand is `reportc build -force` of the example as the command runs it
// (load, compile, PDF and DOCX, stamp, outputs replaced), all but the process start;
// charts come from the cache after the first run.
func BenchmarkBuildCommand(b *testing.B) {
	pdf := filepath.Join(b.TempDir(), "r.pdf")
	b.Setenv("XDG_CACHE_HOME", b.TempDir())
	var errb bytes.Buffer
	for i := 0; i < b.N; i++ {
		errb.Reset()
		if code := run([]string{"build", "-force", "-o", pdf, example}, io.Discard, &errb); code != 0 {
			b.Fatalf("build: %s", errb.String())
		}
	}
}
