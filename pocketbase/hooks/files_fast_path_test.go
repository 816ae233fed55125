package hooks_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

// TestPublicFileFastPathAnswersAsPocketBase: for the same public slice, the fast path
// (files_fast_path.go) and PocketBase's own file route with guardFileDownload answer with the
// same status, the same headers and the same bytes, for plain reads, HEAD, ranges,
// conditional requests and downloads; and the fast path really answered (PocketBase's
// download hook did not run), PocketBase really did.
func TestPublicFileFastPathAnswersAsPocketBase(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	// two clones of the fixture (a PocketBase app builds one router), the slice stamped with
	// the same time in both for Last-Modified
	fastApp, pbApp := fx.NewApp(t), fx.NewApp(t)
	defer fastApp.Cleanup()
	defer pbApp.Cleanup()
	stamp := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, app := range []*tests.TestApp{fastApp, pbApp} {
		if err := os.Chtimes(storedPath(t, app, "images", tv.PublishedImageID, fx.PublishedPreview), stamp, stamp); err != nil {
			t.Fatal(err)
		}
	}
	fast := serverMux(t, fastApp)
	pocketbase := serverMuxWithout(t, pbApp, hooks.PublicFileFastPathId)
	url := "/api/files/images/" + tv.PublishedImageID + "/" + fx.PublishedPreview

	first := httptest.NewRecorder()
	pocketbase.ServeHTTP(first, httptest.NewRequest(http.MethodGet, url, nil))
	lastModified := first.Header().Get("Last-Modified")
	if first.Code != http.StatusOK || lastModified == "" {
		t.Fatalf("PocketBase: %d, Last-Modified %q", first.Code, lastModified)
	}
	for _, c := range []struct {
		name, method, query string
		header              map[string]string
		status              int
	}{
		{"GET", http.MethodGet, "", nil, 200},
		{"HEAD", http.MethodHead, "", nil, 200},
		{"a range", http.MethodGet, "", map[string]string{"Range": "bytes=10-99"}, 206},
		{"two ranges", http.MethodGet, "", map[string]string{"Range": "bytes=0-9,20-29"}, 206},
		{"a range past the end", http.MethodGet, "", map[string]string{"Range": "bytes=99999999-"}, 416},
		{"not modified since", http.MethodGet, "", map[string]string{"If-Modified-Since": lastModified}, 304},
		{"a stale If-Range", http.MethodGet, "", map[string]string{"Range": "bytes=0-9", "If-Range": "Mon, 02 Jan 2006 15:04:05 GMT"}, 200},
		{"download=1", http.MethodGet, "?download=1", nil, 200},
		{"download=false", http.MethodGet, "?download=false", nil, 200},
		{"a file token it does not need", http.MethodGet, "?token=" + fx.FileTokens[tv.AuthorID], nil, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			answer := func(app *tests.TestApp, mux http.Handler, downloadHooks int) *httptest.ResponseRecorder {
				req := httptest.NewRequest(c.method, url+c.query, nil)
				for k, v := range c.header {
					req.Header.Set(k, v)
				}
				app.ResetEventCalls()
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, req)
				if got := app.EventCalls["OnFileDownloadRequest"]; got != downloadHooks {
					t.Errorf("PocketBase's download hook ran %d times, want %d", got, downloadHooks)
				}
				return rec
			}
			want, got := answer(pbApp, pocketbase, 1), answer(fastApp, fast, 0)
			sameBoundary(want, got)
			if got.Code != c.status || want.Code != c.status {
				t.Errorf("status: fast path %d, PocketBase %d; want %d", got.Code, want.Code, c.status)
			}
			if !reflect.DeepEqual(got.Header(), want.Header()) {
				t.Errorf("headers:\nfast path  %v\nPocketBase %v", got.Header(), want.Header())
			}
			if !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
				t.Errorf("body: fast path %d bytes, PocketBase %d bytes, not the same", got.Body.Len(), want.Body.Len())
			}
		})
	}
}

// TestPublicFileFastPath: what the fast path answers itself (no download hook: "*": 0) and
// what it leaves to PocketBase's route, where the access rules decide as before.
func TestPublicFileFastPath(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	draftPreview := storedName(t, fx, "images", tv.DraftImageID, "preview")
	files := "/api/files/images/"
	published := files + tv.PublishedImageID + "/" + fx.PublishedPreview
	jpeg := []string{"\xff\xd8\xff"}
	fast := map[string]int{"*": 0}
	viaPocketBase := map[string]int{"OnFileDownloadRequest": 1}
	withS3 := func(t testing.TB) *tests.TestApp {
		app := fx.NewApp(t)
		// nothing listens there: PocketBase's route tries it and answers 404
		settings := app.Settings()
		settings.S3 = core.S3Config{Enabled: true, Bucket: "b", Region: "r", Endpoint: "http://127.0.0.1:1", AccessKey: "k", Secret: "s"}
		if err := app.Save(settings); err != nil {
			t.Fatal(err)
		}
		return app
	}
	for _, s := range []tests.ApiScenario{
		{Name: "a guest reads a published slice", URL: published, ExpectedStatus: 200, ExpectedContent: jpeg,
			ExpectedEvents: fast, AfterTestFunc: expectHeaders(map[string]string{
				"Cache-Control": hooks.PublicFileCacheControl, "Content-Type": "image/jpeg",
				"Content-Disposition": "inline; filename=" + fx.PublishedPreview, "X-Content-Type-Options": "nosniff",
				"X-Frame-Options": ""})},
		{Name: "a signed-in reader reads a published slice", URL: published, Headers: fx.Auth(tv.OtherID),
			ExpectedStatus: 200, ExpectedContent: jpeg, ExpectedEvents: fast},
		{Name: "download=1 is an attachment", URL: published + "?download=1", ExpectedStatus: 200, ExpectedContent: jpeg,
			ExpectedEvents: fast, AfterTestFunc: expectHeaders(map[string]string{"Content-Disposition": "attachment; filename=" + fx.PublishedPreview})},
		{Name: "a thumb is PocketBase's", URL: published + "?thumb=100x100", ExpectedStatus: 200, ExpectedContent: jpeg,
			ExpectedEvents: viaPocketBase},
		{Name: "the protected DICOM is PocketBase's", URL: files + tv.PublishedImageID + "/" + fx.PublishedDicom + "?token=" + fx.FileTokens[tv.AuthorID],
			ExpectedStatus: 200, ExpectedContent: []string{"DICM"}, ExpectedEvents: viaPocketBase,
			AfterTestFunc: expectHeaders(map[string]string{"Cache-Control": hooks.PrivateFileCacheControl})},
		{Name: "the protected DICOM without a token is refused", URL: files + tv.PublishedImageID + "/" + fx.PublishedDicom,
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}, NotExpectedContent: []string{"DICM"}},
		{Name: "a draft's preview to its author is PocketBase's", URL: files + tv.DraftImageID + "/" + draftPreview + "?token=" + fx.FileTokens[tv.AuthorID],
			ExpectedStatus: 200, ExpectedContent: jpeg, ExpectedEvents: viaPocketBase,
			AfterTestFunc: expectHeaders(map[string]string{"Cache-Control": hooks.PrivateFileCacheControl})},
		{Name: "a draft's preview to a guest is a 404", URL: files + tv.DraftImageID + "/" + draftPreview,
			ExpectedStatus: 404, NotExpectedContent: jpeg, ExpectedEvents: map[string]int{"OnFileDownloadRequest": 1}},
		{Name: "a name the record does not hold", URL: files + tv.PublishedImageID + "/" + draftPreview, ExpectedStatus: 404, NotExpectedContent: jpeg},
		{Name: "a record id that climbs", URL: files + "..%2F..%2F..%2Fdata.db/x.jpg", ExpectedStatus: 404, NotExpectedContent: []string{"SQLite format"}},
		{Name: "a file name that climbs", URL: files + tv.PublishedImageID + "/..%2F..%2F..%2Fdata.db", ExpectedStatus: 404, NotExpectedContent: []string{"SQLite format"}},
		{Name: "the collection by id is fast too", URL: "/api/files/" + collectionID(t, fx, "images") + "/" + tv.PublishedImageID + "/" + fx.PublishedPreview,
			ExpectedStatus: 200, ExpectedContent: jpeg, ExpectedEvents: fast},
		{Name: "files on S3 are PocketBase's", URL: published, TestAppFactory: withS3, ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}, ExpectedEvents: viaPocketBase},
	} {
		s.Method = http.MethodGet
		if s.TestAppFactory == nil {
			s.TestAppFactory = fx.NewApp
		}
		s.Test(t)
	}
}

// TestPublicFileFastPathForgetsRemovedCase: once the fast path remembers a slice, removing its
// case (a moderator's removal, the author's deletion) or the slice itself makes the very next
// request a 404.
func TestPublicFileFastPathForgetsRemovedCase(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	for _, c := range []struct {
		name   string
		change func(app core.App) error
	}{
		{"removed by a moderator", func(app core.App) error {
			return setField(app, "cases", tv.PublishedCaseID, map[string]any{"status": "removed", "moderation_reason": "Copied from a textbook."})
		}},
		{"deleted by its author", func(app core.App) error { return deleteRecord(app, "cases", tv.PublishedCaseID) }},
		{"the slice deleted", func(app core.App) error { return deleteRecord(app, "images", tv.PublishedImageID) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			app := fx.NewApp(t)
			defer app.Cleanup()
			mux := serverMux(t, app)
			get := func() int {
				app.ResetEventCalls()
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/files/images/"+tv.PublishedImageID+"/"+fx.PublishedPreview, nil))
				return rec.Code
			}
			for range 2 {
				if code := get(); code != http.StatusOK || app.EventCalls["OnFileDownloadRequest"] != 0 {
					t.Fatalf("the published slice: %d, download hooks %d; want 200 from the fast path", code, app.EventCalls["OnFileDownloadRequest"])
				}
			}
			if err := c.change(app); err != nil {
				t.Fatal(err)
			}
			if code := get(); code != http.StatusNotFound {
				t.Errorf("the slice right after: %d; want 404", code)
			}
		})
	}
}

// sameBoundary gives two multipart/byteranges answers the same boundary (http.ServeContent
// draws a random one for each).
func sameBoundary(a, b *httptest.ResponseRecorder) {
	const prefix = "multipart/byteranges; boundary="
	for _, r := range []*httptest.ResponseRecorder{a, b} {
		if ct := r.Header().Get("Content-Type"); strings.HasPrefix(ct, prefix) {
			boundary := strings.TrimPrefix(ct, prefix)
			r.Header().Set("Content-Type", prefix+"B")
			body := bytes.ReplaceAll(r.Body.Bytes(), []byte(boundary), []byte("B"))
			r.Body = bytes.NewBuffer(body)
		}
	}
}

// serverMuxWithout is serverMux with the given router middlewares left out, e.g. PocketBase's
// file route without the fast path in front.
func serverMuxWithout(t testing.TB, app *tests.TestApp, ids ...string) http.Handler {
	t.Helper()
	id := app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Unbind(ids...)
		return se.Next()
	})
	defer app.OnServe().Unbind(id)
	return serverMux(t, app)
}

func expectHeaders(want map[string]string) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, _ *tests.TestApp, res *http.Response) {
		for k, v := range want {
			if got := res.Header.Get(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
	}
}

func storedName(t testing.TB, fx *tv.Fixture, collection, id, field string) string {
	t.Helper()
	app := fx.NewApp(t)
	defer app.Cleanup()
	rec, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatal(err)
	}
	name := rec.GetString(field)
	if !strings.HasPrefix(name, field+"_") {
		t.Fatalf("%s.%s of %s: %q", collection, field, id, name)
	}
	return name
}

func storedPath(t testing.TB, app core.App, collection, id, name string) string {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(app.DataDir(), "storage", col.Id, id, name)
}

func deleteRecord(app core.App, collection, id string) error {
	rec, err := app.FindRecordById(collection, id)
	if err != nil {
		return err
	}
	return app.Delete(rec)
}
