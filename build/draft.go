package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/reportc/reportc/data"
)

// Draft writes a school's pre-filled draft from the city report in cityDir into outDir
// (see data.SchoolDraft). The school is found among the city report's schools by its
// full name or a part of it that names one school only; the full name is returned. The
// city report must load without errors, and outDir must be new or empty.
func Draft(cityDir, school, outDir string) (sum data.DraftSummary, full string, err error) {
	defer recoverInternal(cityDir, &err)
	if err := checkDir(cityDir); err != nil {
		return sum, "", err
	}
	rep, err := data.Load(cityDir)
	if err != nil {
		return sum, "", err
	}
	full, err = rep.MatchSchool(school)
	if err != nil {
		return sum, "", err
	}
	sum, err = data.SchoolDraft(rep, full, outDir)
	return sum, full, err
}

// DraftAll writes a draft for every school of the city report's school list into
// outDir (see data.DraftAll), and returns with them the city's school names that match
// no school of the list (their rows and cases are in no draft).
func DraftAll(cityDir, outDir string) (res []data.SchoolDraftResult, unmatched data.ErrorList, err error) {
	defer recoverInternal(cityDir, &err)
	if err := checkDir(cityDir); err != nil {
		return nil, nil, err
	}
	rep, err := data.Load(cityDir)
	if err != nil {
		return nil, nil, err
	}
	res, err = data.DraftAll(rep, outDir)
	return res, rep.UnmatchedSchools(), err
}

// New writes a new report folder (see data.NewTemplate); dir must be new or empty.
func New(dir, title, issuer string, year int) (err error) {
	defer recoverInternal(dir, &err)
	return data.NewTemplate(dir, title, issuer, year)
}

// Collect reads the filled numbers workbooks of school drafts — each argument a draft
// folder (its workbooks/学校数据.xlsx) or a workbook — and writes the city workbook of
// them to out (see data.WriteCollected). A folder without the workbook is skipped and
// named in skipped; an error in any workbook (a text in a number cell) stops the
// collection with every error at its cell, and nothing is written.
func Collect(args []string, out string) (schools []data.CollectedSchool, skipped []string, err error) {
	defer recoverInternal(out, &err)
	var errs []string
	seen := map[string]string{}
	for _, a := range args {
		path := a
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			path = filepath.Join(a, filepath.FromSlash(data.SchoolBookFile))
			if _, err := os.Stat(path); err != nil {
				skipped = append(skipped, a)
				continue
			}
		}
		cs, err := data.ReadSchoolBook(path)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if prev, dup := seen[cs.School]; dup {
			errs = append(errs, fmt.Sprintf("%s 和 %s 都是 “%s” 的数据", prev, path, cs.School))
			continue
		}
		seen[cs.School] = path
		schools = append(schools, cs)
	}
	if len(errs) > 0 {
		return nil, skipped, errors.New(strings.Join(errs, "\n"))
	}
	return schools, skipped, data.WriteCollected(out, schools)
}
