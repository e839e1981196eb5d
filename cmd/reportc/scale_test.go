package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/sections"
)

// TestScale measures check and build time for a long paragraph, many headings and a long
// table at three sizes each, to show the time grows linearly. It only runs when
// REPORTC_SCALE is set (it takes minutes): REPORTC_SCALE=1 go test -run TestScale -v
// ./cmd/reportc. REPORTC_SCALE=build also runs the whole build (layout, PDF); with
// REPORTC_SCALE_TABLE=build the tables are then 5000, 10000 and 20000 rows.
func TestScale(t *testing.T) {
	if os.Getenv("REPORTC_SCALE") == "" {
		t.Skip("set REPORTC_SCALE=1 to measure")
	}
	build := os.Getenv("REPORTC_SCALE") == "build"
	measure := func(name string, n int, setup func(dir string, n int)) {
		dir := hostileBase(t)
		setup(dir, n)
		start := cpuTime()
		rep, err := data.Load(dir)
		if err != nil {
			t.Fatalf("%s %d: %v", name, n, err)
		}
		load := cpuTime() - start
		if _, err := sections.Build(rep); err != nil {
			t.Fatalf("%s %d: %v", name, n, err)
		}
		tree := cpuTime() - start
		msg := fmt.Sprintf("%-10s n=%-7d CPU time: load %6.2fs  load+sections %6.2fs", name, n, load.Seconds(), tree.Seconds())
		if build {
			var out, errb bytes.Buffer
			pdf := filepath.Join(t.TempDir(), "r.pdf")
			s := cpuTime()
			if code := run([]string{"build", "-docx", "-", "-o", pdf, dir}, &out, &errb); code != 0 {
				t.Fatalf("%s %d: %s", name, n, errb.String())
			}
			msg += fmt.Sprintf("  build %6.2fs", (cpuTime() - s).Seconds())
		}
		t.Log(msg)
	}
	para := func(dir string, n int) {
		s := strings.Repeat("职业教育质量年度报告ABC 123，", n/40+1)[:n]
		for !strings.HasSuffix(s, "，") { // whole characters only
			s = s[:len(s)-1]
		}
		appendTo(t, filepath.Join(dir, "chapters/01.md"), "\n"+s+"\n")
	}
	heads := func(dir string, n int) {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "\n## 标题%d\n\n正文%d。\n", i, i)
		}
		appendTo(t, filepath.Join(dir, "chapters/01.md"), b.String())
	}
	rows := func(dir string, n int) {
		writeBook(t, filepath.Join(dir, "workbooks/book.xlsx"), func(f *excelize.File) {
			sw, err := f.NewStreamWriter("表")
			if err != nil {
				t.Fatal(err)
			}
			sw.SetRow("A1", []any{"学校", "在校生", "毕业生"})
			for i := range n {
				cell, _ := excelize.CoordinatesToCellName(1, i+2)
				sw.SetRow(cell, []any{fmt.Sprintf("学校%d", i), i, i % 97})
			}
			if err := sw.Flush(); err != nil {
				t.Fatal(err)
			}
		})
	}
	if os.Getenv("REPORTC_SCALE_TABLE") == "" {
		for _, n := range []int{256 << 10, 512 << 10, 1 << 20} {
			measure("paragraph", n, para)
		}
		for _, n := range []int{2500, 5000, 10000} {
			measure("headings", n, heads)
		}
	}
	for _, n := range tableSizes() {
		measure("table", n, rows)
	}
}

func tableSizes() []int {
	switch os.Getenv("REPORTC_SCALE_TABLE") {
	case "small":
		return []int{5000}
	case "build":
		return []int{5000, 10000, 20000}
	}
	return []int{25000, 50000, 100000}
}

// cpuTime is the process's user+system CPU time: on a shared machine it measures the work
// done, where wall time measures the neighbours too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
