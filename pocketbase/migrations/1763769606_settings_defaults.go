package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// RateLimitRules are the per-IP limits turned on at install. They are loose
// enough for one person clicking through the app (or a browser test suite
// signing up a dozen accounts) and tight enough to slow password guessing
// and sign-up spam. A case upload creates one record per image, hence the
// generous "*:create". Change them in the dashboard, or switch the limiter
// off with CASSETTE_RATE_LIMITS=off.
var RateLimitRules = []core.RateLimitRule{
	{Label: "*:auth", MaxRequests: 30, Duration: 60},
	{Label: "*:requestVerification", MaxRequests: 10, Duration: 60},
	{Label: "*:requestPasswordReset", MaxRequests: 10, Duration: 60},
	{Label: "*:requestEmailChange", MaxRequests: 10, Duration: 60},
	{Label: "users:create", MaxRequests: 30, Duration: 60},
	{Label: "*:create", MaxRequests: 600, Duration: 60},
	// the stack viewer prefetches every preview of a series at once
	{Label: "*:file", MaxRequests: 1000, Duration: 10},
	{Label: "/api/batch", MaxRequests: 3, Duration: 1},
	{Label: "/api/", MaxRequests: 300, Duration: 10},
}

func init() {
	m.Register(func(app core.App) error {
		settings := app.Settings()
		settings.Meta.AppName = "Cassette"
		settings.RateLimits.Enabled = true
		settings.RateLimits.Rules = slices.Clone(RateLimitRules)
		return app.Save(settings)
	}, func(app core.App) error {
		settings := app.Settings()
		settings.RateLimits.Enabled = false
		return app.Save(settings)
	})
}
