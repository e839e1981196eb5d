package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// pathCause drops the path from an *fs.PathError, so that a message names the path the
// user asked for and not a temporary file; a missing file is said in Chinese.
func pathCause(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("不存在")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("没有权限")
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}

// realPath is the absolute path with every symbolic link of its longest existing prefix
// followed, so that two names of one file compare equal even before it exists.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	rest := ""
	cur := abs
	for {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// sameFile says whether two paths name one file: the same real path, or, when both
// exist, the same file by identity (hard links, case-insensitive file systems).
func sameFile(a, b string) bool {
	if realPath(a) == realPath(b) {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// checkDistinct refuses a PDF and DOCX that are one file, and an output that is a
// folder or any other existing file that is not a regular file.
func checkDistinct(out Outputs) error {
	if out.PDF == "" {
		return errors.New("没有指定输出 PDF 的路径")
	}
	for _, p := range []string{out.PDF, out.DOCX} {
		if p == "" {
			continue
		}
		st, err := os.Stat(p)
		if err == nil && st.IsDir() {
			return fmt.Errorf("输出路径 %s 是一个文件夹；请给出文件名，如 %s", p, filepath.Join(p, "报告.pdf"))
		}
		// A device, FIFO or socket: the rename into place would replace the node itself
		// (`-o /dev/null` made /dev/null a regular file holding the PDF).
		if err == nil && !st.Mode().IsRegular() {
			return fmt.Errorf("输出路径 %s 不是普通文件（是设备、命名管道或套接字），不能用作输出；请给出一个普通文件名，如 out/报告.pdf", p)
		}
	}
	for _, p := range []string{out.PDF, out.DOCX} {
		if p != "" && strings.TrimSpace(filepath.Base(p)) == "" {
			return fmt.Errorf("输出文件名 “%s” 是空白的；请给出文件名，如 out/报告.pdf", p)
		}
	}
	// The skip stamp beside the PDF would overwrite a DOCX written there.
	if stamp := StampPath(out.PDF); out.DOCX != "" && (filepath.Clean(out.DOCX) == filepath.Clean(stamp) || sameFile(out.DOCX, stamp)) {
		return fmt.Errorf("DOCX 的输出路径 %s 是 PDF 旁记录生成情况的文件，会被覆盖；请换一个文件名，如 %s", out.DOCX, strings.TrimSuffix(out.PDF, filepath.Ext(out.PDF))+".docx")
	}
	if out.DOCX != "" && sameFile(out.PDF, out.DOCX) {
		return fmt.Errorf("PDF 和 DOCX 的输出路径是同一个文件（%s 与 %s）；请用 -o 和 -docx 给出两个不同的文件", out.PDF, out.DOCX)
	}
	return nil
}

// checkNotInput refuses an output that is one of the report's input files.
func checkNotInput(inputs []string, out Outputs) error {
	for _, o := range []string{out.PDF, out.DOCX} {
		if o == "" {
			continue
		}
		for _, in := range inputs {
			if sameFile(o, in) {
				return fmt.Errorf("输出文件 %s 是报告的输入文件 %s，不能覆盖；请换一个输出路径", o, in)
			}
		}
	}
	return nil
}

type file struct {
	path string
	data []byte
}

// replace writes every file to a temporary file in its target's folder, then renames
// them all into place. Nothing is renamed unless every temporary file is complete and
// ctx is still live; if a rename fails, the targets already replaced get their previous
// content back (kept as a hard link while renaming). Temporary files never outlive the
// call. Errors name the requested paths, not the temporary files.
func (b *Builder) replace(ctx context.Context, files []file) error {
	type pending struct {
		file
		tmp     string // the complete new content
		backup  string // a hard link to the previous content, if there was one
		existed bool   // the target existed before
		done    bool   // renamed into place
	}
	var ps []*pending
	defer func() {
		for _, p := range ps {
			if p.tmp != "" && !p.done {
				os.Remove(p.tmp)
			}
			if p.backup != "" {
				os.Remove(p.backup)
			}
		}
	}()
	for _, f := range files {
		p := &pending{file: f}
		ps = append(ps, p)
		dir := filepath.Dir(f.path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("写不了输出文件 %s：不能建立文件夹 %s（%v）", f.path, dir, pathCause(err))
		}
		tmp, err := os.CreateTemp(dir, ".reportc-*.tmp")
		if err != nil {
			return fmt.Errorf("写不了输出文件 %s：%v", f.path, pathCause(err))
		}
		p.tmp = tmp.Name()
		_, werr := tmp.Write(f.data)
		cerr := tmp.Close()
		if werr == nil {
			werr = cerr
		}
		if werr == nil {
			werr = os.Chmod(p.tmp, 0o644)
		}
		if werr != nil {
			return fmt.Errorf("写不了输出文件 %s：%v", f.path, pathCause(werr))
		}
	}
	b.stage("written")
	if err := ctx.Err(); err != nil {
		return err
	}
	// Keep the previous content of each target, so that a failed rename can be undone.
	for _, p := range ps {
		if _, err := os.Lstat(p.path); err != nil {
			continue
		}
		p.existed = true
		name := p.tmp + ".old"
		if os.Link(p.path, name) == nil {
			p.backup = name
		}
	}
	for i, p := range ps {
		if err := os.Rename(p.tmp, p.path); err != nil {
			for _, q := range ps[:i] {
				switch {
				case q.backup != "":
					os.Rename(q.backup, q.path)
				case !q.existed:
					os.Remove(q.path)
				}
			}
			return fmt.Errorf("写不了输出文件 %s：%v", p.path, pathCause(err))
		}
		p.done = true
	}
	return nil
}
