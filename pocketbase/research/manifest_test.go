package research

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	tv "cassette/pocketbase/internal/testenv"
)

// checkManifest compares manifest.json, manifest.csv and datalist.json with the files.
func checkManifest(t testing.TB, files map[string][]byte) {
	t.Helper()
	var m struct {
		Series []manifestRow `json:"series"`
		Totals Totals        `json:"totals"`
	}
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(files["manifest.csv"])).ReadAll()
	if err != nil || len(records) != len(m.Series)+1 {
		t.Fatalf("manifest.csv: %d rows, %v", len(records), err)
	}
	instances := 0
	for i, r := range m.Series {
		var n int
		var size int64
		for name, data := range files {
			if strings.HasPrefix(name, r.Path+"/") {
				n++
				size += int64(len(data))
				h, err := parseHeader(data)
				if errors.Is(err, errShortHeader) && !bytes.Contains(data, []byte{0xE0, 0x7F, 0x10, 0x00}) {
					err = nil // the shared fixture's small CT has no Pixel Data
				}
				if err != nil || h.String(tagOf(0x0020, 0x000E)) != r.SeriesInstanceUID || h.String(tagOf(0x0012, 0x0062)) != "YES" {
					t.Errorf("%s: series UID %q, identity removed %q (%v)", name, h.String(tagOf(0x0020, 0x000E)), h.String(tagOf(0x0012, 0x0062)), err)
				}
			}
		}
		if n != r.Instances || size != r.Bytes {
			t.Errorf("%s: manifest says %d files / %d bytes, the ZIP has %d / %d", r.Path, r.Instances, r.Bytes, n, size)
		}
		if _, ok := files[r.Label]; !ok {
			t.Errorf("%s: no label %s", r.Path, r.Label)
		}
		if records[i+1][0] != r.CaseID || records[i+1][21] != r.Path {
			t.Errorf("manifest.csv row %d: %v", i+1, records[i+1])
		}
		instances += n
	}
	if instances != m.Totals.Instances {
		t.Errorf("totals %d instances, files %d", m.Totals.Instances, instances)
	}
	var dl struct {
		Training []struct {
			Image string
			Label int
		}
		Labels map[string]string
	}
	if err := json.Unmarshal(files["datalist.json"], &dl); err != nil || len(dl.Training) != len(m.Series) {
		t.Fatalf("datalist: %v, %d entries", err, len(dl.Training))
	}
	for i, e := range dl.Training {
		if e.Image != m.Series[i].Path || dl.Labels[itoa(e.Label)] != m.Series[i].ICD11Code {
			t.Errorf("datalist entry %d: %+v", i, e)
		}
	}
}

func TestManifestDescribesTheVolume(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	defer app.Cleanup()
	_, files := exportAll(t, app)
	var m struct{ Series []manifestRow }
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	r := m.Series[1]
	if r.CaseID != volumeCaseID || r.Rows != 12 || r.Columns != 10 || r.Instances != volumeSlices || r.Modality != "CT" ||
		len(r.PixelSpacing) != 2 || r.PixelSpacing[0] != 0.7 || r.SliceSpacing == nil || *r.SliceSpacing != 2.5 ||
		r.SliceThickness == nil || *r.SliceThickness != 2.5 || r.ICD11Release != "2024-01" || r.Region != "Segment VI" ||
		r.CaseURL != strings.TrimRight(app.Settings().Meta.AppURL, "/")+"/cases/"+volumeCaseID {
		t.Errorf("volume row: %+v", r)
	}
	if r.DiagnosisCode != volumeDiagnosis || r.DiagnosisTitle == "" || m.Series[0].DiagnosisCode != "" || m.Series[0].DiagnosisTitle != "" {
		t.Errorf("diagnosis: volume %q %q, the other case %q %q", r.DiagnosisCode, r.DiagnosisTitle, m.Series[0].DiagnosisCode, m.Series[0].DiagnosisTitle)
	}
	records, err := csv.NewReader(bytes.NewReader(files["manifest.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h, row := records[0], records[2]; h[len(h)-2] != "diagnosis_icd11_code" || row[len(row)-2] != volumeDiagnosis || row[len(row)-1] != r.DiagnosisTitle {
		t.Errorf("manifest.csv: header %v, row %v", h, row)
	}
}

func exportAll(t testing.TB, app core.App) ([]byte, map[string][]byte) {
	t.Helper()
	return exportSelection(t, app, Selection{})
}

func exportSelection(t testing.TB, app core.App, sel Selection) ([]byte, map[string][]byte) {
	t.Helper()
	cases, err := selectCases(app, sel)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := writeExport(app, &b, sel, cases, nil); err != nil {
		t.Fatal(err)
	}
	_, files := unzip(t, b.Bytes())
	return b.Bytes(), files
}

// TestExportIsReproducible: the same selection over the same data gives the same bytes; a
// new image changes them.
func TestExportIsReproducible(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	defer app.Cleanup()
	first, _ := exportAll(t, app)
	second, _ := exportAll(t, app)
	if !bytes.Equal(first, second) {
		t.Fatal("two exports of the same selection differ")
	}
	col, _ := app.FindCollectionByNameOrId("images")
	rec := core.NewRecord(col)
	jpg, _ := tv.PreviewBytes()
	preview, _ := filesystem.NewFileFromBytes(jpg, "p.jpg")
	dicom, _ := filesystem.NewFileFromBytes(volume.Slice(volumeSlices), "s.dcm")
	rec.Load(map[string]any{"series": volumeSeriesID, "index": volumeSlices, "preview": preview, "dicom": dicom})
	if err := app.Save(rec); err != nil {
		t.Fatal(err)
	}
	third, files := exportAll(t, app)
	if bytes.Equal(first, third) {
		t.Fatal("a new slice did not change the export")
	}
	checkManifest(t, files)
}
