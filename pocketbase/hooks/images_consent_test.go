package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

func TestImagesConsent(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	preview, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	upload := func(files map[string][]byte) (*strings.Reader, map[string]string) {
		body, headers, err := tv.Multipart(map[string]string{"series": tv.DraftSeriesID}, files,
			map[string]string{"preview": ".jpg", "dicom": ".dcm"})
		if err != nil {
			t.Fatal(err)
		}
		headers["Authorization"] = fx.Tokens[tv.AuthorID]
		return strings.NewReader(body.String()), headers
	}
	withDicom, withDicomHeaders := upload(map[string][]byte{"preview": preview, "dicom": tv.DicomBytes()})
	previewOnly, previewOnlyHeaders := upload(map[string][]byte{"preview": preview})

	for _, s := range []tests.ApiScenario{
		{Name: "DICOM for a case without consent is refused", Method: http.MethodPost, URL: "/api/collections/images/records",
			Headers: withDicomHeaders, Body: withDicom, ExpectedStatus: 403, ExpectedContent: []string{hooks.NoConsentMessage},
			// refused in the request hook, so the image's OnRecordCreate never ran; the two
			// saves are the upload_rejected audit rows, one per file (uploads_audit.go)
			ExpectedEvents: events("OnRecordCreateRequest", saves{Created: 2}, 0)},
		{Name: "a preview alone is fine without consent", Method: http.MethodPost, URL: "/api/collections/images/records",
			Headers: previewOnlyHeaders, Body: previewOnly, ExpectedStatus: 200, ExpectedContent: []string{`"dicom":""`},
			// the image, and the preview's upload_accepted audit row
			ExpectedEvents: events("OnRecordCreateRequest", saves{Created: 2}, 1)},
		{Name: "withdrawing consent deletes the stored DICOM", Method: http.MethodPatch,
			URL: "/api/collections/cases/records/" + tv.PublishedCaseID, Headers: fx.Auth(tv.AuthorID),
			Body: strings.NewReader(`{"research_consent":false}`), ExpectedStatus: 200, ExpectedContent: []string{`"research_consent":false`},
			// the case and its one image (DICOM cleared); one audit_log row for the case
			ExpectedEvents: events("OnRecordUpdateRequest", saves{Updated: 2, Created: 1}, 1),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				img, err := app.FindRecordById("images", tv.PublishedImageID)
				if err != nil {
					t.Fatal(err)
				}
				if img.GetString("dicom") != "" || img.GetString("preview") == "" {
					t.Errorf("after withdrawal dicom = %q, preview = %q; want no dicom and the preview kept", img.GetString("dicom"), img.GetString("preview"))
				}
				fsys, err := app.NewFilesystem()
				if err != nil {
					t.Fatal(err)
				}
				defer fsys.Close()
				if exists, _ := fsys.Exists(img.BaseFilesPath() + "/" + fx.PublishedDicom); exists {
					t.Error("the DICOM file is still stored after consent was withdrawn")
				}
			}},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
