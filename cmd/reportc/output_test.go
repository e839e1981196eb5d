package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/reportc/reportc/build"
)

// newReport makes a small report folder with `reportc new` and returns it.
func newReport(t *testing.T, parent, name string) string {
	t.Helper()
	dir := filepath.Join(parent, name)
	var out, errb bytes.Buffer
	if code := run([]string{"new", "-year", "2025", dir}, &out, &errb); code != 0 {
		t.Fatalf("new: %s", errb.String())
	}
	return dir
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestFlagsAfterFolder: flags may follow the folder in every subcommand.
func TestFlagsAfterFolder(t *testing.T) {
	tmp := t.TempDir()
	var out, errb bytes.Buffer
	dir := filepath.Join(tmp, "r")
	if code := run([]string{"new", dir, "-year", "2023", "-issuer", "某县教育局"}, &out, &errb); code != 0 {
		t.Fatalf("new with flags after the folder: %d %s", code, errb.String())
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "report.yaml")); !strings.Contains(string(b), "year: 2023") || !strings.Contains(string(b), "某县教育局") {
		t.Errorf("new ignored flags after the folder:\n%s", b)
	}
	pdfPath := filepath.Join(tmp, "x.pdf")
	if code := run([]string{"build", dir, "-o", pdfPath, "-docx", "-"}, &out, &errb); code != 0 {
		t.Fatalf("build with -o after the folder: %d %s", code, errb.String())
	}
	if _, err := os.Stat(pdfPath); err != nil {
		t.Error("-o after the folder was not used")
	}
	if _, err := os.Stat(filepath.Join(tmp, "x.docx")); err == nil {
		t.Error("-docx - after the folder was not used")
	}
	if code := run([]string{"check", dir, "--help"}, &out, &errb); code != 0 {
		t.Errorf("check DIR --help exited %d", code)
	}
	d := filepath.Join(tmp, "draft")
	if code := run([]string{"draft", example, d, "-school", "醴陵"}, &out, &errb); code != 0 {
		t.Fatalf("draft with -school after the folders: %d %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "学校：醴陵市陶瓷烟花职业技术学校") {
		t.Errorf("draft did not say which school 醴陵 is: %s", out.String())
	}
	// After "--" everything is a folder, even what looks like a flag.
	if code := run([]string{"check", "--", "-o"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "报告目录 -o 不存在") {
		t.Errorf("check -- -o: %d %s", code, errb.String())
	}
}

// TestMissingFolder names the folder instead of a missing report.yaml.
func TestMissingFolder(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "2099")
	for _, cmd := range [][]string{{"check", missing}, {"build", "-o", filepath.Join(t.TempDir(), "x.pdf"), missing}, {"placeholders", missing}, {"draft", "-school", "x", missing, filepath.Join(t.TempDir(), "d")}} {
		var out, errb bytes.Buffer
		if code := run(cmd, &out, &errb); code != 1 || !strings.Contains(errb.String(), "报告目录 "+missing+" 不存在") {
			t.Errorf("%s: exit %d, %q", cmd[0], code, errb.String())
		}
	}
}

// TestBatchSameNames: folders that share a name would overwrite each other's outputs:
// refused before anything is built.
func TestBatchSameNames(t *testing.T) {
	tmp := t.TempDir()
	a := newReport(t, filepath.Join(tmp, "a"), "2025")
	b := newReport(t, filepath.Join(tmp, "b"), "2025")
	t.Chdir(t.TempDir())
	var out, errb bytes.Buffer
	code := run([]string{"build", a, b}, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), a) || !strings.Contains(errb.String(), b) || !strings.Contains(errb.String(), filepath.Join("out", "2025.pdf")) {
		t.Errorf("exit %d, %q", code, errb.String())
	}
	if names := listDir(t, "."); len(names) != 0 {
		t.Errorf("a refused batch wrote %v", names)
	}
	// The same folder twice is the same clash.
	if code := run([]string{"build", a, a + "/"}, &out, &errb); code != 2 {
		t.Errorf("the same folder twice: exit %d", code)
	}
}

// TestBuildDotUsesFolderName: `reportc build .` writes out/<folder>.pdf, not out/..pdf.
func TestBuildDotUsesFolderName(t *testing.T) {
	dir := newReport(t, t.TempDir(), "某县2025")
	t.Chdir(dir)
	var out, errb bytes.Buffer
	if code := run([]string{"build", "."}, &out, &errb); code != 0 {
		t.Fatalf("build .: %s", errb.String())
	}
	for _, name := range []string{"某县2025.pdf", "某县2025.docx"} {
		if _, err := os.Stat(filepath.Join("out", name)); err != nil {
			t.Errorf("out/%s not written (out/ holds %v)", name, listDir(t, "out"))
		}
	}
}

// TestOutputIsInputRefused: the command refuses -o or -docx naming a report file and
// -o equal to -docx, exit 1, input untouched.
func TestOutputIsInputRefused(t *testing.T) {
	dir := newReport(t, t.TempDir(), "r")
	yamlPath := filepath.Join(dir, "report.yaml")
	before, _ := os.ReadFile(yamlPath)
	other := filepath.Join(t.TempDir(), "x.pdf")
	for _, args := range [][]string{
		{"build", "-o", yamlPath, dir},
		{"build", "-o", other, "-docx", filepath.Join(dir, "chapters", "01.md"), dir},
		{"build", "-o", other, "-docx", other, dir},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 1 || !strings.Contains(errb.String(), "错误: ") {
			t.Errorf("%v: exit %d, %q", args, code, errb.String())
		}
	}
	if after, _ := os.ReadFile(yamlPath); !bytes.Equal(before, after) {
		t.Error("report.yaml was overwritten")
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("a refused build wrote its PDF")
	}
}

// TestDraftSchoolMatch: no school and several schools are errors that say so.
func TestDraftSchoolMatch(t *testing.T) {
	for school, want := range map[string]string{
		"不存在的学校": "没有名为 “不存在的学校” 的学校",
		"职业技术学校": "对应多所学校",
	} {
		var out, errb bytes.Buffer
		d := filepath.Join(t.TempDir(), "d")
		if code := run([]string{"draft", "-school", school, example, d}, &out, &errb); code != 1 || !strings.Contains(errb.String(), want) || !strings.Contains(errb.String(), "醴陵市陶瓷烟花职业技术学校") {
			t.Errorf("%s: exit %d, %q", school, code, errb.String())
		}
		if _, err := os.Stat(d); err == nil {
			t.Errorf("%s: the draft folder was created", school)
		}
	}
}

// TestHelperProcess is not a test: it runs the command's main in a child process for
// TestInterruptLeavesPreviousPair.
func TestHelperProcess(t *testing.T) {
	if os.Getenv("REPORTC_HELPER_PROCESS") != "1" {
		return
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i:]
			break
		}
	}
	os.Args = args // "--" stands in for the program name
	main()
}

// TestInterruptLeavesPreviousPair sends SIGINT, and then SIGTERM, to a real reportc
// process in the middle of a build: it exits 130, says so, leaves the previous PDF and
// DOCX as they were and no temporary file behind.
func TestInterruptLeavesPreviousPair(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		outDir := t.TempDir()
		pdfPath, docxPath := filepath.Join(outDir, "r.pdf"), filepath.Join(outDir, "r.docx")
		os.WriteFile(pdfPath, []byte("old pdf"), 0o644)
		os.WriteFile(docxPath, []byte("old docx"), 0o644)
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "--", "build", "-o", pdfPath, example)
		cmd.Env = append(os.Environ(), "REPORTC_HELPER_PROCESS=1", "XDG_CACHE_HOME="+t.TempDir())
		var errb bytes.Buffer
		cmd.Stderr = &errb
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The first line says the build has started; the example takes far longer to
		// build than the signal takes to arrive.
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		if !strings.Contains(line, "正在生成") {
			cmd.Process.Kill()
			t.Fatalf("child printed %q", line)
		}
		cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err = <-done:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Fatal("the interrupted build did not stop")
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
			t.Errorf("%v: exit %v, want %d; stderr %q", sig, err, exitInterrupted, errb.String())
		}
		if !strings.Contains(errb.String(), "已中断") {
			t.Errorf("%v: stderr %q", sig, errb.String())
		}
		if b, _ := os.ReadFile(pdfPath); string(b) != "old pdf" {
			t.Errorf("%v: the previous PDF was replaced", sig)
		}
		if b, _ := os.ReadFile(docxPath); string(b) != "old docx" {
			t.Errorf("%v: the previous DOCX was replaced", sig)
		}
		if names := listDir(t, outDir); len(names) != 2 {
			t.Errorf("%v: output folder holds %v", sig, names)
		}
	}
}

// TestHostileOutputCorpus runs every command line of testdata/hostile/output/cases.txt
// and checks its exit code and message, that it did not panic, took bounded time, and
// left the report folder and the previous outputs as they were.
func TestHostileOutputCorpus(t *testing.T) {
	src, err := os.ReadFile("../../testdata/hostile/output/cases.txt")
	if err != nil {
		t.Fatal(err)
	}
	exampleAbs, _ := filepath.Abs(example)
	n := 0
	for _, line := range strings.Split(string(src), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, " | ")
		if len(f) != 4 {
			t.Fatalf("bad case line %q", line)
		}
		n++
		name, want, fragment, argLine := f[0], f[1], f[2], f[3]
		t.Run(name, func(t *testing.T) {
			dir := newReport(t, t.TempDir(), "r")
			out := t.TempDir()
			os.WriteFile(filepath.Join(out, "old.pdf"), []byte("old pdf"), 0o644)
			os.WriteFile(filepath.Join(out, "old.docx"), []byte("old docx"), 0o644)
			before := snapshotFiles(t, dir)
			expand := strings.NewReplacer("DIR", dir, "OUT", out, "EXAMPLE", exampleAbs)
			args := strings.Fields(expand.Replace(argLine))
			fragment = expand.Replace(fragment)
			var stdout, stderr bytes.Buffer
			start := time.Now()
			code := run(args, &stdout, &stderr)
			if d := time.Since(start); d > 60*time.Second {
				t.Errorf("took %v", d)
			}
			if wantCode, err := strconv.Atoi(want); err != nil || code != wantCode {
				t.Errorf("exit %d, want %s; stderr %q", code, want, stderr.String())
			}
			msg := stderr.String()
			if code == 0 {
				msg = stdout.String()
			}
			if !strings.Contains(msg, fragment) {
				t.Errorf("message %q lacks %q", msg, fragment)
			}
			if strings.Contains(stderr.String(), "内部错误") || strings.Contains(stderr.String(), ".reportc-") {
				t.Errorf("stderr %q", stderr.String())
			}
			after := snapshotFiles(t, dir)
			for p, b := range before {
				if after[p] != b {
					t.Errorf("%s changed or disappeared", p)
				}
			}
			for p := range after {
				if _, ok := before[p]; !ok {
					t.Errorf("%s appeared in the report folder", p)
				}
			}
			if b, _ := os.ReadFile(filepath.Join(out, "old.pdf")); string(b) != "old pdf" {
				t.Error("old.pdf was replaced")
			}
			if b, _ := os.ReadFile(filepath.Join(out, "old.docx")); string(b) != "old docx" {
				t.Error("old.docx was replaced")
			}
			for _, e := range listDir(t, out) {
				if strings.HasPrefix(e, ".") {
					t.Errorf("temporary file %s left behind", e)
				}
			}
		})
	}
	if n < 15 {
		t.Errorf("only %d cases", n)
	}
}

func snapshotFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

// TestInternalErrorMessage: a panic caught by package build is printed as one message,
// without the "错误:" list format, and with the stack only when REPORTC_TRACE is set.
func TestInternalErrorMessage(t *testing.T) {
	err := &build.InternalError{Dir: "data/2024", Value: "index out of range", Stack: []byte("goroutine 1 [running]:")}
	var b bytes.Buffer
	printErr(&b, err)
	if lines := strings.Split(strings.TrimSpace(b.String()), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "内部错误：index out of range（报告目录 data/2024）") || !strings.Contains(lines[0], "没有写任何输出") {
		t.Errorf("printed %q", b.String())
	}
	t.Setenv("REPORTC_TRACE", "1")
	b.Reset()
	printErr(&b, err)
	if !strings.Contains(b.String(), "goroutine 1") {
		t.Errorf("REPORTC_TRACE=1 printed no stack: %q", b.String())
	}
}

// TestBatchSummary: a batch over two years and a broken folder builds the two, names
// the broken one with its first error in the summary and exits 1; a second run finds
// both unchanged; -force rebuilds them.
func TestBatchSummary(t *testing.T) {
	root := t.TempDir()
	a := newReport(t, filepath.Join(root, "data"), "2024")
	b := newReport(t, filepath.Join(root, "data"), "2025")
	bad := filepath.Join(root, "data", "broken")
	os.MkdirAll(bad, 0o755)
	t.Chdir(root)
	runBatch := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(append([]string{"build"}, args...), &out, &errb)
		return code, out.String(), errb.String()
	}
	code, out, errs := runBatch(a, bad, b)
	if code != 1 || !strings.Contains(out, "共 3 个报告：生成 2，未变 0，失败 1。") || !strings.Contains(errs, "失败 "+bad+"：report.yaml: 读不到报告设置文件") {
		t.Errorf("first run: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runBatch(a, b)
	if code != 0 || !strings.Contains(out, "共 2 个报告：生成 0，未变 2，失败 0。") {
		t.Errorf("second run: exit %d\n%s", code, out)
	}
	code, out, _ = runBatch("-force", a, b)
	if code != 0 || !strings.Contains(out, "共 2 个报告：生成 2，未变 0，失败 0。") {
		t.Errorf("forced run: exit %d\n%s", code, out)
	}
}

// lockedBuffer is a bytes.Buffer safe to read while a command writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestWatch: watch builds, rebuilds on a change, keeps the last good PDF while the
// folder has an error, and stops when cancelled.
func TestWatch(t *testing.T) {
	dir := newReport(t, t.TempDir(), "r")
	pdfPath := filepath.Join(dir, "out.pdf") // inside the folder: must not retrigger
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- runContext(ctx, []string{"watch", "-interval", "50ms", "-docx", "-", "-o", pdfPath, dir}, &stdout, &stderr)
	}()
	waitFor := func(what string, n int) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for strings.Count(stdout.String()+stderr.String(), what) < n {
			if time.Now().After(deadline) {
				t.Fatalf("waited for %d × %q; stdout:\n%s\nstderr:\n%s", n, what, stdout.String(), stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("已生成", 1)
	good, _ := os.ReadFile(pdfPath)
	time.Sleep(300 * time.Millisecond)
	if n := strings.Count(stdout.String(), "已生成"); n != 1 {
		t.Errorf("the output inside the folder retriggered builds: %d builds", n)
	}
	ch := filepath.Join(dir, "chapters", "01.md")
	src, _ := os.ReadFile(ch)
	os.WriteFile(ch, append(append([]byte{}, src...), "\n见[@tab-nope]。\n"...), 0o644)
	waitFor("tab-nope", 1)
	if b, _ := os.ReadFile(pdfPath); !bytes.Equal(b, good) {
		t.Error("a failed rebuild replaced the PDF")
	}
	os.WriteFile(ch, append(append([]byte{}, src...), "\n新的一段。\n"...), 0o644)
	waitFor("已生成", 2)
	if b, _ := os.ReadFile(pdfPath); bytes.Equal(b, good) || len(b) < 1000 {
		t.Error("the fixed folder's PDF was not replaced")
	}
	cancel()
	select {
	case code := <-exit:
		if code != 0 || !strings.Contains(stdout.String(), "已停止监视") {
			t.Errorf("exit %d, stdout %q", code, stdout.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("watch did not stop when cancelled")
	}
}

// TestHelpNewSubcommands: watch and draft have --help too, exit 0.
func TestHelpNewSubcommands(t *testing.T) {
	for _, cmd := range []string{"watch", "draft"} {
		var out, errb bytes.Buffer
		if code := run([]string{cmd, "--help"}, &out, &errb); code != 0 || !strings.Contains(errb.String(), "用法: reportc "+cmd) {
			t.Errorf("%s --help: exit %d, %q", cmd, code, errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"watch"}, &out, &errb); code != 2 {
		t.Errorf("watch without a folder exited %d, want 2", code)
	}
}
