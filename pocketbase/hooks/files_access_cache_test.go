package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	tv "cassette/pocketbase/internal/testenv"
)

// TestPublicFileAnswerIsForgottenOnChange: the server remembers that a slice is public
// (files_access_cache.go), and forgets it the moment its case stops being public, whichever
// way: hidden by a moderator, its author blocked, unpublished by its author. One app serves
// every request, as a running server does, so a stale answer would be served.
func TestPublicFileAnswerIsForgottenOnChange(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	for _, c := range []struct {
		name   string
		change func(app core.App) error
	}{
		{"hidden by a moderator", func(app core.App) error {
			return setField(app, "cases", tv.PublishedCaseID, map[string]any{"status": "hidden", "moderation_reason": "A name in slice 3."})
		}},
		{"its author blocked", func(app core.App) error {
			return setField(app, "users", tv.AuthorID, map[string]any{"blocked": true, "blocked_reason": "Spam."})
		}},
		{"back to draft by its author", func(app core.App) error {
			return setField(app, "cases", tv.PublishedCaseID, map[string]any{"status": "draft"})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			app := fx.NewApp(t)
			defer app.Cleanup()
			mux := serverMux(t, app)
			get := func() int {
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/files/images/"+tv.PublishedImageID+"/"+fx.PublishedPreview, nil))
				return rec.Code
			}
			for range 2 { // the second answer comes from the cache
				if code := get(); code != http.StatusOK {
					t.Fatalf("the published slice: %d; want 200", code)
				}
			}
			if err := c.change(app); err != nil {
				t.Fatal(err)
			}
			if code := get(); code != http.StatusNotFound {
				t.Errorf("the slice right after its case stopped being public: %d; want 404", code)
			}
		})
	}
}

func setField(app core.App, collection, id string, values map[string]any) error {
	rec, err := app.FindRecordById(collection, id)
	if err != nil {
		return err
	}
	rec.Load(values)
	return app.Save(rec)
}
