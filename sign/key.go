package sign

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"software.sslmate.com/src/go-pkcs12"
)

// PasswordEnv is the environment variable that holds the PKCS#12 password. Without it
// the password is asked for on the terminal; it is never a command-line argument.
const PasswordEnv = "REPORTC_SIGN_PASSWORD"

// LoadKey reads the signing key and certificate chain: a PKCS#12 file (.p12, .pfx),
// whose password password() supplies, or a PEM file with an unencrypted private key and
// the certificate (the certificate may also be in certFile).
func LoadKey(keyFile, certFile string, password func() (string, error)) (crypto.Signer, []*x509.Certificate, error) {
	raw, err := readSmall(keyFile)
	if err != nil {
		return nil, nil, fmt.Errorf("读不到签名密钥 %s：%w", keyFile, err)
	}
	ext := strings.ToLower(filepath.Ext(keyFile))
	if ext == ".p12" || ext == ".pfx" {
		pw, err := password()
		if err != nil {
			return nil, nil, err
		}
		key, cert, cas, err := pkcs12.DecodeChain(raw, pw)
		if err != nil {
			return nil, nil, fmt.Errorf("%s 解不开（密码不对，或不是 PKCS#12 文件）：%w", keyFile, err)
		}
		s, ok := key.(crypto.Signer)
		if !ok {
			return nil, nil, fmt.Errorf("%s 中的私钥不能用于签名", keyFile)
		}
		return s, append([]*x509.Certificate{cert}, cas...), nil
	}
	if certFile != "" {
		c, err := readSmall(certFile)
		if err != nil {
			return nil, nil, fmt.Errorf("读不到证书 %s：%w", certFile, err)
		}
		raw = append(append(raw, '\n'), c...)
	}
	var key crypto.Signer
	var chain []*x509.Certificate
	for {
		var b *pem.Block
		b, raw = pem.Decode(raw)
		if b == nil {
			break
		}
		switch b.Type {
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, nil, fmt.Errorf("证书读不出：%w", err)
			}
			chain = append(chain, c)
		case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY":
			k, err := parseKey(b)
			if err != nil {
				return nil, nil, fmt.Errorf("%s 中的私钥读不出：%w", keyFile, err)
			}
			key = k
		case "ENCRYPTED PRIVATE KEY":
			return nil, nil, fmt.Errorf("%s 的私钥是加密的：请改用 PKCS#12 文件（.p12），密码放在环境变量 %s 中", keyFile, PasswordEnv)
		}
	}
	if key == nil {
		return nil, nil, fmt.Errorf("%s 中没有私钥（PEM 的 PRIVATE KEY 块）", keyFile)
	}
	if len(chain) == 0 {
		return nil, nil, fmt.Errorf("没有证书：把证书放进 %s，或用 -cert 指定证书文件", keyFile)
	}
	// The certificate that matches the key goes first.
	for i, c := range chain {
		if pk, ok := c.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); ok && pk.Equal(key.Public()) {
			chain[0], chain[i] = chain[i], chain[0]
			return key, chain, nil
		}
	}
	return nil, nil, fmt.Errorf("证书与私钥不匹配")
}

func parseKey(b *pem.Block) (crypto.Signer, error) {
	var k any
	var err error
	switch b.Type {
	case "RSA PRIVATE KEY":
		k, err = x509.ParsePKCS1PrivateKey(b.Bytes)
	case "EC PRIVATE KEY":
		k, err = x509.ParseECPrivateKey(b.Bytes)
	default:
		k, err = x509.ParsePKCS8PrivateKey(b.Bytes)
	}
	if err != nil {
		return nil, err
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("不支持的私钥类型")
	}
	return s, nil
}

// readSmall reads a key or certificate file: a regular file of at most 1 MB. A device
// (/dev/zero) would otherwise be read forever and a FIFO would block.
func readSmall(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("不是普通文件（是文件夹、设备或命名管道）")
	}
	if st.Size() > 1<<20 {
		return nil, fmt.Errorf("文件有 %d KB，密钥和证书文件不会超过 1 MB", st.Size()>>10)
	}
	return os.ReadFile(path)
}
