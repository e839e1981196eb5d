package data

// Accept returns the report's warnings split into those still open and those accepted
// in report.yaml's accept: list (audit.go moves them apart when the report is loaded;
// an acceptance that matches no warning is itself an open warning).
func (r *Report) Accept() (open ErrorList, accepted []Accepted) {
	return r.Warnings, r.Audit.Accepted
}
