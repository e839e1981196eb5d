package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path/filepath"
	"time"
)

// Watch builds a report folder, then polls it every interval and rebuilds when a file
// in it changes (is added, removed, or gets another size or modification time). Each
// build ends with a call to report. As with Build, the outputs are replaced only by a
// successful build: while the folder has errors the last good pair stays. The output
// files themselves, their stamp and temporary files are not watched, so outputs inside
// the folder do not trigger rebuilds. Watch returns when ctx is cancelled.
func (b *Builder) Watch(ctx context.Context, dir string, out Outputs, interval time.Duration, report func(JobResult)) {
	if interval <= 0 {
		interval = 500 * time.Millisecond
	}
	skip := map[string]bool{}
	for _, p := range []string{out.PDF, out.DOCX, StampPath(out.PDF)} {
		if p != "" {
			skip[realPath(p)] = true
		}
	}
	job := Job{Dir: dir, Out: out}
	last := folderState(dir, skip)
	report(b.runJob(ctx, job, false, nil))
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		now := folderState(dir, skip)
		if now == last {
			continue
		}
		last = now
		r := b.runJob(ctx, job, true, nil)
		if r.Status == Interrupted {
			return
		}
		report(r)
	}
}

// folderState is a fingerprint of every file under dir but those in skip: names, sizes,
// modification times and modes. A folder that cannot be read has its error as state.
func folderState(dir string, skip map[string]bool) string {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(h, "%s\x00error\x00", p)
			return nil
		}
		name := d.Name()
		if d.IsDir() || len(name) > 9 && name[:9] == ".reportc-" || skip[realPath(p)] {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			fmt.Fprintf(h, "%s\x00gone\x00", p)
			return nil
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00%v\x00", p, info.Size(), info.ModTime().UnixNano(), info.Mode())
		return nil
	})
	if err != nil {
		fmt.Fprintf(h, "walk error %v", err)
	}
	return hex.EncodeToString(h.Sum(nil))
}
