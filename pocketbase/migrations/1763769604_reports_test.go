package migrations_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

func TestReportsRules(t *testing.T) {
	fx := tv.Load(t)
	const url = "/api/collections/reports/records"
	var (
		read = expect{403, 403, 403, 403, 403, 200}
		// the other user already has the fixture's open report on the case: one open
		// report per reporter and case (a superuser filing as them hits the unique index)
		create = expect{401, 200, 400, 403, 200, 400}
		update = expect{401, 403, 403, 403, 403, 200} // a guest is refused unread (hooks/uploads_auth_first.go)
		remove = expect{403, 403, 403, 403, 403, 204}
	)
	for i, r := range roles {
		reporter := r.key
		if r.key == "superuser" || r.key == "" {
			reporter = tv.OtherID
		}
		scenarios := []tests.ApiScenario{
			{Name: "list as " + r.name, Method: http.MethodGet, URL: url, Headers: headers(fx, r, nil),
				ExpectedStatus: read[i], ExpectedContent: bodyFor(read[i], []string{`"totalItems":1`, tv.ReportID})},
			{Name: "view as " + r.name, Method: http.MethodGet, URL: url + "/" + tv.ReportID, Headers: headers(fx, r, nil),
				ExpectedStatus: read[i], ExpectedContent: bodyFor(read[i], []string{`"details":"Report details"`})},
			{Name: "create as " + r.name, Method: http.MethodPost, URL: url, Headers: headers(fx, r, nil),
				Body:           strings.NewReader(`{"case":"` + tv.PublishedCaseID + `","reporter":"` + reporter + `","reason":"phi"}`),
				ExpectedStatus: create[i], ExpectedContent: bodyFor(create[i], []string{`"reason":"phi"`})},
			{Name: "update as " + r.name, Method: http.MethodPatch, URL: url + "/" + tv.ReportID, Headers: headers(fx, r, nil),
				Body:           strings.NewReader(`{"status":"resolved","resolution":"Case hidden"}`),
				ExpectedStatus: update[i], ExpectedContent: bodyFor(update[i], []string{`"status":"resolved"`})},
			{Name: "delete as " + r.name, Method: http.MethodDelete, URL: url + "/" + tv.ReportID, Headers: headers(fx, r, nil),
				ExpectedStatus: remove[i], ExpectedContent: bodyFor(remove[i], nil)},
		}
		for _, s := range scenarios {
			s.TestAppFactory = fx.NewApp
			s.Test(t)
		}
	}

	for _, s := range []tests.ApiScenario{
		{Name: "report in someone else's name", Method: http.MethodPost, URL: url, Headers: fx.Auth(tv.AuthorID),
			Body:           strings.NewReader(`{"case":"` + tv.PublishedCaseID + `","reporter":"` + tv.OtherID + `","reason":"phi"}`),
			ExpectedStatus: 400, ExpectedContent: errorBody(400)},
		{Name: "report that resolves itself", Method: http.MethodPost, URL: url, Headers: fx.Auth(tv.OtherID),
			Body:           strings.NewReader(`{"case":"` + tv.PublishedCaseID + `","reporter":"` + tv.OtherID + `","reason":"phi","status":"dismissed"}`),
			ExpectedStatus: 400, ExpectedContent: errorBody(400)},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
