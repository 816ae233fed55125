package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"

	"cassette/pocketbase/dicomcheck/dicomtest"
	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/internal/testenv/craft"
)

// patientName is forced into files and file names; it must never come back or be logged.
const patientName = "DOE^JANE"

// clientName is a file name as a careless client might send it (the app never does).
const clientName = "_DOE_JANE"

func TestImagesValidation(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	jpg, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	ct := func(opts ...dicomtest.Option) []byte {
		b, err := dicomtest.CT(opts...)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	noMagic := ct()
	copy(noMagic[128:], "NOPE")
	nestedPrivate := dicomtest.SetElement(dicomtest.Sequence(tag.ReferencedImageSequence, []*dicom.Element{
		dicomtest.Text(tag.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.2"),
		dicomtest.Sequence(tag.PurposeOfReferenceCodeSequence, []*dicom.Element{dicomtest.Private(0x0029, 0x1010, patientName)}),
	}))
	setCase := func(fields map[string]any) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
		return func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			c, err := app.FindRecordById("cases", tv.PublishedCaseID)
			if err != nil {
				t.Fatal(err)
			}
			c.Load(fields)
			if err := app.Save(c); err != nil { // a legacy record: saved without the request hooks
				t.Fatal(err)
			}
		}
	}

	for _, s := range []struct {
		name    string
		series  string
		files   map[string][]byte
		status  int
		content string
		before  func(testing.TB, *tests.TestApp, *core.ServeEvent)
	}{
		{name: "a JPEG preview and a de-identified CT are accepted", files: map[string][]byte{"preview": jpg, "dicom": ct()},
			status: 200, content: `"index":9`},
		{name: "a PNG preview is accepted", files: map[string][]byte{"preview": craft.PNG(32, 32)}, status: 200, content: `"index":9`},
		{name: "an executable named .jpg", files: map[string][]byte{"preview": craft.ELF()},
			status: 400, content: `"preview":{"code":"image_executable","message":"The file is a program (executable), not a JPEG or PNG image."`},
		{name: "a truncated JPEG", files: map[string][]byte{"preview": jpg[:len(jpg)*2/3]}, status: 400, content: `"code":"image_undecodable"`},
		{name: "a JPEG with EXIF", files: map[string][]byte{"preview": craft.WithExif(jpg)}, status: 400, content: `"code":"image_metadata"`},
		{name: "a PNG with tEXt", files: map[string][]byte{"preview": craft.WithPNGChunk(craft.PNG(8, 8), "tEXt", "Author\x00Jane Doe")},
			status: 400, content: `"message":"The PNG carries a text (tEXt) chunk`},
		{name: "a DICOM without DICM", files: map[string][]byte{"preview": jpg, "dicom": noMagic}, status: 400, content: `"dicom":{"code":"dicom_not_part10"`},
		{name: "a DICOM without Patient Identity Removed", files: map[string][]byte{"preview": jpg, "dicom": ct(dicomtest.Remove(tag.PatientIdentityRemoved))},
			status: 400, content: `"code":"dicom_identity_not_removed"`},
		{name: "a DICOM with a patient name forced in", files: map[string][]byte{"preview": jpg, "dicom": ct(dicomtest.Set(tag.PatientName, patientName))},
			status: 400, content: `"message":"PatientName (0010,0010) must be empty or absent in a de-identified file`},
		{name: "a DICOM with a private tag in a nested sequence", files: map[string][]byte{"preview": jpg, "dicom": ct(nestedPrivate)},
			status: 400, content: `"code":"dicom_private_tag"`},
		{name: "an MR DICOM", files: map[string][]byte{"preview": jpg, "dicom": ct(dicomtest.Set(tag.Modality, "MR"))}, status: 400, content: `"code":"dicom_not_ct"`},
		{name: "a DICOM for a case without consent", series: tv.DraftSeriesID, files: map[string][]byte{"preview": jpg, "dicom": ct()},
			status: 403, content: hooks.NoConsentMessage},
		{name: "a DICOM for a consented case without ICD-11", files: map[string][]byte{"preview": jpg, "dicom": ct()},
			before: setCase(map[string]any{"icd11_code": "", "icd11_title": ""}), status: 400, content: hooks.NoIcd11Message},
		{name: "a DICOM for a case with an unknown ICD-11 code", files: map[string][]byte{"preview": jpg, "dicom": ct()},
			before: setCase(map[string]any{"icd11_code": "ZZ99.9"}), status: 400, content: `"code":"dicom_case_not_labelled"`},
	} {
		series := s.series
		if series == "" {
			series = tv.PublishedSeriesID
		}
		ext := map[string]string{"preview": clientName + ".jpg", "dicom": clientName + ".dcm"}
		body, headers, err := tv.Multipart(map[string]string{"series": series, "index": "9"}, s.files, ext)
		if err != nil {
			t.Fatal(err)
		}
		headers["Authorization"] = fx.Tokens[tv.AuthorID]
		// accepted: the image and one upload_accepted audit row per file; refused in the
		// request hook, so the image's OnRecordCreate never ran: one upload_rejected row per file
		after := expectAccepted(s.files)
		expected := events("OnRecordCreateRequest", saves{Created: 1 + len(s.files)}, 1)
		if s.status != 200 {
			after = expectNothingSaved(fx, s.files)
			expected = events("OnRecordCreateRequest", saves{Created: len(s.files)}, 0)
		}
		(&tests.ApiScenario{Name: s.name, Method: http.MethodPost, URL: "/api/collections/images/records", Headers: headers,
			Body: strings.NewReader(body.String()), ExpectedStatus: s.status, ExpectedContent: []string{s.content},
			NotExpectedContent: []string{"DOE", "JANE"}, BeforeTestFunc: s.before, TestAppFactory: fx.NewApp,
			ExpectedEvents: expected, AfterTestFunc: after}).Test(t)
	}
}

// expectAccepted checks the new image is stored with its files and each file was audited as accepted.
func expectAccepted(files map[string][]byte) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		img, err := app.FindFirstRecordByFilter("images", "index = 9")
		if err != nil {
			t.Fatalf("the accepted image is not saved: %v", err)
		}
		entries := auditEntriesOf(t, app, img.Id)
		for field, data := range files {
			if img.GetString(field) == "" {
				t.Errorf("%s is not stored", field)
			}
			e := findAudit(entries, "upload_accepted", field)
			if e == nil {
				t.Fatalf("no upload_accepted entry for %s", field)
			}
			if e.GetString("actor") != tv.AuthorID || details(e)["size"] != float64(len(data)) {
				t.Errorf("entry for %s = %s / %s; want the author and size %d", field, e.GetString("actor"), e.GetString("details"), len(data))
			}
		}
	}
}

// expectNothingSaved checks a refused upload left no record, no stored file, and one
// upload_rejected entry per file that names neither the file nor any DICOM value.
func expectNothingSaved(fx *tv.Fixture, files map[string][]byte) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		if n, _ := app.CountRecords("images"); n != 2 {
			t.Errorf("%d images after a refused upload; want the 2 fixtures", n)
		}
		assertStoredFiles(t, app, "images", 4) // the fixtures' two previews and two DICOM files
		entries, err := app.FindRecordsByFilter("audit_log", "action = 'upload_rejected'", "", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for field := range files {
			e := findAudit(entries, "upload_rejected", field)
			if e == nil {
				t.Fatalf("no upload_rejected entry for %s", field)
			}
			if _, err := app.FindRecordById("images", e.GetString("target")); err == nil {
				t.Errorf("the audited target %s exists", e.GetString("target"))
			}
			if d := e.GetString("details"); strings.Contains(d, "DOE") || strings.Contains(d, "JANE") || !strings.Contains(d, `"reason":`) {
				t.Errorf("details %s: want a reason and neither a file name nor a DICOM value", d)
			}
		}
	}
}

// assertStoredFiles counts the files stored under a collection (thumbnails aside).
func assertStoredFiles(t testing.TB, app core.App, collection string, want int) {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	objects, err := hooks.ListStored(fsys, c.Id+"/")
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for _, o := range objects {
		if !strings.Contains(o.Key, "/thumbs_") {
			got++
		}
	}
	if got != want {
		t.Errorf("%d files stored under %s; want %d", got, collection, want)
	}
}

func auditEntriesOf(t testing.TB, app core.App, target string) []*core.Record {
	t.Helper()
	entries, err := app.FindRecordsByFilter("audit_log", "target = {:t}", "", 0, 0, map[string]any{"t": target})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func findAudit(entries []*core.Record, action, field string) *core.Record {
	for _, e := range entries {
		if e.GetString("action") == action && details(e)["field"] == field {
			return e
		}
	}
	return nil
}

// details decodes an audit entry's details.
func details(e *core.Record) map[string]any {
	var d map[string]any
	_ = json.Unmarshal([]byte(e.GetString("details")), &d)
	return d
}
