package data

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFontPos(t *testing.T) {
	dir := t.TempDir()
	yml := "title: 测试\nsettings:\n  draft: true\n  fonts:\n    - a.ttf\n    - b.ttf\n"
	if err := os.WriteFile(filepath.Join(dir, "report.yaml"), []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &Report{Dir: dir}
	for i, want := range []int{5, 6} {
		if got := r.FontPos(i); got.File != "report.yaml" || got.Line != want {
			t.Errorf("FontPos(%d) = %+v, want line %d", i, got, want)
		}
	}
	os.WriteFile(filepath.Join(dir, "report.yaml"), []byte("settings:\n  fonts: [a.ttf, b.ttf]\n"), 0o644)
	if got := r.FontPos(1); got.Line != 2 {
		t.Errorf("flow sequence: FontPos(1) = %+v, want line 2", got)
	}
}
