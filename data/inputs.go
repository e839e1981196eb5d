package data

import (
	"path/filepath"
	"sort"
)

// namedFiles lists the files report.yaml names, in the order they are read.
func namedFiles(y *yamlReport) []string {
	var out []string
	add := func(names ...string) {
		for _, n := range names {
			if n != "" {
				out = append(out, n)
			}
		}
	}
	add(y.Workbooks...)
	add(y.SchoolData, y.Collected)
	add(y.Preface)
	add(y.Chapters...)
	add(y.Appendix, y.Statement.Seal)
	add(y.Settings.Fonts...)
	return out
}

// Inputs returns every file the report reads or would read, as paths joined to the
// report folder (absolute names stay absolute): report.yaml, the files it names, and
// every photo the text places, including the photos a draft still lacks. Outputs must
// not be any of these (see package build). The list is sorted and has no duplicates.
func (r *Report) Inputs() []string {
	seen := map[string]bool{}
	var out []string
	add := func(name string) {
		if name == "" {
			return
		}
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(r.Dir, p)
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	add("report.yaml")
	for _, n := range r.named {
		add(n)
	}
	r.EachBlock(func(b *Block) {
		if b.Kind == BPhoto {
			add(b.File)
		}
	})
	for name := range r.Images {
		add(name)
	}
	for _, name := range r.extraInputs {
		add(name)
	}
	sort.Strings(out)
	return out
}
