package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Cases found by the adversarial review of issue #8 (hostile input), after the merges.

// TestOutputNotRegularFile: -o naming an existing device, FIFO or socket is refused. The
// atomic rename would otherwise replace the node itself: `-o /dev/null` turned /dev/null
// into a regular file holding the PDF (and wrote /dev/null.docx). A FIFO stands in for a
// device here, so that a failure cannot damage the machine.
func TestOutputNotRegularFile(t *testing.T) {
	dir := newReport(t, t.TempDir(), "r")
	out := t.TempDir()
	fifo := filepath.Join(out, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, args := range [][]string{
		{"build", "-o", fifo, dir},
		{"build", "-o", filepath.Join(out, "x.pdf"), "-docx", fifo, dir},
	} {
		var stdout, stderr bytes.Buffer
		code := run(args, &stdout, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), "不是普通文件") || !strings.Contains(stderr.String(), fifo) {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
		st, err := os.Lstat(fifo)
		if err != nil || st.Mode()&os.ModeNamedPipe == 0 {
			t.Fatalf("%v: the FIFO was replaced (%v)", args, err)
		}
	}
	if names := listDir(t, out); len(names) != 1 {
		t.Errorf("output folder holds %v, want only the FIFO", names)
	}
}
