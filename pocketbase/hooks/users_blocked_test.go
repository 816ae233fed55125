package hooks_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

const usersURL = "/api/collections/users/records/"

func TestBlockedUserCannotWrite(t *testing.T) {
	fx := tv.LoadModeration(t)
	blocked := fx.Case("blocked")
	enableBatch := func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		settings := app.Settings()
		settings.Batch.Enabled = true
		if err := app.Save(settings); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []tests.ApiScenario{
		{Name: "cannot edit their own case", Method: http.MethodPatch, URL: casesURL + blocked.Case, Headers: fx.Auth(tv.BlockedID),
			Body: strings.NewReader(`{"title":"Edited"}`), ExpectedStatus: 403, ExpectedContent: []string{"blocked"}},
		{Name: "cannot create a case", Method: http.MethodPost, URL: strings.TrimSuffix(casesURL, "/"), Headers: fx.Auth(tv.BlockedID),
			Body:           strings.NewReader(`{"author":"` + tv.BlockedID + `","title":"New","category":"other","status":"draft"}`),
			ExpectedStatus: 403, ExpectedContent: []string{"blocked"}},
		// batch requests skip router middlewares; the record hooks still refuse
		{Name: "cannot edit their case through a batch request", Method: http.MethodPost, URL: "/api/batch", Headers: fx.Auth(tv.BlockedID),
			BeforeTestFunc: enableBatch,
			Body:           strings.NewReader(`{"requests":[{"method":"PATCH","url":"/api/collections/series/records/` + blocked.Series + `","body":{"description":"x"}}]}`),
			ExpectedStatus: 400, ExpectedContent: []string{hooks.BlockedMessage}},
		{Name: "cannot unblock themselves (hidden fields are ignored)", Method: http.MethodPatch, URL: usersURL + tv.BlockedID, Headers: fx.Auth(tv.BlockedID),
			Body: strings.NewReader(`{"blocked":false,"blocked_reason":"","name":"Me"}`), ExpectedStatus: 200, ExpectedContent: []string{`"name":"Me"`},
			NotExpectedContent: []string{"blocked_reason"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if u := record(t, app, "users", tv.BlockedID); !u.GetBool("blocked") || u.GetString("blocked_reason") != tv.BlockedReason {
					t.Error("a user unblocked themselves")
				}
			}},
		{Name: "another user cannot see who is blocked", Method: http.MethodGet, URL: usersURL + tv.BlockedID, Headers: fx.Auth(tv.ReaderID),
			ExpectedStatus: 200, ExpectedContent: []string{`"username":"blocked"`}, NotExpectedContent: []string{"blocked_reason", `"blocked":`}},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}

func TestSuperuserBlocksAndUnblocks(t *testing.T) {
	fx := tv.LoadModeration(t)
	super := fx.Auth("superuser")
	for _, s := range []tests.ApiScenario{
		{Name: "blocking needs a reason", Method: http.MethodPatch, URL: usersURL + tv.AuthorID, Headers: super,
			Body: strings.NewReader(`{"blocked":true}`), ExpectedStatus: 400, ExpectedContent: []string{`"blocked_reason":{"code":"user_blocked_reason_required"`}},
		{Name: "blocking hides the published cases and is audited", Method: http.MethodPatch, URL: usersURL + tv.AuthorID, Headers: super,
			Body: strings.NewReader(`{"blocked":true,"blocked_reason":"Spam cases"}`), ExpectedStatus: 200, ExpectedContent: []string{`"blocked":true`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				d := moderationAudit(t, app, "user.blocked", tv.AuthorID)
				hidden, _ := d["cases_no_longer_public"].([]any)
				if d["reason"] != "Spam cases" || !slices.Equal(hidden, []any{tv.PublishedCaseID}) {
					t.Errorf("user.blocked details %v", d)
				}
				c := record(t, app, "cases", tv.PublishedCaseID)
				if ok, _ := app.CanAccessRecord(c, &core.RequestInfo{}, c.Collection().ViewRule); ok {
					t.Error("a guest still reads the blocked author's published case")
				}
			}},
		{Name: "unblocking clears the reason and is audited", Method: http.MethodPatch, URL: usersURL + tv.BlockedID, Headers: super,
			Body: strings.NewReader(`{"blocked":false}`), ExpectedStatus: 200, ExpectedContent: []string{`"blocked":false`, `"blocked_reason":""`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				d := moderationAudit(t, app, "user.unblocked", tv.BlockedID)
				public, _ := d["cases_public_again"].([]any)
				if d["previous_reason"] != tv.BlockedReason || !slices.Equal(public, []any{tv.BlockedCaseID}) {
					t.Errorf("user.unblocked details %v", d)
				}
			}},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
