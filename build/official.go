package build

// The official edition (issue 11): draft and official builds, the acceptance of check
// warnings, and signing with the seal as the signature's appearance.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/reportc/reportc/charts"
	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/layout"
	"github.com/reportc/reportc/sign"
)

// Edition says which edition a build makes: the draft (the zero value) or the official
// one, signed when SignKey is set.
type Edition struct {
	Official bool
	SignKey  string // PKCS#12 or PEM file
	SignCert string // PEM certificate, when not in SignKey
	// Password supplies the PKCS#12 password; nil reads sign.PasswordEnv only.
	Password func() (string, error)
}

// gate splits the warnings into open and accepted ones and, for the official edition,
// refuses with every reason at once: the check errors and everything
// data.Report.OfficialProblems finds.
func gate(rep *data.Report, loadErr error, ed Edition) (data.ErrorList, []data.Accepted, error) {
	var list data.ErrorList
	if loadErr != nil && (!ed.Official || rep == nil || !errors.As(loadErr, &list)) {
		return nil, nil, loadErr
	}
	open, accepted := rep.Accept()
	if !ed.Official {
		return open, accepted, nil
	}
	all := append(data.ErrorList{}, list...)
	for _, p := range rep.OfficialProblems(open) {
		all.Add(p.Pos, "正式版不能生成：%s", p.Msg)
	}
	if err := all.Err(); err != nil {
		return nil, nil, err
	}
	return nil, accepted, nil
}

// signingTime is now, or SOURCE_DATE_EPOCH when it is set (reproducible builds).
func signingTime() (time.Time, error) {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH 应为整数秒，实际是 %q", s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Now().UTC(), nil
}

// envPassword reads the PKCS#12 password from sign.PasswordEnv.
func envPassword() (string, error) {
	if pw, ok := os.LookupEnv(sign.PasswordEnv); ok {
		return pw, nil
	}
	return "", fmt.Errorf("需要签名密钥的密码：请设置环境变量 %s", sign.PasswordEnv)
}

// signBook signs the finished PDF: the widget goes over the issuing unit's name on the
// statement page, where the layout recorded it, and shows the seal.
func signBook(pdfBytes []byte, book *layout.Book, rep *data.Report, seal []byte, ed Edition) ([]byte, error) {
	if book.Issuer == nil {
		return nil, fmt.Errorf("签名：版面中没有内容真实性责任声明页")
	}
	if len(seal) == 0 {
		return nil, &data.Error{Pos: data.Pos{File: "report.yaml"}, Msg: "签名需要公章图片：请在 statement.seal 中给出"}
	}
	pw := ed.Password
	if pw == nil {
		pw = envPassword
	}
	key, chain, err := sign.LoadKey(ed.SignKey, ed.SignCert, pw)
	if err != nil {
		return nil, err
	}
	at, err := signingTime()
	if err != nil {
		return nil, err
	}
	const k = 72 / 25.4
	s := book.Issuer.Seal
	out, err := sign.Sign(pdfBytes, sign.Options{
		Signer: key, Chain: chain, Time: at, Page: s.Page, Image: seal,
		Rect:   [4]float64{s.X * k, (book.Height - s.Y - s.H) * k, (s.X + s.W) * k, (book.Height - s.Y) * k},
		Name:   rep.Meta.Issuer,
		Reason: "内容真实性责任声明：" + rep.Meta.Issuer + "对本报告的真实性、完整性和准确性负责",
	})
	if err != nil {
		return nil, fmt.Errorf("签名：%w", err)
	}
	return out, nil
}

// SampleSeal draws the sample seal named by statement.seal when that file is missing
// (reportc placeholders): a red ring with the issuer's name and 示例印章, marked as a
// sample so that an official build refuses it. It writes only inside the report folder
// and returns the file it wrote, or "" when there was nothing to do.
func SampleSeal(dir string) (written string, err error) {
	defer recoverInternal(dir, &err)
	if err := checkDir(dir); err != nil {
		return "", err
	}
	rep, err := data.Load(dir)
	if rep == nil {
		return "", err
	}
	name := rep.Meta.Statement.Seal
	if name == "" || rep.Meta.Issuer == "" {
		return "", nil
	}
	path, problem := insideFolder(dir, name)
	if problem != "" {
		return "", &data.Error{Pos: data.Pos{File: "report.yaml"}, Msg: fmt.Sprintf("statement.seal “%s” %s；示例印章只写在报告目录之内", name, problem)}
	}
	if path == "" {
		return "", nil // the seal exists
	}
	fset, err := fonts.Load()
	if err != nil {
		return "", err
	}
	png, err := charts.SampleSeal(fset.Face(fonts.SerifBold).TruetypeComplete(), rep.Meta.Issuer, 601)
	if err != nil {
		return "", err
	}
	b := &Builder{}
	if err := b.replace(context.Background(), []file{{path: path, data: png}}); err != nil {
		return "", err
	}
	return name, nil
}

// stamp names the edition in the batch stamp, so that a draft is not taken for the
// official edition (or a build signed with another key) when nothing else changed.
func (ed Edition) stamp() string {
	switch {
	case !ed.Official:
		return "draft"
	case ed.SignKey == "":
		return "official"
	}
	s := "signed " + hashFile(ed.SignKey)
	if ed.SignCert != "" {
		s += " " + hashFile(ed.SignCert)
	}
	return s
}
