package hooks_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/logger"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

// TestPublicFileFastPathLogsFailuresOnly: a public slice served by the fast path writes no
// request log row (apis.SkipSuccessActivityLog), a refused request still does, and the same
// public read through PocketBase's route does (so the count below can see a row).
func TestPublicFileFastPathLogsFailuresOnly(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	public := "/api/files/images/" + tv.PublishedImageID + "/" + fx.PublishedPreview
	missing := "/api/files/images/" + tv.PublishedImageID + "/preview_notstoredhere0000.jpg"
	for _, c := range []struct {
		name       string
		without    []string
		publicRows int
	}{
		{"fast path", nil, 0},
		{"PocketBase's route", []string{hooks.PublicFileFastPathId}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			app := fx.NewApp(t)
			defer app.Cleanup()
			app.Settings().Logs.MaxDays = 5 // PocketBase's default; the test data dir keeps none
			mux := serverMuxWithout(t, app, c.without...)
			for _, url := range []string{public, missing} {
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
				if want := map[string]int{public: 200, missing: 404}[url]; rec.Code != want {
					t.Fatalf("%s: %d, want %d", url, rec.Code, want)
				}
			}
			// request logs are written in the background: wait for the refused one's row,
			// then give the public one as long again
			deadline := time.Now().Add(5 * time.Second)
			for logRows(t, app, missing) == 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if n := logRows(t, app, missing); n != 1 {
				t.Fatalf("the refused request: %d log rows, want 1", n)
			}
			time.Sleep(200 * time.Millisecond)
			if n := logRows(t, app, public); n != c.publicRows {
				t.Errorf("the public read: %d log rows, want %d", n, c.publicRows)
			}
		})
	}
}

// logRows writes the app's pending log records and counts the request rows for url.
func logRows(t testing.TB, app *tests.TestApp, url string) int {
	t.Helper()
	if h, ok := app.Logger().Handler().(*logger.BatchHandler); ok {
		if err := h.WriteAll(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	err := app.LogQuery().Select("count(*)").
		AndWhere(dbx.NewExp("json_extract(data, '$.url') = {:url}", dbx.Params{"url": url})).Row(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
