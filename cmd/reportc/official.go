package main

// The official edition (issue 11): draft and official builds, the acceptance of check
// warnings, signing with the seal as the signature's appearance, and verify.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"golang.org/x/term"

	"github.com/reportc/reportc/charts"
	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
	"github.com/reportc/reportc/layout"
	"github.com/reportc/reportc/sign"
)

// edition says which edition a build makes: the draft (default) or the official one,
// signed when signKey is set.
type edition struct {
	official bool
	signKey  string // PKCS#12 or PEM file
	signCert string // PEM certificate, when not in signKey
	// password supplies the PKCS#12 password; nil reads REPORTC_SIGN_PASSWORD or asks
	// on the terminal.
	password func() (string, error)
}

// gate splits the warnings into open and accepted ones and, for the official edition,
// refuses with every reason at once: the check errors and everything
// data.Report.OfficialProblems finds.
func gate(rep *data.Report, loadErr error, ed edition) (data.ErrorList, []data.Accepted, error) {
	var list data.ErrorList
	if loadErr != nil && (!ed.official || rep == nil || !errors.As(loadErr, &list)) {
		return nil, nil, loadErr
	}
	open, accepted := rep.Accept()
	if !ed.official {
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

// printAccepted lists the warnings accepted in report.yaml, with reason and name.
func printAccepted(w io.Writer, accepted []data.Accepted) {
	for _, a := range accepted {
		fmt.Fprintf(w, "已接受的警告: %s（理由：%s；接受人：%s）\n", a.Warning, a.Acceptance.Reason, a.Acceptance.By)
	}
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

// terminalPassword reads the PKCS#12 password from REPORTC_SIGN_PASSWORD or, when it is
// not set, from the terminal without echo.
func terminalPassword() (string, error) {
	if pw, ok := os.LookupEnv(sign.PasswordEnv); ok {
		return pw, nil
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", fmt.Errorf("需要签名密钥的密码：请设置环境变量 %s，或在终端中运行以输入密码", sign.PasswordEnv)
	}
	fmt.Fprint(os.Stderr, "签名密钥的密码：")
	pw, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", err
	}
	return string(pw), nil
}

// signBook signs the finished PDF: the widget goes over the issuing unit's name on the
// statement page, where the layout recorded it, and shows the seal.
func signBook(pdfBytes []byte, book *layout.Book, rep *data.Report, seal []byte, ed edition) ([]byte, error) {
	if book.Issuer == nil {
		return nil, fmt.Errorf("签名：版面中没有内容真实性责任声明页")
	}
	if len(seal) == 0 {
		return nil, &data.Error{Pos: data.Pos{File: "report.yaml"}, Msg: "签名需要公章图片：请在 statement.seal 中给出"}
	}
	pw := ed.password
	if pw == nil {
		pw = terminalPassword
	}
	key, chain, err := sign.LoadKey(ed.signKey, ed.signCert, pw)
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

func cmdVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("verify", "用法: reportc verify 文件.pdf\n\n检查 PDF 的数字签名：是否签名、签名人（证书主体）、签名时间、签名是否覆盖整个文件\n（签名后没有追加内容）、签名覆盖的内容是否未被改动。全部满足时退出码为 0。\n证书是否可信如实报告（自签名、签发者未知），不影响退出码。\n", stderr)
	file, code := oneDir(fs, args, stderr)
	if code >= 0 {
		return code
	}
	b, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "错误: 读不到 %s：%v\n", file, err)
		return 1
	}
	res, err := sign.Verify(b)
	if err != nil {
		fmt.Fprintf(stderr, "错误: %s：%v\n", file, err)
		return 1
	}
	res.Print(stdout)
	if !res.OK() {
		return 1
	}
	return 0
}

// sampleSeal draws the sample seal named by statement.seal when the file is missing
// (reportc placeholders); it says 示例印章 and is marked as a sample.
func sampleSeal(dir string, rep *data.Report, fset *fonts.Set, stdout io.Writer) error {
	name := rep.Meta.Statement.Seal
	if name == "" || rep.Meta.Issuer == "" {
		return nil
	}
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	png, err := charts.SampleSeal(fset.Face(fonts.SerifBold).Truetype(), rep.Meta.Issuer, 601)
	if err != nil {
		return err
	}
	if err := writeAtomic(path, png); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "生成了示例印章 %s（不是真实公章；正式版须换成本单位的公章图片）。\n", name)
	return nil
}
