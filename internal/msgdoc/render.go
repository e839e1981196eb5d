package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
)

// Explanation is the hand-written cause and fix of the messages containing Phrase.
type Explanation struct {
	Phrase string // part of the message as shown (verbs as “…”)
	Cause  string
	Fix    string
	Line   int // line in explain.tsv
}

// Explanations is the content of explain.tsv.
type Explanations struct {
	Files map[string]string // source file → what its messages are about
	Msgs  []Explanation
}

// ReadExplanations reads explain.tsv: lines “file<TAB>path<TAB>title” and
// “msg<TAB>phrase<TAB>cause<TAB>fix”; blank lines and lines starting with # are skipped.
func ReadExplanations(path string) (*Explanations, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseExplanations(path, b)
}

// ParseExplanations parses the text of explain.tsv; name is used in error messages.
func ParseExplanations(name string, b []byte) (*Explanations, error) {
	ex := &Explanations{Files: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		switch {
		case f[0] == "file" && len(f) == 3:
			ex.Files[f[1]] = f[2]
		case f[0] == "msg" && len(f) == 4 && f[1] != "" && f[2] != "" && f[3] != "":
			ex.Msgs = append(ex.Msgs, Explanation{Phrase: f[1], Cause: f[2], Fix: f[3], Line: n})
		default:
			return nil, fmt.Errorf("%s:%d: 应为 “file<TAB>路径<TAB>说明” 或 “msg<TAB>短语<TAB>原因<TAB>办法”", name, n)
		}
	}
	return ex, sc.Err()
}

// For returns the explanation of a message: the first whose phrase it contains.
func (ex *Explanations) For(m Message) *Explanation {
	t := m.Text()
	for i := range ex.Msgs {
		if strings.Contains(t, ex.Msgs[i].Phrase) {
			return &ex.Msgs[i]
		}
	}
	return nil
}

// Unused lists the explanations no message matches (stale hand-written entries).
func (ex *Explanations) Unused(msgs []Message) []Explanation {
	var out []Explanation
	for _, e := range ex.Msgs {
		used := false
		for _, m := range msgs {
			if strings.Contains(m.Text(), e.Phrase) {
				used = true
				break
			}
		}
		if !used {
			out = append(out, e)
		}
	}
	return out
}

// code writes s as a Markdown code span, with a fence longer than any run of backticks in it.
func code(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// Render writes the reference.
func Render(msgs []Message, ex *Explanations) []byte {
	var b bytes.Buffer
	count := map[Kind]int{}
	explained := 0
	for _, m := range msgs {
		count[m.Kind]++
		if ex.For(m) != nil {
			explained++
		}
	}
	b.WriteString(`# 错误信息一览

<!-- 本文件由 go run ./internal/msgdoc 从源代码生成，请勿手改。
     原因和办法写在 internal/msgdoc/explain.tsv 里。 -->

这里列出 ` + "`reportc check`" + ` 和 ` + "`reportc build`" + ` 可能打印的每一条检查消息，按源代码文件分组。
清单是从程序代码里直接提取的，所以不会和程序脱节；常见消息附有原因和改法。

**怎样读一条消息。** 每条消息前面是出问题的位置，后面是说明：

` + "```" + `
chapters/02.md:18: 引用了不存在的标签 “tab-schol”
workbooks/正文数据.xlsx 满意度比较!D3: 这一列是数字列，这里应为数字，实际是文字 “九十”（……）
` + "```" + `

- ` + "`chapters/02.md:18`" + ` 是文件 chapters/02.md 的第 18 行；用记事本、VS Code 等编辑器打开，跳到这一行。
- ` + "`workbooks/正文数据.xlsx 满意度比较!D3`" + ` 是工作簿 正文数据.xlsx 里 “满意度比较” 工作表的 D3 单元格。
- 下面的消息里，“…” 是程序填进去的具体内容（文件名、标签、数值等）。

**五种消息：**

| 标记 | 含义 |
|---|---|
| 错误 | 必须改正；有错误时 check 的退出码是 1，build 不生成任何文件。 |
| 警告 | 数据或文字可能不一致；草稿照常生成。正式版（` + "`--official`" + `）要求改正，或在 report.yaml 的 ` + "`accept:`" + ` 里写明理由和接受人。 |
| 正式版 | 只有 ` + "`reportc build --official`" + ` 才检查的原因，打印为 “正式版不能生成：…”。 |
| 片段 | 一条消息的后半部分，接在前面的说明之后，如 “文件 “chapters/09.md” ” 后面的 “文件不存在”。 |
| 提示 | 不是错误：正文里手写的数字等于某个数据单元格，建议改成绑定值，以后跟着表格变。 |

`)
	fmt.Fprintf(&b, "共 %d 条：错误 %d，警告 %d，正式版 %d，提示 %d，片段 %d；其中 %d 条附有原因和办法。\n",
		len(msgs), count[KindError], count[KindWarning], count[KindOfficial], count[KindHint], count[KindPart], explained)
	file := ""
	for _, m := range msgs {
		if m.File != file {
			file = m.File
			title := ex.Files[file]
			if title == "" {
				title = "其他消息"
			}
			fmt.Fprintf(&b, "\n## %s\n\n<sub>%s</sub>\n\n", title, file)
		}
		fmt.Fprintf(&b, "- **%s** %s\n", m.Kind, code(m.Text()))
		if e := ex.For(m); e != nil {
			fmt.Fprintf(&b, "  - 原因：%s\n  - 办法：%s\n", e.Cause, e.Fix)
		}
	}
	return b.Bytes()
}
