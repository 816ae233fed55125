package migrations_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

func TestSeriesRules(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	const url = "/api/collections/series/records"
	var (
		listTotal = expect{1, 2, 1, 1, 1, 2}
		viewDraft = expect{404, 200, 404, 404, 404, 200}
		create    = expect{401, 200, 400, 403, 400, 200} // guest, unverified: refused unread (hooks/uploads_auth_first.go)
		update    = expect{401, 200, 404, 403, 404, 200}
		remove    = expect{404, 204, 404, 404, 404, 204}
	)
	for i, r := range roles {
		scenarios := []tests.ApiScenario{
			{Name: "list as " + r.name, Method: http.MethodGet, URL: url, Headers: headers(fx, r, nil), ExpectedStatus: 200,
				ExpectedContent: []string{fmt.Sprintf(`"totalItems":%d`, listTotal[i]), tv.PublishedSeriesID}, ExpectedEvents: listed(listTotal[i])},
			{Name: "view draft as " + r.name, Method: http.MethodGet, URL: url + "/" + tv.DraftSeriesID, Headers: headers(fx, r, nil),
				ExpectedStatus: viewDraft[i], ExpectedContent: bodyFor(viewDraft[i], []string{`"description":"Draft series"`}),
				ExpectedEvents: eventsFor(viewDraft[i], viewed())},
			{Name: "create in the author's case as " + r.name, Method: http.MethodPost, URL: url, Headers: headers(fx, r, nil),
				Body:           strings.NewReader(`{"case":"` + tv.PublishedCaseID + `","plane":"sagittal"}`),
				ExpectedStatus: create[i], ExpectedContent: bodyFor(create[i], []string{`"plane":"sagittal"`}),
				ExpectedEvents: eventsFor(create[i], events("OnRecordCreateRequest", saves{Created: 1}, 1))},
			{Name: "update as " + r.name, Method: http.MethodPatch, URL: url + "/" + tv.PublishedSeriesID, Headers: headers(fx, r, nil),
				Body:           strings.NewReader(`{"description":"Changed"}`),
				ExpectedStatus: update[i], ExpectedContent: bodyFor(update[i], []string{`"description":"Changed"`}),
				ExpectedEvents: eventsFor(update[i], events("OnRecordUpdateRequest", saves{Updated: 1}, 1))},
			{Name: "delete as " + r.name, Method: http.MethodDelete, URL: url + "/" + tv.DraftSeriesID, Headers: headers(fx, r, nil),
				ExpectedStatus: remove[i], ExpectedContent: bodyFor(remove[i], nil),
				// the series and, by cascade, its image
				ExpectedEvents: eventsFor(remove[i], events("OnRecordDeleteRequest", saves{Deleted: 2}, 0))},
		}
		for _, s := range scenarios {
			s.TestAppFactory = fx.NewApp
			s.Test(t)
		}
	}

	(&tests.ApiScenario{
		Name: "author cannot move a series into someone else's case", Method: http.MethodPatch,
		URL: url + "/" + tv.PublishedSeriesID, Headers: fx.Auth(tv.AuthorID), TestAppFactory: fx.NewApp,
		Body:           strings.NewReader(`{"case":"` + tv.OtherDraftCaseID + `"}`),
		ExpectedStatus: 404, ExpectedContent: errorBody(404), ExpectedEvents: refused,
	}).Test(t)
}
