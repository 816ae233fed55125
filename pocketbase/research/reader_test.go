package research

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStandardReadersLoadTheExport unpacks an export and reads it with pydicom and SimpleITK
// (tests/research/read_volumes.py, in the environment tests/research/setup-venv.sh creates
// from PyPI on first use): every series is a 3D volume with the manifest's size and spacing.
func TestStandardReadersLoadTheExport(t *testing.T) {
	t.Parallel()
	script, err := filepath.Abs("../../tests/research")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("sh", filepath.Join(script, "setup-venv.sh")).Output()
	if err != nil {
		t.Fatalf("setting up the Python environment (pydicom, SimpleITK from PyPI): %v", err)
	}
	python := strings.TrimSpace(string(out))

	app := newApp(t)
	defer app.Cleanup()
	// the shared fixture's published case holds a 4x4 file without Pixel Data: not a volume
	_, files := exportSelection(t, app, Selection{ICD: "DB94"})
	dir := t.TempDir()
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	res, err := exec.Command(python, filepath.Join(script, "read_volumes.py"), dir).CombinedOutput()
	t.Logf("%s", res)
	if err != nil {
		t.Fatalf("the standard readers refuse the export: %v", err)
	}
	if !strings.Contains(string(res), "cases/"+volumeCaseID+"/"+volumeSeriesID+": (10, 12, 6) voxels, spacing (0.7, 0.7, 2.5)") {
		t.Fatal("the volume was not read with its size and spacing")
	}
}
