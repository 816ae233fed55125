package migrations_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

func TestAuditLogRules(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	const url = "/api/collections/audit_log/records"
	superuserOnly := expect{403, 403, 403, 403, 403, 200}
	for i, r := range roles {
		scenarios := []tests.ApiScenario{
			{Name: "list as " + r.name, Method: http.MethodGet, URL: url, Headers: headers(fx, r, nil),
				ExpectedStatus: superuserOnly[i], ExpectedContent: bodyFor(superuserOnly[i], []string{`"items":[]`}),
				ExpectedEvents: eventsFor(superuserOnly[i], listed(0))},
			{Name: "create as " + r.name, Method: http.MethodPost, URL: url, Headers: headers(fx, r, nil),
				Body:           strings.NewReader(`{"action":"case.delete","target":"` + tv.PublishedCaseID + `"}`),
				ExpectedStatus: superuserOnly[i], ExpectedContent: bodyFor(superuserOnly[i], []string{`"action":"case.delete"`}),
				// the entry alone: writing the audit log is not itself audited
				ExpectedEvents: eventsFor(superuserOnly[i], events("OnRecordCreateRequest", saves{Created: 1}, 1))},
		}
		for _, s := range scenarios {
			s.TestAppFactory = fx.NewApp
			s.Test(t)
		}
	}
}
