package sign

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/digitorus/pkcs7"
)

// Signature is what Verify found about one signature of a PDF.
type Signature struct {
	SubFilter   string
	Signer      string // subject of the signing certificate
	Issuer      string
	Time        time.Time // the claimed signing time (/M); zero when absent
	CoversWhole bool      // the byte range reaches the end of the file: nothing appended
	Intact      bool      // the signed bytes hash to the signed digest and the signature checks
	Problem     string    // why Intact is false
	Trust       string    // 自签名, 签发者未知, or 由系统信任的证书机构签发
	Trusted     bool
}

// Result is the outcome of Verify.
type Result struct {
	Size       int
	Signatures []Signature
}

// OK reports whether the file is signed, every signature is intact and the last one
// covers the whole file. Trust in the certificate is reported, not required.
func (r *Result) OK() bool {
	if len(r.Signatures) == 0 {
		return false
	}
	for _, s := range r.Signatures {
		if !s.Intact {
			return false
		}
	}
	return r.Signatures[len(r.Signatures)-1].CoversWhole
}

var reByteRange = regexp.MustCompile(`/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]`)

// Verify finds every signature of a PDF (by its /ByteRange) and checks it.
func Verify(src []byte) (*Result, error) {
	if !bytes.HasPrefix(src, []byte("%PDF-")) {
		return nil, fmt.Errorf("不是 PDF 文件")
	}
	res := &Result{Size: len(src)}
	for _, m := range reByteRange.FindAllSubmatchIndex(src, -1) {
		var br [4]int
		for i := range br {
			n, err := strconv.Atoi(string(src[m[2+2*i]:m[3+2*i]]))
			if err != nil {
				return nil, fmt.Errorf("签名的 /ByteRange 读不出")
			}
			br[i] = n
		}
		res.Signatures = append(res.Signatures, check(src, m[0], br))
	}
	return res, nil
}

func check(src []byte, at int, br [4]int) Signature {
	s := Signature{Trust: "未知"}
	// The signature dictionary around the byte range: from its "obj" to "endobj".
	start := bytes.LastIndex(src[:at], []byte("obj"))
	end := bytes.Index(src[at:], []byte("endobj"))
	if start < 0 || end < 0 {
		s.Problem = "签名字典不完整"
		return s
	}
	dict := src[start : at+end]
	if m := regexp.MustCompile(`/SubFilter\s*/([A-Za-z0-9.]+)`).FindSubmatch(dict); m != nil {
		s.SubFilter = string(m[1])
	}
	if m := regexp.MustCompile(`/M\s*\(D:(\d{14})([^)]*)\)`).FindSubmatch(dict); m != nil {
		s.Time = parsePDFDate(string(m[1]), string(m[2]))
	}
	if br[0] != 0 || br[1] < 0 || br[2] < br[1] || br[3] < 0 || br[2]+br[3] > len(src) {
		s.Problem = "签名的字节范围超出文件"
		return s
	}
	s.CoversWhole = br[2]+br[3] == len(src)
	hole := src[br[1]:br[2]]
	if len(hole) < 2 || hole[0] != '<' || hole[len(hole)-1] != '>' {
		s.Problem = "签名的字节范围与签名内容的位置不符"
		return s
	}
	full, err := hex.DecodeString(string(bytes.Join(bytes.Fields(hole[1:len(hole)-1]), nil)))
	if err != nil {
		s.Problem = "签名内容不是十六进制数据"
		return s
	}
	// The reserved space is padded with zeros after the DER value.
	p7, err := pkcs7.Parse(trimDER(full))
	if err != nil {
		s.Problem = "签名数据（CMS）读不出：" + err.Error()
		return s
	}
	cert := p7.GetOnlySigner()
	if cert == nil {
		s.Problem = "签名数据中没有签名人的证书"
		return s
	}
	s.Signer, s.Issuer = cert.Subject.String(), cert.Issuer.String()
	s.Trust, s.Trusted = trust(cert, p7.Certificates)
	signed := make([]byte, 0, br[1]+br[3])
	signed = append(signed, src[:br[1]]...)
	signed = append(signed, src[br[2]:br[2]+br[3]]...)
	p7.Content = signed
	if err := p7.Verify(); err != nil {
		var mm *pkcs7.MessageDigestMismatchError
		if errors.As(err, &mm) {
			s.Problem = "签名后内容被改动（摘要不符）"
		} else {
			s.Problem = "签名校验失败：" + err.Error()
		}
		return s
	}
	s.Intact = true
	return s
}

// trimDER cuts a DER value to its encoded length (dropping the placeholder padding).
func trimDER(b []byte) []byte {
	if len(b) < 2 {
		return b
	}
	n, hdr := int(b[1]), 2
	if b[1]&0x80 != 0 {
		k := int(b[1] & 0x7f)
		if k == 0 || k > 4 || len(b) < 2+k {
			return b
		}
		n = 0
		for _, c := range b[2 : 2+k] {
			n = n<<8 | int(c)
		}
		hdr = 2 + k
	}
	if hdr+n <= len(b) {
		return b[:hdr+n]
	}
	return b
}

// trust says how far the signing certificate can be trusted, as it is.
func trust(cert *x509.Certificate, all []*x509.Certificate) (string, bool) {
	if bytes.Equal(cert.RawIssuer, cert.RawSubject) && cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature) == nil {
		return "自签名证书（无第三方证明签名人身份）", false
	}
	inter := x509.NewCertPool()
	for _, c := range all {
		inter.AddCert(c)
	}
	if _, err := cert.Verify(x509.VerifyOptions{Intermediates: inter, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		return "签发者未知（证书链不通向本机信任的根证书）", false
	}
	return "由本机信任的证书机构签发", true
}

func parsePDFDate(d, zone string) time.Time {
	t, err := time.Parse("20060102150405", d)
	if err != nil {
		return time.Time{}
	}
	zone = strings.ReplaceAll(zone, "'", "")
	if len(zone) >= 5 && (zone[0] == '+' || zone[0] == '-') {
		h, _ := strconv.Atoi(zone[1:3])
		m, _ := strconv.Atoi(zone[3:5])
		off := (h*60 + m) * 60
		if zone[0] == '-' {
			off = -off
		}
		t = t.Add(-time.Duration(off) * time.Second)
	}
	return t.UTC()
}

// Print writes the result in Chinese.
func (r *Result) Print(w io.Writer) {
	if len(r.Signatures) == 0 {
		fmt.Fprintln(w, "未签名：文件中没有数字签名。")
		return
	}
	for i, s := range r.Signatures {
		if len(r.Signatures) > 1 {
			fmt.Fprintf(w, "签名 %d：\n", i+1)
		}
		fmt.Fprintf(w, "已签名（%s）\n", s.SubFilter)
		if s.Signer != "" {
			fmt.Fprintf(w, "签名人：%s\n", s.Signer)
			fmt.Fprintf(w, "证书：%s；签发者：%s\n", s.Trust, s.Issuer)
		}
		if !s.Time.IsZero() {
			fmt.Fprintf(w, "签名时间：%s（签名人声明的时间，未经时间戳机构证明）\n", s.Time.Format("2006-01-02 15:04:05 UTC"))
		}
		if s.CoversWhole {
			fmt.Fprintln(w, "覆盖范围：签名覆盖整个文件，签名后没有追加内容")
		} else {
			fmt.Fprintln(w, "覆盖范围：不完整——签名之后文件又被追加或改动过")
		}
		if s.Intact {
			fmt.Fprintln(w, "完整性：签名覆盖的内容未被改动，签名有效")
		} else {
			fmt.Fprintf(w, "完整性：失败——%s\n", s.Problem)
		}
	}
	if r.OK() {
		fmt.Fprintln(w, "结论：签名有效，文件自签名以来未被改动。")
	} else {
		fmt.Fprintln(w, "结论：验证未通过。")
	}
}
