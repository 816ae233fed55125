package pacs

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"
)

// CaseReport is what happened to one case of a research export: its images and its label SR.
type CaseReport struct {
	Case      string
	Instances int // files sent: the images and the SR
	// SR is the SOP Instance UID of the case's label SR ("" when the export has none).
	SR       string
	Stored   []string
	Failed   []Failure
	Attempts int
	Err      error
}

// ErrIncomplete is an answer that does not account for every instance sent.
var ErrIncomplete = errors.New("the archive did not report every instance sent")

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
		var srUID string
		if label, ok := labels[id]; ok {
			files = append(files, label)
			if srUID, err = sopInstanceUID(label); err != nil {
				return reports, fmt.Errorf("%s: %w", label.Name, err)
			}
		}
		instances := make([]Instance, len(files))
		for i, f := range files {
			instances[i] = Instance{Name: f.Name, Open: f.Open}
		}
		res, err := target.Store(ctx, instances)
		report := CaseReport{Case: id, Instances: len(instances), SR: srUID, Stored: res.Stored, Failed: res.Failed, Attempts: res.Attempts, Err: err}
		if err == nil && len(res.Stored)+len(res.Failed) != len(instances) {
			report.Err = fmt.Errorf("case %s: sent %d instances, the archive reported %d stored and %d failed: %w", id, len(instances), len(res.Stored), len(res.Failed), ErrIncomplete)
		}
		reports = append(reports, report)
		if done != nil {
			done(report)
		}
	}
	return reports, nil
}

// sopInstanceUID reads the SOP Instance UID of a small Part 10 entry (a label SR: a few KiB).
func sopInstanceUID(f *zip.File) (string, error) {
	r, err := f.Open()
	if err != nil {
		return "", err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, 16<<20))
	if err != nil {
		return "", err
	}
	ds, err := dicom.Parse(bytes.NewReader(data), int64(len(data)), nil, dicom.SkipPixelData())
	if err != nil {
		return "", err
	}
	el, err := ds.FindElementByTag(tag.SOPInstanceUID)
	if err != nil {
		return "", err
	}
	values, ok := el.Value.GetValue().([]string)
	if !ok || len(values) == 0 {
		return "", fmt.Errorf("no SOP Instance UID")
	}
	return strings.TrimRight(values[0], "\x00 "), nil
}
