package routes_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/routes"
)

const emptyCaseID = "cempty000000001"

func bundleURL(id string) string {
	return strings.Replace(routes.CaseBundlePath, "{id}", id, 1)
}

// newApp is the fixture with Cassette's hooks and routes, plus a published
// case whose only series has no images yet.
func newApp(fx *tv.Fixture) func(testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app := fx.NewApp(t)
		routes.Register(app)
		for _, r := range []struct {
			collection, id string
			data           map[string]any
		}{
			{"cases", emptyCaseID, map[string]any{"author": tv.OtherID, "title": "Text only", "category": "other", "status": "published", "phi_acknowledged": true}},
			{"series", "sempty000000001", map[string]any{"case": emptyCaseID, "plane": "sagittal"}},
		} {
			col, err := app.FindCollectionByNameOrId(r.collection)
			if err != nil {
				t.Fatal(err)
			}
			rec := core.NewRecord(col)
			rec.Id = r.id
			rec.Load(r.data)
			if err := app.Save(rec); err != nil {
				t.Fatalf("%s: %v", r.collection, err)
			}
		}
		return app
	}
}

func TestCaseBundle(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	jpg, err := tv.PreviewBytes()
	if err != nil {
		t.Fatal(err)
	}
	inline := `"firstSlice":{"image":"` + tv.PublishedImageID + `","type":"image/jpeg","data":"` + base64.StdEncoding.EncodeToString(jpg) + `"}`
	// the record API hides these from readers; the bundle must too
	never := []string{"dicom", fx.PublishedDicom, fx.DraftDicom, "email", "password", "tokenKey"}
	for _, s := range []tests.ApiScenario{
		{Name: "a guest reads a published case with its first slice inline", Method: http.MethodGet, URL: bundleURL(tv.PublishedCaseID),
			ExpectedStatus: 200,
			ExpectedContent: []string{
				`"case":{`, `"id":"` + tv.PublishedCaseID + `"`, `"title":"Published case"`,
				`"author":{"id":"` + tv.AuthorID + `","name":"","username":"author"}`,
				`"series":[{`, `"id":"` + tv.PublishedSeriesID + `"`,
				`"images":[{"id":"` + tv.PublishedImageID + `","index":0,"preview":"` + fx.PublishedPreview + `"}]`,
				inline,
			},
			NotExpectedContent: never},
		{Name: "a guest cannot read a draft", Method: http.MethodGet, URL: bundleURL(tv.DraftCaseID),
			ExpectedStatus: 404, NotExpectedContent: []string{"Draft case"}},
		{Name: "another user cannot read someone else's draft", Method: http.MethodGet, URL: bundleURL(tv.DraftCaseID),
			Headers: fx.Auth(tv.OtherID), ExpectedStatus: 404, NotExpectedContent: []string{"Draft case"}},
		{Name: "the author reads their own draft", Method: http.MethodGet, URL: bundleURL(tv.DraftCaseID),
			Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 200,
			ExpectedContent:    []string{`"title":"Draft case"`, `"id":"` + tv.DraftSeriesID + `"`, `"images":[{"id":"` + tv.DraftImageID + `"`, `"firstSlice":{"image":"` + tv.DraftImageID + `"`},
			NotExpectedContent: never},
		{Name: "an unknown id is not found", Method: http.MethodGet, URL: bundleURL("cunknown0000001"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "a case without images has its series and no slice", Method: http.MethodGet, URL: bundleURL(emptyCaseID),
			ExpectedStatus: 200,
			ExpectedContent: []string{`"title":"Text only"`, `"series":[{`, `"plane":"sagittal"`, `"images":[]`, `"firstSlice":null`,
				`"author":{"id":"` + tv.OtherID + `"`}},
		{Name: "the answer is gzipped when the client accepts it", Method: http.MethodGet, URL: bundleURL(tv.PublishedCaseID),
			Headers: map[string]string{"Accept-Encoding": "gzip"}, ExpectedStatus: 200,
			// compressed, the body holds none of the JSON's text
			NotExpectedContent: []string{`"firstSlice"`, tv.PublishedImageID},
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
				if got := res.Header.Get("Content-Encoding"); got != "gzip" {
					t.Errorf("Content-Encoding = %q, want gzip", got)
				}
			}},
	} {
		s.TestAppFactory = newApp(fx)
		// a read: no record is written and no record hook runs (the route
		// finds records directly, so not even OnRecordEnrich fires)
		s.ExpectedEvents = map[string]int{"*": 0}
		s.Test(t)
	}
}
