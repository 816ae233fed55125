package research

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

// Cases this package's tests add to the moderation fixture (which already has a published,
// a draft, a hidden, a removed and a blocked author's case, all with consent and DICOM).
const (
	volumeCaseID    = "cvolume00000001"
	volumeDiagnosis = "DB94.1" // the whole MMS's code for the case's diagnosis (cases.diagnosis_icd11)
	volumeSeriesID  = "svolume00000001"
	noConsentCaseID = "cnoconsent00001"
	volumeSlices    = 6
)

var volume = SyntheticSeries{Key: "research test volume", Slices: volumeSlices, Rows: 12, Columns: 10, PixelSpacing: 0.7, SliceSpacing: 2.5}

func TestMain(m *testing.M) {
	code := m.Run()
	tv.Cleanup()
	os.Exit(code)
}

// newApp is the moderation fixture plus a consented published case of a generated 6-slice CT
// volume (ICD-11 DB94.10) and a published case without consent that still has a DICOM file,
// with Cassette's hooks and the research routes.
func newApp(t testing.TB) *tests.TestApp {
	mod := tv.LoadModeration(t)
	app, err := tests.NewTestApp(mod.Dir)
	if err != nil {
		t.Fatal(err)
	}
	add := func(collection, id string, data map[string]any) {
		t.Helper()
		col, err := app.FindCollectionByNameOrId(collection)
		if err != nil {
			t.Fatal(err)
		}
		rec := core.NewRecord(col)
		rec.Id = id
		rec.Load(data)
		if err := app.Save(rec); err != nil {
			t.Fatalf("%s %s: %v", collection, id, err)
		}
	}
	jpg, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	file := func(b []byte, name string) *filesystem.File {
		f, err := filesystem.NewFileFromBytes(b, name)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	add("cases", volumeCaseID, map[string]any{"author": tv.OtherID, "title": "Volume case", "category": "abdomen", "status": "published",
		"research_consent": true, "icd11_code": "DB94.10", "icd11_title": "Alcoholic hepatitis with cirrhosis", "phi_acknowledged": true,
		"region_of_interest": "Segment VI", "other_label": "arterial phase", "diagnosis_icd11": volumeDiagnosis})
	add("series", volumeSeriesID, map[string]any{"case": volumeCaseID, "plane": "axial", "description": "Portal venous"})
	for i := 0; i < volumeSlices; i++ {
		add("images", "ivolume0000000"+itoa(i), map[string]any{"series": volumeSeriesID, "index": i,
			"preview": file(jpg, "p.jpg"), "dicom": file(volume.Slice(i), "s.dcm")})
	}
	add("cases", noConsentCaseID, map[string]any{"author": tv.OtherID, "title": "No consent", "category": "abdomen", "status": "published", "phi_acknowledged": true})
	add("series", "snoconsent00001", map[string]any{"case": noConsentCaseID, "plane": "axial"})
	add("images", "inoconsent00001", map[string]any{"series": "snoconsent00001", "index": 0, "preview": file(jpg, "p.jpg"), "dicom": file(tv.DicomBytes(), "s.dcm")})

	hooks.Register(app)
	Register(app)
	return app
}

// unzip reads every entry of a ZIP, checking each is STORED.
func unzip(t testing.TB, b []byte) ([]string, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a ZIP: %v", err)
	}
	var names []string
	files := map[string][]byte{}
	for _, f := range zr.File {
		if f.Method != zip.Store {
			t.Errorf("%s is not stored", f.Name)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		names = append(names, f.Name)
		files[f.Name] = data
	}
	return names, files
}
