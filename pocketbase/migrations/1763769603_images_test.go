package migrations_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

func TestImagesRules(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	const url = "/api/collections/images/records"
	var (
		listTotal = expect{1, 2, 1, 1, 1, 2}
		viewDraft = expect{404, 200, 404, 404, 404, 200}
		create    = expect{401, 200, 400, 403, 400, 200} // guest, unverified: refused unread (hooks/uploads_auth_first.go)
		update    = expect{401, 200, 404, 403, 404, 200}
		remove    = expect{404, 204, 404, 404, 404, 204}
	)
	preview, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range roles {
		body, contentType, err := tv.Multipart(
			map[string]string{"series": tv.PublishedSeriesID, "index": "7"},
			map[string][]byte{"preview": preview, "dicom": tv.DicomBytes()},
			map[string]string{"preview": ".jpg", "dicom": ".dcm"},
		)
		if err != nil {
			t.Fatal(err)
		}
		scenarios := []tests.ApiScenario{
			{Name: "list as " + r.name, Method: http.MethodGet, URL: url, Headers: headers(fx, r, nil), ExpectedStatus: 200,
				ExpectedContent: []string{fmt.Sprintf(`"totalItems":%d`, listTotal[i]), tv.PublishedImageID}, ExpectedEvents: listed(listTotal[i])},
			{Name: "view draft as " + r.name, Method: http.MethodGet, URL: url + "/" + tv.DraftImageID, Headers: headers(fx, r, nil),
				ExpectedStatus: viewDraft[i], ExpectedContent: bodyFor(viewDraft[i], []string{tv.DraftImageID}),
				ExpectedEvents: eventsFor(viewDraft[i], viewed())},
			{Name: "create in the author's series as " + r.name, Method: http.MethodPost, URL: url, Headers: headers(fx, r, contentType),
				Body: body, ExpectedStatus: create[i], ExpectedContent: bodyFor(create[i], []string{`"index":7`}),
				// the image, and an upload_accepted audit_log row per file (preview, dicom)
				ExpectedEvents: eventsFor(create[i], events("OnRecordCreateRequest", saves{Created: 3}, 1))},
			{Name: "update as " + r.name, Method: http.MethodPatch, URL: url + "/" + tv.PublishedImageID, Headers: headers(fx, r, nil),
				Body:           strings.NewReader(`{"index":3}`),
				ExpectedStatus: update[i], ExpectedContent: bodyFor(update[i], []string{`"index":3`}),
				ExpectedEvents: eventsFor(update[i], events("OnRecordUpdateRequest", saves{Updated: 1}, 1))},
			{Name: "delete as " + r.name, Method: http.MethodDelete, URL: url + "/" + tv.DraftImageID, Headers: headers(fx, r, nil),
				ExpectedStatus: remove[i], ExpectedContent: bodyFor(remove[i], nil),
				ExpectedEvents: eventsFor(remove[i], events("OnRecordDeleteRequest", saves{Deleted: 1}, 0))},
		}
		for _, s := range scenarios {
			s.TestAppFactory = fx.NewApp
			s.Test(t)
		}
	}
}

func TestImagesUploadValidation(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	body, contentType, err := tv.Multipart(
		map[string]string{"series": tv.PublishedSeriesID},
		map[string][]byte{"preview": tv.DicomBytes()},
		map[string]string{"preview": ".jpg"},
	)
	if err != nil {
		t.Fatal(err)
	}
	(&tests.ApiScenario{
		Name: "a DICOM file is not accepted as a preview", Method: http.MethodPost, URL: "/api/collections/images/records",
		Headers: headers(fx, roles[1], contentType), Body: body, TestAppFactory: fx.NewApp,
		ExpectedStatus: 400, ExpectedContent: []string{`"preview":{"code":"image_not_jpeg_png"`},
		// refused in the request hook, before the image's create: the one save is the
		// upload_rejected audit_log row
		ExpectedEvents: events("OnRecordCreateRequest", saves{Created: 1}, 0),
	}).Test(t)
}

// The dicom field is Protected: it needs a file token, and then the images
// view rule runs with @request.context = "protectedFile".
func TestImagesProtectedDicom(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	published := "/api/files/images/" + tv.PublishedImageID + "/" + fx.PublishedDicom
	draft := "/api/files/images/" + tv.DraftImageID + "/" + fx.DraftDicom
	withToken := func(url, who string) string { return url + "?token=" + fx.FileTokens[who] }
	// the published case has research consent; the draft does not
	var (
		publishedWithToken = expect{404, 200, 404, 404, 200, 200}
		draftWithToken     = expect{404, 200, 404, 404, 404, 200}
	)

	var scenarios []tests.ApiScenario
	for i, r := range roles {
		if r.key == "" {
			continue // a guest has no file token
		}
		scenarios = append(scenarios,
			tests.ApiScenario{Name: "published dicom with the file token of " + r.name, Method: http.MethodGet,
				URL: withToken(published, r.key), ExpectedStatus: publishedWithToken[i],
				ExpectedContent: dicomOr404(publishedWithToken[i])},
			tests.ApiScenario{Name: "draft dicom with the file token of " + r.name, Method: http.MethodGet,
				URL: withToken(draft, r.key), ExpectedStatus: draftWithToken[i],
				ExpectedContent: dicomOr404(draftWithToken[i])},
			tests.ApiScenario{Name: "published dicom without a token, signed in as " + r.name, Method: http.MethodGet,
				URL: published, Headers: fx.Auth(r.key), ExpectedStatus: 404, ExpectedContent: errorBody(404)},
		)
	}
	scenarios = append(scenarios,
		tests.ApiScenario{Name: "guest downloads published dicom", Method: http.MethodGet, URL: published,
			ExpectedStatus: 404, ExpectedContent: errorBody(404)},
		tests.ApiScenario{Name: "guest downloads published dicom with a made-up token", Method: http.MethodGet,
			URL: published + "?token=not-a-token", ExpectedStatus: 404, ExpectedContent: errorBody(404)},
		tests.ApiScenario{Name: "guest sees the published preview", Method: http.MethodGet,
			URL: "/api/files/images/" + tv.PublishedImageID + "/" + fx.PublishedPreview, ExpectedStatus: 200,
			ExpectedContent: []string{"\xff\xd8\xff"}, // JPEG start of image
			ExpectedEvents:  map[string]int{"*": 0}},  // a public file: hooks/files_fast_path.go, no download hook
		tests.ApiScenario{Name: "guest sees the image record but not its file", Method: http.MethodGet,
			URL: "/api/collections/images/records/" + tv.PublishedImageID, ExpectedStatus: 200,
			ExpectedContent: []string{`"dicom":"` + fx.PublishedDicom + `"`}, ExpectedEvents: viewed()},
	)
	for _, s := range scenarios {
		if s.ExpectedEvents == nil {
			// a served file fires the download hook once; a refused one is refused
			// before it (apis/file.go checks the token and view rule first)
			s.ExpectedEvents = eventsFor(s.ExpectedStatus, map[string]int{"*": 0, "OnFileDownloadRequest": 1})
		}
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}

// dicomOr404 expects the DICOM magic on success and the error envelope otherwise.
func dicomOr404(status int) []string {
	if status == 200 {
		return []string{"DICM"}
	}
	return errorBody(status)
}
