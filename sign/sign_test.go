package sign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// minimalPDF is a one-page PDF with a classic xref table, as reportc writes them.
func minimalPDF() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	objs := []string{
		"<</Type /Catalog /Pages 2 0 R>>",
		"<</Type /Pages /Kids [3 0 R] /Count 1>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources <<>> /Contents 4 0 R>>",
		"<</Length 20>>\nstream\n0 0 m 100 100 l S\nendstream",
	}
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<<\n/Size %d\n/Root 1 0 R\n>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return b.Bytes()
}

// throwaway makes a self-signed certificate for the key, for tests only.
func throwaway(t *testing.T, key crypto.Signer) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(20250219),
		Subject:      pkix.Name{CommonName: "示例单位（测试证书）", Organization: []string{"reportc test"}},
		NotBefore:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func redDot() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 40))
	for y := 0; y < 40; y++ {
		for x := 0; x < 40; x++ {
			if (x-20)*(x-20)+(y-20)*(y-20) < 300 {
				img.Set(x, y, color.NRGBA{R: 200, A: 255})
			}
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func rsaKey(t *testing.T) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func signed(t *testing.T, key crypto.Signer) []byte {
	t.Helper()
	out, err := Sign(minimalPDF(), Options{
		Signer: key, Chain: []*x509.Certificate{throwaway(t, key)},
		Time: time.Date(2025, 2, 19, 8, 0, 0, 0, time.UTC), Page: 0,
		Rect: [4]float64{300, 100, 400, 200}, Image: redDot(), Name: "示例单位", Reason: "测试",
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSignVerifyRSAAndECDSA(t *testing.T) {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for name, key := range map[string]crypto.Signer{"rsa": rsaKey(t), "ecdsa": ec} {
		t.Run(name, func(t *testing.T) {
			b := signed(t, key)
			res, err := Verify(b)
			if err != nil {
				t.Fatal(err)
			}
			if !res.OK() || len(res.Signatures) != 1 {
				t.Fatalf("want one good signature, got %+v", res.Signatures)
			}
			s := res.Signatures[0]
			if !strings.Contains(s.Signer, "示例单位（测试证书）") || s.Trusted || !strings.HasPrefix(s.Trust, "自签名") {
				t.Errorf("signer %q trust %q", s.Signer, s.Trust)
			}
			if !s.Time.Equal(time.Date(2025, 2, 19, 8, 0, 0, 0, time.UTC)) || s.SubFilter != "ETSI.CAdES.detached" {
				t.Errorf("time %v subfilter %q", s.Time, s.SubFilter)
			}
			var w bytes.Buffer
			res.Print(&w)
			for _, want := range []string{"签名人：", "签名覆盖整个文件", "未被改动", "自签名证书", "2025-02-19 08:00:00"} {
				if !strings.Contains(w.String(), want) {
					t.Errorf("report lacks %q:\n%s", want, w.String())
				}
			}
		})
	}
}

func TestSignIsReproducibleWithRSA(t *testing.T) {
	key := rsaKey(t)
	cert := throwaway(t, key)
	o := Options{Signer: key, Chain: []*x509.Certificate{cert}, Time: time.Unix(1739952000, 0), Rect: [4]float64{10, 10, 60, 60}, Image: redDot()}
	a, err := Sign(minimalPDF(), o)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Sign(minimalPDF(), o)
	if !bytes.Equal(a, b) {
		t.Error("two signatures with the same key and time differ")
	}
	if !bytes.HasPrefix(a, minimalPDF()) {
		t.Error("signing changed the bytes before the update")
	}
}

func TestTamperingIsReported(t *testing.T) {
	b := signed(t, rsaKey(t))
	// One byte of the original content changed.
	bad := bytes.Clone(b)
	i := bytes.Index(bad, []byte("100 100 l"))
	bad[i] = '2'
	res, err := Verify(bad)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK() || res.Signatures[0].Intact || !strings.Contains(res.Signatures[0].Problem, "摘要不符") {
		t.Errorf("a changed byte passed: %+v", res.Signatures[0])
	}
	// Something appended after signing.
	more := append(bytes.Clone(b), []byte("% appended\n")...)
	res, _ = Verify(more)
	if res.OK() || res.Signatures[0].CoversWhole || !res.Signatures[0].Intact {
		t.Errorf("an appended file passed: %+v", res.Signatures[0])
	}
	// Not signed at all.
	res, _ = Verify(minimalPDF())
	if res.OK() || len(res.Signatures) != 0 {
		t.Error("an unsigned file passed")
	}
	var w bytes.Buffer
	res.Print(&w)
	if !strings.Contains(w.String(), "未签名") {
		t.Errorf("unsigned report: %s", w.String())
	}
}

// TestPdfsigAgrees checks the signature with poppler's pdfsig (NSS), an implementation
// independent of this package, before and after one byte is changed.
func TestPdfsigAgrees(t *testing.T) {
	if _, err := exec.LookPath("pdfsig"); err != nil {
		t.Skip("pdfsig not installed (make deps installs poppler-utils)")
	}
	dir := t.TempDir()
	b := signed(t, rsaKey(t))
	good := filepath.Join(dir, "good.pdf")
	os.WriteFile(good, b, 0o644)
	out, _ := exec.Command("pdfsig", good).CombinedOutput()
	for _, want := range []string{"Signature is Valid", "Total document signed", "ETSI.CAdES.detached"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pdfsig on the signed file lacks %q:\n%s", want, out)
		}
	}
	bad := bytes.Clone(b)
	bad[bytes.Index(bad, []byte("100 100 l"))] = '2'
	badPath := filepath.Join(dir, "bad.pdf")
	os.WriteFile(badPath, bad, 0o644)
	out, _ = exec.Command("pdfsig", badPath).CombinedOutput()
	if strings.Contains(string(out), "Signature is Valid") || !(strings.Contains(string(out), "Digest Mismatch") || strings.Contains(string(out), "Invalid")) {
		t.Errorf("pdfsig does not report the changed byte:\n%s", out)
	}
	more := filepath.Join(dir, "more.pdf")
	os.WriteFile(more, append(bytes.Clone(b), []byte("% appended after signing\n")...), 0o644)
	out, _ = exec.Command("pdfsig", more).CombinedOutput()
	if strings.Contains(string(out), "Total document signed") || !strings.Contains(string(out), "Not total document signed") {
		t.Errorf("pdfsig does not report the appended bytes:\n%s", out)
	}
}

func TestLoadKeyPKCS12AndPEM(t *testing.T) {
	key := rsaKey(t)
	cert := throwaway(t, key)
	dir := t.TempDir()
	p12, err := pkcs12.Modern.Encode(key, cert, nil, "口令-test")
	if err != nil {
		t.Fatal(err)
	}
	p12Path := filepath.Join(dir, "k.p12")
	os.WriteFile(p12Path, p12, 0o600)
	s, chain, err := LoadKey(p12Path, "", func() (string, error) { return "口令-test", nil })
	if err != nil || len(chain) != 1 || !chain[0].Equal(cert) || !key.PublicKey.Equal(s.Public()) {
		t.Fatalf("PKCS#12: %v", err)
	}
	if _, _, err := LoadKey(p12Path, "", func() (string, error) { return "wrong", nil }); err == nil || !strings.Contains(err.Error(), "密码不对") {
		t.Errorf("wrong password: %v", err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	pemPath := filepath.Join(dir, "k.pem")
	os.WriteFile(pemPath, append(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})...), 0o600)
	asked := false
	s, chain, err = LoadKey(pemPath, "", func() (string, error) { asked = true; return "", nil })
	if err != nil || len(chain) != 1 || !key.PublicKey.Equal(s.Public()) || asked {
		t.Fatalf("PEM: %v (password asked: %v)", err, asked)
	}
	other := throwaway(t, rsaKey(t))
	mis := filepath.Join(dir, "mis.pem")
	os.WriteFile(mis, append(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: other.Raw})...), 0o600)
	if _, _, err := LoadKey(mis, "", nil); err == nil || !strings.Contains(err.Error(), "不匹配") {
		t.Errorf("mismatched certificate: %v", err)
	}
}

func TestSignRefusesSignedFileAndBadInput(t *testing.T) {
	key := rsaKey(t)
	b := signed(t, key)
	o := Options{Signer: key, Chain: []*x509.Certificate{throwaway(t, key)}, Rect: [4]float64{10, 10, 60, 60}, Image: redDot()}
	if _, err := Sign(b, o); err == nil {
		t.Error("signed an already signed file")
	}
	if _, err := Sign([]byte("not a pdf"), o); err == nil {
		t.Error("signed garbage")
	}
	o.Image = []byte("GIF89a")
	if _, err := Sign(minimalPDF(), o); err == nil {
		t.Error("accepted a non-PNG/JPEG seal")
	}
}

// FuzzVerify: no input makes Verify panic (go test runs the seeds only).
func FuzzVerify(f *testing.F) {
	f.Add(minimalPDF())
	f.Add([]byte("%PDF-1.7\n1 0 obj <</ByteRange [0 5 3 99999999999]>> endobj"))
	f.Add([]byte("%PDF-1.7\nobj /ByteRange [0 10 12 0] /Contents <3082zz> endobj"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if res, err := Verify(b); err == nil {
			res.Print(&bytes.Buffer{})
		}
	})
}
