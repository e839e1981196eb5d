package main

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
	"math"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/reportc/reportc/build"
	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/layout/pdf"
	"github.com/reportc/reportc/pdfupdate"
)

// stripMarker removes reportc's tEXt chunk from a PNG: the test's stand-in for a real
// photo or a real seal in place of reportc's placeholder.
func stripMarker(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := bytes.Clone(b[:8])
	for i := 8; i+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if string(b[i+4:i+8]) != "tEXt" {
			out = append(out, b[i:i+12+n]...)
		}
		i += 12 + n
	}
	if data.PNGMarker(out) != "" {
		t.Fatalf("%s: marker still there", path)
	}
	os.WriteFile(path, out, 0o644)
}

// resolvedCopy is a copy of the example whose placeholders are resolved (photos and
// seal without reportc's marker, the 示例数据 chart's note rewritten) and whose check
// warnings are accepted in report.yaml with reasons.
func resolvedCopy(t *testing.T) string {
	t.Helper()
	dir := copyDir(t, example)
	imgs, _ := filepath.Glob(filepath.Join(dir, "images", "*.png"))
	for _, p := range imgs {
		stripMarker(t, p)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "workbooks/正文数据.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(data.IndexSheet)
	for r, row := range rows {
		for c, v := range row {
			if strings.Contains(v, "示例数据") {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				f.SetCellStr(data.IndexSheet, cell, strings.ReplaceAll(v, "示例数据", "测试副本中已核实的数据"))
			}
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	rep, err := data.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The example accepts its own warnings in report.yaml (the source's contradictions);
	// any left open are accepted here.
	if len(rep.Audit.Accepted) == 0 {
		t.Fatal("the example accepts no warnings")
	}
	for _, w := range rep.Warnings {
		addAcceptance(t, dir, fmt.Sprintf("{at: %q, reason: \"源报告原文如此，已向编写组核实\", by: \"测试\"}", w.Pos.String()))
	}
	return dir
}

// addAcceptance adds an entry to the accept: list of a report's report.yaml.
func addAcceptance(t *testing.T, dir, entry string) {
	t.Helper()
	path := filepath.Join(dir, "report.yaml")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	if i := strings.Index(s, "\naccept:\n"); i >= 0 {
		i += len("\naccept:\n")
		s = s[:i] + "  - " + entry + "\n" + s[i:]
	} else {
		s += "\naccept:\n  - " + entry + "\n"
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// throwawayKey writes a new RSA key and a self-signed certificate to one PEM file.
func throwawayKey(t *testing.T) (string, *x509.Certificate) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(11),
		Subject:      pkix.Name{CommonName: "株洲市教育局（测试证书，非真实）"},
		NotBefore:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	kd, _ := x509.MarshalPKCS8PrivateKey(key)
	path := filepath.Join(t.TempDir(), "key.pem")
	os.WriteFile(path, append(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kd}), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...), 0o600)
	return path, cert
}

func TestOfficialRefusesTheExampleWithEveryReason(t *testing.T) {
	_, err := buildAll(example, false, build.Edition{Official: true})
	var list data.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("official build of the example: %v", err)
	}
	got := list.Error()
	for _, want := range []string{
		"chapters/02.md:18: 正式版不能生成：照片 “images/fig-red-tour.png” 是 reportc 生成的“照片待补”占位图",
		"report.yaml: 正式版不能生成：statement.seal “images/seal.png” 是 reportc 画的示例印章",
		"清单!A14: 正式版不能生成：图表 “fig-contest-awards” 标为示例数据",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q", want)
		}
	}
	// 32 placeholder photos, the seal and the chart, all at once (the example's
	// warnings are accepted in its report.yaml, with reasons).
	if len(list) != 34 {
		t.Errorf("%d reasons, want 34:\n%s", len(list), got)
	}
	// A draft of the same folder builds.
	if _, err := buildAll(example, false, build.Edition{}); err != nil {
		t.Fatal(err)
	}
}

func TestOfficialRefusesTodoAndStrayAcceptance(t *testing.T) {
	dir := resolvedCopy(t)
	appendFile(t, filepath.Join(dir, "chapters/08.md"), "\n\n本校教师共【待填写】人。\n")
	addAcceptance(t, dir, "{at: \"workbooks/正文数据.xlsx 满意度比较!Z99\", reason: \"旧条目\", by: \"测试\"}")
	var out, errb bytes.Buffer
	if code := run([]string{"build", "--official", "-docx", "-", "-o", filepath.Join(t.TempDir(), "o.pdf"), dir}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, want := range []string{"chapters/08.md:", "还有待填写的内容（“【待填写】”）", "report.yaml:", "满意度比较!Z99” 没有对应的警告", "共 2 个错误"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
}

// pdfRect is the rectangle of a box of the layout in PDF points.
func pdfRect(h float64, x, y, w, bh float64) [4]float64 {
	const k = 72 / 25.4
	return [4]float64{x * k, (h - y - bh) * k, (x + w) * k, (h - y) * k}
}

var widgetRE = regexp.MustCompile(`/Subtype /Widget /FT /Sig [^\n]*/Rect \[([\d. ]+)\] /V \d+ 0 R /P (\d+) 0 R`)

// TestOfficialSignedExample builds the resolved example in official mode, signed with
// a throwaway certificate, and checks the signature with reportc verify and poppler's
// pdfsig, the widget's place, the absence of the draft mark and reproducibility.
func TestOfficialSignedExample(t *testing.T) {
	dir := resolvedCopy(t)
	keyPath, _ := throwawayKey(t)
	t.Setenv("SOURCE_DATE_EPOCH", "1739952000") // 2025-02-19 08:00 UTC
	ed := build.Edition{Official: true, SignKey: keyPath}
	res, err := buildAll(dir, false, ed)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.accepted) == 0 || len(res.warnings) != 0 {
		t.Errorf("%d accepted, %d open warnings", len(res.accepted), len(res.warnings))
	}
	again, err := buildAll(dir, false, ed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.pdf, again.pdf) {
		t.Error("two signed builds with SOURCE_DATE_EPOCH differ")
	}
	out := t.TempDir()
	path := filepath.Join(out, "signed.pdf")
	os.WriteFile(path, res.pdf, 0o644)

	// The widget sits on the statement page over the issuer's name, where the layout
	// recorded the seal's box; the seal is not also drawn into the page.
	iss := res.book.Issuer
	if iss == nil {
		t.Fatal("no issuer position recorded")
	}
	m := widgetRE.FindSubmatch(res.pdf)
	if m == nil {
		t.Fatal("no signature widget")
	}
	f, err := pdfupdate.Open(res.pdf)
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := f.Pages()
	if pn, _ := strconv.Atoi(string(m[2])); pn != pages[iss.Seal.Page] {
		t.Errorf("widget on page object %d, statement page is object %d", pn, pages[iss.Seal.Page])
	}
	want := pdfRect(res.book.Height, iss.Seal.X, iss.Seal.Y, iss.Seal.W, iss.Seal.H)
	for i, s := range strings.Fields(string(m[1])) {
		v, _ := strconv.ParseFloat(s, 64)
		if math.Abs(v-want[i]) > 0.01 {
			t.Errorf("widget rect %s, want %.2f", m[1], want)
			break
		}
	}
	name := pdfRect(res.book.Height, iss.Name.X, iss.Name.Y, iss.Name.W, iss.Name.H)
	if !(want[0] < name[0] && want[2] > name[2] && want[1] < name[1] && want[3] > name[3]) {
		t.Errorf("seal %v does not cover the issuer's name %v", want, name)
	}
	for _, p := range res.book.Pages[iss.Seal.Page].Pictures {
		if p.Key == "seal" {
			t.Error("the signed edition also draws the seal into the page")
		}
	}

	// reportc verify: signed, by whom, whole file, intact.
	var so, se bytes.Buffer
	if code := run([]string{"verify", path}, &so, &se); code != 0 {
		t.Fatalf("verify exit %d:\n%s%s", code, so.String(), se.String())
	}
	for _, want := range []string{"已签名（ETSI.CAdES.detached）", "签名人：CN=株洲市教育局（测试证书，非真实）", "签名时间：2025-02-19 08:00:00 UTC", "签名覆盖整个文件", "签名有效", "自签名证书"} {
		if !strings.Contains(so.String(), want) {
			t.Errorf("verify output lacks %q:\n%s", want, so.String())
		}
	}
	// One byte changed inside the signed range: a key of the info dictionary.
	bad := bytes.Clone(res.pdf)
	i := bytes.Index(bad, []byte("/Creator"))
	bad[i+2] = 'c'
	badPath := filepath.Join(out, "bad.pdf")
	os.WriteFile(badPath, bad, 0o644)
	so.Reset()
	if code := run([]string{"verify", badPath}, &so, &se); code != 1 || !strings.Contains(so.String(), "摘要不符") {
		t.Errorf("verify of a changed file: exit %d\n%s", code, so.String())
	}

	if _, err := exec.LookPath("pdfsig"); err == nil {
		o, _ := exec.Command("pdfsig", path).CombinedOutput()
		for _, want := range []string{"Signature is Valid", "Total document signed", "株洲市教育局（测试证书，非真实）"} {
			if !strings.Contains(string(o), want) {
				t.Errorf("pdfsig lacks %q:\n%s", want, o)
			}
		}
		o, _ = exec.Command("pdfsig", badPath).CombinedOutput()
		if strings.Contains(string(o), "Signature is Valid") {
			t.Errorf("pdfsig accepts the changed file:\n%s", o)
		}
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, _ := exec.Command("pdftotext", path, "-").Output()
		if bytes.Contains(txt, []byte(pdf.DraftMark)) {
			t.Error("the official edition has the draft mark")
		}
		info, _ := exec.Command("pdfinfo", path).Output()
		if bytes.Contains(info, []byte(pdf.DraftMark)) {
			t.Error("the official edition's metadata says draft")
		}
	}
}

// TestOfficialUnsignedStampsSeal: without --sign the official edition draws the seal
// into the statement page over the issuer's name; a draft does not.
func TestOfficialUnsignedStampsSeal(t *testing.T) {
	dir := resolvedCopy(t)
	for _, official := range []bool{true, false} {
		res, err := buildAll(dir, false, build.Edition{Official: official})
		if err != nil {
			t.Fatal(err)
		}
		iss := res.book.Issuer
		found := false
		for _, p := range res.book.Pages[iss.Seal.Page].Pictures {
			if p.Key == "seal" {
				found = true
				if p.X != iss.Seal.X || p.Y != iss.Seal.Y || p.W != iss.Seal.W {
					t.Errorf("seal drawn at %v, recorded %v", p, iss.Seal)
				}
			}
		}
		if found != official {
			t.Errorf("official=%v: seal drawn %v", official, found)
		}
	}
}

// TestDraftMarkOnEveryPage: every page of a draft carries 草稿 as text, and its
// metadata says draft.
func TestDraftMarkOnEveryPage(t *testing.T) {
	needTool(t, "pdftotext")
	b, pages, err := Build(example)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "d.pdf")
	os.WriteFile(path, b, 0o644)
	txt, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	per := strings.Split(strings.TrimSuffix(string(txt), "\f"), "\f")
	if len(per) != pages {
		t.Fatalf("%d pages of text, %d pages", len(per), pages)
	}
	for i, p := range per {
		if !strings.Contains(p, pdf.DraftMark) {
			t.Errorf("page %d has no draft mark", i+1)
		}
	}
	info, _ := exec.Command("pdfinfo", path).Output()
	if !bytes.Contains(info, []byte("Title:           株洲市中等职业教育年度质量报告（2024年度）（草稿）")) {
		t.Errorf("metadata does not say draft:\n%s", info)
	}
}

// TestOfficialListsCheckErrorsWithTheRest: a check error and the official reasons are
// reported together.
func TestOfficialListsCheckErrorsWithTheRest(t *testing.T) {
	dir := copyDir(t, example)
	appendFile(t, filepath.Join(dir, "chapters/01.md"), "\n\n另见[@tab-nope]。\n")
	_, err := buildAll(dir, false, build.Edition{Official: true})
	var list data.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("%v", err)
	}
	got := list.Error()
	if !strings.Contains(got, "tab-nope") || !strings.Contains(got, "照片待补") || len(list) != 35 {
		t.Errorf("%d problems:\n%s", len(list), got)
	}
}
