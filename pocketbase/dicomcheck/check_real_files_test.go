package dicomcheck_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"cassette/pocketbase/dicomcheck"
)

// pydicomFiles are pydicom's real test files, used in place (Debian's python3-pydicom; CI
// installs it). None of them is de-identified, so the server must refuse every one.
const pydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files"

func TestCheckRefusesEveryRawPydicomFile(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(pydicomFiles, "*.dcm"))
	if err != nil || len(paths) < 50 {
		t.Fatalf("pydicom test files not found in %s (apt-get install python3-pydicom): %v", pydicomFiles, err)
	}
	want := map[string]string{
		"CT_small.dcm":       dicomcheck.CodeIdentifyingValue, // InstitutionName
		"693_J2KI.dcm":       dicomcheck.CodeIdentifyingValue, // PatientName
		"nested_priv_SQ.dcm": dicomcheck.CodePrivateTag,
		"priv_SQ.dcm":        dicomcheck.CodePrivateTag,
		"no_meta.dcm":        dicomcheck.CodeNotPart10,
		"MR_truncated.dcm":   dicomcheck.CodeUnparseable,
	}
	for _, path := range paths {
		name := filepath.Base(path)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		err = dicomcheck.Check(bytes.NewReader(data), int64(len(data)))
		var p *dicomcheck.Problem
		if !errors.As(err, &p) {
			t.Errorf("%s: accepted (%v); a file that was never de-identified must be refused", name, err)
			continue
		}
		if code, ok := want[name]; ok && p.Code != code {
			t.Errorf("%s: %s (%s); want %s", name, p.Code, p.Message, code)
		}
	}
}
