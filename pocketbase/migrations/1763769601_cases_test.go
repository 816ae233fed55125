package migrations_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

func TestCasesRules(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	const url = "/api/collections/cases/records"
	newCase := func(author, status string) *strings.Reader {
		return strings.NewReader(`{"author":"` + author + `","title":"New case","category":"abdomen","phi_acknowledged":true,"status":"` + status + `"}`)
	}

	// a new case and its case.create audit_log row (hooks/audit_log.go)
	caseCreated := events("OnRecordCreateRequest", saves{Created: 2}, 1)
	// a moderator's removal (hooks/cases_moderation.go): the case and its open report
	// (resolved) are updated; three audit_log rows (case.update, case.removed,
	// report.resolved); the author is emailed
	caseRemoved := with(events("OnRecordUpdateRequest", saves{Updated: 2, Created: 3}, 1), "OnMailerSend")

	scenarios := []tests.ApiScenario{
		// list: everyone sees published cases, the author also sees drafts
		{Name: "list as guest", Method: http.MethodGet, URL: url, ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":1`, tv.PublishedCaseID}, NotExpectedContent: []string{tv.DraftCaseID}, ExpectedEvents: listed(1)},
		{Name: "list as author", Method: http.MethodGet, URL: url, Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":2`, tv.PublishedCaseID, tv.DraftCaseID}, ExpectedEvents: listed(2)},
		{Name: "list as other user", Method: http.MethodGet, URL: url, Headers: fx.Auth(tv.OtherID), ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":2`, tv.PublishedCaseID, tv.OtherDraftCaseID}, NotExpectedContent: []string{tv.DraftCaseID}, ExpectedEvents: listed(2)},
		{Name: "list as unverified user", Method: http.MethodGet, URL: url, Headers: fx.Auth(tv.UnverifiedID), ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":1`}, NotExpectedContent: []string{tv.DraftCaseID}, ExpectedEvents: listed(1)},
		{Name: "list as researcher", Method: http.MethodGet, URL: url, Headers: fx.Auth(tv.ResearcherID), ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":1`}, NotExpectedContent: []string{tv.DraftCaseID}, ExpectedEvents: listed(1)},
		{Name: "list as superuser", Method: http.MethodGet, URL: url, Headers: fx.Auth("superuser"), ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":3`}, ExpectedEvents: listed(3)},

		// view
		{Name: "view published as guest", Method: http.MethodGet, URL: url + "/" + tv.PublishedCaseID, ExpectedStatus: 200,
			ExpectedContent: []string{`"title":"Published case"`}, ExpectedEvents: viewed()},
		{Name: "view draft as guest", Method: http.MethodGet, URL: url + "/" + tv.DraftCaseID, ExpectedStatus: 404,
			NotExpectedContent: []string{"Draft case"}},
		{Name: "view draft as author", Method: http.MethodGet, URL: url + "/" + tv.DraftCaseID, Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 200,
			ExpectedContent: []string{`"title":"Draft case"`}, ExpectedEvents: viewed()},
		{Name: "view draft as other user", Method: http.MethodGet, URL: url + "/" + tv.DraftCaseID, Headers: fx.Auth(tv.OtherID), ExpectedStatus: 404,
			NotExpectedContent: []string{"Draft case"}},
		{Name: "view draft as unverified user", Method: http.MethodGet, URL: url + "/" + tv.DraftCaseID, Headers: fx.Auth(tv.UnverifiedID), ExpectedStatus: 404,
			NotExpectedContent: []string{"Draft case"}},
		{Name: "view draft as researcher", Method: http.MethodGet, URL: url + "/" + tv.DraftCaseID, Headers: fx.Auth(tv.ResearcherID), ExpectedStatus: 404,
			NotExpectedContent: []string{"Draft case"}},
		{Name: "view draft as superuser", Method: http.MethodGet, URL: url + "/" + tv.DraftCaseID, Headers: fx.Auth("superuser"), ExpectedStatus: 200,
			ExpectedContent: []string{`"title":"Draft case"`}, ExpectedEvents: viewed()},

		// create: verified users only, always as themselves, never "removed"
		{Name: "create as guest", Method: http.MethodPost, URL: url, Body: newCase(tv.AuthorID, "draft"), ExpectedStatus: 401,
			ExpectedContent: []string{hooks.AuthFirstGuestMessage}},
		{Name: "create as author", Method: http.MethodPost, URL: url, Body: newCase(tv.AuthorID, "draft"), Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 200,
			ExpectedContent: []string{`"title":"New case"`, `"author":"` + tv.AuthorID + `"`}, ExpectedEvents: caseCreated},
		{Name: "create for someone else", Method: http.MethodPost, URL: url, Body: newCase(tv.OtherID, "draft"), Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 400,
			ExpectedContent: []string{`"data":{}`}},
		{Name: "create as removed", Method: http.MethodPost, URL: url, Body: newCase(tv.AuthorID, "removed"), Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 400,
			ExpectedContent: []string{`"data":{}`}},
		{Name: "create as other user", Method: http.MethodPost, URL: url, Body: newCase(tv.OtherID, "published"), Headers: fx.Auth(tv.OtherID), ExpectedStatus: 200,
			ExpectedContent: []string{`"author":"` + tv.OtherID + `"`}, ExpectedEvents: caseCreated},
		{Name: "create as unverified user is told to verify", Method: http.MethodPost, URL: url, Body: newCase(tv.UnverifiedID, "draft"), Headers: fx.Auth(tv.UnverifiedID), ExpectedStatus: 403,
			ExpectedContent: []string{hooks.UnverifiedCreateMessage}},
		{Name: "create as researcher", Method: http.MethodPost, URL: url, Body: newCase(tv.ResearcherID, "draft"), Headers: fx.Auth(tv.ResearcherID), ExpectedStatus: 200,
			ExpectedContent: []string{`"author":"` + tv.ResearcherID + `"`}, ExpectedEvents: caseCreated},
		{Name: "create as superuser", Method: http.MethodPost, URL: url, Body: newCase(tv.OtherID, "removed"), Headers: fx.Auth("superuser"), ExpectedStatus: 200,
			ExpectedContent: []string{`"status":"removed"`}, ExpectedEvents: caseCreated},

		// update: the author only, and not into or out of "removed"
		{Name: "update as guest", Method: http.MethodPatch, URL: url + "/" + tv.PublishedCaseID, Body: strings.NewReader(`{"title":"Changed"}`), ExpectedStatus: 401,
			NotExpectedContent: []string{"Changed"}},
		{Name: "update as author", Method: http.MethodPatch, URL: url + "/" + tv.PublishedCaseID, Body: strings.NewReader(`{"title":"Changed"}`), Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 200,
			ExpectedContent: []string{`"title":"Changed"`}, ExpectedEvents: events("OnRecordUpdateRequest", saves{Updated: 1, Created: 1}, 1)},
		{Name: "update as other user", Method: http.MethodPatch, URL: url + "/" + tv.PublishedCaseID, Body: strings.NewReader(`{"title":"Changed"}`), Headers: fx.Auth(tv.OtherID), ExpectedStatus: 404,
			NotExpectedContent: []string{"Changed"}},
		{Name: "update as unverified user", Method: http.MethodPatch, URL: url + "/" + tv.PublishedCaseID, Body: strings.NewReader(`{"title":"Changed"}`), Headers: fx.Auth(tv.UnverifiedID), ExpectedStatus: 403,
			NotExpectedContent: []string{"Changed"}},
		{Name: "update as researcher", Method: http.MethodPatch, URL: url + "/" + tv.PublishedCaseID, Body: strings.NewReader(`{"title":"Changed"}`), Headers: fx.Auth(tv.ResearcherID), ExpectedStatus: 404,
			NotExpectedContent: []string{"Changed"}},
		// a moderator removes with a reason (hooks/cases_moderation.go)
		{Name: "update as superuser", Method: http.MethodPatch, URL: url + "/" + tv.PublishedCaseID, Body: strings.NewReader(`{"status":"removed","moderation_reason":"Copyright"}`), Headers: fx.Auth("superuser"), ExpectedStatus: 200,
			ExpectedContent: []string{`"status":"removed"`}, ExpectedEvents: caseRemoved},
		{Name: "update own case to removed", Method: http.MethodPatch, URL: url + "/" + tv.PublishedCaseID, Body: strings.NewReader(`{"status":"removed"}`), Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 404,
			NotExpectedContent: []string{"removed"}},
		{Name: "give own case away", Method: http.MethodPatch, URL: url + "/" + tv.PublishedCaseID, Body: strings.NewReader(`{"author":"` + tv.OtherID + `"}`), Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 404,
			NotExpectedContent: []string{tv.OtherID}},

		// delete: the author only
		{Name: "delete as guest", Method: http.MethodDelete, URL: url + "/" + tv.DraftCaseID, ExpectedStatus: 404, NotExpectedContent: []string{tv.DraftCaseID}},
		{Name: "delete as other user", Method: http.MethodDelete, URL: url + "/" + tv.DraftCaseID, Headers: fx.Auth(tv.OtherID), ExpectedStatus: 404, NotExpectedContent: []string{tv.DraftCaseID}},
		{Name: "delete as unverified user", Method: http.MethodDelete, URL: url + "/" + tv.DraftCaseID, Headers: fx.Auth(tv.UnverifiedID), ExpectedStatus: 404, NotExpectedContent: []string{tv.DraftCaseID}},
		{Name: "delete as researcher", Method: http.MethodDelete, URL: url + "/" + tv.DraftCaseID, Headers: fx.Auth(tv.ResearcherID), ExpectedStatus: 404, NotExpectedContent: []string{tv.DraftCaseID}},
		{Name: "delete as author", Method: http.MethodDelete, URL: url + "/" + tv.DraftCaseID, Headers: fx.Auth(tv.AuthorID), ExpectedStatus: 204, ExpectedEvents: events("OnRecordDeleteRequest", saves{Deleted: 3, Created: 1}, 0)},
		{Name: "delete as superuser", Method: http.MethodDelete, URL: url + "/" + tv.PublishedCaseID, Headers: fx.Auth("superuser"), ExpectedStatus: 204, ExpectedEvents: events("OnRecordDeleteRequest", saves{Deleted: 4, Created: 1}, 0)},
	}
	for _, s := range scenarios {
		// every refusal here comes from a rule or the auth-first hook: no hook fires
		if s.ExpectedEvents == nil && s.ExpectedStatus >= 400 {
			s.ExpectedEvents = refused
		}
		if s.ExpectedEvents == nil {
			t.Fatalf("%s: an accepted request must state what it writes (ExpectedEvents)", s.Name)
		}
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
