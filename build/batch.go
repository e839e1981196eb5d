package build

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/reportc/reportc/data"
)

// Job is one folder of a batch and the outputs it writes.
type Job struct {
	Dir string
	Out Outputs
}

// Status says how a job of a batch ended.
type Status int

const (
	Built       Status = iota // outputs written
	Unchanged                 // inputs, settings and reportc unchanged since the outputs were written: skipped
	Failed                    // an error; previous outputs untouched
	Interrupted               // the context was cancelled before or while it ran
)

func (s Status) String() string {
	return [...]string{"已生成", "未变", "失败", "已中断"}[s]
}

// JobResult is what became of one job.
type JobResult struct {
	Job
	Status   Status
	Err      error           // for Failed and Interrupted
	Pages    int             // for Built
	PDFSize  int             // bytes, for Built
	DOCXSize int             // bytes, for Built with a DOCX
	Warnings data.ErrorList  // for Built: the warnings not accepted in report.yaml
	Accepted []data.Accepted // for Built: the accepted ones
	Time     time.Duration
}

// BatchOptions tune Batch.
type BatchOptions struct {
	// Workers is how many folders are built at once; 0 means one per CPU.
	Workers int
	// Force rebuilds folders whose outputs are up to date.
	Force bool
	// Start, when set, is called as a job starts building (not for skipped jobs), and
	// Done once per job as it ends; both from one goroutine at a time.
	Start func(Job)
	Done  func(JobResult)
}

// CheckJobs refuses a batch in which two jobs would write the same file (a/2024 and
// b/2024 both to out/2024.pdf, or one folder given twice).
func CheckJobs(jobs []Job) error {
	owner := map[string]int{}
	for i, j := range jobs {
		for _, p := range []string{j.Out.PDF, j.Out.DOCX} {
			if p == "" {
				continue
			}
			key := realPath(p)
			if prev, dup := owner[key]; dup && prev != i {
				return fmt.Errorf("目录 %s 和 %s 的输出都会是 %s，后一个会覆盖前一个；请分别生成并用 -o 指定不同的输出文件", jobs[prev].Dir, j.Dir, p)
			}
			owner[key] = i // a job's own PDF = DOCX is Build's error, said as such
		}
	}
	return nil
}

// Batch builds many folders in parallel. A failing folder does not stop the others; a
// folder whose outputs are up to date (see upToDate) is skipped unless opts.Force. The
// results are in the order of jobs; the folders start largest first (see largestFirst).
// Parsed fonts are shared between the folders.
func (b *Builder) Batch(ctx context.Context, jobs []Job, opts BatchOptions) []JobResult {
	results := make([]JobResult, len(jobs))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	var mu sync.Mutex // serialises opts.Done
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var start func(Job)
				if opts.Start != nil {
					start = func(j Job) {
						mu.Lock()
						opts.Start(j)
						mu.Unlock()
					}
				}
				r := b.runJob(ctx, jobs[i], opts.Force, start)
				results[i] = r
				if opts.Done != nil {
					mu.Lock()
					opts.Done(r)
					mu.Unlock()
				}
			}
		}()
	}
	for _, i := range largestFirst(jobs) {
		if ctx.Err() != nil {
			results[i] = JobResult{Job: jobs[i], Status: Interrupted, Err: ctx.Err()}
			continue
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// largestFirst is the order in which a batch starts its jobs: by the size of their
// folders, largest first, so that the longest build (a city's booklet among its
// schools' drafts) does not start last and run alone on one core at the end. Ties, and
// folders that cannot be read, keep the order given.
func largestFirst(jobs []Job) []int {
	order := make([]int, len(jobs))
	size := make([]int64, len(jobs))
	for i, j := range jobs {
		order[i], size[i] = i, folderSize(j.Dir)
	}
	sort.SliceStable(order, func(a, b int) bool { return size[order[a]] > size[order[b]] })
	return order
}

// folderSize is the total size of the regular files under dir, counting at most the
// first maxFolderEntries entries (a cost estimate, not an inventory: a folder given by
// mistake, such as a home folder, must not be walked whole).
func folderSize(dir string) int64 {
	const maxFolderEntries = 5000
	var total int64
	n := 0
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if n++; n > maxFolderEntries {
			return filepath.SkipAll
		}
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			total += info.Size()
		}
		return nil
	})
	return total
}

func (b *Builder) runJob(ctx context.Context, j Job, force bool, started func(Job)) (r JobResult) {
	start := time.Now()
	r.Job = j
	defer func() {
		// Build recovers its own panics; this covers the stamp and the up-to-date check,
		// which run on a batch goroutine where a panic would end the whole process.
		if v := recover(); v != nil {
			r.Status, r.Err = Failed, &InternalError{Dir: j.Dir, Value: v, Stack: debug.Stack()}
		}
		r.Time = time.Since(start)
	}()
	if err := ctx.Err(); err != nil {
		r.Status, r.Err = Interrupted, err
		return r
	}
	if !force && b.safely(func() bool { return b.upToDate(j) }) {
		r.Status = Unchanged
		return r
	}
	if started != nil {
		started(j)
	}
	res, err := b.Build(ctx, j.Dir, j.Out)
	switch {
	case err == nil:
		r.Status, r.Pages, r.PDFSize, r.DOCXSize, r.Warnings, r.Accepted = Built, len(res.Book.Pages), len(res.PDF), len(res.DOCX), res.Warnings, res.Accepted
		b.safely(func() bool { b.writeStamp(j, res, start); return true })
	case ctx.Err() != nil:
		r.Status, r.Err = Interrupted, ctx.Err()
	default:
		r.Status, r.Err = Failed, err
	}
	return r
}

// safely runs a best-effort step (the stamp check or write): a panic there is a bug
// too, but costs only a rebuild, so it counts as false rather than failing the job.
func (b *Builder) safely(step func() bool) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return step()
}

// The stamp is the content hash kept beside a job's PDF, as <pdf>.reportc: what the
// outputs were built from (the reportc executable, the output paths, every input file's
// content) and the hashes of the outputs written. A folder is up to date when all of it
// still holds; the input list is the one recorded, which is sound because the files
// that decide that list (report.yaml, the chapters) are in it.
const stampHeader = "reportc-stamp 1"

// StampPath is the path of the stamp kept beside a PDF.
func StampPath(pdf string) string { return pdf + ".reportc" }

func hashFile(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "missing"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "unreadable"
	}
	return hex.EncodeToString(h.Sum(nil))
}

func hashBytes(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// version identifies the running reportc: its executable's size and modification
// time (any new build of reportc changes them; hashing the 70 MB executable, fonts
// included, would cost more than checking a whole batch) and the Go version. "" when
// the executable cannot be found (then nothing is ever up to date).
func (b *Builder) version() string {
	b.versionOnce.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			return
		}
		st, err := os.Stat(exe)
		if err != nil {
			return
		}
		b.exeID = fmt.Sprintf("%s %d %d %s", runtime.Version(), st.Size(), st.ModTime().UnixNano(), realPath(exe))
	})
	return b.exeID
}

// stampLines is the stamp's content, given the inputs (relative to the job's folder,
// or absolute) and the outputs' hashes.
func (b *Builder) stampLines(j Job, inputs []string, pdfHash, docxHash string) []string {
	lines := []string{stampHeader, "reportc " + b.version(), "edition " + b.Edition.stamp(), "pdf " + pdfHash + " " + realPath(j.Out.PDF)}
	if j.Out.DOCX != "" {
		lines = append(lines, "docx "+docxHash+" "+realPath(j.Out.DOCX))
	}
	for _, in := range inputs {
		path := in
		if !filepath.IsAbs(in) {
			path = filepath.Join(j.Dir, in)
		}
		lines = append(lines, "in "+hashFile(path)+" "+in)
	}
	return lines
}

func (b *Builder) writeStamp(j Job, res *Result, start time.Time) {
	b.stage("stamp")
	if b.version() == "" {
		return
	}
	var inputs []string
	for _, in := range res.Report.Inputs() {
		// An input saved while the build ran may have been read before or after the
		// change; the stamp hashes it now, so it would call outputs made from the old
		// text up to date. No stamp then: the next build builds again.
		if st, err := os.Stat(in); err == nil && !st.ModTime().Before(start) {
			return
		}
		if rel, err := filepath.Rel(j.Dir, in); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			in = rel
		}
		inputs = append(inputs, in)
	}
	sort.Strings(inputs)
	docxHash := ""
	if j.Out.DOCX != "" {
		docxHash = hashBytes(res.DOCX)
	}
	text := strings.Join(b.stampLines(j, inputs, hashBytes(res.PDF), docxHash), "\n") + "\n"
	// A stamp that cannot be written only costs a rebuild next time.
	b.replace(context.Background(), []file{{path: StampPath(j.Out.PDF), data: []byte(text)}})
}

// upToDate says whether a job's outputs were written by this reportc from inputs with
// the content they have now, and are still as written.
func (b *Builder) upToDate(j Job) bool {
	b.stage("up to date?")
	if b.version() == "" {
		return false
	}
	f, err := os.Open(StampPath(j.Out.PDF))
	if err != nil {
		return false
	}
	defer f.Close()
	var lines, inputs []string
	pdfHash, docxHash := "", ""
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		lines = append(lines, line)
		kind, rest, _ := strings.Cut(line, " ")
		hash, path, _ := strings.Cut(rest, " ")
		switch kind {
		case "in":
			inputs = append(inputs, path)
		case "pdf":
			pdfHash = hash
		case "docx":
			docxHash = hash
		}
	}
	if sc.Err() != nil || len(lines) == 0 || lines[0] != stampHeader {
		return false
	}
	// The outputs must be the ones recorded, unchanged.
	if hashFile(j.Out.PDF) != pdfHash || (j.Out.DOCX != "" && hashFile(j.Out.DOCX) != docxHash) {
		return false
	}
	// The inputs must hash as recorded, and the rest of the stamp match line by line.
	want := b.stampLines(j, inputs, pdfHash, docxHash)
	if len(want) != len(lines) {
		return false
	}
	for i := range want {
		if want[i] != lines[i] {
			return false
		}
	}
	return true
}

// Summary counts the results by status.
func Summary(results []JobResult) (built, unchanged, failed, interrupted int) {
	for _, r := range results {
		switch r.Status {
		case Built:
			built++
		case Unchanged:
			unchanged++
		case Failed:
			failed++
		case Interrupted:
			interrupted++
		}
	}
	return
}

// FirstError is the first line of an error: the first entry of an error list.
func FirstError(err error) string {
	var list data.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		more := ""
		if len(list) > 1 {
			more = fmt.Sprintf("（共 %d 个错误）", len(list))
		}
		return list[0].Error() + more
	}
	if err == nil {
		return ""
	}
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
