package migrations_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
	"cassette/pocketbase/migrations"
)

func reportBody(caseID, reporter string) *strings.Reader {
	return strings.NewReader(`{"case":"` + caseID + `","reporter":"` + reporter + `","reason":"phi","details":"A name in the corner"}`)
}

// TestReportsOnlyOnPublicCases: reporting a case that is not public answers exactly what
// an unknown id answers (status and body), so a report never reveals that a case exists.
func TestReportsOnlyOnPublicCases(t *testing.T) {
	fx := tv.LoadModeration(t)
	const url = "/api/collections/reports/records"
	var unknownBody string
	(&tests.ApiScenario{
		Name: "an unknown case", Method: http.MethodPost, URL: url, Headers: fx.Auth(tv.ReaderID),
		Body: reportBody("cunknown0000001", tv.ReaderID), TestAppFactory: fx.NewApp,
		ExpectedStatus: 400, ExpectedContent: errorBody(400),
		AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
			b, _ := io.ReadAll(res.Body)
			unknownBody = string(b)
		},
	}).Test(t)
	if unknownBody == "" {
		t.Fatal("no body for an unknown case")
	}
	for _, c := range fx.Cases {
		if c.Status == "published" {
			continue
		}
		(&tests.ApiScenario{
			Name: "a " + c.Status + " case answers like an unknown one", Method: http.MethodPost, URL: url,
			Headers: fx.Auth(tv.ReaderID), Body: reportBody(c.Case, tv.ReaderID), TestAppFactory: fx.NewApp,
			ExpectedStatus: 400, ExpectedContent: errorBody(400),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if b, _ := io.ReadAll(res.Body); string(b) != unknownBody {
					t.Errorf("body %s, want the unknown case's %s", b, unknownBody)
				}
				if n, _ := app.CountRecords("reports"); n != 2 {
					t.Errorf("%d reports stored, want the fixture's 2", n)
				}
			},
		}).Test(t)
	}
}

func TestReportsCreate(t *testing.T) {
	fx := tv.LoadModeration(t)
	const url = "/api/collections/reports/records"
	published := fx.Case("published").Case
	fileReport := func(status string) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
		return func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			col, _ := app.FindCollectionByNameOrId("reports")
			r := core.NewRecord(col)
			r.Load(map[string]any{"case": published, "reporter": tv.ReaderID, "reason": "inaccurate", "status": status})
			if err := app.Save(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, s := range []tests.ApiScenario{
		{Name: "a reader reports a published case and it starts open", Method: http.MethodPost, URL: url,
			Headers: fx.Auth(tv.ReaderID), Body: reportBody(published, tv.ReaderID),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"open"`, `"reason":"phi"`, `"case":"` + published + `"`}},
		{Name: "a second open report on the same case is refused", Method: http.MethodPost, URL: url,
			Headers: fx.Auth(tv.ReaderID), Body: reportBody(published, tv.ReaderID), BeforeTestFunc: fileReport("open"),
			ExpectedStatus: 400, ExpectedContent: []string{hooks.DuplicateReportMessage}},
		{Name: "a new report once the earlier one was resolved", Method: http.MethodPost, URL: url,
			Headers: fx.Auth(tv.ReaderID), Body: reportBody(published, tv.ReaderID), BeforeTestFunc: fileReport("resolved"),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"open"`}},
		{Name: "a blocked user cannot report", Method: http.MethodPost, URL: url,
			Headers: fx.Auth(tv.BlockedID), Body: reportBody(published, tv.BlockedID),
			ExpectedStatus: 403, ExpectedContent: []string{"blocked"}},
		{Name: "an unverified user cannot report", Method: http.MethodPost, URL: url,
			Headers: fx.Auth(tv.UnverifiedID), Body: reportBody(published, tv.UnverifiedID),
			ExpectedStatus: 403, ExpectedContent: []string{"Verify your email"}},
		{Name: "a guest cannot report", Method: http.MethodPost, URL: url, Body: reportBody(published, ""),
			ExpectedStatus: 401, ExpectedContent: errorBody(401)},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}

func TestReportsRateLimitRule(t *testing.T) {
	fx := tv.LoadModeration(t)
	app := fx.NewApp(t)
	defer app.Cleanup()
	for _, r := range app.Settings().RateLimits.Rules {
		if r.Label == "reports:create" {
			if r != migrations.ReportsRateLimit {
				t.Errorf("reports:create = %+v, want %+v", r, migrations.ReportsRateLimit)
			}
			return
		}
	}
	t.Error("no reports:create rate limit rule")
}
