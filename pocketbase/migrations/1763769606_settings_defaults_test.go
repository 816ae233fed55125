package migrations_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	tv "cassette/pocketbase/internal/testenv"
)

func TestSettingsDefaults(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()
	s := app.Settings()
	if s.Meta.AppName != "Cassette" {
		t.Errorf("app name = %q, want Cassette", s.Meta.AppName)
	}
	if !s.RateLimits.Enabled {
		t.Error("the rate limiter is off after install")
	}
	for _, label := range []string{"*:auth", "*:create", "*:file", "/api/"} {
		if _, ok := s.RateLimits.FindRateLimitRule([]string{label}); !ok {
			t.Errorf("no rate limit rule for %s", label)
		}
	}
	// the labels PocketBase builds for a file download and a sign-up
	for labels, want := range map[string]string{
		"images:file,*:file,GET /api/files/images/x/a.jpg,/api/files/images/x/a.jpg":               "*:file",
		"users:create,*:create,POST /api/collections/users/records,/api/collections/users/records": "users:create",
		"cases:create,*:create,POST /api/collections/cases/records,/api/collections/cases/records": "*:create",
		"GET /api/health,/api/health": "/api/",
	} {
		rule, ok := s.RateLimits.FindRateLimitRule(strings.Split(labels, ","), core.RateLimitRuleAudienceAll)
		if !ok || rule.Label != want {
			t.Errorf("labels %s pick rule %q, want %q", labels, rule.Label, want)
		}
	}
}

// The rate limiter is on from the first start: the 31st sign-in attempt in
// a minute from one address is refused.
func TestRateLimitAnswers429(t *testing.T) {
	fx := tv.Load(t)
	t.Setenv("CASSETTE_RATE_LIMITS", "") // a developer's shell must not switch it off here
	signIn := func() *http.Request {
		req, _ := http.NewRequest(http.MethodPost, "/api/collections/users/auth-with-password",
			strings.NewReader(`{"identity":"author@cassette.test","password":"wrong password"}`))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = "198.51.100.7:5555"
		return req
	}
	(&tests.ApiScenario{
		Name: "sign-in flood", Method: http.MethodPost, URL: "/api/collections/users/auth-with-password",
		Body:           strings.NewReader(`{"identity":"author@cassette.test","password":"wrong password"}`),
		Headers:        map[string]string{},
		TestAppFactory: fx.NewApp,
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			mux, err := e.Router.BuildMux()
			if err != nil {
				t.Fatal(err)
			}
			// the scenario's own request comes from httptest's 192.0.2.1
			for i := range 30 {
				rec := httptest.NewRecorder()
				req := signIn()
				req.RemoteAddr = "192.0.2.1:1234"
				mux.ServeHTTP(rec, req)
				if rec.Code != http.StatusBadRequest {
					t.Fatalf("attempt %d: status %d, want 400 (wrong password) before the limit", i+1, rec.Code)
				}
			}
			// another address is not affected
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, signIn())
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("another address got %d, want 400", rec.Code)
			}
		},
		ExpectedStatus:  429,
		ExpectedContent: []string{`"status":429`},
	}).Test(t)
}
