package hooks_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/internal/testenv/craft"
	"cassette/pocketbase/migrations"
)

func TestUploadsAudit(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	body, headers, err := tv.Multipart(nil, map[string][]byte{"preview": craft.PNG(16, 16)}, map[string]string{"preview": clientName + ".png"})
	if err != nil {
		t.Fatal(err)
	}
	headers["Authorization"] = fx.Tokens[tv.AuthorID]
	uploads := func(app *tests.TestApp) []*core.Record {
		rows, err := app.FindRecordsByFilter("audit_log", "action ~ 'upload_'", "", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	for _, s := range []tests.ApiScenario{
		{Name: "replacing a preview is audited against the existing image", Method: http.MethodPatch,
			URL: "/api/collections/images/records/" + tv.DraftImageID, Headers: headers, Body: strings.NewReader(body.String()),
			ExpectedStatus: 200, ExpectedContent: []string{tv.DraftImageID},
			// the image, and the preview's upload_accepted row
			ExpectedEvents: events("OnRecordUpdateRequest", saves{Updated: 1, Created: 1}, 1),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				rows := uploads(app)
				if len(rows) != 1 || rows[0].GetString("target") != tv.DraftImageID || rows[0].GetString("action") != "upload_accepted" ||
					rows[0].GetString("actor_collection") != "users" || details(rows[0])["field"] != "preview" {
					t.Errorf("want one upload_accepted entry for the preview of %s, got %d", tv.DraftImageID, len(rows))
				}
			}},
		{Name: "a request without files writes no upload entry", Method: http.MethodPatch,
			URL: "/api/collections/images/records/" + tv.DraftImageID, Headers: fx.Auth(tv.AuthorID), Body: strings.NewReader(`{"index":4}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"index":4`},
			// the image alone (an image's update is not audited, only its files)
			ExpectedEvents: events("OnRecordUpdateRequest", saves{Updated: 1}, 1),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if rows := uploads(app); len(rows) != 0 {
					t.Errorf("%d upload entries for a request without files", len(rows))
				}
			}},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}

// zeros is an endless request body that counts what the server pulled from it.
type zeros struct{ read int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.read += int64(len(p))
	return len(p), nil
}

// TestUploadTooLarge sends a streamed body that declares 2 GB to a real listener: the server
// must answer 413 with the sizes without reading it, and log the refusal.
func TestUploadTooLarge(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	var srv *httptest.Server
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: r}, func(e *core.ServeEvent) error {
		mux, err := e.Router.BuildMux()
		srv = httptest.NewServer(mux)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	body := &zeros{}
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/api/collections/images/records", io.LimitReader(body, 2<<30))
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = 2 << 30
	req.Header.Set("Content-Type", "multipart/form-data; boundary=cassette")
	req.Header.Set("Authorization", fx.Tokens[tv.AuthorID])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var answer struct{ Message string }
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
		t.Fatal(err)
	}
	// PocketBase adds every file field's limit to the body cap: preview, values (the windowing
	// slice, preview-sized) and dicom
	limit := fmt.Sprintf("at most %.1f MB", float64(apis.DefaultMaxBodySize+2*migrations.PreviewMaxBytes+migrations.DicomMaxBytes)/(1<<20))
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(answer.Message, "2048.0 MB") || !strings.Contains(answer.Message, limit) {
		t.Errorf("got %d %q; want 413 naming the 2048 MB upload and %q", res.StatusCode, answer.Message, limit)
	}
	if body.read > 64<<20 {
		t.Errorf("the client had to send %d bytes; the server should answer before reading the body", body.read)
	}
	rows, err := app.FindRecordsByFilter("audit_log", "action = 'upload_rejected'", "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].GetString("actor") != tv.AuthorID || details(rows[0])["code"] != "upload_too_large" || rows[0].GetString("target") != "images" {
		t.Errorf("want one upload_rejected entry by the author with code upload_too_large, got %d", len(rows))
	}
}
