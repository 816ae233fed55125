package migrations_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

func TestReportsRules(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	const url = "/api/collections/reports/records"
	var (
		read = expect{403, 403, 403, 403, 403, 200}
		// the other user already has the fixture's open report on the case: one open
		// report per reporter and case (hooks/reports_create.go refuses it in the request
		// hook, also for a superuser filing as them, before the unique index is reached)
		create = expect{401, 200, 400, 403, 200, 400}
		update = expect{401, 403, 403, 403, 403, 200} // a guest is refused unread (hooks/uploads_auth_first.go)
		remove = expect{403, 403, 403, 403, 403, 204}
	)
	for i, r := range roles {
		reporter := r.key
		if r.key == "superuser" || r.key == "" {
			reporter = tv.OtherID
		}
		// a new report is not audited; a second open one is refused in the request hook
		createEvents := eventsFor(create[i], events("OnRecordCreateRequest", saves{Created: 1}, 1))
		if create[i] == 400 {
			createEvents = events("OnRecordCreateRequest", saves{}, 0)
		}
		scenarios := []tests.ApiScenario{
			{Name: "list as " + r.name, Method: http.MethodGet, URL: url, Headers: headers(fx, r, nil),
				ExpectedStatus: read[i], ExpectedContent: bodyFor(read[i], []string{`"totalItems":1`, tv.ReportID}),
				ExpectedEvents: eventsFor(read[i], listed(1))},
			{Name: "view as " + r.name, Method: http.MethodGet, URL: url + "/" + tv.ReportID, Headers: headers(fx, r, nil),
				ExpectedStatus: read[i], ExpectedContent: bodyFor(read[i], []string{`"details":"Report details"`}),
				ExpectedEvents: eventsFor(read[i], viewed())},
			{Name: "create as " + r.name, Method: http.MethodPost, URL: url, Headers: headers(fx, r, nil),
				Body:           strings.NewReader(`{"case":"` + tv.PublishedCaseID + `","reporter":"` + reporter + `","reason":"phi"}`),
				ExpectedStatus: create[i], ExpectedContent: bodyFor(create[i], []string{`"reason":"phi"`}), ExpectedEvents: createEvents},
			{Name: "update as " + r.name, Method: http.MethodPatch, URL: url + "/" + tv.ReportID, Headers: headers(fx, r, nil),
				Body:           strings.NewReader(`{"status":"resolved","resolution":"Case hidden"}`),
				ExpectedStatus: update[i], ExpectedContent: bodyFor(update[i], []string{`"status":"resolved"`}),
				// the report, and its report.resolved audit_log row (hooks/reports_moderation.go)
				ExpectedEvents: eventsFor(update[i], events("OnRecordUpdateRequest", saves{Updated: 1, Created: 1}, 1))},
			{Name: "delete as " + r.name, Method: http.MethodDelete, URL: url + "/" + tv.ReportID, Headers: headers(fx, r, nil),
				ExpectedStatus: remove[i], ExpectedContent: bodyFor(remove[i], nil),
				ExpectedEvents: eventsFor(remove[i], events("OnRecordDeleteRequest", saves{Deleted: 1}, 0))},
		}
		for _, s := range scenarios {
			s.TestAppFactory = fx.NewApp
			s.Test(t)
		}
	}

	for _, s := range []tests.ApiScenario{
		{Name: "report in someone else's name", Method: http.MethodPost, URL: url, Headers: fx.Auth(tv.AuthorID),
			Body:           strings.NewReader(`{"case":"` + tv.PublishedCaseID + `","reporter":"` + tv.OtherID + `","reason":"phi"}`),
			ExpectedStatus: 400, ExpectedContent: errorBody(400), ExpectedEvents: refused},
		{Name: "report that resolves itself", Method: http.MethodPost, URL: url, Headers: fx.Auth(tv.OtherID),
			Body:           strings.NewReader(`{"case":"` + tv.PublishedCaseID + `","reporter":"` + tv.OtherID + `","reason":"phi","status":"dismissed"}`),
			ExpectedStatus: 400, ExpectedContent: errorBody(400), ExpectedEvents: refused},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
