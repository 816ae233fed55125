package dicomcheck_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"

	"cassette/pocketbase/dicomcheck"
)

// TestCheckAcceptsWhatTheAppDeidentifies closes the loop between the two ends: the app's own
// de-identification engine (run here through the `cassette deid` CLI, the same TypeScript code
// the browser's workers run) must produce files this server accepts. Its inputs are the
// generated PHI-laden study (every Table E.1-1 attribute, private and nested sequences, three
// character sets) and pydicom's real files. Every de-identified CT must pass; any other
// modality may be refused only for not being CT.
func TestCheckAcceptsWhatTheAppDeidentifies(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed to run the app's de-identifier (npm test installs everything else)")
	}
	work := t.TempDir()
	phiStudy := filepath.Join(work, "phi-study")
	out := filepath.Join(work, "deidentified")
	run := func(args ...string) []byte {
		cmd := exec.Command(node, args...)
		cmd.Dir = repo
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.Output()
		// `cassette deid` exits 1 when some input failed (pydicom's truncated files): the report says which.
		var exit *exec.ExitError
		if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
			t.Fatalf("node %v: %v\n%s", args, err, stderr.String())
		}
		return stdout
	}
	run("--import", "tsx", "tests/fixtures/phi/cli.ts", phiStudy, "6")
	reportJSON := run("bin/cassette.cjs", "deid", "--seed", "server-check", "--include-burned-in", "--out", out, phiStudy, pydicomFiles)

	var report struct {
		Written []struct{ Input, Output string }
	}
	if err := json.Unmarshal(reportJSON, &report); err != nil {
		t.Fatalf("cassette deid report: %v\n%s", err, reportJSON)
	}
	if len(report.Written) < 50 {
		t.Fatalf("only %d files de-identified; expected the PHI study and most of pydicom's files", len(report.Written))
	}

	accepted, ct := 0, 0
	for _, w := range report.Written {
		data, err := os.ReadFile(w.Output)
		if err != nil {
			t.Fatal(err)
		}
		isCT := modalityOf(data) == "CT"
		err = dicomcheck.Check(bytes.NewReader(data), int64(len(data)))
		var p *dicomcheck.Problem
		switch {
		case err == nil:
			accepted++
			if !isCT {
				t.Errorf("%s: accepted although not CT", filepath.Base(w.Input))
			}
		case !errors.As(err, &p):
			t.Errorf("%s: %v", filepath.Base(w.Input), err)
		case isCT || p.Code != dicomcheck.CodeNotCT:
			t.Errorf("%s (de-identified by the app): refused with %s: %s", filepath.Base(w.Input), p.Code, p.Message)
		}
		if isCT {
			ct++
		}
	}
	t.Logf("%d files de-identified by the app, %d of them CT, all CT accepted", len(report.Written), ct)
	// The PHI study alone holds six CT slices and a CT localizer: the test cannot pass on zero.
	if ct < 7 || accepted != ct {
		t.Fatalf("%d CT files de-identified, %d accepted", ct, accepted)
	}
}

// modalityOf reads (0008,0060) Modality with the server's own DICOM library.
func modalityOf(data []byte) string {
	ds, err := dicom.Parse(bytes.NewReader(data), int64(len(data)), nil, dicom.SkipPixelData())
	if err != nil {
		return ""
	}
	el, err := ds.FindElementByTag(tag.Modality)
	if err != nil {
		return ""
	}
	values, ok := el.Value.GetValue().([]string)
	if !ok || len(values) == 0 {
		return ""
	}
	return values[0]
}
