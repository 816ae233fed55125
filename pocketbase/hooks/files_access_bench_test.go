package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

// BenchmarkPublicSliceDownload serves a published case's slice preview to a guest through the
// whole router (PocketBase's file route, Cassette's access check and cache headers), in
// process: the per-request cost of reading slices that the load bench measures over TCP.
//
//	go test ./hooks -run '^$' -bench PublicSliceDownload -cpuprofile /tmp/files.prof
func BenchmarkPublicSliceDownload(b *testing.B) {
	fx := tv.Load(b)
	app := fx.NewApp(b)
	defer app.Cleanup()
	mux := serverMux(b, app)
	url := "/api/files/images/" + tv.PublishedImageID + "/" + fx.PublishedPreview
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
		if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "public, max-age=600" {
			b.Fatalf("%d %q", rec.Code, rec.Header().Get("Cache-Control"))
		}
	}
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
