package hooks_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

const casesURL = "/api/collections/cases/records/"

// expectMail checks the one email sent: to whom, and phrases it must contain.
func expectMail(t testing.TB, app *tests.TestApp, to string, phrases ...string) {
	t.Helper()
	if n := app.TestMailer.TotalSend(); n != 1 {
		t.Fatalf("%d emails sent, want 1", n)
	}
	msg := app.TestMailer.LastMessage()
	if len(msg.To) != 1 || msg.To[0].Address != to {
		t.Errorf("email to %v, want %s", msg.To, to)
	}
	for _, p := range phrases {
		if !strings.Contains(msg.Subject+msg.HTML, p) || !strings.Contains(msg.Subject+msg.Text, p) {
			t.Errorf("email lacks %q:\n%s\n%s", p, msg.Subject, msg.Text)
		}
	}
}

func TestModeratorHidesRemovesAndRestores(t *testing.T) {
	fx := tv.LoadModeration(t)
	published, hidden, blocked := fx.Case("published"), fx.Case("hidden"), fx.Case("blocked")
	const reason = "Patient name visible on slice 12."
	super := fx.Auth("superuser")
	for _, s := range []tests.ApiScenario{
		{Name: "hiding without a reason is refused on the field", Method: http.MethodPatch, URL: casesURL + published.Case,
			Headers: super, Body: strings.NewReader(`{"status":"hidden","moderation_reason":"  "}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"moderation_reason":{"code":"case_moderation_reason_required"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if app.TestMailer.TotalSend() != 0 || countAudit(t, app, "case.hidden") != 0 {
					t.Error("a refused moderation sent an email or wrote the audit log")
				}
			}},
		{Name: "hiding: stamped, reports resolved, author emailed in English, audited", Method: http.MethodPatch, URL: casesURL + published.Case,
			Headers: super, Body: strings.NewReader(`{"status":"hidden","moderation_reason":"` + reason + `"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"hidden"`, `"moderation_reason":"` + reason + `"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				c := record(t, app, "cases", published.Case)
				if !recent(c.GetDateTime("moderated_at")) {
					t.Errorf("moderated_at = %v", c.GetDateTime("moderated_at"))
				}
				report := record(t, app, "reports", tv.ReportID)
				if report.GetString("status") != "resolved" || report.GetString("resolution") != reason {
					t.Errorf("open report left %s %q", report.GetString("status"), report.GetString("resolution"))
				}
				if d := moderationAudit(t, app, "report.resolved", tv.ReportID); d["reason"] != reason || d["via"] != "case.hidden" {
					t.Errorf("report.resolved details %v", d)
				}
				d := moderationAudit(t, app, "case.hidden", published.Case)
				if d["reason"] != reason || d["mail"] != "sent" || d["author"] != tv.AuthorID {
					t.Errorf("case.hidden details %v", d)
				}
				expectMail(t, app, "author@cassette.test", "was hidden", "“Published case”", reason, "ask for a review", "/my-cases")
			}},
		{Name: "removing: the author is told it cannot be edited", Method: http.MethodPatch, URL: casesURL + published.Case,
			Headers: super, Body: strings.NewReader(`{"status":"removed","moderation_reason":"` + reason + `"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"removed"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if d := moderationAudit(t, app, "case.removed", published.Case); d["reason"] != reason {
					t.Errorf("case.removed details %v", d)
				}
				expectMail(t, app, "author@cassette.test", "was removed", reason, "can no longer be edited", "delete it")
			}},
		{Name: "a Spanish-speaking author gets the email in Spanish", Method: http.MethodPatch, URL: casesURL + blocked.Case,
			Headers: super, Body: strings.NewReader(`{"status":"hidden","moderation_reason":"` + reason + `"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"hidden"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				expectMail(t, app, "blocked@cassette.test", "han ocultado tu caso", "«Case blocked»", "Motivo", reason, "pedir una revisión", "/my-cases")
			}},
		{Name: "restoring clears the reason and the review request, and says so", Method: http.MethodPatch, URL: casesURL + hidden.Case,
			Headers: super, Body: strings.NewReader(`{"status":"published"}`),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				c := record(t, app, "cases", hidden.Case)
				c.Set("review_requested", true)
				if err := app.Save(c); err != nil {
					t.Fatal(err)
				}
			},
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"published"`, `"moderation_reason":""`, `"review_requested":false`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if d := moderationAudit(t, app, "case.restored", hidden.Case); d["reason"] != tv.HiddenReason {
					t.Errorf("case.restored details %v", d)
				}
				if !recent(record(t, app, "cases", hidden.Case).GetDateTime("moderated_at")) {
					t.Error("moderated_at not stamped on restore")
				}
				expectMail(t, app, "author@cassette.test", "published again", "“Case hidden”")
			}},
		{Name: "a failed email does not undo the moderation and is in the audit entry", Method: http.MethodPatch, URL: casesURL + published.Case,
			Headers: super, Body: strings.NewReader(`{"status":"removed","moderation_reason":"` + reason + `"}`),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error { return errors.New("smtp: connection refused") })
			},
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"removed"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if d := moderationAudit(t, app, "case.removed", published.Case); !strings.Contains(d["mail_error"].(string), "connection refused") {
					t.Errorf("case.removed details %v", d)
				}
				if record(t, app, "cases", published.Case).GetString("status") != "removed" {
					t.Error("the removal was undone")
				}
			}},
		{Name: "a superuser editing an author-hidden case's title is no moderation", Method: http.MethodPatch, URL: casesURL + published.Case,
			Headers: super, Body: strings.NewReader(`{"title":"Retitled"}`),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				c := record(t, app, "cases", published.Case)
				c.Set("status", "hidden")
				if err := app.Save(c); err != nil {
					t.Fatal(err)
				}
			},
			ExpectedStatus: 200, ExpectedContent: []string{`"title":"Retitled"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if app.TestMailer.TotalSend() != 0 || countAudit(t, app, "case.hidden") != 0 {
					t.Error("a plain edit was treated as a moderation")
				}
			}},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}

// TestAuthorOfAModeratedCase: the author may fix a case the moderators hid and ask for a
// review, but decides neither its status nor the moderation fields.
func TestAuthorOfAModeratedCase(t *testing.T) {
	fx := tv.LoadModeration(t)
	published, hidden, removed := fx.Case("published"), fx.Case("hidden"), fx.Case("removed")
	author := fx.Auth(tv.AuthorID)
	patch := func(name, id, body string, status int, content ...string) tests.ApiScenario {
		return tests.ApiScenario{Name: name, Method: http.MethodPatch, URL: casesURL + id, Headers: author,
			Body: strings.NewReader(body), ExpectedStatus: status, ExpectedContent: content}
	}
	for _, s := range []tests.ApiScenario{
		patch("edits the text of a case the moderators hid", hidden.Case, `{"title":"Fixed title"}`, 200, `"title":"Fixed title"`),
		patch("asks for a review", hidden.Case, `{"review_requested":true}`, 200, `"review_requested":true`, `"status":"hidden"`),
		patch("cannot publish it again", hidden.Case, `{"status":"published"}`, 403, hooks.HiddenByModeratorsMessage),
		patch("cannot clear the reason", hidden.Case, `{"moderation_reason":""}`, 403, hooks.ModerationFieldsMessage),
		patch("cannot set a moderation date", published.Case, `{"moderated_at":"2026-01-01 00:00:00.000Z"}`, 403, hooks.ModerationFieldsMessage),
		patch("cannot ask for a review of a case nobody hid", published.Case, `{"review_requested":true}`, 400, `"review_requested":{"code":"case_review_not_hidden"`),
		patch("hides and publishes their own case", published.Case, `{"status":"hidden"}`, 200, `"status":"hidden"`),
		patch("cannot edit a removed case", removed.Case, `{"title":"Back"}`, 404, `"status":404`),
		{Name: "deletes a removed case", Method: http.MethodDelete, URL: casesURL + removed.Case, Headers: author, ExpectedStatus: 204},
		{Name: "cannot create a case with a moderation reason", Method: http.MethodPost, URL: strings.TrimSuffix(casesURL, "/"), Headers: author,
			Body:           strings.NewReader(`{"author":"` + tv.AuthorID + `","title":"New","category":"other","status":"draft","moderation_reason":"x"}`),
			ExpectedStatus: 403, ExpectedContent: []string{hooks.ModerationFieldsMessage}},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
