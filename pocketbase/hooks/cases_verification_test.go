package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

func TestCasesVerification(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	newCase := func(author string) *strings.Reader {
		return strings.NewReader(`{"author":"` + author + `","title":"Mine","category":"other","status":"draft"}`)
	}
	for _, s := range []tests.ApiScenario{
		{Name: "an unverified user is told to verify before creating a case", Method: http.MethodPost,
			URL: "/api/collections/cases/records", Headers: fx.Auth(tv.UnverifiedID), Body: newCase(tv.UnverifiedID),
			ExpectedStatus: 403, ExpectedContent: []string{hooks.UnverifiedCreateMessage},
			// refused before the body is read (uploads_auth_first.go): no record hook ran
			ExpectedEvents: noEvents},
		{Name: "the collection id works like its name", Method: http.MethodPost,
			URL: "/api/collections/pbc_3613244768/records", Headers: fx.Auth(tv.UnverifiedID), Body: newCase(tv.UnverifiedID),
			ExpectedStatus: 403, ExpectedContent: []string{hooks.UnverifiedCreateMessage}, ExpectedEvents: noEvents},
		{Name: "a verified user creates a case", Method: http.MethodPost,
			URL: "/api/collections/cases/records", Headers: fx.Auth(tv.AuthorID), Body: newCase(tv.AuthorID),
			ExpectedStatus: 200, ExpectedContent: []string{`"title":"Mine"`},
			// the case, and its audit_log row
			ExpectedEvents: events("OnRecordCreateRequest", saves{Created: 2}, 1)},
		{Name: "an unverified user may still edit their profile", Method: http.MethodPatch,
			URL: "/api/collections/users/records/" + tv.UnverifiedID, Headers: fx.Auth(tv.UnverifiedID),
			Body: strings.NewReader(`{"name":"Still here"}`), ExpectedStatus: 200, ExpectedContent: []string{`"name":"Still here"`},
			ExpectedEvents: events("OnRecordUpdateRequest", saves{Updated: 1}, 1)},
		{Name: "a guest is asked to sign in, not to verify", Method: http.MethodPost,
			URL: "/api/collections/cases/records", Body: newCase(tv.AuthorID),
			ExpectedStatus: 401, ExpectedContent: []string{hooks.AuthFirstGuestMessage}, NotExpectedContent: []string{hooks.UnverifiedCreateMessage},
			ExpectedEvents: noEvents},
	} {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
