package hooks_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	tv "cassette/pocketbase/internal/testenv"
)

const draftUpdateID = "rupdatedraft001"

var draftUpdate = map[string]any{
	"subject_es": "Novedades del proyecto", "body_es": "Primer párrafo.\n\nSegundo <párrafo>.",
	"subject_en": "Project news", "body_en": "First paragraph.\n\nSecond <paragraph>.",
	"status": "draft", "per_minute": 1200,
}

// withDraft adds draftUpdate to updatesApp.
func withDraft(fx *tv.Moderation) func(testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app := updatesApp(fx)(t)
		save(t, app, "research_updates", draftUpdateID, draftUpdate)
		return app
	}
}

func TestResearchUpdatesAreForSuperusersOnly(t *testing.T) {
	t.Parallel()
	fx := tv.LoadModeration(t)
	body := `{"subject_es":"a","body_es":"b","subject_en":"c","body_en":"d","status":"draft"}`
	for _, s := range []tests.ApiScenario{
		{Name: "a guest cannot create one", Method: http.MethodPost, URL: updatesURL, Body: strings.NewReader(body),
			ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "a contributor cannot create one", Method: http.MethodPost, URL: updatesURL, Body: strings.NewReader(body),
			Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "a researcher cannot create one", Method: http.MethodPost, URL: updatesURL, Body: strings.NewReader(body),
			Headers: fx.Auth(tv.ResearcherID), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "a contributor cannot list them", Method: http.MethodGet, URL: updatesURL,
			Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "a contributor cannot start a sending", Method: http.MethodPatch, URL: updatesURL + "/" + draftUpdateID,
			Body: strings.NewReader(`{"status":"sending"}`), Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 403,
			ExpectedContent: []string{`"status":403`}},
		{Name: "a contributor cannot list the deliveries", Method: http.MethodGet, URL: "/api/collections/research_update_deliveries/records",
			Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "a superuser creates a draft; the server's counts start empty", Method: http.MethodPost, URL: updatesURL,
			Body:    strings.NewReader(`{"subject_es":"a","body_es":"b","subject_en":"c","body_en":"d","status":"draft","recipients":99,"sent_by":"x"}`),
			Headers: fx.Auth("superuser"), ExpectedStatus: 200,
			ExpectedContent: []string{`"status":"draft"`, `"recipients":0`, `"sent_by":""`},
			ExpectedEvents:  map[string]int{"*": 0, "OnRecordCreateRequest": 1, "OnModelCreate": 1, "OnModelCreateExecute": 1, "OnModelAfterCreateSuccess": 1, "OnModelValidate": 1, "OnRecordCreate": 1, "OnRecordCreateExecute": 1, "OnRecordAfterCreateSuccess": 1, "OnRecordValidate": 1, "OnRecordEnrich": 1}},
		{Name: "a superuser cannot create one as sent", Method: http.MethodPost, URL: updatesURL,
			Body:    strings.NewReader(strings.Replace(body, "draft", "sent", 1)),
			Headers: fx.Auth("superuser"), ExpectedStatus: 400, ExpectedContent: []string{"the server sets sent"}},
		{Name: "a superuser cannot mark a draft sent", Method: http.MethodPatch, URL: updatesURL + "/" + draftUpdateID,
			Body: strings.NewReader(`{"status":"sent"}`), Headers: fx.Auth("superuser"), ExpectedStatus: 400,
			ExpectedContent: []string{"the server sets sent"}},
		{Name: "all four texts are required", Method: http.MethodPost, URL: updatesURL,
			Body:    strings.NewReader(`{"subject_es":"a","body_es":"b","subject_en":"c","status":"sending"}`),
			Headers: fx.Auth("superuser"), ExpectedStatus: 400, ExpectedContent: []string{`"body_en":{"code":"validation_required"`}},
	} {
		s.TestAppFactory = withDraft(fx)
		s.Test(t)
	}
}

func TestResearchUpdateReachesConsentingContributorsInTheirLanguage(t *testing.T) {
	t.Parallel()
	fx := tv.LoadModeration(t)
	scenario := tests.ApiScenario{
		Name: "setting a draft to sending emails exactly the consenting contributors", Method: http.MethodPatch,
		URL: updatesURL + "/" + draftUpdateID, Body: strings.NewReader(`{"status":"sending"}`), Headers: fx.Auth("superuser"),
		ExpectedStatus: 200, ExpectedContent: []string{`"status":"sending"`},
		TestAppFactory: withDraft(fx),
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			update := waitSent(t, app, draftUpdateID)
			to, bodies := mailTo(app)
			if want := emailsOf(wantRecipients...); !slices.Equal(to, want) {
				t.Fatalf("emailed %v, want %v", to, want)
			}
			if update.GetInt("recipients") != 3 || update.GetInt("sent") != 3 || update.GetInt("failed") != 0 {
				t.Errorf("counts recipients=%d sent=%d failed=%d, want 3/3/0", update.GetInt("recipients"), update.GetInt("sent"), update.GetInt("failed"))
			}
			checkLanguages(t, bodies)
			checkTokens(t, app, bodies)
			checkPace(t, app)

			super, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, tv.SuperuserEmail)
			if err != nil {
				t.Fatal(err)
			}
			for action, want := range map[string]float64{"research_update.sending": 3, "research_update.sent": 3} {
				rows := updateAudit(t, app, action, draftUpdateID)
				if len(rows) != 1 {
					t.Fatalf("%d %s audit entries, want 1", len(rows), action)
				}
				var details map[string]any
				if err := rows[0].UnmarshalJSONField("details", &details); err != nil {
					t.Fatal(err)
				}
				if details["recipients"] != want || rows[0].GetString("actor") != super.Id {
					t.Errorf("%s audit = %v by %s, want %v recipients by the superuser", action, details, rows[0].GetString("actor"), want)
				}
			}
		},
	}
	scenario.Test(t)
}

// checkLanguages: Spanish for es and for no language, English for en; the admin's text is
// escaped in HTML and split into paragraphs.
func checkLanguages(t testing.TB, bodies map[string][]string) {
	t.Helper()
	for addr, lang := range map[string]string{"author@cassette.test": "en", spanishID + "@cassette.test": "es", noLanguageID + "@cassette.test": "es"} {
		got := bodies[addr][0]
		want := map[string][]string{
			"en": {"Project news\n", "First paragraph.", "<p style=\"white-space: pre-line\">Second &lt;paragraph&gt;.</p>", "Stop receiving these updates"},
			"es": {"Novedades del proyecto\n", "Primer párrafo.", "Segundo &lt;párrafo&gt;.", "Dejar de recibir estas novedades"},
		}[lang]
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("email to %s lacks %q (want %s)", addr, w, lang)
			}
		}
		if strings.Contains(got, `pre-line">Second <paragraph>`) || strings.Contains(got, `pre-line">Segundo <párrafo>`) {
			t.Errorf("email to %s has the admin's text unescaped in HTML", addr)
		}
	}
}

// checkTokens: every email carries its recipient's own unsubscribe token, in the link and in
// the RFC 8058 List-Unsubscribe header.
func checkTokens(t testing.TB, app *tests.TestApp, bodies map[string][]string) {
	t.Helper()
	for _, id := range wantRecipients {
		body := bodies[emailsOf(id)[0]][0]
		m := unsubscribeLink.FindStringSubmatch(body)
		if m == nil || !strings.HasPrefix(m[1], id+"-") {
			t.Errorf("email to %s has no unsubscribe link of its own: %v", id, m)
			continue
		}
		if !strings.Contains(body, "/api/cassette/research-updates/unsubscribe?token="+m[1]+">") {
			t.Errorf("email to %s lacks the List-Unsubscribe header with its token", id)
		}
	}
}

// checkPace: per_minute 1200 puts at least 50 ms between two emails.
func checkPace(t testing.TB, app *tests.TestApp) {
	t.Helper()
	rows, err := app.FindRecordsByFilter("research_update_deliveries", "research_update = {:u}", "sent_at", 0, 0, map[string]any{"u": draftUpdateID})
	if err != nil {
		t.Fatal(err)
	}
	var prev types.DateTime
	for i, r := range rows {
		at := r.GetDateTime("sent_at")
		if i > 0 && at.Time().Sub(prev.Time()).Milliseconds() < 45 {
			t.Errorf("two emails %v apart, want ≥ 50 ms at 1200 per minute", at.Time().Sub(prev.Time()))
		}
		prev = at
	}
}

func TestSentUpdateIsFrozen(t *testing.T) {
	t.Parallel()
	fx := tv.LoadModeration(t)
	sent := func(t testing.TB) *tests.TestApp {
		app := withDraft(fx)(t)
		u, err := app.FindRecordById("research_updates", draftUpdateID)
		if err != nil {
			t.Fatal(err)
		}
		u.Set("status", "sent")
		if err := app.Save(u); err != nil {
			t.Fatal(err)
		}
		return app
	}
	for _, body := range []string{`{"status":"sending"}`, `{"body_en":"changed"}`, `{"status":"draft"}`} {
		s := tests.ApiScenario{Name: "a sent update cannot be changed: " + body, Method: http.MethodPatch, URL: updatesURL + "/" + draftUpdateID,
			Body: strings.NewReader(body), Headers: fx.Auth("superuser"), ExpectedStatus: 400,
			ExpectedContent: []string{"cannot be changed"}, TestAppFactory: sent,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if n := app.TestMailer.TotalSend(); n != 0 {
					t.Errorf("%d emails sent again", n)
				}
			}}
		s.Test(t)
	}
}
