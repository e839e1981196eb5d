// Package pdfupdate reads the objects of a finished PDF through its chain of classic
// cross-reference tables and appends incremental updates to it. The signature uses it:
// it adds objects and rewrites a few (a page, the catalog) without touching a byte of
// what is already written, in a fixed order so that identical input gives an identical
// file.
package pdfupdate

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"unicode/utf16"
)

// File is a parsed PDF: its newest trailer and the offset of every object's newest
// version.
type File struct {
	Src       []byte
	Root      int
	Info      int // -1 when there is none
	Size      int
	StartXref int
	offsets   map[int]int
}

var (
	reStartxref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF`)
	reSize      = regexp.MustCompile(`/Size\s+(\d+)`)
	reRoot      = regexp.MustCompile(`/Root\s+(\d+)\s+0\s+R`)
	reInfo      = regexp.MustCompile(`/Info\s+(\d+)\s+0\s+R`)
	rePrev      = regexp.MustCompile(`/Prev\s+(\d+)`)
	reRef       = regexp.MustCompile(`(\d+)\s+0\s+R`)
)

// Open parses the trailer chain of src. Only classic xref tables are read (layout/pdf
// and this package write nothing else); a cross-reference stream is reported as an error.
func Open(src []byte) (*File, error) {
	ms := reStartxref.FindAllSubmatchIndex(src, -1)
	if ms == nil {
		return nil, fmt.Errorf("不是完整的 PDF 文件：找不到 startxref")
	}
	last := ms[len(ms)-1]
	at, _ := strconv.Atoi(string(src[last[2]:last[3]]))
	f := &File{Src: src, Info: -1, Size: -1, Root: -1, StartXref: at, offsets: map[int]int{}}
	seen := map[int]bool{}
	first := true
	for {
		if seen[at] {
			return nil, fmt.Errorf("交叉引用表的 /Prev 形成循环")
		}
		seen[at] = true
		trailer, err := f.readXref(at)
		if err != nil {
			return nil, err
		}
		if first {
			get := func(re *regexp.Regexp) int {
				m := re.FindSubmatch(trailer)
				if m == nil {
					return -1
				}
				n, _ := strconv.Atoi(string(m[1]))
				return n
			}
			f.Size, f.Root, f.Info = get(reSize), get(reRoot), get(reInfo)
			if f.Size < 0 || f.Root < 0 {
				return nil, fmt.Errorf("PDF 的 trailer 不完整（缺少 /Size 或 /Root）")
			}
			first = false
		}
		m := rePrev.FindSubmatch(trailer)
		if m == nil {
			break
		}
		at, _ = strconv.Atoi(string(m[1]))
	}
	return f, nil
}

// readXref reads one xref section at offset at, records the objects not yet seen, and
// returns its trailer dictionary.
func (f *File) readXref(at int) ([]byte, error) {
	src := f.Src
	if at < 0 || at >= len(src) || !bytes.HasPrefix(src[at:], []byte("xref")) {
		return nil, fmt.Errorf("偏移 %d 处没有交叉引用表（不支持交叉引用流）", at)
	}
	end := bytes.Index(src[at:], []byte("trailer"))
	if end < 0 {
		return nil, fmt.Errorf("偏移 %d 处的交叉引用表没有 trailer", at)
	}
	lines := bytes.Split(src[at+4:at+end], []byte("\n"))
	for i := 0; i < len(lines); {
		fl := bytes.Fields(lines[i])
		if len(fl) == 0 {
			i++
			continue
		}
		if len(fl) != 2 {
			return nil, fmt.Errorf("偏移 %d 处的交叉引用表格式不对", at)
		}
		start, err1 := strconv.Atoi(string(fl[0]))
		cnt, err2 := strconv.Atoi(string(fl[1]))
		if err1 != nil || err2 != nil || cnt < 0 {
			return nil, fmt.Errorf("偏移 %d 处的交叉引用表格式不对", at)
		}
		for j := 0; j < cnt; j++ {
			if i+1+j >= len(lines) {
				return nil, fmt.Errorf("偏移 %d 处的交叉引用表不完整", at)
			}
			e := bytes.Fields(lines[i+1+j])
			if len(e) == 3 && string(e[2]) == "n" {
				if _, ok := f.offsets[start+j]; !ok {
					off, _ := strconv.Atoi(string(e[0]))
					f.offsets[start+j] = off
				}
			} else if len(e) == 3 {
				if _, ok := f.offsets[start+j]; !ok {
					f.offsets[start+j] = -1 // free in the newest version
				}
			}
		}
		i += 1 + cnt
	}
	tail := src[at+end:]
	if k := bytes.Index(tail, []byte("startxref")); k >= 0 {
		tail = tail[:k]
	}
	return tail, nil
}

// Object returns the newest version of object n: its dictionary (or other value) up to
// "stream" or "endobj", trimmed.
func (f *File) Object(n int) ([]byte, error) {
	off, ok := f.offsets[n]
	if !ok || off < 0 || off >= len(f.Src) {
		return nil, fmt.Errorf("PDF 中找不到对象 %d", n)
	}
	body := f.Src[off:]
	start := bytes.Index(body, []byte("obj"))
	end := bytes.Index(body, []byte("endobj"))
	if start < 0 || end < 0 || end < start {
		return nil, fmt.Errorf("PDF 对象 %d 不完整", n)
	}
	body = body[start+3 : end]
	if s := bytes.Index(body, []byte("stream")); s >= 0 {
		body = body[:s]
	}
	return bytes.Clone(bytes.TrimSpace(body)), nil
}

// Pages returns the object numbers of the pages in order. The page tree may nest.
func (f *File) Pages() ([]int, error) {
	cat, err := f.Object(f.Root)
	if err != nil {
		return nil, err
	}
	m := regexp.MustCompile(`/Pages\s+(\d+)\s+0\s+R`).FindSubmatch(cat)
	if m == nil {
		return nil, fmt.Errorf("PDF 目录对象没有 /Pages")
	}
	root, _ := strconv.Atoi(string(m[1]))
	var out []int
	seen := map[int]bool{}
	var walk func(n, depth int) error
	walk = func(n, depth int) error {
		if depth > 32 || seen[n] {
			return fmt.Errorf("PDF 页面树有环或太深")
		}
		seen[n] = true
		o, err := f.Object(n)
		if err != nil {
			return err
		}
		kids := regexp.MustCompile(`/Kids\s*\[([^\]]*)\]`).FindSubmatch(o)
		if kids == nil {
			out = append(out, n)
			return nil
		}
		for _, r := range reRef.FindAllSubmatch(kids[1], -1) {
			k, _ := strconv.Atoi(string(r[1]))
			if err := walk(k, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, 0); err != nil {
		return nil, err
	}
	return out, nil
}

// Update collects new and rewritten objects of one incremental update.
type Update struct {
	f    *File
	next int
	objs map[int][]byte
}

// NewUpdate starts an incremental update of f.
func (f *File) NewUpdate() *Update {
	return &Update{f: f, next: f.Size, objs: map[int][]byte{}}
}

// Reserve returns a new object number; Set must give it a body.
func (u *Update) Reserve() int {
	n := u.next
	u.next++
	return n
}

// Add writes a new object and returns its number.
func (u *Update) Add(body []byte) int {
	n := u.Reserve()
	u.objs[n] = body
	return n
}

// Set gives object n (new or existing) the body.
func (u *Update) Set(n int, body []byte) { u.objs[n] = body }

// Stream makes the body of a stream object from its dictionary entries (without
// /Length) and its data.
func Stream(dict string, data []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<<%s /Length %d>>\nstream\n", dict, len(data))
	b.Write(data)
	b.WriteString("\nendstream")
	return b.Bytes()
}

// Bytes returns the file with the update appended, objects in number order. It also
// returns the offset of each written object, which a signature needs to patch its
// placeholders.
func (u *Update) Bytes() ([]byte, map[int]int) {
	return Append(u.f.Src, u.objs, u.next, u.f.Root, u.f.Info, u.f.StartXref)
}

// Append returns src with an incremental update appended: the objects of objs in
// number order, their cross-reference section and a trailer (/Size size, /Root root,
// /Info info when it is not negative, /Prev prev). It also returns the offset of each
// object written.
func Append(src []byte, objs map[int][]byte, size, root, info, prev int) ([]byte, map[int]int) {
	var out bytes.Buffer
	out.Write(src)
	if !bytes.HasSuffix(src, []byte("\n")) {
		out.WriteByte('\n')
	}
	nums := make([]int, 0, len(objs))
	for n := range objs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	offs := map[int]int{}
	for _, n := range nums {
		offs[n] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", n, objs[n])
	}
	xref := out.Len()
	out.WriteString("xref\n")
	for _, n := range nums {
		fmt.Fprintf(&out, "%d 1\n%010d 00000 n \n", n, offs[n])
	}
	fmt.Fprintf(&out, "trailer\n<<\n/Size %d\n/Root %d 0 R\n", size, root)
	if info >= 0 {
		fmt.Fprintf(&out, "/Info %d 0 R\n", info)
	}
	fmt.Fprintf(&out, "/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n", prev, xref)
	return out.Bytes(), offs
}

// SetKey returns dict (a "<<…>>" dictionary) with key set to value: an existing direct
// entry of key is replaced when its value is a simple token, a reference, an array or
// a dictionary; otherwise the entry is added before the closing ">>".
func SetKey(dict []byte, key, value string) ([]byte, error) {
	d := bytes.TrimSpace(dict)
	if !bytes.HasPrefix(d, []byte("<<")) || !bytes.HasSuffix(d, []byte(">>")) {
		return nil, fmt.Errorf("不是 PDF 字典")
	}
	start, end, ok := findKey(d, key)
	if !ok {
		out := append(bytes.Clone(d[:len(d)-2]), []byte("\n/"+key+" "+value+">>")...)
		return out, nil
	}
	out := append(bytes.Clone(d[:start]), []byte("/"+key+" "+value)...)
	return append(out, d[end:]...), nil
}

// GetKey returns the raw value of a top-level key of dict, or nil.
func GetKey(dict []byte, key string) []byte {
	d := bytes.TrimSpace(dict)
	start, end, ok := findKey(d, key)
	if !ok {
		return nil
	}
	v := d[start+1+len(key) : end]
	return bytes.TrimSpace(v)
}

// findKey finds a top-level entry /key of a dictionary and returns where the entry
// starts (its slash) and where its value ends.
func findKey(d []byte, key string) (int, int, bool) {
	depth := 0
	for i := 0; i < len(d); i++ {
		switch {
		case bytes.HasPrefix(d[i:], []byte("<<")):
			depth++
			i++
		case bytes.HasPrefix(d[i:], []byte(">>")):
			depth--
			i++
		case d[i] == '(':
			i = skipString(d, i)
		case d[i] == '/' && depth == 1:
			j := i + 1
			for j < len(d) && !isDelim(d[j]) {
				j++
			}
			if string(d[i+1:j]) == key {
				return i, valueEnd(d, j), true
			}
			// Skip the value too, so that a name value is not taken for a key.
			i = valueEnd(d, j) - 1
		}
	}
	return 0, 0, false
}

func isDelim(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '/' || c == '<' || c == '>' || c == '[' || c == ']' || c == '(' || c == ')'
}

func skipString(d []byte, i int) int {
	depth := 0
	for ; i < len(d); i++ {
		switch d[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(d) - 1
}

// valueEnd returns the end of the value that starts after position j (skipping space).
func valueEnd(d []byte, j int) int {
	for j < len(d) && (d[j] == ' ' || d[j] == '\n' || d[j] == '\r' || d[j] == '\t') {
		j++
	}
	if j >= len(d) {
		return j
	}
	switch {
	case bytes.HasPrefix(d[j:], []byte("<<")):
		depth := 0
		for k := j; k < len(d); k++ {
			switch {
			case bytes.HasPrefix(d[k:], []byte("<<")):
				depth++
				k++
			case bytes.HasPrefix(d[k:], []byte(">>")):
				depth--
				k++
				if depth == 0 {
					return k + 1
				}
			case d[k] == '(':
				k = skipString(d, k)
			}
		}
		return len(d)
	case d[j] == '[':
		depth := 0
		for k := j; k < len(d); k++ {
			switch d[k] {
			case '[':
				depth++
			case ']':
				depth--
				if depth == 0 {
					return k + 1
				}
			case '(':
				k = skipString(d, k)
			}
		}
		return len(d)
	case d[j] == '(':
		return skipString(d, j) + 1
	case d[j] == '<':
		k := bytes.IndexByte(d[j:], '>')
		if k < 0 {
			return len(d)
		}
		return j + k + 1
	case d[j] == '/':
		k := j + 1
		for k < len(d) && !isDelim(d[k]) {
			k++
		}
		return k
	}
	// A number, or a reference "n g R".
	if m := regexp.MustCompile(`^\d+\s+\d+\s+R`).Find(d[j:]); m != nil {
		return j + len(m)
	}
	k := j
	for k < len(d) && !isDelim(d[k]) {
		k++
	}
	return k
}

// TextString encodes s as a PDF text string in UTF-16BE with a byte-order mark.
func TextString(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, c := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", c)
	}
	b.WriteString(">")
	return b.String()
}
