package data

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode"
)

// emptyTarget refuses a folder that reportc new or draft would write into when it
// already holds anything (or is a file): they never overwrite or mix with someone's
// files. A missing or empty folder is fine.
func emptyTarget(dir string) error {
	st, err := os.Stat(dir)
	if os.IsNotExist(err) {
		if _, lerr := os.Lstat(dir); lerr == nil {
			return fmt.Errorf("目标 %s 是指向不存在位置的符号链接，不写入；请给出一个新的目录", dir)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("目标目录 %s 读不到：%v", dir, unwrapPath(err))
	}
	if !st.IsDir() {
		return fmt.Errorf("目标 %s 是一个文件，不是目录", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("目标目录 %s 读不到：%v", dir, unwrapPath(err))
	}
	if len(entries) > 0 {
		names := make([]string, 0, 3)
		for _, e := range entries[:min(3, len(entries))] {
			names = append(names, e.Name())
		}
		more := ""
		if len(entries) > 3 {
			more = fmt.Sprintf(" 等 %d 项", len(entries))
		}
		return fmt.Errorf("目标目录 %s 不是空的（已有 %s%s），不写入，以免覆盖已有文件；请给出一个新的或空的目录", dir, strings.Join(names, "、"), more)
	}
	return nil
}

// checkField refuses a value written into report.yaml that holds a line break or other
// control character: it could not stay on its line.
func checkField(what, s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("%s是空的", what)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("%s %q 含有换行或控制字符", what, s)
		}
	}
	return nil
}

// yamlQuote writes s as a double-quoted YAML scalar, so that values such as “a: b”,
// “#1”, “*x”, “&y”, “!z” or quotes load back as the same text. Go's escapes for
// printable text (\" and \\) are YAML's too, and checkField keeps control characters out.
func yamlQuote(s string) string {
	return strconv.Quote(s)
}
