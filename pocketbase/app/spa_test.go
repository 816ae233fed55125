package app_test

import (
	"net/http"
	"testing"
	"testing/fstest"

	"github.com/pocketbase/pocketbase/tests"

	webapp "cassette/pocketbase/app"
)

const shell = "<!doctype html><title>Cassette shell</title>"

var built = fstest.MapFS{
	"index.html":                 {Data: []byte(shell)},
	"_app/immutable/entry-x1.js": {Data: []byte("console.log('immutable')")},
	"_app/version.json":          {Data: []byte(`{"version":"1"}`)},
	"service-worker.js":          {Data: []byte("self.addEventListener('fetch', () => {})")},
	"manifest.webmanifest":       {Data: []byte(`{"name":"Cassette"}`)},
	"icons/icon-192.png":         {Data: []byte("\x89PNG\r\n\x1a\nicon")},
}

func factory(fsys fstest.MapFS) func(t testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app, err := tests.NewTestApp()
		if err != nil {
			t.Fatal(err)
		}
		webapp.Register(app, fsys)
		return app
	}
}

func cacheControl(want string) func(t testing.TB, app *tests.TestApp, res *http.Response) {
	return func(t testing.TB, app *tests.TestApp, res *http.Response) {
		if got := res.Header.Get("Cache-Control"); got != want {
			t.Errorf("Cache-Control = %q, want %q", got, want)
		}
	}
}

func TestSPA(t *testing.T) {
	const immutable = "public, max-age=31536000, immutable"
	for _, s := range []tests.ApiScenario{
		{Name: "root serves the shell", URL: "/", ExpectedStatus: 200, ExpectedContent: []string{shell},
			AfterTestFunc: cacheControl("no-cache")},
		{Name: "a client route falls back to the shell", URL: "/cases/abc", ExpectedStatus: 200, ExpectedContent: []string{shell},
			AfterTestFunc: cacheControl("no-cache")},
		{Name: "a nested client route with a dot-free id too", URL: "/verify/eyJhbGciOiJIUzI1NiJ9", ExpectedStatus: 200,
			ExpectedContent: []string{shell}},
		{Name: "an email link route whose token is a JWT with dots", URL: "/reset/eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IngifQ.c2ln", ExpectedStatus: 200,
			ExpectedContent: []string{shell}},
		{Name: "hashed assets are immutable", URL: "/_app/immutable/entry-x1.js", ExpectedStatus: 200,
			ExpectedContent: []string{"console.log('immutable')"}, AfterTestFunc: cacheControl(immutable)},
		{Name: "the version file is revalidated", URL: "/_app/version.json", ExpectedStatus: 200,
			ExpectedContent: []string{`"version":"1"`}, AfterTestFunc: cacheControl("no-cache")},
		{Name: "the service worker is revalidated", URL: "/service-worker.js", ExpectedStatus: 200,
			ExpectedContent: []string{"addEventListener"}, AfterTestFunc: cacheControl("no-cache")},
		{Name: "the manifest is revalidated", URL: "/manifest.webmanifest", ExpectedStatus: 200,
			ExpectedContent: []string{`"name":"Cassette"`}, AfterTestFunc: cacheControl("no-cache")},
		{Name: "other static files get a short cache", URL: "/icons/icon-192.png", ExpectedStatus: 200,
			ExpectedContent: []string{"PNG"}, AfterTestFunc: cacheControl("public, max-age=3600")},
		{Name: "a missing asset is a 404, not the shell", URL: "/_app/immutable/missing.js", ExpectedStatus: 404,
			NotExpectedContent: []string{shell}},
		{Name: "the API still answers", URL: "/api/health", ExpectedStatus: 200, ExpectedContent: []string{`"code":200`}},
		{Name: "an unknown API path is a 404, not the shell", URL: "/api/nope", ExpectedStatus: 404,
			ExpectedContent: []string{`"status":404`}, NotExpectedContent: []string{shell}},
		// the test router has no dashboard; the app must not claim its paths either
		{Name: "dashboard paths are left to PocketBase", URL: "/_/", ExpectedStatus: 404, NotExpectedContent: []string{shell}},
		{Name: "path traversal stays inside the app", URL: "/%2e%2e/%2e%2e/etc/passwd", ExpectedStatus: 200,
			ExpectedContent: []string{shell}, NotExpectedContent: []string{"root:"}},
	} {
		s.Method = http.MethodGet
		s.TestAppFactory = factory(built)
		s.Test(t)
	}
}

func TestSPANotBuilt(t *testing.T) {
	(&tests.ApiScenario{
		Name: "without index.html the server says how to build the app", Method: http.MethodGet, URL: "/cases/abc",
		TestAppFactory: factory(fstest.MapFS{".gitkeep": {}}),
		ExpectedStatus: 503, ExpectedContent: []string{webapp.NotBuiltMessage},
	}).Test(t)
	(&tests.ApiScenario{
		Name: "the API works before the app is built", Method: http.MethodGet, URL: "/api/health",
		TestAppFactory: factory(fstest.MapFS{".gitkeep": {}}),
		ExpectedStatus: 200, ExpectedContent: []string{`"code":200`},
	}).Test(t)
}
