// Package docsync reads the names a format document defines — block directives
// (`::: table`), report.yaml keys and the columns of the 清单 sheet — so that a test can
// keep docs/format.md and its Chinese edition docs/格式说明.md in step.
package docsync

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Names is what one document defines.
type Names struct {
	Directives map[string]bool // table, chart, photo, case, todo
	Keys       map[string]bool // report.yaml keys as dotted paths: title, settings.page.top, accept.at
	Columns    map[string]bool // 清单 columns: 标签 … 备注, 注, 核对, 派生
}

var (
	directiveRe = regexp.MustCompile(`:::[ \t]*([a-z]+)`)
	settingRe   = regexp.MustCompile(`\bsettings(?:\.[a-z_]+)+`)
	yamlKeyRe   = regexp.MustCompile(`^( *)(- +)?([a-z_]+):(\s|$)`)
	headedRe    = regexp.MustCompile("(?:column headed|列名为) `(\\p{Han}+)`")
	bulletRe    = regexp.MustCompile(`^- \*\*(\p{Han}{1,6})\*\*`)
	// inlineKeyRe is a report.yaml key written in running text as code: `school_data:`,
	// `partial: true`.
	inlineKeyRe = regexp.MustCompile("`([a-z_]+):(?: [^`]*)?`")
)

// Extract reads the names a Markdown document defines.
func Extract(doc string) Names {
	n := Names{Directives: map[string]bool{}, Keys: map[string]bool{}, Columns: map[string]bool{}}
	for _, m := range directiveRe.FindAllStringSubmatch(doc, -1) {
		n.Directives[m[1]] = true
	}
	for _, m := range settingRe.FindAllString(doc, -1) {
		n.Keys[m] = true
	}
	for _, m := range inlineKeyRe.FindAllStringSubmatch(doc, -1) {
		if m[1] != "key" { // `key: value`, the generic form
			n.Keys[m[1]] = true
		}
	}
	for _, m := range headedRe.FindAllStringSubmatch(doc, -1) {
		n.Columns[m[1]] = true
	}
	lines := strings.Split(strings.ReplaceAll(doc, "\r\n", "\n"), "\n")
	inYAML, inIndex := false, false
	type level struct {
		indent int
		key    string
	}
	var stack []level
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "```"):
			inYAML = !inYAML && strings.TrimPrefix(t, "```") == "yaml"
			stack = stack[:0]
			continue
		case inYAML:
			m := yamlKeyRe.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			indent := len(m[1]) + len(m[2])
			for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
				stack = stack[:len(stack)-1]
			}
			stack = append(stack, level{indent, m[3]})
			keys := make([]string, len(stack))
			for i, s := range stack {
				keys[i] = s.key
			}
			n.Keys[strings.Join(keys, ".")] = true
			continue
		}
		// The 清单 table: its header row names the columns; the bullets after it, up to
		// the next heading, describe them (and the optional ones).
		if strings.HasPrefix(t, "|") {
			cells := strings.Split(strings.Trim(t, "|"), "|")
			if strings.TrimSpace(cells[0]) == "标签" {
				inIndex = true
				for _, c := range cells {
					if c = strings.TrimSpace(c); c != "" {
						n.Columns[c] = true
					}
				}
			}
			continue
		}
		if strings.HasPrefix(t, "#") {
			inIndex = false
		}
		if inIndex {
			if m := bulletRe.FindStringSubmatch(t); m != nil && allHan(m[1]) {
				n.Columns[m[1]] = true
			}
		}
	}
	return n
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// Missing lists the names a has and b lacks, sorted.
func Missing(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
