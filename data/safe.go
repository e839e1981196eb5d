package data

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// The report folder is the sandbox: every file the input names must be a regular file
// inside it, after symbolic links are followed. These limits bound what one file may
// cost to read.
const (
	// MaxTextBytes is the largest report.yaml or chapter file read.
	MaxTextBytes = 16 << 20
	// MaxImageBytes is the largest photo or seal file read.
	MaxImageBytes = 40 << 20
	// MaxWorkbookBytes is the largest workbook file read (compressed).
	MaxWorkbookBytes = 50 << 20
	// MaxFontBytes is the largest settings.fonts file read.
	MaxFontBytes = 64 << 20
)

// ErrMissing is the error of InsideFile for a name that is acceptable but does not
// exist (yet): a draft draws a placeholder for such a photo, and `reportc placeholders`
// may write one there.
var ErrMissing = errors.New("文件不存在")

// InsideFile resolves name, a path named by the input, against the report folder dir.
// It returns the path to open, or an error in Chinese that says why the name is refused:
// an absolute path, a path that leaves the folder (“../”, or a symbolic link pointing
// out), something that is not a regular file (a folder, a FIFO, a device) or a file
// that does not exist. The file is never opened to find out (a FIFO would block).
func InsideFile(dir, name string) (string, error) {
	if strings.TrimSpace(name) == "" {
		return "", errors.New("路径是空的")
	}
	if strings.ContainsRune(name, 0) {
		return "", errors.New("路径含有空字符")
	}
	if filepath.IsAbs(name) || filepath.VolumeName(name) != "" || strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`) {
		return "", errors.New("是绝对路径；只能用报告目录内的相对路径")
	}
	clean := filepath.Clean(filepath.FromSlash(name))
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", errors.New("指向报告目录之外；只能引用报告目录内的文件")
	}
	root, err := filepath.Abs(dir)
	if err == nil {
		root, err = filepath.EvalSymlinks(root)
	}
	if err != nil {
		return "", fmt.Errorf("报告目录读不到：%v", unwrapPath(err))
	}
	full := filepath.Join(root, clean)
	if _, err := os.Lstat(full); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			// Missing: the folders that do exist on its way must still be inside (a
			// placeholder written there must not land outside through a linked folder).
			for p := filepath.Dir(full); len(p) > len(root); p = filepath.Dir(p) {
				if _, err := os.Lstat(p); err != nil {
					continue
				}
				if real, err := filepath.EvalSymlinks(p); err != nil || !inside(root, real) {
					return "", errors.New("所在的文件夹是指向报告目录之外的符号链接；只能引用报告目录内的文件")
				}
				break
			}
			return "", ErrMissing
		}
		return "", fmt.Errorf("读不到：%v", unwrapPath(err))
	}
	real, err := filepath.EvalSymlinks(full)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", errors.New("是指向不存在文件的符号链接")
		}
		return "", fmt.Errorf("读不到：%v", unwrapPath(err))
	}
	if !inside(root, real) {
		return "", errors.New("是指向报告目录之外的符号链接；只能引用报告目录内的文件")
	}
	st, err := os.Stat(real)
	if err != nil {
		return "", fmt.Errorf("读不到：%v", unwrapPath(err))
	}
	switch m := st.Mode(); {
	case m.IsRegular():
		return real, nil
	case m.IsDir():
		return "", errors.New("是文件夹，不是文件")
	case m&fs.ModeNamedPipe != 0:
		return "", errors.New("是命名管道（FIFO），不是普通文件")
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return "", errors.New("是设备文件，不是普通文件")
	case m&fs.ModeSocket != 0:
		return "", errors.New("是套接字，不是普通文件")
	default:
		return "", errors.New("不是普通文件")
	}
}

// inside reports whether path lies in the folder root (both resolved).
func inside(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// readInside reads a file named by the input, refusing anything InsideFile refuses and
// anything larger than limit bytes.
func readInside(dir, name string, limit int64) ([]byte, error) {
	path, err := InsideFile(dir, name)
	if err != nil {
		return nil, err
	}
	// Non-blocking: should the file have been swapped for a FIFO since InsideFile looked,
	// opening it must not wait for a writer (the Stat below then refuses it).
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("读不到：%v", unwrapPath(err))
	}
	defer f.Close()
	// Stat the opened file again: it may have been swapped since InsideFile looked.
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, errors.New("不是普通文件")
	} else if st.Size() > limit {
		return nil, fmt.Errorf("文件太大（%s，上限 %s）", sizeText(st.Size()), sizeText(limit))
	}
	// Room for the whole file and one byte more, so that the end is found without the
	// buffer growing (io.ReadAll's doubling was most of reading the example's photos);
	// a file that grew meanwhile still reads up to limit+1 bytes.
	b, err := readAllSized(io.LimitReader(f, limit+1), st.Size()+1)
	if err != nil {
		return nil, fmt.Errorf("读不到：%v", unwrapPath(err))
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("文件太大（上限 %s）", sizeText(limit))
	}
	return b, nil
}

// readAllSized is io.ReadAll into a buffer of the given starting capacity.
func readAllSized(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, size)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	default:
		return fmt.Sprintf("%d 字节", n)
	}
}

// decodeText turns the bytes of a text file into a string: a UTF-8 byte-order mark is
// dropped, CRLF and lone CR line ends become LF. A file that is not UTF-8 is refused with
// the line of the first bad byte, naming GB18030/GBK when the file reads as that.
func decodeText(b []byte) (string, int, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		bad := 0
		for bad < len(b) {
			r, size := utf8.DecodeRune(b[bad:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			bad += size
		}
		line := 1 + bytes.Count(b[:bad], []byte("\n"))
		if looksGB18030(b) {
			return "", line, errors.New("不是 UTF-8 编码：看起来是 GB18030/GBK 编码（Windows 记事本的 “ANSI”）；请用 UTF-8 编码另存")
		}
		return "", line, errors.New("不是 UTF-8 编码的文本；请用 UTF-8 编码另存")
	}
	if bytes.HasPrefix(b, []byte{0xfe, 0xff}) || bytes.HasPrefix(b, []byte{0xff, 0xfe}) {
		return "", 1, errors.New("是 UTF-16 编码；请用 UTF-8 编码另存")
	}
	s := string(b)
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s, 0, nil
}

// looksGB18030 reports whether b decodes as GB18030 into mostly Han text.
func looksGB18030(b []byte) bool {
	if bytes.HasPrefix(b, []byte{0xfe, 0xff}) || bytes.HasPrefix(b, []byte{0xff, 0xfe}) {
		return false
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil || !utf8.Valid(out) {
		return false
	}
	han, other := 0, 0
	for _, r := range string(out) {
		switch {
		case r == utf8.RuneError:
			return false
		case unicode.Is(unicode.Han, r) || unicode.In(r, unicode.P) && r >= 0x3000:
			han++
		case r >= 0x80:
			other++
		}
	}
	return han > 0 && han >= 4*other
}

// readText reads a text file of the report, reporting problems at pos (where the file is
// named) or, for encoding problems, at the file and line itself.
func readText(dir, name string, pos Pos, errs *ErrorList) (string, bool) {
	b, err := readInside(dir, name, MaxTextBytes)
	if err != nil {
		errs.addCause(pos, "文件 “%s” %s", name, refusal(err))
		return "", false
	}
	s, line, err := decodeText(b)
	if err != nil {
		errs.addCause(Pos{File: name, Line: line}, "%v", err)
		return "", false
	}
	return s, true
}

// refusal phrases an InsideFile or readInside error after the file's name.
func refusal(err error) string {
	if errors.Is(err, ErrMissing) {
		return "不存在"
	}
	return "不能使用：" + err.Error()
}
