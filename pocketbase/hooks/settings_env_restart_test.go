package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

// allEnv sets every CASSETTE_* variable to a value the fixture's stored
// settings do not hold.
var allEnv = map[string]string{
	"CASSETTE_APP_URL": "https://env.cassette.example", "CASSETTE_APP_NAME": "Cassette Env",
	"CASSETTE_SENDER_ADDRESS": "env@cassette.example", "CASSETTE_SENDER_NAME": "Env Sender",
	"CASSETTE_SMTP_HOST": "smtp.env.example", "CASSETTE_SMTP_PORT": "2525", "CASSETTE_SMTP_USERNAME": "env-user",
	"CASSETTE_SMTP_PASSWORD": "env-smtp-password", "CASSETTE_SMTP_TLS": "true",
	"CASSETTE_S3_BUCKET": "env-bucket", "CASSETTE_S3_REGION": "env-region", "CASSETTE_S3_ENDPOINT": "https://s3.env.example",
	"CASSETTE_S3_ACCESS_KEY": "env-access-key", "CASSETTE_S3_SECRET": "env-s3-secret", "CASSETTE_S3_FORCE_PATH_STYLE": "on",
	"CASSETTE_RATE_LIMITS": "off",
}

// serveOnce starts an app on dir the way the binary does (hooks bound
// before bootstrap, then the serve event), checks it, and shuts it down, so
// that calls in sequence on one dir are restarts.
func serveOnce(t *testing.T, dir string, check func(app core.App)) {
	t.Helper()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir, EncryptionEnv: "pb_test_env"})
	hooks.Register(app)
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app.ResetBootstrapState()
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	se := &core.ServeEvent{Router: router}
	se.App = app
	if err := app.OnServe().Trigger(se, func(*core.ServeEvent) error { return nil }); err != nil {
		t.Fatal(err)
	}
	check(app)
}

// storedSettings reads the settings row as the next start will load it.
func storedSettings(t testing.TB, app core.App) *core.Settings {
	t.Helper()
	var raw string
	if err := app.DB().NewQuery("SELECT value FROM _params WHERE id = 'settings'").Row(&raw); err != nil {
		t.Fatal(err)
	}
	s := new(core.Settings)
	if err := json.Unmarshal([]byte(raw), s); err != nil {
		t.Fatal(err)
	}
	return s
}

func settingsJSON(t testing.TB, s *core.Settings) string {
	t.Helper()
	// Merge-based Clone keeps the secrets that MarshalJSON would blank.
	b, err := json.Marshal(struct {
		Meta, SMTP, S3, RateLimits any
		SMTPPassword, S3Secret     string
	}{s.Meta, s.SMTP, s.S3, s.RateLimits, s.SMTP.Password, s.S3.Secret})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// freshDir is a private copy of the migrated fixture data dir.
func freshDir(t *testing.T) string {
	t.Helper()
	clone, err := tests.NewTestApp(tv.Load(t).Dir)
	if err != nil {
		t.Fatal(err)
	}
	clone.ResetBootstrapState()
	t.Cleanup(clone.Cleanup)
	return clone.DataDir()
}

func TestEnvSettingsApplyToThisRunOnly(t *testing.T) {
	dir := freshDir(t)
	var before string
	serveOnce(t, dir, func(app core.App) {
		if !app.Settings().RateLimits.Enabled {
			t.Fatal("fixture: the rate limiter should start on")
		}
		before = settingsJSON(t, storedSettings(t, app))
	})

	t.Run("a start with every variable runs with them and stores none", func(t *testing.T) {
		for k, v := range allEnv {
			t.Setenv(k, v)
		}
		serveOnce(t, dir, func(app core.App) {
			s := app.Settings()
			if s.RateLimits.Enabled || !s.SMTP.Enabled || s.SMTP.Host != "smtp.env.example" || s.SMTP.Password != "env-smtp-password" ||
				!s.S3.Enabled || s.S3.Secret != "env-s3-secret" || s.Meta.AppURL != "https://env.cassette.example" {
				t.Errorf("running settings miss the environment: %s", settingsJSON(t, s))
			}
			if got := settingsJSON(t, storedSettings(t, app)); got != before {
				t.Errorf("stored settings changed:\n got %s\nwant %s", got, before)
			}
		})
	})

	t.Run("the next start without them is back to the stored values", func(t *testing.T) {
		serveOnce(t, dir, func(app core.App) {
			s := app.Settings()
			if !s.RateLimits.Enabled {
				t.Error("rate limiter stayed off after a start without CASSETTE_RATE_LIMITS")
			}
			if s.SMTP.Enabled || s.SMTP.Host == "smtp.env.example" || s.SMTP.Password != "" || s.S3.Enabled {
				t.Errorf("SMTP/S3 from the previous start persisted: %s", settingsJSON(t, s))
			}
		})
	})
}

func TestEnvSettingsSurviveADashboardSave(t *testing.T) {
	fx := tv.Load(t)
	for k, v := range allEnv {
		t.Setenv(k, v)
	}
	var before, beforeSender string
	// What the dashboard's form sends back: everything it was shown (the
	// environment's values, secrets blank) with one change of its own, to a
	// field the environment controls: stored for later starts, not in force.
	body := `{"meta": {"appName": "Cassette Env", "appURL": "https://env.cassette.example",
		"senderName": "Moderation desk", "senderAddress": "env@cassette.example"},
		"smtp": {"enabled": true, "host": "smtp.env.example", "port": 2525, "username": "env-user", "tls": true},
		"s3": {"enabled": true, "bucket": "env-bucket", "region": "env-region", "endpoint": "https://s3.env.example",
			"accessKey": "env-access-key", "forcePathStyle": true},
		"rateLimits": {"enabled": false}}`
	(&tests.ApiScenario{
		Name: "PATCH /api/settings while CASSETTE_* are set", Method: http.MethodPatch, URL: "/api/settings",
		Body: strings.NewReader(body), Headers: fx.Auth("superuser"), TestAppFactory: fx.NewApp,
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			stored := storedSettings(t, app)
			before, beforeSender = settingsJSON(t, stored), stored.Meta.SenderName
		},
		ExpectedStatus:     200,
		ExpectedContent:    []string{`"senderName":"Env Sender"`, `"host":"smtp.env.example"`},
		NotExpectedContent: []string{"env-smtp-password", "env-s3-secret"},
		ExpectedEvents: map[string]int{
			"OnSettingsUpdateRequest": 1, "OnSettingsReload": 1,
			"OnModelUpdate": 1, "OnModelUpdateExecute": 1, "OnModelAfterUpdateSuccess": 1, "OnModelValidate": 1,
		},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			stored := storedSettings(t, app)
			if stored.Meta.SenderName != "Moderation desk" {
				t.Errorf("the admin's own change was not stored: sender name %q", stored.Meta.SenderName)
			}
			stored.Meta.SenderName = beforeSender
			if got := settingsJSON(t, stored); got != before {
				t.Errorf("the environment's values were stored:\n got %s\nwant %s", got, before)
			}
			s := app.Settings()
			if s.RateLimits.Enabled || s.Meta.SenderName != "Env Sender" || s.SMTP.Host != "smtp.env.example" || s.SMTP.Password != "env-smtp-password" || s.S3.Secret != "env-s3-secret" {
				t.Errorf("the save dropped the environment from the running settings: %s", settingsJSON(t, s))
			}
		},
	}).Test(t)
}

func TestEnvSettingsSecretsStayMasked(t *testing.T) {
	fx := tv.Load(t)
	t.Setenv("CASSETTE_SMTP_HOST", "smtp.env.example")
	t.Setenv("CASSETTE_SMTP_PASSWORD", "env-smtp-password")
	t.Setenv("CASSETTE_S3_BUCKET", "env-bucket")
	t.Setenv("CASSETTE_S3_SECRET", "env-s3-secret")
	(&tests.ApiScenario{
		Name: "GET /api/settings", Method: http.MethodGet, URL: "/api/settings",
		Headers: fx.Auth("superuser"), TestAppFactory: fx.NewApp,
		ExpectedStatus:     200,
		ExpectedContent:    []string{`"host":"smtp.env.example"`, `"bucket":"env-bucket"`},
		NotExpectedContent: []string{"env-smtp-password", "env-s3-secret"},
		ExpectedEvents:     map[string]int{"OnSettingsListRequest": 1},
	}).Test(t)
}
