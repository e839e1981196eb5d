package main

// The official edition (issue 11): draft and official builds, the acceptance of check
// warnings, signing with the seal as the signature's appearance, and verify.

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/sign"
)

// printAccepted lists the warnings accepted in report.yaml, with reason and name.
func printAccepted(w io.Writer, accepted []data.Accepted) {
	for _, a := range accepted {
		fmt.Fprintf(w, "已接受的警告: %s（理由：%s；接受人：%s）\n", a.Warning, a.Reason, a.By)
	}
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

// maxVerifyBytes is the largest PDF verify reads (the example report is a few MB).
const maxVerifyBytes = 1 << 30

func cmdVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("verify", "用法: reportc verify 文件.pdf\n\n检查 PDF 的数字签名：是否签名、签名人（证书主体）、签名时间、签名是否覆盖整个文件\n（签名后没有追加内容）、签名覆盖的内容是否未被改动。全部满足时退出码为 0。\n证书是否可信如实报告（自签名、签发者未知），不影响退出码。\n", stderr)
	file, code := oneDir(fs, args, stderr)
	if code >= 0 {
		return code
	}
	// Stat first: a device (/dev/zero) would be read forever and a FIFO would block.
	if st, err := os.Stat(file); err == nil && !st.Mode().IsRegular() {
		fmt.Fprintf(stderr, "错误: %s 不是普通文件（是文件夹、设备或命名管道）；请给出一个 PDF 文件\n", file)
		return 1
	} else if err == nil && st.Size() > maxVerifyBytes {
		fmt.Fprintf(stderr, "错误: %s 有 %d MB，超过 %d MB 的上限，不像本工具生成的报告\n", file, st.Size()>>20, maxVerifyBytes>>20)
		return 1
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
