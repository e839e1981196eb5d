package data

import (
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// yamlLines maps a key path of report.yaml (“title”, “chapters[2]”, “settings.page.top”)
// to the line of its value.
type yamlLines map[string]int

// at returns the place of a key path, falling back to its parents and then the file.
func (l yamlLines) at(path string) Pos {
	for p := path; p != ""; {
		if n, ok := l[p]; ok {
			return Pos{File: "report.yaml", Line: n}
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return Pos{File: "report.yaml"}
}

var yamlTypeRE = regexp.MustCompile(`(?s)^line (\d+): cannot unmarshal (!!\w+)(?: ` + "`" + `(.*)` + "`" + `)? into (.+)$`)

// parseYAML reads report.yaml: one YAML document whose keys are all known. Problems are
// added to errs with their line; ok is false when nothing could be read.
func parseYAML(raw []byte, errs *ErrorList) (y *yamlReport, lines yamlLines, ok bool) {
	const name = "report.yaml"
	src, line, err := decodeText(raw)
	if err != nil {
		errs.Add(Pos{File: name, Line: line}, "%v", err)
		return nil, nil, false
	}
	dec := yaml.NewDecoder(strings.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			errs.Add(Pos{File: name}, "report.yaml 是空的：至少需要 title、issuer、published、statement 和 chapters（见 docs/format.md）")
		} else {
			errs.Add(yamlErrPos(err), "YAML 格式错误：%s", yamlMsg(err))
		}
		return nil, nil, false
	}
	if len(doc.Content) == 0 || doc.Content[0].Tag == "!!null" {
		errs.Add(Pos{File: name}, "report.yaml 是空的：至少需要 title、issuer、published、statement 和 chapters（见 docs/format.md）")
		return nil, nil, false
	}
	var second yaml.Node
	if err := dec.Decode(&second); !errors.Is(err, io.EOF) {
		pos := Pos{File: name, Line: second.Line}
		if err != nil {
			pos = yamlErrPos(err)
		}
		errs.Add(pos, "report.yaml 只能有一个 YAML 文档，这里开始了第二个（“---” 之后的内容）")
		return nil, nil, false
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		errs.Add(Pos{File: name, Line: root.Line}, "report.yaml 应由 “键: 值” 组成（如 title: …），这里是 %s", nodeKind(root))
		return nil, nil, false
	}
	lines = yamlLines{}
	before := len(*errs)
	budget := 100000 // nodes visited; aliases may repeat a subtree many times
	checkKeys(root, reflect.TypeOf(yamlReport{}), "", lines, errs, &budget)
	if len(*errs) > before {
		return nil, lines, false
	}
	y = &yamlReport{}
	if err := root.Decode(y); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, e := range te.Errors {
				errs.Add(yamlErrPos(errors.New(e)), "%s", yamlMsg(errors.New(e)))
			}
		} else {
			errs.Add(yamlErrPos(err), "YAML 格式错误：%s", yamlMsg(err))
		}
		return nil, lines, false
	}
	return y, lines, true
}

func yamlErrPos(err error) Pos {
	pos := Pos{File: "report.yaml"}
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
	}
	return pos
}

// yamlMsg says a YAML decoding error without Go type names.
func yamlMsg(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlTypeRE.FindStringSubmatch(s); m != nil {
		want := "别的类型"
		switch t := m[4]; {
		case t == "float64" || strings.HasPrefix(t, "*float"):
			want = "数字"
		case t == "int" || strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint"):
			want = "整数"
		case t == "bool":
			want = "true 或 false"
		case t == "string":
			want = "一段文字"
		case strings.HasPrefix(t, "[]"):
			want = "列表（[a, b] 或每行 “- 项”）"
		default:
			want = "“键: 值” 形式的映射"
		}
		got := map[string]string{"!!str": "文字", "!!int": "整数", "!!float": "数字", "!!bool": "true/false", "!!seq": "列表", "!!map": "映射", "!!null": "空值"}[m[2]]
		if got == "" {
			got = m[2]
		}
		if m[3] != "" {
			return fmt.Sprintf("这里应为%s，实际是%s “%s”", want, got, m[3])
		}
		return fmt.Sprintf("这里应为%s，实际是%s", want, got)
	}
	if m := yamlDupRE.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("键 “%s” 重复，第 %s 行已经有了；每个键只能写一次", m[1], m[2])
	}
	for _, t := range yamlParserMsgs {
		if strings.Contains(s, t.en) {
			return t.zh
		}
	}
	if strings.Contains(s, "cannot unmarshal") {
		return "这里的值类型不对（见 docs/格式说明.md 中 report.yaml 的写法）"
	}
	s = yamlLineRE.ReplaceAllString(s, "第 $1 行")
	return s
}

var yamlDupRE = regexp.MustCompile(`mapping key "(.*)" already defined at line (\d+)`)

// yamlParserMsgs are the YAML parser's usual complaints, said in terms of their usual
// cause.
var yamlParserMsgs = []struct{ en, zh string }{
	{"found character that cannot start any token", "这一行有 YAML 不接受的字符，多半是用制表符（Tab）缩进的；YAML 只能用空格缩进"},
	{"found a tab character", "这里（这一行或下一行）用了制表符（Tab）；YAML 只能用空格缩进"},
	{"mapping values are not allowed in this context", "这里多了一个 “: ”：值里含冒号加空格时，请把整个值用引号括起来"},
	{"did not find expected key", "缩进对不齐：这一行与同级的键缩进不同，或上一行的引号、括号没有配对"},
	{"found unexpected end of stream", "文件在引号或括号配对之前就结束了：请检查引号和括号是否成对"},
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "列表"
	case yaml.MappingNode:
		return "映射"
	case yaml.AliasNode:
		return "别名"
	}
	return "单个值"
}

// checkKeys walks a node against the type it decodes into: every mapping key must be a
// field of the struct (an unknown key is named with its line and the nearest known key),
// and the line of every value is recorded.
func checkKeys(n *yaml.Node, t reflect.Type, path string, lines yamlLines, errs *ErrorList, budget *int) {
	if *budget--; *budget < 0 {
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		line := n.Line
		checkKeys(n.Alias, t, path, lines, errs, budget)
		if path != "" {
			lines[path] = line
		}
		return
	}
	if path != "" {
		lines[path] = n.Line
	}
	if t == reflect.TypeOf(yaml.Node{}) {
		return // decoded and checked by its own reader (rules:, accept:)
	}
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		fields := map[string]reflect.Type{}
		var known []string
		for i := range t.NumField() {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if tag == "" || tag == "-" {
				continue
			}
			fields[tag] = f.Type
			known = append(known, tag)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			where := strings.TrimPrefix(path+"."+k.Value, ".")
			if !ok {
				msg := fmt.Sprintf("不认识的键 “%s”", where)
				if s := nearest(k.Value, known); s != "" {
					msg += fmt.Sprintf("；是不是 “%s”？", strings.TrimPrefix(path+"."+s, "."))
				} else {
					msg += fmt.Sprintf("；这里可用的键：%s", strings.Join(known, "、"))
				}
				errs.Add(Pos{File: "report.yaml", Line: k.Line}, "%s", msg)
				continue
			}
			checkKeys(v, ft, where, lines, errs, budget)
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, c := range n.Content {
			checkKeys(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i), lines, errs, budget)
		}
	}
}

// nearest returns the known key closest to s (edit distance at most 2, or a third of
// its length), or "".
func nearest(s string, known []string) string {
	best, bestD := "", math.MaxInt
	for _, k := range known {
		if d := editDistance(strings.ToLower(s), k); d < bestD {
			best, bestD = k, d
		}
	}
	if bestD <= max(2, len([]rune(s))/3) {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	if len(x) > 64 || len(y) > 64 {
		return math.MaxInt
	}
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}
