package migrations_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

func TestSignInByUsernameOrEmail(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	// a sign-in: its request hooks, the account in the answer, and the _authOrigins
	// record PocketBase saves for a new device (apis/record_helpers.go, authAlert)
	signedIn := with(events("OnRecordAuthWithPasswordRequest", saves{Created: 1}, 1), "OnRecordAuthRequest")
	scenarios := []tests.ApiScenario{
		{
			Name:            "username and password",
			Method:          http.MethodPost,
			URL:             "/api/collections/users/auth-with-password",
			Body:            strings.NewReader(`{"identity":"author","password":"` + tv.Password + `"}`),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"token":`, `"username":"author"`},
			ExpectedEvents:  signedIn,
		},
		{
			Name:            "email and password",
			Method:          http.MethodPost,
			URL:             "/api/collections/users/auth-with-password",
			Body:            strings.NewReader(`{"identity":"author@cassette.test","password":"` + tv.Password + `"}`),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"token":`},
			ExpectedEvents:  signedIn,
		},
		{
			Name:            "username with a wrong password",
			Method:          http.MethodPost,
			URL:             "/api/collections/users/auth-with-password",
			Body:            strings.NewReader(`{"identity":"author","password":"not-the-password"}`),
			ExpectedStatus:  http.StatusBadRequest,
			ExpectedContent: []string{`"data":{}`},
			ExpectedEvents:  map[string]int{"*": 0, "OnRecordAuthWithPasswordRequest": 1},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
