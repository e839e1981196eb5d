package build

import (
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

// New writes a new report folder (see data.NewTemplate); dir must be new or empty.
func New(dir, title, issuer string, year int) (err error) {
	defer recoverInternal(dir, &err)
	return data.NewTemplate(dir, title, issuer, year)
}
