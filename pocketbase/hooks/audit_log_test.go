package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

// auditEntries returns "action target actor_collection:actor" for every audit_log row.
func auditEntries(t testing.TB, app *tests.TestApp) []string {
	t.Helper()
	rows, err := app.FindAllRecords("audit_log")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.GetString("action")+" "+r.GetString("target")+" "+r.GetString("actor_collection")+":"+r.GetString("actor"))
	}
	return out
}

func expectAudit(want ...string) func(t testing.TB, app *tests.TestApp, res *http.Response) {
	return func(t testing.TB, app *tests.TestApp, res *http.Response) {
		got := auditEntries(t, app)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("audit_log =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

func TestAuditLog(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	const cases = "/api/collections/cases/records"
	for _, s := range []tests.ApiScenario{
		{Name: "case update by its author", Method: http.MethodPatch, URL: cases + "/" + tv.PublishedCaseID,
			Headers: fx.Auth(tv.AuthorID), Body: strings.NewReader(`{"title":"Edited"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"title":"Edited"`},
			// the case, and its audit_log row
			ExpectedEvents: events("OnRecordUpdateRequest", saves{Updated: 1, Created: 1}, 1),
			AfterTestFunc:  expectAudit("case.update " + tv.PublishedCaseID + " users:" + tv.AuthorID)},
		{Name: "case removal by a superuser", Method: http.MethodDelete, URL: cases + "/" + tv.PublishedCaseID,
			Headers: fx.Auth("superuser"), ExpectedStatus: 204,
			// the case and, by cascade, its series, image and report; one audit_log row
			// for the case (the cascade is not audited one by one)
			ExpectedEvents: events("OnRecordDeleteRequest", saves{Deleted: 4, Created: 1}, 0),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				got := auditEntries(t, app)
				if len(got) != 1 || !strings.HasPrefix(got[0], "case.delete "+tv.PublishedCaseID+" _superusers:") {
					t.Errorf("audit_log = %q, want one case.delete by a superuser", got)
				}
			}},
		{Name: "account deletion", Method: http.MethodDelete, URL: "/api/collections/users/records/" + tv.OtherID,
			Headers: fx.Auth(tv.OtherID), ExpectedStatus: 204,
			// the account and its draft (cascade); the report it filed stays with the
			// reporter cleared (reports.reporter does not cascade); one audit_log row
			ExpectedEvents: events("OnRecordDeleteRequest", saves{Deleted: 2, Unvalidated: 1, Created: 1}, 0),
			AfterTestFunc:  expectAudit("user.delete " + tv.OtherID + " users:" + tv.OtherID)},
		{Name: "a refused update leaves no entry", Method: http.MethodPatch, URL: cases + "/" + tv.PublishedCaseID,
			Headers: fx.Auth(tv.OtherID), Body: strings.NewReader(`{"title":"Edited"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`},
			// the update rule hides the case before any record hook runs
			ExpectedEvents: noEvents,
			AfterTestFunc:  expectAudit()},
		{Name: "case creation", Method: http.MethodPost, URL: cases,
			Headers: fx.Auth(tv.AuthorID), Body: strings.NewReader(`{"author":"` + tv.AuthorID + `","title":"Fresh","category":"breast","status":"draft"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"title":"Fresh"`},
			// the case, and its audit_log row
			ExpectedEvents: events("OnRecordCreateRequest", saves{Created: 2}, 1),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				got := auditEntries(t, app)
				if len(got) != 1 || !strings.HasPrefix(got[0], "case.create ") || !strings.HasSuffix(got[0], " users:"+tv.AuthorID) {
					t.Errorf("audit_log = %q, want one case.create by the author", got)
				}
			}},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
