package migrations_test

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

// queueRow is one row of moderation_queue as the API lists it.
type queueRow struct {
	ID              string  `json:"id"`
	Title           string  `json:"title"`
	Status          string  `json:"status"`
	Author          string  `json:"author"`
	Reasons         string  `json:"reasons"`
	OpenReports     float64 `json:"open_reports"`
	OldestReport    string  `json:"oldest_report"`
	ReviewRequested bool    `json:"review_requested"`
	Link            string  `json:"link"`
}

// TestModerationQueueFields: the dashboard shows each column with a proper field type
// (aggregates would otherwise be JSON fields, see core/view.go).
func TestModerationQueueFields(t *testing.T) {
	fx := tv.LoadModeration(t)
	app := fx.NewApp(t)
	defer app.Cleanup()
	queue, err := app.FindCollectionByNameOrId("moderation_queue")
	if err != nil {
		t.Fatal(err)
	}
	if queue.ListRule != nil || queue.ViewRule != nil {
		t.Error("moderation_queue must be for superusers only")
	}
	want := map[string]string{"title": "text", "status": "select", "author": "text", "reasons": "text",
		"open_reports": "number", "oldest_report": "text", "review_requested": "bool", "link": "text"}
	for name, typ := range want {
		if f := queue.Fields.GetByName(name); f == nil || f.Type() != typ {
			t.Errorf("field %s: %v, want a %s field", name, f, typ)
		}
	}
}

func TestModerationQueue(t *testing.T) {
	fx := tv.LoadModeration(t)
	const url = "/api/collections/moderation_queue/records?sort=id"
	published, removed, draft := fx.Case("published").Case, fx.Case("removed").Case, fx.Case("draft").Case
	setup := func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		col, _ := app.FindCollectionByNameOrId("reports")
		for _, data := range []map[string]any{
			{"case": published, "reporter": tv.ReaderID, "reason": "phi", "status": "open"},
			{"case": published, "reporter": tv.ResearcherID, "reason": "phi", "status": "open"},
			{"case": published, "reporter": tv.AuthorID, "reason": "copyright", "status": "dismissed"},
			{"case": removed, "reporter": tv.ReaderID, "reason": "copyright", "status": "resolved"},
		} {
			r := core.NewRecord(col)
			r.Load(data)
			if err := app.Save(r); err != nil {
				t.Fatal(err)
			}
		}
		c, _ := app.FindRecordById("cases", draft)
		c.Set("review_requested", true)
		if err := app.Save(c); err != nil {
			t.Fatal(err)
		}
	}
	check := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		body, _ := io.ReadAll(res.Body)
		var page struct{ Items []queueRow }
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		rows := map[string]queueRow{}
		for _, r := range page.Items {
			rows[r.ID] = r
		}
		if len(rows) != 3 {
			t.Fatalf("rows %v, want the published, hidden and draft cases only", rows)
		}
		oldest, _ := app.FindRecordById("reports", tv.ReportID)
		p := rows[published]
		reasons := strings.Split(p.Reasons, ",")
		slices.Sort(reasons)
		if p.Title != "Published case" || p.Status != "published" || p.Author != "author" || p.OpenReports != 3 ||
			!slices.Equal(reasons, []string{"other", "phi"}) || p.Link != "/cases/"+published ||
			p.OldestReport != oldest.GetString("created") || p.ReviewRequested {
			t.Errorf("published row %+v", p)
		}
		if h := rows[tv.HiddenCaseID]; h.OpenReports != 1 || h.Reasons != "phi" || h.Status != "hidden" {
			t.Errorf("hidden row %+v", h)
		}
		if d := rows[draft]; d.OpenReports != 0 || !d.ReviewRequested || d.Reasons != "" || d.OldestReport != "" {
			t.Errorf("review request row %+v", d)
		}
	}
	for _, s := range []tests.ApiScenario{
		{Name: "a superuser sees one row per case waiting for a moderator", Method: http.MethodGet, URL: url,
			Headers: fx.Auth("superuser"), BeforeTestFunc: setup, AfterTestFunc: check,
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`}},
		{Name: "a reader cannot list the queue", Method: http.MethodGet, URL: url, Headers: fx.Auth(tv.ReaderID),
			ExpectedStatus: 403, ExpectedContent: errorBody(403)},
		{Name: "a guest cannot list the queue", Method: http.MethodGet, URL: url,
			ExpectedStatus: 403, ExpectedContent: errorBody(403)},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
