package sign

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadKeyNotRegularFile: --sign /dev/zero read forever and a FIFO blocked; both are
// refused at once (found by the adversarial review of issue #8).
func TestLoadKeyNotRegularFile(t *testing.T) {
	tmp := t.TempDir()
	fifo := filepath.Join(tmp, "key.pem")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, p := range []string{fifo, tmp} {
		done := make(chan error, 1)
		go func() {
			_, _, err := LoadKey(p, "", func() (string, error) { return "", nil })
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "不是普通文件") {
				t.Errorf("LoadKey(%s) = %v", p, err)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("LoadKey(%s) blocked", p)
		}
	}
}
