package hooks_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	tv "cassette/pocketbase/internal/testenv"
)

// interrupted is the data a process killed mid-update leaves: the update "sending", one
// email sent, one handed to the transport when the process died, two still pending (one of
// whose recipients has opted out since).
func interrupted(fx *tv.Moderation) func(testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app := withDraft(fx)(t)
		update := record(t, app, "research_updates", draftUpdateID)
		update.Load(map[string]any{"status": "sending", "started": types.NowDateTime(), "recipients": 4})
		if err := app.Save(update); err != nil {
			t.Fatal(err)
		}
		for user, status := range map[string]string{tv.AuthorID: "sent", spanishID: "sending", noLanguageID: "pending", optedOutID: "pending"} {
			save(t, app, "research_update_deliveries", "", map[string]any{"research_update": draftUpdateID, "user": user, "status": status})
		}
		// optedOutID (opted out in updatesApp) stands for a recipient who unsubscribed after the start
		return app
	}
}

func TestResearchUpdateResumesAfterARestart(t *testing.T) {
	t.Parallel()
	fx := tv.LoadModeration(t)
	for _, s := range []tests.ApiScenario{
		{Name: "a restart sends only what was pending, never what may have left", Method: http.MethodGet, URL: "/api/health",
			ExpectedStatus: 200, ExpectedContent: []string{"API is healthy."}, TestAppFactory: interrupted(fx),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				update := waitSent(t, app, draftUpdateID)
				if to, _ := mailTo(app); !slices.Equal(to, emailsOf(noLanguageID)) {
					t.Fatalf("after the restart emailed %v, want only %s", to, noLanguageID)
				}
				want := map[string]string{tv.AuthorID: "sent", spanishID: "unknown", noLanguageID: "sent", optedOutID: "skipped"}
				rows, err := app.FindRecordsByFilter("research_update_deliveries", "research_update = {:u}", "", 0, 0, map[string]any{"u": draftUpdateID})
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rows {
					if got := r.GetString("status"); got != want[r.GetString("user")] {
						t.Errorf("delivery to %s is %s, want %s", r.GetString("user"), got, want[r.GetString("user")])
					}
				}
				if update.GetInt("sent") != 2 || update.GetInt("skipped") != 2 || update.GetInt("failed") != 0 {
					t.Errorf("counts sent=%d skipped=%d failed=%d, want 2/2/0", update.GetInt("sent"), update.GetInt("skipped"), update.GetInt("failed"))
				}
				// the sender writes its audit entry just after marking the update sent
				n := 0
				for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
					if n = len(updateAudit(t, app, "research_update.sent", draftUpdateID)); n != 0 || time.Now().After(deadline) {
						break
					}
				}
				if n != 1 {
					t.Errorf("%d research_update.sent entries, want 1", n)
				}
			}},
		{Name: "an update saved as sending just before a crash gets its recipients on restart", Method: http.MethodGet, URL: "/api/health",
			ExpectedStatus: 200, ExpectedContent: []string{"API is healthy."},
			TestAppFactory: func(t testing.TB) *tests.TestApp {
				app := withDraft(fx)(t)
				update := record(t, app, "research_updates", draftUpdateID)
				update.Set("status", "sending")
				if err := app.Save(update); err != nil {
					t.Fatal(err)
				}
				return app
			},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				waitSent(t, app, draftUpdateID)
				if to, _ := mailTo(app); !slices.Equal(to, emailsOf(wantRecipients...)) {
					t.Fatalf("emailed %v, want %v", to, emailsOf(wantRecipients...))
				}
				if n := len(updateAudit(t, app, "research_update.sending", draftUpdateID)); n != 1 {
					t.Errorf("%d research_update.sending entries, want 1", n)
				}
			}},
	} {
		s.Test(t)
	}
}
