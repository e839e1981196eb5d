package build

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/reportc/reportc/charts"
	"github.com/reportc/reportc/data"
	"github.com/reportc/reportc/fonts"
)

// Placeholders writes a grey 照片待补 image for every photo the text places that does
// not exist yet, and returns how many it wrote. It writes only inside the report
// folder: a photo path that is absolute, climbs out with ../, or leads out through a
// symbolic link, and a path that exists but is not a regular file, is a located error,
// and then nothing is written at all. Existing images are never overwritten.
func Placeholders(dir string) (n int, err error) {
	defer recoverInternal(dir, &err)
	if err := checkDir(dir); err != nil {
		return 0, err
	}
	rep, err := data.Load(dir)
	var list data.ErrorList
	if err != nil && !errors.As(err, &list) {
		return 0, err
	}
	if rep == nil || len(rep.Chapters) == 0 && err != nil {
		return 0, err // nothing could be read: report why
	}
	type photo struct {
		block *data.Block
		path  string
	}
	var todo []photo
	var errs data.ErrorList
	seen := map[string]bool{}
	rep.EachBlock(func(b *data.Block) {
		if b.Kind != data.BPhoto || seen[b.File] {
			return
		}
		seen[b.File] = true
		path, problem := insideFolder(dir, b.File)
		if problem != "" {
			errs.Add(b.Pos, "照片 “%s” %s；占位图只写在报告目录之内", b.File, problem)
			return
		}
		if path != "" {
			todo = append(todo, photo{b, path})
		}
	})
	if len(errs) > 0 {
		errs.Sort()
		return 0, errs
	}
	fset, err := fonts.Load()
	if err != nil {
		return 0, err
	}
	b := &Builder{}
	for _, p := range todo {
		png, err := charts.PlaceholderFile(fset.Face(fonts.Sans).TruetypeComplete(), 1200, 800, p.block.Caption, p.block.File)
		if err != nil {
			return n, err
		}
		if err := b.replace(context.Background(), []file{{path: p.path, data: png}}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// insideFolder resolves a photo path of the report folder dir with the sandbox rule
// every input path follows (data.InsideFile). It returns the path to write, "" when the
// file exists already (nothing to do), or the problem: outside the folder, or not a
// regular file.
func insideFolder(dir, name string) (path, problem string) {
	_, err := data.InsideFile(dir, name)
	switch {
	case err == nil:
		return "", ""
	case errors.Is(err, data.ErrMissing):
		return filepath.Join(dir, filepath.Clean(filepath.FromSlash(name))), ""
	}
	return "", err.Error()
}
