package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

// BenchmarkPublicSliceDownload serves a published case's slice preview to a guest through the
// whole router, in process: the per-request cost of reading slices that the load bench
// measures over TCP. "fast path" is what a server does (files_fast_path.go); "PocketBase's
// route" leaves the fast path out (PocketBase's file route, guardFileDownload and its cache).
//
//	go test ./hooks -run '^$' -bench PublicSliceDownload -cpuprofile /tmp/files.prof
func BenchmarkPublicSliceDownload(b *testing.B) {
	fx := tv.Load(b)
	url := "/api/files/images/" + tv.PublishedImageID + "/" + fx.PublishedPreview
	for _, c := range []struct {
		name    string
		without []string
	}{
		{"fast path", nil},
		{"PocketBase's route", []string{hooks.PublicFileFastPathId}},
	} {
		b.Run(c.name, func(b *testing.B) {
			app := fx.NewApp(b)
			defer app.Cleanup()
			mux := serverMuxWithout(b, app, c.without...)
			for b.Loop() {
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
				if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != hooks.PublicFileCacheControl {
					b.Fatalf("%d %q", rec.Code, rec.Header().Get("Cache-Control"))
				}
			}
		})
	}
	// the anchor of the load bench: Go's static file server on the same stored file
	b.Run("http.FileServer", func(b *testing.B) {
		app := fx.NewApp(b)
		defer app.Cleanup()
		file := storedPath(b, app, "images", tv.PublishedImageID, fx.PublishedPreview)
		static := http.FileServer(http.Dir(filepath.Dir(file)))
		for b.Loop() {
			rec := httptest.NewRecorder()
			static.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+fx.PublishedPreview, nil))
			if rec.Code != http.StatusOK {
				b.Fatal(rec.Code)
			}
		}
	})
}

// serverMux is app's router as a real server builds it (rate limits off, as in the load bench:
// many requests from one address), for several requests against one app.
func serverMux(t testing.TB, app *tests.TestApp) http.Handler {
	t.Helper()
	settings := app.Settings()
	settings.RateLimits.Enabled = false
	if err := app.Save(settings); err != nil {
		t.Fatal(err)
	}
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		mux, err = e.Router.BuildMux()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return mux
}
