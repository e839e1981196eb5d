package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `reportc check -audit` prints the audit listing of the example: bound figures, derived
// values, rules, and the accepted warnings with their reasons; nothing is left unaccepted.
func TestCheckAudit(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"check", "-audit", example}, &out, &errb); code != 0 {
		t.Fatalf("check -audit failed: %s", errb.String())
	}
	if strings.Contains(errb.String(), "警告") {
		t.Errorf("the example has unaccepted warnings:\n%s", errb.String())
	}
	for _, want := range []string{
		"审核清单：株洲市中等职业教育年度质量报告",
		"chapters/01.md:11  1084  ← [=学生规模!增加:招生数]",
		"chapters/02.md:229  27.94  ← [=毕业生去向!就业占比:2024年]",
		"教学资源!2024年:生师比 = 落实政策!D2=29304 ÷ 落实政策!D7=2109 = 13.89，表中为 13.79（不符）",
		"规则：30 条，通过 29 条，未通过 1 条", // 6 yoy rules against data/2023, all passing
		"chapters/02.md:161  2267人 与 落实政策!2024年:教职工总数 = 2570 不符",
		"已接受的警告：28 个",
		"理由：源报告第2章“据调研数据统计”教职工总数2267人",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("audit lacks %q", want)
		}
	}
}

// A typed figure that equals a data cell: check suggests the binding.
func TestCheckSuggestsBinding(t *testing.T) {
	dir := copyDir(t, example)
	p := filepath.Join(dir, "chapters/07.md")
	b, _ := os.ReadFile(p)
	b = bytes.Replace(b, []byte("[=落实政策!2024年:年财政专项经费]"), []byte("3751.28"), 1)
	os.WriteFile(p, b, 0o644)
	var out, errb bytes.Buffer
	if code := run([]string{"check", dir}, &out, &errb); code != 0 {
		t.Fatalf("check failed: %s", errb.String())
	}
	if want := "提示: chapters/07.md:75: 正文数字 3751.28万元 等于 落实政策!2024年:年财政专项经费 = 3751.28，可绑定为 [=落实政策!2024年:年财政专项经费]"; !strings.Contains(errb.String(), want) {
		t.Errorf("no suggestion:\n%s", errb.String())
	}
}

// TestBuildSummarisesAccepted: a draft build says in one line how many warnings
// report.yaml accepts (check -audit lists them); it does not print each one.
func TestBuildSummarisesAccepted(t *testing.T) {
	var out, errb bytes.Buffer
	pdf := filepath.Join(t.TempDir(), "r.pdf")
	if code := run([]string{"build", "-docx", "-", "-o", pdf, example}, &out, &errb); code != 0 {
		t.Fatalf("build: %d\n%s", code, errb.String())
	}
	if !strings.Contains(out.String(), "另有 28 个警告已在 report.yaml 的 accept 中接受") || strings.Contains(out.String(), "已接受的警告:") {
		t.Errorf("build output:\n%s", out.String())
	}
}
