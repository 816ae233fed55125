package pacs

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
)

// CaseReport is what happened to one case of a research export: its images and its label SR.
type CaseReport struct {
	Case      string
	Instances int // files sent: the images and the SR
	Stored    []string
	Failed    []Failure
	Attempts  int
	Err       error
}

// StoreResearchExport sends each case of a research export ZIP (pocketbase/research: images at
// cases/<case>/<series>/<n>.dcm, the case's ICD-11 label as a Comprehensive SR at
// labels/<case>.dcm, written by the server) in one STOW-RS request per case, and reports each
// case as it is done. A case that fails does not stop the others.
func StoreResearchExport(ctx context.Context, target Target, zipData io.ReaderAt, size int64, done func(CaseReport)) ([]CaseReport, error) {
	zr, err := zip.NewReader(zipData, size)
	if err != nil {
		return nil, fmt.Errorf("not a research export ZIP: %w", err)
	}
	byCase := map[string][]*zip.File{}
	labels := map[string]*zip.File{}
	for _, f := range zr.File {
		parts := strings.Split(f.Name, "/")
		switch {
		case len(parts) == 4 && parts[0] == "cases" && path.Ext(f.Name) == ".dcm":
			byCase[parts[1]] = append(byCase[parts[1]], f)
		case len(parts) == 2 && parts[0] == "labels" && path.Ext(f.Name) == ".dcm":
			labels[strings.TrimSuffix(parts[1], ".dcm")] = f
		}
	}
	if len(byCase) == 0 {
		return nil, fmt.Errorf("the ZIP holds no cases/<case>/<series>/*.dcm: not a research export")
	}
	ids := make([]string, 0, len(byCase))
	for id := range byCase {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var reports []CaseReport
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return reports, err
		}
		files := byCase[id]
		if label, ok := labels[id]; ok {
			files = append(files, label)
		}
		instances := make([]Instance, len(files))
		for i, f := range files {
			instances[i] = Instance{Name: f.Name, Open: f.Open}
		}
		res, err := target.Store(ctx, instances)
		report := CaseReport{Case: id, Instances: len(instances), Stored: res.Stored, Failed: res.Failed, Attempts: res.Attempts, Err: err}
		if err == nil && len(res.Stored)+len(res.Failed) != len(instances) {
			report.Err = fmt.Errorf("case %s: sent %d instances, the archive reported %d stored and %d failed", id, len(instances), len(res.Stored), len(res.Failed))
		}
		reports = append(reports, report)
		if done != nil {
			done(report)
		}
	}
	return reports, nil
}
