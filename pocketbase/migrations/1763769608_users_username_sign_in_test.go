package migrations_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

func TestSignInByUsernameOrEmail(t *testing.T) {
	fx := tv.Load(t)
	scenarios := []tests.ApiScenario{
		{
			Name:            "username and password",
			Method:          http.MethodPost,
			URL:             "/api/collections/users/auth-with-password",
			Body:            strings.NewReader(`{"identity":"author","password":"` + tv.Password + `"}`),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"token":`, `"username":"author"`},
			ExpectedEvents:  map[string]int{"OnRecordAuthWithPasswordRequest": 1, "OnRecordAuthRequest": 1, "OnRecordEnrich": 1},
		},
		{
			Name:            "email and password",
			Method:          http.MethodPost,
			URL:             "/api/collections/users/auth-with-password",
			Body:            strings.NewReader(`{"identity":"author@cassette.test","password":"` + tv.Password + `"}`),
			ExpectedStatus:  http.StatusOK,
			ExpectedContent: []string{`"token":`},
			ExpectedEvents:  map[string]int{"OnRecordAuthWithPasswordRequest": 1, "OnRecordAuthRequest": 1, "OnRecordEnrich": 1},
		},
		{
			Name:            "username with a wrong password",
			Method:          http.MethodPost,
			URL:             "/api/collections/users/auth-with-password",
			Body:            strings.NewReader(`{"identity":"author","password":"not-the-password"}`),
			ExpectedStatus:  http.StatusBadRequest,
			ExpectedContent: []string{`"data":{}`},
			ExpectedEvents:  map[string]int{"OnRecordAuthWithPasswordRequest": 1},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = fx.NewApp
		s.Test(t)
	}
}
