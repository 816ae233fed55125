package hooks_test

import (
	"context"
	"strings"
	"testing"

	"cassette/pocketbase/hooks"
	tv "cassette/pocketbase/internal/testenv"
)

func envOf(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestEnvSettings(t *testing.T) {
	t.Parallel()
	fx := tv.Load(t)
	app := fx.NewApp(t)
	defer app.Cleanup()
	current := app.Settings()

	t.Run("nothing set changes nothing", func(t *testing.T) {
		got, applied, err := hooks.EnvSettings(current, envOf(nil))
		if err != nil || len(applied) != 0 {
			t.Fatalf("applied = %v, err = %v; want nothing", applied, err)
		}
		if got.Meta.AppName != "Cassette" || !got.RateLimits.Enabled {
			t.Errorf("defaults from the migration lost: name %q, rate limits %v", got.Meta.AppName, got.RateLimits.Enabled)
		}
	})

	t.Run("every variable lands in its setting", func(t *testing.T) {
		vars := map[string]string{
			"CASSETTE_APP_URL": "https://cassette.example", "CASSETTE_APP_NAME": "Cassette Test",
			"CASSETTE_SENDER_ADDRESS": "noreply@cassette.example", "CASSETTE_SENDER_NAME": "Cassette",
			"CASSETTE_SMTP_HOST": "smtp.example", "CASSETTE_SMTP_PORT": "2525", "CASSETTE_SMTP_USERNAME": "mailer",
			"CASSETTE_SMTP_PASSWORD": "secret", "CASSETTE_SMTP_TLS": "true",
			"CASSETTE_S3_BUCKET": "cases", "CASSETTE_S3_REGION": "eu-west-1", "CASSETTE_S3_ENDPOINT": "https://s3.example",
			"CASSETTE_S3_ACCESS_KEY": "key", "CASSETTE_S3_SECRET": "s3secret", "CASSETTE_S3_FORCE_PATH_STYLE": "on",
			"CASSETTE_RATE_LIMITS": "off",
		}
		got, applied, err := hooks.EnvSettings(current, envOf(vars))
		if err != nil || len(applied) != len(vars) {
			t.Fatalf("applied %d of %d variables (%v), err = %v", len(applied), len(vars), applied, err)
		}
		checks := map[string][2]any{
			"app url":         {got.Meta.AppURL, "https://cassette.example"},
			"app name":        {got.Meta.AppName, "Cassette Test"},
			"sender address":  {got.Meta.SenderAddress, "noreply@cassette.example"},
			"smtp enabled":    {got.SMTP.Enabled, true},
			"smtp host":       {got.SMTP.Host, "smtp.example"},
			"smtp port":       {got.SMTP.Port, 2525},
			"smtp username":   {got.SMTP.Username, "mailer"},
			"smtp password":   {got.SMTP.Password, "secret"},
			"smtp tls":        {got.SMTP.TLS, true},
			"s3 enabled":      {got.S3.Enabled, true},
			"s3 bucket":       {got.S3.Bucket, "cases"},
			"s3 region":       {got.S3.Region, "eu-west-1"},
			"s3 endpoint":     {got.S3.Endpoint, "https://s3.example"},
			"s3 access key":   {got.S3.AccessKey, "key"},
			"s3 secret":       {got.S3.Secret, "s3secret"},
			"s3 path style":   {got.S3.ForcePathStyle, true},
			"rate limits off": {got.RateLimits.Enabled, false},
		}
		for name, c := range checks {
			if c[0] != c[1] {
				t.Errorf("%s = %v, want %v", name, c[0], c[1])
			}
		}
		if err := got.PostValidate(context.Background(), app); err != nil {
			t.Errorf("resulting settings do not validate: %v", err)
		}
		if current.Meta.AppName != "Cassette" || current.SMTP.Enabled {
			t.Error("EnvSettings changed the settings it was given")
		}
	})

	t.Run("bad values are refused with their names", func(t *testing.T) {
		_, _, err := hooks.EnvSettings(current, envOf(map[string]string{"CASSETTE_SMTP_PORT": "smtp", "CASSETTE_RATE_LIMITS": "maybe"}))
		if err == nil || !strings.Contains(err.Error(), "CASSETTE_SMTP_PORT") || !strings.Contains(err.Error(), "CASSETTE_RATE_LIMITS") {
			t.Errorf("err = %v, want one naming both variables", err)
		}
	})
}
